# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.

# The translated lab in network namespaces (lab/ipxlat-lab.sh, the demo),
# the system test built on it and the end-to-end benchmark through Open
# vSwitch (bench/ovs-bench.sh, run by hand: 'make bench-ovs' on veth,
# 'make bench-ovs-fast' on DPDK ports with the peers, which needs a build
# configured --with-dpdk).
#
# tests/system-ipxlat.sh and tests/system-offload.sh need root and the
# Open vSwitch built in ovs-build/build; they report SKIP (77) without
# them.  So does tests/system-dpdk.sh, run only in a build configured
# --with-dpdk (CI makes one), and so does
# tests/pref64d/e2e.sh (the prefix daemon drives the lab's flows), which
# also needs unbound, and so do the tests of the ofctl-scripts and of the
# mininet labs (lab/mnlab.py), which also need mininet.

EXTRA_DIST += \
	lab/ipxlat-lab.sh \
	lab/lab-lib.sh \
	lab/dpdk-lib.sh \
	lab/lab-tool.py \
	lab/mn-lib.sh \
	lab/mnlab.py \
	tests/ofctl-scripts.sh \
	tests/lab/lib.sh \
	tests/lab/464xlat.sh \
	tests/lab/siit-dc.sh \
	tests/lab/multi-prefix.sh \
	doc/scale-out.md \
	tests/system-ipxlat.sh \
	tests/system-offload.sh \
	tests/system-dpdk.sh \
	tests/pref64d/e2e.sh \
	bench/ovs-bench.sh \
	bench/ovs-bench-fast.sh \
	bench/bench-lib.sh \
	bench/peers-lib.sh \
	bench/udp-flood.c \
	bench/RESULTS-ovs.md

if HAVE_OVS
TESTS += tests/system-ipxlat.sh
TESTS += tests/system-offload.sh
TESTS += tests/pref64d/e2e.sh
# The ofctl-scripts against a real Open vSwitch, and the tests on the
# mininet labs (issue 12); each in a network namespace of its own, SKIP
# without root or mininet.
TESTS += tests/ofctl-scripts.sh
TESTS += tests/lab/464xlat.sh
TESTS += tests/lab/siit-dc.sh
TESTS += tests/lab/multi-prefix.sh
if HAVE_DPDK
# The action on DPDK ports (net_pcap), in a build configured --with-dpdk.
TESTS += tests/system-dpdk.sh
endif

# The end-to-end benchmark: translated against plain forwarding.
bench-ovs: ovs-build/build.stamp
	OVS_BUILD=$(abs_builddir)/ovs-build/build \
	    $(SHELL) $(srcdir)/bench/ovs-bench.sh

# The fast path (PMD, DPDK ports) with TAYGA and the kernel as peers.
bench-ovs-fast: ovs-build/build.stamp bench/bench-engine bench/pkt-flood
	OVS_BUILD=$(abs_builddir)/ovs-build/build IPXLAT_BUILD=$(abs_builddir) \
	    $(SHELL) $(srcdir)/bench/ovs-bench.sh --fast
endif

.PHONY: bench-ovs bench-ovs-fast
