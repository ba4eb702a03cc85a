"""ss's output: its column buffer, width computation, and the text of each field.

How ss 6.1 lays out its table (misc/ss.c: out(), field_next(), render())
------------------------------------------------------------------------
ss does not print a socket as it reads it.  Every field is appended to an
in-memory buffer as a "token" (a 16-bit length, then the bytes, padded to an
even size), and each column remembers the longest token it ever got.  Only at
render() time are the column widths fixed and the tokens printed with padding.
There are ten columns:

    Netid  State  Recv-Q  Send-Q  "Local Address:"  Port  "Peer Address:"  Port  Process  ""

The address columns are right-aligned and their tokens end with the
delimiter (":" for inet, " " for unix), the port columns left-aligned, so the
two meet in the middle.  Everything ss adds after the peer port (users:(...),
timer:(...), tcp_info...) goes into the "Process" column; the last column
stays empty but still ends each line.  Netid is dropped when only one socket
table is shown, State when only one state is.

Widths: each column's width is its longest token so far plus its left
delimiter (a space for every column but the first and the port/process ones).
When stdout is a terminal, the spare room up to the terminal width is shared
out over the columns of each (wrapped) line; when it is not, nothing is added
(the "compact" layout).  That is why piped ss output still has trailing
spaces: every line is padded to the width of the Process column, at least
len("Process").

The buffer is a chain of 1 MiB chunks, and ss renders (prints and frees it)
whenever a line ends and five chunks or more are in use.  With many sockets
the output therefore comes in batches, and a later batch may have wider
columns than an earlier one (widths only grow: the longest-token counters are
never reset).  To be byte-identical we keep the lines of the current batch
and simulate ss's chunk arithmetic exactly to know where it cuts.
"""
import sys

# (header, left delimiter, right-aligned?)
COLUMNS = (
    ("Netid", "", False),
    ("State", " ", False),
    ("Recv-Q", " ", False),
    ("Send-Q", " ", False),
    ("Local Address:", " ", True),
    ("Port", "", False),
    ("Peer Address:", " ", True),
    ("Port", "", False),
    ("Process", "", False),
    ("", "", False),
)
COL_NETID, COL_STATE, COL_RECVQ, COL_SENDQ, COL_ADDR, COL_SERV, COL_RADDR, COL_RSERV, \
    COL_EXT, COL_PROC = range(10)

SEP = "\0"  # joins the tokens of one line while it waits in the batch

# ss's buffer arithmetic (BUF_CHUNK, BUF_CHUNKS_MAX, the chunk header).
_CHUNK_DATA = 1024 * 1024 - 16
_CHUNKS_MAX = 5


