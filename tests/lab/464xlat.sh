#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# 464XLAT end to end (issue 12), on the 464xlat topology of lab/mnlab.py
# with its access LAN at MTU 1280 while the IPv4 host h4, the PLAT's
# links and the servers keep 1500:
#
#   h4 (IPv4 only) - CLAT (ipxlat-clat, prefix from ipxlat-pref64d) -
#   access LAN, MTU 1280 (h6, cpe, dns64, r1) - r1 - PLAT (ipxlat-plat
#   --mode nat64, prefixes 2001:db8:64::/96 and 2001:db8:46::/96) - r4 -
#   srv4 203.0.113.10
#
# What it proves: h4 pings srv4, uploads 2 MB to it and downloads 10 MB
# from it (SHA-256), both across the 1280 link, which only works through
# the translators' Path MTU Discovery: h4 learns 1260 from the CLAT's
# Fragmentation Needed, srv4 from the PLAT's (whose --mtu6 is the LAN's
# 1280; see README for why not from r1's Packet Too Big); exchanges UDP both ways, also with
# checksum zero (amended by the CLAT); h6 resolves srv4.example through
# DNS64 and downloads from it; traceroute from h4 names the CLAT
# (192.0.0.1) and the PLAT (192.0.2.2); the counters of ipxlat/show and
# the PLAT's conntrack entries match the pings sent exactly; when r1
# changes its PREF64 the CLAT follows within seconds, and when r1's RAs
# stop, the prefix from DNS64 (RFC 7050) takes over -- nothing restarted.
#
# Needs root, mininet, unbound, dig, traceroute and the builds; exit
# status 77 (skipped) without them, 1 if any check fails.  About a
# minute.

# The check functions are run through check(): shellcheck cannot see it.
# shellcheck disable=SC2317
. "${srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"

export LAB_ACCESS_MTU=1280
PREFIX_A=2001:db8:64::/96
PREFIX_B=2001:db8:46::/96
SRV4=203.0.113.10
ZONE=64
PREF64D_COOKIE=0x7066363464000000

# The prefix in the CLAT's translating flows (ipxlat-pref64d's).
clat_prefix() {
    lab_ofctl dump-flows clat "table=20,cookie=$PREF64D_COOKIE/-1" \
        | sed -n 's/.*ipxlat(prefix=\([^,]*\),.*/\1/p'
}

clat_prefix_is() {
    [ "$(clat_prefix)" = "$1" ]
}

# Waits up to $2 s for the CLAT's flows to carry prefix $1.
prefix_becomes() {
    if wait_for "$2" clat_prefix_is "$1"; then
        echo "CLAT flows: prefix $1"
        return 0
    fi
    echo "CLAT flows: prefix $(clat_prefix), want $1"
    return 1
}

# Rewrites key $1 of r1's RA configuration (lab-tool.py ra rereads it).
ra_set() {
    local conf=$MN_DIR/ra-r1-eth0.conf
    grep -v "^$1=" "$conf" > "$conf.new"
    echo "$1=$2" >> "$conf.new"
    mv "$conf.new" "$conf"
}

traceroute_ok() {
    local out
    out=$(on h4 traceroute -n -q 1 -w 2 -m 8 "$SRV4")
    echo "$out"
    echo "$out" | grep -q '^ 1  192\.0\.0\.1 ' \
        && echo "$out" | grep -q '^ [0-9]  192\.0\.2\.2 ' \
        && echo "$out" | tail -n 1 | grep -q " $SRV4 "
}

dns64_ok() {
    local out
    out=$(on h6 dig +short +tries=2 +time=2 AAAA srv4.example \
        @2001:db8:1::53)
    echo "srv4.example AAAA $out"
    [ "$out" = "2001:db8:64::cb00:710a" ]
}

h6_fetch() {
    local aaaa
    aaaa=$(on h6 dig +short AAAA srv4.example @2001:db8:1::53)
    download srv4 "$aaaa" 5502 1000000 h6 30
}

# Forgets every learned path MTU on h4 and srv4: each transfer below
# must discover it again.
forget_pmtu() {
    on h4 ip route flush cache
    on srv4 ip route flush cache
}

upload_pmtud() {
    local pid rc=0 out
    forget_pmtu
    on srv4 timeout 40 python3 "$TOOL" tcp-recv 0.0.0.0 5503 30 \
        > "$log.rx" &
    pid=$!
    lab_wait_listen "on srv4" 5503 tcp
    out=$(on h4 timeout 40 python3 "$TOOL" tcp-send "$SRV4" 5503 2000000 \
        30) || rc=1
    wait "$pid" || rc=1
    echo "$out"
    cat "$log.rx"
    [ "${out#tcp-send: }" = "$(sed 's/^tcp-recv: //' "$log.rx")" ] || rc=1
    on h4 ip route get "$SRV4"
    on h4 ip route get "$SRV4" | grep -q "mtu 1260" || rc=1
    return "$rc"
}

