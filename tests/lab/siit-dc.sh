#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# SIIT-DC (issue 12) on the siit-dc topology of lab/mnlab.py:
#
#   c4 (IPv4 client 198.51.100.7) - border relay (ipxlat-siit-dc, EAM
#   table "dc" of 10,000 entries) - data centre LAN (s6a 2001:db8:12::a,
#   s6b ::b, edge relay (ipxlat-siit-dc --role edge) - app4, IPv4 only)
#
# What it proves: the table holds 10,000 entries; c4 reaches both IPv6-only
# servers by their IPv4 service addresses and downloads from s6a intact;
# c4 reaches the IPv4-only app4 through both relays (RFC 7756 dual
# translation); ipxlat-eam diff names exactly what a new table changes,
# and replacing the table during a transfer that uses one of the kept
# entries leaves the transfer intact while the table is the new one
# (diff empty, an old entry gone, a new one there); the counters match
# the pings sent.
#
# Needs root, mininet and the builds; exit status 77 (skipped) without
# them, 1 if any check fails.  About 20 seconds.

# The check functions are run through check(): shellcheck cannot see it.
# shellcheck disable=SC2317
. "${srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"

EAM=$SCRIPTS/ipxlat-eam
eam() {
    "$EAM" --unixctl "$MN_DIR/ovs-vswitchd.ctl" \
        --ovs-appctl "$OVS_BUILD/utilities/ovs-appctl" "$@"
}

table_size() {
    lab_appctl ipxlat/show | grep -q '^  dc: 10000 entries$'
}

# A new table: the three services kept, the 9,997 others moved from
# 198.18.0.0/15 to 198.19.0.0/16.
new_table() {
    awk '/^#/ { print; next }
         $1 ~ /^198\.18\./ { split($1, a, "."); a[2] = 19;
                             print a[1] "." a[2] "." a[3] "." a[4], $2; next }
         { print }' "$MN_DIR/eam.txt" > "$MN_DIR/eam-new.txt"
}

diff_counts() {
    local out minus plus
    out=$(eam diff dc "$MN_DIR/eam-new.txt")
    minus=$(echo "$out" | grep -c '^- 198\.18\.')
    plus=$(echo "$out" | grep -c '^+ 198\.19\.')
    echo "diff: $minus entries to go, $plus to come, $(echo "$out" \
        | grep -c .) lines"
    [ "$minus" = 9997 ] && [ "$plus" = 9997 ] \
        && [ "$(echo "$out" | grep -c .)" = 19994 ]
}

# A download from s6a paced at 1 MB/s for 4 s; after 1.5 s the table is
# replaced; the transfer must be running then and end intact.
live_replace() {
    local out=$MN_DIR/live pid rc=0
    on s6a timeout 30 python3 "$TOOL" tcp-serve :: 5601 4000000 20 1000000 \
        > "$out.srv" &
    pid=$!
    lab_wait_listen "on s6a" 5601 tcp
    on c4 timeout 30 python3 "$TOOL" tcp-fetch 203.0.113.10 5601 20 \
        > "$out.cli" &
    local cli=$!
    sleep 1.5
    kill -0 "$cli" 2> /dev/null || { echo "transfer over too soon"; rc=1; }
    eam replace dc "$MN_DIR/eam-new.txt" || rc=1
    echo "table replaced at 1.5 s"
    kill -0 "$cli" 2> /dev/null || { echo "transfer not running"; rc=1; }
    wait "$cli" || rc=1
    wait "$pid" || rc=1
    cat "$out.srv" "$out.cli"
    [ "$(cut -d' ' -f2- < "$out.srv")" = "$(cut -d' ' -f2- < "$out.cli")" ] \
        && grep -q " 4000000 bytes" "$out.cli" || rc=1
    return "$rc"
}

table_is_new() {
    local d
    d=$(eam diff dc "$MN_DIR/eam-new.txt")
    [ -z "$d" ] || { echo "diff not empty: $(echo "$d" | head -3)"; return 1; }
    lab_appctl ipxlat/table-show dc 100000 | grep -q '^198\.19\.0\.1/32 ' \
        && ! lab_appctl ipxlat/table-show dc 100000 | grep -q '^198\.18\.'
}

counted_pings() {
    lab_appctl ipxlat/stats-clear
    on c4 ping -c 4 -i 0.2 -W 2 203.0.113.11 || return 1
    counter_is xlat_46 4 && counter_is xlat_64 4
}

lab_test_up siit-dc
check "the border relay's table holds 10,000 entries" table_size
check "c4 pings s6a as 203.0.113.10" ping_ok c4 203.0.113.10
check "c4 pings s6b as 203.0.113.11" ping_ok c4 203.0.113.11
check "c4 downloads 2 MB from s6a, intact" \
    download s6a 203.0.113.10 5602 2000000 c4 30
check "c4 pings app4 through both relays (RFC 7756)" \
    ping_ok c4 203.0.113.80
check "c4 downloads 1 MB from app4 through both relays, intact" \
    download app4 203.0.113.80 5603 1000000 c4 30
new_table
check "ipxlat-eam diff: 9,997 entries go, 9,997 come" diff_counts
check "the table replaced during a transfer, which stays intact" \
    live_replace
check "the table is the new one" table_is_new
check "4 pings to s6b: 4 translations each way" counted_pings
lab_test_finish
