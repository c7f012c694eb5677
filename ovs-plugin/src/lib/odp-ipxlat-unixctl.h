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


#ifndef ODP_IPXLAT_UNIXCTL_H
#define ODP_IPXLAT_UNIXCTL_H 1

/* ovs-appctl commands of the ipxlat action
 * ========================================
 *
 * The "ipxlat/..." commands of ovs-vswitchd, documented in
 * lib/odp-ipxlat-unixctl.man: ipxlat/show and ipxlat/stats-clear for the
 * counters (odp-ipxlat-stats.h), and ipxlat/table-add, table-del,
 * table-load, table-show and table-destroy for the named EAM tables
 * (odp-ipxlat-table.h).  This module only parses the commands' arguments
 * and formats their replies.
 *
 * Usage
 * =====
 *
 * ovs-vswitchd calls odp_ipxlat_unixctl_init() once, from
 * odp_execute_init().
 *
 * Thread-safety
 * =============
 *
 * The commands run in the main thread, as all unixctl commands do; the
 * modules that they call are thread-safe. */

void odp_ipxlat_unixctl_init(void);

#endif /* odp-ipxlat-unixctl.h */
