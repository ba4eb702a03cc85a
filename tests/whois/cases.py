"""whois golden cases (whois 5.5.17, Debian 12), in the whois lab.

Every case runs in tests/whois/labs.py's lab: the registries' names resolve
(main's /etc/hosts) to tests/whois/whoisserver.py, which plays each of
them; what a server answers is chosen by the query (the server's docstring
lists the names: example.com is referred to MarkMonitor, loop.com to a
chain of 21 referrals, huge.com to a 600 kB reply, ...).  The cases go
from the command line to the server choice, the query strings, the
referral styles, -H, the charsets, and the servers that misbehave.
"""
from tests.harness.cases import Case

LAB = "whois"
CASES = []


def add(name, args, note="", env=None, **kwargs):
    CASES.append(Case("whois", name, ["whois"] + list(args), lab=LAB, note=note, env=env, **kwargs))


UTF8 = {"LC_ALL": "C.UTF-8"}

# ---- the command line ----------------------------------------------------------------------------
add("help", ["--help"], "usage on stdout, exit 0")
add("version", ["--version"])
add("no-args", [], "usage on stderr, exit 1")
add("bad-option", ["-Y", "example.com"])
add("missing-arg", ["-h"])
add("missing-arg-long", ["example.com", "--host"])
add("ambiguous-long", ["--ver", "example.com"], "--verbose or --version")
add("abbreviated-long", ["--verb", "example.com"])
add("persistent-connection", ["--persistent-connection", "example.com"], "-k: in the table, handled by nobody: usage")
add("help-wins-late", ["example.com", "--help"])
add("whois-options-env", ["example.com"], env={"WHOIS_OPTIONS": "--verbose  -H"})
add("whois-options-bad", ["example.com"], env={"WHOIS_OPTIONS": "-Z"})
add("double-dash", ["--", "-B"], "an object that looks like an option")
add("operands-joined", ["-h", "whois.ripe.net", "a", "b", "c"], "operands joined with spaces")
add("query-trailing-dots", ["example.com..."])

# ---- no server: messages ---------------------------------------------------------------------------
add("email", ["user@example.com"])
add("tld-none", ["example.mil"], "This TLD has no whois server.")
add("tld-web", ["example.ao"], "the web page instead")
add("as-unallocated", ["AS1.2"])
add("handle-unknown", ["FOOBAR"], "no dot, no hyphen: an unknown kind of object")
add("ipv6-unallocated", ["fe80::1"])
add("ipv6-zero", ["::1"])
add("dotted-unknown", ["foo.unknowntld"])
add("ipv4-zero", ["0.0.0.0"])

# ---- a thin registry (Verisign) and the registrars it names ---------------------------------------
add("com", ["example.com"], "Verisign, then MarkMonitor (no 'Found a referral' line for thin registries)")
add("com-verbose", ["--verbose", "example.com"])
add("com-hide", ["-H", "example.com"], "Verisign's TERMS OF USE and MarkMonitor's disclaimer hidden")
add("com-hide-env", ["example.com"], env={"WHOIS_HIDE": "1"})
add("com-no-recursion", ["--no-recursion", "example.com"])
add("com-uppercase", ["EXAMPLE.COM"], "lower-cased by libidn2")
add("com-nomatch", ["nomatch.com"], "no referral: exit 1")
add("com-nomatch-hide", ["-H", "nomatch.com"])
add("com-noregistrar", ["noregistrar.com"], "a record without a registrar server: exit 1")
add("com-blank-registrar", ["blank.com"], "an empty registrar server: exit 0")
add("com-nameserver", ["ns1.example.com"], "two dots: no 'domain ', a Server Name record")
add("com-nameserver-nomatch", ["www.example.com"])
add("com-referral-upper", ["upper.com"], "the registrar's name as given (not lower-cased)")
add("com-referral-spaced", ["spaced.com"], "the registrar's name ends at a space")
add("com-referral-port", ["port.com"], "host:port from a thin registry is not split")
add("com-referral-unknown", ["unknown.com"], "the registrar's name does not resolve")
add("com-referral-refused", ["refused.com"], "the registrar refuses the connection")
add("com-godaddy", ["godaddy.com"])
add("com-tucows", ["tucows.com"])
add("net", ["example.net"])
add("cc", ["example.cc"], "ccwhois.verisign-grs.com")
add("com-port-option", ["-p", "43", "example.com"], "-p: Verisign on 43 anyway, the registrar on -p's port")
add("com-port-4343", ["-p", "4343", "example.com"])
add("com-direct", ["-h", "whois.verisign-grs.com", "example.com"], "asked directly: no 'domain ' prefix")
add("com-with-space", ["example", "com"])
add("com-equals", ["=example.com"], "'=' keeps the query bare")
add("com-trailing-dot-verbose", ["--verbose", "example.com."])

