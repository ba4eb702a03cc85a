"""Property tests: random objects and random server replies, the real whois 5.5.17 against ours.

1. Random domains (TLDs drawn from servers.py's tables, labels with hyphens,
   underscores, capitals and, in a UTF-8 locale, IDN letters and the
   characters libidn2 maps, drops or refuses), IPv4
   addresses and networks, IPv6 addresses (their first 32 bits often drawn
   from the IPv6 table), AS numbers (plain and asdot) and odd strings: each
   run with --verbose in an empty network namespace, the real whois and
   ours print the same server, query string, messages and exit status.
2. Random replies from a server on 127.0.0.1 (named whois.ripe.net,
   whois.jprs.jp, whois.kg, ... through a bind-mounted /etc/hosts, so their
   charsets apply): lines of random bytes, NULs, lone CRs, lines around
   fgets' 1999 bytes, text in ISO-8859-1, CP1251, ISO-2022-JP, disclaimer
   lines -H knows, referral lines to names that do not resolve: the same
   bytes on stdout and stderr, the same exit status, the same query
   received by the server.
3. Random command lines: option words (RIPE flags with and without values,
   -h/-p forms, -I, -H, -V, long options and their abbreviations, bad
   options, "--") and objects in any order, with $WHOIS_OPTIONS: the same
   server, query, messages (getopt's too) and exit status.

Each example is one batch (tests/whois/verbose_batch.py: one namespace, one
Python start for ours); the ci profile runs EXAMPLES (5) of each (about 5 s),
without shrinking (a failure names the differing command line and reply).
PYNETTOOLS_WHOIS_EXAMPLES=N runs N.  Root and the reference whois needed.
"""
import ipaddress
import os

import pytest

