"""pynettools.getopt against glibc 2.36's getopt, getopt_long and getopt_long_only.

Three kinds of evidence:

- Unit tests with written-out expectations.  Every message and result here
  was checked on Debian 12 (glibc 2.36) against the C harness below and, where
  a real tool reads the same command line, against that tool.
- Real tools: arp, ss, netstat, route (getopt_long), ping, nc (plain getopt)
  and whois are run with bad options; their stderr must begin with exactly the
  messages we print for their optstrings and tables (the tools stop at the
  first error and print their usage).  The expected texts are written out
  too, so the test still checks us where a tool is missing.
- Property tests on random command lines: against util-linux's
  /usr/bin/getopt (`getopt -o OPTSTRING -l LONGOPTS -n prog -- ARGS`, which
  calls glibc's getopt_long / getopt_long_only and prints what it returned,
  normalized, with glibc's own messages), present on every Debian; and, where a
  C compiler exists, against a few lines of C calling glibc directly, which
  also shows optind, optopt, the permuted argv and the interleaving of
  messages and results.  Both are cheap (one small process per example), so
  they run at least EXAMPLES command lines, or the Hypothesis profile's count
  when that is more (HYPOTHESIS_PROFILE=long: thousands; tests/conftest.py).
  .ci/run installs gcc, so CI builds the harness; without a compiler the
  glibc test is skipped, or fails under PYNETTOOLS_REQUIRE_LIVE=1.
"""
import io
import os
import shutil
import subprocess

import pytest

from pynettools.getopt import FLAG_SET, OPERAND, Getopt, parse
from tests.conftest import skip_live

try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # the rest of the file still runs
    given = None

# Command lines per property test: at least this many, more under a profile that asks more.
EXAMPLES = max(settings().max_examples, 500) if given is not None else 0

ENV_C = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}


def run(argv, optstring, longopts=None, environ=None, **options):
    """(results, operands, stderr text) for one whole loop."""
    err = io.StringIO()
    found, operands = parse(argv, optstring, longopts, err, environ or {}, **options)
    return found, operands, err.getvalue()


LONG = (("verbose", 0, "v"), ("version", 0, "V"), ("device", 1, "i"), ("color", 2, "c"),
        ("all", 0, "a"))


# ---- order, permutation, operands ------------------------------------------

def test_operands_are_moved_behind_the_options():
    found, operands, err = run(["prog", "x", "-a", "y", "-b", "z"], "ab")
    assert found == [("a", None), ("b", None)]
    assert operands == ["x", "y", "z"]
    assert err == ""


def test_permuted_argv_and_optind_as_glibc_leaves_them():
    parser = Getopt(["prog", "x", "-a", "y", "-i", "eth0", "z"], "ai:", stderr=io.StringIO(),
                    environ={})
    assert list(parser) == [("a", None), ("i", "eth0")]
    assert parser.argv == ["prog", "-a", "-i", "eth0", "x", "y", "z"]
    assert parser.optind == 4
    assert parser.operands == ["x", "y", "z"]


def test_double_dash_ends_the_options_and_is_dropped():
    found, operands, _ = run(["prog", "x", "-a", "--", "-b", "--"], "ab")
    assert found == [("a", None)]
    assert operands == ["x", "-b", "--"]


def test_lone_dash_and_empty_word_are_operands():
    found, operands, _ = run(["prog", "-", "", "-a"], "a")
    assert found == [("a", None)]
    assert operands == ["-", ""]


@pytest.mark.parametrize("optstring, environ", [("ab", {"POSIXLY_CORRECT": ""}), ("+ab", {})])
def test_first_operand_ends_the_options(optstring, environ):
    found, operands, _ = run(["prog", "-a", "x", "-b", "--", "y"], optstring, environ=environ)
    assert found == [("a", None)]
    assert operands == ["x", "-b", "--", "y"]


def test_dash_optstring_returns_operands_in_place():
    found, operands, _ = run(["prog", "x", "-a", "y", "--", "-b"], "-ab")
    assert found == [(OPERAND, "x"), ("a", None), (OPERAND, "y")]
    assert operands == ["-b"]


