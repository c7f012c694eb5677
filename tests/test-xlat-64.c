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

/* IPv6 to IPv4 header translation (RFC 7915 section 5.1, 5.1.1), byte for
 * byte against fixtures written from the RFC. */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-packets.h"
#include "ipxlat-validate.h"
#include "ipxlat-xlat.h"

#define PREFIX "prefix=2001:db8:64::/96"

/* 192.0.2.1 and 198.51.100.2 through 2001:db8:64::/96. */
#define S6 "20010db80064000000000000c0000201"
#define D6 "20010db80064000000000000c6336402"
#define S4 "c0000201"
#define D4 "c6336402"

static struct test_pkt tp;

/* Translates the 'len' bytes at 'in' into 'tp'. */
static enum ipxlat_reason
run(const struct ipxlat_config *cfg, const uint8_t *in, size_t len)
{
    struct ipxlat_ctx ctx = { .now_ms = 1000 };

    test_pkt_load_raw(&tp, in, len);
    return ipxlat_translate(cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
}

/* Asserts that 'tp' holds 'want' ('len' bytes).  With 'any_id', the IPv4
 * Identification (the translator's choice when DF is clear and there is no
 * Fragment header) and hence the header checksum are not compared, but the
 * checksum must be valid. */
static void
assert_pkt(const uint8_t *want, size_t len, bool any_id)
{
    uint8_t got[TEST_BUF_SIZE];

    assert_int_equal(tp.pkt.len, len);
    memcpy(got, tp.pkt.data, len);
    if (any_id) {
        assert_int_equal(test_csum_finish(test_csum_add(0, got, 20)), 0);
        memcpy(got + 4, want + 4, 2);
        memcpy(got + 10, want + 10, 2);
    }
    assert_memory_equal(got, want, len);
}

/* Runs 'in' with 'config' and asserts reason 'want_r' and, for a
 * translation, the packet 'want'. */
static void
check(const char *config, const uint8_t *in, size_t n,
      enum ipxlat_reason want_r, const uint8_t *want, size_t wn,
      bool any_id)
{
    struct ipxlat_config *cfg = test_config(config);
    enum ipxlat_reason r = run(cfg, in, n);

    if (r != want_r) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(r),
                 ipxlat_reason_name(want_r));
    }
    if (want) {
        assert_pkt(want, wn, any_id);
    }
    ipxlat_config_free(cfg);
}

/* Runs ipxl_xlat_64() alone on 'in' (so that no error gets built) and returns
 * its state in '*st'. */
static enum ipxlat_reason
run_step(const struct ipxlat_config *cfg, const uint8_t *in, size_t len,
         struct xlat_state *st)
{
    static struct ipxlat_ctx ctx = { .now_ms = 1000 };

    test_pkt_load_raw(&tp, in, len);
    memset(st, 0, sizeof *st);
    st->cfg = cfg;
    st->ctx = &ctx;
    st->pkt = &tp.pkt;
    return ipxl_xlat_64(st);
}

/* RFC 7915 section 5.1: version 4, IHL 5, TOS from Traffic Class, Total
 * Length = Payload Length + 20, DF clear below 1261 bytes, TTL = Hop
 * Limit - 1, Protocol copied, addresses through the prefix; RFC 7915
 * section 5.5 / RFC 1624: the UDP checksum follows the addresses. */
static void
udp_is_translated_with_checksum_updated(void **state)
{
    uint8_t in[128], want[128];
    size_t n = test_pkt6(in, sizeof in, "60000000 000c 11 40" S6 D6
                    "04d20035 000c 0000 deadbeef");
    size_t w = test_packet(want, sizeof want,
                           "45000020 0000 0000 3f11 0000" S4 D4
                           "04d20035 000c 0000 deadbeef");

    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);
}

/* As above for TCP (checksum at offset 16). */
static void
tcp_is_translated_with_checksum_updated(void **state)
{
    uint8_t in[128], want[128];
    size_t n = test_pkt6(in, sizeof in, "60000000 0018 06 40" S6 D6
                    "04d20050 00000001 00000000 5002ffff 0000 0000"
                    "cafebabe");
    size_t w = test_packet(want, sizeof want,
                           "4500002c 0000 0000 3f06 0000" S4 D4
                           "04d20050 00000001 00000000 5002ffff 0000 0000"
                           "cafebabe");

    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);
}

/* RFC 7915 section 5.1: TOS is the whole Traffic Class, the Flow Label is
 * dropped, TTL is the Hop Limit minus one. */
