"""pynettools as a library: read-only functions over the kernel layer.

    import pynettools
    for s in pynettools.sockets("state listening", tables="tcp", processes=True):
        print(s.local_address, s.local_port, [p.name for p in s.processes])

Each function reads the machine the way the matching tool does -- the same
requests, through the same kernel seam (pynettools/kernel/seam.py) -- and
returns plain records (named tuples) holding the data the tool prints:

  sockets()     ss                (kernel/sockdiag.py, kernel/procs.py; ss's
                                   own option and filter code, tools/ss/)
  links()       ip link           (kernel/links.py)
  addresses()   ip address        (kernel/addresses.py)
  routes()      ip route          (kernel/routes.py)
  rules()       ip rule           (kernel/rules.py)
  neighbours()  ip neigh          (kernel/neighbours.py)
  dns_query()   dig               (tools/dig/: its engine, resolv.conf and all)
  whois()       whois             (tools/whois/: its server choice and referrals;
                                   python-whois parses the reply)

Because the requests are the tool's, PYNETTOOLS_REPLAY=DIR answers them from
a recording (a golden case, or anything PYNETTOOLS_RECORD wrote), and
PYNETTOOLS_TRACE=1 shows them; PYNETTOOLS_RECORD=DIR records them.

netns=NAME reads the namespace `ip netns add NAME` made.  Entering one
changes the calling thread's namespaces (ss -N's setns and private mount
namespace), so the work is done in a forked child and only the records come
back: the caller's process is left as it was.

Errors: ValueError for a bad argument (with ss's own words for a bad filter),
OSError for what the kernel refused, pynettools.kernel.seam.ReplayMiss for a
read that a replayed recording does not hold.

docs/api.md holds the examples and the stability promise.
"""
import os
import struct
from typing import List, NamedTuple, Optional, Sequence, Tuple, Union

__all__ = ["Process", "Socket", "Link", "Address", "Route", "NextHop", "Rule", "Neighbour",
           "DnsRecord", "DnsAnswer", "sockets", "links", "addresses", "routes", "rules",
           "neighbours", "dns_query", "WhoisReply", "whois"]


# ---- records ----------------------------------------------------------------------------

class Process(NamedTuple):
    """One owner of a socket, as `ss -p` prints it: users:(("name",pid=N,fd=N))."""
    name: str
    pid: int
    fd: int


class Socket(NamedTuple):
    """One socket, one row of `ss -n`.

    netid        ss's Netid column: tcp, udp, raw, dccp, sctp, mptcp, u_str,
                 u_dgr, u_seq, p_raw, p_dgr, nl
    family       "inet", "inet6", "unix", "link" (packet) or "netlink"
    state        ss's State column: ESTAB, LISTEN, UNCONN, TIME-WAIT, ...
    recv_q, send_q   the queues
    local_address, peer_address
                 inet: the address as text ("0.0.0.0", "::1");
                 unix: the socket's path ("@name" when abstract) or None;
                       the peer's path only where ss shows it (read from
                       /proc/net/unix), else None;
                 netlink: the protocol's name ("rtnl", iproute2's built-in
                       names), and for a connected peer its group number;
                 packet: None
    local_port, peer_port
                 inet: the ports (raw sockets: the protocol number);
                 unix: the socket's inode and its peer's (0: none);
                 netlink: the port ids (peer -1: none);
                 packet: the protocol (ethertype), peer 0
    interface    the device the socket is bound to, or None
    v6only       IPv6 sockets: IPV6_V6ONLY (ss prints "*" for an IPv6
                 wildcard that is not); None for others
    inode, uid   uid: None where the kernel does not say (unix, netlink)
    protocol     inet: the IPPROTO_* number (6 tcp, 17 udp, ...); unix: the
                 socket type (1 stream, 2 dgram, 5 seqpacket); packet: the
                 ethertype; netlink: the netlink protocol (0 rtnl, ...)
    processes    with processes=True: the owners in ss's order; else None
    """
    netid: str
    family: str
    state: str
    recv_q: int
    send_q: int
    local_address: Optional[str]
    local_port: int
    peer_address: Optional[str]
    peer_port: int
    interface: Optional[str]
    v6only: Optional[bool]
    inode: int
    uid: Optional[int]
    protocol: int
    processes: Optional[Tuple[Process, ...]]


class Link(NamedTuple):
    """One network device, as `ip -j link` shows it (the same key names)."""
    ifindex: int
    ifname: str
    flags: Tuple[str, ...]
    mtu: Optional[int]
    qdisc: Optional[str]
    operstate: str
    link_type: str
    address: Optional[str]
    broadcast: Optional[str]
    master: Optional[str]
    link: Optional[str]
    kind: Optional[str]
    txqlen: Optional[int]


class Address(NamedTuple):
    """One interface address, as an entry of `ip -j addr`'s addr_info (ifname
    added); flags are the words ip prints ("secondary", "dynamic", "nodad" ...)."""
    ifindex: int
    ifname: str
    family: str
    local: str
    prefixlen: int
    address: Optional[str]
    broadcast: Optional[str]
    scope: str
    label: Optional[str]
    flags: Tuple[str, ...]
    valid_life_time: Optional[int]
    preferred_life_time: Optional[int]


class NextHop(NamedTuple):
    """One path of a multipath route."""
    gateway: Optional[str]
    dev: Optional[str]
    weight: int
    flags: Tuple[str, ...]


class Route(NamedTuple):
    """One route, as `ip -j route` shows it: dst is "default" or "PREFIX[/LEN]"."""
    family: str
    type: str
    dst: str
    table: int
    protocol: int
    scope: int
    gateway: Optional[str]
    dev: Optional[str]
    prefsrc: Optional[str]
    metric: Optional[int]
    flags: Tuple[str, ...]
    nexthops: Tuple[NextHop, ...]


class Rule(NamedTuple):
    """One policy routing rule, as `ip -j rule` shows it."""
    family: str
    priority: int
    src: str
    srclen: Optional[int]
    dst: Optional[str]
    dstlen: Optional[int]
    table: Optional[int]
    action: str
    iif: Optional[str]
    oif: Optional[str]
    fwmark: Optional[int]
    fwmask: Optional[int]
    goto: Optional[int]
    not_: bool


class Neighbour(NamedTuple):
    """One neighbour table entry, as `ip -j neigh` shows it; state () is NONE
    (and proxy entries', from `ip neigh show proxy`)."""
    family: str
    dst: str
    dev: str
    lladdr: Optional[str]
    state: Tuple[str, ...]
    router: bool
    proxy: bool


class DnsRecord(NamedTuple):
    """One resource record: rdata as dig prints it."""
    name: str
    ttl: int
    rdclass: str
    rdtype: str
    rdata: str


