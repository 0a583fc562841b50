#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Generic netlink fuzzer for the "lisp" family, for fault_genl_fuzz.sh.

Sends COUNT requests spread evenly over every command of the family (every
LISP_CMD_* of uapi/linux/lisp.h, UNSPEC, the notification-only MISS and a
few numbers past LISP_CMD_MAX), and reads each one's answer.  Requests
start as valid ones built from the uapi (real ifindex, prefixes, RLOCs),
so that mutations reach the handlers and not only the policy, and are
then mutated: attribute drops, duplicates, type swaps, wrong lengths,
nests where flat attributes belong and the reverse, deep and empty nests,
flipped NLA_F_* bits, huge LISP_A_MAP batches; then bit flips,
truncation, splices, nla_len past the end, trailing bytes; NLM_F_DUMP and
other flags, a random genl version and reserved field.  A systematic part
(every attribute type at lengths 0, 1, 3, 5, 15, 17, 255 at each nesting
level, every attribute dropped and duplicated, batch and locator limits)
comes first, shuffled into the random part.  Same --seed, same requests
(as long as the kernel answers the same).

Each answer is classified: ack (error 0), reply (doit data then ack),
dump (ended by NLMSG_DONE 0), err_msg (error with an extack message),
err_nomsg (error without one), hang (no answer within --timeout),
send_error (sendmsg refused).  Errors without an extack message are
reported with the reason the genetlink core would give one without a
message ("label"), in kernel order:
  short_header     shorter than the genl header: EINVAL
  header_check     reserved byte or flags (has an extack message)
  no_such_command  no op for the command: EOPNOTSUPP
  no_such_variant  NLM_F_DUMP without dumpit, or do without doit:
                   EOPNOTSUPP (6.1 checks permissions first: EPERM)
  needs_admin      the op needs CAP_NET_ADMIN and we lack it: EPERM
  handler          the family's own code answered
The selftest decides which of these are acceptable.

  genl_fuzz.py [--count N] [--seed S] [--ifname NAME] [--timeout S]
               [--unprivileged-check] [--replay HEX]

--unprivileged-check: run without CAP_NET_ADMIN; every state-changing
command must be refused with EPERM (unless the core refused it earlier,
before any handler ran), and joining the "miss" group is attempted and
reported (mcast_join).  Output: one JSON object on stdout.  Exit 0 when
it ran (whatever it found), 2 on a usage or setup error, 3 when a
request never returned from the kernel (the watchdog printed the JSON).
"""
import argparse
import copy
import errno
import json
import os
import random
import re
import select
import socket
import struct
import sys
import threading
import time

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
SO_SNDBUFFORCE = 32
SO_RCVBUFFORCE = 33
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_ECHO = 0x8
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
GENL_HDRLEN = 4
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_VERSION = 3
CTRL_ATTR_MAXATTR = 5
CTRL_ATTR_OPS = 6
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_OP_ID = 1
CTRL_ATTR_OP_FLAGS = 2
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
GENL_ADMIN_PERM = 0x01
GENL_CMD_CAP_DO = 0x02
GENL_CMD_CAP_DUMP = 0x04
GENL_UNS_ADMIN_PERM = 0x10
CAP_NET_ADMIN = 12

# The lengths the brief of this test names, plus the right ones.
BAD_LENGTHS = (0, 1, 3, 5, 15, 17, 255)
ALL_LENGTHS = BAD_LENGTHS + (2, 4, 8, 16)
# nla_validate's recursion limit is 10 (MAX_POLICY_RECURSION_DEPTH).
DEEP = (1, 2, 3, 8, 9, 10, 11, 12, 16, 40)
# Commands whose success changes state: refused without CAP_NET_ADMIN.
STATE_CHANGING = ("MAP_ADD", "MAP_DEL", "MAP_FLUSH", "RLOC_SET",
                  "DB_ADD", "DB_DEL", "DB_FLUSH", "PETR_SET")
# Refusals by the genetlink core before it looks at permissions.
PRE_PERM = ("short_header", "header_check", "no_such_command",
            "no_such_variant")
# The first command checked for reserved bits (lisp_genl_family's
# resv_start_op, LISP_CMD_DEV_GET); nlctrl does not tell.
RESV_START_OP = 1
MAX_EXAMPLES = 20


def die(msg):
    print("genl_fuzz: " + msg, file=sys.stderr)
    sys.exit(2)


def errname(e):
    if e == errno.EOPNOTSUPP:
        return "EOPNOTSUPP"  # errorcode says ENOTSUP, the same number
    return errno.errorcode.get(e, str(e))


# ---- uapi ---------------------------------------------------------------

def parse_uapi(path):
    """Every enum constant and numeric #define of the header, by name."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        die("%s: %s" % (path, e.strerror))
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    c = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+\(?\s*(0x[0-9a-fA-F]+|\d+)\s*\)?\s*$",
                         text, re.M):
        c[m.group(1)] = int(m.group(2), 0)
    for m in re.finditer(r"enum\s*\w*\s*\{(.*?)\}", text, re.S):
        val = -1
        for item in m.group(1).split(","):
            item = item.strip()
            if not item:
                continue
            if "=" in item:
                name, expr = (s.strip() for s in item.split("=", 1))
                val = c[expr] if expr in c else int(expr, 0)
            else:
                name = item
                val += 1
            c[name] = val
    for m in re.finditer(r"^#define\s+(\w+)\s+\((\w+)\s*-\s*1\)\s*$", text, re.M):
        c[m.group(1)] = c[m.group(2)] - 1
    return c


def enum_names(c, prefix):
    """NAME-without-prefix -> value, for PREFIX* minus UNSPEC and *MAX."""
    return {k[len(prefix):]: v for k, v in c.items()
            if k.startswith(prefix) and not k.startswith("__")
            and not k.endswith("_MAX") and k[len(prefix):] != "UNSPEC"}


# ---- attributes ---------------------------------------------------------
#
# An attribute is [type, payload]: payload bytes, or a list of attributes
# (a nest; valid nests carry NLA_F_NESTED in the type, as libmnl's do).

def A(t, data):
    return [t, data]


def N(t, children):
    return [t | NLA_F_NESTED, children]


