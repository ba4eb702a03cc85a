"""lib/rt_names.c's reader of /etc/iproute2's id-name files, shared by ip and ss.

iproute2 reads rt_tables, rt_protos, rt_scopes, rt_realms, rt_dsfield, group,
nl_protos, ... with one routine, fread_id_name(): fgets() into a 512-byte
buffer, then sscanf() patterns "0x%x %s" and "%d %s".  A line neither
matches stops the file with "Database FILE is corrupted at LINE".  Which
ids each table keeps (0..255, or any for rt_tables) is the caller's rule.
"""

CONFDIR = "/etc/iproute2"


def _scan_c_int(text, at, hex_digits):
    """sscanf %d / %x at `at`: (value as a C int, end) or None.  Leading
    white space and a sign are taken; %x also takes a 0x prefix."""
    n = len(text)
    while at < n and text[at] in " \t\n\v\f\r":
        at += 1
    negative = False
    if at < n and text[at] in "+-":
        negative = text[at] == "-"
        at += 1
    if hex_digits and text[at:at + 2] in ("0x", "0X") and at + 2 < n and text[at + 2] in _HEX:
        at += 2
    digits = _HEX if hex_digits else "0123456789"
    start = at
    while at < n and text[at] in digits:
        at += 1
    if at == start:
        return None
    value = int(text[start:at], 16 if hex_digits else 10)
    if negative:
        value = -value
    value &= 0xFFFFFFFF  # stored through an int*: the low 32 bits
    return (value - (1 << 32) if value & 0x80000000 else value), at


_HEX = "0123456789abcdefABCDEF"


def scan_id_name(line):
    """fread_id_name() on one line: (id, name), "skip" for a comment or blank
    line, or None for a line it calls corrupted.  The patterns tried are
    "0x%x %s" and "%d %s": a number, optional white space, a word."""
    p = line.lstrip(" \t")
    if not p or p[0] in "#\n":
        return "skip"
    for hex_digits in (True, False):
        at = 0
        if hex_digits:
            if not p.startswith("0x"):
                continue
            at = 2
        found = _scan_c_int(p, at, hex_digits)
        if found is None:
            continue
        number, at = found
        name = p[at:].split(None, 1)
        if name:
            return number, name[0]
    return None


def read_id_file(ctx, path):
    """[(id, name)] of one /etc/iproute2 file, reporting a corrupted line as ip
    does (and stopping there).  A file that cannot be opened gives nothing."""
    try:
        text = ctx.kernel.read_text(path)
    except OSError:
        return []
    found = []
    pieces = text.split("\n")
    lines = []
    for i, piece in enumerate(pieces):
        line = piece + "\n" if i < len(pieces) - 1 else piece  # fgets() keeps the newline
        # fgets() into a 512-byte buffer: longer lines come in 511-character parts
        lines.extend(line[at:at + 511] for at in range(0, len(line), 511))
    for line in lines:
        parsed = scan_id_name(line)
        if parsed == "skip":
            continue
        if parsed is None:
            ctx.err.write("Database %s is corrupted at %s\n" % (path, line.lstrip(" \t")))
            break
        found.append(parsed)
    return found


def conf_dir_files(ctx, directory):
    """The *.conf files of a .d directory as rtnl_*_initialize() takes them
    (not starting with '.', longer than ".conf"), in the seam's listing order."""
    try:
        names = ctx.kernel.listdir(directory)
    except OSError:
        return []
    return ["%s/%s" % (directory, name) for name in names
            if not name.startswith(".") and len(name) > 5 and name.endswith(".conf")]