# ---- an Afilias-style registry (RECURSIVE) ----------------------------------------------------------
add("bz", ["example.bz"])
add("bz-hide", ["-H", "example.bz"])
add("bz-nomatch", ["nomatch.bz"])
add("bz-noregistrar", ["noregistrar.bz"])
add("bz-no-recursion", ["--no-recursion", "example.bz"])
add("bz-verbose", ["--verbose", "example.bz"])

# ---- IANA first (-I) -----------------------------------------------------------------------------------
add("iana-com", ["-I", "example.com"])
add("iana-org", ["-I", "example.org"])
add("iana-unknown", ["-I", "example.zz"], "0 objects: exit 1")
add("iana-verbose", ["--verbose", "-I", "example.de"])
add("iana-no-recursion", ["-I", "--no-recursion", "example.com"], "IANA's referral is followed all the same")
add("iana-tld", ["com"], "a bare TLD goes to IANA")
add("iana-gtld", ["xyz"])
add("iana-loop", ["-I", "example.loop"])

# ---- ARIN and its referral styles ----------------------------------------------------------------------
add("arin-ip", ["23.0.0.1"], "'n + ADDR'")
add("arin-private", ["10.1.2.3"])
add("arin-cidr", ["23.0.0.0/8"], "'r + = NET'")
add("arin-verbose", ["--verbose", "23.0.0.1"])
add("arin-to-ripe", ["-h", "whois.arin.net", "193.0.0.1"], "ReferralServer: whois://whois.ripe.net")
add("arin-to-lacnic", ["-h", "whois.arin.net", "200.0.0.1"], "whois://whois.lacnic.net/ (a trailing slash)")
add("arin-to-afrinic", ["-h", "whois.arin.net", "41.0.0.1"])
add("arin-to-apnic", ["-h", "whois.arin.net", "1.0.0.1"])
add("arin-rwhois", ["208.0.0.1"], "rwhois://host:port/")
add("arin-loop", ["205.0.0.1"], "a referral into the chain of 21")
add("arin-refused", ["206.0.0.1"], "the referred server refuses")
add("arin-http", ["207.0.0.1"], "an http:// ReferralServer is no referral: the next one is")
add("arin-no-recursion", ["--no-recursion", "-h", "whois.arin.net", "193.0.0.1"])
add("arin-as", ["-h", "whois.arin.net", "AS3333"], "'a 3333', then RIPE")
add("arin-as-plain", ["-h", "whois.arin.net", "AS64000"])
add("arin-space", ["-h", "whois.arin.net", "193.0.0.1", "x"], "a space: no 'n + ', no referral")
add("arin-ipv6", ["2600::1"])
add("arin-flags", ["-h", "whois.arin.net", "-r", "23.0.0.1"], "RIPE flags with a traditional server")
add("arin-default", ["NET-EXAMPLE-1"], "a network name: the default server")
add("whois-server-env", ["FOO-BAR"], env={"WHOIS_SERVER": "whois.ripe.net"})
add("whois-server-env-port", ["FOO-BAR"], env={"WHOIS_SERVER": "whois.registry.test:4343"})
add("whois-server-env-empty", ["FOO-BAR"], env={"WHOIS_SERVER": ""})

