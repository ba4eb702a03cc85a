"""dig golden cases (BIND 9.18's dig, bind9-dnsutils 1:9.18.49-1~deb12u3, Debian 12).

Every case runs in the "dig" lab (tests/dig/labs.py): dig in "main", whose
/etc/resolv.conf names the lab's resolver 198.51.100.2 (recursive,
validating) with the search list example.test test; one named in "dns"
answers as the root (.10), test. (.20) and example.test. (.53 and .54, with
nsec3.example.test. and the reverse zones; DNS over TLS on .53 port 853).
tests/dig/dnsserver.py holds the zones, tests/dig/fault_cases.py the cases
against the fault server (silence, bad replies), added at the end.

What may differ between two runs of the real dig, and how it is compared
(tests/harness/volatile.py, RULES["dig"]): the message id and the client
cookie (random: their form only), the server cookie's time and hash, the
query time, WHEN, +trace/+nssearch/+identify round trips, +yaml's times, a
TSIG record's time, MAC and original id, and TTLs that a caching resolver
counts down (within the pair's window).  Everything else is byte for byte,
so cases keep away from what the lab cannot hold still:

* most cases ask the authoritative server (@198.51.100.53), whose answers
  never move; the resolver's cases show what only it does (recursion, the
  AD flag of a validated answer, the search list, +trace's first step);
* +trace and +nssearch go with -4 (or -6) and walk only zones with one name
  server: dig picks among several name servers, and among a server's IPv4
  and IPv6 addresses, at random (+trace), and +nssearch prints the servers
  in the order their answers arrive;
* signatures and keys change with every lab build, but not within one: the
  real dig and ours see the same ones.
"""
from tests.dig import dnsserver, fault_cases
from tests.dig.labs import TSIG
from tests.harness.cases import Case

LAB = "dig"
AUTH = "@" + dnsserver.LEAF[0]            # example.test.'s primary, authoritative only
AUTH6 = "@" + dnsserver.LEAF[1]
AUTH2 = "@" + dnsserver.LEAF2[0]
RESOLVER = "@" + dnsserver.RESOLVER[0]
ROOT = "@" + dnsserver.ROOT[0]
TLD = "@" + dnsserver.TLD[0]
SILENT = "@198.51.100.99"                 # on the lab's link, but nobody has it: no answer ever
SERIAL = dnsserver.SERIAL                 # example.test.'s serial before the lab's update (SERIAL + 1 after)
KEY_FILE = 'key "%s" {\n\talgorithm %s;\n\tsecret "%s";\n};\n' % (
    dnsserver.TSIG_NAME, dnsserver.TSIG_ALGORITHM, dnsserver.TSIG_SECRET)
# Short waits for the cases that time out (resolv.conf has timeout:1 attempts:1 too).
QUICK = ["+time=1", "+tries=1"]

CASES = []


def dig(name, args, note, **kwargs):
    case = Case("dig", name, ["dig"] + list(args), lab=LAB, note=note, **kwargs)
    CASES.append(case)
    return case


# ---- the query line: server, name, type, class ------------------------------------------------

dig("resolver-a", ["www.example.test"],
    note="the whole default output from the resolver resolv.conf names: header, flags (ad: validated), "
         "OPT pseudosection with the COOKIE, question, answer, statistics")
dig("auth-a", [AUTH, "www.example.test"],
    note="@server by IPv4 address: '; (1 server found)', aa, the recursion warning")
dig("auth6-a", [AUTH6, "www.example.test"], note="@server by IPv6 address: SERVER 2001:db8::53#53")
dig("auth-name", ["@ns1.example.test", "example.test", "SOA"],
    note="@server by name: dig resolves it first (through the resolver), '(2 servers found)', "
         "and asks the first address")
dig("auth-name-4", ["-4", "@ns1.example.test", "example.test", "SOA"],
    note="-4: only the name server's IPv4 address is found")
dig("auth-name-6", ["-6", "@ns1.example.test", "example.test", "SOA"],
    note="-6: only its IPv6 address")
dig("auth-name-fqdn-dot", ["@ns2.example.test.", "example.test", "NS"],
    note="@server named with a final dot")
dig("type-before-name", [AUTH, "MX", "example.test"], note="a type word before the name")
dig("class-type-name", [AUTH, "IN", "MX", "example.test"], note="class, type, then name")
dig("name-class-type", [AUTH, "example.test", "IN", "TXT"], note="name, class, type")
dig("name-type-class", [AUTH, "example.test", "TXT", "IN"], note="name, type, class")
dig("server-last", ["example.test", "NS", AUTH], note="@server after the name and type")
dig("type-lowercase", [AUTH, "example.test", "mx"], note="type words are case-insensitive")
dig("type-number", [AUTH, "example.test", "TYPE15"], note="TYPE15 is MX")
dig("class-number", [AUTH, "example.test", "CLASS1", "A"], note="CLASS1 is IN")
dig("opt-t", [AUTH, "-t", "AAAA", "www.example.test"], note="-t TYPE")
dig("opt-t-number", [AUTH, "-t", "28", "www.example.test"], note="-t with a number: AAAA")
dig("opt-c", [AUTH, "-c", "IN", "-t", "A", "mail.example.test"], note="-c CLASS")
dig("opt-q", [AUTH, "-q", "mail.example.test", "-t", "AAAA"], note="-q NAME")
dig("opt-q-type-word", [AUTH, "-q", "mx"], note="-q takes 'mx' as the name, not as a type: REFUSED (no such zone here)")
dig("chaos-version", [AUTH, "-c", "CH", "-t", "TXT", "version.bind"],
    note="CHAOS class: named's version.bind")
