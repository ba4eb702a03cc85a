"""Golden cases for ip (iproute2 6.1.0).

Grouped by object, each group in a module of its own (tests/ip/cases_*.py)
so the objects can grow side by side; this module only gathers them.
"""
from tests.harness.cases import Case


def ip(name, words, lab="empty", note="", **kwargs):
    """A case running `ip WORDS...` (a string is split on spaces)."""
    argv = words.split() if isinstance(words, str) else list(words)
    return Case("ip", name, ["ip"] + argv, lab=lab, note=note, **kwargs)


CASES = [
    # ---- the program: version, usage, global options ------------------------------------
    ip("version", "-V"),
    ip("version-long", "-Version"),
    ip("version-prefix", "-Ver"),
    ip("version-double-dash", "--V"),
    ip("no-object", "", note="usage on stderr, exit 255"),
    ip("help", "help"),
    ip("help-abbreviated", "he"),
    ip("help-option", "-help"),
    ip("unknown-object", "bogus", note='Object "bogus" is unknown, exit 1'),
    ip("unknown-option", "-bogus link"),
    ip("unknown-long-option", "--bogus"),
    ip("family-missing", "-f"),
    ip("family-unknown", "-f bogus link"),
    ip("family-help", "-f help"),
    ip("color-bad-value", "-c=bogus link"),
    ip("netns-missing", "-n"),
    ip("netns-unknown", "-n pnt-no-such-namespace link"),
    ip("rcvbuf-bad", "-rc x link"),
    ip("rcvbuf-missing", "-rc"),
    ip("double-dash-then-object", "-- bogus"),
    ip("human-then-link", "-h link", note="-h is -human-readable (matched before -help): the link list"),
]


def _gather():
    """The object modules' cases, after the program's own."""
    from tests.ip import (cases_address, cases_change, cases_link, cases_linkchange, cases_misc, cases_neigh,
                          cases_route, cases_routechange, cases_rule, cases_save, cases_xdp)
    from tests.ip import cases_batch
    from tests.ip import cases_monitor
    from tests.ip import cases_addrsave

    for module in (cases_link, cases_address, cases_route, cases_neigh, cases_rule, cases_misc, cases_xdp,
                   cases_save, cases_change, cases_routechange, cases_linkchange, cases_batch,
                   cases_monitor, cases_addrsave):
        CASES.extend(module.CASES)
    from tests.ip import cases_echovfxdp

    CASES.extend(cases_echovfxdp.CASES)
    from tests.ip import cases_linkkinds

    CASES.extend(cases_linkkinds.CASES)
    from tests.ip import cases_encap

    CASES.extend(cases_encap.CASES)


_gather()
