"""Snapshots (`pynettools snapshot`, pynettools/snapshot.py) checked against the real tools.

For every lab the golden cases of the listing tools use: build it, take a
snapshot inside its main namespace, then run each golden command of those
tools there, the real tool live and ours replaying the snapshot
(PYNETTOOLS_REPLAY=DIR), and compare them as the differential test does
(volatile fields within the time from the snapshot to the real run).

Which cases: every golden case of arp, ifconfig, ip, lsof, netstat, route
and ss that only reads (SNAPSHOT_ELIGIBLE): a case that changes the kernel,
needs commands run around it, reads standard input, writes files, runs as
another user, in another namespace, on a terminal or until stopped is the differential
test's alone.  The active tools (ping, traceroute, nc, dig, whois) talk to
the network, which a snapshot does not hold: test_active_tools_say_so checks
that each says so in one line.

What a snapshot cannot answer (LACKS, each with its reason) must then be
said in one line on stderr, exit 1: a different output is a failure; so is
a case that should be answerable and is not.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness import live
from tests.harness.cases import BASE_ENV, load_cases

pytestmark = pytest.mark.live

ATTEMPTS = 5
LISTING_TOOLS = ("arp", "ifconfig", "ip", "lsof", "netstat", "route", "ss")
_SPECIAL = ("mutates", "setup", "during", "ready", "stdin", "outputs", "user", "peer_logs", "tty_columns",
            "stop_signal")

# What a snapshot holds by its nature not (docs/snapshots.md): for these, ours
# must say in one line that the snapshot lacks it.  A pattern matched
# against that line's "does not hold ..." part -> why.
LACKS = {
    r"a (rtnetlink|generic netlink) talk": "the kernel computes the answer when asked (ip route get, "
                                          "ip neigh get, ip tcp_metrics show ADDRESS, ip netns list-id nsid N)",
    r"a rtnetlink listen|inotify": "events to come (ip monitor): a snapshot is one moment",
    r"a rtnetlink dump \(message type 90\)": "namespace ids as another namespace sees them (target-nsid)",
    r"lookup (netns_switch|netns_exec|stat:\('/(var/)?run/netns/|stat:\('/proc/[0-9a-z]+/ns/)":
        "other network namespaces (ip -n, ss -N, ip netns exec/pids/identify) are not in the snapshot of one",
    r"lookup rpcbind_probe": "ss -r asks the rpcbind server for RPC program names, live",
    r"lookup cgroup2_id": "the cgroup filesystem (ss cgroup PATH) is not network state",
    r"lookup (gethostby|getnetby|getprotoby|getservby|getpwnam|getaddrinfo|getnameinfo)":
        "a name the listings did not look up while the snapshot was taken: the name service is not in it",
}

# Requests a snapshot could answer but does not yet: the kernel filters these
# dumps by what they name, and fromsnapshot.py does not cut them from the
# whole dump yet.  case id -> what is missing.
NOT_YET = dict.fromkeys(
    ["ip/nexthop-dev", "ip/nexthop-master", "ip/nexthop-groups-fdb"],
    "nexthop dumps filtered by device, master or groups+fdb (NHA_OIF, NHA_MASTER, NHA_GROUPS with NHA_FDB)")
NOT_YET.update(dict.fromkeys(
    ["ip/nexthop-bucket-json-pretty", "ip/nexthop-bucket-nhid-json", "ip/nexthop-bucket-of-mpath"],
    "nexthop bucket dumps of one group or one nexthop (NHA_ID, NHA_RES_BUCKET_NH_ID)"))

# Cases whose output differs from the real tool's by the nature of a
# snapshot: case id -> why.
DIFFERS = {
    "ip/monitor-file-t": "ip -t stamps each line with the clock's time: on a snapshot, the snapshot's moment",
}

# The last line on stderr (a tool may have said something before it needed what is missing).
SNAPSHOT_MISS = re.compile(r"(?:^|\n)[a-z]+: the snapshot in \S+ does not hold (.*)\n$")


def snapshot_eligible(case):
    """True for a golden case a snapshot of its lab's main namespace can answer."""
    return case.tool in LISTING_TOOLS and case.ns == "main" and not any(getattr(case, f) for f in _SPECIAL)


def _groups():
    """[(lab key, [cases])] of every eligible case, one group per lab spec."""
    import json

    groups = {}
    for tool in LISTING_TOOLS:
        for case in load_cases(tool):
            if snapshot_eligible(case):
                groups.setdefault(json.dumps(case.lab_spec(), sort_keys=True), []).append(case)
    return sorted(groups.items(), key=lambda item: item[1][0].id)


def _group_id(item):
    cases = item[1]
    return "%s+%d" % (cases[0].id, len(cases) - 1)


