#!/usr/bin/env python3
"""Speed benchmark: our `ss` against iproute2's `ss` on a busy machine.

Run as root (it creates network namespaces):

    python3 tests/bench/ss_bench.py              # 100,000 sockets
    python3 tests/bench/ss_bench.py --quick      # 10,000 sockets
    python3 tests/bench/ss_bench.py --sockets 50000 --runs 7 --strict
    python3 tests/bench/ss_bench.py --timer loop  # steadier on a busy machine

What it does:
1. Creates a fresh network namespace and fills it with about --sockets TCP
   sockets: loopback connections (client and accepted server end) plus a few
   listeners.  They are held by several helper processes (socket_load.py),
   because one process may hold at most RLIMIT_NOFILE (20,000 here) files.
   Everything stays on loopback inside the namespace.
2. Times, inside that namespace, iproute2's `ss` and ours for `-tan`,
   `-tanp`, `-tani`, `-tane`, `-tanm`, `-tano`, `-tanpie`, a filter
   (`-tan state established '( dport = :443 or sport = :443 )'`, which
   matches nothing there: the kernel runs it), and `-s` against a bare
   `PYTHON -c pass` (median wall time: hyperfine if installed, else our
   own loop, which runs iproute2 and ours alternately; --timer picks),
   and the peak RSS of ours (/usr/bin/time, else getrusage; the getrusage
   fallback counts the forking Python helper too, so it never reports less
   than about 10 MiB).  `-p` walks /proc/*/fd of every process on the
   machine, not only the namespace's, so the -p rows (time and memory)
   also depend on what else runs.
3. In a second, nearly empty namespace, times our `ss -tan` and `ss -s`
   against a bare `PYTHON -c pass`, PYTHON being the interpreter on the
   installed pynettools script's #! line: the start-up cost.
4. Prints a table with the budgets.  Exit status 0; with --strict, 1 when a
   row is OVER budget or ours could not be measured (n/a).

Our `ss` is run as `pynettools ss` when `pynettools --list` names it, else
through pynettools.runtime.run_tool directly (before ss is registered).
Namespaces are named pnt-ssbench-PID-*; they and the helpers are removed on
exit, error, Ctrl-C and SIGTERM, and leftovers of a killed earlier run are
removed at start.
"""
import argparse
import json
import math
import os
import selectors
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import benchlab  # noqa: E402  (this directory: as a script and with -m alike)

LOAD_SCRIPT = os.path.join(HERE, "socket_load.py")
PREFIX = "pnt-ssbench-"
SOCKETS_PER_HOLDER = 14000  # target; must stay well under the 20,000 fd limit
MAX_FDS_PER_HOLDER = 18000
LISTENERS_PER_HOLDER = 2
FIRST_PORT = 20000
SETUP_TIMEOUT = 300
MIB = 1024

FILTER_ARGS = ["-tan", "state", "established", "( dport = :443 or sport = :443 )"]

RUN_TOOL_CODE = (
    "import sys; from pynettools.runtime import run_tool; "
    'sys.exit(run_tool("ss","pynettools.tools.ss",sys.argv[1:]))'
)


# ---------------------------------------------------------------- cleanup --

class Lab(benchlab.Lab):
    """The namespaces and helper processes of one run; cleanup() undoes all."""

    def __init__(self):
        super().__init__(PREFIX)
        self.holders = []
        self.cleaned = False

    def namespace(self, tag):
        name = super().namespace(tag)
        _run([benchlab.real_ip(), "-n", name, "link", "set", "lo", "up"])
        return name

    def start_holder(self, ns, connections, ports, sources):
        command = netns(ns, [
            sys.executable, LOAD_SCRIPT, "hold",
            "--connections", str(connections),
            "--ports", ",".join(map(str, ports)),
            "--sources", ",".join(sources),
        ])
        # A session of its own: a Ctrl-C reaches only us, and we end the
        # holders in order.  They also die when their stdin closes.
        holder = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  start_new_session=True, preexec_fn=_die_with_us)
        self.holders.append(holder)
        return holder

    def stop_holders(self):
        for holder in self.holders:
            _close_quietly(holder.stdin)
        deadline = time.monotonic() + 20
        for holder in self.holders:
            try:
                holder.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                holder.kill()
                holder.wait()
            _close_quietly(holder.stdout)
        self.holders = []

    def cleanup(self):
        if self.cleaned:
            return
        self.cleaned = True
        # Not to be interrupted half way by a second Ctrl-C.
        blocked = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
        old = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            self.stop_holders()
            super().cleanup()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _close_quietly(stream):
    try:
        if stream is not None:
            stream.close()
    except OSError:
        pass


# ---------------------------------------------------------------- helpers --

