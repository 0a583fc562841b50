#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Play another LISP implementation on the control port, with lispwire's
encoder (selftests/tools/lispwire.py), independent of lispd's C codec on
purpose.

    lisp_wire_send.py {register|notify} --to ADDR:PORT [--from ADDR]
                      --key SECRET --key-id N --alg N
                      --eid PREFIX [--iid N] --rloc ADDR [--wait S]
        send one Map-Register or Map-Notify with the Key ID and
        Algorithm ID given (RFC 9301 5.6, 5.7); print what came back
        within --wait (a Map-Notify) as JSON.

    lisp_wire_send.py ms --listen ADDR:PORT --key SECRET --log FILE
                      [--notify-iid N]
        a Map-Server that takes every Map-Register (no check), logs it
        as one JSON line, and answers one with the M bit with a
        Map-Notify: its nonce, Key ID, Algorithm ID and records, each
        EID spelt plain or, with --notify-iid, in an Instance-ID LCAF of
        that IID, signed with SECRET.  Runs until killed.
"""
import argparse
import hashlib
import hmac
import json
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests", "tools"))
import lispwire  # noqa: E402

MREG_I = 1 << 25                # Map-Register: xTR-ID present (I)
MNOT_I = 1 << 27                # Map-Notify: the same bit


def send(a):
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


def notify(data, reg, key, iid):
    """The Map-Notify for the Map-Register data (parsed as reg)."""
    word, = struct.unpack_from("!I", data, 0)
    key_id, alg = reg["key_id"], reg["alg"]
    md, alen = lispwire.ALG[alg]
    recs = b"".join(
        lispwire.record(r["eid"], r["plen"], r["ttl"],
                        [(l["addr"], l["priority"], l["weight"])
                         for l in r["locators"]],
                        act=r["act"], authoritative=r["authoritative"],
                        iid=iid)
        for r in reg["records"])
    tail = b""
    if word & MREG_I:           # the xTR-ID and site-ID, echoed
        tail = data[len(data) - 24:]
    head = struct.pack("!IQBBH", lispwire.MAP_NOTIFY << 28 |
                       (MNOT_I if tail else 0) | len(reg["records"]),
                       reg["nonce"], key_id, alg, alen)
    digest = hmac.new(key.encode(), head + bytes(alen) + recs + tail,
                      getattr(hashlib, md)).digest()
    return head + digest[:alen] + recs + tail


def ms(a):
    host, port = a.listen.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((host, int(port)))
    log = open(a.log, "a")
    while True:
        data, peer = s.recvfrom(65535)
        try:
            reg = lispwire.parse_map_register(data)
        except (ValueError, struct.error) as e:
            log.write(json.dumps({"error": str(e)}) + "\n")
            log.flush()
            continue
        log.write(json.dumps({"peer": peer[0], "port": peer[1],
                              "records": reg["records"]}) + "\n")
        log.flush()
        if reg["type"] == lispwire.MAP_REGISTER and reg["want_notify"]:
            s.sendto(notify(data, reg, a.key, a.notify_iid), peer)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("register", "notify", "ms"))
    ap.add_argument("--to", help="ADDR:PORT")
    ap.add_argument("--from", dest="src", default="127.0.0.1")
    ap.add_argument("--listen", help="ADDR:PORT")
    ap.add_argument("--log")
    ap.add_argument("--notify-iid", type=int)
    ap.add_argument("--key", required=True)
    ap.add_argument("--key-id", type=int, default=0)
    ap.add_argument("--alg", type=int, default=lispwire.ALG_SHA256)
    ap.add_argument("--eid", help="PREFIX")
    ap.add_argument("--iid", type=int)
    ap.add_argument("--rloc")
    ap.add_argument("--wait", type=float, default=0.3)
    a = ap.parse_args()
    if a.what == "ms":
        if not a.listen or not a.log:
            ap.error("ms needs --listen and --log")
        ms(a)
    else:
        if not a.to or not a.eid or not a.rloc:
            ap.error("%s needs --to, --eid and --rloc" % a.what)
        send(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
