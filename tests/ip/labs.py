"""Lab topologies for ip's cases (found by tests/lab/topology.py named()).

Each is a function returning a spec (see tests/lab/topology.py); add it to
TOPOLOGIES below.  Two namespaces built from one spec must give identical
`ip` dumps: see the notes in /work/shared/FACTS.md-style comments next to
each topology for what had to be pinned (addr_gen_mode, accept_dad, the
order devices are made in).
"""

TOPOLOGIES = {}
