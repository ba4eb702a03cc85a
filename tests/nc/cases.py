"""nc golden cases (netcat-openbsd 1.219-1, Debian 12), each with its scripted peer.

Every case runs in the "nc" lab (tests/nc/labs.py): nc in "main", its peer
(tests/nc/peer.py) in "peer" at 198.51.100.2 / 2001:db8:1::2 (or in "main",
for unix sockets).  A server peer is started by `setup` (it forks and the
command returns once it listens); a client peer (for nc -l) runs as a
`during` command once `ready` sees nc's socket.  The peer's log (peer.log:
what it received, byte for byte, per connection, and whether it saw EOF)
is compared live, the real nc's run against ours.

Timing: the peer script decides the order of events (it waits for nc's EOF
before it answers, or sleeps a little where nc must be first), so both runs
see the same sequence; sleeps are short and -w/-q are 1 s at most.
"""
import random

from tests.harness.cases import Case

LAB = "nc"
PEER = ["python3", "{tests}/nc/peer.py"]
PEER_IP = "198.51.100.2"
PEER_IP6 = "2001:db8:1::2"
MAIN_IP = "198.51.100.1"
MAIN_IP6 = "2001:db8:1::1"
DANTE_PORT = 1080
TINYPROXY_PORT = 8888
TINYPROXY_AUTH_PORT = 8889

CASES = []


def add(case):
    CASES.append(case)
    return case


def server(mode, address, *steps, log="peer.log", ns="peer", wait=None):
    """A setup command: a peer server listening at `address` in `ns` (waiting
    `wait` seconds at most for nc: short where nc is not expected to come)."""
    options = ["--wait", str(wait)] if wait else []
    return ["@" + ns] + PEER + ["--daemon", "--log", "{cwd}/" + log] + options + [mode, address] + list(steps)


def client(mode, address, *steps, bind=None, log="peer.log", ns="peer"):
    """A during command: a peer client connecting to nc at `address`."""
    options = ["--bind", bind] if bind else []
    return ["@" + ns] + PEER + ["--log", "{cwd}/" + log] + options + [mode, address] + list(steps)


def logs_of(commands):
    names = []
    for command in commands:
        if PEER[1] in command:
            names.append(command[command.index("--log") + 1].split("/", 1)[1])
    return names


def nc(name, args, peers=(), stdin=None, note="", **kwargs):
    """nc as a client (or any run that ends by itself), after `peers` (setup commands)."""
    files = dict(kwargs.pop("files", {}))
    if stdin is not None:
        files["stdin"] = stdin
    setup = list(peers) + list(kwargs.pop("setup", []))
    return add(Case("nc", name, ["nc"] + list(args), lab=LAB, setup=setup, files=files,
                    stdin="stdin" if stdin is not None else None, note=note,
                    peer_logs=logs_of(setup), **kwargs))


def ready_listen(port, proto="t", ns=None):
    """A ready command: nc's socket on `port` is there (the real ss, in nc's namespace)."""
    return ["sh", "-c", "ss -Hl%sn 'sport = :%d' | grep -q ." % (proto, port)]


def ready_path(path, stream=True):
    """nc's unix socket is there: listening (the file appears at bind(), a
    moment before listen(): a client then would be refused), or bound
    (datagrams).  Asked of ss, not of the file system: the real run's socket
    file is still there when ours starts."""
    # ss shows the path as nc bound it: relative to its working directory
    return ["sh", "-c", "ss -H%sx | grep -qF ' %s '" % ("l" if stream else "a", path)]


def listen(name, args, ready, clients, stdin=None, note="", stop_after=1.0, peers=(), **kwargs):
    """nc as a server: started, then once `ready` passes the `clients` (during
    commands) run one after the other; nc is stopped with SIGINT (Ctrl-C) if
    it is still running `stop_after` seconds later (exit -2 for both: nc -k, -u -l)."""
    files = dict(kwargs.pop("files", {}))
    if stdin is not None:
        files["stdin"] = stdin
    return add(Case("nc", name, ["nc"] + list(args), lab=LAB, setup=list(peers), ready=[ready],
                    during=list(clients), stop_after=stop_after, stop_signal="SIGINT", files=files,
                    stdin="stdin" if stdin is not None else None, note=note,
                    peer_logs=logs_of(list(peers) + list(clients)), **kwargs))




def tcp(port, *steps, addr=PEER_IP, log="peer.log"):
    host = "[%s]" % addr if ":" in addr else addr
    return server("tcp-listen", "%s:%d" % (host, port), *steps, log=log)


def udp(port, *steps, addr=PEER_IP, log="peer.log"):
    host = "[%s]" % addr if ":" in addr else addr
    return server("udp-listen", "%s:%d" % (host, port), *steps, log=log)


# A server that answers once nc has said all it has to say (the usual shape:
# nc's EOF first, then the answer, then the peer's close).
ANSWER_AFTER_EOF = ("expect-eof", "send ok\\n", "close")
# A server that only sees nc come and go (-z, errors after the connect).
SEE_EOF = ("expect-eof",)

# ---- TCP client: data both ways, EOF, half-close ------------------------------------------

nc("tcp-hello", [PEER_IP, "7001"], [tcp(7001, "read 6", "send world\\n", "close")],
   stdin="hello\n", note="stdin goes out, the answer comes back; the peer closes, nc exits")
nc("tcp-v-name", ["-v", "peer", "7001"], [tcp(7001, "send hi\\n", "close")],
   note="-v with a name: 'Connection to peer (198.51.100.2) 7001 port [tcp/*] succeeded!'")
nc("tcp-v-numeric", ["-v", PEER_IP, "7001"], [tcp(7001, "send hi\\n", "close")],
   note="-v with an address: no '(address)' after it")
nc("tcp-nv", ["-nv", PEER_IP, "7001"], [tcp(7001, "close")], note="-n: no service name either")
nc("tcp-v-service", ["-v", "peer", "http"], [tcp(80, "send HTTP/1.0 200 OK\\r\\n\\r\\n", "close")],
   note="a service name as the port: [tcp/http]")
nc("tcp-v-port-80", ["-v", PEER_IP, "80"], [tcp(80, "close")], note="port 80 by number: [tcp/http]")
nc("tcp-nv-port-80", ["-nv", PEER_IP, "80"], [tcp(80, "close")], note="-n: [tcp/*] even for port 80")
nc("tcp-v-full-name", ["-v", "peer.lab.example", "7001"], [tcp(7001, "close")],
   note="the name as typed, then the address it resolved to")
