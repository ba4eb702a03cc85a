"""lsof -- list open files, for network files only (lsof 4.95.0, Debian 12's /usr/bin/lsof).

What is done here: internet sockets (-i, TCP/UDP/UDPLITE over IPv4 and IPv6)
and UNIX sockets (-U), with the selection options -a -c (prefixes, ^, /RE/)
-p -u -g -d (with -a) -s and -Q; the output options -n -P -l -t -F -R +c -o
-s -T -w -b -h -v -V; -K (with -a: each thread's sockets, TID and TASKCMD); and repeat mode (+r/-r).  The options
this build refuses or limits say what lsof says (-C, -D, -m, -Z, -x without
+d/+D, -L N, -f with other than g/G, -e with a relative path, -X with -i);
-f, -fg, -L, -M, -O, -S change nothing for sockets.  A listing that would
include other kinds of files (no -i/-U, names, -p/-u/-c/-d ORed with -i,
threads under -K without -a, +d/+D, -N) or another column (+L, +fg, -Z on SELinux), or
that needs the mount table (-e PATH, +m), is out of scope: one line on
stderr, exit 1.  -E/+E add each socket's other ends (UNIX peers and waiting
clients from a sock_diag dump, loopback TCP/UDP pairs from /proc/net); with
only -i/-U selecting, +E lists no pipe or pty, so it stays in scope.

The order of work, as lsof's main():
1. options (lsof's own GetOpt: `-` or `+`, values that may be taken back
   and read again as options);
2. the selection flags (Selflags) and whether the listing stays in scope;
3. processes from /proc (pynettools.kernel.lsofnet.processes), each
   checked against -p/-u/-g/-c (_proc_select: is_proc_excl, is_cmd_excl);
4. the socket tables, read once (InetTables, unix_table), and each socket
   fd against -i/-U/-s/-d (_one_pass: process_proc_sock, ent_inaddr,
   is_nw_addr);
5. the sinks: _Table (print_file's two passes: size the columns, then
   print), _Terse (-t), _Fields (-F);
6. with -r/+r, the marker and a sleep, then again from 3;
7. the exit status (_status): 1 when a search item found nothing (unless -Q).
"""
SPEC = {
    "name": "lsof",
    "section": "8",
    "summary": "list open network files: internet and UNIX sockets",
    "synopsis": [
        "lsof [-?abhlnPQRtUvVw] [+|-c c] [+|-E] [-d s] [-F [f]] [-g [s]] [-i [i]] [-K [i]] [-o] [-p s] "
        "[+|-r [t[m<fmt>]]] [-s [p:s]] [-T [t]] [-u s]",
    ],
    "options": [
        ("-a", None, None, "AND the selections (they are ORed by default)"),
        ("-b", None, None, "accepted; nothing here blocks in the kernel"),
        ("-c", None, "C", "select commands whose name starts with C; ^C excludes; /RE/[bix] a regular expression"),
        ("+c", None, "W", "COMMAND column width (9; 0 for all 15 characters)"),
        ("-d", None, "S", "select file descriptors (a list, ranges N-M, ^ to exclude); with -a"),
        ("-E", None, None, "endpoints: after a socket's name, who holds its other end (PID,COMMAND,FD; "
                           "a UNIX socket's peer inode as ->INO=); +E also lists those other ends"),
        ("-F", None, "F", "field output for programs: p c n f t ... (-F alone: all, -F0: NUL-terminated, -F? lists them)"),
        ("-g", None, "S", "list process group IDs (and select by them)"),
        ("-h", None, None, "help"),
        ("-i", None, "I", "select internet files: [46][protocol][@host|addr][:service|port list]"),
        ("-K", None, "I", "tasks (threads): with -a, each thread's sockets with its TID and TASKCMD; -K i ignores them"),
        ("-l", None, None, "user IDs instead of login names"),
        ("-n", None, None, "no host names"),
        ("-o", None, None, "the OFFSET column instead of SIZE/OFF"),
        ("-P", None, None, "no port names"),
        ("-p", None, "S", "select process IDs; ^ excludes"),
        ("-Q", None, None, "a search item that found nothing is not an error"),
        ("-R", None, None, "list parent process IDs"),
        ("-r", None, "T", "repeat every T seconds (15) until stopped; +r until nothing is listed"),
        ("-s", None, "P:S", "select (or ^exclude) TCP states, e.g. TCP:LISTEN; alone: the SIZE column"),
        ("-t", None, None, "terse: process IDs only"),
        ("-T", None, "T", "TCP/TPI information: s (state), q (queues), f; -T alone: none"),
        ("-u", None, "S", "select login names or user IDs; ^ excludes"),
        ("-U", None, None, "select UNIX sockets"),
        ("-v", None, None, "version information"),
        ("-w", None, None, "no warnings (+w: warnings)"),
    ],
    "completions": {
        "-i": ["TCP", "UDP", "4", "6", "4TCP", "6TCP", "4UDP", "6UDP", "TCP:", "UDP:", "@"],
        "-s": ["TCP:LISTEN", "TCP:ESTABLISHED", "TCP:^LISTEN", "TCP:SYN_SENT", "TCP:CLOSE_WAIT",
               "TCP:TIME_WAIT", "TCP:FIN_WAIT1", "TCP:FIN_WAIT2", "TCP:LAST_ACK", "TCP:CLOSING", "TCP:CLOSE"],
        "-T": ["s", "q", "f", "qs", "fqs"],
        "-F": ["pcn", "pcfn", "0", "?"],
        "-K": ["i"],
    },
    "man": (
        "DESCRIPTION\n"
        "lsof lists the network files processes hold open: internet sockets (TCP, UDP and "
        "UDP-Lite over IPv4 and IPv6) with -i, and UNIX sockets with -U. Each line shows the "
        "command, the process ID, the user, the file descriptor with its access mode, the "
        "type (IPv4, IPv6, unix), the device, the offset, the node (the protocol, or the "
        "UNIX socket's inode) and the name: local and remote address and port, and the TCP "
        "state, as in `*:ssh (LISTEN)` or `host:40003->peer:smtp (ESTABLISHED)`.\n"
        "\n"
        "An -i argument narrows the listing: `-i :8080`, `-iTCP:8000-8443`, `-i@198.51.100.2`, "
        "`-i@[2001:db8::1]:53`, `-i4`, `-i6`; services may be named (`-i :ssh,http`). Selections "
        "are ORed; -a ANDs them, as in `lsof -a -p 1234 -i`. `lsof -t -i :8080` prints only the "
        "process IDs, for scripts (`kill $(lsof -t -i :8080)`); -F prints one field per line "
        "(`lsof -F pcn -i`); `lsof -nP -iTCP -sTCP:LISTEN` lists the listening TCP sockets "
        "numerically. -r repeats the listing, with a marker line between listings, until "
        "stopped; +r until nothing is listed.\n"
        "\n"
        "HOW IT READS THE KERNEL\n"
        "There is no table of which process owns which socket: a socket is a file, and each "
        "process's /proc/PID/fd holds a symbolic link per open file descriptor; a socket's "
        "reads socket:[INODE]. The inode is looked up in /proc/net/tcp, udp, udplite and "
        "their IPv6 twins (addresses, ports, the state and the queues) and in /proc/net/unix "
        "(the path, the type, the state and the socket's kernel address, shown as DEVICE). "
        "The command name, parent and process group come from /proc/PID/stat, the owner "
        "from /proc/PID/status, the open flags of a descriptor (-F G) from "
        "/proc/PID/fdinfo/FD; with -K, each thread's from /proc/PID/task/TID. With -E, "
        "a UNIX socket's peer and the clients waiting on a listener come from a sock_diag "
        "netlink dump (UNIX_DIAG_PEER, UNIX_DIAG_ICONS), and a TCP or UDP socket's other "
        "end is the ESTABLISHED line of /proc/net whose addresses and ports are its own "
        "the other way round. Host names come from gethostbyaddr, service names from "
        "getservbyport (/etc/services), user names from getpwuid. PYNETTOOLS_TRACE=1 shows "
        "each of those reads.\n"
        "\n"
        "EXIT STATUS\n"
        "0; 1 when a search item (an -i address, a process ID, a command, a user, a TCP "
        "state) found nothing, unless -Q is given, and on a usage error.\n"
        "\n"
        "DIFFERENCES\n"
        "Only network files. A listing that would include other files (no -i or -U, file "
        "names, -p, -u, -c or -d ORed with -i, processes with threads under -K without -a) is refused "
        "with one line on standard error and exit status 1."
    ),
    "see_also": ["ss(8)", "netstat(8)"],
}

