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

/* Translation with a reassembly context (lib/xlat-reasm.c), byte for
 * byte: fragmented ICMP echo both ways in 2, 3 and 8 fragments in any
 * order, fragmented zero-checksum UDP (RFC 7915 sections 4.2, 4.5, 5.2),
 * the Identification and the fragment sizes on the way out (sections 4.1
 * and 5.1.1), overlaps (RFC 5722), duplicates, a full context, the
 * timeout driven by the clock in the ctx, and ICMPv4 3/13 for a
 * zero-checksum first fragment that cannot be amended (section 4.5).
 *
 * Each expected packet is built here from the RFC: the whole datagram as
 * the far side would send it, with checksums from tests/testpkt.c (not
 * the engine's), then cut into fragments by this file's own code. */

#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#define CFG "prefix=2001:db8:64::/96"

/* 198.51.100.2, an IPv4 host, and 192.0.2.33, an IPv6 host reached
 * through the prefix. */
#define H4 0xc6336402
#define P4 0xc0000221
static const uint8_t h6[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0,
    0xc6, 0x33, 0x64, 0x02,
};
static const uint8_t p6[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0,
    0xc0, 0x00, 0x02, 0x21,
};

#define ID4 0xbeef              /* IPv4 Identification. */
#define ID6 0x89abcdefu         /* IPv6 Identification. */
#define MAX_PKTS 64
#define MAX_DGRAM 70000

/* Payload pattern of the test datagrams. */
static const struct test_l4 pattern = {
    .sport = 49152, .dport = 7, .mult = 7, .add = 3,
};

/* A list of packets, as they were sent or as they are expected. */
struct pkts {
    uint8_t *p[MAX_PKTS];
    size_t len[MAX_PKTS];
    size_t n;
};

static void
pkts_add(struct pkts *l, const uint8_t *p, size_t len)
{
    assert_true(l->n < MAX_PKTS);
    l->p[l->n] = malloc(len);
    assert_non_null(l->p[l->n]);
    memcpy(l->p[l->n], p, len);
    l->len[l->n++] = len;
}

static void
pkts_clear(struct pkts *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->p[i]);
    }
    l->n = 0;
}

/* Asserts that 'got' and 'want' hold the same packets, byte for byte. */
static void
pkts_assert_equal(const struct pkts *got, const struct pkts *want)
{
    assert_int_equal(got->n, want->n);
    for (size_t i = 0; i < got->n; i++) {
        if (got->len[i] != want->len[i]
            || memcmp(got->p[i], want->p[i], got->len[i])) {
            test_print_hex("got", got->p[i], got->len[i]);
            test_print_hex("expected", want->p[i], want->len[i]);
            fail_msg("packet %zu differs", i);
        }
    }
}

/* A host of the engine: a context in memory of its exact size (so that
 * the sanitizers see any access past it), its counters and what the
 * engine emitted. */
struct host {
    struct ipxlat_config *cfg;
    void *mem;
    struct ipxlat_reasm *reasm;
    struct ipxlat_stats stats;
    struct pkts out;
};

static void
host_init(struct host *h, const char *config)
{
    size_t size;

    memset(h, 0, sizeof *h);
    h->cfg = test_config(config);
    size = ipxlat_reasm_mem_size(h->cfg);
    assert_true(size > 0);
    h->mem = malloc(size);
    assert_non_null(h->mem);
    h->reasm = ipxlat_reasm_init(h->mem, size, h->cfg);
    assert_non_null(h->reasm);
}

static void
host_fini(struct host *h)
{
    pkts_clear(&h->out);
    free(h->mem);
    ipxlat_config_free(h->cfg);
}

/* Translates the 'len' bytes at 'in' at time 'now' as a host does
 * (ipxlat.h, "Reassembly": the context only for fragments) and appends
 * what the engine emits to h->out.  Returns the reason. */
static enum ipxlat_reason
feed(struct host *h, uint64_t now, const uint8_t *in, size_t len)
{
    static struct test_pkt tp;
    static uint8_t piece[MAX_DGRAM];
    struct ipxlat_ctx ctx = {
        .now_ms = now,
        .stats = &h->stats,
        .reasm = ipxlat_pkt_needs_reasm(h->cfg, in, len) ? h->reasm : NULL,
    };
    struct ipxlat_frag_iter it;
    enum ipxlat_reason r;
    size_t n;

    test_pkt_load_raw(&tp, in, len);
    r = ipxlat_translate(h->cfg, &ctx, test_family(&tp.pkt), &tp.pkt);
    switch (ipxlat_reason_verdict(r)) {
    case IPXLAT_FORWARD:
    case IPXLAT_BOUNCE:
        pkts_add(&h->out, tp.pkt.data, tp.pkt.len);
        break;
    case IPXLAT_FRAGMENTS:
        ipxlat_frag_init(&it, h->cfg, &tp.pkt);
        while ((n = ipxlat_frag_next(&it, piece, sizeof piece))) {
            pkts_add(&h->out, piece, n);
        }
        break;
    case IPXLAT_HELD:
    case IPXLAT_DROP:
    default:
        break;
    }
    return r;
}

