"""dig: BIND 9.18's DNS lookup utility as Debian 12 ships it
(bind9-dnsutils 1:9.18.49-1~deb12u3).  Being built: args.py reads the
command line; the query and printing parts come later.  Not yet listed
in pynettools.cli.TOOLS.
"""
