#!/usr/bin/python3
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
#
# The mininet topologies of the lab (lab/ipxlat-lab.sh --topo NAME), built
# with Debian's mininet on the Open vSwitch of this tree (OVSSwitch with
# datapath='user'), whose daemons lab/ipxlat-lab.sh has started with their
# files in LAB_DIR: mininet's ovs-vsctl is ours through PATH and
# OVS_RUNDIR.  Each translator is set up by the ofctl-scripts exactly as an
# operator would run them.
#
#   mnlab.py up TOPO    builds TOPO, writes LAB_DIR/hosts (NAME PID per
#                       host, for 'ipxlat-lab.sh run'), then LAB_DIR/ready,
#                       and keeps it until SIGTERM
#   mnlab.py cli TOPO   builds TOPO, opens mininet's CLI, removes it at exit
#
# Topologies (README.md, "The mininet labs", draws them):
#   464xlat       h4 - CLAT (ipxlat-clat + ipxlat-pref64d on cpe) - access
#                 LAN (h6, dns64, cpe, r1 sending PREF64 RAs) - r1 - PLAT
#                 (ipxlat-plat --mode nat64, prefixes A and B) - r4 - srv4
#   multi-prefix  the same with two PLATs (prefix A and prefix B) and two
#                 servers, the CLAT steering each server to its PLAT
#   siit-dc       c4 - border relay (ipxlat-siit-dc, a 10,000-entry EAM
#                 table) - data centre LAN (s6a, s6b, edge relay
#                 (ipxlat-siit-dc --role edge) - app4)
#
# Environment: LAB_DIR, OVS_BUILD, PREF64D (ipxlat-pref64d), LAB_ACCESS_MTU
# (MTU of the 464xlat access LAN, default 1500).

import ipaddress
import os
import signal
import subprocess
import sys
import time

from mininet.cli import CLI
from mininet.log import setLogLevel
from mininet.net import Mininet
from mininet.node import OVSBridge, OVSSwitch

SRC = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
LAB_DIR = os.environ.get("LAB_DIR", "/tmp/ipxlat-lab-mn")
OVS_BUILD = os.environ.get("OVS_BUILD", SRC + "/build/ovs-build/build")
PREF64D = os.environ.get("PREF64D",
                         SRC + "/build/pref64d/ipxlat-pref64d")
TOOL = SRC + "/lab/lab-tool.py"
SCRIPTS = SRC + "/ofctl-scripts"
UNIXCTL = LAB_DIR + "/ovs-vswitchd.ctl"
ACCESS_MTU = int(os.environ.get("LAB_ACCESS_MTU", "1500"))

# Addresses, all from the documentation ranges (RFC 3849, RFC 5737).
PREFIX_A = "2001:db8:64::/96"
PREFIX_B = "2001:db8:46::/96"
SRV4 = "203.0.113.10"
SRV4B = "203.0.113.20"
DNS64 = "2001:db8:1::53"
CLAT6 = "2001:db8:1::464"
PREF64_LIFETIME = 16        # seconds: three RA intervals and then some
RA_INTERVAL = 2

TOPOLOGIES = ("464xlat", "multi-prefix", "siit-dc")


class LabError(Exception):
    pass


def log(msg):
    print("mnlab: %s" % msg, flush=True)


