"""The dig lab's fault server: a DNS server that does on purpose what no real one does.

Stand-alone (standard library only), started by the lab in its "dns"
namespace (tests/dig/labs.py) through tests/lab/spawn.py:

    python3 faultserver.py [--canned DIR]... [--port N] ADDRESS...

listens on port 53 (or N), UDP and TCP, at every ADDRESS (the lab: 198.51.100.66,
.67, 2001:db8::66, ::67).  What it does with a query is chosen by the first
label of the query name, whatever follows it (the cases use NAME.fault.test);
"the zone" below is the name without that first label.  Every reply carries
the question dig asked (name, type, class), the query's ID and RD bit,
QR AA and RA, and an OPT record (UDP size 1232, no options) when the query
had one -- unless the mode is about breaking that.

Modes (first label), each with what dig 9.18.49 (Debian 12) does with it:
every line dig prints goes to stdout; what it prints before it accepts a
reply (warnings, "Truncated", errors) comes before its "; <<>> DiG" banner,
as dig prints the banner with the first reply it accepts or with its final
";; no servers could be reached" (+short too).  "Timed out" below: one
";; communications error to 198.51.100.66#53: timed out" per try, the
banner, ";; no servers could be reached", exit 9.  Unless said, exit 0.

    ok (or any unknown label)  NOERROR with an answer: A 198.51.100.99,
                AAAA 2001:db8::99, TXT "fault server"; another type: no answer
    silent      never answers (TCP: the connection is read and kept open).
                dig: timed out, UDP or TCP
    servfail, refused, notimp, formerr, nxdomain
                that rcode, no answer (nxdomain: the zone's SOA in authority).
                dig: the reply.  +nofail, one server: ";; Got SERVFAIL reply
                from 198.51.100.66" first; several (first-servfail
                @faults.lab.example): ";; Got SERVFAIL reply from 2001:db8::66,
                trying next server", then the next one's answer
    tc          UDP: no answer, TC set; TCP: the full answer.  dig: ";; Truncated,
                retrying in TCP mode.", then the TCP answer; +ignore: the
                truncated reply (flags qr aa tc rd ra)
    tc-always   TC set on TCP too (with the full answer there).  dig: as tc, its
                TCP answer printed with tc
    tc-tcpclose UDP as tc; TCP as tcpclose.  dig: the "Truncated" line, then
                ";; communications error to 198.51.100.66#53: end of file", the
                banner, ";; no servers could be reached", exit 9
    wrongid     the good reply with ID + 1, then nothing (TCP: kept open).
                dig, UDP: ";; Warning: ID mismatch: expected ID N, got N+1",
                then timed out; TCP: ";; ERROR: ID mismatch: expected ID N, got
                N+1" and nothing else (no banner), exit 0
    wrongid-then-right  the reply with ID + 1, then the good reply.  dig, UDP:
                the warning, then the answer; TCP: as wrongid
    wrongq      the reply for another question (other.ZONE, same type), then
                nothing.  dig, UDP: ";; ;; Question section mismatch: got
                other.fault.test/A/IN" (two ";;"), then timed out; TCP: that
                line alone, exit 0
    wrongq-then-right   that, then the good reply.  dig, UDP: the line, the answer
    wrongopcode the good reply with opcode STATUS (2), then nothing.  dig: ";;
                Warning: Opcode mismatch: expected QUERY, got STATUS", reads on:
                timed out (TCP too)
    noqr        the good reply without QR.  dig: ";; Warning: query response
                not set", then the reply (flags: aa rd ra)
    otheraddr   UDP: the good reply sent from another of the server's
                addresses (of the same family), then nothing; TCP: the good
                reply.  dig, UDP: timed out (its connected socket never sees it)
    slow        the good reply after 1.5 s.  dig: +time=1 timed out, +time=2 the answer
    tcpclose    TCP: read the query, close without an answer; UDP: the good
                reply.  dig +tcp: ";; communications error to
                198.51.100.66#53: end of file" per try, banner, no servers, exit 9
    tcpshort    TCP: the length prefix, half the message, close (dig: as
                tcpclose); UDP: the first half of the reply (dig: ";; Warning:
                Message parser reports malformed message packet.", the header
                lines only, ";; WARNING: Message has 20 extra bytes at end")
    short-header  6 bytes: the query's ID, flags QR, a zero QDCOUNT.  dig, UDP:
                ";; Warning: short (< header size) message received", then timed
                out; TCP: ";; ERROR: short (< header size) message" alone, exit 0
    trailing    the good reply plus 5 garbage bytes.  dig: ";; WARNING: Message
                has 5 extra bytes at end" after the flags line
    badcount    the good reply with ANCOUNT one more than the records.  dig
                (best effort, its default): the "malformed message packet"
                warning; the OPT read as the second answer, printed
                ".\t\t\t0\tCLASS1232 OPT\t"; no OPT pseudosection
    ptrloop     an answer whose owner name is a compression pointer to itself.
                dig: ";; Got bad packet: bad compression pointer", "63 bytes",
                a hex dump (16 bytes a line, then their characters), no banner
    badrdlen    an A record whose RDLENGTH says 5 (5 bytes of data follow).
                dig: ";; Got bad packet: extra input data" and the dump
    badopt      an OPT whose option length runs past its RDATA.  dig: the
                "malformed" warning, no OPT pseudosection, "Message has 8 extra
                bytes at end"; +nobesteffort: "Got bad packet: unexpected end of input"
    twoopt      two OPT records.  dig: the "malformed" warning, the second OPT
                printed in the ADDITIONAL SECTION; +nobesteffort (badcount too):
                ";; Got bad packet: FORMERR" and the dump
    badtsig     a TSIG record (fault-key., hmac-sha256, time now, original ID
                4660) with a garbage MAC, last.  dig: printed under
                ";; TSIG PSEUDOSECTION:", unchecked; with -y (any secret):
                ";; Couldn't verify signature: tsig verify failure" first and
                ";; WARNING -- Some TSIG could not be validated" last
    badcookie   rcode BADCOOKIE (23) with the client's cookie plus the server
                cookie a0a1a2a3a4a5a6a7.  dig: ";; BADCOOKIE, retrying.", ";;
                BADCOOKIE, retrying in TCP mode.", then the TCP reply (status:
                BADCOOKIE, "; COOKIE: <client's>a0a1a2a3a4a5a6a7 (good)");
                +tcp or +nobadcookie: no retry
    badvers     rcode BADVERS (16), OPT version 0.  dig: the reply; with
                +edns=1: ";; BADVERS, retrying with EDNS version 0." first, then
                the second BADVERS (+noednsneg: no retry)
    ednsopts    the good reply, its OPT with NSID "fault", CLIENT-SUBNET
                198.51.100.0/24/16, EXPIRE 3600, TCP-KEEPALIVE 600, EDE 18
                "fault server", option 65001 "abc", PADDING (8 bytes).  dig:
                "; NSID: 66 61 75 6c 74 ("fault")", "; CLIENT-SUBNET:
                198.51.100.0/24/16", "; EXPIRE: 3600 (1 hour)", "; TCP
                KEEPALIVE: 60.0 secs", "; EDE: 18 (Prohibited): (fault server)",
                "; OPT=65001: 61 62 63 ("abc")", "; PAD: (8 bytes)"
    rcode-N     rcode N (0-4095; above 15 in OPT's extended rcode, so only
                with EDNS), no answer.  dig: status NOTAUTH (9), RESERVED11
                (11), ?100 (100; +noedns: the low 4 bits, NOTIMP)
    flags-HEX   the good reply with header flags HEX (opcode and rcode
                included).  dig: 85b0 "qr aa rd ra ad cd"; 8440 (Z) "flags: qr
                aa; MBZ: 0x4;"; fff0 "Opcode mismatch: ... got RESERVED15";
                8710 (tc): retried over TCP, printed with tc
    ednsflags-HEX  the good reply with OPT flags HEX (DO is 8000).  dig:
                ffff "; EDNS: version: 0, flags: do co; MBZ: 0x3fff, udp: 1232"
    echo        the query itself, QR set.  dig: flags "qr rd ad", the
                recursion warning, "; COOKIE: <client's> (echoed)"
    noopt-MODE  MODE, without the OPT record.  dig, noopt-formerr and
                noopt-notimp: ";; WARNING: EDNS query returned status FORMERR -
                retry with '+noedns'" ('+nodnssec +noedns' with +dnssec)
    first-MODE  MODE when asked at the first address of its family on the
                command line (the lab: .66, ::66); elsewhere (.67, ::67) the
                good reply: a server name with both addresses (the lab's
                faults.lab.example) shows dig going on to its next server
                (first-silent: one "timed out", then the next one's answer)
    c<ID>       under "canned" (c<ID>.canned): the bytes of the file
                DIR/<ID>.bin, its first two bytes replaced by the query's ID
                (DIR/<ID>.raw.bin: sent as it is); over TCP, one message with
                its length prefix, or DIR/<ID>.tcp.bin, a stream of
                length-prefixed messages (a zone transfer of several
                messages: the ID of each whose ID is 0 replaced), after which
                the server closes the connection.  Each --canned DIR is
                searched in order; no such file: REFUSED.  The committed ones
                (tests/dig/canned/make.py): c1 an unknown type, c2 a transfer
                of two messages, c3 records of two classes (dig: "Got bad
                packet: bad compression pointer": BIND's best-effort parser
                skips the odd record's owner but not its data), c4 a transfer
                whose second message has another ID (dig: ";; WARNING: ID
                mismatch: expected ID N, got 48879" between the records, goes
                on), c5 a transfer cut short (the records, then "end of
                file", no servers, exit 9)

Volatile in what dig prints beyond the ID and times: the ID in the mismatch
lines and in the first two bytes of a hex dump (and its characters), dig's
client cookie.  The golden cases: tests/dig/fault_cases.py.
"""
import os
import select
import socket
import struct
import sys
import threading
import time

