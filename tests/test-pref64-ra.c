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

/* RFC 8781: PREF64 options read from Router Advertisements, every prefix
 * length code, lifetimes, and malformed options ignored. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pref64.h"

/* RFC 4861 section 4.2: an RA header (type 134, code 0, checksum 0, hop
 * limit 64, flags 0, router lifetime 1800, timers 0). */
static const uint8_t ra_header[16] = {
    134, 0, 0, 0, 64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* RFC 8781 section 4: PREF64 with 64:ff9b::/96, scaled lifetime 225
 * (1800 s), PLC 0: 225 << 3 | 0 = 0x0708. */
static const uint8_t opt_96[16] = {
    38, 2, 0x07, 0x08, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Builds an RA from the header and 'opts' into 'buf'; returns its size. */
static size_t
build(uint8_t *buf, const uint8_t *opts, size_t opts_len)
{
    memcpy(buf, ra_header, sizeof ra_header);
    memcpy(buf + sizeof ra_header, opts, opts_len);
    return sizeof ra_header + opts_len;
}

static void
assert_prefix(const struct pref64 *p, const char *want)
{
    char buf[64];

    assert_string_equal(pref64_format(p, buf, sizeof buf), want);
}

static void
test_pref64_96_with_lifetime_1800(void **state)
{
    uint8_t buf[64];
    struct ra_result res;

    assert_true(ra_parse(buf, build(buf, opt_96, 16), &res));
    assert_int_equal(res.n, 1);
    assert_prefix(&res.prefixes[0], "64:ff9b::/96");
    assert_int_equal(res.prefixes[0].lifetime, 1800);
}

/* RFC 8781 section 4: PLC 1..5 are /64, /56, /48, /40, /32; the bits past
 * the length are ignored. */
static void
test_each_plc_gives_its_length(void **state)
{
    static const char *const want[] = {
        "2001:db8:1:202::/64", "2001:db8:1:200::/56", "2001:db8:1::/48",
        "2001:db8::/40", "2001:db8::/32",
    };

    for (int plc = 1; plc <= 5; plc++) {
        uint8_t opt[16] = { 38, 2, 0x00, (uint8_t) (0x10 | plc),
                            0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x02, 0x02,
                            0xff, 0xff, 0xff, 0xff };
        uint8_t buf[64];
        struct ra_result res;

        assert_true(ra_parse(buf, build(buf, opt, 16), &res));
        assert_int_equal(res.n, 1);
        assert_prefix(&res.prefixes[0], want[plc - 1]);
        /* Scaled lifetime 2 (0x0010 >> 3): 16 seconds. */
        assert_int_equal(res.prefixes[0].lifetime, 16);
    }
}

/* RFC 8781 section 4: PLC 6 and 7 are reserved: the option is ignored. */
static void
test_reserved_plc_ignored(void **state)
{
    for (int plc = 6; plc <= 7; plc++) {
        uint8_t opt[16];
        uint8_t buf[64];
        struct ra_result res;

        memcpy(opt, opt_96, 16);
        opt[3] = (uint8_t) ((opt[3] & ~7) | plc);
        assert_true(ra_parse(buf, build(buf, opt, 16), &res));
        assert_int_equal(res.n, 0);
        assert_int_equal(res.rejects[RA_REJ_PREF64_PLC], 1);
    }
}

/* RFC 8781 section 4: Length other than 2 makes the option ignored, the
 * rest of the RA still counts. */
static void
test_pref64_wrong_length_ignored_rest_kept(void **state)
{
    uint8_t opts[40] = { 38, 3, 0x07, 0x08, 0x20, 0x01, 0x0d, 0xb8 };
    uint8_t buf[80];
    struct ra_result res;

    memcpy(opts + 24, opt_96, 16);
    assert_true(ra_parse(buf, build(buf, opts, sizeof opts), &res));
    assert_int_equal(res.rejects[RA_REJ_PREF64_LENGTH], 1);
    assert_int_equal(res.n, 1);
    assert_prefix(&res.prefixes[0], "64:ff9b::/96");
}

/* RFC 8781 section 4: lifetime 0 is a withdrawal, reported as such. */
static void
test_lifetime_zero_is_withdrawal(void **state)
{
    uint8_t opt[16];
    uint8_t buf[64];
    struct ra_result res;

    memcpy(opt, opt_96, 16);
    opt[2] = 0;
    opt[3] = 0;
    assert_true(ra_parse(buf, build(buf, opt, 16), &res));
    assert_int_equal(res.n, 1);
    assert_int_equal(res.prefixes[0].lifetime, 0);
}

/* The largest scaled lifetime, 8191 * 8 = 65528 seconds. */
static void
test_max_scaled_lifetime(void **state)
{
    uint8_t opt[16];
    uint8_t buf[64];
    struct ra_result res;

    memcpy(opt, opt_96, 16);
    opt[2] = 0xff;
    opt[3] = 0xf8;
    assert_true(ra_parse(buf, build(buf, opt, 16), &res));
    assert_int_equal(res.prefixes[0].lifetime, 65528);
}

/* RFC 6052 section 2.2: a /96 with a non-zero u-octet is not usable. */
static void
test_u_octet_of_96_rejected(void **state)
{
    uint8_t opt[16];
    uint8_t buf[64];
    struct ra_result res;

    memcpy(opt, opt_96, 16);
    opt[4 + 8] = 1;
    assert_true(ra_parse(buf, build(buf, opt, 16), &res));
    assert_int_equal(res.n, 0);
    assert_int_equal(res.rejects[RA_REJ_PREF64_U_OCTET], 1);
}

/* RFC 4861 section 4.6: an option of length 0, or one running past the
 * end, discards the whole RA, even its good PREF64. */
static void
test_bad_option_discards_whole_ra(void **state)
{
    uint8_t opts[24] = { 0 };
    uint8_t buf[64];
    struct ra_result res;

    memcpy(opts, opt_96, 16);
    opts[16] = 1;               /* Source link-layer option, length 0. */
    assert_false(ra_parse(buf, build(buf, opts, 24), &res));
    assert_int_equal(res.n, 0);
    assert_int_equal(res.rejects[RA_REJ_BAD_OPTION], 1);

    /* PREF64 cut short: its length says 16 bytes, 12 are there. */
    assert_false(ra_parse(buf, build(buf, opt_96, 12), &res));
    assert_int_equal(res.rejects[RA_REJ_BAD_OPTION], 1);

    /* One stray byte after a good option. */
    memcpy(opts, opt_96, 16);
    assert_false(ra_parse(buf, build(buf, opts, 17), &res));
    assert_int_equal(res.rejects[RA_REJ_BAD_OPTION], 1);
}

/* Not an RA, or shorter than its header. */
static void
test_not_ra_or_truncated_rejected(void **state)
{
    uint8_t buf[64];
    struct ra_result res;

    build(buf, opt_96, 16);
    buf[0] = 133;
    assert_false(ra_parse(buf, 32, &res));
    assert_int_equal(res.rejects[RA_REJ_NOT_RA], 1);
    buf[0] = 134;
    buf[1] = 1;
    assert_false(ra_parse(buf, 32, &res));
    assert_int_equal(res.rejects[RA_REJ_NOT_RA], 1);
    buf[1] = 0;
    assert_false(ra_parse(buf, 15, &res));
    assert_int_equal(res.rejects[RA_REJ_TRUNCATED], 1);
    assert_false(ra_parse(buf, 0, &res));
    assert_int_equal(res.rejects[RA_REJ_NOT_RA], 1);
}

/* Two PREF64 options: both, in order. */
static void
test_two_pref64_options_in_order(void **state)
{
    uint8_t opts[32];
    uint8_t buf[64];
    struct ra_result res;

    memcpy(opts, opt_96, 16);
    memcpy(opts + 16, opt_96, 16);
    opts[16 + 5] = 0x65;
    assert_true(ra_parse(buf, build(buf, opts, 32), &res));
    assert_int_equal(res.n, 2);
    assert_prefix(&res.prefixes[0], "64:ff9b::/96");
    assert_prefix(&res.prefixes[1], "65:ff9b::/96");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pref64_96_with_lifetime_1800),
        cmocka_unit_test(test_each_plc_gives_its_length),
        cmocka_unit_test(test_reserved_plc_ignored),
        cmocka_unit_test(test_pref64_wrong_length_ignored_rest_kept),
        cmocka_unit_test(test_lifetime_zero_is_withdrawal),
        cmocka_unit_test(test_max_scaled_lifetime),
        cmocka_unit_test(test_u_octet_of_96_rejected),
        cmocka_unit_test(test_bad_option_discards_whole_ra),
        cmocka_unit_test(test_not_ra_or_truncated_rejected),
        cmocka_unit_test(test_two_pref64_options_in_order),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
