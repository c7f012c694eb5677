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

/* ICMPv6 to ICMPv4 (RFC 7915 sections 5.2 and 5.3, RFC 4884, RFC 6791),
 * byte for byte against fixtures written from the RFCs.
 *
 * The errors come from an IPv6 node (S6, 192.0.2.1 through the prefix)
 * about a packet that the IPv4 host D4 sent to it: the outer packet goes
 * S6 -> D6, the quoted one D6 -> S6. */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-packets.h"

#define PREFIX "prefix=2001:db8:64::/96"

#define S6 "20010db80064000000000000c0000201"
#define D6 "20010db80064000000000000c6336402"
#define S4 "c0000201"
#define D4 "c6336402"
#define ROUTER6 "20010db8000000000000000000000001"

/* The quoted UDP packet, in IPv6 and as its IPv4 translation (RFC 7915
 * section 5.3: Hop Limit kept, DF clear and ID 0 below 1261 bytes). */
#define INNER6_UDP "60000000 000c 11 3f" D6 S6 "0035 04d2 000c 0000 deadbeef"
#define INNER4_UDP "45000020 0000 0000 3f11 0000" D4 S4 \
                   "0035 04d2 000c 0000 deadbeef"

static struct test_pkt tp;

/* Builds an ICMPv6 message from 'src6' to D6: the 8-byte header
 * 'icmp_hex' followed by 'ni' bytes at 'inner', checksum filled in. */
static size_t
err6_from(uint8_t *out, size_t cap, const char *src6, const char *icmp_hex,
          const uint8_t *inner, size_t ni)
{
    char head[256];

    snprintf(head, sizeof head, "60000000 %04zx 3a 40 %s" D6 "%s",
             ICMP_HEADER_LEN + ni, src6, icmp_hex);
    return test_build(out, cap, head, inner, ni);
}

/* As err6_from() from S6. */
static size_t
err6(uint8_t *out, size_t cap, const char *icmp_hex, const uint8_t *inner,
     size_t ni)
{
    return err6_from(out, cap, S6, icmp_hex, inner, ni);
}

/* Builds the expected ICMPv4 message from 'src4' to D4: header
 * 'icmp_hex' followed by 'ni' bytes at 'inner', checksums filled in. */
static size_t
err4_from(uint8_t *out, size_t cap, const char *src4, const char *icmp_hex,
          const uint8_t *inner, size_t ni)
{
    char head[256];

    snprintf(head, sizeof head, "4500%04zx 0000 0000 3f01 0000 %s" D4 "%s",
             IP_HEADER_LEN + ICMP_HEADER_LEN + ni, src4, icmp_hex);
    return test_build(out, cap, head, inner, ni);
}

/* As err4_from() from S4. */
static size_t
err4(uint8_t *out, size_t cap, const char *icmp_hex, const uint8_t *inner,
     size_t ni)
{
    return err4_from(out, cap, S4, icmp_hex, inner, ni);
}

/* Translates the 'len' bytes at 'in' with 'config' into 'tp' and asserts
 * reason 'want_r' and, if 'want' is nonnull, the packet 'want' ('wn'
 * bytes). */
static void
check_bytes(const char *config, const uint8_t *in, size_t n,
            enum ipxlat_reason want_r, const uint8_t *want, size_t wn)
{
    struct ipxlat_config *cfg = test_config(config);
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    uint8_t got[TEST_BUF_SIZE];
    enum ipxlat_reason r;