class Lab:
    """A mininet network and what runs in it."""

    def __init__(self):
        self.net = Mininet(topo=None, build=False, controller=None,
                           autoSetMacs=False, waitConnected=False)
        self.procs = []
        self.v4only = set()

    # Building.

    def host(self, name, v4only=False):
        if v4only:
            self.v4only.add(name)
        return self.net.addHost(name, ip=None)

    def switch(self, name, dpid, translator=True):
        """A translator bridge (fail_mode=secure: only the scripts' flows)
        or a plain learning switch."""
        cls = OVSSwitch if translator else OVSBridge
        return self.net.addSwitch(
            name, cls=cls, datapath="user", dpid="%016x" % dpid,
            failMode="secure" if translator else "standalone",
            protocols="OpenFlow10,OpenFlow13,OpenFlow14,OpenFlow15")

    def link(self, a, ia, b, ib):
        self.net.addLink(a, b, intfName1=ia, intfName2=ib)

    def start(self):
        net = self.net
        for h in net.hosts:
            if h.name in self.v4only:
                # Before any interface comes up: no link-local, no MLD.
                self.sh(h, "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 "
                        "net.ipv6.conf.default.disable_ipv6=1")
        net.build()
        # The switch ends of the links live in this (the root) namespace:
        # they carry nothing of the kernel's own (no IPv6, no answers to
        # ARP for this machine's addresses).
        with open(LAB_DIR + "/intfs", "w") as f:
            for s in net.switches:
                for intf in s.intfList():
                    if intf.name != "lo":
                        quiet_root_intf(intf.name)
                        f.write(intf.name + "\n")
        for h in net.hosts:
            for intf in h.intfList():
                # The userspace datapath reads frames as they are: no
                # transmit checksum offload on the hosts.
                self.sh(h, "ethtool -K %s tx off > /dev/null" % intf.name)
            self.sh(h, "ip link set lo up")
        net.start()
        for s in net.switches:
            quiet_root_intf(s.name)

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        self.net.stop()

    # Running things.

    def sh(self, node, cmd):
        """Runs shell command 'cmd' on 'node'; raises LabError on
        failure."""
        out = node.cmd(cmd + "; echo __rc=$?")
        text, _, rc = out.rpartition("__rc=")
        if rc.strip() != "0":
            raise LabError("%s: %s: %s" % (node.name, cmd, text.strip()))
        return text

    def bg(self, node, argv, name):
        """Starts 'argv' on 'node' in the background, output in
        LAB_DIR/NAME.log.  It enters the node's network and mount
        namespaces (its own /sys) as node.popen() does, but with nsenter
        -r -w: entering a mount namespace resets the root directory, and
        mnexec -a then leaves a chroot (a container build root) and every
        path in 'argv' behind; -r and -w keep the node shell's root and
        directory."""
        out = open("%s/%s.log" % (LAB_DIR, name), "w")
        p = subprocess.Popen(["nsenter", "-t", str(node.pid), "-n", "-m",
                              "-r", "-w", "--"] + argv,
                             stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT)
        self.procs.append(p)
        return p

    def script(self, name, *args):
        """Runs ofctl-scripts/NAME with 'args' as an operator would (in
        this namespace, where the bridges are)."""
        argv = [SCRIPTS + "/" + name, "--unixctl", UNIXCTL] + list(args)
        with open("%s/%s.log" % (LAB_DIR, name), "a") as f:
            f.write("$ %s\n" % " ".join(argv))
            f.flush()
            r = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT)
        if r.returncode:
            with open("%s/%s.log" % (LAB_DIR, name)) as f:
                raise LabError("%s failed: %s" % (name, f.read().strip()))

    def addr(self, node, intf, addr, mtu=None, dad=False):
        self.sh(node, "ip addr add %s dev %s%s" % (
            addr, intf, "" if dad or ":" not in addr else " nodad"))
        if mtu:
            self.sh(node, "ip link set %s mtu %d" % (intf, mtu))

    def ra(self, node, intf, **conf):
        """Router Advertisements from 'node' on 'intf' (lab-tool.py ra),
        configured by LAB_DIR/ra-INTF.conf, which tests rewrite."""
        path = "%s/ra-%s.conf" % (LAB_DIR, intf)
        write_conf(path, conf)
        wait_linklocal(self, node, intf)
        self.bg(node, [sys.executable, TOOL, "ra", intf, path], "ra-" + intf)

    def wait(self, what, check, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.2)
        raise LabError("timed out waiting for %s" % what)

    def hosts_file(self):
        with open(LAB_DIR + "/hosts", "w") as f:
            for h in self.net.hosts:
                f.write("%s %d\n" % (h.name, h.pid))


