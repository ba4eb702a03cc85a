"""dig's SPEC for pynettools.docgen (man page and completions); not loaded at run time.

The +options are the leaves of args.PLUS_TREE, dig's own switch tree; each
help text ends with the shortest word dig takes for it, worked out from that
tree (tests/dig/test_dig_docs.py checks the list against the tree and every
spelling and abbreviation against args.parse).
"""
from pynettools.tools.dig.args import OPCODES, PLUS_TREE, RDATACLASSES, RDATATYPES, _fullcheck, _walk

# The +keywords whose abbreviations dig reads past the end of the word (its
# HTTP branch looks at fixed offsets): only their full names are safe.
HTTP_NAMES = ("https", "https-get", "https-post", "http-plain", "http-plain-get", "http-plain-post")


def shortest(name):
    """The shortest word that dig's switch tree and prefix check take as +name."""
    if name in HTTP_NAMES:
        return name
    for end in range(1, len(name) + 1):
        word = name[:end]
        leaf = _walk(PLUS_TREE, word)
        if leaf is None:
            continue
        names = leaf.lstrip("=").split("|")
        if name in names and (leaf.startswith("=") or _fullcheck(word, names)):
            return word
    return name


def plus_name(label):
    """"+[no]edns" -> "edns"; "+ndots=" -> "ndots"."""
    return label.replace("+[no]", "+")[1:].rstrip("=")


def _plus(label, metavar, text):
    name = plus_name(label)
    short = shortest(name)
    if short != name:
        text += " (shortest: +%s)" % short
    return (label, None, metavar, text)


# The types a bare word or -t may name, as dig -h writes them (lower case);
# ixfr needs its serial (ixfr=N), so it is not offered alone.
QUERY_TYPES = sorted(name for name in RDATATYPES if name != "ixfr")
QUERY_CLASSES = ["in", "ch", "chaos", "hs", "hesiod", "none", "any"]
assert set(QUERY_CLASSES) <= set(RDATACLASSES)

DASH_OPTIONS = [
    ("-4", None, None, "IPv4 only: queries go over IPv4, and an IPv6 server address is refused"),
    ("-6", None, None, "IPv6 only: queries go over IPv6, and an IPv4 server address is refused"),
    ("-b", None, "address[#port]", "bind each query's socket to this local address (and port) first"),
    ("-c", None, "class", "the query class (in, ch, hs, none, any, or CLASSnnn); after -c or -t, "
                          "every bare word is a name"),
    ("-d", None, None, "debugging: the real dig traces its internal steps on standard error "
                       "(not reproduced here: see DIFFERENCES)"),
    ("-f", None, "filename", "batch mode: one dig command line per line of the file (- for "
                             "standard input), run one after the other"),
    ("-h", None, None, "print the usage and the list of options on standard output, exit 0"),
    ("-i", None, None, "obsolete (reverse lookups under ip6.int); accepted and ignored"),
    ("-k", None, "keyfile", "sign the queries with the TSIG key in this file (a key statement, as "
                            "tsig-keygen writes it)"),
    ("-m", None, None, "memory usage debugging in BIND; accepted, no effect"),
    ("-n", None, None, "obsolete; accepted and ignored"),
    ("-p", None, "port", "the servers' port (53; 853 for +tls, 443 for +https, 80 for +http-plain)"),
    ("-q", None, "name", "the query name, even when it reads as a type or a class"),
    ("-r", None, None, "do not read ~/.digrc"),
    ("-t", None, "type", "the query type (a, mx, any, axfr, TYPEnnn, ...); ixfr=N asks for an "
                         "incremental transfer from serial N"),
    ("-u", None, None, "print the query time in microseconds"),
    ("-v", None, None, "print the version on standard error, exit 0"),
    ("-x", None, "address", "reverse lookup: the PTR record of the address's name under "
                            "in-addr.arpa or ip6.arpa"),
    ("-y", None, "[hmac:]name:key", "sign the queries with this TSIG key (base64 secret; "
                                    "hmac-sha256 and the others, hmac-md5 when left out)"),
]

