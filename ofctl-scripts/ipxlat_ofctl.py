# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
"""What the ipxlat deployment scripts share.

ipxlat-clat, ipxlat-plat and ipxlat-siit-dc turn an Open vSwitch bridge
(datapath_type=netdev) into a translator by installing flows; this module
holds everything they do alike:

- talking to Open vSwitch: read-only queries always run, changes are
  printed instead under --dry-run (Ovs);
- the checks that end in a one-line error and exit status 1 (a missing
  bridge or port, a datapath that is not netdev, an Open vSwitch without
  the ipxlat action, a bad prefix or address);
- RFC 6052 prefixes and the embedding of IPv4 addresses in them;
- the neighbour machinery, identical on every bridge: ARP and Neighbor
  Solicitations for the bridge's own addresses are answered by flows (as
  OVN's responders do), every neighbour is learned by learn() flows from
  the ARP and ND packets it sends, and next hops are chosen by routing
  tables whose result goes through the learned tables (Neighbours);
- the atomic apply: one OpenFlow bundle that deletes the script's flows
  (its cookie) and adds the new ones, so that running a script twice
  leaves the same flows and no packet sees a half-installed pipeline.

Table numbers, the same on every bridge so that a reader of dump-flows
finds their way (each script uses the ones it needs):

     0  classify: ARP/ND responders and learning, which traffic goes where
     1  the end of the Neighbor Advertisements that table 0 makes
    10  IPv6 -> IPv4 (translation, in NAT64 after conntrack)
    11  IPv6 -> IPv4, NAT64: a new session is committed
    12  IPv6 -> IPv4, NAT64: translation after the source NAT
    13  IPv6 -> IPv4, NAT64: the source NAT of a new session, by bucket
    20  IPv4 -> IPv6 (translation)
    21  IPv4 -> IPv6, NAT64: after conntrack's reverse NAT
    30  IPv4 routing: the next hop into reg0
    31  IPv4 neighbours (learned): reg0 -> Ethernet destination and port
    40  IPv6 routing: the next hop into xxreg1
    41  IPv6 neighbours (learned): xxreg1 -> Ethernet destination and port
    42  IPv6 default router (learned from Router Advertisements)
"""

import argparse
import ipaddress
import os
import shlex
import struct
import subprocess
import sys

T_CLASSIFY = 0
T_NA = 1
T_64 = 10
T_64_NEW = 11
T_64_XLAT = 12
T_64_POOL = 13
T_46 = 20
T_46_CT = 21
T_ROUTE4 = 30
T_NEIGH4 = 31
T_ROUTE6 = 40
T_NEIGH6 = 41
T_DEFRTR6 = 42

# Every cookie a script owns has its low bit clear; the flows it learns
# carry the same cookie with the low bit set, so that re-running the
# script (which replaces cookie C exactly) keeps what it has learned,
# while --remove (cookie C/COOKIE_MASK) takes both.
COOKIE_MASK = 0xfffffffffffffffe
LEARNED = 1

RFC6052_LENGTHS = (32, 40, 48, 56, 64, 96)
WKP = ipaddress.IPv6Network("64:ff9b::/96")

PROG = os.path.basename(sys.argv[0])


class Error(Exception):
    """A user error: printed as one line, exit status 1."""


def fail(msg):
    """Prints 'PROG: error: MSG' and exits 1."""
    print("%s: error: %s" % (PROG, msg), file=sys.stderr)
    sys.exit(1)


def run_main(main):
    """Runs main(), turning Error into a one-line message and exit 1."""
    try:
        main()
    except Error as e:
        fail(str(e))
    except KeyboardInterrupt:
        sys.exit(130)


# ---------------------------------------------------------------------
# Options and their parsing.

