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

#include "odp-ipxlat-unixctl.h"

#include <ctype.h>
#include <ipxlat.h>
#include <limits.h>
#include <string.h>

#include "byte-order.h"
#include "odp-ipxlat-cfg.h"
#include "odp-ipxlat-stats.h"
#include "odp-ipxlat-table.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "sset.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

/* Entries that ipxlat/table-show prints when not told how many. */
#define ODP_IPXLAT_SHOW_DEFAULT 1000

/* The function that finds the configurations of OpenFlow flows, or NULL. */
static odp_ipxlat_flow_configs_cb *flow_configs_cb;

/* Makes 'cb' the function that ipxlat/show calls to find the configurations
 * of a bridge's OpenFlow flows (BRIDGE and --flow). */
void
odp_ipxlat_unixctl_set_flow_configs(odp_ipxlat_flow_configs_cb *cb)
{
    flow_configs_cb = cb;
}

/* The counters of one configuration, as ipxlat/show prints them: the sum of
 * the cache entries whose texts have the same canonical form. */
struct odp_ipxlat_show_cfg {
    const char *text;           /* Canonical text, or the text as given if
                                 * it does not parse. */
    bool valid;                 /* Does 'text' parse? */
    size_t n_entries;           /* Cache entries summed: 0 if unused. */
    struct ipxlat_stats engine;
    uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS];
    bool reasm_on;              /* Does the configuration reassemble? */
    bool reasm_made;            /* Has a context been made for it? */
    size_t reasm_first;         /* Its memory, once made. */
    struct ipxlat_reasm_usage reasm;  /* Summed over the entries. */
};

/* Adds cache entry 'c' to 'sc'. */
static void
odp_ipxlat_show_add(struct odp_ipxlat_show_cfg *sc,
                    const struct odp_ipxlat_cfg *c, long long int now,
                    struct ipxlat_stats *global)
{
    struct ipxlat_reasm_usage u;

    sc->n_entries++;
    if (c->reasm) {
        sc->reasm_on = true;
        sc->reasm_first = c->reasm_size;
    }
    if (odp_ipxlat_cfg_reasm_usage(c, now, global, &u)) {
        sc->reasm_made = true;
        sc->reasm.datagrams += u.datagrams;
        sc->reasm.max_datagrams = u.max_datagrams;
        sc->reasm.bytes += u.bytes;
        sc->reasm.max_bytes = u.max_bytes;
        sc->reasm.mem_size += u.mem_size;
    }
    odp_ipxlat_cfg_stats_read(c->stats, &sc->engine, sc->glue);
}

/* Parses 'text', with or without "ipxlat(...)" around it, as a
 * configuration.  Returns its canonical text, which the caller frees, and
 * stores NULL in '*error'; or returns NULL and stores a message in
 * '*error'. */
static char *
odp_ipxlat_canonical(const char *text, char **error)
{
    struct ipxlat_config *cfg;
    size_t len = strlen(text);
    char *inner;

    if (len >= 8 && !strncmp(text, "ipxlat(", 7) && text[len - 1] == ')') {
        inner = xmemdup0(text + 7, len - 8);
    } else {
        inner = xstrdup(text);
    }
    *error = ipxlat_config_parse(inner, &cfg);
    free(inner);
    if (*error) {
        return NULL;
    }

    char *canonical = ipxlat_config_format(cfg);
    ipxlat_config_free(cfg);
    return canonical;
}

/* Returns true if cache entry 'c' counts for configuration 'key': if its
 * canonical text (or its text, if it does not parse) is 'key', or if it
 * differs from 'key' only by an mtu4 key, when 'strip4', or an mtu6 key,
 * when 'strip6'.  Open vSwitch may add to the datapath action of a flow
 * whose configuration gives no mtu4 or mtu6 the MTU of its output port, so
 * that one flow's configuration may reach the datapath as several texts. */
