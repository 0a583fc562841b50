#!/bin/bash
# make soak: the fault tests of selftests/Makefile (FAULT_PROGS) in their
# long form (LISP_SOAK=1: a million malformed packets, a million missed
# destinations per family, 300,000 netlink messages, 15 minutes of churn
# under traffic, or LISP_SOAK_SECONDS of it), and map_cache.sh with a
# million entries, with SLUB debugging on (a write to freed memory shows as a
# "BUG kmalloc-..." report, which fails the test), on every kernel of the
# matrix (scripts/kernels.sh).  TAP per test, then "N passed, N failed".
#
#   soak.sh [NAME ...]     only these kernels (bookworm trixie ...)
set -u
cd "$(dirname "$0")/.." || exit 1
log=build/soak.tap
mkdir -p build
: >"$log"
start=$(date +%s)
scripts/kernels.sh prepare || { echo "not ok - soak: cannot prepare the kernel matrix"; exit 1; }
if [ $# -gt 0 ]; then
	kernels="$*"
else
	kernels=$(scripts/kernels.sh list | awk '$2 != "-" { print $1 }')
fi
# map_cache.sh loads its million entries only here (LISP_SOAK=1).
tests="$(make -s -C selftests print-fault-tests) map_cache.sh"
for k in $kernels; do
	[ "$k" = bookworm ] || scripts/kernels.sh build "$k" | tee -a "$log"
	t0=$(date +%s)
	scripts/kernels.sh vm "$k" --soak --timeout 3600 \
		--append "slub_debug=FZPU" $tests 2>&1 | tee -a "$log"
	echo "# soak on $k took $(( $(date +%s) - t0 )) s"
done
echo "# soak took $(( $(date +%s) - start )) s"
awk '
	/^not ok/ { f++; next }
	/^ok/ { p++ }
	END { printf "%d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' "$log"
