"""traceroute golden cases (Dmitry Butskoy's traceroute 2.1.2, Debian 1:2.1.2-1).

Every case runs in "main" of the ping lab without its forging responder
("ping-bare", tests/ping/labs.py; the forged-* cases at the end in "ping",
with it): main -> r1 -> r2 -> r3 -> target, the
target's addresses chosen by what the routers on the way do to packets for
them (the docstring there lists each: rejects with every ICMP code, a
silent hop, a black hole, a link of MTU 1280, a deterministic drop).
main's /etc/hosts names every address, so the cases without -n show names.

What may differ between two runs of the real traceroute, and how it is
compared (tests/harness/volatile.py, RULES["traceroute"]): only the
round-trip times ("  0.036 ms"), by form exactly ("%.3f" milliseconds) and
by value within the pair's window.  A "*" against a time is a difference.
So the cases keep to what the lab answers the same way every time: no
random drops, and the rate-limited hop (.31) only where one probe a run
meets the limit.

Timing: a probe nobody answers costs its whole wait, so cases with "*"
use -q 1 and -w 0.2..0.3 and few hops (-m); the others are answered at
once.  The path MTU main learns towards .20 stays for ten minutes: the
cases that meet it flush the route cache first (setup), so each run
learns it afresh.
"""
from tests.harness.cases import Case
from tests.ping.labs import TARGET, TARGET6, v4, v6

LAB = "ping-bare"
QUICK = ["-q", "1", "-w", "0.3,30,30"]      # one probe a hop, 0.3 s for a silent one
# traceroute waits for a probe 3 times (HERE) the round trip of an answer
# from the same hop, 10 times (NEAR) that of a later hop: in the lab, 3 x
# (0.02 ms + 1 ms).  A tool descheduled for 3 ms (a busy CI machine) leaves
# answers in its socket past that and prints "*" for them, the real one as
# well as ours; so the cases give -w 1,30,30 (30 ms), and only target-n and
# v6-target-n (and wait-spec) keep the defaults.
WAIT = ["-w", "1,30,30"]
FLUSH4 = [["ip", "route", "flush", "cache"]]
FLUSH6 = [["ip", "-6", "route", "flush", "cache"]]

CASES = []


def tr(name, args, note, prog="traceroute", steady=True, lab=LAB, **kwargs):
    """A case; steady: unless it sets -w itself, -w 1,30,30 (see WAIT)."""
    args = list(args)
    if steady and "-w" not in args:
        args = WAIT + args
    case = Case("traceroute", name, [prog] + args, lab=lab, note=note, **kwargs)
    CASES.append(case)
    return case


def tr6(name, args, note, **kwargs):
    return tr(name, args, note, prog="traceroute6", **kwargs)


# ---- the default method (UDP to port 33434 and up), IPv4 -------------------------------------

tr("target-n", ["-n", TARGET], steady=False,
   note="the whole default run: header, four hops of three probes, numeric")
tr("target-names", [TARGET], note="names from main's /etc/hosts: 'r1.ping.lab (198.51.100.2)'")
tr("target-by-name", ["target"], note="the host by name: 'traceroute to target (203.0.113.1)'")
tr("target-fqdn", ["-q", "1", "target.ping.lab"], note="a full name, one probe a hop")
tr("q1", ["-n", "-q", "1", TARGET], note="-q 1: one time a hop")
tr("q5", ["-n", "-q", "5", TARGET], note="-q 5: five times on each line")
tr("q10", ["-n", "-q", "10", "-m", "2", TARGET], note="-q 10 (the most), two hops")
tr("first-hop", ["-n", "-f", "3", TARGET], note="-f 3: the lines start at hop 3")
tr("first-hop-last", ["-n", "-f", "4", "-m", "4", TARGET], note="-f 4 -m 4: only the target's line")
tr("max-hops", ["-n", "-m", "2", TARGET], note="-m 2: stops at hop 2 without reaching the target; "
                                                "the header says 2 hops max")
tr("sim-1", ["-n", "-N", "1", TARGET], note="-N 1: one probe at a time")
tr("sim-2", ["-n", "-N", "2", "-q", "2", TARGET], note="-N 2")
tr("sendwait", ["-n", "-q", "1", "-z", "0.01", TARGET], note="-z 0.01: 10 ms between probes")
tr("sendwait-ms", ["-n", "-q", "1", "-z", "20", TARGET], note="-z 20: over 10 means milliseconds")
tr("port", ["-n", "-q", "2", "-p", "40000", TARGET], note="-p 40000: the first UDP port")
tr("packetlen", ["-n", "-q", "1", TARGET, "100"], note="packetlen 100: '100 byte packets'")
tr("packetlen-small", ["-n", "-q", "1", TARGET, "10"],
   note="packetlen 10, under the headers' 28: no data, '28 byte packets'")
