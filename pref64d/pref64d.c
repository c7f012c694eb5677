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

/* ipxlat-pref64d: discovers the NAT64 prefix (RFC 7050, RFC 8781) and
 * keeps the Open vSwitch flows that use it in step.  See
 * ipxlat-pref64d(8). */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "discovery.h"
#include "ovs.h"
#include "prefix-set.h"

#define DEFAULT_CTL "/run/ipxlat-pref64d.ctl"
#define DEFAULT_COOKIE UINT64_C(0x7066363464000000) /* "pf64d". */
#define MAX_DOMAINS 16

/* Everything the daemon knows. */
struct daemon {
    struct dns64 dns;           /* RFC 7050 resolver. */
    bool use_dns;               /* DNS discovery enabled. */
    struct ra_listener ra;      /* RFC 8781 listener (fd -1: off). */
    struct pset set;            /* Merged prefixes. */
    struct ovs_driver ovs;      /* Flow driver (bridge NULL: off). */
    const char *ctl_path;       /* Control socket path. */
    int ctl_fd;                 /* Listening control socket. */
    int timeout_ms;             /* Per-query deadline. */
    int retry_min, retry_max;   /* Backoff bounds, seconds. */
    int retry;                  /* Current backoff, seconds. */
    long long next_query;       /* When to ask DNS again (ms). */
    long long query_deadline;   /* When the outstanding query times out. */
    long long next_apply;       /* When to retry a failed flow update. */
    bool applied;               /* Flows match 'applied_prefix'. */
    bool have_applied;          /* 'applied_prefix' is meaningful. */
    struct pref64 applied_prefix; /* Prefix the flows carry (len 0: none). */
    enum pset_source applied_source; /* Source that won. */
    unsigned int ovs_failures;  /* Failed flow updates. */
    unsigned int ovs_updates;   /* Successful flow updates. */
    bool verbose;               /* Log every answer. */
    bool settled;               /* First DNS outcome known (or no DNS). */
};

/* Returns monotonic milliseconds. */
static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Logs one line to standard error (the journal under systemd). */
static void
logmsg(const char *fmt, ...)
{
    va_list args;

    fputs("ipxlat-pref64d: ", stderr);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
}

static void
usage(void)
{
    printf("usage: ipxlat-pref64d [OPTIONS]\n"
           "  --once                 discover, print PREFIX/LEN SOURCE TTL, "
           "exit\n"
           "  --server ADDR[@PORT]   DNS forwarder (default: resolv.conf)\n"
           "  --name NAME            name to ask (default ipv4only.arpa)\n"
           "  --no-dns               no RFC 7050 discovery\n"
           "  --interface IF         listen for RFC 8781 PREF64 on IF\n"
           "  --prefer ra|dns        source that wins (default ra)\n"
           "  --timeout SEC          query deadline (default 5)\n"
           "  --retry-min SEC, --retry-max SEC  backoff (default 1, 300)\n"
           "  --trust-anchor FILE --trusted-domain DOMAIN  RFC 7050 3.1\n"
           "  --bridge BR --template FILE [--cookie C] [--ovs-ofctl PATH]\n"
           "  --on-empty remove|keep what to do with the flows without a "
           "prefix\n"
           "  --ctl PATH             control socket (default "
           DEFAULT_CTL ")\n"
           "  --status | --rediscover  ask the running daemon\n"
           "  --verbose\n");
}

/* Makes the flows carry the winning prefix, if it changed. */
static void
apply_flows(struct daemon *d, long long now)
{
    const struct pset_entry *w = pset_winner(&d->set);
    struct pref64 none, want;
    char buf[64], *err;

    memset(&none, 0, sizeof none);
    want = w ? w->p : none;
    want.lifetime = 0;
    if (d->have_applied && d->applied
        && !memcmp(&want, &d->applied_prefix, sizeof want)
        && (!w || w->source == d->applied_source)) {
        return;
    }
    if (!d->have_applied || memcmp(&want, &d->applied_prefix, sizeof want)
        || (w && w->source != d->applied_source)) {
        if (w) {
            logmsg("prefix %s from %s (%s) wins (preferred source: %s)",
                   pref64_format(&w->p, buf, sizeof buf),
                   pset_source_name(w->source), w->origin,
                   pset_source_name(d->set.prefer));
        } else {
            logmsg("no prefix known");
        }
    }
    d->applied_prefix = want;
    d->applied_source = w ? w->source : PSET_DNS;
    d->have_applied = true;
    d->applied = false;
    if (!d->ovs.bridge) {
        d->applied = true;
        return;
    }
    if (now < d->next_apply) {
        return;
    }
    if (ovs_apply(&d->ovs, w ? &want : NULL, &err)) {
        logmsg("flow update failed, will retry: %s", err);
        free(err);
        d->ovs_failures++;
        d->next_apply = now + 5000;
        return;
    }
    d->ovs_updates++;
    d->applied = true;
}

