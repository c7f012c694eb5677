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
#ifndef PREFIX_SET_H
#define PREFIX_SET_H 1

/* The merged view of the NAT64 prefixes learned from DNS (RFC 7050) and
 * from Router Advertisements (RFC 8781), with their lifetimes, and the
 * choice of the prefix that wins.
 *
 * Times are passed in by the caller ('now' in monotonic milliseconds,
 * 'wall' in seconds since the epoch), so the set is tested without
 * clocks.  Thread-safety: none; the daemon's single thread owns it. */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "pref64.h"

/* Where a prefix came from. */
enum pset_source {
    PSET_DNS,                   /* RFC 7050 answer. */
    PSET_RA,                    /* RFC 8781 PREF64 option. */
};

#define PSET_MAX 32
#define PSET_ORIGIN_LEN 64

/* One learned prefix. */
struct pset_entry {
    struct pref64 p;            /* The prefix. */
    enum pset_source source;    /* Where it came from. */
    char origin[PSET_ORIGIN_LEN]; /* DNS server or router address. */
    long long expires;          /* Monotonic ms when it lapses. */
    time_t changed;             /* Wall-clock time it was learned. */
};

/* All learned prefixes. */
struct pset {
    struct pset_entry e[PSET_MAX]; /* Entries, in the order learned. */
    int n;                         /* Number of entries used. */
    enum pset_source prefer;       /* Source that wins when both have one. */
};

void pset_init(struct pset *, enum pset_source prefer);
void pset_set_dns(struct pset *, const struct pref64 *, size_t n,
                  uint32_t ttl, const char *origin, long long now,
                  time_t wall);
void pset_clear_dns(struct pset *);
void pset_update_ra(struct pset *, const struct pref64 *, size_t n,
                    const char *router, long long now, time_t wall);
bool pset_expire(struct pset *, long long now, bool keep_dns);
const struct pset_entry *pset_winner(const struct pset *);
long long pset_next_expiry(const struct pset *, bool skip_dns);
const char *pset_source_name(enum pset_source);

#endif /* prefix-set.h */