dig("chaos-hostname", [AUTH, "CH", "TXT", "hostname.bind"], note="CH and TXT as bare words")
dig("chaos-id-server", [AUTH, "id.server", "CH", "TXT"], note="id.server: named has no server-id set")
dig("no-name", [AUTH], note="no name at all: dig asks for the root's NS")
dig("no-name-resolver", ["+noall", "+answer"], note="the resolver's root NS, its cache's TTL")
dig("root-soa", [ROOT, ".", "SOA"], note="the root zone's SOA from the root's address")
dig("tld-ns", [TLD, "test.", "NS"], note="test.'s name server from its own address")
dig("x-v4", [AUTH, "-x", "198.51.100.80"], note="-x: PTR of 80.100.51.198.in-addr.arpa., two PTRs")
dig("x-v4-resolver", ["-x", "198.51.100.53"], note="-x through the resolver (validating: no ad, unsigned)")
dig("x-v6", [AUTH, "-x", "2001:db8::53"], note="-x of an IPv6 address: the ip6.arpa. nibbles")
dig("x-v6-short", ["+short", "-x", "2001:db8::80"], note="-x v6 through the resolver, +short")
dig("x-type-override", [AUTH, "-x", "198.51.100.80", "SOA"], note="-x then a type word: SOA of that name")
dig("x-nxdomain", [AUTH, "-x", "198.51.100.7"], note="-x of an address without PTR: NXDOMAIN")
dig("ptr-by-name", [AUTH, "80.100.51.198.in-addr.arpa.", "PTR"], note="the same PTR asked by name")
dig("opt-p53", [AUTH, "-p", "53", "www.example.test", "+short"], note="-p 53")
dig("opt-p-closed", [AUTH, "-p", "5353", "www.example.test"] + QUICK,
    note="-p to a port nobody listens on: ICMP port unreachable, 'connection refused', exit 9")
dig("opt-b4", ["-b", "198.51.100.1", AUTH, "www.example.test", "+short"], note="-b source address")
dig("opt-b4-port", ["-b", "198.51.100.1#53001", AUTH, "mail.example.test", "+short"],
    note="-b address#port")
dig("opt-b6", ["-b", "2001:db8::1", AUTH6, "www.example.test", "AAAA", "+short"], note="-b IPv6 source")
dig("opt-b-not-local", ["-b", "203.0.113.9", AUTH, "www.example.test"] + QUICK,
    note="-b with an address not on this host: bind fails")
dig("opt-4", ["-4", "www.example.test", "+short"], note="-4 with the resolver from resolv.conf")
dig("opt-6-no-v6-server", ["-6", "www.example.test"],
    note="-6 while resolv.conf names only an IPv4 server: no server to ask")
dig("opt-6-server", ["-6", AUTH6, "www.example.test", "+short"], note="-6 with an IPv6 @server")
dig("opt-4-server6", ["-4", AUTH6, "www.example.test"], note="-4 with an IPv6 @server: 'address family not supported'")
dig("opt-m", ["-m", AUTH, "www.example.test", "+short"], note="-m: memory debugging, nothing more printed")
dig("opt-u", ["-u", AUTH, "www.example.test"], note="-u: the query time in microseconds")
dig("opt-u-identify", ["-u", AUTH, "www.example.test", "+short", "+identify"],
    note="-u with +identify: 'in N us.'")
dig("multi-query", [AUTH, "www.example.test", "A", "mail.example.test", "AAAA"],
    note="two queries on one line, printed one after the other")
dig("multi-query-global-local", ["+noall", "+answer", AUTH, "www.example.test", "A", "example.test", "MX",
                                 "+short", "mail.example.test"],
    note="global options before the first name apply to all; +short after the second name only to it "
         "(and to those after it)")
dig("multi-query-local-server", [AUTH, "example.test", "SOA", "+short", RESOLVER, "test.", "SOA", "+short"],
    note="an @server after the first query: its own server for the second")
dig("multi-query-types", [AUTH, "+short", "example.test", "A", "example.test", "AAAA", "example.test", "MX"],
    note="three queries for one name")
dig("multi-x", [AUTH, "+short", "-x", "198.51.100.53", "-x", "198.51.100.54"], note="two -x queries")
dig("batch-file", [AUTH, "-f", "queries"],
    files={"queries": "www.example.test\nexample.test MX +short\n-x 198.51.100.80 +noall +answer\n"},
    note="-f: one query per line, each with its own options")
dig("batch-file-global", ["+short", AUTH, "-f", "queries", "example.test", "NS"],
    files={"queries": "mail.example.test\nwww.example.test AAAA\n"},
    note="-f with global options, and a query after the file's")
dig("batch-file-comments", [AUTH, "-f", "queries", "+short"],
    files={"queries": "; a comment\n\nmail.example.test\n"}, note="-f: a ';' line and an empty line")
dig("batch-file-missing", ["-f", "no-such-file"], note="-f of a file that does not exist")
dig("digrc", [AUTH, "www.example.test"], files={".digrc": "+noall +answer\n"}, env={"HOME": "."},
    note="~/.digrc's options come first")
dig("digrc-overridden", [AUTH, "www.example.test", "+nocmd", "+stats"], files={".digrc": "+noall +answer\n"},
    env={"HOME": "."}, note="command-line options after ~/.digrc's")
dig("digrc-r", ["-r", AUTH, "www.example.test"], files={".digrc": "+short\n"}, env={"HOME": "."},
    note="-r: ~/.digrc is not read")
dig("digrc-no-home", [AUTH, "www.example.test"], files={".digrc": "+short\n"},
    note="no HOME: dig reads .digrc in its working directory")

# ---- zone transfers, TSIG --------------------------------------------------------------------

