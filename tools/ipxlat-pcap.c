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


/* ipxlat-pcap: runs the translation engine over a capture file.
 *
 * Every packet of the input capture goes through ipxlat_translate() once,
 * in order, and whatever the engine emits for it is written to the output
 * capture: the translated packet, the fragments it was cut into, the ICMP
 * error the translator originated or the hairpinned packet.  Dropped
 * packets leave nothing.  One reassembly context serves the whole file,
 * so that fragmented ICMP and (with amend_udp_zero_csum) zero-checksum
 * UDP come out as the datagram their fragments make, when the last of
 * them is read; the capture's clock drives its timeout.  See
 * doc/ipxlat-pcap.1. */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat.h"
#include "pcap-file.h"
#include "ipxlat-util.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

#define PROGRAM_NAME "ipxlat-pcap"

#define L2_MAX_LEN (ETH_HEADER_LEN + VLAN_HEADER_LEN)

/* Buffer layout.  Every packet is read to 'FRONT_ROOM' bytes into the
 * packet buffer, so that the engine has well over IPXLAT_HEADROOM bytes
 * to grow the packet into and the link-layer header, saved aside while the
 * engine runs, can always be put back in front of the result. */
#define FRONT_ROOM 256
#define TAIL_ROOM 65536
#define PKT_BUF_LEN (FRONT_ROOM + PCAP_MAX_CAPLEN + TAIL_ROOM)
#define FRAG_BUF_LEN (L2_MAX_LEN + 65536)

/* The most --table options. */
#define MAX_TABLES 16

/* Exit statuses. */
#define EXIT_ERROR 1                /* Bad config, unreadable file... */
#define EXIT_USAGE 2                /* Bad command line. */

/* One --table NAME=FILE option. */
struct table_opt {
    const char *name;               /* Table name (points into argv). */
    const char *file;               /* File name (points into argv). */
};

/* Options from the command line. */
struct options {
    const char *config;             /* --config string. */
    bool stats;                     /* --stats given? */
    struct table_opt tables[MAX_TABLES]; /* --table options. */
    size_t n_tables;                /* Number of 'tables'. */
    const char *in_name;            /* Input capture. */
    const char *out_name;           /* Output capture. */
};

/* Everything needed to write out what the engine emitted for one input
 * packet. */
struct emitter {
    struct pcap_writer *writer;     /* Output capture. */
    const struct pcap_record *rec;  /* Input record (for the timestamp). */
    bool ethernet;                  /* Output has Ethernet headers? */
    uint8_t l2[L2_MAX_LEN];         /* Input packet's Ethernet header. */
    size_t l2_len;                  /* Bytes in 'l2' (0 for raw IP). */
};

/* Counters of the tool itself (the engine has its own). */
struct tool_stats {
    uint64_t n_read;                /* Records read from the input. */
    uint64_t n_written;             /* Records written to the output. */
    uint64_t n_not_ip;              /* Frames skipped: not IPv4/IPv6. */
};

/* Prints the --help text to standard output. */
static void
usage(void)
{
    printf("%s: run the ipxlat SIIT translator over a pcap file\n"
           "usage: %s [OPTIONS] --config 'STRING' IN.pcap OUT.pcap\n"
           "\n"
           "IN.pcap holds IPv4/IPv6 packets (link type raw IP or "
           "Ethernet);\n"
           "OUT.pcap receives every packet the translator emits "
           "(translated\n"
           "packets, fragments, ICMP errors, hairpinned packets).  "
           "\"-\" means\n"
           "standard input or output.\n"
           "\n"
           "Options:\n"
           "  -c, --config=STRING   translator config, e.g. "
           "'prefix=64:ff9b::/96'\n"
           "  -t, --table=NAME=FILE load EAM table FILE for the "
           "config's table=NAME\n"
           "  -s, --stats           print non-zero counters to stderr at "
           "the end\n"
           "  -h, --help            print this help and exit\n"
           "  -V, --version         print the version and exit\n"
           "\n"
           "Config keys: prefix=IPV6/LEN eam(IPV4[/LEN],IPV6[/LEN]) "
           "table=NAME\n"
           "  pool6791v4=IPV4[/LEN] pool6791v6=IPV6[/LEN] src4=IPV4 "
           "src6=IPV6\n"
           "  mtu4=N mtu6=N lowest_ipv6_mtu=N amend_udp_zero_csum\n"
           "  allow_wkp_non_global hairpin=off|simple|intrinsic icmp_rate=N "
           "icmp_burst=N\n"
           "  icmp_pmtu_rate=N icmp_pmtu_burst=N\n"
           "  reasm_datagrams=N reasm_bytes=N reasm_timeout=S "
           "reasm_max_size=N\n"
           "  bounce_table=N (Open vSwitch only)\n"
           "See ipxlat-pcap(1) for details.\n",
           PROGRAM_NAME, PROGRAM_NAME);
}

