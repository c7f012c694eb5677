# shellcheck shell=bash
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Shared by the end-to-end benchmarks (bench/ovs-bench.sh and
# bench/ovs-bench-fast.sh).

# Reads lines "KEY V1 V2 ..." (one measurement each, several per KEY) on
# standard input and prints "KEY M1 M2 ..." per KEY, in the order the
# keys first appeared, where Mi is the median of column Vi over that
# KEY's lines.
bench_medians() {
    awk '
        function median(a, n,    i, j, t) {
            for (i = 2; i <= n; i++) {
                for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
                    t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
                }
            }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        NF >= 2 {
            if (!($1 in count)) {
                keys[++nkeys] = $1
            }
            c = ++count[$1]
            if (NF - 1 > ncols[$1]) {
                ncols[$1] = NF - 1
            }
            for (i = 2; i <= NF; i++) {
                v[$1, i - 1, c] = $i
            }
        }
        END {
            for (k = 1; k <= nkeys; k++) {
                key = keys[k]
                line = key
                for (i = 1; i <= ncols[key]; i++) {
                    split("", a)
                    for (c = 1; c <= count[key]; c++) {
                        a[c] = v[key, i, c] + 0
                    }
                    line = line " " median(a, count[key])
                }
                print line
            }
        }'
}
