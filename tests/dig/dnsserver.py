"""The dig lab's name server: zones, keys and named.conf made in DIR, then named.

Stand-alone (standard library only), started by the lab in its "dns"
namespace (tests/dig/labs.py) through tests/lab/spawn.py:

    python3 dnsserver.py DIR

writes the zones into DIR, makes their DNSSEC keys (dnssec-keygen) and
signs them (dnssec-signzone, each child's DS in its parent), makes a
self-signed TLS certificate (openssl), writes named.conf and then becomes
named (exec, in the foreground: the lab stops it by its pid).

One named serves the whole hierarchy.  Each server address is a view of its
own (match-destinations), so a query to the root's address gets the root's
referral, not the answer of a zone the same process also serves: dig +trace
walks root -> test. -> example.test. as it would on the Internet.  One
process, because starting named costs far more than a view (several
processes would each load, listen and be waited for).

    198.51.100.2   2001:db8::2    resolver: recursive, validating (the root's KSK is its trust anchor)
    198.51.100.10  2001:db8::10   a.root-servers.test.: the root zone "."
    198.51.100.20  2001:db8::20   ns1.nic.test.: test.
    198.51.100.53  2001:db8::53   ns1.example.test., ns2 on .54/::54: example.test. (NSEC),
    198.51.100.54  2001:db8::54   nsec3.example.test. (NSEC3), the reverse zones of
                                  198.51.100.0/24 and 2001:db8::/32; TLS on port 853

The root, test., example.test. and nsec3.example.test. are signed.
example.test. is a dynamic zone: once named runs, the lab sends it one update
(NSUPDATE below, by nsupdate: tests/dig/labs.py), which raises its serial to
SERIAL + 1, so it has a journal and answers IXFR.
Its AXFR and IXFR need the TSIG key TSIG_NAME (hmac-sha256); the other zones
transfer to anyone.  Every address listens on port 53 (UDP and TCP).
"""
import base64
import os
import subprocess
import sys

SERIAL = 2024010101
TSIG_NAME = "transfer-key"
TSIG_ALGORITHM = "hmac-sha256"
# Fixed, so a case's command line can carry it (dig -y hmac-sha256:transfer-key:...).
TSIG_SECRET = base64.b64encode(b"pynettools dig lab transfer key!").decode()
ALGORITHM = "ECDSAP256SHA256"  # fast to make and to sign with

RESOLVER = ("198.51.100.2", "2001:db8::2")
ROOT = ("198.51.100.10", "2001:db8::10")
TLD = ("198.51.100.20", "2001:db8::20")
LEAF = ("198.51.100.53", "2001:db8::53")
LEAF2 = ("198.51.100.54", "2001:db8::54")
TLS_PORT = 853
HTTPS_PORT, HTTP_PORT = 443, 80

ROOT_ZONE = """$TTL 86400
.                       SOA   a.root-servers.test. hostmaster.nic.test. {serial} 1800 900 604800 86400
.                       NS    a.root-servers.test.
a.root-servers.test.    A     {root[0]}
a.root-servers.test.    AAAA  {root[1]}
test.                   NS    ns1.nic.test.
ns1.nic.test.           A     {tld[0]}
ns1.nic.test.           AAAA  {tld[1]}
100.51.198.in-addr.arpa.   NS  ns1.example.test.
8.b.d.0.1.0.0.2.ip6.arpa.  NS  ns1.example.test.
ns1.example.test.       A     {leaf[0]}
ns1.example.test.       AAAA  {leaf[1]}
"""

TLD_ZONE = """$TTL 86400
@                       SOA   ns1.nic.test. hostmaster.nic.test. {serial} 1800 900 604800 3600
@                       NS    ns1.nic.test.
ns1.nic                 A     {tld[0]}
ns1.nic                 AAAA  {tld[1]}
a.root-servers          A     {root[0]}
a.root-servers          AAAA  {root[1]}
example                 NS    ns1.example.test.
example                 NS    ns2.example.test.
ns1.example             A     {leaf[0]}
ns1.example             AAAA  {leaf[1]}
ns2.example             A     {leaf2[0]}
ns2.example             AAAA  {leaf2[1]}
"""