static void
traffic_class_and_hop_limit_are_translated(void **state)
{
    uint8_t in[128], want[128];
    size_t n = test_pkt6(in, sizeof in, "6ab12345 000c 11 05" S6 D6
                    "04d20035 000c 0000 deadbeef");
    size_t w = test_packet(want, sizeof want,
                           "45ab0020 0000 0000 0411 0000" S4 D4
                           "04d20035 000c 0000 deadbeef");

    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);
}

/* RFC 7915 section 5.1 (Protocol): Hop-by-Hop, Routing (no segments left)
 * and Destination Options headers are skipped over; the Total Length does
 * not count them. */
static void
extension_headers_are_skipped(void **state)
{
    uint8_t in[160], want[128];
    size_t n = test_pkt6(in, sizeof in, "60000000 0034 00 40" S6 D6
                    "2b00 0000 0000 0000"                  /* Hop-by-hop. */
                    "3c02 0000 00000000"                   /* Routing, */
                    "20010db8000000000000000000000001"     /* segleft 0. */
                    "1100 0104 00000000"                   /* Dst opts. */
                    "04d20035 000c 0000 deadbeef");
    size_t w = test_packet(want, sizeof want,
                           "45000020 0000 0000 3f11 0000" S4 D4
                           "04d20035 000c 0000 deadbeef");

    assert_int_equal(n, 40 + 0x34);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);
}

/* Bytes past the Payload Length (link-layer padding) are dropped. */
static void
trailing_bytes_are_trimmed(void **state)
{
    uint8_t in[128], want[128];
    size_t n = test_pkt6(in, sizeof in, "60000000 000c 11 40" S6 D6
                    "04d20035 000c 0000 deadbeef");
    size_t w = test_packet(want, sizeof want,
                           "45000020 0000 0000 3f11 0000" S4 D4
                           "04d20035 000c 0000 deadbeef");

    memset(in + n, 0xee, 6);
    check(PREFIX, in, n + 6, IPXLAT_XLAT_64, want, w, true);
}

/* Reads the 16-bit checksum at 'ofs' of the packet built from hex. */
static uint16_t
csum_of(const char *hex, bool v6, size_t ofs)
{
    uint8_t p[256];
    size_t n = (v6 ? test_pkt6(p, sizeof p, hex)
                : test_packet(p, sizeof p, hex));
    uint16_t c;

    assert_true(ofs + 2 <= n);
    memcpy(&c, p + ofs, 2);
    return c;
}

/* RFC 7915 section 5.1.1: with a Fragment header, Total Length excludes
 * it, Identification is the low 16 bits of its Identification, MF is M,
 * DF is clear and the offset is copied.  The first fragment's UDP checksum
 * (over the whole datagram) follows the addresses; the other fragments
 * carry no UDP header and are not touched. */
static void
fragments_become_ipv4_fragments(void **state)
{
    /* The whole datagram: UDP header and 24 data bytes. */
    uint16_t c6 = csum_of("60000000 0020 11 40" S6 D6
                          "04d20035 0020 0000"
                          "0001020304050607 08090a0b0c0d0e0f"
                          "1011121314151617", true, 46);
    uint16_t c4 = csum_of("45000034 0000 0000 4011 0000" S4 D4
                          "04d20035 0020 0000"
                          "0001020304050607 08090a0b0c0d0e0f"
                          "1011121314151617", false, 26);
    uint8_t in[128], want[128];
    size_t n, w;

    /* First: UDP header + 8 bytes, offset 0, M. */
    n = test_hex("60000000 0018 2c 40" S6 D6
                 "1100 0001 12345678"
                 "04d20035 0020 0000 0001020304050607", in, sizeof in);
    memcpy(in + 54, &c6, 2);
    w = test_hex("45000024 5678 2000 3f11 0000" S4 D4
                 "04d20035 0020 0000 0001020304050607", want, sizeof want);
    memcpy(want + 26, &c4, 2);
    test_fix_ip4_header(want);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, false);

    /* Middle: 8 bytes at offset 16, M. */
    n = test_hex("60000000 0010 2c 40" S6 D6
                 "1100 0011 12345678 08090a0b0c0d0e0f", in, sizeof in);
    w = test_hex("4500001c 5678 2002 3f11 0000" S4 D4
                 "08090a0b0c0d0e0f", want, sizeof want);
    test_fix_ip4_header(want);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, false);

    /* Last: 8 bytes at offset 24, no M. */
    n = test_hex("60000000 0010 2c 40" S6 D6
                 "1100 0018 12345678 1011121314151617", in, sizeof in);
    w = test_hex("4500001c 5678 0003 3f11 0000" S4 D4
                 "1011121314151617", want, sizeof want);
    test_fix_ip4_header(want);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, false);
}