class DnsAnswer(NamedTuple):
    """One DNS reply, the data `dig` prints for it."""
    question: str
    rdtype: str
    server: str
    rcode: str
    flags: Tuple[str, ...]
    answer: Tuple[DnsRecord, ...]
    authority: Tuple[DnsRecord, ...]
    additional: Tuple[DnsRecord, ...]
    size: int
    protocol: str


class WhoisReply(NamedTuple):
    """One whois lookup: what `whois QUERY` prints, and its parsed fields.

    query      the query as given
    servers    the servers asked, in order ("host" or "host:port" as whois
               connected to them; a thin registry first, then its referral)
    text       the output, as the whois command prints it (UTF-8 locale)
    status     whois's exit status: 0, or 1 when a thin registry or IANA
               named no next server
    fields     python-whois's parse of text (whois.parser.WhoisEntry.load):
               its keys ("registrar", "name_servers", "creation_date", ...)
               with the values it found, as it gives them (str, list,
               datetime); {} when it finds nothing it knows
    """
    query: str
    servers: Tuple[str, ...]
    text: str
    status: int
    fields: dict


# ---- the kernel seam and namespaces -------------------------------------------------------

def _kernel():
    """A kernel seam set up from the environment, as the tools' (replay,
    record, trace to stderr)."""
    import sys

    from pynettools.kernel.seam import Kernel

    return Kernel.from_environ(os.environ, trace_to=sys.stderr)


def _run(netns, work):
    """work(kernel), in namespace `netns` when one is named; the seam is
    closed after (PYNETTOOLS_RECORD: each call writes its recording then)."""
    kernel = _kernel()
    if netns is not None and kernel.mode != "replay":
        return _forked(kernel, netns, work)  # the child closes the seam
    try:
        if netns is not None:
            # replayed, the switch is a recorded outcome and nothing is
            # switched: the recording holds the namespace's data
            _enter(kernel, netns)
        return work(kernel)
    finally:
        kernel.close()


def _enter(kernel, netns):
    from pynettools.kernel.netns import switch

    message = switch(kernel, netns)
    if message:
        raise OSError(message.strip())


def _forked(kernel, netns, work):
    """Run work(kernel) in a child that enters the namespace; its result (or
    its exception) comes back pickled through a pipe."""
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        try:
            _enter(kernel, netns)
            outcome = (True, work(kernel))
            kernel.close()
        except BaseException as err:  # noqa: B902 -- everything goes back to the parent
            outcome = (False, err)
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(outcome, pipe)
        finally:
            import sys

            sys.stderr.flush()  # the trace (os._exit flushes nothing)
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        ok, value = pickle.loads(data)
    except Exception:
        raise OSError("reading namespace %s failed (the child process gave no answer)" % netns)
    if not ok:
        raise value
    return value


# ---- sockets (ss) ---------------------------------------------------------------------------

_SS_FAMILIES = {1: "unix", 2: "inet", 10: "inet6", 16: "netlink", 17: "link"}


def sockets(filter: Optional[str] = None, *, tables: Union[str, Sequence[str], None] = None,
            family: Union[str, Sequence[str], None] = None, state: Union[str, Sequence[str], None] = None,
            listening: bool = False, all: bool = False, sport: Union[int, str, None] = None,
            dport: Union[int, str, None] = None, src: Optional[str] = None,
            dst: Optional[str] = None, processes: bool = False,
            netns: Optional[str] = None) -> List[Socket]:
    """The sockets `ss -n` lists, as Socket records, in ss's order.

    filter: what follows ss's options on its command line, as one string
        as the shell would pass it on ("state established ( dport = :22 or
        sport = :22 )": words split at blanks, a backslash escapes one),
        read by ss's own parser (tools/ss/filter.py).
    Keyword arguments are ss's options and filter words:
        tables      "tcp", "udp", "raw", "unix", "packet", "netlink", "inet",
                    "all", ... or a list of them (ss -A)
        family      "inet", "inet6", "unix", "link", "netlink" (ss -f), or a list
        state       a state name or group ("established", "listening",
                    "connected", "all", ...) or a list of them (ss state X)
        listening   ss -l;   all: ss -a
        sport, dport, src, dst   joined to the filter with "and"
                    (a port as 22 or "22" or ":ssh"; an address as ss reads it)
        processes   find each socket's owners (ss -p; /proc/PID/fd)
    Like ss: without tables, family, state, listening or all, the connected
    sockets of every table; vsock, tipc and xdp sockets are not listed (yet).
    """
    argv = _ss_argv(tables, family, listening, all, processes)
    words = _ss_words(filter, state, sport, dport, src, dst)
    return _run(netns, lambda kernel: _ss_sockets(kernel, argv, words))


_TABLE_LETTERS = {"tcp": "-t", "udp": "-u", "raw": "-w", "dccp": "-d", "sctp": "-S", "mptcp": "-M"}


def _ss_argv(tables, family, listening, all_states, processes):
    argv = ["ss", "-n"]
    if all_states:
        argv.append("-a")
    if listening:
        argv.append("-l")
    others = []
    for name in [tables] if isinstance(tables, str) else tables or ():
        # -t, -u ... where ss has a letter: they ask the kernel for the
        # table's own default states, -A for ss's "connected" set
        if name in _TABLE_LETTERS:
            argv.append(_TABLE_LETTERS[name])
        else:
            others.append(name)
    if others:
        argv += ["-A", ",".join(others)]
    for name in [family] if isinstance(family, str) else family or ():
        argv += ["-f", name]
    if processes:
        argv.append("-p")
    return argv


def _ss_words(filter, state, sport, dport, src, dst):
    from pynettools.tools.ss.filter import split_words

    words = []
    if state:
        for name in [state] if isinstance(state, str) else state:
            words += ["state", name]
    expression = split_words(filter) if filter else []
    if expression and expression[0] in ("state", "exclude", "excl"):
        # state words lead; keep them in front of the keyword conditions
        from pynettools.tools.ss.filter import FilterError, parse_states

        try:
            _mask, rest = parse_states(expression)
        except FilterError:
            rest = []
        words += expression[:len(expression) - len(rest)]
        expression = rest
    conditions = []
    for keyword, value, port in (("sport", sport, True), ("dport", dport, True),
                                 ("src", src, False), ("dst", dst, False)):
        if value is None:
            continue
        value = str(value)
        if port and not value.startswith(":"):
            value = ":" + value
        conditions.append([keyword, "=", value] if port else [keyword, value])
    if expression:
        conditions.insert(0, ["("] + expression + [")"] if conditions else expression)
    for i, condition in enumerate(conditions):
        if i:
            words.append("and")
        words += condition
    return words


