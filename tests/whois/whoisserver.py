"""The whois lab's servers: one program playing every registry on port 43.

Stand-alone (standard library only), started by the lab in its "reg"
namespace (tests/whois/labs.py) through tests/lab/spawn.py:

    python3 whoisserver.py

It listens on port 43 (and a few more ports, below) on every address of
the namespace; which registry it plays is chosen by the address a client
connected to (ROLES: the lab's /etc/hosts gives the registries' names those
addresses), and what it answers by the query, the way the real ones do:

  .2  iana        IANA: "refer:" for the TLDs and address blocks it knows
  .3  verisign    a thin registry (.com, .net, .cc): CRLF lines, "   Domain Name:",
                  "   Registrar WHOIS Server:", "   Server Name:" for hosts;
                  "TERMS OF USE: You are not authorized" (hidden by -H to the end)
  .4  afilias     an Afilias-style registry (.bz's "RECURSIVE"): "Domain Name:",
                  "Registrar WHOIS Server:" at column 0
  .5  arin        ARIN: "n + ADDR", "a ASN", "r + = NET"; ReferralServer lines
                  (whois://, rwhois://host:port/) for blocks other RIRs hold
  .6  rir         RIPE, APNIC, AFRINIC, LACNIC, JPNIC, KRNIC: RPSL objects,
                  the query echoed ("% Query: ..."), ISO-8859-1 bytes; on port
                  4321 an rwhois server; "% referto:" for 6bone-style names
  .7  registry    every thick registry and registrar: a reply built from the
                  query's TLD (its charset, its disclaimer: PIR, DENIC, DNS
                  Belgium, EURid, CentralNic, MarkMonitor, ...) and first label
  .8  loop        port P refers to port P+1 (43 -> 4301 -> ... -> 4320, which ends)
  .9  stall       one line, then silence (the case stops whois)
  .10 earlyclose  reads the query, sends half a line, closes
  .11 huge        a long reply: HUGE_LINES lines, some longer than fgets' 1999 bytes
  .12 garbage     NULs, lone CRs, invalid UTF-8, lines of 1998..2001 bytes
  .13 reset       a few lines, then a TCP reset (SO_LINGER 0)
  (.14 has no server: connections are refused)

It listens on those addresses only (and 2001:db8:1::6, the RIRs' IPv6 one).

Each connection: read up to CRLF (or EOF), answer, close.
"""
import socket
import struct
import sys
import threading
import time

ROLES = {2: "iana", 3: "verisign", 4: "afilias", 5: "arin", 6: "rir", 7: "registry", 8: "loop", 9: "stall",
         10: "earlyclose", 11: "huge", 12: "garbage", 13: "reset"}
LOOP_PORTS = range(4301, 4321)
EXTRA_PORTS = [4321, 4343] + list(LOOP_PORTS)
HUGE_LINES = 6000

IANA_REFER = {
    "com": "whois.verisign-grs.com", "net": "whois.verisign-grs.com", "org": "whois.pir.org",
    "de": "whois.denic.de", "xyz": "whois.nic.xyz", "be": "whois.dns.be", "eu": "whois.eu",
    "loop": "whois.loop.test", "bz": "whois.afilias-grs.info", "193": "whois.ripe.net",
    "200": "whois.lacnic.net", "stall": "whois.stall.test",
}


def lines(*items):
    return "".join(item + "\n" for item in items).encode("utf-8")


def crlf(*items):
    return "".join(item + "\r\n" for item in items).encode("utf-8")


# ---- the registries --------------------------------------------------------------------------

def iana(query, port):
    last = query.rstrip(".").split(".")[-1].lower() if query else ""
    head = lines("% IANA WHOIS server", "% for more information on IANA, visit http://www.iana.org")
    refer = IANA_REFER.get(last)
    if refer is None:
        return head + lines("% This query returned 0 objects.")
    return head + lines("% This query returned 1 object", "", "refer:        %s" % refer, "",
                        "domain:       %s" % last.upper(), "", "organisation: Lab Registry Operator",
                        "address:      198.51.100.1", "", "whois:        %s" % refer, "",
                        "status:       ACTIVE", "remarks:      Registration information: http://lab.example",
                        "", "created:      1985-01-01", "changed:      2026-01-01", "source:       IANA")


