"""ping's command line, as iputils 20221126's ping.c reads it (Debian 12's
iputils-ping 3:20221126-1+deb12u1), with no network and nothing printed.

parse(argv, uid=..., environ=...) returns a PingArgs record of every setting,
with the text ping writes while reading its command line (warnings, the
PATTERN line) kept in order in record.output.  When ping would stop there,
parse() raises PingExit carrying what it prints on each stream and its exit
status.  Nothing here opens a socket or resolves a name.

How ping reads its command line (facts from ping.c, ping_common.c,
node_info.c and iputils_common.c, checked against the real binary):

 1. The program name picks the family: when argv[0]'s last character is "4"
    (ping4) the address family is IPv4, "6" (ping6) IPv6, else unspecified.
 2. glibc getopt() (plain, no long options, permuting: `ping host -c 1`
    works; POSIXLY_CORRECT stops at the first operand) over
    "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:".  Each option
    is checked when reached, so the first bad one is the only message.
    -h, -? and every getopt error print the usage text on stderr and exit 2;
    -V prints the version and the build's configuration and exits 0 (the
    options before it were already checked; those after it never are).
    -C (connect() the socket) is accepted though ping(8) does not list it.
 3. Integer options go through strtol_or_err()/strtoul_or_err(): base 10,
    leading blanks and a sign allowed, the whole word must be a number:
        ping: invalid argument: 'x'                       (exit 1)
        ping: invalid argument: '1e9999...': Numerical result out of range
        ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807
    -c 1..LONG_MAX, -l 1..65536 (and at most 3 unless the real uid is 0:
    "cannot set preload to value greater than 3: N", exit 2), -s 0..INT_MAX,
    -S 1..INT_MAX, -t 0..255, -w 0..INT_MAX; unsigned (strtoul: "-1" wraps
    to 18446744073709551615, so it is out of range, not garbage): -e 0..65535,
    -m 0..UINT_MAX.
 4. -i and -W are read by ping_strtod(): C strtod (decimals, hex floats,
    inf, nan).  An empty word is fatal ("bad timing interval: " plus the
    current errno's text, see errno below); a word that is not wholly a
    number, or that overflows or underflows, only warns ("option argument
    contains garbage: REST" and "this will become fatal error in the future")
    and goes on with what strtod made of it (so `-i x` is `-i 0`); a result
    that is not a normal number or zero (inf, nan, subnormal) is fatal:
    "bad timing interval: WORD: Numerical result out of range" (exit 2).
    Then -i above INT_MAX/1000 s, and -W below 0 or above it, exit 2 with
    "bad timing interval: WORD" / "bad linger time: WORD".  The value is
    kept in whole milliseconds, truncated.  A negative -i is accepted here.
 5. -Q: "0x"/"0X" then strtol base 16, else base 10, the result cut to a C
    int; anything after the number: "bad TOS value: WORD"; above 255: "the
    decimal value of TOS bits must be in range 0-255: N".  Negative values
    and "" (0) pass.  -F likewise with strtoul (cut to an int, then
    sign-extended): "bad value for flowinfo: WORD", and "flow value is
    greater than 20 bits: WORD".
 6. -M do|dont|want only ("probe" is not in 20221126: "invalid -M argument:
    probe"); -T tsonly|tsandaddr|tsprespec ("invalid timestamp type: X");
    -R and -T exclude each other ("only one of -T or -R may be used", checked
    when the second one is reached, before -T's word); -4 and -6 (and ping4
    -6, ping6 -4): "only one -4 or -6 option may be specified".  All exit 2.
 7. -I: a word with ":" is an IPv6 source address, "%IFNAME" naming the
    device ("invalid source address: WORD" if not); else a dotted-quad IPv4
    source (inet_pton: exactly four decimal parts); else a device name.
    Either address sets -B (strict source).
 8. -N (IPv6 node information queries, node_info.c): see _NI_OPTIONS.  An
    unknown word, or a conflicting one ("Qtype conflict" / "Subject type
    conflict" on stdout), prints the -N help on stderr and exits 2; "help"
    prints it on stdout and exits 0.  All of it happens at parse time:
    subject-name=NAME goes through libidn2 and dn_comp(), subject-ipv6= and
    subject-ipv4= through getaddrinfo() (numeric words are read here, names
    need parse()'s resolver).  -N makes ping use raw sockets.
 9. -f sets -n too.  -p's word is only kept; it is checked after the loop.
10. After the loop: no operand at all is "usage error: Destination address
    required" (exit 1).  Then -p: every byte must be a hex digit ("patterns
    must be specified as hex digits: REST", exit 2); up to 16 bytes are read
    two digits at a time, and unless -q (wherever it was) ping prints
    "PATTERN: 0x..." on stdout.  Then, with -v, -e 0 warns "WARNING: ident 0
    => forcing raw socket" (identifier 0 needs a raw socket).
    The last operand is the destination; earlier ones are IPv4 route hops.

Messages go to stderr through glibc's error(): "ARGV0: text" (argv[0] as
given, so "/usr/bin/ping: ..."), errno's text appended when there is one.
The language is always English: this build has no NLS.

errno.  ping_strtod() reports the errno of the moment for an empty word.  At
start-up, setlocale(LC_ALL, "") leaves ENOENT ("No such file or directory")
when the environment names a locale other than C/POSIX; any earlier -c, -e,
-l, -m, -s, -S, -t, -w, -i or -W resets it to 0; strtod's and -Q/-F's
overflows leave ERANGE.  We follow that.

What comes after parsing, and is NOT done here (the tool does it, in this
order; each can still stop ping):
  a. sockets are created (raw or ICMP datagram, one per family wanted); with
     -v a "sock4.fd: ..." line follows; creating them can fail (exit 2).
  b. the destination is resolved (dual-stack getaddrinfo; a family that
     does not match -4/-6: "HOST: Address family for hostname not
     supported"); with -v an "ai->ai_family: ..." line per address.
  c. ping4_run/ping6_run: more than one operand (hops) is a usage error
     for IPv6, with -R, with -T other than tsprespec, over 4 hops with
     tsprespec, over 9 otherwise: hop_usage_error() below.  Each hop is
     resolved.  Then the source is found with a connect()ed UDP probe
     (SO_BINDTODEVICE for -I IFNAME), broadcast and multicast checks
     (multicast_error() below), socket options (-Q/-F/-m/-t/-M failing
     there print setsockopt errors), the "PING ..." header.
  d. setup(): -f without -i means interval 0; a non-root interval below
     2 ms is "cannot flood; minimal interval allowed for user is 2ms"
     (so `-f` and `-i 0.001` as non-root fail only here, after the
     header; 20221126 has no 200 ms limit for users, older pings had);
     interval >= INT_MAX / preload is "illegal preload and/or interval: N":
     setup_error() below.  -s has no upper limit here: a size
     the kernel refuses fails at sendmsg().
"""
import _socket as socket      # the C module: socket.py's enums cost milliseconds at start-up
import io

