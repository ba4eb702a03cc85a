"""route -- show / manipulate the IP routing table (net-tools 2.10, Debian 12's /sbin/route).

Usage (what `route -h` prints on stdout; the list of families goes to stderr):

  route [-nNvee] [-FC] [<AF>]           List kernel routing tables
  route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.
  route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.
  route {-V|--version}                  Display version/author and exit.

Options (getopt_long "A:eCFhnN64Vv?", plus --inet, --inet6, --ax25 ... as
families): -n/--numeric and -N/--symbolic show numbers; -e/--extend once shows
MSS, Window and irtt, twice every column (a third -e leaves only the title, a
fourth counts as none: net-tools keeps `count & 3`); -F/--fib the table
(default), -C/--cache the route cache; -A AF, -4, -6, --AF choose families
(a comma-separated list shows each in turn); -v is accepted.

How it reads the kernel (pynettools.kernel.procroute): /proc/net/route for
IPv4, /proc/net/ipv6_route for IPv6, /proc/net/rt_cache for -C; names through
gethostbyaddr (hosts and gateways) and getnetbyaddr (/etc/networks, for
network destinations), in net-tools' INET_rresolve order, and getnameinfo for
IPv6.  Changes: `route add|del` build a struct rtentry (IPv4) or in6_rtmsg
(IPv6) and hand it to the kernel with the SIOCADDRT / SIOCDELRT ioctls;
IPv6 device names become an index with SIOCGIFINDEX.

The order of work of route.c's main():
  1. "-net" and "-host" words become "#net" / "#host" (getopt must not see them)
  2. getopt_long: options, families (aftrans_opt), -V prints and exits
  3. -h: route's usage, or the family's own with -A (RTACTION_HELP)
  4. no operand: show each family (route_info -> *_rprint); else add|del|flush
     go to the family's *_rinput (route_edit); anything else is a usage error
"""
import sys

SPEC = {
    "name": "route",
    "section": "8",
    "summary": "show / manipulate the IP routing table",
    "synopsis": [
        "route [-CFvnNee] [-A family |-4|-6]",
        "route [-v] [-A family |-4|-6] add [-net|-host] target [netmask Nm] [gw Gw] [metric N] "
        "[mss M] [window W] [irtt I] [reject] [mod] [dyn] [reinstate] [[dev] If]",
        "route [-v] [-A family |-4|-6] del [-net|-host] target [gw Gw] [netmask Nm] [metric M] [[dev] If]",
        "route [-V] [--version] [-h] [--help]",
    ],
    "options": [
        ("-A", "--protocol", "AF", "use the specified address family (inet, inet6, ...); a comma-separated list"),
        ("-4", None, None, "same as -A inet"),
        ("-6", None, None, "same as -A inet6"),
        ("-F", "--fib", None, "display the Forwarding Information Base (default)"),
        ("-C", "--cache", None, "display the routing cache instead of the FIB"),
        ("-v", "--verbose", None, "be verbose"),
        ("-n", "--numeric", None, "show numerical addresses instead of looking up names"),
        ("-N", "--symbolic", None, "same as -n here"),
        ("-e", "--extend", None, "display other/more information (-ee: all columns)"),
        ("-V", "--version", None, "print version information and exit"),
        ("-h", "--help", None, "print usage (with -A: the family's) and exit"),
    ],
    "completions": {
        "-A": ["inet", "inet6", "ax25", "netrom", "rose", "ipx", "ddp", "x25"],
        "words": ["add", "del", "flush", "-net", "-host", "default", "gw", "netmask", "metric",
                  "mss", "window", "irtt", "reject", "mod", "dyn", "reinstate", "dev"],
    },
    "man": (
        "DESCRIPTION\n"
        "route shows the kernel's IPv4 routing table (the main table), or the IPv6 "
        "routes with -6, and adds or deletes routes. Columns: Destination and Genmask "
        "(the network and its mask; default for 0.0.0.0/0), Gateway (0.0.0.0 or * "
        "when none), Flags (U up, G gateway, H host, ! reject, and the rarer R D M), "
        "Metric, Ref, Use and Iface; -e shows MSS, Window and irtt instead, -ee "
        "everything. Names come from /etc/hosts and DNS (hosts, gateways) and "
        "/etc/networks (networks), truncated to 15 characters; -n shows numbers.\n"
        "\n"
        "HOW IT READS THE KERNEL\n"
        "The IPv4 table is read from /proc/net/route, which lists only the main "
        "table (ip route's other tables and local routes are not there); IPv6 from "
        "/proc/net/ipv6_route, which lists every table, the local and multicast "
        "routes too. Routes are added and deleted with the SIOCADDRT and SIOCDELRT "
        "ioctls (struct rtentry, or struct in6_rtmsg for IPv6), which the kernel "
        "turns into the same changes as rtnetlink; metric N becomes N+1 in the "
        "rtentry (the kernel subtracts one again).\n"
        "\n"
        "EXIT STATUS\n"
        "0 on success (and for -h and getopt errors, which print the usage); 1 "
        "for an unknown family; 3 for a usage error; 6 when a name cannot be "
        "resolved; 7 when the kernel refuses a change.\n"
        "\n"
        "DIFFERENCES\n"
        "None intended: output, messages and exit status are those of net-tools 2.10 "
        "as built by Debian 12."
    ),
}

USAGE = (
    "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n"
    "       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n"
    "\n"
    "       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n"
    "       route {-V|--version}                  Display version/author and exit.\n"
    "\n"
    "        -v, --verbose            be verbose\n"
    "        -n, --numeric            don't resolve names\n"
    "        -e, --extend             display other/more information\n"
    "        -F, --fib                display Forwarding Information Base (default)\n"
    "        -C, --cache              display routing cache instead of FIB\n"
    "\n"
    "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n"
    "  List of possible address families (which support routing):\n"
)

# print_aflist(1): the families that have a route printer, three to a line.
AFLIST = (
    "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n"
    "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n"
    "    ddp (Appletalk DDP) x25 (CCITT X.25) \n"
)

INET_USAGE = (
    "Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n"
    "       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n"
    "                              [netmask N] [mss Mss] [window W] [irtt I]\n"
    "                              [mod] [dyn] [reinstate] [[dev] If]\n"
    "       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n"
    "       inet_route [-FC] flush      NOT supported\n"
)

INET6_USAGE = (
    "Usage: inet6_route [-vF] del Target\n"
    "       inet6_route [-vF] add Target [gw Gw] [metric M] [[dev] If]\n"
    "       inet6_route [-FC] flush      NOT supported\n"
)

X25_USAGE = (
    "Usage: x25_route [-v] del Target[/mask] [dev] If\n"
    "       x25_route [-v] add Target[/mask] [dev] If\n"
)

VERSION = (
    "net-tools 2.10\n"
    "+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\n"
    "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n"
    "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI "
    "+HDLC/LAPB +EUI64 \n"
)

# lib/net-support.h
FLAG_EXT = 3
FLAG_NUM = 4 | 8 | 16
FLAG_SYM = 32
FLAG_CACHE = 64
FLAG_FIB = 128
FLAG_VERBOSE = 256
E_OPTERR = 3
E_LOOKUP = 6
E_SOCK = 7
E_USAGE = 0

RTACTION_ADD, RTACTION_DEL, RTACTION_HELP, RTACTION_FLUSH, RTACTION_SHOW = 1, 2, 3, 4, 5

