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


/* RFC 6052 IPv4-embedded IPv6 addresses and the address mapping order
 * (EAM first, then the prefix; reserved IPv4 ranges never through the
 * prefix). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ipxlat-eamt.h"
#include "ipxlat-prefix.h"
#include "ipxlat-xlat.h"
#include "testlib.h"

#define ARRAY_SIZE(A) (sizeof (A) / sizeof (A)[0])

static struct ipxlat_prefix6
pfx6(const char *s)
{
    struct ipxlat_prefix6 p;
    char *error = ipxl_prefix6_parse(s, false, &p);

    if (error) {
        fail_msg("%s", error);
    }
    return p;
}

static void
assert_v6_equal(const struct in6_addr *got, const char *expected)
{
    struct in6_addr e = test_v6(expected);

    if (memcmp(got, &e, sizeof e)) {
        char text[INET6_ADDRSTRLEN];

        inet_ntop(AF_INET6, got, text, sizeof text);
        fail_msg("got %s, expected %s", text, expected);
    }
}

/* RFC 6052 section 2.4, the table of examples: 192.0.2.33 under each of
 * the six prefix lengths. */
static const struct {
    const char *prefix;
    const char *embedded;
} rfc6052_examples[] = {
    { "2001:db8::/32", "2001:db8:c000:221::" },
    { "2001:db8:100::/40", "2001:db8:1c0:2:21::" },
    { "2001:db8:122::/48", "2001:db8:122:c000:2:2100::" },
    { "2001:db8:122:300::/56", "2001:db8:122:3c0:0:221::" },
    { "2001:db8:122:344::/64", "2001:db8:122:344:c0:2:2100:0" },
    { "2001:db8:122:344::/96", "2001:db8:122:344::192.0.2.33" },
};

static void
embed_matches_rfc6052_section_2_4_table(void **state)
{
    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(rfc6052_examples); i++) {
        struct ipxlat_prefix6 p = pfx6(rfc6052_examples[i].prefix);
        struct in6_addr a;

        ipxl_rfc6052_embed(&p, test_v4("192.0.2.33"), &a);
        assert_v6_equal(&a, rfc6052_examples[i].embedded);
    }
}

static void
extract_matches_rfc6052_section_2_4_table(void **state)
{
    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(rfc6052_examples); i++) {
        struct ipxlat_prefix6 p = pfx6(rfc6052_examples[i].prefix);
        struct in6_addr a = test_v6(rfc6052_examples[i].embedded);
        ovs_be32 got = 0;

        assert_true(ipxl_rfc6052_extract(&p, &a, &got));
        assert_int_equal(got, test_v4("192.0.2.33"));
    }
}

static void
only_the_six_rfc6052_lengths_are_valid(void **state)
{
    (void) state;
    for (unsigned int len = 0; len <= 128; len++) {
        bool valid = len == 32 || len == 40 || len == 48 || len == 56
                     || len == 64 || len == 96;

        assert_int_equal(ipxl_rfc6052_len_valid(len), valid);
    }
}

/* RFC 6052 section 2.2: bits 64 to 71 must be zero. */
static void
extract_refuses_nonzero_u_octet(void **state)
{
    static const char *const bad[] = {
        "2001:db8:c000:221:100::",          /* /32 */
        "2001:db8:1c0:2:121::",             /* /40 */
        "2001:db8:122:c000:ff02:2100::",    /* /48 */
        "2001:db8:122:3c0:100:221::",       /* /56 */
        "2001:db8:122:344:1c0:2:2100:0",    /* /64 */
    };
    ovs_be32 got = 0x12345678;

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct ipxlat_prefix6 p = pfx6(rfc6052_examples[i].prefix);
        struct in6_addr a = test_v6(bad[i]);

        assert_false(ipxl_rfc6052_extract(&p, &a, &got));
        assert_int_equal(got, 0x12345678);
    }
}

/* With a /96 prefix the u-octet is part of the prefix: it is compared
 * with the prefix, not required to be zero on its own. */
static void
extract_with_96_compares_u_octet_as_prefix(void **state)
{
    struct ipxlat_prefix6 p = pfx6("2001:db8:0:0:100::/96");
    struct in6_addr a = test_v6("2001:db8::100:0:c000:221");
    struct in6_addr b = test_v6("2001:db8::200:0:c000:221");
    ovs_be32 got = 0;

    (void) state;
    assert_true(ipxl_rfc6052_extract(&p, &a, &got));
    assert_int_equal(got, test_v4("192.0.2.33"));
    assert_false(ipxl_rfc6052_extract(&p, &b, &got));
}