VERISIGN_TERMS = ["TERMS OF USE: You are not authorized to access or query our Whois",
                  "database through the use of electronic processes that are high-volume and",
                  "automated except as reasonably necessary to register domain names or",
                  "modify existing registrations."]

# the registrar each .com/.net name of the lab is referred to (first label)
REGISTRARS = {
    "example": "whois.markmonitor.com", "godaddy": "whois.godaddy.com", "tucows": "whois.tucows.com",
    "loop": "whois.loop.test", "stall": "whois.stall.test", "early": "whois.earlyclose.test",
    "huge": "whois.huge.test", "garbage": "whois.garbage.test", "reset": "whois.reset.test",
    "refused": "whois.refused.test", "unknown": "whois.nowhere.test", "port": "whois.registry.test:4343",
    "upper": "WHOIS.MarkMonitor.COM", "spaced": "whois.markmonitor.com trailing words", "blank": "",
}


def verisign(query, port):
    words = query.split()
    name = words[-1] if words else ""
    label = name.split(".")[0].lower()
    if words[:1] != ["domain"] and name.count(".") >= 2:  # a name server
        if label.startswith("ns"):
            return crlf("   Server Name: %s" % name.upper(), "   IP Address: 198.51.100.53",
                        "   Registrar: Lab Registrar, Inc.", "   Registrar WHOIS Server: whois.markmonitor.com",
                        "", ">>> Last update of whois database: 2026-12-03T10:00:00Z <<<", "") + \
                crlf(*VERISIGN_TERMS)
        return crlf('No match for nameserver "%s".' % name.upper(), "",
                    ">>> Last update of whois database: 2026-12-03T10:00:00Z <<<", "") + crlf(*VERISIGN_TERMS)
    if label in ("nomatch", "nothing") or label not in REGISTRARS and label != "noregistrar":
        return crlf('No match for "%s".' % name.upper(), ">>> Last update of whois database: "
                    "2026-12-03T10:00:00Z <<<", "", "NOTICE: The expiration date displayed in this record "
                    "is the date the", "") + crlf(*VERISIGN_TERMS)
    out = ["   Domain Name: %s" % name.upper(), "   Registry Domain ID: 2336799_DOMAIN_COM-VRSN"]
    if label != "noregistrar":
        out.append("   Registrar WHOIS Server: %s" % REGISTRARS[label])
    out += ["   Registrar URL: http://www.registrar.example", "   Updated Date: 2026-08-14T07:01:38Z",
            "   Creation Date: 1995-08-14T04:00:00Z", "   Registrar: Lab Registrar, Inc.",
            "   Name Server: NS1.%s" % name.upper(), "   DNSSEC: signedDelegation",
            ">>> Last update of whois database: 2026-12-03T10:00:00Z <<<", "",
            "NOTICE: The expiration date displayed in this record is the date the",
            "registrar's sponsorship of the domain name registration in the registry is"]
    return crlf(*out) + crlf("") + crlf(*VERISIGN_TERMS)


def afilias(query, port):
    label = query.split(".")[0].lower()
    if label == "nomatch":
        return lines("NOT FOUND")
    out = ["Domain Name: %s" % query.upper(), "Registry Domain ID: D1234-LRMS"]
    if label != "noregistrar":
        out.append("Registrar WHOIS Server: %s" % ("whois.markmonitor.com" if label != "loop" else "whois.loop.test"))
    out += ["Registrar: Lab Registrar", "Name Server: NS1.LAB.EXAMPLE", "",
            "Access to AFILIAS WHOIS information is provided to assist persons in",
            "determining the contents of a domain name registration record."]
    return lines(*out)