def test_only_one_leading_modifier():
    # "++a": the second "+" is an option character.
    found, operands, _ = run(["prog", "-+", "x", "-a"], "++a")
    assert found == [("+", None)]
    assert operands == ["x", "-a"]


def test_errors_do_not_stop_the_scan():
    found, operands, err = run(["prog", "-x", "y", "-a"], "a")
    assert found == [("?", None), ("a", None)]
    assert operands == ["y"]
    assert err == "prog: invalid option -- 'x'\n"


def test_messages_appear_when_their_word_is_reached():
    """The loop is lazy: stopping at -V leaves the later error unprinted."""
    err = io.StringIO()
    parser = Getopt(["arp", "-V", "-x"], "vVx:", (), err, {})
    assert next(parser) == ("V", None)
    assert err.getvalue() == ""
    assert next(parser) == ("?", None)
    assert err.getvalue() == "arp: option requires an argument -- 'x'\n"


def test_no_arguments_at_all():
    assert run([], "a") == ([], [], "")
    assert run(["prog"], "a", LONG) == ([], [], "")


# ---- short options ---------------------------------------------------------

def test_clusters_and_attached_arguments():
    found, _, _ = run(["prog", "-ani", "eth0", "-ieth1", "-vi", "-x"], "anvi:")
    assert found == [("a", None), ("n", None), ("i", "eth0"), ("i", "eth1"), ("v", None),
                     ("i", "-x")]


def test_a_required_argument_may_be_any_word():
    found, operands, _ = run(["prog", "-i", "--", "-a"], "ai:")
    assert found == [("i", "--"), ("a", None)]
    assert operands == []


def test_optional_argument_only_attached():
    found, operands, _ = run(["prog", "-c", "q", "-cq", "-ac"], "ac::")
    assert found == [("c", None), ("c", "q"), ("a", None), ("c", None)]
    assert operands == ["q"]


def test_missing_argument():
    found, _, err = run(["prog", "-ai"], "ai:")
    assert found == [("a", None), ("?", None)]
    assert err == "prog: option requires an argument -- 'i'\n"


def test_leading_colon_silences_and_returns_colon():
    parser = Getopt(["prog", "-x", "-i"], ":i:", stderr=io.StringIO(), environ={})
    assert list(parser) == [("?", None), (":", None)]
    assert parser.optopt == "i"
    found, _, err = run(["prog", "-i"], "+:i:")
    assert found == [(":", None)] and err == ""


def test_colon_and_semicolon_are_never_options():
    found, _, err = run(["prog", "-:", "-;"], "a:;")
    assert found == [("?", None), ("?", None)]
    assert err == "prog: invalid option -- ':'\nprog: invalid option -- ';'\n"


def test_question_mark_can_be_an_option():
    """arp's "h?": -? returns "?" with no message (arp then prints its usage)."""
    found, _, err = run(["arp", "-?"], "h?")
    assert found == [("?", None)] and err == ""


def test_opterr_off():
    found, _, err = run(["prog", "-x", "--nope", "-i"], "i:", LONG, opterr=False)
    assert [code for code, _ in found] == ["?", "?", "?"]
    assert err == ""


def test_non_ascii_option_is_one_option_per_byte():
    """getopt reads bytes: "é" (c3 a9) is two invalid options, each printed
    as its raw byte (here the surrogates that write back as those bytes)."""
    err = io.StringIO()
    parser = Getopt(["prog", "-é"], "a", stderr=err, environ={})
    assert list(parser) == [("?", None), ("?", None)]
    assert err.getvalue() == "prog: invalid option -- '\udcc3'\nprog: invalid option -- '\udca9'\n"
    assert err.getvalue().encode("utf-8", "surrogateescape") == (
        b"prog: invalid option -- '\xc3'\nprog: invalid option -- '\xa9'\n")


def test_non_ascii_bytes_in_arguments_survive():
    found, operands, _ = run(["prog", "-ié\udcff", "\udcfe"], "i:")
    assert found == [("i", "é\udcff")]
    assert operands == ["\udcfe"]


# ---- plain getopt (no long option table) -----------------------------------

