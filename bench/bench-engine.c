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

/* Engine benchmark: nanoseconds per packet for each translation path.
 *
 *     bench-engine                      time every path, print a table
 *     bench-engine --path NAME          time one path
 *     bench-engine --path NAME --iterations N
 *                                       run exactly N packets of one path,
 *                                       untimed (for callgrind)
 *     bench-engine --list               print the path names
 *     bench-engine --eam-entries N      EAM table size (default 1000000)
 *     bench-engine --path NAME --write-pcap FILE
 *                                       write the path's packets as
 *                                       Ethernet frames to FILE instead
 *     bench-engine --write-eam FILE     write the EAM table in the format
 *                                       of ovs-appctl ipxlat/table-load
 *
 * The end-to-end benchmarks (bench/ovs-bench.sh --fast) replay the files
 * of --write-pcap and --write-eam, so that Open vSwitch, its peers and
 * the engine alone all see the same packets.
 *
 * Every iteration copies the packet into the buffer again (translation
 * happens in place); the copy alone is timed separately and subtracted.
 * Each figure is the best of several runs of a calibrated iteration
 * count, timed by the thread's CPU time, to be robust against other load
 * on the machine. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipxlat.h"
#include "ipxlat-packets.h"
#include "pcap-file.h"
#include "testpkt.h"

#define HEADROOM 128            /* Room before the packet in the buffer. */
#define TAILROOM 128            /* Room after the packet. */
#define MAX_PKT 3100            /* Largest benchmark packet. */
#define EAM_VARIANTS 65536      /* Distinct packets for EAM paths. */
#define EAM_STRIDE 112          /* Bytes per EAM path packet (>= 104). */
#define REPS 5                  /* Timed runs per path; the best counts. */
#define MIN_RUN_NS 20000000     /* Calibrate one run to at least 20 ms. */

/* The configs the paths use. */
enum bench_cfg {
    CFG_PREFIX,                 /* RFC 6052 prefix only. */
    CFG_TABLE,                  /* Prefix and a host EAM table. */
    N_CFGS
};

static const char *const cfg_text[N_CFGS] = {
    [CFG_PREFIX] = "prefix=64:ff9b::/96",
    [CFG_TABLE] = "prefix=64:ff9b::/96,table=bench",
};

/* One benchmarked path. */
struct path {
    const char *name;           /* Name for --path. */
    const char *title;          /* Heading in the table. */
    enum bench_cfg cfg;         /* Config used. */
    enum ipxlat_reason expect;  /* The reason every packet must get. */
    int target_ns;              /* Target in ns/packet, 0 for none. */
    int target_insns;           /* Target in instructions, 0 for none. */

    /* Packets, filled in by build_packets(). */
    uint8_t *pkts;              /* 'n' packets of 'len' bytes each. */
    size_t stride;              /* Distance between packets in 'pkts'. */
    size_t len;                 /* Length of each packet. */
    size_t n;                   /* Number of packets, a power of 2. */
    double engine_ns;           /* Measured engine ns/packet, or 0. */
};

#define PATH(NAME, TITLE, CFG, EXPECT, NS, INSNS)                       \
    { .name = NAME, .title = TITLE, .cfg = CFG, .expect = IPXLAT_##EXPECT, \
      .target_ns = NS, .target_insns = INSNS }

static struct path paths[] = {
    PATH("tcp-46", "TCP 4->6", CFG_PREFIX, XLAT_46, 60, 400),
    PATH("tcp-64", "TCP 6->4", CFG_PREFIX, XLAT_64, 60, 400),
    PATH("udp-46", "UDP 4->6", CFG_PREFIX, XLAT_46, 60, 400),
    PATH("udp-64", "UDP 6->4", CFG_PREFIX, XLAT_64, 60, 400),
    PATH("echo-46", "ICMP echo 4->6", CFG_PREFIX, XLAT_46, 0, 0),
    PATH("echo-64", "ICMP echo 6->4", CFG_PREFIX, XLAT_64, 0, 0),
    PATH("icmperr-46", "ICMP error 4->6", CFG_PREFIX, XLAT_46, 0, 0),
    PATH("icmperr-64", "ICMP error 6->4", CFG_PREFIX, XLAT_64, 0, 0),
    PATH("frag-46", "3000 B DF=0 4->6 frag", CFG_PREFIX, FRAG_46, 0, 0),
    PATH("eam-46", "EAM hit, UDP 4->6", CFG_TABLE, XLAT_46, 0, 0),
    PATH("eam-64", "EAM hit, UDP 6->4", CFG_TABLE, XLAT_64, 0, 0),
};
#define N_PATHS (sizeof paths / sizeof paths[0])

