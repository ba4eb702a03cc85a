"""ping: iputils 20221126's ping as Debian 12 ships it (iputils-ping
3:20221126-1+deb12u1), also called as ping4 (-4) and ping6 (-6).

Where each part lives:
  args.py     the command line (main()'s getopt loop, its checks and messages)
  engine.py   the sockets (ICMP datagram when net.ipv4.ping_group_range
              allows it, raw otherwise), the name lookups and the
              send/receive loop: ping4_run/ping6_run, setup, main_loop,
              pinger, the error queue, parse_reply, gather_statistics
  lines.py    the text: reply and error lines, the statistics block with
              iputils' integer arithmetic, the SIGQUIT status line

Every socket call and the clocks go through the socket seam
(kernel/netio.py), every name lookup through the kernel seam: a recorded
run replays exactly, without root.  -N (IPv6 node information queries,
RFC 4620): the queries as node_info.c builds them, their nonces hashed
from the clock and pid the seam hands over; the answers as
pr_niquery_reply prints them (Linux itself answers none).
"""


def main(argv, env):
    import os

    from pynettools.kernel.netio import calls_for
    from pynettools.tools.ping import args as _args
    from pynettools.tools.ping import engine

    kernel = env.kernel
    prog = argv[0] if argv else "ping"
    calls = calls_for(kernel, env.stdout)
    out = engine.Out(env, calls, prog)
    uid = kernel.lookup("getuid", os.getuid)
    try:
        r = _args.parse(list(argv), uid=uid, environ=env.environ)
    except _args.PingExit as stop:
        _print_parsed(out, env, stop.output)
        out.flush()
        return stop.code
    _print_parsed(out, env, r.output)
    ping = engine.Ping(r, env, calls, kernel, out)
    try:
        code = ping.main()
    except engine.Stop as stop:
        code = stop.code
    out.flush()
    return code


def _print_parsed(out, env, output):
    """What parsing printed, in order."""
    for fd, text in output:
        if fd == 1:
            out.printf(text)
        else:
            env.stderr.write(text)