def take_snapshot(lab, directory, role="main"):
    """Take it; returns when it was started (the window of volatile fields starts then)."""
    shutil.rmtree(directory, ignore_errors=True)
    started = time.monotonic()
    result = lab.run(live.ours_command("snapshot") + [directory], role=role)
    assert result.exit == 0, result.stderr.decode()
    return started


def run_from_snapshot(lab, case, cwd, directory):
    environ = live.case_environ(case)
    environ["PYNETTOOLS_REPLAY"] = directory
    start, link_dir = live.ours_linked_command(case.tool)
    environ["PATH"] = link_dir + os.pathsep + environ.get("PATH", "")
    result = lab.run(start + case.argv[1:], role=case.ns, env=environ, cwd=cwd)
    result.argv = list(case.argv)
    return result


def _compare(lab, case, cwd, directory, taken):
    """("lacks", what the snapshot does not hold) or ("compared", [differences]),
    when the snapshot compared with was started, and whether the case's
    `snapshot` commands (what must not move while it runs) held still."""
    before = live.snapshot(lab, case)
    real_started = time.monotonic()
    real = live.run_real(lab, case, cwd)
    if taken is None:  # again: the real run first, then the snapshot, as near it as can be
        taken = take_snapshot(lab, directory)
    ours = run_from_snapshot(lab, case, cwd, directory)
    window = time.monotonic() - min(real_started, taken)
    still = live.snapshot(lab, case, settled=before) == before
    miss = SNAPSHOT_MISS.search(ours.stderr.decode("utf-8", "replace"))
    if miss and ours.exit == 1:
        return "lacks", miss.group(1), taken, still
    return "compared", live.compare_outputs(real, ours, "real", "snapshot", case.tool, window), taken, still


def _compare_case(lab, case, directory, taken):
    """The case compared on the group's snapshot; when they differ, again on a
    snapshot taken right after the real run (twice, or up to ATTEMPTS times
    while the case's own `snapshot` commands show the lab moving): the lab
    moves (a counter, a timer, the kernel's own IPv6 solicitations in a lab
    just built), and a snapshot holds one moment."""
    live.ensure_preconditions(lab, case)
    cwd = live.working_dir(case)
    try:
        kind, found, taken, still = _compare(lab, case, cwd, directory, taken)
        for attempt in range(2, ATTEMPTS + 1):
            if kind == "lacks" or not found or still and attempt > 3:
                break
            kind, found, taken, still = _compare(lab, case, cwd, directory, None)
        return kind, found, taken
    finally:
        shutil.rmtree(cwd, ignore_errors=True)


def _lack_reason(what):
    for pattern, reason in LACKS.items():
        if re.match(pattern, what):
            return reason
    return None


@pytest.mark.parametrize("group", [pytest.param(g, id=_group_id(g)) for g in _groups()])
def test_snapshot_answers_golden_commands(group, lab_pool):
    cases = group[1]
    reason = live_skip_reason(cases[0].tool) or live.lab_program_missing(cases[0])
    if reason:
        skip_live(reason)
    lab = lab_pool.lab_for(cases[0])
    directory = tempfile.mkdtemp(prefix="pnt-snapshot-")
    failures, lacking = [], []
    try:
        taken = take_snapshot(lab, directory)
        for case in cases:
            kind, found, taken = _compare_case(lab, case, directory, taken)
            if kind == "lacks" and _lack_reason(found) is None and case.id not in NOT_YET:
                lacking.append("%s: %s\n    ours: the snapshot lacks %s" % (case.id, " ".join(case.argv), found))
            elif kind == "compared" and found and case.id not in DIFFERS:
                failures.append("%s: %s\n%s" % (case.id, " ".join(case.argv), "\n".join(found)))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    problems = failures + lacking
    assert not problems, "%d of %d cases differ from the real tool on a snapshot:\n\n%s" % (
        len(problems), len(cases), "\n\n".join(problems))


NETWORK_COMMANDS = [
    ["ping", "-c", "1", "198.51.100.1"], ["ping6", "-c", "1", "2001:db8::1"],
    ["traceroute", "-n", "198.51.100.1"], ["nc", "-z", "198.51.100.1", "22"],
    ["dig", "@198.51.100.53", "example."], ["dig", "example."], ["whois", "example.com"],
]


@pytest.fixture(scope="module")
def ss_lab_snapshot(lab_pool):
    """The "ss" lab (sockets of every kind, held by processes) and a snapshot of it."""
    from tests.harness.cases import load_cases

    case = [c for c in load_cases("ss") if c.lab == "ss"][0]
    lab = lab_pool.lab_for(case)
    directory = tempfile.mkdtemp(prefix="pnt-snapshot-")
    take_snapshot(lab, directory)
    yield lab, directory
    shutil.rmtree(directory, ignore_errors=True)


