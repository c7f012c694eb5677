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


/* Fragmentation of translated packets (lib/frag.c with lib/xlat-46.c):
 * RFC 7915 section 4.1 (payload per fragment (mpl - 48) rounded down to
 * 8, the IPv4 ID kept), RFC 8200 section 4.5. */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-xlat.h"

#define CFG "prefix=2001:db8:64::/96"
#define SRC4 "c6336402"
#define DST4 "c0000221"
#define SRC6 "20010db80064000000000000c6336402"
#define DST6 "20010db80064000000000000c0000221"

static struct test_pkt tp;
static uint8_t p4[70000], p6[70000], piece[2000], want[2000];

/* Builds into p4 an IPv4 UDP packet of 'tot' bytes with flags/offset
 * 'frag' and ID 0x1234, payload bytes i & 0xff, and into p6 the IPv6
 * packet it translates to without any fragmentation (checksums filled in
 * for a whole datagram). */
static void
build(size_t tot, uint16_t frag)
{
    char h4[160], h6[200];

    snprintf(h4, sizeof h4, "4500%04zx 1234 %04x 40 11 0000" SRC4 DST4
             "d431 0035 %04zx 0000", tot, frag, tot - 20);
    snprintf(h6, sizeof h6, "60000000 %04zx 11 3f" SRC6 DST6
             "d431 0035 %04zx 0000", tot - 20, tot - 20);
    test_hex(h4, p4, 28);
    test_hex(h6, p6, 48);
    for (size_t i = 28; i < tot; i++) {
        p4[i] = p6[i + 20] = i & 0xff;
    }
    test_fix_checksums(p4, tot);
    test_fix_checksums(p6, tot + 20);
}

/* Translates the 'n' bytes of p4 with ipxlat_translate(). */
static enum ipxlat_reason
translate(const struct ipxlat_config *cfg, size_t n)
{
    struct ipxlat_ctx ctx = { .now_ms = 1000 };

    test_pkt_load_raw(&tp, p4, n);
    return ipxlat_translate(cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
}

/* Asserts that 'it' produces next a fragment with Fragment header
 * offset/flags 'off_flags' and the 'chunk' bytes at 'data'. */
static void
expect_piece(struct ipxlat_frag_iter *it, uint16_t off_flags,
             const uint8_t *data, size_t chunk)
{
    char head[200];
    size_t w, n;

    snprintf(head, sizeof head, "60000000 %04zx 2c 3f" SRC6 DST6
             "11 00 %04x 00001234", chunk + 8, off_flags);
    w = test_hex(head, want, sizeof want);
    memcpy(want + w, data, chunk);
    w += chunk;
    n = ipxlat_frag_next(it, piece, sizeof piece);
    assert_int_equal(n, w);
    assert_memory_equal(piece, want, w);
}

/* RFC 7915 section 4.1: a 3000-byte datagram with DF clear becomes
 * fragments of at most 1280 bytes (1232 payload bytes each), the IPv4 ID
 * zero-extended, the UDP checksum the whole datagram's. */
static void
udp_3000_bytes_df_clear_fragmented(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    struct ipxlat_frag_iter it;
    const uint8_t *pl = p6 + 40;

    build(3000, 0);
    assert_int_equal(translate(cfg, 3000), IPXLAT_FRAG_46);
    assert_int_equal(ipxlat_reason_verdict(IPXLAT_FRAG_46),
                     IPXLAT_FRAGMENTS);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 0x0000 | 1, pl, 1232);
    expect_piece(&it, 1232 | 1, pl + 1232, 1232);
    expect_piece(&it, 2464, pl + 2464, 516);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* The fragment size follows min(mtu6, lowest_ipv6_mtu). */
static void
fragment_size_follows_mtu(void **state)
{
    struct ipxlat_config *cfg
        = test_config(CFG ",mtu6=1400,lowest_ipv6_mtu=1500");
    struct ipxlat_frag_iter it;
    const uint8_t *pl = p6 + 40;

    /* (1400 - 48) & ~7 = 1352. */
    build(3000, 0);
    assert_int_equal(translate(cfg, 3000), IPXLAT_FRAG_46);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 0x0000 | 1, pl, 1352);
    expect_piece(&it, 1352 | 1, pl + 1352, 1352);
    expect_piece(&it, 2704, pl + 2704, 276);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* Exactly at the limit: 1260 IPv4 bytes make 1280 IPv6 bytes, not
 * fragmented; one more byte is. */
static void
limit_is_inclusive(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    build(1260, 0);
    assert_int_equal(translate(cfg, 1260), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, 1280);
    assert_memory_equal(tp.pkt.data, p6, 1280);
    build(1261, 0);
    assert_int_equal(translate(cfg, 1261), IPXLAT_FRAG_46);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: an IPv4 fragment too big for the IPv6 side is cut
 * again: its ID kept, offsets added to its own, its M flag kept on the
 * last piece.  No transport header is touched (offset 1000). */
static void
fragment_refragmented(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    struct ipxlat_frag_iter it;

    /* A middle fragment: MF set, offset 1000 (125 units), 2000 bytes. */
    build(2020, IP_MF | 125);
    assert_int_equal(translate(cfg, 2020), IPXLAT_FRAG_46);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 1000 | 1, p4 + 20, 1232);
    expect_piece(&it, 2232 | 1, p4 + 20 + 1232, 768);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);

    /* The last fragment: MF clear, so the last piece has M clear. */
    build(2020, 125);
    assert_int_equal(translate(cfg, 2020), IPXLAT_FRAG_46);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 1000 | 1, p4 + 20, 1232);
    expect_piece(&it, 2232, p4 + 20 + 1232, 768);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* A first fragment too big: its UDP checksum updated incrementally, then
 * cut; the pieces carry the translated bytes. */
