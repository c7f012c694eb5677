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


#ifndef ODP_IPXLAT_OFFLOAD_H
#define ODP_IPXLAT_OFFLOAD_H 1

#include <stdbool.h>

#include "dp-packet.h"

/* Packet offload state around the ipxlat action
 * =============================================
 *
 * A packet may carry offload state in its dp_packet: what the receiving NIC
 * found about its checksums, and work left to the sending NIC (L4 or IPv4
 * header checksums, TCP segmentation).  The translator rewrites the IP
 * header and updates the transport checksum incrementally, so it needs a
 * packet whose bytes are final, and afterward what the NIC said about the
 * old headers no longer holds.  These helpers are all that the ipxlat
 * glue (odp-ipxlat.c) knows about offloading; the offload API differs
 * between versions of Open vSwitch, and so does this file.
 *
 * The glue finishes that work in software before translation (see "Offload"
 * in odp-ipxlat.c): it needs to know whether there is any, which of it, and
 * whether the glue can do it; afterward the reset forgets all of it.  Work
 * that the glue cannot do is dropped and counted as "tx_offload".
 *
 * Thread-safety: the helpers only touch the packet they are given. */

/* Returns true if work on 'p' is left to the NIC that sends it, so that its
 * bytes are not final: an L4 or IPv4 header checksum (also one that is only
 * partial after an earlier header change), TCP segmentation or tunnel
 * offload (Open vSwitch 3.5's dp_packet_hwol_* and dp_packet_ol_* API). */
static inline bool
odp_ipxlat_offload_pending(const struct dp_packet *p)
{
    struct dp_packet *q = CONST_CAST(struct dp_packet *, p);

    return (dp_packet_hwol_tx_l4_checksum(p)
            || dp_packet_hwol_is_tso(p)
            || dp_packet_hwol_tx_ip_csum(p)
            || dp_packet_ol_l4_csum_partial(p)
            || dp_packet_hwol_is_tunnel(q));
}

/* Returns true if the glue cannot finish the offload work of 'p' in
 * software: tunnel offload, whose inner headers are the ones to finish. */
static inline bool
odp_ipxlat_offload_unsupported(const struct dp_packet *p)
{
    return dp_packet_hwol_is_tunnel(CONST_CAST(struct dp_packet *, p));
}

/* Returns true if 'p' is to be cut into TCP segments by the NIC, and stores
 * in '*segsz' the segment size it asks for, or 0 if the packet does not
 * say. */
static inline bool
odp_ipxlat_offload_tso(const struct dp_packet *p, uint16_t *segsz)
{
    *segsz = dp_packet_get_tso_segsz(p);
    return dp_packet_hwol_is_tso(p);
}

/* Returns true if the L4 checksum of 'p' is left to the NIC: the field holds
 * at most a partial sum. */
static inline bool
odp_ipxlat_offload_l4_csum(const struct dp_packet *p)
{
    return (dp_packet_hwol_tx_l4_checksum(p)
            || dp_packet_ol_l4_csum_partial(p)
            || dp_packet_hwol_is_tso(p));
}

/* Forgets what the receiving NIC reported about the checksums of 'p', the
 * work left to the sending NIC (which the glue has done) and which IP
 * version the sending NIC should expect, after translation has rewritten
 * its headers.  Keeps the RSS hash and the flow mark. */
static inline void
odp_ipxlat_offload_reset(struct dp_packet *p)
{
    *dp_packet_ol_flags_ptr(p) &= ~(DP_PACKET_OL_RX_IP_CKSUM_MASK
                                    | DP_PACKET_OL_RX_L4_CKSUM_MASK
                                    | DP_PACKET_OL_TX_TCP_SEG
                                    | DP_PACKET_OL_TX_L4_MASK
                                    | DP_PACKET_OL_TX_IP_CKSUM
                                    | DP_PACKET_OL_TX_IPV4
                                    | DP_PACKET_OL_TX_IPV6);
    dp_packet_set_tso_segsz(p, 0);
}

#endif /* odp-ipxlat-offload.h */
