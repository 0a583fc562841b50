#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Map-cache requests to lisp.ko for fault_churn.sh, in one process.

  churn_batch.py [--excl] [--db] DEV FILE
      One LISP_CMD_MAP_ADD (DB_ADD) request with every entry of FILE, with
      LISP_A_EXCL if asked.  ("lispd map-cache load" never sets excl and
      splits large files into several requests.)  FILE has "lispd
      map-cache load" lines: PREFIX { rloc ADDR [priority P] [weight W]
      [down] ... | action ACTION } [ttl SECONDS].  Exit 0 when the kernel
      took the batch, 1 with "churn_batch: MESSAGE" (the kernel's extended
      ack, else the errno) when it refused it, 2 on a usage error.

  churn_batch.py hammer DEV T4 S4 H4 T6 S6 H6 RLOC GENFILE STOPFILE STATSFILE
      Until STOPFILE exists: replace, delete and flush the prefixes T* (the
      traffic's), H* (host routes within them) and S* (more specifics
      within them) and send batches that the kernel must refuse part-way
      (a prefix twice, excl on an existing prefix, an entry without a
      locator), each after more-specific entries the traffic matches while
      they are published.  Each refusal must name its reason and leave the
      map-cache as it was (compared by dumps).  GENFILE holds a number,
      odd while the test deletes and re-creates DEV: what fails across a
      change is not held against the kernel.  Counts go to STATSFILE as
      shell assignments, problems to stderr.

