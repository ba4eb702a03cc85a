"""netstat -- print network connections (net-tools 2.10, Debian 12's /bin/netstat).

Usage (what `netstat -h` prints; the list of address families goes to stderr):

  netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}
  netstat [-vWnNcaeol] [<Socket> ...]
  netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }

Options: getopt_long "A:CFMacdeghilnNoprsStuUvVWw2fx64?Z" with the long names
of main()'s table below (the address families first: --inet, --unix ...).

The order of work of net-tools' main(), and where each step lives here:
  1. options (_parse); -V, -h and usage errors end the run there;
  2. the address-family rules: -A/-4/-6/--inet without a protocol selects
     every inet protocol; a protocol without a family selects inet and inet6;
  3. -M (masquerading: "no support", no kernel has it), -s (stats.py), -r
     (tools/route.py's Route and route_info, as `route` prints), -i
     (tools/ifconfig.py's Ifconfig and print_interfaces, as `ifconfig`),
     -r and -i repeated every second with -c;
  4. otherwise the socket tables: "Active Internet connections" with
     /proc/net/tcp(6), sctp (sctp.py), udp(6), udplite(6), raw(6), the
     multicast groups with -g, /proc/net/unix (_unix_table), then the
     families ipx, ax25, x25, netrom, rose: their tables (families.py) while
     their modules are loaded, else nothing but a "no support" line under -v
     or when asked for.

How it reads the kernel: the /proc/net files, one line per socket, read with
sscanf formats (pynettools.kernel.procnet reproduces glibc's sscanf for them,
with a fast path for lines in the kernel's own layout); -p walks
/proc/PID/fd and names each socket's owner from /proc/PID/cmdline
(pynettools.kernel.procs.cmdline_owners); names come from gethostbyaddr /
getnetbyaddr (IPv4), getnameinfo (IPv6), /etc/services and /etc/protocols
(ports), getpwuid (-e users).
"""
from pynettools.getopt import Getopt

E_OPTERR = 3
E_USAGE = 0

VERSION = (
    "net-tools 2.10\n"
    "Fred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others\n"
    "+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX\n"
    "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n"
    "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI "
    "+HDLC/LAPB +EUI64 \n"
)

USAGE = (
    "usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n"
    "       netstat [-vWnNcaeol] [<Socket> ...]\n"
    "       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }\n"
    "\n"
    "        -r, --route              display routing table\n"
    "        -i, --interfaces         display interface table\n"
    "        -g, --groups             display multicast group memberships\n"
    "        -s, --statistics         display networking statistics (like SNMP)\n"
    "        -M, --masquerade         display masqueraded connections\n"
    "\n"
    "        -v, --verbose            be verbose\n"
    "        -W, --wide               don't truncate IP addresses\n"
    "        -n, --numeric            don't resolve names\n"
    "        --numeric-hosts          don't resolve host names\n"
    "        --numeric-ports          don't resolve port names\n"
    "        --numeric-users          don't resolve user names\n"
    "        -N, --symbolic           resolve hardware names\n"
    "        -e, --extend             display other/more information\n"
    "        -p, --programs           display PID/Program name for sockets\n"
    "        -o, --timers             display timers\n"
    "        -c, --continuous         continuous listing\n"
    "\n"
    "        -l, --listening          display listening server sockets\n"
    "        -a, --all                display all sockets (default: connected)\n"
    "        -F, --fib                display Forwarding Information Base (default)\n"
    "        -C, --cache              display routing cache instead of FIB\n"
    "        -Z, --context            display SELinux security context for sockets\n"
    "\n"
    "  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}\n"
    "           {-x|--unix} --ax25 --ipx --netrom\n"
    "  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet\n"
    "  List of possible address families (which support routing):\n"
)

# print_aflist(1): always on stderr
AF_LIST = (
    "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n"
    "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n"
    "    ddp (Appletalk DDP) x25 (CCITT X.25) \n"
)