    test_pkt_load_raw(&tp, in, n);
    r = ipxlat_translate(cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
    if (r != want_r) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(r),
                 ipxlat_reason_name(want_r));
    }
    if (!want) {
        ipxlat_config_free(cfg);
        return;
    }
    assert_int_equal(tp.pkt.len, wn);
    memcpy(got, tp.pkt.data, wn);
    /* The Identification is the translator's choice (DF clear), so it
     * and the header checksum are compared only for validity. */
    assert_int_equal(test_csum_finish(test_csum_add(0, got, 20)), 0);
    memcpy(got + 4, want + 4, 2);
    memcpy(got + 10, want + 10, 2);
    for (size_t i = 0; i < wn; i++) {
        if (got[i] != want[i]) {
            fprintf(stderr, "byte %zu: got %02x, expected %02x\n", i,
                    got[i], want[i]);
        }
    }
    for (size_t i = 0; i < wn; i++) {
        if (got[i] != want[i]) {
            fail_msg("packet differs from fixture");
        }
    }
    ipxlat_config_free(cfg);
}

/* Builds the standard quoted packets. */
static size_t
inner6_udp(uint8_t *out)
{
    return test_pkt6(out, 128, INNER6_UDP);
}

static size_t
inner4_udp(uint8_t *out)
{
    return test_packet(out, 128, INNER4_UDP);
}

/* RFC 7915 section 5.2: Echo Request 128 -> 8 and Echo Reply 129 -> 0, the
 * checksum adjusted for the type and the pseudo-header. */
static void
echo_request_and_reply_become_icmpv4_echo(void **state)
{
    uint8_t in[128], want[128];
    size_t n, w;

    n = test_pkt6(in, sizeof in, "60000000 000c 3a 40" S6 D6
             "8000 0000 1234 0001 deadbeef");
    w = test_packet(want, sizeof want, "45000020 0000 0000 3f01 0000" S4 D4
                    "0800 0000 1234 0001 deadbeef");
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);

    n = test_pkt6(in, sizeof in, "60000000 000c 3a 40" S6 D6
             "8100 0000 1234 0001 deadbeef");
    w = test_packet(want, sizeof want, "45000020 0000 0000 3f01 0000" S4 D4
                    "0000 0000 1234 0001 deadbeef");
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);

    /* A wrong checksum stays wrong by the same amount. */
    in[n - 1] ^= 0x01;
    want[w - 1] ^= 0x01;
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
}

/* RFC 7915 section 5.2: MLD (130-132), ND (133-137) and unknown
 * informational messages are silently dropped; so are unknown errors. */
static void
unknown_and_single_hop_types_are_dropped(void **state)
{
    static const uint8_t types[] = { 130, 131, 132, 133, 135, 137, 200,
                                     5, 100 };
    uint8_t inner[128], in[256];
    size_t ni = inner6_udp(inner);

    for (size_t i = 0; i < sizeof types; i++) {
        char hdr[32];
        size_t n;

        snprintf(hdr, sizeof hdr, "%02x00 0000 00000000", types[i]);
        n = err6(in, sizeof in, hdr, inner, ni);
        check_bytes(PREFIX, in, n, IPXLAT_DROP_ICMP_TYPE, NULL, 0);
    }
}

/* Translates an error with ICMPv6 header 'hdr6' quoting the standard UDP
 * packet and expects ICMPv4 header 'hdr4' (or drop reason 'r' if
 * 'hdr4' is NULL). */
static void
check_error(const char *config, const char *hdr6, const char *hdr4,
            enum ipxlat_reason r)
{
    uint8_t inner6[128], inner4[128], in[256], want[256];
    size_t ni6 = inner6_udp(inner6), ni4 = inner4_udp(inner4);
    size_t n = err6(in, sizeof in, hdr6, inner6, ni6);

    if (hdr4) {
        size_t w = err4(want, sizeof want, hdr4, inner4, ni4);

        check_bytes(config, in, n, IPXLAT_XLAT_64, want, w);
    } else {
        check_bytes(config, in, n, r, NULL, 0);
    }
}

/* RFC 7915 section 5.2: Destination Unreachable codes 0-4 map to 3/1,
 * 3/10, 3/1, 3/1, 3/3; others are dropped.  The inner packet is
 * translated (section 5.3). */
