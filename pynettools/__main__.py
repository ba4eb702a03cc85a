"""`python -m pynettools TOOL ARGS...`"""
import sys

from pynettools.cli import main

sys.exit(main())
