#!/bin/bash
# "lispd run" against replayed Map-Registers, with a two-xTR site and a
# site over its quota (issue 11, items 1, 9 and 7), on 127.0.0.1, no
# kernel module needed:
#
#   ms     Map-Server/Map-Resolver, site s1 10.1.0.0/16, site s2
#          10.2.0.0/16 (max-registrations 2), register period 1 s
#          (registrations expire after 3 s);
#   relay  tests/host/udp_relay.py between ETR A and ms: a wire tap that
#          keeps every datagram ETR A sends;
#   etr_a  xtr-id and site-id configured, registers 10.1.1.0/24 and
#          10.1.2.0/24 through the relay;
#   etr_b  a random xTR-ID, registers 10.1.1.0/24 with another RLOC;
#   etr_c  registers three prefixes of site s2.
#
# Checks: ETR A's Map-Registers carry its xTR-ID; its first Map-Register
# replayed from 127.0.0.2 is refused as replayed, logged, and
# Map-Requests still reach ETR A; a TTL 0 it sent, replayed after it
# registered the prefix again, deletes nothing; the two xTRs'
# registrations of 10.1.1.0/24 merge (the union of their RLOCs) and
# when ETR B stops, its part expires and ETR A's stays; ETR C's three
# prefixes are refused as over-quota (shown as registered 0/2) until a
# reload raises the quota to 3.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

P_MS=$(free_port) P_R=$(free_port) P_A=$(free_port) P_B=$(free_port)
P_C=$(free_port)
XTR_A=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf

cat >"$tmp/ms.conf" <<EOF
log-level debug
control-port $P_MS
register-period 1
site add s1 key s1-secret
site prefix s1 10.1.0.0/16 accept-more-specifics
site add s2 key s2-secret
site prefix s2 10.2.0.0/16 accept-more-specifics
site max-registrations s2 2
map-resolver enable
EOF
# etr_conf NAME PORT KEY MS-PORT [LINE...]: an ETR registering every second.
etr_conf() {
	local name=$1 port=$2 key=$3 ms=$4
	shift 4
	printf '%s\n' "control-port $port" "register-period 1" \
		"map-server add 127.0.0.1 key $key port $ms" "$@" \
		>"$tmp/$name.conf"
}
# Forwarded Map-Requests go to a registered RLOC: 127.0.0.1 is one.
etr_conf etr_a "$P_A" s1-secret "$P_R" "xtr-id $XTR_A" "site-id 7" \
	"database add dev lisp0 10.1.1.0/24 rloc 127.0.0.1 priority 1 rloc 203.0.113.7 priority 2" \
	"database add dev lisp0 10.1.2.0/24 rloc 127.0.0.1"
etr_conf etr_b "$P_B" s1-secret "$P_MS" \
	"database add dev lisp0 10.1.1.0/24 rloc 127.0.0.1 priority 1 rloc 198.51.100.9 priority 3"
etr_conf etr_c "$P_C" s2-secret "$P_MS" \
	"database add dev lisp0 10.2.1.0/24 rloc 127.0.0.1" \
	"database add dev lisp0 10.2.2.0/24 rloc 127.0.0.1" \
	"database add dev lisp0 10.2.3.0/24 rloc 127.0.0.1"

start ms
report $? "Map-Server starts" "$(cat "$tmp/ms.log")"
python3 tests/host/udp_relay.py "$P_R" "$P_MS" "$tmp/tap.hex" &
pids+=($!)
start etr_a
report $? "ETR A starts (through the relay)" "$(cat "$tmp/etr_a.log")"
MS=$tmp/ms.sock A=$tmp/etr_a.sock

