# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The peers of the fast-path benchmark (bench/ovs-bench-fast.sh): the same
# UDP 4->6 frames as the Open vSwitch run, replayed by bench/pkt-flood (an
# AF_PACKET socket with a memory-mapped ring, the fastest sender without a
# driver of its own) into a router namespace that either forwards them as
# they are (the kernel, the reference) or translates them with TAYGA on a
# TUN device (Debian's tayga package), to a sink namespace that counts
# them.
#
#   namespace PEER_NS_S      namespace PEER_NS_R                 namespace PEER_NS_D
#   eth0 (pkt-flood) --veth-- in 198.51.100.1     out 203.0.113.1 --veth-- eth0
#                             | kernel: forwards   2001:db8:6::1
#                             | tayga:  203.0.113.20/32 -> PEER_TUN, TAYGA
#                             |         maps it to 2001:db8:6::20
#
# The frames come from bench-engine --write-pcap: 198.51.100.10 to
# 203.0.113.20, Ethernet destination 02:00:00:00:0e:02, which is the
# router's "in".  The router knows both next hops by permanent neighbour
# entries with an Ethernet address that is not the sink's, so the sink
# counts each frame (rx_packets) and drops it before IP: no ICMP comes
# back and the sink costs the same for every peer.
#
# CPU: the sender runs on CPU 0.  For the kernel, receive packet steering
# moves the router's receive work to the last CPU, so forwarding has a
# CPU of its own, as a PMD has; TAYGA runs on the last CPU too and, with
# PEER_TAYGA_RPS=no (the default: twice the rate of the other layout on
# 2 vCPUs, where the kernel's receive work starves TAYGA of its CPU),
# leaves the kernel's IPv4 receive work before the TUN device on CPU 0.
# The CPU time per packet is the softirq time of all CPUs (/proc/stat),
# where the kernel's receive, forwarding and transmit work runs, plus
# TAYGA's own user and system time, over the packets delivered:
# everything the machine did for them, including the work on frames that
# a full queue then dropped, and nothing of what other processes did, so
# that it holds on a shared machine too.  The sender's own work is left
# out.
#
# Settings (environment, read when this file is sourced):
#   PEER_TAG        prefix of the namespaces and interfaces (default h14p)
#   PEER_DIR        run directory (TAYGA's config) (default /tmp/ipxlat-peers-TAG)
#   PEER_TAYGA_RPS  yes: TAYGA's IPv4 receive work on its CPU too (no)
#   PEER_NICE       nice value of TAYGA and of the sender (default 0)

PEER_TAG=${PEER_TAG:-h14p}
PEER_DIR=${PEER_DIR:-${TMPDIR:-/tmp}/ipxlat-peers-$PEER_TAG}
PEER_TAYGA_RPS=${PEER_TAYGA_RPS:-no}
PEER_NICE=${PEER_NICE:-0}
PEER_NS_S=$PEER_TAG-s
PEER_NS_R=$PEER_TAG-r
PEER_NS_D=$PEER_TAG-d
PEER_TUN=${PEER_TAG}nat64
# The frames' destination, which the router's "in" takes as its own.
PEER_MAC_IN=02:00:00:00:0e:02
# The next hops' address: not the sink's, so that it drops every frame.
PEER_MAC_NEXT=02:00:00:00:0e:99
PEER_MAC_SINK=02:00:00:00:0e:04
PEER_DST4=203.0.113.20
PEER_DST6=2001:db8:6::20
# TAYGA's prefix: not 64:ff9b::/96, as TAYGA refuses to carry non-global
# IPv4 addresses (these are documentation addresses) with the Well-Known
# Prefix.  The IPv4 side of its work is the same either way.
PEER_TAYGA_PREFIX=2001:db8:46::/96

peer_last_cpu=$(($(nproc 2> /dev/null || echo 1) - 1))
peer_tayga_pid=

# Checks what the peers need; prints what is missing and returns 1.
peers_check() {
    if ! command -v tayga > /dev/null; then
        echo "ovs-bench: tayga is not installed (apt-get install tayga)," \
            "or set BENCH_PEERS=no" >&2
        return 1
    fi
    if [ "$peer_last_cpu" -lt 1 ]; then
        echo "ovs-bench: the peers need 2 CPUs (sender and forwarder)" >&2
        return 1
    fi
}

