#!/usr/bin/env python3
"""Speed benchmark: our `ip neigh` against iproute2's with 10,000 neighbours.

Run as root (it creates a network namespace):

    python3 tests/bench/ip_neigh_bench.py                 # 10,000 entries, 9 runs each
    python3 tests/bench/ip_neigh_bench.py --entries 20000 --runs 15 --strict

What it does:
1. Creates a namespace pnt-neighbench-PID with a veth pair and fills its
   neighbour table with --entries entries through one `ip -batch`: mostly
   IPv6 (2001:db8::/64 on veth0: an IPv4 /16 of documentation space would
   not hold 10,000 addresses) and 256 IPv4 ones, all PERMANENT (the kernel
   never collects those, whatever gc_thresh3 says), each with its own MAC.
2. Times, inside it, iproute2's `ip neigh` and ours alternately (median
   wall time of --runs runs each, output to /dev/null), and `ip -s neigh`
   and `ip -j neigh` the same way.
3. Prints each row with its ratio and the budget (ours <= 3x iproute2 for
   `ip neigh`; the other rows are shown for information).  Exit status 0;
   with --strict, 1 when the budgeted row is over.

Ours runs as `pynettools ip` when `pynettools --list` names ip, else through
pynettools.runtime.run_tool with the interpreter of the installed
pynettools script.  The namespace is removed on exit, error and Ctrl-C.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

PREFIX = "pnt-neighbench-"
BUDGET = 3.0


def real_ip():
    return shutil.which("ip", path="/usr/sbin:/usr/bin:/sbin:/bin") or "ip"


def our_ip():
    script = os.path.join(os.path.dirname(sys.executable), "pynettools")
    if not os.access(script, os.X_OK):
        script = shutil.which("pynettools")
    if script:
        listed = subprocess.run([script, "--list"], capture_output=True, text=True).stdout.split()
        if "ip" in listed:
            return [script, "ip"]
        with open(script) as f:
            python = f.readline()[2:].strip()
    else:
        python = sys.executable
    return [python, "-c", "import sys; from pynettools.runtime import run_tool; "
            "sys.exit(run_tool('ip', 'pynettools.tools.ip', sys.argv[1:]))"]


def fill(ns, entries):
    lines = ["link add veth0 address 02:00:00:00:f0:01 type veth peer name veth1 address 02:00:00:00:f0:02",
             "link set veth0 up", "link set veth1 up",
             "addr add 198.51.100.1/24 dev veth0", "addr add 2001:db8::1/64 dev veth0 nodad"]
    ipv4 = min(256, entries)
    for n in range(ipv4):
        lines.append("neigh add 198.51.100.%d dev veth1 lladdr 02:00:00:01:00:%02x nud permanent" % (n, n))
    for n in range(entries - ipv4):
        lines.append("neigh add 2001:db8::1:%x dev veth0 lladdr 02:00:00:02:%02x:%02x nud permanent"
                     % (n, n >> 8 & 0xFF, n & 0xFF))
    subprocess.run([real_ip(), "-n", ns, "-batch", "-"], input="\n".join(lines).encode() + b"\n", check=True)
    count = subprocess.run([real_ip(), "-n", ns, "neigh"], capture_output=True, check=True).stdout.count(b"\n")
    return count


def median_pair(ns, real, ours, args, runs):
    times = {"real": [], "ours": []}
    for _ in range(runs):
        for side, argv in (("real", [real]), ("ours", ours)):
            command = ["nsenter", "--net=/run/netns/" + ns] + argv + args
            started = time.perf_counter()
            # cwd "/": with `python -c`, sys.path[0] is the working directory, and
            # a source tree there would be imported (and compiled) instead of the install
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True, cwd="/")
            times[side].append(time.perf_counter() - started)
    return statistics.median(times["real"]), statistics.median(times["ours"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("ip_neigh_bench: needs root (network namespaces)", file=sys.stderr)
        return 2
    ns = PREFIX + str(os.getpid())
    subprocess.run([real_ip(), "netns", "add", ns], check=True)
    try:
        count = fill(ns, args.entries)
        ours = our_ip()
        rows = []
        for label, words, budget in (("ip neigh", ["neigh"], BUDGET), ("ip -s neigh", ["-s", "neigh"], None),
                                     ("ip -j neigh", ["-j", "neigh"], None)):
            real_t, ours_t = median_pair(ns, real_ip(), ours, words, args.runs)
            rows.append((label, real_t, ours_t, budget))
        print("%d neighbour entries, median of %d runs" % (count, args.runs))
        print("%-14s %12s %10s %7s  %s" % ("command", "iproute2", "ours", "ratio", "budget"))
        over = False
        for label, real_t, ours_t, budget in rows:
            ratio = ours_t / real_t if real_t else float("inf")
            verdict = "" if budget is None else ("<= %.0fx ok" % budget if ratio <= budget else "<= %.0fx OVER" % budget)
            over = over or (budget is not None and ratio > budget)
            print("%-14s %10.1fms %8.1fms %6.2fx  %s" % (label, real_t * 1000, ours_t * 1000, ratio, verdict))
        return 1 if over and args.strict else 0
    finally:
        subprocess.run([real_ip(), "netns", "del", ns])


if __name__ == "__main__":
    sys.exit(main())