def byte_len(text):
    """A text's length in bytes, as ss (C strings) counts it."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogateescape"))


class Renderer:
    """Collects lines of tokens and prints them in ss's batches and widths.

    `enabled` is a list of ten booleans (which columns are shown); a line is
    the tokens of the enabled columns up to Process, joined with SEP.
    """

    def __init__(self, out, enabled, screen_width=None):
        self.out = out
        self.enabled = list(enabled)
        self.columns = [i for i in range(COL_PROC) if enabled[i]]
        self.screen_width = screen_width
        self.max_len = [0] * 10
        self.lines = []
        self.last_is_header = False
        # ss's buffer after the lines collected so far: chunks in use and the
        # offset of the next token in the last one (0 chunks: no buffer yet).
        self.chunks = 0
        self.pos = 0
        self.render_due = False
        # widths of tuple lines, noted by their producer: (index in lines, column, length)
        self.notes = []
        self.ext_slot = len(self.columns) - 1
        # where Recv-Q and Send-Q sit in a line's tokens
        self.queue_slots = (self.columns.index(COL_RECVQ), self.columns.index(COL_SENDQ))

    # ---- collecting ---------------------------------------------------------

    def add_header(self):
        self.add(SEP.join(COLUMNS[i][0] for i in self.columns))
        self.last_is_header = True

    def note(self, column, length):
        """Column `column` gets a token of `length` bytes in the next tuple line.

        The producer of tuple lines measures them itself: it calls this
        before adding a line whose token is longer than any it noted before
        for that column (most tokens come from its caches, so this is rare).
        """
        if self.render_due:
            self.render(final=False)
        self.notes.append((len(self.lines), column, length))

    def add(self, line):
        """Add a line, working out its size in ss's buffer from its tokens."""
        self.add_sized(line, line_footprint(line))

    def add_sized(self, line, footprint):
        """Add a line whose footprint() the caller already knows (the hot path).

        The footprint is what the line's tokens take in ss's buffer, the empty
        last column's included.  While the whole line fits in the current
        chunk, that is all we need; only a line crossing a chunk end is
        followed token by token.
        """
        if self.render_due:
            self.render(final=False)
        self.last_is_header = False
        self.lines.append(line)
        if self.chunks == 0:
            self.chunks = 1
            self.pos = 0
        pos = self.pos + footprint
        if pos <= _CHUNK_DATA - 2:
            self.pos = pos
        else:
            self._cross_chunk(line)

    def _cross_chunk(self, line):
        """Follow one line token by token across a chunk end (ss's out() and
        field_flush()); note when ss would render before the next line."""
        chunks, pos = self.chunks, self.pos
        ext_slot = self.ext_slot
        for slot, token in enumerate(self.tokens(line)):
            length = byte_len(token)
            chunks, pos = _token(chunks, pos, length, bool(length) or slot != ext_slot)
        if chunks >= _CHUNKS_MAX:
            # field_next() on the last column renders before flushing it
            self.render_due = True
        else:
            chunks, pos = _token(chunks, pos, 0, False)
        self.chunks, self.pos = chunks, pos

    def tokens(self, line):
        """A line's token texts, whichever form it was added in (see render())."""
        if isinstance(line, str):
            return line.split(SEP)
        tokens = list(line)
        for slot in self.queue_slots:
            tokens[slot] = "%-6d" % tokens[slot]
        return tokens

    # ---- printing -----------------------------------------------------------

    def render(self, final=True):
        """Print every collected line (ss's render()).

        A line is either a string of tokens joined by SEP, or (the inet hot
        path) a tuple of the tokens with Recv-Q and Send-Q left as numbers
        (their token is "%-6d", which padded to the column width is "%-Nd");
        tuple lines are measured through note(), string lines here.

        ss measures a token when it moves on to the next field.  When it
        renders at the very end (or after each -E event), the last line's
        Process token is still the one being written: it is printed but was
        never measured, so it does not widen its column.
        """
        lines = self.lines
        self.lines = []
        self.chunks = self.pos = 0
        self.render_due = False
        if not lines:
            return
        count = len(lines)
        skip_last_ext = final and not self.last_is_header
        self._apply_notes(count, skip_last_ext and not isinstance(lines[-1], str))
        measured = lines
        if skip_last_ext and isinstance(lines[-1], str):
            last = lines[-1]
            cut = last.rfind(SEP)
            measured = lines[:-1] + [last[:cut + 1] if cut >= 0 else ""]
        for run in _runs(measured):
            if isinstance(run[0], str):
                _measure(run, self.columns, self.max_len)
        widths = self._widths()
        fmt = _line_format(self.columns, widths, ())
        fmt_tuple = _line_format(self.columns, widths, self.queue_slots)
        write = self.out.write
        for run in _runs(lines):
            if isinstance(run[0], str):
                if all(line.isascii() for line in run):
                    write("".join([fmt % tuple(line.split(SEP)) for line in run]))
                else:
                    write("".join([_format_line(line.split(SEP), self.columns, widths)
                                   for line in run]))
            else:
                text = "".join([fmt_tuple % line for line in run])
                if not text.isascii():
                    text = "".join([_format_line(self.tokens(line), self.columns, widths)
                                    for line in run])
                write(text)

    def _apply_notes(self, count, skip_last_ext):
        """Widen columns by the notes of the first `count` lines; keep the rest."""
        max_len = self.max_len
        rest = []
        last = count - 1
        for index, column, length in self.notes:
            if index >= count:
                rest.append((index - count, column, length))
            elif skip_last_ext and index == last and column == COL_EXT:
                continue
            elif length > max_len[column]:
                max_len[column] = length
        self.notes = rest

    def _widths(self):
        """render_calc_width(): column widths from the longest tokens (and the screen)."""
        screen = self.screen_width
        compact = screen is None
        if compact:
            screen = sys.maxsize
        widths = [0] * 10
        first = True
        for c in range(10):
            if not self.enabled[c]:
                continue
            longest = self.max_len[c]
            width = longest + len(COLUMNS[c][1]) if (not first and longest) else longest
            widths[c] = min(width, screen)
            if widths[c]:
                first = False
        if not compact:
            _spread(widths, screen)
        return widths


