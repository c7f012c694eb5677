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

#ifndef IPXLAT_PACKETS_H
#define IPXLAT_PACKETS_H 1

/* Wire formats and byte-order helpers.
 *
 * Wire structs need only 16-bit alignment: every 32-bit field is split in
 * two 16-bit halves, so a struct may be laid over any even offset of a
 * packet buffer.  Never bit-fields.  Multi-byte fields are in network byte
 * order ('ovs_be16', 'ovs_be32' are plain integers holding network order,
 * as in Open vSwitch). */

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint16_t ovs_be16;
typedef uint32_t ovs_be32;

#define BUILD_ASSERT_DECL(EXPR) _Static_assert(EXPR, #EXPR)

#define IP_VER(VIHL) ((VIHL) >> 4)
#define IP_IHL(VIHL) ((VIHL) & 15)

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_NONE_ 59
#define IPPROTO_DSTOPTS_ 60

#define IP_DF 0x4000            /* IPv4 flags and fragment offset. */
#define IP_MF 0x2000
#define IP_FRAG_OFF_MASK 0x1fff

#define IP6_FRAG_MF 0x0001      /* IPv6 Fragment header offset field. */
#define IP6_FRAG_OFF_MASK 0xfff8

#define IP_HEADER_LEN 20
#define IPV6_HEADER_LEN 40
#define IP6_FRAG_HDR_LEN 8
#define TCP_HEADER_LEN 20
#define UDP_HEADER_LEN 8
#define ICMP_HEADER_LEN 8

/* IPv4 header (RFC 791). */
struct ip_header {
    uint8_t ip_ihl_ver;         /* Version (4) and header length in words. */
    uint8_t ip_tos;             /* Type of service. */
    ovs_be16 ip_tot_len;        /* Total length in bytes. */
    ovs_be16 ip_id;             /* Identification. */
    ovs_be16 ip_frag_off;       /* Flags (DF, MF) and offset in 8 bytes. */
    uint8_t ip_ttl;             /* Time to live. */
    uint8_t ip_proto;           /* Upper-layer protocol. */
    ovs_be16 ip_csum;           /* Header checksum. */
    ovs_be16 ip_src[2];         /* Source address. */
    ovs_be16 ip_dst[2];         /* Destination address. */
};
BUILD_ASSERT_DECL(sizeof(struct ip_header) == IP_HEADER_LEN);

/* IPv6 header (RFC 8200). */
struct ip6_header {
    ovs_be16 ip6_vtc_flow[2];   /* Version, traffic class, flow label. */
    ovs_be16 ip6_plen;          /* Payload length. */
    uint8_t ip6_nxt;            /* Next header. */
    uint8_t ip6_hlim;           /* Hop limit. */
    ovs_be16 ip6_src[8];        /* Source address. */
    ovs_be16 ip6_dst[8];        /* Destination address. */
};
BUILD_ASSERT_DECL(sizeof(struct ip6_header) == IPV6_HEADER_LEN);

/* IPv6 Fragment header (RFC 8200 section 4.5). */
struct ip6_frag_header {
    uint8_t nxt;                /* Next header. */
    uint8_t reserved;           /* Zero. */
    ovs_be16 off_flags;         /* Offset (in 8 bytes, << 3) and M flag. */
    ovs_be16 id[2];             /* Identification. */
};
BUILD_ASSERT_DECL(sizeof(struct ip6_frag_header) == IP6_FRAG_HDR_LEN);

/* UDP header (RFC 768). */
struct udp_header {
    ovs_be16 udp_src;           /* Source port. */
    ovs_be16 udp_dst;           /* Destination port. */
    ovs_be16 udp_len;           /* Length of header and data. */
    ovs_be16 udp_csum;          /* Checksum, 0 for none (IPv4 only). */
};
BUILD_ASSERT_DECL(sizeof(struct udp_header) == UDP_HEADER_LEN);

/* TCP header (RFC 9293), fixed part. */
struct tcp_header {
    ovs_be16 tcp_src;           /* Source port. */
    ovs_be16 tcp_dst;           /* Destination port. */
    ovs_be16 tcp_seq[2];        /* Sequence number. */
    ovs_be16 tcp_ack[2];        /* Acknowledgment number. */
    ovs_be16 tcp_ctl;           /* Data offset, reserved bits, flags. */
    ovs_be16 tcp_winsz;         /* Window size. */
    ovs_be16 tcp_csum;          /* Checksum. */
    ovs_be16 tcp_urg;           /* Urgent pointer. */
};
BUILD_ASSERT_DECL(sizeof(struct tcp_header) == TCP_HEADER_LEN);

/* ICMP and ICMPv6 header, with the 32-bit rest-of-header word. */
struct icmp_header {
    uint8_t icmp_type;          /* Message type. */
    uint8_t icmp_code;          /* Message code. */
    ovs_be16 icmp_csum;         /* Checksum. */
    ovs_be16 icmp_rest[2];      /* Identifier/sequence, MTU, pointer... */
};
BUILD_ASSERT_DECL(sizeof(struct icmp_header) == ICMP_HEADER_LEN);

/* Reads and writes of possibly unaligned network-order values. */
static inline uint16_t
get_be16(const void *p)
{
    const uint8_t *b = p;
    return (uint16_t) ((b[0] << 8) | b[1]);
}

static inline void
put_be16(void *p, uint16_t v)
{
    /* memcpy, not byte stores: compilers emit one store. */
    ovs_be16 be = htons(v);
    memcpy(p, &be, sizeof be);
}

static inline uint32_t
get_be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t) b[0] << 24) | ((uint32_t) b[1] << 16)
           | ((uint32_t) b[2] << 8) | b[3];
}

static inline void
put_be32(void *p, uint32_t v)
{
    /* memcpy, not byte stores: compilers emit one store. */
    ovs_be32 be = htonl(v);
    memcpy(p, &be, sizeof be);
}

/* An IPv4 address as 'ovs_be32' from a header's two halves, and back. */
static inline ovs_be32
get_16aligned_be32(const ovs_be16 x[2])
{
    ovs_be32 v;
    memcpy(&v, x, sizeof v);
    return v;
}

static inline void
put_16aligned_be32(ovs_be16 x[2], ovs_be32 v)
{
    memcpy(x, &v, sizeof v);
}

#endif /* ipxlat-packets.h */
