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

/* A UDP flood for the end-to-end benchmark (bench/ovs-bench.sh): sends
 * datagrams of one size to one IPv4 or IPv6 address and port as fast as
 * the kernel takes them, in batches with sendmmsg(), for a fixed time,
 * and prints the number sent.
 *
 * Usage: udp-flood ADDRESS PORT SECONDS PAYLOAD_BYTES
 * Output: "sent N datagrams in S seconds" on standard output. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Datagrams per sendmmsg() call. */
#define BATCH 64

/* The largest payload accepted. */
#define MAX_PAYLOAD 1472

/* Returns the monotonic time in seconds. */
static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
    static char payload[MAX_PAYLOAD];
    struct sockaddr_storage ss;
    struct mmsghdr msgs[BATCH];
    struct iovec iov;
    socklen_t sslen;
    double seconds, start, end;
    unsigned long long sent = 0;
    long size;
    int fd, i;

    if (argc != 5) {
        fprintf(stderr, "usage: udp-flood ADDRESS PORT SECONDS BYTES\n");
        return 1;
    }
    memset(&ss, 0, sizeof ss);
    if (strchr(argv[1], ':')) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;

        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(atoi(argv[2]));
        if (inet_pton(AF_INET6, argv[1], &sin6->sin6_addr) != 1) {
            fprintf(stderr, "udp-flood: bad address %s\n", argv[1]);
            return 1;
        }
        sslen = sizeof *sin6;
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *) &ss;

        sin->sin_family = AF_INET;
        sin->sin_port = htons(atoi(argv[2]));
        if (inet_pton(AF_INET, argv[1], &sin->sin_addr) != 1) {
            fprintf(stderr, "udp-flood: bad address %s\n", argv[1]);
            return 1;
        }
        sslen = sizeof *sin;
    }
    seconds = atof(argv[3]);
    size = atol(argv[4]);
    if (seconds <= 0 || seconds > 600 || size < 0 || size > MAX_PAYLOAD) {
        fprintf(stderr, "udp-flood: SECONDS in (0, 600], BYTES in "
                "[0, %d]\n", MAX_PAYLOAD);
        return 1;
    }

    fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &ss, sslen) < 0) {
        fprintf(stderr, "udp-flood: %s\n", strerror(errno));
        return 1;
    }
    memset(payload, 0x5a, sizeof payload);
    iov.iov_base = payload;
    iov.iov_len = size;
    memset(msgs, 0, sizeof msgs);
    for (i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    start = now();
    end = start + seconds;
    while (now() < end) {
        int n = sendmmsg(fd, msgs, BATCH, 0);

        if (n > 0) {
            sent += n;
        } else if (n < 0 && errno != ENOBUFS && errno != EAGAIN
                   && errno != ECONNREFUSED && errno != EINTR) {
            fprintf(stderr, "udp-flood: sendmmsg: %s\n", strerror(errno));
            return 1;
        }
    }
    printf("sent %llu datagrams in %.2f seconds\n", sent, now() - start);
    close(fd);
    return 0;
}