def _ss_sockets(kernel, argv, words):
    """ss's main() up to its dumps (tools/ss/__init__.py: options, the
    owners, the state words, the tables, the expression), then the dumps."""
    import io

    from pynettools.env import Env
    from pynettools.tools import ss as ssmod

    err = io.StringIO()
    # no environment: ss's own test variables (PROC_ROOT, PROC_NET_TCP,
    # TCPDIAG_FILE ...) do not apply to the API, which reads the kernel
    ss = ssmod.SS(Env(stderr=err, environ={}, kernel=kernel))
    try:
        ss.parse_options(argv)
        if ss.show_processes:
            ss.load_users()
        state_mask, expression = ss.parse_states(words)
        state_filter = ss.state_filter if state_mask is None else state_mask
        if ss.do_default:
            state_filter = state_filter or ssmod.SS_CONN
            ss.db_parse("all")
        if state_filter:
            ss.states = state_filter
        ss.merge_defaults()
        if not (ss.dbs and ss.families and ss.states):
            return []
        ss.parse_expression(expression)
    except ssmod.Exit:
        raise ValueError(err.getvalue().strip() or "bad ss arguments")
    return _Collector(ss).run()


class _Collector:
    """ss's show_all() in ss's table order, making records instead of rows."""

    def __init__(self, ss):
        self.ss = ss
        self.records = []
        self.sctp_inode = 0  # the last SCTP endpoint's (row_head() in tools/ss/inet.py)

    def run(self):
        from pynettools.tools import ss as m

        dbs = self.ss.dbs
        if dbs & (1 << m.NETLINK_DB):
            self.netlink()
        if dbs & m.PACKET_DBM:
            self.packet()
        if dbs & m.UNIX_DBM:
            self.unix()
        for db, protocol in ((m.RAW_DB, m.IPPROTO_RAW), (m.UDP_DB, m.IPPROTO_UDP),
                             (m.TCP_DB, m.IPPROTO_TCP), (m.DCCP_DB, m.IPPROTO_DCCP),
                             (m.SCTP_DB, m.IPPROTO_SCTP), (m.MPTCP_DB, m.IPPROTO_MPTCP)):
            if dbs & (1 << db) and self.ss.families & ((1 << 2) | (1 << 10)):
                self.inet(protocol)
        return self.records

    # -- owners --

    def owners(self, inode):
        users = self.ss.users
        if users is None:
            return None
        entries = users.get(inode) if inode else None
        if not entries:
            return ()
        # ss prints the last found first (kernel/procs.py, ss_order)
        return tuple(Process(name, pid, fd) for name, pid, _tid, fd in reversed(entries))

    def accepts(self, sock):
        expr = self.ss.expr
        return expr is None or expr.user_matches(sock)

    # -- inet --

    def inet(self, protocol):
        """inet_show_netlink()'s requests (tools/ss/inet.py decides them, and
        so the recording of an `ss` run answers ours)."""
        from pynettools.kernel import sockdiag
        from pynettools.tools.ss import inet

        ss = self.ss
        ext = inet.request_ext(ss)
        bytecode = (ss.expr.bytecode() or None) if ss.expr is not None else None
        family = 10 if ss.preferred_family == 10 else 2
        if family == 2 and ss.preferred_family != 2 and not bytecode \
                and protocol == sockdiag.IPPROTO_TCP and inet._plain(ss, protocol) \
                and inet._Extras.for_run(ss, protocol) is None:
            if self.inet_one_walk(protocol, ext):
                return
        while True:
            if family == 0 and protocol not in (sockdiag.IPPROTO_TCP, sockdiag.IPPROTO_DCCP):
                self.inet_failed(protocol)
                return
            dump = inet._inet_dump(ss, family, protocol, ext, bytecode)
            before = len(self.records)
            try:
                self.inet_dump(dump, protocol)
            except sockdiag.DumpError:
                # as ss: any refusal means the old request for both families,
                # then the /proc/net files (ss also words the error on stderr)
                del self.records[before:]
                if family != 0:
                    family = 0
                    continue
                self.inet_failed(protocol)
                return
            if family == 2 and ss.preferred_family != 2:
                family = 10
                continue
            return

    def inet_one_walk(self, protocol, ext):
        """ss -tan's one kernel walk for both families (inet.py's _one_walk):
        IPv4 records first, then IPv6, as ss's two dumps list them."""
        from pynettools.kernel import sockdiag

        request = sockdiag.tcpdiag_request(protocol, self.ss.states, ext)
        dump = sockdiag.Dump(self.ss.kernel, request, "inet+inet6 tcp dump")
        before = len(self.records)
        try:
            self.inet_dump(dump, protocol)
        except sockdiag.DumpError:
            del self.records[before:]
            return False
        ours = self.records[before:]
        ours.sort(key=lambda record: record.family != "inet")  # stable: kernel order kept
        self.records[before:] = ours
        return True

    def inet_failed(self, protocol):
        """ss reads /proc/net/{tcp,udp,raw}[6] when sock_diag cannot answer
        (a missing raw_diag module is common); DCCP, SCTP, MPTCP have no
        file and show nothing."""
        names = {6: "tcp", 17: "udp", 255: "raw"}
        if protocol not in names:
            return
        from pynettools.tools.ss import procnet

        name = names[protocol]
        variable = "PROC_NET_" + name.upper()
        if procnet._show_files(self.ss, variable, variable + "6", "net/" + name,
                               self.proc_line, name) < 0:
            raise OSError("cannot read /proc/net/%s" % name)

    def proc_line(self, ss, line, family, netid):
        """One line of a /proc/net file (tools/ss/procnet.py reads it as ss
        does: the same columns for tcp, udp and raw)."""
        from pynettools.tools.ss import procnet
        from pynettools.tools.ss.output import STATE_NAMES

        parsed = procnet._parse_common(ss, line, family, netid)
        if parsed is None:
            return
        src, sport, dst, dport, data = parsed
        fields = data.split()
        state = procnet._sscanf_hex(fields[0]) if fields else 0
        wq, rq = procnet._pair(fields, 1)
        uid = procnet._sscanf_int(fields[4]) if len(fields) > 4 else 0
        inode = procnet._sscanf_int(fields[6]) if len(fields) > 6 else 0
        self.records.append(Socket(
            netid, _SS_FAMILIES[family], STATE_NAMES[state] if state < len(STATE_NAMES) else "UNKNOWN",
            rq, wq, _ntop(family, src), sport, _ntop(family, dst), dport, None,
            False if family == 10 else None, inode, uid, {"tcp": 6, "udp": 17}.get(netid, 255),
            self.owners(inode)))

    def inet_dump(self, dump, protocol):
        from pynettools.kernel import sockdiag
        from pynettools.kernel.sockdiag import (I_DPORT, I_DST, I_FAMILY, I_IF, I_INODE, I_RQUEUE,
                                                I_SPORT, I_SRC, I_STATE, I_UID, I_WQUEUE)
        from pynettools.tools.ss import inet
        from pynettools.tools.ss.output import STATE_NAMES

        ss = self.ss
        for header, buf, start, end in sockdiag.inet_messages(dump):
            family = header[I_FAMILY]
            if not (ss.families >> family) & 1:
                continue
            attrs = sockdiag.attributes(buf, start, end)
            stype = protocol
            proto_attr = attrs.get(sockdiag.INET_DIAG_PROTOCOL)
            if proto_attr:
                stype = proto_attr[0]
            netid = inet.netid_of(stype)
            if ss.expr is not None and not ss.expr.user_matches(sockdiag.inet_sock(header, attrs, netid)):
                continue
            v6only = None
            if family == 10:
                flag = attrs.get(sockdiag.INET_DIAG_SKV6ONLY)
                v6only = bool(flag and flag[0])
            ifindex = header[I_IF]
            inode = header[I_INODE]
            self.records.append(Socket(
                netid, _SS_FAMILIES.get(family, str(family)),
                self.inet_state(header[I_STATE], stype, netid, inode, STATE_NAMES),
                header[I_RQUEUE], header[I_WQUEUE],
                _ntop(family, sockdiag.inet_address(header, I_SRC)), sockdiag.swap16(header[I_SPORT]),
                _ntop(family, sockdiag.inet_address(header, I_DST)), sockdiag.swap16(header[I_DPORT]),
                ss.ifname(ifindex) if ifindex else None, v6only, inode, header[I_UID], stype,
                self.owners(inode)))

    def inet_state(self, state, stype, netid, inode, names):
        """ss's state word; an SCTP association follows its endpoint (the
        same inode) and ss names its state in SCTP's own terms ("`- ESTAB"
        in its output: the record says "ESTAB")."""
        from pynettools.tools.ss.output import SCTP_STATE_NAMES

        if stype == 132 and netid == "sctp":
            association = inode and inode == self.sctp_inode
            self.sctp_inode = inode
            if association:
                return SCTP_STATE_NAMES[state] if state < len(SCTP_STATE_NAMES) else ""
        return names[state] if state < len(names) else "UNKNOWN"

    # -- unix, packet, netlink --

    def unix(self):
        from pynettools.kernel import sockdiag
        from pynettools.kernel.sockets import Sock
        from pynettools.tools.ss import families
        from pynettools.tools.ss.output import STATE_NAMES

        ss = self.ss
        if not ss.families & (1 << 1):
            return
        show = sockdiag.UDIAG_SHOW_NAME | sockdiag.UDIAG_SHOW_PEER | sockdiag.UDIAG_SHOW_RQLEN
        dump = sockdiag.Dump(ss.kernel, sockdiag.unix_request(ss.states, show), "unix dump")
        try:
            for sock_type, state, inode, attrs in sockdiag.unix_messages(dump):
                if families._unix_skip(ss, sock_type):
                    continue
                name, peer, rq, wq = sockdiag.unix_basics(attrs)
                netid = families._unix_netid(sock_type)
                if not self.accepts(Sock(netid, 1, state, src=name, sport=inode, dport=peer,
                                         extra=attrs, protocol=sock_type)):
                    continue
                self.records.append(Socket(netid, "unix", STATE_NAMES[state], rq, wq, name, inode,
                                           None, peer, None, None, inode, None, sock_type,
                                           self.owners(inode)))
        except sockdiag.DumpError:
            self.unix_proc()  # ss's fallback (what it printed before stays, here too)

    def unix_proc(self):
        """unix_show() from /proc/net/unix (tools/ss/families.py reads each
        line as ss does): sorted by type and inode, batch by batch; the peer's
        name is found among the sockets read before it."""
        from pynettools.kernel.sockets import Sock
        from pynettools.tools import ss as m
        from pynettools.tools.ss import families
        from pynettools.tools.ss.output import STATE_NAMES

        ss = self.ss
        text = families._proc_table(ss, "PROC_NET_UNIX", "net/unix")
        lines = text.split("\n") if text is not None else []
        if not lines or not lines[0]:
            raise OSError("unix sockets: neither sock_diag nor /proc/net/unix answers")
        new_format = lines[0].startswith("Peer")
        state_map = (m.SS_CLOSE, m.SS_SYN_SENT, m.SS_ESTABLISHED, m.SS_CLOSING)
        kept = []
        for line in lines[1:]:
            entry = families._unix_proc_entry(line, state_map, new_format) if line else None
            if entry is None or families._unix_skip(ss, entry["type"]) or \
                    not ss.states & (1 << entry["state"]):
                continue
            if entry["rport"]:
                peer = next((other for other in kept if other["lport"] == entry["rport"]), None)
                entry["peer"] = "?" if peer is None else (peer["name"] or "*")
            remote = entry["peer"] if entry["peer"] not in (None, "*") else None
            if not self.accepts(Sock(families._unix_netid(entry["type"]), 1, entry["state"],
                                     src=entry["name"], sport=entry["lport"], dst=remote,
                                     dport=entry["rport"], protocol=entry["type"])):
                continue
            families._insert_sorted(kept, entry)
            if len(kept) > families._MAX_UNIX_REMEMBER:
                self.unix_entries(kept, STATE_NAMES)
                kept = []
        self.unix_entries(kept, STATE_NAMES)

    def unix_entries(self, entries, names):
        from pynettools.tools.ss.families import _unix_netid

        for e in entries:
            peer = e["peer"] if e["peer"] not in (None, "*") else None
            self.records.append(Socket(_unix_netid(e["type"]), "unix", names[e["state"]], e["rq"],
                                       e["wq"], e["name"], e["lport"], peer, e["rport"], None, None,
                                       e["ino"], None, e["type"], self.owners(e["ino"])))

    def packet(self):
        from pynettools.kernel import sockdiag
        from pynettools.kernel.sockets import Sock

        ss = self.ss
        if not ss.families & (1 << 17) or not ss.states & (1 << 7):
            return
        show = (sockdiag.PACKET_SHOW_INFO | sockdiag.PACKET_SHOW_MEMINFO | sockdiag.PACKET_SHOW_FILTER
                | sockdiag.PACKET_SHOW_RING_CFG | sockdiag.PACKET_SHOW_FANOUT)
        dump = sockdiag.Dump(ss.kernel, sockdiag.packet_request(show), "packet dump")
        try:
            for sock_type, protocol, inode, _sk, attrs in sockdiag.packet_messages(dump):
                meminfo = attrs.get(sockdiag.PACKET_DIAG_MEMINFO)
                rq = sockdiag.skmeminfo(meminfo)[0] if meminfo is not None else 0
                info = attrs.get(sockdiag.PACKET_DIAG_INFO)
                ifindex = sockdiag.PACKET_INFO.unpack_from(info)[0] if info else 0
                uid_attr = attrs.get(sockdiag.PACKET_DIAG_UID)
                netid = "p_raw" if sock_type == 3 else "p_dgr"
                if not self.accepts(Sock(netid, 17, 7, sport=protocol, ifindex=ifindex,
                                         protocol=protocol)):
                    continue
                self.records.append(Socket(
                    netid, "link", "UNCONN", rq, 0, None, protocol, None, 0,
                    ss.link_name(ifindex) if ifindex else None, None, inode,
                    sockdiag.attr_u32(uid_attr) if uid_attr is not None else None, protocol,
                    self.owners(inode)))
        except sockdiag.DumpError:
            self.packet_proc()

    def packet_proc(self):
        """packet_show() from /proc/net/packet."""
        from pynettools.kernel.sockets import Sock
        from pynettools.tools.ss import families

        ss = self.ss
        text = families._proc_table(ss, "PROC_NET_PACKET", "net/packet")
        if text is None:
            raise OSError("packet sockets: neither sock_diag nor /proc/net/packet answers")
        for line in text.split("\n")[1:]:
            fields = line.split()
            try:
                sock_type, protocol = int(fields[2]), int(fields[3], 16)
                ifindex, rq, uid, inode = int(fields[4]), int(fields[6]), int(fields[7]), int(fields[8])
            except (ValueError, IndexError):
                continue
            netid = "p_raw" if sock_type == 3 else "p_dgr"
            if not self.accepts(Sock(netid, 17, 7, sport=protocol, ifindex=ifindex, protocol=protocol)):
                continue
            self.records.append(Socket(netid, "link", "UNCONN", rq, 0, None, protocol, None, 0,
                                       ss.link_name(ifindex) if ifindex else None, None, inode, uid,
                                       protocol, self.owners(inode)))

    def netlink(self):
        from pynettools.kernel import sockdiag
        from pynettools.kernel.sockets import Sock
        from pynettools.tools.ss import families
        from pynettools.tools.ss.output import int32

        ss = self.ss
        if not ss.families & (1 << 16) or not ss.states & (1 << 7):
            return
        show = sockdiag.NDIAG_SHOW_GROUPS | sockdiag.NDIAG_SHOW_MEMINFO
        dump = sockdiag.Dump(ss.kernel, sockdiag.netlink_request(show), "netlink dump")
        names = dict(families._NL_PROTOS)  # iproute2's built-in names (not /etc/iproute2/nl_protos)
        try:
            for protocol, portid, state, dst_portid, group, inode, attrs in \
                    sockdiag.netlink_messages(dump):
                rq = wq = 0
                meminfo = attrs.get(sockdiag.NETLINK_DIAG_MEMINFO)
                if meminfo is not None:
                    values = sockdiag.skmeminfo(meminfo)
                    rq, wq = values[0], values[2]
                pid = int32(portid)
                if not self.accepts(Sock("nl", 16, 7, sport=pid, dport=-1, protocol=protocol)):
                    continue
                connected = state == sockdiag.NETLINK_CONNECTED
                self.records.append(Socket(
                    "nl", "netlink", "UNCONN", rq, wq, names.get(protocol, str(protocol)), pid,
                    str(group) if connected else None, int32(dst_portid) if connected else -1,
                    None, None, inode, None, protocol, self.owners(inode)))
        except sockdiag.DumpError:
            self.netlink_proc(names)

    def netlink_proc(self, names):
        """netlink_show() from /proc/net/netlink (no peers there: ss shows none)."""
        from pynettools.kernel.sockets import Sock
        from pynettools.tools.ss import families
        from pynettools.tools.ss.output import int32

        text = families._proc_table(self.ss, "PROC_NET_NETLINK", "net/netlink")
        if text is None:
            raise OSError("netlink sockets: neither sock_diag nor /proc/net/netlink answers")
        for line in text.split("\n")[1:]:
            fields = line.split()
            try:
                protocol, pid = int(fields[1]), int32(int(fields[2]))
                rq, wq = int(fields[4]), int(fields[5])
                inode = int(fields[9]) if len(fields) > 9 else 0
            except (ValueError, IndexError):
                continue
            if not self.accepts(Sock("nl", 16, 7, sport=pid, dport=-1, protocol=protocol)):
                continue
            self.records.append(Socket("nl", "netlink", "UNCONN", rq, wq, names.get(protocol, str(protocol)),
                                       pid, None, -1, None, None, inode, None, protocol,
                                       self.owners(inode)))


