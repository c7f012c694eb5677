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


/* The config grammar (lib/config.c) and the ICMP error rate limiter
 * (lib/ratelimit.c). */

#include "testlib.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-config.h"
#include "ipxlat-eamt.h"
#include "ipxlat-xlat.h"

/* Parses 'config', which must be valid, and asserts that it formats as
 * 'canonical'. */
static void
assert_canonical(const char *config, const char *canonical)
{
    struct ipxlat_config *cfg = test_config(config);
    char *text = ipxlat_config_format(cfg);

    if (strcmp(text, canonical)) {
        fail_msg("config '%s'\n formats as '%s'\n expected   '%s'", config,
                 text, canonical);
    }
    free(text);
    ipxlat_config_free(cfg);
}

/* Asserts that parsing 'config' fails with exactly 'message' and leaves
 * the config pointer NULL. */
static void
assert_error(const char *config, const char *message)
{
    struct ipxlat_config *cfg = (struct ipxlat_config *) &cfg;
    char *error = ipxlat_config_parse(config, &cfg);

    if (!error) {
        fail_msg("config '%s' parsed, expected error '%s'", config, message);
    }
    if (strcmp(error, message)) {
        fail_msg("config '%s'\n gives error '%s'\n expected    '%s'", config,
                 error, message);
    }
    assert_null(cfg);
    free(error);
}

/* A config with just a prefix has every documented default. */
static void
defaults_are_the_documented_ones(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=64:ff9b::/96");
    struct in6_addr wkp;

    inet_pton(AF_INET6, "64:ff9b::", &wkp);
    assert_true(cfg->has_prefix);
    assert_memory_equal(&cfg->prefix.addr, &wkp, sizeof wkp);
    assert_int_equal(cfg->prefix.len, 96);
    assert_null(cfg->eamt);
    assert_null(cfg->table_name);
    assert_null(ipxlat_config_table_name(cfg));
    assert_false(cfg->has_pool6791v4);
    assert_false(cfg->has_pool6791v6);
    assert_int_equal(ntohl(cfg->src4), 0xc0000008);     /* 192.0.0.8 */
    assert_false(cfg->has_src6);
    assert_int_equal(cfg->mtu4, 1500);
    assert_int_equal(cfg->mtu6, 1500);
    assert_int_equal(cfg->lowest_ipv6_mtu, 1280);
    assert_false(cfg->amend_udp_zero_csum);
    assert_int_equal(cfg->hairpin_mode, IPXLAT_HAIRPIN_MODE_INTRINSIC);
    assert_non_null(cfg->rl);
    assert_int_equal(cfg->rl->rate, 100);
    assert_int_equal(cfg->rl->burst, 100);
    assert_int_equal(atomic_load(&cfg->rl->tokens), 100 * 1000);
    assert_int_equal(cfg->rl[IPXLAT_BUDGET_PMTU].rate, 1000);
    assert_int_equal(cfg->rl[IPXLAT_BUDGET_PMTU].burst, 1000);
    assert_int_equal(atomic_load(&cfg->rl[IPXLAT_BUDGET_PMTU].tokens),
                     1000 * 1000);
    ipxlat_config_free(cfg);
}

/* Every key lands in its field. */
static void
every_key_sets_its_field(void **state)
{
    struct ipxlat_config *cfg = test_config(
        "prefix=2001:db8:64::/64, eam(192.0.2.0/24,2001:db8:100::/120),"
        "table=siit-dc_1.x, pool6791v4=203.0.113.0/24,"
        "pool6791v6=2001:db8:ffff::/48, src4=198.51.100.1,"
        "src6=2001:db8::1, mtu4=576, mtu6=9000, lowest_ipv6_mtu=1400,"
        "amend_udp_zero_csum, hairpin=simple, icmp_rate=7, icmp_burst=3,"
        "icmp_pmtu_rate=9, icmp_pmtu_burst=4,"
        "bounce_table=254");
    struct in6_addr a;

    assert_true(cfg->has_prefix);
    inet_pton(AF_INET6, "2001:db8:64::", &a);
    assert_memory_equal(&cfg->prefix.addr, &a, sizeof a);
    assert_int_equal(cfg->prefix.len, 64);
    assert_non_null(cfg->eamt);
    assert_int_equal(ipxlat_eamt_count(cfg->eamt), 1);
    assert_string_equal(ipxlat_config_table_name(cfg), "siit-dc_1.x");
    assert_true(cfg->has_pool6791v4);
    assert_int_equal(ntohl(cfg->pool6791v4.addr), 0xcb007100);
    assert_int_equal(cfg->pool6791v4.len, 24);
    assert_true(cfg->has_pool6791v6);
    inet_pton(AF_INET6, "2001:db8:ffff::", &a);
    assert_memory_equal(&cfg->pool6791v6.addr, &a, sizeof a);
    assert_int_equal(cfg->pool6791v6.len, 48);
    assert_int_equal(ntohl(cfg->src4), 0xc6336401);
    assert_true(cfg->has_src6);
    inet_pton(AF_INET6, "2001:db8::1", &a);
    assert_memory_equal(&cfg->src6, &a, sizeof a);
    assert_int_equal(cfg->mtu4, 576);
    assert_int_equal(cfg->mtu6, 9000);
    assert_int_equal(cfg->lowest_ipv6_mtu, 1400);
    assert_true(cfg->amend_udp_zero_csum);
    assert_int_equal(cfg->hairpin_mode, IPXLAT_HAIRPIN_MODE_SIMPLE);
    assert_int_equal(cfg->rl->rate, 7);
    assert_int_equal(cfg->rl->burst, 3);
    assert_int_equal(atomic_load(&cfg->rl->tokens), 3 * 1000);
    assert_int_equal(cfg->rl[IPXLAT_BUDGET_PMTU].rate, 9);
    assert_int_equal(cfg->rl[IPXLAT_BUDGET_PMTU].burst, 4);
    assert_int_equal(atomic_load(&cfg->rl[IPXLAT_BUDGET_PMTU].tokens),
                     4 * 1000);
    assert_int_equal(cfg->bounce_table, 254);

    /* The accessors that hosts use. */
    assert_int_equal(ipxlat_config_mtu(cfg, 4), 576);
    assert_int_equal(ipxlat_config_mtu(cfg, 6), 9000);
    assert_true(ipxlat_config_mtu_given(cfg, 4));
    assert_true(ipxlat_config_mtu_given(cfg, 6));
    assert_int_equal(ipxlat_config_lowest_ipv6_mtu(cfg), 1400);
    assert_int_equal(ipxlat_config_bounce_table(cfg), 254);
    ipxlat_config_free(cfg);

    /* Without them, the defaults, and the MTUs are not "given". */
    cfg = test_config("prefix=64:ff9b::/96");
    assert_int_equal(ipxlat_config_mtu(cfg, 4), 1500);
    assert_int_equal(ipxlat_config_mtu(cfg, 6), 1500);
    assert_false(ipxlat_config_mtu_given(cfg, 4));
    assert_false(ipxlat_config_mtu_given(cfg, 6));
    assert_int_equal(ipxlat_config_lowest_ipv6_mtu(cfg), 1280);
    assert_int_equal(ipxlat_config_bounce_table(cfg), -1);
    ipxlat_config_free(cfg);
}

