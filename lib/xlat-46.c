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

/* IPv4 -> IPv6 header translation (RFC 7915 sections 4.1, 4.3 and 4.5),
 * of a packet and of the packet an ICMPv4 error quotes.
 *
 * A packet is translated in the steps check, map, size and rewrite, as
 * xlat-64.c translates the other way.  Every check that may lead to an
 * ICMPv4 error runs before a single byte is changed.  The packet is
 * translated in place: the IPv6 header (and Fragment header, if any) is
 * written so that it ends exactly where the upper-layer header starts, so
 * the payload never moves.  ICMPv4 goes on to ipxl_icmp_46(). */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"
#include "ipxlat-transport.h"
#include "ipxlat-util.h"
#include "ipxlat-validate.h"

/* What the steps of ipxl_xlat_46() decide for the rewrite. */
struct plan_46 {
    struct in6_addr src6;       /* map_46(): the IPv6 addresses. */
    struct in6_addr dst6;
    bool icmp_err;              /* check_46(): an ICMPv4 error message. */
    bool amend;                 /* check_46(): a UDP checksum of zero to
                                 * compute (amend_udp_zero_csum). */
    bool frag_hdr;              /* size_46(): with a Fragment header. */
    bool fragment_after;        /* size_46(): too big for the IPv6 side,
                                 * to be cut by ipxlat_frag_next(). */
    bool hold;                  /* check_46(): a fragment for the
                                 * reassembly context... */
    bool join_only;             /* ...only if its datagram is there. */
};

/* Records the ICMPv4 error 'type'/'code' with rest-of-header 'info' in
 * 'st' and returns 'r', the reason that goes with it. */
static enum ipxlat_reason
xlat_err(struct xlat_state *st, uint8_t type, uint8_t code, uint32_t info,
         enum ipxlat_reason r)
{
    st->err_type = type;
    st->err_code = code;
    st->err_info = info;
    return r;
}

/* Walks the options of the IPv4 header 'ip' ('hlen' bytes).  Returns
 * IPXLAT_ERR_SOURCE_ROUTE (error recorded) for an unexpired source route,
 * IPXLAT_DROP_MALFORMED_IP4 for options that overrun the header, else
 * XLAT_CONTINUE. */
static enum ipxlat_reason
check_options(struct xlat_state *st, const uint8_t *ip, size_t hlen)
{
    size_t i = IP_HEADER_LEN;

    while (i < hlen) {
        uint8_t type = ip[i];
        size_t optlen;

        if (type == IPOPT_EOL_) {
            break;
        } else if (type == IPOPT_NOP_) {
            i++;
            continue;
        }
        if (hlen - i < 2) {
            return IPXLAT_DROP_MALFORMED_IP4;
        }
        optlen = ip[i + 1];
        if (optlen < 2 || optlen > hlen - i) {
            return IPXLAT_DROP_MALFORMED_IP4;
        }
        if (type == IPOPT_LSRR_ || type == IPOPT_SSRR_) {
            if (optlen < 3) {
                return IPXLAT_DROP_MALFORMED_IP4;
            }
            /* RFC 7915 section 4.1: an unexpired source route option (its
             * pointer, RFC 791, not yet past the option's end) makes the
             * packet untranslatable: discard it and send Destination
             * Unreachable, Source Route Failed (type 3, code 5). */
            if (ip[i + 2] <= optlen) {
                return xlat_err(st, ICMP4_DEST_UNREACH,
                                ICMP4_SOURCE_ROUTE_FAILED, 0,
                                IPXLAT_ERR_SOURCE_ROUTE);
            }
        }
        i += optlen;
    }
    return XLAT_CONTINUE;
}

/* The checks of RFC 7915 sections 4.1 to 4.5 that need no address
 * mapping, on the validated packet in 'st'.  The packet is not changed. */
