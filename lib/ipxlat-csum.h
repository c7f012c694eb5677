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

#ifndef IPXLAT_CSUM_H
#define IPXLAT_CSUM_H 1

/* Internet checksum (RFC 1071) and its incremental update (RFC 1624).
 *
 * Sums are taken over 16-bit words as they lie in memory, so they are
 * byte-order neutral: a sum stored back into a header is already in
 * network order.  A "partial" sum is a 32-bit accumulator, not folded and
 * not complemented; csum_finish() folds and complements it. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ipxlat-packets.h"

/* Adds 'n' bytes at 'data' to 'partial'.  Not complemented. */
uint32_t ipxl_csum_add_bytes(uint32_t partial, const void *data, size_t n);

/* Folds 'partial' to 16 bits.  Not complemented. */
static inline uint16_t
csum_fold(uint32_t partial)
{
    partial = (partial & 0xffff) + (partial >> 16);
    partial = (partial & 0xffff) + (partial >> 16);
    return partial;
}

/* Returns the checksum field value for 'partial': folded and
 * complemented. */
static inline uint16_t
csum_finish(uint32_t partial)
{
    return ~csum_fold(partial);
}

/* Adds one 16-bit word (memory order). Not complemented. */
static inline uint32_t
csum_add16(uint32_t partial, uint16_t word)
{
    return partial + word;
}

/* RFC 1624 eqn. 3: updates the checksum field '*csum' for data whose
 * partial sum was 'old' and now is 'new': HC' = ~(~HC + ~m + m').
 *
 * ~m needs 'old' fully folded, but m' only needs to keep its value modulo
 * 0xffff and to stay zero exactly when 'new' is: one folding step does,
 * and the sum cannot overflow (at most 0xffff + 0xffff + 0x1ffff). */
static inline void
csum_replace(uint16_t *csum, uint32_t old, uint32_t new)
{
    uint32_t s = (uint16_t) ~*csum;

    s += (uint16_t) ~csum_fold(old);
    s += (new & 0xffff) + (new >> 16);
    *csum = ~csum_fold(s);
}

/* Folds the 64-bit accumulator 'sum' (any value) into a partial sum of
 * at most 18 bits, so that callers may keep adding 16-bit words to it.
 * Not complemented.  (2^32 and 2^16 are both 1 modulo 0xffff, so every
 * fold keeps the one's complement sum.) */
static inline uint32_t
csum_fold64(uint64_t sum)
{
    sum = (sum & 0xffffffff) + (sum >> 32);   /* Below 2^33. */
    return (sum & 0xffff) + (sum >> 16);      /* Below 2^16 + 2^17. */
}

/* Adds the 'n' bytes at 'data' to 'partial', 'n' a multiple of 4.  Not
 * complemented.  Meant for the small fixed-size sums of the per-packet
 * path (an IPv4 or IPv6 address pair, the IPv4 header): with a constant
 * 'n' the loops unroll into plain loads and adds.  'data' needs only
 * 2-byte alignment (memcpy loads).
 *
 * Below 16 bytes, 32-bit words are added into 64 bits, where they cannot
 * overflow.  From 16 bytes on, 64-bit words (and a last 32-bit one) take
 * fewer instructions: their carries out of bit 63 are counted and added
 * back at the end (2^64 is 1 modulo 2^64 - 1, a multiple of 0xffff), so
 * the result still keeps the one's complement sum and is zero only if
 * every word is. */
static inline uint32_t
csum_add_words(uint32_t partial, const void *data, size_t n)
{
    const uint8_t *p = data;
    uint64_t sum = partial;
    uint64_t carries = 0;
    size_t i;

    if (n < 16) {
        for (i = 0; i < n; i += 4) {
            uint32_t w;

            memcpy(&w, p + i, sizeof w);
            sum += w;
        }
        return csum_fold64(sum);
    }

    /* Unrolled: the sizes used (8, 12, 16, 20, 32) are small constants. */
#pragma GCC unroll 4
    for (i = 0; i + 8 <= n; i += 8) {
        uint64_t w;

        memcpy(&w, p + i, sizeof w);
        carries += __builtin_add_overflow(sum, w, &sum);
    }
    if (i < n) {
        uint32_t w;

        memcpy(&w, p + i, sizeof w);
        carries += __builtin_add_overflow(sum, w, &sum);
    }
    /* The carries back in, and the carry that this may cause (then 'sum'
     * is small, and one more cannot overflow). */
    if (__builtin_add_overflow(sum, carries, &sum)) {
        sum++;
    }
    return csum_fold64(sum);
}

/* Partial sums of IPv4 and IPv6 pseudo-headers (RFC 768, RFC 8200 8.1),
 * for 'len' bytes of upper-layer packet of protocol 'proto'. */
uint32_t ipxl_csum_pseudo4(const struct ip_header *, uint8_t proto,
                           size_t len);
uint32_t ipxl_csum_pseudo6(const struct ip6_header *, uint8_t proto,
                           size_t len);

/* Recomputes the IPv4 header checksum of 'ip' from scratch (20 bytes plus
 * options, 'hlen' in bytes). */
void ipxl_csum_ip4_header(struct ip_header *ip, size_t hlen);

#endif /* ipxlat-csum.h */
