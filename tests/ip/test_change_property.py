"""Hypothesis: generated sequences of rule, neigh, addrlabel and flush
commands run as one `ip -force -batch` by the real ip and by ours, each in
the ip-change lab built afresh: output, exit status and the state left
(rules, neighbours with the proxy ones, address labels, addresses) must be
identical.  Some steps are invalid on purpose (a bad word, a missing
device, a duplicate): the refusals, and the ones that end ip at once
(exit(-1), neigh's exit(2)), must match too.

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

EXAMPLES = max(settings().max_examples // 5, 15)
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
@given(commands=st.lists(st.one_of(rule_command(), neigh_command(), addrlabel_command(), flushes),
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