def _ntop(family, raw):
    import _socket

    return _socket.inet_ntop(family, raw)


# ---- links and addresses (ip link, ip address) --------------------------------------------

def links(*, netns: Optional[str] = None) -> List[Link]:
    """Every network device, as `ip link` lists them (one RTM_GETLINK dump)."""
    return _run(netns, _links)


def _links(kernel):
    from pynettools.kernel import links as klinks

    found = klinks.dump(kernel, family=17)
    names = {link.index: link.name for link in found}
    flags = {link.index: link.flags for link in found}
    return [_link_record(link, names, flags) for link in found]


def _link_record(link, names, all_flags):
    from pynettools.tools.ip.link import ARPHRD_NAMES, OPER_STATES, ll_addr_n2a

    def named(index):
        if not index:
            return None
        return names.get(index, "if%d" % index)

    operstate = OPER_STATES[link.operstate] if (link.operstate or 0) < len(OPER_STATES) else \
        str(link.operstate)
    # M-DOWN: the device it is stacked on (IFLA_LINK, same namespace) is down
    lower = all_flags.get(link.link) if link.link and link.link_netnsid is None else None
    mdown = lower is not None and not lower & 0x1
    return Link(link.index, link.name, _link_flags(link.flags) + (("M-DOWN",) if mdown else ()),
                link.mtu, link.qdisc, operstate,
                ARPHRD_NAMES.get(link.type, "[%d]" % link.type),
                ll_addr_n2a(link.address, link.type) if link.address is not None else None,
                ll_addr_n2a(link.broadcast, link.type) if link.broadcast is not None else None,
                named(link.master), named(link.link) if link.link_netnsid is None else None,
                link.kind, link.txqlen)


