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

#ifndef IPXLAT_H
#define IPXLAT_H 1

/* libipxlat: a stateless IPv4/IPv6 translator (SIIT, RFC 7915).
 *
 * The engine is a pure function over a buffer that holds one bare IP
 * packet (no link layer).  It knows nothing of its host: Open vSwitch, the
 * offline pcap translator and the unit tests all drive it the same way.
 * The host tells it the family it parsed from the link layer (the
 * EtherType, the flow's dl_type, the capture's link type): a packet whose
 * IP version disagrees is dropped, so that an IPv6 packet sent in an IPv4
 * frame by the IPv4 side can never reach the IPv6 side, nor the other way
 * round.
 *
 * Usage
 * =====
 *
 *     struct ipxlat_config *cfg;
 *     char *error = ipxlat_config_parse("prefix=64:ff9b::/96", &cfg);
 *     if (error) { report(error); free(error); }
 *
 *     struct ipxlat_pkt pkt = { .data = l3, .len = len,
 *                               .headroom = room_before,
 *                               .tailroom = room_after };
 *     struct ipxlat_ctx ctx = { .now_ms = monotonic_ms(),
 *                               .stats = &my_thread_stats };
 *     enum ipxlat_family family = (ethertype == 0x86dd
 *                                  ? IPXLAT_FAMILY_IPV6 : IPXLAT_FAMILY_IPV4);
 *     enum ipxlat_reason r = ipxlat_translate(cfg, &ctx, family, &pkt);
 *     switch (ipxlat_reason_verdict(r)) {
 *     case IPXLAT_FORWARD:   send pkt.data/pkt.len onward; break;
 *     case IPXLAT_BOUNCE:    send pkt.data/pkt.len back to the sender; break;
 *     case IPXLAT_FRAGMENTS: ipxlat_frag_init(&it, cfg, &pkt);
 *                            while ((n = ipxlat_frag_next(&it, buf, cap)))
 *                                send buf/n onward;
 *                            break;
 *     case IPXLAT_HELD:      the engine kept a copy (a fragment); free
 *                            the buffer, send nothing; break;
 *     case IPXLAT_DROP:      drop; break;
 *     }
 *
 * 'data' must be 2-byte aligned: wire headers are read as 16-bit words.
 *
 * The packet is rewritten in place: the engine may move 'data' backwards
 * into the headroom (at most IPXLAT_HEADROOM bytes) or forwards, and change
 * 'len'.  It never reads or writes outside [data - headroom, data + len +
 * tailroom).  A packet without enough headroom is dropped with
 * IPXLAT_DROP_NO_ROOM.
 *
 * Reassembly
 * ==========
 *
 * A stateless translator cannot compute, fragment by fragment, a checksum
 * that covers the whole datagram: ICMP <-> ICMPv6 (RFC 7915 sections 4.2
 * and 5.2: the ICMPv6 checksum has a pseudo-header) and IPv4 UDP with
 * checksum zero (section 4.5, with amend_udp_zero_csum).  A host that
 * gives the engine a reassembly context lets it hold the fragments of
 * such datagrams until they are whole, translate each datagram as one
 * packet and hand it back to be sent whole or in fragments that fit the
 * egress:
 *
 *     size_t size = ipxlat_reasm_mem_size(cfg);    0: reassembly is off
 *     void *mem = aligned_alloc(8, size);
 *     struct ipxlat_reasm *reasm = ipxlat_reasm_init(mem, size, cfg);
 *     ...
 *     ctx.reasm = ipxlat_pkt_needs_reasm(cfg, l3, len) ? reasm : NULL;
 *     r = ipxlat_translate(cfg, &ctx, &pkt);
 *
 * A held fragment is IPXLAT_REASM_HELD (verdict IPXLAT_HELD).  The
 * fragment that completes a datagram gets IPXLAT_REASM_46 or
 * IPXLAT_REASM_64 (IPXLAT_FORWARD) or IPXLAT_REASM_FRAG_46 or
 * IPXLAT_REASM_FRAG_64 (IPXLAT_FRAGMENTS), and 'pkt' then describes the
 * translated datagram in the context's own assembly buffer, not in the
 * host's buffer: it stays valid until the next call with that context,
 * so the host copies it (or its fragments) out before that.  Fragments
 * of every other datagram are translated one by one as without a
 * context.  With 'reasm' NULL, fragmented ICMP is dropped
 * (IPXLAT_DROP_FRAG_ICMP) and the first fragment of zero-checksum UDP
 * gets ICMPv4 3/13 (IPXLAT_ERR_UDP_ZERO_CSUM).
 *
 * The host calls ipxlat_reasm_expire() now and then (once a second, or
 * before it reads the counters), so that datagrams that never complete
 * leave and are counted (IPXLAT_DROP_REASM_TIMEOUT) even when no more
 * fragments come; every call with the context expires them too.
 *
 * Thread-safety
 * =============
 *
 * A config is immutable once ipxlat_config_parse() returns it, except for
 * its ICMP error rate limiters, which are updated with atomic operations, so
 * one config may be used by any number of threads at once.  A 'struct
 * ipxlat_stats' must be private to one thread (sum them to report).
 *
 * An EAM table ('struct ipxlat_eamt') may be read (by translations) in any
 * number of threads at once, without a lock, while one thread changes it
 * with ipxlat_eamt_add(), ipxlat_eamt_remove() and the like: each change
 * costs what it changes, and readers see each entry whole, before or after
 * it.  Changes to one table, ipxlat_eamt_save() and ipxlat_eamt_clone()
 * must be serialised by the host.  Memory that a change replaces is freed
 * through the function given to ipxlat_eamt_set_postpone() (an RCU
 * deferral in a host with threads). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipxlat-reason.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most bytes ipxlat_translate() may grow a packet by at its front.
 * (6->4 ICMPv6 error for a packet of IPv6 origin: 40 + 8 bytes; 4->6 ICMP
 * error whose inner packet also grows: 2 * 20 bytes; 4->6 fragment: 28.) */
