"""ss's selection language (iproute2 6.1): the STATE-FILTER and the EXPRESSION.

    ss [OPTIONS] [ state NAME | exclude NAME ]... [ EXPRESSION ]

What ss does with them, and what this module gives its caller:

1. The state words (misc/ss.c main()) come first and give a mask of ss's
   state numbers; parse_states() returns it (None when no state word was
   given).  How that combines with -a, -l, -A, -t... is final_state_mask().

2. The rest is the expression (misc/ssfilter.y).  ss parses it with a bison
   grammar whose lexer turns each word into a token *and* immediately parses
   its value: an address, a port, a device, a mark.  So a bad value is
   reported (exit 1) before a syntax error that comes later, and the lexer
   remembers the last keyword (`dev`, `fwmark`, `cgroup`, `sport`...) to know
   how to read the next plain word.  parse_expression() returns a Filter.

3. A Filter is used twice by ss, and so has two halves:
   - ss compiles it to inet_diag bytecode (Filter.bytecode()) and sends that
     with every TCP/UDP/RAW dump, so the *kernel* drops the inet sockets that
     fail it (Filter.kernel_matches() runs that bytecode as the kernel does);
   - ss then runs the same expression again in userspace on every socket it
     is about to print, of every family (Filter.user_matches()).
   The two do not always agree (IPv4 rules and IPv6 sockets, ports out of
   range, names that resolve to several addresses), and a socket is shown
   only when both pass: Filter.matches() is that.  A caller that sends
   Filter.bytecode() to the real kernel should use user_matches() on what
   comes back: the kernel already did its half, including the part we can
   only guess (`autobound` depends on whether the program bound the port
   explicitly, which no dump reports).

4. Address words change which families ss dumps: `src unix:/x`, or any
   address with -4/-6/-x/-f in effect, replaces ss's family set by that one
   family (Filter.families) and makes it the preferred family for the rest
   of the run (Filter.preferred_family).

Everything ss reads from the machine while parsing (host names, service
names, interface indexes, cgroup ids, the ephemeral port range) goes through
env.kernel, so recordings replay.  Errors raise FilterError carrying ss's
exact stderr text and exit status.

The API:
    parse_states(words) -> (mask or None, rest)
    parse_expression(rest, env, preferred_family, tables, filter_file) -> Filter or None
    parse_args(words, env, ...) -> (mask or None, Filter or None)    both at once
    open_filter_file(path, env) (at -F time), parse_file(path, env, args)
    option_state_filter(), final_state_mask(), default_state_mask()
    Filter: matches(sock), user_matches(sock), kernel_matches(sock),
            bytecode(), kernel_rejects, families, preferred_family
"""
import struct

AF_UNSPEC = 0
AF_UNIX = 1
AF_INET = 2
AF_INET6 = 10
AF_NETLINK = 16
AF_PACKET = 17
AF_VSOCK = 40

# ss's state numbers (the kernel's TCP states, which ss uses for every family).
SS_UNKNOWN = 0
SS_ESTABLISHED = 1
SS_SYN_SENT = 2
SS_SYN_RECV = 3
SS_FIN_WAIT1 = 4
SS_FIN_WAIT2 = 5
SS_TIME_WAIT = 6
SS_CLOSE = 7
SS_CLOSE_WAIT = 8
SS_LAST_ACK = 9
SS_LISTEN = 10
SS_CLOSING = 11
SS_MAX = 12

STATES_ALL = (1 << SS_MAX) - 1
# SS_CONN: what ss shows when nothing says otherwise.
STATES_CONNECTED = STATES_ALL & ~((1 << SS_LISTEN) | (1 << SS_CLOSE) | (1 << SS_TIME_WAIT)
                                  | (1 << SS_SYN_RECV))
# -l: listening sockets, and unconnected ones (UDP, unix datagram, packet...).
STATES_LISTENING = (1 << SS_LISTEN) | (1 << SS_CLOSE)

INCOMPLETE_COMMAND = 'Command line is not complete. Try option "help"\n'
MORE_THAN_ONE_FILTER_FILE = "More than one filter file\n"  # a second -F: exit 255

# Bison's stack holds at most 10000 states (YYMAXDEPTH); with its initial
# state that leaves 9998 grammar symbols before "memory exhausted".
_MAX_SYMBOLS = 9998


class FilterError(Exception):
    """Bad input, as ss reports it.

    message: exactly what ss writes to stderr (ends with a newline, may be
        several lines); status: ss's exit status.
    usage: True when ss then prints its usage text to stderr (after a syntax
        error); the caller, who owns the usage text, writes it after message.
    """

    def __init__(self, message, status, usage=False):
        Exception.__init__(self, message)
        self.message = message
        self.status = status
        self.usage = usage


# ---- the state filter ---------------------------------------------------------

_STATE_GROUPS = {
    "close": 1 << SS_CLOSE,
    "closed": 1 << SS_CLOSE,
    "syn-rcv": 1 << SS_SYN_RECV,
    "established": 1 << SS_ESTABLISHED,
    "all": STATES_ALL,
    "connected": STATES_ALL & ~((1 << SS_CLOSE) | (1 << SS_LISTEN)),
    "synchronized": STATES_ALL & ~((1 << SS_CLOSE) | (1 << SS_LISTEN) | (1 << SS_SYN_SENT)),
    "bucket": (1 << SS_SYN_RECV) | (1 << SS_TIME_WAIT),
    "big": STATES_ALL & ~((1 << SS_SYN_RECV) | (1 << SS_TIME_WAIT)),
}

# scan_state()'s own table.  Note what is not there: "listen" and "unconn"
# are *not* state names for ss 6.1 (only "listening" and "unconnected").
_STATE_NAMES = ("unknown", "established", "syn-sent", "syn-recv", "fin-wait-1", "fin-wait-2",
                "time-wait", "unconnected", "close-wait", "last-ack", "listening", "closing")

_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _ascii_lower(text):
    """strcasecmp() folds only A-Z (ss never calls setlocale)."""
    return text.translate(_ASCII_LOWER)


def state_bits(name):
    """The mask for one state name (case-insensitive), as ss's scan_state()."""
    key = _ascii_lower(name)
    if key in _STATE_GROUPS:
        return _STATE_GROUPS[key]
    if key in _STATE_NAMES:
        return 1 << _STATE_NAMES.index(key)
    raise FilterError("ss: wrong state name: %s\n" % name, 255)


def parse_states(args):
    """Read the leading `state NAME` / `exclude NAME` (or `excl`) words.

    Returns (mask, rest): mask is None when there was no state word; the
    first `state` starts from nothing, the first `exclude` from every state,
    and later words add to / take from that.  rest is the expression words.
    """
    mask = None
    i = 0
    while i < len(args):
        word = args[i]
        if word == "state":
            bits = _state_operand(args, i)
            mask = (0 if mask is None else mask) | bits
        elif word in ("exclude", "excl"):
            bits = _state_operand(args, i)
            mask = (STATES_ALL if mask is None else mask) & ~bits
        else:
            break
        i += 2
    return mask, list(args[i:])


def _state_operand(args, i):
    if i + 1 >= len(args):
        raise FilterError(INCOMPLETE_COMMAND, 255)
    return state_bits(args[i + 1])


def option_state_filter(letters):
    """ss's `state_filter` after its options, given the -a/-l/-A letters in order.

    -a sets every state, -l listening+unconnected (the later one wins), and
    the first -A (socket tables) keeps what is there or sets STATES_CONNECTED.
    0 means "not set".
    """
    state_filter = 0
    saw_query = False
    for letter in letters:
        if letter == "a":
            state_filter = STATES_ALL
        elif letter == "l":
            state_filter = STATES_LISTENING
        elif letter == "A" and not saw_query:
            state_filter = state_filter or STATES_CONNECTED
            saw_query = True
    return state_filter


def final_state_mask(arg_mask, option_filter=0, table_states=0, do_default=True):
    """The states ss shows, as its main() computes them.

    arg_mask: parse_states()'s mask (None when no state word; it then
        replaces whatever -a/-l said);
    option_filter: option_state_filter() of the -a/-l/-A letters;
    table_states: the union of the default states of the tables and families
        chosen by -t/-u/-x/-4/... (each adds its own, e.g. -t connected
        states, -u ESTABLISHED);
    do_default: True when no table or family option was given.
    A mask that comes out 0 (e.g. `exclude all`) is ignored: the defaults stay.
    """
    state_filter = option_filter if arg_mask is None else arg_mask
    if do_default and not state_filter:
        state_filter = STATES_CONNECTED
    return state_filter if state_filter else table_states


