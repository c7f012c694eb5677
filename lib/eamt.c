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
 * The table is built to stay small, about 34 bytes per entry (34 MB for a
 * million, close to the size of a server's last-level cache), and so that
 * a lookup in either direction reads one or two cache lines that can be
 * prefetched.
 *
 *   - For each prefix length present in each family, one bucketised cuckoo
 *     hash keyed by the prefix of that family ("v4 hashes", "v6 hashes").
 *     A bucket is one 64-byte cache line of 4 slots; a key lives in one of
 *     the two buckets that its hash chooses.  A slot holds the whole entry
 *     in 16 bytes: the IPv4 prefix, the length of the other family's
 *     prefix, the low 64 bits of the IPv6 prefix, and the number of its
 *     high 64 bits in a dictionary (below).  So each entry is in two
 *     slots, one in each family's hash, and a lookup reads one bucket per
 *     length tried (two if the key sits in its second bucket).
 *
 *   - A dictionary of the distinct high halves of the IPv6 prefixes.
 *     SIIT-DC tables map into a few IPv6 prefixes, so it stays tiny and
 *     hot; a table whose every entry has its own /64 still works, with
 *     one more memory access per lookup.
 *
 *   - Per hash, a 256-bit filter of the first 16 bits (IPv4) or 64 bits
 *     (IPv6) of its keys, which ends the lookup of an address far from
 *     every entry before any bucket is read.
 *
 * A bitmap of the IPv4 lengths present and one of the IPv6 lengths
 * present let a lookup try only those, longest first: that is the
 * longest-prefix match of RFC 7757 section 3.2 (IPv4 to IPv6) and section
 * 3.3 (IPv6 to IPv4), done for each direction independently, so
 * overlapping entries behave as the RFC says.
 *
 * Suffix lengths: RFC 7757 section 3.2 lets the IPv6 suffix be longer
 * than the IPv4 one (its example maps 192.0.2.128/26 to
 * 2001:db8:dddd::/64).  4->6 puts the IPv4 suffix bits right after the
 * IPv6 prefix and leaves the rest zero; 6->4 takes the bits right after
 * the IPv6 prefix.  An IPv4 suffix longer than the IPv6 one could not be
 * copied and is refused.
 *
 * Changes and concurrent readers
 * ==============================
 *
 * A change costs what it changes: adding or removing an entry touches a
 * few buckets, in place, while lookups go on in other threads without a
 * lock.  Each bucket is covered by one of EAMT_N_STRIPES sequence counters
 * (a seqlock): the writer makes its counter odd while it rewrites a slot,
 * and a reader that saw a counter change while it read the bucket reads
 * it again.  A cuckoo move writes the key into its new slot before it
 * leaves the old one.  A reader that finds its key in the first bucket is
 * done; one that does not reads the second bucket in the same read
 * section as the first, so it never misses an entry that is only moving.
 * An entry enters the v4 hash before the v6 hash and leaves it after.
 *
 * When a hash must grow, a bigger copy is built aside and published with
 * one atomic pointer store; the old one is freed through the host's
 * postpone function (ipxlat_eamt_set_postpone()), after every reader that
 * might still use it is done.  Growth is by half, so adding entries costs
 * amortised constant time. */

#include "ipxlat-eamt.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ipxlat-prefix.h"
#include "ipxlat-util.h"
#include "ipxlat-xlat.h"

/* Number of possible IPv4 and IPv6 prefix lengths (0...32, 0...128). */
#define EAMT_N_LENS4 33
#define EAMT_N_LENS6 129

/* Slots per bucket, of two 64-bit words each: one cache line. */
#define EAMT_WAYS 4

/* Most distinct IPv6 high halves (dictionary numbers are 24 bits, 0 means
 * a free slot), and so most entries. */
#define EAMT_MAX_ENTRIES ((1u << 24) - 1)

/* A hash grows when it would be fuller than EAMT_MAX_LOAD percent, to
 * 3/2 of that; a reservation sizes it EAMT_RESERVE_LOAD percent full; it
 * shrinks to half full when less than a quarter full. */
#define EAMT_MAX_LOAD 97
#define EAMT_RESERVE_LOAD 95

/* Most buckets a cuckoo insertion explores before it grows the hash. */
#define EAMT_BFS_MAX 512

/* Bits of a hash's prefix filter (a power of 2, at most 256). */
#define EAMT_FILTER_BITS 256

/* Sequence counters (a power of 2). */
#define EAMT_N_STRIPES 64

/* Hashes of this many bytes or more get huge pages. */
#define EAMT_HUGE_PAGE (2u * 1024 * 1024)

#define ROUND_UP(X, Y) (((X) + (Y) - 1) / (Y) * (Y))

/* One bucket of EAMT_WAYS slots.  Slot j is words 2j and 2j + 1:
 *
 *   word 0: the IPv4 prefix (as in memory, network order) in the high 32
 *           bits, 'meta' in the low 32 bits: the dictionary number of the
 *           IPv6 prefix's high half << 8 | the length of the other side's
 *           prefix (IPv6 in a v4 hash, IPv4 in a v6 hash); 0 if the slot
 *           is free;
 *   word 1: the IPv6 prefix's low half (host order). */
struct eamt_bucket {
    uint64_t w[2 * EAMT_WAYS];
} __attribute__((aligned(64)));

/* Which family a hash is keyed by. */
enum eamt_kind {
    EAMT_V4,                    /* By IPv4 prefix. */
    EAMT_V6,                    /* By IPv6 prefix. */
};

/* A cuckoo hash of one prefix length of one family: published as a whole,
 * replaced as a whole when it grows or shrinks. */
struct eamt_hash {
    uint32_t n_buckets;         /* At least 1. */
    uint32_t n;                 /* Slots in use. */
    enum eamt_kind kind;        /* Family of the keys. */
    unsigned int len;           /* Length of the keys. */
    struct eamt_bucket *b;      /* 'n_buckets' buckets. */

    /* Bit F is set if some key has the filter value F (see
     * eamt_filter_value()), so that a lookup of an address far from every
     * entry stops here.  'filter_refs' counts the keys of each value (the
     * writer's). */
    uint64_t filter[EAMT_FILTER_BITS / 64];
    uint32_t filter_refs[EAMT_FILTER_BITS];
};

/* The dictionary of IPv6 high halves.  Numbers start at 1; number N is in
 * chunk K = floor(log2(N)), at index N - 2^K, so chunks never move and
 * readers need no protection beyond the seqlock of the slot that gave
 * them the number.  The map from half to number is the writer's only. */
#define EAMT_DICT_CHUNKS 24
struct eamt_dict_entry {
    uint64_t hi;                /* High half. */
    uint32_t id;                /* Its number, 0 if this map slot is free. */
    uint32_t refs;              /* Entries that use it. */
};
struct eamt_dict {
    uint64_t *chunks[EAMT_DICT_CHUNKS]; /* High halves by number. */
    struct eamt_dict_entry *map;        /* Linear probing, half full. */
    uint32_t map_mask;                  /* Map slots - 1. */
    uint32_t n;                         /* Numbers in use. */
    uint32_t next_id;                   /* Last number ever used. */
    uint32_t *free_ids;                 /* Numbers to use again. */
    uint32_t n_free, free_cap;
};

struct ipxlat_eamt {
    /* Read by lookups. */
    uint64_t lens4;                     /* Bit L: an IPv4 length L. */
    uint64_t lens6[3];                  /* Bit L: an IPv6 length L. */
    struct eamt_hash *v4[EAMT_N_LENS4]; /* By IPv4 length. */
    struct eamt_hash *v6[EAMT_N_LENS6]; /* By IPv6 length. */
    uint32_t seq[EAMT_N_STRIPES];       /* Sequence counters. */
    struct eamt_dict dict;

    /* The writer's. */
    size_t n_entries;                   /* Entries. */
    void (*postpone)(void (*)(void *), void *); /* Deferred free, or
                                                 * NULL. */
};

/* Atomic access to what readers and the writer share.  Relaxed accesses
 * compile to plain loads and stores; the seqlock orders them. */
#define EAMT_GET(P) __atomic_load_n(P, __ATOMIC_RELAXED)
#define EAMT_SET(P, V) __atomic_store_n(P, V, __ATOMIC_RELAXED)
#define EAMT_GET_PTR(P) __atomic_load_n(P, __ATOMIC_ACQUIRE)
#define EAMT_SET_PTR(P, V) __atomic_store_n(P, V, __ATOMIC_RELEASE)

/* 128-bit values. */

/* An IPv6 address or prefix as two host-order halves: 'hi' is bits 0 to
 * 63 (bit 0 the most significant), 'lo' bits 64 to 127. */
struct eamt_u128 {
    uint64_t hi, lo;
};

static inline struct eamt_u128
eamt_u128_from_addr(const struct in6_addr *a)
{
    struct eamt_u128 x;

    memcpy(&x.hi, &a->s6_addr[0], 8);
    memcpy(&x.lo, &a->s6_addr[8], 8);
    x.hi = __builtin_bswap64(x.hi);
    x.lo = __builtin_bswap64(x.lo);
    return x;
}

static inline void
eamt_u128_to_addr(struct eamt_u128 x, struct in6_addr *a)
{
    x.hi = __builtin_bswap64(x.hi);
    x.lo = __builtin_bswap64(x.lo);
    memcpy(&a->s6_addr[0], &x.hi, 8);
    memcpy(&a->s6_addr[8], &x.lo, 8);
}

/* Returns 'x' with every bit from 'len' on cleared. */
static inline struct eamt_u128
eamt_u128_prefix(struct eamt_u128 x, unsigned int len)
{
    x.hi &= len >= 64 ? UINT64_MAX : len ? UINT64_MAX << (64 - len) : 0;
    x.lo &= len > 64 ? UINT64_MAX << (128 - len) : 0;
    return x;
}

/* Returns the mask of the low 'n' bits, 'n' <= 32. */
static inline uint64_t
eamt_low_bits(unsigned int n)
{
    return (UINT64_C(1) << n) - 1;
}

/* Returns the 'n' bits ('n' <= 32) of 'x' from bit 'pos' on, with
 * 'pos' + 'n' <= 128. */
static inline uint32_t
eamt_u128_get_bits(struct eamt_u128 x, unsigned int pos, unsigned int n)
{
    unsigned int end = pos + n;

    if (end <= 64) {
        return (x.hi >> (64 - end)) & eamt_low_bits(n);
    } else if (pos >= 64) {
        return (x.lo >> (128 - end)) & eamt_low_bits(n);
    } else {
        return ((x.hi << (end - 64)) | (x.lo >> (128 - end)))
               & eamt_low_bits(n);
    }
}

/* Returns 'x' with the 'n' bits ('n' <= 32) of 'v' ORed in from bit 'pos'
 * on, with 'pos' + 'n' <= 128. */
static inline struct eamt_u128
eamt_u128_put_bits(struct eamt_u128 x, unsigned int pos, unsigned int n,
                   uint32_t v)
{
    unsigned int end = pos + n;

    if (!n) {
        return x;
    } else if (end <= 64) {
        x.hi |= (uint64_t) v << (64 - end);
    } else if (pos >= 64) {
        x.lo |= (uint64_t) v << (128 - end);
    } else {
        x.hi |= (uint64_t) v >> (end - 64);
        x.lo |= (uint64_t) v << (128 - end);
    }
    return x;
}

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

static inline uint64_t
eamt_hash4(ovs_be32 v4)
{
    return eamt_mix(v4 ^ UINT64_C(0x9e3779b97f4a7c15));
}

/* One finalizer for both halves: the multiplication by an odd constant
 * is a bijection, so two prefixes with the same low half never share the
 * finalizer's input. */
static inline uint64_t
eamt_hash6(struct eamt_u128 p)
{
    return eamt_mix(p.hi * UINT64_C(0x9e3779b97f4a7c15) ^ p.lo);
}

/* The prefix filter value of a key: for an IPv4 prefix, of its first 16
 * bits; for an IPv6 prefix, of its first 64 (its high half, 'hi').  A
 * SIIT-DC table maps a few blocks onto a few IPv6 prefixes, so most
 * addresses outside the table (every IPv4 client on the Internet, every
 * IPv6 address embedded in the RFC 6052 prefix) have a value that no key
 * has, and their lookups end without touching a bucket.  A table spread
 * over every value costs one more load that stays in the cache. */
static inline unsigned int
eamt_filter_value(enum eamt_kind kind, ovs_be32 v4, uint64_t hi)
{
    uint64_t x = kind == EAMT_V4 ? ntohl(v4) >> 16 : hi;

    return (x * UINT64_C(0x9e3779b97f4a7c15)) >> 56;
}

/* Returns false if no key of 'h' has filter value 'f'. */
static inline bool
eamt_filter_has(const struct eamt_hash *h, unsigned int f)
{
    return (EAMT_GET(&h->filter[f / 64]) >> (f % 64)) & 1;
}

/* Stores the two buckets of 'hash' in 'h' into 'b'. */
static inline void
eamt_buckets(const struct eamt_hash *h, uint64_t hash, uint32_t b[2])
{
    b[0] = ((hash & UINT32_MAX) * h->n_buckets) >> 32;
    b[1] = ((hash >> 32) * h->n_buckets) >> 32;
}

/* The seqlock. */

static inline uint32_t *
eamt_stripe(const struct ipxlat_eamt *t, const struct eamt_hash *h,
            uint32_t bucket)
{
    return (uint32_t *) &t->seq[(bucket + h->len * 2 + h->kind)
                                & (EAMT_N_STRIPES - 1)];
}

/* Starts reading under counter 'seq': returns its value, once even. */
static inline uint32_t
eamt_read_begin(const uint32_t *seq)
{
    uint32_t s;

    while ((s = __atomic_load_n(seq, __ATOMIC_ACQUIRE)) & 1) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    return s;
}

/* Returns true if what was read since eamt_read_begin() returned 's' for
 * 'seq' may be inconsistent, so that it must be read again. */
static inline bool
eamt_read_retry(const uint32_t *seq, uint32_t s)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return EAMT_GET(seq) != s;
}

