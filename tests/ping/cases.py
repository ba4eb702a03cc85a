"""ping golden cases (iputils 20221126, iputils-ping 3:20221126-1+deb12u1, Debian 12).

Every case runs in main of the ping lab (tests/ping/labs.py: the chain
main -> r1 -> r2 -> r3 -> target, each target address with its nftables
rule, the forging responder behind r3).  "ping" is the lab where ping gets
a raw socket (ping_group_range "1 0", a new namespace's), "ping-dgram" the
one where it gets an ICMP datagram socket (Debian's systemd default).

What moves between two runs of the real ping, and how it is compared
(tests/harness/volatile.py, RULES["ping"]): each round trip (time=), the
statistics' min/avg/max/mdev, "time Nms", ipg/ewma and -D's stamps, by
their form exactly and by value within the pair's window; the statistics
must also be what iputils computes from the run's own reply lines.  Every
count, every error line and the exit status are compared byte for byte,
so the cases keep to what the lab repeats: short runs (-c 1..4, -i 0.2 or
less, -W 0.3: the lab answers within a millisecond, and each second waited
for a reply that never comes is paid twice in every CI run), deterministic drops (drop-even, drop-some), duplicates made by
the target's nftables, rejects with every ICMP code.  The path MTU the
kernel learns (.20) would outlive a run: those cases flush it first.
"""
from tests.harness.cases import Case
from tests.ping import labs

RAW = "ping"
DGRAM = "ping-dgram"
QUICK = ["-c", "2", "-i", "0.2", "-W", "0.3"]
ONE = ["-c", "1", "-W", "0.3"]
FLUSH4 = [["ip", "route", "flush", "cache"]]
FLUSH6 = [["ip", "-6", "route", "flush", "cache"]]

CASES = []


def ping(name, args, note, lab=RAW, prog="ping", **kwargs):
    case = Case("ping", name, [prog] + list(args), lab=lab, note=note, **kwargs)
    CASES.append(case)
    return case


T4, T6 = labs.TARGET, labs.TARGET6
v4, v6 = labs.v4, labs.v6

# ---- replies ---------------------------------------------------------------------------------

ping("target", QUICK + [T4], "two replies from the target, three routers away (ttl=61), the statistics")
ping("target-one", ["-c", "1", T4], "one request: no ipg, exit 0")
ping("target-name", QUICK + ["target.ping.lab"], "a name: the header shows the canonical name, "
     "each reply 'target.ping.lab (203.0.113.1)'")
ping("target-alias", ["-c", "1", "target"], "a short name from /etc/hosts: the header shows getaddrinfo's "
     "canonical name")
ping("target-name-n", ["-n"] + QUICK + ["target.ping.lab"], "-n: the replies' addresses without names")
ping("target-three", ["-c", "3", "-i", "0.1", T4], "three replies 0.1 s apart")
ping("quiet", ["-q", "-c", "3", "-i", "0.1", T4], "-q: the header and the statistics only")
ping("interval-zero", ["-q", "-c", "5", "-i", "0", T4], "-i 0 (root): as fast as replies come, ipg/ewma")
ping("flood", ["-f", "-c", "5", T4], "-f: a dot per request, a backspace per reply, ipg/ewma")
ping("flood-quiet", ["-f", "-q", "-c", "5", T4], "-f -q: no dots")
ping("flood-interval", ["-f", "-i", "0.05", "-c", "3", T4], "-f with -i: the interval kept")
ping("audible", ["-a"] + QUICK + [T4], "-a: a bell before each reply's newline")
ping("timestamps", ["-D"] + QUICK + [T4], "-D: each line starts with gettimeofday's [sec.usec]")
ping("latency", ["-U"] + QUICK + [T4], "-U: user-to-user times (gettimeofday on receipt)")
ping("adaptive", ["-A", "-c", "3", T4], "-A: adaptive interval, ipg/ewma in the statistics")
ping("preload", ["-l", "3", "-c", "3", "-i", "0.2", T4], "-l 3: three requests at once")
ping("ttl", ["-t", "64"] + QUICK + [T4], "-t 64: IP_TTL set, replies as usual")
ping("tos", ["-Q", "0x10"] + QUICK + [T4], "-Q: IP_TOS")
ping("mark", ["-m", "7"] + QUICK + [T4], "-m: SO_MARK")
ping("debug", ["-d"] + QUICK + [T4], "-d: SO_DEBUG")
ping("connect", ["-C", "-c", "1", T4], "-C: the socket connect()ed")
ping("sndbuf", ["-S", "65536", "-c", "1", T4], "-S: SO_SNDBUF")
ping("ident", ["-e", "1234", "-c", "1", T4], "-e: the identifier chosen")
ping("verbose", ["-v", "-e", "1234", "-c", "1", T4], "-v: the sockets line on stderr, ai_family on stdout, "
     "ident= in the reply")