nc("tcp-peer-closes-first", [PEER_IP, "7001"], [tcp(7001, "send bye\\n", "close")],
   note="empty stdin, the peer talks and closes: nc prints and exits 0")
nc("tcp-no-halfclose", [PEER_IP, "7001"],
   [tcp(7001, "read 5", "expect-eof 0.4", "send ok\\n", "close")], stdin="data\n",
   note="without -N, nc never shuts its sending side down at EOF on stdin: the peer sees no EOF")
nc("tcp-N", ["-N", PEER_IP, "7001"], [tcp(7001, *ANSWER_AFTER_EOF)], stdin="data\n",
   note="-N: shutdown(SHUT_WR) after stdin's EOF; the peer answers after that")
nc("tcp-N-empty-stdin", ["-N", PEER_IP, "7001"], [tcp(7001, *ANSWER_AFTER_EOF)],
   note="-N with nothing to send: the EOF goes out at once")
nc("tcp-q0", ["-q", "0", PEER_IP, "7001"], [tcp(7001, *ANSWER_AFTER_EOF)], stdin="data\n",
   note="Debian's -q 0: implies -N; nc still reads the answer until the peer closes")
nc("tcp-q1", ["-q", "1", PEER_IP, "7001"], [tcp(7001, "expect-eof", "sleep 0.2", "send late\\n", "close")],
   stdin="data\n", note="-q 1: the answer 0.2 s after the EOF still arrives")
nc("tcp-q-negative", ["-q", "-1", PEER_IP, "7001"],
   [tcp(7001, "read 5", "expect-eof 0.3", "send ok\\n", "close")], stdin="data\n",
   note="-q -1: wait forever (Debian's default): no -N implied, no EOF sent")
nc("tcp-d", ["-d", PEER_IP, "7001"], [tcp(7001, "quiet 0.3", "send ok\\n", "close")], stdin="ignored\n",
   note="-d: stdin is never read: the peer receives nothing")
nc("tcp-C", ["-C", "-N", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)], stdin="a\nb\n\nc",
   note="-C: each LF goes out as CRLF (an empty line too); a last line without LF as it is")
nc("tcp-C-crlf-kept", ["-C", "-N", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)], stdin="a\r\nb\n",
   note="-C: a line that already ends in CRLF gets no second CR")
nc("tcp-i", ["-i", "1", "-N", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)], stdin="one line\n",
   note="-i 1: one line, then a second's pause, then the EOF")
nc("tcp-t-will-do", ["-t", PEER_IP, "7001"], [tcp(7001, "sendhex fffb01fffd03", "read 6", "sleep 0.3", "close")],
   note="-t: IAC WILL 1 -> IAC DONT 1, IAC DO 3 -> IAC WONT 3 (the peer logs the answers).  The peer "
        "closes only after a pause: nc answers from its whole buffer on every read, so an EOF read "
        "before stdout took the bytes would answer them again on a closed descriptor (Write Error!)")
nc("tcp-t-wont-dont", ["-t", PEER_IP, "7001"], [tcp(7001, "sendhex 41fffc18fffe1f42", "read 6", "sleep 0.3", "close")],
   note="-t: WONT -> DONT, DONT -> WONT, with text around; nc prints every byte it got")
nc("tcp-no-t-iac", [PEER_IP, "7001"], [tcp(7001, "sendhex fffb01", "quiet 0.3", "close")],
   note="without -t, IAC sequences are printed and not answered")
nc("tcp-W1", ["-W", "1", PEER_IP, "7001"], [tcp(7001, "send one\\n", "expect-eof")],
   note="-W 1: after one read nc stops reading and exits (the peer sees EOF)")
nc("tcp-W2", ["-W", "2", PEER_IP, "7001"],
   [tcp(7001, "send a\\n", "sleep 0.2", "send b\\n", "sleep 0.2", "send c\\n", "expect-eof")],
   note="-W 2: two reads (the peer pauses between its sends), the third is never printed")
nc("tcp-binary-stdin", ["-N", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)],
   stdin=bytes(range(256)) * 4, note="every byte value through nc to the peer")
nc("tcp-binary-from-peer", [PEER_IP, "7001"], [tcp(7001, "sendpattern 100000", "close")],
   note="100 kB from the peer to nc's stdout")
nc("tcp-big-stdin", ["-N", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)],
   stdin=random.Random(12).getrandbits(8 * 65536).to_bytes(65536, "little"),
   note="64 KiB of random bytes: four of nc's 16 KiB buffers")
nc("tcp-both-ways", ["-N", PEER_IP, "7001"], [tcp(7001, "sendpattern 50000", "expect-eof", "close")],
   stdin=random.Random(13).getrandbits(8 * 30000).to_bytes(30000, "little"),
   note="both directions at once: 30 kB out, 50 kB in")
nc("tcp-reset-by-peer", [PEER_IP, "7001"], [tcp(7001, "send x\\n", "sleep 0.1", "reset")],
   note="the peer resets the connection (SO_LINGER 0): nc's read fails, it exits quietly")
nc("tcp-reset-after-connect", ["-v", PEER_IP, "7001"], [tcp(7001, "sleep 0.3", "reset")],
   note="-v, the peer resets without a word: the success line, then nc's read fails and it exits "
        "(the peer waits: an RST before nc's getsockopt(SO_ERROR) would be a failed connect instead)")

# ---- source address and port, families ------------------------------------------------------

nc("tcp-p-s", ["-p", "41001", "-s", MAIN_IP, PEER_IP, "7001"], [tcp(7001, "peername", "close")],
   note="-p and -s: the peer sees the connection come from 198.51.100.1 41001")
nc("tcp-p", ["-p", "41002", "peer", "7001"], [tcp(7001, "peername", "close")], note="-p alone")
nc("tcp-s-name", ["-s", "main", "-v", "peer", "7001"], [tcp(7001, "close")], note="-s with a name")
nc("tcp-s-not-local", ["-s", "203.0.113.5", PEER_IP, "7001"],
   note="-s with an address not on this host: 'bind failed: Cannot assign requested address'")
