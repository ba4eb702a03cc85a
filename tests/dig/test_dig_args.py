"""dig's command line (pynettools/tools/dig/args.py) against BIND 9.18's dig.

(a) unit tests of the parse record for representative command lines;
(b) the real dig and ours on many invalid or odd command lines, comparing
    stdout, stderr and exit status exactly;
(c) Hypothesis: random "+option" words (prefixes of real option names, in
    mixed case, with or without "no", with random values) against dig.

How (b) and (c) keep dig from sending anything: every command line ends with
the invalid option "+zz" (SENTINEL).  dig parses the whole line before it
sends a query, so it either stops at an earlier word (the error we compare)
or at "+zz" (then what it printed before, warnings included, is compared).
Nothing dig parses here resolves a name (only literal @addresses are used),
and "%" words, which end parsing early, are never generated.  As a second
guard the real dig runs in a fresh network namespace (unshare -n): were a
query sent after all, it could reach nothing.  HOME points at a temporary
directory, so ~/.digrc is the one a case writes (or none).
"""
import io
import os
import shutil
import subprocess

import pytest

from pynettools.tools.dig import args as A

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

SENTINEL = "+zz"


# ---- (a) the record --------------------------------------------------------

def parse(*words, digrc=""):
    return A.parse(["dig"] + list(words), digrc_text=digrc)


def test_no_name_is_the_root_ns_query():
    r = parse()
    (lk,) = r.lookups
    assert (lk.textname, lk.rdtype, lk.rdclass) == (".", A.T_NS, A.C_IN)
    assert lk.cmdline == "\n; <<>> DiG %s <<>>\n;; global options: +cmd\n" % A.VERSION


def test_words_in_any_order_and_global_vs_local():
    r = parse("+notcp", "mx", "@127.0.0.1", "example.com", "+tcp", "ch",
              "example.org", "txt", "+nodnssec")
    one, two = r.lookups
    assert (one.textname, one.rdtype, one.rdclass, one.tcp_mode) == ("example.com", 15, 3, True)
    # options after the first name were that name's: the second starts
    # again from the default lookup (mx before the names applies to both)
    assert (two.textname, two.rdtype, two.rdclass, two.tcp_mode) == ("example.org", 16, 1, False)
    assert one.servers == two.servers == ["127.0.0.1"]
    assert one.cmdline.startswith("\n; <<>> DiG ")
    assert "(1 server found)" in one.cmdline and two.cmdline == ""


def test_type_class_defaults_and_edns():
    lk = parse("example.com").lookups[0]
    assert (lk.rdtype, lk.rdclass, lk.edns, lk.adflag, lk.sendcookie) == (1, 1, 0, True, True)
    assert lk.retries == 3 and lk.udpsize == -1


def test_reverse_names():
    v4 = parse("-x", "192.0.2.1").lookups[0]
    assert (v4.textname, v4.rdtype) == ("1.2.0.192.in-addr.arpa.", A.T_PTR)
    v6 = parse("-x", "2001:db8::1").lookups[0]
    assert v6.textname == "1.0.0.0." + "0.0.0.0." * 5 + "8.b.d.0.1.0.0.2.ip6.arpa"
    # not an address: dig reverses the labels blindly (RFC 2317 names)
    assert parse("-x", "0/25.2.0.192").lookups[0].textname == "192.0.2.0/25.in-addr.arpa."
    # a type given before -x is kept
    assert parse("-t", "ns", "-x", "192.0.2.1").lookups[0].rdtype == A.T_NS


def test_dash_options():
    r = parse("-p", "5353", "-b", "127.0.0.1#99", "-t", "AAAA", "-c", "CHAOS", "-q", "mx",
              "-u", "-k", "/k", "-y", "hmac-sha256:name:c2VjcmV0")
    (lk,) = r.lookups
    assert (r.port, r.source, r.keyfile) == (5353, ("127.0.0.1", 99), "/k")
    # after -t/-c a bare word is always a name ("mx" here comes through -q anyway)
    assert (lk.textname, lk.rdtype, lk.rdclass, lk.use_usec) == ("mx", 28, 3, True)
    assert r.tsig == ("hmac-sha256", 0, "name", "c2VjcmV0")
    assert parse("-t", "ns", "ns").lookups[0].textname == "ns"


