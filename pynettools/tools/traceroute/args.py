"""traceroute's command line, as traceroute 2.1.2 (Debian 1:2.1.2-1) reads it,
with no network and nothing printed.

parse(argv, environ, resolver) returns a TracerouteArgs record of every
setting main() has once the command line is read: the options, the
destination and source addresses, the method ("module") and its -O options,
and the values main() derives before it opens a socket (probes in flight,
packet length).  When traceroute would stop instead -- a usage error, an
out-of-range value, --help, -V, -O help -- parse() raises TracerouteExit with
exactly what traceroute writes (all of it on standard error) and its exit
status.

How traceroute reads its command line (libsupp/clif.c, "CLIF", not getopt):
  * The name it is called by comes first: a name ending in "6" means -6, in
    "4" means -4; a name starting with "tcp" (tcptraceroute) means -T, with
    "tracert" means -I.  No words at all print the --help text (exit 0).
  * Words are read left to right, each option's handler runs at once, in
    order: "-s NAME" resolves NAME when it is met, with the address family
    known at that moment; -V, --help and "-O help" print and exit 0 there and
    then, so "-q 0 -V" prints the version.  Operands ("host", "packetlen")
    are handled only after every option.  Options and operands mix freely,
    unless POSIXLY_CORRECT is set: then the first operand ends the options
    and an option that takes a value may not end a group ("-nq 3").
  * Short options group ("-nFI"); a value joins the letter only when the
    letter comes right after the dash ("-q3", but "-nq3" is an error); the
    last letter of a group takes the next word ("-nq 3").  Long options take
    their value after "=" only ("--queries=3"; "--queries 3" is an error),
    and only --dont-fragment and --extensions may be abbreviated (to two
    letters or more).  "-UL" is a one-dash long option ("-ULx" is the group
    -U -L -x, and -L is unknown).  "--" ends the options; "---x" and "-"
    are operands; only argv[1] to argv[255] can be operands.
  * Numbers are C's strtoul()/strtol()/strtod(), base 0: "0x10" is 16,
    "010" is 8, "-1" is 4294967295, " 5" is 5, "1e3", "0x1p3" or "inf" are
    times.  A number must fill the word, except -p/--sport (a service name
    such as "http" when no digit leads), the keywords flags= and protocol=,
    and -w (MAX, then any one byte, HERE, any one byte, NEAR).
  * -g and -O take several values in one word, split at blanks and commas
    (a leading comma makes an empty value); each value is at most 79 bytes.
    With IPv6, a first -g value that is a number is the routing header type.
  * "-O help" prints the keywords of the method chosen so far ("-I -O help"
    differs from "-O help -I").  -O values for a method without keywords
    (default, udp, tcpconn) are ignored.
  * Errors are CLIF's sentences with the word's index ("(argc 3)"), then
    main()'s range checks in a fixed order (module, first hop, max hops,
    probes, wait, packet length, address families, sendwait), then the
    gateways (counted, then each resolved and its family compared), then
    the method's -O values, which CLIF reads again as keywords ("syn",
    "flags=NUM"; "--syn" is refused).  Every error exits 2.  A name that
    does not resolve prints getaddrinfo's message first ("x: Name or
    service not known"); lookups go through `resolver`, in traceroute's
    order (-s when met, the host after the options, the gateways last).
"""
import math

# _socket, the C module: socket.py imports enum and selectors (milliseconds at
# start-up); re is compiled only for the words that need it (-w, -z, -g, -O)
import _socket as socket

VERSION_TEXT = ("Modern traceroute for Linux, version 2.1.2\n"
                "Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later")

# traceroute.c's limits and defaults
MAX_HOPS = 255
MAX_PROBES = 10
MAX_GATEWAYS_4 = 8
MAX_GATEWAYS_6 = 127
DEF_HOPS = 30
DEF_SIM_PROBES = 16
DEF_NUM_PROBES = 3
DEF_WAIT_SECS = 5.0
DEF_HERE_FACTOR = 3.0
DEF_NEAR_FACTOR = 10.0
DEF_DATA_LEN = 40
MAX_PACKET_LEN = 65000
MAX_MODULE_OPTIONS = 15        # opts[16], the first slot is the module's name
AI_IDN = 0x0040                # glibc's getaddrinfo flag; traceroute sets it

# The methods (modules) traceroute has built in: the extra header each puts
# after the IP header before the data, and whether it sends one probe at a
# time (raw does).  Names are matched case-insensitively (-M ICMP works).
MODULES = {
    "default": (8, False), "udp": (8, False), "udplite": (8, False),
    "icmp": (0, False), "tcp": (0, False), "tcpconn": (0, False),
    "raw": (0, True), "dccp": (0, False),
}

# mod-tcp.c's flag bits: the low byte is the TCP header's flags
TCP_FLAGS = {"fin": 0x01, "syn": 0x02, "rst": 0x04, "psh": 0x08,
             "ack": 0x10, "urg": 0x20, "ece": 0x40, "cwr": 0x80}
FL_FLAGS, FL_ECN, FL_SACK, FL_TSTAMP, FL_WSCALE = 0x100, 0x200, 0x400, 0x800, 0x1000

# CLIF's flag bits (clif.h): per option, or for a whole parse
EXTRA = 0x0001              # not shown in the usage line
EXCL = 0x0004               # only one of the EXCL options may be given
MAY_JOIN_ARG = 0x0010       # "-q3"
STRICT_JOIN_ARG = 0x0020
MAY_NOEQUAL = 0x0040        # "--queries 3" (traceroute never allows it)
STRICT_NOEQUAL = 0x0080
MAY_KEYWORD = 0x0100        # options without dashes (-O's module options)
STRICT_KEYWORD = 0x0200
KEYWORD = MAY_KEYWORD | STRICT_KEYWORD
MAY_ONEDASH = 0x0400        # a long option with one dash ("-UL")
STRICT_ONEDASH = 0x0800
ONEDASH = MAY_ONEDASH | STRICT_ONEDASH
ABBREV = 0x2000             # the long name may be abbreviated
SEVERAL = 0x4000            # several values in one word
MIN_ABBREV = 2
MAX_ARGC_NUMBER = 256       # operands at argv[256] and later are dropped


