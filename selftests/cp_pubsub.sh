#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Publish/subscribe (RFC 9437, issue 12 item 3) at the ITR, on the
# demo's network (lib_cp.sh): xtr1 has "itr subscribe on".
#   - h1 pings h2: xtr1's Map-Request for 10.2.0.10 subscribes (I, its
#     xTR-ID, N); ms answers with a Map-Notify that xtr1 installs and
#     acks; "show subscriptions" lists 10.2.0.0/24;
#   - xtr2 is reloaded with its RLOC at priority 3: ms publishes, xtr1's
#     kernel entry has priority 3 within 1 s of xtr2's Map-Register on
#     the wire (xtr1's Map-Notify-Ack leaves after the kernel took it),
#     and xtr1 sent no Map-Request meanwhile but those xtr2's SMRs ask
#     for (issue 12: an ETR whose database changes solicits the ITRs
#     that asked it or probe it, subscribed or not);
#   - forged publications spoofed from ms (another key, unsigned), with
#     nonces ahead of the last, change nothing and are counted;
#   - xtr2 withdraws 10.2.0.0/24: xtr1's entry loses its locator (it
#     goes; or, when xtr2's SMR reached xtr1 first, the Map-Request it
#     asked for brings the negative answer);
#   - tshark decodes it all (N bit, Map-Notifies with xtr1's xTR-ID,
#     Map-Notify-Acks) without a malformed packet.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
ksft_header
for c in jq python3 tshark tcpdump; do
	command -v $c >/dev/null || ksft_skip "$c not installed"
done

X1=192.0.2.1 X2=192.0.2.2 ATT=192.0.2.66
ATTACK=(python3 -S "$(cd "$(dirname "$0")" && pwd)/tools/lisp_attack.py")
CAP=$CP_DIR/pubsub.pcap

now_ms() { echo $(($(date +%s%N) / 1000000)); }
T_START=$(now_ms)

# xtr1's kernel entry for h2: "RLOC PRIORITY" sorted, or "none".
entry() {
	local j
	j=$(ip netns exec xtr1 lispd map-cache show dev lisp0 $H2 -j 2>/dev/null)
	jq -r 'if length == 0 then "none" else
		[.[0].rlocs[] | "\(.rloc) \(.priority)"] | sort | join(",") end' \
		<<<"${j:-[]}"
}

# wait_entry WANT MAX_MS: poll until entry says WANT; 1 after MAX_MS.
wait_entry() {
	local t0
	t0=$(now_ms)
	until [ "$(entry)" = "$1" ]; do
		[ $(($(now_ms) - t0)) -gt "$2" ] && return 1
		sleep 0.05
	done
}

ps1() {		# ps1 KEY: xtr1's itr_pubsub counter
	cp_ctl xtr1 show daemon-stats -j | jq ".itr_pubsub.$1"
}

check "topology" cp_setup
sed -i '1i itr subscribe on' "$CP_DIR/xtr1.conf"
ip netns exec core tcpdump --immediate-mode -U -q -n -i br0 -w "$CAP" \
	udp port 4342 2>"$CP_DIR/tcpdump.err" &
tcpd=$!
check "lispd running, both sites registered" cp_start
XTR1_ID=$(cp_ctl xtr1 show daemon-stats -j | jq -r .xtr_id)

check "site 1 -> site 2: resolved" ip netns exec h1 ping -c 1 -W 5 $H2
for _ in $(seq 50); do
	[ "$(cp_ctl xtr1 show subscriptions -j | jq '.subscriptions | length')" = 1 ] && break
	sleep 0.1
done
subs=$(cp_ctl xtr1 show subscriptions -j)
echo "# xtr1 show subscriptions: $subs"
check_eq "xtr1 subscribed to 10.2.0.0/24 at ms" "true 10.2.0.0/24 $MS lisp0" \
	"$(jq -r '"\(.subscribe) \(.subscriptions[0].eid) \(.subscriptions[0].map_server) \(.subscriptions[0].dev)"' <<<"$subs")"
check_eq "xtr1's entry from ms's Map-Notify: $X2 priority 1" "$X2 1" "$(entry)"
for _ in $(seq 50); do
	[ "$(cp_ctl ms show daemon-stats -j | jq .pubsub.acks)" -ge 1 ] && break
	sleep 0.1
done
read -r m_subs m_acks <<<"$(cp_ctl ms show daemon-stats -j |
	jq -r '"\(.pubsub.subscriptions) \(.pubsub.acks)"')"
echo "# ms: $m_subs subscribed, $m_acks acks; xtr1: $(ps1 subscriptions) subscriptions, $(ps1 acks_sent) acks sent"
check "ms: 1 subscriber, its Map-Notify acked; xtr1: 1 subscription, acked" \
	test "$m_subs" = 1 -a "$m_acks" -ge 1 -a "$(ps1 subscriptions)" = 1 \
	-a "$(ps1 acks_sent)" -ge 1

# xtr1's ECMs sent and SMRs received: "ECMS SMRS".
ecm_smr() {
	cp_ctl xtr1 show daemon-stats -j | jq -r '"\(.sent.ecm) \(.etr.smr_received)"'
}

# A change at site 2: xtr2's RLOC at priority 3.
read -r req0 smr0 <<<"$(ecm_smr)"
pub0=$(ps1 publications_accepted)
sed -i "s|10.2.0.0/24 rloc $X2 priority 1|10.2.0.0/24 rloc $X2 priority 3|" \
	"$CP_DIR/xtr2.conf"
t_reload=$(now_ms)
check "xtr2 reloaded" cp_ctl xtr2 reload
wait_entry "$X2 3" 5000
rc=$?
seen_ms=$(($(now_ms) - t_reload))
check "xtr1's kernel entry: $X2 priority 3 (seen ${seen_ms} ms after the reload command)" \
	test $rc -eq 0
