#!/usr/bin/env python3
"""Speed benchmark: our `lsof` against lsof 4.95 with many TCP sockets.

Run as root (it creates a network namespace):

    python3 tests/bench/lsof_bench.py              # 100,000 sockets
    python3 tests/bench/lsof_bench.py --quick      # 10,000 sockets
    python3 tests/bench/lsof_bench.py --sockets 50000 --runs 5 --strict

It fills a fresh namespace with TCP sockets held by several processes
(tests/bench/socket_load.py, as ss_bench.py does: loopback connections and a
few listeners), then times lsof 4.95 and ours inside it, alternately, for

    lsof -i -n -P                        (budget: faster than lsof, and no more peak memory)
    lsof -t -i :PORT                     (budget: <= 0.75x lsof's time)
    lsof -nP -iTCP:PORT -sTCP:LISTEN     (budget: <= 0.75x lsof's time)

and prints the median wall times, their ratio and the peak RSS.  Both walk
/proc of the whole machine (every process's fd directory), so what else runs
counts too.  Exit status 0; with --strict, 1 when a row is over budget.
"""
import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import benchlab  # noqa: E402  (this directory: as a script and with -m alike)


def _ss_bench():
    spec = importlib.util.spec_from_file_location("ss_bench", os.path.join(HERE, "ss_bench.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RUN_TOOL_CODE = (
    "import sys; from pynettools.runtime import run_tool; "
    'sys.exit(run_tool("lsof","pynettools.tools.lsof",sys.argv[1:]))'
)


def our_lsof(bench, program):
    python = bench.shebang_python(program) if program else None
    if python is None:
        python = [sys.executable]
    if program:
        import subprocess
        listing = subprocess.run([program, "--list"], capture_output=True, text=True)
        if "lsof" in listing.stdout.split():
            return [program, "lsof"]
    return python + ["-c", RUN_TOOL_CODE]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sockets", type=int, default=100000)
    parser.add_argument("--quick", action="store_true", help="10,000 sockets")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timer", choices=("loop", "hyperfine"), default="loop")
    parser.add_argument("--pynettools", help="the pynettools program (default: beside this python)")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.sockets = 10000
    bench = _ss_bench()
    lab = benchlab.open_lab(bench.Lab())
    try:
        return run(bench, lab, args)
    finally:
        lab.cleanup()


def run(bench, lab, args):
    ns = lab.namespace("lsof")
    made, holders, seconds = bench.fill_namespace(lab, ns, args.sockets)
    print("%d TCP sockets held by %d processes (set up in %.1f s)" % (made, holders, seconds))
    ours = our_lsof(bench, bench.find_pynettools(args.pynettools))
    real = ["/usr/bin/lsof"]
    port = str(bench.FIRST_PORT)
    rows = [
        ("-i -n -P", ["-i", "-n", "-P"], 1.0, True),
        ("-t -i :%s" % port, ["-t", "-i", ":" + port], 0.75, False),
        ("-nP -iTCP:%s -sTCP:LISTEN" % port, ["-nP", "-iTCP:" + port, "-sTCP:LISTEN"], 0.75, False),
    ]
    over = False
    print("%-34s %9s %9s %7s %8s  %s" % ("lsof ...", "lsof", "ours", "ratio", "budget", "peak RSS lsof / ours"))
    for title, words, budget, memory in rows:
        for command in (real + words, ours + words):
            ok, lines, error = bench.try_once(ns, command)
            if not ok and lines == 0:
                print("%-34s failed: %s" % (title, error))
        times = bench.median_times(ns, [real + words, ours + words], args.runs, args.timer)
        ratio = times[1] / times[0] if times[0] else float("inf")
        rss = ""
        verdict = "ok" if ratio <= budget else "OVER"
        if memory:
            real_rss = bench.peak_rss_kib(ns, real + words)
            our_rss = bench.peak_rss_kib(ns, ours + words)
            rss = "%s / %s MiB" % (_mib(real_rss), _mib(our_rss))
            if real_rss and our_rss and our_rss > real_rss:
                verdict = "OVER (memory)"
        over |= verdict != "ok"
        print("%-34s %8.0fms %8.0fms %6.2fx %7.2fx  %s  %s" % (title, times[0] * 1000, times[1] * 1000, ratio,
                                                            budget, rss, verdict))
    return 1 if (over and args.strict) else 0


def _mib(kib):
    return "n/a" if kib is None else "%.0f" % (kib / 1024.0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
