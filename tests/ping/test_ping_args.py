"""ping's command line (pynettools/tools/ping/args.py) against iputils 20221126's ping.

(a) unit tests of the record for representative command lines;
(b) the real ping and ours on many command lines, as root and as nobody,
    comparing stdout, stderr and exit status exactly;
(c) Hypothesis: random option sets against the real ping.

How (b) and (c) keep ping from sending anything: the real ping runs in a
fresh network namespace (unshare -n) where even lo is down.  A command line
ping rejects stops before any socket; one it accepts goes on to open its
sockets, resolve the destination and connect() a probe socket, which fails
there ("connect: Network is unreachable").  Every destination and hop used
is a numeric IPv4 address (no resolver is asked) and no -I gives an IPv4
source address (with one, ping skips the probe and would start sending into
the void).  For accepted lines, network_stage() below predicts from our
record what ping prints after parsing in that namespace (the -v socket and
address lines, family mismatch, hop usage errors, device and mark errors):
so the record itself is checked, not just the errors.

One namespace serves the whole module: a small runner (RUNNER) started under
unshare -n runs each ping and sends back its output, so a case costs a few
milliseconds.  Non-root runs go through setpriv as nobody; Debian's ping has
cap_net_raw as a file capability, so nobody still gets raw sockets.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

from pynettools.tools.ping import args as A

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

ENV = {"LC_ALL": "C", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
DEST = "127.0.0.1"


# ---- (a) the record --------------------------------------------------------

def parse(*words, uid=0, prog="ping", environ=None):
    return A.parse([prog] + list(words), uid=uid, environ=environ or {"LC_ALL": "C"})


def stops(*words, **kw):
    with pytest.raises(A.PingExit) as e:
        parse(*words, **kw)
    return e.value.code, e.value.stdout, e.value.stderr


def test_defaults_and_operands():
    r = parse("-c", "3", DEST, "-q")
    assert (r.npackets, r.opt_quiet, r.target, r.hops) == (3, True, DEST, [])
    assert (r.interval, r.lingertime, r.datalen, r.preload, r.family) == (1000, 10000, 56, 1, 0)
    r = parse("198.51.100.1", "198.51.100.2", DEST)
    assert r.hops == ["198.51.100.1", "198.51.100.2"] and r.target == DEST


def test_every_option_lands_in_the_record():
    r = parse("-4", "-b", "-e", "7", "-R", "-a", "-A", "-B", "-c", "2", "-C", "-d", "-D", "-f",
              "-i", "0.25", "-I", "eth0", "-l", "3", "-L", "-m", "9", "-M", "want", "-n", "-O",
              "-p", "ff", "-q", "-Q", "0x10", "-r", "-s", "100", "-S", "4096", "-t", "64", "-U",
              "-v", "-w", "5", "-W", "1.5", DEST)
    assert (r.family, r.broadcast_pings, r.ident, r.opt_rroute) == (A.AF_INET, True, 7, True)
    assert (r.interval, r.opt_interval, r.device, r.preload, r.mark, r.pmtudisc) == \
        (250, True, "eth0", 3, 9, A.PMTUDISC["want"])
    assert (r.opt_flood, r.opt_numeric, r.pattern_bytes, r.settos, r.datalen, r.sndbuf) == \
        (True, True, b"\xff", 16, 100, 4096)
    assert (r.ttl, r.deadline, r.lingertime, r.opt_connect_sk, r.opt_latency) == (64, 5, 1500, True, True)
    assert r.output == []           # -q: no PATTERN line
    r = parse("-6", "-F", "0x12345", "-T", "tsprespec", "-I", "fe80::1%eth1", DEST)
    assert (r.family, r.flowlabel, r.ts_type, r.source6, r.device, r.opt_strictsource) == \
        (A.AF_INET6, 0x12345, A.IPOPT_TS_PRESPEC, "fe80::1", "eth1", True)


def test_program_name_picks_the_family():
    assert parse(DEST, prog="ping6").family == A.AF_INET6
    assert parse(DEST, prog="/usr/bin/ping4").family == A.AF_INET
    code, out, err = stops("-4", prog="/bin/ping6")
    assert (code, err) == (2, "/bin/ping6: only one -4 or -6 option may be specified\n")


def test_numbers_and_their_messages():
    assert stops("-c", "0") == (1, "", "ping: invalid argument: '0': out of range: "
                                "1 <= value <= 9223372036854775807\n")
    assert stops("-e", "-1")[2] == "ping: invalid argument: '-1': out of range: 0 <= value <= 65535\n"
    assert stops("-s", "99999999999999999999")[2] == \
        "ping: invalid argument: '99999999999999999999': Numerical result out of range\n"
    assert stops("-t", "")[2] == "ping: invalid argument: ''\n"
    assert parse("-e", "-18446744073709551615", DEST).ident == 1     # strtoul wraps
    r = parse("-i", "x", DEST)
    assert r.interval == 0 and r.stderr == ("ping: option argument contains garbage: x\n"
                                             "ping: this will become fatal error in the future\n")
    assert stops("-i", "1e-310")[2].endswith("ping: bad timing interval: 1e-310: "
                                             "Numerical result out of range\n")
    assert stops("-W", "-1") == (2, "", "ping: bad linger time: -1\n")
    assert parse("-Q", "4294967296", DEST).settos == 0                # cut to an int
    assert stops("-F", "-1")[2] == "ping: flow value is greater than 20 bits: -1\n"


def test_errno_of_an_empty_interval():
    # setlocale(LC_ALL, "") leaves ENOENT when it looks for locale files
    assert stops("-i", "", environ={"LANG": "C.UTF-8"})[2] == \
        "ping: bad timing interval: : No such file or directory\n"
    assert stops("-i", "", environ={"LC_ALL": "C"})[2] == "ping: bad timing interval: \n"
    assert stops("-c", "1", "-i", "", environ={"LANG": "C.UTF-8"})[2] == "ping: bad timing interval: \n"


def test_pattern_after_the_loop():
    assert parse("-p", "abc", DEST).stdout == "PATTERN: 0xab0c\n"
    assert parse("-p", "", DEST).stdout == "PATTERN: 0x\n"
    assert stops("-p", "zz", "-c", "0")[0] == 1          # -c is checked first
    assert stops("-p", "12zz", DEST) == (2, "", "ping: patterns must be specified as hex digits: zz\n")
    assert stops("-p", "zz") == (1, "", "ping: usage error: Destination address required\n")


def test_usage_version_and_node_information():
    assert stops("-h") == (2, "", A.USAGE)
    assert stops("-z") == (2, "", "ping: invalid option -- 'z'\n" + A.USAGE)
    assert stops("-V", "-c", "0") == (0, A.VERSION_TEXT, "")
    assert stops("-N", "help") == (0, A.NI_HELP, "")
    assert stops("-N", "ipv6", "-N", "ipv4") == (2, "Qtype conflict\n", A.NI_HELP)
    r = parse("-N", "ipv6-all", "-N", "ipv6-global", "-N", "subject-ipv4=1", DEST)
    assert (r.ni.query, r.ni.flag, r.ni.subject, r.raw_socket) == \
        (A.NI_QTYPE_IPV6ADDR, 17, b"\0\0\0\1", True)
    r = parse("-N", "subject-name=Foo.Bar%eth0", DEST)
    assert r.ni.subject == b"\3foo\3bar\0" and r.ni.group.endswith("%eth0")


def test_later_checks():
    r = parse("-f", DEST, uid=1000)
    assert A.setup_error(r) == "cannot flood; minimal interval allowed for user is 2ms"
    assert A.setup_error(parse("-f", DEST)) is None
    assert A.setup_error(parse("-i", "2147483", "-l", "2", DEST)) == \
        "illegal preload and/or interval: 2147483000"
    assert A.hop_usage_error(parse("-R", "1.2.3.4", DEST), A.AF_INET) == A.USAGE
    assert A.hop_usage_error(parse("-T", "tsprespec", "1.2.3.4", DEST), A.AF_INET) is None
    assert A.hop_usage_error(parse("1.2.3.4", DEST), A.AF_INET6) == A.USAGE
    assert A.multicast_error(parse("-b", "-i", "0.5", DEST, uid=1), A.AF_INET) == \
        "broadcast ping with too short interval: 500"


# ---- the real ping, in a namespace with no network ----------------------------

RUNNER = r"""
import json, subprocess, sys
for line in sys.stdin:
    argv, env = json.loads(line)
    try:
        p = subprocess.run(argv, env=env, capture_output=True, timeout=5)
        res = [p.stdout.decode("utf-8", "surrogateescape"),
               p.stderr.decode("utf-8", "surrogateescape"), p.returncode]
    except subprocess.TimeoutExpired:
        res = ["", "TIMEOUT", -1]
    sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.flush()
