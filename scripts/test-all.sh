#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The whole test suite in one command, on every supported Open vSwitch:
#
#   - Open vSwitch 3.1 (Debian 12's openvswitch-source, the default): builds
#     in build/ (the engine, the tools and the patched Open vSwitch with its
#     documentation) and runs 'make check' (our tests, the conformance
#     replay, the system tests and the selected Open vSwitch autotests) and
#     'make check-ovs-style' (checkpatch.py over the upstream-style 3.1
#     series and the engine), then fuzzes the action's OpenFlow encoding
#     for a bounded time ('make fuzz-ovs-run', FUZZ_SECONDS);
#   - Open vSwitch 3.5 and 4.0 (Debian 13's and unstable's, fetched by
#     scripts/get-ovs-source.sh): builds in build-ovs-3.5/ and
#     build-ovs-4.0/, without Open vSwitch's documentation, and runs the
#     Open vSwitch autotests (tests/ipxlat.at, ofp-actions.at, odp.at,
#     ofproto-dpif.at), the system tests in network namespaces and
#     'make check-ovs-style' (the series of that version, checked with its
#     own checkpatch.py);
#   - builds Open vSwitch 3.1 again in build-fast/ with DPDK and AF_XDP
#     (configure --with-dpdk --enable-afxdp, as scripts/build-fast.sh; the
#     Debian packages libdpdk-dev, libxdp-dev and libbpf-dev) and runs the
#     action on DPDK's pcap ports (tests/system-dpdk.sh);
#   - builds the engine and the tools again in build-asan/ with
#     AddressSanitizer and UndefinedBehaviorSanitizer (--without-ovs), runs
#     the fuzzers for a bounded time (FUZZ_SECONDS, default 60 each) and
#     'make check' there;
#   - builds the engine and Open vSwitch 3.1 in build-tsan/ with
#     ThreadSanitizer and runs the autotest that replaces an EAM table and
#     its flows under traffic on two PMD threads (a few minutes, most of
#     them the build; its time is printed with the others).
#
# Exits non-zero if anything fails.  It ends with the wall time of each
# part and, as the last line, the total over all test runs: "N passed, N
# failed, N skipped" (each Open vSwitch autotest and each style check count
# as one test; a skip is never a pass).  Both are printed however the run
# ends.  IPXLAT_OVS_VERSIONS (default "3.1 3.5 4.0") chooses the versions.
#
# Usage (as root, or with sudo available): scripts/test-all.sh

set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer"
SANITIZE="$SANITIZE -fno-sanitize-recover=all"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
versions=${IPXLAT_OVS_VERSIONS:-3.1 3.5 4.0}

# The tests that the non-default versions run besides Open vSwitch's
# autotests: those that need Open vSwitch.
OVS_SYSTEM_TESTS="tests/system-ipxlat.sh tests/system-offload.sh"
OVS_SYSTEM_TESTS="$OVS_SYSTEM_TESTS tests/pref64d/e2e.sh"

failed=0
total_pass=0
total_fail=0
total_skip=0
part_times=()
start_time=$SECONDS

