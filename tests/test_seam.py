"""The kernel seam: what is recorded replays the same, and nothing else replays.

Each test reads something live in record mode, saves the recording, then asks
the same questions of a replaying Kernel (no machine access) and checks that
the answers, the errors and the trace lines match.  Runs as any user.
"""
import errno
import io
import json
import os
import socket
import struct

import pytest

from pynettools.kernel.seam import Kernel, ReplayMiss

SIOCGIFFLAGS = 0x8913
IFF_UP = 0x1
IFF_LOOPBACK = 0x8
RTM_GETLINK = 18
RTM_NEWLINK = 16
NLM_F_REQUEST = 0x1
NLM_F_DUMP = 0x300
NETLINK_ROUTE = 0


def record_then_replay(tmp_path, ask):
    """ask(kernel) live while recording, then again replaying; returns both answers."""
    directory = str(tmp_path / "rec")
    recorder = Kernel(record_dir=directory)
    live = ask(recorder)
    recorder.close()
    replayer = Kernel(replay_dir=directory)
    return live, ask(replayer)


def _outcome(call):
    """A call's result, or ("raised", type, args, str) so errors can be compared too."""
    try:
        return call()
    except Exception as err:
        return ("raised", type(err), err.args, str(err))


# ---- files -----------------------------------------------------------------------


def test_read_text_replays_bytes_that_are_not_utf8(tmp_path):
    path = tmp_path / "table"
    path.write_bytes(b"header\nline \xff one\nline two\n")
    live, replayed = record_then_replay(tmp_path, lambda k: k.read_text(str(path), "entries", 1))
    assert live == replayed == "header\nline \udcff one\nline two\n"


def test_read_error_replays_with_its_errno_and_text(tmp_path):
    missing = str(tmp_path / "missing")
    live, replayed = record_then_replay(tmp_path, lambda k: _outcome(lambda: k.read_text(missing)))
    assert live[0] == "raised" and live == replayed
    assert live[1] is FileNotFoundError


def test_listdir_replays_a_list(tmp_path):
    directory = tmp_path / "dir"
    directory.mkdir()
    for name in ("b", "a", "c"):
        (directory / name).write_text("")
    live, replayed = record_then_replay(tmp_path, lambda k: k.listdir(str(directory)))
    assert live == replayed == ["a", "b", "c"]
    assert type(replayed) is list


def test_readlink_and_readlinks(tmp_path):
    directory = tmp_path / "fd"
    directory.mkdir()
    os.symlink("socket:[1234]", str(directory / "3"))
    os.symlink("/dev/null", str(directory / "0"))
    (directory / "not-a-link").write_text("")

    def ask(kernel):
        return kernel.readlink(str(directory / "3")), sorted(kernel.readlinks(str(directory)))

    live, replayed = record_then_replay(tmp_path, ask)
    assert live == replayed == ("socket:[1234]", [("0", "/dev/null"), ("3", "socket:[1234]")])


def test_repeated_reads_replay_in_order_then_repeat_the_last(tmp_path):
    path = tmp_path / "changing"
    directory = str(tmp_path / "rec")
    recorder = Kernel(record_dir=directory)
    for text in ("first\n", "second\n"):
        path.write_text(text)
        recorder.read_text(str(path))
    recorder.close()
    replayer = Kernel(replay_dir=directory)
    assert [replayer.read_text(str(path)) for _ in range(3)] == ["first\n", "second\n", "second\n"]


# ---- ioctl -----------------------------------------------------------------------


def _ifreq(name):
    return name.encode().ljust(16, b"\0") + bytes(24)


def test_ioctl_siocgifflags_on_lo(tmp_path):
    def ask(kernel):
        reply = kernel.ioctl("SIOCGIFFLAGS", SIOCGIFFLAGS, _ifreq("lo"), socket.AF_INET, "lo")
        return struct.unpack_from("=H", reply, 16)[0]

    live, replayed = record_then_replay(tmp_path, ask)
    assert live == replayed
    assert live & IFF_LOOPBACK


def test_ioctl_error_replays(tmp_path):
    def ask(kernel):
        return _outcome(lambda: kernel.ioctl("SIOCGIFFLAGS", SIOCGIFFLAGS, _ifreq("nosuchdev0"),
                                             socket.AF_INET, "nosuchdev0"))

    live, replayed = record_then_replay(tmp_path, ask)
    assert live == replayed
    assert live[0] == "raised" and live[2][0] == errno.ENODEV


