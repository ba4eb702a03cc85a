"""The guide to how the tools read the kernel keeps up with the code.

docs/how-it-reads-the-kernel.md explains every kernel interface a tool
consults.  This test replays every golden case of every tool in
pynettools.cli.TOOLS in-process with the trace on (PYNETTOOLS_TRACE=1 as a
Kernel whose trace_to is a buffer), reduces each trace line to the
interface it names, and fails when the guide never names one of them:

  read /proc/4242/fd/3: ...              ->  /proc/PID/fd/FD
  read /sys/class/net/tap0/tun_flags: .. ->  /sys/class/net/IFACE/tun_flags
  read /etc/iproute2/rt_tables.d/x.conf  ->  /etc/iproute2/rt_tables.d/NAME.conf
  read /usr/share/locale/de/LC_MESSAGES/whois.mo -> /usr/share/locale/LANG/LC_MESSAGES/whois.mo
  netlink ROUTE link get veth0: 1 messages ->  netlink ROUTE link get
  netlink SOCK_DIAG inet6 tcp dump: ...  ->  netlink SOCK_DIAG inet6 tcp dump
  ioctl SIOCGIFFLAGS veth0               ->  SIOCGIFFLAGS
  lookup gethostbyaddr 198.51.100.2: ..  ->  lookup gethostbyaddr
  lookup ioctl SIOCGIFCONF : [...]      ->  lookup ioctl SIOCGIFCONF
  socket AF_INET SOCK_STREAM|SOCK_NONBLOCK 6: fd 3  ->  socket AF_INET SOCK_STREAM
  setsockopt fd 3 SO_REUSEADDR 1         ->  setsockopt SO_REUSEADDR
  connect fd 3 to 198.51.100.2 port 80: EINPROGRESS  ->  connect

A file the user named (`arp -f ethers`, `ip -batch /`, ss's PROC_ROOT=root:
a relative path, or one that is a word of the command line) is no kernel
interface, and is left out.

"Named" means: inside an inline code span of the guide (`...`), as whole
words.  Trace excerpts in fenced blocks do not count: pasting a trace line
is not explaining it.

A read the recording lacks ends in a ReplayMiss before it is traced, so an
interface new in the code shows up here once its cases are recorded again
(which test_golden demands).

The walks themselves are checked too: each fenced block of the guide that
starts `$ PYNETTOOLS_TRACE=1 PYNETTOOLS_REPLAY=tests/golden/TOOL/CASE/kernel
TOOL ARGS` must name the case's own command line, and its lines must appear
in that order in the case's trace ("..." stands for lines or text left out).

Every case is replayed (about 4,000; a few seconds once the files are in
the page cache).  To see what the guide lacks without pytest:

    python -m tests.test_kernel_guide
"""
import io
import os
import re

import pytest

from tests.harness import golden
from tests.harness.cases import golden_case_dirs

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUIDE = os.path.join(ROOT, "docs", "how-it-reads-the-kernel.md")

# The first word of a netlink trace's description that ends the interface:
# what follows it is the request's argument (a device, an address, a table).
NETLINK_VERBS = ("dump", "get", "new", "add", "delete", "del", "set", "change", "replace", "restore",
                 "flush", "events", "peers", "family", "destroy")

# Calls of the socket seam (kernel/netio.py) whose trace starts with the call's name.
_NETIO_PATTERNS = (
    (re.compile(r"(read|write) fd \d+"), lambda m: m.group(1)),
    (re.compile(r"socket (\S+) (\w+)"), lambda m: "socket %s %s" % (m.group(1), m.group(2))),
    # an option netio has no name for shows as its level and number: "IPPROTO_TCP 13"
    (re.compile(r"([sg]etsockopt) fd \d+ ((?:IPPROTO_\w+|SOL_\w+|\d+) \d+|\S+)"),
     lambda m: "%s %s" % (m.group(1), m.group(2))),
)

