"""ss's non-inet tables: unix, packet, netlink, vsock, tipc, xdp.

Each asks sock_diag first and, where ss does, falls back to /proc/net/unix,
/proc/net/packet or /proc/net/netlink when the kernel has no diag module for
the family (or when PROC_ROOT / PROC_NET_* say to read files).
"""
from pynettools.kernel import sockdiag
from pynettools.kernel.sockets import Sock
from pynettools.tools.ss import (SS_CLOSE, SS_CLOSING, SS_ESTABLISHED, SS_LISTEN, SS_SYN_SENT,
                                 UNIX_DG_DB, UNIX_SQ_DB, UNIX_ST_DB, VSOCK_DG_DB, VSOCK_ST_DB,
                                 output)

SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET = 1, 2, 3, 4, 5


def _unix_netid(sock_type):
    if sock_type == SOCK_STREAM:
        return "u_str"
    if sock_type == SOCK_SEQPACKET:
        return "u_seq"
    return "u_dgr"


def _unix_skip(ss, sock_type):
    """unix_type_skip(): a type whose table was not asked for."""
    dbs = ss.dbs
    if sock_type == SOCK_STREAM:
        return not dbs & (1 << UNIX_ST_DB)
    if sock_type == SOCK_DGRAM:
        return not dbs & (1 << UNIX_DG_DB)
    if sock_type == SOCK_SEQPACKET:
        return not dbs & (1 << UNIX_SQ_DB)
    return False


# ---- unix -------------------------------------------------------------------

def unix_show(ss):
    if not ss.families & (1 << sockdiag.AF_UNIX):
        return
    _netlink_else_proc(ss, "PROC_NET_UNIX", _unix_netlink, _unix_proc)


def _netlink_else_proc(ss, variable, from_netlink, from_proc):
    """ss's order for unix, packet and netlink sockets: sock_diag, unless
    $VARIABLE or $PROC_ROOT names files; the /proc file when the dump fails."""
    if not ss.use_proc(variable) and from_netlink(ss) == 0:
        return
    from_proc(ss)


def _proc_table(ss, variable, name):
    """The text of /proc/NAME (or of $VARIABLE's file), header line included;
    None when it cannot be read."""
    path = sockdiag.proc_net_path(ss.environ, variable, name)
    try:
        return ss.kernel.read_text(path, "sockets", 1)
    except OSError:
        return None


def _unix_netlink(ss):
    show = sockdiag.UDIAG_SHOW_NAME | sockdiag.UDIAG_SHOW_PEER | sockdiag.UDIAG_SHOW_RQLEN
    if ss.show_mem:
        show |= sockdiag.UDIAG_SHOW_MEMINFO
    if ss.show_details:
        show |= sockdiag.UDIAG_SHOW_VFS | sockdiag.UDIAG_SHOW_ICONS
    dump = sockdiag.Dump(ss.kernel, sockdiag.unix_request(ss.states, show), "unix dump")
    add = ss.renderer.add
    users = ss.users_text
    expr = ss.expr
    try:
        for sock_type, state, inode, attrs in sockdiag.unix_messages(dump):
            if _unix_skip(ss, sock_type):
                continue
            name, peer, rq, wq = sockdiag.unix_basics(attrs)
            if expr is not None:
                sock = Sock(_unix_netid(sock_type), sockdiag.AF_UNIX, state, src=name, sport=inode,
                            dport=peer, extra=attrs, protocol=sock_type)
                if not expr.user_matches(sock):
                    continue
            line = "%s%s \0%d\0* \0%d\0%s" % (
                ss.line_head(_unix_netid(sock_type), state, rq, wq),
                name if name is not None else "*", inode, peer, users(inode))
            if ss.show_mem or ss.show_details:
                line += _unix_extras(ss, attrs)
            add(line)
    except sockdiag.DumpError as err:
        ss.report_dump_error(err)
        return -1
    ss.dump_finished(dump)
    return 0


