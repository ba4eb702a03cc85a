"""Property test: /proc/net/{nr,rose,x25,ax25,ipx/socket} made up, ours prints what the real netstat prints.

These files exist only while the netrom, rose, x25 and ax25 modules are
loaded, so no lab has them: Hypothesis writes them -- lines in the layouts
the kernels write (net/netrom/af_netrom.c, net/rose/af_rose.c, 2.0's and
2.1+'s net/ax25/af_ax25.c, 2.2's x25; today's /proc/net/x25 is a directory)
with any states, counters and names, 10-digit ROSE addresses (which overrun
net-tools' arrays, see pynettools/tools/netstat/families.py), digipeaters,
"*" queues, hex LCIs, and lines sscanf cannot read whole.  The real netstat
reads them with the directory bound over /proc in a private mount namespace,
ours through a seam serving the same files; stdout, stderr and the exit
status must be identical.  Live only.

IPX (gone from Linux since 4.18; net-tools still reads /proc/net/ipx/socket):
lines in the kernel's layout (with and without CONFIG_IPX_INTERN's node,
connected or Not_Connected) with any networks, nodes, ports, queues, states
and uids, and after the first line malformed ones: no colon (net-tools'
internal error), ports and numbers %X cannot read, too big or negative,
short, odd or lower-case nodes, hex states ("0A": %u reads 0 and leaves the
uid), empty lines, one-word lines and lines longer than fgets(255) (the
last line's values stay: its printed addresses are read again); and the
/proc/net/ipx fallbacks (a directory without socket: "no support"; a
regular file: fopen of ipx/socket fails with ENOTDIR).

Left out, as undefined in net-tools (families.py says why): states past
each table, lines shorter than the fixed columns, 2.1+ ax25 lines with fewer
than four blanks, words longer than their arrays, x25 lines read only in
part before any whole one, and an IPX first line sscanf cannot read whole
(sad, dad, the queues, state and uid are then uninitialised stack memory):
the first IPX line is always whole.
"""
import errno
import io
import os
import shutil
import tempfile

import pytest

from tests.conftest import skip_live
from tests.netstat.test_netstat_property import _real

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 100)

ARGVS = (["--netrom"], ["--rose"], ["--ax25"], ["--x25"], ["--x25", "-a"], ["-A", "ax25,netrom"],
         ["--rose", "--x25", "-a"], ["-v", "-t"])

calls = st.sampled_from(["G4ABC", "G4ABC-1", "M0XYZ-15", "*", "N0CALL-9", "VK2AAA"])
small = st.sampled_from([0, 1, 7]) | st.integers(0, 99999)


@st.composite
def nr_line(draw):
    if draw(st.integers(0, 10)) == 0:
        return draw(st.sampled_from(["%-30s\n" % "x", "%-9s %-9s %-9s %s\n" % ("a", "b", "c", "nr0 junk")]))
    return "%-9s %-9s %-9s %-3s  %02X/%02X %02X/%02X %2d %3d %3d %3d %3d/%03d %2d/%02d %3d/%03d %3d/%03d %2d/%02d %3d %5d %5d %d\n" % (
        draw(calls), draw(calls), draw(calls), draw(st.sampled_from(["nr0", "nr1", "???", "nr10"])),
        draw(st.integers(0, 255)), draw(st.integers(0, 255)), draw(st.integers(0, 255)), draw(st.integers(0, 255)),
        draw(st.integers(0, 3)), draw(st.integers(0, 7)), draw(st.integers(0, 7)), draw(st.integers(0, 7)),
        0, 120, 0, 5, 0, 180, 0, 900, 0, 3, draw(st.integers(1, 7)), draw(small), draw(small), draw(small))