Imports little: Python starts slowly in a loaded TCG guest.
"""
import errno
import os
import struct
import sys

import _socket as socket

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2

# uapi/linux/lisp.h
LISP_CMD_MAP_ADD = 2
LISP_CMD_MAP_DEL = 3
LISP_CMD_MAP_GET = 4
LISP_CMD_MAP_FLUSH = 5
LISP_CMD_DB_ADD = 8
LISP_A_IFNAME = 2
LISP_A_MAP = 5
LISP_A_EXCL = 6
LISP_MAP_A_EID = 1
LISP_MAP_A_PLEN = 2
LISP_MAP_A_ACTION = 3
LISP_MAP_A_TTL = 4
LISP_MAP_A_LOCATOR = 5
LISP_MAP_A_PACKETS = 7
LISP_LOC_A_ADDR = 1
LISP_LOC_A_PRIORITY = 2
LISP_LOC_A_WEIGHT = 3
LISP_LOC_A_UP = 4
ACTIONS = {"encap": 0, "drop": 1, "native-forward": 2,
           "send-map-request": 3, "use-petr": 4}


def attr(typ, payload):
    hdr = struct.pack("=HH", 4 + len(payload), typ)
    return hdr + payload + b"\0" * (-len(payload) % 4)


def nest(typ, parts):
    return attr(typ | NLA_F_NESTED, b"".join(parts))


def attrs(data, off=0):
    """(type, payload) of each attribute of data[off:]."""
    out = []
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("=HH", data, off)
        if alen < 4:
            break
        out.append((atype & 0x3fff, data[off + 4:off + alen]))
        off += (alen + 3) & ~3
    return out


def packed(addr):
    return socket.inet_pton(socket.AF_INET6 if ":" in addr else socket.AF_INET,
                            addr)


def parse_line(words):
    """One entry (load-file words) as the LISP_A_MAP nest lispd builds."""
    addr, plen = words[0].split("/")
    action, ttl, locs = 0, 0, []
    i = 1
    while i < len(words):
        w = words[i]
        if w == "rloc":
            locs.append({"addr": packed(words[i + 1]), "prio": 1,
                         "weight": 100, "up": 1})
            i += 2
        elif w in ("priority", "weight") and locs:
            locs[-1]["prio" if w == "priority" else "weight"] = int(words[i + 1])
            i += 2
        elif w == "down" and locs:
            locs[-1]["up"] = 0
            i += 1
        elif w == "action":
            action = ACTIONS[words[i + 1]]
            i += 2
        elif w == "ttl":
            ttl = int(words[i + 1])
            i += 2
        else:
            raise ValueError('unexpected "%s"' % w)
    parts = [attr(LISP_MAP_A_EID, packed(addr)),
             attr(LISP_MAP_A_PLEN, struct.pack("B", int(plen))),
             attr(LISP_MAP_A_ACTION, struct.pack("B", action))]
    if ttl:
        parts.append(attr(LISP_MAP_A_TTL, struct.pack("=I", ttl)))
    for l in locs:
        parts.append(nest(LISP_MAP_A_LOCATOR, [
            attr(LISP_LOC_A_ADDR, l["addr"]),
            attr(LISP_LOC_A_PRIORITY, struct.pack("B", l["prio"])),
            attr(LISP_LOC_A_WEIGHT, struct.pack("B", l["weight"])),
            attr(LISP_LOC_A_UP, struct.pack("B", l["up"]))]))
    return nest(LISP_A_MAP, parts)


def prefix_only(pfx):
    addr, plen = pfx.split("/")
    return nest(LISP_A_MAP, [attr(LISP_MAP_A_EID, packed(addr)),
                             attr(LISP_MAP_A_PLEN, struct.pack("B", int(plen)))])


class Genl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                NETLINK_GENERIC)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sk.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
        self.sk.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.sk.bind((0, 0))
        self.seq = 0
        self.fam = GENL_ID_CTRL

    def request(self, cmd, body, dump=False, typ=None, version=1):
        """The payloads of the replies (after the genl header); raises
        OSError(errno, extack message) when the kernel refuses."""
        self.seq += 1
        msg = struct.pack("=BBH", cmd, version, 0) + body
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK)
        hdr = struct.pack("=IHHII", 16 + len(msg),
                          self.fam if typ is None else typ, flags, self.seq, 0)
        self.sk.sendto(hdr + msg, (0, 0))
        out = []
        while True:
            buf = self.sk.recv(1 << 17)
            off = 0
            while off + 16 <= len(buf):
                ln, t, flags, seq, _ = struct.unpack_from("=IHHII", buf, off)
                if ln < 16:
                    break
                if seq != self.seq:
                    pass
                elif t == NLMSG_ERROR or t == NLMSG_DONE:
                    err = struct.unpack_from("=i", buf, off + 16)[0]
                    if not err:
                        return out
                    text = os.strerror(-err)
                    tlv = off + 20 + 16
                    if t == NLMSG_DONE:
                        tlv = off + 20
                    elif not flags & NLM_F_CAPPED:
                        tlv = off + 20 + struct.unpack_from("=I", buf, off + 20)[0]
                    if flags & NLM_F_ACK_TLVS:
                        for at, val in attrs(buf[:off + ln], tlv):
                            if at == NLMSGERR_ATTR_MSG:
                                text = val.split(b"\0")[0].decode()
                    raise OSError(-err, text)
                else:
                    out.append(buf[off + 20:off + ln])
                off += (ln + 3) & ~3

    def family(self, name):
        body = attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
        for data in self.request(CTRL_CMD_GETFAMILY, body, typ=GENL_ID_CTRL):
            for at, val in attrs(data):
                if at == CTRL_ATTR_FAMILY_ID:
                    self.fam = struct.unpack_from("=H", val)[0]
                    return
        raise OSError(errno.ENOENT, "no generic netlink family " + name)


def one_batch(argv):
    excl = "--excl" in argv
    db = "--db" in argv
    args = [a for a in argv if a not in ("--excl", "--db")]
    if len(args) != 2:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    dev, path = args
    maps = []
    try:
        with open(path) as f:
            for line in f:
                words = line.split("#")[0].split()
                if words:
                    maps.append(parse_line(words))
    except (OSError, ValueError, IndexError, KeyError, TypeError) as e:
        sys.stderr.write("churn_batch: %s: %s\n" % (path, e))
        return 2
    body = attr(LISP_A_IFNAME, dev.encode() + b"\0")
    if excl:
        body += attr(LISP_A_EXCL, b"")
    body += b"".join(maps)
    try:
        g = Genl()
        g.family("lisp")
        g.request(LISP_CMD_DB_ADD if db else LISP_CMD_MAP_ADD, body)
    except OSError as e:
        sys.stderr.write("churn_batch: %s\n" % (e.strerror or e))
        return 1
    print("added %d entries in one request" % len(maps))
    return 0


class Hammer:
    def __init__(self, dev, t4, s4, h4, t6, s6, h6, rloc, genfile):
        self.genfile = genfile
        self.g = Genl()
        self.g.family("lisp")
        self.dev = attr(LISP_A_IFNAME, dev.encode() + b"\0")
        self.t4, self.s4, self.h4, self.t6, self.s6, self.h6 = \
            t4, s4, h4, t6, s6, h6
        dead = "203.0.113.99" if ":" not in rloc else "2001:db8::99"
        self.locsets = ["rloc %s" % rloc,
                        "rloc %s priority 1 rloc %s priority 2" % (rloc, dead),
                        "rloc %s priority 1 down rloc %s priority 2" % (dead, rloc),
                        "rloc %s weight 100 rloc %s weight 0" % (rloc, dead)]
        new = [parse_line(("10.99.%d.%d/32 rloc %s" % (i // 256, i % 256, rloc)).split())
               for i in range(250)]
        m = lambda s: parse_line(s.split())
        # Refused part-way: the head is published (and matched by the
        # traffic: S* and H* lie within T*) when the kernel gets to the
        # bad entry and takes it all back.
        self.bad = [
            ("dup", False, "listed twice in one request",
             [m(s4 + " rloc " + rloc), m(s6 + " rloc " + rloc),
              m(h4 + " rloc " + rloc), m(h6 + " rloc " + rloc)] + new + [new[0]]),
            ("excl", True, "already in the map-cache",
             [m(s4 + " rloc " + rloc), m(s6 + " rloc " + rloc)] + new +
             [m(t4 + " rloc " + rloc)]),
            ("bad entry", False, "needs a locator",
             [m(s4 + " rloc " + rloc), m(s6 + " rloc " + rloc),
              m(h4 + " rloc " + rloc)] + new + [m("10.99.255.0/24")]),
        ]
        self.n = {"requests": 0, "rounds": 0, "refused": 0, "unexpected": 0,
                  "badmsg": 0, "changed": 0, "packets": 0, "dumps": 0,
                  "tolerated": 0}
        self.seen = {}

    def note(self, what):
        sys.stderr.write("hammer: %s\n" % what)

    def gen(self):
        with open(self.genfile) as f:
            return f.read().strip() or "1"

    def stable(self, g0):
        """DEV was not replaced since gen() said g0."""
        if int(g0) % 2 == 0 and self.gen() == g0:
            return True
        self.n["tolerated"] += 1
        return False

    def req(self, cmd, maps, excl=False):
        self.n["requests"] += 1
        body = self.dev + (attr(LISP_A_EXCL, b"") if excl else b"") + b"".join(maps)
        return self.g.request(cmd, body)

    def ok(self, what, cmd, maps):
        g0 = self.gen()
        try:
            self.req(cmd, maps)
        except OSError as e:
            if self.stable(g0):
                self.n["unexpected"] += 1
                self.note("%s failed: %s" % (what, e.strerror))

    def dump(self):
        """The table without counters; counts packets of our entries."""
        self.n["dumps"] += 1
        table = []
        for data in self.g.request(LISP_CMD_MAP_GET, self.dev, dump=True):
            for at, m in attrs(data):
                if at != LISP_A_MAP:
                    continue
                key, locs, pk = [], [], 0
                for t, v in attrs(m):
                    if t == LISP_MAP_A_LOCATOR:
                        locs.append(tuple(sorted(attrs(v))))
                    elif t == LISP_MAP_A_PACKETS:
                        pk = struct.unpack("=Q", v)[0]
                    elif t in (LISP_MAP_A_EID, LISP_MAP_A_PLEN,
                               LISP_MAP_A_ACTION, LISP_MAP_A_TTL):
                        key.append((t, v))
                entry = (tuple(key), tuple(locs))
                # A new entry restarts at 0: count from there.
                eid = tuple(key[:2])
                last = self.seen.get(eid, 0)
                self.n["packets"] += pk - last if pk >= last else pk
                self.seen[eid] = pk
                table.append(entry)
        return sorted(table)

    def refuse(self, name, excl, want, maps):
        g0 = self.gen()
        before = None
        try:
            before = self.dump()
            self.req(LISP_CMD_MAP_ADD, maps, excl)
        except OSError as e:
            msg = e.strerror or ""
            try:
                after = self.dump()
            except OSError:
                after = None
            if not self.stable(g0):
                return
            if before is None:
                self.n["unexpected"] += 1
                self.note("dump failed: %s" % msg)
                return
            if want in msg:
                self.n["refused"] += 1
            else:
                self.n["badmsg"] += 1
                self.note("%s batch refused with \"%s\", wanted \"%s\"" %
                          (name, msg, want))
            if after != before:
                self.n["changed"] += 1
                self.note("%s batch refused but the map-cache changed: %d -> %s entries"
                          % (name, len(before), after and len(after)))
            return
        if self.stable(g0):
            self.n["unexpected"] += 1
            self.note("%s batch accepted, should be refused (%s)" % (name, want))

    def round(self, it):
        m = lambda s: parse_line(s.split())
        locs = self.locsets[(it // 8) % len(self.locsets)]
        step = it % 8
        if step == 0:
            self.ok("replace", LISP_CMD_MAP_ADD,
                    [m(p + " " + locs) for p in (self.t4, self.t6, self.h4, self.h6)])
        elif step in (1, 7):
            self.refuse(*self.bad[0])
        elif step in (2, 5):
            self.refuse(*self.bad[1])
        elif step == 3:
            self.refuse(*self.bad[2])
        elif step == 4:
            self.ok("delete", LISP_CMD_MAP_DEL,
                    [prefix_only(self.h4), prefix_only(self.h6)])
        elif step == 6:
            if (it // 8) % 4 == 3:
                self.ok("flush", LISP_CMD_MAP_FLUSH, [])
            self.ok("replace", LISP_CMD_MAP_ADD,
                    [m(p + " " + locs) for p in (self.t4, self.t6)])


def hammer(argv):
    if len(argv) != 11:
        sys.stderr.write(__doc__.split("\n\n")[2] + "\n")
        return 2
    stop, stats = argv[9], argv[10]
    h = Hammer(*argv[:9])
    it = 0
    while not os.path.exists(stop):
        h.round(it)
        it += 1
        h.n["rounds"] = it // 8
    with open(stats, "w") as f:
        for k, v in sorted(h.n.items()):
            f.write("hm_%s=%d\n" % (k, v))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["hammer"]:
        sys.exit(hammer(sys.argv[2:]))
    sys.exit(one_batch(sys.argv[1:]))
