"""Property test: for any /proc/net/sctp/{eps,assocs}, ours prints what the real netstat prints.

This kernel has no SCTP unless the sctp module is loaded, so the tables are
made up: lines in the kernel's layout (net/sctp/proc.c: the numbers, then
the addresses as %pI4 / %pI6 each followed by a blank, an association's
primary addresses marked '*', "<->" between local and remote, a tab and more
counters), with any states, queues, users and inodes (also octal and hex
inode words, which strtoul(…, 0, 0) reads so), several addresses a socket,
v4-mapped and unspecified IPv6 addresses, words inet_addr() cannot read, and
short lines.  The real netstat reads them with the directory bound over /proc
in a private mount namespace (`unshare -m`), ours through a seam serving the
same files; stdout, stderr and the exit status must be identical.  Live only.

Left out, as undefined in net-tools: an assocs line without "<->" (strtok_r
with an unset save pointer) and IPv6 words not of eight hex groups (sscanf
leaves the other groups as the stack held them).
"""
import os
import shutil
import tempfile

import pytest

from tests.conftest import skip_live
from tests.netstat.test_netstat_property import _ours, _real

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 100)

# Numeric: any address.  Without -n (or another flag_not bit) netstat looks
# names up, so those runs get only addresses /etc/hosts or no lookup at all
# answers (127.0.0.1, 0.0.0.0, ::): a name lookup of any other would ask
# the machine's DNS server, and tests send nothing off this machine.
NUMERIC_ARGVS = (["-S", "-n"], ["-Sl", "-n"], ["-San", "-ee"], ["-Sanp"], ["-Sao", "--numeric-ports"],
                 ["-Sae", "--numeric-users"], ["-S", "-A", "inet6", "-n"], ["-SanW"], ["-an"], ["-SaN"])
NAMED_ARGVS = (["--sctp"], ["-Sa"], ["-SaW"], ["-a"], ["-Salee"])
LOCAL_ONLY = ["127.0.0.1", "0.0.0.0", "0000:0000:0000:0000:0000:0000:0000:0000"]

EPS_HEADER = " ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS\n"
ASSOCS_HEADER = (" ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT "
                 "LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf\n")


@st.composite
def address(draw, named=False):
    if named:
        return draw(st.sampled_from(LOCAL_ONLY))
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return draw(st.sampled_from(["127.0.0.1", "0.0.0.0", "198.51.100.7", "255.255.255.255", "10.1"]))
    if kind == 1:
        return "%d.%d.%d.%d" % tuple(draw(st.integers(0, 255)) for _ in range(4))
    if kind == 2:
        return draw(st.sampled_from(["0000:0000:0000:0000:0000:0000:0000:0001",
                                     "0000:0000:0000:0000:0000:0000:0000:0000",
                                     "0000:0000:0000:0000:0000:ffff:c633:6407",
                                     "fe80:0000:0000:0000:0200:00ff:fe00:0001"]))
    if kind == 3:
        return ":".join("%04x" % draw(st.integers(0, 0xFFFF)) for _ in range(8))
    if kind == 4:
        return draw(st.sampled_from(["bogus", "1.2.3.4.5", "0x7f000001", "300.1.1.1", ""]))
    return "%d.%d.%d.%d" % (198, 51, 100, draw(st.integers(0, 255)))


def _number(draw, low, high):
    return draw(st.sampled_from([0, 1, low, high]) | st.integers(low, high))


@st.composite
def common(draw):
    state = draw(st.sampled_from([1, 2, 7, 10, 11, 0, 12, 255]) | st.integers(-3, 300))
    uid = _number(draw, 0, 2 ** 32 - 1)
    inode = draw(st.sampled_from(["%d" % _number(draw, 0, 2 ** 64 - 1), "0x1f", "017", "-1", "99999999999999999999999"]))
    return state, uid, inode


def _addresses(draw, primary, named):
    words = draw(st.lists(address(named), min_size=0, max_size=3))
    if primary and words and draw(st.booleans()):
        index = draw(st.integers(0, len(words) - 1))
        words[index] = "*" + words[index]
    return "".join(word + " " for word in words)


@st.composite
def eps_line(draw, named):
    if draw(st.integers(0, 12)) == 0:
        return draw(st.sampled_from(["ffff 0 2 10\n", "\n", "a b c d e f g\n"]))
    state, uid, inode = draw(common())
    port = _number(draw, 0, 70000)
    return "%8s %8s %-3d %-3d %-4d %-5d %5d %5s %s\n" % (
        "ffff8881", "ffff8882", 2, state, draw(st.integers(0, 63)), port, uid, inode, _addresses(draw, False, named))


@st.composite
def assoc_line(draw, named):
    if draw(st.integers(0, 12)) == 0:
        return draw(st.sampled_from(["ffff 0 2 10 4 1 2 3 4 5 6 7\n", "\n"]))
    state, uid, inode = draw(common())
    txq, rxq = _number(draw, 0, 2 ** 32 - 1), _number(draw, 0, 2 ** 32 - 1)
    lport, rport = _number(draw, 0, 70000), _number(draw, 0, 70000)
    head = "%8s %8s %-3d %-3d %-2d %-4d %4d %8d %8d %7d %5s %-5d %5d " % (
        "ffff8881", "ffff8882", 2, state, 4, draw(st.integers(0, 63)), draw(st.integers(0, 99)),
        txq, rxq, uid, inode, lport, rport)
    return "%s %s<-> %s\t%8d %5d %5d %4d %4d %4d %8d %8d %8d %8d\n" % (
        head, _addresses(draw, True, named), _addresses(draw, True, named), 30000, 10, 10, 4, 0, 0, 0, 1, 2, 3)


@st.composite
def cases(draw):
    """(files, argv): the addresses as the argv allows (see NAMED_ARGVS)."""
    named = draw(st.booleans())
    argv = draw(st.sampled_from(NAMED_ARGVS if named else NUMERIC_ARGVS))
    files = {}
    if draw(st.integers(0, 5)):
        files["sctp/eps"] = EPS_HEADER + "".join(draw(st.lists(eps_line(named), max_size=5)))
    if draw(st.integers(0, 5)):
        files["sctp/assocs"] = ASSOCS_HEADER + "".join(draw(st.lists(assoc_line(named), max_size=5)))
    return files, argv


@pytest.fixture(scope="module")
def fake_proc():
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("netstat"):
        skip_live("needs root, unshare and net-tools' netstat")
    directory = tempfile.mkdtemp(prefix="pnt-netstat-sctp-")
    yield directory
    shutil.rmtree(directory)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_sctp_like_netstat(fake_proc, case):
    files, argv = case
    net = os.path.join(fake_proc, "net")
    shutil.rmtree(net, ignore_errors=True)
    os.makedirs(os.path.join(net, "sctp"))
    for name, text in files.items():
        with open(os.path.join(net, name), "w") as f:
            f.write(text)
    want = _real(fake_proc, argv)
    have = _ours(files, argv)
    assert have[2] == want[2], (argv, files)
    assert have[1].decode() == want[1].decode(), (argv, files)
    assert have[0].decode() == want[0].decode(), (argv, files)
