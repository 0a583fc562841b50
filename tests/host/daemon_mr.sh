#!/bin/bash
# "lispd run" as a Map-Resolver that hands Map-Requests to other
# Map-Servers ("map-resolver forward PREFIX to ADDR"), on 127.0.0.1, no
# kernel module needed (--no-kernel):
#
#   mr   map-resolver: 10.1.0.0/16 and 2001:db8:1::/48 to ms1, 10.3.0.0/16
#        to ms2, 10.9.0.0/16 to mr2 (which sends it back: a loop);
#   ms1  map-server only (no map-resolver role), site s1, ETR registered;
#   ms2  map-server only, site s3, nothing registered;
#   etr  registers 10.1.1.0/24 and 2001:db8:1:1::/64 to ms1.
#
# Checks: the ETR's own Map-Reply reaches the querier through mr -> ms1
# -> etr; ms2's "unregistered" answer (1 minute) comes back, not the
# resolver's "not an EID" (15 minutes); the resolver's own negative
# prefix stays clear of every forwarded prefix; a resolver loop ends by
# the inner TTL and is counted; config errors name FILE:LINE; a reload
# changes the routes; "show map-resolver" text and -j; tshark decodes
# every message, the inner TTL one less per resolver.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

P_MR=$(free_port) P_MR2=$(free_port) P_MS1=$(free_port)
P_MS2=$(free_port) P_E=$(free_port)
capture_start "$P_MR" "$P_MR2" "$P_MS1" "$P_MS2" "$P_E"

cat >"$tmp/mr.conf" <<EOF
log-level debug
control-port $P_MR
map-resolver enable
map-resolver forward 10.1.0.0/16 to 127.0.0.1 port $P_MS1
map-resolver forward 2001:db8:1::/48 to 127.0.0.1 port $P_MS1
map-resolver forward 10.3.0.0/16 to 127.0.0.1 port $P_MS2
map-resolver forward 10.9.0.0/16 to 127.0.0.1 port $P_MR2
EOF
cat >"$tmp/mr2.conf" <<EOF
control-port $P_MR2
map-resolver enable
map-resolver forward 10.9.0.0/16 to 127.0.0.1 port $P_MR
EOF
cat >"$tmp/ms1.conf" <<EOF
control-port $P_MS1
site add s1 key s1-secret
site prefix s1 10.1.0.0/16 accept-more-specifics
site prefix s1 2001:db8:1::/48 accept-more-specifics
EOF
cat >"$tmp/ms2.conf" <<EOF
control-port $P_MS2
site add s3 key s3-secret
site prefix s3 10.3.0.0/16
EOF
# Map-Requests are forwarded to a registered locator only (issue 11):
# the ETR's Map-Registers leave from 127.0.0.1, so it lists it too.
cat >"$tmp/etr.conf" <<EOF
control-port $P_E
map-server add 127.0.0.1 key s1-secret port $P_MS1
database add dev lisp0 10.1.1.0/24 rloc 192.0.2.11 priority 1 weight 100 rloc 127.0.0.1 priority 2
database add dev lisp0 2001:db8:1:1::/64 rloc 192.0.2.11 rloc 127.0.0.1 priority 2
EOF

for name in mr mr2 ms1 ms2 etr; do
	start $name
	report $? "$name starts" "$(cat "$tmp/$name.log")"
done
MR=$tmp/mr.sock MR2=$tmp/mr2.sock MS1=$tmp/ms1.sock MS2=$tmp/ms2.sock

