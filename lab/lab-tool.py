#!/usr/bin/env python3
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# Traffic for the translated lab (lab/lab-lib.sh): a TCP sender and
# receiver and a UDP echo client and server that check that the data
# arrives intact.  Standard library only; every wait is bounded.
#
#   lab-tool.py tcp-recv BIND PORT [TIMEOUT]
#       accepts one connection, reads to the end and prints
#       "tcp-recv: BYTES bytes sha256 HEX"
#   lab-tool.py tcp-send HOST PORT BYTES [TIMEOUT]
#       sends BYTES random bytes and prints
#       "tcp-send: BYTES bytes sha256 HEX"
#   lab-tool.py tcp-serve BIND PORT BYTES [TIMEOUT [RATE]]
#       accepts one connection, sends BYTES random bytes (a download, at
#       most RATE bytes per second) and prints
#       "tcp-serve: BYTES bytes sha256 HEX"
#   lab-tool.py tcp-fetch HOST PORT [TIMEOUT]
#       connects, reads to the end and prints "tcp-fetch: ..." likewise
#   lab-tool.py udp-echo BIND PORT COUNT [TIMEOUT]
#       echoes COUNT datagrams (or stops at TIMEOUT seconds)
#   lab-tool.py udp-send HOST PORT COUNT SIZE [TIMEOUT]
#       sends COUNT datagrams of SIZE random bytes one at a time, waits for
#       each echo and prints "udp-send: N/COUNT echoed intact"; exit status
#       1 unless all were; udp-send0 does the same with IPv4 UDP checksum
#       zero (SO_NO_CHECK), as UDP-encapsulated IPsec sends
#   lab-tool.py ra IFACE CONF
#       sends a Router Advertisement on IFACE every 'interval' seconds as
#       file CONF says, reread before each one: "key=value" lines
#       router_lifetime (s), pref64 (PREFIX/LEN or none), pref64_lifetime
#       (s), pref64_withdrawn (a prefix sent with lifetime 0, RFC 8781
#       section 4), mtu, interval (s), send (yes or no); runs until killed
#
# The address family follows the address (IPv6 if it holds a colon).
# Exit status 0 on success, 1 on any failure or timeout.

import hashlib
import ipaddress
import os
import socket
import struct
import sys
import time


def family(addr):
    """Returns the address family of the literal address 'addr'."""
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def read_all(conn, timeout):
    """Reads 'conn' to the end (or 'timeout' seconds); returns the byte
    count and the SHA-256 in hex."""
    conn.settimeout(float(timeout))
    digest = hashlib.sha256()
    total = 0
    deadline = time.monotonic() + float(timeout)
    while time.monotonic() < deadline:
        data = conn.recv(65536)
        if not data:
            break
        digest.update(data)
        total += len(data)
    return total, digest.hexdigest()


def send_random(sock, nbytes, rate=0.0):
    """Sends 'nbytes' random bytes on 'sock' (at most 'rate' bytes per
    second if not 0), shuts its sending side and waits for the peer to
    close (so that all data was delivered); returns the SHA-256 in
    hex."""
    digest = hashlib.sha256()
    sent = 0
    start = time.monotonic()
    while sent < nbytes:
        chunk = os.urandom(min(65536, nbytes - sent))
        sock.sendall(chunk)
        digest.update(chunk)
        sent += len(chunk)
        if rate:
            ahead = sent / rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    sock.shutdown(socket.SHUT_WR)
    while sock.recv(4096):
        pass
    return digest.hexdigest()


