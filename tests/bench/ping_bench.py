#!/usr/bin/env python3
"""Speed benchmark: our `ping` against iputils 20221126's, in the same run.

Run as root (it creates a network namespace; -f and -i 0 are root's):

    python3 tests/bench/ping_bench.py                 # 9 runs of each command
    python3 tests/bench/ping_bench.py --runs 21 --no-strict

What it does (issue 14's budgets):
1. Makes a namespace, pnt-pingbench-PID-lo, and brings its loopback up (a
   namespace of its own: nothing else on the machine shares its loopback).
2. Checks that ours and the real ping agree on the summary of a short run
   (`ping -c 20 -i 0 -q 127.0.0.1`: 20 transmitted, 20 received).
3. Times, in turns so that a slow moment of the machine hits both:
   `ping -f -c 10000 127.0.0.1` and `ping -c 200 -i 0 -q 127.0.0.1`, each
   with the real ping and with ours, output discarded.  Budget: ours <= 2x
   the real ping's time, for each.
4. Prints each row: the median wall time of --runs runs of the reference and
   of ours, the ratio and the budget (OVER when over); and, for information,
   `PYTHON -c pass` (PYTHON: the interpreter on the installed pynettools
   script's #! line) against the real tool's shortest run: the part of ours
   that is the interpreter starting.  Exit status 0 when
   every row is within its budget, 1 when one is over budget or a run failed
   (the check in 2 included); --no-strict: 0 even when over budget.

Ours runs as `pynettools ping` when `pynettools --list` names ping, else
through pynettools.runtime.run_tool with the interpreter of the installed
pynettools script; --ours CMD runs CMD instead (e.g. --ours /usr/bin/ping,
to try the bench with the real tool on both sides).  The namespace is
removed on exit, error, Ctrl-C and SIGTERM; namespaces of a killed run are
removed at start.
"""
import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlab  # noqa: E402  (this directory: as a script and with -m alike)
from benchlab import enter, installed_script, real_ip  # noqa: E402

PREFIX = "pnt-pingbench-"
LOOPBACK = "127.0.0.1"
# (label, arguments, budget: ours <= N x the real ping's time)
COMMANDS = (
    ("ping -f -c 10000 %s" % LOOPBACK, ["-f", "-c", "10000", LOOPBACK], 2.0),
    ("ping -c 200 -i 0 -q %s" % LOOPBACK, ["-c", "200", "-i", "0", "-q", LOOPBACK], 2.0),
)
CHECK = ["-c", "20", "-i", "0", "-q", LOOPBACK]


def real_ping():
    return [shutil.which("ping", path="/usr/bin:/bin") or "ping"]


def summary(ns, command):
    """The 'N packets transmitted, ...' line of a run, without its time."""
    result = subprocess.run(enter(ns, command), capture_output=True, text=True, cwd="/", timeout=60)
    if result.returncode != 0:
        raise RuntimeError("%s exited %s: %s" % (" ".join(command), result.returncode, result.stderr[-300:]))
    for line in result.stdout.splitlines():
        if " packets transmitted, " in line:
            return line.rsplit(", time ", 1)[0]
    raise RuntimeError("%s printed no statistics: %r" % (" ".join(command), result.stdout[-300:]))


def check(ns, real, ours):
    expected = "20 packets transmitted, 20 received, 0% packet loss"
    for command in (real, ours):
        line = summary(ns, command + CHECK)
        if line != expected:
            raise RuntimeError("%s: %r, not %r" % (" ".join(command + CHECK), line, expected))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (default 9)")
    parser.add_argument("--pynettools", help="the pynettools program (default: beside this python)")
    parser.add_argument("--ours", help="run this command as ours instead (e.g. /usr/bin/ping)")
    parser.add_argument("--no-strict", dest="strict", action="store_false",
                        help="print the table, exit 0 even when a row is over budget")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("ping_bench: needs root (a network namespace; ping -f)", file=sys.stderr)
        return 2
    lab = benchlab.open_lab(benchlab.Lab(PREFIX))
    # absolute: the runs start in / (see run_once)
    script = os.path.abspath(args.pynettools) if args.pynettools else installed_script()
    real = real_ping()
    ours = args.ours.split() if args.ours else benchlab.our_tool(script, "ping")
    try:
        ns = lab.namespace("lo")
        subprocess.run([real_ip(), "-n", ns, "link", "set", "lo", "up"], check=True)
        check(ns, real, ours)
        median = benchlab.paired_timings(ns, real, ours, COMMANDS, args.runs,
                                         [benchlab.shebang_python(script), "-c", "pass"])
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print("ping_bench: %s" % error, file=sys.stderr)
        return 1
    finally:
        lab.cleanup()
    rows = [benchlab.Row(label, median[(label, "real")], median[(label, "ours")], "ping (iputils 20221126)",
                         time_budget=budget) for label, _, budget in COMMANDS]
    # how much of ours is the interpreter's start-up alone, against the real tool's shortest run
    label = min((label for label, _, budget in COMMANDS if budget), key=lambda label: median[(label, "real")])
    rows.append(benchlab.Row("python -c pass (ours' floor)", median[(label, "real")], median[("bare", "ours")],
                             label))
    print("median of %d runs; ours: %s" % (args.runs, " ".join(ours)))
    over = benchlab.print_table(rows)
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
