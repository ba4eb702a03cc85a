"""The multi-call dispatcher: argv[0] (or argv[1]) names the tool to run.

The BusyBox contract (libbb/appletlib.c):
  arp ARGS...                     called through a link named after a tool
  pynettools arp ARGS...          the same, named as the first argument
  pynettools --list               the tools that work, one per line
  pynettools --install [-s] DIR   hard links (symlinks with -s) to this program
  pynettools snapshot [-n NETNS] DIR   the machine's network state (pynettools/snapshot.py)
  NAME: applet not found          exit 127

Start-up matters (`pynettools --list` must stay within 1.5x of a bare
`python3 -c pass`), so this module imports nothing beyond `sys` and `os`, and
a tool's module is imported only once it has been chosen.
"""
import os
import sys

from pynettools import __version__

# name -> module implementing it.  Only tools that work are listed here; a tool
# is added in the same change that makes it pass its golden cases.  Aliases
# (ping6 -> ping) map several names to one module.
TOOLS = {
    "arp": "pynettools.tools.arp",
    "dig": "pynettools.tools.dig",
    "ifconfig": "pynettools.tools.ifconfig",
    "ip": "pynettools.tools.ip",
    "lsof": "pynettools.tools.lsof",
    "nc": "pynettools.tools.nc",
    "netstat": "pynettools.tools.netstat",
    "ping": "pynettools.tools.ping",
    "ping4": "pynettools.tools.ping",
    "ping6": "pynettools.tools.ping",
    "route": "pynettools.tools.route",
    "ss": "pynettools.tools.ss",
    "traceroute": "pynettools.tools.traceroute",
    "traceroute6": "pynettools.tools.traceroute",
    "whois": "pynettools.tools.whois",
}

_PROGRAM = "pynettools"
_NOT_A_TOOL = (_PROGRAM, "__main__.py", "__main__", "cli.py")


def main(argv=None):
    """Entry point of the console script and of `python -m pynettools`."""
    argv = list(sys.argv if argv is None else argv)
    called_as = os.path.basename(argv[0] if argv else _PROGRAM).lstrip("-")
    if called_as not in _NOT_A_TOOL:
        return _run_tool(called_as, argv[1:], _argv0_as_typed(argv[0]))
    if len(argv) < 2 or argv[1] in ("--help", "-h"):
        _usage(sys.stdout)
        return 0
    first = argv[1]
    if first == "--list":
        sys.stdout.write("".join(name + "\n" for name in TOOLS))
        return 0
    if first == "--version":
        sys.stdout.write("%s %s\n" % (_PROGRAM, __version__))
        return 0
    if first == "--install":
        return _install(argv[2:])
    if first == "snapshot":
        from pynettools.snapshot import main as snapshot_main

        return snapshot_main(argv[2:])
    return _run_tool(first, argv[2:], first)


def _argv0_as_typed(path):
    """What the C tool would see as argv[0]: the messages of getopt and others start with it.

    A C program gets argv[0] as the user typed it: `ss` when found on PATH,
    `./ss` or `/usr/sbin/ss` when named by path.  A script does not: the kernel
    starts its interpreter with the path the shell resolved (`/usr/local/bin/ss`)
    and drops the original argv[0].  So when that path is the one a PATH search
    for its name finds, the user almost surely typed the bare name.
    """
    if "/" not in path:
        return path
    name = os.path.basename(path)
    found = _first_executable(name, [d or "." for d in _path_directories()])
    if found is None:
        return path
    try:
        return name if os.path.samefile(found, path) else path
    except OSError:
        return path


def _path_directories():
    return os.environ.get("PATH", "").split(os.pathsep)


def _first_executable(name, directories):
    """The first directory/name that is an executable file, as a PATH search finds it."""
    for directory in directories:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _run_tool(name, args, argv0):
    module_name = TOOLS.get(name)
    if module_name is None:
        sys.stderr.write("%s: applet not found\n" % name)
        return 127
    from pynettools.runtime import run_tool

    return run_tool(name, module_name, args, argv0)


def _usage(out):
    out.write(
        "%s %s: Debian 12's network tools in one pure-Python program.\n"
        "\n"
        "Usage: %s TOOL [ARGS...]\n"
        "   or: TOOL [ARGS...]              (through a link named after the tool)\n"
        "   or: %s --list\n"
        "   or: %s --install [-s] DIR       (hard links, or symlinks with -s)\n"
        "   or: %s snapshot [-n NETNS] DIR  (the network state, for PYNETTOOLS_REPLAY=DIR TOOL ...)\n"
        "\n"
        "Tools: %s\n" % (_PROGRAM, __version__, _PROGRAM, _PROGRAM, _PROGRAM, _PROGRAM, ", ".join(TOOLS))
    )


def _installed_program():
    """The path the links should point at: this running pynettools script."""
    argv0 = sys.argv[0] if sys.argv else ""
    if os.path.basename(argv0) not in ("__main__.py", "-c", "") and os.path.isfile(argv0):
        return os.path.abspath(argv0)
    return _first_executable(_PROGRAM, [os.path.dirname(sys.executable)] + _path_directories())


def _install(args):
    symbolic = False
    if args and args[0] == "-s":
        symbolic = True
        args = args[1:]
    if len(args) != 1:
        sys.stderr.write("usage: %s --install [-s] DIR\n" % _PROGRAM)
        return 1
    directory = args[0]
    target = _installed_program()
    if target is None:
        sys.stderr.write("%s: cannot find the installed %s program\n" % (_PROGRAM, _PROGRAM))
        return 1
    status = 0
    for name in TOOLS:
        path = os.path.join(directory, name)
        if os.path.lexists(path):
            sys.stderr.write("%s: %s exists, left alone\n" % (_PROGRAM, path))
            continue
        try:
            if symbolic:
                os.symlink(target, path)
            else:
                os.link(target, path)
        except OSError as err:
            sys.stderr.write("%s: %s: %s\n" % (_PROGRAM, path, err.strerror))
            status = 1
    return status
