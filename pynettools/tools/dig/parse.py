"""Reading a reply as dig does (dns_message_parse with dig's flags), and TSIG.

bindparse.py walks the reply as BIND 9.18's dns_message_parse() does with
dig's flags (PRESERVEORDER; BESTEFFORT and IGNORETRUNCATION with
+besteffort, the default): which problems are fatal ("Got bad packet:
TEXT"), which are only noted ("Message parser reports malformed message
packet."), what is kept where, and where the parse stops (the rest is
dig's "extra bytes").  Its result becomes a dnspython Message for the
printer: every RR its own rrset in wire order with its own TTL, rdata
typed when dnspython reads BIND's (decompressed) bytes back unchanged,
else a GenericRdata of its type holding them.
TSIG: a well-formed signed reply is parsed by dnspython, which checks the
MAC; its clock is the seam's (a recorded transfer replays long after its
signatures' fudge window).
This module is imported only once a reply (or +qr's query) is in hand.
"""
import dns.exception
import dns.message
import dns.name
import dns.rdatatype

from pynettools.tools.dig.args import OPCODES


class BadPacket(Exception):
    """dns_message_parse() failed: `text` as isc_result_totext() says it."""

    def __init__(self, text):
        Exception.__init__(self, text)
        self.text = text


def _result_text(err):
    if isinstance(err, dns.message.ShortHeader):
        return "unexpected end of input"
    if isinstance(err, dns.exception.FormError):
        text = str(err)
        if "truncat" in text.lower() or isinstance(err, dns.message.Truncated):
            return "unexpected end of input"
        return "FORMERR"
    if isinstance(err, (EOFError, IndexError, ValueError)):
        return "unexpected end of input"
    return "unexpected error"


class _SeamClock:
    """Stands in for the time module inside dnspython's TSIG check."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


def parse_message(data, lookup, engine, query=False, xfr=None, run=None):
    from pynettools.tools.dig import bindparse

    try:
        parsed = bindparse.parse(data, besteffort=bool(lookup.besteffort))
    except bindparse.Fail as why:
        raise BadPacket(why.text)
    tsig = engine.tsig if not query else None
    if tsig is not None and not parsed.malformed:
        return _signed_message(data, lookup, engine, tsig, xfr, run)
    msg = message_from(parsed)
    msg.dig_malformed = parsed.malformed
    return msg


def _signed_message(data, lookup, engine, tsig, xfr, run):
    """A reply to a signed query: dnspython parses it and checks its TSIG."""
    keyring = tsig.keyring_for(engine, run, xfr)
    kwargs = dict(one_rr_per_rrset=True, ignore_trailing=True,
                  continue_on_error=bool(lookup.besteffort),
                  request_mac=run.request_mac, tsig_ctx=run.tsig_ctx,
                  multi=xfr is not None and xfr.messages > 0)
    try:
        msg = _from_wire(data, keyring, kwargs, engine.now())
        failure = _tsig_failure_in(msg)
    except (dns.exception.DNSException, EOFError, IndexError, ValueError) as err:
        if not _is_tsig_failure(err):
            raise BadPacket(_result_text(err))
        failure = err
    if failure is not None:
        # dig parses the message, then dns_tsig_verify() fails: the
        # message is still printed, its TSIG record included
        tsig.failed(engine, failure)
        kwargs.pop("tsig_ctx", None)
        msg = _from_wire(data, lambda message, name: False, kwargs, None)
    msg.dig_malformed = bool(getattr(msg, "errors", None))
    if msg.tsig is not None:
        run.tsig_ctx = getattr(msg, "tsig_ctx", None)
        run.request_mac = msg.mac if getattr(msg, "mac", None) else run.request_mac
    return msg


def message_from(parsed):
    """The dnspython Message holding what BIND kept of the reply."""
    import dns.flags
    import dns.rrset

    msg = dns.message.Message(id=parsed.id)
    msg.flags = dns.flags.Flag(parsed.flags)
    # a question name the message ended right after (no type and class):
    # BIND keeps it, so dig prints the QUESTION SECTION heading (and the
    # blank line closing the section) with no question line
    msg.dig_bare_question = False
    for labels, questions in parsed.question:
        name = _name(labels)
        msg.dig_bare_question = not questions
        for rdtype, rdclass in questions:
            msg.question.append(dns.rrset.RRset(name, rdclass, rdtype))
    for index in (1, 2, 3):
        for record in parsed.sections[index]:
            msg.sections[index].append(_rrset(record))
    if parsed.sig0 is not None:
        # the printer takes a SIG(0) from the end of ADDITIONAL
        msg.additional.append(_rrset(parsed.sig0))
    # the OPT BIND took (the first one in ADDITIONAL owned by the root; an
    # OPT elsewhere is an ordinary record): its rdata as it came
    msg.dig_opt_rdata = None
    if parsed.opt is not None:
        msg.opt = _opt_rrset(parsed.opt)
        msg.dig_opt_rdata = parsed.opt.rdata
    if parsed.tsig is not None:
        msg.tsig = _rrset(parsed.tsig)
    return msg


def _name(labels):
    return dns.name.Name(list(labels) + [b""])


def _rrset(record):
    import dns.rrset
    import dns.set

    rrset = dns.rrset.RRset(_name(record.labels), record.rdclass, record.rdtype,
                            covers=record.covers)
    rrset.ttl = record.ttl
    # dns.set.Set.add: no rdataset rules (covers, singletons) on the way
    dns.set.Set.add(rrset, _rdata(record.rdclass, record.rdtype, record.rdata))
    return rrset


def _rdata(rdclass, rdtype, data):
    """dnspython's own rdata when it reads BIND's bytes back unchanged, else
    the bytes in a GenericRdata of the type (rdata.py prints from either)."""
    import dns.rdata

    try:
        rdata = dns.rdata.from_wire(rdclass, rdtype, data, 0, len(data))
        if rdata.to_wire() == data:
            return rdata
    except Exception:  # dnspython refusing what BIND took: keep the bytes
        pass
    return dns.rdata.GenericRdata(rdclass, rdtype, data)


def _opt_rrset(record):
    """msg.opt: the OPT record, its options as they came (GenericOption)."""
    import dns.edns
    import dns.rdtypes.ANY.OPT
    import dns.rrset
    import dns.set

    options, pos, data = [], 0, record.rdata
    while pos + 4 <= len(data):
        code = int.from_bytes(data[pos:pos + 2], "big")
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        options.append(dns.edns.GenericOption(code, data[pos + 4:pos + 4 + length]))
        pos += 4 + length
    rrset = dns.rrset.RRset(dns.name.root, record.rdclass, dns.rdatatype.OPT)
    rrset.ttl = record.ttl
    dns.set.Set.add(rrset, dns.rdtypes.ANY.OPT.OPT(record.rdclass, dns.rdatatype.OPT, options))
    return rrset


def _from_wire(data, keyring, kwargs, now):
    if now is None:
        return dns.message.from_wire(data, keyring=keyring, **kwargs)
    saved = dns.message.time
    dns.message.time = _SeamClock(int(now))
    try:
        return dns.message.from_wire(data, keyring=keyring, **kwargs)
    finally:
        dns.message.time = saved


def _tsig_failure_in(msg):
    """With continue_on_error, dnspython files a failed TSIG check among
    the message's errors instead of raising it."""
    for error in getattr(msg, "errors", None) or ():
        if _is_tsig_failure(error.exception):
            return error.exception
    return None


