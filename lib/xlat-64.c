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

/* IPv6 -> IPv4 header translation (RFC 7915 sections 5.1, 5.1.1, 5.3 and
 * 5.5), of a packet and of the packet an ICMPv6 error quotes.
 *
 * A packet is translated in the steps check, map, size and rewrite, as
 * xlat-46.c translates the other way.  Every check that may lead to an
 * ICMPv6 error runs before a single byte is changed.  The IPv4 header is
 * written in place so that it ends exactly where the upper-layer header
 * starts: the extension headers and the rest of the IPv6 header are
 * skipped and the payload is never copied.  ICMPv6 goes on to
 * ipxl_icmp_64(). */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"
#include "ipxlat-transport.h"
#include "ipxlat-util.h"
#include "ipxlat-validate.h"

/* One round of a small multiplicative hash (not cryptographic). */
static uint32_t
hash_add(uint32_t h, uint32_t w)
{
    h ^= w;
    h *= 0x9e3779b1;
    return h ^ (h >> 15);
}

/* Final avalanche of a hash_add() chain. */
static uint32_t
hash_finish(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >> 16);
}

/* The Identification of a translated packet with DF clear and no Fragment
 * header, whose IPv4 header (addresses and protocol written) is at 'ip'
 * and followed by 'n' bytes of upper layer, at time 'now_ms'.
 *
 * RFC 6864 section 4.2 asks that it differ between the datagrams of one
 * source, destination and protocol that may be fragmented at once.  A
 * stateless translator has no counter, so it hashes what differs between
 * such datagrams in practice: the first 20 bytes of the upper layer
 * (ports, TCP sequence numbers, UDP length, checksum and first data) and
 * the time in milliseconds, with the addresses and protocol.  Each 64-bit
 * lane, a bijection of one changing word for a fixed flow, is multiplied
 * by its own odd constant, and a final xorshift-multiply mixes the high
 * bits down.  This runs for nearly every small translated packet: it
 * reads whole words in host order and takes four multiplications. */
static inline __attribute__((always_inline)) uint16_t
ip4_id_64(const struct ip_header *ip, size_t n, uint64_t now_ms)
{
    const uint8_t *l4 = (const uint8_t *) ip + IP_HEADER_LEN;
    uint64_t addrs, h;

    memcpy(&addrs, ip->ip_src, sizeof addrs);
    if (n >= TCP_HEADER_LEN) {
        uint64_t w0, w1;
        uint32_t w2;

        memcpy(&w0, l4, sizeof w0);
        memcpy(&w1, l4 + 8, sizeof w1);
        memcpy(&w2, l4 + 16, sizeof w2);
        h = ((addrs ^ w0) * UINT64_C(0x9e3779b97f4a7c15)
             ^ (w1 ^ now_ms) * UINT64_C(0xc2b2ae3d27d4eb4f)
             ^ (w2 | (uint64_t) ip->ip_proto << 32)
               * UINT64_C(0x165667b19e3779f9));
    } else {
        h = (addrs * UINT64_C(0x9e3779b97f4a7c15)
             ^ (now_ms + ip->ip_proto) * UINT64_C(0xc2b2ae3d27d4eb4f));
        for (size_t i = 0; i < n; i++) {
            h = (h ^ l4[i]) * UINT64_C(0x100000001b3);
        }
    }
    h ^= h >> 29;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    return h >> 48;
}

/* What the steps of ipxl_xlat_64() decide for the rewrite. */
struct plan_64 {
    ovs_be32 addrs4[2];         /* map_64(): the IPv4 source and
                                 * destination, in header order. */
    bool hold;                  /* check_64(): a fragment for the
                                 * reassembly context. */
};

/* Whether 'nh' is an IPv6 extension header (the IANA list of IPv6
 * Extension Header Types), for RFC 7915 section 5.1.1 (ESP is not one
 * there: it is carried like an upper layer). */
static bool
is_ext_header(uint8_t nh)
{
    switch (nh) {
    case IPPROTO_HOPOPTS_:
    case IPPROTO_ROUTING_:
    case IPPROTO_FRAGMENT_:
    case IPPROTO_DSTOPTS_:
    case IPPROTO_AH_:
    case IPPROTO_MOBILITY_:
    case IPPROTO_HIP_:
    case IPPROTO_SHIM6_:
    case IPPROTO_EXPERIMENT1_:
    case IPPROTO_EXPERIMENT2_:
        return true;
    default:
        return false;
    }
}

