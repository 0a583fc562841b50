#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Generic netlink fuzz: tools/genl_fuzz.py sends random and mutated
# requests for every command of the family "lisp" (valid ones built from
# the uapi, then broken: wrong types and lengths, bad nesting, nla_len
# past the end, missing and duplicated attributes, batches past 1024,
# NLM_F_DUMP, odd genl headers), to a lisp device with a database,
# map-cache entries and a PETR, first as nobody, then as root:
#
#  - every request is answered (no hang, nothing stuck in the kernel);
#  - as root, every error says why (an extack message), but for the few
#    refusals the genetlink core gives without one (see allowed_root);
#  - as nobody, every state-changing command is refused with EPERM, the
#    reads still work, the "miss" group cannot be joined, and the tables
#    are as they were;
#  - afterwards the device answers, its tables dump as well-formed JSON,
#    and flushed and refilled they are as installed.
# The harness then unloads the module and checks dmesg.
#
# 5,000 requests as nobody and 20,000 as root (about 70 s in all in a
# TCG VM), 50,000 and 250,000 with LISP_SOAK=1 (about 12 minutes).  LISP_FUZZ_SEED picks another
# seed (default 1: a failure replays).
. "$(dirname "$0")/lib.sh"
ksft_header

fuzz=$(cd "$(dirname "$0")" && pwd)/tools/genl_fuzz.py
n_root=20000 n_nobody=5000
[ "${LISP_SOAK:-0}" = 1 ] && n_root=250000 n_nobody=50000
seed=${LISP_FUZZ_SEED:-1}
tmp=$(mktemp -d)
params=/sys/module/lisp/parameters
saved=()

cleanup() {
	local p
	for p in "${saved[@]}"; do
		echo "${p#*=}" >"$params/${p%%=*}"
	done
	rm -rf "$tmp"
	ksft_cleanup
}
trap cleanup EXIT

netns_new fz || { ksft_result 1 "netns"; ksft_finish; }
ip -n fz link add ul type dummy
ip -n fz addr add 192.0.2.1/24 dev ul
ip -n fz addr add 2001:db8:ff::1/64 dev ul nodad
ip -n fz link set ul up
check "create lisp0" ip -n fz link add lisp0 type lisp local 192.0.2.1
ip -n fz link set lisp0 up

install() {
	ip netns exec fz lispd database add dev lisp0 198.51.100.0/24 rloc 192.0.2.1 rloc 2001:db8:ff::1 &&
	ip netns exec fz lispd map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.2 &&
	ip netns exec fz lispd map-cache add dev lisp0 203.0.113.0/24 rloc 192.0.2.3 \
		rloc 2001:db8:ff::3 priority 2 weight 50 &&
	ip netns exec fz lispd map-cache add dev lisp0 2001:db8:2::/64 rloc 192.0.2.2 &&
	ip netns exec fz lispd map-cache add dev lisp0 172.16.0.0/12 action drop &&
	ip netns exec fz lispd petr set dev lisp0 192.0.2.9
}
# What a table holds, without what time and traffic change.
tables() {
	local t
	for t in map-cache database; do
		ip netns exec fz lispd $t show dev lisp0 -j | jq -c 'map(del(.idle_ms, .packets, .bytes))'
	done
	ip netns exec fz lispd petr show dev lisp0 -j
}
check "install database, map-cache entries, PETR" install
installed=$(tables)

# Small limits, so that the fuzz fills the tables (both "full" paths and
# their rollback) and dumps stay short in a slow VM.  The old module may
# not have rloc_max.
for p in map_cache_max=4096 rloc_max=512; do
	[ -w "$params/${p%%=*}" ] || continue
	saved+=("${p%%=*}=$(cat "$params/${p%%=*}")")
	echo "${p#*=}" >"$params/${p%%=*}"
done

