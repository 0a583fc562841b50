#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Churn under traffic.  Ping flows pinned to both CPUs (IPv4 and IPv6,
# h1 -> h2 and h2 -> h1, p1 -> p2) run through map-cache entries that are
# replaced, deleted, flushed and reloaded all along: by a lispd worker in
# each xTR, which also refuses batches part-way (a prefix twice in one
# request, an excl prefix that exists, the map-cache full, a bad entry,
# too many RLOCs), sets RLOCs down and up, PETRs and the database; and in
# p1 by tools/churn_batch.py "hammer", which sends such requests itself,
# hundreds of times faster.  A refused command must say why and leave the
# table as it was.  Meanwhile lisp0 of either xTR is deleted and
# re-created, and netns p2, whose lisp0 carries traffic, is deleted and
# built again.  Last, traffic still flowing, two netns with lisp devices
# are deleted and the module removed while devices remain.
#
#   h1 --- xtr1 ====== underlay ====== xtr2 --- h2      (lib_topo.sh)
#   p1 (EIDs on lo, lisp0) === p2 (EIDs on lo, lisp0)   203.0.113.0/24
#
# 30 s of churn, and longer until every kind of event has happened and
# each worker has done a whole round (a minute or more in a TCG VM; at
# most three times the churn time, and at least 3 minutes, in a VM too
# slow for that); LISP_SOAK=1: 15 minutes; LISP_SOAK_SECONDS=N: N s.

# The addresses one xTR's worker churns: T* the other site's prefixes
# (routed into lisp0, carrying the pings), H* host routes and S* more
# specifics over them, R* the other xTR's RLOCs, D*/L* its own site's
# database prefixes and RLOCs.
side_vars() {
	if [ "$1" = 1 ]; then
		T4=198.51.100.128/25 T6=2001:db8:2::/64
		H4=198.51.100.130/32 H6=2001:db8:2::10/128
		S4=198.51.100.128/26 S6=2001:db8:2::/96
		R4=192.0.2.2 R6=2001:db8:ff::2 X4=192.0.2.77 X6=2001:db8:ff::77
		D4=198.51.100.0/25 D6=2001:db8:1::/64 DS4=198.51.100.0/26
		L4=192.0.2.1 L6=2001:db8:ff::1
		BULK=1022
	else
		T4=198.51.100.0/25 T6=2001:db8:1::/64
		H4=198.51.100.10/32 H6=2001:db8:1::10/128
		S4=198.51.100.0/26 S6=2001:db8:1::/96
		R4=192.0.2.1 R6=2001:db8:ff::1 X4=192.0.2.78 X6=2001:db8:ff::78
		D4=198.51.100.128/25 D6=2001:db8:2::/64 DS4=198.51.100.128/26
		L4=192.0.2.2 L6=2001:db8:ff::2
		# Fewer than xtr1 has when its worker lowers map_cache_max.
		BULK=510
	fi
}

# ---------------------------------------------------------------------
# The worker: "fault_churn.sh --worker SIDE DIR", run by the test inside
# netns xtrSIDE until DIR/stop exists.  DIR/gen.SIDE is odd while the
# test deletes and re-creates that xTR's lisp0: a command that fails, or
# a comparison that differs, across such a change is not held against
# the kernel.  Counts go to DIR/stats.SIDE, reasons to DIR/notes.SIDE.

NORM='map({eid, action, ttl_s, rlocs: [.rlocs[] | {rloc, priority, weight, up}]}) | sort_by(.eid)'

note() {
	echo "$*" | head -c 600 >>"$notes"
	echo >>"$notes"
}

# timed VAR CMD...: run CMD (at most $T seconds), its output into VAR;
# its exit code.  Slow commands are noted.
timed() {
	local var=$1 t0=${EPOCHREALTIME/./} rc ms
	shift
	local o
	o=$(timeout -k 5 "$T" "$@" 2>&1)
	rc=$?
	printf -v "$var" '%s' "$o"
	ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	[ $ms -gt $slowest ] && slowest=$ms
	[ $ms -gt 10000 ] && note "slow (${ms} ms): $*"
	return $rc
}

# changed_since GEN: the device may have been replaced since GEN was read.
changed_since() {
	local g
	read -r g <"$gen"
	[ "$g" != "$1" ] || [ $(($1 % 2)) = 1 ] || [ "$gi" != "$1" ]
}

# op WANT CMD...: WANT "ok", or an ERE the refusal must match.
op() {
	local want=$1 out rc g0
	shift
	[ -e "$W/stop" ] && return 0
	read -r g0 <"$gen"
	ops=$((ops + 1))
	snap_of=""
	timed out "$@"
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		hangs=$((hangs + 1))
		note "hung (over ${T}s): $*"
		return 1
	fi
	if [ "$want" = ok ]; then
		[ $rc -eq 0 ] && return 0
	elif [ $rc -ne 0 ] && [[ $out =~ $want ]]; then
		refused=$((refused + 1))
		return 0
	fi
	if changed_since "$g0"; then
		tolerated=$((tolerated + 1))
		return 1
	fi
	unexpected=$((unexpected + 1))
	note "unexpected (exit $rc, wanted $want): $* -> $out"
	return 1
}

