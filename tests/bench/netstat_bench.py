#!/usr/bin/env python3
"""Speed benchmark: our `netstat` against net-tools' `netstat` on a busy namespace.

Run as root (it creates network namespaces):

    python3 tests/bench/netstat_bench.py              # 100,000 sockets
    python3 tests/bench/netstat_bench.py --quick      # 10,000 sockets
    python3 tests/bench/netstat_bench.py --runs 7 --strict --timer loop

The machinery (namespaces, socket holders from socket_load.py, timing with
hyperfine or an interleaved loop, peak RSS, the table) is ss_bench.py's; the
rows and budgets are netstat's (issue 8):

  netstat -tan    <= 1.5x net-tools, peak RSS <= 64 MiB
  netstat -tanp   faster than net-tools' -tanp (< 1.0x)
  netstat -tan in a nearly empty namespace, against `python -c pass` (start-up)

Our netstat is run as `pynettools netstat` once `pynettools --list` names it,
else through pynettools.runtime.run_tool.
"""
import importlib.util
import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import benchlab  # noqa: E402  (this directory: as a script and with -m alike)

_spec = importlib.util.spec_from_file_location("ss_bench", os.path.join(HERE, "ss_bench.py"))
ssb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ssb)

RUN_TOOL_CODE = (
    "import sys; from pynettools.runtime import run_tool; "
    'sys.exit(run_tool("netstat","pynettools.tools.netstat",sys.argv[1:]))'
)


def our_netstat(program):
    python = ssb.shebang_python(program) if program else None
    if python is None:
        python = [sys.executable]
    if program:
        listing = subprocess.run([program, "--list"], capture_output=True, text=True)
        if "netstat" in listing.stdout.split():
            return [program, "netstat"], python, "%s netstat" % program
    return python + ["-c", RUN_TOOL_CODE], python, "run_tool(\"netstat\") via %s" % python[0]


def real_netstat():
    for candidate in ("/usr/bin/netstat", "/bin/netstat"):
        if os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit("netstat_bench: net-tools netstat not found")


def run(args, lab):
    program = ssb.find_pynettools(args.pynettools)
    ours, python, described = our_netstat(program)
    real = real_netstat()
    print("net-tools: %s" % real)
    print("ours:      %s" % described)
    print("timing:    %s" % ("hyperfine" if args.timer == "hyperfine"
                                else "own loop, net-tools and ours interleaved"))
    small = lab.namespace("small")
    small_made, _, _ = ssb.fill_namespace(lab, small, 7)
    small_row = ssb.Row("netstat -tan, small ns (real = python -c pass)", small, python + ["-c", "pass"],
                        ours + ["-tan"], 2.0, runs=args.small_runs, compare_lines=False, timer=args.timer)
    print("measuring %s ..." % small_row.label, flush=True)
    small_row.measure()
    busy = lab.namespace("busy")
    made, holders, seconds = ssb.fill_namespace(lab, busy, args.sockets)
    print("busy namespace %s: %d TCP sockets held by %d process(es), set up in %.1f s"
          % (busy, made, holders, seconds))
    rows = [
        ssb.Row("netstat -tan", busy, [real, "-tan"], ours + ["-tan"], 1.5,
                rss_budget_mib=64, runs=args.runs, timer=args.timer),
        ssb.Row("netstat -tanp", busy, [real, "-tanp"], ours + ["-tanp"], 1.0,
                strict_less=True, runs=args.runs, timer=args.timer),
    ]
    for row in rows:
        print("measuring %s ..." % row.label, flush=True)
        row.measure()
    rows.append(small_row)
    ssb.print_table(rows)
    bad = [row for row in rows if row.verdict() != "PASS"]
    return 1 if (args.strict and bad) else 0


def main(argv):
    args = ssb.parse_args(argv)
    if os.geteuid() != 0:
        sys.stderr.write("netstat_bench: must run as root (creates network namespaces)\n")
        return 2
    # SIGINT stays a KeyboardInterrupt (said below)
    lab = benchlab.open_lab(ssb.Lab(), signals=(signal.SIGTERM, signal.SIGHUP))
    try:
        return run(args, lab)
    except KeyboardInterrupt:
        return 130
    finally:
        lab.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
