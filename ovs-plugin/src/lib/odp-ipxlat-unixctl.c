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

#include "odp-ipxlat-cfg.h"
#include "odp-ipxlat-stats.h"
#include "odp-ipxlat-table.h"
#include "openvswitch/dynamic-string.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

/* Entries that ipxlat/table-show prints when not told how many. */
#define ODP_IPXLAT_SHOW_DEFAULT 1000

/* Replies to 'conn' with 'error' and frees it, or with success if it is
 * NULL. */
static void
odp_ipxlat_reply(struct unixctl_conn *conn, char *error)
{
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        unixctl_command_reply(conn, NULL);
    }
}

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

/* ipxlat/table-add TABLE IPV4[/LEN] IPV6[/LEN]... */
static void
odp_ipxlat_unixctl_table_add(struct unixctl_conn *conn, int argc,
                             const char *argv[], void *aux OVS_UNUSED)
{
    if (argc % 2) {
        unixctl_command_reply_error(conn, "IPv4 and IPv6 must come in "
                                    "pairs");
        return;
    }
    odp_ipxlat_reply(conn, odp_ipxlat_table_add(argv[1], &argv[2],
                                                (argc - 2) / 2));
}

/* ipxlat/table-del TABLE ENTRY...  Each ENTRY is "IPV4[/LEN],IPV6[/LEN]". */
static void
odp_ipxlat_unixctl_table_del(struct unixctl_conn *conn, int argc,
                             const char *argv[], void *aux OVS_UNUSED)
{
    odp_ipxlat_reply(conn, odp_ipxlat_table_remove(argv[1], &argv[2],
                                                   argc - 2));
}

/* ipxlat/table-load TABLE FILE: replaces TABLE's entries by FILE's. */
static void
odp_ipxlat_unixctl_table_load(struct unixctl_conn *conn,
                              int argc OVS_UNUSED, const char *argv[],
                              void *aux OVS_UNUSED)
{
    odp_ipxlat_reply(conn, odp_ipxlat_table_load(argv[1], argv[2]));
}

/* ipxlat/table-show TABLE [MAX]: prints at most MAX entries. */
static void
odp_ipxlat_unixctl_table_show(struct unixctl_conn *conn, int argc,
                              const char *argv[], void *aux OVS_UNUSED)
{
    unsigned long long int max = ODP_IPXLAT_SHOW_DEFAULT;
    struct ds s = DS_EMPTY_INITIALIZER;

    if (argc > 2 && (!str_to_ullong(argv[2], 10, &max) || max > SIZE_MAX)) {
        unixctl_command_reply_error(conn, "invalid maximum");
        return;
    }

    char *error = odp_ipxlat_table_show(argv[1], max, &s);
    if (error) {
        odp_ipxlat_reply(conn, error);
    } else {
        unixctl_command_reply(conn, ds_cstr(&s));
    }
    ds_destroy(&s);
}

/* ipxlat/table-destroy TABLE */
static void
odp_ipxlat_unixctl_table_destroy(struct unixctl_conn *conn,
                                 int argc OVS_UNUSED, const char *argv[],
                                 void *aux OVS_UNUSED)
{
    odp_ipxlat_reply(conn, odp_ipxlat_table_destroy(argv[1]));
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
    unixctl_command_register("ipxlat/table-load", "TABLE FILE", 2, 2,
                             odp_ipxlat_unixctl_table_load, NULL);
    unixctl_command_register("ipxlat/table-show", "TABLE [MAX]", 1, 2,
                             odp_ipxlat_unixctl_table_show, NULL);
    unixctl_command_register("ipxlat/table-destroy", "TABLE", 1, 1,
                             odp_ipxlat_unixctl_table_destroy, NULL);
}