def u8(v):
    return struct.pack("=B", v & 0xff)


def u16(v):
    return struct.pack("=H", v & 0xffff)


def u32(v):
    return struct.pack("=I", v & 0xffffffff)


def u64(v):
    return struct.pack("=Q", v & 0xffffffffffffffff)


def serialize(attrs, base=0, offs=None):
    """Bytes of an attribute list; offs collects each attribute's offset."""
    out = bytearray()
    for t, p in attrs:
        start = len(out)
        if offs is not None:
            offs.append(base + start)
        body = serialize(p, base + start + 4, offs) if isinstance(p, list) else p
        ln = 4 + len(body)
        # nla_len is 16 bits: a bigger nest lies about its length.
        out += struct.pack("=HH", ln & 0xffff, t & 0xffff) + body
        out += b"\0" * (-ln % 4)
    return bytes(out)


def slots(attrs, depth=0, out=None):
    """(parent list, index, depth) of every attribute in the tree."""
    if out is None:
        out = []
    for i, a in enumerate(attrs):
        out.append((attrs, i, depth))
        if isinstance(a[1], list):
            slots(a[1], depth + 1, out)
    return out


def parse_attrs(buf):
    out = {}
    off = 0
    while off + 4 <= len(buf):
        ln, t = struct.unpack_from("=HH", buf, off)
        if ln < 4 or off + ln > len(buf):
            break
        out.setdefault(t & 0x3fff, []).append(buf[off + 4:off + ln])
        off += (ln + 3) & ~3
    return out


def parse_msgs(buf):
    off = 0
    while off + 16 <= len(buf):
        ln, typ, flags, seq, _ = struct.unpack_from("=IHHII", buf, off)
        if ln < 16 or off + ln > len(buf):
            break
        yield typ, flags, seq, buf[off + 16:off + ln]
        off += (ln + 3) & ~3


# ---- netlink ------------------------------------------------------------

