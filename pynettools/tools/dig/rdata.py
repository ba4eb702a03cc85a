"""How dig 9.18 presents one resource record.

BIND prints a record through dns_master_rdatasettotext() (lib/dns/masterdump.c:
owner, TTL, class and type placed at the style's columns with tabs, then the
rdata) and each type's totext function (lib/dns/rdata/*/*.c) with the flags
dig's printmessage() and say_message() put in the style (bin/dig/dig.c).

Everything here works from the record's wire form (rdata.to_wire()), as BIND
does, so dnspython's own presentation (its base64 and hex chunking, its TXT
escapes, its SVCB and LOC forms) never shows through.  dig parses replies
with DNS_MESSAGEPARSE_PRESERVEORDER, so every RR is an rdataset of its own:
owner, TTL and class are printed on every line even with +multiline.

The engine may set two module attributes: `clock` (time.time by default: the
"now" RRSIG and SIG dates are placed by) and `warning_sink` (sys.stderr's
write by default: +idnout's "cannot represent" warning).  A name libidn2
would refuse under +idnout raises query.Fatal, dig's fatal().
"""
import binascii
import socket
import struct
import time

_UNSPLIT = 0xFFFFFFFF
_LINE_LENGTH = 80
_TAB = 8

_TYPE_NAMES = {
    1: "A", 2: "NS", 3: "MD", 4: "MF", 5: "CNAME", 6: "SOA", 7: "MB", 8: "MG", 9: "MR", 10: "NULL",
    11: "WKS", 12: "PTR", 13: "HINFO", 14: "MINFO", 15: "MX", 16: "TXT", 17: "RP", 18: "AFSDB",
    19: "X25", 20: "ISDN", 21: "RT", 22: "NSAP", 23: "NSAP-PTR", 24: "SIG", 25: "KEY", 26: "PX",
    27: "GPOS", 28: "AAAA", 29: "LOC", 30: "NXT", 31: "EID", 32: "NIMLOC", 33: "SRV", 34: "ATMA",
    35: "NAPTR", 36: "KX", 37: "CERT", 38: "A6", 39: "DNAME", 40: "SINK", 41: "OPT", 42: "APL",
    43: "DS", 44: "SSHFP", 45: "IPSECKEY", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 49: "DHCID",
    50: "NSEC3", 51: "NSEC3PARAM", 52: "TLSA", 53: "SMIMEA", 55: "HIP", 56: "NINFO", 57: "RKEY",
    58: "TALINK", 59: "CDS", 60: "CDNSKEY", 61: "OPENPGPKEY", 62: "CSYNC", 63: "ZONEMD",
    64: "SVCB", 65: "HTTPS", 66: "DSYNC", 67: "HHIT", 68: "BRID", 99: "SPF", 100: "UINFO",
    101: "UID", 102: "GID", 103: "UNSPEC", 104: "NID", 105: "L32", 106: "L64", 107: "LP",
    108: "EUI48", 109: "EUI64", 249: "TKEY", 250: "TSIG", 251: "IXFR", 252: "AXFR", 253: "MAILB",
    254: "MAILA", 255: "ANY", 256: "URI", 257: "CAA", 258: "AVC", 259: "DOA", 260: "AMTRELAY",
    261: "RESINFO", 262: "WALLET", 32768: "TA", 32769: "DLV",     # KEYDATA (65533): TYPE65533, gen.c
}
_CLASS_NAMES = {0: "RESERVED0", 1: "IN", 3: "CH", 4: "HS", 254: "NONE", 255: "ANY"}
_SECALGS = {1: "RSAMD5", 2: "DH", 3: "DSA", 5: "RSASHA1", 6: "NSEC3DSA", 7: "NSEC3RSASHA1",
            8: "RSASHA256", 10: "RSASHA512", 12: "ECCGOST", 13: "ECDSAP256SHA256",
            14: "ECDSAP384SHA384", 15: "ED25519", 16: "ED448", 252: "INDIRECT",
            253: "PRIVATEDNS", 254: "PRIVATEOID"}
_CERT_TYPES = {1: "PKIX", 2: "SPKI", 3: "PGP", 4: "IPKIX", 5: "ISPKI", 6: "IPGP", 7: "ACPKIX",
               8: "IACPKIX", 253: "URI", 254: "OID"}
_TSIG_RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP",
                5: "REFUSED", 6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH",
                10: "NOTZONE", 11: "RESERVED11", 12: "RESERVED12", 13: "RESERVED13",
                14: "RESERVED14", 15: "RESERVED15", 16: "BADSIG", 17: "BADKEY", 18: "BADTIME",
                19: "BADMODE", 20: "BADNAME", 21: "BADALG", 22: "BADTRUNC"}
_SOA_FIELDS = ("serial", "refresh", "retry", "expire", "minimum")
# SVCB keys BIND names (dohpath, key 7, is not among its "initial" ones: key7="...")
_SVCB_KEYS = {0: ("mandatory", "keylist"), 1: ("alpn", "alpn"), 2: ("no-default-alpn", "empty"),
              3: ("port", "port"), 4: ("ipv4hint", "ipv4s"), 5: ("ech", "base64"),
              6: ("ipv6hint", "ipv6s")}
_B32HEX = "0123456789ABCDEFGHIJKLMNOPQRSTUV"


class _NotImplemented(Exception):
    """A totext function's ISC_R_NOTIMPLEMENTED: the record is printed in \\# form."""


class _Ctx:
    """dns_rdata_textctx_t: the style flags a totext function looks at, the
    width hex/base64 runs are split at and the line break put between them."""

    def __init__(self, multiline=False, rrcomment=False, nocrypto=False, unknown=False,
                 expandaaaa=False, yaml=False, width=60, linebreak=" "):
        self.multiline = multiline
        self.rrcomment = rrcomment
        self.nocrypto = nocrypto
        self.unknown = unknown
        self.expandaaaa = expandaaaa
        self.yaml = yaml
        self.width = width
        self.linebreak = linebreak


# ---- names, types, classes, TTLs ------------------------------------------

def _label_text(label):
    out = []
    for c in label:
        if c in b'"().;\\@$':
            out.append("\\" + chr(c))
        elif 0x20 < c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\%03d" % c)
    return "".join(out)


def _labels_text(labels, omit_final_dot=False):
    """dns_name_totext() (DNS_NAME_MASTERFILE) of an absolute name's labels."""
    labels = [label for label in labels if label]
    if not labels:
        return _filtered(".")
    text = ".".join(_label_text(label) for label in labels)
    return _filtered(text if omit_final_dot else text + ".")


