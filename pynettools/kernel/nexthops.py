"""Nexthop objects over rtnetlink (RTM_GETNEXTHOP): `ip nexthop`.

Since Linux 5.3 a route may name its next hop by id instead of carrying
it: `ip nexthop add id 1 via 198.51.100.2 dev veth0`, then `ip route add
... nhid 1`.  A nexthop is a gateway and/or device, a blackhole, or a group
of other nexthops (NHA_GROUP: struct nexthop_grp {u32 id; u8 weight-1;
...}), multipath or resilient (NHA_RES_GROUP: a fixed number of buckets,
each owned by one member, moved only after idle/unbalanced timers).

Each message is struct nhmsg (family, scope, protocol, reserved, flags)
and NHA_* attributes.  A dump may be narrowed by the kernel itself with
attributes in the request (NHA_OIF, NHA_GROUPS, NHA_MASTER, NHA_FDB);
one nexthop is asked for by NHA_ID without NLM_F_DUMP.  Resilient groups'
buckets have a dump of their own (RTM_GETNEXTHOPBUCKET).

Records are plain dicts of what ip uses: id, family, scope, protocol,
flags, oif, gateway (bytes), group [(id, weight byte)], group_type,
res_group {buckets, idle_timer, unbalanced_timer, unbalanced_time},
blackhole, fdb, encap (present or not), bad (ip's complaint, if any).
"""
import struct

from pynettools.kernel import netlink, rtnl

RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_GETNEXTHOP = 104, 105, 106
RTM_NEWNEXTHOPBUCKET, RTM_DELNEXTHOPBUCKET, RTM_GETNEXTHOPBUCKET = 116, 117, 118
NHA_ID, NHA_GROUP, NHA_GROUP_TYPE, NHA_BLACKHOLE, NHA_OIF, NHA_GATEWAY = 1, 2, 3, 4, 5, 6
NHA_ENCAP_TYPE, NHA_ENCAP, NHA_GROUPS, NHA_MASTER, NHA_FDB = 7, 8, 9, 10, 11
NHA_RES_GROUP, NHA_RES_BUCKET = 12, 13
NHA_MAX = 13  # iproute2 6.1 knows no later attribute (it ignores NHA_OP_FLAGS and the rest)

NHMSG = struct.Struct("=BBBBI")  # family, scope, protocol, resvd, flags
_HDR = 16 + NHMSG.size
_GRP = struct.Struct("=IBBH")  # struct nexthop_grp: id, weight, resvd1, resvd2


def request_body(family):
    return NHMSG.pack(family, 0, 0, 0, 0)


def filter_attrs(oif=0, groups=False, master=0, fdb=False):
    """nh_dump_filter(): the attributes that make the kernel narrow a dump."""
    attrs = b""
    if oif:
        attrs += netlink.attribute(NHA_OIF, struct.pack("=I", oif))
    if groups:
        attrs += netlink.attribute(NHA_GROUPS, b"")
    if master:
        attrs += netlink.attribute(NHA_MASTER, struct.pack("=I", master))
    if fdb:
        attrs += netlink.attribute(NHA_FDB, b"")
    return attrs


def decode(buf, offset, length):
    """ipnh_parse_nhmsg(): one message as a record."""
    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    family, scope, protocol, _resvd, flags = NHMSG.unpack_from(buf, offset + 16)
    tb = {}
    for attr_type, payload in netlink.attribute_list(buf, offset + _HDR, offset + length):
        if attr_type <= NHA_MAX and attr_type not in tb:
            tb[attr_type] = payload
    record = {"type": msg_type, "family": family, "scope": scope, "protocol": protocol, "flags": flags,
              "id": _u32(tb, NHA_ID), "oif": _u32(tb, NHA_OIF), "group_type": 0, "gateway": None,
              "group": None, "res_group": None, "blackhole": NHA_BLACKHOLE in tb, "fdb": NHA_FDB in tb,
              "encap": tb.get(NHA_ENCAP), "encap_type": tb.get(NHA_ENCAP_TYPE), "bad": None}
    if NHA_GROUP_TYPE in tb and len(tb[NHA_GROUP_TYPE]) >= 2:
        record["group_type"] = struct.unpack_from("=H", tb[NHA_GROUP_TYPE])[0]
    if NHA_GATEWAY in tb:
        if len(tb[NHA_GATEWAY]) > 16:
            record["bad"] = "<nexthop id %u invalid gateway length %d>\n" % (record["id"], len(tb[NHA_GATEWAY]))
            return record
        record["gateway"] = tb[NHA_GATEWAY]
    if NHA_GROUP in tb:
        payload = tb[NHA_GROUP]
        count = len(payload) // _GRP.size
        if not count or count * _GRP.size != len(payload):
            record["bad"] = "<nexthop id %u invalid nexthop group>" % record["id"]
            return record
        record["group"] = [_GRP.unpack_from(payload, i * _GRP.size)[:2] for i in range(count)]
    if NHA_RES_GROUP in tb:
        nested = netlink.nested_attributes(tb[NHA_RES_GROUP])
        record["res_group"] = {
            "buckets": struct.unpack_from("=H", nested[1])[0] if len(nested.get(1, b"")) >= 2 else 0,
            "idle_timer": _u32(nested, 2), "unbalanced_timer": _u32(nested, 3),
            "unbalanced_time": netlink.u64_of(nested, 4)}
    return record


