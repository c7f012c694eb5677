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

/* Property test: translating a packet there and back gives back the
 * original, except for the fields RFC 7915 lets change.
 *
 * Packets are generated from a fixed seed: TCP (with and without options),
 * UDP and ICMP echo of many lengths, random ports, identifiers, TOS/traffic
 * class, TTL/hop limit and flow labels, with addresses inside the RFC 6052
 * prefix or the EAM entries of each config.  Each goes through
 * ipxlat_translate() twice with the same config (the translator is
 * symmetric), in a fresh buffer each time.
 *
 * IPv4 -> IPv6 -> IPv4.  Bytes that may differ, and why:
 *   - bytes 4-5, Identification: RFC 7915 section 4.1 carries the ID only
 *     in a Fragment header, which is added only for IPv4 fragments; the
 *     way back (section 5.1) sets a fresh ID of the translator's choice.
 *   - byte 6, bit 0x40, Don't Fragment: likewise not carried; section 5.1
 *     sets it again iff the IPv4 packet is over 1260 bytes, which is
 *     asserted exactly (MF and the offset stay zero, asserted too).
 *   - byte 8, TTL: decremented once per translation, so it must be exactly
 *     two less (sections 4.1 and 5.1).
 *   - bytes 10-11, header checksum: follows from the above; it must be the
 *     correct checksum of the resulting header.
 * Every other byte -- version, IHL, TOS (copied to the Traffic Class and
 * back), total length, protocol, addresses (mapped and mapped back), the
 * whole upper layer including its checksum (RFC 1624 incremental updates
 * that cancel out) -- must be identical.
 *
 * IPv6 -> IPv4 -> IPv6.  Bytes that may differ, and why:
 *   - the flow label (low nibble of byte 1, bytes 2-3): IPv4 cannot carry
 *     it and RFC 7915 section 4.1 sets it to zero, asserted exactly;
 *   - byte 7, hop limit: exactly two less.
 * Every other byte, including the traffic class, must be identical.
 *
 * Packets are kept within the MTUs (DF clear: at most 1260 bytes of IPv4;
 * DF set: at most 1480), so neither fragmentation nor Packet Too Big gets
 * in the way.  IPv4 UDP datagrams whose computed checksum is zero (sent as
 * 0xffff) are avoided: RFC 1624 updates never produce 0xffff, so such a
 * checksum would legitimately come back as 0x0000. */

#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-packets.h"

#define N_PACKETS 300           /* Packets per protocol and config. */
#define MAX_L4 1460             /* Largest upper-layer length used. */
#define RT_HEADROOM 128         /* Room around the packet per pass. */
#define RT_BUF (RT_HEADROOM + 2048 + 256)

/* A config and the address ranges it maps. */
struct rt_config {
    const char *text;           /* Config string. */
    uint8_t prefix[16];         /* RFC 6052 prefix. */
    int prefix_len;             /* 40 or 96. */
    uint32_t eam4;              /* EAM IPv4 prefix (host order). */
    int eam_bits;               /* Suffix bits of the EAM entry. */
    uint8_t eam6[16];           /* EAM IPv6 prefix. */
};

/* Hairpinning is off so that a translated-back packet to an EAM address
 * is not turned around. */
static const struct rt_config rt_configs[] = {
    {
        "prefix=2001:db8:64::/96,eam(192.0.2.0/24,2001:db8:1::/120),"
        "hairpin=off",
        { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64 }, 96,
        0xc0000200, 8, { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01 },
    },
    {
        "prefix=2001:db8:100::/40,eam(198.51.100.0/28,2001:db8:2::/124),"
        "hairpin=off",
        { 0x20, 0x01, 0x0d, 0xb8, 0x01 }, 40,
        0xc6336400, 4, { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02 },
    },
};
#define N_CONFIGS (sizeof rt_configs / sizeof rt_configs[0])

static uint64_t rng;

/* xorshift64, seeded per test for reproducibility. */
static uint32_t
rnd(void)
{
    return test_xorshift64(&rng) >> 16;
}

static uint32_t
rnd_range(uint32_t lo, uint32_t hi)
{
    return lo + rnd() % (hi - lo + 1);
}

/* An upper-layer length up to 'max': small, medium, large or extreme. */
static size_t
rnd_len(size_t min, size_t max)
{
    switch (rnd() % 4) {
    case 0:
        return rnd_range(min, min + 32);
    case 1:
        return rnd_range(min, min + 300);
    case 2:
        return rnd_range(min, max);
    default:
        return rnd() & 1 ? min : max;
    }
}