from pynettools.getopt import Getopt

# re, hashlib and fractions are imported where they are needed (-i/-W's
# strtod(), -N's names): a plain `ping HOST` starts without them.

VERSION_TEXT = (
    "ping from iputils 20221126\n"
    "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n"
)

USAGE = (
    "\nUsage\n"
    "  ping [options] <destination>\n"
    "\nOptions:\n"
    "  <destination>      dns name or ip address\n"
    "  -a                 use audible ping\n"
    "  -A                 use adaptive ping\n"
    "  -B                 sticky source address\n"
    "  -c <count>         stop after <count> replies\n"
    "  -C                 call connect() syscall on socket creation\n"
    "  -D                 print timestamps\n"
    "  -d                 use SO_DEBUG socket option\n"
    "  -e <identifier>    define identifier for ping session, default is random for\n"
    "                     SOCK_RAW and kernel defined for SOCK_DGRAM\n"
    "                     Imply using SOCK_RAW (for IPv4 only for identifier 0)\n"
    "  -f                 flood ping\n"
    "  -h                 print help and exit\n"
    "  -I <interface>     either interface name or address\n"
    "  -i <interval>      seconds between sending each packet\n"
    "  -L                 suppress loopback of multicast packets\n"
    "  -l <preload>       send <preload> number of packages while waiting replies\n"
    "  -m <mark>          tag the packets going out\n"
    "  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>\n"
    "  -n                 no dns name resolution\n"
    "  -O                 report outstanding replies\n"
    "  -p <pattern>       contents of padding byte\n"
    "  -q                 quiet output\n"
    "  -Q <tclass>        use quality of service <tclass> bits\n"
    "  -s <size>          use <size> as number of data bytes to be sent\n"
    "  -S <size>          use <size> as SO_SNDBUF socket option value\n"
    "  -t <ttl>           define time to live\n"
    "  -U                 print user-to-user latency\n"
    "  -v                 verbose output\n"
    "  -V                 print version and exit\n"
    "  -w <deadline>      reply wait <deadline> in seconds\n"
    "  -W <timeout>       time to wait for response\n"
    "\nIPv4 options:\n"
    "  -4                 use IPv4\n"
    "  -b                 allow pinging broadcast\n"
    "  -R                 record route\n"
    "  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>\n"
    "\nIPv6 options:\n"
    "  -6                 use IPv6\n"
    "  -F <flowlabel>     define flow label, default is random\n"
    "  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument\n"
    "\nFor more details see ping(8).\n"
)

NI_HELP = (
    "ping -6 -N <nodeinfo opt>\n"
    "Help:\n"
    "  help\n"
    "Query:\n"
    "  name\n"
    "  ipv6\n"
    "  ipv6-all\n"
    "  ipv6-compatible\n"
    "  ipv6-global\n"
    "  ipv6-linklocal\n"
    "  ipv6-sitelocal\n"
    "  ipv4\n"
    "  ipv4-all\n"
    "Subject:\n"
    "  subject-ipv6=addr\n"
    "  subject-ipv4=addr\n"
    "  subject-name=name\n"
    "  subject-fqdn=name\n"
)

OPTSTRING = "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:"

LONG_MAX = 2 ** 63 - 1
ULONG_MAX = 2 ** 64 - 1
INT_MAX = 2 ** 31 - 1
UINT_MAX = 2 ** 32 - 1
IDENTIFIER_MAX = 0xFFFF
MAX_DUP_CHK = 0x10000
TOS_MAX = 255
DEFDATALEN = 56               # 64 - 8
MAXWAIT = 10                  # seconds: the default -W
MINUSERINTERVAL = 2           # ms: the shortest interval for non-root
IFNAMSIZ = 16
IPV6_FLOWINFO_FLOWLABEL = 0x000FFFFF
DBL_MIN = 2.2250738585072014e-308   # the smallest normal double

