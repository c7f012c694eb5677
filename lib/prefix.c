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

/* IPv4 and IPv6 addresses and prefixes as text (see ipxlat-prefix.h). */

#include "ipxlat-prefix.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ipxlat-util.h"

/* Returns a malloc'd "TEXT: WHY" message. */
static char * __attribute__((format(printf, 2, 3)))
prefix_error(const char *text, const char *why_fmt, ...)
{
    char why[64];
    va_list args;

    va_start(args, why_fmt);
    vsnprintf(why, sizeof why, why_fmt, args);
    va_end(args);
    return ipxl_xasprintf("%s: %s", text, why);
}

/* Splits 's' at its '/' into the address, copied to 'addr' ('size' bytes),
 * and the length.  Stores the length in '*lenp', or -1 if there is no '/',
 * or -2 if the text after the '/' is not a decimal number of at most
 * three digits.  Returns false if the address part does not fit 'addr'. */
static bool
prefix_split(const char *s, char *addr, size_t size, int *lenp)
{
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t) (slash - s) : strlen(s);

    if (n >= size) {
        return false;
    }
    memcpy(addr, s, n);
    addr[n] = '\0';

    if (!slash) {
        *lenp = -1;
    } else {
        const char *p = slash + 1;
        int len = 0;
        size_t digits = strspn(p, "0123456789");

        if (!digits || digits > 3 || p[digits]) {
            *lenp = -2;
            return true;
        }
        for (size_t i = 0; i < digits; i++) {
            len = len * 10 + (p[i] - '0');
        }
        *lenp = len;
    }
    return true;
}

/* Checks 'len' (from prefix_split()) against 'max' bits and returns the
 * prefix length in '*lenp' or an error message about 's'. */
static char *
prefix_check_len(const char *s, int len, bool len_optional, unsigned int max,
                 unsigned int *lenp)
{
    if (len == -1) {
        if (!len_optional) {
            return prefix_error(s, "prefix length required");
        }
        *lenp = max;
        return NULL;
    }
    if (len < 0 || len > (int) max) {
        return prefix_error(s, "prefix length must be 0 to %u", max);
    }
    *lenp = len;
    return NULL;
}

/* Parses 's' as a prefix of family 'af' (AF_INET or AF_INET6) and, if it
 * is one, stores its address, in network order, in 'addr_out' (4 or 16
 * bytes) and its length in '*len_out'. */
static char *
prefix_parse(const char *s, bool len_optional, int af, void *addr_out,
             uint8_t *len_out)
{
    size_t n_bytes = af == AF_INET ? 4 : 16;
    char text[INET6_ADDRSTRLEN];
    unsigned int len = 0;
    uint8_t addr[16];
    int raw_len;
    char *error;

    if (!prefix_split(s, text, af == AF_INET ? INET_ADDRSTRLEN : sizeof text,
                      &raw_len)
        || inet_pton(af, text, addr) != 1) {
        return prefix_error(s, "not an %s address",
                            af == AF_INET ? "IPv4" : "IPv6");
    }
    error = prefix_check_len(s, raw_len, len_optional, n_bytes * 8, &len);
    if (error) {
        return error;
    }
    for (size_t i = 0; i < n_bytes; i++) {
        unsigned int bit = i * 8;
        uint8_t host = (bit >= len ? 0xff
                        : len - bit >= 8 ? 0 : 0xff >> (len - bit));

        if (addr[i] & host) {
            return prefix_error(s, "bits set past the prefix length");
        }
    }
    memcpy(addr_out, addr, n_bytes);
    *len_out = len;
    return NULL;
}

char *
ipxl_prefix4_parse(const char *s, bool len_optional, struct ipxlat_prefix4 *p)
{
    return prefix_parse(s, len_optional, AF_INET, &p->addr, &p->len);
}

char *
ipxl_prefix6_parse(const char *s, bool len_optional, struct ipxlat_prefix6 *p)
{
    return prefix_parse(s, len_optional, AF_INET6, &p->addr, &p->len);
}

char *
ipxl_addr4_parse(const char *s, ovs_be32 *addr)
{
    struct in_addr a;

    if (inet_pton(AF_INET, s, &a) != 1) {
        return prefix_error(s, "not an IPv4 address");
    }
    *addr = a.s_addr;
    return NULL;
}

char *
ipxl_addr6_parse(const char *s, struct in6_addr *addr)
{
    if (inet_pton(AF_INET6, s, addr) != 1) {
        return prefix_error(s, "not an IPv6 address");
    }
    return NULL;
}

void
ipxl_addr4_format(ovs_be32 addr, char *buf, size_t size)
{
    struct in_addr a = { .s_addr = addr };
    char text[INET_ADDRSTRLEN];

    inet_ntop(AF_INET, &a, text, sizeof text);
    snprintf(buf, size, "%s", text);
}

void
ipxl_addr6_format(const struct in6_addr *addr, char *buf, size_t size)
{
    char text[INET6_ADDRSTRLEN];

    inet_ntop(AF_INET6, addr, text, sizeof text);
    snprintf(buf, size, "%s", text);
}

void
ipxl_prefix4_format(const struct ipxlat_prefix4 *p, char *buf, size_t size)
{
    char text[INET_ADDRSTRLEN];

    ipxl_addr4_format(p->addr, text, sizeof text);
    snprintf(buf, size, "%s/%u", text, (unsigned int) p->len);
}

void
ipxl_prefix6_format(const struct ipxlat_prefix6 *p, char *buf, size_t size)
{
    char text[INET6_ADDRSTRLEN];

    ipxl_addr6_format(&p->addr, text, sizeof text);
    snprintf(buf, size, "%s/%u", text, (unsigned int) p->len);
}