/* Handles the end of a DNS query. */
static void
dns_finished(struct daemon *d, long long now)
{
    char buf[64];

    d->dns.done = false;
    if (d->dns.ok) {
        uint32_t ttl = d->dns.ttl ? d->dns.ttl : 1;

        pset_set_dns(&d->set, d->dns.res.prefixes, d->dns.res.n, ttl,
                     dns64_origin(&d->dns), now, time(NULL));
        if (d->verbose || d->dns.reason[0]) {
            logmsg("DNS: %s ttl %" PRIu32 "%s%s",
                   pref64_format(&d->dns.res.prefixes[0], buf, sizeof buf),
                   ttl, d->dns.reason[0] ? "; " : "", d->dns.reason);
        }
        d->retry = d->retry_min;
        /* RFC 7050 section 5: ask again when the TTL runs out. */
        d->next_query = now + (long long) ttl * 1000;
    } else {
        /* Only a proper negative answer (NXDOMAIN, no AAAA) removes the
         * DNS prefixes; a bad, spoofed or malformed answer or a timeout
         * changes nothing: the last good answer stays in force. */
        logmsg("DNS discovery failed: %s (retry in %d s; %s)",
               d->dns.reason, d->retry,
               d->dns.negative ? "DNS prefixes removed"
                               : "last good answer kept");
        if (d->dns.negative) {
            pset_clear_dns(&d->set);
        }
        d->next_query = now + (long long) d->retry * 1000;
        d->retry = d->retry * 2 > d->retry_max ? d->retry_max : d->retry * 2;
    }
}

/* Starts a DNS query now. */
static void
dns_query(struct daemon *d, long long now)
{
    char *err;

    if (d->dns.busy) {
        return;
    }
    if (dns64_start(&d->dns, &err)) {
        logmsg("%s", err);
        free(err);
        d->dns.ok = false;
        d->dns.done = true;
        snprintf(d->dns.reason, sizeof d->dns.reason, "cannot query");
        return;
    }
    d->query_deadline = now + d->timeout_ms;
}

/* Forgets cached answers and asks again now. */
static void
rediscover(struct daemon *d, long long now)
{
    logmsg("rediscovering");
    if (d->use_dns) {
        dns64_reset(&d->dns);
        d->dns.done = false;
        d->retry = d->retry_min;
        d->next_query = now;
    }
    if (d->ra.fd >= 0) {
        ra_solicit(&d->ra);
    }
}

/* Appends the status report to 'f'. */
static void
write_status(struct daemon *d, FILE *f, long long now)
{
    const struct pset_entry *w = pset_winner(&d->set);
    char buf[64];

    fprintf(f, "preferred source: %s\n", pset_source_name(d->set.prefer));
    if (w) {
        fprintf(f, "winner: %s %s %s\n", pref64_format(&w->p, buf, sizeof buf),
                pset_source_name(w->source), w->origin);
    } else {
        fprintf(f, "winner: none\n");
    }
    for (int i = 0; i < d->set.n; i++) {
        const struct pset_entry *e = &d->set.e[i];
        long long left = (e->expires - now + 999) / 1000;
        char when[32];

        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ",
                 gmtime(&e->changed));
        fprintf(f, "prefix %s source %s origin %s lifetime %lld changed %s%s\n",
                pref64_format(&e->p, buf, sizeof buf),
                pset_source_name(e->source), e->origin,
                left < 0 ? 0 : left, when, e == w ? " active" : "");
    }
    if (d->ovs.bridge) {
        fprintf(f, "flows: bridge %s cookie 0x%016" PRIx64 " %s\n",
                d->ovs.bridge, d->ovs.cookie,
                d->applied ? "in step" : "update pending");
    }
    fprintf(f, "counter dns-failures %u\n", d->dns.failures);
    for (int i = 0; i < DNS64_N_REJECTS; i++) {
        fprintf(f, "counter %s %u\n", dns64_reject_name(i),
                d->dns.rejects[i]);
    }
    for (int i = 0; i < RA_N_REJECTS; i++) {
        fprintf(f, "counter %s %u\n", ra_reject_name(i), d->ra.rejects[i]);
    }
    fprintf(f, "counter ra-bad-source %u\n", d->ra.bad_source);
    fprintf(f, "counter ovs-updates %u\n", d->ovs_updates);
    fprintf(f, "counter ovs-failures %u\n", d->ovs_failures);
}

