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

/* RFC 7050 discovery with libunbound's asynchronous API. */

#include "discovery.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unbound.h>

/* RFC 3596: the AAAA record type; RFC 1035: PTR, class IN, NXDOMAIN. */
#define RR_TYPE_AAAA 28
#define RR_TYPE_PTR 12
#define RR_CLASS_IN 1
#define RCODE_NXDOMAIN 3

/* Returns a malloc'd copy of 's'. */
static char *
dup_err(const char *prefix, const char *s)
{
    char *e;

    if (asprintf(&e, "%s%s", prefix, s) < 0) {
        abort();
    }
    return e;
}

/* Returns the name of the server answering: the forwarder or "system". */
const char *
dns64_origin(const struct dns64 *d)
{
    return d->server ? d->server : "system-resolver";
}

/* Creates the libunbound context of 'd'.  Returns 0 or -1 with '*err'. */
static int
create_ctx(struct dns64 *d, char **err)
{
    int r;

    d->ctx = ub_ctx_create();
    if (!d->ctx) {
        *err = dup_err("", "cannot create a libunbound context");
        return -1;
    }
    /* Threads, not a forked process: results arrive on ub_fd(). */
    ub_ctx_async(d->ctx, 1);
    if (d->server) {
        r = ub_ctx_set_fwd(d->ctx, d->server);
    } else {
        r = ub_ctx_resolvconf(d->ctx, NULL);
    }
    if (!r && d->val.trust_anchor) {
        r = ub_ctx_add_ta_file(d->ctx, d->val.trust_anchor);
    }
    if (r) {
        *err = dup_err(d->server ? "forwarder: " : "resolv.conf: ",
                       ub_strerror(r));
        ub_ctx_delete(d->ctx);
        d->ctx = NULL;
        return -1;
    }
    return 0;
}

/* Returns true if 'name' (with or without the final dot) equals 'domain'
 * or lies under it, case-insensitively. */
static bool
under_domain(const char *name, const char *domain)
{
    size_t n = strlen(name), m = strlen(domain);

    while (n && name[n - 1] == '.') {
        n--;
    }
    while (m && domain[m - 1] == '.') {
        m--;
    }
    if (n < m || strncasecmp(name + n - m, domain, m)) {
        return false;
    }
    return n == m || name[n - m - 1] == '.';
}

/* Decodes the uncompressed DNS name in PTR RDATA 'rd' of 'len' bytes into
 * 'out'.  Returns false if it is malformed. */
static bool
decode_name(const uint8_t *rd, int len, char *out, size_t size)
{
    size_t o = 0;
    int i = 0;

    while (i < len && rd[i]) {
        int l = rd[i++];

        if (l > 63 || i + l > len || o + l + 2 > size) {
            return false;
        }
        memcpy(out + o, rd + i, l);
        o += l;
        out[o++] = '.';
        i += l;
    }
    out[o] = '\0';
    return i < len && o > 0;
}

/* RFC 7050 section 3.1: validates prefix 'p': the PTR of the prefix with
 * 192.0.0.170 embedded must name a host under a trusted domain whose AAAA
 * records, DNSSEC-validated, include that address.  Returns NULL or the
 * reason it fails.  (Blocking lookups: used only when configured.) */
static const char *
validate_prefix(struct dns64 *d, const struct pref64 *p)
{
    static const uint8_t wka[4] = { 192, 0, 0, 170 };
    static const uint8_t pos96[4] = { 12, 13, 14, 15 };
    static const uint8_t pos64[4] = { 9, 10, 11, 12 };
    static const uint8_t pos56[4] = { 7, 9, 10, 11 };
    static const uint8_t pos48[4] = { 6, 7, 9, 10 };
    static const uint8_t pos40[4] = { 5, 6, 7, 9 };
    static const uint8_t pos32[4] = { 4, 5, 6, 7 };
    const uint8_t *pos = p->len == 96 ? pos96 : p->len == 64 ? pos64
        : p->len == 56 ? pos56 : p->len == 48 ? pos48
        : p->len == 40 ? pos40 : pos32;
    struct ub_result *r = NULL;
    uint8_t a[16];
    char qname[80], host[256];
    const char *why = NULL;
    bool trusted = false;
    size_t o = 0;

    memcpy(a, &p->prefix, 16);
    for (int i = 0; i < 4; i++) {
        a[pos[i]] = wka[i];
    }
    for (int i = 15; i >= 0; i--) {
        o += snprintf(qname + o, sizeof qname - o, "%x.%x.",
                      a[i] & 15, a[i] >> 4);
    }
    snprintf(qname + o, sizeof qname - o, "ip6.arpa.");
    if (ub_resolve(d->ctx, qname, RR_TYPE_PTR, RR_CLASS_IN, &r) || !r
        || !r->havedata || !r->len[0]
        || !decode_name((const uint8_t *) r->data[0], r->len[0],
                        host, sizeof host)) {
        why = "validation: no PTR for the prefix";
        goto out;
    }
    ub_resolve_free(r);
    r = NULL;
    for (int i = 0; i < d->val.n_domains; i++) {
        trusted |= under_domain(host, d->val.domains[i]);
    }
    if (!trusted) {
        why = "validation: PTR name not under a trusted domain";
        goto out;
    }
    if (ub_resolve(d->ctx, host, RR_TYPE_AAAA, RR_CLASS_IN, &r) || !r
        || !r->havedata) {
        why = "validation: no AAAA for the PTR name";
        goto out;
    }
    if (!r->secure) {
        why = "validation: AAAA of the PTR name is not DNSSEC-secure";
        goto out;
    }
    why = "validation: AAAA of the PTR name does not match the prefix";
    for (int i = 0; r->data[i]; i++) {
        if (r->len[i] == 16 && !memcmp(r->data[i], a, 16)) {
            why = NULL;
        }
    }
out:
    if (r) {
        ub_resolve_free(r);
    }
    return why;
}

