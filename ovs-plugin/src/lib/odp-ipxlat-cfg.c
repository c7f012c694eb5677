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

#include "odp-ipxlat-cfg.h"

#include <ipxlat.h>
#include <string.h>

#include "hash.h"
#include "odp-ipxlat-stats.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(odp_ipxlat_cfg);

/* Parsed configurations.  Writers hold 'cfg_mutex'. */
static struct cmap cfg_cache = CMAP_INITIALIZER;
static struct ovs_mutex cfg_mutex = OVS_MUTEX_INITIALIZER;

/* A configuration unused for this long leaves the cache. */
#define ODP_IPXLAT_CFG_IDLE_MS (60 * 1000)

/* A cached entry's 'last_used' is written at most this often, so that the
 * threads that share it seldom write its cache line. */
#define ODP_IPXLAT_CFG_TOUCH_MS 1000

/* The most bytes of a configuration text that a log message quotes. */
#define ODP_IPXLAT_CFG_QUOTE_MAX 200

/* The reassembly context of a configuration. */
struct odp_ipxlat_reasm {
    struct ovs_mutex mutex;
    struct ipxlat_reasm *reasm OVS_GUARDED; /* In 'mem', or NULL until the
                                             * first fragment. */
    void *mem OVS_GUARDED;                  /* 'reasm_size' bytes. */
};

/* Frees 'c', its parsed configuration and its reassembly context. */
static void
odp_ipxlat_cfg_free(struct odp_ipxlat_cfg *c)
{
    if (c->reasm) {
        /* No thread holds the mutex: each would still use 'c'. */
        ovs_mutex_destroy(&c->reasm->mutex);
        free(c->reasm->mem);
        free(c->reasm);
    }
    ipxlat_config_free(c->cfg);
    free_cacheline(c->stats);
    free(c->canonical);
    free(c->text);
    free(c);
}

/* Removes from the cache the configurations unused since 'now' minus
 * ODP_IPXLAT_CFG_IDLE_MS.  Threads that still use one may go on doing so
 * until they quiesce. */
static void
odp_ipxlat_cfg_expire(long long int now)
    OVS_REQUIRES(cfg_mutex)
{
    struct odp_ipxlat_cfg *c;

    CMAP_FOR_EACH (c, node, &cfg_cache) {
        long long int used;

        atomic_read_relaxed(&c->last_used, &used);
        if (now - used > ODP_IPXLAT_CFG_IDLE_MS) {
            cmap_remove(&cfg_cache, &c->node, c->hash);
            ovsrcu_postpone(odp_ipxlat_cfg_free, c);
        }
    }
}

/* Returns the cached entry whose text is 'text' and 'hash' its hash, or
 * NULL. */
static struct odp_ipxlat_cfg *
odp_ipxlat_cfg_find(const char *text, uint32_t hash)
{
    struct odp_ipxlat_cfg *c;

    CMAP_FOR_EACH_WITH_HASH (c, node, hash, &cfg_cache) {
        if (!strcmp(c->text, text)) {
            return c;
        }
    }
    return NULL;
}

/* Returns the cached configuration whose text is 'text', parsing it first if
 * it is not cached yet, and notes that it was used at 'now' (a time_msec()
 * value).  Lock-free on a hit.  The caller may use the entry until it
 * quiesces. */
const struct odp_ipxlat_cfg *
odp_ipxlat_cfg_get(const char *text, long long int now)
{
    uint32_t hash = hash_string(text, 0);
    struct odp_ipxlat_cfg *c = odp_ipxlat_cfg_find(text, hash);

    if (OVS_LIKELY(c)) {
        long long int used;

        atomic_read_relaxed(&c->last_used, &used);
        if (now - used >= ODP_IPXLAT_CFG_TOUCH_MS) {
            atomic_store_relaxed(&c->last_used, now);
        }
        return c;
    }

    ovs_mutex_lock(&cfg_mutex);
    c = odp_ipxlat_cfg_find(text, hash);
    if (!c) {
        odp_ipxlat_cfg_expire(now);

        c = xzalloc(sizeof *c);
        c->hash = hash;
        atomic_init(&c->last_used, now);
        c->text = xstrdup(text);
        c->stats = xzalloc_cacheline(sizeof *c->stats);

        char *error = ipxlat_config_parse(text, &c->cfg);
        if (error) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

            if (!VLOG_DROP_WARN(&rl)) {
                /* A datapath flow written by hand may hold any bytes: quote
                 * the text and the message, which quotes it, escaped. */
                struct ds quote = DS_EMPTY_INITIALIZER;

                ds_put_cstr(&quote, "ipxlat(");
                ds_put_printable(&quote, text, MIN(strlen(text),
                                                   ODP_IPXLAT_CFG_QUOTE_MAX));
                ds_put_cstr(&quote, strlen(text) > ODP_IPXLAT_CFG_QUOTE_MAX
                                    ? "...): " : "): ");
                ds_put_printable(&quote, error, strlen(error));
                VLOG_WARN("%s", ds_cstr(&quote));
                ds_destroy(&quote);
            }
            free(error);
            c->cfg = NULL;
        } else {
            c->canonical = ipxlat_config_format(c->cfg);
            c->table_name = ipxlat_config_table_name(c->cfg);
            if (c->table_name) {
                c->table_hash = hash_string(c->table_name, 0);
            }
            c->reasm_size = ipxlat_reasm_mem_size(c->cfg);
            if (c->reasm_size) {
                c->reasm = xzalloc(sizeof *c->reasm);
                ovs_mutex_init(&c->reasm->mutex);
            }
        }
        cmap_insert(&cfg_cache, &c->node, hash);
    }
    ovs_mutex_unlock(&cfg_mutex);
    return c;
}