# families (hints.ai_family)
AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10
# -M (IP_PMTUDISC_*; the IPV6_ ones have the same numbers)
PMTUDISC = {"dont": 0, "want": 1, "do": 2}
# -T (IPOPT_TS_*)
TS_TYPES = {"tsonly": 0, "tsandaddr": 1, "tsprespec": 3}
IPOPT_TS_PRESPEC = 3
# -N query types and subject types (ping.h)
NI_QTYPE_DNSNAME, NI_QTYPE_IPV6ADDR, NI_QTYPE_IPV4ADDR = 2, 3, 4
NI_SUBJ_IPV6, NI_SUBJ_IPV4, NI_SUBJ_FQDN = 0, 1, 2
NI_IPV6_FLAG = {"ipv6-all": 1, "ipv6-compatible": 2, "ipv6-linklocal": 4,
                "ipv6-sitelocal": 8, "ipv6-global": 16}
NI_IPV4_FLAG_ALL = 2

ENOENT_TEXT = "No such file or directory"
ERANGE_TEXT = "Numerical result out of range"
EDESTADDRREQ_TEXT = "Destination address required"


class _Printed:
    """What ping printed, in order: self.output is [(1 or 2, text), ...]."""

    @property
    def stdout(self):
        return "".join(t for fd, t in self.output if fd == 1)

    @property
    def stderr(self):
        return "".join(t for fd, t in self.output if fd == 2)


class PingExit(_Printed, Exception):
    """ping stops: what it printed, in order, and its exit status."""

    def __init__(self, output, code):
        Exception.__init__(self, code)
        self.output = output          # [(1 or 2, text), ...]
        self.code = code


class NodeInfo:
    """-N: the node information query (struct ping_ni)."""

    def __init__(self):
        self.query = -1           # NI_QTYPE_*, -1: not a node information query
        self.flag = 0
        self.subject = None       # bytes: the address or the dn_comp()ed name
        self.subject_type = -1    # NI_SUBJ_*
        self.group = None         # subject-name's multicast group, "ff02::2:..."

    @property
    def enabled(self):
        return self.query >= 0


class PingArgs(_Printed):
    """Every setting ping takes from its command line (struct ping_rts names)."""

    def __init__(self, prog, uid):
        self.prog = prog              # argv[0]: starts every message
        self.uid = uid                # the real uid (rts->uid): 0 is root
        self.family = AF_UNSPEC       # hints.ai_family: ping4/ping6, -4, -6
        self.raw_socket = False       # hints.ai_socktype SOCK_RAW: -N, -e 0
        self.broadcast_pings = False  # -b
        self.ident = -1               # -e, as given (ping keeps htons() of it); -1 unset
        self.opt_rroute = False       # -R
        self.opt_timestamp = False    # -T
        self.ts_type = None           # -T's IPOPT_TS_* value
        self.flowlabel = 0            # -F
        self.opt_flowinfo = False
        self.ni = NodeInfo()          # -N
        self.opt_audible = False      # -a
        self.opt_adaptive = False     # -A
        self.opt_strictsource = False  # -B, or -I ADDRESS
        self.npackets = 0             # -c (0: no limit)
        self.opt_connect_sk = False   # -C
        self.opt_so_debug = False     # -d
        self.opt_ptimeofday = False   # -D
        self.opt_flood = False        # -f
        self.interval = 1000          # -i, in ms
        self.opt_interval = False
        self.device = None            # -I IFNAME, or ADDR%IFNAME
        self.source = None            # -I IPv4 address (str)
        self.source6 = None           # -I IPv6 address (str, without %IFNAME)
        self.preload = 1              # -l
        self.opt_noloop = False       # -L
        self.mark = 0                 # -m
        self.opt_mark = False
        self.pmtudisc = -1            # -M: PMTUDISC value, -1 unset
        self.opt_numeric = False      # -n, -f
        self.opt_outstanding = False  # -O
        self.opt_pingfilled = False   # -p
        self.pattern = None           # -p's word (the last one)
        self.pattern_bytes = None     # and the bytes it gives (after the loop)
        self.opt_quiet = False        # -q
        self.settos = 0               # -Q (also IPv6's tclass)
        self.opt_so_dontroute = False  # -r
        self.datalen = DEFDATALEN     # -s
        self.sndbuf = 0               # -S (0: ping computes one)
        self.ttl = 0                  # -t
        self.opt_ttl = False
        self.opt_latency = False      # -U
        self.opt_verbose = False      # -v
        self.deadline = 0             # -w, seconds
        self.lingertime = MAXWAIT * 1000  # -W, ms
        self.operands = []            # destination last, IPv4 hops before it
        self.output = []              # [(fd, text)] printed while parsing

    @property
    def target(self):
        return self.operands[-1]

    @property
    def hops(self):
        return self.operands[:-1]

    @property
    def tclass(self):
        return self.settos