@st.composite
def rose_line(draw):
    if draw(st.integers(0, 10)) == 0:
        return draw(st.sampled_from(["\n", "a b c d e 1 2\n", "a b c d e x 2 3\n"]))
    addr = st.sampled_from(["2080175520", "*", "0000000000", "505012345"])
    return "%-10s %-9s %-10s %-9s %-5s %s %05d  %d  %d  %d  %d %3d %3d %3d %3d %3d %3d/%03d %5d %5d %d\n" % (
        draw(addr), draw(calls), draw(addr), draw(calls), draw(st.sampled_from(["rose0", "rose1", "???"])),
        draw(st.sampled_from(["%03d" % draw(st.integers(0, 999)), "00A", "FFF"])),
        draw(st.integers(0, 99)), draw(st.integers(0, 3)), 0, 0, 0, 0, 200, 180, 180, 5, 0, 0,
        draw(small), draw(small), draw(small))


@st.composite
def x25_line(draw):
    """2.2's /proc/net/x25: dest, source (fixed columns), dev, lci, state, vs, vr, ..."""
    dte = st.sampled_from(["*", "1234567890", "20800", ""])
    return "%-10s %-10s%-6s %3d %d %d %d %d %d %d %d %d %d %d %d %d\n" % (
        draw(dte), draw(dte), draw(st.sampled_from(["x25d0", "lapb0", "???"])), draw(st.integers(0, 4095)),
        draw(st.integers(0, 4)), draw(st.integers(0, 7)), draw(st.integers(0, 7)), 0, 0, 200, 180, 180, 5,
        draw(small), draw(small), draw(small))


@st.composite
def ax25_new_line(draw):
    dest = draw(calls) + draw(st.sampled_from(["", ",G4DIG", ",G4DIG*,M0REL"]))
    tail = draw(st.sampled_from([" * * *", " %d %d %d" % (draw(small), draw(small), draw(small))]))
    if draw(st.integers(0, 10)) == 0:
        tail = " x"
    return "%08x %s %s%s %s %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d%s\n" % (
        draw(st.integers(0, 2 ** 32 - 1)), draw(st.sampled_from(["ax0", "ax1", "???"])), draw(calls),
        draw(st.sampled_from(["", "*"])), dest, draw(st.integers(0, 4)), draw(st.integers(0, 7)),
        draw(st.integers(0, 7)), 0, 0, 3, 0, 3, 0, 300, 0, 0, 10, 10, 2, 2, 256, tail)


@st.composite
def ax25_old_line(draw):
    queues = draw(st.sampled_from(["", " %d %d %d" % (draw(small), draw(small), draw(small))]))
    return "%-9s %-9s %-6s %d %d %d %d %d/%d %d/%d %d/%d %d/%d %d/%d %d %d %d%s\n" % (
        draw(calls), draw(calls), draw(st.sampled_from(["ax0", "ax1"])), draw(st.integers(0, 4)),
        draw(st.integers(0, 7)), draw(st.integers(0, 7)), 0, 0, 3, 0, 3, 0, 300, 0, 0, 10, 10, 2, 2, 256, queues)


NR_HEADER = ("user_addr dest_node src_node  dev    my  your  st  vs  vr  va    t1     t2    t4      idle   "
             "n2  wnd Snd-Q Rcv-Q inode\n")
ROSE_HEADER = ("dest_addr  dest_call src_addr   src_call  dev   lci neigh st vs vr va   t  t1  t2  t3  hb    "
               "idle Snd-Q Rcv-Q inode\n")
X25_HEADER = "dest_addr  src_addr   dev   lci st vs vr va   t  t2 t21 t22 t23 Snd-Q Rcv-Q\n"
AX25_OLD_HEADER = "dest_addr src_addr  dev  st  vs  vr  va    t1     t2    t3   idle   n2  rtt wnd paclen   Snd-Q Rcv-Q\n"


@st.composite
def tables(draw):
    files = {}
    if draw(st.booleans()):
        files["nr"] = NR_HEADER + "".join(draw(st.lists(nr_line(), max_size=4)))
    if draw(st.booleans()):
        files["rose"] = ROSE_HEADER + "".join(draw(st.lists(rose_line(), max_size=4)))
    kind = draw(st.integers(0, 2))
    if kind == 1:
        files["x25"] = None  # a directory, as today's kernels have it
    elif kind == 2:
        files["x25"] = X25_HEADER + "".join(draw(st.lists(x25_line(), max_size=4)))
    kind = draw(st.integers(0, 2))
    if kind == 1:
        files["ax25"] = "".join(draw(st.lists(ax25_new_line(), max_size=4)))
    elif kind == 2:
        files["ax25"] = AX25_OLD_HEADER + "".join(draw(st.lists(ax25_old_line(), max_size=4)))
    return files