# getopt_long's arguments (route.c): the family names first (AFTRANS_OPTS, value 1).
_OPTSTRING = "A:eCFhnN64Vv?"
_AF_LONG = ("ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "rose",
            "unix", "bluetooth", "tcpip")
_LONG_OPTIONS = tuple((name, 0, "\x01") for name in _AF_LONG) + (
    ("extend", 0, "e"), ("verbose", 0, "v"), ("version", 0, "V"), ("numeric", 0, "n"),
    ("symbolic", 0, "N"), ("protocol", 1, "A"), ("cache", 0, "C"), ("fib", 0, "F"),
    ("help", 0, "h"))

# lib/af.c aftrans[]: what -A and --NAME accept, and the family it names.
_AFTRANS = (("ax25", "ax25"), ("ip", "inet"), ("ip6", "inet6"), ("ipx", "ipx"), ("rose", "rose"),
            ("appletalk", "ddp"), ("netrom", "netrom"), ("inet", "inet"), ("inet6", "inet6"),
            ("ddp", "ddp"), ("unix", "unix"), ("tcpip", "inet"), ("econet", "ec"), ("x25", "x25"),
            ("ash", "ash"), ("bluetooth", "bluetooth"))
_AFTRANS_MAP = dict(_AFTRANS)

# The families this net-tools build knows (get_aftype), and which print or edit routes.
_KNOWN_FAMILIES = ("unix", "inet", "inet6", "ax25", "netrom", "rose", "ipx", "ddp", "ec", "x25", "ash")
_PRINTERS = ("inet", "inet6", "ax25", "netrom", "rose", "ipx", "ddp", "x25")
_EDITORS = ("inet", "inet6", "ipx", "netrom", "x25")


class _Exit(Exception):
    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


class Route:
    """One run of route: its streams and the address family (afname).
    netstat -r makes one too, and prints the table with route_info()."""

    def __init__(self, env):
        self.env = env
        self.out = env.stdout
        self.err = env.stderr
        self.kernel = env.kernel
        self.afname = ""

    def usage(self, rc):
        """route.c usage(): the text on stdout (rc 0) or stderr, the family list on stderr; exits."""
        (self.err if rc else self.out).write(USAGE)
        self.err.write(AFLIST)
        raise _Exit(rc)

    def aftrans_opt(self, arg):
        """lib/af.c aftrans_opt(): add each comma-separated alias's family to afname."""
        for alias in arg[:255].split(","):
            name = _AFTRANS_MAP.get(alias)
            if name is None:
                self.err.write("Unknown address family `%s'.\n" % alias)
                return 1
            if len(name) + len(self.afname) + 1 >= 256:
                self.err.write("Too much address family arguments.\n")
                return 0
            self.afname = self.afname + "," + name if self.afname else name
        return 0

    def get_aftype(self, name):
        """lib/af.c get_aftype(): the family named, or None (with its message for lists)."""
        if "," in name:
            self.err.write("Please don't supply more than one address family.\n")
            return None
        if name in _KNOWN_FAMILIES:
            return name
        return None


def main(argv, env):
    route = Route(env)
    try:
        return _main(route, argv) & 0xFF
    except _Exit as done:
        return done.status & 0xFF


def _main(route, argv):
    from pynettools.getopt import Getopt

    argv = [("#" + word[1:]) if word in ("-net", "-host") else word for word in argv]
    opt_n = opt_v = opt_e = opt_fc = opt_h = 0
    parser = Getopt(argv, _OPTSTRING, _LONG_OPTIONS, route.err, route.env.environ)
    for option, value in parser:
        if option == "n":
            opt_n |= FLAG_NUM
        elif option == "N":
            opt_n |= FLAG_SYM
        elif option == "v":
            opt_v |= FLAG_VERBOSE
        elif option == "e":
            opt_e += 1
        elif option == "\x01":
            status = route.aftrans_opt(_AF_LONG[parser.longindex])
            if status:
                return status
        elif option == "C":
            opt_fc |= FLAG_CACHE
        elif option == "F":
            opt_fc |= FLAG_FIB
        elif option in "A64":
            status = route.aftrans_opt({"A": value, "6": "inet6", "4": "inet"}[option])
            if status:
                return status
        elif option == "V":
            route.out.write(VERSION)
            return 0
        elif option in "h?":
            opt_h += 1
        else:
            route.usage(E_OPTERR)
    operands = parser.operands
    what = RTACTION_SHOW
    if opt_h:
        if not route.afname:
            route.usage(E_USAGE)
        what = RTACTION_HELP
    else:
        if not route.afname:
            route.afname = "inet"
        if operands:
            verb = operands[0]
            if verb == "add":
                what = RTACTION_ADD
            elif verb in ("del", "delete"):
                what = RTACTION_DEL
            elif verb == "flush":
                what = RTACTION_FLUSH
            else:
                route.usage(E_OPTERR)
    options = (opt_e & FLAG_EXT) | opt_n | opt_fc | opt_v
    if not opt_fc:
        options |= FLAG_FIB
    if what == RTACTION_SHOW:
        return route_info(route, options)
    return route_edit(route, what, options, operands[1:])


# ---- showing (lib/getroute.c, inet_gr.c, inet6_gr.c) -------------------------

def route_info(route, options):
    """lib/getroute.c route_info(): the table of each family named in
    route.afname (comma-separated), as options (FLAG_*) say; `route` and
    `netstat -r` both print with it."""
    for name in route.afname[:255].split(","):
        if not name:
            continue
        family = route.get_aftype(name)
        if family is None:
            route.err.write("Address family `%s' not supported.\n" % name)
            return E_OPTERR
        if family not in _PRINTERS:
            route.err.write("No routing for address family `%s'.\n" % family)
            return E_OPTERR
        status = _PRINTER_FUNCTIONS[family](route, options)
        if status:
            return status
    return 0


def inet_rprint(route, options):
    ext = options & FLAG_EXT
    numeric = options & (4 | FLAG_SYM)
    if options & FLAG_FIB:
        status = _rprint_fib(route, ext, numeric)
        if status:
            return status
    if options & FLAG_CACHE:
        return _rprint_cache(route, ext, numeric)
    return 0


_HEADERS = {
    1: "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
    2: "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n",
    3: "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n",
}

# Flag letters in inet_gr.c's order; "!" (RTF_REJECT) replaces what came before it.
_V4_FLAGS_BEFORE = ((0x0001, "U"), (0x0002, "G"))
_V4_FLAGS_AFTER = ((0x0004, "H"), (0x0008, "R"), (0x0010, "D"), (0x0020, "M"), (0x00010000, "d"),
                   (0x00020000, "a"), (0x00040000, "c"), (0x00200000, "o"), (0x00400000, "e"),
                   (0x01000000, "c"), (0x02000000, "f"), (0x04000000, "p"), (0x80000000, "l"),
                   (0x0040, "u"), (0x0080, "w"), (0x0100, "i"), (0x0400, "n"))


def _v4_flags(iflags):
    return _flag_letters(iflags, _V4_FLAGS_BEFORE, _V4_FLAGS_AFTER)


def _flag_letters(iflags, before, after):
    """The Flags column: the letters of `before`, then RTF_REJECT (0x0200)
    replaces all of them with "!" (net-tools strcpy()s it), then `after`'s."""
    flags = ""
    for bit, letter in before:
        if iflags & bit:
            flags += letter
    if iflags & 0x0200:
        flags = "!"
    for bit, letter in after:
        if iflags & bit:
            flags += letter
    return flags


