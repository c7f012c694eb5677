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

/* Prints what the engine makes of many packets, for
 * tests/check-fast-paths.sh to compare between two builds of it.
 *
 *     xlat-dump [--batch] [--mutants N] FILE...
 *
 * Each FILE holds one input in the layout of fuzz/fuzz-translate.c: a
 * selector byte (bits 0-2 a config, bits 3-4 the room around the packet,
 * bit 5 "fill in valid checksums first"; fuzz/fuzz-inputs.h) and the
 * packet.  Every input is translated under its own config, under every
 * config after the first eight, with and without valid checksums, and
 * then as N mutants (default 60): bytes changed, the packet cut short with
 * its length fields made to match, or its TTL, TOS and flags changed.
 * The mutants are the same in every run.  For each translation one line
 * names the input, config, mutant, reason and the packet's place in its
 * buffer, followed by the output packet and every fragment in hex.
 * With --batch, each packet goes through ipxlat_translate_batch() instead
 * of ipxlat_translate(), which must make no difference.
 *
 * Exit status 0, or 1 with a message on a bad argument or an unreadable
 * file. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-inputs.h"
#include "ipxlat.h"
#include "ipxlat-packets.h"
#include "testpkt.h"

/* After the configs of fuzz/fuzz-inputs.h: more RFC 6052 prefix lengths,
 * the conformance config and an EAM-heavy one. */
static const char *const more_configs[] = {
    "prefix=2001:db8:100::/48,icmp_rate=0",
    "prefix=2001:db8:100::/56,icmp_rate=0,amend_udp_zero_csum",
    "prefix=2001:db8:100::/64,icmp_rate=0,mtu4=1400",
    "prefix=2001:db8:100::/40,eam(1.0.0.0/24,2001:db8:3::/120),"
    "eam(10.0.0.0/24,2001:db8:2::/120),pool6791v4=203.0.113.8,"
    "src4=198.51.100.1,src6=2001:db8:1c0:2:1::,icmp_rate=0",
    "prefix=64:ff9b::/96,eam(198.51.100.10,2001:db8:1::5),"
    "eam(203.0.113.0/24,2001:db8:2::/120),hairpin=intrinsic,icmp_rate=0",
};
#define N_SELECTABLE 8          /* Configs a selector byte can pick. */

/* --batch: translate through ipxlat_translate_batch(). */
static bool batch;
#define N_CONFIGS (N_SELECTABLE + sizeof more_configs / sizeof more_configs[0])

#define MAX_INPUT 70000

static struct ipxlat_config *cfgs[N_CONFIGS];
static struct ipxlat_eamt *table;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* A fixed sequence, the same in every run. */
static uint64_t
rnd(void)
{
    return test_xorshift64(&rng);
}

static void
print_hex(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
    putchar('\n');
}

/* Fills in the IPv4 header checksum and, for a packet that is not a
 * fragment and whose lengths agree, the upper-layer checksum. */
static void
fix_checksums(uint8_t *p, size_t len)
{
    if (len >= IP_HEADER_LEN && IP_VER(p[0]) == 4) {
        size_t hlen = IP_IHL(p[0]) * 4;

        if (hlen >= IP_HEADER_LEN && hlen <= len) {
            test_fix_ip4_header(p);
            if (get_be16(p + 2) == len
                && !(get_be16(p + 6) & (IP_MF | IP_FRAG_OFF_MASK))) {
                test_fix_l4(p + hlen, len - hlen, p[9],
                            test_csum_pseudo4(p, p[9], len - hlen));
            }
        }
    } else if (len >= IPV6_HEADER_LEN && IP_VER(p[0]) == 6
               && get_be16(p + 4) + IPV6_HEADER_LEN == len) {
        test_fix_checksums(p, len);
    }
}

/* Translates the 'len' bytes at 'data' under config 'k' with selector
 * 'sel' and prints the result. */
static void
run(const char *name, size_t k, uint8_t sel, const uint8_t *data,
    size_t len, int mutant)
{
    size_t head = fuzz_rooms[(sel >> 3) & 3].head;
    size_t tail = fuzz_rooms[(sel >> 3) & 3].tail;
    uint8_t *buf = malloc(head + len + tail + 1);
    struct ipxlat_stats stats;
    enum ipxlat_family family;
    enum ipxlat_reason r;

    if (!buf) {
        abort();
    }
    memset(buf, 0xa5, head + len + tail);
    memcpy(buf + head, data, len);
    if (sel & 0x20) {
        fix_checksums(buf + head, len);
    }

    struct ipxlat_pkt pkt = {
        .data = buf + head, .len = len, .headroom = head, .tailroom = tail,
    };
    struct ipxlat_ctx ctx = {
        .now_ms = 1000, .table = table, .stats = &stats,
    };
    memset(&stats, 0, sizeof stats);
    family = fuzz_family(sel, pkt.data, pkt.len);
    if (batch) {
        ipxlat_translate_batch(cfgs[k], &ctx, family, &pkt, 1, &r);
    } else {
        r = ipxlat_translate(cfgs[k], &ctx, family, &pkt);
    }
    printf("%s config %zu mutant %d sel %02x: %s at %td len %zu "
           "headroom %zu tailroom %zu%s\n", name, k, mutant, sel,
           ipxlat_reason_name(r), pkt.data - buf, pkt.len, pkt.headroom,
           pkt.tailroom, stats.n[r] == 1 ? "" : " (not counted)");

    if (ipxlat_reason_verdict(r) != IPXLAT_DROP) {
        print_hex(pkt.data, pkt.len);
    }
    if (ipxlat_reason_verdict(r) == IPXLAT_FRAGMENTS) {
        static uint8_t piece[MAX_INPUT];
        struct ipxlat_frag_iter it;
        size_t n;

        ipxlat_frag_init(&it, cfgs[k], &pkt);
        while ((n = ipxlat_frag_next(&it, piece, sizeof piece))) {
            print_hex(piece, n);
        }
    }
    free(buf);
}