static void
extract_refuses_address_outside_prefix(void **state)
{
    /* For each prefix of the RFC 6052 section 2.4 table, an address that
     * differs from it in the last bit of the prefix. */
    static const char *const outside[] = {
        "2001:db9:c000:221::",
        "2001:db8:2c0:2:21::",
        "2001:db8:123:c000:2:2100::",
        "2001:db8:122:4c0:0:221::",
        "2001:db8:122:345:c0:2:2100:0",
        "2001:db8:122:344:0:1:c000:221",
    };
    ovs_be32 got = 0x12345678;

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(outside); i++) {
        struct ipxlat_prefix6 p = pfx6(rfc6052_examples[i].prefix);
        struct in6_addr a = test_v6(outside[i]);

        assert_false(ipxl_rfc6052_extract(&p, &a, &got));
        assert_int_equal(got, 0x12345678);
    }
}

static void
reserved_ipv4_ranges_are_exactly_the_design_list(void **state)
{
    static const struct {
        const char *addr;
        bool reserved;
    } cases[] = {
        { "0.0.0.0", true }, { "0.255.255.255", true },
        { "1.0.0.0", false },
        { "126.255.255.255", false }, { "127.0.0.0", true },
        { "127.255.255.255", true }, { "128.0.0.0", false },
        { "169.253.255.255", false }, { "169.254.0.0", true },
        { "169.254.255.255", true }, { "169.255.0.0", false },
        { "223.255.255.255", false }, { "224.0.0.0", true },
        { "239.255.255.255", true }, { "240.0.0.0", false },
        { "255.255.255.254", false }, { "255.255.255.255", true },
        { "10.0.0.1", false }, { "192.0.2.33", false },
        { "192.0.0.8", false },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        if (ipxl_v4_reserved(test_v4(cases[i].addr)) != cases[i].reserved) {
            fail_msg("%s: expected %sreserved", cases[i].addr,
                     cases[i].reserved ? "" : "not ");
        }
    }
}

/* A config with the well-known prefix and nothing else, as
 * allow_wkp_non_global leaves it (no guard of RFC 6052 section 3.1), so
 * that the documentation addresses of these tests map. */
static struct ipxlat_config
wkp_config(void)
{
    struct ipxlat_config cfg;

    memset(&cfg, 0, sizeof cfg);
    cfg.has_prefix = true;
    cfg.prefix = pfx6("64:ff9b::/96");
    return cfg;
}

static void
map_uses_prefix_for_ordinary_addresses(void **state)
{
    struct ipxlat_config cfg = wkp_config();
    struct ipxlat_ctx ctx = { .now_ms = 0 };
    struct in6_addr a;
    ovs_be32 b;

    (void) state;
    assert_int_equal(ipxl_map_4to6(&cfg, &ctx, test_v4("192.0.2.33"), &a),
                     XLAT_MAP_PREFIX);
    assert_v6_equal(&a, "64:ff9b::c000:221");

    a = test_v6("64:ff9b::c000:221");
    assert_int_equal(ipxl_map_6to4(&cfg, &ctx, &a, &b), XLAT_MAP_PREFIX);
    assert_int_equal(b, test_v4("192.0.2.33"));

    assert_true(ipxl_map_4to6_prefix(&cfg, test_v4("198.51.100.7"), &a));
    assert_v6_equal(&a, "64:ff9b::c633:6407");
}

static void
map_refuses_reserved_addresses_through_prefix(void **state)
{
    static const char *const reserved[] = {
        "0.1.2.3", "127.0.0.1", "169.254.1.1", "224.0.0.1",
        "239.1.2.3", "255.255.255.255",
    };
    struct ipxlat_config cfg = wkp_config();
    struct ipxlat_ctx ctx = { .now_ms = 0 };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(reserved); i++) {
        struct in6_addr a;
        ovs_be32 b = test_v4(reserved[i]);

        assert_int_equal(ipxl_map_4to6(&cfg, &ctx, b, &a), XLAT_MAP_NONE);
        assert_false(ipxl_map_4to6_prefix(&cfg, b, &a));

        ipxl_rfc6052_embed(&cfg.prefix, b, &a);
        assert_int_equal(ipxl_map_6to4(&cfg, &ctx, &a, &b), XLAT_MAP_NONE);
    }
}

