#!/bin/sh
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Usage: testsuite-summary.sh TESTSUITE.LOG
#
# Reads the "Test results" section that an autotest testsuite (Open
# vSwitch's tests/testsuite) writes at the end of its log and prints the
# counts in the form of automake's test-suite.log header, so that
# scripts/test-all.sh adds them up like its own:
#
#   # TOTAL: N    # PASS: N    # SKIP: N    # XFAIL: N
#   # FAIL: N     # XPASS: N   # ERROR: N
#
# A log without a results section (the testsuite did not run or did not
# finish) counts as one ERROR.

set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 TESTSUITE.LOG" >&2
    exit 2
fi

if [ ! -f "$1" ]; then
    results=
else
    # The text after the last "## Test results. ##" box, on one line.
    results=$(awk '/^## Test results\. ##$/ { s = ""; on = 1; next }
                   on { s = s " " $0 }
                   END { print s }' "$1")
fi

echo "$results" | awk '
function num(re,    m) {
    if (match(text, re)) {
        m = substr(text, RSTART, RLENGTH);
        match(m, /[0-9]+/);
        return substr(m, RSTART, RLENGTH) + 0;
    }
    return 0;
}
{ text = $0 }
END {
    if (text !~ /(tests? (were|was) (successful|run)|behaved as expected)/) {
        printf "# TOTAL: 1\n# PASS: 0\n# SKIP: 0\n# XFAIL: 0\n";
        printf "# FAIL: 0\n# XPASS: 0\n# ERROR: 1\n";
        exit;
    }
    run = num("[0-9]+ tests? (were|was) (successful|run|behaved)");
    skip = num("[0-9]+ tests? (were|was) skipped");
    fail = 0; xfail = 0; xpass = 0;
    if (text ~ /one failed unexpectedly and inhibited/) {
        fail = 1;
    } else if (text ~ /one passed unexpectedly and inhibited/) {
        xpass = 1;
    } else {
        xpass = num("[0-9]+ passed unexpectedly");
        if (text ~ /[0-9]+ failed \([0-9]+ expected failures?\)/) {
            total = num("[0-9]+ failed \\(");
            xfail = num("\\([0-9]+ expected failure");
            fail = total - xfail;
        } else {
            fail = num("[0-9]+ failed unexpectedly");
            if (fail == 0) {
                fail = num("\\([0-9]+ unexpected failure");
            }
            if (text ~ /did not behave as expected/) {
                xpass = num("[0-9]+ did not behave") - fail;
            }
        }
        if (text ~ /behaved as expected/ && xfail == 0) {
            xfail = -1;
        }
    }
    if (xfail < 0) {
        xfail = 0;
    }
    pass = run - fail - xfail - xpass;
    printf "# TOTAL: %d\n# PASS: %d\n# SKIP: %d\n# XFAIL: %d\n",
        run + skip, pass, skip, xfail;
    printf "# FAIL: %d\n# XPASS: %d\n# ERROR: 0\n", fail, xpass;
}'