/* Makes the next mutant of the 'len' bytes at 'in' into 'm' and returns
 * its length. */
static size_t
mutate(const uint8_t *in, size_t len, uint8_t *m)
{
    int mode = rnd() % 4;

    memcpy(m, in, len);
    if (mode <= 1) {
        /* One to three bytes changed, in the headers or anywhere. */
        int flips = 1 + rnd() % 3;

        for (int i = 0; i < flips && len; i++) {
            size_t limit = mode == 0 && len > 64 ? 64 : len;

            m[rnd() % limit] = rnd();
        }
        if (rnd() % 8 == 0 && len > 1) {
            len = 1 + rnd() % len;
        }
    } else if (mode == 2 && len > 48) {
        /* A shorter packet whose length fields match. */
        len = 28 + rnd() % (len - 27);
        if (IP_VER(m[0]) == 4) {
            put_be16(m + 2, len);
            if (m[9] == IPPROTO_UDP_) {
                put_be16(m + 24, len - 20);
            }
        } else if (IP_VER(m[0]) == 6 && len >= 48) {
            put_be16(m + 4, len - 40);
            if (m[6] == IPPROTO_UDP_) {
                put_be16(m + 44, len - 40);
            }
        }
    } else if (IP_VER(m[0]) == 4 && len >= IP_HEADER_LEN) {
        /* TTL, TOS and the DF and MF flags. */
        m[8] = rnd() % 4;
        m[1] = rnd();
        m[6] ^= rnd() & 0x60;
    } else if (len >= IPV6_HEADER_LEN) {
        /* Hop limit and traffic class. */
        m[7] = rnd() % 4;
        m[1] = rnd();
    }
    return len;
}

int
main(int argc, char *argv[])
{
    static uint8_t in[MAX_INPUT], m[MAX_INPUT];
    int n_mutants = 60;
    int i = 1;

    if (i < argc && !strcmp(argv[i], "--batch")) {
        batch = true;
        i++;
    }
    if (i + 1 < argc && !strcmp(argv[i], "--mutants")) {
        n_mutants = atoi(argv[i + 1]);
        i += 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: %s [--batch] [--mutants N] FILE...\n",
                argv[0]);
        return EXIT_FAILURE;
    }

    table = fuzz_table_create();
    if (!table) {
        return EXIT_FAILURE;
    }
    for (size_t k = 0; k < N_CONFIGS; k++) {
        const char *text = (k < N_SELECTABLE ? fuzz_configs[k]
                            : more_configs[k - N_SELECTABLE]);
        char *error = ipxlat_config_parse(text, &cfgs[k]);

        if (error) {
            fprintf(stderr, "%s: config '%s': %s\n", argv[0], text, error);
            return EXIT_FAILURE;
        }
    }

    for (; i < argc; i++) {
        const char *name = strrchr(argv[i], '/');
        FILE *f = fopen(argv[i], "rb");
        size_t n;
        uint8_t sel;

        if (!f) {
            fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i],
                    strerror(errno));
            return EXIT_FAILURE;
        }
        n = fread(in, 1, sizeof in, f);
        fclose(f);
        if (n < 1) {
            continue;
        }
        name = name ? name + 1 : argv[i];
        sel = in[0];

        for (size_t k = 0; k < N_CONFIGS; k++) {
            if (k < N_SELECTABLE && k != (sel & 7)) {
                continue;
            }
            run(name, k, sel, in + 1, n - 1, 0);
            run(name, k, sel ^ 0x20, in + 1, n - 1, 0);
        }
        for (int j = 1; j <= n_mutants; j++) {
            size_t len = mutate(in + 1, n - 1, m);
            size_t k = rnd() % 3 ? (sel & 7) : rnd() % N_CONFIGS;
            uint8_t s = (rnd() & 0x18) | (k < N_SELECTABLE ? k : (sel & 7));

            if (rnd() % 2) {
                s |= 0x20;
            }
            run(name, k, s, m, len, j);
        }
    }
    return EXIT_SUCCESS;
}
