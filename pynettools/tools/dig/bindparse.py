"""dns_message_parse() of BIND 9.18, as dig calls it.

dig parses every reply with DNS_MESSAGEPARSE_PRESERVEORDER (each RR its
own rdataset, in wire order), and with +besteffort (the default) also
BESTEFFORT and IGNORETRUNCATION.  What BIND does with a malformed reply
decides what dig prints, so this walker follows lib/dns/message.c
(getquestions, getsection), lib/dns/name.c (dns_name_fromwire) and the
fromwire function of every type lib/dns/rdata knows:

  * some problems are only noted (BESTEFFORT's DO_ERROR): the record is
    kept as an ordinary one and the parse goes on; dig then warns
    "Message parser reports malformed message packet.".  So an OPT in the
    answer section, a second OPT, a TSIG that is not the last record, a
    class other than the question's all stay in their section;
  * running out of bytes (ISC_R_UNEXPECTEDEND) anywhere ends the parse
    there: with IGNORETRUNCATION what was read is kept (and the warning
    given); without it dig says "Got bad packet: unexpected end of input";
  * anything else (a compression pointer that does not point strictly
    backwards, a label type 0x40/0x80, rdata shorter than its length,
    a type's own check) is fatal: "Got bad packet: <isc_result_totext()>".
Where the parse stopped matters too: what follows is dig's "extra bytes".
No dnspython here; parse.py turns a Parsed into a dnspython Message.
"""
import struct

from pynettools.tools.dig.printer import utf8_valid  # isc_utf8_valid(), one copy for parse and print

QUESTION, ANSWER, AUTHORITY, ADDITIONAL = 0, 1, 2, 3
OP_NOTIFY, OP_UPDATE = 4, 5
C_IN, C_CH, C_HS, C_NONE, C_ANY = 1, 3, 4, 254, 255
T_KEY, T_SIG, T_OPT, T_NSEC3, T_RRSIG, T_TKEY, T_TSIG = 25, 24, 41, 50, 46, 249, 250

# isc_result_totext() of the results the parser can give
UNEXPECTEDEND = "unexpected end of input"
BADPOINTER = "bad compression pointer"
BADLABELTYPE = "bad label type"
NAMETOOLONG = "name too long"
EXTRADATA = "extra input data"
FORMERR = "FORMERR"
RANGE = "out of range"
BADBITMAP = "bad bitmap"
OPTERR = "malformed OPT option"
SYNTAX = "syntax error"
BADOWNERNAME = "bad owner name (check-names)"
BADTSIG = "TSIG in wrong location"
BADSIG0 = "SIG(0) in wrong location"
NOTIMPLEMENTED = "not implemented"

_RDATA_MAXLENGTH = 65512


class Fail(Exception):
    """A parser result other than success: `text` is isc_result_totext()'s."""

    def __init__(self, text):
        Exception.__init__(self, text)
        self.text = text


class Record:
    """One RR as BIND keeps it: owner name (labels, decompressed), rdata
    decompressed (as dns_rdata_fromwire() leaves it)."""

    __slots__ = ("labels", "rdtype", "rdclass", "ttl", "rdata", "covers")

    def __init__(self, labels, rdtype, rdclass, ttl, rdata, covers=0):
        self.labels = labels
        self.rdtype = rdtype
        self.rdclass = rdclass
        self.ttl = ttl
        self.rdata = rdata
        self.covers = covers


class Parsed:
    """What dns_message_parse() left in the dns_message_t.

    question: [(labels, [(rdtype, rdclass), ...])], names grouped as BIND
    does (a question name seen before takes its rdataset); a name may have
    no rdataset when the message ended right after it.
    sections: answer, authority, additional (lists of Record, wire order).
    opt / tsig / sig0: the records BIND takes out of ADDITIONAL.
    malformed: dig's "Message parser reports malformed message packet."
    end: offset where the parse stopped (the rest is "extra bytes")."""

    def __init__(self, wire):
        self.id, self.flags = struct.unpack("!HH", wire[0:4])
        self.counts = list(struct.unpack("!HHHH", wire[4:12]))
        self.opcode = (self.flags >> 11) & 0xF
        self.question = []
        self.sections = [None, [], [], []]
        self.opt = self.tsig = self.sig0 = None
        self.malformed = False
        self.end = 12


def parse(wire, besteffort=True):
    """Parsed, or raises Fail (dig: "Got bad packet: TEXT")."""
    wire = bytes(wire)
    if len(wire) < 12:
        raise Fail(UNEXPECTEDEND)
    msg = Parsed(wire)
    state = _State(wire, msg, besteffort)
    try:
        state.questions()
        for section in (ANSWER, AUTHORITY, ADDITIONAL):
            state.section(section)
    except Fail as why:
        if why.text != UNEXPECTEDEND or not besteffort:
            raise
        msg.malformed = True     # DNS_R_RECOVERABLE: keep what was read
    if state.problem:
        msg.malformed = True
    msg.end = state.pos
    return msg


