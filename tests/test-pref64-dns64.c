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

/* RFC 7050 section 3: the prefix from the AAAA records of ipv4only.arpa,
 * for every RFC 6052 length, and every malformed record rejected. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "pref64.h"

/* Parses the textual AAAA records 'texts' and returns the result. */
static struct dns64_result
parse_texts(const char *const texts[], size_t n)
{
    static uint8_t bufs[8][16];
    const uint8_t *recs[8] = { NULL };
    size_t lens[8] = { 0 };
    struct dns64_result res;

    for (size_t i = 0; i < n; i++) {
        assert_int_equal(inet_pton(AF_INET6, texts[i], bufs[i]), 1);
        recs[i] = bufs[i];
        lens[i] = 16;
    }
    dns64_parse(recs, lens, n, &res);
    return res;
}

/* Asserts that prefix 'i' of 'res' prints as 'want'. */
static void
assert_prefix(const struct dns64_result *res, size_t i, const char *want)
{
    char buf[64];

    assert_true(i < res->n);
    assert_string_equal(pref64_format(&res->prefixes[i], buf, sizeof buf),
                        want);
}

/* RFC 6052 section 2.4 examples, with 192.0.0.170 (c0.00.00.aa) and
 * .171 in place of 192.0.2.33: one prefix per length. */
static void
test_each_rfc6052_length_gives_its_prefix(void **state)
{
    static const struct {
        const char *rec170, *rec171, *prefix;
    } cases[] = {
        { "2001:db8:c000:aa::", "2001:db8:c000:ab::", "2001:db8::/32" },
        { "2001:db8:1c0:0:aa::", "2001:db8:1c0:0:ab::", "2001:db8:100::/40" },
        { "2001:db8:122:c000:0:aa00::", "2001:db8:122:c000:0:ab00::",
          "2001:db8:122::/48" },
        { "2001:db8:122:3c0:0:aa::", "2001:db8:122:3c0:0:ab::",
          "2001:db8:122:300::/56" },
        { "2001:db8:122:344:c0:0:aa00:0", "2001:db8:122:344:c0:0:ab00:0",
          "2001:db8:122:344::/64" },
        { "2001:db8:122:344::c000:aa", "2001:db8:122:344::c000:ab",
          "2001:db8:122:344::/96" },
        { "64:ff9b::192.0.0.170", "64:ff9b::192.0.0.171", "64:ff9b::/96" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *recs[2] = { cases[i].rec170, cases[i].rec171 };
        struct dns64_result res = parse_texts(recs, 2);

        assert_int_equal(res.n, 1);
        assert_prefix(&res, 0, cases[i].prefix);
        for (int k = 0; k < DNS64_N_REJECTS; k++) {
            assert_int_equal(res.rejects[k], 0);
        }
    }
}

/* RFC 7050 section 3: several prefixes in one answer, in order. */
static void
test_two_prefixes_in_one_answer_kept_in_order(void **state)
{
    const char *recs[] = {
        "2001:db8:1::c000:aa", "64:ff9b::c000:aa",
        "2001:db8:1::c000:ab", "64:ff9b::c000:ab",
    };
    struct dns64_result res = parse_texts(recs, 4);

    assert_int_equal(res.n, 2);
    assert_prefix(&res, 0, "2001:db8:1::/96");
    assert_prefix(&res, 1, "64:ff9b::/96");
}

/* RFC 6052 section 2.2: bits 64-71 must be zero. */
static void
test_nonzero_u_octet_rejected(void **state)
{
    const char *recs[] = { "2001:db8:122:344:ff00::c000:aa",
                           "2001:db8:122:344:11c0:0:aa00:0" };
    struct dns64_result res = parse_texts(recs, 2);

    assert_int_equal(res.n, 0);
    assert_int_equal(res.rejects[DNS64_REJ_U_OCTET], 2);
}

/* An address with no well-known address at any position gives nothing. */
static void
test_unexpected_address_rejected(void **state)
{
    const char *recs[] = { "2001:db8::1", "64:ff9b::c000:2a1" };
    struct dns64_result res = parse_texts(recs, 2);

    assert_int_equal(res.n, 0);
    assert_int_equal(res.rejects[DNS64_REJ_NO_WKA], 2);
}

/* 192.0.0.170 at the /32 and the /96 positions of one record: alone it is
 * ambiguous and rejected. */
static void
test_wka_at_two_positions_alone_rejected(void **state)
{
    const char *recs[] = { "2001:db8:c000:aa::c000:aa" };
    struct dns64_result res = parse_texts(recs, 1);

    assert_int_equal(res.n, 0);
    assert_int_equal(res.rejects[DNS64_REJ_AMBIGUOUS], 1);
}

/* The same record with its 192.0.0.171 twin: they differ only in the last
 * octet of the /96 position, which settles the length. */
static void
test_wka_at_two_positions_settled_by_secondary(void **state)
{
    const char *recs[] = { "2001:db8:c000:aa::c000:aa",
                           "2001:db8:c000:aa::c000:ab" };
    struct dns64_result res = parse_texts(recs, 2);

    assert_int_equal(res.n, 1);
    assert_prefix(&res, 0, "2001:db8:c000:aa::/96");
    assert_int_equal(res.rejects[DNS64_REJ_AMBIGUOUS], 0);
}

/* Records of the wrong size (truncated, oversized, empty) are rejected and
 * do not hide the good one. */
static void
test_truncated_and_oversized_records_rejected(void **state)
{
    uint8_t good[16], big[17];
    const uint8_t *recs[4];
    size_t lens[4] = { 15, 17, 0, 16 };
    struct dns64_result res;

    inet_pton(AF_INET6, "64:ff9b::c000:aa", good);
    memcpy(big, good, 16);
    big[16] = 0;
    recs[0] = good;
    recs[1] = big;
    recs[2] = good;
    recs[3] = good;
    dns64_parse(recs, lens, 4, &res);
    assert_int_equal(res.rejects[DNS64_REJ_RECORD_SIZE], 3);
    assert_int_equal(res.n, 1);
    assert_prefix(&res, 0, "64:ff9b::/96");
}

/* An empty answer gives no prefix and no rejects. */
static void
test_empty_answer_gives_nothing(void **state)
{
    struct dns64_result res = parse_texts(NULL, 0);

    assert_int_equal(res.n, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_rfc6052_length_gives_its_prefix),
        cmocka_unit_test(test_two_prefixes_in_one_answer_kept_in_order),
        cmocka_unit_test(test_nonzero_u_octet_rejected),
        cmocka_unit_test(test_unexpected_address_rejected),
        cmocka_unit_test(test_wka_at_two_positions_alone_rejected),
        cmocka_unit_test(test_wka_at_two_positions_settled_by_secondary),
        cmocka_unit_test(test_truncated_and_oversized_records_rejected),
        cmocka_unit_test(test_empty_answer_gives_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
