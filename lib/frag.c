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


/* Fragmentation of translated IPv6 packets (RFC 7915 section 4.1, RFC
 * 8200 section 4.5).
 *
 * xlat_46() hands over a whole translated packet that always carries a
 * Fragment header: the one of an IPv4 fragment, or one it added (offset 0,
 * M clear) to keep the IPv4 Identification.  Each piece is the IPv6
 * header, a Fragment header with the same ID and one chunk of the
 * payload; offsets add to the packet's own offset and the last piece keeps
 * the packet's own M flag, so an IPv4 fragment is re-fragmented into a
 * consistent part of its datagram. */

#include "xlat.h"

#define MIN(A, B) ((A) < (B) ? (A) : (B))

/* Prepares 'it' to cut 'pkt', a translated IPv6 packet, into fragments
 * that fit min(mtu6, lowest_ipv6_mtu) of 'cfg'.  A packet without a
 * Fragment header is cut with ID 0 from offset 0. */
void
ipxlat_frag_init(struct ipxlat_frag_iter *it,
                 const struct ipxlat_config *cfg,
                 const struct ipxlat_pkt *pkt)
{
    const uint8_t *p = pkt->data;
    size_t mpl = MIN(cfg->mtu6, cfg->lowest_ipv6_mtu);

    memset(it, 0, sizeof *it);
    it->pkt = p;
    it->len = pkt->len;
    it->hdr_len = IPV6_HEADER_LEN;
    if (pkt->len < IPV6_HEADER_LEN) {
        it->pos = it->len;
        return;
    }
    it->next_header = p[6];
    if (p[6] == IPPROTO_FRAGMENT_
        && pkt->len >= IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN) {
        uint16_t off_flags = get_be16(p + 42);

        it->hdr_len = IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN;
        it->next_header = p[40];
        it->base_offset = off_flags & IP6_FRAG_OFF_MASK;
        it->base_mf = (off_flags & IP6_FRAG_MF) != 0;
        it->id = get_be32(p + 44);
    }
    it->pos = it->hdr_len;

    /* DESIGN: payload per fragment (mpl - 48) rounded down to 8, so that
     * every piece with its two headers fits the lowest IPv6 MTU. */
    if (mpl > IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN) {
        it->max_payload = (mpl - IPV6_HEADER_LEN - IP6_FRAG_HDR_LEN) & ~7u;
    }
}

/* Writes the next fragment into 'buf' ('cap' bytes) and returns its
 * length, or 0 when all fragments were produced.  Also returns 0 (and
 * produces nothing more) if 'cap' cannot hold the next fragment: a 'cap'
 * of min(mtu6, lowest_ipv6_mtu) bytes always suffices. */
size_t
ipxlat_frag_next(struct ipxlat_frag_iter *it, uint8_t *buf, size_t cap)
{
    size_t chunk, n, ofs;
    bool last;

    if (it->pos >= it->len || !it->max_payload) {
        return 0;
    }
    chunk = MIN(it->len - it->pos, it->max_payload);
    last = it->pos + chunk == it->len;
    n = IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN + chunk;
    if (cap < n) {
        return 0;
    }
    ofs = it->base_offset + (it->pos - it->hdr_len);

    /* RFC 8200 section 4.5: the unfragmentable part (the IPv6 header)
     * with Payload Length for this piece, then the Fragment header. */
    memcpy(buf, it->pkt, IPV6_HEADER_LEN);
    put_be16(buf + 4, IP6_FRAG_HDR_LEN + chunk);
    buf[6] = IPPROTO_FRAGMENT_;
    buf[40] = it->next_header;
    buf[41] = 0;
    put_be16(buf + 42, ofs | (!last || it->base_mf ? IP6_FRAG_MF : 0));
    put_be32(buf + 44, it->id);
    memcpy(buf + IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN, it->pkt + it->pos,
           chunk);
    it->pos += chunk;
    return n;
}
