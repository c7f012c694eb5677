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

/* libFuzzer target for the config grammar.
 *
 * The input, cut at its first NUL byte, is parsed with
 * ipxlat_config_parse().  A rejected string must come with an error
 * message.  An accepted one is formatted; the formatted text must parse
 * again and format to exactly the same text (the canonical form is a
 * fixed point), and name the same table. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "ipxlat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True if the table names of 'a' and 'b' are equal (or both absent). */
static bool
same_table(const struct ipxlat_config *a, const struct ipxlat_config *b)
{
    const char *ta = ipxlat_config_table_name(a);
    const char *tb = ipxlat_config_table_name(b);

    return ta && tb ? !strcmp(ta, tb) : ta == tb;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ipxlat_config *cfg = NULL, *cfg2 = NULL, *cfg3 = NULL;
    char *s, *error, *text, *text2;

    /* An exact-size copy, so ASan catches reads past the terminator. */
    s = malloc(size + 1);
    CHECK(s != NULL);
    memcpy(s, data, size);
    s[size] = '\0';

    error = ipxlat_config_parse(s, &cfg);
    if (error) {
        CHECK(error[0] != '\0');
        free(error);
        free(s);
        return 0;
    }
    CHECK(cfg != NULL);

    text = ipxlat_config_format(cfg);
    CHECK(text != NULL);
    error = ipxlat_config_parse(text, &cfg2);
    if (error) {
        fprintf(stderr, "input '%s'\nformatted '%s'\nreparse: %s\n",
                s, text, error);
        abort();
    }
    text2 = ipxlat_config_format(cfg2);
    CHECK(text2 != NULL);
    if (strcmp(text, text2)) {
        fprintf(stderr, "input '%s'\nformatted '%s'\nreformatted '%s'\n",
                s, text, text2);
        abort();
    }
    CHECK(same_table(cfg, cfg2));

    /* Parsing the canonical text a second time gives the same again. */
    error = ipxlat_config_parse(text2, &cfg3);
    CHECK(error == NULL);
    CHECK(same_table(cfg2, cfg3));

    ipxlat_config_free(cfg3);
    ipxlat_config_free(cfg2);
    ipxlat_config_free(cfg);
    free(text2);
    free(text);
    free(s);
    return 0;
}
