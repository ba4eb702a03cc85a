"""The network namespaces of a speed benchmark, shared by the *_bench.py scripts.

Each bench names its namespaces PREFIX + its PID + "-" + a tag (for example
pnt-ipbench-4242-busy), so that a later run can tell the namespaces of a
killed run (whose PID no longer exists) from those of one still running.

    lab = open_lab(Lab(PREFIX))     # or a subclass that adds to the lab
    try:
        ns = lab.namespace("busy")
        ...
    finally:
        lab.cleanup()

The benches are run as scripts (python3 tests/bench/X_bench.py) and with
`python -m tests.bench.X_bench`; they find this module by putting their own
directory on sys.path, which works both ways.
"""
import atexit
import os
import shutil
import signal
import subprocess
import sys

ALL_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def real_ip():
    """iproute2's ip (not a pynettools `ip` that may come first on PATH)."""
    return shutil.which("ip", path="/usr/sbin:/usr/bin:/sbin:/bin") or "ip"


def installed_script():
    """The pynettools launcher next to this Python (the venv's), or on PATH."""
    script = os.path.join(os.path.dirname(sys.executable), "pynettools")
    if os.access(script, os.X_OK):
        return script
    return shutil.which("pynettools")


def shebang_python(script):
    """The interpreter the launcher runs (its #! line), else this one."""
    if script:
        with open(script) as f:
            first = f.readline()
        if first.startswith("#!"):
            return first[2:].strip().split()[0]
    return sys.executable


def our_tool(script, tool):
    """The command line that runs our `tool`: through the launcher once the
    tool is listed, else its module through pynettools.runtime."""
    if script:
        listed = subprocess.run([script, "--list"], capture_output=True, text=True).stdout.split()
        if tool in listed:
            return [script, tool]
    code = ("import sys; from pynettools.runtime import run_tool; "
            "sys.exit(run_tool(%r, 'pynettools.tools.%s', sys.argv[1:]))" % (tool, tool))
    return [shebang_python(script), "-c", code]


def enter(ns, command):
    """Run in the namespace's network only (nsenter: lighter than `ip netns exec`)."""
    return ["nsenter", "--net=/run/netns/" + ns] + list(command)


def waited(process, limit):
    """Wait for the process; kill it after `limit` seconds.  Not Popen.wait(timeout=...),
    which polls with growing sleeps and would add milliseconds (see nc_bench.py)."""
    import threading

    watchdog = threading.Timer(limit, process.kill)
    watchdog.start()
    try:
        return process.wait()
    finally:
        watchdog.cancel()


def run_once(ns, command, limit=120):
    """Seconds of one run in the namespace (output discarded); raises if it
    does not exit 0."""
    import time

    started = time.perf_counter()
    # cwd "/": with `python -c`, sys.path[0] is the working directory, and a
    # source tree there would be imported (and compiled) instead of the install
    process = subprocess.Popen(enter(ns, command), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd="/")
    status = waited(process, limit)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError("%s exited %s" % (" ".join(command), status))
    return seconds


def paired_timings(ns, real, ours, commands, runs, bare):
    """{(label, side): median seconds} of each (label, argv, ...) in `commands`,
    real and ours in turns after one warm-up each (page cache, neighbour
    entries); ("bare", "ours"): `bare`, the interpreter starting and doing
    nothing, the floor of ours' time."""
    import statistics

    times = {("bare", "ours"): [run_once(ns, bare) for _ in range(runs)]}
    for _, argv, *_rest in commands:
        run_once(ns, real + argv)
        run_once(ns, ours + argv)
    for _ in range(runs):
        for label, argv, *_rest in commands:
            for side, command in (("real", real), ("ours", ours)):
                times.setdefault((label, side), []).append(run_once(ns, command + argv))
        times[("bare", "ours")].append(run_once(ns, bare))
    return {key: statistics.median(values) for key, values in times.items()}


