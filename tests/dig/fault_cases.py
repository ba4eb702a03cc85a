"""dig's golden cases against the lab's fault server (tests/dig/faultserver.py).

Included by tests/dig/cases.py.  Each case asks the fault server (198.51.100.66,
2001:db8::66; the names fault.lab.example and faults.lab.example of main's
/etc/hosts) for MODE.fault.test, MODE choosing the server's misbehaviour,
with +time=1 and +tries=1 (or 2) so a case that waits for nothing lasts a
second or two.  Each note says what dig 9.18.49 prints (all of it on stdout)
and its exit status; "volatile" names what differs from one run to the next
beyond the usual (header ID, Query time, WHEN): the query ID dig chose also
shows in an "ID mismatch" line and in the first two bytes of a "Got bad
packet" hex dump, and dig's client cookie is random (tests/harness/volatile.py's
dig rules; under them every case's two real runs compare equal).
"""
from tests.dig import labs
from tests.harness.cases import Case

LAB = "dig"
FAULT = labs.FAULT[0]
FAULT6 = labs.FAULT[1]
ONE = "fault.lab.example"       # .66 and ::66
BOTH = "faults.lab.example"     # .66, .67, ::66, ::67
QUICK = ["+time=1", "+tries=1"]

CASES = []


def fault(name, mode, *options, server=FAULT, note="", quick=QUICK, qtype=None):
    """dig @server MODE.fault.test [qtype] QUICK options..."""
    argv = ["dig", "@" + server, mode if mode.endswith(".canned") else mode + ".fault.test"]
    if qtype:
        argv.append(qtype)
    CASES.append(Case("dig", "fault-" + name, argv + list(quick) + list(options), lab=LAB, note=note))


# ---- answers and rcodes
fault("ok", "ok", note="NOERROR, one A record; exit 0")
fault("ok-tcp", "ok", "+tcp", note="the same over TCP: SERVER line says (TCP)")
fault("ok-txt-6", "ok", server=FAULT6, qtype="TXT", note="over IPv6: SERVER: 2001:db8::66#53(2001:db8::66)")
fault("ok-keepopen", "ok", "+tcp", "+keepopen", "+short", "txt.fault.test", "TXT",
      note="two lookups on one TCP connection: '198.51.100.99', '\"fault server\"'")
fault("ok-name-4", "ok", "-4", server=ONE, note="@name, -4: SERVER: 198.51.100.66#53(fault.lab.example)")
fault("ok-name-6", "ok", "-6", server=ONE, note="@name, -6: the IPv6 address")
fault("servfail", "servfail", note="status: SERVFAIL printed; exit 0")
fault("servfail-nofail", "servfail", "+nofail",
      note="one server: ';; Got SERVFAIL reply from 198.51.100.66' before the banner, then the reply; exit 0")
fault("servfail-next", "first-servfail", "+nofail", server=BOTH,
      note="4 servers found: ';; Got SERVFAIL reply from 2001:db8::66, trying next server', "
           "then the answer of 2001:db8::67")
fault("servfail-stops", "first-servfail", server=BOTH,
      note="+fail (the default): the SERVFAIL of the first server is printed, no other asked")
fault("servfail-short", "servfail", "+short", note="+short: nothing at all; exit 0")
fault("refused", "refused", note="status: REFUSED; exit 0")
fault("notimp", "notimp", note="status: NOTIMP; exit 0")
fault("formerr", "formerr", note="status: FORMERR with an OPT: no warning; exit 0")
fault("nxdomain", "nxdomain", note="status: NXDOMAIN, the SOA in the authority section; exit 0")
fault("formerr-noopt", "noopt-formerr",
      note="FORMERR without OPT: ';; WARNING: EDNS query returned status FORMERR - retry with '+noedns''")
fault("notimp-noopt-dnssec", "noopt-notimp", "+dnssec",
      note="the same for NOTIMP, with +dnssec: \"retry with '+nodnssec +noedns'\"")