# snap VAR TABLE: the table (mc or db) without its counters, into VAR;
# the dump itself stays in $tmp.
snap() {
	local rc
	if [ "$2" = db ]; then
		timeout -k 5 "$T" lispd database show dev lisp0 -j >"$tmp" 2>/dev/null
	else
		timeout -k 5 "$T" lispd map-cache show dev lisp0 -j >"$tmp" 2>/dev/null
	fi
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		hangs=$((hangs + 1))
		note "hung (over ${T}s): lispd $2 show"
	fi
	printf -v "$1" '%s' "$(jq -c "$NORM" "$tmp" 2>/dev/null)"
}

# Around a refused batch: lower a module parameter to just what the
# batch needs to fail part-way, and put it back.  $before is the table.
hook_cap() {
	local n last
	if [ "$1" = pre ]; then
		[ -w "$P/map_cache_max" ] || return 1
		n=$(jq length <<<"$before")
		# Other devices must stay below the limit: xtr2 has < 900.
		[ "${n:-0}" -ge 1000 ] || return 1
		# A load that crossed a re-creation (tolerated) may have
		# left the batch's new prefixes in: replacing them adds
		# nothing, and nothing would be refused.
		last=$(tail -n 1 "$f.cap" | cut -d' ' -f1)
		jq -e --arg p "$last" 'any(.[]; .eid == $p)' <<<"$before" >/dev/null && return 1
		echo $((n + 40)) >"$P/map_cache_max"
	else
		echo "$cap_orig" >"$P/map_cache_max"
	fi
}

hook_rlocs() {
	if [ "$1" = pre ]; then
		[ -w "$P/rloc_max" ] || return 1
		echo 24 >"$P/rloc_max"
	else
		echo "$rlocs_orig" >"$P/rloc_max"
	fi
}

# refuse TABLE WANT CMD...: CMD must fail with an error matching WANT and
# leave TABLE (mc or db) exactly as it was.  $hook, if set, runs around.
# One refusal's "after" is the next one's "before" (dumps are slow here).
refuse() {
	local table=$1 want=$2 g0 before after out rc
	shift 2
	[ -e "$W/stop" ] && return 0
	read -r g0 <"$gen"
	if [ "$snap_of" = "$table" ]; then
		before=$last_snap
	else
		snap before "$table"
	fi
	snap_of=$table
	last_snap=$before
	if [ -n "$hook" ] && ! $hook pre; then
		skipped=$((skipped + 1))
		return
	fi
	ops=$((ops + 1))
	batches=$((batches + 1))
	timed out "$@"
	rc=$?
	[ -n "$hook" ] && $hook post
	snap after "$table"
	last_snap=$after
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		hangs=$((hangs + 1))
		note "hung (over ${T}s): $*"
		return
	fi
	if changed_since "$g0"; then
		tolerated=$((tolerated + 1))
		return
	fi
	if [ $rc -eq 0 ]; then
		unexpected=$((unexpected + 1))
		note "accepted, should be refused ($want): $* -> $out"
		return
	fi
	if [[ $out =~ $want ]]; then
		refused=$((refused + 1))
	else
		badmsg=$((badmsg + 1))
		note "refused without saying \"$want\": $* -> $out"
	fi
	if [ -z "$before" ] || [ "$before" != "$after" ]; then
		changed=$((changed + 1))
		note "refused but the $table changed ($(jq length <<<"$before") -> $(jq length <<<"$after") entries): $* -> $out"
		note "$(diff <(jq -c '.[]' <<<"$before") <(jq -c '.[]' <<<"$after") | head -n 6)"
	fi
}

# harvest KIND PREFIX...: packets counted in these entries (which the
# worker created a moment ago) before it replaces or deletes them.
harvest() {
	local kind=$1 sel="" p pk
	shift
	[ -e "$W/stop" ] && return 0
	for p in "$@"; do
		sel="$sel${sel:+ or }.eid == \"$p\""
	done
	[ "$snap_of" = mc ] ||
		timeout -k 5 "$T" lispd map-cache show dev lisp0 -j >"$tmp" 2>/dev/null
	pk=$(jq "[.[] | select($sel) | .packets] | add // 0" "$tmp" 2>/dev/null)
	pk=${pk:-0}
	eval "h_${kind}_n=\$((h_${kind}_n + 1)) h_${kind}_pk=\$((h_${kind}_pk + pk))"
	[ "$pk" -gt 0 ] && eval "h_${kind}_hit=\$((h_${kind}_hit + 1))"
}

