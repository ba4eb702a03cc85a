"""gettext for whois's messages: Debian's whois is built with NLS, and
libc-l10n translates glibc's own texts (strerror, gai_strerror).

When does whois speak another language?  setlocale(LC_ALL, "") must
succeed with a locale other than C/POSIX (LC_ALL, else LC_MESSAGES, else
LANG; a locale that is not installed, for any category, leaves the C
locale for all: English, and ASCII as the charset -- no IDN conversion);
then gettext looks for a catalogue in the languages of $LANGUAGE (a colon
list) or else of that locale's name: /usr/share/locale/LANG/LC_MESSAGES/
whois.mo (or libc.mo for glibc's texts), trying "de_DE.UTF-8", "de_DE",
then "de".  C.UTF-8 with LANGUAGE=de is German on a stock Debian 12.

Everything is read through the kernel seam (the catalogue as a file, and
whether a locale is installed as a lookup), so replay needs no locales.
getopt's messages come from libc.mo too (Catalogues.libc, handed to
pynettools/getopt.py).
"""
LOCALE_DIR = "/usr/share/locale"


class Catalogues:
    """tr(msgid) for whois's texts, libc(msgid) for glibc's."""

    def __init__(self, kernel, environ):
        self.kernel = kernel
        names = locale_names(kernel, environ)
        self.utf8 = is_utf8(names["LC_CTYPE"])  # nl_langinfo(CODESET) is UTF-8
        self.languages = _languages(kernel, names, environ)
        self._loaded = {}

    def text(self, msgid, domain="whois"):
        """The translation of msgid, or msgid."""
        if not self.languages:
            return msgid
        for catalogue in self._catalogues(domain):
            found = catalogue.get(msgid)
            if found:
                return found
        return msgid

    def tr(self, msgid):
        return self.text(msgid, "whois")

    def libc(self, msgid):
        return self.text(msgid, "libc")

    def _catalogues(self, domain):
        if domain not in self._loaded:
            found = []
            for language in self.languages:
                for name in _variants(language):
                    table = self._read("%s/%s/LC_MESSAGES/%s.mo" % (LOCALE_DIR, name, domain))
                    if table is not None:
                        found.append(table)
                        break
            self._loaded[domain] = found
        return self._loaded[domain]

    def _read(self, path):
        try:
            data = self.kernel.read_text(path).encode("utf-8", "surrogateescape")
        except OSError:
            return None
        return parse_mo(data)


CATEGORIES = ("LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES", "LC_PAPER",
              "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION")


def _builtin(name):
    return name in ("C", "POSIX") or name.startswith("C.")


def locale_names(kernel, environ):
    """{category: locale name} after setlocale(LC_ALL, ""): each category
    from LC_ALL, else its own variable, else LANG, else C (empty values do
    not count); when one of them is not installed the call fails as a whole
    and every category stays "C"."""
    names = {}
    for category in CATEGORIES:
        names[category] = environ.get("LC_ALL") or environ.get(category) or environ.get("LANG") or "C"
    for name in sorted(set(names.values())):
        if not _builtin(name) and not kernel.lookup("locale_installed", _installed, name):
            return dict.fromkeys(CATEGORIES, "C")
    return names


def is_utf8(name):
    codeset = name.partition(".")[2].partition("@")[0].lower().replace("-", "")
    return codeset == "utf8"


def _languages(kernel, names, environ):
    name = names["LC_MESSAGES"]
    if name in ("C", "POSIX"):
        return []
    language = environ.get("LANGUAGE")
    if language:
        return [lang for lang in language.split(":") if lang]
    if name.startswith("C."):
        return []  # C.UTF-8: no catalogue has that name
    return [name]


def _installed(name):
    """setlocale(LC_MESSAGES, name) succeeds (the locale is there)."""
    import locale

    old = locale.setlocale(locale.LC_MESSAGES)
    try:
        locale.setlocale(locale.LC_MESSAGES, name)
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_MESSAGES, old)
    return True


def _variants(language):
    """glibc's fallbacks: de_DE.UTF-8@euro -> itself, de_DE.UTF-8, de_DE, de."""
    out = [language]
    base = language.split("@")[0]
    for candidate in (base, base.split(".")[0], base.split(".")[0].split("_")[0]):
        if candidate and candidate not in out:
            out.append(candidate)
    return out


def parse_mo(data):
    """A GNU .mo file: {msgid: msgstr} (the first form of plural entries), or None."""
    import struct

    if len(data) < 28:
        return None
    magic = struct.unpack_from("<I", data)[0]
    order = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if order is None:
        return None
    _, count, originals, translations = struct.unpack_from(order + "4I", data, 4)
    table = {}
    try:
        for i in range(count):
            olen, ooff = struct.unpack_from(order + "2I", data, originals + 8 * i)
            tlen, toff = struct.unpack_from(order + "2I", data, translations + 8 * i)
            msgid = data[ooff:ooff + olen].split(b"\0")[0].decode("utf-8", "surrogateescape")
            msgstr = data[toff:toff + tlen].split(b"\0")[0].decode("utf-8", "surrogateescape")
            table[msgid] = msgstr
    except struct.error:
        return None
    return table
