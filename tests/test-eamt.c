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


/* RFC 7757 Explicit Address Mapping tables: longest-prefix match in each
 * direction, suffix copy, refusals with their exact messages, removal,
 * loading from a file, and a table of a million entries. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ipxlat-eamt.h"
#include "ipxlat-prefix.h"
#include "ipxlat-xlat.h"
#include "testlib.h"
#include "testpkt.h"

#define ARRAY_SIZE(A) (sizeof (A) / sizeof (A)[0])

/* Adds 'entry', failing the test on error. */
static void
add(struct ipxlat_eamt *t, const char *entry)
{
    char *error = ipxlat_eamt_add_text(t, entry);

    if (error) {
        fail_msg("%s", error);
    }
}

/* Asserts that adding 'entry' fails with exactly 'message'. */
static void
add_fails(struct ipxlat_eamt *t, const char *entry, const char *message)
{
    char *error = ipxlat_eamt_add_text(t, entry);

    assert_non_null(error);
    assert_string_equal(error, message);
    free(error);
}

/* Asserts that 'from' maps to 'to' in the 4->6 direction, or to nothing if
 * 'to' is NULL. */
static void
check4(const struct ipxlat_eamt *t, const char *from, const char *to)
{
    struct in6_addr got;
    char text[INET6_ADDRSTRLEN];

    if (!ipxl_eamt_lookup4(t, test_v4(from), &got)) {
        if (to) {
            fail_msg("%s: no match, expected %s", from, to);
        }
        return;
    }
    inet_ntop(AF_INET6, &got, text, sizeof text);
    if (!to) {
        fail_msg("%s: got %s, expected no match", from, text);
    } else {
        struct in6_addr e = test_v6(to);

        if (memcmp(&got, &e, sizeof e)) {
            fail_msg("%s: got %s, expected %s", from, text, to);
        }
    }
}

/* Asserts that 'from' maps to 'to' in the 6->4 direction, or to nothing if
 * 'to' is NULL. */
static void
check6(const struct ipxlat_eamt *t, const char *from, const char *to)
{
    struct in6_addr a = test_v6(from);
    char text[INET_ADDRSTRLEN];
    ovs_be32 got;

    if (!ipxl_eamt_lookup6(t, &a, &got)) {
        if (to) {
            fail_msg("%s: no match, expected %s", from, to);
        }
        return;
    }
    inet_ntop(AF_INET, &got, text, sizeof text);
    if (!to) {
        fail_msg("%s: got %s, expected no match", from, text);
    } else if (got != test_v4(to)) {
        fail_msg("%s: got %s, expected %s", from, text, to);
    }
}

/* RFC 7757 section 3.2's example table, whole, with its entry whose IPv6
 * suffix is longer than its IPv4 suffix (#4, 6 against 64 bits). */
static void
rfc7757_example_table_maps_both_ways(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();

    (void) state;
    add(t, "192.0.2.1 2001:db8:aaaa::");
    add(t, "192.0.2.2/32 2001:db8:bbbb::b/128");
    add(t, "192.0.2.16/28 2001:db8:cccc::/124");
    add(t, "192.0.2.128/26 2001:db8:dddd::/64");
    add(t, "192.0.2.192/31 64:ff9b::/127");
    assert_int_equal(ipxlat_eamt_count(t), 5);

    check4(t, "192.0.2.1", "2001:db8:aaaa::");
    check6(t, "2001:db8:aaaa::", "192.0.2.1");
    check4(t, "192.0.2.2", "2001:db8:bbbb::b");
    check6(t, "2001:db8:bbbb::b", "192.0.2.2");
    check4(t, "192.0.2.24", "2001:db8:cccc::8");
    check6(t, "2001:db8:cccc::8", "192.0.2.24");
    check4(t, "192.0.2.31", "2001:db8:cccc::f");
    check6(t, "2001:db8:cccc::", "192.0.2.16");
    check4(t, "192.0.2.193", "64:ff9b::1");
    check6(t, "64:ff9b::", "192.0.2.192");

    /* #4: the 6 suffix bits of the IPv4 address go right after the /64,
     * into bits 64 to 69; the other 58 bits of the IPv6 suffix are zero.
     * 6->4 takes bits 64 to 69 back and ignores the rest. */
    check4(t, "192.0.2.128", "2001:db8:dddd::");
    check4(t, "192.0.2.130", "2001:db8:dddd:0:800::");
    check4(t, "192.0.2.191", "2001:db8:dddd:0:fc00::");
    check6(t, "2001:db8:dddd:0:800::", "192.0.2.130");
    check6(t, "2001:db8:dddd:0:bff:ffff:ffff:ffff", "192.0.2.130");
    check6(t, "2001:db8:dddd:0:fc00::1", "192.0.2.191");
    check6(t, "2001:db8:dddd::", "192.0.2.128");

    /* Addresses next to the entries match nothing. */
    check4(t, "192.0.2.3", NULL);
    check4(t, "192.0.2.32", NULL);
    check4(t, "192.0.2.127", NULL);
    check4(t, "192.0.2.194", NULL);
    check6(t, "2001:db8:aaaa::1", NULL);
    check6(t, "2001:db8:cccc::10", NULL);
    check6(t, "2001:db8:dddd:1::", NULL);
    check6(t, "64:ff9b::2", NULL);
    ipxlat_eamt_destroy(t);
}

