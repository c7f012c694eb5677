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

#ifndef IPXLAT_CONFIG_H
#define IPXLAT_CONFIG_H 1

/* The translator configuration, as parsed from the config grammar (the
 * text inside 'ipxlat(...)'; README.md, "The config grammar"):
 *
 *     prefix=IPV6/LEN                 RFC 6052 prefix, LEN 32..96
 *     eam(IPV4[/LEN],IPV6[/LEN])      RFC 7757 entry, repeatable
 *     table=NAME                      a host-held EAM table
 *     pool6791v4=IPV4[/LEN]           RFC 6791 sources for ICMPv4 errors
 *     pool6791v6=IPV6[/LEN]           RFC 6791 sources for ICMPv6 errors
 *     src4=IPV4  src6=IPV6            the translator's own addresses
 *     mtu4=N  mtu6=N  lowest_ipv6_mtu=N
 *     amend_udp_zero_csum
 *     allow_wkp_non_global            non-global IPv4 under 64:ff9b::/96
 *     hairpin=off|simple|intrinsic
 *     icmp_rate=N  icmp_burst=N       translator ICMP errors per second
 *     icmp_pmtu_rate=N  icmp_pmtu_burst=N   the same for Path MTU errors
 *     reasm_datagrams=N  reasm_bytes=N  reasm_timeout=S  reasm_max_size=N
 *                                     bounds of the reassembly context
 *     bounce_table=N                  where the host sends bounces
 *
 * Immutable after ipxlat_config_parse() but for 'rl'. */

#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ipxlat-packets.h"
#include "ipxlat-reasm.h"

struct ipxlat_eamt;

/* An IPv6 prefix. */
struct ipxlat_prefix6 {
    struct in6_addr addr;       /* Bits past 'len' are zero. */
    uint8_t len;                /* 0...128. */
};

/* An IPv4 prefix. */
struct ipxlat_prefix4 {
    ovs_be32 addr;              /* Bits past 'len' are zero. */
    uint8_t len;                /* 0...32. */
};

/* RFC 7757 section 4.2 hairpinning modes ('hairpin='). */
enum ipxlat_hairpin_mode {
    IPXLAT_HAIRPIN_MODE_OFF,        /* Never hairpin. */
    IPXLAT_HAIRPIN_MODE_SIMPLE,     /* Hairpin on the outer destination. */
    IPXLAT_HAIRPIN_MODE_INTRINSIC,  /* Also map the inner packet of ICMP
                                     * errors as a hairpin (the
                                     * default). */
};

/* The budgets of the ICMP errors the translator originates, each a token
 * bucket of its own.  The errors that Path MTU Discovery depends on
 * (Fragmentation Needed, Packet Too Big) have theirs, so that a flood of
 * other errors (a TTL-1 flood earns a Time Exceeded per packet) never
 * spends what they need. */
enum ipxlat_icmp_budget {
    IPXLAT_BUDGET_ERRORS,       /* Every other error: icmp_rate and
                                 * icmp_burst. */
    IPXLAT_BUDGET_PMTU,         /* Fragmentation Needed and Packet Too Big:
                                 * icmp_pmtu_rate and icmp_pmtu_burst. */
    IPXLAT_N_BUDGETS
};

/* Token bucket for translator-originated ICMP errors, in millitokens so
 * that refills are exact at any rate. */
struct ipxlat_ratelimit {
    atomic_uint_least64_t last_ms;  /* Time of the last refill. */
    atomic_uint_least64_t tokens;   /* Millitokens available. */
    uint64_t rate;                  /* Tokens per second, 0 = unlimited. */
    uint64_t burst;                 /* Bucket size in tokens. */
};

#define IPXLAT_DEFAULT_SRC4 0xc0000008    /* 192.0.0.8 (RFC 7600). */
#define IPXLAT_DEFAULT_MTU 1500
#define IPXLAT_DEFAULT_LOWEST_IPV6_MTU 1280
#define IPXLAT_DEFAULT_ICMP_RATE 100
#define IPXLAT_DEFAULT_ICMP_BURST 100
/* Path MTU errors are never bigger than the packet that earned them, so
 * they amplify nothing, and a sender that gets none keeps sending packets
 * that cannot pass: their budget is larger. */
#define IPXLAT_DEFAULT_ICMP_PMTU_RATE 1000
#define IPXLAT_DEFAULT_ICMP_PMTU_BURST 1000

/* Reassembly bounds, what a small router would pick: 64 datagrams in
 * progress and 1 MiB of payload (about 1.2 MiB of memory with the
 * descriptors and the assembly buffer), datagrams up to the IP maximum.
 *
 * The timeout is 2 s, not the 60 s of RFC 8200 section 4.5 (nor Linux's
 * 30 s): the fragments of one datagram leave their sender back to back
 * and arrive within milliseconds of each other, and IP never sends a lost
 * fragment again (the upper layer resends the whole datagram, with a new
 * ID), so waiting longer recovers nothing.  What a long timeout does is
 * let fragments that never complete, an attacker's above all, hold their
 * slots longer; as the context never evicts (ipxlat-reasm.h), the timeout
 * is what bounds how long a flood keeps the table full. */
#define IPXLAT_DEFAULT_REASM_DATAGRAMS 64
#define IPXLAT_DEFAULT_REASM_BYTES (1024 * 1024)
#define IPXLAT_DEFAULT_REASM_TIMEOUT_MS 2000
#define IPXLAT_DEFAULT_REASM_MAX_SIZE 65535

struct ipxlat_config {
    bool has_prefix;                /* RFC 6052 prefix given? */
    struct ipxlat_prefix6 prefix;   /* RFC 6052 prefix. */
    struct ipxlat_eamt *eamt;       /* Inline eam() entries, or NULL. */
    char *table_name;               /* table=NAME, or NULL. */
    bool has_pool6791v4;            /* pool6791v4 given? */
    struct ipxlat_prefix4 pool6791v4;
    bool has_pool6791v6;            /* pool6791v6 given? */
    struct ipxlat_prefix6 pool6791v6;
    ovs_be32 src4;                  /* Source of our ICMPv4 errors. */
    bool has_src6;                  /* src6 given?  Else src4 mapped. */
    struct in6_addr src6;           /* Source of our ICMPv6 errors. */
    uint16_t mtu4;                  /* Egress MTU, IPv4 side. */
    uint16_t mtu6;                  /* Egress MTU, IPv6 side. */
    bool has_mtu4;                  /* mtu4 given? */
    bool has_mtu6;                  /* mtu6 given? */
    uint16_t lowest_ipv6_mtu;       /* Smallest MTU on the IPv6 side. */
    bool amend_udp_zero_csum;       /* Compute IPv4 UDP zero checksums. */
    bool allow_wkp_non_global;      /* allow_wkp_non_global given. */
    bool wkp_guard;                 /* The prefix is the Well-Known Prefix
                                     * and refuses non-global IPv4
                                     * addresses (RFC 6052 section 3.1):
                                     * set by the parser. */
    enum ipxlat_hairpin_mode hairpin_mode;  /* RFC 7757 4.2 mode. */
    struct ipxlat_ratelimit *rl;    /* ICMP error rate limits, one per
                                     * 'enum ipxlat_icmp_budget'
                                     * (mutable). */
    struct ipxlat_reasm_limits reasm;   /* reasm_* keys; max_datagrams 0:
                                         * reassembly off. */
    int bounce_table;               /* bounce_table=N, or -1 (the host's). */
};

#endif /* ipxlat-config.h */
