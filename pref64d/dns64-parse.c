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

/* RFC 7050 section 3: the NAT64 prefix from the AAAA records of
 * ipv4only.arpa. */

#include "pref64.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* RFC 7050 section 2.2: the well-known IPv4 addresses of ipv4only.arpa. */
static const uint8_t wka_primary[4] = { 192, 0, 0, 170 };
static const uint8_t wka_secondary[4] = { 192, 0, 0, 171 };

/* RFC 6052 section 2.2: where the four IPv4 octets sit for each prefix
 * length.  Byte 8 (bits 64-71, the u-octet) is always skipped. */
struct wka_position {
    uint8_t len;                /* Prefix length in bits. */
    uint8_t octet[4];           /* Byte offsets of the IPv4 octets. */
};

static const struct wka_position positions[] = {
    { 32, { 4, 5, 6, 7 } },
    { 40, { 5, 6, 7, 9 } },
    { 48, { 6, 7, 9, 10 } },
    { 56, { 7, 9, 10, 11 } },
    { 64, { 9, 10, 11, 12 } },
    { 96, { 12, 13, 14, 15 } },
};
#define N_POSITIONS (sizeof positions / sizeof positions[0])

/* RFC 6052 section 2.2: the u-octet. */
#define U_OCTET 8

static const char *const dns64_reject_names[DNS64_N_REJECTS] = {
    [DNS64_REJ_RECORD_SIZE] = "dns-record-size",
    [DNS64_REJ_NO_WKA] = "dns-no-well-known-address",
    [DNS64_REJ_U_OCTET] = "dns-u-octet",
    [DNS64_REJ_AMBIGUOUS] = "dns-ambiguous-position",
    [DNS64_REJ_TOO_MANY] = "dns-too-many-prefixes",
};

/* Returns the counter name of 'r'. */
const char *
dns64_reject_name(enum dns64_reject r)
{
    return r < DNS64_N_REJECTS ? dns64_reject_names[r] : "?";
}

/* Formats 'p' as "PREFIX/LEN" into 'buf' and returns 'buf'. */
char *
pref64_format(const struct pref64 *p, char *buf, size_t size)
{
    char a[INET6_ADDRSTRLEN];

    inet_ntop(AF_INET6, &p->prefix, a, sizeof a);
    snprintf(buf, size, "%s/%u", a, (unsigned int) p->len);
    return buf;
}

/* Returns true if 'rec' holds 'wka' at 'pos'. */
static bool
wka_at(const uint8_t *rec, const uint8_t wka[4],
       const struct wka_position *pos)
{
    for (int i = 0; i < 4; i++) {
        if (rec[pos->octet[i]] != wka[i]) {
            return false;
        }
    }
    return true;
}

/* Returns true if 'rec' holds either well-known address at 'pos'. */
static bool
any_wka_at(const uint8_t *rec, const struct wka_position *pos)
{
    return wka_at(rec, wka_primary, pos) || wka_at(rec, wka_secondary, pos);
}

/* Stores in 'out' the prefix of length 'len' taken from 'rec'. */
static void
take_prefix(const uint8_t *rec, uint8_t len, struct pref64 *out)
{
    memset(out, 0, sizeof *out);
    memcpy(&out->prefix, rec, len / 8);
    out->len = len;
}

/* RFC 7050 section 3: when a well-known address is found at more than one
 * position of record 'i', the position is the one that tells the records
 * of 192.0.0.170 and 192.0.0.171 apart: another record of the answer that
 * differs from record 'i' in exactly one byte, the last IPv4 octet of one
 * candidate position, with .170 in one record and .171 in the other.
 * Returns that position, or NULL if no record of the answer settles it. */
static const struct wka_position *
resolve_ambiguous(const uint8_t *const recs[], const size_t lens[], size_t n,
                  size_t i)
{
    const uint8_t *a = recs[i];

    for (size_t j = 0; j < n; j++) {
        const uint8_t *b = recs[j];
        int diff = -1;
        int n_diff = 0;

        if (j == i || lens[j] != 16) {
            continue;
        }
        for (int k = 0; k < 16; k++) {
            if (a[k] != b[k]) {
                diff = k;
                n_diff++;
            }
        }
        if (n_diff != 1) {
            continue;
        }
        for (size_t p = 0; p < N_POSITIONS; p++) {
            const struct wka_position *pos = &positions[p];

            if (pos->octet[3] == diff && any_wka_at(a, pos)
                && any_wka_at(b, pos)) {
                return pos;
            }
        }
    }
    return NULL;
}

/* Appends 'p' to 'res' unless it is already there.  Returns false if
 * 'res' is full. */
static bool
add_unique(struct dns64_result *res, const struct pref64 *p)
{
    for (size_t i = 0; i < res->n; i++) {
        if (res->prefixes[i].len == p->len
            && !memcmp(&res->prefixes[i].prefix, &p->prefix,
                       sizeof p->prefix)) {
            return true;
        }
    }
    if (res->n >= PREF64_MAX) {
        return false;
    }
    res->prefixes[res->n++] = *p;
    return true;
}

/* Reads the 'n' AAAA records 'recs' (with lengths 'lens') of an answer for
 * ipv4only.arpa and stores the distinct prefixes they reveal into 'res', in
 * the order received.  Each record that reveals none is counted in
 * 'res->rejects' under its reason. */
void
dns64_parse(const uint8_t *const recs[], const size_t lens[], size_t n,
            struct dns64_result *res)
{
    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < n; i++) {
        const struct wka_position *found = NULL;
        const uint8_t *rec = recs[i];
        struct pref64 p;
        int n_found = 0;

        /* RFC 3596 section 2.2: AAAA RDATA is exactly 16 bytes. */
        if (lens[i] != 16) {
            res->rejects[DNS64_REJ_RECORD_SIZE]++;
            continue;
        }

        /* RFC 7050 section 3: look for 192.0.0.170 and 192.0.0.171 at the
         * positions of all six RFC 6052 prefix lengths. */
        for (size_t k = 0; k < N_POSITIONS; k++) {
            if (any_wka_at(rec, &positions[k])) {
                found = &positions[k];
                n_found++;
            }
        }
        if (!n_found) {
            res->rejects[DNS64_REJ_NO_WKA]++;
            continue;
        }

        /* RFC 6052 section 2.2: bits 64 to 71 MUST be zero, also for a
         * /96 prefix. */
        if (rec[U_OCTET]) {
            res->rejects[DNS64_REJ_U_OCTET]++;
            continue;
        }

        if (n_found > 1) {
            found = resolve_ambiguous(recs, lens, n, i);
            if (!found) {
                res->rejects[DNS64_REJ_AMBIGUOUS]++;
                continue;
            }
        }
        take_prefix(rec, found->len, &p);
        if (!add_unique(res, &p)) {
            res->rejects[DNS64_REJ_TOO_MANY]++;
        }
    }
}
