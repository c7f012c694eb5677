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

/* Bounded fragment reassembly in host-provided memory (see ipxlat-reasm.h for
 * the contract and the policy at the bounds).
 *
 * Datagrams in progress are descriptors in a fixed array, found through a
 * hash of their key (version, protocol, addresses, identification, RFC
 * 791 section 3.2 and RFC 8200 section 4.5) and kept in a list by age,
 * oldest first, for expiry.  Payload is copied into a pool of fixed-size
 * blocks, chained per fragment.  A complete datagram is written into one
 * assembly buffer by copying each fragment to its own offset: with no
 * overlap allowed and every byte received, the order of arrival does not
 * matter. */

#include "ipxlat-reasm.h"

#include <string.h>

/* Bytes of payload per pool block. */
#define BLOCK_SIZE 256

/* No index: the end of a list. */
#define NONE UINT32_MAX

/* Buckets of the per-source datagram counts. */
#define SRC_BUCKETS 256

/* Room around the assembled datagram for translation in place: the
 * engine grows a packet by at most 64 bytes at its front (IPXLAT_HEADROOM
 * in ipxlat.h). */
#define ASM_HEADROOM 64
#define ASM_TAILROOM 64

enum dgram_state {
    DGRAM_FREE,                 /* In the free list. */
    DGRAM_ACTIVE,               /* Fragments are being collected. */
    DGRAM_DISCARDED,            /* Dropped; later fragments are too, until
                                 * it expires (RFC 5722). */
};

/* One fragment held. */
struct frag_ref {
    uint32_t offset;            /* In the datagram's payload, bytes. */
    uint32_t len;               /* Payload bytes. */
    uint32_t block;             /* First block of its copy. */
};

/* A datagram in progress. */
struct dgram {
    uint32_t hash_next;         /* Next in its hash chain, or in the free
                                 * list. */
    uint32_t age_prev;          /* Neighbours in the age list. */
    uint32_t age_next;
    uint32_t hash;              /* Hash of the key. */
    uint64_t expires_ms;        /* When it leaves, whole or not. */
    uint8_t state;              /* enum dgram_state. */
    uint8_t discarded_as;       /* enum reasm_result that discarded it. */
    uint8_t version;            /* Key: 4 or 6... */
    uint8_t proto;              /* ...upper-layer protocol... */
    uint32_t id;                /* ...identification... */
    uint8_t src[16];            /* ...and addresses (4 bytes used for
                                 * IPv4). */
    uint8_t dst[16];
    bool have_last;             /* The fragment with M clear came... */
    uint32_t total;             /* ...and set the payload length. */
    uint32_t received;          /* Payload bytes held. */
    uint32_t n_blocks;          /* Pool blocks held. */
    uint16_t n_frags;           /* Entries of 'frags' in use. */
    uint8_t hdr_len;            /* Of 'hdr'; 0 until the first fragment
                                 * came. */
    uint8_t hdr[REASM_MAX_HDR]; /* The first fragment's IP header. */
    struct frag_ref frags[REASM_MAX_FRAGS];
};

struct ipxlat_reasm {
    struct ipxlat_reasm_limits limits;
    uint32_t share;             /* Datagrams one source may hold. */
    uint32_t n_buckets;         /* Hash buckets, a power of 2. */
    uint32_t n_blocks;          /* Pool blocks. */
    uint32_t blocks_free;       /* Pool blocks in the free list. */
    uint32_t free_block;        /* Head of the free block list. */
    uint32_t free_dgram;        /* Head of the free descriptor list. */
    uint32_t n_dgrams;          /* Descriptors in use. */
    uint32_t oldest;            /* Ends of the age list. */
    uint32_t newest;
    struct dgram *dgrams;       /* [limits.max_datagrams]. */
    uint32_t *buckets;          /* [n_buckets] chain heads. */
    uint32_t *block_next;       /* [n_blocks] next block of a chain, or of
                                 * the free list. */
    uint8_t *blocks;            /* [n_blocks][BLOCK_SIZE]. */
    uint8_t *asm_buf;           /* The assembly buffer... */
    size_t asm_size;            /* ...and its size. */
    uint16_t src_count[SRC_BUCKETS]; /* Datagrams held, per source
                                      * bucket. */
};

