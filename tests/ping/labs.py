"""ping's and traceroute's lab: a chain of routers, each case chosen by the destination address.

    main    west 198.51.100.1/26    2001:db8:1::1/64
      |
    r1      west 198.51.100.2/26    2001:db8:1::2/64     east 198.51.100.65/26  2001:db8:2::1/64
      |
    r2      west 198.51.100.66/26   2001:db8:2::2/64     east 198.51.100.129/26 2001:db8:3::1/64
      |                                                  slim 198.51.100.193/26 2001:db8:6::1/64  (MTU 1280)
    r3      west 198.51.100.130/26  2001:db8:3::2/64     slim 198.51.100.194/26 2001:db8:6::2/64  (MTU 1280)
      |                                                  east 203.0.113.126/25  2001:db8:4::fe/64
      |                                                  far  203.0.113.254/25  2001:db8:5::fe/64
    target  west 203.0.113.1/25 and the case addresses below, 2001:db8:4::1/64 and ::N
    forger  west 203.0.113.129/25 .130-.147, 2001:db8:5::129/64 and ::N (tests/ping/responder.py)

All but main forward; default routes point up the chain, r2 and r3 know
the way down (r2 sends .20 over "slim").  No DAD anywhere (see ping_lab).  A router answers from the address facing main, so hop 1 is
198.51.100.2 (r1), hop 2 198.51.100.66 (r2), hop 3 198.51.100.130 (r3),
hop 4 the target.  ICMP rate limits are off in every namespace
(icmp_ratelimit=0, icmp_msgs_per_sec and icmp_msgs_burst 1000000): only the nftables rules below drop or limit, so runs
repeat.  main's /etc/hosts names every address (IPv4 NAME.ping.lab, IPv6
NAME6.ping.lab), so ping and traceroute print names without DNS; its
resolv.conf points at 127.0.0.1, where nothing listens (unknown addresses
fail at once).  ping asks for an ICMP datagram socket first, even as root,
and falls back to a raw one: in this lab it gets the raw one
(ping_group_range is "1 0" in a new namespace); the "ping-dgram" lab allows
datagram sockets (what a Debian 12 host with systemd has), and some forged
replies then look different (tests/ping/responder.py).  "ping-bare" is the
lab without the responder.

The target's addresses (IPv6: 2001:db8:4::N, the same N written as decimal
digits), what the rules on the way do to packets for them, and what the
real tools print (ping -c 3 ADDR, traceroute -n ADDR, iputils 20221126 and
traceroute 2.1.2):

  .1   target       nothing: 4 hops, replies
  .10  host-unreach r2 rejects (prerouting, before the TTL check) with
                    host-unreachable (v6 addr-unreachable): traceroute hop 2
                    " 2  198.51.100.66  0.019 ms !H  0.008 ms !H  0.008 ms !H"
                    and stops; ping
                    "From 198.51.100.66 icmp_seq=1 Destination Host Unreachable"
  .11  net-unreach  r2, net-unreachable (v6 no-route): !N, "Destination Net Unreachable"
                    (v6 "Destination unreachable: No route")
  .12  prot-unreach r2, prot-unreachable: !P, "Destination Protocol Unreachable"
                    (v6: nftables has no reject for it: answered as .1)
  .13  port-unreach r3 (hop 3), port-unreachable: traceroute takes it as the
                    end: hops 3 and 4 both "198.51.100.130", no mark; ping
                    "From 198.51.100.130 ... Destination Port Unreachable"
                    (v6 "Destination unreachable: Port unreachable")
  .14  admin-prohib r2, admin-prohibited (code 13; v6 code 1): !X, "Packet
                    filtered" (v6 "Destination unreachable: Administratively prohibited")
  .15  net-prohib   r2, code 9: !X, "Destination Net Prohibited"
                    (v6 code 2: !H, "Destination unreachable: Beyond scope of source address")
  .16  host-prohib  r2, code 10: !X, "Destination Host Prohibited"
                    (v6 code 5, policy-fail: !<5>, "Destination unreachable: Unknown code 5")
  .17  srcroute     r2, code 5: !S, "Source Route Failed"
                    (v6 code 6, reject-route: !<6>, "... Unknown code 6")
  .18  precedence   r2, code 14: !V, "Precedence Violation"
  .19  cutoff       r2, code 15: !C, "Precedence Cutoff"
  .20  mtu          routed by r2 over the MTU-1280 link "slim": a packet over
                    1280 bytes with DF set gets frag-needed mtu 1280 from r2
                    (v6 Packet Too Big): `traceroute --mtu` "F=1500" at hop 1,
                    "F=1280" at hop 3 (hop 3 is r3's slim address in IPv6,
                    198.51.100.130 in IPv4); `ping -M do -s 1300` "From
                    198.51.100.66 icmp_seq=1 Frag needed and DF set (mtu = 1280)"
                    (v6 "From 2001:db8:2::2 icmp_seq=1 Packet too big: mtu=1280"),
                    then "ping: local error: message too long, mtu=1280" on
                    stderr (v6 "mtu: 1280") for the next ones.  main's kernel
                    remembers the path MTU for 10 minutes: `ip route flush
                    cache` (v6: `ip -6 route flush cache`) in main forgets it.
  .21  frag-zero    r2 rejects with frag-needed itself, MTU field 0: ping
                    "Frag needed and DF set (mtu = 0)"; traceroute -I and -T
                    "198.51.100.66  0.025 ms !F-0", and so does UDP with -F;
                    the default UDP method sees nothing, "* * *" from hop 2 on
                    (its socket does not ask for path MTU discovery, and the
                    kernel then queues no frag-needed error on it)
  .22  host-unknown r2, code 7: !H, "Destination Host Unknown"
  .23  code-16      r2, code 16: IPv4: the kernel drops unreachables with a
                    code over 15 (traceroute "* * *", ping nothing); v6: !<16>,
                    "Destination unreachable: Unknown code 16"
  .24  code-200     the same with code 200 (v6 !<200>)
  .25  net-unknown  r2, code 6: !N, "Destination Net Unknown"
  .26  isolated     r2, code 8: !N, "Source Host Isolated"
  .27  net-tos      r2, code 11: !N, "Destination Net Unreachable for Type of Service"
  .28  host-tos     r2, code 12: !H, "Destination Host Unreachable for Type of Service"
                    (so every IPv4 unreachable code 0-15 has an address; traceroute
                    has a name for each: "!<N>" comes only with IPv6)
  .30  rate         r3 forwards at most 2 packets a second to it (burst 2):
                    `ping -c 10 -i 0.2` about 50% loss; ping -i 1 loses none
  .31  slow-hop     r2 answers at most 1 expiring packet a second for it
                    (burst 1): traceroute hop 2 "198.51.100.66  0.019 ms * *"
  .40  silent-hop   r2 drops the packets for it that expire there: hop 2 "* * *",
                    hops 3 and 4 answer
  .41  black-hole   r3 drops everything it would forward there: ping 100% loss,
                    traceroute hops 1-3 then "* * *" to the end
  .50  drop-half    r3 drops each packet for it with probability 1/2 (numgen random mod 2)
  .51  drop-quarter r3, probability 1/4 (numgen random mod 4)
  .52  drop-even    r3 drops the echo requests with an even icmp_seq: deterministic,
                    `ping -c 4` gets replies 1 and 3, 50% packet loss
  .53  drop-some    r3 drops echo requests 2 and 3 (`ping -c 4`: replies 1 and 4)
                    and the UDP probe to port 33444 (traceroute's 2nd probe of
                    hop 4): " 4  203.0.113.53  0.020 ms *  0.012 ms"
  .60  dup          the target sends each packet from .60 twice (netdev egress
                    `dup to`): every reply followed by a "(DUP!)" copy, except
                    the last one of `ping -c N`: ping has exited when its copy
                    comes ("3 received, +2 duplicates")
  .61  dup-even     the target duplicates the echo replies with an even icmp_seq

Without any rule, the kernels give more: `ping -t 2 target` "From
198.51.100.66 icmp_seq=1 Time to live exceeded"; `ping -R target` an "RR:"
list of all 9 (out and back, 203.0.113.1 twice); `traceroute -P 200 target` "203.0.113.1 ... !P" at hop
4 (traceroute6 -P 200: "!<4-1>", a parameter problem); `traceroute -F
203.0.113.20 1400` "198.51.100.66 ... !F-1280" at hop 3 (v6 the same
with 2001:db8:2::2).

The forger (tests/ping/responder.py; its kernel answers no echo request,
icmp_echo_ignore_all=1) answers by address: that module's docstring lists
the modes (203.0.113.130-.147, 2001:db8:5::130-::147) and what ping and
traceroute print for each.

By hand (root):
    python -m tests.lab up pl --topology ping
    python -m tests.lab exec pl -- traceroute 203.0.113.10
    python -m tests.lab exec pl -- ping -c 3 dup
    python -m tests.lab down pl
"""
from tests.lab.topology import Topology, mac