/* RFC 7757 sections 3.2 and 3.3 with unequal suffixes, byte for byte:
 * the IPv4 suffix bits land right after the IPv6 prefix wherever that
 * ends (inside a byte, across the 64-bit middle, at the end), the rest of
 * the IPv6 suffix is zero, and 6->4 reads the same bits back. */
static void
unequal_suffixes_place_ipv4_bits_right_after_the_ipv6_prefix(void **state)
{
    static const struct {
        const char *entry;
        const char *v4, *v6;    /* v4 <-> v6 both ways. */
    } cases[] = {
        /* 8 bits after a /60: the low nibble of byte 7, the high nibble
         * of byte 8. */
        { "198.51.100.0/24 2001:db8:1:10::/60",
          "198.51.100.171", "2001:db8:1:1a:b000::" },
        /* 16 bits after a /56: bytes 7 and 8, across the middle. */
        { "10.7.0.0/16 2001:db8:2:300::/56",
          "10.7.18.52", "2001:db8:2:312:3400::" },
        /* 32 bits (a /0) after a /33. */
        { "0.0.0.0/0 2001:db8:8000::/33",
          "192.0.2.1", "2001:db8:e000:100:8000::" },
        /* 3 bits after a /125: the very end. */
        { "203.0.113.8/29 2001:db8:5::/125",
          "203.0.113.13", "2001:db8:5::5" },
        /* No IPv4 suffix: a /32 to a /64 (the rest all zero). */
        { "203.0.113.99/32 2001:db8:6::/64",
          "203.0.113.99", "2001:db8:6::" },
    };

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ipxlat_eamt *t = ipxlat_eamt_create();

        add(t, cases[i].entry);
        check4(t, cases[i].v4, cases[i].v6);
        check6(t, cases[i].v6, cases[i].v4);
        ipxlat_eamt_destroy(t);
    }
}

/* Longest-prefix match, each family on its own, when the lengths of an
 * entry's two sides are unrelated. */
static void
unequal_suffixes_match_longest_prefix_in_each_family(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();

    (void) state;
    add(t, "10.0.0.0/8,2001:db8::/48");           /* 24 bits after /48. */
    add(t, "10.1.0.0/16,2001:db8:0:1::/64");      /* 16 bits after /64. */
    add(t, "10.1.2.0/24,2001:db8::ff00:0:0/96");  /* 8 bits after /96. */

    /* IPv4 side: /24 beats /16 beats /8. */
    check4(t, "10.1.2.3", "2001:db8::ff00:300:0");
    check4(t, "10.1.3.4", "2001:db8:0:1:304::");
    check4(t, "10.2.3.4", "2001:db8:0:203:400::");

    /* IPv6 side: 2001:db8::ff00:300:0 lies in the /48 too, but the /96 is
     * longer; 2001:db8:0:1:304:: lies in the /48 and the /64. */
    check6(t, "2001:db8::ff00:300:0", "10.1.2.3");
    check6(t, "2001:db8:0:1:304::", "10.1.3.4");
    check6(t, "2001:db8:0:203:400::", "10.2.3.4");
    /* Inside only the /48: its 24 bits are 01:03:00 here (10.1.3.0 maps
     * to another place 4->6, through the longer IPv4 /16: overlapping
     * entries need not be symmetric). */
    check6(t, "2001:db8:0:103::", "10.1.3.0");
    check4(t, "10.1.3.0", "2001:db8:0:1:300::");
    check6(t, "2001:db8:1::", NULL);
    ipxlat_eamt_destroy(t);
}

/* RFC 7757 section 3.2/3.3: the bits after the prefix are copied. */
static void
suffix_bits_are_copied_in_both_directions(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();

    (void) state;
    add(t, "10.1.2.0/24,2001:db8:1::100/120");
    add(t, "0.0.0.0/0,2001:db8:ffff::/96");
    check4(t, "10.1.2.77", "2001:db8:1::14d");
    check6(t, "2001:db8:1::1ff", "10.1.2.255");
    check4(t, "198.51.100.1", "2001:db8:ffff::c633:6401");
    check6(t, "2001:db8:ffff::c633:6401", "198.51.100.1");
    check6(t, "2001:db8:fffe::c633:6401", NULL);
    ipxlat_eamt_destroy(t);
}

/* Entries nested in the IPv4 space: the longest matching IPv4 prefix
 * wins, whatever the insertion order. */
