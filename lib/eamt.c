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


/* RFC 7757 Explicit Address Mapping tables: the table itself, its
 * lookups and its changes.  Entries written as text are read in
 * eamt-text.c, table files in eamt-file.c.
 *
 * Layout
 * ======
 *
 * The entries live in an array in insertion order (removed entries stay
 * behind as tombstones until they outnumber the live ones), which is what
 * ipxl_eamt_foreach() walks.  For lookups, every prefix length that is
 * present has two open-addressing hash tables (linear probing, at most
 * half full) of one kind, one keyed by the IPv4 prefix and one by the IPv6
 * prefix.  A slot holds both prefixes of its entry, so a hit costs one
 * probe sequence and no further memory access.
 *
 * Because both suffixes of an entry have the same length, the IPv6 prefix
 * length is always the IPv4 length plus 96 and every table is indexed by
 * the IPv4 length.  A bitmap of the lengths present lets a lookup try only
 * those, longest first: that is the longest-prefix match of RFC 7757
 * section 3.2 (IPv4 to IPv6) and section 3.3 (IPv6 to IPv4), done for each
 * direction independently, so overlapping entries behave as the RFC says.
 *
 * Deliberate departure: RFC 7757 also allows an IPv6 suffix longer than
 * the IPv4 suffix (its example 192.0.2.128/26 <-> 2001:db8:dddd::/64),
 * with the IPv4 suffix bits placed right after the IPv6 prefix.  Such an
 * entry maps a whole IPv6 range onto a smaller IPv4 range and cannot be
 * reversed one to one, so this table refuses it ("suffix lengths
 * differ"); every entry here maps addresses one to one. */

#include "ipxlat-eamt.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ipxlat-prefix.h"
#include "ipxlat-util.h"
#include "ipxlat-xlat.h"

/* Number of possible IPv4 prefix lengths (0...32); IPv6 is 96 more. */
#define EAMT_N_LENS 33

/* 'idx' of a free hash slot. */
#define EAMT_FREE UINT32_MAX

/* Most entries a table holds (entry indexes are 32 bits). */
#define EAMT_MAX_ENTRIES (UINT32_MAX - 1)

/* Hash tables of this many bytes or more get huge pages. */
#define EAMT_HUGE_PAGE (2u * 1024 * 1024)

#define ROUND_UP(X, Y) (((X) + (Y) - 1) / (Y) * (Y))

/* Smallest hash table, in slots. */
#define EAMT_MIN_SLOTS 16

/* One entry, in insertion order. */
struct eamt_entry {
    struct ipxlat_prefix4 p4;   /* IPv4 prefix. */
    struct ipxlat_prefix6 p6;   /* IPv6 prefix, same suffix length. */
    bool live;                  /* False once removed (a tombstone). */
};

/* A hash slot, the same for both families: the entry's two prefixes, one
 * of which is the key of the table the slot is in. */
struct eamt_slot {
    struct in6_addr v6;         /* IPv6 prefix of the entry. */
    ovs_be32 v4;                /* IPv4 prefix of the entry. */
    uint32_t idx;               /* Index in 'entries', EAMT_FREE if free. */
};

/* Which prefix of its slots a hash table is keyed by. */
enum eamt_side {
    EAMT_BY_V4,
    EAMT_BY_V6,
};

/* The hash table of one prefix length and one side. */
struct eamt_hash {
    struct eamt_slot *slots;    /* 'mask' + 1 slots, or NULL. */
    uint32_t mask;              /* Number of slots minus 1. */
    uint32_t n;                 /* Slots in use. */
};

struct ipxlat_eamt {
    struct eamt_entry *entries; /* Entries in insertion order. */
    size_t n_entries;           /* Used elements of 'entries'. */
    size_t allocated;           /* Allocated elements of 'entries'. */
    size_t n_live;              /* Entries not removed. */
    uint64_t lens;              /* Bit L set: an entry has IPv4 length L. */
    struct eamt_hash h4[EAMT_N_LENS];   /* EAMT_BY_V4, by IPv4 length. */
    struct eamt_hash h6[EAMT_N_LENS];   /* EAMT_BY_V6, by IPv4 length too. */
};

/* A key to look up: an IPv4 prefix, or an IPv6 prefix as its two 64-bit
 * halves in memory order. */
struct eamt_key {
    ovs_be32 v4;                /* EAMT_BY_V4. */
    uint64_t hi, lo;            /* EAMT_BY_V6. */
};