dig("axfr-tsig", [AUTH, "example.test", "AXFR", "-y", TSIG],
    note="-y hmac-sha256:NAME:SECRET: the whole signed zone, its TSIG record, the XFR size line")
dig("axfr-tsig-noall", [AUTH, "example.test", "AXFR", "-y", TSIG, "+noall", "+answer"],
    note="the transfer's records alone")
dig("axfr-tsig-onesoa", [AUTH, "example.test", "AXFR", "-y", TSIG, "+onesoa"],
    note="+onesoa: the closing SOA left out")
dig("axfr-tsig-multiline", [AUTH, "example.test", "AXFR", "-y", TSIG, "+multiline", "+nocrypto"],
    note="+multiline over a whole zone; +nocrypto: keys and signatures as [omitted]/[key id]")
dig("axfr-tsig-short", [AUTH, "example.test", "AXFR", "-y", TSIG, "+short"], note="+short AXFR")
dig("axfr-tsig-comments", [AUTH, "example.test", "AXFR", "-y", TSIG, "+comments"],
    note="+comments on a transfer: each message's header, the TSIG PSEUDOSECTION")
dig("axfr-tsig-tcp-flag", [AUTH, "-t", "AXFR", "-q", "example.test", "-y", TSIG, "+nostats"],
    note="-t AXFR -q NAME")
dig("axfr-no-key", [AUTH, "example.test", "AXFR"], note="example.test. wants the key: 'Transfer failed.'")
dig("axfr-wrong-secret", [AUTH, "example.test", "AXFR", "-y",
                          "hmac-sha256:%s:%s" % (dnsserver.TSIG_NAME, "d3Jvbmcgc2VjcmV0IGZvciB0aGUga2V5IQ==")],
    note="-y with the wrong secret: named answers NOTAUTH/BADSIG; dig's TSIG error")
dig("axfr-unknown-key", [AUTH, "example.test", "AXFR", "-y",
                         "hmac-sha256:other-key:%s" % dnsserver.TSIG_SECRET],
    note="-y with a key name named does not know: BADKEY")
dig("axfr-open-zone", [AUTH, "nsec3.example.test", "AXFR"], note="a zone that transfers to anyone: NSEC3 records")
dig("axfr-reverse", [AUTH, "100.51.198.in-addr.arpa", "AXFR"], note="the unsigned reverse zone")
dig("axfr-root", [ROOT, ".", "AXFR", "+nocrypto"], note="the root zone")
dig("axfr-resolver", ["example.test", "AXFR"], note="the resolver does not transfer: 'Transfer failed.'")
dig("ixfr-tsig", [AUTH, "example.test", "IXFR=%d" % SERIAL, "-y", TSIG],
    note="IXFR=N: the journal's one update (SOA, old SOA, deletions, new SOA, additions, SOA)")
dig("ixfr-tsig-current", [AUTH, "example.test", "IXFR=%d" % (SERIAL + 1), "-y", TSIG],
    note="IXFR at the current serial: one SOA")
dig("ixfr-tsig-old", [AUTH, "example.test", "IXFR=1", "-y", TSIG, "+noall", "+answer", "+nocrypto"],
    note="IXFR from a serial the journal does not know: the whole zone as AXFR")
dig("ixfr-no-key", [AUTH, "example.test", "IXFR=%d" % SERIAL], note="IXFR without the key: refused")
dig("keyfile", [AUTH, "example.test", "IXFR=%d" % SERIAL, "-k", "transfer.key"],
    files={"transfer.key": KEY_FILE}, note="-k: the key from a named.conf-style key file")
dig("keyfile-missing", [AUTH, "example.test", "AXFR", "-k", "no-such.key"], note="-k of a missing file: 'Couldn't read key' on stderr, the transfer goes unsigned and fails")
dig("tsig-query", [AUTH, "www.example.test", "-y", TSIG],
    note="a signed ordinary query: the TSIG PSEUDOSECTION")
dig("tsig-query-qr", [AUTH, "www.example.test", "-y", TSIG, "+qr", "+nostats"],
    note="+qr with -y: the query's TSIG record too")
dig("tsig-bad-algorithm", [AUTH, "www.example.test", "-y", "hmac-foo:key:%s" % dnsserver.TSIG_SECRET],
    note="-y with an unknown algorithm: a warning, the key is not used ('TSIG key was not used')")

# ---- output switches -----------------------------------------------------------------------

dig("short", ["+short", "www.example.test"], note="+short: the rdata alone")
dig("short-auth-mx", [AUTH, "+short", "example.test", "MX"], note="+short MX")
dig("short-cname-chain", ["+short", "chain.example.test"], note="+short through a CNAME chain")
dig("short-nxdomain", ["+short", "nosuch.example.test"], note="+short of NXDOMAIN prints nothing")
dig("noall-answer", [AUTH, "+noall", "+answer", "example.test", "MX"], note="+noall +answer")
dig("noall-authority", [AUTH, "+noall", "+authority", "nosuch.example.test"],
    note="+authority: the SOA of an NXDOMAIN")
dig("noall-additional", [AUTH, "+noall", "+additional", "example.test", "NS"],
    note="+additional: the name servers' addresses (and the OPT record: not a section entry)")
dig("noall-question", [AUTH, "+noall", "+question", "www.example.test"], note="+question alone")
dig("noall-comments", [AUTH, "+noall", "+comments", "www.example.test"], note="+comments alone")
dig("noall-stats", [AUTH, "+noall", "+stats", "www.example.test"], note="+stats alone")
dig("nocomments", [AUTH, "+nocomments", "www.example.test"], note="+nocomments")
dig("nocmd", [AUTH, "+nocmd", "www.example.test"], note="+nocmd: no version banner")
dig("nostats", [AUTH, "+nostats", "www.example.test"], note="+nostats")
dig("noquestion", [AUTH, "+noquestion", "www.example.test"], note="+noquestion")
dig("noanswer", [AUTH, "+noanswer", "example.test", "MX"], note="+noanswer: no ANSWER SECTION; the additional section stays")
dig("rrcomments-dnskey", [AUTH, "+rrcomments", "example.test", "DNSKEY", "+noall", "+answer"],
    note="+rrcomments: '; ZSK; alg = ECDSAP256SHA256 ; key id = N'")