/* RFC 7915 section 5.1.1 with an atomic fragment (offset 0, no M): the ID
 * still comes from the Fragment header and DF stays clear, whatever the
 * size. */
static void
atomic_fragment_keeps_its_identification(void **state)
{
    uint8_t in[128], want[128];
    size_t n = test_pkt6(in, sizeof in, "60000000 0014 2c 40" S6 D6
                    "1100 0000 8765abcd"
                    "04d20035 000c 0000 deadbeef");
    size_t w = test_packet(want, sizeof want,
                           "45000020 abcd 0000 3f11 0000" S4 D4
                           "04d20035 000c 0000 deadbeef");

    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, false);
}

/* Builds an IPv6 UDP packet whose IPv4 translation is 'len4' bytes, and
 * the expected translation with DF set as 'df' says. */
static void
build_sized(size_t len4, uint8_t *in, size_t *n, uint8_t *want, size_t *w,
            bool df)
{
    static uint8_t zeros[1500];
    size_t udp_len = len4 - 20;
    char head[256];

    snprintf(head, sizeof head, "60000000 %04zx 11 40" S6 D6
             "04d20035 %04zx 0000", udp_len, udp_len);
    *n = test_build(in, 1600, head, zeros, udp_len - 8);
    test_fix_checksums6(in, *n);
    snprintf(head, sizeof head, "4500%04zx 0000 %s 3f11 0000" S4 D4
             "04d20035 %04zx 0000", len4, df ? "4000" : "0000", udp_len);
    *w = test_build(want, 1600, head, zeros, udp_len - 8);
}

/* RFC 7915 section 6 workaround, as Jool applies it: without a Fragment
 * header DF is set, with Identification 0 (RFC 6864 atomic datagram), only
 * when the IPv4 packet exceeds 1260 bytes. */
static void
df_is_set_above_1260_bytes(void **state)
{
    static uint8_t in[1600], want[1600];
    size_t n, w;

    build_sized(1260, in, &n, want, &w, false);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);
    assert_int_equal(get_be16(tp.pkt.data + 6), 0);

    build_sized(1261, in, &n, want, &w, true);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, false);
}

/* RFC 6864: DF clear makes the datagram non-atomic, so its ID is not a
 * constant: two different datagrams get different IDs. */
static void
df_clear_packets_get_varying_identification(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    uint8_t a[128], b[128];
    size_t na = test_pkt6(a, sizeof a, "60000000 000c 11 40" S6 D6
                     "04d20035 000c 0000 deadbeef");
    size_t nb = test_pkt6(b, sizeof b, "60000000 000c 11 40" S6 D6
                     "04d20035 000c 0000 deadbeee");
    uint16_t ida, idb;

    assert_int_equal(run(cfg, a, na), IPXLAT_XLAT_64);
    ida = get_be16(tp.pkt.data + 4);
    assert_int_equal(run(cfg, b, nb), IPXLAT_XLAT_64);
    idb = get_be16(tp.pkt.data + 4);
    assert_int_not_equal(ida, idb);
    ipxlat_config_free(cfg);
}

/* RFC 1624 incremental update: a wrong TCP, UDP or ICMP checksum stays
 * wrong by the same amount.  The payload is corrupted after the checksums
 * were computed, in the input and in the expected output alike. */
static void
wrong_checksums_stay_wrong(void **state)
{
    uint8_t in[128], want[128];
    size_t n, w;

    n = test_pkt6(in, sizeof in, "60000000 000c 11 40" S6 D6
             "04d20035 000c 0000 deadbeef");
    w = test_packet(want, sizeof want, "45000020 0000 0000 3f11 0000" S4 D4
                    "04d20035 000c 0000 deadbeef");
    in[n - 1] ^= 0x5a;
    want[w - 1] ^= 0x5a;
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);

    n = test_pkt6(in, sizeof in, "60000000 0018 06 40" S6 D6
             "04d20050 00000001 00000000 5002ffff 0000 0000 cafebabe");
    w = test_packet(want, sizeof want, "4500002c 0000 0000 3f06 0000" S4 D4
                    "04d20050 00000001 00000000 5002ffff 0000 0000"
                    "cafebabe");
    in[n - 2] ^= 0x11;
    want[w - 2] ^= 0x11;
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);

    n = test_pkt6(in, sizeof in, "60000000 000c 3a 40" S6 D6
             "8000 0000 1234 0001 deadbeef");
    w = test_packet(want, sizeof want, "45000020 0000 0000 3f01 0000" S4 D4
                    "0800 0000 1234 0001 deadbeef");
    in[n - 3] ^= 0x80;
    want[w - 3] ^= 0x80;
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);
}

