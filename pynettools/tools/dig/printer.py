"""How dig 9.18 prints one DNS message and the statistics after it.

dig.c's printmessage() (with lib/dns/message.c's header, section and
pseudosection text) and received().  The record lines themselves come
from rdata.py; this module lays out everything around them.

The message is a dnspython Message parsed with one_rr_per_rrset=True, so
each RR is its own entry in wire order, as dig's PRESERVEORDER parse keeps
them.  The engine may leave extra facts on it as attributes:
  dig_cookie_state  None, "good" or "bad" (process_opt()'s cc_ok / cc_bad)
  dig_extra_bytes   bytes left after the message (the WARNING line)
  dig_wire          the message's wire bytes: its header as sent (id,
                    flags, opcode, counts), the OPT options byte for byte
                    (dnspython re-encodes them), where a SIG(0) sits
  dig_msg_count     messages of this transfer printed before this one
                    (+onesoa prints only the first SOA of the first one)
  dig_received      the Received of this reply (+short +identify needs the
                    server and the time)
Only the standard library is imported here; rdata.py is imported when a
record is printed.
"""

import time

OPCODES = ("QUERY", "IQUERY", "STATUS", "RESERVED3", "NOTIFY", "UPDATE",
           "RESERVED6", "RESERVED7", "RESERVED8", "RESERVED9", "RESERVED10",
           "RESERVED11", "RESERVED12", "RESERVED13", "RESERVED14",
           "RESERVED15")

# dns_rcode_totext(): the table knows 0-15 and two extended codes; any
# other value is printed as a number.
RCODES = ("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
          "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
          "RESERVED11", "RESERVED12", "RESERVED13", "RESERVED14",
          "RESERVED15")
EXT_RCODES = {16: "BADVERS", 23: "BADCOOKIE"}

SECTIONS = ("QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL")
UPDATE_SECTIONS = ("ZONE", "PREREQUISITE", "UPDATE", "ADDITIONAL")

EDE_TEXT = (
    "Other", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type",
    "Stale Answer", "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus",
    "Signature Expired", "Signature Not Yet Valid", "DNSKEY Missing",
    "RRSIGs Missing", "No Zone Key Bit Set", "NSEC Missing", "Cached Error",
    "Not Ready", "Blocked", "Censored", "Filtered", "Prohibited",
    "Stale NXDOMAIN Answer", "Not Authoritative", "Not Supported",
    "No Reachable Authority", "Network Error", "Invalid Data")

# EDNS option codes dig decodes.
OPT_LLQ, OPT_NSID, OPT_ECS, OPT_EXPIRE, OPT_COOKIE = 1, 3, 8, 9, 10
OPT_KEEPALIVE, OPT_PAD, OPT_KEY_TAG, OPT_EDE = 11, 12, 14, 15
OPT_CLIENT_TAG, OPT_SERVER_TAG = 16, 17

FLAG_BITS = ((0x8000, "qr"), (0x0400, "aa"), (0x0200, "tc"), (0x0100, "rd"),
             (0x0080, "ra"), (0x0020, "ad"), (0x0010, "cd"))
F_RD, F_RA, F_Z = 0x0100, 0x0080, 0x0040
EDNS_DO, EDNS_CO = 0x8000, 0x4000

T_SOA, T_SIG, T_AXFR, T_AAAA = 6, 24, 252, 28
OP_UPDATE = 5


class Received:
    """One reply as received() sees it.  address: the server's address
    text; servername: the @server as typed (or resolv.conf's); protocol:
    "UDP", "TCP", "TLS", "HTTPS", ...; elapsed_us: send to receive; when:
    the epoch time of the reply; xfr: None or (records, messages, bytes).
    tsig_unverified / tsig_unused: received()'s two TSIG warnings.
    +yaml also shows sent (epoch of the query; default when - elapsed)
    and the socket's local_address (None: the wildcard address of the
    server's family; -b's address otherwise) and local_port (dig shows 0)."""

    def __init__(self, size, address, port, servername, protocol,
                 elapsed_us, when, xfr=None, tsig_unverified=False,
                 tsig_unused=False, sent=None, local_address=None,
                 local_port=0):
        self.size = size
        self.address = address
        self.port = port
        self.servername = servername
        self.protocol = protocol
        self.elapsed_us = elapsed_us
        self.when = when
        self.xfr = xfr
        self.tsig_unverified = tsig_unverified
        self.tsig_unused = tsig_unused
        self.sent = sent
        self.local_address = local_address
        self.local_port = local_port


# ---- small text helpers ------------------------------------------------

def rcode_text(rcode):
    """dns_rcode_totext(); dig.c's rcode_totext() puts '?' before a bare
    number."""
    if 0 <= rcode < 16:
        return RCODES[rcode]
    if rcode in EXT_RCODES:
        return EXT_RCODES[rcode]
    return "?%d" % rcode


