"""The neighbour tables over rtnetlink: what `ip neigh` reads.

The kernel keeps one neighbour table per protocol (ARP for IPv4, ND for
IPv6; a bridge's fdb is another, read by `bridge fdb`).  An RTM_GETNEIGH
dump (struct ndmsg: family, ifindex, state, flags, type) answers with one
RTM_NEWNEIGH per entry: the ndmsg filled in, and attributes NDA_DST (the
protocol address), NDA_LLADDR (the hardware address, absent while the entry
is INCOMPLETE or FAILED), NDA_CACHEINFO (the times since the entry was last
used, confirmed and updated, in clock ticks, and its reference count),
NDA_PROBES, and on newer kernels NDA_PROTOCOL and NDA_FLAGS_EXT.

Proxy entries ("answer ARP for this address") live in a separate table: the
kernel dumps them only when the request's ndm_flags is NTF_PROXY, and then
dumps nothing else (`ip neigh show proxy`).  With a strict-checked request
(ip's rtnl_set_strict_dump) NDA_IFINDEX and NDA_MASTER in the request narrow
the dump in the kernel, which flags the answers NLM_F_DUMP_FILTERED.

The order of a dump is the order of the kernel's hash buckets, whose hash is
seeded at random per namespace: two namespaces with the same entries list
them in different orders.  Nothing here sorts: ip prints the kernel's order.

This is not /proc/net/arp (pynettools/kernel/arp.py, for net-tools' arp):
that file shows only the IPv4 table, without proxies' own table or times.

Records are plain tuples, made in one pass over each buffer with
struct.unpack_from (10,000 entries must print in a few tens of
milliseconds):
  (nlmsg_type, nlmsg_flags, family, ifindex, state, flags, dst, lladdr,
   cacheinfo, probes, protocol, ext_flags)
dst/lladdr are bytes or None; cacheinfo (confirmed, used, updated, refcnt)
in clock ticks (USER_HZ) or None; probes None when absent.
"""
import struct

from pynettools.kernel import netlink, rtnl

# struct ndmsg: family, 3 pad bytes, ifindex, state, flags, type
NDMSG = struct.Struct("=BxxxiHBB")
NDA_DST, NDA_LLADDR, NDA_CACHEINFO, NDA_PROBES = 1, 2, 3, 4
NDA_IFINDEX, NDA_MASTER, NDA_PROTOCOL, NDA_FLAGS_EXT = 8, 9, 12, 15
NTF_USE, NTF_SELF, NTF_MASTER, NTF_PROXY = 0x01, 0x02, 0x04, 0x08
NTF_EXT_LEARNED, NTF_OFFLOADED, NTF_STICKY, NTF_ROUTER = 0x10, 0x20, 0x40, 0x80
NTF_EXT_MANAGED = 0x01
NLM_F_DUMP_FILTERED = 0x20

_HEAD = struct.Struct("=IHH")
_HEAD_NDMSG = struct.Struct("=IHHxxxxxxxxBxxxiHBB")  # nlmsghdr's len, type, flags, then the ndmsg
_CACHEINFO = struct.Struct("=IIII")
_RTA = struct.Struct("=HH")
# The common message, whole: neigh_fill_info() puts NDA_DST, NDA_LLADDR (an
# Ethernet address), NDA_PROBES and NDA_CACHEINFO in this order for an entry
# with a link-layer address and no protocol or extended flags.  Each attribute
# header is read as one u32 (length | type << 16) and checked against the
# expected value; a message of any other layout takes the attribute walk.
_WHOLE = {
    88: (struct.Struct("=IHH8xBxxxiHBBI16sI6s2xIIIIIII"), 20 | 1 << 16),  # IPv6 destination
    76: (struct.Struct("=IHH8xBxxxiHBBI4sI6s2xIIIIIII"), 8 | 1 << 16),  # IPv4 destination
}
_LLADDR_HDR, _PROBES_HDR, _CACHEINFO_HDR = 10 | 2 << 16, 8 | 4 << 16, 20 | 3 << 16
_U32 = struct.Struct("=I")


def dump_request(family=0, flags=0, ifindex=0, master=0):
    """The body of ip's rtnl_neighdump_req() with ipneigh_dump_filter()."""
    body = NDMSG.pack(family, 0, 0, flags, 0)
    if ifindex:
        body += netlink.attribute(NDA_IFINDEX, _U32.pack(ifindex & 0xFFFFFFFF))
    if master:
        body += netlink.attribute(NDA_MASTER, _U32.pack(master & 0xFFFFFFFF))
    return body


def dump(kernel, family=0, flags=0, ifindex=0, master=0, cacheinfo=True):
    """Every entry of one RTM_GETNEIGH dump, as record tuples, in the kernel's order.
    cacheinfo=False leaves the times, reference count and probes out (None):
    plain `ip neigh` does not print them, and 10,000 entries decode faster."""
    request = netlink.request(rtnl.RTM_GETNEIGH, dump_request(family, flags, ifindex, master))
    what = "neigh dump (proxy)" if flags & NTF_PROXY else "neigh dump"
    the_dump = netlink.Dump(kernel, request, what, protocol=netlink.NETLINK_ROUTE, strict=True)
    records = []
    done = False
    for buf in the_dump.buffers():  # run to the end: the seam records the exchange only then
        if not done:
            done = _decode(buf, records, cacheinfo)
    return records


def dump_messages(kernel, family=0, flags=0, ifindex=0, master=0):
    """The same dump's raw answers, [(buf, offset, length)] (ip neigh flush
    sends the ones it deletes back as RTM_DELNEIGH)."""
    request = netlink.request(rtnl.RTM_GETNEIGH, dump_request(family, flags, ifindex, master))
    what = "neigh dump (proxy)" if flags & NTF_PROXY else "neigh dump"
    the_dump = netlink.Dump(kernel, request, what, protocol=netlink.NETLINK_ROUTE, strict=True)
    return list(the_dump.messages(16 + NDMSG.size))


