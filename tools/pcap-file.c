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


/* Classic libpcap file reading and writing; see pcap-file.h. */

#include "pcap-file.h"
#include "ipxlat-util.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#define PCAP_MAGIC_USEC 0xa1b2c3d4  /* Microsecond timestamps. */
#define PCAP_MAGIC_NSEC 0xa1b23c4d  /* Nanosecond timestamps. */
#define PCAPNG_MAGIC 0x0a0d0d0a     /* pcapng Section Header Block. */
#define PCAP_VERSION_MAJOR 2
#define PCAP_VERSION_MINOR 4

static void set_error(char *error, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Formats a message into the 'size'-byte buffer 'error'. */
static void
set_error(char *error, size_t size, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
}

/* Returns 'x' with its bytes reversed. */
static uint32_t
swap32(uint32_t x)
{
    return ((x & 0xff) << 24) | ((x & 0xff00) << 8)
           | ((x >> 8) & 0xff00) | (x >> 24);
}

/* Returns the 32-bit word at 'p' in host order, byte-swapped if the file's
 * byte order differs from the host's. */
static uint32_t
get32(const struct pcap_reader *r, const uint8_t *p)
{
    uint32_t x;

    memcpy(&x, p, sizeof x);
    return r->swapped ? swap32(x) : x;
}

/* Returns the 16-bit word at 'p' in host order, byte-swapped if the
 * file's byte order differs from the host's. */
static uint16_t
get16(const struct pcap_reader *r, const uint8_t *p)
{
    uint16_t x;

    memcpy(&x, p, sizeof x);
    return r->swapped ? (uint16_t) ((x << 8) | (x >> 8)) : x;
}

/* Reads exactly 'n' bytes into 'buf'.  Returns 'n' on success, 0 on end
 * of file before the first byte, and otherwise the number of bytes read
 * before the end (or -1 on a read error, with errno set). */
static long
read_exact(struct pcap_reader *r, void *buf, size_t n)
{
    size_t got = fread(buf, 1, n, r->file);

    if (got < n && ferror(r->file)) {
        return -1;
    }
    r->offset += got;
    return got;
}

/* Returns a short name for 'linktype', or NULL if it is not one of the
 * link types that this module knows. */
const char *
pcap_linktype_name(uint32_t linktype)
{
    switch (linktype) {
    case PCAP_LINKTYPE_ETHERNET:
        return "Ethernet";
    case PCAP_LINKTYPE_RAW:
        return "raw IP";
    case PCAP_LINKTYPE_IPV4:
        return "raw IPv4";
    case PCAP_LINKTYPE_IPV6:
        return "raw IPv6";
    default:
        return NULL;
    }
}

/* Opens 'file_name' ("-" for standard input) and reads its global header.
 * Returns 0 on success, -1 with a message in 'r->error' on failure. */
int
pcap_reader_open(struct pcap_reader *r, const char *file_name)
{
    uint8_t hdr[PCAP_FILE_HEADER_LEN];
    uint32_t magic;
    long n;

    memset(r, 0, sizeof *r);
    r->name = file_name;
    r->file = !strcmp(file_name, "-") ? stdin : fopen(file_name, "rb");
    if (!r->file) {
        set_error(r->error, sizeof r->error, "%s: %s", file_name,
                  ipxl_strerror(errno));
        return -1;
    }

    n = read_exact(r, hdr, sizeof hdr);
    if (n < 0) {
        set_error(r->error, sizeof r->error, "%s: read error: %s",
                  file_name, ipxl_strerror(errno));
        goto error;
    }
    if (n >= 4) {
        memcpy(&magic, hdr, sizeof magic);
        if (magic == PCAPNG_MAGIC) {
            set_error(r->error, sizeof r->error,
                      "%s: pcapng files are not supported; convert with "
                      "'editcap -F pcap IN OUT'", file_name);
            goto error;
        } else if (magic == PCAP_MAGIC_USEC || magic == PCAP_MAGIC_NSEC) {
            r->swapped = false;
        } else if (swap32(magic) == PCAP_MAGIC_USEC
                   || swap32(magic) == PCAP_MAGIC_NSEC) {
            r->swapped = true;
            magic = swap32(magic);
        } else {
            set_error(r->error, sizeof r->error,
                      "%s: not a pcap file (magic 0x%08x)", file_name,
                      (unsigned int) magic);
            goto error;
        }
    }
    if (n < (long) sizeof hdr) {
        set_error(r->error, sizeof r->error,
                  "%s: not a pcap file (truncated header: %ld of %zu "
                  "bytes)", file_name, n, sizeof hdr);
        goto error;
    }

    r->nsec = magic == PCAP_MAGIC_NSEC;
    if (get16(r, hdr + 4) != PCAP_VERSION_MAJOR) {
        set_error(r->error, sizeof r->error,
                  "%s: unsupported pcap version %u", file_name,
                  (unsigned int) get16(r, hdr + 4));
        goto error;
    }
    r->snaplen = get32(r, hdr + 16);
    /* The upper bits of the link type field may hold an FCS length. */
    r->linktype = get32(r, hdr + 20) & 0x0fffffff;
    return 0;

error:
    pcap_reader_close(r);
    return -1;
}

/* Reads the next record into 'rec' and its packet bytes into 'buf', which
 * has room for 'cap' bytes.  Returns 1 if a packet was read, 0 at the end
 * of the file, -1 with a message in 'r->error' on a malformed or truncated
 * file or a read error. */
int
pcap_reader_next(struct pcap_reader *r, struct pcap_record *rec,
                 uint8_t *buf, size_t cap)
{
    uint8_t hdr[PCAP_RECORD_HEADER_LEN];
    uint64_t start = r->offset;
    long n;

    n = read_exact(r, hdr, sizeof hdr);
    if (n == 0) {
        return 0;
    } else if (n < 0) {
        set_error(r->error, sizeof r->error, "%s: read error: %s",
                  r->name, ipxl_strerror(errno));
        return -1;
    } else if (n < (long) sizeof hdr) {
        set_error(r->error, sizeof r->error,
                  "%s: truncated record header at offset %llu "
                  "(record %llu)", r->name, (unsigned long long) start,
                  (unsigned long long) r->n_records + 1);
        return -1;
    }

    rec->ts_sec = get32(r, hdr);
    rec->ts_usec = get32(r, hdr + 4);
    if (r->nsec) {
        rec->ts_usec /= 1000;
    }
    rec->caplen = get32(r, hdr + 8);
    rec->origlen = get32(r, hdr + 12);
    if (rec->caplen > PCAP_MAX_CAPLEN || rec->caplen > cap) {
        set_error(r->error, sizeof r->error,
                  "%s: record %llu at offset %llu claims %lu bytes "
                  "(corrupt file?)", r->name,
                  (unsigned long long) r->n_records + 1,
                  (unsigned long long) start, (unsigned long) rec->caplen);
        return -1;
    }

    n = read_exact(r, buf, rec->caplen);
    if (n < 0) {
        set_error(r->error, sizeof r->error, "%s: read error: %s",
                  r->name, ipxl_strerror(errno));
        return -1;
    } else if (n < (long) rec->caplen) {
        set_error(r->error, sizeof r->error,
                  "%s: truncated record %llu at offset %llu: %ld of %lu "
                  "bytes", r->name, (unsigned long long) r->n_records + 1,
                  (unsigned long long) start, n,
                  (unsigned long) rec->caplen);
        return -1;
    }
    r->n_records++;
    return 1;
}

/* Closes 'r' (but not standard input). */
void
pcap_reader_close(struct pcap_reader *r)
{
    if (r->file && r->file != stdin) {
        fclose(r->file);
    }
    r->file = NULL;
}

/* Creates 'file_name' ("-" for standard output) and writes a global header
 * for microsecond timestamps in host byte order with the given link type
 * and snapshot length.  Returns 0 on success, -1 with a message in
 * 'w->error' on failure. */
int
pcap_writer_open(struct pcap_writer *w, const char *file_name,
                 uint32_t linktype, uint32_t snaplen)
{
    uint16_t version[2] = { PCAP_VERSION_MAJOR, PCAP_VERSION_MINOR };
    uint32_t hdr[PCAP_FILE_HEADER_LEN / 4];

    memset(w, 0, sizeof *w);
    w->name = file_name;
    w->file = !strcmp(file_name, "-") ? stdout : fopen(file_name, "wb");
    if (!w->file) {
        set_error(w->error, sizeof w->error, "%s: %s", file_name,
                  ipxl_strerror(errno));
        return -1;
    }

    hdr[0] = PCAP_MAGIC_USEC;
    /* The version is two 16-bit fields, major first, in file order. */
    memcpy(&hdr[1], version, sizeof version);
    hdr[2] = 0;                 /* Time zone offset, always 0. */
    hdr[3] = 0;                 /* Timestamp accuracy, always 0. */
    hdr[4] = snaplen;
    hdr[5] = linktype;
    if (fwrite(hdr, sizeof hdr, 1, w->file) != 1) {
        set_error(w->error, sizeof w->error, "%s: write error: %s",
                  file_name, ipxl_strerror(errno));
        pcap_writer_close(w);
        return -1;
    }
    return 0;
}

/* Writes one record with timestamp 'rec->ts_sec'/'rec->ts_usec' holding
 * the 'len' bytes at 'data' (the original length is 'len' as well).
 * Returns 0 on success, -1 with a message in 'w->error' on failure. */
int
pcap_writer_write(struct pcap_writer *w, const struct pcap_record *rec,
                  const uint8_t *data, size_t len)
{
    uint32_t hdr[PCAP_RECORD_HEADER_LEN / 4];

    hdr[0] = rec->ts_sec;
    hdr[1] = rec->ts_usec;
    hdr[2] = len;
    hdr[3] = len;
    if (fwrite(hdr, sizeof hdr, 1, w->file) != 1
        || (len && fwrite(data, len, 1, w->file) != 1)) {
        set_error(w->error, sizeof w->error, "%s: write error: %s",
                  w->name, ipxl_strerror(errno));
        return -1;
    }
    w->n_records++;
    return 0;
}

/* Flushes and closes 'w' (but not standard output, which is only
 * flushed).  Returns 0 on success, -1 with a message in 'w->error' if
 * buffered data could not be written. */
int
pcap_writer_close(struct pcap_writer *w)
{
    int error = 0;

    if (!w->file) {
        return 0;
    }
    if (fflush(w->file) || ferror(w->file)) {
        error = errno ? errno : EIO;
    }
    if (w->file != stdout && fclose(w->file) && !error) {
        error = errno ? errno : EIO;
    }
    w->file = NULL;
    if (error) {
        set_error(w->error, sizeof w->error, "%s: write error: %s",
                  w->name, ipxl_strerror(error));
        return -1;
    }
    return 0;
}
