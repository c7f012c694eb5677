# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.

# Open vSwitch with the ipxlat action (ovs-plugin/README.md).
#
#   make                  extracts $(OVS_SOURCE) into ovs-build/src, applies
#                         the series of its version, ovs-plugin/$(OVS_SERIES)
#                         (new files from ovs-plugin/src and hook patches),
#                         configures Open vSwitch in ovs-build/build and
#                         builds it linked with lib/libipxlat.a
#   make install          also runs Open vSwitch's 'make install' (same
#                         prefix and DESTDIR)
#   make check            also runs check-ovs
#   make check-ovs        Open vSwitch's testsuite, restricted to the files
#                         in OVS_TEST_FILES; OVS_TESTSUITEFLAGS adds flags
#                         or keywords (-k ipxlat); setting both empty runs
#                         the whole testsuite.  OVS_CHECK=no skips it in
#                         'make check'.  The counts are written to
#                         ovs-build/testsuite-summary.log in automake's
#                         "# PASS: N" form; failed tests run once more
#                         (OVS_RECHECK)
#   make upstream-series  writes the upstream-style series of this version
#                         (git format-patch, one logical change a patch)
#                         to ovs-build/upstream-series
#   make check-ovs-style  the same, and Open vSwitch's utilities/checkpatch.py
#                         over every patch of it and, with -f, over the
#                         engine and tools sources; fails on any warning
#
# Everything happens under ovs-build/ in the build directory.  Stamps make
# a second 'make' a no-op: the series is fingerprinted by
# prepare-source.sh, Open vSwitch is configured again only when our
# Makefile changes (prefix, compiler) and relinked when lib/libipxlat.a
# changes.  OVS_JOBS sets the parallelism of Open vSwitch's make (default:
# the -j of this make, or the number of CPUs).

EXTRA_DIST += \
	ovs-plugin/README.md \
	ovs-plugin/cover-letter.txt \
	ovs-plugin/export-patches.sh \
	ovs-plugin/make-upstream-series.sh \
	ovs-plugin/prepare-source.sh \
	ovs-plugin/series-lib.sh \
	ovs-plugin/testsuite-summary.sh \
	ovs-plugin/src \
	ovs-plugin/3.1 \
	ovs-plugin/3.5 \
	ovs-plugin/4.0

# The engine's public headers, which Open vSwitch includes (and only those:
# lib/ also holds internal headers whose names Open vSwitch uses too).
OVS_IPXLAT_PUBLIC_H = lib/ipxlat.h lib/ipxlat-reason.h

# The files of Open vSwitch's testsuite that 'make check' runs: the ipxlat
# tests and the upstream tests of the code the series changes.
OVS_TEST_FILES = ipxlat.at ofp-actions.at odp.at ofproto-dpif.at
# Most tests wait more than they compute: two jobs per CPU, as Open
# vSwitch's own CI runs them (-j4 on 2 CPUs).
OVS_TESTSUITEFLAGS = -j`expr 2 \* \`nproc 2>/dev/null || echo 2\``
OVS_CHECK = yes
# A few upstream tests depend on timing (for example "ofproto-dpif - lldp
# revalidator event(REV_RECONFIGURE)" in 4.0): tests that fail are run once
# more, one at a time, as Open vSwitch's own CI does (RECHECK=yes); if they
# pass then, check-ovs passes and says which tests were flaky.
# OVS_RECHECK=no makes any failure final.
OVS_RECHECK = yes
OVS_JOBS =

# Sources checked with checkpatch.py -f (lib/util.c must call malloc).
OVS_STYLE_FILES = `ls $(srcdir)/lib/*.c $(srcdir)/lib/*.h \
	$(srcdir)/tools/*.c | grep -v '/lib/util\.c$$'`

