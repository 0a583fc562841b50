#!/bin/bash
# "lispd run" end to end on 127.0.0.1, no kernel module needed: a
# Map-Server/Map-Resolver and two ETRs (--no-kernel), each with its own
# control socket and a non-default control port.
#
#   - the ETRs register (site s1: HMAC-SHA-1, key-id 1; site s2:
#     HMAC-SHA-256, instance-id 7) and get Map-Notifies;
#   - a third map-server line of ETR A has a wrong key: refused, counted,
#     logged once per source;
#   - Map-Requests in ECMs to the Map-Resolver (tests/host/lisp_query.py)
#     are forwarded to the ETRs, which answer with their locators; a
#     non-EID and an unregistered EID get negative replies; an RLOC-probe
#     to an ETR gets a reply with the P bit;
#   - a config error is refused as FILE:LINE, a bad reload keeps the old
#     configuration, good reloads apply the difference (registrations of
#     unchanged sites survive, a removed database entry is withdrawn);
#   - every "show ... -j" parses; SIGTERM exits 0 and removes the socket;
#   - tshark decodes the whole exchange (captured on lo) without a
#     malformed packet or an expert error.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

# Three free UDP ports.
P_MS=$(free_port) P_A=$(free_port) P_B=$(free_port)

capture_start "$P_MS" "$P_A" "$P_B"

cat >"$tmp/ms.conf" <<EOF
# Map-Server and Map-Resolver
log-level debug
control-port $P_MS
site add s1 key sha1-secret key-type sha1 key-id 1
site prefix s1 10.1.0.0/16 accept-more-specifics
site add s2 key sha256-secret
site prefix s2 10.2.0.0/16 iid 7 accept-more-specifics
map-resolver enable
EOF
# 127.0.0.1 is an address of this host (L bit), 203.0.113.7 is not.
cat >"$tmp/etr_a.conf" <<EOF
control-port $P_A
map-server add 127.0.0.1 key sha1-secret key-type sha1 key-id 1 port $P_MS
map-server add 127.0.0.2 key wrong-secret key-type sha1 key-id 1 port $P_MS
database add dev lisp0 10.1.1.0/24 rloc 127.0.0.1 priority 1 weight 70 rloc 203.0.113.7 weight 30
EOF
# Map-Requests are forwarded to a registered locator only (issue 11):
# ETR B's Map-Registers leave from 127.0.0.1, so it lists it too.
cat >"$tmp/etr_b.conf" <<EOF
log-level debug
control-port $P_B
map-server add 127.0.0.1 key sha256-secret port $P_MS
database add dev lisp1 10.2.2.0/24 iid 7 rloc 198.51.100.2 priority 2 weight 100 rloc 127.0.0.1 priority 3
database add dev lisp1 10.2.9.0/24 iid 7 rloc 198.51.100.2
EOF

start ms
report $? "Map-Server/Map-Resolver starts" "$(cat "$tmp/ms.log")"
start etr_a
report $? "ETR A starts" "$(cat "$tmp/etr_a.log")"
start etr_b
report $? "ETR B starts" "$(cat "$tmp/etr_b.log")"
MS=$tmp/ms.sock A=$tmp/etr_a.sock B=$tmp/etr_b.sock

mode=$(stat -c %a "$MS")
[ "$mode" = 600 ]
report $? "control socket is mode 0600" "mode $mode"