class TracerouteExit(Exception):
    """traceroute stops while reading its command line: what it wrote, and
    its exit status (2 for errors, 0 for --help, -V and -O help)."""

    def __init__(self, code, stderr="", stdout=""):
        Exception.__init__(self, code, stderr)
        self.code = code
        self.stderr = stderr
        self.stdout = stdout


class Option:
    """One CLIF_option: short letter, long name, value name, help text
    ("%s" stands for the value name), what it does, CLIF flags."""

    def __init__(self, short, long, arg, help, action, flags=0):
        self.short, self.long, self.arg = short, long, arg
        self.help, self.action, self.flags = help, action, flags


OPTIONS = (
    Option("4", None, None, "Use IPv4", ("af", 4), EXTRA),
    Option("6", None, None, "Use IPv6", ("af", 6)),
    Option("d", "debug", None, "Enable socket level debugging", ("flag", "debug")),
    Option("F", "dont-fragment", None, "Do not fragment packets", ("flag", "dontfrag"), ABBREV),
    Option("f", "first", "first_ttl", "Start from the %s hop (instead from 1)",
           ("uint", "first_hop")),
    Option("g", "gateway", "gate", "Route packets through the specified gateway "
           "(maximum 8 for IPv4 and 127 for IPv6)", ("gateway", None), SEVERAL),
    Option("I", "icmp", None, "Use ICMP ECHO for tracerouting", ("module", "icmp")),
    Option("T", "tcp", None, "Use TCP SYN for tracerouting (default port is 80)",
           ("module", "tcp")),
    Option("i", "interface", "device", "Specify a network interface to operate with",
           ("string", "device")),
    Option("m", "max-hops", "max_ttl", "Set the max number of hops (max TTL to be "
           "reached). Default is 30", ("uint", "max_hops")),
    Option("N", "sim-queries", "squeries", "Set the number of probes to be tried "
           "simultaneously (default is 16)", ("uint", "sim_probes")),
    Option("n", None, None, "Do not resolve IP addresses to their domain names",
           ("flag", "noresolve")),
    Option("p", "port", "port", "Set the destination port to use. It is either "
           "initial udp port value for \"default\" method (incremented by each "
           "probe, default is 33434), or initial seq for \"icmp\" (incremented as "
           "well, default from 1), or some constant destination port for other "
           "methods (with default of 80 for \"tcp\", 53 for \"udp\", etc.)",
           ("port", "dst_port_seq")),
    Option("t", "tos", "tos", "Set the TOS (IPv4 type of service) or TC (IPv6 "
           "traffic class) value for outgoing packets", ("uint", "tos")),
    Option("l", "flowlabel", "flow_label", "Use specified %s for IPv6 packets",
           ("uint", "flow_label")),
    Option("w", "wait", "MAX,HERE,NEAR", "Wait for a probe no more than HERE "
           "(default 3) times longer than a response from the same hop, or no "
           "more than NEAR (default 10) times than some next hop, or MAX (default "
           "5.0) seconds (float point values allowed too)", ("wait", None)),
    Option("q", "queries", "nqueries", "Set the number of probes per each hop. "
           "Default is 3", ("uint", "probes_per_hop")),
    Option("r", None, None, "Bypass the normal routing and send directly to a host "
           "on an attached network", ("flag", "noroute")),
    Option("s", "source", "src_addr", "Use source %s for outgoing packets",
           ("source", None)),
    Option("z", "sendwait", "sendwait", "Minimal time interval between probes "
           "(default 0). If the value is more than 10, then it specifies a number "
           "in milliseconds, else it is a number of seconds (float point values "
           "allowed too)", ("double", "send_secs")),
    Option("e", "extensions", None, "Show ICMP extensions (if present), including "
           "MPLS", ("flag", "extension"), ABBREV),
    Option("A", "as-path-lookups", None, "Perform AS path lookups in routing "
           "registries and print results directly after the corresponding "
           "addresses", ("flag", "as_lookups")),
    Option("M", "module", "name", "Use specified module (either builtin or external) "
           "for traceroute operations. Most methods have their shortcuts (`-I' "
           "means `-M icmp' etc.)", ("string", "module"), EXTRA),
    Option("O", "options", "OPTS", "Use module-specific option %s for the "
           "traceroute module. Several %s allowed, separated by comma. If %s is "
           "\"help\", print info about available options", ("modopt", None),
           SEVERAL | EXTRA),
    Option(None, "sport", "num", "Use source port %s for outgoing packets. "
           "Implies `-N 1'", ("port", "src_port"), EXTRA),
    Option(None, "fwmark", "num", "Set firewall mark for outgoing packets",
           ("uint", "fwmark")),
    Option("U", "udp", None, "Use UDP to particular port for tracerouting (instead "
           "of increasing the port per each probe), default port is 53",
           ("module", "udp"), EXTRA),
    Option(None, "UL", None, "Use UDPLITE for tracerouting (default dest port is 53)",
           ("module", "udplite"), ONEDASH | EXTRA),
    Option("D", "dccp", None, "Use DCCP Request for tracerouting (default port is "
           "33434)", ("module", "dccp"), EXTRA),
    Option("P", "protocol", "prot", "Use raw packet of protocol %s for tracerouting",
           ("raw", None), EXTRA),
    Option(None, "mtu", None, "Discover MTU along the path being traced. Implies "
           "`-F -N 1'", ("flag", "mtudisc"), EXTRA),
    Option(None, "back", None, "Guess the number of hops in the backward path and "
           "print if it differs", ("flag", "backward"), EXTRA),
    Option("V", "version", None, "Print version info and exit", ("version", None), EXTRA),
    Option(None, "help", None, "Read this help and exit", ("help", None), EXTRA),
)

# The operands: (name, help, strict).  CLIF's general scheme (strict ones,
# optional ones, "more") reduces to this for traceroute: host, [packetlen].
ARGUMENTS = (
    ("host", "The host to traceroute to", True),
    ("packetlen", "The full packet length (default is the length of an IP header "
     "plus 40). Can be ignored or increased to a minimal allowed value", False),
)