static struct ipxlat_config *cfgs[N_CFGS];
static struct ipxlat_eamt *table;
static size_t eam_entries = 1000000;
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* Keeps results alive so the compiler cannot drop the work. */
static volatile uint64_t sink;

/* A fixed, seeded sequence. */
static uint64_t
rnd(void)
{
    return test_xorshift64(&rng_state);
}

/* The CPU time of this thread in nanoseconds.  Not the wall clock: on a
 * shared machine every calibrated run is preempted now and then, and the
 * time other processes had the CPU is not the engine's. */
static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The headers of the benchmark's packets (tests/testpkt.h builds them). */
#define PKT_TTL 64
#define PKT_ID4 0x4321
#define PKT_VTC_FLOW6 0x60000000
static const struct test_l4 tcp_l4 = {
    .sport = 49152, .dport = 443, .tcp_ctl = 0x5010,    /* 20 bytes, ACK. */
    .mult = 13, .add = 1,
};
static const struct test_l4 udp_l4 = {
    .sport = 49152, .dport = 4500, .mult = 13, .add = 1,
};

/* Writes an IPv4 header at 'p' for 'plen' bytes of 'proto'. */
static void
put_ip4(uint8_t *p, uint8_t proto, size_t plen, uint16_t frag,
        uint32_t src, uint32_t dst)
{
    test_put_ip4(p, 0, PKT_ID4, frag, PKT_TTL, proto, plen, src, dst);
}

/* Writes an IPv6 header at 'p' for 'plen' bytes of 'nxt'; the addresses
 * are 64:ff9b::/96 with 'src4' and 'dst4' embedded unless 'src6' is
 * nonnull. */
static void
put_ip6(uint8_t *p, uint8_t nxt, size_t plen, const uint8_t *src6,
        uint32_t src4, uint32_t dst4)
{
    uint8_t s6[16] = { 0x00, 0x64, 0xff, 0x9b };
    uint8_t d6[16] = { 0x00, 0x64, 0xff, 0x9b };

    if (src6) {
        memcpy(s6, src6, 16);
    } else {
        put_be32(s6 + 12, src4);
    }
    put_be32(d6 + 12, dst4);
    test_put_ip6(p, PKT_VTC_FLOW6, nxt, plen, PKT_TTL, s6, d6);
}

/* Writes a TCP, UDP or ICMP echo message with a patterned payload at
 * 'l4', 'len' bytes in all, behind the IP header at 'ip', and fills in
 * the checksums of the whole packet, 'ip' to 'l4 + len'. */
static void
put_l4(uint8_t *ip, uint8_t *l4, uint8_t proto, size_t len)
{
    test_put_l4(l4, proto, len, proto == IPPROTO_TCP_ ? &tcp_l4 : &udp_l4);
    test_fix_checksums(ip, l4 + len - ip);
}

#define HOST4 0xc633640a        /* 198.51.100.10, an IPv4 client. */
#define PEER4 0xcb007114        /* 203.0.113.20, an IPv4 server. */
#define ROUTER4 0xcb007101      /* 203.0.113.1, a router. */
#define EAM4_BASE 0x64400000    /* 100.64.0.0, first EAM address. */

/* Writes the EAM entry 'i' IPv6 address: 2001:db8:64::/96 plus i. */
static void
eam6_addr(uint32_t i, uint8_t v6[16])
{
    static const uint8_t base[12] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64 };

    memcpy(v6, base, 12);
    put_be32(v6 + 12, i);
}

