"""normalize_domain(): trailing dots and blanks off, then the last word of the
query through libidn2's idn2_lookup_ul(IDN2_NONTRANSITIONAL), as Debian's
build does (it links libidn2).

What libidn2 does to that word, as seen from the real whois:
  - ASCII: UTS #46 mapping lower-cases the letters; nothing else changes
    (underscores, empty labels "a..de" and "xn--" labels pass as they are);
  - anything else is first converted from the locale's charset: in the C
    locale that fails and the word is left untouched; in a UTF-8 locale the
    name is mapped (UTS #46, non-transitional: "ß" stays "ß", "ẞ" becomes
    "ss", fullwidth letters become ASCII, "。" is a dot, soft hyphens and
    variation selectors vanish) and each label made an A-label;
  - when libidn2 refuses the word (a label over 63 bytes, a name over 255,
    a hyphen first or last in a label, "--" in third place outside a valid
    "xn--" A-label, a code point UTS #46 or IDNA 2008 disallows (emoji,
    "½", "⒈"), a combining mark first, a joiner out of its context, a label
    that breaks the bidi rule), the word is left as it was.

A non-ASCII name goes through the `idna` package's UTS #46 table and IDNA
2008 classes (imported only then), corrected to libidn2 2.3.3's Unicode
versions (below); pynettools.pyz, which bundles no idna, uses a standard
library approximation that agrees on letters and on the cases tested.
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


def _to_ascii(text):
    """libidn2's idn2_lookup_ul(IDN2_NONTRANSITIONAL) for a non-ASCII name,
    with the `idna` package's UTS #46 table and IDNA 2008 code point classes
    (imported here only: an ASCII name never pays for them), or None where
    libidn2 refuses the name."""
    try:
        import idna.core
        from idna import IDNAError
    except ImportError:  # pynettools.pyz bundles no idna: the standard library's approximation
        return _to_ascii_without_idna(text)

    if any(_unknown_to_libidn2(c) for c in text):
        return None
    try:
        # UTS #46 mapping, non-transitional ("ß", "ς" and the joiners stay),
        # without the STD3 rules ("_" passes); ignored characters go away,
        # full-width dots become ".", the result is NFC.  Capital sharp s:
        # libidn2 2.3.3's table (before Unicode 15.1) maps it to "ss".
        mapped = idna.core.uts46_remap(text.replace("\u1e9e", "ss"), std3_rules=False)
    except (IDNAError, ValueError):
        return None
    out = []
    for label in mapped.split("."):
        if all(ord(c) < 128 for c in label):
            if not _ascii_label_ok(label):
                return None
            out.append(label)
        elif _u_label_valid(label, idna.core):
            out.append("xn--" + label.encode("punycode").decode("ascii"))
        else:
            return None
    name = ".".join(out)
    if _too_long(name, name.split(".")):
        return None
    return name


def _u_label_valid(label, core):
    """libidn2's tests of a non-ASCII label: no hyphen first or last, none in
    third and fourth place, no combining mark first, every code point PVALID
    or a joiner in its context (CONTEXTJ), and libidn2's bidi rule.  Of ASCII,
    letters, digits, "-" and also "_" pass ("a_ü" is an A-label, "a/ü" and
    "ü!" are refused), and "≠", "≮", "≯" too; CONTEXTO code points
    pass without their rules (the real whois sends "·l" and a lone "・" as
    A-labels)."""
    if label[0] == "-" or label[-1] == "-" or label[2:4] == "--":
        return False
    classes = core.idnadata.codepoint_classes
    try:
        core.check_initial_combiner(label)
        for pos, char in enumerate(label):
            point = ord(char)
            if _new_in_13_or_14(point):
                return False
            if char in _LIBIDN2_VALID or core.intranges_contain(point, classes["PVALID"]):
                continue
            if core.intranges_contain(point, classes["CONTEXTJ"]):
                if not core.valid_contextj(label, pos):
                    return False
                continue
            if not core.intranges_contain(point, classes["CONTEXTO"]):
                return False
    except (core.IDNAError, ValueError):
        return False
    return _bidi_ok(label)


_LIBIDN2_VALID = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_\u2260\u226e\u226f")

# Debian 12's libidn2 2.3.3 has Unicode 14's UTS #46 table; Unicode 15.1
# changed these from disallowed to mapped or ignored (Georgian capitals,
# fillers, invisible operators, musical beams, ...): libidn2 refuses them.
_DISALLOWED_BEFORE_15_1 = frozenset(
    [0x04C0, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x1806, 0x180E, 0x2061, 0x2062, 0x2063, 0x2132, 0x2183,
     0x3164, 0xFFA0, 0x2F868, 0x2F874, 0x2F91F, 0x2F95F, 0x2F9BF]
    + list(range(0x10A0, 0x10C6)) + list(range(0x206A, 0x2070)) + list(range(0x1D173, 0x1D17B)))


# Its IDNA 2008 code point classes are Unicode 12.1's: what Unicode 13.0
# and 14.0 added is unassigned to it, and refused once mapped (UTS #46 maps
# some of them to older letters first: "ꟴ" becomes "q"; these ranges are Perl's
# Unicode::UCD prop_invlist("age=13.0") and ("age=14.0"), first and last).
_NEW_IN_13_AND_14 = (
    (0x61D, 0x61D), (0x870, 0x88E), (0x890, 0x891), (0x898, 0x89F), (0x8B5, 0x8B5), (0x8BE, 0x8D2), (0xB55, 0xB55),
    (0xC3C, 0xC3C), (0xC5D, 0xC5D), (0xCDD, 0xCDD), (0xD04, 0xD04), (0xD81, 0xD81), (0x170D, 0x170D),
    (0x1715, 0x1715), (0x171F, 0x171F), (0x180F, 0x180F), (0x1ABF, 0x1ACE), (0x1B4C, 0x1B4C), (0x1B7D, 0x1B7E),
    (0x1DFA, 0x1DFA), (0x20C0, 0x20C0), (0x2B97, 0x2B97), (0x2C2F, 0x2C2F), (0x2C5F, 0x2C5F), (0x2E50, 0x2E5D),
    (0x31BB, 0x31BF), (0x4DB6, 0x4DBF), (0x9FF0, 0x9FFF), (0xA7C0, 0xA7C1), (0xA7C7, 0xA7CA), (0xA7D0, 0xA7D1),
    (0xA7D3, 0xA7D3), (0xA7D5, 0xA7D9), (0xA7F2, 0xA7F6), (0xA82C, 0xA82C), (0xAB68, 0xAB6B), (0xFBC2, 0xFBC2),
    (0xFD40, 0xFD4F), (0xFDCF, 0xFDCF), (0xFDFE, 0xFDFF), (0x1019C, 0x1019C), (0x10570, 0x1057A), (0x1057C, 0x1058A),
    (0x1058C, 0x10592), (0x10594, 0x10595), (0x10597, 0x105A1), (0x105A3, 0x105B1), (0x105B3, 0x105B9),
    (0x105BB, 0x105BC), (0x10780, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA), (0x10E80, 0x10EA9),
    (0x10EAB, 0x10EAD), (0x10EB0, 0x10EB1), (0x10F70, 0x10F89), (0x10FB0, 0x10FCB), (0x11070, 0x11075),
    (0x110C2, 0x110C2), (0x11147, 0x11147), (0x111CE, 0x111CF), (0x1145A, 0x1145A), (0x11460, 0x11461),
    (0x116B9, 0x116B9), (0x11740, 0x11746), (0x11900, 0x11906), (0x11909, 0x11909), (0x1190C, 0x11913),
    (0x11915, 0x11916), (0x11918, 0x11935), (0x11937, 0x11938), (0x1193B, 0x11946), (0x11950, 0x11959),
    (0x11AB0, 0x11ABF), (0x11FB0, 0x11FB0), (0x12F90, 0x12FF2), (0x16A70, 0x16ABE), (0x16AC0, 0x16AC9),
    (0x16FE4, 0x16FE4), (0x16FF0, 0x16FF1), (0x18AF3, 0x18CD5), (0x18D00, 0x18D08), (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B11F, 0x1B122), (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46),
    (0x1CF50, 0x1CFC3), (0x1D1E9, 0x1D1EA), (0x1DF00, 0x1DF1E), (0x1E290, 0x1E2AE), (0x1E7E0, 0x1E7E6),
    (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE), (0x1E7F0, 0x1E7FE), (0x1F10D, 0x1F10F), (0x1F16D, 0x1F16F),
    (0x1F1AD, 0x1F1AD), (0x1F6D6, 0x1F6D7), (0x1F6DD, 0x1F6DF), (0x1F6FB, 0x1F6FC), (0x1F7F0, 0x1F7F0),
    (0x1F8B0, 0x1F8B1), (0x1F90C, 0x1F90C), (0x1F972, 0x1F972), (0x1F977, 0x1F979), (0x1F9A3, 0x1F9A4),
    (0x1F9AB, 0x1F9AD), (0x1F9CB, 0x1F9CC), (0x1FA74, 0x1FA74), (0x1FA7B, 0x1FA7C), (0x1FA83, 0x1FA86),
    (0x1FA96, 0x1FAAC), (0x1FAB0, 0x1FABA), (0x1FAC0, 0x1FAC5), (0x1FAD0, 0x1FAD9), (0x1FAE0, 0x1FAE7),
    (0x1FAF0, 0x1FAF6), (0x1FB00, 0x1FB92), (0x1FB94, 0x1FBCA), (0x1FBF0, 0x1FBF9), (0x2A6D7, 0x2A6DF),
    (0x2B735, 0x2B738), (0x30000, 0x3134A),
)
_NEW_STARTS = tuple(first for first, _ in _NEW_IN_13_AND_14)


def _unknown_to_libidn2(char):
    """A code point libidn2 2.3.3's UTS #46 table refuses whatever the
    `idna` package's newer one says: one of the above, or one unassigned in
    this Python's Unicode database (14.0 on Python 3.11; a newer Python lets
    Unicode 15's new letters through, where libidn2 refuses them)."""
    import unicodedata

    return ord(char) in _DISALLOWED_BEFORE_15_1 or unicodedata.category(char) == "Cn"