/* The canonical text: fixed key order, defaults left out, RFC 5952
 * addresses, full-length single addresses without "/32" or "/128". */
static void
format_is_canonical(void **state)
{
    assert_canonical("prefix=64:ff9b::/96", "prefix=64:ff9b::/96");
    assert_canonical("  prefix = 64:FF9B:0:0:0:0:0:0/96 ,\tmtu6 = 1400 ",
                     "prefix=64:ff9b::/96,mtu6=1400");
    assert_canonical(
        "icmp_burst=10,icmp_rate=0,hairpin=off,amend_udp_zero_csum,"
        "lowest_ipv6_mtu=1400,mtu6=9000,mtu4=576,"
        "src6=2001:DB8:0:0:0:0:0:1,src4=198.51.100.1,"
        "pool6791v6=2001:db8:ffff::/48,pool6791v4=203.0.113.0/24,"
        "table=siit-dc.1,eam( 192.0.2.0/24 , 2001:db8:100::/120 ),"
        "prefix=2001:db8:64::/64,eam(198.51.100.7,2001:db8:200::7)",
        "prefix=2001:db8:64::/64,eam(192.0.2.0/24,2001:db8:100::/120),"
        "eam(198.51.100.7,2001:db8:200::7),table=siit-dc.1,"
        "pool6791v4=203.0.113.0/24,pool6791v6=2001:db8:ffff::/48,"
        "src4=198.51.100.1,src6=2001:db8::1,mtu4=576,mtu6=9000,"
        "lowest_ipv6_mtu=1400,amend_udp_zero_csum,hairpin=off,"
        "icmp_rate=0,icmp_burst=10");
    assert_canonical("icmp_pmtu_burst=7,icmp_rate=5,prefix=2001:db8::/32,"
                     "icmp_pmtu_rate=20",
                     "prefix=2001:db8::/32,icmp_rate=5,icmp_pmtu_rate=20,"
                     "icmp_pmtu_burst=7");

    /* Full lengths are left out where the grammar makes LEN optional. */
    assert_canonical("table=t,pool6791v4=192.0.2.1/32,"
                     "pool6791v6=2001:db8::1/128,"
                     "eam(192.0.2.1/32,2001:db8::1/128)",
                     "eam(192.0.2.1,2001:db8::1),table=t,"
                     "pool6791v4=192.0.2.1,pool6791v6=2001:db8::1");

    /* Defaults given explicitly are left out, except the MTUs: a host may
     * use the MTU of its port when none is given. */
    assert_canonical("prefix=64:ff9b::/96,src4=192.0.0.8,mtu4=1500,"
                     "mtu6=1500,lowest_ipv6_mtu=1280,hairpin=intrinsic,"
                     "icmp_rate=100,icmp_burst=100,icmp_pmtu_rate=1000,"
                     "icmp_pmtu_burst=1000",
                     "prefix=64:ff9b::/96,mtu4=1500,mtu6=1500");
    assert_canonical("bounce_table=0,prefix=64:ff9b::/96",
                     "prefix=64:ff9b::/96,bounce_table=0");

    /* RFC 5952 section 4.2.3: the longest run of zero groups is the one
     * shortened; section 4.3: lower case; leading zeros dropped. */
    assert_canonical("prefix=2001:0DB8:0000:0000:0001:0000:0000:0000/96",
                     "prefix=2001:db8:0:0:1::/96");

    /* Each of prefix, eam and table alone is enough; leading zeros of
     * numbers are not kept. */
    assert_canonical("table=big", "table=big");
    assert_canonical("eam(192.0.2.0/31,2001:db8::/127)",
                     "eam(192.0.2.0/31,2001:db8::/127)");
    assert_canonical("prefix=64:ff9b::/32,mtu4=0068",
                     "prefix=64:ff9b::/32,mtu4=68");

    /* Bounds are accepted. */
    assert_canonical("prefix=64:ff9b::/96,mtu4=68,mtu6=65535,"
                     "lowest_ipv6_mtu=65535,icmp_rate=1000000,"
                     "icmp_burst=1",
                     "prefix=64:ff9b::/96,mtu4=68,mtu6=65535,"
                     "lowest_ipv6_mtu=65535,icmp_rate=1000000,"
                     "icmp_burst=1");
    assert_canonical("prefix=64:ff9b::/96,mtu6=1280,icmp_burst=1000000",
                     "prefix=64:ff9b::/96,mtu6=1280,icmp_burst=1000000");

    /* A 64-character table name is the longest. */
    assert_canonical("table=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                     "aaaaaaaaaaaaaaaaaaaaa",
                     "table=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                     "aaaaaaaaaaaaaaaaaaaaa");
}

/* RFC 6052 section 2.2: every allowed prefix length is accepted. */
static void
every_rfc6052_length_is_accepted(void **state)
{
    assert_canonical("prefix=2001:db8::/32", "prefix=2001:db8::/32");
    assert_canonical("prefix=2001:db8:100::/40", "prefix=2001:db8:100::/40");
    assert_canonical("prefix=2001:db8:122::/48", "prefix=2001:db8:122::/48");
    assert_canonical("prefix=2001:db8:122:300::/56",
                     "prefix=2001:db8:122:300::/56");
    assert_canonical("prefix=2001:db8:122:344::/64",
                     "prefix=2001:db8:122:344::/64");
    assert_canonical("prefix=2001:db8:122:344::/96",
                     "prefix=2001:db8:122:344::/96");
}

/* Asserts that two configs hold the same settings. */
static void
assert_config_equal(const struct ipxlat_config *a,
                    const struct ipxlat_config *b)
{
    char *fa, *fb;

    assert_int_equal(a->has_prefix, b->has_prefix);
    if (a->has_prefix) {
        assert_memory_equal(&a->prefix, &b->prefix, sizeof a->prefix);
    }
    assert_int_equal(!a->eamt, !b->eamt);
    if (a->eamt) {
        assert_int_equal(ipxlat_eamt_count(a->eamt),
                         ipxlat_eamt_count(b->eamt));
    }
    assert_int_equal(!a->table_name, !b->table_name);
    if (a->table_name) {
        assert_string_equal(a->table_name, b->table_name);
    }
    assert_int_equal(a->has_pool6791v4, b->has_pool6791v4);
    assert_int_equal(a->pool6791v4.addr, b->pool6791v4.addr);
    assert_int_equal(a->pool6791v4.len, b->pool6791v4.len);
    assert_int_equal(a->has_pool6791v6, b->has_pool6791v6);
    assert_memory_equal(&a->pool6791v6, &b->pool6791v6,
                        sizeof a->pool6791v6);
    assert_int_equal(a->src4, b->src4);
    assert_int_equal(a->has_src6, b->has_src6);
    assert_memory_equal(&a->src6, &b->src6, sizeof a->src6);
    assert_int_equal(a->mtu4, b->mtu4);
    assert_int_equal(a->mtu6, b->mtu6);
    assert_int_equal(a->lowest_ipv6_mtu, b->lowest_ipv6_mtu);
    assert_int_equal(a->amend_udp_zero_csum, b->amend_udp_zero_csum);
    assert_int_equal(a->allow_wkp_non_global, b->allow_wkp_non_global);
    assert_int_equal(a->wkp_guard, b->wkp_guard);
    assert_int_equal(a->hairpin_mode, b->hairpin_mode);
    for (size_t i = 0; i < IPXLAT_N_BUDGETS; i++) {
        assert_int_equal(a->rl[i].rate, b->rl[i].rate);
        assert_int_equal(a->rl[i].burst, b->rl[i].burst);
    }

    /* The EAM entries, in order, through their text. */
    fa = ipxlat_config_format(a);
    fb = ipxlat_config_format(b);
    assert_string_equal(fa, fb);
    free(fa);
    free(fb);
}

/* parse(format(x)) gives the same config, and format() is a fixed
 * point. */
static void
format_then_parse_round_trips(void **state)
{
    static const char *const configs[] = {
        "prefix=64:ff9b::/96",
        "prefix = 2001:db8::/32 , mtu4=1400, hairpin=simple",
        "eam(192.0.2.1,2001:db8::1),eam(198.51.100.0/24,2001:db8:1::/120),"
        "eam(203.0.113.0/28, 2001:db8:2::10/124)",
        "table=t1,src6=::ffff:1.2.3.4,src4=10.1.1.1",
        "prefix=2001:db8:1:2::/64,pool6791v4=192.0.2.0/25,"
        "pool6791v6=2001:db8:ffff::1,amend_udp_zero_csum,icmp_rate=0",
        "table=x,icmp_burst=1000000,icmp_rate=1,lowest_ipv6_mtu=9000,"
        "mtu6=1280,mtu4=68,hairpin=off",
        "icmp_pmtu_burst=1,icmp_pmtu_rate=0,prefix=2001:db8::/32",
        "pool6791v4=0.0.0.0/0,pool6791v6=::/0,table=all",
        "allow_wkp_non_global,prefix=64:ff9b::/96,amend_udp_zero_csum",
    };

    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        struct ipxlat_config *a = test_config(configs[i]);
        char *text = ipxlat_config_format(a);
        struct ipxlat_config *b = test_config(text);
        char *text2 = ipxlat_config_format(b);

        assert_config_equal(a, b);
        assert_string_equal(text, text2);
        free(text);
        free(text2);
        ipxlat_config_free(a);
        ipxlat_config_free(b);
    }
}