class Lab:
    """The namespaces of one run; cleanup() deletes them (and may be called again)."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.namespaces = []
        self.processes = []

    def start(self, ns, command, **kw):
        """A process in namespace `ns`, stopped by cleanup()."""
        process = subprocess.Popen(enter(ns, command), **kw)
        self.processes.append(process)
        return process

    def stop_processes(self):
        for process in getattr(self, "processes", []):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
            process.wait()
        self.processes = []

    def namespace(self, tag):
        name = "%s%d-%s" % (self.prefix, os.getpid(), tag)
        subprocess.run([real_ip(), "netns", "add", name], check=True)
        self.namespaces.append(name)
        return name

    def cleanup(self):
        self.stop_processes()
        for name in self.namespaces:
            subprocess.call([real_ip(), "netns", "del", name], stderr=subprocess.DEVNULL)
        self.namespaces = []


def remove_stale_namespaces(prefix):
    """Delete the namespaces named `prefix`PID-... of runs whose process is gone."""
    listing = subprocess.run([real_ip(), "netns", "list"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        name = line.split()[0] if line.split() else ""
        if not name.startswith(prefix):
            continue
        pid = name[len(prefix):].split("-")[0]
        if pid.isdigit() and not os.path.exists("/proc/%s" % pid):
            print("removing stale namespace %s" % name)
            subprocess.call([real_ip(), "netns", "del", name])


def _exit_on_signal(signum, _frame):
    # SystemExit, unlike the default action of SIGTERM or SIGHUP, runs the
    # `finally` blocks and atexit, which delete the namespaces
    raise SystemExit(128 + signum)


def open_lab(lab, signals=ALL_SIGNALS):
    """Ready `lab` for a run and return it.

    `signals` end the run through SystemExit (exit status 128 + the signal's
    number); a bench that handles KeyboardInterrupt itself leaves SIGINT out.
    Then the namespaces of killed earlier runs with the lab's prefix are
    deleted, and lab.cleanup() is registered to run at exit."""
    for signum in signals:
        signal.signal(signum, _exit_on_signal)
    remove_stale_namespaces(lab.prefix)
    atexit.register(lab.cleanup)
    return lab


# ---- the table the nc and dig benchmarks print --------------------------------------------

class Row:
    """One line of the table: reference and ours seconds, and the budget.

    A time budget (ours <= N x the reference's time), or for throughput
    (size: bytes moved) a budget on the ratio of throughputs (ours >= N x
    the reference's); a row without a budget is printed for information.
    """

    def __init__(self, name, reference, ours, against, time_budget=None, throughput_budget=None, size=None):
        self.name, self.reference, self.ours, self.against = name, reference, ours, against
        self.time_budget, self.throughput_budget, self.size = time_budget, throughput_budget, size

    def line(self):
        """(the text, whether the row is over its budget)."""
        if self.size:
            ratio = self.reference / self.ours if self.ours else float("inf")
            mib = self.size / (1 << 20)
            figures = "%7.0f MiB/s %7.0f MiB/s %6.2fx" % (mib / self.reference, mib / self.ours, ratio)
            budget = "" if self.throughput_budget is None else ">= %.1fx" % self.throughput_budget
            over = self.throughput_budget is not None and ratio < self.throughput_budget
        else:
            ratio = self.ours / self.reference if self.reference else float("inf")
            figures = "%9.1f ms %9.1f ms %6.2fx" % (self.reference * 1000, self.ours * 1000, ratio)
            budget = "" if self.time_budget is None else "<= %gx" % self.time_budget
            over = self.time_budget is not None and ratio > self.time_budget
        verdict = "" if not budget else ("OVER" if over else "ok")
        return "%-38s %s %8s  %-4s  %s" % (self.name, figures, budget, verdict, self.against), over


def print_table(rows):
    """The rows under their heading; True when one is over its budget."""
    print("%-38s %12s %12s %7s %8s  %-4s  %s" % ("command", "reference", "ours", "ratio", "budget", "", "against"))
    over = False
    for row in rows:
        text, row_over = row.line()
        over = over or row_over
        print(text)
    return over