ping("source-address", ["-I", "198.51.100.1"] + QUICK + [T4], "-I ADDR: 'from 198.51.100.1 :' in the header")
ping("source-device", ["-I", "west"] + QUICK + [T4], "-I DEV: SO_BINDTODEVICE, 'from 198.51.100.1 west:'")
ping("strict-source", ["-B", "-c", "1", T4], "-B: bound to the source the kernel chose")
ping("noloop", ["-L", "-c", "1", T4], "-L: IP_MULTICAST_LOOP off")
ping("pattern", ["-p", "ff00"] + QUICK + [T4], "-p: PATTERN: 0xff00 and the replies carry it")
ping("pattern-quiet", ["-q", "-p", "abcd", "-c", "1", T4], "-q -p: no PATTERN line")
ping("size-0", ["-s", "0"] + QUICK + [T4], "-s 0: 8-byte replies, no times, no rtt line")
ping("size-8", ["-s", "8", "-c", "1", T4], "-s 8: still too short for a timeval")
ping("size-16", ["-s", "16", "-c", "1", T4], "-s 16: just room for the timeval: timed")
ping("size-100", ["-s", "100"] + QUICK + [T4], "-s 100: 108 bytes from")
ping("size-1400", ["-s", "1400", "-c", "1", T4], "-s 1400: 1428 bytes on the wire, under every MTU on the way")
ping("size-too-big", ["-s", "70000", "-c", "1", "-W", "0.3", T4], "-s 70000: sendmsg fails each time: "
     "'ping: sendmsg: Message too long', 100% loss")
ping("record-route", ["-R"] + QUICK + [T4], "-R: the route out and back in RR:, then '(same route)'")
ping("hops-source-route", ["-c", "1", "-W", "0.3", "198.51.100.2", T4],
     "two operands: a loose source route through r1 (routers drop it: 100% loss)")
ping("deadline-count", ["-w", "2", "-c", "2", "-i", "0.2", T4], "-w with -c: ends after two replies, exit 0")
ping("deadline-silent", ["-w", "1", "-i", "0.4", v4(41)], "-w 1 against a black hole: three requests, exit 1")
ping("linger", ["-c", "1", "-W", "1", v4(41)], "-W 1: one second for the only reply, none comes, exit 1")
ping("outstanding", ["-O", "-c", "4", "-i", "0.2", "-W", "0.3", v4(52)],
     "-O: 'no answer yet for icmp_seq=2' (even requests are dropped)")
ping("interrupted", ["-i", "5", T4], "Ctrl-C after the first reply: the statistics, exit 0",
     stop_on_output=["icmp_seq=1 ", 1], stop_after=0.3, stop_signal="SIGINT")
ping("interrupted-silent", ["-i", "5", v4(41)], "Ctrl-C with no reply: 100% loss, exit 1",
     during=[["sleep", "0.3"]], stop_after=0.2, stop_signal="SIGINT")
ping("ping4", ["-c", "1", T4], "called as ping4", prog="ping4")

# ---- losses and duplicates -------------------------------------------------------------------

ping("drop-even", ["-c", "4", "-i", "0.2", "-W", "0.3", v4(52)], "even icmp_seq dropped: replies 1 and 3, 50% loss")
ping("drop-some", ["-c", "4", "-i", "0.2", "-W", "0.3", v4(53)], "requests 2 and 3 dropped: replies 1 and 4")
ping("drop-even-quiet", ["-q", "-c", "4", "-i", "0.2", "-W", "0.3", v4(52)], "-q: 4 transmitted, 2 received")
ping("drop-even-flood", ["-f", "-c", "4", "-W", "0.3", v4(52)], "-f: the dots of the lost requests stay")
ping("black-hole", QUICK + [v4(41)], "nothing comes back: 100% loss, exit 1")
ping("black-hole-quiet", ["-q"] + QUICK + [v4(41)], "-q: the same in the statistics")
ping("dup", ["-c", "3", "-i", "0.2", v4(60)], "every reply twice: (DUP!), +2 duplicates (the last copy "
     "comes after ping is done)")
