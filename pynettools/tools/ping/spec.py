"""ping's SPEC for pynettools.docgen (man page and completions); not loaded at run time.

The options are those of ping.c's getopt string in iputils 20221126
(args.OPTSTRING); tests/ping/test_ping_docs.py checks that every letter
there has its line here, and that the keyword lists offered for -M, -T and
-N are the words args.py accepts.
"""

# The words args.py takes after -M, -T and -N (iputils 20221126 has no "-M probe").
PMTUDISC = ["do", "want", "dont"]
TIMESTAMPS = ["tsonly", "tsandaddr", "tsprespec"]
NODEINFO = ["help", "name", "ipv6", "ipv6-all", "ipv6-compatible", "ipv6-global", "ipv6-linklocal",
            "ipv6-sitelocal", "ipv4", "ipv4-all", "subject-ipv6=", "subject-ipv4=", "subject-name=",
            "subject-fqdn="]

OPTIONS = [
    ("-4", None, None, "IPv4 only: the destination's IPv4 address is used (ping4 is ping -4)"),
    ("-6", None, None, "IPv6 only (ping6 is ping -6); -4 and -6 together are an error"),
    ("-a", None, None, "audible: a bell (BEL, \\a) at the end of each reply line"),
    ("-A", None, None, "adaptive: send the next request as soon as a reply comes, at most one "
                       "round trip apart (the smoothed round-trip time, at least 2 ms for users "
                       "other than root); the summary then shows ipg/ewma"),
    ("-b", None, None, "allow a broadcast destination (SO_BROADCAST); without it ping refuses one "
                       "and says to use -b"),
    ("-B", None, None, "sticky source: bind the socket to the source address chosen at start, so "
                       "it does not change while ping runs"),
    ("-c", None, "count", "stop after count replies (with -w, wait up to the deadline for them); "
                          "without -w, after count requests and the wait for their replies"),
    ("-C", None, None, "connect() the socket to the destination (in the usage summary, not in "
                       "iputils' ping(8))"),
    ("-d", None, None, "set SO_DEBUG on the socket"),
    ("-D", None, None, "print the time of day, [seconds.microseconds] since the epoch, before "
                       "each line"),
    ("-e", None, "identifier", "the ICMP identifier of the requests (0 to 65535): a datagram socket "
                               "is bound to it (the kernel's choice otherwise), and 0 takes a raw "
                               "socket"),
    ("-f", None, None, "flood: a dot for each request sent, a backspace for each reply; the next "
                       "request goes when a reply comes, and at least 100 a second (-i 0 "
                       "unless -i says otherwise; root only); implies -n"),
    ("-F", None, "flowlabel", "IPv6: the flow label of the requests (at most 20 bits)"),
    ("-h", None, None, "print the usage summary on standard error and exit 2 (as does -?)"),
    ("-i", None, "interval", "seconds between requests (a decimal number; default 1); below 0.002 "
                             "only for root; 0 sends as fast as replies come"),
    ("-I", None, "interface", "the interface to send from (SO_BINDTODEVICE), or the source "
                              "address (IPv4 dotted quad, IPv6 with an optional %IFNAME)"),
    ("-l", None, "preload", "send preload requests at once, before waiting for replies (more than "
                            "3 only for root)"),
    ("-L", None, None, "multicast: do not loop the requests back to this host"),
    ("-m", None, "mark", "the firewall mark of the requests (SO_MARK)"),
    ("-M", None, "pmtudisc_option", "path MTU discovery: do (set DF, never fragment locally), want "
                                    "(set DF, fragment when the packet is too big for the link), "
                                    "dont (never set DF)"),
    ("-n", None, None, "numeric: no reverse lookup of the addresses replies come from"),
    ("-N", None, "nodeinfo_option", "IPv6: send node information queries (RFC 4620) instead of "
                                    "echo requests; -N help lists the queries and subjects"),
    ("-O", None, None, "report each request that got no reply before the next one is sent "
                       "(\"no answer yet for icmp_seq=N\")"),
    ("-p", None, "pattern", "fill the data with this pattern: up to 16 bytes in hex digits, "
                            "repeated; ping prints it as PATTERN: 0x..."),
    ("-q", None, None, "quiet: nothing but the first line and the statistics at the end"),
    ("-Q", None, "tos", "IPv4 type of service / IPv6 traffic class of the requests: a decimal or "
                        "0x hex number up to 255"),
    ("-r", None, None, "do not route: send only to a host on a directly attached network "
                       "(SO_DONTROUTE)"),
    ("-R", None, None, "IPv4: record route: ask each router for its address (the IP option, "
                       "nine slots) and print the route of each reply"),
    ("-s", None, "packetsize", "bytes of data after the ICMP header (default 56: 64 bytes of ICMP); "
                               "at least 16 for the send time to be carried and the reply timed"),
    ("-S", None, "sndbuf", "the socket's send buffer (SO_SNDBUF); by default what the preloaded "
                           "requests need"),
    ("-t", None, "ttl", "the time to live (IPv6: hop limit) of the requests, 0 to 255; also the "
                        "multicast TTL"),
    ("-T", None, "timestamp_option", "IPv4: ask routers to stamp the requests (the IP timestamp "
                                     "option): tsonly (times only), tsandaddr (addresses and times), "
                                     "tsprespec host... (times from the hosts named)"),
    ("-U", None, None, "time the round trip from user space to user space (the clock read when the "
                       "reply is read) instead of the kernel's receive time stamp"),
    ("-v", None, None, "verbose: more lines (the sockets opened, the identifier of each reply, "
                       "ICMP messages that are not for ping)"),
    ("-V", None, None, "print the version and the build's features on standard output, exit 0"),
    ("-w", None, "deadline", "stop after deadline seconds, however many requests went out (with -c: "
                             "or once count replies came)"),
    ("-W", None, "timeout", "seconds to wait for a reply when no reply has come yet (default 10): "
                            "how long ping lingers after the last request"),
]

