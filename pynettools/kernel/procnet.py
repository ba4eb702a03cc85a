"""The /proc/net socket tables as net-tools reads them (netstat; lsof may share it).

The kernel prints one line per socket in /proc/net/{tcp,udp,udplite,raw}[6]:

   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ...
    0: 0100007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 ...

Addresses are hexadecimal words in the kernel's (host, here little-endian)
byte order: 8 digits for IPv4, four 8-digit words for IPv6; ports are in
host order.  /proc/net/unix has one line per UNIX socket:

   Num       RefCount Protocol Flags    Type St Inode Path
   0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/x.sock

net-tools reads both with sscanf (netstat.c tcp_do_one, unix_do_one):
    "%d: %64[0-9A-Fa-f]:%X %64[0-9A-Fa-f]:%X %X %lX:%lX %X:%lX %lX %d %d %lu %*s\\n"
    "%p: %lX %lX %lX %X %X %lu %s"
and reads each file with fgets() into an 8192-byte buffer, so a longer line
arrives as several.  This module reproduces what those calls make of any text
(`_scan`, a small glibc sscanf for these directives), with a fast path for
lines in the kernel's own layout that gives the same values (checked by
tests/netstat/test_netstat_property.py against the real netstat).
"""
HEX = "0123456789abcdefABCDEF"
_WS = " \t\n\v\f\r"
_U32, _U64 = (1 << 32) - 1, (1 << 64) - 1
FGETS_SIZE = 8192


# ---- fgets ---------------------------------------------------------------------

def fgets_lines(text):
    """The strings fgets(buf, 8192, f) returns, one by one, for a whole file."""
    parts = text.split("\n")
    last = parts.pop()
    lines = []
    append = lines.append
    for part in parts:
        if len(part) < FGETS_SIZE - 2:
            append(part + "\n")
        else:
            _chunks(part + "\n", append)
    if last:
        _chunks(last, append) if len(last) >= FGETS_SIZE - 2 else append(last)
    return lines


def fgets_batches(text, size=4096):
    """fgets_lines() in lists of about `size` lines, so a table of 100k sockets
    is never split into one list of 100k strings at once."""
    start = 0
    end = len(text)
    step = size * 160
    while start < end:
        stop = text.find("\n", min(start + step, end - 1))
        stop = end if stop < 0 else stop + 1
        yield fgets_lines(text[start:stop])
        start = stop


def fast_ok_text(text, forbidden=""):
    """_fast_ok() for a whole file, without copying it: what follows the header line."""
    body = text.find("\n") + 1
    if not body:
        return True
    if not text.isascii() or text.find("_", body) >= 0 or text.find("\0", body) >= 0:
        return False
    for ch in "\x1c\x1d\x1e\x1f" + forbidden:
        if text.find(ch, body) >= 0:
            return False
    return True


def _chunks(line, append):
    raw = line.encode("utf-8", "surrogateescape")
    size = FGETS_SIZE - 1
    for start in range(0, len(raw), size):
        append(raw[start:start + size].decode("utf-8", "surrogateescape"))


def _fast_ok(lines, forbidden=""):
    """Whether the fast path may read these lines (the header, line 0, aside):
    ASCII (Python's int() takes other digits, and "_"), no NUL, none of the
    separators str.split() knows and C's isspace() does not."""
    body = "".join(lines[1:])
    if not body.isascii() or "_" in body or "\0" in body:
        return False
    for ch in "\x1c\x1d\x1e\x1f" + forbidden:
        if ch in body:
            return False
    return True


# ---- sscanf conversions ----------------------------------------------------------

def _strtoul(text, base):
    value = int(text, base)
    neg = value < 0
    if neg:
        value = -value
    if value > _U64:
        return _U64
    return (-value) & _U64 if neg else value


def _strtol(text):
    value = int(text, 10)
    if value > (1 << 63) - 1:
        return (1 << 63) - 1
    if value < -(1 << 63):
        return -(1 << 63)
    return value


def u32(text, base=16):
    return _strtoul(text, base) & _U32


def u64(text, base=16):
    return _strtoul(text, base)


def s32(text):
    value = _strtol(text) & _U32
    return value - (1 << 32) if value >= 1 << 31 else value


