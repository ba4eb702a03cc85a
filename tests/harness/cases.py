"""Golden cases: what to run, in which lab, and what it may change.

Each tool lists its cases in tests/<tool>/cases.py:

    CASES = [
        Case("arp", "show-n", ["arp", "-n"], lab="arp"),
        Case("arp", "set-temp", ["arp", "-s", "198.51.100.60", "02:00:00:00:00:60", "temp"],
             lab="arp", mutates=True),
    ]
    SNAPSHOT = [["cat", "/proc/net/arp"]]     # must not move while a case runs
    STATE = [["ip", "-4", "neigh", "show", "nud", "all"]]   # what mutating cases change

A case runs the same argv with the real tool and with ours, in a namespace
of its lab, from a working directory holding its `files` (input files such
as ethers files, named relatively in argv so the path is the same when the
golden test replays it).
"""
import copy
import importlib
import json
import os

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN_DIR = os.path.join(TESTS_DIR, "golden")

# The environment both tools run with, recorded with every case and handed to
# ours on replay: C locale, so net-tools' gettext never translates.
BASE_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C", "LANG": "C"}

# tool -> the Debian package whose version the golden files were recorded with.
REFERENCE_PACKAGES = {
    "arp": "net-tools", "netstat": "net-tools", "route": "net-tools", "ifconfig": "net-tools",
    "ip": "iproute2", "ss": "iproute2",
    "lsof": "lsof", "nc": "netcat-openbsd", "dig": "bind9-dnsutils", "whois": "whois",
    "ping": "iputils-ping", "ping6": "iputils-ping", "traceroute": "traceroute",
}

_NOT_TOOLS = ("harness", "lab", "golden")


