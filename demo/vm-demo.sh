#!/bin/bash
# The demo, run inside the test VM (make demo): two LISP sites, a
# Map-Server/Map-Resolver and a proxy xTR for a non-LISP site, each
# router running lispd.  The first packets trigger resolution.
cd "$(dirname "$0")/../selftests" || exit 1
. ./lib.sh >/dev/null
. ./lib_cp.sh
step() { printf '\n== %s\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

step "Topology: site 1 (10.1.0.0/24, fd00:1::/64) behind xtr1, site 2 behind xtr2,"
echo "   Map-Server/Map-Resolver ms, proxy xTR pxtr in front of non-LISP host $NL"
cp_setup || fail "topology"
cp_start || fail "lispd did not start; logs in $CP_DIR"

step "Map-Server registrations (lispd show registrations, on ms)"
cp_ctl ms show registrations

rc=0
ping_step() {
	local from=$1 to=$2 what=$3
	step "$what: ping from $from to $to"
	ip netns exec "$from" ping -c 3 -i 0.3 -W 3 "$to" | grep -E 'bytes from|packets transmitted' || rc=1
}
ping_step h1 $H2 "Site 1 -> site 2, IPv4 (the first packet waits for the mapping)"
ping_step h1 $H2_6 "Site 1 -> site 2, IPv6"
ping_step h2 $H1 "Site 2 -> site 1"
ping_step h1 $NL "Site 1 -> non-LISP site, through the proxy ETR"
ping_step nl $H2 "Non-LISP site -> site 2, through the proxy ITR"

step "Map-cache of xtr1 (lispd show map-cache)"
ip netns exec xtr1 lispd show map-cache
step "Map-cache of xtr2"
ip netns exec xtr2 lispd show map-cache
step "Map-cache of pxtr"
ip netns exec pxtr lispd show map-cache

cp_stop
[ $rc = 0 ] && step "All pings answered." || step "Some pings failed: see $CP_DIR/*.log"
exit $rc