static void
destination_unreachable_codes_are_mapped(void **state)
{
    check_error(PREFIX, "0100 0000 00000000", "0301 0000 00000000", 0);
    check_error(PREFIX, "0101 0000 00000000", "030a 0000 00000000", 0);
    check_error(PREFIX, "0102 0000 00000000", "0301 0000 00000000", 0);
    check_error(PREFIX, "0103 0000 00000000", "0301 0000 00000000", 0);
    check_error(PREFIX, "0104 0000 00000000", "0303 0000 00000000", 0);
    check_error(PREFIX, "0105 0000 00000000", NULL, IPXLAT_DROP_ICMP_TYPE);
    check_error(PREFIX, "0106 0000 00000000", NULL, IPXLAT_DROP_ICMP_TYPE);
}

/* RFC 7915 section 5.2: Time Exceeded -> 11, code unchanged. */
static void
time_exceeded_keeps_its_code(void **state)
{
    check_error(PREFIX, "0300 0000 00000000", "0b00 0000 00000000", 0);
    check_error(PREFIX, "0301 0000 00000000", "0b01 0000 00000000", 0);
}

/* RFC 7915 section 5.2: Packet Too Big -> 3/4 with MTU
 * min(advertised - 20, mtu4, mtu6 - 20). */
static void
packet_too_big_becomes_frag_needed_with_mtu_rule(void **state)
{
    /* Advertised 1400: 1380. */
    check_error(PREFIX, "0200 0000 00000578", "0304 0000 0000 0564", 0);
    /* mtu4 1300 is smaller. */
    check_error(PREFIX ",mtu4=1300", "0200 0000 00000578",
                "0304 0000 0000 0514", 0);
    /* mtu6 1350 - 20 = 1330 is smaller. */
    check_error(PREFIX ",mtu6=1350", "0200 0000 000005dc",
                "0304 0000 0000 0532", 0);
}

/* RFC 7915 section 5.2: the MTU adjustment takes "into account whether or
 * not the packet in error includes a Fragment Header": with one, IPv4
 * packets grow by 28 bytes, so the IPv4 MTU is 28 less. */
static void
packet_too_big_about_fragment_subtracts_28(void **state)
{
    uint8_t inner6[128], inner4[128], in[256], want[256];
    size_t ni6 = test_pkt6(inner6, sizeof inner6, "60000000 0014 2c 3f" D6 S6
                      "1100 0000 00001234 0035 04d2 000c 0000 deadbeef");
    size_t ni4 = test_packet(inner4, sizeof inner4,
                             "45000020 1234 0000 3f11 0000" D4 S4
                             "0035 04d2 000c 0000 deadbeef");
    size_t n = err6(in, sizeof in, "0200 0000 00000578", inner6, ni6);
    size_t w = err4(want, sizeof want, "0304 0000 0000 055c", inner4, ni4);

    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
}

/* RFC 7915 section 5.2, Figure 6: Parameter Problem code 0 -> 12/0 with
 * the pointer translated; unlisted or "n/a" pointers are dropped; code 1
 * -> 3/2; code 2 and others dropped. */
static void
parameter_problem_pointer_table(void **state)
{
    static const struct {
        uint32_t ptr6;
        int ptr4;
    } table[] = {
        { 0, 0 }, { 1, 1 }, { 2, -1 }, { 3, -1 }, { 4, 2 }, { 5, 2 },
        { 6, 9 }, { 7, 8 }, { 8, 12 }, { 15, 12 }, { 23, 12 },
        { 24, 16 }, { 39, 16 }, { 40, -1 }, { 0x12345, -1 },
    };

    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        char hdr6[32], hdr4[32];

        snprintf(hdr6, sizeof hdr6, "0400 0000 %08x", table[i].ptr6);
        if (table[i].ptr4 >= 0) {
            snprintf(hdr4, sizeof hdr4, "0c00 0000 %02x000000",
                     table[i].ptr4);
            check_error(PREFIX, hdr6, hdr4, 0);
        } else {
            check_error(PREFIX, hdr6, NULL, IPXLAT_DROP_ICMP_TYPE);
        }
    }
    check_error(PREFIX, "0401 0000 00000028", "0302 0000 00000000", 0);
    check_error(PREFIX, "0402 0000 00000028", NULL, IPXLAT_DROP_ICMP_TYPE);
    check_error(PREFIX, "0403 0000 00000000", NULL, IPXLAT_DROP_ICMP_TYPE);
}

