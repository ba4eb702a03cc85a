"""Numbers and names on nc's command line: strtonum(3), ports, TOS keywords.

Port lists are built as netcat.c's build_ports(): each word is first looked
up as a service name (/etc/services, through the seam's lookups), then, if
it starts with a digit and holds a "-", read as a range lo-hi (either order),
else read as one number.
"""

LLONG_MIN, LLONG_MAX = -(1 << 63), (1 << 63) - 1
INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1
UINT_MAX = (1 << 32) - 1
PORT_MAX = 65535

_SPACE = " \t\n\v\f\r"


def strtonum(text, low, high):
    """(value, None) or (0, errstr), as libbsd's strtonum(3): errstr is
    "invalid" (not a whole decimal number), "too small" or "too large".
    Like strtoll(), leading white space and one sign are allowed."""
    value = _strtoll(text)
    if value is None:
        return 0, "invalid"
    if value < low:
        return 0, "too small"
    if value > high:
        return 0, "too large"
    return value, None


def _strtoll(text):
    """The whole of text as strtoll(..., 10) reads it, clamped to long long; None if anything is left over."""
    sign, rest = _sign(text)
    if not rest or not (rest.isascii() and rest.isdigit()):
        return None
    return max(LLONG_MIN, min(LLONG_MAX, sign * int(rest)))


def _sign(text):
    """strtol()'s start: white space skipped, then one optional sign: (1 or -1, the rest)."""
    rest = text.lstrip(_SPACE)
    if rest[:1] in ("+", "-"):
        return (-1 if rest[0] == "-" else 1), rest[1:]
    return 1, rest


def strtol_hex(text):
    """strtol(text, NULL, 16) for -T 0x..: (value, overflowed)."""
    sign, rest = _sign(text)
    if rest[:2].lower() == "0x" and rest[2:3] and rest[2:3].lower() in "0123456789abcdef":
        rest = rest[2:]
    digits = ""
    for char in rest:
        if char.lower() not in "0123456789abcdef":
            break
        digits += char
    value = sign * int(digits, 16) if digits else 0
    if value > LLONG_MAX:
        return LLONG_MAX, True
    if value < LLONG_MIN:
        return LLONG_MIN, True
    return value, False


# netcat.c's process_tos_opt() table: DiffServ code points and the old TOS names.
TOS_KEYWORDS = {
    "af11": 0x28, "af12": 0x30, "af13": 0x38, "af21": 0x48, "af22": 0x50, "af23": 0x58,
    "af31": 0x68, "af32": 0x70, "af33": 0x78, "af41": 0x88, "af42": 0x90, "af43": 0x98,
    "critical": 0xa0, "cs0": 0x00, "cs1": 0x20, "cs2": 0x40, "cs3": 0x60, "cs4": 0x80,
    "cs5": 0xa0, "cs6": 0xc0, "cs7": 0xe0, "ef": 0xb8, "inetcontrol": 0xc0,
    "lowcost": 0x02, "lowdelay": 0x10, "netcontrol": 0xe0, "reliability": 0x04,
    "throughput": 0x08,
}


def tos_value(text):
    """-T's value, or None when nc says "illegal tos value"."""
    if text in TOS_KEYWORDS:
        return TOS_KEYWORDS[text]
    if len(text) > 1 and text.startswith("0x"):
        value, overflowed = strtol_hex(text)
        # (int) of a long: nc keeps the low 32 bits, then checks 0..255
        value &= 0xFFFFFFFF
        if value >= 1 << 31:
            value -= 1 << 32
        return None if overflowed or not 0 <= value <= 255 else value
    value, error = strtonum(text, 0, 255)
    return None if error else value


def strtoport(nc, word):
    """One port number; anything else ends nc ("port number invalid: x")."""
    value, error = strtonum(word, 1, PORT_MAX)
    if error:
        # netcat.c falls back to getservbyname() only when strtonum() set
        # errno to EINVAL, which libbsd's never does: a name is "invalid".
        nc.errx("port number %s: %s" % (error, word))
    return value


def build_ports(nc, words):
    """The ports to try, in order, as decimal strings (netcat.c build_ports())."""
    ports = []
    for word in words:
        service = nc.service_port(word)
        if service is not None:
            ports.append(str(service))
        elif word[:1].isdigit() and word[:1].isascii() and "-" in word:
            first, _, second = word.partition("-")
            high = strtoport(nc, second)  # nc reads the upper end first
            low = strtoport(nc, first)
            if low > high:
                low, high = high, low
            ports.extend(str(port) for port in range(low, high + 1))
        else:
            ports.append(str(strtoport(nc, word)))
    if nc.rflag:
        _shuffle(ports)
    return ports


def _shuffle(ports):
    """Fisher-Yates from the end, as nc's -r (arc4random_uniform)."""
    import random

    for index in range(len(ports) - 1, 0, -1):
        other = random.randrange(index + 1)
        ports[index], ports[other] = ports[other], ports[index]
