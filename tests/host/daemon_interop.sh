#!/bin/bash
# "lispd run" against what another LISP implementation sends and
# expects (issue 14, item 5: no interop traps), on 127.0.0.1 without
# the kernel module:
#
#   - an xTR that calls HMAC-SHA-1 "key-id 1" (RFC 6830's 16-bit Key ID
#     1, which RFC 9301 reads as Key ID 0, Algorithm ID 1) registers to
#     a site configured "key-id 1": refused, and the Map-Server's log
#     line, at the default log level, says what was received against
#     what the site has, once per source; configured as "key-id 0
#     key-type sha1", it is taken;
#   - a Map-Notify with another key-id/algorithm is refused by the ETR
#     with the same kind of line;
#   - "database add" lines without "dev" run with --no-kernel, and are
#     refused as FILE:LINE with the kernel;
#   - a database entry of instance-id 0 is registered and answered with
#     the plain EID (which other Map-Servers expect), or with
#     "iid0-encoding lcaf" in an Instance-ID LCAF of IID 0; a Map-Notify
#     or Map-Request with either form is taken as that entry's; tshark
#     decodes both forms.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

P_MS=$(free_port) P_A=$(free_port) P_FAKE=$(free_port)
WIRE="python3 $PWD/tests/host/lisp_wire_send.py"

# --- key-id and key-type as another implementation says them ---
# No log-level line: the refusal must show at the default level.
cat >"$tmp/ms.conf" <<EOF
control-port $P_MS
site add s1 key password key-id 1
site prefix s1 10.1.0.0/16 accept-more-specifics
EOF
start ms
report $? "Map-Server starts" "$(cat "$tmp/ms.log")"
MS=$tmp/ms.sock

# What Open Overlay Router sends for "key-type 1" (see
# tests/vectors/README.md): Key ID 0, Algorithm ID 1 (HMAC-SHA-1-96).
for src in 127.0.0.1 127.0.0.1 127.0.0.1 127.0.0.2; do
	$WIRE register --to "127.0.0.1:$P_MS" --from "$src" --key password \
		--key-id 0 --alg 1 --eid 10.1.1.0/24 --rloc 127.0.0.1 \
		>>"$tmp/wire.log" 2>&1
done
jcheck "key-id 0 sha1 against a site's key-id 1: refused as bad-auth" \
	"$MS" "show daemon-stats" ".map_register_rejected[\"bad-auth\"] == 4" 50
want="rejected: bad-auth (authentication failed): site s1, received key-id 0 key-type sha1, configured key-id 1 key-type sha256"
grep "^lispd\[warn\]: Map-Register from 127\.0\.0\.1 port [0-9]* " \
	"$tmp/ms.log" | grep -qF -- "$want"
report $? "the refusal says what was received against what is configured" \
	"$(cat "$tmp/ms.log" "$tmp/wire.log")"
[ "$(grep -c "Map-Register from 127\.0\.0\.1 port .* rejected" "$tmp/ms.log")" = 1 ] &&
	[ "$(grep -c "Map-Register from 127\.0\.0\.2 port .* rejected" "$tmp/ms.log")" = 1 ]
report $? "rate-limited: one line per source for three refusals" \
	"$(cat "$tmp/ms.log")"

# The same key-id and algorithm, another secret.
sed -i 's/key password key-id 1/key password key-id 0 key-type sha1/' \
	"$tmp/ms.conf"
out=$(LISPD_SOCK=$MS $LISPD reload 2>&1)
report $? "reload: site s1 as key-id 0 key-type sha1" "$out"
$WIRE register --to "127.0.0.1:$P_MS" --from 127.0.0.3 --key wrong \
	--key-id 0 --alg 1 --eid 10.1.1.0/24 --rloc 127.0.0.1 \
	>>"$tmp/wire.log" 2>&1
for _ in $(seq 30); do
	grep -q "from 127\.0\.0\.3 .*rejected" "$tmp/ms.log" && break
	sleep 0.1
done
grep -q "Map-Register from 127\.0\.0\.3 port [0-9]* rejected: bad-auth (authentication failed): site s1, the HMAC does not verify with the configured key-id 0 key-type sha1" \
	"$tmp/ms.log"
report $? "a wrong secret is told from a wrong key-id or key-type" \
	"$(cat "$tmp/ms.log")"
$WIRE register --to "127.0.0.1:$P_MS" --from 127.0.0.1 --key password \
	--key-id 0 --alg 1 --eid 10.1.1.0/24 --rloc 127.0.0.1 \
	>>"$tmp/wire.log" 2>&1
jcheck "configured as key-id 0 key-type sha1: the same Map-Register is taken" \
	"$MS" "show registrations" "any(.[]; .prefix == \"10.1.1.0/24\" and
	.site == \"s1\")" 50
stop ms