/* RFC 6052 section 3.1: the Well-Known Prefix 64:ff9b::/96 refuses
 * non-global IPv4 addresses unless allow_wkp_non_global, which makes sense
 * with that prefix only; 64:ff9b::/64, the local-use 64:ff9b:1::/48 (RFC
 * 8215) and network-specific prefixes have no such rule. */
static void
allow_wkp_non_global_only_with_the_wkp(void **state)
{
    static const struct {
        const char *config;
        bool guard;
    } cases[] = {
        { "prefix=64:ff9b::/96", true },
        { "prefix=64:ff9b::/96,allow_wkp_non_global", false },
        { "allow_wkp_non_global , prefix=64:FF9B:0::/96", false },
        { "prefix=64:ff9b::/64", false },
        { "prefix=64:ff9b:1::/48", false },
        { "prefix=2001:db8:64::/96", false },
        { "eam(192.0.2.1,2001:db8::1)", false },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ipxlat_config *cfg = test_config(cases[i].config);

        assert_int_equal(cfg->wkp_guard, cases[i].guard);
        ipxlat_config_free(cfg);
    }
    assert_canonical("allow_wkp_non_global,prefix=64:ff9b::/96",
                     "prefix=64:ff9b::/96,allow_wkp_non_global");
    assert_error("prefix=2001:db8:64::/96,allow_wkp_non_global",
                 "allow_wkp_non_global: only with prefix=64:ff9b::/96 (the "
                 "Well-Known Prefix)");
    assert_error("eam(192.0.2.1,2001:db8::1),allow_wkp_non_global",
                 "allow_wkp_non_global: only with prefix=64:ff9b::/96 (the "
                 "Well-Known Prefix)");
    assert_error("prefix=64:ff9b::/96,allow_wkp_non_global=1",
                 "allow_wkp_non_global=1: takes no value");
}

