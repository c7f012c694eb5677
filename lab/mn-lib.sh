# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The mininet labs (lab/mnlab.py builds them), for lab/ipxlat-lab.sh
# --topo NAME and the tests that run on them.  Sourced after
# lab/lab-lib.sh, whose lab_start_ovs() starts the lab's own ovsdb-server
# and ovs-vswitchd, here with their files in MN_DIR; mininet's ovs-vsctl
# is that of OVS_BUILD (PATH), talking to them (OVS_RUNDIR).
#
# The whole lab lives in network namespace MN_NETNS: ovs-vswitchd with
# its tap devices, mnlab.py and the switch ends of mininet's links, the
# hosts' namespaces below it.  Nothing of it appears in the namespace of
# the caller, and it shares nothing (no "ovs-netdev" tap device, no
# interface names) with another lab, so it needs no lab lock.
#
# 'up' leaves mnlab.py running in the background (it holds the network);
# its hosts are network namespaces entered with nsenter through the pids
# it writes to MN_DIR/hosts.

# lab_src is lab-lib.sh's.
# shellcheck disable=SC2154
MN_DIR=${MN_DIR:-${TMPDIR:-/tmp}/ipxlat-lab-mn}
MN_NETNS=${MN_NETNS:-$(basename "$MN_DIR")}
MN_PY=/usr/bin/python3
PREF64D=${PREF64D:-$OVS_BUILD/../../pref64d/ipxlat-pref64d}

# Points the lab-lib.sh functions and the Open vSwitch commands at MN_DIR.
mn_env() {
    LAB_DIR=$MN_DIR
    # shellcheck disable=SC2034 # read by lab_start_ovs() of lab-lib.sh
    LAB_NETNS=$MN_NETNS
    export LAB_DIR OVS_RUNDIR=$MN_DIR OVS_LOGDIR=$MN_DIR OVS_DBDIR=$MN_DIR
    export OVS_SYSCONFDIR=$MN_DIR OVS_PKGDATADIR=$MN_DIR
    export OVS_BUILD PREF64D
    case :$PATH: in
    *:$OVS_BUILD/utilities:*) ;;
    *) PATH=$OVS_BUILD/utilities:$PATH ;;
    esac
    export PATH
}

# Checks what the mininet labs need; prints what is missing.
mn_check() {
    local prog
    lab_check || return $?
    if ! $MN_PY -c 'import mininet.net' 2> /dev/null; then
        lab_error "mininet is not installed (apt-get install" \
            "--no-install-recommends mininet)"
        return 1
    fi
    for prog in unbound dig traceroute nsenter ping; do
        if ! command -v "$prog" > /dev/null; then
            lab_error "$prog is not installed"
            return 1
        fi
    done
    if [ ! -x "$PREF64D" ]; then
        lab_error "no ipxlat-pref64d at $PREF64D (build first, or set" \
            "PREF64D)"
        return 2
    fi
}

# Whether a mininet lab is up.
mn_is_up() {
    [ -f "$MN_DIR/ready" ] && [ -f "$MN_DIR/mnlab.pid" ] \
        && kill -0 "$(cat "$MN_DIR/mnlab.pid")" 2> /dev/null
}

# Sets topology $1 up and returns once it is ready (or has failed).
mn_up() {
    local topo=$1 pid

    mn_check || return $?
    mn_down > /dev/null 2>&1
    ip netns add "$MN_NETNS" || return 1
    ip -n "$MN_NETNS" link set lo up
    lab_start_ovs || { lab_error "cannot start Open vSwitch"; return 1; }
    echo "$topo" > "$MN_DIR/topo"
    setsid ip netns exec "$MN_NETNS" $MN_PY "$lab_src/lab/mnlab.py" up "$topo" \
        > "$MN_DIR/mnlab.log" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$MN_DIR/mnlab.pid"
    for _ in $(seq 1800); do
        [ -f "$MN_DIR/ready" ] && return 0
        if [ -f "$MN_DIR/failed" ] || ! kill -0 "$pid" 2> /dev/null; then
            break
        fi
        sleep 0.1
    done
    lab_error "topology $topo did not come up:"
    tail -n 20 "$MN_DIR/mnlab.log" >&2
    return 1
}

