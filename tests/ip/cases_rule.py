"""ip golden cases: rule (gathered by tests/ip/cases.py)."""
from tests.ip.cases import ip  # noqa: F401

CASES = []