/* Hashing. */

/* The 64-bit finalizer of MurmurHash3: every input bit affects every
 * output bit. */
static inline uint64_t
eamt_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

/* Splits 'a' into its two 64-bit halves, in memory order. */
static inline void
eamt_addr6_split(const struct in6_addr *a, uint64_t *hi, uint64_t *lo)
{
    memcpy(hi, &a->s6_addr[0], sizeof *hi);
    memcpy(lo, &a->s6_addr[8], sizeof *lo);
}

/* Returns the key of 'side' for IPv4 prefix 'v4' or IPv6 prefix 'v6'. */
static inline struct eamt_key
eamt_key(enum eamt_side side, ovs_be32 v4, const struct in6_addr *v6)
{
    struct eamt_key k = { .v4 = v4 };

    if (side == EAMT_BY_V6) {
        eamt_addr6_split(v6, &k.hi, &k.lo);
    }
    return k;
}

static inline uint32_t
eamt_key_hash(enum eamt_side side, const struct eamt_key *k)
{
    return (side == EAMT_BY_V4
            ? eamt_mix(k->v4)
            : eamt_mix(k->hi * UINT64_C(0x9e3779b97f4a7c15) ^ k->lo));
}

/* Returns the hash of the key of 'side' in slot 's'. */
static inline uint32_t
eamt_slot_hash(enum eamt_side side, const struct eamt_slot *s)
{
    struct eamt_key k = eamt_key(side, s->v4, &s->v6);

    return eamt_key_hash(side, &k);
}

/* Whether slot 's' (in use) holds key 'k' of 'side'. */
static inline bool
eamt_slot_has_key(enum eamt_side side, const struct eamt_slot *s,
                  const struct eamt_key *k)
{
    if (side == EAMT_BY_V4) {
        return s->v4 == k->v4;
    } else {
        uint64_t hi, lo;

        eamt_addr6_split(&s->v6, &hi, &lo);
        return ((hi ^ k->hi) | (lo ^ k->lo)) == 0;
    }
}

/* Returns the last 32 bits of 'a', where an IPv6 prefix of 96 or more bits
 * keeps the part that corresponds to the IPv4 address. */
static inline ovs_be32
eamt_addr6_tail(const struct in6_addr *a)
{
    ovs_be32 tail;

    memcpy(&tail, &a->s6_addr[12], sizeof tail);
    return tail;
}

static inline void
eamt_addr6_set_tail(struct in6_addr *a, ovs_be32 tail)
{
    memcpy(&a->s6_addr[12], &tail, sizeof tail);
}

/* The hash table of 'side' and IPv4 prefix length 'len' in 't'. */
static inline struct eamt_hash *
eamt_hash_of(struct ipxlat_eamt *t, enum eamt_side side, unsigned int len)
{
    return side == EAMT_BY_V4 ? &t->h4[len] : &t->h6[len];
}

/* Finds key 'k' in 'h', keyed by 'side'; stores its slot number in '*pos'
 * and returns true, or returns false. */
static inline bool
eamt_hash_find(const struct eamt_hash *h, enum eamt_side side,
               const struct eamt_key *k, uint32_t *pos)
{
    if (!h->n) {
        return false;
    }
    /* The table is at most half full, so a free slot ends the search. */
    for (uint32_t i = eamt_key_hash(side, k) & h->mask; ;
         i = (i + 1) & h->mask) {
        const struct eamt_slot *s = &h->slots[i];

        if (s->idx == EAMT_FREE) {
            return false;
        } else if (eamt_slot_has_key(side, s, k)) {
            *pos = i;
            return true;
        }
    }
}

/* Allocates 'n_slots' free slots.  Big tables are aligned to and backed by
 * huge pages where the system offers them: lookups land at random places
 * in the table, and with 4 kB pages each one would also miss in the
 * TLB. */
static struct eamt_slot *
eamt_slots_alloc(uint32_t n_slots)
{
    size_t bytes = (size_t) n_slots * sizeof(struct eamt_slot);
    struct eamt_slot *slots;

    if (bytes >= EAMT_HUGE_PAGE) {
        void *p;

        bytes = ROUND_UP(bytes, EAMT_HUGE_PAGE);
        if (posix_memalign(&p, EAMT_HUGE_PAGE, bytes)) {
            ipxl_out_of_memory();
        }
#ifdef MADV_HUGEPAGE
        madvise(p, bytes, MADV_HUGEPAGE);
#endif
        slots = p;
    } else {
        slots = ipxl_xmalloc(bytes);
    }

    memset(slots, 0, bytes);
    for (uint32_t i = 0; i < n_slots; i++) {
        slots[i].idx = EAMT_FREE;
    }
    return slots;
}