static void
map_without_prefix_or_match_gives_none(void **state)
{
    struct ipxlat_config cfg;
    struct ipxlat_ctx ctx = { .now_ms = 0 };
    struct in6_addr a = test_v6("64:ff9b::c000:221");
    ovs_be32 b;

    (void) state;
    memset(&cfg, 0, sizeof cfg);
    assert_int_equal(ipxl_map_4to6(&cfg, &ctx, test_v4("192.0.2.33"), &a),
                     XLAT_MAP_NONE);
    assert_int_equal(ipxl_map_6to4(&cfg, &ctx, &a, &b), XLAT_MAP_NONE);
    assert_false(ipxl_map_4to6_prefix(&cfg, test_v4("192.0.2.33"), &a));

    /* With the prefix, an address outside it still has no mapping. */
    cfg = wkp_config();
    a = test_v6("2001:db8::c000:221");
    assert_int_equal(ipxl_map_6to4(&cfg, &ctx, &a, &b), XLAT_MAP_NONE);
}

/* RFC 7757 section 3.2 and 3.3: EAM entries are consulted before the
 * prefix, the config's own entries before the host's table. */
static void
map_prefers_eam_over_prefix_and_inline_over_table(void **state)
{
    struct ipxlat_config cfg = wkp_config();
    struct ipxlat_eamt *inline_eamt = ipxlat_eamt_create();
    struct ipxlat_eamt *table = ipxlat_eamt_create();
    struct ipxlat_ctx ctx = { .table = table };
    struct in6_addr a;
    ovs_be32 b;

    (void) state;
    assert_null(ipxlat_eamt_add_text(inline_eamt,
                                     "192.0.2.33,2001:db8:aaaa::1"));
    assert_null(ipxlat_eamt_add_text(table,
                                     "192.0.2.0/24,2001:db8:bbbb::/120"));
    assert_null(ipxlat_eamt_add_text(table, "127.0.0.1,2001:db8:cccc::1"));
    cfg.eamt = inline_eamt;

    /* The host's table counts only for a config that names one. */
    assert_int_equal(ipxl_map_4to6(&cfg, &ctx, test_v4("192.0.2.34"), &a),
                     XLAT_MAP_PREFIX);
    cfg.table_name = (char *) "t";

    assert_int_equal(ipxl_map_4to6(&cfg, &ctx, test_v4("192.0.2.33"), &a),
                     XLAT_MAP_EAM);
    assert_v6_equal(&a, "2001:db8:aaaa::1");
    assert_int_equal(ipxl_map_4to6(&cfg, &ctx, test_v4("192.0.2.34"), &a),
                     XLAT_MAP_EAM);
    assert_v6_equal(&a, "2001:db8:bbbb::22");
    assert_int_equal(ipxl_map_4to6(&cfg, &ctx, test_v4("192.0.3.1"), &a),
                     XLAT_MAP_PREFIX);
    assert_v6_equal(&a, "64:ff9b::c000:301");

    /* An explicit mapping may name an address the prefix never takes. */
    assert_int_equal(ipxl_map_4to6(&cfg, &ctx, test_v4("127.0.0.1"), &a),
                     XLAT_MAP_EAM);
    assert_v6_equal(&a, "2001:db8:cccc::1");

    a = test_v6("2001:db8:aaaa::1");
    assert_int_equal(ipxl_map_6to4(&cfg, &ctx, &a, &b), XLAT_MAP_EAM);
    assert_int_equal(b, test_v4("192.0.2.33"));
    a = test_v6("2001:db8:bbbb::fe");
    assert_int_equal(ipxl_map_6to4(&cfg, &ctx, &a, &b), XLAT_MAP_EAM);
    assert_int_equal(b, test_v4("192.0.2.254"));
    /* The prefix form of an EAM-covered address still maps through the
     * prefix in the 6->4 direction (RFC 7757 section 3.3 looks up the
     * IPv6 address, not the IPv4 result). */
    a = test_v6("64:ff9b::c000:221");
    assert_int_equal(ipxl_map_6to4(&cfg, &ctx, &a, &b), XLAT_MAP_PREFIX);
    assert_int_equal(b, test_v4("192.0.2.33"));

    /* The prefix-only mapping ignores EAM. */
    assert_true(ipxl_map_4to6_prefix(&cfg, test_v4("192.0.2.33"), &a));
    assert_v6_equal(&a, "64:ff9b::c000:221");

    assert_true(ipxl_v4_in_eamt(&cfg, &ctx, test_v4("192.0.2.33")));
    assert_true(ipxl_v4_in_eamt(&cfg, &ctx, test_v4("192.0.2.200")));
    assert_false(ipxl_v4_in_eamt(&cfg, &ctx, test_v4("192.0.3.1")));
    ctx.table = NULL;
    assert_false(ipxl_v4_in_eamt(&cfg, &ctx, test_v4("192.0.2.200")));
    assert_true(ipxl_v4_in_eamt(&cfg, NULL, test_v4("192.0.2.33")));

    ipxlat_eamt_destroy(inline_eamt);
    ipxlat_eamt_destroy(table);
}