TARGET = "203.0.113.1"
TARGET6 = "2001:db8:4::1"
FORGER = "203.0.113.129"
FORGER6 = "2001:db8:5::129"
# the address of each router that faces main: the one its ICMP errors come from
HOPS = ("198.51.100.2", "198.51.100.66", "198.51.100.130")
HOPS6 = ("2001:db8:1::2", "2001:db8:2::2", "2001:db8:3::2")

# (last number, name, which router, the IPv4 nft statement, the IPv6 one)
# for the rejects; None: no such rule for that family
REJECTS = (
    (10, "host-unreach", "r2", "reject with icmp type host-unreachable", "reject with icmpv6 type addr-unreachable"),
    (11, "net-unreach", "r2", "reject with icmp type net-unreachable", "reject with icmpv6 type no-route"),
    (12, "prot-unreach", "r2", "reject with icmp type prot-unreachable", None),
    (13, "port-unreach", "r3", "reject with icmp type port-unreachable", "reject with icmpv6 type port-unreachable"),
    (14, "admin-prohib", "r2", "reject with icmp type admin-prohibited", "reject with icmpv6 type admin-prohibited"),
    (15, "net-prohib", "r2", "reject with icmp type net-prohibited", "reject with icmpv6 type 2"),
    (16, "host-prohib", "r2", "reject with icmp type host-prohibited", "reject with icmpv6 type policy-fail"),
    (17, "srcroute", "r2", "reject with icmp type 5", "reject with icmpv6 type reject-route"),
    (18, "precedence", "r2", "reject with icmp type 14", None),
    (19, "cutoff", "r2", "reject with icmp type 15", None),
    (21, "frag-zero", "r2", "reject with icmp type frag-needed", None),
    (22, "host-unknown", "r2", "reject with icmp type 7", None),
    (23, "code-16", "r2", "reject with icmp type 16", "reject with icmpv6 type 16"),
    (24, "code-200", "r2", "reject with icmp type 200", "reject with icmpv6 type 200"),
    (25, "net-unknown", "r2", "reject with icmp type 6", None),
    (26, "isolated", "r2", "reject with icmp type 8", None),
    (27, "net-tos", "r2", "reject with icmp type 11", None),
    (28, "host-tos", "r2", "reject with icmp type 12", None),
)

