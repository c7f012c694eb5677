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

/* ICMP errors the translator originates (lib/icmp-err.c): RFC 7915
 * sections 4.1, 4.4, 5.1, 5.4 (what is sent), RFC 1812 4.3.2.3 and
 * RFC 4443 2.4 (quote sizes, when never to send), rate limiting. */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#define V4_UDP_TTL1 \
    "45000020 1234 0000 0111 0000 c6336402 c0000221" \
    "04d2162e 000c 0000 deadbeef"
#define V6_UDP_HLIM1 \
    "60000000 000c 11 01" \
    "20010db8000100000000000000000001 20010db80064000000000000c6336402" \
    "04d2162e 000c 0000 deadbeef"

static struct test_pkt tp;

/* Translates the 'len' bytes at 'in' into 'tp' at time 'now_ms'. */
static enum ipxlat_reason
run(const struct ipxlat_config *cfg, const uint8_t *in, size_t len,
    uint64_t now_ms, struct ipxlat_stats *stats)
{
    struct ipxlat_ctx ctx = { .now_ms = now_ms, .stats = stats };

    test_pkt_load_raw(&tp, in, len);
    return ipxlat_translate(cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
}

static void
assert_result(enum ipxlat_reason got, enum ipxlat_reason want,
              const uint8_t *pkt, size_t len)
{
    if (got != want) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(got),
                 ipxlat_reason_name(want));
    }
    assert_int_equal(tp.pkt.len, len);
    assert_memory_equal(tp.pkt.data, pkt, len);
}

/* RFC 7915 section 4.4 / RFC 792: TTL 1 gives Time Exceeded 11/0 from
 * src4 (192.0.0.8 by default, RFC 7600) quoting the packet as received. */
static void
ipv4_ttl_expired_sends_time_exceeded_from_src4(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=2001:db8:64::/96");
    struct ipxlat_stats stats = { { 0 } };
    uint8_t in[64], want[128];
    size_t n = test_packet(in, sizeof in, V4_UDP_TTL1);
    size_t w = test_build(want, sizeof want,
                          "4500003c 0000 0000 4001 0000 c0000008 c6336402"
                          "0b00 0000 00000000", in, n);

    assert_result(run(cfg, in, n, 1000, &stats),
                  IPXLAT_ERR_TIME_EXCEEDED, want, w);
    assert_int_equal(stats.n[IPXLAT_ERR_TIME_EXCEEDED], 1);
    assert_int_equal(ipxlat_reason_verdict(IPXLAT_ERR_TIME_EXCEEDED),
                     IPXLAT_BOUNCE);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.4 / RFC 4443 3.3: hop limit 1 gives ICMPv6 Time
 * Exceeded 3/0 from src6. */
static void
ipv6_hop_limit_expired_sends_time_exceeded_from_src6(void **state)
{
    struct ipxlat_config *cfg
        = test_config("prefix=2001:db8:64::/96,src6=2001:db8::8");
    uint8_t in[64], want[128];
    size_t n = test_packet(in, sizeof in, V6_UDP_HLIM1);
    size_t w = test_build(want, sizeof want,
                          "60000000 003c 3a 40"
                          "20010db8000000000000000000000008"
                          "20010db8000100000000000000000001"
                          "0300 0000 00000000", in, n);

    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_TIME_EXCEEDED,
                  want, w);
    ipxlat_config_free(cfg);
}

/* Without src6, ICMPv6 errors come from src4 mapped through the prefix. */
static void
ipv6_error_source_defaults_to_src4_through_prefix(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=2001:db8:64::/96");
    uint8_t in[64], want[128];
    size_t n = test_packet(in, sizeof in, V6_UDP_HLIM1);
    size_t w = test_build(want, sizeof want,
                          "60000000 003c 3a 40"
                          "20010db80064000000000000c0000008"
                          "20010db8000100000000000000000001"
                          "0300 0000 00000000", in, n);

    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_TIME_EXCEEDED,
                  want, w);
    ipxlat_config_free(cfg);
}

/* Under the Well-Known Prefix src4 192.0.0.8 (RFC 7600) is not global, so
 * it has no mapping there (RFC 6052 section 3.1): without src6 an ICMPv6
 * error has no source and is dropped.  A global src4 maps. */
