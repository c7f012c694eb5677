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
#include "crc32c.h"
#include "csum.h"
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
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(odp_ipxlat);

COVERAGE_DEFINE(ipxlat_drop);
/* Offloaded packets whose work the glue finished (see "Offload" below):
 * packets whose checksums it computed in full, TSO packets it cut into
 * segments. */
COVERAGE_DEFINE(ipxlat_offload_csum);
COVERAGE_DEFINE(ipxlat_offload_tso);

/* Drops are logged at debug level (off by default: "ovs-appctl vlog/set
 * odp_ipxlat:file:dbg" turns them on), at most this many in a burst and
 * then this many a minute, so that a flood of bad packets cannot flood the
 * log. */
#define ODP_IPXLAT_DROP_LOG_BURST 10
#define ODP_IPXLAT_DROP_LOG_RATE 5
static struct vlog_rate_limit drop_rl
    = VLOG_RATE_LIMIT_INIT(ODP_IPXLAT_DROP_LOG_RATE,
                           ODP_IPXLAT_DROP_LOG_BURST);

/* The most bytes of a packet's IP header and what follows that a drop's
 * log message describes. */
#define ODP_IPXLAT_LOG_BYTES 128

/* The state of one execution of an ipxlat action on a batch. */
struct odp_ipxlat_run {
    void *dp;                          /* Datapath, for 'dp_execute_action'. */
    odp_execute_cb dp_execute_action;  /* Datapath's action callback. */
    const struct nlattr *rest;         /* Actions after ipxlat. */
    size_t rest_len;                   /* Length of 'rest' in bytes. */
    const struct odp_ipxlat_cfg *c;    /* Its cache entry (reassembly). */
    const struct ipxlat_config *cfg;   /* The translator configuration. */
    struct ipxlat_ctx ctx;             /* Host facts for the engine. */
    struct odp_ipxlat_stats *stats;    /* Where to count: 'batch_stats'. */
    struct odp_ipxlat_stats batch_stats; /* This batch's counters, added to
                                          * the thread's and the
                                          * configuration's at its end (not
                                          * in the list of threads'). */

    struct dp_packet_batch out;        /* Packets for 'rest'. */
    struct dp_packet_batch later;      /* Later fragments of packets whose
                                        * first fragment is in 'out'. */
    struct dp_packet_batch bounce;     /* Packets to send back... */
    odp_port_t bounce_port;            /* ...through this port, or... */
    uint32_t bounce_recirc;            /* ...if nonzero, recirculated with
                                        * this id (bounce_table=N). */
    bool log_drops;                    /* Debug logging on, for this batch. */
};

/* Runs the actions that follow ipxlat on the packets in 'b', a batch of
 * 'run', and empties it. */
static void
odp_ipxlat_run_rest(struct odp_ipxlat_run *run, struct dp_packet_batch *b)
{
    if (!dp_packet_batch_is_empty(b)) {
        bool trunc = b->trunc;

        odp_execute_actions(run->dp, b, true, run->rest, run->rest_len,
                            run->dp_execute_action);
        dp_packet_batch_init(b);
        b->trunc = trunc;
    }
}

/* Runs the actions that follow ipxlat on the packets in 'run->out', then
 * on the later fragments in 'run->later', and empties both. */
static void
odp_ipxlat_flush_out(struct odp_ipxlat_run *run)
{
    odp_ipxlat_run_rest(run, &run->out);
    odp_ipxlat_run_rest(run, &run->later);
}

/* Returns true if 'p' may join batch 'b': it has room, and 'p' is a DPDK
 * buffer if and only if its packets are.  Open vSwitch's DPDK ports take
 * a whole batch for DPDK buffers or for others by its first packet (in
 * 3.1; dpif-netdev flushes a port's queue for the same reason), so a
 * batch of translated packets, some still in the mbuf they came in and
 * others new (fragments, reassembled datagrams), must not mix them. */