SPEC = {
    "name": "netstat",
    "section": "8",
    "summary": "print network connections, routing tables, interface statistics and more",
    "synopsis": [
        "netstat [-vWeenNcCF] [<Af>] -r",
        "netstat [-vWnNcaeol] [<Socket> ...]",
        "netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }",
        "netstat {-V|--version|-h|--help}",
    ],
    "options": [
        ("-r", "--route", None, "display routing table"),
        ("-i", "--interfaces", None, "display interface table"),
        ("-g", "--groups", None, "display multicast group memberships"),
        ("-s", "--statistics", None, "display networking statistics (like SNMP)"),
        ("-M", "--masquerade", None, "display masqueraded connections"),
        ("-v", "--verbose", None, "be verbose"),
        ("-W", "--wide", None, "don't truncate IP addresses"),
        ("-n", "--numeric", None, "don't resolve names"),
        (None, "--numeric-hosts", None, "don't resolve host names"),
        (None, "--numeric-ports", None, "don't resolve port names"),
        (None, "--numeric-users", None, "don't resolve user names"),
        ("-N", "--symbolic", None, "resolve hardware names"),
        ("-e", "--extend", None, "display other/more information (twice: more still)"),
        ("-p", "--programs", None, "display PID/Program name for sockets"),
        ("-o", "--timers", None, "display timers"),
        ("-c", "--continuous", None, "continuous listing"),
        ("-l", "--listening", None, "display listening server sockets"),
        ("-a", "--all", None, "display all sockets (default: connected)"),
        ("-F", "--fib", None, "display Forwarding Information Base (default)"),
        ("-C", "--cache", None, "display routing cache instead of FIB"),
        ("-t", "--tcp", None, "TCP sockets"),
        ("-u", "--udp", None, "UDP sockets"),
        ("-U", "--udplite", None, "UDP-Lite sockets"),
        ("-S", "--sctp", None, "SCTP sockets"),
        ("-w", "--raw", None, "raw sockets"),
        ("-x", "--unix", None, "UNIX domain sockets"),
        ("-A", "--protocol", "AF", "address families, comma-separated (inet, inet6, unix ...)"),
        ("-4", None, None, "same as -A inet"),
        ("-6", None, None, "same as -A inet6"),
        ("-V", "--version", None, "print version information and exit"),
        ("-h", "--help", None, "print usage and exit"),
    ],
    "completions": {
        "-A": ["inet", "inet6", "unix", "ipx", "ax25", "netrom", "rose", "x25", "ddp", "appletalk",
               "ip", "ip6", "tcpip", "econet", "ash", "bluetooth"],
    },
    "man": (
        "DESCRIPTION\n"
        "netstat lists the sockets of the network namespace it runs in: TCP, UDP, UDP-Lite "
        "and raw sockets of IPv4 and IPv6 under \"Active Internet connections\", then UNIX "
        "domain sockets. Without -a or -l only sockets that have a peer are listed; -l lists "
        "only listening (unconnected) ones, -a both. -e adds the owner's user and the socket's "
        "inode (-ee the same), -p the owning process as PID/name, -o the kernel's timer. "
        "Addresses and ports are shown by name unless -n (or --numeric-hosts, --numeric-ports, "
        "--numeric-users) says otherwise; without -W an address is cut so that address and "
        "port fit in 22 characters.\n"
        "\n"
        "HOW IT READS THE KERNEL\n"
        "Every socket table is a /proc/net file with one line per socket (tcp, tcp6, udp, "
        "udp6, udplite, udplite6, raw, raw6, unix), read with the same sscanf formats as "
        "net-tools: the addresses are hexadecimal in the kernel's byte order, the state is "
        "the kernel's TCP state number. SCTP sockets (while the sctp module is loaded) come "
        "from /proc/net/sctp/eps (listening endpoints) and /proc/net/sctp/assocs "
        "(associations), one row per address of each socket. The AX.25, NET/ROM, ROSE and "
        "X.25 tables come from /proc/net/ax25, nr, rose and x25 while their modules are "
        "loaded, the IPX table from /proc/net/ipx/socket (kernels before 4.18). -p walks "
        "/proc/PID/fd, whose links read "
        "socket:[INODE], and names each socket by the first process holding it: its pid and "
        "the last path component of its command line (/proc/PID/cmdline), cut to 19 "
        "characters.\n"
        "\n"
        "EXIT STATUS\n"
        "0 on success; 3 for a usage error; 1 when an address family is unknown or an "
        "asked-for protocol has no /proc file.\n"
        "\n"
        "DIFFERENCES\n"
        "None intended. Not implemented: the -M table "
        "(when /proc/net/ip_masquerade exists, which no kernel since 2.4 has), and "
        "TCP states past 15, which net-tools reads from outside its own table; pynettools "
        "then stops with an internal error instead of printing what memory held."
    ),
}

_OPTSTRING = "A:CFMacdeghilnNoprsStuUvVWw2fx64?Z"
# main()'s longopts: AFTRANS_OPTS first (value 1, told apart by index), then the rest.
_AF_LONG = ("ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "rose",
            "unix", "bluetooth", "tcpip")
_LONG_OPTIONS = tuple((name, 0, "\x01") for name in _AF_LONG) + (
    ("version", 0, "V"), ("interfaces", 0, "i"), ("help", 0, "h"), ("route", 0, "r"),
    ("masquerade", 0, "M"), ("protocol", 1, "A"), ("tcp", 0, "t"), ("sctp", 0, "S"),
    ("udp", 0, "u"), ("udplite", 0, "U"), ("raw", 0, "w"), ("unix", 0, "x"),
    ("l2cap", 0, "2"), ("rfcomm", 0, "f"), ("listening", 0, "l"), ("all", 0, "a"),
    ("timers", 0, "o"), ("continuous", 0, "c"), ("extend", 0, "e"), ("programs", 0, "p"),
    ("verbose", 0, "v"), ("statistics", 0, "s"), ("wide", 0, "W"), ("numeric", 0, "n"),
    ("numeric-hosts", 0, "!"), ("numeric-ports", 0, "@"), ("numeric-users", 0, "#"),
    ("symbolic", 0, "N"), ("cache", 0, "C"), ("fib", 0, "F"), ("groups", 0, "g"),
    ("context", 0, "Z"))

# lib/af.c aftrans[]: alias -> (name, flag)
_AFTRANS = (("ax25", "ax25"), ("ip", "inet"), ("ip6", "inet6"), ("ipx", "ipx"), ("rose", "rose"),
            ("appletalk", "ddp"), ("netrom", "netrom"), ("inet", "inet"), ("inet6", "inet6"),
            ("ddp", "ddp"), ("unix", "unix"), ("tcpip", "inet"), ("econet", "ec"), ("x25", "x25"),
            ("ash", "ash"), ("bluetooth", "bluetooth"))

NUM_HOST, NUM_PORT, NUM_USER = 4, 8, 16

TCP_STATES = ("", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
              "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING")


class _Exit(Exception):
    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


class Options:
    """netstat.c's flag_* globals."""

    def __init__(self):
        self.int = self.rou = self.mas = self.sta = 0
        self.all = self.lst = self.cnt = self.igmp = 0
        self.not_ = 0
        self.cf = 0
        self.opt = self.raw = self.tcp = self.sctp = self.udp = self.udplite = 0
        self.exp = 1
        self.wide = self.prg = self.arg = self.noprot = self.ver = 0
        self.l2cap = self.rfcomm = 0
        self.afname = ""
        self.fam = {}  # flag_inet, flag_inet6, flag_unx ... by af name

    def has(self, name):
        return self.fam.get(name, 0)


def _aftrans(o, arg, err):
    """aftrans_opt(): a comma-separated list of family aliases; True on error."""
    buf = arg.encode("utf-8", "surrogateescape")[:255].decode("utf-8", "surrogateescape")
    for word in buf.split(","):
        for alias, name in _AFTRANS:
            if word == alias:
                if len(name) + len(o.afname) + 1 >= 256:
                    err.write("Too much address family arguments.\n")
                    return False
                o.fam[name] = o.fam.get(name, 0) + 1
                o.afname = o.afname + "," + name if o.afname else name
                break
        else:
            err.write("Unknown address family `%s'.\n" % word)
            return True
    return False


def main(argv, env):
    try:
        return _main(argv, env)
    except _Exit as done:
        return done.status


