# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The translated lab: an IPv4-only host and an IPv6-only host, each in its
# own network namespace, joined by veth pairs to an Open vSwitch bridge
# with datapath_type=netdev whose flows translate between them with the
# ipxlat action.  Sourced by lab/ipxlat-lab.sh (the demo),
# tests/system-ipxlat.sh (the system test) and bench/ovs-bench.sh (the
# end-to-end benchmark).
#
#      namespace LAB_NS4                                namespace LAB_NS6
#   eth0 198.51.100.2/24  --veth-- LAB_P4 [bridge] LAB_P6 --veth--  eth0
#   default via .1 (static)        port 1          port 2   2001:db8:6::5/64
#                                            2001:db8:64::/96 via ::1
#
# The IPv4 host reaches the IPv6 host as 192.0.2.5 (an RFC 7757 EAM entry),
# the IPv6 host reaches the IPv4 host as 2001:db8:64::198.51.100.2 (RFC 6052;
# a network-specific prefix: the Well-Known Prefix 64:ff9b::/96 must not
# carry the documentation addresses, which are not global, RFC 6052 3.1).
# Both hosts know their gateway's MAC address from a permanent neighbour
# entry, so no ARP or ND crosses the bridge; the flows rewrite the Ethernet
# addresses after the translation.
#
# The lab runs its own ovsdb-server and ovs-vswitchd from the Open vSwitch
# build in OVS_BUILD, with every file (database, sockets, pid files, logs)
# in LAB_DIR; OVS_RUNDIR and friends point there, so the ovs-* commands
# run by these functions never talk to an Open vSwitch of the system.
#
# Settings (environment, read when this file is sourced):
#   OVS_BUILD      Open vSwitch build tree (default build/ovs-build/build
#                  beside this file's source tree)
#   OVS_SCHEMA     vswitch.ovsschema (default: found from OVS_BUILD)
#   LAB_TAG        short prefix of the namespaces, interfaces and bridge
#                  (default ixl; at most 6 characters)
#   LAB_DIR        run directory (default ${TMPDIR:-/tmp}/ipxlat-lab-TAG)
#   LAB_XLAT       the translator config of both flows
#   LAB_MTU6_LINK  MTU of the bridge's port toward the IPv6 host (1500)
#   LAB_MTU6_HOST  MTU of the IPv6 host's interface (1500)
#   LAB_MTU4       MTU of both ends of the IPv4 link (1500)
#   LAB_OFFLOAD    "on": the hosts keep transmit checksum offload and TSO
#                  on their veth, and Open vSwitch runs with
#                  other_config:userspace-tso-enable=true, which makes it
#                  read and write virtio-net headers on the veth (default
#                  "off": both off)

lab_src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

OVS_BUILD=${OVS_BUILD:-$lab_src/build/ovs-build/build}
LAB_TAG=${LAB_TAG:-ixl}
LAB_DIR=${LAB_DIR:-${TMPDIR:-/tmp}/ipxlat-lab-$LAB_TAG}
LAB_MTU4=${LAB_MTU4:-1500}
LAB_MTU6_LINK=${LAB_MTU6_LINK:-1500}
LAB_MTU6_HOST=${LAB_MTU6_HOST:-1500}
LAB_OFFLOAD=${LAB_OFFLOAD:-off}

# Names.
LAB_NS4=$LAB_TAG-h4
LAB_NS6=$LAB_TAG-h6
LAB_P4=$LAB_TAG-p4
LAB_P6=$LAB_TAG-p6
LAB_BR=${LAB_TAG}br0

# Addresses: the IPv4 host, its gateway, the IPv6 host as the IPv4 host
# sees it; the IPv6 host, its gateway, the IPv4 host as the IPv6 host
# sees it.
LAB_H4=198.51.100.2
LAB_GW4=198.51.100.1
LAB_H6_AS4=192.0.2.5
LAB_H6=2001:db8:6::5
LAB_GW6=2001:db8:6::1
LAB_PREFIX=2001:db8:64::/96
LAB_H4_AS6=2001:db8:64::c633:6402
LAB_MAC_H4=02:00:00:00:04:02
LAB_MAC_GW4=02:00:00:00:04:01
LAB_MAC_H6=02:00:00:00:06:05
LAB_MAC_GW6=02:00:00:00:06:01