# ---- RIPE-like servers and their flags -----------------------------------------------------------------
add("ripe-ip", ["193.0.0.1"], "'-V Md5.5.17 ', ISO-8859-1 bytes")
add("ripe-ip-utf8", ["193.0.0.1"], "ISO-8859-1 recoded into UTF-8", env=UTF8)
add("ripe-verbose", ["--verbose", "193.0.0.1"])
add("ripe-flags", ["-B", "-G", "-r", "193.0.0.1"])
add("ripe-all-flags", ["-a", "-b", "-B", "-c", "-d", "-F", "-G", "-K", "-l", "-L", "-m", "-M", "-r", "-R", "-x",
                       "193.0.0.1"])
add("ripe-valued-flags", ["-i", "mnt-by", "-T", "inetnum,route", "-s", "RIPE", "FOO-MNT"])
add("ripe-template", ["-t", "person"], "no object needed; whois.ripe.net")
add("ripe-verbose-template", ["-v", "inetnum", "ignored"], "operands dropped")
add("ripe-q", ["-q", "sources"])
add("ripe-types", ["--types"])
add("ripe-long-flags", ["--list-versions", "--show-tag-info", "193.0.0.1"])
add("ripe-long-valued", ["--diff-versions", "1:2", "--filter-tag-include", "foo", "AS3333"])
add("ripe-exact-long", ["--exact", "ignored", "193.0.0.1"], "--exact takes a value and drops it")
add("ripe-g", ["-g", "RIPE:3:1-2"])
add("ripe-client-tag", ["-V", "Xx9.9", "193.0.0.1"])
add("ripe-as", ["AS3333"])
add("ripe-as-space", ["AS", "3333"])
add("ripe-as32", ["AS4200000001"])
add("ripe-handle", ["EXAMPLE-RIPE"], "a -RIPE handle")
add("ripe-rpsl-set", ["AS3333:AS-EXAMPLE"])
add("ripe-prefix-handle", ["AS-EXAMPLE"], "as- prefix: RIPE")
add("apnic-ip", ["1.0.0.1"])
add("apnic-ipv6", ["2001:db8::1"], "whois.apnic.net has an IPv6 address: asked over IPv6")
add("lacnic-ip", ["200.0.0.1"])
add("afrinic-ip", ["41.0.0.1"])
add("jpnic-ip", ["133.0.0.1"], "whois.nic.ad.jp: '/e'")
add("jpnic-as", ["-h", "whois.nic.ad.jp", "AS2500"], "'AS 2500/e'")
add("jpnic-ja", ["133.0.0.1"], env={"LANG": "ja_JP.UTF-8"})
add("krnic-ip", ["211.32.0.1"])
add("referto", ["-h", "whois.ripe.net", "6bone.example"], "'% referto: whois -h H -p P ...'")
add("referto-no-recursion", ["--no-recursion", "-h", "whois.ripe.net", "6bone.example"])

# ---- addresses converted before the choice --------------------------------------------------------------
add("6to4", ["2002:c100:0001::1"])
add("6to4-short", ["2002:c100::"])
add("teredo", ["2001:0:4136:e378:8000:63bf:3fff:fdd2"])
add("in-addr", ["1.0.193.in-addr.arpa"])
add("in-addr-short", ["193.in-addr.arpa"])
add("ip6-arpa", ["0.0.0.0.0.0.6.2.ip6.arpa"])

