# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Shared by the tests that run on the mininet labs (tests/lab/*.sh): the
# lab of lab/mn-lib.sh in a run directory of the tests' own, SKIP (exit
# 77) without root, mininet or the builds, and PASS/FAIL lines counted
# by check() of lab/lab-lib.sh.

set -u
srcdir=${srcdir:-$(dirname "$0")/../..}
if [ -z "${OVS_BUILD:-}" ] && [ -x ovs-build/build/vswitchd/ovs-vswitchd ]
then
    OVS_BUILD=$(pwd)/ovs-build/build
fi
if [ -z "${PREF64D:-}" ] && [ -x pref64d/ipxlat-pref64d ]; then
    PREF64D=$(pwd)/pref64d/ipxlat-pref64d
fi
# A run directory and a network namespace of each test's own, so that a
# person's running lab and the other tests ('make check -j') are left
# alone.
MN_DIR=${MN_DIR:-${TMPDIR:-/tmp}/ipxlat-lab-t-$(basename "$0" .sh)}
# shellcheck source=lab/lab-lib.sh
. "$srcdir/lab/lab-lib.sh"
# shellcheck source=lab/mn-lib.sh
. "$srcdir/lab/mn-lib.sh"
mn_env
TOOL=$lab_src/lab/lab-tool.py
# shellcheck disable=SC2034 # for the tests that source this file
SCRIPTS=$lab_src/ofctl-scripts
test_name=$(basename "$0" .sh)

skip() {
    echo "SKIP: $test_name: $*"
    exit 77
}

passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/lab-test.XXXXXX")
keep=${LAB_TEST_KEEP:-no}

# Brings topology $1 up (or skips); the lab is removed at exit unless
# LAB_TEST_KEEP=yes.
lab_test_up() {
    local msg
    msg=$(mn_check 2>&1) || skip "${msg#ipxlat-lab: }"
    trap 'lab_test_cleanup' EXIT
    trap 'exit 1' INT TERM
    echo "Open vSwitch: $OVS_BUILD"
    echo "== topology $1"
    local t0=$SECONDS
    if ! mn_up "$1" > "$log" 2>&1; then
        cat "$log"
        [ -f "$MN_DIR/mnlab.log" ] && tail -n 30 "$MN_DIR/mnlab.log"
        echo "FAIL: $1 lab set-up"
        echo "0 passed, 1 failed"
        failed=1
        exit 1
    fi
    echo "(up in $((SECONDS - t0)) s)"
}

lab_test_cleanup() {
    if [ "$failed" -ne 0 ] && [ -d "$MN_DIR" ]; then
        for f in "$MN_DIR"/*.log; do
            echo "--- $f (last lines)"
            tail -n 15 "$f"
        done
    fi
    [ "$keep" = yes ] || mn_down > /dev/null 2>&1
    rm -f "$log"
}

# The end: totals and the exit status.
lab_test_finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# Runs "$@" on host $1.
on() {
    mn_run "$@"
}

# Pings $2 from host $1, three times; all must answer.
ping_ok() {
    on "$1" ping -c 3 -i 0.2 -W 2 "$2"
}

# Value of counter $1 in ipxlat/show.
counter() {
    lab_counter "$1"
}

# Expects counter $1 to be exactly $2.
counter_is() {
    local n
    n=$(counter "$1")
    echo "$1 = $n (want $2)"
    [ "$n" = "$2" ]
}

# Waits up to $1 seconds for command "${@:2}" to succeed.
wait_for() {
    local t=$1
    shift
    for _ in $(seq $((t * 5))); do
        "$@" > /dev/null 2>&1 && return 0
        sleep 0.2
    done
    "$@"
}

# The wildcard address for a server on host $1: :: (which takes IPv4
# too) unless the host is IPv4-only.
any_addr() {
    if [ "$(on "$1" sysctl -n net.ipv6.conf.all.disable_ipv6)" = 1 ]; then
        echo 0.0.0.0
    else
        echo ::
    fi
}

# A download of $4 bytes over TCP from host $1 (serving on port $3) to
# host $5, which connects to $2; both ends' byte counts and SHA-256 must
# agree.  $6: timeout (default 60).
download() {
    local srv=$1 addr=$2 port=$3 bytes=$4 cli=$5 timeout=${6:-60} pid
    local bind out rc=0
    bind=$(any_addr "$srv")
    out=$(mktemp "${TMPDIR:-/tmp}/dl.XXXXXX")
    on "$srv" timeout $((timeout + 5)) python3 "$TOOL" tcp-serve "$bind" \
        "$port" "$bytes" "$timeout" > "$out.srv" &
    pid=$!
    lab_wait_listen "on $srv" "$port" tcp
    on "$cli" timeout $((timeout + 5)) python3 "$TOOL" tcp-fetch "$addr" \
        "$port" "$timeout" > "$out.cli" || rc=1
    wait "$pid" || rc=1
    cat "$out.srv" "$out.cli"
    if [ "$rc" -ne 0 ] || [ "$(cut -d' ' -f2- < "$out.srv")" \
            != "$(cut -d' ' -f2- < "$out.cli")" ] \
            || ! grep -q " $bytes bytes" "$out.cli"; then
        rc=1
        echo "download: FAILED"
    fi
    rm -f "$out" "$out.srv" "$out.cli"
    return "$rc"
}

# UDP: $4 datagrams of $5 bytes from host $3 to host $1's echo server at
# $2, each echoed intact; "udp-send0" as $6 sends them with checksum zero.
udp_echo() {
    local srv=$1 addr=$2 cli=$3 count=$4 size=$5 how=${6:-udp-send} pid
    local bind port=$((5400 + RANDOM % 500)) rc=0
    bind=$(any_addr "$srv")
    on "$srv" timeout 20 python3 "$TOOL" udp-echo "$bind" "$port" "$count" \
        15 &
    pid=$!
    lab_wait_listen "on $srv" "$port" udp
    on "$cli" timeout 20 python3 "$TOOL" "$how" "$addr" "$port" "$count" \
        "$size" 15 || rc=1
    wait "$pid" || rc=1
    return "$rc"
}