churn_worker() {
	local s=$1 W=$2 f=$2/$1 it=0 v gi hook=""
	# A command that takes this long hangs (a loaded TCG guest can take
	# half a minute to start one).
	local P=/sys/module/lisp/parameters T=${LISP_CHURN_OP_TIMEOUT:-90}
	local gen=$W/gen.$1 notes=$W/notes.$1 tmp=$W/snap.$1
	local cap_orig rlocs_orig mc="lispd map-cache" snap_of="" last_snap=""
	read -r cap_orig <"$W/cap_orig"
	read -r rlocs_orig <"$W/rlocs_orig"
	ops=0 hangs=0 unexpected=0 tolerated=0 refused=0 batches=0
	changed=0 badmsg=0 skipped=0 slowest=0
	local t_it=$SECONDS longest=0
	h_t_n=0 h_t_hit=0 h_t_pk=0 h_h_n=0 h_h_hit=0 h_h_pk=0
	h_p_n=0 h_p_hit=0 h_p_pk=0
	side_vars "$s"
	local RL4=("rloc $R4" "rloc $R4 priority 1 weight 30 rloc $R6 priority 1 weight 70"
		"rloc $R6 rloc $R4 priority 2" "rloc $X4 priority 1 down rloc $R4 priority 2")
	local RL6=("rloc $R6" "rloc $R6 priority 1 weight 30 rloc $R4 priority 1 weight 70"
		"rloc $R4 rloc $R6 priority 2" "rloc $X6 priority 1 down rloc $R6 priority 2")
	local DB4=("rloc $L4 rloc $L6" "rloc $L4 priority 1 rloc $L6 priority 2 down"
		"rloc $L6 rloc $L4 weight 10" "rloc $L4")

	while [ ! -e "$W/stop" ]; do
		[ $it -gt 0 ] && [ $((SECONDS - t_it)) -gt $longest ] && longest=$((SECONDS - t_it))
		t_it=$SECONDS
		it=$((it + 1))
		v=$((it % 4))
		read -r gi <"$gen"
		echo "$it $ops" >"$W/progress.$s"
		# Replace the traffic's prefixes, alone and inside a batch.
		op ok $mc add dev lisp0 $T4 ${RL4[v]}
		op ok $mc add dev lisp0 $T6 ${RL6[v]}
		op ok $mc load dev lisp0 "$f.bulk$((it % 2))"

		# Batches refused part-way: the more-specific entries at their
		# head are published (and matched by the traffic) until the
		# kernel reaches the bad one and takes them back.  (Batches
		# with excl: the hammer in p1.)
		refuse mc "listed twice in one request" $mc load dev lisp0 "$f.dup"
		refuse mc "needs a locator|locator listed twice" \
			$mc load dev lisp0 "$f.parse$((it % 2))"
		if [ "$s" = 1 ]; then
			hook=hook_cap refuse mc "map-cache is full" $mc load dev lisp0 "$f.cap"
			hook=hook_rlocs refuse mc "too many distinct RLOCs" \
				$mc load dev lisp0 "$f.rlocs"
		fi
		refuse mc "already in the map-cache" $mc add dev lisp0 "$T4" rloc "$R4" excl
		harvest t "$T4" "$T6"
		[ -e "$W/stop" ] && break
		op "not in the map-cache" $mc del dev lisp0 10.$((170 + s)).0.0/16
		op "no map-cache entry or PETR uses this RLOC" \
			lispd rloc dev lisp0 192.0.2.222 down

		# Host routes over the traffic prefixes; an RLOC down, up.
		op ok $mc load dev lisp0 "$f.host"
		op ok lispd rloc dev lisp0 "$R4" down
		sleep 0.2
		op ok lispd rloc dev lisp0 "$R4" up
		harvest h "$H4" "$H6"
		op ok $mc del dev lisp0 "$H4"
		op ok $mc del dev lisp0 "$H6"
		[ -e "$W/stop" ] && break

		# PETRs: a use-petr entry, and no entry at all.
		op ok lispd petr set dev lisp0 "$R4" "$R6" priority 2
		op ok $mc add dev lisp0 "$T4" action use-petr
		op ok $mc del dev lisp0 "$T6"
		sleep 0.2
		harvest p "$T4"
		op ok $mc add dev lisp0 $T6 ${RL6[v]}
		case $v in
		1) op ok $mc add dev lisp0 "$T4" action drop ;;
		2) op ok $mc add dev lisp0 "$T4" action native-forward ;;
		3) op ok $mc add dev lisp0 "$T4" action send-map-request ;;
		esac
		op ok $mc add dev lisp0 $T4 ${RL4[v]}
		[ $((it % 2)) = 0 ] && op ok lispd petr flush dev lisp0

		# The database: replaced alone and in a batch; a refused batch.
		op ok lispd database add dev lisp0 $D4 ${DB4[v]}
		op ok lispd database load dev lisp0 "$f.db"
		refuse db "listed twice in one request" lispd database load dev lisp0 "$f.dbfail"
		if [ $((it % 3)) = 0 ]; then
			op ok lispd database del dev lisp0 "$D6"
			op ok lispd database add dev lisp0 "$D6" rloc "$L4" rloc "$L6"
		fi

		# Delete, or flush everything, and map the traffic again.
		if [ $((it % 3)) = 0 ]; then
			op ok $mc flush dev lisp0
			op ok $mc load dev lisp0 "$f.traffic"
		else
			op ok $mc del dev lisp0 "$T4"
			op ok $mc add dev lisp0 $T4 ${RL4[v]}
		fi
	done
	[ $((SECONDS - t_it)) -gt $longest ] && longest=$((SECONDS - t_it))
	cat >"$W/stats.$s" <<-EOF
	iterations=$it
	longest=$longest
	slowest=$slowest
	ops=$ops
	hangs=$hangs
	unexpected=$unexpected
	tolerated=$tolerated
	refused=$refused
	batches=$batches
	changed=$changed
	badmsg=$badmsg
	skipped=$skipped
	h_t_n=$h_t_n
	h_t_hit=$h_t_hit
	h_t_pk=$h_t_pk
	h_h_n=$h_h_n
	h_h_hit=$h_h_hit
	h_h_pk=$h_h_pk
	h_p_n=$h_p_n
	h_p_hit=$h_p_hit
	h_p_pk=$h_p_pk
	EOF
}

