"""Every entry of servers.py's tables against the real whois 5.5.17.

For each table entry one or two objects that land on it (a name under each
TLD and new gTLD, the first address of each IPv4 and IPv6 block, the first
and last number of each AS range, a handle with each suffix and prefix, a
query to each server with a charset or RIPE-style flags) are run with
--verbose through the real whois and ours in an empty network namespace
(tests/whois/verbose_batch.py): the same server, query string, messages
and exit status every time, so the tables cannot drift from 5.5.17's.
Needs root (unshare -n) and the reference whois; ~10 s.
"""
import base64
import json
import os
import subprocess
import sys

import pytest

from pynettools.tools.whois import servers
from tests.conftest import require_live_or_skip

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _dotted(n):
    return "%d.%d.%d.%d" % (n >> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255)


def table_queries():
    """[(what it checks, [args])]"""
    out = []
    for tld, _ in servers.TLD_SERVERS:
        out.append(("TLD_SERVERS %s" % tld, ["--verbose", "example." + tld]))
    for gtld in servers.NEW_GTLDS:
        out.append(("NEW_GTLDS %s" % gtld, ["--verbose", "nic." + gtld]))
    for gtld in servers.NEW_GTLDS[::50]:
        out.append(("NEW_GTLDS bare %s" % gtld, ["--verbose", gtld]))
    for net, mask, _ in servers.IPV4:
        out.append(("IPV4 %s" % _dotted(net), ["--verbose", _dotted(net + 1)]))
        out.append(("IPV4 %s last" % _dotted(net), ["--verbose", _dotted(net | (~mask & 0xFFFFFFFF))]))
    for first, length, _ in servers.IPV6:
        out.append(("IPV6 %x/%d" % (first, length), ["--verbose", "%x:%x::1" % (first >> 16, first & 0xFFFF)]))
    for first, last, _ in servers.AS16 + servers.AS32:
        for n in (first, last):
            out.append(("AS %d" % n, ["--verbose", "AS%d" % n]))
        if first > 65535:
            out.append(("AS asdot %d" % first, ["--verbose", "AS%d.%d" % (first >> 16, first & 0xFFFF)]))
    for prefix, _ in servers.NIC_HANDLE_PREFIXES:
        out.append(("NIC prefix %s" % prefix, ["--verbose", prefix.upper() + "EXAMPLE"]))
    for suffix, _ in servers.NIC_HANDLE_SUFFIXES:
        out.append(("NIC suffix %s" % suffix, ["--verbose", "EX1" + suffix.upper()]))
    for name, _, _ in servers.SERVER_CHARSETS:
        out.append(("SERVER_CHARSETS %s" % name, ["--verbose", "-h", name, "example.de"]))
    for name in servers.RIPE_SERVERS:
        out.append(("RIPE_SERVERS %s" % name, ["--verbose", "-h", name, "-B", "example"]))
    return out


def special_queries():
    return [("special %s" % " ".join(args), ["--verbose"] + args) for args in (
        ["2002:c000:0201::1"], ["2002:c000::"], ["2002:1:2"], ["2001:0:4136:e378:8000:63bf:3fff:fdd2"],
        ["2001:0:4136:e378:8000:63bf:3fff"], ["1.2.3.in-addr.arpa"], ["4.3.2.1.in-addr.arpa"],
        ["193.in-addr.arpa"], ["300.in-addr.arpa"], ["1.0.0.2.ip6.arpa"],
        ["b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa"],
        ["user@example.com"], ["AS3333:AS-FOO"], ["as-foo:x"], ["::1"], ["0::1"], ["fe80::1"],
        ["0x2001:db8::"], ["AS"], ["AS 3333"], ["!NSI1"], ["FOO"], ["FOO-BAR"], ["NET-1-2-3-0-1"],
        ["0.0.0.0"], ["1.2.3.4/24"], ["1.2.3.4/"], [" 1.2.3.4"], ["1.2.3.256"], ["AS-1"], ["AS1.65536"],
        ["AS65535.65535"], ["AS0"], ["AS4294967295"], ["AS99999999999"], ["-h", "WHOIS.RIPE.NET:43", "x"],
        ["-h", "[2001:db8::1]:4343", "x"], ["-h", "2001:db8::1", "x"], ["-p", "4343", "x.com"],
        ["-I", "example.com"], ["-t", "person"], ["-v", "person"], ["-q", "sources"], ["--types"],
        ["-T", "dn", "example.de"], ["-i", "mnt-by", "FOO-MNT"], ["example.de."], ["EXAMPLE.DE"],
        ["a", "b", "c.de"], ["example.dk"], ["AS2500"], ["-h", "whois.nic.ad.jp", "AS2500"],
        ["-h", "whois.arin.net", "AS3333"], ["-h", "whois.arin.net", "2001:db8::/32"],
        ["-h", "whois.arin.net", "a b"], ["-h", "whois.jprs.jp", "example.jp"], ["foo.bar.example"],
        ["example.com.br"], ["co.uk"], ["x.co.uk"], ["-V", "Xx1", "1.2.3.4"], ["--no-recursion", "x.com"],
        ["xn--mller-kva.de"], ["müller.de"], ["-x", "-M", "-L", "193.0.0.0"], ["--all-more=1", "x"],
        ["--diff-versions", "1:2", "x"], ["--filter-tag-include", "t", "x"], ["--brief", "x"],
        ["-g", "RIPE:1-2"], ["-s", "RIPE", "x"], ["-H", "x"], ["--host", "x", "y"],
    )]


def run_batch(queries, env=None, hosts=False):
    """[(label, args, real, ours)] from tests/whois/verbose_batch.py in an empty
    namespace.  queries: [(label, args)] or [(label, args, reply bytes)]."""
    from tests.harness import provenance

    real = provenance.identify("whois")["path"]
    entries = []
    for query in queries:
        entry = [query[1], env or {}]
        if len(query) > 2:
            entry.append(base64.b64encode(query[2]).decode("ascii"))
        entries.append(entry)
    command = ["unshare", "-n", "-m", sys.executable, "-m", "tests.whois.verbose_batch", "--hosts", real] if hosts \
        else ["unshare", "-n", sys.executable, "-m", "tests.whois.verbose_batch", real]
    done = subprocess.run(command, input=json.dumps(entries).encode(), capture_output=True,
                          cwd=os.path.dirname(TESTS), timeout=600)
    assert done.returncode == 0, "verbose_batch failed:\n%s" % done.stderr.decode(errors="replace")[-3000:]
    results = json.loads(done.stdout)
    return [(query[0], query[1], r, o) for query, (r, o) in zip(queries, results)]


def _differences(results):
    return ["%s: whois %s\n  real %r\n  ours %r" % (label, " ".join(args), real, ours)
            for label, args, real, ours in results if real != ours]


@pytest.mark.live
def test_every_table_entry_against_the_real_whois():
    require_live_or_skip("whois")
    if os.geteuid() != 0:
        pytest.skip("unshare -n needs root")
    problems = _differences(run_batch(table_queries() + special_queries()))
    assert not problems, "%d differ:\n%s" % (len(problems), "\n".join(problems[:40]))
