"""whois.c's handle_query() and the readers of replies: connect, send one
line, print the reply line by line, follow the referral it holds.

One query, as 5.5.17 runs it:
  1. the server word: -p given -> kept whole; a control code -> kept; else
     split_server_port() ("host:port", "[v6]:port", lower-cased host);
  2. a control code is acted on: a message (exit 1), or a thin registry
     (\\x04 Verisign, \\x08 Afilias) or IANA (-I) asked first, its reply
     printed and its "Registrar WHOIS Server:" / "refer:" line taken as the
     server to ask next; 6to4, Teredo, in-addr.arpa, ip6.arpa queries are
     turned into an IPv4/IPv6 address and the server chosen again;
  3. the query string (querystring.py), printed with --verbose;
  4. openconn(): alarm(60), getaddrinfo(host, port or "nicname"), each
     address tried (10 s for all but the last), "QUERY\\r\\n" written;
  5. the reply read with fgets() into 2000 bytes: a line longer than 1999
     bytes comes out in pieces, each ending in a newline; a piece stops at
     its first NUL, and is cut at its first CR or LF; -H drops disclaimers;
  6. a referral ("ReferralServer: whois://host", "% referto: whois -h H -p
     P ...") is followed, after "\\n\\nFound a referral to X.\\n\\n", unless
     --no-recursion or the query has a space.  5.5.17 follows referrals for
     ever; ours stops after MAX_REFERRALS with a message (a loop between two
     servers must not hang).

Every socket call goes through the socket seam (netio.py) and the name
lookup through the kernel seam: `PYNETTOOLS_TRACE=1 whois example.com`
shows each server asked and the bytes sent.
"""
from pynettools.kernel.netio import POLLOUT
from pynettools.tools.whois import choose, querystring, recode, servers

DEFAULT_SERVER = "whois.arin.net"
MAX_REFERRALS = 64
LINE_MAX = 1999          # fgets(buf, 2000, ...)
READ_SIZE = 65536

HIDE_TO_THE_END = -3
HIDE_DISABLED = -2
HIDE_NOT_STARTED = -1

# control codes: turned into an address and chosen again; answered with a message
_CONVERTED = ("\x0a", "\x0b", "\x0c", "\x0d")
_MESSAGES = {"\x01": None, "\x03": "This TLD has no whois server.",
             "\x05": "No whois server is known for this kind of object.",
             "\x06": "Unknown AS number or IP network. Please upgrade this program."}

_HIDE = tuple((first.encode("latin-1"), None if last is None else last.encode("latin-1"))
              for first, last in servers.HIDE_STRINGS)

class Fatal(Exception):
    """err_quit()/err_sys(): the message for stderr; exit 2."""