/* The layout of a context's memory. */
struct reasm_layout {
    size_t dgrams, buckets, block_next, blocks, asm_buf; /* Offsets. */
    size_t asm_size;
    size_t total;
    uint32_t n_buckets;
    uint32_t n_blocks;
};

static size_t
align8(size_t n)
{
    return (n + 7) & ~(size_t) 7;
}

static bool
limits_valid(const struct ipxlat_reasm_limits *l)
{
    return (l->max_datagrams >= 1 && l->max_datagrams <= (1u << 20)
            && l->max_bytes >= BLOCK_SIZE && l->max_bytes <= (1u << 30)
            && l->timeout_ms >= 1
            && l->max_size >= 8 && l->max_size <= UINT16_MAX);
}

static bool
reasm_layout(const struct ipxlat_reasm_limits *l, struct reasm_layout *lay)
{
    size_t ofs;

    if (!limits_valid(l)) {
        return false;
    }
    lay->n_buckets = 1;
    while (lay->n_buckets < l->max_datagrams) {
        lay->n_buckets *= 2;
    }
    lay->n_blocks = l->max_bytes / BLOCK_SIZE;

    ofs = align8(sizeof(struct ipxlat_reasm));
    lay->dgrams = ofs;
    ofs += align8((size_t) l->max_datagrams * sizeof(struct dgram));
    lay->buckets = ofs;
    ofs += align8((size_t) lay->n_buckets * sizeof(uint32_t));
    lay->block_next = ofs;
    ofs += align8((size_t) lay->n_blocks * sizeof(uint32_t));
    lay->blocks = ofs;
    ofs += (size_t) lay->n_blocks * BLOCK_SIZE;
    lay->asm_buf = ofs;
    lay->asm_size = align8(ASM_HEADROOM + REASM_MAX_HDR + l->max_size
                           + ASM_TAILROOM);
    lay->total = ofs + lay->asm_size;
    return true;
}

size_t
ipxl_reasm_mem_size(const struct ipxlat_reasm_limits *limits)
{
    struct reasm_layout lay;

    return reasm_layout(limits, &lay) ? lay.total : 0;
}

struct ipxlat_reasm *
ipxl_reasm_init(void *mem, size_t size,
                const struct ipxlat_reasm_limits *limits)
{
    struct reasm_layout lay;
    struct ipxlat_reasm *r = mem;
    uint8_t *base = mem;

    if (!reasm_layout(limits, &lay) || size < lay.total
        || ((uintptr_t) mem & 7)) {
        return NULL;
    }
    memset(r, 0, sizeof *r);
    r->limits = *limits;
    r->share = limits->max_datagrams / 8 ? limits->max_datagrams / 8 : 1;
    r->n_buckets = lay.n_buckets;
    r->n_blocks = lay.n_blocks;
    r->dgrams = (struct dgram *) (base + lay.dgrams);
    r->buckets = (uint32_t *) (base + lay.buckets);
    r->block_next = (uint32_t *) (base + lay.block_next);
    r->blocks = base + lay.blocks;
    r->asm_buf = base + lay.asm_buf;
    r->asm_size = lay.asm_size;

    for (uint32_t i = 0; i < limits->max_datagrams; i++) {
        r->dgrams[i].state = DGRAM_FREE;
        r->dgrams[i].hash_next = i + 1 < limits->max_datagrams ? i + 1 : NONE;
    }
    r->free_dgram = 0;
    for (uint32_t i = 0; i < r->n_buckets; i++) {
        r->buckets[i] = NONE;
    }
    for (uint32_t i = 0; i < r->n_blocks; i++) {
        r->block_next[i] = i + 1 < r->n_blocks ? i + 1 : NONE;
    }
    r->free_block = 0;
    r->blocks_free = r->n_blocks;
    r->oldest = r->newest = NONE;
    return r;
}

/* Bytes of an address of IP 'version'. */
static size_t
addr_len(uint8_t version)
{
    return version == 4 ? 4 : 16;
}

/* One round of a small multiplicative hash (not cryptographic: the key's
 * bits come from the network, but a collision only costs a longer chain,
 * which the bound on datagrams keeps short). */
static uint32_t
mix(uint32_t h, uint32_t w)
{
    h ^= w;
    h *= 0x9e3779b1;
    return h ^ (h >> 16);
}