def _new_in_13_or_14(point):
    import bisect

    spot = bisect.bisect_right(_NEW_STARTS, point) - 1
    return spot >= 0 and point <= _NEW_IN_13_AND_14[spot][1]


# RFC 5893's classes as libidn2 2.3.3 applies them (lib/bidi.c): a label with
# an R, AL or AN character starts with L (then only L, EN, NSM and the
# neutrals follow) or with R/AL (then R, AL, EN, AN, NSM and the neutrals),
# and does not end in a neutral.  Its rule 4 (EN and AN not mixed) is not
# checked: "ا١۱" is an A-label for the real whois.
_NEUTRAL = ("ES", "CS", "ET", "ON", "BN")
_AFTER = {"L": ("L", "EN", "NSM"), "R": ("R", "AL", "EN", "AN", "NSM"), "AL": ("R", "AL", "EN", "AN", "NSM")}


def _bidi_ok(label):
    import unicodedata

    classes = [unicodedata.bidirectional(c) for c in label]
    if not any(kind in ("R", "AL", "AN") for kind in classes):
        return True
    allowed = _AFTER.get(classes[0])
    if allowed is None:
        return False
    end_ok = True
    for kind in classes[1:]:
        if kind in allowed:
            end_ok = True
        elif kind in _NEUTRAL:
            end_ok = False
        else:
            return False
    return end_ok