/* Whether the validated packet in 'st' is an ICMPv6 error message (RFC
 * 4443 section 2.1: types 0 to 127). */
static bool
is_icmp6_error(const struct xlat_state *st)
{
    return st->l3.proto == IPPROTO_ICMPV6_ && st->l3.first
           && icmp6_is_error(st->pkt->data[st->l3.l4_ofs]);
}

/* RFC 6791: the IPv4 source for an ICMPv6 error whose IPv6 source cannot
 * be translated.  With 'pool6791v4' the address is picked from the pool
 * by a hash of the IPv6 source, so that one IPv6 router always shows up as
 * the same IPv4 address (a traceroute stays readable) and several routers
 * spread over the pool; in pools of 4 addresses or more the first and the
 * last (network and broadcast) are skipped.  Without a pool it is
 * 'src4'. */
static ovs_be32
rfc6791_src_64(const struct ipxlat_config *cfg, const uint8_t src6[16])
{
    uint64_t size, host;
    uint32_t h = 0;

    if (!cfg->has_pool6791v4) {
        return cfg->src4;
    }
    for (int i = 0; i < 16; i += 4) {
        h = hash_add(h, get_be32(src6 + i));
    }
    h = hash_finish(h);

    size = UINT64_C(1) << (32 - cfg->pool6791v4.len);
    if (size >= 4) {
        host = 1 + h % (size - 2);
    } else {
        host = h % size;
    }
    return htonl(ntohl(cfg->pool6791v4.addr) + (uint32_t) host);
}

/* The checks of RFC 7915 section 5.1 that need no address mapping, on the
 * validated packet in 'st'.  The packet is not changed. */
