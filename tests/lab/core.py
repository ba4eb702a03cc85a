"""Building and tearing down a lab of network namespaces from a topology spec.

    with Lab(topology.named("arp")) as lab:
        result = lab.run(["arp", "-n"])          # runs in the "main" namespace
        lab.reset_neighbours()                    # back to the spec's table

A Lab always tears down what it built: on leaving the `with` block, at
interpreter exit (atexit) for labs still up, and `cleanup_stale()` removes
namespaces left by test processes that died without cleaning up (their names
carry the dead process's pid).  Everything is done with `ip`, in batches
(`ip -n NS -batch -`), so building a lab costs a handful of processes.
"""
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import threading

# The real ip by its full path: a case's PATH may start with a directory where
# "ip" is ours (the live harness runs ours through a link named after the tool),
# and the lab's own commands (`ip netns exec NS ...`) must never run that.
IP = shutil.which("ip", path="/usr/sbin:/usr/bin:/sbin:/bin") or "ip"
NFT = shutil.which("nft", path="/usr/sbin:/usr/bin:/sbin:/bin") or "nft"
NETNS_RUN_DIR = "/run/netns"
NETNS_ETC_DIR = "/etc/netns"
RESOLV_CONF = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"
HOSTS_HEADER = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"

# The kernel moves neighbour entries between states on timers: REACHABLE
# becomes STALE after base_reachable_time (15-45 s by default), PROBE and
# INCOMPLETE send a probe every retrans_time (1 s) and turn FAILED after a few,
# and an admin-set DELAY entry gets a zero timer, so it is PROBE at once.  The
# lab sets every device's timers to an hour, so what a case sees while
# recording is what the table holds a moment later for the live comparison.
STABLE_NEIGH_SYSCTLS = (
    ("base_reachable_time_ms", "3600000"),
    ("retrans_time_ms", "3600000"),
    ("delay_first_probe_time", "3600"),
    ("gc_stale_time", "3600"),
)

# Sysctls that devices copy when they are made (a namespace's defaults): a
# spec's sysctls with these prefixes are set before its devices exist.
_EARLY_SYSCTLS = ("net.ipv6.conf.all.", "net.ipv6.conf.default.", "net.ipv4.conf.all.", "net.ipv4.conf.default.")

_STALE_NAME = re.compile(r"^pnt-(\d+)-\d+(-[a-z0-9]+)?$")
_counter = [0]
_counter_lock = threading.Lock()
_live_labs = []


class LabError(Exception):
    """Building the lab failed (the message holds the failing command and its output)."""


class Result:
    """What a command run in the lab gave: stdout/stderr bytes and the exit status."""

    __slots__ = ("argv", "stdout", "stderr", "exit")

    def __init__(self, argv, stdout, stderr, exit):
        self.argv = argv
        self.stdout = stdout
        self.stderr = stderr
        self.exit = exit

    def __repr__(self):
        return "Result(argv=%r, exit=%r, stdout=%r, stderr=%r)" % (self.argv, self.exit,
                                                                   self.stdout[:200], self.stderr[:200])


def new_lab_name():
    """pnt-<pid>-<n>: unique on this machine while this process lives."""
    with _counter_lock:
        _counter[0] += 1
        return "pnt-%d-%d" % (os.getpid(), _counter[0])