/* Final avalanche (MurmurHash3's), so that every input bit reaches every
 * output bit, the low ones that pick buckets included. */
static uint32_t
finish(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >> 16);
}

static uint32_t
hash_bytes(uint32_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t w;

        memcpy(&w, p + i, sizeof w);
        h = mix(h, w);
    }
    return h;
}

static uint32_t
frag_hash(const struct reasm_frag *f)
{
    size_t n = addr_len(f->version);
    uint32_t h = mix(f->id, ((uint32_t) f->version << 8) | f->proto);

    h = hash_bytes(h, f->src, n);
    return finish(hash_bytes(h, f->dst, n));
}

/* The bucket of the per-source counts for 'f'. */
static unsigned int
src_bucket(const struct reasm_frag *f)
{
    return finish(hash_bytes(f->version, f->src, addr_len(f->version)))
           % SRC_BUCKETS;
}

static bool
dgram_matches(const struct dgram *d, uint32_t hash,
              const struct reasm_frag *f)
{
    size_t n = addr_len(f->version);

    return (d->hash == hash && d->version == f->version
            && d->proto == f->proto && d->id == f->id
            && !memcmp(d->src, f->src, n) && !memcmp(d->dst, f->dst, n));
}

/* Returns the index of the descriptor for 'f''s datagram, or NONE. */
static uint32_t
dgram_find(const struct ipxlat_reasm *r, uint32_t hash,
           const struct reasm_frag *f)
{
    for (uint32_t i = r->buckets[hash & (r->n_buckets - 1)]; i != NONE;
         i = r->dgrams[i].hash_next) {
        if (dgram_matches(&r->dgrams[i], hash, f)) {
            return i;
        }
    }
    return NONE;
}

/* Returns the blocks of 'd' to the pool. */
static void
dgram_free_blocks(struct ipxlat_reasm *r, struct dgram *d)
{
    for (unsigned int i = 0; i < d->n_frags; i++) {
        uint32_t b = d->frags[i].block;

        while (b != NONE) {
            uint32_t next = r->block_next[b];

            r->block_next[b] = r->free_block;
            r->free_block = b;
            r->blocks_free++;
            b = next;
        }
    }
    d->n_frags = 0;
    d->n_blocks = 0;
    d->received = 0;
}

/* Takes descriptor 'i' out of its hash chain, the age list and the source
 * counts, and returns it to the free list. */
static void
dgram_release(struct ipxlat_reasm *r, uint32_t i)
{
    struct dgram *d = &r->dgrams[i];
    uint32_t *link = &r->buckets[d->hash & (r->n_buckets - 1)];
    struct reasm_frag key = {
        .version = d->version, .src = d->src,
    };

    dgram_free_blocks(r, d);
    while (*link != i) {
        uint32_t j = *link;

        link = &r->dgrams[j].hash_next;
    }
    *link = d->hash_next;

    if (d->age_prev != NONE) {
        r->dgrams[d->age_prev].age_next = d->age_next;
    } else {
        r->oldest = d->age_next;
    }
    if (d->age_next != NONE) {
        r->dgrams[d->age_next].age_prev = d->age_prev;
    } else {
        r->newest = d->age_prev;
    }

    r->src_count[src_bucket(&key)]--;
    d->state = DGRAM_FREE;
    d->hash_next = r->free_dgram;
    r->free_dgram = i;
    r->n_dgrams--;
}

/* Drops what 'd' holds and remembers why: its later fragments get the
 * same answer until it expires. */
static enum reasm_result
dgram_discard(struct ipxlat_reasm *r, struct dgram *d,
              enum reasm_result why)
{
    dgram_free_blocks(r, d);
    d->state = DGRAM_DISCARDED;
    d->discarded_as = why;
    return why;
}

void
ipxl_reasm_expire(struct ipxlat_reasm *r, uint64_t now_ms,
                  uint64_t *n_timeouts)
{
    while (r->oldest != NONE && r->dgrams[r->oldest].expires_ms <= now_ms) {
        if (r->dgrams[r->oldest].state == DGRAM_ACTIVE && n_timeouts) {
            (*n_timeouts)++;
        }
        dgram_release(r, r->oldest);
    }
}

/* Starts a descriptor for 'f''s datagram.  Returns its index, or NONE if
 * a bound is reached. */