class _Parser:
    """One run of main()'s option loop.  errno is C's, for ping_strtod()."""

    def __init__(self, argv, uid, environ, resolver):
        self.r = PingArgs(argv[0], uid)
        self.environ = environ
        self.resolver = resolver
        self.errno = ENOENT_TEXT if _locale_loads_files(environ) else None

    # -- output ----------------------------------------------------------

    def say(self, fd, text):
        self.r.output.append((fd, text))

    def warn(self, text):
        """error(0, 0, ...): a message, and ping goes on."""
        self.say(2, "%s: %s\n" % (self.r.prog, text))

    def die(self, code, text, errno_text=None):
        """error(code, errno, ...)."""
        if errno_text:
            text = "%s: %s" % (text, errno_text)
        self.warn(text)
        raise PingExit(self.r.output, code)

    def usage(self):
        self.say(2, USAGE)
        raise PingExit(self.r.output, 2)

    # -- the loop ----------------------------------------------------------

    def run(self, argv):
        prog = argv[0]
        if prog.endswith("4"):
            self.r.family = AF_INET
        elif prog.endswith("6"):
            self.r.family = AF_INET6
        errors = io.StringIO()
        getopt = Getopt(argv, OPTSTRING, None, errors, self.environ)
        for ch, value in getopt:
            if errors.getvalue():
                self.say(2, errors.getvalue())
                errors.seek(0)
                errors.truncate()
            handler = _HANDLERS.get(ch)
            if handler is None:         # -h, -?, getopt's errors
                self.usage()
            handler(self, value)
        self.r.operands = getopt.operands
        self.after_loop()
        return self.r

    def after_loop(self):
        r = self.r
        if not r.operands:
            self.die(1, "usage error", EDESTADDRREQ_TEXT)
        if r.pattern is not None:
            r.pattern_bytes = self.fill(r.pattern)
            if not r.opt_quiet:
                self.say(1, "PATTERN: 0x%s\n" % "".join("%02x" % b for b in r.pattern_bytes))
        if r.ident == 0:
            # the kernel (6.0) cannot give ICMP datagram sockets identifier 0
            if r.opt_verbose:
                self.warn("WARNING: ident 0 => forcing raw socket")
            r.raw_socket = True

    def fill(self, word):
        """-p: fill()'s check, and the bytes sscanf("%2x" x 16) reads."""
        raw = word.encode("utf-8", "surrogateescape")
        for i, byte in enumerate(raw):
            if chr(byte) not in "0123456789abcdefABCDEF":
                self.die(2, "patterns must be specified as hex digits: %s"
                         % raw[i:].decode("utf-8", "surrogateescape"))
        return bytes(int(word[i:i + 2], 16) for i in range(0, min(len(word), 32), 2))

    # -- numbers -----------------------------------------------------------

    def strtol_or_err(self, word, low, high, unsigned=False):
        """iputils' strtol_or_err()/strtoul_or_err() with "invalid argument"."""
        self.errno = None
        value, rest, overflow = _strtol(word, 10, unsigned)
        if word == "" or rest == word or rest or overflow:
            self.die(1, "invalid argument: '%s'" % word, ERANGE_TEXT if overflow else None)
        if value < low or value > high:
            self.die(1, "invalid argument: '%s': out of range: %d <= value <= %d"
                     % (word, low, high))
        return value

    def strtod(self, word, what):
        """ping_strtod(): the value in seconds (a float)."""
        if word == "":
            self.die(2, "%s: %s" % (what, word), self.errno)
        self.errno = None
        value, rest, erange = _strtod(word)
        if erange:
            self.errno = ERANGE_TEXT
        if erange or rest == word or rest:
            self.warn("option argument contains garbage: %s" % rest)
            self.warn("this will become fatal error in the future")
        if value != value or value in (float("inf"), float("-inf")) or (
                value != 0 and abs(value) < DBL_MIN):
            self.die(2, "%s: %s" % (what, word), ERANGE_TEXT)
        return value

    def c_int_base16_or_10(self, word, unsigned):
        """parsetos()/parseflow(): hex after "0x", else decimal; the rest."""
        if word[:2] in ("0x", "0X"):
            value, rest, overflow = _strtol(word[2:], 16, unsigned)
        else:
            value, rest, overflow = _strtol(word, 10, unsigned)
        if overflow:
            self.errno = ERANGE_TEXT
        return _c_int(value), rest


def _locale_loads_files(environ):
    """Whether setlocale(LC_ALL, "") looks for locale files (and so leaves
    errno at ENOENT on this system): some locale other than C/POSIX named."""
    names = []
    if environ.get("LC_ALL"):
        names = [environ["LC_ALL"]]
    else:
        names = [v for k, v in environ.items() if k.startswith("LC_") and v]
        names.append(environ.get("LANG", ""))
    return any(n not in ("", "C", "POSIX") for n in names)


def _c_int(value):
    """(int) of a C long: the low 32 bits, signed."""
    value &= 0xFFFFFFFF
    return value - 2 ** 32 if value >= 2 ** 31 else value


_BLANKS = " \t\n\v\f\r"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _strtol(word, base, unsigned=False):
    """C strtol()/strtoul(): (value, the unread rest, overflowed).  With no
    digits the rest is the whole word and the value 0."""
    i = 0
    while i < len(word) and word[i] in _BLANKS:
        i += 1
    negative = False
    if i < len(word) and word[i] in "+-":
        negative = word[i] == "-"
        i += 1
    if base == 16 and word[i:i + 2] in ("0x", "0X") and word[i + 2:i + 3].lower() in \
            [d for d in _DIGITS[:16]]:
        i += 2
    start = i
    value = 0
    while i < len(word) and word[i].lower() in _DIGITS[:base] and word[i].isascii():
        value = value * base + _DIGITS.index(word[i].lower())
        i += 1
    if i == start:
        return 0, word, False
    limit = ULONG_MAX if unsigned else (LONG_MAX + 1 if negative else LONG_MAX)
    if value > limit:
        return (ULONG_MAX if unsigned else (-LONG_MAX - 1 if negative else LONG_MAX)), \
            word[i:], True
    if negative:
        value = -value
        if unsigned:
            value &= ULONG_MAX
    return value, word[i:], False


