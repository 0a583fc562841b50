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
#     refused as FILE:LINE with the kernel.
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

finish
