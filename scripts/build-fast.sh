#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The fast-path build: installs what the fast-path benchmark needs on top
# of the ordinary build's packages (DPDK 22.11 with its pcap and null
# drivers, libxdp and libbpf for AF_XDP, TAYGA for the peer), builds
# everything in build-fast/ with Open vSwitch configured --with-dpdk
# --enable-afxdp, and the benchmark's programs (make bench).  With
# --bench it then runs the benchmark, 'make bench-ovs-fast'
# (bench/ovs-bench.sh --fast; see bench/RESULTS-ovs.md).
#
# The default build does not need any of this; CI builds the same
# build-fast/ (without TAYGA) for tests/system-dpdk.sh.
#
# Usage (as root, or with sudo available): scripts/build-fast.sh [--bench]

set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

run_bench=no
case ${1:-} in
--bench) run_bench=yes ;;
"") ;;
*) echo "usage: scripts/build-fast.sh [--bench]" >&2; exit 1 ;;
esac

# libdpdk-dev brings DPDK's drivers (librte-net-pcap23, librte-net-null23
# among them), libxdp-dev and libbpf-dev.
install_deps libdpdk-dev libxdp-dev libbpf-dev tayga iputils-ping ethtool
bootstrap
build_in "$top/build-fast" --with-dpdk --enable-afxdp
make -C "$top/build-fast" -s bench
step "Open vSwitch with DPDK and AF_XDP, in build-fast/ovs-build/build"
"$top/build-fast/ovs-build/build/vswitchd/ovs-vswitchd" --version
if [ "$run_bench" = yes ]; then
    step "The fast-path benchmark (make bench-ovs-fast)"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo make -C "$top/build-fast" bench-ovs-fast
else
    echo "Run the benchmark with: make -C build-fast bench-ovs-fast"
fi
