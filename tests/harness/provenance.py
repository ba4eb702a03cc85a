"""Which program is "the real tool": checked, never assumed.

Golden files and live comparisons are only worth something if the other side
really is Debian 12's binary.  A busybox `ss` first on PATH, a pynettools
link installed into /usr/sbin, or a locally built iproute2 would all print
*something*, and the suite would then compare ours with the wrong oracle.

identify(tool) finds the program the real run will start (BASE_ENV's PATH),
follows its links, asks dpkg which package owns it, and checks its bytes
against the md5sum that package shipped (/var/lib/dpkg/info/PKG.md5sums):
only an unmodified file of the reference package, at the reference
upstream version, is accepted.  The recorder writes the result into every
golden directory (provenance.json); tests/reference-binaries.json lists the
sha256 of every binary that was accepted that way, so a golden test can
check a recording's provenance on a machine that has no reference tools.

Debian 12 merged /bin into /usr/bin, but dpkg still lists most tools under
/bin or /sbin (`dpkg -S /usr/bin/ss` finds nothing; `dpkg -S /bin/ss` finds
iproute2): both spellings are tried.
"""
import hashlib
import json
import os
import shutil
import subprocess

from tests.harness.cases import BASE_ENV, REFERENCE_PACKAGES, TESTS_DIR

# package -> the upstream version the project is compatible with (DEVELOPERS.md).
REFERENCE_VERSIONS = {
    "iproute2": "6.1.0", "net-tools": "2.10", "lsof": "4.95.0", "netcat-openbsd": "1.219",
    "bind9-dnsutils": "9.18", "whois": "5.5.17", "iputils-ping": "20221126", "traceroute": "2.1.2",
}

KNOWN_BINARIES = os.path.join(TESTS_DIR, "reference-binaries.json")
DPKG_INFO = "/var/lib/dpkg/info"


class NotReference(Exception):
    """The program a real run would start is not the reference package's binary."""


def package_of(tool):
    return REFERENCE_PACKAGES.get(tool, tool)


def upstream_matches(package, version):
    """Whether a Debian version ("1:9.18.41-1~deb12u1") is the reference upstream ("9.18")."""
    want = REFERENCE_VERSIONS.get(package)
    if want is None or not version:
        return False
    upstream = version.split(":", 1)[-1]
    return upstream == want or (upstream.startswith(want) and upstream[len(want)] in "-+~.")


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _md5_of(path):
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _dpkg_spellings(resolved):
    """The names dpkg may list a file under (merged /usr: /usr/bin/ss is /bin/ss)."""
    names = [resolved]
    for merged, old in (("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/")):
        if resolved.startswith(merged):
            names.append(old + resolved[len(merged):])
    return names


def _dpkg_owner(resolved):
    """(package, the path as dpkg lists it), or (None, None)."""
    for name in _dpkg_spellings(resolved):
        completed = subprocess.run(["dpkg-query", "-S", name], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if completed.returncode == 0:
            for line in completed.stdout.decode().splitlines():
                packages, _, listed = line.partition(": ")
                if listed == name and "diversion" not in packages:
                    return packages.split(",")[0].strip().split(":")[0], name
    return None, None


def _shipped_md5(package, listed):
    """The md5sum `package` shipped for `listed`, from dpkg's md5sums file."""
    relative = listed.lstrip("/")
    for name in (package + ".md5sums", package + ":amd64.md5sums", package + ":arm64.md5sums"):
        path = os.path.join(DPKG_INFO, name)
        if os.path.isfile(path):
            with open(path) as f:
                for line in f:
                    md5, _, shipped = line.rstrip("\n").partition("  ")
                    if shipped == relative:
                        return md5
    return None


def _installed_version(package):
    completed = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return completed.stdout.decode().strip() if completed.returncode == 0 else None


def identify(tool, search_path=None):
    """The provenance record of the program `tool` starts on BASE_ENV's PATH
    (or `search_path`).

    Raises NotReference (with the reason) unless it is an unmodified binary of
    the reference package at the reference upstream version.
    """
    package = package_of(tool)
    path = shutil.which(tool, path=search_path or BASE_ENV["PATH"])
    if path is None:
        raise NotReference("reference tool %s is not installed (apt-get install %s)" % (tool, package))
    resolved = os.path.realpath(path)
    owner, listed = _dpkg_owner(resolved)
    if owner != package:
        raise NotReference("%s (%s) is not %s's binary (dpkg: %s): a pynettools link, busybox, a local build?"
                           % (path, resolved, package, owner or "no package owns it"))
    version = _installed_version(package)
    if not upstream_matches(package, version):
        raise NotReference("%s is version %s, not the reference %s %s"
                           % (package, version, package, REFERENCE_VERSIONS.get(package)))
    shipped = _shipped_md5(package, listed)
    if shipped is None or shipped != _md5_of(resolved):
        raise NotReference("%s differs from the file %s %s shipped (dpkg md5sums)" % (resolved, package, version))
    return {"tool": tool, "path": path, "resolved": resolved, "package": package, "version": version,
            "sha256": sha256_of(resolved)}


def not_reference_reason(tool):
    """None when `tool` is the reference binary, else why not (cached per tool)."""
    if tool not in _reasons:
        try:
            identify(tool)
            _reasons[tool] = None
        except NotReference as err:
            _reasons[tool] = str(err)
    return _reasons[tool]


_reasons = {}


# ---- the committed list of accepted binaries ------------------------------------------


def known_binaries():
    """{tool: [{package, version, sha256}]} from tests/reference-binaries.json."""
    if not os.path.isfile(KNOWN_BINARIES):
        return {}
    with open(KNOWN_BINARIES) as f:
        return json.load(f)


def remember(record):
    """Add an identify() record to tests/reference-binaries.json (the recorder calls this)."""
    known = known_binaries()
    entry = {"package": record["package"], "version": record["version"], "sha256": record["sha256"]}
    entries = known.setdefault(record["tool"], [])
    if entry not in entries:
        entries.append(entry)
        with open(KNOWN_BINARIES, "w") as f:
            json.dump(known, f, indent=1, sort_keys=True)
            f.write("\n")


def recording_problems(tool, record):
    """Why a golden directory's provenance.json does not show the reference binary ([] if it does)."""
    if not isinstance(record, dict):
        return ["no provenance.json: record again (python -m tests.record %s CASE)" % tool]
    problems = []
    package = package_of(tool)
    if record.get("tool") != tool:
        problems.append("recorded for tool %r" % record.get("tool"))
    if record.get("package") != package:
        problems.append("recorded with %r, not %s" % (record.get("package"), package))
    if not upstream_matches(package, record.get("version")):
        problems.append("recorded with %s %s, not the reference %s"
                        % (package, record.get("version"), REFERENCE_VERSIONS.get(package)))
    entry = {"package": record.get("package"), "version": record.get("version"), "sha256": record.get("sha256")}
    if entry not in known_binaries().get(tool, []):
        problems.append("binary sha256 %s is not in tests/reference-binaries.json" % record.get("sha256"))
    return problems
