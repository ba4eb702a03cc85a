"""The query dig sends, built byte by byte (no dnspython on this path).

BIND renders a query as: the header, the question, for IXFR an SOA in the
authority section (its owner compressed to the question name, its names the
root, every number 0 but the serial), then the additional section: the OPT
record (EDNS) and, last, a TSIG record.  dig's options map onto it:
  * header flags: RD unless +norecurse (and never for AXFR/IXFR), AA, AD,
    CD, RA, TC and the Z bit (0x0040) as asked; the opcode from +opcode.
  * OPT is added when any of +bufsize, +dnssec, +edns, +subnet was given or
    is on by default (dig's default lookup has +edns=0, so plain dig sends
    OPT): udp size (1232 by default), version, DO/CO flags, and the options
    in dig's order: NSID, CLIENT-SUBNET, COOKIE, EXPIRE, TCP-KEEPALIVE, the
    +ednsopt ones, then PADDING.
  * +padding=N pads the message (with TSIG counted) to a multiple of N.
Building it here keeps `dig @server name` from importing dnspython's
renderer, and makes ";; QUERY SIZE: N" come out as BIND counts it.
"""
import struct

# header flag bits
QR, AA, TC, RD, RA, Z, AD, CD = 0x8000, 0x0400, 0x0200, 0x0100, 0x0080, 0x0040, 0x0020, 0x0010
DO, CO = 0x8000, 0x4000            # EDNS flags
OPT_NSID, OPT_ECS, OPT_EXPIRE, OPT_COOKIE, OPT_KEEPALIVE, OPT_PADDING = 3, 8, 9, 10, 11, 12
TYPE_SOA, TYPE_OPT, TYPE_TSIG, TYPE_AXFR, TYPE_IXFR = 6, 41, 250, 252, 251


class BadName(Exception):
    """dns_name_fromtext() refused the text: BIND's reason ("empty label")."""


def name_to_wire(text, origin=None):
    """Wire form of a presentation name; relative names get `origin`
    (wire), or the root when origin is None.  Raises BadName."""
    labels, absolute = _labels(text)
    wire = b"".join(bytes((len(label),)) + label for label in labels)
    if absolute:
        wire += b"\0"
    elif origin is not None:
        wire += origin
    else:
        wire += b"\0"
    if len(wire) > 255:
        raise BadName("name too long")
    return wire


def _labels(text):
    """dns_name_fromtext()'s reading of escapes (\\X, \\DDD) and dots."""
    if text == ".":
        return [], True
    if text == "":
        raise BadName("empty label")
    labels, label, i = [], bytearray(), 0
    raw = text.encode("utf-8", "surrogateescape")
    while i < len(raw):
        c = raw[i]
        if c == 0x2E:  # "."
            if not label:
                raise BadName("empty label")
            labels.append(bytes(label))
            label = bytearray()
            i += 1
            if i == len(raw):
                return labels, True
            continue
        if c == 0x5C:  # backslash
            i += 1
            if i >= len(raw):
                raise BadName("unexpected end of input")
            if raw[i:i + 1].isdigit():
                digits = raw[i:i + 3]
                if len(digits) < 3 or not digits.isdigit():
                    raise BadName("bad escape")
                value = int(digits)
                if value > 255:
                    raise BadName("bad escape")
                label.append(value)
                i += 3
            else:
                label.append(raw[i])
                i += 1
        else:
            label.append(c)
            i += 1
        if len(label) > 63:
            raise BadName("label too long")
    labels.append(bytes(label))
    return labels, False


def build_query(qid, flags, qname, rdtype, rdclass, question=True, ixfr_serial=None,
                edns=None, padding=0):
    """The message bytes without TSIG.  edns: None, or (udpsize, version,
    flags, [(code, bytes)]).  Returns (wire, arcount)."""
    arcount = 1 if edns is not None else 0
    nscount = 1 if ixfr_serial is not None else 0
    body = b""
    if question:
        body = qname + struct.pack("!HH", rdtype, rdclass)
    if ixfr_serial is not None:
        # owner: a pointer to the question name at offset 12
        soa = b"\0\0" + struct.pack("!IIIII", ixfr_serial, 0, 0, 0, 0)
        body += b"\xc0\x0c" + struct.pack("!HHIH", TYPE_SOA, rdclass, 0, len(soa)) + soa
    header = struct.pack("!HHHHHH", qid, flags, 1 if question else 0, 0, nscount, arcount)
    wire = header + body
    if edns is not None:
        wire += _opt_record(edns, len(wire), padding)
    return wire, arcount


def _opt_record(edns, length_before, padding):
    udpsize, version, ednsflags, options = edns
    rdata = b"".join(struct.pack("!HH", code, len(value)) + value for code, value in options
                     if code != OPT_PADDING)
    has_padding = any(code == OPT_PADDING for code, _ in options)
    ttl = (version << 16) | ednsflags
    record = b"\0" + struct.pack("!HHIH", TYPE_OPT, udpsize, ttl, len(rdata)) + rdata
    if has_padding:
        # dns_message_renderend(): pad the whole message to a multiple of
        # `padding` (the padding option's own 4 bytes counted)
        total = length_before + len(record) + 4
        pad = (-total) % padding if padding else 0
        rdata += struct.pack("!HH", OPT_PADDING, pad) + b"\0" * pad
        record = b"\0" + struct.pack("!HHIH", TYPE_OPT, udpsize, ttl, len(rdata)) + rdata
    return record


def ecs_option(address, prefix):
    """The CLIENT-SUBNET option value (RFC 7871) as dig sends it: family 1
    for IPv4 and for +subnet=0, 2 for IPv6; the address cut to the prefix,
    its last byte masked."""
    import ipaddress

    if address is None:
        return struct.pack("!HBB", 1, 0, 0)
    ip = ipaddress.ip_address(address)
    family = 1 if ip.version == 4 else 2
    nbytes = (prefix + 7) // 8
    addr = bytearray(ip.packed[:nbytes])
    if prefix % 8 and nbytes:
        addr[-1] &= (0xFF << (8 - prefix % 8)) & 0xFF
    return struct.pack("!HBB", family, prefix, 0) + bytes(addr)


def peek_header(wire):
    """(id, flags) of a reply, or None when it is shorter than a header."""
    if len(wire) < 12:
        return None
    return struct.unpack("!HH", wire[:4])


def message_length(wire):
    """How many bytes the sections take (BIND's parse stops there; the rest
    is dig's "extra bytes"), or None when the message does not parse."""
    try:
        counts = struct.unpack("!HHHH", wire[4:12])
        pos = 12
        for _ in range(counts[0]):
            pos = _skip_name(wire, pos) + 4
        for _ in range(counts[1] + counts[2] + counts[3]):
            pos = _skip_name(wire, pos)
            rdlen = struct.unpack("!H", wire[pos + 8:pos + 10])[0]
            pos += 10 + rdlen
        return pos if pos <= len(wire) else None
    except (struct.error, IndexError):
        return None


def _skip_name(wire, pos):
    while True:
        n = wire[pos]
        if n == 0:
            return pos + 1
        if n & 0xC0 == 0xC0:
            return pos + 2
        pos += n + 1