def default_state_mask(all_flag=False, listen_flag=False):
    """The states of `ss [-a | -l]` with no table options and no state words.

    When both -a and -l are given the later one wins; pass only that one.
    """
    letters = "a" if all_flag else ("l" if listen_flag else "")
    return final_state_mask(None, option_state_filter(letters), 0, True)


# ---- entry points -------------------------------------------------------------

def parse_args(args, env, preferred_family=AF_UNSPEC, tables=None, filter_file=None):
    """(state mask or None, Filter or None) for ss's non-option arguments.

    preferred_family: the AF_* the options chose last (-4, -6, -0, -x, -f);
        ss reads addresses in that family.
    tables: the names of the socket tables ss will dump ("tcp", "udp", ...;
        None: all): `sport = :NAME` looks NAME up for udp and tcp only when
        those tables are on.
    filter_file: open_filter_file()'s result for -F; its words follow args.
    """
    mask, rest = parse_states(args)
    expr = parse_expression(rest, env, preferred_family, tables, filter_file)
    return mask, expr


def parse_file(path, env, args=(), preferred_family=AF_UNSPEC, tables=None):
    """parse_args() for `ss -F PATH [ARGS]` (PATH "-", or any word starting with '-': stdin)."""
    return parse_args(args, env, preferred_family, tables, open_filter_file(path, env))


def open_filter_file(path, env):
    """Open -F's file, as ss does while reading its options (errors exit 255 there)."""
    if path.startswith("-"):
        return _FilterFile(_stream_lines(env.stdin))
    try:
        text = env.kernel.read_text(path, "lines")
    except OSError as err:
        import errno

        if err.errno == errno.EISDIR:
            # fopen() opens a directory; the first fgets() then fails: no filter.
            return _FilterFile(iter(()))
        raise FilterError("fopen filter file: %s\n" % _strerror(err), 255)
    data = text.encode("utf-8", "surrogateescape")
    return _FilterFile(_byte_lines(data))


def _byte_lines(data):
    """The lines of data, each with its newline (and only at newlines)."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def parse_expression(words, env, preferred_family=AF_UNSPEC, tables=None, filter_file=None,
                     rpc_services=()):
    """The Filter for the expression words (and -F file), or None when empty.

    rpc_services: the (port, proto, name) ss learnt from rpcbind under -r;
    `sport = :rpc.NAME` finds its port there."""
    context = _Context(env, preferred_family, tables, rpc_services)
    lexer = _Lexer(words, filter_file, context)
    root = _Parser(lexer).parse()
    if root is None:
        return None
    return Filter(root, context)


def _strerror(err):
    import os

    return err.strerror or os.strerror(err.errno or 0)


# ---- reading words: arguments, then the -F file ----------------------------------

class _FilterFile:
    """The -F file as ss's fgets() loop sees it: lines of at most 1023 bytes."""

    def __init__(self, lines):
        self._lines = lines  # bytes, each ending with its newline

    def chunks(self):
        for data in self._lines:
            while data:
                piece, data = _fgets_piece(data)
                yield piece


def _fgets_piece(data):
    """One fgets(buf, 1024) result: up to and including a newline, at most 1023 bytes."""
    end = data.find(b"\n")
    end = len(data) if end < 0 else end + 1
    end = min(end, 1023)
    return data[:end], data[end:]


def _stream_lines(stream):
    """stdin's lines as bytes (from the byte stream when there is one: the text
    layer would turn \\r into newlines)."""
    raw = getattr(stream, "buffer", None)
    while True:
        if raw is not None:
            line = raw.readline()
        else:
            line = stream.readline().encode("utf-8", "surrogateescape")
        if not line:
            return
        yield line


def _file_words(filter_file):
    """The words of each usable line of the filter file, as ss's yylex() reads them."""
    for chunk in filter_file.chunks():
        text = chunk.split(b"\0", 1)[0]  # a C string ends at the first NUL
        if not text:
            raise FilterError("Invalid line\n", 255)
        if len(text) >= 1023:
            raise FilterError("Too long line in filter\n", 255)
        if text.endswith(b"\n"):
            text = text[:-1]
        # ss skips lines starting with '#' -- and, by a slip ('0' for '\0'),
        # lines starting with the digit 0 as well.
        if text[:1] in (b"#", b"0"):
            continue
        for word in split_words(text.decode("utf-8", "surrogateescape")):
            yield word


def split_words(text):
    """ss's get_token_from_line(): words split at blanks and tabs; a backslash
    takes the next character literally (a blank too) and is itself dropped."""
    words = []
    i = 0
    n = len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return words
        word = []
        while i < n and text[i] not in " \t":
            if text[i] == "\\":
                i += 1
                if i >= n:
                    break
            word.append(text[i])
            i += 1
        words.append("".join(word))
        i += 1


# ---- the lexer ----------------------------------------------------------------------

# Token kinds.  One-character kinds are the grammar's literal tokens.
_NOT, _AND, _OR, _LPAREN, _RPAREN, _EQ, _GT, _LT = "!", "&", "|", "(", ")", "=", ">", "<"
_GEQ, _LEQ, _NEQ = "GEQ", "LEQ", "NEQ"
_DCOND, _SCOND, _DPORT, _SPORT = "DCOND", "SCOND", "DPORT", "SPORT"
_DEVNAME, _FWMARK, _CGROUPPATH, _AUTOBOUND = "DEVNAME", "FWMARK", "CGROUPPATH", "AUTOBOUND"
_HOSTCOND, _DEVCOND, _MARKMASK, _CGROUPCOND = "HOSTCOND", "DEVCOND", "MARKMASK", "CGROUPCOND"

_FIXED_WORDS = {
    "!": _NOT, "not": _NOT,
    "&": _AND, "&&": _AND, "and": _AND,
    "|": _OR, "||": _OR, "or": _OR,
    "(": _LPAREN, ")": _RPAREN,
    "dst": _DCOND, "src": _SCOND, "dport": _DPORT, "sport": _SPORT,
    "dev": _DEVNAME, "fwmark": _FWMARK, "cgroup": _CGROUPPATH, "autobound": _AUTOBOUND,
    ">=": _GEQ, "ge": _GEQ, "geq": _GEQ,
    "<=": _LEQ, "le": _LEQ, "leq": _LEQ,
    "!=": _NEQ, "ne": _NEQ, "neq": _NEQ,
    "=": _EQ, "==": _EQ, "eq": _EQ,
    ">": _GT, "gt": _GT,
    "<": _LT, "lt": _LT,
}

_KEYWORDS = (_DCOND, _SCOND, _DPORT, _SPORT, _DEVNAME, _FWMARK, _CGROUPPATH, _AUTOBOUND)


class _Lexer:
    """ss's yylex(): one token per call, its value parsed on the spot."""

    def __init__(self, words, filter_file, context):
        self._args = iter(words)
        self._pending = []  # the words left of the current argument, last first
        self._file_words = _file_words(filter_file) if filter_file is not None else None
        self._context = context
        # The last keyword seen decides how a plain word is read; ss never
        # resets it, so `dev lo foo` reads foo as a device too.
        self._last_keyword = None

    def next(self):
        """(kind, value); kind None at the end."""
        word = self._next_word()
        if word is None:
            return None, None
        kind = _FIXED_WORDS.get(word)
        if kind is not None:
            if kind in _KEYWORDS:
                self._last_keyword = kind
            return kind, None
        return self._value_token(word)

    def _next_word(self):
        while not self._pending:
            arg = next(self._args, None)
            if arg is None:
                break
            self._pending = split_words(arg)[::-1]
        if self._pending:
            return self._pending.pop()
        if self._file_words is not None:
            return next(self._file_words, None)
        return None

    def _value_token(self, word):
        keyword = self._last_keyword
        context = self._context
        if keyword == _DEVNAME:
            return _DEVCOND, context.parse_device(word)
        if keyword == _FWMARK:
            return _MARKMASK, context.parse_mark(word)
        if keyword == _CGROUPPATH:
            return _CGROUPCOND, context.parse_cgroup(word)
        return _HOSTCOND, context.parse_hostcond(word, keyword in (_SPORT, _DPORT))


# ---- the parser -------------------------------------------------------------------

