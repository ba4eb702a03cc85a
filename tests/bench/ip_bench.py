#!/usr/bin/env python3
"""Speed benchmark: our `ip route` against iproute2's with 100,000 routes.

Run as root (it creates network namespaces):

    python3 tests/bench/ip_bench.py                  # 100,000 routes, 7 runs each
    python3 tests/bench/ip_bench.py --routes 20000 --runs 15 --strict
    python3 tests/bench/ip_bench.py --timer loop     # no hyperfine

What it does:
1. In a nearly empty namespace (two veth pairs, a few addresses and
   routes), before the busy one exists, times ours for `ip addr`, `ip link`, `ip route`, `ip -br a` and
   `ip -j addr` against a bare `PYTHON -c pass` (PYTHON: the interpreter on
   the installed pynettools script's #! line): the start-up cost, budget
   2x (issue 7).
2. Fills a second namespace with --routes IPv4 routes in the main table
   through one `ip -batch` (a few seconds): every prefix of length 24 to 32
   inside 198.51.100.0/24 (on the device, scope link) and 203.0.113.0/24
   (via a gateway) -- 1,022 prefixes, the only IPv4 space a test may use --
   each with metrics 1, 2, 3 ... until there are enough routes (the kernel
   keeps routes to one prefix with different metrics apart).
3. Times there iproute2's `ip route` and `ip -j route` and ours (median
   wall time, output to /dev/null; hyperfine when installed, else our own
   loop, which runs the two alternately), checks that both printed the same
   number of lines, and measures our peak RSS (/usr/bin/time).  Budget:
   ours <= 3x iproute2's time and <= 64 MiB.  With --mixed, the same again
   for a table where no two neighbouring routes share a gateway (ours then
   prints route by route: the slower path).
4. Prints a table with the budgets, PASS or OVER.  Exit status 0; with
   --strict, 1 when a row is OVER or could not be measured.

Ours runs as `pynettools ip` when `pynettools --list` names ip, else through
pynettools.runtime.run_tool with the interpreter of the installed
pynettools script.  The namespaces (pnt-ipbench-PID-*) are removed on exit,
error, Ctrl-C and SIGTERM; leftovers of a killed run are removed at start.
"""
import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlab  # noqa: E402  (this directory: as a script and with -m alike)
from benchlab import real_ip  # noqa: E402

PREFIX = "pnt-ipbench-"
MIB = 1024
RUN_TOOL_CODE = ("import sys; from pynettools.runtime import run_tool; "
                 "sys.exit(run_tool('ip', 'pynettools.tools.ip', sys.argv[1:]))")


# ---- the namespaces --------------------------------------------------------------------

