"""tests/lab/spawn.py, by the path nc's recorded cases name (their setup runs
`python3 {tests}/nc/spawn.py HOST:PORT PROGRAM ARG...`)."""
import os
import runpy

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lab", "spawn.py"),
               run_name="__main__")
