"""netstat's tables of the amateur-radio and X.25 families: netrom_info(),
rose_info(), x25_info() and ax25_info() of net-tools 2.10.

What they read: /proc/net/nr, /proc/net/rose, /proc/net/x25 and
/proc/net/ax25, which exist only while the netrom, rose, x25 and ax25
modules are loaded.  Each is read with fgets() into a 256-byte buffer (a
longer line comes in pieces of 255 bytes) and cut up partly by position
(the first columns of nr and x25 are fixed-width: netstat writes NULs at
fixed offsets), partly with sscanf().

What the kernels of today write and net-tools 2.10 does with it:
  - /proc/net/x25 is a directory (x25/socket, x25/route ...): fopen() of a
    directory works and the first read fails, so netstat prints the title
    and the column header and nothing more;
  - /proc/net/ax25 has no header line: the first line decides, and one not
    starting with "dest_addr" (2.0's header) means the 2.1+ layout, words
    separated by single blanks;
  - /proc/net/rose writes 10-digit addresses into netstat's 10-byte arrays:
    each NUL lands on the next variable.  The arrays lie side by side on
    the stack (Debian's binary: dev, src_call, dest_call, src_addr,
    dest_addr, at offsets 0, 6, 15, 24, 34), so the source address's NUL
    empties the destination address: `netstat --rose` prints no dest_addr.
    That frame is reproduced here (_RoseFrame).

What stays undefined in C and is not reproduced (an internal error here):
states past the end of each state table, lines too short for the fixed
offsets, a 2.1+ ax25 line with fewer than four blanks (netstat walks past
its end), words longer than the arrays they are scanned into (past the rose
frame's 45 bytes), and x25 fields never scanned yet (uninitialised).
"""
from pynettools.kernel import procnet

_WS = b" \t\n\v\f\r"

NETROM_STATES = ("LISTENING", "CONN SENT", "DISC SENT", "ESTABLISHED")
ROSE_STATES = ("LISTENING", "CONN SENT", "DISC SENT", "ESTABLISHED")
X25_STATES = ("LISTENING", "SABM_SENT", "DISC_SENT", "ESTABLISHED", "RECOVERY")
AX25_STATES = ("LISTENING", "SABM SENT", "DISC SENT", "ESTABLISHED", "RECOVERY")


class Undefined(NotImplementedError):
    """Input on which net-tools' behaviour is undefined in C."""


def netrom(run, text):
    """netrom_info(): fixed columns (user, dest, source), then sscanf."""
    out = _Out(run)
    out.text("Active NET/ROM sockets\n"
             "User       Dest       Source     Device  State        Vr/Vs    Send-Q  Recv-Q\n")
    for line in _fgets(text)[1:]:
        if len(line) < 30:
            raise Undefined("netstat: a /proc/net/nr line shorter than its fixed columns")
        values = _scanf(line[30:], b"%s %*x/%*x %*x/%*x %d %d %d %*d %*d/%*d %*d/%*d %*d/%*d %*d/%*d "
                                   b"%*d/%*d %*d %d %d %*d")
        if values and len(values[0]) > 15:
            raise Undefined("netstat: a /proc/net/nr device name longer than dev[16]")
        if len(values) != 6:
            out.text("Problem reading data from /proc/net/nr\n")
            continue
        dev, st, vs, vr, sendq, recvq = values
        out.raw(b"%-9s  %-9s  %-9s  %-6s  %-11s  %03d/%03d  %-6d  %-6d\n" % (
            _cstr(line[0:9]), _cstr(line[10:19]), _cstr(line[20:29]), dev,
            _state(NETROM_STATES, st, "netrom"), vr, vs, sendq, recvq))
    return 0


def rose(run, text):
    """rose_info(): sscanf of five words and three numbers (see _RoseFrame)."""
    out = _Out(run)
    out.text("Active ROSE sockets\n"
             "dest_addr   dest_call  src_addr    src_call  dev   lci neigh   state\n")
    frame = _RoseFrame()
    for line in _fgets(text)[1:]:
        values = _scanf(line, b"%s %s %s %s %s %d %d %d")
        for name, word in zip(_RoseFrame.ORDER, values):
            frame.store(name, word)
        if len(values) != 8:
            out.text("Problem reading data from /proc/net/rose\n")
            continue
        lci, neigh, st = values[5:]
        out.raw(b"%-10s  %-9s  %-10s  %-9s %-5s %3d %5d   %s\n" % (
            frame.get("dest_addr"), frame.get("dest_call"), frame.get("src_addr"), frame.get("src_call"),
            frame.get("dev"), lci, neigh, _state(ROSE_STATES, st, "rose")))
    return 0