static inline __attribute__((always_inline)) enum ipxlat_reason
check_64(struct xlat_state *st, struct plan_64 *pl)
{
    const uint8_t *p = st->pkt->data;
    const struct ip6_header *ip6 = (const struct ip6_header *) p;
    const uint8_t *src = (const uint8_t *) ip6->ip6_src;
    static const uint8_t loopback[16] = { [15] = 1 };
    const struct xlat_l3 *l3 = &st->l3;

    /* RFC 7915 section 5.1: "if the translator gets an illegal source
     * address (e.g., ::1, etc.), the translator SHOULD silently drop the
     * packet"; a multicast source is never legal (RFC 4291 2.7). */
    if (!memcmp(src, loopback, 16) || src[0] == 0xff) {
        return IPXLAT_DROP_SRC_ADDR;
    }

    /* RFC 8200 section 4.5: "If the length of a fragment, as derived from
     * the fragment packet's Payload Length field, is not a multiple of 8
     * octets and the M flag of that fragment is 1, then that fragment must
     * be discarded".  Translated, the next fragment's offset would not
     * follow from this one's length. */
    if (l3->frag_ofs && l3->mf
        && (l3->tot_len - l3->frag_ofs - IP6_FRAG_HDR_LEN) % 8) {
        return IPXLAT_DROP_FRAG6_LEN;
    }

    /* RFC 8200 section 8.1: "IPv6 receivers must discard UDP packets
     * containing a zero checksum".  Translated, the datagram would become
     * IPv4 UDP without a checksum, which nobody would verify. */
    if (l3->proto == IPPROTO_UDP_ && l3->first
        && !get_be16(p + l3->l4_ofs + offsetof(struct udp_header,
                                                udp_csum))) {
        return IPXLAT_DROP_UDP6_ZERO_CSUM;
    }

    /* RFC 7915 section 5.1 (Time to Live): the translator is a router and
     * checks the Hop Limit as it decrements it; RFC 4443 3.3 code 0. */
    if (ip6->ip6_hlim <= 1) {
        st->err_type = ICMP6_TIME_EXCEEDED;
        st->err_code = ICMP6_HOP_LIMIT_EXCEEDED;
        st->err_info = 0;
        return IPXLAT_ERR_TIME_EXCEEDED;
    }

    /* RFC 7915 section 5.1.1: "If the Next Header field of the Fragment
     * Header is an extension header (except ESP, but including the
     * Authentication Header (AH)), then the packet SHOULD be dropped and
     * logged"; section 5.4: a packet the translator discards gets "a Type
     * of 1 (Destination Unreachable) and a Code of 1 (Communication with
     * destination administratively prohibited)", "unless the discarded
     * packet is itself an ICMPv6 message" (ipxl_icmp_err_build() knows).
     * Checked before the Segments Left rule, which validate6() applies
     * only to Routing headers in front of the Fragment header. */
    if (l3->frag_ofs && is_ext_header(p[l3->frag_ofs])) {
        st->err_type = ICMP6_DEST_UNREACH;
        st->err_code = ICMP6_ADMIN_PROHIBITED;
        st->err_info = 0;
        return IPXLAT_ERR_FRAG_EXT_HEADER;
    }

    /* RFC 7915 section 5.1: "If a Routing header with a non-zero Segments
     * Left field is present, then the packet MUST NOT be translated, and
     * an ICMPv6 "parameter problem/erroneous header field encountered"
     * (Type 4, Code 0) error message, with the Pointer field indicating
     * the first byte of the Segments Left field, SHOULD be returned". */
    if (l3->segleft_ofs) {
        st->err_type = ICMP6_PARAM_PROBLEM;
        st->err_code = ICMP6_PARAM_HEADER;
        st->err_info = l3->segleft_ofs;
        return IPXLAT_ERR_SEGMENTS_LEFT;
    }

    /* RFC 8200 section 4.5: "If the length and offset of a fragment are
     * such that the Payload Length of the packet reassembled from that
     * fragment would exceed 65,535 octets, then that fragment must be
     * discarded".  Translated, its offsets would not fit the IPv4
     * Fragment Offset field, nor those of the pieces cut from it. */
    if (l3->frag_ofs
        && l3->frag_offset + (l3->tot_len - l3->l4_ofs) > UINT16_MAX) {
        return IPXLAT_DROP_MALFORMED_IP6;
    }

    /* RFC 7915 section 5.1 (Protocol) translates ICMPv6 to ICMPv4; an
     * ICMPv4 message inside IPv6 has no meaning on either side (its
     * checksum and types belong to the other family), so it must not
     * cross, as ICMPv6 inside IPv4 must not (section 4.1). */
    if (l3->proto == IPPROTO_ICMP_) {
        return IPXLAT_DROP_PROTOCOL;
    }

    if (l3->proto == IPPROTO_ICMPV6_) {
        uint8_t type;

        /* The ICMPv6 checksum covers the whole message, which a stateless
         * translator never holds for a fragment, and RFC 7915 section 5.2
         * needs it to translate the message: the fragments are
         * reassembled, or dropped without a context. */
        if (l3->fragment) {
            if (!st->ctx->reasm) {
                return IPXLAT_DROP_FRAG_ICMP;
            }
            pl->hold = true;
        }
        /* RFC 7915 section 5.2: MLD, ND and unknown informational messages
         * are silently dropped.  Decided here, before the size check, so
         * that such a message never earns a Packet Too Big (nor, in a
         * first fragment, a place in the reassembly context). */
        if (l3->first) {
            type = p[l3->l4_ofs];
            if (!icmp6_is_error(type) && type != ICMP6_ECHO_REQUEST
                && type != ICMP6_ECHO_REPLY) {
                return IPXLAT_DROP_ICMP_TYPE;
            }
        }
    }
    return XLAT_CONTINUE;
}

/* RFC 7915 section 5.1 (Source and Destination Address), RFC 7757
 * section 3.3: maps both addresses, EAM first, then RFC 6052.  The source
 * of an ICMPv6 error that has no mapping takes an RFC 6791 address. */