PLUS_OPTIONS = [
    _plus("+[no]aaflag", None, "set the AA bit in the query (the same as +aaonly)"),
    _plus("+[no]aaonly", None, "set the AA bit in the query (the same as +aaflag)"),
    _plus("+[no]additional", None, "print the additional section"),
    _plus("+[no]adflag", None, "set the AD bit in the query (on by default)"),
    _plus("+[no]all", None, "all the display switches at once: +cmd, +comments, +question, "
                            "+answer, +authority, +additional and +stats"),
    _plus("+[no]answer", None, "print the answer section"),
    _plus("+[no]authority", None, "print the authority section"),
    _plus("+[no]badcookie", None, "after a BADCOOKIE answer, ask again with the cookie the server "
                                  "sent (on by default)"),
    _plus("+[no]besteffort", None, "print what can be read of a malformed reply (on by default)"),
    _plus("+bufsize", "[=N]", "the UDP payload size advertised in EDNS (0 to 65535; "
                              "1232 when no value is given)"),
    _plus("+[no]cdflag", None, "set the CD bit (checking disabled) in the query"),
    _plus("+[no]class", None, "print the class column of each record (+cl does too)"),
    _plus("+[no]cmd", None, "print the \"; <<>> DiG\" line that repeats the command line, and "
                            "the global options line (global)"),
    _plus("+[no]coflag", None, "set the CO flag (compact denial of existence) in EDNS"),
    _plus("+[no]comments", None, "print the header lines and the section titles"),
    _plus("+[no]cookie", "[=HEX]", "send an EDNS COOKIE option (on by default): dig's client "
                                   "cookie, or this hex string"),
    _plus("+[no]crypto", None, "print keys and signatures; +nocrypto shows [omitted] instead"),
    _plus("+[no]defname", None, "an old name of +search"),
    _plus("+[no]dns64prefix", None, "ask for the AAAA records of ipv4only.arpa, which a DNS64 "
                                    "resolver makes from its prefixes, and print those prefixes, "
                                    "one per line (64:ff9b::/96)"),
    _plus("+[no]dnssec", None, "set the DO bit in EDNS: ask for DNSSEC records (+do does too)"),
    _plus("+domain=", "NAME", "search NAME alone, instead of resolv.conf's list, and turn +search on"),
    _plus("+[no]dscp", "[=N]", "obsolete: dig says so and changes nothing"),
    _plus("+[no]edns", "[=N]", "the EDNS version (0 by default); +noedns sends no OPT record"),
    _plus("+[no]ednsflags", "[=N]", "set EDNS flag bits that have no name (decimal, 0x hex or 0 "
                                    "octal); +noednsflags clears them"),
    _plus("+[no]ednsnegotiation", None, "when the server answers BADVERS, ask again with its EDNS "
                                        "version (on by default)"),
    _plus("+[no]ednsopt=", "CODE[:HEX]", "add an EDNS option: a code point (a number, or NSID, ECS, "
                                         "COOKIE, EXPIRE, KEEPALIVE, PADDING, CHAIN, KEY-TAG, EDE, "
                                         "CLIENT-TAG, SERVER-TAG, ...) and its data in hex; may be "
                                         "repeated; +noednsopt drops them all"),
    _plus("+[no]expandaaaa", None, "print IPv6 addresses in full: eight groups of four hex digits"),
    _plus("+[no]expire", None, "send an EDNS EXPIRE option"),
    _plus("+[no]fail", None, "a SERVFAIL answer ends the query (on by default); +nofail tries the "
                             "next server"),
    _plus("+[no]fuzztime", "[=N]", "for fuzzing: sign with this fixed time (1646972129 when no "
                                   "value is given) instead of the clock"),
    _plus("+[no]header-only", None, "send a query with no question section"),
    _plus("+[no]http-plain", "[=PATH]", "DNS over plain HTTP (port 80, POST; the path is "
                                        "/dns-query when none is given)"),
    _plus("+[no]http-plain-get", "[=PATH]", "DNS over plain HTTP with GET"),
    _plus("+[no]http-plain-post", "[=PATH]", "DNS over plain HTTP with POST"),
    _plus("+[no]https", "[=PATH]", "DNS over HTTPS (port 443, POST; the path is /dns-query when "
                                   "none is given)"),
    _plus("+[no]https-get", "[=PATH]", "DNS over HTTPS with GET"),
    _plus("+[no]https-post", "[=PATH]", "DNS over HTTPS with POST"),
    _plus("+[no]identify", None, "with +short, add which server answered, and how fast"),
    _plus("+[no]idnin", None, "convert international names typed to their ASCII form (on when "
                              "standard output is a terminal and IDN_DISABLE is unset)"),
    _plus("+[no]idnout", None, "print international names in the reply decoded (on when standard "
                               "output is a terminal and IDN_DISABLE is unset)"),
    _plus("+[no]ignore", None, "keep a truncated (TC) UDP answer instead of asking again over TCP"),
    _plus("+[no]keepalive", None, "send an EDNS TCP KEEPALIVE option"),
    _plus("+[no]keepopen", None, "keep a TCP connection open for the next query to the same "
                                 "server (global)"),
    _plus("+[no]mapped", None, "deprecated: dig says so and changes nothing"),
    _plus("+[no]multiline", None, "print long records over several lines, in parentheses, with "
                                  "comments"),
    _plus("+ndots=", "N", "a name with fewer than N dots is tried with the search list first "
                          "(resolv.conf's ndots, else 1)"),
    _plus("+[no]nsid", None, "send an EDNS NSID option: ask the server for its name"),
    _plus("+[no]nssearch", None, "find the zone's name servers and ask each of them for the "
                                 "zone's SOA record"),
    _plus("+[no]onesoa", None, "in a zone transfer, print the first SOA record only"),
    _plus("+[no]opcode=", "N", "the query's opcode: a number (0 to 15) or query, iquery, status, "
                               "notify, update; +noopcode sets QUERY"),
    _plus("+padding=", "N", "pad the query with an EDNS PADDING option to a multiple of N bytes "
                            "(0 to 512)"),
    _plus("+[no]qid=", "N", "the query's message ID (0 to 65535) instead of a random one"),
    _plus("+[no]qr", None, "print each query as it is sent"),
    _plus("+[no]question", None, "print the question section"),
    _plus("+[no]raflag", None, "set the RA bit in the query"),
    _plus("+[no]rdflag", None, "set the RD bit: ask for recursion (the same as +recurse)"),
    _plus("+[no]recurse", None, "set the RD bit: ask for recursion (on by default)"),
    _plus("+retry=", "N", "ask a server that does not answer over UDP N more times (2; also "
                          "+retries=N)"),
    _plus("+[no]rrcomments", None, "print comments after records (DNSKEY key tags and the like)"),
    _plus("+[no]search", None, "try a name with too few dots (+ndots) with the search list's "
                               "domains"),
    _plus("+[no]short", None, "print only the data of each answer record, one per line (global)"),
    _plus("+[no]showbadcookie", None, "print the BADCOOKIE answer too, before asking again"),
    _plus("+[no]showsearch", None, "print the answer of each domain of the search list tried"),
    _plus("+[no]sigchase", None, "deprecated: dig says so and changes nothing"),
    _plus("+[no]split=", "W", "split hex and base64 data into words of W characters (a multiple "
                              "of 4; 0 or +nosplit: no splitting)"),
    _plus("+[no]stats", None, "print the statistics after the answer (query time, server, when, "
                              "size)"),
    _plus("+[no]subnet=", "ADDR[/LEN]", "send an EDNS CLIENT-SUBNET option for this network "
                                        "(0: ask not to use one)"),
    _plus("+[no]tcflag", None, "set the TC bit in the query"),
    _plus("+[no]tcp", None, "use TCP (the same as +vc); AXFR always does, IXFR and ANY do "
                            "unless +notcp"),
    _plus("+timeout=", "N", "wait N seconds for each answer (5 for UDP, 10 for TCP; 0 means 1)"),
    _plus("+[no]tls", None, "DNS over TLS (port 853)"),
    _plus("+[no]tls-ca", "[=FILE]", "check the server's TLS certificate, against FILE or the "
                                    "system's certificate authorities"),
    _plus("+[no]tls-certfile=", "FILE", "the client certificate for TLS"),
    _plus("+[no]tls-hostname=", "NAME", "the name the server's TLS certificate must carry"),
    _plus("+[no]tls-keyfile=", "FILE", "the client certificate's private key for TLS"),
    _plus("+[no]topdown", None, "deprecated: dig says so and changes nothing"),
    _plus("+[no]trace", None, "follow the delegations from the root down to the name, printing "
                              "each referral"),
    _plus("+tries=", "N", "ask a server over UDP up to N times in all (3, or resolv.conf's "
                          "attempts; 0 means 1)"),
    _plus("+[no]trusted-key", None, "deprecated: dig says so and changes nothing"),
    _plus("+[no]ttlid", None, "print the TTL column of each record (+ttl does too)"),
    _plus("+[no]ttlunits", None, "print TTLs in units: 1w2d3h4m5s"),
    _plus("+[no]unexpected", None, "deprecated: dig says so and changes nothing"),
    _plus("+[no]unknownformat", None, "print every record's data in the generic form of RFC 3597 "
                                      "(\\# length hex)"),
    _plus("+[no]vc", None, "use TCP (the same as +tcp)"),
    _plus("+[no]yaml", None, "print the results as YAML"),
    _plus("+[no]zflag", None, "set the last unassigned header bit (Z, 0x0040) in the query"),
]