def _rprint_fib(route, ext, numeric):
    """inet_gr.c rprint_fib(): /proc/net/route as a table.

    net-tools 2.10 prints level ext+1: plain, -e (MSS Window irtt), -ee
    (all); -eee names no level, so only the title is printed.
    """
    from pynettools.kernel import procroute

    out = route.out
    try:
        text = procroute.read_ipv4_route_text(route.kernel)
    except OSError as err:
        route.err.write("%s: %s\n" % (procroute.PROC_NET_ROUTE, err.strerror))
        out.write("INET (IPv4) not configured in this system.\n")
        return 1
    out.write("Kernel IP routing table\n")
    level = ext + 1
    header = _HEADERS.get(level)
    if header is None:
        return 0
    out.write(header)
    if numeric & 0x0FFF and _fib_numeric(out, text, level):
        return 0
    if numeric & 0x0FFF:
        name_of = None
    else:
        from pynettools.kernel.arp import Resolver

        name_of = Resolver(route.kernel).address_name
    import struct

    lines = []
    append = lines.append
    # rprint_fib's variables live across lines: what a short line does not
    # set keeps the value of the line before (mss, window, irtt from 0, the
    # addresses INET_getsock() could not read).
    held = {"mss": 0, "window": 0, "irtt": 0, "dest": bytes(4), "gate": bytes(4), "mask": bytes(4),
            "iface": "", "refcnt": 0, "use": 0, "metric": 0}
    for line in text.split("\n")[1:]:
        if not line:
            continue
        values = _scan_route_line(line)
        count = len(values)
        for key, value in zip(("iface", "dest_word", "gate_word", "iflags", "refcnt", "use", "metric",
                               "mask_word", "mss", "window", "irtt"), values):
            held[key] = value
        if count < 10 or not held["iflags"] & 0x0001:
            continue
        iflags = held["iflags"]
        for key in ("dest", "gate", "mask"):
            packed = _getsock(held[key + "_word"])
            if packed is not None:
                held[key] = packed
        iface, refcnt, use, metric = held["iface"], held["refcnt"], held["use"], held["metric"]
        mss, window, irtt = held["mss"], held["window"], held["irtt"]
        mask_text = _ntoa(held["mask"])
        if name_of is None:
            dest_text = _ntoa(held["dest"])
            gate_text = _ntoa(held["gate"])
        else:
            dest_text = name_of(held["dest"], 0x8000 | (0x4000 if iflags & 0x0004 else 0),
                                struct.unpack("=I", held["mask"])[0])[:15]
            gate_text = name_of(held["gate"], 0x4000, 0xFFFFFF00)[:15]
        flags = _v4_flags(iflags)
        if iflags & 0x0200:
            if level == 1:
                append("%-15s -               %-15s %-5s %-6d -  %7d -\n"
                       % (dest_text, mask_text, flags, metric, use))
            elif level == 2:
                append("%-15s -               %-15s %-5s     - -          - -\n"
                       % (dest_text, mask_text, flags))
            elif level == 3:
                append("%-15s -               %-15s %-5s %-6d -  %7d -        -     -      -\n"
                       % (dest_text, mask_text, flags, metric, use))
        elif level == 1:
            append("%-15s %-15s %-15s %-5s %-6d %-2d %7d %s\n"
                   % (dest_text, gate_text, mask_text, flags, metric, refcnt, use, iface[:15]))
        elif level == 2:
            append("%-15s %-15s %-15s %-5s %5d %-5d %6d %s\n"
                   % (dest_text, gate_text, mask_text, flags, mss, window, irtt, iface[:15]))
        elif level == 3:
            append("%-15s %-15s %-15s %-5s %-6d %-3d %6d %-6.6s   %-5d %-6d %d\n"
                   % (dest_text, gate_text, mask_text, flags, metric, refcnt, use, iface[:15],
                      mss, window, irtt))
        if len(lines) >= 4096:
            out.write("".join(lines))
            del lines[:]
    out.write("".join(lines))
    return 0


def _fib_numeric(out, text, level):
    """`route -n` (-ne, -nee): the common case, made fast for big tables (100,000 routes).

    The same lines as the general loop in _rprint_fib, from the file's text:
    lines in the kernel's own layout (tab-separated, addresses of 8 hex
    digits) are cut with one split("\t") each, their numbers kept as the
    kernel's decimal text (what %d of the scanned value prints again) and
    their addresses converted through a table of the 256 hex byte pairs.
    False (nothing printed) when a line is not in that layout: the general
    reader then does the whole table, as sscanf() would.
    """
    import sys as _sys

    octet = {}
    for value in range(256):
        octet["%02X" % value] = str(value)
    little = _sys.byteorder == "little"
    seen = {}
    flag_texts = {}

    def dotted(word):  # KeyError for anything but 8 upper-case hex digits
        if little:
            return "%s.%s.%s.%s" % (octet[word[6:8]], octet[word[4:6]], octet[word[2:4]], octet[word[0:2]])
        return "%s.%s.%s.%s" % (octet[word[0:2]], octet[word[2:4]], octet[word[4:6]], octet[word[6:8]])

    # A piece of the body at a time (whole lines, about 2 MB): a column split
    # of the whole 100k-route file would hold a million strings at once
    # (over 100 MB, and the page faults cost as much time as the work).
    # Nothing is written until every piece is done: a piece the fast paths
    # cannot read hands the whole table to the general reader.
    pieces = []
    try:
        for body in _body_pieces(text):
            piece = _fib_numeric_columns(body, level, dotted, seen, flag_texts)
            if piece is None:
                piece = _fib_numeric_lines(body, level, dotted, seen, flag_texts)
                if piece is None:
                    return False
            pieces.append(piece)
    except KeyError:
        return False
    for piece in pieces:
        out.write(piece)
    return True


_PIECE_BYTES = 1 << 21


def _body_pieces(text):
    """The file after its header line, in pieces that end at a newline (the
    last one as the file ends)."""
    start = text.find("\n") + 1
    if not start:
        return
    end = len(text)
    while start < end:
        stop = text.find("\n", min(start + _PIECE_BYTES, end - 1))
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


_DROP_HEX = str.maketrans("", "", "0123456789ABCDEF")


