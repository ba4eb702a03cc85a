"""traceroute's engine on scripted socket answers (no lab, no root).

The golden cases compare round-trip times only within the pair's window
(tests/harness/volatile.py): a time computed wrongly but small ("0.000 ms"
for "0.036 ms") would pass there.  Here the clock and the kernel's receive
stamps are given, so each printed time is checked to the microsecond, with
the marks and the grouping of addresses on a hop line.
"""
import io
import struct

from pynettools.tools.traceroute import args as A
from pynettools.tools.traceroute import engine as E

SEND_NS = 1700000000 * 10 ** 9 + 500000 * 1000         # gettimeofday 1700000000.500000


def timeval(sec, usec):
    return struct.pack("=qq", sec, usec)


def ee(icmp_type, code, offender, origin=2, info=0):
    """struct sock_extended_err and the offender's sockaddr_in."""
    sin = struct.pack("=H", 2) + b"\0\0" + bytes(int(x) for x in offender.split(".")) + b"\0" * 8
    return struct.pack("=IBBBBII", 113, origin, icmp_type, code, 0, info, 0) + sin


class Calls:
    """netio's calls, answered from a script: each probe socket's error
    queue holds the answers given for that probe (in sending order)."""

    mode = "live"

    def __init__(self, answers):
        self.answers = list(answers)     # per probe: None (silence) or (usec after send, type, code, offender)
        self.next_fd = 3
        self.queue = {}
        self.now = SEND_NS
        self.sent = []

    def clock_ns(self, clock_id):
        self.now += 1000                 # each reading 1 us later
        return self.now

    def socket(self, family, kind, proto):
        self.next_fd += 1
        return self.next_fd

    def setsockopt(self, *args):
        return None

    def bind(self, *args):
        return None

    def connect(self, fd, address):
        return 0

    def set_blocking(self, *args):
        return None

    def close(self, fd):
        return None

    def sendto(self, fd, data, flags, address):
        answer = self.answers[len(self.sent)] if len(self.sent) < len(self.answers) else None
        self.sent.append(fd)
        if answer is not None:
            usec, icmp_type, code, offender = answer
            sent_us = self.now // 1000
            stamp = sent_us + usec
            self.queue.setdefault(fd, []).append(
                (b"", [(1, 29, timeval(stamp // 1000000, stamp % 1000000)), (0, 11, ee(icmp_type, code, offender))],
                 0, ("203.0.113.1", 33434 + len(self.sent) - 1)))
        return len(data)

    def poll(self, entries, timeout):
        ready = [8 if self.queue.get(fd) else 0 for fd, _ in entries]
        if not any(ready):
            self.now += timeout * 10 ** 6
        return ready

    def recvmsg(self, fd, size, ancsize, flags):
        if not self.queue.get(fd):
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return self.queue[fd].pop(0)


def run(words, answers):
    rec = A.parse(["traceroute"] + words, {}, A.SystemResolver())
    out = io.StringIO()
    calls = Calls(answers)
    E.Engine(rec, calls, out).run()
    return out.getvalue()


def test_times_to_the_microsecond_and_marks():
    text = run(["-n", "-q", "3", "-m", "2", "203.0.113.1"], [
        (1234, 11, 0, "198.51.100.2"), (7, 11, 0, "198.51.100.2"), (1000000, 11, 0, "198.51.100.9"),
        (36, 3, 1, "198.51.100.66"), None, (12, 3, 1, "198.51.100.66")])
    assert text == ("traceroute to 203.0.113.1 (203.0.113.1), 2 hops max, 60 byte packets\n"
                    " 1  198.51.100.2  1.234 ms  0.007 ms 198.51.100.9  1000.000 ms\n"
                    # check_expired(): the unanswered 2nd probe of a hop whose answers are
                    # final marks takes the 3rd one's answer; the 3rd is then the "*"
                    " 2  198.51.100.66  0.036 ms !H  0.012 ms !H *\n")


def test_port_unreachable_ends_without_a_mark():
    text = run(["-n", "-q", "1", "203.0.113.1"], [(20, 11, 0, "198.51.100.2"), (21, 3, 3, "203.0.113.1")])
    assert text.splitlines()[1:] == [" 1  198.51.100.2  0.020 ms", " 2  203.0.113.1  0.021 ms"]


def test_every_ipv4_unreachable_code():
    marks = {0: "!N", 1: "!H", 2: "!P", 4: "!F-0", 5: "!S", 6: "!N", 7: "!H", 8: "!N", 9: "!X", 10: "!X",
             11: "!N", 12: "!H", 13: "!X", 14: "!V", 15: "!C", 16: "!<16>"}
    for code, mark in marks.items():
        text = run(["-n", "-q", "1", "203.0.113.1"], [(5, 3, code, "198.51.100.66")])
        assert text.splitlines()[1] == " 1  198.51.100.66  0.005 ms " + mark, code


def _ext(objects, good_sum=True):
    """An RFC 4884 extension structure: version 2, its checksum, then objects."""
    from pynettools.kernel.icmp import checksum

    body = b"".join(struct.pack("!HBB", 4 + len(data), cls, ctype) + data for cls, ctype, data in objects)
    head = bytearray(b"\x20\x00\x00\x00") + body
    struct.pack_into("!H", head, 2, checksum(bytes(head)) if good_sum else 0x1234)
    return bytes(head)


def test_mpls_and_other_extension_objects():
    from pynettools.tools.traceroute import extensions

    label = (16 << 12) | (5 << 9) | (1 << 8) | 1
    two = struct.pack("!II", (100 << 12) | 255, (200 << 12) | (1 << 8) | 64)
    assert extensions.handle(_ext([(1, 1, struct.pack("!I", label))]), 0) == "MPLS:L=16,E=5,S=1,T=1"
    assert extensions.handle(_ext([(1, 1, two)]), 0) == "MPLS:L=100,E=0,S=0,T=255/L=200,E=0,S=1,T=64"
    assert extensions.handle(_ext([(1, 1, struct.pack("!I", label)), (3, 2, b"\x01\x02\x03\x04")]), 0) == \
        "MPLS:L=16,E=5,S=1,T=1;3/2:01020304"
    assert extensions.handle(_ext([(1, 1, struct.pack("!I", label))], good_sum=False), 0) is None
    assert extensions.handle(b"\x10" + _ext([(1, 1, struct.pack("!I", label))])[1:], 0) is None   # version 1
    # a step > 0 looks for the structure at every 4 bytes after padding
    assert extensions.handle(b"\0" * 8 + _ext([(1, 1, struct.pack("!I", label))]), 4) == "MPLS:L=16,E=5,S=1,T=1"