/* RFC 6052 section 3.1: the non-global IPv4 addresses, RFC 1918 and the
 * ranges of RFC 6890 (the IANA Special-Purpose Address Registry) marked
 * "Global: False", each range by its edges and its neighbours. */
static void
non_global_ipv4_ranges_are_rfc1918_and_rfc6890(void **state)
{
    static const struct {
        const char *addr;
        bool non_global;
    } cases[] = {
        { "0.0.0.0", true }, { "0.255.255.255", true },
        { "1.0.0.0", false }, { "9.255.255.255", false },
        { "10.0.0.0", true }, { "10.255.255.255", true },       /* 1918 */
        { "11.0.0.0", false }, { "100.63.255.255", false },
        { "100.64.0.0", true }, { "100.127.255.255", true },    /* 6598 */
        { "100.128.0.0", false }, { "126.255.255.255", false },
        { "127.0.0.0", true }, { "127.255.255.255", true },
        { "128.0.0.0", false }, { "169.253.255.255", false },
        { "169.254.0.0", true }, { "169.254.255.255", true },
        { "169.255.0.0", false }, { "172.15.255.255", false },
        { "172.16.0.0", true }, { "172.31.255.255", true },     /* 1918 */
        { "172.32.0.0", false }, { "191.255.255.255", false },
        { "192.0.0.0", true }, { "192.0.0.8", true },           /* 6890 */
        { "192.0.0.9", false }, { "192.0.0.10", false },        /* 7723, */
        { "192.0.0.11", true }, { "192.0.0.255", true },        /* 8155 */
        { "192.0.1.0", false }, { "192.0.2.0", true },
        { "192.0.2.255", true }, { "192.0.3.0", false },        /* 5737 */
        { "192.88.99.1", false }, { "192.167.255.255", false },
        { "192.168.0.0", true }, { "192.168.255.255", true },   /* 1918 */
        { "192.169.0.0", false }, { "198.17.255.255", false },
        { "198.18.0.0", true }, { "198.19.255.255", true },     /* 2544 */
        { "198.20.0.0", false }, { "198.51.99.255", false },
        { "198.51.100.0", true }, { "198.51.100.255", true },   /* 5737 */
        { "198.51.101.0", false }, { "203.0.112.255", false },
        { "203.0.113.0", true }, { "203.0.113.255", true },     /* 5737 */
        { "203.0.114.0", false }, { "223.255.255.255", false },
        { "224.0.0.0", true }, { "239.255.255.255", true },
        { "240.0.0.0", true }, { "255.255.255.255", true },
        { "8.8.8.8", false },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        ovs_be32 a = test_v4(cases[i].addr);

        if (ipxl_v4_non_global(a) != cases[i].non_global) {
            fail_msg("%s: expected %sglobal", cases[i].addr,
                     cases[i].non_global ? "non-" : "");
        }
    }
}

/* RFC 6052 section 3.1: "The Well-Known Prefix MUST NOT be used to
 * represent non-global IPv4 addresses": with prefix=64:ff9b::/96 such an
 * address has no mapping either way, a global one maps; an EAM entry
 * still maps it (RFC 7757 comes first); allow_wkp_non_global lifts the
 * rule, and a network-specific prefix never had it. */
