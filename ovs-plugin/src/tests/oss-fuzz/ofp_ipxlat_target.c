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

/* Fuzz target for the ipxlat action's OpenFlow encoding (NXAST_IPXLAT).
 *
 * The first byte of the input chooses the OpenFlow version (1.0, 1.3 or
 * 1.5) and whether the rest is the binary body of an NXAST_IPXLAT action
 * (its properties, after the ext_action_header that the target writes) or
 * the text inside "ipxlat(...)".  Whatever decodes or parses must survive
 * a round trip: encoding and decoding again, and formatting and parsing
 * again, give the same actions and the same bytes.  Any difference
 * aborts, which the fuzzer reports as a crash. */

#include <config.h>
#include "fuzzer.h"
#include "openflow/nicira-ext.h"
#include "openvswitch/types.h"
#include "unaligned.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

/* NXAST_IPXLAT's subtype (lib/ofp-actions.c). */
#define FUZZ_NXAST_IPXLAT 52

/* The OpenFlow versions that the first byte chooses from. */
static const enum ofp_version fuzz_versions[] = {
    OFP10_VERSION, OFP13_VERSION, OFP15_VERSION,
};

/* Checks that the 'n' bytes of actions in 'ofpacts' survive encoding in
 * 'version' and decoding, and formatting and parsing, unchanged. */
static void
check_round_trip(const struct ofpact *ofpacts, size_t n,
                 enum ofp_version version)
{
    struct ofpbuf wire1, wire2, back, reparsed;
    enum ofputil_protocol usable;
    struct ds text = DS_EMPTY_INITIALIZER;

    /* Encode, decode, compare. */
    ofpbuf_init(&wire1, 64);
    ofpacts_put_openflow_actions(ofpacts, n, &wire1, version);
    ofpbuf_init(&back, 64);
    struct ofpbuf in = ofpbuf_const_initializer(wire1.data, wire1.size);
    ovs_assert(!ofpacts_pull_openflow_actions(&in, wire1.size, version,
                                              NULL, NULL, &back));
    ovs_assert(ofpacts_equal(ofpacts, n, back.data, back.size));

    /* Format, parse, compare, and encode to the same bytes. */
    struct ofpact_format_params fp = { .s = &text };
    ofpacts_format(ofpacts, n, &fp);
    ofpbuf_init(&reparsed, 64);
    struct ofpact_parse_params pp = {
        .ofpacts = &reparsed,
        .usable_protocols = &usable,
    };
    char *error = ofpacts_parse_actions(ds_cstr(&text), &pp);
    if (error) {
        ovs_abort(0, "\"%s\" does not parse back: %s", ds_cstr(&text),
                  error);
    }
    ovs_assert(ofpacts_equal(ofpacts, n, reparsed.data, reparsed.size));
    ofpbuf_init(&wire2, 64);
    ofpacts_put_openflow_actions(reparsed.data, reparsed.size, &wire2,
                                 version);
    ovs_assert(wire1.size == wire2.size
               && !memcmp(wire1.data, wire2.data, wire1.size));

    ds_destroy(&text);
    ofpbuf_uninit(&wire1);
    ofpbuf_uninit(&wire2);
    ofpbuf_uninit(&back);
    ofpbuf_uninit(&reparsed);
}

/* Decodes 'data' as the properties of an NXAST_IPXLAT action, padded to a
 * multiple of 8 bytes. */
static void
fuzz_wire(const uint8_t *data, size_t size, enum ofp_version version)
{
    /* struct ext_action_header: OFPAT_VENDOR, length, NX_VENDOR_ID, the
     * subtype and 6 bytes of padding. */
    enum { HEADER_LEN = 16 };
    size_t len = ROUND_UP(HEADER_LEN + size, 8);
    if (len > UINT16_MAX - 7) {
        return;
    }

    struct ofpbuf wire, ofpacts;
    ofpbuf_init(&wire, len);
    put_16aligned_be32(ofpbuf_put_uninit(&wire, 4),
                       htonl(0xffff0000 | len));
    put_16aligned_be32(ofpbuf_put_uninit(&wire, 4), htonl(NX_VENDOR_ID));
    put_16aligned_be32(ofpbuf_put_uninit(&wire, 4),
                       htonl(FUZZ_NXAST_IPXLAT << 16));
    ofpbuf_put_zeros(&wire, 4);
    ofpbuf_put(&wire, data, size);
    ofpbuf_put_zeros(&wire, len - wire.size);

    ofpbuf_init(&ofpacts, 64);
    if (!ofpacts_pull_openflow_actions(&wire, len, version, NULL, NULL,
                                       &ofpacts)) {
        check_round_trip(ofpacts.data, ofpacts.size, version);
    }
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&wire);
}

/* Parses "ipxlat(DATA)", with 'data' as text. */
static void
fuzz_text(const uint8_t *data, size_t size, enum ofp_version version)
{
    struct ofpbuf ofpacts;
    enum ofputil_protocol usable;
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_cstr(&s, "ipxlat(");
    ds_put_buffer(&s, (const char *) data, strnlen((const char *) data,
                                                   size));
    ds_put_char(&s, ')');

    ofpbuf_init(&ofpacts, 64);
    struct ofpact_parse_params pp = {
        .ofpacts = &ofpacts,
        .usable_protocols = &usable,
    };
    char *error = ofpacts_parse_actions(ds_cstr(&s), &pp);
    if (error) {
        free(error);
    } else if (ofpacts.size
               && ((struct ofpact *) ofpacts.data)->type == OFPACT_IPXLAT
               && ofpact_next(ofpacts.data) == ofpbuf_tail(&ofpacts)) {
        /* Only the ipxlat action: the text may also close it and go on
         * with other actions, which are not this target's business. */
        check_round_trip(ofpacts.data, ofpacts.size, version);
    }
    ofpbuf_uninit(&ofpacts);
    ds_destroy(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool initialized;

    if (!initialized) {
        vlog_set_verbosity("off");
        initialized = true;
    }
    if (size < 1) {
        return 0;
    }

    enum ofp_version version = fuzz_versions[(data[0] & 0x7f)
                                             % ARRAY_SIZE(fuzz_versions)];
    if (data[0] & 0x80) {
        fuzz_text(data + 1, size - 1, version);
    } else {
        fuzz_wire(data + 1, size - 1, version);
    }
    return 0;
}
