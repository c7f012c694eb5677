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

/* RFC 8781: Router Advertisements on a raw ICMPv6 socket. */

#include "discovery.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Returns a malloc'd "what: strerror(errno)". */
static char *
sys_err(const char *what)
{
    char *e;

    if (asprintf(&e, "%s: %s", what, strerror(errno)) < 0) {
        abort();
    }
    return e;
}

/* Opens a raw ICMPv6 socket on 'ifname' that receives Router
 * Advertisements only.  Returns 0, or -1 with '*err'. */
int
ra_open(struct ra_listener *l, const char *ifname, char **err)
{
    struct icmp6_filter filter;
    int on = 1, hops = 255;

    memset(l, 0, sizeof *l);
    l->ifname = ifname;
    l->fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
                   IPPROTO_ICMPV6);
    if (l->fd < 0) {
        *err = sys_err("raw ICMPv6 socket");
        return -1;
    }
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &filter);
    if (setsockopt(l->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter,
                   sizeof filter) < 0
        || setsockopt(l->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
                      sizeof on) < 0
        || setsockopt(l->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops,
                      sizeof hops) < 0
        || setsockopt(l->fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
                      strlen(ifname)) < 0) {
        *err = sys_err(ifname);
        close(l->fd);
        l->fd = -1;
        return -1;
    }
    return 0;
}

/* RFC 4861 section 6.3.7: sends a Router Solicitation to all routers, so
 * that the first RA need not wait for the router's next period. */
void
ra_solicit(struct ra_listener *l)
{
    struct sockaddr_in6 to;
    uint8_t rs[8] = { ND_ROUTER_SOLICIT, 0 };

    memset(&to, 0, sizeof to);
    to.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "ff02::2", &to.sin6_addr);
    to.sin6_scope_id = if_nametoindex(l->ifname);
    /* The kernel fills in the ICMPv6 checksum of raw ICMPv6 sockets.  A
     * failure (no link-local address yet) only means waiting for the
     * router's next periodic RA, so it is not reported. */
    (void) sendto(l->fd, rs, sizeof rs, 0, (struct sockaddr *) &to,
                  sizeof to);
}

/* Reads one message.  Returns true and fills 'res' and 'router' if it is
 * a valid Router Advertisement (even with no PREF64 option); returns false
 * when there is nothing (more) to read or the message was discarded (and
 * counted). */
bool
ra_receive(struct ra_listener *l, struct ra_result *res,
           char *router, size_t router_size)
{
    uint8_t buf[2048];
    union {
        struct cmsghdr align;
        uint8_t buf[CMSG_SPACE(sizeof(int))];
    } control;
    struct sockaddr_in6 from;
    struct iovec iov = { buf, sizeof buf };
    struct msghdr msg = {
        .msg_name = &from, .msg_namelen = sizeof from,
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = &control, .msg_controllen = sizeof control,
    };
    int hoplimit = -1;
    ssize_t n;

    n = recvmsg(l->fd, &msg, 0);
    if (n < 0) {
        return false;
    }
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c;
         c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
            memcpy(&hoplimit, CMSG_DATA(c), sizeof hoplimit);
        }
    }
    /* RFC 4861 section 6.1.2: a valid RA comes from a link-local address
     * with hop limit 255 (so it was not forwarded by a router). */
    if (hoplimit != 255 || !IN6_IS_ADDR_LINKLOCAL(&from.sin6_addr)
        || (msg.msg_flags & MSG_TRUNC)) {
        l->bad_source++;
        return false;
    }
    inet_ntop(AF_INET6, &from.sin6_addr, router, router_size);
    if (!ra_parse(buf, (size_t) n, res)) {
        for (int i = 0; i < RA_N_REJECTS; i++) {
            l->rejects[i] += res->rejects[i];
        }
        return false;
    }
    for (int i = 0; i < RA_N_REJECTS; i++) {
        l->rejects[i] += res->rejects[i];
    }
    return true;
}