def _strtod(word):
    """C strtod() in the C locale: (value, the unread rest, ERANGE).  glibc
    sets ERANGE on overflow, and on underflow: a result below the smallest
    normal double that is not exact (0x1p-1074 is exact, 1e-310 is not)."""
    if word and word != "." and word.count(".") <= 1 and all(c in "0123456789." for c in word):
        # plain digits (-i 0.2, -W 1): Python's float() rounds as strtod does,
        # and only a result under DBL_MIN needs the exact value's check
        value = float(word)
        if value >= DBL_MIN or not any(c in "123456789" for c in word):
            return value, "", False
    from fractions import Fraction

    m = _strtod_regex().match(word)
    if m is None:
        return 0.0, word, False
    rest = word[m.end():]
    body = m.group(0).lstrip(_BLANKS)
    sign = -1.0 if body[:1] == "-" else 1.0
    body = body.lstrip("+-")
    low = body.lower()
    if low.startswith("inf"):
        return sign * float("inf"), rest, False
    if low.startswith("nan"):
        return float("nan"), rest, False
    exact = _exact_value(low)
    try:
        value = float(exact)
    except OverflowError:
        return sign * float("inf"), rest, True
    if value == float("inf"):
        return sign * value, rest, True
    tiny = value < DBL_MIN and exact != 0 and Fraction(value) != exact
    return sign * value, rest, bool(tiny)


def _exact_value(low):
    """The exact rational a decimal or hex float's text stands for."""
    from fractions import Fraction

    if not low.startswith("0x"):
        return Fraction(low)
    mantissa, _, exponent = low[2:].partition("p")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac) or "0"
    return Fraction(int(digits, 16)) * Fraction(2) ** (int(exponent or "0") - 4 * len(frac))


_STRTOD = []


def _strtod_regex():
    if not _STRTOD:
        _STRTOD.append(_strtod_pattern())
    return _STRTOD[0]


def _strtod_pattern():
    import re

    dec = r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
    hexa = r"0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?"
    special = r"(?:[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)"
    return re.compile(r"[ \t\n\v\f\r]*[+-]?(?:%s|%s|%s)" % (hexa, dec, special))



# ---- the options, one function each ----------------------------------------

def _opt_4(p, value):
    if p.r.family == AF_INET6:
        p.die(2, "only one -4 or -6 option may be specified")
    p.r.family = AF_INET


def _opt_6(p, value):
    if p.r.family == AF_INET:
        p.die(2, "only one -4 or -6 option may be specified")
    p.r.family = AF_INET6


def _opt_e(p, value):
    p.r.ident = p.strtol_or_err(value, 0, IDENTIFIER_MAX, unsigned=True)


def _opt_R(p, value):
    if p.r.opt_timestamp:
        p.die(2, "only one of -T or -R may be used")
    p.r.opt_rroute = True


def _opt_T(p, value):
    if p.r.opt_rroute:
        p.die(2, "only one of -T or -R may be used")
    p.r.opt_timestamp = True
    if value not in TS_TYPES:
        p.die(2, "invalid timestamp type: %s" % value)
    p.r.ts_type = TS_TYPES[value]


def _opt_F(p, value):
    label, rest = p.c_int_base16_or_10(value, unsigned=True)
    if rest:
        p.die(2, "bad value for flowinfo: %s" % value)
    if (label & ULONG_MAX) & ~IPV6_FLOWINFO_FLOWLABEL:   # the int, sign-extended
        p.die(2, "flow value is greater than 20 bits: %s" % value)
    p.r.flowlabel = label
    p.r.opt_flowinfo = True


def _opt_N(p, value):
    _niquery_option(p, value)
    p.r.raw_socket = True


def _opt_c(p, value):
    p.r.npackets = p.strtol_or_err(value, 1, LONG_MAX)


def _opt_i(p, value):
    seconds = p.strtod(value, "bad timing interval")
    if seconds > INT_MAX / 1000:
        p.die(2, "bad timing interval: %s" % value)
    p.r.interval = int(seconds * 1000)
    p.r.opt_interval = True


def _opt_W(p, value):
    seconds = p.strtod(value, "bad linger time")
    if seconds < 0 or seconds > INT_MAX / 1000:
        p.die(2, "bad linger time: %s" % value)
    p.r.lingertime = int(seconds * 1000)


def _opt_I(p, value):
    r = p.r
    if ":" in value:
        addr, _, device = value.partition("%")
        if "%" in value:
            r.device = device
        if not _inet_pton6(addr):
            p.die(2, "invalid source address: %s" % value)
        r.source6 = addr
        r.opt_strictsource = True
    elif _inet_pton4(value):
        r.source = value
        r.opt_strictsource = True
    else:
        r.device = value


def _opt_l(p, value):
    r = p.r
    r.preload = p.strtol_or_err(value, 1, MAX_DUP_CHK)
    if r.uid and r.preload > 3:
        p.die(2, "cannot set preload to value greater than 3: %d" % r.preload)