# Every common type, and one TYPE65280 (private use) in RFC 3597's \\# form.
LEAF_ZONE = r"""$TTL 3600
@       SOA    ns1.example.test. hostmaster.example.test. {serial} 7200 3600 1209600 3600
@       NS     ns1.example.test.
@       NS     ns2.example.test.
@       A      198.51.100.80
@       AAAA   2001:db8::80
@       MX     10 mail.example.test.
@       MX     20 mail2.example.test.
@       TXT    "v=spf1 ip4:198.51.100.0/24 -all"
@       CAA    0 issue "ca.example.net"
@       CAA    128 iodef "mailto:security@example.test"
@       HINFO  "PC-LAB" "Debian GNU/Linux"
@       LOC    52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m
@       HTTPS  1 . alpn="h2,h3" ipv4hint=198.51.100.80 ipv6hint=2001:db8::80
ns1     A      {leaf[0]}
ns1     AAAA   {leaf[1]}
ns2     A      {leaf2[0]}
ns2     AAAA   {leaf2[1]}
www     A      198.51.100.80
www     A      198.51.100.81
www     AAAA   2001:db8::80
www     SSHFP  4 2 0d3c1d5ad5f4d5fc2b6e8f3a8f0b4c4e6a4e5c8e2d2f7d0e3b7a9f1c6d8e2a4b
www     SSHFP  1 1 8cfa4d1ba4bd2e6d1e8e4e0b8c3b0f0c7b2e1d4a
_443._tcp.www  TLSA  3 1 1 2b1c8a0f7e3d5a9c4b6e8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c
mail    A      198.51.100.25
mail    AAAA   2001:db8::25
alias   CNAME  www
chain   CNAME  alias
legacy  DNAME  example.test.
sip     A      198.51.100.60
_sip._tcp      SRV   10 60 5060 sip.example.test.
_sip._udp      SRV   20 0 5060 sip.example.test.
_http._tcp     URI   10 1 "http://www.example.test/"
naptr   NAPTR  100 10 "U" "E2U+sip" "!^.*$!sip:info@example.test!" .
naptr   NAPTR  102 10 "S" "SIP+D2U" "" _sip._udp.example.test.
svc     SVCB   1 www.example.test. alpn="h2" port=8443 ipv4hint=198.51.100.80
svc     SVCB   0 www.example.test.
txt     TXT    "a single string"
txt     TXT    "several" "strings" "in one record"
txt     TXT    "escaped: \"quotes\" \\backslash \009tab \;semicolon \255\254 bytes"
txt     TXT    "{long}"
big     TXT    "{long}"
big     TXT    "{long}" "{long}"
big     TXT    "{long}" "{long}" "{long}"
big     TXT    "{long}" "{long}" "{long}" "{long}"
big     TXT    "{long}" "{long}" "{long}" "{long}" "{long}"
private TYPE65280  \# 4 0a000001
empty   TYPE65280  \# 0
nsec3   NS     ns1.example.test.
"""

NSEC3_ZONE = """$TTL 3600
@       SOA    ns1.example.test. hostmaster.example.test. {serial} 7200 3600 1209600 3600
@       NS     ns1.example.test.
@       A      198.51.100.83
www     A      198.51.100.83
www     AAAA   2001:db8::83
@       TXT    "signed with NSEC3"
"""

REVERSE4_ZONE = """$TTL 3600
@       SOA    ns1.example.test. hostmaster.example.test. {serial} 7200 3600 1209600 3600
@       NS     ns1.example.test.
2       PTR    resolver.example.test.
10      PTR    a.root-servers.test.
20      PTR    ns1.nic.test.
53      PTR    ns1.example.test.
54      PTR    ns2.example.test.
80      PTR    example.test.
80      PTR    www.example.test.
81      PTR    www.example.test.
"""

REVERSE6_ZONE = """$TTL 3600
@       SOA    ns1.example.test. hostmaster.example.test. {serial} 7200 3600 1209600 3600
@       NS     ns1.example.test.
{ptr53} PTR    ns1.example.test.
{ptr54} PTR    ns2.example.test.
{ptr80} PTR    www.example.test.
"""

