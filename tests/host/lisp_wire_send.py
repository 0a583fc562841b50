#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one Map-Register or Map-Notify as another implementation would,
with the Key ID and Algorithm ID given (RFC 9301 5.6, 5.7), and print
what came back within a short time (a Map-Notify) as JSON.

    lisp_wire_send.py {register|notify} --to ADDR:PORT [--from ADDR]
                      --key SECRET --key-id N --alg N
                      --eid PREFIX [--iid N] --rloc ADDR [--wait S]

The encoder is selftests/tools/lispwire.py, independent of lispd's C
codec on purpose.  Exit status 0 once sent.
"""
import argparse
import json
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests", "tools"))
import lispwire  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("register", "notify"))
    ap.add_argument("--to", required=True, help="ADDR:PORT")
    ap.add_argument("--from", dest="src", default="127.0.0.1")
    ap.add_argument("--key", required=True)
    ap.add_argument("--key-id", type=int, default=0)
    ap.add_argument("--alg", type=int, default=lispwire.ALG_SHA256)
    ap.add_argument("--eid", required=True, help="PREFIX")
    ap.add_argument("--iid", type=int)
    ap.add_argument("--rloc", required=True)
    ap.add_argument("--wait", type=float, default=0.3)
    a = ap.parse_args()

    eid, plen = a.eid.split("/")
    rec = lispwire.record(eid, int(plen), 1440, [(a.rloc, 1, 100)],
                          iid=a.iid)
    nonce = struct.unpack("!Q", os.urandom(8))[0]
    msg = bytearray(lispwire.build_map_register(nonce, [rec], a.key,
                                                alg=a.alg, key_id=a.key_id))
    if a.what == "notify":
        # Same body; type 4 and no Map-Register flags (the HMAC is then
        # wrong: what is checked first is the key-id and algorithm).
        msg[0:4] = struct.pack("!I", lispwire.MAP_NOTIFY << 28 | 1)
    host, port = a.to.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.src, 0))
    s.sendto(bytes(msg), (host, int(port)))
    s.settimeout(a.wait)
    try:
        data, _ = s.recvfrom(65535)
        print(json.dumps(lispwire.parse_map_register(data)))
    except socket.timeout:
        print(json.dumps({"error": "no answer within %gs" % a.wait}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
