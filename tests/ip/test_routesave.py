"""The comparison of `ip route save` streams (tests/harness/volatile.py compare_ip_saved):
only each message's sequence number (within the clock) and port id (one per
stream) may differ; anything else in a saved route is caught."""
import os
import struct

from tests.harness.volatile import compare_stdout

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "savedumps", "route-save-table-all.bin"), "rb") as f:
    ROUTES = f.read()  # what the real ip saved (the route-save-table-all case's stdout)


def _offsets(data):
    at, found = 4, []
    while at + 16 <= len(data):
        found.append(at)
        at += (struct.unpack_from("=I", data, at)[0] + 3) & ~3
    return found


def _patched(data, fields):
    """data with (offset, value) u32s set at each message's header offset + offset."""
    out = bytearray(data)
    for at in _offsets(data):
        for offset, value in fields:
            struct.pack_into("=I", out, at + offset, value)
    return bytes(out)


def test_port_id_and_clock_seq_tolerated():
    seq = struct.unpack_from("=I", ROUTES, 4 + 8)[0]
    ours = _patched(ROUTES, [(8, seq + 1), (12, 4242)])
    assert compare_stdout("ip", ROUTES, ours, window=0.2) is None


def test_seq_beyond_the_clock_caught():
    seq = struct.unpack_from("=I", ROUTES, 4 + 8)[0]
    assert "nlmsg_seq" in compare_stdout("ip", ROUTES, _patched(ROUTES, [(8, seq + 5)]), window=0.2)


def test_two_port_ids_caught():
    first = _offsets(ROUTES)[0]
    ours = bytearray(ROUTES)
    struct.pack_into("=I", ours, first + 12, 4242)
    assert "port ids" in compare_stdout("ip", ROUTES, bytes(ours), window=0.2)


def test_route_bytes_caught():
    at = _offsets(ROUTES)[1]
    ours = bytearray(ROUTES)
    ours[at + 20] ^= 1  # the route's table byte
    assert compare_stdout("ip", ROUTES, bytes(ours), window=0.2)
    assert compare_stdout("ip", ROUTES, ROUTES[:-4], window=0.2)
    assert compare_stdout("ip", ROUTES, ROUTES + b"[]\n", window=0.2)
    assert "magic" in compare_stdout("ip", ROUTES, b"\0" + ROUTES[1:], window=0.2)