/* RFC 7915 section 5.3: the quoted packet loses its extension headers; an
 * atomic Fragment header gives its ID and leaves DF clear. */
static void
inner_extension_headers_are_removed(void **state)
{
    uint8_t inner6[128], inner4[128], in[256], want[256];
    size_t ni6 = test_pkt6(inner6, sizeof inner6, "60000000 0024 00 3f" D6 S6
                      "3c00 0000 00000000"
                      "2c00 0104 00000000"
                      "1100 0000 0000beef"
                      "0035 04d2 000c 0000 deadbeef");
    size_t ni4 = test_packet(inner4, sizeof inner4,
                             "45000020 beef 0000 3f11 0000" D4 S4
                             "0035 04d2 000c 0000 deadbeef");
    size_t n = err6(in, sizeof in, "0104 0000 00000000", inner6, ni6);
    size_t w = err4(want, sizeof want, "0303 0000 00000000", inner4, ni4);

    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
}

/* RFC 7915 section 5.3: a quoted echo is translated too, checksum
 * included; a quoted TCP checksum follows the addresses. */
static void
inner_echo_and_tcp_are_translated(void **state)
{
    uint8_t inner6[128], inner4[128], in[256], want[256];
    size_t ni6, ni4, n, w;

    ni6 = test_pkt6(inner6, sizeof inner6, "60000000 000c 3a 3f" D6 S6
               "8000 0000 4321 0007 01020304");
    ni4 = test_packet(inner4, sizeof inner4,
                      "45000020 0000 0000 3f01 0000" D4 S4
                      "0800 0000 4321 0007 01020304");
    n = err6(in, sizeof in, "0300 0000 00000000", inner6, ni6);
    w = err4(want, sizeof want, "0b00 0000 00000000", inner4, ni4);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);

    ni6 = test_pkt6(inner6, sizeof inner6, "60000000 0014 06 3f" D6 S6
               "0050 04d2 00000001 00000000 5002ffff 0000 0000");
    ni4 = test_packet(inner4, sizeof inner4,
                      "45000028 0000 0000 3f06 0000" D4 S4
                      "0050 04d2 00000001 00000000 5002ffff 0000 0000");
    n = err6(in, sizeof in, "0104 0000 00000000", inner6, ni6);
    w = err4(want, sizeof want, "0303 0000 00000000", inner4, ni4);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
}

/* RFC 7915 section 5.3: one level only; a quoted packet that cannot be
 * parsed or mapped drops the error. */
static void
untranslatable_inner_packets_are_dropped(void **state)
{
    uint8_t inner6[128], in[256];
    size_t ni6, n;

    /* An ICMPv6 error inside an ICMPv6 error. */
    ni6 = test_pkt6(inner6, sizeof inner6, "60000000 0008 3a 3f" D6 S6
               "0104 0000 00000000");
    n = err6(in, sizeof in, "0104 0000 00000000", inner6, ni6);
    check_bytes(PREFIX, in, n, IPXLAT_DROP_MALFORMED_INNER, NULL, 0);

    /* Cut short inside its extension headers. */
    ni6 = test_hex("60000000 0100 3c 3f" D6 S6 "1101 0000 0000 0000",
                   inner6, sizeof inner6);
    n = err6(in, sizeof in, "0104 0000 00000000", inner6, ni6);
    check_bytes(PREFIX, in, n, IPXLAT_DROP_MALFORMED_INNER, NULL, 0);

    /* Not even an IPv6 header. */
    n = err6(in, sizeof in, "0104 0000 00000000", inner6, 20);
    check_bytes(PREFIX, in, n, IPXLAT_DROP_MALFORMED_INNER, NULL, 0);

    /* An inner address with no mapping. */
    ni6 = test_pkt6(inner6, sizeof inner6, "60000000 000c 11 3f" D6 ROUTER6
               "0035 04d2 000c 0000 deadbeef");
    n = err6(in, sizeof in, "0104 0000 00000000", inner6, ni6);
    check_bytes(PREFIX, in, n, IPXLAT_DROP_MALFORMED_INNER, NULL, 0);
}

