#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Usage: prepare-source.sh SOURCE PLUGIN-DIR VERSION OUT-DIR
#
# Makes OUT-DIR/src an Open vSwitch source tree with the ipxlat series of
# VERSION (3.1, 3.5 or 4.0; PLUGIN-DIR/VERSION/series, see series-lib.sh)
# applied: for each entry, its new files are copied in and its hook patch
# is applied with 'patch -p1'.  SOURCE is a tarball or an extracted tree
# (its .git and _build are left out).  Nothing is downloaded.
#
# It runs on every 'make' and is cheap when nothing changed: a fingerprint
# of SOURCE and of everything in the series (the series file, the patches
# and the files it names) is kept in OUT-DIR/source.stamp, which is
# rewritten (and so gets a new time) only when the patched tree changes;
# OUT-DIR/pristine.stamp changes only when SOURCE changes.
#
# On a change, the source is extracted and patched afresh into
# OUT-DIR/src.new and compared with the previous patched tree
# (OUT-DIR/src.prev): only the files that differ are copied into
# OUT-DIR/src, with the current time, exactly as if a developer had edited
# them, so that Open vSwitch's own make rebuilds only what depends on them
# (and regenerates what it generates from them, such as tests/testsuite).
# A new SOURCE replaces OUT-DIR/src whole.  If a patch does not apply or a
# new file already exists, OUT-DIR/src is left as it was and the exit
# status is 1.

set -eu

if [ $# -ne 4 ]; then
    echo "usage: $0 SOURCE PLUGIN-DIR VERSION OUT-DIR" >&2
    exit 2
fi
source=$1
plugin=$2
version=$3
out=$4

# shellcheck source=ovs-plugin/series-lib.sh
. "$plugin/series-lib.sh"

# Prints a fingerprint of SOURCE: the tarball's checksum, or for a tree
# the list of its files with their sizes and times.
source_fingerprint() {
    if [ -d "$source" ]; then
        (cd "$source" && find . \( -name .git -o -name _build \) -prune \
            -o -type f -printf '%p %s %T@\n' | LC_ALL=C sort) | sha256sum
    else
        sha256sum < "$source"
    fi
}

# Extracts SOURCE into directory $1 and applies the series there.
extract_and_patch() {
    local_dir=$1
    ovs_source_extract "$source" "$local_dir"
    series_entries > "$out/series.entries"
    while read -r name files; do
        for f in $files; do
            if [ -e "$local_dir/$f" ]; then
                echo "error: $name adds $f, which $source already has" >&2
                return 1
            fi
            mkdir -p "$(dirname "$local_dir/$f")"
            cp "$(series_file "$f")" "$local_dir/$f"
        done
        echo "  PATCH    $version/$name"
        if ! patch -d "$local_dir" -p1 -s -f --fuzz=0 \
                --no-backup-if-mismatch < "$(series_patch "$name")"; then
            echo "error: $version/patches/$name does not apply to" \
                "$source" >&2
            return 1
        fi
    done < "$out/series.entries"
    rm -f "$out/series.entries"

    # The series changes automake.mk files, so Open vSwitch's make reruns
    # automake, which must be the version that generated the tree.  Debian
    # 13's and unstable's trees come from newer versions than Debian 12's:
    # regenerate their build system with ours.
    ours=$(automake --version 2> /dev/null | sed -n '1s/.* //p')
    if ! head -n 1 "$local_dir/Makefile.in" \
            | grep -q "by automake $ours from"; then
        echo "  BOOT     $local_dir (./boot.sh, for automake $ours)"
        if ! (cd "$local_dir" && ./boot.sh) > "$out/boot.log" 2>&1; then
            tail -n 20 "$out/boot.log"
            echo "error: ./boot.sh failed in $local_dir; see" \
                "$out/boot.log" >&2
            return 1
        fi
        # Its cache differs from run to run; nothing needs it.
        rm -rf "$local_dir/autom4te.cache"
    fi
}

if [ ! -e "$source" ]; then
    echo "error: $source not found; install openvswitch-source or" \
        "reconfigure with --with-ovs-source=PATH or --without-ovs" >&2
    exit 1
fi
series_check || exit 1

mkdir -p "$out"
pristine=$(source_fingerprint)
patched=$( (echo "$pristine"; echo "$version"; series_contents) | sha256sum)

if [ -d "$out/src" ] && [ -d "$out/src.prev" ] \
        && [ -f "$out/source.stamp" ] && [ -f "$out/pristine.stamp" ] \
        && [ "$(cat "$out/source.stamp")" = "$patched" ]; then
    exit 0
fi

echo "  PREPARE  $out/src"
extract_and_patch "$out/src.new"

if [ -d "$out/src" ] && [ -d "$out/src.prev" ] \
        && [ -f "$out/pristine.stamp" ] \
        && [ "$(cat "$out/pristine.stamp")" = "$pristine" ]; then
    # Same source, another series: carry the differences over.
    diff -rq "$out/src.prev" "$out/src.new" > "$out/series.diff" || true
    while read -r line; do
        case $line in
        "Files $out/src.prev/"*" and $out/src.new/"*" differ")
            f=${line#"Files $out/src.prev/"}
            f=${f%%" and $out/src.new/"*}
            echo "  UPDATE   $f"
            rm -f "$out/src/$f"
            cp "$out/src.new/$f" "$out/src/$f"
            ;;
        "Only in $out/src.new"*": "*)
            d=${line#"Only in $out/src.new"}
            d=${d%%": "*}
            f=${line#*": "}
            echo "  ADD      ${d#/}/$f"
            mkdir -p "$out/src$d"
            cp -R "$out/src.new$d/$f" "$out/src$d/$f"
            ;;
        "Only in $out/src.prev"*": "*)
            d=${line#"Only in $out/src.prev"}
            d=${d%%": "*}
            f=${line#*": "}
            echo "  REMOVE   ${d#/}/$f"
            rm -rf "$out/src$d/$f"
            ;;
        *)
            echo "error: cannot carry over: $line" >&2
            exit 1
            ;;
        esac
    done < "$out/series.diff"
    rm -f "$out/series.diff"
else
    # A new source: replace the tree (times as in the tarball).
    rm -rf "$out/src" "$out/src.prev"
    cp -pR "$out/src.new" "$out/src"
    echo "$pristine" > "$out/pristine.stamp"
fi
rm -rf "$out/src.prev"
mv "$out/src.new" "$out/src.prev"
echo "$patched" > "$out/source.stamp"