static bool
odp_ipxlat_show_matches(const struct odp_ipxlat_cfg *c, const char *key,
                        bool strip4, bool strip6)
{
    if (!strcmp(c->canonical ? c->canonical : c->text, key)) {
        return true;
    } else if (!c->canonical || (!strip4 && !strip6)) {
        return false;
    }

    /* No key of the canonical text has a comma of its own but eam(...),
     * whose pieces never start with "mtu", so cutting at commas and
     * joining again gives back the text without the mtu keys. */
    struct ds stripped = DS_EMPTY_INITIALIZER;
    char *copy = xstrdup(c->canonical);
    char *save_ptr = NULL;
    bool match;

    for (char *token = strtok_r(copy, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        if ((strip4 && !strncmp(token, "mtu4=", 5))
            || (strip6 && !strncmp(token, "mtu6=", 5))) {
            continue;
        }
        if (stripped.length) {
            ds_put_char(&stripped, ',');
        }
        ds_put_cstr(&stripped, token);
    }
    match = !strcmp(ds_cstr(&stripped), key);
    ds_destroy(&stripped);
    free(copy);
    return match;
}

/* Makes 'out' the configurations to show and returns their number; the
 * caller frees '*out'.  Without 'select', they are the distinct canonical
 * texts of the cache.  With it, they are the texts in 'select', each with
 * the cache entries that count for it (odp_ipxlat_show_matches()): if
 * 'from_flows', the texts are the configurations of OpenFlow flows and an
 * entry that adds to one of them only the mtu4 or mtu6 that it does not
 * give counts for it too. */
static size_t
odp_ipxlat_show_collect(const struct sset *select, bool from_flows,
                        long long int now, struct ipxlat_stats *global,
                        struct odp_ipxlat_show_cfg **out)
{
    size_t n_list, n = 0, allocated;
    const struct odp_ipxlat_cfg **list = odp_ipxlat_cfg_list(&n_list);
    struct odp_ipxlat_show_cfg *scs;

    allocated = n_list + (select ? sset_count(select) : 0) + 1;
    scs = xcalloc(allocated, sizeof *scs);

    if (!select) {
        /* The list is in order of canonical text, so the entries of one
         * configuration are next to each other. */
        for (size_t i = 0; i < n_list; i++) {
            const struct odp_ipxlat_cfg *c = list[i];
            const char *key = c->canonical ? c->canonical : c->text;

            if (!n || strcmp(scs[n - 1].text, key)
                || scs[n - 1].valid != !!c->canonical) {
                scs[n].text = key;
                scs[n].valid = c->canonical != NULL;
                n++;
            }
            odp_ipxlat_show_add(&scs[n - 1], c, now, global);
        }
    } else {
        const char **keys = sset_sort(select);

        for (size_t k = 0; k < sset_count(select); k++) {
            struct odp_ipxlat_show_cfg *sc = &scs[n++];
            bool strip4 = false, strip6 = false;
            struct ipxlat_config *cfg;
            char *error;

            sc->text = keys[k];
            error = ipxlat_config_parse(keys[k], &cfg);
            sc->valid = !error;
            if (!error) {
                strip4 = from_flows && !ipxlat_config_mtu_given(cfg, 4);
                strip6 = from_flows && !ipxlat_config_mtu_given(cfg, 6);
                ipxlat_config_free(cfg);
            }
            free(error);

            for (size_t i = 0; i < n_list; i++) {
                if (odp_ipxlat_show_matches(list[i], keys[k], strip4,
                                            strip6)) {
                    odp_ipxlat_show_add(sc, list[i], now, global);
                }
            }
        }
        free(keys);
    }
    free(list);
    *out = scs;
    return n;
}

/* Appends the counters 'engine' and 'glue' to 's' as text, indented by
 * 'indent' spaces. */
static void
odp_ipxlat_put_counters(struct ds *s, const struct ipxlat_stats *engine,
                        const uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS],
                        int indent)
{
    ds_put_format(s, "%*stranslator:\n", indent, "");
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        ds_put_format(s, "%*s  %-24s %10"PRIu64"  %s\n", indent, "",
                      ipxlat_reason_name(i), engine->n[i],
                      ipxlat_reason_description(i));
    }
    ds_put_format(s, "%*sdatapath:\n", indent, "");
    for (int i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
        ds_put_format(s, "%*s  %-24s %10"PRIu64"  %s\n", indent, "",
                      odp_ipxlat_glue_reason_name(i), glue[i],
                      odp_ipxlat_glue_reason_description(i));
    }
}