/* Builds the packet(s) of path 'p', with valid checksums. */
static void
build_packets(struct path *p)
{
    const char *name = p->name;
    uint8_t *b;

    /* EAM paths rotate through many small packets: keep them dense so
     * that the packet pool does not crowd the table out of the caches. */
    p->n = !strncmp(name, "eam-", 4) ? EAM_VARIANTS : 1;
    p->stride = p->n > 1 ? EAM_STRIDE : MAX_PKT;
    p->pkts = calloc(p->n, p->stride);
    if (!p->pkts) {
        abort();
    }
    b = p->pkts;

    /* Small packets: 64 bytes of upper layer, the size of a typical
     * request or ACK with a little data. */
    if (!strcmp(name, "tcp-46") || !strcmp(name, "udp-46")
        || !strcmp(name, "echo-46")) {
        uint8_t proto = name[0] == 't' ? IPPROTO_TCP_
                        : name[0] == 'u' ? IPPROTO_UDP_ : IPPROTO_ICMP_;

        put_ip4(b, proto, 64, IP_DF, HOST4, PEER4);
        put_l4(b, b + 20, proto, 64);
        p->len = 20 + 64;
    } else if (!strcmp(name, "tcp-64") || !strcmp(name, "udp-64")
               || !strcmp(name, "echo-64")) {
        uint8_t proto = name[0] == 't' ? IPPROTO_TCP_
                        : name[0] == 'u' ? IPPROTO_UDP_ : IPPROTO_ICMPV6_;

        put_ip6(b, proto, 64, NULL, PEER4, HOST4);
        put_l4(b, b + 40, proto, 64);
        p->len = 40 + 64;
    } else if (!strcmp(name, "icmperr-46")) {
        /* ICMPv4 3/1 quoting the host's UDP packet (64 bytes of UDP). */
        put_ip4(b, IPPROTO_ICMP_, 8 + 20 + 64, 0, ROUTER4, HOST4);
        b[20] = ICMP4_DEST_UNREACH;
        b[21] = ICMP4_HOST_UNREACH;
        put_ip4(b + 28, IPPROTO_UDP_, 64, IP_DF, HOST4, PEER4);
        put_l4(b + 28, b + 48, IPPROTO_UDP_, 64);
        test_fix_checksums(b, 20 + 8 + 20 + 64);
        p->len = 20 + 8 + 20 + 64;
    } else if (!strcmp(name, "icmperr-64")) {
        /* ICMPv6 1/3 quoting the host's UDP packet (64 bytes of UDP). */
        put_ip6(b, IPPROTO_ICMPV6_, 8 + 40 + 64, NULL, ROUTER4, PEER4);
        b[40] = ICMP6_DEST_UNREACH;
        b[41] = ICMP6_ADDR_UNREACH;
        put_ip6(b + 48, IPPROTO_UDP_, 64, NULL, PEER4, HOST4);
        put_l4(b + 48, b + 88, IPPROTO_UDP_, 64);
        test_fix_checksums(b, 40 + 8 + 40 + 64);
        p->len = 40 + 8 + 40 + 64;
    } else if (!strcmp(name, "frag-46")) {
        put_ip4(b, IPPROTO_UDP_, 2980, 0, HOST4, PEER4);
        put_l4(b, b + 20, IPPROTO_UDP_, 2980);
        p->len = 3000;
    } else if (!strcmp(name, "eam-46") || !strcmp(name, "eam-64")) {
        /* SIIT-DC: an IPv4 client (through the prefix) talks to a
         * server's IPv4 address (an EAM entry chosen at random). */
        for (size_t v = 0; v < p->n; v++) {
            uint32_t i = rnd() % eam_entries;

            b = p->pkts + v * p->stride;
            if (name[4] == '4') {
                put_ip4(b, IPPROTO_UDP_, 64, IP_DF, HOST4, EAM4_BASE + i);
                put_l4(b, b + 20, IPPROTO_UDP_, 64);
                p->len = 20 + 64;
            } else {
                uint8_t v6[16];

                eam6_addr(i, v6);
                put_ip6(b, IPPROTO_UDP_, 64, v6, 0, HOST4);
                put_l4(b, b + 40, IPPROTO_UDP_, 64);
                p->len = 40 + 64;
            }
        }
    } else {
        abort();
    }
}

