"""What is sent to a server: whois.c's queryformat(), and the first lines of
query_crsnic() for Verisign-style thin registries.

  RIPE-like servers (servers.RIPE_SERVERS)  "-V Md5.5.17 " + flags + query
  any other server with flags               flags + query, after the warning
                                            "Warning: RIPE flags used with a
                                            traditional server." on stdout
  the server's charset options              "-C UTF-8 " (servers.SERVER_CHARSETS)
  whois.denic.de, a .de name, no flags      "-T dn,ace " + query
  whois.dk-hostmaster.dk, a .dk name        "--show-handles " + query
  whois.nic.ad.jp, "AS123"                  "AS 123"
  whois.arin.net                            "a 123" for AS123, "n + ADDR" for
                                            an address, "r + = NET/LEN" for a
                                            network; nothing with a space
  whois.nic.ad.jp and whois.jprs.jp         "/e" appended (English) unless
                                            $LC_MESSAGES (or else $LANG) is ja*
Verisign (query_crsnic): "domain " + query when it has exactly one dot and
no '=', '~' or ' ' (more dots: a name server).
"""
from pynettools.tools.whois import choose, servers


class Charset:
    """simple_recode's state: the charset replies are converted from, and
    whether its converter is open (queryformat() forgets the charset only
    when one was opened: a server whose reply printed nothing leaves its
    charset to the next)."""

    def __init__(self):
        self.name = None
        self.opened = False
        self.state = {}  # a stateful converter's state between lines (ISO-2022-JP's)

    def close(self):
        if self.opened:
            self.opened = False
            self.name = None
            self.state = {}


def queryformat(server, flags, query, client_tag, charset, environ, say):
    """The query string for `server`; say(text) prints the warning (a line, translated)."""
    buf = ""
    ripe = server in servers.RIPE_SERVERS
    if ripe:
        buf += "-V %s " % client_tag
    if flags:
        if not ripe:
            say("Warning: RIPE flags used with a traditional server.")
        buf += flags
    charset.close()
    for name, code, options in servers.SERVER_CHARSETS:
        if name == server:
            charset.name = code
            if options:
                buf += options + " "
            break
    if charset.name is None and " " not in query and choose.is_new_gtld(query):
        charset.name = "utf-8"
    if ripe or " " in query or flags:
        pass
    elif server == "whois.denic.de" and choose.in_domain(query, "de"):
        buf += "-T dn,ace "
    elif server == "whois.dk-hostmaster.dk" and choose.in_domain(query, "dk"):
        buf += "--show-handles "
    buf += _mangled(server, query, ripe)
    if not ripe and server in ("whois.nic.ad.jp", "whois.jprs.jp") and not _japanese(environ):
        buf += "/e"
    return buf


def _is_as(query):
    return choose.caseeq(query[:2], "as") and len(query) > 2 and choose.isdigit(query[2])


def _mangled(server, query, ripe):
    if not ripe and server == "whois.nic.ad.jp" and _is_as(query):
        return "AS " + query[2:]
    if not ripe and server == "whois.arin.net" and " " not in query:
        if _is_as(query):
            return "a " + query[2:]
        if choose.inet_aton(query) or ":" in query:
            return ("r + = " if "/" in query else "n + ") + query
    return query


def _japanese(environ):
    """japanese_locale() is true when the messages are *not* Japanese: only
    $LC_MESSAGES, or else $LANG, is looked at (not $LC_ALL)."""
    lang = environ.get("LC_MESSAGES")
    if lang is not None:
        return lang.startswith("ja")
    lang = environ.get("LANG")
    return bool(lang and lang.startswith("ja"))


def crsnic_query(query):
    """query_crsnic(): "domain NAME" for a domain, the bare query otherwise."""
    if query.count(".") == 1 and not any(c in query for c in "=~ "):
        return "domain " + query
    return query
