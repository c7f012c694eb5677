#!/usr/bin/env python3
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# ipxlat-pcap end to end, packets written here from the RFCs (checksums by
# an RFC 1071 sum of this file's own, not the engine's):
#
#   - the family comes from the link layer, not from the packet (issue 13):
#     an IPv6 packet in an Ethernet frame of EtherType 0x0800, even with hop
#     limit 1, an IPv4 packet under 0x86dd, and an IPv6 packet in a capture
#     of link type 228 (IPv4 only) leave nothing and are counted as
#     drop_family_mismatch, while the same packets under the right type are
#     translated;
#   - the errors Path MTU Discovery needs have a budget of their own (issue
#     11): after a flood of 300 TTL-1 packets at one instant, of which the
#     default icmp_burst (100) get a Time Exceeded, a DF packet too big for
#     mtu6 still gets its Fragmentation Needed (RFC 7915 section 4.1).
#
# Environment: IPXLAT_PCAP, the binary (default ./tools/ipxlat-pcap, from
# the build tree's top, where 'make check' runs tests).  Exit status 0, or
# 1 with the failed checks printed.

import os
import struct
import subprocess
import sys
import tempfile

PCAP = os.environ.get("IPXLAT_PCAP", "./tools/ipxlat-pcap")
CONFIG = ("prefix=2001:db8:64::/96,eam(192.0.2.33,2001:db8:1::1),"
          "src6=2001:db8::8,mtu6=1280")

H6 = bytes.fromhex("20010db8000100000000000000000001")     # 192.0.2.33
PEER4 = bytes.fromhex("c6336402")                           # 198.51.100.2
PEER6 = bytes.fromhex("20010db80064000000000000c6336402")
H4 = bytes.fromhex("c0000221")
SRC4 = bytes.fromhex("c0000008")                            # RFC 7600
MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")

failures = []


def check(what, ok):
    print("%s: %s" % ("PASS" if ok else "FAIL", what))
    if not ok:
        failures.append(what)


def csum(data, acc=0):
    """RFC 1071: the folded one's complement sum of 'data' plus 'acc'."""
    if len(data) % 2:
        data += b"\0"
    for i in range(0, len(data), 2):
        acc += (data[i] << 8) | data[i + 1]
    while acc >> 16:
        acc = (acc & 0xffff) + (acc >> 16)
    return acc


def finish(acc):
    return (~acc) & 0xffff


def ip4(src, dst, proto, payload, ttl=64, ident=0, frag=0):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                    frag, ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", finish(csum(h))) + h[12:]
    return h + payload


def udp4(src, dst, sport, dport, data, **kw):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    c = finish(csum(src + dst + struct.pack("!BBH", 0, 17, len(u)) + u))
    u = u[:6] + struct.pack("!H", c or 0xffff) + u[8:]
    return ip4(src, dst, 17, u, **kw)


def udp6(src, dst, sport, dport, data, hlim=64):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    c = finish(csum(src + dst + struct.pack("!IxxxB", len(u), 17) + u))
    u = u[:6] + struct.pack("!H", c or 0xffff) + u[8:]
    return struct.pack("!IHBB", 0x60000000, len(u), 17, hlim) + src + dst + u


def eth(ethertype, packet):
    return MAC_B + MAC_A + struct.pack("!H", ethertype) + packet


