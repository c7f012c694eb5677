/*
 * Copyright (c) 2026 The ipxlat-ovs authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* gen-reasm-pcap IN.pcap WANT.pcap: writes a capture of fragmented
 * datagrams for tests/check-pcap-reasm.sh and the capture that
 * 'ipxlat-pcap --config prefix=2001:db8:64::/96,amend_udp_zero_csum'
 * must make of it, built from the RFCs with tests/testpkt.c (never with
 * the engine):
 *
 *   t=1.000  ICMP Echo Request, 4000 bytes, 4->6 in 3 IPv4 fragments:
 *            out as 4 IPv6 fragments of 1232 bytes of payload (RFC 7915
 *            section 4.1) with the IPv4 ID, when the last one is read;
 *   t=1.100  ICMPv6 Echo Reply, 3000 bytes, 6->4 in 3 IPv6 fragments in
 *            reverse order: out as 3 IPv4 fragments of 1480 (section
 *            5.1.1);
 *   t=1.200  UDP with checksum zero, 3000 bytes, 4->6 in 3 fragments: out
 *            with the checksum computed over the whole (section 4.5);
 *   t=1.300  the first fragment of an ICMP datagram whose others never
 *            come: held, then counted as timed out once the capture's
 *            clock passes 3.300;
 *   t=5.000  a UDP datagram with a checksum, whole: translated as ever;
 *   t=5.100  the first fragment of another ICMP datagram: held, counted
 *            as timed out at the end of the capture. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-packets.h"
#include "pcap-file.h"
#include "testpkt.h"

#define H4 0xc6336402           /* 198.51.100.2, the IPv4 host. */
#define P4 0xc0000221           /* 192.0.2.33, the IPv6 host's. */
#define MAX_DGRAM 8192

static const uint8_t h6[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0,
    0xc6, 0x33, 0x64, 0x02,
};
static const uint8_t p6[16] = {
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x64, 0, 0, 0, 0, 0, 0,
    0xc0, 0x00, 0x02, 0x21,
};
static const struct test_l4 pattern = {
    .sport = 40000, .dport = 9, .mult = 11, .add = 5,
};

static struct pcap_writer in, want;

static void
put(struct pcap_writer *w, uint32_t ms, const uint8_t *p, size_t len)
{
    struct pcap_record rec = {
        .ts_sec = ms / 1000,
        .ts_usec = (ms % 1000) * 1000,
    };

    if (pcap_writer_write(w, &rec, p, len)) {
        fprintf(stderr, "gen-reasm-pcap: %s\n", w->error);
        exit(EXIT_FAILURE);
    }
}

/* Whole datagrams (tests/testpkt.h), with this file's pattern. */
static size_t
dgram4(uint8_t *p, uint8_t proto, size_t l4_len, uint32_t src, uint32_t dst,
       uint8_t ttl, uint16_t id, bool udp_csum)
{
    return test_put_dgram4(p, proto, l4_len, src, dst, ttl, id, udp_csum,
                           &pattern);
}

static size_t
dgram6(uint8_t *p, uint8_t proto, size_t l4_len, const uint8_t *src,
       const uint8_t *dst, uint8_t hlim)
{
    return test_put_dgram6(p, proto, l4_len, src, dst, hlim, &pattern);
}

/* Writes the fragments of 'd' with 'chunk' bytes each to 'w' at time
 * 'ms': IPv4 ones, or IPv6 ones with 'id' (in reverse order if
 * 'reverse'). */
static void
put_frags(struct pcap_writer *w, uint32_t ms, const uint8_t *d, size_t len,
          size_t chunk, uint32_t id, bool reverse)
{
    bool v4 = d[0] >> 4 == 4;
    size_t payload = len - (v4 ? 20 : 40);
    size_t n = (payload + chunk - 1) / chunk;
    uint8_t f[MAX_DGRAM];

    for (size_t i = 0; i < n; i++) {
        size_t ofs = (reverse ? n - 1 - i : i) * chunk;

        put(w, ms, f, (v4 ? test_frag4(d, len, ofs, chunk, f)
                       : test_frag6(d, len, ofs, chunk, id, f)));
    }
}

int
main(int argc, char *argv[])
{
    uint8_t d4[MAX_DGRAM], d6[MAX_DGRAM];
    size_t n4, n6;

    if (argc != 3) {
        fprintf(stderr, "usage: %s IN.pcap WANT.pcap\n", argv[0]);
        return EXIT_FAILURE;
    }
    if (pcap_writer_open(&in, argv[1], PCAP_LINKTYPE_RAW, PCAP_MAX_CAPLEN)
        || pcap_writer_open(&want, argv[2], PCAP_LINKTYPE_RAW,
                            PCAP_MAX_CAPLEN)) {
        fprintf(stderr, "gen-reasm-pcap: %s%s\n", in.error, want.error);
        return EXIT_FAILURE;
    }

    /* ICMP echo 4->6. */
    n4 = dgram4(d4, IPPROTO_ICMP_, 4000, H4, P4, 64, 0x1111, true);
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 4000, h6, p6, 63);
    put_frags(&in, 1000, d4, n4, 1480, 0, false);
    put_frags(&want, 1000, d6, n6, 1232, 0x1111, false);

    /* ICMPv6 echo reply 6->4, reversed. */
    n6 = dgram6(d6, IPPROTO_ICMPV6_, 3000, p6, h6, 64);
    d6[40] = ICMP6_ECHO_REPLY;
    test_fix_l4(d6 + 40, 3000, IPPROTO_ICMPV6_,
                test_csum_pseudo6(d6, IPPROTO_ICMPV6_, 3000));
    n4 = dgram4(d4, IPPROTO_ICMP_, 3000, P4, H4, 63, 0x2222, true);
    d4[20] = ICMP4_ECHO_REPLY;
    test_fix_l4(d4 + 20, 3000, IPPROTO_ICMP_, 0);
    put_frags(&in, 1100, d6, n6, 1232, 0xabcd2222, true);
    put_frags(&want, 1100, d4, n4, 1480, 0, false);

    /* Zero-checksum UDP 4->6. */
    n4 = dgram4(d4, IPPROTO_UDP_, 3000, H4, P4, 64, 0x3333, false);
    n6 = dgram6(d6, IPPROTO_UDP_, 3000, h6, p6, 63);
    put_frags(&in, 1200, d4, n4, 1480, 0, false);
    put_frags(&want, 1200, d6, n6, 1232, 0x3333, false);

    /* A datagram that never completes: its first fragment only. */
    n4 = dgram4(d4, IPPROTO_ICMP_, 3000, H4, P4, 64, 0x4444, true);
    n6 = test_frag4(d4, n4, 0, 1480, d6);
    put(&in, 1300, d6, n6);

    /* A whole UDP datagram with a checksum. */
    n4 = dgram4(d4, IPPROTO_UDP_, 100, H4, P4, 64, 0x5555, true);
    n6 = dgram6(d6, IPPROTO_UDP_, 100, h6, p6, 63);
    put(&in, 5000, d4, n4);
    put(&want, 5000, d6, n6);

    /* Held at the end of the capture. */
    n4 = dgram4(d4, IPPROTO_ICMP_, 3000, H4, P4, 64, 0x6666, true);
    n6 = test_frag4(d4, n4, 0, 1480, d6);
    put(&in, 5100, d6, n6);

    if (pcap_writer_close(&in) || pcap_writer_close(&want)) {
        fprintf(stderr, "gen-reasm-pcap: %s%s\n", in.error, want.error);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
