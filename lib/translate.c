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

/* The entry point: dispatch by the family the host parsed, hairpinning
 * (RFC 7757 section 4.2), the errors the translator originates,
 * counters. */

#include "ipxlat-xlat.h"

#include "ipxlat-util.h"

/* Whether a packet under 'cfg' may have to go back to the IPv6 side
 * (RFC 7757 section 4.2): it needs EAM entries and a hairpin mode other
 * than off. */
static bool
may_return_to_ipv6(const struct ipxlat_config *cfg)
{
    /* The EAM test first: a prefix-only config, the most common, is
     * settled by it. */
    return (cfg->eamt || cfg->table_name)
           && cfg->hairpin_mode != IPXLAT_HAIRPIN_MODE_OFF;
}

/* RFC 7757 section 4.2: an IPv6 packet whose destination was translated
 * through the RFC 6052 prefix to an IPv4 address that the EAM table holds
 * is for a host on our own IPv6 side, so it is translated straight back to
 * IPv6 (its source through the prefix, so that the peer's replies come
 * back through the translator): it is hairpinned.  A destination
 * translated by an EAM entry is an ordinary IPv4-bound packet.  'dst6' is
 * the packet's IPv6 destination before translation, which the first pass
 * has turned into the IPv4 packet in 'st'. */
static bool
returns_to_ipv6(const struct xlat_state *st, const struct in6_addr *dst6)
{
    const struct ip_header *ip = (const struct ip_header *) st->pkt->data;
    ovs_be32 dst4;

    return (ipxl_v4_in_eamt(st->cfg, st->ctx, get_16aligned_be32(ip->ip_dst))
            && ipxl_map_6to4(st->cfg, st->ctx, dst6, &dst4)
               == XLAT_MAP_PREFIX);
}

/* The return pass of a packet that returns_to_ipv6(): translates the IPv4
 * packet that the first pass made back to IPv6.  Returns IPXLAT_HAIRPIN
 * or the reason to drop the packet. */
static enum ipxlat_reason
translate_back(struct xlat_state *st)
{
    enum ipxlat_reason r;

    st->return_pass = true;
    r = ipxl_xlat_46(st);
    if (r == IPXLAT_XLAT_46) {
        return IPXLAT_HAIRPIN;
    }
    /* An error due on the way back would go to an IPv4 source that is
     * really one of our IPv6 hosts: the first pass already checked what
     * the sender can be told, so drop instead. */
    return ipxlat_reason_verdict(r) == IPXLAT_DROP
           ? r : IPXLAT_DROP_ERROR_SUPPRESSED;
}

/* Whether 'proto' is TCP or UDP, the only protocols the short paths take,
 * so that others are not handed to them at all. */
static inline bool
is_tcp_or_udp(uint8_t proto)
{
    return proto == IPPROTO_TCP_ || proto == IPPROTO_UDP_;
}

/* ipxlat_translate() for every packet that the short paths did not
 * translate: the general paths, hairpinning and the errors the translator
 * originates. */
static enum ipxlat_reason __attribute__((noinline))
translate_general(const struct ipxlat_config *cfg,
                  const struct ipxlat_ctx *ctx, enum ipxlat_family family,
                  struct ipxlat_pkt *pkt)
{
    struct xlat_state st = { .cfg = cfg, .ctx = ctx, .pkt = pkt };
    unsigned int version = pkt->len ? IP_VER(pkt->data[0]) : 0;
    struct in6_addr dst6;
    enum ipxlat_reason r;
    bool may_return;

    if (!pkt->len
        || (family != IPXLAT_FAMILY_IPV4 && family != IPXLAT_FAMILY_IPV6)) {
        return IPXLAT_DROP_NOT_IP;
    } else if (version != (unsigned int) family) {
        /* The version nibble must say what the link layer said: an IPv6
         * packet in an IPv4 frame from the IPv4 side would otherwise be
         * translated 6->4 onto the IPv4 side (or earn an ICMPv6 error sent
         * there), and an IPv4 packet in an IPv6 frame could cross 4->6
         * under an IPv6 flow. */
        return IPXLAT_DROP_FAMILY_MISMATCH;
    }

