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

/* Reassembly in a translation: the fragments that xlat-46.c and xlat-64.c
 * decide to hold go to the context (reasm.c), and the datagram they make
 * is rebuilt as one packet and translated by the ordinary path; plus the
 * public interface of the context (ipxlat.h, "Reassembly").
 *
 * A fragment is held only after the steps check and map found nothing
 * wrong with it, so the errors a fragment earns (Time Exceeded, Source
 * Route Failed...) are sent as without reassembly, and a datagram that
 * could never be translated is not held.  Its own size does not matter:
 * the whole is fragmented to fit the egress.
 *
 * The whole is rebuilt so that the ordinary path applies RFC 7915 to it
 * unchanged, as to a datagram that no fragmentation had ever touched
 * but that may be fragmented again:
 *
 * - IPv4: the first fragment's header, options included, with Total
 *   Length, Flags (all clear: DF too, as the sender let it be
 *   fragmented) and Fragment Offset of the whole, and a new checksum.
 *   Translated, it goes out whole if it fits min(mtu6, lowest_ipv6_mtu)
 *   and otherwise in fragments of that size whose Fragment headers carry
 *   its Identification, zero-extended (section 4.1).
 *
 * - IPv6: the first fragment's fixed header and a Fragment header of
 *   offset 0 and M clear (an atomic fragment, RFC 6946), with its
 *   Identification; extension headers before the Fragment header are
 *   left out (the translation skips them anyway, section 5.1).  Keeping
 *   the Fragment header makes the translation follow section 5.1.1:
 *   Identification from its low 16 bits, DF clear, never a Packet Too
 *   Big; the IPv4 result is cut to mtu4 if it is bigger. */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"
#include "ipxlat-reasm.h"
#include "ipxlat-util.h"
#include "ipxlat-validate.h"

/* The reason for a fragment that the context did not take. */
static enum ipxlat_reason
refused(struct xlat_state *st, enum reasm_result res)
{
    const struct xlat_l3 *l3 = &st->l3;

    switch (res) {
    case REASM_DUPLICATE:
        return IPXLAT_DROP_REASM_DUPLICATE;
    case REASM_OVERLAP:
        return IPXLAT_DROP_REASM_OVERLAP;
    case REASM_TOO_BIG:
        return IPXLAT_DROP_REASM_TOO_BIG;
    case REASM_FULL:
        if (IP_VER(st->pkt->data[0]) == 4 && l3->proto == IPPROTO_UDP_
            && l3->first) {
            /* RFC 7915 section 4.5: a zero checksum that cannot be
             * computed, as check_46() answers without a context. */
            st->err_type = ICMP4_DEST_UNREACH;
            st->err_code = ICMP4_ADMIN_PROHIBITED;
            st->err_info = 0;
            return IPXLAT_ERR_UDP_ZERO_CSUM;
        }
        return IPXLAT_DROP_REASM_FULL;
    case REASM_INVALID:
    default:
        return IPXLAT_DROP_REASM_INVALID;
    }
}

/* Turns the datagram 'dg' that the context assembled into a packet that
 * stands alone (see the top of the file), makes it st->pkt and translates
 * it.  Returns the reason for the whole. */
static enum ipxlat_reason
translate_whole(struct xlat_state *st, const struct reasm_datagram *dg)
{
    struct ipxlat_pkt *pkt = st->pkt;
    uint8_t *p = dg->data;
    enum ipxlat_reason r;

    /* RFC 791: a Total Length of 16 bits.  An IPv6 datagram may hold up to
     * 65535 bytes after its header (RFC 8200 section 4.5), but neither
     * its IPv4 translation nor the rebuilt packet, with its Fragment
     * header, would fit 16 bits then. */
    if (dg->len > UINT16_MAX) {
        return IPXLAT_DROP_REASM_TOO_BIG;
    }
    if (IP_VER(p[0]) == 4) {
        uint16_t csum;

        put_be16(p + 2, dg->len);
        put_be16(p + 6, 0);
        p[10] = p[11] = 0;
        csum = csum_finish(ipxl_csum_add_bytes(0, p, dg->hdr_len));
        memcpy(p + 10, &csum, sizeof csum);
    } else {
        put_be16(p + 4, dg->len - IPV6_HEADER_LEN);
    }

    pkt->data = p;
    pkt->len = dg->len;
    pkt->headroom = dg->headroom;
    pkt->tailroom = dg->tailroom;

    if (IP_VER(p[0]) == 4) {
        r = ipxl_xlat_46(st);
        return (r == IPXLAT_XLAT_46 ? IPXLAT_REASM_46
                : r == IPXLAT_FRAG_46 ? IPXLAT_REASM_FRAG_46 : r);
    }
    r = ipxl_xlat_64(st);
    return (r == IPXLAT_XLAT_64 ? IPXLAT_REASM_64
            : r == IPXLAT_FRAG_64 ? IPXLAT_REASM_FRAG_64 : r);
}

