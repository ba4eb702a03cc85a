"""Unit tests of ss's selection language (pynettools/tools/ss/filter.py).

Every error text and exit status below, every "which sockets" answer and
every bytecode string was checked against Debian 12's /usr/bin/ss
(iproute2 6.1.0): errors by running `ss ARGS` and comparing stderr bytes and
the exit status, selections by running `ss -an -A tcp,udp,unix ARGS` in a
network namespace holding the same kinds of sockets, bytecode by reading the
INET_DIAG_REQ_BYTECODE ss sends (strace -e write=FD).  The live property
test (test_filter_property.py) keeps doing that comparison on random input.

The machine is never consulted here: a FakeKernel answers the lookups.
"""
import io
import socket

import pytest

from pynettools.env import Env
from pynettools.kernel.sockets import Sock
from pynettools.tools.ss import filter as F

USAGE = object()  # marks errors after which ss prints its usage text


class FakeKernel:
    """The few seam calls filter.py makes, answered from dictionaries."""

    def __init__(self, hosts=None, services=None, interfaces=None, cgroups=None, files=None):
        self.hosts = hosts or {"localhost": (["127.0.0.1"], ["::1"])}
        self.services = services if services is not None else {
            ("ssh", "tcp"): 22, ("ssh", "udp"): 22, ("http", "tcp"): 80, ("domain", "udp"): 53,
            ("domain", "tcp"): 53, ("oddity", "tcp"): 1000, ("oddity", "udp"): 2000}
        self.interfaces = interfaces or {"lo": 1, "v0": 2}
        self.cgroups = cgroups or {}
        self.files = files or {}
        self.asked = []

    def lookup(self, name, function, *args):
        self.asked.append((name,) + args)
        if name == "gethostbyname2":
            host, family = args
            v4, v6 = self.hosts.get(host, ([], []))
            return list(v4 if family == socket.AF_INET else v6)
        if name == "getservbyname":
            if args in self.services:
                return self.services[args]
            raise OSError("service/proto not found")
        if name == "if_nametoindex":
            return self.interfaces.get(args[0], 0)
        if name == "cgroup2_id":
            return self.cgroups.get(args[0], (0, "Failed to find cgroup2 mount\n"))
        raise AssertionError("unexpected lookup %s" % name)

    def read_text(self, path, unit="lines", header_lines=0):
        if path in self.files:
            return self.files[path]
        raise FileNotFoundError(2, "No such file or directory")


def make_env(**kw):
    files = kw.pop("files", {"/proc/sys/net/ipv4/ip_local_port_range": "32768\t60999\n"})
    return Env(kernel=FakeKernel(files=files, **kw), environ={}, stdin=kw.pop("stdin", None))


def parse(text, env=None, **kw):
    return F.parse_args(text.split(), env or make_env(), **kw)


def error_of(text, env=None, **kw):
    with pytest.raises(F.FilterError) as info:
        parse(text, env, **kw)
    err = info.value
    return (err.message, err.status, USAGE) if err.usage else (err.message, err.status)


def v4(text):
    return socket.inet_pton(socket.AF_INET, text)


def v6(text):
    return socket.inet_pton(socket.AF_INET6, text)


def tcp(src, sport, dst=None, dport=0, state=F.SS_ESTABLISHED, **kw):
    if ":" in src:
        return Sock("tcp", socket.AF_INET6, state, v6(src), sport, v6(dst or "::"), dport, **kw)
    return Sock("tcp", socket.AF_INET, state, v4(src), sport, v4(dst or "0.0.0.0"), dport, **kw)


def unix(name, inode, peer=0, state=F.SS_ESTABLISHED):
    return Sock("u_str", socket.AF_UNIX, state, name, inode, None, peer)


