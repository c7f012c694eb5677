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

/* ICMP errors the translator originates.
 *
 * A translation step that finds an error due (TTL expired, too big, ...)
 * records its type, code and rest-of-header word in the state and returns
 * an IPXLAT_ERR_* reason with the packet untouched.  This module turns that
 * packet, in place, into the error addressed back to its sender: a new
 * header is pushed in front and the offending packet is quoted, cut to the
 * size RFC 1812 (576 bytes) or RFC 4443 (1280 bytes) allows. */

#include "ipxlat-csum.h"
#include "ipxlat-xlat.h"

#define ERR_TTL 64                  /* TTL and hop limit of our errors. */

/* Whether the IPv4 address 'a' (network order) is one that never gets an
 * error: unspecified, loopback, multicast, reserved or limited
 * broadcast. */
static bool
ip4_no_error_to(ovs_be32 a)
{
    uint32_t h = ntohl(a);

    return h == 0 || (h >> 24) == 127 || (h >> 28) >= 14;
}

/* RFC 1812 section 4.3.2.7: no ICMPv4 error about an ICMP error, a
 * non-first fragment, or a packet to or from a multicast or broadcast
 * address. */
static bool
icmp4_error_allowed(const struct xlat_state *st)
{
    const uint8_t *p = st->pkt->data;
    const struct ip_header *ip = (const struct ip_header *) p;

    if (!st->l3.first) {
        return false;
    }
    if (st->l3.proto == IPPROTO_ICMP_
        && icmp4_is_error(p[st->l3.l4_ofs])) {
        return false;
    }
    return !ip4_no_error_to(get_16aligned_be32(ip->ip_src))
           && (ntohl(get_16aligned_be32(ip->ip_dst)) >> 28) < 14;
}

/* RFC 4443 section 2.4 (e): no ICMPv6 error about an ICMPv6 error, a
 * non-first fragment, a packet from an unspecified or multicast source,
 * or, but for Packet Too Big, to a multicast destination.  RFC 7915
 * section 5.4: the error for a packet the translator discards is not sent
 * "if the discarded packet is itself an ICMPv6 message", error or not. */
static bool
icmp6_error_allowed(const struct xlat_state *st, enum ipxlat_reason r)
{
    const uint8_t *p = st->pkt->data;
    const struct ip6_header *ip6 = (const struct ip6_header *) p;
    const uint8_t *src = (const uint8_t *) ip6->ip6_src;
    const uint8_t *dst = (const uint8_t *) ip6->ip6_dst;
    static const uint8_t unspecified[16];

    if (!st->l3.first) {
        return false;
    }
    if (st->l3.proto == IPPROTO_ICMPV6_
        && (icmp6_is_error(p[st->l3.l4_ofs])
            || r == IPXLAT_ERR_FRAG_EXT_HEADER)) {
        return false;
    }
    if (src[0] == 0xff || !memcmp(src, unspecified, 16)) {
        return false;
    }
    return dst[0] != 0xff || r == IPXLAT_ERR_PACKET_TOO_BIG;
}

/* The source of our ICMPv6 errors: src6, or else src4 through the
 * translator's own IPv4-to-IPv6 mapping. */
static bool
icmp6_error_source(const struct xlat_state *st, struct in6_addr *src)
{
    if (st->cfg->has_src6) {
        *src = st->cfg->src6;
        return true;
    }
    return ipxl_map_4to6(st->cfg, st->ctx, st->cfg->src4, src)
           != XLAT_MAP_NONE;
}

/* Makes 'pkt' the error whose 'hlen' bytes of new headers were written just
 * in front of it, quoting its first 'quote' bytes. */
static void
push_headers(struct ipxlat_pkt *pkt, size_t hlen, size_t quote)
{
    pkt->headroom -= hlen;
    pkt->tailroom += pkt->len - quote;
    pkt->data -= hlen;
    pkt->len = hlen + quote;
}

/* Writes at 'icmp' the ICMP or ICMPv6 header of the error recorded in
 * 'st', with the checksum over it, the 'quote' bytes that follow it and
 * the pseudo-header of partial sum 'pseudo' (0 for ICMPv4, which has
 * none). */
static void
put_error_header(struct icmp_header *icmp, const struct xlat_state *st,
                 uint32_t pseudo, size_t quote)
{
    icmp->icmp_type = st->err_type;
    icmp->icmp_code = st->err_code;
    icmp->icmp_csum = 0;
    put_be32(icmp->icmp_rest, st->err_info);
    icmp->icmp_csum = csum_finish(
        ipxl_csum_add_bytes(pseudo, icmp, ICMP_HEADER_LEN + quote));
}