PORT = 53
EDNS_SIZE = 1232
SLOW_SECONDS = 1.5
# Flags
QR, AA, TC, RD, RA = 0x8000, 0x0400, 0x0200, 0x0100, 0x0080
RCODES = {"servfail": 2, "nxdomain": 3, "notimp": 4, "refused": 5, "formerr": 1}
T_A, T_AAAA, T_TXT, T_SOA, T_OPT, T_TSIG = 1, 28, 16, 6, 41, 250
CLASS_IN = 1
COOKIE = 10
SERVER_COOKIE = bytes(range(0xa0, 0xa8))
TSIG_ORIGINAL_ID = 4660


# ---- the query -----------------------------------------------------------------


class Query:
    """What a reply needs from the query: ID, flags, question, EDNS."""

    def __init__(self, wire):
        self.wire = wire
        self.id, self.flags, qdcount = struct.unpack("!HHH", wire[:6])
        self.labels, end = read_name(wire, 12)
        self.qtype, self.qclass = struct.unpack("!HH", wire[end:end + 4])
        self.question = wire[12:end + 4] if qdcount else b""
        self.edns = False
        self.edns_version = 0
        self.client_cookie = None
        self._read_opt(wire, end + 4)
        self.mode, self.first_only = self._prefixes()
        if self.noopt:
            self.edns = False

    def _prefixes(self):
        """(the mode, first- given?), after the prefixes noopt- and first- (either order)."""
        mode = self.labels[0].lower().decode("ascii", "replace") if self.labels else ""
        self.noopt = first = False
        while True:
            if mode.startswith("noopt-"):
                self.noopt, mode = True, mode[len("noopt-"):]
            elif mode.startswith("first-"):
                first, mode = True, mode[len("first-"):]
            else:
                return mode, first

    def _read_opt(self, wire, offset):
        """The OPT record of the additional section (the query has nothing else dig sends but TSIG)."""
        counts = struct.unpack("!HHH", wire[6:12])
        for _ in range(sum(counts)):
            _, offset = read_name(wire, offset)
            rtype, _, _, rdlen = struct.unpack("!HHIH", wire[offset:offset + 10])
            rdata = wire[offset + 10:offset + 10 + rdlen]
            offset += 10 + rdlen
            if rtype == T_OPT:
                self.edns = True
                self.edns_version = wire[offset - 10 + 5]
                self._read_options(rdata)

    def _read_options(self, rdata):
        i = 0
        while i + 4 <= len(rdata):
            code, length = struct.unpack("!HH", rdata[i:i + 4])
            if code == COOKIE:
                self.client_cookie = rdata[i + 4:i + 4 + min(length, 8)]
            i += 4 + length

    def zone(self):
        """The query name without its first label, in wire form."""
        return encode_labels(self.labels[1:])