def _decode(buf, records, want_cacheinfo=True):
    """Append the records of one recv() buffer; True at NLMSG_DONE.  A DONE
    carrying an error raises netlink.DumpError (as Dump.messages()).

    The hot loop of `ip neigh` on a big table: the common message is read
    whole with one unpack (_WHOLE); any other takes decode_message()'s walk,
    inlined (one function call per message costs a tenth of the time)."""
    head = _HEAD.unpack_from
    head_ndmsg = _HEAD_NDMSG.unpack_from
    rta = _RTA.unpack_from
    cacheinfo_of = _CACHEINFO.unpack_from
    u32 = _U32.unpack_from
    whole = {length: (shape.unpack_from, dst_hdr) for length, (shape, dst_hdr) in _WHOLE.items()}
    append = records.append
    offset = 0
    end = len(buf)
    while offset + 16 <= end:
        if offset + 28 <= end:
            length, msg_type, msg_flags, family, ifindex, state, flags, _type = head_ndmsg(buf, offset)
        else:
            length, msg_type, msg_flags = head(buf, offset)
        if length < 16:
            return True
        if msg_type == 3:  # NLMSG_DONE
            code = netlink.done_error(buf, offset, length)
            if code < 0:
                netlink.raise_done_error(code)
            return True
        if msg_type == 2:  # NLMSG_ERROR
            code = -struct.unpack_from("=i", buf, offset + 16)[0]
            if code:
                import os

                raise netlink.DumpError(code, os.strerror(code))
        elif length >= 28:
            shape = whole.get(length)
            if shape is not None and offset + length <= end:
                v = shape[0](buf, offset)
                if (v[8] == shape[1] and v[10] == _LLADDR_HDR and v[12] == _PROBES_HDR
                        and v[14] == _CACHEINFO_HDR):
                    append((msg_type, msg_flags, family, ifindex, state, flags, v[9], v[11],
                            v[15:19] if want_cacheinfo else None, v[13] if want_cacheinfo else None, 0, 0))
                    offset += length
                    continue
            dst = lladdr = cacheinfo = probes = None
            protocol = ext_flags = 0
            at = offset + 28
            stop = offset + length
            while at + 4 <= stop:
                alen, atype = rta(buf, at)
                if alen < 4:
                    break
                atype &= 0x3FFF
                if atype == 1:  # NDA_DST (the first of a repeated type counts, as parse_rtattr)
                    if dst is None:
                        dst = buf[at + 4:at + alen]
                elif atype == 2:  # NDA_LLADDR
                    if lladdr is None:
                        lladdr = buf[at + 4:at + alen]
                elif atype == 3:  # NDA_CACHEINFO
                    if alen >= 20 and cacheinfo is None and want_cacheinfo:
                        cacheinfo = cacheinfo_of(buf, at + 4)
                elif atype == 4:  # NDA_PROBES
                    if alen >= 8 and probes is None and want_cacheinfo:
                        probes = u32(buf, at + 4)[0]
                elif atype == 12:  # NDA_PROTOCOL
                    if alen >= 5:
                        protocol = buf[at + 4]
                elif atype == 15:  # NDA_FLAGS_EXT
                    if alen >= 8:
                        ext_flags = u32(buf, at + 4)[0]
                at += (alen + 3) & ~3
            append((msg_type, msg_flags, family, ifindex, state, flags, dst, lladdr, cacheinfo, probes,
                    protocol, ext_flags))
        offset += (length + 3) & ~3
    return False


def decode_message(buf, offset, length, msg_type, msg_flags, ndmsg=NDMSG.unpack_from, rta=_RTA.unpack_from):
    family, ifindex, state, flags, _type = ndmsg(buf, offset + 16)
    dst = lladdr = cacheinfo = probes = None
    protocol = ext_flags = 0
    at = offset + 28
    stop = offset + length
    while at + 4 <= stop:
        alen, atype = rta(buf, at)
        if alen < 4:
            break
        atype &= 0x3FFF
        if atype == NDA_DST:
            if dst is None:
                dst = buf[at + 4:at + alen]
        elif atype == NDA_LLADDR:
            if lladdr is None:
                lladdr = buf[at + 4:at + alen]
        elif atype == NDA_CACHEINFO:
            if alen >= 20:
                cacheinfo = _CACHEINFO.unpack_from(buf, at + 4)
        elif atype == NDA_PROBES:
            if alen >= 8:
                probes = _U32.unpack_from(buf, at + 4)[0]
        elif atype == NDA_PROTOCOL:
            if alen >= 5:
                protocol = buf[at + 4]
        elif atype == NDA_FLAGS_EXT:
            if alen >= 8:
                ext_flags = _U32.unpack_from(buf, at + 4)[0]
        at += (alen + 3) & ~3
    return (msg_type, msg_flags, family, ifindex, state, flags, dst, lladdr, cacheinfo, probes,
            protocol, ext_flags)


def get(kernel, family, dst, ifindex, flags=0):
    """`ip neigh get`: one RTM_GETNEIGH request (not a dump) for one entry;
    its record, or rtnl.TalkError (ENOENT: "Neighbour entry not found")."""
    body = NDMSG.pack(family, ifindex, 0, flags, 0) + netlink.attribute(NDA_DST, dst)
    buf, offset, length = rtnl.talk(kernel, rtnl.RTM_GETNEIGH, body, "neigh get")
    msg_type, msg_flags = _HEAD.unpack_from(buf, offset)[1:]
    return decode_message(buf, offset, length, msg_type, msg_flags)
