"""traceroute: Dmitry Butskoy's traceroute 2.1.2 as Debian 12 ships it
(traceroute 1:2.1.2-1).  Not a tool yet (not in cli.py's TOOLS).

Where each part lives:
  args.py        the command line (traceroute.c's option table read by
                 libsupp/clif.c), main()'s checks, the -O method options
"""
