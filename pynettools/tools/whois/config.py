"""/etc/whois.conf: match_config_file() (Debian builds whois with
CONFIG_FILE="/etc/whois.conf").

Each line is "PATTERN SERVER" (blanks between, '#' comments, blank lines
skipped); PATTERN is a POSIX extended regular expression matched, case
insensitively, anywhere in the normalized query; the first line that
matches names the server ("host" or "host:port").  fgets() reads 512 bytes
at a time, so a longer line is read as several.  A line with one word or
three is an error ("Cannot parse this line: WORD", exit 2), as is a bad
expression ("Invalid regular expression 'P': MESSAGE").

POSIX ERE is read by Python's re after a translation of what differs
(bracket classes such as [[:digit:]]); regerror()'s messages for the usual
mistakes are glibc's.
"""
PATH = "/etc/whois.conf"
LINE_MAX = 511

_CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
            "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": "!-/:-@\\[-`{-~", "xdigit": "0-9A-Fa-f",
            "print": " -~", "graph": "!-~", "cntrl": "\\x00-\\x1f\\x7f"}


class ConfigError(Exception):
    """err_quit()/err_sys() of match_config_file(): exit 2 with this message."""


def match(kernel, query, catalogues=None):
    """The server for `query` from /etc/whois.conf, or None."""
    tr = catalogues.tr if catalogues else (lambda text: text)
    libc = catalogues.libc if catalogues else (lambda text: text)
    try:
        text = kernel.read_text(PATH)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise ConfigError("Cannot open %s: %s" % (PATH, libc(err.strerror)))
    for piece in _pieces(text):
        cut = min([i for i in (piece.find("\r"), piece.find("\n")) if i >= 0] or [len(piece)])
        line = piece[:cut].lstrip(" \t")
        if not line or line.startswith("#"):
            continue
        words = [w for w in line.replace("\t", " ").split(" ") if w]
        if len(words) < 2:
            raise ConfigError(tr("Cannot parse this line: %s") % words[0])
        if len(words) > 2:
            raise ConfigError(tr("Cannot parse this line: %s") % words[2])
        if _search(words[0], query):
            return words[1]
    return None


def _pieces(text):
    """fgets(buf, 512, fp)'s pieces."""
    start = 0
    while start < len(text):
        newline = text.find("\n", start, start + LINE_MAX)
        end = newline + 1 if newline >= 0 else min(start + LINE_MAX, len(text))
        yield text[start:end]
        start = end


def _search(pattern, query):
    import re

    try:
        compiled = re.compile(translate(pattern), re.IGNORECASE)
    except re.error as err:
        raise ConfigError("Invalid regular expression '%s': %s" % (pattern, _regerror(err)))
    return compiled.search(query) is not None


def translate(pattern):
    """POSIX ERE -> Python re: [[:class:]] inside brackets; a '\\' before an
    ordinary character is that character."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append("\\" + nxt if not nxt.isalnum() else nxt)
            i += 2
            continue
        if c == "[":
            end, body = _bracket(pattern, i)
            if end is None:
                out.append(pattern[i:])  # re reports it, as regcomp does
                break
            out.append(body)
            i = end
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _bracket(pattern, i):
    """(index after the bracket expression at i, its Python form)."""
    j = i + 1
    out = ["["]
    if pattern[j:j + 1] == "^":
        out.append("^")
        j += 1
    if pattern[j:j + 1] == "]":
        out.append("\\]")
        j += 1
    while j < len(pattern):
        if pattern.startswith("[:", j):
            close = pattern.find(":]", j + 2)
            if close < 0:
                return None, None
            out.append(_CLASSES.get(pattern[j + 2:close], ""))
            j = close + 2
            continue
        c = pattern[j]
        if c == "]":
            out.append("]")
            return j + 1, "".join(out)
        out.append("\\\\" if c == "\\" else "\\[" if c == "[" else c)
        j += 1
    return None, None


def _regerror(err):
    text = str(err)
    if "unterminated character set" in text:
        return "Unmatched [, [^, [:, [., or [="
    if "missing )" in text:
        return "Unmatched ( or \\("
    if "unbalanced parenthesis" in text:
        return "Unmatched ) or \\)"
    if "nothing to repeat" in text or "multiple repeat" in text:
        return "Invalid preceding regular expression"
    if "bad escape (end of pattern)" in text:
        return "Trailing backslash"
    return "Invalid regular expression"