tr("packetlen-big", ["-n", "-q", "1", TARGET, "1400"], note="packetlen 1400 (fragments allowed)")
tr("tos", ["-n", "-q", "1", "-t", "16", TARGET], note="-t 16: IP_TOS on each probe socket")
tr("sport", ["-n", "-q", "1", "--sport=40000", TARGET], note="--sport: a fixed source port, -N 1")
tr("source", ["-n", "-q", "1", "-s", "198.51.100.1", TARGET], note="-s: bound to main's address")
tr("source-name", ["-q", "1", "-s", "host", TARGET], note="-s by name")
tr("interface", ["-n", "-q", "1", "-i", "west", TARGET], note="-i west: SO_BINDTODEVICE")
tr("debug-fwmark", ["-n", "-q", "1", "-d", "--fwmark=7", TARGET], note="-d (SO_DEBUG) and --fwmark 7")
tr("noroute", ["-n", "-q", "1", "-r", "-m", "3", "-w", "0.3,30,30", TARGET],
   note="-r: SO_DONTROUTE; the target is not on main's link")
tr("noroute-r1", ["-n", "-q", "1", "-r", "198.51.100.2"], note="-r to a neighbour: one hop")
tr("gateway", ["-n", "-m", "2", "-g", "198.51.100.2"] + QUICK + [TARGET],
   note="-g: a loose source route option via r1 ('72 byte packets'); the lab's routers drop source-routed "
        "packets (accept_source_route 0): stars")
tr("wait-spec", ["-n", "-w", "2,20,40", TARGET], note="-w MAX,HERE,NEAR")
tr("dontfrag", ["-n", "-q", "1", "-F", TARGET], note="-F: don't fragment")
tr("neighbour", ["-n", "198.51.100.2"], note="the first router itself: one hop")
tr("nobody", ["-n", "-q", "1", "-w", "0.2,30,30", "-m", "2", "198.51.100.99"],
   note="an address on main's link nobody has: no neighbour, the probes vanish")

# ---- what each reject prints (default method) ----------------------------------------------------

for n, name, what in (
        (10, "host-unreach", "!H on all three (host unreachable), and the trace stops at hop 2"),
        (11, "net-unreach", "!N (net unreachable)"),
        (12, "prot-unreach", "!P (protocol unreachable)"),
        (13, "port-unreach", "r3's port unreachable: taken as the end, hops 3 and 4 both r3, no mark"),
        (14, "admin-prohib", "!X (communication administratively prohibited, code 13)"),
        (15, "net-prohib", "!X (code 9)"),
        (16, "host-prohib", "!X (code 10)"),
        (17, "srcroute", "!S (source route failed)"),
        (18, "precedence", "!V (host precedence violation)"),
        (19, "cutoff", "!C (precedence cutoff)"),
        (22, "host-unknown", "!H (code 7)"),
        (25, "net-unknown", "!N (code 6)"),
        (26, "isolated", "!N (code 8)"),
        (27, "net-tos", "!N (code 11)"),
        (28, "host-tos", "!H (code 12)")):
    tr(name, ["-n", v4(n)], note=what)
tr("host-unreach-names", [v4(10)], note="!H with names")
tr("net-unreach-q1", ["-q", "1", v4(11)], note="!N, one probe, names")
tr("code-16", ["-n", "-m", "3"] + QUICK + [v4(23)],
   note="code 16: the kernel drops unreachables over code 15: '*' from hop 2")
tr("frag-zero", ["-n", "-m", "3"] + QUICK + [v4(21)],
   note="frag-needed with MTU 0 to a socket that does not ask for path MTU discovery: nothing queued, '*'")
tr("frag-zero-F", ["-n", "-F", v4(21)], note="-F: the same error reaches the socket: !F-0")
tr("silent-hop", ["-n"] + QUICK + [v4(40)], note="r2 drops what expires there: hop 2 '*', 3 and 4 answer")
tr("silent-hop-names", QUICK + [v4(40)], note="the same with names")
tr("black-hole", ["-n", "-m", "5"] + QUICK + [v4(41)], note="r3 drops all for it: '*' from hop 4 to -m")
tr("black-hole-q2", ["-n", "-m", "4", "-q", "2", "-w", "0.2,30,30", v4(41)], note="two stars a line")
tr("drop-some", ["-n", v4(53)], note="r3 drops the probe to port 33444 only: hop 4 '0.020 ms *  0.012 ms'")
tr("slow-hop", ["-n", "-q", "1", v4(31)], setup=[["sleep", "1.1"]],
   note="r2 answers one expiring probe a second (the setup waits for its bucket to fill): the one probe "
        "meets it")