def test_ixfr_and_any_use_tcp():
    lk = parse("example.com", "IXFR=42").lookups[0]
    assert (lk.rdtype, lk.ixfr_serial, lk.tcp_mode) == (A.T_IXFR, 42, True)
    assert parse("example.com", "any").lookups[0].tcp_mode
    assert parse("+notcp", "example.com", "any").lookups[0].tcp_mode is False


def test_plus_values():
    r = parse("+time=0", "+tries=0", "+bufsize=1400", "+edns=1", "+ndots=2",
              "+subnet=10/8", "+cookie=abcd", "+padding=64", "+opcode=notify",
              "+ednsopt=nsid", "+ednsopt=65001:c0ffee", "+split=6", "+domain=example",
              "+qid=7", "+retry=2", "example.com")
    lk = r.lookups[0]
    assert (r.timeout, r.ndots, r.domain, r.usesearch, r.splitwidth) == (1, 2, "example", True, 11)
    assert (lk.retries, lk.udpsize, lk.edns, lk.padding, lk.opcode, lk.qid) == (3, 1400, 1, 64, 4, 7)
    assert lk.ecs == ("10.0.0.0", 8) and lk.cookie == "abcd"
    assert lk.ednsopts == [(3, b""), (65001, b"\xc0\xff\xee")]
    assert r.stderr == ";; Warning, split must be a multiple of 4; adjusting to 8\n"


def test_abbreviations_follow_digs_switch_tree():
    assert parse("+shor").short_form
    assert parse("+shorT").short_form          # FULLCHECK ignores case ...
    for bad in ("+Short", "+sh", "+sho", "+s", "+id", "+ex"):   # ... the switch does not
        with pytest.raises(A.DigExit) as e:
            parse(bad)
        assert e.value.code == 1
        assert e.value.stderr.startswith("Invalid option: %s\n" % bad)
    assert parse("+i").lookups[0].ignore            # +i... is +ignore
    assert parse("+do").lookups[0].dnssec           # +do is +dnssec
    assert parse("+nocl").lookups[0].noclass
    assert parse("+NOrec").lookups[0].recurse is False


def test_short_and_trace_and_nssearch():
    r = parse("+short", "example.com")
    assert r.short_form and not r.printcmd and r.lookups[0].cmdline == ""
    lk = parse("example.com", "+trace").lookups[0]
    assert lk.trace and lk.dnssec and not lk.comments
    r = parse("+nssearch", "example.com")
    assert r.short_form and r.lookups[0].rdtype == A.T_NS


def test_digrc_is_read_unless_r():
    assert parse("example.com", digrc="+tries=5 mx +short\n").lookups[0].retries == 5
    # names in ~/.digrc are ignored, its types set the default lookup's
    r = parse("example.com", digrc="ignored.example mx\n")
    assert [(lk.textname, lk.rdtype) for lk in r.lookups] == [("example.com", 15)]
    assert parse("-r", "example.com", digrc="+tries=5\n").lookups[0].retries == 3


def test_errors_have_digs_texts_and_statuses():
    cases = [
        (["+tries=x"], 10, "invalid tries 'x': not a valid number\n", "dig: Couldn't parse tries\n"),
        (["-p", "99999"], 1, "invalid port number '99999': out of range\n",
         "dig: Couldn't parse port number\n"),
        (["-4", "-6"], 1, "", "dig: only one of -4 and -6 allowed\n"),
        (["-x", "1" * 1100], 1, "", "Invalid IP address %s\n" % ("1" * 1100)),
    ]
    for words, code, out, err in cases:
        with pytest.raises(A.DigExit) as e:
            parse(*words)
        assert (e.value.code, e.value.stdout, e.value.stderr) == (code, out, err)