_OPTIONS = "?abc:D:d:e:Ef:F:g:hi:K:lL:m:MnNo:Op:QPr:Rs:S:tT:u:UvVwx:XZ:"
_VERSION_BANNER = (
    "lsof 4.95.0\n"
    " latest revision: https://github.com/lsof-org/lsof\n"
    " latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ\n"
    " latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8\n"
)
_USAGE_SHORT = (
    " usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]\n"
    " [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]\n"
    " [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]\n"
)
_HELP = (
    "Defaults in parentheses; comma-separated set (s) items; dash-separated ranges.\n"
    "  -?|-h list help          -a AND selections (OR)     -b avoid kernel blocks\n"
    "  -c c  cmd c ^c /c/[bix]  +c w  COMMAND width (9)    +d s  dir s files\n"
    "  -d s  select by FD set   +D D  dir D tree *SLOW?*   +|-e s  exempt s *RISKY*\n"
    "  -i select IPv[46] files  -K [i] list|(i)gn tasKs    -l list UID numbers\n"
    "  -n no host names         -N select NFS files        -o list file offset\n"
    "  -O no overhead *RISKY*   -P no port names           -Q allow failed search\n"
    "  -R list paRent PID       -s list file size          -t terse listing\n"
    "  -T disable TCP/TPI info  -U select Unix socket      -v list version info\n"
    "  -V verbose search        +|-w  Warnings (+)         -X skip TCP&UDP* files\n"
    "  -Z Z  context [Z]        -- end option scan       \n"
    "  -E display endpoint info              +E display endpoint info and files\n"
    "  +f|-f  +filesystem or -file names     +|-f[gG] flaGs \n"
    "  -F [f] select fields; -F? for help  \n"
    "  +|-L [l] list (+) suppress (-) link counts < l (0 = all; default = 0)\n"
    "                                        +m [m] use|create mount supplement\n"
    "  +|-M   portMap registration (-)       -o o   o 0t offset digits (8)\n"
    "  -p s   exclude(^)|select PIDs         -S [t] t second stat timeout (15)\n"
    "  -T fqs TCP/TPI Fl,Q,St (s) info\n"
    "  -g [s] exclude(^)|select and print process group IDs\n"
    "  -i i   select by IPv[46] address: [46][proto][@host|addr][:svc_list|port_list]\n"
    "  +|-r [t[m<fmt>]] repeat every t seconds (15);  + until no files, - forever.\n"
    "       An optional suffix to t is m<fmt>; m must separate t from <fmt> and\n"
    "      <fmt> is an strftime(3) format for the marker line.\n"
    "  -s p:s  exclude(^)|select protocol (p = TCP|UDP) states by name(s).\n"
    "  -u s   exclude(^)|select login|UID set s\n"
    "  -x [fl] cross over +d|+D File systems or symbolic Links\n"
    "  names  select named files or files on named file systems\n"
    "Anyone can list all files; /dev warnings disabled; kernel ID check disabled.\n"
)
_FIELD_HELP = (
    "lsof:\tID    field description\n"
    "\t a    access: r = read; w = write; u = read/write\n"
    "\t c    command name\n"
    "\t d    device character code\n"
    "\t D    major/minor device number as 0x<hex>\n"
    "\t f    file descriptor\n"
    "\t G    file flaGs\n"
    "\t i    inode number\n"
    "\t k    link count\n"
    "\t K    task ID (TID)\n"
    "\t l    lock: r/R = read; w/W = write; u = read/write\n"
    "\t L    login name\n"
    "\t m    marker between repeated output\n"
    "\t M    task comMand name\n"
    "\t n    comment, name, Internet addresses\n"
    "\t o    file offset as 0t<dec> or 0x<hex>\n"
    "\t p    process ID (PID)\n"
    "\t g    process group ID (PGID)\n"
    "\t P    protocol name\n"
    "\t r    raw device number as 0x<hex>\n"
    "\t R    paRent PID\n"
    "\t s    file size\n"
    "\t S    stream module and device names\n"
    "\t t    file type\n"
    "\t T    TCP/TPI info\n"
    "\t u    user ID (UID)\n"
    "\t 0    (zero) use NUL field terminator instead of NL\n"
)
_VERSION = (
    "lsof version information:\n"
    "    revision: 4.95.0\n"
    "    latest revision: https://github.com/lsof-org/lsof\n"
    "    latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ\n"
    "    latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8\n"
    # the build of Debian's lsof 4.95.0-1 (its compiler, flags and security settings)
    "    compiler: cc\n"
    "    compiler version: 11.3.0 (Debian 11.3.0-1) \n"
    "    compiler flags: -g -O2 -ffile-prefix-map=/build/lsof-D9SkAG/lsof-4.95.0=. -fstack-protector-strong -Wformat -Werror=format-security -Wdate-time -D_FORTIFY_SOURCE=2 -DLINUXV=517003 -DGLIBCV=233 -DHASIPv6 -DNEEDS_NETINET_TCPH -DHASSELINUX -DHASUXSOCKEPT -DHASPTYEPT -DHASSOSTATE -DHASSOOPT -D_FILE_OFFSET_BITS=64 -D_LARGEFILE64_SOURCE -DHAS_STRFTIME -DLSOF_VSTR=\"5.17.3\" -I/usr/include/tirpc -O\n"
    "    loader flags: -L./lib -llsof -Wl,-z,relro -Wl,-z,now -ltirpc -lselinux\n"
    "    Anyone can list all files.\n"
    "    /dev warnings are disabled.\n"
    "    Kernel ID check is disabled.\n"
)

# Field ids lsof knows (FieldSel[] in lsof.h); -F with none of them lists these.
_FIELD_IDS = "acdDfGikKlLmMnopgPrRsStTuzZ0"
_ALL_FIELDS = "pKMgRcuLfaltGdoPnTi"

TCP_STATES = {1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
              6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING",
              0: "CLOSED"}