/* The outer checksum is computed afresh, so a wrong incoming one must be
 * caught first. */
static void
error_with_wrong_checksum_is_dropped(void **state)
{
    uint8_t inner6[128], in[256];
    size_t ni6 = inner6_udp(inner6);
    size_t n = err6(in, sizeof in, "0104 0000 00000000", inner6, ni6);

    in[n - 1] ^= 0x40;
    check_bytes(PREFIX, in, n, IPXLAT_DROP_MALFORMED_L4, NULL, 0);
}

/* RFC 1812 4.3.2.3: the ICMPv4 error is cut to 576 bytes; the
 * quoted packet keeps its claimed length and its UDP checksum follows the
 * addresses even though the datagram is not all there. */
static void
error_is_cut_to_576_bytes(void **state)
{
    static uint8_t zeros[1000], inner6[1100], inner4[1100];
    static uint8_t in[1200], want[1200];
    size_t ni6, ni4, n, w;

    /* A 1000-byte UDP datagram (960 bytes of UDP), quoted whole. */
    ni6 = test_build(inner6, sizeof inner6, "60000000 03c0 11 3f" D6 S6
                     "0035 04d2 03c0 0000", zeros, 952);
    test_fix_checksums6(inner6, ni6);
    ni4 = test_build(inner4, sizeof inner4,
                     "450003d4 0000 0000 3f11 0000" D4 S4
                     "0035 04d2 03c0 0000", zeros, 952);
    assert_int_equal(ni6, 1000);
    assert_int_equal(ni4, 980);
    n = err6(in, sizeof in, "0104 0000 00000000", inner6, ni6);
    w = err4(want, sizeof want, "0303 0000 00000000", inner4, 548);
    assert_int_equal(w, 576);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);

    /* Quoted only in part (200 bytes) by the IPv6 node. */
    n = err6(in, sizeof in, "0104 0000 00000000", inner6, 200);
    w = err4(want, sizeof want, "0303 0000 00000000", inner4, 180);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
}

/* RFC 4884 / RFC 7915 section 5.2: the length of the original datagram
 * field goes from 64-bit to 32-bit words, the field is padded to 128
 * bytes, and the extension structure follows unchanged. */