/* Protocols other than TCP, UDP and ICMPv6 pass with the upper layer
 * untouched (RFC 7915 section 5.1: "all transport protocols are
 * translated"); so do non-first fragments. */
static void
other_protocols_pass_untouched(void **state)
{
    uint8_t in[128], want[128];
    size_t n, w;

    n = test_hex("60000000 0008 84 40" S6 D6 "0001020304050607",
                 in, sizeof in);
    w = test_packet(want, sizeof want, "4500001c 0000 0000 3f84 0000" S4 D4
                    "0001020304050607");
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);

    /* ESP (50) is an upper layer here. */
    n = test_hex("60000000 0008 32 40" S6 D6 "0001020304050607",
                 in, sizeof in);
    w = test_packet(want, sizeof want, "4500001c 0000 0000 3f32 0000" S4 D4
                    "0001020304050607");
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, true);
}

/* Malformed packets are dropped with the exact reason. */
static void
malformed_packets_are_dropped(void **state)
{
    uint8_t in[256];
    size_t n;

    /* Payload Length beyond the bytes present. */
    n = test_hex("60000000 0010 11 40" S6 D6 "04d20035 000c 0000 deadbeef",
                 in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_IP6, NULL, 0, false);

    /* Shorter than an IPv6 header. */
    check(PREFIX, in, 39, IPXLAT_DROP_MALFORMED_IP6, NULL, 0, false);

    /* A Destination Options header running past the end. */
    n = test_hex("60000000 0010 3c 40" S6 D6 "1102 0000 00000000 00000000"
                 "00000000", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_IP6, NULL, 0, false);

    /* Hop-by-Hop Options not first. */
    n = test_hex("60000000 0018 3c 40" S6 D6 "0000 0000 00000000"
                 "1100 0000 00000000 04d20035 0008 0000", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_IP6, NULL, 0, false);

    /* Two Fragment headers. */
    n = test_hex("60000000 0018 2c 40" S6 D6 "2c00 0000 00000001"
                 "1100 0000 00000001 04d20035 0008 0000", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_IP6, NULL, 0, false);

    /* A Fragment header cut short. */
    n = test_hex("60000000 0004 2c 40" S6 D6 "1100 0000", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_IP6, NULL, 0, false);

    /* UDP header cut short. */
    n = test_hex("60000000 0004 11 40" S6 D6 "04d20035", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_L4, NULL, 0, false);

    /* TCP with only 8 bytes of its 20-byte header. */
    n = test_hex("60000000 0008 06 40" S6 D6 "04d20050 00000001", in,
                 sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_L4, NULL, 0, false);

    /* ICMPv6 header cut short. */
    n = test_hex("60000000 0004 3a 40" S6 D6 "80000000", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_MALFORMED_L4, NULL, 0, false);
}

/* A non-first fragment needs no upper-layer header. */
static void
short_non_first_fragment_is_translated(void **state)
{
    uint8_t in[128], want[128];
    size_t n = test_hex("60000000 000c 2c 40" S6 D6
                        "1100 00a8 00000007 0102 0304", in, sizeof in);
    size_t w = test_hex("45000018 0007 0015 3f11 0000" S4 D4 "0102 0304",
                        want, sizeof want);

    test_fix_ip4_header(want);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, false);
}

/* RFC 7915 section 5.1: an illegal source (::1, multicast) is dropped;
 * so is a source or a destination with no mapping. */
static void
bad_or_unmapped_addresses_are_dropped(void **state)
{
    uint8_t in[128];
    size_t n;

    n = test_pkt6(in, sizeof in, "60000000 000c 11 40"
             "00000000000000000000000000000001" D6
             "04d20035 000c 0000 deadbeef");
    check(PREFIX, in, n, IPXLAT_DROP_SRC_ADDR, NULL, 0, false);

    n = test_pkt6(in, sizeof in, "60000000 000c 11 40"
             "ff020000000000000000000000000001" D6
             "04d20035 000c 0000 deadbeef");
    check(PREFIX, in, n, IPXLAT_DROP_SRC_ADDR, NULL, 0, false);

    n = test_pkt6(in, sizeof in, "60000000 000c 11 40"
             "20010db8000000000000000000000001" D6
             "04d20035 000c 0000 deadbeef");
    check(PREFIX, in, n, IPXLAT_DROP_SRC_ADDR, NULL, 0, false);

    n = test_pkt6(in, sizeof in, "60000000 000c 11 40" S6
             "20010db8000000000000000000000001"
             "04d20035 000c 0000 deadbeef");
    check(PREFIX, in, n, IPXLAT_DROP_DST_ADDR, NULL, 0, false);

    /* Through the prefix to a reserved IPv4 address (127.0.0.1). */
    n = test_pkt6(in, sizeof in, "60000000 000c 11 40" S6
             "20010db800640000000000007f000001"
             "04d20035 000c 0000 deadbeef");
    check(PREFIX, in, n, IPXLAT_DROP_DST_ADDR, NULL, 0, false);
}

