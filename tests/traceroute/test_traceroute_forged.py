"""Forged answers to traceroute's probes: drawn at random, the real traceroute and ours print the same.

A two-namespace lab: main (198.51.100.1) and, one hop away, a peer
(198.51.100.2, and OTHER .3) whose kernel sends no port unreachable of its
own nor any echo reply; tests/traceroute/probe_responder.py there answers
each probe as Hypothesis drew it: the destination's port unreachable, nothing, an
unreachable of any code, frag needed with an MTU, a time exceeded (as if a
router had answered), an answer from OTHER, a parameter problem, an
unreachable whose quote is cut short or whose checksum is wrong (which the
kernel drops; IPv6 fills in every ICMPv6 checksum itself).  Drawn too: IPv4
or IPv6 (2001:db8::2, OTHER 2001:db8::3), -I (ICMP echo probes: "reached"
is an echo reply), -q 1..3, -m 1..4, -f, -N 1 or 16, --back.

The real traceroute runs, then ours, against the same answers.  Standard
output must be the same but each probe's time ("%.3f ms", printed the same
way on both sides, and within the pair's window), standard error and the
exit status exactly; ours never prints a traceback and never hangs (30 s).
Every probe is sent at once (or one at a time with -N 1) to a host one hop
away, and -w 0.3 alone waits 0.3 s for each, no less: what traceroute
prints depends on the answers only.

Cost: under a second an example; PYNETTOOLS_TRACEROUTE_FORGED examples
(default 12).  Skipped while `traceroute` is not in pynettools.cli.TOOLS,
unless PYNETTOOLS_TRACEROUTE_FORGED_OURS=CMD names a command to run as ours
("traceroute": the real one against itself, to try the test itself).
"""
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import require_live_or_skip, skip_live

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = int(os.environ.get("PYNETTOOLS_TRACEROUTE_FORGED", "12"))
OURS = os.environ.get("PYNETTOOLS_TRACEROUTE_FORGED_OURS")
HOST, PEER, OTHER = "198.51.100.1", "198.51.100.2", "198.51.100.3"
HOST6, PEER6, OTHER6 = "2001:db8::1", "2001:db8::2", "2001:db8::3"
MARK = 0x70  # probe_responder.py's


def real_traceroute():
    return shutil.which("traceroute.db", path="/usr/bin:/bin") or "traceroute"


@pytest.fixture(scope="module")
def lab():
    require_live_or_skip()
    missing = [p for p in ("traceroute", "nft") if shutil.which(p, path="/usr/sbin:/usr/bin:/sbin:/bin") is None]
    if missing:
        skip_live("the forged-answer test needs %s (apt-get install traceroute nftables)" % ", ".join(missing))
    from tests.lab import Lab, Topology
    from tests.lab.topology import mac

    topology = Topology("peer")
    topology.veth("west", mac(0x7201), "east", mac(0x7202), ns="main", peer_ns="peer")
    topology.address("west", HOST + "/24", ns="main")
    topology.address("east", PEER + "/24", ns="peer").address("east", OTHER + "/24", ns="peer")
    topology.address("west", HOST6 + "/64", ns="main")
    topology.address("east", PEER6 + "/64", ns="peer").address("east", OTHER6 + "/64", ns="peer")
    for ns in ("main", "peer"):  # no DAD: the addresses are usable at once
        for scope in ("all", "default"):
            topology.sysctl("net.ipv6.conf.%s.accept_dad" % scope, "0", ns=ns)
    topology.sysctl("net.ipv4.icmp_ratelimit", "0", ns="peer")
    topology.sysctl("net.ipv6.icmp.ratelimit", "0", ns="peer")
    # -I: the responder answers the echo requests, not the kernel
    topology.sysctl("net.ipv4.icmp_echo_ignore_all", "1", ns="peer")
    topology.sysctl("net.ipv6.icmp.echo_ignore_all", "1", ns="peer")
    # the peer's own port unreachables would answer every probe before the responder
    topology.nft("table inet forged {\n    chain output {\n"
                 "        type filter hook output priority 0; policy accept;\n"
                 "        meta mark != 0x%x icmp type destination-unreachable drop\n"
                 "        meta mark != 0x%x icmpv6 type destination-unreachable drop\n    }\n}\n"
                 % (MARK, MARK), ns="peer")
    with Lab(topology.spec) as built:
        yield built


class Responder:
    def __init__(self, lab, pattern):
        words = ",".join("%s:%d" % answer for answer in pattern)
        command = lab.command([sys.executable, os.path.join(HERE, "probe_responder.py"), OTHER + "/" + OTHER6, words],
                              role="peer")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        if self.process.stdout.readline() != b"ready\n":
            self.close()
            raise AssertionError("the responder did not start")

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---- what is drawn -----------------------------------------------------------------------

ANSWERS = st.one_of(
    st.tuples(st.just("port"), st.just(0)),
    st.tuples(st.just("drop"), st.just(0)),
    st.tuples(st.just("unreach"), st.integers(0, 15)),
    st.tuples(st.just("frag"), st.sampled_from([0, 68, 576, 1280, 1400, 65535])),
    st.tuples(st.just("timex"), st.just(0)),
    st.tuples(st.just("other"), st.sampled_from([3, 1, 13])),
    st.tuples(st.just("param"), st.just(0)),
    st.tuples(st.just("cut"), st.integers(0, 27)),
    st.tuples(st.just("sum"), st.just(0)),
)