def arin(query, port):
    words = query.split()
    head = lines("", "#", "# ARIN WHOIS data and services are subject to the Terms of Use", "#", "")
    if words[:1] == ["a"] and len(words) == 2:
        asn = words[1]
        refer = "whois://whois.ripe.net" if asn in ("3333", "2500") else None
        body = ["ASNumber:       %s" % asn, "ASName:         LAB-AS", "OrgName:        Lab Networks"]
        if refer:
            body.append("ReferralServer: %s" % refer)
        return head + lines(*body) + lines("", "#", "# ARIN WHOIS data ends", "#")
    target = words[-1] if words else ""
    first = target.split(".")[0].split(":")[0]
    body = ["NetRange:       %s - %s" % (target, target), "CIDR:           %s" % target,
            "NetName:        LAB-NET", "NetType:        Allocated to ARIN" if first in ("23", "10") else
            "NetType:        Allocated to another RIR", "Organization:   Lab Networks (LAB)"]
    refer = {"193": "whois://whois.ripe.net", "200": "whois://whois.lacnic.net/", "41": "whois://whois.afrinic.net",
             "1": "whois://whois.apnic.net", "208": "rwhois://rwhois.example.net:4321/",
             "205": "rwhois://whois.loop.test:4301", "206": "whois://whois.refused.test",
             "207": "http://www.arin.net/"}.get(first)
    if refer:
        body.append("ReferralServer: %s" % refer)
        body.append("ReferralServer: whois://whois.second.test")
    return head + lines(*body) + lines("", "OrgName:        Lab Networks", "Country:        US", "",
                                       "#", "# ARIN WHOIS data and services are subject to the Terms of Use", "#")


def rir(query, port):
    if port == 4321:
        return lines("%rwhois V-1.5:003fff:00 rwhois.example.net (by Network Solutions, Inc. V-1.5.9.6)",
                     "network:Class-Name:network", "network:Auth-Area:204.0.0.0/14",
                     "network:Network-Name:LAB-RWHOIS", "network:IP-Network:%s" % query.split()[-1], "%ok")
    out = ["% This is the RIPE Database query service.", "% The objects are in RPSL format.", "",
           "% Query: " + query, ""]
    target = query.split()[-1] if query.split() else ""
    if target.startswith("6bone"):
        out += ["% referto: whois -h whois.arin.net -p 43 n + 193.0.0.1"]
    out += ["inetnum:        %s - %s" % (target, target), "netname:        LAB-NET",
            "descr:          R\xe9seaux IP Europ\xe9ens Network Coordination Centre",
            "country:        NL", "source:         RIPE", "", "% This query was served by the lab."]
    return "".join(line + "\n" for line in out).encode("latin-1", "replace")


# (first line, the rest): the disclaimers the registries of the lab print
DISCLAIMERS = {
    "org": ["Access to Public Interest Registry WHOIS information is provided to assist persons in",
            "determining the contents of a domain name registration record."],
    "be": ["% The WHOIS service offered by DNS Belgium and the access to the records",
           "% is provided for information purposes only.", ""],
    "eu": ["% The WHOIS service offered by EURid and the access to the records in the EURid WHOIS",
           "% database are provided for information purposes only. It allows persons to check",
           "% whether a specific domain name is still available or not and to obtain information",
           "% of the database"],
    "xyz": ["The Whois and RDAP services are provided by CentralNic, and contain",
            "information pertaining to Internet domain names registered by our", ""],
    "com": ["The Data in MarkMonitor.com's WHOIS database is provided by MarkMonitor.com for",
            "information purposes."],
    "net": ["The data contained in GoDaddy.com, LLC's WhoIs database,", "while believed by the company"],
    "cr": ["%  *The information provided by the Costa Rica registry", "% is for information only",
           "% https://www.nic.cr/iniciar-sesion/?next=/mi-cuenta/", "% after the end"],
}
CHARSET_TEXT = {
    "de": ("utf-8", "Domain: {q}\nNserver: ns1.m\xfcller.de\nStatus: connect\nHolder: J\xfcrgen M\xfcller\n"),
    "br": ("latin-1", "domain:      {q}\nowner:       Jos\xe9 da Concei\xe7\xe3o\ncountry:     BR\n"),
    "kg": ("cp1251", "Domain {q}\nAdministrative Contact: \u0418\u0432\u0430\u043d\n"),
    "jp": ("iso2022_jp", "[Domain Name]                   {q}\n[\u767b\u9332\u8005\u540d]                      "
           "\u682a\u5f0f\u4f1a\u793e\n[Name Server]                   ns1.example.jp\n"),
    "xyz": ("utf-8", "Domain Name: {q}\nRegistrant Organization: Caf\xe9 \u2615\n"),
}


