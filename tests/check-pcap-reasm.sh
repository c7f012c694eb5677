#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# ipxlat-pcap keeps one reassembly context over the whole capture: the
# fragmented datagrams that tests/gen-reasm-pcap writes (ICMP echo both
# ways, zero-checksum UDP, two that never complete) must come out exactly
# as the capture it writes from the RFCs, with the counters below, the
# capture's clock expiring what never completes.  With reassembly off the
# same input gives the old drops and ICMPv4 3/13 for the zero-checksum
# first fragment (RFC 7915 section 4.5).
#
# Exit status: 0 if all agree, 1 if not, 99 if a program is missing.

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipxlat-pcap-reasm.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

for prog in tests/gen-reasm-pcap tools/ipxlat-pcap; do
    if [ ! -x "$prog" ]; then
        echo "ERROR: $prog not found (run 'make check' in the build tree)."
        exit 99
    fi
done
tests/gen-reasm-pcap "$tmp/in.pcap" "$tmp/want.pcap" || exit 99

status=0
config=prefix=2001:db8:64::/96,amend_udp_zero_csum

# Runs ipxlat-pcap --stats with config $1 and checks that its counters are
# exactly $2 (the lines, without descriptions).
run() {
    if ! tools/ipxlat-pcap --stats --config "$1" "$tmp/in.pcap" \
            "$tmp/out.pcap" 2> "$tmp/stats"; then
        echo "FAIL: ipxlat-pcap --config '$1' failed:"
        cat "$tmp/stats"
        status=1
        return
    fi
    awk '{ print $1, $2 }' "$tmp/stats" > "$tmp/got"
    printf '%s\n' "$2" > "$tmp/expected"
    if ! cmp -s "$tmp/got" "$tmp/expected"; then
        echo "FAIL: counters with --config '$1':"
        diff "$tmp/expected" "$tmp/got"
        status=1
    fi
}

run "$config" "packets_read 12
packets_written 11
xlat_46 1
reasm_held 8
reasm_frag_46 2
reasm_frag_64 1
drop_reasm_timeout 2"
if ! cmp -s "$tmp/out.pcap" "$tmp/want.pcap"; then
    echo "FAIL: the reassembled datagrams differ from the RFC's:"
    cmp "$tmp/out.pcap" "$tmp/want.pcap"
    status=1
fi

# Without reassembly: every ICMP fragment is dropped, the zero-checksum
# first fragment gets 3/13 and its later fragments, which do not show the
# zero, are translated alone (the middle one of 1480 bytes in two pieces
# for the IPv6 side, frag_46).
run "$config,reasm_datagrams=0" "packets_read 12
packets_written 5
xlat_46 2
frag_46 1
err_udp_zero_csum 1
drop_frag_icmp 8"

if [ $status = 0 ]; then
    echo "PASS: ipxlat-pcap reassembles a capture's fragmented datagrams" \
         "byte for byte and counts what never completes."
fi
exit $status
