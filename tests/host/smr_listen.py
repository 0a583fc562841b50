#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An ITR as far as an ETR's SMRs go: bind 127.0.0.1:PORT, ask the ETR
at ETR_PORT for each EID (a bare Map-Request whose ITR-RLOC is
127.0.0.1, so that the ETR answers here and remembers this ITR), then
write every datagram received after the answers to LOG, one line of
JSON each: {"type": N, "smr": bool, "eids": [...], "hex": ...}.

    smr_listen.py PORT ETR_PORT LOG EID...

Prints "ready" on stdout once every EID was answered; runs until killed.
"""
import json
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "selftests", "tools"))
import lispwire  # noqa: E402


def main():
    port, etr, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    s.settimeout(3)
    for eid in sys.argv[4:]:
        nonce = struct.unpack("!Q", os.urandom(8))[0]
        s.sendto(lispwire.map_request(nonce, [(eid, 32, None)],
                                      ["127.0.0.1"]), ("127.0.0.1", etr))
        data, _ = s.recvfrom(65535)
        if lispwire.msg_type(data) != lispwire.MAP_REPLY:
            sys.exit("not a Map-Reply for %s" % eid)
    print("ready", flush=True)
    s.settimeout(None)
    with open(log, "a") as f:
        while True:
            data, _ = s.recvfrom(65535)
            line = {"type": lispwire.msg_type(data), "hex": data.hex()}
            if line["type"] == lispwire.MAP_REQUEST:
                req = lispwire.parse_map_request(data)
                line["smr"] = req["smr"]
                line["eids"] = ["%s/%d" % (e["eid"], e["plen"])
                                for e in req["eids"]]
                line["source_eid"] = req["source_eid"]
            f.write(json.dumps(line) + "\n")
            f.flush()


if __name__ == "__main__":
    main()
