#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# System test of the ipxlat action with real Linux hosts (issue 3): the
# lab of lab/lab-lib.sh, an IPv4-only host and an IPv6-only host in
# network namespaces joined by veth pairs to an Open vSwitch bridge with
# datapath_type=netdev, exchange ping, TCP and UDP through translation
# each way, and get the translator's ICMP Time Exceeded for TTL 1.  Then,
# with the IPv6 link toward the translator at MTU 1280 (the bridge's veth
# end, and mtu6=1280 in the action) while the IPv6 host's own interface
# and the IPv4 host's have MTU 1500, a large TCP transfer from the IPv4
# host succeeds: the IPv6 host's MSS invites 1500-byte IPv4 segments with
# DF set, so only Path MTU Discovery through the translator's ICMP
# Fragmentation Needed makes it work.
#
# Reassembly (issue 9): ping -s 4000 crosses both ways (the hosts fragment
# their echoes, the translator reassembles, translates the whole and
# fragments it for the other side), and 3000-byte UDP datagrams sent with
# checksum zero (SO_NO_CHECK) by the IPv4 host arrive whole, their checksum
# computed by the translator (amend_udp_zero_csum), and are echoed.  Then a flood of
# fragments that never complete (tests/frag-flood, FLOOD_SECONDS, default
# 10; scripts/test-all.sh runs 60 with Open vSwitch 3.1) through the bridge from random IPv4 sources
# and from the IPv6 host must leave ovs-vswitchd's resident memory within
# the reassembly bound (the context's memory, from ipxlat/show, plus a
# margin for everything else, FLOOD_SLACK_KB, default 16384), fill the
# context to its bounds (drop_reasm_full), and after the flood the
# context must serve ping -s 4000 again once the flood's datagrams timed
# out.
#
# Needs root, iproute2, ethtool, ping (iputils-ping), python3 and the
# Open vSwitch build: OVS_BUILD, by default ovs-build/build in the current
# (build) directory, else build/ovs-build/build in the source tree.
# Exit status 77 (skipped) without them, 1 if any check fails.  Takes
# about 25 seconds.

set -u
srcdir=${srcdir:-$(dirname "$0")/..}
if [ -z "${OVS_BUILD:-}" ] && [ -x ovs-build/build/vswitchd/ovs-vswitchd ]
then
    OVS_BUILD=$(pwd)/ovs-build/build
fi
# Names of their own, so that a running demo lab is left alone.
LAB_TAG=${LAB_TAG:-ixt}
# shellcheck source=lab/lab-lib.sh
. "$srcdir/lab/lab-lib.sh"

skip() {
    echo "SKIP: system-ipxlat: $*"
    exit 77
}

msg=$(lab_check 2>&1) || skip "${msg#ipxlat-lab: }"
command -v ping > /dev/null || skip "ping is not installed (iputils-ping)"

passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/system-ipxlat.XXXXXX")
trap 'lab_down; rm -f "$log"' EXIT
trap 'exit 1' INT TERM

# Pings $2 from the host of $1 (4 or 6), three times; all must answer.
ping_ok() {
    "lab_in$1" ping -c 3 -i 0.2 -W 2 "$2"
}

# Sends one probe with TTL 1 from the host of $1 to $2 and expects the
# translator's Time Exceeded, whose text ping prints as $3.
ttl1_ok() {
    local out
    out=$("lab_in$1" ping -c 1 -t 1 -W 2 "$2" 2>&1)
    echo "$out"
    echo "$out" | grep -q "$3"
}

# Expects counter $1 of ipxlat/show to be above zero.
counter_positive() {
    local n
    n=$(lab_counter "$1")
    echo "$1 = $n"
    [ "${n:-0}" -gt 0 ]
}

# Pings $2 with 4000 bytes of data from the host of $1: the echo and its
# reply are fragmented on the way and reassembled by the translator.
ping_big_ok() {
    "lab_in$1" ping -c 3 -i 0.3 -W 2 -s 4000 "$2"
}

# Sends three 3000-byte UDP datagrams with checksum zero (SO_NO_CHECK)
# from the IPv4 host to the IPv6 host, which echoes each: the IPv6 host
# takes only a datagram whose checksum is right, so each echo proves that
# the translator reassembled the datagram and computed its checksum, as
# the reassembled-datagram counter shows.
udp_zero_checksum_ok() {
    local tool=$srcdir/lab/lab-tool.py pid rc=0 n0 n1

    n0=$(lab_counter reasm_frag_46)
    lab_in6 timeout 20 python3 "$tool" udp-echo :: 5020 3 15 &
    pid=$!
    lab_wait_listen lab_in6 5020 udp
    lab_in4 timeout 20 python3 "$tool" udp-send0 "$LAB_H6_AS4" 5020 3 \
        3000 15 || rc=1
    wait "$pid" || rc=1
    n1=$(lab_counter reasm_frag_46)
    echo "reasm_frag_46: $n0 before, $n1 after"
    [ "$rc" -eq 0 ] && [ "$((n1 - n0))" -ge 3 ]
}