#define IPXLAT_HEADROOM 64

/* A bare IP packet in a buffer with room around it. */
struct ipxlat_pkt {
    uint8_t *data;          /* First byte of the IP header. */
    size_t len;             /* Bytes of packet from 'data'. */
    size_t headroom;        /* Writable bytes before 'data'. */
    size_t tailroom;        /* Writable bytes after 'data + len'. */
};

/* The family of a packet as its host parsed it from the link layer:
 * EtherType 0x0800 or 0x86dd, the flow's dl_type, a capture's link type.
 * Never the packet's own version nibble, which is what is checked. */
enum ipxlat_family {
    IPXLAT_FAMILY_IPV4 = 4,
    IPXLAT_FAMILY_IPV6 = 6,
};

/* What the caller does with the packet after ipxlat_translate(). */
enum ipxlat_verdict {
    IPXLAT_FORWARD,         /* Send 'pkt' on, down the translated path. */
    IPXLAT_FRAGMENTS,       /* 'pkt' is too big: send the pieces that
                             * ipxlat_frag_next() makes of it instead. */
    IPXLAT_BOUNCE,          /* Send 'pkt' back towards its sender (an ICMP
                             * error or a hairpinned packet). */
    IPXLAT_DROP,            /* Drop the packet. */
    IPXLAT_HELD,            /* A fragment that the engine copied into
                             * the reassembly context: nothing to send
                             * now. */
};

/* The reason for a verdict; also the index of its counter.  The list, each
 * with its verdict and description, is in ipxlat-reason.h. */
enum ipxlat_reason {
#define IPXLAT_REASON_ENUM(ENUM, VERDICT, NAME, DESC) IPXLAT_##ENUM,
    IPXLAT_REASONS(IPXLAT_REASON_ENUM)
#undef IPXLAT_REASON_ENUM
    IPXLAT_N_REASONS
};

/* Per-thread counters, indexed by reason. */
struct ipxlat_stats {
    uint64_t n[IPXLAT_N_REASONS];
};

struct ipxlat_config;
struct ipxlat_eamt;
struct ipxlat_reasm;

/* Host facts for one call of ipxlat_translate(). */
struct ipxlat_ctx {
    uint64_t now_ms;                 /* Monotonic time, for rate limits. */
    const struct ipxlat_eamt *table; /* The table that the config's
                                      * 'table=NAME' names, or NULL. */
    struct ipxlat_stats *stats;      /* Counted into if nonnull. */
    struct ipxlat_reasm *reasm;      /* Reassembly context for fragments
                                      * that need it, or NULL (see
                                      * "Reassembly" above). */
};

/* Config. */
char *ipxlat_config_parse(const char *s, struct ipxlat_config **cfgp)
    __attribute__((warn_unused_result));
char *ipxlat_config_format(const struct ipxlat_config *);
const char *ipxlat_config_table_name(const struct ipxlat_config *);
unsigned int ipxlat_config_mtu(const struct ipxlat_config *, int ip_version);
bool ipxlat_config_mtu_given(const struct ipxlat_config *, int ip_version);
unsigned int ipxlat_config_lowest_ipv6_mtu(const struct ipxlat_config *);
int ipxlat_config_bounce_table(const struct ipxlat_config *);
void ipxlat_config_free(struct ipxlat_config *);

