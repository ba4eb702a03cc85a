"""nc: netcat-openbsd 1.219 as Debian 12 builds it (its patches: -q, -N, -b,
-C, -Z (DCCP), port lists, unix datagram clients; TLS left out).

How it is put together (netcat.c's own layout):
  __init__.py  the command line and main(): which of the four modes runs
               (listen, unix client, inet client over a port list, proxy)
  connect.py   opening sockets: connect with -w, listen, unix paths, options
  relay.py     readwrite(): the poll loop between stdin/stdout and the socket
  proxy.py     SOCKS 4/5 and HTTP CONNECT (-X, -x, -P)
  ports.py     strtonum(), port lists and ranges, -T keywords

Every socket call, poll, and read or write of a descriptor goes through
the socket seam (pynettools/kernel/netio.py); every name lookup
(getaddrinfo, getnameinfo, services) through the kernel seam's lookups.
No pyroute2, no dnspython: plain sockets and poll(), imported when used, so
`nc -z -w 1 host port` starts about as fast as Python itself.
"""
import os

from pynettools.tools.nc import ports as _ports

VERSION = "1.219-1"
OPTSTRING = "46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz"

USAGE = (
    "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
    "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
    "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
    "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
    "\t  [destination] [port]\n"
)

# (option, argument, what it does): the help's command summary, in its order.
SUMMARY = (
    ("-4", "", "Use IPv4"), ("-6", "", "Use IPv6"), ("-b", "", "Allow broadcast"),
    ("-C", "", "Send CRLF as line-ending"), ("-D", "", "Enable the debug socket option"),
    ("-d", "", "Detach from stdin"), ("-F", "", "Pass socket fd"), ("-h", "", "This help text"),
    ("-I", "length", "TCP receive buffer length"),
    ("-i", "interval", "Delay interval for lines sent, ports scanned"),
    ("-k", "", "Keep inbound sockets open for multiple connects"),
    ("-l", "", "Listen mode, for inbound connects"), ("-M", "ttl", "Outgoing TTL / Hop Limit"),
    ("-m", "minttl", "Minimum incoming TTL / Hop Limit"),
    ("-N", "", "Shutdown the network socket after EOF on stdin"),
    ("-n", "", "Suppress name/port resolutions"), ("-O", "length", "TCP send buffer length"),
    ("-P", "proxyuser", "Username for proxy authentication"),
    ("-p", "port", "Specify local port for remote connects"),
    ("-q", "secs", "quit after EOF on stdin and delay of secs"),
    ("-r", "", "Randomize remote ports"), ("-S", "", "Enable the TCP MD5 signature option"),
    ("-s", "sourceaddr", "Local source address"), ("-T", "keyword", "TOS value"),
    ("-t", "", "Answer TELNET negotiation"), ("-U", "", "Use UNIX domain socket"),
    ("-u", "", "UDP mode"), ("-V", "rtable", "Specify alternate routing table"), ("-v", "", "Verbose"),
    ("-W", "recvlimit", "Terminate after receiving a number of packets"),
    ("-w", "timeout", "Timeout for connects and final net reads"),
    ("-X", "proto", "Proxy protocol: \"4\", \"5\" (SOCKS) or \"connect\""),
    ("-x", "addr[:port]", "Specify proxy address and port"), ("-Z", "", "DCCP mode"),
    ("-z", "", "Zero-I/O mode [used for scanning]"),
)


def _help_text():
    """help()'s command summary.  The C source writes it as one string whose
    lines are continued with a backslash, so each line's own leading tab is
    part of the text: two tabs before each option, then tabs to column 32."""
    lines = ["\tCommand Summary:\n"]
    for option, argument, text in SUMMARY:
        head = option + (" " + argument if argument else "")
        lines.append("\t\t%s%s%s\n" % (head, "\t\t" if len(head) < 8 else "\t", text))
    lines.append("\tPort numbers can be individual or ranges: lo-hi [inclusive]\n")
    return "".join(lines)


def __getattr__(name):
    """SPEC (for pynettools.docgen) lives in spec.py, loaded only when asked for."""
    if name == "SPEC":
        from pynettools.tools.nc.spec import SPEC

        return SPEC
    raise AttributeError(name)


class Exit(Exception):
    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


