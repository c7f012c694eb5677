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


#include <config.h>

#include "odp-ipxlat.h"

#include <ipxlat.h>
#include <string.h>

#include "conntrack.h"
#include "coverage.h"
#include "dp-packet.h"
#include "dpif-netdev.h"
#include "flow.h"
#include "netlink.h"
#include "odp-ipxlat-cfg.h"
#include "odp-ipxlat-offload.h"
#include "odp-ipxlat-stats.h"
#include "odp-ipxlat-table.h"
#include "odp-netlink.h"
#include "odp-util.h"
#include "openvswitch/ofpbuf.h"
#include "packets.h"
#include "timeval.h"
#include "util.h"

COVERAGE_DEFINE(ipxlat_drop);

/* The state of one execution of an ipxlat action on a batch. */
struct odp_ipxlat_run {
    void *dp;                          /* Datapath, for 'dp_execute_action'. */
    odp_execute_cb dp_execute_action;  /* Datapath's action callback. */
    const struct nlattr *rest;         /* Actions after ipxlat. */
    size_t rest_len;                   /* Length of 'rest' in bytes. */
    const struct odp_ipxlat_cfg *c;    /* Its cache entry (reassembly). */
    const struct ipxlat_config *cfg;   /* The translator configuration. */
    struct ipxlat_ctx ctx;             /* Host facts for the engine. */
    struct odp_ipxlat_stats *stats;    /* This thread's counters. */

    struct dp_packet_batch out;        /* Packets for 'rest'. */
    struct dp_packet_batch bounce;     /* Packets to send back... */
    odp_port_t bounce_port;            /* ...through this port, or... */
    uint32_t bounce_recirc;            /* ...if nonzero, recirculated with
                                        * this id (bounce_table=N). */
};

/* Runs the actions that follow ipxlat on the packets in 'run->out' and
 * empties it. */
static void
odp_ipxlat_flush_out(struct odp_ipxlat_run *run)
{
    if (!dp_packet_batch_is_empty(&run->out)) {
        bool trunc = run->out.trunc;

        odp_execute_actions(run->dp, &run->out, true, run->rest,
                            run->rest_len, run->dp_execute_action);
        dp_packet_batch_init(&run->out);
        run->out.trunc = trunc;
    }
}

/* Sends the packets in 'run->bounce' out of 'run->bounce_port', or
 * recirculates them with id 'run->bounce_recirc' if it is nonzero, and
 * empties 'run->bounce'. */
static void
odp_ipxlat_flush_bounce(struct odp_ipxlat_run *run)
{
    if (!dp_packet_batch_is_empty(&run->bounce)) {
        uint64_t stub[64 / 8];
        struct ofpbuf buf;

        ofpbuf_use_stub(&buf, stub, sizeof stub);
        if (run->bounce_recirc) {
            nl_msg_put_u32(&buf, OVS_ACTION_ATTR_RECIRC, run->bounce_recirc);
        } else {
            nl_msg_put_odp_port(&buf, OVS_ACTION_ATTR_OUTPUT,
                                run->bounce_port);
        }
        run->dp_execute_action(run->dp, &run->bounce, buf.data, true);
        ofpbuf_uninit(&buf);
        dp_packet_batch_init(&run->bounce);
    }
}

/* Queues 'p' to continue through the actions after ipxlat. */
static void
odp_ipxlat_push_out(struct odp_ipxlat_run *run, struct dp_packet *p)
{
    if (dp_packet_batch_size(&run->out) >= NETDEV_MAX_BURST) {
        odp_ipxlat_flush_out(run);
    }
    dp_packet_batch_add(&run->out, p);
}

/* Queues 'p' to leave through the port on which it entered the datapath, or
 * to recirculate if the action has a bounce recirculation id: then the
 * OpenFlow table that bounce_table=N names decides, whatever the port. */
static void
odp_ipxlat_push_bounce(struct odp_ipxlat_run *run, struct dp_packet *p)
{
    odp_port_t port = p->md.in_port.odp_port;

    if (OVS_UNLIKELY(!run->dp_execute_action
                     || (port == ODPP_NONE && !run->bounce_recirc))) {
        odp_ipxlat_stats_count(run->stats, ODP_IPXLAT_BOUNCE_NO_PORT, 1);
        COVERAGE_INC(ipxlat_drop);
        dp_packet_delete(p);
        return;
    }

    if (dp_packet_batch_size(&run->bounce) >= NETDEV_MAX_BURST
        || (!dp_packet_batch_is_empty(&run->bounce)
            && port != run->bounce_port && !run->bounce_recirc)) {
        odp_ipxlat_flush_bounce(run);
    }
    run->bounce_port = port;
    dp_packet_batch_add(&run->bounce, p);
}