# Runs Open vSwitch's make in ovs-build/build with the arguments that
# follow: with this make's jobserver when there is one, else with
# -j$(OVS_JOBS) or one job per CPU.  Variables set on our command line
# (TESTS=..., V=1) are not passed on.
ovs_make = \
	jobs="-j`nproc 2>/dev/null || echo 2`"; \
	case " $$MAKEFLAGS" in \
	*jobserver*|*" -j"*) jobs= ;; \
	esac; \
	test -z "$(OVS_JOBS)" || jobs="-j$(OVS_JOBS)"; \
	MAKEFLAGS=`echo " $$MAKEFLAGS" | $(SED) 's/ -- .*//'`; \
	export MAKEFLAGS; \
	$(MAKE) -C ovs-build/build $$jobs

if HAVE_OVS
all-local: ovs-build/build.stamp
install-exec-local: ovs-install
uninstall-local: ovs-uninstall
clean-local: ovs-clean
distclean-local: ovs-distclean
check-local: check-ovs-if-enabled

# The patched source tree; prepare-source.sh rewrites the stamps only when
# the source or the series changed (see there).
ovs-build/source.stamp: ovs-force
	@$(SHELL) $(srcdir)/ovs-plugin/prepare-source.sh '$(OVS_SOURCE)' \
	    $(srcdir)/ovs-plugin $(OVS_SERIES) ovs-build
ovs-build/pristine.stamp: ovs-build/source.stamp
	@:

# The engine's public headers, copied only when they change, so that Open
# vSwitch rebuilds only then.
ovs-build/include-ipxlat.stamp: $(OVS_IPXLAT_PUBLIC_H)
	@$(MKDIR_P) ovs-build/include-ipxlat
	$(AM_V_GEN)for h in $(OVS_IPXLAT_PUBLIC_H); do \
	    f=ovs-build/include-ipxlat/`basename $$h`; \
	    cmp -s $(srcdir)/$$h $$f || cp $(srcdir)/$$h $$f || exit 1; \
	done; touch $@

# Open vSwitch's configure arguments: our directories, compiler and
# OVS_CONFIGURE_FLAGS, the engine's headers and archive.
ovs_configure_args = \
	--enable-silent-rules \
	--prefix='$(prefix)' --exec-prefix='$(exec_prefix)' \
	--bindir='$(bindir)' --sbindir='$(sbindir)' \
	--libdir='$(libdir)' --includedir='$(includedir)' \
	--datarootdir='$(datarootdir)' --mandir='$(mandir)' \
	--sysconfdir='$(sysconfdir)' --localstatedir='$(localstatedir)' \
	$(OVS_CONFIGURE_FLAGS) \
	CC='$(OVS_CC)' PYTHON3='$(PYTHON3)' \
	CPPFLAGS='-I$(abs_builddir)/ovs-build/include-ipxlat' \
	LIBS='$(abs_builddir)/lib/libipxlat.a'

# Rewritten only when the arguments change.
ovs-build/configure.args: ovs-force
	@$(MKDIR_P) ovs-build
	@echo $(ovs_configure_args) > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# Configured again when the source is replaced (in a new build directory)
# or the arguments change; changes to the series are left to Open
# vSwitch's make, which reruns automake or configure itself when their
# inputs change.
ovs-build/configure.stamp: ovs-build/pristine.stamp ovs-build/configure.args
	@if test ! -f $@ || test ovs-build/pristine.stamp -nt $@; then \
	    rm -rf ovs-build/build; fi
	@$(MKDIR_P) ovs-build/build
	@echo "  CONFIGURE Open vSwitch in ovs-build/build"
	$(AM_V_at)cd ovs-build/build && $(abs_builddir)/ovs-build/src/configure \
	    $(ovs_configure_args) > ../configure.log 2>&1 \
	    || { tail -n 30 ../configure.log; \
	         echo "error: Open vSwitch's configure failed;" \
	              "see ovs-build/configure.log" >&2; exit 1; }
	@touch $@

# Open vSwitch's make does not know about lib/libipxlat.a (it is in LIBS),
# so a newer archive relinks every program by touching the library they
# all depend on.
ovs-build/build.stamp: ovs-build/configure.stamp ovs-build/source.stamp \
		lib/libipxlat.a ovs-build/include-ipxlat.stamp
	@if test -f $@ && test -f ovs-build/build/lib/libopenvswitch.la \
	    && test lib/libipxlat.a -nt $@; then \
	    touch ovs-build/build/lib/libopenvswitch.la; fi
	@echo "  MAKE     Open vSwitch in ovs-build/build"
	+@$(ovs_make)
	@touch $@