# The download: srv4 learns path MTU 1260 from the PLAT's Fragmentation
# Needed (the PLAT's mtu6 is the access LAN's 1280).
download_pmtud() {
    forget_pmtu
    download srv4 "$SRV4" 5501 10000000 h4 60 || return 1
    on srv4 ip route show cache
    on srv4 ip route show cache | grep -q "mtu 1260"
}

# Sends exactly $2 pings from host $1 to srv4 ($5) with the counters cleared
# first; expects xlat_46 and xlat_64 to be $3 each (both translators
# count into the same counters), no drop, and one NAT64 session from
# the client's address $4 in the PLAT's zone.
counted_pings() {
    local host=$1 n=$2 want=$3 src=$4 dst=$5 ok=0 ct
    lab_appctl dpctl/flush-conntrack "zone=$ZONE"
    lab_appctl ipxlat/stats-clear
    on "$host" ping -c "$n" -i 0.2 -W 2 "$dst" \
        || { on "$host" ip route; on "$host" ip -6 route; return 1; }
    counter_is xlat_46 "$want" || ok=1
    counter_is xlat_64 "$want" || ok=1
    lab_appctl ipxlat/show | awk '$1 ~ /^(drop|err)_/ && $2 != 0 {
        print "unexpected:", $0; bad = 1 } END { exit bad }' || ok=1
    ct=$(lab_appctl dpctl/dump-conntrack "zone=$ZONE")
    echo "$ct"
    [ "$(echo "$ct" | grep -c .)" = 1 ] || ok=1
    local srv6=2001:db8:64::cb00:710a want
    want="^icmpv6,orig=(src=$src,dst=$srv6,id=[0-9]*,type=128,code=0),"
    want+="reply=(src=$srv6,dst=2001:db8:64::c633:64[0-9a-f]*,id=[0-9]*,"
    want+="type=129,code=0),zone=$ZONE$"
    echo "$ct" | grep -q "$want" || ok=1
    return "$ok"
}

# After the prefix change: h4's traffic crosses the PLAT under prefix B.
session_under_b() {
    local ct
    ct=$(lab_appctl dpctl/dump-conntrack "zone=$ZONE")
    echo "$ct"
    echo "$ct" | grep -q \
        "orig=(src=2001:db8:1::464,dst=2001:db8:46::cb00:710a,"
}

winner_is() {
    local out
    out=$(on cpe "$PREF64D" --status --ctl "$MN_DIR/pref64d.ctl" \
        | grep '^winner')
    echo "$out"
    case $out in "winner: $1 $2 "*) return 0 ;; esac
    return 1
}

lab_test_up 464xlat
t0=$SECONDS
check "ipxlat-pref64d learned $PREFIX_A from r1's RA" winner_is "$PREFIX_A" ra
check "h4 pings srv4 through the CLAT and the PLAT" ping_ok h4 "$SRV4"
check "h4 uploads 2 MB to srv4 across the 1280 link (path MTU 1260)" \
    upload_pmtud
check "h4 downloads 10 MB from srv4 across the 1280 link, intact" \
    download_pmtud
check "UDP from h4 to srv4 and back, 10 datagrams of 1200 bytes" \
    udp_echo srv4 "$SRV4" h4 10 1200
check "UDP with checksum zero from h4, amended by the CLAT, echoed" \
    udp_echo srv4 "$SRV4" h4 5 600 udp-send0
check "h6 resolves srv4.example through DNS64" dns64_ok
check "h6 downloads 1 MB from srv4.example's synthesized address" h6_fetch
check "traceroute from h4 shows the CLAT and the PLAT" traceroute_ok
check "5 pings from h6: 5 translations each way, one session from h6" \
    counted_pings h6 5 5 2001:db8:1::6 2001:db8:64::cb00:710a
check "5 pings from h4: 10 each way (CLAT and PLAT), from the CLAT address" \
    counted_pings h4 5 10 2001:db8:1::464 "$SRV4"

echo "== r1 advertises $PREFIX_B and withdraws $PREFIX_A (RFC 8781)"
ra_set pref64 "$PREFIX_B"
ra_set pref64_withdrawn "$PREFIX_A"
check "the CLAT's flows follow to $PREFIX_B" prefix_becomes "$PREFIX_B" 10
check "ipxlat-pref64d: $PREFIX_B from RA wins" winner_is "$PREFIX_B" ra
lab_appctl dpctl/flush-conntrack "zone=$ZONE"
check "h4 pings srv4 under $PREFIX_B" ping_ok h4 "$SRV4"
check "the PLAT's session carries $PREFIX_B" session_under_b

echo "== r1 stops sending RAs: DNS64 discovery takes over"
ra_set send no
check "the CLAT's flows fall back to DNS64's $PREFIX_A" \
    prefix_becomes "$PREFIX_A" 30
check "ipxlat-pref64d: $PREFIX_A from DNS wins" winner_is "$PREFIX_A" dns
check "h4 pings srv4 under $PREFIX_A again" ping_ok h4 "$SRV4"
echo "(checks took $((SECONDS - t0)) s)"
lab_test_finish
