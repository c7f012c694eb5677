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

#ifndef IPXLAT_XLAT_H
#define IPXLAT_XLAT_H 1

/* Internals shared by the translation steps (not installed).
 *
 * A translation is a sequence of steps over one 'struct xlat_state'.  Each
 * step returns XLAT_CONTINUE to let the next run, or the final reason.
 * Every step reads:
 *
 *     r = step(st);
 *     if (r != XLAT_CONTINUE) {
 *         return r;
 *     }
 *
 * A step that decides an ICMP error is due records its type, code and
 * rest-of-header in the state and returns the matching IPXLAT_ERR_*
 * reason *before* it changes the packet; the error itself is built in one
 * place only (icmp-err.c) from the untouched packet. */

#include <netinet/in.h>

#include "ipxlat-config.h"
#include "ipxlat.h"
#include "ipxlat-packets.h"

/* The result of a step that lets the next step run. */
#define XLAT_CONTINUE IPXLAT_N_REASONS

/* IPv6 to IPv4 without a Fragment header: DF is set when the IPv4 packet
 * is longer than this, so that IPv4 routers may fragment smaller packets.
 * This is the workaround of RFC 7915 section 6 as Jool applies it: an IPv6
 * path of MTU 1280 holds 1260 bytes of IPv4 packet. */
#define IP4_DF_THRESHOLD 1260

/* Layout of a validated IP packet (outer or inner).
 *
 * After ipxl_validate4() or ipxl_validate6() returned XLAT_CONTINUE the
 * caller may assume: the whole IP header, options and extension headers lie
 * within the buffer; 'l4_ofs' is where the upper-layer header starts; if
 * 'first' and 'proto' is TCP, UDP or ICMP/ICMPv6, the fixed part of that
 * header (20, 8 or 8 bytes) lies within the buffer too; 'tot_len' equals
 * the buffer length for an outer packet and is at least 'l4_ofs' for an
 * inner one. */
struct xlat_l3 {
    uint16_t tot_len;       /* Bytes of IP packet present in the buffer. */
    uint16_t claimed_len;   /* Length the IP header claims (inner packets
                             * in ICMP errors may be cut short). */
    uint16_t l4_ofs;        /* Offset of the upper-layer header. */
    uint16_t frag_ofs;      /* IPv6: offset of the Fragment header, 0 if
                             * none. */
    uint8_t proto;          /* Upper-layer protocol (after ext headers). */
    bool fragment;          /* Part of a fragmented datagram. */
    bool first;             /* Fragment offset zero (or not a fragment):
                             * the upper-layer header is here. */
    bool mf;                /* More Fragments. */
    uint16_t frag_offset;   /* Fragment offset, in bytes. */
    uint32_t frag_id;       /* Identification (IPv4: 16 bits). */
    uint16_t segleft_ofs;   /* IPv6: offset of the Segments Left field of a
                             * routing header with segments left, else 0. */
};

/* The working state of one ipxlat_translate() call. */
struct xlat_state {
    const struct ipxlat_config *cfg;
    const struct ipxlat_ctx *ctx;
    struct ipxlat_pkt *pkt;
    struct xlat_l3 l3;          /* Layout of 'pkt' as received. */
    uint8_t err_type;           /* ICMP error due, for IPXLAT_ERR_* */
    uint8_t err_code;
    uint32_t err_info;          /* Its rest-of-header word (host order):
                                 * MTU or pointer. */
    bool return_pass;           /* The second, 4->6 pass of a packet
                                 * that RFC 7757 section 4.2 hairpins back
                                 * to the IPv6 side: source through the
                                 * prefix only, no TTL decrement, no
                                 * fragmentation. */
};

/* Address mapping (addr.c): RFC 7757 EAM first, then RFC 6052. */
enum xlat_map {
    XLAT_MAP_NONE,              /* No mapping, or not allowed. */
    XLAT_MAP_EAM,               /* Through an EAM entry. */
    XLAT_MAP_PREFIX,            /* Through the RFC 6052 prefix. */
};

enum xlat_map ipxl_map_4to6(const struct ipxlat_config *,
                            const struct ipxlat_ctx *, ovs_be32 v4,
                            struct in6_addr *v6);
enum xlat_map ipxl_map_6to4(const struct ipxlat_config *,
                            const struct ipxlat_ctx *,
                            const struct in6_addr *v6, ovs_be32 *v4);
