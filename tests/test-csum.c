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

/* RFC 1071 sums and RFC 1624 incremental updates (lib/ipxlat-csum.h). */

#include "testlib.h"

#include <string.h>

#include "ipxlat-csum.h"

/* RFC 1071 section 3: the example bytes sum to 0xddf2 (big endian). */
static void
rfc1071_example_sums_to_ddf2(void **state)
{
    static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03,
                                    0xf4, 0xf5, 0xf6, 0xf7 };
    uint16_t folded = csum_fold(ipxl_csum_add_bytes(0, data, sizeof data));
    uint8_t bytes[2];

    memcpy(bytes, &folded, 2);
    assert_int_equal(bytes[0], 0xdd);
    assert_int_equal(bytes[1], 0xf2);
}

/* RFC 1071 section 4.1: an odd final byte is padded with a zero byte. */
static void
odd_length_pads_last_byte_with_zero(void **state)
{
    static const uint8_t odd[] = { 0x12, 0x34, 0x56 };
    static const uint8_t even[] = { 0x12, 0x34, 0x56, 0x00 };

    assert_int_equal(csum_fold(ipxl_csum_add_bytes(0, odd, sizeof odd)),
                     csum_fold(ipxl_csum_add_bytes(0, even, sizeof even)));
}

/* Long buffers take the 8-byte path; the sum must equal word by word. */
static void
long_buffer_equals_word_by_word_sum(void **state)
{
    uint8_t buf[1501];
    uint32_t words = 0;

    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = i * 37 + 11;
    }
    for (size_t i = 0; i + 1 < sizeof buf; i += 2) {
        uint16_t w;

        memcpy(&w, buf + i, 2);
        words += w;
    }
    uint8_t last[2] = { buf[sizeof buf - 1], 0 };
    uint16_t w;
    memcpy(&w, last, 2);
    words += w;

    assert_int_equal(csum_fold(ipxl_csum_add_bytes(0, buf, sizeof buf)),
                     csum_fold(words));
}

/* RFC 1624 section 4: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285 gives
 * 0x0000 with equation 3. */
static void
rfc1624_example_gives_zero(void **state)
{
    uint16_t hc = 0xdd2f;

    csum_replace(&hc, 0x5555, 0x3285);
    assert_int_equal(hc, 0x0000);
}

/* An incremental update equals a full recomputation for a good checksum,
 * and keeps a bad one wrong by the same amount: the sum of data and
 * checksum field, 0xffff when good, stays what it was. */
static void
incremental_update_matches_recomputation(void **state)
{
    uint8_t buf[64];

    for (size_t i = 0; i < sizeof buf; i++) {
        buf[i] = i * 7 + 3;
    }
    uint16_t good = csum_finish(ipxl_csum_add_bytes(0, buf, sizeof buf));
    uint16_t bad = good + 0x0123;
    uint16_t bad_sum = csum_fold(ipxl_csum_add_bytes(bad, buf, sizeof buf));
    uint32_t old = ipxl_csum_add_bytes(0, buf + 8, 16);

    assert_int_not_equal(bad_sum, 0xffff);
    for (size_t i = 8; i < 24; i++) {
        buf[i] ^= 0x5a;
    }
    uint32_t new = ipxl_csum_add_bytes(0, buf + 8, 16);

    csum_replace(&good, old, new);
    csum_replace(&bad, old, new);
    assert_int_equal(csum_fold(ipxl_csum_add_bytes(good, buf, sizeof buf)),
                     0xffff);
    assert_int_equal(csum_fold(ipxl_csum_add_bytes(bad, buf, sizeof buf)),
                     bad_sum);
}

/* An IPv4 header checksum verifies to zero once computed. */
static void
ip4_header_checksum_verifies(void **state)
{
    uint8_t hdr[20];

    test_hex("45000073 0000 4000 4011 0000 c0a80001 c0a800c7", hdr,
             sizeof hdr);
    ipxl_csum_ip4_header((struct ip_header *) hdr, 20);
    assert_int_equal(hdr[10], 0xb8);
    assert_int_equal(hdr[11], 0x61);
    assert_int_equal(csum_finish(ipxl_csum_add_bytes(0, hdr, 20)), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc1071_example_sums_to_ddf2),
        cmocka_unit_test(odd_length_pads_last_byte_with_zero),
        cmocka_unit_test(long_buffer_equals_word_by_word_sum),
        cmocka_unit_test(rfc1624_example_gives_zero),
        cmocka_unit_test(incremental_update_matches_recomputation),
        cmocka_unit_test(ip4_header_checksum_verifies),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
