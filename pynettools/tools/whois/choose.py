"""Which server to ask: whois.c's guess_server() and its helpers, pure
functions over the tables of servers.py.

guess_server(query) returns a host name, "" (no idea: $WHOIS_SERVER or
whois.arin.net), or one of the control codes servers.py's docstring lists.
The order of the tests is the original's and decides everything:

  1. a ':' -> IPv6 (or an RPSL "AS...:" set): the first 32 bits against IPV6
  2. an '@' -> an e-mail address: nothing known
  3. no '.' -> a bare TLD or new gTLD: IANA
  4. no '.' and no '-' -> "AS123" (16-bit table), "!handle" (Network
     Solutions), or nothing known
  5. "AS1.2" -> asdot 32-bit AS number
  6. an IPv4 address (sscanf "%lu.%lu.%lu.%lu", optionally "/len") -> IPV4
  7. a name under a TLD_SERVERS zone (first match), then under a new gTLD
     (whois.nic.GTLD)
  8. no '.' but a '-': a NIC handle by prefix, then by suffix; else a
     network name ("")
  9. anything else: nothing known
"""
from pynettools.tools.whois import cscan, servers

UNKNOWN = "\x05"
UNALLOCATED = "\x06"


def lower(s):
    """ASCII-only lower case, as strcasecmp compares (C locale)."""
    return s.translate(_LOWER)


_LOWER = {c: c + 32 for c in range(65, 91)}


def caseeq(a, b):
    return lower(a) == lower(b)


def endcaseeq(dom, tld):
    """endstrcaseeq(): dom ends with tld (both non-empty)."""
    if not dom or not tld or len(tld) > len(dom):
        return False
    return caseeq(dom[len(dom) - len(tld):], tld)


def in_domain(dom, tld):
    """in_domain(): dom is a name under zone tld ("x.com" under "com", not
    "com" nor ".com" itself)."""
    if not dom or not tld:
        return False
    if len(tld) >= len(dom) - 1:
        return False
    start = len(dom) - len(tld)
    return dom[start - 1] == "." and caseeq(dom[start:], tld)


def is_new_gtld(s):
    for gtld in servers.NEW_GTLDS:
        if in_domain(s, gtld):
            return gtld
    return None


def isdigit(c):
    return "0" <= c <= "9"


def guess_server(s):
    if ":" in s:
        return _ipv6(s)
    if "@" in s:
        return UNKNOWN
    if "." not in s:
        for tld, _ in servers.TLD_SERVERS:
            if caseeq(s, tld):
                return "whois.iana.org"
        for gtld in servers.NEW_GTLDS:
            if caseeq(s, gtld):
                return "whois.iana.org"
    if "." not in s and "-" not in s:
        if caseeq(s[:2], "as") and len(s) > 2 and (isdigit(s[2]) or s[2] == " "):
            return whereas(cscan.ulong(cscan.atol(s[2:])))
        if s.startswith("!"):
            return "whois.networksolutions.com"
        return UNKNOWN
    if caseeq(s[:2], "as") and len(s) > 2:
        asn = asn32_to_long(s[2:])
        if asn:
            return whereas32(asn)
    ip = inet_aton(s)
    if ip:
        for net, mask, server in servers.IPV4:
            if ip & mask == net:
                return server
        return UNKNOWN
    for tld, server in servers.TLD_SERVERS:
        if in_domain(s, tld):
            return server
    gtld = is_new_gtld(s)
    if gtld:
        return "whois.nic." + gtld
    if "." not in s:
        return _nic_handle(s)
    return UNKNOWN


def _ipv6(s):
    colon = s.index(":")
    if caseeq(s[:2], "as"):  # RPSL hierarchical objects (AS123:RS-FOO)
        if len(s) > 2 and isdigit(s[2]):
            return whereas(cscan.ulong(cscan.atol(s[2:])))
        return ""
    prefix = cscan.ulong(cscan.strtol(s, 16)[0])
    if prefix == 0:
        return UNKNOWN
    net = cscan.ulong((prefix << 16) + cscan.ulong(cscan.strtol(s[colon + 1:], 16)[0]))
    for first, length, server in servers.IPV6:
        mask = (cscan.ULONG_MAX << (32 - length)) & cscan.ULONG_MAX
        if net & mask == first:
            return server
    return UNALLOCATED