SOCKETS = {
    "lo22": tcp("127.0.0.1", 22, state=F.SS_LISTEN, extra={"userlocks": 12}),
    "lo8080": tcp("127.0.0.1", 8080, state=F.SS_LISTEN, mark=7, extra={"userlocks": 12}),
    "v6_8080": tcp("::1", 8080, state=F.SS_LISTEN, extra={"userlocks": 12}),
    "any5001": tcp("::", 5001, state=F.SS_LISTEN, extra={"userlocks": 12}),
    "dev81": tcp("198.51.100.1", 81, state=F.SS_LISTEN, ifindex=2, extra={"userlocks": 12}),
    "client": tcp("127.0.0.1", 20001, "127.0.0.1", 8080, mark=7, extra={"userlocks": 12}),
    "server": tcp("127.0.0.1", 8080, "127.0.0.1", 20001, mark=7, extra={"userlocks": 0}),
    "auto": tcp("127.0.0.1", 51068, "127.0.0.1", 22, extra={"userlocks": 0}),
    "mapped": tcp("::ffff:127.0.0.1", 5001, "::ffff:127.0.0.1", 20003, extra={"userlocks": 0}),
    "net6": tcp("2001:db8::2", 20005, "2001:db8::1", 443, extra={"userlocks": 12}),
    "u_path": unix("/tmp/ssflt/sock.a", 1001, state=F.SS_LISTEN),
    "u_abstract": unix("@ssflt-abstract", 1002, state=F.SS_LISTEN),
    "u_auto": unix("@04bbc", 1003, state=F.SS_CLOSE),
    "u_unnamed": unix(None, 1004, 1005),
}


def selected(text, env=None, **kw):
    _, expr = parse(text, env, **kw)
    return sorted(name for name, sock in SOCKETS.items() if expr.matches(sock))


# ---- the state words --------------------------------------------------------

@pytest.mark.parametrize("words, mask", [
    ("", None),
    ("sport = :22", None),
    ("state established", 1 << F.SS_ESTABLISHED),
    ("state ESTABLISHED", 1 << F.SS_ESTABLISHED),          # strcasecmp
    ("state Listening", 1 << F.SS_LISTEN),
    ("state established state listening", (1 << F.SS_ESTABLISHED) | (1 << F.SS_LISTEN)),
    ("exclude listening", F.STATES_ALL & ~(1 << F.SS_LISTEN)),
    ("excl established", F.STATES_ALL & ~(1 << F.SS_ESTABLISHED)),
    ("exclude listening exclude established",
     F.STATES_ALL & ~((1 << F.SS_LISTEN) | (1 << F.SS_ESTABLISHED))),
    ("state all exclude bucket", F.STATES_ALL & ~((1 << F.SS_SYN_RECV) | (1 << F.SS_TIME_WAIT))),
    ("state connected", F.STATES_ALL & ~((1 << F.SS_CLOSE) | (1 << F.SS_LISTEN))),
    ("state synchronized",
     F.STATES_ALL & ~((1 << F.SS_CLOSE) | (1 << F.SS_LISTEN) | (1 << F.SS_SYN_SENT))),
    ("state big", F.STATES_ALL & ~((1 << F.SS_SYN_RECV) | (1 << F.SS_TIME_WAIT))),
    ("state bucket", (1 << F.SS_SYN_RECV) | (1 << F.SS_TIME_WAIT)),
    ("state unknown", 1),
    ("state syn-rcv", 1 << F.SS_SYN_RECV),
    ("state syn-recv", 1 << F.SS_SYN_RECV),
    ("state closed", 1 << F.SS_CLOSE),
    ("state close", 1 << F.SS_CLOSE),
    ("state unconnected", 1 << F.SS_CLOSE),
    ("state fin-wait-1 state fin-wait-2 state time-wait state close-wait state last-ack "
     "state closing state syn-sent", 0b101101110100),
    ("exclude all", 0),
])
def test_state_masks(words, mask):
    got, rest = F.parse_states(words.split())
    assert got == mask


def test_state_words_stop_at_the_expression():
    assert F.parse_states(["state", "listening", "sport", "=", ":22"]) == (
        1 << F.SS_LISTEN, ["sport", "=", ":22"])


