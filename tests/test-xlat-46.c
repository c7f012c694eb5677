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


/* IPv4 -> IPv6 header translation (lib/validate4.c, lib/xlat-46.c):
 * RFC 7915 sections 4.1 and 4.5, byte for byte.
 *
 * The prefix is 2001:db8:64::/96 rather than 64:ff9b::/96: the well-known
 * prefix sums to 0xffff, so it leaves transport checksums unchanged and
 * could not show that they are updated. */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-xlat.h"

#define CFG "prefix=2001:db8:64::/96"

/* 198.51.100.2 and 192.0.2.33 through the prefix. */
#define SRC6 "20010db80064000000000000c6336402"
#define DST6 "20010db80064000000000000c0000221"
#define SRC4 "c6336402"
#define DST4 "c0000221"

#define UDP4 \
    "45000024 1234 4000 40 11 0000" SRC4 DST4 \
    "d431 0035 0010 0000 6461746164617461"
#define UDP6 \
    "60000000 0010 11 3f" SRC6 DST6 \
    "d431 0035 0010 0000 6461746164617461"
#define TCP4 \
    "45000030 abcd 4000 40 06 0000" SRC4 DST4 \
    "3039 0050 00000001 00000000 5002 2000 0000 0000 6461746164617461"
#define TCP6 \
    "60000000 001c 06 3f" SRC6 DST6 \
    "3039 0050 00000001 00000000 5002 2000 0000 0000 6461746164617461"

static struct test_pkt tp;
static const struct ipxlat_ctx ctx = { .now_ms = 1000 };

/* Runs ipxl_xlat_46() (pass 'hairpin' or not) on the 'n' bytes at 'in',
 * loaded into 'tp' with full room around them. */
static enum ipxlat_reason
run46(const struct ipxlat_config *cfg, const uint8_t *in, size_t n,
      bool hairpin, struct xlat_state *st)
{
    test_pkt_load_raw(&tp, in, n);
    memset(st, 0, sizeof *st);
    st->cfg = cfg;
    st->ctx = &ctx;
    st->pkt = &tp.pkt;
    st->return_pass = hairpin;
    return ipxl_xlat_46(st);
}

/* Parses hex 'text' into 'out' and fills in only the IPv4 header checksum
 * (transport checksums stay as written).  Returns the length. */
static size_t
raw4(uint8_t *out, size_t cap, const char *text)
{
    size_t n = test_hex(text, out, cap);

    test_fix_ip4_header(out);
    return n;
}

static void
assert_reason(enum ipxlat_reason got, enum ipxlat_reason want)
{
    if (got != want) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(got),
                 ipxlat_reason_name(want));
    }
}

/* Translates the 'n' bytes at 'in' and asserts reason 'want' and, unless
 * 'out' is NULL, the 'w' bytes at 'out'. */
static void
check_bytes(const struct ipxlat_config *cfg, const uint8_t *in, size_t n,
            enum ipxlat_reason want, const uint8_t *out, size_t w)
{
    struct xlat_state st;

    assert_reason(run46(cfg, in, n, false, &st), want);
    if (out) {
        assert_int_equal(tp.pkt.len, w);
        assert_memory_equal(tp.pkt.data, out, w);
    }
}

/* Like check_bytes() with hex fixtures whose checksums are filled in. */
static void
check(const struct ipxlat_config *cfg, const char *in_hex,
      enum ipxlat_reason want, const char *out_hex)
{
    static uint8_t in[4096], out[4096];
    size_t n = test_packet(in, sizeof in, in_hex);
    size_t w = out_hex ? test_packet(out, sizeof out, out_hex) : 0;

    check_bytes(cfg, in, n, want, out_hex ? out : NULL, w);
}

/* Asserts that the 'n' bytes at 'in' give the ICMPv4 error 'type'/'code'
 * with rest-of-header 'info' and reason 'want', the packet untouched. */
