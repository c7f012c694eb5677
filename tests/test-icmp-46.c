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


/* ICMPv4 -> ICMPv6 (lib/icmp-46.c): RFC 7915 sections 4.2 and 4.3, RFC
 * 4884, RFC 1191 plateaus, RFC 6791 sources, byte for byte.
 *
 * The prefix is 2001:db8:64::/96 (not the checksum-neutral 64:ff9b::/96)
 * so that incremental checksum updates show.  Errors come from router
 * 198.51.100.1 to 192.0.2.33 and quote a packet from 192.0.2.33 to
 * 198.51.100.2. */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-xlat.h"

#define CFG "prefix=2001:db8:64::/96"
/* No prefix: EAM entries that map the two hosts as CFG does, and nothing
 * else. */
#define CFG_EAM "eam(192.0.2.0/24,2001:db8:64::c000:200/120)," \
                "eam(198.51.100.0/24,2001:db8:64::c633:6400/120)"

#define ROUTER4 "c6336401"
#define ROUTER6 "20010db80064000000000000c6336401"
#define HOST4 "c0000221"
#define HOST6 "20010db80064000000000000c0000221"
#define PEER4 "c6336402"
#define PEER6 "20010db80064000000000000c6336402"

/* The quoted packet, whole, and its translation (TTL kept). */
#define INNER4 \
    "45000024 5678 0000 3f 11 0000" HOST4 PEER4 \
    "d431 0035 0010 0000 6461746164617461"
#define INNER6 \
    "60000000 0010 11 3f" HOST6 PEER6 \
    "d431 0035 0010 0000 6461746164617461"

static struct test_pkt tp;
static const struct ipxlat_ctx ctx = { .now_ms = 1000 };

static void
assert_reason(enum ipxlat_reason got, enum ipxlat_reason want)
{
    if (got != want) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(got),
                 ipxlat_reason_name(want));
    }
}

/* Runs ipxl_xlat_46() on the 'n' bytes at 'in' (a hairpin pass if
 * 'hairpin'). */
static enum ipxlat_reason
run46(const struct ipxlat_config *cfg, const uint8_t *in, size_t n,
      bool hairpin)
{
    struct xlat_state st = { .cfg = cfg, .ctx = &ctx, .pkt = &tp.pkt,
                             .return_pass = hairpin };

    test_pkt_load_raw(&tp, in, n);
    return ipxl_xlat_46(&st);
}

/* Translates and asserts reason 'want' and, unless 'out' is NULL, the
 * result. */
static void
check_bytes(const struct ipxlat_config *cfg, const uint8_t *in, size_t n,
            enum ipxlat_reason want, const uint8_t *out, size_t w)
{
    assert_reason(run46(cfg, in, n, false), want);
    if (out) {
        assert_int_equal(tp.pkt.len, w);
        assert_memory_equal(tp.pkt.data, out, w);
    }
}

/* Builds an ICMPv4 message from 'src4' to HOST4 with 'type', 'code' and
 * rest-of-header 'rest', followed by the 'n' bytes at 'body', checksums
 * filled in. */
static size_t
icmp4(uint8_t *out, size_t cap, const char *src4, uint8_t type,
      uint8_t code, uint32_t rest, const uint8_t *body, size_t n)
{
    char head[160];

    snprintf(head, sizeof head,
             "4500%04zx 0001 0000 40 01 0000 %s" HOST4 "%02x%02x 0000 %08x",
             28 + n, src4, type, code, rest);
    return test_build(out, cap, head, body, n);
}

/* Builds the expected ICMPv6 message from 'src6' to HOST6 (hop limit 63)
 * with 'type', 'code', 'rest' and the 'n' bytes at 'body'. */
static size_t
icmp6(uint8_t *out, size_t cap, const char *src6, uint8_t type,
      uint8_t code, uint32_t rest, const uint8_t *body, size_t n)
{
    char head[200];

    snprintf(head, sizeof head,
             "60000000 %04zx 3a 3f %s" HOST6 "%02x%02x 0000 %08x",
             8 + n, src6, type, code, rest);
    return test_build(out, cap, head, body, n);
}

/* Asserts that ICMPv4 'type'/'code'/'rest' quoting INNER4 translates to
 * ICMPv6 'type6'/'code6'/'rest6' quoting INNER6. */