def _syntax_error():
    return FilterError('ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n', 255,
                       usage=True)


def _exhausted_error():
    return FilterError('ss: bison bellows (while parsing filter): "memory exhausted!" Sorry.\n',
                       255, usage=True)


class _Frame:
    """One level of parentheses: the expression list read so far in it."""
    __slots__ = ("paren", "left", "op", "nots")

    def __init__(self, paren):
        self.paren = paren
        self.left = None   # the exprlist so far
        self.op = None     # a pending '&' or '|' (None: juxtaposition = and)
        self.nots = 0      # pending '!' before the next expr


# The operators each condition keyword takes (`=` may also be left out).
_COND_OPERATORS = {
    _DCOND: (_EQ,),
    _SCOND: (_EQ,),
    _DPORT: (_EQ, _NEQ, _GEQ, _LEQ, _GT, _LT),
    _SPORT: (_EQ, _NEQ, _GEQ, _LEQ, _GT, _LT),
    _DEVNAME: (_EQ, _NEQ),
    _FWMARK: (_EQ, _NEQ),
    _CGROUPPATH: (_EQ, _NEQ),
}


class _Parser:
    """The grammar of misc/ssfilter.y, read without recursion:

        applet   := exprlist | (nothing)
        exprlist := expr | exprlist '|' expr | exprlist '&' expr | exprlist expr
        expr     := '(' exprlist ')' | '!' expr | CONDITION

    `and` and `or` have equal precedence and group to the left: `a or b and
    c` is `(a or b) and c`.  Tokens are pulled one at a time, so an error is
    found at the same token as bison finds it (values of earlier tokens are
    all parsed, later ones never), and bison's stack limit is counted.
    """

    def __init__(self, lexer):
        self._lexer = lexer
        self._depth = 0

    def _push(self, count=1):
        self._depth += count
        if self._depth > _MAX_SYMBOLS:
            raise _exhausted_error()

    def parse(self):
        frames = [_Frame(paren=False)]
        kind, value = self._lexer.next()
        while True:
            frame = frames[-1]
            complete = frame.left is not None and frame.nots == 0 and frame.op is None
            if complete:
                if kind is None and not frame.paren:
                    return frame.left
                if kind == _RPAREN and frame.paren:
                    self._push()
                    frames.pop()
                    self._depth -= 3  # '(' exprlist ')'
                    self._finish_expr(frames[-1], frame.left)
                    kind, value = self._lexer.next()
                    continue
                if kind in (_AND, _OR):
                    self._push()
                    frame.op = kind
                    kind, value = self._lexer.next()
                    continue
            elif kind is None and not frame.paren and frame.left is None and frame.nots == 0:
                return None  # the empty expression
            # Here an expression must start (after an exprlist: juxtaposition).
            if kind == _LPAREN:
                self._push()
                frames.append(_Frame(paren=True))
            elif kind == _NOT:
                self._push()
                frame.nots += 1
            elif kind in _KEYWORDS:
                node = self._condition(kind)
                self._finish_expr(frame, node)
            else:
                raise _syntax_error()
            kind, value = self._lexer.next()

    def _condition(self, keyword):
        """Read one condition after its keyword; returns its node."""
        self._push()
        if keyword == _AUTOBOUND:
            self._depth -= 1
            return _Auto()
        kind, value = self._lexer.next()
        operator = _EQ
        if kind in _COND_OPERATORS[keyword]:
            operator = kind
            self._push()
            kind, value = self._lexer.next()
        elif kind in (_HOSTCOND, _DEVCOND, _MARKMASK, _CGROUPCOND):
            self._push()  # the empty `eq`
        else:
            raise _syntax_error()
        if kind not in (_HOSTCOND, _DEVCOND, _MARKMASK, _CGROUPCOND):
            raise _syntax_error()
        self._push()
        self._depth -= 3  # keyword, eq, value -> expr (counted by _finish_expr)
        return _condition_node(keyword, operator, value)

    def _finish_expr(self, frame, node):
        """An expr is complete in `frame`: apply its '!'s, join it to the list."""
        if frame.nots:
            node = _negate(node, frame.nots)
            self._depth -= frame.nots
            frame.nots = 0
        if frame.left is None:
            frame.left = node
            self._depth += 1  # expr -> exprlist
            return
        if frame.op is not None:
            self._depth -= 1
        frame.left = _join(_OR if frame.op == _OR else _AND, frame.left, node)
        frame.op = None


def _condition_node(keyword, operator, value):
    if keyword in (_DCOND, _SCOND):
        return _HostCond("D" if keyword == _DCOND else "S", value)
    if keyword in (_DPORT, _SPORT):
        side = "D" if keyword == _DPORT else "S"
        if operator == _EQ:
            return _HostCond(side, value)
        if operator == _NEQ:
            return _negate(_HostCond(side, value), 1)
        if operator == _GEQ:
            return _PortCompare(side, "GE", value.port)
        if operator == _LEQ:
            return _PortCompare(side, "LE", value.port)
        # `>` is "not <=", `<` is "not >=" (that is how ss compiles them).
        if operator == _GT:
            return _negate(_PortCompare(side, "LE", value.port), 1)
        return _negate(_PortCompare(side, "GE", value.port), 1)
    node = value
    if operator == _NEQ:
        return _negate(node, 1)
    return node


# ---- the expression tree ---------------------------------------------------------

class _Not:
    """`count` negations of `child` (kept as a count: `! ! x` compiles to two jumps)."""
    __slots__ = ("child", "count")

    def __init__(self, child, count):
        self.child = child
        self.count = count


class _Join:
    """and/or of children, grouped to the left as ss's grammar builds them."""
    __slots__ = ("op", "children")

    def __init__(self, op, children):
        self.op = op
        self.children = children


def _negate(node, count):
    if isinstance(node, _Not):
        return _Not(node.child, node.count + count)
    return _Not(node, count)


def _join(op, left, right):
    if isinstance(left, _Join) and left.op == op:
        left.children.append(right)
        return left
    return _Join(op, [left, right])


class _HostRule:
    """ss's struct aafilter for an address/port condition.

    family, bitlen, data: the address (data 16 bytes; bitlen 0: any address);
    port: -1 for any; pattern: a unix path pattern (family AF_UNIX);
    addresses: [(family, bitlen, data)] when a host name gave several
    addresses, in ss's list order (the first one first).
    """
    __slots__ = ("family", "bitlen", "data", "port", "pattern", "addresses")

    def __init__(self):
        self.family = AF_UNSPEC
        self.bitlen = 0
        self.data = _ZERO16
        self.port = -1
        self.pattern = None
        self.addresses = None


class _HostCond:
    __slots__ = ("side", "rule")

    def __init__(self, side, rule):
        self.side = side
        self.rule = rule


class _PortCompare:
    __slots__ = ("side", "op", "port")

    def __init__(self, side, op, port):
        self.side = side
        self.op = op
        self.port = port


class _Auto:
    __slots__ = ()


class _Device:
    __slots__ = ("ifindex",)

    def __init__(self, ifindex):
        self.ifindex = ifindex


class _Mark:
    __slots__ = ("mark", "mask")

    def __init__(self, mark, mask):
        self.mark = mark
        self.mask = mask


class _Cgroup:
    __slots__ = ("cgroup_id",)

    def __init__(self, cgroup_id):
        self.cgroup_id = cgroup_id


def _evaluate(root, test):
    """The truth of the tree, leaves decided by test(leaf); no recursion
    (bison lets expressions nest thousands deep)."""
    stack = [(root, 0)]
    value = False
    while stack:
        node, index = stack.pop()
        if isinstance(node, _Join):
            if index > 0:
                decided = value if node.op == _OR else not value
                if decided or index == len(node.children):
                    continue
            stack.append((node, index + 1))
            stack.append((node.children[index], 0))
        elif isinstance(node, _Not):
            if index == 0:
                stack.append((node, 1))
                stack.append((node.child, 0))
            elif node.count & 1:
                value = not value
        else:
            value = test(node)
    return value


def _postorder(root):
    """Every node, children before their parent, without recursion."""
    order = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)
        if isinstance(node, _Join):
            stack.extend(node.children)
        elif isinstance(node, _Not):
            stack.append(node.child)
    order.reverse()
    return order


# ---- the Filter ---------------------------------------------------------------------

