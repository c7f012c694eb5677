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

/* libFuzzer target for the reassembly context (lib/reasm.c).
 *
 * The input is a list of 8-byte records, each one fragment: how far the
 * clock moves, which datagram (ID, source and family from a small set, so
 * that fragments meet), offset, length and M flag.  Every fragment's bytes
 * are a function of its datagram and position, so a datagram that comes
 * out whole can be checked byte for byte however its pieces arrived.  The
 * context's memory is allocated at its exact size, so that the sanitizer
 * sees any access past it, and its use must stay within the bounds. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "ipxlat-reasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The byte at 'pos' of the payload of datagram 'key'. */
static uint8_t
pattern(unsigned int key, size_t pos)
{
    return (uint8_t) (key * 31 + pos * 7 + (pos >> 8));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t addrs[4][16] = {
        { 192, 0, 2, 1 }, { 192, 0, 2, 2 },
        { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
        { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
    };
    static uint8_t buf[65536];
    struct ipxlat_reasm_limits limits = {
        .max_datagrams = 4,
        .max_bytes = 16384,
        .timeout_ms = 1000,
        .max_size = 4096,
    };
    uint64_t now = 0, timeouts = 0;
    struct ipxlat_reasm *r;
    size_t mem_size;
    void *mem;

    if (size < 2) {
        return 0;
    }
    /* The first two bytes pick the bounds. */
    limits.max_datagrams = 1 + data[0] % 8;
    limits.max_size = 256 + (data[1] % 32) * 256;
    data += 2;
    size -= 2;

    mem_size = ipxl_reasm_mem_size(&limits);
    CHECK(mem_size > 0);
    mem = malloc(mem_size);
    CHECK(mem != NULL);
    r = ipxl_reasm_init(mem, mem_size, &limits);
    CHECK(r != NULL);

    for (; size >= 8; data += 8, size -= 8) {
        /* The datagram: family and source from bits 0-1, ID from bits 2-4
         * of data[1]. */
        unsigned int key = data[1] & 0x1f;
        unsigned int a = key & 3;
        uint8_t version = a < 2 ? 4 : 6;
        uint32_t offset = ((data[2] << 8 | data[3]) % 4608) & ~7u;
        size_t len = (data[4] << 8 | data[5]) % 1600;
        uint8_t hdr[REASM_MAX_HDR];
        struct reasm_datagram dg;
        enum reasm_result res;
        struct reasm_usage use;

        now += data[0] * 8;
        for (size_t i = 0; i < len; i++) {
            buf[i] = pattern(key, offset + i);
        }
        memset(hdr, key, sizeof hdr);

        struct reasm_frag f = {
            .version = version,
            .proto = data[6] & 1 ? 1 : 17,
            .id = key >> 2,
            .src = addrs[a],
            .dst = addrs[a ^ 1],
            .offset = offset,
            .mf = data[7] & 1,
            .payload = buf,
            .len = len,
            .hdr = hdr,
            .hdr_len = version == 4 ? 20 + 4 * ((data[7] >> 1) & 7) : 40,
        };
        unsigned int dkey = key | (f.proto == 1 ? 0x20 : 0);

        /* The pattern must be the same for every piece of a datagram:
         * one datagram per (key, protocol). */
        for (size_t i = 0; i < len; i++) {
            buf[i] = pattern(dkey, offset + i);
        }
        res = ipxl_reasm_add(r, now, &f, &dg, &timeouts);
        use = ipxl_reasm_usage(r);
        CHECK(use.datagrams <= limits.max_datagrams);
        CHECK(use.bytes <= limits.max_bytes);

        if (res == REASM_DONE) {
            size_t payload_len = dg.len - dg.hdr_len;

            CHECK(dg.hdr_len == f.hdr_len || version == 4);
            CHECK(payload_len <= limits.max_size);
            CHECK(dg.data[0] == (uint8_t) key);
            for (size_t i = 0; i < payload_len; i++) {
                CHECK(dg.data[dg.hdr_len + i] == pattern(dkey, i));
            }
            /* The room the engine will use around it is writable. */
            memset(dg.data - dg.headroom, 0, dg.headroom);
            memset(dg.data + dg.len, 0, dg.tailroom);
        }
    }
    ipxl_reasm_expire(r, now + limits.timeout_ms, &timeouts);
    CHECK(ipxl_reasm_usage(r).datagrams == 0);
    CHECK(ipxl_reasm_usage(r).bytes == 0);
    free(mem);
    return 0;
}