/* Puts 's' into the first free slot of its probe sequence in 'h', keyed
 * by 'side', which must have a free slot and must not hold its key. */
static void
eamt_hash_place(struct eamt_hash *h, enum eamt_side side,
                const struct eamt_slot *s)
{
    uint32_t i = eamt_slot_hash(side, s) & h->mask;

    while (h->slots[i].idx != EAMT_FREE) {
        i = (i + 1) & h->mask;
    }
    h->slots[i] = *s;
    h->n++;
}

/* Inserts 's' into 'h', keyed by 'side', growing it so that it stays at
 * most half full. */
static void
eamt_hash_insert(struct eamt_hash *h, enum eamt_side side,
                 const struct eamt_slot *s)
{
    uint64_t n_slots = h->slots ? (uint64_t) h->mask + 1 : 0;

    if (((uint64_t) h->n + 1) * 2 > n_slots) {
        struct eamt_hash old = *h;
        uint64_t new_slots = n_slots ? n_slots * 2 : EAMT_MIN_SLOTS;

        h->slots = eamt_slots_alloc(new_slots);
        h->mask = new_slots - 1;
        h->n = 0;
        for (uint64_t i = 0; i < n_slots; i++) {
            if (old.slots[i].idx != EAMT_FREE) {
                eamt_hash_place(h, side, &old.slots[i]);
            }
        }
        free(old.slots);
    }
    eamt_hash_place(h, side, s);
}

/* Returns true if a slot whose probe sequence starts at 'home' may be
 * moved back into the hole at 'hole' from where it sits, at 'pos': that
 * is, unless 'home' lies cyclically in (hole, pos]. */
static inline bool
eamt_may_fill_hole(uint32_t home, uint32_t hole, uint32_t pos)
{
    return hole <= pos ? home <= hole || home > pos
                       : home <= hole && home > pos;
}

/* Frees slot 'pos' of 'h', keyed by 'side', and shifts later members of
 * its cluster back so that no probe sequence is broken (no tombstones
 * needed). */
static void
eamt_hash_delete(struct eamt_hash *h, enum eamt_side side, uint32_t pos)
{
    uint32_t hole = pos;

    for (uint32_t i = (pos + 1) & h->mask; h->slots[i].idx != EAMT_FREE;
         i = (i + 1) & h->mask) {
        uint32_t home = eamt_slot_hash(side, &h->slots[i]) & h->mask;

        if (eamt_may_fill_hole(home, hole, i)) {
            h->slots[hole] = h->slots[i];
            hole = i;
        }
    }
    h->slots[hole].idx = EAMT_FREE;
    h->n--;
}

/* Returns a copy of the slots of 'h', or NULL if it has none. */
static struct eamt_slot *
eamt_hash_clone_slots(const struct eamt_hash *h)
{
    struct eamt_slot *slots = NULL;

    if (h->slots) {
        size_t bytes = ((size_t) h->mask + 1) * sizeof *h->slots;

        slots = ipxl_xmalloc(bytes);
        memcpy(slots, h->slots, bytes);
    }
    return slots;
}

/* Finds the slot of entry 'e' in its table of 'side'; returns false if
 * it is not there. */
static bool
eamt_entry_find(struct ipxlat_eamt *t, enum eamt_side side,
                const struct eamt_entry *e, uint32_t *pos)
{
    struct eamt_key k = eamt_key(side, e->p4.addr, &e->p6.addr);

    return eamt_hash_find(eamt_hash_of(t, side, e->p4.len), side, &k, pos);
}

/* Lookups (per packet: no allocation). */

/* RFC 7757 section 3.2: finds the entry whose IPv4 prefix is the longest
 * that contains 'v4' and stores in 'v6' its IPv6 prefix with the suffix
 * bits of 'v4' copied after it.  Returns false if no entry matches. */
bool
ipxl_eamt_lookup4(const struct ipxlat_eamt *t, ovs_be32 v4,
                  struct in6_addr *v6)
{
    uint64_t lens = t->lens;