@pytest.mark.parametrize("words, expected", [
    # verified: ss ARGS
    ("state bogus", ("ss: wrong state name: bogus\n", 255)),
    ("state listen", ("ss: wrong state name: listen\n", 255)),   # not a name in 6.1
    ("exclude unconn", ("ss: wrong state name: unconn\n", 255)),
    ("state", ('Command line is not complete. Try option "help"\n', 255)),
    ("state established exclude", ('Command line is not complete. Try option "help"\n', 255)),
])
def test_state_errors(words, expected):
    assert error_of(words) == expected


def test_state_errors_come_before_expression_errors():
    assert error_of("state bogus sport = :nosuch") == ("ss: wrong state name: bogus\n", 255)


def test_final_state_mask_follows_ss_main():
    # plain `ss`: connected states; -a: all; -l: listening and unconnected
    assert F.default_state_mask() == F.STATES_CONNECTED
    assert F.default_state_mask(all_flag=True) == F.STATES_ALL
    assert F.default_state_mask(listen_flag=True) == F.STATES_LISTENING
    # the later of -a/-l wins; the first -A keeps a set filter or sets SS_CONN
    assert F.option_state_filter("al") == F.STATES_LISTENING
    assert F.option_state_filter("la") == F.STATES_ALL
    assert F.option_state_filter("A") == F.STATES_CONNECTED
    assert F.option_state_filter("lA") == F.STATES_LISTENING
    # state words replace -a/-l
    assert F.final_state_mask(1 << F.SS_ESTABLISHED, F.STATES_ALL) == 1 << F.SS_ESTABLISHED
    # a mask that comes out empty leaves the defaults in place (`ss -t exclude all`)
    assert F.final_state_mask(0, 0, F.STATES_CONNECTED, do_default=False) == F.STATES_CONNECTED
    assert F.final_state_mask(0, 0, 0, do_default=True) == F.STATES_CONNECTED
    # -u alone: only the table's default (ESTABLISHED)
    assert F.final_state_mask(None, 0, 1 << F.SS_ESTABLISHED, do_default=False) == 2


# ---- syntax ------------------------------------------------------------------

SYNTAX = ('ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n', 255, USAGE)


@pytest.mark.parametrize("words", [
    "sport =", "( sport = :22", "sport = :22 )", "( )", "!", "not not", "sport = :22 and",
    "and sport = :22", "sport = :22 or or sport = :80", "dst != 1.2.3.4", "dst ge 1.2.3.4",
    "sport", "sport sport", "sport = = :22", "dst = = 1.2.3.4", "autobound sport",
    "1.2.3.4", "sport = :22 :23", "dev lo lo", "( sport = :22 ) )", "dev", "fwmark = ",
])
def test_syntax_errors(words):
    # verified: the message, then ss's usage text on stderr, exit 255
    assert error_of(words) == SYNTAX


@pytest.mark.parametrize("words, expected", [
    # A value is parsed when its word is read, so its error wins over a
    # syntax error found later -- and a syntax error stops before later values.
    ("sport = :22 :nosuch", ('Error: "nosuch" does not look like a port.\n'
                             "Cannot parse dst/src address.\n", 1)),
    ("sport sport = :nosuch", SYNTAX),
    ("dev lo foo", ("Cannot parse device.\n", 1)),        # `dev` stays the last keyword
    ("( ( sport = :22 ) bogus.invalid", ('Error: "bogus.invalid" does not look like a port.\n'
                                         "Cannot parse dst/src address.\n", 1)),
])
def test_errors_come_in_ss_order(words, expected):
    assert error_of(words) == expected


