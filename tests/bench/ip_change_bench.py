#!/usr/bin/env python3
"""Speed benchmark for ip's changing commands (issue 10), ours against the budgets.

Run as root (it creates network namespaces):

    python3 tests/bench/ip_change_bench.py                  # 21 runs each, 100,000 batch lines
    python3 tests/bench/ip_change_bench.py --routes 20000 --runs 11 --strict

What it does:
1. Small system: a namespace pnt-chbench-PID with a veth pair.  Times, inside
   it, `ip addr add`, `ip route add` and `ip link set dev veth0 up` (each
   undone, untimed, between runs), ours and iproute2's, and a bare
   `python3 -c pass` with ours' interpreter.  Budget: ours <= 2.5x the bare
   interpreter (a script that calls ip a thousand times must not wait for a
   heavy import each time).
2. `ip -batch` with --routes `route add` lines into a fresh namespace, ours
   and iproute2's alternately (--batch-runs each, the namespace made anew
   for every run).  Budget: ours <= 3x iproute2.
3. Prints each row with its ratio and budget.  Exit status 0; with --strict,
   1 when a budgeted row is over.  A command ours does not do yet (exit
   status not 0) is reported as such, not timed.

Ours runs as the installed `pynettools ip` (see our_ip()).  The namespaces
are removed on exit, error and Ctrl-C.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ip_neigh_bench import our_ip, real_ip  # noqa: E402  (one definition of how each side is run)

PREFIX = "pnt-chbench-"
SMALL_BUDGET = 2.5
BATCH_BUDGET = 3.0

# (label, the command, the command that undoes it between runs)
SMALL = (
    ("ip addr add", "addr add 198.51.100.9/24 dev veth0", "addr del 198.51.100.9/24 dev veth0"),
    ("ip route add", "route add 203.0.113.0/24 via 198.51.100.2", "route del 203.0.113.0/24"),
    ("ip link set up", "link set dev veth0 up", "link set dev veth0 down"),
)


def in_ns(ns, argv):
    return ["nsenter", "--net=/run/netns/" + ns] + argv


def make_ns(ns):
    subprocess.run([real_ip(), "netns", "add", ns], check=True)
    for words in ("link add veth0 type veth peer name veth1", "link set veth1 up",
                  "addr add 198.51.100.1/24 dev veth0", "link set veth0 up"):
        subprocess.run([real_ip(), "-n", ns] + words.split(), check=True)


def timed(argv, undo=None, runs=21):
    """Median wall time of argv (output to /dev/null), with undo run untimed
    after each; None when argv failed (ours does not do it yet)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            return None
        if undo:
            subprocess.run(undo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return statistics.median(times)


def small_rows(ns, runs):
    ours = our_ip()
    python = ours[0] if ours[1] == "-c" else _interpreter(ours[0])
    bare = timed(in_ns(ns, [python, "-c", "pass"]), runs=runs)
    rows = []
    for label, words, undo in SMALL:
        undo_argv = [real_ip(), "-n", ns] + undo.split()
        real_t = timed(in_ns(ns, [real_ip()] + words.split()), undo_argv, runs)
        ours_t = timed(in_ns(ns, ours + words.split()), undo_argv, runs)
        rows.append((label, "python -c pass", bare, ours_t, SMALL_BUDGET, real_t))
    return rows


def _interpreter(script):
    with open(script) as f:
        return f.readline()[2:].strip()


def batch_row(routes, runs):
    # distinct for up to 2**24 routes (10.X.Y.0/24 wrapped after 65,536: the
    # 65,537th line was a duplicate, the real ip failed on it and the row was lost)
    lines = ["route add 10.%d.%d.%d/32 via 198.51.100.2" % (n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF)
             for n in range(routes)]
    with tempfile.NamedTemporaryFile("w", suffix=".batch", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    times = {"real": [], "ours": []}
    try:
        for _ in range(runs):
            for side, argv in (("real", [real_ip()]), ("ours", our_ip())):
                ns = "%s%d-batch" % (PREFIX, os.getpid())
                make_ns(ns)
                try:
                    started = time.perf_counter()
                    done = subprocess.run(in_ns(ns, argv + ["-batch", path]), stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, cwd="/")
                    times[side].append(time.perf_counter() - started)
                finally:
                    subprocess.run([real_ip(), "netns", "del", ns])
                if done.returncode != 0:
                    print("ip -batch: %s exited %d: no row" % (side, done.returncode), file=sys.stderr)
                    times[side] = None
                    break
            if None in times.values():
                break
    finally:
        os.unlink(path)
    ours_t = statistics.median(times["ours"]) if times["ours"] else None
    real_t = statistics.median(times["real"]) if times["real"] else None
    return ("ip -batch (%d routes)" % routes, "iproute2", real_t, ours_t, BATCH_BUDGET, real_t)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--routes", type=int, default=100000)
    parser.add_argument("--batch-runs", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budgeted row is over")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("ip_change_bench: needs root (network namespaces)", file=sys.stderr)
        return 2
    ns = "%s%d" % (PREFIX, os.getpid())
    make_ns(ns)
    try:
        rows = small_rows(ns, args.runs)
    finally:
        subprocess.run([real_ip(), "netns", "del", ns])
    rows.append(batch_row(args.routes, args.batch_runs))
    print("%-24s %12s %10s %10s %7s  %s" % ("command", "against", "base", "ours", "ratio", "budget"))
    over = False
    for label, against, base, ours_t, budget, real_t in rows:
        if ours_t is None or base is None:
            print("%-24s %12s %10s %10s %7s  %s" % (label, against, "-", "-", "-", "ours does not do it yet"))
            continue
        ratio = ours_t / base
        verdict = "<= %.1fx %s" % (budget, "ok" if ratio <= budget else "OVER")
        over = over or ratio > budget
        note = "" if against == "iproute2" else "  (iproute2 %.1fms)" % (real_t * 1000) if real_t else ""
        print("%-24s %12s %8.1fms %8.1fms %6.2fx  %s%s" % (label, against, base * 1000, ours_t * 1000,
                                                          ratio, verdict, note))
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
