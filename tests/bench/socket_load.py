"""Helper processes for ss_bench.py; run as a script inside a network namespace.

    socket_load.py hold --connections N --ports P1,P2 --sources A1,A2
        Listen on 127.0.0.1:P for each port, open N loopback connections to
        them (both ends stay open in this process), print "ready LISTENERS
        CONNECTIONS" on stdout, then hold everything until stdin closes.
        stdin closing is the signal to exit: the bench closes it on cleanup,
        and the kernel closes it if the bench dies, so a holder never outlives
        its bench.

    socket_load.py rss CMD ARGS...
        Run CMD once (stdout and stderr to /dev/null) and print its peak RSS
        in KiB.  Fallback for when /usr/bin/time is missing.

    socket_load.py loop RUNS CMD1 ARGS... [--- CMD2 ARGS...]...
        Run the commands RUNS times each, interleaved (CMD1, CMD2, CMD1, ...,
        so a change in machine load hits all alike), output to /dev/null, and
        print one line per run: the wall times in seconds of each command.
        Used when hyperfine is missing or --timer loop is asked for.

The bench starts these through `ip netns exec NS`, which execs (no fork), so
the pid the bench sees is the helper's own pid.
"""
import os
import sys

# Linux: bind() picks only the address and leaves the port to connect(), which
# may then reuse a local port for different destinations (4-tuple unique).
IP_BIND_ADDRESS_NO_PORT = 24
PR_SET_PDEATHSIG = 1
BATCH = 1000
BACKLOG = 4096


def _die_with_parent():
    """Ask the kernel to SIGKILL us when the bench process dies."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:
        pass  # stdin EOF still ends us


def _raise_fd_limit():
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def _listen(ports):
    import socket

    listeners = []
    for port in ports:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        # The kernel caps the backlog at net.core.somaxconn of the namespace.
        sock.listen(BACKLOG)
        listeners.append(sock)
    return listeners


def _connect_batch(count, first, ports, sources, clients):
    """Start `count` non-blocking connects, spread over ports and sources.

    Returns how many were started per listener index."""
    import errno
    import socket

    started = [0] * len(ports)
    for k in range(first, first + count):
        which = k % len(ports)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        sock.bind((sources[(k // len(ports)) % len(sources)], 0))
        err = sock.connect_ex(("127.0.0.1", ports[which]))
        if err not in (0, errno.EINPROGRESS):
            raise OSError(err, os.strerror(err))
        clients.append(sock)
        started[which] += 1
    return started


def _accept(listener, count, servers):
    # On loopback the handshake completes before connect() returns, so these
    # accepts do not wait; the timeout only catches a dropped SYN.
    listener.settimeout(30)
    for _ in range(count):
        conn, _addr = listener.accept()
        servers.append(conn)


def hold(connections, ports, sources):
    _die_with_parent()
    hard = _raise_fd_limit()
    needed = 2 * connections + len(ports) + 16
    if needed > hard:
        sys.stderr.write("socket_load: need %d fds, limit is %d\n" % (needed, hard))
        return 1
    listeners = _listen(ports)
    clients, servers = [], []
    done = 0
    while done < connections:
        count = min(BATCH, connections - done)
        started = _connect_batch(count, done, ports, sources, clients)
        for listener, number in zip(listeners, started):
            _accept(listener, number, servers)
        done += count
    sys.stdout.write("ready %d %d\n" % (len(listeners), len(servers)))
    sys.stdout.flush()
    sys.stdin.buffer.read()  # until the bench closes our stdin (or dies)
    return 0


def _parse_hold(args):
    options = {"--connections": "0", "--ports": "", "--sources": "127.0.0.1"}
    for i in range(0, len(args) - 1, 2):
        options[args[i]] = args[i + 1]
    ports = [int(p) for p in options["--ports"].split(",") if p]
    sources = [s for s in options["--sources"].split(",") if s]
    return int(options["--connections"]), ports, sources


def rss(command):
    import resource
    import subprocess

    with open(os.devnull, "wb") as null:
        status = subprocess.call(command, stdout=null, stderr=null)
    # ru_maxrss of RUSAGE_CHILDREN: the peak of the largest waited-for child;
    # this helper has only the one.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stdout.write("%d %d\n" % (peak, status))
    return 0


def loop(runs, words):
    import subprocess
    import time

    commands = [[]]
    for word in words:
        if word == "---":
            commands.append([])
        else:
            commands[-1].append(word)
    with open(os.devnull, "wb") as null:
        for _ in range(runs):
            times = []
            for command in commands:
                start = time.perf_counter()
                subprocess.call(command, stdout=null, stderr=null)
                times.append("%.6f" % (time.perf_counter() - start))
            sys.stdout.write(" ".join(times) + "\n")
    return 0


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    what, args = argv[1], argv[2:]
    if what == "hold":
        return hold(*_parse_hold(args))
    if what == "rss":
        return rss(args)
    if what == "loop":
        return loop(int(args[0]), args[1:])
    sys.stderr.write("socket_load: unknown mode %r\n" % what)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(130)