static void
check_error_map(const struct ipxlat_config *cfg, uint8_t type, uint8_t code,
                uint32_t rest, uint8_t type6, uint8_t code6, uint32_t rest6)
{
    uint8_t inner4[64], inner6[64], in[256], out[256];
    size_t n4 = test_packet(inner4, sizeof inner4, INNER4);
    size_t n6 = test_packet(inner6, sizeof inner6, INNER6);
    size_t n = icmp4(in, sizeof in, ROUTER4, type, code, rest, inner4, n4);
    size_t w = icmp6(out, sizeof out, ROUTER6, type6, code6, rest6,
                     inner6, n6);

    assert_reason(run46(cfg, in, n, false), IPXLAT_XLAT_46);
    if (tp.pkt.len != w || memcmp(tp.pkt.data, out, w)) {
        fail_msg("ICMPv4 %u/%u rest %08x: wrong translation", type, code,
                 rest);
    }
}

/* Asserts that ICMPv4 'type'/'code'/'rest' quoting INNER4 is dropped. */
static void
check_error_dropped(const struct ipxlat_config *cfg, uint8_t type,
                    uint8_t code, uint32_t rest)
{
    uint8_t inner4[64], in[256];
    size_t n4 = test_packet(inner4, sizeof inner4, INNER4);
    size_t n = icmp4(in, sizeof in, ROUTER4, type, code, rest, inner4, n4);
    enum ipxlat_reason r = run46(cfg, in, n, false);

    if (r != IPXLAT_DROP_ICMP_TYPE) {
        fail_msg("ICMPv4 %u/%u rest %08x: %s, expected drop_icmp_type",
                 type, code, rest, ipxlat_reason_name(r));
    }
}

/* Adds 1 (one's complement) to the checksum at 'p'. */
static void
bump_csum(uint8_t *p)
{
    uint32_t v = get_be16(p) + 1;

    put_be16(p, (v & 0xffff) + (v >> 16));
}

/* RFC 7915 section 4.2: Echo Request 8 -> 128 and Echo Reply 0 -> 129,
 * the checksum adjusted for the type and the ICMPv6 pseudo-header. */