class Lab(benchlab.Lab):
    def __init__(self):
        super().__init__(PREFIX)

    def namespace(self, tag):
        name = super().namespace(tag)
        # no random link-local addresses, no tentative ones (as the test labs)
        subprocess.run(netns(name, ["sysctl", "-q", "-w", "net.ipv6.conf.all.addr_gen_mode=1",
                                    "net.ipv6.conf.default.addr_gen_mode=1",
                                    "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]),
                       check=True)
        return name


def netns(ns, command):
    return [real_ip(), "netns", "exec", ns] + list(command)


def batch(ns, lines):
    with tempfile.NamedTemporaryFile("w", prefix="ip_bench", suffix=".batch") as f:
        f.write("".join(line + "\n" for line in lines))
        f.flush()
        subprocess.run([real_ip(), "-n", ns, "-batch", f.name], check=True)


DEVICES = ["link add veth0 address 02:00:00:00:f2:01 type veth peer name veth1 address 02:00:00:00:f2:02",
           "link add veth2 address 02:00:00:00:f2:03 type veth peer name veth3 address 02:00:00:00:f2:04",
           "link set lo up", "link set veth0 up", "link set veth1 up", "link set veth2 up", "link set veth3 up",
           "addr add 198.51.100.1/24 dev veth0", "addr add 2001:db8:1::1/64 dev veth0",
           "addr add 203.0.113.1/24 dev veth2", "addr add 2001:db8:2::1/64 dev veth2"]


def fill_small(ns):
    batch(ns, DEVICES + ["route add default via 198.51.100.2",
                         "route add 203.0.113.128/25 via 203.0.113.2 metric 10"])


def route_lines(count, mixed=False):
    """`route add` lines for `count` distinct IPv4 routes in documentation
    space.  mixed: each route's gateway differs from its neighbours' in the
    dump (which lists a prefix's routes by metric), so that no two routes
    in a row look alike (route.py's FastRoutes.uniform() never applies)."""
    prefixes = []
    for base, via in (("198.51.100", "dev veth0"), ("203.0.113", "via 198.51.100.2")):
        for length in range(24, 33):
            step = 1 << (32 - length)
            prefixes += [("%s.%d/%d" % (base, start, length), via) for start in range(0, 256, step)]
    lines = []
    metric = 1
    while len(lines) < count:
        for prefix, via in prefixes[:count - len(lines)]:
            if mixed:
                via = "via 198.51.100.%d" % (2 + metric % 2)
            lines.append("route add %s %s metric %d" % (prefix, via, metric))
        metric += 1
    return lines


def fill_busy(ns, count, mixed=False):
    started = time.monotonic()
    batch(ns, DEVICES[:1] + ["link set lo up", "link set veth0 up", "link set veth1 up",
                             "addr add 198.51.100.1/24 dev veth0"])
    batch(ns, route_lines(count, mixed))
    return time.monotonic() - started


# ---- the programs ----------------------------------------------------------------------

def shebang_python(program):
    try:
        with open(program, "rb") as script:
            first = script.readline().decode(errors="replace")
    except OSError:
        return None
    return first[2:].split() if first.startswith("#!") else None


def our_ip(explicit=None):
    """(command prefix for our ip, the python command, description)."""
    program = explicit or os.path.join(os.path.dirname(sys.executable), "pynettools")
    if not os.access(program, os.X_OK):
        program = shutil.which("pynettools")
    python = (shebang_python(program) if program else None) or [sys.executable]
    if program:
        listed = subprocess.run([program, "--list"], capture_output=True, text=True).stdout.split()
        if "ip" in listed:
            return [program, "ip"], python, "%s ip" % program
    return python + ["-c", RUN_TOOL_CODE], python, "run_tool('ip') via %s" % python[0]


# ---- measuring -------------------------------------------------------------------------

def try_once(ns, command):
    done = subprocess.run(netns(ns, command), capture_output=True)
    error = done.stderr.decode(errors="replace").strip().splitlines()
    return done.returncode == 0, done.stdout.count(b"\n"), (error[0] if error else "exit %d" % done.returncode)


def median_times(ns, commands, runs, timer):
    """Median wall seconds of each command (run inside the namespace, output discarded)."""
    if timer == "hyperfine":
        with tempfile.TemporaryDirectory(prefix="ip_bench") as tmp:
            report = os.path.join(tmp, "report.json")
            command = ["hyperfine", "-N", "--warmup", "1", "--runs", str(runs), "--style", "none",
                       "--export-json", report] + [" ".join(shlex.quote(w) for w in c) for c in commands]
            subprocess.run(netns(ns, command), check=True, capture_output=True)
            with open(report) as f:
                return [result["median"] for result in json.load(f)["results"]]
    times = [[] for _ in commands]
    for run in range(runs + 1):  # the first round warms the caches up
        for i, command in enumerate(commands):
            started = time.perf_counter()
            subprocess.run(netns(ns, command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if run:
                times[i].append(time.perf_counter() - started)
    return [statistics.median(t) for t in times]


def peak_rss_kib(ns, command):
    if not os.access("/usr/bin/time", os.X_OK):
        return None
    with tempfile.NamedTemporaryFile("r", prefix="ip_bench") as out:
        subprocess.run(netns(ns, ["/usr/bin/time", "-f", "%M", "-o", out.name] + command),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = out.read().split()
    return int(text[-1]) if text else None


class Row:
    def __init__(self, label, ns, base, ours, budget, rss_budget_mib=None, runs=7, timer="loop",
                 compare_lines=True):
        self.label, self.ns, self.base, self.ours = label, ns, base, ours
        self.budget, self.rss_budget_mib, self.runs, self.timer = budget, rss_budget_mib, runs, timer
        self.compare_lines = compare_lines
        self.base_time = self.ours_time = self.ours_rss = None
        self.notes = []

    def measure(self):
        ok, base_lines, error = try_once(self.ns, self.base)
        if not ok:
            self.notes.append("%s failed: %s" % (self.base[0], error))
            return
        ok, ours_lines, error = try_once(self.ns, self.ours)
        if not ok:
            self.notes.append("ours failed: %s" % error)
            return
        if self.compare_lines and base_lines != ours_lines:
            self.notes.append("WARNING: iproute2 printed %d lines, ours %d" % (base_lines, ours_lines))
        self.base_time, self.ours_time = median_times(self.ns, [self.base, self.ours], self.runs, self.timer)
        self.ours_rss = peak_rss_kib(self.ns, self.ours)

    def ratio(self):
        return self.ours_time / self.base_time if self.base_time and self.ours_time is not None else None

    def verdict(self):
        ratio = self.ratio()
        if ratio is None:
            return "n/a"
        over = ratio > self.budget
        if self.rss_budget_mib and (self.ours_rss is None or self.ours_rss > self.rss_budget_mib * MIB):
            over = True
        return "OVER" if over else "PASS"

    def budget_text(self):
        text = "<=%gx" % self.budget
        if self.rss_budget_mib:
            text += ", <=%d MiB" % self.rss_budget_mib
        return text


def print_table(rows):
    header = ("command", "real", "ours", "ratio", "RSS ours", "budget", "verdict")
    table = [header]
    for row in rows:
        ratio = row.ratio()
        table.append((row.label,
                      "n/a" if row.base_time is None else "%.1f ms" % (row.base_time * 1000),
                      "n/a" if row.ours_time is None else "%.1f ms" % (row.ours_time * 1000),
                      "n/a" if ratio is None else "%.2fx" % ratio,
                      "n/a" if row.ours_rss is None else "%.1f MiB" % (row.ours_rss / MIB),
                      row.budget_text(), row.verdict()))
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print()
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    for row in rows:
        for note in row.notes:
            print("%s: %s" % (row.label, note))


def parse_args(argv):
    parser = argparse.ArgumentParser(description="ip route speed benchmark (run as root)")
    parser.add_argument("--routes", type=int, default=100000, help="IPv4 routes (default 100000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command (default 7)")
    parser.add_argument("--small-runs", type=int, default=20,
                        help="timed runs per command in the small namespace (default 20)")
    parser.add_argument("--timer", choices=("auto", "hyperfine", "loop"), default="auto")
    parser.add_argument("--mixed", action="store_true",
                        help="also a table whose neighbouring routes all differ (gateways by turns)")
    parser.add_argument("--pynettools", help="the installed pynettools script to test")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a row is OVER or n/a")
    args = parser.parse_args(argv)
    if args.timer == "auto":
        args.timer = "hyperfine" if shutil.which("hyperfine") else "loop"
    return args


def main(argv=None):
    args = parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("ip_bench: run as root (it creates network namespaces)")
    # `python -c` puts the working directory first on sys.path: from a
    # source tree, ours would import that (not byte-compiled when
    # PYTHONDONTWRITEBYTECODE is set) instead of the installed copy
    os.chdir("/")
    lab = benchlab.open_lab(Lab())
    ours, python, described = our_ip(args.pynettools)
    real = real_ip()
    print("iproute2: %s" % real)
    print("ours:     %s" % described)
    print("python:   %s (for the start-up rows)" % " ".join(python))
    print("timing:   %s" % ("hyperfine" if args.timer == "hyperfine" else "own loop, interleaved"))

    # The small rows first, before the busy namespace exists (100,000 routes
    # elsewhere slow down a process that only starts up: seen here).
    small = lab.namespace("small")
    fill_small(small)
    rows = []
    for words in (["addr"], ["link"], ["route"], ["-br", "a"], ["-j", "addr"]):
        rows.append(Row("ip %s, small ns (real = python -c pass)" % " ".join(words), small,
                        python + ["-c", "pass"], ours + words, 2.0, runs=args.small_runs,
                        timer=args.timer, compare_lines=False))
    for row in rows:
        print("measuring %s ..." % row.label, flush=True)
        row.measure()
    busy = lab.namespace("busy")
    seconds = fill_busy(busy, args.routes)
    print("busy namespace %s: %d routes added in %.1f s" % (busy, args.routes, seconds))
    busy_rows = [Row("ip %s, %d routes" % (" ".join(words), args.routes), busy, [real] + words,
                     ours + words, 3.0, rss_budget_mib=64, runs=args.runs, timer=args.timer)
                 for words in (["route"], ["-j", "route"])]
    for row in busy_rows:
        print("measuring %s ..." % row.label, flush=True)
        row.measure()
    rows += busy_rows
    if args.mixed:
        lab.cleanup()  # (one busy namespace at a time)
        mixed = lab.namespace("mixed")
        seconds = fill_busy(mixed, args.routes, mixed=True)
        print("mixed namespace %s: %d routes added in %.1f s" % (mixed, args.routes, seconds))
        mixed_rows = [Row("ip %s, %d routes, gateways by turns" % (" ".join(words), args.routes), mixed,
                          [real] + words, ours + words, 3.0, rss_budget_mib=64, runs=args.runs,
                          timer=args.timer) for words in (["route"], ["-j", "route"])]
        for row in mixed_rows:
            print("measuring %s ..." % row.label, flush=True)
            row.measure()
        rows += mixed_rows
    print_table(rows)
    failed = any(row.verdict() != "PASS" for row in rows)
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
