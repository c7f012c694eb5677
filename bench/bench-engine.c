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
 *                                       run exactly N packets of one path
 *                                       (a multiple of 32 for a batch
 *                                       path), untimed (for callgrind)
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
 * The reassembly paths (reasm-46, reasm-64) count one datagram per
 * iteration: its fragments in, held, the whole translated and its
 * fragments out, so their figures are per reassembled datagram.
 *
 * Every iteration copies the packet into the buffer again (translation
 * happens in place); the copy alone is timed separately and subtracted.
 * Each figure is the best of several runs of a calibrated iteration
 * count, timed by the thread's CPU time, to be robust against other load
 * on the machine.
 *
 * The EAM paths look up entries chosen at random among EAM_VARIANTS of
 * a table of --eam-entries (loaded from a file, as a host loads one),
 * each packet made from one template with its EAM address and checksums
 * patched in, so that packets take no room in the caches beside the
 * table.  The "-batch" paths translate BATCH packets per call of
 * ipxlat_translate_batch(), as Open vSwitch does, so that the lookups of
 * a batch wait for memory together. */

#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>
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
#define MAX_PIECES 8            /* Fragments of a reassembly path. */
#define EAM_VARIANTS 65536      /* Distinct packets for EAM paths. */
#define BATCH 32                /* Packets per batch (NETDEV_MAX_BURST). */
#define REPS 5                  /* Timed runs per path; the best counts. */
#define MIN_RUN_NS 20000000     /* Calibrate one run to at least 20 ms. */

/* The configs the paths use. */
enum bench_cfg {
    CFG_PREFIX,                 /* RFC 6052 prefix only. */
    CFG_TABLE,                  /* Prefix and a host EAM table. */
    N_CFGS
};

static const char *const cfg_text[N_CFGS] = {
    [CFG_PREFIX] = "prefix=2001:db8:64::/96",
    [CFG_TABLE] = "prefix=2001:db8:64::/96,table=bench",
};

/* One packet of an EAM path: the template with EAM entry 'entry' in it,
 * and the checksums that the packet has then. */
struct eam_variant {
    uint32_t entry;             /* Index of the entry. */
    uint8_t ip_csum[2];         /* IPv4 header checksum (4->6). */
    uint8_t l4_csum[2];         /* UDP checksum. */
};

/* One benchmarked path. */
struct path {
    const char *name;           /* Name for --path. */
    const char *title;          /* Heading in the table. */
    enum bench_cfg cfg;         /* Config used. */
    enum ipxlat_reason expect;  /* The reason every packet must get. */
    int target_ns;              /* Target in ns/packet, 0 for none. */
    int target_insns;           /* Target in instructions, 0 for none. */
    size_t batch;               /* Packets per call (1 or BATCH). */

    /* Packets, filled in by build_packets(). */
    uint8_t pkt[MAX_PKT];       /* The packet, or the template. */
    size_t len;                 /* Length of the packet. */
    struct eam_variant *vars;   /* 'n' variants of an EAM path, or NULL. */
    size_t n;                   /* Number of variants, a power of 2. */
    size_t n_pieces;            /* Reassembly paths: each iteration is the
                                 * 'n_pieces' fragments of one datagram,
                                 * in 'pieces' at MAX_PKT from each other,
                                 * of these lengths: */
    size_t piece_len[MAX_PIECES];
    uint8_t *pieces;
    double engine_ns;           /* Measured engine ns/packet, or 0. */
};

#define PATH_B(NAME, TITLE, CFG, EXPECT, NS, INSNS, BATCH_)             \
    { .name = NAME, .title = TITLE, .cfg = CFG, .expect = IPXLAT_##EXPECT, \
      .target_ns = NS, .target_insns = INSNS, .batch = BATCH_ }
#define PATH(NAME, TITLE, CFG, EXPECT, NS, INSNS)                       \
    PATH_B(NAME, TITLE, CFG, EXPECT, NS, INSNS, 1)

