#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# End to end (issue 4): ipxlat-pref64d learns the NAT64 prefix from a real
# Unbound on loopback (RFC 7050, ipv4only.arpa AAAA) and drives the
# translating flows of the lab of lab/lab-lib.sh through a real Open
# vSwitch.  The lab comes up without translation flows (lab_up_topology);
# the daemon's template holds the lab's two flows with {PREF64} in place
# of the prefix, so only the daemon makes translation happen.
#
#   1. Unbound answers under prefix A (2001:db8:64::/96, the lab's, TTL 3;
#      a network-specific prefix, as the Well-Known Prefix may not carry
#      the lab's documentation addresses, RFC 6052 section 3.1).  The daemon
#      installs the lab's flows under A (exact dump-flows lines of its
#      cookie); ping crosses the translator both ways.
#   2. Unbound is restarted with prefix B (2001:db8:46::/96, TTL 3600).
#      When A's TTL runs out the daemon asks again and replaces its flows
#      in one bundle: the flows carry B, ping to the IPv4 host under B
#      works and under A no longer does.
#   3. Unbound is restarted with A again (TTL 3600): long before B's TTL
#      runs out, 'ipxlat-pref64d --rediscover' brings the flows back to A.
#
# Throughout, flows with other cookies are never touched: their text is
# the same at the end, and one of them, hit by a ping from the IPv4 host
# that runs through all three steps, counted every packet that ping sent
# (a deleted and re-added flow would start again from zero).
#
# Needs root, iproute2, ethtool, ping, ss, unbound, the daemon
# (pref64d/ipxlat-pref64d, or PREF64D) and the Open vSwitch build
# (OVS_BUILD, as for tests/system-ipxlat.sh).  Exit status 77 (skipped)
# without them, 1 if any check fails.  Takes about 15 seconds.

# The check functions are run through check(): shellcheck cannot see it.
# shellcheck disable=SC2317
set -u
srcdir=${srcdir:-$(dirname "$0")/../..}
if [ -z "${OVS_BUILD:-}" ] && [ -x ovs-build/build/vswitchd/ovs-vswitchd ]
then
    OVS_BUILD=$(pwd)/ovs-build/build
fi
# Names of their own, so that a running demo lab or system test is left
# alone.
LAB_TAG=${LAB_TAG:-ixe}
# shellcheck source=lab/lab-lib.sh
. "$srcdir/lab/lab-lib.sh"
# shellcheck source=tests/pref64d/lib.sh
. "$srcdir/tests/pref64d/lib.sh"

msg=$(lab_check 2>&1) || skip "pref64d e2e: ${msg#ipxlat-lab: }"
for prog in unbound unbound-checkconf ping ss; do
    command -v "$prog" > /dev/null \
        || skip "pref64d e2e: $prog is not installed"
done
[ -x "$PREF64D" ] || skip "pref64d e2e: $PREF64D is not built"

# The daemon and the helpers are killed first (lib.sh), then the lab.
cleanup_extra=lab_down
trap 'exit 1' INT TERM

passed=0
failed=0
log=$work/check.log
port=$((20000 + ($$ + 13) % 20000))
cookie=0x7066363464000000
PREFIX_A=2001:db8:64::/96
PREFIX_B=2001:db8:46::/96
H4_AS6_A=2001:db8:64::c633:6402
H4_AS6_B=2001:db8:46::c633:6402
EAM="eam($LAB_H6_AS4,$LAB_H6)"
# Flows of another owner: one hit by a steady ping from the IPv4 host to
# an address nobody has, one that matches nothing of this test.
OTHER_DST=192.0.2.99
OTHER_FLOWS="cookie=0x42,priority=200,icmp,in_port=1,nw_dst=$OTHER_DST,\
actions=drop
cookie=0x43,priority=10,arp,actions=drop"