static void
ipv4_lookup_picks_longest_prefix_among_overlaps(void **state)
{
    static const char *const entries[] = {
        "10.0.0.0/8,2001:db8:a::a00:0/104",
        "10.1.0.0/16,2001:db8:b::/112",
        "10.1.2.3,2001:db8:c::1",
    };

    (void) state;
    for (int order = 0; order < 2; order++) {
        struct ipxlat_eamt *t = ipxlat_eamt_create();

        for (size_t i = 0; i < ARRAY_SIZE(entries); i++) {
            add(t, entries[order ? ARRAY_SIZE(entries) - 1 - i : i]);
        }
        check4(t, "10.1.2.3", "2001:db8:c::1");
        check4(t, "10.1.2.4", "2001:db8:b::204");
        check4(t, "10.2.0.1", "2001:db8:a::a02:1");
        check4(t, "11.0.0.1", NULL);
        check6(t, "2001:db8:b::203", "10.1.2.3");
        check6(t, "2001:db8:c::1", "10.1.2.3");
        check6(t, "2001:db8:a::a01:203", "10.1.2.3");
        ipxlat_eamt_destroy(t);
    }
}

/* Entries nested in the IPv6 space only: each direction does its own
 * longest-prefix match. */
static void
ipv6_lookup_picks_longest_prefix_independently(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();

    (void) state;
    add(t, "198.51.100.7,2001:db8::7");
    add(t, "192.0.2.0/24,2001:db8::/120");
    check6(t, "2001:db8::7", "198.51.100.7");
    check6(t, "2001:db8::8", "192.0.2.8");
    check4(t, "192.0.2.7", "2001:db8::7");
    check4(t, "198.51.100.7", "2001:db8::7");
    ipxlat_eamt_destroy(t);
}

static void
duplicate_prefixes_are_refused_by_name(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();

    (void) state;
    add(t, "192.0.2.0/24,2001:db8::/120");
    add_fails(t, "192.0.2.0/24,2001:db8:1::/120",
              "eam(192.0.2.0/24,2001:db8:1::/120): "
              "192.0.2.0/24 is already mapped to 2001:db8::/120");
    add_fails(t, "198.51.100.0/24,2001:db8::/120",
              "eam(198.51.100.0/24,2001:db8::/120): "
              "2001:db8::/120 is already mapped to 192.0.2.0/24");
    add_fails(t, "192.0.2.0/24 2001:db8::/120",
              "eam(192.0.2.0/24,2001:db8::/120): "
              "192.0.2.0/24 is already mapped to 2001:db8::/120");
    assert_int_equal(ipxlat_eamt_count(t), 1);
    /* The same address with another length is a different prefix. */
    add(t, "192.0.2.0/25,2001:db8::/121");
    assert_int_equal(ipxlat_eamt_count(t), 2);
    ipxlat_eamt_destroy(t);
}

static void
bad_entries_are_refused_with_exact_messages(void **state)
{
    static const struct {
        const char *entry;
        const char *message;
    } cases[] = {
        { "10.0.0.0/24,2001:db8::/124",
          "eam(10.0.0.0/24,2001:db8::/124): the IPv4 suffix (8 bits, /24) "
          "is longer than the IPv6 suffix (4 bits, /124)" },
        { "10.0.0.0/24,2001:db8::",
          "eam(10.0.0.0/24,2001:db8::): the IPv4 suffix (8 bits, /24) "
          "is longer than the IPv6 suffix (0 bits, /128)" },
        { "0.0.0.0/0,2001:db8::/97",
          "eam(0.0.0.0/0,2001:db8::/97): the IPv4 suffix (32 bits, /0) "
          "is longer than the IPv6 suffix (31 bits, /97)" },
        { "10.0.0.1/24,2001:db8::/120",
          "eam(10.0.0.1/24,2001:db8::/120): "
          "10.0.0.1/24: bits set past the prefix length" },
        { "10.0.0.0/24,2001:db8::1/120",
          "eam(10.0.0.0/24,2001:db8::1/120): "
          "2001:db8::1/120: bits set past the prefix length" },
        { "10.0.0/8,2001:db8::/104",
          "eam(10.0.0/8,2001:db8::/104): 10.0.0/8: not an IPv4 address" },
        { "10.0.0.0/8,10.0.0.0/8",
          "eam(10.0.0.0/8,10.0.0.0/8): 10.0.0.0/8: not an IPv6 address" },
        { "10.0.0.0/33,2001:db8::/129",
          "eam(10.0.0.0/33,2001:db8::/129): "
          "10.0.0.0/33: prefix length must be 0 to 32" },
        { "10.0.0.0/8,2001:db8::/129",
          "eam(10.0.0.0/8,2001:db8::/129): "
          "2001:db8::/129: prefix length must be 0 to 128" },
        { "10.0.0.1", "eam(10.0.0.1): expected IPV4[/LEN],IPV6[/LEN]" },
        { "10.0.0.1,2001:db8::1,x",
          "eam(10.0.0.1,2001:db8::1,x): expected IPV4[/LEN],IPV6[/LEN]" },
        { "", "eam(): expected IPV4[/LEN],IPV6[/LEN]" },
    };
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char *error;

    (void) state;
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        add_fails(t, cases[i].entry, cases[i].message);
    }
    error = ipxlat_eamt_add(t, "10.0.0.0/8", "2001:db8::/112");
    assert_string_equal(error, "eam(10.0.0.0/8,2001:db8::/112): "
                        "the IPv4 suffix (24 bits, /8) is longer than the "
                        "IPv6 suffix (16 bits, /112)");
    free(error);
    assert_int_equal(ipxlat_eamt_count(t), 0);
    /* An IPv6 suffix longer than the IPv4 one is fine (RFC 7757 3.2). */
    error = ipxlat_eamt_add(t, "192.0.2.1", "2001:db8::/96");
    assert_null(error);
    assert_int_equal(ipxlat_eamt_count(t), 1);
    ipxlat_eamt_destroy(t);
}