/* Returns the number of configurations in the cache. */
size_t
odp_ipxlat_cfg_count(void)
{
    return cmap_count(&cfg_cache);
}

/* Orders cache entries by canonical text, then by text. */
static int
odp_ipxlat_cfg_compare(const void *a_, const void *b_)
{
    const struct odp_ipxlat_cfg *const *a = a_;
    const struct odp_ipxlat_cfg *const *b = b_;
    const char *ka = (*a)->canonical ? (*a)->canonical : (*a)->text;
    const char *kb = (*b)->canonical ? (*b)->canonical : (*b)->text;
    int cmp = strcmp(ka, kb);

    return cmp ? cmp : strcmp((*a)->text, (*b)->text);
}

/* Returns an array of the cache's entries, in order of canonical text (or
 * text, for those that do not parse), and stores their number in '*n'.  The
 * caller frees the array, and may use the entries until it quiesces. */
const struct odp_ipxlat_cfg **
odp_ipxlat_cfg_list(size_t *n)
{
    size_t allocated = cmap_count(&cfg_cache) + 1;
    const struct odp_ipxlat_cfg **list = xmalloc(allocated * sizeof *list);
    struct odp_ipxlat_cfg *c;

    *n = 0;
    CMAP_FOR_EACH (c, node, &cfg_cache) {
        if (*n >= allocated) {
            list = x2nrealloc(list, &allocated, sizeof *list);
        }
        list[(*n)++] = c;
    }
    qsort(list, *n, sizeof *list, odp_ipxlat_cfg_compare);
    return list;
}

/* Resets the counters of every cached configuration to zero. */
void
odp_ipxlat_cfg_stats_clear_all(void)
{
    struct odp_ipxlat_cfg *c;

    CMAP_FOR_EACH (c, node, &cfg_cache) {
        odp_ipxlat_cfg_stats_clear(c->stats);
    }
}

/* Takes the mutex of the reassembly context of 'c', which must have one
 * ('reasm_size' nonzero), and returns the context, making it first if this
 * is its first fragment. */
struct ipxlat_reasm *
odp_ipxlat_cfg_reasm_lock(const struct odp_ipxlat_cfg *c)
    OVS_NO_THREAD_SAFETY_ANALYSIS
{
    struct odp_ipxlat_reasm *r = c->reasm;

    ovs_mutex_lock(&r->mutex);
    if (OVS_UNLIKELY(!r->reasm)) {
        /* xmalloc() aligns for any type, as the engine needs. */
        r->mem = xmalloc(c->reasm_size);
        r->reasm = ipxlat_reasm_init(r->mem, c->reasm_size, c->cfg);
        ovs_assert(r->reasm);
    }
    return r->reasm;
}

/* Releases the mutex that odp_ipxlat_cfg_reasm_lock() took. */
void
odp_ipxlat_cfg_reasm_unlock(const struct odp_ipxlat_cfg *c)
    OVS_NO_THREAD_SAFETY_ANALYSIS
{
    ovs_mutex_unlock(&c->reasm->mutex);
}

/* Expires, at 'now', the datagrams of the reassembly context of 'c' that
 * are past their time, counting them into 'stats' and into the counters of
 * 'c', and stores in 'u' what the context holds.  Returns false, leaving
 * 'u' as it is, if 'c' has no context or the context has not been made
 * yet. */
bool
odp_ipxlat_cfg_reasm_usage(const struct odp_ipxlat_cfg *c, long long int now,
                           struct ipxlat_stats *stats,
                           struct ipxlat_reasm_usage *u)
{
    struct odp_ipxlat_reasm *r = c->reasm;
    struct ipxlat_stats expired;
    bool made = false;

    if (!r) {
        return false;
    }
    memset(&expired, 0, sizeof expired);
    ovs_mutex_lock(&r->mutex);
    if (r->reasm) {
        ipxlat_reasm_expire(r->reasm, now, &expired);
        ipxlat_reasm_get_usage(r->reasm, u);
        made = true;
    }
    ovs_mutex_unlock(&r->mutex);
    ipxlat_stats_add(stats, &expired);
    odp_ipxlat_cfg_stats_add(c->stats, &expired);
    return made;
}

/* Expires, at 'now', the datagrams of every reassembly context that are
 * past their time, counting them into 'stats', and appends to 's' one line
 * per context: what it holds against its bounds. */
void
odp_ipxlat_cfg_reasm_summary(struct ds *s, long long int now,
                             struct ipxlat_stats *stats)
{
    struct odp_ipxlat_cfg *c;

    CMAP_FOR_EACH (c, node, &cfg_cache) {
        struct ipxlat_reasm_usage u;
        bool made;

        if (!c->reasm) {
            continue;
        }
        made = odp_ipxlat_cfg_reasm_usage(c, now, stats, &u);

        ds_put_format(s, "  ipxlat(%.60s%s):", c->text,
                      strlen(c->text) > 60 ? "..." : "");
        if (made) {
            ds_put_format(s, " datagrams %"PRIu32"/%"PRIu32" bytes "
                          "%"PRIu32"/%"PRIu32" memory %"PRIuSIZE"\n",
                          u.datagrams, u.max_datagrams, u.bytes,
                          u.max_bytes, u.mem_size);
        } else {
            ds_put_format(s, " no fragment yet (memory %"PRIuSIZE" at the "
                          "first)\n", c->reasm_size);
        }
    }
}