_UNIX_TYPES = {1: "STREAM", 2: "DGRAM", 3: "RAW", 4: "RDM", 5: "SEQPACKET"}
_UNIX_STATES = {0: "UNCONNECTED", 1: "UNCONNECTED", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING"}
_ACCEPTCON = 0x10000

SELCMD, SELFD, SELNA, SELNET, SELPGID, SELPID, SELUID, SELUNX, SELTASK = 1, 2, 4, 8, 16, 32, 64, 128, 256
_SELPROC = SELPGID | SELPID | SELUID | SELTASK


class _Exit(Exception):
    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


class _Nwad:
    __slots__ = ("proto", "family", "addr", "sport", "eport", "found", "arg")

    def __init__(self, proto, family, addr, sport, eport, arg):
        self.arg = arg  # the -i argument it comes from
        self.proto = proto
        self.family = family
        self.addr = addr
        self.sport = sport
        self.eport = eport
        self.found = False


class _Opts:
    def __init__(self):
        self.andsel = False
        self.cmd_lim = 9
        self.cmds = []          # [prefix, exclude, found], newest first
        self.cmd_rx = []        # [_PosixRegex, found]
        self.fdl = []           # (name or None, lo, hi)
        self.fdl_ty = None      # None, False (include) or True (exclude)
        self.fwarn = True       # +w (warnings on) unless -w or -t
        self.ftask = False      # -K: list tasks (threads)
        self.fblock = False     # -b
        self.repeat = 0         # -r/+r seconds
        self.repeat_plus = False
        self.repeat_max = 0
        self.repeat_fmt = None
        self.pids = []          # [pid, exclude, found]
        self.pgids = []
        self.uids = []          # [uid, exclude, found, login]
        self.fpgid = False
        self.fnet = 0
        self.fnet_ty = 0
        self.nwads = []
        self.funix = False
        self.host = True
        self.port = True
        self.numeric_uid = False
        self.terse = False
        self.field = None
        self.terminator = "\n"
        self.offset = False
        self.size = False
        self.ppid = False
        self.tcptpi = 4         # TCPTPI_STATE
        self.tcptpi_set = False
        self.search_err = True
        self.tcp_in = {}
        self.tcp_ex = set()
        self.names = []
        self.help = False
        self.field_help = False
        self.version = False
        self.verbose = False    # -V: say which search items found nothing
        self.xover = False      # -x
        self.xopt = False       # -X (toggled)
        self.ept = 0            # -E 1, +E 2: endpoints of sockets (and +E: list them)


_TCPTPI_FLAGS, _TCPTPI_QUEUES, _TCPTPI_STATE, _TCPTPI_WINDOWS = 1, 2, 4, 8


class _Lsof:
    def __init__(self, env):
        self.env = env
        self.kernel = env.kernel
        self.out = env.stdout
        self.err = env.stderr
        self.o = _Opts()
        self._hosts = {}
        self._servs = {}
        self.inet = None
        self.unix = None
        self.fnet_found = False  # main.c's Fnet == 2: an internet file was met
        self.task_found = False  # Ftask == 2: a task was listed
        self.excl_sf = 0         # _proc_select(): an excluded process's flags so far
        self.nma = None          # -E: {(proc, fd): the NAME column's addition}
        self._users = {}

    def error(self, text):
        self.err.write("lsof: " + text)

    # ---- option parsing (main.c, GetOpt) --------------------------------------

    def parse(self, argv):
        o = self.o
        err = False
        later = []  # options that take the listing out of scope, once no error stopped it
        args = argv[1:]
        x1, x2 = 0, 0
        count = len(args)
        while True:
            if x2 == 0:
                if x1 >= count or args[x1][:1] not in ("-", "+") or len(args[x1]) < 2:
                    break
                if args[x1] in ("--", "++"):
                    x1 += 1
                    break
                prefix = args[x1][0]
                x2 = 1
            arg = args[x1]
            c = arg[x2]
            rule = _OPTIONS.find(c) if c != ":" else -1
            if c == ":" or rule < 0:
                if c == ":":
                    self.error("colon is an illegal option character.\n")
                else:
                    self.error("illegal option character: %s\n" % c)
                x2 += 1
                if x2 >= len(arg):
                    x1 += 1
                    x2 = 0
                err = True
                continue
            value = None
            back = None
            if rule + 1 < len(_OPTIONS) and _OPTIONS[rule + 1] == ":":
                if x2 + 1 < len(arg):
                    back = (x1, x2 + 1)
                    value = arg[x2 + 1:]
                    x1 += 1
                elif x1 + 1 >= count:
                    x1 += 1
                else:
                    x1 += 1
                    back = (x1, 0)
                    value = args[x1]
                    if value == "--":
                        value = None
                    else:
                        x1 += 1
                x2 = 0
            else:
                x2 += 1
                if x2 >= len(arg):
                    x2 = 0
                    x1 += 1
            optional_absent = value is None or value[:1] in ("-", "+")

            def take_back():
                if value is not None:
                    return back
                return None

            if c == "a":
                o.andsel = True
            elif c == "b":
                o.fblock = True
            elif c == "c":
                if prefix == "+":
                    if value is None or value[:1] in ("-", "+") or not value[:1].isdigit():
                        self.error("+c not followed by width number\n")
                        err = True
                        if value is not None:
                            x1, x2 = back
                    else:
                        o.cmd_lim = _atoi(value)
                        if o.cmd_lim > _MAXSYSCMDL:
                            self.error("+c %d > what system provides (%d)\n" % (o.cmd_lim, _MAXSYSCMDL))
                            err = True
                    continue
                if value is not None and value[:1] == "/":
                    if self._enter_cmd_rx(value):
                        err = True
                elif value is None or value[:1] in ("-", "+"):
                    self.error("missing -c option value\n")
                    err = True
                else:
                    exclude = value[:1] == "^"
                    text = value[1:] if exclude else value
                    o.cmds.insert(0, [text, exclude, False])
                    if len(text.encode("utf-8", "surrogateescape")) > _MAXSYSCMDL:
                        self.err.write('lsof: "-c %s" length (%d) > what system provides (%d)\n'
                                       % (text, len(text.encode("utf-8", "surrogateescape")), _MAXSYSCMDL))
                        err = True
            elif c == "d" or c == "D":
                if prefix == "+":
                    # enter_dir(): the same words for +d and +D
                    if not value or value[:1] in ("-", "+"):
                        if o.fwarn:
                            self.error("+d not followed by a directory path\n")
                        err = True
                        continue
                    raise _OutOfScope("+%s (files in a directory)" % c)
                if c == "D":
                    # no device cache in Linux builds (HASDCACHE): the value is taken all the same
                    self.error("unsupported option: -D\n")
                    err = True
                elif self._enter_fd(value):
                    err = True
            elif c == "e":
                # enter_efsys(): a path, or the message (only while warnings are on)
                if value is None or value[:1] != "/":
                    if o.fwarn:
                        self.error('-e not followed by a file system path: "%s"\n'
                                   % ("(null)" if value is None else value))
                    err = True
                else:
                    later.append("-e (main() checks its path against the mount table)")
            elif c == "E":
                o.ept = 2 if prefix == "+" else 1  # (HASEPTOPTS)
            elif c == "f":
                if optional_absent:
                    if value is not None:
                        x1, x2 = back
                    continue  # -f/+f: how names are read; none are (they are out of scope)
                # Linux has only the flags of the file struct (HASNOFSADDR, HASNOFSCOUNT, HASNOFSNADDR)
                for ch in value:
                    if ch in "gG":
                        if prefix == "+":
                            later.append("+f%s (the FILE-FLAG column)" % ch)
                    else:
                        self.error("unknown file struct option: %s\n" % ch)
                        err = True
            elif c == "L":
                if prefix == "+":
                    later.append("+L (the NLINK column)")
                if optional_absent:
                    if value is not None:
                        x1, x2 = back
                    continue
                digits = _leading_digits(value)
                if digits and prefix != "+":
                    self.error("no number may follow -L\n")
                    err = True
                if len(digits) < len(value):
                    x1, x2 = back[0], back[1] + len(digits)
            elif c == "m":
                if prefix == "-":
                    # no HASMOPT on Linux: the value is taken all the same
                    self.error("-m not supported\n")
                    err = True
                    continue
                if optional_absent and value is not None:
                    x1, x2 = back
                later.append("+m (the mount supplement)")
            elif c == "M":
                if prefix == "+":
                    later.append("+M (portmapper registrations)")
            elif c == "N":
                later.append("-N (NFS files)")
            elif c == "O":
                pass  # no child processes for stat() here either
            elif c == "S":
                if optional_absent:
                    if value is not None:
                        x1, x2 = back
                    continue
                digits = _leading_digits(value)
                limit = int(digits) if digits else 15
                if len(digits) < len(value):
                    x1, x2 = back[0], back[1] + len(digits)
                if limit < 2:
                    self.error("WARNING: -S time (%d) changed to %d\n" % (limit, 2))
            elif c == "V":
                o.verbose = True
            elif c == "x":
                if optional_absent:
                    o.xover = True
                    if value is not None:
                        x1, x2 = back
                    continue
                for ch in value:
                    if ch in "fl":
                        o.xover = True
                    else:
                        self.error("unknown cross-over option: %s\n" % ch)
                        err = True
            elif c == "X":
                o.xopt = not o.xopt
            elif c == "Z":
                if self.kernel.lookup("selinux enabled", _selinux_enabled):
                    later.append("-Z (security contexts)")
                    if optional_absent and value is not None:
                        x1, x2 = back
                else:
                    # the value, if any, is taken all the same
                    self.error("-Z limited to SELinux\n")
                    err = True
            elif c == "F":
                if optional_absent or value == "0":
                    if value is not None:
                        if value[:1] in ("-", "+"):
                            x1, x2 = back
                        elif value[:1] == "0":
                            o.terminator = "\0"
                    o.field = set(_ALL_FIELDS)
                    o.fpgid = True
                    o.ppid = True
                    o.tcptpi |= _TCPTPI_STATE | _TCPTPI_QUEUES
                    continue
                if value == "?":
                    o.field_help = True
                    continue
                if o.field is None:
                    o.field = set()
                for ch in value:
                    if ch in _FIELD_IDS:
                        o.field.add(ch)
                        if ch == "R":
                            o.ppid = True
                        if ch == "0":
                            o.terminator = "\0"
                        if ch == "o":
                            o.offset = True
                        if ch == "g":
                            o.fpgid = True
                        if ch == "T":
                            o.tcptpi |= _TCPTPI_STATE | _TCPTPI_QUEUES
                    else:
                        self.error("unknown field: %s\n" % ch)
                        err = True
            elif c == "g":
                if optional_absent:
                    o.fpgid = True
                    if value is not None:
                        x1, x2 = back
                else:
                    if self._enter_id(value, o.pgids, True):
                        err = True
                    o.fpgid = True
            elif c == "h" or c == "?":
                o.help = True
            elif c == "i":
                if optional_absent:
                    o.fnet = 1
                    o.fnet_ty = 0
                    if value is not None:
                        x1, x2 = back
                elif self._enter_nwad(value):
                    err = True
            elif c == "K":
                if optional_absent:
                    o.ftask = True
                    if value is not None:
                        x1, x2 = back
                elif value.lower() != "i":
                    self.error("-K not followed by i (but by %s)\n" % value)
                    err = True
                else:
                    o.ftask = False
            elif c == "l":
                o.numeric_uid = True
            elif c == "n":
                o.host = prefix != "-"
            elif c == "o":
                if optional_absent:
                    o.offset = True
                    if value is not None:
                        x1, x2 = back
                else:
                    digits = _leading_digits(value)
                    if not digits:
                        o.offset = True
                    if len(digits) < len(value):
                        x1, x2 = back[0], back[1] + len(digits)
            elif c == "p":
                if self._enter_id(value, o.pids, False):
                    err = True
            elif c == "Q":
                o.search_err = False
            elif c == "P":
                o.port = prefix != "-"
            elif c == "R":
                o.ppid = True
            elif c == "r":
                if prefix == "+":
                    o.repeat_plus = True
                if optional_absent:
                    o.repeat = 15
                    if value is not None:
                        x1, x2 = back
                    continue
                digits = _leading_digits(value)
                o.repeat = int(digits) if digits else 15
                rest = value[len(digits):]
                if not rest:
                    continue
                rest = rest.lstrip(" ")
                if rest[:1] == "c":
                    times = _leading_digits(rest[1:])
                    o.repeat_max = int(times) if times else 0
                    rest = rest[1 + len(times):]
                if rest[:1] != "m":
                    # not a marker format: the rest is read again as options (-r1c2 is also -c2)
                    x1, x2 = back[0], back[1] + len(digits)
                    continue
                fmt = rest[1:]
                import time

                if not time.strftime(fmt, time.localtime(0)) if fmt else True:
                    self.error('illegal <fmt>: "%s"\n' % fmt)
                    err = True
                else:
                    o.repeat_fmt = fmt
            elif c == "s":
                if optional_absent:
                    if value is not None:
                        x1, x2 = back
                    o.size = True
                elif self._enter_state(value):
                    err = True
            elif c == "t":
                o.terse = True
                o.fwarn = False
            elif c == "T":
                o.tcptpi_set = True
                if optional_absent:
                    o.tcptpi = 0 if prefix == "-" else _TCPTPI_STATE
                    if value is not None:
                        x1, x2 = back
                    continue
                o.tcptpi = 0
                for ch in value:
                    if ch == "f":
                        o.tcptpi |= _TCPTPI_FLAGS
                    elif ch == "q":
                        o.tcptpi |= _TCPTPI_QUEUES
                    elif ch == "s":
                        o.tcptpi |= _TCPTPI_STATE
                    elif ch == "w":
                        o.tcptpi |= _TCPTPI_WINDOWS
                    else:
                        self.error("unsupported TCP/TPI info selection: %s\n" % ch)
                        err = True
            elif c == "u":
                if self._enter_uid(value):
                    err = True
            elif c == "U":
                o.funix = True
            elif c == "v":
                o.version = True
            elif c == "w":
                o.fwarn = prefix == "+"
            else:
                raise _OutOfScope("option %s%s" % (prefix, c))
        o.names = args[x1:]
        for entry in o.cmds:
            if entry[1]:
                for other in o.cmds:
                    if not other[1] and other[0] == entry[0]:
                        self.error("-c^%s and -c%s conflict.\n" % (entry[0], other[0]))
                        err = True
        if o.tcp_in and o.tcp_ex:
            for num, name in sorted(TCP_STATES.items(), key=lambda item: _STATE_ORDER.index(item[0])):
                if num in o.tcp_in and num in o.tcp_ex:
                    self.error("can't include and exclude TCP state: %s\n" % name)
                    err = True
        if o.size and o.offset:
            self.error("-o and -s are mutually exclusive\n")
            err = True
        if o.field is not None and o.terse:
            self.error("-F and -t are mutually exclusive\n")
            err = True
        if o.field is not None and o.repeat_fmt is not None and _has_newline_request(o.repeat_fmt):
            self.error('%%n illegal in -r m<fmt> when -F has been specified: "%s"\n' % o.repeat_fmt)
            err = True
        if o.xover:
            # +d and +D (which -x goes with) are out of scope once they have a path
            self.error("-x must accompany +d or +D\n")
            err = True
        if err or o.help or o.field_help or o.version:
            self.usage(err, o.field_help, o.version)
        if later:
            raise _OutOfScope(later[0])

    def usage(self, err, field_help, version):
        """usage.c: the banner and short usage (-h or an error), the long help (-h),
        the field list (-F?), the version information (-v), in that order."""
        fhelp = self.o.help
        if fhelp or err:
            self.err.write(_VERSION_BANNER + _USAGE_SHORT)
        if err and not fhelp:
            self.err.write("Use the ``-h'' option to get more help information.\n")
            if not field_help:
                raise _Exit(1)
        if fhelp:
            self.err.write(_HELP)
        if field_help:
            self.err.write(_FIELD_HELP)
        if version:
            self.err.write(_VERSION)
        raise _Exit(1 if err else 0)

    def _enter_fd(self, value):
        """enter_fd(): -d's comma list of FDs, ranges (3-10) and names, all included or all ^excluded."""
        o = self.o
        if not value:
            self.error("no file descriptor specified\n")
            return True
        err = False
        for item in value.split(","):
            exclude = item[:1] == "^"
            if exclude:
                item = item[1:]
            if not item:
                continue
            if "-" in item:
                dash = item.rfind("-")
                low, high = item[:dash], item[dash + 1:]
                shown = item
                if not low:
                    self.error("illegal FD range for -d: %s\n" % (item))
                    err = True
                    continue
                if not low.isdigit() or high and not high.isdigit():
                    self.error("non-digit in -d FD range: %s\n" % (item))
                    err = True
                    continue
                lo, hi = int(low), int(high or "0")
                if lo >= hi:
                    self.error("-d FD range's low >= its high: %s\n" % (item))
                    err = True
                    continue
                name = None
            else:
                shown = item
                if item.isdigit():
                    lo = hi = int(item)
                    name = None
                else:
                    lo, hi, name = 1, 0, item
            if o.fdl_ty is not None and o.fdl_ty != exclude:
                if o.fwarn:
                    if name is None:
                        shown = ("%d-%d" % (lo, hi)) if lo != hi else "%d" % lo
                    self.error("%s in an %s -d list: %s%s\n" % ("exclude" if exclude else "include",
                                                                 "exclude" if o.fdl_ty else "include",
                                                                 "^" if exclude else "", shown))
                err = True
                continue
            if name == "fd":
                name, lo, hi = None, 0, 2 ** 31 - 1
            entry = (name, lo, hi)
            if entry not in o.fdl:
                o.fdl.append(entry)
            o.fdl_ty = exclude
        return err

    def _enter_cmd_rx(self, value):
        """enter_cmd_rx(): -c /RE/[bix], compiled with the C library's regcomp (POSIX)."""
        end = value.find("/", 1)
        if end < 0:
            self.error("regexp doesn't end with '/': %s\n" % value)
            return True
        flags = 8 | 1  # REG_NOSUB | REG_EXTENDED
        bad = False
        seen = {"b": 0, "i": 0, "x": 0}
        both = 0
        for ch in value[end + 1:]:
            if ch not in seen:
                self.error("invalid regexp modifier: %s\n" % ch)
                bad = True
                continue
            seen[ch] += 1
            if seen[ch] > 1:
                if seen[ch] == 2:
                    self.error("%s regexp modifier already used: %s\n" % (ch, value))
                bad = True
            elif ch == "b" and seen["x"] or ch == "x" and seen["b"]:
                both += 1
                if both == 1:
                    self.error("b and x regexp modifiers conflict: %s\n" % value)
                bad = True
            elif ch == "b":
                flags &= ~1
            elif ch == "i":
                flags |= 2
        if bad:
            return True
        regex = _PosixRegex(value[1:end], flags)
        if regex.error is not None:
            self.error("regexp error: %s: %s\n" % (value, regex.error))
            return True
        self.o.cmd_rx.append([regex, False])
        return False

    def _enter_str(self, opt, value, target):
        if value is None:
            self.error("missing %s option value\n" % opt)
            return True
        for item in value.split(","):
            exclude = item[:1] == "^"
            if exclude:
                item = item[1:]
            if not item:
                continue
            target.append([item, exclude, False])
        return False

    def _enter_id(self, value, target, group):
        kind = " group" if group else ""
        if value is None:
            self.error("no process%s ID specified\n" % kind)
            return True
        err = False
        for item in value.split(","):
            exclude = item[:1] == "^"
            text = item[1:] if exclude else item
            if not text:
                continue
            if not text.isdigit():
                self.error("illegal process%s ID: %s\n" % (kind, value))
                return True
            number = int(text)
            dup = False
            for entry in target:
                if entry[0] == number:
                    dup = True
                    if entry[1] != exclude:
                        self.error("P%sID %d has been included and excluded.\n" % ("G" if group else "", number))
                        err = True
            if not dup:
                target.append([number, exclude, False])
        return err

    def _enter_uid(self, value):
        if value is None:
            self.error("no UIDs specified\n")
            return True
        err = False
        for item in value.split(","):
            exclude = item[:1] == "^"
            text = item[1:] if exclude else item
            if not text:
                continue
            login = None
            if text.isdigit():
                uid = int(text)
            else:
                uid = self._getpwnam(text)
                if uid is None:
                    self.error("can't get UID for %s\n" % text)
                    err = True
                    continue
                login = text
            dup = False
            for entry in self.o.uids:
                if entry[0] == uid:
                    dup = True
                    if entry[1] != exclude:
                        self.error("UID %d has been included and excluded.\n" % uid)
                        err = True
            if not dup:
                self.o.uids.append([uid, exclude, False, login])
        return err

    def _enter_state(self, value):
        """enter_state_spec(): TCP:[^]STATE[,[^]STATE]...; Linux lsof has no UDP state names."""
        head = value[:4].lower()
        if head == "tcp:":
            proto = "TCP"
        elif head == "udp:":
            proto = "UDP"
        else:
            self.error('unknown -s protocol: "%s"\n' % value)
            return True
        rest = value[4:]
        if not rest:
            self.error("no %s state names in: %s\n" % (proto, value))
            return True
        if proto == "UDP":
            self.error("no UDP state names available: %s\n" % value)
            return True
        err = False
        pos = 0
        while pos < len(rest):
            exclude = rest[pos] == "^"
            if exclude:
                pos += 1
            end = rest.find(",", pos)
            end = len(rest) if end < 0 else end
            name = rest[pos:end]
            pos = end + 1 if end < len(rest) else end
            if not name:
                self.error("NULL TCP state name in: %s\n" % value)
                err = True
                continue
            for num in _STATE_ORDER:
                if TCP_STATES[num].lower() == name.lower():
                    break
            else:
                self.error("unknown TCP state name: %s\n" % name)
                err = True
                continue
            table = self.o.tcp_ex if exclude else self.o.tcp_in
            if num in table:
                self.error("duplicate TCP %sclusion: %s\n" % ("ex" if exclude else "in", name))
                err = True
            elif exclude:
                table.add(num)
            else:
                table[num] = False
        return err

    def _enter_nwad(self, na):
        o = self.o
        wa = na
        ft = 0

        def fail(text):
            self.error(text + " in: -i %s\n" % na if " in:" not in text else text + "\n")
            return True

        if wa[:1] in ("4", "6"):
            ft = 4 if wa[0] == "4" else 6
            wa = wa[1:]
            if not wa:
                if not o.fnet:
                    o.fnet = 1
                    o.fnet_ty = ft
                elif o.fnet_ty:
                    if o.fnet_ty != ft:
                        o.fnet_ty = 0
                else:
                    o.fnet_ty = ft
                return False
        elif o.fnet:
            ft = o.fnet_ty
        family = ft
        proto = None
        if wa and wa[0] not in "@:":
            end = 0
            while end < len(wa) and wa[end] not in "@:":
                end += 1
            proto = wa[:end]
            wa = wa[end:]
            if proto.lower() not in ("tcp", "udp", "udplite"):
                self.error("unknown protocol name (%s) in: -i %s\n" % (proto, na))
                return True
            proto = proto.upper()
        addrs = [None]
        if wa[:1] == "@":
            wa = wa[1:]
            if not wa or wa[0] == ":":
                self.error("unacceptable Internet address in: -i %s\n" % na)
                return True
            v4, rest = _ipv4_prefix(wa)
            if v4 is not None:
                if ft == 6:
                    self.error("IPv4 addresses are prohibited: -i %s\n" % na)
                    return True
                family = 4
                addrs = [v4]
                wa = rest
            elif wa[0] == "[":
                if ft == 4:
                    self.error("IPv6 addresses are prohibited: -i %s\n" % na)
                    return True
                close = wa.rfind("]")
                if close < 0:
                    self.error("unacceptable Internet address in: -i %s\n" % na)
                    return True
                raw = _inet_pton6(wa[1:close])
                if raw is None or not any(raw):
                    self.error("unacceptable Internet address in: -i %s\n" % na)
                    return True
                if raw[:12] == b"\0" * 10 + b"\xff\xff":
                    if ft == 6:
                        self.error("IPv4 addresses are prohibited: -i %s\n" % na)
                        return True
                    family = 4
                    addrs = [raw[12:]]
                else:
                    family = 6
                    addrs = [raw]
                wa = wa[close + 1:]
            else:
                end = wa.find(":")
                host = wa if end < 0 else wa[:end]
                wa = "" if end < 0 else wa[end:]
                found = []
                if ft in (0, 6):
                    for raw in self._host_addrs(host, 6):
                        found.append((6, raw))
                if ft in (0, 4):
                    for raw in self._host_addrs(host, 4):
                        found.append((4, raw))
                if not found:
                    self.error("unknown host name (%s) in: -i %s\n" % (host, na))
                    return True
                addrs = found
        ranges = [(-1, -1)]
        if wa:
            if wa[0] != ":" or len(wa) == 1:
                self.error("unacceptable port specification in: -i %s\n" % na)
                return True
            ranges = self._port_list(wa[1:], proto, na)
            if ranges is None:
                return True
        # enter_nwad(): each address of each port range, linked at the head of
        # the list (so the newest is tried first), at most _MAXNWAD in all.
        for sport, eport in ranges:
            for addr in addrs:
                if isinstance(addr, tuple):
                    fam, raw = addr
                else:
                    fam, raw = family, addr
                if proto is None and (raw is None or not any(raw)) and sport == -1:
                    self.error("incomplete Internet address specification: -i %s\n" % na)
                    return True
                if len(o.nwads) >= _MAXNWAD:
                    self.error("network address limit (%d) exceeded: -i %s\n" % (_MAXNWAD, na))
                    return True
                o.nwads.insert(0, _Nwad(proto, fam, raw, sport, eport, na))
        return False

    def _port_list(self, text, proto, na):
        """The port list after ':' as enter_network_address() scans it: [(first, last)] or None.

        Elements are separated by ','; a number, a range N-M whose end may be a
        service name, or a service name ('-' is part of a name, so a range
        cannot start with one).  A trailing ',' ends the list; an empty element
        before it is a service name of no length."""
        ranges = []
        pos, size = 0, len(text)

        def bad():
            self.error("unacceptable port specification in: -i %s\n" % na)
            return None

        while pos < size:
            first = last = 0
            in_range = False
            while pos < size:
                ch = text[pos]
                if not "0" <= ch <= "9":
                    end = text.find(",", pos)
                    end = size if end < 0 else end
                    if end == pos:
                        self.error("invalid service name: -i %s\n" % na)
                        return None
                    port = self._service_port(text[pos:end], proto, na)
                    if port is None:
                        return None
                    if in_range:
                        last = port
                    else:
                        first = port
                    pos = end
                else:
                    while pos < size and text[pos] != ",":
                        ch = text[pos]
                        if ch == "-":
                            if in_range:
                                return bad()
                            in_range = True
                            break
                        if not "0" <= ch <= "9":
                            return bad()
                        if in_range:
                            last = last * 10 + ord(ch) - 48
                        else:
                            first = first * 10 + ord(ch) - 48
                        pos += 1
                if pos >= size or text[pos] == ",":
                    break
                if in_range:  # at the '-': the range's end follows
                    pos += 1
                    continue
                return bad()
            if not in_range:
                last = first
            if last < first:
                return bad()
            ranges.append((first, last))
            if pos >= size:
                break
            pos += 1  # the ','
        return ranges

    def _service_port(self, name, proto, na):
        if proto:
            port = self._getservbyname(name, proto.lower())
            if port is None:
                self.error("unknown service %s for %s in: -i %s\n" % (name, proto.lower(), na))
            return port
        tcp = self._getservbyname(name, "tcp")
        udp = self._getservbyname(name, "udp")
        if tcp is None and udp is None:
            self.error("unknown service %s in: -i %s\n" % (name, na))
            return None
        if tcp is not None and udp is not None and tcp != udp:
            self.error("TCP=%d and UDP=%d %s ports conflict;\n" % (tcp, udp, name))
            self.err.write("      specify \"tcp:%s\" or \"udp:%s\": -i %s\n" % (name, name, na))
            return None
        return tcp if tcp is not None else udp

    # ---- lookups through the seam ---------------------------------------------

    def _getservbyname(self, name, proto):
        def look(name, proto):
            import socket
            try:
                return socket.getservbyname(name, proto)
            except OSError:
                return None
        return self.kernel.lookup("getservbyname", look, name, proto)

    def _host_addrs(self, host, family):
        def look(host, family):
            import socket
            try:
                infos = socket.getaddrinfo(host, None, socket.AF_INET6 if family == 6 else socket.AF_INET,
                                           socket.SOCK_STREAM, 0, socket.AI_ADDRCONFIG * 0)
            except (OSError, UnicodeError):
                return []
            out = []
            for info in infos:
                text = info[4][0]
                if text not in out:
                    out.append(text)
            return out
        import socket
        texts = self.kernel.lookup("gethostbyname2", look, host, family)
        return [socket.inet_pton(socket.AF_INET6 if family == 6 else socket.AF_INET, t) for t in texts]

    def _getpwnam(self, name):
        def look(name):
            import pwd
            try:
                return pwd.getpwnam(name).pw_uid
            except KeyError:
                return None
        return self.kernel.lookup("getpwnam", look, name)

    def user(self, uid):
        name = self._users.get(uid)
        if name is None:
            def look(uid):
                import pwd
                try:
                    return pwd.getpwuid(uid).pw_name
                except KeyError:
                    return None
            found = self.kernel.lookup("getpwuid", look, uid)
            name = self._users[uid] = found if found is not None else "%8d" % uid
        return name

    def host_name(self, family, raw):
        key = (family, raw)
        name = self._hosts.get(key)
        if name is None:
            import socket
            text = socket.inet_ntop(socket.AF_INET6 if family == 6 else socket.AF_INET, raw)

            def look(text):
                try:
                    return socket.gethostbyaddr(text)[0]
                except (OSError, UnicodeError):
                    return None
            found = self.kernel.lookup("gethostbyaddr", look, text) if self.o.host else None
            if found is None:
                name = "[%s]" % text if family == 6 else text
            else:
                name = found
            self._hosts[key] = name
        return name

    def port_name(self, port, proto):
        key = (port, proto)
        name = self._servs.get(key)
        if name is None:
            def look(port, proto):
                import socket
                try:
                    return socket.getservbyport(port, proto)
                except OSError:
                    return None
            found = self.kernel.lookup("getservbyport", look, port, proto.lower()) if self.o.port else None
            name = self._servs[key] = found if found is not None else "%d" % port
        return name


class _OutOfScope(Exception):
    pass


_STATE_ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0]
_MAXSYSCMDL = 15  # TASK_COMM_LEN - 1
_MAXNWAD = 100    # lsof.h: network addresses


