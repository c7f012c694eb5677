#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The EAM prefetch functions (ipxl_eamt_prefetch4(), ipxl_eamt_prefetch6())
# must contain prefetch instructions.  A compiler may take a function that
# only prefetches for one without side effects and delete the calls to it:
# GCC 12 did so, and the batch entry point and the Open vSwitch action then
# prefetched nothing for months while every test passed.  This looks at
# the machine code of lib/libipxlat.a.
#
# Environment: OBJDUMP (default objdump); LIBIPXLAT (default
# lib/libipxlat.a in the build tree, where 'make check' runs the tests).
#
# Exit status: 0 if both functions prefetch, 1 if one does not, 77 (skip)
# on a machine whose prefetch instructions this does not know (x86 only),
# 99 if the archive cannot be read.

objdump=${OBJDUMP:-objdump}
lib=${LIBIPXLAT:-lib/libipxlat.a}

case $(uname -m) in
x86_64|i?86) ;;
*)
    echo "SKIP: only x86's prefetch instructions are known here" \
         "($(uname -m))."
    exit 77
    ;;
esac
if [ ! -r "$lib" ]; then
    echo "ERROR: $lib not found (build the library first)." >&2
    exit 99
fi
if ! asm=$("$objdump" -d --no-show-raw-insn "$lib" 2>&1); then
    echo "ERROR: $objdump -d $lib: $asm" >&2
    exit 99
fi

status=0
for fn in ipxl_eamt_prefetch4 ipxl_eamt_prefetch6; do
    # The body: from the function's label to the blank line after it.
    body=$(echo "$asm" | awk -v fn="<$fn>:" '
        $2 == fn { on = 1; next }
        on && NF == 0 { exit }
        on { print }')
    if [ -z "$body" ]; then
        echo "ERROR: $fn not found in $lib." >&2
        exit 99
    fi
    n=$(echo "$body" | grep -cE ':[[:space:]]+prefetch')
    if [ "$n" -eq 0 ]; then
        echo "FAIL: $fn has no prefetch instruction: the compiler dropped" \
             "its prefetches (see eamt_prefetch_buckets() in lib/eamt.c)."
        status=1
    else
        echo "PASS: $fn has $n prefetch instructions."
    fi
done
exit $status
