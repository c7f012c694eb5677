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

/* libFuzzer target for ipxlat_translate().
 *
 * Input layout: one selector byte, then the packet.  The selector picks
 *
 *     bits 0-2   one of the fixed configs in fuzz-inputs.h;
 *     bits 3-4   how much room the buffer has around the packet;
 *     bit 5      whether to fill in valid checksums before translating, so
 *                that the fuzzer also explores packets the engine accepts
 *                and the checksum invariants below get exercised.
 *
 * The packet is copied into a buffer malloc'd at exactly headroom + len +
 * tailroom bytes, so AddressSanitizer's redzones catch any access outside
 * [data - headroom, data + len + tailroom).  Invariants checked after each
 * translation are listed at check_output(). */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-config.h"
#include "fuzz-check.h"
#include "fuzz-inputs.h"
#include "ipxlat.h"
#include "ipxlat-packets.h"
#include "testpkt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The host table that the 'table=fuzz' config names. */
static struct ipxlat_eamt *table;

/* How often each reason came out, printed at exit if the environment
 * variable FUZZ_REASONS is set (to see which paths the corpus reaches,
 * e.g. 'FUZZ_REASONS=1 fuzz/fuzz-translate -runs=0 CORPUS'). */
static uint64_t reason_counts[IPXLAT_N_REASONS];

static void
print_reasons(void)
{
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        fprintf(stderr, "%-26s %" PRIu64 "\n", ipxlat_reason_name(i),
                reason_counts[i]);
    }
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (getenv("FUZZ_REASONS")) {
        atexit(print_reasons);
    }
    table = fuzz_table_create();
    CHECK(table != NULL);
    return 0;
}

/* Where the checksummed upper layer of a simple packet lies. */
struct l4_span {
    size_t ofs;                 /* Offset of the upper-layer header. */
    size_t len;                 /* Its length with payload. */
    uint8_t proto;              /* Upper-layer protocol. */
    uint32_t pseudo;            /* Pseudo-header partial sum (0 for ICMP). */
};

/* Finds the upper layer of 'p' if it is a "simple" packet: IPv4 without
 * fragmentation whose lengths agree, or IPv6 without extension headers
 * whose lengths agree, carrying TCP, UDP (with a matching UDP length),
 * ICMP or ICMPv6 that is long enough for its fixed header.  Returns false
 * for anything else. */
static bool
find_l4(const uint8_t *p, size_t len, struct l4_span *s)
{
    if (len >= IP_HEADER_LEN && IP_VER(p[0]) == 4) {
        const struct ip_header *ip = (const struct ip_header *) p;
        size_t hlen = IP_IHL(p[0]) * 4;

        if (hlen < IP_HEADER_LEN || hlen > len
            || get_be16(&ip->ip_tot_len) != len
            || get_be16(&ip->ip_frag_off) & (IP_MF | IP_FRAG_OFF_MASK)) {
            return false;
        }
        s->ofs = hlen;
        s->proto = ip->ip_proto;
        s->len = len - hlen;
        s->pseudo = test_csum_pseudo4(p, ip->ip_proto, s->len);
    } else if (len >= IPV6_HEADER_LEN && IP_VER(p[0]) == 6) {
        const struct ip6_header *ip6 = (const struct ip6_header *) p;

        if (get_be16(&ip6->ip6_plen) + IPV6_HEADER_LEN != len) {
            return false;
        }
        s->ofs = IPV6_HEADER_LEN;
        s->proto = ip6->ip6_nxt;
        s->len = len - IPV6_HEADER_LEN;
        s->pseudo = test_csum_pseudo6(p, ip6->ip6_nxt, s->len);
    } else {
        return false;
    }

    switch (s->proto) {
    case IPPROTO_TCP_:
        return s->len >= TCP_HEADER_LEN;
    case IPPROTO_UDP_:
        return s->len >= UDP_HEADER_LEN
               && get_be16(p + s->ofs + 4) == s->len;
    case IPPROTO_ICMP_:
        if (IP_VER(p[0]) != 4) {
            return false;
        }
        s->pseudo = 0;
        return s->len >= ICMP_HEADER_LEN;
    case IPPROTO_ICMPV6_:
        return IP_VER(p[0]) == 6 && s->len >= ICMP_HEADER_LEN;
    default:
        return false;
    }
}

