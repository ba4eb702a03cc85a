"""The lab itself: topologies build, work, hold still, and leave nothing behind.

Live (root and `ip netns` needed; skipped with the reason otherwise).
"""
import os
import time

import pytest

from tests.lab import Lab, LabError, topology
from tests.conftest import skip_live
from tests.lab.core import NETNS_ETC_DIR, NETNS_RUN_DIR, preflight

pytestmark = pytest.mark.live


@pytest.fixture(autouse=True)
def _need_lab():
    reason = preflight()
    if reason:
        skip_live(reason)


def _gone(lab):
    return not any(os.path.exists(os.path.join(d, ns)) for ns in lab.namespaces()
                   for d in (NETNS_RUN_DIR, NETNS_ETC_DIR))


@pytest.mark.parametrize("name", sorted(topology.TOPOLOGIES))
def test_every_topology_builds_and_goes(name):
    lab = Lab(topology.named(name))
    with lab:
        for ns in lab.namespaces():
            assert os.path.exists(os.path.join(NETNS_RUN_DIR, ns))
        assert lab.run(["ip", "link", "show", "lo"]).stdout.count(b"UP") >= 1
    assert _gone(lab)


def test_teardown_when_the_test_fails():
    lab = Lab(topology.named("basic"))
    with pytest.raises(RuntimeError):
        with lab:
            raise RuntimeError("a failing test")
    assert _gone(lab)


def test_a_failed_build_leaves_nothing():
    spec = topology.named("basic")
    spec["links"].append({"kind": "dummy", "ns": "main", "name": "d0"})  # this kernel has no dummy
    lab = Lab(spec)
    with pytest.raises(LabError):
        lab.up()
    assert _gone(lab)


def test_names_are_unique_per_lab():
    first, second = Lab(topology.named("empty")), Lab(topology.named("empty"))
    assert first.name != second.name and first.name.startswith("pnt-%d-" % os.getpid())


def test_fixed_mac_addresses_and_addresses():
    with Lab(topology.named("basic")) as lab:
        link = lab.run(["ip", "-br", "link", "show", "veth0"]).stdout.decode()
        assert "02:00:00:00:00:01" in link
        addresses = lab.run(["ip", "-br", "addr", "show", "veth0"]).stdout.decode()
        assert "198.51.100.1/24" in addresses and "2001:db8:1::1/64" in addresses


def test_router_forwards_between_namespaces():
    with Lab(topology.named("routed")) as lab:
        result = lab.run(["ping", "-c", "1", "-W", "2", "203.0.113.1"])
        assert result.exit == 0, result


def test_hosts_file_names_and_dns_failing_fast():
    with Lab(topology.named("arp")) as lab:
        found = lab.run(["getent", "hosts", "alpha"])
        assert found.stdout.split()[:2] == [b"198.51.100.10", b"alpha.lab.example"]
        started = time.monotonic()
        missing = lab.run(["getent", "hosts", "no-such-host.invalid"])
        assert missing.exit != 0 and time.monotonic() - started < 2
        assert lab.run(["getent", "networks", "labnet"]).stdout.split() == [b"labnet", b"203.0.113.0"]


def test_neighbour_states_hold_still_and_reset_restores_them():
    # only the lab's addresses: the kernel adds NOARP multicast entries (224.0.0.22) when it likes
    def lab_table():
        return lab.run(["ip", "-4", "neigh", "show", "nud", "all", "to", "198.51.100.0/24"]).stdout + \
            lab.run(["ip", "-4", "neigh", "show", "nud", "all", "to", "203.0.113.0/24"]).stdout

    with Lab(topology.named("arp")) as lab:
        table = lab_table()
        for state in (b"PERMANENT", b"REACHABLE", b"STALE", b"PROBE", b"INCOMPLETE", b"FAILED", b"NOARP"):
            assert state in table
        assert b"DELAY" not in table  # settled: admin-set DELAY turns PROBE at once
        lab.run(["ip", "neigh", "del", "198.51.100.10", "dev", "veth0"])
        lab.run(["ip", "neigh", "add", "198.51.100.77", "lladdr", "02:00:00:00:00:77", "dev", "veth0"])
        lab.run(["ip", "neigh", "del", "proxy", "198.51.100.50", "dev", "veth0"])
        lab.reset_neighbours()
        assert sorted(lab_table().splitlines()) == sorted(table.splitlines())
        assert b"198.51.100.50" in lab.run(["ip", "neigh", "show", "proxy"]).stdout


def test_socket_holder_holds_every_kind_until_the_lab_goes():
    lab = Lab(topology.named("basic"))
    with lab:
        holder = lab.start_socket_holder([
            {"kind": "tcp-listen", "addr": "198.51.100.1", "port": 8080},
            {"kind": "tcp-established", "unread": 7},
            {"kind": "udp", "addr": "198.51.100.1", "port": 5353, "connect": ["198.51.100.2", 53]},
            {"kind": "raw", "proto": 1},
            {"kind": "unix", "type": "stream", "path": "@pnt-lab-test", "listen": True, "connect": True},
            {"kind": "unix", "type": "seqpacket", "path": "@pnt-lab-seq", "listen": True},
            {"kind": "unix", "type": "dgram", "pair": True},
        ])
        shown = lab.run(["ss", "-anp"]).stdout.decode()
        assert "198.51.100.1:8080" in shown and "@pnt-lab-test" in shown and "@pnt-lab-seq" in shown
        assert "198.51.100.2:53" in shown
        established = [line for line in shown.splitlines() if line.startswith("tcp") and "ESTAB" in line]
        assert any(line.split()[2] == "7" for line in established)  # the server's unread bytes
        assert holder.info[0]["local"] == ["198.51.100.1", 8080]
        pid = holder.pid
    assert holder.process.poll() is not None
    assert not os.path.exists("/proc/%d" % pid)


def test_a_peer_namespace_holds_a_listener_the_main_one_connects_to():
    with Lab(topology.named("basic")) as lab:
        lab.start_socket_holder([{"kind": "tcp-listen", "addr": "198.51.100.2", "port": 2222}], role="peer")
        client = lab.start_socket_holder([{"kind": "tcp-connect", "addr": "198.51.100.2", "port": 2222}])
        assert client.info[0]["peer"] == ["198.51.100.2", 2222]