nc("tcp-s-bad-name", ["-s", "nosuch.lab.example", PEER_IP, "7001"],
   note="-s with a name that does not resolve: nc's getaddrinfo message")
nc("tcp6", [PEER_IP6, "7001"], [tcp(7001, "send six\\n", "close", addr=PEER_IP6)], note="IPv6 by address")
nc("tcp6-v-name", ["-v", "peer6", "7001"], [tcp(7001, "close", addr=PEER_IP6)],
   note="-v over IPv6: '(2001:db8:1::2)'")
nc("tcp6-p-s", ["-p", "41006", "-s", MAIN_IP6, PEER_IP6, "7001"],
   [tcp(7001, "peername", "close", addr=PEER_IP6)], note="-p/-s over IPv6")
nc("tcp-4-both", ["-4", "-v", "both", "7001"], [tcp(7001, "close")],
   note="-4: only the name's IPv4 address is tried")
nc("tcp-6-both", ["-6", "-v", "both", "7001"], [tcp(7001, "close", addr=PEER_IP6)],
   note="-6: only the name's IPv6 address")
nc("tcp-both-second-address", ["-v", "both", "7001"], [tcp(7001, "close", addr=PEER_IP6)],
   note="a name with two addresses, only the IPv6 one listening: a failure line for the "
        "address tried first, if that is the IPv4 one, then success")
nc("tcp-6-v4-address", ["-6", PEER_IP, "7001"], note="-6 with an IPv4 address: getaddrinfo's error")
nc("tcp-4-v6-address", ["-4", PEER_IP6, "7001"], note="-4 with an IPv6 address")

# ---- failures: refused, rejected, dropped, unknown ---------------------------------------------

nc("refused", [PEER_IP, "7004"], note="a closed port, without -v: nothing said, exit 1")
nc("refused-v", ["-v", PEER_IP, "7004"], note="'connect to 198.51.100.2 port 7004 (tcp) failed: Connection refused'")
nc("refused-v-name", ["-v", "peer", "7004"], note="with the address in parentheses")
nc("refused-nv", ["-nv", PEER_IP, "7004"], note="-n: the short form")
nc("refused6-v", ["-v", PEER_IP6, "7004"], note="a closed IPv6 port")
nc("reject-v", ["-v", PEER_IP, "7008"], note="nftables reject (ICMP port unreachable): Connection refused")
nc("reject-host-unreachable-v", ["-v", PEER_IP, "7009"],
   note="nftables reject with host-unreachable: No route to host")
nc("drop-w1-v", ["-v", "-w", "1", PEER_IP, "7010"], note="a dropped SYN: -w 1 runs out: 'timed out'")
nc("drop-w1", ["-w", "1", PEER_IP, "7010"], note="the same without -v: exit 1, silent")
nc("dropped-host-w1-v", ["-v", "-w", "1", "dropped", "7001"],
   note="a host that never answers (its MAC is nobody's), by name")
nc("unknown-host", ["nosuch.lab.example", "7001"], note="a name that does not resolve")
nc("n-with-name", ["-n", "peer", "7001"], note="-n with a name: AI_NUMERICHOST refuses it")
nc("m-minttl-drops", ["-v", "-w", "1", "-m", "255", "peer", "7001"], [server("tcp-listen", "198.51.100.2:7001", "close", wait=1.5)],
   note="-m 255: the peer's SYN-ACK (TTL 64) is dropped, the connect times out")

# ---- -z: scans, ranges, service names ---------------------------------------------------------------

nc("z-open", ["-z", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)], note="-z: connect and close, silent, exit 0")
nc("z-v-open", ["-zv", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)])
nc("z-v-range", ["-zv", PEER_IP, "7001-7005"],
   [tcp(7001, *SEE_EOF), tcp(7003, *SEE_EOF, log="peer2.log")],
   note="a range: one line per port, refused ones on stderr too; exit 0 as one succeeded")
nc("z-v-range-reversed", ["-zv", PEER_IP, "7003-7001"],
   [tcp(7001, *SEE_EOF), tcp(7003, *SEE_EOF, log="peer2.log")], note="hi-lo is scanned lo to hi")
nc("z-v-list", ["-zv", "peer", "7003", "7004", "7001"],
   [tcp(7001, *SEE_EOF), tcp(7003, *SEE_EOF, log="peer2.log")], note="a list, in its own order")
nc("z-v-services", ["-zv", "peer", "ssh", "http", "smtp"],
   [tcp(22, *SEE_EOF), tcp(80, *SEE_EOF, log="peer2.log")], note="service names, [tcp/ssh] ...")
nc("z-nv-services-numeric", ["-znv", PEER_IP, "22", "80"],
   [tcp(22, *SEE_EOF), tcp(80, *SEE_EOF, log="peer2.log")], note="-n: [tcp/*]")
nc("z-v-all-closed", ["-zv", PEER_IP, "7004-7006"], note="every port closed: exit 1")
nc("z-w1-drop", ["-zv", "-w", "1", PEER_IP, "7010"], note="-z on a dropped port: timed out")
nc("z-v-r-single", ["-zv", "-r", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)], note="-r with one port")
nc("z-i", ["-zv", "-i", "1", PEER_IP, "7004"], note="-i applies to scans too (one port: no pause seen)")
nc("zu-v-open", ["-zuv", "-w", "1", PEER_IP, "7020"], [udp(7020, "recv", "recv", "recv")],
   note="UDP scan: nc writes 'X' twice, then once a second for -w seconds; the peer logs each")
nc("zu-v-closed", ["-zuv", "-w", "1", PEER_IP, "7021"],
   note="UDP scan of a closed port: the ICMP unreachable fails the second write: no line, exit 1")
nc("zu-v-named", ["-zuv", "-w", "1", PEER_IP, "7001"], [udp(7001, "recv", "recv", "recv")],
   note="UDP 7001 is afs3-callback in /etc/services")

# ---- UDP client -----------------------------------------------------------------------

nc("udp-hello", ["-u", "-w", "1", PEER_IP, "7020"], [udp(7020, "recv", "send pong\\n")], stdin="ping\n",
   note="one datagram out, one back; -w 1 ends the wait")
nc("udp-q0", ["-u", "-q", "0", PEER_IP, "7020"], [udp(7020, "recv")], stdin="ping\n",
   note="-q 0: send and quit")