class Case:
    """One golden case.

    tool      the tool name (also argv[0])
    name      unique within the tool; the golden directory's name
    argv      the command line, argv[0] included
    lab       a named topology (tests/lab/topology.py) or a spec dict
    mutates   True when the command changes kernel state (arp -s/-d/-f):
              the lab's neighbour tables are reset before each run, and the
              state after the runs is compared too
    files     {name: text}: input files in the working directory
    env       extra environment variables (on top of BASE_ENV)
    ns        the namespace role the command runs in (default "main")
    note      what the case shows (for readers of the case list)
    xfail     None, or the written reason why ours is known to differ
    tty_columns  None (stdout is a pipe), or N: stdout is a terminal N columns
              wide (a pseudo-terminal when run live; Env(stdout_isatty=True,
              columns=N) on replay), for tools that lay out for the terminal
    files     values may also be bytes (binary input, such as a saved netlink
              dump); case.json keeps those as {"base64": "..."}
    outputs   [name, ...]: files the tool writes in its working directory
              (ss -D FILE).  The golden directory keeps the real tool's
              (outputs/NAME; a file it did not write is recorded as missing);
              replay and live compare ours' with
              tests/harness/volatile.py's compare_output_file()
    setup     [argv, ...]: run (in `ns`, each must exit 0) before each of the
              two runs, after a mutating case's reset: makes what the case
              consumes afresh for each run (ss -K kills a socket setup made)
    during    [argv, ...]: run (in `ns`) while the tool runs, once it is
              ready (see `ready`); the tool is then stopped with stop_signal
              after stop_after seconds, unless it has exited by itself.  Both
              runs get the same commands, so the same events (ss -E)
    ready     [argv, ...]: polled (in `ns`) after the tool started, until
              each exits 0, before `during` runs (ss -E: its sock_diag socket
              has joined the events' multicast groups); if the tool exits
              first, `during` is skipped
    stop_after  seconds between the end of `during` and stop_signal
              (with stop_on_output: between that output and stop_signal)
    stop_on_output  [text, N]: send stop_signal (after stop_after seconds)
              only once stdout holds `text` N times (given up after
              OUTPUT_SECONDS): a tool that repeats a listing every second
              (netstat -c) is stopped after its Nth listing whatever the
              load, as the text is written when the listing is flushed
    stop_signal  "SIGINT" or "SIGTERM" (with during/stop_after): what stops a
              tool that runs until killed; its exit status is then -N (died
              by signal N), for the real tool and ours alike
    stdin     None (an empty pipe; on a terminal case, the terminal), or
              the name of one of `files`: the tool reads it as its standard
              input (ip route showdump reads a saved dump there)
    user      None, or a user name: both tools run as that user (setpriv: its
              uid and gid, no supplementary groups), as lsof -i run by a user
              who cannot read other users' /proc/PID/fd
    peer_logs  [name, ...]: files the case's own peers (programs its setup or
              during commands start, such as tests/nc/peer.py) write in the
              working directory: waited for (PEER_LOG_SECONDS) after the tool
              exits, then every process those commands left running in the
              lab's namespaces is stopped (SIGTERM, then SIGKILL), and the
              logs are compared live, the real run's with ours'
              (volatile.compare_peer_log).  The golden directory keeps the
              real run's (peer/NAME; peer/missing); replay has no peer to
              log anything, so it does not compare them
    stop_leftovers  True: every process the setup/during commands left
              running in the lab's namespaces is stopped at the end of each
              run (implied by peer_logs; for a case whose background servers,
              such as a proxy, write no log)
    setup, ready and during commands may start with "@ROLE": run in that
              namespace of the lab instead of `ns`; and may hold "{tests}" (the
              tests directory: a peer program's path differs per checkout)
              and "{cwd}" (the run's working directory: where a peer's log goes)
    precondition  [argv, ...]: must each exit 0 (in `ns`) before every pair,
              or the lab is built again (once) and they are checked again;
              still failing, the pair is not compared (it fails, naming the
              command): e.g. the TIME-WAIT sockets a case shows still exist
    """

    def __init__(self, tool, name, argv, lab="empty", mutates=False, files=None, env=None, ns="main",
                 note="", xfail=None, snapshot=None, state=None, tty_columns=None, outputs=None,
                 setup=None, during=None, ready=None, stop_after=None, stop_signal=None, precondition=None,
                 stop_on_output=None, stdin=None, user=None, peer_logs=None, stop_leftovers=False):
        self.tool = tool
        self.name = name
        self.argv = list(argv)
        self.lab = lab
        self.mutates = mutates
        self.files = dict(files or {})
        self.env = dict(env or {})
        self.ns = ns
        self.note = note
        self.xfail = xfail
        self.snapshot = snapshot
        self.state = state
        self.tty_columns = tty_columns
        self.outputs = list(outputs or [])
        self.setup = [list(argv) for argv in setup or []]
        self.during = [list(argv) for argv in during or []]
        self.ready = [list(argv) for argv in ready or []]
        self.stop_after = stop_after
        self.stop_signal = stop_signal
        self.precondition = [list(argv) for argv in precondition or []]
        self.stop_on_output = list(stop_on_output) if stop_on_output else None
        self.stdin = stdin
        self.user = user
        self.peer_logs = list(peer_logs or [])
        self.stop_leftovers = bool(stop_leftovers or self.peer_logs)
        if stdin is not None and stdin not in self.files:
            raise ValueError("%s/%s: stdin %r is none of the case's files" % (tool, name, stdin))
        if (self.during or stop_after is not None or self.stop_on_output) and stop_signal not in STOP_SIGNALS:
            raise ValueError("%s/%s: a case with `during`, `stop_after` or `stop_on_output` needs stop_signal, one of %s"
                             % (tool, name, ", ".join(sorted(STOP_SIGNALS))))

    def __repr__(self):
        return "Case(%s/%s)" % (self.tool, self.name)

    @property
    def id(self):
        return "%s/%s" % (self.tool, self.name)

    def lab_spec(self):
        if isinstance(self.lab, dict):
            return copy.deepcopy(self.lab)
        from tests.lab import topology

        return topology.named(self.lab)

    def environ(self):
        environ = dict(BASE_ENV)
        environ.update(self.env)
        return environ

    def golden_dir(self):
        return os.path.join(GOLDEN_DIR, self.tool, self.name)

    def to_json(self):
        """What case.json stores: enough to re-record the case without its cases.py."""
        data = {"tool": self.tool, "name": self.name, "argv": self.argv, "mutates": self.mutates,
                "files": encode_files(self.files), "env": self.environ(), "ns": self.ns, "note": self.note,
                "xfail": self.xfail, "snapshot": self.snapshot, "state": self.state,
                "topology": self.lab if isinstance(self.lab, str) else None, "lab": self.lab_spec(),
                "tty_columns": self.tty_columns}
        # Only when used, so the case.json of cases without them stays as it was.
        for field in ("outputs", "setup", "during", "ready", "precondition", "stop_on_output", "stdin", "user",
                      "peer_logs"):
            if getattr(self, field):
                data[field] = getattr(self, field)
        for field in ("stop_after", "stop_signal"):
            if getattr(self, field) is not None:
                data[field] = getattr(self, field)
        if self.stop_leftovers and not self.peer_logs:
            data["stop_leftovers"] = True
        return data

    @classmethod
    def from_json(cls, data):
        env = {k: v for k, v in data.get("env", {}).items() if BASE_ENV.get(k) != v}
        return cls(data["tool"], data["name"], data["argv"], lab=data["lab"], mutates=data.get("mutates", False),
                   files=decode_files(data.get("files")), env=env, ns=data.get("ns", "main"), note=data.get("note", ""),
                   xfail=data.get("xfail"), snapshot=data.get("snapshot"), state=data.get("state"),
                   tty_columns=data.get("tty_columns"), outputs=data.get("outputs"), setup=data.get("setup"),
                   during=data.get("during"), ready=data.get("ready"), stop_after=data.get("stop_after"),
                   stop_signal=data.get("stop_signal"), precondition=data.get("precondition"),
                   stop_on_output=data.get("stop_on_output"), stdin=data.get("stdin"), user=data.get("user"),
                   peer_logs=data.get("peer_logs"), stop_leftovers=data.get("stop_leftovers", False))


