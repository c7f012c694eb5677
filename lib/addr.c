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


/* Address mapping: RFC 6052 IPv4-embedded IPv6 addresses and the order in
 * which RFC 7757 explicit address mappings and the RFC 6052 prefix are
 * consulted.  Every function here runs per packet: no allocation, no
 * locks. */

#include "ipxlat-xlat.h"

#include <string.h>

#include "ipxlat-prefix.h"

/* RFC 6052 section 2.2: bits 64 to 71 of an IPv4-embedded IPv6 address
 * (the "u" octet) are reserved and must be zero. */
#define RFC6052_U_OCTET 8

bool
ipxl_rfc6052_len_valid(unsigned int len)
{
    /* RFC 6052 section 2.2: the prefix length is 32, 40, 48, 56, 64 or
     * 96. */
    return len == 32 || len == 40 || len == 48 || len == 56 || len == 64
           || len == 96;
}

/* Returns true if 'p' is the Well-Known Prefix 64:ff9b::/96 (RFC 6052
 * section 2.1). */
bool
ipxl_rfc6052_is_wkp(const struct ipxlat_prefix6 *p)
{
    static const uint8_t wkp[16] = { 0x00, 0x64, 0xff, 0x9b };

    return p->len == 96 && !memcmp(&p->addr, wkp, sizeof wkp);
}

/* Returns the octet of an IPv6 address that holds octet 'i' (0...3) of the
 * IPv4 address embedded after a prefix of 'len' bits.  RFC 6052 section
 * 2.2: the IPv4 bits follow the prefix but skip the u-octet (bits 64 to
 * 71); with a /96 prefix the u-octet lies inside the prefix. */
static inline unsigned int
rfc6052_octet(unsigned int len, unsigned int i)
{
    unsigned int o = len / 8 + i;

    return o >= RFC6052_U_OCTET && len != 96 ? o + 1 : o;
}

/* Returns the offset in an IPv6 address of the first octet of the IPv4
 * address embedded after a prefix of 'len' bits, for the lengths where the
 * four octets are contiguous (RFC 6052 section 2.2: /32 puts them in bits
 * 32 to 63, /64 in bits 72 to 103 past the u-octet, /96 in bits 96 to
 * 127), or 0 for the lengths whose IPv4 address straddles the u-octet. */
static inline unsigned int
rfc6052_contiguous_ofs(unsigned int len)
{
    switch (len) {
    case 32:
        return 4;
    case 64:
        return 9;
    case 96:
        return 12;
    default:
        return 0;
    }
}

/* Embeds 'v4' in the prefix 'p' (whose length must be valid) and stores
 * the result in 'v6'.  RFC 6052 section 2.2: the suffix bits after the
 * IPv4 address are zero, and so is the u-octet. */
static inline void
rfc6052_embed__(const struct ipxlat_prefix6 *p, ovs_be32 v4,
                struct in6_addr *v6)
{
    unsigned int ofs = rfc6052_contiguous_ofs(p->len);

    /* The prefix's bits past 'len' are zero, so copying it whole also
     * clears the u-octet and the suffix. */
    *v6 = p->addr;
    if (ofs) {
        /* The common lengths: one 4-byte copy. */
        memcpy(&v6->s6_addr[ofs], &v4, sizeof v4);
    } else {
        const uint8_t *b = (const uint8_t *) &v4;

        for (unsigned int i = 0; i < 4; i++) {
            v6->s6_addr[rfc6052_octet(p->len, i)] = b[i];
        }
    }
}

void
ipxl_rfc6052_embed(const struct ipxlat_prefix6 *p, ovs_be32 v4,
                   struct in6_addr *v6)
{
    rfc6052_embed__(p, v4, v6);
}

/* Returns a mask, in memory order, of the first 'len' bits (1...64) of a
 * 64-bit half of an IPv6 address. */
static inline uint64_t
rfc6052_half_mask(unsigned int len)
{
    uint64_t host = UINT64_MAX << (64 - len);
    uint32_t words[2] = { htonl(host >> 32), htonl(host) };
    uint64_t mask;

    memcpy(&mask, words, sizeof mask);
    return mask;
}

/* rfc6052_extract__() for a /96 prefix 'p': bits 0 to 95, which include
 * the u-octet, compared as a 64-bit and a 32-bit word. */