# ---- thick registries: charsets, disclaimers, query forms -----------------------------------------------
add("de", ["example.de"], "'-T dn,ace ', UTF-8 bytes kept in the C locale")
add("de-flags", ["-h", "whois.denic.de", "-T", "dn", "example.de"], "flags: no '-T dn,ace'")
add("de-idn-c", ["müller.de"], "the C locale: libidn2 cannot convert")
add("de-idn-utf8", ["müller.de"], "a UTF-8 locale: xn--mller-kva.de", env=UTF8)
add("de-ace", ["XN--MLLER-KVA.DE"])
add("org", ["example.org"])
add("org-hide", ["-H", "example.org"], "PIR's disclaimer hidden to the end")
add("be", ["example.be"])
add("be-hide", ["-H", "example.be"], "DNS Belgium's disclaimer hidden up to the blank line")
add("be-broken", ["-H", "broken.be"], "the blank line never comes")
add("eu", ["example.eu"])
add("eu-hide", ["-H", "example.eu"], "EURid's disclaimer hidden through its last line")
add("eu-broken", ["-H", "broken.eu"], "Catastrophic error")
add("cr-hide", ["-H", "example.cr"])
add("xyz", ["example.xyz"], "a new gTLD: whois.nic.xyz, UTF-8")
add("xyz-utf8", ["example.xyz"], env=UTF8)
add("xyz-hide", ["-H", "example.xyz"], "CentralNic's disclaimer hidden up to the blank line")
add("jp", ["example.jp"], "ISO-2022-JP: its escape sequences swallowed in the C locale")
add("jp-ja", ["example.jp"], env={"LC_MESSAGES": "ja_JP"})
add("br", ["example.com.br"], "ISO-8859-1")
add("br-utf8", ["example.com.br"], env=UTF8)
add("kg", ["example.kg"], "CP1251")
add("kg-utf8", ["example.kg"], env=UTF8)
add("dk", ["example.dk"], "'--show-handles ', and the charset option '--charset=utf-8'")
add("cat", ["example.cat"], "'-C UTF-8 '")
add("it", ["example.it"])
add("uk", ["example.co.uk"])
add("centralnic", ["example.uk.com"], "a zone under .com served by CentralNic")
add("club", ["example.club"])
add("networksolutions-handle", ["!NSI123"])
add("markmonitor-hide", ["-H", "-h", "whois.markmonitor.com", "example.com"], "hidden to the end")

# ---- -h, -p, host:port ------------------------------------------------------------------------------------
add("host-port-option", ["-h", "whois.registry.test", "-p", "4343", "x"])
add("host-colon-port", ["-h", "whois.registry.test:4343", "x"])
add("host-uppercase", ["-h", "WHOIS.REGISTRY.TEST:4343", "x"], "lower-cased by split_server_port")
add("host-port-keeps-case", ["-h", "WHOIS.REGISTRY.TEST", "-p", "4343", "x"], "-p: the name kept as given")
add("host-ipv4", ["-h", "198.51.100.7", "x"])
add("host-ipv6", ["-h", "2001:db8:1::6", "193.0.0.1"])
add("host-ipv6-brackets", ["-h", "[2001:db8:1::6]:43", "193.0.0.1"])
add("host-ipv6-brackets-noport", ["-h", "[2001:db8:1::6]", "193.0.0.1"])
add("host-empty-port", ["-h", "whois.registry.test:", "x"])
add("port-name", ["-h", "whois.registry.test", "-p", "nicname", "x"])
add("port-bad", ["-h", "whois.registry.test", "-p", "bogus", "x"], "getaddrinfo: Servname not supported")
add("host-unknown", ["-h", "whois.nowhere.test", "x"])
add("host-refused", ["-h", "whois.refused.test", "x"])
add("host-multi", ["-h", "whois.multi.test", "x"], "two addresses: the first refuses, the second answers")
add("host-and-iana", ["-h", "whois.ripe.net", "-I", "example.com"], "the last of -h and -I wins")

# ---- servers that misbehave ---------------------------------------------------------------------------------
add("loop-chain", ["loop.com"], "21 referrals, each 'Found a referral'")
add("loop-direct", ["-h", "whois.loop.test", "x"])
add("loop-verbose", ["--verbose", "-h", "whois.loop.test:4318", "x"])
add("huge", ["huge.com"], "6000 lines, a few longer than 1999 bytes: cut in pieces")
add("huge-direct", ["-h", "whois.huge.test", "x"])
add("garbage", ["-h", "whois.garbage.test", "x"], "NULs, lone CRs, invalid UTF-8, long lines")
add("garbage-hide", ["-H", "-h", "whois.garbage.test", "x"])
add("garbage-utf8", ["-h", "whois.garbage.test", "x"], env=UTF8)
add("garbage-referral", ["garbage.com"], "its ReferralServer line (a NUL inside) is followed")
add("early-close", ["early.com"], "half a line, then EOF")
add("early-close-empty", ["-h", "whois.earlyclose.test", "empty"], "nothing at all")
add("reset", ["reset.com"], "lines, then a reset: fgets fails")
add("stall", ["-h", "whois.stall.test", "x"], "one line, then nothing: Ctrl-C",
    stop_after=1.0, stop_signal="SIGINT")
