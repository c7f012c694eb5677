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


/* ICMPv4 -> ICMPv6 message translation (RFC 7915 sections 4.2 and 4.3,
 * RFC 4884), the mirror of icmp-64.c.
 *
 * Called by ipxl_xlat_46() once the outer header is IPv6.  Echo messages
 * are translated in place with an incremental checksum update, so a wrong
 * checksum stays wrong (echo_46).  Error messages are rebuilt (outer
 * header, ICMPv6 header, the quoted packet translated by
 * ipxl_xlat_46_inner(), RFC 4884 extensions) in a stack buffer, cut to
 * the IPv6 minimum MTU, and copied back into the packet's buffer
 * (error_46). */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"
#include "ipxlat-rfc4884.h"
#include "ipxlat-transport.h"
#include "ipxlat-util.h"

/* A translated error: the ICMPv6 type, code and rest-of-header. */
struct icmp6_err {
    uint8_t type;               /* ICMPv6 type. */
    uint8_t code;               /* ICMPv6 code. */
    uint32_t rest;              /* Rest-of-header word (host order). */
    bool needs_mtu;             /* Packet Too Big: 'rest' is computed from
                                 * the inner packet. */
};

/* RFC 7915 section 4.2: "Echo and Echo Reply (Type 8 and Type 0): Adjust
 * the Type values to 128 and 129, respectively, and adjust the ICMP
 * checksum both to take the type change into account and to include the
 * ICMPv6 pseudo-header", whose partial sum is 'pseudo6'.  Translates the
 * echo message at 'icmp' in place, for an outer packet or a quoted one. */
enum ipxlat_reason
ipxl_echo_46(uint8_t *icmp, uint32_t pseudo6)
{
    return (transport_icmp_echo(icmp, TRANSPORT_ECHO4, TRANSPORT_ECHO6, 0,
                                pseudo6)
            ? XLAT_CONTINUE : IPXLAT_DROP_ICMP_TYPE);
}

/* RFC 7915 section 4.2, Figure 3: the ICMPv6 Parameter Problem pointer for
 * ICMPv4 pointer 'ptr4', or -1 if the field has no IPv6 counterpart. */
static int
param_pointer_46(uint8_t ptr4)
{
    switch (ptr4) {
    case 0:                     /* Version/IHL. */
        return 0;
    case 1:                     /* Type of Service. */
        return 1;
    case 2: case 3:             /* Total Length -> Payload Length. */
        return 4;
    case 8:                     /* Time to Live -> Hop Limit. */
        return 7;
    case 9:                     /* Protocol -> Next Header. */
        return 6;
    case 12: case 13: case 14: case 15:     /* Source Address. */
        return 8;
    case 16: case 17: case 18: case 19:     /* Destination Address. */
        return 24;
    default:                    /* Identification, Flags, Fragment Offset,
                                 * Header Checksum, options: n/a. */
        return -1;
    }
}

/* Maps the ICMPv4 error 'icmp' to its ICMPv6 type and code (RFC 7915
 * section 4.2).  Returns false for messages that must be silently
 * dropped. */
static bool
map_error_46(const uint8_t *icmp, struct icmp6_err *e)
{
    uint8_t type = icmp[0], code = icmp[1];
    int ptr;

    memset(e, 0, sizeof *e);
    switch (type) {
    case ICMP4_DEST_UNREACH:
        /* RFC 7915 section 4.2, Destination Unreachable: type 1 except
         * where noted. */
        e->type = ICMP6_DEST_UNREACH;
        switch (code) {
        case ICMP4_NET_UNREACH:
        case ICMP4_HOST_UNREACH:
        case ICMP4_SOURCE_ROUTE_FAILED:
        case ICMP4_NET_UNKNOWN:
        case ICMP4_HOST_UNKNOWN:
        case ICMP4_HOST_ISOLATED:
        case ICMP4_NET_UNREACH_TOS:
        case ICMP4_HOST_UNREACH_TOS:
            e->code = ICMP6_NO_ROUTE;
            return true;
        case ICMP4_PROTO_UNREACH:
            /* Parameter Problem, unrecognized Next Header, pointing at the
             * Next Header field. */
            e->type = ICMP6_PARAM_PROBLEM;
            e->code = ICMP6_PARAM_NEXT_HEADER;
            e->rest = offsetof(struct ip6_header, ip6_nxt);
            return true;
        case ICMP4_PORT_UNREACH:
            e->code = ICMP6_PORT_UNREACH;
            return true;
        case ICMP4_FRAG_NEEDED:
            /* Packet Too Big, MTU adjusted. */
            e->type = ICMP6_PACKET_TOO_BIG;
            e->code = 0;
            e->needs_mtu = true;
            return true;
        case ICMP4_NET_PROHIBITED:
        case ICMP4_HOST_PROHIBITED:
        case ICMP4_ADMIN_PROHIBITED:
        case ICMP4_PRECEDENCE_CUTOFF:
            e->code = ICMP6_ADMIN_PROHIBITED;
            return true;
        default:
            /* ICMP4_HOST_PRECEDENCE and unknown codes: silently drop. */
            return false;
        }
    case ICMP4_TIME_EXCEEDED:
        /* RFC 7915 section 4.2: type 3, code unchanged (0 or 1, the only
         * codes RFC 792 defines). */
        if (code != ICMP4_TTL_EXCEEDED && code != ICMP4_REASSEMBLY_EXCEEDED) {
            return false;
        }
        e->type = ICMP6_TIME_EXCEEDED;
        e->code = code;
        return true;
    case ICMP4_PARAM_PROBLEM:
        /* RFC 7915 section 4.2: codes 0 (pointer indicates the error) and
         * 2 (bad length) become type 4 code 0 with the pointer from
         * Figure 3; code 1 (missing a required option) and others are
         * dropped, as is a pointer to a field IPv6 does not have. */
        if (code != ICMP4_PARAM_POINTER && code != ICMP4_PARAM_BAD_LENGTH) {
            return false;
        }
        ptr = param_pointer_46(icmp[4]);
        if (ptr < 0) {
            return false;
        }
        e->type = ICMP6_PARAM_PROBLEM;
        e->code = ICMP6_PARAM_HEADER;
        e->rest = ptr;
        return true;
    default:
        /* RFC 7915 section 4.2: Source Quench, Redirect, Alternate Host
         * Address and unknown errors are dropped. */
        return false;
    }
}