static inline __attribute__((always_inline)) enum ipxlat_reason
map_64(struct xlat_state *st, struct plan_64 *pl)
{
    const struct ip6_header *ip6
        = (const struct ip6_header *) st->pkt->data;
    ovs_be32 *src4 = &pl->addrs4[0], *dst4 = &pl->addrs4[1];
    struct in6_addr src6, dst6;

    memcpy(&src6, ip6->ip6_src, sizeof src6);
    memcpy(&dst6, ip6->ip6_dst, sizeof dst6);

    /* The usual case: both addresses map, looked up together. */
    if (ipxl_map_6to4_both(st->cfg, st->ctx, &src6, &dst6, src4, dst4)) {
        return XLAT_CONTINUE;
    }

    if (ipxl_map_6to4(st->cfg, st->ctx, &src6, src4) == XLAT_MAP_NONE) {
        /* RFC 6791 section 4 (and RFC 7915 section 5.1): an ICMPv6 error
         * from an IPv6 router with an untranslatable address still gets
         * through, with a source from the RFC 6791 pool. */
        if (!is_icmp6_error(st)) {
            return (ipxl_wkp_refuses6(st->cfg, &src6)
                    ? IPXLAT_DROP_WKP_NON_GLOBAL : IPXLAT_DROP_SRC_ADDR);
        }
        *src4 = rfc6791_src_64(st->cfg, (const uint8_t *) ip6->ip6_src);
    }
    if (ipxl_map_6to4(st->cfg, st->ctx, &dst6, dst4) == XLAT_MAP_NONE) {
        return (ipxl_wkp_refuses6(st->cfg, &dst6)
                ? IPXLAT_DROP_WKP_NON_GLOBAL : IPXLAT_DROP_DST_ADDR);
    }
    return XLAT_CONTINUE;
}

/* RFC 7915 section 5.1: "If a translated packet with DF set to 1 will be
 * larger than the MTU of the next-hop interface, then the translator MUST
 * drop the packet and send the ICMPv6 Packet Too Big (Type 2, Code 0)
 * error message to the IPv6 host with an adjusted MTU in the MTU field."
 *
 * DF is set only on packets without a Fragment header that are over 1260
 * bytes once translated (see finish_ip4_64()), so only those get a Packet
 * Too Big here.  Every other packet too big for mtu4 (one with a Fragment
 * header, section 5.1.1, or of at most 1260 bytes) has DF clear: RFC 7915
 * section 5 says the translator "MUST behave as a router, i.e., the
 * translator MUST send a Packet Too Big error message or fragment the
 * packet when the packet size exceeds the MTU of the next-hop interface",
 * and a router fragments a datagram with DF clear (RFC 791 section 3.2,
 * RFC 1812 section 4.2.2.7).  Such a packet passes this check and
 * ipxl_xlat_64() returns IPXLAT_FRAG_64 once it is translated; telling its
 * sender about a smaller MTU would not help, as an IPv6 host never sends
 * less than 1280 bytes per packet.  ICMPv6 errors are cut to 576 bytes
 * with DF clear, so they never get a Packet Too Big either. */
static inline __attribute__((always_inline)) enum ipxlat_reason
size_64(struct xlat_state *st)
{
    const struct xlat_l3 *l3 = &st->l3;
    size_t len4 = IP_HEADER_LEN + l3->tot_len - l3->l4_ofs;
    uint32_t mtu;

    if (l3->frag_ofs || is_icmp6_error(st) || len4 <= st->cfg->mtu4
        || len4 <= IP4_DF_THRESHOLD) {
        return XLAT_CONTINUE;
    }
    /* RFC 7915 section 5.1, "an adjusted MTU": max(1280, mtu4 + 20), the
     * IPv6 packet size that fits mtu4 once translated, but never below the
     * IPv6 minimum (RFC 8200 section 5), as Jool does. */
    mtu = st->cfg->mtu4 + (IPV6_HEADER_LEN - IP_HEADER_LEN);
    st->err_type = ICMP6_PACKET_TOO_BIG;
    st->err_code = 0;
    st->err_info = mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU : mtu;
    return IPXLAT_ERR_PACKET_TOO_BIG;
}

/* RFC 7915 section 5.1: the first half of the one IPv4 header writer, for
 * translated packets and for the packets ICMP errors quote.  Writes the
 * fields of the IPv4 header at 'ip' that do not depend on its final
 * length, in the order of the section: 'tclass' is the IPv6 Traffic
 * Class, 'ttl' the Time to Live (the Hop Limit, decremented for a packet
 * that is forwarded), 'proto' the IPv4 protocol.  finish_ip4_64() writes
 * the rest. */