nc("udp6-hello", ["-u", "-w", "1", PEER_IP6, "7020"], [udp(7020, "recv", "send pong\\n", addr=PEER_IP6)],
   stdin="ping\n")
nc("udp-v-hello", ["-uv", "-w", "1", PEER_IP, "7020"], [udp(7020, "recv", "recv", "recv", "recv", "send pong\\n")],
   stdin="ping\n", note="-v over UDP: the test writes ('X' x3) reach the peer before the data")
nc("udp-b-broadcast", ["-u", "-b", "-q", "0", "198.51.100.255", "7022"], [udp(7022, "recv", addr="0.0.0.0")],
   stdin="all\n", note="-b: a datagram to the broadcast address")
nc("udp-broadcast-no-b", ["-u", "-q", "0", "198.51.100.255", "7022"], [udp(7022, "recv 0.5", addr="0.0.0.0")],
   stdin="all\n", note="without -b the kernel refuses the send (EACCES)")
nc("udp-p", ["-u", "-q", "0", "-p", "41020", PEER_IP, "7020"], [udp(7020, "recv", "peername")], stdin="x\n",
   note="-u -p: the datagram comes from port 41020")
nc("udp-refused", ["-u", "-w", "1", PEER_IP, "7021"], stdin="a\n",
   note="UDP to a closed port: the ICMP error ends the read side")

# ---- socket options ------------------------------------------------------------------------

nc("T-lowdelay", ["-T", "lowdelay", PEER_IP, "7001"], [tcp(7001, "close")])
nc("T-af41", ["-T", "af41", PEER_IP, "7001"], [tcp(7001, "close")])
nc("T-hex", ["-T", "0x10", PEER_IP, "7001"], [tcp(7001, "close")])
nc("T-decimal", ["-T", "32", PEER_IP, "7001"], [tcp(7001, "close")])
nc("T-v6-tclass", ["-6", "-T", "ef", "peer6", "7001"], [tcp(7001, "close", addr=PEER_IP6)])
nc("T-ecn-unknown", ["-T", "ecn", PEER_IP, "7001"], note="not a keyword in 1.219: illegal tos value")
nc("T-256", ["-T", "256", PEER_IP, "7001"])
nc("T-hex-too-large", ["-T", "0x100", PEER_IP, "7001"])
nc("T-negative", ["-T", "-1", PEER_IP, "7001"])
nc("M-ttl", ["-M", "1", PEER_IP, "7001"], [tcp(7001, "close")], note="TTL 1 is enough on the link")
nc("M-too-large", ["-M", "256", PEER_IP, "7001"])
nc("M-invalid", ["-M", "x", PEER_IP, "7001"])
nc("m-too-small", ["-m", "-1", PEER_IP, "7001"])
nc("I-O", ["-I", "4096", "-O", "4096", "-N", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)], stdin="x" * 10000)
nc("I-zero", ["-I", "0", PEER_IP, "7001"])
nc("O-too-large", ["-O", "1073741825", PEER_IP, "7001"])
nc("D-debug", ["-D", PEER_IP, "7001"], [tcp(7001, "close")], note="SO_DEBUG (allowed to root)")
nc("b-tcp", ["-b", PEER_IP, "7001"], [tcp(7001, "close")], note="-b on TCP: set, and no effect")
nc("F-stdout-pipe", ["-F", PEER_IP, "7001"], [tcp(7001, *SEE_EOF)],
   note="-F with stdout a pipe: sendmsg fails (not a socket)")
nc("Z-dccp", ["-Z", PEER_IP, "7001"], note="DCCP: whatever this kernel says (no DCCP: the socket fails)")
nc("Z-dccp-v", ["-Zv", PEER_IP, "7001"])
nc("S-no-tty", ["-S", PEER_IP, "7001"], note="-S asks for the MD5 key on the terminal; there is none")

# ---- nc -l: TCP server -----------------------------------------------------------------------


def tcp_client(port, *steps, bind=None, addr=MAIN_IP, log="peer.log"):
    host = "[%s]" % addr if ":" in addr else addr
    return client("tcp-connect", "%s:%d" % (host, port), *steps, bind=bind, log=log)


def udp_client(port, *steps, bind=None, addr=MAIN_IP, log="peer.log"):
    host = "[%s]" % addr if ":" in addr else addr
    return client("udp-connect", "%s:%d" % (host, port), *steps, bind=bind, log=log)


listen("l-basic", ["-l", "7030"], ready_listen(7030), [tcp_client(7030, "send hello\\n", "close")],
       note="one client sends and closes: nc prints, exits 0")
listen("l-v", ["-lv", "7030"], ready_listen(7030),
       [tcp_client(7030, "send hello\\n", "close", bind="198.51.100.2:41030")],
       note="'Listening on 0.0.0.0 7030', 'Connection received on peer.lab.example 41030'")
listen("l-nv", ["-lnv", "7030"], ready_listen(7030),
       [tcp_client(7030, "send hello\\n", "close", bind="198.51.100.2:41031")])
listen("l-p", ["-l", "-p", "7031"], ready_listen(7031), [tcp_client(7031, "send via -p\\n", "close")])
listen("l-s-p-v", ["-lv", "-s", MAIN_IP, "-p", "7032"], ready_listen(7032),
       [tcp_client(7032, "close", bind="198.51.100.2:41032")], note="'Listening on main.lab.example 7032'")
listen("l-host-port-v", ["-lv", MAIN_IP, "7033"], ready_listen(7033),
       [tcp_client(7033, "close", bind="198.51.100.2:41033")])
listen("l6-v", ["-6", "-lv", "7034"], ready_listen(7034),
       [tcp_client(7034, "send six\\n", "close", bind="[2001:db8:1::2]:41034", addr=MAIN_IP6)],
       note="'Listening on :: 7034', the client by its IPv6 name")
listen("l-N", ["-l", "-N", "7035"], ready_listen(7035),
       [tcp_client(7035, "expect-eof", "send thanks\\n", "close")], stdin="to the client\n",
       note="-l -N: stdin to the client, then EOF; the client answers after it")
listen("l-no-N", ["-l", "7035"], ready_listen(7035),
       [tcp_client(7035, "read 14", "expect-eof 0.4", "send thanks\\n", "close")], stdin="to the client\n",
       note="-l without -N: no EOF to the client")