/* RFC 1191 section 7: the plateau MTU just below 'tot_len', for a router
 * that sent Fragmentation Needed with an MTU of zero (RFC 7915 section
 * 4.2). */
static unsigned int
plateau_below(unsigned int tot_len)
{
    static const uint16_t plateaus[] = {
        65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
    };

    for (size_t i = 0; i < sizeof plateaus / sizeof plateaus[0]; i++) {
        if (plateaus[i] < tot_len) {
            return plateaus[i];
        }
    }
    return 68;
}

/* RFC 7915 section 4.2 (Fragmentation Needed -> Packet Too Big): the MTU
 * field is adjusted for the 20 bytes an IPv6 header adds, bounded by the
 * MTUs of the translator's own next hops, and never below the IPv6
 * minimum (RFC 8200 section 5): max(1280, min(mtu + 20, mtu6, mtu4 +
 * 20)), as Jool computes it. */
static uint32_t
ptb_mtu(const struct ipxlat_config *cfg, uint16_t mtu4_field,
        uint16_t inner_tot_len)
{
    unsigned int mtu = mtu4_field ? mtu4_field : plateau_below(inner_tot_len);

    mtu = MIN(mtu + 20, (unsigned int) cfg->mtu6);
    mtu = MIN(mtu, (unsigned int) cfg->mtu4 + 20);
    return MAX(mtu, IPV6_MIN_MTU);
}

/* Places the 'len' bytes at 'msg' as the new packet in st->pkt, reusing
 * its buffer: in place if it does not grow, else grown at the front when
 * the headroom allows, else at the back, always keeping 'data' where it
 * was or an even number of bytes before.  Returns XLAT_CONTINUE or
 * IPXLAT_DROP_NO_ROOM. */
static enum ipxlat_reason
replace_packet(struct ipxlat_pkt *pkt, const uint8_t *msg, size_t len)
{
    if (len <= pkt->len) {
        pkt->tailroom += pkt->len - len;
    } else if (((len - pkt->len + 1) & ~(size_t) 1) <= pkt->headroom) {
        /* Grow by an even number of bytes, so that 'data' stays 2-byte
         * aligned (ipxlat.h); the spare byte goes to the tailroom. */
        size_t grow = (len - pkt->len + 1) & ~(size_t) 1;

        pkt->data -= grow;
        pkt->headroom -= grow;
        pkt->tailroom += grow - (len - pkt->len);
    } else if (len - pkt->len <= pkt->tailroom) {
        pkt->tailroom -= len - pkt->len;
    } else {
        return IPXLAT_DROP_NO_ROOM;
    }
    memcpy(pkt->data, msg, len);
    pkt->len = len;
    return XLAT_CONTINUE;
}

/* Translates the ICMPv4 error 'icmp' ('len' bytes) behind the IPv6 header
 * at st->pkt->data into an ICMPv6 error of at most 1280 bytes and replaces
 * the packet with it (RFC 7915 sections 4.2, 4.3; RFC 4884). */