def _nic_handle(s):
    for prefix, server in servers.NIC_HANDLE_PREFIXES:
        if caseeq(s[:len(prefix)], prefix):
            return server
    for suffix, server in servers.NIC_HANDLE_SUFFIXES:
        if endcaseeq(s, suffix):
            return server
    return ""


def whereas32(asn):
    for first, last, server in servers.AS32:
        if first <= asn <= last:
            return server
    return UNALLOCATED


def whereas(asn):
    if asn > 65535:
        return whereas32(asn)
    for first, last, server in servers.AS16:
        if first <= asn <= last:
            return server
    return UNALLOCATED


def inet_aton(s):
    """myinet_aton(): "%lu.%lu.%lu.%lu%c" with 4 items, or 5 when the fifth is
    '/'; each part at most 255.  0 for anything else (and for 0.0.0.0)."""
    got = cscan.scan(s, ("%lu", ".", "%lu", ".", "%lu", ".", "%lu", "%c"))
    if got == -1 or not (len(got) == 4 or (len(got) == 5 and got[4] == "/")):
        return 0
    a, b, c, d = got[:4]
    if a > 255 or b > 255 or c > 255 or d > 255:
        return 0
    return (a << 24) + (b << 16) + (c << 8) + d


def asn32_to_long(s):
    got = cscan.scan(s, ("%lu", ".", "%lu", "%c"))
    if got == -1 or len(got) != 2:
        return 0
    a, b = got
    if a > 65535 or b > 65535:
        return 0
    return (a << 16) + b


# ---- the special addresses handle_query() turns into IPv4 ones --------------------

def convert_6to4(s):
    got = cscan.scan(s, ("2002:", "%x", ":", "%x", "%c"))
    items = got if got == -1 else len(got)
    if items <= 0 or items == 2 or (items == 3 and got[2] != ":"):
        return "0.0.0.0"
    if items == 1:
        again = cscan.scan(s, ("2002:", "%x", ":", "%c"))
        if again == -1 or len(again) != 2 or again[1] != ":":
            return "0.0.0.0"
        a, b = got[0], 0
    else:
        a, b = got[0], got[1]
    return "%d.%d.%d.%d" % (a >> 8, a & 0xFF, b >> 8, b & 0xFF)


def convert_teredo(s):
    got = cscan.scan(s, ("2001:",) + ("%*[^:]", ":") * 5 + ("%x", ":", "%x"))
    if got == -1 or len(got) != 2:
        return "0.0.0.0"
    a, b = got[0] ^ 0xFFFF, got[1] ^ 0xFFFF
    return "%d.%d.%d.%d" % (a >> 8, a & 0xFF, b >> 8, b & 0xFF)


def _octet(s):
    """strtol(s, &end, 10) for convert_inaddr: (value, rest) or None when
    out of 0..255 or not followed by '.'."""
    value, end = cscan.strtol(s, 10)
    if value < 0 or value > 255 or s[end:end + 1] != ".":
        return None
    return value, s[end + 1:]


def convert_inaddr(s):
    """N.in-addr.arpa, N.M.in-addr.arpa or N.M.O.in-addr.arpa -> O.M.N.0."""
    first = _octet(s)
    if first is None:
        return "0.0.0.0"
    a, rest = first
    b = c = 0
    if in_domain(rest, "in-addr.arpa"):
        second = _octet(rest)
        if second is None:
            return "0.0.0.0"
        b, rest = second
        if in_domain(rest, "in-addr.arpa"):
            third = _octet(rest)
            if third is None:
                return "0.0.0.0"
            c, rest = third
            if in_domain(rest, "in-addr.arpa"):
                return "0.0.0.0"
        else:
            c, b, a = b, a, 0
    else:
        c, a = a, 0
    return "%d.%d.%d.0" % (c, b, a)


def convert_in6arpa(s):
    """The nibbles before ".ip6.arpa", reversed, a ':' after every fourth
    (at most 39 characters); stops quietly at the first thing that is not a
    hex digit between dots."""
    end = s.find(".ip6.arpa")
    if end <= 0:
        return ""
    out = []
    p = end - 1
    digits = 1
    while True:
        if s[p] not in "0123456789abcdefABCDEF":
            return "".join(out)
        out.append(s[p])
        if p == 0 or len(out) == 39:
            break
        if digits % 4 == 0:
            out.append(":")
        digits += 1
        p -= 1
        if s[p] != "." or p == 0:
            return "".join(out)
        p -= 1
    return "".join(out)