listen("l-q0", ["-l", "-q", "0", "7036"], ready_listen(7036),
       [tcp_client(7036, "expect-eof", "send too late?\\n", "close")], stdin="x\n",
       note="-l -q 0: after stdin's EOF nc stops reading too (Debian #817050) and exits")
listen("l-k-two-clients", ["-lk", "7037"], ready_listen(7037),
       [tcp_client(7037, "send first\\n", "close"), tcp_client(7037, "send second\\n", "close", log="peer2.log")],
       stop_after=0.5, note="-k: one client after the other; nc stays until Ctrl-C")
listen("l-k-v", ["-lkv", "7037"], ready_listen(7037),
       [tcp_client(7037, "send first\\n", "close", bind="198.51.100.2:41037"),
        tcp_client(7037, "send second\\n", "close", bind="198.51.100.2:41038", log="peer2.log")],
       stop_after=0.5)
listen("l-k-reconnect", ["-lk", "7037"], ready_listen(7037),
       [tcp_client(7037, "send one\\n", "close", "connect", "send two\\n", "close")], stop_after=0.5,
       note="one client process, two connections in turn")
listen("l-without-k-second-refused", ["-l", "7038"], ready_listen(7038),
       [tcp_client(7038, "send one\\n", "shutdown-wr", "expect-eof", "close"),
        tcp_client(7038, "send two\\n", "close", log="peer2.log")],
       note="without -k nc closes its listener after the first client: the second is refused (it "
            "starts once the first saw nc's EOF: nc closes its listener right after that)")
listen("l-d", ["-l", "-d", "7039"], ready_listen(7039),
       [tcp_client(7039, "quiet 0.3", "send hi\\n", "close")], stdin="not read\n",
       note="-l -d: stdin is not read")
listen("l-W1", ["-l", "-W", "1", "7040"], ready_listen(7040),
       [tcp_client(7040, "send a\\n", "sleep 0.2", "send b\\n", "expect-eof")])
listen("l-C", ["-l", "-C", "-N", "7041"], ready_listen(7041), [tcp_client(7041, "expect-eof", "close")],
       stdin="x\ny\n")
listen("l-t", ["-l", "-t", "7042"], ready_listen(7042),
       [tcp_client(7042, "sendhex fffd18", "read 3", "sleep 0.3", "close")], note="-t on the server side")
listen("l-binary", ["-l", "7043"], ready_listen(7043), [tcp_client(7043, "sendpattern 70000", "close")],
       note="70 kB from the client to nc's stdout")
listen("l-peer-reset", ["-l", "7044"], ready_listen(7044),
       [tcp_client(7044, "send x\\n", "sleep 0.1", "reset")])
nc("l-port-in-use", ["-l", "7045"], [server("tcp-listen", "0.0.0.0:7045", ns="main", wait=0.3)],
   note="the port is held (without SO_REUSEPORT): 'nc: Address already in use'")
nc("l-bad-address", ["-l", "-s", "203.0.113.9", "-p", "7046"],
   note="-l on an address not on this host: bind fails on every address: err(1, NULL)")

# ---- nc -l -u: UDP server ------------------------------------------------------------------

listen("lu-basic", ["-lu", "7050"], ready_listen(7050, "u"), [udp_client(7050, "send dgram\\n")], stop_after=0.3,
       note="nc -u -l never ends by itself: stopped by Ctrl-C")
listen("lu-v", ["-luv", "7051"], ready_listen(7051, "u"),
       [udp_client(7051, "send dgram\\n", bind="198.51.100.2:41051")], stop_after=0.3,
       note="'Bound on 0.0.0.0 7051', 'Connection received on peer.lab.example 41051'")
listen("lu-locks-on-first", ["-lu", "7052"], ready_listen(7052, "u"),
       [udp_client(7052, "send from a\\n", "sleep 0.2", bind="198.51.100.2:41052"),
        udp_client(7052, "send from b\\n", "recv 0.3", bind="198.51.100.2:41053", log="peer2.log")],
       stop_after=0.3, note="-u -l connects to its first peer: the second one's datagram is refused "
                            "(sent once nc has connected: one queued before would still be read)")
listen("lu-k", ["-luk", "7053"], ready_listen(7053, "u"),
       [udp_client(7053, "send from a\\n"), udp_client(7053, "send from b\\n", log="peer2.log")],
       stop_after=0.3, note="-u -l -k: no connect, every peer's datagrams")
listen("lu-reply", ["-lu", "7054"], ready_listen(7054, "u"),
       [udp_client(7054, "send hi\\n", "recv")], stdin="reply\n", stop_after=0.3,
       note="stdin goes to the first peer once it is known")
listen("lu6", ["-6", "-lu", "7055"], ready_listen(7055, "u"),
       [udp_client(7055, "send six\\n", addr=MAIN_IP6)], stop_after=0.3)

# ---- unix sockets ---------------------------------------------------------------------------


def unix_server(path, *steps, log="peer.log"):
    return server("unix-listen", "{cwd}/" + path, *steps, log=log, ns="main")


def unixdgram_server(path, *steps, log="peer.log"):
    return server("unixdgram-listen", "{cwd}/" + path, *steps, log=log, ns="main")


nc("U-stream", ["-U", "srv.sock"], [unix_server("srv.sock", "read 3", "send ok\\n", "close")], stdin="hi\n",
   note="-U: a unix stream client")
nc("U-stream-N", ["-N", "-U", "srv.sock"], [unix_server("srv.sock", *ANSWER_AFTER_EOF)], stdin="hi\n")
nc("U-stream-v", ["-vU", "srv.sock"], [unix_server("srv.sock", "close")], note="-v prints nothing for a unix client")
nc("U-z", ["-zU", "srv.sock"], [unix_server("srv.sock", *SEE_EOF)], note="-z -U: connect and close")
nc("U-missing", ["-U", "nosuch.sock"], note="'nc: nosuch.sock: No such file or directory'")
nc("U-abstract", ["-U", "@pnt-nc-abstract"],
   [server("unix-listen", "@pnt-nc-abstract", "send abstract\\n", "close", ns="main")],
   note="@NAME: a Linux abstract socket")