# ---- path MTU: -F with a length, --mtu ---------------------------------------------------------

tr("frag-1400", ["-n", "-F", v4(20), "1400"], setup=FLUSH4,
   note="-F 1400 towards the MTU-1280 link: r2's frag-needed at hop 3, !F-1280")
tr("mtu", ["-n", "--mtu", v4(20)], setup=FLUSH4,
   note="--mtu: F=1500 at hop 1 (the local MTU), F=1280 where the small link starts")
tr("mtu-names", ["--mtu", "-q", "1", v4(20)], setup=FLUSH4, note="--mtu with names, one probe")
tr("mtu-target", ["-n", "--mtu", "-q", "1", TARGET], setup=FLUSH4, note="--mtu on a 1500 path: F=1500 only")
tr("mtu-packetlen", ["-n", "--mtu", "-q", "1", v4(20), "1400"], setup=FLUSH4, note="--mtu from 1400 bytes")

# ---- --back, -e, -A ---------------------------------------------------------------------------------

tr("back", ["-n", "--back", TARGET], note="--back: the hops back guessed from the reply's TTL, shown where "
                                           "they differ")
tr("back-names", ["--back", "-q", "1", v4(13)], note="--back with names, ending on a port unreachable")
tr("extensions", ["-n", "-e", TARGET], note="-e: no router here adds ICMP extensions: nothing shown")
tr("extensions-reject", ["-e", "-q", "1", v4(10)], note="-e with an unreachable")
tr("as-no-server", ["-A", "-n", "-q", "1", TARGET],
   note="-A: whois.radb.net cannot be resolved in the lab: the message after the first address, exit 2")
tr("as-refused", ["-A", "-q", "1", TARGET], env={"RA_SERVER": "198.51.100.2", "RA_SERVICE": "7"},
   note="-A against RA_SERVER r1 port 7, which refuses: '[!!]' after each address")
RADB = [["@r1", "python3", "{tests}/traceroute/radb.py", "198.51.100.2"]]     # tests/traceroute/radb.py
RA = {"RA_SERVER": "198.51.100.2", "RA_SERVICE": "43"}
tr("as-radb", ["-A", "-n", "-q", "1", TARGET], env=RA, setup=RADB, stop_leftovers=True,
   note="-A against a registry in r1 (tests/traceroute/radb.py): the longest prefix's origin, two origins "
        "joined with '/', '[*]' for none")
tr("as-radb-names", ["-A", "-q", "2", TARGET], env=RA, setup=RADB, stop_leftovers=True,
   note="-A with names: the AS path after the '(address)', once per address shown")
tr("as-radb-nicname", ["-A", "-n", "-q", "1", v4(10)], env={"RA_SERVER": "198.51.100.2"}, setup=RADB,
   stop_leftovers=True, note="-A with RA_SERVICE unset: the service 'nicname' (43, /etc/services); !H after it")
tr("as-bad-service", ["-A", "-n", "-q", "1", TARGET], env={"RA_SERVER": "198.51.100.2", "RA_SERVICE": "nosuch"},
   note="-A with a service getaddrinfo does not know: its message after the first address, exit 2")

# ---- ICMP echo (-I) ----------------------------------------------------------------------------------

tr("icmp", ["-I", "-n", TARGET], note="-I: echo requests on a raw socket")
tr("icmp-names", ["-I", "-q", "1", TARGET], note="-I with names")
tr("icmp-host-unreach", ["-I", "-n", v4(10)], note="-I: !H")
tr("icmp-net-unreach", ["-I", "-q", "1", v4(11)], note="-I: !N")
tr("icmp-admin", ["-I", "-n", "-q", "1", v4(14)], note="-I: !X")
tr("icmp-port-unreach", ["-I", "-n", v4(13)], note="-I meets a port unreachable: the end, no mark")
tr("icmp-frag-zero", ["-I", "-n", v4(21)], note="-I: !F-0 (raw ICMP sockets get frag-needed)")
tr("icmp-dgram", ["-I", "-O", "dgram", "-n", "-q", "1", TARGET], note="-I -O dgram: an ICMP datagram socket")
tr("icmp-raw", ["-I", "-O", "raw", "-n", "-q", "1", TARGET], note="-I -O raw")
tr("icmp-seq", ["-I", "-n", "-q", "1", "-p", "100", TARGET], note="-I -p 100: the first sequence number")
tr("icmp-packetlen", ["-I", "-n", "-q", "1", TARGET, "100"], note="-I, 100 byte packets")
tr("icmp-packetlen-small", ["-I", "-n", "-q", "1", TARGET, "20"],
   note="-I with 20 bytes: the echo header at least, '28 byte packets'")
