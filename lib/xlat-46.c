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


/* IPv4 -> IPv6 translation of one packet (RFC 7915 section 4).
 *
 * The packet is translated in place: the IPv6 header (and Fragment header,
 * if any) is written so that it ends exactly where the upper-layer header
 * starts, so the payload never moves.  Every check that may lead to an
 * ICMPv4 error runs before a single byte is changed. */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"
#include "ipxlat-util.h"

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

/* RFC 6791: picks the source of a translated ICMPv4 error whose IPv4
 * source has no IPv6 mapping.  From 'pool6791v6' when configured: the
 * pool's host bits are filled with the low bits of 'src4' (a stateless
 * choice that still tells routers along a traceroute apart, where RFC
 * 6791 suggests a random one); else the translator's own 'src6'; else
 * 'src4' through the RFC 6052 prefix.  Returns false if none applies. */
static bool
rfc6791_src(const struct ipxlat_config *cfg, ovs_be32 src4,
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

/* Updates the 16-bit checksum at 'p' (any alignment) for the pseudo-header
 * address sums changing from 'old' to 'new' (RFC 1624).  Returns the new
 * checksum field value. */
static uint16_t
update_csum(uint8_t *p, uint32_t old, uint32_t new)
{
    uint16_t csum;

    memcpy(&csum, p, 2);
    csum_replace(&csum, old, new);
    memcpy(p, &csum, 2);
    return csum;
}

/* Updates the TCP or UDP checksum of the upper-layer header at 'l4' for
 * the pseudo-header addresses going from those of 'ip' to 'src6' and
 * 'dst6' (RFC 1624, RFC 7915 section 4.5): only the addresses change; the
 * length and protocol terms are equal in both families. */
static void
update_l4_csum(const struct ip_header *ip, uint8_t proto, uint8_t *l4,
               const struct in6_addr *src6, const struct in6_addr *dst6)
{
    uint32_t old = csum_add_words(0, ip->ip_src, 8);
    uint32_t new = csum_add_words(csum_add_words(0, src6, 16), dst6, 16);

    if (proto == IPPROTO_TCP_) {
        update_csum(l4 + 16, old, new);
    } else if (update_csum(l4 + 6, old, new) == 0) {
        /* RFC 768: a computed zero is sent as all ones. */
        put_be16(l4 + 6, 0xffff);
    }
}

/* Writes the 40-byte IPv6 header at 'data' (RFC 7915 section 4.1, field
 * by field).  'plen' is the Payload Length, 'nxt' the Next Header, 'hlim'
 * the Hop Limit, already decremented. */
static void
put_ip6_header(uint8_t *data, uint8_t tos, size_t plen, uint8_t nxt,
               uint8_t hlim, const struct in6_addr *src6,
               const struct in6_addr *dst6)
{
    /* Version 6, Traffic Class copied from the TOS, Flow Label 0. */
    put_be32(data, (6u << 28) | ((uint32_t) tos << 20));
    /* Payload Length: the IPv4 total length minus its header, plus the
     * Fragment header if one is added. */
    put_be16(data + 4, plen);
    /* Next Header: ICMPv4 (1) becomes ICMPv6 (58), or the Fragment
     * header; else the protocol. */
    data[6] = nxt;
    /* Hop Limit: the TTL, decremented. */
    data[7] = hlim;
    memcpy(data + 8, src6, 16);
    memcpy(data + 24, dst6, 16);
}

/* The common case of ipxl_xlat_46() with fewer branches: a whole TCP or UDP
 * packet (not a fragment, no IPv4 options, a nonzero UDP checksum) that
 * translates without an error and without fragmentation.
 *
 * Translates such a packet exactly as the general path does, after every
 * check of ipxl_validate4() and ipxl_xlat_46() passed for it, and returns
 * true.  Returns false, having changed nothing, for anything else, which
 * then takes the general path and gets the same result as ever.  Never
 * used for the second pass of a hairpin. */
static bool
fast_46(struct xlat_state *st)
{
    const struct ipxlat_config *cfg = st->cfg;
    struct ipxlat_pkt *pkt = st->pkt;
    const struct ip_header *ip = (const struct ip_header *) pkt->data;
    struct in6_addr src6, dst6;
    size_t tot_len, l4_len, out_len;
    uint8_t proto, tos, ttl;
    uint16_t frag;
    uint8_t *l4, *data;

    /* ipxl_validate4(): version 4 with a 20-byte header (no options to walk),
     * the whole packet present, a correct header checksum (RFC 1071). */
    if (pkt->len < IP_HEADER_LEN || pkt->data[0] != 0x45) {
        return false;
    }
    tot_len = get_be16(&ip->ip_tot_len);
    if (tot_len < IP_HEADER_LEN || tot_len > pkt->len
        || csum_fold(csum_add_words(0, ip, IP_HEADER_LEN)) != 0xffff) {
        return false;
    }
    /* Not a fragment (DF may be set); TTL survives the decrement (RFC
     * 7915 section 4.1). */
    frag = get_be16(&ip->ip_frag_off);
    if (frag & (IP_MF | IP_FRAG_OFF_MASK) || ip->ip_ttl <= 1) {
        return false;
    }
    /* The fixed TCP or UDP header present; a UDP checksum of zero takes
     * the general path (RFC 7915 section 4.5). */
    l4 = pkt->data + IP_HEADER_LEN;
    l4_len = tot_len - IP_HEADER_LEN;
    proto = ip->ip_proto;
    if (!(proto == IPPROTO_TCP_ && l4_len >= TCP_HEADER_LEN)
        && !(proto == IPPROTO_UDP_ && l4_len >= UDP_HEADER_LEN
             && get_be16(l4 + 6))) {
        return false;
    }

    /* Both addresses map (RFC 7757, then RFC 6052). */
    if (!ipxl_map_4to6_both(cfg, st->ctx, get_16aligned_be32(ip->ip_src),
                            get_16aligned_be32(ip->ip_dst), &src6, &dst6)) {
        return false;
    }

    /* Fits the IPv6 side without Fragmentation Needed or fragmenting
     * (RFC 7915 section 4.1), and the buffer has room for the 20 bytes
     * the header grows by. */
    out_len = IPV6_HEADER_LEN + l4_len;
    if (out_len > cfg->mtu6
        || (!(frag & IP_DF) && out_len > cfg->lowest_ipv6_mtu)
        || pkt->headroom < IPV6_HEADER_LEN - IP_HEADER_LEN) {
        return false;
    }

    /* The layout, as ipxl_validate4() records it. */
    st->l3 = (struct xlat_l3) {
        .tot_len = tot_len,
        .claimed_len = tot_len,
        .l4_ofs = IP_HEADER_LEN,
        .proto = proto,
        .first = true,
        .frag_id = get_be16(&ip->ip_id),
    };

    update_l4_csum(ip, proto, l4, &src6, &dst6);
    tos = ip->ip_tos;
    ttl = ip->ip_ttl - 1;

    /* The IPv4 total length ends the packet; drop anything after it. */
    pkt->tailroom += pkt->len - tot_len;
    data = l4 - IPV6_HEADER_LEN;
    pkt->headroom -= IPV6_HEADER_LEN - IP_HEADER_LEN;
    pkt->data = data;
    pkt->len = out_len;
    put_ip6_header(data, tos, l4_len, proto, ttl, &src6, &dst6);
    return true;
}

/* Translates the IPv4 packet in st->pkt into IPv6 in place (RFC 7915
 * section 4).  Returns IPXLAT_XLAT_46, IPXLAT_FRAG_46 (translated, to be
 * cut by ipxlat_frag_next()), an IPXLAT_ERR_* reason with st->err_*
 * recorded and the packet untouched, or an IPXLAT_DROP_* reason.
 *
 * A packet to be fragmented that is not a fragment yet gets a Fragment
 * header with offset 0, M clear and the IPv4 Identification, so that
 * ipxlat_frag_next() keeps the ID (DESIGN: fragments keep the ID). */
enum ipxlat_reason
ipxl_xlat_46(struct xlat_state *st)
{
    const struct ipxlat_config *cfg = st->cfg;
    struct ipxlat_pkt *pkt = st->pkt;
    struct xlat_l3 *l3 = &st->l3;
    const struct ip_header *ip;
    struct in6_addr src6, dst6;
    ovs_be32 src4, dst4;
    enum ipxlat_reason r;
    bool icmp_err = false, amend = false, frag_after = false, frag_hdr;
    size_t hlen, l4_len, out_len, nh;
    uint8_t tos, ttl, proto6;
    uint16_t frag;
    uint8_t *l4, *data;

    if (!st->hairpin && fast_46(st)) {
        return IPXLAT_XLAT_46;
    }

    r = ipxl_validate4(pkt->data, pkt->len, false, l3);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    ip = (const struct ip_header *) pkt->data;
    hlen = l3->l4_ofs;
    l4 = pkt->data + hlen;
    l4_len = l3->tot_len - hlen;
    frag = get_be16(&ip->ip_frag_off);

    r = check_options(st, pkt->data, hlen);
    if (r != XLAT_CONTINUE) {
        return r;
    }

    /* RFC 7915 section 4.1 (Hop Limit) and DESIGN: the TTL is decremented
     * as by any router, and a packet that would leave with TTL 0 gets Time
     * Exceeded instead.  The second pass of a hairpin is not a hop. */
    if (!st->hairpin && ip->ip_ttl <= 1) {
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
         * with the whole message's length, which no fragment knows. */
        if (l3->fragment) {
            return IPXLAT_DROP_FRAG_ICMP;
        }
        icmp_err = icmp4_is_error(l4[0]);
    }

    /* RFC 7915 section 4.5: IPv4 UDP with checksum zero. */
    if (l3->proto == IPPROTO_UDP_ && l3->first
        && get_be16(l4 + 6) == 0) {
        if (l3->fragment) {
            return IPXLAT_DROP_UDP_ZERO_CSUM_FRAG;
        } else if (!cfg->amend_udp_zero_csum) {
            return xlat_err(st, ICMP4_DEST_UNREACH,
                            ICMP4_ADMIN_PROHIBITED, 0,
                            IPXLAT_ERR_UDP_ZERO_CSUM);
        }
        amend = true;
    }

    /* RFC 7915 section 4.1 (Source and Destination Address), RFC 7757:
     * EAM first, then RFC 6052.  A hairpinned packet's source is an IPv6
     * host that reached us through the prefix (RFC 7757 section 4.2). */
    src4 = get_16aligned_be32(ip->ip_src);
    dst4 = get_16aligned_be32(ip->ip_dst);
    if (!(st->hairpin
          ? ipxl_map_4to6_prefix(cfg, src4, &src6)
          : ipxl_map_4to6(cfg, st->ctx, src4, &src6) != XLAT_MAP_NONE)) {
        /* RFC 6791: an ICMP error from an untranslatable source (a router
         * with a private address, typically) still reaches the IPv6
         * host, with a source from the pool. */
        if (!icmp_err || !rfc6791_src(cfg, src4, &src6)) {
            return IPXLAT_DROP_SRC_ADDR;
        }
    }
    if (ipxl_map_4to6(cfg, st->ctx, dst4, &dst6) == XLAT_MAP_NONE) {
        return IPXLAT_DROP_DST_ADDR;
    }

    /* RFC 7915 section 4.1: a Fragment header only if the IPv4 packet is
     * already a fragment. */
    frag_hdr = l3->fragment;
    out_len = IPV6_HEADER_LEN + (frag_hdr ? IP6_FRAG_HDR_LEN : 0) + l4_len;
    /* An ICMP error is cut to 1280 bytes by ipxl_icmp_46() (RFC 7915 section
     * 4.3), so it always fits; a hairpinned packet goes back the way it
     * came and is never fragmented. */
    if (!st->hairpin && !icmp_err) {
        size_t mpl = MIN(cfg->mtu6, cfg->lowest_ipv6_mtu);

        if ((frag & IP_DF) && out_len > cfg->mtu6) {
            /* RFC 7915 section 4.1 and DESIGN: DF set and too big for the
             * IPv6 side: Fragmentation Needed, with the MTU the IPv4
             * sender can use (at least the IPv4 minimum of 576). */
            return xlat_err(st, ICMP4_DEST_UNREACH, ICMP4_FRAG_NEEDED,
                            MAX(576, cfg->mtu6 - 20),
                            IPXLAT_ERR_FRAG_NEEDED);
        } else if (!(frag & IP_DF) && out_len > mpl) {
            /* RFC 7915 section 4.1: DF clear and bigger than the lowest
             * IPv6 MTU: translate, then fragment. */
            frag_after = true;
            frag_hdr = true;
        }
    }

    nh = IPV6_HEADER_LEN + (frag_hdr ? IP6_FRAG_HDR_LEN : 0);
    if (nh > hlen && pkt->headroom < nh - hlen) {
        return IPXLAT_DROP_NO_ROOM;
    }

    /* Transport checksums, incrementally (RFC 1624, RFC 7915 section 4.5):
     * only the pseudo-header addresses change; its length and protocol
     * terms are equal in both families.  Non-first fragments carry no
     * transport header. */
    if (l3->first && !amend
        && (l3->proto == IPPROTO_TCP_ || l3->proto == IPPROTO_UDP_)) {
        update_l4_csum(ip, l3->proto, l4, &src6, &dst6);
    }

    /* Save what the new header needs before it overwrites the old. */
    tos = ip->ip_tos;
    ttl = st->hairpin ? ip->ip_ttl : ip->ip_ttl - 1;
    proto6 = l3->proto == IPPROTO_ICMP_ ? IPPROTO_ICMPV6_ : l3->proto;

    /* The IPv4 total length ends the packet; drop anything after it. */
    pkt->tailroom += pkt->len - l3->tot_len;
    data = l4 - nh;
    pkt->headroom = pkt->headroom + hlen - nh;
    pkt->data = data;
    pkt->len = nh + l4_len;

    /* RFC 7915 section 4.1. */
    put_ip6_header(data, tos, pkt->len - IPV6_HEADER_LEN,
                   frag_hdr ? IPPROTO_FRAGMENT_ : proto6, ttl, &src6, &dst6);
    /* IPv4 options are ignored (RFC 7915 section 4.1): they are simply
     * not copied. */
    if (frag_hdr) {
        /* RFC 7915 section 4.1 (Fragment header): Next Header as above,
         * offset and M copied, Identification zero-extended. */
        data[40] = proto6;
        data[41] = 0;
        put_be16(data + 42, l3->frag_offset | (l3->mf ? IP6_FRAG_MF : 0));
        put_be32(data + 44, l3->frag_id);
    }

    if (amend) {
        /* DESIGN (amend_udp_zero_csum): compute the checksum the IPv4
         * sender left out, over the IPv6 pseudo-header. */
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
        r = ipxl_icmp_46(st, l4, l4_len);
        if (r != XLAT_CONTINUE) {
            return r;
        }
    }
    return frag_after ? IPXLAT_FRAG_46 : IPXLAT_XLAT_46;
}
