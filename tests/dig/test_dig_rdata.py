"""pynettools/tools/dig/rdata.py against the REAL dig: every record type, every style switch.

A canned DNS server in this process (TCP on 127.0.0.1, a free port) answers
each query name with records made here as wire bytes; the real dig asks for
all of them in one run per switch set (`dig @127.0.0.1 -p PORT +tcp NAME TYPE
... +noall +answer SWITCHES`) and what it prints must be what rr_text()
(rdata_text() for +short) makes of the same replies, parsed as the engine
parses them (dns.message.from_wire(..., one_rr_per_rrset=True)).

Needs the real dig (bind9-dnsutils 9.18): skipped without it.  No root, no
namespace; one server for the module.
"""
import base64
import os
import shutil
import socket
import struct
import subprocess
import threading
import time

import pytest

import dns.message
import dns.name
import dns.rdata

from pynettools.tools.dig import args as dig_args
from pynettools.tools.dig import rdata as R

DIG = shutil.which("dig", path="/usr/bin:/bin:/usr/sbin:/sbin")


def _dig_version():
    if DIG is None:
        return ""
    done = subprocess.run([DIG, "-v"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    return (done.stdout + done.stderr).decode(errors="replace")



T = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "NULL": 10, "WKS": 11, "PTR": 12, "HINFO": 13,
     "MINFO": 14, "MX": 15, "TXT": 16, "RP": 17, "AFSDB": 18, "X25": 19, "ISDN": 20, "RT": 21,
     "NSAP": 22, "SIG": 24, "KEY": 25, "PX": 26, "GPOS": 27, "AAAA": 28, "LOC": 29, "NXT": 30,
     "EID": 31, "SRV": 33, "NAPTR": 35, "KX": 36, "CERT": 37, "A6": 38, "DNAME": 39,
     "SINK": 40, "APL": 42, "DS": 43, "SSHFP": 44, "IPSECKEY": 45, "RRSIG": 46, "NSEC": 47,
     "DNSKEY": 48, "DHCID": 49, "NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52, "SMIMEA": 53,
     "HIP": 55, "NINFO": 56, "RKEY": 57, "TALINK": 58, "CDS": 59, "CDNSKEY": 60,
     "OPENPGPKEY": 61, "CSYNC": 62, "ZONEMD": 63, "SVCB": 64, "HTTPS": 65, "SPF": 99,
     "NID": 104, "L32": 105, "L64": 106, "LP": 107, "EUI48": 108, "EUI64": 109, "URI": 256,
     "CAA": 257, "AVC": 258, "AMTRELAY": 260, "TA": 32768, "DLV": 32769}


def wname(text):
    """A name's uncompressed wire form (labels as given, case kept)."""
    out = b""
    for label in text.rstrip(".").split("."):
        if label:
            raw = label.encode("latin-1")
            out += bytes([len(raw)]) + raw
    return out + b"\0"


def cstr(data):
    if isinstance(data, str):
        data = data.encode("latin-1")
    return bytes([len(data)]) + data


def u16(n):
    return struct.pack("!H", n)


def u32(n):
    return struct.pack("!I", n)


def bitmap(*types):
    """An NSEC-style type bitmap."""
    windows = {}
    for t in types:
        win = windows.setdefault(t >> 8, bytearray(32))
        win[(t & 0xFF) >> 3] |= 0x80 >> (t & 7)
    out = b""
    for w in sorted(windows):
        bits = bytes(windows[w]).rstrip(b"\0")
        out += bytes([w, len(bits)]) + bits
    return out


def svcb(priority, target, params):
    out = u16(priority) + wname(target)
    for key, value in params:
        out += u16(key) + u16(len(value)) + value
    return out


KEY_ECDSA = base64.b64decode("5OFVoA7bsJBLh4StVu0szmhItW8fME6tOass0MxL2rrpb+w7wHjguKcod6cR56j2FEI2SZ+rBuf8JIEtDJ8WuQ==")
KEY_RSA = bytes(range(3, 200)) + bytes(range(0, 63))
SIG = bytes((i * 37) & 0xFF for i in range(64))
NOW = int(time.time())


def rrsig(covered, alg, labels, ttl, expire, incept, tag, signer, sig):
    return (u16(covered) + bytes([alg, labels]) + u32(ttl) + u32(expire & 0xFFFFFFFF)
            + u32(incept & 0xFFFFFFFF) + u16(tag) + wname(signer) + sig)


def loc(size, hp, vp, lat, lon, alt):
    return bytes([0, size, hp, vp]) + u32(lat) + u32(lon) + u32(alt)


# name -> [(owner, type, class, ttl, rdata)]; queried as TYPE255 (the server ignores the type)
ZONE = {}
QCLASS = {}     # name -> the class it is asked for in
ADDITIONAL = {}     # name -> records of the additional section (the TSIG test's)


# BIND checks an NSEC3's owner: its first label must be a base32hex hash
NSEC3_OWNER = "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM.nsec.t."


def add(name, rtype, rdata, ttl=3600, rclass=1, owner=None):
    QCLASS[name.lower()] = rclass
    ZONE.setdefault(name.lower(), []).append((owner or name, T.get(rtype, rtype) if isinstance(rtype, str) else rtype,
                                      rclass, ttl, rdata))


def build_zone():
    add("a.t.", "A", bytes([198, 51, 100, 80]))
    add("a.t.", "A", bytes([10, 0, 0, 1]), ttl=0)
    add("a.t.", "A", bytes([255, 255, 255, 255]), ttl=2147483647)
    add("a.t.", "A", bytes([1, 2, 3, 4]), ttl=3723)
    add("a.t.", "A", bytes([1, 2, 3, 5]), ttl=694861)
    for addr in ("2001:db8::80", "::", "::1", "::ffff:1.2.3.4", "::1.2.3.4", "2001:db8:0:0:1:0:0:1",
                 "fe80::", "2001:db8:1:2:3:4:5:6", "1::"):
        add("aaaa.t.", "AAAA", socket.inet_pton(socket.AF_INET6, addr))
    add("names.t.", "NS", wname("ns1.example.test"))
    add("names.t.", "CNAME", wname("."))
    add("names.t.", "PTR", wname("odd\\.na(me);x@y$z\"q.\x01\x7f\xff\x20.t"))
    add("names.t.", "DNAME", wname("example.test"))
    add("names.t.", "MX", u16(10) + wname("mail.example.test"))
    add("names.t.", "AFSDB", u16(1) + wname("afs.example.test"))
    add("names.t.", "RT", u16(2) + wname("rt.example.test"))
    add("names.t.", "KX", u16(3) + wname("kx.example.test"))
    add("names.t.", "LP", u16(4) + wname("lp.example.test"))
    add("names.t.", "RP", wname("admin.example.test") + wname("."))
    add("names.t.", "MINFO", wname("r.example.test") + wname("e.example.test"))
    add("names.t.", "TALINK", wname("p.example.test") + wname("n.example.test"))
    add("names.t.", "PX", u16(5) + wname("map822.example.test") + wname("mapx400.example.test"))
    add("names.t.", "SRV", u16(10) + u16(60) + u16(5060) + wname("sip.example.test"))
    add("OwNer.Names.t.", "A", bytes([1, 1, 1, 1]))
    add("long-owner-name-of-some-length.names.t.", "A", bytes([1, 1, 1, 2]))
    add("x.t.", "A", bytes([1, 1, 1, 3]))
    add("soa.t.", "SOA", wname("ns1.example.test") + wname("hostmaster.example.test")
        + u32(2024010101) + u32(7200) + u32(3600) + u32(1209600) + u32(3600))
    add("soa.t.", "SOA", wname(".") + wname(".") + u32(0) + u32(1) + u32(60) + u32(90061) + u32(4294967295))
    add("txt.t.", "TXT", cstr("a single string"))
    add("txt.t.", "TXT", cstr("several") + cstr("strings") + cstr(""))
    add("txt.t.", "TXT", cstr('escaped: "quotes" \\backslash \ttab ;semicolon @at $dollar (x) \xff\xfe\x7f\x00 bytes'))
    add("txt.t.", "TXT", cstr(""))
    add("txt.t.", "TXT", cstr("L" * 255) + cstr("M" * 255))
    add("txt.t.", "SPF", cstr("v=spf1 -all"))
    add("txt.t.", "NINFO", cstr("ninfo"))
    add("txt.t.", "AVC", cstr("app:1|x"))
    add("txt.t.", "HINFO", cstr("PC-LAB") + cstr("Debian GNU/Linux"))
    add("txt.t.", "X25", cstr("311061700956"))
    add("txt.t.", "ISDN", cstr("150862028003217"))
    add("txt.t.", "ISDN", cstr("150862028003217") + cstr("004"))
    add("txt.t.", "GPOS", cstr("-32.6882") + cstr("116.8652") + cstr("10.0"))
    add("caa.t.", "CAA", b"\x00" + cstr("issue") + b"ca.example.net")
    add("caa.t.", "CAA", b"\x80" + cstr("iodef") + b"mailto:security@example.test")
    add("caa.t.", "CAA", b"\x00" + cstr("issue") + b"")
    add("caa.t.", "CAA", b"\x00" + cstr("tbs") + b'a "quoted" \\ value;\x01\xff')
    add("caa.t.", "URI", u16(10) + u16(1) + b"http://www.example.test/")
    add("caa.t.", "URI", u16(10) + u16(1) + b'ftp://"x"\\ \x05')
    add("naptr.t.", "NAPTR", u16(100) + u16(10) + cstr("U") + cstr("E2U+sip") + cstr("!^.*$!sip:info@example.test!") + wname("."))
    add("naptr.t.", "NAPTR", u16(102) + u16(10) + cstr("S") + cstr("SIP+D2U") + cstr("") + wname("_sip._udp.example.test"))
    add("loc.t.", "LOC", loc(0x12, 0x16, 0x13, 0x80000000 + 188503000, 0x80000000 + 17612000, 10000000 - 200))
    add("loc.t.", "LOC", loc(0x00, 0x11, 0x99, 0x80000000 - 324000000, 0x80000000 - 648000000, 10000000 + 12345))
    add("loc.t.", "LOC", loc(0x12, 0x16, 0x13, 0x80000000, 0x80000000, 0))
    add("loc.t.", "LOC", loc(0x12, 0x16, 0x13, 0x80000000 + 1, 0x80000000 - 1, 4294967295))
    add("loc.t.", "LOC", loc(0x10, 0x11, 0x20, 0x80000000 + 999, 0x80000000 - 59999, 10000099))
    add("ds.t.", "DS", u16(52566) + b"\x0d\x02" + bytes(range(32)))
    add("ds.t.", "DS", u16(1) + b"\x08\x01" + bytes(range(20)))
    add("ds.t.", "DS", u16(2) + b"\x0e\x04" + bytes(range(100, 148)))
    add("ds.t.", "CDS", u16(3) + b"\x0d\x02" + bytes(range(32)))
    add("ds.t.", "SSHFP", b"\x04\x02" + bytes(range(32)))
    add("ds.t.", "SSHFP", b"\x01\x01" + bytes(range(20)))
    add("ds.t.", "TLSA", b"\x03\x01\x01" + bytes(range(32)))
    add("ds.t.", "TLSA", b"\x03\x00\x00" + bytes(range(80)))
    add("ds.t.", "SMIMEA", b"\x03\x01\x02" + bytes(range(64)))
    add("ds.t.", "ZONEMD", u32(2024010101) + b"\x01\x01" + bytes(range(48)))
    add("key.t.", "DNSKEY", u16(256) + b"\x03\x0d" + KEY_ECDSA)
    add("key.t.", "DNSKEY", u16(257) + b"\x03\x0d" + KEY_ECDSA)
    add("key.t.", "DNSKEY", u16(385) + b"\x03\x08" + KEY_RSA)
    add("key.t.", "DNSKEY", u16(256) + b"\x03\x63" + KEY_RSA[:40])
    add("key.t.", "DNSKEY", u16(256) + b"\x03\xfd" + wname("private.example") + b"keydata")
    add("key.t.", "CDNSKEY", u16(257) + b"\x03\x0f" + KEY_ECDSA[:32])
    add("key.t.", "KEY", u16(0x0200) + b"\x03\x05" + KEY_RSA[:70])
    add("key.t.", "KEY", u16(0xC000) + b"\x03\x05")
    add("key.t.", "OPENPGPKEY", KEY_RSA)
    add("key.t.", "CERT", u16(1) + u16(12345) + b"\x08" + KEY_RSA[:90])
    add("key.t.", "CERT", u16(77) + u16(0) + b"\x63" + KEY_RSA[:10])
    add("key.t.", "DHCID", KEY_RSA[:35])
    add("key.t.", "IPSECKEY", b"\x0a\x01\x02" + bytes([192, 0, 2, 38]) + KEY_RSA[:40])
    add("key.t.", "IPSECKEY", b"\x0a\x00\x02" + KEY_RSA[:40])
    add("key.t.", "IPSECKEY", b"\x0a\x02\x02" + socket.inet_pton(socket.AF_INET6, "2001:db8::1") + KEY_RSA[:40])
    add("key.t.", "IPSECKEY", b"\x0a\x03\x02" + wname("gw.example.test") + KEY_RSA[:3])
    add("key.t.", "HIP", bytes([16, 2]) + u16(len(KEY_RSA[:100])) + bytes(range(16)) + KEY_RSA[:100]
        + wname("rvs1.example.com") + wname("rvs2.example.com"))
    add("sig.t.", "RRSIG", rrsig(1, 13, 2, 3600, NOW + 86400 * 30, NOW - 3600, 52566, "example.test", SIG))
    add("sig.t.", "RRSIG", rrsig(65280, 8, 3, 300, 0x7FFFFFFF, 0x80000000, 1, ".", KEY_RSA[:256]))
    add("sig.t.", "RRSIG", rrsig(65535, 8, 2, 0, NOW, NOW, 65535, "example.test", SIG[:10]))
    add("sig.t.", "SIG", rrsig(2, 5, 2, 60, NOW + 100, NOW, 7, "example.test", SIG))
    add("nsec.t.", "NSEC", wname("_http._tcp.example.test") + bitmap(1, 2, 6, 13, 15, 16, 28, 29, 46, 47, 48, 65, 257))
    add("nsec.t.", "NSEC", wname("z.example.test") + bitmap(1, 46, 47, 1234, 65280, 32769))
    add("nsec.t.", "NSEC3", owner=NSEC3_OWNER, rdata=b"\x01\x00" + u16(0) + b"\x00" + bytes([20]) + bytes(range(20)) + bitmap(1, 2, 6, 46, 48, 51))
    add("nsec.t.", "NSEC3", owner=NSEC3_OWNER, rdata=b"\x01\x01" + u16(10) + b"\x04\xaa\xbb\xcc\xdd" + bytes([20]) + bytes(range(50, 70))
        + bitmap(1, 46, 256, 65280))
    add("nsec.t.", "NSEC3", owner=NSEC3_OWNER, rdata=b"\x01\x00" + u16(0) + b"\x00" + bytes([20]) + bytes(range(20)))
    add("nsec.t.", "NSEC3PARAM", b"\x01\x00" + u16(0) + b"\x00")
    add("nsec.t.", "NSEC3PARAM", b"\x01\x00" + u16(5) + b"\x02\xab\xcd")
    add("nsec.t.", "CSYNC", u32(66) + u16(3) + bitmap(1, 2, 28))
    add("nsec.t.", "NXT", wname("next.example.test") + bytes([0x62, 0x01, 0x80]))
    add("svc.t.", "HTTPS", svcb(1, ".", [(1, cstr("h2") + cstr("h3")), (4, bytes([198, 51, 100, 80])),
                                        (6, socket.inet_pton(socket.AF_INET6, "2001:db8::80"))]))
    add("svc.t.", "SVCB", svcb(1, "www.example.test", [(1, cstr("h2")), (3, u16(8443)),
                                                       (4, bytes([198, 51, 100, 80, 10, 0, 0, 1]))]))
    add("svc.t.", "SVCB", svcb(0, "www.example.test", []))
    add("svc.t.", "SVCB", svcb(16, "foo.example.org", [(0, u16(1) + u16(4)), (1, cstr("h2") + cstr("a,b\\c d\"")),
                                                       (2, b""), (4, bytes([1, 2, 3, 4])),
                                                       (5, u16(5) + b"\xfe\x0d\x00\x01\xff"),
                                                       (6, socket.inet_pton(socket.AF_INET6, "::") * 2),
                                                       (7, b"/q{?dns}"), (667, b'hello "x" \\ \x01'),
                                                       (9999, b"")]))
    add("misc.t.", "EUI48", bytes([0, 0x5e, 0, 0x53, 0x2a, 0xff]))
    add("misc.t.", "EUI64", bytes([0, 0x5e, 0, 0x53, 0x2a, 0xff, 0, 1]))
    add("misc.t.", "L32", u16(10) + bytes([10, 1, 2, 0]))
    add("misc.t.", "L64", u16(10) + bytes([0x20, 0x01, 0x0d, 0xb8, 0x14, 0x11, 0, 0]))
    add("misc.t.", "NID", u16(10) + bytes([0, 0x14, 0x4f, 0xff, 0xff, 0x20, 0x8b, 0x36]))
    add("misc.t.", "APL", u16(1) + b"\x15\x03" + bytes([192, 168, 32]) + u16(1) + b"\x18\x83" + bytes([10, 1, 2])
        + u16(2) + b"\x40\x04" + bytes([0x20, 0x01, 0x0d, 0xb8]))
    add("misc.t.", "APL", b"")
    add("misc.t.", "WKS", bytes([192, 0, 2, 1, 6]) + bytes([0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0x40]))
    add("misc.t.", "NSAP", bytes.fromhex("47000580005a0000000001e133ffffff00016100"))
    add("misc.t.", "EID", bytes(range(30)))
    add("misc.t.", "SINK", b"\x01\x02\x03" + bytes(range(40)))
    add("misc.t.", "A6", b"\x00" + socket.inet_pton(socket.AF_INET6, "2001:db8::1"))
    add("misc.t.", "A6", b"\x40" + bytes(range(8)) + wname("prefix.example.test"))
    add("misc.t.", "A6", b"\x80" + wname("prefix.example.test"))
    add("misc.t.", "AMTRELAY", b"\x0a\x81" + bytes([203, 0, 113, 15]))
    add("misc.t.", "AMTRELAY", b"\x0a\x03" + wname("amt.example.test"))
    add("misc.t.", "AMTRELAY", b"\x00\x00")
    add("misc.t.", "NULL", b"\x00\x01\x02")
    add("misc.t.", "TA", u16(1) + b"\x08\x01" + bytes(range(20)))
    add("misc.t.", "DLV", u16(1) + b"\x08\x02" + bytes(range(32)))
    add("misc.t.", "RKEY", u16(0) + b"\x03\x01" + KEY_RSA[:30])
    add("more.t.", 259, u32(0) + u32(1) + b"\x02" + cstr("image/gif") + KEY_RSA[:30])         # DOA
    add("more.t.", 259, u32(4294967295) + u32(0) + b"\xff" + cstr("") + b"")
    add("more.t.", 261, cstr("qnamemin") + cstr("exterr=15-17") + cstr("infourl=https://x/"))  # RESINFO
    add("more.t.", 262, cstr("BTC") + cstr("bc1qxyz"))                                  # WALLET
    add("more.t.", 66, u16(59) + b"\x01" + u16(5359) + wname("dsync.example.test"))     # DSYNC
    add("more.t.", 66, u16(0) + b"\x07" + u16(1) + wname("."))
    add("more.t.", 67, KEY_RSA[:40])                                                    # HHIT
    add("more.t.", 68, KEY_RSA[:50])                                                    # BRID
    add("more.t.", "ATMA" if "ATMA" in T else 34, b"\x00" + bytes.fromhex("47000580005a0000000001e133"))
    add("more.t.", 34, b"\x01" + b"16175551212")
    add("more.t.", 32, bytes(range(16)))                                                # NIMLOC
    add("more.t.", 23, wname("nsap-ptr.example.test"))                                  # NSAP-PTR
    for rtype in (3, 4, 7, 8, 9):                                                       # MD MF MB MG MR
        add("more.t.", rtype, wname("mail.example.test"))
    for rtype in (100, 101, 102, 103, 65533, 10):       # UINFO UID GID UNSPEC KEYDATA NULL: \# forms
        add("more.t.", rtype, bytes(range(5)))
    add("more.t.", 249, wname("gss-tsig") + u32(1764770000) + u32(1764773600) + u16(3) + u16(0)
        + u16(4) + b"\x01\x02\x03\x04" + u16(2) + b"\x05\x06")                       # TKEY
    add("more.t.", 249, wname("hmac-sha256") + u32(1) + u32(2) + u16(2) + u16(21) + u16(0) + u16(0))
    add("unk.t.", 65280, bytes([10, 0, 0, 1]))
    add("unk.t.", 65280, b"")
    add("unk.t.", 65280, bytes(range(200)))
    add("unk.t.", 4321, b"x")
    # other classes, each asked for in its class (BIND calls a class unlike the question's malformed)
    add("ch.t.", "A", wname("chaos.example") + u16(0o1234), rclass=3)
    add("ch.t.", "TXT", cstr("chaos"), rclass=3)
    add("ch.t.", "AAAA", bytes(16), rclass=3)
    add("hs.t.", "A", bytes([1, 2, 3, 4]), rclass=4)
    add("class77.t.", "AAAA", bytes(16), rclass=77)
    add("class77.t.", "SRV", u16(1) + u16(2) + u16(3) + wname("srv.t"), rclass=77)
    add("class77.t.", "MX", u16(1) + wname("mx.t"), rclass=77)


def reply(query):
    """The canned reply to a query: its ID and question, the name's records."""
    qid = query[:2]
    pos = 12
    labels = []
    while query[pos]:
        labels.append(query[pos + 1:pos + 1 + query[pos]])
        pos += 1 + query[pos]
    question = query[12:pos + 5]
    name = b".".join(labels).decode("latin-1").lower() + "."
    records = ZONE.get(name, [])
    body = b""
    for owner, rtype, rclass, ttl, rdata in records:
        owner = owner if isinstance(owner, bytes) else wname(owner)     # bytes: already wire
        body += owner + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata
    extra = ADDITIONAL.get(name, [])
    for owner, rtype, rclass, ttl, rdata in extra:
        body += wname(owner) + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata
    header = qid + b"\x84\x00" + struct.pack("!HHHH", 1, len(records), 0, len(extra))
    return header + question + body


class CannedServer:
    """TCP on 127.0.0.1, a free port; one thread answering connections in turn."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                try:
                    while True:
                        head = self.recv(conn, 2)
                        if not head:
                            break
                        query = self.recv(conn, struct.unpack("!H", head)[0])
                        answer = reply(query)
                        conn.sendall(struct.pack("!H", len(answer)) + answer)
                except OSError:
                    pass

    @staticmethod
    def recv(conn, n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                return b""
            data += chunk
        return data

    def close(self):
        self.sock.close()


@pytest.fixture(scope="module")
def server():
    """The canned server; every test that asks the real dig has it (skipped without dig 9.18)."""
    if "DiG 9.18." not in _dig_version():
        pytest.skip("the real dig 9.18 is not installed (bind9-dnsutils, Debian 12)")
    if not ZONE:
        build_zone()
    srv = CannedServer()
    yield srv
    srv.close()


def real_dig(server, names, switches):
    # options before the first name: the defaults of every lookup
    argv = ["dig", "@127.0.0.1", "-p", str(server.port), "+tcp", "+tries=1", "+time=5", "+noall", "+question",
            "+answer"]
    argv += switches
    for name in names:
        argv += [name, "TYPE255", "CLASS%d" % QCLASS[name]]
    done = subprocess.run([DIG] + argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, HOME="/nonexistent"), timeout=60)
    return done.stdout.decode("latin-1"), argv


def ours(argv, names):
    """question_text and rr_text (rdata_text with +short) of each name's canned reply, as the
    engine would call them."""
    parsed = dig_args.parse(argv, env={"HOME": "/nonexistent"})
    out = []
    for lookup, name in zip(parsed.lookups, names):
        query = dns.message.make_query(name, 255, QCLASS[name])
        msg = dns.message.from_wire(reply(query.to_wire()), one_rr_per_rrset=True)
        if not parsed.short_form and lookup.section_question:
            for rrset in msg.question:
                out.append(R.question_text(rrset.name, rrset.rdclass, rrset.rdtype, lookup, parsed))
        for rrset in msg.answer:
            for rd in rrset:
                if parsed.short_form:
                    out.append(R.rdata_text(rd, lookup, parsed) + "\n")
                else:
                    out.append(R.rr_text(rrset.name, rrset.ttl, rrset.rdclass, rd, lookup, parsed))
    return "".join(out)


SWITCHES = [
    [], ["+multiline"], ["+rrcomments"], ["+multiline", "+norrcomments"], ["+nottlid"], ["+noclass"],
    ["+nottlid", "+noclass"], ["+ttlunits"], ["+ttlunits", "+multiline"], ["+nocrypto"],
    ["+nocrypto", "+multiline"], ["+unknownformat"], ["+unknownformat", "+multiline"], ["+expandaaaa"],
    ["+split=0"], ["+split=8"], ["+split=13"], ["+split=0", "+multiline"], ["+split=20", "+multiline"],
    ["+short"], ["+short", "+rrcomments", "+nocrypto"], ["+short", "+split=4"], ["+nottlid", "+multiline"],
    ["+noclass", "+multiline"], ["+ttlunits", "+nottlid"], ["+ttlunits", "+noclass"], ["+split=1"],
    ["+split=1023"], ["+short", "+unknownformat", "+expandaaaa"], ["+multiline", "+rrcomments", "+split=4"],
]


@pytest.mark.parametrize("switches", SWITCHES, ids=lambda s: "".join(s) or "default")
def test_against_real_dig(server, switches):
    names = sorted(ZONE)
    expected, argv = real_dig(server, names, switches)
    got = ours(argv, names)
    assert got.splitlines() == expected.splitlines()
    assert got == expected


def test_yaml_items_against_real_dig(server):
    """+yaml: each question and record a quoted list item (no style flag but YAML's)."""
    names = sorted(ZONE)
    for switches in (["+yaml"], ["+yaml", "+multiline", "+nottlid", "+unknownformat", "+split=8"]):
        argv = ["dig", "@127.0.0.1", "-p", str(server.port), "+tcp", "+tries=1", "+time=5"] + switches
        for name in names:
            argv += [name, "TYPE255", "CLASS%d" % QCLASS[name]]
        done = subprocess.run([DIG] + argv[1:], stdout=subprocess.PIPE, env=dict(os.environ, HOME="/nonexistent"),
                              timeout=60)
        expected, section = [], False
        for line in done.stdout.decode("latin-1").splitlines(True):
            if line.strip() in ("QUESTION_SECTION:", "ANSWER_SECTION:"):
                section = True
            elif section and line.startswith("        - "):
                expected.append(line)
            else:
                section = False
        parsed = dig_args.parse(argv, env={"HOME": "/nonexistent"})
        got = []
        for lookup, name in zip(parsed.lookups, names):
            query = dns.message.make_query(name, 255, QCLASS[name])
            msg = dns.message.from_wire(reply(query.to_wire()), one_rr_per_rrset=True)
            for rrset in msg.question:
                got.append(R.question_text(rrset.name, rrset.rdclass, rrset.rdtype, lookup, parsed))
            for rrset in msg.answer:
                got.extend(R.rr_text(rrset.name, rrset.ttl, rrset.rdclass, rd, lookup, parsed) for rd in rrset)
        assert len(expected) > len(names)
        assert got == expected


def test_question_line():
    """The question line: the ';' does not count for BIND's columns."""
    parsed = dig_args.parse(["dig", "example.test"], env={"HOME": "/nonexistent"})
    lk = parsed.lookups[0]
    name = dns.name.from_text("example.test")
    assert R.question_text(name, 1, 1, lk, parsed) == ";example.test.\t\t\tIN\tA\n"
    lk.multiline = True
    assert R.question_text(name, 1, 28, lk, parsed) == ";example.test.\t\tIN AAAA\n"


# ---- random records against the real dig ------------------------------------

try:
    from hypothesis import given, settings, HealthCheck
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

if given is not None:
    # bytes a name label or a string may hold, BIND's escapes and the \DDD ones over-represented
    ODD = b'."\\();@$ \t\x00\x7f\x80\xff,=\''
    byte = st.one_of(st.sampled_from(list(ODD)), st.integers(0x21, 0x7E), st.integers(0, 255))
    label = st.lists(byte, min_size=1, max_size=8).map(bytes)

    def wire_labels(labels):
        return b"".join(bytes([len(x)]) + x for x in labels) + b"\0"

    names = st.lists(label, min_size=0, max_size=3).map(wire_labels)
    # BIND refuses an RRSIG whose labels field is below its signer's label count
    signers = st.lists(label, min_size=0, max_size=1).map(wire_labels)
    u8s, u16s, u32s = st.integers(0, 255), st.integers(0, 65535), st.integers(0, 2 ** 32 - 1)
    strings = st.lists(byte, max_size=40).map(bytes)
    # RRSIG times are printed as the date nearest to now: none within a day of now + 2**31,
    # where that flips between the real dig's run and ours
    times = u32s.filter(lambda n: abs(((n - NOW) & 0xFFFFFFFF) - 2 ** 31) > 86400)
    blobs = st.binary(min_size=1, max_size=120)
    types = st.one_of(st.sampled_from([1, 2, 5, 6, 15, 16, 28, 43, 46, 47, 48, 50, 64, 65, 99, 257, 1234,
                                       65280, 65535, 65533, 32769, 256, 103]), st.integers(1, 300))
    ipv6 = st.lists(st.sampled_from([0, 0, 0, 1, 0xFFFF, 0xDB8, 0x2001]) | u16s, min_size=8, max_size=8).map(
        lambda g: struct.pack("!8H", *g))
    alnum = st.text("abcdefghijklmnopqrstuvwxyz0123456789ABCZ", min_size=1, max_size=12).map(str.encode)

    def cstrs(items):
        return b"".join(cstr(x) for x in items)

    def loc_octet():
        return st.one_of(st.just(0), st.tuples(st.integers(1, 9), st.integers(0, 9)).map(lambda t: t[0] * 16 + t[1]))

    @st.composite
    def svcb_rdata(draw):
        params = {}
        if draw(st.booleans()):
            params[1] = cstrs(draw(st.lists(st.lists(byte, min_size=1, max_size=6).map(bytes),
                                            min_size=1, max_size=3)))
            if draw(st.booleans()):
                params[2] = b""
        if draw(st.booleans()):
            params[3] = u16(draw(u16s))
        if draw(st.booleans()):
            params[4] = b"".join(draw(st.lists(st.binary(min_size=4, max_size=4), min_size=1, max_size=3)))
        if draw(st.booleans()):
            params[6] = b"".join(draw(st.lists(ipv6, min_size=1, max_size=2)))
        if draw(st.booleans()):
            ech = draw(st.binary(min_size=4, max_size=20))
            params[5] = u16(len(ech)) + ech
        if draw(st.booleans()):
            params[draw(st.integers(11, 70))] = draw(strings)     # 7, 8, 10: dnspython checks them
        if params and draw(st.booleans()):
            keys = sorted(draw(st.sets(st.sampled_from(sorted(params)), min_size=1)))
            params[0] = b"".join(u16(k) for k in keys)
        priority = draw(st.integers(1, 65535)) if params else draw(u16s)
        return (u16(priority) + draw(names)
                + b"".join(u16(k) + u16(len(v)) + v for k, v in sorted(params.items())))

    def build(fields):
        return st.tuples(*fields).map(lambda parts: b"".join(parts))

    def u(strategy, fmt):
        return strategy.map(lambda n: struct.pack(fmt, n))

    RANDOM_TYPES = {
        1: st.binary(min_size=4, max_size=4),
        28: ipv6,
        2: names, 5: names, 12: names, 39: names,
        15: build([u(u16s, "!H"), names]),
        33: build([u(u16s, "!H"), u(u16s, "!H"), u(u16s, "!H"), names]),
        6: build([names, names, u(u32s, "!I"), u(u32s, "!I"), u(u32s, "!I"), u(u32s, "!I"), u(u32s, "!I")]),
        16: st.lists(strings, min_size=1, max_size=3).map(cstrs),
        13: st.lists(strings, min_size=2, max_size=2).map(cstrs),
        257: build([u(u8s, "!B"), alnum.map(cstr), st.lists(byte, max_size=30).map(bytes)]),
        256: build([u(u16s, "!H"), u(u16s, "!H"), st.lists(byte, min_size=1, max_size=30).map(bytes)]),
        # BIND checks the regexp (and that it comes with "." as replacement)
        35: build([u(u16s, "!H"), u(u16s, "!H"),
                   st.one_of(st.just(b"\1U\7E2U+sip\x10!^.*$!sip:x@y.z!\0"),
                             build([st.sampled_from([b"\0", b"\1S", b"\2AP"]), st.just(b"\7SIP+D2U\0"), names]))]),
        43: st.one_of(build([u(u16s, "!H"), u(u8s, "!B"), st.just(b"\2"), st.binary(min_size=32, max_size=32)]),
                      build([u(u16s, "!H"), u(u8s, "!B"), st.just(b"\xc8"), blobs])),
        48: build([u(u16s, "!H"), st.just(b"\3"), st.sampled_from([b"\5", b"\x08", b"\x0d", b"\x0f", b"\x63"]),
                   blobs]),
        46: build([u(types, "!H"), u(u8s, "!B"), u(st.integers(1, 3), "!B"), u(u32s, "!I"), u(times, "!I"),
                   u(times, "!I"), u(u16s, "!H"), signers, blobs]),
        47: build([names, st.sets(types, min_size=1, max_size=8).map(lambda s: bitmap(*s))]),
        50: build([u(u8s, "!B"), u(u8s, "!B"), u(u16s, "!H"), st.binary(max_size=8).map(cstr),
                   st.binary(min_size=20, max_size=20).map(cstr),     # BIND: SHA-1's length
                   st.sets(types, max_size=6).map(lambda s: bitmap(*s) if s else b"")]),
        51: build([u(u8s, "!B"), u(u8s, "!B"), u(u16s, "!H"), st.binary(max_size=8).map(cstr)]),
        44: build([u(u8s, "!B"), st.sampled_from([b"\2" + bytes(32), b"\x09\xab\xcd"])]),
        52: build([u(u8s, "!B"), u(u8s, "!B"), st.just(b"\0"), blobs]),
        29: build([st.just(b"\0"), u(loc_octet(), "!B"), u(loc_octet(), "!B"), u(loc_octet(), "!B"),
                   u(st.integers(0x80000000 - 324000000, 0x80000000 + 324000000), "!I"),
                   u(st.integers(0x80000000 - 648000000, 0x80000000 + 648000000), "!I"), u(u32s, "!I")]),
        64: svcb_rdata(), 65: svcb_rdata(),
        65280: st.binary(max_size=70),
        61: blobs,
        108: st.binary(min_size=6, max_size=6),
        62: build([u(u32s, "!I"), u(u16s, "!H"), st.sets(types, max_size=5).map(lambda s: bitmap(*s) if s else b"")]),
    }

    @st.composite
    def records(draw):
        out = []
        for _ in range(draw(st.integers(1, 8))):
            rtype = draw(st.sampled_from(sorted(RANDOM_TYPES)))
            rdata = draw(RANDOM_TYPES[rtype])
            if rtype == 50:
                owner = NSEC3_OWNER
            elif rtype == 46:
                owner = "sig.random.t."     # BIND wants the labels field within the owner's labels
            else:
                owner = draw(names)
            ttl = draw(st.one_of(u32s.filter(lambda n: n < 2 ** 31), st.sampled_from([0, 1, 60, 3600, 86400])))
            out.append((owner, rtype, 1, ttl, rdata))
        return out

    @settings(max_examples=25, derandomize=True, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])
    @given(records(), st.sampled_from(SWITCHES))
    def test_random_records_against_real_dig(server, recs, switches):
        ZONE["random.t."] = recs
        QCLASS["random.t."] = 1
        try:
            expected, argv = real_dig(server, ["random.t."], switches)
            assert ";; Got bad packet" not in expected     # records BIND itself would refuse: a generator bug
            assert ours(argv, ["random.t."]) == expected
        finally:
            del ZONE["random.t."]


def test_tsig_pseudosection_against_real_dig(server):
    """A reply's TSIG record (dig prints it unverified when it sent no key): the
    TSIG PSEUDOSECTION's line."""
    tsig = (wname("hmac-sha256") + struct.pack("!HI", 0, 1764770000) + u16(300) + u16(32) + bytes(range(32))
            + u16(4660) + u16(18) + u16(6) + b"\x00\x00\x6b\x11\x68\x00")
    ADDITIONAL["tsig.t."] = [("Transfer-Key.", 250, 255, 0, tsig)]
    ZONE["tsig.t."] = [("tsig.t.", 1, 1, 60, bytes([1, 2, 3, 4]))]
    QCLASS["tsig.t."] = 1
    try:
        for switches in ([], ["+multiline"], ["+split=8"]):
            expected, argv = real_dig(server, ["tsig.t."], ["+noquestion", "+noanswer", "+additional"] + switches)
            parsed = dig_args.parse(argv, env={"HOME": "/nonexistent"})
            query = dns.message.make_query("tsig.t.", 255)
            msg = dns.message.from_wire(reply(query.to_wire()), keyring=False, one_rr_per_rrset=True)
            got = "".join(R.rr_text(msg.tsig.name, msg.tsig.ttl, msg.tsig.rdclass, rd, parsed.lookups[0], parsed)
                          for rd in msg.tsig)
            assert got == expected
    finally:
        for table in (ADDITIONAL, ZONE, QCLASS):
            del table["tsig.t."]


IDN_RECORDS = [("xn--caf-dma.idn.t.", 5, 1, 60, wname("xn--bcher-kva.example")),
               ("_sip._tcp.idn.t.", 5, 1, 60, wname("a\\.b.xn--nxasmq6b.t")),
               ("XN--CAF-DMA.idn.t.", 12, 1, 60, wname("xn--Bcher-kva.t")),
               ("WWW.xn--caf-dma.T.", 12, 1, 60, wname("WWW.A.t")),
               ("WWW.idn.t.", 46, 1, 60, rrsig(1, 13, 2, 60, NOW + 100, NOW, 1, "xn--fiq228c.t", SIG)),
               ("xn--4ca.idn.t.", 6, 1, 60, wname("xn--4ca") + wname("xn--0ca.xn--fiq228c") + bytes(20))]


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_idnout_against_real_dig(server, monkeypatch, locale):
    """+idnout: every name through libidn2's ACE-to-locale filter (Unicode in a
    UTF-8 locale; else lower-case ACE and one warning, with no newline)."""
    monkeypatch.setenv("LC_ALL", locale)
    ZONE["idn.t."], QCLASS["idn.t."] = IDN_RECORDS, 1
    warnings = []
    monkeypatch.setattr(R, "warning_sink", warnings.append)
    monkeypatch.setitem(R._idn, "warned", False)
    try:
        for switches in (["+idnout"], ["+idnout", "+short"], ["+idnout", "+multiline"]):
            argv = ["dig", "@127.0.0.1", "-p", str(server.port), "+tcp", "+noall", "+question", "+answer"]
            argv += switches + ["idn.t.", "TYPE255"]
            done = subprocess.run([DIG] + argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=dict(os.environ, HOME="/nonexistent", LC_ALL=locale), timeout=60)
            del warnings[:]
            R._idn["warned"] = False
            assert ours(argv, ["idn.t."]) == done.stdout.decode("utf-8")
            assert "".join(warnings) == done.stderr.decode("utf-8")
    finally:
        del ZONE["idn.t."], QCLASS["idn.t."]


@pytest.mark.parametrize("target, message", [
    ("xn--abc", "'xn--abc.' is not a legal IDNA2008 name (string contains a disallowed character), use +noidnout"),
    ("xn--", "Bad ACE string 'xn--.' (string contains invalid punycode data), use +noidnout"),
    ("xn--abc-", "Bad ACE string 'xn--abc-.' (string contains invalid punycode data), use +noidnout"),
    ("x.xn--a-ecp", "'x.xn--a-ecp.' is not a legal IDNA2008 name (string contains a disallowed character), "
                    "use +noidnout"),
    ("xn--ls8h", "Cannot represent 'xn--ls8h.' in the current locale nor ascii (string contains a disallowed "
                 "character), use +noidnout or a different locale"),     # in the C locale only
])
def test_idnout_fatal(target, message, monkeypatch):
    """A name libidn2 refuses is dig's fatal() (checked against the real dig by hand:
    `dig: MESSAGE`, status 1, nothing of that message printed)."""
    from pynettools.tools.dig.query import Fatal

    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setattr(R, "warning_sink", lambda text: None)
    parsed = dig_args.parse(["dig", "+idnout", "x.t"], env={"HOME": "/nonexistent"})
    rd = dns.rdata.from_wire(1, 5, wname(target), 0, len(wname(target)))
    with pytest.raises(Fatal) as raised:
        R.rr_text(dns.name.from_text("x.t"), 60, 1, rd, parsed.lookups[0], parsed)
    assert str(raised.value) == message
    assert R._idn["on"] is False


# Records BIND takes but dnspython refuses: bindparse.py hands such rdata over as a
# GenericRdata of its type, which rdata.py prints in the type's own form all the same.
LENIENT = [
    ("lenient.t.", 64, 1, 60, svcb(0, "alias.example", [(3, u16(8443))])),                  # SVCB: AliasMode params
    ("lenient.t.", 65, 1, 60, svcb(1, ".", [(8, b"value")])),                                # key8 with a value
    ("lenient.t.", 65, 1, 60, svcb(1, ".", [(5, b"\x01")])),                                 # an odd ech
    ("lenient.t.", 27, 1, 60, cstr("north") + cstr("east") + cstr("up")),                    # GPOS: not numbers
]


def generic_records(name):
    """A name's canned records as GenericRdata: no dnspython type checks at all."""
    out = []
    for owner, rtype, rclass, ttl, rdata in ZONE[name]:
        owner = owner if isinstance(owner, bytes) else wname(owner)
        out.append((dns.name.from_wire(owner, 0)[0], ttl, rclass, dns.rdata.GenericRdata(rclass, rtype, rdata)))
    return out


@pytest.mark.parametrize("switches", [[], ["+multiline"], ["+short"], ["+split=8", "+nocrypto"]],
                         ids=lambda s: "".join(s) or "default")
def test_generic_rdata_against_real_dig(server, switches):
    """Every canned record handed over as GenericRdata (as bindparse.py does when
    dnspython will not read BIND's bytes back unchanged), LENIENT's too."""
    ZONE["lenient.t."], QCLASS["lenient.t."] = LENIENT, 1
    try:
        names = sorted(ZONE)
        expected, argv = real_dig(server, names, switches)
        parsed = dig_args.parse(argv, env={"HOME": "/nonexistent"})
        out = []
        for lookup, name in zip(parsed.lookups, names):
            if not parsed.short_form:
                out.append(R.question_text(dns.name.from_text(name), QCLASS[name], 255, lookup, parsed))
            for owner, ttl, rclass, rd in generic_records(name):
                if parsed.short_form:
                    out.append(R.rdata_text(rd, lookup, parsed) + "\n")
                else:
                    out.append(R.rr_text(owner, ttl, rclass, rd, lookup, parsed))
        assert "".join(out) == expected
    finally:
        del ZONE["lenient.t."], QCLASS["lenient.t."]


@pytest.mark.parametrize("seed, switches", [(1, []), (2, ["+multiline", "+nocrypto"]), (3, ["+split=4"])])
def test_mutated_records_against_real_dig(server, seed, switches):
    """Each canned record with a byte changed, cut short, added or bit-flipped,
    handed over as GenericRdata: whatever BIND prints of one (it refuses about
    half), ours must print the same; our \\# fallback covers the rest."""
    import random

    rng = random.Random(seed)
    saved_zone, saved_class = dict(ZONE), dict(QCLASS)
    records = [r for name in sorted(saved_zone) for r in saved_zone[name]]
    ZONE.clear()
    QCLASS.clear()
    try:
        names = []
        for i, (owner, rtype, rclass, ttl, rdata) in enumerate(records):
            data = bytearray(rdata)
            how = rng.randrange(4)
            if how == 0 and data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            elif how == 1 and data:
                del data[rng.randrange(len(data)):]
            elif how == 2:
                data.insert(rng.randrange(len(data) + 1), rng.randrange(256))
            elif data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            name = "m%d.t." % i
            ZONE[name], QCLASS[name] = [(name, rtype, rclass, ttl, bytes(data))], rclass
            names.append(name)
        expected, argv = real_dig(server, names, ["+nocomments"] + switches)
        # each name's record: the line after its question line, and its tab-indented
        # continuations (+multiline); a refused record has none (BIND's complaint and
        # hex dump are not such lines)
        records_text, current = {}, None
        for line in expected.splitlines(True):
            if line.startswith(";m") and line.split()[0][1:] in ZONE:
                current = line.split()[0][1:]
                records_text[current] = ""
            elif current is not None and (line.startswith(current) if not records_text[current]
                                          else line.startswith("\t")):
                records_text[current] += line
            else:
                current = None
        parsed = dig_args.parse(argv, env={"HOME": "/nonexistent"})
        printed = 0
        for lookup, name in zip(parsed.lookups, names):
            if not records_text.get(name):
                continue                    # BIND refused the record (FORMERR or malformed)
            owner, rtype, rclass, ttl, rdata = ZONE[name][0]
            rd = dns.rdata.GenericRdata(rclass, rtype, rdata)
            assert R.rr_text(dns.name.from_text(owner), ttl, rclass, rd, lookup, parsed) == records_text[name]
            printed += 1
        assert printed > len(names) // 4, printed
    finally:
        ZONE.clear()
        QCLASS.clear()
        ZONE.update(saved_zone)
        QCLASS.update(saved_class)
