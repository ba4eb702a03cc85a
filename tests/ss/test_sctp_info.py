"""ss's SCTP counters (the -i line of an SCTP socket), from a hand-built sctp_info.

The kernel here has no SCTP, so no golden case can record one.  The bytes
below are laid out as `struct sctp_info` in include/uapi/linux/sctp.h
(368 bytes; offsets checked with offsetof() against /usr/include/linux/sctp.h),
and the expected text follows sctp_stats_print() in iproute2 6.1's
misc/ss.c: each field only when non-zero, in this order, "%d" for counts
(a u32 is printed as a C int), "%x" for the two tags.
"""
import struct

from pynettools.kernel import sockdiag
from pynettools.tools.ss import inet

SIZE = 368


def build(**fields):
    """sctp_info bytes with the named fields set, everything else zero."""
    raw = bytearray(SIZE)
    layout = {  # field: (offset, struct format)
        "tag": (0, "I"), "state": (4, "I"), "rwnd": (8, "I"), "unackdata": (12, "H"),
        "penddata": (14, "H"), "instrms": (16, "H"), "outstrms": (18, "H"),
        "fragmentation_point": (20, "I"), "inqueue": (24, "I"), "outqueue": (28, "I"),
        "overall_error": (32, "I"), "max_burst": (36, "I"), "maxseg": (40, "I"),
        "peer_rwnd": (44, "I"), "peer_tag": (48, "I"), "peer_capable": (52, "B"),
        "peer_sack": (53, "B"), "isacks": (56, "Q"), "osacks": (64, "Q"),
        "p_address_family": (168, "H"), "p_state": (296, "i"), "p_cwnd": (300, "I"),
        "p_error": (340, "H"), "s_autoclose": (344, "I"), "s_adaptation_ind": (348, "I"),
        "s_pd_point": (352, "I"), "s_nodelay": (356, "B"), "s_disable_fragments": (357, "B"),
        "s_v4mapped": (358, "B"), "s_frag_interleave": (359, "B"), "s_type": (360, "I"),
    }
    for name, value in fields.items():
        offset, fmt = layout[name]
        struct.pack_into("=" + fmt, raw, offset, value)
    return bytes(raw)


def test_every_printed_field_from_its_own_bytes():
    payload = build(tag=0xdeadbeef, state=3, rwnd=106496, unackdata=2, penddata=3,
                    instrms=10, outstrms=11, fragmentation_point=1452, inqueue=5, outqueue=6,
                    overall_error=7, max_burst=4, maxseg=1452, peer_rwnd=65536,
                    peer_tag=0xcafe, peer_capable=1, peer_sack=2, isacks=99, osacks=98,
                    p_address_family=2, p_state=2, p_cwnd=4380, p_error=9,
                    s_autoclose=30, s_adaptation_ind=12, s_pd_point=64, s_nodelay=1,
                    s_disable_fragments=1, s_v4mapped=1, s_frag_interleave=2, s_type=1)
    assert inet._sctp_stats(payload) == (
        " tag:deadbeef state:ESTAB rwnd:106496 unackdata:2 penddata:3 instrms:10"
        " outstrms:11 inqueue:5 outqueue:6 overerr:7 maxburst:4 maxseg:1452"
        " prwnd:65536 ptag:cafe pcapable:1 psack:2"
        " autoclose:30 adapind:12 pdpoint:64 nodelay:1 nofrag:1 v4mapped:1 fraginl:2")


def test_peer_capable_and_sack_are_the_two_bytes_after_peer_tag():
    # the old decoder read pcapable as a u32 over bytes 52..55 and psack from 56
    assert inet._sctp_stats(build(peer_capable=1)) == " pcapable:1"
    assert inet._sctp_stats(build(peer_sack=1)) == " psack:1"
    assert inet._sctp_stats(build(peer_capable=1, peer_sack=1)) == " pcapable:1 psack:1"
    assert inet._sctp_stats(build(isacks=5)) == ""  # not printed, and not psack


def test_fields_ss_does_not_print_stay_silent():
    assert inet._sctp_stats(build(fragmentation_point=1452, isacks=1, osacks=2, p_cwnd=3,
                                  p_state=1, p_error=4, s_type=2)) == ""


def test_state_is_a_u32():
    assert inet._sctp_stats(build(state=7)) == " state:ACK_SENT"
    assert inet._sctp_stats(build(state=1)) == " state:COOKIE_WAIT"
    # a byte of 0 at offset 4 with state in a higher byte is still a state
    assert inet._sctp_stats(build(state=0x100)) == " state:"


def test_u32_counts_print_as_c_ints():
    assert inet._sctp_stats(build(rwnd=0x80000000)) == " rwnd:-2147483648"
    assert inet._sctp_stats(build(tag=0xffffffff)) == " tag:ffffffff"
    assert inet._sctp_stats(build(s_autoclose=0xffffffff)) == " autoclose:-1"


def test_short_payload_of_an_older_kernel_is_zero_padded():
    full = build(tag=1, peer_sack=1, s_nodelay=1)
    assert inet._sctp_stats(full[:56]) == " tag:1 psack:1"
    assert inet._sctp_stats(full[:4]) == " tag:1"
    assert inet._sctp_stats(b"") == ""


def test_longer_payload_of_a_newer_kernel_ignores_the_tail():
    assert inet._sctp_stats(build(s_nodelay=1) + b"\xff" * 16) == " nodelay:1"


def test_in_the_info_line_after_skmem_locals_and_peers():
    local = struct.pack("=HH4s", 2, 0, bytes([127, 0, 0, 1])).ljust(128, b"\0")
    peer = struct.pack("=HHI16s", 10, 0, 0, bytes(15) + b"\1").ljust(128, b"\0")

    class SS:
        resolve_hosts = False

        def host(self, family, raw):
            import socket

            return socket.inet_ntop(family, raw)

    attrs = {sockdiag.INET_DIAG_LOCALS: local, sockdiag.INET_DIAG_PEERS: peer,
             sockdiag.INET_DIAG_INFO: build(state=3, peer_capable=1)}
    assert inet.sctp_info_text(SS(), attrs) == " locals:127.0.0.1 peers:::1 state:ESTAB pcapable:1"