def _fib_numeric_columns(body, level, dotted, seen, flag_texts):
    """`route -n` over a piece of a big table in the kernel's exact layout, a column at a time.

    Every line the kernel writes has 10 tabs (and padding to 127 characters);
    when all of them do, the file is one flat list of fields, 11 to a route, and each
    column is checked and converted with C-speed operations (one giant
    format for all destination addresses, one for all output lines).  The
    text printed, or None for anything else -- a reject route, a route not
    up, an odd line -- and the line-by-line path takes over.
    """
    if not body.endswith("\n"):
        return None
    count = body.count("\n")
    flat = body.replace("\n", "\t").split("\t")
    flat.pop()  # after the last newline
    if not count or len(flat) != 11 * count:
        return None
    # Each line must be 11 tab-separated fields: the last one (IRTT) is digits
    # and the line's padding, and no device name holds a space, so a line with
    # a tab too many or too few would show in these columns.
    # The columns other than the destination hold few distinct values: each
    # is checked once (and a column of one value is printed once, below).
    distinct = {index: set(flat[index::11]) for index in (0, 2, 3, 4, 5, 6, 7, 8, 9, 10)}
    for word in distinct[10]:
        digits = word.rstrip(" ")
        if not (digits.isdigit() and digits.isascii() and len(digits) < 10):
            return None
    ifaces, dests, gates, flag_words = flat[0::11], flat[1::11], flat[2::11], flat[3::11]
    refcnts, uses, metrics, masks = flat[4::11], flat[5::11], flat[6::11], flat[7::11]
    # Destinations differ from route to route: checked as a whole column.
    all_dests = "".join(dests)
    if set(map(len, dests)) != {8} or all_dests.translate(_DROP_HEX):
        return None
    for word in distinct[2] | distinct[7]:
        if len(word) != 8 or word.translate(_DROP_HEX):
            return None
    for index in (4, 5, 6, 8, 9):
        for word in distinct[index]:
            if not (word.isdigit() and word.isascii() and len(word) < 10):
                return None
    for word in distinct[0]:
        if not word or len(word) > 15 or " " in word:
            return None
    for word in distinct[3]:
        if len(word) != 4 or word.translate(_DROP_HEX):
            return None
        iflags = int(word, 16)
        if not iflags & 0x0001 or iflags & 0x0200:
            return None
        flag_texts[word] = (_v4_flags(iflags), False)
    for word in distinct[2] | distinct[7]:
        if word not in seen:
            seen[word] = dotted(word)
    import sys as _sys

    packed = bytes.fromhex(all_dests)
    if _sys.byteorder == "little":
        dest_texts = (("%d.%d.%d.%d\n" * count) % tuple(packed[::-1])).split("\n")
        dest_texts.pop()
        dest_texts.reverse()
    else:
        dest_texts = (("%d.%d.%d.%d\n" * count) % tuple(packed)).split("\n")
        dest_texts.pop()
    import itertools

    get = seen.__getitem__
    flags = [flag_texts[word][0] for word in flag_words]
    if level == 1:
        columns = (dest_texts, map(get, gates), map(get, masks), flags, metrics, refcnts, uses, ifaces)
        fmt = "%-15s %-15s %-15s %-5s %-6s %-2s %7s %s\n"
    elif level == 2:
        columns = (dest_texts, map(get, gates), map(get, masks), flags, flat[8::11], flat[9::11],
                   map(str.rstrip, flat[10::11]), ifaces)
        fmt = "%-15s %-15s %-15s %-5s %5s %-5s %6s %s\n"
    else:
        columns = (dest_texts, map(get, gates), map(get, masks), flags, metrics, refcnts, uses, ifaces,
                   flat[8::11], flat[9::11], map(str.rstrip, flat[10::11]))
        fmt = "%-15s %-15s %-15s %-5s %-6s %-3s %6s %-6.6s   %-5s %-6s %s\n"
    if all(len(distinct[index]) == 1 for index in _SHOWN_COLUMNS[level]):
        # every route of the piece alike but for its destination (a big table
        # through one gateway): the rest of the line is formatted once
        first = [column[0] if isinstance(column, list) else next(column) for column in columns]
        tail = (fmt % tuple(first))[15:]  # a dotted quad fills "%-15s" exactly
        return (("%-15s" + tail.replace("%", "%%")) * count) % tuple(dest_texts)
    fields = tuple(itertools.chain.from_iterable(zip(*columns)))
    return (fmt * count) % fields


# The /proc/net/route columns each level prints besides the destination.
_SHOWN_COLUMNS = {1: (2, 7, 3, 6, 4, 5, 0), 2: (2, 7, 3, 8, 9, 10, 0), 3: (2, 7, 3, 6, 4, 5, 0, 8, 9, 10)}


def _fib_numeric_lines(body, level, dotted, seen, flag_texts):
    """A piece of the table line by line: the text printed, or None when a
    line is not in the kernel's layout (the general reader then does it all)."""
    lines = []
    append = lines.append
    for line in body.split("\n"):
        if not line:
            continue
        parts = line.split("\t")
        if (len(parts) != 11 or len(parts[0]) > 15 or " " in parts[0] or not parts[0]
                or len(parts[1]) != 8 or len(parts[2]) != 8 or len(parts[7]) != 8):
            return None  # not the kernel's layout: the general reader does it all
        iface, dest, gate, flags_word, refcnt, use, metric, mask, mss, window, irtt = parts
        flags = flag_texts.get(flags_word)
        if flags is None:
            if len(flags_word) != 4 or any(ch not in _HEXDIGITS for ch in flags_word):
                return None
            iflags = int(flags_word, 16)
            flags = flag_texts[flags_word] = (_v4_flags(iflags) if iflags & 0x0001 else None,
                                              bool(iflags & 0x0200))
        flag_text, reject = flags
        if flag_text is None:
            continue
        gate_text = seen.get(gate)
        if gate_text is None:
            gate_text = seen[gate] = dotted(gate)
        mask_text = seen.get(mask)
        if mask_text is None:
            mask_text = seen[mask] = dotted(mask)
        irtt = irtt.rstrip(" ")
        if not (metric.isdigit() and use.isdigit() and refcnt.isdigit() and mss.isdigit()
                and window.isdigit() and irtt.isdigit() and len(metric) < 10 and len(use) < 10
                and len(refcnt) < 10 and len(mss) < 10 and len(window) < 10 and len(irtt) < 10):
            return None
        if level == 1:
            if reject:
                append("%-15s -               %-15s %-5s %-6s -  %7s -\n"
                       % (dotted(dest), mask_text, flag_text, metric, use))
            else:
                append("%-15s %-15s %-15s %-5s %-6s %-2s %7s %s\n"
                       % (dotted(dest), gate_text, mask_text, flag_text, metric, refcnt, use, iface[:15]))
        elif level == 2:
            if reject:
                append("%-15s -               %-15s %-5s     - -          - -\n"
                       % (dotted(dest), mask_text, flag_text))
            else:
                append("%-15s %-15s %-15s %-5s %5s %-5s %6s %s\n"
                       % (dotted(dest), gate_text, mask_text, flag_text, mss, window, irtt, iface[:15]))
        elif level == 3:
            if reject:
                append("%-15s -               %-15s %-5s %-6s -  %7s -        -     -      -\n"
                       % (dotted(dest), mask_text, flag_text, metric, use))
            else:
                append("%-15s %-15s %-15s %-5s %-6s %-3s %6s %-6.6s   %-5s %-6s %s\n"
                       % (dotted(dest), gate_text, mask_text, flag_text, metric, refcnt, use, iface[:15],
                          mss, window, irtt))
    return "".join(lines)


_C_SPACE = " \t\n\v\f\r"
_HEXDIGITS = "0123456789abcdefABCDEF"


def _scan_route_line(line):
    """sscanf(line, "%15s %127s %127s %X %d %d %u %127s %d %d %d"): the values
    converted, in order, up to the first directive that fails (the count is
    what sscanf returns).  Strings stay text; numbers are C ints (%X's signed)."""
    return _scan_with(line, ("s15", "s127", "s127", "X", "d", "d", "u", "s127", "d", "d", "d"), signed_hex=True)


def _getsock(word):
    """lib/inet.c INET_getsock(): the first 8 hex digits of the word as the
    address (CPU order, as the kernel printed it); None when they are not
    there (the C struct then keeps what it held)."""
    head = word[:8]
    if len(head) < 8 or any(ch not in _HEXDIGITS for ch in head):
        return None
    from pynettools.kernel.procroute import hex_to_inet

    return hex_to_inet(head)