def name_text(name):
    """A dns.name.Name as BIND prints it (relative names get no final dot)."""
    labels = list(name.labels)
    if not labels:
        return _filtered("@")
    if labels[-1] == b"":
        return _labels_text(labels)
    return _filtered(".".join(_label_text(label) for label in labels))


# ---- IDN output (+idnout: dig's idn_output_filter on every name it prints) ----

_idn = {"on": False, "warned": False}
# where the "cannot represent" warning goes (the engine may point it at its stderr)
warning_sink = None


def _filtered(text):
    return _idn_output(text) if _idn["on"] else text


def _idn_output(text):
    """idn_ace_to_locale(): the xn-- labels decoded (libidn2's rules, near
    enough); in a locale that is not UTF-8 the name comes back as lower-case
    ACE, with a warning once per run."""
    labels = text.split(".")
    decoded = []
    changed = False
    for label in labels:
        if label[:4].lower() == "xn--":
            decoded.append(_punycode_label(label, text))
            changed = True
        else:
            decoded.append(label)
    if not changed:
        return text
    unicode_text = ".".join(decoded)
    if _utf8_locale():
        return unicode_text
    import unicodedata
    if any(unicodedata.category(c)[0] in "SP" for c in unicode_text if ord(c) > 0x7F):
        # IDNA2008 proper (no IDNA2003 fallback here): symbols are out
        _idn_fatal("Cannot represent '%s' in the current locale nor ascii (string contains a "
                   "disallowed character), use +noidnout or a different locale" % text)
    ace = ".".join("xn--" + label.lower().encode("punycode").decode("ascii")
                   if any(ord(c) > 0x7F for c in label) else label.lower() for label in decoded)
    if not _idn["warned"]:
        _idn["warned"] = True
        _warn(";; Warning: cannot represent '%s' in the current locale" % ace)    # (no newline)
    return ace


def _punycode_label(label, text):
    try:
        value = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        value = None
    if not value or all(ord(c) < 0x80 for c in value):
        _idn_fatal("Bad ACE string '%s' (string contains invalid punycode data), use +noidnout" % text)
    import unicodedata
    for c in value:
        if (unicodedata.category(c) in ("Cc", "Cn", "Cs", "Co", "Zs", "Zl", "Zp")
                or "." in unicodedata.normalize("NFKC", c)):
            _idn_fatal("'%s' is not a legal IDNA2008 name (string contains a disallowed character), "
                       "use +noidnout" % text)
    return value


def _idn_fatal(message):
    from pynettools.tools.dig.query import Fatal
    err = Fatal(message)
    err.dig_idn = True      # passes through _totext's catch-all
    raise err


def _utf8_locale():
    """setlocale(LC_ALL, ""): is the locale's character set UTF-8?"""
    import os
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(var)
        if value:
            return "utf-8" in value.lower() or "utf8" in value.lower()
    return False


def _warn(text):
    if warning_sink is not None:
        warning_sink(text)
        return
    import sys
    sys.stderr.write(text)
    sys.stderr.flush()


class _IdnScope:
    """dig_idnsetup(lookup, true) around one printing (the filter is BIND's global)."""

    def __init__(self, lookup):
        self.on = bool(getattr(lookup, "idnout", False))

    def __enter__(self):
        self.saved = _idn["on"]
        _idn["on"] = self.on

    def __exit__(self, *exc):
        _idn["on"] = self.saved


def _wire_name(wire, pos):
    """An uncompressed name at wire[pos:]: (text, position after it)."""
    labels = []
    while True:
        if pos >= len(wire):
            raise _NotImplemented()
        n = wire[pos]
        if n == 0:
            return _labels_text(labels), pos + 1
        if n > 63 or pos + 1 + n > len(wire):
            raise _NotImplemented()
        labels.append(wire[pos + 1:pos + 1 + n])
        pos += 1 + n


def type_text(rdtype, unknown=False):
    if unknown:
        return "TYPE%d" % rdtype
    return _TYPE_NAMES.get(rdtype) or "TYPE%d" % rdtype


def class_text(rdclass, unknown=False):
    if unknown:
        return "CLASS%d" % rdclass
    return _CLASS_NAMES.get(rdclass) or "CLASS%d" % rdclass


def ttl_text(ttl, verbose=False, upcase=False):
    """dns_ttl_totext(): "1h2m3s", or verbose "1 hour 2 minutes 3 seconds"."""
    parts = []
    secs, ttl = ttl % 60, ttl // 60
    mins, ttl = ttl % 60, ttl // 60
    hours, ttl = ttl % 24, ttl // 24
    days, weeks = ttl % 7, ttl // 7
    for value, unit in ((weeks, "week"), (days, "day"), (hours, "hour"), (mins, "minute")):
        if value:
            parts.append((value, unit))
    if secs or not parts:
        parts.append((secs, "second"))
    if verbose:
        return " ".join("%d %s%s" % (v, u, "" if v == 1 else "s") for v, u in parts)
    text = "".join("%d%s" % (v, u[0]) for v, u in parts)
    if len(parts) == 1 and upcase:
        text = text[:-1] + text[-1].upper()
    return text


# ---- the encodings ----------------------------------------------------------

