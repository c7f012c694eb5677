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


/* Fragmentation of translated IPv4 packets (lib/frag.c with
 * lib/xlat-64.c): RFC 7915 section 5 ("the translator MUST send a Packet
 * Too Big error message or fragment the packet when the packet size
 * exceeds the MTU of the next-hop interface"), RFC 791 section 3.2 (how
 * an IPv4 datagram is cut) and RFC 7915 sections 5.1 and 5.1.1 (DF and
 * Identification). */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-packets.h"

#define PREFIX "prefix=2001:db8:64::/96"

/* 192.0.2.1 and 198.51.100.2 through 2001:db8:64::/96. */
#define S6 "20010db80064000000000000c0000201"
#define D6 "20010db80064000000000000c6336402"
#define S4 "c0000201"
#define D4 "c6336402"

static struct test_pkt tp;
static uint8_t in[4000], whole[4000], piece[2000], want[2000];

/* Fills 'n' bytes at 'p' with the pattern i & 0xff. */
static void
fill(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = i & 0xff;
    }
}

/* Builds into 'in' an IPv6 UDP datagram (hop limit 64) whose UDP part is
 * 'udp_len' bytes, with a Fragment header (offset 0, M clear, ID 'id') if
 * 'frag', and into 'whole' the IPv4 packet it translates to before any
 * cutting (ID 'id4', flags 'flags4', TTL 63), checksums filled in.
 * Returns the length of 'in'; the IPv4 length is 20 + 'udp_len'. */
static size_t
build_udp(size_t udp_len, bool frag, uint32_t id, uint16_t id4,
          uint16_t flags4)
{
    static uint8_t data[4000], bare[4000];
    char head[256];
    size_t n;

    fill(data, udp_len - 8);
    snprintf(head, sizeof head, "60000000 %04zx 11 40" S6 D6
             "d431 0035 %04zx 0000", udp_len, udp_len);
    n = test_build(bare, sizeof bare, head, data, udp_len - 8);
    snprintf(head, sizeof head, "4500%04zx %04x %04x 3f11 0000" S4 D4
             "d431 0035 %04zx 0000", udp_len + 20, id4, flags4, udp_len);
    test_build(whole, sizeof whole, head, data, udp_len - 8);
    if (!frag) {
        memcpy(in, bare, n);
        return n;
    }

    /* The same datagram behind a Fragment header: the UDP checksum does
     * not change (RFC 8200 section 8.1: the upper-layer length). */
    snprintf(head, sizeof head, "60000000 %04zx 2c 40" S6 D6
             "1100 0000 %08x", udp_len + 8, id);
    test_hex(head, in, 48);
    memcpy(in + 48, bare + 40, udp_len);
    return 48 + udp_len;
}

