"""The probe records and the decisions traceroute.c makes about them that
need no socket: how long to wait for one (get_timeout), when an expired
probe takes the place of a later final answer (check_expired), and what an
ICMP error means (parse_icmp_res, parse_local_res).
"""
import errno as _errno

# DEF_WAIT_PREC: +1 ms "to avoid precision issues"
WAIT_PREC = 0.001


class Probe:
    """struct probe_struct: res is (family, address text) or None."""

    __slots__ = ("done", "final", "res", "send_time", "recv_time", "recv_ttl", "sk", "seq", "ext", "err_str")

    def __init__(self):
        self.clear()

    def clear(self):
        self.done = self.final = 0
        self.res = None
        self.send_time = self.recv_time = 0.0
        self.recv_ttl = 0
        self.sk = 0
        self.seq = 0
        self.ext = None
        self.err_str = ""

    def copy_from(self, other):
        for name in self.__slots__:
            setattr(self, name, getattr(other, name))


def get_timeout(probes, idx, probes_per_hop, wait_secs, here_factor, near_factor):
    """get_timeout(): wait HERE times the round trip of an answered probe of
    the same hop, else NEAR times that of a later answered one, at most MAX."""
    if here_factor:
        start = idx - idx % probes_per_hop
        for p in probes[start:start + probes_per_hop]:
            value = p.recv_time - p.send_time
            if p.done and value > 0:
                value = (value + WAIT_PREC) * here_factor
                return value if value < wait_secs else wait_secs
    if near_factor:
        for p in probes[idx + 1:]:
            if not p.send_time:
                break
            value = p.recv_time - p.send_time
            if p.done and value > 0:
                value = (value + WAIT_PREC) * near_factor
                return value if value < wait_secs else wait_secs
    return wait_secs


def _ttl2hops(ttl):
    return (65 if ttl <= 64 else 129 if ttl <= 128 else 256) - ttl


def check_expired(probes, idx, probes_per_hop):
    """check_expired(): a probe that expired while a later one got a final
    ICMP error ("!H" and the like) may stand where that answer belongs
    (the last hop drops some of the probes sent together and answers the
    later ones): then the final answer moves here."""
    pb = probes[idx]
    if not pb.done:
        return
    pfp = None
    for p in probes[idx - idx % probes_per_hop:idx]:
        if not p.done or not p.final:
            return
        pfp = p
    fp_idx = None
    for at in range(idx + 1, len(probes)):
        p = probes[at]
        if not p.send_time:
            break
        if p.done:
            if not p.final:
                return
            fp_idx = at
            break
    if fp_idx is None:
        return
    fp = probes[fp_idx]
    if not fp.err_str:
        return
    if pfp is not None or (idx % probes_per_hop) + (fp_idx - idx) < probes_per_hop:
        return _replace(pb, fp)
    for p in probes[idx - 1::-1] if idx else ():
        if p.res is not None and p.res == fp.res:
            return _replace(pb, fp)
    if fp.recv_ttl:
        back_hops = _ttl2hops(fp.recv_ttl)
        for at in range(idx - 1, -1, -1):
            p = probes[at]
            if p.done and not p.final and p.recv_ttl:
                hops = _ttl2hops(p.recv_ttl)
                if hops < back_hops:
                    ttl = at // probes_per_hop + 1
                    back_hops = (back_hops - hops) + ttl
                    break
        if back_hops <= idx // probes_per_hop + 1:
            return _replace(pb, fp)


def _replace(pb, fp):
    pb.copy_from(fp)
    fp.clear()
    fp.send_time = 1.0          # keeps the emptied slot from being sent again


# ICMP (v4) destination unreachable codes -> the mark (port unreachable: "")
_UNREACH4 = {0: "!N", 6: "!N", 8: "!N", 11: "!N", 1: "!H", 7: "!H", 12: "!H",
             9: "!X", 10: "!X", 13: "!X", 3: "", 2: "!P", 5: "!S", 14: "!V", 15: "!C"}
# ICMPv6 destination unreachable codes
_UNREACH6 = {0: "!N", 2: "!H", 3: "!H", 1: "!X", 4: ""}


def parse_icmp_res(pb, v6, icmp_type, code, info):
    """parse_icmp_res(): TTL exceeded in transit changes nothing; every
    other error ends the trace at this hop, with its mark."""
    text = None
    if not v6:
        if icmp_type == 11:
            if code == 0:
                return
        elif icmp_type == 3:
            text = "!F-%d" % c_int(info) if code == 4 else _UNREACH4.get(code, "!<%u>" % code)
    else:
        if icmp_type == 3:
            if code == 0:
                return
        elif icmp_type == 1:
            text = _UNREACH6.get(code, "!<%u>" % code)
        elif icmp_type == 2:
            text = "!F-%d" % c_int(info)
    if text is None:
        text = "!<%u-%u>" % (icmp_type, code)
    if text:
        pb.err_str = text[:15]           # err_str[16]
    pb.final = 1


def parse_local_res(pb, ee_errno, info):
    """parse_local_res(): the local "message too long" of a probe over the
    path MTU is "!F-MTU"; any other local error is fatal (OSError)."""
    if ee_errno == _errno.EMSGSIZE and info != 0:
        pb.err_str = ("!F-%d" % c_int(info))[:14]      # snprintf(..., sizeof - 1)
        pb.final = 1
        return
    import os

    raise OSError(ee_errno, os.strerror(ee_errno))


def c_int(value):
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value