/* Returns the offset of the L4 header of the IP packet of 'len' bytes at
 * 'l3', relative to 'l3', or UINT16_MAX if it has none that OVS would parse
 * (a later fragment, or an IPv6 extension header). */
static uint16_t
odp_ipxlat_l4_ofs(const uint8_t *l3, size_t len)
{
    if (len >= IP_HEADER_LEN && l3[0] >> 4 == 4) {
        const struct ip_header *ip = ALIGNED_CAST(const struct ip_header *,
                                                    l3);
        size_t hlen = IP_IHL(ip->ip_ihl_ver) * 4;

        if (hlen <= len && !(ip->ip_frag_off & htons(IP_FRAG_OFF_MASK))) {
            return hlen;
        }
    } else if (len >= IPV6_HEADER_LEN && l3[0] >> 4 == 6) {
        uint8_t nh = l3[6];

        if (nh == IPPROTO_TCP || nh == IPPROTO_UDP || nh == IPPROTO_ICMPV6
            || nh == IPPROTO_SCTP) {
            return IPV6_HEADER_LEN;
        }
    }
    return UINT16_MAX;
}

/* Makes 'p', whose translated IP packet is now 'pkt', whole again: puts the
 * 'l2_len' bytes of link layer saved in 'l2' (already carrying the new
 * EtherType) in front of it and fixes up the offsets and metadata. */
static void
odp_ipxlat_rebuild(struct dp_packet *p, const struct ipxlat_pkt *pkt,
                   const uint8_t *l2, size_t l2_len)
{
    uint8_t *data = pkt->data - l2_len;
    uint16_t l4_ofs;

    memcpy(data, l2, l2_len);
    dp_packet_set_data(p, data);
    dp_packet_set_size(p, l2_len + pkt->len);
    if (!dp_packet_is_eth(p)) {
        p->packet_type = htonl(pkt->data[0] >> 4 == 6 ? PT_IPV6 : PT_IPV4);
    }
    l4_ofs = odp_ipxlat_l4_ofs(pkt->data, pkt->len);
    p->l4_ofs = l4_ofs == UINT16_MAX ? UINT16_MAX : l2_len + l4_ofs;

    /* The packet is not the one that conntrack saw nor the one whose
     * checksums the NIC verified. */
    conntrack_clear(p);
    odp_ipxlat_offload_reset(p);
}

/* Queues, for the actions after ipxlat, the fragments into which the
 * engine cuts translated packet 'pkt' of 'p', each with link layer 'l2' of
 * 'l2_len' bytes, and frees 'p'. */
static void
odp_ipxlat_fragment(struct odp_ipxlat_run *run, struct dp_packet *p,
                    const struct ipxlat_pkt *pkt,
                    const uint8_t *l2, size_t l2_len)
{
    struct ipxlat_frag_iter it;

    ipxlat_frag_init(&it, run->cfg, pkt);

    /* No fragment is longer than the packet's headers, a Fragment header and
     * the most payload a fragment carries, nor than the whole packet plus a
     * Fragment header. */
    size_t cap = MIN(pkt->len, it.hdr_len + it.max_payload) + 8;
    for (;;) {
        struct dp_packet *f = dp_packet_new_with_headroom(l2_len + cap,
                                                          DP_NETDEV_HEADROOM);
        size_t n;

        dp_packet_put(f, l2, l2_len);
        n = ipxlat_frag_next(&it, dp_packet_tail(f), cap);
        if (!n) {
            dp_packet_delete(f);
            break;
        }
        dp_packet_set_size(f, l2_len + n);

        f->md = p->md;
        conntrack_clear(f);
        f->packet_type = (dp_packet_is_eth(p) ? p->packet_type
                          : htonl(pkt->data[0] >> 4 == 6 ? PT_IPV6
                                                         : PT_IPV4));
        f->l3_ofs = l2_len;
        f->l4_ofs = UINT16_MAX;
        if (dp_packet_rss_valid(p)) {
            dp_packet_set_rss_hash(f, dp_packet_get_rss_hash(p));
        }
        odp_ipxlat_push_out(run, f);
    }
    dp_packet_delete(p);
}

