"""Run many whois command lines through the real whois and through ours, in a
network namespace with nothing in it, and print what each printed.

    unshare -n python3 -m tests.whois.verbose_batch REAL_WHOIS < entries.json > results.json
    unshare -n -m python3 -m tests.whois.verbose_batch --hosts REAL_WHOIS < ...   (HOSTS_NAMES: 127.0.0.1)

entries.json: a list; each entry is [args] (argv[0] left out), or
[args, env] (variables added to the C locale's), or [args, env, reply]: a
server on 127.0.0.1 port 43 sends `reply` (base64) to each of the two runs
and closes (args then name -h 127.0.0.1 themselves).

Without a network every other connection fails at getaddrinfo() ("Temporary
failure in name resolution"), after whois has printed, with --verbose, the
server it chose and the query string it would send: the server choice of
every entry of the tables can be compared without a server anywhere.  Ours
runs in this process (one Python start for thousands of queries); the real
one is started for each.  Output: [[real, ours], ...], each side [stdout,
stderr, exit, the query the server received or null].
"""
import base64
import io
import json
import os
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}


def environ(extra):
    env = dict(ENV)
    env.update(extra or {})
    return env


def real(whois, args, extra):
    # argv[0] "whois", as a shell gives it (getopt's messages start with it)
    done = subprocess.run(["whois"] + args, executable=whois, env=environ(extra), capture_output=True,
                          stdin=subprocess.DEVNULL)
    return [done.stdout.decode("utf-8", "surrogateescape"), done.stderr.decode("utf-8", "surrogateescape"),
            done.returncode]


def ours(args, extra):
    from pynettools.env import Env
    from pynettools.kernel.seam import Kernel
    from pynettools.tools import whois

    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), environ=environ(extra), kernel=Kernel())
    code = whois.main(["whois"] + args, env)
    return [env.stdout.getvalue(), env.stderr.getvalue(), code]


class OneReply:
    """A server on 127.0.0.1:43 that reads one query line and sends `reply`."""

    def __init__(self, reply):
        self.reply = reply
        self.query = None
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 43))
        self.listener.listen(1)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.listener.accept()
        with conn:
            data = b""
            while b"\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            self.query = data.decode("utf-8", "surrogateescape")
            try:
                conn.sendall(self.reply)
            except OSError:
                pass

    def done(self):
        self.thread.join(10)
        self.listener.close()
        return self.query


def served(whois, args, extra, reply):
    pair = []
    for run in (lambda: real(whois, args, extra), lambda: ours(args, extra)):
        server = OneReply(reply)
        result = run()
        pair.append(result + [server.done()])
    return pair


# With --hosts (run under unshare -n -m): these names are 127.0.0.1, so that a
# served reply can come from a server whose charset or style whois knows.
# (never whois.arin.net: an empty referral goes there, and must fail, not wait
# at a server that serves one connection)
HOSTS_NAMES = ("whois.ripe.net", "whois.jprs.jp", "whois.registro.br", "whois.kg",
               "whois.nic.xyz", "whois.denic.de", "whois.lacnic.net", "whois.nic.ad.jp")


def bind_hosts():
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".hosts", delete=False) as f:
        f.write("127.0.0.1 localhost %s\n" % " ".join(HOSTS_NAMES))
    subprocess.run(["mount", "--bind", f.name, "/etc/hosts"], check=True)


def main(argv):
    entries = [entry if len(entry) > 1 else [entry[0], {}] for entry in json.load(sys.stdin)]
    if "--hosts" in argv:
        argv.remove("--hosts")
        bind_hosts()
    subprocess.run(["ip", "link", "set", "lo", "up"], check=False)
    plain = [(i, entry) for i, entry in enumerate(entries) if len(entry) < 3]
    results = [None] * len(entries)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reals = list(pool.map(lambda item: real(argv[1], item[1][0], item[1][1]), plain))
    for (i, entry), r in zip(plain, reals):
        results[i] = [r + [None], ours(entry[0], entry[1]) + [None]]
    for i, entry in enumerate(entries):
        if len(entry) >= 3:
            results[i] = served(argv[1], entry[0], entry[1], base64.b64decode(entry[2]))
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    os.environ.pop("WHOIS_OPTIONS", None)
    sys.exit(main(sys.argv))