# Prints the wall time of every part and the totals.  Runs at exit, so
# that they are printed whatever happened before.
finish() {
    local rc=$?

    trap - EXIT
    [ "$rc" -eq 0 ] || failed=1
    echo
    echo "Wall time of each part:"
    if [ ${#part_times[@]} -gt 0 ]; then
        printf '  %s\n' "${part_times[@]}"
    fi
    printf '  %-44s %6ss\n' "total" $((SECONDS - start_time))
    echo
    echo "Totals over the builds with Open vSwitch $versions (our tests, the"
    echo "selected Open vSwitch autotests and the style checks) and the"
    echo "sanitizer build (a skip is not a pass):"
    echo "test-all: $total_pass passed, $total_fail failed, $total_skip skipped"
    exit "$failed"
}
trap finish EXIT

# Runs the command that follows as the part named $1, notes its wall time,
# and notes a failure (exit status non-zero) without stopping.
part() {
    local name=$1 t0=$SECONDS rc=0
    shift
    "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
        failed=1
    fi
    part_times+=("$(printf '%-44s %6ss%s' "$name" $((SECONDS - t0)) \
        "$([ "$rc" -eq 0 ] || echo "  (failed, status $rc)")")")
    return 0
}

# Adds the counts of a log in automake's test-suite.log form ("# PASS: N"
# lines) to the totals.
add_counts() {
    local log=$1
    n() {
        local v
        v=$(sed -n "s/^# $1: *//p" "$log")
        echo "${v%%$'\n'*}" | grep -E '^[0-9]+$' || echo 0
    }
    total_pass=$((total_pass + $(n PASS)))
    total_fail=$((total_fail + $(n FAIL) + $(n ERROR) + $(n XPASS)))
    total_skip=$((total_skip + $(n SKIP)))
}

# Prints at most 2000 lines of the failures in Open vSwitch's testsuite log
# $1 (without a pipe that could break).
show_ovs_failures() {
    awk '/^## Summary of the failures/ { on = 1 }
         on && n++ < 2000 { print }
         END { if (n > 2000) print "(" n - 2000 " more lines in " \
                   FILENAME ")" }' "$1"
}

# Runs 'make check' with the arguments that follow in build directory $1;
# on failure prints the logs of the tests that failed.  Adds the counts to
# the totals: those of our tests (test-suite.log) and, in a build with Open
# vSwitch, those of its testsuite (ovs-build/testsuite-summary.log, from
# ovs-build/build/tests/testsuite.log).
check_in() {
    local dir=$1 log=$1/test-suite.log status=0
    local ovs_sum=$1/ovs-build/testsuite-summary.log
    local ovs_log=$1/ovs-build/build/tests/testsuite.log
    shift

    step "make check $* in $dir"
    rm -f "$ovs_sum" "$log"
    make -C "$dir" -j"$jobs" check "$@" || status=$?
    [ -f "$log" ] && add_counts "$log"
    [ -f "$ovs_sum" ] && add_counts "$ovs_sum"
    if [ "$status" -ne 0 ]; then
        if [ -f "$log" ]; then
            step "$log"
            cat "$log"
        fi
        if [ -f "$ovs_sum" ] && [ -f "$ovs_log" ] \
                && ! grep -q '^# FAIL: 0$' "$ovs_sum"; then
            step "$ovs_log (the failures, at most 2000 lines)"
            show_ovs_failures "$ovs_log"
        fi
        # Build failures leave no test-suite.log but still fail.
        [ -f "$log" ] || total_fail=$((total_fail + 1))
    fi
    return "$status"
}

# Runs 'make check-ovs-style' in build directory $1 (checkpatch.py over the
# upstream-style series of its Open vSwitch version and over the engine);
# counts as one test.
style_in() {
    step "make check-ovs-style in $1"
    if make -C "$1" check-ovs-style; then
        total_pass=$((total_pass + 1))
    else
        total_fail=$((total_fail + 1))
        return 1
    fi
}

# Configures and builds in $1 with the configure arguments that follow; a
# failed build counts as a failed test.
build_or_count() {
    if ! build_in "$@"; then
        total_fail=$((total_fail + 1))
        return 1
    fi
}

# Builds and tests with Open vSwitch version $1 in build-ovs-$1/.
test_version() {
    local v=$1 dir=$top/build-ovs-$1 src

    step "Open vSwitch $v: scripts/get-ovs-source.sh $v"
    if ! src=$("$top/scripts/get-ovs-source.sh" "$v" | tail -n 1); then
        total_fail=$((total_fail + 1))
        return 1
    fi
    part "Open vSwitch $v: build (no documentation)" build_or_count "$dir" \
        --with-ovs-source="$src" OVS_CONFIGURE_FLAGS=SPHINXBUILD=none
    [ -x "$dir/ovs-build/build/vswitchd/ovs-vswitchd" ] || return 1
    part "Open vSwitch $v: autotests and system tests" check_in "$dir" \
        TESTS="$OVS_SYSTEM_TESTS"
    part "Open vSwitch $v: check-ovs-style" style_in "$dir"
}

# clang and its runtime (libFuzzer) are for 'make fuzz-run' only.
part "Debian packages" install_deps clang libclang-rt-dev
bootstrap

for v in $versions; do
    case $v in
    3.1)
        part "Open vSwitch 3.1: build (with documentation)" \
            build_or_count "$top/build"
        # The fragment flood of the system test runs its full minute here.
        part "Open vSwitch 3.1: make check (all tests)" check_in "$top/build" \
            FLOOD_SECONDS="${FLOOD_SECONDS:-60}"
        part "Open vSwitch 3.1: check-ovs-style" style_in "$top/build"
        part "Open vSwitch 3.1: fuzzing the action's OpenFlow encoding" \
            make -C "$top/build" fuzz-ovs-run \
            FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
        ;;
    *)
        test_version "$v" || failed=1
        ;;
    esac
