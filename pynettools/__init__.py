"""pynettools: Debian 12's network tools, byte for byte, in one pure-Python multi-call program."""

__version__ = "0.1.0"