tr("icmp-black-hole", ["-I", "-n", "-m", "4"] + QUICK + [v4(41)], note="-I: stars after hop 3")
tr("icmp-silent-hop", ["-I", "-n"] + QUICK + [v4(40)], note="-I: hop 2 silent")
tr("module-icmp", ["-M", "icmp", "-n", "-q", "1", TARGET], note="-M icmp is -I")

# ---- TCP SYN (-T) -------------------------------------------------------------------------------------

tr("tcp", ["-T", "-n", TARGET], note="-T: SYNs to port 80 from a raw socket; the target resets")
tr("tcp-names", ["-T", "-q", "1", TARGET], note="-T with names")
tr("tcp-info", ["-T", "-O", "info", "-n", "-q", "1", TARGET], note="-O info: the final reply's flags <rst,ack>")
tr("tcp-port", ["-T", "-p", "22", "-n", "-q", "1", TARGET], note="-T -p 22")
tr("tcp-host-unreach", ["-T", "-n", v4(10)], note="-T: !H")
tr("tcp-admin", ["-T", "-n", "-q", "1", v4(14)], note="-T: !X")
tr("tcp-frag-zero", ["-T", "-n", "-q", "1", v4(21)], note="-T: !F-0")
tr("tcp-ack", ["-T", "-O", "ack,info", "-n", "-q", "1", TARGET], note="-O ack: the target answers RST")
tr("tcp-ecn", ["-T", "-O", "syn,ecn", "-n", "-q", "1", TARGET], note="-O syn,ecn")
tr("tcp-options", ["-T", "-O", "sack,timestamps,window_scaling,mss=500", "-n", "-q", "1", TARGET],
   note="TCP options chosen by -O: the packet grows")
tr("tcp-flags", ["-T", "-O", "flags=0x12,info", "-n", "-q", "1", TARGET], note="-O flags=0x12 (SYN+ACK)")
tr("tcp-black-hole", ["-T", "-n", "-m", "4"] + QUICK + [v4(41)], note="-T: stars after hop 3")

# ---- UDP to one port (-U), UDP-lite (-UL), DCCP (-D), raw (-P) -----------------------------------

tr("udp", ["-U", "-n", TARGET], note="-U: every probe to port 53; the target's port unreachable ends it")
tr("udp-port", ["-U", "-p", "1000", "-n", "-q", "1", TARGET], note="-U -p 1000")
tr("udp-host-unreach", ["-U", "-q", "1", v4(10)], note="-U: !H")
tr("udplite", ["-UL", "-n", TARGET], note="-UL: UDP-lite to port 53")
tr("udplite-coverage", ["-UL", "-O", "coverage=16", "-n", "-q", "1", TARGET], note="-UL -O coverage=16")
tr("dccp", ["-D", "-n", TARGET], note="-D: DCCP requests to port 33434; the target resets")
tr("dccp-port", ["-D", "-p", "5000", "-n", "-q", "1", v4(10)], note="-D -p 5000 meeting !H")
tr("raw", ["-P", "200", "-n", TARGET], note="-P 200: the target does not know protocol 200: !P at hop 4")
tr("raw-reject", ["-P", "253", "-m", "3"] + QUICK + [v4(11)],
   note="-P 253 towards r2's net-unreachable reject, names: r2's nft reject answers no protocol-253 packet")
tr("module-udp", ["-M", "udp", "-n", "-q", "1", TARGET], note="-M udp is -U")

# ---- IPv6 -------------------------------------------------------------------------------------------------