/* Formats the reasons 'res' rejected records into 'buf'. */
static void
format_rejects(const struct dns64_result *res, char *buf, size_t size)
{
    size_t o = 0;

    buf[0] = '\0';
    for (int i = 0; i < DNS64_N_REJECTS; i++) {
        if (res->rejects[i] && o < size) {
            o += snprintf(buf + o, size - o, "%s%s %u", o ? ", " : "",
                          dns64_reject_name(i), res->rejects[i]);
        }
    }
}

/* libunbound callback: classifies the answer. */
static void
answer_cb(void *d_, int err, struct ub_result *r)
{
    struct dns64 *d = d_;
    const uint8_t *recs[64];
    size_t lens[64];
    size_t n = 0;

    d->busy = false;
    d->done = true;
    d->ok = false;
    d->negative = false;
    memset(&d->res, 0, sizeof d->res);
    if (err) {
        snprintf(d->reason, sizeof d->reason, "resolver error: %s",
                 ub_strerror(err));
    } else if (r->rcode == RCODE_NXDOMAIN) {
        snprintf(d->reason, sizeof d->reason, "NXDOMAIN for %s", d->qname);
        d->negative = true;
    } else if (r->rcode) {
        snprintf(d->reason, sizeof d->reason, "DNS error (rcode %d) for %s",
                 r->rcode, d->qname);
    } else if (r->bogus) {
        snprintf(d->reason, sizeof d->reason, "DNSSEC-bogus answer: %s",
                 r->why_bogus ? r->why_bogus : "?");
    } else if (!r->havedata) {
        snprintf(d->reason, sizeof d->reason, "no AAAA records for %s",
                 d->qname);
        d->negative = true;
    } else {
        char why[120];

        for (; r->data[n] && n < 64; n++) {
            recs[n] = (const uint8_t *) r->data[n];
            lens[n] = r->len[n] < 0 ? 0 : (size_t) r->len[n];
        }
        dns64_parse(recs, lens, n, &d->res);
        for (int i = 0; i < DNS64_N_REJECTS; i++) {
            d->rejects[i] += d->res.rejects[i];
        }
        format_rejects(&d->res, why, sizeof why);
        d->ttl = r->ttl < 0 ? 0 : (uint32_t) r->ttl;
        if (!d->res.n) {
            snprintf(d->reason, sizeof d->reason,
                     "no valid prefix in %zu AAAA records (%s)", n, why);
        } else {
            d->ok = true;
            if (why[0]) {
                snprintf(d->reason, sizeof d->reason,
                         "ignored records: %s", why);
            } else {
                d->reason[0] = '\0';
            }
        }
    }
    if (d->ok && d->val.trust_anchor) {
        for (size_t i = 0; i < d->res.n; i++) {
            const char *why = validate_prefix(d, &d->res.prefixes[i]);

            if (why) {
                snprintf(d->reason, sizeof d->reason, "%s", why);
                d->ok = false;
                d->res.n = 0;
                break;
            }
        }
    }
    if (!d->ok) {
        d->failures++;
    }
    if (r) {
        ub_resolve_free(r);
    }
}

/* Starts an asynchronous AAAA query for 'd->qname'.  Returns 0, or -1 with
 * a malloc'd reason in '*err'. */
int
dns64_start(struct dns64 *d, char **err)
{
    int r;

    *err = NULL;
    if (!d->ctx && create_ctx(d, err)) {
        return -1;
    }
    d->done = false;
    r = ub_resolve_async(d->ctx, d->qname, RR_TYPE_AAAA, RR_CLASS_IN, d,
                         answer_cb, &d->async_id);
    if (r) {
        *err = dup_err("query: ", ub_strerror(r));
        return -1;
    }
    d->busy = true;
    return 0;
}

/* Returns the descriptor that becomes readable when an answer is ready. */
int
dns64_fd(struct dns64 *d)
{
    return d->ctx ? ub_fd(d->ctx) : -1;
}

/* Delivers ready answers (runs answer_cb()). */
void
dns64_process(struct dns64 *d)
{
    if (d->ctx) {
        ub_process(d->ctx);
    }
}

/* Gives up on the outstanding query with 'reason'. */
void
dns64_cancel(struct dns64 *d, const char *reason)
{
    if (d->busy) {
        ub_cancel(d->ctx, d->async_id);
        d->busy = false;
        d->done = true;
        d->ok = false;
        d->negative = false;
        d->failures++;
        snprintf(d->reason, sizeof d->reason, "%s", reason);
    }
}

/* Drops the context and its cache, so the next query starts afresh (and
 * rereads resolv.conf). */
void
dns64_reset(struct dns64 *d)
{
    dns64_cancel(d, "cancelled");
    if (d->ctx) {
        ub_ctx_delete(d->ctx);
        d->ctx = NULL;
    }
}
