"""A routing registry's whois server for traceroute -A (RA_SERVER), in the lab.

Stand-alone (standard library only).  Started by a case's setup in a lab
namespace:

    python3 radb.py ADDRESS [PORT]

binds ADDRESS:PORT (43), forks, and the command exits 0 once it listens;
the server answers each connection (one query line: an address) with the
RPSL objects below, as whois.radb.net would, and exits after IDLE seconds
without a connection (the harness stops it at the end of the run anyway).

What traceroute 2.1.2 makes of each answer (get_as_path(): the "origin:"
lines under the longest "route:" prefix, joined with "/"):

  198.51.100.2    a /24 and a longer /26: "[AS64501]"
  198.51.100.66   two origins for one prefix: "[AS64502/AS64503]"
  198.51.100.130  no object: "[*]"
  203.0.113.1     an origin with no route line, the same origin again (kept
                  once), a route6 line with no prefix length, then AS6451:
                  "[AS64510/AS6451]" (strstr() finds "AS6451" inside "AS64510",
                  but not followed by "/" or the end: appended)
  anything else   "[*]"
"""
import os
import socket
import sys

IDLE = 20
ANSWERS = {
    "198.51.100.2": "route:      198.51.100.0/24\norigin:     AS64500\n\n"
                    "route:      198.51.100.0/26\norigin:     AS64501\nsource:     LAB\n",
    "198.51.100.66": "route: 198.51.100.64/26\norigin: AS64502\n\nroute: 198.51.100.64/26\norigin:\tAS64503\n",
    "198.51.100.130": "% No entries found for the selected source(s).\n",
    "203.0.113.1": "origin: AS64510\norigin: AS64510\nroute6: 2001:db8::\norigin: AS6451\n",
}


def serve(listener):
    listener.settimeout(IDLE)
    while True:
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            return
        with conn:
            conn.settimeout(5)
            query = b""
            try:
                while b"\n" not in query:
                    chunk = conn.recv(1024)
                    if not chunk:
                        break
                    query += chunk
                key = query.split(b"\r")[0].split(b"\n")[0].decode("ascii", "replace").strip()
                conn.sendall(ANSWERS.get(key, "% No entries found.\n").encode())
            except OSError:
                pass


def main(argv):
    address, port = argv[0], int(argv[1]) if len(argv) > 1 else 43
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen(16)
    if os.fork():
        os._exit(0)
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    serve(listener)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