# the other target addresses: (last number, name)
OTHERS = ((1, "target"), (20, "mtu"), (30, "rate"), (31, "slow-hop"), (40, "silent-hop"), (41, "black-hole"),
          (50, "drop-half"), (51, "drop-quarter"), (52, "drop-even"), (53, "drop-some"), (60, "dup"),
          (61, "dup-even"))

# the forger's addresses (tests/ping/responder.py MODES): last number, name
FORGED = ((129, "forger"), (130, "echo"), (131, "truncated"), (132, "bad-sum"), (133, "unsent-seq"),
          (134, "dup-reply"), (135, "future"), (136, "past"), (137, "wrong-data"), (138, "other-source"),
          (139, "wrong-id"), (140, "err-ok"), (141, "err-long-ihl"), (142, "err-huge-len"),
          (143, "err-short-ihl"), (144, "err-cut"), (145, "err-elsewhere"), (146, "big-reply"),
          (147, "rr-reply"))
# where "other-source" replies come from (an address the forger has, main does not ask)
OTHER_SOURCE = "203.0.113.199"
OTHER_SOURCE6 = "2001:db8:5::199"


def v4(n):
    return "203.0.113.%d" % n


def v6(n, net=4):
    return "2001:db8:%d::%d" % (net, n)


def _r2_rules():
    """r2: the rejects at hop 2, the rate-limited and the silent hop (prerouting:
    before the kernel's TTL check, so the packets that expire at r2 meet them too)."""
    v4_lines, v6_lines = [], []
    for n, _, router, rule4, rule6 in REJECTS:
        if router != "r2":
            continue
        v4_lines.append("ip daddr %s %s" % (v4(n), rule4))
        if rule6:
            v6_lines.append("ip6 daddr %s %s" % (v6(n), rule6))
    v4_lines += ["ip daddr %s ip ttl 1 limit rate over 1/second burst 1 packets drop" % v4(31),
                 "ip daddr %s ip ttl 1 drop" % v4(40)]
    v6_lines += ["ip6 daddr %s ip6 hoplimit 1 limit rate over 1/second burst 1 packets drop" % v6(31),
                 "ip6 daddr %s ip6 hoplimit 1 drop" % v6(40)]
    return _table("ping_r2", "prerouting", v4_lines + v6_lines)


