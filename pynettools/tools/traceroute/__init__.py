"""traceroute: Dmitry Butskoy's traceroute 2.1.2 as Debian 12 ships it
(traceroute 1:2.1.2-1), also called as traceroute6 (-6).

Where each part lives:
  args.py        the command line (traceroute.c's option table read by
                 libsupp/clif.c), main()'s checks, the -O method options
  engine.py      do_it(): sending probes N at a time, poll, the error queue
                 (recv_reply), and tune_socket(): every socket call goes
                 through the socket seam (pynettools/kernel/netio.py)
  methods.py     the methods: default UDP, -U, -UL, -I, -T, -D, -P
  probes.py      the probe records, timeouts, check_expired(), what each
                 ICMP error prints (!H, !N, ...)
  extensions.py  -e: ICMP extensions (MPLS labels)
  printer.py     the header and hop lines, as print_probe() groups them
  aspath.py      -A: AS paths from a whois server (RA_SERVER)

Name lookups (the host, -s, -g, each hop's name, -A's server) go through
the kernel seam's lookups, socket calls and the clock through the socket
seam: a recorded run replays without a network.
"""

from pynettools.tools.traceroute import args as _args


def main(argv, env):
    from pynettools.kernel.netio import calls_for

    kernel = env.kernel
    resolver = SeamResolver(kernel)
    try:
        rec = _args.parse(list(argv) or ["traceroute"], env.environ, resolver)
    except _args.TracerouteExit as stop:
        env.stdout.write(stop.stdout)
        env.stdout.flush()
        env.stderr.write(stop.stderr)
        return stop.code
    from pynettools.tools.traceroute import engine

    calls = calls_for(kernel, env.stdout)
    name_of = None if rec.noresolve else resolver.name_of
    as_path_of = None
    if rec.as_lookups:
        from pynettools.tools.traceroute import aspath

        as_path_of = aspath.AsPaths(kernel, calls, env).path
    run = engine.Engine(rec, calls, env.stdout, name_of, as_path_of, kernel.read_text)
    try:
        return run.run()
    except engine.Fatal as why:
        env.stdout.flush()
        env.stderr.write(why.text())
        return 1
    except _Exit as stop:
        env.stdout.flush()
        env.stderr.write(stop.text)
        return stop.code


class _Exit(Exception):
    def __init__(self, code, text):
        Exception.__init__(self, text)
        self.code, self.text = code, text


class SeamResolver:
    """args.SystemResolver's lookups, and getnameinfo() for the hops,
    through the kernel seam (recorded, traced, replayed)."""

    def __init__(self, kernel):
        self.kernel = kernel

    def getaddrinfo(self, name, family):
        try:
            answers = self.kernel.lookup("getaddrinfo", _getaddrinfo, name, family)
        except KeyError as err:
            raise LookupError(err.args[0] if err.args else "")
        return [(family, tuple(sockaddr)) for family, sockaddr in answers]

    def getservbyname(self, name):
        return self.kernel.lookup("getservbyname", _getservbyname, name)

    def getprotobyname(self, name):
        return self.kernel.lookup("getprotobyname", _getprotobyname, name)

    def name_of(self, res):
        """getnameinfo(addr, NI_IDN): the name, or the numeric text."""
        return self.kernel.lookup("getnameinfo", _getnameinfo, res[0], res[1])


def _getaddrinfo(name, family):
    try:
        answers = _args.SystemResolver().getaddrinfo(name, family)
    except LookupError as err:
        raise KeyError(str(err.args[0]) if err.args else "")
    return [[int(family), list(sockaddr)] for family, sockaddr in answers]


def _getservbyname(name):
    return _args.SystemResolver().getservbyname(name)


def _getprotobyname(name):
    return _args.SystemResolver().getprotobyname(name)


def _getnameinfo(family, address):
    import _socket as socket

    sockaddr = (address, 0) if family == socket.AF_INET else (address, 0, 0, 0)
    try:
        return socket.getnameinfo(sockaddr, 0)[0]
    except (OSError, UnicodeError):
        return address