def _ntoa(packed):
    return "%d.%d.%d.%d" % (packed[0], packed[1], packed[2], packed[3])


def _scan_d(word):
    """sscanf("%d") into an int: strtol's value (clamped to a long), cut to 32 bits."""
    value = int(word)
    value = max(min(value, (1 << 63) - 1), -(1 << 63))
    return _c_int(value)


_CACHE_HEADERS = {
    1: "Source          Destination     Gateway         Flags Metric Ref    Use Iface\n",
    2: "Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n",
    3: "Source          Destination     Gateway         Flags Metric Ref    Use Iface    "
       "MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n",
}


def _rprint_cache(route, ext, numeric):
    """inet_gr.c rprint_cache(): /proc/net/rt_cache.

    Since Linux 3.6 the file holds its header and nothing else (the IPv4
    route cache was removed), so the title and the column header are all
    that is printed.  Rows, as 2.2 to 3.5 wrote them, are read as net-tools
    reads them: the layout guessed from the header's names (_cache_format),
    each line sscanf'd with a format made from the header (proc_gen_fmt),
    lines of fewer than 12 values skipped, the addresses through
    INET_getsock() and INET_sprint().
    """
    from pynettools.kernel import procroute

    try:
        text = procroute.read_rt_cache_text(route.kernel)
    except OSError as err:
        route.err.write("%s: %s\n" % (procroute.PROC_NET_RT_CACHE, err.strerror))
        route.out.write("INET (IPv4) not configured in this system.\n")
        return 1
    newline = text.find("\n")
    header = text if newline < 0 else text[:newline + 1]
    if not header or len(header) > 510:
        # proc_guess_fmt's fgets fails (I/O error: perror with a stale errno) or cuts the header
        raise NotImplementedError("route: /proc/net/rt_cache without a header line of the kernel's size")
    layout = _cache_format(header)
    route.out.write("Kernel IP routing cache\n")
    level = ext + 1
    if layout not in (63, 97):
        route.out.write("ERROR: proc_guess_fmt(%s,... returned: %d\n" % (procroute.PROC_NET_RT_CACHE, layout))
    if level in (1, 2) or (level == 3 and layout == 63):
        route.out.write(_CACHE_HEADERS[level])
    rows = [line for line in text[len(header):].split("\n") if line]
    if not rows:
        return 0
    if layout != 63:
        # 2.0's layout (97) is not done here; with any other there is no
        # sscanf format and the row's values are uninitialised in C
        raise NotImplementedError("route: /proc/net/rt_cache rows in a layout other than 2.2's")
    directives = _cache_directives(header)
    if directives is None:
        raise NotImplementedError("route: /proc/net/rt_cache header lacks a field net-tools needs")
    route.out.write(_cache_rows(route, rows, directives, level, numeric))
    return 0


def _cache_format(header):
    """proc_guess_fmt(): the bits of the names found in the header (strstr):
    IRTT 1, TOS 2, HHRef 4, HHUptod 8, SpecDst 16, HH 32, ARP 64."""
    flags = 0
    for name, bit in (("IRTT", 1), ("TOS", 2), ("HHRef", 4), ("HHUptod", 8), ("SpecDst", 16), ("HH", 32),
                      ("ARP", 64)):
        if name in header:
            flags |= bit
    return flags


_CACHE_FIELDS = (("Iface", "s15"), ("Destination", "s127"), ("Gateway", "s127"), ("Flags", "X"),
                 ("RefCnt", "d"), ("Use", "d"), ("Metric", "d"), ("Source", "s127"), ("MTU", "d"),
                 ("Window", "d"), ("IRTT", "d"), ("TOS", "d"), ("HHRef", "d"), ("HHUptod", "d"),
                 ("SpecDst", "s127"))


def _cache_directives(header):
    """proc_gen_fmt(): for each word of the header (words end at '|', blank,
    tab or newline), the next wanted field's conversion when the word is its
    name, else a skipped word ("%*s"); None when a field is missing."""
    words = []
    pos, end = 0, len(header)
    while True:
        while pos < end and (header[pos] in _C_SPACE or header[pos] == "|"):
            pos += 1
        start = pos
        while pos < end and header[pos] not in "| \t\n":
            pos += 1
        words.append(header[start:pos])
        if pos >= end:
            break
        pos += 1
    directives = []
    wanted = 0
    for word in words:
        if word == _CACHE_FIELDS[wanted][0]:
            directives.append(_CACHE_FIELDS[wanted][1])
            wanted += 1
            if wanted == len(_CACHE_FIELDS):
                return directives
        else:
            directives.append("skip")
    return None


# rprint_cache()'s flag letters for 2.2's layout, in its order (linux/route.h,
# linux/in_route.h); "!" (RTF_REJECT) replaces what came before it.
_CACHE_FLAGS_BEFORE = ((0x0002, "G"),)
_CACHE_FLAGS_AFTER = ((0x0008, "R"), (0x0010, "D"), (0x0020, "M"), (0x0001, "-"), (0x0004, "o"),
                      (0x00010000, "n"), (0x00020000, "d"), (0x00080000, "t"), (0x00200000, "f"),
                      (0x00400000, "q"), (0x00800000, "Ns"), (0x01000000, "r"), (0x04000000, "i"),
                      (0x08000000, "Nd"), (0x10000000, "b"), (0x20000000, "m"), (0x40000000, "#"),
                      (0x80000000, "l"))


def _cache_flags(iflags):
    return _flag_letters(iflags, _CACHE_FLAGS_BEFORE, _CACHE_FLAGS_AFTER)


def _cache_rows(route, rows, directives, level, numeric):
    """The rows of 2.2's layout.  As in C, tos, hhref and hhuptod start at 0
    and what a line does not set keeps the line before's value; so does the
    address struct INET_getsock() writes into (when a word is no address)."""
    from pynettools.kernel.arp import Resolver

    name_of = Resolver(route.kernel).address_name
    held = {"tos": 0, "hhref": 0, "hhuptod": 0, "specdst": None}
    address = [None]  # snet: shared by the four conversions, kept across lines
    names = ("iface", "dest", "gate", "iflags", "refcnt", "use", "metric", "src", "mss", "window", "irtt",
             "tos", "hhref", "hhuptod", "specdst")
    lines = []
    for line in rows:
        values = _scan_with(line + "\n", directives)
        if len(values) < 12:
            continue
        held.update(zip(names, values))
        if held["specdst"] is None:
            raise NotImplementedError("route: an rt_cache row without SpecDst before any with it "
                                      "(uninitialised in C)")
        texts = {}
        for key in ("dest", "gate", "src", "specdst"):
            packed = _getsock(held[key])
            if packed is not None:
                address[0] = packed
            if address[0] is None:
                raise NotImplementedError("route: an rt_cache address INET_getsock() cannot read, "
                                          "before any it can (uninitialised in C)")
            texts[key] = name_of(address[0], numeric, 0xFFFFFF00)[:127]
        # each address's char array now holds the text printed for it; only
        # SpecDst can reach the next line unscanned (then "1.2.3.4" is no
        # address to INET_getsock(), and snet's last value stands)
        held["specdst"] = texts["specdst"]
        h = held
        flags = _cache_flags(h["iflags"])
        if level == 1:
            lines.append("%-15s %-15s %-15s %-5s %-6d %-2d %7d %s\n" % (
                texts["src"], texts["dest"], texts["gate"], flags, h["metric"], h["refcnt"], h["use"], h["iface"]))
        elif level == 2:
            lines.append("%-15s %-15s %-15s %-5s %5d %-5d %6d %s\n" % (
                texts["src"], texts["dest"], texts["gate"], flags, h["mss"], h["window"], h["irtt"], h["iface"]))
        elif level == 3:
            lines.append("%-15s %-15s %-15s %-5s %-6d %-3d %6d %-6.6s   %-5d %-6d %-5d %-3d %-3d   %-3d %15s\n" % (
                texts["src"], texts["dest"], texts["gate"], flags, h["metric"], h["refcnt"], h["use"], h["iface"],
                h["mss"], h["window"], h["irtt"], h["tos"], h["hhref"], h["hhuptod"], texts["specdst"]))
    return "".join(lines)