static void
entry_text_accepts_comma_or_whitespace(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char *error;

    (void) state;
    add(t, "192.0.2.1,2001:db8::1");
    add(t, "192.0.2.2 2001:db8::2");
    add(t, "  192.0.2.3,\t2001:db8::3  ");
    add(t, "192.0.2.4 , 2001:db8::4\n");
    error = ipxlat_eamt_add(t, "192.0.2.5/32", "2001:db8::5/128");
    assert_null(error);
    assert_int_equal(ipxlat_eamt_count(t), 5);
    for (int i = 1; i <= 5; i++) {
        char a4[32], a6[32];

        snprintf(a4, sizeof a4, "192.0.2.%d", i);
        snprintf(a6, sizeof a6, "2001:db8::%d", i);
        check4(t, a4, a6);
        check6(t, a6, a4);
    }
    ipxlat_eamt_destroy(t);
}

/* Collects entries formatted as "P4,P6;" for comparison. */
static void
collect(void *aux, const struct ipxlat_prefix4 *p4,
        const struct ipxlat_prefix6 *p6)
{
    char *buf = aux;
    char s4[PREFIX4_STRLEN], s6[PREFIX6_STRLEN];

    ipxl_prefix4_format(p4, s4, sizeof s4);
    ipxl_prefix6_format(p6, s6, sizeof s6);
    snprintf(buf + strlen(buf), 1024 - strlen(buf), "%s,%s;", s4, s6);
}

static void
remove_takes_exact_entry_and_foreach_sorts_by_ipv4(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char buf[1024] = "";

    (void) state;
    add(t, "192.0.2.1,2001:db8::1");
    add(t, "10.0.0.0/8,2001:db8:a::a00:0/104");
    add(t, "192.0.2.0/24,2001:db8::/120");
    add(t, "198.51.100.0/24,2001:db8:2::/120");

    assert_false(ipxlat_eamt_remove(t, "192.0.2.0/24,2001:db8:9::/120"));
    assert_false(ipxlat_eamt_remove(t, "192.0.2.0/25,2001:db8::/121"));
    assert_false(ipxlat_eamt_remove(t, "garbage"));
    assert_int_equal(ipxlat_eamt_count(t), 4);

    assert_true(ipxlat_eamt_remove(t, "192.0.2.0/24 2001:db8::/120"));
    assert_false(ipxlat_eamt_remove(t, "192.0.2.0/24,2001:db8::/120"));
    assert_int_equal(ipxlat_eamt_count(t), 3);
    check4(t, "192.0.2.1", "2001:db8::1");
    check4(t, "192.0.2.2", NULL);
    check6(t, "2001:db8::2", NULL);

    /* In order of IPv4 prefix (numerically), then length, whatever the
     * order they were added in. */
    ipxl_eamt_foreach(t, collect, buf);
    assert_string_equal(buf, "10.0.0.0/8,2001:db8:a::a00:0/104;"
                        "192.0.2.1/32,2001:db8::1/128;"
                        "198.51.100.0/24,2001:db8:2::/120;");

    /* A removed entry's prefixes may be used again. */
    add(t, "192.0.2.0/24,2001:db8::/120");
    check4(t, "192.0.2.2", "2001:db8::2");
    buf[0] = '\0';
    ipxl_eamt_foreach(t, collect, buf);
    assert_string_equal(buf, "10.0.0.0/8,2001:db8:a::a00:0/104;"
                        "192.0.2.0/24,2001:db8::/120;"
                        "192.0.2.1/32,2001:db8::1/128;"
                        "198.51.100.0/24,2001:db8:2::/120;");
    ipxlat_eamt_destroy(t);
}

static void
clone_is_independent_of_original(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    struct ipxlat_eamt *c;

    (void) state;
    add(t, "192.0.2.1,2001:db8::1");
    c = ipxlat_eamt_clone(t);
    assert_non_null(c);
    add(c, "192.0.2.2,2001:db8::2");
    assert_true(ipxlat_eamt_remove(t, "192.0.2.1,2001:db8::1"));
    check4(t, "192.0.2.1", NULL);
    check4(t, "192.0.2.2", NULL);
    check4(c, "192.0.2.1", "2001:db8::1");
    check4(c, "192.0.2.2", "2001:db8::2");
    assert_int_equal(ipxlat_eamt_count(t), 0);
    assert_int_equal(ipxlat_eamt_count(c), 2);
    ipxlat_eamt_destroy(t);
    ipxlat_eamt_destroy(c);
}