static void
assert_reason(enum ipxlat_reason got, enum ipxlat_reason want)
{
    if (got != want) {
        fail_msg("reason %s, expected %s", ipxlat_reason_name(got),
                 ipxlat_reason_name(want));
    }
}

static struct ipxlat_reasm_usage
usage(const struct host *h)
{
    struct ipxlat_reasm_usage u;

    ipxlat_reasm_get_usage(h->reasm, &u);
    return u;
}

/* Datagrams, whole (tests/testpkt.h), with this file's pattern. */

static size_t
dgram4(uint8_t *p, uint8_t proto, size_t l4_len, uint32_t src, uint32_t dst,
       uint8_t ttl, uint16_t id, bool udp_csum)
{
    return test_put_dgram4(p, proto, l4_len, src, dst, ttl, id, udp_csum,
                           &pattern);
}

static size_t
dgram6(uint8_t *p, uint8_t proto, size_t l4_len, const uint8_t *src,
       const uint8_t *dst, uint8_t hlim)
{
    return test_put_dgram6(p, proto, l4_len, src, dst, hlim, &pattern);
}

/* Fragments, as RFC 791 and RFC 8200 section 4.5 cut them. */

/* Appends to 'l' the IPv4 fragments of the whole datagram 'd' with
 * 'chunk' payload bytes each (a multiple of 8). */
static void
cut4(const uint8_t *d, size_t len, size_t chunk, struct pkts *l)
{
    static uint8_t f[MAX_DGRAM];

    for (size_t ofs = 0; ofs < len - 20; ofs += chunk) {
        pkts_add(l, f, test_frag4(d, len, ofs, chunk, f));
    }
}

/* Appends to 'l' the IPv6 fragments of the whole datagram 'd' (a 40-byte
 * header) with 'chunk' payload bytes each, Identification 'id'. */
static void
cut6(const uint8_t *d, size_t len, size_t chunk, uint32_t id,
     struct pkts *l)
{
    static uint8_t f[MAX_DGRAM];

    for (size_t ofs = 0; ofs < len - 40; ofs += chunk) {
        pkts_add(l, f, test_frag6(d, len, ofs, chunk, id, f));
    }
}

/* Feeds the packets of 'in' to 'h' in the order 'order' (indexes), all
 * at time 'now', and asserts that each but the last is held and the last
 * gets 'done'. */
static void
feed_all(struct host *h, uint64_t now, const struct pkts *in,
         const unsigned int *order, enum ipxlat_reason done)
{
    for (size_t i = 0; i < in->n; i++) {
        unsigned int k = order ? order[i] : i;

        assert_reason(feed(h, now, in->p[k], in->len[k]),
                      i + 1 < in->n ? IPXLAT_REASM_HELD : done);
    }
}

