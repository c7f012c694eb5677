#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Usage: ovs-plugin/make-upstream-series.sh [--tree DIR] [--source PATH]
#            [--check] VERSION OUTDIR
#
# Writes the complete upstream-style ipxlat series for Open vSwitch VERSION
# (3.1, 3.5 or 4.0) into OUTDIR: 'git format-patch' output, one logical
# change per patch with its hooks and its new files together, numbered
# [PATCH n/m], after a cover letter (0000-cover-letter.patch) made from
# ovs-plugin/cover-letter.txt.  This is what could be posted to ovs-dev
# (the 4.0 series is the one to post).
#
# It builds a git tree of the source (the first commit holds the
# unmodified source, tagged 'base') and commits each entry of the series
# (series-lib.sh) on top of it with 'git am' and the entry's new files.
# With --tree DIR the tree is kept in DIR (which must not exist yet), as
# the working tree for changing the series (ovs-plugin/README.md); files
# that Open vSwitch generates (configure, Makefile.in, ...) are left out of
# git there, as in upstream's repository, so that Open vSwitch's own source
# checks run over the same files as upstream's.
#
# SOURCE is a tarball or an extracted tree of that version (default: what
# scripts/get-ovs-source.sh VERSION prints).  With --check, every patch is
# also checked with the source's utilities/checkpatch.py; the exit status
# is then 1 if it finds any problem.

set -eu

tree=
source=
check=false
while [ $# -gt 0 ]; do
    case $1 in
    --tree) tree=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --check) check=true; shift ;;
    -*) echo "error: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
if [ $# -ne 2 ]; then
    echo "usage: $0 [--tree DIR] [--source PATH] [--check] VERSION OUTDIR" \
        >&2
    exit 2
fi
version=$1
outdir=$2

plugin=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ovs-plugin/series-lib.sh
. "$plugin/series-lib.sh"
series_check || exit 1

if [ -z "$source" ]; then
    source=$("$plugin/../scripts/get-ovs-source.sh" "$version" | tail -n 1)
fi
case $(ovs_source_version "$source") in
"$version".*) ;;
*)
    echo "error: $source is not Open vSwitch $version" >&2
    exit 1
    ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$tree" ]; then
    tree=$tmp/tree
elif [ -e "$tree" ]; then
    echo "error: $tree already exists" >&2
    exit 1
fi
case $outdir in
/*) ;;
*) outdir=$(pwd)/$outdir ;;
esac

# The git commands run with a fixed committer and no user configuration, so
# that the series depends only on the repository.
g() {
    git -C "$tree" -c user.name='ipxlat-ovs' \
        -c user.email='dev@ipxlat-ovs.invalid' -c core.autocrlf=false \
        -c am.keepcr=false -c format.signOff=false "$@"
}

ovs_source_extract "$source" "$tree"
g init -q
# The files that Open vSwitch generates stay out of git, as upstream.
cat > "$tree/.git/info/exclude" << 'EOF'
/Makefile.in
*/Makefile.in
/configure
/aclocal.m4
/config.h.in
/package.m4
/build-aux/ltmain.sh
/build-aux/compile
/build-aux/config.guess
/build-aux/config.sub
/build-aux/depcomp
/build-aux/install-sh
/build-aux/missing
/build-aux/ar-lib
/build-aux/test-driver
/build-aux/py-compile
/m4/libtool.m4
/m4/lt*.m4
/tests/*testsuite
*.spec
/python/ovs/version.py
/python/ovs/dirs.py
/debian/changelog
EOF
# Open vSwitch 3.3 and later have no debian/ in their repository; Debian's
# is its packaging.
if ! grep -q 'debian/automake\.mk' "$tree/Makefile.am"; then
    echo /debian/ >> "$tree/.git/info/exclude"
fi
g add -A
g commit -q -m "Open vSwitch $(ovs_source_version "$source") (Debian openvswitch-source)."
g tag base

series_entries > "$tmp/entries"
while read -r name files; do
    if ! g am -q "$(series_patch "$name")"; then
        echo "error: $version/patches/$name does not apply" >&2
        exit 1
    fi
    for f in $files; do
        if g cat-file -e "HEAD:$f" 2> /dev/null; then
            echo "error: $name adds $f, which $source already has" >&2
            exit 1
        fi
        mkdir -p "$(dirname "$tree/$f")"
        cp "$(series_file "$f")" "$tree/$f"
        g add -f "$f"
    done
    if [ -n "$files" ]; then
        g commit -q --amend --no-edit
    fi
done < "$tmp/entries"

mkdir -p "$outdir"
rm -f "$outdir"/*.patch
g format-patch -q --no-signature -n --cover-letter -o "$outdir" base..HEAD

# The cover letter: the subject is the first line of cover-letter.txt, the
# blurb the rest.
cover=$outdir/0000-cover-letter.patch
subject=$(sed -n 1p "$plugin/cover-letter.txt")
sed -n '3,$p' "$plugin/cover-letter.txt" > "$tmp/blurb"
awk -v subject="$subject" -v blurb="$tmp/blurb" '
    /\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
    /^\*\*\* BLURB HERE \*\*\*$/ {
        while ((getline line < blurb) > 0) print line
        next
    }
    { print }' "$cover" > "$tmp/cover" && mv "$tmp/cover" "$cover"

n=$(ls "$outdir"/*.patch | wc -l)
echo "Wrote the Open vSwitch $version series to $outdir: $((n - 1))" \
    "patches and a cover letter"

status=0
if $check; then
    for p in "$outdir"/*.patch; do
        case $p in
        */0000-cover-letter.patch) continue ;;
        esac
        if ! python3 "$tree/utilities/checkpatch.py" -q "$p"; then
            status=1
        fi
    done
    if [ $status = 0 ]; then
        echo "checkpatch.py ($version): every patch is clean"
    else
        echo "checkpatch.py ($version): problems found" >&2
    fi
fi
exit $status
