# Fuzzing with libFuzzer (clang only; never part of 'make' or 'make check').
#
#   make fuzz                  builds fuzz/fuzz-translate, fuzz/fuzz-config,
#                              fuzz/fuzz-reasm and fuzz/fuzz-reasm-xlat
#   make fuzz-run              runs each for FUZZ_SECONDS (default 60) from a
#                              generated seed corpus; fails on any crash
#   make fuzz-clean            removes the binaries, corpora and artifacts
#
# The targets compile the engine sources directly with FUZZ_CC and the
# sanitizers, not the gcc-built lib/libipxlat.a.  Override FUZZ_CC,
# FUZZ_CFLAGS, FUZZ_SECONDS or FUZZ_ARGS on the make command line.

FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -std=gnu11 -Wall -Wno-unused-parameter
FUZZ_SECONDS = 60
FUZZ_ARGS = -max_len=3000 -timeout=10 -rss_limit_mb=2048
FUZZ_TARGETS = fuzz/fuzz-translate fuzz/fuzz-config fuzz/fuzz-reasm \
	fuzz/fuzz-reasm-xlat

EXTRA_DIST += fuzz/fuzz-translate.c fuzz/fuzz-config.c fuzz/gen-seeds.c \
	fuzz/ofp-ipxlat.dict \
	fuzz/fuzz-check.h fuzz/fuzz-inputs.h fuzz/fuzz-reasm.c \
	fuzz/fuzz-reasm-xlat.c

# The engine's C sources, from the library's source list.
FUZZ_LIB_C = `for f in $(lib_libipxlat_a_SOURCES); do \
	case $$f in *.c) echo $(top_srcdir)/$$f ;; esac; done`

fuzz: $(FUZZ_TARGETS)

fuzz/fuzz-translate: fuzz/fuzz-translate.c fuzz/fuzz-check.h fuzz/fuzz-inputs.h \
		tests/testpkt.c tests/testpkt.h $(lib_libipxlat_a_SOURCES)
	@$(MKDIR_P) fuzz
	$(AM_V_GEN)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_srcdir)/lib \
	    -I$(top_srcdir)/tests -o $@ $(top_srcdir)/fuzz/fuzz-translate.c \
	    $(top_srcdir)/tests/testpkt.c $(FUZZ_LIB_C)

fuzz/fuzz-config: fuzz/fuzz-config.c fuzz/fuzz-check.h $(lib_libipxlat_a_SOURCES)
	@$(MKDIR_P) fuzz
	$(AM_V_GEN)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_srcdir)/lib \
	    -o $@ $(top_srcdir)/fuzz/fuzz-config.c $(FUZZ_LIB_C)

fuzz/fuzz-reasm: fuzz/fuzz-reasm.c fuzz/fuzz-check.h $(lib_libipxlat_a_SOURCES)
	@$(MKDIR_P) fuzz
	$(AM_V_GEN)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_srcdir)/lib \
	    -o $@ $(top_srcdir)/fuzz/fuzz-reasm.c $(FUZZ_LIB_C)

fuzz/fuzz-reasm-xlat: fuzz/fuzz-reasm-xlat.c fuzz/fuzz-check.h \
		fuzz/fuzz-inputs.h tests/testpkt.c tests/testpkt.h \
		$(lib_libipxlat_a_SOURCES)
	@$(MKDIR_P) fuzz
	$(AM_V_GEN)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_srcdir)/lib \
	    -I$(top_srcdir)/tests -o $@ $(top_srcdir)/fuzz/fuzz-reasm-xlat.c \
	    $(top_srcdir)/tests/testpkt.c $(FUZZ_LIB_C)

fuzz/gen-seeds: fuzz/gen-seeds.c tests/testpkt.c tests/testpkt.h \
		lib/ipxlat-packets.h
	@$(MKDIR_P) fuzz
	$(AM_V_GEN)$(FUZZ_CC) -g -O1 -std=gnu11 -I$(top_srcdir)/lib \
	    -I$(top_srcdir)/tests -o $@ $(top_srcdir)/fuzz/gen-seeds.c \
	    $(top_srcdir)/tests/testpkt.c

# Seeds are regenerated on every run; the corpus directories collect what
# the fuzzer finds and are build output (never committed).  fuzz-reasm
# starts from nothing (its records are all alike); fuzz-reasm-xlat starts
# from the translate seeds, each given a plan (cut into 512-byte pieces,
# checksums filled in, in order and reversed).
FUZZ_NAMES = translate config reasm reasm-xlat
fuzz-run: fuzz fuzz/gen-seeds
	rm -rf fuzz/seed-translate fuzz/seed-config fuzz/seed-reasm \
	    fuzz/seed-reasm-xlat
	for t in $(FUZZ_NAMES); do \
	    $(MKDIR_P) fuzz/seed-$$t fuzz/corpus-$$t || exit 1; \
	done
	$(MKDIR_P) fuzz/artifacts
	fuzz/gen-seeds fuzz/seed-translate fuzz/seed-config
	for f in fuzz/seed-translate/*; do \
	    for plan in 010 011; do \
		{ head -c 1 $$f; printf "\\$$plan\\077\\000\\000\\012\\064"; \
		  tail -c +2 $$f; } > fuzz/seed-reasm-xlat/`basename $$f`-$$plan \
		    || exit 1; \
	    done; \
	done
	@for t in $(FUZZ_NAMES); do \
	    echo "fuzz-$$t: $(FUZZ_SECONDS) s, log in fuzz/fuzz-$$t.log"; \
	    if fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
		    -print_final_stats=1 \
		    -artifact_prefix=fuzz/artifacts/$$t- $(FUZZ_ARGS) \
		    fuzz/corpus-$$t fuzz/seed-$$t > fuzz/fuzz-$$t.log 2>&1; \
	    then \
		grep -E '^(Done|stat::number_of_executed_units)' \
		    fuzz/fuzz-$$t.log; \
	    else \
		tail -n 80 fuzz/fuzz-$$t.log; \
		echo "fuzz-$$t: FAILED (input in fuzz/artifacts/)"; \
		exit 1; \
	    fi; \
	done

fuzz-clean:
	rm -rf $(FUZZ_TARGETS) fuzz/gen-seeds fuzz/artifacts
	for t in $(FUZZ_NAMES); do \
	    rm -rf fuzz/seed-$$t fuzz/corpus-$$t fuzz/fuzz-$$t.log; \
	done

.PHONY: fuzz fuzz-run fuzz-clean
