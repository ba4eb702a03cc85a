"""The text ping prints, as iputils 20221126 words and computes it.

Pure functions from numbers and strings to text: nothing here reads the
clock, opens a socket or resolves a name (engine.py does, and hands the
results here).  Facts from ping_common.c (gather_statistics, finish,
status, print_timestamp), ping.c (pr_icmph, pr_options) and
ping6_common.c (print_icmp).

C's integer division truncates toward zero, and several of ping's numbers
can be negative (a reply stamped in the future, an int that wrapped), so
the divisions below go through cdiv()/cmod(), never Python's // and %.
"""
import struct

LONG_MAX = 2 ** 63 - 1


def cdiv(a, b):
    """C's a / b for integers: the quotient truncated toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def cmod(a, b):
    """C's a % b: the sign of a."""
    return a - b * cdiv(a, b)


def wrap_int(value):
    """A long stored into a C int (32 bits, two's complement)."""
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def wrap_long(value):
    value &= 0xFFFFFFFFFFFFFFFF
    return value - 0x10000000000000000 if value & 0x8000000000000000 else value


def timestamp(ns):
    """-D: print_timestamp()'s "[SEC.USEC] " of gettimeofday()."""
    sec, rest = divmod(ns, 1000000000)
    return "[%d.%06d] " % (sec, rest // 1000)


def trip_time(triptime):
    """ " time=..." of a round trip in microseconds: three decimals under
    1 ms, two under 10, one under 100, none above (each rounded)."""
    if triptime >= 100000 - 50:
        return " time=%d ms" % cdiv(triptime + 500, 1000)
    if triptime >= 10000 - 5:
        return " time=%d.%01d ms" % (cdiv(triptime + 50, 1000), cdiv(cmod(triptime + 50, 1000), 100))
    if triptime >= 1000:
        return " time=%d.%02d ms" % (cdiv(triptime + 5, 1000), cdiv(cmod(triptime + 5, 1000), 10))
    return " time=%d.%03d ms" % (cdiv(triptime, 1000), cmod(triptime, 1000))


def wrong_data(data, expected, start, datalen):
    """The report of the first payload byte (from #start, after the
    timeval) that differs from what was sent, and the dump of the
    received bytes from there, 32 to a line; "" when all match."""
    end = min(datalen, len(data), len(expected))
    for i in range(start, end):
        if data[i] != expected[i]:
            parts = ["\nwrong data byte #%d should be 0x%x but was 0x%x" % (i, expected[i], data[i])]
            for j in range(start, datalen):
                if j % 32 == start:
                    parts.append("\n#%d\t" % j)
                parts.append("%x " % (data[j] if j < len(data) else 0))
            return "".join(parts)
    return ""


def _ms(usec):
    """%ld.%03ld of microseconds, C's truncating division."""
    return "%d.%03d" % (cdiv(usec, 1000), cmod(usec, 1000))


def _float32(value):
    return struct.unpack("f", struct.pack("f", value))[0]


def llsqrt(a):
    """ping's integer square root (Newton's method; a negative stays as it is)."""
    x = a
    prev = 2 ** 63 - 1
    if x > 0:
        while x < prev:
            prev = x
            x = (x + a // x) // 2
    return x


class Stats:
    """The counters finish() and status() print (struct ping_rts names)."""

    def __init__(self):
        self.ntransmitted = 0
        self.nreceived = 0
        self.nrepeats = 0
        self.nchecksum = 0
        self.nerrors = 0
        self.tmin = LONG_MAX
        self.tmax = 0
        self.tsum = 0.0          # doubles in C
        self.tsum2 = 0.0
        self.rtt = 0             # the ewma, times 8 (an int)
        self.pipesize = -1


def summary(hostname, s, timing, elapsed_ns, interval, flood, adaptive):
    """finish(): the statistics block, from the blank line on.  elapsed_ns:
    the last send's time minus the start (CLOCK_MONOTONIC_RAW)."""
    sec = cdiv(elapsed_ns, 1000000000)
    nsec = elapsed_ns - sec * 1000000000
    if nsec < 0:            # tssub() borrows so that nsec stays positive
        sec, nsec = sec - 1, nsec + 1000000000
    out = ["\n--- %s ping statistics ---\n" % hostname,
           "%d packets transmitted, %d received" % (s.ntransmitted, s.nreceived)]
    if s.nrepeats:
        out.append(", +%d duplicates" % s.nrepeats)
    if s.nchecksum:
        out.append(", +%d corrupted" % s.nchecksum)
    if s.nerrors:
        out.append(", +%d errors" % s.nerrors)
    if s.ntransmitted:
        loss = _float32(((s.ntransmitted - s.nreceived) * 100.0) / s.ntransmitted)
        out.append(", %s%% packet loss" % _g(loss))
        out.append(", time %dms" % (1000 * sec + cdiv(nsec + 500000, 1000000)))
    out.append("\n")
    comma = ""
    if s.nreceived and timing:
        out.append("rtt min/avg/max/mdev = %s/%s/%s/%s ms" % _rtt_figures(s))
        comma = ", "
    if s.pipesize > 1:
        out.append("%spipe %d" % (comma, s.pipesize))
        comma = ", "
    if s.nreceived and (not interval or flood or adaptive) and s.ntransmitted > 1:
        ipg = wrap_int(cdiv(1000000 * sec + cdiv(nsec, 1000), s.ntransmitted - 1))
        out.append("%sipg/ewma %d.%03d/%d.%03d ms" % (comma, cdiv(ipg, 1000), cmod(ipg, 1000),
                                                    cdiv(s.rtt, 8000), cmod(cdiv(s.rtt, 8), 1000)))
    out.append("\n")
    return "".join(out)


def _g(value):
    """printf's %g (Python's is the same as C's for finite numbers)."""
    return "%g" % value


def _rtt_figures(s):
    total = s.nreceived + s.nrepeats
    tmavg = int(s.tsum / total)
    if s.tsum < 2 ** 31 - 1:
        # ping's order of operations, in doubles, then cut to a long long
        tmvar = _to_long_long((s.tsum2 - ((s.tsum * s.tsum) / total)) / total)
    else:
        tmvar = _to_long_long((s.tsum2 / total) - float(wrap_long(tmavg * tmavg)))
    tmdev = llsqrt(tmvar)
    avg = "%d.%03d" % (cdiv(tmavg, 1000) & 0xFFFFFFFFFFFFFFFF, cmod(tmavg, 1000))
    return _ms(s.tmin), avg, _ms(s.tmax), _ms(tmdev)


def _to_long_long(value):
    """A double converted to a long long as x86-64 does it (cvttsd2si):
    truncated, and out of range (or NaN) the "integer indefinite" -2**63."""
    if value != value or not -2.0 ** 63 <= value < 2.0 ** 63:
        return -2 ** 63
    return int(value)


def status_line(s, timing):
    """SIGQUIT: status()'s line on stderr."""
    loss = cdiv((s.ntransmitted - s.nreceived) * 100, s.ntransmitted) if s.ntransmitted else 0
    out = "\r%d/%d packets, %d%% loss" % (s.nreceived, s.ntransmitted, wrap_int(loss))
    if s.nreceived and timing:
        tavg = int(s.tsum / (s.nreceived + s.nrepeats))
        out += ", min/avg/ewma/max = %s/%d.%03d/%d.%03d/%s ms" % (
            _ms(s.tmin), cdiv(tavg, 1000) & 0xFFFFFFFFFFFFFFFF, cmod(tavg, 1000),
            cdiv(s.rtt, 8000), cmod(cdiv(s.rtt, 8), 1000), _ms(s.tmax))
    return out + "\n"


# ---- ICMP errors ---------------------------------------------------------------

_UNREACH4 = {
    0: "Destination Net Unreachable", 1: "Destination Host Unreachable",
    2: "Destination Protocol Unreachable", 3: "Destination Port Unreachable",
    5: "Source Route Failed", 6: "Destination Net Unknown", 7: "Destination Host Unknown",
    8: "Source Host Isolated", 9: "Destination Net Prohibited", 10: "Destination Host Prohibited",
    11: "Destination Net Unreachable for Type of Service",
    12: "Destination Host Unreachable for Type of Service", 13: "Packet filtered",
    14: "Precedence Violation", 15: "Precedence Cutoff",
}
_REDIRECT4 = {0: "Redirect Network", 1: "Redirect Host", 2: "Redirect Type of Service and Network",
              3: "Redirect Type of Service and Host"}
_SIMPLE4 = {0: "Echo Reply", 4: "Source Quench", 8: "Echo Request", 13: "Timestamp",
            14: "Timestamp Reply", 15: "Information Request", 16: "Information Reply",
            17: "Address Mask Request", 18: "Address Mask Reply"}


def icmp4_text(icmp_type, code, info, gateway_text=None):
    """pr_icmph() without the quoted header: the description of an ICMP
    message, with its newline.  gateway_text: a redirect's new next hop,
    as pr_addr() shows it."""
    if icmp_type == 3:
        if code == 4:
            return "Frag needed and DF set (mtu = %d)\n" % info
        return "%s\n" % _UNREACH4.get(code, "Dest Unreachable, Bad Code: %d" % code)
    if icmp_type == 5:
        return "%s(New nexthop: %s)\n" % (_REDIRECT4.get(code, "Redirect, Bad Code: %d" % code), gateway_text)
    if icmp_type == 11:
        return {0: "Time to live exceeded\n", 1: "Frag reassembly time exceeded\n"}.get(
            code, "Time exceeded, Bad Code: %d\n" % code)
    if icmp_type == 12:
        return "Parameter problem: pointer = %d\n" % info
    if icmp_type in _SIMPLE4:
        return _SIMPLE4[icmp_type] + "\n"
    return "Bad ICMP type: %d\n" % icmp_type


_UNREACH6 = {0: "No route", 1: "Administratively prohibited", 2: "Beyond scope of source address",
             3: "Address unreachable", 4: "Port unreachable"}


def icmp6_text(icmp_type, code, info):
    """print_icmp(): an ICMPv6 message's description (no newline)."""
    if icmp_type == 1:
        return "Destination unreachable: " + _UNREACH6.get(code, "Unknown code %d" % code)
    if icmp_type == 2:
        return "Packet too big: mtu=%d%s" % (info, ", code=%d" % code if code else "")
    if icmp_type == 3:
        return "Time exceeded: " + {0: "Hop limit", 1: "Defragmentation failure"}.get(code, "code %d" % code)
    if icmp_type == 4:
        what = {0: "Wrong header field ", 1: "Unknown header ", 2: "Unknown option "}.get(code, "code %d " % code)
        return "Parameter problem: %sat %d" % (what, info)
    names = {128: "Echo request", 129: "Echo reply", 130: "MLD Query", 131: "MLD Report", 132: "MLD Reduction"}
    return names.get(icmp_type, "unknown icmp type: %d" % icmp_type)


def ip_header_dump(packet):
    """pr_iph() (-v): the quoted IPv4 header of an ICMP error, as ping
    prints it (its fields as read on a little-endian machine: ping prints
    tot_len, id and the checksum without converting them).  Options
    follow from ip_options()."""
    if len(packet) < 20:
        return ""
    ver_ihl, tos = packet[0], packet[1]
    tot_len, ident, frag, ttl, proto, check = struct.unpack_from("<HHHBBH", packet, 2)
    text = "Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst Data\n"
    text += " %1x  %1x  %02x %04x %04x" % (ver_ihl >> 4, ver_ihl & 15, tos, tot_len, ident)
    text += "   %1x %04x" % ((frag & 0xE000) >> 13, frag & 0x1FFF)
    text += "  %02x  %02x %04x" % (ttl, proto, check)
    text += " %s  %s \n" % (".".join(str(b) for b in packet[12:16]), ".".join(str(b) for b in packet[16:20]))
    return text


# ---- IP options (-R, -T, source routes) ---------------------------------------------

class OptionMemory:
    """pr_options()' static copy of the last record route it printed."""

    def __init__(self):
        self.rr = None


def ip_options(options, totlen, name_of, memory, flood):
    """pr_options(): the IPv4 options of a reply.  options: the bytes after
    the fixed header; totlen: how many ping believes there are;
    name_of(4 bytes) -> pr_addr() text of an address."""
    out = []
    data = bytes(options) + b"\0" * max(0, totlen - len(options) + 8)
    pos = 0
    while totlen > 0:
        kind = data[pos]
        if kind == 0:                       # IPOPT_EOL
            break
        if kind == 1:                       # IPOPT_NOP
            totlen -= 1
            pos += 1
            out.append("\nNOP")
            continue
        olen = data[pos + 1]
        if olen < 2 or olen > totlen:
            break
        if kind in (0x89, 0x83):            # SSRR, LSRR
            out.append(_source_route(data, pos, name_of))
        elif kind == 7:                     # RR
            out.append(_record_route(data, pos, name_of, memory, flood))
        elif kind == 68:                    # TS
            out.append(_timestamps(data, pos, name_of))
        else:
            out.append("\nunknown option %x" % kind)
        totlen -= olen
        pos += olen
    return "".join(out)


def _address_text(raw, name_of):
    return "\t0.0.0.0" if raw == b"\0\0\0\0" else "\t%s" % name_of(raw)


def _source_route(data, pos, name_of):
    out = ["\n%sSRR: " % ("S" if data[pos] == 0x89 else "L")]
    j = data[pos + 1]
    cp = pos + 2            # ping reads the addresses from the pointer byte on
    if j > 4:
        while True:
            out.append(_address_text(data[cp:cp + 4], name_of))
            cp += 4
            j -= 4
            out.append("\n")
            if j <= 4:
                break
    return "".join(out)


def _record_route(data, pos, name_of, memory, flood):
    j, i = data[pos + 1], data[pos + 2]
    if i > j:
        i = j
    i -= 4
    if i <= 0:
        return ""
    cp = pos + 2
    if memory.rr is not None and memory.rr == data[cp:cp + i] and not flood:
        return "\t(same route)"
    memory.rr = data[cp:cp + i]
    out = ["\nRR: "]
    cp += 1
    while True:
        out.append(_address_text(data[cp:cp + 4], name_of))
        cp += 4
        i -= 4
        out.append("\n")
        if i <= 0:
            break
    return "".join(out)


def _timestamps(data, pos, name_of):
    j, i = data[pos + 1], data[pos + 2]
    if i > j:
        i = j
    i -= 5
    if i <= 0:
        return ""
    flags = data[pos + 3]
    cp = pos + 4
    out = ["\nTS: "]
    stdtime = nonstdtime = 0
    while True:
        if flags & 0xF != 0:
            out.append(_address_text(data[cp:cp + 4], name_of))
            cp += 4
            i -= 4
            if i <= 0:
                break
        value = int.from_bytes(data[cp:cp + 4], "big")
        cp += 4
        if value & 0x80000000:
            if nonstdtime == 0:
                out.append("\t%d absolute not-standard" % (value & 0x7FFFFFFF))
            else:
                out.append("\t%d not-standard" % ((value & 0x7FFFFFFF) - nonstdtime))
            nonstdtime = value & 0x7FFFFFFF
        else:
            out.append("\t%d absolute" % value if stdtime == 0 else "\t%d" % (value - stdtime))
            stdtime = value
        i -= 4
        out.append("\n")
        if i <= 0:
            break
    if flags >> 4:
        out.append("Unrecorded hops: %d\n" % (flags >> 4))
    return "".join(out)


# ---- -N: node information replies (ping6_common.c, pr_niquery_reply*) ------------------------

NI_QTYPE_DNSNAME, NI_QTYPE_IPV6ADDR, NI_QTYPE_IPV4ADDR = 2, 3, 4


def ni_reply_text(reply):
    """pr_niquery_reply(): what follows "N bytes from ADDR:" for an ICMPv6
    node information reply (its 16-byte header, then the data)."""
    code = reply[1]
    qtype = (reply[4] << 8) | reply[5]
    if code == 0:
        if qtype == NI_QTYPE_DNSNAME:
            text = _ni_names(reply)
        elif qtype in (NI_QTYPE_IPV4ADDR, NI_QTYPE_IPV6ADDR):
            text = _ni_addresses(reply, qtype)
        else:
            text = " unknown qtype(0x%02x)" % qtype
    elif code == 1:
        text = " refused"
    elif code == 2:
        text = " unknown"
    else:
        # ping prints ntohs() of the one-byte code: it lands in the high byte
        text = " unknown code(%02x)" % (code << 8)
    return text + "; seq=%d;" % ((reply[8] << 8) | reply[9])


def _ni_names(reply):
    """pr_niquery_reply_name(): after a 4-byte TTL, dn_expand()ed names,
    ", "-joined; a name followed by a zero byte (RFC 4620's single-label
    form) gets no trailing dot.  Compression pointers count from the data's
    start (after the 16-byte header)."""
    if len(reply) < 16 + 4:
        return " parse error (too short)"
    message = reply[16:]
    pos, end = 4, len(message)
    parts = []
    while pos < end:
        if parts:
            parts.append(",")
        expanded = _dn_expand(message, pos)
        if expanded is None:
            parts.append(" parse error (truncated)")
            break
        name, used = expanded
        fqdn = not (pos + used < end and message[pos + used] == 0)
        parts.append(" " + name + ("." if fqdn else ""))
        pos += used + (0 if fqdn else 1)
    return "".join(parts)


# characters ns_name_ntop() puts a backslash before
_DN_SPECIAL = frozenset(b'".;\\()@$')


def _dn_expand(message, pos):
    """glibc's dn_expand(): (the text, the bytes the name takes at pos), or
    None where it fails (past the end, a reserved label type, a pointer
    loop, a name over 255 bytes)."""
    start, used, labels, wire_len, checked = pos, None, [], 1, 0
    end = len(message)
    while True:
        if pos >= end:
            return None
        n = message[pos]
        pos += 1
        if n & 0xC0 == 0xC0:
            if pos >= end:
                return None
            if used is None:
                used = pos + 1 - start
            pos = ((n & 0x3F) << 8) | message[pos]
            checked += 2
            if pos >= end or checked >= end:
                return None     # out of the message, or a loop
            continue
        if n & 0xC0:
            return None         # 0x40 and 0x80: reserved label types
        if n == 0:
            break
        if pos + n > end:
            return None
        wire_len += n + 1
        if wire_len > 255:
            return None
        labels.append(message[pos:pos + n])
        pos += n
        checked += n + 1
    if used is None:
        used = pos - start
    return _dn_text(labels), used


def _dn_text(labels):
    """ns_name_ntop(): labels joined by dots, special characters after a
    backslash, unprintable bytes as \\DDD (decimal); the root is "" (dn_expand
    drops the "." ns_name_ntop() writes for it)."""
    if not labels:
        return ""
    out = []
    for label in labels:
        text = []
        for byte in label:
            if byte in _DN_SPECIAL:
                text.append("\\" + chr(byte))
            elif 0x20 < byte < 0x7F:
                text.append(chr(byte))
            else:
                text.append("\\%03d" % byte)
        out.append("".join(text))
    return ".".join(out)


def _ni_addresses(reply, qtype):
    """pr_niquery_reply_addr(): each entry a 4-byte TTL and an address;
    " (truncated)" when the reply's T flag is set."""
    import _socket

    family, size = (2, 4) if qtype == NI_QTYPE_IPV4ADDR else (10, 16)
    pos, end = 16, len(reply)
    parts = []
    while pos < end:
        if parts:
            parts.append(",")
        if pos + 4 + size > end:
            parts.append(" parse error (truncated)")
            break
        parts.append(" " + _socket.inet_ntop(family, bytes(reply[pos + 4:pos + 4 + size])))
        pos += 4 + size
    if reply[7] & 1:
        parts.append(" (truncated)")
    return "".join(parts)