ovs-install: ovs-build/build.stamp
	+@$(ovs_make) install DESTDIR='$(DESTDIR)'
ovs-uninstall:
	+@if test -f ovs-build/build/Makefile; then \
	    $(ovs_make) uninstall DESTDIR='$(DESTDIR)'; fi
ovs-clean:
	+@if test -f ovs-build/build/Makefile; then \
	    $(ovs_make) clean; fi
	rm -f ovs-build/build.stamp ovs-build/testsuite-summary.log
ovs-distclean:
	rm -rf ovs-build

check-ovs-if-enabled:
	+@if test "$(OVS_CHECK)" != no; then \
	    $(MAKE) $(AM_MAKEFLAGS) check-ovs; fi

# The testsuite's test numbers for the files in OVS_TEST_FILES come from
# 'testsuite -l' (run through Open vSwitch's check target, so that the
# test programs are built first).
check-ovs: ovs-build/build.stamp
	+@set -e; \
	rm -f ovs-build/testsuite-summary.log; \
	tests=; \
	if test -n "$(OVS_TEST_FILES)"; then \
	    $(ovs_make) check TESTSUITEFLAGS=-l > ovs-build/testsuite-list.log \
	        2>&1 || { cat ovs-build/testsuite-list.log; exit 1; }; \
	    for f in $(OVS_TEST_FILES); do \
	        n=`$(SED) -n "s/^ *\([0-9][0-9]*\): $$f:[0-9].*/\1/p" \
	            ovs-build/testsuite-list.log | tr '\n' ' '`; \
	        test -n "$$n" \
	            || echo "check-ovs: no tests in $$f (not in the series?)"; \
	        tests="$$tests $$n"; \
	    done; \
	    if test -z "`echo $$tests`"; then \
	        echo "check-ovs: no tests selected" >&2; exit 1; fi; \
	fi; \
	echo "  CHECK    Open vSwitch: $(OVS_TEST_FILES) $(OVS_TESTSUITEFLAGS)"; \
	status=0; \
	PATH=`dirname $(PYTHON3)`:$$PATH; export PATH; \
	$(ovs_make) check TESTSUITEFLAGS="$$tests $(OVS_TESTSUITEFLAGS)" \
	    || status=$$?; \
	$(SHELL) $(srcdir)/ovs-plugin/testsuite-summary.sh \
	    ovs-build/build/tests/testsuite.log > ovs-build/testsuite-summary.log; \
	if test $$status != 0 && test "$(OVS_RECHECK)" = yes \
	        && grep -q '^# FAIL: [1-9]' ovs-build/testsuite-summary.log \
	        && grep -q '^# ERROR: 0$$' ovs-build/testsuite-summary.log; then \
	    cp ovs-build/build/tests/testsuite.log ovs-build/testsuite-first.log; \
	    failed=`$(SED) -n 's/^\([0-9][0-9]*\)\. .*: FAILED (.*/\1/p' \
	        ovs-build/testsuite-first.log | tr '\n' ' '`; \
	    echo "check-ovs: running the tests that failed ($$failed) again"; \
	    if $(ovs_make) check TESTSUITEFLAGS=--recheck \
	            > ovs-build/testsuite-recheck.log 2>&1; then \
	        echo "check-ovs: FLAKY: tests $$failed failed, then passed when" \
	            "run again (first run: ovs-build/testsuite-first.log)"; \
	        status=0; \
	        awk '$$2 == "PASS:" { pass = $$3 } $$2 == "FAIL:" { fail = $$3 } \
	             { line[NR] = $$0 } \
	             END { for (i = 1; i <= NR; i++) { \
	                       l = line[i]; \
	                       if (l ~ /^# PASS:/) l = "# PASS: " pass + fail; \
	                       if (l ~ /^# FAIL:/) l = "# FAIL: 0"; \
	                       print l } }' ovs-build/testsuite-summary.log \
	            > ovs-build/testsuite-summary.tmp; \
	        mv ovs-build/testsuite-summary.tmp ovs-build/testsuite-summary.log; \
	    else \
	        echo "check-ovs: they failed again" \
	            "(ovs-build/build/tests/testsuite.log)"; \
	    fi; \
	fi; \
	cat ovs-build/testsuite-summary.log; \
	exit $$status