def _link_flags(flags):
    """print_link_flags()'s list: NO-CARRIER for up without carrier, then the names."""
    from pynettools.tools.ip.link import _FLAG_NAMES

    IFF_UP, IFF_RUNNING = 0x1, 0x40
    names = []
    if flags & IFF_UP and not flags & IFF_RUNNING:
        names.append("NO-CARRIER")
    flags &= ~IFF_RUNNING
    for bit, name in _FLAG_NAMES:
        if flags & bit:
            flags &= ~bit
            names.append(name)
    if flags:
        names.append("%x" % flags)
    return tuple(names)


_FAMILIES = {0: "unspec", 2: "inet", 10: "inet6", 7: "bridge", 28: "mpls", 17: "link"}
_FAMILY_NUMBERS = {None: 0, "inet": 2, "inet6": 10, 4: 2, 6: 10}
# rt_scope's built-in names (an /etc/iproute2/rt_scopes file may rename them for ip)
_SCOPES = {0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}


def _family_number(family):
    try:
        return _FAMILY_NUMBERS[family]
    except KeyError:
        raise ValueError("family must be None, 'inet' or 'inet6', not %r" % (family,))


def addresses(family: Optional[str] = None, *, netns: Optional[str] = None) -> List[Address]:
    """Every interface address, as `ip address` lists them (a link dump, then
    an address dump; family "inet" or "inet6" narrows it, as ip -4 / -6)."""
    number = _family_number(family)
    return _run(netns, lambda kernel: _addresses(kernel, number))


