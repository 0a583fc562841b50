# SPDX-License-Identifier: GPL-2.0
"""LISP control messages (RFC 9301) encoded and decoded in Python, from
the RFC's byte layouts: an encoder independent of lispd's C codec on
purpose, so that the tests check lispd from the outside.  Used by
tests/host/lisp_query.py (Map-Requests, Map-Replies) and by the VM
attacker selftests/tools/lisp_attack.py (every message, raw IPv4/UDP).

Stdlib only.  Addresses are strings ("10.1.0.1", "fd00::1"); an
EID-record is a dict (see record() and parse_records()).
"""
import ipaddress
import struct

AFI_IPV4, AFI_IPV6, AFI_LCAF = 1, 2, 16387
LCAF_IID = 2

MAP_REQUEST, MAP_REPLY, MAP_REGISTER, MAP_NOTIFY = 1, 2, 3, 4
ECM = 8
CONTROL_PORT = 4342

# Map-Request flags, first word (RFC 9301 5.2).
MREQ_A, MREQ_M, MREQ_P, MREQ_S = 1 << 27, 1 << 26, 1 << 25, 1 << 24
MREQ_SMR_INVOKED = 1 << 22
MREQ_D = 1 << 13
# Map-Register flags (RFC 9301 5.6): P (proxy Map-Reply), M (want
# Map-Notify).
MREG_P, MREG_M = 1 << 27, 1 << 8
# Authentication algorithms (RFC 9301 5.6) and the length of their data
# as lispd sends it: the whole digest.
ALG_SHA1, ALG_SHA256 = 1, 2
ALG = {ALG_SHA1: ("sha1", 20), ALG_SHA256: ("sha256", 32),
       "sha1": ALG_SHA1, "sha256": ALG_SHA256}
ACT_NO_ACTION, ACT_NATIVELY_FORWARD = 0, 1


def addr_bytes(ip):
    a = ipaddress.ip_address(ip)
    return (AFI_IPV4 if a.version == 4 else AFI_IPV6), a.packed


def enc_addr(ip, iid=None):
    """AFI-encoded address; in an Instance-ID LCAF when iid is given."""
    if ip is None:
        return struct.pack("!H", 0)
    afi, raw = addr_bytes(ip)
    if iid is None:
        return struct.pack("!H", afi) + raw
    body = struct.pack("!IH", iid, afi) + raw
    # LCAF: AFI, Rsvd1, Flags, Type, IID mask-len, Length, then the body.
    return struct.pack("!HBBBBH", AFI_LCAF, 0, 0, LCAF_IID, 32,
                       len(body)) + body


def dec_addr(buf, off):
    """(address or None for AFI 0, iid or None, offset after it)."""
    afi, = struct.unpack_from("!H", buf, off)
    off += 2
    if afi == 0:
        return None, None, off
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


def msg_type(buf):
    return buf[0] >> 4 if buf else None


# ---- EID-records (RFC 9301 5.4), in Map-Replies, -Registers, -Notifies

def record(eid, plen, ttl, locators=(), act=ACT_NO_ACTION,
           authoritative=True, iid=None):
    """One EID-record; locators: (address, priority, weight) tuples, all
    reachable.  ttl in minutes."""
    out = struct.pack("!IBBBBH", ttl, len(locators), plen,
                      act << 5 | (0x10 if authoritative else 0), 0, 0)
    out += enc_addr(eid, iid)
    for addr, prio, weight in locators:
        # Priority, Weight, M Priority, M Weight, flags (R), Loc-AFI.
        out += struct.pack("!BBBBH", prio, weight, 255, 0, 1)
        out += enc_addr(addr)
    return out


def parse_records(buf, off, count):
    """(list of record dicts, offset after them)."""
    recs = []
    for _ in range(count):
        ttl, nloc, plen, flags, _ = struct.unpack_from("!IBBBB", buf, off)
        off += 10                       # ... Rsvd, Map-Version
        eid, iid, off = dec_addr(buf, off)
        if eid is None:
            raise ValueError("EID-record without an EID (AFI 0)")
        rec = {"eid": eid, "plen": plen, "iid": iid, "ttl": ttl,
               "act": flags >> 5, "authoritative": bool(flags & 0x10),
               "locators": []}
        for _ in range(nloc):
            prio, weight, mprio, mweight, lflags = struct.unpack_from(
                "!BBBBH", buf, off)
            a, _, off = dec_addr(buf, off + 6)
            if a is None:
                raise ValueError("locator without an address (AFI 0)")
            rec["locators"].append({
                "addr": a, "priority": prio, "weight": weight,
                "local": bool(lflags & 4), "probed": bool(lflags & 2),
                "reachable": bool(lflags & 1)})
        recs.append(rec)
    return recs, off


# ---- Map-Request (5.2) and the ECM around it (5.8)

def map_request(nonce, eids, itr_rlocs, flags=0, source_eid=None):
    """eids: (address, prefix length, iid or None) tuples; itr_rlocs:
    addresses; flags: MREQ_* bits."""
    word = (MAP_REQUEST << 28 | flags | (len(itr_rlocs) - 1) << 8 |
            len(eids))
    msg = struct.pack("!IQ", word, nonce)
    msg += enc_addr(source_eid)
    for rloc in itr_rlocs:
        msg += enc_addr(rloc)
    for eid, plen, iid in eids:
        msg += struct.pack("!BB", 0, plen) + enc_addr(eid, iid)
    return msg