def _usage(env, rc):
    stream = env.stderr if rc else env.stdout
    stream.write(USAGE)
    stream.flush()
    env.stderr.write(AF_LIST)
    raise _Exit(rc)


def _main(argv, env):
    o = Options()
    err = env.stderr
    parser = Getopt(argv, _OPTSTRING, _LONG_OPTIONS, err, env.environ)
    for option, value in parser:
        if option == "\x01":  # case 1: an address family, told apart by its table index
            if not 0 <= parser.longindex < len(_AF_LONG) - 1:  # AFTRANS_CNT is 12, one short of the table
                err.write("netstat.c: Internal Error `longopts 1 range'.\n")
                continue
            if _aftrans(o, _AF_LONG[parser.longindex], err):
                return 1
        elif option == "A":
            if _aftrans(o, value, err):
                return 1
        elif option == "M":
            o.mas += 1
        elif option == "a":
            o.all += 1
        elif option == "l":
            o.lst += 1
        elif option == "c":
            o.cnt += 1
        elif option == "d":
            pass
        elif option == "g":
            o.igmp += 1
        elif option == "e":
            o.exp += 1
        elif option == "p":
            o.prg += 1
        elif option == "i":
            o.int += 1
        elif option == "W":
            o.wide += 1
        elif option == "n":
            o.not_ |= NUM_HOST | NUM_PORT | NUM_USER
        elif option == "!":
            o.not_ |= NUM_HOST
        elif option == "@":
            o.not_ |= NUM_PORT
        elif option == "#":
            o.not_ |= NUM_USER
        elif option == "N":
            o.not_ |= 32
        elif option == "C":
            o.cf |= 64
        elif option == "F":
            o.cf |= 128
        elif option == "o":
            o.opt += 1
        elif option == "6":
            if _aftrans(o, "inet6", err):
                return 1
        elif option == "4":
            if _aftrans(o, "inet", err):
                return 1
        elif option == "V":
            env.stdout.write(VERSION)
            return 0
        elif option == "v":
            o.ver |= 256
        elif option == "r":
            o.rou += 1
        elif option == "t":
            o.tcp += 1
        elif option == "S":
            o.sctp += 1
        elif option == "u":
            o.udp += 1
        elif option == "U":
            o.udplite += 1
        elif option == "w":
            o.raw += 1
        elif option == "2":
            o.l2cap += 1
        elif option == "f":
            o.rfcomm += 1
        elif option == "x":
            if _aftrans(o, "unix", err):
                return 1
        elif option == "Z":
            err.write("SELinux is not enabled on this machine.\n")
            return 1
        elif option == "?":
            _usage(env, E_OPTERR)
        elif option == "h":
            _usage(env, E_USAGE)
        elif option == "s":
            o.sta += 1

    if o.int + o.rou + o.mas + o.sta > 1:
        _usage(env, E_OPTERR)
    protocols = o.tcp or o.sctp or o.udp or o.udplite or o.raw
    if (o.has("inet") or o.has("inet6") or o.sta) and not protocols:
        o.noprot = o.tcp = o.sctp = o.udp = o.udplite = o.raw = 1
    if (o.tcp or o.sctp or o.udp or o.udplite or o.raw or o.igmp) and not (o.has("inet") or o.has("inet6")):
        o.fam["inet"] = o.fam["inet6"] = 1
    if o.has("bluetooth") and not (o.l2cap or o.rfcomm):
        o.l2cap = o.rfcomm = 1
    o.arg = (o.tcp + o.sctp + o.udplite + o.udp + o.raw + o.has("unix") + o.has("ipx") + o.has("ax25")
             + o.has("netrom") + o.igmp + o.has("x25") + o.has("rose") + o.l2cap + o.rfcomm)

    if o.mas:
        return _masquerade(o, env)
    if o.sta:
        from pynettools.tools.netstat import stats as netstat_stats

        return netstat_stats.statistics(o, env)
    if o.rou:
        return _routes(o, env)
    if o.int:
        return _interfaces(o, env)
    return _sockets(o, env)


def _routes(o, env):
    """-r: route_info(afname, options), the same lib/getroute.c code as `route`
    (pynettools.tools.route), with -e counting the other way round: netstat -r
    is route's plain table, netstat -re route's -e."""
    from pynettools.tools import route

    table = route.Route(env)
    table.afname = o.afname or "inet"
    exp = {2: 1, 1: 2}.get(o.exp, o.exp) & 3
    # route.py's printers take route's -e count, one less than rprint_fib's ext
    # (-eee: ext 0, the title and no table, is route.py's 3)
    options = ((exp - 1) & 3) | o.not_ | o.cf | o.ver
    if not o.cf:
        options |= 128
    for _ in _repeat(o, env):
        status = route.route_info(table, options)
        if status or not o.cnt:
            return status
    return 0


def _masquerade(o, env):
    """-M: ip_masq_info() reads /proc/net/ip_masquerade, which no kernel since
    2.4 has: "no support", exit 1 (the table itself is not implemented)."""
    import errno

    path = "/proc/net/ip_masquerade"
    try:
        env.kernel.read_text(path)
    except OSError as error:
        if error.errno != errno.ENOENT:
            env.stderr.write("%s: %s\n" % (path, error.strerror))
            return 255
        env.stderr.write("netstat: no support for `ip_masquerade' on this system.\n")
        return 1
    raise NotImplementedError("netstat: -M on a kernel with %s is not supported" % path)


def _interfaces(o, env):
    """-i: iface_info(), lib/interface.c's device list as ifconfig shows it
    (pynettools.tools.ifconfig: the same for_all_interfaces and ife_print),
    under netstat's own titles: the short table, or with -e ifconfig's blocks."""
    from pynettools.tools import ifconfig

    tool = ifconfig.Ifconfig(env)
    tool.opt_a = bool(o.all)
    tool.short = o.exp < 2
    tool.out = _AfterFirstWrite(env.stdout) if tool.short else env.stdout  # not ifconfig -s's header
    title = "Kernel Interface table\n"  # printed as the socket is opened: once, -c keeps it
    for _ in _repeat(o, env):
        env.stdout.write(title)
        title = ""
        if tool.short:
            env.stdout.write("Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n")
            tool.out.first = True
        if ifconfig.print_interfaces(tool, None) < 0:
            env.stdout.flush()
            env.stderr.write("missing interface information: No such device\n")
            return 1
        if not o.cnt:
            break
    return 0


