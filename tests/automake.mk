# Unit tests (cmocka), one program per area, named after what they prove.
if HAVE_CMOCKA
TEST_LDADD = tests/libtestlib.a lib/libipxlat.a $(CMOCKA_LIBS)
TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
noinst_LIBRARIES += tests/libtestlib.a
tests_libtestlib_a_SOURCES = tests/testlib.c tests/testlib.h tests/testpkt.c \
	tests/testpkt.h
tests_libtestlib_a_CFLAGS = $(TEST_CFLAGS)

UNIT_TESTS = \
	tests/test-csum \
	tests/test-rfc6052 \
	tests/test-eamt \
	tests/test-eamt-file \
	tests/test-eamt-store \
	tests/test-config \
	tests/test-xlat-46 \
	tests/test-icmp-46 \
	tests/test-frag-46 \
	tests/test-frag-64 \
	tests/test-xlat-64 \
	tests/test-icmp-64 \
	tests/test-icmp-err \
	tests/test-hairpin \
	tests/test-roundtrip \
	tests/test-reasm \
	tests/test-reasm-xlat
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_test_csum_SOURCES = tests/test-csum.c
tests_test_rfc6052_SOURCES = tests/test-rfc6052.c
tests_test_eamt_SOURCES = tests/test-eamt.c
tests_test_eamt_file_SOURCES = tests/test-eamt-file.c
tests_test_eamt_store_SOURCES = tests/test-eamt-store.c
tests_test_config_SOURCES = tests/test-config.c
tests_test_xlat_46_SOURCES = tests/test-xlat-46.c
tests_test_icmp_46_SOURCES = tests/test-icmp-46.c
tests_test_frag_46_SOURCES = tests/test-frag-46.c
tests_test_frag_64_SOURCES = tests/test-frag-64.c
tests_test_xlat_64_SOURCES = tests/test-xlat-64.c
tests_test_icmp_64_SOURCES = tests/test-icmp-64.c
tests_test_icmp_err_SOURCES = tests/test-icmp-err.c
tests_test_hairpin_SOURCES = tests/test-hairpin.c
tests_test_roundtrip_SOURCES = tests/test-roundtrip.c
tests_test_csum_LDADD = $(TEST_LDADD)
tests_test_csum_CFLAGS = $(TEST_CFLAGS)
tests_test_rfc6052_LDADD = $(TEST_LDADD)
tests_test_rfc6052_CFLAGS = $(TEST_CFLAGS)
tests_test_eamt_file_LDADD = $(TEST_LDADD)
tests_test_eamt_store_LDADD = $(TEST_LDADD)
tests_test_eamt_store_CFLAGS = $(TEST_CFLAGS)
tests_test_eamt_file_CFLAGS = $(TEST_CFLAGS)
tests_test_eamt_LDADD = $(TEST_LDADD)
tests_test_eamt_CFLAGS = $(TEST_CFLAGS)
tests_test_config_LDADD = $(TEST_LDADD)
tests_test_config_CFLAGS = $(TEST_CFLAGS)
tests_test_xlat_46_LDADD = $(TEST_LDADD)
tests_test_xlat_46_CFLAGS = $(TEST_CFLAGS)
tests_test_icmp_46_LDADD = $(TEST_LDADD)
tests_test_icmp_46_CFLAGS = $(TEST_CFLAGS)
tests_test_frag_46_LDADD = $(TEST_LDADD)
tests_test_frag_46_CFLAGS = $(TEST_CFLAGS)
tests_test_frag_64_LDADD = $(TEST_LDADD)
tests_test_frag_64_CFLAGS = $(TEST_CFLAGS)
tests_test_xlat_64_LDADD = $(TEST_LDADD)
tests_test_xlat_64_CFLAGS = $(TEST_CFLAGS)
tests_test_icmp_64_LDADD = $(TEST_LDADD)
tests_test_icmp_64_CFLAGS = $(TEST_CFLAGS)
tests_test_icmp_err_LDADD = $(TEST_LDADD)
tests_test_icmp_err_CFLAGS = $(TEST_CFLAGS)
tests_test_hairpin_LDADD = $(TEST_LDADD)
tests_test_hairpin_CFLAGS = $(TEST_CFLAGS)
tests_test_roundtrip_LDADD = $(TEST_LDADD)
tests_test_roundtrip_CFLAGS = $(TEST_CFLAGS)
tests_test_reasm_SOURCES = tests/test-reasm.c
tests_test_reasm_LDADD = $(TEST_LDADD)
tests_test_reasm_CFLAGS = $(TEST_CFLAGS)
tests_test_reasm_xlat_SOURCES = tests/test-reasm-xlat.c
tests_test_reasm_xlat_LDADD = $(TEST_LDADD)
tests_test_reasm_xlat_CFLAGS = $(TEST_CFLAGS)
endif

# Conformance replays of packet pairs from ../shared/conformance/ (skipped,
# not passed, when that folder is absent).
TESTS += tests/conformance.sh
EXTRA_DIST += tests/conformance.sh

# ipxlat-pcap end to end: the family from the link layer, the budget of the
# Path MTU errors.
TESTS += tests/pcap-tool.py
EXTRA_DIST += tests/pcap-tool.py

# Every external symbol of the engine carries its prefix (ipxlat_ public,
# ipxl_ internal), so that it cannot collide with its host's.
TESTS += tests/check-symbols.sh
EXTRA_DIST += tests/check-symbols.sh

# The EAM prefetch functions really prefetch (a compiler once dropped it).
TESTS += tests/check-prefetch.sh
EXTRA_DIST += tests/check-prefetch.sh

# The short paths of the engine (fast_46(), fast_64()) against its
# general path, over the fuzz seeds and corpus: tests/xlat-dump-general is
# the same program with the engine compiled without the short paths.
check_PROGRAMS += tests/xlat-dump tests/xlat-dump-general tests/gen-seeds
tests_xlat_dump_SOURCES = tests/xlat-dump.c tests/testpkt.c tests/testpkt.h \
	fuzz/fuzz-inputs.h
tests_xlat_dump_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-I$(top_srcdir)/fuzz
tests_xlat_dump_LDADD = lib/libipxlat.a
tests_xlat_dump_general_SOURCES = tests/xlat-dump.c tests/testpkt.c \
	tests/testpkt.h $(lib_libipxlat_a_SOURCES)
tests_xlat_dump_general_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-I$(top_srcdir)/fuzz -DIPXLAT_GENERAL_PATH_ONLY
tests_gen_seeds_SOURCES = fuzz/gen-seeds.c tests/testpkt.c tests/testpkt.h
tests_gen_seeds_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
TESTS += tests/check-fast-paths.sh
EXTRA_DIST += tests/check-fast-paths.sh

# ipxlat-pcap over fragmented datagrams, against the capture that
# tests/gen-reasm-pcap writes from the RFCs.
check_PROGRAMS += tests/gen-reasm-pcap
tests_gen_reasm_pcap_SOURCES = tests/gen-reasm-pcap.c tests/testpkt.c \
	tests/testpkt.h tools/pcap-file.c tools/pcap-file.h
tests_gen_reasm_pcap_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-I$(top_srcdir)/tools
tests_gen_reasm_pcap_LDADD = lib/libipxlat.a
TESTS += tests/check-pcap-reasm.sh
EXTRA_DIST += tests/check-pcap-reasm.sh

# A flood of fragments that never complete, for the system test's memory
# bound.
check_PROGRAMS += tests/frag-flood
tests_frag_flood_SOURCES = tests/frag-flood.c tests/testpkt.c tests/testpkt.h
tests_frag_flood_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
