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

/* ICMPv6 -> ICMPv4 message translation (RFC 7915 sections 5.2 and 5.3,
 * RFC 4884), the mirror of icmp-46.c.
 *
 * Called by ipxl_xlat_64() once the outer header is IPv4.  Echo messages
 * are translated in place with an incremental checksum update, so a wrong
 * checksum stays wrong (echo_64).  Error messages change size in the
 * middle (the quoted IPv6 packet, translated by ipxl_xlat_64_inner(),
 * becomes an IPv4 one, the RFC 4884 length unit halves, the whole is cut
 * to 576 bytes), so they are assembled in a stack buffer, copied back over
 * the old message and given a fresh checksum (error_64). */

#include "ipxlat-xlat.h"

#include "ipxlat-csum.h"
#include "ipxlat-rfc4884.h"
#include "ipxlat-transport.h"

/* The most bytes of a translated ICMPv4 error message, without its IPv4
 * header (RFC 1812 section 4.3.2.3). */
#define ICMP4_MSG_MAX_LEN (ICMP4_ERR_MAX_LEN - IP_HEADER_LEN)

/* RFC 7915 section 5.2: "Echo Request and Echo Reply (Type 128 and 129):
 * Adjust the Type values to 8 and 0, respectively, and adjust the ICMP
 * checksum both to take the type change into account and to exclude the
 * ICMPv6 pseudo-header", whose partial sum is 'pseudo6'.  Translates the
 * echo message at 'icmp' in place, for an outer packet or a quoted one.
 * Other informational messages (MLD, ND, unknown) are silently dropped. */
enum ipxlat_reason
ipxl_echo_64(uint8_t *icmp, uint32_t pseudo6)
{
    return (transport_icmp_echo(icmp, TRANSPORT_ECHO6, TRANSPORT_ECHO4,
                                pseudo6, 0)
            ? XLAT_CONTINUE : IPXLAT_DROP_ICMP_TYPE);
}

/* RFC 7915 section 5.2, Figure 6: the IPv4 pointer for IPv6 Parameter
 * Problem pointer 'ptr6', or -1 for "n/a" and unlisted values. */
static int
param_pointer_64(uint32_t ptr6)
{
    if (ptr6 == 0) {
        return 0;       /* Version/Traffic Class -> Version/IHL, TOS. */
    } else if (ptr6 == 1) {
        return 1;       /* Traffic Class/Flow Label -> Type Of Service. */
    } else if (ptr6 == 4 || ptr6 == 5) {
        return 2;       /* Payload Length -> Total Length. */
    } else if (ptr6 == 6) {
        return 9;       /* Next Header -> Protocol. */
    } else if (ptr6 == 7) {
        return 8;       /* Hop Limit -> Time to Live. */
    } else if (ptr6 >= 8 && ptr6 <= 23) {
        return 12;      /* Source Address. */
    } else if (ptr6 >= 24 && ptr6 <= 39) {
        return 16;      /* Destination Address. */
    }
    return -1;          /* 2, 3 (Flow Label) and beyond: n/a. */
}

/* RFC 7915 section 5.2: the ICMPv4 type and code for the ICMPv6 error
 * header 'icmp6', written to the first two bytes of 'icmp4' with the
 * rest-of-header word zeroed but for a Parameter Problem pointer (the
 * Packet Too Big MTU needs the inner packet: see error_64()).  Returns
 * XLAT_CONTINUE or IPXLAT_DROP_ICMP_TYPE ("silently drop"). */