/* Writes 'text' to a new temporary file and returns its name (malloc'd). */
static char *
write_temp(const char *text)
{
    char *name = strdup("/tmp/test-eamt-XXXXXX");
    int fd = mkstemp(name);
    size_t n = strlen(text);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, n), (ssize_t) n);
    close(fd);
    return name;
}

static void
load_reads_entries_and_skips_comments(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char *name = write_temp("# SIIT-DC servers\n"
                            "\n"
                            "192.0.2.1 2001:db8::1   # web\n"
                            "   \t\n"
                            "192.0.2.16/28,2001:db8:cccc::/124\n"
                            "198.51.100.0/24 2001:db8:2::/120");
    char *error;

    (void) state;
    error = ipxlat_eamt_load(t, name);
    assert_null(error);
    assert_int_equal(ipxlat_eamt_count(t), 3);
    check4(t, "192.0.2.1", "2001:db8::1");
    check4(t, "192.0.2.20", "2001:db8:cccc::4");
    check6(t, "2001:db8:2::ff", "198.51.100.255");
    unlink(name);
    free(name);
    ipxlat_eamt_destroy(t);
}

/* ipxlat_eamt_save() writes what ipxlat_eamt_load() reads back, in
 * insertion order (how ovs-vswitchd keeps tables across restarts). */
static void
save_writes_entries_that_load_reads_back(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    struct ipxlat_eamt *back = ipxlat_eamt_create();
    char buf[256] = "";
    char *name = write_temp("");
    FILE *f = fopen(name, "w");
    char *error;

    (void) state;
    add(t, "192.0.2.1 2001:db8::1");
    add(t, "198.51.100.0/24,2001:db8:2::/120");
    assert_non_null(f);
    assert_int_equal(ipxlat_eamt_save(t, f), 0);
    fclose(f);

    f = fopen(name, "r");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, f), 62);
    fclose(f);
    assert_string_equal(buf, "192.0.2.1/32 2001:db8::1/128\n"
                             "198.51.100.0/24 2001:db8:2::/120\n");

    error = ipxlat_eamt_load(back, name);
    assert_null(error);
    assert_int_equal(ipxlat_eamt_count(back), 2);
    check6(back, "2001:db8:2::7", "198.51.100.7");
    unlink(name);
    free(name);
    ipxlat_eamt_destroy(t);
    ipxlat_eamt_destroy(back);
}

static void
load_reports_file_and_line_and_changes_nothing(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char *name = write_temp("192.0.2.1 2001:db8::1\n"
                            "# comment\n"
                            "192.0.2.2 2001:db8::2\n"
                            "10.0.0.0/24 2001:db8::/124\n"
                            "192.0.2.3 2001:db8::3\n");
    char expected[256], *error;

    (void) state;
    add(t, "203.0.113.1,2001:db8:ffff::1");
    error = ipxlat_eamt_load(t, name);
    assert_non_null(error);
    snprintf(expected, sizeof expected,
             "%s:4: eam(10.0.0.0/24,2001:db8::/124): "
             "the IPv4 suffix (8 bits, /24) is longer than the IPv6 suffix "
             "(4 bits, /124)", name);
    assert_string_equal(error, expected);
    free(error);

    /* The table is as it was before the load. */
    assert_int_equal(ipxlat_eamt_count(t), 1);
    check4(t, "192.0.2.1", NULL);
    check6(t, "2001:db8::2", NULL);
    check4(t, "203.0.113.1", "2001:db8:ffff::1");
    /* And the entries of the file can still be added. */
    add(t, "192.0.2.1 2001:db8::1");
    unlink(name);
    free(name);

    error = ipxlat_eamt_load(t, "/nonexistent/eamt.txt");
    assert_non_null(error);
    assert_string_equal(error,
                        "/nonexistent/eamt.txt: No such file or directory");
    free(error);
    ipxlat_eamt_destroy(t);
}

/* A small random table checked against a brute-force longest-prefix
 * match, with removals, so hash collisions, growth, shrinking and deletion
 * all get exercised.  A third of the entries have an IPv6 suffix longer
 * than their IPv4 one (RFC 7757 section 3.2); the reference computes the
 * expected addresses with 128-bit integers, independently of the
 * table. */
struct ref_entry {
    struct ipxlat_prefix4 p4;
    struct ipxlat_prefix6 p6;
    bool live;
};

static uint32_t
rng(uint64_t *s)
{
    *s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return *s >> 33;
}

typedef unsigned __int128 u128;

static u128
addr_to_u128(const struct in6_addr *a)
{
    u128 x = 0;

    for (int i = 0; i < 16; i++) {
        x = x << 8 | a->s6_addr[i];
    }
    return x;
}

static struct in6_addr
u128_to_addr(u128 x)
{
    struct in6_addr a;

    for (int i = 15; i >= 0; i--) {
        a.s6_addr[i] = x & 0xff;
        x >>= 8;
    }
    return a;
}

