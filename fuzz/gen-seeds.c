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

/* Writes the seed corpora for the fuzz targets:
 *
 *     gen-seeds TRANSLATE_DIR CONFIG_DIR
 *
 * TRANSLATE_DIR receives valid packets (IPv4/IPv6 TCP, UDP, ICMP echo, ICMP
 * errors with an inner packet, fragments, and a few that trigger errors,
 * fragmentation and hairpinning), each prefixed by the selector byte of
 * fuzz-translate.c for every config, with addresses inside that config's
 * prefix.  CONFIG_DIR receives valid config strings.  The seeds are built
 * here rather than stored so that no binary files live in the tree. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-packets.h"
#include "testpkt.h"

/* Prefix of each fuzz-translate.c config, as its length and the
 * first bytes of the prefix. */
static const struct {
    int len;                    /* 32, 40 or 96. */
    uint8_t bytes[12];          /* Prefix bytes. */
} prefixes[8] = {
    { 96, { 0x00, 0x64, 0xff, 0x9b } },
    { 40, { 0x20, 0x01, 0x0d, 0xb8, 0x01 } },
    { 96, { 0x00, 0x64, 0xff, 0x9b } },
    { 96, { 0x00, 0x64, 0xff, 0x9b } },
    { 96, { 0x00, 0x64, 0xff, 0x9b } },
    { 96, { 0x00, 0x64, 0xff, 0x9b } },
    { 96, { 0x00, 0x64, 0xff, 0x9b } },
    { 32, { 0x20, 0x01, 0x0d, 0xb8 } },
};

static const char *const config_seeds[] = {
    "prefix=64:ff9b::/96",
    "prefix=2001:db8:100::/40,mtu6=1400,mtu4=1400",
    "prefix=64:ff9b::/96,allow_wkp_non_global,"
    "eam(192.0.2.0/24,2001:db8:1::/120),"
    "eam(198.51.100.7,2001:db8:2::7),hairpin=simple",
    "table=big,pool6791v4=203.0.113.0/28,pool6791v6=2001:db8:ffff::/120",
    "prefix=64:ff9b::/64,src4=192.0.0.9,src6=2001:db8::9,"
    "lowest_ipv6_mtu=1400,amend_udp_zero_csum,icmp_rate=10,icmp_burst=5",
    "prefix=2001:db8::/48,hairpin=off",
    "prefix=2001:db8::/56,hairpin=intrinsic",
};

/* Embeds IPv4 'v4' (4 bytes) into prefix 'k' (RFC 6052 section 2.2). */
static void
embed(int k, const uint8_t v4[4], uint8_t v6[16])
{
    memset(v6, 0, 16);
    memcpy(v6, prefixes[k].bytes, prefixes[k].len / 8);
    if (prefixes[k].len == 96) {
        memcpy(v6 + 12, v4, 4);
    } else if (prefixes[k].len == 40) {
        memcpy(v6 + 5, v4, 3);
        v6[9] = v4[3];
    } else {
        memcpy(v6 + 4, v4, 4);
    }
}

static const uint8_t host4[4] = { 198, 51, 100, 10 };
static const uint8_t peer4[4] = { 203, 0, 113, 20 };
static const uint8_t eam4[4] = { 192, 0, 2, 7 };
static const uint8_t eam6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1,
                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 5 };

/* The seeds' transport headers and payload pattern. */
static const struct test_l4 tcp_l4 = {
    .sport = 40000, .dport = 443, .tcp_ctl = 0x5018, .mult = 7,
};
static const struct test_l4 udp_l4 = {
    .sport = 40000, .dport = 53, .mult = 7,
};

/* Writes an IPv4 header for 'plen' bytes of 'proto' at 'p'. */
static void
ip4(uint8_t *p, uint8_t proto, size_t plen, uint16_t frag, uint8_t ttl,
    const uint8_t src[4], const uint8_t dst[4])
{
    test_put_ip4(p, 0x20, 0x1234, frag, ttl, proto, plen, get_be32(src),
                 get_be32(dst));
}