/* Checksum state of a packet's upper layer. */
enum csum_state {
    CSUM_NA,                    /* Not a simple packet, or IPv4 UDP with
                                 * checksum zero (no checksum). */
    CSUM_BAD,                   /* Present and wrong. */
    CSUM_GOOD,                  /* Present and right. */
};

static enum csum_state
l4_csum_state(const uint8_t *p, size_t len)
{
    struct l4_span s;

    if (!find_l4(p, len, &s)) {
        return CSUM_NA;
    }
    if (s.proto == IPPROTO_UDP_ && IP_VER(p[0]) == 4
        && !get_be16(p + s.ofs + 6)) {
        return CSUM_NA;
    }
    return (test_csum_finish(test_csum_add(s.pseudo, p + s.ofs, s.len)) == 0
            ? CSUM_GOOD : CSUM_BAD);
}

/* True if 'p' is IPv4 UDP with checksum zero. */
static bool
is_udp4_zero_csum(const uint8_t *p, size_t len)
{
    struct l4_span s;

    return (find_l4(p, len, &s) && IP_VER(p[0]) == 4
            && s.proto == IPPROTO_UDP_ && !get_be16(p + s.ofs + 6));
}

/* True if the IPv4 header of 'p' has a correct checksum. */
static bool
ip4_csum_ok(const uint8_t *p, size_t hlen)
{
    return test_csum_finish(test_csum_add(0, p, hlen)) == 0;
}

/* Fills in the IPv4 header checksum and the upper-layer checksum of 'p',
 * as far as it can be parsed. */
static void
fix_checksums(uint8_t *p, size_t len)
{
    struct l4_span s;

    if (len >= IP_HEADER_LEN && IP_VER(p[0]) == 4) {
        size_t hlen = IP_IHL(p[0]) * 4;

        if (hlen >= IP_HEADER_LEN && hlen <= len) {
            test_fix_ip4_header(p);
        }
    }
    if (find_l4(p, len, &s)) {
        test_fix_l4(p + s.ofs, s.len, s.proto, s.pseudo);
    }
}

/* Checks that 'p' ('len' bytes) is a well-formed IP packet of version
 * 'ver' as the engine emits them: IPv4 with a 20-byte header, matching
 * total length and a correct header checksum; IPv6 with a matching
 * payload length. */
static void
check_ip_header(const uint8_t *p, size_t len, int ver)
{
    CHECK(len >= 1 && IP_VER(p[0]) == ver);
    if (ver == 4) {
        CHECK(len >= IP_HEADER_LEN);
        CHECK(IP_IHL(p[0]) == 5);
        CHECK(get_be16(p + 2) == len);
        CHECK(ip4_csum_ok(p, IP_HEADER_LEN));
    } else {
        CHECK(len >= IPV6_HEADER_LEN);
        CHECK(get_be16(p + 4) + IPV6_HEADER_LEN == len);
    }
}

/* Checks that cutting 'pkt' (into 'pieces' fragments of at most 'cap'
 * bytes) with its first fragment made in place, in a copy, gives the same
 * fragments as ipxlat_frag_next() alone, and that ipxlat_frag_count()
 * counts them. */