if [ "$1" = --worker ]; then
	churn_worker "$2" "$3"
	exit 0
fi

# ---------------------------------------------------------------------
# The test.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

command -v python3 >/dev/null || ksft_skip "python3 not installed"
self=$(realpath "$0")
if [ -n "${LISP_SOAK_SECONDS:-}" ]; then
	secs=$LISP_SOAK_SECONDS
elif [ "${LISP_SOAK:-0}" = 1 ]; then
	secs=900
else
	# Short: the run goes on until every check has something to
	# check (the loop below); the soak is the long run.
	secs=30
fi
# Events (a lisp0 deleted and re-created, p2 deleted or rebuilt) every
# ev_int seconds: one every 5 s in the default run, every 30 s in a soak.
ev_int=$((secs / 6))
[ $ev_int -gt 30 ] && ev_int=30
[ $ev_int -lt 5 ] && ev_int=5
ival=${LISP_CHURN_PING_INTERVAL:-0.005}
W=$(mktemp -d /tmp/churn.XXXXXX)
P=/sys/module/lisp/parameters
workers=()
pings=()
cap_orig=""
rlocs_orig=""

churn_cleanup() {
	local p
	touch "$W/stop"
	for p in "${workers[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${pings[@]}"; do
		kill -INT "$p" 2>/dev/null
	done
	if [ -d $P ]; then
		[ -n "$cap_orig" ] && echo "$cap_orig" >$P/map_cache_max
		[ -n "$rlocs_orig" ] && [ -w $P/rloc_max ] && echo "$rlocs_orig" >$P/rloc_max
	fi
	ksft_cleanup
	rm -rf "$W"
}
trap churn_cleanup EXIT

# xtr_dev SIDE: lisp0 of xtrSIDE as topo_setup makes it, with the mapping
# of the other site (outer IPv4).  Few programs: they start slowly here.
xtr_dev() {
	local f=$W/$1
	timeout 30 ip -n "xtr$1" -batch "$f.ip" &&
	timeout 30 ip netns exec "xtr$1" sh -c "lispd database load dev lisp0 $f.xdb &&
		lispd map-cache load dev lisp0 $f.xmc" >/dev/null
}

# pN's lo (its EIDs), its end of the link and its lisp0 (underlay
# 203.0.113.N), with routes and mappings to the other p's EIDs; batched,
# as programs start slowly here.
p_files() {
	local n=$1 m=$((3 - $1))
	printf '%s\n' "addr add 10.20$n.0.1/32 dev lo" "addr add fd00:20$n::1/128 dev lo nodad" \
		>"$W/p$n.lo"
	printf '%s\n' "addr add 203.0.113.$n/24 dev pu$n" "link set pu$n up" >"$W/p$n.link"
	printf '%s\n' "link add lisp0 type lisp local 203.0.113.$n" "link set lisp0 up" \
		"route add 10.20$m.0.0/24 dev lisp0 src 10.20$n.0.1" \
		"route add fd00:20$m::/64 dev lisp0 src fd00:20$n::1" >"$W/p$n.dev"
	printf '%s\n' "10.20$n.0.0/24 rloc 203.0.113.$n" "fd00:20$n::/64 rloc 203.0.113.$n" >"$W/p$n.db"
	printf '%s\n' "10.20$m.0.0/24 rloc 203.0.113.$m" "fd00:20$m::/64 rloc 203.0.113.$m" >"$W/p$n.mc"
}

p_ns() {
	netns_new "p$1" &&
	ip netns exec "p$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 &&
	ip -n "p$1" -batch "$W/p$1.lo"
}

p_dev() {
	timeout 30 ip -n "p$1" -batch "$W/p$1.dev" &&
	timeout 30 ip netns exec "p$1" sh -c "lispd database load dev lisp0 $W/p$1.db &&
		lispd map-cache load dev lisp0 $W/p$1.mc" >/dev/null
}

# p2_build: netns p2 (again), its link to p1 and its lisp0.
p2_build() {
	p_ns 2 &&
	ip link add pu1 netns p1 type veth peer name pu2 netns p2 &&
	ip -n p1 -batch "$W/p1.link" &&
	ip -n p2 -batch "$W/p2.link" &&
	p_dev 2
}

setup() {
	topo_setup || return 1
	topo_map 4 || return 1
	p_files 1 && p_files 2 && p_ns 1 && p_dev 1 && p2_build
}
setup
ksft_result $? "topology: h1 - xtr1 - xtr2 - h2, p1 - p2"
echo "# [${SECONDS}s] topology ready"
cap_orig=$(cat $P/map_cache_max)
rlocs_orig=$(cat $P/rloc_max 2>/dev/null)
echo "$cap_orig" >"$W/cap_orig"
echo "$rlocs_orig" >"$W/rlocs_orig"
check "ping h1 -> h2 (IPv4, IPv6) before the churn" sh -c \
	"ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_4 && ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_6"
check "ping p1 -> p2 through their lisp0 before the churn" \
	ip netns exec p1 ping -c 2 -i 0.2 -W 2 -I 10.201.0.1 10.202.0.1