static void
echo_request_and_reply_translated(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64], out[128];
    size_t n = test_packet(in, sizeof in,
                           "45000024 0001 0000 40 01 0000" PEER4 HOST4
                           "0800 0000 1234 0001 6461746164617461");
    size_t w = test_packet(out, sizeof out,
                           "60000000 0010 3a 3f" PEER6 HOST6
                           "8000 0000 1234 0001 6461746164617461");

    assert_reason(run46(cfg, in, n, false), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);

    n = test_packet(in, sizeof in,
                    "45000024 0001 0000 40 01 0000" PEER4 HOST4
                    "0000 0000 1234 0001 6461746164617461");
    w = test_packet(out, sizeof out,
                    "60000000 0010 3a 3f" PEER6 HOST6
                    "8100 0000 1234 0001 6461746164617461");
    assert_reason(run46(cfg, in, n, false), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 1624: the echo checksum is updated, not recomputed: wrong stays
 * wrong by the same amount. */
static void
echo_wrong_checksum_stays_wrong(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64], out[128];
    size_t n = test_packet(in, sizeof in,
                           "45000024 0001 0000 40 01 0000" PEER4 HOST4
                           "0800 0000 1234 0001 6461746164617461");
    size_t w = test_packet(out, sizeof out,
                           "60000000 0010 3a 3f" PEER6 HOST6
                           "8000 0000 1234 0001 6461746164617461");

    bump_csum(in + 22);
    bump_csum(out + 42);
    assert_reason(run46(cfg, in, n, false), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.2: Information Request/Reply (15/16), Timestamp
 * (13/14), Address Mask (17/18), Router Advertisement/Solicitation (9/10)
 * and unknown informational types are dropped; so are Source Quench (4),
 * Redirect (5) and unknown errors. */
static void
untranslatable_types_dropped(void **state)
{
    static const uint8_t types[] = { 9, 10, 13, 14, 15, 16, 17, 18, 42,
                                     4, 5, 6 };
    struct ipxlat_config *cfg = test_config(CFG);

    for (size_t i = 0; i < sizeof types; i++) {
        check_error_dropped(cfg, types[i], 0, 0);
    }
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.2, Destination Unreachable: the whole code table. */
static void
destination_unreachable_codes_mapped(void **state)
{
    static const struct {
        uint8_t code, type6, code6;
        uint32_t rest6;
    } map[] = {
        { 0, 1, 0, 0 },         /* Net unreachable: no route. */
        { 1, 1, 0, 0 },         /* Host unreachable: no route. */
        { 2, 4, 1, 6 },         /* Protocol: Next Header, pointer 6. */
        { 3, 1, 4, 0 },         /* Port unreachable. */
        { 5, 1, 0, 0 },         /* Source route failed. */
        { 6, 1, 0, 0 },
        { 7, 1, 0, 0 },
        { 8, 1, 0, 0 },
        { 9, 1, 1, 0 },         /* Administratively prohibited. */
        { 10, 1, 1, 0 },
        { 11, 1, 0, 0 },
        { 12, 1, 0, 0 },
        { 13, 1, 1, 0 },
        { 15, 1, 1, 0 },        /* Precedence cutoff. */
    };
    struct ipxlat_config *cfg = test_config(CFG);

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        check_error_map(cfg, 3, map[i].code, 0, map[i].type6, map[i].code6,
                        map[i].rest6);
    }
    /* Host precedence violation (14) and unknown codes: dropped. */
    check_error_dropped(cfg, 3, 14, 0);
    check_error_dropped(cfg, 3, 16, 0);
    check_error_dropped(cfg, 3, 255, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.2: Time Exceeded is type 3, code unchanged. */
static void
time_exceeded_codes_kept(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check_error_map(cfg, 11, 0, 0, 3, 0, 0);
    check_error_map(cfg, 11, 1, 0, 3, 1, 0);
    check_error_dropped(cfg, 11, 2, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.2, Figure 3: the Parameter Problem pointer table;
 * fields without an IPv6 counterpart, code 1 and unknown codes are
 * dropped. */
static void
parameter_problem_pointer_table(void **state)
{
    static const int ptr6[20] = {
        0, 1, 4, 4, -1, -1, -1, -1, 7, 6, -1, -1, 8, 8, 8, 8,
        24, 24, 24, 24,
    };
    struct ipxlat_config *cfg = test_config(CFG);

    for (unsigned int p = 0; p < 20; p++) {
        if (ptr6[p] < 0) {
            check_error_dropped(cfg, 12, 0, p << 24);
        } else {
            check_error_map(cfg, 12, 0, p << 24, 4, 0, ptr6[p]);
            check_error_map(cfg, 12, 2, p << 24, 4, 0, ptr6[p]);
        }
    }
    check_error_dropped(cfg, 12, 0, 20u << 24);     /* An option. */
    check_error_dropped(cfg, 12, 1, 0);
    check_error_dropped(cfg, 12, 3, 0);
    ipxlat_config_free(cfg);
}

/* Asserts that Fragmentation Needed with MTU field 'mtu4', quoting a UDP
 * packet whose total length says 'tot_len' (36 bytes quoted), gives
 * Packet Too Big with MTU 'mtu6'. */
static void
check_frag_needed(const struct ipxlat_config *cfg, uint16_t mtu4,
                  uint16_t tot_len, uint32_t mtu6)
{
    char inner4_hex[200], inner6_hex[300];
    uint8_t inner4[64], inner6[64], in[256], out[256];
    size_t n4, n6, n, w;

    snprintf(inner4_hex, sizeof inner4_hex,
             "4500%04x 5678 4000 3f 11 0000" HOST4 PEER4
             "d431 0035 0010 0000 6461746164617461", tot_len);
    snprintf(inner6_hex, sizeof inner6_hex,
             "60000000 %04x 11 3f" HOST6 PEER6
             "d431 0035 0010 0000 6461746164617461", tot_len - 20);
    n4 = test_packet(inner4, sizeof inner4, inner4_hex);
    n6 = test_packet(inner6, sizeof inner6, inner6_hex);
    n = icmp4(in, sizeof in, ROUTER4, 3, 4, mtu4, inner4, n4);
    w = icmp6(out, sizeof out, ROUTER6, 2, 0, mtu6, inner6, n6);
    assert_reason(run46(cfg, in, n, false), IPXLAT_XLAT_46);
    if (tp.pkt.len != w || memcmp(tp.pkt.data, out, w)) {
        test_assert_bytes(tp.pkt.data, tp.pkt.len, "");
    }
}

/* RFC 7915 section 4.2: Fragmentation Needed becomes Packet Too Big with
 * MTU min(mtu + 20, mtu6, mtu4 + 20), at least 1280; an MTU of zero
 * takes the RFC 1191 plateau below the quoted total length. */
static void
frag_needed_becomes_packet_too_big(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check_frag_needed(cfg, 1400, 1500, 1420);
    check_frag_needed(cfg, 1000, 1500, 1280);       /* Minimum 1280. */
    check_frag_needed(cfg, 1492, 1500, 1500);       /* mtu6 1500. */
    check_frag_needed(cfg, 0, 1500, 1500);          /* 1492 + 20 > mtu6. */
    ipxlat_config_free(cfg);

    cfg = test_config(CFG ",mtu6=9000,mtu4=1400");
    check_frag_needed(cfg, 1480, 1500, 1420);       /* mtu4 + 20. */
    check_frag_needed(cfg, 0, 9000, 1420);
    ipxlat_config_free(cfg);

    cfg = test_config(CFG ",mtu6=9000,mtu4=9000");
    check_frag_needed(cfg, 0, 9000, 8186);          /* 8166 + 20. */
    check_frag_needed(cfg, 0, 1500, 1512);          /* 1492 + 20. */
    check_frag_needed(cfg, 0, 1493, 1512);
    check_frag_needed(cfg, 0, 1492, 1280);          /* 1006 + 20. */
    check_frag_needed(cfg, 0, 4000, 2022);          /* 2002 + 20. */
    check_frag_needed(cfg, 0, 2002, 1512);          /* Strictly below. */
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.3: the inner TCP checksum is updated when quoted,
 * and left alone when the quote stops before it. */
static void
inner_tcp_checksum_updated_when_quoted(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t inner4[64], inner6[128], in[256], out[256];
    size_t n4 = test_packet(inner4, sizeof inner4,
                            "45000030 5678 4000 3f 06 0000" HOST4 PEER4
                            "3039 0050 00000001 00000000 5002 2000 0000 0000"
                            "6461746164617461");
    size_t n6 = test_packet(inner6, sizeof inner6,
                            "60000000 001c 06 3f" HOST6 PEER6
                            "3039 0050 00000001 00000000 5002 2000 0000 0000"
                            "6461746164617461");
    size_t n = icmp4(in, sizeof in, ROUTER4, 3, 3, 0, inner4, n4);
    size_t w = icmp6(out, sizeof out, ROUTER6, 1, 4, 0, inner6, n6);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);

    /* RFC 792: only 8 bytes of TCP quoted: ports and sequence number. */
    n4 = test_hex("45000030 5678 4000 3f 06 0000" HOST4 PEER4
                  "3039 0050 00000001", inner4, sizeof inner4);
    n6 = test_hex("60000000 001c 06 3f" HOST6 PEER6 "3039 0050 00000001",
                  inner6, sizeof inner6);
    n = icmp4(in, sizeof in, ROUTER4, 3, 3, 0, inner4, n4);
    w = icmp6(out, sizeof out, ROUTER6, 1, 4, 0, inner6, n6);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.3: a quoted Echo Request is translated too (type and
 * checksum, with the inner pseudo-header). */
static void
inner_echo_translated(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t inner4[64], inner6[128], in[256], out[256];
    size_t n4 = test_packet(inner4, sizeof inner4,
                            "45000024 5678 0000 01 01 0000" HOST4 PEER4
                            "0800 0000 1234 0001 6461746164617461");
    size_t n6 = test_packet(inner6, sizeof inner6,
                            "60000000 0010 3a 01" HOST6 PEER6
                            "8000 0000 1234 0001 6461746164617461");
    size_t n = icmp4(in, sizeof in, ROUTER4, 11, 0, 0, inner4, n4);
    size_t w = icmp6(out, sizeof out, ROUTER6, 3, 0, 0, inner6, n6);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.3: one level only: an error quoting an error is
 * dropped. */
static void
error_inside_error_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t inner4[64], in[256];
    size_t n4 = test_packet(inner4, sizeof inner4,
                            "45000024 5678 0000 3f 01 0000" HOST4 PEER4
                            "0303 0000 00000000 4500001c00000000");
    size_t n = icmp4(in, sizeof in, ROUTER4, 3, 1, 0, inner4, n4);

    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_INNER, NULL, 0);

    /* An inner header that is not IPv4 at all. */
    n4 = test_hex("65000024 5678 0000 3f 11 0000" HOST4 PEER4
                  "d431 0035 0010 0000", inner4, sizeof inner4);
    n = icmp4(in, sizeof in, ROUTER4, 3, 1, 0, inner4, n4);
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_INNER, NULL, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.3: a quoted fragment gets its Fragment header; its
 * checksum (0x1234) is updated as a first fragment's. */
static void
inner_fragment_gets_fragment_header(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t inner4[64], inner6[128], in[256], out[256];
    size_t n4 = test_hex("45000024 5678 2000 3f 11 0000" HOST4 PEER4
                         "d431 0035 0020 1234 0102030405060708",
                         inner4, sizeof inner4);
    size_t n6 = test_hex("60000000 0018 2c 3f" HOST6 PEER6
                         "11 00 0001 00005678"
                         "d431 0035 0020 b5f9 0102030405060708",
                         inner6, sizeof inner6);
    size_t n = icmp4(in, sizeof in, ROUTER4, 3, 1, 0, inner4, n4);
    size_t w = icmp6(out, sizeof out, ROUTER6, 1, 0, 0, inner6, n6);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* Builds a whole UDP packet HOST4 -> PEER4 of 'tot' bytes, payload i &
 * 0xff, and its translation, into 'p4' and 'p6'. */
static void
udp_pair(uint8_t *p4, uint8_t *p6, size_t tot)
{
    char h4[160], h6[200];

    snprintf(h4, sizeof h4, "4500%04zx 5678 0000 3f 11 0000" HOST4 PEER4
             "d431 0035 %04zx 0000", tot, tot - 20);
    snprintf(h6, sizeof h6, "60000000 %04zx 11 3f" HOST6 PEER6
             "d431 0035 %04zx 0000", tot - 20, tot - 20);
    test_hex(h4, p4, 28);
    test_hex(h6, p6, 48);
    for (size_t i = 28; i < tot; i++) {
        p4[i] = p6[i + 20] = i & 0xff;
    }
    test_fix_checksums(p4, tot);
    test_fix_checksums(p6, tot + 20);
}

/* RFC 4884: ICMPv4 length (octet 5, 32-bit words, datagram zero padded to
 * 128 bytes) becomes the ICMPv6 length (octet 4, 64-bit words) with the
 * padding adjusted; the extension structure follows unchanged. */
static void
rfc4884_length_and_extensions_kept(void **state)
{
    static const char ext_hex[] = "2000 1234 0008 0101 0a000001";
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t p4[256], p6[256], body4[512], body6[512], in[600], out[600];
    uint8_t ext[16];
    size_t next = test_hex(ext_hex, ext, sizeof ext), n, w;

    /* 100 bytes quoted, padded to 128 (32 words); translated 120, padded
     * to 128 (16 words). */
    udp_pair(p4, p6, 100);
    memset(body4, 0, sizeof body4);
    memset(body6, 0, sizeof body6);
    memcpy(body4, p4, 100);
    memcpy(body4 + 128, ext, next);
    memcpy(body6, p6, 120);
    memcpy(body6 + 128, ext, next);
    n = icmp4(in, sizeof in, ROUTER4, 11, 0, 32 << 16, body4, 128 + next);
    w = icmp6(out, sizeof out, ROUTER6, 3, 0, 16u << 24, body6, 128 + next);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);

    /* 140 bytes (35 words); translated 160 (20 words), no padding. */
    udp_pair(p4, p6, 140);
    memcpy(body4, p4, 140);
    memcpy(body4 + 140, ext, next);
    memcpy(body6, p6, 160);
    memcpy(body6 + 160, ext, next);
    n = icmp4(in, sizeof in, ROUTER4, 3, 1, 35 << 16, body4, 140 + next);
    w = icmp6(out, sizeof out, ROUTER6, 1, 0, 20u << 24, body6, 160 + next);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* The RFC 4884 policy of ipxlat-rfc4884.h, 4->6: to fit in 1280 bytes the
 * datagram is cut (not below 128 bytes) and the extension kept whole; an
 * extension that does not fit even then is left out whole, not cut (RFC
 * 7915 section 4.2 would truncate it: doc/rfc-traceability.md); a length
 * under 128 bytes is no RFC 4884 length (section 5), as 6->4 reads it. */
static void
rfc4884_extension_whole_or_not_at_all(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    static uint8_t p4[1400], p6[1400], body4[2600], body6[2600];
    static uint8_t in[2700], out[2700];
    size_t n, w;

    /* 1000 bytes quoted (250 words), 300 bytes of extension: translated
     * 1020, padded 1024; 1024 + 300 > 1232, so the datagram is cut to
     * 928 (116 units of 8) and the extension follows. */
    udp_pair(p4, p6, 1000);
    memcpy(body4, p4, 1000);
    memset(body4 + 1000, 0x5a, 300);
    memcpy(body6, p6, 928);
    memset(body6 + 928, 0x5a, 300);
    n = icmp4(in, sizeof in, ROUTER4, 11, 0, 250 << 16, body4, 1300);
    w = icmp6(out, sizeof out, ROUTER6, 3, 0, 116u << 24, body6, 1228);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);

    /* 100 bytes quoted (padded to 128, 32 words), 1150 bytes of
     * extension: 128 + 1150 > 1232, so the extension is left out and the
     * length is zero. */
    udp_pair(p4, p6, 100);
    memset(body4, 0, 128);
    memcpy(body4, p4, 100);
    memset(body4 + 128, 0x5a, 1150);
    n = icmp4(in, sizeof in, ROUTER4, 11, 0, 32 << 16, body4, 1278);
    w = icmp6(out, sizeof out, ROUTER6, 3, 0, 0, p6, 120);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);

    /* A length of 20 words (80 bytes) is under 128: no extension, the
     * body is the datagram, of which the quoted packet's own 100 bytes
     * are translated. */
    memset(body4 + 100, 0, 28);
    memset(body4 + 128, 0x5a, 12);
    n = icmp4(in, sizeof in, ROUTER4, 11, 0, 20 << 16, body4, 140);
    w = icmp6(out, sizeof out, ROUTER6, 3, 0, 0, p6, 120);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 4884 section 4.2: ICMPv6 Packet Too Big has no length field: the
 * extensions (and the IPv4 padding) are left out. */
static void
rfc4884_extensions_dropped_for_packet_too_big(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t p4[256], p6[256], body4[512], in[600], out[600];
    size_t n, w;

    udp_pair(p4, p6, 100);
    memset(body4, 0, sizeof body4);
    memcpy(body4, p4, 100);
    test_hex("2000 1234 0008 0101 0a000001", body4 + 128, 12);
    n = icmp4(in, sizeof in, ROUTER4, 3, 4, (32 << 16) | 1400, body4,
              140);
    w = icmp6(out, sizeof out, ROUTER6, 2, 0, 1420, p6, 120);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.3 / RFC 4443 section 2.4: the translated error is
 * cut to 1280 bytes. */
static void
error_cut_to_1280(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    static uint8_t p4[2000], p6[2000], in[2000], out[2000];
    size_t n, w;

    udp_pair(p4, p6, 1400);
    n = icmp4(in, sizeof in, ROUTER4, 11, 0, 0, p4, 1400);
    w = icmp6(out, sizeof out, ROUTER6, 3, 0, 0, p6, 1280 - 48);
    assert_int_equal(w, 1280);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* Asserts that Time Exceeded from 169.254.0.1 (no mapping) comes out from
 * 'src6_hex' under 'config'. */
static void
check_rfc6791(const char *config, const char *src6_hex)
{
    struct ipxlat_config *cfg = test_config(config);
    uint8_t inner4[64], inner6[64], in[256], out[256];
    size_t n4 = test_packet(inner4, sizeof inner4, INNER4);
    size_t n6 = test_packet(inner6, sizeof inner6, INNER6);
    size_t n = icmp4(in, sizeof in, "a9fe0001", 11, 0, 0, inner4, n4);
    size_t w = icmp6(out, sizeof out, src6_hex, 3, 0, 0, inner6, n6);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 6791: an error from a source that has no mapping at all (no EAM
 * entry and no prefix: the config maps the two hosts by EAM entries that
 * give the addresses the prefix would) takes its source from pool6791v6
 * (host bits from the IPv4 source), else src6; without either it is
 * dropped, as src4 has no mapping either. */
static void
rfc6791_source_for_unmapped_router(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG_EAM);
    uint8_t inner4[64], in[256];
    size_t n4 = test_packet(inner4, sizeof inner4, INNER4);
    size_t n = icmp4(in, sizeof in, "a9fe0001", 11, 0, 0, inner4, n4);

    check_rfc6791(CFG_EAM ",pool6791v6=2001:db8:ffff::/96",
                  "20010db8ffff0000 00000000 a9fe0001");
    check_rfc6791(CFG_EAM ",pool6791v6=2001:db8:ffff::ff00/120",
                  "20010db8ffff0000 00000000 0000ff01");
    check_rfc6791(CFG_EAM ",pool6791v6=2001:db8:ffff::7",
                  "20010db8ffff0000 00000000 00000007");
    check_rfc6791(CFG_EAM ",src6=2001:db8::8",
                  "20010db8000000000000000000000008");
    check_bytes(cfg, in, n, IPXLAT_DROP_SRC_ADDR, NULL, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: an ICMPv4 error whose source is an address never
 * translated otherwise (0/8, 127/8, 169.254/16...) is translated anyway,
 * for troubleshooting, through the usual mapping: the prefix, or an EAM
 * entry first; the RFC 6791 pool is not used while a mapping exists. */
static void
error_from_reserved_source_is_mapped(void **state)
{
    check_rfc6791(CFG, "20010db80064000000000000a9fe0001");
    check_rfc6791(CFG ",pool6791v6=2001:db8:ffff::/96",
                  "20010db80064000000000000a9fe0001");
    check_rfc6791(CFG ",eam(169.254.0.0/16,2001:db8:a9fe::/112)",
                  "20010db8a9fe00000000000000000001");

    /* From 127.0.0.1 and 0.0.0.0. */
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t inner4[64], inner6[64], in[256], out[256];
    size_t n4 = test_packet(inner4, sizeof inner4, INNER4);
    size_t n6 = test_packet(inner6, sizeof inner6, INNER6);
    size_t n = icmp4(in, sizeof in, "7f000001", 3, 3, 0, inner4, n4);
    size_t w = icmp6(out, sizeof out, "20010db800640000000000007f000001",
                     1, 4, 0, inner6, n6);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
    n = icmp4(in, sizeof in, "00000000", 11, 0, 0, inner4, n4);
    w = icmp6(out, sizeof out, "20010db8006400000000000000000000", 3, 0, 0,
              inner6, n6);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
    ipxlat_config_free(cfg);
}

/* Under the Well-Known Prefix (RFC 6052 section 3.1) an ICMPv4 error from
 * a router with a non-global address (10.0.0.1) to the global host
 * 8.8.4.4 has no mapping for its source, so the RFC 6791 rules give it
 * one: pool6791v6, else src6, else src4 through the prefix if that is
 * global; with none of them it is dropped as drop_wkp_non_global.  With
 * allow_wkp_non_global the router maps through the prefix. */
static void
wkp_error_from_non_global_router(void **state)
{
    static const struct {
        const char *config;
        const char *src6;           /* NULL: dropped. */
    } cases[] = {
        { "prefix=64:ff9b::/96,pool6791v6=2001:db8:ffff::/96",
          "20010db8ffff0000000000000a000001" },
        { "prefix=64:ff9b::/96,src6=2001:db8::8",
          "20010db8000000000000000000000008" },
        { "prefix=64:ff9b::/96,src4=1.2.3.4",
          "0064ff9b000000000000000001020304" },
        { "prefix=64:ff9b::/96,allow_wkp_non_global",
          "0064ff9b00000000000000000a000001" },
        { "prefix=64:ff9b::/96", NULL },
    };
    uint8_t inner4[64], inner6[64], in[256], out[256];
    size_t n4 = test_packet(inner4, sizeof inner4,
                            "45000024 5678 0000 3f 11 0000 08080404 01010101"
                            "d431 0035 0010 0000 6461746164617461");
    size_t n6 = test_packet(inner6, sizeof inner6,
                            "60000000 0010 11 3f"
                            "0064ff9b000000000000000008080404"
                            "0064ff9b000000000000000001010101"
                            "d431 0035 0010 0000 6461746164617461");
    size_t n = test_build(in, sizeof in,
                          "45000040 0001 0000 40 01 0000 0a000001 08080404"
                          "0b00 0000 00000000", inner4, n4);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ipxlat_config *cfg = test_config(cases[i].config);

        if (cases[i].src6) {
            char head[200];
            size_t w;

            snprintf(head, sizeof head, "60000000 0040 3a 3f %s"
                     "0064ff9b000000000000000008080404"
                     "0300 0000 00000000", cases[i].src6);
            w = test_build(out, sizeof out, head, inner6, n6);
            check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
        } else {
            check_bytes(cfg, in, n, IPXLAT_DROP_WKP_NON_GLOBAL, NULL, 0);
        }
        ipxlat_config_free(cfg);
    }
}

/* Non-errors from an untranslatable source are still dropped (RFC 7915
 * section 4.1: "the translator SHOULD silently drop the packet"), whether
 * the address is never translated or has no mapping. */
static void
unmapped_source_of_echo_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG ",src6=2001:db8::8");
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in,
                           "45000024 0001 0000 40 01 0000 a9fe0001" HOST4
                           "0800 0000 1234 0001 6461746164617461");

    check_bytes(cfg, in, n, IPXLAT_DROP_SRC_ADDR, NULL, 0);
    n = test_packet(in, sizeof in,
                    "45000024 0001 0000 40 01 0000 7f000001" HOST4
                    "0800 0000 1234 0001 6461746164617461");
    check_bytes(cfg, in, n, IPXLAT_DROP_SRC_ADDR, NULL, 0);
    ipxlat_config_free(cfg);

    cfg = test_config(CFG_EAM ",pool6791v6=2001:db8:ffff::/96");
    n = test_packet(in, sizeof in,
                    "45000024 0001 0000 40 01 0000 cb007101" HOST4
                    "0800 0000 1234 0001 6461746164617461");
    check_bytes(cfg, in, n, IPXLAT_DROP_SRC_ADDR, NULL, 0);
    ipxlat_config_free(cfg);
}

/* The outer checksum of an error is recomputed, so a wrong one is caught
 * first. */
static void
error_with_wrong_checksum_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t inner4[64], in[256];
    size_t n4 = test_packet(inner4, sizeof inner4, INNER4);
    size_t n = icmp4(in, sizeof in, ROUTER4, 3, 3, 0, inner4, n4);

    bump_csum(in + 22);
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_L4, NULL, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7757 section 4.2: in an intrinsic hairpin the inner destination
 * mirrors the outer source and goes through the prefix only; in simple
 * mode it maps normally (here through EAM). */
static void
hairpin_inner_destination_by_mode(void **state)
{
    struct ipxlat_config *cfg
        = test_config(CFG ",eam(198.51.100.0/24,2001:db8:5::/120)");
    uint8_t inner4[64], inner6[64], in[256], out[256];
    size_t n4 = test_packet(inner4, sizeof inner4, INNER4);
    size_t n6 = test_packet(inner6, sizeof inner6, INNER6);
    size_t n = icmp4(in, sizeof in, ROUTER4, 3, 3, 0, inner4, n4);
    size_t w = icmp6(out, sizeof out, ROUTER6, 1, 4, 0, inner6, n6);

    /* Hop limit 64: a hairpin pass does not decrement. */
    out[7] = 64;
    assert_reason(run46(cfg, in, n, true), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);

    cfg = test_config(CFG ",eam(198.51.100.0/24,2001:db8:5::/120),"
                      "hairpin=simple");
    n6 = test_packet(inner6, sizeof inner6,
                     "60000000 0010 11 3f" HOST6
                     "20010db8000500000000000000000002"
                     "d431 0035 0010 0000 6461746164617461");
    w = icmp6(out, sizeof out, ROUTER6, 1, 4, 0, inner6, n6);
    out[7] = 64;
    assert_reason(run46(cfg, in, n, true), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(echo_request_and_reply_translated),
        cmocka_unit_test(echo_wrong_checksum_stays_wrong),
        cmocka_unit_test(untranslatable_types_dropped),
        cmocka_unit_test(destination_unreachable_codes_mapped),
        cmocka_unit_test(time_exceeded_codes_kept),
        cmocka_unit_test(parameter_problem_pointer_table),
        cmocka_unit_test(frag_needed_becomes_packet_too_big),
        cmocka_unit_test(inner_tcp_checksum_updated_when_quoted),
        cmocka_unit_test(inner_echo_translated),
        cmocka_unit_test(error_inside_error_dropped),
        cmocka_unit_test(inner_fragment_gets_fragment_header),
        cmocka_unit_test(rfc4884_length_and_extensions_kept),
        cmocka_unit_test(rfc4884_extensions_dropped_for_packet_too_big),
        cmocka_unit_test(rfc4884_extension_whole_or_not_at_all),
        cmocka_unit_test(error_cut_to_1280),
        cmocka_unit_test(rfc6791_source_for_unmapped_router),
        cmocka_unit_test(error_from_reserved_source_is_mapped),
        cmocka_unit_test(wkp_error_from_non_global_router),
        cmocka_unit_test(unmapped_source_of_echo_dropped),
        cmocka_unit_test(error_with_wrong_checksum_dropped),
        cmocka_unit_test(hairpin_inner_destination_by_mode),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
