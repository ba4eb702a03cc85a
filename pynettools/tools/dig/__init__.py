"""dig: BIND 9.18's DNS lookup utility as Debian 12 ships it
(bind9-dnsutils 1:9.18.49-1~deb12u3).

Where each part lives:
  args.py        the command line, ~/.digrc and -f batch lines (dig.c's parse_args)
  resolvconf.py  /etc/resolv.conf as libirs reads it (servers, search, ndots, timeout, attempts)
  query.py       the engine (dighost.c): lookups, search list, UDP/TCP, retries,
                 TC -> TCP, cookies, zone transfers
  wire.py        the query's bytes, built by hand
  parse.py       reading replies into dnspython Messages, and TSIG
  bindparse.py   BIND's dns_message_parse() with dig's flags: what is fatal ("Got bad
                 packet"), what is recoverable, what is kept of a malformed reply
  doh.py         the small HTTP/2 client of +https
  printer.py     a message as dig prints it (header, OPT, sections, statistics)
  rdata.py       one record as dig prints it (BIND's presentation of each type)

Every socket call goes through the socket seam (pynettools/kernel/netio.py);
resolv.conf, ~/.digrc, the batch file, the clock, the random message IDs and
cookies, and @server name lookups through the kernel seam: a recorded run
replays without a network.  dnspython (the declared dependency for DNS
messages) is imported only when a reply is parsed: `import dns.message` is
most of a run's cost (see tests/bench/dig_bench.py).
"""

from pynettools.tools.dig import args as _args


def main(argv, env):
    from pynettools.kernel.netio import calls_for
    from pynettools.tools.dig import query, resolvconf

    kernel = env.kernel
    prog = argv[0] if argv else "dig"
    calls = calls_for(kernel, env.stdout)
    try:
        dargs, conf = _setup(argv, env, kernel, prog)
    except _args.DigExit as stop:
        return _args.report_error(stop, env.stdout, env.stderr)
    except resolvconf.ResolvConfError as why:
        env.stderr.write("%s: %s\n" % (prog, why))
        return 1
    _args.report_warnings(dargs, env.stdout, env.stderr)
    engine = query.Engine(dargs, conf, kernel, calls, env.stdout, env.stderr, prog)
    engine.tsig, engine.tsig_unused = _tsig(dargs, kernel, env)
    if calls.mode != "replay":
        from pynettools.runtime import catch_stop_signals

        catch_stop_signals()
    from pynettools.kernel.seam import Terminated

    try:
        code = engine.run()
    except (KeyboardInterrupt, Terminated):
        # isc_app catches SIGINT and SIGTERM (even where the shell left
        # SIGINT ignored, as for a background job) and shuts dig down
        # quietly: the exit status is whatever it was then
        return engine.exitcode
    except query.Fatal as why:
        env.stdout.flush()
        env.stderr.write("%s: %s\n" % (prog, why))
        return engine.exitcode or 1
    except query.Exit as stop:
        return stop.code
    return code


def _setup(argv, env, kernel, prog):
    """dig_setup() and dig_query_setup(): preparse, resolv.conf, then the words."""
    from pynettools.tools.dig import resolvconf

    state = {}

    def system_setup(dargs):
        state["family"] = 2 if dargs.ipv4only else 10 if dargs.ipv6only else 0
        state["conf"] = conf = resolvconf.load(kernel)
        return conf.attempts or 3

    def open_file(path):
        if path == "-":
            return env.stdin.read()
        try:
            return kernel.read_text(path)
        except IsADirectoryError:
            return ""
        except OSError as err:
            return err

    dargs = _args.parse(argv, env=env.environ, resolve=_resolver(kernel, state),
                        open_file=open_file, digrc_text=_digrc(env, kernel, argv),
                        prog=prog, stdout_isatty=env.stdout_isatty, system_setup=system_setup)
    return dargs, state["conf"]


def _digrc(env, kernel, argv):
    """~/.digrc's text ($HOME/.digrc); "" when there is none to read (no
    HOME, no file, or -r)."""
    if any(_has_r(word) for word in argv[1:]):
        return ""
    home = env.environ.get("HOME")
    if home is None:
        return ""
    try:
        return kernel.read_text(home + "/.digrc")
    except OSError:
        return ""


def _has_r(word):
    """preparse_args() sees -r inside a run of single-letter options (-4r)."""
    if not word.startswith("-") or len(word) < 2:
        return False
    for c in word[1:]:
        if c == "r":
            return True
        if c not in _args.SINGLE_DASH:
            return False
    return False


def _resolver(kernel, state):
    """bind9_getaddresses() for @server: literals as they are, names through
    getaddrinfo (recorded), up to 20 addresses."""

    from pynettools.tools.dig import query

    def resolve(host):
        addrs, why = _args.literal_addresses(host)
        if addrs is not None:
            return addrs, why
        try:
            return kernel.lookup("getaddrinfo", query._getaddrinfo, host, _family(state)), None
        except OSError as err:
            return [], err.strerror or "failure"

    return resolve


def _family(state):
    """-4 / -6 (known once preparse_args() has run): the family getaddrinfo asks for."""
    return state.get("family", 0)


def _tsig(dargs, kernel, env):
    """(the Tsig key of -y or -k, or None; whether a key was asked for but
    could not be made: received() then warns "TSIG key was not used")."""
    if dargs.keyfile is None and dargs.tsig is None:
        return None, False
    if dargs.keyfile is None:
        warning = _args.tsig_key_warning(dargs)
        if warning:
            # setup_text_key() gives up on the key; dig goes on unsigned
            env.stdout.write(warning)
            return None, True
    from pynettools.tools.dig import parse

    def read(path):
        try:
            return kernel.read_text(path)
        except OSError as err:
            return err

    try:
        return parse.tsig_from_args(dargs, read), False
    except parse.KeyFileError as why:
        env.stdout.flush()
        env.stderr.write("Couldn't read key from %s: %s\n" % (dargs.keyfile, why))
        return None, False