bool ipxl_map_4to6_prefix(const struct ipxlat_config *, ovs_be32 v4,
                          struct in6_addr *v6);
enum xlat_map ipxl_map_4to6_err_src(const struct ipxlat_config *,
                                    const struct ipxlat_ctx *, ovs_be32 v4,
                                    struct in6_addr *v6);
/* Both addresses of a packet at once, as ipxl_map_4to6() and
 * ipxl_map_6to4() would map each: true only if both map. */
bool ipxl_map_4to6_both(const struct ipxlat_config *,
                        const struct ipxlat_ctx *, ovs_be32 src4,
                        ovs_be32 dst4, struct in6_addr *src6,
                        struct in6_addr *dst6);
bool ipxl_map_6to4_both(const struct ipxlat_config *,
                        const struct ipxlat_ctx *,
                        const struct in6_addr *src6,
                        const struct in6_addr *dst6, ovs_be32 *src4,
                        ovs_be32 *dst4);
bool ipxl_v4_in_eamt(const struct ipxlat_config *, const struct ipxlat_ctx *,
                     ovs_be32 v4);
bool ipxl_v4_reserved(ovs_be32 v4);
bool ipxl_v4_non_global(ovs_be32 v4);
/* Whether the address mapping failed because the Well-Known Prefix may not
 * carry the non-global IPv4 address 'v4', or the one that 'v6' embeds
 * (RFC 6052 section 3.1), rather than for want of a mapping. */
bool ipxl_wkp_refuses4(const struct ipxlat_config *, ovs_be32 v4);
bool ipxl_wkp_refuses6(const struct ipxlat_config *,
                       const struct in6_addr *v6);

/* RFC 6052 (addr.c). */
bool ipxl_rfc6052_len_valid(unsigned int len);
bool ipxl_rfc6052_is_wkp(const struct ipxlat_prefix6 *);
void ipxl_rfc6052_embed(const struct ipxlat_prefix6 *, ovs_be32 v4,
                        struct in6_addr *v6);
bool ipxl_rfc6052_extract(const struct ipxlat_prefix6 *,
                          const struct in6_addr *, ovs_be32 *v4);

/* EAM table lookups (eamt.c), longest prefix match, suffix bits copied. */
bool ipxl_eamt_lookup4(const struct ipxlat_eamt *, ovs_be32 v4,
                       struct in6_addr *v6);
bool ipxl_eamt_lookup6(const struct ipxlat_eamt *, const struct in6_addr *v6,
                       ovs_be32 *v4);
/* Start loading the hash slots that ipxl_eamt_lookup4() or
 * ipxl_eamt_lookup6() will read for an address, so that several lookups
 * wait for memory at once. */
void ipxl_eamt_prefetch4(const struct ipxlat_eamt *, ovs_be32 v4);
void ipxl_eamt_prefetch6(const struct ipxlat_eamt *,
                         const struct in6_addr *v6);

/* Returns the length of the fixed upper-layer header that must be present
 * in a first fragment of protocol 'proto', whose ICMP flavour is
 * 'icmp_proto' (ICMP in IPv4, ICMPv6 in IPv6), or 0 if none is required.
 * An 'inner' packet, as RFC 792 and RFC 4443 quote it, needs only 8 bytes
 * of TCP. */
static inline size_t
xlat_l4_min_len(uint8_t proto, uint8_t icmp_proto, bool inner)
{
    if (proto == IPPROTO_TCP_) {
        return inner ? 8 : TCP_HEADER_LEN;
    } else if (proto == IPPROTO_UDP_) {
        return UDP_HEADER_LEN;
    } else if (proto == icmp_proto) {
        return ICMP_HEADER_LEN;
    }
    return 0;
}

/* Header translation, one file per direction (xlat-46.c, xlat-64.c),
 * each in the steps check, map, size and rewrite (RFC 7915 sections 4.1
 * and 5.1).  ipxl_xlat_46() and ipxl_xlat_64() translate the packet in
 * st->pkt.  ipxl_xlat_46_inner() and ipxl_xlat_64_inner() translate the
 * packet an ICMP error quotes (RFC 7915 sections 4.3 and 5.3): 'in_len'
 * bytes at 'in', possibly cut short, written at 'out' (at most 'cap'
 * bytes, the rest cut off), the bytes written stored in '*out_len' and the
 * quoted packet's layout in '*l3'; they return XLAT_CONTINUE or
 * IPXLAT_DROP_MALFORMED_INNER.  One header writer per direction serves
 * both. */
