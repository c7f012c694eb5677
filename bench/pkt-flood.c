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

/* pkt-flood: replays the Ethernet frames of a pcap file on an interface,
 * round and round, as fast as the kernel takes them, for a fixed time,
 * and prints the number sent.  The sender of the peers in the fast-path
 * benchmark (bench/ovs-bench.sh --fast).
 *
 * Usage: pkt-flood IFACE FILE.pcap SECONDS [DST_MAC [SRC_MAC]]
 * Output: "sent N frames in S seconds, C s of CPU" on standard output,
 * where C is the sender's own user and system time (what the caller
 * subtracts to find the CPU time of the rest of the system).
 *
 * It is the fastest sender the kernel offers without a driver of its own:
 * an AF_PACKET socket with a memory-mapped transmit ring (TPACKET_V2), so
 * one send() hands the kernel a whole ring of frames, and
 * PACKET_QDISC_BYPASS, so the frames go straight to the device's transmit
 * function without a queueing discipline.  No UDP socket, route or
 * neighbour lookup per packet: the frames are complete.  DST_MAC and
 * SRC_MAC, when given, replace the Ethernet addresses of every frame. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pcap-file.h"
#include "ipxlat-util.h"

/* The transmit ring: RING_FRAMES slots of FRAME_SIZE bytes, each holding
 * a tpacket2_hdr and one frame. */
#define FRAME_SIZE 4096
#define FRAMES_PER_BLOCK 16
#define RING_BLOCKS 64
#define RING_FRAMES (FRAMES_PER_BLOCK * RING_BLOCKS)

/* Where a frame's data starts within its slot. */
#define DATA_OFS TPACKET_ALIGN(sizeof(struct tpacket2_hdr))

/* The largest frame that fits a slot. */
#define MAX_FRAME ((int) (FRAME_SIZE - DATA_OFS))

/* The most distinct frames kept from the file. */
#define MAX_FRAMES 1048576

/* The frames to replay, back to back. */
struct frames {
    uint8_t *data;          /* All frames. */
    size_t *ofs;            /* Offset of frame i in 'data'. */
    uint16_t *len;          /* Length of frame i. */
    size_t n;               /* Number of frames. */
};

/* Returns the monotonic time in seconds. */
static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Parses MAC address 's' into 'mac'.  Returns true on success. */
static bool
parse_mac(const char *s, uint8_t mac[ETH_ADDR_LEN])
{
    unsigned int b[ETH_ADDR_LEN];
    char extra;

    if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5], &extra) != ETH_ADDR_LEN) {
        return false;
    }
    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        if (b[i] > 255) {
            return false;
        }
        mac[i] = b[i];
    }
    return true;
}

/* Reads the Ethernet frames of pcap file 'name' into 'f', with the
 * addresses replaced by 'dst' and 'src' when nonnull.  Exits with a
 * message on any error. */
static void
load_frames(const char *name, const uint8_t *dst, const uint8_t *src,
            struct frames *f)
{
    static uint8_t buf[PCAP_MAX_CAPLEN];
    struct pcap_record rec;
    struct pcap_reader r;
    size_t cap = 0, used = 0;
    int n;

    if (pcap_reader_open(&r, name)) {
        fprintf(stderr, "pkt-flood: %s\n", r.error);
        exit(EXIT_FAILURE);
    }
    if (r.linktype != PCAP_LINKTYPE_ETHERNET) {
        fprintf(stderr, "pkt-flood: %s: link type %s, not Ethernet\n", name,
                pcap_linktype_name(r.linktype));
        exit(EXIT_FAILURE);
    }
    memset(f, 0, sizeof *f);
    f->ofs = ipxl_xzalloc(MAX_FRAMES * sizeof *f->ofs);
    f->len = ipxl_xzalloc(MAX_FRAMES * sizeof *f->len);
    while ((n = pcap_reader_next(&r, &rec, buf, sizeof buf)) > 0) {
        if (rec.caplen < ETH_HEADER_LEN || rec.caplen > MAX_FRAME
            || rec.caplen != rec.origlen) {
            fprintf(stderr, "pkt-flood: %s: record %zu: %u bytes (captured "
                    "%u), not a whole frame of %d to %d bytes\n", name,
                    f->n + 1, rec.origlen, rec.caplen, ETH_HEADER_LEN,
                    MAX_FRAME);
            exit(EXIT_FAILURE);
        }
        if (f->n == MAX_FRAMES) {
            fprintf(stderr, "pkt-flood: %s: more than %d frames\n", name,
                    MAX_FRAMES);
            exit(EXIT_FAILURE);
        }
        if (used + rec.caplen > cap) {
            cap = 2 * (cap + rec.caplen);
            f->data = ipxl_xrealloc(f->data, cap);
        }
        memcpy(f->data + used, buf, rec.caplen);
        if (dst) {
            memcpy(f->data + used, dst, ETH_ADDR_LEN);
        }
        if (src) {
            memcpy(f->data + used + ETH_ADDR_LEN, src, ETH_ADDR_LEN);
        }
        f->ofs[f->n] = used;
        f->len[f->n] = rec.caplen;
        f->n++;
        used += rec.caplen;
    }
    if (n < 0) {
        fprintf(stderr, "pkt-flood: %s\n", r.error);
        exit(EXIT_FAILURE);
    }
    pcap_reader_close(&r);
    if (!f->n) {
        fprintf(stderr, "pkt-flood: %s: no frames\n", name);
        exit(EXIT_FAILURE);
    }
}