class Lab:
    def __init__(self, spec, name=None):
        self.spec = spec
        self.name = name or new_lab_name()
        self.is_up = False
        self._holders = []
        self._pid_anchor = None   # see _start_pid_namespace
        self._rpcbind = None      # see _start_rpcbind
        self._aliases = []        # [(alias, lock file)]: see _make_aliases
        self._daemons = []        # pids of spec "daemons": see _start_daemons
        self._workdir = None      # their files ("{dir}")

    # ---- names ----------------------------------------------------------------

    def netns(self, role="main"):
        """The real namespace name of a role."""
        return self.name if role == "main" else "%s-%s" % (self.name, role)

    def namespaces(self):
        return [self.netns(role) for role in self.spec["namespaces"]]

    # ---- life cycle -------------------------------------------------------------

    def __enter__(self):
        self.up()
        return self

    def __exit__(self, *exc):
        self.down()
        return False

    def up(self):
        _live_labs.append(self)
        self.is_up = True
        try:
            self._build()
        except BaseException:
            self.down()
            raise
        return self

    def down(self):
        """Remove everything the lab made; never raises, safe to call twice."""
        for holder in self._holders:
            holder.stop()
        self._holders = []
        self._stop_daemons()
        self._stop_pid_namespace()
        self._stop_rpcbind()
        self._remove_aliases()
        existing = [ns for ns in self.namespaces() if os.path.exists(os.path.join(NETNS_RUN_DIR, ns))]
        if existing:
            _ip_batch(None, ["netns del %s" % ns for ns in existing], check=False)
        for ns in self.namespaces():
            shutil.rmtree(os.path.join(NETNS_ETC_DIR, ns), ignore_errors=True)
        self.is_up = False
        if self in _live_labs:
            _live_labs.remove(self)

    def rebuild(self):
        """Tear down and build again from the spec (same names): a fresh lab,
        for a case whose precondition no longer holds (TIME-WAIT expired)."""
        self.down()
        return self.up()

    def _build(self):
        spec = self.spec
        for role in spec["namespaces"]:
            _run([IP, "netns", "add", self.netns(role)])
            self._write_etc(role)
        self._make_aliases()
        self._set_sysctls(early=True)
        self._batch_by_ns(self._link_commands())
        self._set_sysctls()
        self._batch_by_ns(self._config_commands())
        self._run_ip_commands(spec.get("ip_commands", []))
        self._load_nft(spec.get("nft", {}))
        self._save_routes()
        self._settle()
        if self.spec.get("pid_namespace"):
            self._start_pid_namespace()
        if self.spec.get("rpcbind") is not None:
            self._start_rpcbind(self.spec["rpcbind"])
        if self.spec.get("netns_run_dir") is not None:
            self._private_netns_dir(self.spec["netns_run_dir"])
        for holder in self.spec.get("holders", []):
            self.start_socket_holder(holder["sockets"], holder.get("ns", "main"), comm=holder.get("comm"),
                                     private_tmp=holder.get("private_tmp", False))
        if spec.get("daemons"):
            self._start_daemons(spec["daemons"])

    def _load_nft(self, rulesets):
        """spec "nft": {role: ruleset text}, loaded with `nft -f -` in that namespace."""
        for role, text in sorted(rulesets.items()):
            _run([IP, "netns", "exec", self.netns(role), NFT, "-f", "-"], input=text.encode())

    def _write_etc(self, role):
        directory = os.path.join(NETNS_ETC_DIR, self.netns(role))
        os.makedirs(directory, exist_ok=True)
        hosts = HOSTS_HEADER + "".join("\t".join(entry) + "\n" for entry in self.spec["hosts"].get(role, []))
        files = {"hosts": hosts, "resolv.conf": RESOLV_CONF}
        files.update(self.spec.get("etc", {}).get(role, {}))
        for name, text in files.items():
            path = os.path.join(directory, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)  # "iproute2/rt_tables": the whole /etc/iproute2
            with open(path, "w") as f:
                f.write(text)

    # ---- stable names for namespaces (spec "netns_alias") -----------------------

    def _make_aliases(self):
        """/run/netns/ALIAS for each {"ALIAS": role} of spec["netns_alias"]: a bind
        mount of the role's namespace, so a command line can name it (`ss -N
        pnt-ss-peer`) although the real names carry our pid.

        An alias is one name on the whole machine: while a lab has it, it holds
        an exclusive lock (flock on ALIAS_LOCK % alias, which dies with its
        process); another lab wanting the same alias waits for it.  An alias
        left behind by a lab whose process died is removed first (and by
        cleanup_stale()).  Aliases start with "pnt-" and never look like a
        lab's own names (pnt-PID-N), so cleanup_stale() can tell them apart.
        """
        for alias, role in sorted(self.spec.get("netns_alias", {}).items()):
            if not alias.startswith("pnt-") or _STALE_NAME.match(alias) or "/" in alias:
                raise LabError("netns alias %r: must start with pnt- and not look like pnt-PID-N" % alias)
            if role not in self.spec["namespaces"]:
                raise LabError("netns alias %r: no namespace role %r" % (alias, role))
            lock = _lock_alias(alias, ALIAS_WAIT_SECONDS)
            if lock is None:
                raise LabError("netns alias %s: another lab has held it for %d s (its lock: %s)"
                               % (alias, ALIAS_WAIT_SECONDS, ALIAS_LOCK % alias))
            self._aliases.append((alias, lock))
            _drop_alias(alias)  # left by a lab that died: nobody holds its lock
            path = os.path.join(NETNS_RUN_DIR, alias)
            with open(path, "w"):
                pass
            _run(["mount", "--bind", os.path.join(NETNS_RUN_DIR, self.netns(role)), path])

    def _remove_aliases(self):
        for alias, lock in reversed(self._aliases):
            _drop_alias(alias)
            lock.close()  # releases the flock
        self._aliases = []

    # ---- the ip commands ----------------------------------------------------------

    def _link_commands(self):
        """[(role, command)] creating every link, in spec order."""
        commands = []
        for link in self.spec["links"]:
            role, name, kind = link["ns"], link["name"], link["kind"]
            address = " address %s" % link["mac"] if link.get("mac") else ""
            if kind == "veth":
                peer = link["peer"]
                peer_netns = "" if peer["ns"] == role else " netns %s" % self.netns(peer["ns"])
                peer_address = " address %s" % peer["mac"] if peer.get("mac") else ""
                commands.append((role, "link add %s%s type veth peer name %s%s%s"
                                 % (name, address, peer["name"], peer_netns, peer_address)))
            elif kind == "bridge":
                commands.append((role, "link add %s%s type bridge" % (name, address)))
            elif kind == "macvlan":
                commands.append((role, "link add %s link %s%s type macvlan mode %s"
                                 % (name, link["link"], address, link.get("mode", "bridge"))))
            elif kind == "tap":
                commands.append((role, "tuntap add mode tap name %s" % name))
                if link.get("mac"):
                    commands.append((role, "link set %s%s" % (name, address)))
            else:
                raise LabError("unknown link kind %r (this kernel has veth, bridge, macvlan, tap)" % kind)
        for role, device in self._devices():
            if device.get("mtu"):
                commands.append((role, "link set %s mtu %d" % (device["name"], device["mtu"])))
            if device.get("master"):
                commands.append((role, "link set %s master %s" % (device["name"], device["master"])))
        return commands

    def _devices(self):
        """[(role, link-or-peer dict)] for every device the spec makes."""
        devices = []
        for link in self.spec["links"]:
            devices.append((link["ns"], link))
            if link.get("peer"):
                devices.append((link["peer"]["ns"], link["peer"]))
        return devices

    def _set_sysctls(self, early=False):
        """The spec's sysctls.  early=True: only the defaults new devices copy
        (net.ipv6.conf.{all,default}.*, e.g. addr_gen_mode and accept_dad),
        set before any device is made; the others come after the devices."""
        per_ns = {}
        if not early:
            for role, device in self._devices():
                for family in ("ipv4", "ipv6"):
                    for key, value in STABLE_NEIGH_SYSCTLS:
                        per_ns.setdefault(role, []).append("net.%s.neigh.%s.%s=%s"
                                                           % (family, device["name"], key, value))
        for sysctl in self.spec.get("sysctls", []):
            if sysctl["key"].startswith(_EARLY_SYSCTLS) == early:
                per_ns.setdefault(sysctl["ns"], []).append("%s=%s" % (sysctl["key"], sysctl["value"]))
        for role, assignments in per_ns.items():
            _run([IP, "netns", "exec", self.netns(role), "sysctl", "-q", "-w"] + assignments)

    def _config_commands(self):
        commands = [(role, "link set lo up") for role in self.spec["namespaces"]]
        for role, device in self._devices():
            commands.append((role, "link set %s up" % device["name"]))
        for entry in self.spec.get("addresses", []):
            nodad = " nodad" if ":" in entry["addr"] else ""
            commands.append((entry["ns"], "addr add %s dev %s%s" % (entry["addr"], entry["dev"], nodad)))
        for route in self.spec.get("routes", []):
            line = "route add %s" % route["dst"]
            if route.get("via"):
                line += " via %s" % route["via"]
            if route.get("dev"):
                line += " dev %s" % route["dev"]
            commands.append((route["ns"], line))
        commands.extend(self._neighbour_commands())
        return commands

    def _neighbour_commands(self, roles=None):
        commands = []
        for entry in self.spec.get("neighbours", []):
            if roles is not None and entry["ns"] not in roles:
                continue
            if entry.get("proxy"):
                commands.append((entry["ns"], "neigh add proxy %s dev %s" % (entry["addr"], entry["dev"])))
                continue
            lladdr = " lladdr %s" % entry["lladdr"] if entry.get("lladdr") else ""
            commands.append((entry["ns"], "neigh replace %s dev %s%s nud %s"
                             % (entry["addr"], entry["dev"], lladdr, entry["nud"])))
        return commands

    def _run_ip_commands(self, entries):
        """spec["ip_commands"] in order, one `ip -batch` per run of entries with the
        same namespace and global options (an entry's "options", e.g. ["-6"]: a
        batch line cannot carry them, and `ip rule add` of IPv6 rules needs -6)."""
        group_key, group = None, []
        for entry in entries:
            key = (entry["ns"], tuple(entry.get("options", ())))
            if key != group_key and group:
                _ip_batch(self.netns(group_key[0]), group, options=group_key[1])
                group = []
            group_key = key
            group.append(entry["cmd"])
        if group:
            _ip_batch(self.netns(group_key[0]), group, options=group_key[1])

    def _batch_by_ns(self, commands):
        """Run (role, command) pairs in order, one `ip -batch` per run of the same namespace."""
        group_role, group = None, []
        for role, command in commands:
            if role != group_role and group:
                _ip_batch(self.netns(group_role), group)
                group = []
            group_role = role
            group.append(command)
        if group:
            _ip_batch(self.netns(group_role), group)

    # ---- using the lab ---------------------------------------------------------

    def run(self, argv, role="main", env=None, cwd=None, input=b"", timeout=60, tty_columns=None,
            new_session=False):
        """Run argv inside a namespace (through `ip netns exec`, so /etc/netns/NS applies).

        tty_columns=N: stdout is a pseudo-terminal N columns wide (stderr stays a
        pipe), for tools that lay out their output for the terminal they print on.
        new_session: in a session of its own, without a controlling terminal
        even when the tests run from one (nc -S reads a password from /dev/tty).
        """
        command = self.command(argv, role, cwd)
        if tty_columns:
            return _run_on_terminal(list(argv), command, tty_columns, env, cwd, timeout)
        completed = subprocess.run(command, input=input,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd,
                                   timeout=timeout, start_new_session=new_session)
        return Result(list(argv), completed.stdout, completed.stderr, completed.returncode)

    def start(self, argv, role="main", env=None, cwd=None, tty_columns=None, input=None):
        """Start argv in a namespace without waiting for it: a Running (see
        there), for a tool that runs until it is stopped (ss -E).  input:
        bytes for its standard input (else /dev/null)."""
        return Running(list(argv), self.command(argv, role, cwd), env, cwd, tty_columns, input)

    def command(self, argv, role="main", cwd=None):
        """The full argv that runs `argv` in a namespace of the lab (and in its PID namespace, if any)."""
        prefix = []
        if self._pid_anchor is not None:
            # nsenter -m puts us at / of that mount namespace: --wd keeps our working directory
            prefix = ["nsenter", "-t", str(self._pid_anchor[1]), "-p", "-m", "--wd=%s" % (cwd or os.getcwd())]
        return prefix + [IP, "netns", "exec", self.netns(role)] + list(argv)

    # ---- servers (spec "daemons") ------------------------------------------------------

    def _start_daemons(self, daemons):
        """Start each {"ns", "listen": "HOST:PORT", "argv", "then"} in its
        namespace through tests/lab/spawn.py, which returns once HOST:PORT
        takes a TCP connection; then run its "then" commands there (each
        {"argv", "input": text for its standard input}).  "{dir}"
        in a word is a directory of the lab's own (made in "dir_in", when the
        entry names one that exists: named's AppArmor profile lets it write
        only under /var/cache/bind), "{tests}" the tests directory."""
        import tempfile

        tests = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        spawn = os.path.join(tests, "lab", "spawn.py")
        for daemon in daemons:
            if self._workdir is None:
                parent = daemon.get("dir_in")
                self._workdir = tempfile.mkdtemp(prefix=self.name + "-",
                                                 dir=parent if parent and os.path.isdir(parent) else None)
            words = [w.replace("{dir}", self._workdir).replace("{tests}", tests) for w in daemon["argv"]]
            role = daemon.get("ns", "main")
            pid_file = os.path.join(self._workdir, "spawn-%d.pid" % len(self._daemons))
            started = self.run([sys.executable, spawn, "--pid-file", pid_file, daemon["listen"]] + words, role)
            if os.path.exists(pid_file) and self._pid_anchor is None:  # else it dies with the PID namespace
                with open(pid_file) as f:
                    self._daemons.append(int(f.read()))
            if started.exit != 0:
                raise LabError("%s did not start: %s" % (words[0], started.stderr.decode(errors="replace").strip()))
            for command in daemon.get("then", []):
                words = [w.replace("{dir}", self._workdir).replace("{tests}", tests) for w in command["argv"]]
                done = self.run(words, role, input=command.get("input", "").encode())
                if done.exit != 0:
                    raise LabError("%s failed: %s" % (" ".join(words), done.stderr.decode(errors="replace").strip()))

    def daemon_state(self):
        """What `down` needs to stop this lab's daemons from another process
        (python -m tests.lab keeps it beside the spec)."""
        return {"pids": list(self._daemons), "dir": self._workdir}

    def adopt_daemons(self, state):
        """Take over the daemons of daemon_state(), so down() stops them."""
        self._daemons = list(state.get("pids", []))
        self._workdir = state.get("dir")

    def _stop_daemons(self):
        """SIGTERM to each daemon's process group (spawn gave it a session of
        its own), SIGKILL after 5 s; then the work directory goes."""
        import signal
        import time

        for pid in self._daemons:
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for pid in self._daemons:
            while _pid_alive(pid) and not _zombie(pid) and time.monotonic() < deadline:
                time.sleep(0.01)
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        self._daemons = []
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    # ---- a PID namespace of the lab's own (spec "pid_namespace": true) ---------------

    def _start_pid_namespace(self):
        """Run the lab's processes in a PID namespace with its own /proc.

        Tools that walk /proc (ss -p) then see only the lab's socket holders
        and themselves, not every process of the machine, and the holders'
        pids are small numbers that are the same in every lab (2, 3, ...).
        The namespace lives as long as its first process (`sleep`, pid 1);
        `unshare --kill-child` ends it when unshare is killed.  Its mount
        namespace is a slave of ours, so namespaces added later to /run/netns
        show up in it.
        """
        import time

        anchor = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", "--propagation", "slave",
                                   "--kill-child", "sleep", "infinity"],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  preexec_fn=_die_with_parent)
        children = "/proc/%d/task/%d/children" % (anchor.pid, anchor.pid)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                with open(children) as f:
                    pids = f.read().split()
            except OSError:
                pids = []
            if pids:
                self._pid_anchor = (anchor, int(pids[0]))
                return
            if anchor.poll() is not None:
                break
            time.sleep(0.005)
        anchor.kill()
        raise LabError("unshare --pid failed: %s" % anchor.stderr.read().decode(errors="replace").strip())

    # ---- rpcbind (spec "rpcbind": [[prog, vers, netid, addr], ...]) ------------------

    def _start_rpcbind(self, programs):
        """Run rpcbind in the main namespace, with a /run of its own.

        rpcbind and its clients meet at /run/rpcbind.sock, a path no network
        namespace separates: the lab's mount namespace (pid_namespace) gets a
        fresh tmpfs on /run, into which the machine's /run/netns is bound
        again (`ip netns exec` needs it).  rpcbind runs in the lab's PID
        namespace, so it dies with the namespace when the lab goes down.
        """
        import time

        if self._pid_anchor is None:
            raise LabError("an rpcbind lab needs pid_namespace")
        rpcbind = shutil.which("rpcbind", path="/usr/sbin:/sbin:/usr/bin:/bin")
        if rpcbind is None:
            raise LabError("rpcbind is not installed (apt-get install rpcbind)")
        private_run = ("mount -n -t tmpfs pnt-run /mnt && mkdir /mnt/netns"
                       " && mount -n --rbind /run/netns /mnt/netns && mount -n --move /mnt /run")
        _run(["nsenter", "-t", str(self._pid_anchor[1]), "-m", "sh", "-c", private_run])
        self._rpcbind = subprocess.Popen(self.command([rpcbind, "-f"]), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                         preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 5
        while self.run(["test", "-S", "/run/rpcbind.sock"]).exit != 0:
            if self._rpcbind.poll() is not None or time.monotonic() > deadline:
                raise LabError("rpcbind did not start: %s"
                               % self._rpcbind.stderr.read().decode(errors="replace").strip())
            time.sleep(0.02)
        if programs:
            helper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rpcregister.py")
            words = [str(word) for program in programs for word in program]
            registered = self.run([sys.executable, helper] + words)
            if registered.exit != 0:
                raise LabError("registering with rpcbind failed: %s" % registered.stderr.decode().strip())

    # ---- a /run/netns of the lab's own (spec "netns_run_dir") ---------------------------

    def _private_netns_dir(self, entries):
        """Give the lab's mount namespace (pid_namespace) a /run/netns of its own.

        `ip netns list` reads /run/netns, which on the machine holds every
        lab's namespaces (and anyone else's): in a private one the real ip
        and ours a moment later see the same names.  It holds the lab's
        namespaces under their own names, in the spec's order (`ip netns
        exec`, which runs every command of the lab, opens them), then each
        [NAME, ROLE] of `entries` in order, NAME bound to that role's
        namespace, or an empty file for ROLE None (a name whose namespace is
        gone, as a crashed `ip netns add` leaves).  A tmpfs on /mnt is filled
        and moved over /run/netns, bind mounts and all.
        """
        if self._pid_anchor is None:
            raise LabError("a lab with netns_run_dir needs pid_namespace")
        script = ["set -e", "mount -n -t tmpfs pnt-netns /mnt"]
        own = [[self.netns(role), role] for role in self.spec["namespaces"]]
        for name, role in own + [list(entry) for entry in entries]:
            if "/" in name or name in (".", ".."):
                raise LabError("netns_run_dir: bad name %r" % name)
            script.append("touch '/mnt/%s'" % name)
            if role is not None:
                script.append("mount -n --bind '%s/%s' '/mnt/%s'" % (NETNS_RUN_DIR, self.netns(role), name))
        script.append("mount -n --move /mnt %s" % NETNS_RUN_DIR)
        _run(["nsenter", "-t", str(self._pid_anchor[1]), "-m", "sh", "-c", "\n".join(script)])

    def _stop_rpcbind(self):
        """rpcbind died with the PID namespace; its nsenter (which waits for
        it, so it leaves no zombie) exits next: collect that."""
        process = self._rpcbind
        self._rpcbind = None
        if process is None:
            return
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _stop_pid_namespace(self):
        if self._pid_anchor is None:
            return
        anchor = self._pid_anchor[0]
        self._pid_anchor = None
        anchor.kill()
        anchor.wait()

    def reset_neighbours(self, roles=None):
        """Put the neighbour tables (and proxy entries) back to what the spec says.

        Flush removes every entry but the NOARP ones (the kernel's own
        multicast entries are NOARP too, so we leave those alone); `replace`
        then restores the spec's entries, NOARP included.
        """
        if self.spec.get("rebuild_on_reset"):  # ifconfig's changes: links, addresses, names
            self.rebuild()
            return
        roles = roles or self.spec["namespaces"]
        self.restore_routes(roles)
        commands = []
        for role in roles:
            commands.append((role, "neigh flush all nud all"))
            commands.append((role, "neigh flush proxy"))
        commands.extend(self._neighbour_commands(roles))
        self._batch_by_ns(commands)
        self._settle(roles)

    def _save_routes(self):
        """Spec "restore_routes": true -- keep each namespace's main tables as
        built (`ip route save`, IPv4 and IPv6), for restore_routes()."""
        self._saved_routes = {}
        if not self.spec.get("restore_routes"):
            return
        for role in self.spec["namespaces"]:
            self._saved_routes[role] = [
                _run([IP, "-n", self.netns(role), family, "route", "save", "table", "main"]).stdout
                for family in ("-4", "-6")]

    def restore_routes(self, roles=None):
        """Put the main routing tables back as built (spec "restore_routes"):
        flush them, then `ip route restore` what _save_routes() kept (route
        add/del cases change them; the kernel's own local routes stay)."""
        saved = getattr(self, "_saved_routes", None) or {}
        for role in roles or self.spec["namespaces"]:
            if role not in saved:
                continue
            for family, dump in zip(("-4", "-6"), saved[role]):
                _run([IP, "-n", self.netns(role), family, "route", "flush", "table", "main"], check=False)
                import tempfile

                with tempfile.TemporaryFile() as saved_file:  # ip route restore wants a seekable stdin
                    saved_file.write(dump)
                    saved_file.seek(0)
                    completed = subprocess.run([IP, "-n", self.netns(role), "route", "restore"], stdin=saved_file,
                                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                if completed.returncode != 0:
                    raise LabError("ip route restore in %s failed: %s"
                                   % (self.netns(role), completed.stderr.decode(errors="replace").strip()))

    def _settle(self, roles=None, timeout=2.0):
        """Wait until admin-set DELAY entries have turned PROBE (see STABLE_NEIGH_SYSCTLS).

        The kernel's zero timer fires a moment after `ip neigh replace`
        returns; a run started before it would see DELAY, one started after
        it PROBE, and a mutating case's before/after state would differ.
        """
        import time

        delayed = {entry["ns"] for entry in self.spec.get("neighbours", [])
                   if entry.get("nud") == "delay" and (roles is None or entry["ns"] in roles)}
        deadline = time.monotonic() + timeout
        for role in sorted(delayed):
            while time.monotonic() < deadline:
                shown = _run([IP, "-n", self.netns(role), "neigh", "show", "nud", "delay"], check=False)
                if not shown.stdout.strip():
                    break
                time.sleep(0.005)

    def start_socket_holder(self, sockets, role="main", comm=None, private_tmp=False):
        """Start a process in a namespace holding the sockets described by `sockets`.

        See tests/lab/sockholder.py for the spec.  Returns a SocketHolder
        whose .info lists what each socket ended up bound/connected to.  It
        is stopped when the lab goes down.  comm names the process (what
        `ss -p` shows); private_tmp gives it a /tmp of its own (unix socket
        paths that are the same in every lab).  A lab spec's "holders" list
        starts holders as the lab comes up.
        """
        holder = SocketHolder(self, role, sockets, comm=comm, private_tmp=private_tmp)
        self._holders.append(holder)
        return holder

    def describe(self):
        """A text summary of what the lab made (for the command line)."""
        lines = ["lab %s" % self.name]
        for role in self.spec["namespaces"]:
            lines.append("  %-8s netns %s" % (role, self.netns(role)))
        return "\n".join(lines)


class SocketHolder:
    """A helper process (tests/lab/sockholder.py) holding sockets open in a namespace."""

    def __init__(self, lab, role, sockets, comm=None, private_tmp=False):
        program = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sockholder.py")
        self.process = subprocess.Popen(lab.command([sys.executable, program], role),
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        request = sockets
        if comm or private_tmp or _names_namespaces(sockets):
            request = {"sockets": sockets, "comm": comm, "private_tmp": private_tmp,
                       "namespaces": {r: lab.netns(r) for r in lab.spec["namespaces"]}}
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            raise LabError("socket holder did not start (spec %r)" % (sockets,))
        answer = json.loads(line)
        if "error" in answer:
            self.stop()
            raise LabError("socket holder: %s" % answer["error"])
        self.info = answer["sockets"]
        self.pid = answer["pid"]

    def stop(self):
        """Closing its stdin tells the holder to exit; kill it if it does not."""
        if self.process.poll() is not None:
            return
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Running:
    """A command started in the lab that has not been waited for.

    stdout goes to a temporary file, or to a pseudo-terminal `tty_columns`
    wide that a thread reads; stderr to a temporary file.  The process
    started is `[nsenter ...] ip netns exec NS argv`: `ip netns exec` runs
    the command in its own place (exec), nsenter (a lab with a PID
    namespace) forks it and waits, and dies by the signal it died of.  So
    signal() goes to the command itself, the innermost process, and wait()
    gives its status as the outer one reports it: -N when it died by signal N.
    """

    def __init__(self, argv, command, env, cwd, tty_columns=None, input=None):
        import tempfile
        import threading

        self.argv = argv
        stdin = subprocess.DEVNULL
        if input is not None:  # a file holding it: read at the command's own pace, then EOF
            stdin = tempfile.TemporaryFile()
            stdin.write(input)
            stdin.seek(0)
        self._stderr = tempfile.TemporaryFile()
        self._stdout = None
        self._master = None
        self._chunks = []
        self._reader = None
        if tty_columns:
            import fcntl
            import pty
            import struct
            import termios

            self._master, slave = pty.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, tty_columns, 0, 0))
            try:
                self.process = subprocess.Popen(command, stdin=stdin, stdout=slave,
                                                stderr=self._stderr, env=env, cwd=cwd)
            finally:
                os.close(slave)
            self._reader = threading.Thread(target=self._read_terminal, daemon=True)
            self._reader.start()
        else:
            self._stdout = tempfile.TemporaryFile()
            self.process = subprocess.Popen(command, stdin=stdin, stdout=self._stdout,
                                            stderr=self._stderr, env=env, cwd=cwd)
        if input is not None:
            stdin.close()  # the child has its own copy

    def _read_terminal(self):
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: every holder of the terminal's other end is gone
                break
            if not chunk:
                break
            self._chunks.append(chunk)

    def running(self):
        return self.process.poll() is None

    def stdout_so_far(self):
        """What the command has written to stdout until now (bytes)."""
        if self._reader is not None:
            return b"".join(list(self._chunks))
        return os.pread(self._stdout.fileno(), 1 << 24, 0)

    def innermost_pid(self):
        """The pid of the command itself: the last of the chain of only children."""
        pid = self.process.pid
        while True:
            try:
                with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                    children = f.read().split()
            except OSError:
                return pid
            if len(children) != 1:
                return pid
            pid = int(children[0])

    def signal(self, signum):
        """Send signum to the command (not to nsenter, which forwards nothing)."""
        try:
            os.kill(self.innermost_pid(), signum)
        except ProcessLookupError:
            pass

    def wait(self, timeout=30):
        """Wait for the end; a Result (stdout, stderr, exit).  Killed after `timeout`."""
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            if self._reader is not None:
                self._reader.join(5)
                os.close(self._master)
        if self._reader is not None:
            stdout = b"".join(self._chunks).replace(b"\r\n", b"\n")  # see _run_on_terminal
        else:
            self._stdout.seek(0)
            stdout = self._stdout.read()
            self._stdout.close()
        self._stderr.seek(0)
        stderr = self._stderr.read()
        self._stderr.close()
        return Result(self.argv, stdout, stderr, status)


# ---- helpers -------------------------------------------------------------------


def _die_with_parent():
    """prctl(PR_SET_PDEATHSIG, SIGKILL): killed when the process that started
    us dies, however it dies (a killed test run leaves no PID namespace behind)."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)


def _names_namespaces(sockets):
    return any(key in spec for spec in sockets for key in ("ns", "server_ns", "client_ns", "argv"))


def _run_on_terminal(argv, command, columns, env, cwd, timeout):
    """Run with stdout on a pseudo-terminal `columns` wide; stderr to a pipe.

    A terminal turns every "\n" written into "\r\n" (the ONLCR output
    flag); we give back what the program wrote, so "\r\n" becomes "\n"
    again.  Nothing else is changed.
    """
    import fcntl
    import pty
    import select
    import struct
    import tempfile
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=slave, stderr=errors,
                                       env=env, cwd=cwd)
        finally:
            os.close(slave)
        chunks = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([master], [], [], left)[0]:
                    process.kill()
                    raise subprocess.TimeoutExpired(command, timeout)
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every holder of the terminal's other end is gone
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(master)
        status = process.wait()
        errors.seek(0)
        stderr = errors.read()
    return Result(argv, b"".join(chunks).replace(b"\r\n", b"\n"), stderr, status)


def _run(argv, input=None, check=True):
    completed = subprocess.run(argv, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and completed.returncode != 0:
        raise LabError("%s failed (%d): %s" % (" ".join(argv), completed.returncode,
                                               (completed.stderr or completed.stdout).decode(errors="replace").strip()))
    return completed


def _ip_batch(netns, commands, check=True, options=()):
    argv = [IP] + list(options) + (["-n", netns] if netns else []) + ["-batch", "-"]
    completed = _run(argv, input="".join(c + "\n" for c in commands).encode(), check=False)
    if check and completed.returncode != 0:
        raise LabError("ip batch in %s failed: %s\ncommands:\n  %s" % (
            netns, completed.stderr.decode(errors="replace").strip(), "\n  ".join(commands)))
    return completed


ALIAS_LOCK = "/run/pnt-netns-alias-%s.lock"
ALIAS_WAIT_SECONDS = 120


def _lock_alias(alias, wait):
    """The open lock file of `alias`, flock()ed exclusively; None if another
    process still holds it after `wait` seconds."""
    import fcntl
    import time

    lock = open(ALIAS_LOCK % alias, "a")
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return lock
        except BlockingIOError:
            if time.monotonic() >= deadline:
                lock.close()
                return None
            time.sleep(0.1)


def _drop_alias(alias):
    """Unmount and remove /run/netns/ALIAS if it is there (`ip netns del` does both)."""
    if os.path.lexists(os.path.join(NETNS_RUN_DIR, alias)):
        _run([IP, "netns", "del", alias], check=False)
        try:
            os.unlink(os.path.join(NETNS_RUN_DIR, alias))
        except OSError:
            pass


def _teardown_all():
    for lab in list(_live_labs):
        lab.down()


atexit.register(_teardown_all)


def cleanup_stale():
    """Remove pnt-<pid>-<n> namespaces whose process is gone, and netns aliases
    (pnt-NAME) no live lab holds; returns their names."""
    removed = []
    try:
        names = os.listdir(NETNS_RUN_DIR)
    except OSError:
        return removed
    for name in sorted(names):
        match = _STALE_NAME.match(name)
        if not match and os.path.exists(ALIAS_LOCK % name):
            # a netns alias (see Lab._make_aliases): stale when no live lab holds its lock
            lock = _lock_alias(name, 0)
            if lock is not None:
                _drop_alias(name)
                lock.close()
                removed.append(name)
            continue
        if not match or _pid_alive(int(match.group(1))):
            continue
        _run([IP, "netns", "del", name], check=False)
        shutil.rmtree(os.path.join(NETNS_ETC_DIR, name), ignore_errors=True)
        removed.append(name)
    return removed


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _zombie(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


_preflight_reason = []


def preflight():
    """None when a lab can be built here, else the reason (for pytest.skip)."""
    if _preflight_reason:
        return _preflight_reason[0]
    reason = _check_can_build()
    _preflight_reason.append(reason)
    return reason


def _check_can_build():
    if os.environ.get("PYNETTOOLS_LAB") == "off":
        return "PYNETTOOLS_LAB=off"
    if os.geteuid() != 0:
        return "the lab needs root (network namespaces)"
    if shutil.which(IP) is None:
        return "the lab needs iproute2's `ip`"
    probe = new_lab_name() + "-probe"
    try:
        completed = _run([IP, "netns", "add", probe], check=False)
        if completed.returncode != 0:
            return "`ip netns add` failed: %s" % completed.stderr.decode(errors="replace").strip()
        completed = _run([IP, "-n", probe, "link", "add", "p0", "type", "veth", "peer", "name", "p1"], check=False)
        if completed.returncode != 0:
            return "cannot make a veth pair: %s" % completed.stderr.decode(errors="replace").strip()
    finally:
        _run([IP, "netns", "del", probe], check=False)
    return None
