"""Property test: for any /proc/net socket tables, ours prints what the real netstat prints.

Hypothesis writes made-up /proc/net/{tcp,tcp6,udp,udp6,raw,raw6,unix} files --
lines in the kernel's layout with any values (every TCP state netstat can
name, v4-mapped and odd addresses, huge queues, every timer), lines with
extra blanks, signs and short or long words, and lines sscanf cannot read --
into a directory.  The real netstat reads them with that directory bound over
/proc in a private mount namespace (`unshare -m`); ours reads the same files
through a kernel seam that serves them (everything else, /etc/services and
the user names, comes from the machine for both).  stdout, stderr and the
exit status must be identical.  Live only: needs root and net-tools.

What is left out is what net-tools leaves undefined: TCP states past 15
(tcp_state[] is read out of bounds: pointers to other data, or a crash),
IPv6 addresses of 9 to 31 hex digits (sscanf leaves words of the address
uninitialised), unix paths longer than its 4096-byte buffer.
"""
import io
import os
import shutil
import subprocess
import tempfile

import pytest

from tests.conftest import skip_live

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 100)

ARGVS = (["-an"], ["-tanW"], ["-tanee"], ["-tano"], ["-uwanee"], ["-xa"], ["-tl", "--numeric-hosts"],
         ["-uan", "-o"], ["-wl", "-n"], ["-x", "-p"])

TCP_HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
              "timeout inode\n")
UDP_HEADER = ("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
              "timeout inode ref pointer drops\n")
UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path\n"


def _hexword(draw, digits):
    return "%0*X" % (digits, draw(st.integers(0, 16 ** digits - 1)))


@st.composite
def ipv4(draw):
    return draw(st.sampled_from(["0100007F", "00000000", "0164A8C6", "FFFFFFFF", "0A000A0A"])
                if draw(st.booleans()) else st.just(_hexword(draw, 8)))


@st.composite
def ipv6(draw):
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return "00000000000000000000000000000000"
    if kind == 1:
        return "00000000000000000000000001000000"  # ::1
    if kind == 2:
        return "0000000000000000FFFF0000" + draw(ipv4())  # v4-mapped
    if kind == 3:
        return "000080FE00000000" + _hexword(draw, 16)  # fe80::
    return _hexword(draw, 32)


@st.composite
def inet_line(draw, number, v6, tcp):
    addr = ipv6() if v6 else ipv4()
    local, remote = draw(addr), draw(addr)
    lport = draw(st.sampled_from([0, 22, 53, 80, 443, 631, 65535]) | st.integers(0, 65535))
    rport = draw(st.sampled_from([0, 22, 25]) | st.integers(0, 65535))
    state = draw(st.integers(0, 15) if tcp else st.sampled_from([1, 7, 0, 10, 3]))
    txq = draw(st.sampled_from([0, 1, 101]) | st.integers(0, 2 ** 32 - 1))
    rxq = draw(st.sampled_from([0, 5]) | st.integers(0, 2 ** 32 - 1))
    timer = draw(st.integers(0, 5))
    when = draw(st.sampled_from([0, 5950, 100]) | st.integers(0, 2 ** 32 - 1))
    retr = draw(st.integers(0, 2 ** 32 - 1))
    uid = draw(st.sampled_from([0, 1, 65534, 4294967295]) | st.integers(0, 100000))
    timeout = draw(st.integers(-5, 20))
    inode = draw(st.integers(0, 2 ** 40))
    words = ["%4d:" % number, "%s:%04X" % (local, lport), "%s:%04X" % (remote, rport), "%02X" % state,
             "%08X:%08X" % (txq, rxq), "%02X:%08X" % (timer, when), "%08X" % retr, "%5d" % uid,
             "%8d" % timeout, "%d" % inode, "1", "0000000000000000", "20", "4", "30", "10", "-1"]
    # A line sscanf stops short in keeps the last line's values in the fields
    # it did not reach (the C function's locals): never the first line, whose
    # would be whatever the stack held.
    mangle = draw(st.integers(0, 12)) if number else draw(st.sampled_from([0, 3, 4]))
    if mangle == 1:  # cut short: sscanf reads fewer fields
        words = words[:draw(st.integers(1, 11))]
    elif mangle == 2:  # a word replaced by junk
        at = draw(st.integers(0, 9))
        junk = draw(st.sampled_from(["zz", "-", "+1", "0x1F", ":", "", "1:2:3"]))
        if at == 3 and tcp and junk == "0x1F":
            junk = "0x0F"  # sscanf's %X takes 0x1F: state 31, past tcp_state[] (left out, see above)
        words[at] = junk
    elif mangle == 3:  # short hex words
        words[4] = "%X:%X" % (txq, rxq)
        words[1] = "%X:%X" % (int(local[:8], 16) if not v6 else 0, lport) if not v6 else words[1]
    elif mangle == 4:  # tabs and more blanks
        return "\t".join(words) + "  \n"
    elif mangle == 5:  # negative numbers where sscanf takes them
        words[7] = "-%d" % draw(st.integers(1, 10))
        words[4] = "-1:%08X" % rxq
    return " ".join(words) + "\n"


