#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An attacker on the underlay of the demo network (lib_cp.sh), issue 11:
# host "att" (192.0.2.66) on the LAN the Map-Server and the xTRs share,
# and "vic" (192.0.2.77), a host it wants to drown in replies.  While
# the attacker listens, the LAN floods every frame to every port (a hub:
# learning off on the bridge), so it sees the others' control traffic.
# tools/lisp_attack.py crafts every packet (tools/lispwire.py encodes).
#
#  1. It captures Map-Registers of xtr2 (one a TTL-0 withdrawal, made by
#     taking 10.2.0.0/24 out of xtr2's database for a moment) and replays
#     them from its own address: the registration keeps xtr2 as the ETR
#     (Map-Requests go to xtr2, not to the attacker), the TTL-0 copy
#     deletes nothing, site 1 still reaches site 2, and every replay is
#     counted ($REPLAY_COUNTER_JQ in the Map-Server's daemon-stats).
#  2. Forged Map-Replies to xtr1: random nonces (0.0.0.0/1, 0.0.0.0/0 TTL
#     0, site 2's prefix TTL 0 and to the attacker), then, with the nonce
#     of a real Map-Request seen on the wire (the Map-Server is stopped
#     for that moment so that the forgery arrives first), 0.0.0.0/1 and
#     0.0.0.0/0 TTL 0: the map-cache does not change; all are counted.
#  3. Solicit-Map-Requests to xtr1 at full speed, from one spoofed
#     source (xtr2's RLOC; rate-limit smr) and from random ones
#     (rate-limit smr-all): rate-limited and counted, xtr1 asks the
#     mapping system at most once a second for the prefix, keeps its
#     map-cache and keeps forwarding.
#  4. A flood of ECM Map-Requests from random sources to the Map-Server
#     whose ITR-RLOC is vic: vic gets at most the "rate-limit requests"
#     burst and rate, no reply longer than reply-ratio times its
#     request; the flood is counted; site 1 keeps reaching site 2.
#  5. With site 1's key (a compromised site), a more specific covering
#     site 2's prefix, site 2's prefix itself and a part of it: refused
#     and counted; a prefix of site 1's own is accepted (the control).
# The Map-Server's and xtr1's CPU time and RSS are printed around the
# floods; the Map-Server's RSS may grow by at most $RSS_MAX_KIB.
# (Helpers that run through check and until_true look unused to it:)
# shellcheck disable=SC2317
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
ksft_header
command -v jq >/dev/null || ksft_skip "jq not installed"
command -v python3 >/dev/null || ksft_skip "python3 not installed"

# The key of daemon-stats -j that counts replayed Map-Registers (none
# exists yet: this check fails until anti-replay is in).
REPLAY_COUNTER_JQ=${REPLAY_COUNTER_JQ:-'.map_register_rejected.replayed'}
# The flood brings 10,000 requests from as many sources.  What lispd
# keeps per source is bounded: the token-bucket tables, 3 x 4096 entries
# of 40 bytes (480 KiB, calloc'ed, paged in as sources fill them; 0.5 to
# 0.7 MiB of growth measured).  2 MiB is that and malloc's slack; state
# of more than 210 bytes per source would exceed it on its own.
RSS_MAX_KIB=2048
FLOOD=10000
RL_RATE=50 RL_BURST=100		# rate-limit requests, on the Map-Server
SMR_RATE=1 SMR_BURST=5		# rate-limit smr, on xtr1 (the defaults)
SMR_ALL_RATE=10 SMR_ALL_BURST=20	# rate-limit smr-all (the defaults)
RATIO=4				# map-server reply-ratio (the default)
ATT=192.0.2.66 VIC=192.0.2.77 X1=192.0.2.1 X2=192.0.2.2
ATTACK=(python3 -S "$(cd "$(dirname "$0")" && pwd)/tools/lisp_attack.py")

