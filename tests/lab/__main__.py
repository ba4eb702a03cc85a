"""python -m tests.lab up|down|exec|list|gc: the lab by hand (see tests/lab/__init__.py)."""
import argparse
import json
import os
import re
import sys

from tests.lab import core, topology

STATE_DIR = "/run/pynettools-lab"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$")


def _state_path(name):
    return os.path.join(STATE_DIR, name + ".json")


def _load(name):
    try:
        with open(_state_path(name)) as f:
            state = json.load(f)
    except OSError:
        sys.exit("lab %s is not up (no %s)" % (name, _state_path(name)))
    lab = core.Lab(state["spec"], name=name)
    lab.adopt_daemons(state.get("daemons", {}))
    return lab


def _spec_for(args):
    if args.case:
        from tests.harness.cases import GOLDEN_DIR, find_case, load_golden_case

        tool, _, case_name = args.case.partition("/")
        try:
            return find_case(tool, case_name).lab_spec()
        except (KeyError, ImportError):  # not in cases.py (any more): the spec it was recorded with
            return load_golden_case(os.path.join(GOLDEN_DIR, tool, case_name)).lab_spec()
    return topology.named(args.topology)


def cmd_up(args):
    if not _SAFE_NAME.match(args.name) or core._STALE_NAME.match(args.name):
        sys.exit("bad lab name %r (letters, digits, . _ -; not pnt-<pid>-<n>)" % args.name)
    if os.path.exists(_state_path(args.name)):
        sys.exit("lab %s is already up (python -m tests.lab down %s)" % (args.name, args.name))
    lab = core.Lab(_spec_for(args), name=args.name)
    lab.up()
    core._live_labs.remove(lab)  # it outlives this process on purpose
    os.makedirs(STATE_DIR, exist_ok=True)
    with open(_state_path(args.name), "w") as f:
        json.dump({"name": args.name, "spec": lab.spec, "daemons": lab.daemon_state()}, f, indent=1)
    print(lab.describe())
    print("run: python -m tests.lab exec %s -- arp -n    (or: ip netns exec %s arp -n)" % (args.name, lab.netns()))
    return 0


def cmd_down(args):
    lab = _load(args.name)
    lab.down()
    os.unlink(_state_path(args.name))
    return 0


def cmd_exec(args):
    lab = _load(args.name)
    command = args.command
    if not command:
        sys.exit("exec: no command")
    os.execvp(core.IP, [core.IP, "netns", "exec", lab.netns(args.ns)] + command)


def cmd_list(args):
    print("topologies: %s" % ", ".join(sorted(topology.TOPOLOGIES)))
    names = sorted(n[:-5] for n in os.listdir(STATE_DIR)) if os.path.isdir(STATE_DIR) else []
    print("labs up: %s" % (", ".join(names) or "none"))
    return 0


def cmd_gc(args):
    for name in core.cleanup_stale():
        print("removed %s" % name)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.lab")
    sub = parser.add_subparsers(dest="command_name", required=True)
    up = sub.add_parser("up", help="build a lab that stays until `down`")
    up.add_argument("name")
    group = up.add_mutually_exclusive_group()
    group.add_argument("--topology", default="arp", help="a named topology (default: arp)")
    group.add_argument("--case", help="the lab of a golden case, TOOL/CASE")
    up.set_defaults(func=cmd_up)
    down = sub.add_parser("down", help="tear a lab down")
    down.add_argument("name")
    down.set_defaults(func=cmd_down)
    ex = sub.add_parser("exec", help="run a command in a lab namespace")
    ex.add_argument("name")
    ex.add_argument("--ns", default="main", help="namespace role (default: main)")
    ex.add_argument("command", nargs="*", help="after --")
    ex.set_defaults(func=cmd_exec)
    sub.add_parser("list", help="topologies and labs that are up").set_defaults(func=cmd_list)
    sub.add_parser("gc", help="remove namespaces left by dead test runs").set_defaults(func=cmd_gc)
    argv = list(sys.argv[1:] if argv is None else argv)
    command = []
    if "--" in argv:  # everything after -- is the command, options and all
        command = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    args = parser.parse_args(argv)
    if args.command_name == "exec":
        args.command = args.command + command
    if os.geteuid() != 0 and args.command_name in ("up", "down", "exec", "gc"):
        sys.exit("the lab needs root")
    try:
        return args.func(args)
    except core.LabError as err:
        sys.exit("lab: %s" % err)


if __name__ == "__main__":
    sys.exit(main())