def _is_tsig_failure(err):
    import dns.tsig

    return isinstance(err, (dns.tsig.PeerError, dns.tsig.BadSignature, dns.tsig.BadTime,
                            dns.tsig.BadKey, dns.tsig.BadAlgorithm, dns.message.UnknownTSIGKey))


def hex_dump(data):
    """hex_dump(): "N bytes", then 16 bytes a line, hex then the printable ones."""
    out = ["%d bytes\n" % len(data)]
    line = []
    for i, byte in enumerate(data):
        line.append("%02x " % byte)
        if i % 16 == 15:
            out.append("".join(line) + "         " + _printable(data[i - 15:i + 1]) + "\n")
            line = []
    if len(data) % 16:
        pad = "   " * (16 - len(data) % 16)
        out.append("".join(line) + pad + "         " + _printable(data[len(data) & ~15:]) + "\n")
    return "".join(out)


def _printable(chunk):
    return "".join(chr(b) if 0x21 <= b <= 0x7D else "." for b in chunk)


def opcode_text(opcode):
    return OPCODES[opcode & 0xF]


def question_mismatches(msg, run):
    """recv_done()'s question check: "name/TYPE/CLASS" of each question
    that is not the one asked."""
    l = run.l
    out = []
    asked = dns.name.from_wire(run.qname, 0)[0]
    for index, rrset in enumerate(msg.question):
        # the question section is BIND's: names, each with its rdatasets
        # (next to each other here); dig looks no further than the first
        # name with one that is not the question asked
        if out and rrset.name != msg.question[index - 1].name:
            break
        if rrset.rdtype != l.rdtype or rrset.rdclass != l.rdclass or rrset.name != asked:
            out.append("%s/%s/%s" % (_name_format(rrset.name), _type_text(rrset.rdtype),
                                     _class_text(rrset.rdclass)))
    return out