/* The orders the echo tests send fragments in. */
static const unsigned int in_order[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const unsigned int reversed2[] = { 1, 0 };
static const unsigned int reversed3[] = { 2, 1, 0 };
static const unsigned int reversed8[] = { 7, 6, 5, 4, 3, 2, 1, 0 };
static const unsigned int shuffled3[] = { 1, 2, 0 };
static const unsigned int shuffled8[] = { 3, 7, 0, 5, 1, 6, 2, 4 };
static const unsigned int first_then_reversed[] = { 0, 2, 1 };

/* An echo request of 'l4_len' bytes sent in fragments of 'chunk' bytes,
 * in 'order', IPv4 to IPv6 if 'v4' else IPv6 to IPv4.
 *
 * 4->6: RFC 7915 section 4.2, the ICMPv6 checksum computed over the whole
 * message and its pseudo-header; section 4.1, Hop Limit = TTL - 1,
 * fragments that fit min(mtu6, lowest_ipv6_mtu) (1232 payload bytes:
 * 1280 - 48), each with a Fragment header carrying the IPv4
 * Identification zero-extended.
 *
 * 6->4: section 5.2, the ICMPv4 checksum over the whole message without
 * the pseudo-header; section 5.1.1, Identification from the low 16 bits
 * of the IPv6 one, DF clear, cut to mtu4 (1480 payload bytes). */
static void
echo(bool v4, size_t l4_len, size_t chunk, const unsigned int *order,
     size_t n_frags)
{
    static uint8_t d4[MAX_DGRAM], d6[MAX_DGRAM];
    struct pkts in = { .n = 0 }, want = { .n = 0 };
    enum ipxlat_reason done = v4 ? IPXLAT_REASM_FRAG_46
                                 : IPXLAT_REASM_FRAG_64;
    struct host h;
    size_t n4, n6;

    host_init(&h, CFG);
    if (v4) {
        n4 = dgram4(d4, IPPROTO_ICMP_, l4_len, H4, P4, 64, ID4, true);
        n6 = dgram6(d6, IPPROTO_ICMPV6_, l4_len, h6, p6, 63);
        cut4(d4, n4, chunk, &in);
        cut6(d6, n6, 1232, ID4, &want);
    } else {
        n6 = dgram6(d6, IPPROTO_ICMPV6_, l4_len, p6, h6, 64);
        n4 = dgram4(d4, IPPROTO_ICMP_, l4_len, P4, H4, 63, ID6 & 0xffff,
                    true);
        cut6(d6, n6, chunk, ID6, &in);
        cut4(d4, n4, 1480, &want);
    }
    assert_int_equal(in.n, n_frags);

    feed_all(&h, 1000, &in, order, done);
    pkts_assert_equal(&h.out, &want);
    assert_int_equal(h.stats.n[IPXLAT_REASM_HELD], n_frags - 1);
    assert_int_equal(h.stats.n[done], 1);
    assert_int_equal(usage(&h).datagrams, 0);
    assert_int_equal(usage(&h).bytes, 0);
    pkts_clear(&in);
    pkts_clear(&want);
    host_fini(&h);
}

static void
echo_46_in_2_3_8_fragments_in_order(void **state)
{
    echo(true, 2000, 1480, in_order, 2);
    echo(true, 4000, 1480, in_order, 3);
    echo(true, 4000, 504, in_order, 8);
}

static void
echo_46_reversed_and_shuffled(void **state)
{
    echo(true, 2000, 1480, reversed2, 2);
    echo(true, 4000, 1480, reversed3, 3);
    echo(true, 4000, 504, reversed8, 8);
    echo(true, 4000, 1480, shuffled3, 3);
    echo(true, 4000, 504, shuffled8, 8);
}

static void
echo_64_in_2_3_8_fragments_in_order(void **state)
{
    echo(false, 2000, 1232, in_order, 2);
    echo(false, 3000, 1232, in_order, 3);
    echo(false, 4000, 504, in_order, 8);
}

static void
echo_64_reversed_and_shuffled(void **state)
{
    echo(false, 2000, 1232, reversed2, 2);
    echo(false, 3000, 1232, reversed3, 3);
    echo(false, 4000, 504, reversed8, 8);
    echo(false, 3000, 1232, shuffled3, 3);
    echo(false, 4000, 504, shuffled8, 8);
}

/* A reassembled datagram that fits the egress goes out whole: 4->6
 * without a Fragment header (section 4.1 adds one to fragments only, and
 * the whole is not one), 6->4 as one IPv4 packet with the Identification
 * of section 5.1.1 and DF clear. */
static void
small_datagrams_go_out_whole(void **state)
{
    static uint8_t d4[MAX_DGRAM], d6[MAX_DGRAM];
    struct pkts in = { .n = 0 }, want = { .n = 0 };
    struct host h;
    size_t n4, n6;

    /* 4->6: 1000 bytes of ICMP in 576-byte IPv4 fragments. */
    host_init(&h, CFG);
    n4 = dgram4(d4, IPPROTO_ICMP_, 1000, H4, P4, 64, ID4, true);
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 1000, h6, p6, 63);
    cut4(d4, n4, 552, &in);
    pkts_add(&want, d6, n6);
    feed_all(&h, 1, &in, NULL, IPXLAT_REASM_46);
    pkts_assert_equal(&h.out, &want);
    pkts_clear(&in);
    pkts_clear(&want);
    host_fini(&h);

    /* 6->4: 1200 bytes of ICMPv6 in two IPv6 fragments. */
    host_init(&h, CFG);
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 1200, p6, h6, 64);
    n4 = dgram4(d4, IPPROTO_ICMP_, 1200, P4, H4, 63, ID6 & 0xffff,
                true);
    cut6(d6, n6, 1000, ID6, &in);
    pkts_add(&want, d4, n4);
    feed_all(&h, 1, &in, reversed2, IPXLAT_REASM_64);
    pkts_assert_equal(&h.out, &want);
    pkts_clear(&in);
    pkts_clear(&want);
    host_fini(&h);
}