def _chunked(text, unit, wordlength, wordbreak):
    """The word breaks of isc_base64_totext() / isc_hex_totext(): after each
    output unit (4 base64 characters, 2 hex digits) they test
    (loops + 1) * unit >= wordlength, so a run holds the fewest units (at
    least one) that leave no room for another: 14 groups (56 characters)
    for 60; never a break at the very end."""
    per = max(1, -(-wordlength // unit) - 1) * unit
    if len(text) <= per:
        return text
    return wordbreak.join(text[i:i + per] for i in range(0, len(text), per))


def _b64(data, wordlength, wordbreak):
    """isc_base64_totext()."""
    text = binascii.b2a_base64(bytes(data), newline=False).decode("ascii")
    return _chunked(text, 4, max(wordlength, 4), wordbreak)


def _hex(data, wordlength, wordbreak):
    """isc_hex_totext() (upper case)."""
    return _chunked(bytes(data).hex().upper(), 2, max(wordlength, 2), wordbreak)


def _b32hex_nopad(data):
    """isc_base32hexnp_totext() with no word breaks."""
    out = []
    for i in range(0, len(data), 5):
        chunk = data[i:i + 5]
        bits = int.from_bytes(chunk + b"\0" * (5 - len(chunk)), "big")
        chars = (len(chunk) * 8 + 4) // 5
        for k in range(chars):
            out.append(_B32HEX[(bits >> (35 - 5 * k)) & 0x1F])
    return "".join(out)


def _split_b64(data, ctx):
    if ctx.width == 0:
        return _b64(data, 60, "")
    return _b64(data, ctx.width - 2, ctx.linebreak)


def _split_hex(data, ctx):
    if ctx.width == 0:
        return _hex(data, 0, "")
    return _hex(data, ctx.width - 2, ctx.linebreak)


def _char_string(wire, pos, quote=True, comma=False):
    """commatxt_totext(): one <character-string> at wire[pos:]; (text, next pos)."""
    if pos >= len(wire):
        raise _NotImplemented()
    n = wire[pos]
    end = pos + 1 + n
    if end > len(wire):
        raise _NotImplemented()
    return _escape_txt(wire[pos + 1:end], quote, comma), end


def _escape_txt(data, quote, comma):
    out = ['"'] if quote else []
    low = 0x20 if quote else 0x21
    for c in data:
        if c < low or c >= 0x7F:
            out.append("\\%03d" % c)
            continue
        ch = chr(c)
        if ch in '"\\' or (comma and ch == ",") or (not comma and not quote and ch in "@;"):
            out.append("\\")
            if comma and ch in ",\\":
                out.append("\\\\" if ch == "\\" else "\\")
        out.append(ch)
    if quote:
        out.append('"')
    return "".join(out)


def _multitxt(data):
    """multitxt_totext(): the rest of the rdata as one quoted string."""
    out = ['"']
    for c in data:
        if c < 0x20 or c >= 0x7F:
            out.append("\\%03d" % c)
        elif c in (0x22, 0x5C):
            out.append("\\" + chr(c))
        else:
            out.append(chr(c))
    out.append('"')
    return "".join(out)


def _inet4(data):
    return "%d.%d.%d.%d" % tuple(data[:4])


def _inet6(data, ctx=None):
    """inet_ntop(AF_INET6), the C library's (as BIND's inet_totext uses it)."""
    text = socket.inet_ntop(socket.AF_INET6, bytes(data[:16]))
    if ctx is not None and ctx.yaml and text.endswith(":"):
        text += "0"     # inet_totext: an address ending in "::" breaks YAML parsing
    return text


# The clock dns_time64_from32() reads (the engine may set the seam's, for a
# replay to read the recorded time); a 32-bit time prints differently at
# another moment only when it lies about 68 years (2**31 s) from now.
clock = time.time


def _time32(value):
    """dns_time32_totext(): YYYYMMDDHHMMSS of the time nearest to now."""
    start = int(clock())
    now = start & 0xFFFFFFFF
    diff = (value - now) & 0xFFFFFFFF
    if 0 < diff < 0x80000000:
        t = start + diff
    else:
        t = start - ((now - value) & 0xFFFFFFFF)
    # before 1970 too (back to now - 2**31), as BIND counts years down from 1970
    if t < -2208988800 or t > 253402300799:
        raise _NotImplemented()
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(t))


def _typemap(data, ctx_multiline_break=None):
    """typemap_totext(): NSEC/NSEC3/CSYNC type bitmaps; with a line break given
    (NSEC3 in multi-line style) each window starts on a new line."""
    out = []
    i = 0
    first = True
    while i < len(data):
        if ctx_multiline_break is not None:
            out.append(ctx_multiline_break)
            first = True
        if i + 2 > len(data):
            raise _NotImplemented()
        window, length = data[i], data[i + 1]
        i += 2
        if length == 0 or length > 32 or i + length > len(data):
            raise _NotImplemented()
        for j in range(length):
            octet = data[i + j]
            for k in range(8):
                if octet & (0x80 >> k):
                    t = window * 256 + j * 8 + k
                    if not first:
                        out.append(" ")
                    first = False
                    out.append(_TYPE_NAMES.get(t) or "TYPE%d" % t)
        i += length
    return "".join(out)


def _key_id(wire):
    """dst_region_computeid(): the ones-complement sum of the whole rdata."""
    ac = 0
    for i in range(0, len(wire) - 1, 2):
        ac += (wire[i] << 8) + wire[i + 1]
    if len(wire) % 2:
        ac += wire[-1] << 8
    ac += (ac >> 16) & 0xFFFF
    return ac & 0xFFFF


def _u16(wire, pos):
    if pos + 2 > len(wire):
        raise _NotImplemented()
    return (wire[pos] << 8) | wire[pos + 1]


def _u32(wire, pos):
    if pos + 4 > len(wire):
        raise _NotImplemented()
    return struct.unpack_from("!I", wire, pos)[0]


def _u8(wire, pos):
    if pos >= len(wire):
        raise _NotImplemented()
    return wire[pos]


# ---- each type's totext -----------------------------------------------------

def _open(ctx):
    """" (" before the line break of a multi-line rdata."""
    return " (" if ctx.multiline else ""


def _close(ctx):
    return " )" if ctx.multiline else ""


def _t_name(wire, ctx, rdtype):
    return _wire_name(wire, 0)[0]


def _t_u16_name(wire, ctx, rdtype):         # MX, AFSDB, RT, KX, LP
    name = _wire_name(wire, 2)[0]
    return "%d %s" % (_u16(wire, 0), name)


def _t_two_names(wire, ctx, rdtype):        # RP, MINFO, TALINK
    first, pos = _wire_name(wire, 0)
    return first + " " + _wire_name(wire, pos)[0]


def _t_a(wire, ctx, rdtype):
    if len(wire) != 4:
        raise _NotImplemented()
    return _inet4(wire)


def _t_aaaa(wire, ctx, rdtype):
    if len(wire) != 16:
        raise _NotImplemented()
    if ctx.expandaaaa:
        return ":".join("%02x%02x" % (wire[i], wire[i + 1]) for i in range(0, 16, 2))
    return _inet6(wire, ctx)


def _t_ch_a(wire, ctx, rdtype):
    name, pos = _wire_name(wire, 0)
    return "%s %o" % (name, _u16(wire, pos))


def _t_soa(wire, ctx, rdtype):
    mname, pos = _wire_name(wire, 0)
    rname, pos = _wire_name(wire, pos)
    comm = ctx.multiline and ctx.rrcomment
    out = [mname, " ", rname, _open(ctx), ctx.linebreak]
    for i in range(5):
        num = _u32(wire, pos + 4 * i)
        if comm:
            out.append("%-10d ; %s" % (num, _SOA_FIELDS[i]))
            if i >= 1:
                out.append(" (%s)" % ttl_text(num, verbose=True, upcase=True))
            out.append(ctx.linebreak)
        else:
            out.append("%d" % num)
            if i < 4:
                out.append(ctx.linebreak)
    if ctx.multiline:
        out.append(")")
    return "".join(out)


def _t_txt(wire, ctx, rdtype):              # TXT, SPF, NINFO, AVC, RESINFO, WALLET
    out = []
    pos = 0
    while pos < len(wire):
        text, pos = _char_string(wire, pos)
        out.append(text)
    return " ".join(out)


def _t_hinfo(wire, ctx, rdtype):
    cpu, pos = _char_string(wire, 0)
    os_, pos = _char_string(wire, pos)
    return cpu + " " + os_


def _t_isdn(wire, ctx, rdtype):
    address, pos = _char_string(wire, 0)
    if pos == len(wire):
        return address
    return address + " " + _char_string(wire, pos)[0]


def _t_x25(wire, ctx, rdtype):
    return _char_string(wire, 0)[0]


def _t_gpos(wire, ctx, rdtype):
    out = []
    pos = 0
    for _ in range(3):
        text, pos = _char_string(wire, pos)
        out.append(text)
    return " ".join(out)


def _t_caa(wire, ctx, rdtype):
    if len(wire) < 3:
        raise _NotImplemented()
    tag, pos = _char_string(wire, 1, quote=False)
    return "%d %s %s" % (wire[0], tag, _multitxt(wire[pos:]))


def _t_uri(wire, ctx, rdtype):
    return "%d %d %s" % (_u16(wire, 0), _u16(wire, 2), _multitxt(wire[4:]))


def _t_srv(wire, ctx, rdtype):
    name = _wire_name(wire, 6)[0]
    return "%d %d %d %s" % (_u16(wire, 0), _u16(wire, 2), _u16(wire, 4), name)


def _t_naptr(wire, ctx, rdtype):
    out = ["%d %d" % (_u16(wire, 0), _u16(wire, 2))]
    pos = 4
    for _ in range(3):
        text, pos = _char_string(wire, pos)
        out.append(text)
    out.append(_wire_name(wire, pos)[0])
    return " ".join(out)


def _t_px(wire, ctx, rdtype):
    first, pos = _wire_name(wire, 2)
    return "%d %s %s" % (_u16(wire, 0), first, _wire_name(wire, pos)[0])


def _loc_size(octet):
    base, exponent = octet >> 4, octet & 0x0F
    if base > 9 or exponent > 9:
        raise _NotImplemented()
    if exponent > 1:
        return "%dm" % (base * 10 ** (exponent - 2))
    return "0.%02dm" % (base * 10 ** exponent)


def _loc_angle(value, positive, negative):
    if value >= 0x80000000:
        hemisphere = positive
        value -= 0x80000000
    else:
        hemisphere = negative
        value = 0x80000000 - value
    fraction, value = value % 1000, value // 1000
    seconds, value = value % 60, value // 60
    minutes, degrees = value % 60, value // 60
    return "%d %d %d.%03d %s" % (degrees, minutes, seconds, fraction, hemisphere), degrees


def _t_loc(wire, ctx, rdtype):
    if not wire or wire[0] != 0 or len(wire) != 16:
        raise _NotImplemented()
    size, hp, vp = _loc_size(wire[1]), _loc_size(wire[2]), _loc_size(wire[3])
    latitude, lat_deg = _loc_angle(_u32(wire, 4), "N", "S")
    longitude, lon_deg = _loc_angle(_u32(wire, 8), "E", "W")
    if lat_deg > 90 or lon_deg > 180:
        raise _NotImplemented()
    altitude = _u32(wire, 12)
    if altitude < 10000000:
        sign, altitude = "-", 10000000 - altitude
    else:
        sign, altitude = "", altitude - 10000000
    return "%s %s %s%d.%02dm %s %s %s" % (latitude, longitude, sign, altitude // 100,
                                          altitude % 100, size, hp, vp)


def _t_ds(wire, ctx, rdtype):               # DS, CDS, TA, DLV
    if len(wire) < 4:
        raise _NotImplemented()
    out = ["%d %d %d" % (_u16(wire, 0), wire[2], wire[3]), _open(ctx), ctx.linebreak]
    out.append("[omitted]" if ctx.nocrypto else _split_hex(wire[4:], ctx))
    out.append(_close(ctx))
    return "".join(out)


def _t_sshfp(wire, ctx, rdtype):
    if len(wire) < 2:
        raise _NotImplemented()
    text = "%d %d" % (wire[0], wire[1])
    if len(wire) == 2:
        return text
    return text + _open(ctx) + ctx.linebreak + _split_hex(wire[2:], ctx) + _close(ctx)


def _t_tlsa(wire, ctx, rdtype):             # TLSA, SMIMEA
    if len(wire) < 3:
        raise _NotImplemented()
    return ("%d %d %d" % (wire[0], wire[1], wire[2]) + _open(ctx) + ctx.linebreak
            + _split_hex(wire[3:], ctx) + _close(ctx))


def _t_key(wire, ctx, rdtype):              # KEY, DNSKEY, CDNSKEY, RKEY
    if len(wire) < 4:
        raise _NotImplemented()
    flags, algorithm = _u16(wire, 0), wire[3]
    out = ["%d %d %d" % (flags, wire[2], algorithm)]
    if rdtype not in (48, 60, 57) and flags & 0xC000 == 0xC000:
        return out[0]                       # a KEY with the "no key" flags
    if flags & 0x0001:
        keyinfo = "revoked KSK" if flags & 0x0080 else "KSK"
    else:
        keyinfo = "ZSK"
    if ctx.rrcomment and algorithm == 253:
        try:
            algname = _wire_name(wire, 4)[0]
            algname = algname if algname == "." else algname[:-1]
        except _NotImplemented:
            algname = "<unknown>"
    else:
        algname = _SECALGS.get(algorithm, str(algorithm))
    out.append(_open(ctx))
    out.append(ctx.linebreak)
    if ctx.nocrypto:
        out.append("[key id = %d]" % _key_id(wire))
    else:
        out.append(_split_b64(wire[4:], ctx))
    if ctx.rrcomment:
        out.append(ctx.linebreak)
    elif ctx.multiline:
        out.append(" ")
    if ctx.multiline:
        out.append(")")
    if ctx.rrcomment:
        if rdtype in (48, 60):
            out.append(" ; " + keyinfo)
        out.append("; alg = %s ; key id = %d" % (algname, _key_id(wire)))
    return "".join(out)


def _t_rrsig(wire, ctx, rdtype):
    if len(wire) < 18:
        raise _NotImplemented()
    covered = _u16(wire, 0)
    cname = _TYPE_NAMES.get(covered) if covered else None
    signer, pos = _wire_name(wire, 18)
    out = ["%s %d %d %d" % (cname or "TYPE%d" % covered, wire[2], wire[3], _u32(wire, 4)),
           _open(ctx), ctx.linebreak,
           "%s %s %d %s" % (_time32(_u32(wire, 8)), _time32(_u32(wire, 12)), _u16(wire, 16), signer),
           ctx.linebreak,
           "[omitted]" if ctx.nocrypto else _split_b64(wire[pos:], ctx), _close(ctx)]
    return "".join(out)


def _t_sig(wire, ctx, rdtype):
    if len(wire) < 18:
        raise _NotImplemented()
    covered = _u16(wire, 0)
    cname = _TYPE_NAMES.get(covered) if covered else None
    signer, pos = _wire_name(wire, 18)
    return "".join(["%s %d %d %d %s" % (cname or "%d" % covered, wire[2], wire[3], _u32(wire, 4),
                                       _time32(_u32(wire, 8))),
                    _open(ctx), ctx.linebreak,
                    "%s %d %s" % (_time32(_u32(wire, 12)), _u16(wire, 16), signer),
                    ctx.linebreak, _split_b64(wire[pos:], ctx), _close(ctx)])


def _t_nsec(wire, ctx, rdtype):
    name, pos = _wire_name(wire, 0)
    if pos == len(wire):
        return name
    return name + " " + _typemap(wire[pos:])


def _t_nxt(wire, ctx, rdtype):
    name, pos = _wire_name(wire, 0)
    out = [name]
    for i in range(pos, len(wire)):
        for j in range(8):
            if wire[i] & (0x80 >> j):
                t = (i - pos) * 8 + j
                out.append(_TYPE_NAMES.get(t) or "%d" % t)
    return " ".join(out)


def _salt(wire, pos):
    n = _u8(wire, pos)
    if pos + 1 + n > len(wire):
        raise _NotImplemented()
    return (_hex(wire[pos + 1:pos + 1 + n], 1, "") if n else "-"), pos + 1 + n


def _t_nsec3(wire, ctx, rdtype):
    if len(wire) < 5:
        raise _NotImplemented()
    salt, pos = _salt(wire, 4)
    out = ["%d %d %d %s" % (wire[0], wire[1], _u16(wire, 2), salt), _open(ctx), ctx.linebreak]
    n = _u8(wire, pos)
    if pos + 1 + n > len(wire):
        raise _NotImplemented()
    out.append(_b32hex_nopad(wire[pos + 1:pos + 1 + n]))
    rest = wire[pos + 1 + n:]
    if not ctx.multiline and rest:
        out.append(" ")
    out.append(_typemap(rest, ctx.linebreak if ctx.multiline else None))
    out.append(_close(ctx))
    return "".join(out)


def _t_nsec3param(wire, ctx, rdtype):
    if len(wire) < 5:
        raise _NotImplemented()
    return "%d %d %d %s" % (wire[0], wire[1], _u16(wire, 2), _salt(wire, 4)[0])


def _t_csync(wire, ctx, rdtype):
    if len(wire) < 6:
        raise _NotImplemented()
    text = "%d %d" % (_u32(wire, 0), _u16(wire, 4))
    if len(wire) == 6:
        return text
    return text + " " + _typemap(wire[6:])


def _t_cert(wire, ctx, rdtype):
    if len(wire) < 5:
        raise _NotImplemented()
    ctype = _u16(wire, 0)
    return ("%s %d %s" % (_CERT_TYPES.get(ctype, str(ctype)), _u16(wire, 2),
                          _SECALGS.get(wire[4], str(wire[4])))
            + _open(ctx) + ctx.linebreak + _split_b64(wire[5:], ctx) + _close(ctx))


def _t_zonemd(wire, ctx, rdtype):
    if len(wire) <= 6:
        raise _NotImplemented()
    return ("%d %d %d" % (_u32(wire, 0), wire[4], wire[5]) + _open(ctx) + ctx.linebreak
            + ("[omitted]" if ctx.nocrypto else _split_hex(wire[6:], ctx)) + _close(ctx))


def _t_openpgpkey(wire, ctx, rdtype):
    body = "[omitted]" if ctx.nocrypto else _split_b64(wire, ctx)
    return ("( " if ctx.multiline else "") + body + _close(ctx)


def _t_dhcid(wire, ctx, rdtype):
    text = ("( " if ctx.multiline else "") + _split_b64(wire, ctx)
    if ctx.multiline:
        text += " )"
        if len(wire) > 2:
            text += " ; %d %d %d" % (wire[0] * 256 + wire[1], wire[2], len(wire) - 3)
    return text


def _t_hexdata(wire, ctx, rdtype):          # EID, NIMLOC
    if ctx.width == 0:
        body = _hex(wire, 60, "")
    else:
        body = _hex(wire, ctx.width - 2, ctx.linebreak)
    return ("( " if ctx.multiline else "") + body + _close(ctx)


def _t_b64data(wire, ctx, rdtype):          # HHIT, BRID
    return _open(ctx) + _split_b64(wire, ctx) + _close(ctx)


def _t_sink(wire, ctx, rdtype):
    if len(wire) < 3:
        raise _NotImplemented()
    text = "%d %d %d" % (wire[0], wire[1], wire[2])
    if len(wire) == 3:
        return text
    return text + _open(ctx) + ctx.linebreak + _split_b64(wire[3:], ctx) + _close(ctx)


def _t_eui48(wire, ctx, rdtype):
    if len(wire) != 6:
        raise _NotImplemented()
    return "-".join("%02x" % c for c in wire)


def _t_eui64(wire, ctx, rdtype):
    if len(wire) != 8:
        raise _NotImplemented()
    return "-".join("%02x" % c for c in wire)


def _t_l32(wire, ctx, rdtype):
    if len(wire) != 6:
        raise _NotImplemented()
    return "%d %s" % (_u16(wire, 0), _inet4(wire[2:]))


def _t_l64(wire, ctx, rdtype):              # L64, NID
    if len(wire) != 10:
        raise _NotImplemented()
    return "%d %x:%x:%x:%x" % ((_u16(wire, 0),) + struct.unpack("!4H", wire[2:]))


def _t_ipseckey(wire, ctx, rdtype):
    if len(wire) < 3 or wire[1] > 3:
        raise _NotImplemented()
    out = ["( " if ctx.multiline else "", "%d %d %d " % (wire[0], wire[1], wire[2])]
    gateway, pos = wire[1], 3
    if gateway == 0:
        out.append(".")
    elif gateway == 1:
        out.append(_inet4(wire[3:7]))
        pos = 7
    elif gateway == 2:
        out.append(_inet6(wire[3:19], ctx))
        pos = 19
    else:
        name, pos = _wire_name(wire, 3)
        out.append(name)
    if pos < len(wire):
        out.append(ctx.linebreak)
        out.append(_split_b64(wire[pos:], ctx))
    out.append(_close(ctx))
    return "".join(out)


def _t_amtrelay(wire, ctx, rdtype):
    if len(wire) < 2 or (wire[1] & 0x7F) > 3:
        raise _NotImplemented()
    gateway = wire[1] & 0x7F
    text = "%d %d %d " % (wire[0], wire[1] >> 7, gateway)
    if gateway == 0:
        return text + "."
    if gateway == 1:
        return text + _inet4(wire[2:6])
    if gateway == 2:
        return text + _inet6(wire[2:18], ctx)
    return text + _wire_name(wire, 2)[0]


def _t_hip(wire, ctx, rdtype):
    if len(wire) < 4:
        raise _NotImplemented()
    hit_len, algorithm, key_len = wire[0], wire[1], _u16(wire, 2)
    pos = 4
    out = ["( " if ctx.multiline else "", "%d " % algorithm, _hex(wire[pos:pos + hit_len], 1, ""),
           ctx.linebreak]
    pos += hit_len
    out.append(_b64(wire[pos:pos + key_len], 1, ""))
    pos += key_len
    if pos < len(wire):
        out.append(ctx.linebreak)
    while pos < len(wire):
        name, pos = _wire_name(wire, pos)
        out.append(name)
        if pos < len(wire):
            out.append(ctx.linebreak)
    out.append(_close(ctx))
    return "".join(out)


def _t_apl(wire, ctx, rdtype):
    out = []
    pos = 0
    while pos < len(wire):
        if pos + 4 > len(wire):
            raise _NotImplemented()
        afi, prefix, length = _u16(wire, pos), wire[pos + 2], wire[pos + 3] & 0x7F
        negate = "!" if wire[pos + 3] & 0x80 else ""
        pos += 4
        address = bytes(wire[pos:pos + length])
        if afi == 1 and length <= 4:
            text = _inet4(address + b"\0" * (4 - length))
        elif afi == 2 and length <= 16:
            text = _inet6(address + b"\0" * (16 - length), ctx)
        else:
            raise _NotImplemented()
        out.append("%s%d:%s/%d" % (negate, afi, text, prefix))
        pos += length
    return " ".join(out)


def _t_wks(wire, ctx, rdtype):
    if len(wire) < 5:
        raise _NotImplemented()
    out = [_inet4(wire), "%d" % wire[4]]
    for i in range(5, len(wire)):
        for j in range(8):
            if wire[i] & (0x80 >> j):
                out.append("%d" % ((i - 5) * 8 + j))
    return " ".join(out)


def _t_nsap(wire, ctx, rdtype):
    return "0x" + "".join("%02x" % c for c in wire)


def _t_a6(wire, ctx, rdtype):
    prefixlen = _u8(wire, 0)
    if prefixlen > 128:
        raise _NotImplemented()
    text = "%d " % prefixlen
    pos = 1
    if prefixlen != 128:
        octets = prefixlen // 8
        address = bytearray(16)
        address[octets:] = wire[1:1 + 16 - octets]
        address[octets] &= 0xFF >> (prefixlen % 8)
        text += _inet6(bytes(address), ctx)
        pos += 16 - octets
    if prefixlen == 0:
        return text
    # "128  NAME": the space after the length and the one before the name
    return text + " " + _wire_name(wire, pos)[0]


def _t_atma(wire, ctx, rdtype):
    if len(wire) < 2 or wire[0] > 1:
        raise _NotImplemented()
    if wire[0] == 0:
        return "".join("%02x" % c for c in wire[1:])
    return "+" + wire[1:].decode("latin-1")


def _t_doa(wire, ctx, rdtype):
    if len(wire) < 10:
        raise _NotImplemented()
    mediatype, pos = _char_string(wire, 9)
    data = wire[pos:]
    return "%d %d %d %s %s" % (_u32(wire, 0), _u32(wire, 4), wire[8], mediatype,
                               _b64(data, 60, "") if data else "-")


def _t_dsync(wire, ctx, rdtype):
    covered = _u16(wire, 0)
    cname = _TYPE_NAMES.get(covered) if covered else None
    scheme = _u8(wire, 2)
    return "%s %s %d %s" % (cname or "TYPE%d" % covered, "NOTIFY" if scheme == 1 else str(scheme),
                            _u16(wire, 3), _wire_name(wire, 5)[0])


def _t_svcb(wire, ctx, rdtype):             # SVCB, HTTPS
    out = ["%d " % _u16(wire, 0)]
    target, pos = _wire_name(wire, 2)
    out.append(target)
    while pos < len(wire):
        key, length = _u16(wire, pos), _u16(wire, pos + 2)
        pos += 4
        value = wire[pos:pos + length]
        if len(value) != length:
            raise _NotImplemented()
        pos += length
        name, encoding = _SVCB_KEYS.get(key, ("key%d" % key, "text"))
        out.append(" " + name)
        if length == 0:
            continue
        if encoding != "empty":
            out.append("=")
        out.append(_svcb_value(encoding, value, ctx))
    return "".join(out)


def _svcb_value(encoding, value, ctx):
    if encoding == "text":
        return _multitxt(value)
    if encoding == "port":
        return "%d" % _u16(value, 0)
    if encoding == "ipv4s":
        return ",".join(_inet4(value[i:i + 4]) for i in range(0, len(value), 4))
    if encoding == "ipv6s":
        # plain inet_ntop here: no YAML "0" after a final "::"
        return ",".join(_inet6(value[i:i + 16]) for i in range(0, len(value), 16))
    if encoding == "base64":
        return _b64(value, 0, "")
    if encoding == "alpn":
        items = []
        pos = 0
        while pos < len(value):
            text, pos = _char_string(value, pos, quote=False, comma=True)
            items.append(text)
        return '"' + ",".join(items) + '"'
    if encoding == "keylist":
        return ",".join(_SVCB_KEYS.get(k, ("key%d" % k,))[0]
                        for k in struct.unpack("!%dH" % (len(value) // 2), value))
    raise _NotImplemented()     # a no-default-alpn with a value: BIND never parses one


def _t_tkey(wire, ctx, rdtype):
    algorithm, pos = _wire_name(wire, 0)
    inception, expire = _u32(wire, pos), _u32(wire, pos + 4)
    mode, error, keylen = _u16(wire, pos + 8), _u16(wire, pos + 10), _u16(wire, pos + 12)
    pos += 14
    out = ["%s %d %d %d " % (algorithm, inception, expire, mode)]
    out.append(_TSIG_RCODES[error] + " " if error in _TSIG_RCODES else "%d " % error)
    out.append("%d" % keylen)
    out += [_open(ctx), ctx.linebreak, _split_b64(wire[pos:pos + keylen], ctx)]
    out.append(" ) " if ctx.multiline else " ")
    pos += keylen
    otherlen = _u16(wire, pos)
    out.append("%d" % otherlen)
    if otherlen:
        out += [_open(ctx), ctx.linebreak, _split_b64(wire[pos + 2:pos + 2 + otherlen], ctx),
                _close(ctx)]
    return "".join(out)


def _t_tsig(wire, ctx, rdtype):
    algorithm, pos = _wire_name(wire, 0)
    if pos + 10 > len(wire):
        raise _NotImplemented()
    signed = int.from_bytes(wire[pos:pos + 6], "big")
    fudge, maclen = _u16(wire, pos + 6), _u16(wire, pos + 8)
    pos += 10
    out = ["%s %d %d %d" % (algorithm, signed, fudge, maclen)]
    if maclen:
        out += [_open(ctx), ctx.linebreak, _split_b64(wire[pos:pos + maclen], ctx),
                " ) " if ctx.multiline else " "]
        pos += maclen
    else:
        out.append(" ")
    original, error, otherlen = _u16(wire, pos), _u16(wire, pos + 2), _u16(wire, pos + 4)
    out.append("%d %s %d " % (original, _TSIG_RCODES.get(error, str(error)), otherlen))
    other = wire[pos + 6:]
    out.append(_b64(other, 60, "" if ctx.width == 0 else " "))
    return "".join(out)


def _t_opt(wire, ctx, rdtype):
    out = []
    pos = 0
    while pos < len(wire):
        code, length = _u16(wire, pos), _u16(wire, pos + 2)
        pos += 4
        out.append("%d %d" % (code, length))
        if length:
            out += [_open(ctx), ctx.linebreak, _split_b64(wire[pos:pos + length], ctx), _close(ctx)]
            pos += length
        if pos < len(wire):
            out.append(" ")
    return "".join(out)


# type -> totext; (type, class) for the class-specific ones (lib/dns/rdata/in_1,
# ch_3, hs_4, any_255): in another class such a type is printed in \# form.
_GENERIC = {
    2: _t_name, 3: _t_name, 4: _t_name, 5: _t_name, 6: _t_soa, 7: _t_name, 8: _t_name,
    9: _t_name, 12: _t_name, 13: _t_hinfo, 14: _t_two_names, 15: _t_u16_name, 16: _t_txt,
    17: _t_two_names, 18: _t_u16_name, 19: _t_x25, 20: _t_isdn, 21: _t_u16_name, 24: _t_sig,
    25: _t_key, 27: _t_gpos, 29: _t_loc, 30: _t_nxt, 35: _t_naptr, 37: _t_cert, 39: _t_name,
    40: _t_sink, 41: _t_opt, 43: _t_ds, 44: _t_sshfp, 45: _t_ipseckey, 46: _t_rrsig,
    47: _t_nsec, 48: _t_key, 50: _t_nsec3, 51: _t_nsec3param, 52: _t_tlsa, 53: _t_tlsa,
    55: _t_hip, 56: _t_txt, 57: _t_key, 58: _t_two_names, 59: _t_ds, 60: _t_key,
    61: _t_openpgpkey, 62: _t_csync, 63: _t_zonemd, 66: _t_dsync, 67: _t_b64data,
    68: _t_b64data, 99: _t_txt, 104: _t_l64, 105: _t_l32, 106: _t_l64, 107: _t_u16_name,
    108: _t_eui48, 109: _t_eui64, 249: _t_tkey, 256: _t_uri, 257: _t_caa, 258: _t_txt,
    259: _t_doa, 260: _t_amtrelay, 261: _t_txt, 262: _t_txt, 32768: _t_ds, 32769: _t_ds,
}
_BY_CLASS = {
    (1, 1): _t_a, (28, 1): _t_aaaa, (33, 1): _t_srv, (64, 1): _t_svcb, (65, 1): _t_svcb,
    (36, 1): _t_u16_name, (42, 1): _t_apl, (49, 1): _t_dhcid, (11, 1): _t_wks,
    (22, 1): _t_nsap, (23, 1): _t_name, (26, 1): _t_px, (38, 1): _t_a6, (34, 1): _t_atma,
    (31, 1): _t_hexdata, (32, 1): _t_hexdata, (1, 3): _t_ch_a, (1, 4): _t_a,
    (250, 255): _t_tsig,
}


# the totext functions that print an empty rdata (the others REQUIRE a length)
_EMPTY_OK = (_t_txt, _t_apl, _t_opt)


def _unknown(wire, ctx):
    """unknown_totext(): RFC 3597's \\# form."""
    text = "\\# %d" % len(wire)
    if not wire:
        return text
    text += " ( " if ctx.multiline else " "
    if ctx.width == 0:
        text += _hex(wire, 0, "")
    else:
        text += _hex(wire, ctx.width - 2, ctx.linebreak)
    if ctx.multiline:
        text += " )"
    return text


def _rdata_wire(rdata):
    """The rdata's wire form (uncompressed, case kept); None if dnspython
    cannot write it."""
    data = getattr(rdata, "data", None)
    if type(rdata).__name__ == "GenericRdata" and isinstance(data, bytes):
        return data
    try:
        return rdata.to_wire()
    except Exception:   # noqa: BLE001 - e.g. names left relative by a relativizing parse
        pass
    try:
        import dns.name
        return rdata.to_wire(origin=dns.name.root)
    except Exception:   # noqa: BLE001
        return None


def _rdata_body(rdata, rdclass, ctx):
    wire = _rdata_wire(rdata)
    if wire is None:
        return rdata.to_text()      # never seen: dnspython's own form rather than a traceback
    return _totext(rdata.rdtype, rdclass, wire, ctx)


def _totext(rdtype, rdclass, wire, ctx):
    """rdata_totext(): the type's own form, or \\# when asked for or when the
    type has none (in this class) or declines (ISC_R_NOTIMPLEMENTED)."""
    if ctx.unknown:
        return _unknown(wire, ctx)
    func = _BY_CLASS.get((rdtype, rdclass)) or _GENERIC.get(rdtype)
    if func is None or (not wire and func not in _EMPTY_OK):
        return _unknown(wire, ctx)
    try:
        return func(wire, ctx, rdtype)
    except _NotImplemented:
        return _unknown(wire, ctx)
    except Exception as err:   # noqa: BLE001 - rdata BIND itself would refuse: never a traceback
        if getattr(err, "dig_idn", False):
            raise
        return _unknown(wire, ctx)


# ---- dig's styles and BIND's columns ----------------------------------------

def _columns(lookup):
    """printmessage()'s dns_master_stylecreate() columns: ttl, class, type, rdata."""
    if lookup.multiline or (lookup.nottl and lookup.noclass):
        return 24, 24, 24, 32
    if lookup.nottl or lookup.noclass:
        return 24, 24, 32, 40
    return 24, 32, 40, 48


def _indent(column, to):
    """masterdump.c indent(): tabs, then spaces, from column to column `to`
    (at least one character); (text, new column)."""
    if to < column + 1:
        to = column + 1
    ntabs = to // _TAB - column // _TAB
    text = ""
    if ntabs > 0:
        text = "\t" * ntabs
        column = (to // _TAB) * _TAB
    return text + " " * (to - column), to


def _split_width(dargs):
    return getattr(dargs, "splitwidth", _UNSPLIT) if dargs is not None else _UNSPLIT


def _yaml(dargs):
    return bool(getattr(dargs, "yaml", False)) if dargs is not None else False


def _message_ctx(lookup, dargs, rdata_column):
    """dns_rdata_tofmttext() as rdataset_totext() calls it with dig's style."""
    split = _split_width(dargs)
    if _yaml(dargs):
        # dig sets none of its display flags in YAML mode
        return _Ctx(yaml=True, width=60 if split == _UNSPLIT else split)
    multiline = bool(lookup.multiline)
    ctx = _Ctx(multiline=multiline,
               rrcomment=lookup.rrcomments > 0 or (multiline and lookup.rrcomments >= 0),
               nocrypto=bool(lookup.nocrypto), unknown=bool(lookup.print_unknown_format),
               expandaaaa=bool(lookup.expandaaaa))
    if multiline:
        ctx.width = _LINE_LENGTH - rdata_column if split == _UNSPLIT else split
        ctx.linebreak = "\n" + _indent(0, rdata_column)[0]
    else:
        ctx.width = 60 if split == _UNSPLIT else split
    return ctx


def _yaml_quote(text):
    return text.replace("'", "''")


# YAML lines of a section sit at msg->indent (3) + 1 levels of two spaces
_YAML_INDENT = "  " * 4


def rr_text(name, ttl, rdclass, rdata, lookup, dargs):
    """One RR of a reply section as dig prints it (dns_master_rdatasettotext
    with printmessage()'s style), newline included."""
    with _IdnScope(lookup):
        return _rr_text(name, ttl, rdclass, rdata, lookup, dargs)


def _bytes_len(text):
    """A column count: BIND counts bytes (an IDN name's UTF-8 ones)."""
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def _rr_text(name, ttl, rdclass, rdata, lookup, dargs):
    ttl_col, class_col, type_col, rdata_col = _columns(lookup)
    ctx = _message_ctx(lookup, dargs, rdata_col)
    yaml = ctx.yaml
    rdtype = rdata.rdtype
    out = [name_text(name)]
    column = _bytes_len(out[0])

    def to(col):
        nonlocal column
        if yaml:
            out.append(" ")
        else:
            text, column = _indent(column, col)
            out.append(text)

    if yaml or not lookup.nottl:
        to(ttl_col)
        text = ttl_text(ttl) if (lookup.ttlunits and not yaml) else "%d" % ttl
        out.append(text)
        column += len(text)
    if yaml or not lookup.noclass:
        to(class_col)
        text = class_text(rdclass, ctx.unknown)
        out.append(text)
        column += len(text)
    to(type_col)
    text = type_text(rdtype, ctx.unknown)
    out.append(text)
    column += len(text)
    to(rdata_col)
    out.append(_rdata_body(rdata, rdclass, ctx))
    if yaml:
        return _YAML_INDENT + "- '" + _yaml_quote("".join(out)) + "'\n"
    return "".join(out) + "\n"


def question_text(name, rdclass, rdtype, lookup, dargs):
    """The question section's ";name.  IN  A" line (dns_master_questiontotext;
    the ";" does not count for the columns)."""
    with _IdnScope(lookup):
        return _question_text(name, rdclass, rdtype, lookup, dargs)


def _question_text(name, rdclass, rdtype, lookup, dargs):
    ttl_col, class_col, type_col, rdata_col = _columns(lookup)
    yaml = _yaml(dargs)
    unknown = bool(lookup.print_unknown_format) and not yaml
    owner = name_text(name)
    klass = class_text(rdclass, unknown)
    rtype = type_text(rdtype, unknown)
    if yaml:
        return _YAML_INDENT + "- '" + _yaml_quote("%s %s %s" % (owner, klass, rtype)) + "'\n"
    text, column = _indent(_bytes_len(owner), class_col)
    line = owner + text + klass
    text, column = _indent(column + len(klass), type_col)
    return ";" + line + text + rtype + "\n"


def rdata_text(rdata, lookup, dargs, rdclass=None):
    """The rdata alone as +short prints it (say_message(): never multi-line,
    rrcomments only when asked for with +rrcomments)."""
    split = _split_width(dargs)
    ctx = _Ctx(rrcomment=lookup.rrcomments > 0, nocrypto=bool(lookup.nocrypto),
               unknown=bool(lookup.print_unknown_format), expandaaaa=bool(lookup.expandaaaa),
               width=60 if split == _UNSPLIT else split)
    if rdclass is None:
        rdclass = rdata.rdclass
    with _IdnScope(lookup):
        return _rdata_body(rdata, rdclass, ctx)