static inline __attribute__((always_inline)) void
put_ip4_64(struct ip_header *ip, uint8_t tclass, uint8_t ttl, uint8_t proto,
           ovs_be32 src4, ovs_be32 dst4)
{
    /* Version: 4.  Internet Header Length: 5 (no IPv4 options). */
    ip->ip_ihl_ver = 0x45;
    /* Type of Service: by default, copied from the IPv6 Traffic Class
     * (all 8 bits). */
    ip->ip_tos = tclass;
    /* Total Length, Identification, Flags, Fragment Offset:
     * finish_ip4_64(), once the length is final. */
    ip->ip_ttl = ttl;
    ip->ip_proto = proto;
    /* Source Address, Destination Address. */
    put_16aligned_be32(ip->ip_src, src4);
    put_16aligned_be32(ip->ip_dst, dst4);
}

/* RFC 7915 sections 5.1 and 5.1.1: the second half of the IPv4 header
 * writer.  Sets the fields of the IPv4 header at 'ip' that depend on its
 * Total Length 'tot_len' (which ipxl_icmp_64() may have changed for an
 * outer packet; a quoted packet's own, which may exceed the bytes quoted):
 * Total Length, Identification, Flags and Fragment Offset, and the Header
 * Checksum.  'l3' is the IPv6 layout, 'addrs_sum' the partial sum of the
 * header's two addresses, which the caller already has, 'now_ms' the time
 * of the translation.  A 'quoted' packet never gets the varying
 * Identification of a packet with DF clear: it will not be fragmented on
 * its way. */
static inline __attribute__((always_inline)) void
finish_ip4_64(struct ip_header *ip, const struct xlat_l3 *l3, size_t tot_len,
              uint32_t addrs_sum, uint64_t now_ms, bool quoted)
{
    uint16_t id, frag;

    if (l3->frag_ofs) {
        /* RFC 7915 section 5.1.1: "Identification: Copied from the
         * low-order 16 bits in the Identification field in the Fragment
         * Header.  Flags: The IPv4 More Fragments (MF) flag is copied from
         * the M flag in the IPv6 Fragment Header.  The IPv4 DF flag is
         * cleared"; the Fragment Offset is copied. */
        id = l3->frag_id & 0xffff;
        frag = (l3->mf ? IP_MF : 0) | (l3->frag_offset >> 3);
    } else if (tot_len > IP4_DF_THRESHOLD) {
        /* RFC 7915 section 5.1: DF set and, as RFC 6864 allows for an
         * atomic datagram, Identification zero (the section's default,
         * also what the Jool conformance packets carry). */
        id = 0;
        frag = IP_DF;
    } else if (quoted) {
        id = 0;
        frag = 0;
    } else {
        /* DF clear (the RFC 7915 section 6 workaround, IP4_DF_THRESHOLD):
         * IPv4 routers may fragment this packet, so RFC 6864 wants an
         * Identification that differs between datagrams of one source,
         * destination and protocol (ip4_id_64()). */
        id = ip4_id_64(ip, tot_len - IP_HEADER_LEN, now_ms);
        frag = 0;
    }
    /* Total Length (written after the layout was read: stores into the
     * packet could alias it for the compiler). */
    put_be16(&ip->ip_tot_len, tot_len);
    put_be16(&ip->ip_id, id);
    put_be16(&ip->ip_frag_off, frag);

    /* Header Checksum: "Computed once the IPv4 header has been
     * created."  (No options: the 12 bytes before the addresses, summed
     * inline, and the addresses.) */
    ip->ip_csum = 0;
    ip->ip_csum = csum_finish(csum_add_words(addrs_sum, ip, 12));
}

/* Rewrites the checked IPv6 packet in 'st' into IPv4 in place, with the
 * addresses of 'pl', walking the fields in the order of RFC 7915 section
 * 5.1. */