/* True if 'v4' must never be translated through a prefix (RFC 6052
 * section 3.1, doc/rfc-traceability.md): 0/8, 127/8, 169.254/16, 224/4,
 * 255.255.255.255; also class E. */
static bool
v4_special(uint32_t v4)
{
    return (v4 >> 24 == 0 || v4 >> 24 == 127 || v4 >> 16 == 0xa9fe
            || v4 >> 28 >= 0xe);
}

static bool
in_eam4(const struct rt_config *c, uint32_t v4)
{
    return v4 >> c->eam_bits == c->eam4 >> c->eam_bits;
}

/* An IPv4 address outside the EAM entry that the prefix may carry. */
static uint32_t
rnd_prefix_v4(const struct rt_config *c)
{
    uint32_t v4;

    do {
        v4 = (rnd() << 16) ^ rnd();
    } while (v4_special(v4) || in_eam4(c, v4));
    return v4;
}

/* An IPv4 address that maps: half the time inside the EAM entry. */
static uint32_t
rnd_v4(const struct rt_config *c)
{
    if (rnd() & 1) {
        return c->eam4 | (rnd() & ((1u << c->eam_bits) - 1));
    }
    return rnd_prefix_v4(c);
}

/* RFC 6052 section 2.2: 'v4' embedded in the config's prefix (u-octet
 * and suffix zero). */
static void
embed(const struct rt_config *c, uint32_t v4, uint8_t v6[16])
{
    memset(v6, 0, 16);
    memcpy(v6, c->prefix, c->prefix_len / 8);
    if (c->prefix_len == 96) {
        put_be32(v6 + 12, v4);
    } else {
        v6[5] = v4 >> 24;
        v6[6] = v4 >> 16;
        v6[7] = v4 >> 8;
        v6[9] = v4;
    }
}

/* An IPv6 address that maps and maps back to itself: half the time inside
 * the EAM entry, else an embedded IPv4 address outside it. */
static void
rnd_v6(const struct rt_config *c, uint8_t v6[16])
{
    if (rnd() & 1) {
        memcpy(v6, c->eam6, 16);
        v6[15] = rnd() & ((1u << c->eam_bits) - 1);
    } else {
        embed(c, rnd_prefix_v4(c), v6);
    }
}

/* Writes an upper layer of 'proto' at 'l4', 'len' bytes (at least its
 * fixed header), with random fields and payload; checksum left zero. */
static void
fill_l4(uint8_t *l4, uint8_t proto, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        l4[i] = rnd();
    }
    switch (proto) {
    case IPPROTO_TCP_: {
        /* Data offset 5, 6 or 8 words, options as NOPs with an MSS. */
        static const int doffs[] = { 5, 6, 8 };
        int doff = doffs[rnd() % 3];

        while (doff * 4 > (int) len) {
            doff--;
        }
        l4[12] = doff << 4;
        l4[13] = rnd() & 0x3f;
        memset(l4 + 20, 1, doff * 4 - 20);
        if (doff > 5) {
            l4[20] = 2;
            l4[21] = 4;
        }
        break;
    }
    case IPPROTO_UDP_:
        put_be16(l4 + 4, len);
        break;
    case IPPROTO_ICMP_:
        l4[0] = rnd() & 1 ? 8 : 0;     /* Echo Request or Reply. */
        l4[1] = 0;
        break;
    case IPPROTO_ICMPV6_:
        l4[0] = rnd() & 1 ? 128 : 129;
        l4[1] = 0;
        break;
    }
}

/* Fills in checksums; for UDP, changes the source port until the computed
 * checksum is not zero (see the file comment). */
static void
finish(uint8_t *p, size_t len, uint8_t proto, size_t l4_ofs)
{
    for (;;) {
        test_fix_checksums(p, len);
        if (proto != IPPROTO_UDP_ || get_be16(p + l4_ofs + 6) != 0xffff) {
            return;
        }
        p[l4_ofs]++;
    }
}

/* Builds a random IPv4 packet of 'proto' for config 'c'; returns its
 * length. */
static size_t
gen4(const struct rt_config *c, uint8_t proto, uint8_t *p)
{
    size_t min = proto == IPPROTO_TCP_ ? TCP_HEADER_LEN : UDP_HEADER_LEN;
    bool df = rnd() & 1;
    size_t l4_len = rnd_len(min, df ? MAX_L4 : 1260 - IP_HEADER_LEN);
    size_t len = IP_HEADER_LEN + l4_len;

    memset(p, 0, IP_HEADER_LEN);
    p[0] = 0x45;
    p[1] = rnd();
    put_be16(p + 2, len);
    put_be16(p + 4, rnd());
    put_be16(p + 6, df ? IP_DF : 0);
    p[8] = rnd() % 4 ? rnd_range(3, 255) : (rnd() & 1 ? 3 : 255);
    p[9] = proto;
    put_be32(p + 12, rnd_v4(c));
    put_be32(p + 16, rnd_v4(c));
    fill_l4(p + IP_HEADER_LEN, proto, l4_len);
    finish(p, len, proto, IP_HEADER_LEN);
    return len;
}

