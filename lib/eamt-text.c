/*
 * Copyright (c) 2026 The ipxlat-ovs authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* RFC 7757 Explicit Address Mapping entries written as text: the public
 * ipxlat_eamt_add(), ipxlat_eamt_add_text() and ipxlat_eamt_remove(), and
 * the entry parser that the config grammar's eam(...) shares. */

#include "ipxlat-eamt.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-prefix.h"
#include "ipxlat-util.h"

char *
ipxl_eamt_parse_entry(const char *v4, const char *v6,
                      struct ipxlat_prefix4 *p4, struct ipxlat_prefix6 *p6,
                      int quote_max)
{
    char *error;

    error = ipxl_prefix4_parse(v4, true, p4);
    if (!error) {
        error = ipxl_prefix6_parse(v6, true, p6);
    }
    if (error) {
        char *msg = ipxl_xasprintf("eam(%.*s,%.*s): %s", quote_max, v4,
                                   quote_max, v6, error);

        free(error);
        return msg;
    }
    return NULL;
}

/* Adds the entry 'v4' <-> 'v6', each "ADDRESS[/LEN]".  Returns NULL or a
 * malloc'd message "eam(V4,V6): why". */
char *
ipxlat_eamt_add(struct ipxlat_eamt *t, const char *v4, const char *v6)
{
    struct ipxlat_prefix4 p4;
    struct ipxlat_prefix6 p6;
    char *error;

    error = ipxl_eamt_parse_entry(v4, v6, &p4, &p6, INT_MAX);
    return error ? error : ipxl_eamt_add_prefixes(t, &p4, &p6, v4, v6);
}

/* Skips the white space at '*p', then returns the token that follows it
 * (up to white space, a comma or the end), stores its length in '*len'
 * and moves '*p' past it and the white space after it. */
static const char *
eamt_token(const char **p, size_t *len)
{
    const char *q = *p;
    const char *start;

    while (ipxl_isspace(*q)) {
        q++;
    }
    start = q;
    while (*q && *q != ',' && !ipxl_isspace(*q)) {
        q++;
    }
    *len = q - start;
    while (ipxl_isspace(*q)) {
        q++;
    }
    *p = q;
    return start;
}

/* Returns a malloc'd copy of the 'len' bytes at 's'. */
static char *
eamt_strndup(const char *s, size_t len)
{
    char *copy = ipxl_xmalloc(len + 1);

    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

/* Splits 'entry', "IPV4[/LEN],IPV6[/LEN]" or the two separated by
 * whitespace (blanks around the comma and at either end are allowed),
 * into malloc'd '*v4' and '*v6'.  Returns NULL or a malloc'd message. */
static char *
eamt_split(const char *entry, char **v4, char **v6)
{
    const char *p = entry;
    const char *a, *b;
    size_t a_len, b_len;

    a = eamt_token(&p, &a_len);
    if (*p == ',') {
        p++;
    }
    b = eamt_token(&p, &b_len);
    if (!a_len || !b_len || *p) {
        return ipxl_xasprintf("eam(%s): expected IPV4[/LEN],IPV6[/LEN]",
                              entry);
    }
    *v4 = eamt_strndup(a, a_len);
    *v6 = eamt_strndup(b, b_len);
    return NULL;
}

char *
ipxl_eamt_parse_text(const char *entry, struct ipxlat_prefix4 *p4,
                     struct ipxlat_prefix6 *p6)
{
    char *v4, *v6, *error;

    error = eamt_split(entry, &v4, &v6);
    if (!error) {
        error = ipxl_eamt_parse_entry(v4, v6, p4, p6, INT_MAX);
        free(v4);
        free(v6);
    }
    return error;
}

/* Parses the 'n' entries of 'entries' into a malloc'd array.  Returns NULL
 * or a malloc'd message about the first bad one. */
static char *
eamt_parse_texts(const char *const *entries, size_t n,
                 struct ipxl_eamt_pair **pairsp)
{
    struct ipxl_eamt_pair *pairs = ipxl_xmalloc((n ? n : 1) * sizeof *pairs);

    for (size_t i = 0; i < n; i++) {
        char *error = ipxl_eamt_parse_text(entries[i], &pairs[i].p4,
                                           &pairs[i].p6);

        if (error) {
            free(pairs);
            return error;
        }
    }
    *pairsp = pairs;
    return NULL;
}

/* Adds the 'n' entries of 'entries', each written as for
 * ipxlat_eamt_add_text(), all or none.  Returns NULL or a malloc'd message
 * about the first that could not be added. */
char *
ipxlat_eamt_add_many(struct ipxlat_eamt *t, const char *const *entries,
                     size_t n)
{
    struct ipxl_eamt_pair *pairs;
    char *error = eamt_parse_texts(entries, n, &pairs);

    if (!error) {
        error = ipxl_eamt_add_all(t, pairs, n, NULL);
        free(pairs);
    }
    return error;
}

/* Removes the 'n' entries of 'entries', each written as for
 * ipxlat_eamt_add_text(), all or none: each must be in the table exactly.
 * Returns NULL or a malloc'd message about the first that is not. */
char *
ipxlat_eamt_remove_many(struct ipxlat_eamt *t, const char *const *entries,
                        size_t n)
{
    struct ipxl_eamt_pair *pairs;
    char *error = eamt_parse_texts(entries, n, &pairs);
    size_t failed;

    if (!error) {
        error = ipxl_eamt_remove_all(t, pairs, n, &failed);
        if (error) {
            free(error);
            error = ipxl_xasprintf("%s: no such entry", entries[failed]);
        }
        free(pairs);
    }
    return error;
}

/* Adds the entry written as "IPV4[/LEN],IPV6[/LEN]" (or with whitespace
 * instead of the comma).  Returns NULL or a malloc'd message. */
char *
ipxlat_eamt_add_text(struct ipxlat_eamt *t, const char *entry)
{
    char *v4, *v6, *error;

    error = eamt_split(entry, &v4, &v6);
    if (!error) {
        error = ipxlat_eamt_add(t, v4, v6);
        free(v4);
        free(v6);
    }
    return error;
}

/* Removes the entry written as for ipxlat_eamt_add_text(), if the table
 * holds exactly that mapping.  Returns true if it removed an entry. */
bool
ipxlat_eamt_remove(struct ipxlat_eamt *t, const char *entry)
{
    struct ipxlat_prefix4 p4;
    struct ipxlat_prefix6 p6;
    char *error = ipxl_eamt_parse_text(entry, &p4, &p6);

    if (error) {
        free(error);
        return false;
    }
    return ipxl_eamt_remove_prefixes(t, &p4, &p6);
}

/* Table names. */

bool
ipxlat_table_name_valid(const char *name)
{
    static const char name_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "abcdefghijklmnopqrstuvwxyz"
                                     "0123456789_.-";
    size_t len = strlen(name);

    return (len && len <= IPXLAT_TABLE_NAME_MAX && name[0] != '.'
            && strspn(name, name_chars) == len);
}

const char *
ipxlat_table_name_rule(void)
{
    return "a table name is 1 to 64 of the characters A-Z a-z 0-9 _ . - "
           "and does not start with '.'";
}
