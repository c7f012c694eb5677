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
 * by name, the changes that the ipxlat/table-* commands make, and their
 * persistence.
 *
 * Each table is saved after every successful change to
 * ovs_dbdir()/ipxlat/NAME.eam, in the format that ipxlat_eamt_load() reads,
 * through a temporary file, fsync() and rename(), so that a crash leaves
 * either the old or the new contents.  odp_ipxlat_table_restore() loads the
 * saved tables when ovs-vswitchd starts.  (OVSDB is not used: a million
 * rows would bloat ovsdb-server and need schema changes, while a flat file
 * of a million entries loads in seconds.)
 *
 * Usage
 * =====
 *
 * The datapath calls odp_ipxlat_table_get() with the name and hash that
 * the configuration cache computed.  The management functions return NULL
 * on success or a malloc'd error message; either all of a command's
 * changes apply, or none.
 *
 * Thread-safety
 * =============
 *
 * odp_ipxlat_table_get() takes no lock and may be called from any thread;
 * the table it returns stays valid until the calling thread quiesces.
 * Changes never modify a published table: they copy it, change the copy,
 * publish it with ovsrcu_set() and free the old contents after a grace
 * period, so the datapath never waits for them.  Changes are serialized by
 * a mutex; a load parses its file without holding it. */

bool odp_ipxlat_table_name_is_valid(const char *name);
const struct ipxlat_eamt *odp_ipxlat_table_get(const char *name,
                                               uint32_t hash);

char *odp_ipxlat_table_add(const char *name, const char *const pairs[],
                           size_t n_pairs) OVS_WARN_UNUSED_RESULT;
char *odp_ipxlat_table_remove(const char *name, const char *const entries[],
                              size_t n_entries) OVS_WARN_UNUSED_RESULT;
char *odp_ipxlat_table_load(const char *name, const char *file_name)
    OVS_WARN_UNUSED_RESULT;
char *odp_ipxlat_table_destroy(const char *name) OVS_WARN_UNUSED_RESULT;

char *odp_ipxlat_table_show(const char *name, size_t max, struct ds *)
    OVS_WARN_UNUSED_RESULT;
void odp_ipxlat_table_summary(struct ds *);

void odp_ipxlat_table_restore(void);

#endif /* odp-ipxlat-table.h */