# checkpatch.py for 'checkpatch.py -f' over the engine comes straight from
# $(OVS_STYLE_SOURCE) (Open vSwitch 3.1's if installed, see configure.ac;
# taken again when the Makefile changes, as it does when the source does),
# so that the style check works even when a patch does not apply.  The one
# of 3.5 also runs its e-mail subject checks on source files, so that every
# file fails; the copy gets the fix that later versions have (subject
# checks only for patches).
ovs-build/checkpatch.py: Makefile
	@$(MKDIR_P) ovs-build
	$(AM_V_GEN)if test -d '$(OVS_STYLE_SOURCE)'; then \
	    cat '$(OVS_STYLE_SOURCE)/utilities/checkpatch.py'; \
	else \
	    tar -xOf '$(OVS_STYLE_SOURCE)' --wildcards \
	        '*/utilities/checkpatch.py'; \
	fi | $(SED) \
	    -e 's/^\(    \)if run_subject_checks(/\1if not checking_file and run_subject_checks(/' \
	    -e 's/^\(        \)\(print("Subject missing!\)/\1if not checking_file: \2/' \
	    > $@

# The upstream-style series of the configured version, from the same
# series as the build.
upstream-series:
	$(AM_V_GEN)$(SHELL) $(srcdir)/ovs-plugin/make-upstream-series.sh \
	    --source '$(OVS_SOURCE)' $(OVS_SERIES) ovs-build/upstream-series

check-ovs-style: ovs-build/checkpatch.py
	@status=0; \
	echo "  CHECKPATCH the $(OVS_SERIES) series (ovs-build/upstream-series)"; \
	$(SHELL) $(srcdir)/ovs-plugin/make-upstream-series.sh --check \
	    --source '$(OVS_SOURCE)' $(OVS_SERIES) ovs-build/upstream-series \
	    || status=1; \
	echo "  CHECKPATCH -f lib/*.[ch] tools/*.c"; \
	$(PYTHON3) ovs-build/checkpatch.py -q -f $(OVS_STYLE_FILES) \
	    || status=1; \
	if test $$status = 0; then echo "check-ovs-style: clean"; \
	else echo "check-ovs-style: checkpatch.py found problems" >&2; fi; \
	exit $$status

# A libFuzzer target for the action's OpenFlow encoding, Open vSwitch's
# tests/oss-fuzz/ofp_ipxlat_target.c as the series adds it (clang only;
# never part of 'make' or 'make check'; CI runs it):
#
#   make fuzz-ovs         builds ovs-build/fuzz/ofp_ipxlat_target
#   make fuzz-ovs-run     runs it for FUZZ_SECONDS from a few seeds (with
#                         fuzz/ofp-ipxlat.dict); fails on any crash
#
# lib/ofp-actions.c, which holds the action's decoder, encoder, parser and
# formatter, the target and the engine are compiled with FUZZ_CC and the
# sanitizers and coverage of FUZZ_CFLAGS; the rest of Open vSwitch comes
# from its gcc-built static library, whose own ofp-actions.o is never
# linked in because the instrumented one defines all of its symbols.
OVS_FUZZ_DIR = ovs-build/fuzz
OVS_FUZZ_INC = -Iovs-build/build -Iovs-build/src -Iovs-build/src/include \
	-Iovs-build/build/include -Iovs-build/src/lib -Iovs-build/build/lib \
	-Iovs-build/include-ipxlat