def _r3_rules():
    """r3: its reject, rate limit, black hole and the drops (forward: the
    packets that expire at r3 are still answered)."""
    lines = []
    for n, _, router, rule4, rule6 in REJECTS:
        if router == "r3":
            lines.append("ip daddr %s %s" % (v4(n), rule4))
            lines.append("ip6 daddr %s %s" % (v6(n), rule6))
    for dst, family, icmp in (("ip daddr", v4, "icmp"), ("ip6 daddr", v6, "icmpv6")):
        lines += [
            "%s %s limit rate over 2/second burst 2 packets drop" % (dst, family(30)),
            "%s %s drop" % (dst, family(41)),
            "%s %s numgen random mod 2 == 0 drop" % (dst, family(50)),
            "%s %s numgen random mod 4 == 0 drop" % (dst, family(51)),
            "%s %s %s type echo-request %s sequence & 1 == 0 drop" % (dst, family(52), icmp, icmp),
            "%s %s %s type echo-request %s sequence { 2, 3 } drop" % (dst, family(53), icmp, icmp),
            "%s %s udp dport 33444 drop" % (dst, family(53)),
        ]
    return _table("ping_r3", "forward", lines)


def _target_rules():
    """The target's duplicates: netdev egress, a copy of the frame out of the
    same device.  The copy passes the egress hook again (the kernel stops
    such loops only after a few rounds, and not on every packet): the mark
    set before the copy is made keeps the copy from being copied again."""
    lines = ["ip saddr %s" % v4(60), "ip6 saddr %s" % v6(60),
             "ip saddr %s icmp type echo-reply icmp sequence & 1 == 0" % v4(61),
             "ip6 saddr %s icmpv6 type echo-reply icmpv6 sequence & 1 == 0" % v6(61)]
    body = "".join("        %s meta mark != 0x60 meta mark set 0x60 dup to \"west\"\n" % line for line in lines)
    return ("table netdev ping_dup {\n"
            "    chain egress {\n"
            "        type filter hook egress device \"west\" priority 0; policy accept;\n"
            "%s    }\n}\n" % body)


