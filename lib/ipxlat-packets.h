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

/* Wire formats: the engine's one header of wire constants (protocol
 * numbers, header sizes, ICMP types and codes, named as their RFCs name
 * them), the wire structs and byte-order helpers.
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

/* Protocol numbers (IANA "Assigned Internet Protocol Numbers"), with a
 * trailing '_' so as not to clash with <netinet/in.h>.  The IPv6 extension
 * headers are those of RFC 8200 section 4 and the IANA "IPv6 Extension
 * Header Types" list. */
#define IPPROTO_HOPOPTS_ 0      /* IPv6 Hop-by-Hop Options. */
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43     /* IPv6 Routing header. */
#define IPPROTO_FRAGMENT_ 44    /* IPv6 Fragment header. */
#define IPPROTO_AH_ 51          /* Authentication Header (RFC 4302). */
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_NONE_ 59        /* IPv6 No Next Header. */
#define IPPROTO_DSTOPTS_ 60     /* IPv6 Destination Options. */
#define IPPROTO_MOBILITY_ 135   /* Mobility header (RFC 6275). */
#define IPPROTO_HIP_ 139        /* Host Identity Protocol (RFC 7401). */
#define IPPROTO_SHIM6_ 140      /* Shim6 (RFC 5533). */
#define IPPROTO_EXPERIMENT1_ 253    /* Experimentation (RFC 3692, 4727). */
#define IPPROTO_EXPERIMENT2_ 254

#define IP_DF 0x4000            /* IPv4 flags and fragment offset. */
#define IP_MF 0x2000
#define IP_FRAG_OFF_MASK 0x1fff

#define IP6_FRAG_MF 0x0001      /* IPv6 Fragment header offset field. */
#define IP6_FRAG_OFF_MASK 0xfff8

/* IPv4 option types (RFC 791 section 3.1). */
#define IPOPT_EOL_ 0            /* End of Option List. */
#define IPOPT_NOP_ 1            /* No Operation. */
#define IPOPT_LSRR_ 131         /* Loose Source and Record Route. */
#define IPOPT_SSRR_ 137         /* Strict Source and Record Route. */

/* Header sizes. */
#define IP_HEADER_LEN 20        /* IPv4 without options (RFC 791). */
#define IPV6_HEADER_LEN 40      /* RFC 8200 section 3. */
#define IP6_FRAG_HDR_LEN 8      /* RFC 8200 section 4.5. */
#define TCP_HEADER_LEN 20       /* Without options (RFC 9293). */
#define UDP_HEADER_LEN 8        /* RFC 768. */
#define ICMP_HEADER_LEN 8       /* Type, code, checksum, rest of header. */

/* Sizes that RFCs set. */
#define IPV6_MIN_MTU 1280       /* RFC 8200 section 5. */
#define ICMP4_ERR_MAX_LEN 576   /* Most bytes of an ICMPv4 error, IPv4
                                 * header included (RFC 1812 4.3.2.3). */
#define ICMP6_ERR_MAX_LEN 1280  /* The same for ICMPv6 (RFC 4443 2.4 (c)):
                                 * the IPv6 minimum MTU. */
#define RFC4884_MIN_ORIG_LEN 128    /* With RFC 4884 extensions, the
                                     * original datagram field holds at
                                     * least this many bytes (section 4). */

/* ICMPv4 types (RFC 792). */
#define ICMP4_ECHO_REPLY 0
#define ICMP4_DEST_UNREACH 3    /* Destination Unreachable. */
#define ICMP4_SOURCE_QUENCH 4
#define ICMP4_REDIRECT 5
#define ICMP4_ECHO_REQUEST 8    /* Echo. */
#define ICMP4_TIME_EXCEEDED 11
#define ICMP4_PARAM_PROBLEM 12  /* Parameter Problem. */

/* ICMPv4 Destination Unreachable codes (RFC 792, RFC 1122 section
 * 3.2.2.1, RFC 1812 section 5.2.7.1). */