fuzz-ovs: ovs-build/build.stamp
	@$(MKDIR_P) $(OVS_FUZZ_DIR)
	$(AM_V_GEN)set -e; objs=; \
	for f in $(FUZZ_LIB_C); do \
	    o=$(OVS_FUZZ_DIR)/engine-`basename $$f .c`.o; \
	    $(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_srcdir)/lib -c $$f -o $$o; \
	    objs="$$objs $$o"; \
	done; \
	for f in lib/ofp-actions.c tests/oss-fuzz/ofp_ipxlat_target.c; do \
	    o=$(OVS_FUZZ_DIR)/`basename $$f .c`.o; \
	    $(FUZZ_CC) $(FUZZ_CFLAGS) $(OVS_FUZZ_INC) -c ovs-build/src/$$f \
	        -o $$o; \
	    objs="$$objs $$o"; \
	done; \
	libs=`$(SED) -n 's/^\(LIBS\|SSL_LIBS\|CAPNG_LDADD\) = //p' \
	    ovs-build/build/Makefile | $(SED) 's|[^ ]*libipxlat\.a||'`; \
	for a in libopenvswitch libopenvswitchavx512; do \
	    f=ovs-build/build/lib/.libs/$$a.a; \
	    if test -f $$f; then objs="$$objs $$f"; fi; \
	done; \
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $(OVS_FUZZ_DIR)/ofp_ipxlat_target \
	    $$objs $$libs

# The seeds: a configuration that uses most keys, as the properties of an
# action (first byte 0x00, 0x01, 0x02: OpenFlow 1.0, 1.3, 1.5) and as text
# (0x80, 0x81, 0x82).
fuzz-ovs-run: fuzz-ovs
	rm -rf $(OVS_FUZZ_DIR)/seed
	$(MKDIR_P) $(OVS_FUZZ_DIR)/seed $(OVS_FUZZ_DIR)/corpus \
	    $(OVS_FUZZ_DIR)/artifacts
	@set -e; \
	t='prefix=64:ff9b::/96,eam(192.0.2.1,2001:db8::1),table=t,mtu6=1400,bounce_table=3'; \
	n=`printf '%s' "$$t" | wc -c`; \
	hi=`printf '%03o' $$(( (n + 4) / 256 ))`; \
	lo=`printf '%03o' $$(( (n + 4) % 256 ))`; \
	for v in 0 1 2; do \
	    { printf "\\00$$v\\000\\000\\$$hi\\$$lo"; printf '%s' "$$t"; } \
	        > $(OVS_FUZZ_DIR)/seed/wire$$v; \
	    { printf "\\20$$v"; printf '%s' "$$t"; } \
	        > $(OVS_FUZZ_DIR)/seed/text$$v; \
	done
	@echo "fuzz-ovs: $(FUZZ_SECONDS) s, log in $(OVS_FUZZ_DIR)/fuzz.log"
	@if $(OVS_FUZZ_DIR)/ofp_ipxlat_target -max_total_time=$(FUZZ_SECONDS) \
		-print_final_stats=1 -dict=$(top_srcdir)/fuzz/ofp-ipxlat.dict \
		-artifact_prefix=$(OVS_FUZZ_DIR)/artifacts/ $(FUZZ_ARGS) \
		$(OVS_FUZZ_DIR)/corpus $(OVS_FUZZ_DIR)/seed \
		> $(OVS_FUZZ_DIR)/fuzz.log 2>&1; then \
	    grep -E '^(Done|stat::number_of_executed_units)' \
	        $(OVS_FUZZ_DIR)/fuzz.log; \
	else \
	    tail -n 80 $(OVS_FUZZ_DIR)/fuzz.log; \
	    echo "fuzz-ovs: FAILED (input in $(OVS_FUZZ_DIR)/artifacts/)"; \
	    exit 1; \
	fi
else
check-ovs check-ovs-style upstream-series fuzz-ovs fuzz-ovs-run:
	@echo "$@: configured --without-ovs" >&2; exit 1
endif

# Always out of date, never a file: the rules that depend on it decide
# themselves whether their target changes.
ovs-force:

.PHONY: check-ovs check-ovs-if-enabled check-ovs-style ovs-install \
	ovs-uninstall ovs-clean ovs-distclean upstream-series fuzz-ovs \
	fuzz-ovs-run
