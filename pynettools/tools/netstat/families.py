"""netstat's tables of the IPX, amateur-radio and X.25 families: ipx_info(),
netrom_info(), rose_info(), x25_info() and ax25_info() of net-tools 2.10,
with lib/ipx.c's IPX_input() and IPX_sprint() for IPX addresses.

IPX: /proc/net/ipx/socket existed while the ipx module was loaded, up to
Linux 4.18, which removed IPX; Debian's net-tools still reads it.  The
kernel wrote "NETWORK:NODE:PORT" (or "NETWORK:PORT") in hex, the port in
host order, which netstat swaps with ntohs(); the state in hex, which
netstat reads as decimal (only 01, ESTABLISHED, and 07, CLOSE, occur).

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
an IPX line sscanf cannot read whole before any whole one (uninitialised
locals), IPX addresses longer than sad[50] and dad[50], states past the end
of each state table, lines too short for the fixed
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


def ipx(run, text):
    """ipx_info(): sscanf(buf, "%s %s %lX %lX %u %u") of each line after the
    first, fgets(buf, 255, f): a longer line comes in pieces of 254 bytes.
    What a line lacks keeps the function's locals from the line before (its
    address words then hold what that line printed); -1 after an EINTERN."""
    out = _Out(run)
    out.text("Active IPX sockets\n"
             "Proto Recv-Q Send-Q Local Address              Foreign Address            State")
    if run.o.exp > 1:  # one -e already (flag_exp starts at 1)
        out.text(" User")
    out.text("\n")
    held = _IpxLocals()
    for line in _fgets(text, 255)[1:]:
        values = _scanf(_cstr(line), b"%s %s %lX %lX %u %u")
        if any(len(word) > 49 for word in values[:2]):
            raise Undefined("netstat: a /proc/net/ipx address longer than sad[50] / dad[50]")
        held.words[:len(values)] = values
        if _ipx_row(run, out, held) < 0:
            return -1
    return 0


class _IpxLocals:
    """ipx_info()'s variables, which live across the lines: sad, dad, txq,
    rxq, state and uid as sscanf left them (None: never stored, uninitialised
    in C), sport and dport (0 at the start)."""

    def __init__(self):
        self.words = [None] * 6
        self.sport = self.dport = 0


def _ipx_row(run, out, held):
    """One line's row, or -1 after EINTERN for an address without a port."""
    sad, dad, txq, rxq, state, uid = held.words
    if sad is None:
        raise Undefined("netstat: a first /proc/net/ipx line without a word (sad uninitialised in C)")
    cut = _ipx_port(sad)
    if cut is None:
        return _ipx_error(run, "source")
    sad, port = cut
    # the kernel writes ports in host order; ntohs() swaps their bytes again.
    # A port %X cannot read leaves sport as it was: it is swapped once more
    held.sport = _ntohs(held.sport if port is None else port)
    if dad is None:
        raise Undefined("netstat: a first /proc/net/ipx line with one word (dad uninitialised in C)")
    connected = dad != b"Not_Connected"
    if connected:
        cut = _ipx_port(dad)
        if cut is None:
            return _ipx_error(run, "destination")
        dad, port = cut
        held.dport = _ntohs(held.dport if port is None else port)
    if None in (txq, rxq, state) or (run.o.exp > 1 and uid is None):
        raise Undefined("netstat: a first /proc/net/ipx line sscanf could not read whole (uninitialised in C)")
    # lib/ipx.c's IPX_sprint() has no names: -n changes nothing here
    local = _ipx_sprint(sad) + b":%04X" % held.sport
    remote = _ipx_sprint(dad) + b":%04X" % held.dport if connected else b"-"
    out.raw(b"IPX   %6d %6d %-26s %-26s %-5s" % (_long(txq), _long(rxq), local, remote, _ipx_state(state)))
    if run.o.exp > 1:
        # run.user() is the TCP table's " %-10s " (a blank after); ipx_info() prints " %-10s"
        out.text(run.user(uid - (1 << 32) if uid >= 1 << 31 else uid)[:-1])
    out.text("\n")
    held.words[:2] = [local, remote]  # snprintf()'d into sad and dad
    return 0


def _ipx_port(word):
    """rindex(word, ':') cut there and sscanf(after, "%X"): (the address
    before, the number or None when %X read none), or None without a colon."""
    colon = word.rfind(b":")
    if colon < 0:
        return None
    found = _scanf(word[colon + 1:], b"%X")
    return word[:colon], found[0] if found else None