@pytest.mark.parametrize("words, expected", [
    ("dst 1.2.3.4/99", 'Error: an inet prefix is expected rather than "1.2.3.4/99".\n'),
    ("dst ::1", 'Error: an inet prefix is expected rather than ":".\n'),  # needs [::1]
    ("src foo.invalid", 'Error: an inet prefix is expected rather than "foo.invalid".\n'),
    ("src 1.2.3.4.5", 'Error: an inet prefix is expected rather than "1.2.3.4.5".\n'),
    ("src 256.1.1.1", 'Error: an inet prefix is expected rather than "256.1.1.1".\n'),
    ("src 08", 'Error: an inet prefix is expected rather than "08".\n'),
    ("src ::1/129", 'Error: an inet prefix is expected rather than "::1/129".\n'),
    ("src [::1]/129", 'Error: "/129" does not look like a port.\n'),
    ("src 1.2.3.4/255.0.255.0", 'Error: an inet prefix is expected rather than "1.2.3.4/255.0.255.0".\n'),
    ("src inet6:127.0.0.1", 'Error: an inet prefix is expected rather than "127.0.0.1".\n'),
    ("src inet:[::1]", 'Error: an inet prefix is expected rather than "::1".\n'),
    ("(sport = :22)", 'Error: an inet prefix is expected rather than "(sport".\n'),
    ("sport = :nosuch", 'Error: "nosuch" does not look like a port.\n'),
    ("sport = :2*", 'Error: "2*" does not look like a port.\n'),
    ("sport = :99999999999", 'Error: "99999999999" does not look like a port.\n'),
    ("sport = [::1]:22", 'Error: ":1" does not look like a port.\n'),
    ("dst [::1]x", 'Error: "x" does not look like a port.\n'),
    ("sport = :oddity", 'Error: ambiguous port "oddity".\n'),
    ("foo", 'Error: an inet prefix is expected rather than "foo".\n'),
    ("dst [::1", ""),
    ("sport = [22", ""),
    ("src link:bogus", ""),
    ("src netlink:bogus", ""),
    ("src vsock:x", ""),
    ("src vsock:1:", ""),
])
def test_address_errors(words, expected):
    assert error_of(words) == (expected + "Cannot parse dst/src address.\n", 1)


@pytest.mark.parametrize("words, expected", [
    ("dev nosuchdev", ("Cannot parse device.\n", 1)),
    ("dev if", ("Cannot parse device.\n", 1)),
    ("fwmark abc", ("Cannot parse mark abc.\n", 1)),
    ("fwmark 5/", ("Cannot parse mark 5/.\n", 1)),
    ("fwmark /5", ("Cannot parse mark /5.\n", 1)),
    ("cgroup /nonexistent", ("Failed to find cgroup2 mount\nCannot parse cgroup /nonexistent.\n", 1)),
])
def test_value_errors(words, expected):
    assert error_of(words) == expected


def test_cgroup_messages_come_from_the_lookup():
    env = make_env(cgroups={"/": (0, "Invalid cgroup2 path\n"),
                            "/x": (0, "Failed to get cgroup2 ID: No such file or directory\n"),
                            "/sys/fs/cgroup/unified": (1, None)})
    assert error_of("cgroup /", env) == ("Invalid cgroup2 path\nCannot parse cgroup /.\n", 1)
    assert error_of("cgroup /x", env) == (
        "Failed to get cgroup2 ID: No such file or directory\nCannot parse cgroup /x.\n", 1)
    _, expr = parse("cgroup /sys/fs/cgroup/unified", env)
    assert expr.bytecode().hex() == "0d0c10000100000000000000"


def test_deep_nesting_hits_bisons_stack_limit():
    # verified: 9997 '!' then autobound parses, 9998 exhaust bison's stack
    env = make_env()
    assert F.parse_args(["!"] * 9997 + ["autobound"], env)[1] is not None
    exhausted = ('ss: bison bellows (while parsing filter): "memory exhausted!" Sorry.\n', 255)
    with pytest.raises(F.FilterError) as info:
        F.parse_args(["!"] * 9998 + ["autobound"], env)
    assert (info.value.message, info.value.status, info.value.usage) == exhausted + (True,)
    with pytest.raises(F.FilterError) as info:  # src + the empty `eq` + the address count too
        F.parse_args(["!"] * 9996 + ["src", "1.2.3.4"], env)
    assert info.value.message == exhausted[0]
    with pytest.raises(F.FilterError) as info:  # 4998 unclosed levels: a plain syntax error
        F.parse_args(["autobound", "("] * 4998 + ["autobound"], env)
    assert info.value.message == SYNTAX[0]
    with pytest.raises(F.FilterError) as info:
        F.parse_args(["autobound", "("] * 4999 + ["autobound"], env)
    assert info.value.message == exhausted[0]


