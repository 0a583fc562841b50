#!/bin/bash
# The ITR's miss socket overruns (issue 11, item 8): build/miss_overrun
# (tests/host/miss_overrun.c) checks lisp_kernel_miss_drain()'s overrun
# count and lisp_kernel_rcvbuf() on rtnetlink address notifications, in
# a user and network namespace of its own (unshare -rn), so no lisp
# module and no change to the host.  Skipped where unshare is refused.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/tap.sh

out=$(make -s build/miss_overrun 2>&1)
report $? "build miss_overrun" "$out"
[ "$failed" -eq 0 ] || finish
if ! unshare -rn true 2>/dev/null; then
	skip "miss socket overruns" "unshare -rn is not allowed here"
	finish
fi
out=$(unshare -rn build/miss_overrun 2>&1)
rc=$?
printf '%s\n' "$out" | grep '^#'
while read -r line; do
	case $line in
	"ok "*) report 0 "${line#ok * - }" ;;
	"not ok "*) report 1 "${line#not ok * - }" ;;
	esac
done <<<"$out"
[ $rc -eq 0 ]
report $? "miss_overrun exits 0" "$out"
finish