static void
check_error_bytes(const struct ipxlat_config *cfg, const uint8_t *in,
                  size_t n, enum ipxlat_reason want, uint8_t type,
                  uint8_t code, uint32_t info)
{
    struct xlat_state st;

    assert_reason(run46(cfg, in, n, false, &st), want);
    assert_int_equal(st.err_type, type);
    assert_int_equal(st.err_code, code);
    assert_int_equal(st.err_info, info);
    assert_ptr_equal(tp.pkt.data, tp.buf + TEST_HEADROOM);
    assert_int_equal(tp.pkt.len, n);
    assert_int_equal(tp.pkt.headroom, TEST_HEADROOM);
    assert_memory_equal(tp.pkt.data, in, n);
}

static void
check_error(const struct ipxlat_config *cfg, const char *in_hex,
            enum ipxlat_reason want, uint8_t type, uint8_t code,
            uint32_t info)
{
    static uint8_t in[4096];
    size_t n = test_packet(in, sizeof in, in_hex);

    check_error_bytes(cfg, in, n, want, type, code, info);
}

/* Adds 1 (one's complement) to the checksum at 'p': a checksum that is
 * wrong by a known amount. */
static void
bump_csum(uint8_t *p)
{
    uint32_t v = get_be16(p) + 1;

    put_be16(p, (v & 0xffff) + (v >> 16));
}

/* RFC 7915 section 4.1: version 6, traffic class from TOS, flow label 0,
 * payload length, next header, hop limit TTL - 1, both addresses through
 * the prefix; RFC 7915 section 4.5: the TCP checksum follows the new
 * pseudo-header. */
static void
tcp_translated_with_updated_checksum(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check(cfg, TCP4, IPXLAT_XLAT_46, TCP6);
    ipxlat_config_free(cfg);
}

static void
udp_translated_with_updated_checksum(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check(cfg, UDP4, IPXLAT_XLAT_46, UDP6);
    ipxlat_config_free(cfg);
}

/* The header moves back by exactly 20 bytes: the payload stays put. */
static void
payload_is_not_moved(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in, UDP4);
    struct xlat_state st;

    assert_reason(run46(cfg, in, n, false, &st), IPXLAT_XLAT_46);
    assert_ptr_equal(tp.pkt.data, tp.buf + TEST_HEADROOM - 20);
    assert_int_equal(tp.pkt.headroom, TEST_HEADROOM - 20);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: Traffic Class = TOS (all 8 bits), Flow Label 0,
 * Hop Limit = TTL - 1. */
static void
tos_copied_and_ttl_decremented(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check(cfg,
          "45b8 0024 1234 0000 02 11 0000" SRC4 DST4
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_XLAT_46,
          "6b800000 0010 11 01" SRC6 DST6
          "d431 0035 0010 0000 6461746164617461");
    ipxlat_config_free(cfg);
}

/* The ECN bits are part of the TOS byte and cross too. */
static void
ecn_bits_cross_in_traffic_class(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check(cfg,
          "4503 0024 1234 0000 40 11 0000" SRC4 DST4
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_XLAT_46,
          "60300000 0010 11 3f" SRC6 DST6
          "d431 0035 0010 0000 6461746164617461");
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: IPv4 options (here Record Route) are ignored and
 * not translated; the IPv6 header ends where the UDP header starts. */
static void
options_are_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in,
                           "48000030 1234 0000 40 11 0000" SRC4 DST4
                           "07 0b 04 0000000000000000 00"
                           "d431 0035 0010 0000 6461746164617461");
    struct xlat_state st;

    check(cfg,
          "48000030 1234 0000 40 11 0000" SRC4 DST4
          "07 0b 04 0000000000000000 00"
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_XLAT_46, UDP6);
    assert_reason(run46(cfg, in, n, false, &st), IPXLAT_XLAT_46);
    assert_ptr_equal(tp.pkt.data, tp.buf + TEST_HEADROOM + 32 - 40);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: an expired source route (pointer past its end) is
 * just an option: translated. */