class _AfterFirstWrite:
    """A stream that drops the first write after each reset (ifconfig -s's header)."""

    def __init__(self, stream):
        self.stream = stream
        self.first = True

    def write(self, text):
        if self.first:
            self.first = False
            return len(text)
        return self.stream.write(text)

    def flush(self):
        self.stream.flush()


# ---- the socket tables -------------------------------------------------------

class _Run:
    """What one listing needs besides the options: streams, caches."""

    def __init__(self, o, env):
        self.o = o
        self.env = env
        self.kernel = env.kernel
        self.out = env.stdout
        self.err = env.stderr
        self.programs = None
        self.services = None
        self.host_cache = {}
        self.users = {}
        self.igmp_state = {"idx": False, "igmp6": False, "device": ""}
        self.carry = {}  # per do_one function: the last line's values (see procnet.parse_inet_lines)

    # -- names --

    def port_name(self, port, proto):
        """get_sname(htons(port), proto, numeric)."""
        if port == 0:
            return "*"
        if self.o.not_ & NUM_PORT:
            return str(port)
        if self.services is None:
            from pynettools.kernel import procnet

            self.services = procnet.service_names(self.kernel)
        name = self.services.get((proto, port))
        return name if name else str(port)

    def address(self, family, raw):
        """ap->sprint(sas, flag_not & FLAG_NUM_HOST): raw is 4 or 16 bytes."""
        from pynettools.kernel import procnet

        numeric = self.o.not_ & NUM_HOST
        if family == 4:
            return procnet.inet_sprint(self.kernel, raw, numeric, self.host_cache)
        return procnet.inet6_sprint(self.kernel, raw, numeric)

    def user(self, uid):
        if not self.o.not_ & NUM_USER:
            name = self.users.get(uid, 0)
            if name == 0:
                from pynettools.kernel import procnet

                name = self.users[uid] = procnet.getpwuid_name(self.kernel, uid)
            if name is not None:
                return " " + _pad(name, 10) + " "
        return " %-10d " % uid

    def program(self, inode):
        name = self.programs.get(inode) if self.programs is not None else None
        return name if name is not None else "-"

    def load_programs(self):
        """prg_cache_load(): once, and only with -p."""
        if self.programs is not None or not self.o.prg:
            return
        from pynettools.kernel import procs

        self.programs, eacces, found = procs.cmdline_owners(self.kernel)
        if not eacces:
            return
        self.out.flush()
        if not found:
            import os

            euid = self.kernel.lookup("geteuid", os.geteuid)
            self.err.write("(No info could be read for \"-p\": geteuid()=%d but you should be root.)\n" % euid)
        else:
            self.err.write("(Not all processes could be identified, non-owned process info\n"
                           " will not be shown, you would have to be root to see it all.)\n")

    def finish(self, uid, inode, timers):
        """finish_this_one()."""
        o = self.o
        text = ""
        if o.exp > 1:
            text = self.user(uid) + "%-10d" % inode
        if o.prg:
            text += " " + _pad(self.program(inode), 20)
        if o.opt:
            text += " " + timers
        return text + "\n"


def _title(o):
    if o.all:
        return "(servers and established)"
    return "(only servers)" if o.lst else "(w/o servers)"


def _sockets(o, env):
    run = _Run(o, env)
    out = run.out
    rc = 0
    for _ in _repeat(o, env):
        if not o.arg or o.tcp or o.sctp or o.udp or o.udplite or o.raw:
            run.load_programs()
            head = "Active Internet connections " + _title(o) + \
                "\nProto Recv-Q Send-Q Local Address           Foreign Address         State      "
            if o.exp > 1:
                head += " User       Inode     "
            if o.prg:
                head += " %-20s" % "PID/Program name"
            if o.opt:
                head += " Timer"
            out.write(head + "\n")
        for wanted, table in ((o.tcp, _tcp), (o.sctp, _sctp), (o.udp, _udp), (o.udplite, _udplite),
                              (o.raw, _raw)):
            if not o.arg or wanted:
                rc = table(run)
                if rc:
                    return rc
        if o.igmp:
            out.write("IPv6/IPv4 Group Memberships\nInterface       RefCnt Group\n"
                      "--------------- ------ ---------------------\n")
            rc = _igmp(run)
            if rc:
                return rc
        if not o.arg or o.has("unix"):
            run.load_programs()
            rc = _unix(run)
            if rc:
                return rc
        for flag, label in (("ipx", "AF IPX"), ("ax25", "AF AX25"), ("x25", "AF X25"),
                            ("netrom", "AF NETROM"), ("rose", "AF ROSE")):
            if not o.arg or o.has(flag):
                rc = _other_family(run, flag, label)
                if rc:
                    return rc
        if not o.arg or o.l2cap or o.rfcomm:
            if o.arg:
                rc = 1
                run.out.flush()
                run.err.write("netstat: feature `AF BLUETOOTH' not supported.\n"
                              "Please recompile `net-tools' with newer kernel source or full configuration.\n")
        if not o.cnt or rc:
            break
        run.programs = None
    return rc


def _repeat(o, env):
    """The for (;;) of main(): once, or every second with -c (wait_continous():
    fflush, sleep(1)) until a signal ends it.  The second goes through the
    seam, so a recording knows how many there were and which signal came."""
    yield 0
    while o.cnt:
        env.stdout.flush()
        stop = env.kernel.lookup("sleep", _sleep, 1)
        if stop == "SIGINT":
            raise KeyboardInterrupt
        if stop == "SIGTERM":
            from pynettools.kernel.seam import Terminated

            raise Terminated
        yield 0


def _sleep(seconds):
    """sleep(seconds); the signal that cut it short, by name, or None."""
    import time

    from pynettools.kernel.seam import Terminated

    try:
        time.sleep(seconds)
    except KeyboardInterrupt:
        return "SIGINT"
    except Terminated:
        return "SIGTERM"
    return None