/* Mask of the first 'len' bits of 128. */
static u128
mask128(unsigned int len)
{
    return len ? ~(u128) 0 << (128 - len) : 0;
}

static void
lookups_agree_with_brute_force_on_random_overlaps(void **state)
{
    enum { N = 3000 };
    static struct ref_entry ref[N];
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    u128 base = addr_to_u128(&(struct in6_addr) { .s6_addr = {
                                 0x20, 0x01, 0x0d, 0xb8 } });
    uint64_t seed = 12345;
    size_t n = 0;

    (void) state;
    for (int i = 0; i < N; i++) {
        unsigned int len = 16 + rng(&seed) % 17;
        unsigned int len6 = (rng(&seed) % 3
                             ? len + 96 : 80 + rng(&seed) % (len + 17));
        struct ref_entry e = { .live = true };
        char *error;

        e.p4.len = len;
        e.p4.addr = htonl(0x0a000000 | (rng(&seed) & 0xffff))
                    & prefix4_mask(len);
        e.p6.len = len6;
        e.p6.addr = u128_to_addr((base | (u128) (0xc0000000
                                                 | (rng(&seed) & 0xffff))
                                         << (rng(&seed) % 2 ? 0 : 16))
                                 & mask128(len6));
        error = ipxl_eamt_add_prefixes(t, &e.p4, &e.p6, NULL, NULL);
        if (error) {
            free(error);
            continue;
        }
        ref[n++] = e;
        if (rng(&seed) % 4 == 0) {
            struct ref_entry *r = &ref[rng(&seed) % n];

            if (r->live) {
                char s4[PREFIX4_STRLEN], s6[PREFIX6_STRLEN], text[80];

                ipxl_prefix4_format(&r->p4, s4, sizeof s4);
                ipxl_prefix6_format(&r->p6, s6, sizeof s6);
                snprintf(text, sizeof text, "%s,%s", s4, s6);
                assert_true(ipxlat_eamt_remove(t, text));
                r->live = false;
            }
        }
    }
    /* Most entries were new (some collide with earlier prefixes). */
    assert_true(n > N / 3);

    for (uint32_t x = 0; x < 0x20000; x++) {
        ovs_be32 a4 = htonl(0x0a000000 | (x & 0xffff));
        u128 a6u = base | (u128) (0xc0000000 | (x & 0xffff))
                          << (x & 0x10000 ? 16 : 0);
        struct in6_addr a6 = u128_to_addr(a6u);
        const struct ref_entry *best4 = NULL, *best6 = NULL;
        struct in6_addr got6;
        ovs_be32 got4;

        for (size_t i = 0; i < n; i++) {
            const struct ref_entry *e = &ref[i];

            if (!e->live) {
                continue;
            }
            if (prefix4_contains(&e->p4, a4)
                && (!best4 || e->p4.len > best4->p4.len)) {
                best4 = e;
            }
            if (prefix6_contains(&e->p6, &a6)
                && (!best6 || e->p6.len > best6->p6.len)) {
                best6 = e;
            }
        }
        assert_int_equal(ipxl_eamt_lookup4(t, a4, &got6), best4 != NULL);
        if (best4) {
            unsigned int suffix = 32 - best4->p4.len;
            uint32_t bits = ntohl(a4) & (uint32_t) ((UINT64_C(1) << suffix)
                                                    - 1);
            struct in6_addr exp = u128_to_addr(
                addr_to_u128(&best4->p6.addr)
                | (u128) bits << (128 - best4->p6.len - suffix));

            assert_memory_equal(&got6, &exp, 16);
        }
        assert_int_equal(ipxl_eamt_lookup6(t, &a6, &got4), best6 != NULL);
        if (best6) {
            unsigned int suffix = 32 - best6->p4.len;
            uint32_t bits = (a6u >> (128 - best6->p6.len - suffix))
                            & ((UINT64_C(1) << suffix) - 1);

            assert_int_equal(got4, best6->p4.addr | htonl(bits));
        }
    }
    ipxlat_eamt_destroy(t);
}

static double
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The i'th address pair of the big table: 10.0.0.0 + i <-> an IPv6
 * address whose last 32 bits are i times an odd constant (a bijection, so
 * every IPv6 address is distinct and unrelated in order to the IPv4). */
static void
big_pair(uint32_t i, ovs_be32 *a4, struct in6_addr *a6)
{
    static const uint8_t base[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64 };
    ovs_be32 tail = htonl(i * UINT32_C(2654435761));

    *a4 = htonl(0x0a000000 + i);
    memcpy(a6->s6_addr, base, 16);
    memcpy(&a6->s6_addr[12], &tail, 4);
}