enum ipxlat_reason ipxl_xlat_46(struct xlat_state *);
enum ipxlat_reason ipxl_xlat_64(struct xlat_state *);
/* The general path made cheap for plain TCP and UDP (the same files): each
 * translates the packet and returns true, or returns false having changed
 * nothing, and the packet takes ipxl_xlat_46() or ipxl_xlat_64(), which
 * would make the same bytes of it (tests/check-fast-paths.sh).  The
 * caller has checked the version. */
bool ipxl_fast_46(const struct ipxlat_config *, const struct ipxlat_ctx *,
                  struct ipxlat_pkt *);
bool ipxl_fast_64(const struct ipxlat_config *, const struct ipxlat_ctx *,
                  struct ipxlat_pkt *);
enum ipxlat_reason ipxl_xlat_46_inner(const struct xlat_state *,
                                      const uint8_t *in, size_t in_len,
                                      uint8_t *out, size_t cap,
                                      size_t *out_len, struct xlat_l3 *);
enum ipxlat_reason ipxl_xlat_64_inner(const struct xlat_state *,
                                      const uint8_t *in, size_t in_len,
                                      uint8_t *out, size_t cap,
                                      size_t *out_len, struct xlat_l3 *);

/* ICMP <-> ICMPv6 message translation (icmp-46.c, icmp-64.c; RFC 7915
 * sections 4.2 and 5.2).  ipxl_icmp_46() and ipxl_icmp_64() are called by
 * the rewrite steps after the outer IP header was rewritten; 'icmp' points
 * at the ICMP header in the rewritten packet.  'pseudo6' is the partial
 * sum of the ICMPv6 pseudo-header of the message as it was received, for
 * 6->4 to take out of its checksum.  ipxl_echo_46() and ipxl_echo_64()
 * translate an Echo Request or Reply in place ('len' bytes), outer or
 * quoted: 4->6 adds the ICMPv6 pseudo-header of partial sum 'pseudo6' to
 * the checksum, 6->4 takes it out; each returns XLAT_CONTINUE or
 * IPXLAT_DROP_ICMP_TYPE for any other type. */
enum ipxlat_reason ipxl_icmp_46(struct xlat_state *, uint8_t *icmp,
                                size_t len);
enum ipxlat_reason ipxl_icmp_64(struct xlat_state *, uint8_t *icmp,
                                size_t len, uint32_t pseudo6);
enum ipxlat_reason ipxl_echo_46(uint8_t *icmp, uint32_t pseudo6);
enum ipxlat_reason ipxl_echo_64(uint8_t *icmp, uint32_t pseudo6);

/* Reassembly in a translation (xlat-reasm.c).  ipxl_reasm_hold() gives
 * the validated, checked and mapped fragment in 'st' to the context in
 * st->ctx->reasm (nonnull), or, if 'join_only', only when its datagram is
 * in progress there.  Returns XLAT_CONTINUE for a 'join_only' fragment of
 * no datagram in progress (translate it on its own), IPXLAT_REASM_HELD,
 * a drop reason, IPXLAT_ERR_UDP_ZERO_CSUM (recorded) for the first
 * fragment of zero-checksum UDP that finds the context full, or, for the
 * fragment that completes its datagram, the reason of the translation of
 * the whole (IPXLAT_REASM_*, or what stopped it), with st->pkt moved to
 * the assembly buffer. */
enum ipxlat_reason ipxl_reasm_hold(struct xlat_state *, bool join_only);

/* Errors the translator originates (icmp-err.c): turns the untouched
 * packet in 'st' into the error recorded in st->err_*, addressed back to
 * its sender.  Returns 'r' or the drop reason that replaced it. */
enum ipxlat_reason ipxl_icmp_err_build(struct xlat_state *,
                                       enum ipxlat_reason r);

/* Rate limiting of translator ICMP errors (ratelimit.c). */
bool ipxl_ratelimit_allow(struct ipxlat_ratelimit *, uint64_t now_ms);

#endif /* ipxlat-xlat.h */
