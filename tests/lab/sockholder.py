"""Hold sockets open in a namespace until told to stop (a helper process for the lab).

Started by tests.lab.core.SocketHolder as
    ip netns exec NS python3 tests/lab/sockholder.py
It reads one JSON line from stdin, a list of socket specs, opens them all,
answers one JSON line {"pid": N, "sockets": [info, ...]} on stdout (or
{"error": "..."}), and then waits until stdin is closed (the test is done,
or the test process died), and exits.  Stand-alone: imports nothing from
the tests package, so it runs from any working directory.

Socket specs (family 4 or 6, default 4; port 0 means any free port):
  {"kind": "tcp-listen", "addr": "198.51.100.1", "port": 8080, "family": 4}
  {"kind": "tcp-established", "addr": "127.0.0.1", "port": 0, "unread": 5}
        a listener, a client connected to it and the accepted server end;
        "unread": bytes the client sends that the server never reads
        (the server's Recv-Q); "keep_listener": false closes the listener
  {"kind": "tcp-connect", "addr": "203.0.113.1", "port": 22}
        a client connection to a listener elsewhere (another namespace)
  {"kind": "udp", "addr": "0.0.0.0", "port": 5353, "connect": ["198.51.100.2", 53]}
  {"kind": "raw", "family": 4, "proto": 1}
  {"kind": "unix", "type": "stream"|"dgram"|"seqpacket",
        "path": "/tmp/x" | "@abstract-name" | null,
        "listen": true,            a server (stream/seqpacket)
        "connect": true,           also a client connected to it (and the accepted end)
        "pair": true}              a socketpair (two unnamed, connected sockets)
Info per socket: {"kind", "local", "peer", "fds": [...]} (addresses as lists).
"""
import json
import os
import socket
import sys

_UNIX_TYPES = {"stream": socket.SOCK_STREAM, "dgram": socket.SOCK_DGRAM, "seqpacket": socket.SOCK_SEQPACKET}


def _family(spec):
    return socket.AF_INET6 if spec.get("family") == 6 else socket.AF_INET


def _any_addr(spec):
    return "::" if spec.get("family") == 6 else "0.0.0.0"


def _inet(addr):
    return list(addr[:2])


def _tcp_listen(spec, keep):
    sock = socket.socket(_family(spec), socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((spec.get("addr") or _any_addr(spec), spec.get("port", 0)))
    sock.listen(spec.get("backlog", 16))
    keep.append(sock)
    return {"local": _inet(sock.getsockname()), "fds": [sock.fileno()]}


def _tcp_established(spec, keep):
    listener = socket.socket(_family(spec), socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((spec.get("addr") or ("::1" if spec.get("family") == 6 else "127.0.0.1"), spec.get("port", 0)))
    listener.listen(4)
    client = socket.create_connection(listener.getsockname()[:2], timeout=10)
    server, _ = listener.accept()
    if spec.get("unread"):
        client.sendall(b"x" * spec["unread"])
    keep.extend([client, server])
    fds = [client.fileno(), server.fileno()]
    if spec.get("keep_listener", True):
        keep.append(listener)
        fds.append(listener.fileno())
    else:
        listener.close()
    return {"local": _inet(client.getsockname()), "peer": _inet(client.getpeername()), "fds": fds}


def _tcp_connect(spec, keep):
    sock = socket.create_connection((spec["addr"], spec["port"]), timeout=10)
    keep.append(sock)
    return {"local": _inet(sock.getsockname()), "peer": _inet(sock.getpeername()), "fds": [sock.fileno()]}


def _udp(spec, keep):
    sock = socket.socket(_family(spec), socket.SOCK_DGRAM)
    sock.bind((spec.get("addr") or _any_addr(spec), spec.get("port", 0)))
    info = {"local": _inet(sock.getsockname()), "fds": [sock.fileno()]}
    if spec.get("connect"):
        sock.connect(tuple(spec["connect"]))
        info["peer"] = _inet(sock.getpeername())
    keep.append(sock)
    return info


def _raw(spec, keep):
    sock = socket.socket(_family(spec), socket.SOCK_RAW, spec.get("proto", 255))
    keep.append(sock)
    return {"fds": [sock.fileno()]}


def _unix_address(path):
    # "@name" is an abstract socket: a name starting with a NUL byte, no file.
    if path.startswith("@"):
        return "\0" + path[1:]
    return path


def _unix(spec, keep):
    kind = _UNIX_TYPES[spec.get("type", "stream")]
    if spec.get("pair"):
        left, right = socket.socketpair(socket.AF_UNIX, kind)
        keep.extend([left, right])
        return {"fds": [left.fileno(), right.fileno()]}
    sock = socket.socket(socket.AF_UNIX, kind)
    path = spec.get("path")
    if path:
        if not path.startswith("@") and os.path.exists(path):
            os.unlink(path)
        sock.bind(_unix_address(path))
    keep.append(sock)
    fds = [sock.fileno()]
    if spec.get("listen") and kind != socket.SOCK_DGRAM:
        sock.listen(8)
    if spec.get("connect") and path:
        client = socket.socket(socket.AF_UNIX, kind)
        client.connect(_unix_address(path))
        keep.append(client)
        fds.append(client.fileno())
        if kind != socket.SOCK_DGRAM:
            accepted, _ = sock.accept()
            keep.append(accepted)
            fds.append(accepted.fileno())
    return {"local": path, "fds": fds}


_OPENERS = {
    "tcp-listen": _tcp_listen,
    "tcp-established": _tcp_established,
    "tcp-connect": _tcp_connect,
    "udp": _udp,
    "raw": _raw,
    "unix": _unix,
}


def main():
    specs = json.loads(sys.stdin.readline() or "[]")
    keep = []
    infos = []
    try:
        for spec in specs:
            info = _OPENERS[spec["kind"]](spec, keep)
            info["kind"] = spec["kind"]
            infos.append(info)
    except Exception as err:  # report to the parent, which raises LabError
        sys.stdout.write(json.dumps({"error": "%s: %s" % (type(err).__name__, err)}) + "\n")
        sys.stdout.flush()
        return 1
    sys.stdout.write(json.dumps({"pid": os.getpid(), "sockets": infos}) + "\n")
    sys.stdout.flush()
    sys.stdin.read()  # until the parent closes our stdin (or dies)
    for spec in specs:
        path = spec.get("path") if spec["kind"] == "unix" else None
        if path and not path.startswith("@"):
            try:
                os.unlink(path)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
