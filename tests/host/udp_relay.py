#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A UDP relay between a client and a server on 127.0.0.1 that records
what the client sends: a wire tap, to replay captured messages.

    udp_relay.py LISTEN_PORT SERVER_PORT LOG

Datagrams from 127.0.0.1:SERVER_PORT go to the last client heard from;
every other datagram goes to the server and is appended to LOG as one
line of hex.  Runs until killed.
"""
import socket
import sys


def main():
    listen, server, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    srv = ("127.0.0.1", server)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", listen))
    client = None
    with open(log, "a") as f:
        while True:
            data, peer = s.recvfrom(65535)
            if peer == srv:
                if client:
                    s.sendto(data, client)
                continue
            client = peer
            f.write(data.hex() + "\n")
            f.flush()
            s.sendto(data, srv)


if __name__ == "__main__":
    main()
