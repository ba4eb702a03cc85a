"""The test lab: reproducible network topologies in network namespaces.

    from tests.lab import Lab, topology
    with Lab(topology.named("arp")) as lab:
        print(lab.run(["arp", "-n"]).stdout.decode())

From the command line (for recording or looking around by hand):
    python -m tests.lab list
    python -m tests.lab up NAME [--topology arp | --case arp/show-n]
    python -m tests.lab exec NAME [--ns ROLE] -- arp -n
    python -m tests.lab down NAME
    python -m tests.lab gc          (namespaces left by dead test runs)
"""
from tests.lab import topology
from tests.lab.core import Lab, LabError, Result, cleanup_stale, preflight
from tests.lab.topology import Topology

__all__ = ["Lab", "LabError", "Result", "Topology", "cleanup_stale", "preflight", "topology"]
