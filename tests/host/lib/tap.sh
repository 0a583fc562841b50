# TAP for the host tests: report each check, skip, and finish with the
# plan and an exit status of 1 on any failure.  Source it after "cd" to
# the top of the tree.
# shellcheck shell=bash

n=0
failed=0

report() {		# report STATUS DESCRIPTION [DIAGNOSTIC]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}

skip() {		# skip DESCRIPTION REASON
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}
