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


/* RFC 7757 Explicit Address Mapping tables.
 *
 * Layout
 * ======
 *
 * The entries live in an array in insertion order (removed entries stay
 * behind as tombstones until they outnumber the live ones), which is what
 * ipxl_eamt_foreach() walks.  For lookups, every prefix length that is present
 * has two open-addressing hash tables (linear probing, at most half full),
 * one keyed by the IPv4 prefix and one by the IPv6 prefix.  A slot holds
 * the key and the other side's prefix, so a hit costs one probe sequence
 * and no further memory access.
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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ipxlat-prefix.h"
#include "ipxlat-util.h"
#include "ipxlat-xlat.h"

/* Number of possible IPv4 prefix lengths (0...32); IPv6 is 96 more. */
#define EAMT_N_LENS 33

/* The length of an IPv6 prefix paired with an IPv4 prefix of 0 bits. */
#define EAMT_LEN6_OFFSET 96

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

/* A slot of an IPv4-keyed hash table. */
struct eamt_slot4 {
    ovs_be32 key;               /* IPv4 prefix of the entry. */
    uint32_t idx;               /* Index in 'entries', EAMT_FREE if free. */
    struct in6_addr v6;         /* IPv6 prefix of the entry. */
};

/* A slot of an IPv6-keyed hash table. */
struct eamt_slot6 {
    struct in6_addr key;        /* IPv6 prefix of the entry. */
    ovs_be32 v4;                /* IPv4 prefix of the entry. */
    uint32_t idx;               /* Index in 'entries', EAMT_FREE if free. */
};

/* The IPv4-keyed hash table of one prefix length. */
struct eamt_hash4 {
    struct eamt_slot4 *slots;   /* 'mask' + 1 slots, or NULL. */
    uint32_t mask;              /* Number of slots minus 1. */
    uint32_t n;                 /* Slots in use. */
};

/* The IPv6-keyed hash table of one prefix length. */
struct eamt_hash6 {
    struct eamt_slot6 *slots;   /* 'mask' + 1 slots, or NULL. */
    uint32_t mask;              /* Number of slots minus 1. */
    uint32_t n;                 /* Slots in use. */
};

