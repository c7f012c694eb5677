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
 * table-load, table-clear, table-show and table-destroy for the named EAM
 * tables (odp-ipxlat-table.h).  This module only parses the commands'
 * arguments and formats their replies.
 *
 * Usage
 * =====
 *
 * ovs-vswitchd calls odp_ipxlat_unixctl_init() once, from
 * odp_execute_init(), and odp_ipxlat_unixctl_run() and
 * odp_ipxlat_unixctl_wait() in its main loop: the table commands are done
 * by a thread of their own, and their replies are deferred until then.
 *
 * Thread-safety
 * =============
 *
 * The commands run in the main thread, as all unixctl commands do; the
 * modules that they call are thread-safe.
 *
 * OpenFlow flows
 * ==============
 *
 * "ipxlat/show BRIDGE" and "--flow COOKIE" show the counters of the
 * configurations of a bridge's OpenFlow flows, which only ofproto knows:
 * ofproto registers, with odp_ipxlat_unixctl_set_flow_configs(), a
 * function that adds to 'configs' the configuration texts of the ipxlat
 * actions of the flows of bridge 'bridge' (of every bridge if it is NULL)
 * whose cookie matches 'cookie' under 'cookie_mask' (every flow if
 * 'cookie_mask' is 0), called in the main thread.  It returns NULL, or an
 * error message that the caller frees if there is no such bridge, or no
 * flow with that cookie. */

#include "openvswitch/types.h"

struct sset;

typedef char *odp_ipxlat_flow_configs_cb(const char *bridge,
                                         ovs_be64 cookie,
                                         ovs_be64 cookie_mask,
                                         struct sset *configs);

void odp_ipxlat_unixctl_init(void);
void odp_ipxlat_unixctl_set_flow_configs(odp_ipxlat_flow_configs_cb *);
void odp_ipxlat_unixctl_run(void);
void odp_ipxlat_unixctl_wait(void);

#endif /* odp-ipxlat-unixctl.h */