IPX_HEADER = "Local_Address               Remote_Address              Tx_Queue  Rx_Queue  State  Uid\n"
hex32 = st.sampled_from([0, 1, 0xFFFFFFFF]) | st.integers(0, 2 ** 32 - 1)
node = st.sampled_from([b"\0" * 6, b"\xff" * 6, b"\0\0\0\0\0\1"]) | st.binary(min_size=6, max_size=6)


def _ipx_address(draw, network, with_node=True):
    """The kernel's "%08X:%02X%02X%02X%02X%02X%02X:%04X" (without the node, "%08X:%04X")."""
    text = "%08X:" % network
    if with_node:
        text += "".join("%02X" % byte for byte in draw(node)) + ":"
    return text + "%04X" % draw(st.integers(0, 0xFFFF))


@st.composite
def ipx_line(draw, first=False):
    """A line as ipx_seq_socket_show() writes it; after the first, maybe a malformed one."""
    intern = draw(st.booleans())
    local = _ipx_address(draw, draw(hex32), intern)
    connected = draw(st.booleans())
    remote = "%s  " % _ipx_address(draw, draw(hex32)) if connected else "%-28s" % "Not_Connected"
    # the kernel writes the state in hex ("%02X"), net-tools reads it with %u
    states = [1, 7] if first else [1, 7, 1, 7, 0, 2, 10, 0x12]
    line = "%s  %s%08X  %08X  %02X     %03u\n" % (
        local, remote, draw(hex32), draw(hex32), draw(st.sampled_from(states)),
        draw(st.sampled_from([0, 1000, 65534, 2 ** 32 - 2]) | st.integers(0, 2 ** 32 - 1)))
    if first or draw(st.integers(0, 3)):
        return line
    return draw(st.sampled_from(["odd-word", "odd-line", "long", "empty", "one-word", "no-colon"])
                .flatmap(lambda kind: _ipx_odd(kind, line)))


def _ipx_odd(kind, line):
    words = st.sampled_from
    if kind == "odd-word":  # one word replaced
        number = words(["x", "-1", "-5", "FFFFFFFFFFFFFFFF", "8000000000000000", "1FFFFFFFFFFFFFFFFF", "0x1F",
                        "4294967297", "99999999999", "12ab"])
        address = st.tuples(words(["0", "FFFFFFFF", "-1", "-FFFFFFFF", "100000000", "1FFFFFFFF", "0x1F", "abc",
                                   "", "x", "0000002a"]),
                            words(["", ":0A0B0C0D0E0F", ":0a0b0c0d0e0f", ":0A0B0", ":0A0B0C0D0E0FFF", ":0G",
                                   ":000000000000", ":FFFFFFFFFFFF", ":x"]),
                            words([":0451", ":x", ":", ":1FFFFF", ":-1", ":ffff", ":0x10"])).map("".join)
        return st.tuples(st.integers(0, 5), address, number).map(
            lambda t: " ".join(_replace(line.split(), t[0], t[1] if t[0] < 2 else t[2])) + "\n")
    if kind == "odd-line":
        return words(["   \n", "0000ABCD:0451\n", "0000ABCD:0451 00000001:0A0B0C0D0E0F:0452\n",
                      "0000ABCD:0451 Not_Connected 5\n", "0000ABCD:0451 Not_Connected 5 6 07\n"])
    if kind == "long":
        # fgets(255): the bytes after the 254th come as a line of their own;
        # an address word across that edge is cut in two (254 and "\n": two pieces too)
        return st.integers(238, 256).map(lambda width: line[:-1].ljust(width) + "0000ABCD:0451\n")
    if kind == "empty":
        return st.just("\n")
    if kind == "one-word":  # dad keeps what the last line printed there
        return st.just(line.split()[0] + "\n")
    local = line.split()[0]  # no-colon: net-tools' internal error, about the source or the destination
    return st.sampled_from([local.replace(":", "") + " Not_Connected 0 0 07 0\n", local + " 0000ABCD 0 0 01 0\n"])