/* Translates the 'n' bytes of 'in' with 'cfg' into 'tp'. */
static enum ipxlat_reason
translate(const struct ipxlat_config *cfg, size_t n)
{
    struct ipxlat_ctx ctx = { .now_ms = 1000 };

    test_pkt_load_raw(&tp, in, n);
    return ipxlat_translate(cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
}

/* Asserts that 'it' produces next an IPv4 fragment with Identification
 * 'id', flags and offset 'frag' (offset in 8-byte units) and the 'chunk'
 * payload bytes at 'data', TTL 63, DF clear, its header checksum valid. */
static void
expect_piece(struct ipxlat_frag_iter *it, uint16_t id, uint16_t frag,
             const uint8_t *data, size_t chunk)
{
    char head[128];
    size_t w, n;

    snprintf(head, sizeof head, "4500%04zx %04x %04x 3f11 0000" S4 D4,
             chunk + 20, id, frag);
    w = test_build(want, sizeof want, head, data, chunk);
    n = ipxlat_frag_next(it, piece, sizeof piece);
    assert_int_equal(n, w);
    assert_memory_equal(piece, want, w);
}

/* RFC 7915 section 5.1.1: a 3000-byte IPv6 datagram with a Fragment
 * header becomes an IPv4 packet with ID = the low 16 bits of the IPv6 ID
 * and DF clear; 2972 bytes do not fit mtu4 1500, so it is cut (RFC 791):
 * 1480 payload bytes (a multiple of 8) with MF, then the last 1472 bytes
 * at offset 185 (1480 / 8) with MF clear; the UDP checksum is that of the
 * whole datagram. */
static void
udp_3000_bytes_with_fragment_header_cut_to_mtu4(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct ipxlat_frag_iter it;
    size_t n = build_udp(2952, true, 0x12345678, 0x5678, 0);

    assert_int_equal(n, 3000);
    assert_int_equal(translate(cfg, n), IPXLAT_FRAG_64);
    assert_int_equal(ipxlat_reason_verdict(IPXLAT_FRAG_64),
                     IPXLAT_FRAGMENTS);
    assert_string_equal(ipxlat_reason_name(IPXLAT_FRAG_64), "frag_64");
    assert_int_equal(tp.pkt.len, 2972);
    assert_memory_equal(tp.pkt.data, whole, 2972);

    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 0x5678, IP_MF | 0, whole + 20, 1480);
    expect_piece(&it, 0x5678, 185, whole + 20 + 1480, 1472);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1.1 copies the offset and M flag of an IPv6
 * fragment; cut again, its pieces' offsets add to its own and the last
 * piece keeps its MF, so they stay a consistent part of the datagram.
 * No upper-layer header is touched (offset 2000). */
static void
non_first_fragment_is_cut_with_offsets_added(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct ipxlat_frag_iter it;
    static uint8_t data[2400];
    size_t n;

    fill(data, sizeof data);

    /* A middle fragment: offset 2000 (250 units), M set, 2400 bytes. */
    n = test_build(in, sizeof in, "60000000 0968 2c 40" S6 D6
                   "1100 07d1 abcd1234", data, sizeof data);
    assert_int_equal(translate(cfg, n), IPXLAT_FRAG_64);
    assert_int_equal(tp.pkt.len, 2420);
    assert_int_equal(get_be16(tp.pkt.data + 6), IP_MF | 250);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 0x1234, IP_MF | 250, data, 1480);
    expect_piece(&it, 0x1234, IP_MF | 435, data + 1480, 920);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);

    /* The last fragment (M clear): the last piece has MF clear. */
    n = test_build(in, sizeof in, "60000000 0968 2c 40" S6 D6
                   "1100 07d0 abcd1234", data, sizeof data);
    assert_int_equal(translate(cfg, n), IPXLAT_FRAG_64);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 0x1234, IP_MF | 250, data, 1480);
    expect_piece(&it, 0x1234, 435, data + 1480, 920);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* RFC 8200 section 4.5: a fragment that would make the datagram longer
 * than 65535 bytes is discarded, not translated or cut with offsets that
 * wrap around the 13-bit IPv4 field; one that just fits is cut. */
static void
fragment_reaching_past_65535_bytes_is_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct ipxlat_frag_iter it;
    static uint8_t data[2000];
    size_t n;

    fill(data, sizeof data);

    /* Offset 63536 (7942 units) + 2000 bytes = 65536. */
    n = test_build(in, sizeof in, "60000000 07d8 2c 40" S6 D6
                   "1100 f830 abcd1234", data, sizeof data);
    assert_int_equal(translate(cfg, n), IPXLAT_DROP_MALFORMED_IP6);

    /* Offset 63528 (7941 units) + 2000 bytes = 65528: pieces at 7941 and
     * 8126 (7941 + 1480 / 8) units. */
    n = test_build(in, sizeof in, "60000000 07d8 2c 40" S6 D6
                   "1100 f828 abcd1234", data, sizeof data);
    assert_int_equal(translate(cfg, n), IPXLAT_FRAG_64);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 0x1234, IP_MF | 7941, data, 1480);
    expect_piece(&it, 0x1234, 8126, data + 1480, 520);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* Without a Fragment header, a translation of at most 1260 bytes has DF
 * clear (RFC 7915 section 6 workaround, as Jool), so a 1200-byte one
 * that exceeds mtu4 576 is cut, not answered with a Packet Too Big the
 * sender could not honour: (576 - 20) rounded down to 8 = 552 bytes per
 * piece, offsets 0, 69, 138, every piece with the packet's ID (the
 * translator's choice, RFC 6864). */
static void
df_clear_packet_without_fragment_header_cut_to_small_mtu4(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX ",mtu4=576");
    struct ipxlat_frag_iter it;
    size_t n = build_udp(1180, false, 0, 0, 0);
    uint16_t id;

    assert_int_equal(n, 1220);
    assert_int_equal(translate(cfg, n), IPXLAT_FRAG_64);
    assert_int_equal(tp.pkt.len, 1200);
    id = get_be16(tp.pkt.data + 4);
    assert_int_equal(get_be16(tp.pkt.data + 6), 0);

    /* The whole translation as written from the RFC, but for the ID. */
    put_be16(whole + 4, id);
    test_fix_checksums(whole, 1200);
    assert_memory_equal(tp.pkt.data, whole, 1200);

    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, id, IP_MF | 0, whole + 20, 552);
    expect_piece(&it, id, IP_MF | 69, whole + 20 + 552, 552);
    expect_piece(&it, id, 138, whole + 20 + 1104, 76);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1: a translation of over 1260 bytes without a
 * Fragment header has DF set, so it is not cut: the sender gets a Packet
 * Too Big 2/0 whose MTU is max(1280, mtu4 + 20) = 1280. */
