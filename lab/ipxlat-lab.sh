#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The labs, to watch the ipxlat action at work.  Without --topo: the
# two-namespace lab of lab/lab-lib.sh, an IPv4-only host and an IPv6-only
# host joined through one translating Open vSwitch bridge.  With --topo:
# a mininet network (lab/mnlab.py) whose translators are set up by the
# ofctl-scripts: 464xlat, multi-prefix or siit-dc (README.md draws them).
#
# Usage (as root): lab/ipxlat-lab.sh [--topo NAME] COMMAND
#   up             sets the lab up and leaves it running
#   demo           sets it up, shows traffic through the translators, the
#                  counters and the flows, then removes it
#   down           removes the lab (namespaces, links, daemons)
#   cli            (mininet topologies) sets the lab up, opens mininet's
#                  CLI and removes the lab when the CLI ends
#   run HOST CMD...
#                  runs CMD on HOST and returns its exit status (two-
#                  namespace lab: h4 and h6; mininet: any host by name)
#   run4 CMD...    runs CMD on the IPv4 host of the two-namespace lab
#   run6 CMD...    runs CMD on its IPv6 host
#   vsctl|ofctl|appctl ARGS...
#                  runs ovs-vsctl, ovs-ofctl or ovs-appctl against the
#                  lab's daemons (e.g. appctl ipxlat/show)
# Topologies: 464xlat, multi-prefix, siit-dc.  A running mininet lab is
# found by every command without --topo too.
# Environment: OVS_BUILD (the Open vSwitch build tree, default
# build/ovs-build/build), PREF64D (ipxlat-pref64d, default beside
# OVS_BUILD), LAB_ACCESS_MTU (464xlat: MTU of the access LAN, 1500),
# LAB_TAG, LAB_DIR and the others listed in lab/lab-lib.sh.

set -u
# shellcheck source=lab/lab-lib.sh
. "$(dirname "$0")/lab-lib.sh"

usage() {
    sed -n '/^# Usage/,/^# LAB_TAG, LAB_DIR/s/^# \{0,1\}//p' "$0"
    exit "${1:-0}"
}

# shellcheck source=lab/mn-lib.sh
. "$(dirname "$0")/mn-lib.sh"

# The tcpdump processes of start_capture.
tcpdump_pid4=""
tcpdump_pid6=""

# Prints how to use a running lab.
print_lab() {
    cat <<EOF
IPv4-only host: namespace $LAB_NS4, eth0 $LAB_H4/24, default via $LAB_GW4
IPv6-only host: namespace $LAB_NS6, eth0 $LAB_H6/64, $LAB_PREFIX via $LAB_GW6
Bridge $LAB_BR (datapath_type=netdev): port 1 $LAB_P4, port 2 $LAB_P6
The IPv4 host reaches the IPv6 host as $LAB_H6_AS4 (EAM);
the IPv6 host reaches the IPv4 host as $LAB_H4_AS6 (64:ff9b::$LAB_H4).
Open vSwitch runs from $OVS_BUILD, with its files in $LAB_DIR.
EOF
}

# Starts tcpdump on eth0 of the namespace of $1 (4 or 6), writing to
# LAB_DIR/wire$1.pcap, and waits until it captures.  Sets tcpdump_pid$1.
start_capture() {
    local file=$LAB_DIR/wire$1.pcap

    rm -f "$file"
    # ip netns exec runs tcpdump in its own process: $! is tcpdump's pid.
    # --immediate-mode: no packet waits in the ring when it is stopped.
    ip netns exec "$LAB_TAG-h$1" tcpdump -i eth0 -nn -U --immediate-mode \
        -s 256 -w "$file" 2> /dev/null &
    eval "tcpdump_pid$1=$!"
    for _ in $(seq 30); do
        [ "$(stat -c %s "$file" 2> /dev/null || echo 0)" -ge 24 ] && break
        sleep 0.1
    done
    # The pcap header is written before the socket is bound: give it a
    # moment more.
    sleep 0.3
}

# Stops both captures.
stop_captures() {
    sleep 0.3
    kill "$tcpdump_pid4" "$tcpdump_pid6" 2> /dev/null
    wait "$tcpdump_pid4" "$tcpdump_pid6" 2> /dev/null
}

# Runs "$@", printing the command line first.
show_run() {
    echo "\$ $*"
    "$@"
}

