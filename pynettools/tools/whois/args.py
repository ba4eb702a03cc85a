"""whois 5.5.17's command line: main()'s getopt_long loop, $WHOIS_OPTIONS,
the RIPE flags gathered into one string, the operands joined into the query.

    whois [OPTION]... OBJECT...

RIPE flags (-a -b -B -c -d -F -G -K -l -L -m -M -r -R -x, and with a value
-g -i -s -T -t -v -q) are not interpreted: each goes into `flags` as
"-X " or "-X VALUE ", long RIPE options as "--name " or "--name VALUE ",
and the server gets them in front of the query.  -t, -v, -q and the long
options of the "-q" kind (--types, --list-sources...) need no object.
"""

OPTSTRING = "abBcdFg:Gh:Hi:IKlLmMp:q:rRs:t:T:v:V:x"
RIPE_FLAGS = "abBcdFGKlLmMrRx"
RIPE_FLAGS_WITH_VALUE = "gisTtvq"
VERSION = "5.5.17"
IDSTRING = "Md" + VERSION

# whois.c's longopts[], in its order (abbreviations resolve by this order).
# The numbers are its own: 1 --version, 2 --verbose, 3 --help, 4
# --no-recursion; 10 a long RIPE flag, 11 one with a value, 12 one of -q's.
LONG_OPTIONS = (
    ("version", 0, 1), ("verbose", 0, 2), ("help", 0, 3), ("no-recursion", 0, 4),
    ("server", 1, "h"), ("host", 1, "h"), ("port", 1, "p"),
    ("exact", 1, "x"), ("all-more", 1, "M"), ("one-more", 1, "m"), ("all-less", 1, "L"),
    ("one-less", 1, "l"), ("reverse-domain", 1, "d"), ("irt", 1, "c"), ("abuse-contact", 0, "b"),
    ("brief", 0, "F"), ("primary-keys", 0, "K"), ("persistent-connection", 0, "k"),
    ("no-referenced", 0, "r"), ("no-filtering", 0, "B"), ("no-grouping", 0, "G"),
    ("select-types", 1, "T"), ("all-sources", 0, "a"), ("sources", 1, "s"),
    ("types", 0, 12), ("ripe-version", 0, 12), ("list-sources", 0, 12),
    ("template", 1, "t"), ("ripe-verbose", 1, "v"),
    ("list-versions", 0, 10), ("diff-versions", 1, 11), ("show-version", 1, 11),
    ("resource", 0, 10), ("show-personal", 0, 10), ("no-personal", 0, 10),
    ("show-tag-info", 0, 10), ("no-tag-info", 0, 10),
    ("filter-tag-include", 1, 11), ("filter-tag-exclude", 1, 11),
)

# usage()'s text, in the pieces whois.c prints (each translated on its own)
USAGE_PIECES = (
    "Usage: whois [OPTION]... OBJECT...\n\n"
    "-h HOST, --host HOST   connect to server HOST\n"
    "-p PORT, --port PORT   connect to PORT\n"
    "-I                     query whois.iana.org and follow its referral\n"
    "-H                     hide legal disclaimers\n",
    "      --verbose        explain what is being done\n"
    "      --no-recursion   disable recursion from registry to registrar servers\n"
    "      --help           display this help and exit\n"
    "      --version        output version information and exit\n"
    "\n",
    "These flags are supported by whois.ripe.net and some RIPE-like servers:\n"
    "-l                     find the one level less specific match\n"
    "-L                     find all levels less specific matches\n"
    "-m                     find all one level more specific matches\n"
    "-M                     find all levels of more specific matches\n",
    "-c                     find the smallest match containing a mnt-irt attribute\n"
    "-x                     exact match\n"
    "-b                     return brief IP address ranges with abuse contact\n",
    "-B                     turn off object filtering (show email addresses)\n"
    "-G                     turn off grouping of associated objects\n"
    "-d                     return DNS reverse delegation objects too\n",
    "-i ATTR[,ATTR]...      do an inverse look-up for specified ATTRibutes\n"
    "-T TYPE[,TYPE]...      only look for objects of TYPE\n"
    "-K                     only primary keys are returned\n"
    "-r                     turn off recursive look-ups for contact information\n",
    "-R                     force to show local copy of the domain object even\n"
    "                       if it contains referral\n"
    "-a                     also search all the mirrored databases\n"
    "-s SOURCE[,SOURCE]...  search the database mirrored from SOURCE\n"
    "-g SOURCE:FIRST-LAST   find updates from SOURCE from serial FIRST to LAST\n",
    "-t TYPE                request template for object of TYPE\n"
    "-v TYPE                request verbose template for object of TYPE\n"
    "-q [version|sources|types]  query specified server info\n",
)
USAGE = "".join(USAGE_PIECES)