static inline __attribute__((always_inline)) enum ipxlat_reason
rewrite_64(struct xlat_state *st, const struct plan_64 *pl)
{
    struct ipxlat_pkt *pkt = st->pkt;
    const struct xlat_l3 *l3 = &st->l3;
    const struct ip6_header *ip6 = (const struct ip6_header *) pkt->data;
    uint8_t *l4 = pkt->data + l3->l4_ofs;
    size_t l4_len = l3->tot_len - l3->l4_ofs;
    uint32_t addrs4_sum = csum_add_words(0, pl->addrs4, 8);
    uint32_t pseudo6 = 0;
    struct ip_header *ip;
    uint8_t tclass, hlim, proto;

    /* Everything needed from the IPv6 header, which the IPv4 header may
     * overwrite. */
    tclass = (get_be32(ip6->ip6_vtc_flow) >> 20) & 0xff;
    hlim = ip6->ip6_hlim;
    proto = l3->proto;

    /* Upper layer (RFC 7915 section 5.5): TCP and UDP checksums follow
     * the pseudo-header addresses; the ICMPv6 pseudo-header, which
     * ipxl_icmp_64() takes out of the checksum (section 5.2), is summed
     * while the addresses are at hand.  Non-first fragments carry no
     * upper-layer header. */
    if (l3->first) {
        if (proto == IPPROTO_TCP_ || proto == IPPROTO_UDP_) {
            transport_csum_update(l4, l4_len, proto,
                                  csum_add_words(0, ip6->ip6_src, 32),
                                  addrs4_sum);
        } else if (proto == IPPROTO_ICMPV6_) {
            pseudo6 = ipxl_csum_pseudo6(ip6, IPPROTO_ICMPV6_, l4_len);
        }
    }

    /* The IPv4 header ends where the upper layer starts.  Protocol:
     * ICMPv6 (58) becomes ICMPv4 (1); HOPOPT, IPv6-Route, IPv6-Opts and
     * the Fragment header are skipped over; the first other Next Header
     * is copied.  Time to Live: the Hop Limit minus one (the translator is
     * a router; check_64() sent Time Exceeded for 1 and 0). */
    ip = (struct ip_header *) (l4 - IP_HEADER_LEN);
    put_ip4_64(ip, tclass, hlim - 1,
               proto == IPPROTO_ICMPV6_ ? IPPROTO_ICMP_ : proto,
               pl->addrs4[0], pl->addrs4[1]);

    /* The packet now starts at the IPv4 header. */
    pkt->headroom += l3->l4_ofs - IP_HEADER_LEN;
    pkt->data = (uint8_t *) ip;
    pkt->len = IP_HEADER_LEN + l4_len;

    if (proto == IPPROTO_ICMPV6_ && l3->first) {
        /* RFC 7915 section 5.2; an error may shrink 'pkt->len'. */
        enum ipxlat_reason r = ipxl_icmp_64(st, l4, l4_len, pseudo6);

        if (r != XLAT_CONTINUE) {
            return r;
        }
    }

    finish_ip4_64(ip, l3, pkt->len, addrs4_sum, st->ctx->now_ms, false);
    return IPXLAT_XLAT_64;
}

/* The general path made cheap for its most common case: a whole TCP or
 * UDP packet right behind the IPv6 header (no extension header) that
 * translates without an error and fits mtu4 once translated.  Each test
 * is the one the general path's steps make for that case, named in the
 * comments, and the rewrite uses the general path's header writer and
 * checksum update, so such a packet comes out exactly as the general path
 * makes it: tests/check-fast-paths.sh runs every fuzz seed and corpus
 * input through both paths and compares output bytes and reasons.
 *
 * ipxlat_translate() tries it first, for a packet whose version it found
 * to be 6.  Returns true if it translated the packet, false, having
 * changed nothing, for anything else, which then takes the general path
 * (ipxl_xlat_64()). */
bool
ipxl_fast_64(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
             struct ipxlat_pkt *pkt)
{
    static const uint8_t loopback[16] = { [15] = 1 };
    /* No Fragment header: finish_ip4_64() reads nothing else of it. */
    static const struct xlat_l3 no_frag_hdr;
    const struct ip6_header *ip6 = (const struct ip6_header *) pkt->data;
    const uint8_t *src = (const uint8_t *) ip6->ip6_src;
    struct in6_addr src6, dst6;
    ovs_be32 addrs4[2];
    uint32_t addrs4_sum;
    size_t tot_len, l4_len;
    uint8_t proto, tclass, hlim;
    struct ip_header *ip;
    uint8_t *l4;