ping("dup-quiet", ["-q", "-c", "3", "-i", "0.2", v4(60)], "-q: the duplicates counted")
ping("dup-even", ["-c", "4", "-i", "0.2", v4(61)], "the even replies duplicated")
ping("dup-name", ["-c", "2", "-i", "0.2", "dup.ping.lab"], "duplicates with names")

# ---- errors from the routers -------------------------------------------------------------------

for n, what, router, rule4, rule6 in labs.REJECTS:
    if n in (23, 24):
        ping(what, ONE + [v4(n)], "code %d: the kernel drops it, ping sees nothing, 100%% loss" % (16 if n == 23 else 200))
        continue
    ping(what, QUICK + [v4(n)], "%s rejects with '%s': a From line per request, +2 errors, exit 1" % (router, rule4))
ping("host-unreach-name", ["-c", "1", "host-unreach.ping.lab"], "the router's name in the From line")
ping("host-unreach-n", ["-n", "-c", "1", "host-unreach.ping.lab"], "-n: its address only")
ping("host-unreach-quiet", ["-q"] + QUICK + [v4(10)], "-q: errors counted, not printed")
ping("host-unreach-deadline", ["-w", "2", "-i", "0.2", v4(10)], "-w: the first error ends the run")
ping("host-unreach-timestamps", ["-D", "-c", "1", v4(10)], "-D: the From line stamped too")
ping("ttl-exceeded", ["-t", "2"] + QUICK + [T4], "-t 2: r2 answers 'Time to live exceeded'")
ping("ttl-exceeded-r1", ["-t", "1", "-c", "1", T4], "-t 1: from r1")
ping("ttl-exceeded-r3", ["-t", "3", "-c", "1", "target.ping.lab"], "-t 3: from r3, by name")
ping("ttl-silent-hop", ["-t", "2", "-c", "1", "-W", "0.3", v4(40)], "-t 2 where r2 drops what expires: nothing")
ping("mtu-frag-needed", ["-M", "do", "-s", "1300", "-c", "3", "-i", "0.2", "-W", "0.3", v4(20)],
     "-M do over the 1280 link: 'Frag needed and DF set (mtu = 1280)', then local errors "
     "'message too long, mtu=1280' on stderr", setup=FLUSH4)
ping("mtu-dont", ["-M", "dont", "-s", "1300", "-c", "2", "-i", "0.2", v4(20)],
     "-M dont: r2 fragments, the replies come back", setup=FLUSH4)
ping("mtu-want", ["-M", "want", "-s", "1300", "-c", "2", "-i", "0.2", "-W", "0.3", v4(20)],
     "-M want: the first one refused, then fragmented locally", setup=FLUSH4)
ping("mtu-small", ["-M", "do", "-s", "1200", "-c", "1", v4(20)], "-M do under the MTU: a reply", setup=FLUSH4)

# ---- command line and set-up errors ----------------------------------------------------------

ping("usage-no-host", [], "no destination: 'usage error: Destination address required', exit 1")
ping("usage-help", ["-h"], "-h: the usage on stderr, exit 2")
ping("usage-bad-option", ["-Z", T4], "an unknown option: getopt's message and the usage")
ping("version", ["-V"], "-V: the version and the build's features")
ping("bad-count", ["-c", "0", T4], "-c 0: out of range")
ping("bad-interval", ["-i", "x", "-c", "1", T4], "-i x: a warning about the garbage, then -i 0")
ping("bad-ttl", ["-t", "256", T4], "-t 256: out of range")
ping("bad-pattern", ["-p", "xyz", T4], "-p with non-hex digits")
ping("bad-mtu-option", ["-M", "probe", T4], "-M probe: not in 20221126")
ping("unknown-host", ["-c", "1", "nosuch.ping.lab"], "a name nobody knows: the resolver's message, exit 2")
ping("family-mismatch4", ["-4", "-c", "1", T6], "-4 with an IPv6 address: 'Address family for hostname "
     "not supported'")
