# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
"""EAM tables held by ovs-vswitchd (RFC 7757): read one, compare it with
a file, load or replace it from a file in one step.  Used by ipxlat-eam
and ipxlat-siit-dc.

A table is changed only through 'ipxlat/table-load TABLE FILE', which
ovs-vswitchd applies all or nothing and which packets see before or
after, never half done; the file is checked here first, so that a bad
line gives its line number and changes nothing."""

import os

import ipxlat_ofctl as ix


def exists(ovs, table):
    """Whether ovs-vswitchd holds EAM table 'table'."""
    status, out = ovs.query(ovs.appctl("ipxlat/show"))
    names = []
    section = False
    for line in out.splitlines():
        if line == "tables:":
            section = True
        elif section and line.startswith("  "):
            names.append(line.strip().split(":")[0])
    return table in names


def entries(ovs, table):
    """The entries of 'table' as a set of (IPv4Network, IPv6Network)."""
    _, out = ovs.query(ovs.appctl("ipxlat/table-show", table,
                                  str(2 ** 62)))
    lines = out.splitlines()
    got = set()
    for line in lines[1:]:
        v4, v6 = line.split()
        got.add((ix.ip4_network(v4, "entry"), ix.ip6_network(v6, "entry")))
    return got


def check_file(path):
    """The entries of EAM file 'path' as a set; raises Error naming the
    first bad line, a duplicate or an overlap of IPv4 sides."""
    rows = ix.read_eam_file(path)
    seen = {}
    for v4, v6 in rows:
        ix.eam_entry(v4, v6)
        if v4 in seen:
            raise ix.Error("%s: %s appears twice" % (path, v4))
        seen[v4] = v6
    return set(rows)


def load(ovs, table, path, create):
    """Replaces the entries of 'table' by those of 'path' atomically;
    with 'create' false the table must exist already."""
    check_file(path)
    if not create and not exists(ovs, table):
        raise ix.Error("no EAM table %s (use 'load' to create it)" % table)
    ovs.change(ovs.appctl("ipxlat/table-load", table,
                          os.path.abspath(path)))


def diff(ovs, table, path):
    """Lines '- V4 V6' (in the table, not in the file) and '+ V4 V6' (in
    the file only), sorted."""
    want = check_file(path)
    have = entries(ovs, table) if exists(ovs, table) else set()

    def key(e):
        return (int(e[0].network_address), e[0].prefixlen)
    out = ["- %s %s" % e for e in sorted(have - want, key=key)]
    out += ["+ %s %s" % e for e in sorted(want - have, key=key)]
    return out
