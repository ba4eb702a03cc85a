"""whois's SPEC for pynettools.docgen (man page and completions); not loaded at run time."""

SPEC = {
    "name": "whois",
    "section": "1",
    "summary": "client for the whois directory service",
    "synopsis": [
        "whois [ { -h | --host } HOST ] [ { -p | --port } PORT ] [ -abBcdGHIKlLmMrRx ] [ -g SOURCE:FIRST-LAST ] "
        "[ -i ATTR[,ATTR]... ] [ -s SOURCE[,SOURCE]... ] [ -T TYPE[,TYPE]... ] [ --verbose ] "
        "[ --no-recursion ] OBJECT",
        "whois -q KEYWORD",
        "whois -t TYPE",
        "whois -v TYPE",
        "whois --help",
        "whois --version",
    ],
    "options": [
        ("-h", "--host", "HOST", "connect to HOST (HOST:PORT, [IPV6]:PORT) instead of the server "
                                 "chosen for the object"),
        ("-p", "--port", "PORT", "connect to PORT (a number or a service name) instead of 43 (nicname)"),
        ("-I", None, None, "ask whois.iana.org first and follow its referral"),
        ("-H", None, None, "hide the legal disclaimers some registries print"),
        (None, "--verbose", None, "say which server is asked and the query string sent"),
        (None, "--no-recursion", None, "do not follow referrals from registries to registrars"),
        (None, "--help", None, "print the usage and exit"),
        (None, "--version", None, "print the version and exit"),
        ("-l", "--one-less", None, "RIPE: the one level less specific match"),
        ("-L", "--all-less", None, "RIPE: all levels of less specific matches"),
        ("-m", "--one-more", None, "RIPE: all one level more specific matches"),
        ("-M", "--all-more", None, "RIPE: all levels of more specific matches"),
        ("-c", "--irt", None, "RIPE: the smallest match with a mnt-irt attribute"),
        ("-x", "--exact", None, "RIPE: exact match only"),
        ("-b", "--abuse-contact", None, "RIPE: brief IP address ranges with abuse contact"),
        ("-B", "--no-filtering", None, "RIPE: no object filtering (show e-mail addresses)"),
        ("-G", "--no-grouping", None, "RIPE: no grouping of associated objects"),
        ("-d", "--reverse-domain", None, "RIPE: DNS reverse delegation objects too"),
        ("-i", None, "ATTR[,ATTR]...", "RIPE: inverse look-up of these attributes"),
        ("-T", "--select-types", "TYPE[,TYPE]...", "RIPE: only objects of these types"),
        ("-K", "--primary-keys", None, "RIPE: only the primary keys"),
        ("-r", "--no-referenced", None, "RIPE: no recursive look-ups of contacts"),
        ("-R", None, None, "RIPE: the local copy of a domain object even with a referral"),
        ("-a", "--all-sources", None, "RIPE: all the mirrored databases too"),
        ("-s", "--sources", "SOURCE[,SOURCE]...", "RIPE: the databases mirrored from these sources"),
        ("-g", None, "SOURCE:FIRST-LAST", "RIPE: updates from SOURCE, serials FIRST to LAST"),
        ("-t", "--template", "TYPE", "RIPE: the template of an object of TYPE"),
        ("-v", "--ripe-verbose", "TYPE", "RIPE: the verbose template of an object of TYPE"),
        ("-q", None, "version|sources|types", "RIPE: information about the server"),
        ("-V", None, "TAG", "the client tag sent to RIPE-like servers (default Md5.5.17)"),
    ],
    "completions": {
        "-h": "hosts",
        "-q": ["version", "sources", "types"],
        "hosts": "hosts",
    },
    "man": """\
        whois asks a whois server about an OBJECT: a domain name, an IPv4 or IPv6
        address or network, an AS number, a NIC handle.  Several OBJECT words are
        joined with spaces into one query.  The reply is printed as the server sends
        it, line by line.  It behaves as Marco d'Itri's whois 5.5.17 does in Debian 12,
        byte for byte.

        HOW THE SERVER IS CHOSEN
        -h names the server.  Otherwise /etc/whois.conf is read: each line is a POSIX
        extended regular expression and a server; the first expression found
        (case-insensitively) in the query names it.  Otherwise the object decides, in
        this order: an address with a colon is IPv6 (6to4 and Teredo addresses are
        turned into their IPv4 endpoint first); an e-mail address has no server; a bare
        TLD goes to whois.iana.org; AS123 (or AS1.2) goes to the registry of that AS
        range; an IPv4 address or network to the registry of its block; a domain name
        to its TLD's registry, or whois.nic.TLD for the new gTLDs; in-addr.arpa and
        ip6.arpa names are turned into the network they name; a name with a hyphen is
        a NIC handle (-RIPE, -ARIN, ... suffixes) or a network name, asked of
        $WHOIS_SERVER or whois.arin.net.  The tables are 5.5.17's, kept as data in
        pynettools/tools/whois/servers.py.

        Each kind of server gets the query it understands: RIPE-like servers a
        "-V Md5.5.17" prefix and the RIPE flags, ARIN "n + ADDRESS" or "a ASN",
        Verisign's thin registry "domain NAME", DENIC "-T dn,ace NAME".  A thin
        registry's "Registrar WHOIS Server:" and ARIN's "ReferralServer:" lines are
        followed to the next server unless --no-recursion is given (whois 5.5.17
        follows them without end; this one stops after 64 referrals).

        ENVIRONMENT
        WHOIS_OPTIONS: options read before the command line's.  WHOIS_SERVER: the
        server for objects with no known server.  WHOIS_HIDE: as -H.  LC_ALL, LC_CTYPE,
        LANG: a UTF-8 locale makes replies in ISO-8859-1, CP1251 or ISO-2022-JP
        printed in UTF-8, and IDN names converted to ASCII.  LANGUAGE (in a locale
        other than C): the languages of whois's messages and glibc's error texts
        (for example LC_ALL=C.UTF-8 LANGUAGE=de); getopt's messages stay English.

        EXIT STATUS
        0 once a server answered; 1 when no server is known for the object (or a
        registry names no registrar); 2 on errors: a name that does not resolve, a
        refused connection, a reset, 60 seconds without an answer ("Timeout."), a
        signal.

        EXAMPLES
        The registrar's record of a .com domain, disclaimers hidden:

            whois -H example.com

        A RIPE database object with the e-mail addresses shown:

            whois -B -h whois.ripe.net 193.0.0.0

        HOW IT TALKS TO THE NETWORK
        One TCP connection per server, port 43: the query and CR LF, then the reply
        until the server closes.  Every socket call goes through the socket seam
        (pynettools/kernel/netio.py) and the name lookup through the kernel seam:
        PYNETTOOLS_TRACE=1 shows each server asked and the bytes sent.""",
    "see_also": ["whois.conf(5)"],
}
