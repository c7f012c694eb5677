# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.

# ipxlat-pcap: the offline translator (README.md, "ipxlat-pcap"; its
# command line is a stable interface).
bin_PROGRAMS += tools/ipxlat-pcap
tools_ipxlat_pcap_SOURCES = \
	tools/ipxlat-pcap.c \
	tools/pcap-file.c \
	tools/pcap-file.h
tools_ipxlat_pcap_LDADD = lib/libipxlat.a
dist_man_MANS += doc/ipxlat-pcap.1

# demo-packets: writes the capture that tools/demo.sh translates.
noinst_PROGRAMS += tools/demo-packets
tools_demo_packets_SOURCES = \
	tools/demo-packets.c \
	tools/pcap-file.c \
	tools/pcap-file.h
tools_demo_packets_LDADD = lib/libipxlat.a
EXTRA_DIST += tools/demo.sh