def test_deep_expressions_evaluate_without_recursion():
    words = []
    for _ in range(2000):
        words += ["(", "sport", "=", ":1", "or", "!"]
    words += ["autobound"] + [")"] * 2000
    _, expr = F.parse_args(words, make_env())
    # Worked out by hand: no socket here has port 1, so each level is the
    # negation of the one inside it; the innermost, `( sport = :1 or !
    # autobound )`, is false for an autobound socket, and 2000 levels (an
    # even number) bring it back to true.  A bound socket gives the opposite.
    assert expr.user_matches(SOCKETS["auto"]) is True
    assert expr.user_matches(SOCKETS["lo22"]) is False
    assert len(expr.bytecode()) > 0


# ---- which sockets ---------------------------------------------------------------

@pytest.mark.parametrize("words, names", [
    ("sport = :22", ["lo22"]),
    ("sport = 22", ["lo22"]),
    ("sport == :0x16", ["lo22"]),
    ("sport eq :026", ["lo22"]),        # strtol base 0: octal
    ("sport = :ssh", ["lo22"]),
    ("dport = :22", ["auto"]),
    ("sport = :-1", sorted(SOCKETS)),   # port -1 means "any port"
    ("sport = :*", sorted(SOCKETS)),
    ("src 127.0.0.1", ["auto", "client", "lo22", "lo8080", "mapped", "server"]),
    ("src 127.0.0.1:8080", ["lo8080", "server"]),
    ("src [::1]", ["v6_8080"]),
    ("src [::ffff:127.0.0.1]", ["mapped"]),   # a mapped rule only matches mapped sockets
    ("dst 127.0.0.0/8", ["auto", "client", "mapped", "server"]),
    ("src 127.1", []),                        # "127.1" is 127.1.0.0 for ss
    ("src 198.51.100.1/255.255.255.0", ["dev81"]),
    ("src 2001:db8::/32", ["net6"]),
    ("src *:22", ["lo22"]),
    ("dst :20001", ["server"]),
    ("src localhost", ["auto", "client", "lo22", "lo8080", "mapped", "server"]),
    # a unix socket's "port" is its inode (1001-1004 here)
    ("sport gt :8000", ["auto", "client", "lo8080", "net6", "server", "v6_8080"]),
    ("sport < :1000", ["dev81", "lo22"]),
    ("sport >= :20000 and sport <= :20005", ["client", "net6"]),
    ("sport != :22 and sport < :5002", ["any5001", "dev81", "mapped", "u_abstract", "u_auto",
                                        "u_path", "u_unnamed"]),
    ("dport eq :8080 or sport eq :8080", ["client", "lo8080", "server", "v6_8080"]),
    ("sport = :22 or sport = :81 and dport = :0", ["dev81", "lo22"]),
    ("sport = :81 or sport = :22 and dport = :1", []),   # `or` and `and` group left
    ("not sport = :22 and not sport >= :1000", ["dev81"]),
    ("dev v0", ["dev81"]),
    ("dev 2", ["dev81"]),
    ("dev if2", ["dev81"]),
    ("dev != lo", sorted(SOCKETS)),
    ("fwmark 7", ["client", "lo8080", "server"]),
    ("fwmark 0x6/0x6", ["client", "lo8080", "server"]),
    ("fwmark 3/1", []),                      # the mark is not masked: never equal
    ("fwmark != 0", ["client", "lo8080", "server"]),
    ("autobound", ["auto", "u_auto", "u_unnamed"]),
    ("src unix:/tmp/*", ["u_path"]),
    ("src unix:*SOCK*", ["u_path"]),          # FNM_CASEFOLD
    ("src unix:@*", ["u_abstract", "u_auto"]),
    # ss never fills in a unix peer name, so `dst` patterns see "".  And ss
    # reads an inet socket's address as a name pointer: all zeros is "" too
    # (those inet sockets are only shown when ss falls back to /proc).
    ("src unix:", ["any5001", "u_unnamed"]),
    ("dst unix:", ["any5001", "dev81", "lo22", "lo8080", "u_abstract", "u_auto", "u_path",
                   "u_unnamed", "v6_8080"]),
    ("src unix:/tmp/ssflt/sock.[a-c]", ["u_path"]),
    ("sport = :1004", ["u_unnamed"]),         # a unix socket's port is its inode
    ("dport = :1005", ["u_unnamed"]),
    # unix and IPv6 sockets have all-zero peers too, but the kernel filters the IPv6 ones
    ("dst 0.0.0.0", ["dev81", "lo22", "lo8080", "u_abstract", "u_auto", "u_path", "u_unnamed"]),
])
def test_selection(words, names):
    assert selected(words) == sorted(names)