from pynettools.tools.whois import servers
from tests.conftest import require_live_or_skip
from tests.whois.test_whois_servers import run_batch

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLES = int(os.environ.get("PYNETTOOLS_WHOIS_EXAMPLES") or 5)
BATCH = 120
SETTINGS = dict(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TLDS = [tld for tld, _ in servers.TLD_SERVERS] + list(servers.NEW_GTLDS)
ASCII_LABEL = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
IDN_LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßéèçñłńżźąęåøæšžčřяжщ中文日本한국ΑΩαως"
# What libidn2 maps, drops or refuses (idn.py): capital sharp s, final
# sigma, joiners and their viramas, soft hyphen and variation selector,
# full-width letters and dots, combining marks, Hebrew and Arabic letters and
# digits (the bidi rule), CONTEXTO points, symbols, emoji, ≠, letters new in
# Unicode 13/14 (ꟴ maps to q, ࣈ is refused), Unicode 15.1's remapped
# Georgian capitals and invisible operators, ASCII punctuation.
IDN_TRICKY = ("ẞΣς\u200c\u200d\u094dक\u00ad\ufe0fＡｚ．。\u0301\u0345ᾈ½⒈™"
              "אב\u05f3١۱ا\u0644\u06f0·・ア♥😀≠ꟴ\u08c8Ⴀ\u2062_/!")


def _idn_label():
    # mostly plain IDN letters, now and then any of the tricky ones
    return st.text(alphabet=st.one_of(st.sampled_from(IDN_LETTERS + "-"), st.sampled_from(IDN_TRICKY)),
                   min_size=1, max_size=12)


def _label(alphabet):
    return st.text(alphabet=alphabet, min_size=1, max_size=12)


@st.composite
def domains(draw, idn=False):
    label = _idn_label() if idn else _label(ASCII_LABEL)
    labels = draw(st.lists(label, min_size=1, max_size=3))
    name = ".".join(labels + [draw(st.sampled_from(TLDS))])
    if draw(st.integers(0, 9)) == 0:
        name = name.upper()
    if draw(st.integers(0, 9)) == 0:
        name += "."
    return name


@st.composite
def ipv4(draw):
    n = draw(st.integers(0, 2 ** 32 - 1))
    text = str(ipaddress.IPv4Address(n))
    if draw(st.integers(0, 4)) == 0:
        text += "/%d" % draw(st.integers(0, 32))
    return text


@st.composite
def ipv6(draw):
    if draw(st.booleans()):
        first = draw(st.sampled_from(servers.IPV6))[0] << 96
        n = first | draw(st.integers(0, 2 ** 96 - 1))
    else:
        n = draw(st.integers(0, 2 ** 128 - 1))
    return str(ipaddress.IPv6Address(n))


@st.composite
def asns(draw):
    n = draw(st.one_of(st.integers(0, 65535), st.integers(0, 2 ** 32 + 5)))
    form = draw(st.integers(0, 3))
    if form == 3 and n > 65535:
        return "AS%d.%d" % (n >> 16, n & 0xFFFF)
    return ("AS%d", "as%d", "As %d")[min(form, 2)] % n


ODD = st.text(alphabet="aAsS0129.:-@/ x!_", min_size=1, max_size=14).filter(lambda s: not s.startswith("-"))


def objects(idn):
    return st.one_of(domains(idn=idn), ipv4(), ipv6(), asns(), ODD)


def _check(results):
    problems = ["whois %s\n  real %r\n  ours %r" % (" ".join(args), real, ours)
                for _, args, real, ours in results if real != ours]
    assert not problems, "%d differ:\n%s" % (len(problems), "\n".join(problems[:10]))


def _require():
    require_live_or_skip("whois")
    if os.geteuid() != 0:
        pytest.skip("unshare needs root")


@pytest.mark.live
@settings(**SETTINGS)
@given(utf8=st.booleans(), data=st.data())
def test_random_objects_same_server_and_query(utf8, data):
    _require()
    queries = data.draw(st.lists(objects(utf8), min_size=BATCH, max_size=BATCH), label="objects")
    env = {"LC_ALL": "C.UTF-8"} if utf8 else {}
    _check(run_batch([("random", ["--verbose", "--", q]) for q in queries], env=env))


# ---- random replies ---------------------------------------------------------------------------------------

SERVED_AS = ("127.0.0.1", "whois.ripe.net", "whois.jprs.jp", "whois.registro.br", "whois.kg", "whois.nic.xyz",
             "whois.lacnic.net")
DISCLAIMER_LINES = [text for pair in servers.HIDE_STRINGS for text in pair if text]
REFERRALS = ["ReferralServer: whois://nowhere.invalid", "ReferralServer: rwhois://nowhere.invalid:4321/",
             "ReferralServer: whois://", "% referto: whois -h nowhere.invalid -p 43 x", "% referto: whois -h x",
             "refer: nowhere.invalid", "Registrar WHOIS Server: nowhere.invalid"]


@st.composite
def encoded_text(draw):
    text = draw(st.text(alphabet="abc XYZ ÀéüßЖяж日本語カナ€", max_size=40))
    codec = draw(st.sampled_from(["utf-8", "latin-1", "cp1251", "iso2022_jp"]))
    return text.encode(codec, "replace")


def reply_lines():
    return st.one_of(
        st.binary(max_size=120),
        st.integers(1995, 2003).map(lambda n: b"L" * n),
        encoded_text(),
        st.sampled_from(DISCLAIMER_LINES).map(lambda s: s.encode("latin-1")),
        st.sampled_from(REFERRALS).map(str.encode),
        st.just(b""),
    )


@st.composite
def replies(draw):
    lines = draw(st.lists(reply_lines(), max_size=25))
    ends = draw(st.lists(st.sampled_from([b"\n", b"\r\n", b"\r", b"\0\n"]), min_size=len(lines),
                         max_size=len(lines)))
    body = b"".join(line + end for line, end in zip(lines, ends))
    if draw(st.booleans()):
        body += draw(st.binary(max_size=30))
    return body


@pytest.mark.live
@settings(**SETTINGS)
@given(utf8=st.booleans(), data=st.data())
def test_random_replies_same_bytes(utf8, data):
    _require()
    batch = []
    for _ in range(30):
        server = data.draw(st.sampled_from(SERVED_AS), label="server")
        flags = data.draw(st.sampled_from([[], ["-H"], ["--no-recursion"], ["-B"]]), label="flags")
        query = data.draw(st.sampled_from(["x", "example.jp", "193.0.0.1", "AS3333", "a b"]), label="query")
        reply = data.draw(replies(), label="reply")
        batch.append(("reply %r" % reply, ["-h", server] + flags + [query], reply))
    env = {"LC_ALL": "C.UTF-8"} if utf8 else {}
    results = run_batch(batch, env=env, hosts=True)
    problems = ["whois %s (reply %s)\n  real %r\n  ours %r" % (" ".join(args), label, real, ours)
                for label, args, real, ours in results if real != ours]
    assert not problems, "%d differ:\n%s" % (len(problems), "\n".join(problems[:5]))


# ---- random command lines ---------------------------------------------------------------------------------

WORDS = ["-B", "-r", "-x", "-T", "dn", "-i", "mnt-by", "-s", "RIPE", "-h", "whois.ripe.net", "-h", "whois.arin.net",
         "-hwhois.nic.ad.jp", "-p", "4343", "-p43", "-I", "-H", "--no-recursion", "-V", "Xx1", "--verbose", "-t",
         "person", "-q", "types", "--exact", "--types", "--", "-k", "--ver", "--verb", "-g", "R:1-2", "-BrG",
         "--host=whois.apnic.net", "--port", "nicname", "--list-versions", "--diff-versions=1:2", "-Y", "-"]


@pytest.mark.live
@settings(**SETTINGS)
@given(data=st.data())
def test_random_command_lines(data):
    _require()
    batch = []
    for _ in range(BATCH):
        words = data.draw(st.lists(st.sampled_from(WORDS), max_size=5), label="options")
        objects_ = data.draw(st.lists(objects(False), max_size=2), label="objects")
        order = data.draw(st.permutations(words + objects_), label="order")
        batch.append(("command line", list(order)))
    env = {"WHOIS_OPTIONS": data.draw(st.sampled_from(["", "-H", "--verbose  -B", "-r -h whois.ripe.net"]),
                                      label="WHOIS_OPTIONS")}
    _check(run_batch(batch, env=env))