static void
check_fragments_in_place(const struct ipxlat_config *cfg,
                         const struct ipxlat_pkt *pkt, size_t cap,
                         size_t pieces)
{
    uint8_t *copy = malloc(pkt->len + 1), *a = malloc(cap), *b = malloc(cap);
    struct ipxlat_frag_iter ia, ib;
    struct ipxlat_pkt cp = *pkt;
    size_t na, nb, first;

    CHECK(copy && a && b);
    memcpy(copy, pkt->data, pkt->len);
    cp.data = copy;
    ipxlat_frag_init(&ia, cfg, pkt);
    ipxlat_frag_init(&ib, cfg, &cp);
    CHECK(ipxlat_frag_count(&ib) == pieces);
    first = ipxlat_frag_first_in_place(&ib, copy);
    na = ipxlat_frag_next(&ia, a, cap);
    if (first) {
        CHECK(first == na && !memcmp(copy, a, na));
        CHECK(ipxlat_frag_count(&ib) == pieces - 1);
        na = ipxlat_frag_next(&ia, a, cap);
    }
    while (na) {
        nb = ipxlat_frag_next(&ib, b, cap);
        CHECK(nb == na && !memcmp(a, b, na));
        na = ipxlat_frag_next(&ia, a, cap);
    }
    CHECK(!ipxlat_frag_next(&ib, b, cap) && !ipxlat_frag_count(&ib));
    free(copy);
    free(a);
    free(b);
}

/* Runs the fragment iterator over 'pkt', a translated packet of IP
 * version 'ver', into a buffer of exactly the largest piece size allowed
 * (min(mtu6, lowest_ipv6_mtu) for IPv6, mtu4 for IPv4) and checks every
 * piece: it fits; it is a well-formed packet of the same version (IPv6
 * with a Fragment header, IPv4 with DF clear) with the packet's
 * identification; its offset continues where the previous piece ended,
 * and all pieces but the last carry a multiple of 8 bytes; the last one
 * keeps the packet's own More Fragments flag; the pieces together carry
 * the whole payload, and the datagram does not reach past offset 65535. */
static void
check_fragments(const struct ipxlat_config *cfg,
                const struct ipxlat_pkt *pkt, int ver)
{
    size_t mpl = cfg->mtu6 < cfg->lowest_ipv6_mtu
                 ? cfg->mtu6 : cfg->lowest_ipv6_mtu;
    size_t cap = ver == 6 ? mpl : cfg->mtu4;
    uint8_t *buf = malloc(cap);
    struct ipxlat_frag_iter it;
    size_t payload = 0, n, pieces = 0;
    bool last_mf = true;

    CHECK(buf != NULL);
    ipxlat_frag_init(&it, cfg, pkt);
    CHECK(it.hdr_len <= pkt->len);
    CHECK(it.base_offset + (pkt->len - it.hdr_len) <= 65535);
    while ((n = ipxlat_frag_next(&it, buf, cap)) != 0) {
        size_t hlen, ofs;
        bool mf;

        CHECK(++pieces <= pkt->len / 8 + 2);
        CHECK(n <= cap);
        CHECK(last_mf && payload % 8 == 0);
        check_ip_header(buf, n, ver);
        if (ver == 6) {
            const struct ip6_frag_header *fh;

            hlen = IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN;
            CHECK(n >= hlen && buf[6] == IPPROTO_FRAGMENT_);
            fh = (const struct ip6_frag_header *) (buf + IPV6_HEADER_LEN);
            ofs = get_be16(&fh->off_flags) & IP6_FRAG_OFF_MASK;
            mf = get_be16(&fh->off_flags) & IP6_FRAG_MF;
            CHECK(get_be32(fh->id) == it.id);
        } else {
            uint16_t frag = get_be16(buf + 6);

            hlen = IP_HEADER_LEN;
            CHECK(!(frag & IP_DF));
            ofs = (size_t) (frag & IP_FRAG_OFF_MASK) << 3;
            mf = frag & IP_MF;
            CHECK(get_be16(buf + 4) == (it.id & 0xffff));
        }
        CHECK(ofs == it.base_offset + payload);
        last_mf = mf;
        payload += n - hlen;
    }
    CHECK(pieces >= 1);
    CHECK(last_mf == it.base_mf);
    CHECK(payload == pkt->len - it.hdr_len);
    free(buf);
    check_fragments_in_place(cfg, pkt, cap, pieces);
}