def test_plain_getopt_reads_double_dash_words_as_short_options():
    """ping: `ping --foo` says invalid option -- '-'."""
    found, _, err = run(["ping", "--foo"], "h?4bc:")
    assert found[0] == ("?", None)
    assert err.splitlines()[0] == "ping: invalid option -- '-'"


def test_empty_long_table_is_not_plain_getopt():
    found, _, err = run(["prog", "--foo"], "f", ())
    assert found == [("?", None)]
    assert err == "prog: unrecognized option '--foo'\n"


# ---- long options ----------------------------------------------------------

def test_long_options_with_arguments():
    found, operands, _ = run(["prog", "--device", "eth0", "--device=eth1", "--dev=", "--color",
                              "x", "--color=auto"], "", LONG)
    assert found == [("i", "eth0"), ("i", "eth1"), ("i", ""), ("c", None), ("c", "auto")]
    assert operands == ["x"]


def test_unique_prefix_and_exact_match():
    table = (("verb", 0, "b"), ("verbose", 0, "v"))
    assert run(["prog", "--verb"], "", table)[0] == [("b", None)]      # exact beats longer
    assert run(["prog", "--verbo"], "", table)[0] == [("v", None)]
    assert run(["prog", "--al"], "", LONG)[0] == [("a", None)]


def test_longindex():
    parser = Getopt(["prog", "--dev", "x", "--al"], "", LONG, io.StringIO(), {})
    next(parser)
    assert parser.longindex == 2
    next(parser)
    assert parser.longindex == 4


def test_ambiguous_prefix():
    found, _, err = run(["arp", "--ver"], "", LONG)
    assert found == [("?", None)]
    assert err == "arp: option '--ver' is ambiguous; possibilities: '--verbose' '--version'\n"


def test_prefix_of_options_that_act_alike_is_not_ambiguous():
    """netstat: inet and inet6 both return 1, interfaces returns 'i'; glibc
    lists the first match and the ones that differ from it."""
    table = (("ip", 0, 1), ("inet", 0, 1), ("inet6", 0, 1), ("interfaces", 0, "i"))
    found, _, err = run(["netstat", "--ine"], "", table)
    assert found == [(1, None)] and err == ""
    found, _, err = run(["netstat", "--in"], "", table)
    assert err == "netstat: option '--in' is ambiguous; possibilities: '--inet' '--interfaces'\n"
    found, _, err = run(["netstat", "--i"], "", table)
    assert err == "netstat: option '--i' is ambiguous; possibilities: '--ip' '--interfaces'\n"


def test_ambiguity_compares_has_arg_too():
    table = (("socket", 1, "A"), ("query", 1, "A"), ("sock", 0, "A"), ("so", 1, "A"))
    found, _, err = run(["ss", "--soc"], "", table)
    assert err == "ss: option '--soc' is ambiguous; possibilities: '--socket' '--sock'\n"
    # "so" is matched exactly, before any abbreviation is considered.
    assert run(["ss", "--so", "x"], "", table)[0] == [("A", "x")]


def test_ambiguous_message_shows_the_whole_word():
    _, _, err = run(["route", "--ver=1"], "", LONG)
    assert err == "route: option '--ver=1' is ambiguous; possibilities: '--verbose' '--version'\n"


def test_empty_name_abbreviates_every_option():
    found, _, err = run(["prog", "--=x"], "", (("device", 1, "i"),))
    assert found == [("i", "x")] and err == ""
    _, _, err = run(["prog", "--=x"], "", LONG)
    assert err == ("prog: option '--=x' is ambiguous; possibilities: '--verbose' '--version'"
                   " '--device' '--color' '--all'\n")


def test_unrecognized_shows_the_value_too():
    found, _, err = run(["arp", "--foo=bar"], "", LONG)
    assert found == [("?", None)]
    assert err == "arp: unrecognized option '--foo=bar'\n"


def test_argument_errors_name_the_full_option():
    _, _, err = run(["arp", "--verb=1", "--dev"], "", LONG)
    assert err == ("arp: option '--verbose' doesn't allow an argument\n"
                   "arp: option '--device' requires an argument\n")
    parser = Getopt(["arp", "--dev"], ":", LONG, io.StringIO(), {})
    assert list(parser) == [(":", None)]
    assert parser.optopt == "i"


