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

/* A table kept on disk, crash-safe, where a change costs what it changes.
 *
 * Files
 * =====
 *
 * In directory DIR, table NAME is two files:
 *
 *   NAME.eam      a snapshot: "# ipxlat EAM table, generation G", then one
 *                 entry a line, the format ipxlat_eamt_load() reads;
 *   NAME.eam.log  a journal of the changes since: "# generation G", then
 *                 one line per change, "CRC OP ENTRY..." where OP is '+'
 *                 (add) or '-' (remove), each ENTRY "IPV4/LEN,IPV6/LEN",
 *                 and CRC the CRC-32 of what follows it, in hex.
 *
 * A change appends one line to the journal and flushes it to disk
 * (fdatasync()): a few dozen bytes, whatever the size of the table.  When
 * the journal has grown past the snapshot (or past 1 MiB for a small
 * table), the next change writes a new snapshot of generation G + 1 (to
 * NAME.eam.tmp, flushed, renamed over NAME.eam, the directory flushed) and
 * then an empty journal of generation G + 1 the same way, so that the
 * cost of snapshots, spread over the changes that made them due, stays
 * constant per change.
 *
 * Crash safety
 * ============
 *
 * After a crash at any moment (kill -9, power loss after the last flush),
 * opening the store gives the table as it was before the change that was
 * under way or as it was after it, never part of a change:
 *
 *   - a change that did not reach the disk whole is a last journal line
 *     without its newline or with a wrong CRC: it is dropped (and cut off
 *     the file, so that later changes do not follow it);
 *   - a crash while writing a snapshot leaves NAME.eam.tmp, which is
 *     removed, and the old snapshot and journal, which are whole;
 *   - a crash after the new snapshot is in place but before the new
 *     journal leaves a journal of the old generation, whose changes the
 *     snapshot already holds: it is ignored.
 *
 * A file that is neither (a snapshot of an older version, without the
 * generation line) is generation 0.
 *
 * Thread-safety
 * =============
 *
 * A store is used by one thread at a time (with its table's writer). */

#include "ipxlat-eamt.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipxlat-prefix.h"
#include "ipxlat-util.h"

/* A journal never grows past max(this, the snapshot's size) before the
 * next change writes a snapshot. */
#define EAMT_STORE_COMPACT_MIN (1024 * 1024)

/* Most bytes of one journal line: a change of many entries that would be
 * longer is written as a snapshot instead. */
#define EAMT_STORE_LINE_MAX IPXLAT_EAMT_LINE_MAX

struct ipxlat_eamt_store {
    char *dir;                  /* Directory. */
    char *snapshot;             /* DIR/NAME.eam. */
    char *journal;              /* DIR/NAME.eam.log. */
    unsigned long long int generation;
    int fd;                     /* The journal, open for appending, or -1
                                 * if the next change must write a
                                 * snapshot. */
    off_t journal_bytes;        /* Its size. */
    off_t snapshot_bytes;       /* The snapshot's size. */
    off_t compact_min;          /* EAMT_STORE_COMPACT_MIN, or less in
                                 * tests. */
};

/* CRC-32 (IEEE 802.3, as in zlib) of the 'n' bytes at 'p'. */
static uint32_t
eamt_crc32(const char *p, size_t n)
{
    uint32_t crc = UINT32_MAX;

    while (n--) {
        crc ^= (unsigned char) *p++;
        for (int k = 0; k < 8; k++) {
            crc = crc >> 1 ^ (UINT32_C(0xedb88320) & -(crc & 1));
        }
    }
    return ~crc;
}

/* Returns "WHAT: strerror(errno)". */
static char *
eamt_store_errno(const char *what)
{
    return ipxl_xasprintf("%s: %s", what, ipxl_strerror(errno));
}

/* Writes all 'n' bytes at 'p' to 'fd'.  Returns 0 or an errno value. */
static int
eamt_write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);

        if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0) {
            return errno;
        }
        p += w;
        n -= w;
    }
    return 0;
}

/* Flushes directory 'dir' to disk, so that a rename in it lasts. */
static char *
eamt_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char *error = NULL;

    if (fd < 0 || fsync(fd)) {
        error = eamt_store_errno(dir);
    }
    if (fd >= 0) {
        close(fd);
    }
    return error;
}

/* Writes 'n' bytes at 'data' as file 'name', whole or not at all: to
 * NAME.tmp, flushed, then renamed over 'name' and the directory flushed.
 * Returns NULL or a malloc'd message. */
