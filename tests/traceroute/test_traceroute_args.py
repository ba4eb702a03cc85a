"""traceroute's command line (pynettools/tools/traceroute/args.py) against
traceroute 2.1.2.

(a) unit tests of the record and of the C number parsing;
(b) the real traceroute and ours on many command lines, as `traceroute`,
    `traceroute6`, `tcptraceroute` and other names, comparing stdout,
    stderr and exit status exactly;
(c) Hypothesis: random sets of options, values and operands, the same way.

How (b) and (c) keep traceroute from the network: both run in one fresh
network namespace (unshare -n; a runner process there runs the real binary
and our parse() for each command line), which has only a loopback that is
down.  Where traceroute stops while reading its command line, the two must
print the same bytes.  Where our parse() succeeds, the real traceroute must
have gone on to open its sockets and failed there (exit 1: "connect: Network
is unreachable" and the like), and when it printed its header line first,
that line must be the one our record gives (name, address, max hops, packet
length).  Name lookups behave alike on both sides too: in the namespace a
DNS query fails at once ("Temporary failure in name resolution").
"""
import json
import os
import shutil
import socket
import subprocess
import sys

import pytest

from pynettools.tools.traceroute import args as A

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
H4, H6 = "198.51.100.1", "2001:db8::1"


# ---- (a) the record ----------------------------------------------------------

class Resolver(A.SystemResolver):
    """Numeric addresses as the system reads them; services and protocols
    from a table here (a machine without netbase has no /etc/services)."""

    def getservbyname(self, name):
        return {"http": 80, "domain": 53}.get(name)

    def getprotobyname(self, name):
        return {"tcp": 6, "udp": 17}.get(name)


def parse(*words, prog="traceroute", environ=None):
    return A.parse([prog] + list(words), environ=environ, resolver=Resolver())


def test_defaults():
    r = parse(H4)
    assert (r.af, r.method, r.max_hops, r.probes_per_hop, r.sim_probes) == (socket.AF_INET, "default", 30, 3, 16)
    assert (r.wait_secs, r.here_factor, r.near_factor, r.send_secs) == (5.0, 3.0, 10.0, 0.0)
    assert (r.dst_name, r.dst_addr.address, r.header_len, r.data_len) == (H4, H4, 28, 32)
    assert r.module_options == {}


def test_names_called_by():
    assert parse(H6, prog="/usr/bin/traceroute6").af == socket.AF_INET6
    assert parse(H4, prog="tcptraceroute").method == "tcp"
    r = parse(H6, prog="tcptraceroute6")
    assert (r.method, r.af, r.module_options["flags"]) == ("tcp", socket.AF_INET6, 0)
    assert parse(H4, prog="tracert").method == "icmp"


def test_values_and_derived_settings():
    r = parse("-n", "-q3", "-w", "2,1.5", "-z", "50", "-m", "0x10", "-f", "010", H4, "100")
    assert (r.noresolve, r.probes_per_hop, r.max_hops, r.first_hop) == (1, 3, 16, 8)
    assert (r.wait_secs, r.here_factor, r.near_factor) == (2.0, 1.5, 0.0)
    assert r.send_secs == 0.05                       # over 10: milliseconds
    assert (r.packet_len, r.data_len) == (100, 72)
    r = parse("--sport=http", "-6", "-t", "0x12", "-l", "5", "2001:db8::2")
    assert (r.src_port, r.sim_probes, r.here_factor) == (80, 1, 0.0)
    assert (r.src_addr.address, r.src_addr.port) == ("::", 80)
    assert r.dst_addr.flowinfo == (0x12 << 20) | 5
    r = parse("--mtu", "-P", "udp", H4)
    assert (r.method, r.module_options, r.dontfrag, r.packet_len) == ("raw", {"protocol": 17}, 1, 65000)


def test_gateways_and_module_options():
    r = parse("-g", "198.51.100.7,198.51.100.8", H4)
    assert [g.address for g in r.gateways] == ["198.51.100.7", "198.51.100.8"]
    assert (r.rtbuf_len, r.header_len) == (16, 44)
    r = parse("-6", "-g", "0,2001:db8::7", H6)
    assert (r.ipv6_rthdr_type, r.rtbuf_len) == (0, 24)
    r = parse("-T", "-O", "ack,fl=0x12", "-O", "ecn,mss=1400", H4)
    assert r.module_options == {"flags": A.FL_FLAGS | A.FL_ECN | 0x12, "sysctl": 0,
                                "reuse": 0, "mss": 1400, "info": 0}
    assert parse("-I", "-O", "dgram", H4).module_options == {"raw": 0, "dgram": 1}