ping("family-mismatch6", ["-6", "-c", "1", T4], "-6 with an IPv4 address")
ping("bad-device", ["-I", "nosuch0", "-c", "1", T4], "-I with no such device: SO_BINDTODEVICE fails, exit 2")
ping("too-many-hops", ["-c", "1"] + ["198.51.100.2"] * 10 + [T4], "eleven operands: the usage, exit 2")
ping("record-route-hops", ["-R", "-c", "1", "198.51.100.2", T4], "-R with a hop: the usage, exit 2")
ping("broadcast-refused", ["-c", "1", "198.51.100.63"], "the link's broadcast without -b: exit 2")
ping("broadcast", ["-b", "-c", "1", "-W", "0.3", "198.51.100.63"], "-b: a warning; nobody answers broadcasts")

# ---- IPv6 --------------------------------------------------------------------------------------

ping("v6-target", QUICK + [T6], "IPv6: 'PING 2001:db8:4::1(2001:db8:4::1) 56 data bytes', hop limit 61")
ping("v6-target-name", QUICK + ["target6.ping.lab"], "a name: 'PING target6.ping.lab(target6.ping.lab "
     "(2001:db8:4::1))'")
ping("v6-target-name-n", ["-n", "-c", "1", "target6.ping.lab"], "-n with a name")
ping("v6-ping6", ["-c", "1", T6], "called as ping6", prog="ping6")
ping("v6-ping6-name", ["-c", "1", "target6"], "ping6 with a short name", prog="ping6")
ping("v6-flag", ["-6", "-c", "1", T6], "-6")
ping("v6-quiet", ["-q", "-c", "3", "-i", "0.1", T6], "-q")
ping("v6-flood", ["-f", "-c", "5", T6], "-f")
ping("v6-timestamps", ["-D", "-c", "1", T6], "-D")
ping("v6-size-0", ["-s", "0", "-c", "1", T6], "-s 0: no times")
ping("v6-pattern", ["-p", "a5"] + QUICK + [T6], "-p")
ping("v6-hops-limit", ["-t", "2", "-c", "1", T6], "-t 2: 'Time exceeded: Hop limit' from r2")
ping("v6-drop-even", ["-c", "4", "-i", "0.2", "-W", "0.3", v6(52)], "even requests dropped")
ping("v6-dup", ["-c", "3", "-i", "0.2", v6(60)], "duplicates")
ping("v6-black-hole", QUICK + [v6(41)], "100% loss")
ping("v6-source-device", ["-I", "west", "-c", "1", T6], "-I DEV")
ping("v6-source-address", ["-I", "2001:db8:1::1", "-c", "1", T6], "-I ADDR: 'from 2001:db8:1::1 :'")
ping("v6-verbose", ["-v", "-e", "4321", "-c", "1", T6], "-v")
ping("v6-mtu", ["-M", "do", "-s", "1300", "-c", "3", "-i", "0.2", "-W", "0.3", v6(20)],
     "'Packet too big: mtu=1280' from r2, then 'local error: message too long, mtu: 1280'", setup=FLUSH6)
for n, what, router, rule4, rule6 in labs.REJECTS:
    if rule6 is None:
        continue
    ping("v6-" + what, ONE + [v6(n)], "%s: %s" % (router, rule6))

# ---- ICMP datagram sockets ---------------------------------------------------------------------