static void
expired_source_route_is_translated(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check(cfg,
          "4700002c 1234 0000 40 11 0000" SRC4 DST4
          "83 07 08 c0000201 01"
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_XLAT_46, UDP6);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: an unexpired source route (LSRR or SSRR) gives
 * Destination Unreachable, Source Route Failed (3/5). */
static void
unexpired_source_route_gives_3_5(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check_error(cfg,
                "4700002c 1234 0000 40 11 0000" SRC4 DST4
                "83 07 04 c0000201 01"
                "d431 0035 0010 0000 6461746164617461",
                IPXLAT_ERR_SOURCE_ROUTE, 3, 5, 0);
    check_error(cfg,
                "4700002c 1234 0000 40 11 0000" SRC4 DST4
                "01 89 07 04 c0000201"
                "d431 0035 0010 0000 6461746164617461",
                IPXLAT_ERR_SOURCE_ROUTE, 3, 5, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1 (Hop Limit), RFC 792: a TTL of 1 (or 0) cannot be
 * decremented: Time Exceeded 11/0, packet untouched. */
static void
ttl_1_gives_time_exceeded(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check_error(cfg,
                "45000024 1234 0000 01 11 0000" SRC4 DST4
                "d431 0035 0010 0000 6461746164617461",
                IPXLAT_ERR_TIME_EXCEEDED, 11, 0, 0);
    check_error(cfg,
                "45000024 1234 0000 00 11 0000" SRC4 DST4
                "d431 0035 0010 0000 6461746164617461",
                IPXLAT_ERR_TIME_EXCEEDED, 11, 0, 0);
    ipxlat_config_free(cfg);
}

/* ICMPv6 (58) inside IPv4 must not cross. */
static void
icmpv6_in_ipv4_is_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check(cfg, "45000024 1234 0000 40 3a 0000" SRC4 DST4
          "8000 0000 00010001 6461746164617461",
          IPXLAT_DROP_PROTOCOL, NULL);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: a fragment gets a Fragment header: ID
 * zero-extended, offset and M copied.  The first fragment's UDP checksum
 * is updated like a whole datagram's (the pseudo-header length is the
 * datagram's in both families): 0x1234 becomes 0xb5f9. */
static void
first_fragment_gets_fragment_header(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64], out[128];
    size_t n = raw4(in, sizeof in,
                    "45000024 abcd 2000 40 11 0000" SRC4 DST4
                    "d431 0035 0020 1234 0102030405060708");
    size_t w = test_hex("60000000 0018 2c 3f" SRC6 DST6
                        "11 00 0001 0000abcd"
                        "d431 0035 0020 b5f9 0102030405060708",
                        out, sizeof out);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
    ipxlat_config_free(cfg);
}

/* Middle and last fragments: no transport header, nothing but the IP
 * layer changes (even bytes that look like a zero UDP checksum). */
static void
middle_and_last_fragments_keep_payload(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64], out[128];
    size_t n = raw4(in, sizeof in,
                    "45000024 abcd 2002 40 11 0000" SRC4 DST4
                    "1112131415160000 191a1b1c1d1e1f20");
    size_t w = test_hex("60000000 0018 2c 3f" SRC6 DST6
                        "11 00 0011 0000abcd"
                        "1112131415160000 191a1b1c1d1e1f20",
                        out, sizeof out);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);

    n = raw4(in, sizeof in,
             "4500001c abcd 0004 40 11 0000" SRC4 DST4 "2122232425262728");
    w = test_hex("60000000 0010 2c 3f" SRC6 DST6
                 "11 00 0020 0000abcd 2122232425262728", out, sizeof out);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.2: an ICMP fragment cannot get its ICMPv6
 * checksum (the pseudo-header needs the whole length): dropped, first or
 * not. */
static void
icmp_fragments_are_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64];
    size_t n = raw4(in, sizeof in,
                    "4500001c abcd 2000 40 01 0000" SRC4 DST4
                    "0800 1234 00010001");

    check_bytes(cfg, in, n, IPXLAT_DROP_FRAG_ICMP, NULL, 0);
    n = raw4(in, sizeof in, "4500001c abcd 0001 40 01 0000" SRC4 DST4
             "0102030405060708");
    check_bytes(cfg, in, n, IPXLAT_DROP_FRAG_ICMP, NULL, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.5 (amend_udp_zero_csum): a whole UDP datagram with
 * checksum zero gets the checksum computed over the IPv6 pseudo-header. */
static void
udp_zero_checksum_amended(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG ",amend_udp_zero_csum");
    uint8_t in[64], out[128];
    size_t n = raw4(in, sizeof in,
                    "45000024 1234 4000 40 11 0000" SRC4 DST4
                    "d431 0035 0010 0000 6461746164617461");
    size_t w = test_packet(out, sizeof out, UDP6);

    assert_true(get_be16(out + 46) != 0);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.5: without amending, UDP checksum zero gives
 * Destination Unreachable 3/13, packet untouched. */
static void
udp_zero_checksum_gives_3_13(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64];
    size_t n = raw4(in, sizeof in,
                    "45000024 1234 4000 40 11 0000" SRC4 DST4
                    "d431 0035 0010 0000 6461746164617461");

    check_error_bytes(cfg, in, n, IPXLAT_ERR_UDP_ZERO_CSUM, 3, 13, 0);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.5: a fragmented zero-checksum datagram cannot be
 * amended without a reassembly context (ctx.reasm NULL here), even with
 * amend_udp_zero_csum: its first fragment gets 3/13, packet untouched
 * (test-reasm-xlat.c has the error's bytes and the context). */
static void
udp_zero_checksum_first_fragment_gives_3_13(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG ",amend_udp_zero_csum");
    uint8_t in[64];
    size_t n = raw4(in, sizeof in,
                    "45000024 abcd 2000 40 11 0000" SRC4 DST4
                    "d431 0035 0020 0000 0102030405060708");

    check_error_bytes(cfg, in, n, IPXLAT_ERR_UDP_ZERO_CSUM, 3, 13, 0);
    ipxlat_config_free(cfg);
}

/* RFC 1624: incremental updates keep a wrong checksum wrong by the same
 * amount. */
static void
wrong_checksums_stay_wrong(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64], out[128];
    size_t n = test_packet(in, sizeof in, TCP4);
    size_t w = test_packet(out, sizeof out, TCP6);

    bump_csum(in + 20 + 16);
    bump_csum(out + 40 + 16);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);

    n = test_packet(in, sizeof in, UDP4);
    w = test_packet(out, sizeof out, UDP6);
    bump_csum(in + 20 + 6);
    bump_csum(out + 40 + 6);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, out, w);
    ipxlat_config_free(cfg);
}

