"""The fault server's replies (tests/dig/faultserver.py), byte by byte, on loopback: no root needed.

What the real dig makes of them: tests/dig/fault_cases.py (the lab) and
faultserver.py's docstring.
"""
import os
import socket
import struct
import subprocess
import sys
import time

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
FIRST, OTHER = "127.0.0.1", "127.0.0.2"


def free_port():
    """A port free for UDP and TCP on both addresses (good enough: the server binds it at once)."""
    for _ in range(20):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind((FIRST, 0))
            port = u.getsockname()[1]
        try:
            for address in (FIRST, OTHER):
                for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                    with socket.socket(socket.AF_INET, kind) as s:
                        s.bind((address, port))
            return port
        except OSError:
            continue
    pytest.skip("no free port on loopback")


@pytest.fixture(scope="module")
def server():
    port = free_port()
    argv = [sys.executable, os.path.join(HERE, "faultserver.py"), "--canned", os.path.join(HERE, "canned"),
            "--port", str(port), FIRST, OTHER]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 5
    while True:
        try:
            socket.create_connection((FIRST, port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the fault server did not start: %s" % process.stderr.read().decode())
            time.sleep(0.02)
    yield port
    process.kill()
    process.wait()


def query(name, rdtype="A", **kwargs):
    kwargs.setdefault("use_edns", 0)
    return dns.message.make_query(name, rdtype, **kwargs)


def udp(port, q, address=FIRST, count=1):
    """[(reply bytes, the address it came from)] of `count` datagrams."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1)
        s.sendto(q.to_wire(), (address, port))
        return [s.recvfrom(65535) for _ in range(count)]


def tcp(port, q, address=FIRST, count=1):
    """What the server sends on a connection: until `count` whole messages, or it closes it."""
    with socket.create_connection((address, port), timeout=1) as s:
        wire = q.to_wire()
        s.sendall(struct.pack("!H", len(wire)) + wire)
        data = b""
        while len(messages(data)) < count:
            chunk = s.recv(65535)
            if not chunk:
                break
            data += chunk
        return data


def messages(stream):
    """The whole length-prefixed messages at the start of a TCP stream."""
    out = []
    while len(stream) >= 2:
        length = struct.unpack("!H", stream[:2])[0]
        if len(stream) < 2 + length:
            break
        out.append(stream[2:2 + length])
        stream = stream[2 + length:]
    return out


def parse(wire):
    return dns.message.from_wire(wire, one_rr_per_rrset=True)


def test_good_reply_carries_the_question(server):
    q = query("ok.fault.test", "AAAA")
    (wire, peer), = udp(server, q)
    reply = parse(wire)
    assert peer[0] == FIRST and reply.id == q.id and reply.question == q.question
    assert reply.flags & (dns.flags.QR | dns.flags.AA | dns.flags.RD | dns.flags.RA) == reply.flags
    assert [rr.to_text() for rr in reply.answer] == ["ok.fault.test. 300 IN AAAA 2001:db8::99"]
    assert reply.edns == 0 and reply.payload == 1232


def test_rcodes_and_noopt(server):
    assert parse(udp(server, query("servfail.fault.test"))[0][0]).rcode() == dns.rcode.SERVFAIL
    nx = parse(udp(server, query("nxdomain.x.test"))[0][0])
    assert nx.rcode() == dns.rcode.NXDOMAIN and nx.authority[0].to_text().startswith("x.test. 60 IN SOA ns.x.test.")
    formerr = parse(udp(server, query("noopt-formerr.fault.test"))[0][0])
    assert formerr.rcode() == dns.rcode.FORMERR and formerr.edns == -1
    assert parse(udp(server, query("rcode-100.fault.test"))[0][0]).rcode() == 100


def test_truncation_then_tcp(server):
    q = query("tc.fault.test")
    small = parse(udp(server, q)[0][0])
    assert small.flags & dns.flags.TC and not small.answer
    full, = messages(tcp(server, q))
    assert not parse(full).flags & dns.flags.TC and len(parse(full).answer) == 1
    assert parse(messages(tcp(server, query("tc-always.fault.test")))[0]).flags & dns.flags.TC
    assert tcp(server, query("tcpclose.fault.test")) == b""


def test_wrong_replies(server):
    q = query("wrongid-then-right.fault.test")
    (first, _), (second, _) = udp(server, q, count=2)
    assert struct.unpack("!H", first[:2])[0] == (q.id + 1) & 0xFFFF and parse(second).id == q.id
    wrongq = parse(udp(server, query("wrongq.fault.test"))[0][0])
    assert str(wrongq.question[0].name) == "other.fault.test."
    (wire, peer), = udp(server, query("otheraddr.fault.test"))
    assert peer[0] == OTHER and parse(wire).answer
    assert len(udp(server, query("short-header.fault.test"))[0][0]) == 6


def test_first_only_at_the_first_address(server):
    q = query("first-servfail.fault.test")
    assert parse(udp(server, q, FIRST)[0][0]).rcode() == dns.rcode.SERVFAIL
    assert parse(udp(server, q, OTHER)[0][0]).rcode() == dns.rcode.NOERROR


def test_malformed(server):
    wire = udp(server, query("trailing.fault.test"))[0][0]
    assert wire.endswith(b"\xde\xad\xbe\xef\x00")
    with pytest.raises(dns.exception.DNSException):
        parse(udp(server, query("ptrloop.fault.test"))[0][0])
    with pytest.raises(dns.exception.DNSException):
        parse(udp(server, query("twoopt.fault.test"))[0][0])


def test_badcookie_echoes_the_client_cookie(server):
    cookie = dns.edns.GenericOption(dns.edns.COOKIE, b"\x01" * 8)
    q = query("badcookie.fault.test", options=[cookie])
    reply = parse(udp(server, q)[0][0])
    assert reply.rcode() == dns.rcode.BADCOOKIE
    assert reply.options[0].to_wire() == b"\x01" * 8 + bytes(range(0xa0, 0xa8))


def test_canned(server):
    q = query("c1.canned")
    reply = parse(udp(server, q)[0][0])
    assert reply.id == q.id and [rr.rdtype for rr in reply.answer] == [dns.rdatatype.A, 65534]
    transfer = messages(tcp(server, query("c2.canned", "AXFR"), count=2))
    assert len(transfer) == 2 and all(struct.unpack("!H", m[:2])[0] for m in transfer)
    assert parse(udp(server, query("c9.canned"))[0][0]).rcode() == dns.rcode.REFUSED
