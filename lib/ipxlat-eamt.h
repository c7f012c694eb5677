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


#ifndef IPXLAT_EAMT_H
#define IPXLAT_EAMT_H 1

/* RFC 7757 Explicit Address Mapping tables (internal interface).
 *
 * The public functions (ipxlat_eamt_create() and friends) are declared in
 * ipxlat.h and the per-packet lookups (ipxl_eamt_lookup4(),
 * ipxl_eamt_lookup6()) in ipxlat-xlat.h.  This header adds what the config
 * parser and formatter need and what the table's files share: eamt.c
 * (the table), eamt-text.c (entries as text) and eamt-file.c (table
 * files) and eamt-store.c (tables kept on disk).
 *
 * An entry maps an IPv4 prefix to an IPv6 prefix whose suffix is at least
 * as long (32 - len4 <= 128 - len6, RFC 7757 section 3.2).  Entries may
 * overlap; a lookup picks the longest matching prefix in its own
 * direction and copies the suffix bits of the address right after the
 * prefix.  No two entries share the same IPv4 prefix or the same IPv6
 * prefix.
 *
 * Thread-safety
 * =============
 *
 * Lookups may run in many threads at once, and at the same time as one
 * writer: the changes (add, remove, load) of one table must be serialised
 * by the caller, and ipxl_eamt_foreach() counts as a change (it reads
 * without the lookups' protection).  See ipxlat.h. */

#include <sys/types.h>

#include "ipxlat-config.h"
#include "ipxlat.h"

/* The table (eamt.c). */

/* Adds the entry 'p4' <-> 'p6' (both with no bits set past their
 * lengths).  Returns NULL or a malloc'd message in the form
 * "eam(V4,V6): why", where V4 and V6 are 'v4_text' and 'v6_text' (how the
 * caller wrote the prefixes) or, if either is NULL, the prefixes
 * formatted. */
char *ipxl_eamt_add_prefixes(struct ipxlat_eamt *,
                             const struct ipxlat_prefix4 *,
                             const struct ipxlat_prefix6 *,
                             const char *v4_text, const char *v6_text)
    __attribute__((warn_unused_result));

/* Removes the entry 'p4' <-> 'p6' if the table holds exactly that mapping;
 * returns true if it removed one. */
bool ipxl_eamt_remove_prefixes(struct ipxlat_eamt *,
                               const struct ipxlat_prefix4 *,
                               const struct ipxlat_prefix6 *);

/* One entry. */
struct ipxl_eamt_pair {
    struct ipxlat_prefix4 p4;   /* IPv4 prefix. */
    struct ipxlat_prefix6 p6;   /* IPv6 prefix. */
};

/* Adds 'n' entries, all or none.  Returns NULL or a malloc'd message
 * about the first entry that could not be added, whose index it stores in
 * '*failed' if that is nonnull. */
char *ipxl_eamt_add_all(struct ipxlat_eamt *, const struct ipxl_eamt_pair *,
                        size_t n, size_t *failed)
    __attribute__((warn_unused_result));

/* Removes 'n' entries, all or none. */
char *ipxl_eamt_remove_all(struct ipxlat_eamt *,
                           const struct ipxl_eamt_pair *, size_t n,
                           size_t *failed)
    __attribute__((warn_unused_result));

/* Calls 'cb' once for every entry of the table, in order of IPv4 prefix
 * and then length. */
void ipxl_eamt_foreach(const struct ipxlat_eamt *,
                       void (*cb)(void *aux, const struct ipxlat_prefix4 *,
                                  const struct ipxlat_prefix6 *),
                       void *aux);

/* Entries as text (eamt-text.c). */

/* Parses the two sides of an entry, 'v4' and 'v6', each "ADDRESS[/LEN]"
 * (/32 and /128 by default), into 'p4' and 'p6'.  Returns NULL or a
 * malloc'd message "eam(V4,V6): why" that quotes each side up to
 * 'quote_max' bytes. */
char *ipxl_eamt_parse_entry(const char *v4, const char *v6,
                            struct ipxlat_prefix4 *p4,
                            struct ipxlat_prefix6 *p6, int quote_max)
    __attribute__((warn_unused_result));

/* Parses an entry written as for ipxlat_eamt_add_text(). */
char *ipxl_eamt_parse_text(const char *entry, struct ipxlat_prefix4 *,
                           struct ipxlat_prefix6 *)
    __attribute__((warn_unused_result));

/* Table stores (eamt-store.c). */

/* Makes the journal of 's' due for a snapshot once it is bigger than
 * max('bytes', the snapshot) instead of max(1 MiB, the snapshot). */
void ipxl_eamt_store_set_compact_min(struct ipxlat_eamt_store *,
                                     off_t bytes);

#endif /* ipxlat-eamt.h */