def token_footprint(text):
    """Bytes a token takes in ss's buffer: a 2-byte length, the text, even-padded."""
    length = byte_len(text)
    return 2 + length + (length & 1)


def line_footprint(line):
    """All tokens of a line plus the empty last column's 2-byte token."""
    total = 2
    for token in line.split(SEP):
        length = byte_len(token)
        total += 2 + length + (length & 1)
    return total


def _token(chunks, pos, length, called):
    """One field through ss's buffer: returns the new (chunks, position).

    out() appends to the current token when the text fits the chunk's tail
    room (strictly less than it); otherwise a new chunk is started and the
    token moved there.  field_flush() then needs room for the next token's
    2-byte length after padding this one to an even size, or starts a new
    chunk for the next token.
    """
    if called:
        if chunks == 0:
            chunks, pos = 1, 0
        elif pos and length >= _CHUNK_DATA - pos - 2:
            chunks, pos = chunks + 1, 0
    elif chunks == 0:
        chunks, pos = 1, 0
    end = pos + 2 + length
    pad = length & 1
    if _CHUNK_DATA - end - pad < 2:
        return chunks + 1, 0
    return chunks, end + pad


_STEP = 4096


def _runs(lines):
    """Slices of consecutive lines of the same form, at most _STEP long."""
    start = 0
    total = len(lines)
    while start < total:
        kind = isinstance(lines[start], str)
        end = start + 1
        limit = min(total, start + _STEP)
        while end < limit and isinstance(lines[end], str) == kind:
            end += 1
        yield lines[start:end]
        start = end


def _measure(lines, columns, max_len):
    """Raise max_len[column] to the longest token (in bytes) of these lines."""
    if all(line.isascii() for line in lines):
        split = [line.split(SEP) for line in lines]
        for slot, values in enumerate(zip(*split)):
            longest = max(map(len, values))
            column = columns[slot]
            if longest > max_len[column]:
                max_len[column] = longest
        return
    for line in lines:
        for slot, token in enumerate(line.split(SEP)):
            length = byte_len(token)
            column = columns[slot]
            if length > max_len[column]:
                max_len[column] = length


def _spread(widths, screen):
    """The second pass of render_calc_width(): break columns into screen lines
    and share each line's spare room out, one more to the rightmost ones."""
    eol = -1
    total = 0
    linecols = 0
    c = 0
    while c < 10:
        if not widths[c]:
            c += 1
            continue
        linecols += 1
        total += widths[c]
        last = not any(widths[c + 1:])
        if not last and total < screen:
            c += 1
            continue
        if total != screen:
            if total > screen:
                total -= widths[c]
                c -= 1
                linecols -= 1
            pad = screen - total
            spacing, rem = divmod(pad, linecols)
            tmp = c
            while tmp > eol:
                if widths[tmp]:
                    widths[tmp] += spacing
                    if rem:
                        widths[tmp] += 1
                        rem -= 1
                tmp -= 1
        eol = c
        total = 0
        linecols = 0
        c += 1


def _line_format(columns, widths, number_slots):
    """A %-format printing one line of tokens with ss's padding (ASCII tokens).

    number_slots are the tokens given as numbers, formatted "%-6d" by ss.
    """
    parts = []
    for slot, c in enumerate(columns):
        delim = COLUMNS[c][1] if slot else ""
        room = widths[c] - len(delim)
        if slot in number_slots:
            spec = "%-" + str(max(room, 6)) + "d"
        elif not widths[c] or room <= 0:
            spec = "%s"
        elif COLUMNS[c][2]:
            spec = "%" + str(room) + "s"
        else:
            spec = "%-" + str(room) + "s"
        parts.append(delim.replace("%", "%%") + spec)
    # the last, always empty column: its delimiter is empty, so only the newline
    return "".join(parts) + "\n"