/* Appends to 's' the text of 'n' configurations 'scs'. */
static void
odp_ipxlat_put_configs_text(struct ds *s,
                            const struct odp_ipxlat_show_cfg *scs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct odp_ipxlat_show_cfg *sc = &scs[i];

        ds_put_format(s, "configuration: ipxlat(%s)%s\n", sc->text,
                      !sc->valid ? " (does not parse)"
                      : !sc->n_entries ? " (unused by the datapath)" : "");
        odp_ipxlat_put_counters(s, &sc->engine, sc->glue, 2);
        if (!sc->reasm_on) {
            ds_put_cstr(s, "  reassembly: off\n");
        } else if (!sc->reasm_made) {
            ds_put_format(s, "  reassembly: no fragment yet (memory "
                          "%"PRIuSIZE" at the first)\n", sc->reasm_first);
        } else {
            ds_put_format(s, "  reassembly: datagrams %"PRIu32"/%"PRIu32
                          " bytes %"PRIu32"/%"PRIu32" memory %"PRIuSIZE"\n",
                          sc->reasm.datagrams, sc->reasm.max_datagrams,
                          sc->reasm.bytes, sc->reasm.max_bytes,
                          sc->reasm.mem_size);
        }
    }
}

/* Appends to 's' the counters 'engine' and 'glue' as the JSON members
 * "translator" and "datapath". */
static void
odp_ipxlat_put_counters_json(struct ds *s, const struct ipxlat_stats *engine,
                             const uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS])
{
    ds_put_cstr(s, "\"translator\":{");
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        ds_put_format(s, "%s\"%s\":%"PRIu64, i ? "," : "",
                      ipxlat_reason_name(i), engine->n[i]);
    }
    ds_put_cstr(s, "},\"datapath\":{");
    for (int i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
        ds_put_format(s, "%s\"%s\":%"PRIu64, i ? "," : "",
                      odp_ipxlat_glue_reason_name(i), glue[i]);
    }
    ds_put_cstr(s, "}");
}

/* Appends to 's' the JSON array of 'n' configurations 'scs'. */
static void
odp_ipxlat_put_configs_json(struct ds *s,
                            const struct odp_ipxlat_show_cfg *scs, size_t n)
{
    ds_put_cstr(s, "[");
    for (size_t i = 0; i < n; i++) {
        const struct odp_ipxlat_show_cfg *sc = &scs[i];

        ds_put_cstr(s, i ? ",{\"config\":" : "{\"config\":");
        json_string_escape(sc->text, s);
        ds_put_format(s, ",\"valid\":%s,\"in_use\":%s,",
                      sc->valid ? "true" : "false",
                      sc->n_entries ? "true" : "false");
        odp_ipxlat_put_counters_json(s, &sc->engine, sc->glue);
        ds_put_cstr(s, ",\"reassembly\":");
        if (!sc->reasm_on) {
            ds_put_cstr(s, "null");
        } else if (!sc->reasm_made) {
            ds_put_format(s, "{\"datagrams\":0,\"bytes\":0,\"memory\":0,"
                          "\"memory_at_first\":%"PRIuSIZE"}",
                          sc->reasm_first);
        } else {
            ds_put_format(s, "{\"datagrams\":%"PRIu32",\"max_datagrams\":"
                          "%"PRIu32",\"bytes\":%"PRIu32",\"max_bytes\":"
                          "%"PRIu32",\"memory\":%"PRIuSIZE"}",
                          sc->reasm.datagrams, sc->reasm.max_datagrams,
                          sc->reasm.bytes, sc->reasm.max_bytes,
                          sc->reasm.mem_size);
        }
        ds_put_cstr(s, "}");
    }
    ds_put_cstr(s, "]");
}

/* Parses 's' as a cookie, COOKIE[/MASK], each a number in C syntax. */
static bool
odp_ipxlat_parse_cookie(const char *s, ovs_be64 *cookie, ovs_be64 *mask)
{
    unsigned long long int value, m = UINT64_MAX;
    const char *slash = strchr(s, '/');
    char *value_s = slash ? xmemdup0(s, slash - s) : xstrdup(s);
    /* A digit first, so that "-1" is not taken as all ones. */
    bool ok = (isdigit((unsigned char) value_s[0])
               && str_to_ullong(value_s, 0, &value)
               && (!slash || (isdigit((unsigned char) slash[1])
                              && str_to_ullong(slash + 1, 0, &m))));

    free(value_s);
    if (ok) {
        *cookie = htonll(value);
        *mask = htonll(m);
    }
    return ok;
}

#define ODP_IPXLAT_SHOW_USAGE \
    "usage: ipxlat/show [BRIDGE] [--flow COOKIE[/MASK] | --config TEXT] " \
    "[--format text|json]"

/* ipxlat/show [BRIDGE] [--flow COOKIE[/MASK] | --config TEXT]
 *             [--format text|json] */
