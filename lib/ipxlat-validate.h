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

#ifndef IPXLAT_VALIDATE_H
#define IPXLAT_VALIDATE_H 1

/* Validation of IPv4 and IPv6 packets, outer or quoted in an ICMP error:
 * the one parse step of a translation.  It checks the packet and records
 * its layout in a 'struct xlat_l3' (see ipxlat-xlat.h for what the caller
 * may assume afterwards); the translation steps work on that layout and
 * never parse the headers again.
 *
 * The functions are inline so that each translation direction gets a copy
 * specialised for its outer packet ('inner' false), the per-packet case,
 * and one for the packets ICMP errors quote. */

#include "ipxlat-csum.h"
#include "ipxlat-xlat.h"

/* Checks the IPv4 packet of 'len' bytes at 'p' and records its layout in
 * '*l3'.  An outer packet must be complete and carry a valid header
 * checksum; the caller drops bytes past its total length.  An 'inner'
 * packet (quoted in an ICMP error) may be cut short: its claimed length
 * may exceed 'len', its checksum is not checked and 'tot_len' is 'len'.
 * Returns XLAT_CONTINUE, IPXLAT_DROP_MALFORMED_IP4 or
 * IPXLAT_DROP_MALFORMED_L4. */
static inline __attribute__((always_inline)) enum ipxlat_reason
validate4(const uint8_t *p, size_t len, bool inner, struct xlat_l3 *l3)
{
    const struct ip_header *ip = (const struct ip_header *) p;
    size_t hlen, claimed, avail;
    uint16_t frag;

    /* RFC 791: version 4, header length at least 5 words, total length
     * covering at least the header. */
    if (len < IP_HEADER_LEN || IP_VER(p[0]) != 4) {
        return IPXLAT_DROP_MALFORMED_IP4;
    }
    hlen = IP_IHL(p[0]) * 4;
    claimed = get_be16(&ip->ip_tot_len);
    if (hlen < IP_HEADER_LEN || hlen > len || claimed < hlen) {
        return IPXLAT_DROP_MALFORMED_IP4;
    }
    if (!inner) {
        if (claimed > len) {
            return IPXLAT_DROP_MALFORMED_IP4;
        }
        /* RFC 1071: the header sums to all ones.  'hlen' is a multiple
         * of 4; the usual 20 bytes get an unrolled sum. */
        uint32_t sum = (hlen == IP_HEADER_LEN
                        ? csum_add_words(0, p, IP_HEADER_LEN)
                        : csum_add_words(0, p, hlen));

        if (csum_fold(sum) != 0xffff) {
            return IPXLAT_DROP_MALFORMED_IP4;
        }
        avail = claimed;
    } else {
        avail = len;
    }

    /* Every field is set here, so no memset of the whole layout. */
    frag = get_be16(&ip->ip_frag_off);
    *l3 = (struct xlat_l3) {
        .tot_len = avail,
        .claimed_len = claimed,
        .l4_ofs = hlen,
        .proto = ip->ip_proto,
        .mf = (frag & IP_MF) != 0,
        .frag_offset = (frag & IP_FRAG_OFF_MASK) * 8,
        .frag_id = get_be16(&ip->ip_id),
    };
    l3->fragment = l3->mf || l3->frag_offset;
    l3->first = !l3->frag_offset;

    /* RFC 791: a datagram holds at most 65535 bytes, so no fragment may
     * reach past that (pieces cut from it would get wrapped offsets). */
    if (l3->frag_offset + (claimed - hlen) > UINT16_MAX) {
        return IPXLAT_DROP_MALFORMED_IP4;
    }

    /* The fixed upper-layer header of a first fragment must be present. */
    if (l3->first
        && avail - hlen < xlat_l4_min_len(ip->ip_proto, IPPROTO_ICMP_,
                                          inner)) {
        return IPXLAT_DROP_MALFORMED_L4;
    }
    return XLAT_CONTINUE;
}

/* Checks the IPv6 packet of 'len' bytes at 'p' and records its layout in
 * '*l3'.
 *
 * An outer packet must hold 40 + Payload Length bytes; 'tot_len' is that
 * length (the caller drops the bytes past it).  An 'inner' packet (quoted
 * in an ICMPv6 error) may be cut short: 'claimed_len' is what its header
 * says, 'tot_len' the bytes present, but every extension header must still
 * lie within those bytes.
 *
 * The chain is walked as RFC 8200 section 4.1 orders it: Hop-by-Hop
 * Options only first, then Routing, Destination Options and Fragment
 * headers.  Anything else (including No Next Header, AH and ESP) is the
 * upper layer.  The walk stops at the Fragment header of a non-first
 * fragment, whose remaining bytes are data.  In a first fragment it goes
 * on past the Fragment header, through Hop-by-Hop Options too, only to
 * find the upper layer: RFC 7915 section 5.1.1 refuses any extension
 * header there (the Next Header of the Fragment header tells), and the
 * refusal must know whether it is about an ICMPv6 message (section 5.4).
 * A Routing header after the Fragment header is therefore not looked at
 * for Segments Left.
 *
 * Returns XLAT_CONTINUE, IPXLAT_DROP_MALFORMED_IP6 or
 * IPXLAT_DROP_MALFORMED_L4. */
