"""traceroute's SPEC for pynettools.docgen (man page and completions); not loaded at run time.

The options are those of traceroute 2.1.2's option table (args.OPTIONS, as
libsupp/clif.c reads it).  A long option takes its value after "=" only
("--queries=3"), so the long spellings that take one end in "=" here, which
is also how the completions offer them.  tests/traceroute/test_traceroute_docs.py
checks that every entry of args.OPTIONS has its line here.
"""

METHODS = ["default", "icmp", "tcp", "tcpconn", "udp", "udplite", "dccp", "raw"]

# (short, long, value name, what it does): short or long may be None
OPTIONS = [
    ("-4", None, None, "IPv4 only (as is the program called by a name that ends in 4)"),
    ("-6", None, None, "IPv6 only (traceroute6, and any name that ends in 6, is traceroute -6)"),
    ("-d", "--debug", None, "set SO_DEBUG on the sockets"),
    ("-F", "--dont-fragment", None, "set DF: the probes must not be fragmented (a too-big probe "
                                    "then gets !F from the router that would fragment it)"),
    ("-f", "--first=", "first_ttl", "start at this hop (TTL) instead of 1"),
    ("-g", "--gateway=", "gate,...", "send the probes through these gateways (a loose source "
                                     "route: at most 8 for IPv4, 127 for IPv6, where a first "
                                     "value that is a number is the routing header's type)"),
    ("-I", "--icmp", None, "probe with ICMP echo requests (-M icmp)"),
    ("-T", "--tcp", None, "probe with TCP SYN segments, to port 80 by default (-M tcp); "
                          "tcptraceroute is traceroute -T"),
    ("-i", "--interface=", "device", "send from this interface (SO_BINDTODEVICE)"),
    ("-m", "--max-hops=", "max_ttl", "the last hop to try (default 30, at most 255)"),
    ("-N", "--sim-queries=", "squeries", "how many probes may be in flight at once (default 16)"),
    ("-n", None, None, "numeric: print addresses, do not look up their names"),
    ("-p", "--port=", "port", "the default method's first destination port (each probe "
                              "adds one, 33434 by default), -I's first sequence number, or the "
                              "fixed port of the other methods (80 for -T, 53 for -U, ...)"),
    ("-t", "--tos=", "tos", "the IPv4 type of service or IPv6 traffic class of the probes"),
    ("-l", "--flowlabel=", "flow_label", "the IPv6 flow label of the probes"),
    ("-w", "--wait=", "MAX,HERE,NEAR", "how long to wait for a probe's answer: at most MAX "
                                       "seconds (default 5.0), at most HERE times (default 3) "
                                       "an answer already seen from the same hop, at most NEAR "
                                       "times (default 10) one from a later hop; a factor left "
                                       "out of the option, or 0, is off (-w 2 waits 2 s, no "
                                       "less)"),
    ("-q", "--queries=", "nqueries", "probes per hop (default 3, at most 10)"),
    ("-r", None, None, "do not route: send only to hosts on an attached network (SO_DONTROUTE)"),
    ("-s", "--source=", "src_addr", "the source address of the probes"),
    ("-z", "--sendwait=", "sendwait", "the least time between two probes: seconds, or "
                                      "milliseconds when over 10 (default 0)"),
    ("-e", "--extensions", None, "show the ICMP extensions of the answers (RFC 4884), MPLS "
                                 "labels as <MPLS:L=...,E=...,S=...,T=...>"),
    ("-A", "--as-path-lookups", None, "look up the AS number of each address (a whois query to "
                                      "whois.radb.net) and print it as [ASnnn] after the address"),
    ("-M", "--module=", "name", "the probing method by name: " + ", ".join(METHODS)),
    ("-O", "--options=", "OPTS", "options of the method, separated by commas; -O help lists "
                                 "the chosen method's (tcp: syn, ack, fin, rst, psh, urg, ece, "
                                 "cwr, flags=NUM, ecn, sack, timestamps, window_scaling, sysctl, "
                                 "reuse, mss=NUM, info; icmp: raw, dgram; udplite: coverage=NUM; "
                                 "dccp: service=NUM; raw: protocol=PROT)"),
    (None, "--sport=", "num", "the source port of the probes (implies -N 1)"),
    (None, "--fwmark=", "num", "the firewall mark of the probes (SO_MARK)"),
    ("-U", "--udp", None, "probe with UDP datagrams to one fixed port, 53 by default (-M udp)"),
    ("-UL", None, None, "probe with UDP-lite datagrams, to port 53 by default (-M udplite)"),
    ("-D", "--dccp", None, "probe with DCCP requests, to port 33434 by default (-M dccp)"),
    ("-P", "--protocol=", "prot", "probe with raw IP packets of this protocol (-M raw)"),
    (None, "--mtu", None, "find the path MTU along the way: each hop where it shrinks shows "
                          "F=N (implies -F -N 1)"),
    (None, "--back", None, "guess the length of the way back from each answer's TTL, and print "
                           "'-N' after the hop when it differs"),
    ("-V", "--version", None, "print the version on standard output, exit 0"),
    (None, "--help", None, "print the usage and the options on standard error, exit 0"),
]