def read_name(wire, offset):
    """(labels, offset after the name) of an uncompressed name (queries are)."""
    labels = []
    while True:
        length = wire[offset]
        offset += 1
        if length == 0:
            return labels, offset
        if length & 0xC0:
            raise ValueError("compressed name in a query")
        labels.append(wire[offset:offset + length])
        offset += length


def encode_labels(labels):
    return b"".join(bytes([len(label)]) + label for label in labels) + b"\0"


# ---- replies --------------------------------------------------------------------


def header(query, rcode=0, qd=1, an=0, ns=0, ar=0, flags=None, msg_id=None):
    if flags is None:
        flags = QR | AA | (query.flags & RD) | (RA if query.flags & RD else 0)
    return struct.pack("!HHHHHH", query.id if msg_id is None else msg_id, flags | (rcode & 0xF), qd, an, ns, ar)


def rr(owner, rtype, ttl, rdata, rclass=CLASS_IN, rdlen=None):
    return owner + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata) if rdlen is None else rdlen) + rdata


def opt(ext_rcode=0, options=b"", rdlen=None, flags=0):
    """An OPT record, EDNS version 0: its TTL is extended rcode, version, flags."""
    return rr(b"\0", T_OPT, (ext_rcode << 24) | flags, options, rclass=EDNS_SIZE, rdlen=rdlen)