def parse_map_request(buf):
    word, nonce = struct.unpack_from("!IQ", buf, 0)
    if word >> 28 != MAP_REQUEST:
        raise ValueError("type %d, not a Map-Request" % (word >> 28))
    src, _, off = dec_addr(buf, 12)
    rlocs = []
    for _ in range(((word >> 8) & 0x1f) + 1):
        a, _, off = dec_addr(buf, off)
        rlocs.append(a)
    eids = []
    for _ in range(word & 0xff):
        plen = buf[off + 1]
        a, iid, off = dec_addr(buf, off + 2)
        eids.append({"eid": a, "plen": plen, "iid": iid})
    return {"nonce": nonce, "smr": bool(word & MREQ_S),
            "probe": bool(word & MREQ_P), "source_eid": src,
            "itr_rlocs": rlocs, "eids": eids}


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def _udp(src, dst, sport, dport, payload, checksum=True):
    """UDP header + payload; src, dst packed addresses."""
    udp_len = 8 + len(payload)
    if not checksum:
        return struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    if len(src) == 4:
        pseudo = src + dst + struct.pack("!BBH", 0, 17, udp_len)
    else:
        pseudo = src + dst + struct.pack("!I3xB", udp_len, 17)
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0)
    ucs = csum(pseudo + udp + payload) or 0xffff
    return struct.pack("!HHHH", sport, dport, udp_len, ucs) + payload


def ip_udp(src, dst, sport, dport, payload, ttl=64, checksum=True):
    """An IPv4 or IPv6 header, UDP and payload: an ECM's inner packet,
    or a whole datagram for a raw IPv4 socket (IP_HDRINCL)."""
    s = ipaddress.ip_address(src).packed
    d = ipaddress.ip_address(dst).packed
    udp = _udp(s, d, sport, dport, payload, checksum)
    if len(s) == 16:
        return struct.pack("!IHBB16s16s", 6 << 28, len(udp), 17, ttl,
                           s, d) + udp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0x4000,
                     ttl, 17, 0, s, d)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + udp


def ecm(inner_src, inner_dst, sport, msg):
    """ECM header + inner IPv4 or IPv6/UDP (dport 4342) + msg."""
    return (struct.pack("!I", ECM << 28) +
            ip_udp(inner_src, inner_dst, sport, CONTROL_PORT, msg))


def parse_ip_udp(buf):
    """An IPv4 or IPv6 packet carrying UDP: dict with src, dst, sport,
    dport, payload; None if it is something else."""
    if len(buf) < 28:
        return None
    if buf[0] >> 4 == 4:
        hl = (buf[0] & 15) * 4
        if buf[9] != 17 or len(buf) < hl + 8:
            return None
        src = str(ipaddress.IPv4Address(buf[12:16]))
        dst = str(ipaddress.IPv4Address(buf[16:20]))
        off = hl
    elif buf[0] >> 4 == 6 and len(buf) >= 48 and buf[6] == 17:
        src = str(ipaddress.IPv6Address(buf[8:24]))
        dst = str(ipaddress.IPv6Address(buf[24:40]))
        off = 40
    else:
        return None
    sport, dport, ulen = struct.unpack_from("!HHH", buf, off)
    return {"src": src, "dst": dst, "sport": sport, "dport": dport,
            "payload": bytes(buf[off + 8:off + ulen])}


def parse_ecm(buf):
    """The ECM's inner packet (parse_ip_udp's dict), or None."""
    if msg_type(buf) != ECM:
        return None
    return parse_ip_udp(buf[4:])


# ---- Map-Reply (5.4)

def build_map_reply(nonce, records, probe=False):
    """records: record() bytes."""
    word = MAP_REPLY << 28 | (1 << 27 if probe else 0) | len(records)
    return struct.pack("!IQ", word, nonce) + b"".join(records)


def parse_map_reply(buf):
    word, nonce = struct.unpack_from("!IQ", buf, 0)
    if word >> 28 != MAP_REPLY:
        raise ValueError("type %d, not a Map-Reply" % (word >> 28))
    recs, off = parse_records(buf, 12, word & 0xff)
    if off != len(buf):
        raise ValueError("%d bytes after the records" % (len(buf) - off))
    return {"probe": bool(word & 1 << 27), "nonce": nonce, "records": recs}


# ---- Map-Register (5.6) and Map-Notify (5.7)

def build_map_register(nonce, records, key, alg=ALG_SHA256, key_id=0,
                       want_notify=True, proxy_reply=False):
    """A Map-Register of records (record() bytes), its HMAC computed
    with key over the whole message, authentication data zeroed."""
    import hmac     # here: loading OpenSSL costs seconds in a TCG guest
    md, alen = ALG[alg]
    word = (MAP_REGISTER << 28 | (MREG_P if proxy_reply else 0) |
            (MREG_M if want_notify else 0) | len(records))
    head = struct.pack("!IQBBH", word, nonce, key_id, alg, alen)
    body = b"".join(records)
    digest = hmac.new(key.encode() if isinstance(key, str) else key,
                      head + bytes(alen) + body, md).digest()
    return head + digest[:alen] + body


def parse_map_register(buf):
    """A Map-Register or Map-Notify: type, nonce, key, records."""
    word, nonce, key_id, alg, alen = struct.unpack_from("!IQBBH", buf, 0)
    if word >> 28 not in (MAP_REGISTER, MAP_NOTIFY):
        raise ValueError("type %d, not a Map-Register" % (word >> 28))
    recs, _ = parse_records(buf, 16 + alen, word & 0xff)
    return {"type": word >> 28, "nonce": nonce, "key_id": key_id,
            "alg": alg, "want_notify": bool(word & MREG_M),
            "records": recs}