static void
rfc4884_length_is_converted_and_extension_kept(void **state)
{
    static const char ext[] = "20000000 00080101 c0000201";
    uint8_t inner6[256], inner4[256], in[512], want[512];
    size_t ni6, ni4, n, w;

    /* A 100-byte quoted packet padded to 128 bytes (16 words). */
    memset(inner6, 0, sizeof inner6);
    memset(inner4, 0, sizeof inner4);
    ni6 = test_pkt6(inner6, sizeof inner6, "60000000 003c 11 3f" D6 S6
               "0035 04d2 003c 0000"
               "0001020304050607 08090a0b0c0d0e0f 1011121314151617"
               "18191a1b1c1d1e1f 2021222324252627 28292a2b2c2d2e2f"
               "38393a3b");
    assert_int_equal(ni6, 100);
    ni4 = test_packet(inner4, sizeof inner4,
                      "45000050 0000 0000 3f11 0000" D4 S4
                      "0035 04d2 003c 0000"
                      "0001020304050607 08090a0b0c0d0e0f 1011121314151617"
                      "18191a1b1c1d1e1f 2021222324252627 28292a2b2c2d2e2f"
                      "38393a3b");
    assert_int_equal(ni4, 80);
    test_hex(ext, inner6 + 128, 12);
    test_hex(ext, inner4 + 128, 12);

    /* Destination Unreachable: length 16 (x 8) -> 32 (x 4). */
    n = err6(in, sizeof in, "0104 0000 10000000", inner6, 140);
    w = err4(want, sizeof want, "0303 0000 00200000", inner4, 140);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);

    /* Time Exceeded likewise. */
    n = err6(in, sizeof in, "0300 0000 10000000", inner6, 140);
    w = err4(want, sizeof want, "0b00 0000 00200000", inner4, 140);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);

    /* A length under 128 bytes is not RFC 4884 compliant: read as zero,
     * the bytes past the quoted packet's own length are not kept. */
    n = err6(in, sizeof in, "0104 0000 08000000", inner6, 140);
    w = err4(want, sizeof want, "0303 0000 00000000", inner4, 80);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
}

/* RFC 4884 with a long quoted packet: to stay within 576 bytes the
 * original datagram field is cut, the extension kept whole. */
static void
rfc4884_extension_survives_truncation(void **state)
{
    static uint8_t zeros[1000], inner6[1100], inner4[1100];
    static uint8_t in[1200], want[1200];
    size_t ni6, ni4, n, w;

    /* 1000 bytes quoted (125 words), then a 40-byte extension. */
    ni6 = test_build(inner6, sizeof inner6, "60000000 03c0 11 3f" D6 S6
                     "0035 04d2 03c0 0000", zeros, 952);
    test_fix_checksums6(inner6, ni6);
    ni4 = test_build(inner4, sizeof inner4,
                     "450003d4 0000 0000 3f11 0000" D4 S4
                     "0035 04d2 03c0 0000", zeros, 952);
    memset(inner6 + 1000, 0xa5, 40);
    /* ICMPv4: 576 - 20 - 8 - 40 = 508 bytes of datagram (127 words). */
    memset(inner4 + 508, 0xa5, 40);
    n = err6(in, sizeof in, "0104 0000 7d000000", inner6, 1040);
    w = err4(want, sizeof want, "0303 0000 007f0000", inner4, 548);
    assert_int_equal(w, 576);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
    (void) ni4;
}

/* The RFC 4884 policy of ipxlat-rfc4884.h, 6->4: an extension that does
 * not fit in 576 bytes even with the datagram cut to 128 bytes is left out
 * whole, with a length of zero, not truncated. */
static void
rfc4884_extension_left_out_whole_when_too_big(void **state)
{
    static uint8_t zeros[1000], inner6[1100], inner4[1100];
    static uint8_t in[1200], want[1200];
    size_t n, w;

    /* 200 bytes of a 1000-byte datagram quoted (25 words), then 440
     * bytes of extension: translated 180, and 128 + 440 > 548. */
    test_build(inner6, sizeof inner6, "60000000 03c0 11 3f" D6 S6
               "0035 04d2 03c0 0000", zeros, 952);
    test_fix_checksums6(inner6, 1000);
    test_build(inner4, sizeof inner4, "450003d4 0000 0000 3f11 0000" D4 S4
               "0035 04d2 03c0 0000", zeros, 952);
    memset(inner6 + 200, 0xa5, 440);
    n = err6(in, sizeof in, "0104 0000 19000000", inner6, 640);
    w = err4(want, sizeof want, "0303 0000 00000000", inner4, 180);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);
}

/* RFC 6791: an error from an IPv6 router with an untranslatable address
 * takes its IPv4 source from pool6791v4, else src4; other messages from
 * such a source are dropped. */