# /proc and /sys path components that vary from run to run, and their placeholders.
_PATH_PARTS = (
    (re.compile(r"^/proc/\d+(?=/|$)"), "/proc/PID"),
    (re.compile(r"/task/\d+(?=/|$)"), "/task/TID"),
    (re.compile(r"/(fd|fdinfo)/\d+$"), r"/\1/FD"),
    (re.compile(r"^/sys/class/net/[^/]+/"), "/sys/class/net/IFACE/"),
    (re.compile(r"^(/etc/iproute2/\w+\.d)/[^/]+\.conf$"), r"\1/NAME.conf"),
    (re.compile(r"^/usr/share/locale/[^/]+/LC_MESSAGES/"), "/usr/share/locale/LANG/LC_MESSAGES/"),
)


def path_interface(path):
    """An absolute path with its varying parts replaced; None for a relative one."""
    if not path.startswith("/"):
        return None
    for pattern, placeholder in _PATH_PARTS:
        path = pattern.sub(placeholder, path)
    return path


def netlink_interface(words):
    """netlink FAMILY WHAT...: the family and the description up to its verb."""
    family, what = words[1], words[2:]
    kept = []
    for word in what:
        if word.startswith("("):  # a qualifier: "(names)", "(kind tun)", "(flush)"
            break
        kept.append(word)
        if word in NETLINK_VERBS:
            break
    return "netlink %s %s" % (family, " ".join(kept))


def interface(line, argv=()):
    """The kernel interface one trace line names, or None (a file the user named in argv)."""
    line = line.strip()
    if not line:
        return None
    head = line.split(": ", 1)[0] if ": " in line else line.rstrip(":")
    words = head.split()
    first = words[0]
    for pattern, name in _NETIO_PATTERNS:
        found = pattern.match(head)
        if found:
            return name(found)
    if first in ("read", "listdir", "readlink", "readlinks"):
        if len(words) < 2 or words[1] in argv:
            return None
        return path_interface(words[1])
    if first == "netlink":
        return netlink_interface(words)
    if first in ("ioctl",):
        return words[1]
    if first == "lookup" and words[1] in ("ioctl", "bpf") and len(words) > 2:
        return "lookup %s %s" % (words[1], words[2])  # "lookup ioctl SIOCGIFCONF", "lookup bpf prog ..."
    if first in ("lookup", "inotify"):
        return "%s %s" % (first, words[1])
    if len(words) > 1 and re.fullmatch(r"[a-z]+", words[1]) and words[1] not in ("fd", "nothing"):
        return "%s %s" % (first, words[1])  # a tool's own line: "whois query on fd 3: ..."
    return first  # connect, poll, bind, listen, accept, shutdown, close, ...


# ---- running the traces ------------------------------------------------------------


def traced_replay(directory):
    """The trace lines of ours replaying one golden case, and its argv."""
    trace = io.StringIO()
    make_kernel = golden._strict_kernel

    def tracing_kernel(replay_dir):
        kernel = make_kernel(replay_dir)
        kernel.trace_to = trace
        return kernel

    golden._strict_kernel = tracing_kernel
    try:
        golden.replay(directory)
    except Exception:  # noqa: BLE001 - a failing replay is test_golden's business; its trace still counts
        pass
    finally:
        golden._strict_kernel = make_kernel
    return trace.getvalue().splitlines(), golden.Expected(directory).argv


def listed_tools():
    """The tools of pynettools.cli.TOOLS, an alias (traceroute6, ping6) left out:
    it runs its first name's module, whose walk and cases stand for it."""
    from pynettools.cli import TOOLS

    seen = set()
    names = []
    for name, module in TOOLS.items():
        if module not in seen:
            seen.add(module)
            names.append(name)
    return sorted(names)


def interfaces_of(tool):
    """{interface: 'tool/case: trace line'} (its first occurrence) over every golden case of `tool`."""
    found = {}
    for _, name, directory in golden_case_dirs(tool):
        lines, argv = traced_replay(directory)
        for line in lines:
            name_ = interface(line, argv)
            if name_ is not None and name_ not in found:
                found[name_] = "%s/%s: %s" % (tool, name, line[:120])
    return found


