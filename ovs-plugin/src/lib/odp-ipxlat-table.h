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


#ifndef ODP_IPXLAT_TABLE_H
#define ODP_IPXLAT_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compiler.h"

struct ds;
struct ipxlat_eamt;

/* Named EAM tables for the ipxlat action
 * ======================================
 *
 * A SIIT-DC border relay (RFC 7755) maps thousands to millions of IPv4
 * addresses with Explicit Address Mappings (RFC 7757).  Such a set does not
 * fit in an OpenFlow action, so ovs-vswitchd holds named EAM tables, which a
 * configuration uses with "table=NAME".  This module keeps them: a registry
 * by name, the changes that the ipxlat/table-* commands request, and their
 * persistence.
 *
 * Each table is kept on disk in ovs_dbdir()/ipxlat as a snapshot, NAME.eam,
 * and a journal of the changes since, NAME.eam.log (see
 * ipxlat_eamt_store_open() in ipxlat.h): a change appends one line to the
 * journal and flushes it, whatever the size of the table, and after a crash
 * at any moment the files hold the table as it was before the change under
 * way or after it.  odp_ipxlat_table_restore() loads them when ovs-vswitchd
 * starts.  (OVSDB is not used: a million rows would bloat ovsdb-server and
 * need schema changes.)
 *
 * Usage
 * =====
 *
 * The datapath calls odp_ipxlat_table_get() with the name and hash that
 * the configuration cache computed.  A change is requested with
 * odp_ipxlat_table_request(), which returns at once: the change is made by
 * a thread of this module's own ("ipxlat_table"), one request after another
 * in the order they came, and its callback runs in the main thread, from
 * odp_ipxlat_table_run(), when it is done.  Either all of a request's
 * changes apply, or none.
 *
 * Thread-safety
 * =============
 *
 * odp_ipxlat_table_get() takes no lock and may be called from any thread;
 * the table it returns stays valid until the calling thread quiesces.  The
 * table thread changes a published table in place (the engine's tables let
 * readers run during changes) or, to replace all of its entries, builds a
 * new one and publishes it with ovsrcu_set().  So neither the datapath nor
 * the main thread ever waits for a change, however big.  The other
 * functions are for the main thread. */

const struct ipxlat_eamt *odp_ipxlat_table_get(const char *name,
                                               uint32_t hash);

/* What a request does. */
enum odp_ipxlat_table_op {
    ODP_IPXLAT_TABLE_ADD,       /* Add the entries in 'args'. */
    ODP_IPXLAT_TABLE_DEL,       /* Remove the entries in 'args'. */
    ODP_IPXLAT_TABLE_LOAD,      /* Replace all entries by file args[0]'s. */
    ODP_IPXLAT_TABLE_CLEAR,     /* Remove every entry. */
    ODP_IPXLAT_TABLE_SHOW,      /* Print the entries. */
    ODP_IPXLAT_TABLE_DESTROY,   /* Delete the table. */
};

/* A request for table 'name'. */
struct odp_ipxlat_table_args {
    enum odp_ipxlat_table_op op;
    const char *name;           /* Table name (valid, see ipxlat.h). */
    const char *const *args;    /* Entries "IPV4[/LEN] IPV6[/LEN]" (ADD,
                                 * DEL) or the file name (LOAD). */
    size_t n_args;
    size_t max;                 /* SHOW: most entries to print. */
    bool allow_empty;           /* LOAD: a file without entries may empty
                                 * the table. */
};

/* Called in the main thread with the outcome of a request: 'error' is NULL
 * on success, else a message, and 'output' (SHOW) the text to print.  The
 * callback owns both. */
typedef void odp_ipxlat_table_cb(void *aux, char *error, char *output);

void odp_ipxlat_table_request(const struct odp_ipxlat_table_args *,
                              odp_ipxlat_table_cb *, void *aux);
void odp_ipxlat_table_run(void);
void odp_ipxlat_table_wait(void);

void odp_ipxlat_table_summary(struct ds *);
void odp_ipxlat_table_summary_json(struct ds *);
void odp_ipxlat_table_restore(void);

#endif /* odp-ipxlat-table.h */