/* RFC 7915 section 5.1: ICMPv4 inside IPv6 is dropped; section 5.2 needs
 * whole ICMPv6 messages, so fragmented ICMPv6 is dropped.  (A Fragment
 * header followed by an extension header: test-icmp-err.) */
static void
untranslatable_protocols_are_dropped(void **state)
{
    uint8_t in[128];
    size_t n;

    n = test_hex("60000000 0008 01 40" S6 D6 "0800f7ff 00000000",
                 in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_PROTOCOL, NULL, 0, false);

    n = test_hex("60000000 0018 2c 40" S6 D6 "3a00 0001 00000001"
                 "8000 0000 1234 0001 deadbeefdeadbeef", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_FRAG_ICMP, NULL, 0, false);

    n = test_hex("60000000 0010 2c 40" S6 D6 "3a00 0010 00000001"
                 "deadbeefdeadbeef", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_FRAG_ICMP, NULL, 0, false);
}

/* Runs 'in' ('n' bytes) under 'cfg' as a host that parsed 'family' from
 * the link layer and asserts reason 'want', counted once, and, for a drop,
 * the packet untouched. */
static void
check_family(const struct ipxlat_config *cfg, const uint8_t *in, size_t n,
             enum ipxlat_family family, enum ipxlat_reason want)
{
    struct ipxlat_stats stats = { { 0 } };
    struct ipxlat_ctx ctx = { .now_ms = 1000, .stats = &stats };
    enum ipxlat_reason r;

    test_pkt_load_raw(&tp, in, n);
    r = ipxlat_translate(cfg, &ctx, family, &tp.pkt);
    if (r != want) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(r),
                 ipxlat_reason_name(want));
    }
    assert_int_equal(stats.n[want], 1);
    if (ipxlat_reason_verdict(want) == IPXLAT_DROP) {
        assert_int_equal(tp.pkt.len, n);
        assert_memory_equal(tp.pkt.data, in, n);
    }
}

/* The engine trusts the family the host parsed from the link layer (the
 * EtherType, the flow's dl_type), not the version nibble: an IPv6 packet
 * that the IPv4 side sends in an IPv4 frame is dropped, not translated 6->4
 * toward the IPv6 side, and with hop limit 1 earns no ICMPv6 Time Exceeded
 * sent onto the IPv4 link; the other way likewise.  Any other nibble is
 * refused too, and a family that is neither is no IP at all. */
static void
version_must_match_the_family_of_the_link_layer(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX ",src6=2001:db8::8");
    uint8_t v6[128], v6_hlim1[128], v4[128], v4_ttl1[128], v5[128];
    size_t n6 = test_pkt6(v6, sizeof v6, "60000000 000c 11 40" S6 D6
                          "04d20035 000c 0000 deadbeef");
    size_t n6h = test_pkt6(v6_hlim1, sizeof v6_hlim1,
                           "60000000 000c 11 01" S6 D6
                           "04d20035 000c 0000 deadbeef");
    size_t n4 = test_packet(v4, sizeof v4, "45000020 0000 0000 4011 0000"
                            D4 S4 "003504d2 000c 0000 deadbeef");
    size_t n4t = test_packet(v4_ttl1, sizeof v4_ttl1,
                             "45000020 0000 0000 0111 0000"
                             D4 S4 "003504d2 000c 0000 deadbeef");
    size_t n5;

    check_family(cfg, v6, n6, IPXLAT_FAMILY_IPV4,
                 IPXLAT_DROP_FAMILY_MISMATCH);
    check_family(cfg, v6_hlim1, n6h, IPXLAT_FAMILY_IPV4,
                 IPXLAT_DROP_FAMILY_MISMATCH);
    check_family(cfg, v4, n4, IPXLAT_FAMILY_IPV6,
                 IPXLAT_DROP_FAMILY_MISMATCH);
    check_family(cfg, v4_ttl1, n4t, IPXLAT_FAMILY_IPV6,
                 IPXLAT_DROP_FAMILY_MISMATCH);

    memcpy(v5, v4, n4);
    v5[0] = 0x55;
    n5 = n4;
    check_family(cfg, v5, n5, IPXLAT_FAMILY_IPV4,
                 IPXLAT_DROP_FAMILY_MISMATCH);
    check_family(cfg, v4, n4, (enum ipxlat_family) 0, IPXLAT_DROP_NOT_IP);
    check_family(cfg, v4, 0, IPXLAT_FAMILY_IPV4, IPXLAT_DROP_NOT_IP);

    /* Named right, each is translated or earns its error. */
    check_family(cfg, v6, n6, IPXLAT_FAMILY_IPV6, IPXLAT_XLAT_64);
    check_family(cfg, v6_hlim1, n6h, IPXLAT_FAMILY_IPV6,
                 IPXLAT_ERR_TIME_EXCEEDED);
    check_family(cfg, v4, n4, IPXLAT_FAMILY_IPV4, IPXLAT_XLAT_46);
    check_family(cfg, v4_ttl1, n4t, IPXLAT_FAMILY_IPV4,
                 IPXLAT_ERR_TIME_EXCEEDED);
    ipxlat_config_free(cfg);
}