/* Builds a random IPv6 packet of 'proto' for config 'c'; returns its
 * length. */
static size_t
gen6(const struct rt_config *c, uint8_t proto, uint8_t *p)
{
    size_t min = proto == IPPROTO_TCP_ ? TCP_HEADER_LEN : UDP_HEADER_LEN;
    size_t l4_len = rnd_len(min, MAX_L4);
    size_t len = IPV6_HEADER_LEN + l4_len;

    /* Version 6, random traffic class, nonzero flow label. */
    put_be32(p, 0x60000000 | (rnd() & 0xff) << 20
                | ((rnd() << 4 ^ rnd()) & 0xfffff) | 1);
    put_be16(p + 4, l4_len);
    p[6] = proto;
    p[7] = rnd() % 4 ? rnd_range(3, 255) : (rnd() & 1 ? 3 : 255);
    rnd_v6(c, p + 8);
    rnd_v6(c, p + 24);
    fill_l4(p + IPV6_HEADER_LEN, proto, l4_len);
    finish(p, len, proto, IPV6_HEADER_LEN);
    return len;
}

/* Translates 'len' bytes at 'in' with 'cfg' in a fresh buffer with room on
 * both sides; copies a FORWARD result to 'out' ('*out_len' bytes). */
static enum ipxlat_reason
xlat(const struct ipxlat_config *cfg, const uint8_t *in, size_t len,
     uint8_t *out, size_t *out_len)
{
    static uint8_t buf[RT_BUF];
    struct ipxlat_ctx ctx = { .now_ms = 1000 };
    struct ipxlat_pkt pkt = {
        .data = buf + RT_HEADROOM,
        .len = len,
        .headroom = RT_HEADROOM,
        .tailroom = sizeof buf - RT_HEADROOM - len,
    };
    enum ipxlat_reason r;

    memcpy(pkt.data, in, len);
    r = ipxlat_translate(cfg, &ctx, test_family(&pkt), &pkt);
    *out_len = 0;
    if (ipxlat_reason_verdict(r) == IPXLAT_FORWARD) {
        assert_true(pkt.len <= 2048);
        memcpy(out, pkt.data, pkt.len);
        *out_len = pkt.len;
    }
    return r;
}

/* Returns the offset of the first byte of 'got' that differs from the
 * original IPv4 packet 'orig' in a way the 4->6->4 round trip does not
 * allow (see the file comment), or -1 if none does. */
static long
diff_46_64(const uint8_t *orig, const uint8_t *got, size_t len)
{
    uint8_t want[2048];

    memcpy(want, orig, len);
    put_be16(want + 4, get_be16(got + 4));              /* ID. */
    want[6] = len > 1260 ? 0x40 : 0x00;                 /* DF, MF, off. */
    want[7] = 0;
    want[8] = orig[8] - 2;                              /* TTL. */
    want[10] = want[11] = 0;
    test_fix_ip4_header(want);
    for (size_t i = 0; i < len; i++) {
        if (want[i] != got[i]) {
            return i;
        }
    }
    return -1;
}

/* Returns the offset of the first byte of 'got' that differs from the
 * original IPv6 packet 'orig' in a way the 6->4->6 round trip does not
 * allow, or -1 if none does. */
static long
diff_64_46(const uint8_t *orig, const uint8_t *got, size_t len)
{
    uint8_t want[2048];

    memcpy(want, orig, len);
    want[1] &= 0xf0;                                    /* Flow label. */
    want[2] = want[3] = 0;
    want[7] = orig[7] - 2;                              /* Hop limit. */
    for (size_t i = 0; i < len; i++) {
        if (want[i] != got[i]) {
            return i;
        }
    }
    return -1;
}

/* Runs N_PACKETS round trips of 'proto' packets starting in IPv4 (if
 * 'from4') or IPv6, through every config. */