static inline bool
rfc6052_extract96(const struct ipxlat_prefix6 *p, const struct in6_addr *v6,
                  ovs_be32 *v4)
{
    uint64_t a_hi, p_hi;
    uint32_t a_mid, p_mid;

    memcpy(&a_hi, &v6->s6_addr[0], 8);
    memcpy(&p_hi, &p->addr.s6_addr[0], 8);
    memcpy(&a_mid, &v6->s6_addr[8], 4);
    memcpy(&p_mid, &p->addr.s6_addr[8], 4);
    if ((a_hi ^ p_hi) | (a_mid ^ p_mid)) {
        return false;
    }
    memcpy(v4, &v6->s6_addr[12], sizeof *v4);
    return true;
}

/* Extracts the IPv4 address embedded in 'v6' under prefix 'p' (whose
 * length must be valid) into '*v4'.  Returns false, leaving '*v4' alone,
 * if 'v6' is not inside 'p' or its u-octet is not zero. */
static inline bool
rfc6052_extract__(const struct ipxlat_prefix6 *p, const struct in6_addr *v6,
                  ovs_be32 *v4)
{
    unsigned int ofs;
    uint64_t a_hi, p_hi;

    if (p->len == 96) {
        /* The common case (64:ff9b::/96 and the like). */
        return rfc6052_extract96(p, v6, v4);
    }

    /* The other valid lengths (32 to 64) lie in the first half. */
    memcpy(&a_hi, &v6->s6_addr[0], 8);
    memcpy(&p_hi, &p->addr.s6_addr[0], 8);
    if ((a_hi ^ p_hi) & rfc6052_half_mask(p->len)) {
        return false;
    }
    /* RFC 6052 section 2.2: bits 64 to 71 must be zero. */
    if (v6->s6_addr[RFC6052_U_OCTET]) {
        return false;
    }
    ofs = rfc6052_contiguous_ofs(p->len);
    if (ofs) {
        memcpy(v4, &v6->s6_addr[ofs], sizeof *v4);
    } else {
        uint8_t b[4];

        for (unsigned int i = 0; i < 4; i++) {
            b[i] = v6->s6_addr[rfc6052_octet(p->len, i)];
        }
        memcpy(v4, b, sizeof *v4);
    }
    return true;
}

bool
ipxl_rfc6052_extract(const struct ipxlat_prefix6 *p, const struct in6_addr *v6,
                     ovs_be32 *v4)
{
    return rfc6052_extract__(p, v6, v4);
}

/* Returns true if 'v4' must never be translated through the RFC 6052
 * prefix: 0.0.0.0/8 ("this network"), 127.0.0.0/8 (loopback),
 * 169.254.0.0/16 (link local), 224.0.0.0/4 (multicast) and
 * 255.255.255.255 (limited broadcast): none of them names one host on
 * the far side.  An EAM entry may still map them deliberately. */
static bool
v4_reserved(ovs_be32 v4)
{
    uint32_t a = ntohl(v4);
    unsigned int octet = a >> 24;

    return (octet == 0 || octet == 127 || (octet >= 224 && octet <= 239)
            || (a >> 16) == 0xa9fe || a == UINT32_MAX);
}

bool
ipxl_v4_reserved(ovs_be32 v4)
{
    return v4_reserved(v4);
}

/* Returns true if 'v4' is not a global address: RFC 6052 section 3.1 names
 * RFC 1918 and the special ranges now listed by RFC 6890 (the IANA IPv4
 * Special-Purpose Address Registry), of which these are marked "Global:
 * False": 0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10 (RFC 6598), 127.0.0.0/8,
 * 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24 but for the anycast
 * addresses 192.0.0.9 (RFC 7723) and 192.0.0.10 (RFC 8155),
 * 192.0.2.0/24, 192.168.0.0/16, 198.18.0.0/15 (RFC 2544), 198.51.100.0/24,
 * 203.0.113.0/24 (RFC 5737), 240.0.0.0/4 and 255.255.255.255; and
 * multicast, 224.0.0.0/4, which names no one host either. */
static bool
v4_non_global(ovs_be32 v4)
{
    uint32_t a = ntohl(v4);

    switch (a >> 24) {
    case 0:
    case 10:
    case 127:
        return true;
    case 100:
        return (a & 0xffc00000) == 0x64400000;
    case 169:
        return (a >> 16) == 0xa9fe;
    case 172:
        return (a & 0xfff00000) == 0xac100000;
    case 192:
        return (((a >> 8) == 0xc00000 && a != 0xc0000009 && a != 0xc000000a)
                || (a >> 8) == 0xc00002 || (a >> 16) == 0xc0a8);
    case 198:
        return (a & 0xfffe0000) == 0xc6120000 || (a >> 8) == 0xc63364;
    case 203:
        return (a >> 8) == 0xcb0071;
    default:
        return a >= 0xe0000000;
    }
}

