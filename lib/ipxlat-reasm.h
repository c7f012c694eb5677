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

#ifndef IPXLAT_REASM_H
#define IPXLAT_REASM_H 1

/* Bounded fragment reassembly (internal interface).
 *
 * A stateless translator cannot translate one fragment at a time the
 * datagrams whose checksum covers the whole payload: ICMP and ICMPv6 (RFC
 * 7915 sections 4.2 and 5.2: the ICMPv6 checksum has a pseudo-header that
 * ICMPv4 lacks) and IPv4 UDP with checksum zero (section 4.5: the checksum
 * must be computed).  Their fragments are held here until the datagram is
 * whole; the caller then translates it as one packet.
 *
 * Memory
 * ======
 *
 * A context lives in one block of memory that the host provides, sized by
 * ipxlat_reasm_mem_size() from the bounds: descriptors for the datagrams
 * in progress, a pool of fixed-size blocks for their payload, and one
 * buffer into which a complete datagram is assembled.  Nothing is
 * allocated afterwards and nothing can grow past the bounds.
 *
 * What happens at the bounds (the policy)
 * =======================================
 *
 * When a bound is reached, new fragments are dropped (REASM_FULL); state
 * in progress is never evicted to make room.  Evicting the oldest would
 * let anyone who sends fragments that never complete flush every
 * legitimate datagram before it completes; dropping new ones bounds the
 * damage in time instead, since every datagram leaves after 'timeout_ms'
 * whatever happens.  So that one source cannot take the whole table
 * either, a source address may hold at most an eighth of the datagram
 * slots (at least one); the count is kept per hash bucket of the source,
 * so a source that shares a bucket with a flooder may be refused too, an
 * error on the safe side.
 *
 * Fragments that overlap (RFC 5722 for IPv6, and for IPv4 as Linux does
 * since 2018) discard the whole datagram, and the fragments of it that
 * arrive later are discarded as well until it times out.  An exact
 * duplicate of a fragment already held is dropped alone (RFC 8200 section
 * 4.5 allows this).
 *
 * Thread-safety
 * =============
 *
 * None: a context is used by one thread at a time (the host serializes,
 * as Open vSwitch's ipf.c does with a mutex). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipxlat_reasm;

/* Bounds of a reassembly context. */
struct ipxlat_reasm_limits {
    uint32_t max_datagrams;     /* Datagrams in progress at once. */
    uint32_t max_bytes;         /* Payload bytes held at once. */
    uint32_t timeout_ms;        /* Lifetime of a datagram in progress. */
    uint32_t max_size;          /* Largest reassembled payload (the bytes
                                 * after the IP header), at most 65535. */
};

/* The most bytes of IP header kept from a first fragment (an IPv4 header
 * with options; IPv6 keeps its 40-byte fixed header). */
#define REASM_MAX_HDR 60

/* The most fragments one datagram may arrive in: a 65535-byte datagram
 * over the smallest IPv4 MTU that carries a whole TCP header in its first
 * fragment (RFC 791: 68 bytes) would need more, but 128 fragments carry a
 * full 65535-byte datagram over any link of 576 bytes or more. */
#define REASM_MAX_FRAGS 128

/* Bytes of memory a context with 'limits' needs, or 0 if the limits are
 * out of range. */
size_t ipxl_reasm_mem_size(const struct ipxlat_reasm_limits *limits);

/* Makes a context with 'limits' in the 'size' bytes at 'mem' (8-byte
 * aligned, at least ipxl_reasm_mem_size() bytes).  Returns it, or NULL if
 * the limits are out of range or 'size' is too small. */
struct ipxlat_reasm *ipxl_reasm_init(
    void *mem, size_t size, const struct ipxlat_reasm_limits *limits);

/* One fragment, as the caller's validation found it. */
struct reasm_frag {
    uint8_t version;            /* 4 or 6. */
    uint8_t proto;              /* Upper-layer protocol. */
    uint32_t id;                /* Identification (IPv4: 16 bits). */
    const void *src;            /* Source address, 4 or 16 bytes. */
    const void *dst;            /* Destination address, 4 or 16 bytes. */
    uint32_t offset;            /* Of 'payload' in the datagram, in
                                 * bytes. */
    bool mf;                    /* More Fragments. */
    const uint8_t *payload;     /* The fragmentable part. */
    size_t len;                 /* Its length in bytes. */
    const uint8_t *hdr;         /* In a first fragment (offset 0), the IP
                                 * header the whole datagram is rebuilt
                                 * with; else unused. */
    size_t hdr_len;             /* Its length, at most REASM_MAX_HDR. */
    bool join_only;             /* Held only if its datagram is in
                                 * progress already, else
                                 * REASM_NOT_FOUND. */
};

/* What became of a fragment. */
enum reasm_result {
    REASM_HELD,                 /* Kept; the datagram is not whole yet. */
    REASM_DONE,                 /* The datagram is whole: see '*out'. */
    REASM_DUPLICATE,            /* Same place as one held: dropped. */
    REASM_OVERLAP,              /* Overlaps one held: the datagram is
                                 * discarded. */
    REASM_FULL,                 /* A bound is reached: dropped. */
    REASM_TOO_BIG,              /* The datagram would exceed 'max_size' or
                                 * REASM_MAX_FRAGS: discarded. */
    REASM_INVALID,              /* Lengths that cannot belong to one
                                 * datagram (past its end, a second end,
                                 * an empty or unaligned piece). */
    REASM_NOT_FOUND,            /* 'join_only' and no datagram of its key
                                 * in progress: not held. */
};

/* A complete datagram: the first fragment's header followed by the whole
 * payload, in the context's assembly buffer, with room on both sides. */
struct reasm_datagram {
    uint8_t *data;              /* First byte of the header. */
    size_t hdr_len;             /* Bytes of header. */
    size_t len;                 /* Header plus payload. */
    size_t headroom;            /* Writable bytes before 'data'. */
    size_t tailroom;            /* Writable bytes after 'data + len'. */
};

/* Adds 'frag', received at 'now_ms', to 'r'.  Datagrams whose time is up
 * are dropped first, each counted in '*n_timeouts' (if nonnull) unless it
 * had been discarded already.  On REASM_DONE, '*out' describes the whole
 * datagram, which stays valid until the next call on 'r'. */
enum reasm_result ipxl_reasm_add(struct ipxlat_reasm *r, uint64_t now_ms,
                                 const struct reasm_frag *frag,
                                 struct reasm_datagram *out,
                                 uint64_t *n_timeouts);

/* Drops the datagrams of 'r' whose time is up at 'now_ms', counting them
 * as ipxl_reasm_add() does. */
void ipxl_reasm_expire(struct ipxlat_reasm *r, uint64_t now_ms,
                       uint64_t *n_timeouts);

/* What 'r' holds now. */
struct reasm_usage {
    uint32_t datagrams;         /* Datagrams in progress or discarded. */
    uint32_t bytes;             /* Payload bytes held (in whole blocks). */
};
struct reasm_usage ipxl_reasm_usage(const struct ipxlat_reasm *r);

/* The bounds 'r' was made with. */
const struct ipxlat_reasm_limits *ipxl_reasm_limits(
    const struct ipxlat_reasm *r);

#endif /* ipxlat-reasm.h */