/* Every error names the bad token and says why, exactly. */
static void
errors_name_the_token_and_the_reason(void **state)
{
    /* RFC 6052 section 2.2. */
    assert_error("prefix=64:ff9b::/95",
                 "prefix=64:ff9b::/95: RFC 6052 prefix length must be 32, "
                 "40, 48, 56, 64 or 96");
    assert_error("prefix=64:ff9b::/128",
                 "prefix=64:ff9b::/128: RFC 6052 prefix length must be 32, "
                 "40, 48, 56, 64 or 96");
    assert_error("prefix=2001:db8:0:0:100::/96",
                 "prefix=2001:db8:0:0:100::/96: RFC 6052 section 2.2: bits "
                 "64 to 71 (the u-octet) must be zero");
    assert_error("prefix=2001:db8:0:0:100::/64",
                 "prefix=2001:db8:0:0:100::/64: bits set past the prefix "
                 "length");
    assert_error("prefix=64:ff9b::1/96",
                 "prefix=64:ff9b::1/96: bits set past the prefix length");
    assert_error("prefix=64:ff9b::",
                 "prefix=64:ff9b::: prefix length required");
    assert_error("prefix=1.2.3.4/96",
                 "prefix=1.2.3.4/96: not an IPv6 address");
    assert_error("prefix=64:ff9b::/96,prefix=64:ff9b::/96",
                 "prefix: given twice");

    /* Numbers. */
    assert_error("prefix=64:ff9b::/96,mtu6=1000",
                 "mtu6=1000: must be between 1280 and 65535");
    assert_error("prefix=64:ff9b::/96,mtu4=67",
                 "mtu4=67: must be between 68 and 65535");
    assert_error("prefix=64:ff9b::/96,mtu4=65536",
                 "mtu4=65536: must be between 68 and 65535");
    assert_error("prefix=64:ff9b::/96,lowest_ipv6_mtu=1279",
                 "lowest_ipv6_mtu=1279: must be between 1280 and 65535");
    assert_error("prefix=64:ff9b::/96,mtu6=184467440737095516161234",
                 "mtu6=184467440737095516161234: must be between 1280 and "
                 "65535");
    assert_error("prefix=64:ff9b::/96,mtu4=abc",
                 "mtu4=abc: not a decimal number");
    assert_error("prefix=64:ff9b::/96,mtu4=-1",
                 "mtu4=-1: not a decimal number");
    assert_error("prefix=64:ff9b::/96,mtu4=+1500",
                 "mtu4=+1500: not a decimal number");
    assert_error("prefix=64:ff9b::/96,mtu4=15 00",
                 "mtu4=15 00: not a decimal number");
    assert_error("prefix=64:ff9b::/96,mtu4=0x5dc",
                 "mtu4=0x5dc: not a decimal number");
    assert_error("prefix=64:ff9b::/96,icmp_burst=0",
                 "icmp_burst=0: must be between 1 and 1000000");
    assert_error("prefix=64:ff9b::/96,icmp_burst=1000001",
                 "icmp_burst=1000001: must be between 1 and 1000000");
    assert_error("prefix=64:ff9b::/96,icmp_rate=1000001",
                 "icmp_rate=1000001: must be between 0 and 1000000");
    assert_error("prefix=64:ff9b::/96,icmp_pmtu_burst=0",
                 "icmp_pmtu_burst=0: must be between 1 and 1000000");
    assert_error("prefix=64:ff9b::/96,icmp_pmtu_rate=1000001",
                 "icmp_pmtu_rate=1000001: must be between 0 and 1000000");
    assert_error("prefix=64:ff9b::/96,mtu4=1400,mtu4=1400",
                 "mtu4: given twice");
    assert_error("prefix=64:ff9b::/96,bounce_table=255",
                 "bounce_table=255: must be between 0 and 254");
    assert_error("prefix=64:ff9b::/96,bounce_table=x",
                 "bounce_table=x: not a decimal number");

    /* Keys. */
    assert_error("foo=1",
                 "foo=1: unknown key (expected prefix, eam, table, "
                 "pool6791v4, pool6791v6, src4, src6, mtu4, mtu6, "
                 "lowest_ipv6_mtu, amend_udp_zero_csum, "
                 "allow_wkp_non_global, hairpin, icmp_rate, icmp_burst, "
                 "icmp_pmtu_rate, icmp_pmtu_burst, reasm_datagrams, "
                 "reasm_bytes, reasm_timeout, reasm_max_size or bounce_table)");
    assert_error("prefix=64:ff9b::/96,Prefix=64:ff9b::/96",
                 "Prefix=64:ff9b::/96: unknown key (expected prefix, eam, "
                 "table, pool6791v4, pool6791v6, src4, src6, mtu4, mtu6, "
                 "lowest_ipv6_mtu, amend_udp_zero_csum, "
                 "allow_wkp_non_global, hairpin, icmp_rate, icmp_burst, "
                 "icmp_pmtu_rate, icmp_pmtu_burst, reasm_datagrams, "
                 "reasm_bytes, reasm_timeout, reasm_max_size or bounce_table)");
    assert_error("=5", "=5: missing key");
    assert_error("pre fix=64:ff9b::/96",
                 "pre fix=64:ff9b::/96: expected KEY=VALUE, a flag or "
                 "eam(IPV4[/LEN],IPV6[/LEN])");
    assert_error("prefix", "prefix: expected prefix=IPV6/LEN");
    assert_error("prefix=", "prefix=: expected prefix=IPV6/LEN");
    assert_error("prefix = ", "prefix=: expected prefix=IPV6/LEN");
    assert_error("prefix=64:ff9b::/96,mtu4",
                 "mtu4: expected mtu4=N");
    assert_error("prefix(64:ff9b::/96)",
                 "prefix(64:ff9b::/96): only eam takes parentheses");

    /* Flags. */
    assert_error("prefix=64:ff9b::/96,amend_udp_zero_csum=1",
                 "amend_udp_zero_csum=1: takes no value");
    assert_error("prefix=64:ff9b::/96,amend_udp_zero_csum=",
                 "amend_udp_zero_csum=: takes no value");
    assert_error("prefix=64:ff9b::/96,amend_udp_zero_csum,"
                 "amend_udp_zero_csum",
                 "amend_udp_zero_csum: given twice");

    /* Hairpin. */
    assert_error("prefix=64:ff9b::/96,hairpin=maybe",
                 "hairpin=maybe: expected off, simple or intrinsic");
    assert_error("prefix=64:ff9b::/96,hairpin=OFF",
                 "hairpin=OFF: expected off, simple or intrinsic");

    /* Table names. */
#define NAME_RULE "a table name is 1 to 64 of the characters " \
                  "A-Z a-z 0-9 _ . - and does not start with '.'"
    assert_error("table=a b", "table=a b: " NAME_RULE);
    assert_error("table=a/b", "table=a/b: " NAME_RULE);
    /* Names that can never be a table's (or its file's): the same rule
     * as ovs-vswitchd's ipxlat/table-* commands, from one function. */
    assert_error("table=..", "table=..: " NAME_RULE);
    assert_error("table=.", "table=.: " NAME_RULE);
    assert_error("table=.hidden", "table=.hidden: " NAME_RULE);
    /* 65 characters. */
    assert_error("table=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaaaaaaaaa",
                 "table=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaaaaaaaaa: " NAME_RULE);
#undef NAME_RULE
    assert_error("table=", "table=: expected table=NAME");
    assert_error("table=a,table=b", "table: given twice");

    /* Addresses. */
    assert_error("prefix=64:ff9b::/96,src4=192.0.2.1/32",
                 "src4=192.0.2.1/32: not an IPv4 address");
    assert_error("prefix=64:ff9b::/96,src6=2001:db8::/64",
                 "src6=2001:db8::/64: not an IPv6 address");
    assert_error("prefix=64:ff9b::/96,pool6791v4=192.0.2.1/24",
                 "pool6791v4=192.0.2.1/24: bits set past the prefix length");
    assert_error("prefix=64:ff9b::/96,pool6791v6=2001:db8::/129",
                 "pool6791v6=2001:db8::/129: prefix length must be 0 to "
                 "128");

    /* eam(...). */
    assert_error("eam(10.0.0.0/24,2001:db8::/124)",
                 "eam(10.0.0.0/24,2001:db8::/124): the IPv4 suffix (8 bits, "
                 "/24) is longer than the IPv6 suffix (4 bits, /124)");
    assert_error("eam(10.0.0.0/24", "eam(10.0.0.0/24: missing ')'");
    assert_error("prefix=64:ff9b::/96,eam(10.0.0.0/24,2001:db8::/120",
                 "eam(10.0.0.0/24,2001:db8::/120: missing ')'");
    assert_error("eam(192.0.2.1)",
                 "eam(192.0.2.1): expected eam(IPV4[/LEN],IPV6[/LEN])");
    assert_error("eam(192.0.2.1,2001:db8::1,2001:db8::2)",
                 "eam(192.0.2.1,2001:db8::1,2001:db8::2): expected "
                 "eam(IPV4[/LEN],IPV6[/LEN])");
    assert_error("eam(192.0.2.1,2001:db8::1)x",
                 "eam(192.0.2.1,2001:db8::1)x: unexpected text after ')'");
    assert_error("eam(192.0.2.300,2001:db8::1)",
                 "eam(192.0.2.300,2001:db8::1): 192.0.2.300: not an IPv4 "
                 "address");
    assert_error("eam(192.0.2.1,2001:db8::g)",
                 "eam(192.0.2.1,2001:db8::g): 2001:db8::g: not an IPv6 "
                 "address");
    assert_error("eam=192.0.2.1",
                 "eam=192.0.2.1: expected eam(IPV4[/LEN],IPV6[/LEN])");
    assert_error("eam", "eam: expected eam(IPV4[/LEN],IPV6[/LEN])");

    /* Items and commas. */
    assert_error("prefix=64:ff9b::/96,,mtu4=1400",
                 "empty item after 'prefix=64:ff9b::/96' (two ',' in a "
                 "row)");
    assert_error(",prefix=64:ff9b::/96",
                 "empty item at the start (leading ',')");
    assert_error("prefix=64:ff9b::/96,",
                 "trailing ',' after 'prefix=64:ff9b::/96'");
    assert_error("prefix=64:ff9b::/96 , ",
                 "trailing ',' after 'prefix=64:ff9b::/96'");
    assert_error(",", "empty item at the start (leading ',')");

    /* Nothing to translate with. */
    assert_error("", "no prefix, eam(...) or table given: nothing to "
                 "translate with");
    assert_error(" \t\n", "no prefix, eam(...) or table given: nothing to "
                 "translate with");
    assert_error("mtu4=1400,src6=2001:db8::1",
                 "no prefix, eam(...) or table given: nothing to "
                 "translate with");
}