/* Moves translated packet 'pkt' of 'p', which the engine left in the
 * assembly buffer of a reassembly context (a datagram it reassembled), into
 * a new packet with 'l2_len' bytes in front of it for the link layer, frees
 * 'p' and returns the new packet, which 'pkt' then describes.  The caller
 * holds the context's mutex: the buffer is the context's until the next
 * fragment. */
static struct dp_packet *
odp_ipxlat_take_out(struct dp_packet *p, struct ipxlat_pkt *pkt,
                    size_t l2_len)
{
    struct dp_packet *q = dp_packet_new_with_headroom(l2_len + pkt->len,
                                                      DP_NETDEV_HEADROOM);

    dp_packet_put_uninit(q, l2_len);
    pkt->data = dp_packet_put(q, pkt->data, pkt->len);
    pkt->headroom = dp_packet_headroom(q) + l2_len;
    pkt->tailroom = dp_packet_tailroom(q);
    q->md = p->md;
    q->packet_type = p->packet_type;
    q->l3_ofs = l2_len;
    if (dp_packet_rss_valid(p)) {
        dp_packet_set_rss_hash(q, dp_packet_get_rss_hash(p));
    }
    dp_packet_delete(p);
    return q;
}

/* Returns true if 'pkt' lies in the buffer of 'p'. */
static bool
odp_ipxlat_in_packet(const struct dp_packet *p, const struct ipxlat_pkt *pkt)
{
    const uint8_t *base = dp_packet_base(p);

    return pkt->data >= base && pkt->data < base + dp_packet_get_allocated(p);
}

/* Drops 'p', counting glue reason 'reason'. */
static void
odp_ipxlat_drop(struct odp_ipxlat_run *run, struct dp_packet *p,
                enum odp_ipxlat_glue_reason reason)
{
    odp_ipxlat_stats_count(run->stats, reason, 1);
    COVERAGE_INC(ipxlat_drop);
    dp_packet_delete(p);
}

/* The most bytes of link layer (Ethernet and VLAN tags) that translation
 * keeps. */
#define ODP_IPXLAT_MAX_L2 64

/* Stores in '*family' the family of 'p' as the datapath parsed it, which
 * is what the flow's dl_type matched: the EtherType right in front of the
 * L3 header of an Ethernet frame ('l2_len' bytes of link layer, after any
 * VLAN tags), or the packet type of an L3 packet.  The engine checks the
 * packet's version against it, so that an IPv6 packet in an IPv4 frame
 * cannot cross as IPv6.  Returns false if it is neither IPv4 nor IPv6. */
static bool
odp_ipxlat_family(const struct dp_packet *p, size_t l2_len,
                  enum ipxlat_family *family)
{
    ovs_be16 type;

    if (dp_packet_is_eth(p)) {
        if (l2_len < ETH_HEADER_LEN) {
            return false;
        }
        memcpy(&type, (const uint8_t *) dp_packet_data(p) + l2_len - 2,
               sizeof type);
    } else if (pt_ns(p->packet_type) == OFPHTN_ETHERTYPE) {
        type = pt_ns_type_be(p->packet_type);
    } else {
        return false;
    }

    if (type == htons(ETH_TYPE_IP)) {
        *family = IPXLAT_FAMILY_IPV4;
    } else if (type == htons(ETH_TYPE_IPV6)) {
        *family = IPXLAT_FAMILY_IPV6;
    } else {
        return false;
    }
    return true;
}

/* Translates 'p', which this function owns, and sends it, its fragments or
 * the packet that the engine makes of it on their way. */