def _addresses(kernel, family):
    from pynettools.kernel import addresses as kaddresses
    from pynettools.kernel import links as klinks

    found = klinks.dump(kernel, family=0)
    names = {link.index: link.name for link in found}
    order = {link.index: position for position, link in enumerate(found)}
    records = []
    for addr in kaddresses.dump(kernel, family):
        if addr.family not in (2, 10):
            continue
        peer = addr.address if addr.address != addr.local else None
        records.append(Address(
            addr.index, names.get(addr.index, "if%d" % addr.index), _FAMILIES[addr.family],
            _addr_text(addr.family, addr.local), addr.prefixlen,
            _addr_text(addr.family, peer) if peer is not None else None,
            _addr_text(addr.family, addr.broadcast) if addr.broadcast is not None else None,
            _SCOPES.get(addr.scope, str(addr.scope)), addr.label,
            _addr_flags(addr.flags, addr.family),
            addr.valid, addr.preferred))
    # ip lists them per device, in the link dump's order (stable: each
    # device's addresses keep the kernel's order, IPv4 first)
    records.sort(key=lambda record: order.get(record.ifindex, len(order)))
    return records


def _addr_flags(flags, family):
    """print_ifa_flags()'s words, in its order: "dynamic" for an address
    without IFA_F_PERMANENT, "temporary" for an IPv6 secondary one."""
    from pynettools.tools.ip.address import IFA_FLAG_DATA

    words = []
    for name, mask in IFA_FLAG_DATA:
        if mask == 0x80:  # IFA_F_PERMANENT
            if not flags & mask:
                words.append("dynamic")
        elif flags & mask:
            words.append("temporary" if mask == 0x01 and family == 10 else name)
        flags &= ~mask
    return tuple(words)


def _addr_text(family, raw):
    from pynettools.tools.ip.utils import addr_text

    return addr_text(family, bytes(raw))


# ---- routes and rules (ip route, ip rule) -----------------------------------------------------

_ROUTE_TYPES = ("unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
                "unreachable", "prohibit", "throw", "nat", "xresolve")
_RTNH_FLAGS = ((0x1, "dead"), (0x2, "pervasive"), (0x4, "onlink"), (0x8, "offload"),
               (0x10, "linkdown"), (0x20, "unresolved"), (0x40, "trap"))
_TABLES = {"main": 254, "local": 255, "default": 253, "all": 0}


def routes(family: Optional[str] = None, table: Union[str, int] = "main", *,
           netns: Optional[str] = None) -> List[Route]:
    """The routes of one table ("main" by default, "local", "default", a
    number, or "all"), as `ip route show table T` lists them.  Like ip,
    family None means "inet" unless table is "all" (then both)."""
    number = _family_number(family)
    table_id = _TABLES.get(table, table) if isinstance(table, str) else table
    if not isinstance(table_id, int):
        try:
            table_id = int(table_id)
        except ValueError:
            raise ValueError("table must be main, local, default, all or a number, not %r" % table)
    if number == 0 and table_id != 0:
        number = 2  # ip: a chosen table makes an unspecified family inet
    return _run(netns, lambda kernel: _routes(kernel, number, table_id))


def _routes(kernel, family, table):
    from pynettools.kernel import routes as kroutes
    from pynettools.kernel import rtnl

    dump = kroutes.dump(kernel, family, table=table)
    raw = [(bytes(buf[offset:offset + length])) for buf, offset, length in kroutes.route_messages(dump)]
    names = rtnl.interface_names(kernel)
    records = []
    for message in raw:
        record = _route_record(message, names, table)
        if record is not None:
            records.append(record)
    return records


def _route_record(message, names, wanted_table):
    from pynettools.kernel import routes as kroutes

    family, dst_len, _src_len, _tos, table, protocol, scope, rtype, flags = \
        kroutes.RTMSG.unpack_from(message, 16)
    offsets = kroutes.attribute_offsets(message, 16 + kroutes.RTMSG_SIZE, len(message))

    def payload(attr):
        at = offsets.get(attr)
        if at is None:
            return None
        return message[at:at + kroutes.payload_length(message, at)]

    def u32(attr):
        value = payload(attr)
        return struct.unpack_from("=I", value)[0] if value is not None and len(value) >= 4 else None

    table_attr = u32(kroutes.RTA_TABLE)
    if table_attr is not None:
        table = table_attr
    if wanted_table and table != wanted_table:
        return None
    dst = payload(kroutes.RTA_DST)
    if dst is None or dst_len == 0 and not any(dst):
        dst_text = "default" if dst_len == 0 else "0/%d" % dst_len
    else:
        dst_text = _addr_text(family, dst)
        if dst_len != len(dst) * 8:
            dst_text += "/%d" % dst_len
    gateway = payload(kroutes.RTA_GATEWAY)
    oif = u32(kroutes.RTA_OIF)
    prefsrc = payload(kroutes.RTA_PREFSRC)
    return Route(_FAMILIES.get(family, str(family)),
                 _ROUTE_TYPES[rtype] if rtype < len(_ROUTE_TYPES) else str(rtype), dst_text, table,
                 protocol, scope, _addr_text(family, gateway) if gateway is not None else None,
                 names.get(oif, "if%d" % oif) if oif else None,
                 _addr_text(family, prefsrc) if prefsrc is not None else None,
                 u32(kroutes.RTA_PRIORITY), _nh_flags(flags),
                 _nexthops(family, payload(kroutes.RTA_MULTIPATH), names))


def _nh_flags(flags):
    return tuple(name for bit, name in _RTNH_FLAGS if flags & bit)


