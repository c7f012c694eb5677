#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# System test of the ipxlat action with offloads (issue 11): the lab of
# lab/lab-lib.sh twice, first with every offload off (the hosts' veth
# without transmit checksum offload, Open vSwitch without
# userspace-tso-enable), then with them on (LAB_OFFLOAD=on: the hosts keep
# checksum offload and TSO, Open vSwitch runs with
# other_config:userspace-tso-enable=true and so gets packets whose TCP
# checksum is left to it and TCP packets of up to 64 kB to segment).  Each
# time, 100 MB of random bytes cross by TCP each way and must arrive intact
# (byte count and SHA-256), and their rate is printed: with offloads on,
# the translator finishes checksums and cuts TSO packets into segments in
# software.  The rates are figures, not checks: the machine's load decides
# them.  With offloads on, ipxlat/show must count no tx_offload drop, and
# the coverage counters ipxlat_offload_csum and ipxlat_offload_tso must
# show that both paths ran.
#
# Needs what tests/system-ipxlat.sh needs.  Exit status 77 (skipped)
# without it, 1 if any check fails.  OFFLOAD_BYTES (default 100000000)
# sets the size of each transfer.  Takes a few seconds.

set -u
srcdir=${srcdir:-$(dirname "$0")/..}
if [ -z "${OVS_BUILD:-}" ] && [ -x ovs-build/build/vswitchd/ovs-vswitchd ]
then
    OVS_BUILD=$(pwd)/ovs-build/build
fi
LAB_TAG=${LAB_TAG:-ixo}
# shellcheck source=lab/lab-lib.sh
. "$srcdir/lab/lab-lib.sh"

msg=$(lab_check 2>&1) || { echo "SKIP: system-offload: ${msg#ipxlat-lab: }"
                           exit 77; }

bytes=${OFFLOAD_BYTES:-100000000}
passed=0
failed=0
log=$(mktemp "${TMPDIR:-/tmp}/system-offload.XXXXXX")
trap 'lab_down; rm -f "$log"' EXIT
trap 'exit 1' INT TERM

# Rates in MB/s, by "$LAB_OFFLOAD $dir".
declare -A rate

# Sends $bytes over TCP in direction $1 (46 or 64) to port $2 and records
# the rate (of the whole transfer, the tools' start included).
transfer() {
    local t0 t1 ms

    t0=$(date +%s%N)
    lab_tcp_transfer "$1" "$2" "$bytes" 60 || return 1
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    rate["$LAB_OFFLOAD $1"]=$(awk -v b="$bytes" -v ms="$ms" \
                              'BEGIN { printf "%.1f", b / 1e3 / ms }')
    echo "$bytes bytes in $ms ms: ${rate["$LAB_OFFLOAD $1"]} MB/s"
}

# Prints the offload features of the IPv4 host's veth.
features() {
    lab_in4 ethtool -k eth0 \
        | grep -E '^(tx-checksumming|tcp-segmentation-offload):'
}

# Prints the tx_offload counter, which must be 0.
no_tx_offload_drop() {
    local n

    n=$(lab_counter tx_offload)
    echo "tx_offload = $n"
    [ "$n" -eq 0 ]
}

# Prints how many packets had their checksums finished and how many TSO
# packets were cut into segments; both must be above zero.
offload_counted() {
    local csum tso

    csum=$(lab_appctl coverage/read-counter ipxlat_offload_csum)
    tso=$(lab_appctl coverage/read-counter ipxlat_offload_tso)
    echo "checksums finished: $csum packets; TSO packets segmented: $tso"
    [ "${csum:-0}" -gt 0 ] && [ "${tso:-0}" -gt 0 ]
}

echo "Open vSwitch: $OVS_BUILD"
for LAB_OFFLOAD in off on; do
    echo "== offloads $LAB_OFFLOAD"
    if ! lab_up > "$log" 2>&1; then
        cat "$log"
        failed=$((failed + 1))
        echo "FAIL: lab set-up with offloads $LAB_OFFLOAD"
        continue
    fi
    features | sed 's/^/    /'
    check "TCP $bytes bytes from the IPv4 host to the IPv6 host, intact" \
        transfer 46 5101
    grep "MB/s" "$log" | sed 's/^/    /'
    check "TCP $bytes bytes from the IPv6 host to the IPv4 host, intact" \
        transfer 64 5102
    grep "MB/s" "$log" | sed 's/^/    /'
    if [ "$LAB_OFFLOAD" = on ]; then
        check "no packet dropped as tx_offload" no_tx_offload_drop
        check "checksums finished and TSO packets segmented in software" \
            offload_counted
        sed "s/^/    /" "$log"
    fi
    lab_down
done

printf '%-22s %12s %12s\n' "rate (MB/s)" "offloads off" "offloads on"
for dir in 46 64; do
    printf '%-22s %12s %12s\n' "TCP ${dir:0:1} to ${dir:1:1}" \
        "${rate["off $dir"]:-failed}" "${rate["on $dir"]:-failed}"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
