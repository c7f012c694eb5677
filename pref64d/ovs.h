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
#ifndef PREF64D_OVS_H
#define PREF64D_OVS_H 1

/* Keeping Open vSwitch flows in step with the NAT64 prefix.
 *
 * The daemon owns the flows whose cookie is 'cookie' (all 64 bits) on
 * 'bridge'.  They come from a template file: one flow per line in
 * ovs-ofctl add-flow syntax, with {PREF64} where the prefix goes, e.g.
 *
 *     priority=100,ip,in_port=1,actions=ipxlat(prefix={PREF64}),output:2
 *
 * On a change the daemon pipes one bundle to
 * "ovs-ofctl --bundle add-flows BRIDGE -":
 *
 *     delete cookie=0x.../0xffffffffffffffff
 *     add cookie=0x...,LINE-1-WITH-PREFIX
 *     ...
 *
 * OpenFlow 1.4 bundles apply all of it or none of it, and every packet
 * sees the tables either before or after, so matching traffic is never
 * left untranslated, and flows with another cookie are never touched.
 * ovs-ofctl runs as a child process: the daemon does not link OVS. */

#include <stdbool.h>
#include <stdint.h>

#include "pref64.h"

/* How the daemon drives one bridge. */
struct ovs_driver {
    const char *ofctl;          /* Path of ovs-ofctl. */
    const char *bridge;         /* Bridge name or OpenFlow target. */
    uint64_t cookie;            /* Cookie that marks the daemon's flows. */
    bool keep_on_empty;         /* No prefix: leave the flows (else remove). */
    char **lines;               /* Template lines (without newline). */
    int n_lines;                /* Number of 'lines'. */
};

char *ovs_load_template(struct ovs_driver *, const char *file);
char *ovs_bundle_text(const struct ovs_driver *, const struct pref64 *);
int ovs_apply(const struct ovs_driver *, const struct pref64 *, char **err);
void ovs_free(struct ovs_driver *);

#endif /* ovs.h */
