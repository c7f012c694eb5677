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

#include <ipxlat.h>
#include <limits.h>
#include <string.h>

#include "odp-ipxlat-cfg.h"
#include "odp-ipxlat-stats.h"
#include "odp-ipxlat-table.h"
#include "openvswitch/dynamic-string.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

/* Entries that ipxlat/table-show prints when not told how many. */
#define ODP_IPXLAT_SHOW_DEFAULT 1000

/* ipxlat/show */
static void
odp_ipxlat_unixctl_show(struct unixctl_conn *conn, int argc OVS_UNUSED,
                        const char *argv[] OVS_UNUSED, void *aux OVS_UNUSED)
{
    uint64_t glue[ODP_IPXLAT_N_GLUE_REASONS];
    struct ds reasm = DS_EMPTY_INITIALIZER;
    struct ipxlat_stats engine;
    struct ds s = DS_EMPTY_INITIALIZER;

    /* Reassembly contexts first: what has timed out by now is counted
     * before the counters are added up. */
    odp_ipxlat_cfg_reasm_summary(&reasm, time_msec(),
                                 &odp_ipxlat_stats_get()->engine);
    odp_ipxlat_stats_sum(&engine, glue);

    ds_put_cstr(&s, "translator:\n");
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        ds_put_format(&s, "  %-24s %10"PRIu64"  %s\n",
                      ipxlat_reason_name(i), engine.n[i],
                      ipxlat_reason_description(i));
    }
    ds_put_cstr(&s, "datapath:\n");
    for (int i = 0; i < ODP_IPXLAT_N_GLUE_REASONS; i++) {
        ds_put_format(&s, "  %-24s %10"PRIu64"  %s\n",
                      odp_ipxlat_glue_reason_name(i), glue[i],
                      odp_ipxlat_glue_reason_description(i));
    }
    ds_put_format(&s, "configurations: %"PRIuSIZE"\n",
                  odp_ipxlat_cfg_count());
    ds_put_cstr(&s, "tables:\n");
    odp_ipxlat_table_summary(&s);
    ds_put_cstr(&s, "reassembly:\n");
    ds_put_cstr(&s, ds_cstr(&reasm));
    ds_destroy(&reasm);

    unixctl_command_reply(conn, ds_cstr(&s));
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
    unixctl_command_register("ipxlat/show", "", 0, 0,
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