static inline __attribute__((always_inline)) enum ipxlat_reason
validate6(const uint8_t *p, size_t len, bool inner, struct xlat_l3 *l3)
{
    const struct ip6_header *ip6 = (const struct ip6_header *) p;
    size_t claimed, avail, ofs, min;
    bool seen_frag = false;
    uint8_t nh;

    /* RFC 8200 section 3: version 6 and a 40-byte header. */
    if (len < IPV6_HEADER_LEN || IP_VER(p[0]) != 6) {
        return IPXLAT_DROP_MALFORMED_IP6;
    }
    claimed = IPV6_HEADER_LEN + get_be16(&ip6->ip6_plen);
    if (claimed > UINT16_MAX) {
        /* Too long for the layout's 16-bit lengths; its translation would
         * not fit an IPv4 Total Length either (unless its extension headers
         * are long, which no real packet does). */
        return IPXLAT_DROP_MALFORMED_IP6;
    }
    if (!inner) {
        if (claimed > len) {
            return IPXLAT_DROP_MALFORMED_IP6;
        }
        avail = claimed;
    } else {
        avail = claimed < len ? claimed : len;
    }

    /* Every field is set here, so no memset of the whole layout. */
    *l3 = (struct xlat_l3) {
        .tot_len = avail,
        .claimed_len = claimed,
        .first = true,
    };

    nh = ip6->ip6_nxt;
    ofs = IPV6_HEADER_LEN;
    while (nh == IPPROTO_HOPOPTS_ || nh == IPPROTO_ROUTING_
           || nh == IPPROTO_DSTOPTS_ || nh == IPPROTO_FRAGMENT_) {
        size_t hlen;

        /* Extension headers only: most packets skip the loop at once. */

        if (nh == IPPROTO_HOPOPTS_ && ofs != IPV6_HEADER_LEN
            && !seen_frag) {
            /* RFC 8200 section 4.3: Hop-by-Hop Options only right after
             * the IPv6 header. */
            return IPXLAT_DROP_MALFORMED_IP6;
        } else if (nh == IPPROTO_HOPOPTS_ || nh == IPPROTO_ROUTING_
                   || nh == IPPROTO_DSTOPTS_) {
            /* RFC 8200 sections 4.3, 4.4, 4.6: length in 8-octet units,
             * not counting the first 8 octets. */
            if (ofs + 2 > avail) {
                return IPXLAT_DROP_MALFORMED_IP6;
            }
            hlen = (p[ofs + 1] + 1) * 8;
            if (ofs + hlen > avail) {
                return IPXLAT_DROP_MALFORMED_IP6;
            }
            /* RFC 8200 section 4.4: Segments Left is the fourth octet. */
            if (nh == IPPROTO_ROUTING_ && p[ofs + 3] && !l3->segleft_ofs
                && !seen_frag) {
                l3->segleft_ofs = ofs + 3;
            }
            nh = p[ofs];
            ofs += hlen;
        } else if (nh == IPPROTO_FRAGMENT_) {
            const struct ip6_frag_header *fh;
            uint16_t off_flags;

            /* RFC 8200 section 4.5: one Fragment header of 8 octets. */
            if (seen_frag || ofs + IP6_FRAG_HDR_LEN > avail) {
                return IPXLAT_DROP_MALFORMED_IP6;
            }
            seen_frag = true;
            fh = (const struct ip6_frag_header *) (p + ofs);
            off_flags = get_be16(&fh->off_flags);
            l3->frag_ofs = ofs;
            l3->frag_offset = off_flags & IP6_FRAG_OFF_MASK;
            l3->mf = (off_flags & IP6_FRAG_MF) != 0;
            l3->frag_id = get_be32(fh->id);
            l3->first = l3->frag_offset == 0;
            /* An atomic fragment (offset 0, M clear, RFC 6946) is a whole
             * datagram. */
            l3->fragment = !l3->first || l3->mf;
            nh = fh->nxt;
            ofs += IP6_FRAG_HDR_LEN;
            if (!l3->first) {
                /* The rest is data, not headers. */
                break;
            }
        }
    }
    l3->proto = nh;
    l3->l4_ofs = ofs;

    min = xlat_l4_min_len(nh, IPPROTO_ICMPV6_, inner);
    if (l3->first && ofs + min > avail) {
        return IPXLAT_DROP_MALFORMED_L4;
    }
    return XLAT_CONTINUE;
}

#endif /* ipxlat-validate.h */
