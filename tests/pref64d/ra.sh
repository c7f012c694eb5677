#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# RFC 8781 PREF64 in Router Advertisements between two network namespaces
# joined by a veth pair: a prefix learned, a lifetime running out, a
# withdrawal (lifetime 0), a malformed option changing nothing.  The RAs
# come from radvd when it knows 'nat64prefix' (radvd >= 2.20) and from
# tests/pref64d/send-ra otherwise (Debian 12's radvd 2.19 lacks it).

set -u
. "${srcdir:-.}/tests/pref64d/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
command -v ip > /dev/null || skip "ip (iproute2) not installed"
SEND_RA=${SEND_RA:-./tests/pref64d/send-ra}

r=p64r$$
h=p64h$$
cleanup_extra="ip netns del $r 2> /dev/null; ip netns del $h 2> /dev/null"
ip netns add "$r" && ip netns add "$h" || skip "cannot create namespaces"
ip link add rtr0 netns "$r" type veth peer name host0 netns "$h"
ip -n "$r" link set rtr0 up
ip -n "$h" link set host0 up
# Wait for the link-local addresses (DAD) on both ends.
for _ in $(seq 50); do
    if ip -n "$r" -6 addr show dev rtr0 scope link | grep -q inet6 \
        && ip -n "$h" -6 addr show dev host0 scope link | grep -q inet6 \
        && ! ip -n "$r" -6 addr show dev rtr0 | grep -q tentative \
        && ! ip -n "$h" -6 addr show dev host0 | grep -q tentative; then
        break
    fi
    sleep 0.1
done

send() {
    ip netns exec "$r" "$SEND_RA" rtr0 "$@"
}

radvd_ok=no
if command -v radvd > /dev/null; then
    printf 'interface rtr0 {\n AdvSendAdvert on;\n nat64prefix 64:ff9b::/96 { AdvValidLifetime 1800; };\n};\n' \
        > "$work/radvd.conf"
    radvd -c -C "$work/radvd.conf" > /dev/null 2>&1 && radvd_ok=yes
fi

if [ "$radvd_ok" = yes ]; then
    echo "RAs from radvd"
    ip netns exec "$r" sysctl -q -w net.ipv6.conf.all.forwarding=1
    ip netns exec "$r" radvd -n -C "$work/radvd.conf" -p "$work/radvd.pid" \
        > "$work/radvd.log" 2>&1 &
    pids="$pids $!"
    expect "prefix learned from radvd" 0 "64:ff9b::/96 ra 1800" \
        ip netns exec "$h" "$PREF64D" --once --interface host0 --timeout 10
else
    echo "radvd without nat64prefix: RAs from send-ra"
    (sleep 1; send 64:ff9b::/96 1800 3 500) &
    expect "prefix learned" 0 "64:ff9b::/96 ra 1800" \
        ip netns exec "$h" "$PREF64D" --once --interface host0 --timeout 5
    wait $!
fi

# Every length code over the wire.
for p in 2001:db8::/32 2001:db8:100::/40 2001:db8:122::/48 \
         2001:db8:122:300::/56 2001:db8:122:344::/64; do
    (sleep 1; send "$p" 600 3 500) &
    expect "prefix learned: $p" 0 "$p ra 600" \
        ip netns exec "$h" "$PREF64D" --once --interface host0 --timeout 5
    wait $!
done

# A malformed option (Length 3): nothing learned.
(sleep 1; send 64:ff9b::/96 1800 3 500 3) &
expect "wrong option length learns nothing" 1 \
    "error: timeout: no Router Advertisement with PREF64 on host0 within 3000 ms" \
    ip netns exec "$h" "$PREF64D" --once --interface host0 --timeout 3
wait $!

# The daemon: lifetime running out, then withdrawal.
ip netns exec "$h" "$PREF64D" --no-dns --interface host0 --ctl "$work/ctl" \
    > "$work/daemon.log" 2>&1 &
daemon=$!
pids="$pids $daemon"
sleep 1
status() {
    ip netns exec "$h" "$PREF64D" --status --ctl "$work/ctl" \
        | grep "^$1" | cut -d' ' -f1-3 | sed 's/ *$//'
}
send 2001:db8:64::/96 8 1 0
sleep 1
expect "short lifetime learned" 0 "winner: 2001:db8:64::/96 ra" status winner
sleep 8
expect "lifetime ran out" 0 "winner: none" status winner
send 2001:db8:64::/96 1800 1 0
sleep 1
expect "learned again" 0 "winner: 2001:db8:64::/96 ra" status winner
send 2001:db8:64::/96 0 1 0
sleep 1
expect "withdrawn by lifetime 0" 0 "winner: none" status winner
send 2001:db8:64::/96 1800 1 0 3
sleep 1
expect "bad option counted" 0 "counter ra-pref64-length 1" \
    status "counter ra-pref64-length"
expect "bad option installs nothing" 0 "winner: none" status winner

[ "$failures" -eq 0 ] || cat "$work/daemon.log"
finish