/* Translation. */
enum ipxlat_reason ipxlat_translate(const struct ipxlat_config *,
                                    const struct ipxlat_ctx *,
                                    enum ipxlat_family,
                                    struct ipxlat_pkt *);
/* Translates the 'n' packets in 'pkts', all of one 'family', as
 * ipxlat_translate() translates each one, in order, and stores the reason
 * for each in 'reasons'.  The
 * EAM table lookups of the whole batch wait for memory together, so a
 * batch costs less per packet with a big table. */
void ipxlat_translate_batch(const struct ipxlat_config *,
                            const struct ipxlat_ctx *, enum ipxlat_family,
                            struct ipxlat_pkt *pkts, size_t n,
                            enum ipxlat_reason *reasons);
/* Starts loading what the EAM table lookups of the IP packet at 'data'
 * ('len' bytes) will read, without waiting: what ipxlat_translate_batch()
 * does first for each packet, for a host that translates a batch one by
 * one.  It reads at most the fixed IP header, only if 'len' covers it. */
void ipxlat_prefetch(const struct ipxlat_config *, const struct ipxlat_ctx *,
                     const void *data, size_t len);
enum ipxlat_verdict ipxlat_reason_verdict(enum ipxlat_reason);
const char *ipxlat_reason_name(enum ipxlat_reason);
const char *ipxlat_reason_description(enum ipxlat_reason);

/* Fragmentation of a packet whose verdict is IPXLAT_FRAGMENTS: an IPv6
 * packet (IPXLAT_FRAG_46) or an IPv4 one (IPXLAT_FRAG_64). */
struct ipxlat_frag_iter {
    const uint8_t *pkt;     /* The whole translated packet. */
    size_t len;             /* Its length. */
    size_t hdr_len;         /* IPv6 header plus any Fragment header, or
                             * the IPv4 header. */
    size_t pos;             /* Offset in 'pkt' of the next piece. */
    size_t max_payload;     /* Payload bytes per fragment, a multiple of
                             * 8 except in the last fragment. */
    uint32_t id;            /* Fragment identification (IPv4: 16
                             * bits). */
    uint16_t base_offset;   /* Offset of 'pkt' in its datagram, in bytes. */
    bool base_mf;           /* More Fragments flag of 'pkt' itself. */
    uint8_t next_header;    /* IPv6: upper-layer protocol. */
    uint8_t version;        /* 4 or 6: IP version of 'pkt'. */
};

void ipxlat_frag_init(struct ipxlat_frag_iter *,
                      const struct ipxlat_config *,
                      const struct ipxlat_pkt *);
size_t ipxlat_frag_next(struct ipxlat_frag_iter *, uint8_t *buf, size_t cap);

/* A host that can send the packet's own buffer may keep the first
 * fragment there: ipxlat_frag_first_in_place() rewrites the packet's
 * headers into those of its first fragment and returns that fragment's
 * length (0 if it cannot: then every fragment comes from
 * ipxlat_frag_next()), and ipxlat_frag_next() then produces the others
 * from the bytes that follow, which must stay until it is done.
 * ipxlat_frag_count() says how many fragments are yet to come. */
size_t ipxlat_frag_first_in_place(struct ipxlat_frag_iter *, uint8_t *data);
size_t ipxlat_frag_count(const struct ipxlat_frag_iter *);

/* Reassembly contexts (see "Reassembly" above), sized by the config's
 * reasm_* keys.  ipxlat_reasm_mem_size() returns the bytes of memory a
 * context for 'cfg' needs, or 0 if the config turns reassembly off
 * (reasm_datagrams=0).  ipxlat_reasm_init() makes the context in the
 * 'size' bytes at 'mem' (8-byte aligned, at least that size; the host
 * frees 'mem' when it is done with the context, whatever it holds) and
 * returns it, or NULL if 'size' is too small.  ipxlat_reasm_expire()
 * drops the datagrams whose time is up at 'now_ms' (the clock of
 * 'ctx.now_ms'), counting those that never completed into 'stats' (if
 * nonnull).  ipxlat_reasm_get_usage() reports what the context holds.
 * ipxlat_pkt_needs_reasm() tells whether the 'len' bytes at 'l3' are a
 * packet for which ipxlat_translate() under 'cfg' would use the context:
 * an IPv4 or IPv6 fragment (not an atomic one) of ICMP, of ICMPv6 or,
 * with amend_udp_zero_csum, of IPv4 UDP. */
