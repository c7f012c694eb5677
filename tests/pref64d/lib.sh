# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Shared by the ipxlat-pref64d system tests: a real Unbound on loopback
# with a config the test writes, exact-output checks, cleanup on exit.

PREF64D=${PREF64D:-./pref64d/ipxlat-pref64d}
work=$(mktemp -d /tmp/pref64d-test.XXXXXX)
pids=""
failures=0

cleanup() {
    local pid
    for pid in $pids; do
        kill "$pid" 2> /dev/null || true
    done
    for pid in $pids; do
        wait "$pid" 2> /dev/null || true
    done
    [ -n "${cleanup_extra:-}" ] && eval "$cleanup_extra"
    rm -rf "$work"
}
trap cleanup EXIT

skip() {
    echo "SKIP: $*"
    exit 77
}

# Compares the output and exit status of a command with the expected ones.
# usage: expect NAME STATUS EXPECTED-OUTPUT COMMAND...
expect() {
    local name=$1 want_status=$2 want=$3 out status=0
    shift 3
    out=$("$@" 2>&1) || status=$?
    if [ "$out" = "$want" ] && [ "$status" -eq "$want_status" ]; then
        echo "PASS: $name"
    else
        echo "FAIL: $name"
        echo "  want (exit $want_status): $want"
        echo "  got  (exit $status): $out"
        failures=$((failures + 1))
    fi
}

# Starts unbound on 127.0.0.1:$1 with the server: lines read from stdin
# added to a plain iterator config.  Sets unbound_pid.
start_unbound() {
    local port=$1 conf=$work/unbound-$1.conf
    {
        cat <<EOC
server:
    interface: 127.0.0.1
    port: $port
    do-ip6: no
    username: ""
    chroot: ""
    directory: "$work"
    pidfile: ""
    use-syslog: no
    logfile: ""
    do-daemonize: no
    verbosity: 0
    module-config: "iterator"
EOC
        sed 's/^/    /'
        printf 'remote-control:\n    control-enable: no\n'
    } > "$conf"
    unbound-checkconf "$conf" > /dev/null || { echo "bad config"; exit 99; }
    unbound -d -c "$conf" > "$work/unbound-$port.log" 2>&1 &
    unbound_pid=$!
    pids="$pids $unbound_pid"
    # Wait until it listens.
    for _ in $(seq 50); do
        if ss -lun 2> /dev/null | grep -q "127.0.0.1:$port "; then
            return 0
        fi
        sleep 0.1
    done
    echo "unbound did not start"; cat "$work/unbound-$port.log"; exit 99
}

stop_unbound() {
    kill "$unbound_pid" 2> /dev/null || true
    wait "$unbound_pid" 2> /dev/null || true
}

finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures failure(s)"
        exit 1
    fi
    exit 0
}