def ttl_words(secs):
    """dns_ttl_totext(verbose): '1 week 2 days 3 hours' (EXPIRE)."""
    mins, s = divmod(secs, 60)
    hours, m = divmod(mins, 60)
    days, h = divmod(hours, 24)
    weeks, d = divmod(days, 7)
    parts = []
    for value, unit in ((weeks, "week"), (d, "day"), (h, "hour"),
                        (m, "minute")):
        if value:
            parts.append("%d %s%s" % (value, unit, "" if value == 1 else "s"))
    if s or not parts:
        parts.append("%d second%s" % (s, "" if s == 1 else "s"))
    return " ".join(parts)


def printable(data, utf8ok=False):
    """isprint() in the C locale, '.' for the rest (bytes above 127 kept
    when the option text is valid UTF-8)."""
    out = bytearray()
    for b in data:
        out.append(b if 0x20 <= b < 0x7f or (utf8ok and b > 127) else 0x2e)
    return out.decode("utf-8", "surrogateescape")


def utf8_valid(data):
    """isc_utf8_valid(): well-formed sequences, no overlong forms (it does
    let surrogates through, unlike Python's decoder)."""
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b <= 0x7f:
            i += 1
            continue
        for size, mask, lead, least in ((2, 0xe0, 0xc0, 0x80),
                                        (3, 0xf0, 0xe0, 0x800),
                                        (4, 0xf8, 0xf0, 0x10000)):
            if i + size - 1 < n and b & mask == lead and all(
                    data[i + k] & 0xc0 == 0x80 for k in range(1, size)):
                w = b & (0x7f >> size)
                for k in range(1, size):
                    w = (w << 6) | (data[i + k] & 0x3f)
                if w < least or w > 0x10FFFF:
                    return False
                i += size
                break
        else:
            return False
    return True


def hex_bytes(data, sep=" "):
    return "".join("%02x%s" % (b, sep) for b in data)


# ---- the raw wire (when the engine passes it) ---------------------------

def _skip_name(wire, pos):
    while True:
        length = wire[pos]
        if length & 0xc0 == 0xc0:
            return pos + 2
        pos += 1 + length
        if length == 0:
            return pos


def wire_counts_and_opt(wire):
    """The header's four counts (as dig prints them, whatever follows),
    the OPT record's rdata as sent (None: no OPT, or the records could not
    be walked to it) and whether the last record is a SIG owned by the
    root (where BIND takes a SIG(0) from); None without a header."""
    if len(wire) < 12:
        return None
    counts = [int.from_bytes(wire[i:i + 2], "big") for i in (4, 6, 8, 10)]
    opt, last_sig = None, False
    try:
        pos = 12
        for _ in range(counts[0]):
            pos = _skip_name(wire, pos) + 4
        for _ in range(counts[1] + counts[2] + counts[3]):
            at_root = wire[pos] == 0
            pos = _skip_name(wire, pos)
            rtype = int.from_bytes(wire[pos:pos + 2], "big")
            rdlen = int.from_bytes(wire[pos + 8:pos + 10], "big")
            if pos + 10 + rdlen > len(wire):
                raise IndexError(pos)
            if rtype == 41 and opt is None:
                opt = bytes(wire[pos + 10:pos + 10 + rdlen])
            last_sig = rtype == T_SIG and at_root
            pos += 10 + rdlen
    except IndexError:
        last_sig = False
    return counts, opt, last_sig and counts[3] > 0


def option_list(rdata):
    """(code, bytes) pairs of an OPT rdata in wire form."""
    out, pos = [], 0
    while pos + 4 <= len(rdata):
        code = int.from_bytes(rdata[pos:pos + 2], "big")
        length = int.from_bytes(rdata[pos + 2:pos + 4], "big")
        out.append((code, rdata[pos + 4:pos + 4 + length]))
        pos += 4 + length
    return out


# ---- the message's facts, as BIND's dns_message_t holds them -----------

