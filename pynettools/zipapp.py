"""Build pynettools.pyz: the whole program in one executable file, for containers.

    python3 -m pynettools.zipapp [OUT]        (default: pynettools.pyz, here)

Then, on a machine with Python >= 3.9 and nothing else installed:

    python3 pynettools.pyz ss -tan
    ./pynettools.pyz --install -s /usr/local/bin    (links to the .pyz: ss -tan)

What goes in (issue 16: only what the tools use):
- pynettools' own modules, this builder excepted;
- of dnspython (dig's message parser), the modules that pynettools' import
  statements reach, followed through dnspython's own imports (all of them,
  those inside functions too: read from the source, not from one run), and
  every record type module, which dns.rdata imports by name at run time;
- of idna (whois's IDN names, dnspython's IDNA 2008 codec), the modules
  those imports reach;
- nothing of pyroute2 or python-whois: no tool imports them (this builder
  fails if one starts to; the Python API, pynettools.api, is in the file, but
  what it would need of them is not);
- __main__, which runs pynettools.cli.main as the installed launcher does.

Start-up through the file costs more than through an installed pynettools
(tests/bench/zipapp_bench.py): Python runs a zip's __main__ through runpy
(its imports, importlib.util, contextlib, collections..., ~3 ms), reads the
zip's directory (~2 us an entry) and imports each module with zipimport.  What
can be kept cheap is:
- each module's .pyc, compiled by the Python running this builder, is in the
  file next to its .py.  The .pyc files are "unchecked hash-based" (PEP 552):
  zipimport loads them without comparing them with the source, which is sound
  since they are built together into a file no one edits (a timestamp .pyc
  would be checked against the zip's DOS times, which are local time: wrong
  in another time zone).  Another Python version finds a .pyc with the wrong
  magic number and zipimport falls back to the .py (compiled on every run:
  slower, still right).  For the fast file for another Python, run this
  builder with that Python.
- the .pyc that the tools with a start-up budget import are stored, not
  deflated (FAST_TOOLS); the other .pyc and every .py are deflated, or the
  file would not fit in 5 MB.
- __main__ (a .pyc too) loads the modules itself, each once, from where the
  builder found their .pyc in the file (see MAIN), then runs the same
  dispatcher as bin/pynettools.

The archive is reproducible: sorted names, fixed dates, fixed modes.
"""
import ast
import importlib.util
import io
import marshal
import os
import struct
import sys
import tempfile
import zipfile

SHEBANG = b"#!/usr/bin/env python3\n"
DEFAULT_OUTPUT = "pynettools.pyz"
LIMIT_BYTES = 5 * 1000 * 1000  # issue 16: at most 5 MB

# Third-party packages the tools must not need (see above): python-whois is `whois`.
NOT_NEEDED = ("pyroute2", "whois")

# The archive's __main__ (compiled too: a .pyc next to it).  zipimport loads
# each module's code twice (its find_spec asks get_filename, which loads it:
# CPython 3.9 to 3.13) and opens the archive again for each module: on ss -tan
# 1.5 ms, 0.15x of a bare python3.  So __main__ puts a finder before it that
# reads each module's .pyc once, with pread() at the place INDEX (written by
# the builder) gives.  A Python of another version (magic number) leaves every
# module to zipimport, which compiles the .py files.  Then it runs the
# dispatcher: argv[0] is the archive's name ("x.pyz") or a tool's (a link).
MAIN = """\
\"\"\"pynettools.pyz: `python3 pynettools.pyz TOOL ARGS`, or a link named after a TOOL.

Written by pynettools/zipapp.py, where the reasons are.\"\"\"
import marshal
import os
import sys
from importlib.machinery import ModuleSpec  # runpy, which runs this, imported both already
from importlib.util import MAGIC_NUMBER

MAGIC = %r
# module -> (where its .pyc's bytes start in this file, their length, deflated, a package)
INDEX = %r


class Archive:
    \"\"\"Finds and loads the modules of INDEX from the archive at `path`.\"\"\"

    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_RDONLY)

    def find_spec(self, name, path=None, target=None):
        entry = INDEX.get(name)
        if entry is None:
            return None
        where = os.path.join(self.path, *name.split("."))
        spec = ModuleSpec(name, self, origin=where + ("/__init__.pyc" if entry[3] else ".pyc"))
        spec.submodule_search_locations = [where] if entry[3] else None
        spec.has_location = True
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        start, length, deflated, _ = INDEX[module.__name__]
        data = os.pread(self.fd, length, start)
        if deflated:
            import zlib

            data = zlib.decompress(data, -15)
        exec(marshal.loads(memoryview(data)[16:]), module.__dict__)

    def is_package(self, name):
        return INDEX[name][3]

    def get_source(self, name):  # tracebacks (PYNETTOOLS_DEBUG=1)
        import zipimport

        parts = name.split(".")
        return zipimport.zipimporter(os.path.join(self.path, *parts[:-1])).get_source(parts[-1])


def run():
    if MAGIC == MAGIC_NUMBER:
        sys.meta_path.insert(0, Archive(os.path.dirname(__file__)))
    from pynettools.cli import main

    if os.path.basename(sys.argv[0]).endswith(".pyz"):
        return main(["pynettools"] + sys.argv[1:])
    return main()


sys.exit(run())
"""