static void
roundtrip(uint8_t proto, bool from4)
{
    static uint8_t orig[2048], mid[2048], back[2048];

    rng = 0x2545f4914f6cdd1dULL ^ (proto * 0x100000001b3ULL) ^ from4;
    for (size_t k = 0; k < N_CONFIGS; k++) {
        const struct rt_config *c = &rt_configs[k];
        struct ipxlat_config *cfg = test_config(c->text);

        for (int n = 0; n < N_PACKETS; n++) {
            size_t len, mid_len, back_len = 0;
            enum ipxlat_reason r1, r2;
            long at;

            len = from4 ? gen4(c, proto, orig) : gen6(c, proto, orig);
            r1 = xlat(cfg, orig, len, mid, &mid_len);
            r2 = r1 == (from4 ? IPXLAT_XLAT_46 : IPXLAT_XLAT_64)
                 ? xlat(cfg, mid, mid_len, back, &back_len)
                 : IPXLAT_N_REASONS;
            if (r2 != (from4 ? IPXLAT_XLAT_64 : IPXLAT_XLAT_46)) {
                test_print_hex("original", orig, len);
                if (mid_len) {
                    test_print_hex("translated", mid, mid_len);
                }
                fail_msg("config %zu packet %d: reasons %s, %s", k, n,
                         ipxlat_reason_name(r1),
                         r2 < IPXLAT_N_REASONS
                         ? ipxlat_reason_name(r2) : "-");
            }
            at = back_len != len ? 0
                 : from4 ? diff_46_64(orig, back, len)
                 : diff_64_46(orig, back, len);
            if (back_len != len || at >= 0) {
                test_print_hex("original", orig, len);
                test_print_hex("translated", mid, mid_len);
                test_print_hex("back", back, back_len);
                fail_msg("config %zu packet %d: %s at offset %ld", k, n,
                         back_len != len ? "length differs"
                         : "byte differs", at);
            }
        }
        ipxlat_config_free(cfg);
    }
}

/* The comparisons themselves reject a change to any byte that the RFC
 * does not let change (all but the IPv4 Identification), so the round
 * trip tests below can fail. */
static void
comparison_flags_every_other_byte(void **state)
{
    const struct rt_config *c = &rt_configs[0];
    uint8_t orig[2048], got[2048];
    size_t len;

    rng = 1;
    do {
        len = gen4(c, IPPROTO_UDP_, orig);
    } while (len > 200);
    memcpy(got, orig, len);
    put_be16(got + 4, get_be16(orig + 4) + 1);
    got[6] = 0;
    got[8] -= 2;
    test_fix_ip4_header(got);
    assert_int_equal(diff_46_64(orig, got, len), -1);
    for (size_t i = 0; i < len; i++) {
        got[i] ^= 0x01;
        if (i != 4 && i != 5) {
            assert_int_equal(diff_46_64(orig, got, len), i);
        }
        got[i] ^= 0x01;
    }

    do {
        len = gen6(c, IPPROTO_TCP_, orig);
    } while (len > 200);
    memcpy(got, orig, len);
    got[1] &= 0xf0;
    got[2] = got[3] = 0;
    got[7] -= 2;
    assert_int_equal(diff_64_46(orig, got, len), -1);
    for (size_t i = 0; i < len; i++) {
        got[i] ^= 0x01;
        assert_int_equal(diff_64_46(orig, got, len), i);
        got[i] ^= 0x01;
    }
}

static void
tcp_46_64_restores_all_but_id_df_ttl(void **state)
{
    roundtrip(IPPROTO_TCP_, true);
}

static void
udp_46_64_restores_all_but_id_df_ttl(void **state)
{
    roundtrip(IPPROTO_UDP_, true);
}

static void
icmp_echo_46_64_restores_all_but_id_df_ttl(void **state)
{
    roundtrip(IPPROTO_ICMP_, true);
}

static void
tcp_64_46_restores_all_but_hop_limit_and_flow_label(void **state)
{
    roundtrip(IPPROTO_TCP_, false);
}

static void
udp_64_46_restores_all_but_hop_limit_and_flow_label(void **state)
{
    roundtrip(IPPROTO_UDP_, false);
}

static void
icmp_echo_64_46_restores_all_but_hop_limit_and_flow_label(void **state)
{
    roundtrip(IPPROTO_ICMPV6_, false);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comparison_flags_every_other_byte),
        cmocka_unit_test(tcp_46_64_restores_all_but_id_df_ttl),
        cmocka_unit_test(udp_46_64_restores_all_but_id_df_ttl),
        cmocka_unit_test(icmp_echo_46_64_restores_all_but_id_df_ttl),
        cmocka_unit_test(tcp_64_46_restores_all_but_hop_limit_and_flow_label),
        cmocka_unit_test(udp_64_46_restores_all_but_hop_limit_and_flow_label),
        cmocka_unit_test(
            icmp_echo_64_46_restores_all_but_hop_limit_and_flow_label),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
