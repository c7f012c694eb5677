#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Multi-prefix (issue 12) on the multi-prefix topology of lab/mnlab.py:
# one CLAT bridge (ipxlat-clat --prefix 2001:db8:64::/96 --steer
# 203.0.113.20/32=2001:db8:46::/96) steers two IPv4 destinations, by flow,
# to two PLATs with different prefixes (plat: 2001:db8:64::/96, zone 64;
# platb: 2001:db8:46::/96, zone 65).
#
# What it proves: h4 reaches srv4 and srv4b, downloads from both intact,
# and each session exists on its own PLAT only, under its own prefix.
#
# Needs root, mininet and the builds; exit status 77 (skipped) without
# them, 1 if any check fails.  About 15 seconds.

# The check functions are run through check(): shellcheck cannot see it.
# shellcheck disable=SC2317
. "${srcdir:-$(dirname "$0")/../..}/tests/lab/lib.sh"

# Expects exactly one session in zone $1, to $2, and none in zone $3.
session_in() {
    local ct other
    ct=$(lab_appctl dpctl/dump-conntrack "zone=$1")
    other=$(lab_appctl dpctl/dump-conntrack "zone=$3")
    echo "zone $1: $ct"
    echo "zone $3: $other"
    [ "$(echo "$ct" | grep -c .)" = 1 ] && [ -z "$other" ] \
        && echo "$ct" | grep -q "^icmpv6,orig=(src=2001:db8:1::464,dst=$2,"
}

pings_to() {
    lab_appctl dpctl/flush-conntrack zone=64
    lab_appctl dpctl/flush-conntrack zone=65
    ping_ok h4 "$1" && session_in "$2" "$3" "$4"
}

lab_test_up multi-prefix
check "h4 pings srv4: one session on plat, under 2001:db8:64::/96" \
    pings_to 203.0.113.10 64 2001:db8:64::cb00:710a 65
check "h4 pings srv4b: one session on platb, under 2001:db8:46::/96" \
    pings_to 203.0.113.20 65 2001:db8:46::cb00:7114 64
check "h4 downloads 2 MB from srv4, intact" \
    download srv4 203.0.113.10 5701 2000000 h4 30
check "h4 downloads 2 MB from srv4b, intact" \
    download srv4b 203.0.113.20 5702 2000000 h4 30
lab_test_finish