/* Prints "ipxlat-pcap: MESSAGE" and a hint to standard error and exits
 * with the usage status. */
static void
usage_error(const char *message)
{
    fprintf(stderr, "%s: %s (use --help for help)\n", PROGRAM_NAME,
            message);
    exit(EXIT_USAGE);
}

/* Parses the command line into 'opts', exiting on --help, --version or a
 * usage error. */
static void
parse_options(int argc, char *argv[], struct options *opts)
{
    static const struct option long_options[] = {
        { "config", required_argument, NULL, 'c' },
        { "table", required_argument, NULL, 't' },
        { "stats", no_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };

    memset(opts, 0, sizeof *opts);
    for (;;) {
        int c = getopt_long(argc, argv, "c:t:shV", long_options, NULL);
        char *eq;

        if (c == -1) {
            break;
        }
        switch (c) {
        case 'c':
            opts->config = optarg;
            break;
        case 't':
            eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                usage_error("--table wants NAME=FILE");
            }
            if (opts->n_tables >= MAX_TABLES) {
                usage_error("too many --table options");
            }
            *eq = '\0';
            opts->tables[opts->n_tables].name = optarg;
            opts->tables[opts->n_tables].file = eq + 1;
            opts->n_tables++;
            break;
        case 's':
            opts->stats = true;
            break;
        case 'h':
            usage();
            exit(EXIT_SUCCESS);
        case 'V':
            printf("%s (ipxlat-ovs) %s\n", PROGRAM_NAME, PACKAGE_VERSION);
            exit(EXIT_SUCCESS);
        default:
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    PROGRAM_NAME);
            exit(EXIT_USAGE);
        }
    }

    if (!opts->config) {
        usage_error("--config is required");
    }
    if (argc - optind != 2) {
        usage_error("exactly two file names (IN.pcap OUT.pcap) are "
                    "required");
    }
    opts->in_name = argv[optind];
    opts->out_name = argv[optind + 1];
}

/* Loads the EAM table that 'cfg' names, if any, from the --table options
 * into '*tablep' (NULL if the config names none).  Returns false, with a
 * message printed, on failure. */
static bool
load_table(const struct options *opts, const struct ipxlat_config *cfg,
           struct ipxlat_eamt **tablep)
{
    const char *name = ipxlat_config_table_name(cfg);
    const struct table_opt *opt = NULL;
    struct ipxlat_eamt *table;
    char *error;
    size_t i;

    for (i = 0; i < opts->n_tables; i++) {
        if (name && !strcmp(opts->tables[i].name, name)) {
            opt = &opts->tables[i];
        } else {
            fprintf(stderr, "%s: warning: --config does not use table "
                    "'%s'\n", PROGRAM_NAME, opts->tables[i].name);
        }
    }

    *tablep = NULL;
    if (!name) {
        return true;
    }
    if (!opt) {
        fprintf(stderr, "%s: --config names table=%s but no --table "
                "%s=FILE was given\n", PROGRAM_NAME, name, name);
        return false;
    }

    table = ipxlat_eamt_create();
    error = ipxlat_eamt_load(table, opt->file);
    if (error) {
        fprintf(stderr, "%s: --table %s=%s: %s\n", PROGRAM_NAME, opt->name,
                opt->file, error);
        free(error);
        ipxlat_eamt_destroy(table);
        return false;
    }
    *tablep = table;
    return true;
}

/* Reads the big-endian 16-bit value at 'p'. */
static uint16_t
get_be16(const uint8_t *p)
{
    return (p[0] << 8) | p[1];
}