/* Writes the two addresses of EAM entry 'i' as text. */
static void
eam_entry_text(uint32_t i, char s4[INET_ADDRSTRLEN],
               char s6[INET6_ADDRSTRLEN])
{
    uint32_t v4 = EAM4_BASE + i;
    uint8_t v6[16];

    snprintf(s4, INET_ADDRSTRLEN, "%u.%u.%u.%u", v4 >> 24,
             (v4 >> 16) & 255, (v4 >> 8) & 255, v4 & 255);
    eam6_addr(i, v6);
    inet_ntop(AF_INET6, v6, s6, INET6_ADDRSTRLEN);
}

/* Builds the host EAM table of 'eam_entries' /32 <-> /128 entries. */
static void
build_table(void)
{
    uint64_t start = now_ns();

    table = ipxlat_eamt_create();
    for (uint32_t i = 0; i < eam_entries; i++) {
        char s4[INET_ADDRSTRLEN], s6[INET6_ADDRSTRLEN];
        char *error;

        eam_entry_text(i, s4, s6);
        error = ipxlat_eamt_add(table, s4, s6);
        if (error) {
            fprintf(stderr, "eam %s %s: %s\n", s4, s6, error);
            exit(EXIT_FAILURE);
        }
    }
    fprintf(stderr, "built EAM table of %zu entries in %.2f s\n",
            ipxlat_eamt_count(table), (now_ns() - start) / 1e9);
}

/* Writes the table that build_table() builds to file 'name', one entry
 * per line as ipxlat/table-load reads it.  Returns true on success. */
static bool
write_eam(const char *name)
{
    FILE *f = fopen(name, "w");

    if (!f) {
        perror(name);
        return false;
    }
    fprintf(f, "# bench-engine's EAM table: %zu entries\n", eam_entries);
    for (uint32_t i = 0; i < eam_entries; i++) {
        char s4[INET_ADDRSTRLEN], s6[INET6_ADDRSTRLEN];

        eam_entry_text(i, s4, s6);
        fprintf(f, "%s %s\n", s4, s6);
    }
    if (fclose(f)) {
        perror(name);
        return false;
    }
    return true;
}

/* Writes the packets of path 'p' to pcap file 'name' as Ethernet frames
 * between two locally administered addresses.  Returns true on
 * success. */
static bool
write_pcap(const struct path *p, const char *name)
{
    static const uint8_t macs[12] = {
        0x02, 0x00, 0x00, 0x00, 0x0e, 0x02,     /* Destination. */
        0x02, 0x00, 0x00, 0x00, 0x0e, 0x01,     /* Source. */
    };
    static uint8_t frame[ETH_HEADER_LEN + MAX_PKT];
    struct pcap_writer w;

    if (pcap_writer_open(&w, name, PCAP_LINKTYPE_ETHERNET,
                         ETH_HEADER_LEN + MAX_PKT)) {
        fprintf(stderr, "%s\n", w.error);
        return false;
    }
    memcpy(frame, macs, sizeof macs);
    for (size_t v = 0; v < p->n; v++) {
        const uint8_t *pkt = p->pkts + v * p->stride;
        struct pcap_record rec = { .ts_sec = 0, .ts_usec = v % 1000000 };

        put_be16(frame + 12, (pkt[0] >> 4) == 6 ? ETH_TYPE_IPV6
                                                 : ETH_TYPE_IP);
        memcpy(frame + ETH_HEADER_LEN, pkt, p->len);
        if (pcap_writer_write(&w, &rec, frame, ETH_HEADER_LEN + p->len)) {
            fprintf(stderr, "%s\n", w.error);
            pcap_writer_close(&w);
            return false;
        }
    }
    if (pcap_writer_close(&w)) {
        fprintf(stderr, "%s\n", w.error);
        return false;
    }
    return true;
}

/* Runs 'iters' packets of 'p': copy each into the buffer and, if 'xlat',
 * translate it (and make all fragments of a FRAGMENTS result).  Returns
 * the last reason. */