static inline void
eamt_write_begin(uint32_t *seq)
{
    EAMT_SET(seq, EAMT_GET(seq) + 1);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void
eamt_write_end(uint32_t *seq)
{
    __atomic_store_n(seq, EAMT_GET(seq) + 1, __ATOMIC_RELEASE);
}

/* Slots. */

static inline uint64_t
eamt_word0(ovs_be32 v4, uint32_t meta)
{
    return (uint64_t) v4 << 32 | meta;
}

static inline ovs_be32
eamt_word0_v4(uint64_t w)
{
    return w >> 32;
}

static inline uint32_t
eamt_word0_meta(uint64_t w)
{
    return w & UINT32_MAX;
}

static inline uint32_t
eamt_meta(uint32_t id, unsigned int other_len)
{
    return id << 8 | other_len;
}

static inline uint32_t
eamt_meta_id(uint32_t meta)
{
    return meta >> 8;
}

static inline unsigned int
eamt_meta_len(uint32_t meta)
{
    return meta & 0xff;
}

/* The dictionary. */

/* Returns where the high half numbered 'id' is kept. */
static inline uint64_t *
eamt_dict_at(const struct eamt_dict *d, uint32_t id)
{
    unsigned int k = 31 - __builtin_clz(id);

    return &EAMT_GET_PTR(&d->chunks[k])[id - (1u << k)];
}

/* Returns the high half numbered 'id' (a reader may call this). */
static inline uint64_t
eamt_dict_get(const struct eamt_dict *d, uint32_t id)
{
    return __atomic_load_n(eamt_dict_at(d, id), __ATOMIC_ACQUIRE);
}

static inline uint32_t
eamt_dict_home(const struct eamt_dict *d, uint64_t hi)
{
    return eamt_mix(hi) & d->map_mask;
}

/* Returns the map slot of 'hi', or NULL. */
static struct eamt_dict_entry *
eamt_dict_find(const struct eamt_dict *d, uint64_t hi)
{
    if (d->map) {
        for (uint32_t i = eamt_dict_home(d, hi); d->map[i].id;
             i = (i + 1) & d->map_mask) {
            if (d->map[i].hi == hi) {
                return &d->map[i];
            }
        }
    }
    return NULL;
}

static void
eamt_dict_place(struct eamt_dict *d, const struct eamt_dict_entry *e)
{
    uint32_t i = eamt_dict_home(d, e->hi);

    while (d->map[i].id) {
        i = (i + 1) & d->map_mask;
    }
    d->map[i] = *e;
}

/* Returns the number of 'hi', adding it if needed, and counts one more
 * user. */
static uint32_t
eamt_dict_ref(struct eamt_dict *d, uint64_t hi)
{
    struct eamt_dict_entry *e = eamt_dict_find(d, hi);
    uint32_t id;

    if (e) {
        e->refs++;
        return e->id;
    }

    if (!d->map || (d->n + 1) * 2 > d->map_mask + 1) {
        struct eamt_dict_entry *old = d->map;
        uint32_t old_size = old ? d->map_mask + 1 : 0;
        uint32_t size = old_size ? old_size * 2 : 16;

        d->map = ipxl_xzalloc(size * sizeof *d->map);
        d->map_mask = size - 1;
        for (uint32_t i = 0; i < old_size; i++) {
            if (old[i].id) {
                eamt_dict_place(d, &old[i]);
            }
        }
        free(old);
    }

    if (d->n_free) {
        id = d->free_ids[--d->n_free];
    } else {
        unsigned int k;

        id = ++d->next_id;
        k = 31 - __builtin_clz(id);
        if (id == 1u << k) {
            EAMT_SET_PTR(&d->chunks[k],
                         ipxl_xzalloc(sizeof(uint64_t) << k));
        }
    }
    __atomic_store_n(eamt_dict_at(d, id), hi, __ATOMIC_RELEASE);
    eamt_dict_place(d, &(struct eamt_dict_entry) {
                        .hi = hi, .id = id, .refs = 1 });
    d->n++;
    return id;
}

/* Counts one user less of 'hi', forgetting it when it has none. */
static void
eamt_dict_unref(struct eamt_dict *d, uint64_t hi)
{
    struct eamt_dict_entry *e = eamt_dict_find(d, hi);
    uint32_t hole;

    if (!e || --e->refs) {
        return;
    }
    if (d->n_free == d->free_cap) {
        d->free_cap = d->free_cap ? d->free_cap * 2 : 16;
        d->free_ids = ipxl_xrealloc(d->free_ids,
                                    d->free_cap * sizeof *d->free_ids);
    }
    d->free_ids[d->n_free++] = e->id;
    d->n--;

    /* Shift later members of the cluster back into the hole. */
    hole = e - d->map;
    for (uint32_t i = (hole + 1) & d->map_mask; d->map[i].id;
         i = (i + 1) & d->map_mask) {
        uint32_t home = eamt_dict_home(d, d->map[i].hi);

        if (hole <= i ? home <= hole || home > i
                      : home <= hole && home > i) {
            d->map[hole] = d->map[i];
            hole = i;
        }
    }
    d->map[hole].id = 0;
}

static void
eamt_dict_destroy(struct eamt_dict *d)
{
    for (int k = 0; k < EAMT_DICT_CHUNKS; k++) {
        free(d->chunks[k]);
    }
    free(d->map);
    free(d->free_ids);
}

/* Memory of hashes. */

/* Allocates 'n' empty buckets.  Big hashes are aligned to and backed by
 * huge pages where the system offers them: lookups land at random places
 * in them, and with 4 kB pages each one would also miss in the TLB. */
static struct eamt_bucket *
eamt_buckets_alloc(uint32_t n)
{
    size_t bytes = (size_t) n * sizeof(struct eamt_bucket);
    size_t align = sizeof(struct eamt_bucket);
    void *p;

    if (bytes >= EAMT_HUGE_PAGE) {
        align = EAMT_HUGE_PAGE;
        bytes = ROUND_UP(bytes, EAMT_HUGE_PAGE);
    }
    if (posix_memalign(&p, align, bytes)) {
        ipxl_out_of_memory();
    }
#ifdef MADV_HUGEPAGE
    if (align == EAMT_HUGE_PAGE) {
        madvise(p, bytes, MADV_HUGEPAGE);
    }
#endif
    memset(p, 0, bytes);
    return p;
}

static struct eamt_hash *
eamt_hash_alloc(enum eamt_kind kind, unsigned int len, uint32_t n_buckets)
{
    struct eamt_hash *h = ipxl_xzalloc(sizeof *h);

    h->n_buckets = n_buckets;
    h->kind = kind;
    h->len = len;
    h->b = eamt_buckets_alloc(n_buckets);
    return h;
}

static void
eamt_hash_free(void *h_)
{
    struct eamt_hash *h = h_;

    if (h) {
        free(h->b);
        free(h);
    }
}

/* Returns the number of buckets that hold 'n' slots at 'load' percent. */
static uint32_t
eamt_buckets_for(uint64_t n, unsigned int load)
{
    uint64_t per_bucket = EAMT_WAYS * (uint64_t) load;
    uint64_t b = (n * 100 + per_bucket - 1) / per_bucket;

    return b ? b : 1;
}

/* Returns where 't' publishes its hash of 'kind' and 'len'. */
static inline struct eamt_hash **
eamt_hash_ptr(const struct ipxlat_eamt *t, enum eamt_kind kind,
              unsigned int len)
{
    return (struct eamt_hash **) (kind == EAMT_V4 ? &t->v4[len]
                                                  : &t->v6[len]);
}

/* Lookups (per packet: no allocation, no lock). */

/* Returns the slot of bucket 'bw' of a v4 hash that holds IPv4 prefix
 * 'v4', or NULL.  A slot matches when its first word is the key in the
 * high half and anything but 0 (a free slot) in the low half. */
static inline const uint64_t *
eamt_scan4(const uint64_t *bw, ovs_be32 v4)
{
    uint64_t key = (uint64_t) v4 << 32;

    for (int j = 0; j < EAMT_WAYS; j++) {
        if ((EAMT_GET(&bw[2 * j]) ^ key) - 1 < UINT32_MAX) {
            return &bw[2 * j];
        }
    }
    return NULL;
}

/* Returns the slot of bucket 'bw' of a v6 hash of 't' that holds IPv6
 * prefix 'v6', or NULL.  The low half decides (a free slot's number is
 * 0); only a slot whose low half matches has its high half fetched. */
static inline const uint64_t *
eamt_scan6_key(const struct ipxlat_eamt *t, const uint64_t *bw,
               struct eamt_u128 v6)
{
    for (int j = 0; j < EAMT_WAYS; j++) {
        const uint64_t *s = &bw[2 * j];

        if (EAMT_GET(&s[1]) == v6.lo) {
            uint32_t id = eamt_meta_id(eamt_word0_meta(EAMT_GET(&s[0])));

            if (id && eamt_dict_get(&t->dict, id) == v6.hi) {
                return s;
            }
        }
    }
    return NULL;
}

/* Returns the slot of bucket 'bw' of a hash of kind 'kind' in 't' that
 * holds key 'v4' or 'v6' (whichever 'kind' says), or NULL. */
static inline __attribute__((always_inline)) const uint64_t *
eamt_scan(const struct ipxlat_eamt *t, enum eamt_kind kind,
          const uint64_t *bw, ovs_be32 v4, struct eamt_u128 v6)
{
    return kind == EAMT_V4 ? eamt_scan4(bw, v4) : eamt_scan6_key(t, bw, v6);
}

/* Looks up key 'v4' (if 'kind' is EAMT_V4) or 'v6' (if EAMT_V6) in 'h', a
 * hash of 't' of that kind.  On success stores a consistent copy of the
 * slot's words in 'w' and the IPv6 high half in '*hi', and returns true.
 *
 * Per packet, 'kind' is a constant, so that each lookup gets its own copy
 * without the other kind's branches.  A key found in its first bucket
 * needs only that bucket's counter: the second is read (and both checked
 * again) only when the first bucket does not hold it, which is what
 * catches a key that a cuckoo move carries from one bucket to the other
 * while the reader looks. */
static inline __attribute__((always_inline)) bool
eamt_find__(const struct ipxlat_eamt *t, const struct eamt_hash *h,
            enum eamt_kind kind, ovs_be32 v4, struct eamt_u128 v6,
            uint64_t w[2], uint64_t *hi)
{
    uint32_t b[2];

    eamt_buckets(h, kind == EAMT_V4 ? eamt_hash4(v4) : eamt_hash6(v6), b);
    const uint32_t *seq0 = eamt_stripe(t, h, b[0]);

    for (;;) {
        uint32_t s0 = eamt_read_begin(seq0), s1 = 0;
        const uint64_t *slot = eamt_scan(t, kind, h->b[b[0]].w, v4, v6);
        const uint32_t *seq1 = NULL;   /* Read only for the second bucket. */

        if (!slot) {
            seq1 = eamt_stripe(t, h, b[1]);
            s1 = eamt_read_begin(seq1);
            slot = eamt_scan(t, kind, h->b[b[1]].w, v4, v6);
        }
        if (slot) {
            uint32_t id;

            w[0] = EAMT_GET(&slot[0]);
            w[1] = EAMT_GET(&slot[1]);
            id = eamt_meta_id(eamt_word0_meta(w[0]));
            if (!id) {
                /* Freed meanwhile: the counters below have moved. */
                slot = NULL;
            } else {
                *hi = kind == EAMT_V4 ? eamt_dict_get(&t->dict, id) : v6.hi;
            }
        }
        if (__builtin_expect(!eamt_read_retry(seq0, s0)
                             && (!seq1 || !eamt_read_retry(seq1, s1)),
                             1)) {
            return slot != NULL;
        }
    }
}

/* eamt_find__() for the writer, whose hashes may be of either kind. */
static bool
eamt_find(const struct ipxlat_eamt *t, const struct eamt_hash *h,
          ovs_be32 v4, struct eamt_u128 v6, uint64_t w[2], uint64_t *hi)
{
    return (h->kind == EAMT_V4
            ? eamt_find__(t, h, EAMT_V4, v4, v6, w, hi)
            : eamt_find__(t, h, EAMT_V6, v4, v6, w, hi));
}

/* RFC 7757 section 3.2: finds the entry whose IPv4 prefix is the longest
 * that contains 'v4' and stores in 'v6' its IPv6 prefix with the suffix
 * bits of 'v4' copied right after it (the rest of the IPv6 suffix, if it
 * is longer, stays zero).  Returns false if no entry matches. */
bool
ipxl_eamt_lookup4(const struct ipxlat_eamt *t, ovs_be32 v4,
                  struct in6_addr *v6)
{
    uint64_t lens = EAMT_GET(&t->lens4);

    while (lens) {
        unsigned int len = 63 - __builtin_clzll(lens);
        const struct eamt_hash *h = EAMT_GET_PTR(&t->v4[len]);
        ovs_be32 key = v4 & prefix4_mask(len);
        struct eamt_u128 p6 = { 0, 0 };
        uint64_t w[2] = { 0, 0 };

        if (h && eamt_filter_has(h, eamt_filter_value(EAMT_V4, key, 0))
            && eamt_find__(t, h, EAMT_V4, key, p6, w, &p6.hi)) {
            unsigned int len6 = eamt_meta_len(eamt_word0_meta(w[0]));
            unsigned int suffix = 32 - len;

            p6.lo = w[1];
            p6 = eamt_u128_put_bits(p6, len6, suffix,
                                    ntohl(v4) & eamt_low_bits(suffix));
            eamt_u128_to_addr(p6, v6);
            return true;
        }
        lens &= ~(UINT64_C(1) << len);
    }
    return false;
}

/* RFC 7757 section 3.3: finds the entry whose IPv6 prefix is the longest
 * that contains 'v6' and stores in '*v4' its IPv4 prefix followed by the
 * bits of 'v6' right after the IPv6 prefix.  Returns false if no entry
 * matches. */
bool
ipxl_eamt_lookup6(const struct ipxlat_eamt *t, const struct in6_addr *v6,
                  ovs_be32 *v4)
{
    struct eamt_u128 a = eamt_u128_from_addr(v6);

    for (int i = 2; i >= 0; i--) {
        uint64_t lens = EAMT_GET(&t->lens6[i]);

        while (lens) {
            unsigned int bit = 63 - __builtin_clzll(lens);
            unsigned int len = i * 64 + bit;
            const struct eamt_hash *h = EAMT_GET_PTR(&t->v6[len]);
            struct eamt_u128 key = eamt_u128_prefix(a, len);
            uint64_t w[2] = { 0, 0 }, hi;

            if (h && eamt_filter_has(h, eamt_filter_value(EAMT_V6, 0, key.hi))
                && eamt_find__(t, h, EAMT_V6, 0, key, w, &hi)) {
                unsigned int len4 = eamt_meta_len(eamt_word0_meta(w[0]));
                unsigned int suffix = 32 - len4;

                *v4 = eamt_word0_v4(w[0])
                      | htonl(eamt_u128_get_bits(a, len, suffix));
                return true;
            }
            lens &= ~(UINT64_C(1) << bit);
        }
    }
    return false;
}

/* Prefetching. */

/* Most prefix lengths whose buckets a prefetch loads (the longest ones
 * present, which a lookup tries first). */
#define EAMT_PREFETCH_LENS 3

/* Starts loading both buckets of 'hash' in 'h'.  Always inlined: GCC
 * takes a function that only prefetches for one without side effects and
 * drops the calls to it, which left the batch prefetch of GCC 12 builds
 * doing nothing but the filter test. */
static inline __attribute__((always_inline)) void
eamt_prefetch_buckets(const struct eamt_hash *h, uint64_t hash)
{
    uint32_t b[2];

    eamt_buckets(h, hash, b);
    __builtin_prefetch(&h->b[b[0]]);
    __builtin_prefetch(&h->b[b[1]]);
}

/* Starts loading the buckets that ipxl_eamt_lookup4() reads for 'v4' at
 * each of the longest lengths present.  In a big table every lookup
 * misses the caches; a caller with several lookups to do prefetches them
 * all first, so that their memory accesses overlap. */
void
ipxl_eamt_prefetch4(const struct ipxlat_eamt *t, ovs_be32 v4)
{
    uint64_t lens = EAMT_GET(&t->lens4);

    for (int i = 0; lens && i < EAMT_PREFETCH_LENS; i++) {
        unsigned int len = 63 - __builtin_clzll(lens);
        const struct eamt_hash *h = EAMT_GET_PTR(&t->v4[len]);

        ovs_be32 key = v4 & prefix4_mask(len);

        if (h && eamt_filter_has(h, eamt_filter_value(EAMT_V4, key, 0))) {
            eamt_prefetch_buckets(h, eamt_hash4(key));
        }
        lens &= ~(UINT64_C(1) << len);
    }
}

/* Starts loading the buckets that ipxl_eamt_lookup6() reads for 'v6' (see
 * ipxl_eamt_prefetch4()). */
void
ipxl_eamt_prefetch6(const struct ipxlat_eamt *t, const struct in6_addr *v6)
{
    struct eamt_u128 a = eamt_u128_from_addr(v6);
    int n = 0;

    for (int i = 2; i >= 0; i--) {
        uint64_t lens = EAMT_GET(&t->lens6[i]);

        for (; lens && n < EAMT_PREFETCH_LENS; n++) {
            unsigned int bit = 63 - __builtin_clzll(lens);
            unsigned int len = i * 64 + bit;
            const struct eamt_hash *h = EAMT_GET_PTR(&t->v6[len]);
            struct eamt_u128 key = eamt_u128_prefix(a, len);

            if (h && eamt_filter_has(h, eamt_filter_value(EAMT_V6, 0,
                                                          key.hi))) {
                eamt_prefetch_buckets(h, eamt_hash6(key));
            }
            lens &= ~(UINT64_C(1) << bit);
        }
    }
}

/* Changes: cuckoo hashing. */

/* Returns the hash of the key of the slot whose words are 'w' in 'h', a
 * hash of 't'. */
static uint64_t
eamt_slot_hash(const struct ipxlat_eamt *t, const struct eamt_hash *h,
               const uint64_t w[2])
{
    if (h->kind == EAMT_V4) {
        return eamt_hash4(eamt_word0_v4(w[0]));
    } else {
        uint32_t id = eamt_meta_id(eamt_word0_meta(w[0]));

        return eamt_hash6((struct eamt_u128) {
                              .hi = eamt_dict_get(&t->dict, id),
                              .lo = w[1] });
    }
}

/* Returns the prefix filter value of the slot whose words are 'w' in 'h',
 * a hash of 't'. */
static unsigned int
eamt_slot_filter_value(const struct ipxlat_eamt *t, const struct eamt_hash *h,
                       const uint64_t w[2])
{
    uint32_t id = eamt_meta_id(eamt_word0_meta(w[0]));

    return (h->kind == EAMT_V4
            ? eamt_filter_value(EAMT_V4, eamt_word0_v4(w[0]), 0)
            : eamt_filter_value(EAMT_V6, 0, eamt_dict_get(&t->dict, id)));
}

/* Counts a key of filter value 'f' in 'h' ('delta' 1) or one less ('delta'
 * -1), setting or clearing its bit as it becomes used or unused.  A bit is
 * set before its key is written and cleared after it is removed. */
static void
eamt_filter_count(struct eamt_hash *h, unsigned int f, int delta)
{
    uint64_t bit = UINT64_C(1) << (f % 64);

    if (delta > 0 && !h->filter_refs[f]++) {
        __atomic_fetch_or(&h->filter[f / 64], bit, __ATOMIC_RELEASE);
    } else if (delta < 0 && !--h->filter_refs[f]) {
        __atomic_fetch_and(&h->filter[f / 64], ~bit, __ATOMIC_RELAXED);
    }
}

/* Returns the first free slot of bucket 'bucket' of 'h', or -1. */
static int
eamt_free_slot(const struct eamt_hash *h, uint32_t bucket)
{
    for (int j = 0; j < EAMT_WAYS; j++) {
        if (!eamt_word0_meta(h->b[bucket].w[2 * j])) {
            return j;
        }
    }
    return -1;
}

/* Writes 'w' (or zeros, if NULL) into slot 'j' of bucket 'bucket' of 'h',
 * under its sequence counter if 'h' is published in 't' ('t' is NULL for
 * a hash that no reader sees yet). */
static void
eamt_slot_write(struct ipxlat_eamt *t, struct eamt_hash *h, uint32_t bucket,
                unsigned int j, const uint64_t *w)
{
    uint64_t *slot = &h->b[bucket].w[2 * j];
    uint32_t *seq = t ? eamt_stripe(t, h, bucket) : NULL;

    if (seq) {
        eamt_write_begin(seq);
    }
    EAMT_SET(&slot[0], w ? w[0] : 0);
    EAMT_SET(&slot[1], w ? w[1] : 0);
    if (seq) {
        eamt_write_end(seq);
    }
}

/* A bucket on the way of a cuckoo insertion. */
struct eamt_bfs_node {
    uint32_t bucket;            /* The bucket. */
    int16_t parent;             /* Node whose slot moves here, or -1. */
    uint8_t slot;               /* That slot in the parent's bucket. */
};

/* Returns true if 'bucket' is among the 'n' nodes of 'q'. */
static bool
eamt_bfs_seen(const struct eamt_bfs_node *q, int n, uint32_t bucket)
{
    for (int i = 0; i < n; i++) {
        if (q[i].bucket == bucket) {
            return true;
        }
    }
    return false;
}

/* Moves the slots along the way that ends at node 'k' of 'q', whose
 * bucket has slot 'free' free, one step each from the end, and writes 'w'
 * into the slot that this frees in the first bucket.  Each slot is written
 * at its new place before it is overwritten at its old one, so a reader
 * that checks both buckets of a key always finds it. */
static void
eamt_bfs_apply(struct ipxlat_eamt *t, struct eamt_hash *h,
               const struct eamt_bfs_node *q, int k, unsigned int free,
               const uint64_t *w)
{
    while (q[k].parent >= 0) {
        const struct eamt_bfs_node *p = &q[q[k].parent];
        uint64_t moved[2];

        memcpy(moved, &h->b[p->bucket].w[2 * q[k].slot], sizeof moved);
        eamt_slot_write(t, h, q[k].bucket, free, moved);
        free = q[k].slot;
        k = q[k].parent;
    }
    eamt_slot_write(t, h, q[k].bucket, free, w);
}

/* Inserts the slot 'w', whose key hashes to 'hash', into 'h', a hash of
 * 'owner' ('shared' if readers may see it), moving other slots to their
 * other bucket as needed (breadth-first, so that the way is the
 * shortest).  Returns false if there is no room. */
static bool
eamt_hash_insert(struct ipxlat_eamt *owner, bool shared, struct eamt_hash *h,
                 const uint64_t *w, uint64_t hash)
{
    struct ipxlat_eamt *t = shared ? owner : NULL;
    struct eamt_bfs_node q[EAMT_BFS_MAX];
    uint32_t b[2];
    int n = 0;

    eamt_filter_count(h, eamt_slot_filter_value(owner, h, w), 1);
    eamt_buckets(h, hash, b);
    for (int i = 0; i < 2; i++) {
        int j = eamt_free_slot(h, b[i]);

        if (j >= 0) {
            eamt_slot_write(t, h, b[i], j, w);
            h->n++;
            return true;
        }
        if (!i || b[1] != b[0]) {
            q[n++] = (struct eamt_bfs_node) { b[i], -1, 0 };
        }
    }

    for (int head = 0; head < n; head++) {
        for (unsigned int j = 0; j < EAMT_WAYS; j++) {
            const uint64_t *slot = &h->b[q[head].bucket].w[2 * j];
            uint32_t alt[2];
            int free;

            eamt_buckets(h, eamt_slot_hash(owner, h, slot), alt);
            if (alt[0] == q[head].bucket) {
                alt[0] = alt[1];
            }
            if (eamt_bfs_seen(q, n, alt[0])) {
                continue;
            }
            if (n == EAMT_BFS_MAX) {
                goto full;
            }
            q[n] = (struct eamt_bfs_node) { alt[0], head, j };
            free = eamt_free_slot(h, alt[0]);
            if (free >= 0) {
                eamt_bfs_apply(t, h, q, n, free, w);
                h->n++;
                return true;
            }
            n++;
        }
    }

full:
    eamt_filter_count(h, eamt_slot_filter_value(owner, h, w), -1);
    return false;
}

/* Returns a new hash like 'old' with its slots in at least 'n_buckets'
 * buckets, or NULL if they cannot all be placed even in a somewhat bigger
 * one (keys crafted to collide). */
static struct eamt_hash *
eamt_hash_rebuild(struct ipxlat_eamt *t, const struct eamt_hash *old,
                  uint32_t n_buckets)
{
    for (int attempt = 0; attempt < 4; attempt++) {
        struct eamt_hash *h = eamt_hash_alloc(old->kind, old->len,
                                              n_buckets);
        bool ok = true;

        for (uint32_t i = 0; ok && i < old->n_buckets; i++) {
            for (unsigned int j = 0; ok && j < EAMT_WAYS; j++) {
                const uint64_t *w = &old->b[i].w[2 * j];

                if (eamt_word0_meta(w[0])) {
                    ok = eamt_hash_insert(t, false, h, w,
                                          eamt_slot_hash(t, old, w));
                }
            }
        }
        if (ok) {
            return h;
        }
        eamt_hash_free(h);
        n_buckets += n_buckets / 4 + 1;
    }
    return NULL;
}

/* Publishes 'h' (or nothing, if NULL) in '*hp' instead of the hash there,
 * which is freed once no reader can be using it any more. */
static void
eamt_hash_publish(struct ipxlat_eamt *t, struct eamt_hash **hp,
                  struct eamt_hash *h)
{
    struct eamt_hash *old = *hp;

    EAMT_SET_PTR(hp, h);
    if (!old) {
        /* Nothing to free. */
    } else if (t->postpone) {
        t->postpone(eamt_hash_free, old);
    } else {
        eamt_hash_free(old);
    }
}

/* Makes the hash of 'kind' and 'len' in 't' big enough for 'n' slots at
 * 'load' percent, creating it if needed.  Returns false if it cannot be
 * rebuilt. */
static bool
eamt_hash_reserve(struct ipxlat_eamt *t, enum eamt_kind kind,
                  unsigned int len, uint64_t n, unsigned int load)
{
    struct eamt_hash **hp = eamt_hash_ptr(t, kind, len);
    uint32_t need = eamt_buckets_for(n, load);

    if (!*hp) {
        eamt_hash_publish(t, hp, eamt_hash_alloc(kind, len, need));
    } else if ((*hp)->n_buckets < need) {
        struct eamt_hash *h = eamt_hash_rebuild(t, *hp, need);

        if (!h) {
            return false;
        }
        eamt_hash_publish(t, hp, h);
    }
    return true;
}

/* Inserts the slot 'w' into the hash of 'kind' and 'len' in 't', growing
 * it by half when it would be more than EAMT_MAX_LOAD percent full or has
 * no room for the key.  Returns false on failure. */
static bool
eamt_insert(struct ipxlat_eamt *t, enum eamt_kind kind, unsigned int len,
            const uint64_t w[2])
{
    struct eamt_hash **hp = eamt_hash_ptr(t, kind, len);
    struct eamt_hash *h = *hp;
    uint64_t hash;

    if (!h || (uint64_t) (h->n + 1) * 100
              > (uint64_t) h->n_buckets * EAMT_WAYS * EAMT_MAX_LOAD) {
        uint64_t n = h ? h->n + 1 + h->n / 2 : 1;

        if (!eamt_hash_reserve(t, kind, len, n, EAMT_MAX_LOAD)) {
            return false;
        }
        h = *hp;
    }
    hash = eamt_slot_hash(t, h, w);
    for (int attempt = 0; attempt < 3; attempt++) {
        if (eamt_hash_insert(t, true, h, w, hash)) {
            return true;
        }
        h = eamt_hash_rebuild(t, h, h->n_buckets + h->n_buckets / 2 + 1);
        if (!h) {
            return false;
        }
        eamt_hash_publish(t, hp, h);
    }
    return false;
}

/* Removes the slot of key 'v4' or 'v6' from the hash of 'kind' and 'len' in
 * 't'.  Drops the hash when it becomes empty and shrinks it to half full
 * when it is less than a quarter full, so that a table that lost most of
 * its entries gives the memory back. */
static void
eamt_remove(struct ipxlat_eamt *t, enum eamt_kind kind, unsigned int len,
            ovs_be32 v4, struct eamt_u128 v6)
{
    struct eamt_hash **hp = eamt_hash_ptr(t, kind, len);
    struct eamt_hash *h = *hp;
    uint64_t hash = kind == EAMT_V4 ? eamt_hash4(v4) : eamt_hash6(v6);
    uint32_t b[2];

    eamt_buckets(h, hash, b);
    for (int i = 0; i < 2; i++) {
        for (unsigned int j = 0; j < EAMT_WAYS; j++) {
            const uint64_t *w = &h->b[b[i]].w[2 * j];
            uint32_t meta = eamt_word0_meta(w[0]);

            if (meta
                && (kind == EAMT_V4
                    ? eamt_word0_v4(w[0]) == v4
                    : (w[1] == v6.lo
                       && eamt_dict_get(&t->dict,
                                        eamt_meta_id(meta)) == v6.hi))) {
                unsigned int f = eamt_slot_filter_value(t, h, w);

                eamt_slot_write(t, h, b[i], j, NULL);
                eamt_filter_count(h, f, -1);
                h->n--;
                goto removed;
            }
        }
    }
    return;

removed:
    if (!h->n) {
        if (kind == EAMT_V4) {
            EAMT_SET(&t->lens4, t->lens4 & ~(UINT64_C(1) << len));
        } else {
            EAMT_SET(&t->lens6[len / 64],
                     t->lens6[len / 64] & ~(UINT64_C(1) << (len % 64)));
        }
        eamt_hash_publish(t, hp, NULL);
    } else if (h->n_buckets > 1
               && (uint64_t) h->n * 4 < (uint64_t) h->n_buckets * EAMT_WAYS) {
        struct eamt_hash *new = eamt_hash_rebuild(t, h,
                                                  eamt_buckets_for(h->n, 50));

        if (new) {
            eamt_hash_publish(t, hp, new);
        }
    }
}

/* Life cycle. */

struct ipxlat_eamt *
ipxlat_eamt_create(void)
{
    return ipxl_xzalloc(sizeof(struct ipxlat_eamt));
}

/* Frees 't' and everything in it at once: the caller makes sure that no
 * reader uses it any more. */
void
ipxlat_eamt_destroy(struct ipxlat_eamt *t)
{
    if (t) {
        for (int i = 0; i < EAMT_N_LENS4; i++) {
            eamt_hash_free(t->v4[i]);
        }
        for (int i = 0; i < EAMT_N_LENS6; i++) {
            eamt_hash_free(t->v6[i]);
        }
        eamt_dict_destroy(&t->dict);
        free(t);
    }
}

/* Makes 't' free memory that concurrent readers may still be reading (a
 * hash replaced by a bigger or smaller one) through 'postpone', which must
 * call its first argument with its second once every reader that may have
 * seen the memory is done, as Open vSwitch's ovsrcu_postpone__() does.
 * Without it (the default), such memory is freed at once, which is right
 * for a host with a single thread. */
void
ipxlat_eamt_set_postpone(struct ipxlat_eamt *t,
                         void (*postpone)(void (*)(void *), void *))
{
    t->postpone = postpone;
}

size_t
ipxlat_eamt_count(const struct ipxlat_eamt *t)
{
    return t->n_entries;
}

/* Returns the bytes of memory that 't' uses. */
size_t
ipxlat_eamt_memory(const struct ipxlat_eamt *t)
{
    size_t bytes = sizeof *t;

    for (int i = 0; i < EAMT_N_LENS4 + EAMT_N_LENS6; i++) {
        const struct eamt_hash *h = (i < EAMT_N_LENS4 ? t->v4[i]
                                     : t->v6[i - EAMT_N_LENS4]);

        if (h) {
            bytes += sizeof *h + (size_t) h->n_buckets * sizeof *h->b;
        }
    }
    for (int k = 0; k < EAMT_DICT_CHUNKS; k++) {
        if (t->dict.chunks[k]) {
            bytes += sizeof(uint64_t) << k;
        }
    }
    if (t->dict.map) {
        bytes += ((size_t) t->dict.map_mask + 1) * sizeof *t->dict.map;
    }
    return bytes + t->dict.free_cap * sizeof *t->dict.free_ids;
}

/* Iteration. */

static int
eamt_pair_compare(const void *a_, const void *b_)
{
    const struct ipxl_eamt_pair *a = a_, *b = b_;
    uint32_t a4 = ntohl(a->p4.addr), b4 = ntohl(b->p4.addr);

    return (a4 != b4 ? (a4 < b4 ? -1 : 1)
            : a->p4.len != b->p4.len ? (a->p4.len < b->p4.len ? -1 : 1)
            : 0);
}

/* Returns every entry of 't', sorted by IPv4 prefix, then length, in a
 * malloc'd array of ipxlat_eamt_count(t) elements. */
static struct ipxl_eamt_pair *
eamt_pairs(const struct ipxlat_eamt *t)
{
    struct ipxl_eamt_pair *pairs = ipxl_xmalloc(
        (t->n_entries ? t->n_entries : 1) * sizeof *pairs);
    size_t n = 0;

    for (unsigned int len = 0; len < EAMT_N_LENS4; len++) {
        const struct eamt_hash *h = t->v4[len];

        for (uint32_t i = 0; h && i < h->n_buckets; i++) {
            for (unsigned int j = 0; j < EAMT_WAYS; j++) {
                const uint64_t *w = &h->b[i].w[2 * j];
                uint32_t meta = eamt_word0_meta(w[0]);
                struct ipxl_eamt_pair *p;

                if (!meta) {
                    continue;
                }
                p = &pairs[n++];
                p->p4.addr = eamt_word0_v4(w[0]);
                p->p4.len = len;
                p->p6.len = eamt_meta_len(meta);
                eamt_u128_to_addr((struct eamt_u128) {
                                      .hi = eamt_dict_get(&t->dict,
                                                          eamt_meta_id(meta)),
                                      .lo = w[1] },
                                  &p->p6.addr);
            }
        }
    }
    qsort(pairs, n, sizeof *pairs, eamt_pair_compare);
    return pairs;
}

/* Calls 'cb' once for every entry of 't', in order of IPv4 prefix and then
 * length: the order of a table does not change its meaning, so a table
 * (and a config's eam() list) always comes out the same way. */
void
ipxl_eamt_foreach(const struct ipxlat_eamt *t,
                  void (*cb)(void *aux, const struct ipxlat_prefix4 *,
                             const struct ipxlat_prefix6 *),
                  void *aux)
{
    struct ipxl_eamt_pair *pairs = eamt_pairs(t);

    for (size_t i = 0; i < t->n_entries; i++) {
        cb(aux, &pairs[i].p4, &pairs[i].p6);
    }
    free(pairs);
}

/* Returns a deep copy of 't' (without its postpone function), or NULL if
 * the copy's hashes could not hold the entries (keys crafted to collide,
 * which 't' holds only because they came in another order). */
struct ipxlat_eamt *
ipxlat_eamt_clone(const struct ipxlat_eamt *t)
{
    struct ipxl_eamt_pair *pairs = eamt_pairs(t);
    struct ipxlat_eamt *c = ipxlat_eamt_create();
    char *error = ipxl_eamt_add_all(c, pairs, t->n_entries, NULL);

    free(pairs);
    if (error) {
        free(error);
        ipxlat_eamt_destroy(c);
        return NULL;
    }
    return c;
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
    const struct eamt_hash *h4 = t->v4[p4->len];
    const struct eamt_hash *h6 = t->v6[p6->len];
    struct eamt_u128 v6 = eamt_u128_from_addr(&p6->addr);
    uint64_t w[2], hi;

    /* RFC 7757 section 3.2: the IPv4 suffix bits are copied into the IPv6
     * suffix, which must have room for them. */
    if (suffix4 > suffix6) {
        return ipxl_xasprintf("the IPv4 suffix (%u bits, /%u) is longer "
                              "than the IPv6 suffix (%u bits, /%u)",
                              suffix4, p4->len, suffix6, p6->len);
    }
    if (h4 && eamt_find(t, h4, p4->addr, v6, w, &hi)) {
        struct ipxlat_prefix6 other = {
            .len = eamt_meta_len(eamt_word0_meta(w[0])),
        };
        char p4s[PREFIX4_STRLEN], p6s[PREFIX6_STRLEN];

        eamt_u128_to_addr((struct eamt_u128) { .hi = hi, .lo = w[1] },
                          &other.addr);
        ipxl_prefix4_format(p4, p4s, sizeof p4s);
        ipxl_prefix6_format(&other, p6s, sizeof p6s);
        return ipxl_xasprintf("%s is already mapped to %s", p4s, p6s);
    }
    if (h6 && eamt_find(t, h6, 0, v6, w, &hi)) {
        struct ipxlat_prefix4 other = {
            .addr = eamt_word0_v4(w[0]),
            .len = eamt_meta_len(eamt_word0_meta(w[0])),
        };
        char p4s[PREFIX4_STRLEN], p6s[PREFIX6_STRLEN];

        ipxl_prefix4_format(&other, p4s, sizeof p4s);
        ipxl_prefix6_format(p6, p6s, sizeof p6s);
        return ipxl_xasprintf("%s is already mapped to %s", p6s, p4s);
    }
    if (t->n_entries >= EAMT_MAX_ENTRIES) {
        return ipxl_xasprintf("table full (%u entries)", EAMT_MAX_ENTRIES);
    }
    return NULL;
}

/* Returns "eam(V4,V6): WHY" for 'why' (which it frees), with V4 and V6 as
 * the caller wrote them or, if either is NULL, 'p4' and 'p6'
 * formatted. */
static char *
eamt_entry_error(const struct ipxlat_prefix4 *p4,
                 const struct ipxlat_prefix6 *p6, const char *v4_text,
                 const char *v6_text, char *why)
{
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

/* Adds 'p4' <-> 'p6' (both with no bits set past their lengths).  'v4_text'
 * and 'v6_text' are how the caller wrote them, for error messages; if they
 * are NULL the prefixes are printed. */
char *
ipxl_eamt_add_prefixes(struct ipxlat_eamt *t, const struct ipxlat_prefix4 *p4,
                       const struct ipxlat_prefix6 *p6, const char *v4_text,
                       const char *v6_text)
{
    struct eamt_u128 v6 = eamt_u128_from_addr(&p6->addr);
    char *why = eamt_check(t, p4, p6);
    uint64_t w4[2], w6[2];
    uint32_t id;

    if (why) {
        return eamt_entry_error(p4, p6, v4_text, v6_text, why);
    }

    id = eamt_dict_ref(&t->dict, v6.hi);
    w4[0] = eamt_word0(p4->addr, eamt_meta(id, p6->len));
    w4[1] = v6.lo;
    w6[0] = eamt_word0(p4->addr, eamt_meta(id, p4->len));
    w6[1] = v6.lo;
    if (!eamt_insert(t, EAMT_V4, p4->len, w4)) {
        eamt_dict_unref(&t->dict, v6.hi);
        goto collide;
    }
    if (!eamt_insert(t, EAMT_V6, p6->len, w6)) {
        eamt_remove(t, EAMT_V4, p4->len, p4->addr, v6);
        eamt_dict_unref(&t->dict, v6.hi);
        goto collide;
    }
    EAMT_SET(&t->lens4, t->lens4 | UINT64_C(1) << p4->len);
    EAMT_SET(&t->lens6[p6->len / 64],
             t->lens6[p6->len / 64] | UINT64_C(1) << (p6->len % 64));
    t->n_entries++;
    return NULL;

collide:
    return eamt_entry_error(p4, p6, v4_text, v6_text,
                            ipxl_xasprintf("too many entries collide in "
                                           "the table's hash"));
}

/* Adds the 'n' entries in 'pairs' to 't', all or none: returns NULL, or a
 * malloc'd message about the first that could not be added (and, if
 * 'failed' is nonnull, stores its index there), having removed the ones
 * added before it.  The hashes are sized for all of them first, so that a
 * big load never grows them step by step. */
char *
ipxl_eamt_add_all(struct ipxlat_eamt *t, const struct ipxl_eamt_pair *pairs,
                  size_t n, size_t *failed)
{
    uint64_t n4[EAMT_N_LENS4] = { 0 }, n6[EAMT_N_LENS6] = { 0 };
    char *error = NULL;
    size_t i;

    for (i = 0; i < n; i++) {
        if (pairs[i].p4.len < EAMT_N_LENS4 && pairs[i].p6.len < EAMT_N_LENS6) {
            n4[pairs[i].p4.len]++;
            n6[pairs[i].p6.len]++;
        }
    }
    for (unsigned int len = 0; len < EAMT_N_LENS6; len++) {
        if (len < EAMT_N_LENS4 && n4[len] > 1) {
            eamt_hash_reserve(t, EAMT_V4, len,
                              n4[len] + (t->v4[len] ? t->v4[len]->n : 0),
                              EAMT_RESERVE_LOAD);
        }
        if (n6[len] > 1) {
            eamt_hash_reserve(t, EAMT_V6, len,
                              n6[len] + (t->v6[len] ? t->v6[len]->n : 0),
                              EAMT_RESERVE_LOAD);
        }
    }

    for (i = 0; i < n && !error; i++) {
        error = ipxl_eamt_add_prefixes(t, &pairs[i].p4, &pairs[i].p6,
                                       NULL, NULL);
    }
    if (error) {
        if (failed) {
            *failed = i - 1;
        }
        for (size_t k = 0; k + 1 < i; k++) {
            ipxl_eamt_remove_prefixes(t, &pairs[k].p4, &pairs[k].p6);
        }
    }

    /* Hashes reserved for entries that did not stay. */
    for (unsigned int len = 0; len < EAMT_N_LENS6; len++) {
        for (int kind = EAMT_V4; kind <= EAMT_V6; kind++) {
            struct eamt_hash **hp;

            if (kind == EAMT_V4 && len >= EAMT_N_LENS4) {
                continue;
            }
            hp = eamt_hash_ptr(t, kind, len);
            if (*hp && !(*hp)->n) {
                eamt_hash_publish(t, hp, NULL);
            }
        }
    }
    return error;
}

/* Removing. */

/* Removes the entry 'p4' <-> 'p6', if the table holds exactly that
 * mapping.  Returns true if it removed an entry. */
bool
ipxl_eamt_remove_prefixes(struct ipxlat_eamt *t,
                          const struct ipxlat_prefix4 *p4,
                          const struct ipxlat_prefix6 *p6)
{
    struct eamt_u128 v6 = eamt_u128_from_addr(&p6->addr);
    const struct eamt_hash *h4;
    uint64_t w[2], hi;

    if (p4->len >= EAMT_N_LENS4 || p6->len >= EAMT_N_LENS6) {
        return false;
    }
    h4 = t->v4[p4->len];
    if (!h4 || !eamt_find(t, h4, p4->addr, v6, w, &hi)
        || eamt_meta_len(eamt_word0_meta(w[0])) != p6->len
        || hi != v6.hi || w[1] != v6.lo) {
        return false;
    }
    eamt_remove(t, EAMT_V6, p6->len, 0, v6);
    eamt_remove(t, EAMT_V4, p4->len, p4->addr, v6);
    eamt_dict_unref(&t->dict, v6.hi);
    t->n_entries--;
    return true;
}

/* Removes the 'n' entries in 'pairs' from 't', all or none: each must be
 * in the table exactly.  Returns NULL, or a malloc'd message about the
 * first that is not (and, if 'failed' is nonnull, stores its index
 * there), having put back the ones removed before it. */
char *
ipxl_eamt_remove_all(struct ipxlat_eamt *t,
                     const struct ipxl_eamt_pair *pairs, size_t n,
                     size_t *failed)
{
    for (size_t i = 0; i < n; i++) {
        if (!ipxl_eamt_remove_prefixes(t, &pairs[i].p4, &pairs[i].p6)) {
            /* Put back what went: they all fitted a moment ago, so only
             * keys crafted to collide could fail to. */
            char *undo = ipxl_eamt_add_all(t, pairs, i, NULL);

            if (failed) {
                *failed = i;
            }
            if (undo) {
                char *msg = ipxl_xasprintf("could not put back the entries "
                                           "removed before a missing one: "
                                           "%s", undo);

                free(undo);
                return msg;
            }
            return eamt_entry_error(&pairs[i].p4, &pairs[i].p6, NULL, NULL,
                                    ipxl_xasprintf("no such entry"));
        }
    }
    return NULL;
}