static void
wkp_refuses_non_global_addresses(void **state)
{
    struct ipxlat_config *wkp = test_config("prefix=64:ff9b::/96");
    struct ipxlat_config *eam = test_config("prefix=64:ff9b::/96,"
                                            "eam(10.0.0.0/8,2001:db8:a::/104)");
    struct ipxlat_config *allow = test_config("prefix=64:ff9b::/96,"
                                              "allow_wkp_non_global");
    struct ipxlat_config *nsp = test_config("prefix=2001:db8:64::/96");
    struct ipxlat_ctx ctx = { .now_ms = 0 };
    struct in6_addr a;
    ovs_be32 b;

    (void) state;
    assert_int_equal(ipxl_map_4to6(wkp, &ctx, test_v4("10.1.2.3"), &a),
                     XLAT_MAP_NONE);
    assert_false(ipxl_map_4to6_prefix(wkp, test_v4("192.168.1.1"), &a));
    assert_true(ipxl_wkp_refuses4(wkp, test_v4("10.1.2.3")));
    a = test_v6("64:ff9b::a01:203");
    assert_int_equal(ipxl_map_6to4(wkp, &ctx, &a, &b), XLAT_MAP_NONE);
    assert_true(ipxl_wkp_refuses6(wkp, &a));

    assert_int_equal(ipxl_map_4to6(wkp, &ctx, test_v4("8.8.8.8"), &a),
                     XLAT_MAP_PREFIX);
    assert_v6_equal(&a, "64:ff9b::808:808");
    assert_int_equal(ipxl_map_6to4(wkp, &ctx, &a, &b), XLAT_MAP_PREFIX);
    assert_int_equal(b, test_v4("8.8.8.8"));
    assert_false(ipxl_wkp_refuses4(wkp, test_v4("8.8.8.8")));
    /* Never-translated addresses keep their own counter. */
    assert_false(ipxl_wkp_refuses4(wkp, test_v4("127.0.0.1")));

    assert_int_equal(ipxl_map_4to6(eam, &ctx, test_v4("10.1.2.3"), &a),
                     XLAT_MAP_EAM);
    assert_v6_equal(&a, "2001:db8:a::1:203");

    assert_int_equal(ipxl_map_4to6(allow, &ctx, test_v4("10.1.2.3"), &a),
                     XLAT_MAP_PREFIX);
    assert_v6_equal(&a, "64:ff9b::a01:203");
    assert_int_equal(ipxl_map_6to4(allow, &ctx, &a, &b), XLAT_MAP_PREFIX);
    assert_false(ipxl_wkp_refuses4(allow, test_v4("10.1.2.3")));

    assert_int_equal(ipxl_map_4to6(nsp, &ctx, test_v4("10.1.2.3"), &a),
                     XLAT_MAP_PREFIX);
    assert_v6_equal(&a, "2001:db8:64::a01:203");

    ipxlat_config_free(wkp);
    ipxlat_config_free(eam);
    ipxlat_config_free(allow);
    ipxlat_config_free(nsp);
}

/* Translates the packet 'hex' (checksums filled in) under 'config' and
 * asserts reason 'want', that its counter went up by one and, unless
 * 'out_hex' is NULL, the result (checksums filled in likewise).  An IPv4
 * result's Identification is the translator's choice (RFC 7915 section
 * 5.1 with DF clear): it and the header checksum are taken from the
 * result, whose header checksum must be valid. */