SPEC = {
    "name": "traceroute",
    "section": "8",
    "summary": "print the route packets take to a host, hop by hop",
    "synopsis": [
        "traceroute [-46dFITnreAUDV] [-f first_ttl] [-g gate,...] [-i device] [-m max_ttl] "
        "[-N squeries] [-p port] [-t tos] [-l flow_label] [-w MAX,HERE,NEAR] [-q nqueries] "
        "[-s src_addr] [-z sendwait] [--fwmark=num] host [packetlen]",
        "traceroute6 [options] host [packetlen]",
        "traceroute -M method [-O opt,...] host [packetlen]",
    ],
    "options": OPTIONS,
    "completions": {
        "-i": "interfaces",
        "--interface=": "interfaces",
        "-M": METHODS,
        "--module=": METHODS,
        "-s": "hosts",
        "-g": "hosts",
        "hosts": "hosts",
    },
    "man": """\
        traceroute shows the way packets take to a host: the routers they pass
        through, one line per hop, and how long each answered.  It sends probes with
        a time to live (TTL; IPv6: hop limit) of 1, 2, 3 and so on.  A router that
        would forward a probe whose TTL has run out discards it and sends back an
        ICMP "time exceeded" message from its own address: that address, and the
        time the answer took, make the line of that hop.  The trace ends when the
        host itself answers (a port unreachable for the UDP probes, an echo reply
        for -I, a SYN-ACK or reset for -T), or at the last hop (-m, 30 by default).

        The first line names the host, its address, the number of hops and the size
        of the probes: `traceroute to 198.51.100.2 (198.51.100.2), 30 hops max, 60
        byte packets`.  Each hop's line has its number, then for each probe (three
        by default) the name and address of the answer when it differs from the
        previous probe's, and the time in milliseconds; `*` is a probe that got no
        answer in time.  An answer that is not the expected kind is marked after its
        time: `!H`, `!N`, `!P` (host, network, protocol unreachable), `!S` (source
        route failed), `!F-N` (fragmentation needed; N the next hop's MTU), `!X`
        (administratively prohibited), `!V` (host precedence violation), `!C`
        (precedence cutoff), `!<N>` (any other unreachable code N), `!<T-C>` (an
        ICMP message of another type T, code C).  Any answer but a time exceeded
        ends the trace after its hop.

        The optional packetlen is the size of the whole probe, IP header included
        (60 bytes for IPv4 by default, 80 for IPv6).

        EXAMPLES
        One probe per hop, addresses only, waiting at most half a second:

            traceroute -n -q 1 -w 0.5 198.51.100.2

        The same with TCP SYN probes to port 443 (what a firewall lets through), and
        the path MTU:

            traceroute -T -p 443 198.51.100.2
            traceroute --mtu 198.51.100.2

        METHODS
        - default: UDP datagrams to an unlikely port, 33434 for the first probe and
        one more for each following probe, so that each answer tells which probe it
        is about (a connected SOCK_DGRAM socket per probe).
        - -U (udp): UDP to one fixed port (53); -UL (udplite): the same with UDP-lite.
        - -I (icmp): ICMP echo requests, the sequence number telling the probes
        apart; a raw ICMP socket when allowed, else an ICMP datagram socket (-O raw,
        -O dgram choose).
        - -T (tcp): TCP SYN segments built by traceroute itself and sent on a raw
        socket, from one source port per probe; the host answers with SYN-ACK or
        RST, which traceroute reads on a raw TCP socket (it never completes the
        connection).  tcpconn: a real connect() per probe instead, no raw socket.
        - -D (dccp): DCCP requests on a raw socket.
        - -P PROTO (raw): bare IP packets of that protocol, one at a time.

        HOW IT READS THE KERNEL
        Each probe is a socket call with the TTL set first: setsockopt IP_TTL (IPv6:
        IPV6_UNICAST_HOPS), then send.  Up to -N probes are in flight at once; poll
        waits for answers, and each probe has its own deadline (-w).

        The answers are not read as packets.  The probing sockets have IP_RECVERR
        (IPV6_RECVERR) set, and the kernel then matches every ICMP error that comes
        back -- time exceeded, each kind of unreachable, frag needed -- to the
        socket whose packet it quotes, and queues it on that socket's error queue.
        traceroute reads the queue with recvmsg(MSG_ERRQUEUE).  The data returned is
        the start of the probe as sent (its UDP ports, ICMP sequence or TCP
        ports), which tells which probe it was; the control data is a struct
        sock_extended_err: where the error came from (ee_origin: ICMP, ICMPv6 or
        the local host), its ICMP type and code (which become the !H ... marks), an
        MTU in ee_info for frag needed (`--mtu` uses it to shrink the probes), and
        right after it the offender address -- the address of the router that sent
        the error (SO_EE_OFFENDER).  The offender is the hop's address on the line.
        The same recvmsg gives, with SO_TIMESTAMP, the time the kernel received the
        error (the probe's time is that minus its send time), and with IP_RECVTTL
        (IPV6_RECVHOPLIMIT) the TTL of the error when it arrived, which `--back`
        turns into a guess of the way back.  A local error on the queue (the probe
        was over the known path MTU, EMSGSIZE) is shown as `!F-N`, N the MTU.

        Answers from the host itself come through normal reads: a port unreachable
        is an error on the UDP socket too; an echo reply (-I) and a SYN-ACK or RST
        (-T) are read from the raw socket with recvmsg, their IP header skipped.
        Names are looked up with getnameinfo (not with -n).

        In pynettools every one of these calls -- socket, setsockopt, bind, connect,
        sendto, poll, recvmsg with its control data and MSG_ERRQUEUE, the clock --
        goes through the socket seam (`pynettools/kernel/netio.py`), and name
        lookups through the kernel seam (`pynettools/kernel/seam.py`): with
        `PYNETTOOLS_TRACE=1` each is shown on standard error as it happens, and a
        recorded run replays without a network and without root.  The code is in
        `pynettools/tools/traceroute/`: `args.py` reads the command line
        (traceroute's own option parser, CLIF, with its messages), `engine.py`
        sends the probes and reads the answers and the error queue, `methods.py`
        builds each method's probes, `probes.py` turns an answer into a time and a
        mark, `printer.py` prints the hops, `extensions.py` reads ICMP extensions
        (-e) and `aspath.py` asks for AS paths (-A); the extended error record is
        read by `pynettools/kernel/icmp.py`; this page comes from `spec.py`.

        EXIT STATUS
        0 when the trace ran, whether or not the host was reached (and after
        --help, -V and -O help); 1 when a probe cannot be sent or a socket call
        fails during the trace; 2 on a bad command line or a host that cannot be
        resolved.

        ENVIRONMENT
        - `POSIXLY_CORRECT`: options end at the first word that is not one
        - `PYNETTOOLS_TRACE=1`: print, on standard error, each socket call and each
        read of the kernel seam, with its answer
        - `PYNETTOOLS_RECORD=DIR`: also write every call and its answer to DIR
        - `PYNETTOOLS_REPLAY=DIR`: answer every call from a recording in DIR: no
        socket is opened
        - `PYNETTOOLS_DEBUG=1`: show the Python traceback of an internal error
    """,
    "compatible": "traceroute 2.1.2 (traceroute 1:2.1.2-1, also called as traceroute6)",
    "see_also": ["ping(8)", "ip(8)", "ss(8)", "icmp(7)", "ip(7)"],
}
