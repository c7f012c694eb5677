#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Replays the Jool graybox packet pairs of
# ../shared/conformance/jool-pktgen/cases.tsv through ipxlat-pcap and
# compares each emitted packet with the expected one, following the rule in
# that folder's README: same length, every byte outside 'ignored_offsets'
# equal, and a valid IPv4 header checksum where the IPv4 ID is ignored.
#
# Environment:
#   IPXLAT_SHARED_DIR  the shared folder (default: $srcdir/../shared, where
#                      $srcdir is the source tree's top, as set by 'make
#                      check', or this script's ../..).
#   IPXLAT_PCAP        the ipxlat-pcap binary (default: ./tools/ipxlat-pcap,
#                      relative to the build tree's top, where 'make check'
#                      runs tests).
#
# Exit status: 0 if every case passes, 1 if one fails, 77 (automake's
# "skipped") if the conformance data is absent.

set -u

# The configuration the packet pairs assume (conformance/README.md).
CONFIG='prefix=2001:db8:100::/40'
CONFIG+=',eam(1.0.0.0/24,2001:db8:3::/120),eam(10.0.0.0/24,2001:db8:2::/120)'
CONFIG+=',pool6791v4=203.0.113.8,src4=198.51.100.1,src6=2001:db8:1c0:2:1::'
CONFIG+=',mtu4=1500,mtu6=1500,lowest_ipv6_mtu=1280'

top_srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
shared=${IPXLAT_SHARED_DIR:-$top_srcdir/../shared}
data=$shared/conformance/jool-pktgen
cases=$data/cases.tsv
pcap_tool=${IPXLAT_PCAP:-./tools/ipxlat-pcap}

if [ ! -r "$cases" ]; then
    echo "SKIP: conformance data not found: $cases is absent."
    echo "SKIP: put the project's shared/ folder beside the source tree" \
         "or set IPXLAT_SHARED_DIR to it; these cases are skipped, not" \
         "passed."
    exit 77
fi
if [ ! -x "$pcap_tool" ]; then
    echo "ERROR: $pcap_tool not found or not executable (build it first," \
         "or set IPXLAT_PCAP)."
    exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipxlat-conformance.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# Prints the little-endian 32-bit value $1 as four octal escapes for printf.
