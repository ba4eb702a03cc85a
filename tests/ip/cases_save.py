"""ip golden cases: `ip route save`, `ip route showdump`, `ip rule save` (gathered by tests/ip/cases.py).

save writes a magic number and the kernel's dump messages as they came
(pynettools/tools/ip/routesave.py): stdout is binary, compared as a
netlink stream in which only each message's sequence number (time(NULL)
based) and port id (the process's pid) may differ between the two runs
(tests/harness/volatile.py, IP_SAVE_FIELDS).  showdump reads such a stream
on stdin: the streams in tests/ip/savedumps/ are the real ip's, copied from
the golden stdout of the save cases named in each file's name, and shown
in the lab they were saved in (their device indexes name its devices).
"""
import os

from tests.ip.cases import ip
from tests.ip.cases_route import ROUTE_SNAPSHOT

SAVEDUMPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "savedumps")


def saved(name):
    """A stream the real ip saved (tests/ip/savedumps/NAME)."""
    with open(os.path.join(SAVEDUMPS, name), "rb") as f:
        return f.read()


def route(name, words, note="", **kwargs):
    kwargs.setdefault("snapshot", ROUTE_SNAPSHOT)
    return ip(name, words, lab="ip-routes", note=note, **kwargs)


def rule(name, words, note="", **kwargs):
    return ip(name, words, lab="ip-rules", note=note, **kwargs)


def showdump(name, words, stream, note="", **kwargs):
    """`ip ... route showdump` reading `stream` (bytes) on stdin."""
    return route(name, words, note=note, files={"dump": stream}, stdin="dump", **kwargs)


CASES = [
    # ---- ip route save ---------------------------------------------------------------------
    route("route-save", "route save", note="the main table's routes, raw"),
    route("route-save-table-all", "route save table all"),
    route("route-save-6-table-all", "-6 route save table all"),
    route("route-save-dev", "route save table all dev veth0", note="the selector is `ip route show`'s"),
    route("route-save-scope-link", "route save scope link"),
    route("route-save-abbreviated", "r sa", note="sa: save"),
    route("route-save-json", "-j route save", note='"[]" after the stream: the JSON array is on stdio'),
    route("route-save-missing-table", "-j -p route save table 999",
          note='the magic, the kernel\'s "FIB table does not exist", "[ " left open, exit 2'),
    route("route-save-bad-prefix", "route save bogus", note="the magic is out before the selector is read"),
    route("route-save-tty", "route save", tty_columns=80, note="refuses a terminal, exit 1"),
    # ---- ip rule save ----------------------------------------------------------------------
    rule("rule-save", "rule save"),
    rule("rule-save-6", "-6 rule save"),
    rule("rule-save-json", "-j rule save"),
    rule("rule-save-arguments", "rule save pref 100", note="takes no selector: no magic, exit 1"),
    rule("rule-save-tty", "rule save", tty_columns=80),
]

ROUTES = saved("route-save-table-all.bin")
ROUTES6 = saved("route-save-6-table-all.bin")
RULES = saved("rule-save.bin")
# the rule stream under the route magic: messages that are no routes
NOT_ROUTES = ROUTES[:4] + RULES[4:]

CASES += [
    # ---- ip route showdump -----------------------------------------------------------------
    showdump("route-showdump", "route showdump", ROUTES, note="every table, as `ip route` prints"),
    showdump("route-showdump-6", "route showdump", ROUTES6),
    showdump("route-showdump-4-of-6", "-4 route showdump", ROUTES6, note="-4 filters: nothing"),
    showdump("route-showdump-details", "-d route showdump", ROUTES),
    showdump("route-showdump-oneline", "-o route showdump", ROUTES6),
    showdump("route-showdump-json", "-j route showdump", ROUTES,
             note="no JSON array is opened: -j prints text"),
    showdump("route-showdump-abbreviated", "r showd", ROUTES, note="showd: showdump (sh is show)"),
    showdump("route-showdump-truncated", "route showdump", ROUTES[:4 + 52 + 30],
             note="a message cut short: the routes before it, then rtnl-from_file's complaint, exit 2"),
    showdump("route-showdump-header-cut", "route showdump", ROUTES[:10]),
    showdump("route-showdump-short-magic", "route showdump", ROUTES[:2],
             note="a short read still fills part of the magic"),
    showdump("route-showdump-rule-stream", "route showdump", RULES, note="Magic mismatch, exit 1"),
    showdump("route-showdump-not-routes", "route showdump", NOT_ROUTES,
             note='"Not a route" per message, and on: exit 0'),
    route("route-showdump-empty", "route showdump", note="nothing on stdin: Magic mismatch (0 elems ...)"),
]