def quiet_root_intf(name):
    subprocess.run(["sysctl", "-qw",
                    "net.ipv6.conf.%s.disable_ipv6=1" % name,
                    "net.ipv4.conf.%s.arp_ignore=8" % name],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def write_conf(path, conf):
    with open(path + ".tmp", "w") as f:
        for k, v in conf.items():
            f.write("%s=%s\n" % (k, v))
    os.replace(path + ".tmp", path)


def wait_linklocal(lab, node, intf):
    """Waits until 'intf' of 'node' has a link-local address past DAD."""
    def ok():
        out = node.cmd("ip -6 addr show dev %s scope link" % intf)
        return "inet6" in out and "tentative" not in out
    lab.wait("a link-local address on %s:%s" % (node.name, intf), ok)


def ofctl(*args):
    return subprocess.run([OVS_BUILD + "/utilities/ovs-ofctl"] + list(args),
                          capture_output=True, text=True).stdout


def has_flows(bridge, match):
    return "actions=" in ofctl("dump-flows", bridge, match)


# ---------------------------------------------------------------------
# 464xlat and multi-prefix.

def dns64_server(lab, node):
    """Unbound with its dns64 module (prefix A) on 'node': srv4.example
    and ipv4only.arpa (RFC 7050) are served from auth-zones so that the
    dns64 module synthesizes their AAAA records."""
    d = LAB_DIR + "/dns64"
    os.makedirs(d, exist_ok=True)
    soa = ("$TTL 30\n@ IN SOA ns.example. hostmaster.example. 1 3600 600 "
           "86400 30\n@ IN NS ns.example.\n")
    with open(d + "/example.zone", "w") as f:
        f.write(soa + "ns IN A 203.0.113.53\nsrv4 IN A %s\n"
                "srv4b IN A %s\n" % (SRV4, SRV4B))
    with open(d + "/ipv4only.arpa.zone", "w") as f:
        f.write(soa + "@ IN A 192.0.0.170\n@ IN A 192.0.0.171\n")
    zones = "".join(
        "auth-zone:\n    name: \"%s.\"\n    zonefile: \"%s/%s.zone\"\n"
        "    for-downstream: no\n    for-upstream: yes\n" % (z, d, z)
        for z in ("example", "ipv4only.arpa"))
    with open(d + "/unbound.conf", "w") as f:
        f.write("""server:
    interface: %s
    port: 53
    do-ip4: no
    access-control: ::/0 allow
    username: ""
    chroot: ""
    directory: "%s"
    pidfile: ""
    use-syslog: no
    logfile: ""
    do-daemonize: no
    verbosity: 1
    module-config: "dns64 iterator"
    dns64-prefix: %s
%sremote-control:
    control-enable: no
""" % (DNS64, d, PREFIX_A, zones))
    lab.bg(node, ["unbound", "-d", "-c", d + "/unbound.conf"], "unbound")

    def answers():
        out = node.cmd("dig +short +tries=1 +time=1 @%s srv4.example AAAA"
                       % DNS64)
        return "2001:db8:64::cb00:710a" in out
    try:
        lab.wait("the DNS64 resolver", answers)
    except LabError:
        with open(LAB_DIR + "/unbound.log") as f:
            log = f.read().strip()[-1000:]
        raise LabError("timed out waiting for the DNS64 resolver "
                       "(unbound.log: %s)" % (log or "empty"))


def xlat_464(lab, two_plats):
    """The 464xlat topology; with 'two_plats', multi-prefix."""
    mtu = ACCESS_MTU
    h4 = lab.host("h4", v4only=True)
    h6 = lab.host("h6")
    cpe = lab.host("cpe")
    dns = lab.host("dns64")
    r1 = lab.host("r1")
    r4 = lab.host("r4", v4only=True)
    srv4 = lab.host("srv4", v4only=True)
    clat = lab.switch("clat", 1)
    acc = lab.switch("acc", 2, translator=False)
    srv = lab.switch("srv", 3, translator=False)
    plats = [lab.switch("plat", 4)]
    servers = [(srv4, SRV4)]
    if two_plats:
        plats.append(lab.switch("platb", 5))
        servers.append((lab.host("srv4b", v4only=True), SRV4B))
    lab.link(h4, "h4-eth0", clat, "clat-lan")
    lab.link(clat, "clat-wan", acc, "acc-clat")
    for h in (h6, cpe, dns, r1):
        lab.link(h, h.name + "-eth0", acc, "acc-" + h.name)
    for i, p in enumerate(plats):
        lab.link(r1, "r1-%s" % p.name, p, p.name + "-v6")
        lab.link(p, p.name + "-v4", r4, "r4-%s" % p.name)
    lab.link(r4, "r4-srv", srv, "srv-r4")
    for h, _ in servers:
        lab.link(h, h.name + "-eth0", srv, "srv-" + h.name)
    lab.start()

    # The access LAN, MTU ACCESS_MTU on every port of it.
    for intf in acc.intfList():
        if intf.name != "lo":
            subprocess.run(["ip", "link", "set", intf.name, "mtu", str(mtu)],
                           check=True)
    subprocess.run([OVS_BUILD + "/utilities/ovs-vsctl", "set", "interface",
                    "clat-wan", "mtu_request=%d" % mtu], check=True)
    lab.addr(h4, "h4-eth0", "192.0.0.2/29")
    lab.sh(h4, "ip route add default via 192.0.0.1")
    lab.addr(h6, "h6-eth0", "2001:db8:1::6/64", mtu)
    lab.addr(cpe, "cpe-eth0", "2001:db8:1::2/64", mtu)
    lab.addr(dns, "dns64-eth0", DNS64 + "/64", mtu)
    lab.addr(r1, "r1-eth0", "2001:db8:1::1/64", mtu)
    lab.sh(r1, "sysctl -qw net.ipv6.conf.all.forwarding=1")
    lab.sh(r4, "sysctl -qw net.ipv4.ip_forward=1")
    lab.addr(r4, "r4-srv", "203.0.113.1/24")
    for h, a in servers:
        lab.addr(h, h.name + "-eth0", a + "/24")
        lab.sh(h, "ip route add default via 203.0.113.1")
    # One PLAT link each side per PLAT: 2001:db8:ff::/64, 2001:db8:fe::/64
    # toward r1; 192.0.2.0/25, 192.0.2.128/25 toward r4.
    plat_cfg = []
    for i, p in enumerate(plats):
        net6 = "2001:db8:%x::" % (0xff - i)
        net4 = ipaddress.IPv4Network("192.0.2.%d/25" % (128 * i))
        gw4, own4 = net4[1], net4[2]
        pool = "198.51.100.%d/28" % (16 * i)
        prefixes = [PREFIX_B] if i else [PREFIX_A]
        if not two_plats:
            prefixes = [PREFIX_A, PREFIX_B]
        lab.addr(r1, "r1-%s" % p.name, net6 + "1/64")
        lab.addr(r4, "r4-%s" % p.name, "%s/25" % gw4)
        for pfx in prefixes:
            lab.sh(r1, "ip -6 route add %s via %s64" % (pfx, net6))
        lab.sh(r4, "ip route add %s via %s" % (pool, own4))
        plat_cfg.append((p, net6, own4, gw4, pool, prefixes))

    dns64_server(lab, dns)
    pref64 = PREFIX_A
    lab.ra(r1, "r1-eth0", router_lifetime=1800, pref64=pref64,
           pref64_lifetime=PREF64_LIFETIME, interval=RA_INTERVAL)
    for p, *_ in plat_cfg:
        lab.ra(r1, "r1-%s" % p.name, router_lifetime=1800, pref64="none",
               interval=RA_INTERVAL)

    for p, net6, own4, gw4, pool, prefixes in plat_cfg:
        args = ["--bridge", p.name, "--mode", "nat64",
                "--ipv6-port", p.name + "-v6", "--ipv4-port", p.name + "-v4",
                "--ipv6", net6 + "64/64", "--ipv4", "%s/25" % own4,
                "--gateway4", str(gw4), "--pool4", pool,
                # The smallest MTU on the IPv6 side, so that the PLAT
                # itself answers IPv4 too big for it: Open vSwitch 3.1's
                # conntrack corrupts the inner packet of an IPv6 router's
                # Packet Too Big about a NAT64 TCP session (see README).
                "--mtu6", str(min(mtu, 1500)),
                "--zone", str(64 + plats.index(p))]
        for pfx in prefixes:
            args += ["--prefix", pfx]
        lab.script("ipxlat-plat", *args)

    clat_args = ["--bridge", "clat", "--ipv4-port", "clat-lan",
                 "--uplink", "clat-wan", "--clat-ipv6", CLAT6]
    if two_plats:
        clat_args += ["--prefix", PREFIX_A, "--steer",
                      "%s/32=%s" % (SRV4B, PREFIX_B)]
        lab.script("ipxlat-clat", *clat_args)
    else:
        template = LAB_DIR + "/clat.flows"
        lab.script("ipxlat-clat", *(clat_args + ["--pref64d", "--template",
                                                  template]))
        lab.bg(cpe, [PREF64D, "--interface", "cpe-eth0", "--server", DNS64,
                     "--bridge", "clat", "--template", template,
                     "--ovs-ofctl", OVS_BUILD + "/utilities/ovs-ofctl",
                     "--ctl", LAB_DIR + "/pref64d.ctl", "--retry-min", "1",
                     "--retry-max", "2"], "pref64d")
        lab.wait("ipxlat-pref64d's flows on the CLAT",
                 lambda: has_flows("clat", "cookie=0x7066363464000000/-1"))
    lab.wait("the CLAT's default router",
             lambda: has_flows("clat", "table=42"))
    for p, *_ in plat_cfg:
        lab.wait("%s's IPv4 gateway" % p.name,
                 lambda: has_flows(p.name, "table=31"))
        lab.wait("%s's IPv6 default router" % p.name,
                 lambda: has_flows(p.name, "table=42"))


# ---------------------------------------------------------------------
# siit-dc.

def eam_file(path, n):
    """The border relay's table: the lab's three services and n - 3 more
    (198.18.0.0/15, RFC 2544, to 2001:db8:12::1:0/112 and up), n in
    all."""
    rows = ["203.0.113.10 2001:db8:12::a", "203.0.113.11 2001:db8:12::b",
            "203.0.113.80 2001:db8:12::80"]
    base4 = int(ipaddress.IPv4Address("198.18.0.1"))
    base6 = int(ipaddress.IPv6Address("2001:db8:12::1:0"))
    for i in range(n - len(rows)):
        rows.append("%s %s" % (ipaddress.IPv4Address(base4 + i),
                               ipaddress.IPv6Address(base6 + i)))
    with open(path, "w") as f:
        f.write("# The siit-dc lab's EAM table (RFC 7757).\n")
        f.write("\n".join(rows) + "\n")


def siit_dc(lab):
    c4 = lab.host("c4", v4only=True)
    s6a = lab.host("s6a")
    s6b = lab.host("s6b")
    app4 = lab.host("app4", v4only=True)
    br = lab.switch("br", 1)
    dc = lab.switch("dc", 2, translator=False)
    edge = lab.switch("edge", 3)
    lab.link(c4, "c4-eth0", br, "br-inet")
    lab.link(br, "br-dc", dc, "dc-br")
    lab.link(s6a, "s6a-eth0", dc, "dc-s6a")
    lab.link(s6b, "s6b-eth0", dc, "dc-s6b")
    lab.link(edge, "edge-dc", dc, "dc-edge")
    lab.link(edge, "edge-app", app4, "app4-eth0")
    lab.start()
    lab.addr(c4, "c4-eth0", "198.51.100.7/24")
    lab.sh(c4, "ip route add default via 198.51.100.1")
    lab.addr(app4, "app4-eth0", "203.0.113.80/24")
    lab.sh(app4, "ip route add default via 203.0.113.1")

    path = LAB_DIR + "/eam.txt"
    eam_file(path, 10000)
    lab.script("ipxlat-siit-dc", "--bridge", "br", "--ipv4-port", "br-inet",
               "--ipv6-port", "br-dc", "--ipv4", "198.51.100.1/24",
               "--ipv6", "2001:db8:12::1/64", "--prefix", PREFIX_A,
               "--table", "dc", "--eam-file", path)
    lab.script("ipxlat-siit-dc", "--role", "edge", "--bridge", "edge",
               "--ipv6-port", "edge-dc", "--ipv4-port", "edge-app",
               "--ipv6", "2001:db8:12::81/64", "--ipv4", "203.0.113.1/24",
               "--gateway6", "2001:db8:12::1", "--solicit", "203.0.113.80",
               "--prefix", PREFIX_A, "--eam", "203.0.113.80,2001:db8:12::80")
    # The servers' addresses come after the relay's flows: the relay
    # learns them from their Duplicate Address Detection.
    for h, a in ((s6a, "2001:db8:12::a"), (s6b, "2001:db8:12::b")):
        lab.addr(h, h.name + "-eth0", a + "/64", dad=True)
        lab.sh(h, "ip -6 route add default via 2001:db8:12::1")
    for h in (s6a, s6b):
        lab.wait("the end of %s's Duplicate Address Detection" % h.name,
                 lambda: "tentative" not in h.cmd("ip -6 addr show dev %s"
                                                  % (h.name + "-eth0")))
    for a in ("2001:db8:12::a", "2001:db8:12::b", "2001:db8:12::80"):
        word = "0x%x" % (int(ipaddress.IPv6Address(a)) & 0xffffffff)
        lab.wait("the border relay to learn %s" % a,
                 lambda: "reg7=%s " % word in ofctl("dump-flows", "br",
                                                    "table=41"))


BUILDERS = {
    "464xlat": lambda lab: xlat_464(lab, False),
    "multi-prefix": lambda lab: xlat_464(lab, True),
    "siit-dc": siit_dc,
}


def main(argv):
    if len(argv) != 3 or argv[1] not in ("up", "cli") \
            or argv[2] not in TOPOLOGIES:
        sys.stderr.write("usage: mnlab.py up|cli %s\n"
                         % "|".join(TOPOLOGIES))
        return 2
    setLogLevel("warning")
    os.makedirs(LAB_DIR, exist_ok=True)
    lab = Lab()
    stopping = []

    def on_term(signum, frame):
        stopping.append(signum)
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    try:
        BUILDERS[argv[2]](lab)
        lab.hosts_file()
        if argv[1] == "cli":
            CLI(lab.net)
        else:
            open(LAB_DIR + "/ready", "w").close()
            log("%s is up" % argv[2])
            while True:
                signal.pause()
    except LabError as e:
        log("error: %s" % e)
        with open(LAB_DIR + "/failed", "w") as f:
            f.write("%s\n" % e)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        lab.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