# Each method's -O options (read as keywords), and the defaults they change.
MODULE_OPTIONS = {
    "tcp": (
        Option(None, "syn", None, "Set tcp flag SYN (default if no other tcp flags "
               "specified)", ("tcpflag", "syn")),
        Option(None, "ack", None, "Set tcp flag ACK,", ("tcpflag", "ack")),
        Option(None, "fin", None, "FIN,", ("tcpflag", "fin")),
        Option(None, "rst", None, "RST,", ("tcpflag", "rst")),
        Option(None, "psh", None, "PSH,", ("tcpflag", "psh")),
        Option(None, "urg", None, "URG,", ("tcpflag", "urg")),
        Option(None, "ece", None, "ECE,", ("tcpflag", "ece")),
        Option(None, "cwr", None, "CWR", ("tcpflag", "cwr")),
        Option(None, "flags", "NUM", "Set tcp flags exactly to value %s",
               ("tcpflags", None), ABBREV),
        Option(None, "ecn", None, "Send syn packet with tcp flags ECE and CWR (for "
               "Explicit Congestion Notification, rfc3168)", ("tcpbit", FL_ECN)),
        Option(None, "sack", None, "Use sack,", ("tcpbit", FL_SACK)),
        Option(None, "timestamps", None, "timestamps,", ("tcpbit", FL_TSTAMP), ABBREV),
        Option(None, "window_scaling", None, "window_scaling option for tcp",
               ("tcpbit", FL_WSCALE), ABBREV),
        Option(None, "sysctl", None, "Use current sysctl (/proc/sys/net/*) setting for "
               "the tcp options and ecn. Always set by default (with \"syn\") if "
               "nothing else specified", ("modflag", "sysctl")),
        Option(None, "reuse", None, "Allow to reuse local port numbers for the huge "
               "workloads (SO_REUSEADDR)", ("modflag", "reuse")),
        Option(None, "mss", "NUM", "Use value of %s for maxseg tcp option (when syn)",
               ("moduint", "mss")),
        Option(None, "info", None, "Print tcp flags of final tcp replies when target "
               "host is reached. Useful to determine whether an application listens "
               "the port etc.", ("modflag", "info")),
    ),
    "icmp": (
        Option(None, "raw", None, "Use raw sockets way only. Default is try this way "
               "first (probably not allowed for unprivileged users), then try dgram",
               ("modflag", "raw"), EXCL),
        Option(None, "dgram", None, "Use dgram sockets way only. May be not "
               "implemented by old kernels or restricted by sysadmins",
               ("modflag", "dgram"), EXCL),
    ),
    "udplite": (
        Option(None, "coverage", "NUM", "Set udplite send coverage to %s (default is "
               "(sizeof (struct udphdr)))", ("moduint", "coverage"), ABBREV),
    ),
    "dccp": (
        Option(None, "service", "NUM", "Set DCCP service code to %s (default is "
               "1885957735)", ("moduint", "service"), ABBREV),
    ),
    "raw": (
        Option(None, "protocol", "PROT", "Use protocol %s (default is 253)",
               ("protocol", None), ABBREV),
    ),
}
MODULE_DEFAULTS = {
    "tcp": {"flags": 0, "sysctl": 0, "reuse": 0, "mss": 0, "info": 0},
    "icmp": {"raw": 0, "dgram": 0},
    "udplite": {"coverage": 0},
    "dccp": {"service": 1885957735},
    "raw": {"protocol": 253},
}


class Addr:
    """A resolved address (traceroute's sockaddr_any): family (AF_INET or
    AF_INET6), the numeric address, port, and for IPv6 flowinfo and scope."""

    def __init__(self, family, address, port=0, flowinfo=0, scope_id=0):
        self.family, self.address, self.port = family, address, port
        self.flowinfo, self.scope_id = flowinfo, scope_id

    def __eq__(self, other):
        return isinstance(other, Addr) and vars(self) == vars(other)

    def __repr__(self):
        return "Addr(%r)" % (vars(self),)


class TracerouteArgs:
    """Every setting traceroute's main() holds before it opens a socket.
    Defaults are traceroute.c's; numbers are C unsigned ints unless noted."""

    def __init__(self, prog):
        self.prog = prog                 # argv[0], as --help shows it
        self.af = 0                      # socket.AF_INET or AF_INET6 once parsed
        self.module = "default"          # as given (-M keeps its spelling)
        self.method = "default"          # the module's own name
        self.debug = self.dontfrag = self.noresolve = self.extension = 0
        self.as_lookups = self.noroute = self.mtudisc = self.backward = 0
        self.first_hop = 1
        self.max_hops = DEF_HOPS
        self.sim_probes = DEF_SIM_PROBES
        self.probes_per_hop = DEF_NUM_PROBES
        self.gateway_words = []          # -g values as given
        self.gateways = []               # their addresses (after init_ip_options)
        self.ipv6_rthdr_type = 2         # -g TYPE,ADDR,... with IPv6
        self.rtbuf_len = 0               # the source route option's length
        self.dst_port_seq = 0            # -p (0: the method's default)
        self.tos = 0
        self.flow_label = 0
        self.fwmark = 0
        self.packet_len = -1             # C int; -1: not given
        self.wait_secs = DEF_WAIT_SECS
        self.here_factor = DEF_HERE_FACTOR
        self.near_factor = DEF_NEAR_FACTOR
        self.send_secs = 0.0             # seconds (-z over 10 was milliseconds)
        self.dst_name = None             # the host operand
        self.dst_addr = None             # Addr; flowinfo set from -t/-l for IPv6
        self.device = None               # -i
        self.src_addr = None             # Addr from -s; with --sport, its port
        self.src_port = 0
        self.module_words = []           # -O values (and -P's "protocol=..."), in order
        self.module_options = {}         # the method's settings after reading them
        self.header_len = 0              # IP header + source route + method's header
        self.data_len = 0                # bytes after them, before the method's init

    def __repr__(self):
        return "TracerouteArgs(%r)" % (vars(self),)