def option(code, data):
    return struct.pack("!HH", code, len(data)) + data


def answers(query):
    """The good answer records for the question (a pointer to it as their owner)."""
    owner = b"\xc0\x0c"
    if query.qclass != CLASS_IN:
        return []
    if query.qtype == T_A:
        return [rr(owner, T_A, 300, socket.inet_pton(socket.AF_INET, "198.51.100.99"))]
    if query.qtype == T_AAAA:
        return [rr(owner, T_AAAA, 300, socket.inet_pton(socket.AF_INET6, "2001:db8::99"))]
    if query.qtype == T_TXT:
        return [rr(owner, T_TXT, 300, b"\x0cfault server")]
    return []


def soa(query):
    zone = query.zone()
    rdata = b"\x02ns" + zone + b"\x0ahostmaster" + zone + struct.pack("!IIIII", 1, 3600, 600, 86400, 60)
    return rr(zone, T_SOA, 60, rdata)


def message(query, records=(), authority=(), additional=(), rcode=0, flags=None, msg_id=None, question=None,
            options=b"", edns_flags=0):
    """A whole reply: the query's question, the records, OPT (first in the
    additional section: a TSIG must be last; with `options`, `edns_flags`)
    when the query had EDNS."""
    additional = ([opt(rcode >> 4, options, flags=edns_flags)] if query.edns else []) + list(additional)
    question = query.question if question is None else question
    head = header(query, rcode, qd=1 if question else 0, an=len(records), ns=len(authority),
                  ar=len(additional), flags=flags, msg_id=msg_id)
    return head + question + b"".join(records) + b"".join(authority) + b"".join(additional)


def good(query, **kwargs):
    return message(query, answers(query), **kwargs)


def rcode_reply(query):
    rcode = RCODES[query.mode]
    authority = [soa(query)] if rcode == 3 else []
    return message(query, authority=authority, rcode=rcode)


def truncated(query):
    flags = QR | AA | TC | (query.flags & RD) | (RA if query.flags & RD else 0)
    return message(query, flags=flags)