def _unix_extras(ss, attrs):
    text = ""
    if ss.show_mem:
        meminfo = attrs.get(sockdiag.UNIX_DIAG_MEMINFO)
        if meminfo is not None:
            text += output.skmem_text(sockdiag.skmeminfo(meminfo))
    if ss.show_details:
        shutdown = attrs.get(sockdiag.UNIX_DIAG_SHUTDOWN)
        if shutdown is not None:
            text += output.shutdown_text(shutdown[0])
        vfs = attrs.get(sockdiag.UNIX_DIAG_VFS)
        if vfs is not None:
            vfs_ino, dev = sockdiag.u32_array(vfs[:8])
            text += " ino:%u dev:%u/%u" % (vfs_ino, _major(dev), _minor(dev))
        icons = attrs.get(sockdiag.UNIX_DIAG_ICONS)
        if icons is not None:
            text += " peers:" + "".join(" %u" % peer for peer in sockdiag.u32_array(icons))
    return text


def _major(dev):
    return ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff)


def _minor(dev):
    return (dev & 0xff) | ((dev >> 12) & ~0xff)


# Sockets ss keeps in memory when reading /proc/net/unix: 1 MiB worth of its
# struct sockstat (624 bytes on 64-bit).
_MAX_UNIX_REMEMBER = (1024 * 1024) // 624


def _unix_proc(ss):
    """unix_show() from /proc/net/unix: sorted by type and inode, batch by batch."""
    text = _proc_table(ss, "PROC_NET_UNIX", "net/unix")
    if text is None:
        return -1
    lines = text.split("\n")
    if not lines or not lines[0]:
        return -1
    new_format = lines[0].startswith("Peer")
    state_map = (SS_CLOSE, SS_SYN_SENT, SS_ESTABLISHED, SS_CLOSING)
    kept = []
    for line in lines[1:]:
        if not line:
            continue
        entry = _unix_proc_entry(line, state_map, new_format)
        if entry is None or _unix_skip(ss, entry["type"]) or \
                not ss.states & (1 << entry["state"]):
            continue
        if entry["rport"]:
            peer = None
            for other in kept:
                if other["lport"] == entry["rport"]:
                    peer = other
                    break
            entry["peer"] = "?" if peer is None else (peer["name"] or "*")
        if ss.expr is not None:
            remote = entry["peer"] if entry["peer"] not in (None, "*") else None
            sock = Sock(_unix_netid(entry["type"]), sockdiag.AF_UNIX, entry["state"],
                        src=entry["name"], sport=entry["lport"], dst=remote,
                        dport=entry["rport"], protocol=entry["type"])
            if not ss.expr.user_matches(sock):
                continue
        _insert_sorted(kept, entry)
        if len(kept) > _MAX_UNIX_REMEMBER:
            _print_unix_entries(ss, kept)
            kept = []
    _print_unix_entries(ss, kept)
    return 0


def _unix_proc_entry(line, state_map, new_format):
    fields = line.split()
    try:
        rport = int(fields[0].rstrip(":"), 16)
        rq, wq, flags, sock_type, state = (int(v, 16) for v in fields[1:6])
        ino = int(fields[6])
    except (ValueError, IndexError):
        return None
    name = fields[7] if len(fields) > 7 else None
    if flags & (1 << 16):
        state = SS_LISTEN
    elif 0 < state <= len(state_map):
        state = state_map[state - 1]
        if sock_type == SOCK_DGRAM and state == SS_CLOSE and rport:
            state = SS_ESTABLISHED
    if not new_format:
        rport = rq = wq = 0
    return {"type": sock_type, "state": state, "rq": rq, "wq": wq, "ino": ino, "lport": ino,
            "rport": rport, "name": name, "peer": None}