/* Bytes after the IPv4 total length (link-layer padding) are dropped. */
static void
trailing_bytes_are_trimmed(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64], out[128];
    size_t n = test_packet(in, sizeof in, UDP4);
    size_t w = test_packet(out, sizeof out, UDP6);

    memset(in + n, 0xee, 6);
    check_bytes(cfg, in, n + 6, IPXLAT_XLAT_46, out, w);
    ipxlat_config_free(cfg);
}

/* RFC 791 / RFC 1122: headers that cannot be parsed are dropped with the
 * reason naming the layer. */
static void
malformed_headers_are_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64];
    size_t n;

    /* IHL 4. */
    n = raw4(in, sizeof in, "44000024 1234 0000 40 11 0000" SRC4 DST4
             "d431 0035 0010 0000 6461746164617461");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    /* Total length beyond the buffer. */
    n = raw4(in, sizeof in, "45000025 1234 0000 40 11 0000" SRC4 DST4
             "d431 0035 0010 0000 6461746164617461");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    /* Total length shorter than the header. */
    n = raw4(in, sizeof in, "45000013 1234 0000 40 11 0000" SRC4 DST4
             "d431 0035 0010 0000 6461746164617461");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    /* Wrong header checksum. */
    n = test_packet(in, sizeof in, UDP4);
    bump_csum(in + 10);
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    /* Shorter than an IPv4 header. */
    check_bytes(cfg, in, 19, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    /* Version 6 in an IPv4 slot. */
    n = raw4(in, sizeof in, "65000024 1234 0000 40 11 0000" SRC4 DST4
             "d431 0035 0010 0000 6461746164617461");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    /* An option running past the header. */
    n = raw4(in, sizeof in, "46000028 1234 0000 40 11 0000" SRC4 DST4
             "07 09 04 00 d431 0035 0010 0000 6461746164617461");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    /* Truncated TCP and UDP headers. */
    n = raw4(in, sizeof in, "4500001e 1234 0000 40 06 0000" SRC4 DST4
             "3039 0050 00000001 0000");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_L4, NULL, 0);
    n = raw4(in, sizeof in, "45000018 1234 0000 40 11 0000" SRC4 DST4
             "d431 0035");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_L4, NULL, 0);
    /* RFC 791: a last fragment at offset 65528 may carry 7 bytes, not 8
     * (its datagram would pass 65535 bytes). */
    n = raw4(in, sizeof in, "4500001b 1234 1fff 40 11 0000" SRC4 DST4
             "01020304050607");
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    n = raw4(in, sizeof in, "4500001c 1234 1fff 40 11 0000" SRC4 DST4
             "0102030405060708");
    check_bytes(cfg, in, n, IPXLAT_DROP_MALFORMED_IP4, NULL, 0);
    ipxlat_config_free(cfg);
}