def tc_always_tcp(query):
    flags = QR | AA | TC | (query.flags & RD) | (RA if query.flags & RD else 0)
    return message(query, answers(query), flags=flags)


def wrong_question(query):
    other = encode_labels([b"other"] + query.labels[1:]) + struct.pack("!HH", query.qtype, query.qclass)
    return message(query, question=other)


def wrong_opcode(query):
    flags = QR | AA | (2 << 11) | (query.flags & RD) | (RA if query.flags & RD else 0)
    return good(query, flags=flags)


def no_qr(query):
    return good(query, flags=AA | (query.flags & RD) | (RA if query.flags & RD else 0))


def short_header(query):
    return struct.pack("!HHH", query.id, QR, 0)


def trailing(query):
    return good(query) + b"\xde\xad\xbe\xef\x00"


def bad_count(query):
    wire = bytearray(good(query))
    struct.pack_into("!H", wire, 6, struct.unpack("!H", wire[6:8])[0] + 1)
    return bytes(wire)


def pointer_loop(query):
    # the owner is a pointer to its own offset: right after the header and question
    here = 12 + len(query.question)
    record = struct.pack("!H", 0xC000 | here) + struct.pack("!HHIH", T_A, CLASS_IN, 300, 4) + bytes([198, 51, 100, 99])
    return message(query, [record])


def bad_rdlength(query):
    record = rr(b"\xc0\x0c", T_A, 300, bytes([198, 51, 100, 99, 0]))
    return message(query, [record])


def bad_opt(query):
    # one option, NSID, that says 32 bytes but has 4 (RDLENGTH 8)
    wire = header(query, ar=1) + query.question + opt(options=struct.pack("!HH", 3, 32) + b"abcd")
    return wire


def two_opt(query):
    wire = header(query, an=len(answers(query)), ar=2) + query.question + b"".join(answers(query))
    return wire + opt() + opt()


def bad_tsig(query):
    algorithm = encode_labels([b"hmac-sha256"])
    mac = b"\x5a" * 32
    # the time a real signer would put there (tests/harness/volatile.py's "tsig-time" wants it
    # inside the run's window), a fixed original ID (dig prints them: it has no key to check them with)
    rdata = algorithm + struct.pack("!HIH", 0, int(time.time()), 300) + struct.pack("!H", len(mac)) + mac
    rdata += struct.pack("!HHH", TSIG_ORIGINAL_ID, 0, 0)
    tsig = rr(encode_labels([b"fault-key"]), T_TSIG, 0, rdata, rclass=255)
    return message(query, answers(query), additional=[tsig])


def bad_cookie(query):
    """BADCOOKIE (23: 7 in the header, 1 in OPT's extended rcode) with a server cookie."""
    client = query.client_cookie or b""
    options = struct.pack("!HH", COOKIE, len(client) + len(SERVER_COOKIE)) + client + SERVER_COOKIE
    wire = header(query, rcode=23, ar=1) + query.question + opt(23 >> 4, options)
    return wire


def bad_version(query):
    """BADVERS (16: 0 in the header, 1 in OPT's extended rcode), OPT version 0."""
    return message(query, rcode=16)


def edns_options(query):
    """One of each EDNS option dig decodes, and one it does not know."""
    options = (option(3, b"fault")                                          # NSID
               + option(8, struct.pack("!HBB", 1, 24, 16) + bytes([198, 51, 100]))  # CLIENT-SUBNET
               + option(9, struct.pack("!I", 3600))                         # EXPIRE
               + option(11, struct.pack("!H", 600))                         # TCP-KEEPALIVE (100 ms units)
               + option(15, struct.pack("!H", 18) + b"fault server")       # EDE 18: Prohibited
               + option(65001, b"abc")                                      # unknown
               + option(12, bytes(8)))                                      # PADDING
    return message(query, answers(query), options=options)