ping("dgram-target", QUICK + [T4], "an ICMP datagram socket: the same lines", lab=DGRAM)
ping("dgram-target-name", ["-c", "1", "target.ping.lab"], "with a name", lab=DGRAM)
ping("dgram-verbose", ["-v", "-c", "1", T4], "-v: 'socktype: SOCK_DGRAM', no ident=", lab=DGRAM)
ping("dgram-ident", ["-e", "4242", "-c", "1", T4], "-e: the socket bound to that identifier", lab=DGRAM)
ping("dgram-size-0", ["-s", "0", "-c", "1", T4], "-s 0", lab=DGRAM)
ping("dgram-host-unreach", QUICK + [v4(10)], "errors through the error queue only", lab=DGRAM)
ping("dgram-ttl-exceeded", ["-t", "2", "-c", "1", T4], "-t 2", lab=DGRAM)
ping("dgram-dup", ["-c", "3", "-i", "0.2", v4(60)], "duplicates", lab=DGRAM)
ping("dgram-drop-even", ["-c", "4", "-i", "0.2", "-W", "0.3", v4(52)], "losses", lab=DGRAM)
ping("dgram-flood", ["-f", "-c", "5", T4], "-f", lab=DGRAM)
ping("dgram-record-route", ["-R", "-c", "2", "-i", "0.2", T4], "-R: the options from IP_RETOPTS", lab=DGRAM)
ping("dgram-mtu", ["-M", "do", "-s", "1300", "-c", "2", "-i", "0.2", "-W", "0.3", v4(20)], "frag needed",
     lab=DGRAM, setup=FLUSH4)
ping("dgram-v6-target", QUICK + [T6], "IPv6 datagram socket", lab=DGRAM)
ping("dgram-v6-unreach", ONE + [v6(10)], "IPv6 error", lab=DGRAM)

# ---- forged replies (tests/ping/responder.py) --------------------------------------------------
# The forger answers by address, each mode a reply or an error no honest
# host sends: ping must print the real ping's lines, no traceback, no hang.

FORGED_NOTES = {
    "echo": "a correct reply from the forger",
    "truncated": "8 bytes of data: '16 bytes from ... (truncated)', counted but never timed (rtt min "
                 "9223372036854775.807)",
    "bad-sum": "a wrong ICMP checksum: IPv4 ping prints it as a good reply",
    "unsent-seq": "icmp_seq+1000: counted as received",
    "dup-reply": "two replies each: (DUP!)",
    "past": "the timestamp 100000 s back: time=100000000 ms",
    "wrong-data": "data byte #20 flipped: 'wrong data byte #20 ...' and the dump",
    "other-source": "the reply from another address: (DIFFERENT ADDRESS!)",
    "wrong-id": "another identifier: ignored, 100% loss",
    "err-ok": "host unreachable quoting the request: a From line",
    "err-long-ihl": "the quoted header claims 60 bytes: dropped by the kernel",
    "err-huge-len": "the quoted total length 65535: taken as err-ok",
    "err-short-ihl": "the quoted header claims 8 bytes: dropped",
    "err-cut": "4 bytes of the request quoted: dropped",
    "err-elsewhere": "time exceeded from another address",
    "big-reply": "1000 bytes more than asked: what the buffer holds",
    "rr-reply": "a record-route option in the reply: RR: lines, then (same route)",
}

for n, mode in labs.FORGED:
    if mode in FORGED_NOTES:
        ping("forged-" + mode, QUICK + [v4(n)], FORGED_NOTES[mode])
for n, mode in labs.FORGED:
    if mode in FORGED_NOTES and mode != "rr-reply":
        ping("forged-v6-" + mode, ONE + [v6(n, 5)], "IPv6: " + FORGED_NOTES[mode])
for mode in ("echo", "truncated", "bad-sum", "big-reply", "err-ok", "other-source", "wrong-data"):
    n = [number for number, name in labs.FORGED if name == mode][0]
    ping("forged-dgram-" + mode, ONE + [v4(n)], "datagram socket: " + FORGED_NOTES[mode], lab=DGRAM)
ping("forged-quiet-dup", ["-q"] + QUICK + [v4(134)], "-q: forged duplicates counted")
ping("forged-flood-truncated", ["-f", "-c", "3", v4(131)], "-f: truncated replies")
ping("forged-future", QUICK + [v4(135)], "the send time an hour ahead: 'Warning: time of day goes back "
     "(-3599999695us), taking countermeasures' twice for the first reply (ping takes the time again), once "
     "after; time=0.000 ms")
ping("forged-v6-future", ONE + [v6(135, 5)], "IPv6: the same warnings")

# ---- SIGQUIT: the status line on stderr ----------------------------------------------------------
# The signal goes to the ping (real or ours: both are called "ping") in the
# case's own network namespace.
QUIT = ["sh", "-c", "sleep 0.3; me=$(readlink /proc/self/ns/net); for p in /proc/[0-9]*; do "
        "[ \"$(readlink $p/ns/net 2>/dev/null)\" = \"$me\" ] && [ \"$(cat $p/comm 2>/dev/null)\" = ping ] "
        "&& kill -QUIT ${p#/proc/}; done; true"]
