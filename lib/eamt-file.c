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

/* RFC 7757 Explicit Address Mapping table files: ipxlat_eamt_load() and
 * ipxlat_eamt_save().  One entry a line, as ipxlat_eamt_add_text() reads
 * it; '#' starts a comment. */

#include "ipxlat-eamt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-prefix.h"
#include "ipxlat-util.h"

/* Adds the entries listed in 'file_name', one per line as for
 * ipxlat_eamt_add_text(); '#' starts a comment and blank lines are
 * skipped.  Returns NULL or a malloc'd message ("FILE:LINE: why" or
 * "FILE: why"); on error the table is left as it was. */
char *
ipxlat_eamt_load(struct ipxlat_eamt *t, const char *file_name)
{
    size_t mark = ipxl_eamt_mark(t);
    unsigned long int line_number = 0;
    char *line = NULL, *error = NULL;
    size_t line_size = 0;
    FILE *stream;

    stream = fopen(file_name, "r");
    if (!stream) {
        return ipxl_xasprintf("%s: %s", file_name, ipxl_strerror(errno));
    }
    while (getline(&line, &line_size, stream) != -1) {
        char *comment = strchr(line, '#');
        char *p = line;
        char *entry_error;

        line_number++;
        if (comment) {
            *comment = '\0';
        }
        while (ipxl_isspace(*p)) {
            p++;
        }
        if (*p) {
            char *end = p + strlen(p);

            while (ipxl_isspace(*(end - 1))) {
                end--;
                *end = '\0';
            }
        } else {
            continue;
        }
        entry_error = ipxlat_eamt_add_text(t, p);
        if (entry_error) {
            error = ipxl_xasprintf("%s:%lu: %s", file_name, line_number,
                                   entry_error);
            free(entry_error);
            break;
        }
    }
    if (!error && ferror(stream)) {
        error = ipxl_xasprintf("%s: read error", file_name);
    }
    free(line);
    fclose(stream);

    if (error) {
        ipxl_eamt_truncate(t, mark);
    }
    return error;
}

/* Writes one entry as a line of the file format ipxlat_eamt_load()
 * reads. */
static void
save_entry(void *file_, const struct ipxlat_prefix4 *p4,
           const struct ipxlat_prefix6 *p6)
{
    char s4[PREFIX4_STRLEN], s6[PREFIX6_STRLEN];

    ipxl_prefix4_format(p4, s4, sizeof s4);
    ipxl_prefix6_format(p6, s6, sizeof s6);
    fprintf(file_, "%s %s\n", s4, s6);
}

/* Writes every entry of 't' to 'file', one per line in insertion order, in
 * the format ipxlat_eamt_load() reads.  Returns 0 or a positive errno
 * value. */
int
ipxlat_eamt_save(const struct ipxlat_eamt *t, FILE *file)
{
    ipxl_eamt_foreach(t, save_entry, file);
    return ferror(file) ? EIO : 0;
}