bool
ipxl_v4_non_global(ovs_be32 v4)
{
    return v4_non_global(v4);
}

/* What v4_reserved() and v4_non_global() may say of an address with a
 * given first octet: most octets can be neither, which settles the
 * per-packet test of prefix_refuses4() with one load. */
#define OCTET_MAY_BE_RESERVED 1
#define OCTET_MAY_BE_NON_GLOBAL 2
static const uint8_t octet_flags[256] = {
    [0] = OCTET_MAY_BE_RESERVED | OCTET_MAY_BE_NON_GLOBAL,
    [10] = OCTET_MAY_BE_NON_GLOBAL,
    [100] = OCTET_MAY_BE_NON_GLOBAL,
    [127] = OCTET_MAY_BE_RESERVED | OCTET_MAY_BE_NON_GLOBAL,
    [169] = OCTET_MAY_BE_RESERVED | OCTET_MAY_BE_NON_GLOBAL,
    [172] = OCTET_MAY_BE_NON_GLOBAL,
    [192] = OCTET_MAY_BE_NON_GLOBAL,
    [198] = OCTET_MAY_BE_NON_GLOBAL,
    [203] = OCTET_MAY_BE_NON_GLOBAL,
    [224 ... 239] = OCTET_MAY_BE_RESERVED | OCTET_MAY_BE_NON_GLOBAL,
    [240 ... 254] = OCTET_MAY_BE_NON_GLOBAL,
    [255] = OCTET_MAY_BE_RESERVED | OCTET_MAY_BE_NON_GLOBAL,
};

/* prefix_refuses4() for an address whose first octet leaves the answer
 * open (out of line: the per-packet path rarely needs it). */
static bool __attribute__((noinline, cold))
prefix_refuses4__(const struct ipxlat_config *cfg, ovs_be32 v4, bool any)
{
    return ((!any && v4_reserved(v4))
            || (cfg->wkp_guard && v4_non_global(v4)));
}

/* Returns true if the RFC 6052 prefix of 'cfg' refuses 'v4': always for an
 * address never translated (v4_reserved()), and under the Well-Known
 * Prefix for any non-global one, unless allow_wkp_non_global.  With
 * 'any', as for the source of an ICMPv4 error, only the second rule
 * applies. */
static inline bool
prefix_refuses4(const struct ipxlat_config *cfg, ovs_be32 v4, bool any)
{
    unsigned int may = ((any ? 0 : OCTET_MAY_BE_RESERVED)
                        | (cfg->wkp_guard ? OCTET_MAY_BE_NON_GLOBAL : 0));

    return (octet_flags[ntohl(v4) >> 24] & may
            && prefix_refuses4__(cfg, v4, any));
}

bool
ipxl_wkp_refuses4(const struct ipxlat_config *cfg, ovs_be32 v4)
{
    return cfg->wkp_guard && !v4_reserved(v4) && v4_non_global(v4);
}

/* Returns true if 'cfg' may consult an EAM table: its inline entries or
 * a host table ('table=NAME').  Configs with only a prefix skip every EAM
 * lookup on this test alone. */
static inline bool
has_eam(const struct ipxlat_config *cfg)
{
    return cfg->eamt || cfg->table_name;
}

/* Maps 'v4' to 'v6' through the RFC 6052 prefix only, as
 * ipxl_map_4to6_prefix(): never an address that the prefix refuses
 * (prefix_refuses4()). */
static inline bool
map_4to6_prefix(const struct ipxlat_config *cfg, ovs_be32 v4,
                struct in6_addr *v6)
{
    if (!cfg->has_prefix || prefix_refuses4(cfg, v4, false)) {
        return false;
    }
    rfc6052_embed__(&cfg->prefix, v4, v6);
    return true;
}

/* The host's table, if the config names one ('table=NAME'): a table that
 * a host passes for a config without 'table=' is ignored. */
static const struct ipxlat_eamt *
host_table(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx)
{
    return cfg->table_name && ctx ? ctx->table : NULL;
}