"""


class RealPing:
    """One `unshare -n` namespace (lo down, or up) running the real ping on demand."""

    def __init__(self, lo_up=False):
        inner = [sys.executable, "-c", RUNNER]
        if lo_up:
            inner = ["sh", "-c", 'ip link set lo up && exec "$@"', "sh"] + inner
        self.proc = subprocess.Popen(["unshare", "-n"] + inner,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     universal_newlines=True, env=ENV)

    def run(self, words, uid=0, prog="ping", env=ENV):
        argv = ([] if uid == 0 else NOBODY) + [prog] + words
        self.proc.stdin.write(json.dumps([argv, env]) + "\n")
        self.proc.stdin.flush()
        return tuple(json.loads(self.proc.stdout.readline()))

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def real():
    from tests.conftest import skip_live

    if shutil.which("ping") is None or shutil.which("unshare") is None:
        skip_live("ping (iputils-ping) and unshare are needed")
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        skip_live("unshare -n and setpriv need root")
    runner = RealPing()
    yield runner
    runner.close()


FAMILY_NAMES = {A.AF_UNSPEC: "AF_UNSPEC", A.AF_INET: "AF_INET", A.AF_INET6: "AF_INET6"}


def network_stage(r, prog):
    """What ping prints after parsing, in a namespace with no network, for a
    record whose destination and hops are numeric IPv4: (stdout, stderr)."""
    out, err = [], []
    fam = r.family
    if r.opt_verbose:
        sock4 = "3 (socktype: SOCK_RAW)" if fam != A.AF_INET6 else "-1 (socktype: 0)"
        sock6 = "-1 (socktype: 0)" if fam == A.AF_INET else \
            "%d (socktype: SOCK_RAW)" % (4 if fam == A.AF_UNSPEC else 3)
        err.append("%s: sock4.fd: %s, sock6.fd: %s, hints.ai_family: %s\n\n"
                   % (prog, sock4, sock6, FAMILY_NAMES[fam]))
    if r.settos < -1:     # IP_TOS / IPV6_TCLASS refuse it
        err.append("%s: setsockopt: Invalid argument\n" % prog)
        return "".join(out), "".join(err)
    if r.opt_verbose:
        out.append("ai->ai_family: AF_INET, ai->ai_canonname: '%s'\n" % r.target)
    if fam == A.AF_INET6:
        err.append("%s: %s: Address family for hostname not supported\n" % (prog, r.target))
    elif A.hop_usage_error(r, A.AF_INET):
        err.append(A.USAGE)
    elif r.device is not None and r.device not in ("lo", ""):
        err.append("%s: SO_BINDTODEVICE %s: No such device\n" % (prog, r.device))
    else:
        if r.opt_mark and r.uid:
            err.append("%s: WARNING: failed to set mark: %d: Operation not permitted\n"
                       % (prog, r.mark))
        err.append("%s: connect: Network is unreachable\n" % prog)
    return "".join(out), "".join(err)


def ours(words, uid=0, prog="ping"):
    try:
        r = A.parse([prog] + words, uid=uid, environ={"LC_ALL": "C"})
    except A.PingExit as e:
        return e.stdout, e.stderr, e.code
    out, err = network_stage(r, prog)
    return r.stdout + out, r.stderr + err, 2


def compare(real, words, uid=0, prog="ping"):
    got = real.run(words, uid, prog)
    assert got[1] != "TIMEOUT", words
    assert ours(words, uid, prog) == got, (prog, uid, words)


# (b): command lines, as words split on spaces ("''" is an empty word)
CASES = [
    "", "-h", "-?", "-z", "-c", "-:", "-V", "-V -c 0", "-c 0 -V", "-hV", "-Vh",
    "-c 0", "-c -1", "-c x", "-c ''", "-c 1x", "-c 99999999999999999999", "-c +5 -V", "-c ' 5' -V",
    "-c 9223372036854775807 -V", "-c 9223372036854775808",
    "-e -1", "-e 65536", "-e 65535 -V", "-e 0x10", "-e -18446744073709551615 -V",
    "-e 18446744073709551616", "-l 0", "-l 65537", "-l 4", "-l 3 -V", "-l 65536 -V",
    "-m -1", "-m 4294967296", "-m 4294967295 -V", "-s -1", "-s 2147483648", "-s 2147483647 -V",
    "-S 0", "-t 256", "-t -1", "-t 255 -V", "-w -1", "-w 2147483648",
    "-i ''", "-W ''", "-i x -V", "-i 1x -V", "-i 1e400", "-i 1e-400 -V", "-i 1e-310",
    "-i 0x1p-1074", "-i 0x1p-1022 -V", "-i nan", "-i inf", "-i -inf", "-i 2147483.647 -V",
    "-i 2147483.648", "-i -5 -V", "-i 0x10 -V", "-i ' 1' -V", "-i 1e -V", "-i 0x -V",
    "-W -0.5", "-W 2147484", "-W 0 -V", "-W nan", "-W x -V", "-i 1e-400 -W ''",
    "-Q 256", "-Q x", "-Q 0x100", "-Q 0xff -V", "-Q 0x -V", "-Q '' -V", "-Q -5 -V",
    "-Q 4294967296 -V", "-Q 0x0x10 -V", "-Q 9999999999999999999 -V", "-Q 99999999999",
    "-F 1048576", "-F 0xfffff -V", "-F 0x100000", "-F x", "-F -1", "-F 4294967295", "-F '' -V",
    "-M probe", "-M do -V", "-M DO", "-M ''", "-T tsonly -V", "-T x", "-T tsonly -R",
    "-R -T tsonly", "-R -T x", "-T x -R", "-4 -6", "-6 -4", "-4 -4 -V",
    "-I 1:2:x", "-I ::1%lo -V", "-I fe80::1%eth0 -V", "-I nope -V", "-I ''",
    "-N help", "-N x", "-N name -N ipv6", "-N subject-ipv6=::1 -N subject-ipv4=1.2.3.4",
    "-N subject-ipv4=1 -V", "-N subject-ipv6 -V", "-N subject-ipv6=", "-N nam",
    "-N subject-name=Foo.Bar -V", "-N subject-name=a..b", "-N subject-name=-a",
    "-N subject-name=ab--c", "-N subject-name=" + "a" * 64,
    "-N subject-name=a%" + "b" * 16, "-N subject-name=a%" + "b" * 15 + " -V",
    "-N subject-name=xn--zz", "-N subject-name=" + ".".join(["a" * 63] * 4),
    "-N subject-name= -V", "-N subject-name=. -V", "-N subject-fqdn=x -V",
    "-p zz", "-p 1g", "-p", "-p ff",
    # accepted: on to the network stage
    DEST, "-v " + DEST, "-4 -v " + DEST, "-6 -v " + DEST, "-v -e 0 " + DEST, "-e 0 " + DEST,
    "-p abc " + DEST, "-p '' " + DEST, "-q -p abcdef0123456789abcdef0123456789abcdef " + DEST,
    "-p abc -q " + DEST, "-p 0 -p 12345 " + DEST, "-R 198.51.100.1 " + DEST,
    "-T tsonly 198.51.100.1 " + DEST, "-T tsprespec 198.51.100.1 " + DEST,
    "-T tsprespec 1.1.1.1 1.1.1.2 1.1.1.3 1.1.1.4 1.1.1.5 " + DEST,
    "1.1.1.1 1.1.1.2 1.1.1.3 1.1.1.4 1.1.1.5 1.1.1.6 1.1.1.7 1.1.1.8 1.1.1.9 " + DEST,
    "1.1.1.1 1.1.1.2 1.1.1.3 1.1.1.4 1.1.1.5 1.1.1.6 1.1.1.7 1.1.1.8 1.1.1.9 1.1.1.10 " + DEST,
    "-I nope " + DEST, "-I lo " + DEST, "-I ::1%lo " + DEST, "-m 7 " + DEST,
    "-Q -1 " + DEST, "-Q -2 " + DEST, "-6 -Q -2 " + DEST, "-f -i 0.001 -l 3 " + DEST,
    DEST + " -c 1", "-N ipv6 -v " + DEST, "-b -L -r -d -D -U -O -a -A -B -C " + DEST,
]


def _words(case):
    return ["" if w == "''" else w for w in case.split()] if case else []


@pytest.mark.parametrize("uid", [0, 65534], ids=["root", "nobody"])
def test_command_lines_match_real_ping(real, uid):
    for case in CASES:
        compare(real, _words(case), uid)


def test_program_names_match_real_ping(real):
    for prog in ("ping4", "ping6"):
        for case in ("-4 -V", "-6 -V", "-c 0", "-v " + DEST, "-e x"):
            compare(real, _words(case), 0, prog)


def test_errno_quirk_matches_real_ping(real):
    """An empty -i/-W word reports the errno of the moment (see args.py)."""
    for lang in ("C.UTF-8", "C"):
        env = dict(ENV, LANG=lang)
        del env["LC_ALL"]
        for case in ("-i ''", "-W ''", "-c 1 -i ''", "-Q 9999999999999999999 -i ''",
                     "-Q -9999999999999999999 -W ''", "-i 1e-400 -W ''", "-i 1 -W ''",
                     "-p zz -a -I lo -i ''"):
            words = _words(case)
            try:
                A.parse(["ping"] + words, environ=env)
            except A.PingExit as e:
                assert (e.stdout, e.stderr, e.code) == real.run(words, env=env), (lang, case)


def test_posixly_correct_matches_real_ping(real):
    """POSIXLY_CORRECT: options end at the first operand.  Then "-c" below
    is a hop, which the real ping goes on to resolve (and fails to)."""
    env = dict(ENV, POSIXLY_CORRECT="1")
    argv = ["ping", "-c", "1", DEST, "-c", "0"]
    real.proc.stdin.write(json.dumps([argv, env]) + "\n")
    real.proc.stdin.flush()
    out, err, code = json.loads(real.proc.stdout.readline())
    r = A.parse(argv, environ=env)
    assert (r.npackets, r.hops, r.target) == (1, [DEST, "-c"], "0")
    assert (out, code) == ("", 2) and err.startswith("ping: -c: ")
    with pytest.raises(A.PingExit):
        A.parse(argv, environ=ENV)


# Checks ping makes only after the destination is resolved and its source
# found (the hop counts, broadcast and multicast as non-root) or after the
# PING header (setup(): flood interval, preload x interval).  With lo up
# they are reached; each line stops there, before a packet is sent.
LATER = [
    ("-f -c 1 " + DEST, 65534), ("-i 0.001 -c 1 " + DEST, 65534),
    ("-i 2147483 -l 3 -c 1 " + DEST, 0), ("-b -i 0.5 -c 1 " + DEST, 65534),
    ("-b -M dont -c 1 " + DEST, 65534), ("-6 -i 0.5 -c 1 ff02::1%lo", 65534),
    ("-6 -M want -c 1 ff02::1%lo", 65534), ("-R 198.51.100.1 " + DEST, 0),
    ("-6 198.51.100.1 ::1", 0), ("-T tsandaddr 198.51.100.1 " + DEST, 0),
    ("1.1.1.1 1.1.1.2 1.1.1.3 1.1.1.4 1.1.1.5 1.1.1.6 1.1.1.7 1.1.1.8 1.1.1.9 1.1.1.10 " + DEST, 0),
]


def later_error(r):
    """The first later check that stops ping, as our helpers find it."""
    family = A.AF_INET6 if ":" in r.target else A.AF_INET
    usage = A.hop_usage_error(r, family)
    if usage:
        return usage
    multicast = r.broadcast_pings or r.target.startswith("ff")
    message = (multicast and A.multicast_error(r, family)) or A.setup_error(r)
    return "ping: %s\n" % message if message else ""


def test_later_checks_match_real_ping():
    from tests.conftest import skip_live

    if os.geteuid() != 0 or shutil.which("ping") is None or shutil.which("setpriv") is None:
        skip_live("needs root, setpriv and the real ping")
    runner = RealPing(lo_up=True)
    try:
        for case, uid in LATER:
            words = _words(case)
            out, err, code = runner.run(words, uid)
            r = A.parse(["ping"] + words, uid=uid, environ={"LC_ALL": "C"})
            assert (err, code) == (later_error(r), 2), case
            # setup() runs after the PING header; the others before it
            assert out.startswith("PING ") == (A.setup_error(r) is not None), case
    finally:
        runner.close()


# ---- (c) random option sets -------------------------------------------------

VALUES = {
    "c": ["1", "0", "-1", "x", "", "5"], "e": ["0", "1", "65535", "65536", "-1"],
    "i": ["0", "0.001", "0.2", "1", "x", "", "-1", "1e400", "2147484"],
    "I": ["nope", "lo", "::1", "::1%lo", "1:2:x", ""], "l": ["1", "3", "4", "0", "65536"],
    "m": ["0", "7", "x", "4294967296"], "M": ["do", "dont", "want", "probe"],
    "p": ["ff", "abc", "", "zz", "0123456789abcdef0123456789abcdef0"],
    "Q": ["0", "16", "0x10", "255", "256", "-1", "x", ""], "s": ["0", "56", "65507", "-1"],
    "S": ["1", "0", "65536"], "t": ["0", "64", "255", "256"], "w": ["0", "1", "x"],
    "W": ["0", "1.5", "-1", "x", ""], "T": ["tsonly", "tsandaddr", "tsprespec", "ts"],
    "F": ["0", "1", "0xfffff", "1048576", "x"],
    "N": ["name", "ipv6", "ipv4-all", "subject-ipv4=1.2.3.4", "help", "nope"],
}
FLAGS = "46abABCdDfLnOqrRUv"

if given is not None:
    @st.composite
    def option_words(draw):
        letter = draw(st.sampled_from(sorted(VALUES) + list(FLAGS) + ["h", "V", "z"]))
        if letter not in VALUES:
            return ["-" + letter]
        value = draw(st.sampled_from(VALUES[letter]))
        return ["-" + letter + value] if value and draw(st.booleans()) else ["-" + letter, value]

    @settings(max_examples=max(settings().max_examples, 200), derandomize=True, deadline=None)
    @given(st.lists(option_words(), max_size=5),
           st.sampled_from([[], [DEST], ["198.51.100.1", DEST], [DEST, "198.51.100.9"]]),
           st.sampled_from([0, 65534]))
    def test_random_option_sets_match_real_ping(real, options, operands, uid):
        words = [w for option in options for w in option]
        # the destination may come first: getopt permutes
        compare(real, operands[:1] + words + operands[1:], uid)

    # The number readers (strtol, strtoul, strtod, -Q/-F's hex-or-decimal,
    # -p's hex digits): random words over the characters they care about.
    NUMBER_CHARS = " +-0123456789.xXeEpPabcfinINFAty()_\t"

    @settings(max_examples=max(settings().max_examples, 150), derandomize=True, deadline=None)
    @given(st.sampled_from("ceilmsStwWQFpi"), st.text(NUMBER_CHARS, max_size=10),
           st.booleans(), st.sampled_from([0, 65534]))
    def test_random_numbers_match_real_ping(real, letter, value, version, uid):
        compare(real, ["-" + letter, value, "-V" if version else DEST], uid)