/* Opens the AF_PACKET socket on interface 'ifname' with its transmit ring
 * mapped at '*ring'.  Returns the socket; exits with a message on
 * error. */
static int
open_ring(const char *ifname, uint8_t **ring)
{
    struct tpacket_req req = {
        .tp_block_size = FRAME_SIZE * FRAMES_PER_BLOCK,
        .tp_block_nr = RING_BLOCKS,
        .tp_frame_size = FRAME_SIZE,
        .tp_frame_nr = RING_FRAMES,
    };
    struct sockaddr_ll sll = { .sll_family = AF_PACKET };
    int version = TPACKET_V2, one = 1;
    int fd;

    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        fprintf(stderr, "pkt-flood: socket: %s\n", ipxl_strerror(errno));
        exit(EXIT_FAILURE);
    }
    sll.sll_ifindex = if_nametoindex(ifname);
    if (!sll.sll_ifindex) {
        fprintf(stderr, "pkt-flood: %s: %s\n", ifname, ipxl_strerror(errno));
        exit(EXIT_FAILURE);
    }
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version)
        || setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one)
        || setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof req)) {
        fprintf(stderr, "pkt-flood: setsockopt: %s\n", ipxl_strerror(errno));
        exit(EXIT_FAILURE);
    }
    *ring = mmap(NULL, (size_t) FRAME_SIZE * RING_FRAMES,
                 PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (*ring == MAP_FAILED) {
        fprintf(stderr, "pkt-flood: mmap: %s\n", ipxl_strerror(errno));
        exit(EXIT_FAILURE);
    }
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll)) {
        fprintf(stderr, "pkt-flood: bind %s: %s\n", ifname,
                ipxl_strerror(errno));
        exit(EXIT_FAILURE);
    }
    return fd;
}

int
main(int argc, char *argv[])
{
    uint8_t dst[ETH_ADDR_LEN], src[ETH_ADDR_LEN];
    unsigned long long sent = 0, bad = 0;
    size_t slot = 0, next = 0;
    double seconds, start, end;
    struct rusage ru;
    struct frames f;
    uint8_t *ring;
    int fd;

    if (argc < 4 || argc > 6) {
        fprintf(stderr, "usage: pkt-flood IFACE FILE.pcap SECONDS "
                "[DST_MAC [SRC_MAC]]\n");
        return EXIT_FAILURE;
    }
    seconds = atof(argv[3]);
    if (seconds <= 0 || seconds > 600) {
        fprintf(stderr, "pkt-flood: SECONDS in (0, 600]\n");
        return EXIT_FAILURE;
    }
    if ((argc > 4 && !parse_mac(argv[4], dst))
        || (argc > 5 && !parse_mac(argv[5], src))) {
        fprintf(stderr, "pkt-flood: bad MAC address\n");
        return EXIT_FAILURE;
    }
    load_frames(argv[2], argc > 4 ? dst : NULL, argc > 5 ? src : NULL, &f);
    fd = open_ring(argv[1], &ring);

    start = now();
    end = start + seconds;
    while (now() < end) {
        /* Fill every free slot from where the last round stopped, then
         * hand them all to the kernel with one send().  A blocking send()
         * returns when the kernel has taken every frame, so all slots are
         * free again afterwards (or marked bad). */
        for (int i = 0; i < RING_FRAMES; i++) {
            struct tpacket2_hdr *h = (struct tpacket2_hdr *)
                                     (ring + slot * FRAME_SIZE);

            if (h->tp_status == TP_STATUS_WRONG_FORMAT) {
                bad++;
            } else if (h->tp_status != TP_STATUS_AVAILABLE) {
                break;
            }
            memcpy((uint8_t *) h + DATA_OFS, f.data + f.ofs[next],
                   f.len[next]);
            h->tp_len = f.len[next];
            __atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
                             __ATOMIC_RELEASE);
            sent++;
            next = next + 1 == f.n ? 0 : next + 1;
            slot = slot + 1 == RING_FRAMES ? 0 : slot + 1;
        }
        if (send(fd, NULL, 0, 0) < 0 && errno != ENOBUFS && errno != EAGAIN
            && errno != EINTR) {
            fprintf(stderr, "pkt-flood: send: %s\n", ipxl_strerror(errno));
            return EXIT_FAILURE;
        }
    }
    close(fd);
    getrusage(RUSAGE_SELF, &ru);
    printf("sent %llu frames in %.2f seconds, %.3f s of CPU\n", sent - bad,
           now() - start, ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6
           + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    return EXIT_SUCCESS;
}