class _State:
    def __init__(self, wire, msg, besteffort):
        self.wire = wire
        self.msg = msg
        self.best = besteffort
        self.pos = 12
        self.problem = False
        self.rdclass = None          # msg->rdclass once set

    def error(self, text):
        """DO_ERROR(): noted with BESTEFFORT, fatal without."""
        if not self.best:
            raise Fail(text)
        self.problem = True

    # ---- the question section ------------------------------------------
    def questions(self):
        msg, wire = self.msg, self.wire
        count = msg.counts[QUESTION]
        for _ in range(count):
            labels, self.pos = read_name(wire, self.pos)
            key = _fold(labels)
            entry = None
            if count > 1:
                for seen in msg.question:
                    if _fold(seen[0]) == key:
                        entry = seen
                        break
            if entry is None:
                if msg.question:
                    self.error(FORMERR)
                entry = (labels, [])
                msg.question.append(entry)
            if len(wire) - self.pos < 4:
                raise Fail(UNEXPECTEDEND)
            rdtype, rdclass = struct.unpack("!HH", wire[self.pos:self.pos + 4])
            self.pos += 4
            if msg.opcode in (OP_UPDATE, OP_NOTIFY) and rdclass in (C_NONE, C_ANY):
                self.error(FORMERR)
            if self.rdclass is None:
                self.rdclass = rdclass
            elif self.rdclass != rdclass:
                self.error(FORMERR)
            if (rdtype, rdclass) in entry[1]:
                self.error(FORMERR)      # the same question twice
            entry[1].append((rdtype, rdclass))
            if rdtype == T_TKEY:
                self.tkey = True

    tkey = False

    # ---- answer, authority, additional ---------------------------------
    def section(self, sectionid):
        msg = self.msg
        count = msg.counts[sectionid]
        for index in range(count):
            self.record(sectionid, index == count - 1)

    def record(self, sectionid, last):
        msg, wire = self.msg, self.wire
        labels, self.pos = read_name(wire, self.pos)
        if len(wire) - self.pos < 10:
            raise Fail(UNEXPECTEDEND)
        rdtype, rdclass = struct.unpack("!HH", wire[self.pos:self.pos + 4])
        self.pos += 4
        if self.rdclass is None and rdtype not in (T_OPT, T_TSIG, T_TKEY):
            self.rdclass = rdclass
        update = msg.opcode == OP_UPDATE
        if (not update and rdtype not in (T_TSIG, T_OPT, T_KEY, T_SIG, T_TKEY)
                and self._class_differs(rdclass)):
            self.error(FORMERR)
        if not update and not self.tkey and rdtype == T_KEY and self._class_differs(rdclass):
            self.error(FORMERR)
        kind = None
        if rdtype == T_TSIG:
            if sectionid != ADDITIONAL or rdclass != C_ANY or not last:
                self.error(BADTSIG)
            else:
                kind = "tsig"
        elif rdtype == T_OPT:
            if labels or sectionid != ADDITIONAL or msg.opt is not None:
                self.error(FORMERR)
            else:
                kind = "opt"
        elif rdtype == T_TKEY:
            wanted = ANSWER if msg.flags & 0x8000 else ADDITIONAL
            if sectionid not in (wanted, ANSWER):
                self.error(FORMERR)
        ttl, rdlen = struct.unpack("!IH", wire[self.pos:self.pos + 6])
        self.pos += 6
        if len(wire) - self.pos < rdlen:
            raise Fail(UNEXPECTEDEND)
        if update and _update_class(sectionid, rdclass):
            if rdlen != 0:
                raise Fail(FORMERR)
            rdata, check_covers = b"", False
        else:
            parse_class = rdclass
            if rdclass == C_NONE and update and sectionid == AUTHORITY:
                parse_class = self.rdclass if self.rdclass is not None else 0
            rdata = rdata_fromwire(wire, self.pos, rdlen, parse_class, rdtype)
            self.pos += rdlen
            check_covers = True
        covers = 0
        if check_covers and rdtype == T_RRSIG:
            covers = _covers(rdata)
            if covers == 0:
                self.error(FORMERR)
        elif check_covers and rdtype == T_SIG:
            covers = _covers(rdata)
            if covers == 0:
                if sectionid != ADDITIONAL or not last or labels:
                    self.error(BADSIG0)
                else:
                    kind = "sig0"
            elif self._class_differs(rdclass):
                self.error(FORMERR)
        if rdtype == T_NSEC3 and not _nsec3_owner_ok(labels):
            raise Fail(BADOWNERNAME)
        record = Record(labels, rdtype, rdclass, ttl, rdata, covers)
        if kind == "opt":
            msg.opt = record
        elif kind == "tsig":
            msg.tsig = record
        elif kind == "sig0":
            msg.sig0 = record
        else:
            msg.sections[sectionid].append(record)

    def _class_differs(self, rdclass):
        return self.rdclass is not None and self.rdclass != C_ANY and self.rdclass != rdclass


def _update_class(sectionid, rdclass):
    """update(): UPDATE's prerequisite (ANY/NONE) and delete (ANY) records
    carry no rdata."""
    if sectionid == ANSWER:
        return rdclass in (C_ANY, C_NONE)
    if sectionid == AUTHORITY:
        return rdclass == C_ANY
    return False


def _covers(rdata):
    return struct.unpack("!H", rdata[0:2])[0] if len(rdata) >= 2 else 0


def _fold(labels):
    return tuple(label.lower() for label in labels)


# ---- names ----------------------------------------------------------------

