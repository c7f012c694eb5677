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

#ifndef IPXLAT_TESTPKT_H
#define IPXLAT_TESTPKT_H 1

/* Test packets: the one packet builder of the unit tests, the engine
 * benchmark (bench/bench-engine.c) and the fuzz seed generator
 * (fuzz/gen-seeds.c), and the checksums they carry.
 *
 * The checksums are plain RFC 1071, written here independently of the
 * engine's own checksum code (lib/csum.c, lib/ipxlat-csum.h): a test that
 * computed its expected checksums with the engine's code would not see a
 * bug in it, which would cancel out.  Sums are of big-endian 16-bit words
 * and values are in host order; test_csum_finish() gives the value to
 * store in a checksum field with put_be16().
 *
 * Nothing here needs cmocka: bad input is the caller's bug and aborts. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Adds the 'n' bytes at 'data' to the RFC 1071 sum 'sum' (an odd last byte
 * is padded with a zero byte) and returns the sum, folded to 16 bits. */
uint32_t test_csum_add(uint32_t sum, const void *data, size_t n);

/* Returns the checksum field value for 'sum': folded and complemented.  A
 * packet whose checksum is right sums, with it, to a field value of 0. */
uint16_t test_csum_finish(uint32_t sum);

/* The RFC 1071 sums of the IPv4 (RFC 768) and IPv6 (RFC 8200 section 8.1)
 * pseudo-headers of the IPv4 header at 'ip' or the IPv6 header at 'ip6',
 * for 'len' bytes of upper layer of protocol 'proto'. */
uint32_t test_csum_pseudo4(const uint8_t *ip, uint8_t proto, size_t len);
uint32_t test_csum_pseudo6(const uint8_t *ip6, uint8_t proto, size_t len);

/* Fills in the header checksum of the IPv4 header at 'p' (its IHL words). */
void test_fix_ip4_header(uint8_t *p);

/* Fills in the checksum of the TCP, UDP, ICMP or ICMPv6 message of 'len'
 * bytes at 'l4', with the pseudo-header sum 'pseudo' (ignored for ICMP,
 * which has none).  A UDP checksum that computes to zero is sent as all
 * ones (RFC 768).  Other protocols, and messages too short to hold their
 * checksum, are left alone. */
void test_fix_l4(uint8_t *l4, size_t len, uint8_t proto, uint32_t pseudo);

/* Fills in the checksums of the packet at 'p' ('len' bytes; the IPv4
 * header checksum, and the TCP/UDP/ICMP/ICMPv6 checksum of an unfragmented
 * IPv4 packet or of an IPv6 packet without extension headers), so fixtures
 * can be written with zero checksums. */
void test_fix_checksums(uint8_t *p, size_t len);

/* Fills in the TCP, UDP or ICMPv6 checksum of the IPv6 packet of 'len'
 * bytes at 'p' behind its Hop-by-Hop, Routing, Destination Options and
 * Fragment headers, computed as if the packet were the whole datagram (so
 * for an atomic or first fragment as the sender would have). */
void test_fix_checksums6(uint8_t *p, size_t len);

/* Writes at 'p' an IPv4 header without options for 'plen' bytes of
 * protocol 'proto', from 'src' to 'dst' (host order), with its header
 * checksum. */
void test_put_ip4(uint8_t *p, uint8_t tos, uint16_t id, uint16_t frag,
                  uint8_t ttl, uint8_t proto, size_t plen, uint32_t src,
                  uint32_t dst);

/* Writes at 'p' an IPv6 header for 'plen' bytes after it whose first is
 * 'nxt'; 'vtc_flow' is the first word (version, traffic class, flow
 * label). */
void test_put_ip6(uint8_t *p, uint32_t vtc_flow, uint8_t nxt, size_t plen,
                  uint8_t hlim, const uint8_t src[16], const uint8_t dst[16]);

/* What test_put_l4() writes besides the payload. */
struct test_l4 {
    uint16_t sport;             /* TCP and UDP source port. */
    uint16_t dport;             /* TCP and UDP destination port. */
    uint16_t tcp_ctl;           /* TCP data offset, flags. */
    uint8_t mult, add;          /* Payload byte i is i * mult + add. */
};

/* Writes at 'l4' a TCP, UDP, ICMP or ICMPv6 message of 'len' bytes in all:
 * the patterned payload of 'f' under a TCP header (ports, 'tcp_ctl',
 * urgent pointer 0), a UDP header (ports, length) or an Echo Request
 * header (code 0), with a checksum of zero for test_fix_checksums() to
 * fill in. */
void test_put_l4(uint8_t *l4, uint8_t proto, size_t len,
                 const struct test_l4 *f);

/* Write at 'p' a whole datagram of 'l4_len' bytes of 'proto' (TCP, UDP, or
 * an ICMP or ICMPv6 Echo Request, the payload patterned as 'f' says) with
 * its checksums, IPv4 from 'src' to 'dst' with TTL 'ttl', Identification
 * 'id' and no flags (a UDP checksum left zero unless 'udp_csum'), or IPv6
 * with Hop Limit 'hlim'.  Return its length. */
size_t test_put_dgram4(uint8_t *p, uint8_t proto, size_t l4_len,
                       uint32_t src, uint32_t dst, uint8_t ttl, uint16_t id,
                       bool udp_csum, const struct test_l4 *f);
size_t test_put_dgram6(uint8_t *p, uint8_t proto, size_t l4_len,
                       const uint8_t src[16], const uint8_t dst[16],
                       uint8_t hlim, const struct test_l4 *f);

/* Write at 'out' the fragment of the whole datagram at 'd' ('len' bytes)
 * that carries its payload bytes from 'ofs' (a multiple of 8), at most
 * 'chunk' of them, as the sender would: IPv4 (RFC 791 section 3.2, the
 * header with its options copied, DF kept) or IPv6 (RFC 8200 section
 * 4.5, a 40-byte header without extension headers, a Fragment header with
 * Identification 'id').  The payload of 'd' ends the datagram.  Return
 * the fragment's length. */
size_t test_frag4(const uint8_t *d, size_t len, size_t ofs, size_t chunk,
                  uint8_t *out);
size_t test_frag6(const uint8_t *d, size_t len, size_t ofs, size_t chunk,
                  uint32_t id, uint8_t *out);

/* Advances the xorshift64 generator '*state' (nonzero) and returns its
 * new value: a fixed sequence for a given seed, not a random one. */
uint64_t test_xorshift64(uint64_t *state);

/* Prints 'len' bytes at 'p' in hex to stderr under 'title', 16 a line. */
void test_print_hex(const char *title, const uint8_t *p, size_t len);

#endif /* testpkt.h */