dig("multiline-soa", [AUTH, "+multiline", "example.test", "SOA", "+noall", "+answer"],
    note="+multiline SOA with the field comments")
dig("multiline-dnskey", [AUTH, "+multiline", "example.test", "DNSKEY", "+noall", "+answer"],
    note="+multiline DNSKEY: the key split over lines, the key id comment")
dig("multiline-rrsig", [AUTH, "+multiline", "+dnssec", "www.example.test", "A", "+noall", "+answer"],
    note="+multiline RRSIG")
dig("multiline-ttlunits", [AUTH, "+multiline", "example.test", "SOA", "+ttlunits", "+noall", "+answer"],
    note="+multiline with +ttlunits")
dig("multiline-full", [AUTH, "+multiline", "example.test", "MX"], note="+multiline, whole output")
dig("nottlid", [AUTH, "+nottlid", "example.test", "MX", "+noall", "+answer"], note="+nottlid")
dig("ttlunits", [AUTH, "+ttlunits", "example.test", "SOA"], note="+ttlunits: 1h")
dig("ttlunits-resolver", ["+ttlunits", "+noall", "+answer", "example.test", "NS"],
    note="+ttlunits of a TTL the resolver counts down: '59m12s'")
dig("noclass", [AUTH, "+noclass", "www.example.test", "+noall", "+answer", "+question"], note="+noclass")
dig("nottlid-noclass", [AUTH, "+nottlid", "+noclass", "www.example.test", "+noall", "+answer"],
    note="neither TTL nor class")
dig("identify", [AUTH, "+short", "+identify", "example.test", "MX"], note="+identify: 'from server X in N ms.'")
dig("identify-long", [AUTH, "+identify", "www.example.test", "+noall", "+answer"],
    note="+identify without +short does nothing")
dig("split-8", [AUTH, "+split=8", "example.test", "DNSKEY", "+noall", "+answer"],
    note="+split=8: base64 in chunks of 8")
dig("split-0", [AUTH, "+split=0", "www.example.test", "SSHFP", "+noall", "+answer"],
    note="+split=0: hex in one piece")
dig("split-odd", [AUTH, "+split=7", "www.example.test", "SSHFP", "+noall", "+answer"],
    note="+split=7: rounded up to a multiple of 4")
dig("yaml", [AUTH, "+yaml", "www.example.test"], note="+yaml: the message as YAML, with times and the id")
dig("yaml-resolver-mx", ["+yaml", "example.test", "MX"], note="+yaml of a recursive response")
dig("yaml-u", ["-u", AUTH, "+yaml", "mail.example.test"], note="+yaml -u: times to the microsecond")
dig("yaml-qr", [AUTH, "+yaml", "+qr", "www.example.test", "AAAA"], note="+yaml +qr: the query too")
dig("yaml-nxdomain", [AUTH, "+yaml", "nosuch.example.test"], note="+yaml of an NXDOMAIN")
dig("yaml-txt", [AUTH, "+yaml", "txt.example.test", "TXT"], note="+yaml quoting TXT strings")
dig("qr", [AUTH, "+qr", "www.example.test"], note="+qr: ';; Sending:' and the query, then the answer")
dig("qr-short", [AUTH, "+qr", "+short", "www.example.test"], note="+qr with +short")
dig("qr-tcp", [AUTH, "+qr", "+tcp", "+nsid", "example.test", "SOA"], note="+qr over TCP with NSID asked")
dig("showsearch", ["+showsearch", "www"],
    note="+showsearch: each name the search list makes, with its answer (www.example.test. first)")
dig("showsearch-miss", ["+showsearch", "+noall", "+answer", "ns1.nic"],
    note="+showsearch where the first search name is NXDOMAIN and the second answers")
dig("unknownformat", [AUTH, "+unknownformat", "www.example.test", "+noall", "+answer"],
    note="+unknownformat: A records as \\# 4 C6336450")
dig("unknownformat-mx", [AUTH, "+unknownformat", "example.test", "MX", "+noall", "+answer"],
    note="+unknownformat MX (names uncompressed in the hex)")
dig("nocrypto", [AUTH, "+nocrypto", "+dnssec", "example.test", "DNSKEY", "+noall", "+answer"],
    note="+nocrypto: [key id = N] in place of keys, [omitted] for signatures")
dig("expandaaaa", [AUTH, "+expandaaaa", "www.example.test", "AAAA", "+short"], note="+expandaaaa")
dig("short-identify-multi", [AUTH, "+short", "+identify", "www.example.test"],
    note="+short +identify for two A records")

dig("all-after-noall", [AUTH, "+noall", "+all", "www.example.test"], note="+all after +noall: everything back")
dig("short-noshort", [AUTH, "+short", "+noshort", "www.example.test"], note="+noshort undoes +short")
dig("nomultiline", [AUTH, "+multiline", "+nomultiline", "example.test", "SOA", "+noall", "+answer"],
    note="+nomultiline after +multiline")
dig("class-ch-noclass", [AUTH, "+noclass", "CH", "TXT", "version.bind", "+noall", "+answer"],
    note="+noclass on a CHAOS answer")
dig("answer-authority-additional", [TLD, "+noall", "+authority", "+additional", "www.example.test"],
    note="a referral's authority and additional sections alone")

