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
Exit status (--to): 0 with a reply, 1 on timeout or a bad reply.  An independent
encoder/decoder on purpose: it checks lispd's codec from the outside.
"""
import argparse
import ipaddress
import json
import os
import socket
import struct
import sys
import time

AFI_IPV4, AFI_IPV6, AFI_LCAF = 1, 2, 16387
LCAF_IID = 2


def addr_bytes(ip):
    a = ipaddress.ip_address(ip)
    return (AFI_IPV4 if a.version == 4 else AFI_IPV6), a.packed


def enc_addr(ip, iid=None):
    afi, raw = addr_bytes(ip)
    if iid is None:
        return struct.pack("!H", afi) + raw
    body = struct.pack("!IH", iid, afi) + raw
    # LCAF: AFI, Rsvd1, Flags, Type, IID mask-len, Length, then the body.
    return struct.pack("!HBBBBH", AFI_LCAF, 0, 0, LCAF_IID, 32,
                       len(body)) + body


def dec_addr(buf, off):
    afi, = struct.unpack_from("!H", buf, off)
    off += 2
    if afi == AFI_IPV4:
        return str(ipaddress.IPv4Address(buf[off:off + 4])), None, off + 4
    if afi == AFI_IPV6:
        return str(ipaddress.IPv6Address(buf[off:off + 16])), None, off + 16
    if afi == AFI_LCAF:
        _, _, typ, _, length = struct.unpack_from("!BBBBH", buf, off)
        off += 6
        if typ != LCAF_IID:
            raise ValueError("LCAF type %d" % typ)
        iid, = struct.unpack_from("!I", buf, off)
        a, _, end = dec_addr(buf, off + 4)
        if end != off + length:
            raise ValueError("LCAF length")
        return a, iid, end
    raise ValueError("AFI %d" % afi)


def map_request(nonce, eid, iid, itr_rloc, probe):
    word = 1 << 28 | (1 << 25 if probe else 0) | 0 << 8 | 1
    msg = struct.pack("!IQ", word, nonce)
    msg += struct.pack("!H", 0)                     # source EID: none
    msg += enc_addr(itr_rloc)                       # IRC 0: one ITR-RLOC
    plen = 32 if ":" not in eid else 128
    msg += struct.pack("!BB", 0, plen) + enc_addr(eid, iid)
    return msg


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ecm(inner_src, inner_dst, sport, msg):
    """ECM header + inner IPv4 or IPv6/UDP (dport 4342) + msg."""
    udp_len = 8 + len(msg)
    src = ipaddress.ip_address(inner_src).packed
    dst = ipaddress.ip_address(inner_dst).packed
    if len(src) == 4:
        pseudo = src + dst + struct.pack("!BBH", 0, 17, udp_len)
    else:
        pseudo = src + dst + struct.pack("!I3xB", udp_len, 17)
    udp = struct.pack("!HHHH", sport, 4342, udp_len, 0)
    ucs = csum(pseudo + udp + msg) or 0xffff
    udp = struct.pack("!HHHH", sport, 4342, udp_len, ucs)
    if len(src) == 16:
        ip = struct.pack("!IHBB16s16s", 6 << 28, udp_len, 17, 64, src, dst)
        return struct.pack("!I", 8 << 28) + ip + udp + msg
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 1, 0x4000,
                     64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return struct.pack("!I", 8 << 28) + ip + udp + msg


def map_reply(buf):
    word, nonce = struct.unpack_from("!IQ", buf, 0)
    if word >> 28 != 2:
        raise ValueError("type %d, not a Map-Reply" % (word >> 28))
    out = {"probe": bool(word & 1 << 27), "nonce": nonce, "records": []}
    off = 12
    for _ in range(word & 0xff):
        ttl, nloc, plen, flags, _ = struct.unpack_from("!IBBBB", buf, off)
        off += 10                       # ... Rsvd, Map-Version
        eid, iid, off = dec_addr(buf, off)
        rec = {"eid": eid, "plen": plen, "iid": iid, "ttl": ttl,
               "act": flags >> 5, "authoritative": bool(flags & 0x10),
               "locators": []}
        for _ in range(nloc):
            prio, weight, mprio, mweight, lflags = struct.unpack_from(
                "!BBBBH", buf, off)
            a, _, off = dec_addr(buf, off + 6)
            rec["locators"].append({
                "addr": a, "priority": prio, "weight": weight,
                "local": bool(lflags & 4), "probed": bool(lflags & 2),
                "reachable": bool(lflags & 1)})
        out["records"].append(rec)
    if off != len(buf):
        raise ValueError("%d bytes after the records" % (len(buf) - off))
    return out


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
        msg = ecm(inner_src, eid, sport, msg)
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
                rep = map_reply(data)
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