def read_name(wire, pos, end=None):
    """dns_name_fromwire(): (labels, position after the name as it sits in
    the message).  A pointer must point strictly before where the name (or
    the previous pointer's target) began.  `end`: the buffer's active end
    (an rdata's end for a name inside one: dig says "unexpected end of
    input" for a name running past its rdata, whatever follows)."""
    if end is None:
        end = len(wire)
    cursor = marker = pos
    consumed = None
    labels = []
    length = 0
    while cursor < end:
        count = wire[cursor]
        cursor += 1
        if count < 64:
            length += count + 1
            if length > 255:
                raise Fail(NAMETOOLONG)
            if count == 0:
                return labels, consumed if consumed is not None else cursor
            labels.append(wire[cursor:cursor + count])
            cursor += count
        elif count < 192:
            raise Fail(BADLABELTYPE)
        elif cursor < end:
            target = (count & 0x3F) * 256 + wire[cursor]
            cursor += 1
            if target >= marker:
                raise Fail(BADPOINTER)
            if consumed is None:
                consumed = cursor
            cursor = marker = target
    raise Fail(UNEXPECTEDEND)


def name_wire(labels):
    return b"".join(bytes((len(label),)) + label for label in labels) + b"\0"


# ---- rdata ------------------------------------------------------------------

class _Src:
    """The source buffer while one rdata is read: nothing past `active`
    (the rdata's end) is read."""

    def __init__(self, wire, pos, active):
        self.wire = wire
        self.pos = pos
        self.active = active
        self.out = []

    def left(self):
        return max(0, self.active - self.pos)

    def peek(self, n=None):
        return self.wire[self.pos:self.active if n is None else self.pos + n]

    def take(self, n):
        """Copy n bytes of the active region (the caller checked there are)."""
        data = self.wire[self.pos:self.pos + n]
        self.pos += n
        self.out.append(data)
        return data

    def rest(self):
        return self.take(self.left())

    def need(self, n, text=UNEXPECTEDEND):
        if self.left() < n:
            raise Fail(text)

    def name(self):
        labels, self.pos = read_name(self.wire, self.pos, self.active)
        self.out.append(name_wire(labels))
        return labels

    def txt(self):
        """txt_fromwire(): one <character-string>."""
        if self.left() == 0:
            raise Fail(UNEXPECTEDEND)
        n = self.wire[self.pos] + 1
        if n > self.left():
            raise Fail(UNEXPECTEDEND)
        return self.take(n)


def rdata_fromwire(wire, pos, rdlen, rdclass, rdtype):
    """dns_rdata_fromwire(): the rdata decompressed, or raises Fail."""
    if rdtype == 0:
        raise Fail(FORMERR)
    src = _Src(wire, pos, pos + rdlen)
    # a type coded for some classes only (A, AAAA, SRV, TSIG, ...) is
    # unknown in the others: its rdata is then kept as it is
    func = _CLASS_TYPES.get((rdclass, rdtype)) or _GENERIC.get(rdtype)
    if func is None:
        src.rest()               # unknown here: kept as it is
    else:
        func(src, rdtype)
    out = b"".join(src.out)
    if len(out) > _RDATA_MAXLENGTH:
        raise Fail(FORMERR)
    if src.pos != src.active:
        raise Fail(EXTRADATA)
    return out


def _fixed(n, short=FORMERR):
    """Exactly n bytes (EUI48, NID, ...)."""
    def read(src, rdtype):
        if src.left() != n:
            raise Fail(short)
        src.rest()
    return read


def _at_least(n):
    def read(src, rdtype):
        src.need(n)
        src.rest()
    return read


def _prefix_then_name(n):
    """n fixed bytes, then a name (MX, KX, RT, AFSDB, LP, SRV, DSYNC)."""
    def read(src, rdtype):
        src.need(n)
        src.take(n)
        src.name()
    return read


def _names(count):
    def read(src, rdtype):
        for _ in range(count):
            src.name()
    return read


def _a(n):
    def read(src, rdtype):
        src.need(n)
        src.take(n)
    return read


def _anything(src, rdtype):
    src.rest()


def _txt(src, rdtype):
    while True:
        src.txt()
        if src.left() == 0:
            return


def _soa(src, rdtype):
    src.name()
    src.name()
    src.need(20)
    src.take(20)


def _ch_a(src, rdtype):
    src.name()
    src.need(2)
    src.take(2)


def _hinfo(src, rdtype):
    src.txt()
    src.txt()


def _isdn(src, rdtype):
    src.txt()
    if src.left():
        src.txt()


def _gpos(src, rdtype):
    for _ in range(3):
        src.txt()


def _x25(src, rdtype):
    data = src.peek()
    if len(data) < 5 or data[0] != len(data) - 1:
        raise Fail(FORMERR)
    if any(b < 0x30 or b > 0x39 for b in data[1:]):
        raise Fail(FORMERR)
    src.txt()


def _wks(src, rdtype):
    data = src.peek()
    if len(data) < 5:
        raise Fail(UNEXPECTEDEND)
    if len(data) > 8 * 1024 + 5:
        raise Fail(EXTRADATA)
    if len(data) > 5 and data[-1] == 0:
        raise Fail(FORMERR)
    src.rest()


def _a6(src, rdtype):
    src.need(1)
    prefix = src.wire[src.pos]
    if prefix > 128:
        raise Fail(RANGE)
    src.take(1)
    if prefix != 128:
        octets = 16 - prefix // 8
        src.need(octets)
        mask = 0xFF >> (prefix % 8)
        if src.wire[src.pos] & ~mask & 0xFF:
            raise Fail(FORMERR)
        src.take(octets)
    if prefix:
        src.name()