/* Writes an IPv6 header for 'plen' bytes of 'nxt' at 'p'. */
static void
ip6(uint8_t *p, uint8_t nxt, size_t plen, uint8_t hlim,
    const uint8_t src[16], const uint8_t dst[16])
{
    test_put_ip6(p, 0x60212345, nxt, plen, hlim, src, dst);
}

/* Writes an upper-layer message of 'proto' with 'len' bytes in all at
 * 'l4' and fills in its checksum with the pseudo-header of the IP header
 * at 'ip', as if the message were the whole datagram (a first fragment
 * gets the checksum its sender would compute). */
static void
l4(const uint8_t *ip, uint8_t *l4, uint8_t proto, size_t len)
{
    test_put_l4(l4, proto, len, proto == IPPROTO_TCP_ ? &tcp_l4 : &udp_l4);
    test_fix_l4(l4, len, proto,
                IP_VER(ip[0]) == 4 ? test_csum_pseudo4(ip, proto, len)
                                   : test_csum_pseudo6(ip, proto, len));
}

static int n_written;

static void
write_seed(const char *dir, uint8_t sel, const uint8_t *p, size_t len)
{
    char name[4096];
    FILE *f;

    snprintf(name, sizeof name, "%s/seed-%03d", dir, n_written++);
    f = fopen(name, "wb");
    if (!f || fwrite(&sel, 1, 1, f) != 1
        || (len && fwrite(p, 1, len, f) != len) || fclose(f)) {
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        exit(EXIT_FAILURE);
    }
}

/* Builds IPv4 packets and writes them for config 'k'. */
static void
seeds4(const char *dir, int k)
{
    static const uint8_t protos[] = { IPPROTO_TCP_, IPPROTO_UDP_,
                                      IPPROTO_ICMP_ };
    uint8_t sel = 0x20 | k;
    uint8_t p[3000];

    for (size_t i = 0; i < sizeof protos; i++) {
        size_t len = protos[i] == IPPROTO_TCP_ ? 32 : 24;

        ip4(p, protos[i], len, IP_DF, 64, host4, peer4);
        l4(p, p + 20, protos[i], len);
        write_seed(dir, sel, p, 20 + len);
    }

    /* An ICMP error (3/1) quoting a UDP packet the host sent. */
    ip4(p, IPPROTO_ICMP_, 8 + 20 + 16, 0, 64, peer4, host4);
    memset(p + 20, 0, 8);
    p[20] = ICMP4_DEST_UNREACH;
    p[21] = ICMP4_HOST_UNREACH;
    ip4(p + 28, IPPROTO_UDP_, 16, IP_DF, 63, host4, peer4);
    l4(p + 28, p + 48, IPPROTO_UDP_, 16);
    test_fix_checksums(p, 20 + 8 + 20 + 16);
    write_seed(dir, sel, p, 20 + 8 + 20 + 16);

    /* A first fragment and a later one. */
    ip4(p, IPPROTO_UDP_, 64, IP_MF, 64, host4, peer4);
    l4(p, p + 20, IPPROTO_UDP_, 64);
    put_be16(p + 24, 200);
    write_seed(dir, sel, p, 20 + 64);
    ip4(p, IPPROTO_UDP_, 40, 8, 64, host4, peer4);
    write_seed(dir, sel, p, 20 + 40);

    /* UDP with checksum zero. */
    ip4(p, IPPROTO_UDP_, 24, 0, 64, host4, peer4);
    l4(p, p + 20, IPPROTO_UDP_, 24);
    put_be16(p + 26, 0);
    write_seed(dir, sel & ~0x20, p, 20 + 24);     /* Keep the zero. */

    /* Too big: DF clear (fragmented) and DF set (Fragmentation Needed). */
    ip4(p, IPPROTO_UDP_, 1400, 0, 64, host4, peer4);
    l4(p, p + 20, IPPROTO_UDP_, 1400);
    write_seed(dir, sel, p, 20 + 1400);
    ip4(p, IPPROTO_TCP_, 1480, IP_DF, 64, host4, peer4);
    l4(p, p + 20, IPPROTO_TCP_, 1480);
    write_seed(dir, sel, p, 20 + 1480);

    /* TTL 1: Time Exceeded. */
    ip4(p, IPPROTO_UDP_, 24, 0, 1, host4, peer4);
    l4(p, p + 20, IPPROTO_UDP_, 24);
    write_seed(dir, sel, p, 20 + 24);
}