_FAMILY_FILES = {"ipx": "/proc/net/ipx/socket", "ax25": "/proc/net/ax25", "x25": "/proc/net/x25",
                 "netrom": "/proc/net/nr", "rose": "/proc/net/rose"}


def _other_family(run, flag, label):
    """ipx_info(), ax25_info(), x25_info(), netrom_info(), rose_info(): the
    family's table when its /proc file exists (its module is loaded: see
    families.py), else "no support" under -v or when asked for."""
    import errno

    from pynettools.tools.netstat import families

    path = _FAMILY_FILES[flag]
    try:
        text = run.kernel.read_text(path)
    except OSError as error:
        if error.errno == errno.EISDIR:
            text = ""  # fopen() of a directory works; its first read fails: no lines
        elif error.errno != errno.ENOENT:
            run.out.flush()
            run.err.write("%s: %s\n" % (path, error.strerror))
            return -1
        else:
            # IPX: after ENOENT for /proc/net/ipx/socket, ipx_info() tries
            # /proc/net/ipx (the table before 2.4), taking it only when it is
            # a regular file.  Were it one, fopen() of ipx/socket would have
            # failed with ENOTDIR (the perror() above), not ENOENT: so it is
            # missing or a directory, which ipx_info() counts as missing too,
            # and that second read is not made.
            o = run.o
            if o.arg or o.ver:
                run.out.flush()
                run.err.write("netstat: no support for `%s' on this system.\n" % label)
            return 1 if o.arg else 0
    return getattr(families, flag)(run, text)


def _read_table(run, path, label, is_v4):
    """INFO_GUTS1 / INFO_GUTS2: the file's text, or None (and maybe a message).

    Returns (text, rc): rc is -1 for an error that stops netstat."""
    import errno

    try:
        return run.kernel.read_text(path), 0
    except OSError as error:
        if not is_v4:
            return None, 0
        if error.errno not in (errno.ENOENT, errno.EACCES):
            run.out.flush()
            run.err.write("%s: %s\n" % (path, error.strerror))
            return None, -1
        o = run.o
        rc = 0
        if not o.noprot and (o.arg or o.ver):
            run.out.flush()
            run.err.write("netstat: no support for `%s' on this system.\n" % label)
        if not o.noprot and o.arg:
            rc = 1
        return None, rc


def _guts6(run, name, label, do_one, prot4, prot6, name6=None):
    """INFO_GUTS6: the IPv4 file then the IPv6 one (name + "6" unless name6
    says otherwise), each file's text to do_one(run, text, prot)."""
    o = run.o
    rc = 0
    if not o.arg or o.has("inet"):
        text, rc = _read_table(run, "/proc/net/" + name, label, True)
        if rc < 0:
            return rc
        if text is not None:
            do_one(run, text, prot4)
    if not o.arg or o.has("inet6"):
        text, _ = _read_table(run, "/proc/net/" + (name6 or name + "6"), label, False)
        if text is not None:
            do_one(run, text, prot6)
    return rc


def _tcp(run):
    return _guts6(run, "tcp", "AF INET (tcp)", _tcp_lines, "tcp", "tcp6")


def _udp(run):
    return _guts6(run, "udp", "AF INET (udp)", _udp_lines, "udp", "udp6")


def _udplite(run):
    return _guts6(run, "udplite", "AF INET (udplite)", _udp_lines, "udpl", "udpl6")


def _raw(run):
    return _guts6(run, "raw", "AF INET (raw)", _raw_lines, "raw", "raw6")


def _sctp(run):
    """sctp_info(): the endpoints with -l or -a, the associations without -l or
    with -a (sctp.py); /proc/net/sctp exists only while the sctp module is loaded."""
    from pynettools.tools.netstat import sctp

    o = run.o
    if o.all or o.lst:
        rc = _guts6(run, "sctp/eps", "AF INET (sctp)", sctp.eps_lines, "sctp", "sctp6", "sctp6/eps")
        if rc:
            return rc
    rc = 0
    if o.all or not o.lst:
        rc = _guts6(run, "sctp/assocs", "AF INET (sctp)", sctp.assocs_lines, "sctp", "sctp6", "sctp6/assocs")
    return rc


def _join_addr_port(wide, saddr, sport):
    """addr_do_one()'s cut, in bytes: the port keeps up to 18, the address the rest of 22."""
    if wide:
        return saddr + ":" + sport
    if saddr.isascii() and sport.isascii():
        if len(saddr) + len(sport) > 22:
            port_len = min(len(sport), 18)
            return saddr[:22 - port_len] + ":" + sport[:port_len]
        return saddr + ":" + sport
    from pynettools.kernel.procnet import cbytes, ctext

    a, p = cbytes(saddr), cbytes(sport)
    if len(a) + len(p) > 22:
        port_len = min(len(p), 18)
        return ctext(a[:22 - port_len] + b":" + p[:port_len])
    return saddr + ":" + sport


def _inet_rows(run, lines, bogus, minimum):
    """The parsed lines of an inet table: procnet.parse_inet_lines, with the
    "warning, got bogus ..." of lines sscanf could not read."""
    from pynettools.kernel import procnet

    carry = run.carry.setdefault(bogus, [])
    for row in procnet.parse_inet_lines(lines, carry):
        if row[0] < minimum:
            run.out.flush()
            run.err.write("warning, got bogus %s line.\n" % bogus)
            continue
        yield row


class _Ends:
    """Address and port texts of one table, cached: 100k sockets share a few
    addresses, and a name lookup is made once per address anyway."""

    def __init__(self, run, proto):
        self.run = run
        self.proto = proto
        self.wide = run.o.wide
        self.addresses = ({}, {})  # hex -> text, for IPv4 and IPv6
        self.ports = {}
        from pynettools.kernel import procnet

        self.procnet = procnet

    def port_text(self, port):
        sport = self.ports.get(port)
        if sport is None:
            sport = self.ports[port] = self.run.port_name(port, self.proto)
        return sport

    def end(self, hexaddr, family, port):
        procnet = self.procnet
        texts = self.addresses[family == 6]
        saddr = texts.get(hexaddr)
        if saddr is None:
            saddr = texts[hexaddr] = self.run.address(family, procnet.raw_for(hexaddr, family))
        sport = self.ports.get(port)
        if sport is None:
            sport = self.ports[port] = self.run.port_name(port, self.proto)
        if not self.wide and (len(saddr) + len(sport) > 22 or not (saddr.isascii() and sport.isascii())):
            return _join_addr_port(False, saddr, sport)  # (counts bytes)
        return saddr + ":" + sport