def test_long_option_with_a_flag():
    parser = Getopt(["prog", "--debug", "--v"], "", (("debug", 0, 7, "debug_flag"), ("verbose", 0, "v")),
                    io.StringIO(), {})
    assert list(parser) == [(FLAG_SET, None), ("v", None)]
    assert parser.flags == {"debug_flag": 7}


# ---- getopt_long_only ------------------------------------------------------

def test_long_only():
    found, operands, err = run(["prog", "-verbose", "-v", "-dev", "x", "-al", "-ax", "-zz"], "avx",
                               LONG, long_only=True)
    assert found == [("v", None), ("v", None), ("i", "x"), ("a", None), ("a", None), ("x", None),
                     ("?", None)]
    assert err == "prog: unrecognized option '-zz'\n"
    assert operands == []


def test_long_only_every_second_match_is_ambiguous():
    table = (("inet", 0, 1), ("inet6", 0, 1))
    _, _, err = run(["prog", "-ine"], "", table, long_only=True)
    assert err == "prog: option '-ine' is ambiguous; possibilities: '-inet' '-inet6'\n"
    _, _, err = run(["prog", "--ine"], "", table, long_only=True)
    assert err == "prog: option '--ine' is ambiguous; possibilities: '--inet' '--inet6'\n"


def test_long_only_double_dash_never_falls_back_to_short():
    _, _, err = run(["prog", "--ax"], "ax", LONG, long_only=True)
    assert err == "prog: unrecognized option '--ax'\n"


# ---- -W foo ----------------------------------------------------------------

def test_w_semicolon_means_long_option():
    found, operands, err = run(["prog", "-W", "verb", "-Wdev", "eth0", "-Wcolor=x", "y"], "W;",
                               LONG)
    assert found == [("v", None), ("i", "eth0"), ("c", "x")]
    assert operands == ["y"]
    assert err == ""


def test_w_messages():
    _, _, err = run(["prog", "-W", "foo", "-Wver", "-Wall=1", "-W"], "W;", LONG)
    assert err == ("prog: unrecognized option '-W foo'\n"
                   "prog: option '-W ver' is ambiguous; possibilities: '-W verbose' '-W version'\n"
                   "prog: option '-W all' doesn't allow an argument\n"
                   "prog: option requires an argument -- 'W'\n")


def test_w_without_long_table_is_a_plain_option():
    assert run(["prog", "-W", "foo"], "W;")[0:2] == ([("W", None)], ["foo"])


# ---- the real tools --------------------------------------------------------

# Tables from the tools' sources (net-tools 2.10, iproute2 6.1, iputils
# 20221126, netcat-openbsd 1.219, whois 5.5); order matters for ambiguity.
# ss's options without a letter get stand-in numbers: only their being
# different from each other and from the letters matters to getopt.
_AF = tuple((name, 0, 1) for name in ("ax25", "x25", "ip", "ipx", "appletalk", "netrom", "inet",
                                       "inet6", "ddp", "rose", "unix", "bluetooth"))
NETSTAT = ("A:CFMacdeghilnNoprsStuUvVWw2fx64?Z", _AF + (
    ("version", 0, "V"), ("interfaces", 0, "i"), ("help", 0, "h"), ("route", 0, "r"),
    ("protocol", 1, "A"), ("tcp", 0, "t"), ("sctp", 0, "S"), ("udp", 0, "u"),
    ("udplite", 0, "U"), ("raw", 0, "w"), ("unix", 0, "x"), ("l2cap", 0, "2"),
    ("rfcomm", 0, "f"), ("listening", 0, "l"), ("all", 0, "a"), ("timers", 0, "o"),
    ("continuous", 0, "c"), ("extend", 0, "e"), ("programs", 0, "p"), ("verbose", 0, "v"),
    ("statistics", 0, "s"), ("wide", 0, "W"), ("numeric", 0, "n"), ("numeric-hosts", 0, "!"),
    ("numeric-ports", 0, "@"), ("numeric-users", 0, "#"), ("symbolic", 0, "N"),
    ("cache", 0, "C"), ("fib", 0, "F"), ("groups", 0, "g"), ("context", 0, "Z")))