/* RFC 8200 section 8.1: "IPv6 receivers must discard UDP packets
 * containing a zero checksum": the translator drops them under their own
 * counter, before any error (a Hop Limit of 1 earns no Time Exceeded) and
 * in a first fragment too; a UDP checksum that is merely wrong is still
 * carried over (RFC 7915 section 5.5). */
static void
udp6_zero_checksum_is_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    struct ipxlat_stats stats = { { 0 } };
    uint8_t in[128];
    size_t n;

    ctx.stats = &stats;
    n = test_hex("60000000 000c 11 40" S6 D6 "04d20035 000c 0000 deadbeef",
                 in, sizeof in);
    test_pkt_load_raw(&tp, in, n);
    assert_int_equal(ipxlat_translate(cfg, &ctx, test_family(&tp.pkt),
                                      &tp.pkt),
                     IPXLAT_DROP_UDP6_ZERO_CSUM);
    assert_int_equal(stats.n[IPXLAT_DROP_UDP6_ZERO_CSUM], 1);
    assert_int_equal(ipxlat_reason_verdict(IPXLAT_DROP_UDP6_ZERO_CSUM),
                     IPXLAT_DROP);

    n = test_hex("60000000 000c 11 01" S6 D6 "04d20035 000c 0000 deadbeef",
                 in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_UDP6_ZERO_CSUM, NULL, 0, false);

    n = test_hex("60000000 0018 2c 40" S6 D6 "1100 0001 12345678"
                 "04d20035 0020 0000 0001020304050607", in, sizeof in);
    check(PREFIX, in, n, IPXLAT_DROP_UDP6_ZERO_CSUM, NULL, 0, false);

    /* Checksum 0x0001, wrong: translated (and stays as wrong). */
    n = test_hex("60000000 000c 11 40" S6 D6 "04d20035 000c 0001 deadbeef",
                 in, sizeof in);
    check(PREFIX, in, n, IPXLAT_XLAT_64, NULL, 0, false);
    ipxlat_config_free(cfg);
}

/* RFC 8200 section 4.5: a fragment with M set whose fragmentable part (the
 * bytes after the Fragment header) is not a multiple of 8 octets "must be
 * discarded"; the last fragment (M clear) may have any length. */
static void
non_last_fragment_of_odd_length_is_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    struct ipxlat_stats stats = { { 0 } };
    uint8_t in[128], want[128];
    size_t n, w;

    /* Offset 16, M set, 13 bytes. */
    ctx.stats = &stats;
    n = test_hex("60000000 0015 2c 40" S6 D6
                 "1100 0011 12345678 08090a0b0c0d0e0f1011121314", in,
                 sizeof in);
    test_pkt_load_raw(&tp, in, n);
    assert_int_equal(ipxlat_translate(cfg, &ctx, test_family(&tp.pkt),
                                      &tp.pkt),
                     IPXLAT_DROP_FRAG6_LEN);
    assert_int_equal(stats.n[IPXLAT_DROP_FRAG6_LEN], 1);

    /* A first fragment, M set, 12 bytes of UDP header and data. */
    n = test_pkt6(in, sizeof in, "60000000 0014 2c 40" S6 D6
                  "1100 0001 12345678 04d20035 0020 0000 00010203");
    check(PREFIX, in, n, IPXLAT_DROP_FRAG6_LEN, NULL, 0, false);

    /* The same 13 bytes as the last fragment: an IPv4 fragment at offset
     * 16 (2 units of 8), MF clear, ID the low 16 bits. */
    n = test_hex("60000000 0015 2c 40" S6 D6
                 "1100 0010 12345678 08090a0b0c0d0e0f1011121314", in,
                 sizeof in);
    w = test_hex("45000021 5678 0002 3f11 0000" S4 D4
                 "08090a0b0c0d0e0f1011121314", want, sizeof want);
    test_fix_ip4_header(want);
    check(PREFIX, in, n, IPXLAT_XLAT_64, want, w, false);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1: a packet without a Fragment header
 * too big for mtu4 is not translated: Packet Too Big 2/0 with MTU
 * max(1280, mtu4 + 20) is recorded and the packet left as it was. */