static inline __attribute__((always_inline)) enum ipxlat_reason
check_46(struct xlat_state *st, struct plan_46 *pl)
{
    const struct xlat_l3 *l3 = &st->l3;
    const struct ip_header *ip = (const struct ip_header *) st->pkt->data;
    const uint8_t *l4 = st->pkt->data + l3->l4_ofs;

    if (l3->l4_ofs > IP_HEADER_LEN) {
        enum ipxlat_reason r = check_options(st, st->pkt->data,
                                             l3->l4_ofs);

        if (r != XLAT_CONTINUE) {
            return r;
        }
    }

    /* RFC 7915 section 4.1 (Hop Limit): the TTL is decremented as by any
     * router, and a packet that would leave with TTL 0 gets Time Exceeded
     * instead (RFC 7915 section 4.4, RFC 792).  The return pass of a
     * hairpinned packet is not a hop. */
    if (!st->return_pass && ip->ip_ttl <= 1) {
        return xlat_err(st, ICMP4_TIME_EXCEEDED, ICMP4_TTL_EXCEEDED, 0,
                        IPXLAT_ERR_TIME_EXCEEDED);
    }

    /* ICMPv6 carried in IPv4 has no meaning on either side (its checksum
     * needs an IPv6 pseudo-header the sender never had): it must not
     * cross, just as RFC 7915 section 5.1 drops ICMPv4 in IPv6. */
    if (l3->proto == IPPROTO_ICMPV6_) {
        return IPXLAT_DROP_PROTOCOL;
    }
    if (l3->proto == IPPROTO_ICMP_) {
        /* RFC 7915 section 4.2: the ICMPv6 checksum covers a pseudo-header
         * with the whole message's length, which no fragment knows: the
         * fragments are reassembled, or dropped without a context. */
        if (l3->fragment) {
            if (!st->ctx->reasm) {
                return IPXLAT_DROP_FRAG_ICMP;
            }
            pl->hold = true;
        }
        if (l3->first) {
            pl->icmp_err = icmp4_is_error(l4[0]);
        }
    }

    /* RFC 7915 section 4.5: IPv4 UDP with checksum zero.  "If the
     * translator cannot compute the checksum ... it MUST drop the packet
     * and SHOULD return an ICMPv4 error (Destination Unreachable,
     * Communication Administratively Prohibited)": without
     * amend_udp_zero_csum, and for the first fragment of a datagram that
     * cannot be reassembled (no context; ipxl_reasm_hold() sends the same
     * error when the context is full).  Only the first fragment shows the
     * zero: a later one joins its datagram if the context holds it, else
     * it is translated on its own, like any UDP fragment. */
    if (l3->proto == IPPROTO_UDP_ && l3->first
        && !get_be16(l4 + offsetof(struct udp_header, udp_csum))) {
        if (!st->cfg->amend_udp_zero_csum
            || (l3->fragment && !st->ctx->reasm)) {
            return xlat_err(st, ICMP4_DEST_UNREACH, ICMP4_ADMIN_PROHIBITED,
                            0, IPXLAT_ERR_UDP_ZERO_CSUM);
        }
        pl->amend = !l3->fragment;
        pl->hold = l3->fragment;
    } else if (l3->proto == IPPROTO_UDP_ && !l3->first && st->ctx->reasm
               && st->cfg->amend_udp_zero_csum) {
        pl->hold = pl->join_only = true;
    }
    return XLAT_CONTINUE;
}

/* RFC 6791: picks the source of a translated ICMPv4 error whose IPv4
 * source has no IPv6 mapping.  From 'pool6791v6' when configured: the
 * pool's host bits are filled with the low bits of 'src4' (a stateless
 * choice that still tells routers along a traceroute apart, where RFC
 * 6791 suggests a random one); else the translator's own 'src6'; else
 * 'src4' through the RFC 6052 prefix.  Returns false if none applies. */
