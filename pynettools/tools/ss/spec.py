"""ss's SPEC for pynettools.docgen (man page and completions); not loaded at run time."""

_FAMILIES = ["inet", "inet6", "link", "unix", "netlink", "vsock", "tipc", "xdp", "help"]
_TABLES = ["all", "inet", "tcp", "mptcp", "udp", "raw", "unix", "unix_dgram", "unix_stream",
           "unix_seqpacket", "packet", "packet_raw", "packet_dgram", "netlink", "dccp", "sctp",
           "vsock_stream", "vsock_dgram", "tipc", "xdp"]

SPEC = {
    "name": "ss",
    "section": "8",
    "summary": "another utility to investigate sockets",
    "synopsis": [
        "ss [OPTIONS] [FILTER]",
        "ss [OPTIONS] [state STATE-FILTER] [EXPRESSION]",
    ],
    "options": [
        ("-h", "--help", None, "this message"),
        ("-V", "--version", None, "output version information"),
        ("-n", "--numeric", None, "don't resolve service names"),
        ("-r", "--resolve", None, "resolve host names"),
        ("-a", "--all", None, "display all sockets"),
        ("-l", "--listening", None, "display listening sockets"),
        ("-o", "--options", None, "show timer information"),
        ("-e", "--extended", None, "show detailed socket information"),
        ("-m", "--memory", None, "show socket memory usage"),
        ("-p", "--processes", None, "show process using socket"),
        ("-T", "--threads", None, "show thread using socket"),
        ("-i", "--info", None, "show internal TCP information"),
        (None, "--tipcinfo", None, "show internal tipc socket information"),
        ("-s", "--summary", None, "show socket usage summary"),
        (None, "--tos", None, "show tos and priority information"),
        (None, "--cgroup", None, "show cgroup information"),
        ("-b", "--bpf", None, "show bpf filter socket information"),
        ("-E", "--events", None, "continually display sockets as they are destroyed"),
        ("-Z", "--context", None, "display task SELinux security contexts"),
        ("-z", "--contexts", None, "display task and socket SELinux security contexts"),
        ("-N", "--net", "NETNS", "switch to the specified network namespace name"),
        ("-4", "--ipv4", None, "display only IP version 4 sockets"),
        ("-6", "--ipv6", None, "display only IP version 6 sockets"),
        ("-0", "--packet", None, "display PACKET sockets"),
        ("-t", "--tcp", None, "display only TCP sockets"),
        ("-M", "--mptcp", None, "display only MPTCP sockets"),
        ("-S", "--sctp", None, "display only SCTP sockets"),
        ("-u", "--udp", None, "display only UDP sockets"),
        ("-d", "--dccp", None, "display only DCCP sockets"),
        ("-w", "--raw", None, "display only RAW sockets"),
        ("-x", "--unix", None, "display only Unix domain sockets"),
        (None, "--tipc", None, "display only TIPC sockets"),
        (None, "--vsock", None, "display only vsock sockets"),
        (None, "--xdp", None, "display only XDP sockets"),
        ("-f", "--family", "FAMILY", "display sockets of type FAMILY"),
        ("-K", "--kill", None, "forcibly close sockets, display what was closed"),
        ("-H", "--no-header", None, "Suppress header line"),
        ("-O", "--oneline", None, "socket's data printed on a single line"),
        (None, "--inet-sockopt", None, "show various inet socket options"),
        ("-A", "--query", "QUERY", "socket tables to show (also --socket)"),
        ("-D", "--diag", "FILE", "Dump raw information about TCP sockets to FILE"),
        ("-F", "--filter", "FILE", "read filter information from FILE"),
    ],
    "completions": {
        "-f": _FAMILIES,
        "-A": _TABLES,
        "-D": "files",
        "-F": "files",
        "keywords": ["state", "exclude", "src", "dst", "sport", "dport", "dev", "fwmark",
                     "cgroup", "autobound", "and", "or", "not", "all", "connected",
                     "synchronized", "bucket", "big", "established", "syn-sent", "syn-recv",
                     "fin-wait-1", "fin-wait-2", "time-wait", "closed", "close-wait",
                     "last-ack", "listening", "closing"],
    },
    "man": (
        "DESCRIPTION\n"
        "ss lists sockets: TCP, UDP, RAW, unix, packet and netlink sockets (and SCTP, "
        "DCCP, MPTCP, TIPC, vsock and XDP ones where the kernel has them), one row each, "
        "with their state, queues, local and peer address, and on request the processes "
        "holding them (-p), timers (-o), details (-e), memory (-m) and TCP internals (-i). "
        "Without options it shows connected sockets of every kind but listening ones; -l "
        "shows listening and unconnected ones, -a all. -t, -u, -w, -x, -0, -A and -f choose "
        "the socket tables and families, and the FILTER chooses states (state, exclude) and "
        "sockets (an expression over src, dst, sport, dport, dev, fwmark, cgroup, with and, "
        "or, not and parentheses). -s prints a summary instead (or before the list when "
        "tables or a filter are given). -E follows sockets as the kernel destroys them, -K "
        "closes the selected sockets.\n"
        "\n"
        "Columns are as wide as their longest entry, plus the spare width of the terminal "
        "when the output is one; rows are printed in batches of about 4 MiB of text, and "
        "each batch's columns fit the rows so far.\n"
        "\n"
        "HOW IT READS THE KERNEL\n"
        "Sockets come from sock_diag netlink (NETLINK_SOCK_DIAG): one SOCK_DIAG_BY_FAMILY "
        "dump request per table and family, whose idiag_states bitmask lets the kernel "
        "skip sockets in unwanted states, and whose idiag_ext asks for tcp_info, memory "
        "and congestion-control extensions only when an option needs them. A filter "
        "expression is also compiled to inet_diag bytecode so the kernel drops the "
        "sockets it rejects. Where a diag module is missing (often raw_diag) ss reads "
        "/proc/net/raw, udp, tcp, unix, packet or netlink instead, as it also does when "
        "PROC_ROOT or PROC_NET_* are set. Process names come from every /proc/PID/fd "
        "(a socket's link reads socket:[INODE]) and /proc/PID/stat. The summary reads "
        "/proc/net/sockstat, sockstat6 and the CurrEstab counter of /proc/net/snmp.\n"
        "\n"
        "ENVIRONMENT\n"
        "PROC_ROOT, PROC_NET_TCP, PROC_NET_TCP6, PROC_NET_UDP, PROC_NET_UDP6, PROC_NET_RAW, "
        "PROC_NET_RAW6, PROC_NET_UNIX, PROC_NET_PACKET, PROC_NET_NETLINK, "
        "PROC_NET_SOCKSTAT, PROC_NET_SOCKSTAT6, PROC_NET_SNMP and PROC_IP_LOCAL_PORT_RANGE "
        "point ss at other files; TCPDIAG_FILE makes it read a TCP dump saved with -D.\n"
    ),
    "see_also": ["ip(8)", "netstat(8)", "lsof(8)"],
}
