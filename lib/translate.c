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

/* The entry point: dispatch by IP version, hairpinning (RFC 7757 section
 * 4.2), the errors the translator originates, counters. */

#include "ipxlat-xlat.h"

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

enum ipxlat_reason
ipxlat_translate(const struct ipxlat_config *cfg,
                 const struct ipxlat_ctx *ctx, struct ipxlat_pkt *pkt)
{
    struct xlat_state st = { .cfg = cfg, .ctx = ctx, .pkt = pkt };
    struct in6_addr dst6;
    enum ipxlat_reason r;
    bool may_return;

    switch (pkt->len ? IP_VER(pkt->data[0]) : 0) {
    case 4:
        r = ipxl_xlat_46(&st);
        break;
    case 6:
        may_return = may_return_to_ipv6(cfg);
        if (may_return && pkt->len >= IPV6_HEADER_LEN) {
            const struct ip6_header *ip6 = (const void *) pkt->data;

            memcpy(&dst6, ip6->ip6_dst, sizeof dst6);
        }
        r = ipxl_xlat_64(&st);
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
        break;
    default:
        r = IPXLAT_DROP_NOT_IP;
        break;
    }

    /* Plain translations, by far the most common results, need no
     * verdict lookup. */
    if (r != IPXLAT_XLAT_46 && r != IPXLAT_XLAT_64
        && ipxlat_reason_verdict(r) == IPXLAT_BOUNCE
        && r != IPXLAT_HAIRPIN) {
        r = ipxl_icmp_err_build(&st, r);
    }
    if (ctx->stats) {
        ctx->stats->n[r]++;
    }
    return r;
}