/* Writes the big-endian 16-bit value 'x' at 'p'. */
static void
put_be16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

/* Parses the Ethernet header (with at most one VLAN tag) of the 'len'-byte
 * frame at 'frame'.  Returns the length of the header if its EtherType is
 * IPv4 or IPv6, with that family in '*family', 0 otherwise. */
static size_t
parse_ethernet(const uint8_t *frame, size_t len, enum ipxlat_family *family)
{
    size_t l2_len = ETH_HEADER_LEN;
    uint16_t type;

    if (len < ETH_HEADER_LEN) {
        return 0;
    }
    type = get_be16(frame + 12);
    if (type == ETH_TYPE_VLAN || type == ETH_TYPE_VLAN_8021AD) {
        if (len < L2_MAX_LEN) {
            return 0;
        }
        l2_len = L2_MAX_LEN;
        type = get_be16(frame + 16);
    }
    *family = type == ETH_TYPE_IPV6 ? IPXLAT_FAMILY_IPV6 : IPXLAT_FAMILY_IPV4;
    return type == ETH_TYPE_IP || type == ETH_TYPE_IPV6 ? l2_len : 0;
}

/* The family of the 'len'-byte packet at 'ip' in a capture of raw link
 * type 'linktype': what the link type says, or for DLT_RAW, which holds
 * either, what the packet's version nibble says. */
static enum ipxlat_family
raw_family(uint32_t linktype, const uint8_t *ip, size_t len)
{
    if (linktype == PCAP_LINKTYPE_IPV4) {
        return IPXLAT_FAMILY_IPV4;
    } else if (linktype == PCAP_LINKTYPE_IPV6) {
        return IPXLAT_FAMILY_IPV6;
    }
    return len && ip[0] >> 4 == 6 ? IPXLAT_FAMILY_IPV6 : IPXLAT_FAMILY_IPV4;
}

/* Returns the length of the IP packet at 'ip' as its header gives it, if
 * that is sane and at most 'len'; otherwise 'len'.  This strips the padding
 * that short Ethernet frames carry, so the engine sees the packet alone. */
static size_t
ip_length(const uint8_t *ip, size_t len)
{
    size_t ip_len;

    if (len >= 20 && ip[0] >> 4 == 4) {
        ip_len = get_be16(ip + 2);
        return ip_len >= 20 && ip_len <= len ? ip_len : len;
    } else if (len >= 40 && ip[0] >> 4 == 6) {
        ip_len = 40 + get_be16(ip + 4);
        /* A zero payload length means a jumbogram: leave it alone. */
        return get_be16(ip + 4) && ip_len <= len ? ip_len : len;
    }
    return len;
}

/* Writes the IP packet of 'len' bytes at 'ip' to the output.  For Ethernet
 * output, the input packet's Ethernet header is put back in front of it,
 * which requires 'em->l2_len' writable bytes before 'ip', with the
 * EtherType set for the packet's IP version and, if 'bounce', the MAC
 * addresses swapped so that it goes back to where it came from. */
static int
emit(struct emitter *em, uint8_t *ip, size_t len, bool bounce)
{
    uint8_t *frame = ip - em->l2_len;

    if (em->ethernet) {
        memcpy(frame, em->l2, em->l2_len);
        if (bounce) {
            memcpy(frame, em->l2 + ETH_ADDR_LEN, ETH_ADDR_LEN);
            memcpy(frame + ETH_ADDR_LEN, em->l2, ETH_ADDR_LEN);
        }
        put_be16(frame + em->l2_len - 2,
                 len && ip[0] >> 4 == 6 ? ETH_TYPE_IPV6 : ETH_TYPE_IP);
    }
    return pcap_writer_write(em->writer, em->rec, frame, len + em->l2_len);
}