# The translator config of both flows.
LAB_XLAT=${LAB_XLAT:-prefix=$LAB_PREFIX,eam($LAB_H6_AS4,$LAB_H6)}

# Where the Open vSwitch commands find the lab's daemons.
export OVS_RUNDIR=$LAB_DIR OVS_LOGDIR=$LAB_DIR OVS_DBDIR=$LAB_DIR
export OVS_SYSCONFDIR=$LAB_DIR OVS_PKGDATADIR=$LAB_DIR

# Prints a heading.
lab_heading() {
    printf '\n==== %s ====\n' "$*"
}

# Prints an error message and returns 1.
lab_error() {
    echo "ipxlat-lab: $*" >&2
    return 1
}

# The Open vSwitch commands of OVS_BUILD.
lab_vsctl() {
    "$OVS_BUILD/utilities/ovs-vsctl" --timeout=10 "$@"
}
lab_ofctl() {
    "$OVS_BUILD/utilities/ovs-ofctl" "$@"
}
lab_appctl() {
    "$OVS_BUILD/utilities/ovs-appctl" --timeout=10 \
        -t "$LAB_DIR/ovs-vswitchd.ctl" "$@"
}

# Runs a command in the IPv4 host's or the IPv6 host's namespace.
lab_in4() {
    ip netns exec "$LAB_NS4" "$@"
}
lab_in6() {
    ip netns exec "$LAB_NS6" "$@"
}

# Checks what the lab needs: root, iproute2, ethtool and the Open vSwitch
# build.  Prints what is missing and returns 1 for a missing tool, 2 for
# a missing Open vSwitch build.
lab_check() {
    local prog

    if [ "$(id -u)" -ne 0 ]; then
        lab_error "needs root (network namespaces, veth pairs)"
        return 1
    fi
    for prog in ip ethtool python3; do
        if ! command -v "$prog" > /dev/null; then
            lab_error "$prog is not installed"
            return 1
        fi
    done
    for prog in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
            utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-appctl; do
        if [ ! -x "$OVS_BUILD/$prog" ]; then
            lab_error "no Open vSwitch build: $OVS_BUILD/$prog is missing" \
                "(build first, or set OVS_BUILD)"
            return 2
        fi
    done
    if [ -z "${OVS_SCHEMA:-}" ]; then
        for OVS_SCHEMA in "$OVS_BUILD/vswitchd/vswitch.ovsschema" \
                "$OVS_BUILD/../vswitchd/vswitch.ovsschema" \
                "$OVS_BUILD/../src/vswitchd/vswitch.ovsschema"; do
            [ -f "$OVS_SCHEMA" ] && break
        done
    fi
    if [ ! -f "$OVS_SCHEMA" ]; then
        lab_error "vswitch.ovsschema not found near $OVS_BUILD" \
            "(set OVS_SCHEMA)"
        return 2
    fi
}

# Takes the lab lock.  The userspace datapath opens one tap device,
# "ovs-netdev", per host, and the mininet labs use fixed names in this
# namespace, so only one lab may run at a time: the lock is held until the
# calling script exits, or the daemons it starts do (tests run in parallel
# by 'make check -j' wait for it).
lab_lock() {
    if [ -z "${LAB_LOCK_FD:-}" ]; then
        exec {LAB_LOCK_FD}> "${TMPDIR:-/tmp}/ipxlat-lab.lock"
        if ! flock -n "$LAB_LOCK_FD"; then
            echo "ipxlat-lab: waiting for another lab to finish" \
                "(ipxlat-lab.lock, at most 600 s)" >&2
        fi
        if ! flock -w 600 "$LAB_LOCK_FD"; then
            lab_error "another lab still runs after 600 s (ipxlat-lab.lock)"
            return 1
        fi
    fi
}