def _apl(src, rdtype):
    data = src.peek()
    i = 0
    while i < len(data):
        if len(data) - i < 4:
            raise Fail(UNEXPECTEDEND)
        afi = struct.unpack("!H", data[i:i + 2])[0]
        prefix = data[i + 2]
        length = data[i + 3] & 0x7F
        i += 4
        if length > len(data) - i:
            raise Fail(UNEXPECTEDEND)
        if afi == 1 and (prefix > 32 or length > 4):
            raise Fail(RANGE)
        if afi == 2 and (prefix > 128 or length > 16):
            raise Fail(RANGE)
        if length and data[i + length - 1] == 0:
            raise Fail(FORMERR)
        i += length
    src.rest()


def _atma(src, rdtype):
    data = src.peek()
    if len(data) < 2:
        raise Fail(UNEXPECTEDEND)
    if data[0] == 1 and not all(0x30 <= b <= 0x39 for b in data[1:]):
        raise Fail(FORMERR)
    src.rest()


def _px(src, rdtype):
    src.need(2)
    src.take(2)
    src.name()
    src.name()


def _key(src, rdtype):
    """generic_fromwire_key() (KEY, DNSKEY, CDNSKEY, RKEY)."""
    src.need(4)
    head = src.peek(4)
    flags = struct.unpack("!H", head[0:2])[0]
    if rdtype == 57 and flags != 0:
        raise Fail(FORMERR)
    src.take(4)
    if rdtype not in (48, 57, 60) and flags & 0xC000 == 0xC000:
        return                   # a KEY with the NOKEY type has no key
    if src.left() == 0:
        raise Fail(UNEXPECTEDEND)
    if head[3] == 253:           # PRIVATEDNS: the key starts with a name
        src.name()
    src.rest()


_DS_DIGESTS = {1: 20, 2: 32, 4: 48}


def _ds(src, rdtype):
    data = src.peek()
    digest = _DS_DIGESTS.get(data[3]) if len(data) >= 5 else None
    if len(data) < 5 or (digest is not None and len(data) < 4 + digest):
        raise Fail(UNEXPECTEDEND)
    if digest is None:
        src.rest()
    else:
        src.take(4 + digest)     # anything after is "extra input data"


def _sshfp(src, rdtype):
    data = src.peek()
    if len(data) < 2:
        raise Fail(UNEXPECTEDEND)
    if (data[1] == 1 and len(data) != 22) or (data[1] == 2 and len(data) != 34):
        raise Fail(FORMERR)
    src.rest()


def _ipseckey(src, rdtype):
    data = src.peek()
    if len(data) < 3:
        raise Fail(UNEXPECTEDEND)
    gateway = data[1]
    if gateway in (0, 1, 2):
        if len(data) < (4, 8, 20)[gateway]:
            raise Fail(UNEXPECTEDEND)
        src.rest()
    elif gateway == 3:
        src.take(3)
        src.name()
        if src.left() < 1:
            src.rest()
            raise Fail(UNEXPECTEDEND)
        src.rest()
    else:
        raise Fail(NOTIMPLEMENTED)


def _sig(src, rdtype):
    """SIG and RRSIG: 18 fixed bytes, the signer, a signature."""
    src.need(18)
    src.take(18)
    src.name()
    if src.left() == 0:
        raise Fail(FORMERR if rdtype == T_RRSIG else UNEXPECTEDEND)
    src.rest()


def _typemap(data, allow_empty):
    """typemap_test(): NSEC / NSEC3 / CSYNC type bitmaps."""
    i, first, last = 0, True, 0
    while i < len(data):
        if i + 2 > len(data):
            raise Fail(FORMERR)
        window, length = data[i], data[i + 1]
        i += 2
        if not first and window <= last:
            raise Fail(FORMERR)
        if length < 1 or length > 32:
            raise Fail(FORMERR)
        if i + length > len(data):
            raise Fail(FORMERR)
        if data[i + length - 1] == 0:
            raise Fail(FORMERR)
        i += length
        last, first = window, False
    if not allow_empty and first:
        raise Fail(FORMERR)


def _nsec(src, rdtype):
    src.name()
    _typemap(src.peek(), False)
    src.rest()


def _nxt(src, rdtype):
    src.name()
    data = src.peek()
    if data and (data[0] & 0x80 or len(data) > 16 or data[-1] == 0):
        raise Fail(BADBITMAP)
    src.rest()


def _nsec3(src, rdtype):
    data = src.peek()
    if len(data) < 5:
        raise Fail(FORMERR)
    algorithm, saltlen = data[0], data[4]
    i = 5
    if len(data) - i < saltlen:
        raise Fail(FORMERR)
    i += saltlen
    if len(data) - i < 1:
        raise Fail(FORMERR)
    hashlen = data[i]
    i += 1
    if algorithm == 1:
        if hashlen != 20 or len(data) - i < hashlen:
            raise Fail(FORMERR)
    elif hashlen < 1 or hashlen > 155 or len(data) - i < hashlen:
        raise Fail(FORMERR)
    _typemap(data[i + hashlen:], True)
    src.rest()