class SystemResolver:
    """The C library's lookups traceroute makes while reading its command
    line.  A tool passes its own (through the kernel seam) to record them."""

    def getaddrinfo(self, name, family):
        """[(family, sockaddr), ...] as getaddrinfo(name, NULL, {family,
        AI_IDN}) lists them, or LookupError(gai_strerror's text)."""
        host = name.encode("utf-8", "surrogateescape")
        try:
            answers = socket.getaddrinfo(host, None, family, 0, 0, AI_IDN)
        except socket.gaierror as err:
            raise LookupError(err.strerror)
        except (OSError, UnicodeError, ValueError):        # EAI_SYSTEM
            raise LookupError("System error")
        return [(fam, sockaddr) for fam, _, _, _, sockaddr in answers]

    def getservbyname(self, name):
        """A service's port (any protocol), or None."""
        try:
            return socket.getservbyname(name)
        except (OSError, UnicodeError, ValueError):
            return None

    def getprotobyname(self, name):
        """An IP protocol's number, or None."""
        try:
            return socket.getprotobyname(name)
        except (OSError, UnicodeError, ValueError):
            return None


# ---- C's number parsing ----------------------------------------------------

_SPACE = " \t\n\v\f\r"
_DIGITS = {8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}
ULONG_MAX = (1 << 64) - 1
LONG_MAX, LONG_MIN = (1 << 63) - 1, -(1 << 63)


def c_strtol(text, unsigned=True):
    """strtoul(text, &end, 0) (or strtol): (value, end), end being how many
    characters were used (0 when no digits).  Values wrap and saturate as
    glibc's do on a 64-bit machine."""
    i, n = 0, len(text)
    while i < n and text[i] in _SPACE:
        i += 1
    negative = i < n and text[i] == "-"
    if i < n and text[i] in "+-":
        i += 1
    base = 10
    if text[i:i + 1] == "0":
        base = 8
        if text[i + 1:i + 2] in ("x", "X") and text[i + 2:i + 3] and \
                text[i + 2] in _DIGITS[16]:
            base, i = 16, i + 2
    start = i
    while i < n and text[i] in _DIGITS[base]:
        i += 1
    if i == start:
        return 0, 0
    digits = text[start:i].lstrip("0")
    # past 2**64 anyway (and int() refuses over 4300 digits)
    magnitude = int(digits, base) if 0 < len(digits) <= 30 else (0 if not digits else ULONG_MAX + 1)
    if unsigned:
        if magnitude > ULONG_MAX:
            return ULONG_MAX, i
        return (-magnitude if negative else magnitude) & ULONG_MAX, i
    value = -magnitude if negative else magnitude
    return max(LONG_MIN, min(LONG_MAX, value)), i


def c_int(value):
    """A C long cast to int: its low 32 bits, signed."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


_FLOATS = []


def _float_patterns():
    """(hex float, decimal float, inf/nan) patterns, compiled on first use."""
    if not _FLOATS:
        import re

        _FLOATS.extend((re.compile(r"([+-]?)0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                                   r"([pP][+-]?[0-9]+)?"),
                        re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"),
                        re.compile(r"([+-]?)(infinity|inf|nan(\([0-9A-Za-z_]*\))?)", re.IGNORECASE)))
    return _FLOATS


def c_strtod(text):
    """strtod(text, &end) in the C locale: (value, end), end 0 when no number."""
    _HEX_FLOAT, _DEC_FLOAT, _INF_NAN = _float_patterns()
    i = 0
    while i < len(text) and text[i] in _SPACE:
        i += 1
    m = _HEX_FLOAT.match(text, i)
    if m:
        try:
            value = float.fromhex(m.group(0))
        except OverflowError:
            value = -math.inf if m.group(1) == "-" else math.inf
        return value, m.end()
    m = _DEC_FLOAT.match(text, i)
    if m:
        return float(m.group(0)), m.end()
    m = _INF_NAN.match(text, i)
    if m:
        sign = -1.0 if m.group(1) == "-" else 1.0
        word = m.group(2).lower()
        return math.copysign(math.nan if word.startswith("nan") else math.inf, sign), m.end()
    return 0.0, 0


def c_g(value):
    """printf's %g: as Python's, but a NaN keeps its sign ("-nan")."""
    if math.isnan(value):
        return "-nan" if math.copysign(1.0, value) < 0 else "nan"
    return "%g" % value


def _uint(text):
    """CLIF_set_uint: the whole word a number, else None."""
    value, end = c_strtol(text)
    if end == 0 or end != len(text):
        return None
    return value & 0xFFFFFFFF


# ---- CLIF's texts ------------------------------------------------------------

def _show_short(opt, parse_flags, with_arg=True):
    """"-f first_ttl", "-g gate,..." """
    flags = opt.flags | parse_flags
    text = "-" + opt.short
    if opt.arg and with_arg:
        text += ("" if flags & STRICT_JOIN_ARG else " ") + opt.arg
        text += ",..." if flags & SEVERAL else ""
    return text


def _show_long(opt, parse_flags, with_arg=True):
    """"--first=first_ttl", "-UL", or a keyword "flags=NUM" """
    flags = opt.flags | parse_flags
    text = ""
    if not flags & STRICT_KEYWORD:
        text = "-" if flags & STRICT_ONEDASH else "--"
    text += opt.long
    if opt.arg and with_arg:
        text += (" " if flags & STRICT_NOEQUAL else "=") + opt.arg
        text += ",..." if flags & SEVERAL else ""
    return text


def _show(opt, parse_flags, with_arg=True):
    if opt.short:
        return _show_short(opt, parse_flags, with_arg)
    return _show_long(opt, parse_flags, with_arg)


def _box(start, left, width, text, arg_name):
    """box_output(): the help text in a column from `left`, cut at the last
    blank before `width` characters ("%s" is the value name)."""
    out = [" " * (left - start) if left > start else "\n" + " " * left]
    spacer = "\n" + " " * left
    buf = []
    i = 0
    while i < len(text):
        # fill the buffer up to `width` characters, substituting %s and %%
        while i < len(text) and len(buf) < width:
            if text[i] == "%" and arg_name and text[i + 1:i + 2] in ("%", "s"):
                if text[i + 1] == "%":
                    buf.append("%")
                else:
                    for ch in arg_name:
                        if len(buf) >= width:
                            break   # the rest of the name is lost, as in C
                        buf.append(ch)
                i += 2
                continue
            buf.append(text[i])
            i += 1
        if len(buf) < width:
            break
        # full: cut at the last blank (C's *p there is the end of the buffer)
        cut = width
        while cut > 0 and (cut == width or buf[cut] not in " \t"):
            cut -= 1
        if cut <= 0:
            return "".join(out)   # one word wider than the column: nothing more
        out.append("".join(buf[:cut]) + spacer)
        buf = buf[cut + 1:]
    out.append("".join(buf))
    return "".join(out)


def options_text(options, parse_flags):
    """CLIF_print_options(): one entry per option, then the exclusive ones."""
    lines = []
    for opt in options:
        if opt.short and opt.long:
            head = "  %s  %s" % (_show_short(opt, parse_flags), _show_long(opt, parse_flags))
        else:
            head = "  " + _show(opt, parse_flags)
        lines.append(head + _box(len(head), 30, 50, opt.help, opt.arg) + "\n")
    excl = [_show(opt, parse_flags) for opt in options if opt.flags & EXCL]
    if len(excl) > 1:
        lines.append("Only one of these may be specified:\n    %s\n" % " | ".join(excl))
    return "".join(lines)


def usage_text(prog):
    """CLIF_current_help() for traceroute's table: what --help prints."""
    flags = MAY_JOIN_ARG
    letters = "".join(o.short for o in OPTIONS if o.short and not o.arg)
    line = "Usage:\n  %s [ -%s ]" % (prog, letters)
    for opt in OPTIONS:
        if opt.flags & EXTRA or (opt.short and not opt.arg):
            continue
        line += " [ %s ]" % _show(opt, flags)
    depth = 0
    for name, _, strict in ARGUMENTS:
        if strict:
            line += (" " + "]" * depth if depth else "") + " " + name
            depth = 0
        else:
            line += " [ " + name
            depth += 1
    line += (" " + "]" * depth if depth else "") + "\n"
    text = line + "Options:\n" + options_text(OPTIONS, flags) + "\nArguments:\n"
    for name, help, strict in ARGUMENTS:
        head = ("+     " if strict else "      ") + name
        text += head + _box(len(head), 20, 60, help, name) + "\n"
    return text


