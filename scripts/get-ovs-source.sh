#!/bin/bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Usage: scripts/get-ovs-source.sh VERSION [DIR]
#
# Fetches Debian's openvswitch-source package of Open vSwitch VERSION (3.1,
# 3.5 or 4.0) and extracts it.  The last line printed is the path of the
# source: a tarball for 3.1 (the installed /usr/src/openvswitch tarball of
# Debian 12, whose package apt-get installs if it is missing), an extracted
# tree for 3.5 (Debian 13, trixie) and 4.0 (Debian unstable, sid), either of
# which 'configure --with-ovs-source=PATH' accepts.
#
# 3.5 and 4.0 come from the Debian package registry that this machine
# already uses, through apt-get with a private configuration: a sources list
# for that suite with the mirror of the machine's own sources
# (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list), signed
# by the system's debian-archive-keyring, and its own package lists, cache
# and (empty) status under DIR/apt.  The system's apt configuration, lists
# and package state are never changed, and nothing is installed.  DIR
# defaults to build/ovs-sources in the top of this repository; the tree
# ends up in DIR/VERSION/openvswitch.  A second run with the same package
# version prints the path at once.

set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
    echo "usage: $0 VERSION [DIR]   (VERSION: 3.1, 3.5 or 4.0)" >&2
    exit 2
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    usage
fi
version=$1
dir=${2:-$top/build/ovs-sources}

# The Debian suite and package version of each supported Open vSwitch.
case $version in
3.1)
    suite=bookworm
    package_version=3.1.0-2+deb12u1
    ;;
3.5)
    suite=trixie
    package_version=3.5.0-1
    ;;
4.0)
    suite=sid
    package_version=4.0.0-2
    ;;
*)
    echo "error: Open vSwitch $version is not supported; use 3.1, 3.5" \
        "or 4.0" >&2
    exit 2
    ;;
esac

# Prints a message to standard error.
say() {
    echo "get-ovs-source: $*" >&2
}

# Debian 12's own package: install it if needed, as the build scripts do.
if [ "$version" = 3.1 ]; then
    tarball=/usr/src/openvswitch/openvswitch.tar.gz
    if [ ! -f "$tarball" ]; then
        sudo=
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        say "installing openvswitch-source"
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        $sudo env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends \
            openvswitch-source >&2
    fi
    if ! tar -xOf "$tarball" --wildcards '*/configure.ac' 2> /dev/null \
            | grep -q '^AC_INIT(openvswitch, 3\.1\.'; then
        say "error: $tarball is not Open vSwitch 3.1"
        exit 1
    fi
    echo "$tarball"
    exit 0
fi

# The mirror of the machine's own Debian sources: the first URI of a deb822
# file, else the first "deb" line of the one-line format.
mirror=
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ { print $2; exit }' \
        /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++)
                                  if ($i !~ /^\[/ && $i !~ /\]$/) {
                                      print $i; exit } }' \
        /etc/apt/sources.list)
fi
if [ -z "$mirror" ]; then
    say "error: no Debian mirror in /etc/apt/sources.list.d/debian.sources" \
        "or /etc/apt/sources.list"
    exit 1
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
if [ ! -f "$keyring" ]; then
    say "error: $keyring not found; install debian-archive-keyring"
    exit 1
fi

tree=$dir/$version/openvswitch
stamp=$dir/$version/package-version
if [ -f "$tree/configure.ac" ] && [ -f "$stamp" ] \
        && [ "$(cat "$stamp")" = "$package_version" ]; then
    echo "$tree"
    exit 0
fi

# A private apt: its own sources, lists, cache and empty status, no system
# preferences, no locks on the system's directories.
apt=$dir/apt/$suite
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" \
    "$apt/preferences.d" "$dir/$version"
: > "$apt/status"
cat > "$apt/sources.list" << EOF
deb [signed-by=$keyring] $mirror $suite main
EOF
apt_opts=(
    -o "Dir::Etc::SourceList=$apt/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists"
    -o "Dir::Cache=$apt/cache"
    -o "Dir::State::status=$apt/status"
    -o Dir::Etc::Preferences=/dev/null
    -o "Dir::Etc::PreferencesParts=$apt/preferences.d"
    -o Debug::NoLocking=1
    -o APT::Get::List-Cleanup=0
    -o APT::Sandbox::User=root
)

say "fetching openvswitch-source $package_version from $suite ($mirror)"
apt-get -q "${apt_opts[@]}" update >&2
rm -f "$dir/$version"/openvswitch-source_*.deb
(cd "$dir/$version" && apt-get -q "${apt_opts[@]}" \
    download "openvswitch-source=$package_version" >&2)
deb=$(ls "$dir/$version"/openvswitch-source_*.deb)

# The package holds the tree under usr/src/openvswitch (and, for some
# versions, a tarball there instead).
rm -rf "$dir/$version/root" "$tree"
dpkg-deb -x "$deb" "$dir/$version/root"
src=$dir/$version/root/usr/src/openvswitch
if [ -f "$src/configure.ac" ]; then
    mv "$src" "$tree"
else
    tarball=$(ls "$src"/*.tar.* 2> /dev/null | head -n 1 || true)
    if [ -z "$tarball" ]; then
        say "error: $deb holds no Open vSwitch source under" \
            "usr/src/openvswitch"
        exit 1
    fi
    mkdir -p "$tree"
    tar -xf "$tarball" --strip-components=1 -C "$tree"
fi
rm -rf "$dir/$version/root" "$deb"
if ! grep -q "^AC_INIT(openvswitch, ${version//./\\.}\." \
        "$tree/configure.ac"; then
    say "error: $tree is not Open vSwitch $version"
    exit 1
fi
echo "$package_version" > "$stamp"
echo "$tree"
