"""normalize_domain(): trailing dots and blanks off, then the last word of the
query through libidn2's idn2_lookup_ul(IDN2_NONTRANSITIONAL), as Debian's
build does (it links libidn2).

What libidn2 does to that word, as seen from the real whois:
  - ASCII: UTS #46 mapping lower-cases the letters; nothing else changes
    (underscores, empty labels "a..de" and "xn--" labels pass as they are);
  - anything else is first converted from the locale's charset: in the C
    locale that fails and the word is left untouched; in a UTF-8 locale the
    name is mapped (UTS #46, non-transitional: "ß" stays "ß", fullwidth
    letters become ASCII, "。" is a dot) and each label made an A-label;
  - when libidn2 refuses the word (a label over 63 bytes, a name over 255,
    a disallowed code point), the word is left as it was.
"""

MAX_LABEL = 63
MAX_NAME = 255


def strip_trailing(query):
    """Trailing '.', ' ' and '\\t' off (never the first character)."""
    end = len(query)
    while end > 1 and query[end - 1] in ". \t":
        end -= 1
    return query[:end]


def normalize_domain(query, utf8_locale):
    query = strip_trailing(query)
    space = query.rfind(" ")
    head, word = query[:space + 1], query[space + 1:]
    converted = lookup(word, utf8_locale)
    return head + converted if converted is not None else query


def lookup(word, utf8_locale):
    """idn2_lookup_ul(word), or None where it fails."""
    if all(ord(c) < 128 for c in word):
        labels = word.split(".")
        if _too_long(word, labels):
            return None
        return word.translate(_LOWER)
    if not utf8_locale:
        return None
    try:
        raw = word.encode("utf-8")
        text = raw.decode("utf-8")
    except UnicodeError:
        return None
    return _idna2008(text)


_LOWER = {c: c + 32 for c in range(65, 91)}


def _too_long(name, labels):
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME:
        return True
    return any(len(label) > MAX_LABEL for label in labels)


def _idna2008(text):
    """UTS #46 non-transitional mapping, then IDNA 2008 A-labels (the `idna`
    package, a dependency of python-whois's stack; imported only here)."""
    try:
        import idna
    except ImportError:
        return None
    try:
        mapped = idna.uts46_remap(text, std3_rules=False, transitional=False)
        labels = mapped.split(".")
        out = []
        for label in labels:
            if not label or all(ord(c) < 128 for c in label):
                out.append(label)
            else:
                out.append(idna.alabel(label).decode("ascii"))
        name = ".".join(out)
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    if _too_long(name, name.split(".")):
        return None
    return name