def _forger_rules():
    """The forger's kernel stays out of the way: the errors it would send for
    the UDP probes (port unreachable) are dropped; the responder's own
    packets carry mark 0x70 (tests/ping/responder.py MARK) and go out."""
    return _table("ping_forger", "output", [
        "meta mark != 0x70 icmp type destination-unreachable drop",
        "meta mark != 0x70 icmpv6 type destination-unreachable drop",
    ])


def _table(name, hook, lines):
    body = "".join("        %s\n" % line for line in lines)
    return ("table inet %s {\n    chain %s {\n        type filter hook %s priority 0; policy accept;\n%s"
            "    }\n}\n" % (name, hook, hook, body))


def _link(t, left, left_dev, right, right_dev, n, mtu=None):
    t.veth(left_dev, mac(0x7000 + 2 * n), right_dev, mac(0x7001 + 2 * n), ns=left, peer_ns=right, mtu=mtu)
    if mtu:  # the peer's MTU too (the spec's "mtu" is the first end's)
        t.ip("link set %s mtu %d" % (right_dev, mtu), ns=right)


def _addresses(t, ns, dev, *addrs):
    for addr in addrs:
        t.address(dev, addr, ns=ns)


def _hosts(t):
    names = [("198.51.100.1", "host"), ("198.51.100.2", "r1"), ("198.51.100.65", "r1-east"),
             ("198.51.100.66", "r2"), ("198.51.100.129", "r2-east"), ("198.51.100.193", "r2-slim"),
             ("198.51.100.130", "r3"), ("198.51.100.194", "r3-slim"), ("203.0.113.126", "r3-east"),
             ("203.0.113.254", "r3-far"), (OTHER_SOURCE, "elsewhere")]
    names6 = [("2001:db8:1::1", "host6"), ("2001:db8:1::2", "r16"), ("2001:db8:2::1", "r1-east6"),
              ("2001:db8:2::2", "r26"), ("2001:db8:3::1", "r2-east6"), ("2001:db8:6::1", "r2-slim6"),
              ("2001:db8:3::2", "r36"), ("2001:db8:6::2", "r3-slim6"), ("2001:db8:4::fe", "r3-east6"),
              ("2001:db8:5::fe", "r3-far6"), (OTHER_SOURCE6, "elsewhere6")]
    for n, name in [(n, name) for n, name, _, _, _ in REJECTS] + list(OTHERS):
        names.append((v4(n), name))
        names6.append((v6(n), name + "6"))
    for n, name in FORGED:
        names.append((v4(n), name))
        names6.append((v6(n, 5), name + "6"))
    for addr, name in names + names6:
        t.host_name(addr, name + ".ping.lab", name)