class Engine:
    def __init__(self, opts, kernel, calls, stdout, environ, utf8_out, catalogues=None):
        self.opts = opts
        self.catalogues = catalogues
        self.tr = catalogues.tr if catalogues else _same
        self.libc = catalogues.libc if catalogues else _same
        self.kernel = kernel
        self.calls = calls
        self.stdout = stdout
        self.environ = environ
        self.utf8_out = utf8_out
        self.charset = querystring.Charset()
        self.hide_discl = HIDE_NOT_STARTED if opts.hide else HIDE_DISABLED
        self.referrals = 0
        self.sock = None
        self._out = []  # printed lines not written yet (bytes)

    def say(self, text):
        self.stdout.write(text)

    # ---- handle_query() ---------------------------------------------------------

    def handle_query(self, hserver, hport, query):
        """handle_query(): 0, or 1 for the messages and a registry that
        names no next server; errors raise Fatal (exit 2)."""
        server, port = self._server_and_port(hserver, hport)
        while server[:1] in _CONVERTED:  # whois.c's "retry:": an address in the query, chosen again
            server, query = self._converted(server[:1], query)
        code = server[:1]
        if code in _MESSAGES:
            self.say(self._message(code, server))
            return 1
        if code == "":
            server = self.environ.get("WHOIS_SERVER", DEFAULT_SERVER)
        elif code in ("\x04", "\x08", "\x0e"):
            server = self._ask_registry_first(code, server, query)
        if server is None:
            return 1
        if server == "":
            return 0
        referral = self._ask(server, port, query)
        if not self.opts.no_recursion and referral is not None and " " not in query:
            self._follow(referral, query)
        return 0

    def _server_and_port(self, hserver, hport):
        if hport is not None:  # -p: the server word is taken whole, case and all
            return hserver, hport
        if hserver[:1] < " ":  # a control code (or "")
            return hserver, None
        return split_server_port(hserver)

    def _converted(self, code, query):
        """6to4 and Teredo addresses (with a message), in-addr.arpa and
        ip6.arpa names: (the server chosen for the address, the new query;
        the arpa names keep their query)."""
        if code in ("\x0c", "\x0d"):
            address = choose.convert_inaddr(query) if code == "\x0c" else choose.convert_in6arpa(query)
            return choose.guess_server(address), query
        address = choose.convert_6to4(query) if code == "\x0a" else choose.convert_teredo(query)
        self.say(self.tr("\nQuerying for the IPv4 endpoint %%s of a %s IPv6 address.\n\n"
                         % ("6to4" if code == "\x0a" else "Teredo")) % address)
        return choose.guess_server(address), address

    def _message(self, code, server):
        if code == "\x01":
            return "%s\n%s\n" % (self.tr("This TLD has no whois server, but you can access the whois database at"),
                                 server[1:])
        return self.tr(_MESSAGES[code]) + "\n"

    def _ask_registry_first(self, code, server, query):
        """A thin registry (Verisign, Afilias-style) or IANA (-I), whose
        reply names the next server: that name, "" (nothing more to ask) or
        None (no name: exit 1)."""
        name = "whois.iana.org" if code == "\x0e" else server[1:]
        self._verbose_server(name)
        fd = self.openconn(name, None)
        if code == "\x0e":
            return self.query_iana(fd, query)  # IANA's referral is followed even with --no-recursion
        found = self.query_crsnic(fd, query) if code == "\x04" else self.query_afilias(fd, query)
        if self.opts.no_recursion:
            if found is None:
                # 5.5.17 writes "" into the referral it did not get (a NULL
                # pointer) and dies by SIGSEGV, what stdout held unflushed lost
                from pynettools.runtime import Crashed

                raise Crashed()
            return ""
        return found

    def _ask(self, server, port, query):
        """queryformat(), --verbose's lines, the query and its reply: the referral in it, or None."""
        qstring = querystring.queryformat(server, self.opts.flags, query, self.opts.client_tag, self.charset,
                                          self.environ, lambda text: self.say(self.tr(text) + "\n"))
        if self.opts.verbose:
            self.say(self.tr("Using server %s.\n") % server + self.tr("Query string: \"%s\"\n\n") % qstring)
        fd = self.openconn(server, port)
        return self.do_query(fd, qstring)

    def _follow(self, referral, query):
        self.referrals += 1
        if self.referrals > MAX_REFERRALS:
            raise Fatal("Too many referrals (more than %d): not following the one to %s."
                        % (MAX_REFERRALS, referral))
        self.say(self.tr("\n\nFound a referral to %s.\n\n") % referral)
        self.handle_query(referral, None, query)  # its status is not ours: 5.5.17 ignores it

    def _verbose_server(self, name):
        if self.opts.verbose:
            self.say(self.tr("Using server %s.\n") % name)

    # ---- openconn() -------------------------------------------------------------

    def openconn(self, server, port):
        calls = self.calls
        calls.alarm(60)
        found = self.kernel.lookup("getaddrinfo", _getaddrinfo, server, port or "nicname")
        if found[0] != "ok":
            raise Fatal("getaddrinfo(%s): %s" % (server, self.libc(found[1])))
        addresses = found[1]
        error = 0
        for i, (family, kind, proto, address) in enumerate(addresses):
            timeout = 0 if i == len(addresses) - 1 else 10
            try:
                fd = calls.socket(family, kind, proto)
            except OSError as err:
                error = err.errno
                continue
            error = self._connect(fd, tuple(address), timeout)
            if error == 0:
                self.sock = fd
                return fd
            calls.close(fd)
        raise Fatal("connect: %s" % self.libc(_strerror(error)))

    def _connect(self, fd, address, timeout):
        """connect_with_timeout(): 0, or the errno it failed with."""
        calls = self.calls
        if timeout <= 0:
            return calls.connect(fd, address)
        calls.set_blocking(fd, False)
        error = calls.connect(fd, address)
        calls.set_blocking(fd, True)
        if error == 0 or error != 115:  # EINPROGRESS
            return error
        ready = calls.poll([(fd, POLLOUT)], timeout * 1000)
        if not ready[0]:
            return 110  # ETIMEDOUT
        return calls.getsockopt(fd, 1, 4)  # SOL_SOCKET, SO_ERROR

    # ---- the readers --------------------------------------------------------------

    def _send(self, fd, text):
        if self.kernel.trace_to is not None:  # the teaching view: what each server is asked
            self.kernel._trace_if("whois query on fd %d: %r", fd, text)
        data = (text + "\r\n").encode("utf-8", "surrogateescape")
        try:
            self.calls.write(fd, data)
        except OSError as err:
            raise Fatal("write: %s" % self.libc(_strerror(err.errno)))

    def _lines(self, fd):
        """fgets()'s pieces of the reply, as C strings (cut at a NUL)."""
        calls = self.calls
        pending = b""
        while True:
            self._flush_out()
            try:
                data = calls.read(fd, READ_SIZE)
            except OSError as err:
                self._flush_fd(fd)
                raise Fatal("fgets: %s" % self.libc(_strerror(err.errno)))
            if not data:
                break
            pending += data
            start = 0
            while True:
                newline = pending.find(b"\n", start, start + LINE_MAX)
                if newline >= 0:
                    end = newline + 1
                elif len(pending) - start >= LINE_MAX:
                    end = start + LINE_MAX
                else:
                    break
                yield _c_string(pending[start:end])
                start = end
            pending = pending[start:]
        if pending:
            yield _c_string(pending)
        self._flush_out()
        calls.close(fd)
        self.sock = None

    def _flush_fd(self, fd):
        self.calls.close(fd)
        self.sock = None

    def _print(self, line):
        """Cut at the first CR or LF, recode, print with a newline.  (A piece
        holds a LF only at its end.)  Printed lines wait in self._out until
        the next read: one write per read of the socket."""
        cut = line.find(b"\r")
        if cut >= 0:
            line = line[:cut]
        elif line[-1:] == b"\n":
            line = line[:-1]
        if self.charset.name is not None:
            self.charset.opened = True
            line = recode.recode(line, self.charset, self.utf8_out)
        self._out.append(line)

    def _flush_out(self):
        if self._out:
            self._out.append(b"")
            self.stdout.write(b"\n".join(self._out).decode("utf-8", "surrogateescape"))
            self._out = []

    def do_query(self, fd, qstring):
        self._send(fd, qstring)
        hide = [self.hide_discl]
        referral = None
        hiding = hide[0] != HIDE_DISABLED
        for line in self._lines(fd):
            if referral is None and line[:1] in (b"%", b"R"):
                if line.startswith(b"% referto:"):
                    referral = _referto(line)
                elif line.startswith(b"ReferralServer:"):
                    referral = _referral_server(line)
            if hiding and hide_line(hide, line):
                continue
            self._print(line)
        _check_hidden(hide[0], self.tr)
        return referral

    def query_crsnic(self, fd, query):
        self._send(fd, querystring.crsnic_query(query))
        hide = [self.hide_discl]
        referral = None
        state = 0
        for line in self._lines(fd):
            if state == 0 and line.startswith(b"   Domain Name:"):
                state = 1
            if state == 0 and line.startswith(b"   Server Name:"):
                referral = ""
                state = 2
            if state == 1 and line.startswith(b"   Registrar WHOIS Server:"):
                referral = _value_after_colon(line)
                state = 2
            if hide_line(hide, line):
                continue
            self._print(line)
        return referral

    def query_afilias(self, fd, query):
        self._send(fd, query)
        hide = [self.hide_discl]
        referral = None
        state = 0
        for line in self._lines(fd):
            if state == 0 and line.startswith(b"Domain Name:"):
                state = 1
            if state == 1 and line.startswith(b"Registrar WHOIS Server:"):
                referral = _value_after_colon(line)
                state = 2
            if hide_line(hide, line):
                continue
            self._print(line)
        _check_hidden(hide[0], self.tr)
        return referral

    def query_iana(self, fd, query):
        self._send(fd, query)
        referral = None
        for line in self._lines(fd):
            if referral is None and line.startswith(b"refer:"):
                referral = _value_after_colon(line)
            self._print(line)
        return referral


