#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Usage: ovs-plugin/export-patches.sh VERSION REPO [BASE..HEAD]
#
# Exports the commits BASE..HEAD (default base..HEAD) of the Open vSwitch
# git tree REPO, one logical change each, as the ipxlat series of VERSION
# (3.1, 3.5 or 4.0), the inverse of make-upstream-series.sh:
#
#   - the files that a commit adds are written to ovs-plugin/VERSION/src/
#     if that version has its own copy of the file, otherwise to the shared
#     ovs-plugin/src/ (so a change to a shared file reaches every version:
#     build and test the others too);
#   - the rest of each commit, its hooks into existing files, becomes
#     ovs-plugin/VERSION/patches/NNNN-*.patch ('git format-patch
#     --no-signature --zero-commit -N', old patches removed first, so
#     that an unchanged commit exports to the same bytes), with the
#     commit's message;
#   - ovs-plugin/VERSION/series is rewritten to name each patch and, on
#     the indented lines after it, the files that its commit adds.
#
# A new file must be whole in the commit that adds it: if a later commit
# changes it, squash that change into the commit that adds the file first
# ('git rebase -i').  BASE is the commit that holds the unmodified source.
#
# Then review 'git status ovs-plugin', run 'make', 'make check-ovs' and
# 'make check-ovs-style', and commit.

set -eu

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 VERSION REPO [BASE..HEAD]" >&2
    exit 2
fi
version=$1
repo=$2
range=${3:-base..HEAD}
case $range in
*..*) ;;
*)
    echo "error: $range is not a range BASE..HEAD" >&2
    exit 2
    ;;
esac

plugin=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$plugin/$version" ]; then
    echo "error: no series for Open vSwitch $version in $plugin" >&2
    exit 1
fi
patches=$plugin/$version/patches

if ! git -C "$repo" rev-parse --git-dir > /dev/null 2>&1; then
    echo "error: $repo is not a git tree" >&2
    exit 1
fi
count=$(git -C "$repo" rev-list --count "$range")
if [ "$count" -eq 0 ]; then
    echo "error: no commits in $range" >&2
    exit 1
fi
if [ -n "$(git -C "$repo" rev-list --merges "$range")" ]; then
    echo "error: $range contains merges; rebase it onto a line first" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The files that each commit adds, and a check that no other commit of the
# range touches them.
: > "$tmp/entries"
: > "$tmp/new-files"
for c in $(git -C "$repo" rev-list --reverse "$range"); do
    added=$(git -C "$repo" diff-tree --no-commit-id -r --diff-filter=A \
        --name-only "$c")
    echo "$c $added" | tr '\n' ' ' >> "$tmp/entries"
    echo >> "$tmp/entries"
    for f in $added; do
        echo "$f" >> "$tmp/new-files"
    done
done
for c in $(git -C "$repo" rev-list --reverse "$range"); do
    for f in $(git -C "$repo" diff-tree --no-commit-id -r \
            --diff-filter=MDR --name-only "$c"); do
        if grep -qx "$f" "$tmp/new-files"; then
            echo "error: commit $(git -C "$repo" log -1 --format='%h %s' \
                "$c") changes $f, which an earlier commit adds; squash" \
                "it into that commit" >&2
            exit 1
        fi
    done
done

# The hooks: every change except the new files.
set --
while read -r f; do
    set -- "$@" ":(exclude)$f"
done < "$tmp/new-files"
mkdir -p "$patches"
rm -f "$patches"/*.patch
git -C "$repo" format-patch --no-signature --zero-commit -N --quiet \
    -o "$patches" \
    "$range" -- . "$@"
if [ "$(ls "$patches" | wc -l)" -ne "$count" ]; then
    echo "error: a commit of $range has nothing but new files; it needs" \
        "at least its build hook (automake.mk)" >&2
    exit 1
fi

# The new files, and the series.
from=$(git -C "$repo" rev-parse --short "${range%%..*}")
to=$(git -C "$repo" rev-parse --short "${range##*..}")
{
    echo "# The ipxlat series for Open vSwitch $version, in the order it"
    echo "# applies (ovs-plugin/README.md, series-lib.sh): each hook patch"
    echo "# in patches/, then the new files of the same change.  Written by"
    echo "# ovs-plugin/export-patches.sh from commits $from..$to."
} > "$tmp/series"
set -- "$patches"/*.patch
while read -r c files; do
    basename "$1" >> "$tmp/series"
    shift
    for f in $files; do
        if [ -f "$plugin/$version/src/$f" ]; then
            dst=$plugin/$version/src/$f
        else
            dst=$plugin/src/$f
        fi
        mkdir -p "$(dirname "$dst")"
        git -C "$repo" show "$c:$f" > "$dst"
        echo "    $f" >> "$tmp/series"
    done
done < "$tmp/entries"
mv "$tmp/series" "$plugin/$version/series"

echo "Exported $count patches into $patches:"
sed -e '/^#/d' -e 's/^/  /' "$plugin/$version/series"