static enum ipxlat_reason
map_error_64(const uint8_t *icmp6, uint8_t *icmp4)
{
    uint8_t type = icmp6[0], code = icmp6[1];

    memset(icmp4, 0, ICMP_HEADER_LEN);
    switch (type) {
    case ICMP6_DEST_UNREACH:
        /* "Set the Type to 3 ... Translate the Code as follows". */
        icmp4[0] = ICMP4_DEST_UNREACH;
        switch (code) {
        case ICMP6_NO_ROUTE:
        case ICMP6_BEYOND_SCOPE:
        case ICMP6_ADDR_UNREACH:
            icmp4[1] = ICMP4_HOST_UNREACH;
            break;
        case ICMP6_ADMIN_PROHIBITED:
            /* "Communication with destination host administratively
             * prohibited". */
            icmp4[1] = ICMP4_HOST_PROHIBITED;
            break;
        case ICMP6_PORT_UNREACH:
            icmp4[1] = ICMP4_PORT_UNREACH;
            break;
        default:        /* "Other Code values: Silently drop." */
            return IPXLAT_DROP_ICMP_TYPE;
        }
        return XLAT_CONTINUE;

    case ICMP6_PACKET_TOO_BIG:
        /* "Translate to an ICMPv4 Destination Unreachable (Type 3) with
         * Code 4". */
        icmp4[0] = ICMP4_DEST_UNREACH;
        icmp4[1] = ICMP4_FRAG_NEEDED;
        return XLAT_CONTINUE;

    case ICMP6_TIME_EXCEEDED:
        /* "Set the Type to 11 ... The Code is unchanged." */
        icmp4[0] = ICMP4_TIME_EXCEEDED;
        icmp4[1] = code;
        return XLAT_CONTINUE;

    case ICMP6_PARAM_PROBLEM:
        if (code == ICMP6_PARAM_HEADER) {
            /* "Erroneous header field encountered: Set to Type 12, Code 0,
             * and update the pointer as defined in Figure 6 (If the
             * Original IPv6 Pointer Value is not listed or the Translated
             * IPv4 Pointer Value is listed as "n/a", silently drop the
             * packet.)" */
            int ptr = param_pointer_64(get_be32(icmp6 + 4));

            if (ptr < 0) {
                return IPXLAT_DROP_ICMP_TYPE;
            }
            icmp4[0] = ICMP4_PARAM_PROBLEM;
            icmp4[1] = ICMP4_PARAM_POINTER;
            icmp4[4] = ptr;
            return XLAT_CONTINUE;
        } else if (code == ICMP6_PARAM_NEXT_HEADER) {
            /* "Unrecognized Next Header type encountered: Translate this
             * to an ICMPv4 protocol unreachable (Type 3, Code 2)." */
            icmp4[0] = ICMP4_DEST_UNREACH;
            icmp4[1] = ICMP4_PROTO_UNREACH;
            return XLAT_CONTINUE;
        }
        /* "Code 2 (Unrecognized IPv6 option encountered): Silently
         * drop."  So are unknown codes. */
        return IPXLAT_DROP_ICMP_TYPE;

    default:
        /* "Unknown error messages: Silently drop." */
        return IPXLAT_DROP_ICMP_TYPE;
    }
}

/* RFC 7915 section 5.2 for an ICMPv6 error of 'len' bytes at 'icmp',
 * whose pseudo-header had the partial sum 'pseudo6'.  Rewrites it as an
 * ICMPv4 error of at most 556 bytes (576 with the IPv4 header) at the
 * same place and sets 'st->pkt->len' to match. */