ROUTE = ("A:eCFhnN64Vv?", _AF + (
    ("extend", 0, "e"), ("verbose", 0, "v"), ("version", 0, "V"), ("numeric", 0, "n"),
    ("symbolic", 0, "N"), ("protocol", 1, "A"), ("cache", 0, "C"), ("fib", 0, "F"),
    ("help", 0, "h")))
SS = ("dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO", tuple(
    (name, 1 if name in ("family", "socket", "query", "diag", "filter", "net") else 0, code)
    for name, code in (
        ("numeric", "n"), ("resolve", "r"), ("options", "o"), ("extended", "e"),
        ("memory", "m"), ("info", "i"), ("processes", "p"), ("threads", "T"), ("bpf", "b"),
        ("events", "E"), ("dccp", "d"), ("tcp", "t"), ("sctp", "S"), ("udp", "u"),
        ("raw", "w"), ("unix", "x"), ("tipc", 264), ("vsock", 263), ("all", "a"),
        ("listening", "l"), ("ipv4", "4"), ("ipv6", "6"), ("packet", "0"), ("family", "f"),
        ("socket", "A"), ("query", "A"), ("summary", "s"), ("diag", "D"), ("filter", "F"),
        ("version", "V"), ("help", "h"), ("context", "Z"), ("contexts", "z"), ("net", "N"),
        ("tipcinfo", 265), ("tos", 266), ("cgroup", 267), ("kill", "K"), ("no-header", "H"),
        ("xdp", 268), ("mptcp", "M"), ("oneline", "O"), ("inet-sockopt", 269))))
PING = ("h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:", None)
NC = ("46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz", None)
WHOIS = ("abBcdFg:Gh:Hi:IKlLmMp:q:rRs:t:T:v:V:x", ())  # its long options play no part here


def _arp_table():
    from pynettools.tools import arp

    return arp._OPTSTRING, arp._LONG_OPTIONS


# (tool, its arguments, its getopt arguments, the messages up to the first error)
REAL_TOOLS = [
    ("arp", ["--ver"], _arp_table,
     "arp: option '--ver' is ambiguous; possibilities: '--verbose' '--version'\n"),
    ("arp", ["--verb=1"], _arp_table, "arp: option '--verbose' doesn't allow an argument\n"),
    ("arp", ["--dev"], _arp_table, "arp: option '--device' requires an argument\n"),
    ("arp", ["--foo=bar"], _arp_table, "arp: unrecognized option '--foo=bar'\n"),
    ("arp", ["--=x"], _arp_table,
     "arp: option '--=x' is ambiguous; possibilities: '--verbose' '--version' '--all' "
     "'--delete' '--file' '--numeric' '--set' '--protocol' '--hw-type' '--device' '--help' "
     "'--use-device' '--symbolic'\n"),
    ("arp", ["-i"], _arp_table, "arp: option requires an argument -- 'i'\n"),
    ("arp", ["host", "-Z"], _arp_table, "arp: invalid option -- 'Z'\n"),
    ("arp", ["-W"], _arp_table, "arp: invalid option -- 'W'\n"),
    ("arp", ["-é"], _arp_table, "arp: invalid option -- '\udcc3'\n"),
    ("ss", ["--s"], lambda: SS,
     "ss: option '--s' is ambiguous; possibilities: '--sctp' '--socket' '--summary'\n"),
    ("ss", ["--so"], lambda: SS, "ss: option '--socket' requires an argument\n"),
    ("ss", ["--tcp=1"], lambda: SS, "ss: option '--tcp' doesn't allow an argument\n"),
    ("ss", ["-f"], lambda: SS, "ss: option requires an argument -- 'f'\n"),
    ("ss", ["-tY"], lambda: SS, "ss: invalid option -- 'Y'\n"),
    ("netstat", ["--i"], lambda: NETSTAT,
     "netstat: option '--i' is ambiguous; possibilities: '--ip' '--interfaces'\n"),
    ("netstat", ["--in", "--bogus"], lambda: NETSTAT,
     "netstat: option '--in' is ambiguous; possibilities: '--inet' '--interfaces'\n"),
    ("netstat", ["--inet6", "--bogus"], lambda: NETSTAT,
     "netstat: unrecognized option '--bogus'\n"),
    ("netstat", ["--unix=3"], lambda: NETSTAT,
     "netstat: option '--unix' doesn't allow an argument\n"),
    ("netstat", ["-A"], lambda: NETSTAT, "netstat: option requires an argument -- 'A'\n"),
    ("netstat", ["-y"], lambda: NETSTAT, "netstat: invalid option -- 'y'\n"),
    ("route", ["--ver=1"], lambda: ROUTE,
     "route: option '--ver=1' is ambiguous; possibilities: '--verbose' '--version'\n"),
    ("route", ["-y"], lambda: ROUTE, "route: invalid option -- 'y'\n"),
    ("route", ["--bogus"], lambda: ROUTE, "route: unrecognized option '--bogus'\n"),
    ("route", ["-A"], lambda: ROUTE, "route: option requires an argument -- 'A'\n"),
    ("ping", ["--foo"], lambda: PING, "ping: invalid option -- '-'\n"),
    ("ping", ["-c"], lambda: PING, "ping: option requires an argument -- 'c'\n"),
    ("ping", ["-é"], lambda: PING, "ping: invalid option -- '\udcc3'\n"),
    ("nc", ["-y"], lambda: NC, "nc: invalid option -- 'y'\n"),
    ("nc", ["-p"], lambda: NC, "nc: option requires an argument -- 'p'\n"),
    ("whois", ["-Y"], lambda: WHOIS, "whois: invalid option -- 'Y'\n"),
    ("whois", ["-h"], lambda: WHOIS, "whois: option requires an argument -- 'h'\n"),
]


