# Shared by the host tests of "lispd run" (daemon_*.sh): TAP (tap.sh),
# daemons started on a private directory, JSON checks of their "show"
# output.  Source it after "cd" to the top of the tree; it sets tmp (a
# fresh directory, removed at exit with every daemon started).
# shellcheck shell=bash

. tests/host/lib/tap.sh

LISPD=${LISPD:-$PWD/build/lispd}	# e.g. a sanitizer build
QUERY="python3 $PWD/tests/host/lisp_query.py"
tmp=$(mktemp -d)
pids=()
cap_pid=

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	[ -n "$cap_pid" ] && kill -INT "$cap_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# jtest SOCK "show WHAT" JQ-EXPR: does JQ-EXPR hold for the -j output?
# False when the command fails: jq -e holds on no input at all.
jtest() {
	local out
	out=$(LISPD_SOCK=$1 $LISPD $2 -j 2>/dev/null) &&
		printf '%s' "$out" | jq -e "$3" >/dev/null 2>&1
}

# jcheck DESCRIPTION SOCK "show WHAT" JQ-EXPR [TRIES]: report, polling.
jcheck() {
	local i tries=${5:-1}
	for ((i = 0; i < tries; i++)); do
		jtest "$2" "$3" "$4" && break
		sleep 0.1
	done
	[ "$i" -lt "$tries" ]
	report $? "$1" "$(LISPD_SOCK=$2 $LISPD $3 -j 2>&1 | head -c 3000)"
}

# qcheck DESCRIPTION N JQ-EXPR: on the reply to the Nth query.
qcheck() {
	sed -n "${2}p" "$tmp/replies" | jq -e "$3" >/dev/null 2>&1
	report $? "$1" "$(sed -n "${2}p" "$tmp/replies")"
}

# start NAME [ARGS...]: lispd run -f NAME.conf -S NAME.sock --no-kernel
start() {
	local name=$1 i
	shift
	${START_NS:+ip netns exec "$START_NS"} \
		"$LISPD" run -f "$tmp/$name.conf" -S "$tmp/$name.sock" --no-kernel \
		"$@" 2>"$tmp/$name.log" &
	pids+=($!)
	eval "pid_$name=$!"
	# Until it answers: the socket file alone may be a stale one that
	# lispd has not replaced yet.
	for ((i = 0; i < 50; i++)); do
		[ -S "$tmp/$name.sock" ] &&
			LISPD_SOCK=$tmp/$name.sock "$LISPD" show daemon-stats \
				>/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# roam_netns NAME [WHAT]: network namespace NAME (removed at exit) with a
# veth "roam" (10.9.0.1/32, fd00:9::1/128; its peer up) for the dynamic
# EIDs' tests, START_NS=NAME for start, and lispd built; without root or
# namespaces the test is skipped (WHAT says which).
roam_netns() {
	if [ "$(id -u)" != 0 ] || ! ip netns add "$1" 2>/dev/null; then
		skip "${2:-dynamic EIDs}" "needs root and network namespaces"
		finish
	fi
	# shellcheck disable=SC2064
	trap "cleanup; ip netns del $1 2>/dev/null" EXIT
	START_NS=$1
	build_agent
	ip -n "$1" link set lo up
	ip -n "$1" link add roam type veth peer name peer
	ip -n "$1" link set roam up
	ip -n "$1" link set peer up
	ip -n "$1" addr add 10.9.0.1/32 dev roam
	ip -n "$1" addr add fd00:9::1/128 dev roam nodad
}

# until_ready OUT CMD...: CMD in the background (in START_NS if set, killed
# at exit), its output into OUT; 0 once it printed "ready" (5 s at most).
until_ready() {
	local out=$1 i
	shift
	${START_NS:+ip netns exec "$START_NS"} "$@" >"$out" 2>&1 &
	pids+=($!)
	for ((i = 0; i < 50; i++)); do
		grep -qs ready "$out" && return 0
		sleep 0.1
	done
	return 1
}

# smr_listen PORT ETR_PORT LOG EID...: tests/host/smr_listen.py (an ITR
# that asks the ETR at ETR_PORT for the EIDs, then logs what it gets,
# SMRs above all); 0 once it was answered.
smr_listen() {
	local rc
	until_ready "$tmp/smr_listen.out" python3 tests/host/smr_listen.py "$@"
	rc=$?
	touch "$3"
	return $rc
}

# stop NAME: SIGTERM, then the exit status.
stop() {
	local pid rc q keep=()
	pid=$(eval echo "\$pid_$1")
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	for q in "${pids[@]}"; do
		[ "$q" != "$pid" ] && keep+=("$q")
	done
	pids=("${keep[@]}")
	return $rc
}

# free_port: an unused UDP port, above the usual ephemeral range's start.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		[ -z "$(ss -Hlun "sport = :$p")" ] && echo $p && return
	done
}

# capture_start PORT...: dumpcap on lo, UDP to or from the ports, into
# $tmp/cap.pcapng; cap_pid stays empty if dumpcap cannot run.
capture_start() {
	local f="" p i
	command -v dumpcap >/dev/null && command -v tshark >/dev/null ||
		return 0
	for p in "$@"; do
		f+="${f:+ or }port $p"
	done
	dumpcap -q -i lo -w "$tmp/cap.pcapng" -f "udp and ($f)" \
		2>"$tmp/dumpcap.log" &
	cap_pid=$!
	for ((i = 0; i < 50; i++)); do
		grep -q "Capturing on" "$tmp/dumpcap.log" 2>/dev/null && break
		kill -0 "$cap_pid" 2>/dev/null || break
		sleep 0.1
	done
	grep -q "Capturing on" "$tmp/dumpcap.log" 2>/dev/null || cap_pid=
}

# capture_stop: end the capture; false if there is none to read.
capture_stop() {
	[ -n "$cap_pid" ] || return 1
	sleep 0.2
	kill -INT "$cap_pid"
	wait "$cap_pid"
	cap_pid=
}

# build_agent: make lispd, report it; finish at once if it fails.
build_agent() {
	make -s agent >"$tmp/build.log" 2>&1
	report $? "build lispd" "$(tail -n 20 "$tmp/build.log")"
	[ "$failed" -eq 0 ] || finish
}
