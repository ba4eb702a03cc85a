#!/usr/bin/env python3
"""Start-up benchmark: how much slower to start than a bare `PYTHON -c pass` are we?

    python3 tests/bench/startup.py [--strict] [--runs N] [--program PATH] [--no-hyperfine]

PYTHON is the interpreter named on the #! line of the installed `pynettools`
script (found on PATH, next to this interpreter, or given with --program), so
the comparison is fair: the same interpreter, with and without our work.

Each row of ROWS below is timed (median wall time of --runs runs, hyperfine if
it is installed, else a loop of our own) and printed as a ratio to the bare
interpreter, with its budget and PASS or OVER.  The exit status is 0 unless
--strict is given and a row is OVER or could not be measured.

Rows that need a machine in a known state name a LAB: as root, the rows of a
lab run inside a fresh network namespace that the lab's setup function fills
(and the bare interpreter is timed again in there, so both sides pay the same
costs); otherwise they run plainly on this machine.  A row whose tool is not
in `pynettools --list` yet is skipped.

Why it matters: the tools are run in loops by scripts and by people; bare
Python starts in ~10-20 ms, and every module imported on the common path
(re, socket, json, argparse, typing...) adds a few milliseconds of that again.
Find what a command imports with `PYTHON -X importtime PROGRAM ARGS`.
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

# ---- the rows: add a tool here -------------------------------------------------
#
# (label, arguments given to the pynettools program, budget as a multiple of bare
#  Python's start-up, lab or None).  The first argument names the tool.
ROWS = [
    ("pynettools --list", ["--list"], 1.5, None),
    ("pynettools arp -n", ["arp", "-n"], 2.0, "neighbours"),
    ("pynettools ss -s", ["ss", "-s"], 1.5, None),  # three /proc files; no row code
    # issue 7: small system <= 2x bare python
    ("pynettools ip addr", ["ip", "addr"], 2.0, "neighbours"),
    ("pynettools ip link", ["ip", "link"], 2.0, "neighbours"),
    ("pynettools ip route", ["ip", "route"], 2.0, "neighbours"),
    ("pynettools ip -br a", ["ip", "-br", "a"], 2.0, "neighbours"),
    ("pynettools ip -j addr", ["ip", "-j", "addr"], 2.0, "neighbours"),
    # issue 8: small system <= 2x bare python
    ("pynettools netstat -tan", ["netstat", "-tan"], 2.0, "neighbours"),
    ("pynettools route -n", ["route", "-n"], 2.0, "neighbours"),
    ("pynettools ifconfig", ["ifconfig"], 2.0, "neighbours"),
    # issue 15: whois's own start (a query against a lab server: tests/bench/whois_bench.py, <= 3x)
    ("pynettools whois --version", ["whois", "--version"], 2.0, None),
    # e.g. ("pynettools ss -tan", ["ss", "-tan"], 2.0, "sockets"), with a "sockets" lab
    # in LABS below; a row is skipped until its tool is in `pynettools --list`.
]

RUNS = 30
WARMUP = 3
PREFIX = "pnt-startup-"


# ---- labs: namespaces with something in them ------------------------------------


def _ip(*args):
    subprocess.run(["ip"] + list(args), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def lab_neighbours(namespace):
    """A veth pair with a few IPv4 neighbours (what `arp -n` lists)."""
    _ip("-n", namespace, "link", "set", "lo", "up")
    _ip("-n", namespace, "link", "add", "bench0", "type", "veth", "peer", "name", "bench1")
    _ip("-n", namespace, "link", "set", "bench0", "up")
    _ip("-n", namespace, "link", "set", "bench1", "up")
    _ip("-n", namespace, "addr", "add", "198.51.100.1/24", "dev", "bench0")
    for host in range(2, 7):
        _ip("-n", namespace, "neigh", "add", "198.51.100.%d" % host, "lladdr",
            "02:00:00:00:00:%02x" % host, "dev", "bench0", "nud", "permanent")
    return "netns, 5 neighbours"


LABS = {"neighbours": lab_neighbours}


def can_make_namespaces():
    return os.geteuid() == 0 and shutil.which("ip") is not None


def remove_leftover_namespaces():
    """Namespaces of an earlier run that was killed before it could clean up."""
    try:
        names = os.listdir("/run/netns")
    except OSError:
        return
    for name in names:
        if name.startswith(PREFIX):
            pid = name[len(PREFIX):].split("-")[0]
            if pid.isdigit() and not os.path.exists("/proc/" + pid):
                subprocess.run(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)


# ---- timing -----------------------------------------------------------------------


def median_hyperfine(commands, runs):
    """{command string: median seconds}, timed by hyperfine without a shell."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        args = ["hyperfine", "-N", "--style", "none", "--warmup", str(WARMUP), "--runs",
                str(runs), "--export-json", export.name] + commands
        # hyperfine's stderr (warnings about outliers) is shown only if it fails.
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              universal_newlines=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise subprocess.CalledProcessError(done.returncode, args)
        results = json.load(open(export.name))["results"]
    return {result["command"]: result["median"] for result in results}