# ---- lookups ---------------------------------------------------------------------


def _herror(name):
    raise socket.herror(1, "Unknown host")


def _gaierror(name):
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def _keyerror(uid):
    raise KeyError("getpwuid(): uid not found: %d" % uid)


def test_lookup_errors_replay_as_the_same_exceptions(tmp_path):
    def ask(kernel):
        return [_outcome(lambda: kernel.lookup("gethostbyname", _herror, "no-such-host.invalid")),
                _outcome(lambda: kernel.lookup("getaddrinfo", _gaierror, "no-such-host.invalid")),
                _outcome(lambda: kernel.lookup("getpwuid", _keyerror, 4242))]

    live, replayed = record_then_replay(tmp_path, ask)
    assert live == replayed
    assert [o[1] for o in live] == [socket.herror, socket.gaierror, KeyError]


def test_lookup_answers_keep_their_types(tmp_path):
    def ask(kernel):
        return [kernel.lookup("gethostbyaddr", lambda a: ("host.lab.example", [], [a]), "198.51.100.7"),
                kernel.lookup("getservbyport", lambda p, proto: "domain", 53, "udp"),
                kernel.lookup("nothing", lambda: None)]

    live, replayed = record_then_replay(tmp_path, ask)
    assert live == replayed == [("host.lab.example", [], ["198.51.100.7"]), "domain", None]
    assert type(replayed[0]) is tuple and type(replayed[0][1]) is list


def test_replayed_answers_are_fresh_objects(tmp_path):
    """A tool changing a list it got must not change what the next replay gives."""
    directory = str(tmp_path / "rec")
    recorder = Kernel(record_dir=directory)
    recorder.lookup("names", lambda: ["a", "b"])
    recorder.close()
    replayer = Kernel(replay_dir=directory)
    replayer.lookup("names", list).append("changed")
    assert replayer.lookup("names", list) == ["a", "b"]


def test_time_is_recorded(tmp_path):
    live, replayed = record_then_replay(tmp_path, lambda k: k.time())
    assert live == replayed and isinstance(live, float)


def test_version_1_recordings_still_replay(tmp_path):
    directory = tmp_path / "old"
    directory.mkdir()
    (directory / "seam.json").write_text(json.dumps({"version": 1, "entries": [
        {"op": "lookup", "key": "gethostbyaddr:('198.51.100.7',)", "value": ["h", [], ["198.51.100.7"]]}]}))
    kernel = Kernel(replay_dir=str(directory))
    assert kernel.lookup("gethostbyaddr", None, "198.51.100.7") == ("h", (), ("198.51.100.7",))


# ---- netlink ---------------------------------------------------------------------


def _getlink_dump_request():
    ifinfomsg = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0)
    return struct.pack("=IHHII", 16 + len(ifinfomsg), RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 0, 0) + ifinfomsg


def _link_names(buffers):
    names = []
    for buf in buffers:
        offset = 0
        while offset + 16 <= len(buf):
            length, msg_type = struct.unpack_from("=IH", buf, offset)
            if msg_type == RTM_NEWLINK:
                names.append(_ifla_ifname(buf, offset + 16 + 16, offset + length))
            offset += (length + 3) & ~3
    return names


def _ifla_ifname(buf, offset, end):
    IFLA_IFNAME = 3
    while offset + 4 <= end:
        rta_len, rta_type = struct.unpack_from("=HH", buf, offset)
        if rta_len < 4:
            break
        if rta_type == IFLA_IFNAME:
            return bytes(buf[offset + 4:offset + rta_len]).rstrip(b"\0").decode()
        offset += (rta_len + 3) & ~3
    return None


def test_netlink_getlink_dump(tmp_path):
    def ask(kernel):
        buffers = list(kernel.netlink_dump(NETLINK_ROUTE, _getlink_dump_request(), "link dump"))
        return [bytes(b) for b in buffers]

    live, replayed = record_then_replay(tmp_path, ask)
    assert live == replayed
    assert "lo" in _link_names(replayed)


def test_netlink_replay_is_lazy(tmp_path):
    """As live, a missing recording surfaces while iterating, not when asking."""
    directory = tmp_path / "empty"
    directory.mkdir()
    (directory / "seam.json").write_text('{"version": 2, "entries": []}')
    buffers = Kernel(replay_dir=str(directory)).netlink_dump(NETLINK_ROUTE, _getlink_dump_request())
    with pytest.raises(ReplayMiss):
        next(iter(buffers))