# The batch files of each worker (DIR/SIDE.*), lispd load format.
gen_files() {
	local s=$1 f=$W/$1 k
	side_vars "$s"
	for k in 0 1; do
		awk -v s="$s" -v n="$BULK" -v k=$k -v r4="$R4" -v r6="$R6" 'BEGIN {
			l4 = "rloc " r4; l6 = "rloc " r6
			if (k) {
				l4 = l4 " priority 2 weight 10 rloc " r6 " priority 1 weight 90"
				l6 = l6 " priority 2 weight 10 rloc " r4 " priority 1 weight 90"
			}
			for (i = 0; i < n; i++)
				if (i % 2)
					printf "2001:db8:%x:%x::/64 %s\n", 256 * s + 16, int(i / 2), l6
				else
					printf "10.%d.%d.0/24 %s\n", 100 + 10 * s + int(i / 512), int(i / 2) % 256, l4
		}' >"$f.bulk$k"
		printf '%s rloc %s rloc %s priority 2\n' "$T4" "$R4" "$R6" >>"$f.bulk$k"
		printf '%s rloc %s rloc %s priority %d\n' "$T6" "$R6" "$R4" $((k + 1)) >>"$f.bulk$k"
	done
	# new N: N prefixes no other file has.
	new() { awk -v s="$s" -v n="$1" -v r4="$R4" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "10.%d.%d.%d/32 rloc %s\n", 150 + s, int(i / 256), i % 256, r4 }'; }
	{
		echo "$H4 rloc $R4 rloc $R6 priority 2"
		echo "$H6 rloc $R6 rloc $R4 priority 2"
		echo "$S4 rloc $R4"
		echo "$S6 rloc $R6"
		head -n 300 "$f.bulk1"
		new 100
		new 1
	} >"$f.dup"
	for k in 0 1; do
		{
			echo "$S4 rloc $R4"
			echo "$S6 rloc $R6"
			new 300
			if [ $k = 0 ]; then
				echo "10.$((150 + s)).255.0/24"
			else
				echo "10.$((150 + s)).254.0/24 rloc $R4 rloc $R4"
			fi
		} >"$f.parse$k"
	done
	{
		echo "$H4 rloc $R6"
		echo "$H6 rloc $R4"
		echo "$S4 rloc $R4"
		echo "$S6 rloc $R6"
		new 200
	} >"$f.cap"
	printf '%s\n' "$H4 rloc $R4 rloc $R6 priority 2" "$H6 rloc $R6 rloc $R4 priority 2" >"$f.host"
	printf '%s\n' "$T4 rloc $R4 rloc $R6 priority 2" "$T6 rloc $R6 rloc $R4 priority 2" >"$f.traffic"
	{
		echo "$S4 rloc $R4"
		awk -v s="$s" 'BEGIN { for (i = 0; i < 60; i++)
			printf "10.%d.250.%d/32 rloc 192.0.2.%d\n", 150 + s, i, 100 + i }'
	} >"$f.rlocs"
	{
		echo "$D4 rloc $L4 rloc $L6"
		echo "$D6 rloc $L4 rloc $L6"
		echo "$DS4 rloc $L4"
	} >"$f.db"
	printf '%s\n' "link add lisp0 type lisp local $L4" "link set lisp0 up" \
		"route add $T4 dev lisp0" "route add $T6 dev lisp0" >"$f.ip"
	printf '%s\n' "$D4 rloc $L4 rloc $L6" "$D6 rloc $L4 rloc $L6" >"$f.xdb"
	printf '%s\n' "$T4 rloc $R4" "$T6 rloc $R4" >"$f.xmc"
	{
		echo "$D4 rloc $L6 rloc $L4"
		echo "$D6 rloc $L6"
		awk -v s="$s" -v l4="$L4" 'BEGIN { for (i = 0; i < 50; i++)
			printf "10.%d.0.%d/32 rloc %s\n", 160 + s, i, l4 }'
		echo "$D4 rloc $L4"
	} >"$f.dbfail"
}
gen_files 1
gen_files 2
for s in 1 2; do
	echo 0 >"$W/gen.$s"
	echo "0 0" >"$W/progress.$s"
done
echo 0 >"$W/gen.p1"

# Traffic: four flows between h1 and h2 and two between p1 and p2, half
# of them pinned to each CPU (the encapsulation runs where they are sent),
# niced so that a slow VM still runs the churn.
ping_flow() {	# CPU NETNS NAME PING-ARGS...
	local cpu=$1 ns=$2 name=$3
	shift 3
	# Not -w: that ends ping at the first ICMP error.
	taskset -c "$cpu" nice -n 10 ip netns exec "$ns" ping -q -n -i "$ival" \
		-c $(((3 * secs + 900) * 200)) "$@" >"$W/ping.$name" 2>/dev/null &
	pings+=($!)
	flows+=("$name")
}
flows=()
ping_flow 0 h1 "h1->h2-v4" "$EID2_4"
ping_flow 1 h1 "h1->h2-v6" -s 1000 "$EID2_6"
ping_flow 1 h2 "h2->h1-v4" -s 1000 "$EID1_4"
ping_flow 0 h2 "h2->h1-v6" "$EID1_6"
ping_flow 0 p1 "p1->p2-v4" -I 10.201.0.1 10.202.0.1
ping_flow 1 p1 "p1->p2-v6" -I fd00:201::1 fd00:202::1