static bool
rfc6791_src_46(const struct ipxlat_config *cfg, ovs_be32 src4,
               struct in6_addr *v6)
{
    if (cfg->has_pool6791v6) {
        const uint8_t *b = (const uint8_t *) &src4;
        unsigned int len = cfg->pool6791v6.len;

        *v6 = cfg->pool6791v6.addr;
        for (unsigned int i = 12; i < 16; i++) {
            uint8_t host;

            if (i * 8 >= len) {
                host = 0xff;
            } else if (i * 8 + 8 <= len) {
                host = 0;
            } else {
                host = 0xff >> (len - i * 8);
            }
            v6->s6_addr[i] |= b[i - 12] & host;
        }
        return true;
    } else if (cfg->has_src6) {
        *v6 = cfg->src6;
        return true;
    }
    return ipxl_map_4to6_prefix(cfg, cfg->src4, v6);
}

/* RFC 7915 section 4.1 (Source and Destination Address), RFC 7757
 * section 3.2: maps both addresses, EAM first, then RFC 6052.  The source
 * of an ICMPv4 error is mapped even if it is an address never translated
 * otherwise (ipxl_map_4to6_err_src()), and takes an RFC 6791 address only
 * if it has no mapping at all; the source of a packet on its return pass
 * is an IPv6 host that reached us through the prefix (RFC 7757 section
 * 4.2). */
static inline __attribute__((always_inline)) enum ipxlat_reason
map_46(struct xlat_state *st, struct plan_46 *pl)
{
    const struct ipxlat_config *cfg = st->cfg;
    const struct ip_header *ip = (const struct ip_header *) st->pkt->data;
    ovs_be32 src4 = get_16aligned_be32(ip->ip_src);
    ovs_be32 dst4 = get_16aligned_be32(ip->ip_dst);

    /* The usual case: both addresses map, looked up together. */
    if (!st->return_pass
        && ipxl_map_4to6_both(cfg, st->ctx, src4, dst4, &pl->src6,
                              &pl->dst6)) {
        return XLAT_CONTINUE;
    }

    if (!(st->return_pass
          ? ipxl_map_4to6_prefix(cfg, src4, &pl->src6)
          : (pl->icmp_err
             ? ipxl_map_4to6_err_src(cfg, st->ctx, src4, &pl->src6)
             : ipxl_map_4to6(cfg, st->ctx, src4, &pl->src6))
            != XLAT_MAP_NONE)) {
        /* RFC 6791: an ICMP error from an untranslatable source (a router
         * with a private address, typically) still reaches the IPv6
         * host, with a source from the pool. */
        if (!pl->icmp_err || !rfc6791_src_46(cfg, src4, &pl->src6)) {
            return (ipxl_wkp_refuses4(cfg, src4)
                    ? IPXLAT_DROP_WKP_NON_GLOBAL : IPXLAT_DROP_SRC_ADDR);
        }
    }
    if (ipxl_map_4to6(cfg, st->ctx, dst4, &pl->dst6) == XLAT_MAP_NONE) {
        return (ipxl_wkp_refuses4(cfg, dst4)
                ? IPXLAT_DROP_WKP_NON_GLOBAL : IPXLAT_DROP_DST_ADDR);
    }
    return XLAT_CONTINUE;
}

/* RFC 7915 section 4.1: decides whether the translated packet gets a
 * Fragment header and whether it fits the IPv6 side.  Returns
 * IPXLAT_ERR_FRAG_NEEDED (recorded) for a packet with DF set that is too
 * big for mtu6, IPXLAT_DROP_NO_ROOM if the buffer cannot take the bigger
 * header, else XLAT_CONTINUE. */
