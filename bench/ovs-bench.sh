#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The end-to-end benchmark (issue 3): the same UDP flood from the IPv4
# host of the lab (lab/lab-lib.sh) through the same Open vSwitch bridge
# (userspace datapath, veth ports), once with the flow
#
#   ip,in_port=1,actions=ipxlat(prefix=2001:db8:64::/96,eam(...)),output:2
#
# and once with the plain
#
#   ip,in_port=1,actions=output:2
#
# in alternating rounds of one run.  For each case it prints the packets
# per second that reach the receiving veth (the IPv6 host's eth0, which
# counts them before its stack drops them: the Ethernet destination is
# not its own) and ovs-vswitchd's CPU time per packet (user + system time
# of the process over the packets its main thread received, from
# /proc/PID/stat and dpif-netdev/pmd-stats-show; the veth ports are
# polled by the main thread, for which Open vSwitch 3.1 counts no
# cycles), then the ratio translated / plain for both.
#
# This is the kernel-bound figure: every packet crosses AF_PACKET sockets
# and veth devices, which cost far more than the translation.  With
# --fast it runs bench/ovs-bench-fast.sh instead: Open vSwitch on DPDK
# ports polled by a PMD thread, with TAYGA and the kernel's forwarding as
# peers in the same run (see there and bench/RESULTS-ovs.md).
#
# Usage (as root): bench/ovs-bench.sh [--fast]
# Environment:
#   OVS_BUILD       the Open vSwitch build tree (default
#                   build/ovs-build/build)
#   BENCH_SECONDS   length of one measurement (default 3, at most 60)
#   BENCH_ROUNDS    rounds of (plain, translated) (default 5, at most 20)
#   BENCH_PAYLOAD   UDP payload bytes (default 18: 64-byte IPv4 frames)
#   BENCH_PIN       yes (default with 2 or more CPUs): ovs-vswitchd on the
#                   last CPU, the sender on the first
# The sender, bench/udp-flood.c, is compiled into the run directory.

set -u
case ${1:-} in
--fast)
    exec bash "$(dirname "$0")/ovs-bench-fast.sh"
    ;;
"")
    ;;
*)
    echo "usage: bench/ovs-bench.sh [--fast]" >&2
    exit 1
    ;;
esac
LAB_TAG=${LAB_TAG:-ixb}
# shellcheck source=lab/lab-lib.sh
. "$(dirname "$0")/../lab/lab-lib.sh"
# shellcheck source=bench/bench-lib.sh
. "$(dirname "$0")/bench-lib.sh"

seconds=${BENCH_SECONDS:-3}
rounds=${BENCH_ROUNDS:-5}
payload=${BENCH_PAYLOAD:-18}
ncpu=$(nproc 2> /dev/null || echo 1)
if [ "$ncpu" -ge 2 ]; then
    pin=${BENCH_PIN:-yes}
else
    pin=${BENCH_PIN:-no}
fi
if ! [ "$seconds" -ge 1 ] 2> /dev/null || [ "$seconds" -gt 60 ]; then
    echo "ovs-bench: BENCH_SECONDS in 1..60" >&2
    exit 1
fi
if ! [ "$rounds" -ge 1 ] 2> /dev/null || [ "$rounds" -gt 20 ]; then
    echo "ovs-bench: BENCH_ROUNDS in 1..20" >&2
    exit 1
fi
command -v gcc > /dev/null || { echo "ovs-bench: gcc is missing" >&2; exit 1; }

trap 'lab_down' EXIT
trap 'exit 130' INT TERM

lab_heading "Setting up the lab (tag $LAB_TAG)"
lab_up_topology || { echo "ovs-bench: set-up failed" >&2; exit 1; }
flood=$LAB_DIR/udp-flood
gcc -O2 -std=gnu11 -Wall -o "$flood" "$lab_src/bench/udp-flood.c" || exit 1
vswitchd_pid=$(cat "$LAB_DIR/ovs-vswitchd.pid")
clk_tck=$(getconf CLK_TCK)
sender=("$flood")
if [ "$pin" = yes ]; then
    # All threads of ovs-vswitchd on the last CPU, the sender on the first.
    taskset -a -p -c "$((ncpu - 1))" "$vswitchd_pid" > /dev/null
    sender=(taskset -c 0 "$flood")
fi

flow_xlat="ip,in_port=1,actions=ipxlat($LAB_XLAT),output:2"
flow_plain="ip,in_port=1,actions=output:2"