    while (lens) {
        unsigned int len = 63 - __builtin_clzll(lens);
        ovs_be32 mask = prefix4_mask(len);
        const struct eamt_hash *h = &t->h4[len];
        struct eamt_key k = { .v4 = v4 & mask };
        uint32_t pos;

        if (eamt_hash_find(h, EAMT_BY_V4, &k, &pos)) {
            /* The IPv6 suffix is as long as the IPv4 one, so the suffix
             * bits go to the same place at the end of the address. */
            *v6 = h->slots[pos].v6;
            eamt_addr6_set_tail(v6, eamt_addr6_tail(v6) | (v4 & ~mask));
            return true;
        }
        lens &= ~(UINT64_C(1) << len);
    }
    return false;
}

/* Returns the key under which the IPv6-keyed table of IPv4 length 'len'
 * holds the prefix of 'v6' (as halves 'hi' and 'lo'): an IPv6 prefix
 * there is 96 + 'len' bits long, so only the last 32 bits need masking
 * ('mask' is the IPv4 netmask of 'len'). */
static inline struct eamt_key
eamt_key6_masked(uint64_t hi, uint64_t lo, ovs_be32 mask)
{
    uint8_t lo_mask_bytes[8] = { 0xff, 0xff, 0xff, 0xff };
    uint64_t lo_mask;

    memcpy(&lo_mask_bytes[4], &mask, sizeof mask);
    memcpy(&lo_mask, lo_mask_bytes, sizeof lo_mask);
    return (struct eamt_key) { .hi = hi, .lo = lo & lo_mask };
}

/* RFC 7757 section 3.3: finds the entry whose IPv6 prefix is the longest
 * that contains 'v6' and stores in '*v4' its IPv4 prefix with the suffix
 * bits of 'v6' copied after it.  Returns false if no entry matches. */
bool
ipxl_eamt_lookup6(const struct ipxlat_eamt *t, const struct in6_addr *v6,
                  ovs_be32 *v4)
{
    uint64_t lens = t->lens;
    ovs_be32 tail = eamt_addr6_tail(v6);
    uint64_t hi, lo;

    eamt_addr6_split(v6, &hi, &lo);
    while (lens) {
        unsigned int len = 63 - __builtin_clzll(lens);
        ovs_be32 mask = prefix4_mask(len);
        const struct eamt_hash *h = &t->h6[len];
        struct eamt_key k = eamt_key6_masked(hi, lo, mask);
        uint32_t pos;

        if (eamt_hash_find(h, EAMT_BY_V6, &k, &pos)) {
            *v4 = h->slots[pos].v4 | (tail & ~mask);
            return true;
        }
        lens &= ~(UINT64_C(1) << len);
    }
    return false;
}

/* Prefetching. */

/* Most prefix lengths whose slots a prefetch loads (the longest ones
 * present, which a lookup tries first). */
#define EAMT_PREFETCH_LENS 4

/* Starts loading the first slot that ipxl_eamt_lookup4() probes for 'v4'
 * at each of the longest lengths present.  In a big table every lookup
 * misses the caches; a caller with several lookups to do prefetches them
 * all first, so that their memory accesses overlap. */
void
ipxl_eamt_prefetch4(const struct ipxlat_eamt *t, ovs_be32 v4)
{
    uint64_t lens = t->lens;

    for (int i = 0; lens && i < EAMT_PREFETCH_LENS; i++) {
        unsigned int len = 63 - __builtin_clzll(lens);
        const struct eamt_hash *h = &t->h4[len];

        if (h->n) {
            struct eamt_key k = { .v4 = v4 & prefix4_mask(len) };

            __builtin_prefetch(
                &h->slots[eamt_key_hash(EAMT_BY_V4, &k) & h->mask]);
        }
        lens &= ~(UINT64_C(1) << len);
    }
}

/* Starts loading the first slot that ipxl_eamt_lookup6() probes for 'v6'
 * at each of the longest lengths present (see ipxl_eamt_prefetch4()). */
void
ipxl_eamt_prefetch6(const struct ipxlat_eamt *t, const struct in6_addr *v6)
{
    uint64_t lens = t->lens;
    uint64_t hi, lo;

    eamt_addr6_split(v6, &hi, &lo);
    for (int i = 0; lens && i < EAMT_PREFETCH_LENS; i++) {
        unsigned int len = 63 - __builtin_clzll(lens);
        const struct eamt_hash *h = &t->h6[len];

        if (h->n) {
            struct eamt_key k = eamt_key6_masked(hi, lo, prefix4_mask(len));

            __builtin_prefetch(
                &h->slots[eamt_key_hash(EAMT_BY_V6, &k) & h->mask]);
        }
        lens &= ~(UINT64_C(1) << len);
    }
}