static inline __attribute__((always_inline)) enum ipxlat_reason
size_46(struct xlat_state *st, struct plan_46 *pl)
{
    const struct ipxlat_config *cfg = st->cfg;
    const struct xlat_l3 *l3 = &st->l3;
    const struct ip_header *ip = (const struct ip_header *) st->pkt->data;
    size_t l4_len = l3->tot_len - l3->l4_ofs;
    size_t out_len, hlen6;

    /* RFC 7915 section 4.1: a Fragment header only if the IPv4 packet is
     * already a fragment. */
    pl->frag_hdr = l3->fragment;
    out_len = IPV6_HEADER_LEN + (pl->frag_hdr ? IP6_FRAG_HDR_LEN : 0)
              + l4_len;

    /* An ICMP error is cut to 1280 bytes by ipxl_icmp_46() (RFC 7915
     * section 4.3), so it always fits; a packet on its return pass goes
     * back the way it came and is never fragmented. */
    if (!st->return_pass && !pl->icmp_err) {
        uint16_t frag = get_be16(&ip->ip_frag_off);

        if ((frag & IP_DF) && out_len > cfg->mtu6) {
            /* RFC 7915 section 4.1: DF set and too big for the IPv6 side:
             * Fragmentation Needed, with the MTU the IPv4 sender can use
             * (at least the 576 bytes every IPv4 host takes, RFC 791). */
            return xlat_err(st, ICMP4_DEST_UNREACH, ICMP4_FRAG_NEEDED,
                            MAX(576, cfg->mtu6
                                     - (IPV6_HEADER_LEN - IP_HEADER_LEN)),
                            IPXLAT_ERR_FRAG_NEEDED);
        } else if (!(frag & IP_DF)
                   && out_len > MIN(cfg->mtu6, cfg->lowest_ipv6_mtu)) {
            /* RFC 7915 section 4.1: DF clear and bigger than the lowest
             * IPv6 MTU: translate, then fragment.  A packet that is not a
             * fragment yet gets a Fragment header with offset 0, M clear
             * and the IPv4 Identification, so that ipxlat_frag_next()
             * keeps the ID (RFC 7915 section 4.1, Fragment header). */
            pl->fragment_after = true;
            pl->frag_hdr = true;
        }
    }

    hlen6 = IPV6_HEADER_LEN + (pl->frag_hdr ? IP6_FRAG_HDR_LEN : 0);
    if (hlen6 > l3->l4_ofs && st->pkt->headroom < hlen6 - l3->l4_ofs) {
        return IPXLAT_DROP_NO_ROOM;
    }
    return XLAT_CONTINUE;
}

/* RFC 7915 section 4.1: the one IPv6 header writer, for translated
 * packets and for the packets ICMP errors quote.  Writes at 'out' the IPv6
 * header (Version 6, Traffic Class copied from the Type of Service 'tos',
 * Flow Label 0, Payload Length 'plen', Next Header, Hop Limit 'hlim',
 * addresses) and, if 'frag_hdr', a Fragment header (Next Header, offset
 * and M copied from 'l3', Identification zero-extended).  'proto6' is the
 * upper-layer protocol, ICMPv6 for ICMPv4.  IPv4 options are ignored: they
 * are simply not copied. */
static inline __attribute__((always_inline)) void
put_ip6_46(uint8_t *out, uint8_t tos, size_t plen, uint8_t proto6,
           uint8_t hlim, const struct in6_addr *src6,
           const struct in6_addr *dst6, const struct xlat_l3 *l3,
           bool frag_hdr)
{
    put_be32(out, (6u << 28) | ((uint32_t) tos << 20));
    put_be16(out + 4, plen);
    out[6] = frag_hdr ? IPPROTO_FRAGMENT_ : proto6;
    out[7] = hlim;
    memcpy(out + 8, src6, sizeof *src6);
    memcpy(out + 24, dst6, sizeof *dst6);
    if (frag_hdr) {
        out[40] = proto6;
        out[41] = 0;
        put_be16(out + 42, l3->frag_offset | (l3->mf ? IP6_FRAG_MF : 0));
        put_be32(out + 44, l3->frag_id);
    }
}

/* Rewrites the checked IPv4 packet in 'st' into IPv6 in place, as 'pl'
 * says, walking the fields in the order of RFC 7915 section 4.1. */