class _RoseFrame:
    """rose_info()'s char arrays as Debian's netstat lays them out on the
    stack: a word scanned into one writes its NUL (and any excess) over the
    next, and each is printed up to the first NUL from where it starts."""

    ORDER = ("dest_addr", "dest_call", "src_addr", "src_call", "dev")  # sscanf's order
    OFFSETS = {"dev": 0, "src_call": 6, "dest_call": 15, "src_addr": 24, "dest_addr": 34}
    SIZE = 45  # dest_addr[10] ends at 44; its tenth digit's NUL at 44 is harmless (seen)

    def __init__(self):
        self.memory = bytearray(self.SIZE)

    def store(self, name, word):
        start = self.OFFSETS[name]
        if start + len(word) + 1 > self.SIZE:
            raise Undefined("netstat: a /proc/net/rose word overruns rose_info()'s arrays")
        self.memory[start:start + len(word) + 1] = word + b"\0"

    def get(self, name):
        start = self.OFFSETS[name]
        return bytes(self.memory[start:self.memory.index(b"\0", start)])


def x25(run, text):
    """x25_info(): fixed columns (dest, source), then sscanf whose count is
    not checked: what a line lacks keeps the previous line's values."""
    out = _Out(run)
    out.text("Active X.25 sockets\n"
             "Dest         Source          Device  LCI  State        Vr/Vs  Send-Q  Recv-Q\n")
    held = [None] * 7  # dev, lci, st, vs, vr, sendq, recvq: the function's locals
    for line in _fgets(text)[1:]:
        if len(line) < 22:
            raise Undefined("netstat: a /proc/net/x25 line shorter than its fixed columns")
        values = _scanf(line[22:], b"%s %d %d %d %d %*d %*d %*d %*d %*d %*d %d %d %*d")
        if values and len(values[0]) > 15:
            raise Undefined("netstat: a /proc/net/x25 device name longer than dev[16]")
        held[:len(values)] = values
        dev, lci, st, vs, vr, sendq, recvq = held
        if lci is None:
            raise Undefined("netstat: a /proc/net/x25 line without an LCI (uninitialised in C)")
        if not (run.o.all or lci):
            continue
        if None in held:
            raise Undefined("netstat: a /proc/net/x25 line sscanf could not read whole (uninitialised in C)")
        out.raw(b"%-15s %-15s %-7s %-3d  %-11s  %02d/%02d  %-6d  %-6d\n" % (
            _cstr(line[0:10]), _cstr(line[11:20]), dev, lci, _state(X25_STATES, st, "x25"), vr, vs,
            sendq, recvq))
    return 0


def ax25(run, text):
    """ax25_info(): 2.0's layout after a "dest_addr" header, else 2.1+'s."""
    out = _Out(run)
    out.text("Active AX.25 sockets\n"
             "Dest       Source     Device  State        Vr/Vs    Send-Q  Recv-Q\n")
    new = None
    for line in _fgets(text):
        if new is None:
            new = not line.startswith(b"dest_addr")
            if not new:
                continue  # 2.0's header
        row = _ax25_new(out, line) if new else _ax25_old(out, line)
        if row is None:
            continue
        dst, src, dev, st, vs, vr, sendq, recvq = row
        out.raw(b"%-9s  %-9s  %-6s  %-11s  %03d/%03d  %-6d  %-6d\n" % (
            dst, src, dev, _state(AX25_STATES, st, "ax25"), vr, vs, sendq, recvq))
    return 0


def _ax25_old(out, line):
    """2.0: dest and source in fixed columns, then sscanf (4 or 6 values)."""
    if len(line) < 20:
        raise Undefined("netstat: a /proc/net/ax25 line shorter than its fixed columns")
    values = _scanf(line[20:], b"%s %d %d %d %*d %*d/%*d %*d/%*d %*d/%*d %*d/%*d %*d/%*d %*d %*d %*d %d %d %*d")
    if values and len(values[0]) > 15:
        raise Undefined("netstat: a /proc/net/ax25 device name longer than buf[16]")
    if len(values) not in (4, 6):
        out.text("Problem reading data from /proc/net/ax25\n")
        return None
    dev, st, vs, vr = values[:4]
    sendq, recvq = values[4:] if len(values) == 6 else (0, 0)
    return _cstr(line[0:9]), _cstr(line[10:19]), dev, st, vs, vr, sendq, recvq