class _View:
    """The parts of a dnspython Message the printer reads, in BIND's
    terms: header counts from the wire, rcode with its OPT extension, the
    OPT record, the TSIG and SIG(0) records pulled out of ADDITIONAL."""

    def __init__(self, msg):
        self.msg = msg
        self.sections = [list(msg.question), list(msg.answer),
                         list(msg.authority), list(msg.additional)]
        self.tsig = getattr(msg, "tsig", None) or None
        self.opt = opt = getattr(msg, "opt", None) or None
        wire = getattr(msg, "dig_wire", None)
        raw = wire_counts_and_opt(wire) if wire else None
        self.sig0 = self._take_sig0(raw)
        if raw is not None and hasattr(msg, "dig_opt_rdata"):
            # the OPT the parse took (bindparse.py: the first one in
            # ADDITIONAL owned by the root), not the first one in the wire
            raw = (raw[0], msg.dig_opt_rdata, raw[2])
        if raw is not None:
            # the header as sent (the engine may parse a copy with another
            # opcode: dnspython's UPDATE rules reject what dig prints)
            self.id = int.from_bytes(wire[0:2], "big")
            flags = int.from_bytes(wire[2:4], "big")
            self.counts, opt_rdata = raw[0], raw[1]
        else:
            self.id, flags = msg.id, int(msg.flags)
            self.counts = self._counted()
            opt_rdata = None
        self.flags = flags
        self.opcode = (flags >> 11) & 0xF
        self.rcode = flags & 0xF
        if opt is not None:
            self.opt_ttl = opt.ttl
            self.opt_udp = opt[0].rdclass if len(opt) else 0
            # dns_message_parse(): the OPT's high rcode bits join the header's
            self.rcode |= ((opt.ttl >> 24) & 0xFF) << 4
            if opt_rdata is None:
                opt_rdata = b"".join(_option_wire(o) for o in
                                     (opt[0].options if len(opt) else ()))
            self.options = option_list(opt_rdata)

    def _counted(self):
        """The header's counts, without the wire: what was parsed."""
        counts = [len(self.sections[0])] + [
            sum(max(len(r), 1) for r in s) for s in self.sections[1:]]
        counts[3] += ((self.opt is not None) + (self.tsig is not None)
                      + (self.sig0 is not None))
        return counts

    def _take_sig0(self, raw):
        """BIND keeps a SIG(0) (SIG covering type 0) apart only when it is
        the message's last record and owned by the root; elsewhere it is
        an ordinary (malformed) record of the additional section."""
        additional = self.sections[3]
        if not additional:
            return None
        last = additional[-1]
        if last.rdtype != T_SIG or last.covers != 0:
            return None
        if raw is not None:
            if not raw[2]:
                return None
        elif not last.name.is_absolute() or len(last.name.labels) != 1:
            return None
        self.sections[3] = additional[:-1]
        return last


def _option_wire(option):
    """One dnspython EDNS option back in wire form."""
    data = option.to_wire()
    if data is None:
        data = b""
    return int(option.otype).to_bytes(2, "big") + len(data).to_bytes(2, "big") \
        + data


# ---- printmessage() ----------------------------------------------------

def message_text(msg, lookup, dargs, headers=True, query=False):
    """Everything dig prints for one message (dig.c printmessage())."""
    out = []
    short = dargs.short_form
    dns64 = getattr(lookup, "dns64prefix", False)
    if lookup.cmdline:
        if not short and not dns64 and dargs.printcmd:
            out.append(lookup.cmdline)
        lookup.cmdline = ""
    view = _View(msg)
    flags = _TextFlags(lookup, headers, msg)
    if dargs.yaml:
        out.append(_yaml_head(view, lookup, flags, query))
    elif lookup.comments and not short and not dns64:
        out.append(";; Sending:\n" if query else ";; Got answer:\n")
        if headers:
            out.append(_header_text(view, query))
        if not query and lookup.edns != -1 and view.opt is None \
                and view.rcode in (1, 4):
            out.append("\n;; WARNING: EDNS query returned status %s - retry "
                       "with '%s+noedns'\n" % (
                           rcode_text(view.rcode),
                           "+nodnssec " if lookup.dnssec else ""))
        extra = getattr(msg, "dig_extra_bytes", 0) or 0
        if not query and extra:
            out.append(";; WARNING: Message has %d extra bytes at end\n"
                       % extra)
    if query and getattr(lookup, "padding", 0) and view.opt is not None \
            and view.options and view.options[-1][0] == OPT_PAD:
        # dig prints the query it built, whose +padding option is still
        # empty: the padding bytes are added when it is rendered
        view.options[-1] = (OPT_PAD, b"")
    body = _body(view, lookup, dargs, flags, headers)
    if headers and lookup.comments and not short and not dargs.yaml:
        out.append("\n")
    out.extend(body)
    return "".join(out)


def _body(view, lookup, dargs, flags, headers):
    """The OPT pseudosection, the sections and TSIG / SIG(0), as the
    switches ask (+yaml: the same parts in YAML; +short: the answer's
    rdata alone)."""
    short = dargs.short_form
    dns64 = getattr(lookup, "dns64prefix", False)
    full = not short and not dns64
    if dargs.yaml:
        def section(index):
            return _yaml_section(view, index, lookup, dargs, flags)

        def pseudo(rrset, kind):
            return _yaml_sig(rrset, kind, lookup, dargs)
        opt = _yaml_opt
    else:
        def section(index):
            return section_text(view, index, lookup, dargs, flags)

        def pseudo(rrset, kind):
            return sig_text(rrset, kind, lookup, dargs, flags)

        def opt(view):
            return opt_text(view, flags)
    body = []
    if lookup.comments and headers and full:
        body.append(opt(view))
    if lookup.section_question and headers and full:
        body.append(section(0))
    if lookup.section_answer:
        if dns64:
            body.append(dns64_text(view))
        elif short:
            body.append(short_text(view, lookup, dargs,
                                   getattr(view.msg, "dig_received", None)))
        else:
            body.append(section(1))
    if lookup.section_authority and full:
        body.append(section(2))
    if lookup.section_additional and full:
        body.append(section(3))
        if headers:     # the signature of the first message only
            body.append(pseudo(view.tsig, "TSIG"))
            body.append(pseudo(view.sig0, "SIG0"))
    return body