def _nsec3param(src, rdtype):
    data = src.peek()
    if len(data) < 5 or len(data) - 5 != data[4]:
        raise Fail(FORMERR)
    src.rest()


def _csync(src, rdtype):
    src.need(6)
    src.take(6)
    _typemap(src.peek(), True)
    src.rest()


def _hip(src, rdtype):
    data = src.peek()
    if len(data) < 4:
        raise Fail(FORMERR)
    hit_len = data[0]
    if hit_len == 0:
        raise Fail(FORMERR)
    key_len = struct.unpack("!H", data[2:4])[0]
    if key_len == 0 or hit_len + key_len > len(data) - 4:
        raise Fail(FORMERR)
    src.take(4 + hit_len + key_len)
    while src.left() > 0:
        src.name()


def _naptr(src, rdtype):
    src.need(4)
    src.take(4)
    src.txt()
    src.txt()
    regex = src.txt()
    _check_regex(regex)
    src.name()


def _check_regex(txt):
    """txt_valid_regex(): delim regex delim replacement delim flags."""
    body = txt[1:]
    if not body:
        return
    delim = body[0]
    if delim in b"0123456789\\i\0":
        raise Fail(SYNTAX)
    regex, replace, flags, nsub = bytearray(), False, False, 0
    i = 1
    while i < len(body):
        c = body[i]
        i += 1
        if c == 0:
            raise Fail(SYNTAX)
        if c == delim and not replace:
            replace = True
            continue
        if c == delim and not flags:
            flags = True
            continue
        if c == delim:
            raise Fail(SYNTAX)
        if flags:
            if c != 0x69:        # 'i'
                raise Fail(SYNTAX)
            continue
        if not replace:
            regex.append(c)
        if c == 0x5C:
            if i >= len(body) or body[i] == 0:
                raise Fail(SYNTAX)
            c = body[i]
            i += 1
            if replace:
                if c == 0x30:
                    raise Fail(SYNTAX)
                if 0x31 <= c <= 0x39:
                    nsub = max(nsub, c - 0x30)
            if not replace:
                regex.append(c)
    if not flags:
        raise Fail(SYNTAX)
    groups = _regex_groups(bytes(regex))
    if groups < 0 or nsub > groups:
        raise Fail(SYNTAX)


_CHAR_CLASSES = (b":alnum:", b":digit:", b":punct:", b":alpha:", b":graph:", b":space:",
                 b":blank:", b":lower:", b":upper:", b":cntrl:", b":print:", b":xdigit:")


def _regex_groups(regex):
    """isc_regex_validate(): the number of subexpressions of a POSIX
    extended regex, -1 when BIND's checker refuses it."""
    try:
        return _RegexCheck(regex).run()
    except _BadRegex:
        return -1


class _BadRegex(Exception):
    pass


