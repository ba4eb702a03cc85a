"""Open and close sockets on cue, for cases of tools that watch sockets come and go.

Stand-alone (imports nothing from the tests package): a case runs it as
`python3 -c SOURCE COMMAND JSON` (tests/ss/cases.py passes this file's text,
so case.json holds all of it) in a namespace of the lab.

  events SPECS   open each socket of SPECS, then close it, in order, waiting
                 PAUSE seconds after each close: the kernel reports a
                 destroyed socket from a workqueue, so the pause keeps the
                 reports in the order of the closes (ss -E prints them).
                 Then exit 0.
  hold SPECS     open the sockets of SPECS in a child process that outlives
                 us and holds them until one of them fails (ss -K destroyed
                 it: a pending socket error) or HOLD_SECONDS pass; exit 0
                 once they are open.  Waits (up to FREE_SECONDS) for the
                 ports of a previous holder to be free first.

Socket specs (addresses are fixed, so both runs of a case see the same):
  {"kind": "udp", "addr": "127.0.0.1", "port": 7201, "family": 4,
   "connect": ["127.0.0.1", 7203]}
  {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7204}
  {"kind": "tcp-pair", "addr": "127.0.0.1", "port": 7204, "client_port": 41204,
   "reset": true}   a listener, a client connected to it and the accepted end;
                    closed client first, then the accepted end, then the
                    listener.  reset: the client closes with SO_LINGER 0 (an
                    RST: no TIME-WAIT is left to block the port for the next
                    run, and the peer end is reset too).
"""
import json
import os
import select
import socket
import struct
import sys
import time

PAUSE = 0.05
HOLD_SECONDS = 60
FREE_SECONDS = 5


def _family(spec):
    return socket.AF_INET6 if spec.get("family") == 6 else socket.AF_INET


def _bound(kind, spec, port):
    sock = socket.socket(_family(spec), kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((spec["addr"], port))
    return sock


def open_sockets(spec):
    """The sockets of one spec, in the order they are to be closed."""
    kind = spec["kind"]
    if kind == "udp":
        sock = _bound(socket.SOCK_DGRAM, spec, spec["port"])
        if spec.get("connect"):
            sock.connect(tuple(spec["connect"]))
        return [sock]
    if kind == "tcp-listen":
        sock = _bound(socket.SOCK_STREAM, spec, spec["port"])
        sock.listen(4)
        return [sock]
    if kind == "tcp-pair":
        listener = _bound(socket.SOCK_STREAM, spec, spec["port"])
        listener.listen(4)
        client = _bound(socket.SOCK_STREAM, spec, spec["client_port"])
        client.connect((spec["addr"], spec["port"]))
        server, _ = listener.accept()
        if spec.get("reset"):
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return [client, server, listener]
    raise ValueError("unknown socket kind %r" % kind)


def events(specs):
    for spec in specs:
        for sock in open_sockets(spec):
            sock.close()
            time.sleep(PAUSE)
    return 0


def _open_when_free(specs):
    deadline = time.monotonic() + FREE_SECONDS
    while True:
        try:
            return [sock for spec in specs for sock in open_sockets(spec)]
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def hold(specs):
    ready_read, ready_write = os.pipe()
    if os.fork():
        os.close(ready_write)
        answer = os.read(ready_read, 100)
        return 0 if answer == b"ok" else 1
    # the child: on its own, with nothing that ties the caller to it (open pipes)
    os.close(ready_read)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    try:
        socks = _open_when_free(specs)
    except OSError:
        os.write(ready_write, b"failed")
        os._exit(1)
    os.write(ready_write, b"ok")
    os.close(ready_write)
    deadline = time.monotonic() + HOLD_SECONDS
    while time.monotonic() < deadline:
        select.select(socks, [], socks, 0.5)
        if any(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) for sock in socks):
            break  # one was destroyed (ss -K): let go of them all
    os._exit(0)


def main(argv):
    command, specs = argv[0], json.loads(argv[1])
    return {"events": events, "hold": hold}[command](specs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