/* Prints the tool's and the engine's non-zero counters to stderr. */
static void
print_stats(const struct tool_stats *ts, const struct ipxlat_stats *stats)
{
    int i;

    fprintf(stderr, "%-26s %10" PRIu64 "  %s\n", "packets_read",
            ts->n_read, "records read from the input");
    fprintf(stderr, "%-26s %10" PRIu64 "  %s\n", "packets_written",
            ts->n_written, "records written to the output");
    if (ts->n_not_ip) {
        fprintf(stderr, "%-26s %10" PRIu64 "  %s\n", "skipped_not_ip",
                ts->n_not_ip, "frames that hold neither IPv4 nor IPv6");
    }
    for (i = 0; i < IPXLAT_N_REASONS; i++) {
        if (stats->n[i]) {
            fprintf(stderr, "%-26s %10" PRIu64 "  %s\n",
                    ipxlat_reason_name(i), stats->n[i],
                    ipxlat_reason_description(i));
        }
    }
}

/* Makes the reassembly context for 'cfg' in '*memp' (NULL, with no
 * memory, if the config turns reassembly off). */
static struct ipxlat_reasm *
reasm_create(const struct ipxlat_config *cfg, void **memp)
{
    size_t size = ipxlat_reasm_mem_size(cfg);

    *memp = NULL;
    if (!size) {
        return NULL;
    }
    /* malloc() aligns for any type, 8 bytes included. */
    *memp = ipxl_xmalloc(size);
    return ipxlat_reasm_init(*memp, size, cfg);
}

