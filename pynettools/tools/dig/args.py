"""dig's command line, as BIND 9.18's dig.c reads it (parse_args, plus_option,
dash_option, preparse_args), with no network and nothing printed.

parse(argv, ...) returns a DigArgs record: the global settings and the list of
lookups (one Lookup per query, in the order dig would send them), plus the
text dig writes while parsing (warnings) on each stream.  When dig would stop
while parsing, parse() raises DigExit carrying the same text and exit status;
report_error() prints it as dig does.

How dig reads a command line (facts from dig.c, checked against the real dig):
  * preparse_args() first walks every "-..." word: -4/-6 conflicts, -r (do not
    read ~/.digrc) and dash options that lack their value fail here, before
    anything else is looked at.
  * ~/.digrc is read next (unless -r): each line is split on blanks and parsed
    like the command line, but names there are ignored ("config only"), and
    its options go to the default lookup.
  * Then the words, left to right.  Until the first name, options change the
    "default lookup" that each later query starts from (global options);
    after a name they change that name's lookup only.  A bare word is a type
    if it is one, else a class, else a name -- until -t or -c was seen: from
    then on every bare word is a name.  A word starting with "%" ends parsing.
  * "+word": dig switches on the word's letters one position at a time,
    case-sensitively, along its own tree (PLUS_TREE below), then accepts the
    word if it is a case-insensitive prefix of the leaf's full name.  So
    "+sho" is ambiguous-and-invalid, "+i" means +ignore, "+shorT" is +short
    but "+Short" is invalid.  A leading "no" (any case) negates.
  * Exit statuses: usage errors 1; fatal() 1 (8 for an unreadable -f file);
    a "+opt=value" whose value does not parse 10 (digexit()).
"""
import copy
import os
import socket

VERSION = "9.18.49-1~deb12u3-Debian"

USAGE = (
    "Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
    "            {global-d-opt} host [@local-server] {local-d-opt}\n"
    "            [ host [@local-server] {local-d-opt} [...]]\n"
)
USAGE_TAIL = '\nUse "dig -h" (or "dig -h | more") for complete list of options\n'

# dig.c's own limits (dighost.h).
MXNAME = 1025                 # DNS_NAME_MAXTEXT + 1: the textname buffer
COMMSIZE = 0xFFFF
MAXTIMEOUT = 0xFFFF
MAXTRIES = 0xFFFFFFFF
MAXNDOTS = 0xFFFF
MAXPORT = 0xFFFF
MAXSERIAL = 0xFFFFFFFF
MAXQID = 0xFFFF
DEFAULT_EDNS_BUFSIZE = 1232
EDNSOPT_OPTIONS = 100
DEFAULT_FUZZTIME = 0x622ACCE1
HTTP_DEFAULT_PATH = "/dns-query"

OPCODES = ("QUERY", "IQUERY", "STATUS", "RESERVED3", "NOTIFY", "UPDATE") + tuple(
    "RESERVED%d" % n for n in range(6, 16))

# +ednsopt code point names (dighost.c optnames[]), matched case-insensitively.
EDNS_OPTNAMES = (
    (1, "LLQ"), (3, "NSID"), (5, "DAU"), (6, "DHU"), (7, "N3U"), (8, "ECS"),
    (9, "EXPIRE"), (10, "COOKIE"), (11, "KEEPALIVE"), (12, "PADDING"), (12, "PAD"),
    (13, "CHAIN"), (14, "KEY-TAG"), (15, "EDE"), (16, "CLIENT-TAG"),
    (17, "SERVER-TAG"), (26946, "DEVICEID"),
)

# RR type mnemonics libdns 9.18.49 knows (lib/dns/rdata/*/NAME_NUM.c, plus the
# meta and reserved names gen.c adds).  Matched case-insensitively, whole word.
RDATATYPES = {
    "a": 1, "ns": 2, "md": 3, "mf": 4, "cname": 5, "soa": 6, "mb": 7, "mg": 8,
    "mr": 9, "null": 10, "wks": 11, "ptr": 12, "hinfo": 13, "minfo": 14, "mx": 15,
    "txt": 16, "rp": 17, "afsdb": 18, "x25": 19, "isdn": 20, "rt": 21, "nsap": 22,
    "nsap-ptr": 23, "sig": 24, "key": 25, "px": 26, "gpos": 27, "aaaa": 28,
    "loc": 29, "nxt": 30, "eid": 31, "nimloc": 32, "srv": 33, "atma": 34,
    "naptr": 35, "kx": 36, "cert": 37, "a6": 38, "dname": 39, "sink": 40,
    "opt": 41, "apl": 42, "ds": 43, "sshfp": 44, "ipseckey": 45, "rrsig": 46,
    "nsec": 47, "dnskey": 48, "dhcid": 49, "nsec3": 50, "nsec3param": 51,
    "tlsa": 52, "smimea": 53, "hip": 55, "ninfo": 56, "rkey": 57, "talink": 58,
    "cds": 59, "cdnskey": 60, "openpgpkey": 61, "csync": 62, "zonemd": 63,
    "svcb": 64, "https": 65, "dsync": 66, "hhit": 67, "brid": 68, "spf": 99,
    "uinfo": 100, "uid": 101, "gid": 102, "unspec": 103, "nid": 104, "l32": 105,
    "l64": 106, "lp": 107, "eui48": 108, "eui64": 109, "tkey": 249, "tsig": 250,
    "ixfr": 251, "axfr": 252, "mailb": 253, "maila": 254, "any": 255,
    "uri": 256, "caa": 257, "avc": 258, "doa": 259, "amtrelay": 260,
    "resinfo": 261, "wallet": 262, "ta": 32768, "dlv": 32769, "keydata": 65533,
}
T_NS, T_PTR, T_AAAA, T_IXFR, T_AXFR, T_ANY = 2, 12, 28, 251, 252, 255

RDATACLASSES = {"in": 1, "ch": 3, "chaos": 3, "hs": 4, "hesiod": 4,
                "none": 254, "any": 255, "reserved0": 0}
C_IN = 1

# The switch tree of plus_option(): each level switches on one character of
# the word (case-sensitively); "" is the end of the word, None the default
# branch.  A leaf names the option; "a|b" is FULLCHECK2 (the word must be a
# prefix of either); a leading "=" means dig takes it without FULLCHECK.
PLUS_TREE = {
    "a": {"a": "aaonly|aaflag",
          "d": {"d": "additional", "f": "adflag", "": "adflag"},
          "l": "all", "n": "answer", "u": "authority"},
    "b": {"a": "badcookie", "e": "besteffort", "u": "bufsize"},
    "c": {"d": {"f": "cdflag", "": "cdflag"},
          "l": "cl|class", "m": "cmd",
          "o": {"f": "coflag", "": "coflag", "m": "comments", "o": "cookie"},
          "r": "crypto"},
    "d": {"e": "defname",
          "n": {"s": {"6": "dns64prefix", "s": "dnssec"}},
          "o": {"": "=dnssec", None: "domain"},     # "+do" is +dnssec
          "s": "dscp"},
    "e": {"d": {"n": {"s": {"": "edns", "f": "ednsflags",
                            "n": "ednsnegotiation", "o": "ednsopt"}}},
          "x": {"p": {"a": "expandaaaa", "i": "expire"}}},
    "f": {"a": "fail", "u": "fuzztime"},
    "h": {"e": "header-only", "t": "=http"},
    "i": {"d": {"e": "identify", "n": {"i": "idnin", "o": "idnout"}},
          None: "ignore"},                          # "+i..." is +ignore
    "k": {"e": {"e": {"p": {"a": "keepalive", "o": "keepopen"}}}},
    "m": {"a": "mapped", "u": "multiline"},
    "n": {"d": "ndots", "s": {"i": "nsid", "s": "nssearch"}},
    "o": {"n": "onesoa", "p": "opcode"},
    "p": "padding",
    "q": {"i": "qid", "r": "qr", "u": "question"},
    "r": {"a": "raflag", "d": "rdflag",
          "e": {"c": "recurse", "t": "retry|retries"},
          "r": "rrcomments"},
    "s": {"e": "search",
          "h": {"o": {"r": "short", "w": {"b": "showbadcookie", "s": "showsearch"}}},
          "i": "sigchase", "p": "split", "t": "stats", "u": "subnet"},
    "t": {"c": {"f": "tcflag", "p": "tcp"},
          "i": "timeout",
          "l": {"s": {"": "tls",
                      "-": {"c": {"a": "tls-ca", "e": "tls-certfile"},
                            "h": "tls-hostname", "k": "tls-keyfile"}}},
          "o": "topdown",
          "r": {"a": "trace", "i": "tries", "u": "trusted-key"},
          "t": {"l": {"": "ttl|ttlid", "i": "ttl|ttlid", "u": "ttlunits"}}},
    "u": {"n": {"e": "unexpected", "k": "unknownformat"}},
    "v": "vc", "y": "yaml", "z": "zflag",
}