def test_netlink_error_replays(tmp_path):
    # RTM_GETLINK for an ifindex that does not exist: the kernel answers NLMSG_ERROR ENODEV.
    ifinfomsg = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, 0x7FFFFFF0, 0, 0)
    request = struct.pack("=IHHII", 32, RTM_GETLINK, NLM_F_REQUEST, 0, 0) + ifinfomsg

    def ask(kernel):
        return _outcome(lambda: list(kernel.netlink_dump(NETLINK_ROUTE, request, "link get")))

    live, replayed = record_then_replay(tmp_path, ask)
    assert live == replayed
    assert live[0] == "raised" and live[2][0] == errno.ENODEV


# ---- replay misses and modes -------------------------------------------------------


def test_replay_miss_on_anything_unrecorded(tmp_path):
    path = tmp_path / "file"
    path.write_text("x\n")
    directory = str(tmp_path / "rec")
    recorder = Kernel(record_dir=directory)
    recorder.read_text(str(path))
    recorder.close()
    replayer = Kernel(replay_dir=directory)
    with pytest.raises(ReplayMiss):
        replayer.read_text(str(tmp_path / "other"))
    with pytest.raises(ReplayMiss):
        replayer.listdir(str(tmp_path))
    with pytest.raises(ReplayMiss):
        replayer.lookup("gethostbyaddr", socket.gethostbyaddr, "198.51.100.1")
    # what was recorded still replays, and never from the machine
    path.write_text("changed\n")
    assert replayer.read_text(str(path)) == "x\n"


def test_modes_from_environ(tmp_path):
    assert Kernel.from_environ({}).mode == "live"
    assert Kernel.from_environ({"PYNETTOOLS_RECORD": str(tmp_path)}).mode == "record"
    assert Kernel.from_environ({"PYNETTOOLS_REPLAY": str(tmp_path)}).mode == "replay"
    assert Kernel.from_environ({"PYNETTOOLS_TRACE": "1"}, trace_to=io.StringIO()).trace_to is not None
    assert Kernel.from_environ({}, trace_to=io.StringIO()).trace_to is None


def test_trace_lines(tmp_path):
    path = tmp_path / "arp"
    path.write_text("IP address HW type\n1\n2\n3\n")
    directory = tmp_path / "dir"
    directory.mkdir()
    trace = io.StringIO()
    kernel = Kernel(trace_to=trace)
    kernel.read_text(str(path), "entries", 1)
    kernel.listdir(str(directory))
    kernel.ioctl("SIOCGIFFLAGS", SIOCGIFFLAGS, _ifreq("lo"), socket.AF_INET, "lo")
    kernel.lookup("gethostbyaddr", lambda a: "host2", "198.51.100.2")
    try:
        kernel.lookup("gethostbyname", _herror, "nowhere.invalid")
    except socket.herror:
        pass
    list(kernel.netlink_dump(NETLINK_ROUTE, _getlink_dump_request(), "link dump"))
    kernel.close()
    lines = trace.getvalue().splitlines()
    assert lines[0] == "read %s: 3 entries" % path
    assert lines[1] == "listdir %s: 0 names" % directory
    assert lines[2] == "ioctl SIOCGIFFLAGS lo"
    assert lines[3] == "lookup gethostbyaddr 198.51.100.2: host2"
    assert lines[4] == "lookup gethostbyname nowhere.invalid: herror"
    assert lines[5].startswith("netlink ROUTE link dump: ") and lines[5].endswith(" messages")
    assert len(lines) == 6


def test_trace_works_in_replay_too(tmp_path):
    path = tmp_path / "arp"
    path.write_text("header\n1\n")
    directory = str(tmp_path / "rec")
    recorder = Kernel(record_dir=directory)
    recorder.read_text(str(path), "entries", 1)
    recorder.close()
    trace = io.StringIO()
    Kernel(replay_dir=directory, trace_to=trace).read_text(str(path), "entries", 1)
    assert trace.getvalue() == "read %s: 1 entries\n" % path


def test_recording_files_are_readable(tmp_path):
    """data/ holds file contents byte for byte, for a reader to open."""
    path = tmp_path / "table"
    path.write_bytes(b"a\xffb\n")
    directory = tmp_path / "rec"
    recorder = Kernel(record_dir=str(directory))
    recorder.read_text(str(path))
    recorder.close()
    document = json.loads((directory / "seam.json").read_text())
    (entry,) = document["entries"]
    assert (directory / entry["file"]).read_bytes() == b"a\xffb\n"