/* The egress sizes: mtu6 below lowest_ipv6_mtu and mtu4 below 1500. */
static void
fragments_fit_the_egress(void **state)
{
    static uint8_t d4[MAX_DGRAM], d6[MAX_DGRAM];
    struct pkts in = { .n = 0 }, want = { .n = 0 };
    struct host h;
    size_t n4, n6;

    host_init(&h, CFG ",mtu6=1280,lowest_ipv6_mtu=1500");
    n4 = dgram4(d4, IPPROTO_ICMP_, 3000, H4, P4, 64, ID4, true);
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 3000, h6, p6, 63);
    cut4(d4, n4, 1480, &in);
    cut6(d6, n6, 1232, ID4, &want);
    feed_all(&h, 1, &in, NULL, IPXLAT_REASM_FRAG_46);
    pkts_assert_equal(&h.out, &want);
    pkts_clear(&in);
    pkts_clear(&want);
    host_fini(&h);

    host_init(&h, CFG ",mtu4=576");
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 3000, p6, h6, 64);
    n4 = dgram4(d4, IPPROTO_ICMP_, 3000, P4, H4, 63, ID6 & 0xffff,
                true);
    cut6(d6, n6, 1232, ID6, &in);
    cut4(d4, n4, 552, &want);
    feed_all(&h, 1, &in, NULL, IPXLAT_REASM_FRAG_64);
    pkts_assert_equal(&h.out, &want);
    pkts_clear(&in);
    pkts_clear(&want);
    host_fini(&h);
}

/* RFC 7915 section 4.5 with amend_udp_zero_csum: a fragmented UDP
 * datagram with checksum zero is reassembled and gets the checksum over
 * the whole and the IPv6 pseudo-header (as the IPv6 receiver needs it,
 * RFC 8200 section 8.1). */
static void
zero_checksum_udp_is_amended_whole(void **state)
{
    static uint8_t d4[MAX_DGRAM], d6[MAX_DGRAM];
    struct pkts in = { .n = 0 }, want = { .n = 0 };
    struct host h;
    size_t n4, n6;

    host_init(&h, CFG ",amend_udp_zero_csum");
    n4 = dgram4(d4, IPPROTO_UDP_, 3000, H4, P4, 64, ID4, false);
    assert_int_equal(get_be16(d4 + 26), 0);
    n6 = dgram6(d6, IPPROTO_UDP_, 3000, h6, p6, 63);
    assert_int_not_equal(get_be16(d6 + 46), 0);
    cut4(d4, n4, 1480, &in);
    cut6(d6, n6, 1232, ID4, &want);
    /* The first fragment first (it shows the zero); the others join in
     * any order. */
    feed_all(&h, 1, &in, first_then_reversed, IPXLAT_REASM_FRAG_46);
    pkts_assert_equal(&h.out, &want);
    pkts_clear(&in);
    pkts_clear(&want);
    host_fini(&h);
}

/* UDP with a checksum and TCP keep the stateless path, fragments and all:
 * nothing is held, even with a context and amend_udp_zero_csum. */
static void
udp_with_checksum_stays_stateless(void **state)
{
    static uint8_t d4[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n4;

    host_init(&h, CFG ",amend_udp_zero_csum");
    n4 = dgram4(d4, IPPROTO_UDP_, 2000, H4, P4, 64, ID4, true);
    cut4(d4, n4, 1000, &in);
    assert_reason(feed(&h, 1, in.p[0], in.len[0]), IPXLAT_XLAT_46);
    assert_reason(feed(&h, 1, in.p[1], in.len[1]), IPXLAT_XLAT_46);
    assert_int_equal(h.out.n, 2);
    assert_int_equal(usage(&h).datagrams, 0);
    pkts_clear(&in);
    host_fini(&h);
}

/* A later fragment of zero-checksum UDP that arrives before its first
 * fragment cannot be known to need reassembly (only the first fragment
 * carries the checksum): it is translated on its own, as any UDP
 * fragment, and the datagram, held from its first fragment on, never
 * completes and times out (doc/rfc-traceability.md, departures). */
static void
zero_checksum_udp_out_of_order_times_out(void **state)
{
    static uint8_t d4[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n4;

    host_init(&h, CFG ",amend_udp_zero_csum");
    n4 = dgram4(d4, IPPROTO_UDP_, 3000, H4, P4, 64, ID4, false);
    cut4(d4, n4, 1480, &in);
    assert_reason(feed(&h, 1000, in.p[2], in.len[2]), IPXLAT_XLAT_46);
    assert_reason(feed(&h, 1000, in.p[0], in.len[0]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 1000, in.p[1], in.len[1]), IPXLAT_REASM_HELD);
    assert_int_equal(usage(&h).datagrams, 1);
    ipxlat_reasm_expire(h.reasm, 2999, &h.stats);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_TIMEOUT], 0);
    ipxlat_reasm_expire(h.reasm, 3000, &h.stats);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_TIMEOUT], 1);
    assert_int_equal(usage(&h).datagrams, 0);
    assert_int_equal(usage(&h).bytes, 0);
    pkts_clear(&in);
    host_fini(&h);
}

