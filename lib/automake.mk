# The engine, libipxlat.  ipxlat.h and ipxlat-reason.h are its public
# interface; every other header is internal.  Every header is named
# ipxlat-*.h so that none can clash with a header of the program the
# library is linked into (Open vSwitch has config.h, packets.h, csum.h,
# util.h).
lib_libipxlat_a_SOURCES = \
	lib/addr.c \
	lib/config.c \
	lib/csum.c \
	lib/eamt.c \
	lib/eamt-file.c \
	lib/eamt-store.c \
	lib/eamt-text.c \
	lib/frag.c \
	lib/icmp-46.c \
	lib/icmp-64.c \
	lib/icmp-err.c \
	lib/ipxlat-config.h \
	lib/ipxlat-csum.h \
	lib/ipxlat-eamt.h \
	lib/ipxlat-packets.h \
	lib/ipxlat-prefix.h \
	lib/ipxlat-reasm.h \
	lib/ipxlat-reason.h \
	lib/ipxlat-rfc4884.h \
	lib/ipxlat-transport.h \
	lib/ipxlat-util.h \
	lib/ipxlat-validate.h \
	lib/ipxlat-xlat.h \
	lib/ipxlat.h \
	lib/prefix.c \
	lib/ratelimit.c \
	lib/reasm.c \
	lib/stats.c \
	lib/translate.c \
	lib/util.c \
	lib/xlat-46.c \
	lib/xlat-64.c \
	lib/xlat-reasm.c