# tx NETNS: "IFINDEX TX_PACKETS RX_PACKETS" of its lisp0 (one program).
tx() {
	local out a i t=0 r=0
	out=$(ip -n "$1" -s -o link show lisp0 2>/dev/null) || return 0
	read -ra a <<<"${out//\\/ }"
	for ((i = 0; i < ${#a[@]}; i++)); do
		case ${a[i]} in
		RX:) r=${a[i + 8]} ;;
		TX:) t=${a[i + 8]} ;;
		esac
	done
	echo "${out%%:*} $t $r"
}

# wait_traffic NETNS: its lisp0 sends and receives (20 s at most).
wait_traffic() {
	local i a
	for i in $(seq 40); do
		read -r _ t r <<<"$(tx "$1")"
		[ "${t:-0}" -gt 0 ] && [ "${r:-0}" -gt 0 ] && return 0
		sleep 0.5
	done
	echo "# $1: lisp0 carries no traffic after 20 s: $(tx "$1")"
	return 1
}

# bump_gen NAME: the next generation, written whole (rename).
bump_gen() {
	local g
	read -r g <"$W/gen.$1"
	echo $((g + 1)) >"$W/gen.$1.new"
	mv "$W/gen.$1.new" "$W/gen.$1"
}

# Event: delete xtrN's lisp0 and re-create it, twice over, while its
# worker churns; traffic must come back.
ev_recreate() {
	local s=$1 x=xtr$1 c rc=0
	bump_gen "$s"
	for c in 1 2; do
		timeout 30 ip -n $x link del lisp0 || { echo "# $x: ip link del lisp0 failed"; rc=1; }
		xtr_dev "$s" || { echo "# $x: re-creating lisp0 failed"; rc=1; }
	done
	bump_gen "$s"
	wait_traffic $x || rc=1
	return $rc
}

# Event: the same for p1's lisp0, under the hammer.
ev_recreate_p1() {
	local c rc=0
	bump_gen p1
	for c in 1 2; do
		timeout 30 ip -n p1 link del lisp0 || { echo "# p1: ip link del lisp0 failed"; rc=1; }
		p_dev 1 || { echo "# p1: re-creating lisp0 failed"; rc=1; }
	done
	bump_gen p1
	wait_traffic p1 || rc=1
	return $rc
}

ev_p2_delete() {
	local i
	timeout 30 ip netns delete p2 || { echo "# ip netns delete p2 failed"; return 1; }
	# The veth pair goes when the netns is dismantled, lisp0 with it.
	for i in $(seq 40); do
		ip -n p1 link show pu1 >/dev/null 2>&1 || break
		sleep 0.5
	done
	ip -n p1 link show pu1 >/dev/null 2>&1 && { echo "# p2 not dismantled after 20 s"; return 1; }
	ip -n p1 link show lisp0 >/dev/null || return 1
}

ev_p2_build() {
	p2_build || { echo "# rebuilding p2 failed"; return 1; }
	wait_traffic p2
}

# The churn: a lispd worker in each xTR, and in p1 the hammer, which
# sends its requests itself, many times faster.
for s in 1 2; do
	ip netns exec xtr$s "$self" --worker $s "$W" >"$W/worker.$s" 2>&1 &
	workers+=($!)
done
nice -n 5 ip netns exec p1 python3 -S "$(dirname "$self")/tools/churn_batch.py" hammer lisp0 \
	10.202.0.0/24 10.202.0.0/25 10.202.0.1/32 fd00:202::/64 fd00:202::/96 fd00:202::1/128 \
	203.0.113.2 "$W/gen.p1" "$W/stop" "$W/stats.h" 2>"$W/hammer.log" &
workers+=($!)
declare -A last_idx=() last_tx=()
windows=0 stalls=0 fwd=0 n_ev=0 ev_failed=0 p2_up=1
ev_names=(recreate-xtr1 delete-p2 build-p2 recreate-p1 recreate-xtr2)
declare -A ev_done=() ev_bad=()
sample() {
	local x idx t r
	for x in xtr1 xtr2 p1; do
		read -r idx t _ <<<"$(tx $x)"
		[ -n "$idx" ] && [ "$idx" != null ] || { last_idx[$x]=""; continue; }
		if [ "${last_idx[$x]}" = "$idx" ]; then
			fwd=$((fwd + t - last_tx[$x]))
			if [ $x != p1 ]; then
				windows=$((windows + 1))
				if [ "$t" -le "${last_tx[$x]}" ]; then
					stalls=$((stalls + 1))
					echo "# $x: lisp0 sent nothing in $((SECONDS - last_t))s (tx $t)"
				fi
			fi
		else
			fwd=$((fwd + t))
		fi
		last_idx[$x]=$idx
		last_tx[$x]=$t
	done
	last_t=$SECONDS
}
echo "# [${SECONDS}s] traffic and churn for ${secs}s, an event every ${ev_int}s"
start=$SECONDS
last_t=$SECONDS
next_ev=$((start + ev_int))
sample
# Until the time is up, every event has happened and each worker has
# done a whole round; a slow VM gets up to three times as long (and at
# least 3 minutes).
limit=$((3 * secs))
[ $limit -lt 180 ] && limit=180
while :; do
	el=$((SECONDS - start))
	if [ $el -ge $limit ]; then
		echo "# [${SECONDS}s] churn cut short after ${el}s"
		break
	fi
	if [ $el -ge "$secs" ]; then
		read -r r1 _ <"$W/progress.1"
		read -r r2 _ <"$W/progress.2"
		[ "${r1:-0}" -ge 2 ] && [ "${r2:-0}" -ge 2 ] && [ $n_ev -ge ${#ev_names[@]} ] && break
		[ -n "$said" ] || echo "# [${SECONDS}s] churn goes on: workers at round ${r1:-0} and ${r2:-0}, $n_ev events"
		said=1
	fi
	sleep 5
	sample
	if [ $SECONDS -ge $next_ev ]; then
		e=${ev_names[n_ev % ${#ev_names[@]}]}
		t0=$SECONDS
		case $e in
		recreate-xtr1) ev_recreate 1 ;;
		delete-p2) ev_p2_delete && p2_up=0 ;;
		build-p2) ev_p2_build && p2_up=1 ;;
		recreate-xtr2) ev_recreate 2 ;;
		recreate-p1) ev_recreate_p1 ;;
		esac
		rc=$?
		read -r w1 <"$W/progress.1"
		read -r w2 <"$W/progress.2"
		echo "# [${SECONDS}s] $e $([ $rc = 0 ] && echo ok || echo FAILED) in $((SECONDS - t0))s; workers at round, operations: xtr1 $w1, xtr2 $w2"
		ev_done[$e]=$((${ev_done[$e]:-0} + 1))
		[ $rc -ne 0 ] && ev_bad[$e]=$((${ev_bad[$e]:-0} + 1))
		n_ev=$((n_ev + 1))
		next_ev=$((SECONDS + ev_int))
		# Windows span no event.
		sample
	fi
done
sample
touch "$W/stop"
t0=$SECONDS
stuck=0
for p in "${workers[@]}"; do
	while kill -0 "$p" 2>/dev/null && [ $((SECONDS - t0)) -lt 180 ]; do
		sleep 1
	done
	kill -0 "$p" 2>/dev/null && { stuck=1; kill "$p"; }
done
check_eq "the workers stop when told (no command stuck)" 0 $stuck
churn_s=$((SECONDS - start))
echo "# [${SECONDS}s] churn: ${churn_s}s, workers stopped in $((SECONDS - t0))s"

# What the workers saw.
total_ops=0 total_pk=0
for s in 1 2; do
	unset iterations longest slowest ops hangs unexpected tolerated refused batches changed badmsg skipped
	unset h_t_n h_t_hit h_t_pk h_h_n h_h_hit h_h_pk h_p_n h_p_hit h_p_pk
	# shellcheck disable=SC1090
	. "$W/stats.$s" 2>/dev/null
	sed 's/^/#   /' "$W/worker.$s"
	[ -s "$W/notes.$s" ] && head -n 40 "$W/notes.$s" | sed "s/^/# xtr$s: /"
	echo "# xtr$s: ${ops:-0} operations in ${iterations:-0} rounds (longest ${longest:-?}s, slowest command ${slowest:-?} ms); ${batches:-0} refused batches or commands checked, ${refused:-0} refusals as expected, ${tolerated:-0} crossing a lisp0 re-creation, ${skipped:-0} skipped"
	echo "# xtr$s: packets in churned entries: traffic prefixes ${h_t_pk:-0} (${h_t_hit:-0}/${h_t_n:-0} lives with packets), host routes ${h_h_pk:-0} (${h_h_hit:-0}/${h_h_n:-0}), use-petr ${h_p_pk:-0} (${h_p_hit:-0}/${h_p_n:-0})"
	total_ops=$((total_ops + ${ops:-0}))
	total_pk=$((total_pk + ${h_t_pk:-0} + ${h_h_pk:-0} + ${h_p_pk:-0}))
	check "xtr$s: the worker ran" test "${ops:-0}" -gt 0
	# A round takes some 100 programs: a loaded TCG guest may not finish
	# one in three times the churn time.  Then the checks below hold for
	# what was done, and this one is skipped.
	desc="xtr$s: the worker did a whole round, every kind of operation"
	if [ "${iterations:-0}" -ge 2 ]; then
		ksft_result 0 "$desc"
	else
		ksft_result 0 "$desc # SKIP VM too slow: round 1 unfinished after ${churn_s}s"
	fi
	check_eq "xtr$s: no command hung" 0 "${hangs:-x}"
	check_eq "xtr$s: every command succeeded or was refused as expected" 0 "${unexpected:-x}"
	check_eq "xtr$s: every refusal said why (listed twice, already in, full, ...)" 0 "${badmsg:-x}"
	check_eq "xtr$s: refused batches left the table exactly as it was" 0 "${changed:-x}"
	check "xtr$s: refused batches were checked" test "${refused:-0}" -gt 0
	desc="xtr$s: the entries it churned carried packets"
	if [ $((${h_t_n:-0} + ${h_h_n:-0} + ${h_p_n:-0})) -eq 0 ]; then
		ksft_result 0 "$desc # SKIP VM too slow: no entry looked at"
	else
		check "$desc" test $((${h_t_pk:-0} + ${h_h_pk:-0} + ${h_p_pk:-0})) -gt 0
	fi
done
unset hm_requests hm_rounds hm_refused hm_unexpected hm_badmsg hm_changed hm_packets hm_dumps hm_tolerated
# shellcheck disable=SC1091
. "$W/stats.h" 2>/dev/null
[ -s "$W/hammer.log" ] && head -n 20 "$W/hammer.log" | sed 's/^/# p1: /'
echo "# p1 hammer: ${hm_requests:-0} requests in ${hm_rounds:-0} rounds, ${hm_refused:-0} refused batches as expected, ${hm_tolerated:-0} crossing a lisp0 re-creation; ${hm_packets:-0} packets counted in its entries"
check "p1 hammer: ran (at least a round)" test "${hm_rounds:-0}" -ge 1
check_eq "p1 hammer: every request succeeded or was refused as expected" 0 "${hm_unexpected:-x}"
check_eq "p1 hammer: every refusal said why" 0 "${hm_badmsg:-x}"
check_eq "p1 hammer: refused batches left the map-cache exactly as it was" 0 "${hm_changed:-x}"
check "p1 hammer: its churned entries carried packets" test "${hm_packets:-0}" -gt 0
total_ops=$((total_ops + ${hm_requests:-0}))
total_pk=$((total_pk + ${hm_packets:-0}))
echo "# churn: $total_ops operations; $fwd packets encapsulated by the lisp devices sampled; $total_pk counted in churned entries before they were replaced"
for e in "${ev_names[@]}"; do
	[ -n "${ev_done[$e]}" ] || continue
	check_eq "$e under churn and traffic (${ev_done[$e]} times), traffic came back" 0 "${ev_bad[$e]:-0}"
done
check "counters were sampled" test $windows -gt 0
check_eq "xtr1 and xtr2 lisp0 sent packets in every ${secs}s/5s window ($windows)" 0 $stalls
sx=$(ip netns exec xtr1 lispd show stats -j | jq -c '.devices[0].counters | with_entries(select(.value > 0))')
echo "# xtr1 lisp0 drop/other counters since its last re-creation: $sx"

# Back to a plain mapping: traffic flows after all that.
restore() {
	local s
	for s in 1 2; do
		side_vars $s
		ip netns exec xtr$s lispd petr flush dev lisp0 &&
		ip netns exec xtr$s lispd database flush dev lisp0 &&
		ip netns exec xtr$s lispd database add dev lisp0 "$D4" rloc "$L4" rloc "$L6" &&
		ip netns exec xtr$s lispd database add dev lisp0 "$D6" rloc "$L4" rloc "$L6" || return 1
	done
	topo_map 4
}
check "restore the mappings" restore
check "ping h1 -> h2 (IPv4, IPv6) after the churn" sh -c \
	"ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_4 && ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_6"
if [ $p2_up = 0 ]; then
	ev_p2_build
	ksft_result $? "build p2 again for the end"
fi
for x in xtr1 xtr2 p1 p2; do
	read -r _ t r <<<"$(tx $x)"
	echo "# $x lisp0: tx $t rx $r packets"
done

# The end, traffic still flowing: delete two netns whose lisp devices
# carry it, and remove the module at once, with xtr1's and p1's lisp0
# still there.
echo "# [${SECONDS}s] the end: netns deleted, module removed under traffic"
ksft_netns=(h1 h2 xtr1 p1)
check "delete netns xtr2 and p2 under traffic" sh -c \
	"timeout 30 ip netns delete xtr2 && timeout 30 ip netns delete p2"
check_eq "xtr1 and p1 still have their lisp0" 2 \
	"$( (ip -n xtr1 -o link show lisp0; ip -n p1 -o link show lisp0) 2>/dev/null | wc -l)"
t0=${EPOCHREALTIME/./}000
out=$(timeout 120 rmmod lisp 2>&1)
rc=$?
echo "# rmmod: exit $rc in $(((${EPOCHREALTIME/./}000 - t0) / 1000000)) ms $out"
check_eq "rmmod lisp under traffic, devices present" 0 $rc
check_fails "module gone" test -d /sys/module/lisp
check_eq "no lisp device left in xtr1 or p1" 0 \
	"$( (ip -n xtr1 -o link show; ip -n p1 -o link show) 2>/dev/null | grep -c 'lisp0')"

# Stop the traffic; each flow's count.
for p in "${pings[@]}"; do
	kill -INT "$p" 2>/dev/null
done
t0=$SECONDS
for p in "${pings[@]}"; do
	while kill -0 "$p" 2>/dev/null && [ $((SECONDS - t0)) -lt 20 ]; do
		sleep 0.5
	done
	kill -KILL "$p" 2>/dev/null
done
pings=()
for i in "${!flows[@]}"; do
	echo "# ping ${flows[i]}: $(grep -m1 transmitted "$W/ping.${flows[i]}")"
done

bad=$(dmesg | grep -E 'Poison overwritten|BUG[: ]|WARNING:|Oops|general protection|refcount_t|KASAN|use-after-free|Redzone' | head -n 5)
[ -n "$bad" ] && printf '# dmesg: %s\n' "$bad"
check_eq "kernel log: no BUG, WARNING, poison or refcount message" "" "$bad"

ksft_finish