class Filter:
    """A parsed ss expression.

    families: None, or the one AF_* ss now dumps (its family set was replaced);
    preferred_family: None, or ss's preferred family after the expression.
    """

    def __init__(self, root, context):
        self._root = root
        self._context = context
        self.families = context.families
        self.preferred_family = context.new_preferred_family
        self._bytecode = _compile(root)
        self._bytecode_ok = bool(self._bytecode) and _audit(self._bytecode)
        self._simple = not isinstance(root, (_Join, _Not))

    def bytecode(self):
        """The INET_DIAG_REQ_BYTECODE ss sends with inet dumps (b"": none, as
        when a `dev` condition is anywhere in the expression)."""
        return self._bytecode or b""

    @property
    def kernel_rejects(self):
        """True when the kernel refuses this bytecode (EINVAL): a non-inet
        address rule in it.  ss then prints "RTNETLINK answers: Invalid
        argument" and falls back to /proc, filtering in userspace only."""
        return bool(self._bytecode) and not self._bytecode_ok

    def matches(self, sock):
        """Whether ss shows this socket (kernel half and userspace half)."""
        if sock.family in (AF_INET, AF_INET6) and self._bytecode_ok:
            if not self.kernel_matches(sock):
                return False
        return self.user_matches(sock)

    def user_matches(self, sock):
        """ss's run_ssfilter(): the check ss makes itself on every socket."""
        view = _SockView(sock, self._context)
        if self._simple:
            return view.test(self._root)
        return _evaluate(self._root, view.test)

    def kernel_matches(self, sock):
        """The kernel's inet_diag_bc_run() of bytecode() on an inet socket
        (True when there is no bytecode)."""
        if not self._bytecode_ok:
            return True
        return _run_bytecode(self._bytecode, _KernelEntry(sock, self._context))


# ---- userspace matching (run_ssfilter) ----------------------------------------------

_ZERO16 = bytes(16)


def _pad16(data):
    data = bytes(data or b"")
    return data[:16] + bytes(16 - min(len(data), 16))


class _SockView:
    """A Sock seen as ss's struct sockstat: ports, addresses, device, mark."""
    __slots__ = ("sock", "context")

    def __init__(self, sock, context):
        self.sock = sock
        self.context = context

    def test(self, node):
        if isinstance(node, _HostCond):
            return self._host(node.side, node.rule)
        if isinstance(node, _PortCompare):
            port = self._port(node.side)
            return port >= node.port if node.op == "GE" else port <= node.port
        if isinstance(node, _Auto):
            return self._autobound()
        if isinstance(node, _Device):
            return self._ifindex() == node.ifindex
        if isinstance(node, _Mark):
            return (self._mark() & node.mask) == node.mark
        return self._cgroup() == node.cgroup_id

    def _port(self, side):
        sock = self.sock
        family = sock.family
        if family == AF_PACKET:
            # ss keeps the device index in a packet socket's "local port".
            return sock.ifindex if side == "S" else 0
        if family == AF_NETLINK:
            return _signed32(sock.sport) if side == "S" else -1
        if family == AF_VSOCK:
            return _signed32(sock.sport if side == "S" else sock.dport)
        return sock.sport if side == "S" else sock.dport

    def _address(self, side):
        """The 16 bytes ss compares, or None when they hold a pointer
        (a named unix socket: ss keeps a char * to the name there)."""
        sock = self.sock
        family = sock.family
        if family in (AF_INET, AF_INET6):
            return _pad16(sock.src if side == "S" else sock.dst)
        if family == AF_UNIX:
            name = sock.src if side == "S" else sock.dst
            return None if name is not None else _ZERO16
        if side == "D":
            return _ZERO16
        if family in (AF_PACKET, AF_NETLINK):
            value = sock.sport if family == AF_PACKET else getattr(sock, "protocol", 0)
            return struct.pack("=I", value & 0xFFFFFFFF) + bytes(12)
        return _ZERO16

    def _unix_name(self, side):
        sock = self.sock
        if sock.family == AF_UNIX:
            name = sock.src if side == "S" else sock.dst
            return "" if name is None else name
        # ss reads the address bytes of a non-unix socket as a name pointer:
        # all zero is NULL ("", as unnamed); anything else we cannot follow.
        return "" if self._address(side) == _ZERO16 else None

    def _host(self, side, rule):
        if rule.family == AF_UNIX:
            name = self._unix_name(side)
            return name is not None and fnmatch(rule.pattern, name)
        if rule.port != -1 and rule.port != self._port(side):
            return False
        if not rule.bitlen:
            return True
        data = self._address(side)
        if data is None:
            return False
        family = self.sock.family
        for rule_family, bitlen, rule_data in rule.addresses or ((rule.family, rule.bitlen, rule.data),):
            if _inet2_match(family, data, rule_family, rule_data, bitlen):
                return True
        return False

    def _autobound(self):
        sock = self.sock
        family = sock.family
        if family == AF_UNIX:
            name = sock.src
            return name is None or (len(name) == 6 and name[0] == "@"
                                    and all(c in "0123456789abcdef" for c in name[1:]))
        if family == AF_PACKET:
            return sock.ifindex == 0 and sock.sport == 0
        if family == AF_NETLINK:
            return _signed32(sock.sport) < 0
        if family == AF_VSOCK:
            return _signed32(sock.sport) > 1023
        return self.context.is_ephemeral(sock.sport)

    def _ifindex(self):
        if self.sock.family in (AF_INET, AF_INET6, AF_PACKET):
            return self.sock.ifindex or 0
        return 0

    def _mark(self):
        if self.sock.family in (AF_INET, AF_INET6):
            return self.sock.mark or 0
        return 0

    def _cgroup(self):
        if self.sock.family in (AF_INET, AF_INET6):
            return self.sock.cgroup_id or 0
        return 0


def _signed32(value):
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def _bits_equal(a, b, bits):
    """lib/utils.c inet_addr_match() == 0: the first `bits` bits agree."""
    whole = bits >> 3
    if a[:whole] != b[:whole]:
        return False
    rest = bits & 7
    if rest:
        mask = (0xFF << (8 - rest)) & 0xFF
        return (a[whole] ^ b[whole]) & mask == 0
    return True


def _inet2_match(sock_family, data, rule_family, rule_data, bitlen):
    """ss's inet2_addr_match(): bits compared whatever the families, and an
    IPv4 rule also matches an IPv4-mapped IPv6 socket address ("Cursed v4
    mapped addresses", says ss; a mapped rule matches only mapped sockets)."""
    if _bits_equal(data, rule_data, bitlen):
        return True
    if rule_family == AF_INET and sock_family == AF_INET6 and data[:12] == _V4MAPPED:
        return _bits_equal(data[12:] + bytes(12), rule_data, bitlen)
    return False


_V4MAPPED = bytes(10) + b"\xff\xff"


def fnmatch(pattern, name):
    """glibc fnmatch(pattern, name, FNM_CASEFOLD) in the C locale: * ? [...]
    (with ! or ^, ranges, [:classes:]) and backslash escapes; '*' matches '/'."""
    pattern = _ascii_lower(pattern)
    name = _ascii_lower(name)
    p = n = 0
    star_p = star_n = -1
    while True:
        if p < len(pattern):
            c = pattern[p]
            if c == "*":
                while p < len(pattern) and pattern[p] == "*":
                    p += 1
                star_p, star_n = p, n
                continue
            if n < len(name):
                step = _match_one(pattern, p, name[n])
                if step:
                    p += step
                    n += 1
                    continue
        elif n == len(name):
            return True
        if star_p < 0 or star_n >= len(name):
            return False
        star_n += 1
        p, n = star_p, star_n


def _match_one(pattern, p, char):
    """How many pattern characters matched `char` at p (0: no match)."""
    c = pattern[p]
    if c == "?":
        return 1
    if c == "\\":
        # an escaped character matches itself; a trailing backslash nothing
        return 2 if pattern[p + 1:p + 2] == char else 0
    if c == "[":
        end, matched = _bracket(pattern, p, char)
        if end is not None:
            return end - p if matched else 0
    return 1 if c == char else 0


_CLASSES = {
    "alnum": str.isalnum, "alpha": str.isalpha, "digit": str.isdigit, "lower": str.islower,
    "upper": str.isupper, "space": lambda c: c in " \t\n\v\f\r", "blank": lambda c: c in " \t",
    "punct": lambda c: 33 <= ord(c) <= 126 and not c.isalnum(),
    "print": lambda c: 32 <= ord(c) <= 126, "graph": lambda c: 33 <= ord(c) <= 126,
    "cntrl": lambda c: ord(c) < 32 or ord(c) == 127,
    "xdigit": lambda c: c in "0123456789abcdefABCDEF",
}