SPEC = {
    "name": "ping",
    "section": "8",
    "summary": "send ICMP echo requests to a host and report its replies, loss and round-trip times",
    "synopsis": [
        "ping [-aAbBCdDfhLnOqrRUvV46] [-c count] [-e identifier] [-F flowlabel] [-i interval] "
        "[-I interface] [-l preload] [-m mark] [-M pmtudisc_option] [-N nodeinfo_option] "
        "[-w deadline] [-W timeout] [-p pattern] [-Q tos] [-s packetsize] [-S sndbuf] [-t ttl] "
        "[-T timestamp_option] [hop...] destination",
        "ping4 [options] destination",
        "ping6 [options] destination",
    ],
    "options": OPTIONS,
    "completions": {
        "-I": "interfaces",
        "-M": PMTUDISC,
        "-T": TIMESTAMPS,
        "-N": NODEINFO,
        "hosts": "hosts",
    },
    "man": """\
        ping sends ICMP echo requests (ICMPv6 with -6, or when the destination is an
        IPv6 address) to a host, once a second by default, and prints a line for each
        echo reply that comes back: its size, who sent it, its sequence number, its
        time to live and how long the round trip took.  When it stops -- after -c
        requests, at the -w deadline, or on Ctrl-C -- it prints how many requests went
        out, how many replies came back, the loss, and the minimum, average, maximum
        and mean deviation of the round-trip times.

        The destination is a host name or an address.  Called as ping4 or ping6, ping
        uses that family only.  Words before the destination are IPv4 hops for a
        source route (at most 9; with -T tsprespec, the hosts that should stamp).

        Replies are checked: a copy of a reply already seen is marked (DUP!), one with
        a wrong checksum (BAD CHECKSUM!), one from another address than the one asked
        (DIFFERENT ADDRESS!), one shorter than the request "(truncated)", and data that
        differs from what was sent is reported byte by byte.  ICMP errors about the
        requests -- "Destination Host Unreachable", "Time to live exceeded", "Frag
        needed and DF set (mtu = N)" and the others -- are printed as "From ADDRESS
        icmp_seq=N ..." lines and counted as errors.  A SIGQUIT (Ctrl-\\) prints a
        one-line summary on standard error and ping goes on.

        EXAMPLES
        Five requests, the summary only (the line scripts read):

            ping -c 5 -q 198.51.100.2 | tail -1

        Two hundred requests as fast as the replies come, over loopback (root):

            ping -c 200 -i 0 -q 127.0.0.1

        A path MTU check: 1472 bytes of data make a 1500-byte packet, which must not
        be fragmented:

            ping -c 1 -M do -s 1472 198.51.100.2

        ROUND-TRIP TIMES AND STATISTICS
        Each request carries the time it was sent (a struct timeval, 16 bytes, the
        first bytes of its data); the reply carries it back, and the round trip is
        the time the reply was received minus that time, in microseconds.  A time is
        printed with three significant decimals: "time=0.042 ms", "time=1.23 ms",
        "time=12.3 ms", "time=123 ms" (rounded to the nearest; below 1 ms the
        microseconds are exact).  A negative time (the clock went back, or a forged
        time stamp) is reported on standard error ("Warning: time of day goes back")
        and counted as 0.

        The summary works on whole microseconds: min and max are the extremes; avg is
        the sum divided by the number of replies, duplicates included, truncated;
        mdev is the integer square root of the mean of the squares minus the square
        of the mean; each is printed as milliseconds with three decimals.  The loss
        is (sent - received) / sent, as a C float printed with %g ("33.3333%").
        With -f, -i 0 or -A the line goes on with ipg/ewma: the mean gap between
        requests and a moving average of the round-trip time (each new time weighs
        1/8).

        HOW IT READS THE KERNEL
        ping first asks for an ICMP datagram socket (socket(AF_INET, SOCK_DGRAM,
        IPPROTO_ICMP), or AF_INET6 and IPPROTO_ICMPV6).  The kernel grants one when
        the user's group is within net.ipv4.ping_group_range (Debian 12 with systemd
        allows every group); it then fills in the ICMP identifier and the checksum,
        and hands ping only the replies to its own requests and the errors about
        them.  When the kernel refuses (EACCES, or no support), ping opens a raw
        ICMP socket instead, which needs root or CAP_NET_RAW; there it writes the
        whole ICMP message, chooses the identifier, sets an ICMP filter
        (ICMP_FILTER) so that only the kinds of messages it reads reach it, and
        reads every reply with its IP header (from which the ttl comes; a datagram
        socket gives the ttl as IP_TTL ancillary data, asked for with IP_RECVTTL).
        When neither socket can be had, ping says why and exits 2.

        Before the first request ping connects a UDP socket to the destination to
        learn which source address the kernel would use (the address in the first
        line), and sets the socket options of its command line: SO_BINDTODEVICE (-I),
        SO_MARK (-m), IP_TTL or IPV6_UNICAST_HOPS (-t), IP_TOS or IPV6_TCLASS (-Q),
        IP_MTU_DISCOVER (-M), SO_BROADCAST (-b), SO_SNDBUF (-S), the IP options of
        -R and -T.  It asks for SO_TIMESTAMP, so that each reply comes with the time
        the kernel received it (control data of recvmsg); the round trip is measured
        from that time, not from when ping got around to reading it (-U uses the
        time of reading).  It also sets IP_RECVERR (IPV6_RECVERR): an ICMP error
        about one of its requests -- an unreachable, a time exceeded, a frag needed
        -- is then queued on the socket's error queue rather than lost, and a
        local failure (a packet over the path MTU with -M do) is reported there
        too.  ping reads that queue with recvmsg(MSG_ERRQUEUE): the control data is
        a struct sock_extended_err (origin, ICMP type and code, the MTU in ee_info)
        followed by the address of the router that sent the error, and the data is
        the ICMP header of the request it is about, so ping knows its sequence
        number.  Local errors become "ping: local error: ..." on standard error.

        Requests go out with sendto (one per interval, timed by poll and the clock);
        replies are read with recvmsg.  SIGINT and SIGALRM (-w) end the run,
        SIGQUIT asks for the status line.

        In pynettools every one of these calls -- socket, setsockopt, connect,
        getsockname, sendto, recvmsg with its control data and MSG_ERRQUEUE, poll,
        the clock, getpid, the signals -- goes through the socket seam
        (`pynettools/kernel/netio.py`), and name lookups through the kernel seam
        (`pynettools/kernel/seam.py`): with `PYNETTOOLS_TRACE=1` each is shown on
        standard error as it happens, and a recorded run replays without a network
        and without root.  The code is in `pynettools/tools/ping/`: `args.py` reads
        the command line, `engine.py` opens the sockets and runs the send and
        receive loop (the error queue included), `lines.py` prints the reply and
        error lines and the statistics with iputils' integer arithmetic; ICMP
        headers and the extended error record are built and read by
        `pynettools/kernel/icmp.py`; this page comes from `spec.py`.

        EXIT STATUS
        0 when at least one reply came (with -w and -c: when count replies came
        before the deadline); 1 when no reply came, or fewer than -c before the -w
        deadline; 2 on any other error (a bad option, an unknown host, no socket),
        and after -h.  -V exits 0.

        ENVIRONMENT
        - `POSIXLY_CORRECT`: options end at the first word that is not one
        - `LC_ALL`, `LANG`: set to a locale other than C, they change one error's
        text (the errno left by setlocale), as they do for the real ping
        - `PYNETTOOLS_TRACE=1`: print, on standard error, each socket call and each
        read of the kernel seam, with its answer
        - `PYNETTOOLS_RECORD=DIR`: also write every call and its answer to DIR
        - `PYNETTOOLS_REPLAY=DIR`: answer every call from a recording in DIR: no
        socket is opened
        - `PYNETTOOLS_DEBUG=1`: show the Python traceback of an internal error
    """,
    "compatible": "ping from iputils-ping 20221126 (also called as ping4 and ping6)",
    "see_also": ["traceroute(8)", "ip(8)", "ss(8)", "icmp(7)", "ip(7)"],
}
