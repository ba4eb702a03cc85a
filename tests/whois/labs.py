"""whois's lab: whois in "main", every registry it may ask in "reg", on port 43.

    main  veth0 198.51.100.1/24 2001:db8:1::1/64  <->  reg  veth1 198.51.100.2 ... .14/24,
                                                          2001:db8:1::6/64

One program (tests/whois/whoisserver.py) plays every registry; which one
is chosen by the address whois connected to (its docstring lists them), and
main's /etc/hosts names those addresses after the real registries (NAMES
below), so the real whois and ours choose, resolve and ask exactly as they
would on the Internet.  Names not listed do not resolve: main's
nsswitch.conf says "hosts: files" (no DNS to wait for), so they fail at once
with "Name or service not known".  198.51.100.14 (whois.refused.test) has no
server: connections to it are refused.

By hand (root):
    python -m tests.lab up whois --topology whois
    python -m tests.lab exec whois -- whois example.com
    python -m tests.lab down whois
"""
from tests.lab.topology import Topology, mac

NET = "198.51.100."
NET6 = "2001:db8:1::"

# last byte of the address -> the registries' names that resolve to it
NAMES = {
    2: ["whois.iana.org"],
    3: ["whois.verisign-grs.com", "ccwhois.verisign-grs.com"],
    4: ["whois.afilias-grs.info", "whois.registry.in", "whois.flexireg.net"],
    5: ["whois.arin.net"],
    6: ["whois.ripe.net", "whois.apnic.net", "whois.afrinic.net", "whois.lacnic.net", "whois.nic.ad.jp",
        "whois.nic.or.kr", "whois.twnic.net", "rr.arin.net", "whois.ra.net", "rwhois.example.net",
        "whois.tcinet.ru", "whois.ripn.net"],
    7: ["whois.markmonitor.com", "whois.godaddy.com", "whois.tucows.com", "whois.pir.org", "whois.denic.de",
        "whois.dns.be", "whois.eu", "whois.nic.xyz", "whois.jprs.jp", "whois.registro.br", "whois.kg",
        "whois.nic.cr", "whois.dk-hostmaster.dk", "whois.nic.it", "whois.cira.ca", "whois.centralnic.net",
        "whois.nic.uk", "whois.registry.test", "whois.networksolutions.com", "whois.nic.fr", "whois.isnic.is",
        "whois.nic.ch", "whois.nic.club", "whois.nic.berlin", "whois.nic.cat"],
    8: ["whois.loop.test"],
    9: ["whois.stall.test"],
    10: ["whois.earlyclose.test"],
    11: ["whois.huge.test"],
    12: ["whois.garbage.test", "whois.second.test"],
    13: ["whois.reset.test"],
    14: ["whois.refused.test"],
}
# names with an IPv6 address too (getaddrinfo gives both; whois tries them in order)
IPV6 = {6: ["whois.ripe.net", "whois.apnic.net"]}
# a name with two addresses, the first refused: whois goes on to the second
MULTI = ("whois.multi.test", [14, 7])


def whois_lab():
    t = Topology("reg")
    t.veth("veth0", mac(0x4301), "veth1", mac(0x4302), peer_ns="reg")
    t.address("veth0", NET + "1/24").address("veth0", NET6 + "1/64")
    for last in sorted(NAMES):
        t.address("veth1", "%s%d/24" % (NET, last), ns="reg")
    t.address("veth1", NET6 + "6/64", ns="reg")
    for ns in ("main", "reg"):
        t.sysctl("net.ipv4.tcp_max_tw_buckets", "0", ns=ns)
    for last, names in sorted(NAMES.items()):
        t.host_name("%s%d" % (NET, last), *names)
    for last, names in sorted(IPV6.items()):
        t.host_name("%s%x" % (NET6, last), *names)
    for last in MULTI[1]:
        t.host_name("%s%d" % (NET, last), MULTI[0])
    t.etc_file("nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\nservices: files\n")
    t.daemon(NET + "7:43", ["python3", "{tests}/whois/whoisserver.py"], ns="reg")
    return t.spec


TOPOLOGIES = {"whois": whois_lab}