VERSION_FORMAT = "Version %s.\n\nReport bugs to %s.\n"


def usage(tr):
    return "".join(tr(piece) for piece in USAGE_PIECES)


def version_text(tr):
    return tr(VERSION_FORMAT) % (VERSION, "<md+whois@linux.it>")


class Exit(Exception):
    """Stop before any query: print `text` to stdout or stderr, exit `code`."""

    def __init__(self, code, stdout="", stderr=""):
        Exception.__init__(self, code)
        self.code = code
        self.stdout = stdout
        self.stderr = stderr


class Options:
    """What main() knows once the command line is read."""

    def __init__(self):
        self.server = None        # -h HOST, "\x0e" for -I, or None
        self.port = None          # -p PORT
        self.client_tag = IDSTRING
        self.hide = False         # -H (or $WHOIS_HIDE, applied by the caller)
        self.verbose = False
        self.no_recursion = False
        self.flags = ""           # the RIPE flags, "-B -T dn "
        self.query = ""           # the operands joined by spaces ("" with -t/-v/-q)


def merge_args(words, argv):
    """merge_args(): $WHOIS_OPTIONS split on spaces (strtok: runs of spaces
    are one, empty words vanish), inserted after argv[0]."""
    if not words:
        return list(argv)
    extra = [word for word in words.split(" ") if word]
    if not extra:
        return list(argv)
    return argv[:1] + extra + list(argv[1:])


def parse(argv, environ, stderr, tr=lambda text: text, libc=None):
    """Options, or Exit for --help, --version and usage errors (getopt's
    messages are written to `stderr` as they happen).  tr: gettext for
    whois's texts; libc: gettext for glibc's (getopt's messages), or None."""
    from pynettools.getopt import Getopt

    argv = merge_args(environ.get("WHOIS_OPTIONS"), argv)
    opts = Options()
    nopar = False
    parser = Getopt(argv, OPTSTRING, LONG_OPTIONS, stderr, environ, translate=libc)
    for code, value in parser:
        if isinstance(code, str) and code in RIPE_FLAGS:
            opts.flags += "-%s " % code
        elif isinstance(code, str) and code in RIPE_FLAGS_WITH_VALUE:
            opts.flags += "-%s %s " % (code, value)
            nopar = nopar or code in "tvq"
        elif code in (10, 11, 12):
            name = LONG_OPTIONS[parser.longindex][0]
            opts.flags += "--%s %s " % (name, value) if code == 11 else "--%s " % name
            nopar = nopar or code == 12
        elif code == "h":
            opts.server = value
        elif code == "V":
            opts.client_tag = value
        elif code == "H":
            opts.hide = True
        elif code == "I":
            opts.server = "\x0e"
        elif code == "p":
            opts.port = value
        elif code == 4:
            opts.no_recursion = True
        elif code == 3:
            raise Exit(0, stdout=usage(tr))
        elif code == 2:
            opts.verbose = True
        elif code == 1:
            raise Exit(0, stdout=version_text(tr))
        else:  # '?', and -k (--persistent-connection), which nothing handles
            raise Exit(1, stderr=usage(tr))
    operands = parser.operands
    if not operands and not nopar:
        raise Exit(1, stderr=usage(tr))
    if not nopar:
        opts.query = " ".join(operands)
    return opts
