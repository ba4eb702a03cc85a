#!/usr/bin/env python3
"""Speed benchmark: our `traceroute` against traceroute 2.1.2's, through the ping lab's chain.

Run as root (it builds the lab's namespaces and nftables rules):

    python3 tests/bench/traceroute_bench.py            # 9 runs of each command
    python3 tests/bench/traceroute_bench.py --runs 21

What it does (issue 14's budget):
1. Builds the "ping-bare" lab of tests/ping/labs.py: main -> r1 -> r2 -> r3
   -> target, the target 4 hops away (203.0.113.1, 2001:db8:4::1).
2. Checks that ours and the real traceroute see the same hops
   (`traceroute -n TARGET`: the same address on each hop line).
3. Times, in turns so that a slow moment of the machine hits both,
   `traceroute -n 203.0.113.1` (3 UDP probes for each of the 4 hops, all
   answered) with the real traceroute and with ours, run in the lab's main
   namespace (nsenter --net, output discarded).  Budget: ours <= 1.5x the
   real traceroute's time.  `traceroute -6 -n 2001:db8:4::1` and
   `traceroute -I -n 203.0.113.1` are timed too, for information.
4. Prints each row: the median wall time of --runs runs of the reference and
   of ours, the ratio and the budget (OVER when over); and, for information,
   `PYTHON -c pass` (PYTHON: the interpreter on the installed pynettools
   script's #! line) against the real tool's shortest run: the part of ours
   that is the interpreter starting.  Exit status 0 when
   every row is within its budget, 1 when one is over budget or a run failed
   (the check in 2 included); --no-strict: 0 even when over budget.

Ours runs as `pynettools traceroute` when `pynettools --list` names it,
else through pynettools.runtime.run_tool with the interpreter of the
installed pynettools script; --ours CMD runs CMD instead (e.g. --ours
/usr/bin/traceroute.db, to try the bench with the real tool on both sides).
The lab is taken down on exit, error, Ctrl-C and SIGTERM; namespaces of a
killed earlier run are removed at start.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(os.path.dirname(HERE)))  # the source tree: tests.lab, tests.ping
import benchlab  # noqa: E402  (this directory: as a script and with -m alike)
from benchlab import installed_script  # noqa: E402

TARGET = "203.0.113.1"
TARGET6 = "2001:db8:4::1"
# (label, arguments, budget: ours <= N x the real traceroute's time, or None)
COMMANDS = (
    ("traceroute -n %s" % TARGET, ["-n", TARGET], 1.5),
    ("traceroute -6 -n %s" % TARGET6, ["-6", "-n", TARGET6], None),
    ("traceroute -I -n %s" % TARGET, ["-I", "-n", TARGET], None),
)


def real_traceroute():
    # Debian's /usr/bin/traceroute is an alternatives link; traceroute.db is the binary
    return [shutil.which("traceroute.db", path="/usr/bin:/bin") or shutil.which("traceroute") or "traceroute"]


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)  # runs the finally block that takes the lab down


def build_lab():
    from tests.lab import Lab, cleanup_stale, preflight, topology

    reason = preflight()
    if reason:
        raise RuntimeError("cannot build the lab: %s" % reason)
    for name in cleanup_stale():
        print("removed stale namespace %s" % name)
    return Lab(topology.named("ping-bare")).up()


def hops(ns, command):
    """[(hop number, address)] of one run: the first address on each hop line."""
    result = subprocess.run(benchlab.enter(ns, command), capture_output=True, text=True, cwd="/", timeout=120)
    if result.returncode != 0:
        raise RuntimeError("%s exited %s: %s" % (" ".join(command), result.returncode, result.stderr[-300:]))
    return re.findall(r"^ ?(\d+)  (\S+)", result.stdout, re.M)


def check(ns, real, ours):
    for _, argv, _ in COMMANDS:
        expected, got = hops(ns, real + argv), hops(ns, ours + argv)
        if not expected or expected[-1][1] not in (TARGET, TARGET6) or got != expected:
            raise RuntimeError("%s: hops %s, the real traceroute's %s" % (" ".join(ours + argv), got, expected))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (default 9)")
    parser.add_argument("--pynettools", help="the pynettools program (default: beside this python)")
    parser.add_argument("--ours", help="run this command as ours instead (e.g. /usr/bin/traceroute.db)")
    parser.add_argument("--no-strict", dest="strict", action="store_false",
                        help="print the table, exit 0 even when a row is over budget")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("traceroute_bench: needs root (the lab's namespaces)", file=sys.stderr)
        return 2
    for signum in benchlab.ALL_SIGNALS:
        signal.signal(signum, _exit_on_signal)
    # absolute: the runs start in / (see run_once)
    script = os.path.abspath(args.pynettools) if args.pynettools else installed_script()
    real = real_traceroute()
    ours = args.ours.split() if args.ours else benchlab.our_tool(script, "traceroute")
    lab = None
    try:
        lab = build_lab()
        ns = lab.netns("main")
        check(ns, real, ours)
        median = benchlab.paired_timings(ns, real, ours, COMMANDS, args.runs,
                                         [benchlab.shebang_python(script), "-c", "pass"])
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print("traceroute_bench: %s" % error, file=sys.stderr)
        return 1
    finally:
        if lab is not None:
            lab.down()
    rows = [benchlab.Row(label, median[(label, "real")], median[(label, "ours")], "traceroute 2.1.2",
                         time_budget=budget) for label, _, budget in COMMANDS]
    # how much of ours is the interpreter's start-up alone, against the real tool's shortest run
    label = min((label for label, _, budget in COMMANDS if budget), key=lambda label: median[(label, "real")])
    rows.append(benchlab.Row("python -c pass (ours' floor)", median[(label, "real")], median[("bare", "ours")],
                             label))
    print("median of %d runs, in the ping lab's main namespace; ours: %s" % (args.runs, " ".join(ours)))
    over = benchlab.print_table(rows)
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