def _bracket(pattern, p, char):
    """A [...] expression at p: (index after it, matched), or (None, False)
    when it is not closed (then '[' is an ordinary character)."""
    i = p + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    if negate:
        i += 1
    matched = False
    first = True
    code = ord(char)
    while i < len(pattern):
        c = pattern[i]
        if c == "]" and not first:
            return i + 1, matched != negate
        first = False
        if c == "[" and pattern[i + 1:i + 2] == ":":
            close = pattern.find(":]", i + 2)
            if close >= 0:
                test = _CLASSES.get(pattern[i + 2:close])
                if test is not None and char.isascii() and test(char):
                    matched = True
                i = close + 2
                continue
        if c == "\\" and i + 1 < len(pattern):
            i += 1
            c = pattern[i]
        if pattern[i + 1:i + 2] == "-" and i + 2 < len(pattern) and pattern[i + 2] != "]":
            high = pattern[i + 2]
            if high == "\\" and i + 3 < len(pattern):
                high = pattern[i + 3]
                i += 1
            if ord(c) <= code <= ord(high):
                matched = True
            i += 3
            continue
        if c == char:
            matched = True
        i += 1
    return None, False


# ---- the kernel's half: bytecode ---------------------------------------------------------

_BC_NOP, _BC_JMP, _BC_S_GE, _BC_S_LE, _BC_D_GE, _BC_D_LE, _BC_AUTO = 0, 1, 2, 3, 4, 5, 6
_BC_S_COND, _BC_D_COND, _BC_DEV_COND, _BC_MARK_COND = 7, 8, 9, 10
_BC_S_EQ, _BC_D_EQ, _BC_CGROUP_COND = 11, 12, 13

_OP = struct.Struct("=BBH")             # struct inet_diag_bc_op: code, yes, no
_HOSTCOND_HEAD = struct.Struct("=BBxxi")  # inet_diag_hostcond: family, prefix_len, port
_PORT_OPS = {("S", "GE"): _BC_S_GE, ("S", "LE"): _BC_S_LE, ("D", "GE"): _BC_D_GE,
             ("D", "LE"): _BC_D_LE}


def _op(code, yes, no):
    return _OP.pack(code, yes & 0xFF, no & 0xFFFF)


def _compile(root):
    """ss's ssfilter_bytecompile(): bytes, or None when some part has no
    bytecode (a `dev` condition: then ss sends no bytecode at all)."""
    done = {}
    for node in _postorder(root):
        if isinstance(node, _Join):
            parts = [done[id(child)] for child in node.children]
            code = None if any(part is None for part in parts) else _compile_join(node.op, parts)
        elif isinstance(node, _Not):
            inner = done[id(node.child)]
            code = None if inner is None else inner + _op(_BC_JMP, 4, 8) * node.count
        else:
            code = _compile_leaf(node)
        done[id(node)] = code
    return done[id(root)]


def _compile_join(op, parts):
    code = parts[0]
    for part in parts[1:]:
        if op == _OR:
            # A success jumps over the right side; a failure lands on it.
            code = code + _op(_BC_JMP, 4, len(part) + 4) + part
        else:
            # Failures of the left side must now skip the right side too.
            code = _relocate(code, len(part)) + part
    return code


def _relocate(code, reloc):
    """ss's ssfilter_patch(): jumps to "end + 4" (failure) move by reloc."""
    buf = bytearray(code)
    offset = 0
    remaining = len(buf)
    while remaining > 0:
        _code, yes, no = _OP.unpack_from(buf, offset)
        if no == remaining + 4:
            struct.pack_into("=H", buf, offset + 2, (no + reloc) & 0xFFFF)
        if yes == 0:
            break
        remaining -= yes
        offset += yes
    return bytes(buf)


def _compile_leaf(node):
    if isinstance(node, _Auto):
        return _op(_BC_AUTO, 4, 8)
    if isinstance(node, _PortCompare):
        return _op(_PORT_OPS[(node.side, node.op)], 8, 12) + _op(0, 0, node.port)
    if isinstance(node, _Device):
        return None
    if isinstance(node, _Mark):
        return _op(_BC_MARK_COND, 12, 16) + struct.pack("=II", node.mark, node.mask)
    if isinstance(node, _Cgroup):
        return _op(_BC_CGROUP_COND, 12, 16) + struct.pack("=Q", node.cgroup_id)
    return _compile_hostcond(node)


def _compile_hostcond(node):
    rule = node.rule
    code = _BC_D_COND if node.side == "D" else _BC_S_COND
    alen = 16 if rule.family == AF_INET6 else 4
    count = len(rule.addresses) if rule.addresses else 1
    oplen = 4 + _HOSTCOND_HEAD.size + alen
    total = count * oplen + (count - 1) * 4
    head = _HOSTCOND_HEAD.pack(rule.family & 0xFF, rule.bitlen & 0xFF, rule.port)
    out = b""
    for i in range(count):
        # ss writes the first address into every entry (it reads `a` where it
        # meant `b`), so the kernel only ever tests a name's first address.
        out += _op(code, oplen, oplen + 4) + head + rule.data[:alen]
        if i < count - 1:
            out += _op(_BC_JMP, 4, total - len(out))
    return out


def _audit(code):
    """The kernel's inet_diag_bc_audit(): False where it answers EINVAL."""
    offset = 0
    remaining = len(code)
    if remaining < 4:
        return False
    boundaries = _op_boundaries(code)
    while remaining > 0:
        if remaining < 4:
            return False
        op, yes, no = _OP.unpack_from(code, offset)
        min_len = _op_min_len(code, offset, op, remaining)
        if min_len is None:
            return False
        if op != _BC_NOP:
            if no < min_len or no > remaining + 4 or no & 3:
                return False
            # valid_cc(): a jump must land on an instruction
            if no < remaining and offset + no not in boundaries:
                return False
        if yes < min_len or yes > remaining + 4 or yes & 3:
            return False
        offset += yes
        remaining -= yes
    return remaining == 0


def _op_boundaries(code):
    """The offsets the kernel's valid_cc() accepts as jump targets: those
    reached from the start by following each instruction's `yes` length."""
    found = set()
    offset = 0
    while offset < len(code):
        found.add(offset)
        yes = code[offset + 1] if offset + 1 < len(code) else 0
        if yes < 4 or yes & 3:
            break
        offset += yes
    return found


def _op_min_len(code, offset, op, remaining):
    min_len = 4
    if op in (_BC_S_COND, _BC_D_COND):
        min_len += _HOSTCOND_HEAD.size
        if remaining < min_len:
            return None
        family, prefix_len = code[offset + 4], code[offset + 5]
        alen = {AF_UNSPEC: 0, AF_INET: 4, AF_INET6: 16}.get(family)
        if alen is None:
            return None
        min_len += alen
        if remaining < min_len or prefix_len > 8 * alen:
            return None
        return min_len
    if op in (_BC_DEV_COND, _BC_S_GE, _BC_S_LE, _BC_D_GE, _BC_D_LE, _BC_S_EQ, _BC_D_EQ):
        min_len += 4
    elif op in (_BC_MARK_COND, _BC_CGROUP_COND):
        min_len += 8
    elif op not in (_BC_AUTO, _BC_JMP, _BC_NOP):
        return None
    return min_len if remaining >= min_len else None


class _KernelEntry:
    """What the kernel's inet_diag_entry holds for a socket."""
    __slots__ = ("family", "saddr", "daddr", "sport", "dport", "ifindex", "mark", "cgroup_id",
                 "bound_port")

    def __init__(self, sock, context):
        self.family = sock.family
        self.saddr = _pad16(sock.src)
        self.daddr = _pad16(sock.dst)
        self.sport = sock.sport
        self.dport = sock.dport
        self.ifindex = sock.ifindex or 0
        self.mark = sock.mark or 0
        self.cgroup_id = sock.cgroup_id or 0
        self.bound_port = _guess_bound_port(sock, context)


