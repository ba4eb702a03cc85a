"""ip golden cases: address (gathered by tests/ip/cases.py)."""
from tests.ip.cases import ip  # noqa: F401

CASES = []