# Starts ovsdb-server and ovs-vswitchd with all their files in LAB_DIR,
# under the lab lock (unless LAB_NETNS: a lab in a network namespace of
# its own shares nothing with the others).
lab_start_ovs() {
    [ -n "${LAB_NETNS:-}" ] || lab_lock || return 1
    mkdir -p "$LAB_DIR"
    "$OVS_BUILD/ovsdb/ovsdb-tool" create "$LAB_DIR/conf.db" "$OVS_SCHEMA" \
        || return 1
    "$OVS_BUILD/ovsdb/ovsdb-server" "$LAB_DIR/conf.db" \
        --remote="punix:$LAB_DIR/db.sock" \
        --unixctl="$LAB_DIR/ovsdb-server.ctl" \
        --pidfile="$LAB_DIR/ovsdb-server.pid" \
        --log-file="$LAB_DIR/ovsdb-server.log" \
        --detach --no-chdir -vconsole:off 2> /dev/null \
        || { tail -n 5 "$LAB_DIR/ovsdb-server.log"; return 1; }
    lab_vsctl --no-wait init || return 1
    # Read once, when ovs-vswitchd starts.
    if [ "$LAB_OFFLOAD" = on ]; then
        lab_vsctl --no-wait set Open_vSwitch . \
            other_config:userspace-tso-enable=true || return 1
    fi
    # --disable-system: never open a kernel datapath.  In network
    # namespace LAB_NETNS if set (the mininet labs: their ports and the
    # datapath's tap device then live there).
    ${LAB_NETNS:+ip netns exec "$LAB_NETNS"} \
    "$OVS_BUILD/vswitchd/ovs-vswitchd" "unix:$LAB_DIR/db.sock" \
        --pidfile="$LAB_DIR/ovs-vswitchd.pid" \
        --unixctl="$LAB_DIR/ovs-vswitchd.ctl" \
        --log-file="$LAB_DIR/ovs-vswitchd.log" \
        --disable-system --detach --no-chdir -vconsole:off 2> /dev/null \
        || { tail -n 5 "$LAB_DIR/ovs-vswitchd.log"; return 1; }
}