int
main(int argc, char *argv[])
{
    struct ipxlat_stats stats;
    struct tool_stats ts;
    struct ipxlat_eamt *table = NULL;
    struct ipxlat_config *cfg;
    struct ipxlat_reasm *reasm;
    void *reasm_mem = NULL;
    struct pcap_reader reader = { .file = NULL };
    struct pcap_writer writer = { .file = NULL };
    struct pcap_record rec;
    struct options opts;
    struct emitter em;
    uint8_t *pkt_buf = NULL, *frag_buf;
    bool ethernet;
    int status = EXIT_ERROR;
    char *error;
    int n;

    parse_options(argc, argv, &opts);

    error = ipxlat_config_parse(opts.config, &cfg);
    if (error) {
        fprintf(stderr, "%s: bad --config: %s\n", PROGRAM_NAME, error);
        free(error);
        return EXIT_ERROR;
    }
    if (!load_table(&opts, cfg, &table)) {
        goto out;
    }

    if (pcap_reader_open(&reader, opts.in_name)) {
        fprintf(stderr, "%s: %s\n", PROGRAM_NAME, reader.error);
        goto out;
    }
    switch (reader.linktype) {
    case PCAP_LINKTYPE_ETHERNET:
        ethernet = true;
        break;
    case PCAP_LINKTYPE_RAW:
    case PCAP_LINKTYPE_IPV4:
    case PCAP_LINKTYPE_IPV6:
        ethernet = false;
        break;
    default:
        fprintf(stderr, "%s: %s: unsupported link type %lu (want raw IP "
                "(101, 228, 229) or Ethernet (1))\n", PROGRAM_NAME,
                opts.in_name, (unsigned long) reader.linktype);
        goto out;
    }

    reasm = reasm_create(cfg, &reasm_mem);

    /* Both buffers in one allocation, made once. */
    pkt_buf = ipxl_xmalloc(PKT_BUF_LEN + FRAG_BUF_LEN);
    frag_buf = pkt_buf + PKT_BUF_LEN;

    /* Raw input of either family gives raw output of both families. */
    if (pcap_writer_open(&writer, opts.out_name,
                         ethernet ? PCAP_LINKTYPE_ETHERNET
                                  : PCAP_LINKTYPE_RAW,
                         PCAP_MAX_CAPLEN)) {
        fprintf(stderr, "%s: %s\n", PROGRAM_NAME, writer.error);
        goto out;
    }

    status = EXIT_SUCCESS;
    memset(&stats, 0, sizeof stats);
    memset(&ts, 0, sizeof ts);
    memset(&em, 0, sizeof em);
    em.writer = &writer;
    em.rec = &rec;
    em.ethernet = ethernet;

    while ((n = pcap_reader_next(&reader, &rec, pkt_buf + FRONT_ROOM,
                                 PCAP_MAX_CAPLEN)) > 0) {
        uint8_t *frame = pkt_buf + FRONT_ROOM;
        struct ipxlat_frag_iter it;
        enum ipxlat_family family;
        struct ipxlat_pkt pkt;
        struct ipxlat_ctx ctx;
        enum ipxlat_reason r;
        size_t len;
        int werr = 0;

        ts.n_read++;
        em.l2_len = 0;
        if (ethernet) {
            em.l2_len = parse_ethernet(frame, rec.caplen, &family);
            if (!em.l2_len) {
                ts.n_not_ip++;
                continue;
            }
            memcpy(em.l2, frame, em.l2_len);
        }

        pkt.data = frame + em.l2_len;
        pkt.len = rec.caplen - em.l2_len;
        if (ethernet) {
            pkt.len = ip_length(pkt.data, pkt.len);
        } else {
            family = raw_family(reader.linktype, pkt.data, pkt.len);
        }
        /* Keep L2_MAX_LEN bytes at the very front for the link-layer
         * header, whatever the engine does with the headroom. */
        pkt.headroom = pkt.data - pkt_buf - L2_MAX_LEN;
        pkt.tailroom = PKT_BUF_LEN - (pkt.data - pkt_buf) - pkt.len;

        /* The capture's own clock drives the ICMP error rate limit, so
         * a replay behaves as the capture would have, at any speed. */
        ctx.now_ms = (uint64_t) rec.ts_sec * 1000 + rec.ts_usec / 1000;
        ctx.table = table;
        ctx.stats = &stats;
        ctx.reasm = (reasm && ipxlat_pkt_needs_reasm(cfg, pkt.data,
                                                      pkt.len)
                     ? reasm : NULL);
        if (reasm && !ctx.reasm) {
            /* The calls with the context expire what is due; the others
             * must too, so that the counters follow the capture. */
            ipxlat_reasm_expire(reasm, ctx.now_ms, &stats);
        }

        r = ipxlat_translate(cfg, &ctx, family, &pkt);
        if (ipxlat_reason_verdict(r) != IPXLAT_FRAGMENTS
            && (pkt.data < pkt_buf || pkt.data >= pkt_buf + PKT_BUF_LEN)) {
            /* A reassembled datagram sent whole (onward, or back when
             * hairpinned), in the context's own buffer: take it out, with
             * room for the link-layer header in front.  (Fragments are
             * cut from it directly.) */
            memcpy(frag_buf + L2_MAX_LEN, pkt.data, pkt.len);
            pkt.data = frag_buf + L2_MAX_LEN;
        }
        switch (ipxlat_reason_verdict(r)) {
        case IPXLAT_FORWARD:
            werr = emit(&em, pkt.data, pkt.len, false);
            ts.n_written += !werr;
            break;
        case IPXLAT_BOUNCE:
            werr = emit(&em, pkt.data, pkt.len, true);
            ts.n_written += !werr;
            break;
        case IPXLAT_FRAGMENTS:
            ipxlat_frag_init(&it, cfg, &pkt);
            while (!werr
                   && (len = ipxlat_frag_next(&it, frag_buf + L2_MAX_LEN,
                                              FRAG_BUF_LEN - L2_MAX_LEN))) {
                werr = emit(&em, frag_buf + L2_MAX_LEN, len, false);
                ts.n_written += !werr;
            }
            break;
        case IPXLAT_HELD:
        case IPXLAT_DROP:
        default:
            break;
        }
        if (werr) {
            fprintf(stderr, "%s: %s\n", PROGRAM_NAME, writer.error);
            status = EXIT_ERROR;
            break;
        }
    }
    if (n < 0) {
        fprintf(stderr, "%s: %s\n", PROGRAM_NAME, reader.error);
        status = EXIT_ERROR;
    }
    if (reasm) {
        /* What is still held at the end of the capture never
         * completes: counted as timed out. */
        ipxlat_reasm_expire(reasm, UINT64_MAX, &stats);
    }

    if (pcap_writer_close(&writer) && status == EXIT_SUCCESS) {
        fprintf(stderr, "%s: %s\n", PROGRAM_NAME, writer.error);
        status = EXIT_ERROR;
    }
    if (opts.stats) {
        print_stats(&ts, &stats);
    }

out:
    pcap_reader_close(&reader);
    free(pkt_buf);
    free(reasm_mem);
    ipxlat_config_free(cfg);
    if (table) {
        ipxlat_eamt_destroy(table);
    }
    return status;
}
