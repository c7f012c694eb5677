#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# RFC 7050 discovery against a real Unbound on loopback:
# 'ipxlat-pref64d --once' output and exit status, one case per prefix
# length, NXDOMAIN, no AAAA, a well-known address at two positions, a
# non-zero u-octet, two prefixes in one answer, a server that does not
# answer.

set -u
. "${srcdir:-.}/tests/pref64d/lib.sh"

command -v unbound > /dev/null || skip "unbound not installed (apt-get install unbound)"
command -v ss > /dev/null || skip "ss not installed (iproute2)"

port=$((20000 + $$ % 20000))
deaf=$((port + 1))
s=127.0.0.1@$port

# One zone per case; ipv4only.arpa itself carries the /96 case.  RFC 6052
# section 2.4 examples with 192.0.0.170 and .171 embedded.
start_unbound "$port" <<'EOC'
local-zone: "ipv4only.arpa." static
local-data: "ipv4only.arpa. 30 IN AAAA 64:ff9b::c000:aa"
local-data: "ipv4only.arpa. 30 IN AAAA 64:ff9b::c000:ab"
local-zone: "p64." static
local-data: "l32.p64. 30 IN AAAA 2001:db8:c000:aa::"
local-data: "l32.p64. 30 IN AAAA 2001:db8:c000:ab::"
local-data: "l40.p64. 30 IN AAAA 2001:db8:1c0:0:aa::"
local-data: "l40.p64. 30 IN AAAA 2001:db8:1c0:0:ab::"
local-data: "l48.p64. 30 IN AAAA 2001:db8:122:c000:0:aa00::"
local-data: "l48.p64. 30 IN AAAA 2001:db8:122:c000:0:ab00::"
local-data: "l56.p64. 30 IN AAAA 2001:db8:122:3c0:0:aa::"
local-data: "l56.p64. 30 IN AAAA 2001:db8:122:3c0:0:ab::"
local-data: "l64.p64. 30 IN AAAA 2001:db8:122:344:c0:0:aa00:0"
local-data: "l64.p64. 30 IN AAAA 2001:db8:122:344:c0:0:ab00:0"
local-data: "l96.p64. 30 IN AAAA 2001:db8:122:344::c000:aa"
local-data: "noaaaa.p64. 30 IN A 192.0.0.170"
local-data: "twice.p64. 30 IN AAAA 2001:db8:c000:aa::c000:aa"
local-data: "twice2.p64. 30 IN AAAA 2001:db8:c000:aa::c000:aa"
local-data: "twice2.p64. 30 IN AAAA 2001:db8:c000:aa::c000:ab"
local-data: "uoctet.p64. 30 IN AAAA 2001:db8:122:344:ff00::c000:aa"
local-data: "two.p64. 30 IN AAAA 2001:db8:1::c000:aa"
local-data: "two.p64. 30 IN AAAA 64:ff9b::c000:aa"
local-data: "unexpected.p64. 30 IN AAAA 2001:db8::1"
EOC

once() {
    "$PREF64D" --once --server "$s" --timeout 3 "$@"
}

expect "ipv4only.arpa /96" 0 "64:ff9b::/96 dns 30" once
expect "/32" 0 "2001:db8::/32 dns 30" once --name l32.p64
expect "/40" 0 "2001:db8:100::/40 dns 30" once --name l40.p64
expect "/48" 0 "2001:db8:122::/48 dns 30" once --name l48.p64
expect "/56" 0 "2001:db8:122:300::/56 dns 30" once --name l56.p64
expect "/64" 0 "2001:db8:122:344::/64 dns 30" once --name l64.p64
expect "/96" 0 "2001:db8:122:344::/96 dns 30" once --name l96.p64
expect "NXDOMAIN" 1 "error: NXDOMAIN for missing.p64" \
    once --name missing.p64
expect "no AAAA" 1 "error: no AAAA records for noaaaa.p64" \
    once --name noaaaa.p64
expect "well-known address at two positions, alone" 1 \
    "error: no valid prefix in 1 AAAA records (dns-ambiguous-position 1)" \
    once --name twice.p64
expect "well-known address at two positions, settled by .171" 0 \
    "2001:db8:c000:aa::/96 dns 30" once --name twice2.p64
expect "non-zero u-octet" 1 \
    "error: no valid prefix in 1 AAAA records (dns-u-octet 1)" \
    once --name uoctet.p64
expect "unexpected address" 1 \
    "error: no valid prefix in 1 AAAA records (dns-no-well-known-address 1)" \
    once --name unexpected.p64
# DNS does not keep the order of the records of an RRset: compare sorted.
once_sorted() {
    once "$@" | sort
    return "${PIPESTATUS[0]}"
}
two=$(printf '2001:db8:1::/96 dns 30\n64:ff9b::/96 dns 30')
expect "two prefixes in one answer" 0 "$two" once_sorted --name two.p64

# A server that takes queries and never answers ('deny' drops them).
main_pid=$unbound_pid
start_unbound "$deaf" <<'EOC'
access-control: 127.0.0.0/8 deny
EOC
expect "server that does not answer" 1 \
    "error: timeout: no answer from 127.0.0.1@$deaf within 2000 ms" \
    "$PREF64D" --once --server "127.0.0.1@$deaf" --timeout 2
unbound_pid=$main_pid

finish
