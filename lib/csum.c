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

#include "ipxlat-csum.h"

#include <string.h>

uint32_t
ipxl_csum_add_bytes(uint32_t partial, const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t sum = partial;

    /* Eight bytes at a time; the carries pile up in the upper half. */
    while (n >= 8) {
        uint32_t a, b;

        memcpy(&a, p, 4);
        memcpy(&b, p + 4, 4);
        sum += (uint64_t) a + b;
        p += 8;
        n -= 8;
    }
    while (n >= 2) {
        uint16_t w;

        memcpy(&w, p, 2);
        sum += w;
        p += 2;
        n -= 2;
    }
    if (n) {
        /* The odd byte is the high-order byte of a word padded with zero
         * (RFC 1071), i.e. the first byte in memory. */
        uint8_t pad[2] = { p[0], 0 };
        uint16_t w;

        memcpy(&w, pad, 2);
        sum += w;
    }
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffff) + ((sum >> 16) & 0xffff) + (sum >> 32);
    return sum;
}

uint32_t
ipxl_csum_pseudo4(const struct ip_header *ip, uint8_t proto, size_t len)
{
    uint32_t s = csum_add_words(0, ip->ip_src, 8);

    s = csum_add16(s, htons(proto));
    s = csum_add16(s, htons(len));
    return s;
}

uint32_t
ipxl_csum_pseudo6(const struct ip6_header *ip6, uint8_t proto, size_t len)
{
    uint32_t s = csum_add_words(0, ip6->ip6_src, 32);

    s = csum_add16(s, htons(len >> 16));
    s = csum_add16(s, htons(len & 0xffff));
    s = csum_add16(s, htons(proto));
    return s;
}

void
ipxl_csum_ip4_header(struct ip_header *ip, size_t hlen)
{
    ip->ip_csum = 0;
    ip->ip_csum = csum_finish(ipxl_csum_add_bytes(0, ip, hlen));
}