/* RFC 6052 section 3.1 (doc/rfc-traceability.md): 0/8, 127/8,
 * 169.254/16, 224/4 and the broadcast address never cross through the
 * prefix. */
static void
reserved_addresses_are_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);

    check(cfg, "45000024 1234 0000 40 11 0000" SRC4 "7f000001"
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_DROP_DST_ADDR, NULL);
    check(cfg, "45000024 1234 0000 40 11 0000" SRC4 "e0000001"
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_DROP_DST_ADDR, NULL);
    check(cfg, "45000024 1234 0000 40 11 0000" SRC4 "ffffffff"
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_DROP_DST_ADDR, NULL);
    check(cfg, "45000024 1234 0000 40 11 0000 a9fe0101" DST4
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_DROP_SRC_ADDR, NULL);
    check(cfg, "45000024 1234 0000 40 11 0000 00000000" DST4
          "d431 0035 0010 0000 6461746164617461",
          IPXLAT_DROP_SRC_ADDR, NULL);
    ipxlat_config_free(cfg);
}

/* RFC 7757 section 3.2: EAM first; without a prefix an address outside
 * every EAM entry has no mapping. */
static void
eam_used_and_unmapped_dropped(void **state)
{
    struct ipxlat_config *cfg
        = test_config("eam(192.0.2.0/24,2001:db8:2::/120)");

    check(cfg, UDP4, IPXLAT_DROP_SRC_ADDR, NULL);
    ipxlat_config_free(cfg);

    cfg = test_config(CFG ",eam(192.0.2.0/24,2001:db8:2::/120)");
    check(cfg, UDP4, IPXLAT_XLAT_46,
          "60000000 0010 11 3f" SRC6 "20010db8000200000000000000000021"
          "d431 0035 0010 0000 6461746164617461");
    ipxlat_config_free(cfg);

    cfg = test_config("eam(198.51.100.0/24,2001:db8:2::/120)");
    check(cfg, UDP4, IPXLAT_DROP_DST_ADDR, NULL);
    ipxlat_config_free(cfg);
}

/* Builds into 'p' a UDP datagram of 'tot' bytes with flags/offset 'frag'
 * and payload bytes i & 0xff; returns 'tot'. */
static size_t
big_udp4(uint8_t *p, size_t tot, uint16_t frag)
{
    char head[128];

    snprintf(head, sizeof head,
             "4500%04zx 1234 %04x 40 11 0000" SRC4 DST4 "d431 0035 %04zx 0000",
             tot, frag, tot - 20);
    test_hex(head, p, 28);
    for (size_t i = 28; i < tot; i++) {
        p[i] = i & 0xff;
    }
    test_fix_checksums(p, tot);
    return tot;
}

/* RFC 7915 section 4.1: DF set and too big for mtu6: Fragmentation Needed
 * 3/4 with MTU max(576, mtu6 - 20), the packet untouched. */
static void
df_too_big_gives_frag_needed(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG ",mtu6=1280");
    static uint8_t in[2000];
    size_t n = big_udp4(in, 1261, IP_DF);

    check_error_bytes(cfg, in, n, IPXLAT_ERR_FRAG_NEEDED, 3, 4, 1260);
    ipxlat_config_free(cfg);

    /* 1260 bytes give exactly 1280: fits. */
    cfg = test_config(CFG ",mtu6=1280");
    n = big_udp4(in, 1260, IP_DF);
    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, 1280);
    ipxlat_config_free(cfg);
}

