#!/usr/bin/env python3
"""Speed benchmark: our `whois` against whois 5.5.17, and against a bare `python -c pass`.

Run as root (it creates a network namespace):

    python3 tests/bench/whois_bench.py                 # 20 runs of each command
    python3 tests/bench/whois_bench.py --runs 50 --strict

What it does (issue 15's budget):
1. Makes a namespace, pnt-whoisbench-PID-reg, brings its loopback up and
   starts a small whois server there on 127.0.0.1 port 43 (SERVER below):
   a 30-line record for any query, BIG_SIZE bytes of lines for "big".
2. Checks that ours and the real whois print the same bytes for both.
3. Times, in turns: `whois -h 127.0.0.1 example.com` with ours and the real
   one, the big reply with both, and PYTHON -c pass (PYTHON: the interpreter
   on the installed pynettools script's #! line).  Budget: one query <= 3x
   the bare interpreter.
4. Prints each row (median of --runs runs, ratio, budget; OVER when over).
   Exit status 0; with --strict, 1 when a row is over budget.

Where the time goes: `PYTHON -X importtime PYNETTOOLS whois -h 127.0.0.1 x`
(in the namespace).  The server and the namespace are removed on exit.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlab  # noqa: E402
from benchlab import enter, installed_script, real_ip, shebang_python  # noqa: E402

PREFIX = "pnt-whoisbench-"
BIG_SIZE = 8 << 20

SERVER = r'''
import socket, threading
RECORD = b"".join(b"field%02d:        value of field %d for the bench record\n" % (i, i) for i in range(30))
LINE = b"x" * 99 + b"\n"
BIG = LINE * (BIG_SIZE // len(LINE))
def serve(conn):
    with conn:
        data = b""
        while b"\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        conn.sendall(BIG if data.startswith(b"big") else RECORD)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 43))
s.listen(64)
while True:
    threading.Thread(target=serve, args=(s.accept()[0],), daemon=True).start()
'''.replace("BIG_SIZE", str(BIG_SIZE))


def real_whois():
    return [shutil.which("whois", path="/usr/bin:/bin") or "whois"]


def output(ns, command):
    result = subprocess.run(enter(ns, command), capture_output=True, cwd="/", timeout=60)
    if result.returncode != 0:
        raise RuntimeError("%s exited %s: %r" % (" ".join(command), result.returncode, result.stderr[-300:]))
    return result.stdout


def wait_listening(ns):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        probe = subprocess.run(enter(ns, [sys.executable, "-c", "import socket; socket.create_connection"
                                          "(('127.0.0.1', 43), 0.2).close()"]), capture_output=True)
        if probe.returncode == 0:
            return
        time.sleep(0.05)
    raise RuntimeError("the bench server did not listen within 5 s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--pynettools", help="the pynettools program (default: beside this python)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a row is over budget")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("whois_bench: needs root (a network namespace)", file=sys.stderr)
        return 2
    lab = benchlab.open_lab(benchlab.Lab(PREFIX))
    script = args.pynettools or installed_script()
    python = shebang_python(script)
    real = real_whois()
    ours = benchlab.our_tool(script, "whois")
    query = ["-h", "127.0.0.1", "example.com"]
    big = ["-h", "127.0.0.1", "big"]
    try:
        ns = lab.namespace("reg")
        subprocess.run([real_ip(), "-n", ns, "link", "set", "lo", "up"], check=True)
        lab.start(ns, [sys.executable, "-c", SERVER])
        wait_listening(ns)
        for words in (query, big):
            if output(ns, real + words) != output(ns, ours + words):
                raise RuntimeError("ours and the real whois differ for %s" % " ".join(words))
        commands = {"real": real + query, "ours": ours + query, "real big": real + big, "ours big": ours + big,
                    "bare": [python, "-c", "pass"]}
        for command in commands.values():
            benchlab.run_once(ns, command)
        times = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, command in commands.items():
                times[label].append(benchlab.run_once(ns, command))
        median = {label: statistics.median(values) for label, values in times.items()}
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print("whois_bench: %s" % error, file=sys.stderr)
        return 1
    finally:
        lab.cleanup()
    rows = [
        benchlab.Row("whois -h 127.0.0.1 example.com", median["bare"], median["ours"], "python -c pass",
                     time_budget=3.0),
        benchlab.Row("whois -h 127.0.0.1 example.com", median["real"], median["ours"], "whois 5.5.17"),
        benchlab.Row("whois (8 MiB reply)", median["real big"], median["ours big"], "whois 5.5.17",
                     size=BIG_SIZE),
    ]
    print("median of %d runs; ours: %s; PYTHON: %s" % (args.runs, " ".join(ours), python))
    over = benchlab.print_table(rows)
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
