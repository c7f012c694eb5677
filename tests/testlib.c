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

#include "testlib.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-packets.h"

static int
hex_digit(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = tolower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

size_t
test_hex(const char *text, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;

    for (const char *p = text; *p; p++) {
        if (isspace((unsigned char) *p) || *p == '|') {
            continue;
        }
        int d = hex_digit(*p);
        if (d < 0) {
            fail_msg("bad hex digit '%c' in fixture", *p);
        }
        if (hi < 0) {
            hi = d;
        } else {
            assert_true(n < cap);
            out[n++] = hi << 4 | d;
            hi = -1;
        }
    }
    assert_int_equal(hi, -1);
    return n;
}

/* Sets 'tp' to hold the 'len' bytes already at its TEST_HEADROOM. */
static void
test_pkt_set(struct test_pkt *tp, size_t len)
{
    tp->pkt.data = tp->buf + TEST_HEADROOM;
    tp->pkt.len = len;
    tp->pkt.headroom = TEST_HEADROOM;
    tp->pkt.tailroom = sizeof tp->buf - TEST_HEADROOM - len;
}

void
test_pkt_load(struct test_pkt *tp, const char *text)
{
    test_pkt_set(tp, test_hex(text, tp->buf + TEST_HEADROOM,
                              sizeof tp->buf - TEST_HEADROOM));
}

void
test_pkt_load_raw(struct test_pkt *tp, const uint8_t *in, size_t len)
{
    assert_true(len <= sizeof tp->buf - TEST_HEADROOM);
    memmove(tp->buf + TEST_HEADROOM, in, len);
    test_pkt_set(tp, len);
}

enum ipxlat_family
test_family(const struct ipxlat_pkt *pkt)
{
    return (pkt->len && pkt->data[0] >> 4 == 6
            ? IPXLAT_FAMILY_IPV6 : IPXLAT_FAMILY_IPV4);
}

struct ipxlat_config *
test_config(const char *config)
{
    struct ipxlat_config *cfg;
    char *error = ipxlat_config_parse(config, &cfg);

    if (error) {
        fail_msg("config '%s': %s", config, error);
    }
    return cfg;
}

void
test_assert_bytes(const uint8_t *got, size_t len, const char *expected_hex)
{
    static uint8_t want[TEST_BUF_SIZE];
    size_t want_len = test_hex(expected_hex, want, sizeof want);

    if (len != want_len || memcmp(got, want, len)) {
        test_print_hex("got", got, len);
        test_print_hex("expected", want, want_len);
        for (size_t i = 0; i < len && i < want_len; i++) {
            if (got[i] != want[i]) {
                fprintf(stderr, "first difference at offset %zu\n", i);
                break;
            }
        }
        fail_msg("packet differs from fixture");
    }
}

size_t
test_frag_in_place(const struct ipxlat_config *cfg, struct ipxlat_pkt *pkt)
{
    static uint8_t copy[TEST_BUF_SIZE], pieces[64][2048];
    struct ipxlat_pkt cp = *pkt;
    struct ipxlat_frag_iter it;
    size_t lens[64], n = 0, first;

    /* Every fragment from ipxlat_frag_next(), from a copy. */
    assert_true(pkt->len <= sizeof copy);
    memcpy(copy, pkt->data, pkt->len);
    cp.data = copy;
    ipxlat_frag_init(&it, cfg, &cp);
    while ((lens[n] = ipxlat_frag_next(&it, pieces[n], sizeof pieces[n]))) {
        assert_true(++n < 64);
    }
    assert_true(n > 0);

    /* The same with the first one in place. */
    ipxlat_frag_init(&it, cfg, pkt);
    assert_int_equal(ipxlat_frag_count(&it), n);
    first = ipxlat_frag_first_in_place(&it, pkt->data);
    assert_int_equal(first, lens[0]);
    assert_memory_equal(pkt->data, pieces[0], first);
    assert_int_equal(ipxlat_frag_count(&it), n - 1);
    assert_int_equal(ipxlat_frag_first_in_place(&it, pkt->data), 0);
    for (size_t i = 1; i < n; i++) {
        static uint8_t piece[2048];

        assert_int_equal(ipxlat_frag_next(&it, piece, sizeof piece),
                         lens[i]);
        assert_memory_equal(piece, pieces[i], lens[i]);
    }
    assert_int_equal(ipxlat_frag_count(&it), 0);
    assert_int_equal(ipxlat_frag_next(&it, copy, sizeof copy), 0);
    return n;
}

enum ipxlat_reason
test_xlat_pkt(const struct ipxlat_config *cfg, struct test_pkt *tp,
              const char *in_hex)
{
    struct ipxlat_ctx ctx = { .now_ms = 1000 };

    test_pkt_load(tp, in_hex);
    return ipxlat_translate(cfg, &ctx, test_family(&tp->pkt), &tp->pkt);
}

void
test_xlat(const struct ipxlat_config *cfg, const char *in_hex,
          enum ipxlat_reason expected, const char *out_hex)
{
    static struct test_pkt tp;
    enum ipxlat_reason r = test_xlat_pkt(cfg, &tp, in_hex);

    if (r != expected) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(r),
                 ipxlat_reason_name(expected));
    }
    if (out_hex) {
        test_assert_bytes(tp.pkt.data, tp.pkt.len, out_hex);
    }
}

size_t
test_build(uint8_t *out, size_t cap, const char *head_hex,
           const uint8_t *tail, size_t tail_len)
{
    size_t n = test_hex(head_hex, out, cap);

    assert_true(n + tail_len <= cap);
    if (tail_len) {
        memcpy(out + n, tail, tail_len);
    }
    test_fix_checksums(out, n + tail_len);
    return n + tail_len;
}

size_t
test_packet(uint8_t *out, size_t cap, const char *text)
{
    return test_build(out, cap, text, NULL, 0);
}

size_t
test_pkt6(uint8_t *out, size_t cap, const char *text)
{
    size_t n = test_hex(text, out, cap);

    test_fix_checksums6(out, n);
    return n;
}

ovs_be32
test_v4(const char *s)
{
    struct in_addr a;

    assert_int_equal(inet_pton(AF_INET, s, &a), 1);
    return a.s_addr;
}

struct in6_addr
test_v6(const char *s)
{
    struct in6_addr a;

    assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
    return a;
}

static char test_dir_name[] = "/tmp/ipxlat-test-XXXXXX";

int
test_dir_setup(void **state)
{
    (void) state;
    return mkdtemp(test_dir_name) ? 0 : -1;
}

int
test_dir_teardown(void **state)
{
    char cmd[64];

    (void) state;
    snprintf(cmd, sizeof cmd, "rm -rf %s", test_dir_name);
    return system(cmd);
}

const char *
test_dir(void)
{
    return test_dir_name;
}

const char *
test_dir_path(const char *name)
{
    static char bufs[2][128];
    static int i;

    i = !i;
    snprintf(bufs[i], sizeof bufs[i], "%s/%s", test_dir_name, name);
    return bufs[i];
}