class _RegexCheck:
    """lib/isc/regex.c's state machine, a byte at a time."""

    def __init__(self, regex):
        self.re = regex
        self.i = 0
        self.state = "none"
        self.have_atom = self.was_multiple = self.empty_ok = False
        self.group = self.sub = 0
        self.range = 0
        self.range_start = 0
        self.neg = self.seen_char = self.seen_comma = self.seen_high = False
        self.seen_ce = self.seen_ec = False
        self.low = self.high = 0
        self.ccname = 0

    def at(self, offset=0):
        j = self.i + offset
        return self.re[j] if j < len(self.re) else 0

    def run(self):
        if not self.re:
            raise _BadRegex()
        while self.i < len(self.re):
            getattr(self, "_" + self.state)()
        if self.group or self.state != "none" or not self.have_atom:
            raise _BadRegex()
        return self.sub

    def _literal(self):
        self.have_atom, self.was_multiple = True, False
        self.i += 1

    def _none(self):
        c = self.at()
        if c == 0x5C:                                   # backslash
            self.i += 1
            c = self.at()
            if 0x31 <= c <= 0x39:
                if c - 0x30 > self.sub:
                    raise _BadRegex()               # bad back reference
                self.have_atom, self.was_multiple = True, False
                self.i += 1
            elif c == 0:
                raise _BadRegex()
            else:
                self._literal()
        elif c == 0x5B:                                 # [
            self.i += 1
            self.neg = self.was_multiple = self.seen_char = False
            self.state = "bracket"
        elif c == 0x7B and 0x30 <= self.at(1) <= 0x39:  # { and a digit
            if not self.have_atom or self.was_multiple:
                raise _BadRegex()
            self.seen_comma = self.seen_high = False
            self.low = self.high = 0
            self.state = "bound"
            self.i += 1
            self.have_atom = self.was_multiple = True
        elif c == 0x28:                                 # (
            self.have_atom = self.was_multiple = False
            self.empty_ok = True
            self.group += 1
            self.sub += 1
            self.i += 1
        elif c == 0x29:                                 # )
            if self.group and not self.have_atom and not self.empty_ok:
                raise _BadRegex()
            self.have_atom, self.was_multiple = True, False
            if self.group:
                self.group -= 1
            self.i += 1
        elif c == 0x7C:                                 # |
            if not self.have_atom:
                raise _BadRegex()
            self.have_atom = self.empty_ok = self.was_multiple = False
            self.i += 1
        elif c in (0x5E, 0x24):                         # ^ $
            self.have_atom = self.was_multiple = True
            self.i += 1
        elif c in (0x2B, 0x2A, 0x3F):                   # + * ?
            if self.was_multiple or not self.have_atom:
                raise _BadRegex()
            self.have_atom = self.was_multiple = True
            self.i += 1
        else:
            self._literal()

    def _bound(self):
        c = self.at()
        if 0x30 <= c <= 0x39:
            if not self.seen_comma:
                self.low = self.low * 10 + c - 0x30
                if self.low > 255:
                    raise _BadRegex()
            else:
                self.seen_high = True
                self.high = self.high * 10 + c - 0x30
                if self.high > 255:
                    raise _BadRegex()
            self.i += 1
        elif c == 0x2C:
            if self.seen_comma:
                raise _BadRegex()
            self.seen_comma = True
            self.i += 1
        elif c == 0x7D:
            if self.seen_high and self.low > self.high:
                raise _BadRegex()
            self.seen_comma = False
            self.state = "none"
            self.i += 1
        else:
            raise _BadRegex()

    def _bracket(self):
        c = self.at()
        if c == 0x5E and not (self.seen_char or self.neg):        # ^
            self.neg = True
            self.i += 1
        elif c == 0x2D and self.range != 2 and self.seen_char:    # -
            if self.range == 1:
                raise _BadRegex()
            self.range = 2
            self.i += 1
        elif c == 0x5B:                                           # [
            self.i += 1
            c = self.at()
            if c == 0x2E:                                         # [.
                if self.range:
                    self.range -= 1
                self.i += 1
                self.state, self.seen_ce = "ce", False
            elif c == 0x3D:                                       # [=
                if self.range == 2:
                    raise _BadRegex()
                self.i += 1
                self.state, self.seen_ec = "ec", False
            elif c == 0x3A:                                       # [:
                if self.range == 2:
                    raise _BadRegex()
                self.ccname = self.i
                self.i += 1
                self.state = "cc"
            self.seen_char = True
        elif c == 0x5D and self.seen_char:                        # ]
            self.i += 1
            self.range = 0
            self.have_atom = True
            self.state = "none"
        else:
            if c == 0x5D and not self.at(1):
                raise _BadRegex()                   # unfinished brace
            self.seen_char = True
            if self.range == 2 and c < self.range_start:
                raise _BadRegex()
            if self.range:
                self.range -= 1
            self.range_start = c
            self.i += 1

    def _ce(self):
        c = self.at()
        if c == 0x2E:
            self.i += 1
            if self.at() == 0x5D:
                if not self.seen_ce:
                    raise _BadRegex()
                self.i += 1
                self.state = "bracket"
            else:
                self.range_start = 256 if self.seen_ce else 0x2E
                self.seen_ce = True
        else:
            self.range_start = 256 if self.seen_ce else c
            self.seen_ce = True
            self.i += 1

    def _ec(self):
        if self.at() == 0x3D:
            self.i += 1
            if self.at() == 0x5D:
                if not self.seen_ec:
                    raise _BadRegex()
                self.i += 1
                self.state = "bracket"
            else:
                self.seen_ec = True
        else:
            self.seen_ec = True
            self.i += 1

    def _cc(self):
        if self.at() == 0x3A:
            self.i += 1
            if self.at() == 0x5D:
                if self.re[self.ccname:self.i] not in _CHAR_CLASSES:
                    raise _BadRegex()
                self.i += 1
                self.state = "bracket"
        else:
            self.i += 1


def _opt(src, rdtype):
    data = src.peek()
    i = 0
    while i < len(data):
        if len(data) - i < 4:
            raise Fail(UNEXPECTEDEND)
        code, length = struct.unpack("!HH", data[i:i + 4])
        i += 4
        if len(data) - i < length:
            raise Fail(UNEXPECTEDEND)
        _opt_check(code, data[i:i + length])
        i += length
    src.rest()


def _opt_check(code, value):
    length = len(value)
    if code == 1 and length != 18:                       # LLQ
        raise Fail(OPTERR)
    if code == 8:                                        # CLIENT-SUBNET
        _ecs_check(value)
    elif code == 9 and length not in (0, 4):             # EXPIRE
        raise Fail(OPTERR)
    elif code == 10 and length != 8 and not 16 <= length <= 40:   # COOKIE
        raise Fail(OPTERR)
    elif code == 14 and (length == 0 or length % 2):     # KEY-TAG
        raise Fail(OPTERR)
    elif code == 15:                                     # EDE
        # (a UTF-8 byte order mark is refused, RFC 5198)
        if length < 2 or value[2:5] == b"\xef\xbb\xbf" or not utf8_valid(value[2:]):
            raise Fail(OPTERR)
    elif code in (16, 17) and length != 2:               # CLIENT-TAG, SERVER-TAG
        raise Fail(OPTERR)


def _ecs_check(value):
    if len(value) < 4:
        raise Fail(OPTERR)
    family, source, scope = struct.unpack("!HBB", value[0:4])
    limit = {1: 32, 2: 128}.get(family)
    if family == 0:
        if source or scope:
            raise Fail(OPTERR)
    elif limit is None or source > limit or scope > limit:
        raise Fail(OPTERR)
    nbytes = (source + 7) // 8
    if nbytes + 4 != len(value):
        raise Fail(OPTERR)
    if nbytes and source % 8:
        last = value[4 + nbytes - 1]
        if last & (0xFF << (8 - source % 8)) & 0xFF != last:
            raise Fail(OPTERR)


