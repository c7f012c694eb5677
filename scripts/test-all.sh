#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The whole test suite in one command: installs the Debian packages, builds
# in build/ and runs 'make check', builds again in build-asan/ with
# AddressSanitizer and UndefinedBehaviorSanitizer and runs 'make check'
# there, and runs the fuzzers for a bounded time if the build has a
# 'fuzz-run' target.  Exits non-zero if anything fails.  The last line is
# the total over both test runs: "N passed, N failed, N skipped".
#
# Usage (as root, or with sudo available): scripts/test-all.sh

set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer"
SANITIZE="$SANITIZE -fno-sanitize-recover=all"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

failed=0
total_pass=0
total_fail=0
total_skip=0

# Runs 'make check' in build directory $1; on failure prints the logs of
# the tests that failed.  Adds the counts to the totals.
check_in() {
    local dir=$1 log=$1/test-suite.log status=0

    step "make check in $dir"
    make -C "$dir" -j"$jobs" check || status=$?
    if [ -f "$log" ]; then
        n() {
            local v
            v=$(sed -n "s/^# $1: *//p" "$log" | head -n 1)
            echo "${v:-0}"
        }
        total_pass=$((total_pass + $(n PASS)))
        total_fail=$((total_fail + $(n FAIL) + $(n ERROR) + $(n XPASS)))
        total_skip=$((total_skip + $(n SKIP)))
    fi
    if [ "$status" -ne 0 ]; then
        failed=1
        if [ -f "$log" ]; then
            step "$log"
            cat "$log"
        fi
        # Build failures leave no test-suite.log but still fail.
        [ -f "$log" ] || total_fail=$((total_fail + 1))
    fi
}

# clang and its runtime (libFuzzer) are for 'make fuzz-run' only.
install_deps clang libclang-rt-dev
bootstrap

build_in "$top/build"
check_in "$top/build"

build_in "$top/build-asan" CFLAGS="-g -O1 $SANITIZE" LDFLAGS="$SANITIZE"

if make -C "$top/build-asan" -n fuzz-run > /dev/null 2>&1; then
    step "Fuzzing for a bounded time: make fuzz-run"
    make -C "$top/build-asan" fuzz-run FUZZ_SECONDS="${FUZZ_SECONDS:-60}" \
        || failed=1
else
    step "No fuzz-run target yet: fuzzing skipped"
fi

check_in "$top/build-asan"

echo
echo "Totals over the plain and the sanitizer builds (a skip is not a pass):"
echo "test-all: $total_pass passed, $total_fail failed, $total_skip skipped"
exit "$failed"
