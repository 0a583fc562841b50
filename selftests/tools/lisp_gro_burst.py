# SPDX-License-Identifier: GPL-2.0
"""LISP data datagrams in one burst, for selftests/data_gro.sh: a TCP
stream (IPv4 inside, consecutive sequence numbers and IP IDs, plain ACK
segments of one size, checksums right) cut into COUNT datagrams, each with its own
LISP header, sent with one UDP_SEGMENT send so that they leave the
sender's underlay device back to back and reach the receiver's GRO in
one poll.

  lisp_gro_burst.py DST PORT IID SRC_EID DST_EID KIND [COUNT]

KIND says how the LISP headers differ, datagram by datagram:
  nonce    only the nonce (the N bit set in each): GRO may merge them
  lsb      the locator-status-bits (L bit) alternate: no two neighbours
           decapsulate alike, and none may merge
  badver   as nonce, but the middle datagram's inner version is 5 (not
           TCP data: the stream's sequence numbers skip it): counted
           as a bad inner packet, the others merge around it
Stdlib only.
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lispwire import csum  # noqa: E402

SOL_UDP, UDP_SEGMENT = 17, 103
PAYLOAD = 1000


def tcp_segment(src, dst, seq, ident):
    """IPv4 (DF, ID @ident) and TCP (ACK, no options) with PAYLOAD bytes.
    The IDs go up by one, as a TCP sender's do: 6.12's GRO has one
    fixed-ID flag for the outer and the inner header, and merges no more
    than two datagrams whose inner IDs stay the same while the outer ones
    go up."""
    payload = bytes((seq + i) & 0xFF for i in range(PAYLOAD))
    tcp = struct.pack("!HHIIBBHHH", 40000, 9, seq, 1, 5 << 4, 0x10, 65535, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp) + PAYLOAD)
    c = csum(pseudo + tcp + payload)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + PAYLOAD, ident,
                     0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + tcp + payload


def lisp_header(iid, lsb=None):
    flags = 0x80 | 0x08 | (0x40 if lsb is not None else 0)
    return bytes([flags]) + os.urandom(3) + struct.pack("!I", iid << 8 | (lsb or 0))


def main():
    dst, port, iid, src_eid, dst_eid, kind = sys.argv[1:7]
    count = int(sys.argv[7]) if len(sys.argv) > 7 else 16
    port, iid = int(port), int(iid)
    src, dst_b = socket.inet_aton(src_eid), socket.inet_aton(dst_eid)
    seq = 1000000
    chunks = []
    for i in range(count):
        if kind == "badver" and i == count // 2:
            bad = bytearray(tcp_segment(src, dst_b, 0, 0))
            bad[0] = 0x55
            chunks.append(lisp_header(iid) + bytes(bad))
            continue
        lsb = (1 + i % 2) if kind == "lsb" else None
        ident = (seq - 1000000) // PAYLOAD
        chunks.append(lisp_header(iid, lsb) + tcp_segment(src, dst_b, seq, ident))
        seq += PAYLOAD
    size = len(chunks[0])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.setsockopt(SOL_UDP, UDP_SEGMENT, size)
        s.sendto(b"".join(chunks), (dst, port))
    print("sent %d datagrams of %d bytes" % (count, size))


if __name__ == "__main__":
    main()
