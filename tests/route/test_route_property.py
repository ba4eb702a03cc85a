"""Property test: for any /proc/net/route, ours prints what the real route prints.

Hypothesis makes up routing tables -- lines in the kernel's own layout
(tab-separated, padded to 127 columns), and lines that are not (spaces
instead of tabs, odd numbers, missing columns, flags without U, reject
routes, negative and huge counters) -- and each is shown by the real route
and by ours with -n, -ne and -nee.  The real one reads it through a private
mount namespace: `unshare -m` binds a directory holding net/route over /proc
(see /work/shared/FACTS.md: net-tools reads the file by name), so nothing of
the machine changes.  Ours gets the same text from a stub kernel.  This
checks the fast path of `route -n` (pynettools.tools.route._fib_numeric)
against the oracle on inputs no lab makes.  Live only: needs root, unshare
and net-tools.
"""
import io
import os
import shutil
import subprocess
import tempfile

import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness.cases import BASE_ENV

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 100)
HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
COMMANDS = (["-n"], ["-ne"], ["-nee"], ["-n", "-v"])


class _StubKernel:
    """What ours may read: /proc/net/route and /proc/net/ipv6_route only."""

    mode = "live"

    def __init__(self, text, text6=""):
        self.files = {"/proc/net/route": text, "/proc/net/ipv6_route": text6}

    def read_text(self, path, unit="lines", header_lines=0):
        if path in self.files:
            return self.files[path]
        raise OSError(2, "No such file or directory")

    def lookup(self, name, function, *args):
        raise AssertionError("route -n looked something up: %s %r" % (name, args))

    def close(self):
        pass


@pytest.fixture(scope="module")
def fake_proc():
    reason = live_skip_reason("route")
    if reason:
        skip_live(reason)
    if os.geteuid() != 0 or not shutil.which("unshare"):
        skip_live("needs root and unshare(1) to show the real route a made-up /proc")
    directory = tempfile.mkdtemp(prefix="pnt-route-proc-")
    os.makedirs(os.path.join(directory, "net"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


hexwords = st.one_of(st.integers(0, 0xFFFFFFFF).map(lambda n: "%08X" % n),
                     st.sampled_from(["00000000", "0000000A", "00FFFFFF", "FFFFFFFF", "0001A8C0"]))
# At most 15 characters: sscanf's %15s would leave the rest of a longer name
# for the next field, every field would shift, and INET_getsock() would fail
# on the short words that land on the addresses -- whose value is then the
# uninitialized stack of the C program, which no test can predict.
devices = st.sampled_from(["eth0", "veth0", "*", "lo", "br-1234567890ab", "x"])
numbers = st.one_of(st.integers(0, 9), st.integers(-5, 2 ** 31 - 1), st.just(-1))
flags = st.one_of(st.sampled_from([0x0001, 0x0003, 0x0005, 0x0007, 0x0201, 0x0205, 0x0000, 0x0002]),
                  st.integers(0, 0xFFFF))


@st.composite
def route_lines(draw):
    fields = [draw(devices), draw(hexwords), draw(hexwords), "%04X" % draw(flags), str(draw(numbers)),
              str(draw(numbers)), str(draw(st.one_of(numbers, st.integers(2 ** 31, 2 ** 32 - 1)))),
              draw(hexwords), str(draw(numbers)), str(draw(numbers)), str(draw(numbers))]
    layout = draw(st.sampled_from(["kernel", "kernel", "kernel", "spaces", "short", "long", "unpadded"]))
    if layout == "spaces":
        return " ".join(fields)
    if layout == "long":  # a field too many: with a short line, as many tabs in all as the kernel's
        return ("\t".join(fields + [str(draw(numbers))])).ljust(127)
    if layout == "unpadded":
        return "\t".join(fields)
    if layout == "short":
        return "\t".join(fields[:draw(st.integers(1, 10))])
    return ("\t".join(fields)).ljust(127)


@st.composite
def kernel_lines(draw):
    """Lines as the kernel writes them for routes that are up and not rejects:
    the table `route -n` converts a column at a time (_fib_numeric_columns)."""
    fields = [draw(devices), draw(hexwords), draw(hexwords), "%04X" % draw(st.sampled_from([1, 3, 5, 7, 0x13])),
              str(draw(st.integers(0, 9))), str(draw(st.integers(0, 10 ** 9))), str(draw(st.integers(0, 2 ** 31))),
              draw(hexwords), str(draw(st.integers(0, 65535))), str(draw(st.integers(0, 10 ** 6))),
              str(draw(st.integers(0, 10 ** 6)))]
    return "\t".join(fields).ljust(127)


def _table(lines):
    return HEADER.ljust(127) + "\n" + "".join(line + "\n" for line in lines)


tables = st.one_of(st.lists(route_lines(), max_size=12).map(_table),
                   st.lists(kernel_lines(), min_size=1, max_size=12).map(_table))


def real_route(directory, argv):
    script = 'mount --bind "$1" /proc && shift && exec route "$@"'
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", directory] + argv,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BASE_ENV, timeout=30)
    return done.stdout, done.stderr, done.returncode


def our_route(text, argv, text6=""):
    from pynettools.env import Env
    from pynettools.tools import route

    out, err = io.StringIO(), io.StringIO()
    status = route.main(["route"] + argv, Env(stdout=out, stderr=err, kernel=_StubKernel(text, text6)))
    return out.getvalue().encode(), err.getvalue().encode(), status


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=tables)
def test_route_n_prints_what_the_real_route_prints(fake_proc, text):
    with open(os.path.join(fake_proc, "net", "route"), "w") as f:
        f.write(text)
    for argv in COMMANDS:
        assert our_route(text, argv) == real_route(fake_proc, argv), (argv, text)


# The fast path reads a big table a piece at a time (route._PIECE_BYTES,
# 2 MB); with pieces of two or three lines, kernel-layout lines mixed with odd
# ones put each way a piece can go (columns, line by line, the general
# reader for all) next to the others.
mixed_tables = st.lists(st.one_of(kernel_lines(), kernel_lines(), route_lines()), min_size=1,
                        max_size=16).map(_table)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mixed_tables)
