"""The golden-case harness shared by every tool's tests.

cases.py   the Case model and where cases and golden files live
live.py    running the real tool and ours side by side in a lab
golden.py  writing golden directories (record) and replaying them (in-process)
"""