static void
odp_ipxlat_packet(struct odp_ipxlat_run *run, struct dp_packet *p)
{
    ovs_be16 l2_buf[ODP_IPXLAT_MAX_L2 / 2]; /* Aligned for eth_header. */
    uint8_t *l2 = (uint8_t *) l2_buf;
    enum ipxlat_family family;
    size_t l2_len;

    if (!dp_packet_l3(p)) {
        struct flow flow;

        flow_extract(p, &flow);
    }
    if (OVS_UNLIKELY(p->l2_5_ofs != UINT16_MAX)) {
        odp_ipxlat_drop(run, p, ODP_IPXLAT_MPLS);
        return;
    }
    if (OVS_UNLIKELY(odp_ipxlat_offload_pending(p))) {
        /* Checksums or segmentation are left to the NIC, so the packet's
         * bytes are not final and the engine would carry a partial
         * checksum over into the translated packet. */
        odp_ipxlat_drop(run, p, ODP_IPXLAT_TX_OFFLOAD);
        return;
    }

    l2_len = p->l3_ofs;
    if (OVS_UNLIKELY(!dp_packet_l3(p) || l2_len > sizeof l2_buf
                     || !odp_ipxlat_family(p, l2_len, &family))) {
        run->stats->engine.n[IPXLAT_DROP_NOT_IP]++;
        COVERAGE_INC(ipxlat_drop);
        dp_packet_delete(p);
        return;
    }

    /* The engine may grow the packet at its front, and it reads headers as
     * 16-bit words, so it needs room and an aligned IP header. */
    const uint8_t *l3 = dp_packet_l3(p);
    if (dp_packet_headroom(p) < IPXLAT_HEADROOM || (uintptr_t) l3 & 1) {
        if ((p->source == DPBUF_MALLOC || p->source == DPBUF_STUB)
            && !(l2_len & 1)) {
            /* The new buffer is aligned, and so is its headroom. */
            dp_packet_resize(p, IPXLAT_HEADROOM, dp_packet_tailroom(p));
        } else {
            struct dp_packet *q;

            q = dp_packet_clone_with_headroom(p, IPXLAT_HEADROOM
                                                 + (l2_len & 1));
            dp_packet_delete(p);
            p = q;
        }
    }

    /* Trailing link-layer padding is not part of the IP packet. */
    dp_packet_set_size(p, dp_packet_size(p) - dp_packet_l2_pad_size(p));
    dp_packet_set_l2_pad_size(p, 0);

    memcpy(l2, dp_packet_data(p), l2_len);

    struct ipxlat_pkt pkt = {
        .data = dp_packet_l3(p),
        .len = dp_packet_l3_size(p),
        .headroom = dp_packet_headroom(p),
        .tailroom = dp_packet_tailroom(p),
    };

    /* A fragment that the engine may hold goes through the configuration's
     * reassembly context, shared by every thread, under its mutex until
     * what the engine gives back, which may lie in the context, is copied
     * out.  Nothing that could run this action again (the actions after
     * it) runs under the mutex. */
    bool reasm = (run->c->reasm
                  && ipxlat_pkt_needs_reasm(run->cfg, pkt.data, pkt.len));
    run->ctx.reasm = reasm ? odp_ipxlat_cfg_reasm_lock(run->c) : NULL;

    enum ipxlat_reason reason = ipxlat_translate(run->cfg, &run->ctx, family,
                                                 &pkt);
    enum ipxlat_verdict verdict = ipxlat_reason_verdict(reason);

    if (reasm) {
        if ((verdict == IPXLAT_FORWARD || verdict == IPXLAT_FRAGMENTS
             || verdict == IPXLAT_BOUNCE) && !odp_ipxlat_in_packet(p, &pkt)) {
            p = odp_ipxlat_take_out(p, &pkt, l2_len);
        }
        odp_ipxlat_cfg_reasm_unlock(run->c);
        run->ctx.reasm = NULL;
    }

    if (verdict == IPXLAT_HELD) {
        /* The engine keeps a copy until its datagram is whole. */
        dp_packet_delete(p);
        return;
    } else if (verdict == IPXLAT_DROP) {
        COVERAGE_INC(ipxlat_drop);
        dp_packet_delete(p);
        return;
    }

    /* The EtherType is the last two bytes of the link layer, after any VLAN
     * tags. */
    if (dp_packet_is_eth(p) && l2_len >= ETH_HEADER_LEN) {
        ovs_be16 type = htons(pkt.data[0] >> 4 == 6
                              ? ETH_TYPE_IPV6 : ETH_TYPE_IP);

        memcpy(&l2[l2_len - 2], &type, sizeof type);
    }

    switch (verdict) {
    case IPXLAT_FORWARD:
        odp_ipxlat_rebuild(p, &pkt, l2, l2_len);
        odp_ipxlat_push_out(run, p);
        break;

    case IPXLAT_FRAGMENTS:
        odp_ipxlat_fragment(run, p, &pkt, l2, l2_len);
        break;

    case IPXLAT_BOUNCE:
        if (dp_packet_is_eth(p) && l2_len >= ETH_HEADER_LEN) {
            struct eth_header *eh = (struct eth_header *) l2_buf;
            struct eth_addr tmp = eh->eth_src;

            eh->eth_src = eh->eth_dst;
            eh->eth_dst = tmp;
        }
        odp_ipxlat_rebuild(p, &pkt, l2, l2_len);
        dp_packet_reset_cutlen(p);
        odp_ipxlat_push_bounce(run, p);
        break;

    case IPXLAT_HELD:
    case IPXLAT_DROP:
    default:
        OVS_NOT_REACHED();
    }
}