    /* validate6(): version 6 (which the caller checked), the whole packet
     * present (and short enough for the layout's 16-bit lengths), then the
     * fixed TCP or UDP header (20 or 8 bytes) right after the IPv6
     * header. */
    if (pkt->len < IPV6_HEADER_LEN) {
        return false;
    }
    tot_len = IPV6_HEADER_LEN + get_be16(&ip6->ip6_plen);
    if (tot_len > pkt->len || tot_len > UINT16_MAX) {
        return false;
    }
    l4_len = tot_len - IPV6_HEADER_LEN;
    proto = ip6->ip6_nxt;
    l4 = pkt->data + IPV6_HEADER_LEN;
    if (!(proto == IPPROTO_TCP_ && l4_len >= TCP_HEADER_LEN)
        && !(proto == IPPROTO_UDP_ && l4_len >= UDP_HEADER_LEN
             && get_be16(l4 + 6))) {
        return false;
    }

    /* check_64(): a legal source (not ::1, not multicast), a UDP checksum
     * other than zero (above) and a Hop Limit that survives the
     * decrement.  Without extension headers there is no Routing or
     * Fragment header to refuse. */
    if (src[0] == 0xff || !memcmp(src, loopback, 16)
        || ip6->ip6_hlim <= 1) {
        return false;
    }

    /* map_64(): both addresses map (the RFC 6791 source is for ICMPv6
     * errors only). */
    memcpy(&src6, ip6->ip6_src, sizeof src6);
    memcpy(&dst6, ip6->ip6_dst, sizeof dst6);
    if (!ipxl_map_6to4_both(cfg, ctx, &src6, &dst6, &addrs4[0],
                            &addrs4[1])) {
        return false;
    }

    /* size_64() and the fragmentation at the end of ipxl_xlat_64(): the
     * translated packet fits mtu4. */
    if (IP_HEADER_LEN + l4_len > cfg->mtu4) {
        return false;
    }

    /* rewrite_64(). */
    pkt->tailroom += pkt->len - tot_len;
    tclass = (get_be32(ip6->ip6_vtc_flow) >> 20) & 0xff;
    hlim = ip6->ip6_hlim;
    addrs4_sum = csum_add_words(0, addrs4, 8);
    transport_csum_update(l4, l4_len, proto,
                          csum_add_words(0, ip6->ip6_src, 32), addrs4_sum);
    ip = (struct ip_header *) (l4 - IP_HEADER_LEN);
    put_ip4_64(ip, tclass, hlim - 1, proto, addrs4[0], addrs4[1]);
    pkt->headroom += IPV6_HEADER_LEN - IP_HEADER_LEN;
    pkt->data = (uint8_t *) ip;
    pkt->len = IP_HEADER_LEN + l4_len;

    finish_ip4_64(ip, &no_frag_hdr, pkt->len, addrs4_sum, ctx->now_ms, false);
    return true;
}

/* Translates the IPv6 packet 'st->pkt' into IPv4 in place (RFC 7915
 * section 5).  Returns IPXLAT_XLAT_64; IPXLAT_FRAG_64 for a translated
 * packet with DF clear that exceeds mtu4, for ipxlat_frag_next() to cut;
 * an IPXLAT_ERR_* reason with st->err_* recorded and the packet untouched
 * (but for bytes past its Payload Length, which are dropped); or an
 * IPXLAT_DROP_* reason. */
enum ipxlat_reason
ipxl_xlat_64(struct xlat_state *st)
{
    struct plan_64 pl;
    enum ipxlat_reason r;

    r = validate6(st->pkt->data, st->pkt->len, false, &st->l3);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    /* Link-layer padding and other bytes past the Payload Length. */
    st->pkt->tailroom += st->pkt->len - st->l3.tot_len;
    st->pkt->len = st->l3.tot_len;

    pl.hold = false;
    r = check_64(st, &pl);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    r = map_64(st, &pl);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    if (pl.hold) {
        /* Held until its datagram is whole, which is then translated. */
        r = ipxl_reasm_hold(st, false);
        if (r != XLAT_CONTINUE) {
            return r;
        }
    }
    r = size_64(st);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    r = rewrite_64(st, &pl);
    if (r == IPXLAT_XLAT_64 && st->pkt->len > st->cfg->mtu4) {
        /* RFC 7915 section 5: DF is clear (size_64() answered every packet
         * with DF set that exceeds mtu4), so the translator, as a router,
         * fragments it. */
        return IPXLAT_FRAG_64;
    }
    return r;
}