def ping_lab():
    t = Topology("r1", "r2", "r3", "target", "forger")
    _link(t, "main", "west", "r1", "west", 0)
    _link(t, "r1", "east", "r2", "west", 1)
    _link(t, "r2", "east", "r3", "west", 2)
    _link(t, "r2", "slim", "r3", "slim", 3, mtu=1280)
    _link(t, "r3", "east", "target", "west", 4)
    _link(t, "r3", "far", "forger", "west", 5)
    _addresses(t, "main", "west", "198.51.100.1/26", "2001:db8:1::1/64")
    _addresses(t, "r1", "west", "198.51.100.2/26", "2001:db8:1::2/64")
    _addresses(t, "r1", "east", "198.51.100.65/26", "2001:db8:2::1/64")
    _addresses(t, "r2", "west", "198.51.100.66/26", "2001:db8:2::2/64")
    _addresses(t, "r2", "east", "198.51.100.129/26", "2001:db8:3::1/64")
    _addresses(t, "r2", "slim", "198.51.100.193/26", "2001:db8:6::1/64")
    _addresses(t, "r3", "west", "198.51.100.130/26", "2001:db8:3::2/64")
    _addresses(t, "r3", "slim", "198.51.100.194/26", "2001:db8:6::2/64")
    _addresses(t, "r3", "east", "203.0.113.126/25", "2001:db8:4::fe/64")
    _addresses(t, "r3", "far", "203.0.113.254/25", "2001:db8:5::fe/64")
    targets = [n for n, _, _, _, _ in REJECTS] + [n for n, _ in OTHERS]
    _addresses(t, "target", "west", *(["%s/25" % v4(n) for n in targets] + ["%s/64" % v6(n) for n in targets]))
    forged = [n for n, _ in FORGED]
    _addresses(t, "forger", "west", *(["%s/25" % v4(n) for n in forged] + ["%s/64" % v6(n, 5) for n in forged]
                                      + ["%s/25" % OTHER_SOURCE, "%s/64" % OTHER_SOURCE6]))
    # up the chain: default routes; down it: r2 and r3 know the far networks
    for ns, gw, gw6 in (("main", "198.51.100.2", "2001:db8:1::2"), ("r1", "198.51.100.66", "2001:db8:2::2"),
                        ("r2", "198.51.100.65", "2001:db8:2::1"), ("r3", "198.51.100.129", "2001:db8:3::1"),
                        ("target", "203.0.113.126", "2001:db8:4::fe"), ("forger", "203.0.113.254", "2001:db8:5::fe")):
        t.route("default", via=gw, ns=ns).route("::/0", via=gw6, ns=ns)
    t.route("203.0.113.0/24", via="198.51.100.130", ns="r2")
    t.route("2001:db8:4::/64", via="2001:db8:3::2", ns="r2").route("2001:db8:5::/64", via="2001:db8:3::2", ns="r2")
    t.route(v4(20) + "/32", via="198.51.100.194", ns="r2")  # over the MTU-1280 link
    t.route(v6(20) + "/128", via="2001:db8:6::2", ns="r2")
    for ns in ("main", "r1", "r2", "r3", "target", "forger"):
        if ns != "main":
            t.forwarding(ns)
        # no DAD: link-local addresses stay "tentative" for an hour otherwise
        # (the lab's retrans_time), and neighbour solicitations sent before then
        # get no answer: an INCOMPLETE entry that is never tried again
        for scope in ("all", "default"):
            t.sysctl("net.ipv6.conf.%s.accept_dad" % scope, "0", ns=ns)
        t.sysctl("net.ipv4.icmp_ratelimit", "0", ns=ns)
        t.sysctl("net.ipv6.icmp.ratelimit", "0", ns=ns)
        # ... and the namespace-wide budget (1000 a second, bursts of 50, for
        # IPv4 and IPv6 errors alike) no lab run may meet: traceroute's 16
        # probes at once, case after case, did meet it ("* * *" at random)
        t.sysctl("net.ipv4.icmp_msgs_per_sec", "1000000", ns=ns)
        t.sysctl("net.ipv4.icmp_msgs_burst", "1000000", ns=ns)
    t.sysctl("net.ipv4.icmp_echo_ignore_all", "1", ns="forger")
    t.sysctl("net.ipv6.icmp.echo_ignore_all", "1", ns="forger")
    _hosts(t)
    t.nft(_r2_rules(), ns="r2")
    t.nft(_r3_rules(), ns="r3")
    t.nft(_target_rules(), ns="target")
    t.nft(_forger_rules(), ns="forger")
    t.daemon("%s:7" % FORGER, ["python3", "{tests}/ping/responder.py", "--ready", "%s:7" % FORGER], ns="forger")
    return t.spec


def ping_lab_dgram():
    """The ping lab where main lets everyone open ICMP datagram sockets
    (ping_group_range "0 2147483647", systemd's default on Debian 12): ping
    uses one even as root, and the kernel then filters what it sees."""
    spec = ping_lab()
    spec["sysctls"].append({"ns": "main", "key": "net.ipv4.ping_group_range", "value": "0 2147483647"})
    return spec


def ping_lab_bare():
    """The chain without the forger's responder (it needs nothing but the kernel)."""
    spec = ping_lab()
    spec.pop("daemons")
    return spec


TOPOLOGIES = {"ping": ping_lab, "ping-dgram": ping_lab_dgram, "ping-bare": ping_lab_bare}