def _name_format(name):
    """dns_name_format(): the name without its final dot (the root stays ".")."""
    text = name.to_text(omit_final_dot=True)
    return text or "."


def _type_text(rdtype):
    """dns_rdatatype_format(): BIND's mnemonic (TALINK, DOA, ... that
    dnspython has no name for), else TYPEn."""
    from pynettools.tools.dig import rdata

    return rdata.type_text(rdtype)


def _class_text(rdclass):
    from pynettools.tools.dig import rdata

    return rdata.class_text(rdclass)


def extra_bytes(data):
    """What follows the point where dns_message_parse() stopped."""
    from pynettools.tools.dig import bindparse

    try:
        return len(data) - bindparse.parse(data, besteffort=True).end
    except bindparse.Fail:
        return 0


def opt_options(msg):
    """[(code, value bytes)] of the reply's OPT record, in wire order."""
    if msg.opt is None:
        return []
    out = []
    for rdata in msg.opt:
        for option in rdata.options:
            out.append((int(option.otype), option.to_wire()))
    return out


# ---- TSIG (-y, -k) ----------------------------------------------------------

class Tsig:
    """The key of -y [hmac:]name:secret or -k FILE, and what dig does with it:
    sign every query, check every reply ("Couldn't verify signature: ...")."""

    def __init__(self, algorithm, name, secret):
        import dns.tsig

        self.algorithm = dns.name.from_text(algorithm)
        self.name = dns.name.from_text(name)
        self.key = dns.tsig.Key(self.name, secret, self.algorithm)
        self.validated = True

    def sign(self, body, qid, now):
        """The query with its TSIG record appended: (wire, the MAC)."""
        import struct

        import dns.rdataclass
        import dns.rdtypes.ANY.TSIG
        import dns.tsig

        template = dns.rdtypes.ANY.TSIG.TSIG(dns.rdataclass.ANY, dns.rdatatype.TSIG, self.algorithm,
                                             int(now), 300, b"", qid, 0, b"")
        rdata, _ = dns.tsig.sign(body, self.key, template, int(now), b"", None, False)
        rdwire = rdata.to_wire()
        record = self.name.to_wire() + struct.pack("!HHIH", 250, 255, 0, len(rdwire)) + rdwire
        arcount = struct.unpack("!H", body[10:12])[0] + 1
        signed = body[:10] + struct.pack("!H", arcount) + body[12:] + record
        return signed, rdata.mac

    def keyring_for(self, engine, run, xfr):
        return self.key

    def failed(self, engine, err):
        engine.warning("Couldn't verify signature: %s" % _tsig_result_text(err))
        self.validated = False

    def verify(self, engine, run, msg):
        """Done while parsing (dnspython checks as it reads)."""


def _tsig_result_text(err):
    """dns_tsig_verify()'s result, as isc_result_totext() says it: a reply
    whose TSIG carries an error code (BADSIG, BADKEY, BADTIME) is
    DNS_R_TSIGERRORSET; a MAC that does not check is DNS_R_TSIGVERIFYFAILURE;
    a time outside the fudge DNS_R_CLOCKSKEW."""
    import dns.tsig

    if isinstance(err, dns.tsig.PeerError):
        return "tsig indicates error"
    if isinstance(err, dns.tsig.BadTime):
        return "clock skew"
    if isinstance(err, dns.message.UnknownTSIGKey):
        return "expected a TSIG or SIG(0)"
    return "tsig verify failure"


class KeyFileError(Exception):
    """-k FILE could not be read: isc_result_totext()'s words."""


def tsig_from_args(dargs, read_file):
    """The Tsig of -y or -k."""
    if dargs.keyfile:
        return _tsig_from_file(dargs.keyfile, read_file)
    hmac, _bits, name, secret = dargs.tsig
    return Tsig(hmac, name, secret)


def _tsig_from_file(path, read_file):
    """setup_file_key(): a K<name>+<alg>+<id>.key/.private pair, else a
    named.conf-style `key "name" { algorithm A; secret "S"; };` file."""
    import re

    text = read_file(path)
    if isinstance(text, OSError):
        raise KeyFileError("file not found")
    match = re.search(r'key\s+"?([^"\s{]+)"?\s*\{(.*?)\}\s*;', text, re.S)
    if not match:
        raise KeyFileError("unexpected token")
    body = match.group(2)
    algorithm = re.search(r"algorithm\s+\"?([A-Za-z0-9-]+)\"?\s*;", body)
    secret = re.search(r'secret\s+"([^"]*)"\s*;', body)
    if not algorithm or not secret:
        raise KeyFileError("unexpected token")
    return Tsig(algorithm.group(1), match.group(1), secret.group(1))