/* RFC 5722: an overlapping IPv6 fragment discards the whole datagram and
 * its later fragments, counted; an IPv4 overlap is handled the same way
 * (as Linux does).  The key is free again once the time is up, and the
 * discarded datagram is not counted as a timeout. */
static void
overlaps_discard_the_datagram(void **state)
{
    static uint8_t d6[MAX_DGRAM], o[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n6;

    host_init(&h, CFG);
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 3000, p6, h6, 64);
    cut6(d6, n6, 1232, ID6, &in);
    assert_reason(feed(&h, 1000, in.p[0], in.len[0]), IPXLAT_REASM_HELD);

    /* The second fragment, starting 8 bytes early. */
    memcpy(o, in.p[1], in.len[1]);
    put_be16(o + 42, (1232 - 8) | IP6_FRAG_MF);
    assert_reason(feed(&h, 1000, o, in.len[1]), IPXLAT_DROP_REASM_OVERLAP);
    assert_reason(feed(&h, 1001, in.p[1], in.len[1]),
                  IPXLAT_DROP_REASM_OVERLAP);
    assert_reason(feed(&h, 1001, in.p[2], in.len[2]),
                  IPXLAT_DROP_REASM_OVERLAP);
    assert_int_equal(h.out.n, 0);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_OVERLAP], 3);
    assert_int_equal(usage(&h).datagrams, 1);
    assert_int_equal(usage(&h).bytes, 0);

    /* 2 s later the same datagram, sent again, goes through. */
    feed_all(&h, 3000, &in, NULL, IPXLAT_REASM_FRAG_64);
    assert_int_equal(h.out.n, 3);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_TIMEOUT], 0);
    pkts_clear(&in);
    host_fini(&h);
}

/* An exact duplicate is dropped alone (RFC 8200 section 4.5 allows it):
 * the datagram still completes, once. */
static void
duplicates_are_dropped_alone(void **state)
{
    static uint8_t d4[MAX_DGRAM], d6[MAX_DGRAM];
    struct pkts in = { .n = 0 }, want = { .n = 0 };
    struct host h;
    size_t n4, n6;

    host_init(&h, CFG);
    n4 = dgram4(d4, IPPROTO_ICMP_, 3000, H4, P4, 64, ID4, true);
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 3000, h6, p6, 63);
    cut4(d4, n4, 1480, &in);
    cut6(d6, n6, 1232, ID4, &want);
    assert_reason(feed(&h, 1, in.p[1], in.len[1]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 1, in.p[1], in.len[1]),
                  IPXLAT_DROP_REASM_DUPLICATE);
    assert_reason(feed(&h, 1, in.p[0], in.len[0]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 1, in.p[0], in.len[0]),
                  IPXLAT_DROP_REASM_DUPLICATE);
    assert_reason(feed(&h, 1, in.p[2], in.len[2]), IPXLAT_REASM_FRAG_46);
    pkts_assert_equal(&h.out, &want);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_DUPLICATE], 2);
    pkts_clear(&in);
    pkts_clear(&want);
    host_fini(&h);
}

/* A fragment that cannot belong to any datagram (here a middle piece
 * that is not a multiple of 8 bytes) is dropped and counted. */
static void
invalid_fragments_are_dropped(void **state)
{
    static uint8_t d4[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n4;

    host_init(&h, CFG);
    n4 = dgram4(d4, IPPROTO_ICMP_, 3000, H4, P4, 64, ID4, true);
    cut4(d4, n4, 1480, &in);
    /* The first fragment, 4 bytes short, MF still set. */
    put_be16(in.p[0] + 2, in.len[0] - 4);
    test_fix_ip4_header(in.p[0]);
    assert_reason(feed(&h, 1, in.p[0], in.len[0] - 4),
                  IPXLAT_DROP_REASM_INVALID);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_INVALID], 1);
    assert_int_equal(usage(&h).datagrams, 0);
    pkts_clear(&in);
    host_fini(&h);
}

/* A datagram bigger than reasm_max_size is discarded. */
static void
too_big_datagrams_are_discarded(void **state)
{
    static uint8_t d6[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n6;

    host_init(&h, CFG ",reasm_max_size=2000");
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 3000, p6, h6, 64);
    cut6(d6, n6, 1232, ID6, &in);
    assert_reason(feed(&h, 1, in.p[0], in.len[0]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 1, in.p[1], in.len[1]),
                  IPXLAT_DROP_REASM_TOO_BIG);
    assert_reason(feed(&h, 1, in.p[2], in.len[2]),
                  IPXLAT_DROP_REASM_TOO_BIG);
    assert_int_equal(usage(&h).bytes, 0);
    pkts_clear(&in);
    host_fini(&h);
}

