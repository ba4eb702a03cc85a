"""Record golden cases from the real tools:  python -m tests.record TOOL [CASE...]

Needs root (network namespaces) and the reference tools.  For each case it
builds the case's lab, runs the real tool, then ours with PYNETTOOLS_RECORD
(its output thrown away, its kernel reads kept), and writes
tests/golden/<tool>/<case>/ (see tests/harness/golden.py).

    python -m tests.record arp                  every arp case
    python -m tests.record arp show-n set-temp  just these
    python -m tests.record --all                every tool with a cases.py
    python -m tests.record arp --prune          also delete golden dirs of cases no longer listed
    python -m tests.record arp --from-golden    re-record from each case.json (its stored lab
                                                spec), not from tests/arp/cases.py

Recording again reorders table output: the kernel hashes neighbour entries
with a random per-namespace seed, and each recording is a new namespace.
"""
import argparse
import os
import shutil
import sys
import time

from tests.harness import golden, live, provenance
from tests.harness.cases import GOLDEN_DIR, golden_case_dirs, load_cases, load_golden_case, tools_with_cases


def golden_cases(tool):
    """The cases as their golden case.json files describe them (lab spec included)."""
    return [load_golden_case(directory) for _, _, directory in golden_case_dirs(tool)]


def record_tool(tool, names=(), prune=False, out=sys.stdout, show_diff=False, from_golden=False):
    cases = golden_cases(tool) if from_golden else load_cases(tool)
    if names:
        unknown = set(names) - {case.name for case in cases}
        if unknown:
            raise SystemExit("unknown %s cases: %s" % (tool, ", ".join(sorted(unknown))))
        cases = [case for case in cases if case.name in names]
    record = provenance.identify(tool)  # raises NotReference unless it is the reference binary
    provenance.remember(record)
    version = "%s %s" % (record["package"], record["version"])
    matched = 0
    with live.LabPool() as pool:
        for case in cases:
            pair = golden.record_case(pool.lab_for(case), case, record)
            same = not pair.differences()
            matched += same
            note = "" if pair.stable else "  (kernel state kept moving: %d attempts)" % pair.attempts
            out.write("%-8s %-28s exit %-3d %s%s\n" % (tool, case.name, pair.real.exit,
                                                      "ours: same" if same else "ours: DIFFERS", note))
            if show_diff and not same:
                out.write("".join("    " + line + "\n" for text in pair.differences() for line in text.splitlines()))
    if prune and not names:
        keep = {case.name for case in cases}
        tool_dir = os.path.join(GOLDEN_DIR, tool)
        for name in sorted(os.listdir(tool_dir)):
            if name not in keep and not name.startswith("."):
                shutil.rmtree(os.path.join(tool_dir, name))
                out.write("%-8s %-28s removed (no longer a case)\n" % (tool, name))
    out.write("%s: recorded %d cases with %s; ours already identical live in %d\n"
              % (tool, len(cases), version, matched))
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.record", description=__doc__.split("\n")[0])
    parser.add_argument("tool", nargs="?")
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--all", action="store_true", help="every tool with a tests/<tool>/cases.py")
    parser.add_argument("--diff", action="store_true", help="show how ours differs (live)")
    parser.add_argument("--from-golden", action="store_true",
                        help="take the cases from tests/golden/<tool>/*/case.json instead of cases.py")
    parser.add_argument("--prune", action="store_true", help="remove golden dirs of cases no longer listed")
    args = parser.parse_intermixed_args(argv)
    if not args.tool and not args.all:
        parser.error("name a tool, or --all")
    reason = live.lab_skip_reason()
    if reason:
        raise SystemExit("cannot record: %s" % reason)
    tools = tools_with_cases() if args.all else [args.tool]
    started = time.time()
    for tool in tools:
        missing = live.real_tool_missing(tool)
        if missing:
            raise SystemExit("cannot record %s: %s" % (tool, missing))
        record_tool(tool, args.cases, args.prune and not args.from_golden, show_diff=args.diff,
                    from_golden=args.from_golden)
    sys.stdout.write("done in %.1f s\n" % (time.time() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