def _scan_with(line, directives, signed_hex=False):
    """sscanf(): "s<width>", "skip" (%*s), "X", "d" or "u" (read as %d); the
    values up to the first directive that fails.  %X's value is the unsigned
    32 bits, or with signed_hex the C int holding them."""
    values = []
    pos, end = 0, len(line)
    for directive in directives:
        while pos < end and line[pos] in _C_SPACE:
            pos += 1
        if pos >= end:
            break
        if directive == "skip" or directive[0] == "s":
            width = 1 << 30 if directive == "skip" else int(directive[1:])
            start = pos
            while pos < end and line[pos] not in _C_SPACE and pos - start < width:
                pos += 1
            if directive != "skip":
                values.append(line[start:pos])
            continue
        start = pos
        if line[pos] in "+-":
            pos += 1
        digits = _HEXDIGITS if directive == "X" else "0123456789"
        if directive == "X" and line[pos:pos + 2] in ("0x", "0X") and line[pos + 2:pos + 3] \
                and line[pos + 2] in _HEXDIGITS:
            pos += 2
        first = pos
        while pos < end and line[pos] in digits:
            pos += 1
        if pos == first:
            break
        text = line[start:pos]
        if directive == "X":
            value = int(text.replace("0x", "").replace("0X", ""), 16)
            value = min(abs(value), (1 << 64) - 1) * (-1 if value < 0 else 1)
            values.append(_c_int(value) if signed_hex else _c_int(value) & 0xFFFFFFFF)
        else:
            values.append(_scan_d(text))
    return values


# inet6_gr.c's flag letters, in its order.
_V6_FLAGS = ((0x0001, "U"), (0x0200, "!"), (0x0002, "G"), (0x0004, "H"), (0x00010000, "D"),
             (0x00040000, "A"), (0x01000000, "C"), (0x00020000, "a"), (0x00400000, "e"),
             (0x0020, "m"), (0x00200000, "n"), (0x02000000, "f"))


def inet6_rprint(route, options):
    numeric = options & (4 | FLAG_SYM)
    if options & FLAG_FIB:
        status = _rprint_fib6(route, numeric, False)
        if status:
            return status
    if options & FLAG_CACHE:
        # rprint_cache6 reads /proc/net/ndisc, which no kernel since 2.2 has:
        # it falls back to the FIB printer showing only cached routes.
        return _rprint_fib6(route, numeric, True)
    return 0


def _rprint_fib6(route, numeric, cache):
    from pynettools.kernel import procroute

    out = route.out
    try:
        rows = procroute.read_ipv6_routes(route.kernel)
    except OSError as err:
        route.err.write("%s: %s\n" % (procroute.PROC_NET_IPV6_ROUTE, err.strerror))
        out.write("INET6 (IPv6) not configured in this system.\n")
        return 1
    out.write("Kernel IPv6 routing cache\n" if cache else "Kernel IPv6 routing table\n")
    out.write("Destination                    Next Hop                   Flag Met Ref  Use If\n")
    import _socket

    names = {}

    def show(hexaddr):
        text = names.get(hexaddr)
        if text is None:
            packed = bytes.fromhex(hexaddr)
            if numeric & 0x7FFF:
                text = _socket.inet_ntop(_socket.AF_INET6, packed)
            elif packed == bytes(16):
                text = "[::]"
            else:
                text = route.kernel.lookup("getnameinfo", _getnameinfo6, hexaddr)
            text = names[hexaddr] = fix_v4_address(text, packed)
        return text

    lines = []
    for row in rows:
        if len(row) < 10:
            continue
        dest, plen, _, _, nexthop, metric, refcnt, use, iflags, iface = row[:10]
        iflags = int(iflags, 16)
        if bool(iflags & 0x01000000) != cache:
            continue
        flags = ""
        for bit, letter in _V6_FLAGS:
            if iflags & bit:
                flags += letter
        lines.append("%-30s %-26s %-4s %-3d %-1d %6d %s\n"
                     % ("%s/%d" % (show(dest), int(plen, 16)), show(nexthop), flags,
                        _s32(int(metric, 16)), _s32(int(refcnt, 16)), _s32(int(use, 16)), iface[:15]))
    out.write("".join(lines))
    return 0


def fix_v4_address(text, packed):
    """lib/inet6.c fix_v4_address(): a v4-mapped address (::ffff:a.b.c.d) is
    shown from after the last ':' before its first '.' (so "a.b.c.d")."""
    if packed[:12] == b"\0" * 10 + b"\xff\xff":
        dot = text.find(".")
        if dot >= 0:
            colon = text.rfind(":", 0, dot)
            if colon >= 0:
                return text[colon + 1:]
    return text


def _s32(value):
    return value - 0x100000000 if value & 0x80000000 else value


def _getnameinfo6(hexaddr):
    """glibc getnameinfo() of an IPv6 address with no flags: its name, else the address."""
    import _socket

    text = _socket.inet_ntop(_socket.AF_INET6, bytes.fromhex(hexaddr))
    try:
        return _socket.getnameinfo((text, 0, 0, 0), 0)[0]
    except OSError:
        return text


def _not_configured(route, paths, message, perror_prefix=True, to_stderr=False):
    """The other families' printers on a kernel without them: perror each
    missing /proc file, then the printer's "not configured" line (stdout)."""
    missing = False
    for path in paths:
        try:
            route.kernel.read_text(path)
        except OSError as err:
            missing = True
            if perror_prefix:
                route.err.write("%s: %s\n" % (path, err.strerror))
            else:
                route.err.write("%s\n" % err.strerror)
    if missing:
        (route.err if to_stderr else route.out).write(message)
        return 1
    route.err.write("route: this family's table is not supported here.\n")
    return 1


def _ax25_rprint(route, options):
    return _not_configured(route, ["/proc/net/ax25_route"], "AX.25 not configured in this system.\n")


def _rose_rprint(route, options):
    return _not_configured(route, ["/proc/net/rose_nodes"], "ROSE not configured in this system.\n",
                           to_stderr=True)


def _ddp_rprint(route, options):
    try:
        route.kernel.read_text("/proc/net/atalk_route")
    except OSError as err:
        route.err.write("Error opening /proc/net/atalk_route: %s\n" % err.strerror)
        route.err.write("DDP (AppleTalk) not configured on this system.\n")
        return 1
    route.err.write("route: this family's table is not supported here.\n")
    return 1