def _guess_bound_port(sock, context):
    """Whether the kernel's `autobound` test (SOCK_BINDPORT_LOCK in the
    socket's userlocks: bind() was given a port) says "bound explicitly".

    No dump reports userlocks, so unless sock.extra["userlocks"] says, this
    is a guess: TIME-WAIT and SYN-RECV entries are not full sockets (the
    kernel reads 0: autobound); connected TCP sockets are usually accepted
    ones (a child socket does not inherit the lock) or clients that never
    called bind(); listeners and UDP sockets are bound unless their port is
    in the ephemeral range.
    """
    extra = sock.extra or {}
    if "userlocks" in extra:
        return bool(extra["userlocks"] & 8)
    if sock.state in (SS_TIME_WAIT, SS_SYN_RECV):
        return False
    if sock.netid == "tcp" and sock.state not in (SS_LISTEN, SS_CLOSE):
        return False
    return not context.is_ephemeral(sock.sport)


def _run_bytecode(code, entry):
    """The kernel's inet_diag_bc_run()."""
    offset = 0
    remaining = len(code)
    while remaining > 0:
        op, yes, no = _OP.unpack_from(code, offset)
        if _kernel_op(code, offset, op, entry):
            remaining -= yes
            offset += yes
        else:
            remaining -= no
            offset += no
    return remaining == 0


def _kernel_op(code, offset, op, entry):
    if op == _BC_JMP:
        return False
    if op in (_BC_S_GE, _BC_S_LE, _BC_D_GE, _BC_D_LE, _BC_S_EQ, _BC_D_EQ):
        value = struct.unpack_from("=H", code, offset + 6)[0]
        port = entry.sport if op in (_BC_S_GE, _BC_S_LE, _BC_S_EQ) else entry.dport
        if op in (_BC_S_GE, _BC_D_GE):
            return port >= value
        if op in (_BC_S_LE, _BC_D_LE):
            return port <= value
        return port == value
    if op == _BC_AUTO:
        return not entry.bound_port
    if op in (_BC_S_COND, _BC_D_COND):
        return _kernel_hostcond(code, offset, op, entry)
    if op == _BC_DEV_COND:
        return struct.unpack_from("=I", code, offset + 4)[0] == entry.ifindex
    if op == _BC_MARK_COND:
        mark, mask = struct.unpack_from("=II", code, offset + 4)
        return (entry.mark & mask) == mark
    if op == _BC_CGROUP_COND:
        return struct.unpack_from("=Q", code, offset + 4)[0] == entry.cgroup_id
    return True


def _kernel_hostcond(code, offset, op, entry):
    family, prefix_len, port = _HOSTCOND_HEAD.unpack_from(code, offset + 4)
    if port != -1 and port != (entry.sport if op == _BC_S_COND else entry.dport):
        return False
    addr = entry.saddr if op == _BC_S_COND else entry.daddr
    start = offset + 4 + _HOSTCOND_HEAD.size
    cond_addr = code[start:start + (16 if family == AF_INET6 else 4)]
    if family != AF_UNSPEC and family != entry.family:
        # Only an IPv4 rule meets an IPv4-mapped address of an IPv6 socket.
        return (entry.family == AF_INET6 and family == AF_INET and addr[:12] == _V4MAPPED
                and _bits_equal(addr[12:], cond_addr, prefix_len))
    if prefix_len == 0:
        return True
    return _bits_equal(addr, cond_addr, prefix_len)


# ---- reading the values: addresses, ports, devices, marks, cgroups ----------------------

_CANNOT_PARSE_ADDRESS = "Cannot parse dst/src address.\n"

_FAMILY_PREFIXES = (("unix:", AF_UNIX), ("link:", AF_PACKET), ("netlink:", AF_NETLINK),
                    ("vsock:", AF_VSOCK), ("inet:", AF_INET), ("inet6:", AF_INET6))


class _Context:
    """What parse_hostcond() reads and changes in ss's globals while parsing."""

    def __init__(self, env, preferred_family, tables, rpc_services=()):
        self.env = env
        self.rpc_services = rpc_services
        self.preferred_family = preferred_family or AF_UNSPEC
        self.tables = None if tables is None else set(tables)
        self.families = None
        self.new_preferred_family = None
        self._ephemeral = None

    # -- addresses and ports ------------------------------------------------------

    def parse_hostcond(self, word, is_port):
        """ss's parse_hostcond(): a _HostRule, or FilterError as ss reports it."""
        family = self.preferred_family
        text = word
        for prefix, prefix_family in _FAMILY_PREFIXES:
            if text.startswith(prefix):
                family = prefix_family
                text = text[len(prefix):]
                break
        rule = _HostRule()
        if family == AF_UNIX:
            rule.family = AF_UNIX
            rule.pattern = text
            rule.bitlen = 8 * len(text.encode("utf-8", "surrogateescape"))
        elif family == AF_PACKET:
            self._packet_rule(rule, text, is_port)
        elif family == AF_NETLINK:
            self._netlink_rule(rule, text, is_port)
        elif family == AF_VSOCK:
            self._vsock_rule(rule, text, is_port)
        else:
            self._inet_rule(rule, text, is_port, family)
        if family != AF_UNSPEC:
            # ss: families = only this one, and it becomes the preferred
            # family -- so later plain words are read in it too.
            self.families = family
            self.preferred_family = family
            self.new_preferred_family = family
        return rule

    def _packet_rule(self, rule, text, is_port):
        rule.family = AF_PACKET
        address, port = _find_port(text, is_port)
        if port is not None and port != "" and port != "*":
            value = get_integer(port)
            if value is None:
                value = _signed32(self.name_to_index(port))
                if value <= 0:
                    raise FilterError(_CANNOT_PARSE_ADDRESS, 1)
            rule.port = value
        if not is_port and address and address != "*":
            protocol = _ll_proto_a2n(address)
            if protocol is None:
                raise FilterError(_CANNOT_PARSE_ADDRESS, 1)
            rule.bitlen = 32
            rule.data = struct.pack("=I", protocol) + bytes(12)

    def _netlink_rule(self, rule, text, is_port):
        rule.family = AF_NETLINK
        address, port = _find_port(text, is_port)
        if port is not None and port != "" and port != "*":
            value = get_integer(port)
            if value is None:
                if port != "kernel":
                    raise FilterError(_CANNOT_PARSE_ADDRESS, 1)
                value = 0
            rule.port = value
        if not is_port and address and address != "*":
            protocol = _nl_proto_a2n(address)
            if protocol is None:
                raise FilterError(_CANNOT_PARSE_ADDRESS, 1)
            rule.bitlen = 32
            rule.data = struct.pack("=I", protocol) + bytes(12)

    def _vsock_rule(self, rule, text, is_port):
        rule.family = AF_VSOCK
        address, port = _find_port(text, is_port)
        if port is not None and port != "*":
            value = get_unsigned(port)
            if value is None:
                raise FilterError(_CANNOT_PARSE_ADDRESS, 1)
            rule.port = _signed32(value)
        cid = 0xFFFFFFFF
        if not is_port and address and address != "*":
            cid = get_unsigned(address)
            if cid is None:
                raise FilterError(_CANNOT_PARSE_ADDRESS, 1)
        # ss sets bitlen 32 and then overwrites the whole prefix with the CID
        # and bitlen 0: a vsock address never restricts anything.
        rule.bitlen = 0
        rule.data = struct.pack("=I", cid) + bytes(12)

    def _inet_rule(self, rule, text, is_port, family):
        address, port = _split_inet(text, is_port)
        if port and not port.startswith("*"):
            rule.port = self._port_number(port)
        if not is_port and address and not address.startswith("*"):
            prefix = get_prefix(address, family)
            if prefix is None:
                self._resolve(rule, address, family)
            else:
                rule.family, rule.bitlen, rule.data = prefix

    def _port_number(self, port):
        value = get_integer(port)
        if value is not None:
            return value
        numbers = []
        for protocol in ("udp", "tcp"):
            if self.tables is None or protocol in self.tables:
                number = self._service(port, protocol)
                if number is not None:
                    numbers.append(number)
        if len(numbers) == 2 and numbers[0] != numbers[1]:
            raise FilterError('Error: ambiguous port "%s".\n%s' % (port, _CANNOT_PARSE_ADDRESS), 1)
        if numbers:
            return numbers[0]
        found = self._rpc_port(port)
        if found > 0:
            return found
        raise FilterError('Error: "%s" does not look like a port.\n%s' % (port, _CANNOT_PARSE_ADDRESS),
                          1)

    def _rpc_port(self, name):
        """The port rpcbind gave the RPC program NAME ("rpc.nfs") in a table ss
        shows (udp, tcp), -1 when none; two different ports are ambiguous."""
        found = -1
        for port, protocol, rpc_name in self.rpc_services:
            if protocol in ("udp", "tcp") and (self.tables is None or protocol in self.tables) \
                    and rpc_name == name:
                if found > 0 and found != port:
                    raise FilterError('Error: ambiguous port "%s".\n%s' % (name, _CANNOT_PARSE_ADDRESS), 1)
                found = port
        return found

    def _service(self, name, protocol):
        try:
            return self.env.kernel.lookup("getservbyname", _getservbyname, name, protocol)
        except (OSError, KeyError):
            return None

    def _resolve(self, rule, address, family):
        """get_dns_host(): gethostbyname2() for IPv4 then IPv6 (or the one family)."""
        families = (AF_INET, AF_INET6) if family == AF_UNSPEC else (family,)
        found = []
        for wanted in families:
            try:
                answers = self.env.kernel.lookup("gethostbyname2", _gethostbyname2, address, wanted)
            except (OSError, KeyError):
                answers = []
            for text in answers or ():
                found.append(_packed_address(text))
        found = [item for item in found if item is not None]
        if not found:
            raise FilterError('Error: an inet prefix is expected rather than "%s".\n%s'
                              % (address, _CANNOT_PARSE_ADDRESS), 1)
        entries = [(fam, 8 * len(data), _pad16(data)) for fam, data in found]
        # ss links each new address right after the first one.
        rule.addresses = entries[:1] + entries[:0:-1]
        rule.family, rule.bitlen, rule.data = entries[0]

    # -- devices, marks, cgroups ---------------------------------------------------

    def name_to_index(self, name):
        """ll_name_to_index(): the interface's index, "ifN" as N, else 0."""
        try:
            index = self.env.kernel.lookup("if_nametoindex", _if_nametoindex, name)
        except (OSError, KeyError):
            index = 0
        if index:
            return index
        return _scan_if_number(name)

    def parse_device(self, word):
        index = self.name_to_index(word)
        if index == 0:
            index = get_unsigned(word)
            if index is None:
                raise FilterError("Cannot parse device.\n", 1)
        return _Device(index)

    def parse_mark(self, word):
        if "/" in word:
            mark, rest = _scanf_int(word)
            mask = None
            if mark is not None and rest.startswith("/"):
                mask, _ = _scanf_int(rest[1:])
            if mark is None or mask is None:
                raise FilterError("Cannot parse mark %s.\n" % word, 1)
        else:
            mark, _ = _scanf_int(word)
            mask = 0xFFFFFFFF
            if mark is None:
                raise FilterError("Cannot parse mark %s.\n" % word, 1)
        return _Mark(mark, mask)

    def parse_cgroup(self, word):
        try:
            cgroup_id, message = self.env.kernel.lookup("cgroup2_id", _cgroup2_id, word)
        except (OSError, KeyError) as err:
            cgroup_id, message = 0, "Failed to get cgroup2 ID: %s\n" % _strerror(err)
        if not cgroup_id:
            raise FilterError("%sCannot parse cgroup %s.\n" % (message or "", word), 1)
        return _Cgroup(cgroup_id)

    # -- the ephemeral port range (autobound) -----------------------------------------

    def is_ephemeral(self, port):
        if self._ephemeral is None:
            self._ephemeral = self._read_port_range()
        low, high = self._ephemeral
        return low <= port <= high

    def _read_port_range(self):
        environ = self.env.environ
        path = environ.get("PROC_IP_LOCAL_PORT_RANGE")
        if not path:
            path = (environ.get("PROC_ROOT") or "/proc") + "/sys/net/ipv4/ip_local_port_range"
        try:
            fields = self.env.kernel.read_text(path, "lines").split()
            return int(fields[0]), int(fields[1])
        except (OSError, ValueError, IndexError):
            return 1024, 4999  # ss's fallback


