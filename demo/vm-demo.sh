#!/bin/bash
# The demo, run inside the test VM (make demo): two LISP sites, a
# Map-Server/Map-Resolver and a proxy xTR for a non-LISP site, each
# router running lispd.  The first packets trigger resolution.  Site 2
# is multihomed (two provider links, 192.0.2.2 preferred); one link
# dies, RLOC probing notices, and traffic moves to the other.  Then a VM
# moves from site 1 to site 2 keeping its address: site 2 detects it,
# the Map-Server tells site 1, site 1 tells the proxy ITR (SMR).
cd "$(dirname "$0")/../selftests" || exit 1
. ./lib.sh >/dev/null
. ./lib_cp.sh
step() { printf '\n== %s\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

step "Topology: site 1 (10.1.0.0/24, fd00:1::/64) behind xtr1, site 2 behind xtr2,"
echo "   Map-Server/Map-Resolver ms, proxy xTR pxtr in front of non-LISP host $NL"
cp_setup || fail "topology"
# Probing every 2 s, 2 retries 1 s apart: a dead link is noticed within
# 2 x 3 s, the bound printed below.
PROBE_S=2 PROBE_RETRIES=2 PROBE_RETRY_S=1
cp_multihome $PROBE_S $PROBE_RETRIES $PROBE_RETRY_S || fail "second provider link"
# The roaming subnet at sites 1 and 2; a host leaves a site on the
# Map-Server's word (a 30 s hold covers a silent host).
cp_roaming 30 || fail "roaming subnet"
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

step "Site 2 is multihomed: RLOC $CP_P1 (priority 1) and $CP_P2 (priority 2), probed by xtr1"
cp_ctl xtr1 show rlocs

bound_ms=$((PROBE_S * 1000 * (PROBE_RETRIES + 1) + 100))
step "Site 2's provider link 1 ($CP_P1) dies while h1 pings h2 every 10 ms"
ip netns exec h1 ping -i 0.01 -W 1 -w $((bound_ms / 1000 + 4)) $H2 >/tmp/demo-failover.ping 2>&1 &
pingp=$!
sleep 1
ip -n core link set xtr2 down
wait $pingp
read -r tx rx <<<"$(awk '/packets transmitted/ { print $1, $4 }' /tmp/demo-failover.ping)"
echo "   $tx pings sent, $rx answered: $((tx - rx)) lost, about $(( (tx - rx) * 10 )) ms without"
echo "   connectivity (bound: probe interval x (retries + 1) + 100 ms = $bound_ms ms)"
[ "$rx" -gt 0 ] && [ $(( (tx - rx) * 10 )) -le $bound_ms ] || rc=1
step "xtr1 marked $CP_P1 down and sends to $CP_P2 (lispd show rlocs)"
cp_ctl xtr1 show rlocs
ip -n core link set xtr2 up

step "A VM of the roaming subnet 10.9.0.0/24 starts at site 1 ($CP_VM, gateway $CP_VM_GW at both sites)"
cp_vm_attach xtr1 || fail "the VM's link"
for i in $(seq 50); do
	cp_ctl xtr1 show dynamic-eids -j | jq -e '[.[].hosts[] | select(.registered)] | length == 2' >/dev/null && break
	sleep 0.2
done
cp_ctl xtr1 show dynamic-eids
ping_step nl $CP_VM "Non-LISP site -> the VM at site 1, through the proxy ITR"

step "The VM moves to site 2 with its address, mask and gateway, while nl pings it every 10 ms"
cp_move_measure nl $CP_VM xtr2 6 || fail "the VM's move"
read -r tx rx ms <<<"$CP_MOVE"
echo "   $tx pings sent, $rx answered: $((tx - rx)) lost; the first reply came $ms ms after"
echo "   the VM's first packet at site 2 (site 2 registers it, the Map-Server tells site 1,"
echo "   site 1 sends an SMR to the proxy ITR, which asks the mapping system again)"
[ "$ms" -ge 0 ] || rc=1
step "xtr1 learnt from the Map-Server where the VM went (lispd show moved, on xtr1)"
cp_ctl xtr1 show moved
step "xtr2 detected the VM (lispd show dynamic-eids, on xtr2)"
cp_ctl xtr2 show dynamic-eids
step "The proxy ITR maps the VM to site 2 (lispd show map-cache, on pxtr)"
ip netns exec pxtr lispd show map-cache

cp_stop
[ $rc = 0 ] && step "All pings answered." || step "Some pings failed: see $CP_DIR/*.log"
exit $rc