static char *
eamt_replace_file(const struct ipxlat_eamt_store *s, const char *name,
                  const char *data, size_t n)
{
    char *tmp = ipxl_xasprintf("%s.tmp", name);
    char *error = NULL;
    int fd, retval;

    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = eamt_store_errno(tmp);
        free(tmp);
        return error;
    }
    retval = eamt_write_all(fd, data, n);
    if (!retval && fsync(fd)) {
        retval = errno;
    }
    if (close(fd) && !retval) {
        retval = errno;
    }
    if (!retval && rename(tmp, name)) {
        retval = errno;
    }
    if (retval) {
        error = ipxl_xasprintf("%s: %s", tmp, ipxl_strerror(retval));
        unlink(tmp);
    } else {
        error = eamt_sync_dir(s->dir);
    }
    free(tmp);
    return error;
}

/* Appends one entry as "IPV4/LEN,IPV6/LEN" to 'buf' of 'size' bytes at
 * '*len'. */
static void
eamt_format_pair(const struct ipxl_eamt_pair *p, char *buf, size_t size,
                 size_t *len)
{
    char s4[PREFIX4_STRLEN], s6[PREFIX6_STRLEN];

    ipxl_prefix4_format(&p->p4, s4, sizeof s4);
    ipxl_prefix6_format(&p->p6, s6, sizeof s6);
    *len += snprintf(buf + *len, *len < size ? size - *len : 0, "%s,%s",
                     s4, s6);
}

/* A growing text buffer. */
struct eamt_text {
    char *buf;
    size_t len, size;
};

/* ipxl_eamt_foreach() callback: appends an entry line of a snapshot,
 * "IPV4/LEN IPV6/LEN" (with a space, as people write table files). */
static void
eamt_text_entry(void *text_, const struct ipxlat_prefix4 *p4,
                const struct ipxlat_prefix6 *p6)
{
    struct eamt_text *text = text_;
    char s4[PREFIX4_STRLEN], s6[PREFIX6_STRLEN];

    if (text->size - text->len < PREFIX4_STRLEN + PREFIX6_STRLEN + 2) {
        text->size = text->size * 2 + 4096;
        text->buf = ipxl_xrealloc(text->buf, text->size);
    }
    ipxl_prefix4_format(p4, s4, sizeof s4);
    ipxl_prefix6_format(p6, s6, sizeof s6);
    text->len += sprintf(text->buf + text->len, "%s %s\n", s4, s6);
}

/* Writes 't' as the snapshot of generation 'generation' + 1 and an empty
 * journal of that generation, and opens the journal. */
static char *
eamt_store_write_snapshot(struct ipxlat_eamt_store *s,
                          const struct ipxlat_eamt *t)
{
    struct eamt_text text = { .buf = NULL };
    unsigned long long int generation = s->generation + 1;
    char header[64];
    char *error;
    int n;

    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }

    n = snprintf(header, sizeof header,
                 "# ipxlat EAM table, generation %llu\n", generation);
    text.size = n + 4096;
    text.buf = ipxl_xmalloc(text.size);
    memcpy(text.buf, header, n + 1);
    text.len = n;
    ipxl_eamt_foreach(t, eamt_text_entry, &text);
    error = eamt_replace_file(s, s->snapshot, text.buf, text.len);
    s->snapshot_bytes = text.len;
    free(text.buf);
    if (error) {
        return error;
    }

    /* From here the old journal is stale: its generation is older. */
    s->generation = generation;
    n = snprintf(header, sizeof header, "# generation %llu\n", generation);
    error = eamt_replace_file(s, s->journal, header, n);
    if (error) {
        return error;
    }
    s->fd = open(s->journal, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (s->fd < 0) {
        return eamt_store_errno(s->journal);
    }
    s->journal_bytes = n;
    return NULL;
}

/* Returns G from the generation line at the start of file 'name' ("#
 * ...generation G"), or 0 if there is none. */
static unsigned long long int
eamt_file_generation(const char *name)
{
    unsigned long long int generation = 0;
    FILE *f = fopen(name, "re");
    char line[80];

    if (f) {
        if (fgets(line, sizeof line, f) && line[0] == '#') {
            const char *g = strstr(line, "generation ");

            if (g) {
                generation = strtoull(g + strlen("generation "), NULL, 10);
            }
        }
        fclose(f);
    }
    return generation;
}

/* Parses the entries of one journal line after its OP, "ENTRY..." with
 * spaces between them, into a malloc'd array.  Returns NULL or a
 * message. */
