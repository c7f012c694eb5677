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

#ifndef IPXLAT_PREFIX_H
#define IPXLAT_PREFIX_H 1

/* IPv4 and IPv6 addresses and prefixes as text.
 *
 * Parsing
 * =======
 *
 * ipxl_prefix4_parse() and ipxl_prefix6_parse() read "ADDRESS/LEN" (or,
 * when the length is optional, a bare "ADDRESS", taken as /32 or /128).
 * The whole string must be the prefix: no blanks, nothing after it.  They
 * return NULL on success or a malloc'd message that quotes the text and
 * says why it is wrong, for example:
 *
 *     10.0.0.1/24: bits set past the prefix length
 *     2001:db8::/129: prefix length must be 0 to 128
 *     10.0.0/8: not an IPv4 address
 *
 * The caller frees the message.  ipxl_addr4_parse() and ipxl_addr6_parse()
 * read a bare address the same way.
 *
 * Formatting
 * ==========
 *
 * ipxl_prefix4_format() and ipxl_prefix6_format() always print "/LEN";
 * ipxl_addr4_format() and ipxl_addr6_format() print a bare address.  IPv6
 * text is the RFC 5952 form that inet_ntop() produces.  Buffers of
 * PREFIX4_STRLEN and PREFIX6_STRLEN bytes are always big enough.
 *
 * Masks
 * =====
 *
 * prefix4_mask(), prefix6_mask_addr() and the *_contains() helpers are
 * small and allocation-free; they may be used on per-packet paths.
 *
 * Thread-safety
 * =============
 *
 * Every function here is reentrant and touches only its arguments. */

#include <stdbool.h>
#include <stddef.h>

#include "ipxlat-config.h"
#include "ipxlat-packets.h"

/* Bytes for any prefix text, including the terminating null. */
#define PREFIX4_STRLEN (INET_ADDRSTRLEN + 3)
#define PREFIX6_STRLEN (INET6_ADDRSTRLEN + 4)

char *ipxl_prefix4_parse(const char *s, bool len_optional,
                         struct ipxlat_prefix4 *)
    __attribute__((warn_unused_result));
char *ipxl_prefix6_parse(const char *s, bool len_optional,
                         struct ipxlat_prefix6 *)
    __attribute__((warn_unused_result));
char *ipxl_addr4_parse(const char *s, ovs_be32 *)
    __attribute__((warn_unused_result));
char *ipxl_addr6_parse(const char *s, struct in6_addr *)
    __attribute__((warn_unused_result));

void ipxl_prefix4_format(const struct ipxlat_prefix4 *, char *buf,
                         size_t size);
void ipxl_prefix6_format(const struct ipxlat_prefix6 *, char *buf,
                         size_t size);
void ipxl_addr4_format(ovs_be32, char *buf, size_t size);
void ipxl_addr6_format(const struct in6_addr *, char *buf, size_t size);

/* Returns the netmask of an IPv4 prefix of 'len' bits (0...32), in network
 * byte order. */
static inline ovs_be32
prefix4_mask(unsigned int len)
{
    return len ? htonl(UINT32_MAX << (32 - len)) : 0;
}

/* Clears the bits of 'a' past the first 'len' (0...128). */
static inline void
prefix6_mask_addr(struct in6_addr *a, unsigned int len)
{
    for (unsigned int i = 0; i < 16; i++) {
        if (len >= 8) {
            len -= 8;
        } else {
            a->s6_addr[i] &= (uint8_t) (0xff00 >> len);
            len = 0;
        }
    }
}

/* Returns true if IPv4 address 'a' lies inside prefix 'p'. */
static inline bool
prefix4_contains(const struct ipxlat_prefix4 *p, ovs_be32 a)
{
    return ((a ^ p->addr) & prefix4_mask(p->len)) == 0;
}

/* Returns true if IPv6 address 'a' lies inside prefix 'p'. */
static inline bool
prefix6_contains(const struct ipxlat_prefix6 *p, const struct in6_addr *a)
{
    unsigned int full = p->len / 8;
    unsigned int rest = p->len % 8;

    if (memcmp(a->s6_addr, p->addr.s6_addr, full)) {
        return false;
    }
    return !rest || !((a->s6_addr[full] ^ p->addr.s6_addr[full])
                      & (uint8_t) (0xff00 >> rest));
}

#endif /* ipxlat-prefix.h */