def _find_port(text, is_port):
    """ss's find_port() for link:/netlink:/vsock: -> (address, port or None)."""
    if is_port:
        if text.startswith(":"):
            return "", text[1:]
        return text, text
    colon = text.find(":")
    if colon < 0:
        return text, None
    return text[:colon], text[colon + 1:]


def _split_inet(text, is_port):
    """(address, port) of an inet word as parse_hostcond() cuts it: [ADDR]:PORT,
    *:PORT, ADDR:PORT (the last ':' after any '/'); for sport/dport the whole
    word is the port.  port is None or "" when there is none."""
    if text.startswith("["):
        inner = text[1:]
        close = inner.find("]")
        if close < 0:
            raise FilterError(_CANNOT_PARSE_ADDRESS, 1)
        address, port = inner[:close], inner[close + 1:]
        port_at = None  # the port is not inside the address string
    elif text.startswith("*"):
        address, port_at = text, 1
    else:
        slash = text.find("/")
        colon = text.rfind(":", max(slash, 0))
        address, port_at = text, (colon if colon >= 0 else None)
        port = None
    if is_port:
        port_at = 0
    if port_at is not None:
        port = address[port_at:]
    if port and port[0] == ":":
        # ss overwrites the ':' with a NUL, which also ends the address there.
        if port_at is not None:
            address = address[:port_at]
        port = port[1:]
    return address, port


def _getservbyname(name, protocol):
    import socket

    try:
        return socket.getservbyname(name, protocol)
    except (UnicodeError, ValueError):
        raise OSError("service/proto not found")


def _gethostbyname2(name, family):
    """gethostbyname2(name, family): the addresses as text ([] when none)."""
    import socket

    host = name.encode("utf-8", "surrogateescape")
    try:
        if family == AF_INET:
            return list(socket.gethostbyname_ex(host)[2])
        if family != AF_INET6:
            return []
        if "%" in name and _packed_address(name.split("%", 1)[0]) is not None:
            return []  # getaddrinfo() takes a scope (fe80::1%lo), gethostbyname2() does not
        answers = []
        for info in socket.getaddrinfo(host, None, socket.AF_INET6, socket.SOCK_STREAM):
            address = info[4][0]
            if address not in answers:
                answers.append(address)
        return answers
    except (OSError, UnicodeError, ValueError):
        return []


def _packed_address(text):
    import _socket

    family = AF_INET6 if ":" in text else AF_INET
    try:
        return family, _socket.inet_pton(family, text)
    except (OSError, ValueError):
        return None


def _if_nametoindex(name):
    import socket

    try:
        return socket.if_nametoindex(name)
    except (OSError, ValueError, UnicodeError):
        return 0


def _scan_if_number(name):
    """sscanf(name, "if%u"): ll_map's last resort for device names."""
    if not name.startswith("if"):
        return 0
    value, end = strtoul(name[2:], 10)
    if end == 0:
        return 0
    return value & 0xFFFFFFFF


def _cgroup2_id(path):
    """lib/fs.c get_cgroup2_id(): (id, None) or (0, the messages ss prints).

    ss asks name_to_handle_at() for an 8-byte file handle: first for the path
    as given, then relative to the cgroup2 mount.  On cgroup2 the handle is
    the cgroup id, which is also the directory's inode number, and that is
    what we read (os has no name_to_handle_at).
    """
    import os

    mounts = _read_mountinfo()
    cgroup_id = _handle_id(path, mounts)
    if cgroup_id:
        return cgroup_id, None
    relative = path.lstrip("/")
    if not relative:
        return 0, "Invalid cgroup2 path\n"
    if mounts is None:
        return 0, "Failed to open mounts file: No such file or directory\n"
    mount = next((point for point, fstype in mounts if fstype == "cgroup2"), None)
    if mount is None:
        return 0, "Failed to find cgroup2 mount\n"
    if not os.path.isdir(mount):
        return 0, "Failed to open cgroup2 mount\n"
    try:
        return os.lstat(os.path.join(mount, relative)).st_ino, None
    except OSError as err:
        return 0, "Failed to get cgroup2 ID: %s\n" % _strerror(err)


# Filesystems whose file handles fit ss's 8 bytes (kernfs for cgroup2; the
# 32-bit inode + generation of ext2/3/4 and xfs).  Others (tmpfs, btrfs,
# overlay, proc) refuse, and ss falls back to the cgroup2 mount.
_EIGHT_BYTE_HANDLES = ("cgroup2", "ext2", "ext3", "ext4", "xfs")


