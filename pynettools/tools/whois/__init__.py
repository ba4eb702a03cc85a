"""whois: Marco d'Itri's whois client, 5.5.17 as Debian 12 builds it
(libidn2, iconv, CONFIG_FILE=/etc/whois.conf).

main()'s order of work, as whois.c's:
  1. $WHOIS_OPTIONS before the arguments, then getopt_long   args.py
  2. the operands joined with spaces into the query; no -h/-I and (no
     query, or RIPE flags) -> whois.ripe.net
  3. trailing dots off, the last word through libidn2          idn.py
  4. the server: -h/-I, else /etc/whois.conf, else the tables  config.py, choose.py
                                                               (servers.py: the data)
  5. handle_query(): control codes, thin registries, the query
     string, connect, print, referrals                         engine.py, querystring.py
     replies converted from the server's charset               recode.py
Exit status: 0 after a reply, 1 for "no server" messages (and when a thin
registry or IANA names no next server), 2 for errors (stderr).

python-whois (the project's declared dependency) is not used here: its
import alone (dateutil, logging: 80-100 ms) would triple a query's time,
and the command's job is 5.5.17's bytes, not a parsed record.  The
Python API's pynettools.whois() (api.py) runs this engine and hands its
output to python-whois for the parsed record.
"""
from pynettools.tools.whois import args as _args


def main(argv, env):
    from pynettools.kernel.netio import calls_for
    from pynettools.tools.whois import engine

    from pynettools.tools.whois.messages import Catalogues

    catalogues = Catalogues(env.kernel, env.environ)
    try:
        opts = _args.parse(argv, env.environ, env.stderr, catalogues.tr, catalogues.libc)
    except _args.Exit as stop:
        env.stdout.write(stop.stdout)
        env.stderr.write(stop.stderr)
        return stop.code
    calls = calls_for(env.kernel, env.stdout)
    if calls.mode != "replay":
        from pynettools.runtime import catch_stop_signals

        catch_stop_signals()
    if "WHOIS_HIDE" in env.environ:
        opts.hide = True
    work = engine.Engine(opts, env.kernel, calls, env.stdout, env.environ, catalogues.utf8, catalogues)
    return run(opts, env, work)


def run(opts, env, work):
    """Steps 2 to 5 with whois's ways of ending: err_quit() (exit 2), the
    alarm ("Timeout."), SIGINT and SIGTERM ("Interrupted by signal N...")."""
    from pynettools.kernel.netio import Interrupted
    from pynettools.kernel.seam import Terminated
    from pynettools.tools.whois import engine

    try:
        return _run(opts, env, work)
    except engine.Fatal as why:
        return _die(env, str(why))
    except Interrupted:  # alarm(60) in openconn()
        return _die(env, work.tr("Timeout."))
    except KeyboardInterrupt:
        return _die(env, work.tr("Interrupted by signal %d...") % 2)
    except Terminated:
        return _die(env, work.tr("Interrupted by signal %d...") % 15)


def _run(opts, env, work):
    from pynettools.tools.whois import choose, config, idn

    server = opts.server
    query = opts.query
    if server is None and (not query or opts.flags):
        server = "whois.ripe.net"
    if query:
        query = idn.normalize_domain(query, work.utf8_out)
    if server is None:
        try:
            server = config.match(env.kernel, query, work.catalogues)
        except config.ConfigError as why:
            return _die(env, str(why))
    if server is None:
        server = choose.guess_server(query)
    return work.handle_query(server, opts.port, query)


def _die(env, message):
    """err_quit(): stdout's buffer goes out at exit(), the message on stderr."""
    env.stdout.flush()
    env.stderr.write(message + "\n")
    return 2