NAMED_CONF = """options {{
    directory "{dir}";
    pid-file "{dir}/named.pid";
    session-keyfile "{dir}/session.key";
    managed-keys-directory "{dir}";
    listen-on port 53 {{ {v4}; }};
    listen-on-v6 port 53 {{ {v6}; }};
    listen-on port {tls_port} tls lab-tls {{ {leaf[0]}; }};
    listen-on-v6 port {tls_port} tls lab-tls {{ {leaf[1]}; }};
    // DNS over HTTPS (and plain HTTP) on the second leaf address only: the
    // first keeps nothing on 443 (dig +https there: connection refused)
    listen-on port {https_port} tls lab-tls http lab-doh {{ {leaf2[0]}; }};
    listen-on-v6 port {https_port} tls lab-tls http lab-doh {{ {leaf2[1]}; }};
    listen-on port {http_port} tls none http lab-doh {{ {leaf2[0]}; }};
    notify no;
    recursion no;
    dnssec-validation no;
    allow-transfer {{ any; }};
    automatic-interface-scan no;
    // named shuffles an RRset's records per answer by default ("random");
    // "none" keeps the database's order, so the real dig's run and ours
    // see the same answer and the golden cases stay comparable
    rrset-order {{ order none; }};
}};

controls {{ }};

logging {{
    channel lab {{ file "{dir}/named.log"; severity info; print-time yes; print-category yes; }};
    category default {{ lab; }};
    category lame-servers {{ null; }};
}};

http lab-doh {{
    endpoints {{ "/dns-query"; }};
}};

tls lab-tls {{
    key-file "{dir}/tls.key";
    cert-file "{dir}/tls.crt";
}};

key "{tsig_name}" {{
    algorithm {tsig_algorithm};
    secret "{tsig_secret}";
}};

view resolver {{
    match-destinations {{ {resolver[0]}; {resolver[1]}; }};
    recursion yes;
    allow-recursion {{ any; }};
    dnssec-validation yes;
    // else it answers for 198.51.100.0/24 and 2001:db8::/32 itself (RFC 6303's empty zones)
    empty-zones-enable no;
    trust-anchors {{ . static-key {root_ksk}; }};
    zone "." {{ type hint; file "root.hints"; }};
}};

view root {{
    match-destinations {{ {root[0]}; {root[1]}; }};
    zone "." {{ type primary; file "root.zone.signed"; }};
}};

view tld {{
    match-destinations {{ {tld[0]}; {tld[1]}; }};
    zone "test." {{ type primary; file "test.zone.signed"; }};
}};

view leaf {{
    match-destinations {{ any; }};
    zone "example.test." {{
        type primary;
        file "example.test.zone.signed";
        allow-transfer {{ key {tsig_name}; }};
        allow-update {{ key {tsig_name}; }};
    }};
    zone "nsec3.example.test." {{ type primary; file "nsec3.example.test.zone.signed"; }};
    zone "100.51.198.in-addr.arpa." {{ type primary; file "reverse4.zone"; }};
    zone "8.b.d.0.1.0.0.2.ip6.arpa." {{ type primary; file "reverse6.zone"; }};
}};
"""

ROOT_HINTS = """.                       3600000  NS    a.root-servers.test.
a.root-servers.test.    3600000  A     {root[0]}
a.root-servers.test.    3600000  AAAA  {root[1]}
"""

# The update the lab sends once named runs (nsupdate -y ...): example.test.'s
# serial becomes SERIAL + 1, and its journal holds the difference (IXFR).
NSUPDATE = """server {leaf[0]}
zone example.test.
update add added.example.test. 3600 IN A 198.51.100.90
update add added.example.test. 3600 IN TXT "added by the lab's update"
send
""".format(leaf=LEAF)


def ip6_ptr_name(address):
    """The owner name of an address of 2001:db8::/32, relative to 8.b.d.0.1.0.0.2.ip6.arpa."""
    import ipaddress

    nibbles = ipaddress.IPv6Address(address).exploded.replace(":", "")
    return ".".join(reversed(nibbles[8:]))  # the first 8 nibbles are the zone's


def fill(text):
    return text.format(serial=SERIAL, root=ROOT, tld=TLD, leaf=LEAF, leaf2=LEAF2, long="L" * 250,
                       ptr53=ip6_ptr_name(LEAF[1]), ptr54=ip6_ptr_name(LEAF2[1]),
                       ptr80=ip6_ptr_name("2001:db8::80"))


def run(argv, cwd):
    completed = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    if completed.returncode != 0:
        raise SystemExit("dnsserver: %s failed: %s" % (argv[0], completed.stderr.decode(errors="replace").strip()))
    return completed.stdout.decode()


def make_keys(directory, zones):
    """A KSK and a ZSK per zone, all made at once (dnssec-keygen, in parallel)."""
    jobs = []
    for zone in zones:
        for flags in (["-f", "KSK"], []):
            argv = ["dnssec-keygen", "-q", "-a", ALGORITHM, "-K", directory, "-n", "ZONE"] + flags + [zone]
            jobs.append((argv, subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                                stderr=subprocess.PIPE)))
    names = {}
    for argv, job in jobs:
        out, err = job.communicate()
        if job.returncode != 0:
            raise SystemExit("dnssec-keygen failed: %s" % err.decode(errors="replace").strip())
        names.setdefault(argv[-1], []).append(out.decode().strip())
    return names