def _messages_to_first_error(argv, optstring, longopts):
    err = io.StringIO()
    for code, _ in Getopt(argv, optstring, longopts, err, {}):
        if code in ("?", ":"):
            break
    return err.getvalue()


@pytest.mark.parametrize("tool, args, table, expected", REAL_TOOLS,
                         ids=["%s %s" % (case[0], " ".join(case[1])) for case in REAL_TOOLS])
def test_real_tool_messages(tool, args, table, expected):
    optstring, longopts = table()
    assert _messages_to_first_error([tool] + args, optstring, longopts) == expected
    path = shutil.which(tool, path=ENV_C["PATH"])
    if path is None:
        return  # the expectation above was taken from the real tool
    completed = subprocess.run([tool] + [_bytes(arg) for arg in args], executable=path,
                               env=ENV_C, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=20)
    assert completed.stderr.startswith(_bytes(expected)), completed.stderr[:300]


def _bytes(text):
    return text.encode("utf-8", "surrogateescape")


# ---- property tests against glibc ------------------------------------------

GETOPT = shutil.which("getopt", path=ENV_C["PATH"])
_NAMES = ["verbose", "version", "vx", "all", "al", "a", "b-c", "W", "foo", "fo", "f", "é"]
_WORDS = ["-a", "-ab", "-bfoo", "-b", "-c", "-cq", "-", "--", "--ver", "--verbose", "--verbose=1",
          "--vx", "--vx=", "--a", "--al=x", "--=x", "--", "-W", "-Wfoo", "-Wver", "x", "y", "",
          "-é", "-aé", "--é", "-?", "-:", "-;", "-+", "--all", "-all", "-verbose", "-f", "-fo=",
          "'q'"]

if given is not None:
    _optstrings = st.tuples(
        st.sampled_from(["", "", "+", "-", ":", "+:", "-:", ":+"]),
        st.lists(st.tuples(st.sampled_from("abcfvxW?+-é"), st.sampled_from(["", ":", "::", ";"])),
                 max_size=6),
    ).map(lambda parts: parts[0] + "".join(c + suffix for c, suffix in parts[1]))
    _word = st.one_of(st.sampled_from(_WORDS), st.text(alphabet="-abcfvWx=é:;?", max_size=6))
    _longs = st.lists(st.tuples(st.sampled_from(_NAMES), st.integers(0, 2)), max_size=6)
    _argvs = st.lists(_word, max_size=8)