/* Builds IPv6 packets and writes them for config 'k'. */
static void
seeds6(const char *dir, int k)
{
    static const uint8_t protos[] = { IPPROTO_TCP_, IPPROTO_UDP_,
                                      IPPROTO_ICMPV6_ };
    uint8_t sel = 0x20 | k;
    uint8_t src[16], dst[16];
    uint8_t p[3000];

    embed(k, host4, src);
    embed(k, peer4, dst);
    for (size_t i = 0; i < sizeof protos; i++) {
        size_t len = protos[i] == IPPROTO_TCP_ ? 32 : 24;

        ip6(p, protos[i], len, 64, src, dst);
        l4(p, p + 40, protos[i], len);
        write_seed(dir, sel, p, 40 + len);
    }

    /* An ICMPv6 error (1/3) quoting a UDP packet the host sent. */
    ip6(p, IPPROTO_ICMPV6_, 8 + 40 + 16, 64, dst, src);
    memset(p + 40, 0, 8);
    p[40] = ICMP6_DEST_UNREACH;
    p[41] = ICMP6_ADDR_UNREACH;
    ip6(p + 48, IPPROTO_UDP_, 16, 63, src, dst);
    l4(p + 48, p + 88, IPPROTO_UDP_, 16);
    test_fix_checksums(p, 40 + 8 + 40 + 16);
    write_seed(dir, sel, p, 40 + 8 + 40 + 16);

    /* A first fragment with a Fragment header. */
    ip6(p, IPPROTO_FRAGMENT_, 8 + 64, 64, src, dst);
    memset(p + 40, 0, 8);
    p[40] = IPPROTO_UDP_;
    put_be16(p + 42, IP6_FRAG_MF);
    put_be32(p + 44, 0xabcd1234);
    l4(p, p + 48, IPPROTO_UDP_, 64);
    put_be16(p + 52, 200);
    write_seed(dir, sel, p, 40 + 8 + 64);

    /* Hop limit 1: Time Exceeded; too big for mtu4: Packet Too Big. */
    ip6(p, IPPROTO_UDP_, 24, 1, src, dst);
    l4(p, p + 40, IPPROTO_UDP_, 24);
    write_seed(dir, sel, p, 40 + 24);
    ip6(p, IPPROTO_TCP_, 1480, 64, src, dst);
    l4(p, p + 40, IPPROTO_TCP_, 1480);
    write_seed(dir, sel, p, 40 + 1480);

    /* From an EAM host to an EAM address: hairpinned where configured. */
    embed(k, eam4, dst);
    ip6(p, IPPROTO_UDP_, 24, 64, eam6, dst);
    l4(p, p + 40, IPPROTO_UDP_, 24);
    write_seed(dir, sel, p, 40 + 24);
}

int
main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s TRANSLATE_DIR CONFIG_DIR\n", argv[0]);
        return EXIT_FAILURE;
    }
    for (int k = 0; k < 8; k++) {
        seeds4(argv[1], k);
        seeds6(argv[1], k);
    }
    for (size_t i = 0; i < sizeof config_seeds / sizeof config_seeds[0];
         i++) {
        size_t len = strlen(config_seeds[i]);
        char name[4096];
        FILE *f;

        snprintf(name, sizeof name, "%s/seed-%02zu", argv[2], i);
        f = fopen(name, "wb");
        if (!f || fwrite(config_seeds[i], 1, len, f) != len || fclose(f)) {
            fprintf(stderr, "%s: %s\n", name, strerror(errno));
            return EXIT_FAILURE;
        }
    }
    return EXIT_SUCCESS;
}