def _tcp_timer(timer_run, time_len, retr, timeout):
    hz = 100.0
    retr = _long(retr)
    if timer_run == 0:
        return "off (0.00/%d/%d)" % (retr, timeout)
    if timer_run == 1:
        return "on (%2.2f/%d/%d)" % (time_len / hz, retr, timeout)
    if timer_run == 2:
        return "keepalive (%2.2f/%d/%d)" % (time_len / hz, retr, timeout)
    if timer_run == 3:
        return "timewait (%2.2f/%d/%d)" % (time_len / hz, retr, timeout)
    if timer_run == 4:
        return "probe (%2.2f/%d/%d)" % (time_len / hz, retr, timeout)
    return "unkn-%d (%2.2f/%d/%d)" % (timer_run, time_len / hz, retr, timeout)


def _tcp_lines(run, lines, prot):
    """tcp_do_one() for every line.  Lines in the kernel's own layout take the
    fast path below (split, int); any other line, and any value out of the
    ordinary, goes through procnet's sscanf, which makes the same of them."""
    from pynettools.kernel import procnet

    o = run.o
    all_, lst, opt = o.all, o.lst, o.opt
    simple = not opt and o.exp <= 1 and not o.prg
    ends = _Ends(run, "tcp")
    end = ends.end
    addresses4, addresses6 = ends.addresses
    wide = o.wide
    states = TCP_STATES
    hexdigits = procnet.HEX
    rows = []
    add = rows.append
    fmt = "%-4s  %6d %6d %s %s %-11s"
    text = lines
    fast = procnet.fast_ok_text(text, "xX")
    cache = {}
    seen_queues, seen_states, seen_ports, seen_timers, seen_hex = {}, {}, {}, set(), set()
    head = "%-4s  " % prot
    state_texts = ["%-11s" % name for name in states]
    first = True
    # simple rows need the first 7 words only; the others all 10
    words, needed = (7, 7) if simple else (10, 10)
    previous = None  # the last line read by the fast path, while the slow one has not caught up
    for line in _batched(run, procnet.fgets_batches(text), rows):
        if first:  # lnr 0: the header
            first = False
            continue
        if fast:
            p = line.split(None, words)
            try:
                if len(p) < needed:
                    raise ValueError
                la, lp = p[1].split(":")
                ra, rp = p[2].split(":")
                # Each token is read (and checked) once, then found in a dict:
                # 100k lines share a few queue pairs, states, addresses, ports.
                queues = seen_queues.get(p[4])
                if queues is None:
                    tx, rx = p[4].split(":")
                    txq, rxq = int(tx, 16), int(rx, 16)
                    if not (0 <= txq < 1 << 63 and 0 <= rxq < 1 << 63):
                        raise ValueError
                    queues = seen_queues[p[4]] = (txq, rxq, "%6d %6d " % (rxq, txq))
                state = seen_states.get(p[3])
                if state is None:
                    state = int(p[3], 16)
                    if not 0 <= state < 12:
                        raise ValueError
                    seen_states[p[3]] = state
                if p[5] not in seen_timers or p[6] not in seen_timers:
                    # the timer, its countdown and the retransmits: read only to
                    # know sscanf would (the file has no "x", so int() takes only
                    # what %X takes, a sign aside)
                    tr, _, when = p[5].partition(":")
                    if not tr or not when or int(tr + when + p[6], 16) < 0:
                        raise ValueError
                    seen_timers.add(p[5])
                    seen_timers.add(p[6])
                lentry = seen_ports.get(lp)
                if lentry is None:
                    lentry = _port_entry(seen_ports, lp)
                rentry = seen_ports.get(rp)
                if rentry is None:
                    rentry = _port_entry(seen_ports, rp)
                lport = lentry[0]
                rport = rentry[0]
                sl = p[0]
                if sl[-1] != ":" or not sl[:-1].isdigit():
                    raise ValueError
                if la not in seen_hex:
                    if not 0 < len(la) <= 64 or la.strip(hexdigits):
                        raise ValueError
                    seen_hex.add(la)
                if ra not in seen_hex:
                    if not 0 < len(ra) <= 64 or ra.strip(hexdigits):
                        raise ValueError
                    seen_hex.add(ra)
                if simple:  # (the words after the retransmits are never shown)
                    previous = line
                elif not all_ and ((lst and rport) or (not lst and not rport)):
                    if _tcp_tail_ok(p):
                        previous = line
                        continue
                    raise ValueError
                if not all_ and ((lst and rport) or (not lst and not rport)):
                    continue
                family = 6 if len(la) > 8 else 4
                txq, rxq, queue_text = queues
                if simple:
                    # end() inlined: the common case, addresses and ports already seen
                    texts = addresses6 if family == 6 else addresses4
                    lt = texts.get(la)
                    rt = texts.get(ra)
                    lpt = lentry[1]
                    if lpt is None:
                        lpt = lentry[1] = ends.port_text(lport)
                    rpt = rentry[1]
                    if rpt is None:
                        rpt = rentry[1] = ends.port_text(rport)
                    if lt is None or rt is None:
                        left = end(la, family, lport)
                        right = end(ra, family, rport)
                    else:
                        left = lt + ":" + lpt
                        if not wide and (len(left) > 23 or not left.isascii()):
                            left = end(la, family, lport)
                        right = rt + ":" + rpt
                        if not wide and (len(right) > 23 or not right.isascii()):
                            right = end(ra, family, rport)
                    add(head + queue_text + (left.ljust(23) if left.isascii() else _pad(left, 23)) + " "
                        + (right.ljust(23) if right.isascii() else _pad(right, 23)) + " " + state_texts[state])
                    continue
                tr, _, when = p[5].partition(":")
                timer_run = int(tr, 16)
                time_len = int(when, 16)
                retr = int(p[6], 16)
                uid = int(p[7])
                timeout = int(p[8])
                inode = int(p[9])
                if not (-2147483648 <= uid <= 2147483647 and -2147483648 <= timeout <= 2147483647
                        and 0 <= inode < 1 << 64 and 0 <= timer_run < 1 << 32 and 0 <= time_len < 1 << 64
                        and 0 <= retr < 1 << 64):
                    raise ValueError
            except ValueError:
                pass
            else:
                previous = line
                add(fmt % (prot, rxq, txq, _pad(end(la, family, lport), 23), _pad(end(ra, family, rport), 23),
                           states[state])
                    + run.finish(uid, inode, _tcp_timer(timer_run, time_len, retr, timeout) if opt else "")[:-1])
                continue
        carry = run.carry.setdefault("tcp", [])
        if previous is not None:  # the last line took the fast path: its values, read in full
            carry[:] = procnet._slow_inet(previous, cache)
            previous = None
        row = procnet._slow_inet(line, cache, carry)
        carry[:] = row
        if row[0] < 11:
            _flush_rows(run, rows)
            run.out.flush()
            run.err.write("warning, got bogus tcp line.\n")
            continue
        (num, local, lport, remote, rport, state, txq, rxq, timer_run, time_len, retr, uid,
         timeout, inode) = row
        if not all_ and ((lst and rport) or (not lst and not rport)):
            continue
        family = 6 if len(local[0]) > 8 else 4
        timers = _tcp_timer(timer_run, time_len, retr, timeout) if opt else ""
        add(fmt % (prot, _long(rxq), _long(txq), _pad(end(local[0], family, lport), 23),
                   _pad(end(remote[0], family, rport), 23), _tcp_state(state)) + run.finish(uid, inode, timers)[:-1])
    if previous is not None:
        run.carry["tcp"] = list(procnet._slow_inet(previous, cache))
    _flush_rows(run, rows)