read -r req smr <<<"$(ecm_smr)"
echo "# xtr1 meanwhile: $((req - req0)) Map-Requests, $((smr - smr0)) SMRs from xtr2"
check_eq "one publication taken, acked" "$((pub0 + 1))" "$(ps1 publications_accepted)"
check "... no Map-Request from xtr1 but for xtr2's SMRs" \
	test $((req - req0)) -le $((smr - smr0))

# Forged publications for 10.2.0.0/24 -> $ATT, spoofed from ms, nonces
# ahead of the last taken: with another key, and unsigned.
last=$(cp_ctl xtr1 show subscriptions -j | jq -r '.subscriptions[0].nonce')
auth0=$(ps1 refused_auth) pub0=$(ps1 publications_accepted)
out1=$(ip netns exec pxtr "${ATTACK[@]}" forge-notify --to $X1 --src $MS \
	--prefix 10.2.0.0/24 --rloc $ATT --xtr-id "$XTR1_ID" \
	--nonce $((last + 1)) --key not-s1-secret --count 10)
out2=$(ip netns exec pxtr "${ATTACK[@]}" forge-notify --to $X1 --src $MS \
	--prefix 10.2.0.0/24 --rloc $ATT --xtr-id "$XTR1_ID" \
	--nonce $((last + 100)) --count 10)
echo "# forge-notify: $out1 $out2"
for _ in $(seq 30); do
	[ "$(ps1 refused_auth)" -ge $((auth0 + 20)) ] && break
	sleep 0.1
done
check_eq "20 forged publications refused (refused_auth), none taken" \
	"$((auth0 + 20)) $pub0" "$(ps1 refused_auth) $(ps1 publications_accepted)"
check_eq "xtr1's kernel entry unchanged" "$X2 3" "$(entry)"

# Site 2 withdraws 10.2.0.0/24.
sed -i "/10.2.0.0\/24/d" "$CP_DIR/xtr2.conf"
check "xtr2 reloaded without 10.2.0.0/24" cp_ctl xtr2 reload
t0=$(now_ms)
until [ "$(entry)" = none ] || [ -z "$(entry)" ]; do
	[ $(($(now_ms) - t0)) -gt 5000 ] && break
	sleep 0.05
done
echo "# xtr1's entry: $(ip netns exec xtr1 lispd map-cache show dev lisp0 $H2 -j)"
check "the withdrawal: xtr1's entry has no locator left" \
	test "$(entry)" = none -o -z "$(entry)"
check_eq "counted: 1 withdrawal" 1 "$(ps1 withdrawals)"

sleep 0.3
kill $tcpd 2>/dev/null
wait $tcpd 2>/dev/null
# One pass (tshark takes long to start in a TCG guest); every
# occurrence, so an ECM's fields are "outer,inner".
tshark -n -r "$CAP" -T fields -E separator=/t -E occurrence=a \
	-e frame.time_epoch -e ip.src -e ip.dst -e lisp.type \
	-e lisp.mreq.record.res -e lisp.mnot.flags.xtrid -e lisp.xtrid \
	-e _ws.malformed -e _ws.expert.severity \
	>"$CP_DIR/frames.tsv" 2>"$CP_DIR/tshark.err"
check "tshark reads the capture ($(wc -l <"$CP_DIR/frames.tsv") frames)" \
	test -s "$CP_DIR/frames.tsv"
# Expert severity "error" is 0x00800000.
bad=$(awk -F'\t' '$8 != "" || $9 >= 8388608' "$CP_DIR/frames.tsv" | head -3)
check_eq "tshark: no malformed packet, no expert error" "" "$bad"
read -r subs nots acks <<<"$(awk -F'\t' -v x1="$X1" -v ms="$MS" -v id="$XTR1_ID" '
	{ split($2, src, ","); split($3, dst, ",") }
	src[1] == x1 && $4 == "8,1" && $5 == "0x80" { s++ }
	src[1] == ms && dst[1] == x1 && $4 == 4 && $6 == 1 && $7 == id { n++ }
	src[1] == x1 && dst[1] == ms && $4 == 5 { a++ }
	END { print s + 0, n + 0, a + 0 }' "$CP_DIR/frames.tsv")"
echo "# tshark: $subs subscriptions, $nots Map-Notifies to xtr1 (20 forged), $acks acks"
check "tshark: a subscription (ECM, N bit), Map-Notifies with xtr1's xTR-ID (3 + 20 forged), 3 acks" \
	test "$subs" -ge 1 -a "$nots" -ge 23 -a "$acks" -ge 3

# On the wire (kernel timestamps): xtr2's Map-Register after the
# reload to xtr1's ack of the publication, which leaves after the
# kernel took the new entry.
res=$(awk -F'\t' -v t0="$t_reload" -v x1="$X1" -v x2="$X2" -v ms="$MS" '
	{ t = $1 * 1000 } t < t0 - 2000 { next }
	$2 == x2 && $3 == ms && $4 == 3 && !reg { reg = t }
	reg && $2 == x1 && $3 == ms && $4 == 5 { printf "%d\n", t - reg; exit }' \
	"$CP_DIR/frames.tsv")
echo "# xtr2's Map-Register to xtr1's ack of the publication: ${res:-?} ms (guest time)"
check "the publication reached xtr1's kernel within 1 s of the registration (${res:-?} ms)" \
	test -n "$res" -a "${res:-9999}" -le 1000

grep -h "Map-Notify\|subscrib" "$CP_DIR/xtr1.log" | head -5 | sed 's/^/# /'
echo "# cp_pubsub.sh: $((($(now_ms) - T_START) / 1000)) s (guest time)"
cp_stop
ksft_finish
