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

/* The reassembly context on its own (lib/reasm.c): datagrams whole in
 * any order of arrival, duplicates, overlaps (RFC 5722), the bounds and
 * the timeout.  The translation of reassembled datagrams is tested with
 * the translator (test-reasm-xlat.c). */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ipxlat-reasm.h"

/* A context with its memory. */
struct ctx {
    void *mem;
    struct ipxlat_reasm *r;
    uint64_t timeouts;
};

static const struct ipxlat_reasm_limits default_limits = {
    .max_datagrams = 16,
    .max_bytes = 64 * 1024,
    .timeout_ms = 5000,
    .max_size = 65535,
};

static void
ctx_init(struct ctx *c, const struct ipxlat_reasm_limits *l)
{
    size_t size = ipxl_reasm_mem_size(l);

    assert_true(size > 0);
    c->mem = malloc(size);
    assert_non_null(c->mem);
    c->r = ipxl_reasm_init(c->mem, size, l);
    assert_non_null(c->r);
    c->timeouts = 0;
}

static void
ctx_fini(struct ctx *c)
{
    free(c->mem);
}

/* A datagram of 'len' payload bytes with a recognisable pattern, and an
 * IPv4-like 20-byte header. */
static uint8_t payload[65536];
static const uint8_t hdr4[20] = {
    0x45, 0, 0, 0, 0x12, 0x34, 0x20, 0, 64, 1, 0, 0,
    192, 0, 2, 1, 198, 51, 100, 2,
};
static const uint8_t src4[4] = { 192, 0, 2, 1 };
static const uint8_t dst4[4] = { 198, 51, 100, 2 };
static const uint8_t src6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t dst6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static void
fill_payload(void)
{
    for (size_t i = 0; i < sizeof payload; i++) {
        payload[i] = (uint8_t) (i * 7 + (i >> 8));
    }
}

/* The fragment of the pattern from 'offset', 'len' bytes, of datagram
 * 'id' (IPv4, ICMP) from 'src'. */
static struct reasm_frag
frag4(uint32_t id, const uint8_t *src, uint32_t offset, size_t len,
      bool mf)
{
    return (struct reasm_frag) {
        .version = 4,
        .proto = 1,
        .id = id,
        .src = src,
        .dst = dst4,
        .offset = offset,
        .mf = mf,
        .payload = payload + offset,
        .len = len,
        .hdr = hdr4,
        .hdr_len = sizeof hdr4,
    };
}

static enum reasm_result
add(struct ctx *c, uint64_t now, const struct reasm_frag *f,
    struct reasm_datagram *out)
{
    return ipxl_reasm_add(c->r, now, f, out, &c->timeouts);
}

/* Asserts that 'dg' is the header plus 'len' bytes of the pattern. */
static void
assert_datagram(const struct reasm_datagram *dg, size_t len)
{
    assert_int_equal(dg->hdr_len, sizeof hdr4);
    assert_int_equal(dg->len, sizeof hdr4 + len);
    assert_memory_equal(dg->data, hdr4, sizeof hdr4);
    assert_memory_equal(dg->data + sizeof hdr4, payload, len);
    /* Room for translation in place, and 2-byte alignment. */
    assert_true(dg->headroom >= 64);
    assert_int_equal((uintptr_t) dg->data & 1, 0);
}

/* Sends a datagram of 'len' bytes in pieces of 'piece' bytes in the
 * order 'order' (indexes of pieces) and asserts that it completes with
 * the last piece sent, and only then. */
static void
send_in_order(struct ctx *c, uint32_t id, size_t len, size_t piece,
              const unsigned int *order, size_t n)
{
    struct reasm_datagram dg;

    assert_int_equal((len + piece - 1) / piece, n);
    for (size_t i = 0; i < n; i++) {
        uint32_t ofs = order[i] * piece;
        size_t l = ofs + piece < len ? piece : len - ofs;
        struct reasm_frag f = frag4(id, src4, ofs, l, ofs + l < len);

        assert_int_equal(add(c, 0, &f, &dg),
                         i + 1 < n ? REASM_HELD : REASM_DONE);
    }
    assert_datagram(&dg, len);
    assert_int_equal(ipxl_reasm_usage(c->r).datagrams, 0);
    assert_int_equal(ipxl_reasm_usage(c->r).bytes, 0);
}