def _quote(raw):
    """util-linux getopt's bash quoting."""
    return b"'" + raw.replace(b"'", b"'\\''") + b"'"


def _util_linux_getopt(optstring, longs, args, long_only, quiet, environ):
    """What `getopt -o OPTSTRING -l LONGS -n prog -- ARGS` prints, computed
    with our parser and util-linux's output rules: (stdout, stderr, status).
    util-linux gives every long option the same flag and its index as value,
    and under POSIXLY_CORRECT puts a "+" in front of an optstring without one."""
    table = [(name, has_arg, index, "flag") for index, (name, has_arg) in enumerate(longs)]
    if "POSIXLY_CORRECT" in environ and not optstring.startswith("+"):
        optstring = "+" + optstring
    err = io.StringIO()
    parser = Getopt(["prog"] + args, optstring, table, err, environ, long_only=long_only,
                    opterr=not quiet)
    raw_optstring = _bytes(optstring)
    out = []
    status = 0
    for code, value in parser:
        if code in ("?", ":"):
            status = 1
            continue
        if code == FLAG_SET:
            out.append(b" --" + _bytes(longs[parser.longindex][0]))
            if longs[parser.longindex][1]:
                out.append(b" " + _quote(_bytes(value or "")))
            continue
        if code == OPERAND:
            out.append(b" " + _quote(_bytes(value or "")))
            continue
        char = _bytes(code)
        out.append(b" -" + char)
        spot = raw_optstring.find(char)
        if spot >= 0 and raw_optstring[spot + 1:spot + 2] == b":":
            out.append(b" " + _quote(_bytes(value or "")))
    out.append(b" --")
    for operand in parser.operands:
        out.append(b" " + _quote(_bytes(operand)))
    out.append(b"\n")
    return b"".join(out), _bytes(err.getvalue()), status


def _environ(posix):
    environ = dict(ENV_C)
    if posix:
        environ["POSIXLY_CORRECT"] = "1"
    return environ


@pytest.mark.skipif(given is None, reason="Hypothesis is not installed")
@pytest.mark.skipif(GETOPT is None, reason="util-linux getopt(1) is not installed (/usr/bin/getopt)")
def test_against_util_linux_getopt():
    @settings(max_examples=EXAMPLES)
    @given(optstring=_optstrings, longs=_longs, args=_argvs, long_only=st.booleans(),
           quiet=st.booleans(), posix=st.booleans())
    def check(optstring, longs, args, long_only, quiet, posix):
        environ = _environ(posix)
        command = [GETOPT, "-n", "prog", "-o", optstring,
                   "-l", ",".join(name + ":" * has_arg for name, has_arg in longs)]
        if long_only:
            command.append("-a")
        if quiet:
            command.append("-q")
        command = [_bytes(word) for word in command + ["--"] + args]
        completed = subprocess.run(command, env=environ, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=20)
        expected = (completed.stdout, completed.stderr, completed.returncode)
        assert _util_linux_getopt(optstring, longs, args, long_only, quiet, environ) == expected
    check()