# Stops the daemon whose pid file is $1 (SIGTERM, then SIGKILL after 5 s).
lab_stop_pidfile() {
    local pid

    [ -f "$1" ] || return 0
    pid=$(cat "$1" 2> /dev/null) || return 0
    if [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; then
        kill "$pid" 2> /dev/null
        for _ in $(seq 50); do
            kill -0 "$pid" 2> /dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2> /dev/null
    fi
    rm -f "$1"
}

# Creates namespace $1 with the host end of a veth pair called eth0 (MAC
# $3, MTU $4) whose bridge end is $2 (MTU $5) in this namespace.  With $6
# "v4only", IPv6 is off in the namespace before eth0 arrives (no
# link-local address, no MLD reports).
lab_add_host() {
    local ns=$1 port=$2 mac=$3 mtu=$4 port_mtu=$5 only=${6:-}

    ip netns add "$ns" || return 1
    if [ "$only" = v4only ]; then
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1 || return 1
    fi
    ip link add "$port" type veth peer name "$port-h" || return 1
    ip link set "$port-h" netns "$ns" || return 1
    ip -n "$ns" link set "$port-h" name eth0 || return 1
    ip -n "$ns" link set eth0 address "$mac" mtu "$mtu" || return 1
    # The bridge's end carries no traffic of this host's own (MLD).
    sysctl -qw "net.ipv6.conf.$port.disable_ipv6=1" 2> /dev/null
    ip link set "$port" mtu "$port_mtu" up || return 1
    ip -n "$ns" link set lo up || return 1
    # Without userspace-tso-enable, Open vSwitch's userspace datapath
    # reads frames from the veth as they are: with transmit checksum
    # offload the host would hand it TCP and UDP packets whose checksums
    # are not filled in yet, and nothing would say so.  With it (and
    # LAB_OFFLOAD=on), a virtio-net header says so, and TSO packets come
    # whole.
    if [ "$LAB_OFFLOAD" != on ]; then
        ip netns exec "$ns" ethtool -K eth0 tx off > /dev/null || return 1
    fi
    # No router solicitations on the IPv6 side: the lab is quiet.
    ip netns exec "$ns" sysctl -qw \
        net.ipv6.conf.eth0.router_solicitations=0 2> /dev/null
    ip -n "$ns" link set eth0 up
}

# Sets up the two hosts and the bridge, without flows.  Ports: 1 toward
# the IPv4 host, 2 toward the IPv6 host.
lab_up_topology() {
    lab_check || return $?
    lab_down > /dev/null 2>&1
    lab_start_ovs || { lab_error "cannot start Open vSwitch"; return 1; }

    # The IPv4 host is IPv4-only.
    lab_add_host "$LAB_NS4" "$LAB_P4" "$LAB_MAC_H4" "$LAB_MTU4" \
        "$LAB_MTU4" v4only || return 1
    ip -n "$LAB_NS4" addr add "$LAB_H4/24" dev eth0 || return 1
    ip -n "$LAB_NS4" neigh replace "$LAB_GW4" lladdr "$LAB_MAC_GW4" \
        dev eth0 nud permanent || return 1
    ip -n "$LAB_NS4" route add default via "$LAB_GW4" || return 1

    lab_add_host "$LAB_NS6" "$LAB_P6" "$LAB_MAC_H6" "$LAB_MTU6_HOST" \
        "$LAB_MTU6_LINK" || return 1
    # The IPv6 host is IPv6-only: no IPv4 address, no DAD delay.
    ip -n "$LAB_NS6" addr add "$LAB_H6/64" dev eth0 nodad || return 1
    ip -n "$LAB_NS6" neigh replace "$LAB_GW6" lladdr "$LAB_MAC_GW6" \
        dev eth0 nud permanent || return 1
    ip -n "$LAB_NS6" route add "$LAB_PREFIX" via "$LAB_GW6" || return 1

    lab_vsctl add-br "$LAB_BR" \
        -- set bridge "$LAB_BR" datapath_type=netdev fail_mode=secure \
        -- add-port "$LAB_BR" "$LAB_P4" \
        -- set interface "$LAB_P4" ofport_request=1 \
        -- add-port "$LAB_BR" "$LAB_P6" \
        -- set interface "$LAB_P6" ofport_request=2 || return 1
    lab_ofctl del-flows "$LAB_BR"
}

# The translating flows: IPv4 from port 1 leaves port 2 as IPv6 and
# IPv6 from port 2 leaves port 1 as IPv4.  The actions after ipxlat see
# the translated packet, so they set the Ethernet addresses of the other
# link.  The IPv6 flow matches the prefix only: the IPv6 host's other
# packets (MLD reports) are not for the translator.
lab_flows_xlat() {
    lab_ofctl del-flows "$LAB_BR" || return 1
    lab_ofctl add-flow "$LAB_BR" "ip,in_port=1,actions=ipxlat($LAB_XLAT),\
mod_dl_src:$LAB_MAC_GW6,mod_dl_dst:$LAB_MAC_H6,output:2" || return 1
    lab_ofctl add-flow "$LAB_BR" "ipv6,in_port=2,ipv6_dst=$LAB_PREFIX,\
actions=ipxlat($LAB_XLAT),mod_dl_src:$LAB_MAC_GW4,mod_dl_dst:$LAB_MAC_H4,\
output:1" || return 1
}

# Sets up everything: the hosts, the bridge and the translating flows.
lab_up() {
    lab_up_topology || return $?
    lab_flows_xlat
}

# Removes the namespaces, the veth pairs, the daemons and LAB_DIR.  Safe
# to call at any time, also when nothing is up.
lab_down() {
    if [ -S "$LAB_DIR/db.sock" ]; then
        lab_vsctl --if-exists del-br "$LAB_BR" 2> /dev/null
    fi
    lab_stop_pidfile "$LAB_DIR/ovs-vswitchd.pid"
    lab_stop_pidfile "$LAB_DIR/ovsdb-server.pid"
    ip netns del "$LAB_NS4" 2> /dev/null
    ip netns del "$LAB_NS6" 2> /dev/null
    ip link del "$LAB_P4" 2> /dev/null
    ip link del "$LAB_P6" 2> /dev/null
    case $LAB_DIR in
    */ipxlat-lab-*|*/ipxlat-*) rm -rf "$LAB_DIR" ;;
    esac
    return 0
}

