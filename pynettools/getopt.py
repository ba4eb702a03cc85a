"""glibc 2.36's getopt(), getopt_long() and getopt_long_only(), for every tool that uses them.

arp, netstat, route, ss, whois (getopt_long), ping and nc (plain getopt) all
read their command line with glibc's getopt.  What a user sees of it -- which
words count as options, the order of the error messages, the words left over
as operands -- is part of each tool's behaviour, so this module reproduces it
exactly, one option at a time, the way the C loop

    while ((c = getopt_long(argc, argv, optstring, longopts, &index)) != -1)
        switch (c) { ... }

sees it.  Use it like that loop:

    from pynettools.getopt import Getopt
    parser = Getopt(argv, "A:H:adfp:nsei:t:vh?DNV", LONG_OPTIONS, env.stderr, env.environ)
    for option, value in parser:        # one getopt_long() call per step
        ...                             # exit here, and later errors are never printed
    operands = parser.operands          # argv[optind:] once the loop has ended

argv includes argv[0], which starts every message.  A short option comes back
as its character ("a"), a long option as the value of its table entry, an
error as "?" (or ":" for a missing argument when optstring starts with ":"),
and value is the option's argument (a str) or None.

How glibc reads argv
--------------------
- A word that starts with "-" and is not just "-" holds options; every other
  word (including "-" and "") is an operand.  "--" ends the options: all words
  after it are operands, even ones that start with "-".
- Order.  By default getopt *permutes*: it steps over operands, keeps looking
  for options, and at the end has moved the operands behind the options, so
  `arp host -a` is `arp -a host` and the operands come back in their original
  order.  The options are still returned in command-line order, each error
  message printed when its word is reached.  Two things stop at the first
  operand instead (everything from it on is an operand): an optstring
  starting with "+", and the environment variable POSIXLY_CORRECT (set to
  anything, even "").  An optstring starting with "-" returns each operand in
  place, as option "\\x01" with the word as its value.
- Short options: in optstring, "x" takes no argument, "x:" needs one (the rest
  of the word, `-ifoo`, or else the next word, `-i foo`, whatever it looks
  like, "-" and "--" included), "x::" takes one only when it is attached
  (`-xfoo`; `-x foo` is -x without one).  Options cluster: `-an` is -a -n,
  and `-ani eth0` gives eth0 to -i.  getopt works on bytes, so a non-ASCII
  character is two or more option characters, each reported on its own.
  ":" and ";" are never options.
- Long options, (name, has_arg, value) in a table: `--name`, `--name=VALUE`,
  or for a required argument `--name VALUE`.  An optional argument (has_arg 2)
  can only be given with "=".  A name may be abbreviated to any prefix.  An
  exact match wins; otherwise the first entry in table order with that prefix
  is taken, unless a later match differs from it in has_arg, value or flag --
  then the prefix is ambiguous and glibc lists the first match and every later
  one that differs from it, in table order.  (`--in` for netstat matches
  inet, inet6 and interfaces; inet and inet6 return the same value, so the
  message names '--inet' '--interfaces'.)  Even `--=x` is a prefix: the empty
  one, matching every entry.
- getopt_long_only also takes long options after a single "-": `-foo` is
  tried as a long option first, unless it is one character that is a short
  option (`-f`); a word that matches no long option but whose first character
  is a short option is read as short options (`-fx` = -f -x).  There, a
  prefix matching two entries is always ambiguous, even entries that return
  the same value.
- "W;" in optstring (with a long option table) makes `-W foo` and `-Wfoo`
  mean `--foo`; its messages say '-W foo'.
- Messages go to stderr, prefixed with argv[0], unless opterr is off or
  optstring (after its "+" or "-") starts with ":":
      %s: invalid option -- '%c'
      %s: option requires an argument -- '%c'
      %s: unrecognized option '--%s'              (the whole word after "--", =VALUE included)
      %s: option '--%s' is ambiguous; possibilities: '--a' '--b'
      %s: option '--%s' doesn't allow an argument (the full option name)
      %s: option '--%s' requires an argument      (the full option name)
  getopt_long_only's messages say "-" where these say "--".  These are the C
  locale's texts; glibc prints a translation instead when the locale asks for
  one and Debian's libc-l10n package has it (libc.mo).  Getopt prints English
  unless given `translate`, a gettext for the "libc" domain: each text above is
  then looked up (the ambiguity message without its list and "\n": glibc
  translates "%s: option '%s%s' is ambiguous; possibilities:" alone and prints
  the " '--a'" items and the newline untranslated).
- The options of a word are returned before the next word is looked at, and
  a message is printed in the same call that returns its "?", so a tool that
  exits on the first "?" prints only that message.

Extra state, as C's globals after each step: optind, optarg, optopt (the
option character of an error; for long options the entry's value, or "\\0"
when no entry matched), longindex (the table index of the last long option
found), argv (the words in their current, permuted order), and flags: an
entry with a fourth element `flag` sets flags[flag] = value and returns
"\\0", as C's `int *flag` does.
"""
import os

