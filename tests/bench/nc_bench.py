#!/usr/bin/env python3
"""Speed benchmark: our `nc` against netcat-openbsd 1.219's, in the same run.

Run as root (it creates network namespaces):

    python3 tests/bench/nc_bench.py                     # 1 GiB, 3 runs of each
    python3 tests/bench/nc_bench.py --bytes 268435456 --runs 5 --strict

What it does (issue 12's budgets):
1. Makes two namespaces, pnt-ncbench-PID-client and -host, joined by a veth
   pair (198.51.100.1 and .2), and a file of --bytes random bytes.
2. Throughput over loopback, inside the client namespace: `nc -l -p PORT >
   /dev/null` receives, `nc -N 127.0.0.1 PORT < FILE` sends; the time from
   the sender's start to the end of both.  Real to real is the reference;
   ours sending to the real nc, and the real nc sending to ours, must each
   reach 0.8x its throughput (ours to ours is shown too).
3. `nc -z 198.51.100.2 20000-20999`: 1,000 closed ports on the lab host
   (each answered by a RST); budget: ours <= 3x the real nc's time.
4. `nc -z -w 1 198.51.100.2 PORT` to an open port (a listener that accepts
   and closes); budget: ours <= 2x a bare `PYTHON -c pass` (PYTHON: the
   interpreter on the installed pynettools script's #! line).
5. Prints each row: the median wall time of --runs runs of the reference
   and of ours, the ratio and the budget, OVER when over.  Exit status 0;
   with --strict, 1 when a row is over budget or a run failed.

Ours runs as `pynettools nc` when `pynettools --list` names nc, else
through pynettools.runtime.run_tool with the interpreter of the installed
pynettools script.  The namespaces and the file are removed on exit, error,
Ctrl-C and SIGTERM; namespaces of a killed run are removed at start.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlab  # noqa: E402  (this directory: as a script and with -m alike)
from benchlab import enter, installed_script, real_ip, shebang_python  # noqa: E402

PREFIX = "pnt-ncbench-"
GIB = 1 << 30
CLIENT_ADDR = "198.51.100.1"
HOST_ADDR = "198.51.100.2"
CLOSED_PORTS = "20000-20999"
OPEN_PORT = 7000
# The open port's listener: accepts every connection and closes it at once.
ACCEPTOR = ("import socket\n"
            "s = socket.socket()\n"
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            "s.bind(('%s', %d))\n"
            "s.listen(1024)\n"
            "while True:\n"
            "    s.accept()[0].close()\n" % (HOST_ADDR, OPEN_PORT))


def real_nc():
    return [shutil.which("nc", path="/usr/bin:/bin") or "nc"]


def real_ss():
    return shutil.which("ss", path="/usr/bin:/bin:/usr/sbin:/sbin") or "ss"


def build(lab):
    client, host = lab.namespace("client"), lab.namespace("host")
    lines = ["link set lo up", "link add veth0 type veth peer name veth1 netns %s" % host,
             "link set veth0 up", "addr add %s/24 dev veth0" % CLIENT_ADDR]
    subprocess.run([real_ip(), "-n", client, "-batch", "-"], input="\n".join(lines).encode(), check=True)
    lines = ["link set lo up", "link set veth1 up", "addr add %s/24 dev veth1" % HOST_ADDR]
    subprocess.run([real_ip(), "-n", host, "-batch", "-"], input="\n".join(lines).encode(), check=True)
    return client, host


def wait_listening(ns, port, process, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = subprocess.run(enter(ns, [real_ss(), "-Hltn", "sport = :%d" % port]), capture_output=True)
        if shown.stdout.strip():
            return
        if process.poll() is not None:
            raise RuntimeError("the listener exited (%s) before it listened" % process.returncode)
        time.sleep(0.01)
    raise RuntimeError("nothing listens on port %d after %.0f s" % (port, timeout))


def make_file(directory, size):
    path = os.path.join(directory, "data.bin")
    with open(path, "wb") as f:
        left = size
        while left:
            block = os.urandom(min(left, 1 << 20))
            f.write(block)
            left -= len(block)
    return path


# ---- the measurements --------------------------------------------------------------------

class Ports:
    """A fresh port for each transfer (no listener ever meets a TIME-WAIT of the last)."""

    def __init__(self, first=9000):
        self.next = first

    def take(self):
        self.next += 1
        return self.next


def waited(processes, limit):
    """Wait for each process; kill them all if they take more than `limit` seconds.

    Not Popen.wait(timeout=...): with a timeout, Python polls with sleeps
    that double up to 50 ms (0.5, 1, 2, 4, 8, 16 ms ...), so a 12 ms run
    would be measured as 15.5 ms and a 20 ms one as 31.5 ms.  A timer
    thread kills instead, and wait() blocks in waitpid().
    """
    import threading

    def kill_all():
        for process in processes:
            if process.poll() is None:
                process.kill()

    watchdog = threading.Timer(limit, kill_all)
    watchdog.start()
    try:
        return [process.wait() for process in processes]
    finally:
        watchdog.cancel()


def transfer(lab, ns, sender, receiver, path, port):
    """Seconds for `sender -N 127.0.0.1 PORT < path` into `receiver -l -p PORT > /dev/null`."""
    with tempfile.TemporaryFile() as listener_errors, tempfile.TemporaryFile() as sender_errors:
        listener = lab.start(ns, receiver + ["-l", "-p", str(port)], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=listener_errors)
        wait_listening(ns, port, listener)
        with open(path, "rb") as source:
            started = time.perf_counter()
            sender_process = lab.start(ns, sender + ["-N", "127.0.0.1", str(port)], stdin=source,
                                       stdout=subprocess.DEVNULL, stderr=sender_errors)
            sent, received = waited([sender_process, listener], 600)
            seconds = time.perf_counter() - started
        listener_errors.seek(0)
        sender_errors.seek(0)
        errors = sender_errors.read() + listener_errors.read()
    if sent or received or errors:
        raise RuntimeError("transfer failed: sender exit %s, receiver exit %s, %r" % (sent, received, errors[:300]))
    return seconds


def timed(ns, command, runs, expect=None):
    """Median wall seconds of `runs` runs of command (output discarded)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        # cwd "/": with `python -c`, sys.path[0] is the working directory, and
        # a source tree there would be imported (and compiled) instead of the install
        process = subprocess.Popen(enter(ns, command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   cwd="/")
        status = waited([process], 120)[0]
        times.append(time.perf_counter() - started)
        if expect is not None and status != expect:
            raise RuntimeError("%s exited %s, not %s" % (" ".join(command), status, expect))
    return statistics.median(times)


def throughput_rows(lab, ns, real, ours, path, size, runs):
    ports = Ports()
    pairs = (("real", real, real), ("ours->real", ours, real), ("real->ours", real, ours), ("ours->ours", ours, ours))
    times = {label: [] for label, _, _ in pairs}
    for _ in range(runs):  # the pairs alternate, so a slow moment of the machine hits all of them
        for label, sender, receiver in pairs:
            times[label].append(transfer(lab, ns, sender, receiver, path, ports.take()))
    reference = statistics.median(times["real"])
    rows = []
    for label, budget in (("ours->real", 0.8), ("real->ours", 0.8), ("ours->ours", None)):
        ours_t = statistics.median(times[label])
        name = "%.0f MiB loopback, %s" % (size / (1 << 20), {"ours->real": "ours sends", "real->ours": "ours receives",
                                                              "ours->ours": "ours both ends"}[label])
        rows.append(benchlab.Row(name, reference, ours_t, "nc real->real", throughput_budget=budget, size=size))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bytes", type=int, default=GIB, help="size of each transfer (default 1 GiB)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each transfer (the -z rows run 3x as many)")
    parser.add_argument("--pynettools", help="the pynettools program (default: beside this python)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a row is over budget")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("nc_bench: needs root (network namespaces)", file=sys.stderr)
        return 2
    lab = benchlab.open_lab(benchlab.Lab(PREFIX))
    script = args.pynettools or installed_script()
    real, ours = real_nc(), benchlab.our_tool(script, 'nc')
    directory = tempfile.mkdtemp(prefix="pnt-ncbench-")
    try:
        client, host = build(lab)
        path = make_file(directory, args.bytes)
        rows = throughput_rows(lab, client, real, ours, path, args.bytes, args.runs)
        scan = ["-z", HOST_ADDR, CLOSED_PORTS]
        rows.append(benchlab.Row("nc -z, 1000 closed ports on a lab host", timed(client, real + scan, args.runs * 3, 1),
                        timed(client, ours + scan, args.runs * 3, 1), "nc", time_budget=3.0))
        acceptor = lab.start(host, [shebang_python(script), "-c", ACCEPTOR], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_listening(host, OPEN_PORT, acceptor)
        probe = ["-z", "-w", "1", HOST_ADDR, str(OPEN_PORT)]
        bare = timed(client, [shebang_python(script), "-c", "pass"], args.runs * 3)
        rows.append(benchlab.Row("nc -z -w 1, one open port", bare, timed(client, ours + probe, args.runs * 3, 0),
                        "python -c pass (real nc: %.1f ms)" % (timed(client, real + probe, args.runs * 3, 0) * 1000),
                        time_budget=2.0))
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print("nc_bench: %s" % error, file=sys.stderr)
        return 1
    finally:
        lab.cleanup()
        shutil.rmtree(directory, ignore_errors=True)
    print("median of %d runs (transfers), %d runs (-z rows); ours: %s" % (args.runs, args.runs * 3, " ".join(ours)))
    over = benchlab.print_table(rows)
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
