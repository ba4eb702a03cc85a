"""Property test: for any /proc/net/dev and if_inet6, ours prints what the real ifconfig prints.

Hypothesis makes up /proc/net/dev files (the three layouts net-tools knows:
with compressed/multicast columns, with bytes only, packets only; counters
from 0 to 2**64-1, so every unit of ife_unit() from B to EiB comes up) and
each is shown by the real ifconfig and by ours with `ifconfig lo`, `ifconfig
-s lo` and `ifconfig -a`, with made-up IPv6 addresses (any scope bits, v4-mapped
ones) in net/if_inet6.  Both run in one `unshare -m -n`: a new network
namespace (only lo, down) and a private mount namespace where a directory
holding net/dev and net/if_inet6 is bound over /proc.  The device
itself (flags, MTU, addresses) is the namespace's real lo, asked with ioctls
by both.  Live only: needs root, unshare and net-tools.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness.cases import BASE_ENV

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 60)

HEADERS = {
    3: ("Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo"
        " colls carrier compressed\n"),
    2: ("Inter-|   Receive                            |  Transmit\n"
        " face |bytes    packets errs drop fifo frame|bytes    packets errs drop fifo colls carrier\n"),
    1: ("Inter-|   Receive                  |  Transmit\n"
        " face |packets errs drop fifo frame|packets errs drop fifo colls carrier\n"),
}
COLUMNS = {3: 16, 2: 13, 1: 11}
COMMANDS = (["lo"], ["-s", "lo"], ["-a"], ["-a", "-s"])
OURS = ("import sys; from pynettools.runtime import run_tool; "
        "sys.exit(run_tool('ifconfig', 'pynettools.tools.ifconfig', sys.argv[1:]))")

counters = st.one_of(st.integers(0, 9), st.integers(0, 2 ** 20), st.integers(0, 2 ** 64 - 1),
                     st.sampled_from([1024, 1025, 1048576, 1048577, 2 ** 30 + 1, 2 ** 40 + 1, 2 ** 50 + 1,
                                      2 ** 60, 2 ** 60 + 1]))


@st.composite
def proc_net_dev(draw):
    version = draw(st.sampled_from([3, 3, 2, 1]))
    lines = [HEADERS[version]]
    names = ["lo"] + draw(st.lists(st.sampled_from(["eth0", "veth9", "x"]), max_size=2, unique=True))
    for name in names:
        values = [draw(counters) for _ in range(COLUMNS[version])]
        lines.append("%6s: %s\n" % (name, " ".join("%d" % v for v in values)))
    return "".join(lines)


@st.composite
def if_inet6(draw):
    """/proc/net/if_inet6 lines for lo (and another device): any address
    (v4-mapped ones too), prefix length, scope bits and flags."""
    addresses = st.one_of(st.binary(min_size=16, max_size=16),
                          st.sampled_from([bytes(15) + b"\x01", bytes(10) + b"\xff\xff\xc0\x00\x02\x01",
                                           b"\xfe\x80" + bytes(13) + b"\x05"]))
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        lines.append("%s %02x %02x %02x %02x %8s\n" % (
            draw(addresses).hex(), draw(st.integers(1, 255)), draw(st.integers(0, 128)),
            draw(st.one_of(st.sampled_from([0, 0x10, 0x20, 0x40, 0x80, 0xa0, 0x90]), st.integers(0, 255))),
            draw(st.integers(0, 255)), draw(st.sampled_from(["lo", "lo", "eth0"]))))
    return "".join(lines)


@pytest.fixture(scope="module")
def fake_proc():
    reason = live_skip_reason("ifconfig")
    if reason:
        skip_live(reason)
    if os.geteuid() != 0 or not shutil.which("unshare"):
        skip_live("needs root and unshare(1) to show the real ifconfig a made-up /proc")
    directory = tempfile.mkdtemp(prefix="pnt-ifconfig-proc-")
    os.makedirs(os.path.join(directory, "net"))
    open(os.path.join(directory, "net", "if_inet6"), "w").close()
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def run_both(directory, argv):
    """(real, ours), each (stdout, stderr, status), run in one new namespace pair."""
    script = ('mount --bind "$1" /proc || exit 99; shift; '
              'ifconfig "$@" >"$D/r.out" 2>"$D/r.err"; echo $? >"$D/r.rc"; '
              '"$PY" -c "$CODE" "$@" >"$D/o.out" 2>"$D/o.err"; echo $? >"$D/o.rc"')
    work = tempfile.mkdtemp(prefix="pnt-ifconfig-out-")
    try:
        environ = dict(BASE_ENV, D=work, PY=sys.executable, CODE=OURS)
        done = subprocess.run(["unshare", "-m", "-n", "sh", "-c", script, "sh", directory] + argv,
                              env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        assert done.returncode == 0, done.stderr

        def read(side):
            with open(os.path.join(work, side + ".out"), "rb") as f:
                out = f.read()
            with open(os.path.join(work, side + ".err"), "rb") as f:
                err = f.read()
            with open(os.path.join(work, side + ".rc")) as f:
                return out, err, int(f.read())
        return read("r"), read("o")
    finally:
        shutil.rmtree(work, ignore_errors=True)


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=proc_net_dev(), text6=if_inet6())
def test_ifconfig_counters_print_as_the_real_ifconfig_prints_them(fake_proc, text, text6):
    with open(os.path.join(fake_proc, "net", "dev"), "w") as f:
        f.write(text)
    with open(os.path.join(fake_proc, "net", "if_inet6"), "w") as f:
        f.write(text6)
    for argv in COMMANDS:
        real, ours = run_both(fake_proc, argv)
        assert ours == real, (argv, text, text6)
