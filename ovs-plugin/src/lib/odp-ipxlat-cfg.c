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

/* Frees 'c' and its parsed configuration. */
static void
odp_ipxlat_cfg_free(struct odp_ipxlat_cfg *c)
{
    ipxlat_config_free(c->cfg);
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
            c->table_name = ipxlat_config_table_name(c->cfg);
            if (c->table_name) {
                c->table_hash = hash_string(c->table_name, 0);
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