static void
ipv6_error_source_under_the_wkp(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=64:ff9b::/96");
    uint8_t in[64], want[128];
    size_t n = test_packet(in, sizeof in,
                           "60000000 000c 11 01"
                           "0064ff9b000000000000000008080808"
                           "0064ff9b000000000000000001010101"
                           "04d2162e 000c 0000 deadbeef");
    size_t w;

    assert_int_equal(run(cfg, in, n, 1000, NULL),
                     IPXLAT_DROP_NO_ERROR_SOURCE);
    ipxlat_config_free(cfg);

    cfg = test_config("prefix=64:ff9b::/96,src4=1.2.3.4");
    w = test_build(want, sizeof want,
                   "60000000 003c 3a 40"
                   "0064ff9b000000000000000001020304"
                   "0064ff9b000000000000000008080808"
                   "0300 0000 00000000", in, n);
    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_TIME_EXCEEDED,
                  want, w);
    ipxlat_config_free(cfg);
}

/* No src6 and no mapping for src4: nothing to send the error from. */
static void
ipv6_error_without_any_source_is_dropped(void **state)
{
    struct ipxlat_config *cfg
        = test_config("eam(198.51.100.0/24,2001:db8:1::/120)");
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in, V6_UDP_HLIM1);
    struct ipxlat_stats stats = { { 0 } };

    assert_int_equal(run(cfg, in, n, 1000, &stats),
                     IPXLAT_DROP_NO_ERROR_SOURCE);
    assert_int_equal(stats.n[IPXLAT_DROP_NO_ERROR_SOURCE], 1);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: DF set and too big for mtu6 gives
 * Fragmentation Needed 3/4 with MTU max(576, mtu6 - 20); the quote is cut
 * so that the error is 576 bytes (RFC 1812 section 4.3.2.3). */
