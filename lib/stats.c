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

#include "ipxlat.h"

/* Reasons: their verdicts, counter names and descriptions. */

static const struct {
    enum ipxlat_verdict verdict;
    const char *name;
    const char *description;
} reasons[IPXLAT_N_REASONS] = {
#define REASON_INFO(E, V, N, D) [IPXLAT_##E] = { IPXLAT_##V, N, D },
    IPXLAT_REASONS(REASON_INFO)
#undef REASON_INFO
};

enum ipxlat_verdict
ipxlat_reason_verdict(enum ipxlat_reason r)
{
    return r < IPXLAT_N_REASONS ? reasons[r].verdict : IPXLAT_DROP;
}

const char *
ipxlat_reason_name(enum ipxlat_reason r)
{
    return r < IPXLAT_N_REASONS ? reasons[r].name : "unknown";
}

const char *
ipxlat_reason_description(enum ipxlat_reason r)
{
    return r < IPXLAT_N_REASONS ? reasons[r].description : "unknown";
}

void
ipxlat_stats_add(struct ipxlat_stats *sum, const struct ipxlat_stats *s)
{
    for (int i = 0; i < IPXLAT_N_REASONS; i++) {
        sum->n[i] += s->n[i];
    }
}
