#!/bin/bash
# Kernel-code checks as TAP: a W=1 build with no warnings, sparse (C=2)
# with no warnings, and checkpatch.pl --strict (from Debian's
# linux-source-6.1) with no errors, warnings or checks.
#
#   lint-kernel.sh               all three
#   lint-kernel.sh checkpatch    checkpatch only (make checkpatch)
set -u
only=${1:-all}
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
kdir=${KDIR:-$(scripts/find-kdir.sh 2>/dev/null)}
failed=0

result() {
	if [ "$1" -eq 0 ]; then echo "ok - lint: $2"; else echo "not ok - lint: $2"; failed=1; fi
}

if [ "$only" = all ]; then
	# Rebuild from scratch so every file is compiled and checked.
	make -s -C "$kdir" M="$repo/kmod" clean >/dev/null 2>&1
	out=$(make -C "$kdir" M="$repo/kmod" W=1 C=2 modules 2>&1)
	rc=$?
	warn=$(grep -E 'warning:|error:' <<<"$out")
	[ $rc -eq 0 ] && [ -z "$warn" ]
	result $? "W=1 build and sparse (C=2) without warnings"
	[ -n "$warn" ] && sed 's/^/#   /' <<<"$warn" | head -n 40
	[ $rc -ne 0 ] && tail -n 20 <<<"$out" | sed 's/^/#   /'
fi

cp_dir="$repo/build/checkpatch"
if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$tarball" ]; then
		echo "not ok - lint: checkpatch: no /usr/src/linux-source-*.tar.xz (make deps)"
		exit 1
	fi
	mkdir -p "$cp_dir"
	top=$(basename "$tarball" .tar.xz)
	tar -xJf "$tarball" -C "$cp_dir" --strip-components=1 \
		"$top/scripts/checkpatch.pl" "$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch"
fi
cp=("$cp_dir/scripts/checkpatch.pl" --strict --no-tree --terse --show-types)
out=$("${cp[@]}" -f $(ls kmod/*.c kmod/*.h | grep -v -e '^kmod/compat.h$' -e '\.mod\.c$') \
	uapi/linux/lisp.h 2>&1)
# compat.h exists to test the kernel version, which in-tree code never
# does: only those two checks are waived, and only there.
out+=$'\n'$("${cp[@]}" --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
	-f kmod/compat.h 2>&1)
bad=$(grep -E ': (ERROR|WARNING|CHECK):' <<<"$out")
[ -z "$bad" ]
result $? "checkpatch --strict clean"
[ -n "$bad" ] && sed 's/^/#   /' <<<"$bad"
exit $failed
