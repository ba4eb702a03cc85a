"""dig's lab: dig in "main", one named serving a small DNS hierarchy in "dns".

    main  veth0 198.51.100.1/24 2001:db8::1/64  <->  dns  veth1 198.51.100.2,.10,.20,.53,.54,.66,.67/24
                                                           2001:db8::2,::10,::20,::53,::54,::66,::67/64

The addresses of "dns", its zones, keys and views: tests/dig/dnsserver.py
(RESOLVER 198.51.100.2 recursive and validating, ROOT .10, TLD .20 for
test., LEAF .53/.54 for example.test., nsec3.example.test. and the reverse
zones, TLS on .53 port 853; the TSIG key TSIG_NAME/TSIG_SECRET for
example.test.'s AXFR and IXFR).  main's /etc/resolv.conf names the resolver,
with the search list example.test. test.  Made at every build: the DNSSEC
keys (so signatures differ from one lab to the next), the TLS certificate,
and example.test.'s journal (one update: serial SERIAL + 1).

The fault server (tests/dig/faultserver.py) listens at FAULT (.66/::66) and
FAULT_OTHER (.67/::67): a reply chosen by the query name's first label
(`dig @198.51.100.66 servfail.fault.test`); its canned replies come from
CANNED_DIR (committed: tests/dig/canned/) and then from the lab's own
directory's "canned" (a test may write there: Lab.daemon_state()["dir"]).
In main's /etc/hosts, fault.lab.example is .66 and ::66, faults.lab.example
all four addresses (dig @faults.lab.example tries them in turn).

By hand (root):
    python -m tests.lab up dns --topology dig
    python -m tests.lab exec dns -- dig www.example.test +dnssec
    python -m tests.lab exec dns -- dig @198.51.100.53 example.test AXFR -y hmac-sha256:transfer-key:SECRET
    python -m tests.lab down dns
(SECRET: tests.dig.dnsserver.TSIG_SECRET.)  Building it takes about a second.
"""
from tests.dig import dnsserver
from tests.lab.topology import Topology, mac

RESOLV_CONF = "search example.test test\nnameserver %s\noptions timeout:1 attempts:1\n" % dnsserver.RESOLVER[0]
FAULT = ("198.51.100.66", "2001:db8::66")
FAULT_OTHER = ("198.51.100.67", "2001:db8::67")
SERVER_ADDRESSES = (dnsserver.RESOLVER, dnsserver.ROOT, dnsserver.TLD, dnsserver.LEAF, dnsserver.LEAF2,
                    FAULT, FAULT_OTHER)
CANNED_DIR = "{tests}/dig/canned"
TSIG = "%s:%s:%s" % (dnsserver.TSIG_ALGORITHM, dnsserver.TSIG_NAME, dnsserver.TSIG_SECRET)

# named's AppArmor profile (Debian) lets it write only there: the lab's files go there when it exists.
NAMED_DIR = "/var/cache/bind"

# named takes TCP connections before its zones are loaded: wait for its "running".
WAIT_RUNNING = ["timeout", "5", "sh", "-c", "until grep -q ' running$' {dir}/named.log; do sleep 0.01; done"]


def dig_lab():
    t = Topology("dns")
    t.veth("veth0", mac(0x5301), "veth1", mac(0x5302), peer_ns="dns")
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8::1/64")
    for v4, v6 in SERVER_ADDRESSES:
        t.address("veth1", v4 + "/24", ns="dns").address("veth1", v6 + "/64", ns="dns")
    t.host_name("198.51.100.1", "client.lab.example", "client")
    # dig @NAME tries each address of NAME: the fault server's first- modes fail at the first one
    t.host_name(FAULT[0], "fault.lab.example", "faults.lab.example")
    t.host_name(FAULT[1], "fault.lab.example", "faults.lab.example")
    t.host_name(FAULT_OTHER[0], "faults.lab.example")
    t.host_name(FAULT_OTHER[1], "faults.lab.example")
    t.etc_file("resolv.conf", RESOLV_CONF)
    t.daemon("%s:53" % dnsserver.LEAF[0], ["python3", "{tests}/dig/dnsserver.py", "{dir}"], ns="dns",
             dir_in=NAMED_DIR,
             then=[{"argv": WAIT_RUNNING},
                   {"argv": ["nsupdate", "-y", TSIG], "input": dnsserver.NSUPDATE}])
    t.daemon("%s:53" % FAULT[0], ["python3", "{tests}/dig/faultserver.py", "--canned", CANNED_DIR,
                                  "--canned", "{dir}/canned"] + list(FAULT + FAULT_OTHER), ns="dns")
    return t.spec


TOPOLOGIES = {"dig": dig_lab}