# --- registrations, both key types ---
jcheck "10.1.1.0/24 registered to site s1 (HMAC-SHA-1, key-id 1)" "$MS" \
	"show registrations" "any(.[]; .prefix == \"10.1.1.0/24\" and
	.site == \"s1\" and (has(\"iid\") | not) and .etr == \"127.0.0.1\" and
	.etr_port == $P_A and .forward_to == \"127.0.0.1\" and
	.forward_port == $P_A and (.proxy_reply | not) and .want_notify and
	.ttl_s == 86400 and [.rlocs[] | [.rloc, .priority, .weight]] ==
	[[\"127.0.0.1\", 1, 70], [\"203.0.113.7\", 1, 30]])" 50
jcheck "[7]10.2.2.0/24 registered to site s2 (HMAC-SHA-256, iid 7)" "$MS" \
	"show registrations" "any(.[]; .prefix == \"10.2.2.0/24\" and
	.iid == 7 and .site == \"s2\" and .etr_port == $P_B and
	.rlocs[0].rloc == \"198.51.100.2\" and .rlocs[0].priority == 2 and
	.forward_to == \"127.0.0.1\" and .forward_port == $P_B)" 50
out=$(LISPD_SOCK=$MS $LISPD show registrations 2>&1)
printf '%s\n' "$out" | grep -q "^10\.1\.1\.0/24 site s1 .* ttl 86400s forward " &&
	printf '%s\n' "$out" | grep -q "^    xtr-id .* ttl 86400s refreshed "
report $? "show registrations: TTLs in seconds, with their unit" "$out"
jcheck "sites list their keys, prefixes and registrations" "$MS" \
	"show sites" "[.[] | [.name, .keys, .registered]] ==
	[[\"s1\", [{key_id: 1, key_type: \"sha1\"}], 1],
	 [\"s2\", [{key_id: 0, key_type: \"sha256\"}], 2]] and
	.[1].prefixes[0] == {prefix: \"10.2.0.0/16\", iid: 7,
	accept_more_specifics: true, registered: 2}" 50
jcheck "ETR A: Map-Notify from the map-server verified" "$A" \
	"show map-servers" ".[0] | .address == \"127.0.0.1\" and
	.port == $P_MS and .key_type == \"sha1\" and .key_id == 1 and
	.registers_sent >= 1 and .notifies >= 1 and .last_notify_s != null and
	.notify_bad_auth == 0 and .notify_bad_nonce == 0" 50
jcheck "ETR A: entry acknowledged; L bit on the local RLOC only" "$A" \
	"show database" ".[0] | .prefix == \"10.1.1.0/24\" and
	.dev == \"lisp0\" and .kernel == \"off\" and .last_notify_s != null and
	[.rlocs[].local] == [true, false]"
jcheck "ETR B: Map-Notify verified (HMAC-SHA-256)" "$B" "show map-servers" \
	".[0].key_type == \"sha256\" and .[0].notifies >= 1" 50
jcheck "ETR B: entries carry the line's iid without the kernel" "$B" \
	"show database" "[.[].iid] == [7, 7]"

# --- the wrong key ---
jcheck "wrong key: Map-Register refused as bad-auth and counted" "$MS" \
	"show daemon-stats" ".map_register_rejected[\"bad-auth\"] == 1 and
	.map_server.registers >= 2" 50
jcheck "wrong key: no Map-Notify, counted as sent only" "$A" \
	"show map-servers" ".[1] | .address == \"127.0.0.2\" and
	.registers_sent >= 1 and .notifies == 0 and .last_notify_s == null"
grep -q "rejected: bad-auth (authentication failed)" "$tmp/ms.log"
report $? "the rejection is logged with its reason" "$(cat "$tmp/ms.log")"

# --- Map-Requests through the Map-Resolver, one RLOC-probe ---
$QUERY --timeout 2 "127.0.0.1:$P_MS,10.1.1.5" \
	"127.0.0.1:$P_MS,10.2.2.9,iid=7" "127.0.0.1:$P_MS,10.9.9.9" \
	"127.0.0.1:$P_MS,10.1.200.1" "127.0.0.1:$P_A,10.1.1.77,probe" \
	>"$tmp/replies" 2>&1
qcheck "ECM Map-Request for 10.1.1.5: ETR A answers, authoritative" 1 \
	"(.records | length) == 1 and (.probe | not) and (.records[0] |
	[.eid, .plen, .iid, .authoritative, .ttl] ==
	[\"10.1.1.0\", 24, null, true, 1440] and
	[.locators[] | [.addr, .priority, .weight, .reachable, .local]] ==
	[[\"127.0.0.1\", 1, 70, true, true],
	 [\"203.0.113.7\", 1, 30, true, false]])"
qcheck "ECM Map-Request for [7]10.2.2.9: ETR B's mapping" 2 \
	".records[0] | [.eid, .plen, .iid, .authoritative] ==
	[\"10.2.2.0\", 24, 7, true] and .locators[0].addr == \"198.51.100.2\""
qcheck "not an EID: negative, natively-forward, 15 minutes" 3 \
	".records[0] | .act == 1 and .ttl == 15 and .locators == [] and
	(.authoritative | not) and .plen <= 16"
qcheck "configured but unregistered EID: negative, 1 minute" 4 \
	".records[0] | .act == 1 and .ttl == 1 and .plen >= 16"
qcheck "RLOC-probe to ETR A: Map-Reply with the P bit, p on 127.0.0.1" 5 \
	".probe and .records[0].eid == \"10.1.1.0\" and
	[.records[0].locators[].probed] == [true, false]"
out=$($QUERY --timeout 0.5 "127.0.0.1:$P_A,10.7.7.7,probe" 2>&1)
[ "$(printf '%s' "$out" | jq -r '.error')" != null ]
report $? "RLOC-probe for an EID not in the database: no reply" "$out"

jcheck "ETR A counted its replies" "$A" "show daemon-stats" \
	".etr.map_replies == 1 and .etr.probe_replies == 1 and
	.etr.requests_not_ours == 1 and .received.ecm == 1 and
	.sent.map_reply == 2 and .sent.map_register >= 2 and
	.received.map_notify >= 1 and .roles.etr and (.roles.map_server | not)"
jcheck "the Map-Server forwarded twice, answered two negatively" "$MS" \
	"show daemon-stats" ".map_server.forwards == 2 and
	.map_server.negative_not_eid == 1 and
	.map_server.negative_unregistered == 1 and .sent.ecm == 2 and
	.received.ecm == 4 and .sent.map_reply == 2 and .roles.map_server and
	.roles.map_resolver"

# --- every listing answers; every -j output is one valid JSON document ---
bad=
for sock in "$MS" "$A" "$B"; do
	for what in sites registrations map-servers map-resolvers database \
		    daemon-stats; do
		f=$tmp/json.${sock##*/}.$what
		LISPD_SOCK=$sock $LISPD show $what -j >"$f" 2>&1 ||
			bad+="${sock##*/}: show $what -j; "
		LISPD_SOCK=$sock $LISPD show $what >/dev/null 2>&1 ||
			bad+="${sock##*/}: show $what; "
	done
done
LISPD_SOCK=$MS $LISPD show stats -j >"$tmp/json.stats" 2>/dev/null
bad+=$(python3 -c '
import json, sys
for f in sys.argv[1:]:
    try:
        json.load(open(f))
    except ValueError as e:
        print("%s: %s; " % (f.split("/")[-1], e), end="")' "$tmp"/json.*)
[ -z "$bad" ]
report $? "every show command answers, every -j is valid JSON" "$bad"
jq -e '.control_plane.received.map_register >= 2' "$tmp/json.stats" \
	>/dev/null 2>&1
report $? "show stats -j adds the daemon's counters" "$(cat "$tmp/json.stats")"
out=$($LISPD show sites -S "$MS" 2>&1)
printf '%s' "$out" | grep -q "^s1 prefixes 1 registered 1"
report $? "-S SOCKET on the command line" "$out"

# --- errors ---
out=$(LISPD_SOCK=$tmp/none.sock $LISPD show sites 2>&1)
rc=$?
[ $rc -eq 1 ] && printf '%s' "$out" | grep -q "cannot reach lispd at $tmp/none.sock: .* (is lispd run going?)"
report $? "no daemon: says so, exit 1" "rc $rc: $out"
printf 'control-port %s\n# fine\nsite add s1 key k key-type md5\n' "$P_MS" \
	>"$tmp/bad.conf"
out=$(timeout 5 "$LISPD" run -f "$tmp/bad.conf" -S "$tmp/bad.sock" \
	--no-kernel 2>&1)
rc=$?
[ $rc -eq 1 ] && [ ! -e "$tmp/bad.sock" ] &&
	[ "$out" = "lispd: $tmp/bad.conf:3: key-type \"md5\": expected sha1 or sha256" ]
report $? "a config error is refused as FILE:LINE: reason, exit 1" \
	"rc $rc: $out"
out=$(timeout 5 "$LISPD" run -f "$tmp/ms.conf" -S "$MS" --no-kernel 2>&1)
rc=$?
[ $rc -eq 1 ] && printf '%s' "$out" | grep -q "another lispd run" &&
	[ -S "$MS" ]
report $? "a second lispd on the same socket refuses to start" "rc $rc: $out"

cp "$tmp/ms.conf" "$tmp/ms.conf.good"
echo "site prefix s9 10.9.0.0/16" >>"$tmp/ms.conf"
out=$(LISPD_SOCK=$MS $LISPD reload 2>&1)
rc=$?
[ $rc -eq 1 ] && printf '%s' "$out" | grep -q "ms.conf:9: site \"s9\" is not defined" &&
	printf '%s' "$out" | grep -q "unchanged"
report $? "bad reload: FILE:LINE error, exit 1" "rc $rc: $out"
jcheck "bad reload: configuration and registrations kept" "$MS" \
	"show registrations" "[.[].prefix] | sort ==
	[\"10.1.1.0/24\", \"10.2.2.0/24\", \"10.2.9.0/24\"]"

age=$(LISPD_SOCK=$MS $LISPD show registrations -j | jq '[.[].age_s] | min')
sleep 1.1
cp "$tmp/ms.conf.good" "$tmp/ms.conf"
cat >>"$tmp/ms.conf" <<EOF
site add s3 key third
site prefix s3 10.3.0.0/16
site prefix s3 2001:db8:3::/48
EOF
kill -HUP "$pid_ms"
jcheck "SIGHUP reload: site s3 added" "$MS" "show sites" \
	"[.[].name] == [\"s1\", \"s2\", \"s3\"] and
	(.[2].prefixes | length) == 2" 30
jcheck "... registrations of unchanged sites survive (same age)" "$MS" \
	"show registrations" "length == 3 and ([.[].age_s] | min) > $age"
out=$(LISPD_SOCK=$MS $LISPD reload 2>&1)
rc=$?
[ $rc -eq 0 ] && printf '%s' "$out" | grep -q "3 sites (0 added, 0 removed, 0 changed)"
report $? "reload of an unchanged file changes nothing" "rc $rc: $out"

# ETR A: another wrong key -> map-servers changed -> registers at once.
sed -i 's/wrong-secret/wrong-secret-2/' "$tmp/etr_a.conf"
out=$(LISPD_SOCK=$A $LISPD reload 2>&1)
rc=$?
[ $rc -eq 0 ] && printf '%s' "$out" | grep -q "2 map-servers (changed)"
report $? "ETR reload with a changed map-server" "rc $rc: $out"
jcheck "... registers at once; the refusal is counted again" "$MS" \
	"show daemon-stats" ".map_register_rejected[\"bad-auth\"] == 2" 50
jcheck "... the good map-server's counters survive the reload" "$A" \
	"show map-servers" ".[0].registers_sent >= 2 and .[0].notifies >= 2" 50
c=$(grep -c "rejected: bad-auth" "$tmp/ms.log")
[ "$c" -eq 1 ]
report $? "rejections are logged once per source" "$c lines"

# ETR B: drop one database entry -> withdrawn (TTL 0) from the MS.
sed -i '/10.2.9.0/d' "$tmp/etr_b.conf"
out=$(LISPD_SOCK=$B $LISPD reload 2>&1)
rc=$?
[ $rc -eq 0 ] && printf '%s' "$out" | grep -q "1 entry (0 added, 1 removed, 0 changed)"
report $? "ETR reload with a database entry removed" "rc $rc: $out"
jcheck "... the Map-Server drops its registration" "$MS" \
	"show registrations" "[.[].prefix] | sort ==
	[\"10.1.1.0/24\", \"10.2.2.0/24\"]" 50
jcheck "... and ETR B took every Map-Notify (withdrawal's too)" "$B" \
	"show map-servers" ".[0].notifies == 3 and .[0].notify_bad_nonce == 0 and
	.[0].notify_bad_auth == 0 and .[0].registers_sent == 3" 50

# --- SIGTERM ---
for name in etr_a etr_b ms; do
	stop $name
	rc=$?
	[ $rc -eq 0 ] && [ ! -e "$tmp/$name.sock" ] &&
		grep -q "Terminated: exiting" "$tmp/$name.log"
	report $? "$name: SIGTERM exits 0 and removes its socket" \
		"rc $rc; $(tail -n 3 "$tmp/$name.log")"
done

# --- what tshark makes of the capture ---
if ! capture_stop; then
	skip "tshark decodes the exchange" "no capture on lo (dumpcap)"
	finish
fi
TS=(tshark -n -r "$tmp/cap.pcapng" -d "udp.port==$P_MS,lisp"
	-d "udp.port==$P_A,lisp" -d "udp.port==$P_B,lisp")
bad=$("${TS[@]}" -Y '_ws.malformed || _ws.expert.severity >= error' 2>&1 |
	grep -v '^Running as user')
[ -z "$bad" ]
report $? "tshark: no malformed packet, no expert error" "$bad"
# One line per frame: the outer message's fields first (occurrence=f),
# then every value of the record fields.
"${TS[@]}" -T fields -E separator=/t -E aggregator=, -E occurrence=f \
	-e lisp.type -e udp.srcport -e lisp.mreg.flags.pmr \
	-e lisp.mreg.flags.wmn -e lisp.keyid -e lisp.authlen \
	-e lisp.mrep.flags.probe -e lisp.lcaf.iid -e lisp.mapping.ttl \
	-e lisp.mapping.auth >"$tmp/fields.tsv" 2>/dev/null
count() {		# count AWK-CONDITION: frames that match
	awk -F'\t' -v A="$P_A" -v B="$P_B" "{ type = \$1; port = \$2;
		pmr = \$3; wmn = \$4; keyid = \$5; authlen = \$6; probe = \$7;
		iid = \$8; ttl = \$9; auth = \$10 }
		$1 { n++ } END { print n + 0 }" "$tmp/fields.tsv"
}
regs=$(count 'type == 3')
nots=$(count 'type == 4')
ecms=$(count 'type == 8')
reps=$(count 'type == 2')
[ "$regs" -ge 7 ] && [ "$nots" -ge 5 ] && [ "$ecms" -eq 6 ] &&
	[ "$reps" -eq 5 ]
report $? "tshark: Map-Registers, Map-Notifies, ECMs, Map-Replies" \
	"$regs registers, $nots notifies, $ecms ECMs, $reps replies"
c=$(count 'type == 3 && (pmr != 0 || wmn != 1)')
[ "$c" -eq 0 ]
report $? "tshark: Map-Registers without P, with M" "$c bad"
c=$(count 'type == 3 && port == B && iid == 7 && keyid == "0x0002"')
[ "$c" -ge 2 ]
report $? "tshark: ETR B registers [7]EIDs with HMAC-SHA-256" "$c"
c=$(count 'type == 3 && port == A && keyid == "0x0101" && authlen == 20')
[ "$c" -ge 4 ]
report $? "tshark: ETR A registers with key-id 1 HMAC-SHA-1" "$c"
c=$(count 'type == 3 && port == B && ttl == 0')
[ "$c" -eq 1 ]
report $? "tshark: the removed entry was withdrawn with TTL 0" "$c"
c=$(count 'type == 2 && port == A && auth == 1')
p=$(count 'type == 2 && port == A && probe == 1')
[ "$c" -eq 2 ] && [ "$p" -eq 1 ]
report $? "tshark: ETR Map-Replies authoritative, one with the P bit" \
	"$c authoritative, $p probe replies"
finish
