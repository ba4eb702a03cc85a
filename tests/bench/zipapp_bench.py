#!/usr/bin/env python3
"""Start-up through pynettools.pyz (issue 16): how much slower than a bare `PYTHON -c pass`?

    .venv/bin/python tests/bench/zipapp_bench.py [--runs N] [--pyz FILE] [--python PYTHON] [--hyperfine]

Builds pynettools.pyz from this tree with the running Python (python3 -m
pynettools.zipapp; or times --pyz FILE), then times, in one run, a bare
`PYTHON -c pass` and each row of ROWS: the archive run by its name
(`PYTHON X.pyz arp -n`) and through the links `X.pyz --install -s` makes,
started by their `#!/usr/bin/env python3` line as a user starts them (a
`python3` that is PYTHON comes first on PATH).  PYTHON is the running
Python's own interpreter (not a venv's), whose version the .pyc in the
archive are compiled for.  Each figure is a median of startup.py's loop, in
which the commands take turns, so that a burst of load elsewhere on the
machine slows them all alike (hyperfine, with --hyperfine, times one command
after the other: on a busy machine its ratios swing by 1x); printed as a ratio
to the bare interpreter, with its budget.  The exit status is 1 when a row is
over budget or fails.

As root, everything runs inside a fresh network namespace with a veth pair
and five neighbours (startup.py's "neighbours" lab): a small system, the same
for the bare interpreter and for us.  Otherwise it runs on this machine.

Why it costs more than an installed pynettools: Python imports the archive's
__main__ through runpy (which imports importlib.util, contextlib, collections:
~3 ms), reads the zip's directory (~4 us an entry), and zipimport finds each
module in Python code.  pynettools/zipapp.py's docstring says what is done
about it (stored, precompiled .pyc).  `PYTHON -X importtime X.pyz ss -tan`
shows the imports.
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup  # noqa: E402  (its timers and its "neighbours" lab)
from benchlab import real_ip, remove_stale_namespaces  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PREFIX = "pnt-pyzbench-"
RUNS = 60

# (label, how it is started: "pyz" = PYTHON X.pyz ARGS, "link" = the link named ARGS[0], ARGS, budget)
ROWS = [
    ("python3 pynettools.pyz --list", "pyz", ["--list"], 2.5),
    ("python3 pynettools.pyz arp -n", "pyz", ["arp", "-n"], 2.5),
    ("python3 pynettools.pyz ss -tan", "pyz", ["ss", "-tan"], 2.5),
    ("arp -n (link to the .pyz)", "link", ["arp", "-n"], 2.5),
    ("ss -tan (link to the .pyz)", "link", ["ss", "-tan"], 2.5),
]


def base_python():
    return os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)


def build(directory):
    """pynettools.pyz built by this Python (None if it cannot: the builder said why)."""
    output = os.path.join(directory, "pynettools.pyz")
    done = subprocess.run([sys.executable, "-m", "pynettools.zipapp", output], cwd=REPO,
                          stdout=subprocess.DEVNULL)
    return output if done.returncode == 0 else None


def prepare_links(python, pyz, directory):
    """`X.pyz --install -s DIR`; returns the PATH under which the links' `#!/usr/bin/env
    python3` finds PYTHON: DIR, then PYTHON's directory when its python3 is PYTHON (a
    symbolic link named python3 elsewhere could make Python find another prefix)."""
    subprocess.run([python, pyz, "--install", "-s", directory], check=True)
    beside = os.path.join(os.path.dirname(python), "python3")
    if not (os.path.exists(beside) and os.path.samefile(beside, python)):
        beside = os.path.join(directory, "python3")
        os.symlink(python, beside)
    return os.pathsep.join([directory, os.path.dirname(beside), os.environ.get("PATH", "")])


def commands(python, pyz, links):
    """The bare command and each row's, as command strings (startup.measure's form)."""
    def line(words):
        return " ".join(shlex.quote(word) for word in words)

    rows = []
    for _, how, args, _ in ROWS:
        rows.append(line([python, pyz] + args) if how == "pyz" else line([os.path.join(links, args[0])] + args[1:]))
    return line([python, "-c", "pass"]), rows


def time_all(python, pyz, links, path, runs, use_hyperfine):
    """{"bare": seconds, "rows": [seconds, or the error of a row that fails]} in this netns."""
    bare, rows = commands(python, pyz, links)
    os.environ["PATH"] = path
    results = []
    for command in rows:
        ok, error = startup.works(shlex.split(command))
        results.append(None if ok else "fails: " + (error or "non-zero exit"))
    usable = [command for command, result in zip(rows, results) if result is None]
    medians = startup.measure([bare] + usable, runs, use_hyperfine)
    return {"bare": medians[bare],
            "rows": [medians[command] if result is None else result for command, result in zip(rows, results)]}


def time_in_lab(spec):
    """time_all() inside a fresh namespace with startup.py's neighbours lab."""
    namespace = "%s%d-neighbours" % (PREFIX, os.getpid())
    remove_stale_namespaces(PREFIX)
    subprocess.run([real_ip(), "netns", "add", namespace], check=True)
    try:
        note = startup.lab_neighbours(namespace)
        done = subprocess.run([real_ip(), "netns", "exec", namespace, sys.executable, os.path.abspath(__file__),
                               "--inner", json.dumps(spec)], check=True, stdout=subprocess.PIPE,
                              universal_newlines=True)
        result = json.loads(done.stdout)
        result["note"] = note
        return result
    finally:
        subprocess.run([real_ip(), "netns", "del", namespace], stderr=subprocess.DEVNULL)


def report(result, out):
    """The table; returns the number of rows over budget or failing."""
    where = " [%s]" % result["note"] if result.get("note") else ""
    out.write("%-46s %9s %7s %7s  %s\n" % ("command", "median", "ratio", "budget", "verdict"))
    out.write("%-46s %9s %7s\n" % ("python3 -c pass" + where, startup.ms(result["bare"]), "1.00x"))
    failures = 0
    for (label, _, _, budget), value in zip(ROWS, result["rows"]):
        if isinstance(value, str):
            out.write("%-46s %9s %7s %6.1fx  n/a (%s)\n" % (label, "-", "-", budget, value))
            failures += 1
            continue
        ratio = value / result["bare"]
        verdict = "PASS" if ratio <= budget else "OVER"
        failures += verdict != "PASS"
        out.write("%-46s %9s %6.2fx %6.1fx  %s\n" % (label, startup.ms(value), ratio, budget, verdict))
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per command (default %d)" % RUNS)
    parser.add_argument("--pyz", help="time this archive instead of building one")
    parser.add_argument("--python", help="the interpreter (default: this Python's own, %s)" % base_python())
    parser.add_argument("--hyperfine", action="store_true", help="time with hyperfine, one command after another")
    parser.add_argument("--inner", help=argparse.SUPPRESS)  # the timing, run inside the lab's namespace
    args = parser.parse_args(argv)
    if args.inner:
        spec = json.loads(args.inner)
        sys.stdout.write(json.dumps(time_all(spec["python"], spec["pyz"], spec["links"], spec["path"],
                                             spec["runs"], spec["hyperfine"])))
        return 0

    python = os.path.abspath(args.python) if args.python else base_python()
    use_hyperfine = args.hyperfine and shutil.which("hyperfine") is not None
    scratch = tempfile.mkdtemp(prefix="pnt-pyzbench-")
    try:
        pyz = os.path.abspath(args.pyz) if args.pyz else build(scratch)
        if pyz is None:
            return 1
        links = os.path.join(scratch, "links")
        os.mkdir(links)
        path = prepare_links(python, pyz, links)
        sys.stdout.write("zipapp start-up: %s (%d bytes), run by %s; %s, median of %d runs\n"
                         % (pyz if args.pyz else "pynettools.pyz built from this tree", os.path.getsize(pyz),
                            python, "hyperfine" if use_hyperfine else "own loop", args.runs))
        sys.stdout.flush()
        spec = {"python": python, "pyz": pyz, "links": links, "path": path, "runs": args.runs,
                "hyperfine": use_hyperfine}
        if startup.can_make_namespaces():
            result = time_in_lab(spec)
        else:
            sys.stdout.write("not root (or no `ip`): timed plainly on this machine\n")
            result = time_all(python, pyz, links, path, args.runs, use_hyperfine)
        return 1 if report(result, sys.stdout) else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