class _Scanner:
    """One sscanf() call: methods consume input or raise _Stop."""

    __slots__ = ("s", "i")

    def __init__(self, s):
        self.s = s
        self.i = 0

    def ws(self):
        s, i = self.s, self.i
        while i < len(s) and s[i] in _WS:
            i += 1
        self.i = i

    def literal(self, ch):
        if self.i < len(self.s) and self.s[self.i] == ch:
            self.i += 1
            return
        raise _Stop

    def number(self, base):
        """%d / %X / %lu / %p's text: sign, 0x for hex, digits."""
        self.ws()
        s, i = self.s, self.i
        start = i
        if i < len(s) and s[i] in "+-":
            i += 1
        digits = "0123456789" if base == 10 else HEX
        if base == 16 and s[i:i + 2] in ("0x", "0X") and s[i + 2:i + 3] and s[i + 2] in HEX:
            i += 2
        first = i
        while i < len(s) and s[i] in digits:
            i += 1
        if i == first:
            raise _Stop
        self.i = i
        return s[start:i]

    def hexset(self, width):
        s, i = self.s, self.i
        start = i
        while i < len(s) and i - start < width and s[i] in HEX:
            i += 1
        if i == start:
            raise _Stop
        self.i = i
        return s[start:i]

    def string(self):
        self.ws()
        s, i = self.s, self.i
        start = i
        while i < len(s) and s[i] not in _WS:
            i += 1
        if i == start:
            raise _Stop
        self.i = i
        return s[start:i]

    def at_end(self):
        return self.i >= len(self.s)


class _Stop(Exception):
    pass


# ---- inet tables -------------------------------------------------------------------

def inet_raw(hexaddr):
    """The address bytes tcp_do_one makes of the scanned hex: IPv4 ("%X" into
    s_addr) when it has at most 8 digits, else IPv6 ("%08X" into each of
    s6_addr32[0..3]); both in the host's (little-endian) order."""
    if len(hexaddr) <= 8:
        return (u32(hexaddr)).to_bytes(4, "little")
    out = b""
    for start in (0, 8, 16, 24):
        chunk = hexaddr[start:start + 8]
        out += (int(chunk, 16) if chunk else 0).to_bytes(4, "little")
    return out


def parse_inet_lines(lines, carry=None):
    """Yield, for each line after the header, the 14-tuple
    (count, (local hex, local bytes), lport, (remote hex, remote bytes), rport,
     state, txq, rxq, timer_run, time_len, retr, uid, timeout, inode)
    where count is what sscanf returned.  Fields sscanf did not reach keep
    the previous line's values, as the C function's locals do (its stack
    frame is the same from call to call); `carry`, a list, holds them from
    one call (one file) to the next."""
    fast = _fast_ok(lines)
    cache = {}
    if carry is None:
        carry = []
    for lnr, line in enumerate(lines):
        if lnr == 0:
            continue
        row = None
        if fast:
            row = _fast_inet(line, cache)
        if row is None:
            row = _slow_inet(line, cache, carry)
        carry[:] = row
        yield row


def _addr(hexaddr, cache):
    found = cache.get(hexaddr)
    if found is None:
        found = cache[hexaddr] = (hexaddr, inet_raw(hexaddr))
    return found


def _fast_inet(line, cache):
    p = line.split()
    if len(p) < 10:
        return None
    try:
        sl = p[0]
        if sl[-1:] != ":" or not sl[:-1].isdigit():
            return None
        la, sep, lp = p[1].partition(":")
        ra, sep2, rp = p[2].partition(":")
        if not sep or not sep2 or ":" in lp or ":" in rp:
            return None
        if not la or len(la) > 64 or la.strip(HEX) or not ra or len(ra) > 64 or ra.strip(HEX):
            return None
        tx, sep3, rx = p[4].partition(":")
        tr, sep4, when = p[5].partition(":")
        if not sep3 or not sep4 or ":" in rx or ":" in when or ":" in p[3] or ":" in p[6]:
            return None
        for word in (p[7], p[8], p[9]):
            if not word.lstrip("+-").isdigit():
                return None
        for word in (lp, rp, p[3], tx, rx, tr, when, p[6]):
            if "x" in word[:3] or "X" in word[:3]:
                return None
        return (14, _addr(la, cache), u32(lp), _addr(ra, cache), u32(rp), u32(p[3]), u64(tx), u64(rx),
                u32(tr), u64(when), u64(p[6]), s32(p[7]), s32(p[8]), u64(p[9], 10))
    except ValueError:
        return None