/* RFC 7915 section 5.3: the packet an ICMPv6 error quotes is translated as
 * in section 5.1, with the same header writer, but its Hop Limit is kept
 * (it is a quotation, not forwarded), its extension headers are removed
 * and no error may come of it; its transport checksum is updated
 * incrementally when the quoted bytes hold it.  One level only: "This
 * process MUST stop at the first embedded header and drop the packet if it
 * contains more embedded headers", so an inner ICMPv6 message must be an
 * echo.  See ipxlat-xlat.h for the arguments; 'cap' is at least 28. */
enum ipxlat_reason
ipxl_xlat_64_inner(const struct xlat_state *st, const uint8_t *in,
                   size_t in_len, uint8_t *out, size_t cap, size_t *out_len,
                   struct xlat_l3 *l3)
{
    const struct ip6_header *ip6 = (const struct ip6_header *) in;
    struct ip_header *ip = (struct ip_header *) out;
    struct in6_addr src6, dst6;
    ovs_be32 addrs4[2];
    uint32_t addrs4_sum;
    size_t l4_len, copied;
    uint8_t *l4;

    if (validate6(in, in_len, true, l3) != XLAT_CONTINUE) {
        return IPXLAT_DROP_MALFORMED_INNER;
    }
    if (l3->proto == IPPROTO_ICMPV6_ && l3->first) {
        uint8_t type = in[l3->l4_ofs];

        if (type != ICMP6_ECHO_REQUEST && type != ICMP6_ECHO_REPLY) {
            return IPXLAT_DROP_MALFORMED_INNER;
        }
    }

    /* RFC 7915 section 5.3: the inner addresses mirror the outer ones. */
    memcpy(&src6, ip6->ip6_src, sizeof src6);
    memcpy(&dst6, ip6->ip6_dst, sizeof dst6);
    if (ipxl_map_6to4(st->cfg, st->ctx, &src6, &addrs4[0]) == XLAT_MAP_NONE
        || ipxl_map_6to4(st->cfg, st->ctx, &dst6, &addrs4[1])
           == XLAT_MAP_NONE) {
        return IPXLAT_DROP_MALFORMED_INNER;
    }

    /* The Total Length is the quoted packet's own, from its Payload
     * Length, not the bytes quoted. */
    addrs4_sum = csum_add_words(0, addrs4, 8);
    put_ip4_64(ip, (get_be32(ip6->ip6_vtc_flow) >> 20) & 0xff,
               ip6->ip6_hlim,
               l3->proto == IPPROTO_ICMPV6_ ? IPPROTO_ICMP_ : l3->proto,
               addrs4[0], addrs4[1]);
    finish_ip4_64(ip, l3, IP_HEADER_LEN + l3->claimed_len - l3->l4_ofs,
                  addrs4_sum, 0, true);

    /* The quoted upper layer, as much as fits. */
    l4_len = l3->tot_len - l3->l4_ofs;
    copied = MIN(l4_len, cap - IP_HEADER_LEN);
    l4 = out + IP_HEADER_LEN;
    memcpy(l4, in + l3->l4_ofs, copied);
    *out_len = IP_HEADER_LEN + copied;

    if (l3->first) {
        if (l3->proto == IPPROTO_ICMPV6_) {
            /* An echo (checked above): out goes the pseudo-header, for the
             * length the quoted packet claims, and the type changes. */
            if (copied >= ICMP_HEADER_LEN) {
                ipxl_echo_64(l4, ipxl_csum_pseudo6(
                                     ip6, IPPROTO_ICMPV6_,
                                     l3->claimed_len - l3->l4_ofs));
            }
        } else {
            transport_csum_update(l4, copied, l3->proto,
                                  csum_add_words(0, ip6->ip6_src, 32),
                                  addrs4_sum);
        }
    }
    return XLAT_CONTINUE;
}