/* ipxl_map_4to6() for a config with EAM entries or a table.  Kept out of
 * line so that the prefix-only path stays a leaf without a stack frame. */
static enum xlat_map __attribute__((noinline))
map_4to6_eam(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
             ovs_be32 v4, struct in6_addr *v6)
{
    const struct ipxlat_eamt *table = host_table(cfg, ctx);

    if (cfg->eamt && ipxl_eamt_lookup4(cfg->eamt, v4, v6)) {
        return XLAT_MAP_EAM;
    }
    if (table && ipxl_eamt_lookup4(table, v4, v6)) {
        return XLAT_MAP_EAM;
    }
    return map_4to6_prefix(cfg, v4, v6) ? XLAT_MAP_PREFIX : XLAT_MAP_NONE;
}

/* Maps 'v4' to 'v6': RFC 7757 section 3.2, the EAM table (the config's
 * inline entries, then the host's table) is searched first; only without
 * a match is the RFC 6052 prefix used, and never for a reserved
 * address. */
enum xlat_map
ipxl_map_4to6(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
              ovs_be32 v4, struct in6_addr *v6)
{
    if (has_eam(cfg)) {
        return map_4to6_eam(cfg, ctx, v4, v6);
    }
    return map_4to6_prefix(cfg, v4, v6) ? XLAT_MAP_PREFIX : XLAT_MAP_NONE;
}

/* Maps 'v4', the source of an ICMPv4 error, to 'v6': as ipxl_map_4to6(),
 * but the RFC 6052 prefix also takes the addresses that are otherwise
 * never translated (v4_reserved()).  RFC 7915 section 4.1 has packets
 * from such sources dropped but ICMPv4 errors from them translated all
 * the same, for troubleshooting: a router that answers from 127.0.0.1 or
 * 0.0.0.0 still shows up in a traceroute.  Only the error path uses it. */
enum xlat_map
ipxl_map_4to6_err_src(const struct ipxlat_config *cfg,
                      const struct ipxlat_ctx *ctx, ovs_be32 v4,
                      struct in6_addr *v6)
{
    enum xlat_map m = ipxl_map_4to6(cfg, ctx, v4, v6);

    if (m == XLAT_MAP_NONE && cfg->has_prefix && v4_reserved(v4)
        && !prefix_refuses4(cfg, v4, true)) {
        rfc6052_embed__(&cfg->prefix, v4, v6);
        m = XLAT_MAP_PREFIX;
    }
    return m;
}

/* Maps 'v6' to '*v4' through the RFC 6052 prefix only; an address that
 * the prefix refuses (prefix_refuses4()) is not mapped. */
static inline enum xlat_map
map_6to4_prefix(const struct ipxlat_config *cfg, const struct in6_addr *v6,
                ovs_be32 *v4)
{
    ovs_be32 a;

    if (cfg->has_prefix && rfc6052_extract__(&cfg->prefix, v6, &a)
        && !prefix_refuses4(cfg, a, false)) {
        *v4 = a;
        return XLAT_MAP_PREFIX;
    }
    return XLAT_MAP_NONE;
}

bool
ipxl_wkp_refuses6(const struct ipxlat_config *cfg, const struct in6_addr *v6)
{
    ovs_be32 a;

    return (cfg->wkp_guard && rfc6052_extract__(&cfg->prefix, v6, &a)
            && ipxl_wkp_refuses4(cfg, a));
}

/* ipxl_map_6to4() for a config with EAM entries or a table (out of line,
 * as map_4to6_eam()). */
static enum xlat_map __attribute__((noinline))
map_6to4_eam(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
             const struct in6_addr *v6, ovs_be32 *v4)
{
    const struct ipxlat_eamt *table = host_table(cfg, ctx);

    if (cfg->eamt && ipxl_eamt_lookup6(cfg->eamt, v6, v4)) {
        return XLAT_MAP_EAM;
    }
    if (table && ipxl_eamt_lookup6(table, v6, v4)) {
        return XLAT_MAP_EAM;
    }
    return map_6to4_prefix(cfg, v6, v4);
}

/* Maps 'v6' to '*v4': RFC 7757 section 3.3, the EAM table first, then the
 * RFC 6052 prefix.  An address extracted from the prefix that falls into
 * a reserved IPv4 range is refused. */
enum xlat_map
ipxl_map_6to4(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
              const struct in6_addr *v6, ovs_be32 *v4)
{
    if (has_eam(cfg)) {
        return map_6to4_eam(cfg, ctx, v6, v4);
    }
    return map_6to4_prefix(cfg, v6, v4);
}