def write_pcap(path, linktype, records):
    """records: (seconds, bytes) pairs."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535,
                            linktype))
        for sec, pkt in records:
            f.write(struct.pack("<IIII", sec, 0, len(pkt), len(pkt)))
            f.write(pkt)


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    linktype = struct.unpack("<I", data[20:24])[0]
    pkts, ofs = [], 24
    while ofs < len(data):
        caplen = struct.unpack("<I", data[ofs + 8:ofs + 12])[0]
        pkts.append(data[ofs + 16:ofs + 16 + caplen])
        ofs += 16 + caplen
    return linktype, pkts


def run(tmp, name, linktype, records):
    """Runs ipxlat-pcap --stats; returns (output packets, counters)."""
    inp = os.path.join(tmp, name + "-in.pcap")
    out = os.path.join(tmp, name + "-out.pcap")
    write_pcap(inp, linktype, records)
    p = subprocess.run([PCAP, "--stats", "--config", CONFIG, inp, out],
                       capture_output=True, text=True)
    if p.returncode:
        print("ipxlat-pcap failed (%d): %s" % (p.returncode, p.stderr))
        sys.exit(1)
    counters = {}
    for line in p.stderr.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1].isdigit():
            counters[fields[0]] = int(fields[1])
    return read_pcap(out)[1], counters


def same_but_id(got, want):
    """IPv4 packets equal but for the Identification and header checksum
    (the translator's choice for 6->4 with DF clear, RFC 7915 section
    5.1), the header checksum being valid."""
    return (len(got) == len(want) and csum(got[:20]) == 0xffff
            and got[:4] == want[:4] and got[6:10] == want[6:10]
            and got[12:] == want[12:])


def family_from_link_layer(tmp):
    v6 = udp6(H6, PEER6, 1234, 53, b"\xde\xad\xbe\xef")
    v6_hlim1 = udp6(H6, PEER6, 1234, 53, b"\xde\xad\xbe\xef", hlim=1)
    v4 = udp4(PEER4, H4, 53, 1234, b"\xde\xad\xbe\xef")

    out, c = run(tmp, "eth-mismatch", 1,
                 [(1, eth(0x0800, v6)), (1, eth(0x0800, v6_hlim1)),
                  (1, eth(0x86dd, v4))])
    check("Ethernet: IPv6 under 0x0800 (hop limit 64 and 1) and IPv4 "
          "under 0x86dd leave nothing", out == [])
    check("Ethernet: the three counted as drop_family_mismatch",
          c.get("drop_family_mismatch") == 3 and "err_time_exceeded" not in c)

    out, c = run(tmp, "raw4-mismatch", 228, [(1, v6_hlim1)])
    check("link type 228 (IPv4): an IPv6 packet leaves nothing, counted",
          out == [] and c.get("drop_family_mismatch") == 1)

    out, c = run(tmp, "eth-match", 1,
                 [(1, eth(0x86dd, v6)), (1, eth(0x0800, v4))])
    want4 = udp4(H4, PEER4, 1234, 53, b"\xde\xad\xbe\xef", ttl=63)
    want6 = udp6(PEER6, H6, 53, 1234, b"\xde\xad\xbe\xef", hlim=63)
    check("Ethernet: named right, both are translated",
          len(out) == 2 and c.get("xlat_64") == 1 and c.get("xlat_46") == 1
          and "drop_family_mismatch" not in c)
    if len(out) == 2:
        check("6->4 frame: EtherType 0x0800, the RFC 7915 5.1 packet",
              out[0][12:14] == b"\x08\x00" and same_but_id(out[0][14:], want4))
        check("4->6 frame: EtherType 0x86dd, the RFC 7915 4.1 packet",
              out[1][:14] == eth(0x86dd, b"") and out[1][14:] == want6)


def pmtu_budget(tmp):
    ttl1 = udp4(PEER4, H4, 53, 1234, b"\xde\xad\xbe\xef", ttl=1)
    big = udp4(PEER4, H4, 53, 1234, bytes(1272), frag=0x4000)   # DF
    assert len(big) == 1300

    out, c = run(tmp, "pmtu", 101, [(7, ttl1)] * 300 + [(7, big)])
    check("TTL-1 flood: 100 Time Exceeded (icmp_burst), 200 rate limited",
          c.get("err_time_exceeded") == 100
          and c.get("drop_rate_limited") == 200)
    check("DF packet too big for mtu6 during the flood: Fragmentation "
          "Needed sent", c.get("err_frag_needed") == 1
          and "drop_rate_limited_pmtu" not in c and len(out) == 101)
    # RFC 7915 section 4.1: 3/4 with MTU max(576, mtu6 - 20), from src4,
    # quoting the packet up to 576 bytes in all (RFC 1812 4.3.2.3).
    icmp = struct.pack("!BBHI", 3, 4, 0, 1260) + big[:548]
    icmp = icmp[:2] + struct.pack("!H", finish(csum(icmp))) + icmp[4:]
    want = ip4(SRC4, PEER4, 1, icmp)
    check("the Fragmentation Needed, byte for byte",
          len(out) == 101 and out[-1] == want)


def main():
    if not os.access(PCAP, os.X_OK):
        print("ERROR: %s not found (build it, or set IPXLAT_PCAP)" % PCAP)
        sys.exit(99)
    with tempfile.TemporaryDirectory() as tmp:
        family_from_link_layer(tmp)
        pmtu_budget(tmp)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)


main()
