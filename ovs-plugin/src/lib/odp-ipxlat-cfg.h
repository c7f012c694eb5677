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


#ifndef ODP_IPXLAT_CFG_H
#define ODP_IPXLAT_CFG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmap.h"
#include "openvswitch/thread.h"
#include "ovs-atomic.h"

/* Cache of parsed ipxlat configurations
 * =====================================
 *
 * The ipxlat datapath action carries the translator's configuration as
 * text (OVS_IPXLAT_ATTR_CONFIG), which may hold thousands of EAM entries.
 * Parsing it for every batch would cost more than translating, so this
 * module parses each distinct text once and keeps the result, keyed by the
 * text, for as long as datapath flows use it.
 *
 * Usage
 * =====
 *
 * odp_ipxlat_cfg_get(text, now) returns the cache entry for 'text', parsing
 * it on first use.  Its 'cfg' is NULL if the text does not parse (the
 * action's text was checked when the OpenFlow flow was added, so that
 * happens only with datapath flows written by hand).  An entry that no
 * action has used for a minute is removed when a new text comes in, so the
 * cache holds the configurations in use plus at most a minute's worth of
 * old ones.
 *
 * Reassembly
 * ==========
 *
 * Each entry owns the engine's reassembly context of its configuration
 * (ipxlat.h, "Reassembly"): the fragments of one datagram may reach the
 * action on different threads (a PMD thread per receive queue, and RSS
 * hashes later fragments, which carry no ports, apart from the first), so
 * the context is shared by all of them, as conntrack's ipf.c shares its
 * fragment lists.  Its memory is allocated at the first fragment that
 * needs it (most configurations never see one) and freed with the entry,
 * through RCU, whatever it still holds: when a flow or a configuration
 * goes, nothing leaks.
 *
 * odp_ipxlat_cfg_reasm_lock() returns the context, creating it, with the
 * entry's mutex taken; the caller translates the fragment, copies out what
 * the engine gives back (it may live in the context's buffer) and calls
 * odp_ipxlat_cfg_reasm_unlock().  odp_ipxlat_cfg_reasm_summary() expires
 * every context and describes it, for ipxlat/show, and
 * odp_ipxlat_cfg_reasm_usage() does the same for one entry.
 *
 * Counters
 * ========
 *
 * Each entry has the counters of its configuration ('stats',
 * odp-ipxlat-stats.h), which go with it: they start at zero when a text
 * comes into the cache and leave with it.  odp_ipxlat_cfg_list() lists the
 * entries for ipxlat/show, and odp_ipxlat_cfg_stats_clear_all() resets
 * every entry's counters.
 *
 * Thread-safety
 * =============
 *
 * Any thread may call odp_ipxlat_cfg_get().  A lookup of a cached text
 * takes no lock; a new text is parsed under a mutex.  An entry that
 * odp_ipxlat_cfg_get() returns, and its 'cfg', stay valid until the calling
 * thread quiesces (RCU).  The reassembly context is used under its entry's
 * mutex only, which is taken only for fragments that need it. */

struct ds;
struct ipxlat_config;
struct ipxlat_reasm;
struct ipxlat_reasm_usage;
struct ipxlat_stats;

/* A parsed configuration, cached under the text that the action carries.
 * Callers only read it. */
struct odp_ipxlat_cfg {
    struct cmap_node node;      /* In the cache, by 'hash'. */
    uint32_t hash;              /* hash_string(text, 0). */
    atomic_llong last_used;     /* time_msec() when last used, roughly. */
    char *text;                 /* The action's configuration text. */
    struct ipxlat_config *cfg;  /* NULL if 'text' does not parse. */
    char *canonical;            /* ipxlat_config_format(cfg), or NULL. */
    struct odp_ipxlat_cfg_stats *stats; /* This configuration's counters,
                                         * in a cache line of their own. */
    const char *table_name;     /* 'table=NAME' of 'cfg', or NULL. */
    uint32_t table_hash;        /* hash_string(table_name, 0). */
    size_t reasm_size;          /* ipxlat_reasm_mem_size(cfg): 0 if 'cfg'
                                 * turns reassembly off (or is NULL). */
    struct odp_ipxlat_reasm *reasm; /* The reassembly context, or NULL if
                                     * 'reasm_size' is 0. */
};

const struct odp_ipxlat_cfg *odp_ipxlat_cfg_get(const char *text,
                                                long long int now);
size_t odp_ipxlat_cfg_count(void);
const struct odp_ipxlat_cfg **odp_ipxlat_cfg_list(size_t *n);
void odp_ipxlat_cfg_stats_clear_all(void);

struct ipxlat_reasm *odp_ipxlat_cfg_reasm_lock(const struct odp_ipxlat_cfg *);
void odp_ipxlat_cfg_reasm_unlock(const struct odp_ipxlat_cfg *);
void odp_ipxlat_cfg_reasm_summary(struct ds *, long long int now,
                                  struct ipxlat_stats *);
bool odp_ipxlat_cfg_reasm_usage(const struct odp_ipxlat_cfg *,
                                long long int now, struct ipxlat_stats *,
                                struct ipxlat_reasm_usage *);

#endif /* odp-ipxlat-cfg.h */