static enum ipxlat_reason
run(const struct path *p, uint64_t iters, bool xlat)
{
    static uint8_t buf[HEADROOM + MAX_PKT + TAILROOM];
    static uint8_t piece[1500];
    struct ipxlat_ctx ctx = { .now_ms = 1, .table = table };
    const struct ipxlat_config *cfg = cfgs[p->cfg];
    enum ipxlat_reason r = IPXLAT_DROP_NOT_IP;
    size_t mask = p->n - 1;
    uint64_t acc = 0;

    for (uint64_t i = 0; i < iters; i++) {
        struct ipxlat_pkt pkt = {
            .data = buf + HEADROOM,
            .len = p->len,
            .headroom = HEADROOM,
            .tailroom = TAILROOM + MAX_PKT - p->len,
        };

        memcpy(pkt.data, p->pkts + (i & mask) * p->stride, p->len);
        if (!xlat) {
            /* Make the compiler believe the buffer is used. */
            __asm__ volatile("" : : "r"(buf) : "memory");
            continue;
        }
        r = ipxlat_translate(cfg, &ctx, &pkt);
        if (r == IPXLAT_FRAG_46) {
            struct ipxlat_frag_iter it;
            size_t n;

            ipxlat_frag_init(&it, cfg, &pkt);
            while ((n = ipxlat_frag_next(&it, piece, sizeof piece))) {
                acc += n;
            }
        }
        acc += pkt.len;
    }
    sink += acc;
    return r;
}

/* Returns the best ns/packet of REPS runs of path 'p', calibrating the
 * iteration count first. */
static double
time_path(const struct path *p, bool xlat)
{
    uint64_t iters = 1000, t;
    double best = 1e30;

    for (;;) {
        t = now_ns();
        run(p, iters, xlat);
        t = now_ns() - t;
        if (t >= MIN_RUN_NS || iters >= (1ULL << 32)) {
            break;
        }
        iters *= 2;
    }
    for (int rep = 0; rep < REPS; rep++) {
        t = now_ns();
        run(p, iters, xlat);
        t = now_ns() - t;
        if ((double) t / iters < best) {
            best = (double) t / iters;
        }
    }
    return best;
}

/* Checks that every variant of 'p' gets the expected reason.  Returns
 * NULL if so, else the name of the reason that one got. */
static const char *
check_path(const struct path *p)
{
    for (size_t v = 0; v < p->n; v++) {
        struct path one = *p;
        enum ipxlat_reason r;

        one.pkts = p->pkts + v * p->stride;
        one.n = 1;
        r = run(&one, 1, true);
        if (r != p->expect) {
            return ipxlat_reason_name(r);
        }
    }
    return NULL;
}

/* Returns the path called 'name'; exits if there is none. */
static struct path *
find_path(const char *name)
{
    for (size_t k = 0; k < N_PATHS; k++) {
        if (!strcmp(paths[k].name, name)) {
            return &paths[k];
        }
    }
    fprintf(stderr, "unknown path %s (see --list)\n", name);
    exit(EXIT_FAILURE);
}

/* Builds the EAM table if a path to run needs it, parses the configs and
 * builds the packets of 'only', or of every path if it is NULL. */
static void
setup(const struct path *only)
{
    bool need_table = false;

    for (size_t k = 0; k < N_PATHS; k++) {
        if ((!only || only == &paths[k]) && paths[k].cfg == CFG_TABLE) {
            need_table = true;
        }
    }
    if (need_table) {
        build_table();
    }
    for (int c = 0; c < N_CFGS; c++) {
        char *error = ipxlat_config_parse(cfg_text[c], &cfgs[c]);

        if (error) {
            fprintf(stderr, "config '%s': %s\n", cfg_text[c], error);
            exit(EXIT_FAILURE);
        }
    }
    for (size_t k = 0; k < N_PATHS; k++) {
        if (!only || only == &paths[k]) {
            build_packets(&paths[k]);
        }
    }
}

static void
usage(const char *prog)
{
    fprintf(stderr, "usage: %s [--list] [--path NAME [--iterations N | "
            "--write-pcap FILE]] [--eam-entries N] [--write-eam FILE]\n",
            prog);
    exit(EXIT_FAILURE);
}