# Ends the test: the daemon's log on failure, the summary, the status.
finish_e2e() {
    [ "$failed" -eq 0 ] || sed 's/^/    daemon: /' "$work/daemon.log"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] && exit 0
    exit 1
}

# Serves ipv4only.arpa with the well-known address 192.0.0.170 under
# prefix $1 (a /96, given as its first 96 bits followed by "::") with TTL
# $2.
serve() {
    start_unbound "$port" <<EOC
local-zone: "ipv4only.arpa." static
local-data: "ipv4only.arpa. $2 IN AAAA ${1}c000:aa"
EOC
}

# The daemon's flows as 'ovs-ofctl dump-flows --no-stats' prints them:
# the lab's two translating flows under prefix $1.
expected_flows() {
    local x="ipxlat(prefix=$1,$EAM)"
    echo " cookie=$cookie, priority=100,ip,in_port=1" \
        "actions=$x,mod_dl_src:$LAB_MAC_GW6,mod_dl_dst:$LAB_MAC_H6,output:2"
    echo " cookie=$cookie, priority=100,ipv6,in_port=2,ipv6_dst=$1" \
        "actions=$x,mod_dl_src:$LAB_MAC_GW4,mod_dl_dst:$LAB_MAC_H4,output:1"
}

# Prints the flows with the daemon's cookie.
daemon_flows() {
    lab_ofctl dump-flows --no-stats "$LAB_BR" "cookie=$cookie/-1" | sort
}

# Prints every flow without the daemon's cookie.
other_flows() {
    lab_ofctl dump-flows --no-stats "$LAB_BR" | grep -v "cookie=$cookie," \
        | sort
}

# Waits up to $2 seconds until the daemon's flows are those of prefix $1;
# prints what is there and what was expected when they are not.
flows_become() {
    local want
    want=$(expected_flows "$1" | sort)
    for _ in $(seq $(($2 * 10))); do
        [ "$(daemon_flows)" = "$want" ] && { daemon_flows; return 0; }
        sleep 0.1
    done
    echo "want:"
    echo "$want"
    echo "got:"
    daemon_flows
    return 1
}

# Expects the daemon's status to name $1 as the winner, learnt by DNS
# from the loopback Unbound.
winner_is() {
    local out
    out=$("$PREF64D" --status --ctl "$work/ctl" | grep '^winner')
    echo "$out"
    [ "$out" = "winner: $1 dns 127.0.0.1@$port" ]
}

# Pings $2 from the host of $1 (4 or 6), three times; all must answer.
ping_ok() {
    "lab_in$1" ping -c 3 -i 0.2 -W 2 "$2"
}

# Pings $1 from the IPv6 host twice; none may answer.
ping_fails() {
    ! lab_in6 ping -c 2 -i 0.2 -W 1 "$1"
}

# Expects the flows without the daemon's cookie to be as they were at the
# start; prints them when they are not.
others_unchanged() {
    [ "$(other_flows)" = "$other_before" ] || { other_flows; return 1; }
}