nc("U-empty-path", ["-U", ""], note="the empty path: EINVAL")
nc("Uu-client", ["-Uu", "-w", "1", "srv.dsock"],
   [unixdgram_server("srv.dsock", "recv", "send pong\\n")], stdin="ping\n",
   note="unix datagrams: nc binds /tmp/nc-XXXXXX/recv.sock for the answer")
nc("Uu-client-v", ["-Uuv", "-w", "1", "srv.dsock"],
   [unixdgram_server("srv.dsock", "recv", "peername", "send pong\\n")], stdin="ping\n",
   note="'Bound on /tmp/nc-XXXXXX/recv.sock' (the six characters masked on both sides)")
nc("Uu-client-s", ["-Uuv", "-w", "1", "-s", "cli.dsock", "srv.dsock"],
   [unixdgram_server("srv.dsock", "recv", "peername", "send pong\\n")], stdin="ping\n",
   note="-s names the client's own socket")
nc("Uu-missing", ["-Uu", "nosuch.dsock"])

listen("lU", ["-lU", "nc.sock"], ready_path("nc.sock"),
       [client("unix-connect", "{cwd}/nc.sock", "send hello\\n", "close", ns="main")])
listen("lU-v", ["-lvU", "nc.sock"], ready_path("nc.sock"),
       [client("unix-connect", "{cwd}/nc.sock", "send hello\\n", "close", ns="main")],
       note="'Bound on nc.sock', 'Listening on nc.sock', 'Connection received on nc.sock'")
listen("lU-k", ["-lkU", "nc.sock"], ready_path("nc.sock"),
       [client("unix-connect", "{cwd}/nc.sock", "send one\\n", "close", ns="main"),
        client("unix-connect", "{cwd}/nc.sock", "send two\\n", "close", ns="main", log="peer2.log")],
       stop_after=0.5)
listen("lU-N-answer", ["-lNU", "nc.sock"], ready_path("nc.sock"),
       [client("unix-connect", "{cwd}/nc.sock", "expect-eof", "send back\\n", "close", ns="main")],
       stdin="to the client\n")
listen("lUu", ["-lUu", "srv.dsock"], ready_path("srv.dsock", stream=False),
       [client("unixdgram-connect", "{cwd}/srv.dsock", "send hello\\n", "sleep 0.3", bind="{cwd}/cli.dsock",
               ns="main")],
       stop_after=0.3, note="the client stays a moment: nc connects to the sender of the first datagram")
listen("lUu-v", ["-lvUu", "srv.dsock"], ready_path("srv.dsock", stream=False),
       [client("unixdgram-connect", "{cwd}/srv.dsock", "send hello\\n", "recv", bind="{cwd}/cli.dsock",
               ns="main")], stdin="answer\n", stop_after=0.3)

# ---- proxies: dante (SOCKS 4 and 5), tinyproxy (HTTP CONNECT) ------------------------------------------

DANTE_CONF = """logoutput: /dev/null
internal: 198.51.100.2 port = 1080
external: 198.51.100.2
clientmethod: none
socksmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {
    from: 0.0.0.0/0 to: 0.0.0.0/0
}
socks pass {
    from: 0.0.0.0/0 to: 0.0.0.0/0
}
"""

TINYPROXY_CONF = """Port %d
Listen 198.51.100.2
Timeout 5
MaxClients 5
LogLevel Critical
Allow 198.51.100.0/24
DisableViaHeader Yes
"""
TINYPROXY_AUTH_CONF = TINYPROXY_CONF % TINYPROXY_AUTH_PORT + "BasicAuth user secret\n"

SPAWN = ["python3", "{tests}/nc/spawn.py"]  # tests/lab/spawn.py
DANTE = ["@peer"] + SPAWN + ["198.51.100.2:1080", "danted", "-f", "{cwd}/danted.conf"]
TINYPROXY = ["@peer"] + SPAWN + ["198.51.100.2:%d" % TINYPROXY_PORT, "tinyproxy", "-d", "-c", "{cwd}/tinyproxy.conf"]
TINYPROXY_AUTH = ["@peer"] + SPAWN + ["198.51.100.2:%d" % TINYPROXY_AUTH_PORT, "tinyproxy", "-d", "-c",
                                      "{cwd}/tinyproxy.conf"]


def proxied(name, args, peers, proxy, conf, **kwargs):
    """nc through a proxy started for the run (stopped at its end, even when no peer logs)."""
    files = {"danted.conf": DANTE_CONF} if proxy is DANTE else {"tinyproxy.conf": conf}
    return nc(name, args, list(peers) + [proxy], files=files, stop_leftovers=True, **kwargs)


SOCKS = "198.51.100.2:1080"
HTTP_PROXY = "198.51.100.2:%d" % TINYPROXY_PORT
AUTH_PROXY = "198.51.100.2:%d" % TINYPROXY_AUTH_PORT
TP = TINYPROXY_CONF % TINYPROXY_PORT

proxied("X5", ["-X", "5", "-x", SOCKS, PEER_IP, "7001"], [tcp(7001, "read 6", "send world\\n", "close")],
        DANTE, None, stdin="hello\n", note="SOCKS 5 through dante")
proxied("X5-name", ["-X", "5", "-x", SOCKS, "peer", "7001"], [tcp(7001, "send hi\\n", "close")], DANTE, None,
        note="a name: nc resolves it and asks for the address")
proxied("X5-v", ["-v", "-X", "5", "-x", SOCKS, "peer", "7001"], [tcp(7001, "close")], DANTE, None,
        note="-v through a proxy: no '(address)'")
proxied("X5-N", ["-N", "-X", "5", "-x", SOCKS, PEER_IP, "7001"], [tcp(7001, *ANSWER_AFTER_EOF)], DANTE, None,
        stdin="data\n", note="-N through the proxy: the EOF reaches the peer")
proxied("X5-refused", ["-X", "5", "-x", SOCKS, PEER_IP, "7004"], [], DANTE, None,
        note="dante cannot connect: 'connection failed, SOCKSv5 error: Connection refused'")
proxied("X4", ["-X", "4", "-x", SOCKS, PEER_IP, "7001"], [tcp(7001, "read 6", "send world\\n", "close")],
        DANTE, None, stdin="hello\n", note="SOCKS 4 through dante")
proxied("X4-refused", ["-X", "4", "-x", SOCKS, PEER_IP, "7004"], [], DANTE, None,
        note="'connection failed, SOCKSv4 error: ...'")