def _ours(lab, argv, directory, role="main", user=None):
    environ = dict(BASE_ENV, PYNETTOOLS_REPLAY=directory)
    start, link_dir = live.ours_linked_command(argv[0])
    environ["PATH"] = link_dir + os.pathsep + environ["PATH"]
    if user:
        os.chmod(link_dir, 0o755)
    return lab.run(_as(user, start + argv[1:]), role=role, env=environ)


def _as(user, argv):
    if not user:
        return argv
    import pwd

    entry = pwd.getpwnam(user)
    return ["setpriv", "--reuid=%d" % entry.pw_uid, "--regid=%d" % entry.pw_gid, "--clear-groups"] + argv


@pytest.mark.parametrize("argv", NETWORK_COMMANDS, ids=lambda argv: " ".join(argv))
def test_network_tools_say_the_snapshot_lacks_the_network(argv, ss_lab_snapshot):
    lab, directory = ss_lab_snapshot
    result = _ours(lab, argv, directory)
    assert (result.stdout, result.exit) == (b"", 1)
    assert result.stderr.decode() == "%s: the snapshot in %s does not hold the network: this tool sends and " \
        "receives packets, and a snapshot holds the machine's state\n" % (argv[0], directory)


def test_snapshot_of_a_named_namespace(lab_pool, tmp_path):
    """-n NETNS from outside the namespace: the same as taken inside it."""
    from tests.harness.cases import load_cases

    case = [c for c in load_cases("ip") if c.lab == "ip-routes"][0]
    lab = lab_pool.lab_for(case)
    directory = str(tmp_path / "snap")
    taken = subprocess.run(live.ours_command("snapshot") + ["-n", lab.netns("main"), directory],
                           capture_output=True, env=dict(BASE_ENV))
    assert taken.returncode == 0, taken.stderr
    assert taken.stderr.decode().startswith("snapshot %s: " % directory)
    for argv in (["ip", "-br", "address"], ["ip", "route", "show", "table", "all"], ["ip", "-6", "route"],
                 ["ss", "-tan"], ["netstat", "-rn"], ["route", "-n"], ["arp", "-an"], ["ip", "-d", "link"]):
        real = lab.run(argv, env=dict(BASE_ENV))
        ours = _ours(lab, argv, directory, role="main")
        assert (ours.stdout, ours.stderr, ours.exit) == (real.stdout, real.stderr, real.exit), argv


def test_snapshot_as_a_user_says_what_it_could_not_read(ss_lab_snapshot):
    """A user cannot read root's /proc/PID/fd: the snapshot says so, and its
    ss -p shows the sockets without those owners, as ss -p run by the user does."""
    lab, _ = ss_lab_snapshot
    parent = tempfile.mkdtemp(prefix="pnt-snapshot-user-")
    os.chmod(parent, 0o777)
    directory = os.path.join(parent, "snap")
    try:
        _check_user_snapshot(lab, directory)
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def _check_user_snapshot(lab, directory):
    taken = lab.run(_as("nobody", live.ours_command("snapshot") + [directory]), env=dict(BASE_ENV))
    assert taken.exit == 0, taken.stderr
    lines = taken.stderr.decode().splitlines()
    assert re.match(r"snapshot %s: \d+ reads, \d+ bytes, in [0-9.]+ s$" % directory, lines[0])
    assert re.match(r"could not read /proc/PID/fd \(\d+, permission denied: run as root to include them\)$",
                    "\n".join(lines[1:]), re.M), lines
    for argv in (["ss", "-tanp"], ["ss", "-xap"], ["netstat", "-tanp"]):
        real = lab.run(_as("nobody", argv), env=dict(BASE_ENV))
        ours = _ours(lab, argv, directory, user="nobody")
        assert (ours.stdout, ours.stderr, ours.exit) == (real.stdout, real.stderr, real.exit), argv


def test_snapshot_directory_is_documented_and_plain(ss_lab_snapshot):
    """seam.json describes the snapshot (docs/snapshots.md), and the data files
    hold the kernel's bytes: /proc/net/tcp as the kernel wrote it."""
    import json

    lab, directory = ss_lab_snapshot
    with open(os.path.join(directory, "seam.json")) as f:
        index = json.load(f)
    description = index["snapshot"]
    assert description["format"] == "pynettools snapshot" and description["version"] == 1
    assert set(description) >= {"started", "seconds", "hostname", "kernel", "netns", "uid", "pid", "commands",
                                "reads", "unreadable", "failed"}
    assert description["failed"] == [] and description["reads"] == len(index["entries"])
    keys = [(e["op"], e["key"]) for e in index["entries"]]
    assert len(keys) == len(set(keys)), "a question asked twice"
    entry = [e for e in index["entries"] if e["key"] == "/proc/net/tcp"][0]
    with open(os.path.join(directory, entry["file"]), "rb") as f:
        saved = f.read()
    assert saved.startswith(b"  sl  local_address rem_address   st tx_queue rx_queue")