# ---- the parse -----------------------------------------------------------

class _Failed(Exception):
    """CLIF_parse() returned -1 (its message is already in the state's stderr)."""


def _bytes(text):
    """A word as C sees it: one character per byte (of its UTF-8, or of the
    original bytes kept as surrogates).  The parse works on these, so that a
    group's letters, -w's "any one character" and the 79-byte limit are
    bytes, as in C."""
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def _text(chars):
    """The other way: bytes-as-characters back to a str (surrogateescape)."""
    return chars.encode("latin-1").decode("utf-8", "surrogateescape")


class _Reading:
    """One CLIF_parse() call: the words, the option table, the parse flags."""

    def __init__(self, argv, options, parse_flags):
        self.argv, self.options, self.flags = argv, options, parse_flags
        self.dirty = parse_flags            # every flag some option has
        for opt in options:
            self.dirty |= opt.flags
        self.exclusive = 1 if self.dirty & EXCL else 0
        self.open = True                    # options are still read


class _Parser:
    def __init__(self, argv, environ, resolver):
        self.argv = [_bytes(word) for word in argv] or ["traceroute"]
        self.posix = "POSIXLY_CORRECT" in environ
        self.resolver = resolver
        self.rec = TracerouteArgs(self.argv[0])
        self.stderr = []

    # -- output --

    def say(self, text):
        self.stderr.append(text)

    def fail(self, text):
        """err_report(): a line on stderr, and the parse fails."""
        self.say(text + "\n")
        raise _Failed()

    def stop(self, code, text=""):
        raise TracerouteExit(code, _text("".join(self.stderr) + text))

    # -- CLIF_parse() --

    def clif(self, argv, options, arguments, parse_flags):
        """Read argv[1:] against options, running each option's handler as
        it comes; then hand the operands to `arguments` ((name, handler,
        strict), ...), or refuse them when that is None."""
        r = _Reading(argv, options, parse_flags)
        operands = []
        i = 1
        while i < len(argv):
            kind, found = self.classify(r, argv[i], i)
            if kind == "long":
                i = self.long_option(r, i, found)
            elif kind == "short":
                i = self.short_group(r, i)
            elif kind == "end":
                r.open = False
                i += 1
            else:
                if arguments is None:
                    self.fail("`%s' (argc %d): arguments are not allowed" % (argv[i], i))
                if i < MAX_ARGC_NUMBER:
                    operands.append(i)
                if self.posix:
                    r.open = False
                i += 1
        if arguments is not None:
            self.operands(argv, operands, arguments)

    def classify(self, r, word, i):
        """What CLIF makes of a word: ("long", (option, value)), ("short",
        None) for a group of letters, ("end", None) for "--", or ("operand",
        None).  An unknown "--name" is an error here."""
        operand = ("operand", None)
        if not r.open:
            return operand
        if not word.startswith("-"):
            found = None
            if r.dirty & MAY_KEYWORD:
                found = _find_long(r.options, word, r.flags, MAY_KEYWORD, 0)
            return ("long", found) if found else operand
        if word.startswith("--"):
            name = word[2:]
            if name.startswith("-") or r.flags & (STRICT_KEYWORD | STRICT_ONEDASH):
                return operand              # "---x"; keywords take no dashes
            found = _find_long(r.options, name, r.flags, 0, STRICT_KEYWORD | STRICT_ONEDASH)
            if found:
                return ("long", found)
            if name == "":
                return ("end", None)
            self.bad_option(word, None, i)
        if r.dirty & MAY_ONEDASH:
            found = _find_long(r.options, word[1:], r.flags, MAY_ONEDASH, 0)
            if found:
                return ("long", found)
        return operand if word == "-" else ("short", None)

    def long_option(self, r, i, found):
        opt, value = found
        self.exclusive(r, opt, None, i)
        if opt.arg and value is None:
            # the value must follow "=" (traceroute never sets MAY_NOEQUAL)
            if i + 1 >= len(r.argv) or not (opt.flags | r.flags) & MAY_NOEQUAL:
                self.missing_value(opt, None, i, r.flags)
            i += 1
            value = r.argv[i]
        if not self.call(opt, value):
            self.cannot_handle(opt, None, value, i, r.flags)
        return i + 1

    def short_group(self, r, i):
        """Letters after one dash, each an option; one that takes a value
        takes the rest of the word if it is the first letter, the next
        word if it is the last, and is an error in between."""
        word = r.argv[i]
        pos = 1
        while True:
            letter = word[pos]
            opt = next((o for o in r.options if o.short == letter), None)
            if opt is None:
                self.bad_option(word, letter, i)
            self.exclusive(r, opt, letter, i)
            value = None
            if opt.arg:
                flags = r.flags | opt.flags
                if pos == len(word) - 1:
                    if self.posix and word[pos - 1] != "-":
                        self.missing_value(opt, letter, i, r.flags)
                    if i + 1 >= len(r.argv) or flags & STRICT_JOIN_ARG:
                        self.missing_value(opt, letter, i, r.flags)
                    i += 1
                    value = r.argv[i]
                elif word[pos - 1] == "-" and flags & MAY_JOIN_ARG:
                    value = word[pos + 1:]
                else:
                    self.missing_value(opt, letter, i, r.flags)
            if not self.call(opt, value):
                self.cannot_handle(opt, letter, value, i, r.flags)
            pos += 1
            if value is not None or pos >= len(word):
                return i + 1

    def exclusive(self, r, opt, letter, i):
        """Only one of the EXCL options (icmp's raw and dgram) may be given."""
        if not opt.flags & EXCL:
            return
        if r.exclusive == 0:
            excl = [_show(o, r.flags) for o in r.options if o.flags & EXCL]
            self.fail("%s `%s' (argc %d): Only one of:\n    %s\nmay be specified."
                      % (_kind(opt, letter, r.flags), _show_bare(opt, letter, r.flags),
                         i, " | ".join(excl)))
        r.exclusive -= 1

    def operands(self, argv, at, arguments):
        strict = sum(1 for _, _, s in arguments if s)
        if len(at) < strict:
            name = arguments[len(at)][0]
            if len(at) == strict - 1:
                self.fail("Specify \"%s\" missing argument." % name)
            self.fail("Specify \"%s\" and other missing arguments." % name)
        if len(at) > len(arguments):
            extra = at[len(arguments)]
            self.fail("Extra arg `%s' (position %d, argc %d)"
                      % (argv[extra], len(arguments) + 1, extra))
        for n, index in enumerate(at):
            name, handler, _ = arguments[n]
            if not handler(argv[index]):
                self.fail("Cannot handle \"%s\" cmdline arg `%s' on position %d (argc %d)"
                          % (name, argv[index], n + 1, index))

    # -- CLIF's error sentences --

    def bad_option(self, word, letter, i):
        if letter:
            self.fail("Bad option `-%s' (argc %d)" % (letter, i))
        if "=" in word:
            self.fail("Bad option `%s' (with arg `%s') (argc %d)"
                      % (word, word.split("=", 1)[1], i))
        self.fail("Bad option `%s' (argc %d)" % (word, i))

    def missing_value(self, opt, letter, i, parse_flags):
        kind = "Option" if letter or not parse_flags & STRICT_KEYWORD else "Keyword"
        full = _show_short(opt, parse_flags) if letter else _show_long(opt, parse_flags)
        self.fail("%s `%s' (argc %d) requires an argument: `%s'"
                  % (kind, _show_bare(opt, letter, parse_flags), i, full))

    def cannot_handle(self, opt, letter, value, i, parse_flags):
        kind = "option" if letter or not parse_flags & STRICT_KEYWORD else "keyword"
        if opt.arg:
            self.fail("Cannot handle `%s' %s with arg `%s' (argc %d)"
                      % (_show_bare(opt, letter, parse_flags), kind, value, i))
        self.fail("Cannot handle `%s' %s (argc %d)"
                  % (_show_bare(opt, letter, parse_flags), kind, i))

    # -- the handlers --

    def call(self, opt, value):
        """call_function(): SEVERAL options run once per blank- or
        comma-separated value (an empty one when the word starts with one)."""
        if value is None or not opt.flags & SEVERAL:
            return self.handle(opt, value)
        rest = value
        while rest:
            import re

            m = re.match(r"[^ \t,]*", rest)
            token = m.group(0)
            if len(token) >= 80:       # tmp[80] in call_function(): 79 bytes
                return False
            if not self.handle(opt, token):
                return False
            rest = rest[m.end():].lstrip(" \t,")
        return True

    def handle(self, opt, value):
        kind, target = opt.action
        return getattr(self, "do_" + kind)(target, value)

    def do_af(self, version, value):
        self.rec.af = int(socket.AF_INET if version == 4 else socket.AF_INET6)
        return True

    def do_flag(self, name, value):
        setattr(self.rec, name, 1)
        return True

    def do_uint(self, name, value):
        number = _uint(value)
        if number is None:
            return False
        setattr(self.rec, name, number)
        return True

    def do_double(self, name, value):
        number, end = c_strtod(value)
        setattr(self.rec, name, number)
        return end != 0 and end == len(value)

    def do_string(self, name, value):
        setattr(self.rec, name, value)
        return True

    def do_module(self, name, value):
        self.rec.module = name
        return True

    def do_gateway(self, target, value):
        if len(self.rec.gateway_words) >= MAX_GATEWAYS_6:
            self.say("Too many gateways specified.")       # no newline: CLIF's follows
            return False
        self.rec.gateway_words.append(value)
        return True

    def do_source(self, target, value):
        addr = self.getaddr(value)
        if addr is None:
            return False
        self.rec.src_addr = addr
        return True

    def do_port(self, name, value):
        """set_port(): a number (trailing characters ignored), or a service."""
        number, end = c_strtol(value)
        if end == 0:
            port = self.resolver.getservbyname(_text(value))
            if port is None:
                return False
            number = port
        setattr(self.rec, name, number & 0xFFFFFFFF)
        return True

    def do_wait(self, target, value):
        """set_wait_specs(): MAX[?HERE[?NEAR]], any one character between."""
        rec = self.rec
        rec.here_factor = rec.near_factor = 0.0
        rec.wait_secs, end = c_strtod(value)
        if end == 0:
            return False
        if end == len(value):
            return True
        rest = value[end + 1:]
        rec.here_factor, end = c_strtod(rest)
        if end == 0:
            return False
        if end == len(rest):
            return True
        rest = rest[end + 1:]
        rec.near_factor, end = c_strtod(rest)
        return end != 0 and end == len(rest)

    def do_modopt(self, target, value):
        """set_mod_option(): "help" prints the current method's options."""
        if value == "help":
            method = _method(self.rec.module)
            if method in MODULE_OPTIONS:
                self.stop(0, options_text(MODULE_OPTIONS[method], KEYWORD))
            self.stop(0, "No options for module `%s'\n" % self.rec.module)
        if len(self.rec.module_words) >= MAX_MODULE_OPTIONS:
            self.say("Too many module options\n")
            return False
        self.rec.module_words.append(value)
        return True

    def do_raw(self, target, value):
        self.rec.module = "raw"
        return self.do_modopt(None, ("protocol=" + value)[:1023])   # buf[1024]

    def do_version(self, target, value):
        self.stop(0, VERSION_TEXT + "\n")

    def do_help(self, target, value):
        self.stop(0, usage_text(self.argv[0]))

    # module options (keywords)

    def do_tcpflag(self, name, value):
        self.rec.module_options["flags"] |= TCP_FLAGS[name]
        return True

    def do_tcpflags(self, target, value):
        number, end = c_strtol(value)
        if end == 0:
            return False
        opts = self.rec.module_options
        opts["flags"] = (opts["flags"] & ~0xFF) | (number & 0xFF) | FL_FLAGS
        return True

    def do_tcpbit(self, bit, value):
        self.rec.module_options["flags"] |= bit
        return True

    def do_modflag(self, name, value):
        self.rec.module_options[name] = 1
        return True

    def do_moduint(self, name, value):
        number = _uint(value)
        if number is None:
            return False
        self.rec.module_options[name] = number
        return True

    def do_protocol(self, target, value):
        number, end = c_strtol(value)
        if end == 0:
            number = self.resolver.getprotobyname(_text(value))
            if number is None:
                return False
        self.rec.module_options["protocol"] = c_int(number)
        return True

    # -- addresses --

    def getaddr(self, name):
        """getaddr(): the first answer of the family asked for (IPv4 when
        none was), else the first; an IPv4-mapped IPv6 address is IPv4.
        None (with the resolver's message on stderr) when it fails."""
        af = self.rec.af
        try:
            answers = self.resolver.getaddrinfo(_text(name), af)
        except LookupError as err:
            self.say("%s: %s\n" % (name, _bytes(str(err.args[0]) if err.args else "")))
            return None
        if not answers:
            return None
        pick = next((a for a in answers if a[0] == af or (not af and a[0] == socket.AF_INET)),
                    answers[0])
        family, sockaddr = pick
        family = int(family)
        if family == socket.AF_INET6:
            mapped = _v4mapped(sockaddr[0])
            if mapped is not None:
                if af == socket.AF_INET6:
                    return None          # no message: traceroute prints none
                return Addr(socket.AF_INET, mapped)
            return Addr(family, sockaddr[0], 0, sockaddr[2], sockaddr[3])
        return Addr(family, sockaddr[0])

    def set_host(self, word):
        addr = self.getaddr(word)
        if addr is None:
            return False
        self.rec.dst_addr, self.rec.dst_name = addr, word
        if not self.rec.af:
            self.rec.af = addr.family
        return True

    def set_packetlen(self, word):
        number, end = c_strtol(word, unsigned=False)
        self.rec.packet_len = c_int(number)
        return end != 0 and end == len(word)