def _nexthops(family, multipath, names):
    """RTA_MULTIPATH: struct rtnexthop records, each followed by its attributes."""
    from pynettools.kernel import routes as kroutes

    if not multipath:
        return ()
    hops = []
    at = 0
    while at + kroutes.RTNEXTHOP.size <= len(multipath):
        length, flags, hops_weight, ifindex = kroutes.RTNEXTHOP.unpack_from(multipath, at)
        if length < kroutes.RTNEXTHOP.size:
            break
        inner = kroutes.attribute_offsets(multipath, at + kroutes.RTNEXTHOP.size, at + length)
        gateway = None
        if kroutes.RTA_GATEWAY in inner:
            start = inner[kroutes.RTA_GATEWAY]
            gateway = _addr_text(family, multipath[start:start + kroutes.payload_length(multipath, start)])
        hops.append(NextHop(gateway, names.get(ifindex, "if%d" % ifindex) if ifindex else None,
                            hops_weight + 1, _nh_flags(flags)))
        at += (length + 3) & ~3
    return tuple(hops)


_RULE_ACTIONS = {0: "unspec", 1: "to_tbl", 2: "goto", 3: "nop", 6: "blackhole",
                 7: "unreachable", 8: "prohibit"}


def rules(family: Optional[str] = None, *, netns: Optional[str] = None) -> List[Rule]:
    """The policy routing rules, as `ip rule` lists them (family None: inet, as ip)."""
    number = _family_number(family) or 2
    return _run(netns, lambda kernel: _rules(kernel, number))


def _rules(kernel, family):
    from pynettools.kernel import rules as krules

    records = []
    for _msg_type, header, attrs in krules.dump(kernel, family):
        rfamily, dst_len, src_len, _tos, table, action, flags = header

        def u32(attr):
            value = attrs.get(attr)
            return struct.unpack_from("=I", value)[0] if value is not None and len(value) >= 4 else None

        def text(attr):
            value = attrs.get(attr)
            return value.split(b"\0", 1)[0].decode("utf-8", "surrogateescape") if value is not None else None

        src = attrs.get(krules.FRA_SRC)
        dst = attrs.get(krules.FRA_DST)
        table_attr = u32(krules.FRA_TABLE)
        records.append(Rule(
            _FAMILIES.get(rfamily, str(rfamily)), u32(krules.FRA_PRIORITY) or 0,
            _addr_text(rfamily, src) if src is not None else "all", src_len if src is not None else None,
            _addr_text(rfamily, dst) if dst is not None else None, dst_len if dst is not None else None,
            (table_attr if table_attr is not None else table) or None,
            _RULE_ACTIONS.get(action, str(action)), text(krules.FRA_IIFNAME), text(krules.FRA_OIFNAME),
            u32(krules.FRA_FWMARK), u32(krules.FRA_FWMASK), u32(krules.FRA_GOTO),
            bool(flags & krules.FIB_RULE_INVERT)))
    return records


# ---- neighbours (ip neigh) ---------------------------------------------------------------------

_NUD_STATES = ((0x01, "INCOMPLETE"), (0x02, "REACHABLE"), (0x04, "STALE"), (0x08, "DELAY"),
               (0x10, "PROBE"), (0x20, "FAILED"), (0x40, "NOARP"), (0x80, "PERMANENT"))
_NUD_NOARP = 0x40


def neighbours(family: Optional[str] = None, *, proxy: bool = False, nud_all: bool = False,
               netns: Optional[str] = None) -> List[Neighbour]:
    """The neighbour (ARP and NDP) tables, as `ip neigh` lists them: without
    nud_all, NOARP entries are left out as ip does; proxy=True gives the proxy
    entries instead (`ip neigh show proxy`)."""
    number = _family_number(family)
    return _run(netns, lambda kernel: _neighbours(kernel, number, proxy, nud_all))


def _neighbours(kernel, family, proxy, nud_all):
    from pynettools.kernel import neighbours as kneigh
    from pynettools.kernel import rtnl

    entries = kneigh.dump(kernel, family, flags=kneigh.NTF_PROXY if proxy else 0, cacheinfo=False)
    names = rtnl.interface_names(kernel)
    records = []
    for entry in entries:
        _type, _flags, nfamily, ifindex, state, flags, dst, lladdr = entry[:8]
        if dst is None or nfamily not in (2, 10):
            continue
        # print_neigh()'s filter: ip's default state mask is every state
        # but NOARP; NONE (0) entries show only under `nud all`
        shown = 0xFFFFFFFF if nud_all else 0xFF & ~_NUD_NOARP
        if not shown & state and not flags & (kneigh.NTF_PROXY | kneigh.NTF_EXT_LEARNED) \
                and (state or not shown & 0x100):
            continue
        records.append(Neighbour(
            _FAMILIES[nfamily], _addr_text(nfamily, dst), names.get(ifindex, "if%d" % ifindex),
            lladdr.hex(":") if lladdr is not None else None,
            tuple(name for bit, name in _NUD_STATES if state & bit),
            bool(flags & kneigh.NTF_ROUTER), bool(proxy)))
    return records


# ---- a DNS query (dig) ------------------------------------------------------------------------

def dns_query(name: str, rdtype: str = "A", server: Optional[str] = None, *, rdclass: str = "IN",
              tcp: bool = False, port: Optional[int] = None, timeout: Optional[int] = None,
              tries: Optional[int] = None, recurse: bool = True, dnssec: bool = False,
              netns: Optional[str] = None) -> DnsAnswer:
    """One DNS query, made by dig's engine (tools/dig/query.py) exactly as
    `dig -r [@server] name rdtype rdclass` makes it: /etc/resolv.conf's
    servers, search list and options when no server is given, retries, TC
    -> TCP; ~/.digrc is not read.  The reply comes back as a DnsAnswer whose
    records are dig's own presentation.  OSError when no server answered,
    ValueError for arguments dig refuses (with dig's words)."""
    argv = ["dig", "-r"]
    if server is not None:
        argv.append("@" + server)
    argv += [name, rdtype, rdclass]
    if tcp:
        argv.append("+tcp")
    if port is not None:
        argv += ["-p", str(port)]
    if timeout is not None:
        argv.append("+time=%d" % timeout)
    if tries is not None:
        argv.append("+tries=%d" % tries)
    if not recurse:
        argv.append("+norecurse")
    if dnssec:
        argv.append("+dnssec")
    return _run(netns, lambda kernel: _dig(kernel, argv))


def _dig(kernel, argv):
    import io

    from pynettools.env import Env
    from pynettools.kernel.netio import calls_for
    from pynettools.tools import dig
    from pynettools.tools.dig import args as dargs_module
    from pynettools.tools.dig import query, resolvconf

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdout=out, stderr=err, environ={}, kernel=kernel)
    try:
        dargs, conf = dig._setup(argv, env, kernel, "dig")
    except dargs_module.DigExit as stop:
        dargs_module.report_error(stop, out, err)
        raise ValueError((err.getvalue() + out.getvalue()).strip())
    except resolvconf.ResolvConfError as why:
        raise OSError("dig: %s" % why)
    engine = _capturing_engine_class()(dargs, conf, kernel, calls_for(kernel, out), out, err, "dig")
    try:
        engine.run()
    except (query.Fatal, query.Exit) as why:
        raise OSError("dig: %s" % (str(why) or out.getvalue().strip()))
    if engine.reply is None:
        raise OSError(out.getvalue().strip() or "dig: no reply")
    return engine.answer_record()


