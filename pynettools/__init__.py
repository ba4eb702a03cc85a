"""pynettools: Debian 12's network tools, byte for byte, in one pure-Python multi-call program.

Also a library: pynettools.sockets(), links(), addresses(), routes(),
rules(), neighbours(), dns_query() and whois() read the machine as ss, ip,
dig and whois do and return plain records (pynettools/api.py; docs/api.md).
They are loaded on first use (PEP 562): the multi-call program imports
this package on every run, and must not pay for them.
"""

__version__ = "0.1.0"

_API_NAMES = ("sockets", "links", "addresses", "routes", "rules", "neighbours", "dns_query", "whois",
              "Socket", "Process", "Link", "Address", "Route", "NextHop", "Rule", "Neighbour",
              "DnsAnswer", "DnsRecord", "WhoisReply")


def __getattr__(name):
    if name in _API_NAMES:
        from pynettools import api

        return getattr(api, name)
    raise AttributeError("module 'pynettools' has no attribute %r" % name)


def __dir__():
    return sorted(list(globals()) + list(_API_NAMES))