def _caa(src, rdtype):
    src.need(2)
    head = src.take(2)
    taglen = head[1]
    data = src.peek()
    if len(data) < taglen or taglen == 0:
        raise Fail(FORMERR)
    if not all(_alnum(b) for b in data[:taglen]):
        raise Fail(FORMERR)
    src.rest()


def _alnum(b):
    return 0x30 <= b <= 0x39 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A


def _loc(src, rdtype):
    data = src.peek()
    if len(data) < 1:
        raise Fail(UNEXPECTEDEND)
    if data[0] != 0:
        src.rest()               # other versions: kept as unknown
        return
    if len(data) < 16:
        raise Fail(UNEXPECTEDEND)
    for c in data[1:4]:
        if c and ((c & 0xF) > 9 or (c >> 4) > 9 or (c >> 4) == 0):
            raise Fail(RANGE)
    latitude, longitude = struct.unpack("!II", data[4:12])
    if not 0x80000000 - 90 * 3600000 <= latitude <= 0x80000000 + 90 * 3600000:
        raise Fail(RANGE)
    if not 0x80000000 - 180 * 3600000 <= longitude <= 0x80000000 + 180 * 3600000:
        raise Fail(RANGE)
    src.take(16)


def _tkey(src, rdtype):
    src.name()
    src.need(12)
    src.take(12)
    _counted(src)
    _counted(src)


def _tsig(src, rdtype):
    src.name()
    src.need(8)
    src.take(8)
    _counted(src)
    src.need(4)
    src.take(4)
    _counted(src)


def _counted(src):
    """A 16-bit length and that many bytes (TSIG/TKEY's MAC, key, other)."""
    src.need(2)
    n = struct.unpack("!H", src.peek(2))[0]
    src.need(n + 2)
    src.take(n + 2)


def _amtrelay(src, rdtype):
    data = src.peek()
    if len(data) < 2:
        raise Fail(UNEXPECTEDEND)
    kind = data[1] & 0x7F
    sizes = {0: 2, 1: 6, 2: 18}
    if kind in sizes:
        if len(data) != sizes[kind]:
            raise Fail(FORMERR)
        src.rest()
    elif kind == 3:
        src.take(2)
        src.name()
    else:
        src.rest()


def _doa(src, rdtype):
    data = src.peek()
    if len(data) < 10 or data[9] > len(data) - 10:
        raise Fail(UNEXPECTEDEND)
    src.rest()


def _zonemd(src, rdtype):
    data = src.peek()
    if len(data) < 18:
        raise Fail(UNEXPECTEDEND)
    digest = {1: 48, 2: 64}.get(data[5])
    if digest is None:
        src.rest()
        return
    if len(data) < 6 + digest:
        raise Fail(UNEXPECTEDEND)
    src.take(6 + digest)


def _svcb(src, rdtype):
    """generic_fromwire_in_svcb(): priority, target, then params in
    strictly increasing key order, each checked as svcb_validate() does."""
    src.need(2)
    src.take(2)
    src.name()
    data = src.peek()
    i, first, last = 0, True, 0
    mandatory, have_alpn = [], False
    pending = None
    while i < len(data):
        if len(data) - i < 2:
            raise Fail(UNEXPECTEDEND)
        key = struct.unpack("!H", data[i:i + 2])[0]
        i += 2
        if not first and key <= last:
            raise Fail(FORMERR)
        if pending is not None:
            if key > pending:
                raise Fail(FORMERR)
            if key == pending:
                pending = mandatory.pop(0) if mandatory else None
        if key == 1:
            have_alpn = True
        elif key == 2 and not have_alpn:
            raise Fail(FORMERR)
        first, last = False, key
        if len(data) - i < 2:
            raise Fail(UNEXPECTEDEND)
        length = struct.unpack("!H", data[i:i + 2])[0]
        i += 2
        if len(data) - i < length:
            raise Fail(UNEXPECTEDEND)
        value = data[i:i + length]
        if key == 0:
            if length < 2:
                raise Fail(FORMERR)
            mandatory = [struct.unpack("!H", value[j:j + 2])[0]
                         for j in range(0, length - 1, 2)]
            pending = mandatory.pop(0)
            if pending == 0:
                raise Fail(FORMERR)
        _svcb_value(key, value)
        i += length
    if pending is not None:
        raise Fail(FORMERR)
    src.rest()


def _svcb_value(key, value):
    n = len(value)
    if key == 0:
        if n % 2 or n == 0:
            raise Fail(FORMERR)
        keys = [struct.unpack("!H", value[j:j + 2])[0] for j in range(0, n, 2)]
        if any(a >= b for a, b in zip(keys, keys[1:])):
            raise Fail(FORMERR)
    elif key == 1:
        if n == 0:
            raise Fail(FORMERR)
        j = 0
        while j < n:
            step = value[j] + 1
            if step == 1 or step > n - j:
                raise Fail(FORMERR)
            j += step
    elif key == 2 and n:
        raise Fail(FORMERR)
    elif key == 3 and n != 2:
        raise Fail(FORMERR)
    elif key == 4 and (n % 4 or n == 0):
        raise Fail(FORMERR)
    elif key == 6 and (n % 16 or n == 0):
        raise Fail(FORMERR)
    elif key == 7 and not _dohpath_ok(value):
        raise Fail(FORMERR)


