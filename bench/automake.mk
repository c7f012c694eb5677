# Engine benchmark (not built by 'make': the engine may be incomplete).
#
#   make bench          builds bench/bench-engine and bench/bench-eamt (-O2)
#                       and bench/pkt-flood, the sender of
#                       bench/ovs-bench.sh --fast
#   make bench-run      prints ns/packet per path, then instructions/packet
#                       per path under callgrind (bench/run-callgrind.sh),
#                       then the cost of EAM table changes at 1M entries

EXTRA_PROGRAMS += bench/bench-engine
bench_bench_engine_SOURCES = bench/bench-engine.c tests/testpkt.c \
	tests/testpkt.h tools/pcap-file.c tools/pcap-file.h
bench_bench_engine_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-I$(top_srcdir)/tools
bench_bench_engine_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_engine_LDADD = lib/libipxlat.a
CLEANFILES += bench/bench-engine

EXTRA_PROGRAMS += bench/bench-eamt
bench_bench_eamt_SOURCES = bench/bench-eamt.c
bench_bench_eamt_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_eamt_LDADD = lib/libipxlat.a
CLEANFILES += bench/bench-eamt

EXTRA_PROGRAMS += bench/pkt-flood
bench_pkt_flood_SOURCES = bench/pkt-flood.c tools/pcap-file.c \
	tools/pcap-file.h
bench_pkt_flood_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
bench_pkt_flood_CFLAGS = $(AM_CFLAGS) -O2
bench_pkt_flood_LDADD = lib/libipxlat.a
CLEANFILES += bench/pkt-flood
EXTRA_DIST += bench/run-callgrind.sh bench/RESULTS.md

bench: bench/bench-engine bench/bench-eamt bench/pkt-flood

bench-run: bench/bench-engine bench/bench-eamt
	bench/bench-engine
	$(SHELL) $(top_srcdir)/bench/run-callgrind.sh bench/bench-engine
	bench/bench-eamt

.PHONY: bench bench-run