def test_exits():
    with pytest.raises(A.TracerouteExit) as e:
        parse("-q", "0", "-V", H4)
    assert (e.value.code, e.value.stderr) == (0, A.VERSION_TEXT + "\n")
    with pytest.raises(A.TracerouteExit) as e:
        parse()
    assert e.value.code == 0 and e.value.stderr.startswith("Usage:\n  traceroute [ -46dFITnreAUDV ]")
    with pytest.raises(A.TracerouteExit) as e:
        parse("-q3x", H4)
    assert (e.value.code, e.value.stderr) == (2, "Cannot handle `-q' option with arg `3x' (argc 1)\n")


def test_c_numbers():
    assert A.c_strtol(" -1") == (2 ** 64 - 1, 3)
    assert A.c_strtol("0x") == (0, 1) and A.c_strtol("08") == (0, 1)
    assert A.c_strtol("99999999999999999999", unsigned=False) == (2 ** 63 - 1, 20)
    assert A.c_int(2 ** 63 - 1) == -1
    assert A.c_strtod("0x1p4x") == (16.0, 5)
    assert A.c_strtod("-INFINITY") == (float("-inf"), 9)
    assert A.c_strtod("1e") == (1.0, 1) and A.c_strtod("e1") == (0.0, 0)
    assert A.c_g(A.c_strtod("-nan")[0]) == "-nan"


# ---- (b) side by side with the real traceroute ----------------------------------

# The runner: in the namespace, for each JSON line [argv0, words, environ],
# run the real traceroute and our parse(); answer one JSON line.
RUNNER = r"""
import json, subprocess, sys
from pynettools.tools.traceroute import args as A
exe = sys.argv[1]
def dec(b):
    return b.decode("utf-8", "surrogateescape")
for line in sys.stdin:
    argv0, words, environ = json.loads(line)
    words = [w.encode("utf-8", "surrogateescape") for w in words]
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C.UTF-8"}
    env.update(environ)
    try:
        r = A.parse([argv0] + [dec(w) for w in words], environ=environ)
        ours = {"header": "traceroute to %s (%s), %u hops max, %u byte packets"
                % (r.dst_name, r.dst_addr.address, r.max_hops, r.header_len + r.data_len),
                "method": r.method, "forever": r.send_secs == float("inf")}
    except A.TracerouteExit as e:
        ours = [e.stdout, e.stderr, e.code]
    try:
        # "-z inf": the real traceroute waits forever before its first probe
        p = subprocess.run([argv0.encode()] + words, executable=exe, env=env,
                           capture_output=True,
                           timeout=0.5 if isinstance(ours, dict) and ours["forever"] else 5)
        real = [dec(p.stdout), dec(p.stderr), p.returncode]
    except subprocess.TimeoutExpired:
        real = ["", "timeout", -1]
    print(json.dumps([real, ours]), flush=True)
"""


def _real_traceroute_or_skip():
    from tests.conftest import skip_live

    if shutil.which("traceroute", path="/usr/sbin:/usr/bin") is None:
        skip_live("traceroute is not installed")
    if os.geteuid() != 0:
        skip_live("unshare -n (no network for the real traceroute) needs root")