class _TextFlags:
    """printmessage()'s dns_messagetextflag_t."""

    def __init__(self, lookup, headers, msg):
        self.noheaders = not headers
        self.nocomments = not headers or not lookup.comments
        self.onesoa = self.omitsoa = False
        if lookup.onesoa and lookup.rdtype == T_AXFR:
            count = getattr(msg, "dig_msg_count", None)
            if count is None:
                count = 0 if headers else 1
            self.onesoa = count == 0
            self.omitsoa = count != 0


def _header_text(view, query):
    lines = []
    if _is_dot_local(view):
        lines.append(";; WARNING: .local is reserved for Multicast DNS\n"
                     ";; You are currently testing what happens when an "
                     "mDNS query is leaked to DNS\n")
    lines.append(";; ->>HEADER<<- opcode: %s, status: %s, id: %d\n" % (
        OPCODES[view.opcode], rcode_text(view.rcode), view.id))
    text = ";; flags:" + "".join(" " + name for bit, name in FLAG_BITS
                                  if view.flags & bit)
    if view.flags & F_Z:
        text += "; MBZ: 0x4"
    text += "; QUERY: %d, ANSWER: %d, AUTHORITY: %d, ADDITIONAL: %d\n" % \
        tuple(view.counts)
    lines.append(text)
    if not query and view.flags & F_RD and not view.flags & F_RA:
        lines.append(";; WARNING: recursion requested but not available\n")
    return "".join(lines)


def _is_dot_local(view):
    for rrset in view.sections[0]:
        labels = [l.lower() for l in rrset.name.labels]
        if len(labels) >= 2 and labels[-2] == b"local" and labels[-1] == b"":
            return True
    return False


# ---- the OPT pseudosection ---------------------------------------------

def opt_text(view, flags):
    """dns_message_pseudosectiontotext(OPT)."""
    if view.opt is None:
        return ""
    out = []
    if not flags.nocomments:
        out.append(";; OPT PSEUDOSECTION:\n")
    ttl = view.opt_ttl
    line = "; EDNS: version: %d, flags:" % ((ttl >> 16) & 0xFF)
    if ttl & EDNS_DO:
        line += " do"
    if ttl & EDNS_CO:
        line += " co"
    mbz = ttl & 0xFFFF & ~(EDNS_DO | EDNS_CO)
    if mbz:
        line += "; MBZ: 0x%04x, udp: %d\n" % (mbz, view.opt_udp)
    else:
        line += "; udp: %d\n" % view.opt_udp
    out.append(line)
    cookie_state = getattr(view.msg, "dig_cookie_state", None)
    for code, data in view.options:
        out.append(_option_line(code, data, cookie_state))
    return "".join(out)