def _port_entry(seen, word):
    """A port word, read and checked once: [number, its text when first shown]."""
    number = int(word, 16)
    if not 0 <= number < 1 << 32:
        raise ValueError
    entry = seen[word] = [number, None]
    return entry


def _tcp_tail_ok(p):
    """The words after the retransmits as the fast path reads them: uid,
    timeout and inode, each what %d/%lu read whole and in range."""
    try:
        uid, timeout, inode = int(p[7]), int(p[8]), int(p[9])
    except ValueError:
        return False
    return (-2147483648 <= uid <= 2147483647 and -2147483648 <= timeout <= 2147483647
            and 0 <= inode < 1 << 64)


def _batched(run, batches, rows):
    """The lines of each batch, the rows made so far written out between batches."""
    for batch in batches:
        if len(rows) >= 4096:
            _flush_rows(run, rows)
        yield from batch


def _flush_rows(run, rows):
    if rows:
        rows.append("")
        run.out.write("\n".join(rows))
        del rows[:]


def _pad(text, width):
    """printf's "%-Ns": blanks up to N bytes (the UTF-8 bytes of a name, not its characters)."""
    if text.isascii():
        return text.ljust(width)
    size = len(text.encode("utf-8", "surrogateescape"))
    return text + " " * (width - size) if size < width else text


def _long(value):
    """%ld of an unsigned long."""
    return value - (1 << 64) if value >= 1 << 63 else value


# tcp_state[] has 12 entries and netstat indexes it with the file's number
# unchecked: 12 to 15 read the array the compiler placed after it, netrom_state[]
# (checked against Debian's binary); further on lie pointers to other data
# (garbage text, or a crash), which nobody can reproduce.
_PAST_TCP_STATES = ("LISTENING", "CONN SENT", "DISC SENT", "ESTABLISHED")


def _tcp_state(state):
    if 0 <= state < len(TCP_STATES):
        return TCP_STATES[state]
    if 0 <= state - len(TCP_STATES) < len(_PAST_TCP_STATES):
        return _PAST_TCP_STATES[state - len(TCP_STATES)]
    raise NotImplementedError("netstat: TCP state %d is past net-tools' table (undefined in C)" % state)


def _udp_lines(run, lines, prot):
    from pynettools.kernel import procnet as _pn

    lines = _pn.fgets_lines(lines)
    procnet = _pn
    ends = _Ends(run, "udp")
    o = run.o
    out = run.out
    all_, lst, opt = o.all, o.lst, o.opt
    for row in _inet_rows(run, lines, "udp", 10):
        (num, local, lport, remote, rport, state, txq, rxq, timer_run, time_len, retr, uid,
         timeout, inode) = row
        family = 6 if len(local[0]) > 8 else 4
        if state == 1:
            udp_state = "ESTABLISHED"
        elif state == 7:
            udp_state = ""
        else:
            udp_state = "UNKNOWN"
        rraw = procnet.raw_for(remote[0], family)
        notnull = rraw != bytes(len(rraw))
        if all_ or (notnull and not lst) or (not notnull and lst):
            laddr = ends.end(local[0], family, lport)
            raddr = ends.end(remote[0], family, rport)
            timers = ""
            if opt:
                timers = _dgram_timer(timer_run, time_len, timeout)
            out.write("%-5s %6d %6d %s %s %-11s" % (prot, _long(rxq), _long(txq), _pad(laddr, 23), _pad(raddr, 23),
                                                     udp_state)
                      + run.finish(uid, inode, timers))


def _dgram_timer(timer_run, time_len, timeout):
    if timer_run == 0:
        return "off (0.00/0/%d)" % timeout
    if timer_run in (1, 2):
        return "on%d (%2.2f/0/%d)" % (timer_run, time_len / 100.0, timeout)
    return "unkn-%d (%2.2f/0/%d)" % (timer_run, time_len / 100.0, timeout)


