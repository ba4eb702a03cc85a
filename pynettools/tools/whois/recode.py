"""simple_recode(): a reply line from the server's charset to the locale's,
as glibc's iconv(3) does it, with whois's rule for what iconv refuses:
"incomplete, invalid and impossible to recode sequences are copied as-is",
one byte at a time.

Only two output charsets matter here: ASCII (the C locale, as the tests
run) and UTF-8.  Into ASCII every byte above 0x7f is either invalid or
impossible to recode, so it is copied: the line comes out unchanged, except
ISO-2022-JP's: its switches back to ASCII (ESC ( B, ESC ( J) produce
nothing and vanish, while a switch to JIS X 0208 (ESC $ B) comes out with
the first byte iconv refuses after it (glibc backs up to the escape when
the character that follows cannot be written).  Into UTF-8, single-byte charsets are
decoded (bytes they do not define copied), UTF-8 stays as it is.
"""

# ISO-2022-JP's switches back to ASCII or JIS-Roman (glibc's iso-2022-jp.c)
_JP_TO_ASCII = (b"\x1b(B", b"\x1b(J")


def recode(line, charset, utf8_out):
    """line (bytes, no newline) as printed when replies come in `charset`."""
    if charset is None:
        return line
    name = charset.lower()
    if name in ("iso-2022-jp",):
        return _iso2022jp(line, utf8_out)
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


def _iso2022jp(line, utf8_out):
    if b"\x1b" not in line:
        return line
    if utf8_out:
        try:
            return line.decode("iso2022_jp").encode("utf-8")
        except UnicodeDecodeError:
            pass
    out = bytearray()
    i = 0
    while i < len(line):
        if line[i] == 0x1B and line[i:i + 3] in _JP_TO_ASCII:
            i += 3
            continue
        out.append(line[i])
        i += 1
    return bytes(out)
