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
    a hyphen first or last in a label, "--" in third place outside a valid
    "xn--" A-label, a disallowed code point), the word is left as it was.
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
        if _too_long(word, labels) or not all(_ascii_label_ok(label) for label in labels):
            return None
        return word.translate(_LOWER)
    if not utf8_locale:
        return None
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in word):  # bytes that were not UTF-8
        return None
    return _to_ascii(word)


_LOWER = {c: c + 32 for c in range(65, 91)}


def _too_long(name, labels):
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME:
        return True
    return any(len(label) > MAX_LABEL for label in labels)


def _ascii_label_ok(label):
    """IDNA 2008's rules for an ASCII label, as libidn2 applies them: no
    hyphen first or last, "--" in third and fourth place only for an A-label
    ("xn--") that decodes to a valid U-label."""
    if not label:
        return True
    if label[0] == "-" or label[-1] == "-":
        return False
    if label[2:4] != "--":
        return True
    if label[:2].lower() != "xn":
        return False
    return _u_label_ok(label[4:].lower())


def _u_label_ok(encoded):
    import unicodedata

    try:
        decoded = encoded.encode("ascii").decode("punycode")
    except (UnicodeError, ValueError, IndexError):
        return False
    if not decoded or all(ord(c) < 128 for c in decoded):
        return False
    if unicodedata.normalize("NFC", decoded) != decoded:
        return False
    return not any(ord(c) < 0xA0 and not (c.isalnum() or c == "-") or
                   unicodedata.category(c) in ("Cc", "Cn", "Cs", "Co", "Zs") for c in decoded)


# UTS #46 maps these full stops to '.'
_DOTS = {0x3002: ".", 0xFF0E: ".", 0xFF61: "."}


def _to_ascii(text):
    """UTS #46 non-transitional processing, approximated with the standard
    library: NFKC, lower case (not casefold: "ß" and final sigma stay, as
    non-transitional processing keeps them), NFC; then each non-ASCII label
    becomes "xn--" + its Punycode.  (The `idna` package would be exact; it is
    not a dependency.)"""
    import unicodedata

    # lower case letter by letter: str.lower() would make a word-final sigma "ς" (UTS #46 maps "Σ" to "σ")
    folded = "".join(c.lower() for c in unicodedata.normalize("NFKC", text.translate(_DOTS)))
    mapped = unicodedata.normalize("NFC", folded)
    out = []
    for label in mapped.split("."):
        if all(ord(c) < 128 for c in label):
            if not _ascii_label_ok(label):
                return None
            out.append(label)
            continue
        if any(unicodedata.category(c) in ("Cc", "Cn", "Cs", "Co", "Zs", "Po") for c in label):
            return None
        if label[0] == "-" or label[-1] == "-":
            return None
        out.append("xn--" + label.encode("punycode").decode("ascii"))
    name = ".".join(out)
    if _too_long(name, name.split(".")):
        return None
    return name
