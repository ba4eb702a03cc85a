"""Start a server program (danted, tinyproxy, named) in the background, ready to serve.

Stand-alone (standard library only), run in a namespace of the lab: by an nc
case's `setup` (through tests/nc/spawn.py, the path its recordings name),
and by the lab for a spec's "daemons" (tests/lab/core.py):

    python3 spawn.py [--pid-file FILE] HOST:PORT PROGRAM ARG...

forks; the child starts PROGRAM (in the foreground as far as the program
knows, in a session of its own, its output to /dev/null); the parent writes
the child's pid to FILE (when asked), then exits 0 once a TCP connection to
HOST:PORT succeeds (the program listens), or 1 after WAIT seconds.  Who
started it stops what is left: the nc harness at the end of the run
(tests/harness/live.py take_peer_logs), the lab when it goes down.
"""
import os
import socket
import sys
import time

WAIT = 5.0


def listening(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def main(argv):
    pid_file = None
    if argv[:1] == ["--pid-file"] and len(argv) > 1:
        pid_file, argv = argv[1], argv[2:]
    if len(argv) < 2:
        raise SystemExit(__doc__)
    host, _, port = argv[0].rpartition(":")
    child = os.fork()
    if child == 0:
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        try:
            os.execvp(argv[1], argv[1:])
        finally:
            os._exit(127)
    if pid_file:
        with open(pid_file, "w") as f:
            f.write("%d\n" % child)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if listening(host.strip("[]"), int(port)):
            return 0
        finished, status = os.waitpid(child, os.WNOHANG)
        if finished:
            sys.stderr.write("spawn: %s exited (status %d) before it listened\n" % (argv[1], status))
            return 1
        time.sleep(0.02)
    sys.stderr.write("spawn: %s not listening on %s after %g s\n" % (argv[1], argv[0], WAIT))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
