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

/* Fragmentation of translated packets: IPv6 ones (RFC 7915 section 4.1,
 * RFC 8200 section 4.5) and IPv4 ones (RFC 7915 section 5, RFC 791
 * section 3.2, RFC 1812 section 4.2.2.7).
 *
 * ipxl_xlat_46() hands over a whole translated packet that always carries a
 * Fragment header: the one of an IPv4 fragment, or one it added (offset 0,
 * M clear) to keep the IPv4 Identification.  Each piece is the IPv6
 * header, a Fragment header with the same ID and one chunk of the
 * payload; offsets add to the packet's own offset and the last piece keeps
 * the packet's own M flag, so an IPv4 fragment is re-fragmented into a
 * consistent part of its datagram.
 *
 * ipxl_xlat_64() hands over a whole translated IPv4 packet with a 20-byte
 * header and DF clear, possibly itself a fragment.  Each piece is a copy
 * of that header with its own Total Length, offset, MF flag and Header
 * Checksum, and one chunk of the payload, by the same offset and MF
 * rules. */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"
#include "ipxlat-util.h"

/* The IPv4 part of ipxlat_frag_init(): 'it' already holds the packet and
 * its length. */
static void
frag_init4(struct ipxlat_frag_iter *it, const struct ipxlat_config *cfg)
{
    const uint8_t *p = it->pkt;
    uint16_t frag;

    it->hdr_len = IP_HEADER_LEN;
    it->pos = it->len;
    if (it->len < IP_HEADER_LEN || IP_IHL(p[0]) != IP_HEADER_LEN / 4) {
        return;
    }
    frag = get_be16(p + 6);
    if (frag & IP_DF) {
        /* RFC 791 section 3.2: a datagram with DF set is never cut. */
        return;
    }
    it->id = get_be16(p + 4);
    it->base_offset = (frag & IP_FRAG_OFF_MASK) << 3;
    it->base_mf = (frag & IP_MF) != 0;
    it->pos = IP_HEADER_LEN;

    /* RFC 791 section 3.2: every fragment but the last carries a multiple
     * of 8 payload bytes; with its header each fits mtu4. */
    if (cfg->mtu4 > IP_HEADER_LEN) {
        it->max_payload = (cfg->mtu4 - IP_HEADER_LEN) & ~7u;
    }
}

/* Prepares 'it' to cut 'pkt', a translated packet, into fragments.  An
 * IPv6 packet is cut to fit min(mtu6, lowest_ipv6_mtu) of 'cfg'; one
 * without a Fragment header is cut with ID 0 from offset 0.  An IPv4
 * packet (20-byte header, DF clear) is cut to fit mtu4; one with DF set
 * or with options gives no fragments. */
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
    if (pkt->len && IP_VER(p[0]) == 4) {
        it->version = 4;
        frag_init4(it, cfg);
        return;
    }
    it->version = 6;
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

    /* RFC 7915 section 4.1 ("fragment ... so that the resulting IPv6
     * packets fit in the MTU"), RFC 8200 section 4.5: payload per fragment
     * (mpl - 48) rounded down to 8, so that every piece with its two
     * headers fits the lowest IPv6 MTU. */
    if (mpl > IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN) {
        it->max_payload = (mpl - IPV6_HEADER_LEN - IP6_FRAG_HDR_LEN) & ~7u;
    }
}

/* Writes into 'buf' the header of the IPv4 fragment of 'chunk' payload
 * bytes (the last one if 'last'), at offset 'ofs' in its datagram.  'buf'
 * may be the packet itself (ipxlat_frag_first_in_place()). */
static void
frag_header4(const struct ipxlat_frag_iter *it, uint8_t *buf, size_t chunk,
             size_t ofs, bool last)
{
    uint16_t csum;

    /* RFC 791 section 3.2: the header is copied; each piece gets its own
     * Total Length, Fragment Offset (in 8-byte units), MF (set but on the
     * piece that ends the datagram) and Header Checksum.  DF stays
     * clear. */
    if (buf != it->pkt) {
        memcpy(buf, it->pkt, IP_HEADER_LEN);
    }
    put_be16(buf + 2, IP_HEADER_LEN + chunk);
    put_be16(buf + 6, ((ofs >> 3) & IP_FRAG_OFF_MASK)
                      | (!last || it->base_mf ? IP_MF : 0));
    buf[10] = buf[11] = 0;
    csum = csum_finish(ipxl_csum_add_bytes(0, buf, IP_HEADER_LEN));
    memcpy(buf + 10, &csum, 2);
}

