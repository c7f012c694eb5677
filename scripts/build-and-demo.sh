#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Set-up in one command: installs the Debian packages the build needs,
# builds everything in build/ and runs the demo (tools/demo.sh).
#
# Usage (as root, or with sudo available): scripts/build-and-demo.sh

set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

install_deps
bootstrap
build_in "$top/build"
step "Demo"
"$top/tools/demo.sh" "$top/build"