fault("formerr-noopt-noedns", "noopt-formerr", "+noedns", note="+noedns: no warning")

# ---- no answer
fault("silent", "silent",
      note="';; communications error to 198.51.100.66#53: timed out', the banner, "
           "';; no servers could be reached'; exit 9")
fault("silent-tcp", "silent", "+tcp", note="the same over TCP (connection open, no answer); exit 9")
fault("silent-tries2", "silent", quick=["+time=1", "+tries=2"], note="two 'timed out' lines; exit 9")
fault("silent-retry1", "silent", "+retry=1", quick=["+time=1"], note="+retry=1 is +tries=2")
fault("silent-short", "silent", "+short", note="+short: the same error lines; exit 9")
fault("silent-6", "silent", server=FAULT6, note="';; communications error to 2001:db8::66#53: timed out'; exit 9")
fault("silent-next", "first-silent", server=BOTH,
      note="'timed out' for 2001:db8::66, then the answer of the next server; exit 0")
fault("otheraddr", "otheraddr",
      note="the reply comes from 198.51.100.67: dig's connected UDP socket never sees it; timed out, exit 9")
fault("otheraddr-tcp", "otheraddr", "+tcp", note="over TCP the reply is good; exit 0")
fault("slow", "slow", note="answer after 1.5 s, +time=1: timed out, exit 9")
fault("slow-time2", "slow", quick=["+time=2", "+tries=1"], note="+time=2: the answer; exit 0")
fault("slow-tcp", "slow", "+tcp", note="over TCP: timed out, exit 9")

# ---- truncation
fault("tc", "tc", note="';; Truncated, retrying in TCP mode.' before the banner, then the TCP answer")
fault("tc-short", "tc", "+short", note="+short: the TCP answer's address alone (the Truncated line is a comment)")
fault("tc-6", "tc", server=FAULT6, note="over IPv6: SERVER: 2001:db8::66#53(2001:db8::66) (TCP)")
fault("tc-ignore", "tc", "+ignore", note="+ignore: the truncated UDP reply, flags qr aa tc rd ra, ANSWER: 0")
fault("tc-always", "tc-always", note="retried over TCP, whose answer has tc too: printed as it is")
fault("tc-always-tcp", "tc-always", "+tcp", note="+tcp: the TCP answer with tc")
fault("tc-tcpclose", "tc-tcpclose",
      note="'Truncated, retrying in TCP mode.', then 'communications error to ...: end of file'; exit 9")

# ---- TCP failures
fault("tcpclose-tcp", "tcpclose", "+tcp", note="';; communications error to 198.51.100.66#53: end of file'; exit 9")
fault("tcpclose-tcp-tries2", "tcpclose", "+tcp", quick=["+time=1", "+tries=2"],
      note="two 'end of file' lines; exit 9")
fault("tcpshort-tcp", "tcpshort", "+tcp", note="half a message then close: 'end of file'; exit 9")
fault("tcpshort", "tcpshort",
      note="UDP, half of the reply: 'Message parser reports malformed message packet.', header only, "
           "'Message has 20 extra bytes at end'; exit 0")

# ---- wrong replies
fault("wrongid", "wrongid",
      note="';; Warning: ID mismatch: expected ID N, got N+1' (volatile), then timed out; exit 9")
fault("wrongid-tcp", "wrongid", "+tcp",
      note="';; ERROR: ID mismatch: expected ID N, got N+1' (volatile) and nothing else; exit 0")
fault("wrongid-then-right", "wrongid-then-right", note="the warning (volatile), then the answer; exit 0")
fault("wrongid-then-right-short", "wrongid-then-right", "+short",
      note="+short: the warning (volatile), then the address")
fault("wrongid-then-right-tcp", "wrongid-then-right", "+tcp",
      note="TCP: the ERROR line alone, the right reply unread; exit 0")
fault("wrongq", "wrongq",
      note="';; ;; Question section mismatch: got other.fault.test/A/IN' (two ';;'), then timed out; exit 9")