# Prints the resident memory of ovs-vswitchd in KiB ($1: VmRSS or VmHWM).
vswitchd_kb() {
    awk -v f="$1:" '$1 == f { print $2 }' \
        "/proc/$(cat "$LAB_DIR/ovs-vswitchd.pid")/status"
}

# Prints field $1 of the reassembly line of ipxlat/show (memory, the
# datagrams held, ...).
reasm_field() {
    lab_appctl ipxlat/show | awk -v f="$1" '
        $1 == "reassembly:" { on = 1; next }
        on { for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }'
}

# Floods the bridge with fragments that never complete for $1 seconds
# from both hosts (from random global IPv4 sources, 11.22.0.0/16, and from
# the IPv6 host), and checks the memory bound.
flood_ok() {
    local seconds=$1 rss0 rss1 hwm mem bound flood=tests/frag-flood

    # The peak is the flood's own: the 1M-entry table-load before it
    # raised the high-water mark (writing 5 to clear_refs resets it).
    echo 5 > "/proc/$(cat "$LAB_DIR/ovs-vswitchd.pid")/clear_refs"
    rss0=$(vswitchd_kb VmRSS)
    lab_in4 "$flood" eth0 "$seconds" "$LAB_MAC_H4" "$LAB_MAC_GW4" \
        11.22.0.0 "$LAB_H6_AS4" > "$LAB_DIR/flood4" &
    lab_in6 "$flood" eth0 "$seconds" "$LAB_MAC_H6" "$LAB_MAC_GW6" \
        "$LAB_H6" "$LAB_H4_AS6" > "$LAB_DIR/flood6" || return 1
    wait $! || return 1
    rss1=$(vswitchd_kb VmRSS)
    hwm=$(vswitchd_kb VmHWM)
    mem=$(reasm_field memory)
    bound=$(( rss0 + (mem + 1023) / 1024 + ${FLOOD_SLACK_KB:-16384} ))
    cat "$LAB_DIR/flood4" "$LAB_DIR/flood6"
    lab_appctl ipxlat/show | sed -n '/^reassembly:/,$p'
    echo "ovs-vswitchd RSS: ${rss0} KiB before, ${rss1} KiB after" \
        "${seconds} s of flood, peak ${hwm} KiB; reassembly context" \
        "${mem} bytes; bound ${bound} KiB"
    [ "$hwm" -le "$bound" ] && [ "$(lab_counter drop_reasm_full)" -gt 0 ]
}

# Expects the IPv4 host to have learnt path MTU $1 toward the IPv6 host.
pmtu_learnt() {
    lab_in4 ip route get "$LAB_H6_AS4"
    lab_in4 ip route get "$LAB_H6_AS4" | grep -q "mtu $1"
}

# Loads a table of 1,000,000 entries while the IPv4 host pings the IPv6
# host at 100 per second through the lab's flow, which does not use the
# table: the load must not stall forwarding (no RTT above 50 ms but for
# at most 1% of the pings, none above 250 ms, no loss).
# ovs-vswitchd's main thread polls the lab's veth ports, and used to parse
# the file itself (RTT 1.6 s).
load_does_not_stall() {
    local file="$LAB_DIR/big.eam" pid t0 t1 rtt loss slow worst

    awk 'BEGIN { for (i = 0; i < 1000000; i++)
                     printf "10.%d.%d.%d 2001:db8:a::%x:%x\n", i / 65536,
                            i / 256 % 256, i % 256, i / 65536, i % 65536 }' \
        > "$file"
    lab_in4 ping -c 500 -i 0.01 -W 1 "$LAB_H6_AS4" > "$LAB_DIR/ping.out" &
    pid=$!
    sleep 0.5
    t0=$(date +%s%N)
    lab_appctl --timeout=120 ipxlat/table-load big "$file" \
        || { wait $pid; return 1; }
    t1=$(date +%s%N)
    wait $pid
    rtt=$(max_rtt "$LAB_DIR/ping.out")
    loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$LAB_DIR/ping.out")
    slow=$(awk -F'time=' 'NF > 1 && $2 + 0 > 50 { n++ } END { print n + 0 }' \
           "$LAB_DIR/ping.out")
    lab_appctl ipxlat/show | grep '^  big:'
    echo "table-load of 1000000 entries: $(( (t1 - t0) / 1000000 )) ms," \
         "during 500 pings at 100/s: max RTT ${rtt:-?} ms, $slow above" \
         "50 ms, loss ${loss:-?}%"
    # No RTT above 50 ms.  A machine busy with other work (the rest of
    # the test suite runs beside this test) may delay a ping or two
    # itself: up to 5 of the 500 (1%) may exceed 50 ms, none 250 ms.  A
    # stalled main thread delays every ping of the stall (a 1.6 s stall,
    # the defect this guards against, held back 160 of them).
    worst=$(awk -v r="$rtt" 'BEGIN { print (r > 250) }')
    [ -n "$rtt" ] && [ "$loss" = 0 ] && [ "$slow" -le 5 ] && [ "$worst" = 0 ]
}

