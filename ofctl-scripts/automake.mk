# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.

# The ready deployments (issue 12): executables in sbin, the Python
# modules they share in $(pkgdatadir), where the installed scripts look
# for them (the @pkgdatadir@ in each script is filled in at install; run
# from the source tree they find the modules beside themselves).
OFCTL_PROGS = \
	ofctl-scripts/ipxlat-clat \
	ofctl-scripts/ipxlat-plat \
	ofctl-scripts/ipxlat-siit-dc \
	ofctl-scripts/ipxlat-eam
OFCTL_MODULES = \
	ofctl-scripts/ipxlat_ofctl.py \
	ofctl-scripts/ipxlat_eam.py
dist_pkgdata_DATA = $(OFCTL_MODULES)
EXTRA_DIST += $(OFCTL_PROGS) ofctl-scripts/manpage.py

# The manual pages are written from the scripts themselves (their
# options, DESCRIPTION and EPILOG, the text of --help).
OFCTL_PAGES = \
	doc/ipxlat-clat.8 \
	doc/ipxlat-plat.8 \
	doc/ipxlat-siit-dc.8 \
	doc/ipxlat-eam.8
man_MANS += $(OFCTL_PAGES)
CLEANFILES += $(OFCTL_PAGES)
ofctl_man = $(MKDIR_P) doc && python3 $(srcdir)/ofctl-scripts/manpage.py
OFCTL_MAN_DEPS = ofctl-scripts/manpage.py $(OFCTL_MODULES)
doc/ipxlat-clat.8: ofctl-scripts/ipxlat-clat $(OFCTL_MAN_DEPS)
	$(AM_V_GEN)$(ofctl_man) $(srcdir)/ofctl-scripts/ipxlat-clat > $@.tmp \
	    && mv $@.tmp $@
doc/ipxlat-plat.8: ofctl-scripts/ipxlat-plat $(OFCTL_MAN_DEPS)
	$(AM_V_GEN)$(ofctl_man) $(srcdir)/ofctl-scripts/ipxlat-plat > $@.tmp \
	    && mv $@.tmp $@
doc/ipxlat-siit-dc.8: ofctl-scripts/ipxlat-siit-dc $(OFCTL_MAN_DEPS)
	$(AM_V_GEN)$(ofctl_man) $(srcdir)/ofctl-scripts/ipxlat-siit-dc \
	    > $@.tmp && mv $@.tmp $@
doc/ipxlat-eam.8: ofctl-scripts/ipxlat-eam $(OFCTL_MAN_DEPS)
	$(AM_V_GEN)$(ofctl_man) $(srcdir)/ofctl-scripts/ipxlat-eam > $@.tmp \
	    && mv $@.tmp $@

install-exec-hook: ofctl-scripts-install
uninstall-hook: ofctl-scripts-uninstall
ofctl-scripts-install:
	$(MKDIR_P) '$(DESTDIR)$(sbindir)'
	for s in $(OFCTL_PROGS); do \
	    $(SED) 's|@pkgdatadir@|$(pkgdatadir)|' $(srcdir)/$$s \
	        > '$(DESTDIR)$(sbindir)'/`basename $$s` && \
	    chmod 755 '$(DESTDIR)$(sbindir)'/`basename $$s` || exit 1; \
	done
ofctl-scripts-uninstall:
	for s in $(OFCTL_PROGS); do \
	    rm -f '$(DESTDIR)$(sbindir)'/`basename $$s`; \
	done
.PHONY: ofctl-scripts-install ofctl-scripts-uninstall