/* Writes into 'buf' the headers of the IPv6 fragment of 'chunk' payload
 * bytes (the last one if 'last'), at offset 'ofs' in its datagram.  'buf'
 * may be the packet itself, which then already has its Fragment header
 * (ipxlat_frag_first_in_place()). */
static void
frag_header6(const struct ipxlat_frag_iter *it, uint8_t *buf, size_t chunk,
             size_t ofs, bool last)
{
    /* RFC 8200 section 4.5: the unfragmentable part (the IPv6 header)
     * with Payload Length for this piece, then the Fragment header. */
    if (buf != it->pkt) {
        memcpy(buf, it->pkt, IPV6_HEADER_LEN);
    }
    put_be16(buf + 4, IP6_FRAG_HDR_LEN + chunk);
    buf[6] = IPPROTO_FRAGMENT_;
    buf[40] = it->next_header;
    buf[41] = 0;
    put_be16(buf + 42, ofs | (!last || it->base_mf ? IP6_FRAG_MF : 0));
    put_be32(buf + 44, it->id);
}

/* Writes into 'buf' the headers of the fragment of 'chunk' payload bytes
 * at offset 'ofs' (the last one if 'last'), of the version 'it' cuts. */
static void
frag_header(const struct ipxlat_frag_iter *it, uint8_t *buf, size_t chunk,
            size_t ofs, bool last)
{
    if (it->version == 4) {
        frag_header4(it, buf, chunk, ofs, last);
    } else {
        frag_header6(it, buf, chunk, ofs, last);
    }
}

/* Whether 'it' has produced all its pieces (or produces none). */
static bool
frag_done(const struct ipxlat_frag_iter *it)
{
    return it->pos >= it->len || !it->max_payload;
}

/* The piece of the packet that 'it' cuts next: stores its payload length
 * in '*chunk', its offset in the datagram in '*ofs' and whether it ends
 * the packet in '*last', and returns its whole length.  Returns 0 if all
 * pieces were produced. */
static size_t
frag_piece(const struct ipxlat_frag_iter *it, size_t *chunk, size_t *ofs,
           bool *last)
{
    if (frag_done(it)) {
        return 0;
    }
    *chunk = MIN(it->len - it->pos, it->max_payload);
    *last = it->pos + *chunk == it->len;
    *ofs = it->base_offset + (it->pos - it->hdr_len);
    return (it->version == 4 ? IP_HEADER_LEN
            : IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN) + *chunk;
}

/* Returns how many fragments 'it' has yet to produce. */
size_t
ipxlat_frag_count(const struct ipxlat_frag_iter *it)
{
    if (frag_done(it)) {
        return 0;
    }
    return (it->len - it->pos + it->max_payload - 1) / it->max_payload;
}

/* Makes the packet that 'it' cuts, whose bytes are at 'data' (the 'data'
 * of the ipxlat_pkt that 'it' was initialised with, writable), its own
 * first fragment, and returns that fragment's length: the caller then
 * keeps only that many bytes of it.  The later fragments come, as usual,
 * from ipxlat_frag_next(), which reads what follows: the packet must keep
 * its bytes until the last is produced.  Only the headers are rewritten,
 * in the fields that ipxlat_frag_next() sets in each piece anyway.
 * Returns 0, changing nothing, if 'data' is not that packet, if 'it'
 * produced a fragment already or produces none, or if an IPv6 packet has
 * no Fragment header (ipxl_xlat_46() always gives it one). */
size_t
ipxlat_frag_first_in_place(struct ipxlat_frag_iter *it, uint8_t *data)
{
    size_t chunk, ofs, n;
    bool last;

    if (data != it->pkt || it->pos != it->hdr_len
        || (it->version == 6
            && it->hdr_len != IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN)) {
        return 0;
    }
    n = frag_piece(it, &chunk, &ofs, &last);
    if (!n) {
        return 0;
    }
    frag_header(it, data, chunk, ofs, last);
    it->pos += chunk;
    return n;
}

/* Writes the next fragment into 'buf' ('cap' bytes) and returns its
 * length, or 0 when all fragments were produced.  Also returns 0 (and
 * produces nothing more) if 'cap' cannot hold the next fragment: a 'cap'
 * of min(mtu6, lowest_ipv6_mtu) bytes (IPv6) or mtu4 bytes (IPv4) always
 * suffices. */
size_t
ipxlat_frag_next(struct ipxlat_frag_iter *it, uint8_t *buf, size_t cap)
{
    size_t chunk, ofs, n;
    bool last;

    n = frag_piece(it, &chunk, &ofs, &last);
    if (!n || cap < n) {
        return 0;
    }
    frag_header(it, buf, chunk, ofs, last);
    memcpy(buf + (n - chunk), it->pkt + it->pos, chunk);
    it->pos += chunk;
    return n;
}