struct ipxlat_eamt {
    struct eamt_entry *entries; /* Entries in insertion order. */
    size_t n_entries;           /* Used elements of 'entries'. */
    size_t allocated;           /* Allocated elements of 'entries'. */
    size_t n_live;              /* Entries not removed. */
    uint64_t lens;              /* Bit L set: an entry has IPv4 length L. */
    struct eamt_hash4 h4[EAMT_N_LENS];  /* By IPv4 prefix length. */
    struct eamt_hash6 h6[EAMT_N_LENS];  /* By IPv4 prefix length too. */
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

static inline uint32_t
eamt_hash4(ovs_be32 key)
{
    return eamt_mix(key);
}

/* Hashes an IPv6 key given as its two 64-bit halves (memory order). */
static inline uint32_t
eamt_hash6(uint64_t hi, uint64_t lo)
{
    return eamt_mix(hi * UINT64_C(0x9e3779b97f4a7c15) ^ lo);
}

/* Splits 'a' into its two 64-bit halves, in memory order. */
static inline void
eamt_addr6_split(const struct in6_addr *a, uint64_t *hi, uint64_t *lo)
{
    memcpy(hi, &a->s6_addr[0], sizeof *hi);
    memcpy(lo, &a->s6_addr[8], sizeof *lo);
}

static inline bool
eamt_addr6_eq(const struct in6_addr *a, uint64_t hi, uint64_t lo)
{
    uint64_t a_hi, a_lo;

    eamt_addr6_split(a, &a_hi, &a_lo);
    return ((a_hi ^ hi) | (a_lo ^ lo)) == 0;
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

/* Finds 'key' in 'h'; stores its slot number in '*pos' and returns true,
 * or returns false. */
static inline bool
eamt_hash4_find(const struct eamt_hash4 *h, ovs_be32 key, uint32_t *pos)
{
    if (!h->n) {
        return false;
    }
    /* The table is at most half full, so a free slot ends the search. */
    for (uint32_t i = eamt_hash4(key) & h->mask; ; i = (i + 1) & h->mask) {
        const struct eamt_slot4 *s = &h->slots[i];

        if (s->idx == EAMT_FREE) {
            return false;
        } else if (s->key == key) {
            *pos = i;
            return true;
        }
    }
}

/* Finds the key whose halves are 'hi' and 'lo' in 'h'; stores its slot
 * number in '*pos' and returns true, or returns false. */
static inline bool
eamt_hash6_find(const struct eamt_hash6 *h, uint64_t hi, uint64_t lo,
                uint32_t *pos)
{
    if (!h->n) {
        return false;
    }
    for (uint32_t i = eamt_hash6(hi, lo) & h->mask; ;
         i = (i + 1) & h->mask) {
        const struct eamt_slot6 *s = &h->slots[i];

        if (s->idx == EAMT_FREE) {
            return false;
        } else if (eamt_addr6_eq(&s->key, hi, lo)) {
            *pos = i;
            return true;
        }
    }
}

/* Finds IPv6 key 'key' in 'h', as eamt_hash6_find(). */
static bool
eamt_hash6_find_addr(const struct eamt_hash6 *h, const struct in6_addr *key,
                     uint32_t *pos)
{
    uint64_t hi, lo;

    eamt_addr6_split(key, &hi, &lo);
    return eamt_hash6_find(h, hi, lo, pos);
}

/* Returns the hash of slot 's'. */
static inline uint32_t
eamt_slot6_hash(const struct eamt_slot6 *s)
{
    uint64_t hi, lo;

    eamt_addr6_split(&s->key, &hi, &lo);
    return eamt_hash6(hi, lo);
}

/* Allocates 'n_slots' free slots of 'size' bytes each, whose 'idx' member
 * lies at 'idx_ofs'.  Big tables are aligned to and backed by huge pages
 * where the system offers them: lookups land at random places in the
 * table, and with 4 kB pages each one would also miss in the TLB. */
static void *
eamt_slots_alloc(uint32_t n_slots, size_t size, size_t idx_ofs)
{
    size_t bytes = (size_t) n_slots * size;
    uint8_t *slots;

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
        uint32_t free_idx = EAMT_FREE;

        memcpy(slots + (size_t) i * size + idx_ofs, &free_idx,
               sizeof free_idx);
    }
    return slots;
}

/* Puts 's' into the first free slot of its probe sequence in 'h', which
 * must have a free slot and must not hold its key. */
static void
eamt_hash4_place(struct eamt_hash4 *h, const struct eamt_slot4 *s)
{
    uint32_t i = eamt_hash4(s->key) & h->mask;

    while (h->slots[i].idx != EAMT_FREE) {
        i = (i + 1) & h->mask;
    }
    h->slots[i] = *s;
    h->n++;
}

static void
eamt_hash6_place(struct eamt_hash6 *h, const struct eamt_slot6 *s)
{
    uint32_t i = eamt_slot6_hash(s) & h->mask;

    while (h->slots[i].idx != EAMT_FREE) {
        i = (i + 1) & h->mask;
    }
    h->slots[i] = *s;
    h->n++;
}

/* Inserts 's' into 'h', growing it so that it stays at most half full. */
static void
eamt_hash4_insert(struct eamt_hash4 *h, const struct eamt_slot4 *s)
{
    uint64_t n_slots = h->slots ? (uint64_t) h->mask + 1 : 0;

    if (((uint64_t) h->n + 1) * 2 > n_slots) {
        struct eamt_hash4 old = *h;
        uint64_t new_slots = n_slots ? n_slots * 2 : EAMT_MIN_SLOTS;

        h->slots = eamt_slots_alloc(new_slots, sizeof *h->slots,
                                    offsetof(struct eamt_slot4, idx));
        h->mask = new_slots - 1;
        h->n = 0;
        for (uint64_t i = 0; i < n_slots; i++) {
            if (old.slots[i].idx != EAMT_FREE) {
                eamt_hash4_place(h, &old.slots[i]);
            }
        }
        free(old.slots);
    }
    eamt_hash4_place(h, s);
}

static void
eamt_hash6_insert(struct eamt_hash6 *h, const struct eamt_slot6 *s)
{
    uint64_t n_slots = h->slots ? (uint64_t) h->mask + 1 : 0;

    if (((uint64_t) h->n + 1) * 2 > n_slots) {
        struct eamt_hash6 old = *h;
        uint64_t new_slots = n_slots ? n_slots * 2 : EAMT_MIN_SLOTS;

        h->slots = eamt_slots_alloc(new_slots, sizeof *h->slots,
                                    offsetof(struct eamt_slot6, idx));
        h->mask = new_slots - 1;
        h->n = 0;
        for (uint64_t i = 0; i < n_slots; i++) {
            if (old.slots[i].idx != EAMT_FREE) {
                eamt_hash6_place(h, &old.slots[i]);
            }
        }
        free(old.slots);
    }
    eamt_hash6_place(h, s);
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

/* Frees slot 'pos' of 'h' and shifts later members of its cluster back so
 * that no probe sequence is broken (no tombstones needed). */
static void
eamt_hash4_delete(struct eamt_hash4 *h, uint32_t pos)
{
    uint32_t hole = pos;

    for (uint32_t i = (pos + 1) & h->mask; h->slots[i].idx != EAMT_FREE;
         i = (i + 1) & h->mask) {
        uint32_t home = eamt_hash4(h->slots[i].key) & h->mask;

        if (eamt_may_fill_hole(home, hole, i)) {
            h->slots[hole] = h->slots[i];
            hole = i;
        }
    }
    h->slots[hole].idx = EAMT_FREE;
    h->n--;
}

static void
eamt_hash6_delete(struct eamt_hash6 *h, uint32_t pos)
{
    uint32_t hole = pos;

    for (uint32_t i = (pos + 1) & h->mask; h->slots[i].idx != EAMT_FREE;
         i = (i + 1) & h->mask) {
        uint32_t home = eamt_slot6_hash(&h->slots[i]) & h->mask;

        if (eamt_may_fill_hole(home, hole, i)) {
            h->slots[hole] = h->slots[i];
            hole = i;
        }
    }
    h->slots[hole].idx = EAMT_FREE;
    h->n--;
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
        const struct eamt_hash4 *h = &t->h4[len];
        uint32_t pos;

        if (eamt_hash4_find(h, v4 & mask, &pos)) {
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
        const struct eamt_hash6 *h = &t->h6[len];
        uint8_t lo_mask_bytes[8] = { 0xff, 0xff, 0xff, 0xff };
        uint64_t lo_mask;
        uint32_t pos;

        /* An IPv6 prefix here is 96 + 'len' bits long: only the last 32
         * bits of the address need masking. */
        memcpy(&lo_mask_bytes[4], &mask, sizeof mask);
        memcpy(&lo_mask, lo_mask_bytes, sizeof lo_mask);
        if (eamt_hash6_find(h, hi, lo & lo_mask, &pos)) {
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

/* Starts loading the first slot that ipxl_eamt_lookup4() probes for 'v4' at
 * each of the longest lengths present.  In a big table every lookup
 * misses the caches; a caller with several lookups to do prefetches them
 * all first, so that their memory accesses overlap. */
void
ipxl_eamt_prefetch4(const struct ipxlat_eamt *t, ovs_be32 v4)
{
    uint64_t lens = t->lens;

    for (int i = 0; lens && i < EAMT_PREFETCH_LENS; i++) {
        unsigned int len = 63 - __builtin_clzll(lens);
        const struct eamt_hash4 *h = &t->h4[len];

        if (h->n) {
            uint32_t pos = eamt_hash4(v4 & prefix4_mask(len)) & h->mask;

            __builtin_prefetch(&h->slots[pos]);
        }
        lens &= ~(UINT64_C(1) << len);
    }
}

/* Starts loading the first slot that ipxl_eamt_lookup6() probes for 'v6' at
 * each of the longest lengths present (see ipxl_eamt_prefetch4()). */
void
ipxl_eamt_prefetch6(const struct ipxlat_eamt *t, const struct in6_addr *v6)
{
    uint64_t lens = t->lens;
    uint64_t hi, lo;

    eamt_addr6_split(v6, &hi, &lo);
    for (int i = 0; lens && i < EAMT_PREFETCH_LENS; i++) {
        unsigned int len = 63 - __builtin_clzll(lens);
        const struct eamt_hash6 *h = &t->h6[len];

        if (h->n) {
            ovs_be32 mask = prefix4_mask(len);
            uint8_t lo_mask_bytes[8] = { 0xff, 0xff, 0xff, 0xff };
            uint64_t lo_mask;
            uint32_t pos;

            /* As in ipxl_eamt_lookup6(): only the last 32 bits are masked. */
            memcpy(&lo_mask_bytes[4], &mask, sizeof mask);
            memcpy(&lo_mask, lo_mask_bytes, sizeof lo_mask);
            pos = eamt_hash6(hi, lo & lo_mask) & h->mask;
            __builtin_prefetch(&h->slots[pos]);
        }
        lens &= ~(UINT64_C(1) << len);
    }
}

/* Life cycle. */

struct ipxlat_eamt *
ipxlat_eamt_create(void)
{
    struct ipxlat_eamt *t = ipxl_xmalloc(sizeof *t);

    memset(t, 0, sizeof *t);
    return t;
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
        if (t->h4[i].slots) {
            size_t n = (size_t) t->h4[i].mask + 1;

            c->h4[i].slots = ipxl_xmalloc(n * sizeof *t->h4[i].slots);
            memcpy(c->h4[i].slots, t->h4[i].slots,
                   n * sizeof *t->h4[i].slots);
        }
        if (t->h6[i].slots) {
            size_t n = (size_t) t->h6[i].mask + 1;

            c->h6[i].slots = ipxl_xmalloc(n * sizeof *t->h6[i].slots);
            memcpy(c->h6[i].slots, t->h6[i].slots,
                   n * sizeof *t->h6[i].slots);
        }
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

/* Returns NULL if 'p4' <-> 'p6' may be added to 't', else a malloc'd
 * reason. */
static char *
eamt_check(const struct ipxlat_eamt *t, const struct ipxlat_prefix4 *p4,
           const struct ipxlat_prefix6 *p6)
{
    unsigned int suffix4 = 32 - p4->len;
    unsigned int suffix6 = 128 - p6->len;
    char p4s[PREFIX4_STRLEN], p6s[PREFIX6_STRLEN];
    const struct eamt_entry *e;
    uint32_t pos;

    /* RFC 7757 section 3.2: the IPv4 suffix bits are copied into the IPv6
     * suffix; this table requires the two to be equally long (see the
     * departure noted at the top of this file). */
    if (suffix4 != suffix6) {
        return ipxl_xasprintf("suffix lengths differ (%u vs %u)",
                              suffix4, suffix6);
    }
    if (eamt_hash4_find(&t->h4[p4->len], p4->addr, &pos)) {
        e = &t->entries[t->h4[p4->len].slots[pos].idx];
        ipxl_prefix4_format(&e->p4, p4s, sizeof p4s);
        ipxl_prefix6_format(&e->p6, p6s, sizeof p6s);
        return ipxl_xasprintf("%s is already mapped to %s", p4s, p6s);
    }
    if (eamt_hash6_find_addr(&t->h6[p4->len], &p6->addr, &pos)) {
        e = &t->entries[t->h6[p4->len].slots[pos].idx];
        ipxl_prefix4_format(&e->p4, p4s, sizeof p4s);
        ipxl_prefix6_format(&e->p6, p6s, sizeof p6s);
        return ipxl_xasprintf("%s is already mapped to %s", p6s, p4s);
    }
    if (t->n_entries >= EAMT_MAX_ENTRIES) {
        return ipxl_xasprintf("table full");
    }
    return NULL;
}

/* Adds 'p4' <-> 'p6'.  'v4_text' and 'v6_text' are how the caller wrote
 * them, for error messages; if they are NULL the prefixes are printed. */
static char *
eamt_add__(struct ipxlat_eamt *t, const struct ipxlat_prefix4 *p4,
           const struct ipxlat_prefix6 *p6, const char *v4_text,
           const char *v6_text)
{
    char *why = eamt_check(t, p4, p6);
    struct eamt_slot4 s4;
    struct eamt_slot6 s6;

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

    s4 = (struct eamt_slot4) {
        .key = p4->addr, .idx = t->n_entries, .v6 = p6->addr,
    };
    s6 = (struct eamt_slot6) {
        .key = p6->addr, .v4 = p4->addr, .idx = t->n_entries,
    };
    eamt_hash4_insert(&t->h4[p4->len], &s4);
    eamt_hash6_insert(&t->h6[p4->len], &s6);
    t->lens |= UINT64_C(1) << p4->len;
    t->n_entries++;
    t->n_live++;
    return NULL;
}

char *
ipxl_eamt_add_prefixes(struct ipxlat_eamt *t, const struct ipxlat_prefix4 *p4,
                       const struct ipxlat_prefix6 *p6)
{
    return eamt_add__(t, p4, p6, NULL, NULL);
}

/* Parses 'v4' and 'v6' (each with an optional length: /32 and /128 by
 * default) into 'p4' and 'p6'. */
static char *
eamt_parse(const char *v4, const char *v6, struct ipxlat_prefix4 *p4,
           struct ipxlat_prefix6 *p6)
{
    char *error;

    error = ipxl_prefix4_parse(v4, true, p4);
    if (!error) {
        error = ipxl_prefix6_parse(v6, true, p6);
    }
    if (error) {
        char *msg = ipxl_xasprintf("eam(%s,%s): %s", v4, v6, error);

        free(error);
        return msg;
    }
    return NULL;
}

/* Adds the entry 'v4' <-> 'v6', each "ADDRESS[/LEN]".  Returns NULL or a
 * malloc'd message "eam(V4,V6): why". */
char *
ipxlat_eamt_add(struct ipxlat_eamt *t, const char *v4, const char *v6)
{
    struct ipxlat_prefix4 p4;
    struct ipxlat_prefix6 p6;
    char *error;

    error = eamt_parse(v4, v6, &p4, &p6);
    return error ? error : eamt_add__(t, &p4, &p6, v4, v6);
}

/* Splits 'entry', "IPV4[/LEN],IPV6[/LEN]" or the two separated by
 * whitespace (blanks around the comma and at either end are allowed),
 * into malloc'd '*v4' and '*v6'.  Returns NULL or a malloc'd message. */
static char *
eamt_split(const char *entry, char **v4, char **v6)
{
    const char *p = entry;
    const char *a, *b;
    size_t a_len, b_len;

    while (ipxl_isspace(*p)) {
        p++;
    }
    a = p;
    while (*p && *p != ',' && !ipxl_isspace(*p)) {
        p++;
    }
    a_len = p - a;
    while (ipxl_isspace(*p)) {
        p++;
    }
    if (*p == ',') {
        p++;
        while (ipxl_isspace(*p)) {
            p++;
        }
    }
    b = p;
    while (*p && *p != ',' && !ipxl_isspace(*p)) {
        p++;
    }
    b_len = p - b;
    while (ipxl_isspace(*p)) {
        p++;
    }
    if (!a_len || !b_len || *p) {
        return ipxl_xasprintf("eam(%s): expected IPV4[/LEN],IPV6[/LEN]",
                              entry);
    }

    *v4 = ipxl_xmalloc(a_len + 1);
    memcpy(*v4, a, a_len);
    (*v4)[a_len] = '\0';
    *v6 = ipxl_xmalloc(b_len + 1);
    memcpy(*v6, b, b_len);
    (*v6)[b_len] = '\0';
    return NULL;
}

/* Adds the entry written as "IPV4[/LEN],IPV6[/LEN]" (or with whitespace
 * instead of the comma).  Returns NULL or a malloc'd message. */
char *
ipxlat_eamt_add_text(struct ipxlat_eamt *t, const char *entry)
{
    char *v4, *v6, *error;

    error = eamt_split(entry, &v4, &v6);
    if (!error) {
        error = ipxlat_eamt_add(t, v4, v6);
        free(v4);
        free(v6);
    }
    return error;
}

/* Removing. */

/* Forgets entry 'idx' (live) in both hash tables. */
static void
eamt_unhash(struct ipxlat_eamt *t, size_t idx)
{
    const struct eamt_entry *e = &t->entries[idx];
    unsigned int len = e->p4.len;
    uint32_t pos;

    if (eamt_hash4_find(&t->h4[len], e->p4.addr, &pos)) {
        eamt_hash4_delete(&t->h4[len], pos);
    }
    if (eamt_hash6_find_addr(&t->h6[len], &e->p6.addr, &pos)) {
        eamt_hash6_delete(&t->h6[len], pos);
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
        unsigned int len = e->p4.len;
        uint32_t pos;

        if (!e->live) {
            continue;
        }
        if (eamt_hash4_find(&t->h4[len], e->p4.addr, &pos)) {
            t->h4[len].slots[pos].idx = j;
        }
        if (eamt_hash6_find_addr(&t->h6[len], &e->p6.addr, &pos)) {
            t->h6[len].slots[pos].idx = j;
        }
        t->entries[j++] = *e;
    }
    t->n_entries = j;
}

/* Removes the entry written as for ipxlat_eamt_add_text(), if the table
 * holds exactly that mapping.  Returns true if it removed an entry. */
bool
ipxlat_eamt_remove(struct ipxlat_eamt *t, const char *entry)
{
    struct ipxlat_prefix4 p4;
    struct ipxlat_prefix6 p6;
    char *v4, *v6, *error;
    struct eamt_entry *e;
    uint32_t pos;

    error = eamt_split(entry, &v4, &v6);
    if (!error) {
        error = eamt_parse(v4, v6, &p4, &p6);
        free(v4);
        free(v6);
    }
    if (error) {
        free(error);
        return false;
    }
    if (32 - p4.len != 128 - p6.len
        || !eamt_hash4_find(&t->h4[p4.len], p4.addr, &pos)) {
        return false;
    }
    e = &t->entries[t->h4[p4.len].slots[pos].idx];
    if (memcmp(&e->p6.addr, &p6.addr, sizeof p6.addr)) {
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

/* Removes every entry from 'n_entries' on, restoring the table as it was
 * when it had that many entries (no removal may have happened since). */
static void
eamt_truncate(struct ipxlat_eamt *t, size_t n_entries)
{
    while (t->n_entries > n_entries) {
        size_t idx = --t->n_entries;

        if (t->entries[idx].live) {
            eamt_unhash(t, idx);
            t->n_live--;
        }
    }
}

/* Loading. */

/* Adds the entries listed in 'file_name', one per line as for
 * ipxlat_eamt_add_text(); '#' starts a comment and blank lines are
 * skipped.  Returns NULL or a malloc'd message ("FILE:LINE: why" or
 * "FILE: why"); on error the table is left as it was. */
char *
ipxlat_eamt_load(struct ipxlat_eamt *t, const char *file_name)
{
    size_t old_n_entries = t->n_entries;
    unsigned long int line_number = 0;
    char *line = NULL, *error = NULL;
    size_t line_size = 0;
    FILE *stream;

    stream = fopen(file_name, "r");
    if (!stream) {
        return ipxl_xasprintf("%s: %s", file_name, ipxl_strerror(errno));
    }
    while (getline(&line, &line_size, stream) != -1) {
        char *comment = strchr(line, '#');
        char *p = line;
        char *entry_error;

        line_number++;
        if (comment) {
            *comment = '\0';
        }
        while (ipxl_isspace(*p)) {
            p++;
        }
        if (*p) {
            char *end = p + strlen(p);

            while (ipxl_isspace(*(end - 1))) {
                end--;
                *end = '\0';
            }
        } else {
            continue;
        }
        entry_error = ipxlat_eamt_add_text(t, p);
        if (entry_error) {
            error = ipxl_xasprintf("%s:%lu: %s", file_name, line_number,
                                   entry_error);
            free(entry_error);
            break;
        }
    }
    if (!error && ferror(stream)) {
        error = ipxl_xasprintf("%s: read error", file_name);
    }
    free(line);
    fclose(stream);

    if (error) {
        eamt_truncate(t, old_n_entries);
    }
    return error;
}

/* Writes one entry as a line of the file format ipxlat_eamt_load()
 * reads. */
static void
save_entry(void *file_, const struct ipxlat_prefix4 *p4,
           const struct ipxlat_prefix6 *p6)
{
    char s4[PREFIX4_STRLEN], s6[PREFIX6_STRLEN];

    ipxl_prefix4_format(p4, s4, sizeof s4);
    ipxl_prefix6_format(p6, s6, sizeof s6);
    fprintf(file_, "%s %s\n", s4, s6);
}

/* Writes every entry of 't' to 'file', one per line in insertion order, in
 * the format ipxlat_eamt_load() reads.  Returns 0 or a positive errno
 * value. */
int
ipxlat_eamt_save(const struct ipxlat_eamt *t, FILE *file)
{
    ipxl_eamt_foreach(t, save_entry, file);
    return ferror(file) ? EIO : 0;
}