static void
check_translate(const char *config, const char *hex, enum ipxlat_reason want,
                const char *out_hex)
{
    static struct test_pkt tp;
    struct ipxlat_config *cfg = test_config(config);
    struct ipxlat_stats stats = { { 0 } };
    struct ipxlat_ctx ctx = { .now_ms = 1000, .stats = &stats };
    uint8_t in[256], out[256];
    size_t n = test_packet(in, sizeof in, hex);
    enum ipxlat_reason r;

    test_pkt_load_raw(&tp, in, n);
    r = ipxlat_translate(cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
    if (r != want) {
        fail_msg("%s: reason %s, expected %s", config, ipxlat_reason_name(r),
                 ipxlat_reason_name(want));
    }
    assert_int_equal(stats.n[want], 1);
    if (out_hex) {
        size_t w = test_packet(out, sizeof out, out_hex);

        assert_int_equal(tp.pkt.len, w);
        if (out[0] >> 4 == 4) {
            assert_int_equal(test_csum_finish(test_csum_add(0, tp.pkt.data,
                                                            20)), 0);
            memcpy(out + 4, tp.pkt.data + 4, 2);
            memcpy(out + 10, tp.pkt.data + 10, 2);
        }
        assert_memory_equal(tp.pkt.data, out, w);
    }
    ipxlat_config_free(cfg);
}

/* The same rule on whole packets, counted as drop_wkp_non_global: UDP
 * between 8.8.8.8 and 10.0.0.1 (RFC 1918) or 192.168.0.1, each way, under
 * the WKP; translated with allow_wkp_non_global (RFC 7915 sections 4.1
 * and 5.1; the WKP sums to zero, so the UDP checksum does not change, RFC
 * 6052 section 4.1). */
static void
wkp_non_global_packets_are_dropped_and_counted(void **state)
{
    (void) state;
    check_translate("prefix=64:ff9b::/96",
                    "45000020 0001 0000 40 11 0000 08080808 0a000001"
                    "04d2 0035 000c 0000 deadbeef",
                    IPXLAT_DROP_WKP_NON_GLOBAL, NULL);
    check_translate("prefix=64:ff9b::/96",
                    "45000020 0001 0000 40 11 0000 c0a80001 08080808"
                    "04d2 0035 000c 0000 deadbeef",
                    IPXLAT_DROP_WKP_NON_GLOBAL, NULL);
    check_translate("prefix=64:ff9b::/96",
                    "60000000 000c 11 40"
                    "0064ff9b000000000000000008080808"
                    "0064ff9b00000000000000000a000001"
                    "04d2 0035 000c 0000 deadbeef",
                    IPXLAT_DROP_WKP_NON_GLOBAL, NULL);
    check_translate("prefix=64:ff9b::/96",
                    "60000000 000c 11 40"
                    "0064ff9b0000000000000000c0a80001"
                    "0064ff9b000000000000000008080808"
                    "04d2 0035 000c 0000 deadbeef",
                    IPXLAT_DROP_WKP_NON_GLOBAL, NULL);
    /* An address with no mapping at all is not a WKP matter. */
    check_translate("prefix=64:ff9b::/96",
                    "60000000 000c 11 40"
                    "20010db8000000000000000000000001"
                    "0064ff9b00000000000000000a000001"
                    "04d2 0035 000c 0000 deadbeef",
                    IPXLAT_DROP_SRC_ADDR, NULL);

    check_translate("prefix=64:ff9b::/96,allow_wkp_non_global",
                    "45000020 0001 0000 40 11 0000 08080808 0a000001"
                    "04d2 0035 000c 0000 deadbeef",
                    IPXLAT_XLAT_46,
                    "60000000 000c 11 3f"
                    "0064ff9b000000000000000008080808"
                    "0064ff9b00000000000000000a000001"
                    "04d2 0035 000c 0000 deadbeef");
    check_translate("prefix=64:ff9b::/96,allow_wkp_non_global",
                    "60000000 000c 11 40"
                    "0064ff9b0000000000000000c0a80001"
                    "0064ff9b000000000000000008080808"
                    "04d2 0035 000c 0000 deadbeef",
                    IPXLAT_XLAT_64,
                    "4500 0020 0000 0000 3f 11 0000 c0a80001 08080808"
                    "04d2 0035 000c 0000 deadbeef");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embed_matches_rfc6052_section_2_4_table),
        cmocka_unit_test(extract_matches_rfc6052_section_2_4_table),
        cmocka_unit_test(only_the_six_rfc6052_lengths_are_valid),
        cmocka_unit_test(extract_refuses_nonzero_u_octet),
        cmocka_unit_test(extract_with_96_compares_u_octet_as_prefix),
        cmocka_unit_test(extract_refuses_address_outside_prefix),
        cmocka_unit_test(reserved_ipv4_ranges_are_exactly_the_design_list),
        cmocka_unit_test(map_uses_prefix_for_ordinary_addresses),
        cmocka_unit_test(map_refuses_reserved_addresses_through_prefix),
        cmocka_unit_test(map_without_prefix_or_match_gives_none),
        cmocka_unit_test(map_prefers_eam_over_prefix_and_inline_over_table),
        cmocka_unit_test(non_global_ipv4_ranges_are_rfc1918_and_rfc6890),
        cmocka_unit_test(wkp_refuses_non_global_addresses),
        cmocka_unit_test(wkp_non_global_packets_are_dropped_and_counted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