class Nc:
    """netcat.c's globals, and its err()/warn() family."""

    def __init__(self, env, argv0):
        from pynettools.kernel.netio import calls_for

        self.env = env
        self.kernel = env.kernel
        self.calls = calls_for(env.kernel, env.stdout)
        self.progname = os.path.basename(argv0) or argv0
        for flag in "bdFklNnrtuvzDCUZ":
            setattr(self, flag + "flag", False)
        self.dccpflag = False
        self.iflag = 0
        self.Iflag = self.Oflag = 0
        self.Pflag = self.pflag = self.sflag = None
        self.qflag = -1
        self.Tflag = -1
        self.ttl = self.minttl = -1
        self.timeout = -1
        self.recvlimit = self.recvcount = 0
        self.family = 0
        self.md5sig_password = None
        self.unix_dg_tmp_socket = None
        self.xflag = False
        self.proxy = None
        self.socksv = 5

    # ---- messages (stderr is unbuffered in C: each one goes out at once) ----

    def message(self, text):
        self.env.stderr.write(text)
        self.env.stderr.flush()

    def errx(self, text, status=1):
        self.message("%s: %s\n" % (self.progname, text))
        raise Exit(status)

    def err(self, text, code, status=1):
        self.warn(text, code)
        raise Exit(status)

    def warn(self, text, code):
        if text is None:
            self.message("%s: %s\n" % (self.progname, os.strerror(code)))
        else:
            self.message("%s: %s: %s\n" % (self.progname, text, os.strerror(code)))

    def warnx(self, text):
        self.message("%s: %s\n" % (self.progname, text))

    def usage(self, status):
        self.message(USAGE)
        if status:
            raise Exit(status)

    # ---- lookups, through the kernel seam -------------------------------------

    def getaddrinfo(self, host, port, hints):
        return self.kernel.lookup("getaddrinfo", _getaddrinfo, host, port, hints.family, hints.socktype,
                                  hints.protocol, hints.flags)

    def getnameinfo(self, address, flags):
        return self.kernel.lookup("getnameinfo", _getnameinfo, address, flags)

    def service_port(self, name):
        from pynettools.tools.nc.connect import proto_name

        return self.kernel.lookup("getservbyname", _getservbyname, name, proto_name(self))

    def service_name(self, port, proto):
        return self.kernel.lookup("getservbyport", _getservbyport, port, proto)

    def read_passphrase(self, prompt, size):
        """readpassphrase(RPP_REQUIRE_TTY): bytes typed at /dev/tty, or None without one."""
        answer = self.kernel.lookup("readpassphrase", _read_passphrase, prompt, size)
        return None if answer is None else answer.encode("utf-8", "surrogateescape")


# The lookups use _socket, not socket.py (see kernel/netio.py LiveCalls).

def _getaddrinfo(host, port, family, socktype, protocol, flags):
    import _socket as socket

    # bytes, not str: Python would IDNA-encode a str host, which C does not
    raw = host.encode("utf-8", "surrogateescape") if host is not None else None
    return [(int(f), int(t), int(p), canon, address)
            for f, t, p, canon, address in socket.getaddrinfo(raw, port, family, socktype, protocol, flags)]


def _getnameinfo(address, flags):
    import _socket as socket

    # Python always asks for the service too (C's nc passes no buffer for it
    # when it wants the address alone): without NI_NUMERICSERV glibc would
    # read /etc/services on every call.  Every caller wants the port as a
    # number or not at all.
    return socket.getnameinfo(address, flags | 2)  # NI_NUMERICSERV


def _getservbyname(name, proto):
    import _socket as socket

    try:
        return socket.getservbyname(name, proto)
    except (OSError, UnicodeError, ValueError):
        return None


def _getservbyport(port, proto):
    import _socket as socket

    try:
        return socket.getservbyport(port, proto)
    except (OSError, OverflowError):
        return None


def _read_passphrase(prompt, size):
    try:
        tty = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return None
    import termios

    try:
        saved = termios.tcgetattr(tty)
        quiet = list(saved)
        quiet[3] &= ~termios.ECHO
        os.write(tty, prompt.encode())
        termios.tcsetattr(tty, termios.TCSAFLUSH, quiet)
        try:
            line = b""
            while not line.endswith(b"\n"):
                chunk = os.read(tty, 1)
                if not chunk:
                    break
                line += chunk
        finally:
            termios.tcsetattr(tty, termios.TCSAFLUSH, saved)
            os.write(tty, b"\n")
        return line.rstrip(b"\n")[:size - 1].decode("utf-8", "surrogateescape")
    finally:
        os.close(tty)