def median_loop(commands, runs):
    """{command string: median seconds}: our own loop, the commands taking turns."""
    argvs = {command: shlex.split(command) for command in commands}
    times = {command: [] for command in commands}
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
               (os.POSIX_SPAWN_DUP2, devnull, 2)]
    try:
        for turn in range(WARMUP + runs):
            for command, argv in argvs.items():
                start = time.perf_counter()
                pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
                os.waitpid(pid, 0)
                if turn >= WARMUP:
                    times[command].append(time.perf_counter() - start)
    finally:
        os.close(devnull)
    return {command: statistics.median(values) for command, values in times.items()}


def measure(commands, runs, use_hyperfine):
    if use_hyperfine:
        return median_hyperfine(commands, runs)
    return median_loop(commands, runs)


# ---- the program under test ---------------------------------------------------------


def find_program(given):
    if given:
        return os.path.abspath(given)
    candidates = [os.path.join(os.path.dirname(sys.executable), "pynettools"),
                  shutil.which("pynettools")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate):
            return candidate
    return None


def interpreter_of(program):
    """The interpreter on a script's #! line (`#!/usr/bin/env python3` too)."""
    with open(program, "rb") as f:
        first = f.readline().decode("utf-8", "replace").strip()
    if not first.startswith("#!"):
        return None
    words = first[2:].split()
    if os.path.basename(words[0]) == "env" and len(words) > 1:
        return shutil.which(words[1])
    return words[0]


def bytecode_warning(python):
    """A warning when pynettools' modules have no cached bytecode (each run compiles them)."""
    code = ("import importlib.util, os, pynettools.cli as c; "
            "print(os.path.exists(importlib.util.cache_from_source(c.__file__)))")
    # From "/", so that the installed package is found, not a source tree in the cwd.
    result = subprocess.run([python, "-c", code], stdout=subprocess.PIPE, universal_newlines=True,
                            cwd="/")
    if result.stdout.strip() == "False":
        return ("warning: pynettools/cli.py has no cached bytecode (an editable install with "
                "PYTHONDONTWRITEBYTECODE=1?): every run compiles it, so the figures are "
                "pessimistic; `pip install .` compiles at install time")
    return None


def listed_tools(program):
    result = subprocess.run([program, "--list"], stdout=subprocess.PIPE, universal_newlines=True)
    return set(result.stdout.split())


def works(argv):
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            universal_newlines=True)
    return result.returncode == 0, result.stderr.strip().split("\n")[-1]


# ---- one group of rows: in a lab, or plainly ----------------------------------------


def group_command(python, program, rows):
    bare = " ".join(shlex.quote(word) for word in (python, "-c", "pass"))
    commands = [" ".join(shlex.quote(word) for word in [program] + args) for _, args, _, _ in rows]
    return bare, commands


def run_group(python, program, rows, runs, use_hyperfine):
    """{"bare": seconds, "rows": [seconds or error text, ...]} measured in this process's netns."""
    bare, commands = group_command(python, program, rows)
    usable = []
    result = {"rows": []}
    for command in commands:
        ok, error = works(shlex.split(command))
        result["rows"].append(None if ok else "fails: " + (error or "non-zero exit"))
        if ok:
            usable.append(command)
    medians = measure([bare] + usable, runs, use_hyperfine)
    result["bare"] = medians[bare]
    result["rows"] = [medians[command] if value is None else value
                      for command, value in zip(commands, result["rows"])]
    return result