/* A datagram whose fragments each respect the 65535-byte limit of RFC 791
 * and RFC 8200 section 4.5 but that, whole with its header, would not fit
 * a 16-bit length any more is discarded, not translated: 65520 bytes
 * after an IPv4 header, 65500 after an IPv6 one. */
static void
datagrams_past_the_ip_limit_are_too_big(void **state)
{
    static uint8_t d[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n;

    host_init(&h, CFG);
    n = dgram4(d, IPPROTO_ICMP_, 65520, H4, P4, 64, ID4, true);
    cut4(d, n, 1480, &in);
    feed_all(&h, 1, &in, NULL, IPXLAT_DROP_REASM_TOO_BIG);
    pkts_clear(&in);

    n = dgram6(d, IPPROTO_ICMPV6_, 65500, p6, h6, 64);
    cut6(d, n, 1232, ID6, &in);
    feed_all(&h, 1, &in, NULL, IPXLAT_DROP_REASM_TOO_BIG);
    assert_int_equal(h.out.n, 0);
    assert_int_equal(usage(&h).datagrams, 0);
    pkts_clear(&in);

    /* 65515 bytes after the IPv4 header fit: out as IPv6 fragments. */
    n = dgram4(d, IPPROTO_ICMP_, 65515, H4, P4, 64, ID4 + 1, true);
    cut4(d, n, 1480, &in);
    feed_all(&h, 1, &in, NULL, IPXLAT_REASM_FRAG_46);
    assert_int_equal(h.out.n, (65515 + 1231) / 1232);
    pkts_clear(&in);
    host_fini(&h);
}

/* The timeout, driven by ctx.now_ms: a datagram that never completes
 * leaves only its counter, whether ipxlat_reasm_expire() or a later
 * fragment finds it expired; until then it completes. */
static void
timeouts_follow_the_ctx_clock(void **state)
{
    static uint8_t d4[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n4;

    host_init(&h, CFG ",reasm_timeout=5");
    n4 = dgram4(d4, IPPROTO_ICMP_, 2000, H4, P4, 64, ID4, true);
    cut4(d4, n4, 1480, &in);

    /* Complete 4999 ms after the first fragment: in time. */
    assert_reason(feed(&h, 10000, in.p[0], in.len[0]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 14999, in.p[1], in.len[1]),
                  IPXLAT_REASM_FRAG_46);

    /* 5000 ms: too late; the second fragment starts a new datagram. */
    assert_reason(feed(&h, 20000, in.p[0], in.len[0]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 25000, in.p[1], in.len[1]), IPXLAT_REASM_HELD);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_TIMEOUT], 1);
    assert_int_equal(usage(&h).datagrams, 1);
    ipxlat_reasm_expire(h.reasm, 30000, &h.stats);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_TIMEOUT], 2);
    assert_int_equal(usage(&h).datagrams, 0);
    assert_int_equal(usage(&h).bytes, 0);
    assert_int_equal(h.out.n, 2);
    pkts_clear(&in);
    host_fini(&h);
}

/* The first fragment of zero-checksum UDP from 198.51.100.2, 32 bytes of
 * UDP with MF set, and the ICMPv4 error it earns: RFC 7915 section 4.5,
 * Destination Unreachable, Communication Administratively Prohibited
 * (3/13), from src4 (192.0.0.8) back to the sender, quoting the fragment
 * (RFC 792). */
#define ZERO_CSUM_FIRST_FRAGMENT \
    "45000034 beef 2000 40 11 0000 c6336402 c0000221" \
    "c000 0007 0bb8 0000 0102030405060708 090a0b0c0d0e0f10" \
    "1112131415161718"

static void
assert_3_13(struct host *h, const uint8_t *frag, size_t n)
{
    uint8_t want[256];
    size_t w = test_build(want, sizeof want,
                          "45000050 0000 0000 4001 0000 c0000008 c6336402"
                          "030d 0000 00000000", frag, n);

    pkts_clear(&h->out);
    assert_reason(feed(h, 1, frag, n), IPXLAT_ERR_UDP_ZERO_CSUM);
    assert_int_equal(h->out.n, 1);
    assert_int_equal(h->out.len[0], w);
    assert_memory_equal(h->out.p[0], want, w);
}

/* Issue 10 item 3, RFC 7915 section 4.5: the first fragment of IPv4 UDP
 * with checksum zero that cannot be amended gets 3/13 (amend off; no
 * context; a full context), never a silent drop; its later fragments,
 * which cannot be told from any UDP fragment, get no error. */