def _u32(attrs, attr_type):
    payload = attrs.get(attr_type)
    return struct.unpack_from("=I", payload)[0] if payload is not None and len(payload) >= 4 else 0


def dump(kernel, family, attrs=b""):
    """rtnl_nexthopdump_req() with nh_dump_filter()'s attributes: [record]."""
    return [decode(buf, offset, length) for buf, offset, length in
            rtnl.dump(kernel, RTM_GETNEXTHOP, request_body(family), "nexthop dump", attrs).messages(_HDR)]


def get(kernel, family, nh_id):
    """__ipnh_get_id(): the record of one id, or rtnl.TalkError."""
    attrs = netlink.attribute(NHA_ID, struct.pack("=I", nh_id))
    buf, offset, length = rtnl.talk(kernel, RTM_GETNEXTHOP, request_body(family) + attrs, "nexthop get")
    return decode(buf, offset, length)


# ---- resilient groups' buckets -----------------------------------------------------------

NHA_RES_BUCKET_INDEX, NHA_RES_BUCKET_IDLE_TIME, NHA_RES_BUCKET_NH_ID = 1, 2, 3


def decode_bucket(buf, offset, length):
    """print_nexthop_bucket()'s view of one message: type, flags, id, bucket {index, idle_time, nhid}."""
    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    flags = NHMSG.unpack_from(buf, offset + 16)[4]
    tb = {}
    for attr_type, payload in netlink.attribute_list(buf, offset + _HDR, offset + length):
        if attr_type <= NHA_MAX and attr_type not in tb:
            tb[attr_type] = payload
    bucket = None
    if NHA_RES_BUCKET in tb:
        nested = netlink.nested_attributes(tb[NHA_RES_BUCKET])
        bucket = {}
        if NHA_RES_BUCKET_INDEX in nested:
            bucket["index"] = struct.unpack_from("=H", nested[NHA_RES_BUCKET_INDEX])[0]
        if NHA_RES_BUCKET_IDLE_TIME in nested:
            bucket["idle_time"] = netlink.u64_of(nested, NHA_RES_BUCKET_IDLE_TIME)
        if NHA_RES_BUCKET_NH_ID in nested:
            bucket["nhid"] = _u32(nested, NHA_RES_BUCKET_NH_ID)
    return {"type": msg_type, "flags": flags, "id": _u32(tb, NHA_ID) if NHA_ID in tb else None,
            "bucket": bucket}


def bucket_filter_attrs(oif=0, master=0, nh_id=0, nhid=0):
    """nh_dump_bucket_filter()."""
    attrs = filter_attrs(oif=oif, master=master)
    if nh_id:
        attrs += netlink.attribute(NHA_ID, struct.pack("=I", nh_id))
    if nhid:
        nest = netlink.attribute(NHA_RES_BUCKET_NH_ID, struct.pack("=I", nhid))
        attrs += netlink.attribute(NHA_RES_BUCKET | netlink.NLA_F_NESTED, nest)
    return attrs


def bucket_dump(kernel, family, attrs=b""):
    return [decode_bucket(buf, offset, length) for buf, offset, length in
            rtnl.dump(kernel, RTM_GETNEXTHOPBUCKET, request_body(family), "nexthop bucket dump",
                      attrs).messages(_HDR)]


def bucket_get(kernel, family, nh_id, index):
    """ipnh_bucket_get_id(): one bucket, or rtnl.TalkError."""
    nest = netlink.attribute(NHA_RES_BUCKET_INDEX, struct.pack("=H", index))
    attrs = netlink.attribute(NHA_ID, struct.pack("=I", nh_id)) + \
        netlink.attribute(NHA_RES_BUCKET | netlink.NLA_F_NESTED, nest)
    buf, offset, length = rtnl.talk(kernel, RTM_GETNEXTHOPBUCKET, request_body(family) + attrs, "nexthop bucket get")
    return decode_bucket(buf, offset, length)
