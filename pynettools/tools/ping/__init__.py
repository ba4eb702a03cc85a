"""ping (iputils 20221126): being built; args.py reads its command line."""
