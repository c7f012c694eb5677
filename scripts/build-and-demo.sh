#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Set-up in one command: installs the Debian packages the build needs,
# builds everything in build/ (the engine, the tools and Open vSwitch with
# the ipxlat patch series) and runs the demos: the translated lab, an
# IPv4-only and an IPv6-only host talking through Open vSwitch's ipxlat
# action (lab/ipxlat-lab.sh demo), the offline translator over a pcap file
# (tools/demo.sh), and 464XLAT end to end in mininet, a CLAT and a NAT64
# PLAT set up by the ofctl-scripts (lab/ipxlat-lab.sh --topo 464xlat demo).
#
# Usage (as root, or with sudo available): scripts/build-and-demo.sh

set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

# ping (iputils-ping) and ethtool are for the lab.
install_deps iputils-ping ethtool
bootstrap
build_in "$top/build"
step "Open vSwitch, built in build/ovs-build/build ('make install' installs it)"
"$top/build/ovs-build/build/vswitchd/ovs-vswitchd" --version
step "Demo 1: the translated lab (lab/ipxlat-lab.sh demo)"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo env OVS_BUILD="$top/build/ovs-build/build" "$top/lab/ipxlat-lab.sh" demo
step "Demo 2: the offline translator ipxlat-pcap (tools/demo.sh)"
"$top/tools/demo.sh" "$top/build"
step "Demo 3: 464XLAT end to end in mininet (lab/ipxlat-lab.sh --topo 464xlat demo)"
$sudo env OVS_BUILD="$top/build/ovs-build/build" "$top/lab/ipxlat-lab.sh" \
    --topo 464xlat demo