# ---- query switches -----------------------------------------------------------------------

dig("norecurse-resolver", ["+norecurse", "nsec3.example.test"], note="+norecurse at the resolver")
dig("norecurse-auth", [AUTH, "+norecurse", "www.example.test"], note="+norecurse: no rd, no warning")
dig("recurse-auth-referral", [ROOT, "www.example.test"],
    note="the root's referral to test.: authority and glue, no answer")
dig("tcp", [AUTH, "+tcp", "www.example.test"], note="+tcp: (TCP) on the SERVER line")
dig("vc", [AUTH, "+vc", "www.example.test", "+short"], note="+vc is +tcp")
dig("tcp-resolver", ["+tcp", "www.example.test", "+noall", "+answer", "+stats"], note="+tcp to the resolver")
dig("truncated-retry-tcp", [AUTH, "big.example.test", "TXT", "+nostats"],
    note="the answer is larger than 1232: TC, ';; Truncated, retrying in TCP mode.', then over TCP")
dig("truncated-ignore", [AUTH, "+ignore", "big.example.test", "TXT"],
    note="+ignore: the truncated answer as it came, tc flag")
dig("truncated-bufsize", [AUTH, "+bufsize=512", "+ignore", "txt.example.test", "TXT"],
    note="+bufsize=512: a smaller truncation")
dig("bufsize-big", [AUTH, "+bufsize=65535", "big.example.test", "TXT", "+nostats"],
    note="+bufsize=65535: the whole answer over UDP")
dig("bufsize-0", [AUTH, "+bufsize=0", "www.example.test"], note="+bufsize=0")
dig("time-tries-silent", [SILENT, "www.example.test", "+time=1", "+tries=2"],
    note="a server that never answers: two tries, 'communications error ... timed out', exit 9")
dig("retry-silent", [SILENT, "www.example.test", "+time=1", "+retry=0"], note="+retry=0: one try")
dig("tries-silent-short", [SILENT, "+short", "www.example.test", "+time=1", "+tries=1"],
    note="+short against silence")
dig("ndots-search", ["+ndots=3", "+search", "ns1.nic", "+noall", "+answer"],
    note="+ndots=3: ns1.nic has fewer dots, so the search list goes first")
dig("search-www", ["+search", "www", "+short"], note="+search: www.example.test. from the search list")
dig("nosearch-www", ["+nosearch", "www"], note="+nosearch: the name as given, NXDOMAIN")
dig("default-nosearch", ["www", "+noall", "+answer", "+comments"], note="dig does not search by default")
dig("domain-opt", ["+domain=example.test", "+search", "mail", "+short"], note="+domain=: one search name")
dig("domain-test", ["+domain=test", "ns1.nic", "+noall", "+answer"], note="+domain=test.")
dig("edns0", [AUTH, "+edns=0", "www.example.test"], note="+edns=0")
dig("edns1-badvers", [AUTH, "+edns=1", "+noednsnegotiation", "www.example.test"],
    note="+edns=1: named answers BADVERS, version 0")
dig("edns1-negotiation", [AUTH, "+edns=1", "www.example.test"],
    note="+edns=1: dig repeats the query with version 0 after BADVERS")
dig("noedns", [AUTH, "+noedns", "www.example.test"], note="+noedns: no OPT pseudosection")
dig("noedns-dnssec", [AUTH, "+noedns", "+dnssec", "www.example.test"], note="+dnssec after +noedns turns EDNS back on (flags: do)")
dig("ednsflags", [AUTH, "+ednsflags=0x80", "www.example.test"],
    note="+ednsflags=0x80: an unknown EDNS flag sent; named's reply does not echo it")
dig("ednsflags-qr", [AUTH, "+qr", "+ednsflags=0x4000", "www.example.test", "+nostats"],
    note="+ednsflags in the query's OPT as +qr shows it")
dig("ednsopt-unknown", [AUTH, "+qr", "+ednsopt=65001:c0ffee", "www.example.test", "+nostats"],
    note="+ednsopt=CODE:HEX: an option named does not know, shown in the query")
dig("ednsopt-named", [AUTH, "+qr", "+ednsopt=nsid", "www.example.test", "+nostats"],
    note="+ednsopt=nsid by name")
dig("nsid", [AUTH, "+nsid", "www.example.test"], note="+nsid: named has no server-id set: no NSID in the reply")
dig("expire", [AUTH, "+expire", "example.test", "SOA"], note="+expire: 'EXPIRE: 1209600 (2 weeks)'")
dig("expire-resolver", ["+expire", "example.test", "SOA", "+noall", "+comments"],
    note="+expire to a resolver: no EXPIRE in its reply")
dig("subnet", [AUTH, "+subnet=198.51.100.0/24", "www.example.test"], note="+subnet: CLIENT-SUBNET sent")
dig("subnet-qr", [AUTH, "+qr", "+subnet=2001:db8::/48", "www.example.test", "+nostats"],
    note="+subnet with an IPv6 prefix, in the query")
dig("subnet-resolver", ["+subnet=198.51.100.0/24", "www.example.test", "+nostats"],
    note="+subnet to the resolver (named answers with the scope)")
dig("subnet-zero", [AUTH, "+qr", "+subnet=0", "www.example.test", "+nostats"], note="+subnet=0: 0.0.0.0/0")
dig("cookie-default", [AUTH, "+cookie", "www.example.test"], note="+cookie (the default)")
dig("nocookie", [AUTH, "+nocookie", "www.example.test"], note="+nocookie: no COOKIE")
dig("cookie-value", [AUTH, "+cookie=0123456789abcdef", "www.example.test"],
    note="+cookie=V: the client cookie given, a new server cookie")