/* An over-long token is quoted cut short, so messages stay readable. */
static void
long_tokens_are_cut_short_in_messages(void **state)
{
    char config[400];
    char expected[400];

    memset(config, 'a', sizeof config);
    memcpy(config, "foo=", 4);
    config[sizeof config - 1] = '\0';

    snprintf(expected, sizeof expected, "%.200s...: unknown key", config);
    {
        struct ipxlat_config *cfg;
        char *error = ipxlat_config_parse(config, &cfg);

        assert_non_null(error);
        assert_null(cfg);
        assert_int_equal(strncmp(error, expected, strlen(expected)), 0);
        free(error);
    }
}

/* A small deterministic generator for the robustness test. */
static uint32_t
next_random(uint32_t *seed)
{
    *seed = *seed * 1103515245 + 12345;
    return *seed >> 8;
}

/* The bounds of the reassembly context (README.md, "The config grammar"):
 * defaults, fields, canonical text, ranges, and the one rule that ties
 * two of them. */
static void
reasm_keys(void **state)
{
    struct ipxlat_config *cfg = test_config("prefix=64:ff9b::/96");

    assert_int_equal(cfg->reasm.max_datagrams, 64);
    assert_int_equal(cfg->reasm.max_bytes, 1048576);
    assert_int_equal(cfg->reasm.timeout_ms, 2000);
    assert_int_equal(cfg->reasm.max_size, 65535);
    assert_true(ipxlat_reasm_mem_size(cfg) > 1048576);
    ipxlat_config_free(cfg);

    cfg = test_config("prefix=64:ff9b::/96,reasm_datagrams=8,"
                      "reasm_bytes=8192,reasm_timeout=60,"
                      "reasm_max_size=4000");
    assert_int_equal(cfg->reasm.max_datagrams, 8);
    assert_int_equal(cfg->reasm.max_bytes, 8192);
    assert_int_equal(cfg->reasm.timeout_ms, 60000);
    assert_int_equal(cfg->reasm.max_size, 4000);
    ipxlat_config_free(cfg);

    /* 0 turns reassembly off: no memory, no context. */
    cfg = test_config("prefix=64:ff9b::/96,reasm_datagrams=0");
    assert_int_equal(ipxlat_reasm_mem_size(cfg), 0);
    assert_null(ipxlat_reasm_init(NULL, 0, cfg));
    ipxlat_config_free(cfg);

    assert_canonical("reasm_max_size=576,reasm_timeout=1,reasm_bytes=4096,"
                     "reasm_datagrams=1048576,prefix=64:ff9b::/96",
                     "prefix=64:ff9b::/96,reasm_datagrams=1048576,"
                     "reasm_bytes=4096,reasm_timeout=1,reasm_max_size=576");
    assert_canonical("prefix=64:ff9b::/96,reasm_datagrams=64,"
                     "reasm_bytes=1048576,reasm_timeout=2,"
                     "reasm_max_size=65535", "prefix=64:ff9b::/96");
    assert_canonical("prefix=64:ff9b::/96,reasm_datagrams=0,"
                     "reasm_bytes=4096",
                     "prefix=64:ff9b::/96,reasm_datagrams=0,"
                     "reasm_bytes=4096");
    assert_canonical("prefix=64:ff9b::/96,reasm_bytes=1073741824",
                     "prefix=64:ff9b::/96,reasm_bytes=1073741824");

    assert_error("prefix=64:ff9b::/96,reasm_datagrams=1048577",
                 "reasm_datagrams=1048577: must be between 0 and 1048576");
    assert_error("prefix=64:ff9b::/96,reasm_bytes=4095,reasm_max_size=576",
                 "reasm_bytes=4095: must be between 4096 and 1073741824");
    assert_error("prefix=64:ff9b::/96,reasm_bytes=1073741825",
                 "reasm_bytes=1073741825: must be between 4096 and "
                 "1073741824");
    assert_error("prefix=64:ff9b::/96,reasm_timeout=0",
                 "reasm_timeout=0: must be between 1 and 60");
    assert_error("prefix=64:ff9b::/96,reasm_timeout=61",
                 "reasm_timeout=61: must be between 1 and 60");
    assert_error("prefix=64:ff9b::/96,reasm_max_size=575",
                 "reasm_max_size=575: must be between 576 and 65535");
    assert_error("prefix=64:ff9b::/96,reasm_max_size=65536",
                 "reasm_max_size=65536: must be between 576 and 65535");
    assert_error("prefix=64:ff9b::/96,reasm_timeout",
                 "reasm_timeout: expected reasm_timeout=S");
    assert_error("prefix=64:ff9b::/96,reasm_bytes=65534",
                 "reasm_bytes=65534: must be at least reasm_max_size "
                 "(65535)");
}