def _insert_sorted(kept, entry):
    index = 0
    while index < len(kept):
        other = kept[index]
        if entry["type"] < other["type"] or (entry["type"] == other["type"]
                                              and entry["ino"] < other["ino"]):
            break
        index += 1
    kept.insert(index, entry)


def _print_unix_entries(ss, entries):
    for entry in entries:
        ss.renderer.add("%s%s \0%d\0%s \0%d\0%s" % (
            ss.line_head(_unix_netid(entry["type"]), entry["state"], entry["rq"], entry["wq"]),
            entry["name"] or "*", entry["lport"], entry["peer"] or "*", entry["rport"],
            ss.users_text(entry["ino"])))


# ---- packet -----------------------------------------------------------------

# ll_proto_n2a(): ethertype names from iproute2's table (first match wins).
_LL_PROTOS = (
    (0x0060, "loop"), (0x0200, "pup"), (0x0201, "pupat"), (0x0800, "ip"), (0x0805, "x25"),
    (0x0806, "arp"), (0x08FF, "bpq"), (0x0a00, "ieeepup"), (0x0a01, "ieeepupat"),
    (0x6000, "dec"), (0x6001, "dna_dl"), (0x6002, "dna_rc"), (0x6003, "dna_rt"),
    (0x6004, "lat"), (0x6005, "diag"), (0x6006, "cust"), (0x6007, "sca"), (0x8035, "rarp"),
    (0x809B, "atalk"), (0x80F3, "aarp"), (0x8137, "ipx"), (0x86DD, "ipv6"),
    (0x8863, "ppp_disc"), (0x8864, "ppp_ses"), (0x884c, "atmmpoa"), (0x8884, "atmfate"),
    (0x0001, "802_3"), (0x0002, "ax25"), (0x0003, "all"), (0x0004, "802_2"), (0x0005, "snap"),
    (0x0006, "ddcmp"), (0x0007, "wan_ppp"), (0x0008, "ppp_mp"), (0x0009, "localtalk"),
    (0x000C, "can"), (0x0010, "ppptalk"), (0x0011, "tr_802_2"), (0x0015, "mobitex"),
    (0x0016, "control"), (0x0017, "irda"), (0x0018, "econet"), (0x001A, "tipc"),
    (0x8892, "profinet"), (0x88A2, "aoe"), (0x88A4, "ethercat"), (0x8100, "802.1Q"),
    (0x88A8, "802.1ad"), (0x8847, "mpls_uc"), (0x8848, "mpls_mc"), (0x6558, "teb"),
    (0x8100, "802.1Q"), (0x88cc, "LLDP"), (0x0800, "ipv4"),
)


def ll_proto_name(protocol, numeric):
    if not numeric:
        for number, name in _LL_PROTOS:
            if number == protocol:
                return name
    return "[%d]" % protocol


def packet_show(ss):
    if not ss.families & (1 << sockdiag.AF_PACKET) or not ss.states & (1 << SS_CLOSE):
        return
    _netlink_else_proc(ss, "PROC_NET_PACKET", _packet_netlink, _packet_proc)


def _packet_netlink(ss):
    show = (sockdiag.PACKET_SHOW_INFO | sockdiag.PACKET_SHOW_MEMINFO | sockdiag.PACKET_SHOW_FILTER
            | sockdiag.PACKET_SHOW_RING_CFG | sockdiag.PACKET_SHOW_FANOUT)
    dump = sockdiag.Dump(ss.kernel, sockdiag.packet_request(show), "packet dump")
    messages = sockdiag.packet_messages(dump)
    try:
        for sock_type, protocol, inode, sk, attrs in messages:
            meminfo = attrs.get(sockdiag.PACKET_DIAG_MEMINFO)
            if meminfo is None:
                # ss wants the memory counters; without them it stops here and
                # reads /proc instead.  (We read the dump to its end first, so
                # that a recording holds all of it.)
                for _rest in messages:
                    pass
                return -1
            rq = sockdiag.skmeminfo(meminfo)[0]
            info = attrs.get(sockdiag.PACKET_DIAG_INFO)
            ifindex = sockdiag.PACKET_INFO.unpack_from(info)[0] if info else 0
            uid_attr = attrs.get(sockdiag.PACKET_DIAG_UID)
            uid = sockdiag.attr_u32(uid_attr) if uid_attr is not None else 0
            line = _packet_row(ss, sock_type, protocol, ifindex, rq, uid, inode, sk)
            if line is None:
                continue
            ss.renderer.add(line + _packet_extras(ss, attrs, info))
    except sockdiag.DumpError as err:
        ss.report_dump_error(err)
        return -1
    ss.dump_finished(dump)
    return 0