# What may stop a case's tool (Case.stop_signal), by name (case.json is JSON).
STOP_SIGNALS = {"SIGINT": 2, "SIGTERM": 15}


def stdin_bytes(case):
    """What the case's tool reads on its standard input (b"": nothing)."""
    name = getattr(case, "stdin", None)
    if name is None:
        return b""
    data = case.files[name]
    return data if isinstance(data, bytes) else data.encode()


def encode_files(files):
    """Case.files for case.json: text as it is, bytes as {"base64": ...}."""
    import base64

    return {name: {"base64": base64.b64encode(data).decode("ascii")} if isinstance(data, bytes) else data
            for name, data in files.items()}


def decode_files(files):
    import base64

    return {name: base64.b64decode(data["base64"]) if isinstance(data, dict) else data
            for name, data in (files or {}).items()}


def tools_with_cases():
    """Tools that have a tests/<tool>/cases.py."""
    found = []
    for name in sorted(os.listdir(TESTS_DIR)):
        if name in _NOT_TOOLS or name.startswith(("_", ".")):
            continue
        if os.path.isfile(os.path.join(TESTS_DIR, name, "cases.py")):
            found.append(name)
    return found


def tool_module(tool):
    return importlib.import_module("tests.%s.cases" % tool)


def load_cases(tool):
    """The tool's cases, with its SNAPSHOT/STATE defaults filled in."""
    module = tool_module(tool)
    cases = list(module.CASES)
    names = set()
    for case in cases:
        if case.name in names:
            raise ValueError("duplicate case %s" % case.id)
        names.add(case.name)
        check_xfail(case)
        if case.snapshot is None:
            case.snapshot = getattr(module, "SNAPSHOT", None)
        if case.state is None:
            case.state = getattr(module, "STATE", None)
    return cases


def check_xfail(case):
    """A case is never marked expected-to-fail without a written reason."""
    if case.xfail is not None and not (isinstance(case.xfail, str) and case.xfail.strip()):
        raise ValueError("%s: xfail must be the written reason why ours differs, not %r" % (case.id, case.xfail))


def find_case(tool, name):
    for case in load_cases(tool):
        if case.name == name:
            return case
    raise KeyError("no case %s/%s" % (tool, name))


def golden_case_dirs(tool=None):
    """[(tool, case name, directory)] for every recorded golden case."""
    found = []
    tools = [tool] if tool else (sorted(os.listdir(GOLDEN_DIR)) if os.path.isdir(GOLDEN_DIR) else [])
    for t in tools:
        tool_dir = os.path.join(GOLDEN_DIR, t)
        if not os.path.isdir(tool_dir):
            continue
        for name in sorted(os.listdir(tool_dir)):
            directory = os.path.join(tool_dir, name)
            if os.path.isfile(os.path.join(directory, "cmd")):
                found.append((t, name, directory))
    return found


def load_golden_case(directory):
    with open(os.path.join(directory, "case.json")) as f:
        return Case.from_json(json.load(f))