static void
too_big_records_packet_too_big_and_leaves_packet(void **state)
{
    static uint8_t in[1600], want[1600];
    struct ipxlat_config *cfg = test_config(PREFIX ",mtu4=1400");
    struct xlat_state st;
    size_t n, w;

    build_sized(1401, in, &n, want, &w, true);
    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_ERR_PACKET_TOO_BIG);
    assert_int_equal(st.err_type, 2);
    assert_int_equal(st.err_code, 0);
    assert_int_equal(st.err_info, 1420);
    assert_int_equal(tp.pkt.len, n);
    assert_ptr_equal(tp.pkt.data, tp.buf + TEST_HEADROOM);
    assert_memory_equal(tp.pkt.data, in, n);

    build_sized(1400, in, &n, want, &w, true);
    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_XLAT_64);
    ipxlat_config_free(cfg);

    /* mtu4 + 20 below the IPv6 minimum: 1280.  (A packet of at most 1260
     * bytes has DF clear and is fragmented instead: test-frag-64.) */
    cfg = test_config(PREFIX ",mtu4=1000");
    build_sized(1400, in, &n, want, &w, true);
    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_ERR_PACKET_TOO_BIG);
    assert_int_equal(st.err_info, 1280);
    assert_memory_equal(tp.pkt.data, in, n);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1.1: a packet with a Fragment header is translated
 * with DF clear, "allowing this packet to be further fragmented by IPv4
 * routers", so no Packet Too Big is due for it (section 5.1 sends one only
 * for DF set); section 5: the translator, as a router, fragments it
 * itself.  ipxl_xlat_64() translates it whole, in place, and leaves the
 * cutting to ipxlat_frag_next() (test-frag-64). */
static void
too_big_fragment_is_translated_whole_for_fragmenting(void **state)
{
    static uint8_t zeros[1500], in[1600];
    struct ipxlat_config *cfg = test_config(PREFIX ",mtu4=1000");
    struct xlat_state st;
    size_t n = test_build(in, sizeof in, "60000000 05e0 2c 40" S6 D6
                          "1100 0009 0000abcd", zeros, 1496);

    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_FRAG_64);
    assert_int_equal(tp.pkt.len, 20 + 1496);
    assert_int_equal(get_be16(tp.pkt.data + 2), 20 + 1496);
    assert_int_equal(get_be16(tp.pkt.data + 4), 0xabcd);
    assert_int_equal(get_be16(tp.pkt.data + 6), IP_MF | 1);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1: Segments Left != 0 gives Parameter Problem 4/0
 * pointing at the Segments Left field, the packet untouched. */
static void
segments_left_records_parameter_problem_pointer(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct xlat_state st;
    uint8_t in[160];
    size_t n;

    n = test_pkt6(in, sizeof in, "60000000 0024 2b 40" S6 D6
             "1102 0001 00000000 20010db8000000000000000000000099"
             "04d20035 000c 0000 deadbeef");
    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_ERR_SEGMENTS_LEFT);
    assert_int_equal(st.err_type, 4);
    assert_int_equal(st.err_code, 0);
    assert_int_equal(st.err_info, 43);
    assert_int_equal(tp.pkt.len, n);
    assert_memory_equal(tp.pkt.data, in, n);

    /* Behind a Hop-by-Hop Options header: 40 + 8 + 3. */
    n = test_pkt6(in, sizeof in, "60000000 002c 00 40" S6 D6
             "2b00 0000 00000000"
             "1102 0003 00000000 20010db8000000000000000000000099"
             "04d20035 000c 0000 deadbeef");
    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_ERR_SEGMENTS_LEFT);
    assert_int_equal(st.err_info, 51);
    assert_memory_equal(tp.pkt.data, in, n);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1 (Time to Live): Hop Limit 1 or 0 gives Time
 * Exceeded 3/0, the packet untouched. */