def _packet_row(ss, sock_type, protocol, ifindex, rq, uid, inode, sk):
    """packet_stats_print(): None when the filter rejects the socket."""
    netid = "p_raw" if sock_type == SOCK_RAW else "p_dgr"
    if ss.expr is not None:
        sock = Sock(netid, sockdiag.AF_PACKET, SS_CLOSE, sport=protocol, ifindex=ifindex,
                    protocol=protocol)
        if not ss.expr.user_matches(sock):
            return None
    addr = "*" if protocol == 3 else ll_proto_name(protocol, ss.numeric)
    port = "*" if ifindex == 0 else ss.link_name(ifindex)
    line = "%s%s:\0%s\0*\0\0%s" % (ss.line_head(netid, SS_CLOSE, rq, 0), addr, port,
                                   ss.users_text(inode))
    if ss.show_details:
        line += output.details_text(ss, uid, inode, sk)
    return line


def _packet_extras(ss, attrs, info):
    text = ""
    nl = " " if ss.oneline else "\n\t"
    if ss.show_details:
        if info is not None:
            _index, version, _reserve, copy_thresh, _tstamp, flags = \
                sockdiag.PACKET_INFO.unpack_from(info)
            text += "%sver:%d cpy_thresh:%d flags( " % (nl, version, copy_thresh)
            if flags & sockdiag.PDI_RUNNING:
                text += "running"
            for bit, name in ((sockdiag.PDI_AUXDATA, " auxdata"), (sockdiag.PDI_ORIGDEV, " origdev"),
                              (sockdiag.PDI_VNETHDR, " vnethdr"), (sockdiag.PDI_LOSS, " loss")):
                if flags & bit:
                    text += name
            if not flags:
                text += "0"
            text += " )"
        for attr, label in ((sockdiag.PACKET_DIAG_RX_RING, "ring_rx"),
                            (sockdiag.PACKET_DIAG_TX_RING, "ring_tx")):
            ring = attrs.get(attr)
            if ring is not None:
                values = sockdiag.PACKET_RING.unpack_from(ring)
                text += "%s%s(blk_size:%d,blk_nr:%d,frm_size:%d,frm_nr:%d,tmo:%d,features:0x%x)" % (
                    nl, label, values[0], values[1], values[2], values[3], values[4], values[6])
        fanout = attrs.get(sockdiag.PACKET_DIAG_FANOUT)
        if fanout is not None:
            value = sockdiag.attr_u32(fanout)
            kind = (value >> 16) & 0xffff
            names = ("hash", "lb", "cpu", "roll", "random", "qm")
            text += "%sfanout(id:%d,type:%s)" % (nl, value & 0xffff,
                                                names[kind] if kind < 6 else "0x%x" % kind)
    if ss.show_bpf:
        program = attrs.get(sockdiag.PACKET_DIAG_FILTER)
        if program is not None:
            import struct

            count = len(program) // 8
            text += "%sbpf filter (%d): " % (nl, count)
            for index in range(count):
                code, jt, jf, k = struct.unpack_from("=HBBI", program, index * 8)
                text += " 0x%02x %u %u %u," % (code, jt, jf, k)
    if ss.show_mem:
        meminfo = attrs.get(sockdiag.PACKET_DIAG_MEMINFO)
        if meminfo is not None:
            text += output.skmem_text(sockdiag.skmeminfo(meminfo))
    return text