att() { ip netns exec att "${ATTACK[@]}" "$@"; }
# dstat NS JQ: a value of the daemon-stats of NS's lispd (-1: none).
dstat() { cp_ctl "$1" show daemon-stats -j | jq "$2 // -1"; }
ms_stat() { dstat ms "$1"; }
x1_stat() { dstat xtr1 "$1"; }
# settle NS JQ: wait (at most 10 s) until that value stops moving; print it.
settle() {
	local v w i
	v=$(dstat "$1" "$2")
	for ((i = 0; i < 20; i++)); do
		nap 0.5
		w=$(dstat "$1" "$2")
		[ "$w" = "$v" ] && break
		v=$w
	done
	echo "$v"
}
phase() { echo "# ---- $* (at $(( $EPOCHSECONDS - t_start )) s)"; }
# Site 2's IPv4 registration: ETR, RLOCs.
reg2() {
	cp_ctl ms show registrations -j |
		jq -c '[.[] | select(.prefix == "10.2.0.0/24") |
			{etr, rlocs: [.rlocs[].rloc]}]'
}
# xtr1's map-cache, without the counters.
mcache() {
	ip netns exec xtr1 lispd show map-cache -j |
		jq -c '[.[].entries[] | {eid, action, ttl_s,
			rlocs: [.rlocs[] | .rloc]}] | sort_by(.eid)'
}
# The locators in xtr1's lig for h2, or what lig said.
lig2() {
	local out
	out=$(ip netns exec xtr1 lispd lig $H2 to $MS count 2 timeout 1 -j 2>&1)
	jq -ce '[.records[0].locators[].locator]' <<<"$out" 2>/dev/null ||
		echo "$out"
}
reg2_is_xtr2() { [ "$(reg2)" = "[{\"etr\":\"$X2\",\"rlocs\":[\"$X2\"]}]" ]; }
site2_registers() {
	cp_ctl ms show sites -j | jq '.[] | select(.name == "site2") | .stats.registers'
}
registers_above() { [ "$(site2_registers)" -gt "$1" ]; }
# reach: site 1 reaches site 2 after resolving it afresh.
reach() {
	ip netns exec xtr1 lispd map-cache flush dev lisp0
	nap 1.1		# one Map-Request per second per EID
	ip netns exec h1 ping -c 1 -W 4 "$H2"
}
# hub on|off: the underlay floods every frame to every port, or learns.
hub() {
	local p learn=on
	[ "$1" = on ] && learn=off
	{
		for p in ms pxtr xtr1 xtr2 att vic; do
			echo "link set dev $p type bridge_slave learning $learn"
		done
		[ "$1" = on ] && echo "link set dev br0 type bridge fdb_flush"
	} | ip -n core -batch -
}
pid_of() {
	local p
	for p in $(ip netns pids "$1"); do
		[ "$(cat /proc/"$p"/comm 2>/dev/null)" = lispd ] && echo "$p" && return
	done
}
# usage PID: "CPU-ms RSS-KiB" of a process.
usage() {
	local hz
	hz=$(getconf CLK_TCK)
	echo "$(awk -v hz="$hz" '{ print int(($14 + $15) * 1000 / hz) }' \
		/proc/"$1"/stat) $(awk '/^VmRSS/ { print $2 }' /proc/"$1"/status)"
}
# until_true SECONDS CMD...: poll CMD until it succeeds, for so long.
until_true() {
	local end=$(($EPOCHSECONDS + $1))
	shift
	while ! "$@"; do
		[ "$EPOCHSECONDS" -lt $end ] || return 1
		nap 0.2
	done
}

t_start=$EPOCHSECONDS
check "topology" cp_setup
netns_q att vic
cp_link_q att $ATT
cp_link_q vic $VIC
ipq_run
# Spoofed sources must reach the daemons: no reverse-path filter.
for ns in ms xtr1; do
	ip netns exec $ns sysctl -qw net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.ul.rp_filter=0
done
cat >>"$CP_DIR/ms.conf" <<CONF
# Site 1 may register more specifics of 10/8 (site 2's 10.2.0.0/24 is in it).
site prefix site1 10.0.0.0/8 accept-more-specifics
rate-limit requests $RL_RATE $RL_BURST
map-server reply-ratio $RATIO
CONF
echo "rate-limit smr $SMR_RATE $SMR_BURST" >>"$CP_DIR/xtr1.conf"
# No proxy ETR for xtr1: what it cannot resolve it cannot send, so a
# hijacked or deleted mapping shows in its forwarding.
sed -i '/^petr set/d' "$CP_DIR/xtr1.conf"
check "lispd running, both sites registered" cp_start
check "site 1 -> site 2" ip netns exec h1 ping -c 1 -W 4 $H2
check "site 2 -> site 1" ip netns exec h2 ping -c 1 -W 4 $H1
check_eq "site 2 registered by xtr2" "[{\"etr\":\"$X2\",\"rlocs\":[\"$X2\"]}]" "$(reg2)"

