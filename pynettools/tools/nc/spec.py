"""nc's SPEC for pynettools.docgen (man page and completions); not loaded at run time."""
from pynettools.tools.nc.ports import TOS_KEYWORDS

SPEC = {
    "name": "nc",
    "section": "1",
    "summary": "open, listen on and relay TCP, UDP, DCCP and UNIX-domain connections (netcat)",
    "synopsis": [
        "nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl] [-m minttl] [-O length] "
        "[-P proxy_username] [-p source_port] [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] "
        "[-W recvlimit] [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]] [destination] [port]",
        "nc [options] destination port...",
        "nc -l [options] [address] port",
        "nc -l [options] [-s address] -p port",
        "nc -U [-l] [-u] [options] path",
        "nc -x proxy_address[:port] [-X 4|5|connect] [-P user] destination port...",
    ],
    "options": [
        ("-4", None, None, "IPv4 only: addresses are looked up and used in the AF_INET family"),
        ("-6", None, None, "IPv6 only (AF_INET6); a listener without an address binds :: instead of 0.0.0.0"),
        ("-b", None, None, "allow broadcast: set SO_BROADCAST (for UDP)"),
        ("-C", None, None, "send CRLF as line ending: a line read from standard input that ends in a "
                           "bare LF goes out ending in CR LF"),
        ("-D", None, None, "set the SO_DEBUG socket option"),
        ("-d", None, None, "detach from stdin: never read standard input"),
        ("-F", None, None, "pass the connected socket, as SCM_RIGHTS over standard output (a UNIX "
                           "socket), to the program that started nc, then exit (ssh's ProxyUseFdpass)"),
        ("-h", None, None, "print the usage and a summary of the options on standard error, exit 0"),
        ("-I", None, "length", "TCP receive buffer length: SO_RCVBUF (1 to 1073741824)"),
        ("-i", None, "interval", "wait interval seconds after each line sent (lines are then "
                                 "written one at a time)"),
        ("-k", None, None, "with -l: when a client leaves, accept the next one (one at a time); with "
                           "-u, read datagrams from any sender"),
        ("-l", None, None, "listen for an incoming connection instead of making one"),
        ("-M", None, "ttl", "outgoing TTL / hop limit: IP_TTL or IPV6_UNICAST_HOPS (0 to 255)"),
        ("-m", None, "minttl", "minimum incoming TTL / hop limit: IP_MINTTL or IPV6_MINHOPCOUNT (0 to 255)"),
        ("-N", None, None, "at EOF on standard input, shut the socket down for writing "
                           "(shutdown SHUT_WR), so that the peer sees the end"),
        ("-n", None, None, "no name lookups: hosts must be numeric addresses (AI_NUMERICHOST), and "
                           "messages show addresses and port numbers only"),
        ("-O", None, "length", "TCP send buffer length: SO_SNDBUF (1 to 1073741824)"),
        ("-P", None, "proxy_username", "user name for an HTTP proxy that asks for authentication "
                                       "(407); the password is read from the terminal"),
        ("-p", None, "source_port", "local port: bound before connecting; with -l, the port to listen on"),
        ("-q", None, "seconds", "after EOF on standard input, shut the socket down for writing (as -N) "
                                "and quit seconds after the session is over; negative: never"),
        ("-r", None, None, "try the ports of a list or range in random order"),
        ("-S", None, None, "TCP MD5 signatures (RFC 2385): TCP_MD5SIG with a key read from the terminal"),
        ("-s", None, "sourceaddr", "local address: bound before connecting; with -l, the address to "
                                   "listen on; with -U -u, the client's own socket path"),
        ("-T", None, "keyword", "IP type of service / IPv6 traffic class: a keyword (af11 ... af43, "
                                "cs0 ... cs7, ef, critical, inetcontrol, lowcost, lowdelay, netcontrol, "
                                "reliability, throughput), a number or 0xNN"),
        ("-t", None, None, "answer TELNET negotiation: refuse every option the peer offers or asks for"),
        ("-U", None, None, "UNIX-domain socket: the destination is a path (@name: an abstract name)"),
        ("-u", None, None, "UDP (with -U: datagram sockets) instead of TCP"),
        ("-V", None, "rtable", "alternate routing table: not available on Linux (an error)"),
        ("-v", None, None, "verbose: say what is listened on, connected to, received from, or what failed"),
        ("-W", None, "recvlimit", "stop after receiving recvlimit packets (reads) from the network"),
        ("-w", None, "timeout", "give up a connect after timeout seconds, and end a session in "
                                "which nothing happens for that long (-w 0: connects wait for ever, "
                                "sessions not at all)"),
        ("-X", None, "proxy_protocol", "the -x proxy's protocol: 4 (SOCKS 4), 5 (SOCKS 5, the "
                                       "default) or connect (HTTP CONNECT)"),
        ("-x", None, "proxy_address[:port]", "connect through this proxy (port 1080 for SOCKS, "
                                             "3128 for HTTP by default)"),
        ("-Z", None, None, "DCCP instead of TCP"),
        ("-z", None, None, "zero-I/O mode: only connect and close (a port scan); report with -v"),
    ],
    "completions": {
        "-X": ["4", "5", "connect"],
        "-T": sorted(TOS_KEYWORDS),
        "-s": "hosts",
        "-x": "hosts",
        "-U": "files",  # a flag; the path is the word after it (as arp's -f)
        "hosts": "hosts",
    },
    "man": """\
        nc (netcat) moves bytes between its standard input and output and one network
        connection.  It connects to a host and port (TCP by default, UDP with -u, DCCP
        with -Z), or with -l waits for a peer to connect, or does either over a
        UNIX-domain socket path with -U; then everything read from standard input is
        sent to the peer and everything the peer sends is written to standard output,
        until both directions are done.

        As a client it takes a list of ports after the host: each word is a number, a
        range lo-hi, or a service name from /etc/services, and the ports are tried in
        order (-r: at random).  With -z it only connects and closes again, which makes
        it a simple port scanner; -v says what worked and what did not.  With -x it
        reaches the destination through a SOCKS 4, SOCKS 5 or HTTP CONNECT proxy.

        The options are those of netcat-openbsd 1.219-1 as Debian 12 builds it:
        OpenBSD's netcat with Debian's patches (-q, -N, -b, -C, -Z for DCCP, port
        lists, listening with -p and -s, UNIX datagram clients) and without TLS.

        EXAMPLES
        A file from one machine to another, and the transfer's end seen by the receiver:

            nc -l 9000 > file.copy            (receiver)
            nc -N 198.51.100.2 9000 < file    (sender)

        Which of a few ports answer, waiting at most 2 seconds for each:

            nc -zv -w 2 198.51.100.2 20-25 http

        A UNIX-domain server and its client; and the same through a SOCKS proxy:

            nc -lU /tmp/demo.sock
            nc -U /tmp/demo.sock
            nc -x 127.0.0.1:1080 198.51.100.2 22

        HOW IT READS THE KERNEL
        nc reads no table of the kernel: it makes system calls.  Every one of them --
        socket, setsockopt, bind, listen, accept, connect, getsockopt, getsockname,
        recvfrom, sendmsg, poll, read, write, shutdown, close, alarm, sleep, and the
        few file calls for UNIX paths -- goes through
        one object, the socket seam (`pynettools/kernel/netio.py`), and every name
        lookup (getaddrinfo, getnameinfo, getservbyname, getservbyport) through the
        kernel seam's lookups (`pynettools/kernel/seam.py`).  The tool itself is in
        `pynettools/tools/nc/`: the options in `__init__.py`, the modes in `modes.py`,
        sockets in `connect.py`, the relay loop in `relay.py`, proxies in `proxy.py`,
        port lists in `ports.py`.

        With `PYNETTOOLS_TRACE=1` each call is shown on standard error as it is made,
        with its answer.  A refused connection reads, leaving out the lookups:

            socket AF_INET SOCK_STREAM|SOCK_NONBLOCK 6: fd 3
            connect fd 3 to 127.0.0.1 port 9: EINPROGRESS
            poll fd 3 OUT (1000 ms): fd 3 OUT|ERR|HUP
            getsockopt fd 3 SO_ERROR: 111
            close 3

        CONNECTING
        For each port, nc asks getaddrinfo for the host's addresses (the socket type
        and protocol of -u or -Z, the family of -4 or -6, AI_NUMERICHOST with -n) and
        tries them in the order given.  For each address it opens a non-blocking
        socket (socket with SOCK_NONBLOCK); with -s or -p it binds it first (the
        local address from getaddrinfo with AI_PASSIVE); it sets the socket options of
        -b, -S, -D, -T, -I, -O, -M and -m with setsockopt; and it calls connect.  A
        TCP connect on a non-blocking socket answers EINPROGRESS at once; nc then
        waits with poll for the socket to become writable, at most -w seconds (for
        ever without -w, or with -w 0), and reads the outcome with getsockopt
        SO_ERROR.  A wait that runs out is a timeout; its -v message shows connect's
        own errno ("Operation now in progress").  The first address that connects is
        used; the socket stays non-blocking for the rest of the session.

        A UDP connect sends nothing: it only fixes the peer, so it always succeeds.
        With -u -v nc therefore writes a one-byte datagram "X" a few times (once, again
        at once, then once a second for 3 seconds or for -w seconds): if an ICMP port
        unreachable came back, a write fails with ECONNREFUSED and the port counts as
        closed.  The peer receives those bytes.

        With -z the connected socket is closed at once and the next port is tried.
        With -F it is handed over with sendmsg (SCM_RIGHTS) on standard output, which
        must then be a UNIX socket, and nc exits.  The -v messages name the service of
        the port (getservbyport) and, unless -n, the numeric address next to the name
        typed (getnameinfo with NI_NUMERICHOST).

        LISTENING
        nc -l takes the port as an argument (`nc -l 9000`, `nc -l 127.0.0.1 9000`) or,
        as Debian allows, from -p and -s (`nc -l -p 9000 -s 127.0.0.1`).  getaddrinfo
        is asked with AI_PASSIVE; with no address it gives the IPv4 wildcard 0.0.0.0,
        or :: with -6.  nc opens a socket, sets SO_REUSEADDR and SO_REUSEPORT (so a
        port in TIME_WAIT or held by another -l can be bound again), sets the common
        options, binds the first address that will bind, and for TCP calls listen
        with a backlog of 1.  With -v, getsockname gives the "Listening on" line ("Bound
        on" for UDP).

        TCP: accept waits for one client (for as long as it takes: -w does not limit
        it), and the new socket is non-blocking (nc's accept4 with SOCK_NONBLOCK).
        After the session the client's socket is closed; with -k nc accepts the next
        one, otherwise it closes the listener and exits.  UDP has no connections: nc
        waits with recvfrom and MSG_PEEK for the first datagram (leaving it to be read
        by the relay), then connects the socket to the datagram's sender, so it hears
        and answers that sender only.  With -u -k the socket is left unconnected: it
        reads datagrams from anyone, and standard input cannot be sent anywhere.

        UNIX-DOMAIN SOCKETS
        With -U the destination is a path; one that starts with @ names a socket in
        Linux's abstract namespace, which is no file.  A listener (-lU) removes a file
        left at the path (unlink), opens a stream socket (a datagram socket with -u),
        binds the path and, for streams, calls listen with a backlog of 5.  A stream
        client opens a socket and connects to the path.

        A datagram client (-uU) needs an address of its own, or the server could not
        answer it: nc makes a private directory with mkdtemp, /tmp/nc-XXXXXX, binds its
        socket to recv.sock inside it, and connects that socket to the server's path.
        At the end it removes recv.sock and the directory (unlink, rmdir).  With -s
        PATH it binds PATH instead, and leaves it in place.

        THE RELAY LOOP
        Once connected, nc runs one loop around poll with four entries: standard input
        (fd 0, for reading), the socket for writing, the same socket for reading, and
        standard output (fd 1, for writing).  The socket is there twice so that each
        direction can be ended on its own: nc ends a direction by setting its entry's
        descriptor to -1, which poll skips.  A writing entry asks for POLLOUT only
        while there is something to write.  Each turn reads what is ready with read
        into one of two buffers (stdin to network, network to stdout) and writes what
        the other side can take with write; with -C or -i the network is written one
        line at a time.  The poll timeout is -w's (none without -w): a turn in which
        nothing happens for that long ends the session, and with -w 0 poll does not
        wait at all, so the session ends at the first turn that finds nothing ready.

        The ends of the two directions decide when nc shuts the socket down:

        - EOF on standard input (read returns 0), once its buffer is sent: with -N (or
        -q), shutdown(SHUT_WR), so the peer reads EOF; without it nc stops reading
        standard input and tells the peer nothing.
        - EOF from the network (read returns 0): shutdown(SHUT_RD); what is left in the
        buffer is still written to standard output.
        - Standard output gone (an error, or its reader closed it): shutdown(SHUT_RD),
        since nothing read could be delivered.
        - The socket's writing side hung up (POLLHUP): with -N, shutdown(SHUT_WR); then
        standard input is no longer read either, since it could not be sent.
        - -W: after that many reads from the network, shutdown(SHUT_RD), and standard
        input is no longer read.
        - In listen and UDP modes with -q, EOF on standard input also shuts the
        reading side (shutdown(SHUT_RD), a Debian fix, bug 817050) and turns -k off.

        The session is over when both inputs are done and both buffers empty, when both
        outputs are gone, or, with -l, when the network input is done and the buffers
        are empty.  So a client whose standard input ends keeps printing what arrives
        until the peer closes its side; `-N` (or -q) is what lets a peer that waits for
        EOF, such as a server reading a whole request, answer and close.

        Writing to a peer that has gone raises EPIPE rather than SIGPIPE (nc ignores
        SIGPIPE): that direction ends and the other goes on.  With -t, what arrives is
        scanned for TELNET negotiation (IAC WILL, WONT, DO, DONT) and each offer or
        request is refused (DONT, WONT).  With -d, standard input is not polled at all.

        THE QUIT TIMER
        -q is Debian's.  With -q N and N at least 0, -N is on.  When the session is
        over and N is above 0, nc closes the socket, sets a handler for SIGALRM and
        calls alarm(N), and keeps polling what is left; when the alarm rings, the
        handler exits with status 0.  -q 0 ends at once; a negative N is as no -q.
        Since the session ends only as described above, -q does not cut short a
        client whose peer stays open and silent: -w does.

        PROXIES
        With -x nc first connects to the proxy (port 1080 for SOCKS, 3128 for HTTP,
        unless given; -w applies), then speaks the proxy's protocol on that socket,
        waiting with poll whenever it is not ready, and relays as usual once the proxy has
        connected it.  The bytes sent:

        - SOCKS 5 (-X 5, the default): 05 01 00, offering only "no authentication";
        the answer is 2 bytes, and FF means no method was acceptable.  Then the CONNECT
        request 05 01 00, the address (01 and 4 bytes for an IPv4 address, 04 and 16
        for IPv6) or, for a name, 03, its length and the name itself, so that the proxy
        resolves it; then the port.  The answer is 4 bytes, a status (0 is success)
        and the bound address that follows (6 or 18 bytes more).
        - SOCKS 4 (-X 4): nc resolves the name itself, IPv4 only, and sends 04 01, the
        port, the address and an empty user name (one zero byte); the answer is 8
        bytes, status 90 meaning granted.
        - HTTP (-X connect): the line "CONNECT host:port HTTP/1.0" (an IPv6 address in
        brackets) and a blank line; the status line and then the headers up to a blank
        line are read one byte at a time.  A 200 status goes on; with -P, a 407 makes nc
        connect again and send "Proxy-Authorization: Basic" with user:password in
        base64, the password read from /dev/tty with echo off, at most 4 times in all.

        Proxies work for TCP clients only: with -u, -Z, -l, -U or -s nc refuses -x.

        EXIT STATUS
        0 when a connection was made (for a port list: when one was; with -u -v, when
        the last UDP check did not find the port closed), when a listener's session
        ends, after -h, and when -q's alarm ends nc.  1 when no connection could be
        made, on a usage error (after the usage text), and on every error reported with
        "nc: ..." on standard error.

        ENVIRONMENT
        - `PYNETTOOLS_TRACE=1`: print, on standard error, each socket call (as in the
        example above) and each name lookup, with its answer
        - `PYNETTOOLS_RECORD=DIR`: also write every call, its arguments and its answer
        to DIR, in order (the bytes read in full, the bytes written as a length and a
        digest)
        - `PYNETTOOLS_REPLAY=DIR`: answer every call from a recording in DIR: no socket
        is opened, and a call that differs from the recorded one is an error
        - `PYNETTOOLS_DEBUG=1`: show the Python traceback of an internal error

        DIFFERENCES
        None intended: output, messages and exit status are those of netcat-openbsd
        1.219-1 as built by Debian 12.  OpenBSD's TLS options (-c, -e, -H, -K, -o, -R,
        and the TLS meanings of -C, -T and -Z) are absent here as they are there.  Two
        things differ below the output: the relay copies through 128 KiB buffers where
        nc's are 16 KiB, except with -u, -W, -C, -i or -t (the bytes and their order
        are the same), and the connect timeout waits with
        poll where nc uses select.
    """,
    "see_also": ["ss(8)", "lsof(8)", "socket(7)", "tcp(7)", "udp(7)", "unix(7)", "poll(2)",
                 "shutdown(2)"],
}