static struct path paths[] = {
    PATH("tcp-46", "TCP 4->6", CFG_PREFIX, XLAT_46, 60, 300),
    PATH("tcp-64", "TCP 6->4", CFG_PREFIX, XLAT_64, 60, 300),
    PATH("udp-46", "UDP 4->6", CFG_PREFIX, XLAT_46, 60, 300),
    PATH("udp-64", "UDP 6->4", CFG_PREFIX, XLAT_64, 60, 300),
    PATH("echo-46", "ICMP echo 4->6", CFG_PREFIX, XLAT_46, 0, 0),
    PATH("echo-64", "ICMP echo 6->4", CFG_PREFIX, XLAT_64, 0, 0),
    PATH("icmperr-46", "ICMP error 4->6", CFG_PREFIX, XLAT_46, 0, 0),
    PATH("icmperr-64", "ICMP error 6->4", CFG_PREFIX, XLAT_64, 0, 0),
    PATH("frag-46", "3000 B DF=0 4->6 frag", CFG_PREFIX, FRAG_46, 0, 0),
    PATH("reasm-46", "4000 B ICMP reasm 4->6", CFG_PREFIX, REASM_FRAG_46,
         0, 0),
    PATH("reasm-64", "4000 B ICMP reasm 6->4", CFG_PREFIX, REASM_FRAG_64,
         0, 0),
    PATH("eam-46", "EAM hit, UDP 4->6", CFG_TABLE, XLAT_46, 0, 0),
    PATH("eam-64", "EAM hit, UDP 6->4", CFG_TABLE, XLAT_64, 0, 0),
    PATH_B("eam-46-batch", "EAM hit 4->6, batch 32", CFG_TABLE, XLAT_46, 0, 0,
           BATCH),
    PATH_B("eam-64-batch", "EAM hit 6->4, batch 32", CFG_TABLE, XLAT_64, 0, 0,
           BATCH),
};
#define N_PATHS (sizeof paths / sizeof paths[0])

static struct ipxlat_config *cfgs[N_CFGS];
static struct ipxlat_eamt *table;
static struct ipxlat_reasm *reasm;     /* For CFG_PREFIX. */
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
 * are 2001:db8:64::/96 with 'src4' and 'dst4' embedded unless 'src6' is
 * nonnull. */
static void
put_ip6(uint8_t *p, uint8_t nxt, size_t plen, const uint8_t *src6,
        uint32_t src4, uint32_t dst4)
{
    uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64 };
    uint8_t d6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64 };

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

/* Writes into 'b' the packet of EAM path 'p' (4->6 if 'v4') for EAM
 * entry 'i', with valid checksums. */
static void
build_eam_packet(uint8_t *b, bool v4, uint32_t i)
{
    if (v4) {
        put_ip4(b, IPPROTO_UDP_, 64, IP_DF, HOST4, EAM4_BASE + i);
        put_l4(b, b + 20, IPPROTO_UDP_, 64);
    } else {
        uint8_t v6[16];

        eam6_addr(i, v6);
        put_ip6(b, IPPROTO_UDP_, 64, v6, 0, HOST4);
        put_l4(b, b + 40, IPPROTO_UDP_, 64);
    }
}

/* Offsets in the EAM path packets (UDP, no options). */
#define EAM46_ADDR 16           /* IPv4 destination. */
#define EAM46_IP_CSUM 10
#define EAM46_L4_CSUM (20 + 6)
#define EAM64_ADDR (8 + 12)     /* Last 4 bytes of the IPv6 source. */
#define EAM64_L4_CSUM (40 + 6)

/* Copies variant 'v' of EAM path 'p' into 'buf': the template with the
 * variant's address and checksums. */