def numbered(query):
    """rcode-N, flags-HEX, ednsflags-HEX: (built reply, or None when the number is no number)."""
    kind, _, number = query.mode.partition("-")
    try:
        value = int(number, 16 if kind.endswith("flags") else 10)
    except ValueError:
        return None
    if kind == "rcode" and 0 <= value < 4096:
        return message(query, rcode=value)
    if kind == "flags" and 0 <= value < 65536:
        return good(query, flags=value)
    if kind == "ednsflags" and 0 <= value < 65536:
        return good(query, edns_flags=value)
    return None


def echo(query):
    wire = bytearray(query.wire)
    wire[2] |= 0x80
    return bytes(wire)


# mode -> function(query) -> reply bytes, for the modes that just answer once
SIMPLE = {
    "silent": None, "tc-always": good, "wrongopcode": wrong_opcode, "noqr": no_qr,
    "short-header": short_header, "trailing": trailing, "badcount": bad_count, "ptrloop": pointer_loop,
    "badrdlen": bad_rdlength, "badopt": bad_opt, "twoopt": two_opt, "badtsig": bad_tsig,
    "badcookie": bad_cookie, "echo": echo, "badvers": bad_version, "ednsopts": edns_options,
}
for _name in RCODES:
    SIMPLE[_name] = rcode_reply


# ---- canned ------------------------------------------------------------------------


class Canned:
    def __init__(self, dirs):
        self.dirs = dirs

    def find(self, name):
        for directory in self.dirs:
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    return f.read()
        return None

    def message(self, query):
        """The reply to c<ID>.canned (None: no such file)."""
        ident = query.labels[0][1:].decode("ascii", "replace")
        if "/" in ident or not ident:
            return None
        data = self.find(ident + ".bin")
        if data is not None:
            return with_id(data, query.id)
        return self.find(ident + ".raw.bin")

    def stream(self, query):
        """(the TCP stream of c<ID>.canned, close after it?): DIR/<ID>.tcp.bin,
        each zero ID replaced, then close; or one message, the connection kept
        open; (None, False): no such file."""
        ident = query.labels[0][1:].decode("ascii", "replace")
        data = self.find(ident + ".tcp.bin") if ident and "/" not in ident else None
        if data is None:
            one = self.message(query)
            return (None if one is None else framed(one)), False
        out = bytearray(data)
        i = 0
        while i + 4 <= len(out):
            length = struct.unpack("!H", out[i:i + 2])[0]
            if out[i + 2:i + 4] == b"\0\0":
                struct.pack_into("!H", out, i + 2, query.id)
            i += 2 + length
        return bytes(out), True


def with_id(data, msg_id):
    return struct.pack("!H", msg_id) + data[2:] if len(data) >= 2 else data


def is_canned(query):
    return (len(query.labels) >= 2 and query.labels[1].lower() == b"canned"
            and query.labels[0][:1].lower() == b"c")


# ---- serving -----------------------------------------------------------------------


