"""ping's statistics, exactly: drawn loss, duplicates and round-trip times, iputils' numbers.

Hypothesis draws a pattern for `ping -c N` (N up to 8): for each icmp_seq,
drop the request, answer it, or answer it twice, and how many microseconds
the answer's round trip should take (from 0 up to 3000 s); and how ping is
run: -i 0.02, -i 0 or -f (the last two print ipg/ewma, and -f its dots).  A two-namespace
lab (main 198.51.100.1 -- peer 198.51.100.2, whose kernel answers no echo
request) runs tests/ping/stats_responder.py in the peer, which follows the
pattern: it moves the send time echoed in each answer back by the drawn
microseconds, so ping measures the drawn time plus the real round trip.

Each ping runs under strace, which shows, byte for byte, every request it
sends and every reply it reads with the kernel's receive time stamp
(SO_TIMESTAMP): the exact microseconds each side measured.  model() is
iputils 20221126's arithmetic (gather_statistics(), finish(), llsqrt(), the
reply line's rounding: facts from ping_common.c) applied to them, and it
must give:
  * the real ping's whole standard output, byte for byte, but the "time
    Nms" of the summary and ipg (the run's length: within the measured
    window, and ipg consistent with it); the ewma too, overflows of its C
    int included;
    that checks the model, the lab and the strace reading on every example;
  * our ping's whole output the same way on its own run, with the same
    counts as the real one's (transmitted, received, duplicates, loss
    percent, exit status) and the same reply lines but their times: so our
    counts, percentages and min/avg/max/mdev are iputils' for the same
    round trips.
The counts also equal what the pattern says, and each measured round trip
lies between the drawn time and the drawn time plus the run's length.

Cost: about 0.15 s an example for the real ping alone, twice that and our
start-up with ours; the number of examples is PYNETTOOLS_PING_STATS (default
16 for each test), e.g. 500 for a long local run.  Live only (root,
namespaces, strace: .ci/run installs it).  While `ping` is not in
pynettools.cli.TOOLS, the test of ours is skipped: it needs our ping.
PYNETTOOLS_PING_STATS_OURS=CMD runs CMD as ours (e.g. "ping": the real
ping on both sides, to try the test itself).
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import pytest

from tests.conftest import require_live_or_skip, skip_live

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = int(os.environ.get("PYNETTOOLS_PING_STATS", "16"))
# another command as "ours" (PYNETTOOLS_PING_STATS_OURS=ping: the real one on both sides)
OURS = os.environ.get("PYNETTOOLS_PING_STATS_OURS")
HOST, PEER = "198.51.100.1", "198.51.100.2"
HOST6, PEER6 = "2001:db8::1", "2001:db8::2"
# strace does not show IPV6_HOPLIMIT's data: the peer's answers leave with 64
# (its raw socket's default hop limit) and cross no router
HOPLIMIT6 = 64
INTERVAL_MS = 20
LONG_MAX = 2 ** 63 - 1
INT_MAX = 2 ** 31 - 1
# The largest drawn round trip: tmavg * tmavg must stay within a C long.
BIGGEST = 3 * 10 ** 9
STRACE = ["strace", "-f", "-qq", "-e", "trace=sendto,sendmsg,recvmsg", "-xx", "-s", "1024"]


# ---- iputils' arithmetic -------------------------------------------------------------

def c_div(a, b):
    """C's integer division (towards zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def c_mod(a, b):
    return a - b * c_div(a, b)


def llsqrt(a):
    """ping_common.c's integer square root (Newton); a value <= 0 comes back as is."""
    prev, x = LONG_MAX, a
    if x > 0:
        while x < prev:
            prev = x
            x = c_div(x + c_div(a, x), 2)
    return x


def ms3(value):
    """%ld.%03ld of value / 1000, value % 1000 (C's division)."""
    return "%d.%03d" % (c_div(value, 1000), c_mod(value, 1000))