static inline __attribute__((always_inline)) enum ipxlat_reason
rewrite_46(struct xlat_state *st, const struct plan_46 *pl)
{
    struct ipxlat_pkt *pkt = st->pkt;
    const struct xlat_l3 *l3 = &st->l3;
    const struct ip_header *ip = (const struct ip_header *) pkt->data;
    size_t l4_len = l3->tot_len - l3->l4_ofs;
    size_t hlen6 = IPV6_HEADER_LEN + (pl->frag_hdr ? IP6_FRAG_HDR_LEN : 0);
    uint8_t *l4 = pkt->data + l3->l4_ofs;
    uint8_t tos, hlim, proto6;
    uint8_t *data;

    /* Transport checksums, incrementally (RFC 7915 section 4.5): only the
     * pseudo-header addresses change.  Non-first fragments carry no
     * transport header. */
    if (l3->first && !pl->amend
        && (l3->proto == IPPROTO_TCP_ || l3->proto == IPPROTO_UDP_)) {
        transport_csum_update(
            l4, l4_len, l3->proto, csum_add_words(0, ip->ip_src, 8),
            csum_add_words(csum_add_words(0, &pl->src6, 16), &pl->dst6, 16));
    }

    /* Save what the new header needs before it overwrites the old. */
    tos = ip->ip_tos;
    hlim = st->return_pass ? ip->ip_ttl : ip->ip_ttl - 1;
    proto6 = l3->proto == IPPROTO_ICMP_ ? IPPROTO_ICMPV6_ : l3->proto;

    /* The IPv4 total length ends the packet; drop anything after it. */
    pkt->tailroom += pkt->len - l3->tot_len;
    data = l4 - hlen6;
    pkt->headroom = pkt->headroom + l3->l4_ofs - hlen6;
    pkt->data = data;
    pkt->len = hlen6 + l4_len;
    put_ip6_46(data, tos, pkt->len - IPV6_HEADER_LEN, proto6, hlim,
               &pl->src6, &pl->dst6, l3, pl->frag_hdr);

    if (pl->amend) {
        /* amend_udp_zero_csum (RFC 7915 section 4.5 lets a translator
         * compute it): the checksum the IPv4 sender left out, over the
         * IPv6 pseudo-header. */
        uint32_t s = ipxl_csum_pseudo6((const struct ip6_header *) data,
                                       IPPROTO_UDP_, l4_len);
        uint16_t c;

        put_be16(l4 + 6, 0);
        c = csum_finish(ipxl_csum_add_bytes(s, l4, l4_len));
        if (c == 0) {
            c = 0xffff;
        }
        memcpy(l4 + 6, &c, 2);
    }

    if (l3->proto == IPPROTO_ICMP_) {
        enum ipxlat_reason r = ipxl_icmp_46(st, l4, l4_len);

        if (r != XLAT_CONTINUE) {
            return r;
        }
    }
    return pl->fragment_after ? IPXLAT_FRAG_46 : IPXLAT_XLAT_46;
}

/* The general path made cheap for its most common case: a whole TCP or
 * UDP packet (no IPv4 options, not a fragment, a nonzero UDP checksum)
 * that translates without an error and without fragmentation.  Each test
 * is the one the general path's steps make for that case, named in the
 * comments, and the rewrite uses the general path's header writer and
 * checksum update, so such a packet comes out exactly as the general path
 * makes it: tests/check-fast-paths.sh runs every fuzz seed and corpus
 * input through both paths and compares output bytes and reasons.
 *
 * ipxlat_translate() tries it first, for a packet whose version it found
 * to be 4.  Returns true if it translated the packet, false, having
 * changed nothing, for anything else, which then takes the general path
 * (ipxl_xlat_46()).  Never used for the return pass of a hairpinned
 * packet. */
bool
ipxl_fast_46(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
             struct ipxlat_pkt *pkt)
{
    /* No Fragment header: put_ip6_46() reads nothing of it. */
    static const struct xlat_l3 no_frag_hdr;
    const struct ip_header *ip = (const struct ip_header *) pkt->data;
    struct in6_addr src6, dst6;
    size_t tot_len, l4_len, out_len;
    uint8_t proto, tos, hlim;
    uint16_t frag;
    uint8_t *l4, *data;

