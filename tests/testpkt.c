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

#include "testpkt.h"

#include <stdio.h>
#include <string.h>

#include "ipxlat-packets.h"

uint32_t
test_csum_add(uint32_t sum, const void *data, size_t n)
{
    const uint8_t *p = data;
    size_t i;

    /* RFC 1071 section 4.1, one word at a time, each carry added back at
     * once. */
    for (i = 0; i + 1 < n; i += 2) {
        sum += ((uint32_t) p[i] << 8) | p[i + 1];
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (i < n) {
        sum += (uint32_t) p[i] << 8;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

uint16_t
test_csum_finish(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

uint32_t
test_csum_pseudo4(const uint8_t *ip, uint8_t proto, size_t len)
{
    uint8_t tail[4] = { 0, proto, len >> 8, len };

    /* Source and destination address, zero, protocol, length. */
    return test_csum_add(test_csum_add(0, ip + 12, 8), tail, sizeof tail);
}

uint32_t
test_csum_pseudo6(const uint8_t *ip6, uint8_t proto, size_t len)
{
    uint8_t tail[8] = { len >> 24, len >> 16, len >> 8, len, 0, 0, 0,
                        proto };

    /* Source and destination address, 32-bit length, zero, next
     * header. */
    return test_csum_add(test_csum_add(0, ip6 + 8, 32), tail, sizeof tail);
}

void
test_fix_ip4_header(uint8_t *p)
{
    size_t hlen = IP_IHL(p[0]) * 4;

    p[10] = p[11] = 0;
    put_be16(p + 10, test_csum_finish(test_csum_add(0, p, hlen)));
}

void
test_fix_l4(uint8_t *l4, size_t len, uint8_t proto, uint32_t pseudo)
{
    size_t csum_ofs;
    uint16_t c;

    switch (proto) {
    case IPPROTO_TCP_:
        csum_ofs = 16;
        break;
    case IPPROTO_UDP_:
        csum_ofs = 6;
        break;
    case IPPROTO_ICMP_:
        csum_ofs = 2;
        pseudo = 0;
        break;
    case IPPROTO_ICMPV6_:
        csum_ofs = 2;
        break;
    default:
        return;
    }
    if (len < csum_ofs + 2) {
        return;
    }
    l4[csum_ofs] = l4[csum_ofs + 1] = 0;
    c = test_csum_finish(test_csum_add(pseudo, l4, len));
    if (proto == IPPROTO_UDP_ && c == 0) {
        c = 0xffff;
    }
    put_be16(l4 + csum_ofs, c);
}

void
test_fix_checksums(uint8_t *p, size_t len)
{
    if (IP_VER(p[0]) == 4) {
        size_t hlen = IP_IHL(p[0]) * 4;

        test_fix_ip4_header(p);
        if (!(get_be16(p + 6) & (IP_MF | IP_FRAG_OFF_MASK))) {
            test_fix_l4(p + hlen, len - hlen, p[9],
                        test_csum_pseudo4(p, p[9], len - hlen));
        }
    } else {
        /* Only a bare IPv6 header followed by the upper layer. */
        test_fix_l4(p + IPV6_HEADER_LEN, len - IPV6_HEADER_LEN, p[6],
                    test_csum_pseudo6(p, p[6], len - IPV6_HEADER_LEN));
    }
}

void
test_fix_checksums6(uint8_t *p, size_t len)
{
    size_t ofs = IPV6_HEADER_LEN;
    uint8_t nh = p[6];

    for (;;) {
        if (nh == IPPROTO_HOPOPTS_ || nh == IPPROTO_ROUTING_
            || nh == IPPROTO_DSTOPTS_) {
            uint8_t next = p[ofs];

            ofs += (p[ofs + 1] + 1) * 8;
            nh = next;
        } else if (nh == IPPROTO_FRAGMENT_) {
            nh = p[ofs];
            ofs += IP6_FRAG_HDR_LEN;
        } else {
            break;
        }
    }
    test_fix_l4(p + ofs, len - ofs, nh, test_csum_pseudo6(p, nh, len - ofs));
}

void
test_put_ip4(uint8_t *p, uint8_t tos, uint16_t id, uint16_t frag,
             uint8_t ttl, uint8_t proto, size_t plen, uint32_t src,
             uint32_t dst)
{
    memset(p, 0, IP_HEADER_LEN);
    p[0] = 0x45;
    p[1] = tos;
    put_be16(p + 2, IP_HEADER_LEN + plen);
    put_be16(p + 4, id);
    put_be16(p + 6, frag);
    p[8] = ttl;
    p[9] = proto;
    put_be32(p + 12, src);
    put_be32(p + 16, dst);
    test_fix_ip4_header(p);
}

void
test_put_ip6(uint8_t *p, uint32_t vtc_flow, uint8_t nxt, size_t plen,
             uint8_t hlim, const uint8_t src[16], const uint8_t dst[16])
{
    put_be32(p, vtc_flow);
    put_be16(p + 4, plen);
    p[6] = nxt;
    p[7] = hlim;
    memcpy(p + 8, src, 16);
    memcpy(p + 24, dst, 16);
}

void
test_put_l4(uint8_t *l4, uint8_t proto, size_t len, const struct test_l4 *f)
{
    for (size_t i = 0; i < len; i++) {
        l4[i] = i * f->mult + f->add;
    }
    switch (proto) {
    case IPPROTO_TCP_:
        put_be16(l4, f->sport);
        put_be16(l4 + 2, f->dport);
        put_be16(l4 + 12, f->tcp_ctl);
        put_be16(l4 + 16, 0);
        put_be16(l4 + 18, 0);
        break;
    case IPPROTO_UDP_:
        put_be16(l4, f->sport);
        put_be16(l4 + 2, f->dport);
        put_be16(l4 + 4, len);
        put_be16(l4 + 6, 0);
        break;
    default:
        l4[0] = proto == IPPROTO_ICMP_ ? ICMP4_ECHO_REQUEST
                                       : ICMP6_ECHO_REQUEST;
        l4[1] = 0;
        put_be16(l4 + 2, 0);
        break;
    }
}

size_t
test_put_dgram4(uint8_t *p, uint8_t proto, size_t l4_len, uint32_t src,
                uint32_t dst, uint8_t ttl, uint16_t id, bool udp_csum,
                const struct test_l4 *f)
{
    test_put_ip4(p, 0, id, 0, ttl, proto, l4_len, src, dst);
    test_put_l4(p + IP_HEADER_LEN, proto, l4_len, f);
    if (proto != IPPROTO_UDP_ || udp_csum) {
        test_fix_l4(p + IP_HEADER_LEN, l4_len, proto,
                    test_csum_pseudo4(p, proto, l4_len));
    }
    return IP_HEADER_LEN + l4_len;
}

size_t
test_put_dgram6(uint8_t *p, uint8_t proto, size_t l4_len,
                const uint8_t src[16], const uint8_t dst[16], uint8_t hlim,
                const struct test_l4 *f)
{
    test_put_ip6(p, 0x60000000, proto, l4_len, hlim, src, dst);
    test_put_l4(p + IPV6_HEADER_LEN, proto, l4_len, f);
    test_fix_l4(p + IPV6_HEADER_LEN, l4_len, proto,
                test_csum_pseudo6(p, proto, l4_len));
    return IPV6_HEADER_LEN + l4_len;
}

size_t
test_frag4(const uint8_t *d, size_t len, size_t ofs, size_t chunk,
           uint8_t *out)
{
    size_t hlen = (d[0] & 0xf) * 4;
    size_t payload = len - hlen;
    size_t n = ofs + chunk < payload ? chunk : payload - ofs;
    bool last = ofs + n == payload;

    /* RFC 791 section 3.2: the header copied, with this piece's Total
     * Length, MF, Fragment Offset (8-byte units) and checksum. */
    memcpy(out, d, hlen);
    memcpy(out + hlen, d + hlen + ofs, n);
    put_be16(out + 2, hlen + n);
    put_be16(out + 6, (get_be16(d + 6) & IP_DF) | (last ? 0 : IP_MF)
                      | (ofs / 8));
    test_fix_ip4_header(out);
    return hlen + n;
}

size_t
test_frag6(const uint8_t *d, size_t len, size_t ofs, size_t chunk,
           uint32_t id, uint8_t *out)
{
    size_t payload = len - IPV6_HEADER_LEN;
    size_t n = ofs + chunk < payload ? chunk : payload - ofs;
    bool last = ofs + n == payload;

    /* RFC 8200 section 4.5: the IPv6 header with this piece's Payload
     * Length, then a Fragment header. */
    memcpy(out, d, IPV6_HEADER_LEN);
    put_be16(out + 4, IP6_FRAG_HDR_LEN + n);
    out[6] = IPPROTO_FRAGMENT_;
    out[40] = d[6];
    out[41] = 0;
    put_be16(out + 42, ofs | (last ? 0 : IP6_FRAG_MF));
    put_be32(out + 44, id);
    memcpy(out + IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN,
           d + IPV6_HEADER_LEN + ofs, n);
    return IPV6_HEADER_LEN + IP6_FRAG_HDR_LEN + n;
}

uint64_t
test_xorshift64(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

void
test_print_hex(const char *title, const uint8_t *p, size_t len)
{
    fprintf(stderr, "%s (%zu bytes):", title, len);
    for (size_t i = 0; i < len; i++) {
        fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", p[i]);
    }
    fprintf(stderr, "\n");
}