# Options 9.18 still takes but ignores: dig prints this (no newline!) and goes on.
OBSOLETE = {
    "dscp": ";; +dscp option is obsolete and has no effect",
    "mapped": ";; +mapped option is deprecated",
    "sigchase": ";; +sigchase option is deprecated",
    "topdown": ";; +topdown option is deprecated",
    "trusted-key": ";; +trusted-key option is deprecated",
    "unexpected": ";; +unexpected option is deprecated",
}

# What "dig -h" prints (help() in dig.c).
HELP = (
    'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n'
    '            {global-d-opt} host [@local-server] {local-d-opt}\n'
    '            [ host [@local-server] {local-d-opt} [...]]\n'
    'Where:  domain\t  is in the Domain Name System\n'
    '        q-class  is one of (in,hs,ch,...) [default: in]\n'
    '        q-type   is one of (a,any,mx,ns,soa,hinfo,axfr,txt,...) [default:a]\n'
    '                 (Use ixfr=version for type ixfr)\n'
    '        q-opt    is one of:\n'
    '                 -4                  (use IPv4 query transport only)\n'
    '                 -6                  (use IPv6 query transport only)\n'
    '                 -b address[#port]   (bind to source address/port)\n'
    '                 -c class            (specify query class)\n'
    '                 -f filename         (batch mode)\n'
    '                 -k keyfile          (specify tsig key file)\n'
    '                 -m                  (enable memory usage debugging)\n'
    '                 -p port             (specify port number)\n'
    '                 -q name             (specify query name)\n'
    '                 -r                  (do not read ~/.digrc)\n'
    '                 -t type             (specify query type)\n'
    '                 -u                  (display times in usec instead of msec)\n'
    '                 -x dot-notation     (shortcut for reverse lookups)\n'
    '                 -y [hmac:]name:key  (specify named base64 tsig key)\n'
    '        d-opt    is of the form +keyword[=value], where keyword is:\n'
    '                 +[no]aaflag         (Set AA flag in query (+[no]aaflag))\n'
    '                 +[no]aaonly         (Set AA flag in query (+[no]aaflag))\n'
    '                 +[no]additional     (Control display of additional section)\n'
    '                 +[no]adflag         (Set AD flag in query (default on))\n'
    '                 +[no]all            (Set or clear all display flags)\n'
    '                 +[no]answer         (Control display of answer section)\n'
    '                 +[no]authority      (Control display of authority section)\n'
    '                 +[no]badcookie      (Retry BADCOOKIE responses)\n'
    '                 +[no]besteffort     (Try to parse even illegal messages)\n'
    '                 +bufsize[=###]      (Set EDNS0 Max UDP packet size)\n'
    '                 +[no]cdflag         (Set checking disabled flag in query)\n'
    '                 +[no]class          (Control display of class in records)\n'
    '                 +[no]cmd            (Control display of command line -\n'
    '                                      global option)\n'
    '                 +[no]coflag         (Set compact denial of existence ok flag)\n'
    '                                      in query)\n'
    '                 +[no]comments       (Control display of packet header\n'
    '                                      and section name comments)\n'
    '                 +[no]cookie         (Add a COOKIE option to the request)\n'
    '                 +[no]crypto         (Control display of cryptographic\n'
    '                                      fields in records)\n'
    '                 +[no]defname        (Use search list (+[no]search))\n'
    '                 +[no]dns64prefix    (Get the DNS64 prefixes from ipv4only.arpa)\n'
    '                 +[no]dnssec         (Request DNSSEC records)\n'
    '                 +domain=###         (Set default domainname)\n'
    '                 +[no]edns[=###]     (Set EDNS version) [0]\n'
    '                 +ednsflags=###      (Set undefined EDNS flag bits)\n'
    '                 +[no]ednsnegotiation (Set EDNS version negotiation)\n'
    '                 +ednsopt=###[:value] (Send specified EDNS option)\n'
    '                 +noednsopt          (Clear list of +ednsopt options)\n'
    '                 +[no]expandaaaa     (Expand AAAA records)\n'
    '                 +[no]expire         (Request time to expire)\n'
    "                 +[no]fail           (Don't try next server on SERVFAIL)\n"
    '                 +[no]header-only    (Send query without a question section)\n'
    '                 +[no]https[=###]    (DNS-over-HTTPS mode) [/]\n'
    '                 +[no]https-get      (Use GET instead of default POST method\n'
    '                                      while using HTTPS)\n'
    '                 +[no]http-plain[=###] (DNS over plain HTTP mode) [/]\n'
    '                 +[no]http-plain-get (Use GET instead of default POST method\n'
    '                                      while using plain HTTP)\n'
    '                 +[no]identify       (ID responders in short answers)\n'
    '                 +[no]idnin          (Parse IDN names [default=on on tty])\n'
    '                 +[no]idnout         (Convert IDN response [default=on on tty])\n'
    "                 +[no]ignore         (Don't revert to TCP for TC responses.)\n"
    '                 +[no]keepalive      (Request EDNS TCP keepalive)\n'
    '                 +[no]keepopen       (Keep the TCP socket open between queries)\n'
    '                 +[no]multiline      (Print records in an expanded format)\n'
    '                 +ndots=###          (Set search NDOTS value)\n'
    '                 +[no]nsid           (Request Name Server ID)\n'
    '                 +[no]nssearch       (Search all authoritative nameservers)\n'
    '                 +[no]onesoa         (AXFR prints only one soa record)\n'
    '                 +[no]opcode=###     (Set the opcode of the request)\n'
    '                 +padding=###        (Set padding block size [0])\n'
    '                 +qid=###            (Specify the query ID to use when sending\n'
    '                                      queries)\n'
    '                 +[no]qr             (Print question before sending)\n'
    '                 +[no]question       (Control display of question section)\n'
    '                 +[no]raflag         (Set RA flag in query (+[no]raflag))\n'
    '                 +[no]rdflag         (Recursive mode (+[no]recurse))\n'
    '                 +[no]recurse        (Recursive mode (+[no]rdflag))\n'
    '                 +retry=###          (Set number of UDP retries) [2]\n'
    '                 +[no]rrcomments     (Control display of per-record comments)\n'
    '                 +[no]search         (Set whether to use searchlist)\n'
    '                 +[no]short          (Display nothing except short\n'
    '                                      form of answers - global option)\n'
    '                 +[no]showbadcookie  (Show BADCOOKIE message)\n'
    '                 +[no]showsearch     (Search with intermediate results)\n'
    '                 +[no]split=##       (Split hex/base64 fields into chunks)\n'
    '                 +[no]stats          (Control display of statistics)\n'
    '                 +subnet=addr        (Set edns-client-subnet option)\n'
    '                 +[no]tcflag         (Set TC flag in query (+[no]tcflag))\n'
    '                 +[no]tcp            (TCP mode (+[no]vc))\n'
    '                 +timeout=###        (Set query timeout) [5]\n'
    '                 +[no]tls            (DNS-over-TLS mode)\n'
    "                 +[no]tls-ca[=file]  (Enable remote server's TLS certificate\n"
    '                                      validation)\n'
    '                 +[no]tls-hostname=hostname (Explicitly set the expected TLS\n'
    '                                      hostname)\n'
    '                 +[no]tls-certfile=file (Load client TLS certificate chain from\n'
    '                                      file)\n'
    '                 +[no]tls-keyfile=file (Load client TLS private key from file)\n'
    '                 +[no]trace          (Trace delegation down from root [implies\n'
    '                                      +dnssec])\n'
    '                 +tries=###          (Set number of UDP attempts) [3]\n'
    '                 +[no]ttlid          (Control display of ttls in records)\n'
    '                 +[no]ttlunits       (Display TTLs in human-readable units)\n'
    '                 +[no]unknownformat  (Print RDATA in RFC 3597 "unknown" format)\n'
    '                 +[no]vc             (TCP mode (+[no]tcp))\n'
    '                 +[no]yaml           (Present the results as YAML)\n'
    '                 +[no]zflag          (Set Z flag in query)\n'
    '        global d-opts and servers (before host name) affect all queries.\n'
    '        local d-opts and servers (after host name) affect only that lookup.\n'
    '        -h                           (print help and exit)\n'
    '        -v                           (print version and exit)\n'
)
HELP = "".join(HELP)

