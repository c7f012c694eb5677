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

/* RFC 7757 section 4.2: hairpinning of IPv6 traffic to EAM-mapped IPv4
 * addresses, in the modes off, simple and intrinsic. */

#include "testlib.h"

#include <string.h>

/* Host A is 2001:db8:a::1 = 192.0.2.1 and host B is 2001:db8:b::2 =
 * 192.0.2.2, both behind the translator; A reaches B through B's IPv4
 * address in the prefix, 2001:db8:64::192.0.2.2. */
#define EAMS "prefix=2001:db8:64::/96,eam(192.0.2.1,2001:db8:a::1)," \
             "eam(192.0.2.2,2001:db8:b::2)"
#define A6 "20010db8000a00000000000000000001"
#define B6 "20010db8000b00000000000000000002"
#define A_PREFIX "20010db80064000000000000c0000201"
#define B_PREFIX "20010db80064000000000000c0000202"

static struct test_pkt tp;

static enum ipxlat_reason
run(const char *config, const uint8_t *in, size_t len)
{
    struct ipxlat_config *cfg = test_config(config);
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    enum ipxlat_reason r;

    test_pkt_load_raw(&tp, in, len);
    r = ipxlat_translate(cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
    ipxlat_config_free(cfg);
    return r;
}

static void
assert_packet(const uint8_t *want, size_t len)
{
    assert_int_equal(tp.pkt.len, len);
    assert_memory_equal(tp.pkt.data, want, len);
}

/* A -> 2001:db8:64::192.0.2.2 comes back as 2001:db8:64::192.0.2.1 -> B: the
 * source goes through the prefix so that B's replies return through the
 * translator; the hop limit is decremented once. */
static void
packet_to_eam_address_is_hairpinned_with_prefix_source(void **state)
{
    uint8_t in[64], want[64];
    size_t n = test_packet(in, sizeof in,
                           "6e000000 000c 11 40" A6 B_PREFIX
                           "04d20035 000c 0000 deadbeef");
    size_t w = test_packet(want, sizeof want,
                           "6e000000 000c 11 3f" A_PREFIX B6
                           "04d20035 000c 0000 deadbeef");

    assert_int_equal(run(EAMS, in, n), IPXLAT_HAIRPIN);
    assert_int_equal(ipxlat_reason_verdict(IPXLAT_HAIRPIN), IPXLAT_BOUNCE);
    assert_packet(want, w);
}

/* hairpin=off: the packet leaves as IPv4 to 192.0.2.2. */
static void
hairpin_off_forwards_as_ipv4(void **state)
{
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in,
                           "60000000 000c 11 40" A6 B_PREFIX
                           "04d20035 000c 0000 deadbeef");

    assert_int_equal(run(EAMS ",hairpin=off", in, n), IPXLAT_XLAT_64);
    assert_int_equal(tp.pkt.len, 32);
    assert_int_equal(tp.pkt.data[0], 0x45);
    assert_memory_equal(tp.pkt.data + 12, "\xc0\x00\x02\x01"
                        "\xc0\x00\x02\x02", 8);
}

/* RFC 7757 section 4.2: only a destination translated through the prefix
 * is hairpinned; a packet to B's own EAM address (a reply from the IPv6
 * side to an IPv4 host's EAM address) is ordinary IPv4-bound traffic. */
static void
packet_to_eam_destination_is_not_hairpinned(void **state)
{
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in,
                           "60000000 000c 11 40"
                           "20010db80064000000000000c6336401" B6
                           "04d20035 000c 0000 deadbeef");

    assert_int_equal(run(EAMS, in, n), IPXLAT_XLAT_64);
    assert_int_equal(tp.pkt.data[0], 0x45);
    assert_memory_equal(tp.pkt.data + 12, "\xc6\x33\x64\x01"
                        "\xc0\x00\x02\x02", 8);
}

/* A packet to an address outside the EAM table is not hairpinned. */
static void
packet_to_prefix_address_is_not_hairpinned(void **state)
{
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in,
                           "60000000 000c 11 40" A6
                           "20010db80064000000000000c6336402"
                           "04d20035 000c 0000 deadbeef");

    assert_int_equal(run(EAMS, in, n), IPXLAT_XLAT_64);
}

/* B answers A's hairpinned packet with Port Unreachable.  The error
 * crosses the hairpin too; in intrinsic mode the quoted packet is mapped
 * as the mirror of the outer one, so A sees its own packet (A ->
 * 2001:db8:64::192.0.2.2) quoted. */
static void
intrinsic_mode_maps_inner_packet_as_mirror(void **state)
{
    uint8_t inner[64], in[128], want_inner[64], want[128];
    size_t ni = test_packet(inner, sizeof inner,
                            "60000000 000c 11 3f" A_PREFIX B6
                            "04d20035 000c 0000 deadbeef");
    size_t n = test_build(in, sizeof in,
                          "60000000 003c 3a 40" B6 A_PREFIX
                          "0104 0000 00000000", inner, ni);
    size_t wi = test_packet(want_inner, sizeof want_inner,
                            "60000000 000c 11 3f" A6 B_PREFIX
                            "04d20035 000c 0000 deadbeef");
    size_t w = test_build(want, sizeof want,
                          "60000000 003c 3a 3f" B_PREFIX A6
                          "0104 0000 00000000", want_inner, wi);

    assert_int_equal(run(EAMS, in, n), IPXLAT_HAIRPIN);
    assert_packet(want, w);
}

/* In simple mode only the outer header is hairpinned: the quoted packet's
 * destination maps through the EAM table like any other address. */
static void
simple_mode_maps_inner_packet_normally(void **state)
{
    uint8_t inner[64], in[128], want_inner[64], want[128];
    size_t ni = test_packet(inner, sizeof inner,
                            "60000000 000c 11 3f" A_PREFIX B6
                            "04d20035 000c 0000 deadbeef");
    size_t n = test_build(in, sizeof in,
                          "60000000 003c 3a 40" B6 A_PREFIX
                          "0104 0000 00000000", inner, ni);
    size_t wi = test_packet(want_inner, sizeof want_inner,
                            "60000000 000c 11 3f" A6 B6
                            "04d20035 000c 0000 deadbeef");
    size_t w = test_build(want, sizeof want,
                          "60000000 003c 3a 3f" B_PREFIX A6
                          "0104 0000 00000000", want_inner, wi);

    assert_int_equal(run(EAMS ",hairpin=simple", in, n), IPXLAT_HAIRPIN);
    assert_packet(want, w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            packet_to_eam_address_is_hairpinned_with_prefix_source),
        cmocka_unit_test(hairpin_off_forwards_as_ipv4),
        cmocka_unit_test(packet_to_prefix_address_is_not_hairpinned),
        cmocka_unit_test(packet_to_eam_destination_is_not_hairpinned),
        cmocka_unit_test(intrinsic_mode_maps_inner_packet_as_mirror),
        cmocka_unit_test(simple_mode_maps_inner_packet_normally),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
