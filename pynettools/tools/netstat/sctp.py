"""netstat's SCTP tables: sctp_info() of net-tools 2.10.

What it reads: /proc/net/sctp/eps (endpoints: listening sockets, with -l or
-a) and /proc/net/sctp/assocs (associations: connected sockets, without -l
or with -a); the IPv6 names net-tools tries as well, /proc/net/sctp6/eps and
/proc/net/sctp6/assocs, exist on no kernel (the sctp module lists both
families in the first two).  The files exist only while the sctp module is
loaded.

How net-tools reads a line: not with sscanf like the other tables but with
strtok() on blanks, each field turned into a number by atoi() (strtoul(s, 0, 0)
for the inode: a leading 0 is octal, 0x hex).  The kernel ends an eps line
with the socket's addresses, and an assocs line with the local addresses,
"<->", the remote ones, then a tab and more counters; the primary address of
an association is marked with a '*', which netstat drops.  An address with a
':' is IPv6 in the kernel's %pI6 layout (eight groups of four hex digits),
anything else goes through inet_addr() (so junk prints as 255.255.255.255).

What it prints: one row per address.  The first row of a socket carries the
"sctp" column (an endpoint has no queues, so blanks), the first address with
the port and the state (the kernel's state number read as a TCP state, or
UNKNOWN(n)); each further address goes on a line of its own under the first.
Addresses are printed as ap->sprint(addr, flag_not): the whole flag_not, so
not only -n but --numeric-ports, --numeric-users and -N make them numeric.
Ports are always numbers (get_sname() knows no "sctp" service list).
"""
from pynettools.kernel import procnet

_FIELDS = " \t\n"
_NUMERIC_HOSTS = 0x0FFF  # INET_rresolve's "numeric & 0x0FFF" (flag_not's bits all lie there)


def eps_lines(run, text, prot):
    """sctp_eps_do_one() for each line of /proc/net/sctp/eps."""
    out = run.out
    for lnr, line in enumerate(procnet.fgets_lines(text)):
        if lnr == 0:  # ENDPT SOCK STY SST HBKT LPORT UID INODE LADDRS
            continue
        words, rest = _fields(line, 8)
        if len(words) < 8:
            out.flush()
            run.err.write("warning, got bogus sctp eps line.\n")
            continue
        state, port, uid = _atoi(words[3]), _atoi(words[5]), _atoi(words[6])
        inode = _strtoul0(words[7])
        # laddrs_str = strtok(0, "\t\n"): the rest of the line up to a tab
        addresses = _split(_token(rest, "\t\n"))
        port_text = _port(port)
        parts = []
        for index, address in enumerate(addresses):
            parts.append("sctp                " if index == 0 else "\n                    ")
            parts.append(_pad("%s:%s" % (_address(run, address), port_text), 47))
            parts.append(" " + _pad(_state(state) if index == 0 else "", 11))
        out.write("".join(parts) + run.finish(uid, inode, ""))


def assocs_lines(run, text, prot):
    """sctp_assoc_do_one() for each line of /proc/net/sctp/assocs."""
    out = run.out
    for lnr, line in enumerate(procnet.fgets_lines(text)):
        if lnr == 0:  # ASSOC SOCK STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS
            continue
        words, rest = _fields(line, 13)
        if len(words) < 13:
            out.flush()
            run.err.write("warning, got bogus sctp assoc line.\n")
            continue
        state = _atoi(words[3])
        txqueue, rxqueue = _atoi(words[7]) & 0xFFFFFFFF, _atoi(words[8]) & 0xFFFFFFFF
        uid, inode = _atoi(words[9]), _strtoul0(words[10])
        lport, rport = _port(_atoi(words[11])), _port(_atoi(words[12]))
        # strtok(0, "<->\t\n") twice: any of '<', '-', '>' ends the local
        # addresses, and the remote ones end at the tab before the counters
        local, rest = _token_rest(rest, "<->\t\n")
        remote, rest = _token_rest(rest, "<->\t\n")
        if local is None or remote is None:
            # strtok_r(NULL, ..., &saveptr) with saveptr never set: undefined in C
            raise NotImplementedError("netstat: an sctp assocs line without \"<->\" (undefined in net-tools)")
        out.write(_assoc_rows(run, _split(local), _split(remote), lport, rport, rxqueue, txqueue, state)
                  + run.finish(uid, inode, ""))


def _assoc_rows(run, locals_, remotes, lport, rport, rxqueue, txqueue, state):
    parts = []
    for index in range(max(len(locals_), len(remotes))):
        first = index == 0
        parts.append("sctp  %6u %6u " % (rxqueue, txqueue) if first else "\n                    ")
        for addresses, port in ((locals_, lport), (remotes, rport)):
            if index < len(addresses):
                word = addresses[index]
                text = _address(run, word[1:] if word[:1] == "*" else word)  # the primary address
                parts.append(_pad(text + ":" + port if first else text, 23))
            else:
                parts.append(" " * 23)
            if addresses is locals_:
                parts.append(" ")
        parts.append(" " + _pad(_state(state) if first else "", 11))
    return "".join(parts)


# ---- the C pieces ------------------------------------------------------------------

