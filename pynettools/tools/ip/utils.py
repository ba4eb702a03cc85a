"""What every ip object shares: the keyword rule, the error messages, number
parsing, and names (interfaces, and the /etc/iproute2 tables).

matches(word, keyword): iproute2's rule for keywords, options and objects
alike: `word` is a non-empty prefix of `keyword` (lib/utils.c matches(),
which returns 0 for a match; this returns True).  Callers try keywords in a
fixed order and take the first match, so `ip a` is `address`, not
`addrlabel`, and `ip r` is `route`: the order of those tries is part of the
grammar and must follow the C code.

The error helpers print ip's exact words and stop with its exit status
(Exit(255) for exit(-1)).
"""


class Exit(Exception):
    """Stop with this status (after whatever was printed)."""

    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


def matches(word, keyword):
    """True when `word` is a non-empty prefix of `keyword` (an empty word matches nothing)."""
    return bool(word) and keyword.startswith(word)


# ---- lib/utils.c's messages -------------------------------------------------------------


def incomplete_command(ctx):
    ctx.err.write('Command line is not complete. Try option "help"\n')
    raise Exit(255)


def missarg(ctx, key):
    ctx.err.write('Error: argument "%s" is required\n' % key)
    raise Exit(255)


def invarg(ctx, message, arg):
    ctx.err.write('Error: argument "%s" is wrong: %s\n' % (arg, message))
    raise Exit(255)


def duparg(ctx, key, arg):
    ctx.err.write('Error: duplicate "%s": "%s" is the second value.\n' % (key, arg))
    raise Exit(255)


def duparg2(ctx, key, arg):
    ctx.err.write('Error: either "%s" is duplicate, or "%s" is a garbage.\n' % (key, arg))
    raise Exit(255)


def nodev(ctx, dev):
    """Prints the message; the caller returns -1 (exit status 255) as ip does."""
    ctx.err.write('Cannot find device "%s"\n' % dev)
    return -1


class Args:
    """The words after an object's command, walked as ip's NEXT_ARG() does."""

    def __init__(self, ctx, words):
        self.ctx = ctx
        self.words = list(words)
        self.i = 0

    def __bool__(self):
        return self.i < len(self.words)

    def peek(self):
        return self.words[self.i]

    def take(self):
        word = self.words[self.i]
        self.i += 1
        return word

    def next_arg(self):
        """NEXT_ARG(): the value after a keyword, or "Command line is not complete"."""
        if self.i >= len(self.words):
            incomplete_command(self.ctx)
        return self.take()

    def rest(self):
        return self.words[self.i:]


# ---- numbers ----------------------------------------------------------------------------


def strtoul(text, base=0):
    """C strtoul(): (value, rest) with leading spaces and a sign accepted; (None, text)
    when no digits.  base 0 takes 0x for hex and a leading 0 for octal."""
    import re

    match = re.match(r"\s*([+-]?)", text)
    at = match.end()
    sign = match.group(1)
    digits_re = {16: r"(0[xX])?([0-9a-fA-F]+)", 8: r"([0-7]+)", 10: r"(\d+)"}
    body = text[at:]
    if base == 0:
        if re.match(r"0[xX][0-9a-fA-F]", body):
            base = 16
        elif body.startswith("0"):
            base = 8
        else:
            base = 10
    if base == 16:
        found = re.match(r"(?:0[xX])?([0-9a-fA-F]+)", body)
    else:
        found = re.match(digits_re.get(base, r"(\d+)"), body)
    if not found:
        return None, text
    value = int(found.group(found.lastindex), base)
    if sign == "-":
        value = (-value) % (1 << 64)  # strtoul negates in unsigned long
    return value, body[found.end():]


def get_unsigned(text, base=0):
    """lib/utils.c get_unsigned(): a whole string of digits up to UINT_MAX, else None."""
    if not text:
        return None
    value, rest = strtoul(text, base)
    if value is None or rest or value > 0xFFFFFFFF:
        return None
    return value


def get_u32(text, base=0):
    return get_unsigned(text, base)


# ---- names ------------------------------------------------------------------------------

CONFDIR = "/etc/iproute2"


def read_id_names(ctx, path):
    """lib/rt_names.c fread_id_name() over one file: [(id, name)] in file order.

    Lines are "ID NAME" (ID decimal or 0x hex), '#' starts a comment line;
    leading spaces and tabs are skipped.  A line that is neither stops the
    reading with ip's "Database FILE is corrupted at LINE" on stderr.
    Files that cannot be read give nothing, silently, as in ip.
    """
    import re

    try:
        text = ctx.kernel.read_text(path)
    except OSError:
        return []
    found = []
    for line in text.splitlines(True):
        stripped = line.lstrip(" \t")
        if not stripped or stripped[0] in "#\n":
            continue
        match = re.match(r"0x([0-9a-fA-F]+)\s+(\S+)", stripped) or re.match(r"([+-]?\d+)\s+(\S+)", stripped)
        if match is None:
            ctx.err.write("Database %s is corrupted at %s\n" % (path, stripped if stripped.endswith("\n")
                                                                 else stripped))
            break
        number = int(match.group(1), 16 if stripped.startswith("0x") else 10)
        found.append((number, match.group(2)))
    return found


def read_conf_dir(ctx, directory):
    """The *.conf files of a .d directory, in readdir order as ip takes them (here: sorted
    by the seam's listdir, which is what a recording can replay)."""
    try:
        names = ctx.kernel.listdir(directory)
    except OSError:
        return []
    return ["%s/%s" % (directory, name) for name in names if len(name) > 5 and name.endswith(".conf")]


class Names:
    """Interface names and the /etc/iproute2 tables, each read on first use.

    Object modules add the tables they need here (rt_tables, rt_protos,
    rt_scopes, rt_realms, group, rt_dsfield, ...), each as ip 6.1 reads it:
    its built-in defaults, then the file, then (where 6.1 has one) the .d
    directory.
    """

    def __init__(self, ctx):
        self.ctx = ctx
        self._ifnames = None

    def ifnames(self):
        """{ifindex: name} from one RTM_GETLINK dump (ip's ll_map, filled on demand)."""
        if self._ifnames is None:
            from pynettools.kernel import rtnl

            self._ifnames = rtnl.interface_names(self.ctx.kernel)
        return self._ifnames

    def ifname(self, index):
        """ll_index_to_name(): the name, or "if%d" for an index not (or no longer) there."""
        return self.ifnames().get(index) or "if%d" % index

    def ifindex(self, name):
        """ll_name_to_index(): 0 when there is no such interface."""
        for index, known in self.ifnames().items():
            if known == name:
                return index
        return 0
