#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Instructions per packet for each engine path, under callgrind.
#
#   bench/run-callgrind.sh [BENCH-ENGINE [N]]
#
# For each path, runs 'bench-engine --path NAME --iterations N' and again
# with 2N under valgrind --tool=callgrind, collecting only inside the
# engine's entry points (ipxlat_translate and the fragment iterator, or
# ipxlat_translate_batch for the "-batch" paths), and prints
# (I(2N) - I(N)) / N: setup (table build, packet generation, the
# per-packet copy) cancels out.  N must be a multiple of 32 (a batch).
# The EAM paths build a 1,000,000-entry table, which takes a while under
# valgrind.

set -e

BENCH=${1:-bench/bench-engine}
N=${2:-2048}

if ! command -v valgrind >/dev/null 2>&1; then
    echo "$0: valgrind not found" >&2
    exit 1
fi
if [ ! -x "$BENCH" ]; then
    echo "$0: $BENCH not found (run 'make bench')" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints the instructions callgrind collected for one run.
count() {
    case $1 in
        *-batch) entries=--toggle-collect=ipxlat_translate_batch ;;
        *) entries="--toggle-collect=ipxlat_translate
                    --toggle-collect=ipxlat_frag_init
                    --toggle-collect=ipxlat_frag_next
                    --toggle-collect=ipxlat_pkt_needs_reasm" ;;
    esac
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file="$tmp/out" $entries \
        "$BENCH" --path "$1" --iterations "$2" >"$tmp/stdout" 2>"$tmp/log" \
        || { cat "$tmp/log" >&2; return 1; }
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$tmp/log"
}

# Target instructions per packet, if any.
target() {
    case $1 in
        tcp-46|tcp-64|udp-46|udp-64) echo "< 300" ;;
        *) echo "-" ;;
    esac
}

printf '%-12s %14s %14s %12s  %s\n' path "I($N)" "I($((2 * N)))" insn/pkt \
    target
status=0
for path in $("$BENCH" --list); do
    if i1=$(count "$path" "$N") && i2=$(count "$path" $((2 * N))); then
        per=$(awk -v a="$i1" -v b="$i2" -v n="$N" \
              'BEGIN { printf "%.1f", (b - a) / n }')
        t=$(target "$path")
        miss=
        if [ "$t" != - ] \
           && awk -v p="$per" -v t="${t#< }" 'BEGIN { exit !(p >= t) }'; then
            miss=" MISSED"
        fi
        printf '%-12s %14s %14s %12s  %s%s\n' "$path" "$i1" "$i2" "$per" \
            "$t" "$miss"
        eval "per_$(echo "$path" | tr - _)=$per"
    else
        printf '%-12s %14s %14s %12s  %s\n' "$path" n/a n/a n/a \
            "$(target "$path")"
        status=1
    fi
done

# The EAM paths differ from the UDP paths only in the address mapping.
for dir in 46 64; do
    eval "eam=\${per_eam_$dir:-} udp=\${per_udp_$dir:-}"
    if [ -n "$eam" ] && [ -n "$udp" ]; then
        printf 'EAM lookup cost %s (eam-%s - udp-%s): %s instructions\n' \
            "$(echo "$dir" | sed 's/\(.\)\(.\)/\1->\2/')" "$dir" "$dir" \
            "$(awk -v a="$eam" -v b="$udp" 'BEGIN { printf "%.1f", a - b }')"
    fi
done
exit $status