dig("cookie-value-qr", [AUTH, "+qr", "+cookie=0123456789abcdef", "www.example.test", "+nostats"],
    note="+cookie=V in the query")
dig("dnssec-auth", [AUTH, "+dnssec", "www.example.test"], note="+dnssec: do flag, RRSIG")
dig("dnssec-resolver", ["+dnssec", "www.example.test"], note="+dnssec at the resolver: ad, RRSIG")
dig("dnssec-resolver-short", ["+dnssec", "+short", "example.test", "MX"], note="+dnssec +short")
dig("cd", ["+cd", "www.example.test", "+noall", "+comments"], note="+cd: cd flag, no ad")
dig("adflag-off", ["+noadflag", "www.example.test"], note="+noadflag: no ad asked, none given")
dig("adflag-auth", [AUTH, "+adflag", "www.example.test"], note="+adflag (default) at the primary: no ad")
dig("aaflag", [AUTH, "+aaflag", "+qr", "www.example.test", "+nostats"], note="+aaflag: aa set in the query")
dig("opcode-status", [AUTH, "+opcode=status", "www.example.test"], note="+opcode=status: NOTIMP")
dig("opcode-notify", [AUTH, "+opcode=notify", "example.test", "SOA"], note="+opcode=notify")
dig("opcode-number", [AUTH, "+opcode=3", "www.example.test"], note="+opcode=3 (unassigned): RESERVED3, NOTIMP")
dig("opcode-update", [AUTH, "+opcode=update", "example.test", "SOA"], note="+opcode=update: an unsigned update, REFUSED, the ZONE SECTION heading")
dig("header-only", [AUTH, "+header-only", "www.example.test"], note="+header-only: no question sent")
dig("zflag", [AUTH, "+zflag", "+qr", "www.example.test", "+nostats"], note="+zflag: the Z bit in the query")
dig("padding", [AUTH, "+padding=128", "+qr", "+tcp", "www.example.test", "+nostats"],
    note="+padding=128: the query padded")
dig("keepalive", [AUTH, "+keepalive", "+tcp", "www.example.test"],
    note="+keepalive over TCP: 'TCP KEEPALIVE: 30.0 secs'")
dig("keepalive-udp", [AUTH, "+keepalive", "www.example.test"], note="+keepalive over UDP: named sends none")
dig("keepopen", [AUTH, "+keepopen", "+tcp", "+short", "www.example.test", "mail.example.test"],
    note="+keepopen: one TCP connection for two queries")
dig("besteffort", [AUTH, "+besteffort", "www.example.test", "+short"], note="+besteffort (nothing to mend)")
dig("fail", [AUTH, "+fail", "nosuch.example.test", "+short"], note="+fail")
dig("ednsneg", [AUTH, "+ednsnegotiation", "www.example.test", "+short"], note="+ednsnegotiation")
dig("ttlid-resolver", ["+noall", "+answer", "www.example.test"], note="the resolver's TTLs: counted down")

dig("tcp-ignore-big", [AUTH, "+tcp", "+ignore", "big.example.test", "TXT", "+noall", "+answer"],
    note="+ignore over TCP: nothing truncated, the whole answer")
dig("notcp-big", [AUTH, "+notcp", "+noall", "+comments", "big.example.test", "TXT"],
    note="+notcp (the default): TC, then the retry over TCP")
dig("ixfr-onesoa", [AUTH, "example.test", "IXFR=%d" % SERIAL, "-y", TSIG, "+onesoa", "+nostats"],
    note="+onesoa on an IXFR")
dig("x-b-source", ["-b", "198.51.100.1", "-x", "198.51.100.54", "+short"], note="-x with -b")
dig("p-server6", [AUTH6, "-p", "53", "-t", "MX", "example.test", "+short"], note="-p with an IPv6 @server")

# ---- record types -----------------------------------------------------------------------

for rtype, owner in [("A", "example.test"), ("AAAA", "example.test"), ("NS", "example.test"),
                     ("SOA", "example.test"), ("MX", "example.test"), ("TXT", "example.test"),
                     ("CAA", "example.test"), ("HINFO", "example.test"), ("LOC", "example.test"),
                     ("HTTPS", "example.test"), ("DNSKEY", "example.test"), ("CNAME", "alias.example.test"),
                     ("DNAME", "legacy.example.test"), ("SSHFP", "www.example.test"),
                     ("TLSA", "_443._tcp.www.example.test"), ("SRV", "_sip._tcp.example.test"),
                     ("URI", "_http._tcp.example.test"), ("NAPTR", "naptr.example.test"),
                     ("SVCB", "svc.example.test"), ("TXT", "txt.example.test"), ("DS", "nsec3.example.test"),
                     ("NSEC3PARAM", "nsec3.example.test"), ("NSEC", "www.example.test"),
                     ("TYPE65280", "private.example.test"), ("TYPE65280", "empty.example.test"),
                     ("PTR", "53.100.51.198.in-addr.arpa"), ("PTR", "80.100.51.198.in-addr.arpa")]:
    label = owner.split(".")[0].strip("_")
    dig("type-%s-%s" % (rtype.lower(), label), [AUTH, owner, rtype, "+noall", "+answer"],
        note="%s of %s as dig prints it" % (rtype, owner))
for rtype, owner, extra in [("DS", "nsec3.example.test", []), ("SSHFP", "www.example.test", []),
                            ("TLSA", "_443._tcp.www.example.test", []), ("LOC", "example.test", []),
                            ("SVCB", "svc.example.test", []), ("HTTPS", "example.test", []),
                            ("CAA", "example.test", []), ("NAPTR", "naptr.example.test", []),
                            ("TYPE65280", "private.example.test", []), ("NSEC3PARAM", "nsec3.example.test", []),
                            ("TXT", "big.example.test", ["+tcp"]), ("DNSKEY", "nsec3.example.test", ["+rrcomments"])]:
    label = owner.split(".")[0].strip("_")
    dig("multiline-%s-%s" % (rtype.lower(), label), [AUTH, "+multiline", owner, rtype, "+noall", "+answer"] + extra,
        note="+multiline %s%s" % (rtype, " (%s)" % " ".join(extra) if extra else ""))
