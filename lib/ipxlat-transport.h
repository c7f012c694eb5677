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

#ifndef IPXLAT_TRANSPORT_H
#define IPXLAT_TRANSPORT_H 1

/* Transport checksums across a translation: the one place that updates the
 * TCP, UDP, ICMP and ICMPv6 checksums of a translated packet, outer or
 * quoted in an ICMP error, in both directions.
 *
 * Every update is incremental (RFC 1624), as RFC 7915 sections 4.5 and 5.5
 * ask: only what the translation changes (the pseudo-header addresses, the
 * ICMP type, the ICMPv6 pseudo-header) is taken out of the checksum and put
 * in, so a checksum that was wrong stays wrong in the same way.  Partial
 * sums are those of ipxlat-csum.h (not folded, not complemented).
 *
 * The helpers are inline: they run once or twice per packet. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ipxlat-csum.h"
#include "ipxlat-packets.h"

/* Replaces, in the checksum field at 'field' (any alignment), data whose
 * partial sum was 'old' by data whose partial sum is 'new' (RFC 1624 eqn.
 * 3).  Returns the new field value (complemented, memory order). */
static inline uint16_t
transport_csum_replace(uint8_t *field, uint32_t old, uint32_t new)
{
    uint16_t csum;

    memcpy(&csum, field, sizeof csum);
    csum_replace(&csum, old, new);
    memcpy(field, &csum, sizeof csum);
    return csum;
}

/* Updates the TCP or UDP checksum of the upper-layer header at 'l4', of
 * which 'avail' bytes are present (an ICMP error may quote a packet cut
 * short), for the pseudo-header going from addresses of partial sum 'old'
 * to addresses of partial sum 'new'.  The length and protocol terms of the
 * pseudo-header sum the same in IPv4 and IPv6, so only the addresses
 * count.  A UDP checksum of zero ("none", RFC 768) is left as it is; a
 * computed zero is sent as all ones (RFC 768).  Other protocols, and a
 * checksum field past 'avail', are left alone. */
static inline void
transport_csum_update(uint8_t *l4, size_t avail, uint8_t proto,
                      uint32_t old, uint32_t new)
{
    if (proto == IPPROTO_TCP_) {
        if (avail >= offsetof(struct tcp_header, tcp_csum) + 2) {
            transport_csum_replace(l4 + offsetof(struct tcp_header,
                                                 tcp_csum), old, new);
        }
    } else if (proto == IPPROTO_UDP_ && avail >= UDP_HEADER_LEN) {
        uint8_t *field = l4 + offsetof(struct udp_header, udp_csum);

        if (get_be16(field) && !transport_csum_replace(field, old, new)) {
            put_be16(field, 0xffff);
        }
    }
}

/* Updates the checksum of the ICMP or ICMPv6 message at 'icmp' for data of
 * partial sum 'old' replaced by data of partial sum 'new': the message's
 * type and code word, or the ICMPv6 pseudo-header (RFC 7915 sections 4.2
 * and 5.2). */
static inline void
transport_icmp_csum_update(uint8_t *icmp, uint32_t old, uint32_t new)
{
    transport_csum_replace(icmp + offsetof(struct icmp_header, icmp_csum),
                           old, new);
}

/* Sets the type of the ICMP or ICMPv6 message at 'icmp' to 'type', adding
 * 'pseudo_in' to its checksum and taking 'pseudo_out' out of it: the
 * ICMPv6 pseudo-header sum that a 4->6 translation adds, or that a 6->4
 * translation removes (RFC 7915 sections 4.2 and 5.2, Echo Request and
 * Echo Reply: "adjust the ICMP checksum both to take the type change into
 * account and to include/exclude the ICMPv6 pseudo-header").  The
 * pseudo-header leaves first, then the type changes along with whatever
 * comes in. */
static inline void
transport_icmp_set_type(uint8_t *icmp, uint8_t type, uint32_t pseudo_out,
                        uint32_t pseudo_in)
{
    uint16_t old_word, new_word;

    if (pseudo_out) {
        transport_icmp_csum_update(icmp, pseudo_out, 0);
    }
    memcpy(&old_word, icmp, sizeof old_word);
    icmp[0] = type;
    memcpy(&new_word, icmp, sizeof new_word);
    transport_icmp_csum_update(icmp, old_word,
                               csum_add16(pseudo_in, new_word));
}

/* The Echo Request and Echo Reply types of one family. */
struct transport_echo_types {
    uint8_t request;
    uint8_t reply;
};

/* RFC 7915 sections 4.2 and 5.2: an Echo Request or Echo Reply of the
 * family whose types are 'from' becomes the same message of the family
 * whose types are 'to', with its checksum updated by
 * transport_icmp_set_type().  Returns false, changing nothing, for any
 * other type. */
static inline bool
transport_icmp_echo(uint8_t *icmp, const struct transport_echo_types *from,
                    const struct transport_echo_types *to,
                    uint32_t pseudo_out, uint32_t pseudo_in)
{
    uint8_t type;

    if (icmp[0] == from->request) {
        type = to->request;
    } else if (icmp[0] == from->reply) {
        type = to->reply;
    } else {
        return false;
    }
    transport_icmp_set_type(icmp, type, pseudo_out, pseudo_in);
    return true;
}

/* The echo types of ICMPv4 (RFC 792) and ICMPv6 (RFC 4443). */
#define TRANSPORT_ECHO4 \
    (&(const struct transport_echo_types) { ICMP4_ECHO_REQUEST, \
                                            ICMP4_ECHO_REPLY })
#define TRANSPORT_ECHO6 \
    (&(const struct transport_echo_types) { ICMP6_ECHO_REQUEST, \
                                            ICMP6_ECHO_REPLY })

#endif /* ipxlat-transport.h */
