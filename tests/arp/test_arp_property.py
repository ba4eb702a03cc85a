"""Property test: for any neighbour table, ours prints what the real arp prints.

Hypothesis fills a fresh namespace's neighbour table with random entries
(addresses in 198.51.100.0/24 and 203.0.113.0/24, random MAC addresses, every
state `ip neigh` can set, proxy entries, on a veth, a bridge and a macvlan),
then runs a fixed list of arp commands with the real arp and with ours and
compares stdout, stderr and exit status byte for byte.  Live only: needs
root and net-tools (skipped with the reason otherwise).

At least EXAMPLES tables (100; an example takes about a third of a second),
or the profile's count when that is more: HYPOTHESIS_PROFILE=long runs
thousands (see tests/conftest.py).
"""
import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness import live
from tests.harness.cases import BASE_ENV
from tests.lab.topology import NUD_STATES, arp_devices

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 100)

DEVICES = ("veth0", "br0", "mv0")
NETWORKS = ("198.51.100", "203.0.113")


def property_lab_spec():
    """Devices and names, but no neighbour entries: each example brings its own."""
    t = arp_devices()
    t.address("veth0", "198.51.100.1/24").address("br0", "203.0.113.1/24")
    t.address("mv0", "198.51.100.129/25")
    for n in range(2, 9):
        t.host_name("198.51.100.%d" % n, "host%d.lab.example" % n, "host%d" % n)
    t.host_name("203.0.113.2", "bridged.lab.example")
    t.host_name("203.0.113.3", "a-name-much-longer-than-twenty-three-columns.lab.example")
    return t.spec


@pytest.fixture(scope="module")
def property_lab():
    reason = live_skip_reason("arp")
    if reason:
        skip_live(reason)
    from tests.lab import Lab

    lab = Lab(property_lab_spec()).up()
    yield lab
    lab.down()


# Mostly low host numbers, so that named hosts (.2-.8) and duplicates across
# devices come up often; any octet is possible (.0, .255 included).
octets = st.one_of(st.integers(0, 9), st.integers(0, 255))
addresses = st.builds(lambda net, last: "%s.%d" % (net, last), st.sampled_from(NETWORKS), octets)
macs = st.binary(min_size=6, max_size=6).map(lambda b: ":".join("%02x" % x for x in b))
# The kernel wants a link-layer address for new PERMANENT, NOARP and DELAY
# entries ("No link layer address given"); the other states may go without.
NEEDS_LLADDR = ("permanent", "noarp", "delay")
entries = st.builds(
    lambda addr, dev, nud, lladdr, mac_address: {
        "addr": addr, "dev": dev, "nud": nud, "lladdr": mac_address if nud in NEEDS_LLADDR else lladdr},
    addresses, st.sampled_from(DEVICES), st.sampled_from(NUD_STATES), st.one_of(st.none(), macs), macs)
proxies = st.fixed_dictionaries({"addr": addresses, "dev": st.sampled_from(DEVICES)})

COMMANDS = (
    ["arp", "-n"],
    ["arp", "-an"],
    ["arp", "-en"],
    ["arp", "-v", "-n"],
    ["arp"],
    ["arp", "-a"],
)


def neighbour_commands(table, proxy_entries):
    """`ip -batch` lines for a table; entries the kernel refuses are skipped (-force)."""
    lines = ["neigh flush all nud all", "neigh flush proxy"]
    for entry in table:
        lladdr = " lladdr %s" % entry["lladdr"] if entry["lladdr"] else ""
        lines.append("neigh replace %s dev %s%s nud %s" % (entry["addr"], entry["dev"], lladdr, entry["nud"]))
    for entry in proxy_entries:
        lines.append("neigh replace proxy %s dev %s" % (entry["addr"], entry["dev"]))
    return lines


def fill_table(lab, table, proxy_entries):
    import subprocess

    lines = neighbour_commands(table, proxy_entries)
    batch = subprocess.run(["ip", "-n", lab.netns(), "-batch", "-"], input="".join(l + "\n" for l in lines).encode(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if batch.returncode != 0:
        # `ip neigh` exits at the first entry the kernel refuses, -force or
        # not; set them one by one, keeping whatever the kernel accepts.
        for line in lines:
            subprocess.run(["ip", "-n", lab.netns()] + line.split(), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    # admin-set DELAY entries turn PROBE a moment later: wait for it (see tests/lab/core.py)
    for _ in range(200):
        if not lab.run(["ip", "neigh", "show", "nud", "delay"]).stdout.strip():
            break


def assert_same(lab, argv):
    ours_argv = live.ours_command("arp") + argv[1:]
    for _ in range(live.ATTEMPTS):
        before = lab.run(["cat", "/proc/net/arp"]).stdout
        real = lab.run(argv, env=dict(BASE_ENV))
        ours = lab.run(ours_argv, env=dict(BASE_ENV))
        if lab.run(["cat", "/proc/net/arp"]).stdout == before:
            break  # else the table moved between the runs: again
    problems = live.compare_outputs(real, ours, "real arp", "ours")
    assert not problems, "%s\n/proc/net/arp:\n%s\n%s" % (" ".join(argv), before.decode(), "\n".join(problems))


@settings(max_examples=EXAMPLES)
@given(table=st.lists(entries, max_size=30, unique_by=lambda e: (e["addr"], e["dev"])),
       proxy_entries=st.lists(proxies, max_size=4, unique_by=lambda e: (e["addr"], e["dev"])),
       device=st.sampled_from(DEVICES + ("nosuch0",)),
       host=st.one_of(addresses, st.sampled_from(["host2", "host5.lab.example", "no-such-host.invalid"])))
def test_arp_prints_what_the_real_arp_prints(property_lab, table, proxy_entries, device, host):
    fill_table(property_lab, table, proxy_entries)
    for argv in COMMANDS + (["arp", "-n", "-i", device], ["arp", "-n", host], ["arp", "-a", host]):
        assert_same(property_lab, list(argv))