add("stall-sigterm", ["stall.com"], "SIGTERM while waiting", stop_after=1.0, stop_signal="SIGTERM")
add("jp-utf8", ["example.jp"], "ISO-2022-JP converted into UTF-8", env=UTF8)
add("eu-idn-sigma", ["ΣΑΣ.eu"], "a Greek name in a UTF-8 locale: sigma mapped to σ, not ς", env=UTF8)

# ---- translations: C.UTF-8 with $LANGUAGE (whois.mo, and libc-l10n's libc.mo for glibc's texts) --------------
DE = {"LC_ALL": "C.UTF-8", "LANGUAGE": "de"}
add("lang-de-no-server", ["user@example.com"], "German message", env=DE)
add("lang-de-help", ["--help"], "the usage, translated piece by piece", env=DE)
add("lang-de-verbose", ["--verbose", "2002:c100:0001::1"], env=DE)
add("lang-de-unresolved", ["-h", "whois.nowhere.test", "x"], "gai_strerror from libc.mo", env=DE)
add("lang-de-refused", ["-h", "whois.refused.test", "x"], "strerror from libc.mo", env=DE)
add("lang-fr-tld-web", ["example.ao"], env={"LC_ALL": "C.UTF-8", "LANGUAGE": "fr"})
add("lang-ja-verbose", ["--verbose", "example.com"], env={"LC_ALL": "C.UTF-8", "LANGUAGE": "ja:de"})
add("lang-unknown", ["user@example.com"], "no catalogue for xx: English", env={"LC_ALL": "C.UTF-8", "LANGUAGE": "xx"})
add("lang-c-ignores-language", ["user@example.com"], "the C locale: $LANGUAGE ignored", env={"LANGUAGE": "de"})
add("locale-missing", ["müller.de"], "en_US.UTF-8 is not installed: the C locale, no IDN", env={"LC_ALL": "en_US.UTF-8"})
add("locale-missing-recode", ["193.0.0.1"], "the C locale: ISO-8859-1 bytes as they are", env={"LC_ALL": "en_US.UTF-8"})
add("locale-one-missing", ["müller.de"], "LC_CTYPE is there, LANG is not: setlocale fails as a whole",
    env={"LC_ALL": "", "LC_CTYPE": "C.UTF-8", "LANG": "xx_YY.UTF-8"})
add("locale-ctype-only", ["müller.de"], env={"LC_ALL": "", "LC_CTYPE": "C.UTF-8"})

# ---- getopt's messages from libc-l10n's libc.mo (glibc's own translations) ---------------------------------
add("lang-de-getopt-invalid", ["-Z", "x"], "German, a translation without quotes around %c", env=DE)
add("lang-de-getopt-needs-arg", ["x", "-h"], env=DE)
add("lang-de-getopt-unrecognized", ["--foo=1", "x"], env=DE)
add("lang-de-getopt-ambiguous", ["--s", "x"], "translated head, the possibilities as glibc prints them", env=DE)
add("lang-de-getopt-no-arg", ["--no-rec=3", "x"], env=DE)
add("lang-de-getopt-long-needs-arg", ["x", "--host"], env=DE)
add("lang-fr-getopt-unrecognized", ["--foo", "x"], "French: a no-break space, and its translation ends in two newlines",
    env={"LC_ALL": "C.UTF-8", "LANGUAGE": "fr"})
add("lang-ja-getopt-needs-arg", ["x", "-p"], "Japanese", env={"LC_ALL": "C.UTF-8", "LANGUAGE": "ja"})
add("lang-ja-getopt-untranslated", ["--foo", "x"], "ja's libc.mo lacks this text: English",
    env={"LC_ALL": "C.UTF-8", "LANGUAGE": "ja"})
add("lang-uk-getopt-ambiguous", ["--show", "x"], "Ukrainian", env={"LC_ALL": "C.UTF-8", "LANGUAGE": "uk"})
add("lang-zh-getopt-invalid-utf8", ["-é", "x"], "Chinese: each byte of é its own invalid option",
    env={"LC_ALL": "C.UTF-8", "LANGUAGE": "zh_CN"})
add("lang-c-getopt-ignores-language", ["-Z", "x"], "the C locale: English", env={"LANGUAGE": "de"})