static void
ipv4_df_too_big_sends_frag_needed_cut_to_576(void **state)
{
    struct ipxlat_config *cfg
        = test_config("prefix=2001:db8:64::/96,mtu6=1280");
    static uint8_t zeros[1272], in[1300], want[600];
    size_t n = test_build(in, sizeof in,
                          "45000514 0001 4000 4011 0000 c6336402 c0000221"
                          "04d2162e 0500 0000", zeros, sizeof zeros);
    size_t w = test_build(want, sizeof want,
                          "45000240 0000 0000 4001 0000 c0000008 c6336402"
                          "0304 0000 000004ec", in, 548);

    assert_int_equal(n, 1300);
    assert_int_equal(w, 576);
    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_FRAG_NEEDED,
                  want, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.5: IPv4 UDP with checksum zero is refused with 3/13
 * unless amend_udp_zero_csum. */
static void
ipv4_udp_zero_checksum_sends_admin_prohibited(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=2001:db8:64::/96");
    uint8_t in[64], want[128];
    size_t n = test_packet(in, sizeof in,
                           "45000020 1234 0000 4011 0000 c6336402 c0000221"
                           "04d2162e 000c 0000 deadbeef");

    in[26] = in[27] = 0;
    size_t w = test_build(want, sizeof want,
                          "4500003c 0000 0000 4001 0000 c0000008 c6336402"
                          "030d 0000 00000000", in, n);

    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_UDP_ZERO_CSUM,
                  want, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: an unexpired source route option gives 3/5. */
static void
ipv4_source_route_sends_source_route_failed(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=2001:db8:64::/96");
    uint8_t in[64], want[128];
    size_t n = test_packet(in, sizeof in,
                           "47000028 1234 0000 4011 0000 c6336402 c0000221"
                           "83070 4c0000201 00"
                           "04d2162e 000c 0000 deadbeef");
    size_t w = test_build(want, sizeof want,
                          "45000044 0000 0000 4001 0000 c0000008 c6336402"
                          "0305 0000 00000000", in, n);

    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_SOURCE_ROUTE,
                  want, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1: a routing header with Segments Left != 0 gives
 * Parameter Problem 4/0 pointing at Segments Left (offset 43). */
static void
ipv6_segments_left_sends_parameter_problem(void **state)
{
    struct ipxlat_config *cfg
        = test_config("prefix=2001:db8:64::/96,src6=2001:db8::8");
    uint8_t in[128], want[192];
    size_t n = test_packet(in, sizeof in,
                           "60000000 0024 2b 40"
                           "20010db8000100000000000000000001"
                           "20010db80064000000000000c6336402"
                           "11020001 00000000"
                           "20010db8000000000000000000000099"
                           "04d2162e 000c 1234 deadbeef");
    size_t w = test_build(want, sizeof want,
                          "60000000 0054 3a 40"
                          "20010db8000000000000000000000008"
                          "20010db8000100000000000000000001"
                          "0400 0000 0000002b", in, n);

    assert_int_equal(n, 76);
    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_SEGMENTS_LEFT,
                  want, w);
    ipxlat_config_free(cfg);
}

/* The network-specific prefix and the addresses of the tests of RFC 7915
 * section 5.1.1: 2001:db8:1::1 sends to 198.51.100.2 through
 * 2001:db8:64::/96; the translator's errors come from 2001:db8::8. */
#define NSP_SRC6 "prefix=2001:db8:64::/96,src6=2001:db8::8"
#define H6 "20010db8000100000000000000000001"
#define D6_NSP "20010db80064000000000000c6336402"
#define SRC6_ERR "20010db8000000000000000000000008"

/* Asserts that the IPv6 packet 'hex' (checksummed behind its extension
 * headers) earns the Destination Unreachable 1/1 of RFC 7915 section 5.4
 * from src6 to its source, quoting it whole. */
static void
assert_frag_ext_header_error(const struct ipxlat_config *cfg,
                             const char *hex)
{
    uint8_t in[256], want[320];
    size_t n = test_pkt6(in, sizeof in, hex);
    char head[256];
    size_t w;

    snprintf(head, sizeof head, "60000000 %04zx 3a 40" SRC6_ERR H6
             "0101 0000 00000000", 8 + n);
    w = test_build(want, sizeof want, head, in, n);
    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_FRAG_EXT_HEADER,
                  want, w);
}

/* RFC 7915 section 5.1.1: "If the Next Header field of the Fragment Header
 * is an extension header (except ESP, but including the Authentication
 * Header (AH)), then the packet SHOULD be dropped"; section 5.4: the
 * translator sends back Destination Unreachable, Communication with
 * destination administratively prohibited (1/1), quoting the packet. */
static void
extension_header_after_fragment_header_sends_1_1(void **state)
{
    struct ipxlat_config *cfg = test_config(NSP_SRC6);
    struct ipxlat_stats stats = { { 0 } };
    uint8_t in[128];
    size_t n;

    /* Destination Options after an atomic fragment (offset 0, M clear). */
    assert_frag_ext_header_error(cfg, "60000000 001c 2c 40" H6 D6_NSP
                                 "3c00 0000 00000001"
                                 "1100 0104 00000000"
                                 "04d2162e 000c 0000 deadbeef");
    /* Hop-by-Hop Options after the Fragment header: not a malformed
     * chain but the same refusal. */
    assert_frag_ext_header_error(cfg, "60000000 001c 2c 40" H6 D6_NSP
                                 "0000 0000 00000002"
                                 "1100 0104 00000000"
                                 "04d2162e 000c 0000 deadbeef");
    /* AH, which the walk does not enter. */
    assert_frag_ext_header_error(cfg, "60000000 0020 2c 40" H6 D6_NSP
                                 "3300 0000 00000003"
                                 "11010000 00000100 00000001"
                                 "04d2162e 000c 0000 deadbeef");

    /* Counted under its own reason. */
    n = test_pkt6(in, sizeof in, "60000000 001c 2c 40" H6 D6_NSP
                  "3c00 0000 00000001" "1100 0104 00000000"
                  "04d2162e 000c 0000 deadbeef");
    assert_int_equal(run(cfg, in, n, 1000, &stats),
                     IPXLAT_ERR_FRAG_EXT_HEADER);
    assert_int_equal(stats.n[IPXLAT_ERR_FRAG_EXT_HEADER], 1);
    assert_int_equal(ipxlat_reason_verdict(IPXLAT_ERR_FRAG_EXT_HEADER),
                     IPXLAT_BOUNCE);
    ipxlat_config_free(cfg);
}

/* A Routing header with Segments Left after the Fragment header is refused
 * under section 5.1.1, not section 5.1: 1/1, not Parameter Problem.  One
 * in front of the Fragment header still gets its Parameter Problem when
 * nothing but the upper layer follows the Fragment header. */
static void
fragment_header_rule_precedes_segments_left(void **state)
{
    struct ipxlat_config *cfg = test_config(NSP_SRC6);
    uint8_t in[160];
    size_t n;

    assert_frag_ext_header_error(cfg, "60000000 002c 2c 40" H6 D6_NSP
                                 "2b00 0000 00000004"
                                 "1102 0001 00000000"
                                 "20010db8000000000000000000000099"
                                 "04d2162e 000c 0000 deadbeef");
    assert_frag_ext_header_error(cfg, "60000000 0034 2b 40" H6 D6_NSP
                                 "2c02 0001 00000000"
                                 "20010db8000000000000000000000099"
                                 "3c00 0000 00000005"
                                 "1100 0104 00000000"
                                 "04d2162e 000c 0000 deadbeef");

    n = test_pkt6(in, sizeof in, "60000000 002c 2b 40" H6 D6_NSP
                  "2c02 0001 00000000"
                  "20010db8000000000000000000000099"
                  "1100 0000 00000006"
                  "04d2162e 000c 0000 deadbeef");
    assert_int_equal(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_SEGMENTS_LEFT);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.4: no error "if the discarded packet is itself an
 * ICMPv6 message", error or informational; RFC 4443 2.4 (e): none about a
 * non-first fragment (whose upper layer is unknown); and the errors are
 * rate limited like every other. */
static void
fragment_header_rule_error_suppressed_and_rate_limited(void **state)
{
    struct ipxlat_config *cfg
        = test_config(NSP_SRC6 ",icmp_rate=1,icmp_burst=1");
    uint8_t in[160];
    size_t n;

    /* An Echo Request and a Destination Unreachable behind Destination
     * Options. */
    n = test_pkt6(in, sizeof in, "60000000 0018 2c 40" H6 D6_NSP
                  "3c00 0000 00000007" "3a00 0104 00000000"
                  "8000 0000 1234 0001");
    assert_int_equal(run(cfg, in, n, 1000, NULL),
                     IPXLAT_DROP_ERROR_SUPPRESSED);
    n = test_pkt6(in, sizeof in, "60000000 0018 2c 40" H6 D6_NSP
                  "3c00 0000 00000008" "3a00 0104 00000000"
                  "0104 0000 00000000");
    assert_int_equal(run(cfg, in, n, 1000, NULL),
                     IPXLAT_DROP_ERROR_SUPPRESSED);
    /* A later fragment whose Fragment header names Destination Options. */
    n = test_hex("60000000 0010 2c 40" H6 D6_NSP "3c00 0010 00000009"
                 "deadbeefdeadbeef", in, sizeof in);
    assert_int_equal(run(cfg, in, n, 1000, NULL),
                     IPXLAT_DROP_ERROR_SUPPRESSED);

    /* One token: the first UDP packet gets its error, the next none. */
    n = test_pkt6(in, sizeof in, "60000000 001c 2c 40" H6 D6_NSP
                  "3c00 0000 0000000a" "1100 0104 00000000"
                  "04d2162e 000c 0000 deadbeef");
    assert_int_equal(run(cfg, in, n, 1000, NULL),
                     IPXLAT_ERR_FRAG_EXT_HEADER);
    assert_int_equal(run(cfg, in, n, 1000, NULL), IPXLAT_DROP_RATE_LIMITED);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 5.1: an IPv6 packet too big for mtu4 gives Packet Too
 * Big with MTU max(1280, mtu4 + 20), cut to 1280 bytes (RFC 4443 2.4
 * (c)). */
static void
ipv6_too_big_for_mtu4_sends_packet_too_big_cut_to_1280(void **state)
{
    struct ipxlat_config *cfg
        = test_config("prefix=2001:db8:64::/96,src6=2001:db8::8,mtu4=1400,"
                      "eam(192.0.2.33,2001:db8:1::1)");
    static uint8_t zeros[1452], in[1500], want[1300];
    size_t n = test_build(in, sizeof in,
                          "60000000 05b4 11 40"
                          "20010db8000100000000000000000001"
                          "20010db80064000000000000c6336402"
                          "04d2162e 05b4 0000", zeros, sizeof zeros);
    size_t w = test_build(want, sizeof want,
                          "60000000 04d8 3a 40"
                          "20010db8000000000000000000000008"
                          "20010db8000100000000000000000001"
                          "0200 0000 0000058c", in, 1232);

    assert_int_equal(n, 1500);
    assert_int_equal(w, 1280);
    assert_result(run(cfg, in, n, 1000, NULL), IPXLAT_ERR_PACKET_TOO_BIG,
                  want, w);
    ipxlat_config_free(cfg);
}

/* RFC 1812 section 4.3.2.7: no error about an ICMP error... */
static void
no_error_about_an_icmp_error(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=2001:db8:64::/96");
    uint8_t inner[64], in[128];
    size_t ni = test_packet(inner, sizeof inner,
                            "4500001c 0001 0000 4011 0000 c0000221 c6336402"
                            "162e04d2 0008 0000");
    size_t n = test_build(in, sizeof in,
                          "45000038 1234 0000 0101 0000 c6336402 c0000221"
                          "0303 0000 00000000", inner, ni);
    struct ipxlat_stats stats = { { 0 } };

    assert_int_equal(run(cfg, in, n, 1000, &stats),
                     IPXLAT_DROP_ERROR_SUPPRESSED);
    assert_int_equal(stats.n[IPXLAT_DROP_ERROR_SUPPRESSED], 1);
    ipxlat_config_free(cfg);
}

/* ... nor about a packet sent to a multicast address. */
static void
no_error_about_a_multicast_packet(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=2001:db8:64::/96");
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in,
                           "45000020 1234 0000 0111 0000 c6336402 e00000fb"
                           "04d2162e 000c 0000 deadbeef");

    assert_int_equal(run(cfg, in, n, 1000, NULL),
                     IPXLAT_DROP_ERROR_SUPPRESSED);
    ipxlat_config_free(cfg);
}

/* RFC 4443 section 2.4 (f): errors are rate limited (a token bucket of
 * icmp_burst tokens refilled at icmp_rate per second). */
static void
errors_are_rate_limited(void **state)
{
    struct ipxlat_config *cfg
        = test_config("prefix=2001:db8:64::/96,icmp_rate=1,icmp_burst=2");
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in, V4_UDP_TTL1);

    assert_int_equal(run(cfg, in, n, 5000, NULL),
                     IPXLAT_ERR_TIME_EXCEEDED);
    assert_int_equal(run(cfg, in, n, 5000, NULL),
                     IPXLAT_ERR_TIME_EXCEEDED);
    assert_int_equal(run(cfg, in, n, 5000, NULL), IPXLAT_DROP_RATE_LIMITED);
    assert_int_equal(run(cfg, in, n, 5500, NULL), IPXLAT_DROP_RATE_LIMITED);
    assert_int_equal(run(cfg, in, n, 6000, NULL),
                     IPXLAT_ERR_TIME_EXCEEDED);
    assert_int_equal(run(cfg, in, n, 6000, NULL), IPXLAT_DROP_RATE_LIMITED);
    ipxlat_config_free(cfg);
}

/* Path MTU Discovery needs Fragmentation Needed and Packet Too Big: they
 * spend a budget of their own (icmp_pmtu_rate, icmp_pmtu_burst), so a
 * Time Exceeded flood that has emptied icmp_burst leaves them untouched,
 * and their own limit is counted apart (drop_rate_limited_pmtu). */
static void
pmtu_errors_have_their_own_budget(void **state)
{
    struct ipxlat_config *cfg
        = test_config("prefix=2001:db8:64::/96,src6=2001:db8::8,mtu6=1280,"
                      "mtu4=1400,eam(192.0.2.33,2001:db8:1::1),"
                      "icmp_rate=1,icmp_burst=2,icmp_pmtu_rate=1,"
                      "icmp_pmtu_burst=2");
    static uint8_t zeros[1500], ttl1[64], df4[1400], big6[1500];
    static uint8_t want[1400];
    struct ipxlat_stats stats = { { 0 } };
    size_t n_ttl1 = test_packet(ttl1, sizeof ttl1, V4_UDP_TTL1);
    size_t n_df4 = test_build(df4, sizeof df4,
                              "45000514 0001 4000 4011 0000 c6336402"
                              "c0000221 04d2162e 0500 0000", zeros, 1272);
    size_t n_big6 = test_build(big6, sizeof big6,
                               "60000000 05b4 11 40"
                               "20010db8000100000000000000000001"
                               "20010db80064000000000000c6336402"
                               "04d2162e 05b4 0000", zeros, 1452);
    size_t w;

    /* A Time Exceeded flood: 2 sent, then 300 suppressed. */
    for (int i = 0; i < 302; i++) {
        enum ipxlat_reason r = run(cfg, ttl1, n_ttl1, 5000, &stats);

        assert_int_equal(r, i < 2 ? IPXLAT_ERR_TIME_EXCEEDED
                                  : IPXLAT_DROP_RATE_LIMITED);
    }
    assert_int_equal(stats.n[IPXLAT_DROP_RATE_LIMITED], 300);

    /* The DF packet too big for mtu6 still gets its Fragmentation Needed
     * (MTU max(576, 1280 - 20)), byte for byte as without the flood. */
    w = test_build(want, sizeof want,
                   "45000240 0000 0000 4001 0000 c0000008 c6336402"
                   "0304 0000 000004ec", df4, 548);
    assert_result(run(cfg, df4, n_df4, 5000, &stats),
                  IPXLAT_ERR_FRAG_NEEDED, want, w);
    /* And the IPv6 packet too big for mtu4 its Packet Too Big. */
    assert_int_equal(run(cfg, big6, n_big6, 5000, &stats),
                     IPXLAT_ERR_PACKET_TOO_BIG);
    /* Their budget of 2 is now spent: counted apart. */
    assert_int_equal(run(cfg, df4, n_df4, 5000, &stats),
                     IPXLAT_DROP_RATE_LIMITED_PMTU);
    assert_int_equal(stats.n[IPXLAT_DROP_RATE_LIMITED_PMTU], 1);
    assert_int_equal(stats.n[IPXLAT_DROP_RATE_LIMITED], 300);
    /* A second later each bucket has one token again, and each spends
     * its own. */
    assert_int_equal(run(cfg, ttl1, n_ttl1, 6000, &stats),
                     IPXLAT_ERR_TIME_EXCEEDED);
    assert_int_equal(run(cfg, ttl1, n_ttl1, 6000, &stats),
                     IPXLAT_DROP_RATE_LIMITED);
    assert_int_equal(run(cfg, df4, n_df4, 6000, &stats),
                     IPXLAT_ERR_FRAG_NEEDED);
    ipxlat_config_free(cfg);
}

/* An error needs room for its new headers in front of the packet. */
static void
error_without_headroom_is_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=2001:db8:64::/96");
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in, V4_UDP_TTL1);

    memcpy(tp.buf + TEST_HEADROOM, in, n);
    tp.pkt.data = tp.buf + TEST_HEADROOM;
    tp.pkt.len = n;
    tp.pkt.headroom = 27;
    tp.pkt.tailroom = 0;
    assert_int_equal(ipxlat_translate(cfg, &ctx, test_family(&tp.pkt),
                                      &tp.pkt),
                     IPXLAT_DROP_NO_ROOM);
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ipv4_ttl_expired_sends_time_exceeded_from_src4),
        cmocka_unit_test(ipv6_hop_limit_expired_sends_time_exceeded_from_src6),
        cmocka_unit_test(ipv6_error_source_defaults_to_src4_through_prefix),
        cmocka_unit_test(ipv6_error_without_any_source_is_dropped),
        cmocka_unit_test(ipv6_error_source_under_the_wkp),
        cmocka_unit_test(ipv4_df_too_big_sends_frag_needed_cut_to_576),
        cmocka_unit_test(ipv4_udp_zero_checksum_sends_admin_prohibited),
        cmocka_unit_test(ipv4_source_route_sends_source_route_failed),
        cmocka_unit_test(ipv6_segments_left_sends_parameter_problem),
        cmocka_unit_test(extension_header_after_fragment_header_sends_1_1),
        cmocka_unit_test(fragment_header_rule_precedes_segments_left),
        cmocka_unit_test(
            fragment_header_rule_error_suppressed_and_rate_limited),
        cmocka_unit_test(
            ipv6_too_big_for_mtu4_sends_packet_too_big_cut_to_1280),
        cmocka_unit_test(no_error_about_an_icmp_error),
        cmocka_unit_test(no_error_about_a_multicast_packet),
        cmocka_unit_test(errors_are_rate_limited),
        cmocka_unit_test(pmtu_errors_have_their_own_budget),
        cmocka_unit_test(error_without_headroom_is_dropped),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