def test_route_n_in_small_pieces(fake_proc, monkeypatch, text):
    from pynettools.tools import route

    monkeypatch.setattr(route, "_PIECE_BYTES", 300)
    with open(os.path.join(fake_proc, "net", "route"), "w") as f:
        f.write(text)
    for argv in COMMANDS:
        assert our_route(text, argv) == real_route(fake_proc, argv), (argv, text)


# /proc/net/ipv6_route in the kernel's layout, with any values: every flag
# bit, metrics and counters above 2**31 (printed as negative ints), any
# prefix length, addresses of every kind (v4-mapped, unspecified, ...).
addresses6 = st.one_of(st.binary(min_size=16, max_size=16),
                       st.sampled_from([bytes(16), bytes(15) + b"\x01", bytes(10) + b"\xff\xff\xc0\x00\x02\x01",
                                        b"\xfe\x80" + bytes(13) + b"\x01"])).map(lambda b: b.hex())
words32 = st.one_of(st.integers(0, 2 ** 32 - 1), st.sampled_from([0, 1, 256, 1024, 0xFFFFFFFF, 0x80000000]))
flags6 = st.one_of(st.integers(0, 2 ** 32 - 1), st.sampled_from([0x1, 0x3, 0x200, 0x200200, 0x80200001,
                                                                 0x1000003, 0x40001, 0x400003]))


@st.composite
def route6_lines(draw):
    return "%s %02x %s %02x %s %08x %08x %08x %08x %8s\n" % (
        draw(addresses6), draw(st.integers(0, 255)), draw(addresses6), draw(st.integers(0, 128)),
        draw(addresses6), draw(words32), draw(words32), draw(words32), draw(flags6),
        draw(st.sampled_from(["lo", "eth0", "veth0", "br-1234567890ab"])))


