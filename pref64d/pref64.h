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

#ifndef PREF64_H
#define PREF64_H 1

/* Pure parsers for NAT64 prefix discovery.
 *
 * dns64_parse() reads the AAAA records of ipv4only.arpa (RFC 7050) and
 * ra_parse() reads a Router Advertisement's options (RFC 8781 PREF64).
 * Both only look at the bytes they are given: no sockets, no clocks, no
 * allocation, so they are unit-tested directly.  A record or option they
 * reject never yields a prefix; it is counted in the result's 'rejects'
 * array under its reason.  Thread-safety: none needed (no shared state). */

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many prefixes are kept from one answer or one RA. */
#define PREF64_MAX 8

/* One NAT64 prefix (RFC 6052). */
struct pref64 {
    struct in6_addr prefix;     /* The prefix; bits past 'len' are zero. */
    uint8_t len;                /* 32, 40, 48, 56, 64 or 96. */
    uint32_t lifetime;          /* Seconds (RA only; 0 means withdrawn). */
};

/* Why a DNS64 AAAA record gave no prefix. */
enum dns64_reject {
    DNS64_REJ_RECORD_SIZE,      /* Record is not exactly 16 bytes. */
    DNS64_REJ_NO_WKA,           /* No well-known address at any position. */
    DNS64_REJ_U_OCTET,          /* Bits 64-71 (the u-octet) not zero. */
    DNS64_REJ_AMBIGUOUS,        /* WKA at several positions, unresolved. */
    DNS64_REJ_TOO_MANY,         /* More than PREF64_MAX distinct prefixes. */
    DNS64_N_REJECTS
};

/* The prefixes found in one answer, in the order received. */
struct dns64_result {
    struct pref64 prefixes[PREF64_MAX]; /* Distinct prefixes found. */
    size_t n;                           /* Number of 'prefixes' used. */
    unsigned int rejects[DNS64_N_REJECTS]; /* Rejected records, by reason. */
};

void dns64_parse(const uint8_t *const recs[], const size_t lens[], size_t n,
                 struct dns64_result *);
const char *dns64_reject_name(enum dns64_reject);

/* Why a Router Advertisement or one of its PREF64 options was ignored. */
enum ra_reject {
    RA_REJ_NOT_RA,              /* Not ICMPv6 type 134 code 0. */
    RA_REJ_TRUNCATED,           /* Shorter than the 16-byte RA header. */
    RA_REJ_BAD_OPTION,          /* Option of length 0 or past the end. */
    RA_REJ_PREF64_LENGTH,       /* PREF64 option with Length != 2. */
    RA_REJ_PREF64_PLC,          /* PREF64 option with a reserved PLC. */
    RA_REJ_PREF64_U_OCTET,      /* /96 PREF64 with a non-zero u-octet. */
    RA_REJ_TOO_MANY,            /* More than PREF64_MAX PREF64 options. */
    RA_N_REJECTS
};

/* The PREF64 options of one Router Advertisement, in order. */
struct ra_result {
    struct pref64 prefixes[PREF64_MAX]; /* Valid PREF64 options. */
    size_t n;                           /* Number of 'prefixes' used. */
    unsigned int rejects[RA_N_REJECTS]; /* Ignored RAs or options. */
};

bool ra_parse(const uint8_t *msg, size_t len, struct ra_result *);
const char *ra_reject_name(enum ra_reject);

/* RFC 8781 section 4: the PREF64 option type. */
#define ND_OPT_PREF64 38

char *pref64_format(const struct pref64 *, char *buf, size_t size);

#endif /* pref64.h */
