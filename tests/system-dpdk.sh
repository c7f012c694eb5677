#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# System test of the ipxlat action on DPDK ports, in a build configured
# --with-dpdk (issue 14's fast path).  Open vSwitch with one PMD thread on
# DPDK's pcap driver (lab/dpdk-lib.sh, no huge pages) replays a capture
# that mixes, over and over, the three ways a translated packet leaves:
#
#   - a small UDP packet, translated in the mbuf it came in;
#   - a 3000-byte one with DF clear, cut into three IPv6 fragments, the
#     first in its mbuf, the others new packets;
#   - an ICMP echo in three IPv4 fragments, reassembled into a new packet
#     and cut into four IPv6 fragments;
#
# and a second port writes what Open vSwitch sends into a capture.  The
# oracle is ipxlat-pcap, the engine run offline over the same capture:
#
#   - what was sent is exactly what ipxlat-pcap writes, packet for packet
#     and byte for byte, and in its order within each of four streams
#     (UDP and ICMPv6, whole packets and first fragments, later
#     fragments; see pcap_hex());
#   - ipxlat/show has ipxlat-pcap's counts of xlat_46, frag_46,
#     reasm_frag_46 and reasm_held;
#   - ovs-vswitchd's resident memory grew by less than DPDK_LEAK_MB (16).
#     Open vSwitch 3.1's DPDK port takes a whole batch for mbufs when its
#     first packet is one, so the glue must never mix mbufs and other
#     packets in a batch: the driver would "free" the others into nothing
#     (with the glue before 6de135c, 57 MB more here).
#
# The PMD polls the replay port a moment before the bridge knows it: the
# first bursts are dropped as upcall errors (fewer than a quarter of the
# capture, or the test fails), and the oracle is then run over the
# capture without them.
#
# Exit status 77 (skipped) without root or a Open vSwitch built with DPDK
# (OVS_BUILD, by default the build tree's ovs-build/build), 1 if a check
# fails.  DPDK_ROUNDS (default 12000) sets how many times the capture
# holds the three.  Takes about ten seconds.

set -u
srcdir=${srcdir:-$(dirname "$0")/..}
if [ -z "${OVS_BUILD:-}" ] && [ -x ovs-build/build/vswitchd/ovs-vswitchd ]
then
    OVS_BUILD=$(pwd)/ovs-build/build
fi
IPXLAT_BUILD=${IPXLAT_BUILD:-$(pwd)}
LAB_TAG=${LAB_TAG:-ixd}
LAB_NETNS=${LAB_TAG}-ovs
# shellcheck source=lab/lab-lib.sh
. "$srcdir/lab/lab-lib.sh"
# shellcheck source=lab/dpdk-lib.sh
. "$srcdir/lab/dpdk-lib.sh"

skip() {
    echo "SKIP: system-dpdk: $*"
    exit 77
}

fail() {
    echo "FAIL: system-dpdk: $*"
    if [ -f "$LAB_DIR/ovs-vswitchd.log" ]; then
        echo "the end of ovs-vswitchd.log:"
        grep -v '|coverage|\||poll_loop|' "$LAB_DIR/ovs-vswitchd.log" \
            | tail -n 12
    fi
    exit 1
}

msg=$(lab_check 2>&1) || skip "${msg#ipxlat-lab: }"
lab_check   # Again, in this shell: it finds OVS_SCHEMA.
"$OVS_BUILD/vswitchd/ovs-vswitchd" --version | grep -q '^DPDK' \
    || skip "$OVS_BUILD is built without DPDK (configure --with-dpdk)"
for prog in bench/bench-engine tools/ipxlat-pcap; do
    [ -x "$IPXLAT_BUILD/$prog" ] \
        || make -C "$IPXLAT_BUILD" -s "$prog" > /dev/null 2>&1 \
        || fail "no $IPXLAT_BUILD/$prog"
done