NO_ARGUMENT = 0
REQUIRED_ARGUMENT = 1
OPTIONAL_ARGUMENT = 2

OPERAND = "\x01"   # what getopt returns for an operand when optstring starts with "-"
FLAG_SET = "\0"    # what it returns for a long option that has a flag

# The three ways of treating operands (glibc's __ordering).
_PERMUTE = 0          # the default: step over them, move them to the end
_REQUIRE_ORDER = 1    # "+" or POSIXLY_CORRECT: the first operand ends the options
_RETURN_IN_ORDER = 2  # "-": return each operand as option "\x01"

_COLON = 58
_SEMICOLON = 59
_W = 87


def _text(raw):
    """Bytes back to the str the tools work with (undecodable bytes kept as surrogates)."""
    return raw.decode("utf-8", "surrogateescape")


def _raw(text):
    return text.encode("utf-8", "surrogateescape")


def _char(byte):
    """One option byte as a one-character str: itself when ASCII, else the
    surrogate that stands for that byte (so it prints back as that byte)."""
    return chr(byte) if byte < 128 else chr(0xDC00 + byte)


class Getopt:
    """One getopt / getopt_long / getopt_long_only loop over argv; iterate it.

    argv: the whole command line, argv[0] first (it names the program in messages).
    optstring: the short options, as in C.
    longopts: None for plain getopt(); else (name, has_arg, value) or
        (name, has_arg, value, flag) tuples in the C table's order (has_arg
        0/1/2, or False/True).  An empty tuple is getopt_long with no long
        options: `--x` is then an unrecognized option, not -- and -x.
    stderr: where messages go (a text stream).  environ: the environment
        (POSIXLY_CORRECT).  long_only: getopt_long_only.  opterr: C's opterr
        (False silences the messages).  posixly_correct: __posix_getopt, the
        getopt a program compiled for strict POSIX gets.  translate: None
        (English), or a function giving libc.mo's translation of a message.
    """

    def __init__(self, argv, optstring, longopts=None, stderr=None, environ=None,
                 long_only=False, opterr=True, posixly_correct=False, translate=None):
        self._translate = translate
        self._argv = [_raw(word) for word in argv]
        self._argc = len(self._argv)
        if stderr is None:
            import sys

            stderr = sys.stderr
        self._stderr = stderr
        if environ is None:
            environ = os.environ
        optstring = _raw(optstring)
        # Only one leading "+" or "-" is a modifier; a second one is an option.
        if optstring[:1] == b"-":
            self._ordering = _RETURN_IN_ORDER
            optstring = optstring[1:]
        elif optstring[:1] == b"+":
            self._ordering = _REQUIRE_ORDER
            optstring = optstring[1:]
        elif posixly_correct or "POSIXLY_CORRECT" in environ:
            self._ordering = _REQUIRE_ORDER
        else:
            self._ordering = _PERMUTE
        self._optstring = optstring
        # A leading ":" (after the modifier) silences the messages and makes a
        # missing argument return ":" instead of "?".
        self._colon = optstring[:1] == b":"
        self._print_errors = opterr and not self._colon
        self._longopts = None
        if longopts is not None:
            self._longopts = [(_raw(entry[0]), int(entry[1]), entry[2],
                               entry[3] if len(entry) > 3 else None) for entry in longopts]
        self._long_only = long_only
        self.optind = 1
        self.optarg = None
        self.optopt = "\0"  # glibc's copy starts at 0 (C's global reads '?' only before the first call)
        self.longindex = -1
        self.flags = {}
        # The non-options stepped over so far are argv[_first_nonopt:_last_nonopt].
        self._first_nonopt = 1
        self._last_nonopt = 1
        # The unread rest of the word being taken apart (C's nextchar), or None.
        self._nextchar = None
        self._done = False

    # ---- the iterator ------------------------------------------------------

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        code = self._getopt()
        if code is None:
            self._done = True
            raise StopIteration
        value = self.optarg
        self.optarg = None if value is None else _text(value)
        return code, self.optarg

    @property
    def argv(self):
        """The words in their current order (glibc permutes argv in place)."""
        return [_text(word) for word in self._argv]

    @property
    def operands(self):
        """argv[optind:]: once the loop has ended, the operands in their order."""
        return [_text(word) for word in self._argv[self.optind:]]

    # ---- one call of getopt ------------------------------------------------

    def _getopt(self):
        """One getopt_long() call: the code it returns, or None for -1 (the end)."""
        self.optarg = None
        if self._argc < 1:
            return None
        if not self._nextchar:
            word = self._next_word()
            if word is None:
                return None
            if word is OPERAND:
                return OPERAND
            if self._longopts is not None:
                if word[1:2] == b"-":
                    # "--foo" is always a long option ("--" itself ended the options).
                    self._nextchar = word[2:]
                    return self._long_option(b"--", self._long_only)
                # getopt_long_only: "-f" for a short option f stays -f, so that
                # -f can still be given; "-fu" is first tried as a long option.
                if self._long_only and (len(word) > 2 or self._optstring.find(word[1:2]) < 0):
                    self._nextchar = word[1:]
                    code = self._long_option(b"-", True)
                    if code is not None:
                        return code
            self._nextchar = word[1:]
        return self._short_option()

    def _next_word(self):
        """Move to the next word that holds options: that word, OPERAND
        (RETURN_IN_ORDER, with optarg set), or None at the end of the options."""
        argv = self._argv
        if self._ordering == _PERMUTE:
            # Options were found after skipped operands: move those options
            # in front of the operands.
            if self._first_nonopt != self._last_nonopt and self._last_nonopt != self.optind:
                self._exchange()
            elif self._last_nonopt != self.optind:
                self._first_nonopt = self.optind
            while self.optind < self._argc and _is_operand(argv[self.optind]):
                self.optind += 1
            self._last_nonopt = self.optind
        if self.optind != self._argc and argv[self.optind] == b"--":
            # "--" is moved in front of the skipped operands like an option;
            # everything after it is an operand.
            self.optind += 1
            if self._first_nonopt != self._last_nonopt and self._last_nonopt != self.optind:
                self._exchange()
            elif self._first_nonopt == self._last_nonopt:
                self._first_nonopt = self.optind
            self._last_nonopt = self._argc
            self.optind = self._argc
        if self.optind == self._argc:
            # Done: optind goes back to the first operand we moved to the end.
            if self._first_nonopt != self._last_nonopt:
                self.optind = self._first_nonopt
            return None
        word = argv[self.optind]
        if _is_operand(word):
            if self._ordering == _REQUIRE_ORDER:
                return None
            self.optarg = word
            self.optind += 1
            return OPERAND
        return word

    def _exchange(self):
        """Swap the skipped operands argv[first:last] with the options found
        after them, argv[last:optind]; each group keeps its order."""
        bottom, middle, top = self._first_nonopt, self._last_nonopt, self.optind
        argv = self._argv
        argv[bottom:top] = argv[middle:top] + argv[bottom:middle]
        self._first_nonopt += top - middle
        self._last_nonopt = top

    def _short_option(self):
        """The next character of the word being read, as a short option."""
        byte = self._nextchar[0]
        self._nextchar = self._nextchar[1:]
        # optind moves past the word as soon as its last character is read.
        if not self._nextchar:
            self.optind += 1
        spot = self._optstring.find(bytes((byte,)))
        if spot < 0 or byte in (_COLON, _SEMICOLON):
            self._error(b"%s: invalid option -- '%c'\n", self._argv[0], byte)
            self.optopt = _char(byte)
            return "?"
        option = _char(byte)
        spec = self._optstring[spot + 1:spot + 3]
        if byte == _W and spec[:1] == b";" and self._longopts is not None:
            return self._w_option(option)
        if spec[:1] != b":":
            return option
        if spec[1:2] == b":":  # an optional argument: only one attached to the option
            if self._nextchar:
                self.optarg = self._nextchar
                self.optind += 1
            self._nextchar = None
            return option
        if self._nextchar:
            self.optarg = self._nextchar
            self.optind += 1
        elif self.optind == self._argc:
            self._error(b"%s: option requires an argument -- '%c'\n", self._argv[0], byte)
            self.optopt = option
            option = ":" if self._colon else "?"
        else:
            self.optarg = self._argv[self.optind]
            self.optind += 1
        self._nextchar = None
        return option

    def _w_option(self, option):
        """-W foo / -Wfoo: the long option foo (POSIX reserves -W for this)."""
        if self._nextchar:
            name = self._nextchar
        elif self.optind == self._argc:
            self._error(b"%s: option requires an argument -- '%c'\n", self._argv[0], _W)
            self.optopt = option
            return ":" if self._colon else "?"
        else:
            name = self._argv[self.optind]  # _long_option steps over it
        self._nextchar = name
        return self._long_option(b"-W ", False)

    def _long_option(self, prefix, long_only):
        """The long option in self._nextchar (optind still at its word): the
        code to return, or None (getopt_long_only only) when it is no long
        option and is to be read as short options instead."""
        text = self._nextchar
        name, equals, value = text.partition(b"=")
        entries = self._longopts
        found = None
        for index, entry in enumerate(entries):
            if entry[0] == name:
                found = index
                break
        if found is None:
            found, ambiguous = self._abbreviation(name, long_only)
            if ambiguous:
                self._error(b"%s: option '%s%s' is ambiguous; possibilities:", self._argv[0], prefix, text,
                            tail=b"".join(b" '%s%s'" % (prefix, entries[i][0]) for i in ambiguous) + b"\n")
                self._nextchar = b""
                self.optind += 1
                self.optopt = "\0"
                return "?"
        if found is None:
            if (not long_only or self._argv[self.optind][1:2] == b"-"
                    or self._optstring.find(text[:1]) < 0):
                self._error(b"%s: unrecognized option '%s%s'\n", self._argv[0], prefix, text)
                self._nextchar = None
                self.optind += 1
                self.optopt = "\0"
                return "?"
            return None
        long_name, has_arg, code, flag = entries[found]
        self.optind += 1
        self._nextchar = None
        if equals:
            if not has_arg:
                self._error(b"%s: option '%s%s' doesn't allow an argument\n", self._argv[0], prefix, long_name)
                self.optopt = code
                return "?"
            self.optarg = value
        elif has_arg == REQUIRED_ARGUMENT:
            if self.optind < self._argc:
                self.optarg = self._argv[self.optind]
                self.optind += 1
            else:
                self._error(b"%s: option '%s%s' requires an argument\n", self._argv[0], prefix, long_name)
                self.optopt = code
                return ":" if self._colon else "?"
        self.longindex = found
        if flag is not None:
            self.flags[flag] = code
            return FLAG_SET
        return code

    def _abbreviation(self, name, long_only):
        """(index of the first entry `name` abbreviates or None, the indexes
        to list as ambiguous or None).  A later match is ambiguous when it
        would act differently from the first (or always, for getopt_long_only)."""
        first = None
        ambiguous = None
        for index, entry in enumerate(self._longopts):
            if not entry[0].startswith(name):
                continue
            if first is None:
                first = index
            elif long_only or entry[1:] != self._longopts[first][1:]:
                if ambiguous is None:
                    ambiguous = [first]
                ambiguous.append(index)
        return first, ambiguous

    def _error(self, msgid, *args, tail=b""):
        """Print glibc's message msgid % args (its translation when there is
        one), then tail.  %c takes a byte value, as C's does."""
        if not self._print_errors:
            return
        message = None
        if self._translate is not None:
            translated = self._translate(_text(msgid))
            if translated and translated != _text(msgid):
                try:
                    message = _raw(translated) % args
                except (TypeError, ValueError):
                    message = None  # a translation whose conversions do not fit: glibc's own text
        if message is None:
            message = msgid % args
        self._stderr.write(_text(message + tail))


def _is_operand(word):
    """Not an option word: does not start with "-", or is just "-"."""
    return word[:1] != b"-" or len(word) == 1


def parse(argv, optstring, longopts=None, stderr=None, environ=None, **options):
    """The whole loop at once: ([(option, value), ...], operands).

    Every message is printed before this returns, so use it only where the
    tool itself reads all its options before doing anything (no exit on the
    first "?", no -V that prints and stops); otherwise iterate a Getopt.
    """
    parser = Getopt(argv, optstring, longopts, stderr, environ, **options)
    found = list(parser)
    return found, parser.operands
