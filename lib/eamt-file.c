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
 * it; '#' starts a comment.
 *
 * A file name may come from anyone who can run a host's commands, and
 * the file from anywhere, so the reader trusts nothing in it: it opens
 * only regular files (never waiting on a FIFO or a device), reads at most
 * IPXLAT_EAMT_FILE_MAX bytes and lines of at most IPXLAT_EAMT_LINE_MAX
 * bytes, and quotes at most EAMT_EXCERPT_MAX bytes of a bad line, with
 * anything unprintable replaced, in its error. */

#include "ipxlat-eamt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipxlat-prefix.h"
#include "ipxlat-util.h"

/* Most bytes of a bad line quoted in an error message. */
#define EAMT_EXCERPT_MAX 16

/* Longest prefix text ("ffff:...:255.255.255.255/128" is 49). */
#define EAMT_TOKEN_MAX 50

/* Returns a malloc'd excerpt of the 'len' bytes at 's': at most
 * EAMT_EXCERPT_MAX of them, each byte that is not printable ASCII (or is
 * a quote or a backslash) as '?', and "..." if it was cut. */
static char *
eamt_excerpt(const char *s, size_t len)
{
    size_t n = MIN(len, EAMT_EXCERPT_MAX);
    char *e = ipxl_xmalloc(n + 4);

    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];

        e[i] = c >= ' ' && c < 0x7f && c != '"' && c != '\\' ? c : '?';
    }
    memcpy(&e[n], len > n ? "..." : "", len > n ? 4 : 1);
    return e;
}

/* Returns true if 'c' may appear in a prefix written as text. */
static bool
eamt_prefix_char(char c)
{
    return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
            || (c >= 'A' && c <= 'F') || c == '.' || c == ':' || c == '/');
}

/* Checks that the 'len' bytes at 'line' (no comment, trimmed, not empty)
 * look like an entry: two short tokens of prefix characters, separated by
 * white space or a comma.  Returns NULL or a malloc'd message that quotes
 * only an excerpt of the line, so that the contents of a file that is not
 * an EAM table do not travel further than that. */
static char *
eamt_line_check(const char *line, size_t len)
{
    size_t tokens = 0, token_len = 0;
    bool separator = false;

    for (size_t i = 0; i < len; i++) {
        char c = line[i];

        if (eamt_prefix_char(c)) {
            if (!token_len++) {
                tokens++;
                separator = false;
            }
            if (token_len > EAMT_TOKEN_MAX || tokens > 2) {
                break;
            }
            continue;
        } else if (ipxl_isspace(c) || (c == ',' && !separator
                                       && tokens == 1)) {
            separator |= c == ',';
            token_len = 0;
            continue;
        }
        tokens = 0;
        break;
    }
    if (tokens != 2 || token_len > EAMT_TOKEN_MAX) {
        char *excerpt = eamt_excerpt(line, len);
        char *error = ipxl_xasprintf("not an EAM entry (expected IPV4[/LEN] "
                                     "IPV6[/LEN]): \"%s\"", excerpt);

        free(excerpt);
        return error;
    }
    return NULL;
}

/* A growing array of entries and the lines they came from. */
struct eamt_file_entries {
    struct ipxl_eamt_pair *pairs;
    unsigned long int *lines;
    size_t n, allocated;
};

/* Parses one line, 'line' of 'len' bytes (no newline, no null byte), line
 * number 'line_number', into 'es' if it holds an entry.  Returns NULL or a
 * malloc'd message. */
static char *
eamt_file_line(char *line, size_t len, unsigned long int line_number,
               struct eamt_file_entries *es)
{
    char *comment = memchr(line, '#', len);
    char *v4, *v6, *p, *error;

    if (comment) {
        len = comment - line;
    }
    while (len && ipxl_isspace(*line)) {
        line++;
        len--;
    }
    while (len && ipxl_isspace(line[len - 1])) {
        len--;
    }
    if (!len) {
        return NULL;
    }
    error = eamt_line_check(line, len);
    if (error) {
        return error;
    }

    /* Now two tokens of at most EAMT_TOKEN_MAX prefix characters. */
    line[len] = '\0';
    v4 = line;
    p = v4 + strspn(v4, "0123456789abcdefABCDEF.:/");
    *p++ = '\0';
    v6 = p + strspn(p, " \t\n\r\v\f,");