static void
df_set_packet_too_big_gets_packet_too_big_1280(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX ",mtu4=1000");
    size_t n = build_udp(1380, false, 0, 0, IP_DF);

    assert_int_equal(n, 1420);
    assert_int_equal(translate(cfg, n), IPXLAT_ERR_PACKET_TOO_BIG);
    /* The ICMPv6 error: type 2, code 0, MTU 1280. */
    assert_int_equal(tp.pkt.data[0] >> 4, 6);
    assert_int_equal(tp.pkt.data[6], 58);
    assert_int_equal(tp.pkt.data[40], 2);
    assert_int_equal(tp.pkt.data[41], 0);
    assert_int_equal(get_be32(tp.pkt.data + 44), 1280);
    ipxlat_config_free(cfg);
}

/* A buffer too small for the next fragment ends the iteration; mtu4
 * bytes always suffice. */
static void
small_buffer_gives_zero(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct ipxlat_frag_iter it;
    size_t n = build_udp(2952, true, 0x12345678, 0x5678, 0);

    assert_int_equal(translate(cfg, n), IPXLAT_FRAG_64);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    assert_int_equal(ipxlat_frag_next(&it, piece, 1499), 0);
    assert_int_equal(ipxlat_frag_next(&it, piece, 1500), 1500);
    assert_int_equal(ipxlat_frag_next(&it, piece, 1500), 1492);
    assert_int_equal(ipxlat_frag_next(&it, piece, 1500), 0);
    ipxlat_config_free(cfg);
}

/* The first fragment made in place in the packet is the one that
 * ipxlat_frag_next() would copy out (its own Total Length, MF and Header
 * Checksum), and the others follow unchanged, also for a small mtu4 that
 * gives many pieces. */
static void
first_fragment_in_place(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct ipxlat_config *small = test_config(PREFIX ",mtu4=576");
    size_t n = build_udp(2952, true, 0x12345678, 0x5678, 0);

    assert_int_equal(translate(cfg, n), IPXLAT_FRAG_64);
    assert_int_equal(test_frag_in_place(cfg, &tp.pkt), 2);
    assert_int_equal(translate(small, n), IPXLAT_FRAG_64);
    assert_int_equal(test_frag_in_place(small, &tp.pkt), 6);
    ipxlat_config_free(small);
    ipxlat_config_free(cfg);
}

/* RFC 791 section 3.2: an IPv4 datagram with DF set is never cut: the
 * iterator gives no fragment for one. */
static void
df_set_ipv4_packet_is_never_cut(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX ",mtu4=576");
    struct ipxlat_frag_iter it;
    struct ipxlat_pkt pkt;

    build_udp(1380, false, 0, 0, IP_DF);
    pkt.data = whole;
    pkt.len = 1400;
    pkt.headroom = pkt.tailroom = 0;
    ipxlat_frag_init(&it, cfg, &pkt);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* RFC 7757 section 4.2: a packet whose destination (through the prefix)
 * is an EAM address is hairpinned whole, before it would be cut for mtu4
 * (the IPv4 side, which it never reaches): it goes back as one IPv6
 * packet to the EAM's IPv6 address, hop limit decremented once, the
 * source still in the prefix, the UDP checksum updated. */
static void
too_big_packet_to_eam_address_is_hairpinned_whole(void **state)
{
    struct ipxlat_config *cfg
        = test_config(PREFIX ",eam(198.51.100.2,2001:db8:b::2),mtu4=576");
    static const char *b6 = "20010db8000b00000000000000000002";
    static uint8_t back[2000];
    size_t n = build_udp(1180, false, 0, 0, 0);

    /* Destination 2001:db8:64::198.51.100.2, which the EAM holds. */
    memcpy(back, in, n);
    back[7] = 0x3f;
    test_hex(b6, back + 24, 16);
    test_fix_checksums(back, n);
    assert_int_equal(translate(cfg, n), IPXLAT_HAIRPIN);
    assert_int_equal(tp.pkt.len, n);
    assert_memory_equal(tp.pkt.data, back, n);
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(udp_3000_bytes_with_fragment_header_cut_to_mtu4),
        cmocka_unit_test(non_first_fragment_is_cut_with_offsets_added),
        cmocka_unit_test(fragment_reaching_past_65535_bytes_is_dropped),
        cmocka_unit_test(
            df_clear_packet_without_fragment_header_cut_to_small_mtu4),
        cmocka_unit_test(df_set_packet_too_big_gets_packet_too_big_1280),
        cmocka_unit_test(small_buffer_gives_zero),
        cmocka_unit_test(first_fragment_in_place),
        cmocka_unit_test(df_set_ipv4_packet_is_never_cut),
        cmocka_unit_test(too_big_packet_to_eam_address_is_hairpinned_whole),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