ping("status-silent", ["-i", "5", v4(41)], "SIGQUIT: '\\r0/1 packets, 100% loss' on stderr, then Ctrl-C",
     during=[QUIT], stop_after=0.3, stop_signal="SIGINT")
ping("status-replies", ["-i", "5", T4], "SIGQUIT after a reply: loss and min/avg/ewma/max on stderr",
     during=[QUIT], stop_after=0.3, stop_signal="SIGINT")
ping("status-v6", ["-i", "5", T6], "SIGQUIT over IPv6", during=[QUIT], stop_after=0.3, stop_signal="SIGINT")

# ---- IPv6 link-local: r1's west address (its MAC 02:00:00:00:70:01) ------------------------------
R1_LINK_LOCAL = "fe80::ff:fe00:7001"
ping("v6-link-local-scope", ["-c", "2", "-i", "0.2", R1_LINK_LOCAL + "%west"], "a scoped link-local "
     "address: ping's probe connect() is a disconnect (AF_UNSPEC), the header keeps %west")
ping("v6-link-local-device", ["-c", "1", "-I", "west", R1_LINK_LOCAL], "-I west: the scope from the device")
ping("v6-link-local-no-scope", ["-c", "1", "-W", "0.3", R1_LINK_LOCAL], "no scope: the kernel cannot "
     "choose a link: 'connect' is skipped, sendmsg fails")

# ---- -N: IPv6 node information queries (RFC 4620; the forger's type 140 answers) ---------------
# No time= and no rtt line: ping times no query.  Linux answers no query
# itself (::1); the forger answers by address (tests/ping/responder.py).
NI6 = ["-6", "-N"]
ping("ni-loopback", NI6 + ["name"] + QUICK + ["::1"], "-N name to ::1: the kernel never answers: the header, "
     "the statistics, exit 1")
ping("ni-name", NI6 + ["name"] + ONE + [v6(130, 5)], "a name reply: ' forger.ping.lab., forger.ping.lab; seq=1;' "
     "(a compression pointer, a non-FQDN name)")
ping("ni-ipv6", NI6 + ["ipv6-all"] + QUICK + [v6(130, 5)], "-N ipv6-all: two addresses per reply, two replies")
ping("ni-ipv4", NI6 + ["ipv4"] + ONE + [v6(130, 5)], "-N ipv4: ' 203.0.113.130'")
ping("ni-subject", NI6 + ["ipv4-all", "-N", "subject-fqdn=Target.ping.lab"] + ONE + [v6(130, 5)],
     "a name as the subject (code 1), the reply as for ni-ipv4")
ping("ni-truncated-name", NI6 + ["name"] + ONE + [v6(131, 5)], "a name cut short: ' parse error (truncated)'")
ping("ni-truncated-ipv4", NI6 + ["ipv4"] + ONE + [v6(131, 5)], "the T flag: ' (truncated)'")
ping("ni-truncated-ipv6", NI6 + ["ipv6"] + ONE + [v6(131, 5)], "an address cut short: ', parse error (truncated)'")
ping("ni-refused", NI6 + ["name"] + ONE + [v6(133, 5)], "code 1: ' refused'")
ping("ni-unknown", NI6 + ["name"] + ONE + [v6(136, 5)], "code 2: ' unknown'")
ping("ni-unknown-qtype", NI6 + ["name"] + ONE + [v6(137, 5)], "qtype 0x77: ' unknown qtype(0x77)'")
ping("ni-unknown-code", NI6 + ["name"] + ONE + [v6(146, 5)], "code 5: ' unknown code(500)'")
ping("ni-dup", NI6 + ["name"] + QUICK + [v6(134, 5)], "two answers to each query: (DUP!)")
ping("ni-other-source", NI6 + ["ipv6"] + ONE + [v6(138, 5)], "the answer from another address: no "
     "(DIFFERENT ADDRESS!) for node information")
ping("ni-wrong-nonce", NI6 + ["name"] + ONE + [v6(139, 5)], "another nonce: ignored, 100% loss")