static uint32_t
dgram_create(struct ipxlat_reasm *r, uint64_t now_ms, uint32_t hash,
             const struct reasm_frag *f)
{
    unsigned int sb = src_bucket(f);
    uint32_t *bucket = &r->buckets[hash & (r->n_buckets - 1)];
    struct dgram *d;
    uint32_t i;

    if (r->free_dgram == NONE || r->src_count[sb] >= r->share) {
        return NONE;
    }
    i = r->free_dgram;
    d = &r->dgrams[i];
    r->free_dgram = d->hash_next;

    d->hash = hash;
    d->hash_next = *bucket;
    *bucket = i;
    d->expires_ms = now_ms + r->limits.timeout_ms;
    d->state = DGRAM_ACTIVE;
    d->version = f->version;
    d->proto = f->proto;
    d->id = f->id;
    memset(d->src, 0, sizeof d->src);
    memset(d->dst, 0, sizeof d->dst);
    memcpy(d->src, f->src, addr_len(f->version));
    memcpy(d->dst, f->dst, addr_len(f->version));
    d->have_last = false;
    d->total = 0;
    d->received = 0;
    d->n_blocks = 0;
    d->n_frags = 0;
    d->hdr_len = 0;

    /* Newest at the tail: every datagram has the same lifetime, so the
     * list stays in expiry order. */
    d->age_next = NONE;
    d->age_prev = r->newest;
    if (r->newest != NONE) {
        r->dgrams[r->newest].age_next = i;
    } else {
        r->oldest = i;
    }
    r->newest = i;

    r->src_count[sb]++;
    r->n_dgrams++;
    return i;
}

/* Checks what 'f' alone may be.  Returns REASM_HELD if it may belong to
 * a datagram, else the answer for it. */
static enum reasm_result
frag_check_alone(const struct ipxlat_reasm *r, const struct reasm_frag *f)
{
    /* RFC 791 section 3.2, RFC 8200 section 4.5: every fragment but the
     * last carries a nonzero multiple of 8 bytes. */
    if (f->mf && (f->len == 0 || f->len % 8)) {
        return REASM_INVALID;
    }
    if (f->offset == 0 && (f->hdr_len == 0 || f->hdr_len > REASM_MAX_HDR)) {
        return REASM_INVALID;
    }
    if (f->offset + f->len > r->limits.max_size) {
        return REASM_TOO_BIG;
    }
    return REASM_HELD;
}

/* Checks 'f' against the fragments that 'd' holds.  Returns REASM_HELD if
 * it may be added, else the answer for it. */
static enum reasm_result
frag_check_against(const struct dgram *d, const struct reasm_frag *f)
{
    uint32_t end = f->offset + f->len;

    if (d->have_last && (end > d->total || (!f->mf && end != d->total))) {
        /* Past the end the last fragment gave, or a second end. */
        return REASM_INVALID;
    }
    for (unsigned int i = 0; i < d->n_frags; i++) {
        const struct frag_ref *h = &d->frags[i];

        if (h->offset == f->offset && h->len == f->len) {
            return REASM_DUPLICATE;
        }
        if (f->offset < h->offset + h->len && h->offset < end) {
            return REASM_OVERLAP;
        }
        if (!f->mf && h->offset + h->len > end) {
            /* An end before bytes already held. */
            return REASM_INVALID;
        }
    }
    if (d->n_frags >= REASM_MAX_FRAGS) {
        return REASM_TOO_BIG;
    }
    return REASM_HELD;
}

/* Copies the 'len' bytes at 'p' into blocks of the pool and returns the
 * first one, or NONE for an empty copy.  The caller checked that enough
 * blocks are free. */
static uint32_t
copy_in(struct ipxlat_reasm *r, const uint8_t *p, size_t len)
{
    uint32_t first = NONE, *link = &first;

    while (len) {
        uint32_t b = r->free_block;
        size_t n = len < BLOCK_SIZE ? len : BLOCK_SIZE;

        r->free_block = r->block_next[b];
        r->blocks_free--;
        memcpy(r->blocks + (size_t) b * BLOCK_SIZE, p, n);
        r->block_next[b] = NONE;
        *link = b;
        link = &r->block_next[b];
        p += n;
        len -= n;
    }
    return first;
}

