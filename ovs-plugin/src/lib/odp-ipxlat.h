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

#ifndef ODP_IPXLAT_H
#define ODP_IPXLAT_H 1

#include <stdbool.h>
#include <stddef.h>

#include "odp-execute.h"

/* Stateless IPv4/IPv6 translation (SIIT) in the userspace datapath
 * =================================================================
 *
 * This module executes the OVS_ACTION_ATTR_IPXLAT datapath action by running
 * each packet through libipxlat, the translation engine (see ipxlat.h).  It
 * keeps the packet's link layer, hands the bare IP packet to the engine and
 * then acts on the engine's verdict:
 *
 *   - A translated packet continues through the actions that follow ipxlat.
 *
 *   - A packet that the engine fragments becomes several packets, each with
 *     the metadata of the original, and all of them continue.
 *
 *   - A packet that the engine sends back toward its sender (an ICMP error
 *     that the translator originates, or a hairpinned packet) leaves through
 *     the datapath port on which the packet arrived, with its Ethernet
 *     source and destination swapped, or, if the action has a bounce
 *     recirculation id (the configuration's bounce_table=N), recirculates
 *     with it so that OpenFlow table N decides.  It never continues down
 *     the translated path.
 *
 *   - Other packets are dropped and counted by reason.
 *
 * The action carries the translator configuration as text, which
 * odp-ipxlat-cfg.h parses once per distinct text; a configuration's
 * "table=NAME" refers to an EAM table held by odp-ipxlat-table.h; counters
 * are kept by odp-ipxlat-stats.h and shown by the commands of
 * odp-ipxlat-unixctl.h.  What depends on the packet offload API of this
 * version of Open vSwitch is in odp-ipxlat-offload.h.
 *
 * Usage
 * =====
 *
 * odp_execute_actions() calls odp_ipxlat_execute() for an
 * OVS_ACTION_ATTR_IPXLAT action and passes it the actions that follow.
 * Because fragmentation can grow a batch beyond NETDEV_MAX_BURST packets,
 * odp_ipxlat_execute() takes over those remaining actions and runs them
 * itself on batches of its own.
 *
 * ofproto/trace calls odp_ipxlat_trace() to show what the action does to the
 * packet that it traces and to continue with the translated packet.
 *
 * Thread-safety
 * =============
 *
 * odp_ipxlat_execute() may be called by any number of threads at once.  It
 * takes no lock except the first time that it meets a configuration text.
 * The configuration and the table that it uses stay valid until the calling
 * thread quiesces.  Counters are kept per thread and summed when they are
 * read. */

struct dp_packet;
struct dp_packet_batch;
struct ds;
struct nlattr;

void odp_ipxlat_execute(void *dp, struct dp_packet_batch *, bool steal,
                        const struct nlattr *action,
                        const struct nlattr *rest, size_t rest_len,
                        odp_execute_cb dp_execute_action);

/* For ofproto/trace: what the action does to one packet. */
struct dp_packet *odp_ipxlat_trace(const char *config, struct dp_packet *,
                                   struct ds *);

#endif /* odp-ipxlat.h */