/* Life cycle. */

struct ipxlat_eamt *
ipxlat_eamt_create(void)
{
    return ipxl_xzalloc(sizeof(struct ipxlat_eamt));
}

void
ipxlat_eamt_destroy(struct ipxlat_eamt *t)
{
    if (t) {
        for (size_t i = 0; i < EAMT_N_LENS; i++) {
            free(t->h4[i].slots);
            free(t->h6[i].slots);
        }
        free(t->entries);
        free(t);
    }
}

/* Returns a deep copy of 't', to be changed and then published in place of
 * 't' while readers still use 't'. */
struct ipxlat_eamt *
ipxlat_eamt_clone(const struct ipxlat_eamt *t)
{
    struct ipxlat_eamt *c = ipxl_xmalloc(sizeof *c);

    *c = *t;
    c->entries = ipxl_xmalloc(t->allocated * sizeof *t->entries);
    if (t->n_entries) {
        memcpy(c->entries, t->entries, t->n_entries * sizeof *t->entries);
    }
    for (size_t i = 0; i < EAMT_N_LENS; i++) {
        c->h4[i].slots = eamt_hash_clone_slots(&t->h4[i]);
        c->h6[i].slots = eamt_hash_clone_slots(&t->h6[i]);
    }
    return c;
}

size_t
ipxlat_eamt_count(const struct ipxlat_eamt *t)
{
    return t->n_live;
}

void
ipxl_eamt_foreach(const struct ipxlat_eamt *t,
                  void (*cb)(void *aux, const struct ipxlat_prefix4 *,
                             const struct ipxlat_prefix6 *),
                  void *aux)
{
    for (size_t i = 0; i < t->n_entries; i++) {
        const struct eamt_entry *e = &t->entries[i];

        if (e->live) {
            cb(aux, &e->p4, &e->p6);
        }
    }
}

/* Adding. */

/* Returns the entry of 't' whose prefix on 'side' is that of 'p4' or
 * 'p6' (with the IPv4 length of 'p4'), or NULL if there is none. */
static struct eamt_entry *
eamt_find_entry(struct ipxlat_eamt *t, enum eamt_side side,
                const struct ipxlat_prefix4 *p4,
                const struct ipxlat_prefix6 *p6)
{
    const struct eamt_hash *h = eamt_hash_of(t, side, p4->len);
    struct eamt_key k = eamt_key(side, p4->addr, &p6->addr);
    uint32_t pos;

    return (eamt_hash_find(h, side, &k, &pos)
            ? &t->entries[h->slots[pos].idx] : NULL);
}

/* Returns NULL if 'p4' <-> 'p6' may be added to 't', else a malloc'd
 * reason. */
static char *
eamt_check(struct ipxlat_eamt *t, const struct ipxlat_prefix4 *p4,
           const struct ipxlat_prefix6 *p6)
{
    unsigned int suffix4 = 32 - p4->len;
    unsigned int suffix6 = 128 - p6->len;

    /* RFC 7757 section 3.2: the IPv4 suffix bits are copied into the IPv6
     * suffix; this table requires the two to be equally long (see the
     * departure noted at the top of this file). */
    if (suffix4 != suffix6) {
        return ipxl_xasprintf("suffix lengths differ (%u vs %u)",
                              suffix4, suffix6);
    }
    for (int side = EAMT_BY_V4; side <= EAMT_BY_V6; side++) {
        const struct eamt_entry *e = eamt_find_entry(t, side, p4, p6);

        if (e) {
            char p4s[PREFIX4_STRLEN], p6s[PREFIX6_STRLEN];

            ipxl_prefix4_format(&e->p4, p4s, sizeof p4s);
            ipxl_prefix6_format(&e->p6, p6s, sizeof p6s);
            return (side == EAMT_BY_V4
                    ? ipxl_xasprintf("%s is already mapped to %s", p4s, p6s)
                    : ipxl_xasprintf("%s is already mapped to %s", p6s,
                                     p4s));
        }
    }
    if (t->n_entries >= EAMT_MAX_ENTRIES) {
        return ipxl_xasprintf("table full");
    }
    return NULL;
}

/* Adds 'p4' <-> 'p6'.  'v4_text' and 'v6_text' are how the caller wrote
 * them, for error messages; if they are NULL the prefixes are printed. */