static void
million_entries_load_and_look_up_correctly(void **state)
{
    enum { N = 1000000 };
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    double start, ns4, ns6;
    uint32_t i, k, n, misses = 0, hits = 0;
    struct in6_addr *a6s;
    ovs_be32 *a4s;

    (void) state;
    /* A short entry under all of them, so misses walk two lengths. */
    add(t, "10.0.0.0/8,2001:db8:0:64:ffff:ffff:a00:0/104");
    for (i = 0; i < N; i++) {
        struct ipxlat_prefix4 p4 = { .len = 32 };
        struct ipxlat_prefix6 p6 = { .len = 128 };

        big_pair(i, &p4.addr, &p6.addr);
        assert_null(ipxl_eamt_add_prefixes(t, &p4, &p6, NULL, NULL));
    }
    assert_int_equal(ipxlat_eamt_count(t), N + 1);

    /* Look the entries up in a scattered order (a full-period LCG over
     * 2^20), as real traffic would, from addresses prepared beforehand
     * as they would sit in packets. */
    a4s = malloc(N * sizeof *a4s);
    a6s = malloc(N * sizeof *a6s);
    assert_non_null(a4s);
    assert_non_null(a6s);
    for (i = 0, k = 0, n = 0; i < (1u << 20); i++) {
        k = (k * 1664525 + 1013904223) & ((1u << 20) - 1);
        if (k < N) {
            big_pair(k, &a4s[n], &a6s[n]);
            n++;
        }
    }
    assert_int_equal(n, N);

    /* First pass: correctness (and a warm cache, as in steady state). */
    for (i = 0; i < N; i++) {
        struct in6_addr got6;
        ovs_be32 got4;

        if (!ipxl_eamt_lookup4(t, a4s[i], &got6)
            || memcmp(&got6, &a6s[i], 16)) {
            misses++;
        }
        if (!ipxl_eamt_lookup6(t, &a6s[i], &got4) || got4 != a4s[i]) {
            misses++;
        }
    }

    /* Second pass: timing only. */
    start = now_ns();
    for (i = 0; i < N; i++) {
        struct in6_addr got6;

        hits += ipxl_eamt_lookup4(t, a4s[i], &got6);
    }
    ns4 = (now_ns() - start) / N;
    start = now_ns();
    for (i = 0; i < N; i++) {
        ovs_be32 got4;

        hits += ipxl_eamt_lookup6(t, &a6s[i], &got4);
    }
    ns6 = (now_ns() - start) / N;
    assert_int_equal(hits, 2 * N);
    free(a4s);
    free(a6s);
    assert_int_equal(misses, 0);
    printf("[ INFO     ] %d entries: %.1f ns per 4->6 lookup, "
           "%.1f ns per 6->4 lookup\n", N, ns4, ns6);

    /* Past the last /32, the /8 entry answers. */
    check4(t, "10.200.0.1", "2001:db8:0:64:ffff:ffff:ac8:1");

    /* Remove most entries (forcing compaction) and check the rest. */
    for (i = 0; i < N; i++) {
        if (i % 16) {
            struct ipxlat_prefix4 p4 = { .len = 32 };
            struct ipxlat_prefix6 p6 = { .len = 128 };
            char s4[PREFIX4_STRLEN], s6[PREFIX6_STRLEN], text[80];

            big_pair(i, &p4.addr, &p6.addr);
            ipxl_addr4_format(p4.addr, s4, sizeof s4);
            ipxl_addr6_format(&p6.addr, s6, sizeof s6);
            snprintf(text, sizeof text, "%s %s", s4, s6);
            if (!ipxlat_eamt_remove(t, text)) {
                fail_msg("could not remove %s", text);
            }
        }
    }
    assert_int_equal(ipxlat_eamt_count(t), N / 16 + 1);
    for (i = 0; i < N; i++) {
        struct in6_addr a6, got6;
        ovs_be32 a4, got4;

        big_pair(i, &a4, &a6);
        assert_true(ipxl_eamt_lookup4(t, a4, &got6));
        if (i % 16) {
            /* Now the /8 entry. */
            assert_false(ipxl_eamt_lookup6(t, &a6, &got4));
            assert_int_equal(got6.s6_addr[11], 0xff);
        } else {
            assert_true(ipxl_eamt_lookup6(t, &a6, &got4));
            assert_int_equal(got4, a4);
            assert_memory_equal(&got6, &a6, 16);
        }
    }
    ipxlat_eamt_destroy(t);
}

/* ipxlat_translate_batch() makes of every packet exactly what
 * ipxlat_translate() makes of it: across more than one prefetch group (70
 * packets), with EAM hits and misses in both directions, hairpins, ICMP
 * errors (TTL 1) and packets too short to hold their header. */
