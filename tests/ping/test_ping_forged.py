"""Forged replies: drawn at random, the real ping and ours print the same.

Hypothesis draws, for each icmp_seq of `ping -c N` (N up to 6), what the
responder (tests/ping/stats_responder.py, in the peer namespace of
test_ping_stats.py's lab) sends back: a good reply, nothing, two replies, or
a forged one -- cut short, a data byte changed, a wrong checksum, another
identifier, another sequence number (one never sent, or long gone), a send
time from the future (ping warns that the time of day goes back), more data
than was sent, a destination unreachable with any code or a time exceeded
quoting the request, an unreachable quoting a few bytes only -- and a few of
ping's output options (-v, -D, -O, -a, -q); over IPv4 or IPv6 (where the
kernel fills in every ICMPv6 checksum: no wrong one).  The real ping runs, then ours,
against the same responder: standard output must match under
tests/harness/volatile.py's "ping" rules (round-trip times by form, and by
value within the pair's window), standard error byte for byte but the
microseconds of "time of day goes back" (within the window too), the exit
status exactly; ours never prints a traceback and never hangs (30 s).

Cost: about 0.3 s an example with ours; PYNETTOOLS_PING_FORGED examples
(default 16).  Skipped while `ping` is not in pynettools.cli.TOOLS, unless
PYNETTOOLS_PING_STATS_OURS=CMD names a command to run as ours ("ping":
the real one against itself, which tries the test itself: its draws must
give the same output twice).
"""
import os
import re
import sys
import time

import pytest

from tests.ping.test_ping_stats import OURS, PEER, PEER6, ROOT, Responder, lab, our_ping_registered  # noqa: F401

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = int(os.environ.get("PYNETTOOLS_PING_FORGED", "16"))
INTERVAL = "0.02"

# (action, the strategy of its number), as stats_responder.py reads them
ANSWERS = [
    ("reply", st.integers(0, 50000)),
    ("drop", st.just(0)),
    ("dup", st.integers(0, 50000)),
    ("trunc", st.integers(0, 55)),
    ("flip", st.integers(16, 55)),       # not the send time: a time of years would make ping wait years
    ("sum", st.just(0)),
    ("id", st.just(0)),
    ("seq", st.sampled_from([1, 2, 100, 32768, 65535])),
    # a future far beyond the real round trip (tens of microseconds): whether
    # a time a few microseconds ahead still reads as negative is chance
    ("back", st.one_of(st.integers(10000, 999999), st.integers(10 ** 6, 10 ** 10))),
    ("unreach", st.integers(0, 15)),
    ("timex", st.just(0)),
    ("cut", st.integers(0, 47)),
    ("big", st.integers(1, 2000)),
]
OUTPUT_OPTIONS = ["-v", "-D", "-O", "-a", "-q"]


@st.composite
def forgeries(draw):
    """([(action, number)] for icmp_seq 1..N, [options]).  The last request
    is not answered twice (ping has gone when the copy comes)."""
    count = draw(st.integers(1, 6))
    pattern = []
    for seq in range(1, count + 1):
        action, numbers = draw(st.sampled_from(ANSWERS if seq < count else
                                               [a for a in ANSWERS if a[0] != "dup"]))
        pattern.append((action, draw(numbers)))
    options = [option for option in OUTPUT_OPTIONS if draw(st.booleans())]
    if "-v" in options:  # -v prints the identifier: the process id unless -e says
        options += ["-e", "4660"]
    return pattern, options, draw(st.sampled_from([PEER, PEER6]))


def _run(lab, ping, pattern, options, destination):
    argv = ping + options + ["-n", "-c", str(len(pattern)), "-i", INTERVAL, "-W", "0.3", destination]
    result = lab.run(argv, env=dict(os.environ, PYTHONPATH=ROOT), cwd=ROOT, timeout=30)
    return argv, result


_GOES_BACK = re.compile(rb"time of day goes back \((-\d+)us\)")


def _compare_stderr(want, have, window_us, pattern):
    """None, or why ours' stderr is not the real one's: the same bytes but each
    warning's microseconds, which must lie within the run's window of a
    forged future time."""
    if want == have:
        return None
    masked = [_GOES_BACK.sub(b"time of day goes back (Nus)", text) for text in (want, have)]
    if masked[0] != masked[1]:
        return "the bytes differ"
    futures = [number for action, number in pattern if action == "back"]
    for value in (int(v) for v in _GOES_BACK.findall(have)):
        if not any(-future <= value <= -future + window_us for future in futures):
            return "time of day goes back by %dus: no forged time is that far ahead" % -value
    return None


PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@PROPERTY
@given(drawn=forgeries())
def test_forged_replies_print_as_iputils(lab, drawn):
    from tests.harness import volatile

    ours_command = OURS.split() if OURS else [sys.executable, "-m", "pynettools", "ping"]
    if not OURS and not our_ping_registered():
        pytest.skip("our ping is not in pynettools.cli.TOOLS yet")
    pattern, options, destination = drawn
    with Responder(lab, pattern):
        started = time.monotonic()
        argv, real = _run(lab, ["ping"], pattern, options, destination)
        _, ours = _run(lab, ours_command, pattern, options, destination)
        window = time.monotonic() - started
    what = "pattern %s\n%s\n--- real:\n%s%s--- ours:\n%s%s" % (
        pattern, " ".join(argv), real.stdout.decode(errors="replace"), real.stderr.decode(errors="replace"),
        ours.stdout.decode(errors="replace"), ours.stderr.decode(errors="replace"))
    assert b"Traceback" not in ours.stderr and b"internal error" not in ours.stderr, what
    assert ours.exit == real.exit, what
    problem = volatile.compare_stdout("ping", real.stdout, ours.stdout, window)
    assert problem is None, "stdout: %s\n%s" % (problem, what)
    problem = _compare_stderr(real.stderr, ours.stderr, int(window * 1e6), pattern)
    assert problem is None, "stderr: %s\n%s" % (problem, what)


# ---- the responder's answers, without a lab (no root) ------------------------------------

def _echo_request(seq, family=4):
    """An echo request as ping sends it (56 bytes of data, a timeval first), with its IP header."""
    import struct

    from tests.ping import stats_responder

    data = struct.pack("<qq", 1796313403, 513341) + bytes(range(16, 56))
    icmp = stats_responder.icmp_message(8 if family == 4 else 128, 0, struct.pack("!HH", 0x1234, seq), data)
    if family == 4:
        header = bytes([0x45, 0, 0, 84, 0, 0, 0x40, 0, 64, 1, 0, 0]) + bytes([198, 51, 100, 1, 198, 51, 100, 2])
    else:
        header = bytes([0x60, 0, 0, 0, 0, 64, 58, 64]) + bytes(32)
    return header + icmp


@pytest.mark.parametrize("family", [4, 6])
def test_responder_forges_as_told(family):
    import struct

    from tests.ping import stats_responder

    def answers(word, seq=1):
        pattern = stats_responder.read_pattern(",".join([word] * seq))
        return stats_responder.reply_to(_echo_request(seq, family), pattern, family, 20 if family == 4 else 40)

    reply = 0 if family == 4 else 129
    [good] = answers("reply:0")
    assert good[0] == reply and good[4:8] == b"\x12\x34\x00\x01" and good[24:] == bytes(range(16, 56))
    assert stats_responder.checksum(good) == 0
    [shifted] = answers("reply:1000000")
    assert struct.unpack("<qq", shifted[8:24]) == (1796313402, 513341)
    [future] = answers("back:2500000")
    assert struct.unpack("<qq", future[8:24]) == (1796313406, 13341)
    assert answers("drop:0") == [] and len(answers("dup:0")) == 2
    assert len(answers("trunc:8")[0]) == 16 and len(answers("big:100")[0]) == 64 + 100
    assert answers("flip:20")[0][28] == 20 ^ 0xFF
    assert stats_responder.checksum(answers("sum:0")[0]) != 0
    assert answers("id:0")[0][4:6] == b"\xed\xcb" and answers("seq:65535", seq=2)[0][6:8] == b"\x00\x01"
    [error] = answers("unreach:13")
    assert error[:2] == bytes([3 if family == 4 else 1, 13]) and error[8:] == _echo_request(1, family)[:-56]
    assert answers("timex:0")[0][0] == (11 if family == 4 else 3) and len(answers("cut:4")[0]) == 12
    assert stats_responder.reply_to(_echo_request(9, family), {}, family, 20 if family == 4 else 40) == []