demo() {
    local failed=0

    command -v ping > /dev/null \
        || { lab_error "ping is missing (apt-get install iputils-ping)";
             exit 1; }
    command -v tcpdump > /dev/null \
        || { lab_error "tcpdump is missing (apt-get install tcpdump)";
             exit 1; }
    trap 'lab_down' EXIT
    trap 'exit 130' INT TERM

    lab_heading "Setting up the lab"
    lab_up || { lab_error "set-up failed"; exit 1; }
    print_lab

    lab_heading "The flows: translate IPv4 from port 1, IPv6 from port 2"
    lab_ofctl dump-flows "$LAB_BR" --no-stats | sed 's/ actions=/\n    actions=/'

    lab_heading "1. ping from the IPv4 host to the IPv6 host ($LAB_H6_AS4)"
    show_run lab_in4 ping -c 3 -i 0.2 -W 2 "$LAB_H6_AS4" || failed=1

    lab_heading "2. ping from the IPv6 host to the IPv4 host ($LAB_H4_AS6)"
    show_run lab_in6 ping -c 3 -i 0.2 -W 2 "$LAB_H4_AS6" || failed=1

    lab_heading "3. TCP: 10 MB each way, checked with SHA-256"
    echo "IPv4 host -> IPv6 host ($LAB_H6_AS4 port 5001):"
    lab_tcp_transfer 46 5001 10000000 || failed=1
    echo "IPv6 host -> IPv4 host ($LAB_H4_AS6 port 5002):"
    lab_tcp_transfer 64 5002 10000000 || failed=1

    lab_heading "4. UDP: 5 datagrams each way, echoed back"
    echo "IPv4 host -> IPv6 host ($LAB_H6_AS4 port 5003):"
    lab_udp_exchange 46 5003 5 1000 || failed=1
    echo "IPv6 host -> IPv4 host ($LAB_H4_AS6 port 5004):"
    lab_udp_exchange 64 5004 5 1000 || failed=1

    lab_heading "5. TTL 1: the translator answers with ICMP Time Exceeded"
    echo "(from its own address 192.0.0.8, RFC 7600, and 64:ff9b::192.0.0.8)"
    show_run lab_in4 ping -c 1 -t 1 -W 2 "$LAB_H6_AS4"
    show_run lab_in6 ping -c 1 -t 1 -W 2 "$LAB_H4_AS6"

    lab_heading "6. On the wire: IPv4 on one side, IPv6 on the other"
    echo "(one ping each way, one UDP datagram each way, a TTL 1 probe)"
    start_capture 4
    start_capture 6
    lab_in4 ping -c 1 -W 2 "$LAB_H6_AS4" > /dev/null || failed=1
    lab_in6 ping -c 1 -W 2 "$LAB_H4_AS6" > /dev/null || failed=1
    lab_udp_exchange 46 5005 1 32 > /dev/null || failed=1
    lab_udp_exchange 64 5006 1 32 > /dev/null || failed=1
    lab_in4 ping -c 1 -t 1 -W 2 "$LAB_H6_AS4" > /dev/null
    stop_captures
    echo
    echo "--- captured on the IPv4 host's eth0 ($LAB_H4)"
    tcpdump -r "$LAB_DIR/wire4.pcap" -nn -t -c 12 2> /dev/null
    echo
    echo "--- captured on the IPv6 host's eth0 ($LAB_H6)"
    tcpdump -r "$LAB_DIR/wire6.pcap" -nn -t -c 12 2> /dev/null
    echo "(the TTL 1 probe stops at the translator: it never reaches" \
        "the IPv6 side)"

    lab_heading "7. ovs-appctl ipxlat/show: the translator's counters"
    lab_appctl ipxlat/show

    lab_heading "8. ovs-ofctl dump-flows: packets per flow"
    lab_ofctl dump-flows "$LAB_BR" | sed 's/ actions=/\n    actions=/'

    lab_heading "Removing the lab"
    echo "(lab/ipxlat-lab.sh up keeps it running for your own experiments)"
    if [ "$failed" -ne 0 ]; then
        echo "demo: some traffic did not get through (see above);" \
            "logs in $LAB_DIR were removed with the lab" >&2
        exit 1
    fi
    echo "demo: done"
}

topo=""
if [ "${1:-}" = --topo ]; then
    topo=${2:-}
    shift 2 || usage 1 >&2
elif [ -f "$MN_DIR/topo" ] && [ "${1:-}" != up ] && [ "${1:-}" != demo ]
then
    # A running mininet lab.
    topo=$(cat "$MN_DIR/topo")
fi
case $topo in
""|two-ns)
    ;;
464xlat|multi-prefix|siit-dc)
    mn_main "$topo" "$@"
    exit $?
    ;;
*)
    lab_error "unknown topology $topo (464xlat, multi-prefix, siit-dc)"
    exit 1
    ;;
esac

case ${1:-} in
up)
    lab_up || { lab_down; exit 1; }
    print_lab
    echo
    echo "Try: $0 run h4 ping $LAB_H6_AS4"
    echo "     $0 run h6 ping $LAB_H4_AS6"
    echo "     $0 appctl ipxlat/show"
    echo "     $0 down"
    ;;
demo)
    demo
    ;;
down)
    lab_down
    ;;
run)
    shift
    case ${1:-} in
    h4) shift; lab_in4 "$@" ;;
    h6) shift; lab_in6 "$@" ;;
    *) lab_error "no host ${1:-} (h4 or h6)"; exit 1 ;;
    esac
    ;;
run4)
    shift
    lab_in4 "$@"
    ;;
run6)
    shift
    lab_in6 "$@"
    ;;
vsctl|ofctl|appctl)
    cmd=$1
    shift
    "lab_$cmd" "$@"
    ;;
-h|--help|help)
    usage 0
    ;;
*)
    usage 1 >&2
    ;;
esac
