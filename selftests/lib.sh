#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for the lisp selftests: KTAP output in kselftest style (exit 0
# pass, 1 fail, 4 skip) and network namespaces that are removed on exit.

. "$(dirname "${BASH_SOURCE[0]}")/lib_tap.sh"

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

ksft_netns=()

ksft_header() {
	echo "TAP version 13"
}

# ksft_result COND_EXIT_CODE DESCRIPTION
ksft_result() {
	tap_result "$1" "$2"
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && printf '# %s\n' "\$ $*" "$out"
	ksft_result $rc "$desc"
}

# check_fails DESCRIPTION COMMAND...: passes when COMMAND fails.
check_fails() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc -eq 0 ] && printf '# %s\n' "\$ $* (succeeded, should fail)" "$out"
	ksft_result $(( rc == 0 )) "$desc"
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	[ "$2" != "$3" ] && printf '# expected: %s\n# actual:   %s\n' "$2" "$3"
	ksft_result $([ "$2" = "$3" ]; echo $?) "$1"
}

ksft_skip() {
	echo "# SKIP $*"
	exit $KSFT_SKIP
}

ksft_finish() {
	tap_plan && exit $KSFT_PASS
	echo "# $tap_failed of $tap_n checks failed"
	exit $KSFT_FAIL
}

# nap SECONDS: sleep(1) without starting a program: read times out on a
# FIFO that this shell holds open and nobody writes to (not <(...): the
# VM's /dev has no /dev/fd).  Polling loops use it: in a loaded TCG
# guest a program start costs a good part of a second, which the loop
# would add to every round.  The FIFO is made once (mkfifo) and stays,
# for the next test.
ksft_nap_fd=""
nap() {
	local f=/tmp/.ksft-nap
	if [ -z "$ksft_nap_fd" ]; then
		{ [ -p $f ] || mkfifo -m 600 $f; } && exec {ksft_nap_fd}<>$f ||
			{ ksft_nap_fd=""; sleep "$1"; return 0; }
	fi
	read -r -t "$1" -u "$ksft_nap_fd"
	return 0
}

# wait_file FILE TEXT: wait up to 10 s for TEXT to appear in FILE (a
# background command saying it is ready); a loaded host may be slow.
wait_file() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -f "$1" ] && [[ $(<"$1") == *"$2"* ]] && return 0
		nap 0.1
	done
	echo "# $1: no \"$2\" after 10 s"
	return 1
}

# netns_new NAME: create a namespace with loopback up, deleted on exit.
netns_new() {
	ip netns add "$1" || return 1
	ksft_netns+=("$1")
	ip -n "$1" link set lo up
}

# Batched ip(8), for topologies: dozens of commands, and a program start
# costs a good part of a second in a loaded TCG guest.  ipq NS ARGS...
# queues "ip ARGS" for netns NS ("-": this one); ipq_run [NS...] runs
# the queue of those namespaces (default: all), one "ip -batch" each,
# this netns's first, the others in the order they were first named; it
# fails if a command did (ip names it, and stops that batch there).
declare -gA ksft_ipq=()
ksft_ipq_ns=()
ipq() {
	local ns=$1
	shift
	[ -n "${ksft_ipq[$ns]+set}" ] || ksft_ipq_ns+=("$ns")
	ksft_ipq[$ns]+="$*"$'\n'
}
ipq_run() {
	local ns rc=0 later=()
	for ns in - "${ksft_ipq_ns[@]}"; do
		[ -n "${ksft_ipq[$ns]+set}" ] || continue
		if [ $# -gt 0 ] && [[ " $* " != *" $ns "* ]]; then
			[ "$ns" = - ] || later+=("$ns")
			continue
		fi
		if [ "$ns" = - ]; then
			ip -batch - <<<"${ksft_ipq[$ns]}" || rc=1
		else
			ip -n "$ns" -batch - <<<"${ksft_ipq[$ns]}" || rc=1
		fi
		unset "ksft_ipq[$ns]"
	done
	ksft_ipq_ns=("${later[@]}")
	return $rc
}

# netns_q NAME...: netns_new, queued (ipq): "netns add" in this netns's
# queue, loopback up first in the new one's.
netns_q() {
	local ns
	for ns; do
		ipq - netns add "$ns"
		ksft_netns+=("$ns")
		ipq "$ns" link set lo up
	done
}

ksft_cleanup() {
	# One program for all (-force: on past those already gone).
	[ ${#ksft_netns[@]} -gt 0 ] &&
		printf 'netns delete %s\n' "${ksft_netns[@]}" | ip -force -batch - 2>/dev/null
	ksft_ipq=() ksft_ipq_ns=()
}
trap ksft_cleanup EXIT

[ "$(id -u)" -eq 0 ] || ksft_skip "needs root"