def registry(query, port):
    if port == 4343:
        return lines("% port 4343 of the registry", "Query: " + query)
    words = query.split()
    name = words[-1].split("/")[0] if words else ""
    tld = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    label = name.split(".")[0].lower()
    out = b""
    if label == "broken" and tld in DISCLAIMERS:
        return lines(DISCLAIMERS[tld][0], "and the end of it never comes", "Domain: " + name)
    if tld in DISCLAIMERS and tld not in ("com", "net", "org"):
        out += lines(*DISCLAIMERS[tld])
    charset, text = CHARSET_TEXT.get(tld, ("utf-8", "Domain Name: {q}\nRegistrar: Lab Registrar\n"))
    out += lines("% Query: " + query) + text.replace("{q}", name).encode(charset, "replace")
    if tld == "jp":
        out += b"\x1b$B\x25\x22\x1b(B trailing\n"
    if tld == "org":
        out += lines("", *DISCLAIMERS[tld])
    if tld in ("com", "net"):
        out += lines("Registrar WHOIS Server: whois.markmonitor.com", "", *DISCLAIMERS[tld])
        out += lines("more text after the disclaimer")
    return out


def loop(query, port):
    if port == 43:
        return lines("% loop: port 43", "ReferralServer: rwhois://whois.loop.test:4301/")
    if port < LOOP_PORTS[-1]:
        return lines("% loop: port %d" % port, "ReferralServer: rwhois://whois.loop.test:%d/" % (port + 1))
    return lines("% loop: port %d, the end" % port)


def huge(query, port):
    out = []
    for i in range(HUGE_LINES):
        if i % 500 == 7:
            out.append(("long line %d " % i).encode() + b"x" * (1990 + i % 23) + b"<end\n")
        else:
            out.append(("line %05d of a long whois reply for %s: lorem ipsum dolor sit amet\n" % (i, query)).encode())
    return b"".join(out)


def garbage(query, port):
    return (b"plain line\n" + b"a NUL\0 and what follows it\n" + b"lone CR\rhidden part\n" +
            b"CRLF line\r\n" + b"invalid utf-8 \xff\xfe \xc3\x28 latin-1 \xe9t\xe9\n" +
            b"a" * 1997 + b"\n" + b"b" * 1998 + b"\n" + b"c" * 1999 + b"\n" + b"d" * 2000 + b"\n" +
            b"e" * 3998 + b"\n" + b"\0starts with NUL\n" + b"\n\n" + b"\tTAB\x1b[1mESC\x7f\n" +
            b"ReferralServer: whois://whois.ripe.net\0hidden\n" +
            b"no newline at the end")


# ---- serving -----------------------------------------------------------------------------------

def read_query(conn):
    data = b""
    conn.settimeout(5)
    try:
        while b"\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data.split(b"\n")[0].rstrip(b"\r").decode("utf-8", "replace")


def serve(conn, role, port):
    try:
        query = read_query(conn)
        if role == "stall":
            conn.sendall(b"% stalling now\n")
            time.sleep(30)
        elif role == "earlyclose":
            if "empty" not in query:
                conn.sendall(b"% half a li")
        elif role == "reset":
            conn.sendall(lines("% three lines", "% then a reset", "% now"))
            time.sleep(0.2)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            conn.sendall(globals()[role](query, port))
    except OSError:
        pass
    finally:
        conn.close()


def accept_loop(listener):
    port = listener.getsockname()[1]
    while True:
        conn, _ = listener.accept()
        local = conn.getsockname()[0]
        last = int(local.rsplit(":" if ":" in local else ".", 1)[-1], 16 if ":" in local else 10)
        role = ROLES.get(last)
        if role is None:
            conn.close()
            continue
        if role == "loop" or port == 43 or port in (4321, 4343):
            threading.Thread(target=serve, args=(conn, role, port), daemon=True).start()
        else:
            conn.close()


def main():
    threads = []
    addresses = [(socket.AF_INET, "198.51.100.%d" % last) for last in sorted(ROLES)]
    addresses.append((socket.AF_INET6, "2001:db8:1::6"))
    for family, host in addresses:
        for port in [43] + EXTRA_PORTS:
            listener = socket.socket(family, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.setsockopt(socket.IPPROTO_IP, 15, 1)  # IP_FREEBIND: the address may come a moment later
            listener.bind((host, port))
            listener.listen(64)
            thread = threading.Thread(target=accept_loop, args=(listener,), daemon=True)
            thread.start()
            threads.append(thread)
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    sys.exit(main())