def _replace(words, index, value):
    words = list(words)
    words[index] = value
    return words


@st.composite
def ipx_tables(draw):
    kind = draw(st.sampled_from(["socket", "socket", "socket", "socket", "none", "empty-dir", "socket-dir",
                                 "old-file"]))
    if kind == "none":
        return {}
    if kind == "empty-dir":  # /proc/net/ipx without socket: ipx_info() counts it as missing
        return {"ipx": None}
    if kind == "socket-dir":
        return {"ipx/socket": None}
    if kind == "old-file":  # the pre-2.4 /proc/net/ipx: fopen("/proc/net/ipx/socket") fails with ENOTDIR
        return {"ipx": IPX_HEADER}
    lines = draw(st.lists(ipx_line(), max_size=5))
    if draw(st.integers(0, 9)):
        lines.insert(0, draw(ipx_line(first=True)))
    else:
        lines = []
    return {"ipx/socket": IPX_HEADER + "".join(lines)}


IPX_ARGVS = (["--ipx"], ["-A", "ipx", "-e"], ["--ipx", "-n", "-e"], ["--ipx", "-ee", "--numeric-users"],
             ["--ipx", "--ax25"], ["-e"], ["-v"], ["-A", "ipx,unix", "-W"])


class _FakeKernel:
    """The seam's reading side, answering /proc/net from `files` (None: a directory)."""

    mode = "live"

    def __init__(self, files):
        self.files = files

    def read_text(self, path, unit="lines", header_lines=0):
        name = path[len("/proc/net/"):] if path.startswith("/proc/net/") else None
        if name in self.files:
            if self.files[name] is None:
                raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
            return self.files[name]
        if name is not None and self.files.get(name.rpartition("/")[0]) is not None:
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", path)
        if path.startswith("/etc/"):
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "surrogateescape")
        raise FileNotFoundError(2, "No such file or directory", path)

    def listdir(self, path):
        raise FileNotFoundError(2, "No such file or directory", path)

    def lookup(self, name, function, *args):
        return function(*args)


def _ours(files, argv):
    from pynettools.env import Env
    from pynettools.tools import netstat

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, environ={"LC_ALL": "C"}, kernel=_FakeKernel(files))
    status = netstat.main(["netstat"] + argv, env) & 0xFF  # main() returning -1: exit status 255
    return out.getvalue().encode("utf-8", "surrogateescape"), err.getvalue().encode("utf-8", "surrogateescape"), status


@pytest.fixture(scope="module")
def fake_proc():
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("netstat"):
        skip_live("needs root, unshare and net-tools' netstat")
    directory = tempfile.mkdtemp(prefix="pnt-netstat-families-")
    yield directory
    shutil.rmtree(directory)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
@given(files=tables(), argv=st.sampled_from(ARGVS))
def test_families_like_netstat(fake_proc, files, argv):
    _compare(fake_proc, files, argv)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
@given(files=ipx_tables(), argv=st.sampled_from(IPX_ARGVS))
def test_ipx_like_netstat(fake_proc, files, argv):
    _compare(fake_proc, files, argv)


def _compare(fake_proc, files, argv):
    """files ({name under /proc/net: text, None for a directory}) written, both netstats run on them."""
    net = os.path.join(fake_proc, "net")
    shutil.rmtree(net, ignore_errors=True)
    os.makedirs(net)
    for name, text in files.items():
        path = os.path.join(net, name)
        os.makedirs(path if text is None else os.path.dirname(path), exist_ok=True)
        if text is not None:
            with open(path, "w") as f:
                f.write(text)
    want = _real(fake_proc, argv)
    have = _ours(files, argv)
    assert have[2] == want[2], (argv, files, want, have)
    assert have[1].decode() == want[1].decode(), (argv, files)
    assert have[0].decode() == want[0].decode(), (argv, files)