@st.composite
def traces(draw):
    """(answers for the probes in the order they are sent, options)."""
    queries = draw(st.integers(1, 3))
    max_hops = draw(st.integers(1, 4))
    first = draw(st.integers(1, max_hops))
    options = ["-n", "-w", "0.3", "-q", str(queries), "-m", str(max_hops)]
    if draw(st.booleans()):
        options.append("-I")
    if first > 1:
        options += ["-f", str(first)]
    if draw(st.booleans()):
        options += ["-N", "1"]
    if draw(st.booleans()):
        options.append("--back")
    pattern = [draw(ANSWERS) for _ in range(queries * (max_hops - first + 1))]
    return pattern, options, draw(st.sampled_from([PEER, PEER6]))


# ---- the comparison ----------------------------------------------------------------------

_TIME = re.compile(rb"  (\d+\.\d{3}) ms")


def compare_stdout(want, have, window):
    """None, or why `have` is not `want` but for its probe times, each a
    "%.3f" within the window."""
    if _TIME.sub(b"  T ms", want) != _TIME.sub(b"  T ms", have):
        return "the bytes differ beyond the probes' times"
    for text in _TIME.findall(want) + _TIME.findall(have):
        if float(text) > window * 1000:
            return "a probe took %s ms, longer than the runs (%.3f ms)" % (text.decode(), window * 1000)
    return None


PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@PROPERTY
@given(drawn=traces())
def test_forged_answers_print_as_traceroute(lab, drawn):
    from pynettools.cli import TOOLS

    ours_command = OURS.split() if OURS else [sys.executable, "-m", "pynettools", "traceroute"]
    if not OURS and "traceroute" not in TOOLS:
        pytest.skip("our traceroute is not in pynettools.cli.TOOLS yet")
    pattern, options, destination = drawn
    env = dict(os.environ, PYTHONPATH=ROOT)
    with Responder(lab, pattern):
        started = time.monotonic()
        real = lab.run([real_traceroute()] + options + [destination], env=env, cwd=ROOT, timeout=30)
        ours = lab.run(ours_command + options + [destination], env=env, cwd=ROOT, timeout=30)
        window = time.monotonic() - started
    what = "pattern %s\ntraceroute %s %s\n--- real:\n%s%s--- ours:\n%s%s" % (
        pattern, " ".join(options), destination, real.stdout.decode(errors="replace"), real.stderr.decode(errors="replace"),
        ours.stdout.decode(errors="replace"), ours.stderr.decode(errors="replace"))
    assert b"Traceback" not in ours.stderr and b"internal error" not in ours.stderr, what
    assert ours.exit == real.exit, what
    assert ours.stderr == real.stderr, what
    problem = compare_stdout(real.stdout, ours.stdout, window)
    assert problem is None, "stdout: %s\n%s" % (problem, what)


# ---- the responder's answers, without a lab (no root) ------------------------------------

def _probe(family, index, echo=False):
    """traceroute's probe number `index` (from 0) with its IP header: UDP to 33434 + index, or an echo request."""
    import struct

    if echo:
        payload = struct.pack("!BBHHH", 8 if family == 4 else 128, 0, 0, 0x4242, index + 1) + bytes(32)
    else:
        payload = struct.pack("!HHHH", 40000, 33434 + index, 40, 0) + bytes(32)
    protocol = (1 if family == 4 else 58) if echo else 17
    if family == 4:
        return bytes([0x45, 0, 0, 20 + len(payload), 0, 0, 0, 0, 1, protocol, 0, 0]) + bytes(8) + payload
    return bytes([0x60, 0, 0, 0, 0, len(payload), protocol, 1]) + bytes(32) + payload


def test_responder_answers_as_told():
    from tests.traceroute import probe_responder as responder

    for family in (4, 6):
        unreachable, exceeded, parameter = (3, 11, 12) if family == 4 else (1, 3, 4)
        pattern = responder.read_pattern("port:0,drop:0,unreach:13,frag:1280,timex:0,other:1,param:0,cut:4,sum:0")

        def answer(index, echo=False):
            return responder.answer(_probe(family, index, echo), pattern, family)

        quote = _probe(family, 0)[:(20 if family == 4 else 40) + 8]
        assert answer(0) == (False, answer(0)[1]) and answer(0)[1][:2] == bytes([unreachable, 3 if family == 4 else 4])
        assert answer(0)[1][8:] == quote and responder.checksum(answer(0)[1]) == 0
        assert answer(1) is None and answer(9) is None
        assert answer(2)[1][:2] == bytes([unreachable, 13])
        frag = answer(3)[1]  # frag needed / packet too big, MTU 1280 (0x0500) in the last bytes of the header
        assert frag[:2] == (bytes([3, 4]) if family == 4 else bytes([2, 0])) and frag[4:8] == bytes([0, 0, 5, 0])
        assert answer(4)[1][0] == exceeded and answer(5)[0] is True and answer(6)[1][0] == parameter
        assert len(answer(7)[1]) == 12 and responder.checksum(answer(8)[1]) != 0
        echo_reply = answer(0, echo=True)[1]
        assert echo_reply[:2] == bytes([0 if family == 4 else 129, 0]) and echo_reply[4:8] == b"\x42\x42\x00\x01"