class _PosixRegex:
    """A POSIX regular expression through the C library's regcomp/regexec, as lsof uses."""

    def __init__(self, pattern, flags):
        import ctypes

        self._libc = ctypes.CDLL(None)
        self._buf = ctypes.create_string_buffer(256)  # regex_t is 64 bytes on glibc x86_64
        self.text = pattern
        self.error = None
        code = self._libc.regcomp(self._buf, pattern.encode("utf-8", "surrogateescape"), flags)
        if code:
            text = ctypes.create_string_buffer(256)
            self._libc.regerror(code, self._buf, text, 256)
            self.error = text.value.decode("utf-8", "replace")

    def search(self, text):
        return self._libc.regexec(self._buf, text.encode("utf-8", "surrogateescape"), 0, None, 0) == 0


def _atoi(text):
    digits = _leading_digits(text)
    return int(digits) if digits else 0


def _leading_digits(text):
    end = 0
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    return text[:end]


def _ipv4_prefix(text):
    """isIPv4addr(): four dotted decimal numbers up to ':' or the end -> (bytes, rest), or (None, text)."""
    end = text.find(":")
    head = text if end < 0 else text[:end]
    rest = "" if end < 0 else text[end:]
    parts = head.split(".")
    if len(parts) != 4:
        return None, text
    out = []
    for part in parts:
        if not part or not part.isdigit() or len(part) > 3 or int(part) > 255:
            return None, text
        out.append(int(part))
    return bytes(out), rest


