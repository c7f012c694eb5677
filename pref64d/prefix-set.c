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

#include "prefix-set.h"

#include <stdio.h>
#include <string.h>

/* Initializes 'ps' as empty, with 'prefer' winning over the other source
 * when both know a prefix. */
void
pset_init(struct pset *ps, enum pset_source prefer)
{
    memset(ps, 0, sizeof *ps);
    ps->prefer = prefer;
}

/* Returns "dns" or "ra". */
const char *
pset_source_name(enum pset_source s)
{
    return s == PSET_RA ? "ra" : "dns";
}

/* Returns true if 'a' and 'b' are the same prefix. */
static bool
same_prefix(const struct pref64 *a, const struct pref64 *b)
{
    return a->len == b->len && !memcmp(&a->prefix, &b->prefix,
                                       sizeof a->prefix);
}

/* Returns the entry of 'source' for prefix 'p' (and router 'origin' for
 * RA), or NULL. */
static struct pset_entry *
find(struct pset *ps, enum pset_source source, const struct pref64 *p,
     const char *origin)
{
    for (int i = 0; i < ps->n; i++) {
        struct pset_entry *e = &ps->e[i];

        if (e->source == source && same_prefix(&e->p, p)
            && (!origin || !strcmp(e->origin, origin))) {
            return e;
        }
    }
    return NULL;
}

/* Removes entry 'i', keeping the order of the others. */
static void
remove_at(struct pset *ps, int i)
{
    memmove(&ps->e[i], &ps->e[i + 1], (ps->n - i - 1) * sizeof ps->e[0]);
    ps->n--;
}

/* Appends a new entry, or returns NULL if 'ps' is full. */
static struct pset_entry *
append(struct pset *ps, enum pset_source source, const struct pref64 *p,
       const char *origin, time_t wall)
{
    struct pset_entry *e;

    if (ps->n >= PSET_MAX) {
        return NULL;
    }
    e = &ps->e[ps->n++];
    memset(e, 0, sizeof *e);
    e->p = *p;
    e->source = source;
    snprintf(e->origin, sizeof e->origin, "%s", origin);
    e->changed = wall;
    return e;
}

/* Replaces the DNS prefixes with the 'n' prefixes 'p' of one answer from
 * 'origin' valid for 'ttl' seconds.  A prefix already known keeps its
 * "changed" time. */
void
pset_set_dns(struct pset *ps, const struct pref64 *p, size_t n, uint32_t ttl,
             const char *origin, long long now, time_t wall)
{
    struct pset old = *ps;

    pset_clear_dns(ps);
    for (size_t i = 0; i < n; i++) {
        struct pset_entry *prev = find(&old, PSET_DNS, &p[i], NULL);
        struct pset_entry *e = append(ps, PSET_DNS, &p[i], origin, wall);

        if (!e) {
            break;
        }
        e->p.lifetime = ttl;
        e->expires = now + (long long) ttl * 1000;
        if (prev) {
            e->changed = prev->changed;
        }
    }
}

/* Forgets every DNS prefix. */
void
pset_clear_dns(struct pset *ps)
{
    for (int i = ps->n - 1; i >= 0; i--) {
        if (ps->e[i].source == PSET_DNS) {
            remove_at(ps, i);
        }
    }
}

/* RFC 8781 section 5: applies the 'n' PREF64 options 'p' of one RA from
 * 'router': each one refreshes or adds its prefix, and a lifetime of 0
 * removes it. */
void
pset_update_ra(struct pset *ps, const struct pref64 *p, size_t n,
               const char *router, long long now, time_t wall)
{
    for (size_t i = 0; i < n; i++) {
        struct pset_entry *e = find(ps, PSET_RA, &p[i], router);

        if (!p[i].lifetime) {
            if (e) {
                remove_at(ps, (int) (e - ps->e));
            }
            continue;
        }
        if (!e) {
            e = append(ps, PSET_RA, &p[i], router, wall);
            if (!e) {
                continue;
            }
        }
        e->p.lifetime = p[i].lifetime;
        e->expires = now + (long long) p[i].lifetime * 1000;
    }
}

/* Removes the entries whose lifetime has run out at 'now' (DNS ones only
 * if 'keep_dns' is false: the daemon keeps them while it asks again).
 * Returns true if anything was removed. */
bool
pset_expire(struct pset *ps, long long now, bool keep_dns)
{
    bool removed = false;

    for (int i = ps->n - 1; i >= 0; i--) {
        const struct pset_entry *e = &ps->e[i];

        if (e->expires <= now && !(keep_dns && e->source == PSET_DNS)) {
            remove_at(ps, i);
            removed = true;
        }
    }
    return removed;
}

/* Returns the prefix the flows should use: the first one learned from the
 * preferred source, else the first one from the other source, else NULL.
 * (RFC 7050 section 3: the first prefix of the answer is the one to use
 * for synthesis; RFC 9872 recommends RA over DNS.) */
const struct pset_entry *
pset_winner(const struct pset *ps)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < ps->n; i++) {
            if ((ps->e[i].source == ps->prefer) == (pass == 0)) {
                return &ps->e[i];
            }
        }
    }
    return NULL;
}

/* Returns the earliest expiry time of any entry (of any RA entry if
 * 'skip_dns'), or -1 if there is none. */
long long
pset_next_expiry(const struct pset *ps, bool skip_dns)
{
    long long t = -1;

    for (int i = 0; i < ps->n; i++) {
        if (skip_dns && ps->e[i].source == PSET_DNS) {
            continue;
        }
        if (t < 0 || ps->e[i].expires < t) {
            t = ps->e[i].expires;
        }
    }
    return t;
}