# 1980-01-01, the first date a zip can hold: the same bytes on every build.
DATE = (1980, 1, 1, 0, 0, 0)

# The modules under pynettools/tools/ whose .pyc is stored, not deflated: the
# tools with a start-up budget (tests/bench/startup.py) and their helpers.
# Inflating costs ~0.1 ms a module (measured: ss -tan's dozen modules,
# 1.2 ms stored, 2.5 ms deflated, against ~10 ms for a bare python3), but
# storing every .pyc would not fit in 5 MB.  What every run imports
# (pynettools/*.py but the API and docgen, pynettools/kernel/) is stored too.
FAST_TOOLS = ("arp", "ss", "ip", "netstat", "route", "ifconfig", "ifconfig_set", "rtnames")
SLOW_CORE = ("pynettools.api", "pynettools.docgen")


USAGE = "usage: python3 -m pynettools.zipapp [OUT]   (default: %s)\n" % DEFAULT_OUTPUT


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"]):
        sys.stdout.write(USAGE)
        return 0
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        sys.stderr.write(USAGE)
        return 2
    output = argv[0] if argv else DEFAULT_OUTPUT
    try:
        size, counts = build(output)
    except BuildError as err:
        sys.stderr.write("pynettools.zipapp: %s\n" % err)
        return 1
    except OSError as err:
        sys.stderr.write("pynettools.zipapp: %s: %s\n" % (err.filename or output, err.strerror))
        return 1
    sys.stdout.write("%s: %d bytes, %s, .pyc for Python %d.%d (other versions compile the .py); "
                     "dig needs what %s needs\n"
                     % (output, size, ", ".join("%d %s modules" % (n, name) for name, n in counts),
                        sys.version_info[0], sys.version_info[1], _dnspython_release()))
    return 0


def _dnspython_release():
    """'dnspython 2.9.2 (Python >=3.11)': what the bundled dnspython says it runs on.
    (2.9 needs 3.11; for a file whose dig runs on 3.9 too, build with 2.7: README.md.)"""
    try:
        from importlib import metadata

        found = metadata.metadata("dnspython")
    except Exception:  # no dist-info next to it: say nothing false
        return "the bundled dnspython"
    return "dnspython %s (Python %s)" % (found["Version"], found["Requires-Python"] or "any")


class BuildError(Exception):
    pass


def build(output):
    """Write the archive to `output`; returns (its size, [(package, modules)])."""
    modules = {}  # module name -> source path
    modules.update(_package_modules("pynettools", exclude=("pynettools.zipapp",)))
    dns = _package_modules("dns")
    if not dns:
        raise BuildError("dnspython is not importable: install it (pip install dnspython) to build")
    # idna (IDNA 2008 + UTS 46): whois converts a non-ASCII name with it, as
    # Debian's whois does with libidn2; without it whois falls back to a
    # standard-library approximation (tools/whois/idn.py)
    pool = dict(dns, **_package_modules("idna"))
    # the record types dns.rdata imports by name, and what they import (dns.dnssectypes...)
    record_types = {name: path for name, path in dns.items() if name.startswith("dns.rdtypes.")}
    wanted = _import_closure(dict(modules, **record_types), pool) | set(record_types)
    wanted.update(_parents(wanted))
    modules.update((name, pool[name]) for name in sorted(wanted))
    _check_nothing_else_needed(modules)
    _write_archive(output, modules)
    size = os.path.getsize(output)
    if size > LIMIT_BYTES:
        raise BuildError("%s is %d bytes, over the %d limit" % (output, size, LIMIT_BYTES))
    counts = [("pynettools", sum(1 for n in modules if n.split(".")[0] == "pynettools")),
              ("dnspython", sum(1 for n in wanted if n.split(".")[0] == "dns")),
              ("idna", sum(1 for n in wanted if n.split(".")[0] == "idna"))]
    return size, counts


# ---- which modules ----------------------------------------------------------------


def _package_modules(package, exclude=()):
    """{module name: source path} of every .py file of an importable package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return {}
    root = list(spec.submodule_search_locations)[0]
    found = {}
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__" and
                            os.path.isfile(os.path.join(directory, d, "__init__.py")))
        relative = os.path.relpath(directory, root)
        prefix = package if relative == "." else package + "." + relative.replace(os.sep, ".")
        for name in files:
            if not name.endswith(".py"):
                continue
            module = prefix if name == "__init__.py" else prefix + "." + name[:-3]
            if module not in exclude:
                found[module] = os.path.join(directory, name)
    return found


_TREES = {}


def _tree(path):
    """A module's syntax tree, parsed once (its imports are read more than once)."""
    if path not in _TREES:
        with open(path, "rb") as f:
            _TREES[path] = ast.parse(f.read(), path)
    return _TREES[path]


