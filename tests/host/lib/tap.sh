# TAP for the host tests: report each check, skip, and finish with the
# plan and an exit status of 1 on any failure.  Source it after "cd" to
# the top of the tree.  The counting and printing are the VM selftests'
# (selftests/lib_tap.sh); $failed is the number of failures so far.
# shellcheck shell=bash

. "$(dirname "${BASH_SOURCE[0]}")/../../../selftests/lib_tap.sh"
failed=0

report() {		# report STATUS DESCRIPTION [DIAGNOSTIC]
	tap_result "$1" "$2"
	failed=$tap_failed
	[ "$1" -ne 0 ] && [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
	return 0
}

skip() {		# skip DESCRIPTION REASON
	tap_result 0 "$1" "SKIP $2"
}

finish() {
	tap_plan && exit 0
	exit 1
}