class Server:
    def __init__(self, addresses, canned_dirs, port=PORT):
        self.addresses = addresses
        self.canned = Canned(canned_dirs)
        self.udp = {}
        self.tcp = []
        v4 = [a for a in addresses if ":" not in a]
        v6 = [canonical6(a) for a in addresses if ":" in a]
        self.firsts = set(v4[:1] + v6[:1])   # as getsockname() spells them
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            u = socket.socket(family, socket.SOCK_DGRAM)
            u.bind((address, port))
            self.udp[u.getsockname()[0]] = u
            t = socket.socket(family, socket.SOCK_STREAM)
            t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            t.bind((address, port))
            t.listen(64)
            self.tcp.append(t)

    def run(self):
        sockets = list(self.udp.values()) + self.tcp
        while True:
            ready, _, _ = select.select(sockets, [], [])
            for s in ready:
                if s.type == socket.SOCK_DGRAM:
                    wire, peer = s.recvfrom(65535)
                    spawn(self.serve_udp, s, wire, peer)
                else:
                    conn, _ = s.accept()
                    spawn(self.serve_tcp, conn)

    def parse(self, wire, s):
        """The Query of wire (None: not one), its first- prefix applied for socket s's address."""
        try:
            query = Query(wire)
        except (ValueError, IndexError, struct.error):
            return None
        if query.first_only and s.getsockname()[0] not in self.firsts:
            query.mode = "ok"
        return query

    def other_socket(self, s):
        """Another UDP socket of the same family as s, for "otheraddr"."""
        mine = s.getsockname()[0]
        for address, other in self.udp.items():
            if other.family == s.family and address != mine:
                return other
        return s

    # -- UDP

    def serve_udp(self, s, wire, peer):
        query = self.parse(wire, s)
        if query is None:
            return
        for delay, reply, sender in self.udp_replies(query, s):
            if delay:
                time.sleep(delay)
            sender.sendto(reply, peer)

    def udp_replies(self, query, s):
        """[(seconds to wait first, bytes, socket to send from)]."""
        mode = query.mode
        if is_canned(query):
            data = self.canned.message(query)
            return [(0, data if data is not None else refused(query), s)]
        if mode in ("tc", "tc-always", "tc-tcpclose"):
            return [(0, truncated(query), s)]
        if mode == "otheraddr":
            return [(0, good(query), self.other_socket(s))]
        if mode == "tcpshort":
            reply = good(query)
            return [(0, reply[:len(reply) // 2], s)]
        return [(delay, reply, s) for delay, reply in self.replies(query)]

    def replies(self, query):
        """The replies of a mode that answers alike on UDP and TCP."""
        mode = query.mode
        if mode in SIMPLE:
            build = SIMPLE[mode]
            return [] if build is None else [(0, build(query))]
        if mode == "wrongid":
            return [(0, good(query, msg_id=(query.id + 1) & 0xFFFF))]
        if mode == "wrongid-then-right":
            return [(0, good(query, msg_id=(query.id + 1) & 0xFFFF)), (0.05, good(query))]
        if mode == "wrongq":
            return [(0, wrong_question(query))]
        if mode == "wrongq-then-right":
            return [(0, wrong_question(query)), (0.05, good(query))]
        if mode == "slow":
            return [(SLOW_SECONDS, good(query))]
        return [(0, numbered(query) or good(query))]

    # -- TCP

    def serve_tcp(self, conn):
        try:
            with conn:
                while self.serve_tcp_query(conn):
                    pass
        except OSError:
            pass

    def serve_tcp_query(self, conn):
        """Answer one query of the connection; False once it is to be closed."""
        prefix = read_exactly(conn, 2)
        if prefix is None:
            return False
        wire = read_exactly(conn, struct.unpack("!H", prefix)[0])
        if wire is None:
            return False
        query = self.parse(wire, conn)
        if query is None:
            return False
        mode = query.mode
        if mode in ("tcpclose", "tc-tcpclose"):
            return False
        if mode == "tcpshort":
            reply = good(query)
            conn.sendall(struct.pack("!H", len(reply)) + reply[:len(reply) // 2])
            return False
        if is_canned(query):
            data, close = self.canned.stream(query)
            conn.sendall(data if data is not None else framed(refused(query)))
            return not close
        if mode == "tc-always":
            conn.sendall(framed(tc_always_tcp(query)))
            return True
        replies = self.replies(query)
        if not replies and mode in ("silent", "wrongid", "wrongq"):
            hold(conn)
            return False
        for delay, reply in replies:
            if delay:
                time.sleep(delay)
            conn.sendall(framed(reply))
        if mode in ("wrongid", "wrongq", "wrongopcode"):
            hold(conn)
            return False
        return True


def canonical6(address):
    return socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, address))


def refused(query):
    return message(query, rcode=5)


def framed(reply):
    return struct.pack("!H", len(reply)) + reply


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def hold(conn):
    """Keep a connection open, saying nothing, until the client closes it (or 30 s)."""
    conn.settimeout(30)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass


def spawn(function, *args):
    threading.Thread(target=function, args=args, daemon=True).start()


def main(argv):
    canned, port = [], PORT
    while argv[:1] in (["--canned"], ["--port"]) and len(argv) > 1:
        if argv[0] == "--port":
            port = int(argv[1])
        else:
            canned.append(argv[1])
        argv = argv[2:]
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    Server(argv, canned, port).run()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(1)