def _fields(line, count):
    """`count` strtok(…, " \\t\\n") calls: the words found, and what follows the
    last one's delimiter (where the next strtok() starts)."""
    words = []
    pos, end = 0, len(line)
    while len(words) < count:
        while pos < end and line[pos] in _FIELDS:
            pos += 1
        if pos >= end:
            return words, ""
        start = pos
        while pos < end and line[pos] not in _FIELDS:
            pos += 1
        words.append(line[start:pos])
        pos += 1  # strtok writes its NUL over the delimiter and goes on after it
    return words, line[pos:]


def _token_rest(text, delimiters):
    """strtok(text, delimiters): (the token or None, what the next call starts with)."""
    pos, end = 0, len(text)
    while pos < end and text[pos] in delimiters:
        pos += 1
    if pos >= end:
        return None, ""
    start = pos
    while pos < end and text[pos] not in delimiters:
        pos += 1
    return text[start:pos], text[pos + 1:]


def _token(text, delimiters):
    return _token_rest(text, delimiters)[0]


def _split(text):
    """The words strtok(…, " \\t\\n") finds in text (None: none)."""
    if text is None:
        return []
    return [word for word in text.replace("\t", " ").replace("\n", " ").split(" ") if word]


def _atoi(word):
    """atoi(): (int) strtol(word, NULL, 10): optional sign, the digits that
    follow (none: 0), clamped to a long, then cut to an int."""
    pos, end = 0, len(word)
    sign = 1
    if pos < end and word[pos] in "+-":
        sign = -1 if word[pos] == "-" else 1
        pos += 1
    start = pos
    while pos < end and word[pos] in "0123456789":
        pos += 1
    value = sign * int(word[start:pos]) if pos > start else 0
    value = max(-(1 << 63), min(value, (1 << 63) - 1)) & 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def _strtoul0(word):
    """strtoul(word, 0, 0): base from the prefix (0x hex, 0 octal), a minus
    sign negates modulo 2**64, more than 64 bits is ULONG_MAX."""
    pos, end = 0, len(word)
    negative = False
    if pos < end and word[pos] in "+-":
        negative = word[pos] == "-"
        pos += 1
    if word.startswith(("0x", "0X"), pos) and pos + 2 < end and word[pos + 2] in "0123456789abcdefABCDEF":
        base, digits, pos = 16, "0123456789abcdefABCDEF", pos + 2
    elif word.startswith("0", pos):
        base, digits = 8, "01234567"
    else:
        base, digits = 10, "0123456789"
    start = pos
    while pos < end and word[pos] in digits:
        pos += 1
    if pos == start:
        return 0
    value = int(word[start:pos], base)
    if value >= 1 << 64:
        return (1 << 64) - 1
    return (-value) & ((1 << 64) - 1) if negative else value


def _port(port):
    """get_sname(htons(port), "sctp", …): "*" for 0, else the number (no sctp service list)."""
    port &= 0xFFFF
    return str(port) if port else "*"


def _state(state):
    """sctp_socket_state_str(): tcp_state[] (checked, unlike the TCP table's), or UNKNOWN(n)."""
    from pynettools.tools.netstat import TCP_STATES

    if 0 <= state < len(TCP_STATES):
        return TCP_STATES[state]
    return "UNKNOWN(%d)" % state


def _address(run, word):
    """process_sctp_addr_str() then ap->sprint(addr, flag_not), cut to 63 bytes."""
    numeric = run.o.not_ & _NUMERIC_HOSTS
    if ":" in word:
        text = procnet.inet6_sprint(run.kernel, _ipv6(word), numeric)
    else:
        from pynettools.kernel import arp

        raw = arp.inet_aton(word)  # inet_addr(): INADDR_NONE when it is no address
        text = procnet.inet_sprint(run.kernel, raw or b"\xff\xff\xff\xff", numeric, run.host_cache)
    raw_text = procnet.cbytes(text)
    return text if len(raw_text) <= 63 else procnet.ctext(raw_text[:63])


def _ipv6(word):
    """sscanf(word, "%04X:%04X:%04X:%04X:%04X:%04X:%04X:%04X"), each group
    stored as a big-endian 16-bit word.  The kernel writes eight groups of
    four hex digits; short of that sscanf stops, and the groups it did not
    reach are whatever the stack held (undefined: not reproduced)."""
    groups = word.split(":", 7)
    if len(groups) < 8:
        groups = []
    raw = bytearray()
    for index, group in enumerate(groups):
        digits = _hex_digits(group)
        # a group before the last must be all read (its ':' must follow)
        if not digits or (index < 7 and digits != len(group)):
            break
        raw += int(group[:digits], 16).to_bytes(2, "big")
    if len(raw) != 16:
        raise NotImplementedError("netstat: SCTP address %r is not in the kernel's layout "
                                  "(undefined in net-tools)" % word)
    return bytes(raw)


def _hex_digits(group):
    """How many hex digits %04X takes from the start of group (at most 4)."""
    count = 0
    while count < len(group) and count < 4 and group[count] in "0123456789abcdefABCDEF":
        count += 1
    return count


def _pad(text, width):
    """printf's "%-Ns", counted in bytes."""
    size = len(text) if text.isascii() else len(procnet.cbytes(text))
    return text + " " * (width - size) if size < width else text
