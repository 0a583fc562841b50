#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An old xTR as far as a move's Map-Notify goes: bind 127.0.0.1:PORT,
register EID/32 at RLOC with the Map-Server at MS_PORT (no I bit, key
SECRET, HMAC-SHA-256), wait for its Map-Notify, then write every
datagram received to LOG, one line of JSON each: {"t": seconds since
the first, "type": N, "nonce": N, "hex": ...}.  The ACK_AT-th Map-Notify
(1: the first; 0: none) is answered with a Map-Notify-Ack (the same
message, type 5, signed again with SECRET), the others are not: an xTR
whose acknowledgements are lost.

    move_listen.py PORT MS_PORT SECRET EID RLOC ACK_AT LOG

Prints "ready" on stdout once registered; runs until killed.
"""
import hashlib
import hmac
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests", "tools"))
import lispwire  # noqa: E402

MAP_NOTIFY_ACK = 5


def ack_of(notify, secret):
    """The Map-Notify-Ack of a Map-Notify: type 5, HMAC over it again
    (its authentication data zeroed: RFC 9301 5.6)."""
    alen = struct.unpack_from("!H", notify, 14)[0]
    msg = bytearray(notify)
    msg[0] = (msg[0] & 0x0f) | MAP_NOTIFY_ACK << 4
    msg[16:16 + alen] = bytes(alen)
    digest = hmac.new(secret.encode(), bytes(msg), hashlib.sha256).digest()
    msg[16:16 + alen] = digest[:alen]
    return bytes(msg)


def main():
    port, ms, secret, eid, rloc, ack_at, log = (
        int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4],
        sys.argv[5], int(sys.argv[6]), sys.argv[7])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    s.settimeout(3)
    nonce = struct.unpack("!Q", os.urandom(8))[0]
    s.sendto(lispwire.build_map_register(
        nonce, [lispwire.record(eid, 32, 1440, [(rloc, 1, 100)])], secret),
        ("127.0.0.1", ms))
    data, _ = s.recvfrom(65535)
    if lispwire.parse_map_register(data)["nonce"] != nonce:
        sys.exit("not the Map-Notify of the Map-Register")
    print("ready", flush=True)
    s.settimeout(None)
    first, notifies = None, 0
    with open(log, "a") as f:
        while True:
            data, peer = s.recvfrom(65535)
            now = time.monotonic()
            first = first if first is not None else now
            line = {"t": round(now - first, 3),
                    "type": lispwire.msg_type(data), "hex": data.hex()}
            if line["type"] == lispwire.MAP_NOTIFY:
                line["nonce"] = struct.unpack_from("!Q", data, 4)[0]
                notifies += 1
                if notifies == ack_at:
                    s.sendto(ack_of(data, secret), peer)
                    line["acked"] = True
            f.write(json.dumps(line) + "\n")
            f.flush()


if __name__ == "__main__":
    main()