def _has_newline_request(fmt):
    """A %n in an strftime format (%% is a percent sign)."""
    pos = fmt.find("%")
    while pos >= 0:
        if fmt[pos + 1:pos + 2] == "n":
            return True
        if fmt[pos + 1:pos + 2] == "%":
            pos += 1
        pos = fmt.find("%", pos + 1)
    return False


def _selinux_enabled():
    """libselinux's is_selinux_enabled(): a selinuxfs is mounted (-Z needs it)."""
    import os

    return os.path.exists("/sys/fs/selinux/enforce")


def _inet_pton6(text):
    import socket
    try:
        return socket.inet_pton(socket.AF_INET6, text)
    except (OSError, ValueError):
        return None


_ZERO4 = b"\0" * 4
_ZERO16 = b"\0" * 16
_V4MAPPED = b"\0" * 10 + b"\xff\xff"


def main(argv, env):
    lsof = _Lsof(env)
    try:
        return _run(lsof, argv)
    except _Exit as done:
        return done.status
    except _OutOfScope as what:
        env.stderr.write("lsof: only network files (-i, -U) are supported here; not: %s\n" % what)
        return 1


def _run(lsof, argv):
    from pynettools.kernel import lsofnet

    lsof.parse(argv)
    o = lsof.o
    if o.names:
        raise _OutOfScope("file names")
    sel = 0
    if any(not c[1] for c in o.cmds) or o.cmd_rx:
        sel |= SELCMD
    if o.fdl:
        sel |= SELFD
    if o.fnet:
        sel |= SELNET
    if o.funix:
        sel |= SELUNX
    if any(not p[1] for p in o.pgids):
        sel |= SELPGID
    if any(not p[1] for p in o.pids):
        sel |= SELPID
    if any(not u[1] for u in o.uids):
        sel |= SELUID
    if o.nwads:
        sel |= SELNA
    if o.ftask:
        sel |= SELTASK
    if sel == 0:
        if o.andsel:
            lsof.error("no select options to AND via -a\n")
            lsof.usage(True, False, False)
        raise _OutOfScope("a listing of all open files")
    if o.xopt and (o.fnet or o.nwads):
        # initialize() (dialects/linux/dproc.c), once the selections are known
        lsof.error("-i is useless when -X is specified.\n")
        lsof.usage(True, False, False)
    if not (sel & (SELNET | SELNA | SELUNX)):
        raise _OutOfScope("a listing without -i or -U")
    if o.fblock and sel & ~(SELNA | SELNET):
        # lsof reads the mount table unless only -i selects (Selinet), and with -b
        # says on stderr, for every mount point of the machine, what it avoids.
        raise _OutOfScope("-b with selections other than -i (its warnings name every mount point)")
    if sel & SELFD and not o.andsel:
        raise _OutOfScope("-d without -a (it selects files of every kind)")
    # main()'s do ... while (RptTm): one listing, then (-r/+r) the marker and a sleep.
    ev = 1 if o.repeat_plus else 0
    count = 0
    while True:
        printed = _one_pass(lsof, sel)
        if not o.repeat:
            break
        if o.repeat_plus:
            if not printed:
                break
            ev = 0
        _marker(lsof)
        # The pass number is part of the key: a replay that goes on past the
        # recorded passes fails (ReplayMiss) instead of repeating the last one.
        interrupted = lsof.kernel.lookup("sleep", _sleep, o.repeat, count + 1)
        if interrupted == "SIGINT":
            raise KeyboardInterrupt
        if interrupted == "SIGTERM":
            from pynettools.kernel.seam import Terminated

            raise Terminated()
        count += 1
        if o.repeat_max and count == o.repeat_max:
            break
    status = _status(lsof)
    if not status and o.repeat_plus:
        status = ev
    return status


def _sleep(seconds, iteration):
    """sleep(RptTm), which a signal may end: recorded as the signal's name, so
    a replay ends where the recorded run was stopped."""
    import time

    from pynettools.kernel.seam import Terminated

    try:
        time.sleep(seconds)
    except KeyboardInterrupt:
        return "SIGINT"
    except Terminated:
        return "SIGTERM"
    return None


def _marker(lsof):
    """The line between repeated listings: ======= (or the -r m<fmt> time), an m field with -F."""
    o = lsof.o
    text = "======="
    if o.repeat_fmt is not None:
        import time

        text = time.strftime(o.repeat_fmt, time.localtime(lsof.kernel.time()))
    if o.field is not None:
        text = "m" + (text if o.repeat_fmt is not None else "") + o.terminator
        if o.terminator != "\n":
            text += "\n"
    else:
        text += "\n"
    lsof.out.write(text)
    lsof.out.flush()