le32() {
    printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) \
        $((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

# Wraps the bare IP packet in file $1 into a raw-IP (link type 101) pcap
# file $2 with one record.
pkt2pcap() {
    local size
    size=$(wc -c < "$1") || return 1
    # The format strings are built from octal escapes on purpose.
    # shellcheck disable=SC2059
    {
        # Magic, version 2.4, zone 0, accuracy 0, snaplen 65535, DLT_RAW.
        printf "$(le32 0xa1b2c3d4)\\002\\000\\004\\000$(le32 0)$(le32 0)"
        printf "$(le32 65535)$(le32 101)"
        # Timestamp 0.0, captured and original lengths.
        printf "$(le32 0)$(le32 0)$(le32 "$size")$(le32 "$size")"
        cat "$1"
    } > "$2"
}

# Prints the bytes of file $1 as lowercase hex, one byte per line.
hexbytes() {
    od -An -v -tx1 "$1" | tr -s ' ' '\n' | sed '/^$/d'
}

# Compares the packets that ipxlat-pcap wrote to pcap file $1 with the
# expected packet in file $2, ignoring the byte offsets listed in $3 (comma
# separated, or "-").  Prints nothing and succeeds on a match; otherwise
# prints why and fails.
compare() {
    hexbytes "$1" > "$tmp/out.hex"
    hexbytes "$2" > "$tmp/exp.hex"
    awk -v ignored="$3" -v outfile="$tmp/out.hex" -v expfile="$tmp/exp.hex" '
        function u32(i) {
            if (le) {
                return h(i) + h(i + 1) * 256 + h(i + 2) * 65536 \
                       + h(i + 3) * 16777216
            }
            return h(i + 3) + h(i + 2) * 256 + h(i + 1) * 65536 \
                   + h(i) * 16777216
        }
        function h(i) { return hexval[out[i]] }
        BEGIN {
            for (i = 0; i < 256; i++) {
                hexval[sprintf("%02x", i)] = i
            }
            n_out = 0
            while ((getline line < outfile) > 0) { out[n_out++] = line }
            n_exp = 0
            while ((getline line < expfile) > 0) { want[n_exp++] = line }
            if (ignored != "-") {
                n_ign = split(ignored, list, ",")
                for (i = 1; i <= n_ign; i++) { skip[list[i] + 0] = 1 }
            }

            if (n_out < 24) { print "output is not a pcap file"; exit 1 }
            magic = out[0] out[1] out[2] out[3]
            if (magic == "d4c3b2a1") { le = 1 }
            else if (magic == "a1b2c3d4") { le = 0 }
            else { print "output has a bad pcap magic " magic; exit 1 }
            if (u32(20) != 101) {
                print "output link type is " u32(20) ", not raw IP (101)"
                exit 1
            }

            # Walk the records.
            n_pkts = 0
            pos = 24
            while (pos + 16 <= n_out) {
                caplen = u32(pos + 8)
                start[n_pkts] = pos + 16
                len[n_pkts] = caplen
                n_pkts++
                pos += 16 + caplen
            }
            if (pos != n_out) { print "output pcap is truncated"; exit 1 }
            if (n_pkts != 1) {
                print "emitted " n_pkts " packets, expected 1"
                exit 1
            }

            base = start[0]
            if (len[0] != n_exp) {
                print "emitted " len[0] " bytes, expected " n_exp
                exit 1
            }
            bad = ""
            n_bad = 0
            for (i = 0; i < n_exp; i++) {
                if (!(i in skip) && out[base + i] != want[i]) {
                    if (n_bad < 8) {
                        bad = bad sprintf(" @%d:%s!=%s", i, out[base + i],
                                          want[i])
                    }
                    n_bad++
                }
            }
            if (n_bad) {
                print n_bad " bytes differ (offset:got!=expected):" bad
                exit 1
            }

            # Where the IPv4 ID is ignored, the emitted header checksum
            # must still be valid.
            if ((4 in skip) && int(hexval[want[0]] / 16) == 4) {
                ihl = (hexval[out[base]] % 16) * 4
                sum = 0
                for (i = 0; i + 1 < ihl; i += 2) {
                    sum += hexval[out[base + i]] * 256 \
                           + hexval[out[base + i + 1]]
                }
                while (sum > 65535) {
                    sum = (sum % 65536) + int(sum / 65536)
                }
                if (sum != 65535) {
                    print "emitted IPv4 header checksum is not valid"
                    exit 1
                }
            }
            exit 0
        }'
}

n_pass=0
n_fail=0
while IFS=$'\t' read -r direction input expected ignored; do
    case $direction in
        direction | '' | \#*)
            continue
            ;;
    esac
    name="$direction $(basename "$input" .pkt)"
    if [ ! -r "$data/$input" ] || [ ! -r "$data/$expected" ]; then
        echo "FAIL: $name: missing $input or $expected"
        n_fail=$((n_fail + 1))
        continue
    fi

    pkt2pcap "$data/$input" "$tmp/in.pcap"
    rm -f "$tmp/out.pcap"
    if ! "$pcap_tool" --config "$CONFIG" "$tmp/in.pcap" "$tmp/out.pcap" \
            2> "$tmp/stderr"; then
        echo "FAIL: $name: ipxlat-pcap failed: $(head -n 1 "$tmp/stderr")"
        n_fail=$((n_fail + 1))
        continue
    fi
    if why=$(compare "$tmp/out.pcap" "$data/$expected" "$ignored"); then
        echo "PASS: $name"
        n_pass=$((n_pass + 1))
    else
        # Name the engine's verdict to help whoever reads the log.
        "$pcap_tool" --stats --config "$CONFIG" "$tmp/in.pcap" \
            "$tmp/stats.pcap" 2> "$tmp/stats" > /dev/null
        verdict=$(grep -v '^packets_' "$tmp/stats" | awk '{print $1}' \
                  | tr '\n' ' ')
        echo "FAIL: $name: $why [engine: ${verdict% }]"
        n_fail=$((n_fail + 1))
    fi
done < "$cases"

if [ $((n_pass + n_fail)) -eq 0 ]; then
    echo "ERROR: $cases lists no cases"
    exit 99
fi
echo "conformance: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
