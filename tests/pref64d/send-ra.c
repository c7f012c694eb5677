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

/* send-ra: sends Router Advertisements carrying one PREF64 option (RFC
 * 8781), for the tests, where the installed radvd has no nat64prefix.
 *
 * usage: send-ra IFACE PREFIX/LEN LIFETIME COUNT INTERVAL_MS [OPTLEN]
 * OPTLEN (default 2) is the option's Length field, to send bad options. */

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
    static const uint8_t plc_of[] = { [96 / 8] = 0, [64 / 8] = 1,
                                      [56 / 8] = 2, [48 / 8] = 3,
                                      [40 / 8] = 4, [32 / 8] = 5 };
    uint8_t msg[16 + 24] = { 134, 0, 0, 0, 64, 0, 0, 0 };
    struct sockaddr_in6 to;
    struct in6_addr prefix;
    int hops = 255, fd, len, count, interval, optlen;
    unsigned int lifetime;
    char addr[64], *slash;

    if (argc < 6) {
        fprintf(stderr, "usage: send-ra IFACE PREFIX/LEN LIFETIME COUNT "
                "INTERVAL_MS [OPTLEN]\n");
        return 2;
    }
    snprintf(addr, sizeof addr, "%s", argv[2]);
    slash = strchr(addr, '/');
    if (!slash) {
        return 2;
    }
    *slash = '\0';
    len = atoi(slash + 1);
    if (inet_pton(AF_INET6, addr, &prefix) != 1 || len % 8 || len < 32
        || len > 96 || (len != 96 && len > 64)) {
        fprintf(stderr, "send-ra: bad prefix %s\n", argv[2]);
        return 2;
    }
    lifetime = (unsigned int) atoi(argv[3]);
    count = atoi(argv[4]);
    interval = atoi(argv[5]);
    optlen = argc > 6 ? atoi(argv[6]) : 2;

    /* RFC 8781 section 4: type 38, Length 2, scaled lifetime (units of 8
     * seconds, rounded up) << 3 | PLC, the highest 96 bits. */
    msg[16] = 38;
    msg[17] = (uint8_t) optlen;
    {
        unsigned int scaled = (lifetime + 7) / 8;
        uint16_t field = (uint16_t) ((scaled << 3) | plc_of[len / 8]);

        msg[18] = field >> 8;
        msg[19] = field & 0xff;
    }
    memcpy(msg + 20, &prefix, 12);

    fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
    if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
                             sizeof hops) < 0) {
        perror("send-ra: socket");
        return 1;
    }
    memset(&to, 0, sizeof to);
    to.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "ff02::1", &to.sin6_addr);
    to.sin6_scope_id = if_nametoindex(argv[1]);
    for (int i = 0; i < count; i++) {
        size_t size = 16 + (optlen == 2 ? 16 : (size_t) optlen * 8);

        if (size > sizeof msg) {
            size = sizeof msg;
        }
        if (sendto(fd, msg, size, 0, (struct sockaddr *) &to,
                   sizeof to) < 0) {
            perror("send-ra: sendto");
            return 1;
        }
        if (i + 1 < count) {
            usleep(interval * 1000);
        }
    }
    close(fd);
    return 0;
}