def _x25_rprint(route, options):
    try:
        route.kernel.read_text("/proc/net/x25/route")
    except OSError:
        route.out.write("X.25 not configured in this system.\n")
        return 1
    route.err.write("route: this family's table is not supported here.\n")
    return 1


def _netrom_rprint(route, options):
    """NETROM_rprint opens nr_nodes and nr_neigh, then perrors each that failed;
    the second perror sees the errno the first one's output left (EINVAL)."""
    failed = []
    for path in ("/proc/net/nr_nodes", "/proc/net/nr_neigh"):
        try:
            route.kernel.read_text(path)
        except OSError as err:
            failed.append((path, err.strerror))
    if failed:
        for index, (path, text) in enumerate(failed):
            route.err.write("%s: %s\n" % (path, "Invalid argument" if index else text))
        route.out.write("NET/ROM not configured in this system.\n")
        return 1
    route.err.write("route: this family's table is not supported here.\n")
    return 1


def _ipx_rprint(route, options):
    last = None
    for path in ("/proc/net/ipx/route", "/proc/net/ipx_route"):
        try:
            route.kernel.read_text(path)
            break
        except OSError as err:
            last = err
    else:
        route.err.write("%s\n" % last.strerror)
        route.out.write("IPX routing not in file /proc/net/ipx/route or /proc/net/ipx_route found.\n")
        return 1
    route.err.write("route: this family's table is not supported here.\n")
    return 1


_PRINTER_FUNCTIONS = {"inet": inet_rprint, "inet6": inet6_rprint, "ax25": _ax25_rprint,
                      "netrom": _netrom_rprint, "rose": _rose_rprint, "ipx": _ipx_rprint,
                      "ddp": _ddp_rprint, "x25": _x25_rprint}


# ---- changing (lib/setroute.c, inet_sr.c, inet6_sr.c) ------------------------

def route_edit(route, action, options, args):
    family = route.get_aftype(route.afname)
    if family is None:
        route.err.write("Address family `%s' not supported.\n" % route.afname)
        return E_OPTERR
    if family not in _EDITORS:
        route.err.write("No routing for address family `%s'.\n" % family)
        return E_OPTERR
    if family == "inet":
        return _inet_rinput(route, action, options, args)
    if family == "inet6":
        return _inet6_rinput(route, action, options, args)
    if family == "x25":
        route.err.write(X25_USAGE)
        return E_OPTERR
    route.err.write("%s: this needs to be written\n" % {"ipx": "IPX", "netrom": "NET/ROM"}[family])
    return 1


def _inet_usage(route, rc):
    (route.err if rc else route.out).write(INET_USAGE)
    return rc


def _inet6_usage(route, rc):
    (route.err if rc else route.out).write(INET6_USAGE)
    return rc


def _inet_rinput(route, action, options, args):
    if action == RTACTION_FLUSH:
        route.err.write("Flushing `inet' routing table not supported\n")
        return _inet_usage(route, E_OPTERR)
    if options & FLAG_CACHE:
        route.err.write("Modifying `inet' routing cache not supported\n")
        return _inet_usage(route, E_OPTERR)
    if not args or action == RTACTION_HELP:
        return _inet_usage(route, E_USAGE)
    return _inet_setroute(route, action, args)


def _isdigit(word):
    return bool(word) and word[0] in "0123456789"


def _atoi(word):
    """C atoi(): leading white space, a sign, digits; 0 when none (as an int)."""
    text = word.lstrip(" \t\n\v\f\r")
    sign = 1
    if text[:1] in ("+", "-"):
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    digits = 0
    while digits < len(text) and text[digits] in "0123456789":
        digits += 1
    if not digits:
        return 0
    value = sign * int(text[:digits])
    value &= 0xFFFFFFFF  # int overflow wraps on this machine's atoi (strtol then int)
    return value - 0x100000000 if value & 0x80000000 else value


def _strtoul0_full(text):
    """strtoul(text, &end, 0) -> (value, rest) for the /prefix of a target."""
    stripped = text.lstrip(" \t\n\v\f\r")
    negative = False
    body = stripped
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if body[:2] in ("0x", "0X") and len(body) > 2 and body[2] in "0123456789abcdefABCDEF":
        base, digits, body = 16, "0123456789abcdefABCDEF", body[2:]
    elif body[:1] == "0":
        base, digits = 8, "01234567"
    else:
        base, digits = 10, "0123456789"
    end = 0
    while end < len(body) and body[end] in digits:
        end += 1
    if end == 0:
        return 0, text  # no conversion: end points at the start
    value = int(body[:end], base)
    if value >= 1 << 64:
        value = (1 << 64) - 1
    if negative:
        value = (-value) & ((1 << 64) - 1)
    return value, body[end:]


class _Lookup(Exception):
    """A name net-tools could not resolve: herror(text) prints `name: reason`."""

    def __init__(self, text):
        Exception.__init__(self, text)
        self.text = text


def _inet_resolve(route, name, hostfirst):
    """lib/inet.c INET_resolve(): (4 bytes, is_net); _Lookup when nothing knows the name."""
    from pynettools.kernel import arp as karp

    if name == "default":
        return bytes(4), True
    packed = karp.inet_aton(name)
    if packed is not None:
        return packed, False
    if hostfirst:
        try:
            return karp.inet_aton(karp.gethostbyname(route.kernel, name)), False
        except karp.HostError:
            pass
    network = karp.getnetbyname(route.kernel, name)
    if network is not None:
        return karp.inet_aton(network), True
    if hostfirst:
        # herror() then reports h_errno as getnetbyname() left it, not
        # gethostbyname()'s: glibc's files lookup of /etc/networks sets
        # HOST_NOT_FOUND when the name is not there.
        raise _Lookup("Unknown host")
    try:
        return karp.inet_aton(karp.gethostbyname(route.kernel, name)), False
    except karp.HostError as err:
        raise _Lookup(err.text)