proxied("x-default-socks5", ["-x", SOCKS, PEER_IP, "7001"], [tcp(7001, "send hi\\n", "close")], DANTE, None,
        note="-x without -X: SOCKS 5")
proxied("x-default-port", ["-x", "198.51.100.2", PEER_IP, "7001"], [tcp(7001, "send hi\\n", "close")],
        DANTE, None, note="-x without a port: 1080")
proxied("Xconnect", ["-X", "connect", "-x", HTTP_PROXY, PEER_IP, "7001"],
        [tcp(7001, "read 6", "send world\\n", "close")], TINYPROXY, TP, stdin="hello\n",
        note="HTTP CONNECT through tinyproxy")
proxied("Xconnect-name", ["-v", "-X", "CONNECT", "-x", "peer:%d" % TINYPROXY_PORT, "peer", "7001"],
        [tcp(7001, "send hi\\n", "close")], TINYPROXY, TP, note="-X CONNECT (any case); the proxy resolves 'peer'")
proxied("Xconnect-refused", ["-X", "connect", "-x", HTTP_PROXY, PEER_IP, "7004"], [], TINYPROXY, TP,
        note="the proxy cannot connect: 'Proxy error: \"HTTP/1.0 500 ...\"'")
proxied("Xconnect-407", ["-X", "connect", "-x", AUTH_PROXY, PEER_IP, "7001"], [], TINYPROXY_AUTH,
        TINYPROXY_AUTH_CONF, note="BasicAuth, no -P: 'Proxy error: \"HTTP/1.0 407 ...\"'")
proxied("Xconnect-P-407", ["-X", "connect", "-x", AUTH_PROXY, "-P", "user", PEER_IP, "7001"], [],
        TINYPROXY_AUTH, TINYPROXY_AUTH_CONF,
        note="-P user and a 407: nc asks for the password on the terminal, and there is none")
nc("x-proxy-down", ["-x", "198.51.100.2:1081", PEER_IP, "7001"], note="no proxy there: exit 1, silent")
nc("x-proxy-down-v", ["-v", "-x", "198.51.100.2:1081", PEER_IP, "7001"], note="-v: the proxy's connect failure")

# ---- more: -w idle, what -T/-M put on the wire, ends without a signal, proxies by name ---------------

nc("w-idle", ["-w", "1", PEER_IP, "7001"], [tcp(7001, "expect-eof 3")],
   note="-w 1: a second without traffic ends nc (exit 0); the peer sees its EOF then")
nc("w-idle-v", ["-v", "-w", "1", "peer", "7001"], [tcp(7001, "send x\\n", "expect-eof 3")])
listen("l-w-idle", ["-l", "-w", "1", "7060"], ready_listen(7060), [tcp_client(7060, "expect-eof 3")],
       note="-l -w 1: the poll times out in the relay too")
listen("lu-W1", ["-lu", "-W", "1", "7061"], ready_listen(7061, "u"), [udp_client(7061, "send once\\n")],
       note="-u -l -W 1: ends by itself after one datagram")
listen("l-k-q0", ["-lk", "-q", "0", "7062"], ready_listen(7062), [tcp_client(7062, "expect-eof", "close")],
       note="-k with -q 0 and an empty stdin: Debian #817050 shuts the connection both ways at once and "
            "turns -k off; nc ends after its first client.  (The client sends nothing: whether nc "
            "would still read it depends on its arriving before nc's first poll)")
listen("lUu-k", ["-lkUu", "srv.dsock"], ready_path("srv.dsock", stream=False),
       [client("unixdgram-connect", "{cwd}/srv.dsock", "send one\\n", bind="{cwd}/a.dsock", ns="main"),
        client("unixdgram-connect", "{cwd}/srv.dsock", "send two\\n", bind="{cwd}/b.dsock", ns="main",
               log="peer2.log")], stop_after=0.3, note="-k on a unix datagram server: both clients")
nc("udp-T-M-on-the-wire", ["-u", "-q", "0", "-T", "0x20", "-M", "3", PEER_IP, "7020"], [udp(7020, "recv-meta")],
   stdin="x\n", note="the peer logs the datagram's TOS and TTL")
nc("udp-T-keyword-on-the-wire", ["-u", "-q", "0", "-T", "throughput", PEER_IP, "7020"],
   [udp(7020, "recv-meta")], stdin="x\n")
nc("udp-defaults-on-the-wire", ["-u", "-q", "0", PEER_IP, "7020"], [udp(7020, "recv-meta")], stdin="x\n",
   note="without -T/-M: TOS 0, TTL 64")
nc("udp6-T-M-on-the-wire", ["-6", "-u", "-q", "0", "-T", "af11", "-M", "5", "peer6", "7020"],
   [udp(7020, "recv-meta", addr=PEER_IP6)], stdin="x\n", note="IPv6: traffic class and hop limit")
nc("udp-s-v", ["-u", "-v", "-w", "1", "-s", MAIN_IP, PEER_IP, "7020"],
   [udp(7020, "recv", "recv", "recv", "recv 0.5")], note="-u -s -v, nothing on stdin")
nc("udp-N", ["-u", "-N", "-w", "1", PEER_IP, "7020"], [udp(7020, "recv", "send back\\n")], stdin="x\n",
   note="-N on UDP: shutdown(SHUT_WR) of a datagram socket, the answer still comes in")
nc("z-duplicate-port", ["-zv", PEER_IP, "7001", "7001"], [tcp(7001, "expect-eof", "accept", "expect-eof")],
   note="the same port twice: two connections")
nc("z-leading-zeros", ["-zv", PEER_IP, "0007001"], [tcp(7001, *SEE_EOF)], note="0007001 is port 7001")
nc("zu-v-range", ["-zuv", "-w", "1", PEER_IP, "7001-7003"], [udp(7001, "recv", "recv", "recv")],
   note="a UDP range: only the open port says so")
nc("options-after-operands", [PEER_IP, "7001", "-v"], [tcp(7001, "close")],
   note="glibc's getopt permutes: -v after the operands still counts")
nc("options-after-operands-posix", [PEER_IP, "7001", "-v"], env={"POSIXLY_CORRECT": "1"},
   note="POSIXLY_CORRECT: no permutation, -v is a second port")