static enum ipxlat_reason
error_46(struct xlat_state *st, const uint8_t *icmp, size_t len)
{
    uint8_t msg[ICMP6_ERR_MAX_LEN];
    const uint8_t *ext = NULL;
    size_t orig_len, ext_len = 0, inner_len, total;
    struct xlat_l3 il3;
    struct icmp6_err e;
    enum ipxlat_reason r;
    uint8_t *icmp6 = msg + IPV6_HEADER_LEN;
    uint8_t *body = icmp6 + ICMP_HEADER_LEN;
    const size_t body_cap = sizeof msg - IPV6_HEADER_LEN - ICMP_HEADER_LEN;
    uint16_t c;

    /* The outer checksum is recomputed in full below, so check the
     * incoming one first: a corrupt error must not come out valid. */
    if (csum_fold(ipxl_csum_add_bytes(0, icmp, len)) != 0xffff) {
        return IPXLAT_DROP_MALFORMED_L4;
    }
    if (!map_error_46(icmp, &e)) {
        return IPXLAT_DROP_ICMP_TYPE;
    }

    /* RFC 4884 section 4.1: octet 5 of Destination Unreachable, Time
     * Exceeded and Parameter Problem holds the length of the original
     * datagram in 32-bit words when extensions follow it (read as
     * ipxlat-rfc4884.h says). */
    orig_len = rfc4884_orig_len(icmp[5] * 4u, len - ICMP_HEADER_LEN);
    if (orig_len) {
        ext_len = len - ICMP_HEADER_LEN - orig_len;
        ext = icmp + ICMP_HEADER_LEN + orig_len;
    } else {
        orig_len = len - ICMP_HEADER_LEN;
    }
    /* RFC 4884 section 4.2: only ICMPv6 Destination Unreachable and Time
     * Exceeded have a length field; the others cannot carry
     * extensions. */
    if (e.type != ICMP6_DEST_UNREACH && e.type != ICMP6_TIME_EXCEEDED) {
        ext_len = 0;
    }

    r = ipxl_xlat_46_inner(st, icmp + ICMP_HEADER_LEN, orig_len, body,
                           body_cap, &inner_len, &il3);
    if (r != XLAT_CONTINUE) {
        return r;
    }
    if (e.needs_mtu) {
        const uint8_t *in = icmp + ICMP_HEADER_LEN;

        e.rest = ptb_mtu(st->cfg, get_be16(icmp + 6), get_be16(in + 2));
    }

    memcpy(msg, st->pkt->data, IPV6_HEADER_LEN);
    icmp6[0] = e.type;
    icmp6[1] = e.code;
    put_be16(icmp6 + 2, 0);
    put_be32(icmp6 + 4, e.rest);

    if (ext_len) {
        /* RFC 4884 section 4.1, RFC 7915 section 4.2 ("the ICMPv6
         * Extension length attribute MUST be adjusted accordingly"): the
         * datagram is padded to 64-bit words (ICMPv6's unit) and 128
         * bytes, and the whole kept within 1280 bytes (ipxlat-rfc4884.h:
         * the extension goes whole or not at all). */
        size_t field = rfc4884_fit(&inner_len, ext_len, body_cap, 8);

        if (field) {
            memset(body + inner_len, 0, field - inner_len);
            memcpy(body + field, ext, ext_len);
            icmp6[4] = field / 8;
            inner_len = field + ext_len;
        }
    }
    /* RFC 7915 section 4.3 (and RFC 4443 section 2.4): the error is cut to
     * the IPv6 minimum MTU, which ipxl_xlat_46_inner() already
     * respected. */
    total = IPV6_HEADER_LEN + ICMP_HEADER_LEN + inner_len;

    put_be16(msg + 4, total - IPV6_HEADER_LEN);
    c = csum_finish(ipxl_csum_add_bytes(
            ipxl_csum_pseudo6((const struct ip6_header *) msg, IPPROTO_ICMPV6_,
                              total - IPV6_HEADER_LEN),
            icmp6, total - IPV6_HEADER_LEN));
    memcpy(icmp6 + 2, &c, 2);

    return replace_packet(st->pkt, msg, total);
}

/* Translates the ICMPv4 message 'icmp' ('len' bytes, all of it: fragments
 * were dropped before) behind the rewritten IPv6 header of st->pkt into
 * ICMPv6 (RFC 7915 section 4.2).  Returns XLAT_CONTINUE or a drop
 * reason. */
enum ipxlat_reason
ipxl_icmp_46(struct xlat_state *st, uint8_t *icmp, size_t len)
{
    const struct ip6_header *ip6 = (const struct ip6_header *) st->pkt->data;

    switch (icmp[0]) {
    case ICMP4_ECHO_REQUEST:
    case ICMP4_ECHO_REPLY:
        return ipxl_echo_46(icmp,
                            ipxl_csum_pseudo6(ip6, IPPROTO_ICMPV6_, len));
    case ICMP4_DEST_UNREACH:
    case ICMP4_TIME_EXCEEDED:
    case ICMP4_PARAM_PROBLEM:
        return error_46(st, icmp, len);
    default:
        /* RFC 7915 section 4.2: Information Request/Reply, Timestamp,
         * Address Mask, Router Advertisement/Solicitation, other
         * informational types and the untranslatable errors (Source
         * Quench, Redirect...) are silently dropped. */
        return IPXLAT_DROP_ICMP_TYPE;
    }
}
