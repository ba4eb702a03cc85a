"""ss's command line: GNU getopt_long with ss 6.1's option table, and its help text.

ss calls getopt_long(argc, argv, "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO",
long_opts).  The parts of glibc's getopt that show in ss's behaviour:

- Options and operands may be mixed: `ss state listening -t` works, because
  getopt permutes argv and hands the operands back at the end.  Setting
  POSIXLY_CORRECT turns that off (options stop at the first operand).
- `--` ends the options; a lone `-` is an operand.
- Short options cluster (`-tan`); an option taking an argument takes the rest
  of the cluster or the next word (`-fnetlink`, `-f netlink`).
- Long options may be abbreviated to any unique prefix (`--tc` is --tcp);
  prefixes that fit several options that do different things are an error,
  listing the candidates in table order.  --socket and --query are the same
  option (-A), so `--so` and `--q` are fine.
- The error texts are glibc's, prefixed with argv[0].
"""

SHORT_OPTIONS = "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO"

# Codes for long options without a letter (ss.c's OPT_* values).
OPT_VSOCK = "vsock"
OPT_TIPCSOCK = "tipc"
OPT_TIPCINFO = "tipcinfo"
OPT_TOS = "tos"
OPT_XDPSOCK = "xdp"
OPT_CGROUP = "cgroup"
OPT_INET_SOCKOPT = "inet-sockopt"

# (name, takes an argument, code) in ss.c's long_opts order: the order matters
# for the "is ambiguous; possibilities:" message.
LONG_OPTIONS = (
    ("numeric", False, "n"),
    ("resolve", False, "r"),
    ("options", False, "o"),
    ("extended", False, "e"),
    ("memory", False, "m"),
    ("info", False, "i"),
    ("processes", False, "p"),
    ("threads", False, "T"),
    ("bpf", False, "b"),
    ("events", False, "E"),
    ("dccp", False, "d"),
    ("tcp", False, "t"),
    ("sctp", False, "S"),
    ("udp", False, "u"),
    ("raw", False, "w"),
    ("unix", False, "x"),
    ("tipc", False, OPT_TIPCSOCK),
    ("vsock", False, OPT_VSOCK),
    ("all", False, "a"),
    ("listening", False, "l"),
    ("ipv4", False, "4"),
    ("ipv6", False, "6"),
    ("packet", False, "0"),
    ("family", True, "f"),
    ("socket", True, "A"),
    ("query", True, "A"),
    ("summary", False, "s"),
    ("diag", True, "D"),
    ("filter", True, "F"),
    ("version", False, "V"),
    ("help", False, "h"),
    ("context", False, "Z"),
    ("contexts", False, "z"),
    ("net", True, "N"),
    ("tipcinfo", False, OPT_TIPCINFO),
    ("tos", False, OPT_TOS),
    ("cgroup", False, OPT_CGROUP),
    ("kill", False, "K"),
    ("no-header", False, "H"),
    ("xdp", False, OPT_XDPSOCK),
    ("mptcp", False, "M"),
    ("oneline", False, "O"),
    ("inet-sockopt", False, OPT_INET_SOCKOPT),
)

