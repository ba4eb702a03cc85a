"""Planted bugs the suite must catch:  python -m tests.mutation [NAME...]

Each mutation is a small, realistic bug planted in a copy of the source tree.
For each, the relevant tiers of the suite run against the copy (golden
replay in-process; live side by side in the lab, with ours started from the
copy), and every tier must FAIL.  A tier that passes with the bug in place
is a test that claims more than it checks: the run exits 1 and says which.

The first three are the bugs a review planted in ss and found passing every
tier (issue 6): busy: printed 1000x too small, a 119-minute timer printed
with its seconds, and ours leaving out its own sock_diag socket.

    python -m tests.mutation                  every mutation, every tier it names
    python -m tests.mutation --list
    python -m tests.mutation ss-busy-1000x --tier replay

The live tier needs root (network namespaces) and the reference tools; it is
skipped, with the reason, where they are missing (under
PYNETTOOLS_REQUIRE_LIVE=1 that counts as a failure).  .ci/run runs this.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Mutation:
    """Replace `old` (which must occur exactly once) by `new` in `path`; `tiers`
    maps a tier to the pytest arguments that must then fail."""

    def __init__(self, name, path, old, new, tiers, why):
        self.name = name
        self.path = path
        self.old = old
        self.new = new
        self.tiers = tiers
        self.why = why


MUTATIONS = [
    Mutation(
        "ss-busy-1000x", "pynettools/tools/ss/inet.py",
        'out.append(" busy:%ums" % (busy // 1000))',
        'out.append(" busy:%ums" % (busy // 1000000))',
        {"replay": ["tests/test_golden.py", "-k", "ss/info-tcp]"],
         "live": ["tests/test_differential.py", "-k", "ss/info-tcp]"]},
        "busy: in milliseconds, printed 1000x too small (busy:10ms where ss prints busy:10568ms)"),
    Mutation(
        "ss-timer-minutes-with-seconds", "pynettools/tools/ss/output.py",
        "        if minutes > 9:\n            secs = 0\n",
        "",
        {"replay": ["tests/test_golden.py", "-k", "ss/options-tcp]"],
         "live": ["tests/test_differential.py", "-k", "ss/options-tcp]"]},
        "a 119 min 49 s timer printed 119min49sec where ss prints 119min"),
    Mutation(
        "ss-own-diag-socket-missing", "pynettools/tools/ss/families.py",
        "            if line is None:\n                continue\n            if ss.show_mem:",
        "            if line is None or (protocol == 4 and portid != 0):\n                continue\n"
        "            if ss.show_mem:",
        {"replay": ["tests/test_golden.py", "-k", "ss/netlink-all]"],
         "live": ["tests/test_differential.py", "-k", "ss/netlink-all]"]},
        "ours never lists its own sock_diag netlink socket (the row ss prints for itself)"),
    Mutation(
        "ip-addr-lifetime-off", "pynettools/tools/ip/address.py",
        'p.uint(PRINT_ANY, "valid_life_time", "%usec", addr.valid)',
        'p.uint(PRINT_ANY, "valid_life_time", "%usec", addr.valid + 100)',
        {"replay": ["tests/test_golden.py", "-k", "ip/addr-dev-bridge]"],
         "live": ["tests/test_differential.py", "-k", "ip/addr-dev-bridge]"]},
        "an address's valid_lft (a volatile field, compared within the clock) printed 100 s too long"),
    Mutation(
        "ip-bridge-timer-unpadded", "pynettools/tools/ip/linkinfo.py",
        'p.write("%s %4i.%.2i " % (name, secs, hundredths))',
        'p.write("%s %i.%.2i " % (name, secs, hundredths))',
        {"replay": ["tests/test_golden.py", "-k", "ip/link-details-bridge]"],
         "live": ["tests/test_differential.py", "-k", "ip/link-details-bridge]"]},
        "a bridge's timers (volatile fields) printed without ip's \"%4i\" padding"),
    Mutation(
        "nc-N-no-shutdown", "pynettools/tools/nc/relay.py",
        "            if pfd[NETOUT][0] != -1 and nc.Nflag:\n                self._shutdown(pfd[NETOUT][0], 1)\n",
        "",
        {"replay": ["tests/test_golden.py", "-k", "nc/tcp-N]"],
         "live": ["tests/test_differential.py", "-k", "nc/tcp-N]"]},
        "nc -N never shuts the socket down for writing at EOF on stdin: the peer waits for an EOF that never comes"),
    Mutation(
        "nc-telnet-wont-for-will", "pynettools/tools/nc/relay.py",
        "            if verb in (WILL, WONT):\n                answer = DONT",
        "            if verb in (WILL, WONT):\n                answer = WONT",
        {"replay": ["tests/test_golden.py", "-k", "nc/tcp-t-will-do]"],
         "live": ["tests/test_differential.py", "-k", "nc/tcp-t-will-do]"]},
        "nc -t answers a telnet WILL with WONT where nc sends DONT: only the bytes on the wire (the peer's log) differ"),
    Mutation(
        "nc-received-on-numeric", "pynettools/tools/nc/connect.py",
        "    flags = NI_NUMERICSERV | (NI_NUMERICHOST if nc.nflag else 0)",
        "    flags = NI_NUMERICSERV | NI_NUMERICHOST",
        {"replay": ["tests/test_golden.py", "-k", "nc/l-v]"],
         "live": ["tests/test_differential.py", "-k", "nc/l-v]"]},
        "\"Connection received on\" shows the peer's address where nc, without -n, shows its name"),
    Mutation(
        "dig-tc-retry-inverted", "pynettools/tools/dig/query.py",
        "        if msg.flags & wire.TC and not l.ignore and not l.tcp_mode:",
        "        if msg.flags & wire.TC and l.ignore and not l.tcp_mode:",
        {"replay": ["tests/test_golden.py", "-k", "dig/fault-tc]"],
         "live": ["tests/test_differential.py", "-k", "dig/fault-tc]"]},
        "dig prints a truncated UDP reply instead of saying \"Truncated, retrying in TCP mode.\" and asking again over TCP"),
    Mutation(
        "dig-no-servers-exit-1", "pynettools/tools/dig/query.py",
        "        self.error(\"no servers could be reached\")\n        self.exitcode = max(self.exitcode, 9)\n        return \"done\"\n",
        "        self.error(\"no servers could be reached\")\n        self.exitcode = max(self.exitcode, 1)\n        return \"done\"\n",
        {"replay": ["tests/test_golden.py", "-k", "dig/opt-p-closed]"],
         "live": ["tests/test_differential.py", "-k", "dig/opt-p-closed]"]},
        "dig exits 1 where it exits 9 when no server answered (scripts test for 9)"),
    Mutation(
        "dig-extra-bytes-ignored", "pynettools/tools/dig/query.py",
        "        msg.dig_extra_bytes = parse.extra_bytes(reply)",
        "        msg.dig_extra_bytes = 0",
        {"replay": ["tests/test_golden.py", "-k", "dig/fault-trailing]"],
         "live": ["tests/test_differential.py", "-k", "dig/fault-trailing]"]},
        "a reply with bytes after its last record printed without dig's \"Message has 5 extra bytes at end\" warning"),
    Mutation(
        "traceroute-unreach-host-as-net", "pynettools/tools/traceroute/probes.py",
        '_UNREACH4 = {0: "!N", 6: "!N", 8: "!N", 11: "!N", 1: "!H",',
        '_UNREACH4 = {0: "!N", 6: "!N", 8: "!N", 11: "!N", 1: "!N",',
        {"replay": ["tests/test_golden.py", "-k", "traceroute/host-unreach]"],
         "live": ["tests/test_differential.py", "-k", "traceroute/host-unreach]"],
         "unit": ["tests/traceroute/test_traceroute_engine.py"]},
        "a host unreachable (code 1) marked !N where traceroute prints !H"),
    Mutation(
        "traceroute-address-on-every-probe", "pynettools/tools/traceroute/printer.py",
        "        if not same_addr(p.res, pb.res):\n            return True\n",
        "        return True\n",
        {"replay": ["tests/test_golden.py", "-k", "traceroute/target-n]"],
         "live": ["tests/test_differential.py", "-k", "traceroute/target-n]"]},
        "the hop's address repeated before each time where traceroute prints it once"),
    Mutation(
        # the golden tiers cannot see this one: a round trip is compared within the
        # pair's window (tens of ms), and the lab's are tens of microseconds
        "traceroute-rtt-in-seconds", "pynettools/tools/traceroute/printer.py",
        '"  %.3f ms" % ((pb.recv_time - pb.send_time) * 1000)',
        '"  %.3f ms" % (pb.recv_time - pb.send_time)',
        {"unit": ["tests/traceroute/test_traceroute_engine.py"]},
        "round trips printed in seconds (\"0.000 ms\" for \"0.036 ms\")"),
]


def copy_tree(destination):
    """The working tree (without .git, .venv and caches) at `destination`."""
    # Dot-names too: .git and .venv, and the recorder's staging directories
    # (tests/golden/TOOL/.CASE-xxxx), which vanish while a recording runs.
    patterns = shutil.ignore_patterns("__pycache__", "build", "*.egg-info", "compat-report.json")

    def ignore(directory, names):
        return set(patterns(directory, names)) | {name for name in names if name.startswith(".")}

    shutil.copytree(REPO, destination, ignore=ignore, symlinks=True)


def plant(tree, mutation):
    """Plant the bug in the copy; returns the file's text before, for unplant()."""
    path = os.path.join(tree, mutation.path)
    with open(path) as f:
        text = f.read()
    if text.count(mutation.old) != 1:
        raise SystemExit("%s: the text to mutate occurs %d times in %s (update tests/mutation.py)"
                         % (mutation.name, text.count(mutation.old), mutation.path))
    with open(path, "w") as f:
        f.write(text.replace(mutation.old, mutation.new))
    return text


