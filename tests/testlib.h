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

#ifndef IPXLAT_TESTLIB_H
#define IPXLAT_TESTLIB_H 1

/* Helpers shared by the cmocka unit tests: packets written as hex text,
 * one translation in a buffer with room on both sides, exact comparison,
 * addresses from text.  The packet builder and the independent checksums
 * that fixtures carry are in testpkt.h, which the benchmark and the fuzz
 * seed generator share.
 *
 * Hex text may contain spaces, newlines and '|' (ignored), so fixtures can
 * be laid out one header per line. */

#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ipxlat.h"
#include "ipxlat-packets.h"
#include "testpkt.h"

#define TEST_BUF_SIZE 70000
#define TEST_HEADROOM 128

/* A buffer with TEST_HEADROOM bytes before the packet. */
struct test_pkt {
    uint8_t buf[TEST_BUF_SIZE];
    struct ipxlat_pkt pkt;
};

/* Parses hex 'text' into 'out' (at most 'cap' bytes); returns the byte
 * count.  Fails the test on a bad digit. */
size_t test_hex(const char *text, uint8_t *out, size_t cap);

/* Loads hex 'text' into 'tp' as a packet with full head and tail room. */
void test_pkt_load(struct test_pkt *tp, const char *text);

/* Loads the 'len' bytes at 'in' into 'tp' the same way. */
void test_pkt_load_raw(struct test_pkt *tp, const uint8_t *in, size_t len);

/* The family a host would have parsed for the packet in 'pkt' from its
 * link layer, here taken from its version nibble (IPv6 for 6, else IPv4):
 * the tests of a mismatch pass the other family themselves. */
enum ipxlat_family test_family(const struct ipxlat_pkt *);

/* Parses 'config' (failing the test on error) and returns it. */
struct ipxlat_config *test_config(const char *config);

/* Translates 'in_hex' with 'cfg' and asserts the reason is 'expected' and,
 * unless 'out_hex' is NULL, the resulting packet equals 'out_hex' byte for
 * byte (on mismatch both packets are printed).  'stats' may be NULL. */
void test_xlat(const struct ipxlat_config *cfg, const char *in_hex,
               enum ipxlat_reason expected, const char *out_hex);

/* Like test_xlat() but leaves the result in 'tp' for further checks. */
enum ipxlat_reason test_xlat_pkt(const struct ipxlat_config *cfg,
                                 struct test_pkt *tp, const char *in_hex);

/* Asserts that 'len' bytes at 'got' equal hex 'expected_hex'. */
void test_assert_bytes(const uint8_t *got, size_t len,
                       const char *expected_hex);

/* Asserts that translated packet 'pkt' (verdict IPXLAT_FRAGMENTS), cut
 * with its first fragment made in place (ipxlat_frag_first_in_place()),
 * gives the same fragments, byte for byte and in the same order, as
 * ipxlat_frag_next() alone, and that ipxlat_frag_count() counts them.
 * Returns how many there are.  Rewrites 'pkt''s headers. */
size_t test_frag_in_place(const struct ipxlat_config *cfg,
                          struct ipxlat_pkt *pkt);

/* Builds a packet into 'out' ('cap' bytes): 'head_hex' followed by
 * 'tail_len' bytes at 'tail' (for example a quoted inner packet built
 * before), then fills in the checksums of the whole as
 * test_fix_checksums() does.  Returns the length. */
size_t test_build(uint8_t *out, size_t cap, const char *head_hex,
                  const uint8_t *tail, size_t tail_len);

/* Parses hex 'text' into 'out' and fills in its checksums.  Returns the
 * length. */
size_t test_packet(uint8_t *out, size_t cap, const char *text);

/* Parses hex 'text' into 'out' as an IPv6 packet, possibly with extension
 * headers, and fills in its upper-layer checksum (test_fix_checksums6()).
 * Returns the length. */
size_t test_pkt6(uint8_t *out, size_t cap, const char *text);

/* The IPv4 or IPv6 address written as 's', failing the test if it is
 * none. */
ovs_be32 test_v4(const char *s);
struct in6_addr test_v6(const char *s);

/* A directory of the test program's own, for files: make it in a cmocka
 * group setup (test_dir_setup) and remove it with everything in it in the
 * group teardown (test_dir_teardown).  test_dir_path() returns DIR/NAME
 * in one of two static buffers, so that two paths may be used at once. */
int test_dir_setup(void **state);
int test_dir_teardown(void **state);
const char *test_dir(void);
const char *test_dir_path(const char *name);

#endif /* testlib.h */