# Prints the received packet count of the IPv6 host's eth0.
rx_packets() {
    lab_in6 cat /sys/class/net/eth0/statistics/rx_packets
}

# Prints ovs-vswitchd's user + system CPU time in clock ticks.
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$vswitchd_pid/stat"
}

# Prints the packets received by the datapath's main thread since the
# last pmd-stats-clear and its datapath passes per packet (more than 1
# with recirculation).
ovs_packets() {
    lab_appctl dpif-netdev/pmd-stats-show \
        | awk '/packets received:/ { n += $3 }
               /datapath passes per packet:/ { p = $NF }
               END { print n + 0, p + 0 }'
}

# Installs flow $1 and floods for BENCH_SECONDS; prints
# "PPS NS_PER_PACKET SENT OVS_RX RX PASSES".
measure() {
    local rx0 rx1 cpu0 cpu1 sent ovs_rx passes

    lab_ofctl del-flows "$LAB_BR" && lab_ofctl add-flow "$LAB_BR" "$1" \
        || return 1
    # Warm up: the first packet sets up the megaflow.
    lab_in4 "${sender[@]}" "$LAB_H6_AS4" 9 1 "$payload" > /dev/null
    sleep 0.5
    lab_appctl dpif-netdev/pmd-stats-clear > /dev/null
    rx0=$(rx_packets)
    cpu0=$(cpu_ticks)
    sent=$(lab_in4 "${sender[@]}" "$LAB_H6_AS4" 9 "$seconds" "$payload" \
        | awk '{ print $2 }')
    # Let the queues drain.
    sleep 0.3
    rx1=$(rx_packets)
    cpu1=$(cpu_ticks)
    read -r ovs_rx passes <<< "$(ovs_packets)"
    awk -v rx="$((rx1 - rx0))" -v s="$seconds" -v c="$((cpu1 - cpu0))" \
        -v hz="$clk_tck" -v n="$ovs_rx" -v sent="$sent" -v p="$passes" \
        'BEGIN { printf "%.0f %.0f %d %d %d %s\n", rx / s,
                 n ? c / hz / n * 1e9 : 0, sent, n, rx, p }'
}

lab_heading "Flows"
echo "translated: $flow_xlat"
echo "plain:      $flow_plain"
echo "traffic:    UDP, $payload bytes of payload, from $LAB_H4 to" \
    "$LAB_H6_AS4, $seconds s per measurement, $rounds rounds," \
    "pinned: $pin"

lab_heading "Measuring"
printf '%-5s %-10s %9s %7s %10s %10s %10s %7s\n' round case pps ns/pkt \
    sent ovs_rx delivered passes
results=""
for r in $(seq "$rounds"); do
    for c in plain translated; do
        if [ "$c" = plain ]; then flow=$flow_plain; else flow=$flow_xlat; fi
        line=$(measure "$flow") || { echo "ovs-bench: failed" >&2; exit 1; }
        read -r pps ns sent ovs_rx delivered passes <<< "$line"
        printf '%-5s %-10s %9s %7s %10s %10s %10s %7s\n' "$r" "$c" "$pps" \
            "$ns" "$sent" "$ovs_rx" "$delivered" "$passes"
        results="$results$c $pps $ns
"
    done
done

lab_heading "Datapath flows of the last (translated) case"
lab_appctl dpctl/dump-flows

lab_heading "ipxlat/show (translated packets and drops over the run)"
lab_appctl ipxlat/show | awk '$2 ~ /^[0-9]+$/ && $2 != 0'

lab_heading "Result (median over the rounds)"
printf '%s' "$results" | bench_medians | awk '
    $1 == "plain" { mpp = $2; mpc = $3 }
    $1 == "translated" { mxp = $2; mxc = $3 }
    END {
        printf "plain:      %10.0f packets/s  %6.0f ns of ovs-vswitchd CPU per packet\n", mpp, mpc
        printf "translated: %10.0f packets/s  %6.0f ns of ovs-vswitchd CPU per packet\n", mxp, mxc
        rate = mpp ? 100 * mxp / mpp : 0
        cost = mxc ? 100 * mpc / mxc : 0
        printf "ratio translated/plain, packets per second:     %5.1f%%\n", rate
        printf "ratio translated/plain, packets per CPU second: %5.1f%%\n", cost
        printf "target (translated >= 90%% of plain): %s\n", \
            (rate >= 90 ? "met" : "NOT met") " by packets per second, " \
            (cost >= 90 ? "met" : "NOT met") " by packets per CPU second"
    }'