def _ipx_error(run, which):
    run.out.flush()
    run.err.write("netstat.c: Internal Error `ipx socket format error in %s port'.\n" % which)
    return -1


def _ipx_state(state):
    """TCP_ESTABLISHED "ESTAB", TCP_CLOSE "", anything else "UNK."."""
    return {1: b"ESTAB", 7: b""}.get(state, b"UNK.")


def _ipx_sprint(word):
    """IPX_input(0, word, &sa) then IPX_sprint(&sa): "NETWORK:NODE" in hex,
    either alone when the other is zero, "" when both are.  IPX_input()
    always sets sa_family to AF_IPX, so IPX_sprint()'s "[NONE SET]" never
    shows; its errors are ignored, and leave what it had filled in."""
    network, node = _ipx_input(word)
    named = node.rstrip(b"\0") != b""
    hexnode = b"".join(b"%02X" % byte for byte in node)
    if network and named:
        return b"%08X:%s" % (network, hexnode)
    if network:
        return b"%08X" % network
    return hexnode if named else b""


def _ipx_input(word):
    """IPX_input(0, ...): strtoul(word, &ep, 16) is the network (none when it
    is 0 or exactly 0xFFFFFFFF; htonl() keeps its low 32 bits); after a ':'
    IPX_getsock() reads the node: twelve hex digits, any case, into six
    bytes, stopping at the first that is not one (a byte half read keeps
    its first digit, shifted)."""
    node = bytearray(6)
    end, netnum = _scan_int(word, 0, 16, False, 64)
    if netnum is None or netnum in (0, 0xFFFFFFFF):
        return 0, node
    if word[end:end + 1] != b":":
        return netnum & 0xFFFFFFFF, node
    digits = word[end + 1:].upper()
    for i in range(12):
        digit = digits[i:i + 1]
        if not digit or digit not in b"0123456789ABCDEF":
            break
        if i % 2:
            node[i // 2] |= int(digit, 16)
        else:
            node[i // 2] = int(digit, 16) << 4
    return netnum & 0xFFFFFFFF, node


def _ntohs(value):
    """ntohs() of an unsigned int: its low 16 bits, bytes swapped."""
    return ((value & 0xFF) << 8) | ((value >> 8) & 0xFF)


def _long(value):
    """%ld of an unsigned long."""
    return value - (1 << 64) if value >= 1 << 63 else value


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


def _fgets(text, size=256):
    """The strings fgets(buf, size, f) returns for the whole file, as bytes:
    a line longer than size - 1 bytes comes in pieces of size - 1."""
    pieces = []
    for line in procnet.cbytes(text).split(b"\n"):
        pieces.append(line + b"\n")
    last = pieces.pop()[:-1]
    if last:
        pieces.append(last)
    lines = []
    for line in pieces:
        for start in range(0, len(line), size - 1):
            lines.append(line[start:start + size - 1])
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
    """glibc sscanf() for formats of %s, %d, %u, %x, %X (with * to skip, l
    for a long), blanks and literal characters: the values stored (bytes for
    %s, ints as the C variable holds them), in order, up to the first
    directive that fails."""
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
        bits = 32
        if fmt[i:i + 1] == b"l":
            bits = 64
            i += 1
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
            base = 16 if kind in (b"x", b"X") else 10
            pos, value = _scan_int(data, pos, base, kind == b"d", bits)
            if value is None:
                break
        if not skip:
            values.append(value)
    return values


def _scan_int(data, pos, base, signed, bits=32):
    """strtol (signed) or strtoul as glibc's sscanf uses them, the result
    stored in an integer of `bits`: (the position after the number, the
    value that variable holds), or (pos, None) when there is no number."""
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
    if signed:
        # strtol: clamped to a long
        value = -value if negative else value
        value = max(-(1 << 63), min(value, (1 << 63) - 1))
    else:
        # strtoul: beyond 64 bits ULONG_MAX, a sign negates modulo 2**64
        value = (1 << 64) - 1 if value >= 1 << 64 else ((-value) & ((1 << 64) - 1) if negative else value)
    value &= (1 << bits) - 1
    return pos, value - (1 << bits) if signed and value >= 1 << (bits - 1) else value