def _kind(opt, letter, parse_flags):
    return "Option" if letter or not parse_flags & STRICT_KEYWORD else "Keyword"


def _show_bare(opt, letter, parse_flags):
    if letter:
        return _show_short(opt, parse_flags, with_arg=False)
    return _show_long(opt, parse_flags, with_arg=False)


def _find_long(options, word, parse_flags, match, nomatch):
    """find_long(): (option, value after "=" or None), or None.  An exact
    name wins; else one abbreviation (of two letters or more) among the
    ABBREV options, none when two would fit."""
    abbrev, seen = None, False
    for opt in options:
        if not opt.long:
            continue
        flags = parse_flags | opt.flags
        if flags & nomatch or (match and not flags & match):
            continue
        n = 0
        while n < len(opt.long) and n < len(word) and word[n] == opt.long[n]:
            n += 1
        rest = word[n:]
        if rest and not (rest[0] == "=" and opt.arg and not flags & STRICT_NOEQUAL):
            continue
        value = rest[1:] if rest else None
        if n == len(opt.long):
            return opt, value
        if flags & ABBREV and n >= MIN_ABBREV:
            abbrev = None if seen else (opt, value)
            seen = True
    return abbrev


def _method(name):
    """tr_get_module(): the module's own name, matched case-insensitively
    (strcasecmp: ASCII letters only)."""
    low = "".join(ch.lower() if ch.isascii() else ch for ch in name)
    return low if low in MODULES else None