/* Turns the IPv4 packet in 'st' into the ICMPv4 error recorded there. */
static enum ipxlat_reason
build_icmp4(struct xlat_state *st, enum ipxlat_reason r)
{
    struct ipxlat_pkt *pkt = st->pkt;
    const size_t hlen = IP_HEADER_LEN + ICMP_HEADER_LEN;
    size_t quote = st->l3.tot_len;

    if (pkt->headroom < hlen) {
        return IPXLAT_DROP_NO_ROOM;
    }
    if (quote > ICMP4_ERR_MAX_LEN - hlen) {
        quote = ICMP4_ERR_MAX_LEN - hlen;
    }

    const struct ip_header *orig = (const struct ip_header *) pkt->data;
    ovs_be32 dst = get_16aligned_be32(orig->ip_src);
    uint8_t *p = pkt->data - hlen;
    struct ip_header *ip = (struct ip_header *) p;
    struct icmp_header *icmp = (struct icmp_header *) (p + IP_HEADER_LEN);

    ip->ip_ihl_ver = 0x45;
    ip->ip_tos = 0;
    put_be16(&ip->ip_tot_len, hlen + quote);
    ip->ip_id = 0;
    ip->ip_frag_off = 0;
    ip->ip_ttl = ERR_TTL;
    ip->ip_proto = IPPROTO_ICMP_;
    put_16aligned_be32(ip->ip_src, st->cfg->src4);
    put_16aligned_be32(ip->ip_dst, dst);
    ipxl_csum_ip4_header(ip, IP_HEADER_LEN);

    put_error_header(icmp, st, 0, quote);

    push_headers(pkt, hlen, quote);
    return r;
}

/* Turns the IPv6 packet in 'st' into the ICMPv6 error recorded there. */
static enum ipxlat_reason
build_icmp6(struct xlat_state *st, enum ipxlat_reason r)
{
    struct ipxlat_pkt *pkt = st->pkt;
    const size_t hlen = IPV6_HEADER_LEN + ICMP_HEADER_LEN;
    size_t quote = st->l3.tot_len;
    struct in6_addr src;

    if (!icmp6_error_source(st, &src)) {
        return IPXLAT_DROP_NO_ERROR_SOURCE;
    }
    if (pkt->headroom < hlen) {
        return IPXLAT_DROP_NO_ROOM;
    }
    if (quote > ICMP6_ERR_MAX_LEN - hlen) {
        quote = ICMP6_ERR_MAX_LEN - hlen;
    }

    uint8_t *p = pkt->data - hlen;
    struct ip6_header *ip6 = (struct ip6_header *) p;
    struct icmp_header *icmp = (struct icmp_header *) (p + IPV6_HEADER_LEN);
    const struct ip6_header *orig = (const struct ip6_header *) pkt->data;

    /* The original source moves 48 bytes back: copy it before the new
     * header overwrites nothing of it (the regions do not overlap, as the
     * new header ends where the original begins). */
    memcpy(ip6->ip6_dst, orig->ip6_src, sizeof ip6->ip6_dst);
    memcpy(ip6->ip6_src, &src, sizeof ip6->ip6_src);
    put_be32(ip6->ip6_vtc_flow, 0x60000000);
    put_be16(&ip6->ip6_plen, ICMP_HEADER_LEN + quote);
    ip6->ip6_nxt = IPPROTO_ICMPV6_;
    ip6->ip6_hlim = ERR_TTL;

    put_error_header(icmp, st,
                     ipxl_csum_pseudo6(ip6, IPPROTO_ICMPV6_,
                                       ICMP_HEADER_LEN + quote),
                     quote);

    push_headers(pkt, hlen, quote);
    return r;
}

enum ipxlat_reason
ipxl_icmp_err_build(struct xlat_state *st, enum ipxlat_reason r)
{
    bool v4 = IP_VER(st->pkt->data[0]) == 4;
    /* Each budget is spent only by its own errors (ipxlat-config.h). */
    bool pmtu = r == IPXLAT_ERR_FRAG_NEEDED || r == IPXLAT_ERR_PACKET_TOO_BIG;
    struct ipxlat_ratelimit *rl = st->cfg->rl;

    if (v4 ? !icmp4_error_allowed(st) : !icmp6_error_allowed(st, r)) {
        return IPXLAT_DROP_ERROR_SUPPRESSED;
    }
    if (rl) {
        rl += pmtu ? IPXLAT_BUDGET_PMTU : IPXLAT_BUDGET_ERRORS;
    }
    if (!ipxl_ratelimit_allow(rl, st->ctx->now_ms)) {
        return pmtu ? IPXLAT_DROP_RATE_LIMITED_PMTU : IPXLAT_DROP_RATE_LIMITED;
    }
    return v4 ? build_icmp4(st, r) : build_icmp6(st, r);
}