USAGE = (
    "Usage: ss [ OPTIONS ]\n"
    "       ss [ OPTIONS ] [ FILTER ]\n"
    "   -h, --help          this message\n"
    "   -V, --version       output version information\n"
    "   -n, --numeric       don't resolve service names\n"
    "   -r, --resolve       resolve host names\n"
    "   -a, --all           display all sockets\n"
    "   -l, --listening     display listening sockets\n"
    "   -o, --options       show timer information\n"
    "   -e, --extended      show detailed socket information\n"
    "   -m, --memory        show socket memory usage\n"
    "   -p, --processes     show process using socket\n"
    "   -T, --threads       show thread using socket\n"
    "   -i, --info          show internal TCP information\n"
    "       --tipcinfo      show internal tipc socket information\n"
    "   -s, --summary       show socket usage summary\n"
    "       --tos           show tos and priority information\n"
    "       --cgroup        show cgroup information\n"
    "   -b, --bpf           show bpf filter socket information\n"
    "   -E, --events        continually display sockets as they are destroyed\n"
    "   -Z, --context       display task SELinux security contexts\n"
    "   -z, --contexts      display task and socket SELinux security contexts\n"
    "   -N, --net           switch to the specified network namespace name\n"
    "\n"
    "   -4, --ipv4          display only IP version 4 sockets\n"
    "   -6, --ipv6          display only IP version 6 sockets\n"
    "   -0, --packet        display PACKET sockets\n"
    "   -t, --tcp           display only TCP sockets\n"
    "   -M, --mptcp         display only MPTCP sockets\n"
    "   -S, --sctp          display only SCTP sockets\n"
    "   -u, --udp           display only UDP sockets\n"
    "   -d, --dccp          display only DCCP sockets\n"
    "   -w, --raw           display only RAW sockets\n"
    "   -x, --unix          display only Unix domain sockets\n"
    "       --tipc          display only TIPC sockets\n"
    "       --vsock         display only vsock sockets\n"
    "       --xdp           display only XDP sockets\n"
    "   -f, --family=FAMILY display sockets of type FAMILY\n"
    "       FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}\n"
    "\n"
    "   -K, --kill          forcibly close sockets, display what was closed\n"
    "   -H, --no-header     Suppress header line\n"
    "   -O, --oneline       socket's data printed on a single line\n"
    "       --inet-sockopt  show various inet socket options\n"
    "\n"
    "   -A, --query=QUERY, --socket=QUERY\n"
    "       QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|"
    "packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]\n"
    "\n"
    "   -D, --diag=FILE     Dump raw information about TCP sockets to FILE\n"
    "   -F, --filter=FILE   read filter information from FILE\n"
    "       FILTER := [ state STATE-FILTER ] [ EXPRESSION ]\n"
    "       STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}\n"
    "         TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|"
    "close-wait|last-ack|listening|closing}\n"
    "          connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|"
    "last-ack|closing}\n"
    "       synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|"
    "closing}\n"
    "             bucket := {syn-recv|time-wait}\n"
    "                big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|"
    "listening|closing}\n"
)

VERSION = "ss utility, iproute2-6.1.0\n"


class GetoptLong:
    """An iterator over ss's options; `.operands` holds the rest once done."""

    def __init__(self, argv, environ):
        self.prog = argv[0] if argv else "ss"
        self.args = list(argv[1:])
        self.posix = "POSIXLY_CORRECT" in environ
        self.operands = []

    def __iter__(self):
        args = self.args
        index = 0
        while index < len(args):
            word = args[index]
            index += 1
            if word == "--":
                self.operands.extend(args[index:])
                return
            if not word.startswith("-") or word == "-":
                if self.posix:
                    self.operands.append(word)
                    self.operands.extend(args[index:])
                    return
                self.operands.append(word)
                continue
            if word.startswith("--"):
                result, index = self._long(word[2:], args, index)
                yield result
                continue
            for result, index in self._short_cluster(word[1:], args, index):
                yield result

    def _short_cluster(self, cluster, args, index):
        position = 0
        while position < len(cluster):
            letter = cluster[position]
            position += 1
            spot = SHORT_OPTIONS.find(letter)
            if spot < 0 or letter == ":":
                yield ("?", "%s: invalid option -- '%s'\n" % (self.prog, letter)), index
                continue
            if SHORT_OPTIONS[spot + 1:spot + 2] != ":":
                yield (letter, None), index
                continue
            if position < len(cluster):
                yield (letter, cluster[position:]), index
                return
            if index < len(args):
                yield (letter, args[index]), index + 1
                return
            yield ("?", "%s: option requires an argument -- '%s'\n" % (self.prog, letter)), index
            return

    def _long(self, text, args, index):
        name, has_value, value = text.partition("=")
        matches = [entry for entry in LONG_OPTIONS if entry[0].startswith(name)]
        exact = [entry for entry in matches if entry[0] == name]
        if exact:
            found = exact[0]
        elif not matches:
            return ("?", "%s: unrecognized option '--%s'\n" % (self.prog, text)), index
        else:
            # glibc lists the first candidate and every later one that does
            # something different from it.
            found = matches[0]
            differing = [entry for entry in matches[1:] if entry[1:] != found[1:]]
            if differing:
                names = "".join(" '--%s'" % entry[0] for entry in [found] + differing)
                return ("?", "%s: option '--%s' is ambiguous; possibilities:%s\n"
                        % (self.prog, text, names)), index
        long_name, takes_argument, code = found
        if has_value:
            if not takes_argument:
                return ("?", "%s: option '--%s' doesn't allow an argument\n"
                        % (self.prog, long_name)), index
            return (code, value), index
        if not takes_argument:
            return (code, None), index
        if index < len(args):
            return (code, args[index]), index + 1
        return ("?", "%s: option '--%s' requires an argument\n" % (self.prog, long_name)), index
