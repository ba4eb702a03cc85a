"""The C library's number readers as whois.c uses them: strtol, atol and a
few sscanf() formats.  Their corners decide the server choice for odd input
(whois " 1.2.3.4", "AS-1", "0x2001:db8::"), so they are reproduced, not
approximated with int().

All work on str (the command line, bytes beyond ASCII kept as surrogates);
whitespace is C's isspace() in the C locale.
"""

LONG_MAX = (1 << 63) - 1
ULONG_MAX = (1 << 64) - 1
_SPACE = " \t\n\v\f\r"
_HEX = "0123456789abcdefABCDEF"


def _digits(s, i, base):
    """The run of base-`base` digits at s[i:]: (value, end)."""
    allowed = "0123456789" if base == 10 else _HEX
    start = i
    while i < len(s) and s[i] in allowed:
        i += 1
    return (int(s[start:i], base) if i > start else None), i


def _number(s, i, base):
    """strtoul/strtol's shared front: spaces, a sign, "0x" for base 16, digits.
    (negative, magnitude, end) or None when there are no digits."""
    while i < len(s) and s[i] in _SPACE:
        i += 1
    negative = False
    if i < len(s) and s[i] in "+-":
        negative = s[i] == "-"
        i += 1
    if base == 16 and s[i:i + 2] in ("0x", "0X") and s[i + 2:i + 3] and s[i + 2] in _HEX:
        i += 2
    value, end = _digits(s, i, base)
    if value is None:
        return None
    return negative, value, end


def strtol(s, base=10):
    """(value, end) of strtol(s, &end, base); no digits: (0, 0).  Saturates
    at LONG_MAX/LONG_MIN as glibc does."""
    found = _number(s, 0, base)
    if found is None:
        return 0, 0
    negative, value, end = found
    if negative:
        return -min(value, LONG_MAX + 1), end
    return min(value, LONG_MAX), end


def atol(s):
    return strtol(s, 10)[0]


def ulong(value):
    """A C long seen as unsigned long (64 bits)."""
    return value & ULONG_MAX


def scan_unsigned(s, i, base=10, bits=64):
    """sscanf's %lu (base 10) or %x (base 16, bits 32): (value, end) or None.
    A minus sign negates modulo 2**bits; overflow saturates first, as strtoul."""
    found = _number(s, i, base)
    if found is None:
        return None
    negative, value, end = found
    value = min(value, ULONG_MAX)
    if negative:
        value = (-value) & ULONG_MAX
    return value & ((1 << bits) - 1), end


def scan(s, fmt):
    """A few sscanf() formats, enough for whois.c: items are "%lu", "%x",
    "%c", "%*[^:]" (skip a non-empty run without ':'), and literal text.
    Returns the converted values (their count is sscanf's result, except
    that an input ending before the first conversion gives -1 as EOF)."""
    values = []
    i = 0
    for item in fmt:
        if item == "%lu" or item == "%x":
            if i >= len(s) or (not s[i:].strip(_SPACE)):
                return values if values else -1
            got = scan_unsigned(s, i, 10 if item == "%lu" else 16, 64 if item == "%lu" else 32)
            if got is None:
                return values
            values.append(got[0])
            i = got[1]
        elif item == "%c":
            if i >= len(s):
                return values if values else -1
            values.append(s[i])
            i += 1
        elif item == "%*[^:]":
            start = i
            while i < len(s) and s[i] != ":":
                i += 1
            if i == start:
                return values
        else:  # literal text must match exactly
            if s[i:i + len(item)] != item:
                if i >= len(s) and not values:
                    return -1
                return values
            i += len(item)
    return values
