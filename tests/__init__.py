"""pynettools' tests (a package, so `python -m tests.compat` and friends work).

    python -m pytest -ra                          everything; live tests skip without root
    PYNETTOOLS_REQUIRE_LIVE=1 python -m pytest    as CI: a live test that cannot run fails
    python -m pytest tests/test_golden.py         replay the golden cases (no root, no reference tools)
    python -m pytest -m live                      only the live ones (lab + real tools)
    PYNETTOOLS_LAB=off python -m pytest           skip the live ones, as without root
    HYPOTHESIS_PROFILE=long python -m pytest tests/arp/test_arp_property.py

    python -m tests.record arp [CASE...]          record golden cases from the real tool (root)
    python -m tests.compat [--previous old.json]  cases / identical / differ / xfail / skipped per tool
    python -m tests.compat --write-baseline       refresh tests/compat-baseline.json and README's table
    python -m tests.mutation                      planted bugs: every tier must catch each (root for live)
    python -m tests.lab up NAME --topology arp    a lab to look around in by hand (root)

Layout: tests/<tool>/cases.py lists a tool's golden cases, tests/golden/ holds
their recordings, tests/harness/ runs them, tests/lab/ builds the network
namespaces they run in.
"""