struct ipxlat_reasm_usage {
    uint32_t datagrams;     /* Datagrams in progress, or discarded and
                             * waiting to expire (RFC 5722). */
    uint32_t max_datagrams; /* reasm_datagrams. */
    uint32_t bytes;         /* Payload bytes held, in whole blocks. */
    uint32_t max_bytes;     /* reasm_bytes. */
    uint32_t timeout_ms;    /* reasm_timeout, in milliseconds. */
    uint32_t max_size;      /* reasm_max_size. */
    size_t mem_size;        /* Bytes of memory of the context. */
};

size_t ipxlat_reasm_mem_size(const struct ipxlat_config *);
struct ipxlat_reasm *ipxlat_reasm_init(void *mem, size_t size,
                                       const struct ipxlat_config *);
void ipxlat_reasm_expire(struct ipxlat_reasm *, uint64_t now_ms,
                         struct ipxlat_stats *);
void ipxlat_reasm_get_usage(const struct ipxlat_reasm *,
                            struct ipxlat_reasm_usage *);
bool ipxlat_pkt_needs_reasm(const struct ipxlat_config *, const uint8_t *l3,
                            size_t len);

/* EAM tables (RFC 7757) shared between configs ('table=NAME'). */
struct ipxlat_eamt *ipxlat_eamt_create(void);
void ipxlat_eamt_destroy(struct ipxlat_eamt *);
void ipxlat_eamt_set_postpone(struct ipxlat_eamt *,
                              void (*postpone)(void (*)(void *), void *));
size_t ipxlat_eamt_memory(const struct ipxlat_eamt *);
struct ipxlat_eamt *ipxlat_eamt_clone(const struct ipxlat_eamt *);
char *ipxlat_eamt_add(struct ipxlat_eamt *, const char *v4, const char *v6)
    __attribute__((warn_unused_result));
char *ipxlat_eamt_add_text(struct ipxlat_eamt *, const char *entry)
    __attribute__((warn_unused_result));
bool ipxlat_eamt_remove(struct ipxlat_eamt *, const char *entry);
size_t ipxlat_eamt_count(const struct ipxlat_eamt *);
char *ipxlat_eamt_load(struct ipxlat_eamt *, const char *file_name)
    __attribute__((warn_unused_result));
int ipxlat_eamt_save(const struct ipxlat_eamt *, FILE *);

/* Several entries at once, all or none (each written as for
 * ipxlat_eamt_add_text()). */
char *ipxlat_eamt_add_many(struct ipxlat_eamt *, const char *const *entries,
                           size_t n)
    __attribute__((warn_unused_result));
char *ipxlat_eamt_remove_many(struct ipxlat_eamt *,
                              const char *const *entries, size_t n)
    __attribute__((warn_unused_result));

/* A table kept on disk, crash-safe (eamt-store.c has the details): a
 * snapshot and a journal of the changes since, so that recording a change
 * costs what the change costs.  After a crash at any moment, opening the
 * store gives the table as it was before or after the change under way. */
struct ipxlat_eamt_store;
char *ipxlat_eamt_store_open(const char *dir, const char *name,
                             struct ipxlat_eamt *,
                             struct ipxlat_eamt_store **)
    __attribute__((warn_unused_result));
char *ipxlat_eamt_store_log(struct ipxlat_eamt_store *,
                            const struct ipxlat_eamt *, bool add,
                            const char *const *entries, size_t n)
    __attribute__((warn_unused_result));
char *ipxlat_eamt_store_rewrite(struct ipxlat_eamt_store *,
                                const struct ipxlat_eamt *)
    __attribute__((warn_unused_result));
void ipxlat_eamt_store_close(struct ipxlat_eamt_store *);
char *ipxlat_eamt_store_destroy(struct ipxlat_eamt_store *)
    __attribute__((warn_unused_result));

/* What ipxlat_eamt_load() reads: only a regular file (never a FIFO or a
 * device), of at most IPXLAT_EAMT_FILE_MAX bytes, in lines of at most
 * IPXLAT_EAMT_LINE_MAX bytes. */
#define IPXLAT_EAMT_FILE_MAX (1024 * 1024 * 1024)
#define IPXLAT_EAMT_LINE_MAX 1024

/* The one rule for the name in 'table=NAME', which hosts also use as a
 * file name: 1 to IPXLAT_TABLE_NAME_MAX of the characters A-Z a-z 0-9 _ .
 * -, not starting with '.' (so never "." or ".." or a hidden file).
 * ipxlat_table_name_rule() says so in a sentence for error messages. */
#define IPXLAT_TABLE_NAME_MAX 64
bool ipxlat_table_name_valid(const char *name);
const char *ipxlat_table_name_rule(void);

/* Stats. */
void ipxlat_stats_add(struct ipxlat_stats *sum,
                      const struct ipxlat_stats *);

#ifdef __cplusplus
}
#endif

#endif /* ipxlat.h */
