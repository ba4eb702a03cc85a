"""simple_recode(): a reply line from the server's charset to the locale's,
as glibc's iconv(3) does it, with whois's rule for what iconv refuses:
"incomplete, invalid and impossible to recode sequences are copied as-is",
one byte at a time.

Only two output charsets matter here: ASCII (the C locale, as the tests
run) and UTF-8.  Into ASCII every byte above 0x7f is either invalid or
impossible to recode, so it is copied and the line comes out unchanged --
except in ISO-2022-JP (jp.py below).  Into UTF-8, single-byte charsets are
decoded (bytes they do not define copied), UTF-8 stays as it is.

ISO-2022-JP is stateful: escape sequences switch between ASCII (ESC ( B),
JIS-Roman (ESC ( J) and JIS X 0208 (ESC $ @, ESC $ B), produce nothing,
and the state lasts from one line to the next (whois keeps one converter).
Into UTF-8 the characters are converted.  Into ASCII no JIS character can
be written; glibc then backs up to just after the last character it wrote
(before the escapes that followed it, whose effect it undoes) and whois
copies that byte: so a switch to JIS X 0208 comes out raw, followed by the
JIS bytes read as ASCII, while a switch back to ASCII vanishes.
"""

ESC = 0x1B
_SETS = {b"(B": "ascii", b"(J": "roman", b"$@": "jis", b"$B": "jis"}
_ROMAN = {0x5C: "\u00a5", 0x7E: "\u203e"}  # JIS-Roman's two letters that are not ASCII's


def recode(line, charset, utf8_out):
    """line (bytes, no newline) as printed; charset: querystring.Charset
    (its name, and `state`, the converter's state between lines)."""
    name = charset.name
    if name is None:
        return line
    name = name.lower()
    if name == "iso-2022-jp":
        return _iso2022jp(line, charset, utf8_out)
    if not utf8_out or name in ("utf-8", "utf8"):
        return line
    return _single_bytes(line, name)


def _single_bytes(line, codec):
    try:
        return line.decode(codec).encode("utf-8")
    except UnicodeDecodeError:
        pass
    out = bytearray()
    for byte in line:
        try:
            out += bytes((byte,)).decode(codec).encode("utf-8")
        except UnicodeDecodeError:
            out.append(byte)
    return bytes(out)


def _jis_char(pair):
    """The character of a JIS X 0208 byte pair, or None."""
    try:
        text = (b"\x1b$B" + pair).decode("iso2022_jp")
    except UnicodeDecodeError:
        return None
    return text if len(text) == 1 and ord(text) > 0x7F else None


def _iso2022jp(line, charset, utf8_out):
    """glibc's ISO-2022-JP decoder, byte by byte (see the docstring)."""
    state = charset.state.get("jp", "ascii")
    out = bytearray()
    i = 0
    backup = None  # (index, state) just after the last character written
    n = len(line)
    while i < n:
        byte = line[i]
        if byte == ESC and line[i + 1:i + 3] in _SETS:
            if backup is None:
                backup = (i, state)
            state = _SETS[line[i + 1:i + 3]]
            i += 3
            continue
        char, width = _char_at(line, i, state)
        if char is not None and (utf8_out or ord(char) < 0x80):
            out += char.encode("utf-8")
            i += width
            backup = None
            continue
        # invalid, incomplete or not writable: copy one byte, from where glibc backed up to
        if backup is not None and not utf8_out and char is not None:
            i, state = backup
        out.append(line[i])
        i += 1
        backup = None
    charset.state["jp"] = state
    return bytes(out)


def _char_at(line, i, state):
    """(the character at line[i] in `state`, its length in bytes); (None, 1)
    when the bytes are invalid or incomplete."""
    byte = line[i]
    if byte == ESC or byte >= 0x80:
        return None, 1
    if state == "ascii" or byte < 0x21 or byte == 0x7F:
        return chr(byte), 1
    if state == "roman":
        return _ROMAN.get(byte, chr(byte)), 1
    pair = line[i:i + 2]
    if len(pair) < 2:
        return None, 1
    return _jis_char(pair), 2
