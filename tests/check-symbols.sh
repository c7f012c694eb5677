#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The engine is linked into other programs (ovs-vswitchd), so every symbol
# that lib/libipxlat.a defines for the linker must carry its prefix:
# ipxlat_ for the public interface, every name of which ipxlat.h declares,
# or ipxl_ for the internals shared between the engine's own files.
# Anything else would collide with a function of the host of the same
# name (Open vSwitch has xmalloc(), csum(), ...) and must be static or
# renamed.
#
# Environment: NM (default nm); LIBIPXLAT (default lib/libipxlat.a in the
# build tree, where 'make check' runs the tests); srcdir (the source
# tree's top, for lib/ipxlat.h).
#
# Exit status: 0 if every symbol is prefixed, 1 if not, 99 if the archive
# cannot be read.

nm=${NM:-nm}
lib=${LIBIPXLAT:-lib/libipxlat.a}
header=${srcdir:-$(dirname "$0")/..}/lib/ipxlat.h

if [ ! -r "$lib" ] || [ ! -r "$header" ]; then
    echo "ERROR: $lib or $header not found (build the library first)." >&2
    exit 99
fi

# The defined external symbols: POSIX format is "NAME TYPE [VALUE SIZE]",
# and --defined-only leaves out the undefined ones (malloc, memcpy...).
if ! syms=$("$nm" -g -P --defined-only "$lib" 2>&1); then
    echo "ERROR: $nm $lib: $syms" >&2
    exit 99
fi
syms=$(echo "$syms" | awk 'NF >= 2 && $1 !~ /:$/ { print $1 }' | sort -u)
if [ -z "$syms" ]; then
    echo "ERROR: $nm found no symbols in $lib." >&2
    exit 99
fi

status=0
n=0
for sym in $syms; do
    n=$((n + 1))
    case $sym in
    ipxlat_*)
        if ! grep -q "\\b$sym(" "$header"; then
            echo "FAIL: $sym is public (ipxlat_) but not declared in" \
                 "lib/ipxlat.h: rename it ipxl_ or declare it there."
            status=1
        fi
        ;;
    ipxl_*)
        ;;
    *)
        echo "FAIL: $sym has no prefix: make it static or call it" \
             "ipxl_$sym (internal) or ipxlat_$sym (public)."
        status=1
        ;;
    esac
done
if [ $status = 0 ]; then
    echo "PASS: all $n external symbols of $lib are prefixed" \
         "($(echo "$syms" | grep -c '^ipxlat_') public ipxlat_," \
         "$(echo "$syms" | grep -c '^ipxl_') internal ipxl_)."
fi
exit $status
