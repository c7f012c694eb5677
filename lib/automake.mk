lib_libipxlat_a_SOURCES = \
	lib/addr.c \
	lib/config.c \
	lib/config.h \
	lib/csum.c \
	lib/csum.h \
	lib/eamt.c \
	lib/eamt.h \
	lib/frag.c \
	lib/icmp-46.c \
	lib/icmp-64.c \
	lib/icmp-err.c \
	lib/ipxlat.h \
	lib/packets.h \
	lib/prefix.c \
	lib/prefix.h \
	lib/ratelimit.c \
	lib/reason.h \
	lib/stats.c \
	lib/translate.c \
	lib/util.c \
	lib/util.h \
	lib/validate4.c \
	lib/validate6.c \
	lib/xlat-46.c \
	lib/xlat-64.c \
	lib/xlat.h