static char *
eamt_parse_entries(char *p, struct ipxl_eamt_pair **pairsp, size_t *np)
{
    struct ipxl_eamt_pair *pairs = NULL;
    size_t n = 0;
    char *save;

    for (char *tok = strtok_r(p, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save)) {
        char *comma = strchr(tok, ',');
        char *error;

        if (!comma) {
            free(pairs);
            return ipxl_xasprintf("%s: expected IPV4/LEN,IPV6/LEN", tok);
        }
        *comma = '\0';
        pairs = ipxl_xrealloc(pairs, (n + 1) * sizeof *pairs);
        error = ipxl_eamt_parse_entry(tok, comma + 1, &pairs[n].p4,
                                      &pairs[n].p6, 64);
        if (error) {
            free(pairs);
            return error;
        }
        n++;
    }
    *pairsp = pairs;
    *np = n;
    return NULL;
}

/* Applies one journal line (without its newline, CRC checked) to 't'. */
static char *
eamt_replay_line(struct ipxlat_eamt *t, char *line)
{
    struct ipxl_eamt_pair *pairs = NULL;
    size_t n = 0;
    char *error;
    char op;

    op = line[0];
    if ((op != '+' && op != '-') || line[1] != ' ') {
        return ipxl_xasprintf("unknown change '%c'", op);
    }
    error = eamt_parse_entries(line + 2, &pairs, &n);
    if (!error) {
        error = (op == '+'
                 ? ipxl_eamt_add_all(t, pairs, n, NULL)
                 : ipxl_eamt_remove_all(t, pairs, n, NULL));
        free(pairs);
    }
    return error;
}

/* Replays the journal onto 't' if its generation is the store's.  A last
 * change that is not whole is cut off the file.  Returns NULL or a
 * malloc'd message about a change that is whole but does not apply (the
 * journal does not belong to the snapshot). */
static char *
eamt_store_replay(struct ipxlat_eamt_store *s, struct ipxlat_eamt *t)
{
    char *line = ipxl_xmalloc(EAMT_STORE_LINE_MAX + 2);
    unsigned long int line_number = 1;
    off_t good = 0;
    char *error = NULL;
    FILE *f;

    f = fopen(s->journal, "re");
    if (!f) {
        free(line);
        return errno == ENOENT ? NULL : eamt_store_errno(s->journal);
    }
    if (!fgets(line, EAMT_STORE_LINE_MAX + 2, f) || line[0] != '#'
        || eamt_file_generation(s->journal) != s->generation) {
        /* Empty, or stale (see "Crash safety" above): nothing to do. */
        goto out;
    }
    good = ftello(f);
    while (fgets(line, EAMT_STORE_LINE_MAX + 2, f)) {
        size_t len = strlen(line);
        char *rest;
        unsigned long int crc;

        line_number++;
        if (!len || line[len - 1] != '\n') {
            break;              /* Torn. */
        }
        line[--len] = '\0';
        crc = strtoul(line, &rest, 16);
        if (rest == line || *rest != ' '
            || crc != eamt_crc32(rest + 1, strlen(rest + 1))) {
            break;              /* Torn, or written over. */
        }
        error = eamt_replay_line(t, rest + 1);
        if (error) {
            char *msg = ipxl_xasprintf("%s:%lu: %s", s->journal, line_number,
                                       error);

            free(error);
            error = msg;
            goto out;
        }
        good = ftello(f);
    }
    if (good != ftello(f) && truncate(s->journal, good)) {
        error = eamt_store_errno(s->journal);
    }

out:
    s->journal_bytes = good;
    fclose(f);
    free(line);
    return error;
}

/* Opens the store of table 'name' in directory 'dir' (creating the
 * directory, mode 0700, if needed) and loads what it holds into 't'
 * (empty).  A NAME.eam.tmp left by a crash is removed.  On success stores
 * the store in '*storep' and returns NULL; on error returns a malloc'd
 * message, and 't' may hold part of what the files hold.  A table that
 * was never saved opens empty. */
char *
ipxlat_eamt_store_open(const char *dir, const char *name,
                       struct ipxlat_eamt *t,
                       struct ipxlat_eamt_store **storep)
{
    struct ipxlat_eamt_store *s = ipxl_xzalloc(sizeof *s);
    char *tmp, *error = NULL;
    struct stat st;

    *storep = NULL;
    if (mkdir(dir, 0700) && errno != EEXIST) {
        free(s);
        return eamt_store_errno(dir);
    }
    s->dir = ipxl_xstrdup(dir);
    s->snapshot = ipxl_xasprintf("%s/%s.eam", dir, name);
    s->journal = ipxl_xasprintf("%s/%s.eam.log", dir, name);
    s->fd = -1;
    s->compact_min = EAMT_STORE_COMPACT_MIN;