def _handle_id(path, mounts):
    import os

    try:
        inode = os.lstat(path).st_ino
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return 0
    best = ""
    best_type = None
    for point, fstype in mounts or ():
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fstype
    return inode if best_type in _EIGHT_BYTE_HANDLES else 0


def _read_mountinfo():
    """[(mount point, fstype)] from /proc/mounts, in its order (None if unreadable)."""
    try:
        with open("/proc/mounts", "rb") as mounts:
            text = mounts.read().decode("utf-8", "surrogateescape")
    except OSError:
        return None
    found = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            found.append((fields[1], fields[2]))
    return found


# ---- numbers as C reads them ------------------------------------------------------

_C_SPACE = " \t\n\v\f\r"
_LONG_MAX = (1 << 63) - 1
_ULONG_MAX = (1 << 64) - 1


def _digit_value(char):
    if "0" <= char <= "9":
        return ord(char) - 48
    if "a" <= char <= "z":
        return ord(char) - 87
    if "A" <= char <= "Z":
        return ord(char) - 55
    return 99


def _c_number(text, base):
    """(negative, magnitude, end) as strtol()/strtoul() read text; end 0: no digits."""
    i = 0
    n = len(text)
    while i < n and text[i] in _C_SPACE:
        i += 1
    negative = False
    if i < n and text[i] in "+-":
        negative = text[i] == "-"
        i += 1
    hex_prefix = (text[i:i + 1] == "0" and text[i + 1:i + 2] in ("x", "X")
                  and i + 2 < n and _digit_value(text[i + 2]) < 16)
    if base == 0:
        base = 16 if hex_prefix else (8 if text[i:i + 1] == "0" else 10)
    if base == 16 and hex_prefix:
        i += 2
    start = i
    value = 0
    while i < n and _digit_value(text[i]) < base:
        value = value * base + _digit_value(text[i])
        i += 1
    if i == start:
        return False, 0, 0
    return negative, value, i


def strtoul(text, base=0):
    """(value, end) of C's strtoul(): a minus sign wraps around, overflow
    gives ULONG_MAX; end 0 when there are no digits."""
    negative, magnitude, end = _c_number(text, base)
    if magnitude > _ULONG_MAX:
        return _ULONG_MAX, end
    if negative:
        return (-magnitude) & _ULONG_MAX, end
    return magnitude, end


def get_integer(text):
    """lib/utils.c get_integer(text, 0): a C int, or None."""
    if not text:
        return None
    negative, magnitude, end = _c_number(text, 0)
    if end == 0 or end != len(text):
        return None
    value = -magnitude if negative else magnitude
    if not -(1 << 31) <= value <= (1 << 31) - 1:
        return None
    return value


def get_unsigned(text, limit=0xFFFFFFFF):
    """lib/utils.c get_unsigned()/get_u32(text, 0): an unsigned int, or None."""
    if not text:
        return None
    value, end = strtoul(text, 0)
    if end == 0 or end != len(text) or value > limit:
        return None
    return value


def _scanf_int(text):
    """sscanf's %i: (value as a 32-bit unsigned, rest of text), or (None, text)."""
    negative, magnitude, end = _c_number(text, 0)
    if end == 0:
        return None, text
    value = -magnitude if negative else magnitude
    value = max(-_LONG_MAX - 1, min(_LONG_MAX, value))
    return value & 0xFFFFFFFF, text[end:]


def _get_addr_ipv4(text):
    """lib/utils.c get_addr_ipv4(): "10.8" is 10.8.0.0; each part read by strtoul."""
    parts = bytearray(4)
    rest = text
    for i in range(4):
        value, end = strtoul(rest, 0)
        if end == 0 or value > 255:
            return None
        parts[i] = value
        if end == len(rest):
            return bytes(parts)
        if i == 3 or rest[end] != ".":
            return None
        rest = rest[end + 1:]
    return None


def _get_addr(text, family):
    """lib/utils.c get_addr_1(): (family, bitlen, data16); bitlen -2: "any"."""
    if text == "default" or text in ("all", "any"):
        return family, -2, _ZERO16
    if ":" in text:
        if family not in (AF_UNSPEC, AF_INET6):
            return None
        import _socket

        try:
            return AF_INET6, -1, _socket.inet_pton(AF_INET6, text)
        except (OSError, ValueError, UnicodeError):
            return None
    if family not in (AF_UNSPEC, AF_INET):
        return None
    data = _get_addr_ipv4(text)
    if data is None:
        return None
    return AF_INET, -1, data + bytes(12)


def _mask_bits(data):
    """mask2bits() of a dotted netmask, or None when it is not contiguous."""
    mask = struct.unpack(">I", data[:4])[0]
    host = ~mask & 0xFFFFFFFF
    if host & ((host + 1) & 0xFFFFFFFF):
        return None
    return 32 - host.bit_length()


def _netmask(text):
    """lib/utils.c get_netmask(): a prefix length or a dotted netmask."""
    value = get_unsigned(text)
    if value is not None:
        return value
    parsed = _get_addr(text, AF_INET)
    if parsed is not None and parsed[0] == AF_INET:
        return _mask_bits(parsed[2])
    return None


def get_prefix(text, family):
    """lib/utils.c get_prefix_1(): (family, bitlen, data16) or None."""
    slash = text.find("/")
    parsed = _get_addr(text if slash < 0 else text[:slash], family)
    if parsed is None:
        return None
    found_family, bitlen, data = parsed
    max_bits = {AF_INET: 32, AF_INET6: 128}.get(found_family, 0)
    if slash >= 0:
        if bitlen == -2:
            return None
        plen = _netmask(text[slash + 1:])
        if plen is None or plen > max_bits:
            return None
        return found_family, plen, data
    return found_family, 0 if bitlen == -2 else max_bits, data


# ---- link-layer and netlink protocol names ---------------------------------------------

_LL_PROTOCOLS = (
    ("loop", 0x0060), ("pup", 0x0200), ("pupat", 0x0201), ("ip", 0x0800), ("x25", 0x0805),
    ("arp", 0x0806), ("bpq", 0x08FF), ("ieeepup", 0x0A00), ("ieeepupat", 0x0A01),
    ("dec", 0x6000), ("dna_dl", 0x6001), ("dna_rc", 0x6002), ("dna_rt", 0x6003),
    ("lat", 0x6004), ("diag", 0x6005), ("cust", 0x6006), ("sca", 0x6007), ("rarp", 0x8035),
    ("atalk", 0x809B), ("aarp", 0x80F3), ("ipx", 0x8137), ("ipv6", 0x86DD),
    ("ppp_disc", 0x8863), ("ppp_ses", 0x8864), ("atmmpoa", 0x884C), ("atmfate", 0x8884),
    ("802_3", 0x0001), ("ax25", 0x0002), ("all", 0x0003), ("802_2", 0x0004), ("snap", 0x0005),
    ("ddcmp", 0x0006), ("wan_ppp", 0x0007), ("ppp_mp", 0x0008), ("localtalk", 0x0009),
    ("can", 0x000C), ("ppptalk", 0x0010), ("tr_802_2", 0x0011), ("mobitex", 0x0015),
    ("control", 0x0016), ("irda", 0x0017), ("econet", 0x0018), ("tipc", 0x88CA),
    ("profinet", 0x8892), ("aoe", 0x88A2), ("ethercat", 0x88A4), ("802.1q", 0x8100),
    ("802.1ad", 0x88A8), ("mpls_uc", 0x8847), ("mpls_mc", 0x8848), ("teb", 0x6558),
    ("lldp", 0x88CC), ("ipv4", 0x0800),
)

_NL_PROTOCOLS = ("rtnl", "unused", "usersock", "fw", "tcpdiag", "nflog", "xfrm", "selinux",
                 "iscsi", "audit", "fiblookup", "connector", "nft", "ip6fw", "dec-rt", "uevent",
                 "genl", None, "scsi-trans", "ecryptfs", "rdma", "crypto")


def _ll_proto_a2n(text):
    """ll_proto_a2n(): an ethertype by name (any case) or number."""
    key = _ascii_lower(text)
    for name, number in _LL_PROTOCOLS:
        if name == key:
            return number
    return get_unsigned(text, 0xFFFF)


def _nl_proto_a2n(text):
    """nl_proto_a2n(): a netlink protocol by name (exact case) or number 0-255."""
    if text in _NL_PROTOCOLS:
        return _NL_PROTOCOLS.index(text)
    return get_unsigned(text, 255)