def _packet_proc(ss):
    text = _proc_table(ss, "PROC_NET_PACKET", "net/packet")
    if text is None:
        return -1
    for line in text.split("\n")[1:]:
        fields = line.split()
        if len(fields) < 9:
            continue
        try:
            int(fields[0], 16)  # the sk address: ss parses it, yet its row keeps sk 0
            sock_type, protocol = int(fields[2]), int(fields[3], 16)
            ifindex, rq, uid, inode = int(fields[4]), int(fields[6]), int(fields[7]), int(fields[8])
        except ValueError:
            continue
        # (ss's own type check here looks at a field it has not filled in yet,
        # so it never skips anything)
        row = _packet_row(ss, sock_type, protocol, ifindex, rq, uid, inode, 0)
        if row is not None:
            ss.renderer.add(row)
    return 0


# ---- netlink ----------------------------------------------------------------

_NL_PROTOS = {0: "rtnl", 1: "unused", 2: "usersock", 3: "fw", 4: "tcpdiag", 5: "nflog",
              6: "xfrm", 7: "selinux", 8: "iscsi", 9: "audit", 10: "fiblookup",
              11: "connector", 12: "nft", 13: "ip6fw", 14: "dec-rt", 15: "uevent", 16: "genl",
              18: "scsi-trans", 19: "ecryptfs", 20: "rdma", 21: "crypto"}


def netlink_protocol_name(ss, protocol):
    """nl_proto_n2a(): names from the built-in table and /etc/iproute2/nl_protos."""
    if protocol < 0 or protocol >= 256 or ss.numeric:
        return "%d" % protocol
    if ss.nl_protos is None:
        ss.nl_protos = dict(_NL_PROTOS)
        _read_id_names(ss, "/etc/iproute2/nl_protos", ss.nl_protos)
    return ss.nl_protos.get(protocol, "%u" % protocol)


def _read_id_names(ss, path, table):
    """rtnl_tab_initialize() for nl_protos: ids 0..256 kept (C's bound check is
    `id > size`, one past its 256-entry table)."""
    from pynettools.tools.rtnames import read_id_file

    for number, name in read_id_file(ss, path):
        if 0 <= number <= 256:
            table[number] = name


def netlink_show(ss):
    if not ss.families & (1 << sockdiag.AF_NETLINK) or not ss.states & (1 << SS_CLOSE):
        return
    _netlink_else_proc(ss, "PROC_NET_NETLINK", _netlink_netlink, _netlink_proc)


def _netlink_netlink(ss):
    show = sockdiag.NDIAG_SHOW_GROUPS | sockdiag.NDIAG_SHOW_MEMINFO
    dump = sockdiag.Dump(ss.kernel, sockdiag.netlink_request(show), "netlink dump")
    try:
        for protocol, portid, state, dst_portid, dst_group, inode, attrs in \
                sockdiag.netlink_messages(dump):
            groups = 0
            group_attr = attrs.get(sockdiag.NETLINK_DIAG_GROUPS)
            if group_attr:
                groups = sockdiag.attr_u32(group_attr[:4] + b"\0" * (4 - len(group_attr[:4])))
            rq = wq = 0
            meminfo = attrs.get(sockdiag.NETLINK_DIAG_MEMINFO)
            if meminfo is not None:
                meminfo = sockdiag.skmeminfo(meminfo)
                rq, wq = meminfo[0], meminfo[2]
            line = _netlink_row(ss, protocol, portid, groups, state, dst_portid, dst_group, rq,
                                wq, 0, 0)
            if line is None:
                continue
            if ss.show_mem:
                line += "\t" if meminfo is None else "\t" + output.skmem_text(meminfo)
            ss.renderer.add(line)
    except sockdiag.DumpError as err:
        ss.report_dump_error(err)
        return -1
    ss.dump_finished(dump)
    return 0


