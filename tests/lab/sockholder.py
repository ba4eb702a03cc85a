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

The input line may also be an object (what tests.lab.core sends):
  {"sockets": [specs], "namespaces": {role: netns name}, "comm": "sockholder",
   "private_tmp": true}
  comm         the process name (prctl PR_SET_NAME) that `ss -p` shows, fixed
               so that outputs do not depend on the Python binary's name;
  private_tmp  a tmpfs of our own on /tmp (in a mount namespace of our own):
               unix socket paths such as /tmp/ss/stream.sock are the same in
               every lab and two labs never collide;
  namespaces   lets a spec say "ns": ROLE (or "server_ns"/"client_ns" for
               tcp-conn): the socket is created in that network namespace
               (setns), so one process holds both ends of a connection
               between namespaces; "{ROLE}" in a "run" command's words is
               replaced by that namespace's name.

More socket specs:
  {"kind": "tcp-conn", "addr": "198.51.100.2", "port": 8001, "family": 4,
   "server_ns": "peer", "client_ns": null, "client_addr": "198.51.100.1", "client_port": 40001,
   "unread": 0, "server_unread": 0, "keepalive": false, "keep_listener": false,
   "steps": ["cut", "send:100", "client-shutdown", "wait"], "cut": [[argv], ...]}
        a connection (listener in server_ns, client in client_ns) and then
        steps, in order: client-/server-shutdown (SHUT_WR: our FIN),
        client-/server-close, send:N / server-send:N (bytes from the client /
        server), cut (run the "cut" commands: e.g. route the peer's address
        into a sink, so everything we send from now on is lost), wait (0.3 s).
        With lost FINs that gives FIN-WAIT-1, LAST-ACK and CLOSING; see
        tests/lab/topology.py ss().
  {"kind": "tcp-syn-sent", "addr": "203.0.113.99", "port": 80, "bind": ["198.51.100.1", 0], "ns": null}
        a non-blocking connect whose SYNs go unanswered (the address leads into a sink)
  {"kind": "packet", "type": "raw"|"dgram", "protocol": 3 (ETH_P_ALL, host order), "dev": "veth0"}
  {"kind": "netlink", "protocol": 0, "groups": 0}
  {"kind": "tcp-listen", ..., "v6only": 0|1, "dev": "veth0", "keepalive": ...}
  {"kind": "tcp-connect", ..., "bind": [addr, port], "scope": "veth0"}
  {"kind": "udp", ..., "scope": "veth0" (IPv6 scope id of a link-local address), "dev": "veth0"}
  {"kind": "raw", ..., "addr": "198.51.100.1" (bound)}
  "drop_all": true on raw, udp, packet and listening sockets: a socket filter
        that drops everything they would receive (see _drop_everything)
  "mark": 0x101 on inet sockets: SO_MARK (what `ss -e` shows as fwmark and
        the `fwmark` filter matches)
  {"kind": "unix", ..., "autobind": true}: bound to an address the kernel
        picks (an abstract name of 5 hex digits: `ss autobound` matches it)
  {"kind": "run", "argv": ["ip", "-n", "{main}", "route", "add", ...]}
  {"kind": "sleep", "seconds": 0.5}
  {"kind": "fork", "comm": "peerchild", "fds": [4, 9], "shared": [5]}: a child
        process takes over the sockets on fds (the holder closes them) and
        shares those on shared
  {"kind": "unix", ..., "connect_to": "@name"}: also connected to that listener
        (never accepted: a pending connection)
  {"kind": "threads", "names": ["worker", "net-poller"]}: threads that wait, each
        named so (lsof -K lists a process's files once per thread)
  {"kind": "tun", "name": "tap1", "mode": "tap"|"tun", "pi": false, "multi_queue": false, "queues": 1}
        /dev/net/tun attached to that device (made if missing), held open
        (`ip -d tuntap` lists the process)
  {"kind": "mroute", "family": 4, "vifs": [["veth0", 1], ["veth2", 1]],
   "mfc": [["198.51.100.2", "239.1.1.1", 0, {"1": 1}]]}
        a multicast routing socket with virtual interfaces and (source, group)
        entries (`ip mroute`); for family 6 the outputs only count as members
"""
import json
import os
import socket
import sys
import time

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
    _socket_options(sock, spec)
    sock.bind(_address(spec, spec.get("addr") or _any_addr(spec), spec.get("port", 0)))
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
    if spec.get("bind") or spec.get("scope") or spec.get("keepalive"):
        sock = socket.socket(_family(spec), socket.SOCK_STREAM)
        _socket_options(sock, spec)
        if spec.get("bind"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(_address(spec, *spec["bind"]))
        sock.settimeout(10)
        sock.connect(_address(spec, spec["addr"], spec["port"]))
    else:
        sock = socket.create_connection((spec["addr"], spec["port"]), timeout=10)
    keep.append(sock)
    return {"local": _inet(sock.getsockname()), "peer": _inet(sock.getpeername()), "fds": [sock.fileno()]}


def _udp(spec, keep):
    sock = socket.socket(_family(spec), socket.SOCK_DGRAM)
    _socket_options(sock, spec)
    sock.bind(_address(spec, spec.get("addr") or _any_addr(spec), spec.get("port", 0)))
    info = {"local": _inet(sock.getsockname()), "fds": [sock.fileno()]}
    if spec.get("connect"):
        sock.connect(_address(spec, *spec["connect"]))
        info["peer"] = _inet(sock.getpeername())
    keep.append(sock)
    return info


def _raw(spec, keep):
    sock = socket.socket(_family(spec), socket.SOCK_RAW, spec.get("proto", 255))
    _socket_options(sock, spec)
    if spec.get("addr"):
        sock.bind(_address(spec, spec["addr"], 0))
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
    if spec.get("autobind"):
        sock.bind("")  # an empty address: the kernel picks an abstract one
        path = None
    if path:
        if not path.startswith("@") and os.path.exists(path):
            os.unlink(path)
        if not path.startswith("@") and os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        sock.bind(_unix_address(path))
    keep.append(sock)
    fds = [sock.fileno()]
    if spec.get("listen") and kind != socket.SOCK_DGRAM:
        sock.listen(8)
    if spec.get("connect_to"):
        # a client of a listener made before (here or by another holder), never accepted
        sock.connect(_unix_address(spec["connect_to"]))
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


# ---- namespaces, process name, private /tmp -----------------------------------------

_CLONE_NEWNS = 0x00020000
_CLONE_NEWNET = 0x40000000
_PR_SET_NAME = 15
_MS_REC, _MS_PRIVATE = 0x4000, 0x40000
_SO_BINDTODEVICE = 25
_SO_MARK = 36
_NAMESPACES = {}   # role -> netns name, from the input line
_libc = []


def _c_library():
    if not _libc:
        import ctypes

        _libc.append(ctypes.CDLL(None, use_errno=True))
    return _libc[0]


def _check(result, what):
    if result != 0:
        import ctypes

        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


def _set_comm(name):
    """The name /proc/PID/stat shows (what ss -p prints), whatever runs us."""
    import ctypes

    _check(_c_library().prctl(_PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0), "prctl")


def _private_tmp():
    """A tmpfs on /tmp that only this process sees (a mount namespace of its own)."""
    libc = _c_library()
    _check(libc.unshare(_CLONE_NEWNS), "unshare")
    _check(libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None), "mount --make-rprivate /")
    _check(libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, b"mode=1777"), "mount tmpfs /tmp")


class _NetnsSwitch:
    """with _NetnsSwitch(role): sockets made inside belong to that namespace."""

    def __init__(self, role):
        self.role = role
        self.home = None

    def __enter__(self):
        if self.role:
            name = _NAMESPACES[self.role]
            self.home = os.open("/proc/self/ns/net", os.O_RDONLY)
            target = os.open("/run/netns/%s" % name, os.O_RDONLY)
            try:
                _check(_c_library().setns(target, _CLONE_NEWNET), "setns %s" % name)
            finally:
                os.close(target)
        return self

    def __exit__(self, *exc):
        if self.home is not None:
            try:
                _check(_c_library().setns(self.home, _CLONE_NEWNET), "setns back")
            finally:
                os.close(self.home)
        return False


def _address(spec, addr, port):
    """A socket address; IPv6 link-local ones get the scope id of spec["scope"] (a device)."""
    if spec.get("family") == 6:
        scope = socket.if_nametoindex(spec["scope"]) if spec.get("scope") else 0
        return (addr, port, 0, scope)
    return (addr, port)


def _drop_everything(sock):
    """Attach a socket filter that drops every packet (classic BPF "ret #0").

    A raw ICMP socket gets a copy of every ICMP packet of the namespace and
    a packet socket one of every frame on its device, so their Recv-Q would
    grow with whatever else happens in the lab (a DNS query that fails, a
    SYN retransmitted): with this filter they stay empty.
    """
    import ctypes
    import struct

    program = ctypes.create_string_buffer(struct.pack("HBBI", 0x06, 0, 0, 0))  # BPF_RET|BPF_K, 0
    fprog = struct.pack("HxxxxxxQ", 1, ctypes.addressof(program))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_ATTACH_FILTER if hasattr(socket, "SO_ATTACH_FILTER") else 26,
                    fprog)
    sock.setblocking(False)  # and what came in before the filter was there goes too
    try:
        while True:
            sock.recv(65536)
    except OSError:
        pass
    sock.setblocking(True)


def _socket_options(sock, spec):
    if spec.get("drop_all"):
        _drop_everything(sock)
    if spec.get("keepalive"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    if spec.get("v6only") is not None:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(spec["v6only"]))
    if spec.get("dev"):
        sock.setsockopt(socket.SOL_SOCKET, _SO_BINDTODEVICE, spec["dev"].encode())
    if spec.get("mark"):
        sock.setsockopt(socket.SOL_SOCKET, _SO_MARK, spec["mark"])


def _run_command(argv):
    import subprocess

    words = [word.format(**_NAMESPACES) for word in argv]
    # From /: with a private /tmp the holder's working directory (a checkout
    # under /tmp, say) is gone, and pyenv's python3 shim refuses to start there.
    completed = subprocess.run(words, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd="/")
    if completed.returncode != 0:
        raise OSError(0, "%s: %s" % (" ".join(words), completed.stdout.decode(errors="replace").strip()))


# ---- more kinds -------------------------------------------------------------------------


def _tcp_conn(spec, keep):
    family = _family(spec)
    with _NetnsSwitch(spec.get("server_ns")):
        listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(_address(spec, spec["addr"], spec.get("port", 0)))
    listener.listen(8)
    with _NetnsSwitch(spec.get("client_ns")):
        client = socket.socket(family, socket.SOCK_STREAM)
    if spec.get("keepalive") in (True, "client"):
        client.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    if spec.get("client_addr") or spec.get("client_port"):
        client.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        client.bind(_address(spec, spec.get("client_addr") or _any_addr(spec), spec.get("client_port", 0)))
    client.settimeout(10)
    client.connect(_address(spec, spec["addr"], listener.getsockname()[1]))
    server, _ = listener.accept()
    if spec.get("keepalive") in (True, "server"):
        server.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    info = {"local": _inet(client.getsockname()), "peer": _inet(client.getpeername()),
            "fds": [client.fileno(), server.fileno()]}
    if spec.get("unread"):
        client.sendall(b"x" * spec["unread"])
    if spec.get("server_unread"):
        server.sendall(b"s" * spec["server_unread"])
    keep.extend([client, server])
    if spec.get("keep_listener"):
        keep.append(listener)
        info["fds"].append(listener.fileno())
    else:
        listener.close()
    ends = {"client": client, "server": server}
    for step in spec.get("steps", []):
        _tcp_step(step, ends, spec)
    return info


def _tcp_step(step, ends, spec):
    side, _, action = step.rpartition("-")
    if step == "wait":
        time.sleep(0.3)
    elif step == "cut":
        for argv in spec.get("cut", []):
            _run_command(argv)
    elif step.startswith(("send:", "server-send:")):
        who = "server" if step.startswith("server") else "client"
        ends[who].send(b"d" * int(step.split(":")[1]))
    elif action == "shutdown":
        ends[side].shutdown(socket.SHUT_WR)
    elif action == "close":
        ends[side].close()
    else:
        raise ValueError("unknown tcp-conn step %r" % step)


def _tcp_syn_sent(spec, keep):
    sock = socket.socket(_family(spec), socket.SOCK_STREAM)
    if spec.get("bind"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(_address(spec, *spec["bind"]))
    sock.setblocking(False)
    err = sock.connect_ex(_address(spec, spec["addr"], spec["port"]))
    if err not in (0, 115):  # EINPROGRESS: the SYN is on its way (and will be lost)
        raise OSError(err, os.strerror(err))
    keep.append(sock)
    return {"local": _inet(sock.getsockname()), "fds": [sock.fileno()]}


def _packet(spec, keep):
    kind = socket.SOCK_DGRAM if spec.get("type") == "dgram" else socket.SOCK_RAW
    protocol = spec.get("protocol", 3)  # ETH_P_ALL
    sock = socket.socket(socket.AF_PACKET, kind, socket.htons(protocol))
    _socket_options(sock, spec)
    if spec.get("dev"):
        sock.bind((spec["dev"], protocol))
    keep.append(sock)
    return {"fds": [sock.fileno()]}


def _netlink(spec, keep):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, spec.get("protocol", 0))
    sock.bind((spec.get("portid", 0), spec.get("groups", 0)))
    if spec.get("connect"):
        sock.connect((0, 0))
    keep.append(sock)
    return {"local": list(sock.getsockname()), "fds": [sock.fileno()]}


def _run(spec, keep):
    _run_command(spec["argv"])
    return {"fds": []}


def _sleep(spec, keep):
    time.sleep(spec.get("seconds", 0.3))
    return {"fds": []}


def _fork(spec, keep):
    """A child process (named spec["comm"]) that takes over the sockets on the fds
    spec["fds"]: the parent closes them, the child closes the others and waits
    for the end of stdin, as the holder does.  Peers then sit in two processes."""
    fds = set(spec["fds"])
    shared = set(spec.get("shared", []))  # held by both
    pid = os.fork()
    if pid == 0:
        try:
            _c_library().prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL: go with the holder
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.close(null)
            for sock in keep:
                if hasattr(sock, "fileno") and sock.fileno() not in fds | shared:
                    sock.close()
            _set_comm(spec.get("comm", "child"))
            sys.stdin.read()
        finally:
            os._exit(0)
    for sock in keep:
        if hasattr(sock, "fileno") and sock.fileno() in fds:
            sock.close()
    return {"fds": [], "pid": pid}


def _threads(spec, keep):
    """Threads that only wait, one per name, each named so (its /proc/PID/task/TID/stat
    comm: lsof -K's TASKCMD), started one after the other so their TIDs come in order."""
    import threading

    stop = threading.Event()
    keep.append(stop)
    tids = []
    for name in spec.get("names", []):
        named = threading.Event()

        def body(name=name, named=named):
            _set_comm(name)
            tids.append(threading.get_native_id())
            named.set()
            stop.wait()

        threading.Thread(target=body, daemon=True).start()
        named.wait()
    return {"fds": [], "tids": tids}


_TUNSETIFF = 0x400454CA
_IFF_TUN, _IFF_TAP, _IFF_MULTI_QUEUE, _IFF_NO_PI = 0x0001, 0x0002, 0x0100, 0x1000


def _tun(spec, keep):
    """/dev/net/tun attached to a tun/tap device (TUNSETIFF), held open: made
    here (gone when we exit) unless the lab made it persistent already, in
    which case mode, pi and multi_queue must be what it was made with."""
    import fcntl
    import struct

    flags = _IFF_TAP if spec.get("mode", "tap") == "tap" else _IFF_TUN
    if not spec.get("pi"):
        flags |= _IFF_NO_PI
    if spec.get("multi_queue"):
        flags |= _IFF_MULTI_QUEUE
    fds = []
    for _ in range(spec.get("queues", 1)):
        fd = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(fd, _TUNSETIFF, struct.pack("16sH22x", spec["name"].encode(), flags))
        keep.append(fd)
        fds.append(fd)
    return {"fds": fds}


def _mroute(spec, keep):
    """A multicast routing socket, as a routing daemon holds one: MRT_INIT,
    one VIF (MIF) per device of "vifs" ([name, TTL threshold]), and the
    (source, group) entries of "mfc" ([source, group, input vif, {vif: ttl}]);
    the kernel drops them all when the socket closes."""
    import struct

    if spec.get("family", 4) == 6:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        sock.setsockopt(socket.IPPROTO_IPV6, 200, struct.pack("i", 1))  # MRT6_INIT
        for mifi, (name, threshold) in enumerate(spec.get("vifs", [])):  # MRT6_ADD_MIF, struct mif6ctl
            sock.setsockopt(socket.IPPROTO_IPV6, 202,
                            struct.pack("=HBBH2xI", mifi, 0, threshold, socket.if_nametoindex(name), 0))
        for source, group, parent, outputs in spec.get("mfc", []):  # MRT6_ADD_MFC, struct mf6cctl
            def sin6(addr):
                return struct.pack("=HHI16sI", socket.AF_INET6, 0, 0, socket.inet_pton(socket.AF_INET6, addr), 0)
            bits = [0] * 8
            for mif in outputs:
                bits[int(mif) // 32] |= 1 << (int(mif) % 32)
            sock.setsockopt(socket.IPPROTO_IPV6, 204, sin6(source) + sin6(group) + struct.pack("=H2x8I", parent, *bits))
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_IGMP)
        sock.setsockopt(socket.IPPROTO_IP, 200, struct.pack("i", 1))  # MRT_INIT
        for vifi, (name, threshold) in enumerate(spec.get("vifs", [])):  # MRT_ADD_VIF, VIFF_USE_IFINDEX
            sock.setsockopt(socket.IPPROTO_IP, 202,
                            struct.pack("=HBBIiI", vifi, 0x8, threshold, 0, socket.if_nametoindex(name), 0))
        for source, group, parent, outputs in spec.get("mfc", []):  # MRT_ADD_MFC, struct mfcctl
            ttls = bytearray(32)
            for vif, ttl in outputs.items():
                ttls[int(vif)] = ttl
            sock.setsockopt(socket.IPPROTO_IP, 204, struct.pack("=4s4sH32s2xIIIi", socket.inet_aton(source),
                                                                socket.inet_aton(group), parent, bytes(ttls),
                                                                0, 0, 0, 0))
    keep.append(sock)
    return {"fds": [sock.fileno()]}


_OPENERS = {
    "tcp-listen": _tcp_listen,
    "tcp-established": _tcp_established,
    "tcp-connect": _tcp_connect,
    "udp": _udp,
    "raw": _raw,
    "unix": _unix,
    "tcp-conn": _tcp_conn,
    "tcp-syn-sent": _tcp_syn_sent,
    "packet": _packet,
    "netlink": _netlink,
    "run": _run,
    "sleep": _sleep,
    "threads": _threads,
    "fork": _fork,
    "tun": _tun,
    "mroute": _mroute,
}


def main():
    request = json.loads(sys.stdin.readline() or "[]")
    if isinstance(request, list):  # the original form: just the socket specs
        request = {"sockets": request}
    specs = request.get("sockets", [])
    _NAMESPACES.update(request.get("namespaces", {}))
    keep = []
    infos = []
    try:
        if request.get("comm"):
            _set_comm(request["comm"])
        if request.get("private_tmp"):
            _private_tmp()
        for spec in specs:
            with _NetnsSwitch(spec.get("ns")):
                info = _OPENERS[spec["kind"]](spec, keep)
            info["kind"] = spec["kind"]
            infos.append(info)
    except Exception as err:  # report to the parent, which raises LabError
        sys.stdout.write(json.dumps({"error": "%s: %s (socket %d: %s)" % (
            type(err).__name__, err, len(infos), json.dumps(specs[len(infos)]))}) + "\n")
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
