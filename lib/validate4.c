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


/* Validation of IPv4 packets, outer or quoted in an ICMP error. */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"

/* Checks the IPv4 packet of 'len' bytes at 'p' and records its layout in
 * '*l3'.  An outer packet must be complete and carry a valid header
 * checksum; the caller drops bytes past its total length.  An 'inner'
 * packet (quoted in an ICMP error) may be cut short: its claimed length
 * may exceed 'len', its checksum is not checked and 'tot_len' is 'len'.
 * Returns XLAT_CONTINUE, IPXLAT_DROP_MALFORMED_IP4 or
 * IPXLAT_DROP_MALFORMED_L4. */
enum ipxlat_reason
ipxl_validate4(const uint8_t *p, size_t len, bool inner, struct xlat_l3 *l3)
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

    frag = get_be16(&ip->ip_frag_off);
    memset(l3, 0, sizeof *l3);
    l3->tot_len = avail;
    l3->claimed_len = claimed;
    l3->l4_ofs = hlen;
    l3->proto = ip->ip_proto;
    l3->mf = (frag & IP_MF) != 0;
    l3->frag_offset = (frag & IP_FRAG_OFF_MASK) * 8;
    l3->fragment = l3->mf || l3->frag_offset;
    l3->first = !l3->frag_offset;
    l3->frag_id = get_be16(&ip->ip_id);

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