/* Copies the 'len' bytes of the block chain from 'b' to 'out'. */
static void
copy_out(const struct ipxlat_reasm *r, uint32_t b, uint8_t *out, size_t len)
{
    while (len) {
        size_t n = len < BLOCK_SIZE ? len : BLOCK_SIZE;

        memcpy(out, r->blocks + (size_t) b * BLOCK_SIZE, n);
        b = r->block_next[b];
        out += n;
        len -= n;
    }
}

/* Writes the whole datagram 'd' into the assembly buffer. */
static void
dgram_assemble(const struct ipxlat_reasm *r, const struct dgram *d,
               struct reasm_datagram *out)
{
    uint8_t *hdr = r->asm_buf + ASM_HEADROOM;
    uint8_t *payload = hdr + d->hdr_len;

    memcpy(hdr, d->hdr, d->hdr_len);
    for (unsigned int i = 0; i < d->n_frags; i++) {
        const struct frag_ref *h = &d->frags[i];

        copy_out(r, h->block, payload + h->offset, h->len);
    }
    out->data = hdr;
    out->hdr_len = d->hdr_len;
    out->len = d->hdr_len + d->total;
    out->headroom = ASM_HEADROOM;
    out->tailroom = r->asm_size - ASM_HEADROOM - out->len;
}

enum reasm_result
ipxl_reasm_add(struct ipxlat_reasm *r, uint64_t now_ms,
               const struct reasm_frag *f, struct reasm_datagram *out,
               uint64_t *n_timeouts)
{
    uint32_t hash = frag_hash(f);
    uint32_t blocks = (f->len + BLOCK_SIZE - 1) / BLOCK_SIZE;
    enum reasm_result res;
    struct dgram *d;
    uint32_t i;

    ipxl_reasm_expire(r, now_ms, n_timeouts);

    i = dgram_find(r, hash, f);
    if (i != NONE && r->dgrams[i].state == DGRAM_DISCARDED) {
        return r->dgrams[i].discarded_as;
    }
    if (i == NONE && f->join_only) {
        return REASM_NOT_FOUND;
    }
    res = frag_check_alone(r, f);
    if (res != REASM_HELD) {
        /* A malformed piece is dropped alone (RFC 8200 section 4.5); a
         * datagram that grows past the bounds can never complete. */
        return (i != NONE && res == REASM_TOO_BIG
                ? dgram_discard(r, &r->dgrams[i], res) : res);
    }
    if (i == NONE) {
        /* Nothing is created for a fragment that cannot be held. */
        if (r->blocks_free < blocks) {
            return REASM_FULL;
        }
        i = dgram_create(r, now_ms, hash, f);
        if (i == NONE) {
            return REASM_FULL;
        }
    }
    d = &r->dgrams[i];

    res = frag_check_against(d, f);
    if (res == REASM_DUPLICATE) {
        return res;
    } else if (res != REASM_HELD) {
        return dgram_discard(r, d, res);
    }
    if (r->blocks_free < blocks) {
        /* The datagram stays: the fragment may be sent again. */
        return REASM_FULL;
    }

    d->frags[d->n_frags++] = (struct frag_ref) {
        .offset = f->offset,
        .len = f->len,
        .block = copy_in(r, f->payload, f->len),
    };
    d->received += f->len;
    d->n_blocks += blocks;
    if (!f->mf) {
        d->have_last = true;
        d->total = f->offset + f->len;
    }
    if (f->offset == 0) {
        memcpy(d->hdr, f->hdr, f->hdr_len);
        d->hdr_len = f->hdr_len;
    }

    /* Whole when the end is known and, with no overlaps, the bytes held
     * add up to it. */
    if (!d->have_last || !d->hdr_len || d->received != d->total) {
        return REASM_HELD;
    }
    dgram_assemble(r, d, out);
    dgram_release(r, i);
    return REASM_DONE;
}

const struct ipxlat_reasm_limits *
ipxl_reasm_limits(const struct ipxlat_reasm *r)
{
    return &r->limits;
}

struct reasm_usage
ipxl_reasm_usage(const struct ipxlat_reasm *r)
{
    uint32_t blocks = r->n_blocks - r->blocks_free;

    return (struct reasm_usage) {
        .datagrams = r->n_dgrams,
        .bytes = blocks * BLOCK_SIZE,
    };
}
