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

#ifndef IPXLAT_RFC4884_H
#define IPXLAT_RFC4884_H 1

/* RFC 4884 extensions of translated ICMP errors: the one policy that both
 * directions (icmp-46.c, icmp-64.c) follow, written out with its reasons
 * in doc/rfc-traceability.md.
 *
 * Reading: a length attribute (in bytes here) delimits the original
 * datagram only if it is at least 128 bytes and lies within the message;
 * anything else, zero included, means no extension, and the whole body is
 * the original datagram (RFC 4884 section 5: such a message is not
 * compliant and is parsed as if it had none).
 *
 * Writing: the translated datagram is zero padded to the length unit of
 * the outgoing ICMP version and to at least 128 bytes (RFC 4884 sections
 * 4.1 and 5.1).  If datagram and extension do not fit, the datagram is cut
 * first, never below 128 bytes; if the extension still does not fit, it
 * is left out whole (never cut), and the length attribute is zero. */

#include <stddef.h>

#include "ipxlat-packets.h"
#include "ipxlat-util.h"

/* Returns the length of the original datagram that a length attribute of
 * 'attr_len' bytes delimits in a body of 'body_len' bytes (what follows
 * the ICMP header), or 0 if the message carries no extension. */
static inline size_t
rfc4884_orig_len(size_t attr_len, size_t body_len)
{
    return (attr_len >= RFC4884_MIN_ORIG_LEN && attr_len < body_len
            ? attr_len : 0);
}

/* Lays out 'inner_len' bytes of translated datagram and an extension of
 * 'ext_len' bytes in 'room' bytes, the datagram field padded to a multiple
 * of 'unit' (4 for ICMPv4, 8 for ICMPv6).  Returns the length of the
 * padded datagram field, having cut '*inner_len' to it if need be, or 0 if
 * the extension is left out ('*inner_len' unchanged). */
static inline size_t
rfc4884_fit(size_t *inner_len, size_t ext_len, size_t room, size_t unit)
{
    size_t field = MAX(RFC4884_MIN_ORIG_LEN,
                       (*inner_len + unit - 1) / unit * unit);

    if (field + ext_len > room) {
        if (ext_len > room
            || (room - ext_len) / unit * unit < RFC4884_MIN_ORIG_LEN) {
            return 0;
        }
        field = (room - ext_len) / unit * unit;
        *inner_len = MIN(*inner_len, field);
    }
    return field;
}

#endif /* ipxlat-rfc4884.h */