def _raw_lines(run, lines, prot):
    from pynettools.kernel import procnet as _pn

    lines = _pn.fgets_lines(lines)
    procnet = _pn
    ends = _Ends(run, "raw")
    o = run.o
    out = run.out
    all_, lst, opt = o.all, o.lst, o.opt
    for row in _inet_rows(run, lines, "raw", 10):
        (num, local, lport, remote, rport, state, txq, rxq, timer_run, time_len, retr, uid,
         timeout, inode) = row
        family = 6 if len(local[0]) > 8 else 4
        rraw = procnet.raw_for(remote[0], family)
        notnull = rraw != bytes(len(rraw))
        if all_ or (notnull and not lst) or (not notnull and lst):
            laddr = ends.end(local[0], family, lport)
            raddr = ends.end(remote[0], family, rport)
            timers = ""
            if opt:
                timers = _raw_timer(timer_run, time_len, retr, timeout)
            out.write("%-4s  %6d %6d %s %s %-11d" % (prot, _long(rxq), _long(txq), _pad(laddr, 23), _pad(raddr, 23),
                                                    state)
                      + run.finish(uid, inode, timers))


def _raw_timer(timer_run, time_len, retr, timeout):
    if timer_run == 0:
        return "off (0.00/%d/%d)" % (retr, timeout)
    if timer_run in (1, 2):
        return "on%d (%2.2f/%d/%d)" % (timer_run, time_len / 100.0, retr, timeout)
    return "unkn-%d (%2.2f/%d/%d)" % (timer_run, time_len / 100.0, retr, timeout)


def _igmp(run):
    """igmp_info(): /proc/net/igmp (a device line, then its groups indented by
    tabs), then /proc/net/igmp6 (one "idx device group users ..." line each)."""
    return _guts6(run, "igmp", "AF INET (igmp)", _igmp_lines, "igmp", "igmp6")


def _igmp_lines(run, lines, prot):
    """igmp_do_one() for each line; its statics (idx_flag, igmp6_flag, device)
    live in run, as they outlive one file in C."""
    from pynettools.kernel import procnet as _pn

    lines = _pn.fgets_lines(lines)
    from pynettools.kernel import procnet

    state = run.igmp_state
    out = run.out
    for lnr, line in enumerate(lines):
        line = line.split("\0", 1)[0]
        if lnr == 0:
            if "Device" not in line:
                state["igmp6"] = True
            else:
                state["idx"] = line[:3] == "Idx"
                continue
        if state["igmp6"]:
            parsed = procnet.scan_igmp6(line)
            if parsed is None:
                out.flush()
                run.err.write("warning, got bogus igmp6 line %d.\n" % lnr)
                continue
            device, hexaddr, refcnt = parsed
            state["device"] = device
            raw = procnet.igmp6_raw(hexaddr)
            addr = run.address(6, raw)
            out.write("%s %-6d %s\n" % (_pad(device, 15), refcnt, addr))
            continue
        if line[:1] != "\t":
            device = procnet.scan_igmp_device(line, state["idx"], state["device"])
            if device is None:
                out.flush()
                run.err.write("warning, got bogus igmp line %d.\n" % lnr)
                continue
            colon = device.rfind(":")
            state["device"] = device[:colon] if colon >= 0 else device
            continue
        parsed = procnet.scan_igmp_group(line)
        if parsed is None:
            out.flush()
            run.err.write("warning, got bogus igmp line %d.\n" % lnr)
            continue
        hexaddr, refcnt = parsed
        raw = procnet.u32(hexaddr).to_bytes(4, "little")
        out.write("%s %-6d %s\n" % (_pad(state["device"], 15), refcnt, run.address(4, raw)))


# ---- unix --------------------------------------------------------------------

_UNIX_TYPES = {1: "STREAM", 2: "DGRAM", 3: "RAW", 4: "RDM", 5: "SEQPACKET"}
_UNIX_STATES = {0: "FREE", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING"}
SO_ACCEPTCON, SO_WAITDATA, SO_NOSPACE = 1 << 16, 1 << 17, 1 << 18


def _unix(run):
    o = run.o
    out = run.out
    head = "Active UNIX domain sockets " + _title(o) + \
        "\nProto RefCnt Flags       Type       State         I-Node  "
    if o.prg:
        head += " %-20s" % "PID/Program name"
    out.write(head + " Path\n")
    import errno

    try:
        text = run.kernel.read_text("/proc/net/unix")
    except OSError as error:
        if error.errno not in (errno.ENOENT, errno.EACCES):
            out.flush()
            run.err.write("/proc/net/unix: %s\n" % error.strerror)
            return -1
        if not o.noprot and (o.arg or o.ver):
            out.flush()
            run.err.write("netstat: no support for `AF UNIX' on this system.\n")
        return 1 if (not o.noprot and o.arg) else 0
    from pynettools.kernel import procnet

    has_inode = False
    all_, lst, prg = o.all, o.lst, o.prg
    for nr, row in enumerate(procnet.parse_unix_lines(procnet.fgets_lines(text))):
        if nr == 0:
            has_inode = row
            continue
        if row is None:
            out.flush()
            run.err.write("warning, got bogus unix line.\n")
            continue
        refcnt, proto, flags, type_, state, inode, path = row
        if not has_inode:
            path = "%d" % inode
        if not all_:
            if state == 1 and flags & SO_ACCEPTCON:
                if not lst:
                    continue
            elif lst:
                continue
        ss_proto = "unix" if proto == 0 else "??"
        ss_type = _UNIX_TYPES.get(type_, "UNKNOWN")
        if state == 1:
            ss_state = "LISTENING" if flags & SO_ACCEPTCON else ""
        else:
            ss_state = _UNIX_STATES.get(state, "UNKNOWN")
        ss_flags = "[ "
        if flags & SO_ACCEPTCON:
            ss_flags += "ACC "
        if flags & SO_WAITDATA:
            ss_flags += "W "
        if flags & SO_NOSPACE:
            ss_flags += "N "
        ss_flags += "]"
        line = "%-5s %-6d %-11s %-10s %-13s " % (ss_proto, _long(refcnt), ss_flags, ss_type, ss_state)
        line += "%-8d" % inode if has_inode else "-       "
        if prg:
            line += " " + _pad(run.program(inode) if has_inode else "-", 20)
        out.write(line + " " + path + "\n")
    return 0