# ---- pieces of the readers -----------------------------------------------------------

def _c_string(piece):
    nul = piece.find(b"\0")
    return piece if nul < 0 else piece[:nul]


def _first_of(data, chars):
    """strpbrk(): the index of the first byte of `chars` in data, or -1."""
    best = -1
    for c in chars:
        i = data.find(bytes((c,)))
        if i >= 0 and (best < 0 or i < best):
            best = i
    return best


def _text(data):
    return data.decode("utf-8", "surrogateescape")


def _value_after_colon(line):
    """"Name: value": what follows the colon and its spaces, up to the first
    CR, LF or space."""
    p = line.index(b":") + 1
    while p < len(line) and line[p:p + 1] == b" ":
        p += 1
    value = line[p:]
    cut = _first_of(value, b"\r\n ")
    return _text(value if cut < 0 else value[:cut])


def _referral_server(line):
    """ARIN's "ReferralServer: rwhois://host:port/" or "whois://host"."""
    for scheme in (b"rwhois://", b"whois://"):
        at = line.find(scheme)
        if at >= 0:
            value = line[at + len(scheme):]
            cut = _first_of(value, b"/\r\n")
            return _text(value if cut < 0 else value[:cut])
    return None


_SPACE = b" \t\n\v\f\r"  # scanf's white space (isspace in the C locale)


