# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.

# ipxlat-pref64d: the NAT64 prefix discovery daemon (issue 4), its unit
# tests and its system tests; none of them with --without-pref64d.
EXTRA_DIST += pref64d/ipxlat-pref64d.service pref64d/ipxlat-pref64d.8 \
	tests/pref64d/dns64.sh tests/pref64d/ra.sh tests/pref64d/ovs.sh \
	tests/pref64d/lib.sh tests/pref64d/fake-ovs-ofctl

if HAVE_PREF64D
sbin_PROGRAMS = pref64d/ipxlat-pref64d
pref64d_ipxlat_pref64d_SOURCES = \
	pref64d/pref64d.c \
	pref64d/pref64.h \
	pref64d/dns64-parse.c \
	pref64d/ra-parse.c \
	pref64d/dns64.c \
	pref64d/ra.c \
	pref64d/discovery.h \
	pref64d/prefix-set.c \
	pref64d/prefix-set.h \
	pref64d/ovs.c \
	pref64d/ovs.h
pref64d_ipxlat_pref64d_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE \
	$(LIBUNBOUND_CFLAGS)
pref64d_ipxlat_pref64d_LDADD = $(LIBUNBOUND_LIBS)
man_MANS += pref64d/ipxlat-pref64d.8

# Unit tests of the pure parts: the two parsers, the prefix set and the
# bundle text.
if HAVE_CMOCKA
PREF64_UNIT_TESTS = \
	tests/test-pref64-dns64 \
	tests/test-pref64-ra \
	tests/test-pref64-set
check_PROGRAMS += $(PREF64_UNIT_TESTS)
TESTS += $(PREF64_UNIT_TESTS)
PREF64_TEST_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE -I$(top_srcdir)/pref64d
tests_test_pref64_dns64_SOURCES = tests/test-pref64-dns64.c \
	pref64d/dns64-parse.c
tests_test_pref64_dns64_CPPFLAGS = $(PREF64_TEST_CPPFLAGS)
tests_test_pref64_dns64_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_pref64_dns64_LDADD = $(CMOCKA_LIBS)
tests_test_pref64_ra_SOURCES = tests/test-pref64-ra.c pref64d/ra-parse.c \
	pref64d/dns64-parse.c
tests_test_pref64_ra_CPPFLAGS = $(PREF64_TEST_CPPFLAGS)
tests_test_pref64_ra_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_pref64_ra_LDADD = $(CMOCKA_LIBS)
tests_test_pref64_set_SOURCES = tests/test-pref64-set.c \
	pref64d/prefix-set.c pref64d/ovs.c pref64d/dns64-parse.c
tests_test_pref64_set_CPPFLAGS = $(PREF64_TEST_CPPFLAGS)
tests_test_pref64_set_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_test_pref64_set_LDADD = $(CMOCKA_LIBS)
endif

# System tests against a real Unbound, Router Advertisements in network
# namespaces, and the flow driver against a fake ovs-ofctl.
check_PROGRAMS += tests/pref64d/send-ra
tests_pref64d_send_ra_SOURCES = tests/pref64d/send-ra.c
tests_pref64d_send_ra_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE
PREF64_SYSTEM_TESTS = \
	tests/pref64d/dns64.sh \
	tests/pref64d/ra.sh \
	tests/pref64d/ovs.sh
TESTS += $(PREF64_SYSTEM_TESTS)
endif