static void
zero_checksum_first_fragment_gets_3_13(void **state)
{
    static struct test_pkt tp;
    uint8_t frag[128], later[128], other[128];
    struct ipxlat_ctx ctx = { .now_ms = 1 };
    struct ipxlat_config *cfg;
    size_t n = test_hex(ZERO_CSUM_FIRST_FRAGMENT, frag, sizeof frag);
    size_t nl = test_hex("4500001c beef 0004 40 11 0000 c6336402 c0000221"
                         "191a1b1c1d1e1f20", later, sizeof later);
    struct host h;

    test_fix_ip4_header(frag);
    test_fix_ip4_header(later);

    /* Amend off, with a context. */
    host_init(&h, CFG);
    assert_3_13(&h, frag, n);
    pkts_clear(&h.out);
    assert_reason(feed(&h, 1, later, nl), IPXLAT_XLAT_46);
    assert_int_equal(h.out.n, 1);
    assert_int_equal(h.out.p[0][6], IPPROTO_FRAGMENT_);
    host_fini(&h);

    /* Amend on, no context. */
    cfg = test_config(CFG ",amend_udp_zero_csum");
    test_pkt_load_raw(&tp, frag, n);
    assert_reason(ipxlat_translate(cfg, &ctx, test_family(&tp.pkt),
                                   &tp.pkt),
                  IPXLAT_ERR_UDP_ZERO_CSUM);
    assert_int_equal(tp.pkt.data[20], ICMP4_DEST_UNREACH);
    assert_int_equal(tp.pkt.data[21], ICMP4_ADMIN_PROHIBITED);
    assert_memory_equal(tp.pkt.data + 28, frag, n);
    ipxlat_config_free(cfg);

    /* Amend on, a context full with one ICMP datagram in progress. */
    host_init(&h, CFG ",amend_udp_zero_csum,reasm_datagrams=1");
    n = test_hex("45000024 0001 2000 40 01 0000 c6336402 c0000221"
                 "0800 0000 0102030405060708 090a0b0c0d0e0f10",
                 other, sizeof other);
    test_fix_ip4_header(other);
    assert_reason(feed(&h, 1, other, n), IPXLAT_REASM_HELD);
    n = test_hex(ZERO_CSUM_FIRST_FRAGMENT, frag, sizeof frag);
    test_fix_ip4_header(frag);
    assert_3_13(&h, frag, n);
    assert_int_equal(h.stats.n[IPXLAT_ERR_UDP_ZERO_CSUM], 1);
    pkts_clear(&h.out);
    assert_reason(feed(&h, 1, later, nl), IPXLAT_XLAT_46);
    assert_int_equal(usage(&h).datagrams, 1);
    host_fini(&h);
}

/* A full context drops new fragments and never evicts what it holds:
 * the datagrams in progress still complete. */
static void
a_full_context_drops_new_fragments(void **state)
{
    static uint8_t d4[MAX_DGRAM], d6[MAX_DGRAM];
    struct pkts a = { .n = 0 }, b = { .n = 0 }, c = { .n = 0 };
    struct host h;
    size_t n;

    /* Two slots; two sources, so that neither's share is the limit. */
    host_init(&h, CFG ",reasm_datagrams=2");
    n = dgram4(d4, IPPROTO_ICMP_, 2000, H4, P4, 64, 1, true);
    cut4(d4, n, 1480, &a);
    n = dgram4(d4, IPPROTO_ICMP_, 2000, H4 + 1, P4, 64, 2, true);
    cut4(d4, n, 1480, &b);
    n = dgram6(d6, IPPROTO_ICMPV6_, 2000, p6, h6, 64);
    cut6(d6, n, 1232, ID6, &c);

    assert_reason(feed(&h, 1, a.p[0], a.len[0]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 1, b.p[0], b.len[0]), IPXLAT_REASM_HELD);
    assert_reason(feed(&h, 1, c.p[0], c.len[0]), IPXLAT_DROP_REASM_FULL);
    assert_reason(feed(&h, 1, c.p[1], c.len[1]), IPXLAT_DROP_REASM_FULL);
    assert_int_equal(h.stats.n[IPXLAT_DROP_REASM_FULL], 2);
    assert_reason(feed(&h, 2, a.p[1], a.len[1]), IPXLAT_REASM_FRAG_46);
    assert_reason(feed(&h, 2, b.p[1], b.len[1]), IPXLAT_REASM_FRAG_46);
    /* Room again. */
    feed_all(&h, 3, &c, NULL, IPXLAT_REASM_FRAG_64);
    pkts_clear(&a);
    pkts_clear(&b);
    pkts_clear(&c);
    host_fini(&h);
}

/* Without a context fragmented ICMP is dropped as before; a first
 * fragment's errors come as without reassembly (here Time Exceeded),
 * and a fragment whose addresses do not map is not held. */