def sign(directory, zone, filename, keys, nsec3=False):
    """Sign `filename` (its DNSKEYs included, smart signing); the DS set goes to dsset-ZONE."""
    with open(os.path.join(directory, filename), "a") as f:
        for key in keys:
            f.write("$INCLUDE %s.key\n" % key)
    argv = ["dnssec-signzone", "-q", "-K", directory, "-d", directory, "-o", zone, "-e", "+2592000"]
    if nsec3:
        argv += ["-3", "-", "-H", "0"]
    run(argv + [filename], directory)


def write(directory, name, text):
    with open(os.path.join(directory, name), "w") as f:
        f.write(text)


def append_ds(directory, parent_file, child):
    with open(os.path.join(directory, "dsset-%s" % child)) as f:
        ds = f.read()
    with open(os.path.join(directory, parent_file), "a") as f:
        f.write(ds)


def root_ksk(directory, key):
    """The root KSK's flags, protocol, algorithm and key, as trust-anchors wants them."""
    with open(os.path.join(directory, key + ".key")) as f:
        for line in f:
            if line.startswith(";") or not line.strip():
                continue
            fields = line.split()
            at = fields.index("DNSKEY")
            return '%s %s %s "%s"' % (fields[at + 1], fields[at + 2], fields[at + 3], "".join(fields[at + 4:]))
    raise SystemExit("dnsserver: no DNSKEY in %s.key" % key)


def start_tls(directory):
    """openssl making a self-signed certificate for the TLS listener (a Popen: it runs
    while the keys are made)."""
    argv = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-days", "30", "-subj", "/CN=ns1.example.test", "-addext", "subjectAltName=DNS:ns1.example.test,"
         "IP:%s,IP:%s" % LEAF, "-keyout", "tls.key", "-out", "tls.crt"]
    return subprocess.Popen(argv, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def build(directory):
    """Everything named needs, in `directory`; the text of named.conf."""
    zones = {"example.test.": ("example.test.zone", LEAF_ZONE),
             "nsec3.example.test.": ("nsec3.example.test.zone", NSEC3_ZONE),
             "test.": ("test.zone", TLD_ZONE), ".": ("root.zone", ROOT_ZONE)}
    tls = start_tls(directory)
    keys = make_keys(directory, list(zones))
    if tls.wait() != 0:
        raise SystemExit("dnsserver: openssl failed: %s" % tls.stderr.read().decode(errors="replace").strip())
    for filename, text in zones.values():
        write(directory, filename, fill(text))
    write(directory, "reverse4.zone", fill(REVERSE4_ZONE))
    write(directory, "reverse6.zone", fill(REVERSE6_ZONE))
    write(directory, "root.hints", fill(ROOT_HINTS))
    # children first: each DS set goes into its parent before the parent is signed
    parents = [("nsec3.example.test.", "example.test."), ("example.test.", "test."), ("test.", "."), (".", None)]
    for zone, parent in parents:
        sign(directory, zone, zones[zone][0], keys[zone], nsec3=zone.startswith("nsec3"))
        if parent:
            append_ds(directory, zones[parent][0], zone)
    ksk = [key for key in keys["."] if _is_ksk(directory, key)][0]
    return NAMED_CONF.format(dir=directory, v4="; ".join(a[0] for a in (RESOLVER, ROOT, TLD, LEAF, LEAF2)),
                             v6="; ".join(a[1] for a in (RESOLVER, ROOT, TLD, LEAF, LEAF2)), tls_port=TLS_PORT, https_port=HTTPS_PORT, http_port=HTTP_PORT,
                             resolver=RESOLVER, root=ROOT, tld=TLD, leaf=LEAF, leaf2=LEAF2, tsig_name=TSIG_NAME,
                             tsig_algorithm=TSIG_ALGORITHM, tsig_secret=TSIG_SECRET,
                             root_ksk=root_ksk(directory, ksk))


def _is_ksk(directory, key):
    with open(os.path.join(directory, key + ".key")) as f:
        return " DNSKEY 257 " in f.read()


def main(argv):
    if len(argv) != 1:
        raise SystemExit(__doc__)
    directory = os.path.abspath(argv[0])
    write(directory, "named.conf", build(directory))
    os.execvp("named", ["named", "-f", "-c", os.path.join(directory, "named.conf")])


if __name__ == "__main__":
    main(sys.argv[1:])
