#!/usr/bin/env python3
"""Speed benchmark: our `dig` against BIND 9.18's, and against importing dnspython.

Run as root (it creates a network namespace and starts named in it):

    python3 tests/bench/dig_bench.py                 # 20 runs of each command
    python3 tests/bench/dig_bench.py --runs 50 --strict

What it does (issue 13's budget):
1. Makes a namespace, pnt-digbench-PID-dns, brings its loopback up, and
   starts named there (-f, in the foreground) with a minimal named.conf: one
   small zone, bench.test, served on 127.0.0.1 port 53, no recursion.  The
   files go in a temporary directory under /var/cache/bind when that exists
   (Debian's AppArmor profile lets named write only there).
2. Checks that ours and the real dig both get the answer (the +short lines
   must be the same).
3. Times, in turns so that a slow moment of the machine hits all of them:
   `dig @127.0.0.1 www.bench.test`, the same with +short, each with ours
   and with the real dig, and `PYTHON -c 'import dns.message'` (PYTHON: the
   interpreter on the installed pynettools script's #! line, the one ours
   runs with).  Budget: ours <= 1.5x that import (the whole query costs
   little more than loading dnspython's message module).
4. Prints each row: the median wall time of --runs runs of the reference and
   of ours, the ratio and the budget (OVER when over); the rows against the
   real dig have no budget.  Exit status 0; with --strict, 1 when a row is
   over budget.

Ours runs as `pynettools dig` when `pynettools --list` names dig, else
through pynettools.runtime.run_tool with the interpreter of the installed
pynettools script.  Where the time goes:
`PYTHON -X importtime PYNETTOOLS dig @127.0.0.1 www.bench.test` (in the
namespace).  named, its files and the namespace are removed on exit, error,
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

PREFIX = "pnt-digbench-"
SERVER = "127.0.0.1"
NAME = "www.bench.test"
# named's AppArmor profile (Debian) lets it write only here
NAMED_HOME = "/var/cache/bind"

NAMED_CONF = """options {{
    directory "{dir}";
    pid-file "{dir}/named.pid";
    session-keyfile "{dir}/session.key";
    managed-keys-directory "{dir}";
    listen-on port 53 {{ {server}; }};
    listen-on-v6 {{ none; }};
    recursion no;
    dnssec-validation no;
    notify no;
    automatic-interface-scan no;
    // named shuffles an RRset per answer by default; "none" keeps the zone's
    // order, so both digs' +short lines can be compared
    rrset-order {{ order none; }};
}};
controls {{ }};
logging {{
    channel bench {{ file "{dir}/named.log"; severity info; }};
    category default {{ bench; }};
}};
zone "bench.test" {{ type primary; file "{dir}/bench.test.zone"; }};
"""

ZONE = """$TTL 3600
@       SOA   ns.bench.test. hostmaster.bench.test. 1 7200 3600 1209600 3600
@       NS    ns.bench.test.
ns      A     127.0.0.1
www     A     198.51.100.80
www     A     198.51.100.81
www     AAAA  2001:db8::80
@       MX    10 mail.bench.test.
mail    A     198.51.100.25
"""


def real_dig():
    return [shutil.which("dig", path="/usr/bin:/bin") or "dig"]


def start_named(lab, ns, directory):
    with open(os.path.join(directory, "named.conf"), "w") as f:
        f.write(NAMED_CONF.format(dir=directory, server=SERVER))
    with open(os.path.join(directory, "bench.test.zone"), "w") as f:
        f.write(ZONE)
    os.chmod(directory, 0o755)
    named = lab.start(ns, ["named", "-f", "-c", os.path.join(directory, "named.conf")],
                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    log = os.path.join(directory, "named.log")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if named.poll() is not None:
            raise RuntimeError("named exited (%s): %s" % (named.returncode, named.stderr.read().decode()[-500:]))
        try:
            with open(log) as f:
                if any(line.rstrip().endswith("running") for line in f):
                    return named
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError("named did not say it was running within 10 s")


# ---- the measurements --------------------------------------------------------------------

def output(ns, command):
    result = subprocess.run(enter(ns, command), capture_output=True, text=True, cwd="/", timeout=60)
    if result.returncode != 0:
        raise RuntimeError("%s exited %s: %s" % (" ".join(command), result.returncode, result.stderr[-300:]))
    return result.stdout


def check_answers(ns, real, ours):
    """Both digs must get the answer: the same +short lines, and NOERROR in full."""
    query = ["@" + SERVER, NAME]
    short_real, short_ours = output(ns, real + query + ["+short"]), output(ns, ours + query + ["+short"])
    if not short_real.strip() or short_real != short_ours:
        raise RuntimeError("+short differs: real %r, ours %r" % (short_real, short_ours))
    for command in (real, ours):
        full = output(ns, command + query)
        if "status: NOERROR" not in full or "198.51.100.80" not in full:
            raise RuntimeError("%s: no answer in %r" % (" ".join(command), full[:300]))


def timings(ns, commands, runs):
    """{label: median seconds}, the commands run in turns."""
    times = {label: [] for label in commands}
    for label, command in commands.items():  # one warm-up each (page cache, named's first answer)
        benchlab.run_once(ns, command)
    for _ in range(runs):
        for label, command in commands.items():
            times[label].append(benchlab.run_once(ns, command))
    return {label: statistics.median(values) for label, values in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default 20)")
    parser.add_argument("--pynettools", help="the pynettools program (default: beside this python)")
    parser.add_argument("--ours", help="run this command as ours instead (e.g. /usr/bin/dig, "
                                       "to try the bench before our dig exists)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a row is over budget")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("dig_bench: needs root (a network namespace)", file=sys.stderr)
        return 2
    if shutil.which("named", path="/usr/sbin:/usr/bin:/sbin:/bin") is None:
        print("dig_bench: named is not installed (apt install bind9)", file=sys.stderr)
        return 2
    lab = benchlab.open_lab(benchlab.Lab(PREFIX))
    script = args.pynettools or installed_script()
    python = shebang_python(script)
    real = real_dig()
    ours = args.ours.split() if args.ours else benchlab.our_tool(script, 'dig')
    directory = tempfile.mkdtemp(prefix="digbench-", dir=NAMED_HOME if os.path.isdir(NAMED_HOME) else None)
    try:
        ns = lab.namespace("dns")
        subprocess.run([real_ip(), "-n", ns, "link", "set", "lo", "up"], check=True)
        start_named(lab, ns, directory)
        check_answers(ns, real, ours)
        query = ["@" + SERVER, NAME]
        commands = {"real": real + query, "ours": ours + query,
                    "real short": real + query + ["+short"], "ours short": ours + query + ["+short"],
                    "import": [python, "-c", "import dns.message"]}
        median = timings(ns, commands, args.runs)
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print("dig_bench: %s" % error, file=sys.stderr)
        return 1
    finally:
        lab.cleanup()
        shutil.rmtree(directory, ignore_errors=True)
    against_import = "python -c 'import dns.message'"
    rows = [
        benchlab.Row("dig @127.0.0.1 %s" % NAME, median["import"], median["ours"], against_import, time_budget=1.5),
        benchlab.Row("dig @127.0.0.1 %s +short" % NAME, median["import"], median["ours short"], against_import, time_budget=1.5),
        benchlab.Row("dig @127.0.0.1 %s" % NAME, median["real"], median["ours"], "dig (BIND 9.18)"),
        benchlab.Row("dig @127.0.0.1 %s +short" % NAME, median["real short"], median["ours short"], "dig (BIND 9.18)"),
    ]
    print("median of %d runs; ours: %s; PYTHON: %s" % (args.runs, " ".join(ours), python))
    over = benchlab.print_table(rows)
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