def _slow_inet(line, cache, carry=None):
    line = line.split("\0", 1)[0]
    values = []
    sc = _Scanner(line)
    try:
        values.append(s32(sc.number(10)))
        sc.literal(":")
        sc.ws()
        values.append(sc.hexset(64))
        sc.literal(":")
        values.append(u32(sc.number(16)))
        sc.ws()
        values.append(sc.hexset(64))
        sc.literal(":")
        values.append(u32(sc.number(16)))
        values.append(u32(sc.number(16)))  # state
        values.append(u64(sc.number(16)))  # txq
        sc.literal(":")
        values.append(u64(sc.number(16)))  # rxq
        values.append(u32(sc.number(16)))  # timer_run
        sc.literal(":")
        values.append(u64(sc.number(16)))  # time_len
        values.append(u64(sc.number(16)))  # retr
        values.append(s32(sc.number(10)))  # uid
        values.append(s32(sc.number(10)))  # timeout
        values.append(u64(sc.number(10), 10))  # inode
    except _Stop:
        pass
    count = len(values)
    if count == 0 and sc.at_end():
        count = -1
    if carry:  # the previous line's values, where this one stopped short
        previous = [carry[0], carry[1][0], carry[2], carry[3][0]] + list(carry[4:])
        values += previous[len(values):]
    values += [0] * (14 - len(values))
    local = _addr(values[1], cache) if values[1] else ("", b"\0" * 4)
    remote = _addr(values[3], cache) if values[3] else ("", b"\0" * 4)
    return (count, local, values[2], remote, values[4]) + tuple(values[5:])


# ---- unix ----------------------------------------------------------------------------

def parse_unix_lines(lines):
    """First: whether the header names an Inode column; then per line
    (refcnt, proto, flags, type, state, inode, path), or None for a line
    sscanf read fewer than 6 fields of."""
    fast = _fast_ok(lines)
    last = None
    for nr, line in enumerate(lines):
        if nr == 0:
            yield "Inode" in line.split("\0", 1)[0]
            continue
        row = _fast_unix(line) if fast else None
        if row is None:
            row = _slow_unix(line, last)
        if row is not None:
            last = row
        yield row


def _fast_unix(line):
    p = line.split()
    if len(p) < 7:
        return None
    try:
        head = p[0]
        if head[-1:] != ":" or head[:-1].strip(HEX) or not head[:-1]:
            return None
        for word in p[1:6]:
            if "x" in word[:3] or "X" in word[:3] or word[:1] in "+-":
                return None
        if not p[6].isdigit():
            return None
        return (u64(p[1]), u64(p[2]), u64(p[3]), u32(p[4]), u32(p[5]), u64(p[6], 10),
                p[7] if len(p) > 7 else "")
    except ValueError:
        return None


def _slow_unix(line, last=None):
    line = line.split("\0", 1)[0]
    sc = _Scanner(line)
    values = []
    try:
        sc.number(16)
        values.append(0)
        sc.literal(":")
        values.append(u64(sc.number(16)))
        values.append(u64(sc.number(16)))
        values.append(u64(sc.number(16)))
        values.append(u32(sc.number(16)))
        values.append(u32(sc.number(16)))
        values.append(u64(sc.number(10), 10))
        values.append(sc.string())
    except _Stop:
        pass
    if len(values) < 6:
        return None
    if len(values) < 7:  # no inode: unix_do_one's local keeps the last line's
        values.append(last[5] if last is not None else 0)
    if len(values) < 8:
        values.append("")
    return (values[1], values[2], values[3], values[4], values[5], values[6], values[7] or "")


# ---- names ---------------------------------------------------------------------------

def inet_sprint(kernel, raw, numeric, cache):
    """INET_sprint() with netmask 0xffffff00 (lib/inet.c INET_rresolve)."""
    dotted = "%d.%d.%d.%d" % (raw[0], raw[1], raw[2], raw[3])
    if numeric:
        return dotted
    if raw == b"\0\0\0\0":
        return "0.0.0.0"
    # "a host address if any host bits are set": ad & ~0xffffff00 on a
    # little-endian s_addr is the first octet
    host = raw[0] != 0
    key = (raw, host)
    name = cache.get(key)
    if name is None:
        from pynettools.kernel import arp

        if host:
            found = arp.gethostbyaddr(kernel, dotted)
        else:
            found = arp.getnetbyaddr(kernel, dotted)
        name = cache[key] = _cut(found, 127) if found else dotted
    return name


def _cut(text, size):
    if text.isascii():
        return text[:size]
    return ctext(cbytes(text)[:size])