# Removes the mininet lab, whatever state it is in.
mn_down() {
    local pid br intf

    if [ -f "$MN_DIR/mnlab.pid" ]; then
        pid=$(cat "$MN_DIR/mnlab.pid")
        if kill -0 "$pid" 2> /dev/null; then
            kill -TERM "$pid"
            for _ in $(seq 300); do
                kill -0 "$pid" 2> /dev/null || break
                sleep 0.1
            done
            kill -KILL "$pid" 2> /dev/null
        fi
    fi
    # What a killed mnlab.py left behind: the hosts' shells, the root
    # ends of its links, the bridges.
    if [ -f "$MN_DIR/hosts" ]; then
        while read -r _ pid; do
            kill -KILL "$pid" 2> /dev/null
        done < "$MN_DIR/hosts"
    fi
    if [ -f "$MN_DIR/intfs" ]; then
        while read -r intf; do
            ip -n "$MN_NETNS" link del "$intf" 2> /dev/null
        done < "$MN_DIR/intfs"
    fi
    if [ -S "$MN_DIR/db.sock" ]; then
        for br in $(lab_vsctl list-br 2> /dev/null); do
            lab_vsctl --if-exists del-br "$br"
        done
    fi
    lab_stop_pidfile "$MN_DIR/ovs-vswitchd.pid"
    lab_stop_pidfile "$MN_DIR/ovsdb-server.pid"
    ip netns del "$MN_NETNS" 2> /dev/null
    case $MN_DIR in
    */ipxlat-lab-*) rm -rf "$MN_DIR" ;;
    esac
    return 0
}

# Runs "$@" on host $1 of the running lab; returns its exit status.
mn_run() {
    local host=$1 pid
    shift
    pid=$(awk -v h="$host" '$1 == h { print $2 }' "$MN_DIR/hosts" \
        2> /dev/null)
    if [ -z "$pid" ] || ! kill -0 "$pid" 2> /dev/null; then
        lab_error "no host $host in a running mininet lab" \
            "(hosts: $(cut -d' ' -f1 "$MN_DIR/hosts" 2> /dev/null \
                | tr '\n' ' '))"
        return 1
    fi
    nsenter --net="/proc/$pid/ns/net" -- "$@"
}

# Sets topology $1 up, opens mininet's CLI, removes the lab afterwards.
mn_cli() {
    mn_check || return $?
    mn_down > /dev/null 2>&1
    ip netns add "$MN_NETNS" || return 1
    ip -n "$MN_NETNS" link set lo up
    lab_start_ovs || { lab_error "cannot start Open vSwitch"; return 1; }
    echo "$1" > "$MN_DIR/topo"
    ip netns exec "$MN_NETNS" $MN_PY "$lab_src/lab/mnlab.py" cli "$1"
    mn_down
}

# Prints the command, runs it on a host.
mn_show() {
    echo "\$ [$1] ${*:2}"
    mn_run "$@"
}