# Runs a command in the sender's, the router's or the sink's namespace.
peer_in_s() { ip netns exec "$PEER_NS_S" "$@"; }
peer_in_r() { ip netns exec "$PEER_NS_R" "$@"; }
peer_in_d() { ip netns exec "$PEER_NS_D" "$@"; }

# Sets up the three namespaces, with the router forwarding (the kernel
# peer).
peers_up() {
    local ns

    peers_down
    mkdir -p "$PEER_DIR" || return 1
    for ns in "$PEER_NS_S" "$PEER_NS_R" "$PEER_NS_D"; do
        ip netns add "$ns" || return 1
    done
    # Only the router speaks IPv6, and only on "out": no MLD or router
    # solicitations elsewhere.
    for ns in "$PEER_NS_S" "$PEER_NS_D"; do
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1 || return 1
    done
    ip link add "$PEER_TAG-a" type veth peer name "$PEER_TAG-b" || return 1
    ip link set "$PEER_TAG-a" netns "$PEER_NS_S" || return 1
    ip link set "$PEER_TAG-b" netns "$PEER_NS_R" || return 1
    ip link add "$PEER_TAG-c" type veth peer name "$PEER_TAG-d" || return 1
    ip link set "$PEER_TAG-c" netns "$PEER_NS_R" || return 1
    ip link set "$PEER_TAG-d" netns "$PEER_NS_D" || return 1
    ip -n "$PEER_NS_S" link set "$PEER_TAG-a" name eth0 up || return 1
    ip -n "$PEER_NS_R" link set "$PEER_TAG-b" name in \
        address "$PEER_MAC_IN" || return 1
    ip -n "$PEER_NS_R" link set "$PEER_TAG-c" name out || return 1
    ip -n "$PEER_NS_D" link set "$PEER_TAG-d" name eth0 \
        address "$PEER_MAC_SINK" up || return 1
    peer_in_r sysctl -qw net.ipv6.conf.in.disable_ipv6=1 \
        net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 || return 1
    ip -n "$PEER_NS_R" link set in up || return 1
    ip -n "$PEER_NS_R" link set out up || return 1
    ip -n "$PEER_NS_R" addr add 198.51.100.1/24 dev in || return 1
    ip -n "$PEER_NS_R" addr add 203.0.113.1/24 dev out || return 1
    ip -n "$PEER_NS_R" addr add 2001:db8:6::1/64 dev out nodad || return 1
    ip -n "$PEER_NS_R" neigh replace "$PEER_DST4" lladdr "$PEER_MAC_NEXT" \
        dev out nud permanent || return 1
    ip -n "$PEER_NS_R" neigh replace "$PEER_DST6" lladdr "$PEER_MAC_NEXT" \
        dev out nud permanent || return 1
    peers_use kernel
}

# Steers the router's receive work to the last CPU ($1 = yes) or leaves
# it on the sender's CPU.
peer_rps() {
    local mask=0

    [ "$1" = yes ] && mask=$(printf '%x' $((1 << peer_last_cpu)))
    peer_in_r sh -c "echo $mask > /sys/class/net/in/queues/rx-0/rps_cpus"
}

# Makes the router forward the flood itself ($1 = kernel) or hand it to
# TAYGA ($1 = tayga), which is started on the last CPU if needed.
peers_use() {
    case $1 in
    kernel)
        peer_rps yes || return 1
        ip -n "$PEER_NS_R" route del "$PEER_DST4/32" 2> /dev/null
        return 0
        ;;
    tayga)
        peer_rps "$PEER_TAYGA_RPS" || return 1
        if [ -z "$peer_tayga_pid" ]; then
            peer_start_tayga || return 1
        fi
        ip -n "$PEER_NS_R" route replace "$PEER_DST4/32" dev "$PEER_TUN"
        ;;
    *)
        echo "peers_use: kernel or tayga, not $1" >&2
        return 1
        ;;
    esac
}