def _netlink_row(ss, protocol, pid, groups, state, dst_pid, dst_group, rq, wq, sk, cb):
    """netlink_show_one(): the process behind a port id is looked up in /proc."""
    pid = output.int32(pid)
    if ss.expr is not None:
        sock = Sock("nl", sockdiag.AF_NETLINK, SS_CLOSE, sport=pid, dport=-1, protocol=protocol)
        if not ss.expr.user_matches(sock):
            return None
    name = netlink_protocol_name(ss, protocol)
    if pid == -1:
        process = "*"
    elif ss.numeric:
        process = "%d" % pid
    elif pid == 0:
        process = "kernel"
    elif pid > 0:
        process = _process_by_pid(ss, pid)
    else:
        process = "%d" % pid
    line = "%s%s:\0%s\0" % (ss.line_head("nl", SS_CLOSE, rq, wq), name, process)
    if state == sockdiag.NETLINK_CONNECTED:
        line += "%d:\0%d\0" % (dst_group, output.int32(dst_pid))
    else:
        line += "*\0\0"
    if ss.show_details:
        line += " sk=%x cb=%x groups=0x%08x" % (sk, cb, groups)
    return line


def _process_by_pid(ss, pid):
    """'name/pid' from /proc/PID/stat, or the bare pid when it has no name or is gone."""
    from pynettools.kernel import procs

    root = ss.environ.get("PROC_ROOT") or "/proc"
    name = procs.process_name(ss.kernel, "%s/%d/stat" % (root, pid))
    if not name:
        return "%d" % pid
    return "%s/%d" % (name, pid)