# --- a Map-Notify with another key ---
cat >"$tmp/etr.conf" <<EOF
control-port $P_A
map-server add 127.0.0.1 key password key-type sha1 port $P_FAKE
database add dev lisp0 10.1.1.0/24 rloc 127.0.0.1
EOF
start etr
report $? "ETR starts" "$(cat "$tmp/etr.log")"
A=$tmp/etr.sock
for _ in 1 2 3; do
	$WIRE notify --to "127.0.0.1:$P_A" --from 127.0.0.1 --key password \
		--key-id 1 --alg 2 --eid 10.1.1.0/24 --rloc 127.0.0.1 \
		>>"$tmp/wire.log" 2>&1
done
jcheck "ETR: Map-Notify with key-id 1 sha256 refused, counted" "$A" \
	"show map-servers" ".[0].notify_bad_auth == 3 and .[0].notifies == 0" 50
grep -q "lispd\[warn\]: Map-Notify from map-server 127\.0\.0\.1 dropped: bad authentication: received key-id 1 key-type sha256, configured key-id 0 key-type sha1$" \
	"$tmp/etr.log"
report $? "ETR: the refusal says what was received against what is configured" \
	"$(cat "$tmp/etr.log" "$tmp/wire.log")"
[ "$(grep -c "Map-Notify from map-server 127\.0\.0\.1 dropped" "$tmp/etr.log")" = 1 ]
report $? "ETR: logged once for three" "$(cat "$tmp/etr.log")"
stop etr

# --- database lines without dev: --no-kernel only ---
sed -i 's/^database add dev lisp0 /database add /' "$tmp/etr.conf"
start etr
report $? "ETR starts with --no-kernel and a database line without dev" \
	"$(cat "$tmp/etr.log")"
jcheck "ETR: an entry without dev is shown with dev null" "$A" \
	"show etr" ".[0] | .dev == null and .prefix == \"10.1.1.0/24\" and
	.usable and .kernel == \"off\""
stop etr
out=$(timeout 5 "$LISPD" run -f "$tmp/etr.conf" -S "$tmp/k.sock" 2>&1)
rc=$?
[ $rc -eq 1 ] && [ ! -e "$tmp/k.sock" ] &&
	[ "$out" = "lispd: $tmp/etr.conf:3: database entry 10.1.1.0/24 has no \"dev DEV\": the kernel needs the lisp device of its EIDs (lispd run --no-kernel runs the control plane alone)" ]
report $? "with the kernel, a database line without dev is refused as FILE:LINE" \
	"rc $rc: $out"

# --- instance-id 0: the plain AFI, unless iid0-encoding lcaf ---
# C and D register to a lispd Map-Server (which takes either form), E and
# F to a stand-in for another implementation that logs what it got and
# echoes the records in the other form in its Map-Notify.
P_MS2=$(free_port) P_C=$(free_port) P_D=$(free_port) P_E=$(free_port)
P_F=$(free_port) P_FL=$(free_port) P_FP=$(free_port)
capture_start "$P_MS2" "$P_C" "$P_D"
$WIRE ms --listen "127.0.0.1:$P_FL" --key k5 --notify-iid 0 \
	--log "$tmp/fake_lcaf.log" 2>"$tmp/fake_lcaf.err" &
pids+=($!)
$WIRE ms --listen "127.0.0.1:$P_FP" --key k6 --log "$tmp/fake_plain.log" \
	2>"$tmp/fake_plain.err" &
pids+=($!)
for _ in $(seq 100); do		# Python starts slowly on a loaded host
	[ -n "$(ss -Hlun "sport = :$P_FL")" ] &&
		[ -n "$(ss -Hlun "sport = :$P_FP")" ] && break
	sleep 0.1
done
cat >"$tmp/ms2.conf" <<EOF
control-port $P_MS2
site add s3 key k3
site prefix s3 10.3.0.0/16 accept-more-specifics
site add s4 key k4
site prefix s4 10.4.0.0/16 iid 0 accept-more-specifics
EOF
etr_conf() {		# etr_conf NAME PORT KEY MS-PORT PREFIX [GLOBAL-LINE]
	{
		[ -n "${6:-}" ] && echo "$6"
		echo "control-port $2"
		echo "register-period 2"
		echo "map-server add 127.0.0.1 key $3 port $4"
		echo "database add dev lisp0 $5 iid 0 rloc 127.0.0.1"
	} >"$tmp/$1.conf"
}
etr_conf c "$P_C" k3 "$P_MS2" 10.3.1.0/24
etr_conf d "$P_D" k4 "$P_MS2" 10.4.1.0/24 "iid0-encoding lcaf"
etr_conf e "$P_E" k5 "$P_FL" 10.5.1.0/24
etr_conf f "$P_F" k6 "$P_FP" 10.6.1.0/24 "iid0-encoding lcaf"
ok=0
for n in ms2 c d e f; do
	start $n || ok=1
done
report $ok "a Map-Server and four ETRs with iid 0 entries start" \
	"$(cat "$tmp"/{ms2,c,d,e,f}.log)"