static void
batch_translates_each_packet_as_alone(void **state)
{
    enum { N = 70, ROOM = 128, MAXLEN = 200 };
    static const struct test_l4 udp = { .sport = 1000, .dport = 53,
                                        .mult = 7, .add = 3 };
    static uint8_t bufs[2][N][ROOM + MAXLEN + ROOM];
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    struct ipxlat_pkt pkts[2][N];
    enum ipxlat_reason batch_r[N];
    struct ipxlat_config *cfg;
    struct ipxlat_ctx ctx = { .now_ms = 1 };
    uint64_t seed = 7;
    char *error;

    (void) state;
    add(t, "192.0.2.0/24 2001:db8:1::/120");
    add(t, "198.51.100.128/26 2001:db8:2::/64");
    ctx.table = t;
    error = ipxlat_config_parse("prefix=2001:db8:64::/96,table=t,"
                                "icmp_rate=0", &cfg);
    assert_null(error);

    for (int i = 0; i < N; i++) {
        uint8_t *p = bufs[0][i] + ROOM;
        uint8_t ttl = i % 9 == 8 ? 1 : 64;
        size_t len;

        if (i % 2) {
            /* 4->6: to an EAM address (or not), from a client. */
            uint32_t dst = (i % 3 ? 0xc0000200 : 0xcb007100)
                           | (test_xorshift64(&seed) & 0xff);

            test_put_ip4(p, 0, i, 0x4000, ttl, IPPROTO_UDP_, 8 + 16,
                         0x0a000001 + i, dst);
            test_put_l4(p + 20, IPPROTO_UDP_, 8 + 16, &udp);
            len = 20 + 8 + 16;
        } else {
            /* 6->4: from an EAM address (the /64 one or the /120 one),
             * to a client or (hairpin) to an EAM address through the
             * prefix. */
            uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
            uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x64 };

            if (i % 4) {
                src[5] = 2;
                src[8] = test_xorshift64(&seed) & 0xfc;
            } else {
                src[15] = test_xorshift64(&seed);
            }
            put_be32(dst + 12, i % 5 ? 0x0a000001u + i : 0xc0000207u);
            test_put_ip6(p, 0x60000000, IPPROTO_UDP_, 8 + 16, ttl, src, dst);
            test_put_l4(p + 40, IPPROTO_UDP_, 8 + 16, &udp);
            len = 40 + 8 + 16;
        }
        test_fix_checksums(p, len);
        if (i % 23 == 22) {
            len = 12;           /* Too short. */
        }
        for (int k = 0; k < 2; k++) {
            if (k) {
                memcpy(bufs[1][i], bufs[0][i], sizeof bufs[0][i]);
            }
            pkts[k][i] = (struct ipxlat_pkt) {
                .data = bufs[k][i] + ROOM, .len = len,
                .headroom = ROOM, .tailroom = MAXLEN - len + ROOM,
            };
        }
    }

    /* A batch is of one family, as a flow's packets are: the odd packets
     * make one, the even ones another. */
    for (int odd = 0; odd < 2; odd++) {
        enum ipxlat_family family = (odd ? IPXLAT_FAMILY_IPV4
                                     : IPXLAT_FAMILY_IPV6);
        struct ipxlat_pkt batch[N];
        enum ipxlat_reason r[N];
        int n = 0;

        for (int i = odd; i < N; i += 2) {
            batch[n++] = pkts[1][i];
        }
        ipxlat_translate_batch(cfg, &ctx, family, batch, n, r);
        n = 0;
        for (int i = odd; i < N; i += 2, n++) {
            pkts[1][i] = batch[n];
            batch_r[i] = r[n];
        }
    }
    for (int i = 0; i < N; i++) {
        enum ipxlat_reason r = ipxlat_translate(cfg, &ctx,
                                                (i % 2 ? IPXLAT_FAMILY_IPV4
                                                 : IPXLAT_FAMILY_IPV6),
                                                &pkts[0][i]);

        assert_int_equal(batch_r[i], r);
        assert_int_equal(pkts[1][i].data - bufs[1][i],
                         pkts[0][i].data - bufs[0][i]);
        assert_int_equal(pkts[1][i].len, pkts[0][i].len);
        assert_memory_equal(bufs[1][i], bufs[0][i], sizeof bufs[0][i]);
    }
    ipxlat_config_free(cfg);
    ipxlat_eamt_destroy(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc7757_example_table_maps_both_ways),
        cmocka_unit_test(
            unequal_suffixes_place_ipv4_bits_right_after_the_ipv6_prefix),
        cmocka_unit_test(
            unequal_suffixes_match_longest_prefix_in_each_family),
        cmocka_unit_test(suffix_bits_are_copied_in_both_directions),
        cmocka_unit_test(ipv4_lookup_picks_longest_prefix_among_overlaps),
        cmocka_unit_test(ipv6_lookup_picks_longest_prefix_independently),
        cmocka_unit_test(duplicate_prefixes_are_refused_by_name),
        cmocka_unit_test(bad_entries_are_refused_with_exact_messages),
        cmocka_unit_test(entry_text_accepts_comma_or_whitespace),
        cmocka_unit_test(remove_takes_exact_entry_and_foreach_sorts_by_ipv4),
        cmocka_unit_test(clone_is_independent_of_original),
        cmocka_unit_test(load_reads_entries_and_skips_comments),
        cmocka_unit_test(load_reports_file_and_line_and_changes_nothing),
        cmocka_unit_test(save_writes_entries_that_load_reads_back),
        cmocka_unit_test(lookups_agree_with_brute_force_on_random_overlaps),
        cmocka_unit_test(million_entries_load_and_look_up_correctly),
        cmocka_unit_test(batch_translates_each_packet_as_alone),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