/* Facts about the input, taken before it is translated in place. */
struct input_facts {
    const uint8_t *start;       /* Where the packet started in the buffer. */
    int ver;                    /* IP version nibble. */
    bool mismatch;              /* The host named the other family. */
    uint8_t hops;               /* TTL or hop limit. */
    enum csum_state csum;       /* Upper-layer checksum state. */
    uint8_t proto;              /* Upper-layer protocol if simple. */
    bool udp4_zero;             /* IPv4 UDP with checksum zero. */
};

/* Checks the result of one translation:
 *
 *   - the reason is valid, has a name, and was counted exactly once;
 *   - a packet whose version nibble is not the family the host named is
 *     dropped as drop_family_mismatch, and only such a packet;
 *   - FORWARD, BOUNCE and FRAGMENTS results lie inside the buffer (and
 *     so do their head and tail room), keep the 2-byte alignment of the
 *     input (ipxlat.h: 'data' must be 2-byte aligned, so a host may hand
 *     the result to the engine again), start
 *     with version 4 or 6 as the reason implies (translations change the
 *     family, hairpins end in IPv6, errors go back in the sender's family)
 *     and have consistent IP headers;
 *   - TTL/hop limit went down by exactly one on a plain translation;
 *   - translator-built ICMP errors carry correct checksums;
 *   - a correct TCP/UDP/ICMP checksum stays correct, a wrong TCP or UDP
 *     checksum stays wrong (RFC 1624 incremental update), an amended IPv4
 *     zero UDP checksum becomes correct;
 *   - the fragment iterator covers a FRAGMENTS result exactly
 *     (check_fragments()), and gives the same pieces with the first one
 *     made in place (check_fragments_in_place()). */