    if (family == IPXLAT_FAMILY_IPV4) {
        r = ipxl_xlat_46(&st);
    } else {
        may_return = may_return_to_ipv6(cfg);
        if (may_return && pkt->len >= IPV6_HEADER_LEN) {
            const struct ip6_header *ip6 = (const void *) pkt->data;

            memcpy(&dst6, ip6->ip6_dst, sizeof dst6);
        }
#ifndef IPXLAT_GENERAL_PATH_ONLY
        /* With EAM entries the short path comes here, for the hairpin
         * test. */
        r = (may_return && ipxl_fast_64(cfg, ctx, pkt)
             ? IPXLAT_XLAT_64 : ipxl_xlat_64(&st));
#else
        r = ipxl_xlat_64(&st);
#endif
        /* A packet translated whole but too big for mtu4 (FRAG_64) is
         * checked for hairpinning before it is cut: mtu4 is the MTU of
         * the IPv4 side, which a hairpinned packet never reaches, so it
         * goes back whole (the IPv6 side carried it whole already), and
         * the pieces are never looked at one by one.  So does a
         * reassembled datagram. */
        if (may_return
            && (r == IPXLAT_XLAT_64 || r == IPXLAT_FRAG_64
                || r == IPXLAT_REASM_64 || r == IPXLAT_REASM_FRAG_64)
            && returns_to_ipv6(&st, &dst6)) {
            r = translate_back(&st);
        }
    }

    if (ipxlat_reason_verdict(r) == IPXLAT_BOUNCE && r != IPXLAT_HAIRPIN) {
        r = ipxl_icmp_err_build(&st, r);
    }
    return r;
}

enum ipxlat_reason
ipxlat_translate(const struct ipxlat_config *cfg,
                 const struct ipxlat_ctx *ctx, enum ipxlat_family family,
                 struct ipxlat_pkt *pkt)
{
    enum ipxlat_reason r = XLAT_CONTINUE;

    /* Plain TCP and UDP, by far the most common packets, take the short
     * paths, tried only for a packet whose version is the family the host
     * named and that is long enough to have a protocol field (6->4 with
     * EAM entries and hairpinning tries it in translate_general(), which
     * checks for a hairpin after it). */
#ifndef IPXLAT_GENERAL_PATH_ONLY
    if (pkt->len >= IP_HEADER_LEN
        && IP_VER(pkt->data[0]) == (unsigned int) family) {
        if (family == IPXLAT_FAMILY_IPV6) {
            if (is_tcp_or_udp(pkt->data[offsetof(struct ip6_header, ip6_nxt)])
                && !may_return_to_ipv6(cfg) && ipxl_fast_64(cfg, ctx, pkt)) {
                r = IPXLAT_XLAT_64;
            }
        } else if (family == IPXLAT_FAMILY_IPV4
                   && is_tcp_or_udp(pkt->data[offsetof(struct ip_header,
                                                       ip_proto)])
                   && ipxl_fast_46(cfg, ctx, pkt)) {
            r = IPXLAT_XLAT_46;
        }
    }
#endif
    if (r == XLAT_CONTINUE) {
        r = translate_general(cfg, ctx, family, pkt);
    }

    if (ctx->stats) {
        ctx->stats->n[r]++;
    }
    return r;
}

/* Packets whose EAM lookups ipxlat_translate_batch() starts together: as
 * many as Open vSwitch passes at once (NETDEV_MAX_BURST), which is also
 * about as many cache misses as a core keeps in flight. */
#define BATCH_PREFETCH 32

void
ipxlat_translate_batch(const struct ipxlat_config *cfg,
                       const struct ipxlat_ctx *ctx, enum ipxlat_family family,
                       struct ipxlat_pkt *pkts, size_t n,
                       enum ipxlat_reason *reasons)
{
    for (size_t i = 0; i < n; i += BATCH_PREFETCH) {
        size_t end = MIN(n, i + BATCH_PREFETCH);

        for (size_t k = i; k < end; k++) {
            ipxlat_prefetch(cfg, ctx, pkts[k].data, pkts[k].len);
        }
        for (size_t k = i; k < end; k++) {
            reasons[k] = ipxlat_translate(cfg, ctx, family, &pkts[k]);
        }
    }
}