# fuzz OUT ARGS...: run the fuzzer in fz (as "${as[@]}"), its JSON
# summary in OUT.  A request stuck in the kernel cannot be killed: the
# fuzzer's watchdog prints the summary anyway, and we go on without
# waiting for the process.
fuzz() {
	local out=$1 pid t0
	shift
	t0=$(date +%s%N)
	ip netns exec fz "${as[@]}" "$fuzz" --seed "$seed" --ifname lisp0 "$@" \
		>"$out" 2>"$out.err" &
	pid=$!
	while kill -0 $pid 2>/dev/null && ! { [ -s "$out" ] && jq -e . "$out" >/dev/null 2>&1; }; do
		sleep 1
	done
	kill -0 $pid 2>/dev/null || wait $pid
	echo "# $(basename "$out" .json): $(( ($(date +%s%N) - t0) / 1000000 )) ms," \
		"$(jq -c .totals "$out" 2>/dev/null)"
	sed 's/^/# /' "$out.err"
	jq -r '.per_cmd | to_entries[] | "#   \(.key) \(.value | tojson)"' "$out" 2>/dev/null
	check_eq "$(basename "$out" .json): the fuzzer ran" true "$(q "$out" 'has("totals")')"
	[ -d /tmp/vm/out ] && cp "$out" /tmp/vm/out/	# XXX debug
}

# q FILE JQ: a jq answer, or "no summary" when the fuzzer printed none.
q() {
	[ -s "$1" ] && jq -er "$2" "$1" 2>/dev/null || echo "no summary"
}

# show_examples FILE JQ_PATH: the requests behind a failed check.
show_examples() {
	jq -r "$2 | .[] | \"# \(.cmd) \(.label) \(.errno) [\(.how)] \(.hex)\"" "$1" 2>/dev/null | head -n 20
}

# answered FILE COUNT: sent every request, each got an answer.
answered() {
	local got
	got=$(q "$1" '"\(.sent) \(.totals.hang // 0) \(.totals.send_error // 0) \(.totals.overrun // 0) \(.hung_in_kernel != null)"')
	[ "$got" != "$2 0 0 0 false" ] && show_examples "$1" '.hangs'
	check_eq "$(basename "$1" .json): all $2 requests answered (sent, hangs, send errors, overruns, stuck)" \
		"$2 0 0 0 false" "$got"
}

# noextack FILE ALLOWED_JSON: errors without an extack message, but the
# allowed kinds ("label/ERRNO", see genl_fuzz.py).
noextack() {
	local bad
	bad=$(jq -c --argjson ok "$2" \
		'.noextack | with_entries(select(.key as $k | $ok | index($k) | not))' "$1" \
		2>/dev/null || echo "no summary")
	[ "$bad" != "{}" ] && show_examples "$1" '.noextack_examples'
	check_eq "$(basename "$1" .json): every error has an extack message, but the core's own" "{}" "$bad"
}

# As nobody first, while the tables are as installed (root's fuzz leaves
# entries with TTLs that expire while we compare).
out=$tmp/nobody.json
as=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
fuzz "$out" --count $n_nobody --unprivileged-check
answered "$out" $n_nobody
# The core refuses these before any handler runs, without a message (6.1,
# net/netlink/genetlink.c): a request shorter than the genl header
# (EINVAL), a command the family has no op for, or no dumpit for
# NLM_F_DUMP (EOPNOTSUPP), and an op flagged GENL_UNS_ADMIN_PERM
# without CAP_NET_ADMIN (EPERM; 6.1 checks it before the dumpit).
noextack "$out" '["short_header/EINVAL", "no_such_command/EOPNOTSUPP",
	"no_such_variant/EOPNOTSUPP", "no_such_variant/EPERM", "needs_admin/EPERM"]'