def inet6_sprint(kernel, raw, numeric):
    """INET6_sprint(): inet_ntop, or getnameinfo's name; then fix_v4_address."""
    import _socket

    text = _socket.inet_ntop(_socket.AF_INET6, raw)
    if not numeric:
        if raw == bytes(16):
            return "[::]"
        name = kernel.lookup("getnameinfo", _getnameinfo, text)
        if name:
            text = _cut(name, 127)
    if raw[:12] == b"\0" * 10 + b"\xff\xff":
        dot = text.find(".")
        if dot >= 0:
            colon = text.rfind(":", 0, dot)
            if colon >= 0:
                return text[colon + 1:]
    return text


def _getnameinfo(text):
    import _socket

    try:
        return _socket.getnameinfo((text, 0, 0, 0), 0)[0]
    except OSError:
        return None


def service_names(kernel):
    """get_sname()'s lists: {(proto, port): name}, from /etc/services (tcp, udp,
    raw) then /etc/protocols (raw); the last entry of a port wins, as net-tools
    prepends each entry to its list and searches from the head."""
    names = {}
    for path, is_proto in (("/etc/services", False), ("/etc/protocols", True)):
        try:
            text = kernel.read_text(path, "entries")
        except OSError:
            continue
        for line in text.split("\n"):
            words = line.split("#", 1)[0].split()
            if len(words) < 2:
                continue
            if is_proto:
                try:
                    number = int(words[1])
                except ValueError:
                    continue
                names[("raw", number & 0xFFFF)] = words[0]
                continue
            port, _, proto = words[1].partition("/")
            if proto not in ("tcp", "udp", "raw"):
                continue
            try:
                number = int(port)
            except ValueError:
                continue
            names[(proto, number & 0xFFFF)] = words[0]
    return names


def getpwuid_name(kernel, uid):
    return kernel.lookup("getpwuid", _pw_name, uid)


def _pw_name(uid):
    import pwd

    try:
        return pwd.getpwuid(uid & 0xFFFFFFFF).pw_name
    except (KeyError, OverflowError):
        return None


def cbytes(text):
    return text.encode("utf-8", "surrogateescape")


def ctext(raw):
    return raw.decode("utf-8", "surrogateescape")


# ---- multicast groups (/proc/net/igmp, igmp6) ------------------------------------------

def scan_igmp_device(line, idx, previous):
    """sscanf(line, "%d\\t%15c") (or "%15c" without an Idx column): the 15
    characters after the index and the blanks, which is the name, its padding
    and the colon; fewer when the line is shorter (the rest of `previous`,
    C's static buffer, stays).  None when sscanf converted too little."""
    sc = _Scanner(line)
    try:
        if idx:
            sc.number(10)
            sc.ws()
        start = sc.i
        if start >= len(line):
            return None
        taken = line[start:start + 15]
    except _Stop:
        return None
    if len(taken) < 15:
        taken = taken + previous[len(taken):15]
    return taken


def scan_igmp_group(line):
    """sscanf(line, "\\t%8[0-9A-Fa-f] %d"): (hex, refcnt) or None."""
    sc = _Scanner(line)
    try:
        sc.ws()
        hexaddr = sc.hexset(8)
        refcnt = s32(sc.number(10))
    except _Stop:
        return None
    return hexaddr, refcnt


def scan_igmp6(line):
    """sscanf(line, "%d %15s %64[0-9A-Fa-f] %d"): (device, hex, refcnt) or None."""
    sc = _Scanner(line)
    try:
        sc.number(10)
        device = sc.string()[:15]
        sc.ws()
        hexaddr = sc.hexset(64)
        refcnt = s32(sc.number(10))
    except _Stop:
        return None
    return device, hexaddr, refcnt


def igmp6_raw(hexaddr):
    """"%08X" x4 into s6_addr32, each then htonl()ed: the bytes as written."""
    out = b""
    for start in (0, 8, 16, 24):
        chunk = hexaddr[start:start + 8]
        out += (int(chunk, 16) if chunk else 0).to_bytes(4, "big")
    return out


def raw_for(hexaddr, family):
    """The address bytes tcp_do_one makes of a scanned hex string, the family
    being decided by the local address's length (so a remote address of
    another length is read the local one's way)."""
    if family == 4:
        return u32(hexaddr).to_bytes(4, "little") if hexaddr else b"\0\0\0\0"
    out = b""
    for start in (0, 8, 16, 24):
        chunk = hexaddr[start:start + 8]
        out += (int(chunk, 16) if chunk else 0).to_bytes(4, "little")
    return out