def _one_pass(lsof, sel):
    """Gather and print the selected files once; the number of processes printed."""
    from pynettools.kernel import lsofnet

    o = lsof.o
    kernel = lsof.kernel
    procs = lsofnet.processes(kernel)
    inet = None
    unix = None
    if o.terse:
        sink = _Terse(lsof)
    elif o.field is not None:
        sink = _Fields(lsof)
    else:
        sink = _Table(lsof)
    if o.ept:
        return _endpoint_pass(lsof, sel, procs, sink)
    # First the processes (is_proc_excl, is_cmd_excl) and their socket fds ...
    chosen = []
    any_sockets = False
    for proc in procs:
        threads = []
        main_tid = 0
        if o.ftask and proc.threads > 1:
            threads, main_tid = _tasks(lsof, proc, sel)
        psf = _proc_select(lsof, proc, sel, main_tid)
        if psf is not None:
            if psf and not o.andsel:
                raise _OutOfScope("files other than sockets of selected processes")
            if proc.sockets:
                chosen.append((proc, psf))
                any_sockets = True
        for task, tsf in threads:
            if task.sockets:
                chosen.append((task, tsf))
                any_sockets = True
    # ... then the socket tables, once, and each socket fd against them.
    if any_sockets:
        if sel & (SELNET | SELNA):
            # Selecting by port only (lsof -i :8080): sockets on other ports can
            # never be listed, so their lines need not even be indexed.  Not with
            # -s STATE (a state found on any port counts) nor plain -i.
            ports = None
            if not o.fnet and not o.tcp_in and not o.tcp_ex and o.nwads \
                    and all(n.sport != -1 for n in o.nwads):
                ports = [(n.sport, n.eport) for n in o.nwads]
            inet = lsofnet.InetTables(kernel, ports=ports)
        if sel & SELUNX:
            unix = lsofnet.unix_table(kernel)
    lsof.inet, lsof.unix = inet, unix
    # The table listing needs no line parsed to select a file when nothing looks
    # at addresses or states: the table it is in gives family and protocol.
    light = isinstance(sink, (_Table, _Terse)) and not o.nwads and not o.tcp_in and not o.tcp_ex \
        and inet is not None
    for proc, psf in chosen:
        for packed in proc.sockets:
            fd, inode = packed >> 32, packed & _INODE_MASK
            if light:
                kind = inet.info(inode)
                if kind is not None:
                    fsf = psf
                    if o.fdl and _fd_selected(o, fd):
                        fsf |= SELFD
                    if o.fnet and o.fnet_ty != (4 if kind.family == 6 else 6):
                        fsf |= SELNET
                        lsof.fnet_found = True
                    if fsf and (not o.andsel or (fsf & sel) == sel):
                        sink.add((proc, fd, inode, "inet", kind))
                    continue
                if unix is None and not psf and not o.fdl:
                    continue  # in no table read, and nothing else selects it
            f = _resolve(lsof, proc, fd, inode)
            fsf = _file_flags(lsof, f, fd, psf)
            if not fsf:
                continue
            if o.andsel and (fsf & sel) != sel:
                continue
            if f is None:
                raise _OutOfScope("sockets other than TCP, UDP and UNIX ones")
            sink.add(f)
        proc.sockets = None
    sink.finish()
    return sink.processes


def _fd_selected(o, fd):
    """-d: whether descriptor number `fd` is selected (in a numeric range of
    the list, or, for a ^ list, in none of them)."""
    hit = False
    for name, lo, hi in o.fdl:
        if name is None and lo <= fd <= hi:
            hit = True
            break
    return hit != o.fdl_ty


def _file_flags(lsof, f, fd, psf):
    """process_proc_sock(): a socket fd's select flags (its process's, psf, and
    its own: -d, -i, -U); 0 also when a -s state leaves it out."""
    o = lsof.o
    fsf = psf
    if o.fdl and _fd_selected(o, fd):
        fsf |= SELFD
    if f is not None and f[3] == "inet":
        sock = f[4]
        state_index = sock.state
        if o.tcp_ex and state_index in o.tcp_ex:
            return 0
        if o.tcp_in:
            if state_index in o.tcp_in:
                o.tcp_in[state_index] = True
            else:
                return 0
        if o.fnet and o.fnet_ty != (4 if sock.family == 6 else 6):
            fsf |= SELNET
        if o.nwads:
            fam, laddr, raddr = f[5], f[6], f[7]
            zero = _ZERO4 if fam == 4 else _ZERO16
            has_r = raddr != zero or sock.rport
            has_l = laddr != zero or sock.lport
            if (has_r and _nw_match(o.nwads, sock.proto, fam, raddr, sock.rport)) | \
                    (has_l and _nw_match(o.nwads, sock.proto, fam, laddr, sock.lport)):
                fsf |= SELNA
    elif f is not None:
        fsf |= SELUNX
    if fsf & SELNET:
        lsof.fnet_found = True  # link_lfile(): Fnet = 2, whether -a then keeps the file or not
    return fsf


def _endpoint_pass(lsof, sel, procs, sink):
    """-E and +E (main.c's HASEPTOPTS passes): each listed socket's NAME gets
    its other end's holders, "PID,COMMAND,FDu" (a UNIX socket's also
    "->INO=INODE" first), from every process -- excluded ones too: under -E
    lsof 4.95 goes on with a process it excluded, and lists its network files
    as any other's (its exclusions by ^ no longer hold for them).  +E also
    lists those other ends, each with its own endpoints."""
    from pynettools.kernel import lsofnet

    o = lsof.o
    kernel = lsof.kernel
    entries = []
    for proc in procs:
        threads, main_tid = [], 0
        if o.ftask and proc.threads > 1:
            threads, main_tid = _tasks(lsof, proc, sel)
        psf = _proc_select(lsof, proc, sel, main_tid)
        if psf is None:
            psf = lsof.excl_sf
        elif psf and not o.andsel:
            raise _OutOfScope("files other than sockets of selected processes")
        entries.append((proc, psf))
        entries.extend(threads)
    inet = lsofnet.InetTables(kernel) if sel & (SELNET | SELNA) else None
    unix = lsofnet.unix_table(kernel) if sel & SELUNX else None
    lsof.inet, lsof.unix = inet, unix
    peers, icons = lsofnet.unix_peers(kernel, unix) if unix else ({}, {})
    if inet is not None:
        peers.update(inet.established_peers())
    # Every socket file, and who holds each inode (newest first, a pid's fd once).
    files = []      # [f, selected, marked]
    holders = {}
    for proc, psf in entries:
        for packed in proc.sockets:
            fd, inode = packed >> 32, packed & _INODE_MASK
            f = _resolve(lsof, proc, fd, inode)
            fsf = _file_flags(lsof, f, fd, psf)
            selected = bool(fsf) and not (o.andsel and (fsf & sel) != sel)
            if selected and f is None:
                raise _OutOfScope("sockets other than TCP, UDP and UNIX ones")
            if f is None:
                continue
            record = [f, selected, False]
            files.append(record)
            held = holders.setdefault(inode, [])
            if not any(other[0][0].pid == proc.pid and other[0][1] == fd for other in held):
                held.insert(0, record)
        proc.sockets = None
    lsof.nma = {}

    def ends(record, mark, everything):
        """prt_uxs() / prt_nets(): the addition for one file; mark: its other
        ends are to be listed too (+E)."""
        f = record[0]
        parts = []
        seen = set()

        def add(inode, with_inode):
            if with_inode:
                parts.append("->INO=%d" % inode)
            for other in holders.get(inode, ()):
                holder = other[0]
                parts.append("%d,%s,%su" % (holder[0].pid, holder[0].comm[:o.cmd_lim],
                                            _fd_text(holder[1]).lstrip(" ")))
                if mark:
                    other[2] = True

        peer = peers.get(f[2])
        if f[3] == "unix":
            if peer:
                add(peer, True)
            if everything or not peer:
                client = icons.get(f[2])
                while client and client != f[2] and client not in seen:
                    seen.add(client)
                    add(client, True)
                    client = icons.get(client)
        elif peer:
            add(peer, False)
        if parts:
            lsof.nma[(f[0], f[1])] = " ".join(parts)

    for record in files:
        if record[1]:
            ends(record, o.ept == 2, True)
    for record in files:
        if not record[1] and record[2]:
            record[1] = True
            ends(record, False, False)
    for record in files:
        if record[1]:
            sink.add(record[0])
    sink.finish()
    return sink.processes


def _status(lsof):
    """1 when a search item found nothing (unless -Q); with -V, each such item
    said on stdout, in main()'s order."""
    o = lsof.o
    missing = []
    for entry in o.cmds:
        if not entry[2]:
            missing.append("command not located: %s" % entry[0])
    for entry in o.cmd_rx:
        if not entry[1]:
            missing.append("no command found for regex: %s" % entry[0].text)
    # An -i argument is found when any address it made was (main.c: a host
    # name may give several; the same text given twice is one argument),
    # and reported once, where its first address is in the list.
    found_args = set(nwad.arg for nwad in o.nwads if nwad.found)
    told = set()
    for nwad in o.nwads:
        if nwad.arg not in found_args and nwad.arg not in told:
            told.add(nwad.arg)
            missing.append("Internet address not located: %s" % nwad.arg)
    if o.fnet and not lsof.fnet_found:
        missing.append("no Internet files located")
    for num in _STATE_ORDER:
        if o.tcp_in.get(num) is False:
            missing.append("TCP state not located: %s" % TCP_STATES[num])
    for entry in o.pids:
        if not entry[1] and not entry[2]:
            missing.append("process ID not located: %d" % entry[0])
    if o.ftask and not lsof.task_found:
        missing.append("no tasks located")
    for entry in o.pgids:
        if not entry[1] and not entry[2]:
            missing.append("process group ID not located: %d" % entry[0])
    # No UID is counted missing: enter_uid() (arg.c) leaves each entry's found
    # flag as malloc() left it, so whether an unmatched UID is a search failure
    # is chance in 4.95 (mostly not: -V names no user); the golden cases avoid it.
    if o.verbose:
        for text in missing:
            lsof.out.write("lsof: %s\n" % text)
    if missing and o.search_err:
        return 1
    return 0


_INODE_MASK = (1 << 32) - 1