rounds=${DPDK_ROUNDS:-12000}
leak_mb=${DPDK_LEAK_MB:-16}
dpdk_mem=512
huge=no
pmd_cpu=$(($(nproc) - 1))
port_mtu=3100
cfg=prefix=2001:db8:64::/96
dir=$(mktemp -d "${TMPDIR:-/tmp}/system-dpdk.XXXXXX")
trap 'dpdk_down > /dev/null 2>&1; rm -rf "$dir"' EXIT
trap 'exit 1' INT TERM
failed=0

check() {
    if "$@"; then
        echo "ok: $*"
    else
        echo "FAILED: $*"
        failed=1
    fi
}

# Writes pcap $2 with the records of pcap $1 from the one numbered $3 on
# (all of them if $3 is 0), or, with $3 "rounds", $4 rounds of the records
# of the pcaps that follow, one after the other, each IPv4 packet with
# the round's number added to its Identification (so that the datagrams of
# two rounds are never taken for one).
pcap() {
    python3 - "$@" << 'EOF'
import struct
import sys


def records(name):
    with open(name, "rb") as f:
        data = f.read()
    out, pos = [], 24
    while pos + 16 <= len(data):
        caplen = struct.unpack_from("<I", data, pos + 8)[0]
        out.append(data[pos:pos + 16 + caplen])
        pos += 16 + caplen
    return data[:24], out


def with_id(rec, k):
    """Record 'rec' (an Ethernet frame) with 'k' added to its IPv4 ID."""
    r = bytearray(rec)
    ip = 16 + 14
    if r[ip - 2:ip] != b"\x08\x00":
        return rec
    ident = (struct.unpack_from(">H", r, ip + 4)[0] + k) & 0xffff
    struct.pack_into(">HH", r, ip + 4, ident, struct.unpack_from(">H", r, ip + 6)[0])
    r[ip + 10:ip + 12] = b"\0\0"
    hl = (r[ip] & 15) * 4
    s = sum(struct.unpack_from(">%dH" % (hl // 2), r, ip))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    struct.pack_into(">H", r, ip + 10, ~s & 0xffff)
    return bytes(r)


out = sys.argv[2]
if sys.argv[3] == "rounds":
    head, one = None, []
    for name in sys.argv[5:]:
        head, r = records(name)
        one += r
    recs = [with_id(r, k) for k in range(int(sys.argv[4])) for r in one]
else:
    head, recs = records(sys.argv[1])
    recs = recs[int(sys.argv[3]):]
with open(out, "wb") as f:
    f.write(head)
    for r in recs:
        f.write(r)
EOF
}

# Prints, one per line, the packets of pcap $1 as hex, in four streams,
# each under a heading line: UDP whole packets and first fragments, UDP
# later fragments, the same for ICMPv6.  Open vSwitch runs a batch's
# actions flow by flow, and the glue lets a first fragment go ahead of the
# later fragments of the packets before it (odp_ipxlat_push_out()), so
# only the order within each stream is the offline tool's.
pcap_hex() {
    python3 - "$1" << 'EOF'
import struct
import sys

with open(sys.argv[1], "rb") as f:
    data = f.read()
pos, streams = 24, {}
while pos + 16 <= len(data):
    caplen = struct.unpack_from("<I", data, pos + 8)[0]
    pkt = data[pos + 16:pos + 16 + caplen]
    nxt, later = pkt[14 + 6], False
    if nxt == 44:
        nxt = pkt[14 + 40]
        later = struct.unpack_from(">H", pkt, 14 + 42)[0] >> 3 != 0
    key = ("icmpv6" if nxt == 58 else "udp") + (" later" if later else "")
    streams.setdefault(key, []).append(pkt.hex())
    pos += 16 + caplen
for key in ("udp", "udp later", "icmpv6", "icmpv6 later"):
    print("== " + key)
    print("\n".join(streams.get(key, [])))
EOF
}

# The capture.
for p in udp-46 frag-46 reasm-46; do
    "$IPXLAT_BUILD/bench/bench-engine" --path $p --write-pcap "$dir/$p.pcap" \
        || fail "bench-engine --path $p --write-pcap failed"
done
pcap - "$dir/in.pcap" rounds "$rounds" "$dir/udp-46.pcap" \
    "$dir/frag-46.pcap" "$dir/reasm-46.pcap" || fail "no capture"
pcap "$dir/in.pcap" "$dir/empty.pcap" 1000000000 || fail "no capture"

# Prints the resident memory of ovs-vswitchd in kB.
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' \
        "/proc/$(cat "$LAB_DIR/ovs-vswitchd.pid")/status"
}

# Prints how many packets ovs-vswitchd dropped as upcall errors.
upcall_drops() {
    lab_appctl coverage/show \
        | awk '$1 == "datapath_drop_upcall_error" { print $NF; found = 1 }
               END { if (!found) print 0 }'
}

# Prints how many packets the replay port received.
replayed() {
    lab_appctl dpctl/show -s | awk -v port="${LAB_TAG}in" '
        /^ *port [0-9]+: / { cur = $3 }
        cur == port && /RX packets:/ { split($2, a, ":"); print a[2] + 0 }'
}

dpdk_down > /dev/null 2>&1
dpdk_start_ovs || fail "set-up failed"
# The sink first, and the flow, so that nothing the replay sends is lost.
# The sink shares the mempool of the replay port (the same MTU), which so
# exists before the memory is measured.
dpdk_add_port "${LAB_TAG}out" 2 \
    "net_pcap_${LAB_TAG}_out,rx_pcap=$dir/empty.pcap,tx_pcap=$dir/out.pcap" \
    || fail "set-up failed"
lab_ofctl add-flow "$LAB_BR" "ip,in_port=1,actions=ipxlat($cfg),output:2" \
    || fail "add-flow failed"
rss0=$(rss_kb)
dpdk_add_port "${LAB_TAG}in" 1 "net_pcap_${LAB_TAG}_in,rx_pcap=$dir/in.pcap" \
    || fail "set-up failed"

total=$((5 * rounds))
for _ in $(seq 600); do
    [ "$(replayed)" -ge "$total" ] && break
    sleep 0.1
done
sleep 1
rss1=$(rss_kb)
echo "replayed $(replayed) of $total packets"
echo "ovs-vswitchd resident memory: $rss0 kB before, $rss1 kB after"
check [ $((rss1 - rss0)) -lt $((leak_mb * 1024)) ]

# The oracle, over what the bridge saw.
d=$(upcall_drops)
echo "dropped before the bridge knew the port: $d"
# A few bursts here; on a slower machine the bridge may take longer, so
# the bound is only that most of the capture is checked.
check [ "$d" -lt $((total / 4)) ]
pcap "$dir/in.pcap" "$dir/seen.pcap" "$d" || fail "no capture"
"$IPXLAT_BUILD/tools/ipxlat-pcap" --stats --config "$cfg" "$dir/seen.pcap" \
    "$dir/want.pcap" 2> "$dir/want.stats" || fail "ipxlat-pcap failed"
for c in xlat_46 frag_46 reasm_frag_46 reasm_held; do
    want=$(awk -v c="$c" '$1 == c { print $2 }' "$dir/want.stats")
    check [ "$(lab_counter "$c")" -eq "${want:-0}" ]
done

# Removing the port closes its capture.
lab_vsctl del-port "$LAB_BR" "${LAB_TAG}out"
pcap_hex "$dir/out.pcap" > "$dir/out.hex"
pcap_hex "$dir/want.pcap" > "$dir/want.hex"
echo "sent $(grep -vc -e '^==' -e '^$' "$dir/out.hex") packets," \
    "ipxlat-pcap wrote $(grep -vc -e '^==' -e '^$' "$dir/want.hex")"
check cmp -s "$dir/out.hex" "$dir/want.hex"
if [ "$failed" -ne 0 ]; then
    diff "$dir/out.hex" "$dir/want.hex" | head -n 4 | cut -c 1-160
    fail "see above"
fi
exit 0
