"""Property test: for any set of sockets, ours prints what the real ss prints.

Hypothesis draws a random mix of sockets -- TCP listeners, connections
(within the namespace, or to a listener in a peer namespace; some half-closed
into FIN-WAIT-2/CLOSE-WAIT; some with unread bytes), UDP sockets (bound,
connected) and unix sockets (stream/dgram/seqpacket; path, abstract or
unnamed; listening, connected) -- on random lab addresses (127.0.0.1, ::1,
198.51.100.0/24, 2001:db8:1::/64) and ports.  A socket holder opens them in a
fresh namespace (a PID namespace of its own too, so -p sees the same pids);
then the real ss (iproute2 6.1) and ours run a fixed list of commands there,
and their outputs must match byte for byte after the harness's normalization
of volatile fields (tests/harness/volatile.py), with the same stderr and exit
status.  Each command goes through the harness's run_pair, so a socket that
changes between the two runs makes it run again.

Live only: needs root, network namespaces and iproute2's ss (skipped with the
reason otherwise).  HYPOTHESIS_PROFILE=long runs many more socket sets (see
tests/conftest.py) and shrinks a failing set to a small one; "ci" keeps to
a minute or so and reports a failing set as drawn (shrinking a lab-backed
example takes minutes).
"""
import os

import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness import live
from tests.harness.cases import Case
from tests.lab import Lab, Topology
from tests.lab.topology import mac

try:
    from hypothesis import Phase, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

from tests.ss.cases import SNAPSHOT, SUMMARY_SNAPSHOT, TIMER_SNAPSHOT

pytestmark = pytest.mark.live

COMMANDS = (
    ["ss", "-tan"],
    ["ss", "-tuan"],
    ["ss", "-xa"],
    ["ss", "-tanp"],
    ["ss", "-tlnp"],
    ["ss", "-s"],
    ["ss", "-tanH"],
    ["ss", "-tuln", "state", "listening"],
    ["ss", "-xap"],
    ["ss", "-tuanoe"],
    ["ss", "-tan", "state", "established", "dport", ">", ":1024"],
)

# Addresses a socket of the main namespace may use; the peer's are where
# connections to another namespace go.
MAIN_ADDRESSES = {4: ["127.0.0.1", "198.51.100.1", "198.51.100.3"], 6: ["::1", "2001:db8:1::1"]}
PEER_ADDRESSES = {4: ["198.51.100.2"], 6: ["2001:db8:1::2"]}
ANY = {4: "0.0.0.0", 6: "::"}


def property_lab_spec(sockets):
    t = Topology("peer")
    t.veth("veth0", mac(0x7001), "veth1", mac(0x7002), peer_ns="peer")
    t.address("veth0", "198.51.100.1/24").address("veth0", "198.51.100.3/24").address("veth0", "2001:db8:1::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    t.host_name("198.51.100.2", "peer.ss.example", "peer")
    t.pid_namespace()
    t.holder(list(sockets) + [{"kind": "sleep", "seconds": 0.1}])  # let FINs and ACKs arrive
    return t.spec


# Fixed ports stay below the ephemeral range (32768-60999), so they never
# collide with a port the kernel picks for a client; drawn without repeats.
ports = st.integers(1, 32767)
families = st.sampled_from([4, 6])


@st.composite
def listener(draw, port):
    family = draw(families)
    addr = draw(st.sampled_from(MAIN_ADDRESSES[family] + [ANY[family]]))
    return {"kind": "tcp-listen", "addr": addr, "port": port, "family": family,
            "backlog": draw(st.integers(1, 128))}


@st.composite
def connection(draw, port):
    family = draw(families)
    to_peer = draw(st.booleans())
    spec = {"kind": "tcp-conn", "family": family, "port": port,
            "addr": draw(st.sampled_from((PEER_ADDRESSES if to_peer else MAIN_ADDRESSES)[family])),
            "unread": draw(st.sampled_from([0, 0, 1, 7])), "server_unread": draw(st.sampled_from([0, 0, 3])),
            "keep_listener": draw(st.booleans()), "keepalive": draw(st.sampled_from([False, "client", True])),
            "steps": draw(st.sampled_from([[], [], ["client-shutdown"], ["server-shutdown"]]))}
    if to_peer:
        spec["server_ns"] = "peer"
    return spec


@st.composite
def udp(draw, port):
    family = draw(families)
    spec = {"kind": "udp", "family": family, "port": port,
            "addr": draw(st.sampled_from(MAIN_ADDRESSES[family] + [ANY[family]]))}
    # (a socket bound to loopback cannot reach the peer: connect() says EINVAL)
    if spec["addr"] not in (ANY[family], "127.0.0.1", "::1") and draw(st.booleans()):
        spec["connect"] = [draw(st.sampled_from(PEER_ADDRESSES[family])), draw(ports)]
    return spec


@st.composite
def unix(draw, number):
    kind = draw(st.sampled_from(["stream", "dgram", "seqpacket"]))
    naming = draw(st.sampled_from(["path", "abstract", "pair"]))
    if naming == "pair":
        return {"kind": "unix", "type": kind, "pair": True}
    path = "/tmp/ss/u%d.sock" % number if naming == "path" else "@ss-u%d" % number
    return {"kind": "unix", "type": kind, "path": path, "listen": kind != "dgram" and draw(st.booleans()),
            "connect": draw(st.booleans())}


def _unix_ok(spec):
    # a stream/seqpacket client needs a listening server
    return not spec.get("connect") or spec.get("type") == "dgram" or spec.get("listen")


@st.composite
def socket_sets(draw):
    kinds = draw(st.lists(st.sampled_from(["listen", "conn", "conn", "udp", "unix", "unix"]),
                          min_size=1, max_size=12))
    chosen_ports = draw(st.lists(ports, min_size=len(kinds), max_size=len(kinds), unique=True))
    sockets = []
    for number, (kind, port) in enumerate(zip(kinds, chosen_ports)):
        if kind == "listen":
            sockets.append(draw(listener(port)))
        elif kind == "conn":
            sockets.append(draw(connection(port)))
        elif kind == "udp":
            sockets.append(draw(udp(port)))
        else:
            spec = draw(unix(number))
            if _unix_ok(spec):
                sockets.append(spec)
    # A listener on a wildcard address and one on a specific address of the
    # same port (and family) is EADDRINUSE without SO_REUSEPORT: keep the
    # ports distinct, which the unique draw above does.
    return sockets


def _snapshot_for(argv):
    if "-s" in argv:
        return SUMMARY_SNAPSHOT
    if any(word.startswith("-") and not word.startswith("--") and any(letter in word for letter in "oei") for word in argv):
        return TIMER_SNAPSHOT
    return SNAPSHOT


@pytest.fixture(scope="module")
def can_run():
    reason = live_skip_reason("ss")
    if reason:
        skip_live(reason)


_SHRINK = os.environ.get("HYPOTHESIS_PROFILE", "ci") != "ci"
_PHASES = tuple(Phase) if _SHRINK else (Phase.explicit, Phase.reuse, Phase.generate)


@settings(phases=_PHASES)
@given(sockets=socket_sets())
def test_ss_prints_what_the_real_ss_prints(can_run, sockets):
    spec = property_lab_spec(sockets)
    with Lab(spec) as lab:
        for argv in COMMANDS:  # the first command that differs ends the example
            case = Case("ss", "property", argv, lab=spec, snapshot=_snapshot_for(argv))
            problems = live.run_pair(lab, case).differences()
            assert not problems, "sockets: %r\n\n$ %s\n%s" % (sockets, " ".join(argv), "\n".join(problems))
