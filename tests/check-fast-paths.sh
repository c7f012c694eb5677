#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The engine's short paths for plain TCP and UDP (fast_46() in
# lib/xlat-46.c, fast_64() in lib/xlat-64.c) must make of every packet
# exactly what the general path makes of it.  This test runs the fuzz
# seeds (fuzz/gen-seeds), and the fuzzer's corpus when a 'make fuzz-run'
# left one in fuzz/corpus-translate, through tests/xlat-dump, which links
# the engine as built, and tests/xlat-dump-general, which compiles the
# engine with IPXLAT_GENERAL_PATH_ONLY (no short paths), each input under
# several configs and as 60 mutants, and compares every output byte,
# fragment, reason and buffer offset.  It also runs tests/xlat-dump
# --batch, which passes every packet through ipxlat_translate_batch()
# (which prefetches EAM buckets first), and compares that too.
#
# Exit status: 0 if the two agree, 1 if not (the first differences are
# printed), 99 if a program is missing or fails.

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipxlat-fast-paths.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

for prog in tests/gen-seeds tests/xlat-dump tests/xlat-dump-general; do
    if [ ! -x "$prog" ]; then
        echo "ERROR: $prog not found (run 'make check' in the build tree)."
        exit 99
    fi
done

mkdir "$tmp/seeds" "$tmp/configs" || exit 99
tests/gen-seeds "$tmp/seeds" "$tmp/configs" || exit 99
set -- "$tmp"/seeds/*
n_seeds=$#
n_corpus=0
if [ -d fuzz/corpus-translate ]; then
    n_corpus=$(find fuzz/corpus-translate -type f | wc -l)
fi

# Inputs as arguments, in batches (a corpus may be large).
# $1 is a program and its options, split on purpose.
dump() {
    # shellcheck disable=SC2086
    { ls "$tmp"/seeds/*
      if [ "$n_corpus" -gt 0 ]; then
          find fuzz/corpus-translate -type f | sort
      fi
    } | xargs $1 > "$2" || { echo "ERROR: $1 failed."; exit 99; }
}
dump tests/xlat-dump "$tmp/with-short-paths"
dump tests/xlat-dump-general "$tmp/general-path-only"
dump "tests/xlat-dump --batch" "$tmp/batch"

n=$(grep -c ' config ' "$tmp/with-short-paths")
if [ "$n" -lt 1000 ]; then
    echo "ERROR: only $n translations: the inputs are missing."
    exit 99
fi
if ! cmp -s "$tmp/with-short-paths" "$tmp/general-path-only"; then
    echo "FAIL: the short paths and the general path disagree:"
    diff "$tmp/with-short-paths" "$tmp/general-path-only" | head -n 20
    exit 1
fi
if ! cmp -s "$tmp/with-short-paths" "$tmp/batch"; then
    echo "FAIL: ipxlat_translate_batch() and ipxlat_translate() disagree:"
    diff "$tmp/with-short-paths" "$tmp/batch" | head -n 20
    exit 1
fi
short=$(grep -c ': xlat_[46][46] ' "$tmp/with-short-paths")
echo "PASS: $n translations of $n_seeds seeds and $n_corpus corpus" \
     "inputs agree byte for byte ($short of them plain translations)."
exit 0