    tmp = ipxl_xasprintf("%s.tmp", s->snapshot);
    unlink(tmp);
    free(tmp);
    tmp = ipxl_xasprintf("%s.tmp", s->journal);
    unlink(tmp);
    free(tmp);

    if (!stat(s->snapshot, &st)) {
        s->generation = eamt_file_generation(s->snapshot);
        s->snapshot_bytes = st.st_size;
        error = ipxlat_eamt_load(t, s->snapshot);
        if (!error) {
            error = eamt_store_replay(s, t);
        }
    } else if (errno != ENOENT) {
        error = eamt_store_errno(s->snapshot);
    }
    if (error) {
        ipxlat_eamt_store_close(s);
        return error;
    }

    if (s->journal_bytes) {
        s->fd = open(s->journal, O_WRONLY | O_APPEND | O_CLOEXEC);
        if (s->fd < 0) {
            error = eamt_store_errno(s->journal);
            ipxlat_eamt_store_close(s);
            return error;
        }
    }
    /* Otherwise (no journal of this generation) the first change writes a
     * snapshot. */
    *storep = s;
    return NULL;
}

/* Records that 't', the store's table, just had the 'n' entries of
 * 'entries' (each as ipxlat_eamt_add_text() reads it) added ('add') or
 * removed: one journal line, flushed to disk, or a new snapshot of 't'
 * when the journal is due for one.  Returns NULL, or a malloc'd message if
 * the change could not be recorded, in which case the caller should undo
 * it in 't'. */
char *
ipxlat_eamt_store_log(struct ipxlat_eamt_store *s,
                      const struct ipxlat_eamt *t, bool add,
                      const char *const *entries, size_t n)
{
    char *body = ipxl_xmalloc(EAMT_STORE_LINE_MAX + 1);
    char *line = NULL;
    size_t len = 0;
    int retval;

    /* "+ ENTRY ENTRY...", each entry in canonical form. */
    body[len++] = add ? '+' : '-';
    for (size_t i = 0; i < n && len < EAMT_STORE_LINE_MAX; i++) {
        struct ipxl_eamt_pair pair;
        char *error = ipxl_eamt_parse_text(entries[i], &pair.p4, &pair.p6);

        if (error) {
            free(body);
            return error;
        }
        body[len++] = ' ';
        eamt_format_pair(&pair, body, EAMT_STORE_LINE_MAX, &len);
    }

    if (s->fd < 0 || len >= EAMT_STORE_LINE_MAX - 10
        || s->journal_bytes > MAX(s->compact_min, s->snapshot_bytes)) {
        free(body);
        return eamt_store_write_snapshot(s, t);
    }

    body[len] = '\0';
    line = ipxl_xasprintf("%08"PRIx32" %s\n", eamt_crc32(body, len), body);
    len = strlen(line);
    free(body);

    retval = eamt_write_all(s->fd, line, len);
    if (!retval && fdatasync(s->fd)) {
        retval = errno;
    }
    free(line);
    if (retval) {
        /* Part of the line may be there: never append after it.  The next
         * change writes a snapshot, which starts a new journal. */
        close(s->fd);
        s->fd = -1;
        return ipxl_xasprintf("%s: %s", s->journal, ipxl_strerror(retval));
    }
    s->journal_bytes += len;
    return NULL;
}

/* Writes 't' as the store's whole table: for a table replaced or emptied
 * at once. */
char *
ipxlat_eamt_store_rewrite(struct ipxlat_eamt_store *s,
                          const struct ipxlat_eamt *t)
{
    return eamt_store_write_snapshot(s, t);
}

void
ipxlat_eamt_store_close(struct ipxlat_eamt_store *s)
{
    if (s) {
        if (s->fd >= 0) {
            close(s->fd);
        }
        free(s->dir);
        free(s->snapshot);
        free(s->journal);
        free(s);
    }
}

/* Closes 's' and removes its files.  Returns NULL or a malloc'd
 * message. */
char *
ipxlat_eamt_store_destroy(struct ipxlat_eamt_store *s)
{
    char *error = NULL;

    if ((unlink(s->journal) && errno != ENOENT)
        || (unlink(s->snapshot) && errno != ENOENT)) {
        error = eamt_store_errno(s->snapshot);
    }
    ipxlat_eamt_store_close(s);
    return error;
}

void
ipxl_eamt_store_set_compact_min(struct ipxlat_eamt_store *s, off_t bytes)
{
    s->compact_min = bytes;
}
