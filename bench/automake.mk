# Engine benchmark (not built by 'make': the engine may be incomplete).
#
#   make bench          builds bench/bench-engine (-O2)
#   make bench-run      prints ns/packet per path, then instructions/packet
#                       per path under callgrind (bench/run-callgrind.sh)

EXTRA_PROGRAMS += bench/bench-engine
bench_bench_engine_SOURCES = bench/bench-engine.c tests/testpkt.c \
	tests/testpkt.h tools/pcap-file.c tools/pcap-file.h
bench_bench_engine_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-I$(top_srcdir)/tools
bench_bench_engine_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_engine_LDADD = lib/libipxlat.a
CLEANFILES += bench/bench-engine
EXTRA_DIST += bench/run-callgrind.sh bench/RESULTS.md

bench: bench/bench-engine

bench-run: bench/bench-engine
	bench/bench-engine
	$(SHELL) $(top_srcdir)/bench/run-callgrind.sh bench/bench-engine

.PHONY: bench bench-run