def _dohpath_ok(value):
    """validate_dohpath(): UTF-8 starting with "/", an RFC 6570 URI
    template (percent escapes, {op var,var*,var:N}) with a "dns" variable."""
    if not value or value[0] != 0x2F or not utf8_valid(value):
        return False
    state, dns, wasop = "path", False, False
    v = n = 0
    p, end = 0, len(value)
    while p < end:
        c = value[p]
        p += 1
        if state == "path":
            if c == 0x7B:                               # {
                state, wasop, v = "variable", False, p
            elif c == 0x25:                             # %
                state = "percent1"
        elif state == "variable":
            if c in b"+#./;?&":                         # operators
                if p != v + 1 or wasop:
                    return False
                wasop, v = True, p
            elif c in b"=!@|":                          # reserved operators
                return False
            elif c in b"*:},":
                if p == v + 1:
                    return False
                if p - v == 4 and value[v:v + 3] == b"dns":
                    dns = True
                if c == 0x3A:                           # :
                    state, n = "prefix", p
                elif c == 0x7D:
                    state = "path"
                elif c == 0x2A:
                    state = "explode"
                else:
                    wasop, v = False, p
            elif c == 0x25:
                state = "variable_percent1"
            elif not (c == 0x5F or _alnum(c)):
                return False
        elif state == "explode":
            if c == 0x2C:
                state, wasop, v = "variable", False, p
            elif c == 0x7D:
                state = "path"
            else:
                return False
        elif state in ("percent1", "percent2", "variable_percent1", "variable_percent2"):
            if c not in b"0123456789abcdefABCDEF":
                return False
            state = {"percent1": "percent2", "percent2": "path",
                     "variable_percent1": "variable_percent2",
                     "variable_percent2": "variable"}[state]
        elif state == "prefix" and not 0x30 <= c <= 0x39:
            if p == n + 1 or p - n > 5 or value[n] == 0x30:
                return False
            if c == 0x2C:
                state, wasop = "variable", False
            elif c == 0x7D:
                state = "path"
            else:
                return False
    return state == "path" and dns


def _eid_like(src, rdtype):
    src.need(1)
    src.rest()


def _brid(src, rdtype):
    if src.left() == 0:
        raise Fail(UNEXPECTEDEND)
    src.rest()


_GENERIC = {
    2: _names(1), 3: _names(1), 4: _names(1), 5: _names(1), 6: _soa, 7: _names(1),
    8: _names(1), 9: _names(1), 10: _anything, 12: _names(1), 13: _hinfo, 14: _names(2),
    15: _prefix_then_name(2), 16: _txt, 17: _names(2), 18: _prefix_then_name(2), 19: _x25,
    20: _isdn, 21: _prefix_then_name(2), 24: _sig, 25: _key, 27: _gpos, 29: _loc, 30: _nxt,
    35: _naptr, 37: _at_least(6), 39: _names(1), 40: _at_least(3), 41: _opt, 43: _ds,
    44: _sshfp, 45: _ipseckey, 46: _sig, 47: _nsec, 48: _key, 50: _nsec3, 51: _nsec3param,
    52: _at_least(4), 53: _at_least(4), 55: _hip, 56: _txt, 57: _key, 58: _names(2),
    59: _ds, 60: _key, 61: _at_least(1), 62: _csync, 63: _zonemd, 66: _prefix_then_name(5),
    67: _brid, 68: _brid, 99: _txt, 104: _fixed(10), 105: _fixed(6), 106: _fixed(10),
    107: _prefix_then_name(2), 108: _fixed(6), 109: _fixed(8), 249: _tkey, 256: _at_least(4),
    257: _caa, 258: _txt, 259: _doa, 260: _amtrelay, 261: _txt, 262: _txt, 32768: _ds,
    32769: _ds, 65533: _anything,
}

# types coded for one class (lib/dns/rdata/in_1, ch_3, hs_4, any_255)
_CLASS_TYPES = {
    (C_IN, 1): _a(4), (C_CH, 1): _ch_a, (C_HS, 1): _a(4), (C_IN, 11): _wks,
    (C_IN, 22): _eid_like, (C_IN, 23): _names(1), (C_IN, 26): _px, (C_IN, 28): _a(16),
    (C_IN, 31): _eid_like, (C_IN, 32): _eid_like, (C_IN, 33): _prefix_then_name(6),
    (C_IN, 34): _atma, (C_IN, 36): _prefix_then_name(2), (C_IN, 38): _a6, (C_IN, 42): _apl,
    (C_IN, 49): _brid, (C_IN, 64): _svcb, (C_IN, 65): _svcb, (C_ANY, 250): _tsig,
}


def _nsec3_owner_ok(labels):
    """checkowner_nsec3(): the first label is base32hex without padding."""
    if not labels:
        return True
    label = labels[0].upper()
    alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUV"
    if any(c not in alphabet for c in label):
        return False
    if len(label) % 8 in (1, 3, 6):
        return False
    return _base32_tail_ok(label, alphabet)


def _base32_tail_ok(label, alphabet):
    """The bits left over after the last whole byte must be zero."""
    bits = {2: 2, 4: 4, 5: 1, 7: 3}.get(len(label) % 8)
    if not bits:
        return True
    last = alphabet.index(label[-1])
    return last & ((1 << bits) - 1) == 0