dig("multiline-nsec3", [AUTH, "+multiline", "+dnssec", "nosuch.nsec3.example.test", "+noall", "+authority"],
    note="+multiline NSEC3 (with their '; flags' comments) and RRSIG in an NXDOMAIN's authority")
dig("multiline-nsec", [AUTH, "+multiline", "+dnssec", "www.example.test", "NSEC", "+noall", "+answer"],
    note="+multiline NSEC")
dig("split-ds", [AUTH, "+split=16", "nsec3.example.test", "DS", "+noall", "+answer"], note="+split=16 on a DS digest")
dig("split-tlsa", [AUTH, "+split=12", "_443._tcp.www.example.test", "TLSA", "+noall", "+answer"],
    note="+split=12 on TLSA data")
dig("short-ds", [AUTH, "+short", "nsec3.example.test", "DS"], note="+short DS")
dig("short-rrsig", [AUTH, "+short", "+dnssec", "mail.example.test", "A"], note="+short with the RRSIG line")
dig("short-txt-escapes", [AUTH, "+short", "txt.example.test", "TXT"], note="+short TXT: quotes and escapes")
dig("short-soa", [AUTH, "+short", "example.test", "SOA"], note="+short SOA")
dig("idnout", [AUTH, "+idnout", "+short", "www.example.test"], note="+idnout (Debian's dig has IDN support)")
dig("idnin", [AUTH, "+idnin", "+short", "www.example.test"], note="+idnin")
dig("mapped", [AUTH, "+mapped", "+short", "www.example.test"], note="+mapped: deprecated, a warning")
dig("axfr-v6", [AUTH6, "nsec3.example.test", "AXFR", "+nocrypto"], note="a transfer over IPv6")
dig("digrc-several", ["www.example.test", "@198.51.100.53"], files={".digrc": "+noall +answer +ttlunits\n+nocmd\n"},
    env={"HOME": "."}, note="~/.digrc: several options on two lines, every line read")
dig("type-a-full", [AUTH, "example.test", "A"], note="the apex's A, whole output")
dig("type-rrsig", [AUTH, "www.example.test", "RRSIG", "+noall", "+answer"], note="RRSIG asked for")
dig("type-any-tcp", [AUTH, "www.example.test", "ANY", "+tcp", "+noall", "+answer"], note="ANY over TCP")
dig("type-any-udp", [AUTH, "example.test", "ANY", "+nostats"], note="ANY over UDP: named answers with every set it has, signatures too")
dig("type-short-all", [AUTH, "+short", "naptr.example.test", "NAPTR", "svc.example.test", "SVCB",
                       "example.test", "CAA", "example.test", "LOC", "www.example.test", "SSHFP",
                       "private.example.test", "TYPE65280"], note="+short for several types")
dig("type-nsec3-nxdomain", [AUTH, "+dnssec", "nosuch.nsec3.example.test", "+noall", "+authority"],
    note="NXDOMAIN in the NSEC3 zone: NSEC3 records")
dig("type-nsec-nxdomain", [AUTH, "+dnssec", "nosuch.example.test", "+noall", "+authority"],
    note="NXDOMAIN in the NSEC zone: NSEC records")
dig("type-dnskey-short", [AUTH, "+short", "example.test", "DNSKEY"], note="+short DNSKEY")
dig("type-ds-root", [ROOT, "test.", "DS", "+noall", "+answer"], note="test.'s DS from the root")
dig("type-a-ns-glue", [TLD, "example.test", "NS"], note="test.'s referral with glue (AAAA and A)")

# ---- answers: NXDOMAIN, NODATA, CNAME, DNAME, REFUSED, validation ----------------------------

dig("nxdomain-auth", [AUTH, "nosuch.example.test"], note="NXDOMAIN from the primary: SOA in authority")
dig("nxdomain-resolver", ["nosuch.example.test"], note="NXDOMAIN through the validating resolver: ad")
dig("nxdomain-tld", ["nosuch.invalid"], note="NXDOMAIN from the root")
dig("nodata-auth", [AUTH, "www.example.test", "MX"], note="NODATA: NOERROR, no answer, SOA")
dig("nodata-resolver", ["mail.example.test", "TXT"], note="NODATA through the resolver")
dig("cname-auth", [AUTH, "alias.example.test"], note="a CNAME and its target from the zone")
dig("cname-chain-auth", [AUTH, "chain.example.test", "+noall", "+answer"], note="a two-link CNAME chain")
dig("cname-chain-resolver", ["chain.example.test"], note="the chain through the resolver")
dig("dname-auth", [AUTH, "www.legacy.example.test"], note="DNAME: the DNAME, the synthesised CNAME, the answer")
dig("dname-resolver", ["mail.legacy.example.test", "+noall", "+answer"], note="DNAME through the resolver")
dig("refused", [AUTH, "example.com"], note="a zone named does not serve: REFUSED, exit 0")
dig("refused-short", [AUTH, "+short", "example.com"], note="REFUSED with +short")
dig("resolver-nsec3", ["www.nsec3.example.test", "+dnssec", "+noall", "+comments", "+answer"],
    note="the NSEC3 zone validated")
dig("resolver-reverse-unsigned", ["-x", "198.51.100.80", "+noall", "+comments"],
    note="the unsigned reverse zone: no ad")