v=$(q "$out" .unprivileged.violations)
[ "$v" != 0 ] && show_examples "$out" '.unprivileged.examples'
check_eq "nobody: no state-changing command got past the EPERM check" 0 "$v"
check_eq "nobody: each state-changing command was refused with EPERM" "" \
	"$(q "$out" '[("MAP_ADD", "MAP_DEL", "MAP_FLUSH", "RLOC_SET", "DB_ADD", "DB_DEL",
		"DB_FLUSH", "PETR_SET") as $c | select((.unprivileged.eperm[$c] // 0) == 0) | $c] |
		join(" ")')"
check_eq "nobody: the reads answer (DEV_GET, MAP_GET, DB_GET, NET_STATS_GET)" "" \
	"$(q "$out" '[("DEV_GET", "MAP_GET", "DB_GET", "NET_STATS_GET") as $c |
		select((.per_cmd[$c].reply // 0) + (.per_cmd[$c].dump // 0) == 0) | $c] |
		join(" ")')"
# The group shows every unresolved flow and switches the datapath to
# queueing: GENL_MCAST_CAP_NET_ADMIN.
check_eq "nobody: joining the miss group is refused" EPERM "$(q "$out" .mcast_join.result)"
check_eq "nobody: the tables are as installed" "$installed" "$(tables)"

out=$tmp/root.json
as=()
fuzz "$out" --count $n_root
answered "$out" $n_root
# As above, less the permission refusals, plus GENL_REQ_ATTR_CHECK's
# report of a missing attribute (RLOC_SET): no message, but the extack
# names the attribute (NLMSGERR_ATTR_MISS_TYPE).
noextack "$out" '["short_header/EINVAL", "no_such_command/EOPNOTSUPP",
	"no_such_variant/EOPNOTSUPP", "handler/EINVAL+miss_type"]'
# Not only the policy answered: each command's handler said yes sometimes.
check_eq "root: every command succeeded at least once (do, and dump for the GETs)" "" \
	"$(q "$out" '[("MAP_ADD", "MAP_DEL", "MAP_FLUSH", "RLOC_SET", "DB_ADD", "DB_DEL",
		"DB_FLUSH", "PETR_SET") as $c | select((.per_cmd[$c].ack // 0) == 0) | $c] +
		[("DEV_GET", "MAP_GET", "DB_GET", "NET_STATS_GET") as $c |
		select((.per_cmd[$c].reply // 0) == 0) | $c] +
		[("DEV_GET", "MAP_GET", "DB_GET") as $c |
		select((.per_cmd[$c].dump // 0) == 0) | "\($c)-dump"] | join(" ")')"
check_eq "root: joining the miss group works" ok "$(q "$out" .mcast_join.result)"

check "lisp0 still answers: lispd show devices -j" \
	sh -c "ip netns exec fz lispd show devices -j | jq -e '.[0].name == \"lisp0\"'"
# Entries as the kernel must keep them, whatever it was sent: one per
# prefix, plen within the address, 1-32 locators for an encap entry of
# the map-cache (0-32 in the database), none for a negative one, no
# locator twice.
wellformed() {
	jq -r --argjson min "$1" '
		(map(.eid) | group_by(.)[] | select(length > 1) | "twice: \(.[0])"),
		(.[] | (.eid | split("/")) as [$a, $p] | select(
			($p | tonumber) > (if ($a | contains(":")) then 128 else 32 end) or
			(.action == "encap" and ((.rlocs | length) < $min or (.rlocs | length) > 32)) or
			(.action != "encap" and (.rlocs | length) > 0) or
			(.action == "unknown") or
			([.rlocs[].rloc] | length != (unique | length))) | tojson)'
}
for t in map-cache:1 database:0; do
	j=$(ip netns exec fz lispd ${t%:*} show dev lisp0 -j)
	check "${t%:*} dumps as JSON ($(jq length <<<"$j" 2>/dev/null) entries)" \
		jq -e 'type == "array"' <<<"$j"
	check_eq "${t%:*}: entries well-formed, none twice" "" \
		"$(wellformed "${t#*:}" <<<"$j" 2>&1 | head -n 5)"
done
for p in "${saved[@]}"; do
	echo "${p#*=}" >"$params/${p%%=*}"
done
saved=()
check "flush map-cache, database and PETRs" sh -c \
	"ip netns exec fz lispd map-cache flush dev lisp0 &&
	 ip netns exec fz lispd database flush dev lisp0 &&
	 ip netns exec fz lispd petr flush dev lisp0"
check "install again" install
check_eq "the tables are as installed" "$installed" "$(tables)"
check "lisp0 can be deleted" ip -n fz link del lisp0

ksft_finish
