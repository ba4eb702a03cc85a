"""ip: iproute2 6.1.0's `ip`, object by object.

The order of work of ip.c's main():
  1. global options (-s -d -j -p -o -br -4/-6/-f -n -c ...), each matched by
     any prefix of its name with iproute2's first-match rule (`-s`, `-stat`,
     `-statistics` are all -stats): parse_options() here;
  2. the object word, looked up in OBJECTS by the same rule, in the table's
     order, which is why `ip a` is `address` and `ip n` is `neighbor`: the
     table *is* the grammar, so keep its order as ip.c's cmds[];
  3. the object's own command words (show, list, get, ... each with its own
     prefixes), in the object's module: link.py, address.py, route.py, ...
     Each module has `run(ctx, args) -> int`.

Where things live: options and dispatch here; the printer (text and JSON from
the same calls) in printer.py; what every object shares (matches(), the
error messages, names from /etc/iproute2, interface names) in utils.py; the
kernel reads in pynettools/kernel/rtnl*.py (never in this package).

Exit statuses as ip's: 0, 1 for a kernel error or unknown object, 255
(exit(-1)) for a command-line error.
"""
from pynettools.tools.ip.utils import Exit, matches

VERSION = "6.1.0"

AF_UNSPEC, AF_INET, AF_INET6, AF_PACKET, AF_MPLS, AF_BRIDGE = 0, 2, 10, 17, 28, 7

USAGE = """\
Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
"""

# ip.c's cmds[], in its order (first match wins): (word, module under
# pynettools.tools.ip, or None where pynettools has no such object yet).
OBJECTS = (
    ("address", "address"), ("addrlabel", "addrlabel"), ("maddress", "maddress"),
    ("route", "route"), ("rule", "rule"), ("neighbor", "neigh"), ("neighbour", "neigh"),
    ("ntable", "ntable"), ("ntbl", "ntable"), ("link", "link"), ("l2tp", None), ("fou", None),
    ("ila", None), ("macsec", None), ("tunnel", None), ("tunl", None), ("tuntap", "tuntap"),
    ("tap", "tuntap"), ("token", "token"), ("tcpmetrics", "tcpmetrics"), ("tcp_metrics", "tcpmetrics"),
    ("monitor", "monitor"), ("xfrm", None), ("mroute", "mroute"), ("mrule", None), ("netns", "netns"),
    ("netconf", "netconf"), ("vrf", "vrf"), ("sr", None), ("nexthop", "nexthop"), ("mptcp", None),
    ("ioam", None), ("help", "help"), ("stats", "stats"),
)

FAMILIES = {"inet": AF_INET, "inet6": AF_INET6, "link": AF_PACKET, "mpls": AF_MPLS, "bridge": AF_BRIDGE}


def __getattr__(name):
    """SPEC (for pynettools.docgen) lives in spec.py, loaded only when asked for."""
    if name == "SPEC":
        from pynettools.tools.ip.spec import SPEC

        return SPEC
    raise AttributeError(name)


class Context:
    """One run of ip: its global options, printer, kernel and streams.

    Object modules read options from here (ctx.details, ctx.json, ...) and
    print through ctx.printer; they never touch sys or the environment.
    """

    def __init__(self, env):
        self.env = env
        self.kernel = env.kernel
        self.out = env.stdout
        self.err = env.stderr
        self.family = AF_UNSPEC
        self.human = 0
        self.iec = 0
        self.stats = 0
        self.details = 0
        self.resolve = 0
        self.oneline = 0
        self.timestamp = 0
        self.timestamp_short = 0
        self.force = 0
        self.batch_file = None
        self.brief = 0
        self.json = 0
        self.pretty = 0
        self.rcvbuf = None
        self.color = "never"
        self.numeric = 0
        self.all = False
        self.echo = 0
        self.loops = 10
        self.netns = None
        self.printer = None
        self._names = None

    @property
    def names(self):
        """utils.Names: /etc/iproute2 tables and interface names, read on first use."""
        if self._names is None:
            from pynettools.tools.ip.utils import Names

            self._names = Names(self)
        return self._names

    def make_printer(self):
        from pynettools.tools.ip import printer

        colors = None
        if printer.color_wanted(self.color, self.json, self.env.stdout_isatty):
            colors = printer.color_palette(self.env.environ)
        self.printer = printer.Printer(self.out, pretty=bool(self.pretty), colors=colors,
                                       oneline=bool(self.oneline))
        return self.printer


def main(argv, env):
    ctx = Context(env)
    try:
        return _run(ctx, list(argv))
    except Exit as stop:
        return stop.status
    except BrokenPipeError:
        raise


def _run(ctx, argv):
    args = parse_options(ctx, argv[1:])
    ctx.make_printer()
    if ctx.batch_file is not None:
        from pynettools.tools.ip import batch

        return batch.run(ctx, do_cmd)
    if not args:
        usage(ctx)
    return do_cmd(ctx, args)


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def do_cmd(ctx, args):
    """ip.c do_cmd(): the first object whose name the word is a prefix of."""
    word = args[0]
    for name, module in OBJECTS:
        if matches(word, name):
            if module is None:
                ctx.err.write('pynettools ip: object "%s" is not implemented yet\n' % name)
                return 1
            if module == "help":
                usage(ctx)
            import importlib

            return importlib.import_module("pynettools.tools.ip." + module).run(ctx, args[1:])
    ctx.err.write('Object "%s" is unknown, try "ip help".\n' % word)
    return 1