def _v4mapped(address):
    try:
        raw = socket.inet_pton(socket.AF_INET6, address.split("%")[0])
    except (OSError, ValueError):
        return None
    if raw[:12] != b"\0" * 10 + b"\xff\xff":
        return None
    return socket.inet_ntop(socket.AF_INET, raw[12:])


def _check_progname(rec, prog):
    """check_progname(): traceroute6, traceroute4, tcptraceroute, tracert."""
    base = prog.rsplit("/", 1)[-1]
    if not base:
        return
    if base.endswith("6"):
        rec.af = int(socket.AF_INET6)
    elif base.endswith("4"):
        rec.af = int(socket.AF_INET)
    if base.startswith("tcp"):
        rec.module = "tcp"
    if base.startswith("tracert"):
        rec.module = "icmp"


def parse(argv, environ=None, resolver=None):
    """argv (argv[0] the name called by) -> TracerouteArgs, or TracerouteExit.

    environ: the environment (only POSIXLY_CORRECT matters); resolver: the
    name lookups (SystemResolver's interface; a tool passes one that goes
    through the kernel seam)."""
    p = _Parser(argv, environ if environ is not None else {}, resolver or SystemResolver())
    rec = p.rec
    _check_progname(rec, p.argv[0])
    if len(p.argv) <= 1:
        p.stop(0, usage_text(p.argv[0]))
    arguments = (("host", p.set_host, True), ("packetlen", p.set_packetlen, False))
    _clif_or_stop(p, p.argv, OPTIONS, arguments, MAY_JOIN_ARG)
    _check_ranges(p)
    _derive(rec)
    _init_gateways(p)
    _packet_size(rec)
    _module_options(p)
    for name in ("prog", "module", "dst_name", "device"):
        value = getattr(rec, name)
        if value is not None:
            setattr(rec, name, _text(value))
    rec.gateway_words = [_text(word) for word in rec.gateway_words]
    rec.module_words = [_text(word) for word in rec.module_words]
    return rec