def _opt_m(p, value):
    p.r.mark = p.strtol_or_err(value, 0, UINT_MAX, unsigned=True)
    p.r.opt_mark = True


def _opt_M(p, value):
    if value not in PMTUDISC:
        p.die(2, "invalid -M argument: %s" % value)
    p.r.pmtudisc = PMTUDISC[value]


def _opt_f(p, value):
    p.r.opt_flood = True
    p.r.opt_numeric = True      # no name lookups while flooding


def _opt_p(p, value):
    p.r.opt_pingfilled = True
    p.r.pattern = value


def _opt_Q(p, value):
    tos, rest = p.c_int_base16_or_10(value, unsigned=False)
    if rest:
        p.die(2, "bad TOS value: %s" % value)
    if tos > TOS_MAX:
        p.die(2, "the decimal value of TOS bits must be in range 0-255: %d" % tos)
    p.r.settos = tos


def _opt_s(p, value):
    p.r.datalen = p.strtol_or_err(value, 0, INT_MAX)


def _opt_S(p, value):
    p.r.sndbuf = p.strtol_or_err(value, 1, INT_MAX)


def _opt_t(p, value):
    p.r.ttl = p.strtol_or_err(value, 0, 255)
    p.r.opt_ttl = True


def _opt_w(p, value):
    p.r.deadline = p.strtol_or_err(value, 0, INT_MAX)


def _opt_V(p, value):
    p.say(1, VERSION_TEXT)
    raise PingExit(p.r.output, 0)


def _flag(name):
    def handler(p, value):
        setattr(p.r, name, True)
    return handler


_HANDLERS = {
    "4": _opt_4, "b": _flag("broadcast_pings"), "e": _opt_e, "R": _opt_R, "T": _opt_T,
    "6": _opt_6, "F": _opt_F, "N": _opt_N,
    "a": _flag("opt_audible"), "A": _flag("opt_adaptive"), "B": _flag("opt_strictsource"),
    "c": _opt_c, "C": _flag("opt_connect_sk"), "d": _flag("opt_so_debug"),
    "D": _flag("opt_ptimeofday"), "i": _opt_i, "I": _opt_I, "l": _opt_l,
    "L": _flag("opt_noloop"), "m": _opt_m, "M": _opt_M, "n": _flag("opt_numeric"),
    "O": _flag("opt_outstanding"), "f": _opt_f, "p": _opt_p, "q": _flag("opt_quiet"),
    "Q": _opt_Q, "r": _flag("opt_so_dontroute"), "s": _opt_s, "S": _opt_S, "t": _opt_t,
    "U": _flag("opt_latency"), "v": _flag("opt_verbose"), "V": _opt_V, "w": _opt_w,
    "W": _opt_W,
}


# ---- addresses -------------------------------------------------------------

def _inet_pton4(text):
    """inet_pton(AF_INET): four decimal parts 0..255, no leading zeros."""
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for part in parts:
        if not part or len(part) > 3 or not all(c in "0123456789" for c in part):
            return False
        if len(part) > 1 and part[0] == "0" or int(part) > 255:
            return False
    return True


def _inet_pton6(text):
    try:
        socket.inet_pton(socket.AF_INET6, text)
    except (OSError, ValueError):
        return False
    return True


def _inet_aton(text):
    """glibc inet_aton() (getaddrinfo's and ping4_run's numeric IPv4): 1 to
    4 parts, each decimal, 0x hex or 0 octal, the last filling the bytes
    left; anything after a blank is ignored.  The 4 bytes, or None."""
    parts, i, n = [], 0, len(text)
    while True:
        if i >= n or text[i] not in "0123456789":
            return None
        base, value = 10, 0
        if text[i] == "0":
            i += 1
            base = 8
            if i < n and text[i] in "xX":
                base, i = 16, i + 1
        while i < n and text[i] in "0123456789abcdefABCDEF"[:base if base < 16 else 22]:
            if base == 8 and text[i] in "89":
                return None
            value = value * base + int(text[i], 16)
            if value > 0xFFFFFFFF:
                return None
            i += 1
        if i < n and text[i] == ".":
            if len(parts) == 3 or value > 0xFF:
                return None
            parts.append(value)
            i += 1
            continue
        break
    if i < n and text[i] not in _BLANKS:
        return None
    if value >= 256 ** (4 - len(parts)):
        return None
    number = 0
    for part in parts:
        number = number * 256 + part
    return (number * 256 ** (4 - len(parts)) + value).to_bytes(4, "big")


# ---- -N: node information queries (node_info.c) ---------------------------

# (name, takes "=value", what it does), in niquery_options[] order: each word
# is tried against every entry in turn; an entry whose handler fails lets the
# next be tried, and when none is left the help is printed and ping exits 2.
_NI_OPTIONS = [
    ("name", False, "name"), ("fqdn", False, "name"), ("ipv6", False, "ipv6"),
    ("ipv6-all", False, "ipv6flag"), ("ipv6-compatible", False, "ipv6flag"),
    ("ipv6-linklocal", False, "ipv6flag"), ("ipv6-sitelocal", False, "ipv6flag"),
    ("ipv6-global", False, "ipv6flag"), ("ipv4", False, "ipv4"),
    ("ipv4-all", False, "ipv4flag"), ("subject-ipv6", True, "addr6"),
    ("subject-ipv4", True, "addr4"), ("subject-name", True, "name0"),
    ("subject-fqdn", True, "name-1"), ("help", False, "help"),
]


