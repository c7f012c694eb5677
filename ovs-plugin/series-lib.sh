# shellcheck shell=sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Reading a version's series, sourced by prepare-source.sh (the build),
# make-upstream-series.sh (the upstream series) and export-patches.sh.
#
# A series lives in ovs-plugin/VERSION/: 'series' lists, in order, the
# patches in VERSION/patches/, one a line.  Each patch is one logical
# change: its hooks into existing Open vSwitch files are the patch, and the
# new files that belong to the same change are named on the indented lines
# that follow it, as paths in the Open vSwitch tree.  A new file is taken
# from VERSION/src/PATH if there is one (the few files that differ between
# versions), else from src/PATH (the files shared by every version).  '#'
# starts a comment.  For example:
#
#   0006-odp-execute-Run-the-ipxlat-translator-on-packets.patch
#       lib/odp-ipxlat.c
#       lib/odp-ipxlat.h
#
# shellcheck disable=SC2154
# Set 'plugin' (the ovs-plugin directory) and 'version' before using the
# functions.

# Prints the series of $version without comments and blank lines, one entry
# a line: the patch name followed by its files, separated by spaces.
series_entries() {
    sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
        "$plugin/$version/series" \
        | awk '/^[[:space:]]/ { sub(/^[[:space:]]+/, ""); line = line " " $0;
                                next }
               { if (line != "") print line; line = $0 }
               END { if (line != "") print line }'
}

# Prints the path of the hook patch named $1.
series_patch() {
    echo "$plugin/$version/patches/$1"
}

# Prints the path of new file $1 (a path in the Open vSwitch tree): the
# version's own copy if it has one, else the shared one.
series_file() {
    if [ -f "$plugin/$version/src/$1" ]; then
        echo "$plugin/$version/src/$1"
    else
        echo "$plugin/src/$1"
    fi
}

# Checks that every patch and file that the series names exists; prints
# what is missing and returns 1 otherwise.
series_check() {
    series_ok=0
    if [ ! -f "$plugin/$version/series" ]; then
        echo "error: $plugin/$version/series not found" >&2
        return 1
    fi
    series_entries > "${TMPDIR:-/tmp}/series.$$"
    while read -r series_p series_files; do
        if [ ! -f "$(series_patch "$series_p")" ]; then
            echo "error: the $version series names $series_p, which is" \
                "not in $plugin/$version/patches" >&2
            series_ok=1
        fi
        for series_f in $series_files; do
            if [ ! -f "$(series_file "$series_f")" ]; then
                echo "error: the $version series names $series_f, which" \
                    "is neither in $plugin/$version/src nor in" \
                    "$plugin/src" >&2
                series_ok=1
            fi
        done
    done < "${TMPDIR:-/tmp}/series.$$"
    rm -f "${TMPDIR:-/tmp}/series.$$"
    return $series_ok
}

# Prints the contents of everything the series consists of (the series
# itself, each patch, each file with its name), for a fingerprint.
series_contents() {
    cat "$plugin/$version/series"
    series_entries | while read -r series_p series_files; do
        cat "$(series_patch "$series_p")"
        for series_f in $series_files; do
            echo "$series_f"
            cat "$(series_file "$series_f")"
        done
    done
}

# Prints the Open vSwitch version (such as 3.1.0) of source $1, a tarball
# or an extracted tree, from the AC_INIT line of its configure.ac; prints
# nothing if $1 is not an Open vSwitch source.
ovs_source_version() {
    if [ -d "$1" ]; then
        cat "$1/configure.ac" 2> /dev/null
    else
        tar -xOf "$1" --wildcards '*/configure.ac' 2> /dev/null
    fi | sed -n 's/^AC_INIT(openvswitch, *\([0-9][0-9.]*\),.*/\1/p'
}

# Extracts Open vSwitch source $1 (a tarball or a tree, whose .git and
# _build are left out) into the new directory $2.
ovs_source_extract() {
    rm -rf "$2"
    mkdir -p "$2"
    if [ -d "$1" ]; then
        (cd "$1" && tar --exclude=./.git --exclude=./_build -cf - .) \
            | (cd "$2" && tar -xf -)
    else
        tar -xf "$1" --strip-components=1 -C "$2"
    fi
}