def guide_code_spans(text):
    """The inline code spans of a Markdown text, fenced blocks left out."""
    text = re.sub(r"^```.*?^```[ \t]*$", "", text, flags=re.S | re.M)
    # a span may wrap onto the next line: Markdown shows the line break as a space
    return [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", text)]


def named_in(name, spans):
    """Whether `name` appears, as whole words, in one of the spans."""
    pattern = re.compile(r"(?<![\w/.-])%s(?![\w/.-])" % re.escape(name))
    return any(pattern.search(span) for span in spans)


def missing_from_guide(tool, spans):
    return sorted((name, where) for name, where in interfaces_of(tool).items() if not named_in(name, spans))


def _spans():
    with open(GUIDE, encoding="utf-8") as f:
        return guide_code_spans(f.read())


# ---- the tests ---------------------------------------------------------------------


@pytest.mark.parametrize("tool", listed_tools())
def test_guide_names_every_interface_the_trace_shows(tool):
    if not golden_case_dirs(tool):
        pytest.skip("%s has no golden cases yet" % tool)
    missing = missing_from_guide(tool, _spans())
    assert not missing, (
        "docs/how-it-reads-the-kernel.md never names (in a `code span`) these interfaces "
        "that %s's trace shows; explain each (what it is, the module that decodes it):\n%s" % (
            tool, "\n".join("  %-45s e.g. %s" % item for item in missing)))


@pytest.mark.parametrize("tool", listed_tools())
def test_guide_has_a_section_per_tool(tool):
    with open(GUIDE, encoding="utf-8") as f:
        headings = re.findall(r"^#+ +(.*)$", f.read(), flags=re.M)
    assert any(re.match(r"`?%s`?(\W|$)" % re.escape(tool), heading) for heading in headings), (
        "docs/how-it-reads-the-kernel.md has no section for %s" % tool)


@pytest.mark.parametrize("tool", listed_tools())
def test_man_page_points_at_the_guide(tool):
    """Each man page's HOW IT READS THE KERNEL section names the guide (pynettools.docgen adds it)."""
    from pynettools import docgen

    generated = docgen.generated_files(docgen.load_tools())  # what docgen writes (test_docs: it is written)
    pages = [path for path in generated if re.fullmatch(r"man/%s\.\d" % re.escape(tool), path)]
    if not pages:
        pytest.skip("%s has no man page yet" % tool)
    page = generated[pages[0]]
    section = page.split(".SH HOW IT READS THE KERNEL", 1)[1].split("\n.SH ", 1)[0]
    assert "docs/how\\-it\\-reads\\-the\\-kernel.md" in section


# ---- the walks are real traces -------------------------------------------------------

_WALK = re.compile(r"^```\n\$ PYNETTOOLS_TRACE=1 PYNETTOOLS_REPLAY=tests/golden/([\w.-]+)/([\w.-]+)/kernel "
                   r"(.*?)\n(.*?)^```$", re.S | re.M)


def guide_walks():
    """[(tool, case, the command as shown, [trace lines as shown])] of the guide."""
    with open(GUIDE, encoding="utf-8") as f:
        text = f.read()
    return [(m.group(1), m.group(2), m.group(3), m.group(4).splitlines()) for m in _WALK.finditer(text)]


def _shown_matches(shown, line):
    """A shown line against a real one; "..." inside it stands for any text."""
    parts = shown.split("...")
    return re.fullmatch(".*?".join(re.escape(part) for part in parts), line) is not None


def walk_problems(tool, case, command, shown):
    import shlex

    directory = os.path.join(ROOT, "tests", "golden", tool, case)
    if not os.path.isdir(directory):
        return ["no golden case %s/%s" % (tool, case)]
    lines, argv = traced_replay(directory)
    if shlex.split(command) != list(argv):
        return ["the walk shows `%s`, the case runs %s" % (command, argv)]
    problems = []
    at = 0
    for wanted in shown:
        if wanted.strip() == "...":
            continue
        found = next((i for i in range(at, len(lines)) if _shown_matches(wanted, lines[i])), None)
        if found is None:
            problems.append("not in the trace (after line %d): %s" % (at, wanted))
        else:
            at = found + 1
    return problems


def test_the_guide_has_a_walk_per_tool():
    walked = {tool for tool, _, _, _ in guide_walks()}
    missing = [tool for tool in listed_tools() if golden_case_dirs(tool) and tool not in walked]
    assert not missing, "no traced walk in the guide for: %s" % ", ".join(missing)


@pytest.mark.parametrize("tool,case,command,shown", guide_walks(),
                         ids=["%s/%s" % (walk[0], walk[1]) for walk in guide_walks()])
def test_each_walk_is_the_cases_real_trace(tool, case, command, shown):
    if tool not in listed_tools():
        pytest.skip("%s is not in pynettools.cli.TOOLS yet" % tool)
    problems = walk_problems(tool, case, command, shown)
    assert not problems, "%s/%s:\n%s" % (tool, case, "\n".join(problems))


REDUCTIONS = [
    ("read /proc/net/arp: 2 entries", "/proc/net/arp"),
    ("read /proc/4242/fdinfo/7: 3 lines", "/proc/PID/fdinfo/FD"),
    ("readlinks /proc/17/task/18/fd: 3 links", "/proc/PID/task/TID/fd"),
    ("read /sys/class/net/tap0/tun_flags: 1 lines", "/sys/class/net/IFACE/tun_flags"),
    ("read /etc/iproute2/rt_tables.d/extra.conf: 2 lines", "/etc/iproute2/rt_tables.d/NAME.conf"),
    ("read /usr/share/locale/de/LC_MESSAGES/whois.mo: 180 lines", "/usr/share/locale/LANG/LC_MESSAGES/whois.mo"),
    ("read ethers: 8 lines", None),
    ("read /: Is a directory", "/"),
    ("netlink ROUTE link get veth0: 1 messages", "netlink ROUTE link get"),
    ("netlink ROUTE link dump (names): 3 messages", "netlink ROUTE link dump"),
    ("netlink ROUTE link property add veth0: 1 messages", "netlink ROUTE link property add"),
    ("netlink SOCK_DIAG inet+inet6 tcp dump: 4 messages", "netlink SOCK_DIAG inet+inet6 tcp dump"),
    ("netlink GENERIC genl family tcp_metrics: 1 messages", "netlink GENERIC genl family"),
    ("ioctl SIOCGIFFLAGS veth0", "SIOCGIFFLAGS"),
    ("ioctl SIOCSARP 198.51.100.9 pub dev d0: Operation not permitted", "SIOCSARP"),
    ("lookup gethostbyaddr 198.51.100.2: None", "lookup gethostbyaddr"),
    ("lookup ioctl SIOCGIFCONF : ['lo', 'veth0']", "lookup ioctl SIOCGIFCONF"),
    ("socket AF_INET SOCK_STREAM|SOCK_NONBLOCK 6: fd 3", "socket AF_INET SOCK_STREAM"),
    ("setsockopt fd 3 SO_REUSEADDR 1", "setsockopt SO_REUSEADDR"),
    ("getsockopt fd 3 SO_ERROR: 0", "getsockopt SO_ERROR"),
    ("read fd 3: 105 bytes", "read"),
    ("connect fd 3 to 198.51.100.2 port 80: EINPROGRESS", "connect"),
    ("inotify /run/netns: 2 reads", "inotify /run/netns"),
    ("whois query on fd 3: 'domain example.com'", "whois query"),
    ("close 3", "close"),
]


@pytest.mark.parametrize("line,expected", REDUCTIONS)
def test_trace_line_reduces_to_its_interface(line, expected):
    assert interface(line) == expected


def test_a_file_named_on_the_command_line_is_no_interface():
    assert interface("read /: Is a directory", ["ip", "-batch", "/"]) is None


def test_a_new_interface_is_caught():
    """A trace line naming something the guide does not know is reported."""
    spans = _spans()
    assert named_in("netlink ROUTE link get", spans)
    assert not named_in(interface("netlink ROUTE link frobnicate veth0: 1 messages"), spans)
    assert not named_in(interface("read /proc/net/tcp7: 3 sockets"), spans)
    assert not named_in(interface("ioctl SIOCGIFFROB veth0"), spans)


def main():
    spans = _spans()
    for tool in listed_tools():
        for name, where in missing_from_guide(tool, spans):
            print("%-10s %-45s %s" % (tool, name, where))


if __name__ == "__main__":
    main()
