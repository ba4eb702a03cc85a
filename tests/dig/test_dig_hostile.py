"""dig against hostile replies: the real dig and ours, the same bytes, the same output.

Hypothesis mutates real replies of the dig lab's named (tests/dig/hostile_seeds.txt):
truncations, overwritten bytes, wrong counts, compression pointers that loop or
point forward, records of any type (with a valid rdata of that type, damaged, or
random bytes) put anywhere -- OPT in the answer section, two OPTs, a TSIG that is
not the last record, SIG(0)s, other classes --, records given another type, class
or rdata length.  A canned server on 127.0.0.1 (an ephemeral port, in this process)
answers each query with its case's reply (the query's ID patched in); the real dig
and ours (`python -m pynettools dig`, this tree) ask the same questions, and must
print the same stdout (tests/harness/volatile.py's "dig" rules: query times),
the same stderr, the same exit status, and ours never a traceback.

One Hypothesis example is a batch of BATCH cases that both digs run as one
command line (a lookup per case, dig's multi-query form; dig starting once is
what makes thousands of cases affordable).  When a batch differs, its cases run
one by one to name the case (its seed, mutations and reply bytes).

How many cases: PYNETTOOLS_DIG_HOSTILE (default 10000) -- e.g. 100000 for a
long local run.  The mutated question of a reply makes dig wait for a reply
that matches; such cases go over TCP (+tcp), where dig gives up at once.
"""
import os
import socket
import struct
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import skip_live

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED_FILE = os.path.join(HERE, "hostile_seeds.txt")
TOTAL = int(os.environ.get("PYNETTOOLS_DIG_HOSTILE", "10000"))
BATCH = 250
BATCHES = max(1, -(-TOTAL // BATCH))
COMMON = ["+time=1", "+tries=1", "+nocmd"]
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


# ---- the seeds ----------------------------------------------------------------

def _load_seeds():
    seeds = []
    with open(SEED_FILE) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, rdtype, hexwire = line.split()
            seeds.append((name, rdtype, bytes.fromhex(hexwire)))
    return seeds


SEEDS = _load_seeds()


def _skip_name(wire, pos):
    """Past a name (labels or a pointer); raises IndexError past the end."""
    while True:
        n = wire[pos]
        if n & 0xC0 == 0xC0:
            wire[pos + 1]
            return pos + 2
        if n & 0xC0:
            raise IndexError(pos)
        pos += n + 1
        if n == 0:
            return pos


def _name_end(wire, pos):
    try:
        return _skip_name(wire, pos)
    except IndexError:
        return None


def records(wire):
    """[(section, start, fixed, end)] of the records that can be walked:
    start of the owner name, of its type field, and the record's end."""
    out = []
    try:
        counts = struct.unpack("!HHHH", wire[4:12])
        pos = 12
        for _ in range(counts[0]):
            pos = _skip_name(wire, pos) + 4
        for section in (1, 2, 3):
            for _ in range(counts[section]):
                start = pos
                fixed = _skip_name(wire, pos)
                rdlen = struct.unpack("!H", wire[fixed + 8:fixed + 10])[0]
                end = fixed + 10 + rdlen
                if end > len(wire):
                    return out
                out.append((section, start, fixed, end))
                pos = end
    except (IndexError, struct.error):
        pass
    return out


def question_end(wire):
    try:
        pos = 12
        for _ in range(struct.unpack("!H", wire[4:6])[0]):
            pos = _skip_name(wire, pos) + 4
        return pos
    except (IndexError, struct.error):
        return None


# ---- records to put in: a valid rdata of each type, to damage -------------------

_SAMPLES = {
    1: "198.51.100.7", 2: "ns.example.", 5: "c.example.", 6: "a.example. b.example. 1 2 3 4 5",
    11: "198.51.100.1 6 25 80", 12: "p.example.", 13: '"cpu" "os"', 15: "10 mx.example.",
    16: '"text" "more"', 17: "a.example. b.example.", 18: "1 afs.example.", 19: "311061700956",
    20: '"150862028003217" "004"', 21: "1 rt.example.", 22: "0x47000580005a0000000001e133ffffff00016100",
    24: "A 8 2 3600 20300101000000 20200101000000 1234 example. AQID",
    25: "256 3 8 AwEAAQ==", 26: "1 a.example. b.example.", 27: "1.0 2.0 3.0",
    28: "2001:db8::7", 29: "52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m",
    30: "n.example. A MX", 33: "1 2 3 t.example.", 34: "+358400001", 35: '1 2 "U" "E2U+sip" "!^.*$!x!" .',
    36: "1 kx.example.", 37: "1 2 3 AQID", 38: "64 ::1:2:3:4 p.example.", 39: "d.example.",
    40: "1 0 AQID", 42: "1:192.168.32.0/21 !1:192.168.38.0/28", 43: "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
    44: "1 1 8cfa4d1ba4bd2e6d1e8e4e0b8c3b0f0c7b2e1d4a", 45: "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==",
    46: "A 8 2 3600 20300101000000 20200101000000 1234 example. AQID", 47: "n.example. A RRSIG NSEC",
    48: "257 3 8 AwEAAQ==", 49: "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=",
    50: "1 0 10 AABB 0123456789ABCDEFGHIJKLMNOPQRSTUV A RRSIG", 51: "1 0 10 AABB", 52: "3 1 1 0123456789abcdef",
    53: "3 1 1 0123456789abcdef", 55: "2 200100107B1A74DF365639CC39F1D578 AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTdtWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDsj7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D rvs.example.",
    56: '"info"', 57: "0 3 8 AwEAAQ==", 58: "a.example. b.example.", 59: "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
    60: "257 3 8 AwEAAQ==", 61: "AQID", 62: "1 3 A NS AAAA", 63: "2018031500 1 1 " + "ab" * 48,
    64: '1 . alpn="h2" port=8443 ipv4hint=198.51.100.80', 65: '1 . alpn="h2,h3" ipv6hint=2001:db8::80',
    99: '"v=spf1 -all"', 104: "10 0014:4fff:ff20:ee64", 105: "10 10.1.2.0", 106: "10 2001:0db8:1140:1000",
    107: "10 l64.example.", 108: "00-00-5e-00-53-2a", 109: "00-00-5e-ef-10-00-00-2a",
    256: '10 1 "http://x/"', 257: '0 issue "ca.example"', 260: "10 0 1 203.0.113.15",
    249: None, 250: None, 41: None, 0: None,
}
_SAMPLE_WIRE = {}


def sample_rdata(rdtype):
    """A valid rdata of the type, in wire form (names uncompressed), or b""."""
    if rdtype not in _SAMPLE_WIRE:
        _SAMPLE_WIRE[rdtype] = _make_sample(rdtype)
    return _SAMPLE_WIRE[rdtype]


def _make_sample(rdtype):
    if rdtype == 250:
        alg = b"\x0bhmac-sha256\x00"
        return alg + struct.pack("!IHH", 0, 0x6000_0000 >> 16, 300)[2:] + struct.pack("!H", 32) + bytes(32) \
            + struct.pack("!HHH", 0, 0, 0)
    if rdtype == 249:
        return b"\x0bhmac-sha256\x00" + struct.pack("!IIHHH", 1, 2, 3, 0, 4) + b"abcd" + b"\x00\x00"
    if rdtype == 41:
        return struct.pack("!HH", 10, 8) + b"12345678"
    text = _SAMPLES.get(rdtype)
    if text is None:
        return b""
    import dns.rdata

    try:
        return dns.rdata.from_text(1, rdtype, text).to_wire()
    except Exception:  # a sample dnspython cannot read: no sample
        return b""


TYPES = sorted(t for t in _SAMPLES) + [65280, 100, 65535]
CLASSES = [1, 1, 1, 1, 3, 4, 254, 255, 2, 1232]


# ---- the mutations -----------------------------------------------------------------

def _owner(kind, at):
    if kind == 0:
        return b"\xc0\x0c"                       # the question's name
    if kind == 1:
        return b"\x00"                           # the root
    if kind == 2:
        return b"\x01x\x00"
    if kind == 3:
        return bytes((0xC0 | (at >> 8) & 0x3F, at & 0xFF))      # itself: a loop
    if kind == 4:
        return bytes((0xC0 | ((at + 2) >> 8) & 0x3F, (at + 2) & 0xFF))  # forward
    return b"\x40abc\x00"                        # label type 0x40


def _rdata(kind, rdtype, noise, cut):
    base = sample_rdata(rdtype)
    if kind == 0:
        return base
    if kind == 1:                                # cut short
        return base[:cut % (len(base) + 1)]
    if kind == 2:                                # a byte overwritten
        if not base:
            return noise[:1]
        data = bytearray(base)
        data[cut % len(data)] = noise[0] if noise else 0
        return bytes(data)
    if kind == 3:                                # longer
        return base + noise[:1 + cut % 4]
    return noise                                 # random bytes


def apply(wire, op):
    kind = op[0]
    wire = bytearray(wire)
    if kind == "truncate":
        return bytes(wire[:op[1] % (len(wire) + 1)])
    if kind == "byte":
        if len(wire) > 2:
            wire[2 + op[1] % (len(wire) - 2)] = op[2]
        return bytes(wire)
    if kind == "count":
        if len(wire) >= 12:
            at = 4 + 2 * op[1]
            old = struct.unpack("!H", wire[at:at + 2])[0]
            new = op[2] if op[3] else max(0, old + op[2] - 2)
            wire[at:at + 2] = struct.pack("!H", new & 0xFFFF)
        return bytes(wire)
    recs = records(bytes(wire))
    if kind == "insert":
        _, section, index, owner, rdtype, rdclass, ttl, rdkind, noise, cut, bump = op
        at = len(wire)
        same = [r for r in recs if r[0] == section]
        if same and index % (len(same) + 1) < len(same):
            at = same[index % (len(same) + 1)][1]
        elif recs and section < 3:
            later = [r for r in recs if r[0] > section]
            at = later[0][1] if later else len(wire)
        if at < 12 or len(wire) < 12:
            return bytes(wire)
        rdata = _rdata(rdkind, rdtype, noise, cut)
        record = _owner(owner, at) + struct.pack("!HHIH", rdtype, rdclass, ttl, len(rdata)) + rdata
        wire[at:at] = record
        counted = (bump % 3) + 1 if bump >= 3 else section
        pos = 4 + 2 * counted
        wire[pos:pos + 2] = struct.pack("!H", (struct.unpack("!H", wire[pos:pos + 2])[0] + 1) & 0xFFFF)
        return bytes(wire)
    if kind in ("opt", "svcb"):
        if len(wire) < 12:
            return bytes(wire)
        body = b"".join(struct.pack("!HH", code, max(0, len(data) + delta)) + data
                        for code, data, delta in op[2])
        if kind == "opt":
            record = b"\x00" + struct.pack("!HHIH", 41, 1232, op[1], len(body)) + body
            counted = 3
        else:
            rdata = struct.pack("!H", op[1] & 1) + b"\x00" + body
            record = b"\xc0\x0c" + struct.pack("!HHIH", 64 + (op[1] >> 1 & 1), 1, 60, len(rdata)) + rdata
            counted = 1 + (op[1] >> 2) % 3
        wire += record
        pos = 4 + 2 * counted
        wire[pos:pos + 2] = struct.pack("!H", (struct.unpack("!H", wire[pos:pos + 2])[0] + 1) & 0xFFFF)
        return bytes(wire)
    if not recs:
        return bytes(wire)
    section, start, fixed, end = recs[op[1] % len(recs)]
    if kind == "type":
        wire[fixed:fixed + 2] = struct.pack("!H", op[2])
    elif kind == "class":
        wire[fixed + 2:fixed + 4] = struct.pack("!H", op[2])
    elif kind == "rdlen":
        old = struct.unpack("!H", wire[fixed + 8:fixed + 10])[0]
        wire[fixed + 8:fixed + 10] = struct.pack("!H", max(0, old + op[2]) & 0xFFFF)
    elif kind == "owner":
        wire[start:fixed] = _owner(op[2], start)
    elif kind == "rdata":
        rdata = op[2]
        wire[fixed + 8:end] = struct.pack("!H", len(rdata)) + rdata
    return bytes(wire)


_small = st.integers(0, 1 << 16)
_noise = st.binary(min_size=0, max_size=48)
OPS = st.one_of(
    st.tuples(st.just("truncate"), _small),
    st.tuples(st.just("byte"), _small, st.integers(0, 255)),
    st.tuples(st.just("count"), st.integers(0, 3), st.integers(0, 6), st.booleans()),
    st.tuples(st.just("insert"), st.integers(1, 3), _small, st.integers(0, 5), st.sampled_from(TYPES),
              st.sampled_from(CLASSES), st.integers(0, (1 << 32) - 1), st.integers(0, 4), _noise, _small,
              st.integers(0, 5)),
    st.tuples(st.just("type"), _small, st.sampled_from(TYPES)),
    st.tuples(st.just("class"), _small, st.sampled_from(CLASSES)),
    st.tuples(st.just("rdlen"), _small, st.integers(-3, 3)),
    st.tuples(st.just("owner"), _small, st.integers(0, 5)),
    st.tuples(st.just("rdata"), _small, _noise),
    # an OPT record (ADDITIONAL, at the end) or an SVCB/HTTPS one with
    # options / parameters of the codes BIND checks, their lengths a little off
    st.tuples(st.just("opt"), st.sampled_from([0, 0x8000, 1 << 24, 0x01000000 | 0x8000]),
              st.lists(st.tuples(st.sampled_from([1, 3, 5, 8, 9, 10, 11, 12, 14, 15, 16, 17, 65001]),
                                 st.binary(max_size=24), st.sampled_from([0, 0, 0, 0, 1, -1])),
                       max_size=3)),
    st.tuples(st.just("svcb"), st.integers(0, 15),
              st.lists(st.tuples(st.integers(0, 8), st.one_of(st.binary(max_size=20), st.sampled_from(
                  [b"\x02h2", b"\x02h2\x02h3", b"/dns-query{?dns}", b"/q{dns}", b"/{?x,dns}", b"\x00\x01\x00\x03"])),
                  st.sampled_from([0, 0, 0, 0, 1])), max_size=4)),
)
OPTIONS = st.sampled_from([(), (), (), (), ("+nobesteffort",), ("+tcp",), ("+dnssec",), ("+ignore",),
                           ("+multiline",), ("+short",)])


class Case:
    def __init__(self, seed, ops, options):
        self.seed, self.ops, self.options = seed, ops, options
        self.name, self.rdtype, wire = SEEDS[seed]
        for op in ops:
            wire = apply(wire, op)
        if len(wire) >= 3:
            # opcode as asked: another one makes dig wait for a better reply
            wire = wire[:2] + bytes((wire[2] & 0x87,)) + wire[3:]
        if not _same_whatever_the_id(wire):
            # a pointer into the header reads the message id, which the
            # server sets to the query's (random): no case for a comparison
            wire = SEEDS[seed][2]
        self.wire = wire

    def __repr__(self):
        return "Case(%d, %r, %r)" % (self.seed, self.ops, self.options)

    def describe(self):
        return "seed %d (%s %s), ops %r, options %r\nreply %s" % (
            self.seed, self.name, self.rdtype, self.ops, self.options, self.wire.hex())


def _same_whatever_the_id(wire):
    """Whether BIND's parse of the reply comes out the same for any id."""
    from pynettools.tools.dig import bindparse

    outcomes = set()
    for qid in (b"\x00\x00", b"\x3f\xff", b"\x40\x00", b"\xc0\x00", b"\xff\xff"):
        try:
            parsed = bindparse.parse(qid + wire[2:])
        except bindparse.Fail as why:
            outcomes.add(why.text)
            continue
        records = [(r.labels, r.rdtype, r.rdclass, r.rdata) for s in parsed.sections[1:] for r in s]
        outcomes.add(repr((parsed.question, records, parsed.end, parsed.malformed)))
    return len(outcomes) == 1


@st.composite
def cases(draw):
    seed = draw(st.integers(0, len(SEEDS) - 1))
    ops = draw(st.lists(OPS, min_size=1, max_size=3))
    return Case(seed, tuple(ops), draw(OPTIONS))


# ---- the canned server ---------------------------------------------------------------

class Server:
    """UDP and TCP on 127.0.0.1, one port: a query's first label picks the reply."""

    def __init__(self):
        self.replies = {}
        for _ in range(20):
            self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.udp.bind(("127.0.0.1", 0))
            self.port = self.udp.getsockname()[1]
            self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                self.tcp.bind(("127.0.0.1", self.port))
                break
            except OSError:
                self.udp.close()
                self.tcp.close()
        self.tcp.listen(64)
        for target in (self._serve_udp, self._serve_tcp):
            threading.Thread(target=target, daemon=True).start()

    def reply(self, query):
        if len(query) < 14:
            return None
        label = query[13:13 + query[12]].decode("ascii", "replace").lower()
        wire = self.replies.get(label)
        if wire is None:
            return None
        return query[:2] + wire[2:] if len(wire) >= 2 else wire

    def _serve_udp(self):
        while True:
            try:
                data, peer = self.udp.recvfrom(65535)
            except OSError:
                return
            out = self.reply(data)
            if out is not None:
                try:
                    self.udp.sendto(out, peer)
                except OSError:
                    pass

    def _serve_tcp(self):
        while True:
            try:
                conn, _ = self.tcp.accept()
            except OSError:
                return
            threading.Thread(target=self._tcp_conn, args=(conn,), daemon=True).start()

    def _tcp_conn(self, conn):
        data = b""
        with conn:
            while True:
                try:
                    chunk = conn.recv(65535)
                except OSError:
                    return
                if not chunk:
                    return
                data += chunk
                while len(data) >= 2 and len(data) >= 2 + struct.unpack("!H", data[:2])[0]:
                    size = struct.unpack("!H", data[:2])[0]
                    out = self.reply(data[2:2 + size])
                    data = data[2 + size:]
                    if out is not None:
                        try:
                            conn.sendall(struct.pack("!H", len(out)) + out)
                        except OSError:
                            return


# ---- running both digs ------------------------------------------------------------------

def _tag(index, length):
    text = ""
    n = index
    for _ in range(length - 1):
        text = ALPHABET[n % 36] + text
        n //= 36
    return "z" + text


def _lookup_args(case, label):
    rest = case.name.split(".", 1)[1]
    args = ["%s.%s" % (label, rest), case.rdtype] + list(case.options)
    if "+tcp" not in case.options and not _udp_ok(case):
        args.append("+tcp")
    return args


def _udp_ok(case):
    """Over UDP dig waits (+time) for a reply whose question is the one it
    asked; a reply it can parse with another question goes over TCP."""
    from pynettools.tools.dig import bindparse

    wire = case.sent
    if len(wire) < 12:
        return False
    try:
        parsed = bindparse.parse(wire, besteffort="+nobesteffort" not in case.options)
    except bindparse.Fail:
        return True
    asked = [label.lower() for label in case.name.rstrip(".").split(".")[1:]]
    import dns.rdatatype

    rdtype = dns.rdatatype.from_text(case.rdtype)
    for labels, questions in parsed.question:
        if [l.lower() for l in labels[1:]] != [a.encode() for a in asked] or len(labels) != len(asked) + 1:
            return False
        if labels[0].lower() != case.label.encode().lower():
            return False
        if any(q != (rdtype, 1) for q in questions):
            return False
    return True


def run_batch(server, batch):
    """(real, ours): each (stdout, stderr, exit status, seconds) for the batch."""
    argv = ["@127.0.0.1", "-p", str(server.port)] + COMMON
    for index, case in enumerate(batch):
        label = _tag(index, len(case.name.split(".")[0]))
        case.label = label
        case.sent = server.replies[label] = _with_label(case.wire, case.name, label)
    for case in batch:
        argv += _lookup_args(case, case.label)
    env = dict(os.environ, LC_ALL="C", LANG="C", HOME="/nonexistent")
    real = _run(["dig"] + argv, env)
    ours = _run([sys.executable, "-m", "pynettools", "dig"] + argv, env)
    return real, ours


def _with_label(wire, name, label):
    """The reply with the question name's first label replaced (same length,
    so every compression pointer still points where it did)."""
    first = name.split(".")[0].encode()
    at = 13
    if len(wire) >= at + len(first) and wire[12:13] == bytes((len(first),)) \
            and wire[at:at + len(first)].lower() == first.lower():
        return wire[:at] + label.encode() + wire[at + len(first):]
    return wire


def _run(argv, env):
    start = time.time()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT,
                          timeout=600)
    return proc.stdout, proc.stderr, proc.returncode, time.time() - start


@pytest.fixture(scope="module")
def server():
    import shutil

    if shutil.which("dig") is None:
        skip_live("needs dig (bind9-dnsutils)")
    return Server()


def _differences(real, ours):
    from tests.harness import volatile

    window = real[3] + ours[3] + 1.0
    why = volatile.compare_stdout("dig", real[0], ours[0], window)
    if why:
        return "stdout: " + why
    why = volatile.compare_stderr("dig", real[1], ours[1])
    if why:
        return "stderr: %s (real %r, ours %r)" % (why, real[1][:300], ours[1][:300])
    if real[2] != ours[2]:
        return "exit status: real %d, ours %d" % (real[2], ours[2])
    return None


def _explain(server, batch):
    """The first case of a failing batch that fails alone, with both outputs."""
    for case in batch:
        real, ours = run_batch(server, [case])
        why = _differences(real, ours) or (b"Traceback" in ours[1] and "a traceback")
        if why:
            return "%s\n%s\n--- real dig\n%s--- ours\n%s%s" % (
                why, case.describe(), real[0].decode("utf-8", "replace"),
                ours[0].decode("utf-8", "replace"), ours[1].decode("utf-8", "replace"))
    return "no case fails alone (the batch's cases interact)"


_STATS = {"cases": 0}


@settings(max_examples=BATCHES, deadline=None, derandomize=False, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(batch=st.lists(cases(), min_size=BATCH, max_size=BATCH))
def test_hostile_replies(server, batch):
    real, ours = run_batch(server, batch)
    _STATS["cases"] += len(batch)
    assert b"Traceback" not in ours[1], _explain(server, batch)
    why = _differences(real, ours)
    assert why is None, why + "\n" + _explain(server, batch)


def test_hostile_count():
    """The run above went through every case it was asked for."""
    if _STATS["cases"] == 0:
        pytest.skip("test_hostile_replies did not run")
    assert _STATS["cases"] >= TOTAL


# ---- recording the seeds ------------------------------------------------------------------

SEED_QUERIES = [("example.test.", t, False) for t in (
    "SOA", "NS", "A", "AAAA", "MX", "TXT", "CAA", "HINFO", "LOC", "HTTPS", "DNSKEY", "NSEC", "ANY")] + [
    ("www.example.test.", "A", True), ("www.example.test.", "AAAA", False),
    ("www.example.test.", "SSHFP", True), ("_443._tcp.www.example.test.", "TLSA", False),
    ("alias.example.test.", "A", False), ("chain.example.test.", "A", True),
    ("legacy.example.test.", "A", False), ("www.legacy.example.test.", "A", False),
    ("_sip._tcp.example.test.", "SRV", False), ("_http._tcp.example.test.", "URI", False),
    ("naptr.example.test.", "NAPTR", False), ("svc.example.test.", "SVCB", False),
    ("txt.example.test.", "TXT", False), ("big.example.test.", "TXT", False),
    ("private.example.test.", "TYPE65280", False), ("nope.example.test.", "A", True),
    ("nope.nsec3.example.test.", "A", True), ("nsec3.example.test.", "NSEC3PARAM", True),
    ("mail.example.test.", "MX", False), ("example.test.", "RRSIG", True),
    ("empty.example.test.", "TYPE65280", False)]


def record(server_address="198.51.100.53"):
    """Print the seed file's lines: each query's reply as named sent it (TCP)."""
    import dns.flags
    import dns.message

    for name, rdtype, dnssec in SEED_QUERIES:
        query = dns.message.make_query(name, rdtype, use_edns=0, payload=1232, want_dnssec=dnssec)
        query.flags &= ~dns.flags.RD
        wire = query.to_wire()
        with socket.create_connection((server_address, 53), timeout=3) as conn:
            conn.sendall(struct.pack("!H", len(wire)) + wire)
            data = b""
            while len(data) < 2 or len(data) < 2 + struct.unpack("!H", data[:2])[0]:
                chunk = conn.recv(65535)
                if not chunk:
                    break
                data += chunk
        print("%s %s %s" % (name, rdtype, data[2:].hex()))


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    record()