int
main(int argc, char *argv[])
{
    const char *pcap_name = NULL, *eam_name = NULL;
    struct path *only = NULL;
    uint64_t iterations = 0;
    bool failed = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--list")) {
            for (size_t k = 0; k < N_PATHS; k++) {
                printf("%s\n", paths[k].name);
            }
            return EXIT_SUCCESS;
        } else if (!strcmp(argv[i], "--path") && i + 1 < argc) {
            only = find_path(argv[++i]);
        } else if (!strcmp(argv[i], "--iterations") && i + 1 < argc) {
            iterations = strtoull(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--eam-entries") && i + 1 < argc) {
            eam_entries = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--write-pcap") && i + 1 < argc) {
            pcap_name = argv[++i];
        } else if (!strcmp(argv[i], "--write-eam") && i + 1 < argc) {
            eam_name = argv[++i];
        } else {
            usage(argv[0]);
        }
    }
    if (((iterations || pcap_name) && !only) || (iterations && pcap_name)
        || !eam_entries) {
        usage(argv[0]);
    }
    if (eam_name) {
        if (!write_eam(eam_name)) {
            return EXIT_FAILURE;
        }
        if (!only) {
            return EXIT_SUCCESS;
        }
    }

    setup(only);

    if (pcap_name) {
        /* Only packets that get the path's reason are worth replaying. */
        const char *bad = check_path(only);

        if (bad) {
            fprintf(stderr, "%s: got %s, expected %s\n", only->name, bad,
                    ipxlat_reason_name(only->expect));
            return EXIT_FAILURE;
        }
        return write_pcap(only, pcap_name) ? EXIT_SUCCESS : EXIT_FAILURE;
    }

    if (iterations) {
        /* Fixed count for callgrind: the caller differences two runs. */
        const char *bad = check_path(only);

        if (bad) {
            fprintf(stderr, "%s: got %s, expected %s\n", only->name, bad,
                    ipxlat_reason_name(only->expect));
            return EXIT_FAILURE;
        }
        run(only, iterations, true);
        return EXIT_SUCCESS;
    }

    printf("%-10s %-22s %-10s %9s %9s %9s  %s\n", "path", "what", "reason",
           "total ns", "copy ns", "engine ns", "target");
    for (size_t k = 0; k < N_PATHS; k++) {
        const struct path *p = &paths[k];
        const char *bad;
        char target[32] = "-";
        double total, copy;

        if (only && only != p) {
            continue;
        }
        if (p->target_ns) {
            snprintf(target, sizeof target, "< %d ns", p->target_ns);
        }
        bad = check_path(p);
        if (bad) {
            printf("%-10s %-22s %-10s %9s %9s %9s  %s (expected %s)\n",
                   p->name, p->title, bad, "n/a", "n/a", "n/a", target,
                   ipxlat_reason_name(p->expect));
            failed = true;
            continue;
        }
        total = time_path(p, true);
        copy = time_path(p, false);
        printf("%-10s %-22s %-10s %9.1f %9.1f %9.1f  %s%s\n", p->name,
               p->title, ipxlat_reason_name(p->expect), total, copy,
               total - copy, target,
               p->target_ns && total - copy >= p->target_ns
               ? " MISSED" : "");
        fflush(stdout);
        paths[k].engine_ns = total - copy;
    }

    /* The EAM paths differ from the UDP paths only in the address
     * mapping, so the difference is the cost of the EAM lookups. */
    for (int dir = 0; dir < 2; dir++) {
        const struct path *eam = find_path(dir ? "eam-64" : "eam-46");
        const struct path *udp = find_path(dir ? "udp-64" : "udp-46");

        if (eam->engine_ns && udp->engine_ns) {
            double d = eam->engine_ns - udp->engine_ns;

            printf("EAM lookup cost %s (%s - %s): %.1f ns with %zu entries"
                   "  (target < 100 ns)%s\n", dir ? "6->4" : "4->6",
                   eam->name, udp->name, d, eam_entries,
                   d >= 100 ? " MISSED" : "");
        }
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
