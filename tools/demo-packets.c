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


/* demo-packets: writes the small raw-IP capture that tools/demo.sh runs
 * through ipxlat-pcap.
 *
 * The addresses fit the demo config
 *
 *     prefix=2001:db8:64::/96,eam(192.0.2.1,2001:db8::1)
 *
 * IPv4 host 198.51.100.10 is 2001:db8:64::c633:640a on the IPv6 side, and
 * IPv6 host 2001:db8::1 is 192.0.2.1 on the IPv4 side.  The packets: TCP
 * SYN 4->6, UDP 6->4, ICMP echo request each way, a 1800-byte IPv4 UDP
 * datagram with DF clear (the translator fragments it for the IPv6 side)
 * and an IPv4 UDP datagram with TTL 1 (the translator answers with an
 * ICMP Time Exceeded). */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap-file.h"

#define V4_HOST "198.51.100.10"     /* IPv4 host, on the IPv4 side. */
#define V4_OF_V6_HOST "192.0.2.1"   /* The IPv6 host's IPv4 address. */
#define V6_HOST "2001:db8::1"       /* IPv6 host, on the IPv6 side. */
#define V6_OF_V4_HOST "2001:db8:64::c633:640a" /* The IPv4 host via prefix. */

#define N_DEMO_PACKETS 6

#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMPV6_ 58

/* Adds the 'len' bytes at 'p' to the one's complement sum 'sum' (not
 * complemented, not folded). */
static uint32_t
sum_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    if (len & 1) {
        sum += p[len - 1] << 8;
    }
    return sum;
}

/* Returns the complemented, folded checksum of 'sum'. */
static uint16_t
fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

/* Stores 'x' big-endian at 'p'. */
static void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

/* Parses the address 's' of family 'af' into 'dst', exiting on error. */
static void
addr(int af, const char *s, void *dst)
{
    if (inet_pton(af, s, dst) != 1) {
        fprintf(stderr, "demo-packets: bad address %s\n", s);
        exit(EXIT_FAILURE);
    }
}

/* Fills in the L4 checksum of the 'l4_len'-byte transport segment at 'l4'
 * for protocol 'proto', with the pseudo-header sum 'pseudo'. */
static void
l4_csum(uint8_t *l4, size_t l4_len, uint8_t proto, uint32_t pseudo)
{
    size_t off = proto == IPPROTO_TCP_ ? 16 : proto == IPPROTO_UDP_ ? 6 : 2;
    uint16_t csum;

    put16(l4 + off, 0);
    csum = fold(sum_bytes(pseudo, l4, l4_len));
    if (proto == IPPROTO_UDP_ && !csum) {
        csum = 0xffff;
    }
    put16(l4 + off, csum);
}

/* Builds in 'buf' the transport header and payload of 'payload_len' bytes
 * for 'proto' and returns the segment's length. */
static size_t
build_l4(uint8_t *buf, uint8_t proto, size_t payload_len)
{
    size_t hdr_len = proto == IPPROTO_TCP_ ? 20 : 8;
    size_t i;

    memset(buf, 0, hdr_len);
    switch (proto) {
    case IPPROTO_TCP_:
        put16(buf, 40000);              /* Source port. */
        put16(buf + 2, 80);             /* Destination port. */
        put16(buf + 4, 0x1234);         /* Sequence number (high). */
        buf[12] = 5 << 4;               /* Data offset. */
        buf[13] = 0x02;                 /* SYN. */
        put16(buf + 14, 64240);         /* Window. */
        break;
    case IPPROTO_UDP_:
        put16(buf, 40000);              /* Source port. */
        put16(buf + 2, 5000);           /* Destination port. */
        put16(buf + 4, hdr_len + payload_len); /* Length. */
        break;
    case IPPROTO_ICMP_:
        buf[0] = 8;                     /* Echo request. */
        put16(buf + 4, 0x4242);         /* Identifier. */
        put16(buf + 6, 1);              /* Sequence number. */
        break;
    case IPPROTO_ICMPV6_:
        buf[0] = 128;                   /* Echo request. */
        put16(buf + 4, 0x4242);
        put16(buf + 6, 1);
        break;
    }
    for (i = 0; i < payload_len; i++) {
        buf[hdr_len + i] = 'a' + i % 26;
    }
    return hdr_len + payload_len;
}

