"""One printer for text and JSON, as iproute2's lib/json_print.c.

Every field ip prints goes through one call that names both forms at once:

    p.string(PRINT_ANY, "ifname", "%s: ", name)      # text: "lo: "  JSON: "ifname":"lo"
    p.uint(PRINT_ANY, "mtu", "mtu %u ", mtu)
    p.string(PRINT_FP, None, "%s", "\\n")             # text only
    p.open_json_object("linkinfo") ... p.close_json_object()

so `ip -j` and the text output cannot drift apart: with -j the printer is in
JSON context and PRINT_FP calls print nothing; without it PRINT_JSON calls
print nothing.  Format strings are Python %-formats (no C length modifiers:
"%u", not "%llu").

JSON is written as iproute2's lib/json_writer.c writes it, byte for byte:
compact (`{"a":1,"b":[1,2]}`), or with -p pretty-printed with four-space
indents, a space after ':' and arrays kept on their opening line
(`"b": [ 1,2 ]`), which is not what Python's json module makes.

Colour (-c): the field's colour attribute picks an escape sequence from the
light or dark palette (COLORFGBG in the environment says which), as
lib/color.c does.
"""

PRINT_FP = 1
PRINT_JSON = 2
PRINT_ANY = 4

# enum color_attr (include/color.h)
COLOR_IFNAME, COLOR_MAC, COLOR_INET, COLOR_INET6, COLOR_OPERSTATE_UP, COLOR_OPERSTATE_DOWN, COLOR_NONE = range(7)

_CODES = {
    "red": "\x1b[31m", "green": "\x1b[32m", "yellow": "\x1b[33m", "blue": "\x1b[34m",
    "magenta": "\x1b[35m", "cyan": "\x1b[36m", "white": "\x1b[37m",
    "bold_red": "\x1b[1;31m", "bold_green": "\x1b[1;32m", "bold_yellow": "\x1b[1;33m",
    "bold_blue": "\x1b[1;34m", "bold_magenta": "\x1b[1;35m", "bold_cyan": "\x1b[1;36m",
    "bold_white": "\x1b[1;37m", "clear": "\x1b[0m",
}
# attribute -> colour, indexed by enum color_attr (COLOR_NONE is never coloured)
_LIGHT = ("cyan", "yellow", "magenta", "blue", "green", "red")
_DARK = ("bold_cyan", "bold_yellow", "bold_magenta", "bold_blue", "bold_green", "bold_red")

# json_writer's string escapes: only these; other control bytes pass through raw.
_JSON_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\b": "\\b", "\\": "\\\\", '"': '\\"'}


def json_quote(text):
    if any(c in text for c in _JSON_ESCAPES):
        text = "".join(_JSON_ESCAPES.get(c, c) for c in text)
    return '"%s"' % text


def color_palette(environ):
    """set_color_palette(): COLORFGBG's last field 0-6 or 8 means a dark background."""
    value = environ.get("COLORFGBG", "")
    last = value.rpartition(";")
    if not last[1]:
        return _LIGHT
    tail = last[2]
    return _DARK if len(tail) == 1 and (tail in "0123456" or tail == "8") else _LIGHT


def color_wanted(option, json, stdout_isatty):
    """check_enable_color(): option is "never" (ip's default), "auto" or "always"."""
    if json or option == "never":
        return False
    return option == "always" or stdout_isatty


class JsonWriter:
    """lib/json_writer.c: depth, pretty, and the pending separator."""

    __slots__ = ("write", "depth", "pretty", "sep")

    def __init__(self, write, pretty=False):
        self.write = write
        self.depth = 0
        self.pretty = pretty
        self.sep = ""

    def _eol(self):
        if self.pretty:
            self.write("\n" + "    " * self.depth)

    def _eor(self):
        if self.sep:
            self.write(self.sep)
        self.sep = ","

    def name(self, name):
        self._eor()
        self._eol()
        self.sep = ""
        self.write(json_quote(name) + (": " if self.pretty else ":"))

    def raw(self, text):
        """A value already in JSON form (a number, true, null)."""
        self._eor()
        self.write(text)

    def string(self, value):
        self._eor()
        self.write(json_quote(value))

    def start(self, bracket):
        self._eor()
        self.write(bracket)
        self.depth += 1
        self.sep = ""
        if bracket == "[" and self.pretty:
            self.write(" ")

    def end(self, bracket):
        if bracket == "]":
            if self.pretty and self.sep:
                self.write(" ")
            self.sep = ""
        self.depth -= 1
        if self.sep:
            self._eol()
        self.write(bracket)
        self.sep = ","

    def field(self, key, text):
        if key is not None:
            self.name(key)
            self.write(text)
            self.sep = ","
        else:
            self.raw(text)