def _niquery_option(p, word):
    for index, (name, has_arg, kind) in enumerate(_NI_OPTIONS):
        if not word.startswith(name):
            continue
        rest = word[len(name):]
        if has_arg:
            if not rest.startswith("="):
                continue
            ok = _ni_handle(p, index, kind, rest[1:])
        else:
            if rest:
                continue
            ok = _ni_handle(p, index, kind, None)
        if ok:
            return
    p.say(2, NI_HELP)
    raise PingExit(p.r.output, 2)


def _ni_handle(p, index, kind, arg):
    ni = p.r.ni
    if kind == "help":
        p.say(1, NI_HELP)
        raise PingExit(p.r.output, 0)
    if kind in ("name", "ipv6", "ipv6flag", "ipv4", "ipv4flag"):
        qtype = {"name": NI_QTYPE_DNSNAME, "ipv4": NI_QTYPE_IPV4ADDR,
                 "ipv4flag": NI_QTYPE_IPV4ADDR}.get(kind, NI_QTYPE_IPV6ADDR)
        if ni.enabled and ni.query != qtype:
            p.say(1, "Qtype conflict\n")
            return False
        ni.query = qtype
        if kind == "ipv6flag":
            ni.flag |= NI_IPV6_FLAG[_NI_OPTIONS[index][0]]
        elif kind == "ipv4flag":
            ni.flag |= NI_IPV4_FLAG_ALL
        return True
    if kind in ("addr6", "addr4"):
        return _ni_subject_addr(p, kind == "addr6", arg)
    return _ni_subject_name(p, int(kind[4:]), arg)


def _ni_set_subject_type(p, subject_type):
    ni = p.r.ni
    if ni.subject_type >= 0 and ni.subject is not None and ni.subject_type != subject_type:
        p.say(1, "Subject type conflict\n")
        return False
    ni.subject_type = subject_type
    return True


def _ni_subject_addr(p, v6, arg):
    """subject-ipv6= / subject-ipv4=: getaddrinfo() of the word.  Only
    numeric addresses are read here; a name would need the resolver."""
    if not _ni_set_subject_type(p, NI_SUBJ_IPV6 if v6 else NI_SUBJ_IPV4):
        return False
    address = None
    if v6 and "%" not in arg and _inet_pton6(arg):
        address = socket.inet_pton(socket.AF_INET6, arg)
    elif not v6:
        address = _inet_aton(arg)
        if address is None and "%" not in arg and _inet_pton6(arg):
            mapped = socket.inet_pton(socket.AF_INET6, arg)
            if mapped[:12] == b"\0" * 10 + b"\xff\xff":   # ::ffff:a.b.c.d is taken
                address = mapped[12:]
    if address is None and v6 and "%" in arg and _inet_pton6(arg.partition("%")[0]):
        address = _scoped_address(p, arg)
    if address is None and (_inet_aton(arg) if v6 else _inet_pton6(arg.partition("%")[0])):
        # the other family's literal: getaddrinfo() refuses it outright
        address = "Address family for hostname not supported"
    if address is None:
        address = _resolve(p, arg, v6)
    if isinstance(address, str):
        p.warn("%s: %s" % (arg, address))
        return False
    p.r.ni.subject = address
    return True


def _scoped_address(p, arg):
    """An IPv6 literal with "%SCOPE": glibc takes a numeric scope as it is,
    and an interface name on link-local (fe80::/10, ff02::/16) addresses
    only, through if_nametoindex() -- a question for the kernel,
    so for the resolver given to parse() (without one, no such name)."""
    addr, _, scope = arg.partition("%")
    packed = socket.inet_pton(socket.AF_INET6, addr)
    link_local = packed[0] == 0xFE and packed[1] & 0xC0 == 0x80 or \
        packed[0] == 0xFF and packed[1] & 0x0F == 0x02
    if scope and all(c in "0123456789" for c in scope):
        return packed
    if not link_local:
        return "Name or service not known"
    if p.resolver is not None:
        return p.resolver(arg, AF_INET6)
    return "Name or service not known"


def _resolve(p, name, v6):
    """A name for subject-ipv6=/subject-ipv4=: the resolver given to parse()
    answers (the address's bytes, or getaddrinfo's error text).  Without one
    ping is taken to be where no name server answers."""
    if p.resolver is not None:
        return p.resolver(name, AF_INET6 if v6 else AF_INET)
    if name == "" or _dn_comp(name.encode("utf-8", "surrogateescape")) is None:
        return "Name or service not known"      # not a name glibc would ask for
    return "Temporary failure in name resolution"