/* Builds an IPv4 packet in 'buf' and returns its length. */
static size_t
build_v4(uint8_t *buf, const char *src, const char *dst, uint8_t proto,
         size_t payload_len, uint8_t ttl, bool df, uint16_t id)
{
    uint8_t *l4 = buf + 20;
    size_t l4_len = build_l4(l4, proto, payload_len);
    uint32_t pseudo;

    memset(buf, 0, 20);
    buf[0] = 0x45;
    put16(buf + 2, 20 + l4_len);
    put16(buf + 4, id);
    put16(buf + 6, df ? 0x4000 : 0);
    buf[8] = ttl;
    buf[9] = proto;
    addr(AF_INET, src, buf + 12);
    addr(AF_INET, dst, buf + 16);
    put16(buf + 10, fold(sum_bytes(0, buf, 20)));

    pseudo = proto == IPPROTO_ICMP_ ? 0 : sum_bytes(proto + l4_len,
                                                    buf + 12, 8);
    l4_csum(l4, l4_len, proto, pseudo);
    return 20 + l4_len;
}

/* Builds an IPv6 packet in 'buf' and returns its length. */
static size_t
build_v6(uint8_t *buf, const char *src, const char *dst, uint8_t proto,
         size_t payload_len, uint8_t hlim)
{
    uint8_t *l4 = buf + 40;
    size_t l4_len = build_l4(l4, proto, payload_len);

    memset(buf, 0, 40);
    buf[0] = 0x60;
    put16(buf + 4, l4_len);
    buf[6] = proto;
    buf[7] = hlim;
    addr(AF_INET6, src, buf + 8);
    addr(AF_INET6, dst, buf + 24);
    l4_csum(l4, l4_len, proto, sum_bytes(proto + l4_len, buf + 8, 32));
    return 40 + l4_len;
}

int
main(int argc, char *argv[])
{
    static uint8_t buf[4096];
    struct pcap_record rec = { .ts_sec = 1767225600 };
    struct pcap_writer w;
    int only = -1;
    size_t len;
    int i;

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: demo-packets OUT.pcap [INDEX]\n"
                "Writes the %d demo packets, or only the one numbered "
                "INDEX (from 0).\n", N_DEMO_PACKETS);
        return 2;
    }
    if (argc == 3) {
        only = atoi(argv[2]);
    }
    if (pcap_writer_open(&w, argv[1], PCAP_LINKTYPE_RAW, 65535)) {
        fprintf(stderr, "demo-packets: %s\n", w.error);
        return 1;
    }

    for (i = 0; i < N_DEMO_PACKETS; i++) {
        switch (i) {
        case 0:     /* TCP SYN, IPv4 to IPv6. */
            len = build_v4(buf, V4_HOST, V4_OF_V6_HOST, IPPROTO_TCP_, 0,
                           64, true, 0x1001);
            break;
        case 1:     /* UDP, IPv6 to IPv4. */
            len = build_v6(buf, V6_HOST, V6_OF_V4_HOST, IPPROTO_UDP_, 32,
                           64);
            break;
        case 2:     /* ICMP echo request, IPv4 to IPv6. */
            len = build_v4(buf, V4_HOST, V4_OF_V6_HOST, IPPROTO_ICMP_, 56,
                           64, true, 0x1002);
            break;
        case 3:     /* ICMPv6 echo request, IPv6 to IPv4. */
            len = build_v6(buf, V6_HOST, V6_OF_V4_HOST, IPPROTO_ICMPV6_,
                           56, 64);
            break;
        case 4:     /* Too big for the IPv6 side, DF clear: fragmented. */
            len = build_v4(buf, V4_HOST, V4_OF_V6_HOST, IPPROTO_UDP_, 1800,
                           64, false, 0x1003);
            break;
        default:    /* TTL 1: the translator sends Time Exceeded. */
            len = build_v4(buf, V4_HOST, V4_OF_V6_HOST, IPPROTO_UDP_, 32,
                           1, true, 0x1004);
            break;
        }
        if (only >= 0 && i != only) {
            continue;
        }
        rec.ts_usec = i * 1000;
        if (pcap_writer_write(&w, &rec, buf, len)) {
            fprintf(stderr, "demo-packets: %s\n", w.error);
            return 1;
        }
    }
    if (pcap_writer_close(&w)) {
        fprintf(stderr, "demo-packets: %s\n", w.error);
        return 1;
    }
    return 0;
}