class Netlink:
    def __init__(self, timeout):
        self.timeout = timeout
        self.seq = int(time.time()) & 0xffffff
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        try:
            # Errors need not echo the (sometimes 50 kB) request.
            self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        except OSError:
            pass
        for force, opt, size in ((SO_SNDBUFFORCE, socket.SO_SNDBUF, 1 << 20),
                                 (SO_RCVBUFFORCE, socket.SO_RCVBUF, 8 << 20)):
            try:
                self.s.setsockopt(socket.SOL_SOCKET, force, size)
            except OSError:
                self.s.setsockopt(socket.SOL_SOCKET, opt, size)
        self.buf = bytearray(1 << 20)
        # The watchdog reads these: when a send started, and last progress.
        self.busy = None

    def request(self, msg):
        """Send msg (its seq patched in); return (class, err, extack, n_data)."""
        self.seq = (self.seq + 1) & 0xffffffff
        seq = self.seq
        msg = bytearray(msg)
        struct.pack_into("=I", msg, 8, seq)
        self.busy = time.monotonic()
        try:
            self.s.send(msg)
        except OSError as e:
            self.busy = None
            return "send_error", -e.errno, None, 0
        n_data = 0
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.s], [], [], left)[0]:
                    return "hang", None, None, n_data
                try:
                    n = self.s.recv_into(self.buf)
                except OSError as e:
                    # Receive queue overrun: the answer may be lost.
                    return "overrun", -e.errno, None, n_data
                self.busy = time.monotonic()
                deadline = self.busy + self.timeout
                for typ, flags, mseq, payload in parse_msgs(memoryview(self.buf)[:n]):
                    if mseq != seq:
                        continue  # a late answer to an earlier request
                    if typ == NLMSG_ERROR:
                        err = struct.unpack_from("=i", payload)[0]
                        if flags & NLM_F_CAPPED:
                            toff = 4 + 16
                        else:
                            olen = struct.unpack_from("=I", payload, 4)[0]
                            toff = (4 + max(olen, 16) + 3) & ~3
                        ext = self._extack(payload, toff, flags)
                        if err == 0:
                            return ("reply" if n_data else "ack"), 0, ext, n_data
                        return ("err_msg" if ext.get("msg") else "err_nomsg"), err, ext, n_data
                    if typ == NLMSG_DONE:
                        err = struct.unpack_from("=i", payload)[0] if len(payload) >= 4 else 0
                        ext = self._extack(payload, 4, flags)
                        if err == 0:
                            return "dump", 0, ext, n_data
                        return ("err_msg" if ext.get("msg") else "err_nomsg"), err, ext, n_data
                    n_data += 1
        finally:
            self.busy = None

    @staticmethod
    def _extack(payload, off, flags):
        ext = {}
        if not flags & NLM_F_ACK_TLVS:
            return ext
        tlv = parse_attrs(bytes(payload[off:]))
        if NLMSGERR_ATTR_MSG in tlv:
            ext["msg"] = bytes(tlv[NLMSGERR_ATTR_MSG][0]).split(b"\0")[0].decode(errors="replace")
        if NLMSGERR_ATTR_OFFS in tlv and len(tlv[NLMSGERR_ATTR_OFFS][0]) == 4:
            ext["offs"] = struct.unpack("=I", tlv[NLMSGERR_ATTR_OFFS][0])[0]
        if NLMSGERR_ATTR_MISS_TYPE in tlv and len(tlv[NLMSGERR_ATTR_MISS_TYPE][0]) == 4:
            ext["miss_type"] = struct.unpack("=I", tlv[NLMSGERR_ATTR_MISS_TYPE][0])[0]
        return ext

    def get_family(self, name):
        attrs = serialize([A(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")])
        body = struct.pack("=BBH", CTRL_CMD_GETFAMILY, 1, 0) + attrs
        self.seq += 1
        self.s.send(struct.pack("=IHHII", 16 + len(body), GENL_ID_CTRL,
                                NLM_F_REQUEST, self.seq, 0) + body)
        if not select.select([self.s], [], [], self.timeout)[0]:
            die("nlctrl did not answer")
        n = self.s.recv_into(self.buf)
        for typ, _, _, payload in parse_msgs(memoryview(self.buf)[:n]):
            if typ == NLMSG_ERROR:
                err = struct.unpack_from("=i", payload)[0]
                die("family %s: %s" % (name, os.strerror(-err)))
            tb = parse_attrs(bytes(payload[GENL_HDRLEN:]))
            fam = {"id": struct.unpack("=H", tb[CTRL_ATTR_FAMILY_ID][0][:2])[0],
                   "version": struct.unpack("=I", tb[CTRL_ATTR_VERSION][0])[0],
                   "maxattr": struct.unpack("=I", tb[CTRL_ATTR_MAXATTR][0])[0],
                   "ops": {}, "groups": {}}
            for op in parse_attrs(tb.get(CTRL_ATTR_OPS, [b""])[0]).values():
                o = parse_attrs(op[0])
                fam["ops"][struct.unpack("=I", o[CTRL_ATTR_OP_ID][0])[0]] = \
                    struct.unpack("=I", o[CTRL_ATTR_OP_FLAGS][0])[0]
            for g in parse_attrs(tb.get(CTRL_ATTR_MCAST_GROUPS, [b""])[0]).values():
                gg = parse_attrs(g[0])
                gname = gg[CTRL_ATTR_MCAST_GRP_NAME][0].split(b"\0")[0].decode()
                fam["groups"][gname] = struct.unpack("=I", gg[CTRL_ATTR_MCAST_GRP_ID][0])[0]
            return fam
        die("nlctrl: no answer for %s" % name)
        return None


def has_net_admin():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("CapEff:"):
                return bool(int(line.split()[1], 16) >> CAP_NET_ADMIN & 1)
    return False


def process_age():
    """Seconds since this process started (python's start-up, in a slow VM)."""
    try:
        with open("/proc/self/stat") as f:
            start = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            return round(float(f.read().split()[0]) - start / os.sysconf("SC_CLK_TCK"), 1)
    except (OSError, ValueError, IndexError):
        return None


def join_group(gid):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    try:
        s.bind((0, 0))
        s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, gid)
        return "ok"
    except OSError as e:
        return errname(e.errno)
    finally:
        s.close()


# ---- requests -----------------------------------------------------------

class Gen:
    """Valid requests from the uapi, and their mutations."""

    def __init__(self, c, rng, ifindex, ifname):
        self.c = c
        self.r = rng
        self.ifindex = ifindex
        self.ifname = ifname.encode()
        self.cmd = enum_names(c, "LISP_CMD_")
        self.a = enum_names(c, "LISP_A_")
        self.m = enum_names(c, "LISP_MAP_A_")
        self.loc = enum_names(c, "LISP_LOC_A_")
        self.a_max = c["LISP_A_MAX"]
        self.m_max = c["LISP_MAP_A_MAX"]
        self.loc_max = c["LISP_LOC_A_MAX"]
        self.action_max = c["LISP_MAP_ACTION_MAX"]
        self.batch_max = c["LISP_MAP_BATCH_MAX"]
        self.max_locs = c["LISP_MAX_LOCATORS"]
        self.max_petrs = c["LISP_MAX_PETRS"]
        cmax = c["LISP_CMD_MAX"]
        # Every command, UNSPEC, and a few the family does not have.
        self.cmds = sorted(set([0] + list(self.cmd.values()) +
                               [cmax + 1, cmax + 2, 64, 255]))
        self.names = {v: k for k, v in self.cmd.items()}
        self.names[0] = "UNSPEC"
        # Prefixes of accepted MAP_ADDs ("mc") and DB_ADDs ("db"), less
        # those deleted or flushed: DEL and GET find them.
        self.pools = {"mc": [], "db": []}
        self.rlocs = ([bytes([192, 0, 2, i]) for i in range(1, 25)] +
                      [bytes([203, 0, 113, i]) for i in range(1, 9)] +
                      [bytes.fromhex("20010db800ff0000000000000000%04x" % i)
                       for i in range(1, 17)])
        self.unique = 0
        self.blobs = []  # recent attribute areas, for splices

    def name(self, cmd):
        return self.names.get(cmd, "CMD_%d" % cmd)

    def rb(self, n):
        return self.r.getrandbits(8 * n).to_bytes(n, "little") if n else b""

    # values

    def dev(self, good=0.88):
        """The device: lisp0 by index or name with probability good."""
        r = self.r.random()
        ifi = self.a["IFINDEX"]
        ifn = self.a["IFNAME"]
        if r < good:
            if self.r.random() < 0.9:
                return [A(ifi, u32(self.ifindex))]
            return [A(ifn, self.ifname + b"\0")]
        r = 0.88 + (r - good) / (1 - good) * 0.12
        if r < 0.91:
            return [A(ifi, u32(1))]  # lo: not a lisp device
        if r < 0.93:
            return [A(ifi, u32(self.r.choice([0, 0xffffffff, self.r.getrandbits(32)])))]
        if r < 0.96:
            return [A(ifn, self.r.choice([b"lo\0", b"nosuch0\0", b"x" * 15 + b"\0",
                                          b"x" * 16 + b"\0", self.ifname, b"\0",
                                          self.rb(self.r.randint(1, 20))]))]
        if r < 0.98:
            return [A(ifi, u32(self.ifindex)), A(ifn, self.ifname + b"\0")]
        return []

    def prefix(self, table="mc", known=0.3):
        pool = self.pools[table]
        if pool and self.r.random() < known:
            return self.r.choice(pool)
        v6 = self.r.random() < 0.3
        bits = 128 if v6 else 32
        eid = self.rb(16 if v6 else 4)
        r = self.r.random()
        if r < 0.7:
            plen = self.r.randint(bits // 4, bits)
        elif r < 0.95:
            plen = self.r.randint(0, bits)
        else:
            plen = self.r.randint(0, 255)
        return eid, plen

    def unique_prefix(self):
        """A /32 no other request uses: batches that can all go in."""
        self.unique += 1
        return bytes([100, 64 + (self.unique >> 16 & 63), self.unique >> 8 & 255,
                       self.unique & 255]), 32

    def big_batch(self, db, n):
        """n LISP_A_MAP of distinct /32s with a locator from the pool each
        (none for half the database ones), built as bytes: fast enough
        for batches past LISP_MAP_BATCH_MAX in a slow VM."""
        plen = serialize([A(self.m["PLEN"], u8(32))])
        eid_hdr = struct.pack("=HH", 8, self.m["EID"])
        locs = [serialize([N(self.m["LOCATOR"], [A(self.loc["ADDR"], x)])])
                for x in self.rlocs]
        maps, added = [], []
        for _ in range(n):
            pfx = self.unique_prefix()
            loc = b"" if db and self.r.random() < 0.5 else self.r.choice(locs)
            maps.append([self.a["MAP"] | NLA_F_NESTED, eid_hdr + pfx[0] + plen + loc])
            added.append(pfx)
        return maps, added

    def rloc(self):
        if self.r.random() < 0.7:
            return self.r.choice(self.rlocs)
        return self.rb(self.r.choice((4, 4, 16)))

    def locator(self, t, addr=None):
        ch = [A(self.loc["ADDR"], addr or self.rloc())]
        if self.r.random() < 0.5:
            ch.append(A(self.loc["PRIORITY"], u8(self.r.randint(0, 255))))
        if self.r.random() < 0.5:
            ch.append(A(self.loc["WEIGHT"], u8(self.r.randint(0, 255))))
        if self.r.random() < 0.3:
            ch.append(A(self.loc["UP"], u8(self.flag())))
        self.r.shuffle(ch)
        return N(t, ch)

    def flag(self):
        """A u8 that should be 0 or 1."""
        return self.r.randint(0, 1) if self.r.random() < 0.95 else self.r.choice((2, 255))

    def map_add(self, db, pfx=None, n_loc=None):
        eid, plen = pfx or self.prefix("db" if db else "mc", 0.2)
        ch = [A(self.m["EID"], eid), A(self.m["PLEN"], u8(plen))]
        r = self.r.random()
        action = 0
        if not db and r < 0.35:
            action = self.r.randint(1, self.action_max)
        elif r < 0.38:
            action = self.r.randint(0, 255)
        if action or self.r.random() < 0.3:
            ch.append(A(self.m["ACTION"], u8(action)))
        if n_loc is None:
            if action == 0:
                n_loc = self.r.choice((1, 1, 1, 2, 3, 4)) if self.r.random() < 0.95 else \
                    self.r.choice((0, self.max_locs, self.max_locs + 1))
            else:
                n_loc = 0 if self.r.random() < 0.97 else 1
        if n_loc > len(self.rlocs) or self.r.random() < 0.3:
            addrs = [self.rloc() for _ in range(n_loc)]
        else:
            addrs = self.r.sample(self.rlocs, n_loc)
        ch += [self.locator(self.m["LOCATOR"], a) for a in addrs]
        if self.r.random() < 0.3:
            ch.append(A(self.m["TTL"], u32(self.r.choice(
                (0, 1, 60, 86400, 0xffffffff, self.r.getrandbits(32))))))
        self.r.shuffle(ch)
        return N(self.a["MAP"], ch), (eid, plen)

    def map_key(self, get, table="mc", pfx=None, keys=None):
        eid, plen = pfx or self.prefix(table, 0.6)
        if keys is not None:
            keys.append((eid, plen))
        ch = [A(self.m["EID"], eid)]
        lookup = get and self.r.random() < 0.3
        if lookup:
            ch.append(A(self.m["LOOKUP"], b""))
        if not lookup or self.r.random() < 0.5:
            ch.append(A(self.m["PLEN"], u8(plen)))
        self.r.shuffle(ch)
        return N(self.a["MAP"], ch)

    def batch_size(self, huge):
        r = self.r.random()
        if r < huge:
            return self.r.choice((self.batch_max, self.batch_max + 1,
                                  self.r.randint(self.batch_max - 24, self.batch_max + 8)))
        return 1 if r < 0.85 else self.r.randint(2, 16)

    def template(self, cmd, n=None):
        """A valid request for cmd: (attrs, prefixes it adds or removes)."""
        name = self.name(cmd)
        table = "db" if name.startswith("DB_") else "mc"
        a = self.a
        # Flushes fail more often, so that the tables are seldom empty.
        attrs = self.dev(0.4 if name.endswith("FLUSH") else 0.88)
        added = []
        if name in ("MAP_ADD", "DB_ADD"):
            db = name == "DB_ADD"
            n = n if n is not None else self.batch_size(0.01)
            if n > 64:
                maps, added = self.big_batch(db, n)
                attrs += maps
            else:
                for _ in range(n):
                    m, pfx = self.map_add(db)
                    attrs.append(m)
                    added.append(pfx)
            if self.r.random() < 0.2:
                attrs.append(A(a["EXCL"], b""))
        elif name in ("MAP_DEL", "DB_DEL"):
            n = n if n is not None else self.batch_size(0.005)
            attrs += [self.map_key(False, table, keys=added) for _ in range(n)]
        elif name in ("MAP_GET", "DB_GET"):
            r = self.r.random()
            n = n if n is not None else 0 if r < 0.1 else 2 if r < 0.15 else 1
            attrs += [self.map_key(True, table) for _ in range(n)]
        elif name == "RLOC_SET":
            attrs += [A(a["RLOC"], self.rloc()),
                      A(a["RLOC_UP"], u8(self.flag()))]
        elif name == "PETR_SET":
            if n is None:
                r = self.r.random()
                n = self.r.randint(0, 3) if r < 0.9 else \
                    self.r.choice((self.max_petrs, self.max_petrs + 1, 16))
            addrs = self.r.sample(self.rlocs, min(n, len(self.rlocs)))
            attrs += [self.locator(a["PETR"], x) for x in addrs]
        elif name == "NET_STATS_GET":
            attrs = []
        elif name == "MISS":
            attrs += [A(a["IID"], u32(self.r.randint(0, 0xffffff))),
                      A(a["MISS_SRC"], self.rb(4)), A(a["MISS_DST"], self.rb(4))]
        elif name in ("DEV_GET", "MAP_FLUSH", "DB_FLUSH"):
            pass
        else:
            # No such command (or one this fuzzer does not know): a mix.
            attrs += [self.map_add(False)[0], A(a["RLOC"], self.rloc())]
        if self.r.random() < 0.03:
            attrs.append(self.r.choice((A(a["IID"], u32(self.r.randint(0, 0x1ffffff))),
                                        A(a["PORT"], u16(self.r.randint(0, 65535))))))
        self.r.shuffle(attrs)
        return attrs, added

    # mutations on the attribute tree

    def rand_attr(self, depth):
        mx = (self.a_max, self.m_max, self.loc_max)[min(depth, 2)]
        t = self.r.randint(0, mx + 3) if self.r.random() < 0.95 else self.r.getrandbits(14)
        if self.r.random() < 0.2:
            return N(t, [self.rand_attr(depth + 1) for _ in range(self.r.randint(0, 3))])
        return A(t, self.rb(self.r.choice(ALL_LENGTHS)))

    def boundary(self, n):
        v = self.r.choice((0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000,
                           0xffffff, 0x1000000, 0x7fffffff, 0x80000000,
                           0xffffffff, self.r.getrandbits(64)))
        if self.r.random() < 0.3:
            v = (1 << (8 * n)) - 1 - self.r.randint(0, 2)
        return (v & ((1 << (8 * n)) - 1)).to_bytes(n, "little")

    def mutate_tree(self, attrs):
        s = slots(attrs)
        op = self.r.randrange(13)
        if not s:
            attrs.append(self.rand_attr(0))
            return "insert"
        parent, i, depth = self.r.choice(s)
        a = parent[i]
        if op == 0:
            del parent[i]
            return "drop"
        if op == 1:
            parent.insert(self.r.randint(0, len(parent)), copy.deepcopy(a))
            return "duplicate"
        if op == 2:
            mx = (self.a_max, self.m_max, self.loc_max)[min(depth, 2)]
            t = self.r.randint(0, mx + 2) if self.r.random() < 0.9 else self.r.getrandbits(14)
            a[0] = (a[0] & (NLA_F_NESTED | NLA_F_NET_BYTEORDER)) | t
            return "type"
        if op == 3:
            a[1] = self.rb(self.r.choice(ALL_LENGTHS))
            return "length"
        if op == 4:
            if isinstance(a[1], list) or len(a[1]) not in (1, 2, 4, 8, 16):
                a[1] = self.rb(self.r.choice((1, 2, 4, 8)))
            elif len(a[1]) == 16:
                a[1] = self.rb(16)
            else:
                a[1] = self.boundary(len(a[1]))
            return "value"
        if op == 5:
            a[1] = [self.rand_attr(depth + 1) for _ in range(self.r.randint(0, 3))]
            if self.r.random() < 0.7:
                a[0] |= NLA_F_NESTED
            return "nestify"
        if op == 6:
            a[0] ^= self.r.choice((NLA_F_NESTED, NLA_F_NET_BYTEORDER))
            return "nla_flags"
        if op == 7:
            for _ in range(self.r.choice(DEEP)):
                a = N(self.r.choice((a[0] & 0x3fff, self.r.randint(0, self.a_max + 1))), [a])
            parent[i] = a
            return "deep"
        if op == 8:
            parent.insert(self.r.randint(0, len(parent)), self.rand_attr(depth))
            return "insert"
        if op == 9:
            a[1] = []
            a[0] |= NLA_F_NESTED
            return "empty_nest"
        if op == 10:
            self.r.shuffle(parent)
            return "shuffle"
        if op == 11:
            # An attribute of another level or command, here.
            other = self.r.choice((self.map_add(False)[0], self.map_key(True),
                                   self.locator(self.r.choice((self.a["PETR"], self.m["LOCATOR"]))),
                                   A(self.a["RLOC"], self.rloc()),
                                   A(self.a["IFINDEX"], u32(self.ifindex))))
            parent.insert(self.r.randint(0, len(parent)), other)
            return "foreign"
        # op 12: drop every attribute of one type (missing required).
        t = a[0] & 0x3fff
        parent[:] = [x for x in parent if x[0] & 0x3fff != t]
        return "drop_type"

    # mutations on the bytes

    def mutate_bytes(self, blob, offs):
        b = bytearray(blob)
        op = self.r.randrange(6)
        if op == 0 and b:
            for _ in range(self.r.randint(1, 8)):
                b[self.r.randrange(len(b))] ^= 1 << self.r.randrange(8)
            return bytes(b), "bitflip"
        if op == 1 and b:
            return bytes(b[:self.r.randrange(len(b))]), "truncate"
        if op == 2 and self.blobs:
            o = self.r.choice(self.blobs)
            return bytes(b[:self.r.randint(0, len(b))] + o[self.r.randint(0, len(o)):]), "splice"
        offs = [o for o in offs if o + 2 <= len(b)]
        if op == 3 and offs:
            off = self.r.choice(offs)
            ln = struct.unpack_from("=H", b, off)[0]
            rest = len(b) - off
            new = self.r.choice((rest + 1, rest + 4, rest + 100, 0xffff, 0, 1, 2, 3,
                                 4, 5, ln - 1, ln + 1, ln + 4))
            struct.pack_into("=H", b, off, max(0, min(new, 0xffff)))
            return bytes(b), "nla_len_lie"
        if op == 4:
            return bytes(b + self.rb(self.r.randint(1, 7))), "trailing"
        pos = self.r.randint(0, len(b))
        return bytes(b[:pos] + self.rb(self.r.choice((1, 2, 3, 4, 8, 16))) + b[pos:]), "insert_bytes"

    def remember(self, blob):
        if len(blob) < 4096:
            if len(self.blobs) < 64:
                self.blobs.append(blob)
            else:
                self.blobs[self.r.randrange(64)] = blob


class Req:
    """One request: what goes on the wire and what it was meant to be."""

    def __init__(self, cmd, attrs=None, blob=None, how="valid", flags=0,
                 version=None, reserved=0, genl_len=GENL_HDRLEN, added=()):
        self.cmd = cmd
        self.attrs = attrs if attrs is not None else []
        self.blob = blob
        self.how = how
        self.flags = flags
        self.version = version
        self.reserved = reserved
        self.genl_len = genl_len  # < 4: the genl header is cut short
        self.added = added

    def wire(self, family, version):
        if self.blob is None:
            self.blob = serialize(self.attrs)
        hdr = struct.pack("=BBH", self.cmd & 0xff,
                          (self.version if self.version is not None else version) & 0xff,
                          self.reserved & 0xffff)
        body = hdr[:self.genl_len] + (self.blob if self.genl_len == GENL_HDRLEN else b"")
        return struct.pack("=IHHII", 16 + len(body), family,
                           NLM_F_REQUEST | NLM_F_ACK | self.flags, 0, 0) + body


# ---- the run ------------------------------------------------------------

class Fuzzer:
    def __init__(self, args, c):
        self.args = args
        self.c = c
        self.nl = Netlink(args.timeout)
        self.fam = self.nl.get_family(args.family)
        try:
            ifindex = socket.if_nametoindex(args.ifname)
        except OSError:
            die("no device %s" % args.ifname)
        self.rng = random.Random(args.seed)
        self.g = Gen(c, self.rng, ifindex, args.ifname)
        self.priv = has_net_admin()
        if args.unprivileged_check and self.priv:
            die("--unprivileged-check: this process has CAP_NET_ADMIN")
        self.state_changing = {self.g.cmd[n] for n in STATE_CHANGING if n in self.g.cmd}
        self.per_cmd = {}
        self.totals = {}
        self.noextack = {}
        self.examples = {}
        self.hangs = []
        self.extack_msgs = {}
        self.mutations = {}
        self.unpriv = {"eperm": {}, "refused_before_perm": 0, "violations": 0,
                       "examples": []}
        self.sent = 0
        self.start = time.monotonic()
        self.startup = process_age()
        self.cur = None
        self.done = False
        self.lock = threading.Lock()

    # requests

    def systematic(self):
        """Coverage first: each case is a function making one request."""
        g = self.g
        cases = []
        nests = {g.name(x): x for x in g.cmds}
        for cmd in g.cmds:
            cases.append(lambda cmd=cmd: Req(cmd, g.template(cmd)[0], how="sys_valid"))
            cases.append(lambda cmd=cmd: Req(cmd, g.template(cmd)[0], how="sys_dump",
                                             flags=NLM_F_DUMP))
            cases.append(lambda cmd=cmd: Req(cmd, [], how="sys_no_attrs"))
            cases.append(lambda cmd=cmd: Req(cmd, [], how="sys_dump_no_attrs",
                                             flags=NLM_F_DUMP))
            for glen in range(GENL_HDRLEN):
                cases.append(lambda cmd=cmd, glen=glen: Req(cmd, how="sys_short_genl",
                                                            genl_len=glen))
            for v in (0, 2, 255):
                cases.append(lambda cmd=cmd, v=v: Req(cmd, g.template(cmd)[0],
                                                      how="sys_version", version=v))
            for rsv in (1, 0x100, 0xffff):
                cases.append(lambda cmd=cmd, rsv=rsv: Req(cmd, g.template(cmd)[0],
                                                          how="sys_reserved", reserved=rsv))
            for fl in (NLM_F_ECHO, 0x100, 0x200, 0x400, 0x800, 0x10, 0x20, 0x1000):
                cases.append(lambda cmd=cmd, fl=fl: Req(cmd, g.template(cmd)[0],
                                                        how="sys_flags", flags=fl))
            # Every top-level type at every length, in place of the real one.
            for t in range(self.c["LISP_A_MAX"] + 3):
                for ln in BAD_LENGTHS:
                    for nf in ((0, NLA_F_NESTED) if t in (g.a["MAP"], g.a["PETR"]) else (0,)):
                        def f(cmd=cmd, t=t, ln=ln, nf=nf):
                            attrs = [x for x in g.template(cmd)[0] if x[0] & 0x3fff != t]
                            attrs.append(A(t | nf, g.rb(ln)))
                            return Req(cmd, attrs, how="sys_top_len")
                        cases.append(f)
            # Every attribute of a valid request dropped, and doubled.
            for k in range(4):
                def f(cmd=cmd, k=k, dup=False):
                    attrs = g.template(cmd, n=1)[0]
                    if attrs:
                        a = attrs[k % len(attrs)]
                        if dup:
                            attrs.append(copy.deepcopy(a))
                        else:
                            attrs.remove(a)
                    return Req(cmd, attrs, how="sys_dup" if dup else "sys_drop")
                cases.append(f)
                cases.append(lambda f=f: f(dup=True))
            # nla_len past the end, at each attribute of a valid request.
            for k in range(6):
                def f(cmd=cmd, k=k):
                    attrs = g.template(cmd, n=1)[0]
                    offs = []
                    blob = bytearray(serialize(attrs, 0, offs))
                    if offs:
                        off = offs[k % len(offs)]
                        struct.pack_into("=H", blob, off, min(len(blob) - off + 4 * (k + 1), 0xffff))
                    return Req(cmd, blob=bytes(blob), how="sys_nla_len_past_end")
                cases.append(f)
            for d in DEEP:
                def f(cmd=cmd, d=d):
                    attrs = g.template(cmd, n=1)[0]
                    inner = g.map_add(False)[0]
                    for _ in range(d):
                        inner = N(g.a["MAP"], [inner])
                    attrs.append(inner)
                    return Req(cmd, attrs, how="sys_deep")
                cases.append(f)
        # Inside LISP_A_MAP, and inside a locator or PETR nest.
        map_cmds = [nests[n] for n in ("MAP_ADD", "MAP_DEL", "MAP_GET",
                                       "DB_ADD", "DB_DEL", "DB_GET") if n in nests]
        for cmd in map_cmds + [x for x in (nests.get("PETR_SET"),) if x]:
            petr = g.name(cmd) == "PETR_SET"
            levels = [("loc", self.c["LISP_LOC_A_MAX"])]
            if not petr:
                levels.insert(0, ("map", self.c["LISP_MAP_A_MAX"]))
            for level, mx in levels:
                if level == "loc" and not petr and "ADD" not in g.name(cmd):
                    continue
                for t in range(mx + 2):
                    for ln in BAD_LENGTHS:
                        def f(cmd=cmd, level=level, t=t, ln=ln, petr=petr):
                            attrs = g.template(cmd, n=1)[0]
                            nest = [x for x in attrs if isinstance(x[1], list)]
                            if not nest:
                                nest = [g.locator(g.a["PETR"]) if petr else g.map_add(False)[0]]
                                attrs += nest
                            tgt = nest[0][1]
                            if level == "loc" and not petr:
                                locs = [x for x in tgt if isinstance(x[1], list)]
                                if not locs:
                                    locs = [g.locator(g.m["LOCATOR"])]
                                    tgt.append(locs[0])
                                tgt = locs[0][1]
                            tgt[:] = [x for x in tgt if x[0] & 0x3fff != t]
                            tgt.append(A(t, g.rb(ln)))
                            return Req(cmd, attrs, how="sys_%s_len" % level)
                        cases.append(f)
        # Limits: batch sizes, locators per entry, PETRs.
        for n in ("MAP_ADD", "DB_ADD", "MAP_DEL", "DB_DEL"):
            if n not in nests:
                continue
            for size in (0, 1, g.batch_max - 1, g.batch_max, g.batch_max + 1, g.batch_max + 64):
                def f(cmd=nests[n], size=size, add="ADD" in n):
                    if add:
                        attrs = g.template(cmd, n=0)[0]
                        attrs = [x for x in attrs if x[0] & 0x3fff != g.a["EXCL"]]
                        maps, added = g.big_batch(g.name(cmd) == "DB_ADD", size)
                        return Req(cmd, attrs + maps, how="sys_batch", added=added)
                    attrs = g.template(cmd, n=0)[0]
                    attrs += [g.map_key(False, pfx=g.unique_prefix()) for _ in range(size)]
                    return Req(cmd, attrs, how="sys_batch")
                cases.append(f)
        for n in ("MAP_ADD", "DB_ADD"):
            if n in nests:
                for k in (0, 1, g.max_locs, g.max_locs + 1):
                    cases.append(lambda cmd=nests[n], k=k: Req(
                        cmd, [A(g.a["IFINDEX"], u32(g.ifindex)),
                              g.map_add(g.name(cmd) == "DB_ADD", n_loc=k)[0]],
                        how="sys_locators"))
        if "PETR_SET" in nests:
            for k in (0, 1, g.max_petrs, g.max_petrs + 1):
                cases.append(lambda k=k: Req(nests["PETR_SET"],
                                             g.template(nests["PETR_SET"], n=k)[0],
                                             how="sys_petrs"))
        self.rng.shuffle(cases)
        return cases

    def random_req(self, cmd):
        g = self.g
        r = self.rng
        attrs, added = g.template(cmd)
        req = Req(cmd, attrs, added=added)
        hows = []
        x = r.random()
        if x < 0.25:
            hows.append("valid")
        elif x < 0.70:
            for _ in range(r.choice((1, 1, 1, 2, 3))):
                hows.append(g.mutate_tree(req.attrs))
        else:
            if r.random() < 0.3:
                hows.append(g.mutate_tree(req.attrs))
            offs = []
            blob = serialize(req.attrs, 0, offs)
            g.remember(blob)
            for _ in range(r.choice((1, 1, 2))):
                blob, h = g.mutate_bytes(blob, offs)
                hows.append(h)
            req.blob = blob
        if r.random() < 0.10:
            req.flags |= NLM_F_DUMP
            hows.append("dump")
        if r.random() < 0.03:
            req.flags |= NLM_F_ECHO
        if r.random() < 0.02:
            req.flags |= r.choice((0x10, 0x20, 0x100, 0x200, 0x400, 0x800, 0x1000))
            hows.append("nlmsg_flags")
        if r.random() < 0.05:
            req.version = r.randint(0, 255)
            hows.append("version")
        if r.random() < 0.02:
            req.reserved = r.randint(1, 0xffff)
            hows.append("reserved")
        if r.random() < 0.005:
            req.genl_len = r.randint(0, GENL_HDRLEN - 1)
            hows.append("short_genl")
        req.how = "+".join(hows)
        return req

    def label(self, req):
        """Why the genetlink core would refuse req (6.1 order), if it would."""
        if req.genl_len < GENL_HDRLEN:
            return "short_header"
        fl = req.flags | NLM_F_REQUEST | NLM_F_ACK
        if (fl & NLM_F_DUMP) == NLM_F_DUMP:
            fl &= ~NLM_F_DUMP
        if req.cmd >= RESV_START_OP and (req.reserved or fl & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)):
            return "header_check"
        opf = self.fam["ops"].get(req.cmd)
        if opf is None:
            return "no_such_command"
        dump = (req.flags & NLM_F_DUMP) == NLM_F_DUMP
        if not opf & (GENL_CMD_CAP_DUMP if dump else GENL_CMD_CAP_DO):
            return "no_such_variant"
        if not self.priv and opf & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM):
            return "needs_admin"
        return "handler"

    # results

    def record(self, req, wire, cls, err, ext):
        name = self.g.name(req.cmd)
        pc = self.per_cmd.setdefault(name, {})
        pc[cls] = pc.get(cls, 0) + 1
        self.totals[cls] = self.totals.get(cls, 0) + 1
        lab = self.label(req)
        if err:
            errs = pc.setdefault("errno", {})
            errs[errname(-err)] = errs.get(errname(-err), 0) + 1
        if cls == "err_msg":
            k = "%s %s: %s" % (name, errname(-err), ext["msg"])
            if k in self.extack_msgs or len(self.extack_msgs) < 200:
                self.extack_msgs[k] = self.extack_msgs.get(k, 0) + 1
        if cls in ("err_nomsg", "hang", "send_error", "overrun"):
            key = "%s/%s" % (lab, errname(-err) if err else cls)
            if ext and "miss_type" in ext:
                # No message, but the extack names a missing attribute.
                key += "+miss_type"
            if cls == "err_nomsg":
                self.noextack[key] = self.noextack.get(key, 0) + 1
            ex = {"cmd": name, "class": cls, "errno": errname(-err) if err else None,
                  "label": lab, "extack": ext, "how": req.how, "len": len(wire),
                  "hex": wire[:2048].hex()}
            if cls == "hang":
                self.hangs.append(ex)
            else:
                # A few of each kind, and of each command.
                kind = self.examples.setdefault(key, [])
                if len(kind) < 3 and not any(e["cmd"] == name for e in kind):
                    kind.append(ex)
        if cls == "ack":
            self.track(name, req)
        if self.args.unprivileged_check and req.cmd in self.state_changing and \
                cls not in ("hang", "send_error", "overrun"):  # counted above
            u = self.unpriv
            if err == -errno.EPERM:
                u["eperm"][name] = u["eperm"].get(name, 0) + 1
            elif err and err < 0 and lab in PRE_PERM:
                u["refused_before_perm"] += 1
            else:
                u["violations"] += 1
                if len(u["examples"]) < MAX_EXAMPLES:
                    u["examples"].append({"cmd": name, "class": cls,
                                          "errno": errname(-err) if err else None,
                                          "label": lab, "how": req.how,
                                          "hex": wire[:2048].hex()})

    def track(self, name, req):
        """What an accepted request did to the tables, roughly."""
        pool = self.g.pools["db" if name.startswith("DB_") else "mc"]
        if name.endswith("_FLUSH"):
            pool.clear()
        elif name.endswith("_DEL"):
            gone = set(req.added)
            pool[:] = [p for p in pool if p not in gone]
        elif name.endswith("_ADD"):
            for p in req.added[:64]:
                if len(pool) < 2048:
                    pool.append(p)
                else:
                    pool[self.rng.randrange(len(pool))] = p

    def summary(self, hung_in_kernel=None):
        fam = self.fam
        out = {
            "seed": self.args.seed, "count": self.args.count, "sent": self.sent,
            "seconds": round(time.monotonic() - self.start, 1),
            "startup_seconds": self.startup,
            "privileged": self.priv,
            "family": {"id": fam["id"], "version": fam["version"],
                       "maxattr": fam["maxattr"],
                       "ops": {self.g.name(k): v for k, v in sorted(fam["ops"].items())},
                       "groups": fam["groups"]},
            "totals": self.totals,
            "per_cmd": self.per_cmd,
            "noextack": self.noextack,
            # The handlers' first: the core's own are expected.
            "noextack_examples": [e for k in sorted(self.examples, key=lambda k: (
                not k.startswith("handler"), k)) for e in self.examples[k]][:MAX_EXAMPLES],
            "hangs": self.hangs[:MAX_EXAMPLES],
            "extack_messages": dict(sorted(self.extack_msgs.items(),
                                           key=lambda kv: -kv[1])[:60]),
            "mutations": self.mutations,
            "mcast_join": self.mcast,
        }
        if self.args.unprivileged_check:
            out["unprivileged"] = self.unpriv
        if hung_in_kernel:
            out["hung_in_kernel"] = hung_in_kernel
        return out

    def watchdog(self):
        # A request whose handler never returns blocks in sendmsg(), where
        # no poll timeout helps: report it from here and leave.
        while not self.done:
            time.sleep(1)
            busy = self.nl.busy
            if busy is not None and time.monotonic() - busy > self.args.timeout + 5:
                req, wire = self.cur
                ex = {"cmd": self.g.name(req.cmd), "how": req.how,
                      "len": len(wire), "hex": wire[:2048].hex()}
                self.totals["hang"] = self.totals.get("hang", 0) + 1
                self.hangs.append(ex)
                sys.stdout.write(json.dumps(self.summary(hung_in_kernel=ex)) + "\n")
                sys.stdout.flush()
                os._exit(3)

    def run(self):
        gid = self.fam["groups"].get(self.args.group)
        self.mcast = {"group": self.args.group, "id": gid,
                      "result": join_group(gid) if gid is not None else "no such group"}
        threading.Thread(target=self.watchdog, daemon=True).start()
        sys_cases = self.systematic()
        n_sys = min(len(sys_cases), self.args.count // 4)
        sys_cases = sys_cases[:n_sys]
        # Interleave the systematic cases with the random ones.
        sys_at = set(self.rng.sample(range(self.args.count), n_sys))
        cmds = self.g.cmds
        hangs = 0
        for i in range(self.args.count):
            if i in sys_at:
                req = sys_cases.pop()()
            else:
                req = self.random_req(cmds[i % len(cmds)])
            for h in req.how.split("+"):
                self.mutations[h] = self.mutations.get(h, 0) + 1
            wire = req.wire(self.fam["id"], self.fam["version"])
            self.cur = (req, wire)
            cls, err, ext, _ = self.nl.request(wire)
            self.sent += 1
            self.record(req, wire, cls, err, ext)
            if cls == "hang":
                hangs += 1
                if hangs >= 10:
                    break
        self.done = True
        return self.summary()


def replay(args, c):
    """Send one request given as hex (a fuzzer example), print its answer."""
    nl = Netlink(args.timeout)
    fam = nl.get_family(args.family)
    wire = bytearray(bytes.fromhex(args.replay))
    struct.pack_into("=IH", wire, 0, len(wire), fam["id"])
    cls, err, ext, n = nl.request(bytes(wire))
    print(json.dumps({"class": cls, "errno": errname(-err) if err else err,
                      "extack": ext, "data_messages": n}))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, default=20000, help="requests in all")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--ifname", default="lisp0", help="the lisp device to aim at")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="seconds without an answer that make a hang")
    p.add_argument("--unprivileged-check", action="store_true")
    p.add_argument("--family", default="lisp")
    p.add_argument("--group", default="miss")
    p.add_argument("--uapi", default=os.path.join(here, "..", "..", "uapi", "linux", "lisp.h"))
    p.add_argument("--replay", metavar="HEX", help="send one request and print the answer")
    args = p.parse_args()
    c = parse_uapi(args.uapi)
    for k in ("LISP_CMD_MAX", "LISP_A_MAX", "LISP_MAP_A_MAX", "LISP_LOC_A_MAX",
              "LISP_MAP_ACTION_MAX", "LISP_MAP_BATCH_MAX", "LISP_MAX_LOCATORS",
              "LISP_MAX_PETRS"):
        if k not in c:
            die("%s: no %s" % (args.uapi, k))
    if args.replay:
        replay(args, c)
        return 0
    f = Fuzzer(args, c)
    out = f.run()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