def _ax25_new(out, line):
    """2.1+: "ADDR dev src dst state vs vr ...": the first four words end at
    single blanks, the numbers are sscanf'd (3, or 5 with the queues; a
    socket-less connection has "*" there)."""
    if line.count(b" ") < 4:
        raise Undefined("netstat: a /proc/net/ax25 line with fewer than four blanks")
    _, dev, src, dst, rest = line.split(b" ", 4)
    values = _scanf(rest, b"%d %d %d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %d %d %*d")
    if len(values) not in (3, 5):
        out.text("problem reading data from /proc/net/ax25\n")
        return None
    st, vs, vr = values[:3]
    sendq, recvq = values[3:] if len(values) == 5 else (0, 0)
    dst = dst.split(b",", 1)[0]  # the digipeaters are cut off
    return _cstr(dst), _cstr(src), _cstr(dev), st, vs, vr, sendq, recvq


# ---- the C pieces ------------------------------------------------------------------

class _Out:
    """Writes bytes as the C printf does (names are bytes, padded by bytes)."""

    def __init__(self, run):
        self.out = run.out

    def text(self, text):
        self.out.write(text)

    def raw(self, data):
        self.out.write(procnet.ctext(data))


def _fgets(text):
    """The strings fgets(buf, 256, f) returns for the whole file, as bytes."""
    pieces = []
    for line in procnet.cbytes(text).split(b"\n"):
        pieces.append(line + b"\n")
    last = pieces.pop()[:-1]
    if last:
        pieces.append(last)
    lines = []
    for line in pieces:
        for start in range(0, len(line), 255):
            lines.append(line[start:start + 255])
    return lines


def _cstr(data):
    """A C string in a buffer: up to its first NUL."""
    end = data.find(b"\0")
    return data if end < 0 else data[:end]


def _state(names, state, family):
    if 0 <= state < len(names):
        return names[state].encode()
    raise Undefined("netstat: %s state %d is past net-tools' table (undefined in C)" % (family, state))


def _scanf(data, fmt):
    """glibc sscanf() for formats of %s, %d, %x (with * to skip), blanks and
    literal characters: the values stored (bytes for %s, ints), in order, up
    to the first directive that fails."""
    values = []
    pos, end = 0, len(data)
    i = 0
    while i < len(fmt):
        ch = fmt[i:i + 1]
        if ch in _WS:
            while pos < end and data[pos:pos + 1] in _WS:
                pos += 1
            i += 1
            continue
        if ch != b"%":
            if data[pos:pos + 1] != ch:
                break
            pos += 1
            i += 1
            continue
        skip = fmt[i + 1:i + 2] == b"*"
        i += 2 if skip else 1
        kind = fmt[i:i + 1]
        i += 1
        while pos < end and data[pos:pos + 1] in _WS:
            pos += 1
        if kind == b"s":
            start = pos
            while pos < end and data[pos:pos + 1] not in _WS:
                pos += 1
            if pos == start:
                break
            value = data[start:pos]
        else:
            pos, value = _scan_int(data, pos, 16 if kind == b"x" else 10)
            if value is None:
                break
        if not skip:
            values.append(value)
    return values


def _scan_int(data, pos, base):
    """%d / %x: (the position after the number, its value as the int stored), or (pos, None)."""
    end = len(data)
    negative = False
    if pos < end and data[pos:pos + 1] in (b"+", b"-"):
        negative = data[pos:pos + 1] == b"-"
        pos += 1
    digits = b"0123456789abcdefABCDEF" if base == 16 else b"0123456789"
    if base == 16 and data[pos:pos + 2] in (b"0x", b"0X") and data[pos + 2:pos + 3] and \
            data[pos + 2:pos + 3] in digits:
        pos += 2
    start = pos
    while pos < end and data[pos:pos + 1] in digits:
        pos += 1
    if pos == start:
        return pos, None
    value = int(data[start:pos], base)
    if base == 10:
        # strtol's clamp to a long, then the int it is stored in
        value = -value if negative else value
        value = max(-(1 << 63), min(value, (1 << 63) - 1))
    else:
        # strtoul: beyond 64 bits ULONG_MAX, a sign negates modulo 2**64
        value = (1 << 64) - 1 if value >= 1 << 64 else ((-value) & ((1 << 64) - 1) if negative else value)
    value &= 0xFFFFFFFF
    return pos, value - (1 << 32) if value >= 1 << 31 else value