/* RFC 7915 section 4.1: DF set and bigger than lowest_ipv6_mtu but within
 * mtu6 (1500 by default): translated whole, not fragmented. */
static void
df_within_mtu6_is_not_fragmented(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    static uint8_t in[2000];
    size_t n = big_udp4(in, 1400, IP_DF);

    check_bytes(cfg, in, n, IPXLAT_XLAT_46, NULL, 0);
    assert_int_equal(tp.pkt.len, 1420);
    assert_int_equal(tp.pkt.data[6], IPPROTO_UDP_);
    ipxlat_config_free(cfg);
}

/* RFC 7757 section 4.2: the second pass of a hairpin neither checks nor
 * decrements the TTL and maps the source through the prefix even when an
 * EAM entry covers it. */
static void
hairpin_pass_keeps_ttl_and_maps_source_by_prefix(void **state)
{
    struct ipxlat_config *cfg
        = test_config(CFG ",eam(198.51.100.0/24,2001:db8:5::/120)");
    uint8_t in[64], out[128];
    size_t n = test_packet(in, sizeof in,
                           "45000024 1234 0000 01 11 0000" SRC4 DST4
                           "d431 0035 0010 0000 6461746164617461");
    size_t w = test_packet(out, sizeof out,
                           "60000000 0010 11 01" SRC6 DST6
                           "d431 0035 0010 0000 6461746164617461");
    struct xlat_state st;

    assert_reason(run46(cfg, in, n, true, &st), IPXLAT_XLAT_46);
    assert_int_equal(tp.pkt.len, w);
    assert_memory_equal(tp.pkt.data, out, w);
    ipxlat_config_free(cfg);
}

/* Growing at the front needs headroom: drop, never write outside. */
static void
no_headroom_is_dropped(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    uint8_t in[64];
    size_t n = test_packet(in, sizeof in, UDP4);
    struct xlat_state st;

    memcpy(tp.buf + TEST_HEADROOM, in, n);
    tp.pkt.data = tp.buf + TEST_HEADROOM;
    tp.pkt.len = n;
    tp.pkt.headroom = 19;
    tp.pkt.tailroom = 0;
    memset(&st, 0, sizeof st);
    st.cfg = cfg;
    st.ctx = &ctx;
    st.pkt = &tp.pkt;
    assert_reason(ipxl_xlat_46(&st), IPXLAT_DROP_NO_ROOM);
    assert_memory_equal(tp.pkt.data, in, n);
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tcp_translated_with_updated_checksum),
        cmocka_unit_test(udp_translated_with_updated_checksum),
        cmocka_unit_test(payload_is_not_moved),
        cmocka_unit_test(tos_copied_and_ttl_decremented),
        cmocka_unit_test(ecn_bits_cross_in_traffic_class),
        cmocka_unit_test(options_are_dropped),
        cmocka_unit_test(expired_source_route_is_translated),
        cmocka_unit_test(unexpired_source_route_gives_3_5),
        cmocka_unit_test(ttl_1_gives_time_exceeded),
        cmocka_unit_test(icmpv6_in_ipv4_is_dropped),
        cmocka_unit_test(first_fragment_gets_fragment_header),
        cmocka_unit_test(middle_and_last_fragments_keep_payload),
        cmocka_unit_test(icmp_fragments_are_dropped),
        cmocka_unit_test(udp_zero_checksum_amended),
        cmocka_unit_test(udp_zero_checksum_gives_3_13),
        cmocka_unit_test(udp_zero_checksum_first_fragment_gives_3_13),
        cmocka_unit_test(wrong_checksums_stay_wrong),
        cmocka_unit_test(trailing_bytes_are_trimmed),
        cmocka_unit_test(malformed_headers_are_dropped),
        cmocka_unit_test(reserved_addresses_are_dropped),
        cmocka_unit_test(eam_used_and_unmapped_dropped),
        cmocka_unit_test(df_too_big_gives_frag_needed),
        cmocka_unit_test(df_within_mtu6_is_not_fragmented),
        cmocka_unit_test(hairpin_pass_keeps_ttl_and_maps_source_by_prefix),
        cmocka_unit_test(no_headroom_is_dropped),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
