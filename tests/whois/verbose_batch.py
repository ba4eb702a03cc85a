"""Run many whois command lines through the real whois and through ours, in a
network namespace with nothing in it, and print what each printed.

    unshare -n python3 -m tests.whois.verbose_batch REAL_WHOIS < argvs.json > results.json

argvs.json: [[arg, ...], ...] (argv[0] left out).  Without a network every
connection fails at getaddrinfo() ("Temporary failure in name resolution"),
after whois has printed, with --verbose, the server it chose and the query
string it would send: the server choice of every entry of the tables can be
compared without a server anywhere.  Ours runs in this process (one Python
start for thousands of queries); the real one is started for each, two at a
time.  Output: [[real, ours], ...] with each side [stdout, stderr, exit].
"""
import io
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}


def real(whois, args):
    done = subprocess.run([whois] + args, env=ENV, capture_output=True, stdin=subprocess.DEVNULL)
    return [done.stdout.decode("utf-8", "surrogateescape"), done.stderr.decode("utf-8", "surrogateescape"),
            done.returncode]


def ours(args):
    from pynettools.env import Env
    from pynettools.kernel.seam import Kernel
    from pynettools.tools import whois

    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), environ=dict(ENV), kernel=Kernel())
    code = whois.main(["whois"] + args, env)
    return [env.stdout.getvalue(), env.stderr.getvalue(), code]


def main(argv):
    argvs = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reals = list(pool.map(lambda args: real(argv[1], args), argvs))
    results = [[r, ours(args)] for r, args in zip(reals, argvs)]
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