@settings(max_examples=EXAMPLES, deadline=None)
@given(lines=st.lists(route6_lines(), max_size=10))
def test_route_6n_prints_what_the_real_route_prints(fake_proc, lines):
    text6 = "".join(lines)
    with open(os.path.join(fake_proc, "net", "ipv6_route"), "w") as f:
        f.write(text6)
    for argv in (["-6n"], ["-6Cn"], ["-6", "-n", "-F", "-C"]):
        assert our_route("", argv, text6) == real_route(fake_proc, argv), (argv, text6)


# /proc/net/rt_cache as Linux 2.2 to 3.5 wrote it (rows: since 3.6 only the
# header is left), with any flags and counters, TOS in hex (read with %d),
# short lines, words that are no address.  Without -n route looks names up:
# those runs get only addresses /etc/hosts, /etc/networks or no lookup at all
# answer (127.0.0.1, 0.0.0.0, 0.0.0.10), so nothing asks the DNS server.
CACHE_HEADER = ("Iface\tDestination\tGateway \tFlags\t\tRefCnt\tUse\tMetric\tSource\t\tMTU\tWindow\tIRTT\t"
                "TOS\tHHRef\tHHUptod\tSpecDst")
CACHE_NUMERIC = (["-Cn"], ["-Cne"], ["-Cnee"], ["-CFn"], ["-n", "-C", "-v"])
CACHE_NAMED = (["-C"], ["-Ce"], ["-Cee"])
LOCAL_WORDS = st.sampled_from(["0100007F", "00000000", "0A000000"])
cache_flags = st.one_of(st.sampled_from([0x0, 0x2, 0x200, 0x80000000, 0x10000000, 0x04000001, 0x00800000]),
                        st.integers(0, 0xFFFFFFFF))


@st.composite
def cache_line(draw, named):
    word = LOCAL_WORDS if named else hexwords
    fields = [draw(devices), draw(word), draw(word), "%8X" % draw(cache_flags), str(draw(numbers)),
              str(draw(st.integers(0, 2 ** 32 - 1))), str(draw(numbers)), draw(word), str(draw(numbers)),
              str(draw(st.integers(0, 2 ** 32 - 1))), str(draw(st.integers(0, 2 ** 32 - 1))),
              "%02X" % draw(st.sampled_from([0, 16, 10, 255])), str(draw(numbers)), "%1d" % draw(st.integers(-1, 1)),
              draw(word)]
    cut = draw(st.sampled_from([15, 15, 15, 14, 12, 11, 3]))
    return "\t".join(fields[:cut]).ljust(127 if cut == 15 else 0)


@st.composite
def cache_cases(draw):
    named = draw(st.booleans())
    argv = draw(st.sampled_from(CACHE_NAMED if named else CACHE_NUMERIC))
    # the first row whole: what C would print from uninitialised SpecDst or addresses is left out
    # (TOS is hex, read with %d: "0A" stops sscanf short of SpecDst)
    first = draw(cache_line(named).filter(lambda line: len(line.split("\t")) == 15
                                          and line.split("\t")[11].isdigit()))
    rest = draw(st.lists(cache_line(named), max_size=6))
    return CACHE_HEADER.ljust(127) + "\n" + "".join(line + "\n" for line in [first] + rest), argv


class _CacheKernel(_StubKernel):
    """rt_cache and route from text; name lookups made for real (see CACHE_NAMED)."""

    def __init__(self, cache, route_text):
        _StubKernel.__init__(self, route_text)
        self.files["/proc/net/rt_cache"] = cache

    def lookup(self, name, function, *args):
        return function(*args)


@settings(max_examples=EXAMPLES, deadline=None)
@given(case=cache_cases())
def test_route_cache_prints_what_the_real_route_prints(fake_proc, case):
    from pynettools.env import Env
    from pynettools.tools import route

    cache, argv = case
    route_text = _table([])
    for name, text in (("rt_cache", cache), ("route", route_text)):
        with open(os.path.join(fake_proc, "net", name), "w") as f:
            f.write(text)
    out, err = io.StringIO(), io.StringIO()
    status = route.main(["route"] + argv, Env(stdout=out, stderr=err, kernel=_CacheKernel(cache, route_text)))
    assert (out.getvalue().encode(), err.getvalue().encode(), status) == real_route(fake_proc, argv), (argv, cache)