def _die_with_us():
    """preexec_fn: the child gets SIGKILL if we die, even by SIGKILL.

    Survives the exec of `ip netns exec` and of what it runs."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _run(command):
    subprocess.run(command, check=True)


def netns(ns, command):
    return ["ip", "netns", "exec", ns] + list(command)


def plan_holders(total_sockets):
    """Split the sockets over holders: [(connections, ports, sources), ...]."""
    holders = math.ceil(total_sockets / SOCKETS_PER_HOLDER)
    # At least two (when there is enough to share), so `-p` always has
    # several processes to search.
    holders = max(holders, 2 if total_sockets >= 100 else 1)
    listeners = holders * LISTENERS_PER_HOLDER
    connections = max(0, (total_sockets - listeners) // 2)
    plan = []
    for i in range(holders):
        share = connections // holders + (1 if i < connections % holders else 0)
        ports = [FIRST_PORT + i * LISTENERS_PER_HOLDER + k for k in range(LISTENERS_PER_HOLDER)]
        # Source addresses of its own per holder (all of 127/8 is on lo), so
        # no two holders compete for local ports on one address.
        sources = ["127.0.%d.%d" % (i + 1, k + 1) for k in range(2)]
        if 2 * share + LISTENERS_PER_HOLDER > MAX_FDS_PER_HOLDER:
            raise SystemExit("ss_bench: holder plan exceeds %d fds" % MAX_FDS_PER_HOLDER)
        plan.append((share, ports, sources))
    return plan


def fill_namespace(lab, ns, total_sockets):
    """Start the holders and wait until all report ready; returns sockets made."""
    start = time.monotonic()
    plan = plan_holders(total_sockets)
    holders = [lab.start_holder(ns, *entry) for entry in plan]
    made = 0
    selector = selectors.DefaultSelector()
    for holder in holders:
        selector.register(holder.stdout, selectors.EVENT_READ, holder)
    waiting = len(holders)
    while waiting:
        left = SETUP_TIMEOUT - (time.monotonic() - start)
        events = selector.select(max(0, left))
        if not events:
            raise SystemExit("ss_bench: socket set-up timed out after %ds" % SETUP_TIMEOUT)
        for key, _mask in events:
            line = key.fileobj.readline().decode()
            selector.unregister(key.fileobj)
            waiting -= 1
            if not line.startswith("ready "):
                raise SystemExit("ss_bench: a socket holder failed (status %s)" % key.data.wait())
            listeners, connections = map(int, line.split()[1:3])
            made += listeners + 2 * connections
    selector.close()
    return made, len(holders), time.monotonic() - start


def shebang_python(program):
    """The interpreter command on the script's #! line, e.g. ['/usr/bin/python3']."""
    try:
        with open(program, "rb") as script:
            first = script.readline().decode(errors="replace")
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    return first[2:].split() or None