# Starts TAYGA in the router namespace, pinned to the last CPU.
peer_start_tayga() {
    cat > "$PEER_DIR/tayga.conf" <<EOF
tun-device $PEER_TUN
ipv4-addr 192.0.0.9
ipv6-addr 2001:db8:ff::9
prefix $PEER_TAYGA_PREFIX
map $PEER_DST4 $PEER_DST6
EOF
    peer_in_r tayga --mktun -c "$PEER_DIR/tayga.conf" > /dev/null \
        || return 1
    ip -n "$PEER_NS_R" link set "$PEER_TUN" up || return 1
    # Not through peer_in_r: a function run in the background is a
    # subshell, and $! would be its pid, not TAYGA's.
    ip netns exec "$PEER_NS_R" nice -n "$PEER_NICE" \
        taskset -c "$peer_last_cpu" tayga --nodetach \
        -c "$PEER_DIR/tayga.conf" > "$PEER_DIR/tayga.log" 2>&1 &
    peer_tayga_pid=$!
    sleep 0.5
    if ! kill -0 "$peer_tayga_pid" 2> /dev/null; then
        echo "ovs-bench: tayga did not start:" >&2
        cat "$PEER_DIR/tayga.log" >&2
        peer_tayga_pid=
        return 1
    fi
}

# Prints the counter $2 (rx_packets, ...) of interface $3 in namespace
# function $1.
peer_counter() {
    $1 cat "/sys/class/net/$3/statistics/$2"
}

# Prints the softirq clock ticks of all CPUs so far, plus the user and
# system ticks of process $1 if given.
peer_ticks() {
    local own=0

    if [ -n "${1:-}" ]; then
        own=$(awk '{ print $14 + $15 }' "/proc/$1/stat") || return 1
    fi
    awk -v own="$own" '$1 == "cpu" { print $8 + own }' /proc/stat
}

# Floods the frames of pcap file $2 with sender $1 (bench/pkt-flood) for
# $3 seconds through the current peer; prints "OFFERED_PPS DELIVERED_PPS
# NS_PER_PACKET ROUTER_RX LOST_PCT" (ROUTER_RX: frames the router
# received; LOST_PCT: the share of the offered frames not delivered).
peers_measure() {
    local flood=$1 pcap=$2 seconds=$3
    local rx0 rx1 d0 d1 c0 c1 out

    rx0=$(peer_counter peer_in_r rx_packets in)
    d0=$(peer_counter peer_in_d rx_packets eth0)
    c0=$(peer_ticks "$peer_tayga_pid") || return 1
    out=$(peer_in_s nice -n "$PEER_NICE" taskset -c 0 "$flood" eth0 \
        "$pcap" "$seconds") || return 1
    # Let the queues drain.
    sleep 0.3
    c1=$(peer_ticks "$peer_tayga_pid") || return 1
    rx1=$(peer_counter peer_in_r rx_packets in)
    d1=$(peer_counter peer_in_d rx_packets eth0)
    # "sent N frames in S seconds, C s of CPU"
    echo "$out" | awk -v s="$seconds" -v rx="$((rx1 - rx0))" \
        -v d="$((d1 - d0))" -v cpu="$((c1 - c0))" \
        -v hz="$(getconf CLK_TCK)" \
        '{ printf "%.0f %.0f %.0f %d %.1f\n", $2 / s, d / s,
                  d ? cpu / hz / d * 1e9 : 0, rx,
                  $2 ? 100 * ($2 - d) / $2 : 0 }'
}

# Stops TAYGA and removes the namespaces and PEER_DIR.  Safe to call at
# any time.
peers_down() {
    if [ -n "$peer_tayga_pid" ]; then
        kill "$peer_tayga_pid" 2> /dev/null
        wait "$peer_tayga_pid" 2> /dev/null
        peer_tayga_pid=
    fi
    ip netns del "$PEER_NS_S" 2> /dev/null
    ip netns del "$PEER_NS_R" 2> /dev/null
    ip netns del "$PEER_NS_D" 2> /dev/null
    case $PEER_DIR in
    */ipxlat-peers-*) rm -rf "$PEER_DIR" ;;
    esac
    return 0
}