    /* validate4(): version 4 (which the caller checked) with a 20-byte
     * header (no options for check_46() to walk), the whole packet
     * present. */
    if (pkt->len < IP_HEADER_LEN || pkt->data[0] != 0x45) {
        return false;
    }
    tot_len = get_be16(&ip->ip_tot_len);
    if (tot_len < IP_HEADER_LEN || tot_len > pkt->len) {
        return false;
    }
    /* validate4() and check_46(): the fixed TCP or UDP header present, and
     * a UDP checksum other than zero (tested first: it sends everything
     * else to the general path at once). */
    l4 = pkt->data + IP_HEADER_LEN;
    l4_len = tot_len - IP_HEADER_LEN;
    proto = ip->ip_proto;
    if (!(proto == IPPROTO_TCP_ && l4_len >= TCP_HEADER_LEN)
        && !(proto == IPPROTO_UDP_ && l4_len >= UDP_HEADER_LEN
             && get_be16(l4 + 6))) {
        return false;
    }
    /* validate4(): a correct header checksum (RFC 1071); check_46(): not a
     * fragment (DF may be set), a TTL that survives the decrement. */
    frag = get_be16(&ip->ip_frag_off);
    if (csum_fold(csum_add_words(0, ip, IP_HEADER_LEN)) != 0xffff
        || frag & (IP_MF | IP_FRAG_OFF_MASK) || ip->ip_ttl <= 1) {
        return false;
    }

    /* map_46(): both addresses map. */
    if (!ipxl_map_4to6_both(cfg, ctx, get_16aligned_be32(ip->ip_src),
                            get_16aligned_be32(ip->ip_dst), &src6, &dst6)) {
        return false;
    }

    /* size_46(): no Fragmentation Needed, no fragmenting, and room for the
     * 20 bytes the header grows by. */
    out_len = IPV6_HEADER_LEN + l4_len;
    if (out_len > cfg->mtu6
        || (!(frag & IP_DF) && out_len > cfg->lowest_ipv6_mtu)
        || pkt->headroom < IPV6_HEADER_LEN - IP_HEADER_LEN) {
        return false;
    }

    /* rewrite_46(). */
    transport_csum_update(
        l4, l4_len, proto, csum_add_words(0, ip->ip_src, 8),
        csum_add_words(csum_add_words(0, &src6, 16), &dst6, 16));
    tos = ip->ip_tos;
    hlim = ip->ip_ttl - 1;
    pkt->tailroom += pkt->len - tot_len;
    data = l4 - IPV6_HEADER_LEN;
    pkt->headroom -= IPV6_HEADER_LEN - IP_HEADER_LEN;
    pkt->data = data;
    pkt->len = out_len;
    put_ip6_46(data, tos, l4_len, proto, hlim, &src6, &dst6, &no_frag_hdr,
               false);
    return true;
}

/* Translates the IPv4 packet in st->pkt into IPv6 in place (RFC 7915
 * section 4).  Returns IPXLAT_XLAT_46, IPXLAT_FRAG_46 (translated, to be
 * cut by ipxlat_frag_next()), an IPXLAT_ERR_* reason with st->err_*
 * recorded and the packet untouched, or an IPXLAT_DROP_* reason. */
enum ipxlat_reason
ipxl_xlat_46(struct xlat_state *st)
{
    struct plan_46 pl;
    enum ipxlat_reason r;

    pl.icmp_err = pl.amend = pl.frag_hdr = pl.fragment_after = false;
    pl.hold = pl.join_only = false;

    r = validate4(st->pkt->data, st->pkt->len, false, &st->l3);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    r = check_46(st, &pl);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    r = map_46(st, &pl);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    if (pl.hold) {
        /* Held until its datagram is whole, which is then translated;
         * the size of each fragment does not matter. */
        r = ipxl_reasm_hold(st, pl.join_only);
        if (r != XLAT_CONTINUE) {
            return r;
        }
    }
    r = size_46(st, &pl);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    return rewrite_46(st, &pl);
}

/* RFC 7915 section 4.3: the packet an ICMPv4 error quotes is translated
 * as in section 4.1, with the same header writer, but its TTL is kept (it
 * is a quotation, not forwarded) and no error may come of it; its
 * transport checksum is updated incrementally when the quoted bytes hold
 * it.  See ipxlat-xlat.h for the arguments. */
