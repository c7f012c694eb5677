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

/* libFuzzer target for ipxlat_translate() with a reassembly context: a
 * datagram is cut into fragments, which are translated one by one, and
 * whatever completes must be exactly what translating the datagram whole
 * gives.
 *
 * Input layout:
 *
 *     byte 0      selector of fuzz-translate.c (config, bits 0-2);
 *     byte 1      plan: bits 0-1 the order (in order, reversed, first
 *                 then reversed, rotated), bit 2 one piece sent twice,
 *                 bit 3 fill in valid checksums first;
 *     byte 2      payload bytes per fragment: 8 * (1 + byte % 200);
 *     bytes 3-6   the IPv6 Identification;
 *     the rest    the datagram, IPv4 or IPv6 (a 40-byte header), whose
 *                 lengths are set to the bytes given and whose IPv4
 *                 fragment fields are cleared.
 *
 * The oracle (RFC 7915 on the whole): the IPv4 datagram with its flags
 * clear, or the IPv6 one as an atomic fragment with that Identification,
 * translated without a context.  Its reason, with XLAT_46, FRAG_46,
 * XLAT_64 and FRAG_64 read as their REASM_ counterparts, and every byte
 * it emits must be those of the fragment that completes the datagram.
 * Every fragment is copied into a buffer of its exact size plus the
 * engine's headroom and the context lives in memory of its exact size,
 * so that AddressSanitizer sees any stray access; the context stays
 * within its bounds and is empty once expired. */

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "fuzz-inputs.h"
#include "ipxlat.h"
#include "ipxlat-packets.h"
#include "testpkt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DGRAM 4096          /* Longest datagram taken (-max_len). */
#define MAX_PIECES 64
#define MAX_OUT 16              /* Packets emitted for one input. */

static struct ipxlat_eamt *table;

/* Datagrams completed and compared, by reason, printed at exit if the
 * environment variable FUZZ_REASONS is set (to see that the corpus
 * reaches them: 'FUZZ_REASONS=1 fuzz/fuzz-reasm-xlat -runs=0 CORPUS'). */
static uint64_t completed_counts[IPXLAT_N_REASONS];

static void
print_completed(void)
{
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        if (completed_counts[i]) {
            fprintf(stderr, "completed %-20s %" PRIu64 "\n",
                    ipxlat_reason_name(i), completed_counts[i]);
        }
    }
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (getenv("FUZZ_REASONS")) {
        atexit(print_completed);
    }
    table = fuzz_table_create();
    CHECK(table != NULL);
    return 0;
}

/* What one translation emitted: its reason and its packets. */
struct emitted {
    enum ipxlat_reason r;
    size_t n;
    size_t len[MAX_OUT];
    uint8_t pkt[MAX_OUT][MAX_DGRAM + 128];
};

/* Translates the 'len' bytes at 'p' at time 1000 with context 'reasm' (for
 * fragments), in a buffer of exactly IPXLAT_HEADROOM + len + 'tail' bytes,
 * into '*out'. */
static void
translate(const struct ipxlat_config *cfg, struct ipxlat_reasm *reasm,
          const uint8_t *p, size_t len, size_t tail, struct emitted *out)
{
    uint8_t *buf = malloc(IPXLAT_HEADROOM + len + tail);
    struct ipxlat_frag_iter it;
    struct ipxlat_pkt pkt = {
        .data = buf + IPXLAT_HEADROOM,
        .len = len,
        .headroom = IPXLAT_HEADROOM,
        .tailroom = tail,
    };
    struct ipxlat_ctx ctx = {
        .now_ms = 1000,
        .table = table,
        .reasm = ipxlat_pkt_needs_reasm(cfg, p, len) ? reasm : NULL,
    };
    size_t n;

    CHECK(buf != NULL);
    memcpy(pkt.data, p, len);
    out->n = 0;
    out->r = ipxlat_translate(cfg, &ctx, fuzz_family(0, p, len), &pkt);
    switch (ipxlat_reason_verdict(out->r)) {
    case IPXLAT_FORWARD:
    case IPXLAT_BOUNCE:
        CHECK(pkt.len <= sizeof out->pkt[0]);
        memcpy(out->pkt[0], pkt.data, pkt.len);
        out->len[0] = pkt.len;
        out->n = 1;
        break;
    case IPXLAT_FRAGMENTS:
        ipxlat_frag_init(&it, cfg, &pkt);
        while ((n = ipxlat_frag_next(&it, out->pkt[out->n],
                                     sizeof out->pkt[0]))) {
            out->len[out->n++] = n;
            CHECK(out->n < MAX_OUT);
        }
        break;
    case IPXLAT_HELD:
    case IPXLAT_DROP:
    default:
        break;
    }
    free(buf);
}

/* The reason a reassembled datagram gets for the reason 'r' of the same
 * datagram translated whole. */
