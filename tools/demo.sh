#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The demo: writes a few IPv4 and IPv6 packets to a pcap file, runs
# ipxlat-pcap over them and shows the input and the output with tcpdump.
#
# Usage: tools/demo.sh [BUILD_DIR]
#   BUILD_DIR  the build tree's top, holding tools/ipxlat-pcap and
#              tools/demo-packets (default: the current directory).
# Environment:
#   IPXLAT_DEMO_CONFIG  the translator config (default below).
#   IPXLAT_DEMO_DIR     where to leave demo-in.pcap and demo-out.pcap
#                       (default: BUILD_DIR/demo).

set -eu

build=${1:-.}
config=${IPXLAT_DEMO_CONFIG:-prefix=2001:db8:64::/96,eam(192.0.2.1,2001:db8::1)}
dir=${IPXLAT_DEMO_DIR:-$build/demo}
in=$dir/demo-in.pcap
out=$dir/demo-out.pcap

for prog in ipxlat-pcap demo-packets; do
    if [ ! -x "$build/tools/$prog" ]; then
        echo "demo: $build/tools/$prog is missing: build first" >&2
        exit 1
    fi
done
if ! command -v tcpdump > /dev/null; then
    echo "demo: tcpdump is missing (apt-get install tcpdump)" >&2
    exit 1
fi
mkdir -p "$dir"

# Prints a heading.
heading() {
    printf '\n==== %s ====\n' "$*"
}

# Prints the packets of pcap file $1, one paragraph each.
show() {
    tcpdump -r "$1" -nn -v -t 2> /dev/null
}

# Prints the packets of pcap file $1, one line each, cut to $2 columns.
brief() {
    tcpdump -r "$1" -nn -q -t 2> /dev/null | cut -c "1-$2"
}

cat <<TEXT
ipxlat demo: the translator config is

    $config

IPv4 host 198.51.100.10 appears on the IPv6 side as 2001:db8:64::c633:640a
(RFC 6052 prefix); IPv6 host 2001:db8::1 appears on the IPv4 side as
192.0.2.1 (RFC 7757 explicit address mapping).  The input holds a TCP SYN
and an ICMP echo request from IPv4 to IPv6, a UDP datagram and an ICMPv6
echo request from IPv6 to IPv4, a 1828-byte IPv4 UDP datagram with DF clear
(too big for the IPv6 side: the translator fragments it) and an IPv4 UDP
datagram with TTL 1 (the translator answers with ICMP Time Exceeded).
TEXT

"$build/tools/demo-packets" "$in"

heading "ipxlat-pcap --stats --config '$config' $in $out"
"$build/tools/ipxlat-pcap" --stats --config "$config" "$in" "$out"

heading "input: tcpdump -r $in -nn -v"
show "$in"
heading "output: tcpdump -r $out -nn -v"
show "$out"

heading "side by side: each input packet (left) and what it became (right)"
width=$(( ${COLUMNS:-160} / 2 - 2 ))
[ "$width" -ge 60 ] || width=60
for i in 0 1 2 3 4 5; do
    "$build/tools/demo-packets" "$dir/one-in.pcap" "$i"
    "$build/tools/ipxlat-pcap" --config "$config" "$dir/one-in.pcap" \
        "$dir/one-out.pcap"
    paste -d '\t' <(brief "$dir/one-in.pcap" "$width") \
                  <(brief "$dir/one-out.pcap" "$width") \
        | awk -F '\t' -v w="$width" '{
              right = (NR == 1 && $2 == "") ? "(dropped: nothing emitted)" : $2
              printf "%-" w "s | %s\n", $1, right
          }'
done
rm -f "$dir/one-in.pcap" "$dir/one-out.pcap"
echo
echo "The files are in $dir; open them with tcpdump or wireshark."