/* Texts made of grammar fragments and stray bytes never crash the parser;
 * every text it accepts formats to a canonical text that parses back to
 * the same canonical text. */
static void
random_texts_never_crash_round_trip(void **state)
{
    static const char *const pieces[] = {
        "prefix=", "eam(", ")", "(", ",", "=", " ", "\t", "/", "96", "64",
        "64:ff9b::", "192.0.2.1", "2001:db8::", "10.0.0.0/24", "::",
        "table=", "t", "mtu4=", "mtu6=", "1280", "1500", "hairpin=",
        "off", "amend_udp_zero_csum", "icmp_rate=", "icmp_burst=", "0",
        "pool6791v4=", "pool6791v6=", "src4=", "src6=", "lowest_ipv6_mtu=",
        "eam(192.0.2.0/24,2001:db8::/120)", "prefix=64:ff9b::/96", "\x01",
        "\xff", "%s", "%n", "reasm_datagrams=", "reasm_bytes=",
        "reasm_timeout=", "reasm_max_size=", "4096", "65535",
    };
    uint32_t seed = 42;
    unsigned int accepted = 0;

    for (int i = 0; i < 20000; i++) {
        char text[512];
        size_t len = 0;
        unsigned int n = next_random(&seed) % 12;
        struct ipxlat_config *cfg;
        char *error;

        text[0] = '\0';
        for (unsigned int j = 0; j < n; j++) {
            const char *piece = pieces[next_random(&seed)
                                       % (sizeof pieces / sizeof pieces[0])];
            size_t plen = strlen(piece);

            if (len + plen < sizeof text) {
                memcpy(text + len, piece, plen + 1);
                len += plen;
            }
        }

        error = ipxlat_config_parse(text, &cfg);
        if (error) {
            assert_null(cfg);
            assert_true(strlen(error) > 0);
            free(error);
        } else {
            char *canonical = ipxlat_config_format(cfg);
            struct ipxlat_config *again;
            char *error2 = ipxlat_config_parse(canonical, &again);
            char *canonical2;

            if (error2) {
                fail_msg("'%s' -> '%s' -> %s", text, canonical, error2);
            }
            canonical2 = ipxlat_config_format(again);
            assert_string_equal(canonical, canonical2);
            free(canonical);
            free(canonical2);
            ipxlat_config_free(cfg);
            ipxlat_config_free(again);
            accepted++;
        }
    }
    /* The generator does produce valid configs, so both branches ran. */
    assert_true(accepted > 0);
}