done

# The fast-path build (Open vSwitch 3.1 with DPDK and AF_XDP, as
# scripts/build-fast.sh makes it) and the action on DPDK ports.
case " $versions " in
*" 3.1 "*)
    part "Debian packages for DPDK and AF_XDP" install_deps libdpdk-dev \
        libxdp-dev libbpf-dev
    part "Open vSwitch 3.1 with DPDK and AF_XDP: build" build_or_count \
        "$top/build-fast" --with-dpdk --enable-afxdp \
        OVS_CONFIGURE_FLAGS=SPHINXBUILD=none \
        && part "Open vSwitch 3.1 with DPDK: the action on DPDK ports" \
            check_in "$top/build-fast" TESTS=tests/system-dpdk.sh OVS_CHECK=no
    ;;
esac

part "Sanitizer build" build_or_count "$top/build-asan" --without-ovs \
    CFLAGS="-g -O1 $SANITIZE" LDFLAGS="$SANITIZE"

if make -C "$top/build-asan" -n fuzz-run > /dev/null 2>&1; then
    step "Fuzzing for a bounded time: make fuzz-run"
    part "Fuzzing (make fuzz-run)" make -C "$top/build-asan" fuzz-run \
        FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
else
    step "No fuzz-run target yet: fuzzing skipped"
fi

part "Sanitizer build: make check" check_in "$top/build-asan"

# ThreadSanitizer: the engine and Open vSwitch 3.1 built with
# -fsanitize=thread, running the autotests that change EAM tables and
# flows under traffic on two PMD threads (keywords "ipxlat" and "pmd").
# Reports inside Open vSwitch's own thread primitives are suppressed
# (tests/tsan-ovs.supp, which says why); any other report fails the part.
tsan_check() {
    local dir=$1 reports=$1/tsan-reports status=0
    local sum=$1/ovs-build/testsuite-summary.log

    rm -rf "$reports"
    mkdir -p "$reports"
    step "ThreadSanitizer: make check-ovs -k ipxlat,pmd in $dir"
    TSAN_OPTIONS="log_path=$reports/report:suppressions=$top/tests/tsan-ovs.supp" \
        make -C "$dir" check-ovs OVS_TEST_FILES= \
            OVS_TESTSUITEFLAGS="-k ipxlat,pmd" OVS_RECHECK=no || status=$?
    [ -f "$sum" ] && add_counts "$sum"
    if ls "$reports"/report.* > /dev/null 2>&1; then
        step "ThreadSanitizer reports"
        cat "$reports"/report.*
        total_fail=$((total_fail + 1))
        return 1
    fi
    return "$status"
}
case " $versions " in
*" 3.1 "*)
    TSAN="-fsanitize=thread"
    part "ThreadSanitizer build (engine, Open vSwitch 3.1)" \
        build_or_count "$top/build-tsan" --without-pref64d \
        CFLAGS="-g -O1 $TSAN" LDFLAGS="$TSAN" \
        OVS_CONFIGURE_FLAGS="CFLAGS='-g -O1 $TSAN' LDFLAGS=$TSAN SPHINXBUILD=none" \
        && part "ThreadSanitizer: two PMD threads, tables replaced" \
            tsan_check "$top/build-tsan"
    ;;
esac