# ---- +trace and +nssearch -------------------------------------------------------------------

def trace(name, args, note):
    """+trace through the resolver: what its first answer (the root's NS) carries as additional data
    depends on what the resolver has cached (the root server's A and AAAA come once something asked
    for them: a trace does), so the same trace runs once first, and both runs see a cache it filled."""
    return dig(name, args, note=note, setup=[["dig"] + list(args)])


trace("trace-tld", ["+trace", "-4", "ns1.nic.test"],
    note="+trace: the resolver's root NS, then the root's referral, then test.'s answer")
trace("trace-reverse", ["+trace", "-4", "-x", "198.51.100.80"],
    note="+trace of a reverse name: root -> ns1.example.test.")
trace("trace-reverse6", ["+trace", "-6", "@" + dnsserver.RESOLVER[1], "-x", "198.51.100.53"],
    note="+trace over IPv6, from the resolver's IPv6 address")
dig("trace-6-no-v6-resolver", ["+trace", "-6", "-x", "198.51.100.53"],
    note="+trace -6 while resolv.conf names only an IPv4 server: dig tries ::1, refused, exit 9")
trace("trace-nodnssec", ["+trace", "-4", "+nodnssec", "test.", "SOA"], note="+trace +nodnssec: no RRSIG/DS")
trace("trace-noall", ["+trace", "-4", "+noall", "+answer", "a.root-servers.test"], note="+trace +noall +answer")
trace("trace-server", ["+trace", "-4", ROOT, "test.", "NS"],
    note="+trace with @server: the first step asks it (the root) for the root's NS")
trace("trace-tcp", ["+trace", "-4", "+tcp", "ns1.nic.test"], note="+trace over TCP")
trace("trace-short", ["+trace", "-4", "+short", "ns1.nic.test"], note="+trace +short")
trace("trace-u", ["+trace", "-4", "-u", "ns1.nic.test"], note="+trace -u: 'in N us'")
dig("nssearch-4-one-server", ["+nssearch", "-4", "test."],
    note="+nssearch -4 of a zone with one name server: dig 9.18 gives up, 'NS servers could not be "
         "reached', exit 9 (a zone with two answers in the order they arrive: not stable)")
dig("nssearch-6-no-v6-resolver", ["+nssearch", "-6", "test."],
    note="+nssearch -6 with an IPv4 resolver: ::1 refused, the +short banner, exit 9")
dig("nssearch-nxdomain", ["+nssearch", "nosuch.invalid"], note="+nssearch of a name that does not exist: silence")
dig("nssearch-not-zone", ["+nssearch", "www.example.test"], note="+nssearch of a name that has no NS: silence")

# ---- DNS over TLS and HTTPS -----------------------------------------------------------------

dig("tls", [AUTH, "+tls", "www.example.test"], note="+tls: port 853, (TLS) on the SERVER line, no certificate check")
dig("tls6", [AUTH6, "+tls", "www.example.test"], note="+tls over IPv6")
dig("tls-short", [AUTH, "+tls", "+short", "example.test", "MX"], note="+tls +short")
dig("tls-ca", [AUTH, "+tls-ca", "www.example.test"] + QUICK,
    note="+tls-ca: the system's CAs do not know the lab's self-signed certificate")
dig("tls-no-listener", [AUTH2, "+tls", "www.example.test"] + QUICK,
    note="+tls where nobody listens on 853: connection refused")
dig("tls-port", [AUTH, "+tls", "-p", "853", "www.example.test", "+noall", "+answer", "+stats"],
    note="+tls with -p 853")
dig("https-refused", [AUTH, "+https", "www.example.test"] + QUICK, note="+https: nothing on 443, refused")

# ---- usage errors and bad values ------------------------------------------------------------

dig("usage-h", ["-h"], note="-h: usage on stdout, exit 0")
dig("usage-v", ["-v"], note="-v: the version on stderr")
dig("bad-plus-option", [AUTH, "+nosuchoption", "www.example.test"], note="an unknown +option: exit 1")
dig("bad-dash-option", [AUTH, "-Z", "www.example.test"], note="an unknown -option")
dig("bad-type-t", [AUTH, "-t", "NOSUCHTYPE", "www.example.test"], note="-t with an unknown type: a warning on stderr, the query asks for A")
dig("bad-class-c", [AUTH, "-c", "NOSUCH", "www.example.test"], note="-c with an unknown class: a warning, the query asks in IN")
dig("bad-tries", [AUTH, "+tries=x", "www.example.test"], note="+tries=x")
dig("bad-port", [AUTH, "-p", "99999", "www.example.test"], note="-p out of range")
dig("bad-edns", [AUTH, "+edns=300", "www.example.test"], note="+edns=300: out of range")
dig("bad-x", ["-x", "not.an.address"], note="-x of a word that is no address: its labels reversed under in-addr.arpa., NXDOMAIN")
dig("bad-subnet", [AUTH, "+subnet=300.0.0.0/8", "www.example.test"], note="+subnet with a bad address")
dig("bad-ednsopt", [AUTH, "+ednsopt=nosuch", "www.example.test"], note="+ednsopt with an unknown name")
dig("bad-y", [AUTH, "-y", "nocolon", "www.example.test"], note="-y without NAME:SECRET")
dig("bad-server-name", ["@nosuch.example.test", "www.example.test"], note="@server whose name does not resolve")
dig("bad-ixfr", [AUTH, "example.test", "IXFR=abc"], note="IXFR= without a number")
dig("sigchase-gone", [AUTH, "+sigchase", "www.example.test"], note="+sigchase: 9.18 only warns that it is deprecated, and asks")

# ---- the fault server's cases (tests/dig/fault_cases.py) ------------------------------------

CASES += fault_cases.CASES