def run_group_in_lab(lab, python, program, rows, runs, use_hyperfine):
    """The same, inside a fresh namespace prepared by the lab (the timing runs in there)."""
    namespace = "%s%d-%s" % (PREFIX, os.getpid(), lab)
    subprocess.run(["ip", "netns", "add", namespace], check=True)
    try:
        note = LABS[lab](namespace)
        inner = [sys.executable, os.path.abspath(__file__), "--inner", json.dumps({
            "python": python, "program": program, "rows": rows, "runs": runs,
            "hyperfine": use_hyperfine})]
        output = subprocess.run(["ip", "netns", "exec", namespace] + inner, check=True,
                                stdout=subprocess.PIPE, universal_newlines=True).stdout
        result = json.loads(output)
        result["note"] = note
        return result
    finally:
        subprocess.run(["ip", "netns", "del", namespace], stderr=subprocess.DEVNULL)


# ---- report ---------------------------------------------------------------------------


def ms(seconds):
    return "%.1f ms" % (seconds * 1000)


def report(python, groups, out):
    """Print the table; return the number of rows OVER budget or not measured."""
    failures = 0
    out.write("%-44s %9s %7s %7s  %s\n" % ("command", "median", "ratio", "budget", "verdict"))
    for group in groups:
        label = "%s -c pass" % os.path.basename(python)
        where = group.get("note")
        out.write("%-44s %9s %7s\n" % ((label + " [%s]" % where) if where else label,
                                       ms(group["bare"]), "1.00x"))
        for (row_label, _, budget, _), value in zip(group["row_specs"], group["rows"]):
            name = row_label + (" [%s]" % where if where else "")
            if isinstance(value, str):
                out.write("%-44s %9s %7s %6.1fx  n/a (%s)\n" % (name, "-", "-", budget, value))
                failures += 1
                continue
            ratio = value / group["bare"]
            verdict = "PASS" if ratio <= budget else "OVER"
            failures += verdict != "PASS"
            out.write("%-44s %9s %6.2fx %6.1fx  %s\n" % (name, ms(value), ratio, budget, verdict))
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a row is OVER or n/a")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per command (default %d)" % RUNS)
    parser.add_argument("--program", help="the pynettools script (default: found on PATH)")
    parser.add_argument("--no-hyperfine", action="store_true", help="time with our own loop")
    parser.add_argument("--inner", help=argparse.SUPPRESS)  # a lab group, run inside its netns
    args = parser.parse_args(argv)

    if args.inner:
        spec = json.loads(args.inner)
        result = run_group(spec["python"], spec["program"], spec["rows"], spec["runs"],
                           spec["hyperfine"])
        sys.stdout.write(json.dumps(result))
        return 0

    program = find_program(args.program)
    if program is None:
        sys.stderr.write("startup: no installed pynettools program found (try --program)\n")
        return 1 if args.strict else 0
    python = interpreter_of(program)
    if not python or not os.path.isfile(python):
        sys.stderr.write("startup: cannot tell the interpreter of %s from its #! line\n" % program)
        return 1 if args.strict else 0
    use_hyperfine = not args.no_hyperfine and shutil.which("hyperfine") is not None
    timer = "hyperfine" if use_hyperfine else "own loop"
    sys.stdout.write("start-up benchmark: %s (PYTHON, from the #! line of %s); %s, median of %d runs\n"
                     % (python, program, timer, args.runs))
    warning = bytecode_warning(python)
    if warning:
        sys.stdout.write(warning + "\n")
    sys.stdout.flush()

    tools = listed_tools(program)
    rows = []
    for row in ROWS:
        label, row_args, _, _ = row
        if row_args[0].startswith("-") or row_args[0] in tools:
            rows.append(row)
        else:
            sys.stdout.write("skipped: %s (%s is not in `pynettools --list` yet)\n" % (label, row_args[0]))

    in_labs = can_make_namespaces()
    if in_labs:
        remove_leftover_namespaces()
    else:
        sys.stdout.write("not root (or no `ip`): lab rows run plainly on this machine\n")
    groups = []
    plain = [row for row in rows if row[3] is None or not in_labs]
    if plain:
        group = run_group(python, program, plain, args.runs, use_hyperfine)
        group["row_specs"] = plain
        groups.append(group)
    for lab in sorted({row[3] for row in rows if row[3] is not None} if in_labs else ()):
        lab_rows = [row for row in rows if row[3] == lab]
        group = run_group_in_lab(lab, python, program, lab_rows, args.runs, use_hyperfine)
        group["row_specs"] = lab_rows
        groups.append(group)
    failures = report(python, groups, sys.stdout)
    return 1 if args.strict and failures else 0


if __name__ == "__main__":
    sys.exit(main())
