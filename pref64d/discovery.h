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
#ifndef PREF64D_DISCOVERY_H
#define PREF64D_DISCOVERY_H 1

/* The network side of discovery: RFC 7050 queries through libunbound's
 * asynchronous API (dns64_*) and RFC 8781 Router Advertisements on a raw
 * ICMPv6 socket (ra_*).  Both hand their results to the pure parsers of
 * pref64.h.  Thread-safety: single-threaded use only. */

#include <stdbool.h>
#include <stdint.h>

#include "pref64.h"

struct ub_ctx;

/* Options of RFC 7050 section 3.1 validation. */
struct dns64_validation {
    const char *trust_anchor;   /* Trust anchor file, or NULL: disabled. */
    const char **domains;       /* Trusted domains. */
    int n_domains;              /* Number of 'domains'. */
};

/* An RFC 7050 resolver. */
struct dns64 {
    struct ub_ctx *ctx;         /* libunbound context (NULL until used). */
    const char *server;         /* ADDR[@PORT] forwarder, NULL: system. */
    const char *qname;          /* Name asked for (ipv4only.arpa). */
    struct dns64_validation val; /* Section 3.1 validation. */
    int async_id;               /* Outstanding query id. */
    bool busy;                  /* A query is outstanding. */
    bool done;                  /* The last query has finished. */
    bool ok;                    /* It gave at least one prefix. */
    bool negative;              /* NXDOMAIN or no AAAA: no DNS64 here. */
    char reason[160];           /* One-line reason when !ok. */
    struct dns64_result res;    /* Its prefixes and rejected records. */
    uint32_t ttl;               /* TTL of the answer. */
    unsigned int rejects[DNS64_N_REJECTS]; /* Totals over all answers. */
    unsigned int failures;      /* Queries that gave no prefix. */
};

int dns64_start(struct dns64 *, char **err);
int dns64_fd(struct dns64 *);
void dns64_process(struct dns64 *);
void dns64_cancel(struct dns64 *, const char *reason);
void dns64_reset(struct dns64 *);
const char *dns64_origin(const struct dns64 *);

/* A Router Advertisement listener. */
struct ra_listener {
    int fd;                     /* Raw ICMPv6 socket. */
    const char *ifname;         /* Interface it is bound to. */
    unsigned int rejects[RA_N_REJECTS]; /* Ignored RAs and options. */
    unsigned int bad_source;    /* RAs not from link-local, hop limit 255. */
};

int ra_open(struct ra_listener *, const char *ifname, char **err);
bool ra_receive(struct ra_listener *, struct ra_result *,
                char *router, size_t router_size);
void ra_solicit(struct ra_listener *);

#endif /* discovery.h */