/* Starts loading what the EAM lookups of 'v4' will read, in the config's
 * own table and in the host's. */
static void
prefetch4(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
          ovs_be32 v4)
{
    const struct ipxlat_eamt *table = host_table(cfg, ctx);

    if (cfg->eamt) {
        ipxl_eamt_prefetch4(cfg->eamt, v4);
    }
    if (table) {
        ipxl_eamt_prefetch4(table, v4);
    }
}

/* Starts loading what the EAM lookups of 'v6' will read (see
 * prefetch4()). */
static void
prefetch6(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
          const struct in6_addr *v6)
{
    const struct ipxlat_eamt *table = host_table(cfg, ctx);

    if (cfg->eamt) {
        ipxl_eamt_prefetch6(cfg->eamt, v6);
    }
    if (table) {
        ipxl_eamt_prefetch6(table, v6);
    }
}

/* ipxl_map_4to6_both() for a config with EAM entries or a table: the
 * lookups of both addresses are started together, so that a big table
 * costs about one cache miss per packet rather than one per address.  Out
 * of line, as map_4to6_eam(). */
static bool __attribute__((noinline))
map_4to6_both_eam(const struct ipxlat_config *cfg,
                  const struct ipxlat_ctx *ctx, ovs_be32 src4,
                  ovs_be32 dst4, struct in6_addr *src6,
                  struct in6_addr *dst6)
{
    return (map_4to6_eam(cfg, ctx, src4, src6) != XLAT_MAP_NONE
            && map_4to6_eam(cfg, ctx, dst4, dst6) != XLAT_MAP_NONE);
}

/* Whether the prefix of 'cfg' might refuse 'a' or 'b' (one table load
 * each, as prefix_refuses4() begins): only then need the full tests
 * run. */
static inline bool
prefix_may_refuse(const struct ipxlat_config *cfg, ovs_be32 a, ovs_be32 b)
{
    unsigned int may = (OCTET_MAY_BE_RESERVED
                        | (cfg->wkp_guard ? OCTET_MAY_BE_NON_GLOBAL : 0));

    return (octet_flags[ntohl(a) >> 24] | octet_flags[ntohl(b) >> 24]) & may;
}

/* The prefix-only halves of ipxl_map_4to6_both() and ipxl_map_6to4_both()
 * for the addresses that prefix_may_refuse(), each address as
 * map_4to6_prefix() or map_6to4_prefix() maps it.  Out of line, so that
 * the common case, where the first octets settle it, stays a leaf. */
static bool __attribute__((noinline))
map_4to6_both_prefix(const struct ipxlat_config *cfg, ovs_be32 src4,
                     ovs_be32 dst4, struct in6_addr *src6,
                     struct in6_addr *dst6)
{
    return (map_4to6_prefix(cfg, src4, src6)
            && map_4to6_prefix(cfg, dst4, dst6));
}

static bool __attribute__((noinline))
map_6to4_both_prefix(const struct ipxlat_config *cfg,
                     const struct in6_addr *src6,
                     const struct in6_addr *dst6, ovs_be32 *src4,
                     ovs_be32 *dst4)
{
    return (map_6to4_prefix(cfg, src6, src4) != XLAT_MAP_NONE
            && map_6to4_prefix(cfg, dst6, dst4) != XLAT_MAP_NONE);
}

/* Maps both addresses of a packet as ipxl_map_4to6() maps each one.
 * Returns true only if both map. */
bool
ipxl_map_4to6_both(const struct ipxlat_config *cfg,
                   const struct ipxlat_ctx *ctx, ovs_be32 src4,
                   ovs_be32 dst4, struct in6_addr *src6,
                   struct in6_addr *dst6)
{
    if (has_eam(cfg)) {
        return map_4to6_both_eam(cfg, ctx, src4, dst4, src6, dst6);
    } else if (!cfg->has_prefix) {
        return false;
    } else if (prefix_may_refuse(cfg, src4, dst4)) {
        return map_4to6_both_prefix(cfg, src4, dst4, src6, dst6);
    }
    rfc6052_embed__(&cfg->prefix, src4, src6);
    rfc6052_embed__(&cfg->prefix, dst4, dst6);
    return true;
}