#define ICMP4_NET_UNREACH 0
#define ICMP4_HOST_UNREACH 1
#define ICMP4_PROTO_UNREACH 2
#define ICMP4_PORT_UNREACH 3
#define ICMP4_FRAG_NEEDED 4     /* Fragmentation needed and DF set. */
#define ICMP4_SOURCE_ROUTE_FAILED 5
#define ICMP4_NET_UNKNOWN 6
#define ICMP4_HOST_UNKNOWN 7
#define ICMP4_HOST_ISOLATED 8
#define ICMP4_NET_PROHIBITED 9
#define ICMP4_HOST_PROHIBITED 10
#define ICMP4_NET_UNREACH_TOS 11
#define ICMP4_HOST_UNREACH_TOS 12
#define ICMP4_ADMIN_PROHIBITED 13   /* Communication administratively
                                     * prohibited. */
#define ICMP4_HOST_PRECEDENCE 14    /* Host precedence violation. */
#define ICMP4_PRECEDENCE_CUTOFF 15  /* Precedence cutoff in effect. */

/* ICMPv4 Time Exceeded codes (RFC 792). */
#define ICMP4_TTL_EXCEEDED 0    /* Time to live exceeded in transit. */
#define ICMP4_REASSEMBLY_EXCEEDED 1 /* Fragment reassembly time exceeded. */

/* ICMPv4 Parameter Problem codes (RFC 792, RFC 1122 section 3.2.2.5,
 * RFC 1812 section 5.2.7.4). */
#define ICMP4_PARAM_POINTER 0   /* Pointer indicates the error. */
#define ICMP4_PARAM_MISSING_OPTION 1
#define ICMP4_PARAM_BAD_LENGTH 2

/* RFC 1812 section 4.3.2.7: the ICMPv4 error messages are Destination
 * Unreachable, Source Quench, Redirect, Time Exceeded and Parameter
 * Problem (types 3, 4, 5, 11, 12); every other type is informational. */
static inline bool
icmp4_is_error(uint8_t type)
{
    return (type == ICMP4_DEST_UNREACH || type == ICMP4_SOURCE_QUENCH
            || type == ICMP4_REDIRECT || type == ICMP4_TIME_EXCEEDED
            || type == ICMP4_PARAM_PROBLEM);
}

/* ICMPv6 types (RFC 4443). */
#define ICMP6_DEST_UNREACH 1    /* Destination Unreachable. */
#define ICMP6_PACKET_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_PARAM_PROBLEM 4   /* Parameter Problem. */
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129

/* ICMPv6 Destination Unreachable codes (RFC 4443 section 3.1). */
#define ICMP6_NO_ROUTE 0        /* No route to destination. */
#define ICMP6_ADMIN_PROHIBITED 1    /* Communication with destination
                                     * administratively prohibited. */
#define ICMP6_BEYOND_SCOPE 2    /* Beyond scope of source address. */
#define ICMP6_ADDR_UNREACH 3    /* Address unreachable. */
#define ICMP6_PORT_UNREACH 4    /* Port unreachable. */

/* ICMPv6 Time Exceeded codes (RFC 4443 section 3.3). */
#define ICMP6_HOP_LIMIT_EXCEEDED 0  /* Hop limit exceeded in transit. */

/* ICMPv6 Parameter Problem codes (RFC 4443 section 3.4). */
#define ICMP6_PARAM_HEADER 0        /* Erroneous header field
                                     * encountered. */
#define ICMP6_PARAM_NEXT_HEADER 1   /* Unrecognized Next Header type
                                     * encountered. */
#define ICMP6_PARAM_OPTION 2        /* Unrecognized IPv6 option
                                     * encountered. */

/* RFC 4443 section 2.1: ICMPv6 error messages have types 0 to 127, with
 * the high-order bit clear; informational messages 128 to 255. */
static inline bool
icmp6_is_error(uint8_t type)
{
    return type < 128;
}

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