/* A long text of many items is handled in one pass. */
static void
long_inputs_are_handled(void **state)
{
    size_t n = 1000000;
    char *text = malloc(n + 1);
    struct ipxlat_config *cfg;
    char *error;

    assert_non_null(text);
    memset(text, '(', n);
    text[n] = '\0';
    error = ipxlat_config_parse(text, &cfg);
    assert_non_null(error);
    assert_null(cfg);
    free(error);

    memset(text, ',', n);
    error = ipxlat_config_parse(text, &cfg);
    assert_string_equal(error, "empty item at the start (leading ',')");
    free(error);
    free(text);

    ipxlat_config_free(NULL);
}

/* Returns a rate limiter parsed from "icmp_rate=RATE,icmp_burst=BURST". */
static struct ipxlat_config *
rl_config(unsigned int rate, unsigned int burst)
{
    char text[128];

    snprintf(text, sizeof text, "table=t,icmp_rate=%u,icmp_burst=%u", rate,
             burst);
    return test_config(text);
}

/* A full bucket allows 'burst' errors at once, then none until a token's
 * worth of time (1000 / rate ms) has passed. */
static void
ratelimit_burst_then_refill_at_rate(void **state)
{
    struct ipxlat_config *cfg = rl_config(10, 5);

    for (int i = 0; i < 5; i++) {
        assert_true(ipxl_ratelimit_allow(cfg->rl, 1000));
    }
    assert_false(ipxl_ratelimit_allow(cfg->rl, 1000));

    /* 10 per second: one token per 100 ms. */
    assert_false(ipxl_ratelimit_allow(cfg->rl, 1099));
    assert_true(ipxl_ratelimit_allow(cfg->rl, 1100));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 1100));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 1199));
    assert_true(ipxl_ratelimit_allow(cfg->rl, 1200));

    /* Refills stop at the burst size however long the pause. */
    for (int i = 0; i < 5; i++) {
        assert_true(ipxl_ratelimit_allow(cfg->rl, 1000000));
    }
    assert_false(ipxl_ratelimit_allow(cfg->rl, 1000000));

    /* Even after an absurdly long pause (no overflow). */
    for (int i = 0; i < 5; i++) {
        assert_true(ipxl_ratelimit_allow(cfg->rl, UINT64_MAX - 1));
    }
    assert_false(ipxl_ratelimit_allow(cfg->rl, UINT64_MAX - 1));
    ipxlat_config_free(cfg);
}