# UTS #46 maps these full stops to '.'
_DOTS = {0x3002: ".", 0xFF0E: ".", 0xFF61: "."}


def _to_ascii_without_idna(text):
    """UTS #46 non-transitional processing, approximated with the standard
    library where the `idna` package cannot be imported: invisible
    characters dropped, NFKC, lower case (not casefold: "ß" and final sigma
    stay, as non-transitional processing keeps them), NFC; then each
    non-ASCII label is checked as _u_label_valid does, by Unicode category
    instead of IDNA 2008's tables, and becomes "xn--" + its Punycode.  Right
    for letters, digits, marks, symbols and punctuation; compatibility
    characters (mapped by NFKC where UTS #46 disallows them) may differ."""
    import unicodedata

    if any(_unknown_to_libidn2(c) for c in text):
        return None
    # case-folded letter by letter, as UTS #46 maps (NFKC_Casefold), except
    # the deviations "ß" and "ς", which non-transitional processing keeps
    # (str.casefold() would make them "ss" and "σ")
    kept = "".join(c for c in text.translate(_DOTS) if not _ignored(ord(c)))
    folded = "".join(c if c in "ßς" else c.casefold() for c in unicodedata.normalize("NFKC", kept))
    mapped = unicodedata.normalize("NFKC", folded)
    out = []
    for label in mapped.split("."):
        if all(ord(c) < 128 for c in label):
            if not _ascii_label_ok(label):
                return None
            out.append(label)
        elif _u_label_roughly_valid(label):
            out.append("xn--" + label.encode("punycode").decode("ascii"))
        else:
            return None
    name = ".".join(out)
    if _too_long(name, name.split(".")):
        return None
    return name


# UTS #46's "ignored": soft hyphen, combining grapheme joiner, Mongolian free
# variation selectors, zero width space, word joiner, variation selectors,
# the byte order mark
_IGNORED = ((0xAD, 0xAD), (0x34F, 0x34F), (0x180B, 0x180D), (0x200B, 0x200B), (0x2060, 0x2060),
            (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0x1BCA0, 0x1BCA3), (0xE0100, 0xE01EF))
# CONTEXTO points libidn2 lets through (middle dot, keraia, geresh, gershayim, katakana middle dot)
_CONTEXTO = frozenset("\u00b7\u0375\u05f3\u05f4\u30fb")
_REFUSED_CATEGORIES = frozenset(("Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp", "Sm", "So", "Sc", "Sk",
                                 "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Lt", "Lu", "Nl", "No"))


def _ignored(point):
    return any(first <= point <= last for first, last in _IGNORED)


def _u_label_roughly_valid(label):
    import unicodedata

    if label[0] == "-" or label[-1] == "-" or label[2:4] == "--":
        return False
    if unicodedata.category(label[0]) in ("Mn", "Mc", "Me"):
        return False
    for pos, char in enumerate(label):
        if char in _LIBIDN2_VALID or char in _CONTEXTO or (
                char in "\u200c\u200d" and pos and unicodedata.combining(label[pos - 1]) == 9):
            continue
        point = ord(char)
        if _new_in_13_or_14(point) or unicodedata.category(char) in _REFUSED_CATEGORIES:
            return False
        if 0x1100 <= point <= 0x11FF or 0xA960 <= point <= 0xA97F or 0xD7B0 <= point <= 0xD7FF:
            return False  # conjoining Hangul jamo: DISALLOWED in IDNA 2008
    return _bidi_ok(label)
