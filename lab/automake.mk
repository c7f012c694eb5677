# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.

# The translated lab in network namespaces (lab/ipxlat-lab.sh, the demo),
# the system test built on it and the end-to-end benchmark through Open
# vSwitch (bench/ovs-bench.sh, run by hand: 'make bench-ovs').
#
# tests/system-ipxlat.sh needs root and the Open vSwitch built in
# ovs-build/build; it reports SKIP (77) without them.  So does
# tests/pref64d/e2e.sh (the prefix daemon drives the lab's flows), which
# also needs unbound.

EXTRA_DIST += \
	lab/ipxlat-lab.sh \
	lab/lab-lib.sh \
	lab/lab-tool.py \
	tests/system-ipxlat.sh \
	tests/pref64d/e2e.sh \
	bench/ovs-bench.sh \
	bench/udp-flood.c \
	bench/RESULTS-ovs.md

if HAVE_OVS
TESTS += tests/system-ipxlat.sh
TESTS += tests/pref64d/e2e.sh

# The end-to-end benchmark: translated against plain forwarding.
bench-ovs: ovs-build/build.stamp
	OVS_BUILD=$(abs_builddir)/ovs-build/build \
	    $(SHELL) $(srcdir)/bench/ovs-bench.sh
endif

.PHONY: bench-ovs