static enum ipxlat_reason
error_64(struct xlat_state *st, uint8_t *icmp, size_t len, uint32_t pseudo6)
{
    uint8_t out[ICMP4_MSG_MAX_LEN];
    const uint8_t *ext = NULL;
    size_t inner6_len, ext_len = 0, field4, n4, n;
    struct xlat_l3 il3;
    enum ipxlat_reason r;
    uint16_t csum;

    /* ICMPv4 has no pseudo-header (section 5.2).  The whole message is
     * rebuilt, so its checksum is computed afresh: check the incoming one
     * first (with the pseudo-header out, a valid message sums to all
     * ones). */
    transport_icmp_csum_update(icmp, pseudo6, 0);
    if (csum_fold(ipxl_csum_add_bytes(0, icmp, len)) != 0xffff) {
        return IPXLAT_DROP_MALFORMED_L4;
    }

    r = map_error_64(icmp, out);
    if (r != XLAT_CONTINUE) {
        return r;
    }

    /* RFC 4884 section 4.4 (ICMPv6 Destination Unreachable and Time
     * Exceeded): a nonzero length, in 64-bit words, delimits the original
     * datagram; an extension structure follows it (read as
     * ipxlat-rfc4884.h says). */
    inner6_len = len - ICMP_HEADER_LEN;
    if (icmp[0] == ICMP6_DEST_UNREACH || icmp[0] == ICMP6_TIME_EXCEEDED) {
        size_t l = rfc4884_orig_len(icmp[4] * 8u, inner6_len);

        if (l) {
            ext = icmp + ICMP_HEADER_LEN + l;
            ext_len = inner6_len - l;
            inner6_len = l;
        }
    }

    r = ipxl_xlat_64_inner(st, icmp + ICMP_HEADER_LEN, inner6_len,
                           out + ICMP_HEADER_LEN,
                           ICMP4_MSG_MAX_LEN - ICMP_HEADER_LEN, &n4, &il3);
    if (r != XLAT_CONTINUE) {
        return r;
    }

    /* RFC 4884 section 5.1, RFC 7915 section 5.2 ("the ICMPv4 Extension
     * length attribute MUST be adjusted accordingly"): the datagram is
     * padded to 32-bit words (ICMPv4's unit) and 128 bytes, and the whole
     * kept within 576 bytes (ipxlat-rfc4884.h: the extension goes whole or
     * not at all). */
    field4 = ext ? rfc4884_fit(&n4, ext_len,
                               ICMP4_MSG_MAX_LEN - ICMP_HEADER_LEN, 4) : 0;
    if (field4) {
        memset(out + ICMP_HEADER_LEN + n4, 0, field4 - n4);
        memcpy(out + ICMP_HEADER_LEN + field4, ext, ext_len);
        /* The length, in 32-bit words, in the second byte of the
         * rest-of-header word (RFC 4884 section 4.1). */
        out[5] = field4 / 4;
        n = ICMP_HEADER_LEN + field4 + ext_len;
    } else {
        n = ICMP_HEADER_LEN + n4;
    }

    if (icmp[0] == ICMP6_PACKET_TOO_BIG) {
        /* RFC 7915 section 5.2: "The MTU field MUST be adjusted for the
         * difference between the IPv4 and IPv6 header sizes, taking into
         * account whether or not the packet in error includes a Fragment
         * Header, i.e., minimum(advertised MTU-20, MTU_of_IPv4_nexthop,
         * (MTU_of_IPv6_nexthop)-20)."  With a Fragment header in the
         * packet in error the difference is 28 bytes, not 20. */
        int64_t delta = IPV6_HEADER_LEN - IP_HEADER_LEN
                        + (il3.frag_ofs ? IP6_FRAG_HDR_LEN : 0);
        int64_t mtu = (int64_t) get_be32(icmp + 4) - delta;

        if (mtu > st->cfg->mtu4) {
            mtu = st->cfg->mtu4;
        }
        if (mtu > (int64_t) st->cfg->mtu6 - delta) {
            mtu = (int64_t) st->cfg->mtu6 - delta;
        }
        put_be16(out + 6, mtu < 0 ? 0 : mtu);
    }

    /* The checksum, over the final message (ICMPv4 has no
     * pseudo-header). */
    memset(out + 2, 0, 2);
    csum = csum_finish(ipxl_csum_add_bytes(0, out, n));
    memcpy(out + 2, &csum, 2);

    /* 'n' <= 'len': the quoted packet shrinks by at least 20 bytes and its
     * field is padded at most to where the IPv6 one ended. */
    memcpy(icmp, out, n);
    st->pkt->len = icmp + n - st->pkt->data;
    return XLAT_CONTINUE;
}

/* RFC 7915 section 5.2: translates the ICMPv6 message of 'len' bytes at
 * 'icmp' (a whole message, never a fragment) into ICMPv4; 'pseudo6' is
 * the partial sum of its pseudo-header, which leaves the checksum.  The
 * IPv4 header in front of it, at 'st->pkt->data', is finished by the
 * caller from 'st->pkt->len', which an error message changes.  Returns
 * XLAT_CONTINUE or a drop reason. */
enum ipxlat_reason
ipxl_icmp_64(struct xlat_state *st, uint8_t *icmp, size_t len,
             uint32_t pseudo6)
{
    if (!icmp6_is_error(icmp[0])) {
        return ipxl_echo_64(icmp, pseudo6);
    }
    return error_64(st, icmp, len, pseudo6);
}
