"""ss -s: the socket summary, from /proc/net/sockstat, sockstat6 and snmp.

ss reads counters the kernel keeps anyway instead of walking every socket:

  /proc/net/sockstat    sockets: used N / TCP: inuse N orphan N tw N alloc N mem N /
                        UDP: inuse N ... / RAW: inuse N / FRAG: inuse N memory N
  /proc/net/sockstat6   TCP6: inuse N / UDP6: inuse N / RAW6: inuse N / FRAG6: ...
  /proc/net/snmp        the Tcp: CurrEstab counter

and prints "closed" as alloc - (inuse4 + inuse6 - tw): sockets that exist but
are in no hash table.  (Only the second number of each line is read, as
ss's sscanf("%*s%d") does.)
"""


def _read(ss, variable, name):
    """generic_proc_open(): $VARIABLE, else $PROC_ROOT/NAME, else /proc/NAME
    (sockdiag.proc_net_path's rule, here so that -s loads no socket code)."""
    environ = ss.environ
    path = environ.get(variable) or "%s/%s" % (environ.get("PROC_ROOT") or "/proc", name)
    return ss.kernel.read_text(path, "lines")


def _numbers(rest):
    """The values after each label of 'inuse 5 orphan 0 tw 1 ...' (ss's %*s%d pairs)."""
    words = rest.split()
    values = []
    for index in range(1, len(words), 2):
        try:
            values.append(int(words[index]))
        except ValueError:
            break
    return values


def _sockstat(ss):
    counts = dict.fromkeys(("socks", "tcp_mem", "tcp_total", "tcp_orphans", "tcp_tws",
                            "tcp4_hashed", "udp4", "raw4", "frag4", "frag4_mem", "tcp6_hashed",
                            "udp6", "raw6", "frag6", "frag6_mem"), 0)
    wanted = {
        "sockets:": ("socks",), "UDP:": ("udp4",), "UDP6:": ("udp6",), "RAW:": ("raw4",),
        "RAW6:": ("raw6",), "TCP6:": ("tcp6_hashed",), "FRAG:": ("frag4", "frag4_mem"),
        "FRAG6:": ("frag6", "frag6_mem"),
        "TCP:": ("tcp4_hashed", "tcp_orphans", "tcp_tws", "tcp_total", "tcp_mem"),
    }
    try:
        text = _read(ss, "PROC_NET_SOCKSTAT", "net/sockstat")
    except OSError as err:
        return counts, err
    texts = [text]
    try:
        texts.append(_read(ss, "PROC_NET_SOCKSTAT6", "net/sockstat6"))
    except OSError:
        pass
    for text in texts:
        for line in text.split("\n"):
            label, _, rest = line.partition(" ")
            names = wanted.get(label)
            if names and rest.strip():
                for name, value in zip(names, _numbers(rest)):
                    counts[name] = value
    return counts, None


def _snmp_value(ss, proto, key):
    """get_snmp_int(): the value under KEY in the two 'Proto: ...' lines of snmp."""
    try:
        text = _read(ss, "PROC_NET_SNMP", "net/snmp")
    except OSError as err:
        return 0, err
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.startswith(proto):
            continue
        names = line.split(" ")
        if key not in names[1:] or index + 1 >= len(lines):
            continue
        values = lines[index + 1]
        if not values.startswith(proto):
            break
        position = names.index(key)
        fields = values.split(" ")
        if position < len(fields):
            try:
                return int(fields[position]), None
            except ValueError:
                return 0, None
    import errno
    import os

    return 0, OSError(errno.ESRCH, os.strerror(errno.ESRCH))


def print_summary(ss):
    counts, err = _sockstat(ss)
    if err is not None:
        ss.err.write("ss: get_sockstat: %s\n" % err.strerror)
    estab, err = _snmp_value(ss, "Tcp:", "CurrEstab")
    if err is not None:
        ss.err.write("ss: get_snmpstat: %s\n" % err.strerror)
    c = counts
    out = ss.out
    out.write("Total: %d\n" % c["socks"])
    out.write("TCP:   %d (estab %d, closed %d, orphaned %d, timewait %d)\n" % (
        c["tcp_total"] + c["tcp_tws"], estab,
        c["tcp_total"] - (c["tcp4_hashed"] + c["tcp6_hashed"] - c["tcp_tws"]),
        c["tcp_orphans"], c["tcp_tws"]))
    out.write("\n")
    out.write("Transport Total     IP        IPv6\n")
    rows = (
        ("RAW", c["raw4"], c["raw6"]),
        ("UDP", c["udp4"], c["udp6"]),
        ("TCP", c["tcp4_hashed"], c["tcp6_hashed"]),
        ("INET", c["raw4"] + c["udp4"] + c["tcp4_hashed"], c["raw6"] + c["udp6"] + c["tcp6_hashed"]),
        ("FRAG", c["frag4"], c["frag6"]),
    )
    for name, ip4, ip6 in rows:
        out.write("%s\t  %-9d %-9d %-9d\n" % (name, ip4 + ip6, ip4, ip6))
    out.write("\n")
