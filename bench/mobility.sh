#!/bin/bash
# Mobility and failover, in the VM on the demo network
# (selftests/lib_cp.sh), issue 12.  Wall clock under TCG: a figure
# shows what an operator would see on this machine, not a cost.
#
#   - Move convergence: nl (non-LISP, through the proxy ITR) pings the
#     roaming host "vm" every 10 ms while it moves between site 1 and
#     site 2, MOVES times.  For each move: the pings lost, and the ms from
#     the vm's first packet at the new site to the first reply.  With SMR
#     (the old xTR tells the proxy ITR, which asks the mapping system)
#     and, when lispd has it, with publish/subscribe (the Map-Server
#     pushes the new mapping to the subscribed proxy ITR).
#     Baseline: a miss resolved through the Map-Resolver (the first
#     packet's extra delay), the floor of any re-resolution.
#   - Failover: site 2 loses its preferred provider link while h1 pings
#     h2 every 10 ms; the outage against the bound RLOC probing promises
#     (interval x (retries + 1) + 100 ms).
cd "$(dirname "$0")/../selftests" || exit 1
. ./lib.sh >/dev/null
. ./lib_cp.sh
MOVES=${MOVES:-6}
PROBE_S=2 PROBE_RETRIES=2 PROBE_RETRY_S=1

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "n/a") }'; }
max() { sort -n | tail -n 1; }

cp_setup >/dev/null || { echo "topology failed"; exit 1; }
cp_multihome $PROBE_S $PROBE_RETRIES $PROBE_RETRY_S || { echo "multihoming failed"; exit 1; }
cp_roaming 30 || { echo "roaming subnet failed"; exit 1; }
pubsub=0
# lispd with publish/subscribe lists "show ... subscriptions".
lispd 2>&1 | grep -q subscriptions && pubsub=1
# A Map-Server takes subscriptions only from xTRs that register with it
# (RFC 9437 5: it knows their xTR-ID and key): for the publish/subscribe
# moves, pxtr registers a prefix of its own, 10.3.0.0/24 (no host).
if [ $pubsub = 1 ]; then
	cat >>"$CP_DIR/ms.conf" <<-CONF
	site add pitr key s3-secret key-type sha256
	site prefix pitr 10.3.0.0/24
	CONF
fi
cp_start >/dev/null || { echo "lispd failed"; exit 1; }

# Baseline: the first packet after a miss, less a cached one (pxtr).
rtt() { ip netns exec nl ping -c 1 -W 5 $H2 | sed -n 's/.*time=\([0-9.]*\) ms/\1/p'; }
first=() cached=()
for i in 1 2 3 4 5; do
	ip netns exec pxtr lispd map-cache flush dev lisp0
	sleep 1.1	# one Map-Request per second per EID
	first+=("$(rtt)")
	cached+=("$(rtt)")
done
m1=$(printf '%s\n' "${first[@]}" | median)
m2=$(printf '%s\n' "${cached[@]}" | median)
resolve=$(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.0f", a - b }')

# moves LABEL: MOVES moves, alternating sites; one line of figures.
moves() {
	local i to lost=() ms=() tx rx t none=0
	for ((i = 1; i <= MOVES; i++)); do
		if [ "$CP_VM_AT" = xtr1 ]; then to=xtr2; else to=xtr1; fi
		cp_move_measure nl $CP_VM $to 10 || return 1
		read -r tx rx t <<<"$CP_MOVE"
		lost+=($((tx - rx)))
		if [ "$t" -ge 0 ]; then ms+=("$t"); else none=$((none + 1)); fi
		echo "# $1, move $i to $to: $tx sent, $rx answered, first reply after $t ms"
		sleep 2
	done
	printf '%-44s %6s ms (max %s), lost %s (max %s)%s\n' \
		"move convergence, $1 (median of ${#ms[@]})" \
		"$(printf '%s\n' "${ms[@]}" | median)" "$(printf '%s\n' "${ms[@]}" | max)" \
		"$(printf '%s\n' "${lost[@]}" | median)" "$(printf '%s\n' "${lost[@]}" | max)" \
		"$([ $none = 0 ] || echo ", $none of $MOVES without a reply in 10 s")"
}

cp_vm_attach xtr1 || { echo "the vm's link failed"; exit 1; }
for i in $(seq 50); do
	cp_ctl xtr1 show dynamic-eids -j | jq -e '[.[].hosts[] | select(.registered)] | length == 2' >/dev/null && break
	sleep 0.2
done
ip netns exec nl ping -c 3 -i 0.3 -W 3 $CP_VM >/dev/null ||
	echo "# nl does not reach the vm at site 1"

printf '%-44s %6s ms\n' "baseline: a miss resolved (first ping - cached)" "$resolve"
moves "SMR (target 100 ms)"
if [ $pubsub = 1 ]; then
	cat >>"$CP_DIR/pxtr.conf" <<-CONF
	map-server add $MS key s3-secret key-type sha256
	database add dev lisp0 10.3.0.0/24 rloc 192.0.2.3 priority 1 weight 100
	itr subscribe on
	CONF
	if cp_ctl pxtr reload >/dev/null; then
		# Its next Map-Request for the vm subscribes.
		cp_ctl pxtr map-cache flush dev lisp0
		sleep 1.1	# one Map-Request per second per EID
		ip netns exec nl ping -c 3 -i 0.3 -W 3 $CP_VM >/dev/null
		for i in $(seq 50); do
			cp_ctl pxtr show subscriptions -j |
				jq -e '.subscriptions | length > 0' >/dev/null && break
			sleep 0.2
		done
		cp_ctl pxtr show subscriptions -j |
			jq -e '.subscriptions | length > 0' >/dev/null ||
			echo "# pxtr did not subscribe"
		moves "publish/subscribe (target 50 ms)"
	else
		echo "# publish/subscribe: pxtr's reload refused, not measured"
	fi
else
	echo "# publish/subscribe: this lispd has no 'itr subscribe'"
fi

# Failover: three cuts of 192.0.2.2, each after probing marked it up.
bound_ms=$((PROBE_S * 1000 * (PROBE_RETRIES + 1) + 100))
out=()
for i in 1 2 3; do
	ip netns exec h1 ping -c 3 -i 0.3 -W 3 $H2 >/dev/null
	ip netns exec h1 ping -i 0.01 -W 1 -w $((bound_ms / 1000 + 4)) $H2 >"$CP_DIR/failover.ping" 2>&1 &
	p=$!
	sleep 1
	ip -n core link set xtr2 down
	wait $p
	read -r tx rx <<<"$(awk '/packets transmitted/ { print $1, $4 }' "$CP_DIR/failover.ping")"
	out+=($(( (tx - rx) * 10 )))
	echo "# failover $i: $tx sent, $rx answered"
	ip -n core link set xtr2 up
	# Until probing has 192.0.2.2 up again.
	for j in $(seq 100); do
		cp_ctl xtr1 show rlocs -j 2>/dev/null |
			jq -e '.rlocs[] | select(.rloc == "192.0.2.2" and .state == "up")' >/dev/null && break
		sleep 0.2
	done
done
printf '%-44s %6s ms (max %s), bound %s ms\n' "failover outage (median of 3)" \
	"$(printf '%s\n' "${out[@]}" | median)" "$(printf '%s\n' "${out[@]}" | max)" "$bound_ms"
cp_stop