def _netlink_proc(ss):
    text = _proc_table(ss, "PROC_NET_NETLINK", "net/netlink")
    if text is None:
        return -1
    lines = text.split("\n")
    for line in lines[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        try:
            sk = int(fields[0], 16)
            protocol, pid = int(fields[1]), int(fields[2])
            groups = int(fields[3], 16)
            rq, wq = int(fields[4]), int(fields[5])
            cb = int(fields[6], 16)
        except ValueError:
            continue
        row = _netlink_row(ss, protocol, pid, groups, 0, 0, 0, rq, wq, sk, cb)
        if row is not None:
            ss.renderer.add(row)
    return 0


# ---- vsock, tipc, xdp -------------------------------------------------------

def vsock_show(ss):
    if not ss.families & (1 << sockdiag.AF_VSOCK):
        return
    dump = sockdiag.Dump(ss.kernel, sockdiag.vsock_request(ss.states), "vsock dump")
    try:
        for sock_type, state, src_cid, src_port, dst_cid, dst_port, inode in \
                sockdiag.vsock_messages(dump):
            if sock_type == SOCK_STREAM and not ss.dbs & (1 << VSOCK_ST_DB):
                continue
            if sock_type == SOCK_DGRAM and not ss.dbs & (1 << VSOCK_DG_DB):
                continue
            netid = _VSOCK_NETIDS.get(sock_type, "???")
            if ss.expr is not None:
                sock = Sock(netid, sockdiag.AF_VSOCK, state, src=src_cid, sport=src_port,
                            dst=dst_cid, dport=dst_port)
                if not ss.expr.user_matches(sock):
                    continue
            ss.renderer.add("%s%s:\0%s\0%s:\0%s\0%s" % (
                ss.line_head(netid, state, 0, 0), _vsock_text(src_cid), _vsock_text(src_port),
                _vsock_text(dst_cid), _vsock_text(dst_port), ss.users_text(inode)))
    except sockdiag.DumpError as err:
        ss.report_dump_error(err)
    else:
        ss.dump_finished(dump)


_VSOCK_NETIDS = {SOCK_STREAM: "v_str", SOCK_DGRAM: "v_dgr"}


def _vsock_text(value):
    return "*" if value == 0xffffffff else "%u" % value


def tipc_show(ss):
    dump = sockdiag.Dump(ss.kernel, sockdiag.tipc_request(ss.states), "tipc dump")
    try:
        for attrs in sockdiag.tipc_messages(dump):
            _tipc_row(ss, attrs)
    except sockdiag.DumpError as err:
        ss.report_dump_error(err)
    else:
        ss.dump_finished(dump)


_TIPC_NETIDS = {SOCK_STREAM: "ti_st", SOCK_DGRAM: "ti_dg", SOCK_RDM: "ti_rd",
                SOCK_SEQPACKET: "ti_sq"}


def _tipc_row(ss, info):
    """tipc_show_sock(): TIPC_NLA_SOCK (nested) describes the socket."""
    sock_attr = info.get(2)  # TIPC_NLA_SOCK
    if sock_attr is None:
        return
    u32 = sockdiag.u32_of
    attrs = sockdiag.nested_attributes(sock_attr)
    stat = sockdiag.nested_attributes(attrs.get(9, b""))  # TIPC_NLA_SOCK_STAT
    sock_type = u32(attrs, 10)
    state = u32(attrs, 11)
    inode = u32(attrs, 12)
    head = ss.line_head(_TIPC_NETIDS.get(sock_type, "???"), state, u32(stat, 1), u32(stat, 2))
    line = "%s%u:\0%u\0" % (head, u32(attrs, 1), u32(attrs, 2))
    con = attrs.get(4)
    if con is not None:
        conn = sockdiag.nested_attributes(con)
        line += "%u:\0%u\0" % (u32(conn, 1), u32(conn, 2))
    else:
        line += "-\0\0"
    if ss.show_details:
        cookie = attrs.get(13)
        line += output.details_text(ss, u32(attrs, 14), inode,
                                    sockdiag.attr_u64(cookie) if cookie else 0)
    line += ss.users_text(inode)
    ss.renderer.add(line)


def xdp_show(ss):
    if not ss.families & (1 << sockdiag.AF_XDP) or not ss.states & (1 << SS_CLOSE):
        return
    show = (sockdiag.XDP_SHOW_INFO | sockdiag.XDP_SHOW_RING_CFG | sockdiag.XDP_SHOW_UMEM
            | sockdiag.XDP_SHOW_MEMINFO | sockdiag.XDP_SHOW_STATS)
    dump = sockdiag.Dump(ss.kernel, sockdiag.xdp_request(show), "xdp dump")
    try:
        for sock_type, inode, sk, attrs in sockdiag.xdp_messages(dump):
            info = attrs.get(sockdiag.XDP_DIAG_INFO)
            ifindex = queue = 0
            if info is not None:
                ifindex, queue = sockdiag.u32_array(info[:8])
            rq = 0
            meminfo = attrs.get(sockdiag.XDP_DIAG_MEMINFO)
            if meminfo is not None:
                rq = sockdiag.skmeminfo(meminfo)[0]
            if ss.expr is not None:
                sock = Sock("xdp", sockdiag.AF_XDP, SS_CLOSE, sport=queue, ifindex=ifindex)
                if not ss.expr.user_matches(sock):
                    continue
            line = ss.line_head("xdp", SS_CLOSE, rq, 0)
            if ifindex:
                line += "%s:\0q%d\0" % (ss.link_name(ifindex), queue)
            else:
                line += "*\0\0"
            line += "*\0\0" + ss.users_text(inode)
            if ss.show_details:
                uid = attrs.get(sockdiag.XDP_DIAG_UID)
                line += output.details_text(ss, sockdiag.attr_u32(uid) if uid else 0, inode, sk)
            ss.renderer.add(line)
    except sockdiag.DumpError as err:
        ss.report_dump_error(err)
    else:
        ss.dump_finished(dump)