SPEC = {
    "name": "dig",
    "section": "1",
    "summary": "ask DNS servers questions and print their answers (DNS lookup utility)",
    "synopsis": [
        "dig [@server] [-b address[#port]] [-c class] [-f filename] [-k keyfile] [-m] [-p port#] "
        "[-q name] [-t type] [-v] [-x addr] [-y [hmac:]name:key] [-4] [-6] [name] [type] [class] "
        "[queryopt...]",
        "dig [-h]",
        "dig [global-queryopt...] [query...]",
    ],
    "options": DASH_OPTIONS + PLUS_OPTIONS,
    "completions": {
        "-c": QUERY_CLASSES,
        "-t": QUERY_TYPES,
        "-f": "files",
        "-k": "files",
        "-b": "value",
        "-p": "value",
        "-q": "hosts",
        "-x": "value",
        "-y": "value",
        "+opcode": [_name.lower() for _name in OPCODES[:6] if not _name.startswith("RESERVED")],
        "+tls-ca": "files",
        "+tls-certfile": "files",
        "+tls-keyfile": "files",
        "+tls-hostname": "hosts",
        "hosts": "hosts",
        "keywords": QUERY_TYPES + QUERY_CLASSES,
        "@": "hosts",
    },
    "man": """\
        dig sends a question to DNS servers and prints the answer: the whole reply
        message, section by section, in the zone-file format of BIND's tools, or
        with +short just the data.  It is the dig of BIND 9.18 as Debian 12 ships it
        (bind9-dnsutils): the same output, messages and exit status.

        A query is a name, a type and a class, each optional: `dig example.org mx`
        asks for the MX records of example.org, class IN.  With no name at all dig
        asks for the root's NS records.  The servers asked are those named with
        @server (an address, or a name dig looks up first), else the nameserver
        lines of /etc/resolv.conf.

        How the command line is read: dig takes its words from left to right.  A word that starts with @ names a
        server, one that starts with - is a dash option, one that starts with + a
        query option; anything else is a type if it is one (a, mx, TYPE65534), else
        a class (in, ch, CLASS3), else a name.  After -t or -c every bare word is a
        name.  Each name starts a new query, so one command line can hold several:
        `dig a.example mx b.example +short`.

        Options given before the first name are global: they are the defaults of
        every query that follows.  Options after a name belong to that name's query
        alone.  A few settings are dig's own rather than a query's, wherever they
        stand: the port (-p), +short, +cmd, +yaml, +search, +domain, +ndots,
        +timeout, +keepopen and +split.  ~/.digrc, unless -r is given, is read
        first, as words put before the command line's own (names there are
        ignored).  With -f, each line of the file is one more command line, read
        with the command line's global options as its defaults.

        The dash options that take a value take it from the same word or from the
        next one: `-tmx` and `-t mx` are the same.  Several value-less ones may share
        a word: `-4u`.

        A query option is +keyword or +keyword=value, and +nokeyword turns a switch
        off (the "no" may be in any case).  Keywords may be shortened, but not
        everywhere: dig looks at the word one letter at a time along its own tree
        of keywords, with the letters it branches on matched exactly (in lower
        case), and takes a branch's keyword once the word is a prefix of it, in
        any case.  So +shor is +short, +sho is rejected (it could be +short,
        +showbadcookie or +showsearch), +i is +ignore, +do is +dnssec, and +shorT
        works where +Short does not.  Each option below gives its shortest form.
        An unknown or ambiguous word is "Invalid option", followed by the usage
        (exit 1); a value that does not read as a number exits 10.

        EXAMPLES
        The A record of a name, from the servers of resolv.conf, then just the address:

            dig www.example.org
            dig +short www.example.org

        The MX records of a zone from one server, without the banner and statistics;
        the name of 192.0.2.1; a server's own name and version:

            dig @198.51.100.2 example.org mx +nocmd +nostats
            dig -x 192.0.2.1
            dig @198.51.100.2 +nsid version.bind txt chaos

        The referrals from the root down, and a zone transfer signed with a key:

            dig +trace www.example.org
            dig @198.51.100.2 -k transfer.key example.org axfr

        THE QUERY MESSAGE
        A DNS message is a 12-byte header and four sections.  dig builds its query
        itself, byte by byte (`pynettools/tools/dig/wire.py`):

        - The header: a random 16-bit ID (+qid= fixes it), the opcode (+opcode=),
        and the flags: RD unless +norecurse (never for a zone transfer), and AA, AD
        (on by default), CD, RA, TC and the Z bit when asked; then the count of
        each section's records.
        - The question: the name as length-prefixed labels ending in the root's
        empty label, then the type and class, two bytes each.  With +header-only
        there is no question.
        - For IXFR, an SOA record in the authority section carrying the serial the
        client has (ixfr=N); its owner is written as a compression pointer to the
        question's name: two bytes, 0xC0 0x0C, pointing at offset 12.
        - The OPT pseudo-record (EDNS, RFC 6891), unless +noedns: the root name,
        type 41, the UDP payload size (+bufsize, 1232 by default) in the class
        field, the EDNS version and flags (DO for +dnssec, CO for +coflag) in the
        TTL field, and its options: NSID, CLIENT-SUBNET, COOKIE, EXPIRE, KEEPALIVE,
        the +ednsopt ones, and last PADDING.  The COOKIE option (RFC 7873) is on
        by default: an 8-byte client cookie, random for each run; when the reply
        carries it back with a server cookie, dig checks the first 8 bytes (the
        printer's "(good)" or "(bad)") and keeps the whole cookie, to send it back
        when it asks again (over TCP after a truncated answer, after BADCOOKIE).
        - Last, a TSIG record when a key is given (-k, -y), which signs all the
        bytes before it.

        SENDING AND WAITING
        Over UDP the message is one datagram, on a socket connected to the server;
        dig waits up to +timeout seconds for a reply whose ID and question match,
        asks the same server again while +tries last (3 tries; resolv.conf's
        attempts), then moves to the next server.  Each try that fails is a ";; communications
        error to ADDR#PORT: timed out" line; when no server answers at all, dig
        ends with ";; no servers could be reached" (exit 9).

        Over TCP (+tcp; AXFR, and IXFR and ANY unless +notcp; a query longer than
        512 bytes; after a truncated answer) each
        message is sent with its length in front, two bytes in network order,
        because a stream has no datagram boundaries; a reply is read the same way:
        two bytes, then that many.  A zone transfer reads message after message
        until the SOA record that closes the zone.

        A UDP reply with the TC bit set (the answer did not fit the payload size) is
        not printed: dig says ";; Truncated, retrying in TCP mode." and asks again
        over TCP, unless +ignore.  A BADCOOKIE answer makes dig ask again with the
        server's fresh cookie; a BADVERS one, again with the server's EDNS version;
        SERVFAIL with +nofail, the next server.

        READING THE REPLY
        The reply is parsed by dnspython (`pynettools/tools/dig/parse.py`, which also
        checks a TSIG signature), with one_rr_per_rrset=True: one record per entry,
        in wire order and with each record's own TTL, duplicates kept, as dig prints
        them.  Names in a reply are compressed: a label may be a
        pointer (its first two bits set) to an earlier place in the message where
        the rest of the name was written, so the owner of each answer is usually
        just C0 0C, "the question's name".  The parser follows the pointers and
        refuses loops and pointers forward.

        What is printed is the header (";; ->>HEADER<<- opcode: QUERY, status:
        NOERROR, id: ..." and the flags with each section's count), the OPT
        pseudosection (EDNS version, flags, payload size, each option decoded: the
        cookie, NSID, EDE ...), the question section and the answer, authority and
        additional sections, then the statistics: query time, server, date and the
        size of the reply.  The message printer is `pynettools/tools/dig/printer.py`;
        each record's data is written by `pynettools/tools/dig/rdata.py` in BIND's
        presentation format for its type (+multiline, +nocrypto, +ttlunits,
        +unknownformat, +expandaaaa and +split change it).

        THE SEARCH LIST
        dig reads /etc/resolv.conf as BIND's libirs does
        (`pynettools/tools/dig/resolvconf.py`): up to 3 nameserver lines, the
        search (or domain) line, and the options ndots:, timeout: and attempts:.
        The search list is used only with +search (or +domain=): a name with
        fewer dots than ndots is then tried with each domain of the list appended
        in turn, until one does not answer NXDOMAIN, and as it is last.  A name that
        ends with a dot is never searched.  +showsearch prints every attempt.

        TRACING
        +trace first asks the resolv.conf server (or @server) for the root's NS
        records, with recursion, and prints them.  Then it asks a root server for
        the name, without recursion, and prints the referral it gets: the NS
        records of the next zone down.  It looks up the addresses of those name
        servers through the system's resolver (getaddrinfo, glue or not), asks
        one of them, prints its referral or its answer, and so on down, each step
        ending with the line that says which server answered, and how fast.  +trace
        turns on +dnssec and the authority section, and turns off +search.
        +nssearch walks the same way to a zone's name servers, then asks each of
        them for the zone's SOA record.

        HOW IT READS THE KERNEL
        dig reads no kernel table: it makes system calls.  Every socket call --
        socket, bind, connect, poll, send, recv, close -- goes through the socket
        seam (`pynettools/kernel/netio.py`); /etc/resolv.conf, ~/.digrc and the -f
        file, @server name lookups, the clock and the random message IDs and
        cookies go through the kernel seam (`pynettools/kernel/seam.py`).  So a
        recorded run replays without a network, and `PYNETTOOLS_TRACE=1` shows
        each call as it is made.

        The code: `pynettools/tools/dig/args.py` reads the command line (dig's whole
        option tree, its abbreviations and messages), `query.py` is the engine
        (lookups, search list, UDP and TCP, retries, cookies, transfers, +trace),
        `wire.py` builds the query, `parse.py` reads replies, `resolvconf.py`
        reads resolv.conf, `printer.py` prints messages and `rdata.py` records;
        this page comes from `spec.py`.  dnspython reads the
        replies; it is imported only when a reply arrives.

        DIFFERENCES
        None intended in what dig prints for a query, except one: with -d the real
        dig writes a trace of its own function calls on standard error (setup_libs(),
        setup_system(), ...), which is BIND's code and not reproduced here; the
        query and its output are the same.

        EXIT STATUS
        0 when the query was answered, whatever the answer's status (NXDOMAIN and
        SERVFAIL are answers), and after -h and -v; 1 on a usage error and on most
        errors reported as "dig: ..."; 8 when the -f file cannot be opened; 9 when
        no server answered (a later query that is answered sets 0 again); 10 when
        a +option's value does not read.

        ENVIRONMENT
        - `HOME`: dig reads $HOME/.digrc (unless -r)
        - `IDN_DISABLE`: set, turns off +idnin and +idnout even on a terminal
        - `PYNETTOOLS_TRACE=1`: print, on standard error, each socket call and
        each read of the kernel seam, with its answer
        - `PYNETTOOLS_RECORD=DIR`: also write every call and its answer to DIR
        - `PYNETTOOLS_REPLAY=DIR`: answer every call from a recording in DIR: no
        socket is opened
        - `PYNETTOOLS_DEBUG=1`: show the Python traceback of an internal error
    """,
    "see_also": ["nc(1)", "resolv.conf(5)", "named(8)", "host(1)", "nslookup(1)", "ss(8)"],
}