def _check_ranges(p):
    """main()'s checks after CLIF_parse(), in its order."""
    rec = p.rec
    rec.method = _method(rec.module)
    if rec.method is None:
        p.stop(2, "Unknown traceroute module %s\n" % rec.module)
    if not rec.first_hop or rec.first_hop > rec.max_hops:
        p.stop(2, "first hop out of range\n")
    if rec.max_hops > MAX_HOPS:
        p.stop(2, "max hops cannot be more than %d\n" % MAX_HOPS)
    if not rec.probes_per_hop or rec.probes_per_hop > MAX_PROBES:
        p.stop(2, "no more than %d probes per hop\n" % MAX_PROBES)
    if rec.wait_secs < 0 or rec.here_factor < 0 or rec.near_factor < 0:
        p.stop(2, "bad wait specifications `%s,%s,%s' used\n"
               % (c_g(rec.wait_secs), c_g(rec.here_factor), c_g(rec.near_factor)))
    if rec.packet_len > MAX_PACKET_LEN:
        p.stop(2, "too big packetlen %d specified\n" % rec.packet_len)
    if rec.src_addr is not None and rec.src_addr.family != rec.af:
        p.stop(2, "IP version mismatch in addresses specified\n")
    if rec.send_secs < 0:
        p.stop(2, "bad sendtime `%s' specified\n" % c_g(rec.send_secs))


def _derive(rec):
    """What main() sets from the options before opening sockets."""
    if rec.send_secs >= 10:                  # -z over 10 is milliseconds
        rec.send_secs /= 1000
    if rec.af == socket.AF_INET6 and (rec.tos or rec.flow_label):
        rec.dst_addr.flowinfo = ((rec.tos & 0xFF) << 20) | (rec.flow_label & 0xFFFFF)
    if rec.src_port:
        # --sport binds that port, to the -s address or to the wildcard
        src = rec.src_addr or Addr(rec.af, "0.0.0.0" if rec.af == socket.AF_INET else "::")
        rec.src_addr = Addr(rec.af, src.address, rec.src_port & 0xFFFF,
                            src.flowinfo, src.scope_id)
    if rec.src_port or MODULES[rec.method][1]:
        rec.sim_probes = 1
        rec.here_factor = rec.near_factor = 0.0


def _init_gateways(p):
    """init_ip_options(): -g's addresses, resolved with the final family."""
    rec = p.rec
    words = list(rec.gateway_words)
    if not words:
        return
    if rec.af == socket.AF_INET6 and len(words) > 1:
        number, end = c_strtol(words[0])
        if end == len(words[0]):             # "-g TYPE,ADDR,...": the routing header type
            rec.ipv6_rthdr_type = number & 0xFFFFFFFF
            words = words[1:]
    limit = MAX_GATEWAYS_4 if rec.af == socket.AF_INET else MAX_GATEWAYS_6
    if len(words) > limit:
        p.stop(2, "Too many gateways specified. No more than %d\n" % limit)
    for word in words:
        addr = p.getaddr(word)
        if addr is None:
            p.stop(2, "\n")
        if addr.family != rec.af:
            p.stop(2, "IP versions mismatch in gateway addresses\n")
        rec.gateways.append(addr)
    if rec.af == socket.AF_INET:
        rec.rtbuf_len = 4 + (len(words) + 1) * 4       # NOP, LSRR, the hops and the target
    else:
        rec.rtbuf_len = 8 + len(words) * 16            # a routing header


def _packet_size(rec):
    """header_len and data_len as main() computes them (a method's init
    may change data_len: ICMP's minimum, TCP's and DCCP's own sizes)."""
    extra = MODULES[rec.method][0]
    rec.header_len = (20 if rec.af == socket.AF_INET else 40) + rec.rtbuf_len + extra
    if rec.mtudisc:
        rec.dontfrag = 1
        rec.sim_probes = 1
        if rec.packet_len < 0:
            rec.packet_len = MAX_PACKET_LEN
    if rec.packet_len < 0:
        rec.data_len = DEF_DATA_LEN - extra if DEF_DATA_LEN >= extra else 0
    elif rec.packet_len >= rec.header_len:
        rec.data_len = rec.packet_len - rec.header_len


def _module_options(p):
    """The -O words, read as the method's keywords (CLIF_parse again, with
    the module's name as argv[0])."""
    rec = p.rec
    rec.module_options = dict(MODULE_DEFAULTS.get(rec.method, {}))
    if rec.method not in MODULE_OPTIONS or not rec.module_words:
        return
    options = MODULE_OPTIONS[rec.method]
    _clif_or_stop(p, [rec.module] + rec.module_words, options, None, KEYWORD)


def _clif_or_stop(p, argv, options, arguments, parse_flags):
    """CLIF_parse(), and exit(2) when it fails."""
    try:
        p.clif(argv, options, arguments, parse_flags)
        return
    except _Failed:
        pass
    p.stop(2)