static void
odp_ipxlat_unixctl_show(struct unixctl_conn *conn, int argc,
                        const char *argv[], void *aux OVS_UNUSED)
{
    const char *bridge = NULL, *flow = NULL, *config = NULL;
    uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS];
    struct ds reasm = DS_EMPTY_INITIALIZER;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct sset select = SSET_INITIALIZER(&select);
    ovs_be64 cookie = 0, cookie_mask = 0;
    struct odp_ipxlat_show_cfg *scs;
    struct ipxlat_stats engine;
    char *error = NULL;
    bool json = false;
    size_t n;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--flow") && i + 1 < argc && !flow) {
            flow = argv[++i];
        } else if (!strcmp(argv[i], "--config") && i + 1 < argc
                   && !config) {
            config = argv[++i];
        } else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "json")) {
                json = true;
            } else if (!strcmp(argv[i], "text")) {
                json = false;
            } else {
                error = xasprintf("%s: unknown format (expected text or "
                                  "json)", argv[i]);
                goto out;
            }
        } else if (argv[i][0] != '-' && i == 1) {
            bridge = argv[i];
        } else {
            error = xstrdup(ODP_IPXLAT_SHOW_USAGE);
            goto out;
        }
    }
    if (flow && config) {
        error = xstrdup("--flow and --config cannot be given together");
        goto out;
    }
    if (flow && !odp_ipxlat_parse_cookie(flow, &cookie, &cookie_mask)) {
        error = xasprintf("%s: invalid cookie: expected COOKIE or "
                          "COOKIE/MASK, numbers such as 0x1f", flow);
        goto out;
    }
    if (config) {
        char *canonical = odp_ipxlat_canonical(config, &error);

        if (!canonical) {
            char *msg = xasprintf("%s: invalid configuration: %s", config,
                                  error);

            free(error);
            error = msg;
            goto out;
        }
        sset_add_and_free(&select, canonical);
    }
    if (bridge || flow) {
        struct sset texts = SSET_INITIALIZER(&texts);
        struct sset canonical;
        const char *text;

        if (!flow_configs_cb) {
            error = xstrdup("OpenFlow flows are not available");
            goto out;
        }
        error = flow_configs_cb(bridge, cookie, cookie_mask, &texts);
        if (error) {
            sset_destroy(&texts);
            goto out;
        }

        /* The actions' texts are canonical already; parse them again all
         * the same, so that a match never depends on it. */
        sset_init(&canonical);
        SSET_FOR_EACH (text, &texts) {
            char *c = odp_ipxlat_canonical(text, &error);

            if (c) {
                sset_add_and_free(&canonical, c);
            } else {
                free(error);
                error = NULL;
                sset_add(&canonical, text);
            }
        }
        sset_destroy(&texts);
        if (sset_is_empty(&canonical)) {
            error = xasprintf("%s%sno ipxlat action in the flows%s%s",
                              bridge ? bridge : "", bridge ? ": " : "",
                              flow ? " with cookie " : "", flow ? flow : "");
            sset_destroy(&canonical);
            goto out;
        }
        if (config) {
            /* Only the configuration given, if the flows use it. */
            if (!sset_contains(&canonical, SSET_FIRST(&select))) {
                error = xasprintf("%s: no flow uses this configuration",
                                  bridge ? bridge : "every bridge");
                sset_destroy(&canonical);
                goto out;
            }
        } else {
            sset_swap(&select, &canonical);
        }
        sset_destroy(&canonical);
    }

    /* Reassembly contexts first: what has timed out by now is counted
     * before the counters are added up. */
    odp_ipxlat_cfg_reasm_summary(&reasm, time_msec(),
                                 &odp_ipxlat_stats_get()->engine);
    n = odp_ipxlat_show_collect(config || bridge || flow ? &select : NULL,
                                bridge || flow, time_msec(),
                                &odp_ipxlat_stats_get()->engine, &scs);
    odp_ipxlat_stats_sum(&engine, glue);

    if (json) {
        ds_put_cstr(&s, "{");
        odp_ipxlat_put_counters_json(&s, &engine, glue);
        ds_put_format(&s, ",\"configurations\":");
        odp_ipxlat_put_configs_json(&s, scs, n);
        ds_put_cstr(&s, ",\"tables\":");
        odp_ipxlat_table_summary_json(&s);
        ds_put_cstr(&s, "}\n");
    } else if (config || bridge || flow) {
        odp_ipxlat_put_configs_text(&s, scs, n);
    } else {
        odp_ipxlat_put_counters(&s, &engine, glue, 0);
        ds_put_format(&s, "configurations: %"PRIuSIZE"\n",
                      odp_ipxlat_cfg_count());
        ds_put_cstr(&s, "tables:\n");
        odp_ipxlat_table_summary(&s);
        ds_put_cstr(&s, "reassembly:\n");
        ds_put_cstr(&s, ds_cstr(&reasm));
    }
    free(scs);

