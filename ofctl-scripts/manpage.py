#!/usr/bin/env python3
# Copyright (c) 2026 The ipxlat-ovs authors.
# Licensed under the Apache License, Version 2.0.
"""Writes the manual page of an ofctl-scripts program from the program
itself (its build_parser(), DESCRIPTION and EPILOG), so that --help and
the page never disagree.

usage: manpage.py SCRIPT > PAGE.8"""

import argparse
import importlib.machinery
import importlib.util
import os
import sys
import time


def load(path):
    loader = importlib.machinery.SourceFileLoader("script", path)
    spec = importlib.util.spec_from_loader("script", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def esc(text):
    """Text as troff prints it literally."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line[:1] in ".'" else line
                     for line in text.split("\n"))


def paragraphs(text):
    """Blocks of 'text': indented ones (tables, examples) stay as they
    are (.nf), the others are filled."""
    out = []
    for block in text.strip("\n").split("\n\n"):
        lines = block.split("\n")
        if any(line.startswith("  ") for line in lines[1:]) \
                or lines[0].startswith("  "):
            out.append(".PP\n.nf\n%s\n.fi" % esc(block))
        else:
            out.append(".PP\n%s" % esc(" ".join(l.strip() for l in lines)))
    return "\n".join(out)


def option(action):
    names = ", ".join("\\fB%s\\fR" % esc(o) for o in action.option_strings)
    if action.nargs != 0 and action.metavar:
        names += " \\fI%s\\fR" % esc(action.metavar)
    elif action.nargs != 0 and action.option_strings:
        names += " \\fI%s\\fR" % esc(action.dest.upper())
    return ".TP\n%s\n%s" % (names, esc(action.help or ""))


def main(argv):
    path = argv[1]
    name = os.path.basename(path)
    mod = load(path)
    parser = mod.build_parser()
    parser.prog = name
    summary = mod.__doc__.strip().split(":", 1)[1].strip()
    summary = " ".join(summary.split())
    usage = parser.format_usage().replace("usage: ", "").strip()
    out = [".\\\" Written by ofctl-scripts/manpage.py from %s." % name,
           ".TH %s 8 %s ipxlat-ovs" % (name.upper(), time.strftime(
               "%Y", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH",
                                                    time.time()))))),
           ".SH NAME", "%s \\- %s" % (esc(name), esc(summary)),
           ".SH SYNOPSIS", esc(" ".join(usage.split())),
           ".SH DESCRIPTION", paragraphs(mod.DESCRIPTION), ".SH OPTIONS"]
    for group in parser._action_groups:
        actions = [a for a in group._group_actions
                   if not isinstance(a, argparse._HelpAction)]
        if not actions:
            continue
        if group.title not in ("options", "optional arguments",
                               "positional arguments"):
            out.append(".SS \"%s\"" % esc(group.title))
        for a in actions:
            if a.option_strings:
                out.append(option(a))
    epilog = mod.EPILOG
    examples, _, rest = epilog.partition("\nexit status:")
    out.append(".SH EXAMPLES")
    out.append(".nf\n%s\n.fi" % esc(examples.replace("examples:\n", "")))
    status, _, see = rest.partition("See ")
    out.append(".SH \"EXIT STATUS\"")
    out.append(esc(" ".join(status.split())))
    out.append(".SH \"SEE ALSO\"")
    others = ["ipxlat-clat", "ipxlat-plat", "ipxlat-siit-dc", "ipxlat-eam",
              "ipxlat-pref64d"]
    out.append(",\n".join(".BR %s (8)" % o for o in others if o != name)
               + ",\n.BR ovs\\-ofctl (8),\n.BR ovs\\-actions (7)")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)