def _inet_setroute(route, action, args):
    import struct

    xflag = 0
    if args[0] == "#net":
        xflag = 1
        args = args[1:]
    elif args[0] == "#host":
        xflag = 2
        args = args[1:]
    if not args:
        return _inet_usage(route, E_OPTERR)
    target = args[0][:127]
    args = list(args[1:])
    genmask = None        # 4 bytes once set (rt_genmask), as the C struct's field
    netmask_text = "default"
    if "/" in target:
        target, _, prefix_text = target.partition("/")
        prefix, rest = _strtoul0_full(prefix_text)
        if rest:
            return _inet_usage(route, E_OPTERR)
        netmask_text = "/%d" % _c_int(prefix)
        shift = _c_int(prefix) & 31  # x86 shifts by the count mod 32
        genmask = struct.pack("!I", ~(0xFFFFFFFF >> shift) & 0xFFFFFFFF)
    try:
        dst, isnet = _inet_resolve(route, target, xflag == 2)
    except _Lookup as err:
        route.err.write("%s: %s\n" % (target, err.text))
        return E_LOOKUP
    if xflag == 1:
        isnet = True
    elif xflag == 2:
        isnet = False
    flags = 0x0001 | (0 if isnet else 0x0004)
    metric = 0
    gateway = bytes(4)
    has_gateway_family = False
    mss = window = irtt = 0
    dev = None
    while args:
        word = args.pop(0)
        if word == "metric":
            if not args or not _isdigit(args[0]):
                return _inet_usage(route, E_OPTERR)
            metric = _atoi(args.pop(0)) + 1
            continue
        if word == "netmask":
            if not args or (genmask is not None and genmask != bytes(4)):
                return _inet_usage(route, E_OPTERR)
            netmask_text = args[0][:127]
            try:
                genmask, _ = _inet_resolve(route, netmask_text, False)
            except _Lookup as err:
                route.err.write("%s: %s\n" % (netmask_text, err.text))
                return E_LOOKUP
            args.pop(0)
            continue
        if word in ("gw", "gateway"):
            if not args:
                return _inet_usage(route, E_OPTERR)
            if flags & 0x0002:
                return _inet_usage(route, E_OPTERR)
            name = args[0][:127]
            try:
                gateway, gw_is_net = _inet_resolve(route, name, True)
            except _Lookup as err:
                route.err.write("%s: %s\n" % (name, err.text))
                return E_LOOKUP
            has_gateway_family = True
            if gw_is_net:
                route.err.write("route: %s: cannot use a NETWORK as gateway!\n" % name)
                return _inet_usage(route, E_OPTERR)
            flags |= 0x0002
            args.pop(0)
            continue
        if word in ("mss", "mtu"):
            flags |= 0x0040
            if not args:
                return _inet_usage(route, E_OPTERR)
            mss = _atoi(args.pop(0))
            if mss < 64 or mss > 65536:
                route.err.write("route: Invalid MSS/MTU.\n")
                return _inet_usage(route, E_OPTERR)
            continue
        if word == "window":
            if not args:
                return _inet_usage(route, E_OPTERR)
            flags |= 0x0080
            window = _atoi(args.pop(0))
            if window < 128:
                route.err.write("route: Invalid window.\n")
                return _inet_usage(route, E_OPTERR)
            continue
        if word == "irtt":
            if not args:
                return _inet_usage(route, E_OPTERR)
            flags |= 0x0100
            irtt = _atoi(args.pop(0)) & 0xFFFF  # times sysconf(_SC_CLK_TCK) / 100 = 1
            continue
        if word == "reject":
            flags |= 0x0200
            continue
        if word == "mod":
            flags |= 0x0020
            continue
        if word == "dyn":
            flags |= 0x0010
            continue
        if word == "reinstate":
            flags |= 0x0008
            continue
        if word in ("device", "dev"):
            if dev is not None or not args:
                return _inet_usage(route, E_OPTERR)
            dev = args.pop(0)
            continue
        if dev is None:
            dev = word
            if args:
                return _inet_usage(route, E_OPTERR)
        else:
            return _inet_usage(route, E_OPTERR)
    if flags & 0x0200 and dev is None:
        dev = "lo"
    if genmask is not None and genmask != bytes(4):
        mask_value = struct.unpack("!I", genmask)[0]
        inverted = ~mask_value & 0xFFFFFFFF
        if flags & 0x0004 and inverted != 0xFFFFFFFF:
            route.err.write("route: netmask %.8x doesn't make sense with host route\n" % inverted)
            return _inet_usage(route, E_OPTERR)
        if inverted & (inverted + 1) & 0xFFFFFFFF:
            route.err.write("route: bogus netmask %s\n" % netmask_text)
            return _inet_usage(route, E_OPTERR)
        if struct.unpack("=I", dst)[0] & ~struct.unpack("=I", genmask)[0] & 0xFFFFFFFF:
            route.err.write("route: netmask doesn't match route address\n")
            return _inet_usage(route, E_OPTERR)
    genmask_family = 2 if genmask is not None else 0
    if action == RTACTION_ADD and flags & 0x0004:
        genmask = b"\xff\xff\xff\xff"
    from pynettools.kernel import routeioctl

    request = routeioctl.Rtentry(dst, gateway if has_gateway_family else None, genmask, flags,
                                 metric, dev, mss, window, irtt, genmask_family)
    name = "SIOCDELRT" if action == RTACTION_DEL else "SIOCADDRT"
    try:
        routeioctl.rtentry_ioctl(route.kernel, name, request)
    except OSError as err:
        route.err.write("%s: %s\n" % (name, err.strerror))
        return E_SOCK
    return 0


def _c_int(value):
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def _inet6_rinput(route, action, options, args):
    if action == RTACTION_FLUSH:
        route.err.write("Flushing `inet6' routing table not supported\n")
        return _inet6_usage(route, E_OPTERR)
    if action == RTACTION_HELP:
        return _inet6_usage(route, E_USAGE)
    return _inet6_setroute(route, action, args)


def _inet6_setroute(route, action, args):
    from pynettools.kernel import routeioctl

    if not args:
        return _inet6_usage(route, E_OPTERR)
    target = args[0][:127]
    args = list(args[1:])
    if target == "default":
        prefix_len = 0
        dst = bytes(16)
    else:
        if "/" in target:
            target, _, prefix_text = target.partition("/")
            prefix_len = _atoi(prefix_text)
            if prefix_len < 0 or prefix_len > 128:
                return _inet6_usage(route, E_OPTERR)
        else:
            prefix_len = 128
        dst = routeioctl.inet6_pton(target)
        if dst is None:
            code, h_text = route.kernel.lookup("getaddrinfo6", routeioctl.getaddrinfo6, target)
            if code:
                route.err.write("getaddrinfo: %s: %d\n" % (target, code))
                route.err.write("%s: %s\n" % (target, h_text))
                return 1
            dst = bytes.fromhex(h_text)
    flags = 0x0001 | (0x0004 if prefix_len == 128 else 0)
    metric = 1
    gateway = bytes(16)
    devname = None
    while args:
        word = args[0]
        if word == "metric":
            args.pop(0)
            if not args or not _isdigit(args[0]):
                return _inet6_usage(route, E_OPTERR)
            metric = _atoi(args.pop(0)) & 0xFFFFFFFF
            continue
        if word in ("gw", "gateway"):
            args.pop(0)
            if not args:
                return _inet6_usage(route, E_OPTERR)
            if flags & 0x0002:
                return _inet6_usage(route, E_OPTERR)
            name = args[0][:127]
            packed = routeioctl.inet6_pton(name)
            if packed is None:
                route.err.write("%s: Resolver Error 0 (no error)\n" % name)
                return E_LOOKUP
            gateway = packed
            flags |= 0x0002
            args.pop(0)
            continue
        if word == "mod":
            args.pop(0)
            flags |= 0x0020
            continue
        if word == "dyn":
            args.pop(0)
            flags |= 0x0010
            continue
        if word in ("device", "dev"):
            args.pop(0)
            if not args:
                return _inet6_usage(route, E_OPTERR)
        elif len(args) > 1:
            return _inet6_usage(route, E_OPTERR)
        devname = args.pop(0)
    ifindex = 0
    if devname is not None:
        try:
            ifindex = routeioctl.interface_index(route.kernel, devname, family=10)
        except OSError as err:
            route.err.write("SIOGIFINDEX: %s\n" % err.strerror)
            return E_SOCK
    name = "SIOCDELRT" if action == RTACTION_DEL else "SIOCADDRT"
    try:
        routeioctl.in6_rtmsg_ioctl(route.kernel, name, dst, gateway, prefix_len, metric, flags, ifindex)
    except OSError as err:
        route.err.write("%s: %s\n" % (name, err.strerror))
        return E_SOCK
    return 0


if __name__ == "__main__":
    from pynettools.runtime import run_tool

    sys.exit(run_tool("route", __name__, sys.argv[1:]))