out:
    if (error) {
        unixctl_command_reply_error(conn, error);
    } else {
        unixctl_command_reply(conn, ds_cstr(&s));
    }
    free(error);
    sset_destroy(&select);
    ds_destroy(&reasm);
    ds_destroy(&s);
}

/* ipxlat/stats-clear */
static void
odp_ipxlat_unixctl_stats_clear(struct unixctl_conn *conn,
                               int argc OVS_UNUSED,
                               const char *argv[] OVS_UNUSED,
                               void *aux OVS_UNUSED)
{
    odp_ipxlat_stats_clear();
    odp_ipxlat_cfg_stats_clear_all();
    unixctl_command_reply(conn, NULL);
}

/* Replies to the ovs-appctl command that requested a table change,
 * when the table thread is done with it (odp_ipxlat_table_cb). */
static void
odp_ipxlat_unixctl_done(void *conn_, char *error, char *output)
{
    struct unixctl_conn *conn = conn_;

    if (error) {
        unixctl_command_reply_error(conn, error);
    } else {
        unixctl_command_reply(conn, output);
    }
    free(error);
    free(output);
}

/* Checks that 'name' may name a table; if not, replies to 'conn' and
 * returns false. */
static bool
odp_ipxlat_check_name(struct unixctl_conn *conn, const char *name)
{
    if (!ipxlat_table_name_valid(name)) {
        char *error = xasprintf("%s: invalid table name: %s", name,
                                ipxlat_table_name_rule());

        unixctl_command_reply_error(conn, error);
        free(error);
        return false;
    }
    return true;
}

/* Requests 'args' for 'conn', whose reply is deferred until it is done:
 * the table thread makes the change, so that neither forwarding nor other
 * commands wait for it. */
static void
odp_ipxlat_request(struct unixctl_conn *conn,
                   const struct odp_ipxlat_table_args *args)
{
    if (odp_ipxlat_check_name(conn, args->name)) {
        odp_ipxlat_table_request(args, odp_ipxlat_unixctl_done, conn);
    }
}

/* ipxlat/table-add TABLE IPV4[/LEN] IPV6[/LEN]... */
static void
odp_ipxlat_unixctl_table_add(struct unixctl_conn *conn, int argc,
                             const char *argv[], void *aux OVS_UNUSED)
{
    size_t n = (argc - 2) / 2;
    char **entries;

    if (argc % 2) {
        unixctl_command_reply_error(conn, "IPv4 and IPv6 must come in "
                                    "pairs");
        return;
    }
    entries = xmalloc(n * sizeof *entries);
    for (size_t i = 0; i < n; i++) {
        entries[i] = xasprintf("%s %s", argv[2 + 2 * i], argv[3 + 2 * i]);
    }
    odp_ipxlat_request(conn, &(struct odp_ipxlat_table_args) {
                           .op = ODP_IPXLAT_TABLE_ADD, .name = argv[1],
                           .args = (const char *const *) entries,
                           .n_args = n });
    for (size_t i = 0; i < n; i++) {
        free(entries[i]);
    }
    free(entries);
}

/* ipxlat/table-del TABLE ENTRY...  Each ENTRY is "IPV4[/LEN],IPV6[/LEN]". */
static void
odp_ipxlat_unixctl_table_del(struct unixctl_conn *conn, int argc,
                             const char *argv[], void *aux OVS_UNUSED)
{
    odp_ipxlat_request(conn, &(struct odp_ipxlat_table_args) {
                           .op = ODP_IPXLAT_TABLE_DEL, .name = argv[1],
                           .args = &argv[2], .n_args = argc - 2 });
}

/* ipxlat/table-load [--allow-empty] TABLE FILE: replaces TABLE's entries by
 * FILE's. */