# A few lines of C around glibc itself: every return value with optind,
# optarg, optopt and the long option index, written to the same unbuffered
# stderr as glibc's messages, so their order shows; then the final optind and
# the permuted argv.  Arguments: MODE (g getopt, l getopt_long, o
# getopt_long_only; a following q sets opterr = 0), OPTSTRING, the long
# options as name/has_arg/value-char[/f for a flag] joined by "," (or "-"
# for none), then argv.
HARNESS_C = r"""
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int flagvar;

static struct option *table(char *spec)
{
    int count = 0, i = 0;
    char *p, *save;
    struct option *opts;
    for (p = spec; *p; p++)
        count += *p == ',';
    opts = calloc(count + 2, sizeof *opts);
    for (p = strtok_r(spec, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        char *name = strtok(p, "/"), *has = strtok(NULL, "/");
        char *val = strtok(NULL, "/"), *flag = strtok(NULL, "/");
        opts[i].name = name;
        opts[i].has_arg = atoi(has);
        opts[i].val = (unsigned char)val[0];
        opts[i].flag = flag ? &flagvar : NULL;
        i++;
    }
    return opts;
}

int main(int argc, char **argv)
{
    const char *mode = argv[1], *optstring = argv[2];
    struct option *opts = strcmp(argv[3], "-") ? table(argv[3]) : NULL;
    char **args = argv + 4;
    int n = argc - 4, c, longindex = -1, i;
    setvbuf(stderr, NULL, _IONBF, 0);
    if (strchr(mode, 'q'))
        opterr = 0;
    for (;;) {
        if (mode[0] == 'g')
            c = getopt(n, args, optstring);
        else if (mode[0] == 'l')
            c = getopt_long(n, args, optstring, opts, &longindex);
        else
            c = getopt_long_only(n, args, optstring, opts, &longindex);
        if (c == -1)
            break;
        fprintf(stderr, "R %d optind=%d optarg=%s optopt=%d longindex=%d flag=%d\n", c, optind,
                optarg ? optarg : "(null)", optopt, longindex, flagvar);
    }
    fprintf(stderr, "END optind=%d argv:", optind);
    for (i = 0; i < n; i++)
        fprintf(stderr, "\x1f%s", args[i]);
    fprintf(stderr, "\n");
    return 0;
}
"""


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        skip_live("no C compiler to build the glibc harness (.ci/run installs gcc; the getopt(1) test still runs)")
    directory = tmp_path_factory.mktemp("getopt")
    (directory / "harness.c").write_text(HARNESS_C)
    subprocess.run([compiler, "-o", str(directory / "harness"), str(directory / "harness.c")],
                   check=True, timeout=120)
    return str(directory / "harness")


def _code_number(code):
    """A return value or optopt as C's int (a byte above 127 is a negative char)."""
    if isinstance(code, int):
        return code
    number = ord(code)
    if 0xDC80 <= number <= 0xDCFF:
        return number - 0xDC00 - 256
    return number


def _transcript(mode, optstring, longopts, argv, environ):
    """What the C harness prints, computed with our parser."""
    err = io.StringIO()
    parser = Getopt(argv, optstring, longopts, err, environ, long_only=mode.startswith("o"),
                    opterr="q" not in mode, posixly_correct=False)
    for code, value in parser:
        err.write("R %d optind=%d optarg=%s optopt=%d longindex=%d flag=%d\n" % (
            _code_number(code), parser.optind, "(null)" if value is None else value,
            _code_number(parser.optopt), parser.longindex,
            _code_number(parser.flags.get("f", 0))))
    err.write("END optind=%d argv:%s\n" % (parser.optind,
                                          "".join("\x1f" + word for word in parser.argv)))
    return _bytes(err.getvalue())


if given is not None:
    _table = st.lists(st.tuples(st.sampled_from(_NAMES[:-1]), st.integers(0, 2),
                                st.sampled_from("abvVx?"), st.booleans()), max_size=6)


@pytest.mark.skipif(given is None, reason="Hypothesis is not installed")
def test_against_glibc_itself(harness):
    @settings(max_examples=EXAMPLES)
    @given(mode=st.sampled_from(["g", "l", "o", "lq", "oq"]), optstring=_optstrings,
           table=st.one_of(st.none(), _table), args=_argvs, posix=st.booleans())
    def check(mode, optstring, table, args, posix):
        if mode == "g":
            table = None
        elif table is None:
            table = []
        spec = "-" if table is None else ",".join(
            "%s/%d/%s%s" % (name, has_arg, value, "/f" if flag else "")
            for name, has_arg, value, flag in table)
        longopts = None if table is None else [
            (name, has_arg, value, "f" if flag else None) for name, has_arg, value, flag in table]
        environ = _environ(posix)
        argv = ["prog"] + args
        command = [harness, mode, optstring, spec] + argv
        completed = subprocess.run([_bytes(word) for word in command], env=environ,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        assert completed.returncode == 0
        assert _transcript(mode, optstring, longopts, argv, environ) == completed.stderr
    check()