SINGLE_DASH = "46dhimnruv"      # dash options without a value, combinable
DASH_VALUE = "46bcdfhikmnpqrtvyx"


class DigExit(Exception):
    """dig stops while parsing: what it printed so far, and its exit status."""

    def __init__(self, code, stdout="", stderr=""):
        Exception.__init__(self, code)
        self.code = code
        self.stdout = stdout
        self.stderr = stderr


class Lookup:
    """One query (dig_lookup_t's settings).  The defaults are
    make_empty_lookup()'s, then parse_args() turns adflag, edns (0) and
    cookies on for the default lookup every query is cloned from."""

    def __init__(self, tries=3):
        self.textname = ""
        self.cmdline = ""            # the "; <<>> DiG ..." banner, first query only
        self.servers = []            # @server words, as typed (list of str)
        self.server_addrs = []       # their addresses when already known
        self.server_list = []        # (address, @word as typed): dig_server_t's servername, userarg
        self.rdtype, self.rdtypeset = 1, False
        self.rdclass, self.rdclassset = C_IN, False
        self.ixfr_serial = None
        self.trace = self.trace_root = self.ns_search_only = False
        self.identify = self.ignore = False
        self.servfail_stops = self.besteffort = self.badcookie = True
        self.showbadcookie = False
        self.dns64prefix = False
        self.dnssec = self.expire = self.nsid = self.tcp_keepalive = False
        self.header_only = False
        self.https_mode = self.https_get = self.http_plain = False
        self.https_path = None
        self.tls_mode = False
        self.tls_ca_set = self.tls_hostname_set = False
        self.tls_key_file_set = self.tls_cert_file_set = False
        self.tls_ca_file = self.tls_hostname = None
        self.tls_key_file = self.tls_cert_file = None
        self.sendcookie, self.cookie = False, None
        self.ednsneg = True
        self.padding = 0
        self.multiline = self.nottl = self.noclass = self.onesoa = False
        self.use_usec = self.nocrypto = self.ttlunits = self.expandaaaa = False
        self.qr = False
        self.idnin = self.idnout = False
        self.udpsize = -1
        self.edns = -1
        self.ednsflags = 0
        self.ednsopts = []           # (code, bytes)
        self.opcode = 0
        self.recurse = True
        self.aaonly = self.adflag = self.cdflag = self.coflag = False
        self.raflag = self.tcflag = self.zflag = False
        self.print_unknown_format = False
        self.setqid, self.qid = False, 0
        self.tcp_mode = self.tcp_mode_set = False
        self.comments = self.stats = True
        self.section_question = self.section_answer = True
        self.section_authority = self.section_additional = True
        self.retries = tries
        self.rrcomments = 0
        self.ecs = None              # (address text or None for "0", prefix length)
        self.fuzzing, self.fuzztime = False, 0
        self.new_search = False

    def clone(self):
        return copy.deepcopy(self)

    def __repr__(self):
        return "Lookup(%r, type=%d, class=%d)" % (self.textname, self.rdtype, self.rdclass)


class DigArgs:
    """The parse result: dig's globals and its list of lookups."""

    def __init__(self):
        self.lookups = []            # Lookup records, in the order dig runs them
        self.stdout = ""             # printed while parsing (before any query)
        self.stderr = ""
        self.port, self.port_set = 53, False
        self.ipv4only = self.ipv6only = False
        self.source = None           # (address, port) from -b
        self.timeout = 0             # 0: the default (5 s, 10 s for TCP)
        self.ndots = -1              # -1: from resolv.conf
        self.usesearch = self.showsearch = False
        self.domain = None           # +domain=
        self.short_form = False
        self.printcmd = True
        self.yaml = False
        self.keep_open = False
        self.splitwidth = 0xFFFFFFFF
        self.keyfile = None          # -k
        self.tsig = None             # -y: (hmac name, digest bits, key name, secret)
        self.batchfile = None        # -f
        self.batch_lines = []        # its lines once opened
        self.debugging = False
        self.memdebugging = False
        self.digrc = True
        self.parser = None           # the _Parser, kept for the batch file's later lines