@st.composite
def inet_table(draw, v6, tcp):
    count = draw(st.integers(0, 8))
    header = TCP_HEADER if tcp else UDP_HEADER
    return header + "".join(draw(inet_line(n, v6, tcp)) for n in range(count))


@st.composite
def unix_line(draw):
    refcnt = draw(st.integers(0, 5))
    flags = draw(st.sampled_from([0, 0x10000, 0x20000, 0x40000, 0x70000]))
    sock_type = draw(st.sampled_from([1, 2, 3, 4, 5, 6]))
    state = draw(st.sampled_from([0, 1, 2, 3, 4, 7]))
    inode = draw(st.integers(0, 2 ** 32))
    path = draw(st.sampled_from(["", " /run/a.sock", " @abstract", " /tmp/with space", " /x"]))
    line = "0000000000000000: %08X 00000000 %08X %04X %02X %5d%s\n" % (refcnt, flags, sock_type, state, inode, path)
    return line


def _cut_some(draw, lines):
    """Lines cut short (sscanf reads fewer fields), never the first: a line
    without an inode keeps the last line's, the stack's for the first."""
    for n in range(1, len(lines)):
        if draw(st.integers(0, 6)) == 0:
            lines[n] = lines[n][:draw(st.integers(0, len(lines[n])))] + "\n"
    return "".join(lines)


@st.composite
def tables(draw):
    return {
        "tcp": draw(inet_table(False, True)),
        "tcp6": draw(inet_table(True, True)),
        "udp": draw(inet_table(False, False)),
        "udp6": draw(inet_table(True, False)),
        "raw": draw(inet_table(False, False)),
        "raw6": draw(inet_table(True, False)),
        "unix": UNIX_HEADER + _cut_some(draw, draw(st.lists(unix_line(), max_size=6))),
    }


class _FakeKernel:
    """The seam's reading side, answering /proc/net from `files`; lookups live."""

    mode = "live"

    def __init__(self, files):
        self.files = files

    def read_text(self, path, unit="lines", header_lines=0):
        name = path[len("/proc/net/"):] if path.startswith("/proc/net/") else None
        if name in self.files:
            return self.files[name]
        if path.startswith("/etc/"):
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "surrogateescape")
        raise FileNotFoundError(2, "No such file or directory", path)

    def listdir(self, path):
        if path == "/proc":
            return []
        raise FileNotFoundError(2, "No such file or directory", path)

    def lookup(self, name, function, *args):
        return function(*args)


def _ours(files, argv):
    from pynettools.env import Env
    from pynettools.tools import netstat

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, environ={"LC_ALL": "C"}, kernel=_FakeKernel(files))
    status = netstat.main(["netstat"] + argv, env)
    return out.getvalue().encode("utf-8", "surrogateescape"), err.getvalue().encode("utf-8", "surrogateescape"), status


def _real(directory, argv):
    script = 'mount --bind "$1" /proc && shift && exec netstat "$@"'
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", directory] + argv,
                          capture_output=True, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"})
    return done.stdout, done.stderr, done.returncode


@pytest.fixture(scope="module")
def fake_proc():
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("netstat"):
        skip_live("needs root, unshare and net-tools' netstat")
    directory = tempfile.mkdtemp(prefix="pnt-netstat-proc-")
    os.mkdir(os.path.join(directory, "net"))
    yield directory
    shutil.rmtree(directory)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
@given(files=tables(), argv=st.sampled_from(ARGVS))
def test_tables_like_netstat(fake_proc, files, argv):
    net = os.path.join(fake_proc, "net")
    for name in os.listdir(net):
        os.unlink(os.path.join(net, name))
    for name, text in files.items():
        with open(os.path.join(net, name), "w") as f:
            f.write(text)
    want = _real(fake_proc, argv)
    have = _ours(files, argv)
    assert have[2] == want[2], (argv, files)
    assert have[1].decode() == want[1].decode(), (argv, files)
    assert have[0].decode() == want[0].decode(), (argv, files)