static void
rfc6791_source_for_untranslatable_error_source(void **state)
{
    uint8_t inner6[128], inner4[128], in[256], want[256];
    size_t ni6 = inner6_udp(inner6), ni4 = inner4_udp(inner4), n, w;

    n = err6_from(in, sizeof in, ROUTER6, "0300 0000 00000000", inner6, ni6);

    w = err4_from(want, sizeof want, "cb007108", "0b00 0000 00000000",
                  inner4, ni4);
    check_bytes(PREFIX ",pool6791v4=203.0.113.8", in, n, IPXLAT_XLAT_64,
                want, w);

    w = err4_from(want, sizeof want, "c0000008", "0b00 0000 00000000",
                  inner4, ni4);
    check_bytes(PREFIX, in, n, IPXLAT_XLAT_64, want, w);

    w = err4_from(want, sizeof want, "c6336401", "0b00 0000 00000000",
                  inner4, ni4);
    check_bytes(PREFIX ",src4=198.51.100.1", in, n, IPXLAT_XLAT_64, want, w);

    n = test_pkt6(in, sizeof in, "60000000 000c 3a 40" ROUTER6 D6
             "8000 0000 1234 0001 deadbeef");
    check_bytes(PREFIX ",pool6791v4=203.0.113.8", in, n,
                IPXLAT_DROP_SRC_ADDR, NULL, 0);
}

/* RFC 6791 with a pool: the address is a host address of the pool (not
 * its first or last) and the same router always gets the same one. */
static void
rfc6791_pool_choice_is_deterministic(void **state)
{
    struct ipxlat_config *cfg = test_config(PREFIX
                                            ",pool6791v4=203.0.113.8/29");
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    uint8_t inner6[128], in[256];
    size_t ni6 = inner6_udp(inner6), n;
    uint32_t first = 0;

    n = err6_from(in, sizeof in, ROUTER6, "0300 0000 00000000", inner6, ni6);
    for (int i = 0; i < 3; i++) {
        uint32_t src;

        test_pkt_load(&tp, "");
        memcpy(tp.pkt.data, in, n);
        tp.pkt.len = n;
        tp.pkt.tailroom -= n;
        ctx.now_ms += 1000;
        assert_int_equal(ipxlat_translate(cfg, &ctx, test_family(&tp.pkt),
                                          &tp.pkt),
                         IPXLAT_XLAT_64);
        src = get_be32(tp.pkt.data + 12);
        assert_true(src > 0xcb007108 && src < 0xcb00710f);
        if (!i) {
            first = src;
        }
        assert_int_equal(src, first);
    }
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(echo_request_and_reply_become_icmpv4_echo),
        cmocka_unit_test(unknown_and_single_hop_types_are_dropped),
        cmocka_unit_test(destination_unreachable_codes_are_mapped),
        cmocka_unit_test(time_exceeded_keeps_its_code),
        cmocka_unit_test(packet_too_big_becomes_frag_needed_with_mtu_rule),
        cmocka_unit_test(packet_too_big_about_fragment_subtracts_28),
        cmocka_unit_test(parameter_problem_pointer_table),
        cmocka_unit_test(inner_extension_headers_are_removed),
        cmocka_unit_test(inner_echo_and_tcp_are_translated),
        cmocka_unit_test(untranslatable_inner_packets_are_dropped),
        cmocka_unit_test(error_with_wrong_checksum_is_dropped),
        cmocka_unit_test(error_is_cut_to_576_bytes),
        cmocka_unit_test(rfc4884_length_is_converted_and_extension_kept),
        cmocka_unit_test(rfc4884_extension_survives_truncation),
        cmocka_unit_test(rfc4884_extension_left_out_whole_when_too_big),
        cmocka_unit_test(rfc6791_source_for_untranslatable_error_source),
        cmocka_unit_test(rfc6791_pool_choice_is_deterministic),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