/* Fractions of a token carry over between calls: at 3 per second a token
 * takes 333.33 ms however often the bucket is looked at. */
static void
ratelimit_keeps_fractions_of_tokens(void **state)
{
    struct ipxlat_config *cfg = rl_config(3, 1);

    assert_true(ipxl_ratelimit_allow(cfg->rl, 1000));
    for (uint64_t t = 1001; t <= 1333; t++) {
        assert_false(ipxl_ratelimit_allow(cfg->rl, t));
    }
    /* 334 ms * 3 = 1002 millitokens. */
    assert_true(ipxl_ratelimit_allow(cfg->rl, 1334));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 1334));
    ipxlat_config_free(cfg);
}

/* A clock that runs backwards mints no tokens. */
static void
ratelimit_time_going_backwards_mints_nothing(void **state)
{
    struct ipxlat_config *cfg = rl_config(10, 1);

    assert_true(ipxl_ratelimit_allow(cfg->rl, 5000));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 5000));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 4000));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 5000));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 3000));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 5099));
    assert_true(ipxl_ratelimit_allow(cfg->rl, 5100));
    assert_false(ipxl_ratelimit_allow(cfg->rl, 5100));
    ipxlat_config_free(cfg);
}

/* icmp_rate=0 means no limit. */
static void
ratelimit_rate_zero_is_unlimited(void **state)
{
    struct ipxlat_config *cfg = rl_config(0, 1);

    for (int i = 0; i < 100000; i++) {
        assert_true(ipxl_ratelimit_allow(cfg->rl, 1000));
    }
    ipxlat_config_free(cfg);
}

/* Arguments of one ratelimit_thread(). */
struct rl_thread {
    struct ipxlat_ratelimit *rl;    /* Shared limiter. */
    uint64_t now_ms;                /* Time of every call. */
    unsigned int allowed;           /* Out: calls that were allowed. */
};

/* Calls ipxl_ratelimit_allow() many times and counts the successes. */
static void *
ratelimit_thread(void *arg_)
{
    struct rl_thread *arg = arg_;

    for (int i = 0; i < 20000; i++) {
        arg->allowed += ipxl_ratelimit_allow(arg->rl, arg->now_ms);
    }
    return NULL;
}

/* Threads racing for one bucket get exactly 'burst' tokens in total:
 * none is spent twice and none is lost. */
static void
ratelimit_is_exact_across_threads(void **state)
{
    struct ipxlat_config *cfg = rl_config(1, 5000);
    struct rl_thread args[4];
    pthread_t threads[4];
    unsigned int total = 0;

    for (int i = 0; i < 4; i++) {
        args[i] = (struct rl_thread) { .rl = cfg->rl, .now_ms = 7 };
        assert_int_equal(pthread_create(&threads[i], NULL, ratelimit_thread,
                                        &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        total += args[i].allowed;
    }
    assert_int_equal(total, 5000);
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_are_the_documented_ones),
        cmocka_unit_test(every_key_sets_its_field),
        cmocka_unit_test(format_is_canonical),
        cmocka_unit_test(reasm_keys),
        cmocka_unit_test(every_rfc6052_length_is_accepted),
        cmocka_unit_test(format_then_parse_round_trips),
        cmocka_unit_test(allow_wkp_non_global_only_with_the_wkp),
        cmocka_unit_test(errors_name_the_token_and_the_reason),
        cmocka_unit_test(long_tokens_are_cut_short_in_messages),
        cmocka_unit_test(random_texts_never_crash_round_trip),
        cmocka_unit_test(long_inputs_are_handled),
        cmocka_unit_test(ratelimit_burst_then_refill_at_rate),
        cmocka_unit_test(ratelimit_keeps_fractions_of_tokens),
        cmocka_unit_test(ratelimit_time_going_backwards_mints_nothing),
        cmocka_unit_test(ratelimit_rate_zero_is_unlimited),
        cmocka_unit_test(ratelimit_is_exact_across_threads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