jcheck "the ETR registers both prefixes with ms1" "$MS1" \
	"show registrations" "[.[].prefix] | sort ==
	[\"10.1.1.0/24\", \"2001:db8:1:1::/64\"]" 50
jcheck "show map-resolver -j lists the routes in order" "$MR" \
	"show map-resolver" ".enabled and .local_sites == 0 and
	[.forwards[] | [.prefix, .map_server, .port, .forwards]] ==
	[[\"10.1.0.0/16\", \"127.0.0.1\", $P_MS1, 0],
	 [\"2001:db8:1::/48\", \"127.0.0.1\", $P_MS1, 0],
	 [\"10.3.0.0/16\", \"127.0.0.1\", $P_MS2, 0],
	 [\"10.9.0.0/16\", \"127.0.0.1\", $P_MR2, 0]]"

# --- through the resolver ---
$QUERY --timeout 2 "127.0.0.1:$P_MR,10.1.1.5" \
	"127.0.0.1:$P_MR,2001:db8:1:1::5" "127.0.0.1:$P_MR,10.3.3.3" \
	"127.0.0.1:$P_MR,10.200.0.1" "127.0.0.1:$P_MR,10.1.77.1" \
	>"$tmp/replies" 2>&1
qcheck "10.1.1.5: the ETR's Map-Reply, via mr -> ms1 -> etr" 1 \
	"(.records | length) == 1 and (.records[0] | [.eid, .plen,
	.authoritative, .ttl, [.locators[].addr]] ==
	[\"10.1.1.0\", 24, true, 1440, [\"192.0.2.11\", \"127.0.0.1\"]])"
qcheck "2001:db8:1:1::5: the same path in IPv6" 2 \
	".records[0] | [.eid, .plen, .authoritative] ==
	[\"2001:db8:1:1::\", 64, true]"
qcheck "10.3.3.3: ms2 answers unregistered (1 minute), not the resolver" 3 \
	".records[0] | .act == 1 and .ttl == 1 and .locators == [] and
	.eid == \"10.3.0.0\" and .plen == 16"
# Hand-computed: 10.128.0.0/9 is the shortest prefix around 10.200.0.1
# that holds none of 10.1/16, 10.3/16, 10.9/16.
qcheck "10.200.0.1: the resolver's negative, 15 minutes, 10.128.0.0/9" 4 \
	".records[0] | .act == 1 and .ttl == 15 and .eid == \"10.128.0.0\"
	and .plen == 9"
qcheck "10.1.77.1: ms1's unregistered answer inside site s1" 5 \
	".records[0] | .ttl == 1 and .locators == []"

jcheck "mr counts four records sent on, per route" "$MR" \
	"show map-resolver" ".map_server_forwards == 4 and
	[.forwards[].forwards] == [2, 1, 1, 0] and .negative_not_eid == 1"
jcheck "ms1 (no map-resolver role) took the ECMs, sent two on" "$MS1" \
	"show daemon-stats" "(.roles.map_resolver | not) and
	.received.ecm == 3 and .map_server.forwards == 2 and
	.map_server.negative_unregistered == 1 and .errors.ecm_ignored == 0"
jcheck "the ETR answered the two requests" "$tmp/etr.sock" \
	"show daemon-stats" ".etr.map_replies == 2"

# --- a loop between two resolvers ends ---
out=$($QUERY --timeout 2 "127.0.0.1:$P_MR,10.9.0.1" 2>&1)
[ "$(printf '%s' "$out" | jq -r '.error')" != null ]
report $? "10.9.0.1 (mr <-> mr2 loop): no answer" "$out"
jcheck "the loop ends on the inner TTL: 63 hops, one expiry" "$MR" \
	"show daemon-stats" ".map_server.map_server_forwards +
	$(LISPD_SOCK=$MR2 $LISPD show daemon-stats -j |
	  jq '.map_server.map_server_forwards') == 4 + 63 and
	.map_server.forward_ttl_expired +
	$(LISPD_SOCK=$MR2 $LISPD show daemon-stats -j |
	  jq '.map_server.forward_ttl_expired') == 1" 20

out=$(LISPD_SOCK=$MR $LISPD show map-resolver 2>&1)
printf '%s' "$out" | grep -q "^map-resolver enabled, 0 local sites, .* requests, " &&
	printf '%s' "$out" | grep -q "^forward 10.1.0.0/16 to 127.0.0.1 port $P_MS1, 2 records sent on$"
report $? "show map-resolver text" "$out"

# --- configuration ---
bad_conf() {		# bad_conf DESCRIPTION EXPECTED LINE...
	local desc=$1 want=$2 out rc
	shift 2
	printf '%s\n' "$@" >"$tmp/bad.conf"
	out=$(timeout 5 "$LISPD" run -f "$tmp/bad.conf" -S "$tmp/bad.sock" \
		--no-kernel 2>&1)
	rc=$?
	[ $rc -eq 1 ] && [ "$out" = "lispd: $tmp/bad.conf:$want" ]
	report $? "$desc" "rc $rc: $out"
}
bad_conf "forward without map-resolver enable" \
	"2: \"map-resolver forward\" needs \"map-resolver enable\"" \
	"control-port $P_MR2" "map-resolver forward 10.0.0.0/8 to 192.0.2.1"
bad_conf "the same prefix forwarded twice" \
	"4: map-resolver forward 10.0.0.0/8 (iid 0) already configured at line 2" \
	"map-resolver enable" "map-resolver forward 10.0.0.0/8 to 192.0.2.1" \
	"map-resolver forward 10.0.0.0/8 iid 3 to 192.0.2.1" \
	"map-resolver forward 10.0.0.0/8 to 192.0.2.2"
bad_conf "forward without \"to\"" \
	"2: \"map-resolver forward\" needs \"to ADDR\" (the Map-Server)" \
	"map-resolver enable" "map-resolver forward 10.0.0.0/8"
bad_conf "forward to a bad address" \
	"2: to \"ms1\": not an IPv4 or IPv6 address" \
	"map-resolver enable" "map-resolver forward 10.0.0.0/8 to ms1"

sed -i '/10.3.0.0/d' "$tmp/mr.conf"
out=$(LISPD_SOCK=$MR $LISPD reload 2>&1)
rc=$?
[ $rc -eq 0 ] && printf '%s' "$out" | grep -q "map-resolver enabled (3 forwards)"
report $? "reload with a route removed" "rc $rc: $out"
out=$($QUERY --timeout 2 "127.0.0.1:$P_MR,10.3.3.3" 2>&1)
printf '%s' "$out" | jq -e '.records[0] | .ttl == 15' >/dev/null 2>&1
report $? "... 10.3.3.3 is now the resolver's own not-an-EID answer" "$out"

for name in etr ms2 ms1 mr2 mr; do
	stop $name
	report $? "$name: SIGTERM exits 0" "$(tail -n 3 "$tmp/$name.log")"
done

# --- tshark ---
if ! capture_stop; then
	skip "tshark decodes the exchange" "no capture on lo (dumpcap)"
	finish
fi
TS=(tshark -n -r "$tmp/cap.pcapng")
for p in "$P_MR" "$P_MR2" "$P_MS1" "$P_MS2" "$P_E"; do
	TS+=(-d "udp.port==$p,lisp")
done
bad=$("${TS[@]}" -Y '_ws.malformed || _ws.expert.severity >= error' 2>&1 |
	grep -v '^Running as user')
[ -z "$bad" ]
report $? "tshark: no malformed packet, no expert error" "$bad"
# ECMs from mr to ms1 for 10.1.1.5: outer TTL 64, inner TTL 63 (the
# querier sends 64); ms1 to the ETR: one hop more, 62 (issue 11: every
# forward decrements the inner TTL, so that Map-Servers cannot loop).
ttls() {		# ttls SRCPORT DSTPORT: "outer,inner" TTLs of its ECMs
	"${TS[@]}" -Y "lisp.type == 8 && udp.srcport == $1 &&
		udp.dstport == $2 && lisp.mreq.record.prefix.ipv4 == 10.1.1.5" \
		-T fields -e ip.ttl 2>/dev/null | sort -u
}
t1=$(ttls "$P_MR" "$P_MS1")
t2=$(ttls "$P_MS1" "$P_E")
[ "$t1" = "64,63" ] && [ "$t2" = "64,62" ]
report $? "tshark: inner TTL 63 from mr on, 62 from ms1 to the ETR" \
	"mr->ms1 '$t1', ms1->etr '$t2'"
finish
