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
 *     enum ipxlat_reason r = ipxlat_translate(cfg, &ctx, &pkt);
 *     switch (ipxlat_reason_verdict(r)) {
 *     case IPXLAT_FORWARD:   send pkt.data/pkt.len onward; break;
 *     case IPXLAT_BOUNCE:    send pkt.data/pkt.len back to the sender; break;
 *     case IPXLAT_FRAGMENTS: ipxlat_frag_init(&it, cfg, &pkt);
 *                            while ((n = ipxlat_frag_next(&it, buf, cap)))
 *                                send buf/n onward;
 *                            break;
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
 * Thread-safety
 * =============
 *
 * A config is immutable once ipxlat_config_parse() returns it, except for
 * its ICMP error rate limiter, which is updated with atomic operations, so
 * one config may be used by any number of threads at once.  A 'struct
 * ipxlat_stats' must be private to one thread (sum them to report).
 * An EAM table ('struct ipxlat_eamt') may be read by many threads at once
 * but not while it is modified: hosts publish a new table (RCU) instead. */

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

/* What the caller does with the packet after ipxlat_translate(). */
enum ipxlat_verdict {
    IPXLAT_FORWARD,         /* Send 'pkt' on, down the translated path. */
    IPXLAT_FRAGMENTS,       /* 'pkt' is too big: send the pieces that
                             * ipxlat_frag_next() makes of it instead. */
    IPXLAT_BOUNCE,          /* Send 'pkt' back towards its sender (an ICMP
                             * error or a hairpinned packet). */
    IPXLAT_DROP,            /* Drop the packet. */
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

/* Host facts for one call of ipxlat_translate(). */
struct ipxlat_ctx {
    uint64_t now_ms;                 /* Monotonic time, for rate limits. */
    const struct ipxlat_eamt *table; /* The table that the config's
                                      * 'table=NAME' names, or NULL. */
    struct ipxlat_stats *stats;      /* Counted into if nonnull. */
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
                                    struct ipxlat_pkt *);
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

/* EAM tables (RFC 7757) shared between configs ('table=NAME'). */
struct ipxlat_eamt *ipxlat_eamt_create(void);
void ipxlat_eamt_destroy(struct ipxlat_eamt *);
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

/* Stats. */
void ipxlat_stats_add(struct ipxlat_stats *sum,
                      const struct ipxlat_stats *);

#ifdef __cplusplus
}
#endif

#endif /* ipxlat.h */
