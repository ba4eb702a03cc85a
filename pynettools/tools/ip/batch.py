"""ip -batch FILE / ip -batch - (and -force): ip.c batch() and lib/utils.c do_batch().

Each line of the file (or of standard input for "-") is one ip command
without the leading "ip" and without global options:

  1. getcmdline(): a '#' anywhere ends the line (inside quotes too), and so
     does a NUL byte (its newline too: C's string functions stop there); a line
     ending in a backslash goes on with the next one (whose '#' cuts it as
     well); a backslash on the last line prints "Missing continuation line"
     and ends the file as if it were read to its end;
  2. makeargs(): words split on space, tab, CR and LF; a word starting with
     ' or " runs to the next same quote (no escapes, the quote may be
     followed by anything, which starts the next word); an unterminated
     quote, or more than 510 words, ends ip with exit status 1 at once;
  3. ip_batch_cmd(): the -4/-6/-f family of the command line again (a line
     never inherits another line's), then do_cmd(), the object table;
  4. a command returning non-zero prints "Command failed FILE:LINE" (LINE:
     the last physical line the command was read from) and the batch stops,
     or goes on under -force; the exit status is then 1 (whatever the
     command's own was).  A command that exits (usage, invarg: status 255)
     ends ip there, without that message, as in C.

Everything else stays from line to line as in C, where it is global: the
options, the printer, the cached interface names (ctx.names).  The file is
ip's stdin (freopen()): a command that reads stdin (`address restore`,
`route showdump`, ...) reads the lines after its own.  The file is
read through the kernel seam (kernel.read_text), so a replay finds it.
"""
import re

from pynettools.tools.ip.utils import Exit

MAX_ARGS = 512
_WS = " \t\r\n"
_WORD = re.compile("[^ \t\r\n]+")
_OTHER_SPACE = re.compile("[\v\f\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def run(ctx, do_cmd):
    """batch(): the status ip exits with."""
    name = ctx.batch_file
    text = _read(ctx, name)
    if text is None:
        return 1
    family = ctx.family
    status = 0
    ctx.batch_text = text  # stdin, for the commands that read it (routesave.stdin_bytes)
    for lineno, line in command_lines(ctx, text):
        words = makeargs(ctx, line)
        if not words:
            continue
        ctx.family = family
        ctx.batch_lineno = lineno
        ctx.names.forget_lookups()
        if do_cmd(ctx, words):
            ctx.err.write("Command failed %s:%d\n" % (name, lineno))
            status = 1
            if not ctx.force:
                break
    return status


def _read(ctx, name):
    """The whole input as text; None after freopen()'s complaint."""
    if name == "-":
        from pynettools.tools.ip.routesave import read_stdin_bytes

        return read_stdin_bytes(ctx.env).decode("utf-8", "surrogateescape")
    try:
        return ctx.kernel.read_text(name, unit="lines")
    except IsADirectoryError:
        return ""  # fopen() opens a directory; the first getline() fails
    except OSError as err:
        import os

        ctx.err.write('Cannot open file "%s" for reading: %s\n' % (name, os.strerror(err.errno)))
        return None


def command_lines(ctx, text):
    """getcmdline(): (number of the last line read, the command's text)."""
    lines = text.split("\n")
    last = lines.pop()  # the text after the last newline, if any
    lines = [line + "\n" for line in lines]
    if last:
        lines.append(last)
    i = 0
    while i < len(lines):
        line = _c_string(lines[i])
        i += 1
        # strstr(line, "\\\n"): only a line's end can hold it, once '#' has cut
        while line.endswith("\\\n"):
            if i >= len(lines):
                ctx.err.write("Missing continuation line\n")
                return
            line = line[:-2] + _c_string(lines[i])
            i += 1
        yield i, line


def _c_string(line):
    """The line as the C string functions see it: up to a NUL byte (which
    also hides its newline), then up to a '#'."""
    if "\0" in line:
        line = line[:line.index("\0")]
    if "#" in line:
        line = line[:line.index("#")]
    return line


def makeargs(ctx, line):
    """makeargs(): the words of one command line."""
    if "'" not in line and '"' not in line:
        # the common line at C speed: str.split() when the line holds no
        # white space of Python's that makeargs() would keep in a word
        words = _WORD.findall(line) if _OTHER_SPACE.search(line) else line.split()
        if len(words) < MAX_ARGS:
            return words
        ctx.err.write("Too many arguments to command\n")
        raise Exit(1)
    words = []
    pos = 0
    end = len(line)
    while pos < end:
        while pos < end and line[pos] in _WS:
            pos += 1
        if pos >= end:
            break
        if len(words) >= MAX_ARGS - 1:
            ctx.err.write("Too many arguments to command\n")
            raise Exit(1)
        if line[pos] in "'\"":
            close = line.find(line[pos], pos + 1)
            if close < 0:
                ctx.err.write("Unterminated quoted string\n")
                raise Exit(1)
            words.append(line[pos + 1:close])
            pos = close + 1
        else:
            start = pos
            while pos < end and line[pos] not in _WS:
                pos += 1
            words.append(line[start:pos])
            pos += 1
    return words