def test_ipv4_prefix_zero_is_ipv4_only_in_the_kernel():
    # userspace skips a /0 address entirely; the kernel still wants the family
    _, expr = parse("src 0.0.0.0/0")
    assert expr.user_matches(SOCKETS["v6_8080"])
    assert not expr.matches(SOCKETS["v6_8080"])
    assert expr.matches(SOCKETS["mapped"]) and expr.matches(SOCKETS["lo22"])


def test_port_compare_out_of_range_uses_the_kernels_16_bits():
    # bytecode holds 70000 as 4464; userspace compares 70000: nothing passes both
    _, expr = parse("sport >= :70000")
    assert expr.bytecode().hex() == "02080c0000007011"
    assert not any(expr.matches(s) for s in SOCKETS.values() if s.family != socket.AF_UNIX)


def test_a_name_with_several_addresses_only_uses_the_first_in_the_kernel():
    env = make_env(hosts={"both": (["127.0.0.1"], ["::1"])})
    _, expr = parse("src both", env)
    assert expr.user_matches(SOCKETS["v6_8080"])
    assert not expr.matches(SOCKETS["v6_8080"])
    assert expr.matches(SOCKETS["lo22"])


def test_families_follow_address_words():
    _, expr = parse("sport = :22")
    assert (expr.families, expr.preferred_family) == (None, None)
    _, expr = parse("src unix:/x")
    assert (expr.families, expr.preferred_family) == (F.AF_UNIX, F.AF_UNIX)
    # after unix:, plain words are unix patterns too
    _, expr = parse("src unix:/x or src 127.0.0.1")
    assert expr.matches(unix("127.0.0.1", 5)) and not expr.matches(SOCKETS["lo22"])
    # the last family word wins; its bytecode then holds a unix rule: EINVAL
    _, expr = parse("src unix:/x or src inet:127.0.0.1")
    assert expr.families == F.AF_INET and expr.kernel_rejects
    # -4 / -6 / -x: addresses read in that family, and families reset to it
    _, expr = parse("src 127.0.0.1", preferred_family=F.AF_INET)
    assert expr.families == F.AF_INET
    _, expr = parse("src /tmp/*", preferred_family=F.AF_UNIX)
    assert selected("src /tmp/*", preferred_family=F.AF_UNIX) == ["u_path"]
    assert error_of("src 127.0.0.1", preferred_family=F.AF_INET6) == (
        'Error: an inet prefix is expected rather than "127.0.0.1".\n'
        "Cannot parse dst/src address.\n", 1)


def test_service_names_follow_the_tables():
    # udp says 2000, tcp says 1000: ambiguous only when both tables are dumped
    assert parse("sport = :oddity", tables=["tcp"])[1].bytecode().hex() == \
        "0710140000000000e803000000000000"
    assert parse("sport = :oddity", tables=["udp", "unix"])[1].bytecode().hex() == \
        "0710140000000000d007000000000000"
    assert error_of("sport = :ssh", tables=["unix"]) == (
        'Error: "ssh" does not look like a port.\nCannot parse dst/src address.\n', 1)


# ---- bytecode ------------------------------------------------------------------