enum ipxlat_reason
ipxl_reasm_hold(struct xlat_state *st, bool join_only)
{
    const struct ipxlat_ctx *ctx = st->ctx;
    const struct xlat_l3 *l3 = &st->l3;
    const uint8_t *p = st->pkt->data;
    uint8_t hdr6[IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN];
    struct reasm_datagram dg;
    enum reasm_result res;
    struct reasm_frag f;
    size_t payload_ofs;

    f = (struct reasm_frag) {
        .version = IP_VER(p[0]),
        .proto = l3->proto,
        .id = l3->frag_id,
        .offset = l3->frag_offset,
        .mf = l3->mf,
        .join_only = join_only,
    };
    if (f.version == 4) {
        const struct ip_header *ip = (const struct ip_header *) p;

        f.src = &ip->ip_src;
        f.dst = &ip->ip_dst;
        payload_ofs = l3->l4_ofs;
        f.hdr = p;
        f.hdr_len = l3->l4_ofs;
    } else {
        const struct ip6_header *ip6 = (const struct ip6_header *) p;

        f.src = ip6->ip6_src;
        f.dst = ip6->ip6_dst;
        /* The fragmentable part starts right after the Fragment header
         * (check_64() refused extension headers behind it). */
        payload_ofs = l3->frag_ofs + IP6_FRAG_HDR_LEN;
        memcpy(hdr6, p, IPV6_HEADER_LEN);
        hdr6[6] = IPPROTO_FRAGMENT_;
        hdr6[40] = l3->proto;
        hdr6[41] = 0;
        put_be16(hdr6 + 42, 0);
        put_be32(hdr6 + 44, l3->frag_id);
        f.hdr = hdr6;
        f.hdr_len = sizeof hdr6;
    }
    f.payload = p + payload_ofs;
    f.len = l3->tot_len - payload_ofs;

    res = ipxl_reasm_add(ctx->reasm, ctx->now_ms, &f, &dg,
                         (ctx->stats
                          ? &ctx->stats->n[IPXLAT_DROP_REASM_TIMEOUT]
                          : NULL));
    switch (res) {
    case REASM_NOT_FOUND:
        return XLAT_CONTINUE;
    case REASM_HELD:
        return IPXLAT_REASM_HELD;
    case REASM_DONE:
        return translate_whole(st, &dg);
    case REASM_DUPLICATE:
    case REASM_OVERLAP:
    case REASM_FULL:
    case REASM_TOO_BIG:
    case REASM_INVALID:
    default:
        return refused(st, res);
    }
}

size_t
ipxlat_reasm_mem_size(const struct ipxlat_config *cfg)
{
    return cfg->reasm.max_datagrams ? ipxl_reasm_mem_size(&cfg->reasm) : 0;
}

struct ipxlat_reasm *
ipxlat_reasm_init(void *mem, size_t size, const struct ipxlat_config *cfg)
{
    return (cfg->reasm.max_datagrams
            ? ipxl_reasm_init(mem, size, &cfg->reasm) : NULL);
}

void
ipxlat_reasm_expire(struct ipxlat_reasm *reasm, uint64_t now_ms,
                    struct ipxlat_stats *stats)
{
    ipxl_reasm_expire(reasm, now_ms,
                      stats ? &stats->n[IPXLAT_DROP_REASM_TIMEOUT] : NULL);
}

void
ipxlat_reasm_get_usage(const struct ipxlat_reasm *reasm,
                       struct ipxlat_reasm_usage *u)
{
    const struct ipxlat_reasm_limits *l = ipxl_reasm_limits(reasm);
    struct reasm_usage use = ipxl_reasm_usage(reasm);

    *u = (struct ipxlat_reasm_usage) {
        .datagrams = use.datagrams,
        .max_datagrams = l->max_datagrams,
        .bytes = use.bytes,
        .max_bytes = l->max_bytes,
        .timeout_ms = l->timeout_ms,
        .max_size = l->max_size,
        .mem_size = ipxl_reasm_mem_size(l),
    };
}

bool
ipxlat_pkt_needs_reasm(const struct ipxlat_config *cfg, const uint8_t *l3,
                       size_t len)
{
    struct xlat_l3 layout;

    if (len >= IP_HEADER_LEN && IP_VER(l3[0]) == 4) {
        /* check_46(): ICMP fragments, and UDP ones with amending. */
        const struct ip_header *ip = (const struct ip_header *) l3;

        return ((get_be16(&ip->ip_frag_off) & (IP_MF | IP_FRAG_OFF_MASK))
                && (ip->ip_proto == IPPROTO_ICMP_
                    || (ip->ip_proto == IPPROTO_UDP_
                        && cfg->amend_udp_zero_csum)));
    } else if (len >= IPV6_HEADER_LEN && IP_VER(l3[0]) == 6) {
        uint8_t nh = l3[6];

        /* Most packets have no extension header: settled at once. */
        if (nh != IPPROTO_HOPOPTS_ && nh != IPPROTO_ROUTING_
            && nh != IPPROTO_DSTOPTS_ && nh != IPPROTO_FRAGMENT_) {
            return false;
        }
        /* check_64(): ICMPv6 fragments, found by the walk that
         * ipxlat_translate() makes, so that both agree. */
        return (validate6(l3, len, false, &layout) == XLAT_CONTINUE
                && layout.fragment && layout.proto == IPPROTO_ICMPV6_);
    }
    return false;
}