static void
fragments_are_checked_before_they_are_held(void **state)
{
    static uint8_t d4[MAX_DGRAM];
    struct pkts in = { .n = 0 };
    struct host h;
    size_t n;

    host_init(&h, CFG);
    n = dgram4(d4, IPPROTO_ICMP_, 2000, H4, P4, 1, ID4, true);
    cut4(d4, n, 1480, &in);
    assert_reason(feed(&h, 1, in.p[0], in.len[0]),
                  IPXLAT_ERR_TIME_EXCEEDED);
    assert_int_equal(h.out.n, 1);
    assert_int_equal(h.out.p[0][20], ICMP4_TIME_EXCEEDED);
    pkts_clear(&in);

    /* To 127.0.0.1: never through the prefix. */
    n = dgram4(d4, IPPROTO_ICMP_, 2000, H4, 0x7f000001, 64, ID4, true);
    cut4(d4, n, 1480, &in);
    assert_reason(feed(&h, 1, in.p[0], in.len[0]), IPXLAT_DROP_DST_ADDR);
    assert_int_equal(usage(&h).datagrams, 0);
    pkts_clear(&in);
    host_fini(&h);
}

/* ipxlat_pkt_needs_reasm() says which packets ipxlat_translate() would
 * use the context for: fragments (not atomic ones, not whole packets) of
 * ICMP, of ICMPv6 and, with amend_udp_zero_csum, of IPv4 UDP. */
static void
needs_reasm_agrees_with_the_engine(void **state)
{
    struct ipxlat_config *cfg = test_config(CFG);
    struct ipxlat_config *amend = test_config(CFG ",amend_udp_zero_csum");
    uint8_t p[128];
    size_t n;

    n = test_hex("45000014 0000 2000 40 01 0000 c6336402 c0000221", p,
                 sizeof p);
    assert_true(ipxlat_pkt_needs_reasm(cfg, p, n));
    put_be16(p + 6, 0x0001);
    assert_true(ipxlat_pkt_needs_reasm(cfg, p, n));
    put_be16(p + 6, IP_DF);
    assert_false(ipxlat_pkt_needs_reasm(cfg, p, n));
    put_be16(p + 6, IP_MF);
    p[9] = IPPROTO_UDP_;
    assert_false(ipxlat_pkt_needs_reasm(cfg, p, n));
    assert_true(ipxlat_pkt_needs_reasm(amend, p, n));
    p[9] = IPPROTO_TCP_;
    assert_false(ipxlat_pkt_needs_reasm(amend, p, n));

    n = test_hex("60000000 0010 2c 40 20010db8000000000000000000000001"
                 "20010db8000000000000000000000002"
                 "3a00 0001 00000001 8000 0000 00000000", p, sizeof p);
    assert_true(ipxlat_pkt_needs_reasm(cfg, p, n));
    put_be16(p + 42, 0);                /* Atomic: offset 0, M clear. */
    assert_false(ipxlat_pkt_needs_reasm(cfg, p, n));
    put_be16(p + 42, 8);
    assert_true(ipxlat_pkt_needs_reasm(cfg, p, n));
    p[40] = IPPROTO_UDP_;
    assert_false(ipxlat_pkt_needs_reasm(amend, p, n));
    p[40] = IPPROTO_ICMPV6_;
    p[6] = IPPROTO_ICMPV6_;
    assert_false(ipxlat_pkt_needs_reasm(cfg, p, n));
    assert_false(ipxlat_pkt_needs_reasm(cfg, p, 10));
    ipxlat_config_free(amend);
    ipxlat_config_free(cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(echo_46_in_2_3_8_fragments_in_order),
        cmocka_unit_test(echo_46_reversed_and_shuffled),
        cmocka_unit_test(echo_64_in_2_3_8_fragments_in_order),
        cmocka_unit_test(echo_64_reversed_and_shuffled),
        cmocka_unit_test(small_datagrams_go_out_whole),
        cmocka_unit_test(fragments_fit_the_egress),
        cmocka_unit_test(zero_checksum_udp_is_amended_whole),
        cmocka_unit_test(udp_with_checksum_stays_stateless),
        cmocka_unit_test(zero_checksum_udp_out_of_order_times_out),
        cmocka_unit_test(overlaps_discard_the_datagram),
        cmocka_unit_test(duplicates_are_dropped_alone),
        cmocka_unit_test(invalid_fragments_are_dropped),
        cmocka_unit_test(too_big_datagrams_are_discarded),
        cmocka_unit_test(datagrams_past_the_ip_limit_are_too_big),
        cmocka_unit_test(timeouts_follow_the_ctx_clock),
        cmocka_unit_test(zero_checksum_first_fragment_gets_3_13),
        cmocka_unit_test(a_full_context_drops_new_fragments),
        cmocka_unit_test(fragments_are_checked_before_they_are_held),
        cmocka_unit_test(needs_reasm_agrees_with_the_engine),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