def test_report_error_prints_like_dig():
    out, err = io.StringIO(), io.StringIO()
    try:
        parse("+foo")
    except A.DigExit as e:
        code = A.report_error(e, out, err)
    assert code == 1 and out.getvalue() == ""
    assert err.getvalue() == "Invalid option: +foo\n" + A.USAGE + A.USAGE_TAIL


def test_help_and_version():
    with pytest.raises(A.DigExit) as e:
        parse("-h")
    assert e.value.code == 0 and e.value.stdout == A.HELP and e.value.stdout.startswith(A.USAGE)
    with pytest.raises(A.DigExit) as e:
        parse("-v")
    assert (e.value.code, e.value.stderr) == (0, "DiG %s\n" % A.VERSION)


# ---- the real dig, side by side --------------------------------------------

def _real_dig_or_skip():
    from tests.conftest import skip_live

    if shutil.which("dig") is None:
        skip_live("dig is not installed")
    if os.geteuid() != 0:
        skip_live("unshare -n (no network for the real dig) needs root")


def run_real(words, home):
    env = {"HOME": home, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}
    p = subprocess.run(["unshare", "-n", "dig"] + words, env=env, capture_output=True,
                       timeout=10)
    return p.stdout.decode("utf-8", "surrogateescape"), \
        p.stderr.decode("utf-8", "surrogateescape"), p.returncode