/* Executes the OVS_ACTION_ATTR_IPXLAT action 'action' on the packets in
 * 'batch' and then the 'rest_len' bytes of actions in 'rest' on the packets
 * that translation makes of them.  If 'steal' is true, consumes the packets
 * in 'batch'; otherwise translates copies and leaves 'batch' as it is.
 * 'dp' and 'dp_execute_action' are as for odp_execute_actions(). */
void
odp_ipxlat_execute(void *dp, struct dp_packet_batch *batch, bool steal,
                   const struct nlattr *action,
                   const struct nlattr *rest, size_t rest_len,
                   odp_execute_cb dp_execute_action)
{
    static const struct nl_policy ovs_ipxlat_policy[] = {
        [OVS_IPXLAT_ATTR_CONFIG] = { .type = NL_A_STRING },
        [OVS_IPXLAT_ATTR_BOUNCE_RECIRC] = { .type = NL_A_U32,
                                            .optional = true },
    };
    struct nlattr *a[ARRAY_SIZE(ovs_ipxlat_policy)];
    struct odp_ipxlat_stats *stats = odp_ipxlat_stats_get();
    const struct odp_ipxlat_cfg *c = NULL;
    struct dp_packet *packet;

    long long int now = time_msec();

    if (nl_parse_nested(action, ovs_ipxlat_policy, a, ARRAY_SIZE(a))) {
        c = odp_ipxlat_cfg_get(nl_attr_get_string(a[OVS_IPXLAT_ATTR_CONFIG]),
                               now);
    }
    if (OVS_UNLIKELY(!c || !c->cfg)) {
        size_t n = dp_packet_batch_size(batch);

        odp_ipxlat_stats_count(stats, ODP_IPXLAT_BAD_CONFIG, n);
        COVERAGE_ADD(ipxlat_drop, n);
        dp_packet_delete_batch(batch, steal);
        return;
    }

    struct odp_ipxlat_run run = {
        .dp = dp,
        .dp_execute_action = dp_execute_action,
        .rest = rest,
        .rest_len = rest_len,
        .c = c,
        .cfg = c->cfg,
        .ctx = {
            .now_ms = now,
            .table = NULL,
            .stats = &stats->engine,
        },
        .stats = stats,
        .bounce_recirc = (a[OVS_IPXLAT_ATTR_BOUNCE_RECIRC]
                          ? nl_attr_get_u32(a[OVS_IPXLAT_ATTR_BOUNCE_RECIRC])
                          : 0),
    };
    dp_packet_batch_init(&run.out);
    run.out.trunc = batch->trunc;
    dp_packet_batch_init(&run.bounce);

    if (c->table_name) {
        run.ctx.table = odp_ipxlat_table_get(c->table_name, c->table_hash);
        if (!run.ctx.table) {
            odp_ipxlat_stats_count(stats, ODP_IPXLAT_NO_TABLE,
                                   dp_packet_batch_size(batch));
        }
    }

    /* Start loading the EAM buckets of the whole batch, so that their cache
     * misses overlap instead of adding up (nothing to do without EAM). */
    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        if (dp_packet_l3(packet)) {
            ipxlat_prefetch(run.cfg, &run.ctx, dp_packet_l3(packet),
                            dp_packet_l3_size(packet));
        }
    }
    DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
        odp_ipxlat_packet(&run, (steal
                                 ? packet
                                 : dp_packet_clone_with_headroom(
                                       packet, IPXLAT_HEADROOM)));
    }
    if (steal) {
        dp_packet_batch_init(batch);
    }

    odp_ipxlat_flush_bounce(&run);
    odp_ipxlat_flush_out(&run);
}