class Runner:
    def __init__(self):
        exe = os.path.realpath(shutil.which("traceroute", path="/usr/sbin:/usr/bin"))
        env = dict(os.environ, PYTHONPATH=ROOT)
        self.proc = subprocess.Popen(["unshare", "-n", sys.executable, "-c", RUNNER, exe],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     env=env, universal_newlines=True)

    def run(self, words, argv0="traceroute", environ=None):
        self.proc.stdin.write(json.dumps([argv0, list(words), environ or {}]) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def runner():
    _real_traceroute_or_skip()
    r = Runner()
    yield r
    r.close()


def check(runner, words, argv0="traceroute", environ=None):
    real, ours = runner.run(words, argv0, environ)
    where = (argv0, words, environ)
    if isinstance(ours, list):
        assert ours == real, where
        return
    # our parse went through: the real one must have failed past its parse
    if ours["forever"]:
        assert real == ["", "timeout", -1], where
        return
    assert real[2] == 1 and real[1].startswith("\n"), (where, real, ours)
    if real[0]:
        assert real[0] == ours["header"], where
    else:
        assert ours["method"] not in ("default", "udp", "udplite", "tcpconn"), (where, real)


GW9 = ",".join("198.51.100.%d" % n for n in range(10, 19))
GW128 = ",".join("198.51.100.%d" % (n % 250) for n in range(128))
LONG79 = "a" * 79

CASES = [
    # help, version, nothing at all
    "", "--help", "-V", "--version", "-V -x", "-x -V", "--he", "--help=1", "-q 0 -V",
    "-n --help", "--vers", "-Vn", "-nV",
    # operands
    H4, "%s 60" % H4, "%s 60 x" % H4, "%s 60 x y" % H4, "---x", "-", "--", "-- -n",
    "-n -- %s 70" % H4, "-- %s -q" % H4, "localhost", "nosuch.invalid", "1.2.3.4.5",
    "256.1.1.1", "0x7f.1", "a..b", "::ffff:198.51.100.1", "-6 ::ffff:198.51.100.1",
    "-4 ::ffff:198.51.100.1", "-4 %s" % H6, "-6 %s" % H4, "-4 -6 %s" % H6, "%s 0" % H6,
    # packetlen
    "%s -5" % H4, "%s 65000" % H4, "%s 65001" % H4, "%s 0x10" % H4, "%s 1e3" % H4,
    "%s 99999999999999999999" % H4, "%s 4294967296" % H4, "%s 2147483648" % H4,
    "%s 8589934591" % H4, "%s ' 7'" % H4, "%s 7x" % H4, "%s ''" % H4, "--mtu %s 70000" % H4,
    # each option's value missing
    "-f", "-g", "-i", "-m", "-N", "-p", "-t", "-l", "-w", "-q", "-s", "-z", "-M", "-O", "-P",
    "--first", "--gateway", "--interface", "--max-hops", "--sim-queries", "--port", "--tos",
    "--flowlabel", "--wait", "--queries", "--source", "--sendwait", "--module", "--options",
    "--protocol", "--sport", "--fwmark", "--queries 3 %s" % H4, "--first= %s" % H4,
    "%s -q" % H4, "-n %s -m" % H4,
    # values out of range or unreadable
    "-f x %s" % H4, "-f 0 %s" % H4, "-f 31 %s" % H4, "-f 30 %s" % H4, "-m 256 %s" % H4,
    "-m 255 -f 255 %s" % H4, "-m 0 %s" % H4, "-q 11 %s" % H4, "-q 10 %s" % H4,
    "-q 0 %s" % H4, "-N 0 %s" % H4, "-N x %s" % H4, "-q -1 %s" % H4, "-m 4294967296 %s" % H4,
    "-m 0x100 %s" % H4, "-m 0xff %s" % H4, "-m 0377 %s" % H4, "-m 09 %s" % H4,
    "-q ' 3' %s" % H4, "-q '3 ' %s" % H4, "-q +3 %s" % H4,
    "-w x %s" % H4, "-w 1, %s" % H4, "-w 1,2, %s" % H4, "-w 1,2,3, %s" % H4,
    "-w 1,2,3x %s" % H4, "-w -1 %s" % H4, "-w 1,-2 %s" % H4, "-w 1,2,-3 %s" % H4,
    "-w 1x2x3 %s" % H4, "-w inf %s" % H4, "-w -inf,nan %s" % H4, "-w -nan,-1 %s" % H4,
    "-w 0x10,1e1,-0x1p-3 %s" % H4, "-w 1e400,-1e400 %s" % H4, "-w .5,5.,-.5 %s" % H4,
    "-w '1 2 3' %s" % H4, "-w 1,,2 %s" % H4, "-w 2.5e-3,1e-320,-1e-400 %s" % H4,
    "-z -1 %s" % H4, "-z 10 %s" % H4, "-z -1e999 %s" % H4, "-z 1e999 %s" % H4, "-z nan %s" % H4, "-z -0 %s" % H4,
    "-z x %s" % H4, "-z 1x %s" % H4, "-z -1e-300 %s" % H4, "-z -infinity %s" % H4,
    "-z -0x1.8p1 %s" % H4, "-z -NaN(12) %s" % H4, "-z -nan(x %s" % H4,
    "-t 256 %s" % H4, "-t -1 %s" % H4, "-t x %s" % H4, "-l 0xfffff %s" % H6, "-l x %s" % H4,
    "--fwmark=1 %s" % H4, "--fwmark=x %s" % H4, "--fwmark= %s" % H4,
    "--sport=80 %s" % H4, "--sport=http %s" % H4, "--sport=nosuchsvc %s" % H4,
    "--sport= %s" % H4, "-p domain %s" % H4, "-p 99999 %s" % H4, "-p -1 %s" % H4,
    "-p 80x %s" % H4, "-p '' %s" % H4, "-p ' ' %s" % H4, "-p 0x %s" % H4,
    # addresses: source, families, gateways
    "-s 198.51.100.9 %s" % H6, "-6 -s 198.51.100.9 %s" % H6, "-s ::1 -4 %s" % H4,
    "-s x..y %s" % H4, "-s '' %s" % H4, "-s nosuch.invalid %s" % H4, "-s 198.51.100.9 %s" % H4,
    "-s 198.51.100.9 -s 2001:db8::9 %s" % H4, "-6 -s ::ffff:1.2.3.4 %s" % H6,
    "-g 198.51.100.7 %s" % H4, "-g 198.51.100.7,198.51.100.8 %s" % H4, "-g %s %s" % (GW9, H4),
    "-g ,198.51.100.7 %s" % H4, "-g 2001:db8::2 %s" % H4, "-6 -g 0,2001:db8::2 %s" % H6,
    "-6 -g 2001:db8::2,2001:db8::3 %s" % H6, "-6 -g ,2001:db8::2 %s" % H6,
    "-g %s %s" % (GW128, H4), "-g %s %s" % ("b" * 80, H4), "-g %s %s" % (LONG79, H4),
    "-g ' 198.51.100.7' %s" % H4, "-g '198.51.100.7 198.51.100.8' %s" % H4,
    "-g 198.51.100.7 -g 198.51.100.8 %s" % H4, "-g '' %s" % H4, "-g nosuch.invalid %s" % H4,
    "-g 198.51.100.7 -g x..y -g 1.2.3.4,2001:db8::1 %s" % H4, "--gateway=1.2.3.4 %s" % H4,
    # methods and their options
    "-I %s" % H4, "-T %s" % H4, "-U %s" % H4, "-UL %s" % H4, "-D %s" % H4, "-P 6 %s" % H4,
    "-P tcp %s" % H4, "-P nosuch %s" % H4, "-P '' %s" % H4, "-P 6,7 %s" % H4,
    "-M icmp %s" % H4, "-M ICMP %s" % H4, "-M xx %s" % H4, "-M '' %s" % H4,
    "-M tcpconn %s" % H4, "-M raw %s" % H4, "-M default %s" % H4, "-M UDPLite %s" % H4,
    "-O help", "-T -O help", "-I -O help", "-UL -O help", "-D -O help", "-P 6 -O help",
    "-M tcpconn -O help", "-M xx -O help", "-M Tcp -O help", "-O raw,help -I",
    "-I -O help,x", "-O help -I", "--options=help", "-q 0 -O help %s" % H4,
    "-I -O raw,dgram %s" % H4, "-I -O raw -O dgram %s" % H4, "-I -O bogus %s" % H4,
    "-O bogus %s" % H4, "-I -O dgram %s" % H4, "-I -O raw %s" % H4,
    "-T -O syn,ack,flags=0x12 %s" % H4, "-T -O flags %s" % H4, "-T -O flags= %s" % H4,
    "-T -O flags=x %s" % H4, "-T -O fl=3 %s" % H4, "-T -O f=3 %s" % H4,
    "-T -O ti,win %s" % H4, "-T -O t %s" % H4, "-T -O mss=1400 %s" % H4, "-T -O mss=x %s" % H4,
    "-T -O mss %s" % H4, "-T -O info=1 %s" % H4, "-T -O --syn %s" % H4, "-T -O -s %s" % H4,
    "-T -O - %s" % H4, "-T -O '' %s" % H4, "-T -O ,syn %s" % H4, "-T -O syn, %s" % H4,
    "-T -O 'syn ack' %s" % H4, "-T -O sysctl,reuse,info,ecn,sack %s" % H4,
    "-T -O %s %s" % (LONG79, H4), "-T -O %s %s" % ("c" * 80, H4),
    "-UL -O coverage=10 %s" % H4, "-UL -O cov=x %s" % H4, "-UL -O co=1 %s" % H4,
    "-D -O service=5 %s" % H4, "-D -O serv %s" % H4, "-D -O service=-1 %s" % H4,
    "-P 6 -O protocol=17 %s" % H4, "-P 6 -O protocol=nosuch %s" % H4, "-P 6 -O pro=udp %s" % H4,
    "-I -P 6 %s" % H4, "-P 6 -I %s" % H4, "-O protocol=6 -M raw %s" % H4,
    "-T " + " ".join(["-O syn"] * 15) + " " + H4, "-T " + " ".join(["-O syn"] * 16) + " " + H4,
    "-T -O " + ",".join(["ack"] * 16) + " " + H4, "-T " + " ".join(["-O syn"] * 15) + " -P 6 " + H4,
    "-P %s %s" % ("9" * 1100, H4), "-P %s -I %s" % ("9" * 1100, H4),
    # grouping, long names, abbreviations, one-dash long option
    "-nFI %s" % H4, "-nq3 %s" % H4, "-q3 %s" % H4, "-nq 3 %s" % H4, "-nqx %s" % H4, "-nx",
    "-ULn %s" % H4, "-nUL %s" % H4, "-Un %s" % H4, "-46 %s" % H6, "-dFnreA %s" % H4,
    "-In -O help", "-q3n %s" % H4, "-ULx", "-UL=1 %s" % H4, "-Ix", "-n-q %s" % H4,
    "--dont %s" % H4, "--dont-fragment %s" % H4, "--d %s" % H4, "--de %s" % H4,
    "--debug %s" % H4, "--debug=1 %s" % H4, "--ext %s" % H4, "--e %s" % H4, "--ex=1 %s" % H4,
    "--icmp %s" % H4, "--tcp %s" % H4, "--udp %s" % H4, "--dccp %s" % H4, "--UL %s" % H4,
    "--mtu %s" % H4, "--back %s" % H4, "--mt %s" % H4, "--protocol=6 %s" % H4,
    "--queries=3 %s" % H4, "--sim-queries=2 %s" % H4, "--interface=nosuchdev %s" % H4,
    "--source=198.51.100.9 %s" % H4, "--wait=1,2,3 %s" % H4, "--sendwait=5 %s" % H4,
    "--extensions %s" % H4, "--as-path-lookups %s" % H4, "--module=icmp %s" % H4,
    "--port=80 %s" % H4, "--tos=1 %s" % H4, "--flowlabel=1 %s" % H6, "--max-hops=5 %s" % H4,
    "--=x", "---", "--xyz=4", "--que=3", "--queries=3=4 %s" % H4, "+n %s" % H4,
    "-i nosuchdev %s" % H4, "-i '' %s" % H4, "-A %s" % H4, "-e -r %s" % H4,
    "-T -p 22 %s" % H4, "-U -p 53 %s" % H6, "-6 -UL %s" % H6, "-I -6 %s" % H6,
]

NAMED = [
    ("traceroute6", H4), ("traceroute6", H6), ("/usr/bin/traceroute6", ""),
    ("tcptraceroute", H4), ("tcptraceroute", "-O help"), ("tcptraceroute6", H4),
    ("tracert", "-O help"), ("tracert", H4), ("traceroute4", H6), ("x/", H4), ("6", H4),
    ("/usr/sbin/traceroute", "--help"), ("trace", "-x"), ("tcp", "-M udp -O help"),
    ("traceroute6", "-4 %s" % H4), ("traceroute6", "-s 198.51.100.9 %s" % H6),
]

POSIX = ["%s -n" % H4, "-nq 3 %s" % H4, "-q 3 %s" % H4, "-nq3 %s" % H4, "%s 60 -x" % H4,
         "-n %s -- 60" % H4, "-q3 %s" % H4]


def _split(case):
    import shlex

    return shlex.split(case)


def test_command_lines_match_real_traceroute(runner):
    for case in CASES:
        check(runner, _split(case))


def test_names_called_by_match_real_traceroute(runner):
    for argv0, case in NAMED:
        check(runner, _split(case), argv0=argv0)


def test_posixly_correct_matches_real_traceroute(runner):
    for case in POSIX:
        check(runner, _split(case), environ={"POSIXLY_CORRECT": "1"})


def test_odd_words_match_real_traceroute(runner):
    """Words beyond argv[255], and bytes that are not UTF-8 or are several
    bytes long (C's groups and limits count bytes)."""
    check(runner, ["-n"] * 254 + [H4])
    check(runner, ["-n"] * 255 + [H4])
    check(runner, ["-n"] * 300 + [H4])
    check(runner, ["-\u00e9"])
    check(runner, ["-n\udcff", H4])
    check(runner, ["-w", "5\u00e93", H4])
    check(runner, ["-w", "5\udcff3", H4])
    check(runner, ["-g", "\u00e9" * 40, H4])
    check(runner, ["-g", "\u00e9" * 39 + "a", H4])
    check(runner, ["-T", "-O", "fl\u00e9=1", H4])
    check(runner, ["-M", "\u00c9", "-O", "help"])
    check(runner, ["-P", "\u00e9" * 600, "-I", H4])
    check(runner, ["--d\u00e9bug", H4])
    # numbers of thousands of digits (C saturates; Python's int() would refuse)
    check(runner, ["-q", "1" * 5000, H4])
    check(runner, ["-m", "0" * 60 + "17", H4])
    check(runner, [H4, "9" * 5000])
    check(runner, ["-w", "1" * 5000 + ",-" + "2" * 400, H4])
    check(runner, ["-p", "0x" + "f" * 5000, "-P", "-" + "9" * 5000, H4])


# ---- (c) random option sets --------------------------------------------------

if given is not None:
    FLAGS = ["-4", "-6", "-d", "-F", "-I", "-T", "-n", "-r", "-e", "-A", "-U", "-UL", "-D",
             "--mtu", "--back", "--debug", "--dont", "--icmp", "--tcp", "--udp", "--dccp",
             "--ext", "--as-path-lookups"]
    VALUED = ["-f", "-g", "-i", "-m", "-N", "-p", "-t", "-l", "-w", "-q", "-s", "-z", "-M",
              "-O", "-P", "--first=", "--gateway=", "--max-hops=", "--sim-queries=",
              "--port=", "--tos=", "--wait=", "--queries=", "--source=", "--sendwait=",
              "--module=", "--options=", "--protocol=", "--sport=", "--fwmark="]
    VALUES = ["0", "1", "3", "10", "11", "30", "255", "256", "-1", "0x10", "010", "x", "",
              "1,2", "1,2,3", "2.5", "-2", "nan", "inf", "1e3", "http", H4, H6,
              "198.51.100.7,198.51.100.8", "syn,ack", "flags=3", "raw", "dgram", "icmp",
              "tcp", "udp", "udplite", "dccp", "raw,dgram", "mss=9", "coverage=1",
              "service=2", "protocol=6", "localhost", "lo"]
    OPERANDS = [H4, H6, "localhost", "60", "-5", "65001", "x..y", "::ffff:1.2.3.4"]

    @st.composite
    def option_words(draw):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            return [draw(st.sampled_from(FLAGS))]
        if kind == 1:
            # a group of letters, maybe ending in one that takes a value
            letters = draw(st.lists(st.sampled_from("46dFITnreAUDVfmqNw"), min_size=1, max_size=4))
            return ["-" + "".join(letters), draw(st.sampled_from(VALUES))]
        name, value = draw(st.sampled_from(VALUED)), draw(st.sampled_from(VALUES))
        if name.endswith("="):
            return [name + value]
        if kind == 2 and name[1] in "fmqNpwtz" and value:
            return [name + value]                      # joined: "-q3"
        return [name, value]

    EXAMPLES = max(settings().max_examples, 300)     # about 10 ms each

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None)
    @given(st.lists(option_words(), max_size=5), st.lists(st.sampled_from(OPERANDS), max_size=3),
           st.sampled_from(["traceroute", "traceroute6", "tcptraceroute"]))
    def test_random_option_sets_match_real_traceroute(runner, options, operands, argv0):
        words = [w for group in options for w in group if w != "-V" and w != "--help"]
        check(runner, words + operands, argv0=argv0)