class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the hand-written description and epilog as written."""

    def __init__(self, prog):
        super().__init__(prog, max_help_position=30, width=79)


def parser(description, epilog):
    """An ArgumentParser with the options every script has."""
    p = argparse.ArgumentParser(description=description, epilog=epilog,
                                formatter_class=HelpFormatter)
    p.add_argument("--bridge", required=True, metavar="BR",
                   help="the bridge to configure (datapath_type=netdev)")
    p.add_argument("--dry-run", action="store_true",
                   help="print every command and flow instead of applying "
                        "them (read-only queries still run)")
    p.add_argument("--remove", action="store_true",
                   help="remove this script's flows (and what else it "
                        "created) from the bridge, nothing else")
    p.add_argument("--cookie", type=cookie_arg,
                   help="the cookie of the script's flows (an even 64-bit "
                        "number; learned flows get it plus 1)")
    g = p.add_argument_group("Open vSwitch")
    g.add_argument("--ovs-vsctl", default="ovs-vsctl", metavar="PATH",
                   help="ovs-vsctl to run (default: from PATH)")
    g.add_argument("--ovs-ofctl", default="ovs-ofctl", metavar="PATH",
                   help="ovs-ofctl to run (default: from PATH)")
    g.add_argument("--ovs-appctl", default="ovs-appctl", metavar="PATH",
                   help="ovs-appctl to run (default: from PATH)")
    g.add_argument("--unixctl", metavar="PATH",
                   help="ovs-vswitchd's control socket, for ovs-appctl -t "
                        "(default: ovs-appctl's own default)")
    return p


def cookie_arg(text):
    """argparse type of --cookie."""
    try:
        c = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError("bad cookie %r" % text)
    if c < 0 or c >= 1 << 64 or c & LEARNED:
        raise argparse.ArgumentTypeError(
            "cookie %s must be an even 64-bit number" % text)
    return c


def rfc6052_prefix(text):
    """Parses an RFC 6052 prefix; raises Error with the reason."""
    try:
        net = ipaddress.IPv6Network(text, strict=True)
    except ValueError as e:
        raise Error("bad prefix %s: %s" % (text, e))
    if "/" not in text or net.prefixlen not in RFC6052_LENGTHS:
        raise Error("bad prefix %s: the length must be 32, 40, 48, 56, 64 "
                    "or 96 (RFC 6052 section 2.2)" % text)
    if net.prefixlen > 64 and net.network_address.packed[8]:
        raise Error("bad prefix %s: bits 64 to 71 must be zero (RFC 6052 "
                    "section 2.2)" % text)
    return net


def ip4_interface(text, what):
    """Parses ADDR/LEN (an address on a network) for option 'what'."""
    try:
        ifc = ipaddress.IPv4Interface(text)
    except ValueError as e:
        raise Error("bad %s %s: %s" % (what, text, e))
    if "/" not in text:
        raise Error("bad %s %s: give ADDR/LEN" % (what, text))
    return ifc


def ip6_interface(text, what):
    """Parses ADDR/LEN (an IPv6 address on a network) for option 'what'."""
    try:
        ifc = ipaddress.IPv6Interface(text)
    except ValueError as e:
        raise Error("bad %s %s: %s" % (what, text, e))
    if "/" not in text:
        raise Error("bad %s %s: give ADDR/LEN" % (what, text))
    return ifc


def ip4_address(text, what):
    try:
        return ipaddress.IPv4Address(text)
    except ValueError as e:
        raise Error("bad %s %s: %s" % (what, text, e))


def ip6_address(text, what):
    try:
        return ipaddress.IPv6Address(text)
    except ValueError as e:
        raise Error("bad %s %s: %s" % (what, text, e))


def ip4_network(text, what):
    try:
        return ipaddress.IPv4Network(text, strict=True)
    except ValueError as e:
        raise Error("bad %s %s: %s" % (what, text, e))


def ip6_network(text, what):
    try:
        return ipaddress.IPv6Network(text, strict=True)
    except ValueError as e:
        raise Error("bad %s %s: %s" % (what, text, e))


def require_inside(addr, net, what, where):
    """Raises Error unless 'addr' (an address or network) is in 'net'."""
    inside = (addr.subnet_of(net) if isinstance(addr, ipaddress._BaseNetwork)
              else addr in net)
    if not inside:
        raise Error("%s %s is outside %s %s" % (what, addr, where, net))


def embed(prefix, v4):
    """The IPv6 address of IPv4 address 'v4' under RFC 6052 'prefix'
    (RFC 6052 section 2.2: the IPv4 bytes skip bits 64-71, the
    u-octet)."""
    out = bytearray(prefix.network_address.packed)
    positions = [i for i in range(prefix.prefixlen // 8, 16) if i != 8]
    for pos, byte in zip(positions, v4.packed):
        out[pos] = byte
    return ipaddress.IPv6Address(bytes(out))


def eam_entry(v4, v6):
    """The text of an EAM entry, 'eam(V4[/LEN],V6[/LEN])'; raises Error
    unless both sides have the same number of suffix bits (RFC 7757
    section 3.2 allows a longer IPv6 suffix, which this one-to-one use
    does not need)."""
    if 32 - v4.prefixlen != 128 - v6.prefixlen:
        raise Error("EAM %s,%s: the two sides must cover as many addresses "
                    "(%d and %d suffix bits)" % (
                        v4, v6, 32 - v4.prefixlen, 128 - v6.prefixlen))
    return "eam(%s,%s)" % (net_text(v4), net_text(v6))


def net_text(net):
    """A network as ovs-ofctl and the engine read it: a bare address for
    a host route."""
    if net.prefixlen == net.max_prefixlen:
        return str(net.network_address)
    return str(net)


# ---------------------------------------------------------------------
# Open vSwitch.

class Ovs:
    """Runs the Open vSwitch commands of one bridge.  query() always
    runs (it changes nothing); change() prints the command under
    --dry-run instead of running it."""

    def __init__(self, args):
        self.args = args
        self.bridge = getattr(args, "bridge", None)
        self.dry_run = args.dry_run
        self.appctl_cmd = [args.ovs_appctl, "--timeout=10"]
        if args.unixctl:
            self.appctl_cmd += ["-t", args.unixctl]

    def _run(self, argv, stdin=None):
        try:
            return subprocess.run(argv, input=stdin, capture_output=True,
                                  text=True, timeout=60)
        except FileNotFoundError:
            raise Error("%s: not found (install Open vSwitch or give its "
                        "path)" % argv[0])
        except subprocess.TimeoutExpired:
            raise Error("%s did not answer within 60 s" % " ".join(argv[:2]))

    @staticmethod
    def _reason(proc):
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        return lines[-1] if lines else "exit status %d" % proc.returncode

    def query(self, argv, ok=(0,)):
        """Runs a read-only command; returns (status, stdout); raises
        Error with the command's own message when its status is not in
        'ok'."""
        proc = self._run(argv)
        if proc.returncode not in ok:
            raise Error(self._reason(proc))
        return proc.returncode, proc.stdout

    def change(self, argv, stdin=None):
        """Runs (or under --dry-run prints) a command that changes the
        switch; raises Error with its message if it fails."""
        if self.dry_run:
            line = " ".join(shlex.quote(a) for a in argv)
            if stdin is None:
                print(line)
            else:
                print("%s <<'EOF'\n%sEOF" % (line, stdin))
            return ""
        proc = self._run(argv, stdin)
        if proc.returncode:
            raise Error("%s: %s" % (" ".join(argv[:3]), self._reason(proc)))
        return proc.stdout

    def vsctl(self, *argv):
        return [self.args.ovs_vsctl, "--timeout=10"] + list(argv)

    def ofctl(self, *argv):
        return [self.args.ovs_ofctl] + list(argv)

    def appctl(self, *argv):
        return self.appctl_cmd + list(argv)

    def vsctl_get(self, *argv):
        """The value that 'ovs-vsctl get' prints, unquoted."""
        return self.query(self.vsctl("get", *argv))[1].strip().strip('"')

    # The checks behind the one-line errors.

    def check_bridge(self):
        """The bridge exists and has the userspace datapath."""
        status, _ = self.query(self.vsctl("br-exists", self.bridge),
                               ok=(0, 2))
        if status == 2:
            raise Error("no bridge %s" % self.bridge)
        dp = self.vsctl_get("bridge", self.bridge, "datapath_type")
        if dp != "netdev":
            raise Error("bridge %s has datapath_type %s, not netdev: the "
                        "ipxlat action runs only in the userspace datapath"
                        % (self.bridge, dp or "system"))

    def check_ipxlat(self, config):
        """ovs-ofctl parses the action with 'config' (which also checks
        the config with the engine's own parser) and ovs-vswitchd has the
        ipxlat commands."""
        flow = "ip,actions=ipxlat(%s)" % config
        proc = self._run([self.args.ovs_ofctl, "parse-flow", flow])
        if proc.returncode:
            reason = self._reason(proc)
            if "unknown action ipxlat" in reason:
                raise Error("%s has no ipxlat action (an Open vSwitch "
                            "without the ipxlat patches)"
                            % self.args.ovs_ofctl)
            raise Error("bad translator config %s: %s" % (
                config, reason.replace("ovs-ofctl: ", "")))
        _, out = self.query(self.appctl("list-commands"))
        if "ipxlat/show" not in out:
            raise Error("ovs-vswitchd has no ipxlat action (no ipxlat/show "
                        "command: an Open vSwitch without the ipxlat "
                        "patches)")

    def port(self, name):
        """The OpenFlow port number of port 'name' of the bridge."""
        status, out = self.query(self.vsctl("port-to-br", name), ok=(0, 1))
        if status or out.strip() != self.bridge:
            raise Error("no port %s on bridge %s" % (name, self.bridge))
        ofport = self.vsctl_get("interface", name, "ofport")
        if not ofport.isdigit() or int(ofport) <= 0:
            raise Error("port %s of bridge %s has no OpenFlow port number "
                        "(ofport %s: is its device missing?)"
                        % (name, self.bridge, ofport or "none"))
        return int(ofport)

    def mtu(self, name):
        """The MTU of interface 'name' (1500 when Open vSwitch does not
        know it)."""
        text = self.vsctl_get("interface", name, "mtu")
        return int(text) if text.isdigit() else 1500

    def mac(self):
        """The bridge's own Ethernet address: the source of everything it
        sends and the address its responders answer with."""
        mac = self.vsctl_get("interface", self.bridge, "mac_in_use")
        if not mac or mac == "[]":
            raise Error("bridge %s has no Ethernet address yet (mac_in_use "
                        "is empty)" % self.bridge)
        return mac

    # Applying flows.

    def apply_flows(self, cookie, flows):
        """Replaces the flows with cookie 'cookie' (exactly) by 'flows'
        in one bundle: all or nothing, and no packet sees a mix."""
        text = "delete cookie=%#x/-1\n" % cookie
        text += "".join("add cookie=%#x,%s\n" % (cookie, f) for f in flows)
        self.change(self.ofctl("--bundle", "add-flows", self.bridge, "-"),
                    stdin=text)

    def remove_flows(self, cookie):
        """Removes the flows of 'cookie' and those learned under it."""
        self.change(self.ofctl("--bundle", "del-flows", self.bridge,
                               "cookie=%#x/%#x" % (cookie, COOKIE_MASK)))

    def packet_out(self, port, frame):
        """Sends Ethernet frame 'frame' (bytes) out of OpenFlow port
        'port'."""
        self.change(self.ofctl("packet-out", self.bridge, "controller",
                               "output:%d" % port, frame.hex()))


# ---------------------------------------------------------------------
# Frames the scripts send themselves: one solicitation per next hop that
# must be known before it ever speaks.  Open vSwitch flows can only
# rewrite packets they receive, never originate one.

def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def arp_request(mac, spa, tpa):
    """An ARP request for 'tpa' from 'mac'/'spa' (RFC 826)."""
    m = mac_bytes(mac)
    return (b"\xff" * 6 + m + b"\x08\x06"
            + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1)
            + m + spa.packed + b"\x00" * 6 + tpa.packed)


def _icmp6_frame(eth_dst, mac, src, dst, icmp):
    """An Ethernet frame with IPv6 (hop limit 255) around ICMPv6 message
    'icmp', whose checksum field (bytes 2-3) is filled in."""
    pseudo = (src.packed + dst.packed + struct.pack("!I", len(icmp))
              + b"\x00\x00\x00\x3a")
    data = pseudo + icmp + (b"\x00" if len(icmp) % 2 else b"")
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    icmp = icmp[:2] + struct.pack("!H", ~s & 0xffff) + icmp[4:]
    ip6 = struct.pack("!IHBB", 6 << 28, len(icmp), 58, 255)
    return eth_dst + mac_bytes(mac) + b"\x86\xdd" + ip6 + src.packed \
        + dst.packed + icmp


def neighbor_solicitation(mac, src, target):
    """A Neighbor Solicitation for 'target' from 'mac'/'src' to its
    solicited-node multicast address (RFC 4861 section 4.3)."""
    snm = ipaddress.IPv6Address(b"\xff\x02" + b"\x00" * 9 + b"\x01\xff"
                                + target.packed[13:])
    icmp = (struct.pack("!BBHI", 135, 0, 0, 0) + target.packed
            + b"\x01\x01" + mac_bytes(mac))
    return _icmp6_frame(b"\x33\x33" + snm.packed[12:], mac, src, snm, icmp)


def router_solicitation(mac):
    """A Router Solicitation from the unspecified address (so the routers
    answer to all nodes and need not resolve us, RFC 4861 section
    6.2.6)."""
    dst = ipaddress.IPv6Address("ff02::2")
    icmp = struct.pack("!BBHI", 133, 0, 0, 0)
    return _icmp6_frame(b"\x33\x33\x00\x00\x00\x02", mac,
                        ipaddress.IPv6Address("::"), dst, icmp)


# ---------------------------------------------------------------------
# Neighbours: responders, learning and routing.

class Neighbours:
    """The flows that give a translator bridge its place on two links:
    it answers ARP and Neighbor Solicitations for its own addresses,
    learns every neighbour from the ARP and ND packets the neighbour
    sends (into tables T_NEIGH4, T_NEIGH6 and T_DEFRTR6, under the
    script's cookie plus 1), and routes translated packets to a next
    hop.

    Nothing about a neighbour is configured: a neighbour that speaks
    first (a host that ARPs for its gateway, a router that resolves us,
    a router's advertisements, the NS of Duplicate Address Detection) is
    learned before it is needed; a gateway that must be known before it
    speaks is solicited once by the script itself (solicit()), and its
    answer is learned like anything else.  Every new ARP or ND packet of
    a neighbour refreshes its entry."""

    def __init__(self, ovs, mac, cookie):
        self.ovs = ovs
        self.mac = mac
        self.learned = cookie | LEARNED
        self.flows = []
        self.solicitations = []

    def _learn4(self):
        return ("learn(table=%d,cookie=%#x,priority=100,"
                "NXM_NX_REG0[]=NXM_OF_ARP_SPA[],"
                "load:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                "output:NXM_OF_IN_PORT[])" % (T_NEIGH4, self.learned))

    def _learn6(self, field):
        return ("learn(table=%d,cookie=%#x,priority=100,"
                "NXM_NX_XXREG1[]=%s[],"
                "load:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                "output:NXM_OF_IN_PORT[])" % (T_NEIGH6, self.learned, field))

    def ipv4_link(self, port, owned, solicit=()):
        """Port 'port' is on an IPv4 link where the bridge owns the
        addresses or networks 'owned' (IPv4Network objects).  Answers ARP
        for them, learns everyone from ARP.  The neighbours 'solicit'
        (addresses) are asked for by solicit()."""
        f = self.flows
        # An ARP probe (sender 0.0.0.0, RFC 5227) teaches nothing.
        f.append("table=%d,priority=120,arp,in_port=%d,arp_spa=0.0.0.0,"
                 "arp_op=1,actions=drop" % (T_CLASSIFY, port))
        for net in owned:
            f.append(
                "table=%d,priority=110,arp,in_port=%d,arp_op=1,arp_tpa=%s,"
                "actions=%s,move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                "set_field:%s->eth_src,set_field:2->arp_op,"
                "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],"
                "set_field:%s->arp_sha,"
                "move:NXM_OF_ARP_TPA[]->NXM_NX_REG2[],"
                "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],"
                "move:NXM_NX_REG2[]->NXM_OF_ARP_SPA[],IN_PORT"
                % (T_CLASSIFY, port, net_text(net), self._learn4(),
                   self.mac, self.mac))
        f.append("table=%d,priority=100,arp,in_port=%d,actions=%s"
                 % (T_CLASSIFY, port, self._learn4()))
        for addr in solicit:
            self.solicitations.append(
                (port, arp_request(self.mac, owned[0].network_address,
                                   addr)))

    def ipv6_link(self, port, owned, router, solicit=(), sources=()):
        """Port 'port' is on an IPv6 link where the bridge owns the
        addresses or networks 'owned' (IPv6Network objects); 'router'
        sets the R flag of its Neighbor Advertisements.  Answers NS for
        them, learns everyone from NS (also those of Duplicate Address
        Detection), NA and RA; a Router Advertisement makes its sender
        the default router (T_DEFRTR6).  solicit() asks for the
        neighbours 'solicit' once from each of 'sources' (so that the
        neighbour learns each of our addresses too), and sends a Router
        Solicitation so that routers advertise now."""
        f = self.flows
        flags = 0xe0000000 if router else 0x60000000
        for net in owned:
            # Duplicate Address Detection of one of our addresses by
            # someone else: never answered (nor learned).
            f.append(
                "table=%d,priority=110,icmp6,in_port=%d,icmp_type=135,"
                "icmp_code=0,nd_target=%s,ipv6_src=::,actions=drop"
                % (T_CLASSIFY, port, net_text(net)))
            f.append(
                "table=%d,priority=105,icmp6,in_port=%d,icmp_type=135,"
                "icmp_code=0,nd_target=%s,actions=%s,"
                "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                "set_field:%s->eth_src,"
                "move:NXM_NX_IPV6_SRC[]->NXM_NX_IPV6_DST[],"
                "move:NXM_NX_ND_TARGET[]->NXM_NX_IPV6_SRC[],"
                "set_field:136->icmpv6_type,set_field:%#x->nd_reserved,"
                "set_field:2->nd_options_type,resubmit(,%d)"
                % (T_CLASSIFY, port, net_text(net), self._learn6(
                    "NXM_NX_IPV6_SRC"), self.mac, flags, T_NA))
        # nd_tll may only be set on a packet that matches as an NA.
        f.append("table=%d,priority=100,icmp6,icmp_type=136,"
                 "actions=set_field:%s->nd_tll,IN_PORT" % (T_NA, self.mac))
        # DAD (source ::): the target is the address being claimed.
        f.append("table=%d,priority=101,icmp6,in_port=%d,icmp_type=135,"
                 "ipv6_src=::,actions=%s"
                 % (T_CLASSIFY, port, self._learn6("NXM_NX_ND_TARGET")))
        f.append("table=%d,priority=100,icmp6,in_port=%d,icmp_type=135,"
                 "actions=%s" % (T_CLASSIFY, port,
                                 self._learn6("NXM_NX_IPV6_SRC")))
        f.append("table=%d,priority=100,icmp6,in_port=%d,icmp_type=136,"
                 "actions=%s" % (T_CLASSIFY, port,
                                 self._learn6("NXM_NX_ND_TARGET")))
        f.append("table=%d,priority=100,icmp6,in_port=%d,icmp_type=134,"
                 "actions=%s,learn(table=%d,cookie=%#x,priority=100,"
                 "load:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                 "output:NXM_OF_IN_PORT[])"
                 % (T_CLASSIFY, port, self._learn6("NXM_NX_IPV6_SRC"),
                    T_DEFRTR6, self.learned))
        for addr in solicit:
            for src in sources:
                self.solicitations.append(
                    (port, neighbor_solicitation(self.mac, src, addr)))
        self.solicitations.append((port, router_solicitation(self.mac)))

    def echo4(self, port, addr):
        """Answers ICMP echo requests to our address 'addr' on 'port'."""
        self.flows.append(
            "table=%d,priority=110,icmp,in_port=%d,nw_dst=%s,icmp_type=8,"
            "icmp_code=0,actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
            "set_field:%s->eth_src,move:NXM_OF_IP_SRC[]->NXM_OF_IP_DST[],"
            "set_field:%s->ip_src,set_field:0->icmp_type,IN_PORT"
            % (T_CLASSIFY, port, addr, self.mac, addr))

    def echo6(self, port, addr):
        """Answers ICMPv6 echo requests to our address 'addr' on 'port'."""
        self.flows.append(
            "table=%d,priority=110,icmp6,in_port=%d,ipv6_dst=%s,"
            "icmp_type=128,icmp_code=0,"
            "actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
            "set_field:%s->eth_src,move:NXM_NX_IPV6_SRC[]->NXM_NX_IPV6_DST[],"
            "set_field:%s->ipv6_src,set_field:129->icmpv6_type,IN_PORT"
            % (T_CLASSIFY, port, addr, self.mac, addr))

    def route4(self, onlink, gateway=None):
        """IPv4 routing: destinations in the networks 'onlink' are their
        own next hop; the rest go to 'gateway' (or are dropped)."""
        # The translator already decremented the TTL (RFC 7915 section
        # 4.1): it is the router hop.
        out = "set_field:%s->eth_src," % self.mac
        for net in onlink:
            self.flows.append(
                "table=%d,priority=100,ip,nw_dst=%s,actions=%s"
                "move:NXM_OF_IP_DST[]->NXM_NX_REG0[],resubmit(,%d)"
                % (T_ROUTE4, net, out, T_NEIGH4))
        if gateway is not None:
            self.flows.append(
                "table=%d,priority=10,ip,actions=%sload:%#x->NXM_NX_REG0[],"
                "resubmit(,%d)" % (T_ROUTE4, out, int(gateway), T_NEIGH4))

    def route6(self, onlink, gateway=None):
        """IPv6 routing: destinations in 'onlink' are their own next hop;
        the rest go to 'gateway' if given, else to the default router
        learned from Router Advertisements."""
        out = "set_field:%s->eth_src," % self.mac
        for net in onlink:
            self.flows.append(
                "table=%d,priority=100,ipv6,ipv6_dst=%s,actions=%s"
                "move:NXM_NX_IPV6_DST[]->NXM_NX_XXREG1[],resubmit(,%d)"
                % (T_ROUTE6, net, out, T_NEIGH6))
        if gateway is not None:
            self.flows.append(
                "table=%d,priority=10,ipv6,actions=%s"
                "set_field:%#x->xxreg1,resubmit(,%d)"
                % (T_ROUTE6, out, int(gateway), T_NEIGH6))
        else:
            self.flows.append("table=%d,priority=10,ipv6,actions=%s"
                              "resubmit(,%d)" % (T_ROUTE6, out, T_DEFRTR6))

    def solicit(self):
        """Sends the solicitations that ipv4_link() and ipv6_link()
        prepared (after the flows are in, so that the answers are
        learned)."""
        for port, frame in self.solicitations:
            self.ovs.packet_out(port, frame)


def translator_config(prefix=None, eams=(), table=None, src4=None,
                      src6=None, pool6791v4=None, mtu4=None, mtu6=None,
                      amend=True, hairpin=None):
    """The engine's config string (README's grammar) from its parts."""
    items = []
    if prefix is not None:
        items.append("prefix=%s" % prefix)
    items += list(eams)
    if table:
        items.append("table=%s" % table)
    if src4 is not None:
        items.append("src4=%s" % src4)
    if src6 is not None:
        items.append("src6=%s" % src6)
    if pool6791v4 is not None:
        items.append("pool6791v4=%s" % pool6791v4)
    if mtu4 is not None:
        items.append("mtu4=%d" % mtu4)
    if mtu6 is not None:
        items.append("mtu6=%d" % mtu6)
    if amend:
        items.append("amend_udp_zero_csum")
    if hairpin:
        items.append("hairpin=%s" % hairpin)
    return ",".join(items)


def add_common_translator_options(p, amend_default):
    """--mtu4, --mtu6, and the amend_udp_zero_csum switch."""
    g = p.add_argument_group("translator")
    g.add_argument("--mtu4", type=int, metavar="N",
                   help="MTU of the IPv4 side (default: the MTU of the "
                        "IPv4 port)")
    g.add_argument("--mtu6", type=int, metavar="N",
                   help="MTU of the IPv6 side (default: the MTU of the "
                        "IPv6 port)")
    if amend_default:
        g.add_argument("--no-amend-udp-zero-csum", dest="amend",
                       action="store_false",
                       help="drop IPv4 UDP with checksum zero (ICMP 3/13) "
                            "instead of computing its checksum")
    else:
        g.add_argument("--amend-udp-zero-csum", dest="amend",
                       action="store_true",
                       help="compute a checksum for IPv4 UDP with checksum "
                            "zero instead of dropping it")
    return g


def check_mtus(args):
    for name in ("mtu4", "mtu6"):
        v = getattr(args, name)
        if v is not None and not 68 <= v <= 65535:
            raise Error("bad --%s %d: must be 68 to 65535" % (name, v))
    if args.mtu6 is not None and args.mtu6 < 1280:
        raise Error("bad --mtu6 %d: IPv6 needs at least 1280 (RFC 8200 "
                    "section 5)" % args.mtu6)


# ---------------------------------------------------------------------
# A translator between two links (PLAT, SIIT-DC border and edge relays):
# one port toward IPv6, one toward IPv4, an address of the bridge's own
# on each.

def add_link_options(p):
    """The options of a bridge between an IPv6 link and an IPv4 link."""
    g = p.add_argument_group("links")
    g.add_argument("--ipv6-port", metavar="PORT",
                   help="the port toward the IPv6 network")
    g.add_argument("--ipv4-port", metavar="PORT",
                   help="the port toward the IPv4 network")
    g.add_argument("--ipv6", metavar="ADDR/LEN",
                   help="the bridge's IPv6 address and the on-link network "
                        "of the IPv6 port")
    g.add_argument("--ipv4", metavar="ADDR/LEN",
                   help="the bridge's IPv4 address and the on-link network "
                        "of the IPv4 port")
    g.add_argument("--gateway6", metavar="ADDR",
                   help="IPv6 next hop for destinations off the link "
                        "(default: the router whose Router Advertisements "
                        "arrive on the IPv6 port)")
    g.add_argument("--gateway4", metavar="ADDR",
                   help="IPv4 next hop for destinations off the link "
                        "(default: none; only on-link destinations)")
    g.add_argument("--solicit", action="append", default=[],
                   metavar="ADDR",
                   help="an on-link neighbour (IPv4 or IPv6) to solicit at "
                        "once, for one that must be reached before it ever "
                        "sends anything; repeatable")
    g.add_argument("--src4", metavar="ADDR",
                   help="source of the ICMPv4 errors the translator "
                        "originates (default: the --ipv4 address)")
    return g


class Links:
    """The parsed link options, their ports and the neighbour flows."""

    def __init__(self, args, ovs, cookie):
        for opt in ("ipv6_port", "ipv4_port", "ipv6", "ipv4"):
            if not getattr(args, opt):
                raise Error("give --%s" % opt.replace("_", "-"))
        self.ipv6 = ip6_interface(args.ipv6, "--ipv6")
        self.ipv4 = ip4_interface(args.ipv4, "--ipv4")
        self.gateway6 = self.gateway4 = None
        if args.gateway6:
            self.gateway6 = ip6_address(args.gateway6, "--gateway6")
            require_inside(self.gateway6, self.ipv6.network, "--gateway6",
                           "the --ipv6 network")
        if args.gateway4:
            self.gateway4 = ip4_address(args.gateway4, "--gateway4")
            require_inside(self.gateway4, self.ipv4.network, "--gateway4",
                           "the --ipv4 network")
        self.src4 = (ip4_address(args.src4, "--src4") if args.src4
                     else self.ipv4.ip)
        self.solicit4, self.solicit6 = [], []
        for text in args.solicit:
            try:
                addr = ipaddress.ip_address(text)
            except ValueError as e:
                raise Error("bad --solicit %s: %s" % (text, e))
            if addr.version == 4:
                require_inside(addr, self.ipv4.network, "--solicit",
                               "the --ipv4 network")
                self.solicit4.append(addr)
            else:
                require_inside(addr, self.ipv6.network, "--solicit",
                               "the --ipv6 network")
                self.solicit6.append(addr)
        self.args = args
        self.ovs = ovs
        self.cookie = cookie

    def resolve(self):
        """Checks the ports and reads what the flows need from the
        switch: port numbers, MTUs, the bridge's Ethernet address."""
        ovs, a = self.ovs, self.args
        self.p6 = ovs.port(a.ipv6_port)
        self.p4 = ovs.port(a.ipv4_port)
        if self.p6 == self.p4:
            raise Error("--ipv6-port and --ipv4-port are the same port")
        self.mtu6 = a.mtu6 if a.mtu6 is not None else ovs.mtu(a.ipv6_port)
        self.mtu4 = a.mtu4 if a.mtu4 is not None else ovs.mtu(a.ipv4_port)
        self.mac = ovs.mac()
        self.nb = Neighbours(ovs, self.mac, self.cookie)

    def neighbour_flows(self, owned4=(), owned6=()):
        """Responders and learning on both ports, routing both ways.
        'owned4' and 'owned6' list addresses (networks) the bridge
        answers for besides its own (a NAT64 pool on the link, the
        addresses an edge relay stands for)."""
        nb = self.nb
        own4 = [ipaddress.IPv4Network(self.ipv4.ip)] + list(owned4)
        own6 = [ipaddress.IPv6Network(self.ipv6.ip)] + list(owned6)
        gw4 = [self.gateway4] if self.gateway4 else []
        gw6 = [self.gateway6] if self.gateway6 else []
        nb.ipv4_link(self.p4, own4, gw4 + self.solicit4)
        nb.ipv6_link(self.p6, own6, router=True, solicit=gw6 + self.solicit6,
                     sources=[self.ipv6.ip] + [n.network_address
                                               for n in owned6
                                               if n.prefixlen == 128])
        nb.echo4(self.p4, self.ipv4.ip)
        nb.echo6(self.p6, self.ipv6.ip)
        nb.route4([self.ipv4.network], self.gateway4)
        nb.route6([self.ipv6.network], self.gateway6)
        return nb.flows


def siit_flows(links, config, v6_dsts, v4_dsts):
    """The stateless pipeline: IPv6 packets from the IPv6 port to one of
    'v6_dsts' (networks) are translated with 'config' and routed on the
    IPv4 side; IPv4 packets from the IPv4 port to one of 'v4_dsts' are
    translated and routed on the IPv6 side.  None stands for anything
    routed to the bridge (sent to its Ethernet address) but its own
    address: the destinations of an EAM table, which flows cannot list."""
    f = []
    for port, match, own, dsts, table in (
            (links.p6, "ipv6", links.ipv6.ip, v6_dsts, T_64),
            (links.p4, "ip", links.ipv4.ip, v4_dsts, T_46)):
        dst = "ipv6_dst" if match == "ipv6" else "nw_dst"
        if dsts is None:
            f.append("table=%d,priority=60,%s,in_port=%d,%s=%s,actions=drop"
                     % (T_CLASSIFY, match, port, dst, own))
            dsts = [None]
        for net in dsts:
            m = "" if net is None else ",%s=%s" % (dst, net_text(net))
            f.append("table=%d,priority=50,%s,in_port=%d,dl_dst=%s%s,"
                     "actions=resubmit(,%d)"
                     % (T_CLASSIFY, match, port, links.mac, m, table))
    f.append("table=%d,priority=10,ipv6,actions=ipxlat(%s),resubmit(,%d)"
             % (T_64, config, T_ROUTE4))
    f.append("table=%d,priority=10,ip,actions=ipxlat(%s),resubmit(,%d)"
             % (T_46, config, T_ROUTE6))
    return f


def default_drop():
    """Whatever no flow claims is dropped (the bridge is fail_mode
    independent)."""
    return ["table=%d,priority=0,actions=drop" % T_CLASSIFY]


def read_eam_file(path):
    """Reads an EAM file as ipxlat/table-load does (an IPv4 prefix and
    an IPv6 prefix per line, white space or a comma between, '#' starts
    a comment); returns [(IPv4Network, IPv6Network)] or raises Error
    naming the line."""
    entries = []
    try:
        with open(path) as f:
            lines = f.readlines()
    except OSError as e:
        raise Error("%s: %s" % (path, e.strerror))
    for n, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].replace(",", " ").split()
        if not text:
            continue
        if len(text) != 2:
            raise Error("%s:%d: want 'IPV4[/LEN] IPV6[/LEN]'" % (path, n))
        try:
            v4 = ipaddress.IPv4Network(text[0], strict=True)
            v6 = ipaddress.IPv6Network(text[1], strict=True)
        except ValueError as e:
            raise Error("%s:%d: %s" % (path, n, e))
        entries.append((v4, v6))
    return entries


def eam_arg(text):
    """Parses --eam V4[/LEN],V6[/LEN] into (IPv4Network, IPv6Network)."""
    parts = text.split(",")
    if len(parts) != 2:
        raise Error("bad --eam %s: want IPV4[/LEN],IPV6[/LEN]" % text)
    v4 = ip4_network(parts[0], "--eam IPv4 side")
    v6 = ip6_network(parts[1], "--eam IPv6 side")
    eam_entry(v4, v6)
    return v4, v6