class _Parser:
    """One run of dig's argument parsing; holds what dig keeps in globals."""

    def __init__(self, prog, resolve, open_file, idn=False, tries=3):
        self.prog = prog
        self.idn = idn
        self.resolve = resolve
        self.open_file = open_file
        self.out = []
        self.err = []
        self.a = DigArgs()
        self.tries = tries
        self.default = None            # the default Lookup every query is cloned from
        self.plusquest = self.pluscomm = False
        self.first = True              # printgreeting's "first"
        self.addresscount = 0
        self.have4 = self.have6 = True

    # ---- dig's ways of stopping -------------------------------------
    def _stop(self, code):
        raise DigExit(code, "".join(self.out), "".join(self.err))

    def usage(self):
        self.err.append(USAGE + USAGE_TAIL)
        self._stop(1)

    def fatal(self, msg, code=1):
        """fatal(): 'dig: MSG', exit 1 (or the exit code already set, e.g. 8)."""
        self.err.append("%s: %s\n" % (self.prog, msg))
        self._stop(code)

    def warn_exit(self, msg):
        """warn() then digexit(): a +option's value did not parse; exit 10."""
        self.err.append("%s: %s\n" % (self.prog, msg))
        self._stop(10)

    def invalid(self, text):
        self.err.append("Invalid option: %s\n" % text)
        self.usage()

    # ---- numbers ------------------------------------------------------
    def parse_uint(self, value, maximum, desc, base=10):
        """parse_uint()/parse_xint(): None (and a line on stdout) if bad."""
        n, why = isc_parse_uint32(value, base)
        if why is None and n > maximum:
            why = "out of range"
        if why is not None:
            self.out.append("invalid %s '%s': %s\n" % (desc, value, why))
            return None
        return n

    # ---- the greeting line ------------------------------------------
    def greeting(self, st, lookup):
        """printgreeting(): built when the first query of a command line is
        seen, from the settings of that moment (a later +short or +nocmd
        does not change it)."""
        if not st.firstarg:
            return
        st.firstarg = False
        if not self.a.printcmd:
            return
        text = "%s; <<>> DiG %s <<>>" % ("\n" if self.first else "", VERSION)
        text += "".join(" " + w for w in st.words) + "\n"
        if self.first and self.addresscount:
            text += "; (%d server%s found)\n" % (
                self.addresscount, "s" if self.addresscount > 1 else "")
        if self.first:
            text += ";; global options:%s%s\n" % (
                " +short" if self.a.short_form else "",
                " +cmd" if self.a.printcmd else "")
            self.first = False
        lookup.cmdline = text

    # ---- preparse_args() ---------------------------------------------
    def preparse(self, argv):
        i = 1
        while i < len(argv):
            word = argv[i]
            i += 1
            if not word.startswith("-"):
                continue
            opt = word[1:]
            while opt and opt[0] in SINGLE_DASH:
                c = opt[0]
                if c == "d":
                    self.a.debugging = True
                elif c == "m":
                    self.a.memdebugging = True
                elif c == "r":
                    self.a.digrc = False
                elif c == "4":
                    if self.a.ipv6only:
                        self.fatal("only one of -4 and -6 allowed")
                    self.a.ipv4only = True
                elif c == "6":
                    if self.a.ipv4only:
                        self.fatal("only one of -4 and -6 allowed")
                    self.a.ipv6only = True
                opt = opt[1:]
            if not opt:
                continue
            if opt[0] not in DASH_VALUE:
                self.invalid("-" + opt)
            if len(opt) > 1:
                continue
            if i >= len(argv):          # the value is missing
                self.invalid("-" + opt)
            i += 1

    # ---- parse_args() -------------------------------------------------
    def run(self, argv, load_digrc, system_setup=None):
        self.preparse(argv)
        if system_setup is not None:
            # setup_system() runs between preparse_args() and parse_args():
            # resolv.conf's attempts become every lookup's default tries
            self.tries = system_setup(self.a)
        # setup_system(): -4 leaves dig without IPv6, -6 without IPv4.
        self.have4, self.have6 = not self.a.ipv6only, not self.a.ipv4only
        d = Lookup(self.tries)
        d.idnin = d.idnout = self.idn
        d.adflag = True
        d.edns = 0
        d.sendcookie = True
        self.default = d
        digrc_text = load_digrc() if self.a.digrc else None
        if digrc_text is not None:
            for line in _fgets_lines(digrc_text):
                words = _split_batchline(line, 62)
                self.parse_words(words, True, True)
        self.last_state = self.parse_words(argv[1:], False, False)
        self.finish()
        a = self.a
        a.stdout, a.stderr = "".join(self.out), "".join(self.err)
        a.parser = self
        return a

    def next_batch_line(self):
        """query_finished(): once every lookup is done, the batch file's
        next line is parsed (no line skipped now: an empty one asks for the
        root's NS).  The new lookups, or None at the end of the file."""
        a = self.a
        if not a.batch_lines:
            return None
        line = a.batch_lines.pop(0)
        self.out, self.err = [], []
        a.lookups = []
        self.last_state = self.parse_words(_split_batchline(line, 14), True, False)
        if not a.lookups:
            self.finish_root_lookup()
        a.stdout, a.stderr = "".join(self.out), "".join(self.err)
        return a.lookups

    def parse_words(self, words, is_batchfile, config_only):
        st = _WordState(is_batchfile, config_only, words)
        if is_batchfile and not config_only:
            st.lookup = self.default.clone()
            st.need_clone = False
        else:
            st.lookup = self.default
        i = 0
        while i < len(words):
            word = words[i]
            nxt = words[i + 1] if i + 1 < len(words) else None
            i += 1
            if word.startswith("%"):
                break
            if word.startswith("@"):
                if not self.server(st, word[1:]):
                    break
            elif word.startswith("+"):
                self.plus_option(st, word[1:], words[i:])
            elif word.startswith("-"):
                if self.dash_option(st, word[1:], nxt):
                    i += 1
            else:
                self.bare_word(st, word)
        return st

    def server(self, st, host):
        """@server: dig resolves it at once.  A name our resolve() leaves
        for later counts as one address for the greeting."""
        addrs, why = self.resolve(host)
        if addrs and not self.have6 and _pton(socket.AF_INET6, host.partition("%")[0]):
            # an IPv6 literal after -4 (bind9_getaddresses: FAMILYNOSUPPORT)
            addrs, why = [], "address family not supported"
        if addrs is not None and not addrs:
            if not st.is_batchfile:
                self.fatal("couldn't get address for '%s': %s" % (host, why))
            # In a batch line (or ~/.digrc) dig drops the line's lookup.
            self.err.append("couldn't get address for '%s': %s: skipping lookup\n"
                            % (host, why))
            if st.lookup in self.a.lookups and st.lookup is not self.default:
                self.a.lookups.remove(st.lookup)
            return False
        st.lookup.servers.append(host)
        st.lookup.server_addrs.extend(addrs or [])
        st.lookup.server_list.extend((addr, host) for addr in addrs or [])
        self.addresscount = len(addrs) if addrs is not None else 1
        return True

    def new_lookup(self, st, name):
        """A name (or -q, -x): a new query, cloned from the default lookup."""
        if st.need_clone:
            st.lookup = self.default.clone()
        st.need_clone = True
        lk = st.lookup
        lk.textname = name[:MXNAME - 1]
        lk.trace_root = lk.trace or lk.ns_search_only
        lk.new_search = True
        self.greeting(st, lk)
        self.a.lookups.append(lk)
        return lk

    def set_type(self, lk, word, config_only, from_t):
        """A query type from a bare word or -t.  False: not a type."""
        if _lower(word[:5]) == "ixfr=":
            if lk.rdtypeset:
                self.err.append(";; Warning, extra type option\n")
            lk.rdtype, lk.rdtypeset = T_IXFR, True
            serial = self.parse_uint(word[5:], MAXSERIAL, "serial number")
            if serial is None:
                self.fatal("Couldn't parse serial number")
            lk.ixfr_serial = serial
            lk.section_question = self.plusquest
            lk.comments = self.pluscomm
            if not lk.tcp_mode_set:
                lk.tcp_mode = True
            return True
        rdtype = rdatatype_fromtext(word)
        if rdtype is None or rdtype == T_IXFR:
            return False
        if lk.rdtypeset:
            self.err.append(";; Warning, extra type option\n")
        lk.rdtype = rdtype
        if not (from_t and config_only):
            lk.rdtypeset = True
        if rdtype == T_AXFR:
            lk.section_question = self.plusquest
            lk.comments = self.pluscomm
        elif rdtype == T_ANY and not lk.tcp_mode_set:
            lk.tcp_mode = True
        lk.ixfr_serial = None
        return True

    def bare_word(self, st, word):
        if st.open_type_class:
            if _lower(word[:5]) != "ixfr=" and rdatatype_fromtext(word) == T_IXFR:
                self.err.append(";; Warning, ixfr requires a serial number\n")
                return
            if self.set_type(st.lookup, word, st.config_only, False):
                return
            rdclass = rdataclass_fromtext(word)
            if rdclass is not None:
                if st.lookup.rdclassset:
                    self.err.append(";; Warning, extra class option\n")
                st.lookup.rdclass, st.lookup.rdclassset = rdclass, True
                return
        if not st.config_only:
            self.new_lookup(st, word)

    def finish(self):
        a = self.a
        if a.domain is not None:
            a.usesearch = True          # dig_query_setup(): set_search_domain()
        if a.batchfile is not None:
            text = self.open_file(a.batchfile)
            if isinstance(text, OSError):
                self.err.append("%s: %s\n" % (a.batchfile, os.strerror(text.errno or 0)))
                self.fatal("couldn't open specified batch file", 8)
            a.batch_lines = _fgets_lines(text)
            # dig parses the first usable line now, the others after each query.
            while a.batch_lines:
                line = a.batch_lines.pop(0)
                if line[:1] in ("\r", "\n", "#", ";"):
                    continue
                self.parse_words(_split_batchline(line, 14), True, False)
                return
            return
        if not a.lookups:
            self.finish_root_lookup()

    def finish_root_lookup(self):
        """parse_args(): no name at all asks for the root's NS."""
        st = self.last_state
        if st.need_clone:
            st.lookup = self.default.clone()
        st.need_clone = True
        lk = st.lookup
        lk.trace_root = lk.trace or lk.ns_search_only
        lk.new_search = True
        lk.textname = "."
        lk.rdtype, lk.rdtypeset = T_NS, True
        self.greeting(st, lk)
        self.a.lookups.append(lk)

    # ---- dash_option() ------------------------------------------------
    def dash_option(self, st, option, nxt):
        """One "-..." word; True if it used the next word as its value."""
        while option and option[0] in SINGLE_DASH:
            c = option[0]
            if c == "4":
                if not self.have4:
                    self.fatal("can't find IPv4 networking")
                self.have6 = False
            elif c == "6":
                if not self.have6:
                    self.fatal("can't find IPv6 networking")
                self.have4 = False
            elif c == "d":
                if option[1:2] == "" or option[1] not in DASH_VALUE:
                    # "-d..." not followed by a dash option: must be "-debug".
                    if not _fullcheck(option, ("debug",)):
                        self.invalid("-" + option)
                    self.a.debugging = True
                    return False
                self.a.debugging = True
            elif c == "h":
                self.out.append(HELP)
                self._stop(0)
            elif c == "r":
                self.a.digrc = False
            elif c == "u":
                st.lookup.use_usec = True
            elif c == "v":
                self.err.append("DiG %s\n" % VERSION)
                self._stop(0)
            # i, m, n: deprecated or handled by preparse_args().
            if len(option) <= 1:
                return False
            option = option[1:]
        opt = option[:1]
        if len(option) > 1:
            value, from_next = option[1:], False
        else:
            value, from_next = nxt, True
        if value is None or opt not in "bcfkpqtyx" or opt == "":
            self.invalid("-" + option)
        getattr(self, "_dash_" + opt)(st, value)
        return from_next

    def _dash_b(self, st, value):
        addr, hashmark, port_text = value.partition("#")
        port = 0
        if hashmark:
            port = self.parse_uint(port_text, MAXPORT, "port number")
            if port is None:
                self.fatal("Couldn't parse port number")
        if self.have6 and _pton(socket.AF_INET6, addr):
            self.a.source, self.have4 = (addr, port), False
        elif self.have4 and _pton(socket.AF_INET, addr):
            self.a.source, self.have6 = (addr, port), False
        else:
            self.fatal("invalid address %s" % value)

    def _dash_c(self, st, value):
        if st.lookup.rdclassset:
            self.err.append(";; Warning, extra class option\n")
        st.open_type_class = False
        rdclass = rdataclass_fromtext(value)
        if rdclass is None:
            self.err.append(";; Warning, ignoring invalid class %s\n" % value)
            return
        st.lookup.rdclass, st.lookup.rdclassset = rdclass, True

    def _dash_f(self, st, value):
        self.a.batchfile = value

    def _dash_k(self, st, value):
        self.a.keyfile = value

    def _dash_p(self, st, value):
        port = self.parse_uint(value, MAXPORT, "port number")
        if port is None:
            self.fatal("Couldn't parse port number")
        self.a.port, self.a.port_set = port, True

    def _dash_q(self, st, value):
        if not st.config_only:
            self.new_lookup(st, value)

    def _dash_t(self, st, value):
        st.open_type_class = False
        if not self.set_type(st.lookup, value, st.config_only, True):
            self.err.append(";; Warning, ignoring invalid type %s\n" % value)

    def _dash_y(self, st, value):
        parts = _strtok_all(value, ":", 3)
        if len(parts) < 2:
            self.usage()
        if len(parts) == 3:
            hmac, bits = self.parse_hmac(parts[0])
            if hmac is None and self.a.tsig is not None:
                hmac = self.a.tsig[0]       # an unknown name keeps the last one
            name, secret = parts[1], parts[2]
        else:
            hmac, bits = "hmac-md5", 0
            name, secret = parts
        self.a.tsig = (hmac, bits, name, secret)

    def parse_hmac(self, text):
        if len(text) >= 20:
            self.fatal("unknown key type '%s'" % text)
        low = _lower(text)
        for name, maxbits in (("hmac-md5", 128), ("hmac-sha1", 160),
                              ("hmac-sha224", 224), ("hmac-sha256", 256),
                              ("hmac-sha384", 384), ("hmac-sha512", 512)):
            if low == name:
                return name, 0
            if low.startswith(name + "-"):
                bits = self.parse_uint(text[len(name) + 1:], maxbits,
                                       "digest-bits [0..%d]" % maxbits)
                if bits is None:
                    self.fatal("couldn't parse digest bits")
                return name, (bits + 7) & ~7
        self.err.append(";; Warning, ignoring invalid TSIG algorithm %s\n" % text)
        return None, 0

    def _dash_x(self, st, value):
        name = reverse_name(value)
        if name is None:
            self.err.append("Invalid IP address %s\n" % value)
            self._stop(1)
        if st.need_clone:
            st.lookup = self.default.clone()
        st.need_clone = True
        lk = st.lookup
        lk.textname = name
        lk.trace_root = lk.trace or lk.ns_search_only
        if not lk.rdtypeset:
            lk.rdtype = T_PTR
        if not lk.rdclassset:
            lk.rdclass = C_IN
        lk.new_search = True
        self.greeting(st, lk)
        self.a.lookups.append(lk)

    # ---- plus_option() ------------------------------------------------
    def plus_option(self, st, option, rest):
        """One "+..." word (option is the word without its "+")."""
        stripped = option.lstrip("=")
        if not stripped:
            # strtok() found no token: dig says so on stdout and goes on.
            self.out.append(";; Invalid option %s\n" % option)
            return
        lead = len(option) - len(stripped)
        cmd, eq, raw_value = stripped.partition("=")
        shown = "+" + option[:lead + len(cmd)]  # dig prints up to the '='
        value = raw_value if raw_value else None
        state = True
        if _lower(cmd[:2]) == "no":
            cmd, state = cmd[2:], False
        leaf = _walk(PLUS_TREE, cmd)
        if leaf is None:
            self.invalid(shown)
        if leaf == "=http":
            # What lies past cmd's end in memory (the arguments are stored
            # one after the other): dig's http branch reads there for short
            # words.  Past the last argument come the environment strings;
            # we take them as NULs (the tests' sentinel keeps reads short).
            after = ([raw_value] if eq else []) + list(rest)
            mem = cmd + "\0" + "\0".join(after) + "\0" * 16
            if not self.plus_http(st.lookup, cmd, mem, state, value):
                self.invalid(shown)
            return
        if leaf.startswith("="):
            leaf = leaf[1:]
        elif not _fullcheck(cmd, leaf.split("|")):
            self.invalid(shown)
        if leaf.startswith("tls"):
            if not self.plus_tls(st.lookup, leaf, cmd, state, value):
                self.invalid(shown)
            return
        if leaf in OBSOLETE:
            self.err.append(OBSOLETE[leaf])
            return
        handler = _PLUS_FLAGS.get(leaf)
        if handler is not None:
            handler(self, st, state)
            return
        result = getattr(self, "_plus_" + leaf.split("|")[0].replace("-", "_"))(
            st, state, value)
        if result == "invalid":
            self.invalid(shown)

    def plus_http(self, lk, cmd, mem, state, value):
        """+https / +https-get / +https-post / +http-plain[-get|-post]."""
        names = ("https", "https-get", "https-post",
                 "http-plain", "http-plain-get", "http-plain-post")
        if not _fullcheck(cmd, names):
            return False
        lk.https_path = None
        if not state:
            lk.https_mode = False
            return True
        lk.https_mode = True
        # dig looks at fixed positions, past the word's end for short words.
        if mem[4] == "-":
            lk.http_plain = True
            if mem[10] == "\0":
                if not _fullcheck(cmd, ("http-plain",)):
                    return False
            elif mem[10] == "-":
                if mem[11] == "p" and not _fullcheck(cmd, ("http-plain-post",)):
                    return False
                if mem[11] == "g":
                    if not _fullcheck(cmd, ("http-plain-get",)):
                        return False
                    lk.https_get = True
            else:
                return False
        else:
            if mem[5] == "\0":
                if not _fullcheck(cmd, ("https",)):
                    return False
            elif mem[5] == "-":
                if mem[6] == "p" and not _fullcheck(cmd, ("https-post",)):
                    return False
                if mem[6] == "g":
                    if not _fullcheck(cmd, ("https-get",)):
                        return False
                    lk.https_get = True
            else:
                return False
        if not lk.tcp_mode_set:
            lk.tcp_mode = state
        if value is None:
            lk.https_path = HTTP_DEFAULT_PATH
        elif http_path_isvalid(value):
            lk.https_path = value
        else:
            self.err.append(';; The given HTTP path "%s" is not a valid absolute path\n'
                            % value)
            return False
        return True

    def plus_tls(self, lk, leaf, cmd, state, value):
        if not lk.tcp_mode_set:
            lk.tcp_mode = state
        if leaf == "tls":
            lk.tls_mode = state
            return True
        if state:
            lk.tls_ca_set = True
        if not _fullcheck(cmd, (leaf,)):
            return False
        if leaf == "tls-ca":
            lk.tls_ca_set = state
            if state and value is not None:
                lk.tls_ca_file = value
            return True
        what = {"tls-certfile": "TLS certificate file is not specified",
                "tls-hostname": "TLS hostname is not specified",
                "tls-keyfile": "TLS private key file is not specified"}[leaf]
        attr = leaf.replace("-", "_")[4:]           # certfile, hostname, keyfile
        attr = {"certfile": "tls_cert_file", "hostname": "tls_hostname",
                "keyfile": "tls_key_file"}[attr]
        setattr(lk, attr + "_set", state)
        if state:
            if not value:
                self.err.append(";; %s\n" % what)
                return False
            setattr(lk, attr, value)
        return True

    # +options with a value or side effects; "invalid" means dig's goto.
    def _plus_bufsize(self, st, state, value):
        if not state:
            return "invalid"
        if value is None:
            st.lookup.udpsize = DEFAULT_EDNS_BUFSIZE
            return None
        n = self.parse_uint(value, COMMSIZE, "buffer size")
        if n is None:
            self.warn_exit("Couldn't parse buffer size")
        # dig_lookup_t's udpsize is an int16_t: 32768..65535 wrap to negative
        # numbers, which setup_lookup() then treats as "not set" (no OPT for
        # it alone, 1232 when EDNS is on anyway)
        st.lookup.udpsize = n - 0x10000 if n >= 0x8000 else n
        return None

    def _plus_comments(self, st, state, value):
        st.lookup.comments = state
        if st.lookup is self.default:
            self.pluscomm = state

    def _plus_cookie(self, st, state, value):
        lk = st.lookup
        if state and lk.edns == -1:
            lk.edns = 0
        lk.sendcookie = state
        if value is not None:
            if len(value.encode("utf-8", "surrogateescape")) >= 81:
                self.warn_exit("COOKIE data too large")
            lk.cookie = value
        else:
            lk.cookie = None

    def _plus_defname(self, st, state, value):
        if not st.lookup.trace:
            self.a.usesearch = state

    _plus_search = _plus_defname

    def _plus_dns64prefix(self, st, state, value):
        if not state:
            return
        if st.need_clone:
            st.lookup = self.default.clone()
        st.need_clone = True
        lk = st.lookup
        lk.dns64prefix = True
        lk.textname = "ipv4only.arpa"
        self.a.printcmd = False
        lk.section_additional = lk.section_authority = lk.section_question = False
        lk.section_answer = True
        lk.comments = lk.stats = False
        lk.rrcomments = -1
        lk.rdtype, lk.rdtypeset = T_AAAA, True
        self.a.lookups.append(lk)

    def _plus_dnssec(self, st, state, value):
        if state and st.lookup.edns == -1:
            st.lookup.edns = 0
        st.lookup.dnssec = state

    def _plus_domain(self, st, state, value):
        if value is None or not state:
            return "invalid"
        self.a.domain = value

    def _plus_edns(self, st, state, value):
        if not state:
            st.lookup.edns = -1
        elif value is None:
            st.lookup.edns = 0
        else:
            n = self.parse_uint(value, 255, "edns")
            if n is None:
                self.warn_exit("Couldn't parse edns")
            st.lookup.edns = n

    def _plus_ednsflags(self, st, state, value):
        if not state or value is None:
            st.lookup.ednsflags = 0
            return
        n = self.parse_uint(value, 0xFFFF, "ednsflags", base=0)
        if n is None:
            self.warn_exit("Couldn't parse ednsflags")
        if st.lookup.edns == -1:
            st.lookup.edns = 0
        st.lookup.ednsflags = n

    def _plus_ednsopt(self, st, state, value):
        lk = st.lookup
        if not state:
            lk.ednsopts = []
            return
        parts = _strtok_all(value or "", ":", 2)
        if not parts:
            self.warn_exit("ednsopt no code point specified")
        code = parts[0]
        extra = parts[1] if len(parts) > 1 else None
        if len(lk.ednsopts) >= EDNSOPT_OPTIONS:
            self.fatal("too many ednsopts")
        num = None
        for n, name in EDNS_OPTNAMES:
            if _lower(code) == _lower(name):
                num = n
                break
        if num is None:
            num = self.parse_uint(code, 65535, "ednsopt")
            if num is None:
                self.fatal("bad edns code point: %s" % code)
        data = b""
        if extra is not None:
            data = hex_decodestring(extra)
            if data is None:
                self.fatal("isc_hex_decodestring: bad hex encoding")
        lk.ednsopts.append((num, data))

    def _plus_fuzztime(self, st, state, value):
        st.lookup.fuzzing = state
        if not state:
            return
        if value is None:
            st.lookup.fuzztime = DEFAULT_FUZZTIME
            return
        n = self.parse_uint(value, 0xFFFFFFFF, "fuzztime")
        if n is None:
            self.warn_exit("Couldn't parse fuzztime")
        st.lookup.fuzztime = n

    def _plus_ndots(self, st, state, value):
        if value is None or not state:
            return "invalid"
        n = self.parse_uint(value, MAXNDOTS, "ndots")
        if n is None:
            self.warn_exit("Couldn't parse ndots")
        self.a.ndots = n

    def _plus_nsid(self, st, state, value):
        if state and st.lookup.edns == -1:
            st.lookup.edns = 0
        st.lookup.nsid = state

    def _plus_nssearch(self, st, state, value):
        lk = st.lookup
        lk.ns_search_only = state
        if state:
            lk.trace_root = lk.recurse = lk.identify = True
            lk.stats = lk.comments = False
            lk.section_additional = lk.section_authority = False
            lk.section_question = False
            lk.rdtype, lk.rdtypeset = T_NS, True
            self.a.short_form = True
            lk.rrcomments = 0

    def _plus_opcode(self, st, state, value):
        if not state:
            st.lookup.opcode = 0
            return None
        if value is None:
            return "invalid"
        for n, name in enumerate(OPCODES):
            if _lower(name) == _lower(value):
                st.lookup.opcode = n
                return None
        n = self.parse_uint(value, 15, "opcode")
        if n is None:
            self.warn_exit("Couldn't parse opcode")
        st.lookup.opcode = n
        return None

    def _plus_padding(self, st, state, value):
        if state and st.lookup.edns == -1:
            st.lookup.edns = 0
        if value is None:
            return "invalid"
        n = self.parse_uint(value, 512, "padding")
        if n is None:
            self.warn_exit("Couldn't parse padding")
        st.lookup.padding = n
        return None

    def _plus_qid(self, st, state, value):
        if not state:
            st.lookup.setqid, st.lookup.qid = False, 0
            return None
        if value is None:
            return "invalid"
        n = self.parse_uint(value, MAXQID, "qid")
        if n is None:
            self.warn_exit("Couldn't parse qid")
        st.lookup.setqid, st.lookup.qid = True, n
        return None

    def _plus_question(self, st, state, value):
        st.lookup.section_question = state
        if st.lookup is self.default:
            self.plusquest = state

    def _plus_retry(self, st, state, value):
        if value is None or not state:
            return "invalid"
        n = self.parse_uint(value, MAXTRIES - 1, "retries")
        if n is None:
            self.warn_exit("Couldn't parse retries")
        st.lookup.retries = n + 1
        return None

    def _plus_short(self, st, state, value):
        self.a.short_form = state
        if state:
            lk = st.lookup
            self.a.printcmd = False
            lk.section_additional = lk.section_authority = False
            lk.section_question = False
            lk.section_answer = True
            lk.comments = lk.stats = False
            lk.rrcomments = -1

    def _plus_showsearch(self, st, state, value):
        if not st.lookup.trace:
            self.a.showsearch = self.a.usesearch = state

    def _plus_split(self, st, state, value):
        if value is not None and not state:
            return "invalid"
        if not state:
            self.a.splitwidth = 0
            return None
        if value is None:
            return None
        n = self.parse_uint(value, 1023, "split")
        width = self.a.splitwidth if n is None else n   # unchanged if bad
        if width % 4:
            # dig rounds up in 32-bit arithmetic, so 0xffffffff becomes 0.
            width = (((width + 3) & 0xFFFFFFFF) // 4) * 4
            self.err.append(";; Warning, split must be a multiple of 4; "
                            "adjusting to %d\n" % width)
        if width:
            width = (width + 3) & 0xFFFFFFFF
        self.a.splitwidth = width
        if n is None:
            self.warn_exit("Couldn't parse split")
        return None

    def _plus_subnet(self, st, state, value):
        lk = st.lookup
        if state and value is None:
            return "invalid"
        lk.ecs = None
        if not state:
            return None
        if lk.edns == -1:
            lk.edns = 0
        lk.ecs = self.parse_netprefix(value)
        return None

    def parse_netprefix(self, value):
        """dighost.c parse_netprefix(): (address or None, prefix length)."""
        if len(value.encode("utf-8", "surrogateescape")) >= 50:
            self.fatal("invalid prefix '%s'\n" % value)
        if value == "0":
            return (None, 0)
        buf, slash, plen_text = value.partition("/")
        plen = 0xFFFFFFFF
        if slash:
            plen, why = isc_parse_uint32(plen_text, 10)
            if why is not None:
                self.fatal("invalid prefix length in '%s': %s\n" % (value, why))
        if _pton(socket.AF_INET6, buf):
            return (buf, min(plen, 128))
        if _pton(socket.AF_INET, buf):
            return (buf, min(plen, 32))
        if slash:
            # "10/8": dig pads with ".0" until it reads as an address.
            for _ in range(3):
                if len(buf) >= 48:
                    break
                buf += ".0"
                if _pton(socket.AF_INET, buf):
                    return (buf, min(plen, 32))
        self.fatal("invalid address '%s'" % value)
        return None

    def _plus_tcp(self, st, state, value):
        if not st.is_batchfile:
            st.lookup.tcp_mode = state
            st.lookup.tcp_mode_set = True

    _plus_vc = _plus_tcp

    def _plus_timeout(self, st, state, value):
        if value is None or not state:
            return "invalid"
        n = self.parse_uint(value, MAXTIMEOUT, "timeout")
        if n is None:
            self.warn_exit("Couldn't parse timeout")
        self.a.timeout = n or 1
        return None

    def _plus_trace(self, st, state, value):
        lk = st.lookup
        lk.trace = lk.trace_root = state
        if state:
            lk.recurse = lk.identify = True
            lk.comments = lk.stats = False
            lk.rrcomments = 0
            lk.section_additional = lk.section_question = False
            lk.section_authority = True
            lk.dnssec = lk.sendcookie = True
            self.a.usesearch = False

    def _plus_tries(self, st, state, value):
        if value is None or not state:
            return "invalid"
        n = self.parse_uint(value, MAXTRIES, "tries")
        if n is None:
            self.warn_exit("Couldn't parse tries")
        st.lookup.retries = n or 1
        return None

    def _plus_all(self, st, state, value):
        lk = st.lookup
        lk.section_question = lk.section_authority = state
        lk.section_answer = lk.section_additional = state
        lk.comments = lk.stats = state
        self.a.printcmd = state

    def _plus_yaml(self, st, state, value):
        self.a.yaml = state
        if state:
            self.a.printcmd = False
            st.lookup.stats = False
            st.lookup.rrcomments = -1


class _WordState:
    """parse_args()'s locals for one command line (or one batch line)."""

    def __init__(self, is_batchfile, config_only, words):
        self.words = words         # for the greeting line
        self.firstarg = True
        self.is_batchfile = is_batchfile
        self.config_only = config_only
        self.lookup = None         # the Lookup the words change now
        self.need_clone = True
        self.open_type_class = True


def _set(attr, invert=False):
    def handler(parser, st, state):
        setattr(st.lookup, attr, (not state) if invert else state)
    return handler


def _set_global(attr):
    def handler(parser, st, state):
        setattr(parser.a, attr, state)
    return handler


# +options that only set one flag of the lookup (or of dig).
_PLUS_FLAGS = {
    "aaonly|aaflag": _set("aaonly"), "additional": _set("section_additional"),
    "adflag": _set("adflag"), "answer": _set("section_answer"),
    "authority": _set("section_authority"), "badcookie": _set("badcookie"),
    "besteffort": _set("besteffort"), "cdflag": _set("cdflag"),
    "cl|class": _set("noclass", True), "cmd": _set_global("printcmd"),
    "coflag": _set("coflag"), "crypto": _set("nocrypto", True),
    "ednsnegotiation": _set("ednsneg"), "expandaaaa": _set("expandaaaa"),
    "expire": _set("expire"), "fail": _set("servfail_stops"),
    "header-only": _set("header_only"), "identify": _set("identify"),
    "idnin": _set("idnin"), "idnout": _set("idnout"), "ignore": _set("ignore"),
    "keepalive": _set("tcp_keepalive"), "keepopen": _set_global("keep_open"),
    "multiline": _set("multiline"), "onesoa": _set("onesoa"), "qr": _set("qr"),
    "raflag": _set("raflag"), "rdflag": _set("recurse"), "recurse": _set("recurse"),
    "showbadcookie": _set("showbadcookie"), "stats": _set("stats"),
    "tcflag": _set("tcflag"), "ttl|ttlid": _set("nottl", True),
    "unknownformat": _set("print_unknown_format"), "zflag": _set("zflag"),
}


def _rrcomments(parser, st, state):
    st.lookup.rrcomments = 1 if state else -1


def _ttlunits(parser, st, state):
    st.lookup.nottl = False
    st.lookup.ttlunits = state


_PLUS_FLAGS["rrcomments"] = _rrcomments
_PLUS_FLAGS["ttlunits"] = _ttlunits


# ---- helpers that mirror libisc / libdns ---------------------------------

def _walk(tree, cmd):
    """Follow PLUS_TREE along cmd; the leaf, or None where dig's switch
    has no case (goto invalid_option)."""
    node = tree
    i = 0
    while isinstance(node, dict):
        c = cmd[i] if i < len(cmd) else ""
        if c in node:
            node = node[c]
        elif None in node:
            node = node[None]
        else:
            return None
        i += 1
    return node


def _lower(text):
    """tolower() in the C locale: ASCII letters only."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _fullcheck(cmd, names):
    """FULLCHECK: cmd is a case-insensitive prefix of one of names."""
    low = _lower(cmd)
    return any(len(cmd) <= len(n) and n.startswith(low) for n in names)


def isc_parse_uint32(text, base):
    """isc_parse_uint32(): (value, None) or (None, isc_result_totext)."""
    if not text or not (text[0].isascii() and text[0].isalnum()):
        return None, "not a valid number"
    n, end = _strtoul(text, base)
    if end != len(text):
        return None, "not a valid number"
    if n is None or n > 0xFFFFFFFF:
        return None, "out of range"
    return n, None


def _strtoul(text, base):
    """C strtoul(): (value or None on overflow, index where it stopped).
    Leading blanks and a sign are taken; a '-' negates modulo 2**64."""
    i = 0
    while i < len(text) and text[i] in " \t\n\v\f\r":
        i += 1
    neg = False
    if i < len(text) and text[i] in "+-":
        neg = text[i] == "-"
        i += 1
    if base == 0:
        if _lower(text[i:i + 2]) == "0x" and _digits(text[i + 2:], 16):
            base, i = 16, i + 2
        elif text[i:i + 1] == "0":
            base = 8
        else:
            base = 10
    n = _digits(text[i:], base)
    if n == 0:
        return 0, 0                     # no digits: nothing converted
    value = int(text[i:i + n], base)
    if value > 0xFFFFFFFFFFFFFFFF:
        return None, i + n
    if neg:
        value = (-value) & 0xFFFFFFFFFFFFFFFF
    return value, i + n


def _digits(text, base):
    valid = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
    n = 0
    while n < len(text) and _lower(text[n]) in valid and text[n].isascii():
        n += 1
    return n


def rdatatype_fromtext(word):
    """dns_rdatatype_fromtext(): the type number, or None."""
    low = _lower(word)
    if low in RDATATYPES:
        return RDATATYPES[low]
    if 4 < len(word) < 10 and low.startswith("type"):
        n, end = _strtoul(word[4:], 10)
        if end == len(word) - 4 and n is not None and n <= 0xFFFF:
            return n
    return None


def rdataclass_fromtext(word):
    """dns_rdataclass_fromtext(): the class number, or None."""
    low = _lower(word)
    if low in RDATACLASSES:
        return RDATACLASSES[low]
    if 5 < len(word) < 11 and low.startswith("class"):
        n, end = _strtoul(word[5:], 10)
        if end == len(word) - 5 and n is not None and n <= 0xFFFF:
            return n
    return None


def _pton(family, text):
    try:
        socket.inet_pton(family, text)
    except (OSError, ValueError):
        return False
    return True


def reverse_name(value):
    """get_reverse(value, strict=False): the -x name, or None if too long.
    IPv6: nibbles under ip6.arpa (no final dot).  Anything else is taken as IPv4 and its
    dot-separated parts reversed blindly (so RFC 2317 names work)."""
    if _pton(socket.AF_INET6, value):
        import ipaddress  # only here: 3.5 ms of start-up otherwise

        packed = ipaddress.IPv6Address(value).packed
        nibbles = []
        for byte in reversed(packed):
            nibbles += ["%x" % (byte & 15), "%x" % (byte >> 4)]
        # dns_name_format() writes no final dot (the IPv4 form keeps its own)
        return ".".join(nibbles) + ".ip6.arpa"
    name = ".".join(reversed(value.split("."))) + ".in-addr.arpa.\0"
    if len(name.encode("utf-8", "surrogateescape")) > MXNAME:
        return None
    return name[:-1]


def base64_decodestring(text):
    """isc_base64_decodestring(): bytes, or None for 'bad base64 encoding'.
    Blanks are skipped; '=' pads only the end of the last quartet, and the
    bits it leaves over must be zero."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    out = bytearray()
    quartet = []
    seen_end = False
    for c in text:
        if c in " \t\n\r":
            continue
        if seen_end or c not in alphabet:
            return None
        quartet.append(alphabet.index(c))
        if len(quartet) < 4:
            continue
        v0, v1, v2, v3 = quartet
        quartet = []
        if v0 == 64 or v1 == 64 or (v2 == 64 and v3 != 64):
            return None
        if (v2 == 64 and v1 & 0xF) or (v3 == 64 and v2 & 0x3):
            return None
        n = 1 if v2 == 64 else 2 if v3 == 64 else 3
        if n != 3:
            seen_end = True
            v2, v3 = v2 % 64, v3 % 64
        chunk = bytes([(v0 << 2 | v1 >> 4) & 0xFF, (v1 << 4 | v2 >> 2) & 0xFF,
                       (v2 << 6 | v3) & 0xFF])
        out += chunk[:n]
    if quartet:
        return None
    return bytes(out)


def tsig_key_warning(args):
    """What dig_query_setup() prints on stdout (and then goes on, unsigned)
    when -y's key cannot be made: setup_text_key()'s ';; Couldn't create
    key NAME: REASON'.  -k (a key file) is read later, by the query code.
    Not yet checked: the key name's syntax (dns_name_fromtext)."""
    if args.keyfile is not None or args.tsig is None:
        return ""
    hmac, _bits, name, secret = args.tsig
    if base64_decodestring(secret) is None:
        why = "bad base64 encoding"
    elif hmac is None:
        why = "algorithm is unsupported"
    else:
        return ""
    return ";; Couldn't create key %s: %s\n" % (name, why)


def hex_decodestring(text):
    """isc_hex_decodestring(): bytes, or None for 'bad hex encoding'."""
    digits = [c for c in text if c not in " \t\n\r"]
    if len(digits) % 2 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None
    return bytes.fromhex("".join(digits))


def http_path_isvalid(path):
    """isc_nm_http_path_isvalid(): RFC 3986 path-absolute, read the way
    libisc's parser reads it (a bad %-escape stops the segment where it
    failed, without backing up)."""
    pos = [0]

    def at():
        return path[pos[0]] if pos[0] < len(path) else "\0"

    def pchar():
        c = at()
        if (c.isascii() and c.isalnum()) or c in "-._~!$&'()*+,;=:@":
            pos[0] += 1
            return True
        if c == "%":
            pos[0] += 1
            for _ in range(2):
                if not (at().isascii() and at() in "0123456789abcdefABCDEF"):
                    return False
                pos[0] += 1
            return True
        return False

    if at() != "/":
        return False
    pos[0] += 1
    if pchar():
        while pchar():
            pass
        while at() == "/":
            pos[0] += 1
            while pchar():
                pass
    return pos[0] == len(path)


def _strtok_all(text, delims, limit):
    """strtok_r() as dig uses it: up to limit-1 tokens split on delims, then
    the rest as the last token (taken with no delimiters)."""
    out = []
    i = 0
    while len(out) < limit - 1:
        while i < len(text) and text[i] in delims:
            i += 1
        if i >= len(text):
            return out
        j = i
        while j < len(text) and text[j] not in delims:
            j += 1
        out.append(text[i:j])
        i = j + 1
    if i < len(text):
        out.append(text[i:])
    return out


def _split_batchline(line, size):
    """split_batchline(): words separated by blanks, at most size-1 of them."""
    words = line.replace("\t", " ").replace("\r", " ").replace("\n", " ").split(" ")
    return [w for w in words if w][:size - 1]


def _fgets_lines(text):
    """The lines fgets() returns with dig's MXNAME buffer (long lines come
    in pieces of MXNAME-1 characters)."""
    out = []
    for line in text.splitlines(True):
        while len(line) > MXNAME - 1:
            out.append(line[:MXNAME - 1])
            line = line[MXNAME - 1:]
        out.append(line)
    return out


def literal_addresses(host):
    """bind9_getaddresses() for literals: ([address], None); a name:
    (None, None), left for the caller to resolve."""
    if _pton(socket.AF_INET, host):
        return [host], None
    addr, pct, scope = host.partition("%")
    if len(host) <= 127 and _pton(socket.AF_INET6, addr):
        if pct and not scope.isdigit():
            try:
                socket.if_nametoindex(scope)
            except (OSError, ValueError):
                return [], "failure"
        return [host], None
    return None, None


def _read_file(path):
    if path == "-":
        import sys
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            return f.read()
    except IsADirectoryError:
        return ""           # fopen() opens a directory; fgets() then reads nothing
    except OSError as e:
        return e


def read_digrc(env):
    """~/.digrc's text, or None: dig reads $HOME/.digrc if HOME is set."""
    home = env.get("HOME")
    if home is None:
        return None
    text = _read_file(home + "/.digrc")
    return None if isinstance(text, OSError) else text


def parse(argv, env=None, resolve=None, open_file=None, digrc_text=None,
          prog=None, stdout_isatty=False, system_setup=None):
    """Parse dig's argv (argv[0] is the program name).  env: for HOME
    (~/.digrc) unless digrc_text is given.  resolve(host) -> (addresses or
    None if to be resolved later, error text).  Raises DigExit."""
    if env is None:
        env = os.environ
    if resolve is None:
        resolve = literal_addresses
    if open_file is None:
        open_file = _read_file
    # make_empty_lookup(): IDN in and out only when stdout is a terminal.
    idn = stdout_isatty and env.get("IDN_DISABLE") is None
    p = _Parser(prog or (argv[0] if argv else "dig"), resolve, open_file, idn)
    if digrc_text is not None:
        return p.run(argv, lambda: digrc_text, system_setup)
    return p.run(argv, lambda: read_digrc(env), system_setup)


def report_error(exc, stdout, stderr):
    """Print what dig printed before stopping; return its exit status."""
    if exc.stdout:
        stdout.write(exc.stdout)
    if exc.stderr:
        stderr.write(exc.stderr)
    return exc.code


def report_warnings(args, stdout, stderr):
    """Print what a successful parse printed (warnings); before any query."""
    if args.stdout:
        stdout.write(args.stdout)
    if args.stderr:
        stderr.write(args.stderr)