def accept_one(bind, port, timeout):
    """Listens on bind:port and returns the first connection."""
    srv = socket.socket(family(bind), socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((bind, int(port)))
    srv.listen(1)
    srv.settimeout(float(timeout))
    conn, _ = srv.accept()
    srv.close()
    conn.settimeout(float(timeout))
    return conn


def connect(host, port, timeout):
    """Connects to host:port; the listener may not be there yet, so
    refused connections are retried for a few seconds."""
    connect_deadline = time.monotonic() + min(float(timeout), 5.0)
    while True:
        sock = socket.socket(family(host), socket.SOCK_STREAM)
        sock.settimeout(float(timeout))
        try:
            sock.connect((host, int(port)))
            return sock
        except ConnectionRefusedError:
            sock.close()
            if time.monotonic() > connect_deadline:
                raise
            time.sleep(0.1)


def tcp_recv(bind, port, timeout=30.0):
    """Accepts one TCP connection on bind:port and reads it to the end."""
    conn = accept_one(bind, port, timeout)
    total, digest = read_all(conn, timeout)
    conn.close()
    print("tcp-recv: %d bytes sha256 %s" % (total, digest))
    return 0


def tcp_send(host, port, nbytes, timeout=30.0):
    """Connects to host:port and sends nbytes random bytes."""
    sock = connect(host, port, timeout)
    digest = send_random(sock, int(nbytes))
    sock.close()
    print("tcp-send: %d bytes sha256 %s" % (int(nbytes), digest))
    return 0


def tcp_serve(bind, port, nbytes, timeout=30.0, rate=0):
    """Accepts one TCP connection on bind:port and sends nbytes random
    bytes on it: the server side of a download, at most 'rate' bytes per
    second if given (so that a transfer lasts while a test changes
    something)."""
    conn = accept_one(bind, port, timeout)
    digest = send_random(conn, int(nbytes), float(rate))
    conn.close()
    print("tcp-serve: %d bytes sha256 %s" % (int(nbytes), digest))
    return 0


def tcp_fetch(host, port, timeout=30.0):
    """Connects to host:port and reads to the end: a download."""
    sock = connect(host, port, timeout)
    total, digest = read_all(sock, timeout)
    sock.close()
    print("tcp-fetch: %d bytes sha256 %s" % (total, digest))
    return 0


def udp_echo(bind, port, count, timeout=30.0):
    """Echoes up to count UDP datagrams received on bind:port."""
    sock = socket.socket(family(bind), socket.SOCK_DGRAM)
    sock.bind((bind, int(port)))
    deadline = time.monotonic() + float(timeout)
    echoed = 0
    while echoed < int(count):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            data, peer = sock.recvfrom(65536)
        except socket.timeout:
            break
        sock.sendto(data, peer)
        echoed += 1
    sock.close()
    print("udp-echo: %d datagrams echoed" % echoed)
    return 0


def udp_send(host, port, count, size, timeout=30.0, zero_csum=False):
    """Sends count datagrams of size random bytes to host:port, one at a
    time, and checks that each comes back unchanged."""
    sock = socket.socket(family(host), socket.SOCK_DGRAM)
    if zero_csum:
        # Linux's SO_NO_CHECK: IPv4 UDP leaves with checksum 0.
        sock.setsockopt(socket.SOL_SOCKET, 11, 1)
    deadline = time.monotonic() + float(timeout)
    good = 0
    for _ in range(int(count)):
        payload = os.urandom(int(size))
        # The echo server may not be bound yet: resend a few times.
        for _ in range(20):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            sock.sendto(payload, (host, int(port)))
            sock.settimeout(min(0.5, left))
            try:
                data = sock.recv(65536)
            except (socket.timeout, ConnectionRefusedError):
                continue
            if data == payload:
                good += 1
            break
    sock.close()
    print("udp-send: %d/%d echoed intact" % (good, int(count)))
    return 0 if good == int(count) else 1


def udp_send0(host, port, count, size, timeout=30.0):
    """udp_send() with checksum zero."""
    return udp_send(host, port, count, size, timeout, zero_csum=True)


def read_conf(path):
    """The key=value lines of 'path' as a dict (empty if unreadable)."""
    conf = {}
    try:
        with open(path) as f:
            for line in f:
                key, _, val = line.strip().partition("=")
                if key and not key.startswith("#"):
                    conf[key.strip()] = val.strip()
    except OSError:
        pass
    return conf


def router_advertisement(conf, mac):
    """An RA (RFC 4861 section 4.2) with a source link-layer address,
    optionally an MTU and a PREF64 option (RFC 8781 section 4); the
    kernel fills in the checksum."""
    msg = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0,
                      int(conf.get("router_lifetime", 1800)), 0, 0)
    msg += b"\x01\x01" + bytes(int(x, 16) for x in mac.split(":"))
    if conf.get("mtu"):
        msg += struct.pack("!BBHI", 5, 1, 0, int(conf["mtu"]))
    plc = {96: 0, 64: 1, 56: 2, 48: 3, 40: 4, 32: 5}
    options = [(conf.get("pref64", "none"),
                int(conf.get("pref64_lifetime", 1800))),
               (conf.get("pref64_withdrawn", "none"), 0)]
    for pref64, lifetime in options:
        if pref64 == "none":
            continue
        net = ipaddress.IPv6Network(pref64)
        scaled = (lifetime + 7) // 8
        msg += struct.pack("!BBH", 38, 2, scaled << 3 | plc[net.prefixlen])
        msg += net.network_address.packed[:12]
    return msg


def ra(iface, conf_path):
    """Sends Router Advertisements on iface as conf_path says, until
    killed (a router of the lab; Debian 12's radvd has no PREF64)."""
    with open("/sys/class/net/%s/address" % iface) as f:
        mac = f.read().strip()
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                         socket.IPPROTO_ICMPV6)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                    iface.encode())
    dst = ("ff02::1", 0, 0, socket.if_nametoindex(iface))
    while True:
        conf = read_conf(conf_path)
        if conf.get("send", "yes") == "yes":
            try:
                sock.sendto(router_advertisement(conf, mac), dst)
            except OSError as e:
                sys.stderr.write("ra: %s\n" % e)
        time.sleep(float(conf.get("interval", 2)))


COMMANDS = {
    "tcp-recv": tcp_recv,
    "tcp-send": tcp_send,
    "tcp-serve": tcp_serve,
    "tcp-fetch": tcp_fetch,
    "udp-echo": udp_echo,
    "udp-send": udp_send,
    "udp-send0": udp_send0,
    "ra": ra,
}


def main(argv):
    """Runs the command named in argv[1]."""
    if len(argv) < 2 or argv[1] not in COMMANDS:
        sys.stderr.write("usage: lab-tool.py %s ARGS...\n"
                         % "|".join(sorted(COMMANDS)))
        return 1
    try:
        return COMMANDS[argv[1]](*argv[2:])
    except (OSError, TypeError, ValueError) as e:
        sys.stderr.write("lab-tool.py %s: %s\n" % (argv[1], e))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
