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

#ifndef IPXLAT_FUZZ_INPUTS_H
#define IPXLAT_FUZZ_INPUTS_H 1

/* The layout of the inputs of fuzz/fuzz-translate.c, which
 * tests/xlat-dump.c reads too: one selector byte, then the packet.  The
 * selector picks
 *
 *     bits 0-2   one of the configs in fuzz_configs;
 *     bits 3-4   the room around the packet, fuzz_rooms;
 *     bit 5      whether to fill in valid checksums before translating;
 *     bit 6      whether the host names the other family than the
 *                packet's version nibble (fuzz_family()).
 *
 * Config 6 names the host table 'fuzz', which fuzz_table_create() builds.
 * Included by one C file of each program. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "ipxlat.h"

/* Fixed configs, one per selector value.  All but one disable the ICMP
 * rate limit so that results do not depend on earlier inputs; the one
 * that keeps it is parsed afresh for every input, as all are.  The first
 * keeps the rule of RFC 6052 section 3.1 (the Well-Known Prefix carries
 * global IPv4 addresses only); the others with that prefix lift it, so
 * that the seeds' documentation addresses translate. */
static const char *const fuzz_configs[8] = {
    "prefix=64:ff9b::/96,icmp_rate=0",
    "prefix=2001:db8:100::/40,icmp_rate=0",
    "prefix=64:ff9b::/96,allow_wkp_non_global,"
    "eam(192.0.2.0/24,2001:db8:1::/120),"
    "eam(198.51.100.7,2001:db8:2::7),hairpin=intrinsic,icmp_rate=0",
    "prefix=64:ff9b::/96,allow_wkp_non_global,"
    "eam(192.0.2.0/24,2001:db8:1::/120),"
    "hairpin=simple,pool6791v4=203.0.113.0/28,"
    "pool6791v6=2001:db8:ffff::/120",
    "prefix=64:ff9b::/96,allow_wkp_non_global,amend_udp_zero_csum,"
    "icmp_rate=0",
    "prefix=64:ff9b::/96,allow_wkp_non_global,mtu6=1280,mtu4=576,"
    "lowest_ipv6_mtu=1280,icmp_rate=0",
    "prefix=64:ff9b::/96,allow_wkp_non_global,table=fuzz,src4=192.0.0.9,"
    "src6=2001:db8::9,mtu6=1300,mtu4=1000,icmp_rate=0",
    "prefix=2001:db8::/32,eam(192.0.2.1,2001:db8:1::1),hairpin=off,"
    "amend_udp_zero_csum,icmp_rate=0",
};

/* The family a host names for the 'len'-byte packet at 'p' under selector
 * 'sel': the one its version nibble gives (IPv6 for 6, else IPv4), or
 * with bit 6 the other one, as a host fooled by a frame's EtherType would
 * (the engine must drop it). */
static inline enum ipxlat_family
fuzz_family(uint8_t sel, const uint8_t *p, size_t len)
{
    bool v6 = len && p[0] >> 4 == 6;

    if (sel & 0x40) {
        v6 = !v6;
    }
    return v6 ? IPXLAT_FAMILY_IPV6 : IPXLAT_FAMILY_IPV4;
}

/* Room around the packet, per selector bits 3-4. */
static const struct {
    size_t head;                /* Bytes before the packet. */
    size_t tail;                /* Bytes after the packet. */
} fuzz_rooms[4] = {
    { IPXLAT_HEADROOM, 64 },
    { IPXLAT_HEADROOM + 16, 0 },
    { 20, 8 },
    { 0, 0 },
};

/* Returns a new host table 'fuzz' for config 6, or NULL, having said why
 * on stderr, if one of its entries is refused. */
static inline struct ipxlat_eamt *
fuzz_table_create(void)
{
    static const char *const entries[][2] = {
        { "192.0.2.128/25", "2001:db8:3::/121" },
        { "198.51.100.0/24", "2001:db8:4::/120" },
        { "203.0.113.5", "2001:db8:5::5" },
    };
    struct ipxlat_eamt *table = ipxlat_eamt_create();

    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        char *error = ipxlat_eamt_add(table, entries[i][0], entries[i][1]);

        if (error) {
            fprintf(stderr, "eam %s: %s\n", entries[i][0], error);
            free(error);
            ipxlat_eamt_destroy(table);
            return NULL;
        }
    }
    return table;
}

#endif /* fuzz-inputs.h */
