"""ip golden cases: -batch and -force, neigh add/del/change/replace/flush,
rule add/del/flush, address flush, addrlabel add/del/flush (issue 10).

All run in the ip-change lab through cases_change.change() (built afresh
for each run, output, exit status and the state left compared); the state
here also holds the proxy neighbours and the address labels.  A -batch case
gets its commands as the file "cmds" in its working directory (or on
standard input for `-batch -`).
"""
from tests.ip.cases import ip
from tests.ip.cases_change import STATE, change

MORE_STATE = STATE + [["ip", "neigh", "show", "proxy"], ["ip", "-6", "neigh", "show", "proxy"],
                      ["ip", "addrlabel"]]
LLADDR = "lladdr 02:00:00:00:00:09"


def case(name, words, note="", **kwargs):
    kwargs.setdefault("state", MORE_STATE)
    return change(name, words, note=note, **kwargs)


def batch(name, options, text, note="", **kwargs):
    """`ip OPTIONS -batch cmds` (or OPTIONS alone, naming the file itself) reading `text`."""
    words = options if "-batch" in options or "-b " in options else options + " -batch cmds"
    return case(name, words.strip(), note=note, files={"cmds": text}, **kwargs)


CASES = [
    # ---- -batch / -force (ip.c batch(), lib/utils.c do_batch()) --------------------------
    batch("batch-basic", "", "addr add 203.0.113.5/24 dev veth0\naddr show dev veth0\n"),
    batch("batch-renamed-old-name", "-force", "link set dev veth0 name v5\naddr add 198.51.100.7/24 dev veth0\n"
          "link del veth1\naddr add 198.51.100.8/24 dev veth1\naddr add 198.51.100.9/24 dev v5\n",
          note="a name looked up on one line is asked of the kernel again on the next (ll_map stays empty): "
               "the old names are gone"),
    batch("batch-renamed-after-show", "-force", "addr show dev lo\nlink set dev veth0 name v5\n"
          "addr add 198.51.100.7/24 dev veth0\n",
          note="addr show dev lo remembers lo alone in ip's ll_map: veth0 is asked of the kernel, not found"),
    batch("batch-fails-stops", "", "addr add 203.0.113.5/24 dev veth0\naddr add 203.0.113.5/24 dev veth0\n"
          "addr add 203.0.113.6/24 dev veth0\n", note="Command failed cmds:2, the third line never runs"),
    batch("batch-force-goes-on", "-force", "addr add 198.51.100.1/24 dev veth0\naddr add 203.0.113.6/24 dev veth0\n"
          "addr del 203.0.113.99/24 dev veth0\nrule add pref 77 table 5\n", note="exit 1 after every line ran"),
    batch("batch-comments-blank", "", "# a comment\n\n   \naddr add 203.0.113.5/24 dev veth0 # after\n"
          "#addr add 203.0.113.6/24 dev veth0\naddr show dev veth0 # label nothing\n"),
    batch("batch-continuation", "", "addr add 203.0.113.5/24 \\\n  dev veth0 \\\n  label veth0:c\nbogus\n",
          note="the failed line is counted after the continued ones: cmds:4"),
    batch("batch-continuation-comment", "", "addr add 203.0.113.5/24 # dev \\\ndev veth0\n",
          note="the comment eats the backslash: two commands, the first fails"),
    batch("batch-missing-continuation", "", "addr add 203.0.113.5/24 dev veth0\naddr add 203.0.113.6/24 \\\n",
          note="Missing continuation line ends the file; exit 0"),
    batch("batch-quotes", "", "addr add '203.0.113.5/24' dev \"veth0\" label 'veth0:a b'\n"
          "addr show label \"veth0:a b\"\n", note="a quoted word may hold spaces"),
    batch("batch-quote-glued", "", "addr add \"203.0.113.5/24\"dev veth0\n",
          note="the closing quote ends the word: the next one starts right after it"),
    batch("batch-unterminated-quote", "", "addr add 203.0.113.5/24 dev veth0\naddr show dev 'veth0\n",
          note="Unterminated quoted string: exit 1 at once"),
    batch("batch-unknown-object", "-force", "bogus\nhelp\n", note="help's usage exits 255 from inside the batch"),
    batch("batch-invarg-exits", "-force", "addr add 203.0.113.5/24 dev veth0 scope nosuch\n"
          "addr add 203.0.113.6/24 dev veth0\n", note="exit(-1) inside a line ends ip: 255, no Command failed"),
    batch("batch-family-reset", "-6", "addr show dev veth0\nrule show\n-4 addr\n",
          note="-6 holds for each line; an option inside a line is an unknown object (cmds:3)"),
    batch("batch-family-per-line", "-4 -force", "rule add from 198.51.100.0/24 table 7\nrule show\n"
          "addr show dev veth0\n"),
    batch("batch-family-error-exits", "-6 -force", "addr add 203.0.113.5/24 dev veth0\naddr show\n",
          note="get_prefix()'s error exits: status 1, nothing after it"),
    batch("batch-json", "-j", "addr show dev veth0\nrule show\n"),
    batch("batch-oneline", "-o", "addr show dev veth0\nrule show\n"),
    batch("batch-stats-flush", "-s", "addr flush dev veth1\naddr flush dev veth1\n"),
    batch("batch-neigh-refused-exits", "-force", "neigh add 198.51.100.9 dev veth0 nud noarp\n"
          "addr add 203.0.113.5/24 dev veth0\n", note="ipneigh_modify exit(2)s on a refusal: the batch ends"),
    batch("batch-no-such-file", "-batch nosuch", ""),
    batch("batch-directory", "-batch /", "", note="fopen() opens a directory; the first read fails: exit 0"),
    batch("batch-empty", "", ""),
    batch("batch-stdin", "-batch -", "addr add 203.0.113.5/24 dev veth0\nrule add pref 9 blackhole\n",
          stdin="cmds"),
    batch("batch-stdin-fails", "-batch -", "addr add 203.0.113.5/24 dev veth0\naddr add 203.0.113.5/24 dev veth0\n",
          stdin="cmds", note="Command failed -:2"),
    batch("batch-no-newline", "", "addr add 203.0.113.5/24 dev veth0", note="the last line has no newline"),
    batch("batch-force-counts", "-force", "bogus\n\\\n\nbogus two\naddr add x dev veth0\n",
          note="a lone backslash joins an empty line"),
    batch("batch-abbreviated", "-b cmds -forc", "a a 203.0.113.5/24 dev veth0\n"),
    batch("batch-too-many-words", "", "addr show dev veth0 " + " ".join(["x"] * 520) + "\n",
          note="Too many arguments to command: exit 1"),
    batch("batch-crlf", "", "addr add 203.0.113.5/24 dev veth0\r\naddr show dev veth0\r\n",
          note="CR is white space to makeargs"),
    batch("batch-nul-byte", "-force", b"addr add 203.0.113.5/24 dev veth0\0 junk\naddr add 203.0.113.6/24 \\\n"
          b"dev veth0\0 label veth0:x\nlabel veth0:q\n",
          note="a NUL ends the line for C's string functions (its newline and backslash too)"),
    batch("batch-extra-words", "-batch cmds addr show", "addr add 203.0.113.5/24 dev veth0\n",
          note="words after the file are never read"),
    batch("batch-many-then-flush", "-s", "".join("addr add 203.0.113.%d/24 dev veth0\n" % i for i in range(1, 121))
          + "addr flush dev veth0\n", note="120 deletions: several of ip's 3584-byte flush batches in one round"),
    batch("batch-changing-objects", "", "neigh add 198.51.100.9 " + LLADDR + " dev veth0\n"
          "rule add from 198.51.100.9 table 9\naddrlabel add prefix 2001:db8:9::/48 label 9\n"
          "addr flush dev veth1\n"),

    ip("batch-netns-exec", "-batch cmds", lab="ip-netns", files={"cmds": "netns exec blue ip -br link show lo\n"
       "netns exec blue false\nnetns exec green ip -br link show lo\n"},
       note="in a batch, netns exec forks and waits (cmd_exec's do_fork): false fails the line (cmds:2)"),
    # (not `netns exec nosuch ...` in a batch: ip's forked child, whose netns_switch()
    # fails, goes on with the rest of the batch itself, and every later line runs twice)
    ip("batch-netns-exec-force", "-force -batch cmds", lab="ip-netns", files={"cmds": "netns exec blue false\n"
       "netns exec green ip -br link show lo\nnetns list\n"}),

    # ---- neigh add / change / replace / delete (ipneigh_modify) ---------------------------
    case("neigh-add", "neigh add 198.51.100.9 " + LLADDR + " dev veth0"),
    case("neigh-add-exists", "neigh add 198.51.100.9 " + LLADDR + " dev veth0",
         before=["neigh add 198.51.100.9 " + LLADDR + " dev veth0"]),
    case("neigh-replace-stale-router", "neigh replace 198.51.100.9 " + LLADDR + " dev veth0 nud stale router"),
    case("neigh-change-missing", "neigh change 198.51.100.9 " + LLADDR + " dev veth0"),
    case("neigh-chg", "neigh chg 198.51.100.9 lladdr 02:00:00:00:00:0a dev veth0 nud stale",
         before=["neigh add 198.51.100.9 " + LLADDR + " dev veth0"]),
    case("neigh-add-proxy", "neigh add proxy 198.51.100.50 dev veth0"),
    case("neigh-add-proxy-v6", "neigh add proxy 2001:db8::50 dev veth0"),
    case("neigh-add-noarp-no-lladdr", "neigh add 198.51.100.9 dev veth0 nud noarp"),
    case("neigh-add-managed", "neigh add 198.51.100.9 dev veth0 managed"),
    case("neigh-add-v6-extern-proto", "neigh add 2001:db8::9 " + LLADDR + " dev veth0 extern_learn protocol static"),
    case("neigh-add-no-dev", "neigh add 198.51.100.9 " + LLADDR),
    case("neigh-add-no-device", "neigh add 198.51.100.9 " + LLADDR + " dev nosuch"),
    case("neigh-add-bad-lladdr", "neigh add 198.51.100.9 lladdr zz dev veth0"),
    case("neigh-add-bad-nud", "neigh add 198.51.100.9 nud bogus dev veth0"),
    case("neigh-add-two-addresses", "neigh add 198.51.100.9 198.51.100.10 dev veth0"),
    case("neigh-add-lladdr-null", "neigh add 198.51.100.9 lladdr null dev veth0"),
    case("neigh-add-nud-number-use", "neigh add 198.51.100.9 nud 0x4 dev veth0 use"),
    case("neigh-add-help-skipped", "neigh add help 198.51.100.9 dev veth0 " + LLADDR,
         note="NEXT_ARG() skips the word after help"),
    case("neigh-del", "neigh del 198.51.100.9 dev veth0", before=["neigh add 198.51.100.9 " + LLADDR + " dev veth0"]),
    case("neigh-del-missing", "neigh del 198.51.100.9 dev veth0"),
    case("neigh-del-proxy", "neigh del proxy 198.51.100.50 dev veth0",
         before=["neigh add proxy 198.51.100.50 dev veth0"]),

    # ---- neigh flush -------------------------------------------------------------------------
    case("neigh-flush-no-args", "neigh flush"),
    case("neigh-flush-dev-s", "-s neigh flush dev veth0",
         before=["neigh add 198.51.100.9 " + LLADDR + " dev veth0 nud stale",
                 "neigh add 198.51.100.10 lladdr 02:00:00:00:00:0a dev veth0 nud stale",
                 "neigh add 198.51.100.11 lladdr 02:00:00:00:00:0b dev veth0"],
         note="the permanent entry stays"),
    case("neigh-flush-nothing", "-s neigh flush dev veth0"),
    case("neigh-flush-permanent", "-s neigh flush dev veth0 nud permanent",
         before=["neigh add 198.51.100.9 " + LLADDR + " dev veth0"]),
    case("neigh-flush-v6-to", "-s -6 neigh flush to 2001:db8::/32",
         before=["neigh add 198.51.100.9 " + LLADDR + " dev veth0 nud stale",
                 "neigh add 2001:db8::9 " + LLADDR + " dev veth0 nud stale"]),
    case("neigh-flush-protocol", "-s neigh flush dev veth0 protocol static",
         before=["neigh add 198.51.100.9 " + LLADDR + " dev veth0 nud stale protocol static",
                 "neigh add 198.51.100.10 lladdr 02:00:00:00:00:0a dev veth0 nud stale"]),
    case("neigh-flush-proxy", "-s neigh flush proxy", before=["neigh add proxy 198.51.100.50 dev veth0"]),
    # (-s -s prints a plain entry's seconds since its last use: not steady enough for a case)
    case("neigh-flush-s-s-json", "-j -s -s neigh flush proxy", before=["neigh add proxy 198.51.100.50 dev veth0"],
         note="the flush opens no JSON object: text even under -j"),
    case("neigh-flush-no-device", "neigh flush dev nosuch"),

    # ---- rule add / del / flush (iprule_modify, flush_rule) --------------------------------
    case("rule-add-from-table", "rule add from 198.51.100.0/24 table 100"),
    case("rule-add-twice", "rule add from 198.51.100.0/24 table 100 pref 50",
         before=["rule add from 198.51.100.0/24 table 100 pref 50"], note="File exists: exit 2"),
    case("rule-add-selectors", "rule add not from 198.51.100.0/24 to 203.0.113.0/24 tos 0x10 fwmark 0x5/0xff "
         "iif veth0 oif veth1 table 1000 protocol static"),
    case("rule-add-types", "rule add pref 100 type unreachable"),
    case("rule-add-blackhole", "rule add pref 100 blackhole"),
    case("rule-add-goto", "rule add pref 100 goto 200"),
    case("rule-add-nat", "rule add pref 100 nat 198.51.100.7", note="a warning, then the kernel takes it"),
    case("rule-add-l3mdev-table", "rule add pref 100 l3mdev table 10", note="-EINVAL: exit 22"),
    case("rule-add-ports-uid", "rule add pref 100 uidrange 100-200 ipproto tcp sport 80 dport 1000-2000 table 5"),
    case("rule-add-suppress", "rule add pref 100 suppress_prefixlength 0 suppress_ifgroup default table main"),
    case("rule-add-realms", "rule add pref 100 realms 1/2 table 5"),
    case("rule-add-v6-without-6", "rule add from 2001:db8::/64 table 5", note="an IPv4 rule with a 16-byte source"),
    case("rule-add-6", "-6 rule add from 2001:db8::/64 table 5"),
    case("rule-add-no-args", "rule add"),
    case("rule-add-bad-pref", "rule add pref x"),
    case("rule-add-bad-type", "rule add foo"),
    case("rule-add-dport-junk", "rule add dport 1-x", note="sscanf stops: a range of one"),
    case("rule-add-echo", "-echo rule add from 198.51.100.0/24 table 100 protocol static",
         note="rtnl_echo_talk(): the kernel's copy printed"),
    case("rule-add-echo-json", "-echo -j rule add pref 5 table 5"),
    case("rule-del-echo", "-echo rule del pref 32766", note="the deleted rule, after Deleted"),
    case("rule-del-echo-missing", "-echo rule del pref 5"),
    case("rule-del", "rule del from 198.51.100.0/24 table 100", before=["rule add from 198.51.100.0/24 table 100"]),
    case("rule-del-main", "rule del pref 32766"),
    case("rule-del-missing", "rule del pref 5"),
    case("rule-flush", "rule flush", before=["rule add from 198.51.100.0/24 table 100"],
         note="every rule with a priority goes; 0 (local) stays"),
    case("rule-flush-6", "-6 rule flush", before=["-6 rule add from 2001:db8::/64 table 5"]),
    case("rule-flush-table", "rule flush table 200", before=["rule add from 198.51.100.0/24 table 100",
                                                             "rule add from 198.51.100.0/25 table 200"]),
    case("rule-flush-protocol", "rule flush protocol static",
         before=["rule add from 198.51.100.0/24 table 100 protocol static",
                 "rule add from 198.51.100.0/25 table 200"]),

    # ---- address flush (ipaddr_flush) -------------------------------------------------------
    case("addr-flush-no-args", "addr flush"),
    case("addr-flush-dev", "addr flush dev veth0"),
    case("addr-flush-dev-s", "-s addr flush dev veth0",
         before=["addr add 198.51.100.5/24 dev veth0", "addr add 198.51.100.6/24 dev veth0"]),
    case("addr-flush-primary", "-s addr flush dev veth0 primary",
         before=["addr add 198.51.100.5/24 dev veth0", "addr add 198.51.100.6/24 dev veth0"]),
    case("addr-flush-secondary", "-s addr flush dev veth0 secondary",
         before=["addr add 198.51.100.5/24 dev veth0", "addr add 198.51.100.6/24 dev veth0"]),
    case("addr-flush-to", "-s -4 addr flush to 198.51.100.0/24"),
    case("addr-flush-nothing", "-s addr flush to 203.0.113.0/24"),
    case("addr-flush-label", "-s addr flush label veth0:*", before=["addr add 198.51.100.5/24 dev veth0 label veth0:x"]),
    case("addr-flush-scope-link-6", "-s -6 addr flush scope link"),
    case("addr-flush-loops", "-s -l 1 addr flush dev veth0", before=["addr add 198.51.100.5/24 dev veth0"],
         note="incomplete after 1 round: exit 255"),
    case("addr-flush-s-s", "-s -s addr flush dev veth0", before=["addr add 198.51.100.5/24 dev veth0 label veth0:z"],
         note="each address printed after its index and device"),
    case("addr-flush-s-s-json", "-j -s -s addr flush dev veth0"),
    case("addr-flush-no-device", "addr flush dev nosuch"),
    case("addr-flush-link", "-0 addr flush dev veth0"),

    # ---- addrlabel add / del / flush ---------------------------------------------------------
    case("addrlabel-add", "addrlabel add prefix 2001:db8:1::/48 label 99"),
    case("addrlabel-add-dev", "addrlabel add prefix 2001:db8:1::/48 dev veth0 label 99"),
    case("addrlabel-add-exists", "addrlabel add prefix 2001:db8:1::/48 label 99",
         before=["addrlabel add prefix 2001:db8:1::/48 label 99"]),
    case("addrlabel-del", "addrlabel del prefix 2001:db8:1::/48 label 99",
         before=["addrlabel add prefix 2001:db8:1::/48 label 99"]),
    case("addrlabel-add-no-label", "addrlabel add prefix 2001:db8:1::/48"),
    case("addrlabel-add-label-max", "addrlabel add prefix 2001:db8:1::/48 label 0xffffffff"),
    case("addrlabel-add-v4", "addrlabel add prefix 198.51.100.0/24 label 5"),
    case("addrlabel-flush", "addrlabel flush", before=["addrlabel add prefix 2001:db8:1::/48 label 99"]),
    case("addrlabel-flush-args", "addrlabel flush x"),
]
