"""/etc/resolv.conf as BIND's libirs reads it for dig (irs_resconf_load).

Not glibc's reader: libirs has rules of its own, and dig follows them.
  * Words are split on blanks; "#" or ";" after blanks starts a comment up
    to the end of the line (but "nameserver 1.2.3.4#x" keeps "#x").
  * nameserver: at most 3 are kept; "nameserver" with nothing after it, or
    with a second word, makes the whole file fail ("parse of
    /etc/resolv.conf failed": dig stops, exit 1).
  * domain and search replace each other (the last one wins); search keeps
    at most 8 domains.
  * options: ndots:N, timeout:N, attempts:N (N <= 255, else the file fails);
    anything else is ignored.  Defaults: ndots 1, attempts 3, timeout 0
    (dig then uses its own 5 s for UDP, 10 s for TCP).
  * With no nameserver line libirs adds ::1 and 127.0.0.1 itself.
  * A missing file is fine (the defaults); an unreadable one fails.
Under `ip netns exec NAME`, /etc/resolv.conf is NAME's own
(/etc/netns/NAME/resolv.conf bind-mounted over it), so reading the one path
covers both.  The text comes through the kernel seam (recorded and replayed).
"""
import errno

PATH = "/etc/resolv.conf"
MAX_NAMESERVERS = 3
MAX_SEARCH = 8


class ResolvConfError(Exception):
    """The file is there but libirs refuses it."""


class ResolvConf:
    def __init__(self):
        self.nameservers = []       # address texts, as written
        self.search = []
        self.ndots = 1
        self.attempts = 3
        self.timeout = 0


def load(kernel):
    """The settings dig gets from /etc/resolv.conf (ResolvConfError when
    libirs would fail)."""
    try:
        text = kernel.read_text(PATH)
    except OSError as err:
        if err.errno == errno.ENOENT:
            return _with_fallback(ResolvConf())
        raise ResolvConfError(str(err))
    return _with_fallback(parse(text))


def _with_fallback(conf):
    if not conf.nameservers:
        conf.nameservers = ["::1", "127.0.0.1"]
    return conf


def _lines(text):
    """[(words)] per line; comments (a word starting "#" or ";") end a line."""
    out = []
    for line in text.split("\n"):
        words = []
        for word in line.split():
            if word[0] in "#;":
                break
            words.append(word)
        out.append(words)
    return out


def parse(text):
    conf = ResolvConf()
    domain, search, failed = None, [], False
    for words in _lines(text):
        if not words:
            continue
        keyword, rest = words[0], words[1:]
        if keyword == "nameserver":
            if len(rest) != 1 or not _is_address(rest[0]):
                failed = True
            elif len(conf.nameservers) < MAX_NAMESERVERS:
                conf.nameservers.append(rest[0])
        elif keyword == "domain":
            if len(rest) != 1:
                failed = True
            else:
                domain, search = rest[0], []
        elif keyword == "search":
            if not rest:
                failed = True
            else:
                domain, search = None, rest[:MAX_SEARCH]
        elif keyword == "options":
            if not rest or not _options(conf, rest):
                failed = True
    if failed:
        raise ResolvConfError("parse of %s failed" % PATH)
    conf.search = [domain] if domain is not None else search
    return conf


def _options(conf, words):
    for word in words:
        for name in ("ndots", "attempts", "timeout"):
            if word.startswith(name + ":"):
                value = word[len(name) + 1:]
                # resconf_optionnumber(): strtol, whole word, at most 255
                if not value.isdigit() or int(value) > 255:
                    return False
                setattr(conf, name, int(value))
    return True


def _is_address(text):
    """add_server(): a numeric address (getaddrinfo AI_NUMERICHOST), an
    IPv6 one possibly with %zone."""
    import ipaddress

    try:
        ipaddress.ip_address(text.partition("%")[0])
        return True
    except ValueError:
        return False