static void
check_output(const struct ipxlat_config *cfg, const struct input_facts *in,
             enum ipxlat_reason r, const struct ipxlat_stats *stats,
             const struct ipxlat_pkt *pkt, const uint8_t *base, size_t size)
{
    enum ipxlat_verdict v;
    uint64_t total = 0;

    CHECK((unsigned int) r < IPXLAT_N_REASONS);
    CHECK(strcmp(ipxlat_reason_name(r), "unknown"));
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        total += stats->n[i];
    }
    CHECK(total == 1 && stats->n[r] == 1);
    CHECK((r == IPXLAT_DROP_FAMILY_MISMATCH) == in->mismatch);

    v = ipxlat_reason_verdict(r);
    CHECK(v == IPXLAT_FORWARD || v == IPXLAT_FRAGMENTS
          || v == IPXLAT_BOUNCE || v == IPXLAT_DROP);
    if (v == IPXLAT_DROP) {
        return;
    }

    CHECK(pkt->data >= base && pkt->len <= size
          && pkt->data + pkt->len <= base + size);
    CHECK(pkt->len >= IP_HEADER_LEN);

    /* The engine moves 'data' by even amounts only. */
    CHECK((size_t) (pkt->data - in->start) % 2 == 0);

    /* The room fields still describe the buffer, so that a host may hand
     * the packet on (or to the engine again) as it is. */
    CHECK(pkt->headroom <= (size_t) (pkt->data - base));
    CHECK(pkt->tailroom <= (size_t) (base + size - pkt->data - pkt->len));

    /* The checks below overlay wire structs, which need 16-bit alignment:
     * work on an aligned copy. */
    uint8_t *out = malloc(pkt->len);
    CHECK(out != NULL);
    memcpy(out, pkt->data, pkt->len);

    switch (r) {
    case IPXLAT_XLAT_46:
    case IPXLAT_HAIRPIN:
        CHECK(in->ver == (r == IPXLAT_XLAT_46 ? 4 : 6));
        check_ip_header(out, pkt->len, 6);
        if (r == IPXLAT_XLAT_46) {
            CHECK(out[7] == in->hops - 1);
        }
        break;
    case IPXLAT_XLAT_64:
        CHECK(in->ver == 6);
        check_ip_header(out, pkt->len, 4);
        CHECK(out[8] == in->hops - 1);
        break;
    case IPXLAT_FRAG_46:
    case IPXLAT_FRAG_64:
        CHECK(in->ver == (r == IPXLAT_FRAG_46 ? 4 : 6));
        CHECK(IP_VER(out[0]) == (r == IPXLAT_FRAG_46 ? 6 : 4));
        check_fragments(cfg, pkt, IP_VER(out[0]));
        break;
    default:
        /* A translator-originated error, back in the sender's family. */
        CHECK(v == IPXLAT_BOUNCE);
        check_ip_header(out, pkt->len, in->ver);
        CHECK(l4_csum_state(out, pkt->len) == CSUM_GOOD);
        break;
    }

    if (r == IPXLAT_XLAT_46 || r == IPXLAT_XLAT_64 || r == IPXLAT_HAIRPIN) {
        enum csum_state after = l4_csum_state(out, pkt->len);

        if (after != CSUM_NA) {
            if (in->csum == CSUM_GOOD || in->udp4_zero) {
                CHECK(after == CSUM_GOOD);
            } else if (in->csum == CSUM_BAD
                       && (in->proto == IPPROTO_TCP_
                           || in->proto == IPPROTO_UDP_)) {
                CHECK(after == CSUM_BAD);
            }
        }
    }
    free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ipxlat_config *cfg;
    struct ipxlat_stats stats;
    struct input_facts in;
    struct ipxlat_pkt pkt;
    struct l4_span s;
    size_t head, tail, len, total;
    uint8_t sel, *buf;
    char *error;

    if (size < 1) {
        return 0;
    }
    sel = data[0];
    data++;
    len = size - 1;

    error = ipxlat_config_parse(fuzz_configs[sel & 7], &cfg);
    if (error) {
        fprintf(stderr, "config '%s': %s\n", fuzz_configs[sel & 7], error);
        abort();
    }

    head = fuzz_rooms[(sel >> 3) & 3].head;
    tail = fuzz_rooms[(sel >> 3) & 3].tail;
    total = head + len + tail;
    buf = malloc(total ? total : 1);
    CHECK(buf != NULL);
    memset(buf, 0xa5, total);
    if (len) {
        memcpy(buf + head, data, len);
    }
    if (sel & 0x20) {
        fix_checksums(buf + head, len);
    }

    memset(&in, 0, sizeof in);
    in.start = buf + head;
    in.ver = len ? IP_VER(buf[head]) : 0;
    if (in.ver == 4 && len >= IP_HEADER_LEN) {
        in.hops = buf[head + 8];
    } else if (in.ver == 6 && len >= IPV6_HEADER_LEN) {
        in.hops = buf[head + 7];
    }
    in.csum = l4_csum_state(buf + head, len);
    in.proto = find_l4(buf + head, len, &s) ? s.proto : 0;
    in.udp4_zero = is_udp4_zero_csum(buf + head, len);

    memset(&stats, 0, sizeof stats);
    pkt.data = buf + head;
    pkt.len = len;
    pkt.headroom = head;
    pkt.tailroom = tail;

    struct ipxlat_ctx ctx = {
        .now_ms = 1000,
        .table = table,
        .stats = &stats,
    };
    enum ipxlat_family family = fuzz_family(sel, pkt.data, pkt.len);
    in.mismatch = len && in.ver != (int) family;
    enum ipxlat_reason r = ipxlat_translate(cfg, &ctx, family, &pkt);
    check_output(cfg, &in, r, &stats, &pkt, buf, total);
    reason_counts[r]++;

    free(buf);
    ipxlat_config_free(cfg);
    return 0;
}
