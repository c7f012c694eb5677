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

#ifndef IPXLAT_REASON_H
#define IPXLAT_REASON_H 1

/* Every outcome of ipxlat_translate(): the enum name (prefixed with
 * IPXLAT_), its verdict, the counter name users see and a description.
 *
 * The names are a stable interface (counters in ovs-appctl ipxlat/show,
 * ipxlat-pcap --stats): add new reasons, never rename or reuse one.
 *
 * Every call counts one packet under one reason, but for
 * drop_reasm_timeout, which ipxlat_reasm_expire() and the calls that
 * expire datagrams count once per datagram that never became whole. */
#define IPXLAT_REASONS(R)                                                   \
    R(XLAT_46, FORWARD, "xlat_46",                                          \
      "IPv4 packet translated to IPv6")                                     \
    R(XLAT_64, FORWARD, "xlat_64",                                          \
      "IPv6 packet translated to IPv4")                                     \
    R(FRAG_46, FRAGMENTS, "frag_46",                                        \
      "IPv4 packet translated and fragmented (DF clear, too big)")          \
    R(FRAG_64, FRAGMENTS, "frag_64",                                        \
      "IPv6 packet translated and fragmented (DF clear, too big for mtu4)") \
    R(HAIRPIN, BOUNCE, "hairpin",                                           \
      "IPv6 packet to an EAM address hairpinned back (RFC 7757 4.2)")       \
    R(ERR_TIME_EXCEEDED, BOUNCE, "err_time_exceeded",                       \
      "TTL or hop limit expired: Time Exceeded sent")                       \
    R(ERR_FRAG_NEEDED, BOUNCE, "err_frag_needed",                           \
      "IPv4 with DF too big for mtu6: Fragmentation Needed sent")           \
    R(ERR_PACKET_TOO_BIG, BOUNCE, "err_packet_too_big",                     \
      "IPv6 packet too big for mtu4: Packet Too Big sent")                  \
    R(ERR_UDP_ZERO_CSUM, BOUNCE, "err_udp_zero_csum",                       \
      "IPv4 UDP with checksum zero: Destination Unreachable 3/13 sent")     \
    R(ERR_SOURCE_ROUTE, BOUNCE, "err_source_route",                         \
      "IPv4 source route option: Destination Unreachable 3/5 sent")         \
    R(ERR_SEGMENTS_LEFT, BOUNCE, "err_segments_left",                       \
      "IPv6 routing header with segments left: Parameter Problem sent")     \
    R(ERR_FRAG_EXT_HEADER, BOUNCE, "err_frag_ext_header",                   \
      "extension header after an IPv6 Fragment header: 1/1 sent (RFC 7915)") \
    R(DROP_NOT_IP, DROP, "drop_not_ip",                                     \
      "neither an IPv4 nor an IPv6 packet")                                 \
    R(DROP_FAMILY_MISMATCH, DROP, "drop_family_mismatch",                   \
      "IP version differs from the family of the link layer (EtherType)")   \
    R(DROP_NO_ROOM, DROP, "drop_no_room",                                   \
      "not enough headroom or tailroom in the buffer")                      \
    R(DROP_MALFORMED_IP4, DROP, "drop_malformed_ip4",                       \
      "malformed IPv4 header (version, length, options or checksum)")       \
    R(DROP_MALFORMED_IP6, DROP, "drop_malformed_ip6",                       \
      "malformed IPv6 header or extension header chain")                    \
    R(DROP_FRAG6_LEN, DROP, "drop_frag6_len",                               \
      "IPv6 fragment with M set, length not a multiple of 8 (RFC 8200 4.5)") \
    R(DROP_MALFORMED_L4, DROP, "drop_malformed_l4",                         \
      "truncated TCP, UDP or ICMP header")                                  \
    R(DROP_MALFORMED_INNER, DROP, "drop_malformed_inner",                   \
      "ICMP error whose inner packet cannot be parsed or translated")       \
    R(DROP_PROTOCOL, DROP, "drop_protocol",                                 \
      "protocol that must not cross (ICMPv6 in IPv4, ICMPv4 in IPv6)")      \
    R(DROP_ICMP_TYPE, DROP, "drop_icmp_type",                               \
      "ICMP type or code with no translation (RFC 7915 4.2, 5.2)")          \
    R(DROP_FRAG_ICMP, DROP, "drop_frag_icmp",                               \
      "fragmented ICMP message (checksum needs the whole message)")         \
    R(DROP_SRC_ADDR, DROP, "drop_src_addr",                                 \
      "source address has no mapping or is not allowed")                    \
    R(DROP_DST_ADDR, DROP, "drop_dst_addr",                                 \
      "destination address has no mapping or is not allowed")              \
    R(DROP_WKP_NON_GLOBAL, DROP, "drop_wkp_non_global",                     \
      "non-global IPv4 address under 64:ff9b::/96 (RFC 6052 3.1)")          \
    R(DROP_UDP_ZERO_CSUM_FRAG, DROP, "drop_udp_zero_csum_frag",             \
      "unused: a zero-csum UDP fragment now gets err_udp_zero_csum")        \
    R(DROP_UDP6_ZERO_CSUM, DROP, "drop_udp6_zero_csum",                     \
      "IPv6 UDP with checksum zero, invalid in IPv6 (RFC 8200 8.1)")        \
    R(DROP_ERROR_SUPPRESSED, DROP, "drop_error_suppressed",                 \
      "an ICMP error was due but must not be sent (RFC 1812 4.3.2.7)")      \
    R(DROP_RATE_LIMITED, DROP, "drop_rate_limited",                         \
      "an ICMP error was due but the rate limit was reached")               \
    R(DROP_RATE_LIMITED_PMTU, DROP, "drop_rate_limited_pmtu",               \
      "Fragmentation Needed or Packet Too Big due, its rate limit reached") \
    R(DROP_NO_ERROR_SOURCE, DROP, "drop_no_error_source",                   \
      "an ICMPv6 error was due but src6 is unset and src4 has no mapping")  \
    R(REASM_HELD, HELD, "reasm_held",                                       \
      "fragment held until its datagram is whole (ICMP, zero-csum UDP)")    \
    R(REASM_46, FORWARD, "reasm_46",                                        \
      "fragmented IPv4 datagram reassembled and translated whole")          \
    R(REASM_FRAG_46, FRAGMENTS, "reasm_frag_46",                            \
      "fragmented IPv4 datagram reassembled, translated and fragmented")    \
    R(REASM_64, FORWARD, "reasm_64",                                        \
      "fragmented IPv6 datagram reassembled and translated whole")          \
    R(REASM_FRAG_64, FRAGMENTS, "reasm_frag_64",                            \
      "fragmented IPv6 datagram reassembled, translated and fragmented")    \
    R(DROP_REASM_TIMEOUT, DROP, "drop_reasm_timeout",                       \
      "datagrams not whole within reasm_timeout (counts datagrams)")        \
    R(DROP_REASM_OVERLAP, DROP, "drop_reasm_overlap",                       \
      "fragment overlaps one held: its datagram is discarded (RFC 5722)")   \
    R(DROP_REASM_DUPLICATE, DROP, "drop_reasm_duplicate",                   \
      "exact duplicate of a fragment held")                                 \
    R(DROP_REASM_FULL, DROP, "drop_reasm_full",                             \
      "reassembly bounds reached (reasm_datagrams, reasm_bytes)")           \
    R(DROP_REASM_TOO_BIG, DROP, "drop_reasm_too_big",                       \
      "datagram larger than reasm_max_size or in too many fragments")       \
    R(DROP_REASM_INVALID, DROP, "drop_reasm_invalid",                       \
      "fragment whose offset and length fit no datagram")

#endif /* ipxlat-reason.h */
