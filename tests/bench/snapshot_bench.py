#!/usr/bin/env python3
"""Size and time of `pynettools snapshot` on a busy machine (issue 16: a
100k-socket machine's snapshot in tens of MB at most).

Run as root (it creates network namespaces):

    python3 tests/bench/snapshot_bench.py                # 100,000 sockets
    python3 tests/bench/snapshot_bench.py --sockets 20000

It fills a fresh namespace with loopback TCP connections (ss_bench's socket
holders), takes `pynettools snapshot -n NS DIR` there, and prints the
snapshot's size (in all, and its largest files), how long it took against
iproute2's `ss -tanp` in the same namespace (the one listing that reads as
much: every socket and every process's fd/), and that our `ss -tan` on the
snapshot prints as many lines as iproute2's does live.  With --strict, exit
status 1 when the size is over --budget-mb.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import benchlab  # noqa: E402
import ss_bench  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockets", type=int, default=100000)
    parser.add_argument("--budget-mb", type=float, default=99.0, help="at most tens of MB")
    parser.add_argument("--pynettools", help="the pynettools program (default: the installed one)")
    parser.add_argument("--strict", action="store_true")
    return parser.parse_args(argv)


def _sizes(directory):
    sizes = []
    for parent, _dirs, files in os.walk(directory):
        for name in files:
            path = os.path.join(parent, name)
            sizes.append((os.path.getsize(path), os.path.relpath(path, directory)))
    return sorted(sizes, reverse=True)


def _timed(command, env=None):
    started = time.monotonic()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return time.monotonic() - started, result


def run(args, lab):
    program = ss_bench.find_pynettools(args.pynettools)
    ns = lab.namespace("busy")
    made, holders, seconds = ss_bench.fill_namespace(lab, ns, args.sockets)
    print("namespace %s: %d TCP sockets held by %d process(es), set up in %.1f s" % (ns, made, holders, seconds))
    directory = os.path.join(tempfile.mkdtemp(prefix="pnt-snapbench-"), "snap")
    try:
        took, result = _timed([program, "snapshot", "-n", ns, directory])
        if result.returncode:
            raise SystemExit("snapshot_bench: the snapshot failed: %s" % result.stderr.decode())
        real_took, real = _timed(["ip", "netns", "exec", ns, ss_bench.iproute2_ss(), "-tanp"])
        env = dict(os.environ, PYNETTOOLS_REPLAY=directory)
        replay_took, ours = _timed([program, "ss", "-tan"], env=env)
        live_lines = subprocess.run(["ip", "netns", "exec", ns, ss_bench.iproute2_ss(), "-tan"],
                                    stdout=subprocess.PIPE).stdout.count(b"\n")
        sizes = _sizes(directory)
        total = sum(size for size, _ in sizes)
        print(result.stderr.decode().rstrip())
        print("size: %.1f MB in %d files (%.0f bytes a socket)" % (total / 1e6, len(sizes), total / max(made, 1)))
        for size, name in sizes[:8]:
            print("  %9.1f MB  %s" % (size / 1e6, name))
        print("time: snapshot %.2f s; iproute2 ss -tanp %.2f s (ratio %.2f)" % (took, real_took, took / real_took))
        print("replay: ss -tan from the snapshot %.2f s, %d lines (iproute2 live: %d)"
              % (replay_took, ours.stdout.count(b"\n"), live_lines))
        over = total / 1e6 > args.budget_mb
        print("budget: %.0f MB: %s" % (args.budget_mb, "OVER" if over else "PASS"))
        return 1 if args.strict and over else 0
    finally:
        if os.environ.get("SNAPSHOT_BENCH_KEEP"):
            print("kept: %s" % directory)
        else:
            shutil.rmtree(os.path.dirname(directory), ignore_errors=True)


def main(argv):
    args = parse_args(argv)
    if os.geteuid() != 0:
        sys.stderr.write("snapshot_bench: must run as root (creates network namespaces)\n")
        return 2
    lab = benchlab.open_lab(ss_bench.Lab(), signals=(signal.SIGTERM, signal.SIGHUP))
    try:
        return run(args, lab)
    except KeyboardInterrupt:
        sys.stderr.write("snapshot_bench: interrupted, cleaning up\n")
        return 130
    finally:
        lab.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