def _capturing_engine_class():
    """dig's Engine with its printing replaced (made here: dig's modules
    load only when a query is made)."""
    from pynettools.tools.dig import query

    class CapturingEngine(query.Engine):
        """dig's engine, keeping the last reply it would print and its
        statistics (server, size, protocol) instead of printing them."""
        reply = None

        def print_message(self, run, msg, reply, headers=True):
            self.reply = (run, msg, reply)

        def received(self, run, info):
            self.info = info

        def answer_record(self):
            from pynettools.tools.dig import printer

            run, msg, reply = self.reply
            info = getattr(self, "info", None)
            rdata = printer._rdata_module()
            sections = [tuple(_dns_record(line) for rrset in section
                              for line in printer._rrset_lines(rdata, rrset, run.l, self.a))
                        for section in (msg.answer, msg.authority, msg.additional)]
            question = msg.question[0] if msg.question else None
            flags = tuple(word.lower() for word in _dns_flags(msg))
            return DnsAnswer(question.name.to_text() if question is not None else "",
                             _dns_type(question.rdtype) if question is not None else "",
                             "%s#%d" % (info.address, info.port) if info is not None else "",
                             printer.rcode_text(msg.rcode()), flags, sections[0], sections[1],
                             sections[2], len(reply), info.protocol if info is not None else "")

    return CapturingEngine


def _dns_record(line):
    """dig's record line: name, TTL, class, type, rdata, separated by blanks
    (tabs up to BIND's columns, a space past them; a name has none unescaped)."""
    parts = line.rstrip("\n").split(None, 4)
    while len(parts) < 5:
        parts.append("")
    return DnsRecord(parts[0], int(parts[1]) if parts[1].isdigit() else 0, parts[2], parts[3],
                     parts[4])


def _dns_flags(msg):
    """The header flags in dig's order (qr aa tc rd ra ad cd)."""
    bits = msg.flags
    order = (("QR", 0x8000), ("AA", 0x0400), ("TC", 0x0200), ("RD", 0x0100), ("RA", 0x0080),
             ("AD", 0x0020), ("CD", 0x0010))
    return [name for name, bit in order if bits & bit]


def _dns_type(number):
    import dns.rdatatype

    return dns.rdatatype.to_text(number)


# ---- a whois lookup (whois) --------------------------------------------------------------------

# The locale the lookup runs in: whois's English texts, replies recoded to
# UTF-8 (C's ASCII would turn "José" into "Jos?"), IDN names converted.
_WHOIS_ENVIRON = {"LC_ALL": "C.UTF-8"}


def whois(query: str, server: Optional[str] = None, *, port: Optional[int] = None,
          recursion: bool = True, hide_disclaimers: bool = False,
          netns: Optional[str] = None) -> WhoisReply:
    """One whois lookup, made by whois's engine (tools/whois/) exactly as
    `whois [-h server] [-p port] [--no-recursion] [-H] -- query` makes it:
    /etc/whois.conf and 5.5.17's tables choose the server, thin registries'
    and RIRs' referrals are followed.  $WHOIS_SERVER and $WHOIS_OPTIONS are
    not read.  ValueError when no server is known for the query (whois's
    words), OSError for a name that does not resolve, a refused connection
    or a timeout.  Live, the 60 s connection alarm uses SIGALRM: call it
    from the main thread (the caller's handler is put back after)."""
    argv = ["whois"]
    if server is not None:
        argv += ["-h", server]
    if port is not None:
        argv += ["-p", str(port)]
    if not recursion:
        argv.append("--no-recursion")
    if hide_disclaimers:
        argv.append("-H")
    argv += ["--", query]
    servers, text, status = _run(netns, lambda kernel: _whois(kernel, argv))
    return WhoisReply(query, servers, text, status, _whois_fields(query, text))


def _whois(kernel, argv):
    """(servers asked, stdout, exit status) of whois's engine run on argv."""
    import io

    from pynettools.env import Env
    from pynettools.kernel.netio import calls_for
    from pynettools.tools import whois as tool
    from pynettools.tools.whois import args as wargs
    from pynettools.tools.whois import engine
    from pynettools.tools.whois.messages import Catalogues

    out, err = io.StringIO(), io.StringIO()
    environ = dict(_WHOIS_ENVIRON)
    env = Env(stdout=out, stderr=err, environ=environ, kernel=kernel)
    catalogues = Catalogues(kernel, environ)
    try:
        opts = wargs.parse(argv, environ, err, catalogues.tr, catalogues.libc)
    except wargs.Exit as stop:
        raise ValueError((err.getvalue() + stop.stderr + stop.stdout).strip())
    calls = calls_for(kernel, out)
    servers = []

    class Recording(engine.Engine):
        def openconn(self, host, port):
            servers.append(host if port is None else "%s:%s" % (host, port))
            return engine.Engine.openconn(self, host, port)

    work = Recording(opts, kernel, calls, out, environ, catalogues.utf8, catalogues)
    from pynettools.runtime import Crashed

    with _alarm_restored(calls):
        try:
            status = tool.run(opts, env, work)
        except Crashed:
            # the command dies here as 5.5.17 does (SIGSEGV: --no-recursion and
            # no registrar); the API returns the reply with status 1 instead
            status = 1
    if status == 2:
        raise OSError("whois: %s" % err.getvalue().strip())
    if status == 1 and not servers:  # "No whois server is known ...", "This TLD has no whois server"
        raise ValueError(out.getvalue().strip())
    return tuple(servers), out.getvalue(), status


class _alarm_restored:
    """Live calls set SIGALRM's handler and an alarm (openconn's alarm(60)):
    afterwards the alarm is cancelled and the caller's handler put back."""

    def __init__(self, calls):
        from pynettools.kernel.netio import ReplayCalls

        self.live = not isinstance(calls, ReplayCalls)

    def __enter__(self):
        import signal

        if self.live:
            self.handler = signal.getsignal(signal.SIGALRM)

    def __exit__(self, *exc):
        import signal

        if self.live:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, self.handler)
        return False


def _whois_fields(query, text):
    """python-whois's fields for the reply (imported here: 80-100 ms that
    the other functions, and the whois command, do not pay)."""
    from whois.exceptions import PywhoisError
    from whois.parser import WhoisEntry

    try:
        entry = WhoisEntry.load(query.lower().rstrip("."), text)
    except PywhoisError:
        return {}
    return {key: value for key, value in dict(entry).items() if value is not None}