# Prints the maximum RTT, in ms, of the ping output in file $1.
max_rtt() {
    sed -n 's|^rtt .* = [0-9.]*/[0-9.]*/\([0-9.]*\)/.*|\1|p' "$1"
}

echo "Open vSwitch: $OVS_BUILD"
echo "== translated lab, MTU 1500 on both sides"
LAB_XLAT="$LAB_XLAT,amend_udp_zero_csum"
if ! lab_up > "$log" 2>&1; then
    cat "$log"
    echo "FAIL: lab set-up"
    echo "0 passed, 1 failed"
    exit 1
fi
check "ping from the IPv4 host to the IPv6 host" ping_ok 4 "$LAB_H6_AS4"
check "ping from the IPv6 host to the IPv4 host" ping_ok 6 "$LAB_H4_AS6"
check "TCP 1 MB from the IPv4 host to the IPv6 host, intact" \
    lab_tcp_transfer 46 5001 1000000 20
check "TCP 1 MB from the IPv6 host to the IPv4 host, intact" \
    lab_tcp_transfer 64 5002 1000000 20
check "UDP 10 datagrams from the IPv4 host, echoed intact" \
    lab_udp_exchange 46 5003 10 1200
check "UDP 10 datagrams from the IPv6 host, echoed intact" \
    lab_udp_exchange 64 5004 10 1200
check "TTL 1 from the IPv4 host: Time Exceeded from 192.0.0.8" \
    ttl1_ok 4 "$LAB_H6_AS4" "From 192.0.0.8 .*Time to live exceeded"
check "hop limit 1 from the IPv6 host: Time Exceeded from the translator" \
    ttl1_ok 6 "$LAB_H4_AS6" "From 2001:db8:64::c000:8 .*Time exceeded"
check "ipxlat/show counted both directions" \
    eval 'counter_positive xlat_46 && counter_positive xlat_64'
check "a 1M-entry table-load leaves ping RTT under 50 ms (1% may be late)" \
    load_does_not_stall
grep "table-load of" "$log" | sed "s/^/    /"
check "ping -s 4000 from the IPv4 host to the IPv6 host, reassembled" \
    ping_big_ok 4 "$LAB_H6_AS4"
check "ping -s 4000 from the IPv6 host to the IPv4 host, reassembled" \
    ping_big_ok 6 "$LAB_H4_AS6"
check "3000 bytes of UDP with checksum zero from the IPv4 host, whole" \
    udp_zero_checksum_ok
check "ipxlat/show counted reassembled datagrams both ways" \
    eval 'counter_positive reasm_frag_46 && counter_positive reasm_frag_64'
start=$(date +%s)
check "${FLOOD_SECONDS:-10} s of fragment flood: ovs-vswitchd stays bounded" \
    flood_ok "${FLOOD_SECONDS:-10}"
grep -E '^(ovs-vswitchd RSS|sent [0-9]+ fragments|  ipxlat\()' "$log"
echo "drop_reasm_full = $(lab_counter drop_reasm_full)," \
     "reasm_held = $(lab_counter reasm_held)"
echo "flood test took $(( $(date +%s) - start )) s"
sleep 3
check "after the flood: ping -s 4000 reassembled again" \
    ping_big_ok 4 "$LAB_H6_AS4"
lab_down

echo "== MTU mismatch: IPv6 link 1280 (mtu6=1280), hosts 1500"
LAB_MTU6_LINK=1280
LAB_MTU6_HOST=1500
LAB_XLAT="$LAB_XLAT,mtu6=1280"
if ! lab_up > "$log" 2>&1; then
    cat "$log"
    failed=$((failed + 1))
    echo "FAIL: lab set-up with MTU 1280"
else
    check "TCP 8 MB with DF from the IPv4 host across MTU 1280, intact" \
        lab_tcp_transfer 46 5011 8000000 40
    check "the translator sent Fragmentation Needed (err_frag_needed > 0)" \
        counter_positive err_frag_needed
    check "the IPv4 host learnt path MTU 1260 (1280 - 20)" pmtu_learnt 1260
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
