# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Shared by scripts/build-and-demo.sh and scripts/test-all.sh: installs the
# Debian packages the build needs and builds the tree out of place.

# The Debian 12 packages needed to build, test and run the demo, including
# every command that the scripts and tests run that a minimal Debian 12
# (debootstrap minbase) lacks: the engine's build and tests (cmocka;
# libunbound, unbound and radvd for ipxlat-pref64d), Open vSwitch's
# (its 3.1 source; patch, and autoconf, automake and libtool, which also
# regenerate the build system of the 3.5 and 4.0 trees; python3 with the
# modules its build and testsuite import; sphinx for the manual pages
# written in reST, such as ovs-actions(7); libssl-dev, optional but
# recommended upstream), what fetches the 3.5 and 4.0 sources
# (scripts/get-ovs-source.sh: apt-get and dpkg-deb are in every Debian,
# debian-archive-keyring checks the suites), what the lab and the system
# tests run (ip and ss from iproute2, sysctl from procps, ping, ethtool,
# tcpdump) and what the mininet labs and their tests run (mininet, dig
# from dnsutils, traceroute).
IPXLAT_DEB_PACKAGES="autoconf automake pkg-config gcc libc6-dev make
libcmocka-dev tcpdump libunbound-dev unbound radvd iproute2 procps
openvswitch-source patch libtool python3 python3-netaddr python3-pyparsing
python3-sphinx libssl-dev iputils-ping ethtool python3-six
debian-archive-keyring mininet dnsutils traceroute"

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc 2> /dev/null || echo 2)

# Prints a step heading.
step() {
    printf '\n=== %s\n' "$*"
}

# Installs whichever of IPXLAT_DEB_PACKAGES and the packages named in the
# arguments are missing, with apt-get.
install_deps() {
    local missing="" pkg sudo=""

    for pkg in $IPXLAT_DEB_PACKAGES "$@"; do
        if ! dpkg-query -W -f '${Status}' "$pkg" 2> /dev/null \
                | grep -q 'install ok installed'; then
            missing="$missing $pkg"
        fi
    done
    if [ -z "$missing" ]; then
        step "Debian packages: all present"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo > /dev/null; then
            sudo="sudo"
        else
            echo "error: missing packages:$missing; run as root" >&2
            return 1
        fi
    fi
    step "Installing Debian packages:$missing"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends $missing
}

# Generates the configure script if needed.  A source tree configured in
# place blocks the out-of-place builds below, so it is cleaned first.
bootstrap() {
    if [ -f "$top/config.status" ]; then
        step "The source tree was configured in place: make distclean"
        make -C "$top" distclean > /dev/null || rm -f "$top/config.status"
    fi
    if [ ! -x "$top/configure" ] || [ ! -f "$top/Makefile.in" ] \
            || [ "$top/configure.ac" -nt "$top/configure" ]; then
        step "autoreconf -fi"
        (cd "$top" && autoreconf -fi)
    fi
}

# Configures and builds in directory $1 with the configure arguments that
# follow.
build_in() {
    local dir=$1
    shift
    mkdir -p "$dir"
    step "Configuring in $dir: configure $*"
    (cd "$dir" && "$top/configure" -q "$@")
    step "Building in $dir"
    make -C "$dir" -j"$jobs"
}