nc("double-dash", ["-v", "--", PEER_IP, "7001"], [tcp(7001, "close")])
proxied("X5-name-only-the-proxy-knows", ["-X", "5", "-x", SOCKS, "farside", "7001"],
        [tcp(7001, "send far\\n", "close")], DANTE, None,
        note="SOCKS 5: nc sends a name it cannot resolve itself; dante resolves it")
proxied("X4-name-only-the-proxy-knows", ["-X", "4", "-x", SOCKS, "farside", "7001"], [], DANTE, None,
        note="SOCKS 4 needs an address: nc's own lookup fails")
proxied("Xconnect-ipv6-target", ["-X", "connect", "-x", HTTP_PROXY, PEER_IP6, "7001"],
        [tcp(7001, "send six\\n", "close", addr=PEER_IP6)], TINYPROXY, TP,
        note="CONNECT [2001:db8:1::2]:7001 HTTP/1.0")
proxied("X5-ipv6-target", ["-X", "5", "-x", SOCKS, PEER_IP6, "7001"], [], DANTE, None,
        note="SOCKS 5 to an IPv6 address; dante's external side is IPv4 only")

# ---- usage, getopt and errx messages -----------------------------------------------------------

for name, args, note in [
    ("no-args", [], "usage, exit 1"),
    ("h", ["-h"], "the help text (with Debian's patchlevel), exit 0"),
    ("h-after-options", ["-v", "-h", "-u"], "-h stops at once"),
    ("V-rtable", ["-V", "1"], "no alternate routing table support available"),
    ("invalid-option", ["-Q"], "getopt's message, then the usage"),
    ("tls-e", ["-e", "name", PEER_IP, "7001"], "TLS options are not in Debian's build"),
    ("tls-c", ["-c", PEER_IP, "7001"], ""),
    ("tls-K", ["-K", "key", PEER_IP, "7001"], ""),
    ("tls-R", ["-R", "ca", PEER_IP, "7001"], ""),
    ("missing-argument-w", ["-w"], "option requires an argument"),
    ("missing-argument-x", [PEER_IP, "7001", "-x"], ""),
    ("w-invalid", ["-w", "x", PEER_IP, "7001"], "timeout invalid: x"),
    ("w-too-large", ["-w", "2147484", PEER_IP, "7001"], "timeout too large"),
    ("w-negative", ["-w", "-1", PEER_IP, "7001"], "timeout too small"),
    ("q-invalid", ["-q", "x", PEER_IP, "7001"], "quit timer invalid"),
    ("q-too-large", ["-q", "2147483648", PEER_IP, "7001"], ""),
    ("i-invalid", ["-i", "x", PEER_IP, "7001"], "interval invalid"),
    ("i-negative", ["-i", "-1", PEER_IP, "7001"], "interval too small"),
    ("W-zero", ["-W", "0", PEER_IP, "7001"], "receive limit too small"),
    ("W-invalid", ["-W", "x", PEER_IP, "7001"], ""),
    ("O-invalid", ["-O", "x", PEER_IP, "7001"], "TCP send window invalid"),
    ("X-unsupported", ["-X", "6", "-x", SOCKS, PEER_IP, "7001"], "unsupported proxy protocol"),
    ("x-with-u", ["-u", "-x", SOCKS, PEER_IP, "7001"], "no proxy support for UDP mode"),
    ("x-with-Z", ["-Z", "-x", SOCKS, PEER_IP, "7001"], "no proxy support for DCCP mode"),
    ("x-with-l", ["-l", "-x", SOCKS, "7001"], "no proxy support for listen"),
    ("x-with-U", ["-U", "-x", SOCKS, "srv.sock"], "no proxy support for unix sockets"),
    ("x-with-s", ["-s", MAIN_IP, "-x", SOCKS, PEER_IP, "7001"], "no proxy support for local source address"),
    ("x-missing-bracket", ["-x", "[2001:db8:1::2", PEER_IP, "7001"], "missing closing bracket in proxy"),
    ("x-garbage-delimiter", ["-x", "[2001:db8:1::2]x", PEER_IP, "7001"], "garbage proxy port delimiter"),
    ("l-z", ["-l", "-z", "7001"], "cannot use -z and -l"),
    ("k-without-l", ["-k", PEER_IP, "7001"], "must use -l with -k"),
    ("U-F", ["-U", "-F", "srv.sock"], "cannot use -F and -U"),
    ("U-Z", ["-U", "-Z", "srv.sock"], "cannot use -Z and -U"),
    ("U-port", ["-U", "srv.sock", "7001"], "cannot use port with -U"),
    ("U-l-no-path", ["-lU"], "missing socket pathname"),
    ("missing-port", [PEER_IP], "missing port number"),
    ("l-missing-port", ["-l"], "missing port number"),
    ("l-p-and-host-port", ["-l", "-p", "7001", MAIN_IP, "7002"], "-l with -p and a port: usage"),
    ("l-three-args", ["-l", MAIN_IP, "7001", "7002"], "usage"),
    ("p-with-one-arg", ["-p", "41000", PEER_IP], "usage"),
    ("port-zero", [PEER_IP, "0"], "port number too small: 0"),
    ("port-too-large", [PEER_IP, "70000"], "port number too large"),
    ("port-unknown-service", [PEER_IP, "nosuchservice"], "service \"nosuchservice\" unknown"),
    ("range-bad-high", ["-z", PEER_IP, "7001-nosuch"], "the high end of a range is a port or a service"),
    ("range-too-large", ["-z", PEER_IP, "7001-70000"], ""),
    ("l-service-name", ["-l", "-p", "nosuchservice"], "listen on an unknown service: getaddrinfo's message"),
    ("help-long", ["--help"], "plain getopt: no long options"),
    ("l-s-and-port", ["-l", "-s", MAIN_IP, "7001"], "-l -s with the port as an operand: usage"),
    ("l-port-and-extra", ["-l", "7001", "extra"], "-l with two operands: 7001 is the host, 'extra' the port"),
    ("U-path-too-long", ["-U", "/tmp/" + "x" * 120], "longer than sun_path: File name too long"),
    ("port-dash-name", ["-z", PEER_IP, "http-80"], "not a range (no digit first): one port name"),
    ("port-trailing-dash", ["-z", PEER_IP, "7001-"], "a range without its high end"),
]:
    nc(name, args, note=note)