# ---- the program --------------------------------------------------------------

def main(argv, env):
    nc = Nc(env, argv[0])
    if nc.calls.mode != "replay":
        import _signal  # not signal.py: it imports enum, ~4 ms

        _signal.signal(_signal.SIGPIPE, _signal.SIG_IGN)  # nc: a closed peer is EPIPE, not death
    from pynettools.kernel.netio import Interrupted

    try:
        operands = _parse_options(nc, argv)
        return _run(nc, operands)
    except Exit as done:
        return done.status
    except Interrupted:
        return 0  # -q N: the alarm's handler calls exit(0)


def _parse_options(nc, argv):
    from pynettools.getopt import Getopt

    options = Getopt(argv, OPTSTRING, None, nc.env.stderr, nc.env.environ)
    for option, value in options:
        _option(nc, option, value)
    return options.operands


def _option(nc, option, value):
    from pynettools.tools.nc.connect import AF_INET, AF_INET6, AF_UNIX

    if option == "4":
        nc.family = AF_INET
    elif option == "6":
        nc.family = AF_INET6
    elif option == "U":
        nc.family = AF_UNIX
    elif option == "X":
        if value.lower() == "connect":
            nc.socksv = -1
        elif value in ("4", "5"):
            nc.socksv = int(value)
        else:
            nc.errx("unsupported proxy protocol")
    elif option == "h":
        nc.message("OpenBSD netcat (Debian patchlevel %s)\n" % VERSION)
        nc.message(USAGE)
        nc.message(_help_text())
        raise Exit(0)
    elif option in _NUMBERS:
        _numeric_option(nc, option, value)
    elif option in _FLAGS:
        setattr(nc, _FLAGS[option], True)
    elif option in "Pps":
        setattr(nc, option + "flag", value)
    elif option == "x":
        nc.xflag = True
        nc.proxy = value
    elif option == "S":
        password = nc.read_passphrase("TCP MD5SIG password: ", 80)
        if password is None:
            nc.errx("Unable to read TCP MD5SIG password")
        nc.md5sig_password = password
    elif option == "T":
        tos = _ports.tos_value(value)
        if tos is None:
            nc.errx("illegal tos value %s" % value)
        nc.Tflag = tos
    elif option == "V":
        nc.errx("no alternate routing table support available")
    else:  # "?": getopt has said what was wrong
        nc.usage(1)


_FLAGS = {"b": "bflag", "C": "Cflag", "d": "dflag", "F": "Fflag", "k": "kflag", "l": "lflag",
          "N": "Nflag", "n": "nflag", "r": "rflag", "t": "tflag", "u": "uflag", "Z": "dccpflag",
          "v": "vflag", "z": "zflag", "D": "Dflag"}

# option: (low, high, message), strtonum()'s bounds and nc's words for a bad value
_NUMBERS = {
    "i": (0, _ports.UINT_MAX, "interval %s: %s"),
    "M": (0, 255, "ttl is %s"),
    "m": (0, 255, "minttl is %s"),
    "q": (_ports.INT_MIN, _ports.INT_MAX, "quit timer %s: %s"),
    "W": (1, _ports.INT_MAX, "receive limit %s: %s"),
    "w": (0, _ports.INT_MAX // 1000, "timeout %s: %s"),
    "I": (1, 65536 << 14, "TCP receive window %s: %s"),
    "O": (1, 65536 << 14, "TCP send window %s: %s"),
}


def _numeric_option(nc, option, value):
    low, high, what = _NUMBERS[option]
    number, error = _ports.strtonum(value, low, high)
    if error:
        nc.errx(what % error if what.count("%s") == 1 else what % (error, value))
    if option == "i":
        nc.iflag = number
    elif option == "M":
        nc.ttl = number
    elif option == "m":
        nc.minttl = number
    elif option == "q":
        nc.qflag = number
        if number >= 0:
            nc.Nflag = True  # Debian: -q implies shutting the socket down at EOF
    elif option == "W":
        nc.recvlimit = number
    elif option == "w":
        nc.timeout = number * 1000
    elif option == "I":
        nc.Iflag = number
    else:
        nc.Oflag = number


def _run(nc, operands):
    from pynettools.tools.nc import modes

    return modes.run(nc, operands)