enum ipxlat_reason
ipxl_xlat_46_inner(const struct xlat_state *st, const uint8_t *in,
                   size_t in_len, uint8_t *out, size_t cap, size_t *out_len,
                   struct xlat_l3 *l3)
{
    const struct ipxlat_config *cfg = st->cfg;
    const struct ip_header *ip = (const struct ip_header *) in;
    struct in6_addr src6, dst6;
    size_t hlen, data_len, copied, hlen6;
    uint8_t proto6;
    bool dst_ok;

    if (validate4(in, in_len, true, l3) != XLAT_CONTINUE) {
        return IPXLAT_DROP_MALFORMED_INNER;
    }
    hlen = l3->l4_ofs;
    /* Bytes past the quoted packet's own length (RFC 4884 padding) are
     * not part of it. */
    data_len = MIN(l3->tot_len, l3->claimed_len) - hlen;

    /* RFC 7915 section 4.3: one level of embedding only (an inner ICMP
     * message must be an echo), and the inner protocol must be
     * translatable. */
    if (l3->proto == IPPROTO_ICMPV6_) {
        return IPXLAT_DROP_MALFORMED_INNER;
    }
    proto6 = l3->proto;
    if (l3->proto == IPPROTO_ICMP_) {
        proto6 = IPPROTO_ICMPV6_;
        if (l3->first && in[hlen] != ICMP4_ECHO_REQUEST
            && in[hlen] != ICMP4_ECHO_REPLY) {
            return IPXLAT_DROP_MALFORMED_INNER;
        }
    }

    /* RFC 7915 section 4.3: the inner addresses mirror the outer ones.
     * RFC 7757 section 4.2: in an intrinsic hairpin the inner destination
     * is the outer source, mapped through the prefix only. */
    if (ipxl_map_4to6(cfg, st->ctx, get_16aligned_be32(ip->ip_src), &src6)
        == XLAT_MAP_NONE) {
        return IPXLAT_DROP_MALFORMED_INNER;
    }
    if (st->return_pass
        && cfg->hairpin_mode == IPXLAT_HAIRPIN_MODE_INTRINSIC) {
        dst_ok = ipxl_map_4to6_prefix(cfg, get_16aligned_be32(ip->ip_dst),
                                      &dst6);
    } else {
        dst_ok = ipxl_map_4to6(cfg, st->ctx, get_16aligned_be32(ip->ip_dst),
                               &dst6) != XLAT_MAP_NONE;
    }
    if (!dst_ok) {
        return IPXLAT_DROP_MALFORMED_INNER;
    }

    hlen6 = IPV6_HEADER_LEN + (l3->fragment ? IP6_FRAG_HDR_LEN : 0);
    if (cap < hlen6) {
        return IPXLAT_DROP_MALFORMED_INNER;
    }
    copied = MIN(data_len, cap - hlen6);

    /* The Payload Length is the quoted packet's own, from its Total
     * Length, not the bytes quoted. */
    put_ip6_46(out, ip->ip_tos,
               l3->claimed_len - hlen + (hlen6 - IPV6_HEADER_LEN), proto6,
               ip->ip_ttl, &src6, &dst6, l3, l3->fragment);
    memcpy(out + hlen6, in + hlen, copied);

    if (l3->first) {
        uint8_t *l4 = out + hlen6;

        if (l3->proto == IPPROTO_ICMP_) {
            /* The pseudo-header of the whole original message, whose
             * length its header gives. */
            if (copied >= ICMP_HEADER_LEN) {
                ipxl_echo_46(l4, ipxl_csum_pseudo6(
                                     (const struct ip6_header *) out,
                                     IPPROTO_ICMPV6_,
                                     l3->claimed_len - hlen));
            }
        } else {
            transport_csum_update(
                l4, copied, l3->proto, csum_add_words(0, ip->ip_src, 8),
                csum_add_words(csum_add_words(0, &src6, 16), &dst6, 16));
        }
    }
    *out_len = hlen6 + copied;
    return XLAT_CONTINUE;
}
