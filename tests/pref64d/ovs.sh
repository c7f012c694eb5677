#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The daemon against a real Unbound and a fake ovs-ofctl: the flows follow
# the prefix in one bundle (exact bundle text), the prefix is asked for
# again when its TTL runs out and a new one is picked up, a bad answer
# changes nothing, a rediscovery is run on demand, and the status command
# says where the prefix came from.

set -u
. "${srcdir:-.}/tests/pref64d/lib.sh"

command -v unbound > /dev/null || skip "unbound not installed (apt-get install unbound)"
command -v ss > /dev/null || skip "ss not installed (iproute2)"

port=$((20000 + ($$ + 7) % 20000))
export FAKE_OFCTL_DIR=$work/ofctl
mkdir -p "$FAKE_OFCTL_DIR"
cookie=0x7066363464000000

cat > "$work/flows.tmpl" <<'EOT'
# CLAT flows; {PREF64} is the discovered prefix.
priority=100,ip,in_port=1,actions=ipxlat(prefix={PREF64}),output:2
priority=100,ipv6,in_port=2,actions=ipxlat(prefix={PREF64}),output:1
EOT

serve() {
    start_unbound "$port" <<EOC
local-zone: "ipv4only.arpa." static
local-data: "ipv4only.arpa. $1 IN AAAA $2"
EOC
}

# Waits up to $2 seconds for call number $1 of the fake ovs-ofctl.
wait_call() {
    for _ in $(seq $(($2 * 10))); do
        [ -e "$FAKE_OFCTL_DIR/call-$1.args" ] && return 0
        sleep 0.1
    done
    return 1
}

bundle() {
    printf 'delete cookie=%s/0xffffffffffffffff\n' "$cookie"
    printf 'add cookie=%s,priority=100,ip,in_port=1,actions=ipxlat(prefix=%s),output:2\n' "$cookie" "$1"
    printf 'add cookie=%s,priority=100,ipv6,in_port=2,actions=ipxlat(prefix=%s),output:1\n' "$cookie" "$1"
}

serve 3 64:ff9b::c000:aa
"$PREF64D" --server "127.0.0.1@$port" --bridge br0 \
    --template "$work/flows.tmpl" --ovs-ofctl "$srcdir/tests/pref64d/fake-ovs-ofctl" \
    --ctl "$work/ctl" --timeout 2 --retry-min 1 --retry-max 2 \
    > "$work/daemon.log" 2>&1 &
daemon=$!
pids="$pids $daemon"

wait_call 1 5
expect "first update: arguments" 0 "--bundle add-flows br0 -" \
    cat "$FAKE_OFCTL_DIR/call-1.args"
expect "first update: bundle" 0 "$(bundle 64:ff9b::/96)" \
    cat "$FAKE_OFCTL_DIR/call-1.stdin"
expect "status names the DNS source" 0 \
    "winner: 64:ff9b::/96 dns 127.0.0.1@$port" \
    sh -c "'$PREF64D' --status --ctl '$work/ctl' | grep '^winner'"

# The same answer again after the TTL: no flow change.
sleep 4
expect "same answer, no update" 1 "" test -e "$FAKE_OFCTL_DIR/call-2.args"

# A bad answer (non-zero u-octet): logged, counted, nothing changes.
stop_unbound
serve 3 2001:db8:122:344:ff00::c000:aa
sleep 4
expect "bad answer changes no flows" 1 "" \
    test -e "$FAKE_OFCTL_DIR/call-2.args"
# Counted at least once: the daemon retries a bad answer (after 1 s, then
# 2 s), and each retry counts it again, so how many depends on timing.
expect "bad answer counted" 0 "counter dns-u-octet counted" \
    sh -c "'$PREF64D' --status --ctl '$work/ctl' | awk '\$2 == \"dns-u-octet\" { print \$1, \$2, (\$3 >= 1 ? \"counted\" : \$3) }'"
expect "bad answer keeps the last good prefix" 0 \
    "winner: 64:ff9b::/96 dns 127.0.0.1@$port" \
    sh -c "'$PREF64D' --status --ctl '$work/ctl' | grep '^winner'"

# A new prefix: picked up at most a TTL (+ backoff) later, in one bundle.
stop_unbound
serve 3 2001:db8:64::c000:aa
wait_call 2 8
expect "new prefix: bundle" 0 "$(bundle 2001:db8:64::/96)" \
    cat "$FAKE_OFCTL_DIR/call-2.stdin"

# Rediscovery on demand (control command) after the answer changes,
# long before its TTL runs out.
stop_unbound
serve 3600 64:ff9b::c000:aa
sleep 4
stop_unbound
serve 3600 2001:db8:46::c000:aa
expect "rediscover command" 0 "rediscovering" \
    "$PREF64D" --rediscover --ctl "$work/ctl"
wait_call 4 5
expect "rediscovered prefix: bundle" 0 "$(bundle 2001:db8:46::/96)" \
    cat "$FAKE_OFCTL_DIR/call-4.stdin"

# NXDOMAIN: no DNS64 any more; the daemon's flows are removed.
stop_unbound
start_unbound "$port" <<'EOC'
local-zone: "ipv4only.arpa." static
EOC
kill -HUP "$daemon"
wait_call 5 5
expect "NXDOMAIN removes the flows" 0 \
    "delete cookie=$cookie/0xffffffffffffffff" \
    cat "$FAKE_OFCTL_DIR/call-5.stdin"

[ "$failures" -eq 0 ] || cat "$work/daemon.log"
finish
