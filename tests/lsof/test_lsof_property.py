"""Property test: for random -i specifications and option combinations, ours
prints what lsof 4.95 prints in the ss lab (stdout, stderr, exit status).

An -i specification is assembled from its parts, [46][proto][@host][:ports],
each drawn from values that lsof takes and values it refuses (unknown
protocols, hosts and services, bad ranges, an empty address or port list);
several may be given, with -U, and with options from the whole set ours
supports.  Selections that would list files other than sockets (-p, -u, -c
and -d without -a) are only drawn with -a: those listings are out of scope.
-b is left out: with any selection but -i, lsof lists every mount point
of the machine on stderr, which is out of scope.  Options this build
refuses or limits (-C -D -m -Z -x -L N -e relative) are drawn too, and
-E/+E, -V, -K (with -a: the lab has no threads).  Live only: needs root and lsof (skipped with the reason otherwise).  At
least EXAMPLES combinations, or the profile's count when that is more.
"""
import os

import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness import live
from tests.harness.cases import BASE_ENV

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 100)

VERSIONS = ("", "", "4", "6")
PROTOCOLS = ("", "", "TCP", "tcp", "UDP", "udp", "UDPLITE", "foo")
HOSTS = ("", "", "", "@198.51.100.1", "@198.51.100.2", "@127.0.0.1", "@203.0.113.99", "@1.2.3.4",
         "@[2001:db8:1::2]", "@[::1]", "@[fe80::1]", "@[::ffff:127.0.0.1]", "@[::]", "@[1:2",
         "@main", "@peer.ss.example", "@localhost", "@no-such-host.invalid", "@")
PORTS = ("", "", ":22", ":ssh", ":53", ":domain", ":http,https", ":9000-9004", ":8000-8443", ":0",
         ":40000-41000", ":65535", ":ssh-http", ":x", ":", ":22-", ":22x", ":5-3", ":bootpc",
         ":22,", ":,22")
OPTIONS = (["-n"], ["-P"], ["-l"], ["-t"], ["-R"], ["-g"], ["-T"], ["-Tqs"], ["-Tf"], ["-o"], ["-s"],
           ["+c", "0"], ["+c", "4"], ["-F", "pcn"], ["-F"], ["-F0"], ["-F", "pcfnPT"], ["-U"], ["-Q"],
           ["-w"], ["-sTCP:LISTEN"], ["-sTCP:^ESTABLISHED"], ["-sTCP:CLOSE,SYN_SENT"],
           ["-c", "^foo"], ["-p", "^2"], ["-u", "^0"], ["-p", "^99"],
           ["-E"], ["+E"], ["-V"], ["-X"], ["-O"], ["-S1"], ["-L"], ["-fg"], ["-f"], ["-M"], ["-K", "i"],
           ["-F", "pKMRn"], ["-C"], ["-Z"], ["-m"], ["-D", "x"], ["-x"], ["-L3"], ["-e", "proc"])
AND_ONLY = (["-c", "sock"], ["-c", "/holder$/"], ["-p", "2"], ["-p", "2,99"], ["-u", "root"], ["-u", "0"],
            ["-d", "3-20"], ["-d", "^3-20"], ["-d", "40-70"], ["-c", "foo"], ["-K"])

specs = st.builds(lambda v, p, h, ports: v + p + h + ports, st.sampled_from(VERSIONS),
                  st.sampled_from(PROTOCOLS), st.sampled_from(HOSTS), st.sampled_from(PORTS))


@st.composite
def command_lines(draw):
    """Groups (an option with its value, an -i with its specification) in a random order."""
    groups = []
    for spec in draw(st.lists(specs, min_size=0, max_size=3)):
        groups.append(["-i", spec] if spec and draw(st.booleans()) else ["-i" + spec])
    options = draw(st.lists(st.sampled_from(OPTIONS), max_size=4))
    if draw(st.booleans()):
        options.append(["-a"])
        options += draw(st.lists(st.sampled_from(AND_ONLY), max_size=2))
    if not groups and ["-U"] not in options:
        groups.append(["-i"])
    for option in options:
        groups.insert(draw(st.integers(0, len(groups))), list(option))
    return ["lsof"] + [word for group in groups for word in group]


@pytest.fixture(scope="module")
def property_lab():
    reason = live_skip_reason("lsof")
    if reason:
        skip_live(reason)
    from tests.lab import Lab
    from tests.lab import topology

    lab = Lab(topology.named("ss")).up()
    yield lab
    lab.down()


def assert_same(lab, argv):
    start, link_dir = live.ours_linked_command("lsof")
    environ = dict(BASE_ENV)
    ours_env = dict(environ, PATH=link_dir + os.pathsep + environ["PATH"])
    from tests.lsof.cases import SNAPSHOT

    snapshot = SNAPSHOT[0]  # the sockets, and the nsfs mounts lsof stat()s (see tests/lsof/cases.py)
    for _ in range(live.ATTEMPTS):
        before = lab.run(snapshot).stdout
        real = lab.run(argv, env=environ)
        ours = lab.run(start + argv[1:], env=ours_env)
        if lab.run(snapshot).stdout == before:
            break  # else a socket moved between the runs: again
    problems = live.compare_outputs(real, ours, "real lsof", "ours")
    assert not problems, "%s\n%s" % (" ".join(argv), "\n".join(problems))


@settings(max_examples=EXAMPLES, deadline=None)
@given(argv=command_lines())
def test_lsof_prints_what_the_real_lsof_prints(property_lab, argv):
    assert_same(property_lab, argv)
