#!/bin/sh
# Run user-space unit test binaries; each prints TAP.  Their lines are
# passed through with a "unit/<binary>: " prefix on each test description.
rc=0
for t in "$@"; do
	name=${t##*/}
	out=$("$t" 2>&1)
	trc=$?
	printf '%s\n' "$out" | sed -n \
		-e "s/^ok [0-9]* - /ok - unit\/$name: /p" \
		-e "s/^not ok [0-9]* - /not ok - unit\/$name: /p" \
		-e 's/^#/#/p'
	if [ $trc -ne 0 ]; then
		rc=1
		if ! printf '%s\n' "$out" | grep -q '^not ok'; then
			echo "not ok - unit/$name: exited with $trc"
			printf '%s\n' "$out" | tail -n 30 | sed 's/^/#   /'
		fi
	fi
done
exit $rc