jcheck "ETR C (default): registered as the plain EID, no iid" \
	"$tmp/ms2.sock" "show registrations" "any(.[];
	.prefix == \"10.3.1.0/24\" and (has(\"iid\") | not))" 50
jcheck "ETR C: the Map-Notify acknowledges the entry" "$tmp/c.sock" \
	"show etr" ".[0] | .iid == 0 and .last_notify_s != null" 50
jcheck "ETR D (iid0-encoding lcaf): registered in an LCAF of IID 0" \
	"$tmp/ms2.sock" "show registrations" "any(.[];
	.prefix == \"10.4.1.0/24\" and .iid == 0)" 50
jcheck "ETR D: acknowledged" "$tmp/d.sock" "show etr" \
	".[0].last_notify_s != null" 50
for _ in $(seq 50); do
	[ -s "$tmp/fake_lcaf.log" ] && [ -s "$tmp/fake_plain.log" ] && break
	sleep 0.1
done
[ "$(head -n 1 "$tmp/fake_lcaf.log" | jq -c '[.records[] | [.eid, .plen, .iid]]')" = '[["10.5.1.0",24,null]]' ]
report $? "ETR E (default): another implementation gets the plain AFI" \
	"$(cat "$tmp/fake_lcaf.log" "$tmp/fake_lcaf.err")"
jcheck "ETR E: a Map-Notify with the EID in an LCAF of IID 0 acknowledges it" \
	"$tmp/e.sock" "show etr" ".[0].last_notify_s != null" 50
[ "$(head -n 1 "$tmp/fake_plain.log" | jq -c '[.records[] | .iid]')" = '[0]' ]
report $? "ETR F (iid0-encoding lcaf): an LCAF of IID 0 on the wire" \
	"$(cat "$tmp/fake_plain.log" "$tmp/fake_plain.err")"
jcheck "ETR F: a Map-Notify with the plain EID acknowledges it" \
	"$tmp/f.sock" "show etr" ".[0].last_notify_s != null" 50

# Map-Requests in either form are answered; the answer has the ETR's.
$QUERY --timeout 2 "127.0.0.1:$P_C,10.3.1.5,probe" \
	"127.0.0.1:$P_C,10.3.1.5,iid=0,probe" \
	"127.0.0.1:$P_D,10.4.1.5,probe" "127.0.0.1:$P_D,10.4.1.5,iid=0,probe" \
	>"$tmp/replies" 2>&1
qcheck "ETR C, plain request: a plain EID in the Map-Reply" 1 \
	".records[0] | .eid == \"10.3.1.0\" and .iid == null"
qcheck "ETR C, request in an LCAF of IID 0: answered, plain" 2 \
	".records[0] | .eid == \"10.3.1.0\" and .iid == null"
qcheck "ETR D, plain request: answered in an LCAF of IID 0" 3 \
	".records[0] | .eid == \"10.4.1.0\" and .iid == 0"
qcheck "ETR D, request in an LCAF of IID 0: the same" 4 \
	".records[0] | .eid == \"10.4.1.0\" and .iid == 0"

if capture_stop; then
	TS=(tshark -n -r "$tmp/cap.pcapng" -d "udp.port==$P_MS2,lisp"
		-d "udp.port==$P_C,lisp" -d "udp.port==$P_D,lisp")
	bad=$("${TS[@]}" -Y '_ws.malformed || _ws.expert.severity >= error' \
		2>&1 | grep -v '^Running as user')
	[ -z "$bad" ]
	report $? "tshark: no malformed packet, no expert error" "$bad"
	c=$("${TS[@]}" -Y "lisp.type == 3 && udp.srcport == $P_C &&
		lisp.mapping.eid.afi == 1 && lisp.mapping.eid.ipv4 == 10.3.1.0 &&
		!lisp.lcaf.iid" 2>/dev/null | wc -l)
	[ "$c" -ge 1 ]
	report $? "tshark: ETR C's Map-Register carries the plain IPv4 EID" \
		"$c frames"
	c=$("${TS[@]}" -Y "lisp.type == 2 && udp.srcport == $P_C &&
		lisp.mapping.eid.afi == 1 && !lisp.lcaf.iid" 2>/dev/null | wc -l)
	[ "$c" -eq 2 ]
	report $? "tshark: so do ETR C's Map-Replies" "$c frames"
	c=$("${TS[@]}" -Y "lisp.type == 3 && udp.srcport == $P_D &&
		lisp.lcaf.iid == 0 && lisp.lcaf.iid.ipv4 == 10.4.1.0" \
		2>/dev/null | wc -l)
	[ "$c" -ge 1 ]
	report $? "tshark: ETR D's Map-Register has an LCAF of IID 0" \
		"$c frames"
else
	skip "tshark decodes the exchange" "no capture on lo (dumpcap)"
fi

finish