/* ipxl_map_6to4_both() for a config with EAM entries or a table (see
 * map_4to6_both_eam()).  It also starts loading what the RFC 7757 section
 * 4.2 hairpin test (ipxl_v4_in_eamt() on the IPv4 destination, in
 * translate.c) will read, for the destination that the RFC 6052 prefix
 * would give: that lookup then overlaps with these. */
static bool __attribute__((noinline))
map_6to4_both_eam(const struct ipxlat_config *cfg,
                  const struct ipxlat_ctx *ctx, const struct in6_addr *src6,
                  const struct in6_addr *dst6, ovs_be32 *src4,
                  ovs_be32 *dst4)
{
    return (map_6to4_eam(cfg, ctx, src6, src4) != XLAT_MAP_NONE
            && map_6to4_eam(cfg, ctx, dst6, dst4) != XLAT_MAP_NONE);
}

/* Starts loading what the EAM lookups of the packet at 'data_' ('len'
 * bytes) will read: both addresses, and for IPv6 the RFC 7757 section 4.2
 * hairpin test of the destination.  Reads only the fixed IP header, and
 * only if it is there; the packet is validated later, as usual. */
void
ipxlat_prefetch(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
                const void *data_, size_t len)
{
    const uint8_t *data = data_;

    if (!has_eam(cfg) || !len) {
        return;
    }
    if (IP_VER(data[0]) == 4 && len >= IP_HEADER_LEN) {
        const struct ip_header *ip = (const struct ip_header *) data;

        prefetch4(cfg, ctx, get_16aligned_be32(ip->ip_src));
        prefetch4(cfg, ctx, get_16aligned_be32(ip->ip_dst));
    } else if (IP_VER(data[0]) == 6 && len >= IPV6_HEADER_LEN) {
        struct in6_addr src, dst;
        ovs_be32 a;

        memcpy(&src, data + 8, sizeof src);
        memcpy(&dst, data + 24, sizeof dst);
        prefetch6(cfg, ctx, &src);
        prefetch6(cfg, ctx, &dst);
        if (cfg->hairpin_mode != IPXLAT_HAIRPIN_MODE_OFF && cfg->has_prefix
            && rfc6052_extract__(&cfg->prefix, &dst, &a)) {
            prefetch4(cfg, ctx, a);
        }
    }
}

/* Maps both addresses of a packet as ipxl_map_6to4() maps each one.
 * Returns true only if both map. */
bool
ipxl_map_6to4_both(const struct ipxlat_config *cfg,
                   const struct ipxlat_ctx *ctx, const struct in6_addr *src6,
                   const struct in6_addr *dst6, ovs_be32 *src4,
                   ovs_be32 *dst4)
{
    ovs_be32 a, b;

    if (has_eam(cfg)) {
        return map_6to4_both_eam(cfg, ctx, src6, dst6, src4, dst4);
    } else if (!cfg->has_prefix || cfg->prefix.len != 96) {
        /* The other lengths need more registers: out of line. */
        return map_6to4_both_prefix(cfg, src6, dst6, src4, dst4);
    } else if (!rfc6052_extract96(&cfg->prefix, src6, &a)
               || !rfc6052_extract96(&cfg->prefix, dst6, &b)) {
        return false;
    } else if (prefix_may_refuse(cfg, a, b)) {
        return map_6to4_both_prefix(cfg, src6, dst6, src4, dst4);
    }
    *src4 = a;
    *dst4 = b;
    return true;
}

/* Maps 'v4' to 'v6' through the RFC 6052 prefix only (no EAM).  Returns
 * false if there is no prefix or it refuses 'v4' (prefix_refuses4()). */
bool
ipxl_map_4to6_prefix(const struct ipxlat_config *cfg, ovs_be32 v4,
                     struct in6_addr *v6)
{
    return map_4to6_prefix(cfg, v4, v6);
}

/* Returns true if an EAM entry (inline or in the host's table) covers
 * 'v4'.  RFC 7757 section 4.2 uses this to spot hairpinned packets. */
bool
ipxl_v4_in_eamt(const struct ipxlat_config *cfg, const struct ipxlat_ctx *ctx,
                ovs_be32 v4)
{
    const struct ipxlat_eamt *table;
    struct in6_addr unused;

    if (!has_eam(cfg)) {
        return false;
    }
    table = host_table(cfg, ctx);
    return (cfg->eamt && ipxl_eamt_lookup4(cfg->eamt, v4, &unused))
           || (table && ipxl_eamt_lookup4(table, v4, &unused));
}