/* Serves one control connection: reads one command line, answers. */
static void
serve_ctl(struct daemon *d, long long now)
{
    char cmd[64] = "";
    int fd = accept(d->ctl_fd, NULL, NULL);
    ssize_t n;
    FILE *f;

    if (fd < 0) {
        return;
    }
    n = read(fd, cmd, sizeof cmd - 1);
    cmd[n > 0 ? n : 0] = '\0';
    cmd[strcspn(cmd, "\r\n")] = '\0';
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return;
    }
    if (!strcmp(cmd, "status")) {
        write_status(d, f, now);
    } else if (!strcmp(cmd, "rediscover")) {
        rediscover(d, now);
        fprintf(f, "rediscovering\n");
    } else {
        fprintf(f, "error: unknown command \"%s\" (status, rediscover)\n",
                cmd);
    }
    fclose(f);
}

/* Opens the control socket at 'path'.  Returns the fd or -1. */
static int
open_ctl(const char *path)
{
    struct sockaddr_un sun;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    if (fd < 0 || strlen(path) >= sizeof sun.sun_path) {
        return -1;
    }
    strcpy(sun.sun_path, path);
    unlink(path);
    if (bind(fd, (struct sockaddr *) &sun, sizeof sun) < 0
        || listen(fd, 8) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends 'cmd' to the daemon at 'path' and copies the answer to stdout.
 * Returns the exit status. */
static int
ctl_client(const char *path, const char *cmd)
{
    struct sockaddr_un sun;
    char buf[4096];
    ssize_t n;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
    if (fd < 0 || connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        fprintf(stderr, "ipxlat-pref64d: %s: %s (is the daemon running?)\n",
                path, strerror(errno));
        return 1;
    }
    snprintf(buf, sizeof buf, "%s\n", cmd);
    if (write(fd, buf, strlen(buf)) < 0) {
        return 1;
    }
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        fwrite(buf, 1, n, stdout);
    }
    close(fd);
    return 0;
}

/* --once with DNS: one query, printed.  Returns the exit status. */
static int
once_dns(struct daemon *d)
{
    long long deadline;
    char buf[64], *err;

    if (dns64_start(&d->dns, &err)) {
        printf("error: %s\n", err);
        return 1;
    }
    deadline = now_ms() + d->timeout_ms;
    while (d->dns.busy) {
        struct pollfd p = { dns64_fd(&d->dns), POLLIN, 0 };
        long long left = deadline - now_ms();

        if (left <= 0) {
            dns64_cancel(&d->dns, "");
            printf("error: timeout: no answer from %s within %d ms\n",
                   dns64_origin(&d->dns), d->timeout_ms);
            return 1;
        }
        if (poll(&p, 1, (int) left) > 0) {
            dns64_process(&d->dns);
        }
    }
    if (!d->dns.ok) {
        printf("error: %s\n", d->dns.reason);
        return 1;
    }
    for (size_t i = 0; i < d->dns.res.n; i++) {
        printf("%s dns %" PRIu32 "\n",
               pref64_format(&d->dns.res.prefixes[i], buf, sizeof buf),
               d->dns.ttl);
    }
    return 0;
}

/* --once with --interface: waits for one RA with PREF64.  Returns the exit
 * status. */
static int
once_ra(struct daemon *d)
{
    long long deadline = now_ms() + d->timeout_ms;
    struct ra_result res;
    char router[64], buf[64];

    ra_solicit(&d->ra);
    for (;;) {
        struct pollfd p = { d->ra.fd, POLLIN, 0 };
        long long left = deadline - now_ms();

        if (left <= 0) {
            printf("error: timeout: no Router Advertisement with PREF64 on "
                   "%s within %d ms\n", d->ra.ifname, d->timeout_ms);
            return 1;
        }
        if (poll(&p, 1, (int) left) <= 0) {
            continue;
        }
        while (ra_receive(&d->ra, &res, router, sizeof router)) {
            if (!res.n) {
                continue;
            }
            for (size_t i = 0; i < res.n; i++) {
                printf("%s ra %" PRIu32 "\n",
                       pref64_format(&res.prefixes[i], buf, sizeof buf),
                       res.prefixes[i].lifetime);
            }
            return 0;
        }
    }
}

/* Reads the RAs waiting on the socket into the prefix set. */
static void
ra_input(struct daemon *d, long long now)
{
    struct ra_result res;
    char router[64];

    while (ra_receive(&d->ra, &res, router, sizeof router)) {
        if (d->verbose && res.n) {
            logmsg("RA from %s: %zu PREF64 option(s)", router, res.n);
        }
        pset_update_ra(&d->set, res.prefixes, res.n, router, now,
                       time(NULL));
    }
}

/* The daemon's event loop.  Returns the exit status. */
static int
run(struct daemon *d)
{
    sigset_t mask;
    int sfd;

    sigemptyset(&mask);
    sigaddset(&mask, SIGHUP);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    d->ctl_fd = open_ctl(d->ctl_path);
    if (d->ctl_fd < 0) {
        logmsg("%s: cannot open the control socket: %s", d->ctl_path,
               strerror(errno));
        return 1;
    }
    if (d->ra.fd >= 0) {
        ra_solicit(&d->ra);
    }
    d->next_query = now_ms();
    d->settled = !d->use_dns;
    for (;;) {
        struct pollfd p[4];
        long long now = now_ms(), wake = now + 60000, t;
        int n = 0;

        if (d->dns.busy && now >= d->query_deadline) {
            dns64_cancel(&d->dns, "timeout: no answer");
        }
        if (d->dns.done) {
            dns_finished(d, now);
            d->settled = true;
        }
        if (d->use_dns && !d->dns.busy && now >= d->next_query) {
            dns_query(d, now);
        }
        pset_expire(&d->set, now, true);
        /* Flows are first touched once discovery has had its say, so a
         * restart does not remove working flows for the first query. */
        if (d->settled || d->set.n) {
            apply_flows(d, now);
        }

        if (d->use_dns) {
            t = d->dns.busy ? d->query_deadline : d->next_query;
            wake = t < wake ? t : wake;
        }
        t = pset_next_expiry(&d->set, true);
        if (t >= 0 && t < wake) {
            wake = t;
        }
        if (!d->applied && d->next_apply < wake) {
            wake = d->next_apply;
        }
        p[n++] = (struct pollfd) { sfd, POLLIN, 0 };
        p[n++] = (struct pollfd) { d->ctl_fd, POLLIN, 0 };
        p[n++] = (struct pollfd) { d->ra.fd, POLLIN, 0 };
        p[n++] = (struct pollfd) { d->dns.busy ? dns64_fd(&d->dns) : -1,
                                   POLLIN, 0 };
        t = wake - now;
        if (poll(p, n, t < 0 ? 0 : t > 60000 ? 60000 : (int) t) < 0
            && errno != EINTR) {
            logmsg("poll: %s", strerror(errno));
            return 1;
        }
        now = now_ms();
        if (p[0].revents & POLLIN) {
            struct signalfd_siginfo si;

            if (read(sfd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo == SIGHUP) {
                    rediscover(d, now);
                } else {
                    logmsg("exiting on signal %u", si.ssi_signo);
                    unlink(d->ctl_path);
                    return 0;
                }
            }
        }
        if (p[1].revents & POLLIN) {
            serve_ctl(d, now);
        }
        if (p[2].revents & POLLIN) {
            ra_input(d, now);
        }
        if (p[3].revents & POLLIN) {
            dns64_process(&d->dns);
        }
    }
}

int
main(int argc, char *argv[])
{
    enum { OPT_SERVER = 256, OPT_NAME, OPT_NO_DNS, OPT_INTERFACE,
           OPT_PREFER, OPT_TIMEOUT, OPT_RETRY_MIN, OPT_RETRY_MAX,
           OPT_TA, OPT_DOMAIN, OPT_BRIDGE, OPT_TEMPLATE, OPT_COOKIE,
           OPT_OFCTL, OPT_ON_EMPTY, OPT_CTL, OPT_STATUS, OPT_REDISCOVER,
           OPT_ONCE, OPT_VERBOSE, OPT_HELP };
    static const struct option longopts[] = {
        { "once", no_argument, NULL, OPT_ONCE },
        { "server", required_argument, NULL, OPT_SERVER },
        { "name", required_argument, NULL, OPT_NAME },
        { "no-dns", no_argument, NULL, OPT_NO_DNS },
        { "interface", required_argument, NULL, OPT_INTERFACE },
        { "prefer", required_argument, NULL, OPT_PREFER },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "retry-min", required_argument, NULL, OPT_RETRY_MIN },
        { "retry-max", required_argument, NULL, OPT_RETRY_MAX },
        { "trust-anchor", required_argument, NULL, OPT_TA },
        { "trusted-domain", required_argument, NULL, OPT_DOMAIN },
        { "bridge", required_argument, NULL, OPT_BRIDGE },
        { "template", required_argument, NULL, OPT_TEMPLATE },
        { "cookie", required_argument, NULL, OPT_COOKIE },
        { "ovs-ofctl", required_argument, NULL, OPT_OFCTL },
        { "on-empty", required_argument, NULL, OPT_ON_EMPTY },
        { "ctl", required_argument, NULL, OPT_CTL },
        { "status", no_argument, NULL, OPT_STATUS },
        { "rediscover", no_argument, NULL, OPT_REDISCOVER },
        { "verbose", no_argument, NULL, OPT_VERBOSE },
        { "help", no_argument, NULL, OPT_HELP },
        { NULL, 0, NULL, 0 },
    };
    static const char *domains[MAX_DOMAINS];
    static struct daemon d;
    const char *template = NULL, *ifname = NULL, *client_cmd = NULL;
    bool once = false;
    char *err;
    int c;

    d.use_dns = true;
    d.dns.qname = "ipv4only.arpa.";
    d.dns.val.domains = domains;
    d.ra.fd = -1;
    d.ctl_path = DEFAULT_CTL;
    d.timeout_ms = 5000;
    d.retry_min = 1;
    d.retry_max = 300;
    d.ovs.ofctl = "ovs-ofctl";
    d.ovs.cookie = DEFAULT_COOKIE;
    pset_init(&d.set, PSET_RA);
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_ONCE: once = true; break;
        case OPT_SERVER: d.dns.server = optarg; break;
        case OPT_NAME: d.dns.qname = optarg; break;
        case OPT_NO_DNS: d.use_dns = false; break;
        case OPT_INTERFACE: ifname = optarg; break;
        case OPT_PREFER:
            if (strcmp(optarg, "ra") && strcmp(optarg, "dns")) {
                fprintf(stderr, "ipxlat-pref64d: --prefer ra|dns\n");
                return 2;
            }
            d.set.prefer = !strcmp(optarg, "ra") ? PSET_RA : PSET_DNS;
            break;
        case OPT_TIMEOUT: d.timeout_ms = atoi(optarg) * 1000; break;
        case OPT_RETRY_MIN: d.retry_min = atoi(optarg); break;
        case OPT_RETRY_MAX: d.retry_max = atoi(optarg); break;
        case OPT_TA: d.dns.val.trust_anchor = optarg; break;
        case OPT_DOMAIN:
            if (d.dns.val.n_domains < MAX_DOMAINS) {
                domains[d.dns.val.n_domains++] = optarg;
            }
            break;
        case OPT_BRIDGE: d.ovs.bridge = optarg; break;
        case OPT_TEMPLATE: template = optarg; break;
        case OPT_COOKIE: d.ovs.cookie = strtoull(optarg, NULL, 0); break;
        case OPT_OFCTL: d.ovs.ofctl = optarg; break;
        case OPT_ON_EMPTY:
            if (strcmp(optarg, "remove") && strcmp(optarg, "keep")) {
                fprintf(stderr, "ipxlat-pref64d: --on-empty remove|keep\n");
                return 2;
            }
            d.ovs.keep_on_empty = !strcmp(optarg, "keep");
            break;
        case OPT_CTL: d.ctl_path = optarg; break;
        case OPT_STATUS: client_cmd = "status"; break;
        case OPT_REDISCOVER: client_cmd = "rediscover"; break;
        case OPT_VERBOSE: d.verbose = true; break;
        case OPT_HELP: usage(); return 0;
        default: usage(); return 2;
        }
    }
    if (client_cmd) {
        return ctl_client(d.ctl_path, client_cmd);
    }
    if (d.timeout_ms <= 0 || d.retry_min < 1 || d.retry_max < d.retry_min) {
        fprintf(stderr, "ipxlat-pref64d: bad --timeout or --retry-*\n");
        return 2;
    }
    d.retry = d.retry_min;
    if (d.dns.val.trust_anchor && !d.dns.val.n_domains) {
        fprintf(stderr, "ipxlat-pref64d: --trust-anchor needs at least one "
                "--trusted-domain\n");
        return 2;
    }
    if (ifname && ra_open(&d.ra, ifname, &err)) {
        fprintf(stderr, "ipxlat-pref64d: %s\n", err);
        return 1;
    }
    if (once) {
        return ifname ? once_ra(&d) : once_dns(&d);
    }
    if (!!d.ovs.bridge != !!template) {
        fprintf(stderr, "ipxlat-pref64d: --bridge and --template go "
                "together\n");
        return 2;
    }
    if (template) {
        err = ovs_load_template(&d.ovs, template);
        if (err) {
            fprintf(stderr, "ipxlat-pref64d: %s\n", err);
            return 1;
        }
    }
    if (!d.use_dns && !ifname) {
        fprintf(stderr, "ipxlat-pref64d: --no-dns needs --interface\n");
        return 2;
    }
    return run(&d);
}