def _takes_value(ctx, args, i):
    if i + 1 >= len(args):
        usage(ctx)
    return args[i + 1]


def parse_options(ctx, args):
    """ip.c main()'s option loop; returns the words after the options."""
    i = 0
    while i < len(args):
        opt = args[i]
        if opt == "--":
            i += 1
            break
        if not opt.startswith("-"):
            break
        if opt.startswith("--"):
            opt = opt[1:]
        if matches(opt, "-loops"):
            value = _takes_value(ctx, args, i)
            i += 1
            ctx.loops = _atoi(value)
        elif matches(opt, "-family"):
            value = _takes_value(ctx, args, i)
            i += 1
            if value == "help":
                usage(ctx)
            ctx.family = FAMILIES.get(value, AF_UNSPEC)
            if ctx.family == AF_UNSPEC:
                from pynettools.tools.ip.utils import invarg

                invarg(ctx, "invalid protocol family", value)
        elif opt in ("-4", "-6", "-0", "-M", "-B"):
            ctx.family = {"-4": AF_INET, "-6": AF_INET6, "-0": AF_PACKET, "-M": AF_MPLS, "-B": AF_BRIDGE}[opt]
        elif matches(opt, "-human") or matches(opt, "-human-readable"):
            ctx.human += 1
        elif matches(opt, "-iec"):
            ctx.iec += 1
        elif matches(opt, "-stats") or matches(opt, "-statistics"):
            ctx.stats += 1
        elif matches(opt, "-details"):
            ctx.details += 1
        elif matches(opt, "-resolve"):
            ctx.resolve += 1
        elif matches(opt, "-oneline"):
            ctx.oneline += 1
        elif matches(opt, "-timestamp"):
            ctx.timestamp += 1
        elif matches(opt, "-tshort"):
            ctx.timestamp += 1
            ctx.timestamp_short += 1
        elif matches(opt, "-Version"):
            ctx.out.write("ip utility, iproute2-%s%s\n" % (VERSION, _libbpf_suffix(ctx)))
            raise Exit(0)
        elif matches(opt, "-force"):
            ctx.force += 1
        elif matches(opt, "-batch"):
            ctx.batch_file = _takes_value(ctx, args, i)
            i += 1
        elif matches(opt, "-brief"):
            ctx.brief += 1
        elif matches(opt, "-json"):
            ctx.json += 1
        elif matches(opt, "-pretty"):
            ctx.pretty += 1
        elif matches(opt, "-rcvbuf"):
            value = _takes_value(ctx, args, i)
            i += 1
            ctx.rcvbuf = _rcvbuf(ctx, value)
        elif _color_option(ctx, opt):
            pass
        elif matches(opt, "-help"):
            usage(ctx)
        elif matches(opt, "-netns"):
            # ip.c's NEXT_ARG() here does not check for a missing name: glibc
            # prints the NULL it passes on as "(null)", and the open fails.
            i += 1
            _switch_netns(ctx, args[i] if i < len(args) else "(null)")
        elif matches(opt, "-Numeric"):
            ctx.numeric += 1
        elif matches(opt, "-all"):
            ctx.all = True
        elif opt == "-echo":
            ctx.echo += 1
        else:
            ctx.err.write('Option "%s" is unknown, try "ip -help".\n' % opt)
            raise Exit(255)
        i += 1
    return args[i:]


def _color_option(ctx, opt):
    """matches_color(): -c, -col, -color=always|auto|never (-c alone is always)."""
    word, equals, value = opt.partition("=")
    if not matches(word, "-color"):
        return False
    if not equals or value in ("", "always"):
        ctx.color = "always"
    elif value in ("auto", "never"):
        ctx.color = value
    else:
        return False
    return True


def _atoi(text):
    """C atoi(): leading spaces, a sign, digits; 0 when none."""
    import re

    match = re.match(r"\s*([+-]?\d+)", text)
    return int(match.group(1)) if match else 0


def _rcvbuf(ctx, text):
    from pynettools.tools.ip.utils import get_unsigned

    value = get_unsigned(text, 0)
    if value is None:
        ctx.err.write("Invalid rcvbuf size '%s'\n" % text)
        raise Exit(255)
    return value


def _switch_netns(ctx, name):
    """-n NAME: lib/namespace.c netns_switch(), shared with ss -N."""
    from pynettools.kernel.netns import switch

    message = switch(ctx.kernel, name)
    if message:
        ctx.err.write(message)
        raise Exit(255)


def _libbpf_suffix(ctx):
    """", libbpf X.Y.Z": ip prints the version of the libbpf it was linked with.

    Debian's ip is; ours has no libbpf, so it names the one installed beside
    it (the file name of libbpf.so.1's target), and nothing where none is.
    """
    for directory in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib"):
        try:
            target = ctx.kernel.readlink(directory + "/libbpf.so.1")
        except OSError:
            continue
        version = target.rpartition("libbpf.so.")[2]
        if version and version != target:
            return ", libbpf %s" % version
    return ""