def _ni_subject_name(p, fqdn, name):
    """subject-name= (fqdn 0: guess from the dots) / subject-fqdn= (-1)."""
    ni = p.r.ni
    if not _ni_set_subject_type(p, NI_SUBJ_FQDN):
        return False
    problem = _idn2_lookup_problem(name)
    if problem:
        p.die(2, "IDN encoding error: %s" % problem)
    name, percent, scope = name.partition("%")
    if percent and len(scope.encode("utf-8", "surrogateescape")) >= IFNAMSIZ:
        p.die(1, "too long scope name")
    canon = "".join(c.lower() if "A" <= c <= "Z" else c for c in name)
    if fqdn == 0:
        fqdn = 1 if "." in name else -1
    wire = _dn_comp(canon.encode("utf-8", "surrogateescape"))
    if wire is None:
        p.warn("inappropriate subject name: %s" % canon)
        raise PingExit(p.r.output, 1)
    # node_info.c hashes buf[0] bytes from the start: the first label's
    # length byte and all but its last character
    import hashlib

    digest = hashlib.md5(wire[:wire[0]]).digest()
    ni.group = "ff02::2:%02x%02x:%02x%02x%s%s" % (
        digest[0], digest[1], digest[2], digest[3], percent, scope)
    ni.subject = wire + (b"\0" if fqdn < 0 else b"")
    return True


def _idn2_lookup_problem(name):
    """What libidn2's idn2_lookup_ul() (non-transitional) refuses in an
    ASCII name, in the C locale; None when it takes it.  Non-ASCII cannot be
    converted from the C locale.  (Labels "xn--..." are checked only so far
    as Python's punycode and IDNA 2003 codecs can.)"""
    try:
        name.encode("ascii")
    except UnicodeEncodeError:
        return "could not convert string to UTF-8"
    labels = name.split(".")
    for label in labels:
        if len(label) > 63:
            return "domain label longer than 63 characters"
        if label[:4].lower() == "xn--":
            try:
                decoded = label[4:].encode("ascii").decode("punycode")
                if not decoded:
                    raise ValueError
            except (UnicodeError, ValueError):
                return "string contains invalid punycode data"
            try:
                decoded.encode("idna")
            except UnicodeError:
                return "domain label has character forbidden in non-transitional mode (TR46)"
            continue
        if label.startswith("-") or label.endswith("-"):
            return "string start/ends with forbidden hyphen"
        if label[2:4] == "--":
            return "string contains forbidden two hyphens pattern"
    if len(name[:-1] if name.endswith(".") else name) > 253:
        return "domain name longer than 255 characters"
    return None


def _dn_comp(text):
    """dn_comp() of one name (nothing to compress against): the wire form,
    or None where it fails (an empty or over-long label, over 255 bytes)."""
    labels, label, i = [], b"", 0
    while i < len(text):
        c = text[i:i + 1]
        if c == b"\\":
            digits = text[i + 1:i + 4]
            if len(digits) == 3 and digits.isdigit():
                if int(digits) > 255:
                    return None
                label += bytes([int(digits)])
                i += 4
                continue
            if i + 1 >= len(text):
                return None
            label += text[i + 1:i + 2]
            i += 2
            continue
        if c == b".":
            if not label:
                if i == 0 and len(text) == 1:
                    break          # "." is the root
                return None
            labels.append(label)
            label = b""
        else:
            label += c
        i += 1
    if label:
        labels.append(label)
    wire = b""
    for label in labels:
        if len(label) > 63:
            return None
        wire += bytes([len(label)]) + label
    wire += b"\0"
    if len(wire) > 255 or len(wire) > len(text) + 4:
        return None
    return wire


# ---- the entry point -------------------------------------------------------

def parse(argv, uid=0, environ=None, resolver=None):
    """Read ping's command line.  argv: argv[0] first (its last character
    picks ping4/ping6; it starts every message).  uid: the real user id (0:
    root).  environ: POSIXLY_CORRECT and the locale variables.  resolver:
    resolver(name, family) -> address bytes or getaddrinfo's error text, for
    the one thing parsing resolves: a name in -N subject-ipv6=/subject-ipv4=
    (numeric addresses are read here).  Returns a PingArgs; raises PingExit
    where ping stops before opening a socket."""
    if environ is None:
        environ = {}
    if not argv:
        argv = ["ping"]
    return _Parser(argv, uid, environ, resolver).run(list(argv))


# ---- checks made later, after sockets and name resolution -------------------

def hop_usage_error(r, family):
    """ping4_run()/ping6_run(): too many operands for the family resolved
    (after the destination was resolved).  The usage text, or None."""
    count = len(r.operands)
    if count <= 1:
        return None
    if family == AF_INET6 or r.opt_rroute:
        return USAGE
    if r.opt_timestamp:
        if r.ts_type != IPOPT_TS_PRESPEC or count > 5:
            return USAGE
        return None
    return USAGE if count > 10 else None


def multicast_error(r, family):
    """Broadcast (-b) or multicast destination, as non-root: the message,
    or None (ping4_run/ping6_run, after the source address is known)."""
    if not r.uid:
        return None
    kind = "broadcast" if family == AF_INET else "multicast"
    if r.interval < 1000:
        return "%s ping with too short interval: %d" % (kind, r.interval)
    if r.pmtudisc >= 0 and r.pmtudisc != PMTUDISC["do"]:
        return "%s ping does not fragment" % kind
    return None


def effective_interval(r):
    """setup(): -f without -i floods with no pause."""
    return 0 if r.opt_flood and not r.opt_interval else r.interval


def setup_error(r):
    """setup()'s checks (after the PING header line): the message or None."""
    interval = effective_interval(r)
    if r.uid and interval < MINUSERINTERVAL:
        return "cannot flood; minimal interval allowed for user is %dms" % MINUSERINTERVAL
    if interval >= INT_MAX // r.preload:
        return "illegal preload and/or interval: %d" % interval
    return None