fault("wrongq-tcp", "wrongq", "+tcp", note="TCP: the mismatch line alone; exit 0")
fault("wrongq-then-right", "wrongq-then-right", note="the mismatch line, then the answer; exit 0")
fault("wrongopcode", "wrongopcode",
      note="';; Warning: Opcode mismatch: expected QUERY, got STATUS', then timed out; exit 9")
fault("wrongopcode-tcp", "wrongopcode", "+tcp", note="TCP: the same, dig reads on; timed out, exit 9")
fault("noqr", "noqr", note="';; Warning: query response not set', then the reply (flags: aa rd ra); exit 0")
fault("short-header", "short-header",
      note="';; Warning: short (< header size) message received', then timed out; exit 9")
fault("short-header-tcp", "short-header", "+tcp", note="';; ERROR: short (< header size) message' alone; exit 0")

# ---- malformed replies (dig parses best effort by default)
fault("trailing", "trailing", note="';; WARNING: Message has 5 extra bytes at end' after the flags line")
fault("trailing-tcp", "trailing", "+tcp", note="the same over TCP")
fault("badcount", "badcount",
      note="ANCOUNT one too many: 'malformed message packet' warning; the OPT is read as an answer "
           "('.\t\t\t0\tCLASS1232 OPT\t'), no OPT pseudosection")
fault("badcount-besteffort", "badcount", "+besteffort", note="+besteffort is the default: as fault-badcount")
fault("badcount-nobesteffort", "badcount", "+nobesteffort",
      note="+nobesteffort: ';; Got bad packet: FORMERR' and a hex dump")
fault("ptrloop", "ptrloop",
      note="';; Got bad packet: bad compression pointer', '63 bytes' and a hex dump (first 2 bytes: "
           "the ID, volatile); exit 0")
fault("badrdlen", "badrdlen", note="';; Got bad packet: extra input data' and a hex dump (volatile ID); exit 0")
fault("badopt", "badopt",
      note="OPT option overrunning: 'malformed message packet' warning, no OPT section, "
           "'Message has 8 extra bytes at end'")
fault("badopt-nobesteffort", "badopt", "+nobesteffort", note="+nobesteffort: 'Got bad packet' and a hex dump")
fault("twoopt", "twoopt",
      note="'malformed message packet' warning; the second OPT printed in ADDITIONAL as '.\t\t\t0\tCLASS1232 OPT\t'")
fault("twoopt-nobesteffort", "twoopt", "+nobesteffort", note="+nobesteffort: 'Got bad packet' and a hex dump")
fault("badtsig", "badtsig",
      note="a TSIG dig did not ask for: printed under ';; TSIG PSEUDOSECTION:', nothing checked; exit 0")
fault("badtsig-key", "badtsig", "-y", "hmac-sha256:fault-key:c2VjcmV0c2VjcmV0c2VjcmV0",
      note="with a key: ';; Couldn't verify signature: tsig verify failure' before the banner, "
           "';; WARNING -- Some TSIG could not be validated' at the end; exit 0")

# ---- EDNS
fault("badcookie", "badcookie",
      note="';; BADCOOKIE, retrying.', ';; BADCOOKIE, retrying in TCP mode.', then the TCP reply: "
           "status: BADCOOKIE, '; COOKIE: <client><a0..a7> (good)' (client cookie volatile); exit 0")
fault("badcookie-tcp", "badcookie", "+tcp", note="+tcp: no retry, the BADCOOKIE reply")
fault("badcookie-nobadcookie", "badcookie", "+nobadcookie", note="+nobadcookie: no retry")
fault("badcookie-nocookie", "badcookie", "+nocookie", note="+nocookie: no cookie sent, none echoed back")
fault("badvers", "badvers", note="BADVERS to an EDNS 0 query: printed, status: BADVERS; exit 0")
fault("badvers-edns1", "badvers", "+edns=1",
      note="+edns=1: ';; BADVERS, retrying with EDNS version 0.' before the banner, then the second BADVERS")
