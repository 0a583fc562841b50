#!/bin/bash
# The CLI refuses bad arguments before it asks the kernel: each mistake
# below exits 2 with its reason, the same on a host without the lisp
# module (this one) as on a router.  The messages are the config file's
# (agent/lib/map_entry.c, agent/lib/word.c), so both say the same thing.
# LISPD=path tests another binary (default: make build/lispd).
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/tap.sh

if [ -z "${LISPD:-}" ]; then
	out=$(make -s build/lispd 2>&1)
	report $? "build lispd" "$out"
	LISPD=build/lispd
fi

# refused "MESSAGE" ARGS...: lispd ARGS exits 2 printing "lispd: MESSAGE".
refused() {
	local want=$1 out rc
	shift
	out=$("$LISPD" "$@" 2>&1)
	rc=$?
	[ $rc -eq 2 ] && [ "$out" = "lispd: $want" ]
	report $? "lispd $*" "rc $rc: $out"
}

refused 'prefix "10.0.0.0/33": length must be 0 to 32' \
	map-cache add dev lisp0 10.0.0.0/33 rloc 192.0.2.1
refused 'prefix "lisp.example": "lisp.example" is not an IPv4 or IPv6 address' \
	map-cache add dev lisp0 lisp.example rloc 192.0.2.1
refused 'rloc "224.0.0.1": not a unicast address' \
	map-cache add dev lisp0 10.0.0.0/8 rloc 224.0.0.1
refused 'weight "300": expected a number from 0 to 255' \
	map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 weight 300
refused 'action "reject": expected drop, native-forward, send-map-request or use-petr' \
	map-cache add dev lisp0 10.0.0.0/8 action reject
refused '"ttl" needs seconds' \
	map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 ttl
refused 'prefix "2001:db8::/129": length must be 0 to 128' \
	database add dev lisp0 2001:db8::/129 rloc 192.0.2.1
refused 'prefix "10.0.0.0/33": length must be 0 to 32' \
	map-cache del dev lisp0 10.0.0.0/33
refused 'prefix "10.1.1.1/40": length must be 0 to 32' \
	map-cache show dev lisp0 10.1.1.1/40
refused 'database show lists the whole database' \
	database show dev lisp0 10.0.0.0/8
refused 'unknown map-cache command; see lispd help' \
	map-cache purge dev lisp0

# A good entry gets as far as the kernel: here, to its absence.
out=$("$LISPD" map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.1 2>&1)
rc=$?
if lsmod 2>/dev/null | grep -q '^lisp '; then
	skip "a good entry reaches the kernel" "lisp module loaded here"
else
	[ $rc -eq 1 ] && [ "$out" = "lispd: the lisp kernel module is not loaded (modprobe lisp)" ]
	report $? "a good entry reaches the kernel, which is not loaded here" "rc $rc: $out"
fi
finish