def time_field(triptime):
    """The reply line's time=, rounded as the reply printer does."""
    if triptime >= 100000 - 50:
        return "time=%d ms" % ((triptime + 500) // 1000)
    if triptime >= 10000 - 5:
        return "time=%d.%01d ms" % ((triptime + 50) // 1000, ((triptime + 50) % 1000) // 100)
    if triptime >= 1000:
        return "time=%d.%02d ms" % ((triptime + 5) // 1000, ((triptime + 5) % 1000) // 10)
    return "time=%d.%03d ms" % (triptime // 1000, triptime % 1000)


def c_float(value):
    """A double stored in a C float and read back."""
    return struct.unpack("f", struct.pack("f", value))[0]


def c_int(value):
    """An integer stored in a C int (32 bits; gcc wraps)."""
    return (value + 2 ** 31) % 2 ** 32 - 2 ** 31


# The ways ping is run: (options, whether it prints ipg/ewma, whether it floods)
MODES = {"interval": (["-i", str(INTERVAL_MS / 1000)], False, False),
         "zero": (["-i", "0"], True, False),
         "flood": (["-f"], True, True)}


class Model:
    """What iputils' ping prints for the requests and replies of one run
    (events in order: ("send", seq) and ("recv", seq, ttl, triptime)), run
    in one of MODES.  ping keeps the sums of times and of their squares in
    doubles, the smoothed round trip (ewma, times 8) in a C int."""

    def __init__(self, events, destination, mode="interval"):
        self.destination = destination
        _, self.ipg_ewma, self.flood = MODES[mode]
        self.transmitted = self.received = self.repeats = 0
        self.tsum, self.tsum2, self.tmin, self.tmax = 0.0, 0.0, LONG_MAX, 0
        self.rtt = 0
        self.pipesize = -1
        self.seen = set()
        self.lines = []
        self.flood_marks = ""
        for event in events:
            if event[0] == "send":
                self.transmitted += 1
                self.flood_marks += "."
            else:
                self._reply(*event[1:])

    def _reply(self, seq, ttl, triptime):
        self.received += 1
        diff = (self.transmitted - seq) & 0xFFFF  # acknowledge(): the pipe
        if diff <= 0x7FFF:
            self.pipesize = max(self.pipesize, diff + 1)
        assert triptime >= 0, "a negative round trip: ping would warn, the model does not follow"
        self.tsum += triptime
        self.tsum2 += float(triptime * triptime)
        self.tmin = min(self.tmin, triptime)
        self.tmax = max(self.tmax, triptime)
        if not self.rtt:
            self.rtt = c_int(triptime * 8)
        else:
            self.rtt = c_int(self.rtt + triptime - c_div(self.rtt, 8))
        self.flood_marks += "\b \b"
        dup = seq in self.seen
        if dup:
            self.repeats += 1
            self.received -= 1
        self.seen.add(seq)
        self.lines.append("64 bytes from %s: icmp_seq=%d ttl=%d %s%s"
                          % (self.destination, seq, ttl, time_field(triptime), " (DUP!)" if dup else ""))

    def counts(self):
        """The summary's first line up to its ", time Nms"."""
        text = "%d packets transmitted, %d received" % (self.transmitted, self.received)
        if self.repeats:
            text += ", +%d duplicates" % self.repeats
        loss = c_float((self.transmitted - self.received) * 100.0 / self.transmitted)
        return text + ", %g%% packet loss" % loss

    def rtt_line(self, ipg=None):
        """The last line of the summary, without its newline (empty when nothing
        was received).  ipg: the mean gap between requests in microseconds
        (from the run's time: the caller reads it from the output)."""
        parts = []
        if self.received:
            total = self.received + self.repeats
            tmavg = int(self.tsum / total)
            if self.tsum < INT_MAX:
                tmvar = int((self.tsum2 - (self.tsum * self.tsum) / total) / total)
            else:
                tmvar = int(self.tsum2 / total - float(tmavg * tmavg))
            tmdev = llsqrt(tmvar)
            parts.append("rtt min/avg/max/mdev = %s/%s/%s/%s ms"
                         % (ms3(self.tmin), ms3(tmavg), ms3(self.tmax), ms3(tmdev)))
        if self.pipesize > 1:
            parts.append("pipe %d" % self.pipesize)
        if self.received and self.ipg_ewma and self.transmitted > 1:
            parts.append("ipg/ewma %s/%d.%03d ms" % (ms3(ipg), c_div(self.rtt, 8000),
                                                     c_mod(c_div(self.rtt, 8), 1000)))
        return ", ".join(parts)

    def output(self, run_ms, ipg=None):
        if ":" in self.destination:  # ping6_run()'s header has no blank before "("
            text = "PING %s(%s) 56 data bytes\n" % (self.destination, self.destination)
        else:
            text = "PING %s (%s) 56(84) bytes of data.\n" % (self.destination, self.destination)
        if self.flood:
            text += self.flood_marks
        else:
            text += "".join(line + "\n" for line in self.lines)
        text += "\n--- %s ping statistics ---\n%s, time %dms\n" % (self.destination, self.counts(), run_ms)
        return text + self.rtt_line(ipg) + "\n"  # finish() ends the line even when it is empty

    def exit_status(self):
        return 0 if self.received else 1


# ---- reading strace ----------------------------------------------------------------------

_CALL = re.compile(r"^(?:\d+ +)?(sendto|sendmsg|recvmsg)\((\d+), (.*)\) += (-?\d+)")
_STAMP = re.compile(r"cmsg_type=SO_TIMESTAMP(?:_OLD)?, cmsg_data=\{tv_sec=(\d+), tv_usec=(\d+)\}")


def _bytes(args, length):
    """The data of a call: iov_base="..." (sendmsg, recvmsg), else the first string (sendto)."""
    match = re.search(r'iov_base="((?:\\x[0-9a-f]{2})*)"', args) or re.search(r'"((?:\\x[0-9a-f]{2})*)"', args)
    return bytes.fromhex(match.group(1).replace("\\x", ""))[:length] if match else b""


def events_of(trace):
    """[("send", seq) | ("recv", seq, ttl, triptime)] of one ping run's strace, in order."""
    events = []
    for line in trace.splitlines():
        call = _CALL.match(line)
        if not call or int(call.group(4)) <= 0 or "MSG_ERRQUEUE" in line:
            continue
        name, args, length = call.group(1), call.group(3), int(call.group(4))
        data = _bytes(args, length)
        if name != "recvmsg":
            if data[:2] in (b"\x08\x00", b"\x80\x00") and len(data) >= 8:  # an echo request (no IP header)
                events.append(("send", struct.unpack("!H", data[6:8])[0]))
            continue
        ttl, reply = None, 0
        if data[:1] and data[0] >> 4 == 4:  # a raw IPv4 socket: the IP header first
            ttl, data = data[8], data[(data[0] & 0x0F) * 4:]
        elif "AF_INET6" in args:  # ICMPv6: no header; the hop limit is ancillary data
            ttl, reply = HOPLIMIT6, 129
        stamp = _STAMP.search(line)
        if len(data) < 24 or data[0] != reply:
            continue
        if stamp is None:
            raise AssertionError("a reply read without its SO_TIMESTAMP: %s" % line[:300])
        seq = struct.unpack("!H", data[6:8])[0]
        sent_sec, sent_usec = struct.unpack("<qq", data[8:24])
        triptime = (int(stamp.group(1)) - sent_sec) * 1000000 + int(stamp.group(2)) - sent_usec
        events.append(("recv", seq, ttl, triptime))
    return events


# ---- the lab and the runs -----------------------------------------------------------------

@pytest.fixture(scope="module")
def lab():
    require_live_or_skip()
    missing = [p for p in ("ping", "strace") if shutil.which(p, path="/usr/sbin:/usr/bin:/sbin:/bin") is None]
    if missing:
        skip_live("the statistics test needs %s (apt-get install iputils-ping strace)" % ", ".join(missing))
    from tests.lab import Lab, Topology
    from tests.lab.topology import mac

    topology = Topology("peer")
    topology.veth("west", mac(0x7101), "east", mac(0x7102), ns="main", peer_ns="peer")
    topology.address("west", HOST + "/24", ns="main").address("east", PEER + "/24", ns="peer")
    topology.address("west", HOST6 + "/64", ns="main").address("east", PEER6 + "/64", ns="peer")
    for ns in ("main", "peer"):  # no DAD: the addresses are usable at once
        for scope in ("all", "default"):
            topology.sysctl("net.ipv6.conf.%s.accept_dad" % scope, "0", ns=ns)
    topology.sysctl("net.ipv4.icmp_echo_ignore_all", "1", ns="peer")
    topology.sysctl("net.ipv6.icmp.echo_ignore_all", "1", ns="peer")
    topology.sysctl("net.ipv4.icmp_ratelimit", "0", ns="peer")
    topology.sysctl("net.ipv6.icmp.ratelimit", "0", ns="peer")
    with Lab(topology.spec) as built:
        yield built


def our_ping_registered():
    from pynettools.cli import TOOLS

    return "ping" in TOOLS


class Responder:
    """stats_responder.py in the peer namespace for one pattern."""

    def __init__(self, lab, pattern):
        words = ["drop" if action == "drop" else "%s:%d" % (action, micro) for action, micro in pattern]
        command = lab.command([sys.executable, os.path.join(HERE, "stats_responder.py"), ",".join(words)],
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


class Run:
    """One ping under strace: stdout, stderr, exit status, wall milliseconds, events."""

    def __init__(self, lab, ping, count, mode, destination=PEER):
        argv = ping + ["-n", "-c", str(count)] + MODES[mode][0] + ["-W", "0.3", destination]
        with tempfile.NamedTemporaryFile(prefix="ping-stats-", suffix=".strace") as trace:
            started = time.monotonic()
            result = lab.run(STRACE + ["-o", trace.name] + argv, env=dict(os.environ, PYTHONPATH=ROOT),
                             cwd=ROOT, timeout=120)
            self.wall_ms = (time.monotonic() - started) * 1000
            with open(trace.name) as f:
                self.trace = f.read()
        self.argv, self.mode = argv, mode
        self.stdout = result.stdout.decode(errors="replace")
        self.stderr = result.stderr.decode(errors="replace")
        self.exit = result.exit
        self.events = events_of(self.trace)
        self.model = Model(self.events, destination, mode)


def summary_time(stdout):
    match = re.search(r"packet loss, time (\d+)ms\n", stdout)
    assert match, stdout
    return int(match.group(1))


def summary_ipg(stdout):
    """ipg/ewma's ipg in microseconds, None when not printed."""
    match = re.search(r"ipg/ewma (\d+)\.(\d{3})/", stdout)
    return int(match.group(1)) * 1000 + int(match.group(2)) if match else None


def check_against_model(run, pattern):
    """run's output is the model's, its times within the window; the counts are the pattern's."""
    count = len(pattern)
    what = "%s\n%s%s" % (" ".join(run.argv), run.stdout, run.stderr)
    assert run.stderr == "", what
    # the run's time is from the first request to the last: (count - 1)
    # intervals, within the run; ipg is that time (in microseconds, before
    # rounding to milliseconds) over count - 1
    run_ms, ipg = summary_time(run.stdout), summary_ipg(run.stdout)
    lowest = (count - 1) * INTERVAL_MS * 0.5 if run.mode == "interval" else 0
    assert lowest <= run_ms <= run.wall_ms + 1, what
    if ipg is not None:
        assert abs(ipg * (count - 1) - run_ms * 1000) <= 500 + count, what
    assert run.stdout == run.model.output(run_ms, ipg), what
    assert run.exit == run.model.exit_status(), what
    model = run.model
    assert model.transmitted == count, what
    assert model.received == sum(1 for action, _ in pattern if action != "drop"), what
    assert model.repeats == sum(1 for action, _ in pattern if action == "dup"), what
    for event in run.events:
        if event[0] == "recv":
            drawn = pattern[event[1] - 1][1]
            assert drawn <= event[3] <= drawn + run.wall_ms * 1000, (event, what)


# ---- what is drawn -----------------------------------------------------------------------

ACTIONS = st.sampled_from(["reply", "reply", "drop", "dup"])


@st.composite
def patterns(draw):
    """[(action, microseconds)] for icmp_seq 1..N.  The last request is never
    answered twice (ping has exited when the copy would come).  Round trips
    of more than 50 ms only when nothing is dropped: ping waits twice the
    longest round trip for a missing reply before it ends."""
    count = draw(st.integers(1, 8))
    actions = [draw(ACTIONS) for _ in range(count - 1)] + [draw(st.sampled_from(["reply", "drop"]))]
    if "drop" in actions:
        times = st.integers(0, 50000)
    else:
        times = st.one_of(st.integers(0, 999), st.integers(1000, 99999), st.integers(100000, BIGGEST))
    return [(action, draw(times)) for action in actions]


PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@PROPERTY
@given(pattern=patterns(), mode=st.sampled_from(sorted(MODES)), destination=st.sampled_from([PEER, PEER6]))
def test_real_ping_prints_the_model(lab, pattern, mode, destination):
    with Responder(lab, pattern):
        run = Run(lab, ["ping"], len(pattern), mode, destination)
    check_against_model(run, pattern)


def _without_times(stdout):
    return re.sub(r"time=\S+ ms|time \d+ms|rtt min/avg/max/mdev = .*", "TIME", stdout)


@PROPERTY
@given(pattern=patterns(), mode=st.sampled_from(sorted(MODES)), destination=st.sampled_from([PEER, PEER6]))
def test_our_statistics_are_iputils(lab, pattern, mode, destination):
    ours_command = OURS.split() if OURS else [sys.executable, "-m", "pynettools", "ping"]
    if not OURS and not our_ping_registered():
        pytest.skip("our ping is not in pynettools.cli.TOOLS yet")
    with Responder(lab, pattern):
        real = Run(lab, ["ping"], len(pattern), mode, destination)
        ours = Run(lab, ours_command, len(pattern), mode, destination)
    check_against_model(real, pattern)
    check_against_model(ours, pattern)
    assert ours.model.counts() == real.model.counts()
    assert ours.exit == real.exit
    if mode != "flood":  # flood marks interleave as the replies came, which differs run to run
        assert _without_times(ours.stdout) == _without_times(real.stdout)


# ---- the model and the strace reader, without a lab --------------------------------------

def test_model_on_known_runs():
    # ping -c 3 with round trips of 1000, 2000 and 3000 us, the second answered twice
    events = [("send", 1), ("recv", 1, 64, 1000), ("send", 2), ("recv", 2, 64, 2000), ("recv", 2, 64, 2000),
              ("send", 3), ("recv", 3, 64, 3000)]
    model = Model(events, PEER)
    assert model.counts() == "3 packets transmitted, 3 received, +1 duplicates, 0% packet loss"
    # avg 8000/4 = 2000; variance (18e6 - 64e6/4) / 4 = 500000, mdev 707
    assert model.rtt_line() == "rtt min/avg/max/mdev = 1.000/2.000/3.000/0.707 ms"
    assert model.lines[2].endswith("icmp_seq=2 ttl=64 time=2.00 ms (DUP!)")
    model = Model([("send", 1), ("send", 2), ("recv", 1, 61, 99950), ("send", 3)], PEER)
    assert model.counts() == "3 packets transmitted, 1 received, 66.6667% packet loss"
    assert model.rtt_line() == "rtt min/avg/max/mdev = 99.950/99.950/99.950/0.000 ms, pipe 2"
    assert model.lines == ["64 bytes from %s: icmp_seq=1 ttl=61 time=100 ms" % PEER]
    assert Model([("send", 1)], PEER).rtt_line() == ""
    # -i 0: ipg/ewma; the ewma weighs each new time 1/8, in a C int (times 8)
    model = Model([("send", 1), ("recv", 1, 64, 800), ("send", 2), ("recv", 2, 64, 1600)], PEER, "zero")
    assert model.rtt_line(ipg=1234) == ("rtt min/avg/max/mdev = 0.800/1.200/1.600/0.400 ms, "
                                        "ipg/ewma 1.234/0.900 ms")
    # 300 s: 8 times that overflows the int, as in ping
    model = Model([("send", 1), ("recv", 1, 64, 300 * 10 ** 6), ("send", 2)], PEER, "zero")
    assert model.rtt == c_int(2400 * 10 ** 6) < 0
    assert model.rtt_line(ipg=5).endswith("ipg/ewma 0.005/-236870.-912 ms")  # printf of two negatives


def test_time_field_rounding():
    assert [time_field(t) for t in (0, 999, 1000, 9994, 9995, 99949, 99950, 123456789)] == [
        "time=0.000 ms", "time=0.999 ms", "time=1.00 ms", "time=9.99 ms", "time=10.0 ms",
        "time=99.9 ms", "time=100 ms", "time=123457 ms"]


def test_events_of_reads_strace():
    reply = ("45000054000000004001f0c6c6336402c633640100004e6e12340002"
             "3b91116b000000003dd5070000000000" + "00" * 40)
    hexed = "".join("\\x" + reply[i:i + 2] for i in range(0, len(reply), 2))
    trace = (
        '4242  sendto(3, "\\x08\\x00\\x12\\x34\\x12\\x34\\x00\\x02", 64, 0, {sa_family=AF_INET, '
        'sin_port=htons(0), sin_addr=inet_addr("198.51.100.2")}, 16) = 64\n'
        '4242  recvmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr('
        '"198.51.100.2")}, msg_namelen=128 => 16, msg_iov=[{iov_base="%s", iov_len=192}], '
        'msg_iovlen=1, msg_control=[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, '
        'cmsg_data={tv_sec=1796313403, tv_usec=513841}}], msg_controllen=32, msg_flags=0}, 0) = 84\n'
        '4242  recvmsg(3, {msg_namelen=128}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)\n'
        % hexed)
    assert events_of(trace) == [("send", 2), ("recv", 2, 64, 500)]
