#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Set-up in one command: installs the Debian packages the build needs,
# builds everything in build/ (the engine, the tools and Open vSwitch with
# the ipxlat patch series) and runs the demo (tools/demo.sh).
#
# Usage (as root, or with sudo available): scripts/build-and-demo.sh

set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

install_deps
bootstrap
build_in "$top/build"
step "Open vSwitch, built in build/ovs-build/build ('make install' installs it)"
"$top/build/ovs-build/build/vswitchd/ovs-vswitchd" --version
step "Demo"
"$top/tools/demo.sh" "$top/build"