fault("badvers-noednsneg", "badvers", "+edns=1", "+noednsneg", note="+noednsneg: no retry")
fault("ednsopts", "ednsopts",
      note="'; NSID: 66 61 75 6c 74 (\"fault\")', '; CLIENT-SUBNET: 198.51.100.0/24/16', '; EXPIRE: 3600 (1 hour)', "
           "'; TCP KEEPALIVE: 60.0 secs', '; EDE: 18 (Prohibited): (fault server)', "
           "'; OPT=65001: 61 62 63 (\"abc\")', '; PAD: (8 bytes)'")
fault("ednsopts-yaml", "ednsopts", "+yaml",
      note="the same options in YAML (TCP-KEEPALIVE, EDE's INFO-CODE/EXTRA-TEXT, PAD bytes); timestamps volatile")
fault("rcode-notauth", "rcode-9", note="status: NOTAUTH")
fault("rcode-reserved", "rcode-11", note="status: RESERVED11")
fault("rcode-extended", "rcode-100", note="an extended rcode with no name: status: ?100")
fault("rcode-extended-noedns", "rcode-100", "+noedns", note="no OPT, only the low 4 bits: status: NOTIMP")
fault("flags-tc-cd", "flags-8710",
      note="qr aa tc rd cd: 'Truncated, retrying in TCP mode.', the TCP reply (tc again), the recursion warning")
fault("flags-ad-cd", "flags-85b0", note="flags: qr aa rd ra ad cd")
fault("flags-z", "flags-8440", note="the Z bit: ';; flags: qr aa; MBZ: 0x4; QUERY: 1, ...'")
fault("flags-opcode15", "flags-fff0",
      note="';; Warning: Opcode mismatch: expected QUERY, got RESERVED15', then timed out; exit 9")
fault("flags-qr", "flags-8000", "+qr", "+nocookie",
      note="+qr: ';; Sending:' and the query first; the reply's flags: qr (no rd: no recursion warning)")
fault("ednsflags-do", "ednsflags-8000", note="'; EDNS: version: 0, flags: do; udp: 1232'")
fault("ednsflags-all", "ednsflags-ffff", note="'; EDNS: version: 0, flags: do co; MBZ: 0x3fff, udp: 1232'")
fault("echo", "echo",
      note="the query back with QR: flags qr rd ad, the recursion warning, '; COOKIE: <client> (echoed)' (volatile)")
fault("echo-nocookie", "echo", "+nocookie", note="+nocookie: nothing volatile but the ID")
fault("echo-noedns", "echo", "+noedns", note="+noedns: no OPT pseudosection")

# ---- canned replies (tests/dig/canned/)
fault("canned-unknown-type", "c1.canned", note="an A record and 'TYPE65534 \\# 3 010203'")
fault("canned-unknown-type-tcp", "c1.canned", "+tcp", note="the same over TCP")
fault("canned-axfr", "c2.canned", qtype="AXFR",
      note="a transfer of 2 messages: 4 records, ';; XFR size: 4 records (messages 2, bytes 216)'")
fault("canned-axfr-wrongid", "c4.canned", qtype="AXFR",
      note="the second message's ID is wrong: ';; WARNING: ID mismatch: expected ID N, got 48879' (volatile N) "
           "between the records, the transfer goes on; exit 0")
fault("canned-axfr-cut", "c5.canned", qtype="AXFR",
      note="no closing SOA, then the server closes: the records so far, "
           "';; communications error to 198.51.100.66#53: end of file', ';; no servers could be reached'; exit 9")
fault("canned-class-mismatch", "c3.canned",
      note="A records of class IN and CH: ';; Got bad packet: bad compression pointer' (best effort "
           "skips the owner, not the data) and a hex dump")
fault("canned-missing", "c9.canned", note="no such file: REFUSED")