static enum ipxlat_reason
as_reassembled(enum ipxlat_reason r)
{
    switch (r) {
    case IPXLAT_XLAT_46:
        return IPXLAT_REASM_46;
    case IPXLAT_FRAG_46:
        return IPXLAT_REASM_FRAG_46;
    case IPXLAT_XLAT_64:
        return IPXLAT_REASM_64;
    case IPXLAT_FRAG_64:
        return IPXLAT_REASM_FRAG_64;
    default:
        return r;
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t d[MAX_DGRAM], whole[MAX_DGRAM + 8];
    static uint8_t pieces[MAX_PIECES][MAX_DGRAM];
    static struct emitted got, want;
    size_t piece_len[MAX_PIECES], order[MAX_PIECES + 1];
    size_t len, hlen, payload, chunk, n_pieces, n_sent, whole_len;
    struct ipxlat_reasm_usage use;
    struct ipxlat_stats stats;
    struct ipxlat_config *cfg;
    struct ipxlat_reasm *reasm;
    uint8_t plan, version;
    bool completed = false;
    size_t mem_size;
    uint32_t id6;
    void *mem;

    if (size < 7 + 20 || size - 7 > MAX_DGRAM) {
        return 0;
    }
    plan = data[1];
    chunk = 8 * (1 + data[2] % 200);
    id6 = (uint32_t) data[3] << 24 | data[4] << 16 | data[5] << 8 | data[6];
    len = size - 7;
    memcpy(d, data + 7, len);

    /* A whole datagram, lengths as given. */
    version = d[0] >> 4;
    if (version == 4) {
        hlen = (d[0] & 0xf) * 4;
        if (hlen < 20 || hlen >= len) {
            return 0;
        }
        put_be16(d + 2, len);
        put_be16(d + 6, get_be16(d + 6) & IP_DF);
    } else if (version == 6 && len > 40) {
        hlen = 40;
        put_be16(d + 4, len - 40);
        if (d[6] == IPPROTO_HOPOPTS_ || d[6] == IPPROTO_ROUTING_
            || d[6] == IPPROTO_DSTOPTS_ || d[6] == IPPROTO_FRAGMENT_) {
            return 0;
        }
    } else {
        return 0;
    }
    if (plan & 8) {
        test_fix_checksums(d, len);
    }
    if (version == 4) {
        test_fix_ip4_header(d);
    }

    /* Its fragments. */
    payload = len - hlen;
    while ((payload + chunk - 1) / chunk > MAX_PIECES) {
        chunk *= 2;
    }
    n_pieces = (payload + chunk - 1) / chunk;
    for (size_t i = 0; i < n_pieces; i++) {
        piece_len[i] = (version == 4
                        ? test_frag4(d, len, i * chunk, chunk, pieces[i])
                        : test_frag6(d, len, i * chunk, chunk, id6,
                                     pieces[i]));
    }
    for (size_t i = 0; i < n_pieces; i++) {
        switch (plan & 3) {
        case 0:
            order[i] = i;
            break;
        case 1:
            order[i] = n_pieces - 1 - i;
            break;
        case 2:
            order[i] = i ? n_pieces - i : 0;
            break;
        default:
            order[i] = (i + data[2]) % n_pieces;
            break;
        }
    }
    n_sent = n_pieces;
    if (plan & 4) {
        order[n_sent++] = order[data[3] % n_pieces];
    }

    if (ipxlat_config_parse(fuzz_configs[data[0] & 7], &cfg)) {
        abort();
    }
    mem_size = ipxlat_reasm_mem_size(cfg);
    CHECK(mem_size > 0);
    mem = malloc(mem_size);
    CHECK(mem != NULL);
    reasm = ipxlat_reasm_init(mem, mem_size, cfg);
    CHECK(reasm != NULL);

    for (size_t i = 0; i < n_sent; i++) {
        translate(cfg, reasm, pieces[order[i]], piece_len[order[i]], 0, &got);
        ipxlat_reasm_get_usage(reasm, &use);
        CHECK(use.datagrams <= use.max_datagrams);
        CHECK(use.bytes <= use.max_bytes);
        if (got.r == IPXLAT_REASM_46 || got.r == IPXLAT_REASM_FRAG_46
            || got.r == IPXLAT_REASM_64 || got.r == IPXLAT_REASM_FRAG_64
            || (got.r == IPXLAT_HAIRPIN && version == 6
                && d[6] == IPPROTO_ICMPV6_ && n_pieces > 1)) {
            /* Once per datagram (a later duplicate starts a new one). */
            CHECK(!completed);
            completed = true;
            break;
        }
    }

    if (completed) {
        /* The oracle. */
        if (version == 4) {
            memcpy(whole, d, len);
            put_be16(whole + 6, 0);
            test_fix_ip4_header(whole);
            whole_len = len;
        } else {
            memcpy(whole, d, 40);
            whole[6] = IPPROTO_FRAGMENT_;
            whole[40] = d[6];
            whole[41] = 0;
            put_be16(whole + 42, 0);
            put_be32(whole + 44, id6);
            memcpy(whole + 48, d + 40, len - 40);
            put_be16(whole + 4, len - 40 + 8);
            whole_len = len + 8;
        }
        translate(cfg, NULL, whole, whole_len, 65536, &want);
        if (want.r != IPXLAT_HAIRPIN) {
            CHECK(got.r == as_reassembled(want.r));
        } else {
            CHECK(got.r == IPXLAT_HAIRPIN);
        }
        CHECK(got.n == want.n);
        completed_counts[got.r]++;
        for (size_t i = 0; i < got.n; i++) {
            CHECK(got.len[i] == want.len[i]);
            CHECK(!memcmp(got.pkt[i], want.pkt[i], got.len[i]));
        }
    }

    memset(&stats, 0, sizeof stats);
    ipxlat_reasm_expire(reasm, UINT64_MAX, &stats);
    ipxlat_reasm_get_usage(reasm, &use);
    CHECK(use.datagrams == 0 && use.bytes == 0);
    free(mem);
    ipxlat_config_free(cfg);
    return 0;
}