static void
first_fragment_refragmented(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    struct ipxlat_frag_iter it;
    uint8_t l4[2000];

    /* Built as a whole datagram, then marked MF: p6's checksum is the
     * translation of p4's, as the update does not depend on the
     * length. */
    build(2020, 0);
    put_be16(p4 + 6, IP_MF);
    test_fix_ip4_header(p4);
    memcpy(l4, p6 + 40, 2000);
    assert_int_equal(translate(cfg, 2020), IPXLAT_FRAG_46);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    expect_piece(&it, 0 | 1, l4, 1232);
    expect_piece(&it, 1232 | 1, l4 + 1232, 768);
    assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece), 0);
    ipxlat_config_free(cfg);
}

/* A buffer too small for the next fragment ends the iteration. */
static void
small_buffer_gives_zero(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    struct ipxlat_frag_iter it;

    build(3000, 0);
    assert_int_equal(translate(cfg, 3000), IPXLAT_FRAG_46);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    assert_int_equal(ipxlat_frag_next(&it, piece, 1279), 0);
    assert_int_equal(ipxlat_frag_next(&it, piece, 1280), 1280);
    ipxlat_config_free(cfg);
}

/* The first fragment made in place in the packet is the one that
 * ipxlat_frag_next() would copy out, and the others follow unchanged:
 * for a whole datagram, a middle fragment cut again and the last one.
 * Given a buffer other than the packet's, it changes nothing. */
static void
first_fragment_in_place(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    struct ipxlat_frag_iter it;

    build(3000, 0);
    assert_int_equal(translate(cfg, 3000), IPXLAT_FRAG_46);
    assert_int_equal(test_frag_in_place(cfg, &tp.pkt), 3);
    build(2020, IP_MF | 125);
    assert_int_equal(translate(cfg, 2020), IPXLAT_FRAG_46);
    assert_int_equal(test_frag_in_place(cfg, &tp.pkt), 2);
    build(2020, 125);
    assert_int_equal(translate(cfg, 2020), IPXLAT_FRAG_46);
    assert_int_equal(test_frag_in_place(cfg, &tp.pkt), 2);

    /* Not the packet the iterator cuts: nothing happens. */
    build(3000, 0);
    assert_int_equal(translate(cfg, 3000), IPXLAT_FRAG_46);
    ipxlat_frag_init(&it, cfg, &tp.pkt);
    assert_int_equal(ipxlat_frag_first_in_place(&it, piece), 0);
    assert_int_equal(ipxlat_frag_count(&it), 3);
    ipxlat_config_free(cfg);
}

/* DF set: never fragmented (within mtu6, forwarded whole). */
static void
df_set_not_fragmented(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    build(1400, IP_DF);
    assert_int_equal(translate(cfg, 1400), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, 1420);
    assert_memory_equal(tp.pkt.data, p6, 1420);
    ipxlat_config_free(cfg);
}

/* The hairpin pass never fragments. */
static void
hairpin_pass_not_fragmented(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    struct xlat_state st = { .cfg = cfg, .ctx = &ctx, .pkt = &tp.pkt,
                             .return_pass = true };

    build(3000, 0);
    test_pkt_load_raw(&tp, p4, 3000);
    assert_int_equal(ipxl_xlat_46(&st), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, 3020);
    p6[7] = 64;
    assert_memory_equal(tp.pkt.data, p6, 3020);
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(udp_3000_bytes_df_clear_fragmented),
        cmocka_unit_test(fragment_size_follows_mtu),
        cmocka_unit_test(limit_is_inclusive),
        cmocka_unit_test(fragment_refragmented),
        cmocka_unit_test(first_fragment_refragmented),
        cmocka_unit_test(small_buffer_gives_zero),
        cmocka_unit_test(first_fragment_in_place),
        cmocka_unit_test(df_set_not_fragmented),
        cmocka_unit_test(hairpin_pass_not_fragmented),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