# Prints the value of counter $1 (e.g. err_frag_needed) in ipxlat/show,
# or 0 when it is not listed.
lab_counter() {
    lab_appctl ipxlat/show | awk -v name="$1" '
        { for (i = 1; i < NF; i++) {
              f = $i; sub(/:$/, "", f);
              if (f == name) { v = $(i + 1); gsub(/[^0-9]/, "", v);
                               print v; found = 1; exit } } }
        END { if (!found) { print 0 } }'
}

# Waits up to 5 s until something listens on $3 port $2 (tcp or udp) in
# the namespace of $1 (lab_in4 or lab_in6).
lab_wait_listen() {
    local in=$1 port=$2 proto=$3

    for _ in $(seq 50); do
        if $in ss -Hln "--$proto" "sport = :$port" | grep -q .; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# Sends $3 random bytes over TCP from the IPv4 host to the IPv6 host
# ($1 = 46) or the other way ($1 = 64), to port $2, and checks that the
# receiver got exactly what was sent (byte count and SHA-256).  Prints
# both ends' summaries.  Gives up after $4 seconds (default 30).
lab_tcp_transfer() {
    local dir=$1 port=$2 bytes=$3 timeout=${4:-30}
    local tool=$lab_src/lab/lab-tool.py out=$LAB_DIR/tcp.$$ pid rc=0
    local rx_in tx_in bind dst

    if [ "$dir" = 46 ]; then
        rx_in=lab_in6 tx_in=lab_in4 bind=:: dst=$LAB_H6_AS4
    else
        rx_in=lab_in4 tx_in=lab_in6 bind=0.0.0.0 dst=$LAB_H4_AS6
    fi
    $rx_in timeout "$((timeout + 5))" python3 "$tool" tcp-recv "$bind" \
        "$port" "$timeout" > "$out.rx" &
    pid=$!
    lab_wait_listen "$rx_in" "$port" tcp
    $tx_in timeout "$((timeout + 5))" python3 "$tool" tcp-send "$dst" \
        "$port" "$bytes" "$timeout" > "$out.tx" || rc=1
    wait "$pid" || rc=1
    cat "$out.tx" "$out.rx"
    if [ "$rc" -eq 0 ] && [ -s "$out.tx" ] \
            && [ "$(cut -d: -f2 < "$out.tx")" = "$(cut -d: -f2 < "$out.rx")" ]
    then
        echo "tcp: received intact"
    else
        echo "tcp: FAILED (sender and receiver disagree)"
        rc=1
    fi
    rm -f "$out.tx" "$out.rx"
    return "$rc"
}

# Sends $3 UDP datagrams of $4 random bytes from the IPv4 host to the
# IPv6 host ($1 = 46) or the other way ($1 = 64), to port $2, each echoed
# back through the translator, and checks that every echo is intact.
lab_udp_exchange() {
    local dir=$1 port=$2 count=$3 size=$4
    local tool=$lab_src/lab/lab-tool.py pid rc=0 srv_in cli_in bind dst

    if [ "$dir" = 46 ]; then
        srv_in=lab_in6 cli_in=lab_in4 bind=:: dst=$LAB_H6_AS4
    else
        srv_in=lab_in4 cli_in=lab_in6 bind=0.0.0.0 dst=$LAB_H4_AS6
    fi
    $srv_in timeout 20 python3 "$tool" udp-echo "$bind" "$port" "$count" 15 &
    pid=$!
    lab_wait_listen "$srv_in" "$port" udp
    $cli_in timeout 20 python3 "$tool" udp-send "$dst" "$port" "$count" \
        "$size" 15 || rc=1
    wait "$pid" || rc=1
    return "$rc"
}

# For the tests that source this file: runs check $1 (a description) as
# the command that follows, with its output in the file named by $log,
# prints PASS or FAIL (with that output) and counts it in $passed or
# $failed, which the caller initialises.
check() {
    local name=$1
    shift
    if "$@" > "$log" 2>&1; then
        echo "PASS: $name"
        passed=$((passed + 1))
    else
        echo "FAIL: $name"
        sed 's/^/    /' "$log"
        failed=$((failed + 1))
    fi
}