@pytest.mark.parametrize("words, hexcode", [
    # each verified against the bytes ss sends (strace -e write=FD ss -tan ...)
    ("sport = :22", "07101400000000001600000000000000"),
    ("sport = :22 or dport = :80",
     "071014000000000016000000000000000104140008101400000000005000000000000000"),
    ("sport = :22 dport = :80",
     "0710240000000000160000000000000008101400000000005000000000000000"),
    ("not sport = :22", "0710140000000000160000000000000001040800"),
    ("! ! sport = :22", "071014000000000016000000000000000104080001040800"),
    ("sport > :1024", "03080c000000000401040800"),
    ("sport < :1024", "02080c000000000401040800"),
    ("dport >= :70000", "04080c0000007011"),
    ("dport <= :-1", "05080c000000ffff"),
    ("src 127.0.0.1/8", "0710140002080000ffffffff7f000001"),
    ("dst [::1]", "081c20000a800000ffffffff00000000000000000000000000000001"),
    ("src [::ffff:127.0.0.1]", "071c20000a800000ffffffff00000000000000000000ffff7f000001"),
    ("autobound", "06040800"),
    ("fwmark 0x10/0xf0", "0a0c100010000000f0000000"),
    ("fwmark 3", "0a0c100003000000ffffffff"),
    ("src default", "0710140000000000ffffffff00000000"),
    ("dst *:80", "08101400000000005000000000000000"),
    ("dev lo", ""),
    ("dev lo or sport = :22", ""),
])
def test_bytecode(words, hexcode):
    _, expr = parse(words)
    assert expr.bytecode().hex() == hexcode


def test_bytecode_of_nested_and_or():
    # verified with strace: ss -tan '( src 1.2.3.4 or ( dst 5.6.7.8 and ! sport = :9 ) )
    # dport = :10 or autobound'
    _, expr = parse("( src 1.2.3.4 or ( dst 5.6.7.8 and ! sport = :9 ) ) dport = :10 or autobound")
    assert expr.bytecode().hex() == (
        "0710140002200000ffffffff01020304010428000810380002200000ffffffff05060708"
        "071014000000000009000000000000000104180008101400000000000a00000000000000"
        "0104080006040800")
    bound = {"userlocks": 12}
    assert expr.matches(tcp("1.2.3.4", 1, "9.9.9.9", 10, extra=bound))
    assert expr.matches(tcp("1.1.1.1", 8, "5.6.7.8", 10, extra=bound))
    assert not expr.matches(tcp("1.1.1.1", 9, "5.6.7.8", 10, extra=bound))
    assert not expr.matches(tcp("1.1.1.1", 8, "5.6.7.8", 11, extra=bound))


# ---- words, files ------------------------------------------------------------------

def test_words_split_like_ss():
    assert F.split_words("sport = :22") == ["sport", "=", ":22"]
    assert F.split_words("  a\tb  ") == ["a", "b"]
    assert F.split_words("a\\ b c\\\\d e\\") == ["a b", "c\\d", "e"]
    # one argument holding a whole expression works; parentheses must be words
    sport22 = "07101400000000001600000000000000"  # test_bytecode, verified with strace
    assert parse("( sport = :22 )")[1].bytecode().hex() == sport22
    assert F.parse_args(["( sport = :22 )"], make_env())[1].bytecode().hex() == sport22


def test_filter_file(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"# comment\n0 also skipped (ss tests '0' for '\\0')\n\nsport = :22\nor\n"
                     b"dport = :22\n")
    env = Env(kernel=FakeKernel(files={str(path): path.read_text()}), environ={})
    _, expr = F.parse_file(str(path), env)
    assert sorted(n for n, s in SOCKETS.items() if expr.matches(s)) == ["auto", "lo22"]
    # arguments come before the file's words
    _, expr = F.parse_file(str(path), env, args=["sport", "=", ":8080", "or"])
    assert "lo8080" in [n for n, s in SOCKETS.items() if expr.matches(s)]


@pytest.mark.parametrize("content, expected", [
    # verified: ss -F FILE
    (b"\0sport = :22\n", ("Invalid line\n", 255)),
    (b"sport = :22 " + b" " * 1010 + b"\n", ("Too long line in filter\n", 255)),
    (b"sport = :22 " + b" " * 1011, ("Too long line in filter\n", 255)),
    (b" # not a comment\n", ('Error: an inet prefix is expected rather than "#".\n'
                             "Cannot parse dst/src address.\n", 1)),
    (b"sport = :22 )\nbogus\n", SYNTAX),
])
def test_filter_file_errors(content, expected):
    env = Env(kernel=FakeKernel(files={"/f": content.decode("utf-8", "surrogateescape")}),
              environ={})
    with pytest.raises(F.FilterError) as info:
        F.parse_file("/f", env)
    err = info.value
    assert ((err.message, err.status, USAGE) if err.usage else (err.message, err.status)) == expected


