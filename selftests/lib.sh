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

# wait_file FILE TEXT: wait up to 10 s for TEXT to appear in FILE (a
# background command saying it is ready); a loaded host may be slow.
wait_file() {
	local i
	for i in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
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

ksft_cleanup() {
	local ns
	for ns in "${ksft_netns[@]}"; do
		ip netns delete "$ns" 2>/dev/null
	done
}
trap ksft_cleanup EXIT

[ "$(id -u)" -eq 0 ] || ksft_skip "needs root"