static bool
odp_ipxlat_batch_takes(const struct dp_packet_batch *b,
                       const struct dp_packet *p)
{
    return (dp_packet_batch_size(b) < NETDEV_MAX_BURST
            && (dp_packet_batch_is_empty(b)
                || ((b->packets[0]->source == DPBUF_DPDK)
                    == (p->source == DPBUF_DPDK))));
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

/* Queues 'p' to continue through the actions after ipxlat: a whole
 * packet, or the first fragment of one if 'first_fragment'.  A whole packet
 * goes after the later fragments of the packets before it; a first
 * fragment may go ahead of them, which still completes every datagram in
 * the order the packets came. */
static void
odp_ipxlat_push_out(struct odp_ipxlat_run *run, struct dp_packet *p,
                    bool first_fragment)
{
    if ((!first_fragment && !dp_packet_batch_is_empty(&run->later))
        || !odp_ipxlat_batch_takes(&run->out, p)) {
        odp_ipxlat_flush_out(run);
    }
    dp_packet_batch_add(&run->out, p);
}

/* Queues 'f', a later fragment of a packet whose first fragment went to
 * odp_ipxlat_push_out(), to continue through the actions after ipxlat
 * after that first fragment. */
static void
odp_ipxlat_push_later(struct odp_ipxlat_run *run, struct dp_packet *f)
{
    if (!odp_ipxlat_batch_takes(&run->later, f)) {
        odp_ipxlat_flush_out(run);
    }
    dp_packet_batch_add(&run->later, f);
}

/* Appends to 's' a one-line summary of the IP packet of 'len' bytes at 'l3',
 * of which only the first 'avail' bytes are at hand: family, addresses,
 * protocol, ports or ICMP type and code, and length. */
static void
odp_ipxlat_put_summary(struct ds *s, const uint8_t *l3, size_t len,
                       size_t avail)
{
    const uint8_t *l4 = NULL;
    bool later_frag = false;
    uint8_t proto;

    if (avail >= IP_HEADER_LEN && l3[0] >> 4 == 4) {
        const struct ip_header *ip = ALIGNED_CAST(const struct ip_header *,
                                                    l3);
        size_t hlen = IP_IHL(ip->ip_ihl_ver) * 4;

        ds_put_format(s, "IPv4 "IP_FMT" > "IP_FMT,
                      IP_ARGS(get_16aligned_be32(&ip->ip_src)),
                      IP_ARGS(get_16aligned_be32(&ip->ip_dst)));
        proto = ip->ip_proto;
        if (ip->ip_frag_off & htons(IP_FRAG_OFF_MASK)) {
            later_frag = true;
        } else if (hlen >= IP_HEADER_LEN) {
            l4 = l3 + hlen;
        }
    } else if (avail >= IPV6_HEADER_LEN && l3[0] >> 4 == 6) {
        const struct ovs_16aligned_ip6_hdr *ip6
            = ALIGNED_CAST(const struct ovs_16aligned_ip6_hdr *, l3);
        const uint8_t *p = l3 + IPV6_HEADER_LEN;
        const uint8_t *end = l3 + avail;
        struct in6_addr src, dst;

        memcpy(&src, &ip6->ip6_src, sizeof src);
        memcpy(&dst, &ip6->ip6_dst, sizeof dst);
        ds_put_cstr(s, "IPv6 ");
        ipv6_format_addr(&src, s);
        ds_put_cstr(s, " > ");
        ipv6_format_addr(&dst, s);

        /* Skip the extension headers that come before an L4 header. */
        proto = ip6->ip6_nxt;
        for (;;) {
            if (proto == IPPROTO_FRAGMENT && end - p >= 8) {
                const struct ovs_16aligned_ip6_frag *frag
                    = ALIGNED_CAST(const struct ovs_16aligned_ip6_frag *, p);

                if (frag->ip6f_offlg & htons(0xfff8)) {
                    later_frag = true;
                }
                proto = p[0];
                p += 8;
            } else if ((proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING
                        || proto == IPPROTO_DSTOPTS) && end - p >= 8
                       && end - p >= (p[1] + 1) * 8) {
                proto = p[0];
                p += (p[1] + 1) * 8;
            } else {
                break;
            }
        }
        if (!later_frag) {
            l4 = p;
        }
    } else {
        ds_put_format(s, "not IPv4 or IPv6, length %"PRIuSIZE, len);
        return;
    }

    const uint8_t *end = l3 + avail;
    switch (proto) {
    case IPPROTO_TCP:
    case IPPROTO_UDP:
        ds_put_cstr(s, proto == IPPROTO_TCP ? " TCP" : " UDP");
        if (l4 && end - l4 >= 4) {
            ds_put_format(s, " %u > %u", (l4[0] << 8) | l4[1],
                          (l4[2] << 8) | l4[3]);
        }
        break;
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6:
        ds_put_cstr(s, proto == IPPROTO_ICMP ? " ICMP" : " ICMPv6");
        if (l4 && end - l4 >= 2) {
            ds_put_format(s, " type %u code %u", l4[0], l4[1]);
        }
        break;
    default:
        ds_put_format(s, " protocol %u", proto);
        break;
    }
    if (later_frag) {
        ds_put_cstr(s, " (later fragment)");
    }
    ds_put_format(s, ", length %"PRIuSIZE, len);
}

/* Logs, at debug level and rate-limited, that a packet was dropped for
 * 'reason' (an engine or a glue reason name), with a summary of its IP
 * packet of 'len' bytes at 'l3' (NULL if it has none), of which the first
 * 'avail' bytes are at hand. */
static void
odp_ipxlat_log_drop(const char *reason, const uint8_t *l3, size_t len,
                    size_t avail)
{
    if (!VLOG_DROP_DBG(&drop_rl)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_format(&s, "packet dropped (%s): ", reason);
        if (l3) {
            odp_ipxlat_put_summary(&s, l3, len, avail);
        } else {
            ds_put_cstr(&s, "no IP header");
        }
        VLOG_DBG("%s", ds_cstr(&s));
        ds_destroy(&s);
    }
}

/* Logs, as odp_ipxlat_log_drop() does, the drop of 'p' for glue reason
 * 'reason'. */
static void
odp_ipxlat_log_glue_drop(const struct dp_packet *p,
                         enum odp_ipxlat_glue_reason reason)
{
    if (VLOG_IS_DBG_ENABLED()) {
        const uint8_t *l3 = dp_packet_l3(p);
        size_t len = l3 ? dp_packet_l3_size(p) : 0;

        odp_ipxlat_log_drop(odp_ipxlat_glue_reason_name(reason), l3, len,
                            len);
    }
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
        odp_ipxlat_log_glue_drop(p, ODP_IPXLAT_BOUNCE_NO_PORT);
        COVERAGE_INC(ipxlat_drop);
        dp_packet_delete(p);
        return;
    }

    if (!odp_ipxlat_batch_takes(&run->bounce, p)
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

/* Copies the 'len' bytes of link layer at 'src' to 'dst'.  A plain Ethernet
 * header, by far the most common, is copied with a constant size, which the
 * compiler turns into two moves instead of a call to memcpy(): this runs
 * twice for every packet translated. */
static void
odp_ipxlat_copy_l2(void *dst, const void *src, size_t len)
{
    if (OVS_LIKELY(len == ETH_HEADER_LEN)) {
        memcpy(dst, src, ETH_HEADER_LEN);
    } else {
        memcpy(dst, src, len);
    }
}

/* The packet type for the translated IP packet at 'l3' in 'p': Ethernet
 * stays Ethernet; an L3 packet takes the type of its new IP version, as
 * push_eth() and pop_eth() set it. */
static ovs_be32
odp_ipxlat_packet_type(const struct dp_packet *p, const uint8_t *l3)
{
    return (dp_packet_is_eth(p) ? p->packet_type
            : htonl(l3[0] >> 4 == 6 ? PT_IPV6 : PT_IPV4));
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

    odp_ipxlat_copy_l2(data, l2, l2_len);
    dp_packet_set_data(p, data);
    dp_packet_set_size(p, l2_len + pkt->len);
    p->packet_type = odp_ipxlat_packet_type(p, pkt->data);
    l4_ofs = odp_ipxlat_l4_ofs(pkt->data, pkt->len);
    p->l4_ofs = l4_ofs == UINT16_MAX ? UINT16_MAX : l2_len + l4_ofs;

    /* The packet is not the one that conntrack saw nor the one whose
     * checksums the NIC verified. */
    conntrack_clear(p);
    odp_ipxlat_offload_reset(p);
}

/* Returns a new packet with the fragment that 'it' cuts next from the
 * packet of 'p' (at most 'cap' bytes), behind link layer 'l2' of 'l2_len'
 * bytes, with the metadata of 'p' and packet type 'packet_type', or NULL
 * if there is none. */
static struct dp_packet *
odp_ipxlat_new_fragment(struct ipxlat_frag_iter *it, const struct dp_packet *p,
                        ovs_be32 packet_type, const uint8_t *l2,
                        size_t l2_len, size_t cap)
{
    struct dp_packet *f;
    size_t n;

    if (!ipxlat_frag_count(it)) {
        return NULL;
    }
    f = dp_packet_new_with_headroom(l2_len + cap, DP_NETDEV_HEADROOM);
    dp_packet_put(f, l2, l2_len);
    n = ipxlat_frag_next(it, dp_packet_tail(f), cap);
    if (!n) {
        dp_packet_delete(f);
        return NULL;
    }
    dp_packet_set_size(f, l2_len + n);

    f->md = p->md;
    conntrack_clear(f);
    f->packet_type = packet_type;
    f->l3_ofs = l2_len;
    f->l4_ofs = UINT16_MAX;
    if (dp_packet_rss_valid(p)) {
        dp_packet_set_rss_hash(f, dp_packet_get_rss_hash(p));
    }
    return f;
}

/* Queues, for the actions after ipxlat, the fragments into which the
 * engine cuts translated packet 'pkt' of 'p', each with link layer 'l2' of
 * 'l2_len' bytes.
 *
 * The first fragment stays in 'p', its headers rewritten in place, so that
 * one packet fewer is allocated and a port with its own buffers (DPDK)
 * sends it without a copy.  The later fragments are cut from what follows
 * in 'p''s buffer, so they are all made before 'p' is queued, where a full
 * batch could send it away; that needs them to fit in one batch.  Past
 * that (a packet cut into more than NETDEV_MAX_BURST pieces), and when the
 * engine cannot keep the first fragment in place, every fragment is a new
 * packet and 'p' is freed. */
static void
odp_ipxlat_fragment(struct odp_ipxlat_run *run, struct dp_packet *p,
                    struct ipxlat_pkt *pkt,
                    const uint8_t *l2, size_t l2_len)
{
    ovs_be32 packet_type = odp_ipxlat_packet_type(p, pkt->data);
    struct ipxlat_frag_iter it;
    struct dp_packet *f;
    size_t first = 0;

    ipxlat_frag_init(&it, run->cfg, pkt);

    /* No fragment is longer than the packet's headers, a Fragment header and
     * the most payload a fragment carries, nor than the whole packet plus a
     * Fragment header. */
    size_t cap = MIN(pkt->len, it.hdr_len + it.max_payload) + 8;

    if (ipxlat_frag_count(&it) <= NETDEV_MAX_BURST) {
        first = ipxlat_frag_first_in_place(&it, pkt->data);
    }
    if (first) {
        struct dp_packet_batch later;

        dp_packet_batch_init(&later);
        while ((f = odp_ipxlat_new_fragment(&it, p, packet_type, l2, l2_len,
                                            cap))) {
            dp_packet_batch_add(&later, f);
        }
        pkt->len = first;
        odp_ipxlat_rebuild(p, pkt, l2, l2_len);
        odp_ipxlat_push_out(run, p, true);
        DP_PACKET_BATCH_FOR_EACH (i, f, &later) {
            odp_ipxlat_push_later(run, f);
        }
        return;
    }

    while ((f = odp_ipxlat_new_fragment(&it, p, packet_type, l2, l2_len,
                                        cap))) {
        odp_ipxlat_push_out(run, f, false);
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
    odp_ipxlat_log_glue_drop(p, reason);
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

/* Translates 'p', which this function owns and whose bytes are final (no
 * offload work is pending), and sends it, its fragments or the packet that
 * the engine makes of it on their way. */
static void
odp_ipxlat_translate(struct odp_ipxlat_run *run, struct dp_packet *p)
{
    ovs_be16 l2_buf[ODP_IPXLAT_MAX_L2 / 2]; /* Aligned for eth_header. */
    uint8_t *l2 = (uint8_t *) l2_buf;
    enum ipxlat_family family;
    size_t l2_len;

    l2_len = p->l3_ofs;
    if (OVS_UNLIKELY(!dp_packet_l3(p) || l2_len > sizeof l2_buf
                     || !odp_ipxlat_family(p, l2_len, &family))) {
        run->stats->engine.n[IPXLAT_DROP_NOT_IP]++;
        if (run->log_drops) {
            odp_ipxlat_log_drop(ipxlat_reason_name(IPXLAT_DROP_NOT_IP),
                                NULL, 0, 0);
        }
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

    odp_ipxlat_copy_l2(l2, dp_packet_data(p), l2_len);

    struct ipxlat_pkt pkt = {
        .data = dp_packet_l3(p),
        .len = dp_packet_l3_size(p),
        .headroom = dp_packet_headroom(p),
        .tailroom = dp_packet_tailroom(p),
    };

    /* The engine may have changed the packet by the time it drops it, so
     * the log of a drop describes a copy of its first bytes, made only when
     * drops are logged. */
    ovs_be16 orig_buf[ODP_IPXLAT_LOG_BYTES / 2]; /* Aligned as 'l3'. */
    uint8_t *orig = (uint8_t *) orig_buf;
    size_t orig_len = 0, orig_avail = 0;
    if (OVS_UNLIKELY(run->log_drops)) {
        orig_len = pkt.len;
        orig_avail = MIN(pkt.len, sizeof orig_buf);
        memcpy(orig_buf, pkt.data, orig_avail);
    }

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
        if (OVS_UNLIKELY(orig_avail)) {
            odp_ipxlat_log_drop(ipxlat_reason_name(reason), orig, orig_len,
                                orig_avail);
        }
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
        odp_ipxlat_push_out(run, p, false);
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

/* Offload
 * =======
 *
 * A packet may leave work to the NIC that sends it: its L4 checksum (the
 * field then holds at most the sum of a pseudo-header), the IPv4 header
 * checksum, or cutting a TCP packet of up to 64 kB into segments (TSO).
 * This happens with other_config:userspace-tso-enable=true on veth and tap
 * ports (AF_PACKET with virtio-net headers), vhost-user and DPDK ports, and
 * in 3.5 and 4.0 after Open vSwitch itself rewrote a header.  The engine
 * updates checksums incrementally, so it needs final bytes; the glue makes
 * them final first, in software, and then translates:
 *
 *   - a checksum left to the NIC is computed in full (for every L4
 *     protocol that carries one: TCP, UDP, SCTP);
 *
 *   - a TSO packet is cut into TCP segments, each with its checksum, small
 *     enough that each still fits the MTU of the other side once translated
 *     (mtu6 for an IPv4 packet, mtu4 for an IPv6 one, minus the translated
 *     IP header and the TCP header), and no larger than the segment size
 *     that the packet asks for when the version keeps one (3.5, 4.0).
 *
 * The translated packets carry no offload work, so any port can send them.
 * Keeping the offload instead would have the engine translate a packet
 * longer than the MTU as if it were its segments and update a pseudo-header
 * sum rather than a checksum, and 3.1 has no software segmentation for an
 * egress that cannot segment (dp_packet_gso() came in 3.3), while one
 * segmenter here serves every version alike.  The cost is one pass over
 * the payload for the checksum and one copy per segment, what the egress
 * would do in software anyway when it cannot offload.  What the glue cannot
 * finish (tunnel offload, whose work is on inner headers; an offloaded IPv6
 * packet with extension headers; TSO of a packet that is not TCP) is
 * dropped and counted as "tx_offload". */

/* Returns the L4 protocol of 'p' (IPPROTO_*) if its L4 checksum can be
 * computed here: an IPv4 packet that is not a fragment, or an IPv6 packet
 * whose L4 header follows the fixed header, with the L4 header in 'p'.
 * Returns 0 otherwise. */
static uint8_t
odp_ipxlat_offload_l4_proto(const struct dp_packet *p)
{
    const uint8_t *l3 = dp_packet_l3(p);
    size_t l3_len = l3 ? dp_packet_l3_size(p) : 0;
    size_t l4_len = dp_packet_l4(p) ? dp_packet_l4_size(p) : 0;
    uint8_t proto;

    if (l3_len >= IP_HEADER_LEN && l3[0] >> 4 == 4) {
        const struct ip_header *ip = ALIGNED_CAST(const struct ip_header *,
                                                    l3);

        if (ip->ip_frag_off & htons(IP_MORE_FRAGMENTS | IP_FRAG_OFF_MASK)
            || p->l4_ofs - p->l3_ofs != IP_IHL(ip->ip_ihl_ver) * 4) {
            return 0;
        }
        proto = ip->ip_proto;
    } else if (l3_len >= IPV6_HEADER_LEN && l3[0] >> 4 == 6
               && p->l4_ofs - p->l3_ofs == IPV6_HEADER_LEN) {
        proto = l3[6];
    } else {
        return 0;
    }

    if ((proto == IPPROTO_TCP && l4_len >= TCP_HEADER_LEN)
        || (proto == IPPROTO_UDP && l4_len >= UDP_HEADER_LEN)
        || (proto == IPPROTO_SCTP && l4_len >= SCTP_HEADER_LEN)) {
        return proto;
    }
    return 0;
}

/* Computes in full the checksums of IP packet 'p': the IPv4 header
 * checksum, and if 'proto' is nonzero the L4 checksum, for the L4 protocol
 * 'proto' that odp_ipxlat_offload_l4_proto() found. */
static void
odp_ipxlat_offload_csum(struct dp_packet *p, uint8_t proto)
{
    uint8_t *l3 = dp_packet_l3(p);
    size_t l3_len = dp_packet_l3_size(p);
    uint32_t partial;

    if (l3_len >= IP_HEADER_LEN && l3[0] >> 4 == 4) {
        struct ip_header *ip = ALIGNED_CAST(struct ip_header *, l3);
        size_t hlen = IP_IHL(ip->ip_ihl_ver) * 4;

        if (hlen >= IP_HEADER_LEN && hlen <= l3_len) {
            ip->ip_csum = 0;
            ip->ip_csum = csum(ip, hlen);
        }
    }
    if (!proto) {
        return;
    }

    uint8_t *l4 = dp_packet_l4(p);
    size_t l4_len = dp_packet_l4_size(p);
    if (l3[0] >> 4 == 4) {
        struct ip_header *ip = ALIGNED_CAST(struct ip_header *, l3);

        partial = csum_continue(0, &ip->ip_src, 8);
        partial = csum_add16(partial, htons(proto));
        partial = csum_add16(partial, htons(l4_len));
    } else {
        /* Source and destination addresses, 32 bytes from offset 8. */
        partial = csum_continue(0, l3 + 8, 32);
        partial = csum_add16(partial, htons(proto));
        partial = csum_add32(partial, htonl(l4_len));
    }

    if (proto == IPPROTO_TCP) {
        struct tcp_header *th = ALIGNED_CAST(struct tcp_header *, l4);

        th->tcp_csum = 0;
        th->tcp_csum = csum_finish(csum_continue(partial, th, l4_len));
    } else if (proto == IPPROTO_UDP) {
        struct udp_header *uh = ALIGNED_CAST(struct udp_header *, l4);

        uh->udp_csum = 0;
        uh->udp_csum = csum_finish(csum_continue(partial, uh, l4_len));
        if (!uh->udp_csum) {
            uh->udp_csum = htons(0xffff);
        }
    } else {
        struct sctp_header *sh = ALIGNED_CAST(struct sctp_header *, l4);

        put_16aligned_be32(&sh->sctp_csum, 0);
        put_16aligned_be32(&sh->sctp_csum, crc32c(l4, l4_len));
    }
}

/* Returns the TCP payload size of the segments into which the glue cuts TSO
 * packet 'p' (IP version 'ip_version', TCP header of 'thl' bytes) that asks
 * for 'segsz' (0 if it does not say): each must fit the MTU of the other
 * side after translation. */
static size_t
odp_ipxlat_offload_segsz(const struct odp_ipxlat_run *run, int ip_version,
                         size_t thl, uint16_t segsz)
{
    unsigned int mtu = ipxlat_config_mtu(run->cfg, ip_version == 4 ? 6 : 4);
    size_t hdr = (ip_version == 4 ? IPV6_HEADER_LEN : IP_HEADER_LEN) + thl;
    size_t fit = mtu > hdr ? mtu - hdr : 0;

    if (!fit) {
        /* No segment fits: let the engine answer the sender as it does for
         * any packet too big, with segments of the size it asked for. */
        return segsz ? segsz : 536;
    }
    return segsz ? MIN(segsz, fit) : fit;
}

/* Cuts TSO packet 'p', which this function owns, into TCP segments of at
 * most 'seg' bytes of payload, each with its checksums, translates each and
 * frees 'p'.  'p' is TCP (odp_ipxlat_offload_l4_proto()). */
static void
odp_ipxlat_offload_segment(struct odp_ipxlat_run *run, struct dp_packet *p,
                           size_t seg)
{
    const struct tcp_header *th = dp_packet_l4(p);
    size_t thl = TCP_OFFSET(th->tcp_ctl) * 4;
    size_t hdr_len = p->l4_ofs + thl;        /* Link layer to TCP payload. */
    size_t payload = dp_packet_l4_size(p) - thl;
    uint32_t seq = ntohl(get_16aligned_be32(&th->tcp_seq));
    uint16_t flags = TCP_FLAGS(th->tcp_ctl);
    const uint8_t *data = dp_packet_data(p);

    for (size_t off = 0, i = 0; off < payload; i++) {
        size_t n = MIN(seg, payload - off);
        struct dp_packet *s;
        uint16_t s_flags = flags;

        s = dp_packet_new_with_headroom(hdr_len + n, DP_NETDEV_HEADROOM
                                                     + IPXLAT_HEADROOM);
        dp_packet_put(s, data, hdr_len);
        dp_packet_put(s, data + hdr_len + off, n);
        s->md = p->md;
        s->packet_type = p->packet_type;
        s->l3_ofs = p->l3_ofs;
        s->l4_ofs = p->l4_ofs;
        if (dp_packet_rss_valid(p)) {
            dp_packet_set_rss_hash(s, dp_packet_get_rss_hash(p));
        }

        uint8_t *l3 = dp_packet_l3(s);
        uint16_t l3_len = p->l4_ofs - p->l3_ofs + thl + n;
        if (l3[0] >> 4 == 4) {
            struct ip_header *ip = ALIGNED_CAST(struct ip_header *, l3);

            ip->ip_tot_len = htons(l3_len);
            ip->ip_id = htons(ntohs(ip->ip_id) + i);
        } else {
            struct ovs_16aligned_ip6_hdr *ip6;

            ip6 = ALIGNED_CAST(struct ovs_16aligned_ip6_hdr *, l3);
            ip6->ip6_plen = htons(l3_len - IPV6_HEADER_LEN);
        }

        /* As a NIC does: FIN and PSH only on the last segment, CWR only on
         * the first. */
        struct tcp_header *sth = dp_packet_l4(s);
        if (off + n < payload) {
            s_flags &= ~(TCP_FIN | TCP_PSH);
        }
        if (i) {
            s_flags &= ~TCP_CWR;
        }
        sth->tcp_ctl = TCP_CTL(s_flags, thl / 4);
        put_16aligned_be32(&sth->tcp_seq, htonl(seq + off));

        odp_ipxlat_offload_csum(s, IPPROTO_TCP);
        odp_ipxlat_translate(run, s);
        off += n;
    }
    dp_packet_delete(p);
}

/* Finishes in software the work that 'p', which this function owns, leaves
 * to the NIC, and translates what results, or drops 'p' and counts
 * "tx_offload" if the glue cannot (see "Offload" above). */
static void
odp_ipxlat_offload(struct odp_ipxlat_run *run, struct dp_packet *p)
{
    uint8_t proto = odp_ipxlat_offload_l4_proto(p);
    bool l4_csum = odp_ipxlat_offload_l4_csum(p);
    uint16_t segsz;

    if (OVS_UNLIKELY((l4_csum && !proto)
                     || odp_ipxlat_offload_unsupported(p))) {
        odp_ipxlat_drop(run, p, ODP_IPXLAT_TX_OFFLOAD);
        return;
    }

    /* Trailing link-layer padding is not part of the IP packet. */
    dp_packet_set_size(p, dp_packet_size(p) - dp_packet_l2_pad_size(p));
    dp_packet_set_l2_pad_size(p, 0);

    if (odp_ipxlat_offload_tso(p, &segsz)) {
        if (OVS_UNLIKELY(proto != IPPROTO_TCP)) {
            odp_ipxlat_drop(run, p, ODP_IPXLAT_TX_OFFLOAD);
            return;
        }

        const struct tcp_header *th = dp_packet_l4(p);
        size_t thl = TCP_OFFSET(th->tcp_ctl) * 4;
        size_t l4_len = dp_packet_l4_size(p);
        if (OVS_UNLIKELY(thl < TCP_HEADER_LEN || thl > l4_len)) {
            odp_ipxlat_drop(run, p, ODP_IPXLAT_TX_OFFLOAD);
            return;
        }

        const uint8_t *l3 = dp_packet_l3(p);
        size_t seg = odp_ipxlat_offload_segsz(run, l3[0] >> 4, thl, segsz);
        if (l4_len - thl > seg) {
            COVERAGE_INC(ipxlat_offload_tso);
            odp_ipxlat_offload_segment(run, p, seg);
            return;
        }
    }
    COVERAGE_INC(ipxlat_offload_csum);
    odp_ipxlat_offload_csum(p, l4_csum ? proto : 0);
    odp_ipxlat_translate(run, p);
}

/* Translates 'p', which this function owns, and sends it, its fragments or
 * the packet that the engine makes of it on their way. */
static void
odp_ipxlat_packet(struct odp_ipxlat_run *run, struct dp_packet *p)
{
    if (!dp_packet_l3(p)) {
        struct flow flow;

        flow_extract(p, &flow);
    }
    if (OVS_UNLIKELY(p->l2_5_ofs != UINT16_MAX)) {
        odp_ipxlat_drop(run, p, ODP_IPXLAT_MPLS);
    } else if (OVS_UNLIKELY(odp_ipxlat_offload_pending(p))) {
        odp_ipxlat_offload(run, p);
    } else {
        odp_ipxlat_translate(run, p);
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
        if (c) {
            uint64_t orig;

            atomic_add_relaxed(&c->stats->glue[ODP_IPXLAT_BAD_CONFIG], n,
                               &orig);
        }
        if (VLOG_IS_DBG_ENABLED()) {
            DP_PACKET_BATCH_FOR_EACH (i, packet, batch) {
                odp_ipxlat_log_glue_drop(packet, ODP_IPXLAT_BAD_CONFIG);
            }
        }
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
        },
        .bounce_recirc = (a[OVS_IPXLAT_ATTR_BOUNCE_RECIRC]
                          ? nl_attr_get_u32(a[OVS_IPXLAT_ATTR_BOUNCE_RECIRC])
                          : 0),
        .log_drops = VLOG_IS_DBG_ENABLED(),
    };
    run.stats = &run.batch_stats;
    run.ctx.stats = &run.stats->engine;
    dp_packet_batch_init(&run.out);
    run.out.trunc = batch->trunc;
    dp_packet_batch_init(&run.later);
    run.later.trunc = batch->trunc;
    dp_packet_batch_init(&run.bounce);

    if (c->table_name) {
        run.ctx.table = odp_ipxlat_table_get(c->table_name, c->table_hash);
        if (!run.ctx.table) {
            odp_ipxlat_stats_count(run.stats, ODP_IPXLAT_NO_TABLE,
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
    odp_ipxlat_stats_add_batch(stats, c->stats, run.stats);
}


/* Appends to 's' the IP and L4 headers of 'p', which flow_extract() has
 * parsed, as ofproto/trace shows them: addresses, protocol, TOS or traffic
 * class, TTL or hop limit, the length of the IP packet, and the ports or the
 * ICMP type and code. */
static void
odp_ipxlat_trace_format(struct ds *s, const struct dp_packet *p,
                        const struct flow *flow)
{
    bool v6 = flow->dl_type == htons(ETH_TYPE_IPV6);

    if (v6) {
        ds_put_cstr(s, "ipv6(src=");
        ipv6_format_addr(&flow->ipv6_src, s);
        ds_put_cstr(s, ",dst=");
        ipv6_format_addr(&flow->ipv6_dst, s);
    } else {
        ds_put_format(s, "ipv4(src="IP_FMT",dst="IP_FMT,
                      IP_ARGS(flow->nw_src), IP_ARGS(flow->nw_dst));
    }
    ds_put_format(s, ",proto=%"PRIu8",%s=%#"PRIx8",%s=%"PRIu8
                  ",len=%"PRIuSIZE, flow->nw_proto, v6 ? "tclass" : "tos",
                  flow->nw_tos, v6 ? "hlimit" : "ttl", flow->nw_ttl,
                  dp_packet_l3_size(p));
    if (flow->nw_frag & FLOW_NW_FRAG_ANY) {
        ds_put_cstr(s, flow->nw_frag & FLOW_NW_FRAG_LATER
                       ? ",frag=later" : ",frag=first");
    }
    ds_put_char(s, ')');

    if (!dp_packet_l4(p)) {
        return;
    }
    if (flow->nw_proto == IPPROTO_ICMP || flow->nw_proto == IPPROTO_ICMPV6) {
        ds_put_format(s, ",%s(type=%"PRIu16",code=%"PRIu16")",
                      flow->nw_proto == IPPROTO_ICMP ? "icmp" : "icmpv6",
                      ntohs(flow->tp_src), ntohs(flow->tp_dst));
    } else if (flow->nw_proto == IPPROTO_TCP || flow->nw_proto == IPPROTO_UDP
               || flow->nw_proto == IPPROTO_SCTP) {
        ds_put_format(s, ",%s(src=%"PRIu16",dst=%"PRIu16")",
                      (flow->nw_proto == IPPROTO_TCP ? "tcp"
                       : flow->nw_proto == IPPROTO_UDP ? "udp" : "sctp"),
                      ntohs(flow->tp_src), ntohs(flow->tp_dst));
    }
}

/* Returns the name of 'verdict', as ofproto/trace shows it. */
static const char *
odp_ipxlat_verdict_name(enum ipxlat_verdict verdict)
{
    switch (verdict) {
    case IPXLAT_FORWARD: return "forward";
    case IPXLAT_FRAGMENTS: return "fragments";
    case IPXLAT_BOUNCE: return "bounce";
    case IPXLAT_HELD: return "held";
    case IPXLAT_DROP:
    default: return "drop";
    }
}

/* The datapath callback of a traced run, which sends nothing anywhere: the
 * trace flushes none of its batches. */
static void
odp_ipxlat_trace_execute(void *dp OVS_UNUSED, struct dp_packet_batch *batch,
                         const struct nlattr *action OVS_UNUSED, bool steal)
{
    dp_packet_delete_batch(batch, steal);
}

/* Translates 'p' (which this function owns, with its metadata set) as the
 * ipxlat action with configuration text 'config' does in the datapath, for
 * ofproto/trace.  The same code as in the datapath runs, with the same
 * cached configuration and EAM table, but with counters of its own and
 * without reassembly, so that the trace changes nothing that packets see
 * (except that an ICMP error takes its token from the rate limit).
 *
 * Appends to 's' what translation did, one line per fact: the verdict and
 * its reason, the headers of the packet that comes out and where it goes.
 * Returns the translated packet (the first fragment if the engine
 * fragments it), for the trace to continue with,
 * or NULL if nothing continues through the actions after ipxlat (a bounce
 * or a drop). */
struct dp_packet *
odp_ipxlat_trace(const char *config, struct dp_packet *p, struct ds *s)
{
    struct odp_ipxlat_stats stats;
    struct flow flow;
    const struct odp_ipxlat_cfg *entry;
    struct odp_ipxlat_cfg c;
    struct dp_packet *out = NULL;
    long long int now = time_msec();

    /* The packet was made or parsed for the trace, not received: forget
     * offload requests that flow_extract() derives from the checksum state
     * that flow_compose() records in some versions, which would make the
     * datapath drop it as tx_offload. */
    dp_packet_reset_offload(p);

    memset(&stats, 0, sizeof stats);
    entry = odp_ipxlat_cfg_get(config, now);
    if (!entry || !entry->cfg) {
        ds_put_format(s, "ipxlat: drop, %s: %s\n",
                      odp_ipxlat_glue_reason_name(ODP_IPXLAT_BAD_CONFIG),
                      odp_ipxlat_glue_reason_description(
                          ODP_IPXLAT_BAD_CONFIG));
        dp_packet_delete(p);
        return NULL;
    }

    /* The entry without its reassembly context, which a trace must not
     * fill. */
    c = *entry;
    c.reasm = NULL;

    struct odp_ipxlat_run run = {
        .dp_execute_action = odp_ipxlat_trace_execute,
        .c = &c,
        .cfg = c.cfg,
        .ctx = {
            .now_ms = now,
            .table = (c.table_name
                      ? odp_ipxlat_table_get(c.table_name, c.table_hash)
                      : NULL),
            .stats = &stats.engine,
        },
        .stats = &stats,
        .log_drops = VLOG_IS_DBG_ENABLED(),
    };
    dp_packet_batch_init(&run.out);
    dp_packet_batch_init(&run.later);
    dp_packet_batch_init(&run.bounce);
    if (c.table_name && !run.ctx.table) {
        ds_put_format(s, "ipxlat: %s: %s\n",
                      odp_ipxlat_glue_reason_name(ODP_IPXLAT_NO_TABLE),
                      odp_ipxlat_glue_reason_description(ODP_IPXLAT_NO_TABLE));
    }
    if (entry->reasm && dp_packet_l3(p)
        && ipxlat_pkt_needs_reasm(c.cfg, dp_packet_l3(p),
                                  dp_packet_l3_size(p))) {
        ds_put_cstr(s, "ipxlat: the datapath reassembles this fragment's "
                    "datagram first; the trace translates the fragment "
                    "alone\n");
    }

    /* Nothing is flushed, so the packets that come out stay in 'run.out',
     * 'run.later' (fragments after the first) and 'run.bounce', and the
     * counters that the run adds to say why. */
    odp_ipxlat_packet(&run, p);

    enum ipxlat_reason reason = IPXLAT_N_REASONS;
    for (size_t i = 0; i < IPXLAT_N_REASONS; i++) {
        if (stats.engine.n[i]) {
            reason = i;
        }
    }
    enum ipxlat_verdict verdict = (reason < IPXLAT_N_REASONS
                                   ? ipxlat_reason_verdict(reason)
                                   : IPXLAT_DROP);
    const char *name = reason < IPXLAT_N_REASONS ? ipxlat_reason_name(reason)
                                                 : "unknown";
    const char *desc = (reason < IPXLAT_N_REASONS
                        ? ipxlat_reason_description(reason) : "");
    for (size_t i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
        if (stats.glue[i] && i != ODP_IPXLAT_NO_TABLE) {
            /* The glue dropped what the engine gave back, or the packet
             * never reached the engine. */
            ds_put_format(s, "ipxlat: drop, %s: %s",
                          odp_ipxlat_glue_reason_name(i),
                          odp_ipxlat_glue_reason_description(i));
            if (reason < IPXLAT_N_REASONS) {
                ds_put_format(s, " (after %s)", name);
            }
            ds_put_char(s, '\n');
            verdict = IPXLAT_DROP;
            reason = IPXLAT_N_REASONS;
            break;
        }
    }
    if (reason < IPXLAT_N_REASONS) {
        ds_put_format(s, "ipxlat: %s, %s: %s\n",
                      odp_ipxlat_verdict_name(verdict), name, desc);
    }
    if (verdict == IPXLAT_DROP || verdict == IPXLAT_HELD) {
        ds_put_format(s, "ipxlat: the packet is %s, the actions after "
                      "ipxlat do not see it\n",
                      verdict == IPXLAT_DROP ? "dropped" : "held");
    }

    struct dp_packet *q;
    DP_PACKET_BATCH_FOR_EACH (i, q, &run.bounce) {
        flow_extract(q, &flow);
        ds_put_cstr(s, reason == IPXLAT_HAIRPIN ? "ipxlat: hairpinned packet: "
                                                : "ipxlat: ICMP error: ");
        odp_ipxlat_trace_format(s, q, &flow);
        ds_put_cstr(s, "\nipxlat: sent back out of the port it came in on, "
                    "Ethernet addresses swapped, not through the actions "
                    "after ipxlat\n");
    }
    dp_packet_delete_batch(&run.bounce, true);

    size_t n = dp_packet_batch_size(&run.out)
               + dp_packet_batch_size(&run.later);
    dp_packet_delete_batch(&run.later, true);
    DP_PACKET_BATCH_FOR_EACH (i, q, &run.out) {
        if (!i) {
            out = q;
            flow_extract(out, &flow);
            if (n > 1) {
                ds_put_format(s, "ipxlat: translated packet, fragment 1 of "
                              "%"PRIuSIZE": ", n);
            } else {
                ds_put_cstr(s, "ipxlat: translated packet: ");
            }
            odp_ipxlat_trace_format(s, out, &flow);
            ds_put_char(s, '\n');
        } else {
            dp_packet_delete(q);
        }
    }
    return out;
}