phase "1. replayed Map-Registers"
hub on
rm -f "$CP_DIR/cap.ready"
att capture --iface ul --src $X2 --dst $MS --type register --count 4 \
	--timeout 20 --ready "$CP_DIR/cap.ready" >"$CP_DIR/cap.json" &
cap=$!
wait_file "$CP_DIR/cap.ready" ready
cp "$CP_DIR/xtr2.conf" "$CP_DIR/xtr2.conf.orig"
cp_ctl xtr2 reload >/dev/null				# R1: both prefixes
sed -i '/ 10\.2\.0\.0\/24 /d' "$CP_DIR/xtr2.conf"
cp_ctl xtr2 reload >/dev/null				# R0 (TTL 0), R2
cp "$CP_DIR/xtr2.conf.orig" "$CP_DIR/xtr2.conf"
cp_ctl xtr2 reload >/dev/null				# R3: both again
wait $cap
hub off
jq -c 'del(.hex)' "$CP_DIR/cap.json" | sed 's/^/# captured: /'
old=$(jq -r 'select(.records | length == 2) | .hex' "$CP_DIR/cap.json" | head -n 1)
new=$(jq -r 'select(.records | length == 2) | .hex' "$CP_DIR/cap.json" | tail -n 1)
ttl0=$(jq -r 'select(any(.records[]; .ttl == 0)) | .hex' "$CP_DIR/cap.json" | head -n 1)
check "captured xtr2's Map-Registers, a TTL-0 one among them" \
	test -n "$old" -a -n "$ttl0" -a "$old" != "$new"
until_true 10 reg2_is_xtr2
fail0=$tap_failed
rep0=$(ms_stat "$REPLAY_COUNTER_JQ")
reg0=$(site2_registers)

out=$(att replay --bind $ATT --to $MS --hex "$old" "$new" --query $H2)
echo "# replay of an old and the latest Map-Register: $out"
check_eq "replayed registrations: Map-Requests for $H2 are not forwarded to the attacker" \
	0 "$(jq .forwarded_to_us <<<"$out")"
check_eq "... the attacker's query is answered with xtr2's RLOC" "[\"$X2\"]" \
	"$(jq -c '.replies[0].records[0].rlocs' <<<"$out")"
check_eq "... no Map-Notify to the attacker" 0 "$(jq .notifies <<<"$out")"
check_eq "... the registration still names xtr2" \
	"[{\"etr\":\"$X2\",\"rlocs\":[\"$X2\"]}]" "$(reg2)"
check_eq "... xtr1's lig gets xtr2's RLOC" "[\"$X2\"]" "$(lig2)"
check "... site 1 -> site 2 resolved afresh" reach

out=$(att replay --bind $ATT --to $MS --hex "$ttl0" --query $H2)
echo "# replay of the TTL-0 Map-Register: $out"
check_eq "replayed TTL 0: the registration stays" \
	"[{\"etr\":\"$X2\",\"rlocs\":[\"$X2\"]}]" "$(reg2)"
check_eq "... Map-Requests are answered with xtr2's RLOC" "[\"$X2\"]" \
	"$(jq -c '.replies[0].records[0].rlocs' <<<"$out")"
check "... site 1 -> site 2 resolved afresh" reach
rep1=$(ms_stat "$REPLAY_COUNTER_JQ")
echo "# $REPLAY_COUNTER_JQ: $rep0 -> $rep1"
check "the 3 replays are counted ($REPLAY_COUNTER_JQ)" \
	test "$rep0" -ge 0 -a "$rep1" -ge $((rep0 + 3))
