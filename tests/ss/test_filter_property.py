"""Property tests of ss's selection language (pynettools/tools/ss/filter.py).

Live (root and network namespaces needed; skipped with the reason otherwise):
a fresh namespace holds one fixed set of sockets -- TCP listeners and
connections on 127.0.0.1, ::1, 198.51.100.x and 2001:db8::x (one
IPv4-mapped, one bound to a device, some with a fwmark), UDP sockets, unix
stream/datagram sockets (named, abstract, autobound, unnamed pairs).
Hypothesis writes random filters from ss's grammar (state words, every
condition and operator, parentheses, valid and invalid values, and
mutations: a dropped or an extra word, parentheses glued to a word) and
runs the real `ss -H OPTIONS FILTER` and our parse_args + Filter.matches on
the same sockets: both must select the same sockets, or fail with the same
stderr and exit status.

Ours runs in a worker process inside the namespace (so `dev v0` finds the
namespace's device).  The socket list our filter is applied to is read from
the real `ss -an -e` (this tests the filter, not the socket decoders).

Not live: for any list of words, parse_args raises nothing but FilterError,
and a parsed filter evaluates and compiles on any socket.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from tests.conftest import live_skip_reason, skip_live

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

from pynettools.env import Env
from pynettools.kernel.sockets import Sock
from pynettools.tools.ss import filter as F

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C", "LANG": "C"}
EXAMPLES = max(settings().max_examples, 150)

# ---- the sockets -------------------------------------------------------------------

HOLDER = r'''
import signal, socket, sys
d = sys.argv[1]
keep = []
SO_MARK, SO_BINDTODEVICE = 36, 25
def listen(fam, addr, port, mark=None, dev=None):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if mark is not None: s.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    if dev: s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, dev.encode())
    s.bind((addr, port)); s.listen(8); keep.append(s); return s
def connect(fam, laddr, lport, raddr, rport, mark=None):
    c = socket.socket(fam, socket.SOCK_STREAM)
    if mark is not None: c.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
    if laddr is not None: c.bind((laddr, lport))
    c.connect((raddr, rport)); keep.append(c)
listeners = [listen(socket.AF_INET, "127.0.0.1", 22), listen(socket.AF_INET, "127.0.0.1", 8080, mark=7),
             listen(socket.AF_INET6, "::1", 8080), listen(socket.AF_INET, "198.51.100.1", 80),
             listen(socket.AF_INET6, "2001:db8::1", 443, mark=0x100), listen(socket.AF_INET, "0.0.0.0", 5000),
             listen(socket.AF_INET6, "::", 5001), listen(socket.AF_INET, "198.51.100.1", 81, dev="v0")]
connect(socket.AF_INET, "127.0.0.1", 20001, "127.0.0.1", 8080, mark=7)
connect(socket.AF_INET6, "::1", 20002, "::1", 8080)
connect(socket.AF_INET, "127.0.0.1", 20003, "127.0.0.1", 5001)
connect(socket.AF_INET, "198.51.100.2", 20004, "198.51.100.1", 80)
connect(socket.AF_INET6, "2001:db8::2", 20005, "2001:db8::1", 443)
connect(socket.AF_INET, None, 0, "127.0.0.1", 22)
connect(socket.AF_INET6, None, 0, "2001:db8::1", 443)
for listener in listeners:
    listener.setblocking(False)
    while True:
        try: keep.append(listener.accept()[0])
        except BlockingIOError: break
def udp(fam, addr, port, peer=None):
    s = socket.socket(fam, socket.SOCK_DGRAM); s.bind((addr, port))
    if peer: s.connect(peer)
    keep.append(s)
udp(socket.AF_INET, "127.0.0.1", 53); udp(socket.AF_INET6, "::1", 53)
udp(socket.AF_INET, "198.51.100.2", 5353); udp(socket.AF_INET, "127.0.0.1", 6000, ("127.0.0.1", 53))
udp(socket.AF_INET6, "2001:db8::2", 6001, ("2001:db8::1", 53))
def unix(kind, name, listen=False):
    s = socket.socket(socket.AF_UNIX, kind)
    if name is not None: s.bind(name)
    if listen: s.listen(4)
    keep.append(s); return s
server = unix(socket.SOCK_STREAM, d + "/sock.a", True)
unix(socket.SOCK_STREAM, "\0ssflt-abstract", True)
unix(socket.SOCK_DGRAM, d + "/dgram.B")
unix(socket.SOCK_STREAM, "")  # autobind: an abstract @xxxxx name
client = unix(socket.SOCK_STREAM, None); client.connect(d + "/sock.a")
keep += list(socket.socketpair())
keep.append(server.accept()[0])
print("READY", flush=True)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
signal.pause()
'''

# Ours, inside the namespace: reads {"opts", "args"} lines, answers one JSON line each.
WORKER = r'''
import json, socket, subprocess, sys
from pynettools.env import Env
from pynettools.kernel.sockets import Sock
from pynettools.tools.ss import filter as F

OPTIONS = json.loads(sys.argv[1])
STATES = {"ESTAB": 1, "SYN-SENT": 2, "SYN-RECV": 3, "FIN-WAIT-1": 4, "FIN-WAIT-2": 5,
          "TIME-WAIT": 6, "UNCONN": 7, "CLOSE-WAIT": 8, "LAST-ACK": 9, "LISTEN": 10, "CLOSING": 11}
UNIX_NETIDS = ("u_str", "u_dgr", "u_seq")

def key(fields, first):
    count = 4 if fields[0] in UNIX_NETIDS else 2
    return " ".join([fields[0]] + fields[first:first + count])

def indexes():
    out = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout
    return {line.split(":")[1].strip().split("@")[0]: int(line.split(":")[0]) for line in out.splitlines()}

def endpoint(text, devices):
    host, port = text.rsplit(":", 1)
    port = 0 if port == "*" else int(port)
    ifindex = 0
    if "%" in host:
        host, dev = host.split("%")
        ifindex = devices[dev]
    if host == "*":
        return socket.AF_INET6, bytes(16), port, ifindex
    if host.startswith("["):
        return socket.AF_INET6, socket.inet_pton(socket.AF_INET6, host[1:-1]), port, ifindex
    return socket.AF_INET, socket.inet_pton(socket.AF_INET, host), port, ifindex

def sockets():
    devices = indexes()
    out = subprocess.run(["ss", "-an", "-e", "-H", "-A", "tcp,udp,unix"], capture_output=True,
                         text=True, errors="surrogateescape").stdout
    found = []
    for line in out.splitlines():
        f = line.split()
        state = STATES[f[1]]
        if f[0] in UNIX_NETIDS:
            sock = Sock(f[0], socket.AF_UNIX, state, None if f[4] == "*" else f[4], int(f[5]),
                        None, int(f[7]))
        else:
            family, src, sport, ifindex = endpoint(f[4], devices)
            _, dst, dport, _ = endpoint(f[5], devices)
            dst = dst[:len(src)]
            mark, cgroup = 0, 0
            for extra in f[6:]:
                if extra.startswith("fwmark:"):
                    mark = int(extra[7:], 16)
                if extra.startswith("cgroup:"):
                    cgroup = int(extra.rsplit(":", 1)[1])
            # The kernel's `autobound` asks whether bind() was given the port
            # (no dump says): the holder binds listeners, UDP sockets and the
            # clients on ports 20001-20099; accepted and other clients are not.
            locked = state in (7, 10) or f[0] == "udp" or 20000 < sport < 20100
            sock = Sock(f[0], family, state, src, sport, dst, dport, ifindex=ifindex, mark=mark,
                        cgroup_id=cgroup, extra={"userlocks": 12 if locked else 0})
        found.append((key(f, 4), sock))
    return found

SOCKETS = sockets()
env = Env(environ={})
print(json.dumps({"sockets": [k for k, _ in SOCKETS]}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    option = OPTIONS[request["opts"]]
    try:
        mask, expr = F.parse_args(request["args"], env, preferred_family=option["preferred"],
                                  tables=option["tables"])
    except F.FilterError as err:
        print(json.dumps({"error": [err.message, err.status, err.usage]}), flush=True)
        continue
    states = F.final_state_mask(mask, F.option_state_filter(option["letters"]),
                                option["table_states"], do_default=False)
    families = option["families"]
    if expr is not None and expr.families is not None:
        families = [expr.families]
    keys = [k for k, sock in SOCKETS
            if sock.netid in option["netids"] and sock.family in families
            and (states >> sock.state) & 1 and (expr is None or expr.matches(sock))]
    print(json.dumps({"keys": keys, "states": states, "families": families,
                      "kernel_rejects": bool(expr is not None and expr.kernel_rejects)}), flush=True)
'''

CONNECTED = F.STATES_CONNECTED
OPTIONS = {
    # -a then -A: all states; -A replaces the tables and sets no family
    "tables": {"argv": ["-an", "-A", "tcp,udp,unix"], "letters": "aA", "preferred": 0,
               "tables": ["tcp", "udp", "unix"], "netids": ["tcp", "udp", "u_str", "u_dgr", "u_seq"],
               "families": [1, 2, 10], "table_states": CONNECTED | (1 << F.SS_CLOSE) | 2},
    # -x makes AF_UNIX the preferred family: plain addresses are unix patterns
    "x": {"argv": ["-tuanx"], "letters": "a", "preferred": 1, "tables": ["tcp", "udp", "unix"],
          "netids": ["tcp", "udp", "u_str", "u_dgr", "u_seq"], "families": [1, 2, 10],
          "table_states": CONNECTED | 2},
    "4": {"argv": ["-tuan4"], "letters": "a", "preferred": 2, "tables": ["tcp", "udp"],
          "netids": ["tcp", "udp"], "families": [2], "table_states": CONNECTED | 2},
    "6": {"argv": ["-tuan6"], "letters": "a", "preferred": 10, "tables": ["tcp", "udp"],
          "netids": ["tcp", "udp"], "families": [10], "table_states": CONNECTED | 2},
}


def _run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BASE_ENV,
                          timeout=60, **kw)


class World:
    """The namespace, its socket holder, and our worker inside it."""

    def __init__(self):
        self.ns = "ssflt%d" % os.getpid()
        self.dir = tempfile.mkdtemp(prefix="ssflt")
        self.holder = self.worker = None
        for command in (["netns", "add", self.ns], ["-n", self.ns, "link", "set", "lo", "up"],
                        ["-n", self.ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1"],
                        ["-n", self.ns, "link", "set", "v0", "up"], ["-n", self.ns, "link", "set", "v1", "up"],
                        ["-n", self.ns, "addr", "add", "198.51.100.1/24", "dev", "lo"],
                        ["-n", self.ns, "addr", "add", "198.51.100.2/24", "dev", "lo"],
                        ["-n", self.ns, "addr", "add", "2001:db8::1/64", "dev", "lo", "nodad"],
                        ["-n", self.ns, "addr", "add", "2001:db8::2/64", "dev", "lo", "nodad"]):
            completed = _run(["ip"] + command)
            if completed.returncode:
                raise RuntimeError("ip %s: %s" % (" ".join(command), completed.stderr.decode()))
        self.holder = subprocess.Popen(self.netns_exec([sys.executable, "-c", HOLDER, self.dir]),
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=BASE_ENV)
        ready = self.holder.stdout.readline()
        if ready.strip() != b"READY":
            raise RuntimeError("socket holder: %s" % self.holder.stderr.read().decode())
        worker_env = dict(BASE_ENV, PYTHONPATH=REPO)
        self.worker = subprocess.Popen(
            self.netns_exec([sys.executable, "-c", WORKER, json.dumps(OPTIONS)]),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=worker_env, cwd=REPO)
        self.sockets = json.loads(self.worker.stdout.readline())["sockets"]

    def netns_exec(self, command):
        return ["ip", "netns", "exec", self.ns] + command

    def ours(self, opts, args):
        self.worker.stdin.write((json.dumps({"opts": opts, "args": args}) + "\n").encode())
        self.worker.stdin.flush()
        return json.loads(self.worker.stdout.readline())

    def real(self, opts, args):
        completed = _run(self.netns_exec(["ss", "-H"] + OPTIONS[opts]["argv"] + args))
        return (completed.returncode, completed.stdout.decode("utf-8", "surrogateescape"),
                completed.stderr.decode("utf-8", "surrogateescape"))

    def close(self):
        for process in (self.worker, self.holder):
            if process is not None:
                process.kill()  # our own children, by their Popen handle
                process.wait()
        _run(["ip", "netns", "del", self.ns])
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def world():
    reason = live_skip_reason("ss")
    if reason:
        skip_live(reason)
    built = None
    try:
        built = World()
        yield built
    finally:
        if built is not None:
            built.close()
        else:
            _run(["ip", "netns", "del", "ssflt%d" % os.getpid()])


# ---- random filters -----------------------------------------------------------------

PORTS = [":22", "22", ":8080", ":80", ":443", ":53", ":5001", ":81", ":20001", ":0", ":*", "*",
         ":ssh", ":http", ":domain", ":nosuch", ":-1", ":70000", ":0x16", ":026", "1.2.3.4:22",
         ":2*", "[::1]:22", "unix:*", ":65535"]
HOSTS = ["127.0.0.1", "127.0.0.1:22", "127.0.0.0/8", "198.51.100.0/24", "198.51.100.1:80",
         "[::1]", "[::1]:8080", "[::ffff:127.0.0.1]", "[2001:db8::1]:443", "2001:db8::/32", "::/0",
         "0.0.0.0", "0.0.0.0/0", "*", "*:22", ":22", ":20001", "localhost", "vm", "nosuch.invalid",
         "unix:*", "unix:{D}/*", "unix:@*", "unix:", "unix:*B", "unix:*SOCK.?", "inet:127.0.0.1",
         "inet6:::1", "inet:0.0.0.0/0", "inet6:[::ffff:127.0.0.1]", "1.2.3.4/99", "::1", "default",
         "any", "127.1", "198.51.100.1/255.255.255.0", "2130706433", "[::1", "link:ip",
         "netlink:rtnl", "{D}/sock.a", "@ssflt*", "*sock*", "198.51.100.2/31", "[fe80::1%lo]",
         "0x7f000001", "2130706433", "LOCALHOST", "[localhost]:22"]
DEVICES = ["lo", "v0", "v1", "0", "1", "if2", "nosuchdev", "5"]
MARKS = ["7", "0x7", "0x100/0x100", "0/0", "abc", "7/", "0x6/0x6", "0"]
CGROUPS = ["/", "/nonexistent"]
STATE_WORDS = ["established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2", "time-wait",
               "closed", "close-wait", "last-ack", "listening", "closing", "all", "connected",
               "synchronized", "bucket", "big", "unconnected", "listen", "bogus", "ESTABLISHED"]
EQUALS = [None, "=", "==", "eq"]
PORT_OPS = EQUALS + ["!=", "ne", "neq", "<", "lt", ">", "gt", "<=", "le", "leq", ">=", "ge", "geq"]
AND_OR = [[], ["and"], ["&&"], ["&"], ["or"], ["||"], ["|"]]
GARBAGE = ["(", ")", "!", "=", "and", "or", "sport", "dst", "1.2.3.4", ":22", "dev", "autobound",
           ">=", "bogus", "not"]


def _words(parts):
    return [word for word in parts if word is not None]


condition = st.one_of(
    st.tuples(st.sampled_from(["sport", "dport"]), st.sampled_from(PORT_OPS), st.sampled_from(PORTS)),
    st.tuples(st.sampled_from(["src", "dst"]), st.sampled_from(EQUALS), st.sampled_from(HOSTS)),
    st.just(("autobound",)),
    st.tuples(st.just("dev"), st.sampled_from([None, "=", "!="]), st.sampled_from(DEVICES)),
    st.tuples(st.just("fwmark"), st.sampled_from([None, "=", "!="]), st.sampled_from(MARKS)),
    st.tuples(st.just("cgroup"), st.sampled_from([None, "=", "!="]), st.sampled_from(CGROUPS)),
).map(_words)

expression = st.recursive(condition, lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from(AND_OR), inner).map(lambda t: t[0] + t[1] + t[2]),
    st.tuples(st.sampled_from([["not"], ["!"]]), inner).map(lambda t: t[0] + t[1]),
    inner.map(lambda words: ["("] + words + [")"]),
), max_leaves=6)


@st.composite
def filters(draw):
    """(options, argv words): state words, an expression, maybe a mutation."""
    words = []
    for _ in range(draw(st.integers(0, 2))):
        words += [draw(st.sampled_from(["state", "exclude", "excl"])), draw(st.sampled_from(STATE_WORDS))]
    expr = draw(st.one_of(st.just([]), expression))
    mutation = draw(st.sampled_from(["none"] * 8 + ["drop", "insert", "glue", "one-arg"]))
    if mutation == "drop" and expr:
        del expr[draw(st.integers(0, len(expr) - 1))]
    elif mutation == "insert":
        expr.insert(draw(st.integers(0, len(expr))), draw(st.sampled_from(GARBAGE)))
    elif mutation == "glue" and len(expr) > 1:
        # `(sport` is one word for ss: an address, not a parenthesis
        at = draw(st.integers(0, len(expr) - 2))
        expr[at:at + 2] = [expr[at] + expr[at + 1]]
    elif mutation == "one-arg" and expr:
        expr = [" ".join(expr)]  # ss splits each argument at blanks
    return draw(st.sampled_from(sorted(OPTIONS))), words + expr


def _real_keys(out, one_state):
    first = 3 if one_state else 4  # with one state, ss drops the State column
    keys = set()
    for line in out.splitlines():
        fields = line.split()
        count = 4 if fields[0].startswith("u_") else 2
        keys.add(" ".join([fields[0]] + fields[first:first + count]))
    return keys


def _check(world, opts, args):
    args = [word.replace("{D}", world.dir) for word in args]
    status, out, err = world.real(opts, args)
    ours = world.ours(opts, args)
    where = "ss -H %s %s" % (" ".join(OPTIONS[opts]["argv"]), " ".join(args))
    if "error" in ours:
        message, ours_status, usage = ours["error"]
        assert status == ours_status, where
        if usage:
            assert err.startswith(message + "Usage: ss [ OPTIONS ]\n"), where
        else:
            assert err == message, where
        return
    rejected = ours["kernel_rejects"] and set(ours["families"]) & {2, 10}
    if rejected and status < 0:
        # The kernel refused the bytecode (a unix:/link: rule, then an inet
        # one); ss then filters /proc's sockets in userspace, reads their
        # addresses as unix name pointers, and may die of SIGSEGV.
        return
    noise = "RTNETLINK answers: Invalid argument\n"
    assert (status, err.replace(noise, "")) == (0, ""), where
    assert (noise in err) == bool(rejected), where
    states = ours["states"]
    real = _real_keys(out, states & (states - 1) == 0)
    expected = set(ours["keys"])
    if rejected:
        # ss falls back to /proc/net/tcp & co with userspace filtering; what
        # that shows depends on the kernel's /proc, so compare the rest.
        real = {k for k in real if not k.startswith(("tcp ", "udp "))}
        expected = {k for k in expected if not k.startswith(("tcp ", "udp "))}
    assert real == expected, where


@pytest.mark.live
@settings(max_examples=EXAMPLES)
@given(filters())
def test_random_filters_select_what_ss_selects(world, case):
    opts, args = case
    _check(world, opts, args)


@pytest.mark.live
@pytest.mark.parametrize("opts, text", [
    ("tables", "sport = :22"), ("tables", "dst 0.0.0.0"), ("tables", "not autobound"),
    ("tables", "src unix:{D}/* or src inet:127.0.0.1"), ("tables", "dev v0"),
    ("tables", "fwmark 0x100/0x100"), ("tables", "sport >= :70000"),
    ("tables", "src localhost"), ("x", "src {D}/*"), ("4", "src 0.0.0.0/0"),
    ("6", "src [::ffff:127.0.0.1]"), ("tables", "cgroup /"), ("tables", "state bogus"),
])
def test_fixed_filters_select_what_ss_selects(world, opts, text):
    _check(world, opts, text.split())


# ---- never a traceback ---------------------------------------------------------------

class QuietKernel:
    """Answers every lookup with "not found" (no machine, no DNS)."""

    def lookup(self, name, function, *args):
        if name == "if_nametoindex":
            return {"lo": 1}.get(args[0], 0)
        if name == "gethostbyname2":
            return ["127.0.0.1"] if args == ("localhost", F.AF_INET) else []
        if name == "cgroup2_id":
            return 0, "Failed to find cgroup2 mount\n"
        raise OSError("not found")

    def read_text(self, path, unit="lines", header_lines=0):
        raise FileNotFoundError(2, "No such file or directory")


VOCABULARY = (sorted(F._FIXED_WORDS) + PORTS + HOSTS + DEVICES + MARKS + CGROUPS + STATE_WORDS
              + ["state", "exclude", "excl", "link:all:lo", "netlink:0:kernel", "vsock:1:2",
                 "vsock:*:*", "[", "]", "\\", "*", ":", "/", "%", "@"])
SAMPLE_SOCKETS = [
    Sock("tcp", F.AF_INET, 1, b"\x7f\0\0\1", 22, b"\x7f\0\0\1", 40000, mark=3),
    Sock("tcp", F.AF_INET6, 10, bytes(16), 80),
    Sock("u_str", F.AF_UNIX, 1, "@abcde", 5, None, 6),
    Sock("u_dgr", F.AF_UNIX, 7, None, 7),
    Sock("p_raw", F.AF_PACKET, 7, None, 3, ifindex=1),
    Sock("nl", F.AF_NETLINK, 7, None, -5, protocol=0),
]

word = st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=12),
                 st.sampled_from(VOCABULARY).flatmap(lambda w: st.text(max_size=3).map(lambda t: w + t)))


@settings(max_examples=max(settings().max_examples, 400))
@given(st.lists(word, max_size=14), st.sampled_from([0, F.AF_UNIX, F.AF_INET, F.AF_INET6,
                                                     F.AF_PACKET, F.AF_NETLINK, F.AF_VSOCK]))
def test_parse_raises_only_filter_errors(words, family):
    if any("\0" in w for w in words):
        return  # not possible in argv
    env = Env(kernel=QuietKernel(), environ={})
    try:
        mask, expr = F.parse_args(words, env, preferred_family=family)
    except F.FilterError as err:
        assert err.message.endswith("\n") and err.status in (1, 255)
        return
    if expr is not None:
        expr.bytecode()
        for sock in SAMPLE_SOCKETS:
            assert expr.matches(sock) in (True, False)
