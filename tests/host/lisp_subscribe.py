#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An RFC 9437 subscriber, from the outside of lispd's codec: send one
subscription (an ECM'd Map-Request with I, the xTR-ID and site-ID, and
N on its EID-record) to a Map-Resolver, then print each Map-Notify
that comes back as a JSON line and answer it with a Map-Notify-Ack.

    lisp_subscribe.py --to 127.0.0.1:PORT --bind 127.0.0.1:PORT --eid E
                      --xtr-id HEX32 --site-id N --key SECRET
                      [--ack {yes,no,forged}] [--duration S]

Each line: {"t": seconds since the request, "nonce": N, "auth": true if
the HMAC verifies under --key, "xtr_id": hex, "records": [...]}.  The
ITR-RLOC of the request is --bind's address: the Map-Server sends only
to a locator the subscriber's xTR registers.
"""
import argparse
import hashlib
import hmac
import json
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests", "tools"))
import lispwire  # noqa: E402

MREQ_I = 1 << 20            # RFC 9437 3: xTR-ID and site-ID follow
REC_N = 0x80                # RFC 9437 3: subscribe to this EID-record
MNOT_I = 1 << 27            # Map-Notify: xTR-ID and site-ID follow
MAP_NOTIFY_ACK = 5
MD = {1: (hashlib.sha1, 20), 2: (hashlib.sha256, 32)}


def subscription(nonce, eid, rloc, xtr_id, site_id):
    msg = bytearray(lispwire.map_request(nonce, [(eid, 32, None)], [rloc],
                                         MREQ_I, source_eid=eid))
    # The record's reserved byte: 12 + source EID + ITR-RLOC, both IPv4.
    msg[12 + 6 + 6] |= REC_N
    return bytes(msg) + bytes.fromhex(xtr_id) + struct.pack("!Q", site_id)


def sign(msg, key):
    _, _, _, alg, alen = struct.unpack_from("!IQBBH", msg, 0)
    md, n = MD[alg]
    zeroed = msg[:16] + bytes(alen) + msg[16 + alen:]
    return hmac.new(key.encode(), zeroed, md).digest()[:n]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--to", required=True)
    ap.add_argument("--bind", required=True)
    ap.add_argument("--eid", required=True)
    ap.add_argument("--xtr-id", required=True)
    ap.add_argument("--site-id", type=int, default=0)
    ap.add_argument("--key", required=True)
    ap.add_argument("--ack", choices=("yes", "no", "forged"), default="yes")
    ap.add_argument("--duration", type=float, default=5)
    a = ap.parse_args()
    host, port = a.to.rsplit(":", 1)
    bhost, bport = a.bind.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((bhost, int(bport)))
    nonce = random.getrandbits(64)
    req = subscription(nonce, a.eid, bhost, a.xtr_id, a.site_id)
    start = time.monotonic()
    s.sendto(lispwire.ecm(bhost, a.eid, int(bport), req), (host, int(port)))
    print(json.dumps({"sent": "subscription", "nonce": nonce}), flush=True)
    while True:
        left = a.duration - (time.monotonic() - start)
        if left <= 0:
            break
        s.settimeout(left)
        try:
            buf, src = s.recvfrom(65535)
        except socket.timeout:
            break
        t = time.monotonic() - start
        if lispwire.msg_type(buf) != lispwire.MAP_NOTIFY:
            print(json.dumps({"t": t, "other": lispwire.msg_type(buf)}),
                  flush=True)
            continue
        word, n, _, _, alen = struct.unpack_from("!IQBBH", buf, 0)
        auth = hmac.compare_digest(sign(buf, a.key), buf[16:16 + alen])
        recs, off = lispwire.parse_records(buf, 16 + alen, word & 0xff)
        xtr = buf[off:off + 16].hex() if word & MNOT_I else None
        print(json.dumps({"t": round(t, 3), "nonce": n, "auth": auth,
                          "xtr_id": xtr, "trailing": len(buf) - off,
                          "records": recs}), flush=True)
        if a.ack == "no":
            continue
        ack = bytearray(buf)
        ack[0] = MAP_NOTIFY_ACK << 4 | (ack[0] & 0x0f)
        ack[16:16 + alen] = bytes(alen)
        key = a.key if a.ack == "yes" else a.key + "-forged"
        ack[16:16 + alen] = sign(bytes(ack), key)
        s.sendto(bytes(ack), src)


if __name__ == "__main__":
    main()