jcheck "ETR A registers with its xTR-ID and site-ID (the I bit)" "$MS" \
	"show registrations" "any(.[]; .prefix == \"10.1.1.0/24\" and
	[.xtrs[] | [.xtr_id, .site_id, .etr, .forward_to, .forward_port]] ==
	[[\"$XTR_A\", 7, \"127.0.0.1\", \"127.0.0.1\", $P_R]])" 50
jcheck "show daemon-stats of ETR A names them" "$A" "show daemon-stats" \
	".xtr_id == \"$XTR_A\" and .site_id == 7"
grep -q "xTR-ID $XTR_A, site-ID 7" "$tmp/etr_a.log"
report $? "ETR A logs its xTR-ID" "$(cat "$tmp/etr_a.log")"

# send_from SRC HEX: one datagram from SRC (any port) to the Map-Server.
send_from() {
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
s.sendto(bytes.fromhex(sys.argv[2]), ("127.0.0.1", int(sys.argv[3])))' \
		"$1" "$2" "$P_MS"
}
# Map-Registers in the tap, by the TTL of their first record (HMAC-SHA-256:
# the record starts at byte 48).
registers() {		# registers {live|ttl0}
	python3 -c 'import sys
for line in open(sys.argv[1]):
    b = bytes.fromhex(line.strip())
    if b[0] >> 4 == 3 and len(b) > 52:
        if (b[48:52] == bytes(4)) == (sys.argv[2] == "ttl0"):
            print(line.strip())' "$tmp/tap.hex" "$1"
}

first=$(registers live | head -n 1)
[ -n "$first" ]
report $? "the tap caught ETR A's Map-Registers" "$(wc -l <"$tmp/tap.hex")"
send_from 127.0.0.2 "$first"
jcheck "its first Map-Register replayed from 127.0.0.2: refused as replayed" \
	"$MS" "show daemon-stats" ".map_register_rejected.replayed == 1" 30
jcheck "... the registration still forwards to ETR A" "$MS" \
	"show registrations" "any(.[]; .prefix == \"10.1.1.0/24\" and
	.forward_to == \"127.0.0.1\" and .forward_port == $P_R and
	(.xtrs | length) == 1)"
jcheck "... counted for site s1" "$MS" "show sites" \
	".[0].stats.replayed == 1 and .[0].anti_replay == \"counter\""
grep -q "Map-Register from 127.0.0.2 port [0-9]* rejected: replayed" \
	"$tmp/ms.log"
report $? "... and logged with its reason" "$(grep rejected "$tmp/ms.log")"
$QUERY --timeout 2 "127.0.0.1:$P_MS,10.1.1.5" >"$tmp/replies" 2>&1
qcheck "Map-Requests for 10.1.1.5 still reach ETR A, which answers" 1 \
	".records[0] | .authoritative and [.locators[].addr] ==
	[\"127.0.0.1\", \"203.0.113.7\"]"

# --- a TTL 0, replayed after the prefix came back ---
sed -i '/10.1.2.0/d' "$tmp/etr_a.conf"
LISPD_SOCK=$A $LISPD reload >/dev/null 2>&1
jcheck "ETR A withdraws 10.1.2.0/24 (TTL 0)" "$MS" "show registrations" \
	"all(.[]; .prefix != \"10.1.2.0/24\")" 30
ttl0=$(registers ttl0 | head -n 1)
echo "database add dev lisp0 10.1.2.0/24 rloc 127.0.0.1" >>"$tmp/etr_a.conf"
LISPD_SOCK=$A $LISPD reload >/dev/null 2>&1
jcheck "... and registers it again" "$MS" "show registrations" \
	"any(.[]; .prefix == \"10.1.2.0/24\")" 30
[ -n "$ttl0" ] && send_from 127.0.0.2 "$ttl0"
report $? "the tap caught the TTL 0" "$(wc -l <"$tmp/tap.hex")"
jcheck "the old TTL 0 replayed: refused, 10.1.2.0/24 stays" "$MS" \
	"show daemon-stats" ".map_register_rejected.replayed == 2 and
	.map_server.deregisters == 1" 30
sleep 0.3
jcheck "... still registered" "$MS" "show registrations" \
	"any(.[]; .prefix == \"10.1.2.0/24\")"

# --- a second xTR for 10.1.1.0/24 ---
start etr_b
report $? "ETR B starts (random xTR-ID)" "$(cat "$tmp/etr_b.log")"
jcheck "two xTRs: 10.1.1.0/24 has both parts, the union of their RLOCs" \
	"$MS" "show registrations" "any(.[]; .prefix == \"10.1.1.0/24\" and
	(.xtrs | length) == 2 and ([.xtrs[].xtr_id] | unique | length) == 2
	and [.rlocs[].rloc] ==
	[\"127.0.0.1\", \"203.0.113.7\", \"198.51.100.9\"])" 50
stop etr_b
report $? "ETR B stops (no deregistration)" "$(tail -n 3 "$tmp/etr_b.log")"
jcheck "3 s later its part has expired, ETR A's stays" "$MS" \
	"show registrations" "any(.[]; .prefix == \"10.1.1.0/24\" and
	[.xtrs[].xtr_id] == [\"$XTR_A\"] and
	[.rlocs[].rloc] == [\"127.0.0.1\", \"203.0.113.7\"])" 80
jcheck "... counted as expired" "$MS" "show daemon-stats" \
	".map_server.expired >= 1"
out=$(LISPD_SOCK=$MS $LISPD show registrations 2>&1)
printf '%s' "$out" | grep -q "^    xtr-id $XTR_A site-id 7 etr 127.0.0.1 port $P_R "
report $? "show registrations lists the xTRs in text" "$out"

# --- a site over its quota ---
start etr_c
report $? "ETR C starts (three prefixes of s2)" "$(cat "$tmp/etr_c.log")"
jcheck "three new prefixes, max-registrations 2: refused as over-quota" \
	"$MS" "show daemon-stats" ".map_register_rejected[\"over-quota\"] >= 1" 30
jcheck "... the site shows 0 of 2 registered, the refusals counted" "$MS" \
	"show sites" ".[1] | .name == \"s2\" and .registered == 0 and
	.max_registrations == 2 and .stats.over_quota >= 1"
out=$(LISPD_SOCK=$MS $LISPD show sites 2>&1)
printf '%s' "$out" | grep -q "^s2 prefixes 1 registered 0/2 .* over-quota [1-9]"
report $? "... in text too" "$out"
grep -q "rejected: over-quota" "$tmp/ms.log"
report $? "... logged" "$(grep rejected "$tmp/ms.log")"
sed -i 's/^site max-registrations s2 2$/site max-registrations s2 3/' \
	"$tmp/ms.conf"
out=$(LISPD_SOCK=$MS $LISPD reload 2>&1)
printf '%s' "$out" | grep -q "2 sites (0 added, 0 removed, 1 changed)"
report $? "reload with the quota raised to 3" "$out"
jcheck "... the three are registered" "$MS" "show sites" \
	".[1] | .registered == 3 and .max_registrations == 3" 30
stop etr_c
report $? "etr_c: SIGTERM exits 0" "$(tail -n 3 "$tmp/etr_c.log")"

for name in etr_a ms; do
	stop $name
	report $? "$name: SIGTERM exits 0" "$(tail -n 3 "$tmp/$name.log")"
done
finish
