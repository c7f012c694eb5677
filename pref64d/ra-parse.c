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

/* RFC 8781: the PREF64 option of Router Advertisements. */

#include "pref64.h"

#include <string.h>

/* RFC 4861 section 4.2: type, code, checksum, hop limit, flags, router
 * lifetime, reachable time, retransmission timer. */
#define RA_HEADER_LEN 16
#define ND_ROUTER_ADVERT_TYPE 134

/* RFC 8781 section 4: Length is 2 (units of 8 octets). */
#define PREF64_OPT_UNITS 2

static const char *const ra_reject_names[RA_N_REJECTS] = {
    [RA_REJ_NOT_RA] = "ra-not-router-advertisement",
    [RA_REJ_TRUNCATED] = "ra-truncated",
    [RA_REJ_BAD_OPTION] = "ra-bad-option",
    [RA_REJ_PREF64_LENGTH] = "ra-pref64-length",
    [RA_REJ_PREF64_PLC] = "ra-pref64-plc",
    [RA_REJ_PREF64_U_OCTET] = "ra-pref64-u-octet",
    [RA_REJ_TOO_MANY] = "ra-too-many-prefixes",
};

/* Returns the counter name of 'r'. */
const char *
ra_reject_name(enum ra_reject r)
{
    return r < RA_N_REJECTS ? ra_reject_names[r] : "?";
}

/* RFC 8781 section 4: Prefix Length Code to prefix length; 6 and 7 are
 * reserved (0 here). */
static const uint8_t plc_to_len[8] = { 96, 64, 56, 48, 40, 32, 0, 0 };

/* Reads the PREF64 option 'opt' (16 bytes) and appends it to 'res', or
 * counts why it is ignored. */
static void
parse_pref64(const uint8_t *opt, struct ra_result *res)
{
    uint16_t field = (uint16_t) ((opt[2] << 8) | opt[3]);
    uint8_t len = plc_to_len[field & 7];
    struct pref64 p;

    /* RFC 8781 section 4: the receiver MUST ignore a PREF64 option with
     * a reserved PLC. */
    if (!len) {
        res->rejects[RA_REJ_PREF64_PLC]++;
        return;
    }

    memset(&p, 0, sizeof p);
    p.len = len;
    /* RFC 8781 section 4: the highest 96 bits of the prefix; bits past
     * the prefix length are ignored (cleared here). */
    memcpy(&p.prefix, opt + 4, len / 8);

    /* RFC 6052 section 2.2: the u-octet of a /96 prefix MUST be zero. */
    if (len == 96 && p.prefix.s6_addr[8]) {
        res->rejects[RA_REJ_PREF64_U_OCTET]++;
        return;
    }

    /* RFC 8781 section 4: Scaled Lifetime, 13 bits, in units of 8
     * seconds; 0 means the prefix is no longer valid. */
    p.lifetime = (uint32_t) (field >> 3) * 8;

    if (res->n >= PREF64_MAX) {
        res->rejects[RA_REJ_TOO_MANY]++;
        return;
    }
    res->prefixes[res->n++] = p;
}

/* Reads the ICMPv6 message 'msg' of 'len' bytes (no IPv6 header), which
 * should be a Router Advertisement, and stores its PREF64 options into
 * 'res'.  Returns false, with the reason counted, if the whole message
 * is discarded: then 'res->n' is 0. */
bool
ra_parse(const uint8_t *msg, size_t len, struct ra_result *res)
{
    size_t off;

    memset(res, 0, sizeof *res);
    if (len < 2 || msg[0] != ND_ROUTER_ADVERT_TYPE || msg[1] != 0) {
        res->rejects[RA_REJ_NOT_RA]++;
        return false;
    }
    if (len < RA_HEADER_LEN) {
        res->rejects[RA_REJ_TRUNCATED]++;
        return false;
    }

    for (off = RA_HEADER_LEN; off < len;) {
        size_t opt_len;

        /* RFC 4861 section 4.6: an option with length 0, or one that runs
         * past the end, makes the node discard the whole packet. */
        if (len - off < 2 || msg[off + 1] == 0
            || (size_t) msg[off + 1] * 8 > len - off) {
            res->rejects[RA_REJ_BAD_OPTION]++;
            res->n = 0;
            return false;
        }
        opt_len = (size_t) msg[off + 1] * 8;
        if (msg[off] == ND_OPT_PREF64) {
            /* RFC 8781 section 4: the receiver MUST ignore a PREF64
             * option whose Length is not 2. */
            if (msg[off + 1] != PREF64_OPT_UNITS) {
                res->rejects[RA_REJ_PREF64_LENGTH]++;
            } else {
                parse_pref64(msg + off, res);
            }
        }
        off += opt_len;
    }
    return true;
}
