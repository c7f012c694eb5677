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


#ifndef ODP_IPXLAT_STATS_H
#define ODP_IPXLAT_STATS_H 1

#include <ipxlat.h>
#include <stddef.h>
#include <stdint.h>

#include "openvswitch/list.h"
#include "ovs-atomic.h"

/* Counters of the ipxlat datapath action
 * ======================================
 *
 * Every packet that the ipxlat action sees is counted once, by the reason
 * for what became of it.  Most reasons are the engine's (translated,
 * fragmented, dropped because..., see ipxlat_reason_name()); the engine
 * counts those itself into the 'struct ipxlat_stats' that it is given.  A
 * few reasons belong to the datapath glue, which drops or marks a packet
 * before or after the engine sees it; they are the "glue reasons" below.
 *
 * Usage
 * =====
 *
 * A thread that executes the action calls odp_ipxlat_stats_get() once per
 * batch and then counts into the returned counters, the engine's through
 * 'engine' and the glue's with odp_ipxlat_stats_count().
 * odp_ipxlat_stats_sum() adds up all threads' counters for ipxlat/show and
 * odp_ipxlat_stats_clear() resets them.
 *
 * The action also counts per configuration (odp-ipxlat-cfg.h): each cached
 * configuration has a 'struct odp_ipxlat_cfg_stats'.  odp_ipxlat_execute()
 * counts a batch into counters of its own, on its stack, and then adds
 * them with odp_ipxlat_stats_add_batch() both to the thread's counters and
 * to its configuration's.
 *
 * Thread-safety
 * =============
 *
 * Each thread's counters are written only by that thread, without atomics
 * or locks.  odp_ipxlat_stats_sum() and odp_ipxlat_stats_clear() may be
 * called from any thread; they read (or zero) the other threads' counters
 * while those are being written, so a sum may miss the increments of the
 * last moments and a clear may lose some, as with the PMD statistics.
 *
 * A configuration's counters are shared by every thread that runs it, so
 * they are atomics, added to with relaxed atomic additions: these order
 * nothing and take no lock, and since a batch adds to them only once per
 * reason that it counted (usually one or two), at most a few per batch of
 * up to NETDEV_MAX_BURST packets, the cache line that threads sharing a
 * configuration pass between them costs little next to translating the
 * batch.  Per-thread copies would avoid even that, but the number of
 * threads is not bounded, while the counters go with the configuration,
 * whose cache is bounded by its idle timeout.  Readers see each counter
 * whole; a clear may lose the additions under way, as above. */

/* Reasons for which the glue, rather than the engine, drops a packet or
 * notes a problem: R(ENUM, NAME, DESCRIPTION). */
#define ODP_IPXLAT_GLUE_REASONS(R)                                          \
    R(MPLS, "mpls",                                                         \
      "MPLS packet: the translator needs an IP packet")                     \
    R(TX_OFFLOAD, "tx_offload",                                             \
      "offloaded packet the translator cannot finish (tunnel, IPv6 "        \
      "extension headers, TSO not TCP)")                                    \
    R(BOUNCE_NO_PORT, "bounce_no_port",                                     \
      "packet to send back to its sender, with no ingress port to use")     \
    R(BAD_CONFIG, "bad_config",                                             \
      "packet dropped because the action's configuration does not parse")   \
    R(NO_TABLE, "no_table",                                                 \
      "packet translated without the EAM table its configuration names")

enum odp_ipxlat_glue_reason {
#define ODP_IPXLAT_GLUE_ENUM(ENUM, NAME, DESC) ODP_IPXLAT_##ENUM,
    ODP_IPXLAT_GLUE_REASONS(ODP_IPXLAT_GLUE_ENUM)
#undef ODP_IPXLAT_GLUE_ENUM
    ODP_IPXLAT_N_GLUE_REASONS
};

/* Counters of one thread. */
struct odp_ipxlat_stats {
    struct ovs_list list_node;  /* In the list of all threads' counters. */
    struct ipxlat_stats engine; /* Per engine reason, counted by the engine. */
    uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS]; /* Per glue reason. */
};

/* Counters of one configuration, added to by every thread that uses it. */
struct odp_ipxlat_cfg_stats {
    atomic_uint64_t engine[IPXLAT_N_REASONS];
    atomic_uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS];
};

struct odp_ipxlat_stats *odp_ipxlat_stats_get(void);

/* Adds 'n' packets to glue reason 'reason' in 'stats', which must be the
 * calling thread's. */
static inline void
odp_ipxlat_stats_count(struct odp_ipxlat_stats *stats,
                       enum odp_ipxlat_glue_reason reason, size_t n)
{
    stats->glue[reason] += n;
}

void odp_ipxlat_stats_sum(struct ipxlat_stats *engine,
                          uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS]);
void odp_ipxlat_stats_clear(void);

void odp_ipxlat_stats_add_batch(struct odp_ipxlat_stats *thread,
                                struct odp_ipxlat_cfg_stats *,
                                const struct odp_ipxlat_stats *batch);
void odp_ipxlat_cfg_stats_add(struct odp_ipxlat_cfg_stats *,
                              const struct ipxlat_stats *engine);
void odp_ipxlat_cfg_stats_read(struct odp_ipxlat_cfg_stats *,
                               struct ipxlat_stats *engine,
                               uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS]);
void odp_ipxlat_cfg_stats_clear(struct odp_ipxlat_cfg_stats *);

const char *odp_ipxlat_glue_reason_name(enum odp_ipxlat_glue_reason);
const char *odp_ipxlat_glue_reason_description(enum odp_ipxlat_glue_reason);

#endif /* odp-ipxlat-stats.h */