def _statements(nodes):
    """Every statement in `nodes` and in the blocks they hold (function bodies too)."""
    for node in nodes:
        yield node
        for block in ("body", "orelse", "finalbody", "handlers"):
            inner = getattr(node, block, None)
            if isinstance(inner, list):
                yield from _statements(inner)


def _imports(module, path):
    """The absolute names every import statement of a module names, anywhere in
    it (inside functions too), with `from X import Y` giving both X and X.Y
    (Y may be a submodule)."""
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    names = set()
    for node in _statements(_tree(path).body):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[:len(parent) - (node.level - 1)]
                base = ".".join(parent + ([base] if base else []))
            names.add(base)
            names.update(base + "." + alias.name for alias in node.names)
    return names


def _import_closure(roots, pool):
    """The modules of `pool` ({name: path}) that the modules `roots` import,
    directly or through other modules of the pool."""
    wanted = set()
    todo = list(roots.items())
    while todo:
        module, path = todo.pop()
        for name in _imports(module, path):
            for candidate in [name] + list(_parents([name])):
                if candidate in pool and candidate not in wanted:
                    wanted.add(candidate)
                    todo.append((candidate, pool[candidate]))
    return wanted


def _parents(names):
    """The packages above each name (dns.rdtypes.IN.A: dns.rdtypes.IN, dns.rdtypes, dns)."""
    parents = set()
    for name in names:
        parts = name.split(".")
        parents.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return parents


def _check_nothing_else_needed(modules):
    """A tool that starts importing pyroute2 or whois needs a new decision here.
    (The API and docgen are on no tool's path: what they import is theirs.)"""
    for module, path in sorted(modules.items()):
        if not module.startswith("pynettools.") or module in SLOW_CORE:
            continue
        for name in _imports(module, path):
            if name.split(".")[0] in NOT_NEEDED:
                raise BuildError("%s imports %s, which pynettools.pyz does not carry (see %s)"
                                 % (module, name, __name__))


# ---- the archive --------------------------------------------------------------------


def _archive_name(module, path):
    parts = module.split(".")
    if os.path.basename(path) == "__init__.py":
        parts.append("__init__")
    return "/".join(parts)


def _compiled(source, name):
    """The bytes of an unchecked hash-based .pyc (PEP 552) of a module's
    source: the magic number, flags 0b01 (hash-based, not checked), the
    source's hash, the marshalled code (whose tracebacks name `name`)."""
    code = compile(source, name, "exec", dont_inherit=True)
    return (importlib.util.MAGIC_NUMBER + struct.pack("<I", 0b01) + importlib.util.source_hash(source)
            + marshal.dumps(code))


def _stored(module):
    """Whether a module's .pyc is stored (fast to load) rather than deflated (see FAST_TOOLS)."""
    parts = module.split(".")
    if parts[0] != "pynettools" or module in SLOW_CORE:
        return False
    return parts[1:2] != ["tools"] or len(parts) == 2 or parts[2] in FAST_TOOLS


def _data_start(buffer, entry):
    """Where an entry's bytes start in the file: after its local header (30
    bytes, then the name and the extra field, whose lengths it ends with)."""
    header = buffer.getbuffer()[entry.header_offset:entry.header_offset + 30]
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return entry.header_offset + 30 + name_length + extra_length


def _entry(name, compress):
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _write_archive(output, modules):
    """The shebang line, then the zip (the modules, then __main__, which holds
    where they are); written aside and renamed into place."""
    buffer = io.BytesIO()
    buffer.write(SHEBANG)
    index = {}
    with zipfile.ZipFile(buffer, "w") as archive:
        for module in sorted(modules):
            path = modules[module]
            name = _archive_name(module, path)
            with open(path, "rb") as f:
                source = f.read()
            try:
                compiled = _compiled(source, name + ".py")
            except SyntaxError as err:
                raise BuildError("%s does not compile with this Python: %s" % (path, err))
            archive.writestr(_entry(name + ".py", True), source)
            entry = _entry(name + ".pyc", not _stored(module))
            archive.writestr(entry, compiled)
            index[module] = (_data_start(buffer, entry), entry.compress_size,
                             entry.compress_type != zipfile.ZIP_STORED, name.endswith("/__init__"))
        main = (MAIN % (importlib.util.MAGIC_NUMBER, index)).encode()
        archive.writestr(_entry("__main__.py", True), main)
        archive.writestr(_entry("__main__.pyc", False), _compiled(main, "__main__.py"))
    directory = os.path.dirname(os.path.abspath(output))
    handle, staging = tempfile.mkstemp(prefix=".pynettools-", suffix=".pyz", dir=directory)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(buffer.getvalue())
        os.chmod(staging, 0o755)
        os.replace(staging, output)
    except BaseException:
        if os.path.exists(staging):
            os.unlink(staging)
        raise


if __name__ == "__main__":
    sys.exit(main())