static inline void
copy_eam_packet(const struct path *p, const struct eam_variant *v,
                uint8_t *buf)
{
    memcpy(buf, p->pkt, p->len);
    if (p->name[4] == '4') {
        put_be32(buf + EAM46_ADDR, EAM4_BASE + v->entry);
        memcpy(buf + EAM46_IP_CSUM, v->ip_csum, 2);
        memcpy(buf + EAM46_L4_CSUM, v->l4_csum, 2);
    } else {
        put_be32(buf + EAM64_ADDR, v->entry);
        memcpy(buf + EAM64_L4_CSUM, v->l4_csum, 2);
    }
}

/* Builds the packet(s) of path 'p', with valid checksums. */
static void
build_packets(struct path *p)
{
    const char *name = p->name;
    uint8_t *b = p->pkt;

    p->n = 1;
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
    } else if (!strcmp(name, "reasm-46") || !strcmp(name, "reasm-64")) {
        /* An echo request of 4000 bytes in fragments as Linux sends them
         * (1480 bytes of IPv4 payload; 1232 of IPv6 for a 1280 path), in
         * order: reassembled, translated and fragmented again. */
        static uint8_t d[MAX_PKT + 1024];
        bool v4 = name[6] == '4';
        size_t chunk = v4 ? 1480 : 1232;
        size_t len;

        if (v4) {
            put_ip4(d, IPPROTO_ICMP_, 4000, 0, HOST4, PEER4);
            put_l4(d, d + 20, IPPROTO_ICMP_, 4000);
            len = 20 + 4000;
        } else {
            put_ip6(d, IPPROTO_ICMPV6_, 4000, NULL, PEER4, HOST4);
            put_l4(d, d + 40, IPPROTO_ICMPV6_, 4000);
            len = 40 + 4000;
        }
        p->n_pieces = (4000 + chunk - 1) / chunk;
        p->pieces = calloc(p->n_pieces, MAX_PKT);
        if (!p->pieces || p->n_pieces > MAX_PIECES) {
            abort();
        }
        for (size_t k = 0; k < p->n_pieces; k++) {
            uint8_t *f = p->pieces + k * MAX_PKT;

            p->piece_len[k] = (v4
                               ? test_frag4(d, len, k * chunk, chunk, f)
                               : test_frag6(d, len, k * chunk, chunk,
                                            0x12345678, f));
        }
        p->len = p->piece_len[0];
        memcpy(p->pkt, p->pieces, p->len);
    } else if (!strncmp(name, "eam-", 4)) {
        /* SIIT-DC: an IPv4 client (through the prefix) talks to a
         * server's IPv4 address (an EAM entry chosen at random). */
        bool v4 = name[4] == '4';

        p->len = v4 ? 20 + 64 : 40 + 64;
        p->n = EAM_VARIANTS;
        p->vars = calloc(p->n, sizeof *p->vars);
        if (!p->vars) {
            abort();
        }
        for (size_t k = 0; k < p->n; k++) {
            struct eam_variant *v = &p->vars[k];
            uint8_t pkt[MAX_PKT];

            v->entry = rnd() % eam_entries;
            build_eam_packet(pkt, v4, v->entry);
            memcpy(v->ip_csum, pkt + EAM46_IP_CSUM, 2);
            memcpy(v->l4_csum, pkt + (v4 ? EAM46_L4_CSUM : EAM64_L4_CSUM),
                   2);
        }
        build_eam_packet(p->pkt, v4, 0);
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

/* Builds the host EAM table of 'eam_entries' /32 <-> /128 entries, as a
 * host does: written to a file, then loaded. */
static void
build_table(void)
{
    char file_name[] = "/tmp/bench-engine-XXXXXX";
    int fd = mkstemp(file_name);
    uint64_t start;
    char *error;

    if (fd < 0) {
        perror("mkstemp");
        exit(EXIT_FAILURE);
    }
    close(fd);
    if (!write_eam(file_name)) {
        unlink(file_name);
        exit(EXIT_FAILURE);
    }

    start = now_ns();
    table = ipxlat_eamt_create();
    error = ipxlat_eamt_load(table, file_name);
    unlink(file_name);
    if (error) {
        fprintf(stderr, "%s\n", error);
        exit(EXIT_FAILURE);
    }
    fprintf(stderr, "loaded EAM table of %zu entries in %.2f s: %.1f MB "
            "(%.1f bytes per entry)\n", ipxlat_eamt_count(table),
            (now_ns() - start) / 1e9, ipxlat_eamt_memory(table) / 1e6,
            (double) ipxlat_eamt_memory(table) / ipxlat_eamt_count(table));
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
    for (size_t v = 0; v < (p->n_pieces ? p->n_pieces : p->n); v++) {
        static uint8_t eam_pkt[MAX_PKT];
        struct pcap_record rec = { .ts_sec = 0, .ts_usec = v % 1000000 };
        const uint8_t *pkt = p->pkt;
        size_t len = p->len;

        if (p->n_pieces) {
            pkt = p->pieces + v * MAX_PKT;
            len = p->piece_len[v];
        } else if (p->vars) {
            copy_eam_packet(p, &p->vars[v], eam_pkt);
            pkt = eam_pkt;
        }
        put_be16(frame + 12, (pkt[0] >> 4) == 6 ? ETH_TYPE_IPV6
                                                 : ETH_TYPE_IP);
        memcpy(frame + ETH_HEADER_LEN, pkt, len);
        if (pcap_writer_write(&w, &rec, frame, ETH_HEADER_LEN + len)) {
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
/* Runs 'iters' datagrams of reassembly path 'p': each fragment copied
 * into a buffer and, if 'xlat', translated with the context (as ipxlat.h
 * asks, only for what ipxlat_pkt_needs_reasm() names), and every fragment
 * of the result made.  Returns the reason of the last fragment. */
static enum ipxlat_reason
run_reasm(const struct path *p, uint64_t iters, bool xlat)
{
    static uint8_t buf[HEADROOM + MAX_PKT + TAILROOM];
    static uint8_t piece[1500];
    struct ipxlat_ctx ctx = { .now_ms = 1, .table = table };
    const struct ipxlat_config *cfg = cfgs[p->cfg];
    enum ipxlat_family family = (p->pieces[0] >> 4 == 6
                                 ? IPXLAT_FAMILY_IPV6 : IPXLAT_FAMILY_IPV4);
    enum ipxlat_reason r = IPXLAT_DROP_NOT_IP;
    uint64_t acc = 0;

    for (uint64_t i = 0; i < iters; i++) {
        for (size_t k = 0; k < p->n_pieces; k++) {
            const uint8_t *in = p->pieces + k * MAX_PKT;
            size_t len = p->piece_len[k];
            struct ipxlat_pkt pkt = {
                .data = buf + HEADROOM,
                .len = len,
                .headroom = HEADROOM,
                .tailroom = TAILROOM + MAX_PKT - len,
            };

            memcpy(pkt.data, in, len);
            if (!xlat) {
                /* Make the compiler believe the buffer is used. */
                __asm__ volatile("" : : "r"(buf) : "memory");
                continue;
            }
            ctx.reasm = ipxlat_pkt_needs_reasm(cfg, in, len) ? reasm : NULL;
            r = ipxlat_translate(cfg, &ctx, family, &pkt);
            if (ipxlat_reason_verdict(r) == IPXLAT_FRAGMENTS) {
                struct ipxlat_frag_iter it;
                size_t n;

                ipxlat_frag_init(&it, cfg, &pkt);
                while ((n = ipxlat_frag_next(&it, piece, sizeof piece))) {
                    acc += n;
                }
            }
            acc += pkt.len;
        }
    }
    sink += acc;
    return r;
}

/* Runs 'iters' packets of 'p' (a multiple of its batch): copy each into a
 * buffer and, if 'xlat', translate it (and make all fragments of a
 * FRAGMENTS result).  Returns the last reason. */
static enum ipxlat_reason
run(const struct path *p, uint64_t iters, bool xlat)
{
    static uint8_t bufs[BATCH][HEADROOM + MAX_PKT + TAILROOM];
    static uint8_t piece[1500];
    struct ipxlat_ctx ctx = { .now_ms = 1, .table = table };
    const struct ipxlat_config *cfg = cfgs[p->cfg];
    enum ipxlat_reason reasons[BATCH];
    enum ipxlat_reason r = IPXLAT_DROP_NOT_IP;
    struct ipxlat_pkt pkts[BATCH];
    /* What a host learns from the link layer: every packet of a path is
     * of one family. */
    enum ipxlat_family family = (p->pkt[0] >> 4 == 6
                                 ? IPXLAT_FAMILY_IPV6 : IPXLAT_FAMILY_IPV4);
    size_t mask = p->n - 1;
    uint64_t acc = 0;

    if (p->n_pieces) {
        return run_reasm(p, iters, xlat);
    }
    for (uint64_t i = 0; i < iters; i += p->batch) {
        for (size_t k = 0; k < p->batch; k++) {
            pkts[k] = (struct ipxlat_pkt) {
                .data = bufs[k] + HEADROOM,
                .len = p->len,
                .headroom = HEADROOM,
                .tailroom = TAILROOM + MAX_PKT - p->len,
            };
            if (p->vars) {
                copy_eam_packet(p, &p->vars[(i + k) & mask], pkts[k].data);
            } else {
                memcpy(pkts[k].data, p->pkt, p->len);
            }
        }
        if (!xlat) {
            /* Make the compiler believe the buffers are used. */
            __asm__ volatile("" : : "r"(bufs) : "memory");
            continue;
        }
        if (p->batch == 1) {
            r = ipxlat_translate(cfg, &ctx, family, &pkts[0]);
        } else {
            ipxlat_translate_batch(cfg, &ctx, family, pkts, p->batch,
                                   reasons);
            r = reasons[p->batch - 1];
        }
        if (r == IPXLAT_FRAG_46) {
            struct ipxlat_frag_iter it;
            size_t n;

            ipxlat_frag_init(&it, cfg, &pkts[0]);
            while ((n = ipxlat_frag_next(&it, piece, sizeof piece))) {
                acc += n;
            }
        }
        for (size_t k = 0; k < p->batch; k++) {
            acc += pkts[k].len;
        }
    }
    sink += acc;
    return r;
}

/* Returns the best ns/packet of REPS runs of path 'p', calibrating the
 * iteration count first. */
static double
time_path(const struct path *p, bool xlat)
{
    uint64_t iters = 1024, t;
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

        one.vars = p->vars ? &p->vars[v] : NULL;
        one.n = 1;
        one.batch = 1;
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

    size_t mem_size = ipxlat_reasm_mem_size(cfgs[CFG_PREFIX]);
    void *mem = malloc(mem_size);

    reasm = mem ? ipxlat_reasm_init(mem, mem_size, cfgs[CFG_PREFIX]) : NULL;
    if (!reasm) {
        abort();
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
        || (iterations && iterations % only->batch)
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
     * mapping, so the difference is the cost of the EAM lookups: alone,
     * and per packet in a batch. */
    for (int k = 0; k < 4; k++) {
        static const char *const eams[] = {
            "eam-46", "eam-64", "eam-46-batch", "eam-64-batch",
        };
        const struct path *eam = find_path(eams[k]);
        const struct path *udp = find_path(k % 2 ? "udp-64" : "udp-46");
        int target = k < 2 ? 100 : 40;

        if (eam->engine_ns && udp->engine_ns) {
            double d = eam->engine_ns - udp->engine_ns;

            printf("EAM lookup cost %s%s (%s - %s): %.1f ns with %zu "
                   "entries  (target < %d ns)%s\n", k % 2 ? "6->4" : "4->6",
                   k < 2 ? "" : " in a batch", eam->name, udp->name, d,
                   eam_entries, target, d >= target ? " MISSED" : "");
        }
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