tr6("v6-target-n", ["-n", TARGET6], steady=False, note="traceroute6: four hops, '80 byte packets'")
tr6("v6-target-names", [TARGET6], note="traceroute6 with names (r16.ping.lab ...)")
tr("v6-by-name", ["-6", "-q", "1", "target6"], note="-6 and a name")
tr("v6-dash6", ["-6", "-n", "-q", "1", TARGET6], note="-6 with an IPv6 address")
for n, name, what in (
        (10, "host-unreach", "addr-unreachable: !H"),
        (11, "net-unreach", "no-route: !N"),
        (14, "admin-prohib", "admin-prohibited: !X"),
        (15, "beyond-scope", "code 2: !H"),
        (16, "policy-fail", "code 5: !<5>"),
        (17, "reject-route", "code 6: !<6>"),
        (23, "code-16", "code 16: !<16> (IPv6 keeps it)"),
        (24, "code-200", "code 200: !<200>"),
        (13, "port-unreach", "r3's port unreachable: the end at hop 3")):
    tr6("v6-" + name, ["-n", v6(n)], note=what)
tr6("v6-host-unreach-names", ["-q", "1", v6(10)], note="!H with names")
tr6("v6-icmp", ["-I", "-n", TARGET6], note="traceroute6 -I")
tr6("v6-icmp-reject", ["-I", "-n", "-q", "1", v6(16)], note="-I: !<5>")
tr6("v6-tcp", ["-T", "-n", TARGET6], note="traceroute6 -T")
tr6("v6-tcp-info", ["-T", "-O", "info", "-q", "1", TARGET6], note="-T -O info, names")
tr6("v6-udp", ["-U", "-n", TARGET6], note="traceroute6 -U")
tr6("v6-udplite", ["-UL", "-n", "-q", "1", TARGET6], note="traceroute6 -UL")
tr6("v6-dccp", ["-D", "-n", "-q", "1", TARGET6], note="traceroute6 -D")
tr6("v6-raw", ["-P", "200", "-n", TARGET6], note="-P 200: a parameter problem at the target: !<4-1>")
tr6("v6-mtu", ["-n", "--mtu", v6(20)], setup=FLUSH6, note="--mtu over IPv6: F=1500, then F=1280")
tr6("v6-frag-1400", ["-n", "-F", v6(20), "1400"], setup=FLUSH6, note="-F 1400: packet too big, !F-1280")
tr6("v6-flowlabel", ["-n", "-q", "1", "-l", "5", "-t", "8", TARGET6], note="-l 5 -t 8: flow label and class")
tr6("v6-silent-hop", ["-n"] + QUICK + [v6(40)], note="hop 2 silent")
tr6("v6-black-hole", ["-n", "-m", "5"] + QUICK + [v6(41)], note="stars from hop 4")
tr6("v6-back", ["-n", "--back", "-q", "1", TARGET6], note="--back over IPv6 (hop limits)")
tr6("v6-source", ["-n", "-q", "1", "-s", "2001:db8:1::1", TARGET6], note="-s with IPv6")
tr6("v6-packetlen", ["-n", "-q", "1", TARGET6, "200"], note="200 byte packets")

# ---- what stops a run once the command line is read (error(): a newline, perror(), exit 1) -----------

tr("bad-device", ["-n", "-i", "nosuchdev", TARGET], note="-i a device main lacks: 'setsockopt "
                                                           "SO_BINDTODEVICE: No such device', exit 1")
tr("bad-source", ["-n", "-s", "198.51.100.77", TARGET], note="-s an address main lacks: 'bind: Cannot "
                                                               "assign requested address' after the header")
tr("tcp-bad-source", ["-T", "-n", "-s", "198.51.100.77", TARGET], note="-T binds its raw socket before "
                                                                         "the header: the error alone")
tr("raw-proto-300", ["-P", "300", "-n", TARGET], note="-P 300: the kernel refuses the raw socket (EINVAL)")
tr("raw-proto-minus-1", ["-P", "-1", "-n", TARGET], note="-P -1 (strtoul's wrap to -1): EINVAL as well")
tr("tcp-as-user", ["-T", "-n", TARGET], user="nobody",
   note="-T as a user: no raw socket: 'You do not have enough privileges ...' before 'socket: Operation "
        "not permitted'")
tr("icmp-as-user", ["-I", "-n", TARGET], user="nobody",
   note="-I as a user where ping_group_range allows no ICMP datagram socket: the same refusal")
tr("udp-as-user", ["-n", "-q", "1", TARGET], user="nobody", note="the default UDP method needs no privilege")
tr("mtu-neighbour", ["--mtu", "-n", "198.51.100.2"], setup=FLUSH4, note="--mtu to the first hop: F=1500 there")
tr("loopback", ["-n", "127.0.0.1"], note="traceroute to 127.0.0.1: one hop")

