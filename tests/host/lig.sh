#!/bin/bash
# "lispd lig" against a fake Map-Resolver: a few lines of python3 on
# 127.0.0.1 that decode the ECM'd Map-Request by hand (RFC 9301 5.2,
# 5.8), log what they saw and answer with a Map-Reply built by hand
# (RFC 9301 5.4) to the ITR-RLOC at the inner UDP source port, as a
# Map-Server does.  Checks the printed mapping (text and -j), negative
# answers, a forged nonce, a retry, the timeout path, usage errors, and
# the exit status of each: 0 positive, 1 negative, 2 usage, 3 no answer,
# 4 a local failure.
# LISPD=path tests another binary (default: make build/lispd).
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/tap.sh
tmp=$(mktemp -d)
mr_pid=
cleanup() {
	[ -n "$mr_pid" ] && kill "$mr_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "${LISPD:-}" ]; then
	make -s build/lispd >"$tmp/build.log" 2>&1
	report $? "build lispd" "$(tail -n 20 "$tmp/build.log")"
	LISPD=build/lispd
fi
command -v python3 >/dev/null
report $? "python3 is installed"
[ "$failed" -eq 0 ] || finish

cat >"$tmp/fake_mr.py" <<'PY'
# Fake Map-Resolver: answers per the mode in MODE_FILE (read per request):
#   positive  [iid]10.1.0.0/24, TTL 1440, A, 192.0.2.2 1/100 up,
#             192.0.2.3 255/0 down
#   negative  [iid]10.0.0.0/8, TTL 15, natively-forward
#   forged    a reply with a wrong nonce first, then the right one
#   drop-first  ignore the first request in this mode, then positive
#   silent    never answer
import json, socket, struct, sys

port_file, mode_file, log_path = sys.argv[1:4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
log = open(log_path, 'a')
with open(port_file + '.tmp', 'w') as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(port_file + '.tmp', port_file)

def address(msg, off):		# (iid, text, next offset)
    afi, = struct.unpack_from('!H', msg, off)
    off += 2
    if afi == 0:
        return None, None, off
    if afi == 1:
        return None, socket.inet_ntop(socket.AF_INET, msg[off:off + 4]), off + 4
    if afi == 2:
        return None, socket.inet_ntop(socket.AF_INET6, msg[off:off + 16]), off + 16
    if afi == 16387:		# LCAF: only Instance-ID (type 2) here
        _, _, typ, _, length = struct.unpack_from('!BBBBH', msg, off)
        assert typ == 2, 'LCAF type %d' % typ
        iid, = struct.unpack_from('!I', msg, off + 6)
        _, text, _ = address(msg, off + 10)
        return iid, text, off + 6 + length
    raise ValueError('AFI %d' % afi)

def eid_bytes(iid, prefix):
    if iid is None:
        return struct.pack('!H', 1) + socket.inet_aton(prefix)
    return struct.pack('!HBBBBHIH', 16387, 0, 0, 2, 32, 10, iid, 1) + \
        socket.inet_aton(prefix)

def record(iid, ttl, plen, prefix, act, auth, locators):
    r = struct.pack('!IBBBBH', ttl, len(locators), plen,
                    act << 5 | auth << 4, 0, 0) + eid_bytes(iid, prefix)
    for loc, prio, weight, reach in locators:
        r += struct.pack('!BBBBHH', prio, weight, 255, 0, reach, 1) + \
            socket.inet_aton(loc)
    return r

def map_reply(nonce, rec):
    return struct.pack('!BBBB', 0x20, 0, 0, 1) + nonce + rec

count = in_mode = 0
last_mode = None
while True:
    data, peer = s.recvfrom(65535)
    count += 1
    mode = open(mode_file).read().strip()
    in_mode = in_mode + 1 if mode == last_mode else 1	# nth in this mode
    last_mode = mode
    assert data[0] >> 4 == 8, 'not an ECM'
    ihl = (data[4] & 15) * 4
    inner_src = socket.inet_ntop(socket.AF_INET, data[16:20])
    inner_dst = socket.inet_ntop(socket.AF_INET, data[20:24])
    sport, dport = struct.unpack_from('!HH', data, 4 + ihl)
    msg = data[4 + ihl + 8:]
    assert msg[0] >> 4 == 1, 'not a Map-Request'
    irc, nrec = msg[2] & 0x1f, msg[3]
    nonce = msg[4:12]
    _, src_eid, off = address(msg, 12)
    rlocs = []
    for _ in range(irc + 1):
        _, text, off = address(msg, off)
        rlocs.append(text)
    plen = msg[off + 1]
    iid, eid, off = address(msg, off + 2)
    log.write(json.dumps({
        'count': count, 'mode': mode, 'peer_port': peer[1],
        'inner_src': inner_src, 'inner_dst': inner_dst, 'sport': sport,
        'dport': dport, 'pitr': bool(msg[1] & 0x80), 'nrec': nrec,
        'itr_rlocs': rlocs, 'src_eid': src_eid, 'eid': eid,
        'plen': plen, 'iid': iid, 'nonce': nonce.hex()}) + '\n')
    log.flush()
    if mode == 'silent' or (mode == 'drop-first' and in_mode == 1):
        continue
    if mode == 'negative':
        rec = record(iid, 15, 8, '10.0.0.0', 1, 0, [])
    else:
        rec = record(iid, 1440, 24, '10.1.0.0', 0, 1,
                     [('192.0.2.2', 1, 100, 1), ('192.0.2.3', 255, 0, 0)])
    to = (rlocs[0], sport)	# the ITR-RLOC, the inner source port
    if mode == 'forged':
        wrong = bytes(b ^ 0xff for b in nonce)
        s.sendto(map_reply(wrong, record(iid, 1440, 24, '10.1.0.0', 0, 1,
                                         [('203.0.113.66', 1, 100, 1)])), to)
    s.sendto(map_reply(nonce, rec), to)
PY

echo positive >"$tmp/mode"
python3 "$tmp/fake_mr.py" "$tmp/port" "$tmp/mode" "$tmp/mr.log" \
	2>"$tmp/mr.err" &
mr_pid=$!
for _ in $(seq 50); do
	[ -s "$tmp/port" ] && break
	sleep 0.1
done
port=$(cat "$tmp/port" 2>/dev/null)
[ -n "$port" ]
report $? "fake Map-Resolver listening on 127.0.0.1" "$(cat "$tmp/mr.err")"
[ "$failed" -eq 0 ] || finish

lig() {			# lig ARGS...: output in $tmp/out, $tmp/err, rc in $rc
	"$LISPD" lig "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

has() {			# has FILE REGEX DESCRIPTION
	grep -qE -- "$2" "$tmp/$1"
	report $? "$3" "$(cat "$tmp/$1")"
}

last_request() {	# last_request PYTHON-EXPR: of the last logged request
	tail -n 1 "$tmp/mr.log" | python3 -c \
		"import json, sys; r = json.load(sys.stdin); print($1)"
}

# A positive answer, lig's layout.
lig 10.1.0.1 to 127.0.0.1 port "$port"
[ "$rc" -eq 0 ]
report $? "positive answer: exit status 0" "rc $rc: $(cat "$tmp/err")"
has out "^Send map-request to 127\.0\.0\.1 for 10\.1\.0\.1 \.\.\.$" \
	"prints the request line"
has out "^Received map-reply from 127\.0\.0\.1 with rtt [0-9]+\.[0-9]{5} secs$" \
	"prints who answered and the rtt"
has out "^Mapping entry for EID '10\.1\.0\.1':$" "mapping entry header"
has out "^10\.1\.0\.0/24,  record ttl: 86400s, auth bit: 1, mobile bit: 0$" \
	"prefix, TTL 1440 minutes in seconds with its unit, the A bit"
has out "^  Locator             State   Priority/Weight$" "locator header"
has out "^  192\.0\.2\.2           up            1/100$" \
	"locator 192.0.2.2 up 1/100"
has out "^  192\.0\.2\.3           down        255/0$" \
	"locator 192.0.2.3 down 255/0"
[ "$(last_request "r['inner_dst'], r['dport'], r['plen'], r['iid'], r['nrec']")" = \
	"10.1.0.1 4342 32 None 1" ]
report $? "request: inner destination the EID, port 4342, /32, no IID" \
	"$(tail -n 1 "$tmp/mr.log")"
[ "$(last_request "r['itr_rlocs'] == ['127.0.0.1'] and r['sport'] == r['peer_port']")" = True ]
report $? "ITR-RLOC is the source address, inner port the socket's" \
	"$(tail -n 1 "$tmp/mr.log")"

# JSON, with an instance-id.
lig 10.1.0.1 iid 7 to 127.0.0.1 port "$port" -j
[ "$rc" -eq 0 ] && python3 -m json.tool "$tmp/out" >/dev/null
report $? "-j: exit 0 and valid JSON" "$(cat "$tmp/out" "$tmp/err")"
check=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
r = j["records"][0]
l = r["locators"]
print(j["eid"], j["map_resolver"], r["eid_prefix"], r["ttl_s"],
      r["authoritative"], l[0]["locator"], l[0]["state"], l[0]["priority"],
      l[0]["weight"], l[1]["state"], len(l))' "$tmp/out" 2>&1)
[ "$check" = "[7]10.1.0.1 127.0.0.1 [7]10.1.0.0/24 86400 True 192.0.2.2 up 1 100 down 2" ]
report $? "-j: EID, prefix, TTL (ttl_s, seconds), A bit and locators" "$check"
[ "$(last_request "r['iid'], r['eid']")" = "7 10.1.0.1" ]
report $? "iid 7: EID-record in an Instance-ID LCAF" "$(tail -n 1 "$tmp/mr.log")"
grep -q "Send map-request" "$tmp/out"
report $((!$?)) "-j: no text lines on stdout"

# Instance-id 0 goes as the plain EID, which other Map-Resolvers expect.
lig 10.1.0.1 iid 0 to 127.0.0.1 port "$port"
[ "$rc" -eq 0 ] && [ "$(last_request "r['iid'], r['eid']")" = "None 10.1.0.1" ]
report $? "iid 0: the plain EID, no Instance-ID LCAF" \
	"rc $rc: $(tail -n 1 "$tmp/mr.log")"

# Negative answer.
echo negative >"$tmp/mode"
lig 10.1.0.1 to 127.0.0.1 port "$port"
[ "$rc" -eq 1 ]
report $? "negative answer: exit status 1" "rc $rc"
has out "^10\.0\.0\.0/8,  record ttl: 900s, auth bit: 0, mobile bit: 0$" \
	"negative: prefix and TTL 15 minutes as 900s"
has out "^  Negative cache entry, action: natively-forward$" \
	"negative: the action"
lig 10.1.0.1 to 127.0.0.1 port "$port" -j
check=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["records"][0]
print(r["action"], r["ttl_s"], len(r["locators"]))' "$tmp/out" 2>&1)
[ "$check" = "natively-forward 900 0" ] && [ "$rc" -eq 1 ]
report $? "negative -j: action, TTL, no locators, exit status 1" \
	"rc $rc: $check"

# A reply with a forged nonce first: ignored.
echo forged >"$tmp/mode"
lig 10.1.0.1 to 127.0.0.1 port "$port" count 1
[ "$rc" -eq 0 ] && ! grep -q 203.0.113.66 "$tmp/out"
report $? "a Map-Reply with another nonce is ignored" "$(cat "$tmp/out")"
has out "192\.0\.2\.2 +up" "the real answer is printed"

# The first request is lost: the second try is answered.
echo drop-first >"$tmp/mode"
: >"$tmp/mr.log"
lig 10.1.0.1 to 127.0.0.1 port "$port" timeout 0.3 count 3
[ "$rc" -eq 0 ] && [ "$(grep -c '^Send map-request' "$tmp/out")" -eq 2 ]
report $? "no answer to try 1: try 2 is answered" "$(cat "$tmp/out")"
nonces=$(python3 -c '
import json, sys
print(len({json.loads(l)["nonce"] for l in open(sys.argv[1])}))' \
	"$tmp/mr.log")
[ "$nonces" = 2 ]
report $? "each try has its own nonce" "$(cat "$tmp/mr.log")"

# No answer at all.
echo silent >"$tmp/mode"
start=$(date +%s%N)
lig 10.1.0.1 to 127.0.0.1 port "$port" timeout 0.2 count 2
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" -eq 3 ]
report $? "timeout: exit status 3" "rc $rc"
has err "^\*\*\* No map-reply received from 127\.0\.0\.1 for 10\.1\.0\.1 after 2 map-requests \*\*\*$" \
	"timeout: a clear message on stderr"
[ "$(grep -c '^Send map-request' "$tmp/out")" -eq 2 ] && [ "$ms" -ge 400 ] &&
	[ "$ms" -lt 2000 ]
report $? "timeout: 2 tries of 0.2 s (took $ms ms)" "$(cat "$tmp/out")"
lig 10.1.0.1 to 127.0.0.1 port "$port" timeout 0.1 count 1 -j
check=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(j["error"], j["tries"])' "$tmp/out" 2>&1)
[ "$rc" -eq 3 ] && [ "$check" = "no map-reply 1" ]
report $? "timeout -j: exit 3 and a JSON error" "rc $rc: $check"

# A local failure: the source is no address of this host.
lig 10.1.0.1 to 127.0.0.1 port "$port" source 192.0.2.77 count 1
[ "$rc" -eq 4 ] && grep -q "lispd lig: socket: " "$tmp/err"
report $? "a socket error: exit status 4" "rc $rc: $(cat "$tmp/err")"

# Usage errors.
lig
[ "$rc" -eq 2 ] && grep -q "Usage: lispd lig" "$tmp/err"
report $? "no EID: usage, exit status 2" "rc $rc: $(cat "$tmp/err")"
lig 10.1.0.1
[ "$rc" -eq 2 ] && grep -q "no Map-Resolver" "$tmp/err"
report $? "no Map-Resolver: usage error" "rc $rc: $(cat "$tmp/err")"
lig 10.1.0.1 to 127.0.0.1 count 0
[ "$rc" -eq 2 ]
report $? "count 0: usage error" "rc $rc"
lig not-an-eid to 127.0.0.1
[ "$rc" -eq 2 ]
report $? "a bad EID: usage error" "rc $rc"

finish