class Printer:
    """print_*(type, key, fmt, value) in text or JSON context.

    oneline (-o) makes nl() print a backslash instead of a newline (_SL_).
    """

    def __init__(self, out, pretty=False, colors=None, oneline=False):
        self.out = out
        self.write = out.write
        self.pretty = pretty
        self.colors = colors  # None: no colour; else _LIGHT or _DARK
        self.sl = "\\" if oneline else "\n"
        self.jw = None

    # ---- the JSON context -------------------------------------------------------

    def new_json_obj(self, json, array=True):
        """new_json_obj()/new_json_obj_plain(): enter JSON context when -j."""
        if json:
            self.jw = JsonWriter(self.write, self.pretty)
            if array:
                self.jw.start("[")

    def delete_json_obj(self, array=True):
        if self.jw is not None:
            if array:
                self.jw.end("]")
            self.write("\n")
            self.jw = None

    @property
    def is_json(self):
        return self.jw is not None

    def _json(self, kind):
        return self.jw is not None and kind & (PRINT_JSON | PRINT_ANY)

    def _text(self, kind):
        return self.jw is None and kind & (PRINT_FP | PRINT_ANY)

    def open_json_object(self, name=None):
        if self.jw is not None:
            if name is not None:
                self.jw.name(name)
            self.jw.start("{")

    def close_json_object(self):
        if self.jw is not None:
            self.jw.end("}")

    def open_json_array(self, kind, name):
        """In JSON, an array named `name`; in text, `name` printed as it is."""
        if self._json(kind):
            if name is not None:
                self.jw.name(name)
            self.jw.start("[")
        elif self._text(kind):
            self.write(name)

    def close_json_array(self, kind, delim):
        if self._json(kind):
            self.jw.end("]")
        elif self._text(kind):
            self.write(delim)

    def nl(self):
        """print_nl(): the line separator, in text only ("\\" under -o)."""
        if self.jw is None:
            self.write(self.sl)

    # ---- values -------------------------------------------------------------------

    def _text_out(self, color, text):
        if self.colors is None or color == COLOR_NONE:
            self.write(text)
        else:
            self.write(_CODES[self.colors[color]] + text + _CODES["clear"])

    def string(self, kind, key, fmt, value, color=COLOR_NONE):
        """print_string(): a key with value None writes just the key (an object or array follows)."""
        if self._json(kind):
            if key is not None and value is None:
                self.jw.name(key)
            elif key is None:
                self.jw.string(value)
            else:
                self.jw.name(key)
                self.jw.write(json_quote(value))
                self.jw.sep = ","
        elif self._text(kind) and fmt is not None:
            self._text_out(color, fmt % value if "%" in fmt else fmt)

    def number(self, kind, key, fmt, value, color=COLOR_NONE):
        """print_uint/int/u64/hhu/hu/luint/lluint/s64: JSON as a bare integer."""
        if self._json(kind):
            self.jw.field(key, "%d" % value)
        elif self._text(kind) and fmt is not None:
            self._text_out(color, fmt % value)

    uint = int = u64 = hhu = hu = luint = lluint = s64 = number

    def float(self, kind, key, fmt, value, color=COLOR_NONE):
        if self._json(kind):
            self.jw.field(key, "%g" % value)
        elif self._text(kind) and fmt is not None:
            self._text_out(color, fmt % value)

    def bool(self, kind, key, fmt, value, color=COLOR_NONE):
        self._bool(kind, key, fmt, value, "true" if value else "false", color)

    def on_off(self, kind, key, fmt, value, color=COLOR_NONE):
        self._bool(kind, key, fmt, value, "on" if value else "off", color)

    def _bool(self, kind, key, fmt, value, text, color):
        if self._json(kind):
            self.jw.field(key, "true" if value else "false")
        elif self._text(kind) and fmt is not None:
            self._text_out(color, fmt % text if "%" in fmt else fmt)

    def null(self, kind, key, fmt, value, color=COLOR_NONE):
        if self._json(kind):
            self.jw.field(key, "null")
        elif self._text(kind) and fmt is not None:
            self._text_out(color, fmt % value if "%" in fmt else fmt)

    def hex(self, kind, key, fmt, value, color=COLOR_NONE):
        """print_hex(): JSON gets the hex digits as a string ("%x")."""
        if self._json(kind):
            if key is not None:
                self.jw.name(key)
                self.jw.write(json_quote("%x" % value))
                self.jw.sep = ","
            else:
                self.jw.string("%x" % value)
        elif self._text(kind) and fmt is not None:
            self._text_out(color, fmt % value)

    def hex0x(self, kind, key, fmt, value, color=COLOR_NONE):
        """print_0xhex(): JSON gets "0x..." ("%#llx": plain "0" for zero)."""
        if self._json(kind):
            self.string(PRINT_JSON, key, None, "%#x" % value if value else "0")
        elif self._text(kind) and fmt is not None:
            if not value and "%#" in fmt:
                # C's "%#x" prints a zero as "0", Python's as "0x0"
                fmt = fmt.replace("%#x", "0")
            self._text_out(color, fmt % value if "%" in fmt else fmt)

    def rate(self, use_iec, kind, key, fmt, rate, color=COLOR_NONE):
        """print_rate(): bytes/s as bits/s with K/M/G/T (Ki.. with -iec); JSON: bytes/s."""
        if self._json(kind):
            self.number(kind, key, "%d", rate, color)
            return
        kilo = 1024 if use_iec else 1000
        rate <<= 3
        units = ("", "K", "M", "G", "T")
        i = 0
        while i < len(units) - 1:
            if rate < kilo:
                break
            if rate % kilo and rate < 1000 * kilo:
                break
            rate //= kilo
            i += 1
        text = "%.0f%s%sbit" % (rate, units[i], ("i" if use_iec else "") if i > 0 else "")
        self.string(kind, key, fmt, text, color)