def test_filter_file_lines_that_fit():
    for content in (b"sport = :22 " + b" " * 1009 + b"\n", b"sport = :22 " + b" " * 1010,
                    b"sport = :22\0 junk\n", b"sport =\n:22"):
        env = Env(kernel=FakeKernel(files={"/f": content.decode()}), environ={})
        assert F.parse_file("/f", env)[1].bytecode().hex() == "07101400000000001600000000000000"


def test_filter_file_from_stdin_and_missing_file():
    env = Env(kernel=FakeKernel(), environ={}, stdin=io.StringIO("sport = :22\n"))
    # the bytecode of `sport = :22` (test_bytecode, verified with strace)
    assert F.parse_file("-", env)[1].bytecode().hex() == "07101400000000001600000000000000"
    with pytest.raises(F.FilterError) as info:
        F.parse_file("/nonexistent", Env(kernel=FakeKernel(), environ={}))
    assert (info.value.message, info.value.status) == (
        "fopen filter file: No such file or directory\n", 255)


# ---- pieces ----------------------------------------------------------------------

@pytest.mark.parametrize("pattern, name, result", [
    ("*", "", True), ("", "", True), ("", "x", False), ("/tmp/*", "/tmp/a/b", True),
    ("?", "ab", False), ("a?c", "abc", True), ("[!a]", "b", True), ("[!a]", "a", False),
    ("[a-c]x", "Bx", True), ("[[:digit:]]", "5", True), ("\\*", "*", True), ("\\*", "a", False),
    ("[abc", "[abc", True), ("*a", "bba", True), ("a*b*c", "aXbYc", True), ("a*b*c", "aXbY", False),
    ("x\\", "x\\", False),
])
def test_fnmatch(pattern, name, result):
    assert F.fnmatch(pattern, name) is result


@pytest.mark.parametrize("text, result", [
    ("10", (F.AF_INET, 32, bytes([10, 0, 0, 0]) + bytes(12))),
    ("10.8", (F.AF_INET, 32, bytes([10, 8, 0, 0]) + bytes(12))),
    ("0x7f.1", (F.AF_INET, 32, bytes([127, 1, 0, 0]) + bytes(12))),
    ("1.2.3.4/24", (F.AF_INET, 24, bytes([1, 2, 3, 4]) + bytes(12))),
    ("1.2.3.4/default", (F.AF_INET, 0, bytes([1, 2, 3, 4]) + bytes(12))),
    ("default", (F.AF_UNSPEC, 0, bytes(16))),
    ("any", (F.AF_UNSPEC, 0, bytes(16))),
    ("default/8", None),
    ("1.2.3.4/33", None),
    ("::1/64", (F.AF_INET6, 64, bytes(15) + b"\1")),
])
def test_get_prefix(text, result):
    assert F.get_prefix(text, F.AF_UNSPEC) == result


def test_no_traceback_for_strange_words():
    env = make_env()
    for words in (["src", "\udcff"], ["sport", "=", ":\udcff"], ["dev", "\udcff"],
                  ["fwmark", "0x"], ["cgroup", "\udcff"], ["src", "[\udcff]"],
                  ["src", "link:\udcff:\udcff"], ["dst", "vsock:-1:-1"]):
        try:
            F.parse_args(words, env)
        except F.FilterError:
            pass


def test_host_lookup_takes_no_ipv6_scope():
    # verified: ss dst '[fe80::1%lo]' -> an inet prefix is expected rather than "fe80::1%lo"
    # (gethostbyname2() knows no scope ids; getaddrinfo() would accept it)
    assert F._gethostbyname2("fe80::1%lo", socket.AF_INET6) == []