# Stops the steady ping and expects flow cookie 0x42 to have counted
# exactly the packets it sent (waiting up to 5 s for the count).
steady_counted() {
    local sent n
    kill -INT "$steady" 2> /dev/null
    wait "$steady" 2> /dev/null
    cat "$work/steady.out"
    sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' \
        "$work/steady.out")
    # The datapath's revalidators push the flow's statistics now and
    # then: the last packets show up within a second or two.
    for _ in $(seq 50); do
        n=$(lab_ofctl dump-flows "$LAB_BR" "cookie=0x42/-1" \
            | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p')
        [ "$n" = "$sent" ] && break
        sleep 0.1
    done
    echo "ping sent ${sent:-?}, the flow counted ${n:-?}"
    [ -n "$sent" ] && [ "$sent" -gt 0 ] && [ "$sent" = "$n" ]
}

echo "Open vSwitch: $OVS_BUILD"
echo "== lab without translation flows; flows of other owners"
if ! lab_up_topology > "$log" 2>&1 \
        || ! lab_ofctl add-flows "$LAB_BR" - <<< "$OTHER_FLOWS" >> "$log" 2>&1
then
    cat "$log"
    echo "FAIL: lab set-up"
    failed=$((failed + 1))
    finish_e2e
fi
# The IPv6 host routes both prefixes to the translator: only the flows
# decide which one crosses it.
ip -n "$LAB_NS6" route add "$PREFIX_B" via "$LAB_GW6"
other_before=$(other_flows)
# Not through lab_in4: a shell function in the background would run in a
# subshell that ignores SIGINT.  timeout passes SIGINT on to ping, and
# stops it if the test hangs.
timeout -s INT 120 ip netns exec "$LAB_NS4" ping -q -i 0.1 "$OTHER_DST" \
    > "$work/steady.out" 2>&1 &
steady=$!
pids="$pids $steady"

check "before the daemon runs, nothing crosses the translator" \
    ping_fails "$H4_AS6_A"

cat > "$work/flows.tmpl" <<EOT
# The lab's translating flows (lab_flows_xlat in lab/lab-lib.sh) with the
# discovered prefix in place of $LAB_PREFIX.
priority=100,ip,in_port=1,actions=ipxlat(prefix={PREF64},$EAM),\
mod_dl_src:$LAB_MAC_GW6,mod_dl_dst:$LAB_MAC_H6,output:2
priority=100,ipv6,in_port=2,ipv6_dst={PREF64},\
actions=ipxlat(prefix={PREF64},$EAM),\
mod_dl_src:$LAB_MAC_GW4,mod_dl_dst:$LAB_MAC_H4,output:1
EOT

echo "== prefix A ($PREFIX_A) from DNS64"
serve 2001:db8:64:: 3
"$PREF64D" --server "127.0.0.1@$port" --bridge "$LAB_BR" \
    --template "$work/flows.tmpl" \
    --ovs-ofctl "$OVS_BUILD/utilities/ovs-ofctl" \
    --ctl "$work/ctl" --timeout 2 --retry-min 1 --retry-max 2 \
    > "$work/daemon.log" 2>&1 &
pids="$pids $!"

check "the daemon installed the lab's flows under prefix A" \
    flows_become "$PREFIX_A" 10
check "status: prefix A won, from DNS" winner_is "$PREFIX_A"
check "ping from the IPv6 host to the IPv4 host under prefix A" \
    ping_ok 6 "$H4_AS6_A"
check "ping from the IPv4 host to the IPv6 host" ping_ok 4 "$LAB_H6_AS4"

echo "== prefix B ($PREFIX_B) on the DNS server, after A's TTL"
stop_unbound
serve 2001:db8:46:: 3600
check "the daemon replaced its flows: prefix B" flows_become "$PREFIX_B" 15
check "status: prefix B won, from DNS" winner_is "$PREFIX_B"
check "ping from the IPv6 host to the IPv4 host under prefix B" \
    ping_ok 6 "$H4_AS6_B"
check "ping under prefix A no longer crosses the translator" \
    ping_fails "$H4_AS6_A"
check "ping from the IPv4 host to the IPv6 host (replies under B)" \
    ping_ok 4 "$LAB_H6_AS4"

echo "== prefix A again on the DNS server, rediscovery on demand"
stop_unbound
serve 2001:db8:64:: 3600
check "ipxlat-pref64d --rediscover" \
    "$PREF64D" --rediscover --ctl "$work/ctl"
check "the daemon's flows are back to prefix A, long before B's TTL" \
    flows_become "$PREFIX_A" 10
check "ping under prefix A crosses the translator again" \
    ping_ok 6 "$H4_AS6_A"
check "ping under prefix B no longer does" ping_fails "$H4_AS6_B"

echo "== flows of other owners"
check "flows without the daemon's cookie are unchanged" others_unchanged
check "the flow hit by the steady ping counted every packet it sent" \
    steady_counted

finish_e2e