# ---- the command line's ends (args.py; tests/traceroute/test_traceroute_args.py has many more) -------

tr("no-args", [], steady=False, note="no words: the --help text, exit 0")
tr("version", ["-V"], steady=False, note="-V")
tr("bad-queries", ["-q", "11", TARGET], steady=False, note="no more than 10 probes per hop, exit 2")
tr("first-over-max", ["-f", "5", "-m", "4", TARGET], steady=False, note="first hop out of range")
tr("unknown-host", ["nosuch.invalid"], steady=False,
   note="a name that does not resolve: getaddrinfo's message, exit 2")
tr("tcp-option-help", ["-T", "-O", "help"], steady=False, note="-T -O help: the TCP method's options")
tr("v4-v6-mismatch", ["-4", TARGET6], steady=False, note="-4 with an IPv6 address")
tr6("v6-given-v4", [TARGET], steady=False, note="traceroute6 with an IPv4 address")
tr("long-option-space", ["--sport", "40000", TARGET], steady=False,
   note="a long option's value must follow '=': CLIF's message, exit 2")

# ---- forged replies (tests/ping/responder.py in the "ping" lab's forger namespace) -------------------
# The forger answers by destination address (responder.py's docstring lists the modes); hop 4 is
# the forger itself, so these start there (-f 4) and stop at hop 5 (-m 5).

FORGED = ["-n", "-f", "4", "-m", "5", "-q", "2", "-w", "0.3,30,30"]


def forged(name, method, n, note, v6_=False):
    args = list(method) + FORGED + [v6(n, 5) if v6_ else v4(n)]
    return tr6(name, args, note, lab="ping") if v6_ else tr(name, args, note, lab="ping")


for n, mode, what in (
        (130, "echo", "a correct port unreachable: the end at hop 4"),
        (140, "err-ok", "host unreachable quoting the probe as sent: !H"),
        (141, "err-long-ihl", "the quoted header claims 60 bytes: the kernel drops it, '* *'"),
        (142, "err-huge-len", "the quoted header's total length 65535: taken as err-ok, !H"),
        (143, "err-short-ihl", "a quoted IHL of 2: dropped, '* *'"),
        (144, "err-cut", "4 bytes of the probe quoted: dropped, '* *'"),
        (145, "err-elsewhere", "time exceeded from 203.0.113.199 at hops 4 and 5: never the end")):
    forged("forged-udp-" + mode, [], n, "UDP probes to the forger's " + mode + ": " + what)
for n, mode, what in (
        (130, "echo", "a correct echo reply: the end"),
        (131, "truncated", "an echo reply with 8 bytes of data: still the end"),
        (132, "bad-sum", "a wrong ICMP checksum: the raw socket takes it, the end"),
        (133, "unsent-seq", "replies for sequence numbers never sent: '* *'"),
        (134, "dup-reply", "each reply twice: the copy matches no probe left"),
        (138, "other-source", "replies from another address: the connected raw socket never sees them"),
        (139, "wrong-id", "another ICMP id: not traceroute's, '* *'"),
        (140, "err-ok", "host unreachable quoting the echo request: !H"),
        (145, "err-elsewhere", "time exceeded from another address: hops 4 and 5 there"),
        (146, "big-reply", "1000 bytes more than sent: read up to traceroute's 1280-byte buffer")):
    forged("forged-icmp-" + mode, ["-I"], n, "-I to the forger's " + mode + ": " + what)
forged("forged-tcp-err-ok", ["-T"], 140, "-T to err-ok: the forged host unreachable quotes the SYN: !H")
forged("forged-tcp-echo", ["-T"], 130, "-T to the forger: its kernel resets the SYN, the end")
for n, mode, what in (
        (130, "echo", "a port unreachable: the end"),
        (140, "err-ok", "address unreachable: !H"),
        (141, "err-long-ihl", "a quoted next header of 255: '* *'"),
        (142, "err-huge-len", "a quoted payload length of 65535: !H"),
        (143, "err-short-ihl", "a quoted version of 4: taken, !H"),
        (145, "err-elsewhere", "time exceeded from 2001:db8:5::199")):
    forged("forged-v6-udp-" + mode, [], n, "traceroute6 to the forger's " + mode + ": " + what, v6_=True)
forged("forged-v6-icmp-err-ok", ["-I"], 140, "traceroute6 -I to err-ok: !H", v6_=True)
forged("forged-v6-icmp-unsent-seq", ["-I"], 133, "traceroute6 -I, replies for unsent sequence numbers", v6_=True)
