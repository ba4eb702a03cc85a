"""ip golden cases: route (gathered by tests/ip/cases.py)."""
from tests.ip.cases import ip  # noqa: F401

CASES = []