char *
ipxl_eamt_add_prefixes(struct ipxlat_eamt *t, const struct ipxlat_prefix4 *p4,
                       const struct ipxlat_prefix6 *p6, const char *v4_text,
                       const char *v6_text)
{
    char *why = eamt_check(t, p4, p6);
    struct eamt_slot s;

    if (why) {
        char p4s[PREFIX4_STRLEN], p6s[PREFIX6_STRLEN];
        char *msg;

        if (!v4_text || !v6_text) {
            ipxl_prefix4_format(p4, p4s, sizeof p4s);
            ipxl_prefix6_format(p6, p6s, sizeof p6s);
            v4_text = p4s;
            v6_text = p6s;
        }
        msg = ipxl_xasprintf("eam(%s,%s): %s", v4_text, v6_text, why);
        free(why);
        return msg;
    }

    if (t->n_entries == t->allocated) {
        t->allocated = t->allocated ? t->allocated * 2 : 16;
        t->entries = ipxl_xrealloc(t->entries,
                                   t->allocated * sizeof *t->entries);
    }
    t->entries[t->n_entries] = (struct eamt_entry) {
        .p4 = *p4, .p6 = *p6, .live = true,
    };

    s = (struct eamt_slot) {
        .v6 = p6->addr, .v4 = p4->addr, .idx = t->n_entries,
    };
    eamt_hash_insert(&t->h4[p4->len], EAMT_BY_V4, &s);
    eamt_hash_insert(&t->h6[p4->len], EAMT_BY_V6, &s);
    t->lens |= UINT64_C(1) << p4->len;
    t->n_entries++;
    t->n_live++;
    return NULL;
}

/* Removing. */

/* Forgets entry 'idx' (live) in both hash tables. */
static void
eamt_unhash(struct ipxlat_eamt *t, size_t idx)
{
    const struct eamt_entry *e = &t->entries[idx];
    unsigned int len = e->p4.len;
    uint32_t pos;

    for (int side = EAMT_BY_V4; side <= EAMT_BY_V6; side++) {
        if (eamt_entry_find(t, side, e, &pos)) {
            eamt_hash_delete(eamt_hash_of(t, side, len), side, pos);
        }
    }
    if (!t->h4[len].n) {
        t->lens &= ~(UINT64_C(1) << len);
    }
}

/* Drops the tombstones from 'entries' and renumbers the hash slots. */
static void
eamt_compact(struct ipxlat_eamt *t)
{
    size_t j = 0;

    for (size_t i = 0; i < t->n_entries; i++) {
        const struct eamt_entry *e = &t->entries[i];
        uint32_t pos;

        if (!e->live) {
            continue;
        }
        for (int side = EAMT_BY_V4; side <= EAMT_BY_V6; side++) {
            if (eamt_entry_find(t, side, e, &pos)) {
                eamt_hash_of(t, side, e->p4.len)->slots[pos].idx = j;
            }
        }
        t->entries[j++] = *e;
    }
    t->n_entries = j;
}

/* Removes the entry 'p4' <-> 'p6', if the table holds exactly that
 * mapping.  Returns true if it removed an entry. */
bool
ipxl_eamt_remove_prefixes(struct ipxlat_eamt *t,
                          const struct ipxlat_prefix4 *p4,
                          const struct ipxlat_prefix6 *p6)
{
    struct eamt_entry *e;

    if (32 - p4->len != 128 - p6->len) {
        return false;
    }
    e = eamt_find_entry(t, EAMT_BY_V4, p4, p6);
    if (!e || memcmp(&e->p6.addr, &p6->addr, sizeof p6->addr)) {
        return false;
    }

    eamt_unhash(t, e - t->entries);
    e->live = false;
    t->n_live--;
    if (t->n_entries - t->n_live > t->n_live
        && t->n_entries - t->n_live >= 64) {
        eamt_compact(t);
    }
    return true;
}

/* Returns a mark of the entries 't' holds now, for ipxl_eamt_truncate(). */
size_t
ipxl_eamt_mark(const struct ipxlat_eamt *t)
{
    return t->n_entries;
}

/* Removes every entry added since ipxl_eamt_mark() returned 'mark',
 * restoring the table as it was then (no removal may have happened
 * since). */
void
ipxl_eamt_truncate(struct ipxlat_eamt *t, size_t mark)
{
    while (t->n_entries > mark) {
        size_t idx = --t->n_entries;

        if (t->entries[idx].live) {
            eamt_unhash(t, idx);
            t->n_live--;
        }
    }
}
