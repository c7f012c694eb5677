#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The whole test suite in one command: installs the Debian packages, builds
# in build/ (the engine, the tools and the patched Open vSwitch) and runs
# 'make check' (our tests and the selected Open vSwitch autotests) and
# 'make check-ovs-style' (checkpatch.py), builds the engine and the tools
# again in build-asan/ with AddressSanitizer and UndefinedBehaviorSanitizer
# (--without-ovs) and runs 'make check' there, and runs the fuzzers for a
# bounded time if the build has a 'fuzz-run' target.  Exits non-zero if
# anything fails.  The last line is the total over all test runs:
# "N passed, N failed, N skipped".
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

# Adds the counts of a log in automake's test-suite.log form ("# PASS: N"
# lines) to the totals.
add_counts() {
    local log=$1
    n() {
        local v
        v=$(sed -n "s/^# $1: *//p" "$log" | head -n 1)
        echo "${v:-0}"
    }
    total_pass=$((total_pass + $(n PASS)))
    total_fail=$((total_fail + $(n FAIL) + $(n ERROR) + $(n XPASS)))
    total_skip=$((total_skip + $(n SKIP)))
}

# Runs 'make check' in build directory $1; on failure prints the logs of
# the tests that failed.  Adds the counts to the totals: those of our
# tests (test-suite.log) and, in a build with Open vSwitch, those of its
# testsuite (ovs-build/testsuite-summary.log, from
# ovs-build/build/tests/testsuite.log).
check_in() {
    local dir=$1 log=$1/test-suite.log status=0
    local ovs_sum=$1/ovs-build/testsuite-summary.log
    local ovs_log=$1/ovs-build/build/tests/testsuite.log

    step "make check in $dir"
    rm -f "$ovs_sum"
    make -C "$dir" -j"$jobs" check || status=$?
    [ -f "$log" ] && add_counts "$log"
    [ -f "$ovs_sum" ] && add_counts "$ovs_sum"
    if [ "$status" -ne 0 ]; then
        failed=1
        if [ -f "$log" ]; then
            step "$log"
            cat "$log"
        fi
        if [ -f "$ovs_sum" ] && [ -f "$ovs_log" ] \
                && ! grep -q '^# FAIL: 0$' "$ovs_sum"; then
            step "$ovs_log (the failures, at most 2000 lines)"
            sed -n '/^## Summary of the failures/,$p' "$ovs_log" \
                | head -n 2000
        fi
        # Build failures leave no test-suite.log but still fail.
        [ -f "$log" ] || total_fail=$((total_fail + 1))
    fi
}

# Runs 'make check-ovs-style' in build directory $1 (checkpatch.py over
# the Open vSwitch patch series and the engine); counts as one test.
style_in() {
    step "make check-ovs-style in $1"
    if make -C "$1" check-ovs-style; then
        total_pass=$((total_pass + 1))
    else
        total_fail=$((total_fail + 1))
        failed=1
    fi
}

# clang and its runtime (libFuzzer) are for 'make fuzz-run' only.
install_deps clang libclang-rt-dev
bootstrap

build_in "$top/build"
check_in "$top/build"
style_in "$top/build"

build_in "$top/build-asan" --without-ovs \
    CFLAGS="-g -O1 $SANITIZE" LDFLAGS="$SANITIZE"

if make -C "$top/build-asan" -n fuzz-run > /dev/null 2>&1; then
    step "Fuzzing for a bounded time: make fuzz-run"
    make -C "$top/build-asan" fuzz-run FUZZ_SECONDS="${FUZZ_SECONDS:-60}" \
        || failed=1
else
    step "No fuzz-run target yet: fuzzing skipped"
fi

check_in "$top/build-asan"

echo
echo "Totals over the plain build (with Open vSwitch's selected autotests"
echo "and the style check) and the sanitizer build (a skip is not a pass):"
echo "test-all: $total_pass passed, $total_fail failed, $total_skip skipped"
exit "$failed"
