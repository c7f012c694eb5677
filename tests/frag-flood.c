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

/* A flood of fragments that never complete, for the system test's memory
 * bound (tests/system-ipxlat.sh): first fragments of 1480-byte ICMP echo
 * requests with random Identifications, IPv4 from random sources in a
 * /16 or IPv6 from one source, written as Ethernet frames on a link with
 * an AF_PACKET socket (so that any source address goes out) for a fixed
 * time.  Each one makes the translator hold a datagram until its time is
 * up; what the test checks is that the translator's memory stays within
 * its reassembly bounds however many come.
 *
 * Usage: frag-flood IFACE SECONDS SRC_MAC DST_MAC SRC DST
 *   SRC   an IPv4 address whose last two bytes are randomised, or an IPv6
 *         address used as it is; DST of the same family.
 * Output: "sent N fragments in S seconds" on standard output. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ipxlat-packets.h"
#include "testpkt.h"

#define PAYLOAD 1232            /* Fragment payload (fits IPv6 1280). */
#define BATCH 32

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];

    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5]) != 6) {
        fprintf(stderr, "frag-flood: bad MAC address %s\n", s);
        exit(1);
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = b[i];
    }
}

int
main(int argc, char *argv[])
{
    static uint8_t frames[BATCH][14 + 48 + PAYLOAD];
    uint8_t src_mac[6], dst_mac[6], src6[16], dst6[16];
    struct in_addr src4, dst4;
    struct sockaddr_ll sll;
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    unsigned long long sent = 0;
    uint64_t rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t) getpid();
    double seconds, start, end;
    bool v6;
    size_t len;
    int fd;

    if (argc != 7) {
        fprintf(stderr, "usage: frag-flood IFACE SECONDS SRC_MAC DST_MAC "
                "SRC DST\n");
        return 1;
    }
    seconds = atof(argv[2]);
    parse_mac(argv[3], src_mac);
    parse_mac(argv[4], dst_mac);
    v6 = strchr(argv[6], ':') != NULL;
    if (v6 ? (inet_pton(AF_INET6, argv[5], src6) != 1
              || inet_pton(AF_INET6, argv[6], dst6) != 1)
           : (inet_pton(AF_INET, argv[5], &src4) != 1
              || inet_pton(AF_INET, argv[6], &dst4) != 1)
        || seconds <= 0 || seconds > 600) {
        fprintf(stderr, "frag-flood: bad addresses or SECONDS\n");
        return 1;
    }

    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        fprintf(stderr, "frag-flood: socket: %s\n", strerror(errno));
        return 1;
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = if_nametoindex(argv[1]);
    sll.sll_halen = 6;
    memcpy(sll.sll_addr, dst_mac, 6);
    if (!sll.sll_ifindex) {
        fprintf(stderr, "frag-flood: no interface %s\n", argv[1]);
        return 1;
    }

    /* The frames: Ethernet, then the IP header and an ICMP echo header
     * and payload, the first fragment of a bigger datagram. */
    for (int i = 0; i < BATCH; i++) {
        uint8_t *f = frames[i];
        uint8_t *ip = f + 14;

        memcpy(f, dst_mac, 6);
        memcpy(f + 6, src_mac, 6);
        if (v6) {
            put_be16(f + 12, 0x86dd);
            test_put_ip6(ip, 0x60000000, IPPROTO_FRAGMENT_, 8 + PAYLOAD,
                         64, src6, dst6);
            ip[40] = IPPROTO_ICMPV6_;
            ip[41] = 0;
            put_be16(ip + 42, IP6_FRAG_MF);
            test_put_l4(ip + 48, IPPROTO_ICMPV6_, PAYLOAD,
                        &(struct test_l4) { .mult = 1 });
            len = 14 + 48 + PAYLOAD;
        } else {
            put_be16(f + 12, 0x0800);
            test_put_ip4(ip, 0, 0, IP_MF, 64, IPPROTO_ICMP_, PAYLOAD,
                         ntohl(src4.s_addr), ntohl(dst4.s_addr));
            test_put_l4(ip + 20, IPPROTO_ICMP_, PAYLOAD,
                        &(struct test_l4) { .mult = 1 });
            len = 14 + 20 + PAYLOAD;
        }
        iov[i].iov_base = f;
        iov[i].iov_len = len;
        memset(&msgs[i], 0, sizeof msgs[i]);
        msgs[i].msg_hdr.msg_name = &sll;
        msgs[i].msg_hdr.msg_namelen = sizeof sll;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    start = now();
    end = start + seconds;
    while (now() < end) {
        int n;

        /* New random IDs (and IPv4 sources) for the batch. */
        for (int i = 0; i < BATCH; i++) {
            uint8_t *ip = frames[i] + 14;
            uint64_t r = test_xorshift64(&rng);

            if (v6) {
                put_be32(ip + 44, (uint32_t) r);
            } else {
                put_be16(ip + 4, r);
                put_be16(ip + 14, r >> 16);
                test_fix_ip4_header(ip);
            }
        }
        n = sendmmsg(fd, msgs, BATCH, 0);
        if (n < 0) {
            if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
                continue;
            }
            fprintf(stderr, "frag-flood: sendmmsg: %s\n", strerror(errno));
            return 1;
        }
        sent += n;
    }
    printf("sent %llu fragments in %.1f seconds\n", sent, now() - start);
    close(fd);
    return 0;
}