# The demo of each topology: traffic through its translators, then the
# counters, sessions and flows.
mn_demo() {
    local topo=$1 failed=0 tool=$lab_src/lab/lab-tool.py aaaa pid
    trap 'mn_down' EXIT
    trap 'exit 130' INT TERM
    lab_heading "Setting up the $topo lab (lab/mnlab.py; a few seconds)"
    mn_up "$topo" || exit 1
    case $topo in
    464xlat|multi-prefix)
        lab_heading "h4 (IPv4 only, behind the CLAT) pings srv4"
        mn_show h4 ping -c 3 -i 0.2 -W 2 "203.0.113.10" || failed=1
        lab_heading "h4: traceroute shows the CLAT (192.0.0.1) and the" \
            "PLAT (192.0.2.2)"
        mn_show h4 traceroute -n -q 1 -w 2 -m 8 203.0.113.10 || failed=1
        lab_heading "h4: UDP with checksum zero, amended by the CLAT"
        mn_run srv4 timeout 20 python3 "$tool" udp-echo 0.0.0.0 5300 3 15 &
        pid=$!
        sleep 0.3
        mn_show h4 timeout 20 python3 "$tool" udp-send0 203.0.113.10 5300 \
            3 1000 15 || failed=1
        wait "$pid"
        if [ "$topo" = multi-prefix ]; then
            lab_heading "h4 pings srv4b: the CLAT steers it to the second" \
                "PLAT (prefix 2001:db8:46::/96)"
            mn_show h4 ping -c 3 -i 0.2 -W 2 203.0.113.20 || failed=1
            lab_heading "the sessions of each PLAT (zones 64 and 65)"
            lab_appctl dpctl/dump-conntrack zone=64
            lab_appctl dpctl/dump-conntrack zone=65
        else
            lab_heading "h6 (IPv6 only) asks the DNS64 resolver for" \
                "srv4.example, and downloads from it"
            mn_show h6 dig +short AAAA srv4.example @2001:db8:1::53
            aaaa=$(mn_run h6 dig +short AAAA srv4.example @2001:db8:1::53)
            mn_run srv4 timeout 30 python3 "$tool" tcp-serve 0.0.0.0 5301 \
                1000000 20 &
            pid=$!
            sleep 0.3
            mn_show h6 timeout 30 python3 "$tool" tcp-fetch "$aaaa" 5301 20 \
                || failed=1
            wait "$pid"
            lab_heading "ipxlat-pref64d on the CLAT (learned from r1's RAs)"
            mn_run cpe "$PREF64D" --status --ctl "$MN_DIR/pref64d.ctl"
            lab_heading "the PLAT's NAT64 sessions (dpctl/dump-conntrack)"
            lab_appctl dpctl/dump-conntrack zone=64
        fi
        lab_heading "the CLAT's translating flows"
        lab_ofctl dump-flows clat table=20 | sed 's/ actions=/\n    actions=/'
        ;;
    siit-dc)
        lab_heading "c4 (IPv4 client) pings the IPv6-only server s6a as" \
            "203.0.113.10 (one of 10,000 EAM entries)"
        mn_show c4 ping -c 3 -i 0.2 -W 2 203.0.113.10 || failed=1
        lab_heading "c4 downloads from s6a (TCP, SHA-256)"
        mn_run s6a timeout 30 python3 "$tool" tcp-serve :: 5302 1000000 20 &
        pid=$!
        sleep 0.3
        mn_show c4 timeout 30 python3 "$tool" tcp-fetch 203.0.113.10 5302 \
            20 || failed=1
        wait "$pid"
        lab_heading "c4 pings app4, IPv4-only behind the edge relay" \
            "(dual translation, RFC 7756)"
        mn_show c4 ping -c 3 -i 0.2 -W 2 203.0.113.80 || failed=1
        lab_heading "the table"
        lab_appctl ipxlat/table-show dc 5
        ;;
    esac
    lab_heading "ovs-appctl ipxlat/show (non-zero counters)"
    lab_appctl ipxlat/show | awk 'NF < 3 || $2 != 0'
    lab_heading "Removing the lab"
    echo "(lab/ipxlat-lab.sh --topo $topo up keeps it running)"
    [ "$failed" -eq 0 ] || { echo "demo: some traffic failed" >&2; exit 1; }
    echo "demo: done"
}

# lab/ipxlat-lab.sh --topo TOPO COMMAND...
mn_main() {
    local topo=$1
    shift
    mn_env
    case ${1:-} in
    up)
        mn_up "$topo" || { mn_down; return 1; }
        echo "The $topo lab is up: hosts $(cut -d' ' -f1 "$MN_DIR/hosts" \
            | tr '\n' ' ')"
        echo "Try: $0 run h4 ping 203.0.113.10    (464xlat)"
        echo "     $0 appctl ipxlat/show"
        echo "     $0 down"
        ;;
    down)
        mn_down
        ;;
    demo)
        mn_demo "$topo"
        ;;
    cli)
        mn_cli "$topo"
        ;;
    run)
        shift
        [ $# -ge 2 ] || { lab_error "run HOST CMD..."; return 1; }
        mn_run "$@"
        ;;
    vsctl|ofctl|appctl)
        local cmd=$1
        shift
        "lab_$cmd" "$@"
        ;;
    *)
        usage 1 >&2
        ;;
    esac
}