static void
odp_ipxlat_unixctl_table_load(struct unixctl_conn *conn, int argc,
                              const char *argv[], void *aux OVS_UNUSED)
{
    bool allow_empty = argc == 4;

    if (allow_empty && strcmp(argv[1], "--allow-empty")) {
        unixctl_command_reply_error(conn, "usage: ipxlat/table-load "
                                    "[--allow-empty] TABLE FILE");
        return;
    }
    odp_ipxlat_request(conn, &(struct odp_ipxlat_table_args) {
                           .op = ODP_IPXLAT_TABLE_LOAD,
                           .name = argv[argc - 2],
                           .args = &argv[argc - 1], .n_args = 1,
                           .allow_empty = allow_empty });
}

/* ipxlat/table-clear TABLE */
static void
odp_ipxlat_unixctl_table_clear(struct unixctl_conn *conn,
                               int argc OVS_UNUSED, const char *argv[],
                               void *aux OVS_UNUSED)
{
    odp_ipxlat_request(conn, &(struct odp_ipxlat_table_args) {
                           .op = ODP_IPXLAT_TABLE_CLEAR, .name = argv[1] });
}

/* Parses 's' as a number of entries to show: decimal digits only (so that
 * "-1" is not taken as "without limit"), at most SIZE_MAX. */
static bool
odp_ipxlat_parse_max(const char *s, size_t *max)
{
    unsigned long long int n;

    if (!s[0] || strspn(s, "0123456789") != strlen(s)
        || !str_to_ullong(s, 10, &n) || n > SIZE_MAX) {
        return false;
    }
    *max = n;
    return true;
}

/* ipxlat/table-show TABLE [MAX]: prints at most MAX entries. */
static void
odp_ipxlat_unixctl_table_show(struct unixctl_conn *conn, int argc,
                              const char *argv[], void *aux OVS_UNUSED)
{
    size_t max = ODP_IPXLAT_SHOW_DEFAULT;

    if (argc > 2 && !odp_ipxlat_parse_max(argv[2], &max)) {
        char *error = xasprintf("%s: invalid maximum: expected the number "
                                "of entries to show, 0 or more", argv[2]);

        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    odp_ipxlat_request(conn, &(struct odp_ipxlat_table_args) {
                           .op = ODP_IPXLAT_TABLE_SHOW, .name = argv[1],
                           .max = max });
}

/* ipxlat/table-destroy TABLE */
static void
odp_ipxlat_unixctl_table_destroy(struct unixctl_conn *conn,
                                 int argc OVS_UNUSED, const char *argv[],
                                 void *aux OVS_UNUSED)
{
    odp_ipxlat_request(conn, &(struct odp_ipxlat_table_args) {
                           .op = ODP_IPXLAT_TABLE_DESTROY,
                           .name = argv[1] });
}

/* Sends the replies of the table commands that are done.  Called by
 * ovs-vswitchd's main loop. */
void
odp_ipxlat_unixctl_run(void)
{
    odp_ipxlat_table_run();
}

/* Wakes ovs-vswitchd's main loop when a table command is done. */
void
odp_ipxlat_unixctl_wait(void)
{
    odp_ipxlat_table_wait();
}

/* Registers the "ipxlat/..." commands. */
void
odp_ipxlat_unixctl_init(void)
{
    unixctl_command_register("ipxlat/show",
                             "[BRIDGE] [--flow COOKIE[/MASK] | --config TEXT]"
                             " [--format text|json]", 0, 6,
                             odp_ipxlat_unixctl_show, NULL);
    unixctl_command_register("ipxlat/stats-clear", "", 0, 0,
                             odp_ipxlat_unixctl_stats_clear, NULL);
    unixctl_command_register("ipxlat/table-add",
                             "TABLE IPV4[/LEN] IPV6[/LEN]...", 3, INT_MAX,
                             odp_ipxlat_unixctl_table_add, NULL);
    unixctl_command_register("ipxlat/table-del",
                             "TABLE IPV4[/LEN],IPV6[/LEN]...", 2, INT_MAX,
                             odp_ipxlat_unixctl_table_del, NULL);
    unixctl_command_register("ipxlat/table-load",
                             "[--allow-empty] TABLE FILE", 2, 3,
                             odp_ipxlat_unixctl_table_load, NULL);
    unixctl_command_register("ipxlat/table-clear", "TABLE", 1, 1,
                             odp_ipxlat_unixctl_table_clear, NULL);
    unixctl_command_register("ipxlat/table-show", "TABLE [MAX]", 1, 2,
                             odp_ipxlat_unixctl_table_show, NULL);
    unixctl_command_register("ipxlat/table-destroy", "TABLE", 1, 1,
                             odp_ipxlat_unixctl_table_destroy, NULL);
}
