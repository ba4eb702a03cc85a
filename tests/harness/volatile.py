"""Numbers that move between two runs, and how both sides are made comparable.

A golden case runs the real tool and then ours a moment later (ours' kernel
reads are recorded then); a differential case does the same live.  A few
numbers the kernel reports change in that moment on their own, or count
things outside the lab.  For those fields only, the real tool's output and
ours are passed through the same function before they are compared; the
golden files themselves keep the real tool's bytes.

Each tool that needs one has a function here (bytes -> bytes), listed in
NORMALIZERS; `normalizer(tool)` is what the harness calls (None: compare
exactly).  Every field is named, with the reason it moves.  Nothing else is
touched: a value that is merely different between the two sides is a bug.
"""
import re

VOLATILE = b"*"

# ---- ss (iproute2 6.1) -----------------------------------------------------------------

# -o: timer:(NAME,TIME,RETRANSMITS).  TIME is the kernel's countdown to the
# timer firing (keepalive 119min, a retransmit in 1.508ms, timewait 59sec):
# it runs in real time, so it differs by the milliseconds between the two
# runs.  NAME and the retransmit count stay (a retransmission between the
# runs changes the count; the case's snapshot notices and runs it again).
_SS_TIMER = re.compile(rb"(timer:\([a-z_]+,)[^,()]*(,\d+\))")

# -i (tcp_info):
#   lastsnd:N lastrcv:N lastack:N  milliseconds since the last data sent /
#       received / ACK received: they grow with the clock.
#   busy:Nms rwnd_limited:Nms(P%) sndbuf_limited:Nms(P%)  tcp_info's "chrono"
#       times: they keep growing while data (or a FIN) waits to be acknowledged
#       (the lab's FIN-WAIT-1, LAST-ACK and CLOSING sockets retransmit for hours).
_SS_TCP_INFO = re.compile(rb"\b(lastsnd|lastrcv|lastack):\d+")
_SS_CHRONO = re.compile(rb"\b(busy|rwnd_limited|sndbuf_limited):\d+ms(\([0-9.]+%\))?")

# -s: "TCP:   TOTAL (estab E, closed CLOSED, orphaned O, timewait T)".
# TOTAL is /proc/net/sockstat's TCP "alloc" (plus timewait) and CLOSED is
# derived from it; "alloc" and "orphan" are machine-wide counters (every
# namespace's TCP sockets, any process's), so they change whenever anything
# on the machine opens or closes a TCP socket.  E and T are the namespace's
# own and stay.
_SS_SUMMARY_TCP = re.compile(rb"^(TCP:   )\d+( \(estab \d+, closed )-?\d+(, orphaned )\d+(, timewait \d+\))$",
                             re.M)

# -A netlink: ss dumps netlink sockets over a NETLINK_SOCK_DIAG socket of its
# own, which the dump lists too: "tcpdiag:ss/PID" (or "4:PID" with -n), its
# Recv-Q the dump replies queued at that moment.  The real ss and ours are two
# processes with two such sockets (different pids, different queues, and a
# different place in the kernel's hash order), so that one row is dropped on
# both sides.  Nothing else in a lab opens a sock_diag socket.
_SS_OWN_DIAG_ROW = re.compile(rb"^(nl\s+)?UNCONN\s+\d+\s+\d+\s+(tcpdiag:(?!kernel\s)\S+|4:[1-9]\d*)\s.*\n", re.M)


def ss_output(data):
    """ss's stdout with the volatile fields above replaced by '*'.

    ss pads its last column (where -o/-i/-e/-m text goes) to the widest
    entry, so a volatile number one digit longer shifts every line's
    trailing spaces; when any such field was replaced, trailing spaces are
    removed from every line as well (on both sides).
    """
    replaced = _SS_TIMER.sub(rb"\1" + VOLATILE + rb"\2", data)
    replaced = _SS_TCP_INFO.sub(rb"\1:" + VOLATILE, replaced)
    replaced = _SS_CHRONO.sub(rb"\1:" + VOLATILE, replaced)
    if replaced != data:
        replaced = re.sub(rb"[ ]+$", b"", replaced, flags=re.M)
    replaced = _SS_SUMMARY_TCP.sub(rb"\1" + VOLATILE + rb"\2" + VOLATILE + rb"\3" + VOLATILE + rb"\4", replaced)
    return _SS_OWN_DIAG_ROW.sub(b"", replaced)


NORMALIZERS = {
    "ss": ss_output,
}


def normalizer(tool):
    """The tool's normalizing function, or None when its outputs compare exactly."""
    return NORMALIZERS.get(tool)