def run_ours(words, home):
    """What our parser makes dig print and return, printed the way the
    future main() will: report_error() when dig stops, else the warnings
    (and then queries would be sent: "QUERY" stands for them)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        r = A.parse(["dig"] + words, env={"HOME": home})
    except A.DigExit as e:
        return out.getvalue() + e.stdout, err.getvalue() + e.stderr, e.code
    A.report_warnings(r, out, err)
    return out.getvalue() + ("QUERY" if r.lookups else ""), err.getvalue(), 0


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return str(tmp_path_factory.mktemp("dighome"))


def compare(words, home, digrc=None):
    rc = os.path.join(home, ".digrc")
    if digrc is None:
        if os.path.exists(rc):
            os.unlink(rc)
    else:
        with open(rc, "w") as f:
            f.write(digrc)
    real = run_real(words, home)
    ours = run_ours(words, home)
    assert ours == real, "dig %s" % " ".join(words)


# (b): each ends with SENTINEL unless it ends in "!" (then dig must stop
# before the end: a value missing at the end, -h, -v).
ODD = [
    "+foo", "+", "+=", "+==", "+no", "+NO", "+nofoo", "+=tries=x", "+foo=bar",
    "+tries", "+tries=", "+tries==3", "+tries=x", "+tries=0", "+tries=4294967296",
    "+notries=3", "+retry=4294967295", "+retry=4294967294", "+noretry=1",
    "+time=x", "+time=65536", "+time=0", "+timeout=5", "+notime=5", "+ti",
    "+bufsize", "+bufsize=65536", "+nobufsize", "+bufsize=-1", "+bufsize= 1",
    "+edns=256", "+edns=x", "+noedns=x", "+ednsflags=0x10000", "+ednsflags=0x",
    "+ednsflags=010", "+ednsflags=08", "+ednsflags=x", "+ednsopt", "+ednsopt=",
    "+ednsopt=:", "+ednsopt=x", "+ednsopt=65536", "+ednsopt=3:abc", "+ednsopt=3:a_",
    "+ednsopt=3::ab", "+ednsopt=NSID:", "+ednsopt=pad:00 +ednsopt=ecs",
    "+subnet", "+subnet=", "+subnet=zz", "+subnet=1.2/x", "+subnet=1.2/33",
    "+subnet=" + "a" * 60, "+subnet=0", "+subnet=::1/200", "+subnet=10/8", "+nosubnet",
    "+cookie=" + "a" * 81, "+cookie=" + "a" * 80, "+cookie=zz",
    "+split=5", "+split=x", "+split=1024", "+split=8 +split=x", "+nosplit=4", "+split",
    "+ndots", "+ndots=65536", "+nondots=1", "+ndots=x",
    "+domain", "+domain=", "+nodomain=x", "+do", "+dox", "+dnssec", "+dns64prefix",
    "+padding", "+padding=513", "+nopadding", "+padding=x",
    "+qid", "+qid=65536", "+noqid=x", "+opcode", "+opcode=update", "+opcode=16",
    "+opcode=reserved15", "+opcode=x", "+noopcode=x",
    "+fuzztime=x", "+fuzztime", "+nofuzztime=x",
    "+dscp", "+mapped", "+sigchase", "+topdown", "+trusted-key", "+unexpected",
    "+dscp +mapped +sigchase",
    "+https=foo", "+https=/ok/path", "+https=/%zz", "+https=/%4", "+https=//x",
    "+https=/a//b", "+https", "+http", "+ht", "+h", "+http-plain", "+http-p",
    "+http-plain-", "+http-plain-g", "+https-get", "+https-", "+nohttp",
    "+tls", "+tls-", "+tls-ca", "+tls-ca=/x", "+tls-certfile", "+tls-certfile=",
    "+tls-hostname", "+tls-keyfile=k", "+tls-c", "+notls-hostname", "+tlsx",
    "+Short", "+sHort", "+shorT", "+sho", "+show", "+showb", "+showsearch",
    "+i", "+id", "+idn", "+idnin", "+iGNORE", "+ignorex", "+keep", "+keepa",
    "+cd", "+co", "+cl", "+class", "+cla", "+ttl", "+ttli", "+ttlu", "+tt",
    "+a", "+ad", "+aa", "+al", "+adx", "+additionalx", "+vc", "+v", "+y", "+z",
    "+e", "+ed", "+edns", "+ednsn", "+ex", "+exp", "+expa", "+r", "+re", "+rec",
    "+q", "+qr", "+qu", "+p", "+n", "+ns", "+nsi", "+nss", "+o", "+on",
    "+trace +notrace", "+nssearch", "+yaml", "+all +noall",
    # dash options
    "-z", "-", "-4z", "-44", "-4 -6", "-6 -4", "-46", "-t!", "-c!", "-p!",
    "-p 99999", "-p x", "-p65535", "-b 1.2.3.4#x", "-b 1.2.3.4#70000", "-b nope",
    "-b ::1#5", "-4 -b ::1", "-6 -b 127.0.0.1", "-x 1.2.3.4", "-x 2001:db8::1",
    "-x " + "1" * 1100, "-t ixfr", "-t ixfr=", "-t ixfr=5", "-t nope", "-t a -t mx",
    "-c nope", "-c in -c ch", "-y a", "-y a:b", "-y :", "-y a:b:c",
    "-y " + "x" * 20 + ":b:c", "-y hmac-md5-x:b:c", "-y hmac-sha1-161:b:c",
    "-y hmac-sha512-8:n:s", "-q!", "-debugx", "-v!", "-h!", "-4v!", "-hz",
    "-iu", "-n", "-m", "-k!", "-f!", "-f /nonexistent/batch!", "-y!",
    # bare words
    "ixfr", "ixfr=", "ixfr=x", "IXFR=3 ixfr=4", "a mx", "in ch", "uinfo a",
    "type65535 a", "type65536", "class3 ch", "type+5 a", "type-0 a", "TYPE 5 a",
    "a -t mx", "-c ch in", "nsap-ptr a", "resinfo a", "reserved0 in",
    "example.com +foo", "@127.0.0.1 +foo", "@::1 @127.0.0.2 example.com",
    "@::1%nope", "-4 @::1", "-4 @::ffff:192.0.2.1", "-b 127.0.0.1 @::1", "-6 @127.0.0.1",
]


def _words(case):
    if case.endswith("!"):
        return case[:-1].split(" ")
    return case.split(" ") + [SENTINEL]


def test_odd_command_lines_match_real_dig(home):
    _real_dig_or_skip()
    for case in ODD:
        compare(_words(case), home)


DIGRC = [
    ("+tries=x\n", "example.com"),
    ("+foo\n", "example.com"),
    ("+split=5\n+split=6\n", "example.com"),
    ("-t nope\n", "example.com"),
    ("a mx\n", "example.com"),
    ("+foo\n", "-r example.com"),
    ("-r +tries=x\n", "example.com"),
    ("+nofoo " * 70 + "\n", "example.com"),
]


def test_digrc_matches_real_dig(home):
    _real_dig_or_skip()
    for text, case in DIGRC:
        compare(_words(case), home, digrc=text)


BATCH = [
    "+foo +zz\n",
    "\n# comment\n;x\nexample.com +tries=x\n",
    "\r\n#\nexample.com mx +split=5 +zz\n+foo\n",
    "-t nope example.com @::1%nope +zz\n",
    "@127.0.0.1 -4 @::1 a +zz\n",
    "",
]


def test_batch_file_matches_real_dig(home):
    """-f: dig reads the file after the command line and parses its first
    usable line before sending anything (each first line here ends in the
    sentinel or fails before it)."""
    _real_dig_or_skip()
    path = os.path.join(home, "batch")
    for text in BATCH:
        with open(path, "w") as f:
            f.write(text)
        compare(["-f", path, "+short"], home)
    compare(["-f", os.path.join(home, "missing")], home)
    compare(["-f", home], home)                 # a directory reads as empty


# ---- (c) random +options -----------------------------------------------------

OPTION_NAMES = sorted({n for leaf in A._PLUS_FLAGS for n in leaf.split("|")} | {
    "bufsize", "comments", "cookie", "defname", "search", "dns64prefix", "dnssec",
    "domain", "edns", "ednsflags", "ednsopt", "fuzztime", "ndots", "nsid", "nssearch",
    "opcode", "padding", "qid", "question", "retry", "retries", "short", "showsearch",
    "split", "subnet", "tcp", "vc", "timeout", "trace", "tries", "all", "yaml",
    "tls", "tls-ca", "tls-certfile", "tls-hostname", "tls-keyfile", "https",
    "https-get", "https-post", "http-plain", "http-plain-get", "http-plain-post",
} | set(A.OBSOLETE))

VALUES = ["", "0", "1", "3", "4", "7", "255", "256", "512", "1023", "1024", "65535",
          "65536", "4294967295", "4294967296", "0x10", "010", "x", "-1", " 1", "abcd",
          "nsid", "3:0a", "3:0", "update", "1.2.3.4", "1.2/16", "::1/64", "0", "/p",
          "a=b", "=", "Q"]

if given is not None:
    @st.composite
    def plus_words(draw):
        name = draw(st.sampled_from(OPTION_NAMES))
        word = name[:draw(st.integers(1, len(name)))]
        word = "".join(c.upper() if draw(st.integers(0, 5)) == 0 else c for c in word)
        if draw(st.booleans()):
            word = draw(st.sampled_from(["no", "No", "NO"])) + word
        if draw(st.booleans()):
            word += "=" + draw(st.sampled_from(VALUES))
        return "+" + word

    @settings(max_examples=max(settings().max_examples, 150), derandomize=True)
    @given(st.lists(plus_words(), min_size=1, max_size=3))
    def test_random_plus_options_match_real_dig(words):
        _real_dig_or_skip()
        home = "/nonexistent-dig-home"      # no ~/.digrc
        assert run_ours(words + [SENTINEL], home) == run_real(words + [SENTINEL], home)

    # Dash options and bare words: the value words a dash option may take
    # (or, at the end, miss), types, classes, literal servers.  -d is left
    # out (it turns on dig's debug trace, which ours does not print).
    ARG_WORDS = ["a", "mx", "ixfr", "ixfr=3", "IXFR=x", "in", "ch", "class5", "type99",
                 "TYPE65536", "any", "axfr", "192.0.2.1", "::1", "2001:db8::1",
                 "192.0.2.1#53", "::1#x", "x", "hmac-sha1:k:s", "k:s", ":", "53",
                 "example.com", "-", "-4", "-x", "@127.0.0.1", "@::1", "+short", "+tcp"]

    @st.composite
    def dash_words(draw):
        letters = draw(st.text("46bcfhikmnpqrtuvxy", max_size=3))
        word = "-" + letters
        if draw(st.booleans()):
            word += draw(st.sampled_from(ARG_WORDS))
        return word

    @settings(max_examples=max(settings().max_examples, 60), derandomize=True)
    @given(st.lists(st.one_of(dash_words(), st.sampled_from(ARG_WORDS)), min_size=1, max_size=5))
    def test_random_dash_and_bare_words_match_real_dig(words):
        _real_dig_or_skip()
        home = "/nonexistent-dig-home"
        # two sentinels: a dash option at the end may take the first as its value
        line = words + [SENTINEL, SENTINEL]
        assert run_ours(line, home) == run_real(line, home)


# ---- the record against what the real dig then does ---------------------------
# In a namespace with no network every query fails at once, and dig names
# each lookup it tries: transport, server, port and query name, in order.
# That checks the record of a successful parse (which query gets which
# options) without a single packet leaving.  One global @127.0.0.1 and
# +tries=1 keep it to one line pair per lookup.

KEY32 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
RECORD_LINES = [
    "example.com",
    "example.com mx +tcp a.example +notcp b.example +vc",
    "+tcp example.com +notcp a.example b.example",
    "-p 5353 example.com -q foo.example -x 192.0.2.1 -x 2001:db8::1",
    "-x 192.0.2.1 +tcp example.com any a.example",
    "ixfr=5 example.com +notcp a.example axfr",
    "+vc -p 1 example.com -p 2 a.example",
    "example.com %ignored.example",
    "-t a -q a.example in ch",
    "",
    # -y: a key dig cannot make is reported on stdout, and dig goes on.
    # (Valid keys here are 32 bytes: a short one makes libdns log a
    # timestamped "too short to be secure" line, not modelled yet.)
    "-y name:bad@ example.com", "-y hmac-foo:name:%s example.com" % KEY32,
    "-y name:%s example.com" % KEY32, "-y name:AB== example.com",
    "-y n:A -y hmac-sha1:n:%s example.com" % KEY32,
    "-y name:c2VjcmV0= example.com", "-y name:c2VjcmV0==== example.com",
    "-y hmac-sha256:n:%s -y hmac-x:n:%s example.com" % (KEY32, KEY32),
]


def render_lookups(r):
    out = []
    for lk in r.lookups:
        server = "127.0.0.1#%d(127.0.0.1)" % r.port
        if lk.tcp_mode:
            out.append(";; Connection to %s for %s failed: network unreachable.\n"
                       % (server, lk.textname))
        else:
            out.append(";; UDP setup with %s for %s failed: network unreachable.\n"
                       % (server, lk.textname))
        out.append(";; no servers could be reached\n")
    return "".join(out)


# (~/.digrc, command line): +tcp is ignored in ~/.digrc, -p is not; its names
# are ignored but -x adds a query (the first: ~/.digrc is read first).
RECORD_DIGRC = [
    ("+tcp -p 5353\n", "@127.0.0.1 +tries=1 example.com"),
    ("@127.0.0.1 +tries=1\n-x 192.0.2.7 +vc\n", "example.com +tcp"),
    ("a.example any\n", "@127.0.0.1 +tries=1 example.com"),
]


def test_lookups_match_what_real_dig_tries(home):
    _real_dig_or_skip()
    cases = [(None, "@127.0.0.1 +tries=1 " + c) for c in RECORD_LINES] + RECORD_DIGRC
    for digrc, case in cases:
        with open(os.path.join(home, ".digrc"), "w") as f:
            f.write(digrc or "")
        words = case.split()
        r = A.parse(["dig"] + words, env={"HOME": home})
        real = run_real(words, home)
        ours = A.tsig_key_warning(r) + render_lookups(r)
        assert (ours, r.stderr, 9) == real, (digrc, case)