def _resolve(lsof, proc, fd, inode):
    """A socket fd as the file lsof makes of it: (proc, fd, inode, kind, sock, family,
    local address, remote address), the addresses of a v4-mapped IPv6 socket as IPv4
    (process_proc_sock); None when it is in no table read."""
    if lsof.inet is not None:
        sock = lsof.inet.get(inode)
        if sock is not None:
            fam = sock.family
            laddr, raddr = sock.laddr, sock.raddr
            if fam == 6 and ((raddr != _ZERO16 or sock.rport) and raddr[:12] == _V4MAPPED
                             or (laddr != _ZERO16 or sock.lport) and laddr[:12] == _V4MAPPED):
                fam = 4
                laddr, raddr = laddr[12:], raddr[12:]
            return (proc, fd, inode, "inet", sock, fam, laddr, raddr)
    if lsof.unix is not None:
        usock = lsof.unix.get(inode)
        if usock is not None:
            return (proc, fd, inode, "unix", usock, 0, None, None)
    return None


def _tasks(lsof, proc, sel):
    """gather_proc_info()'s tasks of a process with threads under -K: [(task, select
    flags)] for those not excluded, and the TID its main thread is selected with."""
    from pynettools.kernel import lsofnet

    o = lsof.o
    threads, main_seen = lsofnet.tasks(lsof.kernel, proc)
    chosen = []
    for task in threads:
        tsf = _proc_select(lsof, task, sel, task.tid)
        if tsf is None:
            continue
        if not o.andsel:
            # ORed, a task is selected for itself: all its files (cwd, txt, maps, ...)
            raise _OutOfScope("-K without -a in a process with threads (all of each thread's files)")
        lsof.task_found = True  # link_lfile(): Ftask = 2 (its cwd at least is linked)
        chosen.append((task, tsf))
    # With -a, the main thread is a task too while it is selected ("-aK" lists it
    # beside its threads), but printed without a TID.
    main_tid = proc.pid if chosen and main_seen and o.andsel else 0
    return chosen, main_tid


def _proc_select(lsof, proc, sel, tid=0):
    """is_cmd_excl + is_proc_excl: None when excluded, else the process's select flags
    (tid: a task's, selected by -K).  The flags an excluded process had got so
    far stay in lsof.excl_sf: under -E its files are looked at all the same."""
    o = lsof.o
    lsof.excl_sf = 0
    uid = None
    if o.uids:
        uid = proc.owner()
        for entry in o.uids:
            if entry[1] and entry[0] == uid:
                return None
    for entry in o.pgids:
        if entry[1] and entry[0] == proc.pgid:
            return None
    for entry in o.pids:
        if entry[1] and entry[0] == proc.pid:
            return None
    sf = 0
    for entry in o.pgids:
        if not entry[1] and entry[0] == proc.pgid:
            entry[2] = True
            sf |= SELPGID
            break
    for entry in o.pids:
        if not entry[1] and entry[0] == proc.pid:
            entry[2] = True
            sf |= SELPID
            break
    for entry in o.uids:
        if not entry[1] and entry[0] == uid:
            entry[2] = True
            sf |= SELUID
            break
    if tid and sel & SELTASK:
        sf |= SELTASK
    if o.andsel and (sel & _SELPROC) and (sf & _SELPROC) != (sel & _SELPROC):
        lsof.excl_sf = sf
        return None
    if o.cmds or o.cmd_rx:
        # is_cmd_excl()
        comm = proc.comm
        for entry in o.cmds:
            if entry[1] and comm.startswith(entry[0]):
                lsof.excl_sf = sf
                return None
        if sel & SELCMD:
            for entry in o.cmds:
                if not entry[1] and comm.startswith(entry[0]):
                    entry[2] = True
                    sf |= SELCMD
                    break
            else:
                for entry in o.cmd_rx:
                    if entry[0].search(comm):
                        entry[1] = True
                        sf |= SELCMD
                        break
            if not sf & SELCMD and (sel == SELCMD or o.andsel):
                lsof.excl_sf = sf
                return None
    return sf


def _nw_match(nwads, proto, family, addr, port):
    matched = False
    for n in nwads:
        if n.proto and n.proto != proto:
            continue
        if n.family and n.family != family:
            continue
        if n.addr is not None and any(n.addr) and n.addr != addr:
            continue
        if n.sport == -1 or n.sport <= port <= n.eport:
            n.found = True
            return True
    return matched


def _inet_name(lsof, f):
    proc, fd, inode, kind, sock, fam, laddr, raddr = f
    zero = _ZERO4 if fam == 4 else _ZERO16
    parts = []
    if laddr != zero or sock.lport:
        parts.append(_endpoint(lsof, fam, laddr, sock.lport, sock.proto))
    if raddr != zero or sock.rport:
        if not parts:
            parts.append("")
        parts.append("->" + _endpoint(lsof, fam, raddr, sock.rport, sock.proto))
    return "".join(parts)


def _endpoint(lsof, fam, addr, port, proto):
    if not any(addr):
        host = "*"
    else:
        host = lsof.host_name(fam, addr)
    return "%s:%s" % (host, lsof.port_name(port, proto) if port else "*")


def _state_text(lsof, f, field):
    """print_tcptpi: the state (and queues) of a socket, text or fields."""
    o = lsof.o
    kind, sock = f[3], f[4]
    tcptpi = o.tcptpi
    if field:
        out = []
        t = lsof.o.terminator
        if kind == "unix":
            if tcptpi & _TCPTPI_STATE:
                out.append("TST=%s%s" % (_unix_state(sock), t))
            return "".join(out)
        if tcptpi & _TCPTPI_STATE and sock.proto == "TCP":
            out.append("TST=%s%s" % (TCP_STATES.get(sock.state, "UNKNOWN_TCP_STATE_%d" % sock.state), t))
        if tcptpi & _TCPTPI_QUEUES:
            out.append("TQR=%d%s" % (sock.rxq, t))
            out.append("TQS=%d%s" % (sock.txq, t))
        return "".join(out)
    if kind == "unix":
        return "(%s)" % _unix_state(sock) if tcptpi & _TCPTPI_STATE else None
    if not tcptpi:
        return None
    items = []
    if tcptpi & _TCPTPI_STATE and sock.proto == "TCP":
        items.append(TCP_STATES.get(sock.state, "UNKNOWN_TCP_STATE_%d" % sock.state))
    if tcptpi & _TCPTPI_QUEUES:
        items.append("QR=%d" % sock.rxq)
        items.append("QS=%d" % sock.txq)
    return "(%s)" % " ".join(items) if items else ""


def _unix_state(sock):
    if sock.flags & _ACCEPTCON:
        return "LISTEN"
    return _UNIX_STATES.get(sock.state, "UNKNOWN")


def _unix_name(sock):
    stype = _UNIX_TYPES.get(sock.type, "%d" % sock.type)
    if sock.path:
        return "%s type=%s" % (sock.path, stype)
    return "type=%s" % stype


def _name(lsof, f):
    name = _unix_name(f[4]) if f[3] == "unix" else _inet_name(lsof, f)
    if lsof.nma:
        more = lsof.nma.get((f[0], f[1]))
        if more is not None:
            name = name + " " + more  # -E: the other ends, before the state
    return name


def _cmd(lsof, comm):
    lim = lsof.o.cmd_lim
    return comm[:lim] if lim else comm


class _Terse:
    """-t: each selected process's pid, once."""

    def __init__(self, lsof):
        self.out = lsof.out
        self.last = None
        self.last_pid = None
        self.processes = 0

    def add(self, f):
        if f[0] is not self.last:
            self.last = f[0]
            self.processes += 1
            if f[0].pid != self.last_pid:  # a process's threads (-K): its pid once
                self.last_pid = f[0].pid
                self.out.write("%d\n" % f[0].pid)

    def finish(self):
        pass