def unplant(tree, mutation, text):
    with open(os.path.join(tree, mutation.path), "w") as f:
        f.write(text)


def run_tier(tree, args):
    """pytest's exit status for `args`, run in the mutated tree: in-process
    tiers import the tree's pynettools (its directory comes first on
    sys.path); the live tier starts ours with PYNETTOOLS_OURS_SOURCE=tree."""
    environ = dict(os.environ, PYNETTOOLS_OURS_SOURCE=tree, PYTHONDONTWRITEBYTECODE="1")
    environ.pop("PYTHONPATH", None)
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--no-header", "-rs"] + args
    completed = subprocess.run(command, cwd=tree, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return completed.returncode, completed.stdout.decode(errors="replace")


def check(root, mutation, tiers, out, control=False):
    """The tiers that did NOT catch the mutation (each must fail with pytest's
    exit 1), run in `root`, a copy of the tree (copy_tree()) that it leaves as
    it found it.  control=True runs the same tiers on the unmutated copy
    instead: there each must pass, or "caught" would mean nothing."""
    escaped = []
    before = None if control else plant(root, mutation)
    try:
        for tier, args in sorted(mutation.tiers.items()):
            if tiers and tier not in tiers:
                continue
            started = time.time()
            status, text = run_tier(root, args)
            last = text.strip().splitlines()[-1] if text.strip() else ""
            if " skipped" in last and " passed" not in last and " failed" not in last:
                verdict = "SKIPPED (cannot say)"
                escaped.append((tier, "skipped: %s" % _skip_reason(text)))
            elif status == (0 if control else 1):
                verdict = "passes unmutated" if control else "caught"
            else:
                verdict = ("FAILS UNMUTATED" if control else "NOT CAUGHT") + " (pytest exit %d)" % status
                escaped.append((tier, text))
            out.write("  %-8s %-26s %5.1f s\n" % (tier, verdict, time.time() - started))
    finally:
        if before is not None:
            unplant(root, mutation, before)
    return escaped


def _skip_reason(text):
    for line in text.splitlines():
        if line.startswith("SKIPPED"):
            return line
    return text.strip().splitlines()[-1]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="only these mutations")
    parser.add_argument("--tier", action="append", help="only this tier (replay, live); repeatable")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    if args.list or not chosen:
        for mutation in MUTATIONS:
            sys.stdout.write("%-32s %s\n" % (mutation.name, mutation.why))
        return 0 if args.list else 2
    # one copy of the tree for every run (copying its ~3,000 golden cases took
    # some 40 s a time): each mutation is planted in it and taken out again
    tree = tempfile.mkdtemp(prefix="pnt-mutant-")
    try:
        root = os.path.join(tree, "repo")
        copy_tree(root)
        failures = _check_all(root, chosen, args.tier)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    sys.stdout.write("%d of %d mutations caught by every tier (each tier passing without the bug)\n"
                     % (len(chosen) - failures, len(chosen)))
    return 1 if failures else 0


def _check_all(root, chosen, tiers):
    """How many mutations some tier missed (or a control failed)."""
    failures = 0
    for mutation in chosen:
        for control in (True, False):
            sys.stdout.write("%s%s: %s\n" % (mutation.name, " (control: no bug planted)" if control else "",
                                             mutation.why))
            sys.stdout.flush()
            escaped = check(root, mutation, tiers, sys.stdout, control)
            skipped_only = all(text.startswith("skipped:") for _, text in escaped)
            if escaped and (not skipped_only or os.environ.get("PYNETTOOLS_REQUIRE_LIVE") == "1"):
                failures += 1
                for tier, text in escaped:
                    sys.stdout.write("    %s tier:\n%s\n" % (tier, _indent(text[-3000:])))
                break
    return failures


def _indent(text):
    return "".join("      " + line + "\n" for line in text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
