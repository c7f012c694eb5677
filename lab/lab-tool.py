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
#   lab-tool.py udp-echo BIND PORT COUNT [TIMEOUT]
#       echoes COUNT datagrams (or stops at TIMEOUT seconds)
#   lab-tool.py udp-send HOST PORT COUNT SIZE [TIMEOUT]
#       sends COUNT datagrams of SIZE random bytes one at a time, waits for
#       each echo and prints "udp-send: N/COUNT echoed intact"; exit status
#       1 unless all were
#   lab-tool.py udp-recv BIND PORT SIZE [TIMEOUT]
#       receives one datagram of SIZE bytes of the pattern that
#       udp-send-nocsum sends and prints "udp-recv: SIZE bytes intact";
#       exit status 1 if none came or it differs
#   lab-tool.py udp-send-nocsum HOST PORT SIZE [COUNT]
#       sends COUNT (default 3) IPv4 datagrams of SIZE bytes of a fixed
#       pattern with UDP checksum zero (SO_NO_CHECK), 0.2 s apart
#
# The address family follows the address (IPv6 if it holds a colon).
# Exit status 0 on success, 1 on any failure or timeout.

import hashlib
import os
import socket
import sys
import time


def family(addr):
    """Returns the address family of the literal address 'addr'."""
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def tcp_recv(bind, port, timeout=30.0):
    """Accepts one TCP connection on bind:port and reads it to the end."""
    srv = socket.socket(family(bind), socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((bind, int(port)))
    srv.listen(1)
    srv.settimeout(float(timeout))
    conn, _ = srv.accept()
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
    conn.close()
    srv.close()
    print("tcp-recv: %d bytes sha256 %s" % (total, digest.hexdigest()))
    return 0


def tcp_send(host, port, nbytes, timeout=30.0):
    """Connects to host:port and sends nbytes random bytes."""
    nbytes = int(nbytes)
    # The receiver may not be listening yet: retry for a few seconds.
    connect_deadline = time.monotonic() + min(float(timeout), 5.0)
    while True:
        sock = socket.socket(family(host), socket.SOCK_STREAM)
        sock.settimeout(float(timeout))
        try:
            sock.connect((host, int(port)))
            break
        except ConnectionRefusedError:
            sock.close()
            if time.monotonic() > connect_deadline:
                raise
            time.sleep(0.1)
    digest = hashlib.sha256()
    sent = 0
    while sent < nbytes:
        chunk = os.urandom(min(65536, nbytes - sent))
        sock.sendall(chunk)
        digest.update(chunk)
        sent += len(chunk)
    sock.shutdown(socket.SHUT_WR)
    # Wait for the receiver to close, so that all data was delivered.
    while sock.recv(4096):
        pass
    sock.close()
    print("tcp-send: %d bytes sha256 %s" % (sent, digest.hexdigest()))
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


def udp_send(host, port, count, size, timeout=30.0):
    """Sends count datagrams of size random bytes to host:port, one at a
    time, and checks that each comes back unchanged."""
    sock = socket.socket(family(host), socket.SOCK_DGRAM)
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


# SO_NO_CHECK from <asm-generic/socket.h>: send IPv4 UDP with checksum 0.
SO_NO_CHECK = 11


def pattern(size):
    """The payload udp-send-nocsum sends and udp-recv expects."""
    return bytes((i * 7 + (i >> 8)) & 0xff for i in range(int(size)))


def udp_recv(bind, port, size, timeout=15.0):
    """Receives one datagram on bind:port and checks it is pattern(size)."""
    sock = socket.socket(family(bind), socket.SOCK_DGRAM)
    sock.bind((bind, int(port)))
    sock.settimeout(float(timeout))
    try:
        data = sock.recv(65536)
    except socket.timeout:
        print("udp-recv: nothing within %s s" % timeout)
        return 1
    finally:
        sock.close()
    if data != pattern(size):
        print("udp-recv: %d bytes, not the %s sent" % (len(data), size))
        return 1
    print("udp-recv: %d bytes intact" % len(data))
    return 0


def udp_send_nocsum(host, port, size, count=3):
    """Sends count datagrams of pattern(size) to host:port with UDP
    checksum zero."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, SO_NO_CHECK, 1)
    for _ in range(int(count)):
        sock.sendto(pattern(size), (host, int(port)))
        time.sleep(0.2)
    sock.close()
    print("udp-send-nocsum: %s x %s bytes sent" % (count, size))
    return 0


COMMANDS = {
    "tcp-recv": tcp_recv,
    "tcp-send": tcp_send,
    "udp-echo": udp_echo,
    "udp-send": udp_send,
    "udp-recv": udp_recv,
    "udp-send-nocsum": udp_send_nocsum,
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