static void
test_in_order(void **state)
{
    static const unsigned int two[] = { 0, 1 }, three[] = { 0, 1, 2 };
    static const unsigned int eight[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
    struct ctx c;

    (void) state;
    ctx_init(&c, &default_limits);
    send_in_order(&c, 1, 2000, 1480, two, 2);
    send_in_order(&c, 2, 3000, 1232, three, 3);
    send_in_order(&c, 3, 8 * 512 - 100, 512, eight, 8);
    ctx_fini(&c);
}

static void
test_reversed_and_shuffled(void **state)
{
    static const unsigned int rev2[] = { 1, 0 }, rev3[] = { 2, 1, 0 };
    static const unsigned int rev8[] = { 7, 6, 5, 4, 3, 2, 1, 0 };
    static const unsigned int shuf3[] = { 1, 2, 0 };
    static const unsigned int shuf8[] = { 3, 7, 0, 5, 1, 6, 2, 4 };
    struct ctx c;

    (void) state;
    ctx_init(&c, &default_limits);
    send_in_order(&c, 1, 2000, 1480, rev2, 2);
    send_in_order(&c, 2, 3000, 1232, rev3, 3);
    send_in_order(&c, 3, 4000, 512, rev8, 8);
    send_in_order(&c, 4, 3000, 1232, shuf3, 3);
    send_in_order(&c, 5, 4000, 512, shuf8, 8);
    ctx_fini(&c);
}

static void
test_tiny_fragments(void **state)
{
    unsigned int order[REASM_MAX_FRAGS];
    struct ctx c;

    (void) state;
    for (unsigned int i = 0; i < REASM_MAX_FRAGS; i++) {
        order[i] = REASM_MAX_FRAGS - 1 - i;
    }
    ctx_init(&c, &default_limits);
    /* 128 pieces of 8 bytes: the most fragments a datagram may have. */
    send_in_order(&c, 1, 8 * REASM_MAX_FRAGS, 8, order, REASM_MAX_FRAGS);
    ctx_fini(&c);
}

static void
test_too_many_fragments(void **state)
{
    struct reasm_datagram dg;
    struct ctx c;
    struct reasm_frag f;

    (void) state;
    ctx_init(&c, &default_limits);
    for (unsigned int i = 0; i < REASM_MAX_FRAGS; i++) {
        f = frag4(9, src4, i * 8, 8, true);
        assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    }
    f = frag4(9, src4, REASM_MAX_FRAGS * 8, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_TOO_BIG);
    /* The datagram is gone, but for its key. */
    assert_int_equal(ipxl_reasm_usage(c.r).bytes, 0);
    f = frag4(9, src4, 0, 8, true);
    assert_int_equal(add(&c, 1, &f, &dg), REASM_TOO_BIG);
    ctx_fini(&c);
}

static void
test_duplicates(void **state)
{
    struct reasm_datagram dg;
    struct reasm_frag a = frag4(1, src4, 0, 1480, true);
    struct reasm_frag b = frag4(1, src4, 1480, 520, false);
    struct ctx c;

    (void) state;
    ctx_init(&c, &default_limits);
    assert_int_equal(add(&c, 0, &a, &dg), REASM_HELD);
    assert_int_equal(add(&c, 0, &a, &dg), REASM_DUPLICATE);
    assert_int_equal(add(&c, 0, &a, &dg), REASM_DUPLICATE);
    assert_int_equal(add(&c, 0, &b, &dg), REASM_DONE);
    assert_datagram(&dg, 2000);
    ctx_fini(&c);
}

static void
test_overlap_discards_datagram(void **state)
{
    struct reasm_datagram dg;
    struct reasm_frag a = frag4(1, src4, 0, 1480, true);
    struct reasm_frag b = frag4(1, src4, 1480, 520, false);
    struct reasm_frag o = frag4(1, src4, 1472, 528, false);
    struct ctx c;

    (void) state;
    ctx_init(&c, &default_limits);
    assert_int_equal(add(&c, 0, &a, &dg), REASM_HELD);
    /* RFC 5722: the overlap discards what was held... */
    assert_int_equal(add(&c, 0, &o, &dg), REASM_OVERLAP);
    assert_int_equal(ipxl_reasm_usage(c.r).bytes, 0);
    /* ...and the fragments that come later, even well-formed ones. */
    assert_int_equal(add(&c, 10, &b, &dg), REASM_OVERLAP);
    assert_int_equal(add(&c, 10, &a, &dg), REASM_OVERLAP);
    /* Once the datagram expires, the same key starts afresh. */
    assert_int_equal(add(&c, 5000, &a, &dg), REASM_HELD);
    assert_int_equal(c.timeouts, 0);    /* It was discarded, not lost. */
    assert_int_equal(add(&c, 5000, &b, &dg), REASM_DONE);
    assert_datagram(&dg, 2000);
    ctx_fini(&c);
}

static void
test_invalid_pieces(void **state)
{
    struct ipxlat_reasm_limits l = default_limits;
    struct reasm_datagram dg;
    struct reasm_frag f;
    struct ctx c;

    (void) state;
    /* Room for the discarded datagrams of one source. */
    l.max_datagrams = 64;
    ctx_init(&c, &l);

    /* A non-last piece that is not a multiple of 8, or empty: dropped
     * alone. */
    f = frag4(1, src4, 0, 1001, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);
    f = frag4(1, src4, 8, 0, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);
    assert_int_equal(ipxl_reasm_usage(c.r).datagrams, 0);

    /* A second end, and a piece past the end: the datagram goes. */
    f = frag4(2, src4, 1000, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(2, src4, 1600, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);
    f = frag4(2, src4, 0, 1000, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);

    f = frag4(3, src4, 1000, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(3, src4, 1008, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);

    /* An end before bytes already held. */
    f = frag4(4, src4, 1000, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(4, src4, 800, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);

    /* A first piece without a header to rebuild the datagram with. */
    f = frag4(5, src4, 0, 8, true);
    f.hdr_len = 0;
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);
    f.hdr_len = REASM_MAX_HDR + 4;
    assert_int_equal(add(&c, 0, &f, &dg), REASM_INVALID);
    ctx_fini(&c);
}

static void
test_too_big(void **state)
{
    struct ipxlat_reasm_limits l = default_limits;
    struct reasm_datagram dg;
    struct reasm_frag f;
    struct ctx c;

    (void) state;
    l.max_size = 1500;
    ctx_init(&c, &l);
    f = frag4(1, src4, 1496, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_TOO_BIG);
    assert_int_equal(ipxl_reasm_usage(c.r).datagrams, 0);

    f = frag4(2, src4, 0, 1000, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(2, src4, 1000, 504, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_TOO_BIG);
    f = frag4(2, src4, 1000, 500, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_TOO_BIG);
    assert_int_equal(ipxl_reasm_usage(c.r).bytes, 0);

    /* 1500 bytes exactly fit. */
    f = frag4(3, src4, 0, 1000, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(3, src4, 1000, 500, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_DONE);
    assert_datagram(&dg, 1500);
    ctx_fini(&c);
}

static void
test_timeout(void **state)
{
    struct reasm_datagram dg;
    struct reasm_frag a = frag4(1, src4, 0, 1480, true);
    struct reasm_frag b = frag4(1, src4, 1480, 520, false);
    struct ctx c;

    (void) state;
    ctx_init(&c, &default_limits);
    assert_int_equal(add(&c, 1000, &a, &dg), REASM_HELD);
    ipxl_reasm_expire(c.r, 5999, &c.timeouts);
    assert_int_equal(c.timeouts, 0);
    assert_int_equal(ipxl_reasm_usage(c.r).datagrams, 1);
    ipxl_reasm_expire(c.r, 6000, &c.timeouts);
    assert_int_equal(c.timeouts, 1);
    assert_int_equal(ipxl_reasm_usage(c.r).datagrams, 0);
    assert_int_equal(ipxl_reasm_usage(c.r).bytes, 0);

    /* The second half alone is a new datagram that never completes, and
     * leaves only the counter behind. */
    assert_int_equal(add(&c, 6000, &b, &dg), REASM_HELD);
    assert_int_equal(add(&c, 11000, &a, &dg), REASM_HELD);
    assert_int_equal(c.timeouts, 2);
    ctx_fini(&c);
}

static void
test_full_datagrams(void **state)
{
    static const uint8_t other[4] = { 192, 0, 2, 99 };
    struct ipxlat_reasm_limits l = default_limits;
    struct reasm_datagram dg;
    struct reasm_frag f;
    struct ctx c;

    (void) state;
    /* 16 slots: one source may hold 2. */
    ctx_init(&c, &l);
    for (uint32_t id = 1; id <= 2; id++) {
        f = frag4(id, src4, 0, 8, true);
        assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    }
    f = frag4(3, src4, 0, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_FULL);
    /* Another source still gets in; the held ones still complete. */
    f = frag4(3, other, 0, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(1, src4, 8, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_DONE);
    f = frag4(4, src4, 0, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    ctx_fini(&c);

    /* A table of 2 slots: the third datagram is refused, the first two
     * are never evicted for it. */
    l.max_datagrams = 2;
    ctx_init(&c, &l);
    f = frag4(1, src4, 0, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(2, other, 0, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(3, dst4, 0, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_FULL);
    f = frag4(1, src4, 8, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_DONE);
    f = frag4(2, other, 8, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_DONE);
    ctx_fini(&c);
}

static void
test_full_bytes(void **state)
{
    static const uint8_t other[4] = { 192, 0, 2, 99 };
    struct ipxlat_reasm_limits l = default_limits;
    struct reasm_datagram dg;
    struct reasm_frag f;
    struct ctx c;

    (void) state;
    l.max_bytes = 4096;
    ctx_init(&c, &l);
    f = frag4(1, src4, 0, 2048, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    f = frag4(2, other, 0, 2048, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_HELD);
    assert_int_equal(ipxl_reasm_usage(c.r).bytes, 4096);
    /* Full: a new datagram is refused and creates nothing... */
    f = frag4(3, dst4, 0, 8, true);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_FULL);
    assert_int_equal(ipxl_reasm_usage(c.r).datagrams, 2);
    /* ...and a held one may not grow, but is kept. */
    f = frag4(1, src4, 2048, 8, false);
    assert_int_equal(add(&c, 0, &f, &dg), REASM_FULL);
    assert_int_equal(ipxl_reasm_usage(c.r).datagrams, 2);
    assert_true(ipxl_reasm_usage(c.r).bytes <= l.max_bytes);
    /* Expiry frees the room. */
    ipxl_reasm_expire(c.r, 5000, &c.timeouts);
    assert_int_equal(c.timeouts, 2);
    f = frag4(3, dst4, 0, 2048, true);
    assert_int_equal(add(&c, 5000, &f, &dg), REASM_HELD);
    ctx_fini(&c);
}

static void
test_keys(void **state)
{
    struct reasm_datagram dg;
    struct reasm_frag a4 = frag4(7, src4, 0, 16, true);
    struct reasm_frag b4 = frag4(7, src4, 16, 16, false);
    struct reasm_frag a6 = a4, b6 = b4;
    struct ctx c;

    (void) state;
    ctx_init(&c, &default_limits);
    a6.version = b6.version = 6;
    a6.src = b6.src = src6;
    a6.dst = b6.dst = dst6;

    /* Same ID, other protocol, other family: other datagrams. */
    assert_int_equal(add(&c, 0, &a4, &dg), REASM_HELD);
    a4.proto = 17;
    assert_int_equal(add(&c, 0, &a4, &dg), REASM_HELD);
    assert_int_equal(add(&c, 0, &a6, &dg), REASM_HELD);
    assert_int_equal(ipxl_reasm_usage(c.r).datagrams, 3);
    assert_int_equal(add(&c, 0, &b6, &dg), REASM_DONE);
    assert_int_equal(dg.len, sizeof hdr4 + 32);
    assert_int_equal(add(&c, 0, &b4, &dg), REASM_DONE);
    ctx_fini(&c);
}

static void
test_limits(void **state)
{
    struct ipxlat_reasm_limits l = default_limits;
    uint64_t mem[64];

    (void) state;
    assert_true(ipxl_reasm_mem_size(&l) > l.max_bytes);
    assert_null(ipxl_reasm_init(mem, sizeof mem, &l));

    l.max_datagrams = 0;
    assert_int_equal(ipxl_reasm_mem_size(&l), 0);
    l = default_limits;
    l.max_bytes = 100;
    assert_int_equal(ipxl_reasm_mem_size(&l), 0);
    l = default_limits;
    l.max_size = 70000;
    assert_int_equal(ipxl_reasm_mem_size(&l), 0);
    l = default_limits;
    l.timeout_ms = 0;
    assert_int_equal(ipxl_reasm_mem_size(&l), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_reversed_and_shuffled),
        cmocka_unit_test(test_tiny_fragments),
        cmocka_unit_test(test_too_many_fragments),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_overlap_discards_datagram),
        cmocka_unit_test(test_invalid_pieces),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_full_datagrams),
        cmocka_unit_test(test_full_bytes),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_limits),
    };

    fill_payload();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