def _skip_space(line, i):
    while i < len(line) and line[i] in _SPACE:
        i += 1
    return i


def _word(line, i, width):
    """scanf's %Ns: spaces skipped, then up to `width` non-space bytes."""
    i = _skip_space(line, i)
    start = i
    while i < len(line) and i - start < width and line[i] not in _SPACE:
        i += 1
    return (line[start:i], i) if i > start else (None, i)


def _referto(line):
    """sscanf(line, "%% referto: whois -h %255s -p %15s %1021[^\\n\\r]") == 3:
    "host:port" (the new query it names is ignored, as 5.5.17 does)."""
    i = 1  # "%%" is the '%' already matched by the caller's prefix test
    for literal in (b"referto:", b"whois", b"-h"):
        i = _skip_space(line, i)
        if line[i:i + len(literal)] != literal:
            return None
        i += len(literal)
    host, i = _word(line, i, 255)
    if host is None:
        return None
    i = _skip_space(line, i)
    if line[i:i + 2] != b"-p":
        return None
    port, i = _word(line, i + 2, 15)
    if port is None:
        return None
    i = _skip_space(line, i)
    if i >= len(line) or line[i:i + 1] in (b"\n", b"\r"):
        return None
    return "%s:%s" % (_text(host), _text(port))


def hide_line(state, line):
    """hide_line(): True to drop `line`.  state[0] is -3 (hiding to the end),
    -2 (disabled), -1 (looking for a disclaimer) or the index of the
    disclaimer being hidden until its last line (or a blank line)."""
    hiding = state[0]
    if hiding == HIDE_TO_THE_END:
        return True
    if hiding == HIDE_DISABLED:
        return False
    if hiding == HIDE_NOT_STARTED:
        for i, (first, last) in enumerate(_HIDE):
            if line.startswith(first):
                state[0] = HIDE_TO_THE_END if last is None else i
                return True
        return False
    last = _HIDE[hiding][1]
    if last == b"":
        if line[:1] in (b"\n", b"\r", b""):
            state[0] = HIDE_NOT_STARTED
            return False
    elif line.startswith(last):
        state[0] = HIDE_NOT_STARTED
        return True
    return True


def _check_hidden(hiding, tr):
    if hiding > HIDE_NOT_STARTED:
        raise Fatal(tr("Catastrophic error: disclaimer text has been changed.\nPlease upgrade this program.\n"))


def _same(text):
    return text


def split_server_port(text):
    """split_server_port(): (host lower-cased, port or None)."""
    port = None
    if text.startswith("[") and "]" in text:
        close = text.index("]")
        host = text[1:close]
        colon = text.find(":", close)
        if colon >= 0 and colon + 1 < len(text):
            port = text[colon + 1:]
    elif ":" in text and ":" in text[text.index(":") + 1:]:
        host = text
    elif ":" in text:
        colon = text.index(":")
        host = text[:colon]
        if colon + 1 < len(text):
            port = text[colon + 1:]
    else:
        host = text
    return choose.lower(host), port


def _strerror(code):
    import os

    return os.strerror(code)


def _getaddrinfo(host, port):
    """getaddrinfo(host, port, AF_UNSPEC, SOCK_STREAM, AI_ADDRCONFIG | AI_IDN):
    ["ok", [[family, type, proto, address], ...]] or ["error", message], as
    err_quit()/err_sys() would word it.  The host goes down as bytes so that
    glibc, not Python's IDNA 2003 codec, converts it (AI_IDN)."""
    import _socket  # not socket.py: its enum and selectors cost ~12 ms, a third of a query

    raw = host.encode("utf-8", "surrogateescape")
    try:
        infos = _socket.getaddrinfo(raw, port, 0, _socket.SOCK_STREAM, 0, _socket.AI_ADDRCONFIG | 0x40)
    except _socket.gaierror as err:
        return ["error", err.strerror]
    except OSError as err:  # EAI_SYSTEM: Python raises the errno itself
        return ["error", err.strerror or _strerror(err.errno or 0)]
    except UnicodeError:
        return ["error", "Name or service not known"]
    return ["ok", [[int(family), int(kind), proto, list(address)] for family, kind, proto, _, address in infos]]
