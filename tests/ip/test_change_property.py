"""Hypothesis: generated sequences of link, address, route, rule, neigh,
addrlabel and flush commands run as one `ip -force -batch` by the real ip and
by ours, each in the ip-change lab built afresh: output, exit status and the
state left (links with -d, addresses, routes of every table, rules,
neighbours with the proxy ones, address labels) must be identical.  Some
steps are invalid on purpose (a bad word, a missing device, a duplicate):
the refusals, and the ones that end ip at once (exit(-1), neigh's exit(2)),
must match too.

Links are never set up or down, nor enslaved: the kernel changes a device's
operstate and carrier a moment later (linkwatch), so two runs would read
different states after the same commands.  New devices get fixed MACs (the
kernel's are random).  Addresses carry no lifetimes (they count down).

Live only, as tests/ip/test_ip_property.py.
"""
import os

import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness import live
from tests.harness.cases import Case

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples // 2, 15)
DERANDOMIZE = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci"

host = st.integers(2, 12).map(lambda n: "198.51.100.%d" % n)
host6 = st.integers(2, 12).map(lambda n: "2001:db8::%x" % n)
prefix = st.sampled_from(["198.51.100.0/24", "198.51.100.0/25", "203.0.113.0/24", "2001:db8::/64", "0/0"])
mac = st.integers(1, 9).map(lambda n: "02:00:00:00:00:%02x" % n)


def _opt(words):
    return st.one_of(st.just(""), words)


@st.composite
def rule_command(draw):
    verb = draw(st.sampled_from(["add", "add", "del"]))
    parts = [draw(_opt(st.integers(1, 4).map(lambda n: "pref %d" % n))),
             draw(_opt(prefix.map(lambda p: "from " + p))),
             draw(_opt(prefix.map(lambda p: "to " + p))),
             draw(_opt(st.sampled_from(["fwmark 0x5", "fwmark 3/0xf", "tos 0x10", "not", "iif veth0",
                                        "oif veth1", "protocol static", "ipproto udp", "dport 53"]))),
             draw(st.sampled_from(["table 100", "lookup main", "table 5000", "blackhole", "unreachable", "goto 3",
                                   "nop", "", "bogus"]))]
    return "rule %s %s" % (verb, " ".join(p for p in parts if p))


@st.composite
def neigh_command(draw):
    verb = draw(st.sampled_from(["add", "replace", "change", "del"]))
    dst = draw(st.one_of(host, host6, host.map(lambda h: "proxy " + h)))
    parts = [dst, draw(_opt(mac.map(lambda m: "lladdr " + m))),
             draw(_opt(st.sampled_from(["nud stale", "nud permanent", "nud noarp", "router", "extern_learn",
                                        "protocol static", "nud bogus"]))),
             draw(st.sampled_from(["dev veth0", "dev veth0", "dev veth1", "dev nosuch", ""]))]
    if dst.startswith("proxy") and not parts[-1]:
        # a proxy entry without a device outlives its namespace in this kernel,
        # and shows up in a later namespace built at the same address
        parts[-1] = "dev veth1"
    return "neigh %s %s" % (verb, " ".join(p for p in parts if p))


@st.composite
def addrlabel_command(draw):
    return "addrlabel %s prefix 2001:db8:%x::/48 label %d" % (
        draw(st.sampled_from(["add", "del"])), draw(st.integers(1, 3)), draw(st.integers(1, 3)))


@st.composite
def link_command(draw):
    dev = draw(st.sampled_from(["veth0", "veth1", "br0", "v5", "nosuch"]))
    change = draw(st.sampled_from([
        "mtu 1400", "mtu 9000", "mtu 70", "mtu bogus", "txqueuelen 50", "alias x%d" % draw(st.integers(1, 3)),
        "address 02:00:00:00:00:%02x" % draw(st.integers(1, 9)), "arp off", "multicast off", "promisc on",
        "allmulticast on", "group 3", "name v5", "bogus"]))
    return draw(st.sampled_from([
        "link set dev %s %s" % (dev, change),
        # new devices get fixed MACs: the kernel's are random
        "link add v{0} address 02:00:00:00:05:0{0} type veth peer name w{1} address 02:00:00:00:06:0{1}".format(
            draw(st.integers(5, 6)), draw(st.integers(5, 6))),
        "link add b{0} address 02:00:00:00:07:0{0} type bridge".format(draw(st.integers(5, 6))),
        "link del %s" % dev]))


@st.composite
def address_command(draw):
    verb = draw(st.sampled_from(["add", "add", "replace", "change", "del"]))
    local = draw(st.one_of(host.map(lambda h: h + "/24"), st.integers(2, 6).map(lambda n: "203.0.113.%d/28" % n),
                           host6.map(lambda h: h + "/64")))
    parts = [local, draw(_opt(st.sampled_from(["label veth0:1", "metric 7", "noprefixroute", "scope link",
                                                "brd +", "peer 203.0.113.9", "scope bogus"]))),
             draw(st.sampled_from(["dev veth0", "dev veth0", "dev veth1", "dev nosuch", ""]))]
    return "addr %s %s" % (verb, " ".join(p for p in parts if p))


@st.composite
def route_command(draw):
    verb = draw(st.sampled_from(["add", "add", "replace", "change", "append", "prepend", "del"]))
    dst = draw(st.sampled_from(["203.0.113.0/24", "203.0.113.64/26", "default", "2001:db8:7::/64", "10.9.0.0/16"]))
    kind = draw(_opt(st.sampled_from(["blackhole", "unreachable", "prohibit", "local"])))
    how = draw(st.sampled_from(["via 198.51.100.2", "via 198.51.100.9 dev veth0", "dev veth0", "dev veth1",
                                "via 2001:db8::2", "dev nosuch", ""]))
    extra = draw(_opt(st.sampled_from(["metric 5", "table 100", "proto static", "scope link", "mtu lock 1400",
                                       "onlink", "src 198.51.100.1", "bogus"])))
    return "route %s %s" % (verb, " ".join(p for p in (kind, dst, how, extra) if p))


flushes = st.sampled_from(["rule flush", "rule flush table 100", "-6 rule flush", "neigh flush dev veth0",
                           "neigh flush nud all", "neigh flush proxy", "addrlabel flush",
                           "addr flush dev veth1", "addr flush to 198.51.100.0/24 secondary"])


@pytest.fixture(scope="module")
def can_run():
    reason = live_skip_reason("ip")
    if reason:
        skip_live(reason)


@settings(max_examples=EXAMPLES, derandomize=DERANDOMIZE, database=None if DERANDOMIZE else settings().database,
          deadline=None)
@given(commands=st.lists(st.one_of(link_command(), address_command(), route_command(), rule_command(),
                                   neigh_command(), addrlabel_command(), flushes),
                         min_size=1, max_size=10))
def test_changes_in_a_batch_as_the_real_ip(can_run, lab_pool, commands):
    import tests.ip.cases  # noqa: F401 (it imports cases_batch: importing that first is circular)
    from tests.ip.cases_batch import MORE_STATE
    from tests.ip.cases_change import SNAPSHOT

    text = "".join(command.replace("  ", " ").strip() + "\n" for command in commands)
    case = Case("ip", "property-change", ["ip", "-s", "-force", "-batch", "cmds"], lab="ip-change",
                mutates=True, snapshot=SNAPSHOT, state=MORE_STATE, files={"cmds": text})
    problems = live.run_pair(lab_pool.lab_for(case), case).differences()
    assert not problems, "batch:\n%s\n%s" % (text, "\n".join(problems))
