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

#include "odp-ipxlat-stats.h"

#include <string.h>

#include "ovs-thread.h"
#include "util.h"

/* Every thread's counters.  A thread's counters stay in the list after the
 * thread exits, so that totals never go backward. */
static struct ovs_mutex stats_mutex = OVS_MUTEX_INITIALIZER;
static struct ovs_list all_stats OVS_GUARDED_BY(stats_mutex)
    = OVS_LIST_INITIALIZER(&all_stats);

DEFINE_STATIC_PER_THREAD_DATA(struct odp_ipxlat_stats *, thread_stats, NULL);

/* Returns the calling thread's counters, creating them on first use. */
struct odp_ipxlat_stats *
odp_ipxlat_stats_get(void)
{
    struct odp_ipxlat_stats **statsp = thread_stats_get();

    if (OVS_UNLIKELY(!*statsp)) {
        struct odp_ipxlat_stats *stats = xzalloc(sizeof *stats);

        ovs_mutex_lock(&stats_mutex);
        ovs_list_push_back(&all_stats, &stats->list_node);
        ovs_mutex_unlock(&stats_mutex);
        *statsp = stats;
    }
    return *statsp;
}

/* Stores in 'engine' and 'glue' the sums of all threads' counters. */
void
odp_ipxlat_stats_sum(struct ipxlat_stats *engine,
                     uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS])
{
    const struct odp_ipxlat_stats *stats;

    memset(engine, 0, sizeof *engine);
    memset(glue, 0, ODP_IPXLAT_N_GLUE_REASONS * sizeof glue[0]);

    ovs_mutex_lock(&stats_mutex);
    LIST_FOR_EACH (stats, list_node, &all_stats) {
        ipxlat_stats_add(engine, &stats->engine);
        for (int i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
            glue[i] += stats->glue[i];
        }
    }
    ovs_mutex_unlock(&stats_mutex);
}

/* Resets all threads' counters to zero. */
void
odp_ipxlat_stats_clear(void)
{
    struct odp_ipxlat_stats *stats;

    ovs_mutex_lock(&stats_mutex);
    LIST_FOR_EACH (stats, list_node, &all_stats) {
        memset(&stats->engine, 0, sizeof stats->engine);
        memset(stats->glue, 0, sizeof stats->glue);
    }
    ovs_mutex_unlock(&stats_mutex);
}

/* Adds the counters of a batch, 'batch', to the calling thread's counters
 * 'thread' and, if it is nonnull, to 'cfg', the counters of the batch's
 * configuration.  Only the reasons that the batch counted cost anything. */
void
odp_ipxlat_stats_add_batch(struct odp_ipxlat_stats *thread,
                           struct odp_ipxlat_cfg_stats *cfg,
                           const struct odp_ipxlat_stats *batch)
{
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        uint64_t n = batch->engine.n[i];

        if (n) {
            uint64_t orig;

            thread->engine.n[i] += n;
            if (cfg) {
                atomic_add_relaxed(&cfg->engine[i], n, &orig);
            }
        }
    }
    for (int i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
        uint64_t n = batch->glue[i];

        if (n) {
            uint64_t orig;

            thread->glue[i] += n;
            if (cfg) {
                atomic_add_relaxed(&cfg->glue[i], n, &orig);
            }
        }
    }
}

/* Adds the engine counters 'engine' to the configuration counters 'cfg'. */
void
odp_ipxlat_cfg_stats_add(struct odp_ipxlat_cfg_stats *cfg,
                         const struct ipxlat_stats *engine)
{
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        if (engine->n[i]) {
            uint64_t orig;

            atomic_add_relaxed(&cfg->engine[i], engine->n[i], &orig);
        }
    }
}

/* Adds the configuration counters 'cfg' to 'engine' and 'glue'. */
void
odp_ipxlat_cfg_stats_read(struct odp_ipxlat_cfg_stats *cfg,
                          struct ipxlat_stats *engine,
                          uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS])
{
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        uint64_t n;

        atomic_read_relaxed(&cfg->engine[i], &n);
        engine->n[i] += n;
    }
    for (int i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
        uint64_t n;

        atomic_read_relaxed(&cfg->glue[i], &n);
        glue[i] += n;
    }
}

/* Resets the configuration counters 'cfg' to zero. */
void
odp_ipxlat_cfg_stats_clear(struct odp_ipxlat_cfg_stats *cfg)
{
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        atomic_store_relaxed(&cfg->engine[i], 0);
    }
    for (int i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
        atomic_store_relaxed(&cfg->glue[i], 0);
    }
}

/* Returns the name of glue reason 'reason', as ipxlat/show prints it. */
const char *
odp_ipxlat_glue_reason_name(enum odp_ipxlat_glue_reason reason)
{
    static const char *const names[] = {
#define ODP_IPXLAT_GLUE_NAME(ENUM, NAME, DESC) NAME,
        ODP_IPXLAT_GLUE_REASONS(ODP_IPXLAT_GLUE_NAME)
#undef ODP_IPXLAT_GLUE_NAME
    };

    return reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}

/* Returns a one-line description of glue reason 'reason'. */
const char *
odp_ipxlat_glue_reason_description(enum odp_ipxlat_glue_reason reason)
{
    static const char *const descriptions[] = {
#define ODP_IPXLAT_GLUE_DESC(ENUM, NAME, DESC) DESC,
        ODP_IPXLAT_GLUE_REASONS(ODP_IPXLAT_GLUE_DESC)
#undef ODP_IPXLAT_GLUE_DESC
    };

    return (reason < ARRAY_SIZE(descriptions)
            ? descriptions[reason] : "unknown reason");
}