def _format_line(tokens, columns, widths):
    """One line with byte-exact padding (tokens may hold non-ASCII bytes)."""
    pieces = []
    for slot, token in enumerate(tokens):
        c = columns[slot]
        delim = COLUMNS[c][1] if slot else ""
        printed = len(delim)
        pieces.append(delim)
        length = byte_len(token)
        width = widths[c]
        if width and COLUMNS[c][2]:
            spaces = width - length - printed
            if spaces > 0:
                pieces.append(" " * spaces)
                printed += spaces
        pieces.append(token)
        printed += length
        if width and not COLUMNS[c][2]:
            spaces = width - printed
            if spaces > 0:
                pieces.append(" " * spaces)
    pieces.append("\n")
    return "".join(pieces)


# ---- field texts ------------------------------------------------------------

STATE_NAMES = (
    "UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
    "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
)

SCTP_STATE_NAMES = (
    "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTAB", "SHUTDOWN_PENDING", "SHUTDOWN_SENT",
    "SHUTDOWN_RECEIVED", "ACK_SENT",
)

TIMER_NAMES = ("off", "on", "keepalive", "timewait", "persist", "unknown")


def ms_timer(timeout):
    """print_ms_timer(): 1min10sec, 5.123ms-style durations from milliseconds."""
    secs = timeout // 1000
    minutes = secs // 60
    secs %= 60
    msecs = timeout % 1000
    text = ""
    if minutes:
        msecs = 0
        text = "%dmin" % minutes
        if minutes > 9:
            secs = 0
    if secs:
        if secs > 9:
            msecs = 0
        text += "%d%s" % (secs, "." if msecs else "sec")
    if msecs:
        text += "%03dms" % msecs
    return text


def timer_text(timer, timeout, retrans):
    """tcp_timer_print(): ' timer:(keepalive,1min,0)'; '' when no timer runs."""
    if not timer:
        return ""
    if timer > 4:
        timer = 5
    return " timer:(%s,%s,%d)" % (TIMER_NAMES[timer], ms_timer(timeout), int32(retrans))


def int32(value):
    """A 32-bit field as ss's C code holds it in an int: above 2^31 it is negative."""
    value &= 0xffffffff
    return value - (1 << 32) if value & 0x80000000 else value


def bandwidth(bits, numeric):
    """sprint_bw(): 1.5Mbps-style rates ('%.3g' with a unit prefix)."""
    if numeric:
        return "%.0f" % bits
    if bits >= 1e12:
        return "%.3gT" % (bits / 1e12)
    if bits >= 1e9:
        return "%.3gG" % (bits / 1e9)
    if bits >= 1e6:
        return "%.3gM" % (bits / 1e6)
    if bits >= 1e3:
        return "%.3gk" % (bits / 1e3)
    return "%g" % bits


def skmem_text(values):
    """print_skmeminfo(): ' skmem:(r0,rb131072,t0,tb46080,f0,w0,o0,bl0,d0)'."""
    text = " skmem:(r%u,rb%u,t%u,tb%u,f%u,w%u,o%u" % tuple(values[:7])
    if len(values) >= 8:
        text += ",bl%u" % values[7]
    if len(values) >= 9:
        text += ",d%u" % values[8]
    return text + ")"


def details_text(ss, uid, inode, sk, mark=0, cgroup_id=0):
    """sock_details_print() (-e), for every family that has it:
    ' uid:0 ino:1234 sk:ffff... fwmark:0x2a cgroup:/...'."""
    text = ""
    if uid:
        text = " uid:%u" % uid
    text += " ino:%u sk:%x" % (inode, sk)
    if mark:
        text += " fwmark:0x%x" % mark
    if cgroup_id:
        text += " cgroup:%s" % ss.cgroup_path(cgroup_id)
    return text


def shutdown_text(mask):
    return " %s-%s" % ("-" if mask & 1 else "<", "-" if mask & 2 else ">")