cp_ctl xtr2 reload >/dev/null
check "xtr2's next Map-Register is still accepted" until_true 10 registers_above "$reg0"
# Where a replay took the EID, put it back and start xtr1's resolver
# afresh (it holds a failed EID down for 30 s), so that the attacks
# below are checked on their own.
if [ "$tap_failed" -gt "$fail0" ]; then
	until_true 10 reg2_is_xtr2
	ip netns pids xtr1 | xargs -r kill
	nap 0.5
	rm -f "$CP_DIR/xtr1.sock"
	cp_lispd xtr1
	echo "# (xtr1's lispd restarted after the failures above)"
fi

phase "2. forged Map-Replies"
check "site 1 -> site 2 resolved afresh" reach
mc0=$(mcache)
echo "# xtr1's map-cache: $mc0"
check "xtr1 maps 10.2.0.0/24 to xtr2" jq -e "any(.[]; .eid == \"10.2.0.0/24\" and
	.rlocs == [\"$X2\"])" <<<"$mc0"
u0=$(x1_stat .itr_map_reply.unknown_nonce)
out=$(att forge-replies --to $X1 --src $X2 --prefix 10.2.0.0/24 --rloc $ATT --count 100)
echo "# $out"
settle xtr1 .received.map_reply >/dev/null
check_eq "100 Map-Replies with random nonces: xtr1's map-cache unchanged" \
	"$mc0" "$(mcache)"
check_eq "... all counted as unknown_nonce" 100 \
	$(( $(x1_stat .itr_map_reply.unknown_nonce) - u0 ))

tw0=$(x1_stat .itr_map_reply.too_wide)
mspid=$(pid_of ms)
hub on
rm -f "$CP_DIR/race.ready"
att race --iface ul --itr $X1 --ms $MS --src $X2 --rloc $ATT --timeout 10 \
	--ready "$CP_DIR/race.ready" >"$CP_DIR/race.json" &
race=$!
wait_file "$CP_DIR/race.ready" ready
kill -STOP "$mspid"		# the forgery arrives first
ip netns exec xtr1 lispd map-cache del dev lisp0 10.2.0.0/24
nap 1.1		# one Map-Request per second per EID
ip netns exec h1 ping -c 1 -W 1 $H2 >/dev/null
wait $race
kill -CONT "$mspid"
hub off
out=$(cat "$CP_DIR/race.json")
echo "# forged with a seen nonce: $out"
check "the attacker answered xtr1's own Map-Request for $H2" \
	jq -e ".sent == 2 and (.eids | index(\"$H2/32\"))" <<<"$out"
check_eq "... 0.0.0.0/1 and 0.0.0.0/0 TTL 0 refused as too wide" 2 \
	$(( $(x1_stat .itr_map_reply.too_wide) - tw0 ))
check "site 1 -> site 2 once the Map-Server answers" \
	ip netns exec h1 ping -c 2 -i 0.5 -W 4 $H2
check_eq "xtr1's map-cache as before the forgeries" "$mc0" "$(mcache)"

phase "3. Solicit-Map-Requests"
SMR_EIDS=10.2.0.10,10.2.0.11,10.2.0.12,10.2.0.13
x1pid=$(pid_of xtr1)
read -r xcpu0 xrss0 <<<"$(usage "$x1pid")"
st=$(cp_ctl xtr1 show daemon-stats -j)
# Map-Requests received, less xtr2's RLOC-probes (probing is on): SMRs.
SMR_RX_JQ='.received.map_request - .etr.probe_replies'
read -r acted0 limited0 rx0 ecm0 <<<"$(jq -r "[.etr.smr_received,
	.abuse.smr_rate_limited, $SMR_RX_JQ, .sent.ecm] | @tsv" <<<"$st")"
t0=${EPOCHREALTIME/./}000
out=$(att smr --to $X1 --src $X2 --eid $SMR_EIDS --count 200)
echo "# SMRs from $X2: $out"
settle xtr1 .received.map_request >/dev/null
secs=$(( (${EPOCHREALTIME/./}000 - t0) / 1000000000 + 1 ))
st=$(cp_ctl xtr1 show daemon-stats -j)
read -r acted limited rx <<<"$(jq -r "[.etr.smr_received - $acted0,
	.abuse.smr_rate_limited - $limited0, $SMR_RX_JQ - $rx0] | @tsv" <<<"$st")"
echo "# received $rx, acted on $acted, rate-limited $limited in ${secs} s"
check "200 SMRs from one source: at most $SMR_BURST + $SMR_RATE/s acted on ($acted)" \
	test "$acted" -le $((SMR_BURST + SMR_RATE * secs))
check "... the others counted as rate-limited ($limited of $rx)" \
	test "$rx" -ge 100 -a "$limited" -eq $((rx - acted))

acted0=$(jq .etr.smr_received <<<"$st")
rx0=$(jq "$SMR_RX_JQ" <<<"$st")
out=$(att smr --to $X1 --src random:198.18.0.0/15 --eid $SMR_EIDS --count 600)
echo "# SMRs from random sources: $out"
settle xtr1 .received.map_request >/dev/null
secs=$(( (${EPOCHREALTIME/./}000 - t0) / 1000000000 + 1 ))
read -r xcpu1 xrss1 <<<"$(usage "$x1pid")"
st=$(cp_ctl xtr1 show daemon-stats -j)
read -r acted rx ecm <<<"$(jq -r "[.etr.smr_received - $acted0,
	$SMR_RX_JQ - $rx0, .sent.ecm - $ecm0] | @tsv" <<<"$st")"
echo "# received $rx, acted on $acted; xtr1 sent $ecm Map-Requests in ${secs} s"
echo "# xtr1 lispd: CPU $((xcpu1 - xcpu0)) ms for the SMRs, RSS ${xrss0} -> ${xrss1} KiB"
# A bucket per source does not bound SMRs that each come from another
# (spoofed) source; their cost (kernel lookups for every record) is
# bounded by the bucket for all sources (rate-limit smr-all).
check "600 SMRs from 600 sources: at most $SMR_ALL_BURST + $SMR_ALL_RATE/s acted on ($acted of $rx)" \
	test "$rx" -ge 300 -a "$acted" -le $((SMR_ALL_BURST + SMR_ALL_RATE * secs))
check "... the others counted as smr_rate_limited_all" \
	test "$(jq .abuse.smr_rate_limited_all <<<"$st")" -ge $((rx - acted - SMR_BURST))
check "xtr1 asked the Map-Resolver at most once a second ($ecm in ${secs} s)" \
	test "$ecm" -le $((secs + 1))
check_eq "xtr1's map-cache unchanged by SMRs" "$mc0" "$(mcache)"
check "site 1 -> site 2 after the SMRs" ip netns exec h1 ping -c 2 -i 0.3 -W 4 $H2

phase "4. Map-Request flood from spoofed sources, replies aimed at vic"
read -r cpu0 rss0 <<<"$(usage "$mspid")"
FLOOD_JQ='[.received.ecm, .abuse.rate_limited_source + .abuse.rate_limited_itr_rloc] | @tsv'
read -r ecm_in0 lim0 <<<"$(cp_ctl ms show daemon-stats -j | jq -r "$FLOOD_JQ")"
rm -f "$CP_DIR/sink.ready" "$CP_DIR/sink.stop"
ip netns exec vic "${ATTACK[@]}" sink --port 4342 --seconds 60 --stop "$CP_DIR/sink.stop" \
	--ready "$CP_DIR/sink.ready" >"$CP_DIR/sink.json" &
sink=$!
wait_file "$CP_DIR/sink.ready" ready
ip netns exec h1 ping -c 20 -i 0.2 -W 2 $H2 >"$CP_DIR/ping.txt" 2>&1 &
ping=$!
ip netns exec xtr1 lispd lig $H2 to $MS count 3 timeout 1 -j >"$CP_DIR/lig.json" 2>&1 &
lig=$!
t0=${EPOCHREALTIME/./}000
out=$(att flood --to $MS --src random:198.18.0.0/15 --itr-rloc $VIC \
	--eids 10.2.0.0/24,10.200.0.0/16 --count $FLOOD --port 4342)
echo "# flood: $out"
wait $ping $lig
nap 1
touch "$CP_DIR/sink.stop"
wait $sink
secs=$(( (${EPOCHREALTIME/./}000 - t0) / 1000000000 + 1 ))
read -r cpu1 rss1 <<<"$(usage "$mspid")"
sink_out=$(cat "$CP_DIR/sink.json")
echo "# vic received: $sink_out"
read -r ecm_in lim <<<"$(cp_ctl ms show daemon-stats -j | jq -r "$FLOOD_JQ")"
ecm_in=$((ecm_in - ecm_in0)) lim=$((lim - lim0))
got=$(jq .packets <<<"$sink_out")
bound=$((RL_BURST + RL_RATE * secs))
echo "# Map-Server read $ecm_in of $FLOOD, rate-limited $lim, in ${secs} s"
echo "# Map-Server lispd: CPU $((cpu1 - cpu0)) ms for the flood, RSS ${rss0} -> ${rss1} KiB"
echo "# during the flood: $(grep -E 'transmitted' "$CP_DIR/ping.txt")"
check "the flood reached the Map-Server ($ecm_in requests read)" \
	test "$ecm_in" -ge $((FLOOD / 4))
check "vic got at most $RL_BURST + $RL_RATE/s replies ($got, bound $bound)" \
	test "$got" -le "$bound"
check "... none longer than $RATIO times a request" \
	test "$(jq .max_bytes <<<"$sink_out")" -le \
	$((RATIO * $(jq .request_bytes <<<"$out")))
check "the rest counted as rate-limited ($lim)" test "$lim" -ge $((ecm_in - bound))
check "site 1 -> site 2 during the flood: at most 2 of 20 pings lost" \
	grep -Eq ' (18|19|20) received' "$CP_DIR/ping.txt"
check "xtr1's lig during the flood got xtr2's RLOC" \
	grep -q "\"$X2\"" "$CP_DIR/lig.json"
check "Map-Server RSS grew by less than $RSS_MAX_KIB KiB ($((rss1 - rss0)))" \
	test $((rss1 - rss0)) -lt $RSS_MAX_KIB

phase "5. a compromised site registers over another site"
kid=$(cp_ctl ms show sites -j | jq '.[] | select(.name == "site1") | .keys[0].key_id')
s1reg() {
	att register --bind $ATT --to $MS --key s1-secret --alg sha256 \
		--key-id "$kid" --rloc $ATT "$@"
}
rej() { ms_stat "[.map_register_rejected[]] | add"; }
out=$(s1reg --eid 10.1.5.0/24)
check "site 1's key, its own 10.1.5.0/24: accepted (Map-Notify)" \
	jq -e '.[0].notified' <<<"$out"
check_eq "... registered" 1 \
	"$(cp_ctl ms show registrations -j | jq '[.[] | select(.prefix == "10.1.5.0/24")] | length')"
cov0=$(ms_stat '.map_register_rejected["covers-other-site"]')
rej0=$(rej)
out=$(s1reg --eid 10.1.5.0/24@0 10.2.0.0/16 10.2.0.0/24 10.2.0.128/25)
echo "# $out"
check "... and withdrawn (TTL 0)" jq -e '.[0].notified' <<<"$out"
check "site 1's key, 10.2.0.0/16 over site 2's prefix: refused" \
	jq -e '.[1].notified == false' <<<"$out"
check_eq "... counted as covers-other-site" 1 \
	$(( $(ms_stat '.map_register_rejected["covers-other-site"]') - cov0 ))
check "site 1's key, site 2's 10.2.0.0/24: refused" \
	jq -e '.[2].notified == false' <<<"$out"
check "site 1's key, 10.2.0.128/25: refused" \
	jq -e '.[3].notified == false' <<<"$out"
check_eq "all three counted" 3 $(( $(rej) - rej0 ))
regs=$(cp_ctl ms show registrations -j)
echo "# registrations: $(jq -c '[.[] | {prefix, etr}]' <<<"$regs")"
check_eq "no registration names the attacker" 0 \
	"$(jq "[.[] | select(tostring | contains(\"$ATT\"))] | length" <<<"$regs")"
check_eq "site 2 still registered by xtr2" \
	"[{\"etr\":\"$X2\",\"rlocs\":[\"$X2\"]}]" "$(reg2)"
# After the flood and the registrations:
check "site 1 -> site 2 resolved afresh" reach
check "site 2 -> site 1" ip netns exec h2 ping -c 1 -W 4 $H1
check "xtr1's map-cache never names the attacker" \
	jq -e "tostring | contains(\"$ATT\") | not" <<<"$(mcache)"
echo "# $(( $EPOCHSECONDS - t_start )) s"

cp_stop
ksft_finish