static void
hop_limit_one_records_time_exceeded(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX);
    struct xlat_state st;
    uint8_t in[128];
    size_t n;

    n = test_pkt6(in, sizeof in, "60000000 000c 11 01" S6 D6
             "04d20035 000c 0000 deadbeef");
    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_ERR_TIME_EXCEEDED);
    assert_int_equal(st.err_type, 3);
    assert_int_equal(st.err_code, 0);
    assert_memory_equal(tp.pkt.data, in, n);

    in[7] = 0;
    assert_int_equal(run_step(cfg, in, n, &st), IPXLAT_ERR_TIME_EXCEEDED);
    ipxlat_config_free(cfg);
}

/* validate6() records the layout its contract promises. */
static void
validate6_records_layout(void **state)
{
    struct xlat_l3 l3 = { .tot_len = 0 };
    uint8_t in[160];
    size_t n;

    n = test_hex("60000000 001c 00 40" S6 D6 "2c00 0000 00000000"
                 "1100 0079 deadbeef 04d20035 000c 0000 01020304",
                 in, sizeof in);
    assert_int_equal(validate6(in, n, false, &l3), XLAT_CONTINUE);
    assert_int_equal(l3.tot_len, n);
    assert_int_equal(l3.l4_ofs, 56);
    assert_int_equal(l3.frag_ofs, 48);
    assert_int_equal(l3.proto, IPPROTO_UDP_);
    assert_true(l3.fragment);
    assert_false(l3.first);
    assert_true(l3.mf);
    assert_int_equal(l3.frag_offset, 0x78);
    assert_int_equal(l3.frag_id, 0xdeadbeef);
    assert_int_equal(l3.segleft_ofs, 0);

    /* Inner: cut short, claimed length kept. */
    n = test_hex("60000000 0100 11 40" S6 D6 "04d20035 0100 0000",
                 in, sizeof in);
    assert_int_equal(validate6(in, n, true, &l3), XLAT_CONTINUE);
    assert_int_equal(l3.tot_len, 48);
    assert_int_equal(l3.claimed_len, 40 + 0x100);
    assert_int_equal(validate6(in, n, false, &l3),
                     IPXLAT_DROP_MALFORMED_IP6);

    /* Inner ending inside its extension headers. */
    n = test_hex("60000000 0100 3c 40" S6 D6 "1101 0000", in, sizeof in);
    assert_int_equal(validate6(in, n, true, &l3),
                     IPXLAT_DROP_MALFORMED_IP6);

    /* Not version 6. */
    in[0] = 0x45;
    assert_int_equal(validate6(in, n, false, &l3),
                     IPXLAT_DROP_MALFORMED_IP6);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(udp_is_translated_with_checksum_updated),
        cmocka_unit_test(tcp_is_translated_with_checksum_updated),
        cmocka_unit_test(traffic_class_and_hop_limit_are_translated),
        cmocka_unit_test(extension_headers_are_skipped),
        cmocka_unit_test(trailing_bytes_are_trimmed),
        cmocka_unit_test(fragments_become_ipv4_fragments),
        cmocka_unit_test(atomic_fragment_keeps_its_identification),
        cmocka_unit_test(df_is_set_above_1260_bytes),
        cmocka_unit_test(df_clear_packets_get_varying_identification),
        cmocka_unit_test(wrong_checksums_stay_wrong),
        cmocka_unit_test(other_protocols_pass_untouched),
        cmocka_unit_test(malformed_packets_are_dropped),
        cmocka_unit_test(short_non_first_fragment_is_translated),
        cmocka_unit_test(bad_or_unmapped_addresses_are_dropped),
        cmocka_unit_test(untranslatable_protocols_are_dropped),
        cmocka_unit_test(version_must_match_the_family_of_the_link_layer),
        cmocka_unit_test(udp6_zero_checksum_is_dropped),
        cmocka_unit_test(non_last_fragment_of_odd_length_is_dropped),
        cmocka_unit_test(too_big_records_packet_too_big_and_leaves_packet),
        cmocka_unit_test(
            too_big_fragment_is_translated_whole_for_fragmenting),
        cmocka_unit_test(segments_left_records_parameter_problem_pointer),
        cmocka_unit_test(hop_limit_one_records_time_exceeded),
        cmocka_unit_test(validate6_records_layout),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
