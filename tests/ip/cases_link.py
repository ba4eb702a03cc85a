"""ip golden cases: link (gathered by tests/ip/cases.py)."""
from tests.ip.cases import ip  # noqa: F401

CASES = []