    if (es->n == es->allocated) {
        es->allocated = es->allocated ? es->allocated * 2 : 64;
        es->pairs = ipxl_xrealloc(es->pairs,
                                  es->allocated * sizeof *es->pairs);
        es->lines = ipxl_xrealloc(es->lines,
                                  es->allocated * sizeof *es->lines);
    }
    error = ipxl_eamt_parse_entry(v4, v6, &es->pairs[es->n].p4,
                                  &es->pairs[es->n].p6, EAMT_TOKEN_MAX);
    if (!error) {
        es->lines[es->n++] = line_number;
    }
    return error;
}

/* Opens 'file_name' for reading if it is a regular file of at most
 * IPXLAT_EAMT_FILE_MAX bytes.  Returns the file descriptor, or -1 with a
 * malloc'd message in '*errorp'. */
static int
eamt_file_open(const char *file_name, char **errorp)
{
    struct stat st;
    int fd;

    /* O_NONBLOCK: opening a FIFO that has no writer must not wait. */
    fd = open(file_name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *errorp = ipxl_xasprintf("%s: %s", file_name, ipxl_strerror(errno));
        return -1;
    }
    if (fstat(fd, &st)) {
        *errorp = ipxl_xasprintf("%s: %s", file_name, ipxl_strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        *errorp = ipxl_xasprintf("%s: not a regular file", file_name);
    } else if (st.st_size > IPXLAT_EAMT_FILE_MAX) {
        *errorp = ipxl_xasprintf("%s: too big (%lld bytes; at most %d)",
                                 file_name, (long long int) st.st_size,
                                 IPXLAT_EAMT_FILE_MAX);
    } else {
        return fd;
    }
    close(fd);
    return -1;
}

/* Reads every entry of 'file_name' into 'es'.  Returns NULL or a malloc'd
 * message ("FILE:LINE: why" or "FILE: why"). */
static char *
eamt_file_read(const char *file_name, struct eamt_file_entries *es)
{
    char *line = ipxl_xmalloc(IPXLAT_EAMT_LINE_MAX + 1);
    unsigned long int line_number = 1;
    char buf[65536];
    size_t total = 0, len = 0;
    char *error = NULL;
    int fd;

    fd = eamt_file_open(file_name, &error);
    if (fd < 0) {
        free(line);
        return error;
    }
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);

        if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0) {
            error = ipxl_xasprintf("%s: %s", file_name, ipxl_strerror(errno));
            break;
        }
        total += n;
        if (total > IPXLAT_EAMT_FILE_MAX) {
            /* It grew since it was opened. */
            error = ipxl_xasprintf("%s: too big (more than %d bytes)",
                                   file_name, IPXLAT_EAMT_FILE_MAX);
            break;
        }
        for (ssize_t i = 0; i < n && !error; i++) {
            if (buf[i] == '\n') {
                error = eamt_file_line(line, len, line_number, es);
                if (!error) {
                    line_number++;
                    len = 0;
                }
            } else if (!buf[i]) {
                error = ipxl_xasprintf("a null byte: not a text file");
            } else if (len == IPXLAT_EAMT_LINE_MAX) {
                error = ipxl_xasprintf("line longer than %d bytes",
                                       IPXLAT_EAMT_LINE_MAX);
            } else {
                line[len++] = buf[i];
            }
        }
        if (!error && !n) {
            error = eamt_file_line(line, len, line_number, es);
        }
        if (error) {
            char *msg = ipxl_xasprintf("%s:%lu: %s", file_name, line_number,
                                       error);

            free(error);
            error = msg;
        }
        if (error || !n) {
            break;
        }
    }
    close(fd);
    free(line);
    return error;
}

/* Adds the entries listed in 'file_name', one per line as for
 * ipxlat_eamt_add_text(); '#' starts a comment and blank lines are
 * skipped.  Returns NULL or a malloc'd message ("FILE:LINE: why" or
 * "FILE: why"); on error the table is left as it was. */
char *
ipxlat_eamt_load(struct ipxlat_eamt *t, const char *file_name)
{
    struct eamt_file_entries es = { .n = 0 };
    char *error = eamt_file_read(file_name, &es);

    if (!error) {
        size_t failed;

        error = ipxl_eamt_add_all(t, es.pairs, es.n, &failed);
        if (error) {
            char *msg = ipxl_xasprintf("%s:%lu: %s", file_name,
                                       es.lines[failed], error);

            free(error);
            error = msg;
        }
    }
    free(es.pairs);
    free(es.lines);
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

/* Writes every entry of 't' to 'file', one per line in order of IPv4
 * prefix, in the format ipxlat_eamt_load() reads.  Returns 0 or a positive
 * errno value. */
int
ipxlat_eamt_save(const struct ipxlat_eamt *t, FILE *file)
{
    ipxl_eamt_foreach(t, save_entry, file);
    return ferror(file) ? EIO : 0;
}