def find_pynettools(explicit):
    if explicit:
        return explicit
    beside = os.path.join(os.path.dirname(sys.executable), "pynettools")
    for candidate in (beside, shutil.which("pynettools"), "/work/venv/bin/pynettools"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def our_ss(program):
    """(command prefix for our ss, python command, description)."""
    python = shebang_python(program) if program else None
    if python is None:
        python = [sys.executable]
    if program:
        listing = subprocess.run([program, "--list"], capture_output=True, text=True)
        if "ss" in listing.stdout.split():
            return [program, "ss"], python, "%s ss" % program
    return python + ["-c", RUN_TOOL_CODE], python, "run_tool(\"ss\") via %s" % python[0]


def iproute2_ss():
    for candidate in ("/usr/bin/ss", "/bin/ss", "/usr/sbin/ss", "/sbin/ss"):
        if os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("ss_bench: iproute2 ss not found")


# ------------------------------------------------------------- measuring --

def try_once(ns, command):
    """Run once; (exit status 0?, number of output lines, first error line)."""
    done = subprocess.run(netns(ns, command), capture_output=True, preexec_fn=_die_with_us)
    lines = done.stdout.count(b"\n")
    error = done.stderr.decode(errors="replace").strip().splitlines()
    return done.returncode == 0, lines, (error[0] if error else "exit status %d" % done.returncode)


def median_times(ns, commands, runs, timer):
    """Median wall seconds of each command, run inside the namespace."""
    if timer == "hyperfine":
        return _hyperfine(ns, commands, runs)
    words = []
    for command in commands:
        words += (["---"] if words else []) + list(command)
    done = subprocess.run(netns(ns, [sys.executable, LOAD_SCRIPT, "loop", str(runs + 1)] + words),
                          capture_output=True, text=True, check=True, preexec_fn=_die_with_us)
    rows = [[float(t) for t in line.split()] for line in done.stdout.splitlines()][1:]  # warm-up
    return [statistics.median(row[i] for row in rows) for i in range(len(commands))]


def _hyperfine(ns, commands, runs):
    with tempfile.TemporaryDirectory(prefix="ss_bench") as tmp:
        report = os.path.join(tmp, "hyperfine.json")
        command = ["hyperfine", "-N", "--warmup", "1", "--runs", str(runs),
                   "--style", "none", "--export-json", report]
        command += [" ".join(shlex.quote(word) for word in c) for c in commands]
        done = subprocess.run(netns(ns, command), capture_output=True, text=True,
                              preexec_fn=_die_with_us)
        if done.returncode != 0:
            raise RuntimeError("hyperfine failed: %s" % done.stderr.strip()[-500:])
        with open(report) as stream:
            results = json.load(stream)["results"]
    return [result["median"] for result in results]


def peak_rss_kib(ns, command):
    """Peak resident set size of one run, in KiB."""
    if os.access("/usr/bin/time", os.X_OK):
        with tempfile.NamedTemporaryFile("r", prefix="ss_bench") as out:
            subprocess.run(netns(ns, ["/usr/bin/time", "-f", "%M", "-o", out.name] + command),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           preexec_fn=_die_with_us)
            text = out.read().split()
        return int(text[-1]) if text else None
    done = subprocess.run(netns(ns, [sys.executable, LOAD_SCRIPT, "rss"] + command),
                          capture_output=True, text=True, preexec_fn=_die_with_us)
    return int(done.stdout.split()[0]) if done.stdout else None


class Row:
    def __init__(self, label, ns, base, ours, ratio_budget, strict_less=False,
                 rss_budget_mib=None, runs=5, compare_lines=True, timer="hyperfine"):
        self.label, self.ns, self.base, self.ours = label, ns, base, ours
        self.ratio_budget, self.strict_less = ratio_budget, strict_less
        self.rss_budget_mib, self.runs, self.compare_lines = rss_budget_mib, runs, compare_lines
        self.timer = timer
        self.base_time = self.ours_time = self.ours_rss = None
        self.notes = []

    def budget_text(self):
        text = "%s%gx" % ("<" if self.strict_less else "<=", self.ratio_budget)
        if self.rss_budget_mib:
            text += ", <=%d MiB" % self.rss_budget_mib
        return text

    def measure(self):
        base_ok, base_lines, base_error = try_once(self.ns, self.base)
        if not base_ok:
            self.notes.append("%s failed: %s" % (self.base[0], base_error))
            return
        ours_ok, ours_lines, ours_error = try_once(self.ns, self.ours)
        if not ours_ok:
            self.notes.append("ours failed: %s" % ours_error)
            self.base_time = median_times(self.ns, [self.base], self.runs, self.timer)[0]
            return
        if self.compare_lines and base_lines != ours_lines:
            self.notes.append("WARNING: line count differs: iproute2 %d, ours %d"
                              % (base_lines, ours_lines))
        self.base_time, self.ours_time = median_times(self.ns, [self.base, self.ours], self.runs,
                                                       self.timer)
        self.ours_rss = peak_rss_kib(self.ns, self.ours)

    def ratio(self):
        if self.base_time and self.ours_time is not None:
            return self.ours_time / self.base_time
        return None

    def verdict(self):
        ratio = self.ratio()
        if ratio is None:
            return "n/a"
        over = ratio >= self.ratio_budget if self.strict_less else ratio > self.ratio_budget
        if self.rss_budget_mib and (self.ours_rss is None
                                    or self.ours_rss > self.rss_budget_mib * MIB):
            over = True
        return "OVER" if over else "PASS"


def _ms(seconds):
    return "n/a" if seconds is None else "%.1f ms" % (seconds * 1000)


def print_table(rows):
    header = ("command", "real", "ours", "ratio", "RSS ours", "budget", "verdict")
    table = [header]
    for row in rows:
        ratio = row.ratio()
        table.append((
            row.label, _ms(row.base_time), _ms(row.ours_time),
            "n/a" if ratio is None else "%.2fx" % ratio,
            "n/a" if row.ours_rss is None else "%.1f MiB" % (row.ours_rss / MIB),
            row.budget_text(), row.verdict(),
        ))
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print()
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    for row in rows:
        for note in row.notes:
            print("%s: %s" % (row.label, note))


# ------------------------------------------------------------------ main --

def parse_args(argv):
    parser = argparse.ArgumentParser(description="ss speed benchmark (run as root)")
    parser.add_argument("--sockets", type=int, default=100000,
                        help="TCP sockets to create (default 100000)")
    parser.add_argument("--quick", action="store_true", help="10,000 sockets")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs per command on the busy namespace (default 5)")
    parser.add_argument("--small-runs", type=int, default=30,
                        help="timed runs per command on the small namespace (default 30)")
    parser.add_argument("--timer", choices=("auto", "hyperfine", "loop"), default="auto",
                        help="hyperfine (the default when installed) or our own loop, "
                        "which interleaves iproute2 and ours: steadier on a busy machine")
    parser.add_argument("--pynettools", help="the installed pynettools script to test")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a row is OVER budget or n/a")
    args = parser.parse_args(argv)
    if args.quick:
        args.sockets = 10000
    if args.timer == "auto":
        args.timer = "hyperfine" if shutil.which("hyperfine") else "loop"
    elif args.timer == "hyperfine" and not shutil.which("hyperfine"):
        parser.error("hyperfine is not installed")
    return args


def run(args, lab):
    program = find_pynettools(args.pynettools)
    ours, python, described = our_ss(program)
    real = iproute2_ss()
    print("iproute2: %s" % real)
    print("ours:     %s" % described)
    print("python:   %s (for the start-up row)" % " ".join(python))
    print("timing:   %s" % ("hyperfine" if args.timer == "hyperfine"
                               else "own loop, iproute2 and ours interleaved"))

    # The small-system row first, before the busy namespace exists: sock_diag
    # walks the kernel's global socket hash tables, so 100k sockets in another
    # namespace slow down a dump of this one (for iproute2 too).
    small = lab.namespace("small")
    small_made, _, _ = fill_namespace(lab, small, 7)
    print("small namespace %s: %d TCP sockets" % (small, small_made))
    small_row = Row("ss -tan, small ns (real = python -c pass)", small, python + ["-c", "pass"],
                    ours + ["-tan"], 2.0, runs=args.small_runs, compare_lines=False,
                    timer=args.timer)
    small_summary = Row("ss -s, small ns (real = python -c pass)", small,
                        python + ["-c", "pass"], ours + ["-s"], 1.5, runs=args.small_runs,
                        compare_lines=False, timer=args.timer)
    for row in (small_row, small_summary):
        print("measuring %s ..." % row.label, flush=True)
        row.measure()

    busy = lab.namespace("busy")
    made, holders, seconds = fill_namespace(lab, busy, args.sockets)
    print("busy namespace %s: %d TCP sockets held by %d process(es), set up in %.1f s"
          % (busy, made, holders, seconds))
    busy_rows = [
        Row("ss -tan", busy, [real, "-tan"], ours + ["-tan"], 2.5,
            rss_budget_mib=64, runs=args.runs, timer=args.timer),
        Row("ss -tanp", busy, [real, "-tanp"], ours + ["-tanp"], 1.0,
            strict_less=True, runs=args.runs, timer=args.timer),
    ]
    # issue 11: each extension on its own, all of them with -p, and a filter
    # that the kernel runs (INET_DIAG_REQ_BYTECODE), as iproute2's does
    for option in ("-tani", "-tane", "-tanm", "-tano"):
        busy_rows.append(Row("ss " + option, busy, [real, option], ours + [option], 2.5,
                             rss_budget_mib=64, runs=args.runs, timer=args.timer))
    busy_rows += [
        # iproute2 takes tens of seconds here (-p, and -e's cgroup lookups
        # fail per socket under `ip netns exec`, which hides the cgroup2
        # mount): fewer runs
        Row("ss -tanpie", busy, [real, "-tanpie"], ours + ["-tanpie"], 1.0,
            strict_less=True, rss_budget_mib=64, runs=min(args.runs, 3), timer=args.timer),
        Row("ss -tan state established '( dport = :443 or sport = :443 )'", busy,
            [real] + FILTER_ARGS, ours + FILTER_ARGS, 2.5, rss_budget_mib=64,
            runs=args.runs, timer=args.timer),
        # -s against a bare interpreter, not iproute2: a C ss -s runs in ~6 ms,
        # a third of what `python -c pass` alone takes
        Row("ss -s (real = python -c pass)", busy, python + ["-c", "pass"], ours + ["-s"], 1.5,
            runs=args.small_runs, compare_lines=False, timer=args.timer),
    ]
    for row in busy_rows:
        print("measuring %s ..." % row.label, flush=True)
        row.measure()
    rows = busy_rows + [small_row, small_summary]
    print_table(rows)
    bad = [row for row in rows if row.verdict() != "PASS"]
    return 1 if (args.strict and bad) else 0


def main(argv):
    args = parse_args(argv)
    if os.geteuid() != 0:
        sys.stderr.write("ss_bench: must run as root (creates network namespaces)\n")
        return 2
    # SIGINT stays a KeyboardInterrupt (said below)
    lab = benchlab.open_lab(Lab(), signals=(signal.SIGTERM, signal.SIGHUP))
    try:
        return run(args, lab)
    except KeyboardInterrupt:
        sys.stderr.write("ss_bench: interrupted, cleaning up\n")
        return 130
    finally:
        lab.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