def _option_line(code, data, cookie_state):
    """One EDNS option's line, as BIND decodes (or dumps) it."""
    n = len(data)
    if code == OPT_LLQ:
        head = "; LLQ:"
        if n == 18:
            return head + _llq_text(data) + "\n"
    elif code == OPT_NSID:
        head = "; NSID:"
    elif code == OPT_COOKIE:
        head = "; COOKIE:"
    elif code == OPT_ECS:
        head = "; CLIENT-SUBNET:"
        ecs = _ecs_text(data)
        if ecs is not None:
            return head + ecs + "\n"
    elif code == OPT_EXPIRE:
        head = "; EXPIRE:"
        if n == 4:
            secs = int.from_bytes(data, "big")
            return "%s %d (%s)\n" % (head, secs, ttl_words(secs))
    elif code == OPT_KEEPALIVE:
        head = "; TCP KEEPALIVE:"
        if n == 2:
            dsecs = int.from_bytes(data, "big")
            return "%s %d.%d secs\n" % (head, dsecs // 10, dsecs % 10)
    elif code == OPT_PAD:
        if n:
            return "; PAD: (%d bytes)\n" % n
        return "; PAD:\n"
    elif code == OPT_KEY_TAG:
        head = "; KEY-TAG:"
        if n and n % 2 == 0:
            # "%s %u" with the separator "" then ",": " 1, 2, 3"
            tags = [" %d" % int.from_bytes(data[i:i + 2], "big")
                    for i in range(0, n, 2)]
            return head + ",".join(tags) + "\n"
    elif code == OPT_EDE:
        head = "; EDE:"
        if n >= 2:
            info = int.from_bytes(data[:2], "big")
            head += " %d" % info
            if info < len(EDE_TEXT):
                head += " (%s)" % EDE_TEXT[info]
            data = data[2:]
            n -= 2
            if n:
                head += ":"
        elif n == 1:
            c = data[0]
            return '%s %02x ("%s")\n' % (head, c, chr(c) if 0x20 <= c < 0x7f
                                         else ".")
    elif code in (OPT_CLIENT_TAG, OPT_SERVER_TAG):
        head = "; CLIENT-TAG:" if code == OPT_CLIENT_TAG else "; SERVER-TAG:"
        if n == 2:
            return "%s %d\n" % (head, int.from_bytes(data, "big"))
    else:
        head = "; OPT=%d:" % code
    if not n:
        return head + "\n"
    return head + " " + _option_dump(code, data, cookie_state) + "\n"


def _option_dump(code, data, cookie_state):
    """The generic tail: hex bytes, then the printable form in ("...")
    (COOKIE: hex alone plus its verdict; EDE: the text alone when it is
    valid UTF-8)."""
    if code == OPT_COOKIE:
        text = hex_bytes(data, "")
        if cookie_state == "good":
            text += " (good)" if len(data) >= 16 else " (echoed)"
        elif cookie_state == "bad":
            text += " (bad)"
        return text
    utf8ok = code == OPT_EDE and utf8_valid(data)
    text = "" if utf8ok else hex_bytes(data)
    if code == OPT_ECS:
        return text
    if code == OPT_EDE:
        return text + "(" + printable(data, utf8ok) + ")"
    return text + '("' + printable(data) + '")'


def _llq_text(data):
    def u(a, b):
        return int.from_bytes(data[a:b], "big")
    return " Version: %d, Opcode: %d, Error: %d, Identifier: %d, " \
        "Lifetime: %d" % (u(0, 2), u(2, 4), u(4, 6), u(6, 14), u(14, 18))


def _ecs_text(data):
    """render_ecs(): ' ADDR/SOURCE/SCOPE', or None when malformed (then
    the option is dumped in hex)."""
    if len(data) < 4:
        return None
    family = int.from_bytes(data[:2], "big")
    source, scope = data[2], data[3]
    nbytes = (source + 7) // 8
    if len(data) - 4 < nbytes or nbytes > 16:
        return None
    addr = bytes(data[4:4 + nbytes])
    if family == 0:
        if source or scope:
            return None
        text = "0"
    elif family == 1:
        if source > 32 or scope > 32:
            return None
        text = ".".join(str(b) for b in (addr + bytes(4))[:4])
    elif family == 2:
        if source > 128 or scope > 128:
            return None
        text = _inet6_text((addr + bytes(16))[:16])
    else:
        return None
    return " %s/%d/%d" % (text, source, scope)


# ---- sections ----------------------------------------------------------

def _rdata_module():
    from pynettools.tools.dig import rdata
    return rdata


def section_text(view, index, lookup, dargs, flags):
    """dns_message_sectiontotext()."""
    rrsets = view.sections[index]
    bare = index == 0 and getattr(view.msg, "dig_bare_question", False)
    if not rrsets and not bare:
        # (a question name with no type and class after it is still a name
        # in BIND's section: the heading and the closing blank line print)
        return ""
    out = []
    if not flags.nocomments:
        names = UPDATE_SECTIONS if view.opcode == OP_UPDATE else SECTIONS
        out.append(";; %s SECTION:\n" % names[index])
    out.extend(_section_records(view, index, rrsets, lookup, dargs, flags))
    if not flags.noheaders and not flags.nocomments:
        out.append("\n")
    return "".join(out)


def _section_records(view, index, rrsets, lookup, dargs, flags):
    """A section's record lines (plain or +yaml items: rdata.py knows
    which), +onesoa and the transfer's later SOAs left out."""
    out = []
    rdata = _rdata_module()
    seensoa = False
    for rrset in rrsets:
        if index == 1 and rrset.rdtype == T_SOA:
            if flags.omitsoa or (seensoa and flags.onesoa):
                continue
            seensoa = True
        if index == 0:
            out.append(rdata.question_text(rrset.name, rrset.rdclass,
                                           rrset.rdtype, lookup, dargs))
            continue
        out.extend(_rrset_lines(rdata, rrset, lookup, dargs,
                                _update_meta(view, index, rrset)))
    return out


def _rrset_lines(rdata, rrset, lookup, dargs, meta=False):
    """Each record's line.  meta: an UPDATE meta-record (class ANY or
    NONE, no rdata), whose rdata BIND prints as nothing at all."""
    # UPDATE's NONE / ANY records: dnspython keeps the zone's class in
    # rdclass and the wire's class in deleting
    rdclass = getattr(rrset, "deleting", None) or rrset.rdclass
    records = list(rrset)
    if meta and not records:     # dnspython's UPDATE parse keeps no rdata
        import dns.rdata
        records = [dns.rdata.GenericRdata(rdclass, rrset.rdtype, b"")]
    lines = []
    for rd in records:
        line = rdata.rr_text(rrset.name, rrset.ttl, rdclass, rd, lookup, dargs)
        if meta:
            cut = line.rfind("\\# 0")
            if cut >= 0:
                line = line[:cut] + line[cut + 4:]
        lines.append(line)
    return lines


def _update_meta(view, index, rrset):
    """message.c's update(): in an UPDATE, prerequisites of class ANY or
    NONE and updates of class ANY carry no rdata."""
    if view.opcode != OP_UPDATE or index not in (1, 2):
        return False
    rdclass = getattr(rrset, "deleting", None) or rrset.rdclass
    return rdclass == 255 or (index == 1 and rdclass == 254)


def sig_text(rrset, kind, lookup, dargs, flags):
    """The TSIG / SIG0 pseudosection."""
    if rrset is None:
        return ""
    out = []
    if not flags.nocomments:
        out.append(";; %s PSEUDOSECTION:\n" % kind)
    out.extend(_rrset_lines(_rdata_module(), rrset, lookup, dargs))
    if not flags.noheaders and not flags.nocomments:
        out.append("\n")
    return "".join(out)


# ---- +short ------------------------------------------------------------

def short_text(view, lookup, dargs, received):
    """short_answer() / say_message(): the answer's rdata, one a line."""
    rdata = _rdata_module()
    out = []
    for rrset in view.sections[1]:
        meta = _update_meta(view, 1, rrset)
        for rd in (list(rrset) or [None]) if meta else rrset:
            line = ""
            if lookup.trace or lookup.ns_search_only:
                line = _type_text(rrset.rdtype) + " "
            if not meta:        # an UPDATE meta-record's rdata is empty
                line += rdata.rdata_text(rd, lookup, dargs)
            if lookup.identify and received is not None:
                line += " from server %s in %s." % (
                    received.address, _elapsed(lookup, received, "us", "ms"))
            out.append(line + "\n")
    return "".join(out)


def _type_text(rdtype):
    """dns_rdatatype_totext()."""
    return _rdata_module().type_text(rdtype)


def _elapsed(lookup, received, us, ms):
    if lookup.use_usec:
        return "%d %s" % (received.elapsed_us, us)
    return "%d %s" % (received.elapsed_us // 1000, ms)


def dns64_text(view):
    """dns64prefix_answer() with dns_dns64_findprefix(): the NAT64
    prefixes that ipv4only.arpa's AAAA records reveal (RFC 7050: an
    address holding 192.0.0.170 whose prefix also holds 192.0.0.171),
    ten at most."""
    records = _ipv4only_aaaa(view)
    prefixes = []
    for rd1 in records:
        start = 0
        while True:
            index = _dns64_search(rd1, None, start)
            if index is None:
                break
            if any(_dns64_search(rd2, rd1, index) is not None
                   for rd2 in records):
                plen = DNS64_LAYOUTS[index][0]
                prefixes.append((rd1[:plen // 8] + bytes(16 - plen // 8),
                                 plen))
                break
            start = index + 1       # another prefix length for rd1
    return "".join("%s/%d\n" % (_inet6_text(addr), plen)
                   for addr, plen in prefixes[:10])


# dns64.c's table: each prefix length, where the four bytes of the IPv4
# address sit (byte 8, the RFC 6052 "u" octet, must be zero).
DNS64_LAYOUTS = ((32, (4, 5, 6, 7)), (40, (5, 6, 7, 9)), (48, (6, 7, 9, 10)),
                 (56, (7, 9, 10, 11)), (64, (9, 10, 11, 12)),
                 (96, (12, 13, 14, 15)))


def _dns64_search(rd, first, start):
    """search(): the table index where rd holds 192.0.0.170 (first is
    None: from index start on) or 192.0.0.171 behind first's prefix (at
    index start only)."""
    last = start + 1 if first is not None else len(DNS64_LAYOUTS)
    wanted = 171 if first is not None else 170
    for index in range(start, last):
        plen, where = DNS64_LAYOUTS[index]
        if first is not None and rd[:plen // 8] != first[:plen // 8]:
            return None
        if rd[8] == 0 and bytes(rd[k] for k in where) == \
                bytes((192, 0, 0, wanted)):
            return index
    return None


def _ipv4only_aaaa(view):
    """The AAAA rdataset of ipv4only.arpa. in the answer, as BIND's
    non-order-preserving parse (+dns64prefix's) would group it."""
    records, rdclass = [], None
    for rrset in view.sections[1]:
        if rrset.rdtype != T_AAAA or \
                rrset.name.to_text().lower() != "ipv4only.arpa.":
            continue
        if rdclass is None:
            rdclass = rrset.rdclass
        if rrset.rdclass == rdclass:
            records.extend(_aaaa_bytes(rd) for rd in rrset)
    return records


def _aaaa_bytes(rd):
    import socket
    return socket.inet_pton(socket.AF_INET6, rd.address)


def _inet6_text(packed):
    """inet_ntop(), as BIND prints addresses."""
    import socket
    return socket.inet_ntop(socket.AF_INET6, packed)


# ---- received() --------------------------------------------------------

def stats_text(lookup, dargs, received):
    """dig.c received(): the statistics after a reply (or, with +nostats
    +identify, the one 'Received' line)."""
    if dargs.short_form or dargs.yaml:
        return ""
    server = _sockaddr_text(received.address, received.port)
    if lookup.stats:
        out = [";; Query time: %s\n" % _elapsed(lookup, received, "usec",
                                                 "msec")]
        out.append(";; SERVER: %s(%s) (%s)\n" % (server, received.servername,
                                                received.protocol))
        out.append(";; WHEN: %s\n" % time.strftime(
            "%a %b %d %H:%M:%S %Z %Y", time.localtime(received.when)))
        if received.xfr is not None:
            out.append(";; XFR size: %d records (messages %d, bytes %d)\n"
                       % tuple(received.xfr))
        else:
            out.append(";; MSG SIZE  rcvd: %d\n" % received.size)
        if received.tsig_unverified:
            out.append(";; WARNING -- Some TSIG could not be validated\n")
        if received.tsig_unused:
            out.append(";; WARNING -- TSIG key was not used.\n")
        out.append("\n")
        return "".join(out)
    if lookup.identify:
        size = received.xfr[2] if received.xfr is not None else received.size
        return ";; Received %d bytes from %s(%s) in %s\n\n" % (
            size, server, received.servername,
            _elapsed(lookup, received, "us", "ms"))
    return ""


def _sockaddr_text(address, port):
    """isc_sockaddr_format(): 'ADDR#PORT' (IPv6 without brackets)."""
    return "%s#%d" % (address, port)


# ---- +yaml -------------------------------------------------------------

YAML_INDENT = "  "


def _yaml_head(view, lookup, flags, query):
    """printmessage()'s +yaml start: the MESSAGE head, its times and
    sockets, then the header (dns_message_headertotext() in YAML)."""
    received = getattr(view.msg, "dig_received", None)
    out = ["- type: MESSAGE\n", "  message:\n"]
    recursive = view.flags & F_RD and (query or view.flags & F_RA)
    out.append("    type: %s_%s\n" % ("RECURSIVE" if recursive else "AUTH",
                                      "QUERY" if query else "RESPONSE"))
    if received is not None:
        sent = received.sent
        if sent is None and received.when is not None:
            sent = received.when - received.elapsed_us / 1e6
        if sent is not None:
            out.append("    query_time: !!timestamp %s\n"
                       % _iso8601(sent, lookup.use_usec))
        if not query and received.when is not None:
            out.append("    response_time: !!timestamp %s\n"
                       % _iso8601(received.when, lookup.use_usec))
        out.append("    message_size: %db\n" % received.size)
        family = "INET6" if ":" in received.address else "INET"
        out.append("    socket_family: %s\n" % family)
        out.append("    socket_protocol: %s\n"
                   % ("TCP" if _tcp_mode(lookup, received) else "UDP"))
        out.append('    response_address: "%s"\n'
                   % _yaml_address(received.address))
        out.append("    response_port: %d\n" % received.port)
        # the socket's bound address: -b's, else the wildcard; its port
        # reads 0 (the network manager's handle, not the socket's name)
        local = received.local_address
        if local is None:
            local = "::" if family == "INET6" else "0.0.0.0"
        out.append('    query_address: "%s"\n' % _yaml_address(local))
        out.append("    query_port: %d\n" % received.local_port)
    out.append("    %s:\n" % ("query_message_data" if query
                              else "response_message_data"))
    if not flags.noheaders:
        out.append(_yaml_header(view))
    return "".join(out)


def _yaml_address(address):
    """printmessage() writes the IPv6 wildcard as '::0'."""
    return "::0" if address == "::" else address


def _tcp_mode(lookup, received):
    """The lookup's tcp_mode when dig prints: what was asked (+tcp, +vc),
    or forced by a transfer, a TC retry, a large query, TLS or HTTPS
    (these two not after an explicit +notcp)."""
    if received.protocol == "TCP" or lookup.tcp_mode:
        return True
    if received.protocol == "UDP":
        return False
    return not lookup.tcp_mode_set


def _iso8601(epoch, usec):
    """isc_time_formatISO8601ms/us(): UTC, milli- or microseconds."""
    secs = int(epoch)
    frac = epoch - secs
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs))
    if usec:
        return "%s.%06dZ" % (text, min(int(frac * 1e6), 999999))
    return "%s.%03dZ" % (text, min(int(frac * 1e3), 999))


def _yaml_header(view):
    """dns_message_headertotext() in YAML (its count names differ from the
    section headings for UPDATE: PREREQ, not PREREQUISITE)."""
    ind = YAML_INDENT * 3
    names = ("ZONE", "PREREQ", "UPDATE", "ADDITIONAL") \
        if view.opcode == OP_UPDATE else SECTIONS
    # dns_rcode_totext() alone here: no '?' before a number
    rcode = rcode_text(view.rcode).lstrip("?")
    lines = ["opcode: %s" % OPCODES[view.opcode], "status: %s" % rcode,
             "id: %d" % view.id,
             "flags:" + "".join(" " + name for bit, name in FLAG_BITS
                                if view.flags & bit)]
    if view.flags & F_Z:
        lines.append("MBZ: 0x4")
    for name, count in zip(names, view.counts):
        lines.append("%s: %d" % (name, count))
    return "".join(ind + line + "\n" for line in lines)


def _yaml_opt(view):
    if view.opt is None:
        return ""
    ind = YAML_INDENT
    ttl = view.opt_ttl
    out = [ind * 3 + "OPT_PSEUDOSECTION:\n", ind * 4 + "EDNS:\n"]
    out.append(ind * 5 + "version: %d\n" % ((ttl >> 16) & 0xFF))
    out.append(ind * 5 + "flags:%s%s\n" % (" do" if ttl & EDNS_DO else "",
                                          " co" if ttl & EDNS_CO else ""))
    mbz = ttl & 0xFFFF & ~(EDNS_DO | EDNS_CO)
    if mbz:
        out.append(ind * 5 + "MBZ: 0x%04x\n" % mbz)
    out.append(ind * 5 + "udp: %d\n" % view.opt_udp)
    state = getattr(view.msg, "dig_cookie_state", None)
    for code, data in view.options:
        out.append(_yaml_option(code, data, state))
    return "".join(out)


def _yaml_option(code, data, cookie_state):
    """dns_message_pseudosectiontoyaml()'s option lines (names differ from
    the plain form: TCP-KEEPALIVE, EDE's INFO-CODE / EXTRA-TEXT)."""
    ind = YAML_INDENT * 5
    n = len(data)
    extra_text = False
    names = {OPT_LLQ: "LLQ", OPT_NSID: "NSID", OPT_COOKIE: "COOKIE",
             OPT_ECS: "CLIENT-SUBNET", OPT_EXPIRE: "EXPIRE",
             OPT_KEEPALIVE: "TCP-KEEPALIVE", OPT_PAD: "PAD",
             OPT_KEY_TAG: "KEY-TAG", OPT_EDE: "EDE",
             OPT_CLIENT_TAG: "CLIENT-TAG", OPT_SERVER_TAG: "SERVER-TAG"}
    head = ind + (names[code] + ":" if code in names else "OPT=%d:" % code)
    if code == OPT_LLQ and n == 18:
        return head + _llq_text(data) + "\n"
    if code == OPT_ECS:
        ecs = _ecs_text(data)
        if ecs is not None:
            return head + ecs + "\n"
        head += "\n"    # BIND ends the line, then dumps the bytes anyway
    if code == OPT_EXPIRE and n == 4:
        secs = int.from_bytes(data, "big")
        return "%s %d (%s)\n" % (head, secs, ttl_words(secs))
    if code == OPT_KEEPALIVE and n == 2:
        dsecs = int.from_bytes(data, "big")
        return "%s %d.%d secs\n" % (head, dsecs // 10, dsecs % 10)
    if code == OPT_KEY_TAG and n and n % 2 == 0:
        return head + ",".join(" %d" % int.from_bytes(data[i:i + 2], "big")
                               for i in range(0, n, 2)) + "\n"
    if code in (OPT_CLIENT_TAG, OPT_SERVER_TAG) and n == 2:
        return "%s %d\n" % (head, int.from_bytes(data, "big"))
    if code == OPT_EDE and n >= 2:
        info = int.from_bytes(data[:2], "big")
        head += "\n" + YAML_INDENT * 6 + "INFO-CODE: %d" % info
        if info < len(EDE_TEXT):
            head += " (%s)" % EDE_TEXT[info]
        head += "\n"
        data, n = data[2:], n - 2
        if not n:
            return head + "\n"
        head += YAML_INDENT * 6 + "EXTRA-TEXT:"
        extra_text = True
    if not n:
        return head + "\n"
    if code == OPT_COOKIE:
        return head + " " + _option_dump(code, data, cookie_state) + "\n"
    utf8ok = extra_text and utf8_valid(data)
    text = head + " " + ("" if utf8ok else hex_bytes(data))
    if code == OPT_ECS:
        return text + "\n"
    if extra_text:
        return text + '"' + printable(data, utf8ok) + '"\n'
    return text + '("' + printable(data) + '")\n'


def _yaml_section(view, index, lookup, dargs, flags):
    """dns_message_sectiontotext() in YAML: 'NAME_SECTION:', then each
    record as a quoted list item (rdata.py writes the items)."""
    rrsets = view.sections[index]
    if not rrsets:
        return ""
    names = UPDATE_SECTIONS if view.opcode == OP_UPDATE else SECTIONS
    out = [YAML_INDENT * 3 + names[index] + "_SECTION:\n"]
    out.extend(_section_records(view, index, rrsets, lookup, dargs, flags))
    return "".join(out)


def _yaml_sig(rrset, kind, lookup, dargs):
    """The TSIG / SIG0 pseudosection in YAML: its record one level less
    indented than a section's, and always a blank line after."""
    if rrset is None:
        return ""
    lines = _rrset_lines(_rdata_module(), rrset, lookup, dargs)
    return "".join([YAML_INDENT * 3 + kind + "_PSEUDOSECTION:\n"]
                   + [line[len(YAML_INDENT):] for line in lines] + ["\n"])