class _Table:
    """print_file()'s two passes: size every column on the first, print on the second.

    A row keeps only what the second pass needs (the process, fd, inode, kind
    and the whole NAME text); widths grow as rows come in.
    """

    def __init__(self, lsof):
        self.lsof = lsof
        o = self.o = lsof.o
        self.processes = 0
        self.rows = []          # [(proc, array of fd << 32 | inode)]
        self.rows_proc = None
        self.last = None
        self.cmd_w, self.pid_w, self.ppid_w, self.pgid_w, self.user_w = 7, 3, 4, 4, 4
        self.fd_w, self.type_w, self.dev_w, self.node_w = 2, 4, 6, 4
        self.sz_w = 4 if o.size else (6 if o.offset else 8)
        self.tid_w, self.tcmd_w = 3, 7   # TID and TASKCMD, shown once a task is
        self.show_tid = self.show_tcmd = False
        self.procinfo = {}

    def add(self, f):
        proc, fd, inode, kind, sock = f[0], f[1], f[2], f[3], f[4]
        lsof = self.lsof
        if proc is not self.last:
            self.last = proc
            o = self.o
            user = "%8d" % proc.owner() if o.numeric_uid else lsof.user(proc.owner())
            cmd_w = len(_cmd(lsof, proc.comm))
            pid, ppid, pgid = "%d" % proc.pid, "%d" % proc.ppid, "%d" % proc.pgid
            self.procinfo[proc] = (pid, ppid, pgid, user)
            if cmd_w > self.cmd_w:
                self.cmd_w = cmd_w
            if len(pid) > self.pid_w:
                self.pid_w = len(pid)
            if len(ppid) > self.ppid_w:
                self.ppid_w = len(ppid)
            if len(pgid) > self.pgid_w:
                self.pgid_w = len(pgid)
            if len(user) > self.user_w:
                self.user_w = len(user)
            if proc.tid:
                self.show_tid = self.show_tcmd = True
                self.tid_w = max(self.tid_w, len("%d" % proc.tid))
                tcmd_w = len(proc.tcmd)
                if o.cmd_lim and tcmd_w > o.cmd_lim:  # +c W limits TASKCMD too (TaskCmdLim)
                    tcmd_w = o.cmd_lim
                self.tcmd_w = max(self.tcmd_w, tcmd_w)
        if kind == "unix":
            ftype, dev, node = "unix", "0x" + sock.address, "%d" % inode
        else:
            ftype = "IPv6" if sock.family == 6 else "IPv4"
            dev, node = "%d" % inode, sock.proto
        fdlen = len(_fd_text(fd)) + 2
        if fdlen > self.fd_w:
            self.fd_w = fdlen
        if len(ftype) > self.type_w:
            self.type_w = len(ftype)
        if len(dev) > self.dev_w:
            self.dev_w = len(dev)
        if len(node) > self.node_w:
            self.node_w = len(node)
        # The NAME column is not sized: it is made again on the second pass.
        if proc is not self.rows_proc:
            from array import array

            self.processes += 1
            self.rows_proc = proc
            self.rows.append((proc, array("Q")))
        self.rows[-1][1].append(fd << 32 | inode)

    def finish(self):
        if not self.rows:
            return
        o = self.o
        out = self.lsof.out
        cmd_w, pid_w, ppid_w, pgid_w, user_w = self.cmd_w, self.pid_w, self.ppid_w, self.pgid_w, self.user_w
        fd_w, type_w, dev_w, sz_w, node_w = self.fd_w - 2, self.type_w, self.dev_w, self.sz_w, self.node_w
        head = "%-*.*s %*s" % (cmd_w, cmd_w, "COMMAND", pid_w, "PID")
        if self.show_tid:
            head += " %*s" % (self.tid_w, "TID")
        if self.show_tcmd:
            head += " %-*.*s" % (self.tcmd_w, self.tcmd_w, "TASKCMD")
        if o.ppid:
            head += " %*s" % (ppid_w, "PPID")
        if o.fpgid:
            head += " %*s" % (pgid_w, "PGID")
        head += " %*s %*s   %*s" % (user_w, "USER", fd_w, "FD", type_w, "TYPE")
        head += " %*s" % (dev_w, "DEVICE")
        head += " %*s" % (sz_w, "OFFSET" if o.offset else ("SIZE" if o.size else "SIZE/OFF"))
        head += " %*s %s\n" % (node_w, "NODE", "NAME")
        szoff = "" if o.size else "0t0"
        chunk = [head]
        last = None
        prefix = ""
        # One format for the columns after the process's own: FD, TYPE, DEVICE, SIZE/OFF, NODE.
        tail = " %%%d.%dsu  %%%d.%ds %%%d.%ds %s %%%d.%ds %%s\n" % (
            fd_w, fd_w, type_w, type_w, dev_w, dev_w, ("%*.*s" % (sz_w, sz_w, szoff)).replace("%", "%%"),
            node_w, node_w)
        rows = self.rows
        lsof = self.lsof
        fast = _FastInetName(lsof) if lsof.inet is not None and o.tcptpi in (0, _TCPTPI_STATE) \
            and lsof.nma is None else None
        for proc, packed in _unpack_rows(rows):
            inode = packed & _INODE_MASK
            if fast is not None:
                done = fast.row(inode)
                if done is not None:
                    ftype, node, name = done
                    if proc is not last:
                        last = proc
                        pid, ppid, pgid, user = self.procinfo[proc]
                        prefix = "%-*.*s %*s" % (cmd_w, cmd_w, proc.comm, pid_w, pid) + self._task(proc)
                        if o.ppid:
                            prefix += " %*s" % (ppid_w, ppid)
                        if o.fpgid:
                            prefix += " %*s" % (pgid_w, pgid)
                        prefix += " %*.*s" % (user_w, user_w, user)
                    chunk.append(prefix + tail % (_fd_text(packed >> 32), ftype, "%d" % inode, node, name))
                    if len(chunk) >= 4096:
                        out.write("".join(chunk))
                        chunk = []
                    continue
            f = _resolve(lsof, proc, packed >> 32, inode)
            kind, sock = f[3], f[4]
            if kind == "unix":
                ftype, dev, node = "unix", "0x" + sock.address, "%d" % f[2]
            else:
                ftype = "IPv6" if sock.family == 6 else "IPv4"
                dev, node = "%d" % f[2], sock.proto
            name = _name(lsof, f)
            state = _state_text(lsof, f, False)
            if state is not None:
                name = name + " " + state
            if proc is not last:
                last = proc
                pid, ppid, pgid, user = self.procinfo[proc]
                prefix = "%-*.*s %*s" % (cmd_w, cmd_w, proc.comm, pid_w, pid) + self._task(proc)
                if o.ppid:
                    prefix += " %*s" % (ppid_w, ppid)
                if o.fpgid:
                    prefix += " %*s" % (pgid_w, pgid)
                prefix += " %*.*s" % (user_w, user_w, user)
            chunk.append(prefix + tail % (_fd_text(f[1]), ftype, dev, node, name))
            if len(chunk) >= 4096:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))

    def _task(self, proc):
        """The TID and TASKCMD columns of a row (blank for a process's main thread)."""
        text = ""
        if self.show_tid:
            text = " %*s" % (self.tid_w, "%d" % proc.tid if proc.tid else "")
        if self.show_tcmd:
            text += " %-*.*s" % (self.tcmd_w, self.tcmd_w, proc.tcmd or "")
        return text


class _FastInetName:
    """The NAME column of an internet socket straight from its /proc/net line's
    hexadecimal words, each distinct address and port text made once
    (the same text as _inet_name() and _state_text() make, for -T and the default -Ts)."""

    _ZERO_HEX = {8: "0" * 8, 32: "0" * 32}

    def __init__(self, lsof):
        self.lsof = lsof
        self.inet = lsof.inet
        self.hosts = {}
        self.ports = {}
        self.state = lsof.o.tcptpi == _TCPTPI_STATE
        self.states = {}

    def row(self, inode):
        found = self.inet.fields(inode)
        if found is None:
            return None
        fields, kind = found
        local, remote = fields[1], fields[2]
        lhex, lport = local[:-5], local[-4:]
        rhex, rport = remote[:-5], remote[-4:]
        family, proto = kind.family, kind.proto
        zero = self._ZERO_HEX.get(len(lhex))
        if zero is None or len(rhex) != len(lhex) or len(lport) != 4 or len(rport) != 4:
            return None
        has_l = lhex != zero or lport != "0000"
        has_r = rhex != zero or rport != "0000"
        as4 = family == 4 or (has_r and _mapped_hex(rhex)) or (has_l and _mapped_hex(lhex))
        name = ""
        if has_l:
            name = self.host(lhex, as4) + ":" + self.port(lport, proto)
        if has_r:
            name += "->" + self.host(rhex, as4) + ":" + self.port(rport, proto)
        if self.state:
            if proto == "TCP":
                state = self.states.get(fields[3])
                if state is None:
                    number = int(fields[3], 16)
                    state = self.states[fields[3]] = " (%s)" % TCP_STATES.get(number, "UNKNOWN_TCP_STATE_%d" % number)
                name += state
            else:
                name += " "
        return ("IPv6" if family == 6 else "IPv4"), proto, name

    def host(self, hexaddr, as4):
        key = (hexaddr, as4)
        text = self.hosts.get(key)
        if text is None:
            from pynettools.kernel.lsofnet import _addr4, _addr6

            raw = _addr4(hexaddr) if len(hexaddr) == 8 else _addr6(hexaddr)
            if as4:
                raw = raw[-4:]
            text = self.hosts[key] = "*" if not any(raw) else self.lsof.host_name(4 if as4 else 6, raw)
        return text

    def port(self, hexport, proto):
        key = (hexport, proto)
        text = self.ports.get(key)
        if text is None:
            number = int(hexport, 16)
            text = self.ports[key] = self.lsof.port_name(number, proto) if number else "*"
        return text


def _mapped_hex(hexaddr):
    """An IPv6 address of /proc/net/*6 (four host-order words) that is ::ffff:a.b.c.d."""
    return len(hexaddr) == 32 and hexaddr[:16] == "0000000000000000" and hexaddr[16:24] == "FFFF0000"


def _fd_text(fd):
    """The FD column's number: four characters, and above 9999 a '*' and the last three digits."""
    return "%4d" % fd if fd < 10000 else "*%03d" % (fd % 1000)


def _unpack_rows(rows):
    for proc, packed in rows:
        for value in packed:
            yield proc, value


class _Fields:
    """-F: the process set once per process, then one set per file."""

    def __init__(self, lsof):
        self.lsof = lsof
        self.last = None
        self.chunk = []
        self.processes = 0

    def add(self, f):
        lsof = self.lsof
        o = lsof.o
        sel = o.field
        t = o.terminator
        out = self.chunk
        proc, fd, inode, kind, sock = f[0], f[1], f[2], f[3], f[4]
        if proc is not self.last:
            self.last = proc
            self.processes += 1
            parts = ["p%d%s" % (proc.pid, t)]
            if "K" in sel and proc.tid:
                parts.append("K%d%s" % (proc.tid, t))
            if "M" in sel and proc.tcmd is not None:
                parts.append("M%s%s" % (proc.tcmd, t))
            if "g" in sel and o.fpgid:
                parts.append("g%d%s" % (proc.pgid, t))
            if o.ppid and "R" in sel:
                parts.append("R%d%s" % (proc.ppid, t))
            if "c" in sel:
                parts.append("c%s%s" % (proc.comm, t))
            if "u" in sel:
                parts.append("u%d%s" % (proc.owner(), t))
            if "L" in sel and not o.numeric_uid:  # -l: no login names, in fields too
                parts.append("L%s%s" % (lsof.user(proc.owner()), t))
            if t != "\n":
                parts.append("\n")
            out.append("".join(parts))
        parts = []
        if "f" in sel:
            parts.append("f%s%s" % (_fd_text(fd).lstrip(" "), t))
        if "a" in sel:
            parts.append("au%s" % t)
        if "l" in sel:
            parts.append("l %s" % t)
        if "t" in sel:
            parts.append("t%s%s" % ("unix" if kind == "unix" else ("IPv6" if sock.family == 6 else "IPv4"), t))
        if "G" in sel:
            flags = proc.fd_flags(fd)
            if flags is not None:
                parts.append("G0x%x;0x0%s" % (_fflags(flags), t))
        if "d" in sel:
            parts.append("d%s%s" % ("0x" + sock.address if kind == "unix" else "%d" % inode, t))
        if "o" in sel:
            parts.append("o0t0%s" % t)
        if "i" in sel and kind == "unix":
            parts.append("i%d%s" % (inode, t))
        if "P" in sel and kind != "unix":
            parts.append("P%s%s" % (sock.proto, t))
        if "n" in sel:
            parts.append("n%s%s" % (_name(lsof, f), t))
        if "T" in sel:
            parts.append(_state_text(lsof, f, True))
        if t != "\n":
            parts.append("\n")
        out.append("".join(parts))
        if len(out) >= 4096:
            lsof.out.write("".join(out))
            del out[:]

    def finish(self):
        self.lsof.out.write("".join(self.chunk))


def _fflags(flags):
    """The kernel's open flags as lsof shows them in -F G (O_* bits, octal in fdinfo)."""
    return flags
