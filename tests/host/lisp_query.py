#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send Map-Requests (in an ECM, as an ITR asks a Map-Resolver, or
bare with the P bit, as an RLOC-probe) and print each Map-Reply as JSON.

    lisp_query.py --to 127.0.0.1:4342 --eid 10.1.1.5 [--iid N]
                  [--probe] [--itr-rloc ADDR] [--timeout S]
    lisp_query.py [--timeout S] ADDR:PORT,EID[,iid=N][,probe][,itr=ADDR] ...
                  (one JSON line per request, {"error": ...} if none)

The reply must come back to the ITR-RLOC (127.0.0.1, or ::1 for an
IPv6 --to, unless --itr-rloc/itr= names another: then it is not
expected here) at the port the request left from, with the request's
nonce.
Exit status (--to): 0 with a reply, 1 on timeout or a bad reply.  The
encoder/decoder is selftests/tools/lispwire.py (shared with the VM
attacker), independent of lispd's codec on purpose: it checks that codec
from the outside.
"""
import argparse
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests", "tools"))
import lispwire  # noqa: E402  (the encoder, shared with the VM attacker)


def map_request(nonce, eid, iid, itr_rloc, probe):
    plen = 32 if ":" not in eid else 128
    return lispwire.map_request(nonce, [(eid, plen, iid)], [itr_rloc],
                                lispwire.MREQ_P if probe else 0)


def query(to, eid, iid, probe, timeout, itr_rloc=None):
    """One request; the reply as a dict, or {"error": why}."""
    host, port = to.rsplit(":", 1)
    v6 = ":" in host
    local = "::1" if v6 else "127.0.0.1"
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET,
                      socket.SOCK_DGRAM)
    s.bind((local, 0))
    sport = s.getsockname()[1]
    nonce = struct.unpack("!Q", os.urandom(8))[0]
    msg = map_request(nonce, eid, iid, itr_rloc or local, probe)
    if not probe:
        # The inner header is EID to EID: one family (no source EID).
        inner_src = "::1" if ":" in eid else "127.0.0.1"
        msg = lispwire.ecm(inner_src, eid, sport, msg)
    s.sendto(msg, (host, int(port)))
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            s.settimeout(max(deadline - time.time(), 0.01))
            try:
                data, _ = s.recvfrom(65535)
            except socket.timeout:
                break
            try:
                rep = lispwire.parse_map_reply(data)
            except (ValueError, struct.error) as e:
                return {"error": "bad reply: %s" % e}
            if rep["nonce"] == nonce:
                rep["nonce"] = "%016x" % rep["nonce"]
                return rep
    finally:
        s.close()
    return {"error": "no Map-Reply within %gs" % timeout}


def main():
    ap = argparse.ArgumentParser(epilog="Each SPEC: ADDR:PORT,EID"
                                 "[,iid=N][,probe]; one JSON line each.")
    ap.add_argument("--to", help="ADDR:PORT")
    ap.add_argument("--eid")
    ap.add_argument("--iid", type=int)
    ap.add_argument("--probe", action="store_true")
    ap.add_argument("--itr-rloc")
    ap.add_argument("--timeout", type=float, default=3)
    ap.add_argument("spec", nargs="*")
    a = ap.parse_args()
    if a.to and a.eid:
        rep = query(a.to, a.eid, a.iid, a.probe, a.timeout, a.itr_rloc)
        print(json.dumps(rep))
        return 1 if "error" in rep else 0
    for spec in a.spec:
        to, eid, *opts = spec.split(",")
        iid = next((int(o[4:]) for o in opts if o.startswith("iid=")), None)
        itr = next((o[4:] for o in opts if o.startswith("itr=")), None)
        print(json.dumps(query(to, eid, iid, "probe" in opts, a.timeout,
                               itr)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
