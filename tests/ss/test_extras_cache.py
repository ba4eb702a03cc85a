"""The fast path's text after the users (inet._Extras) against the general one.

_Extras caches that text under the socket's family, state and attribute
bytes with tcp_info's lastsnd/lastrcv/lastack cut out, guessing where
tcp_info is from the socket before.  Here sockets share attribute bytes,
differ only in those counters, differ in one byte elsewhere, or carry their
attributes in another order (tcp_info elsewhere); every text, and what goes
to stderr, must be what inet.extras() makes for the same socket.
"""
import io
import random
import struct

import pytest

from pynettools.env import Env
from pynettools.kernel import sockdiag
from pynettools.tools import ss as tool
from pynettools.tools.ss import inet


def message(family, state, attrs, timer=0, expires=0, retrans=0, uid=0, inode=1, cookie=7):
    body = struct.pack("=BBBBHH16s16sIIIIIIII", family, state, timer, retrans, 0x5000, 0x6000,
                       b"\x7f\0\0\1" + bytes(12), b"\x7f\0\0\1" + bytes(12), 0,
                       cookie & 0xffffffff, cookie >> 32, expires, 0, 0, uid, inode)
    body += attrs
    return struct.pack("=IHHII", 16 + len(body), 20, 2, 1, 0) + body


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + bytes(-length % 4)


def tcp_info(rng, size):
    """Mostly small or zero fields, as tcp_info is; some large."""
    raw = bytearray()
    while len(raw) < size:
        pick = rng.random()
        if pick < 0.5:
            raw.append(0)
        elif pick < 0.9:
            raw.append(rng.randrange(1, 16))
        else:
            raw.append(rng.randrange(256))
    return bytes(raw)


def with_last(info, rng):
    """The same tcp_info with other lastsnd/last_ack_sent/lastrcv/lastack."""
    if len(info) < 60:
        return info
    values = [rng.choice((0, rng.randrange(1, 100000))) for _ in range(4)]
    return info[:44] + struct.pack("=IIII", *values) + info[60:]


def attribute_sets(rng, family):
    """A socket's attributes as (type, payload) in some order."""
    info = tcp_info(rng, rng.choice((232, 280, 280, 104, 40)))
    found = [(8, bytes([rng.choice((0, 0, 1, 3))])),
             (2, info),
             (4, rng.choice((b"cubic\0", b"bbr\0", b"reno\0"))),
             (7, struct.pack("=9I", *[rng.choice((0, 4096, 131072)) for _ in range(9)]))]
    if rng.random() < 0.3:
        found.append((15, struct.pack("=I", rng.choice((0, 0x2a)))))
    if rng.random() < 0.3:
        found.append((21, struct.pack("=Q", rng.choice((0, 77, 99)))))
    if rng.random() < 0.2:
        found.append((16, struct.pack("=5I", *[rng.randrange(1000) for _ in range(5)])))
    if family == 10 and rng.random() < 0.5:
        found.append((11, bytes([rng.randrange(2)])))
    if rng.random() < 0.5:
        rng.shuffle(found)
    return found


def sockets(seed, count=400):
    rng = random.Random(seed)
    made = []
    while len(made) < count:
        family = rng.choice((2, 10))
        state = rng.choice((1, 1, 1, 10, 6))
        found = attribute_sets(rng, family)
        for _ in range(rng.randrange(1, 8)):
            if rng.random() < 0.7:  # the same attributes, other last* counters
                found = [(kind, with_last(payload, rng) if kind == 2 else payload)
                         for kind, payload in found]
            elif rng.random() < 0.4:  # one byte changed next to the counters
                index = [kind for kind, _payload in found].index(2)
                payload = found[index][1]
                at = rng.randrange(36, min(68, len(payload)))
                payload = payload[:at] + bytes([payload[at] ^ 1]) + payload[at + 1:]
                found[index] = (2, payload)
            elif rng.random() < 0.5:  # one byte changed somewhere
                index = rng.randrange(len(found))
                kind, payload = found[index]
                if payload:
                    at = rng.randrange(len(payload))
                    payload = payload[:at] + bytes([payload[at] ^ 1]) + payload[at + 1:]
                    found[index] = (kind, payload)
            attrs = b"".join(attr(kind, payload) for kind, payload in found)
            made.append(message(family, state, attrs, timer=rng.choice((0, 0, 1, 2)),
                                expires=rng.randrange(200000), retrans=rng.randrange(3),
                                uid=rng.choice((0, 1000)), inode=rng.randrange(1, 10**6),
                                cookie=rng.randrange(1 << 40)))
    return made


def new_ss(flags):
    err = io.StringIO()
    ss = tool.SS(Env(stdout=io.StringIO(), stderr=err, environ={}, kernel=object()))
    ss.numeric = True
    ss.show_options = "o" in flags
    ss.show_details = int("e" in flags)
    ss.show_mem = "m" in flags
    ss.show_tcpinfo = "i" in flags
    ss.oneline = "O" in flags
    ss.cgroups = {"mount": "/sys/fs/cgroup", 77: "/system.slice"}
    return ss, err


@pytest.mark.parametrize("flags", ["i", "m", "e", "o", "im", "ieom", "iO", "ie"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cached_text_is_the_general_paths(flags, seed):
    fast_ss, fast_err = new_ss(flags)
    slow_ss, slow_err = new_ss(flags)
    more = inet._Extras.for_run(fast_ss, sockdiag.IPPROTO_TCP)
    assert more is not None
    buf = b"".join(sockets(seed))
    offset = 0
    while offset < len(buf):
        length = struct.unpack_from("=I", buf, offset)[0]
        header = sockdiag.INET_MSG.unpack_from(buf, offset)
        attrs = sockdiag.attributes(buf, offset + sockdiag.INET_MSG_SIZE, offset + length)
        v6flag = attrs.get(sockdiag.INET_DIAG_SKV6ONLY) if header[5] == 10 else None
        expected = inet.extras(slow_ss, header, attrs, sockdiag.IPPROTO_TCP, v6flag)
        assert more(buf, offset, offset + length, header) == expected
        assert fast_err.getvalue() == slow_err.getvalue()
        offset += (length + 3) & ~3
    if "e" in flags:
        assert "Failed to open cgroup2 by ID" in slow_err.getvalue()
