#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Defects a review of lisp.ko found, one check each where the failure
# shows without a race (the races are for fault_churn.sh):
#   - the same prefix twice in one batch is refused, the cache unchanged
#   - only a netns administrator may join the "miss" group
#   - native-forward into an underlay in another netns needs
#     CAP_NET_ADMIN there
#   - distinct RLOCs are capped (rloc_max); entries are charged to the
#     memory cgroup of whoever adds them
#   - fwmark policy routing applies to encapsulated packets
#   - RFC 9300 5.3: on decapsulation an inner TTL above the outer one
#     takes the outer value
#   - inner IPv6 of 1280 bytes crosses an underlay that cannot carry it
#     whole (outer fragments), instead of a black hole
#   - a device dump that spans several messages lists every device
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

topo_setup || { ksft_result 1 "topology"; ksft_finish; }
topo_map 4
x1() { ip netns exec xtr1 "$@"; }
# The map-cache without what changes by itself (idle time).
cache() { x1 lispd map-cache show dev lisp0 -j | jq -c 'map(del(.idle_ms))'; }

# --- the same prefix twice in one batch ---
before=$(cache)
printf '%s\n' "10.1.0.0/16 rloc $RLOC2_4" "10.2.0.0/16 rloc $RLOC2_4" \
	"10.1.0.0/16 rloc 192.0.2.77" >/tmp/dup.batch
out=$(x1 lispd map-cache load dev lisp0 /tmp/dup.batch 2>&1)
rc=$?
echo "# $out"
check_eq "a batch with a prefix twice is refused" 1 "$(( rc != 0 ))"
check "with a message that says why" grep -q "listed twice" <<<"$out"
check_eq "and the map-cache is as before" "$before" "$(cache)"

# --- the miss group is for administrators ---
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
# (A joined listener says "listening" and waits; the limit is for that.)
out=$(x1 timeout 30 "${nobody[@]}" lispd monitor count 1 2>&1)
rc=$?
echo "# unprivileged monitor: exit $rc: $out"
check "an unprivileged user cannot join the miss group (EPERM)" \
	grep -q "Operation not permitted" <<<"$out"
rm -f /tmp/mon.err
x1 timeout 30 lispd monitor count 1 >/dev/null 2>/tmp/mon.err &
check "root can" wait_file /tmp/mon.err listening
kill %% 2>/dev/null
wait

# --- native-forward across namespaces ---
# lisp0 of ovl lives in a netns owned by a user namespace; its underlay
# is "ul", owned by the initial one.
netns_new ul
ip -n ul link add lisp0 type lisp local 192.0.2.9
unshare --user --map-root-user --net sleep 60 &
owner=$!
sleep 0.5
ip -n ul link set lisp0 netns $owner
as_userns_root() { nsenter -t $owner -U -n "$@"; }
as_host_root() { nsenter -t $owner -n "$@"; }
check "the user namespace's root manages its device (drop entry)" \
	as_userns_root lispd map-cache add dev lisp0 10.8.0.0/16 action drop
out=$(as_userns_root lispd map-cache add dev lisp0 10.9.0.0/16 action native-forward 2>&1)
rc=$?
echo "# $out"
check_eq "but may not native-forward into the other netns" 1 "$(( rc != 0 ))"
check "with a message that says why" grep -q "CAP_NET_ADMIN" <<<"$out"
check "the host's root may" \
	as_host_root lispd map-cache add dev lisp0 10.9.0.0/16 action native-forward
kill $owner
wait $owner 2>/dev/null

# --- distinct RLOCs are capped ---
param=/sys/module/lisp/parameters/rloc_max
if [ -w $param ]; then
	old=$(cat $param)
	echo 3 >$param
	x1 lispd map-cache flush dev lisp0
	check "3 distinct RLOCs are allowed" x1 lispd map-cache add dev lisp0 \
		10.3.0.0/16 rloc 192.0.2.11 rloc 192.0.2.12 rloc 192.0.2.13
	check "one RLOC more is not" x1 sh -c \
		"! lispd map-cache add dev lisp0 10.4.0.0/16 rloc 192.0.2.14 2>/tmp/rloc.err"
	check "with a message naming the limit" grep -q rloc_max /tmp/rloc.err
	check "an RLOC already known costs nothing" \
		x1 lispd map-cache add dev lisp0 10.5.0.0/16 rloc 192.0.2.11
	echo "$old" >$param
	x1 lispd map-cache flush dev lisp0
else
	ksft_result 1 "rloc_max is a module parameter ($param)"
fi

# --- memory is charged to the memory cgroup ---
cg=/sys/fs/cgroup
mountpoint -q $cg || mount -t cgroup2 none $cg
echo +memory >$cg/cgroup.subtree_control
mkdir -p $cg/lisp-hardening
n=20000
awk -v n=$n 'BEGIN { for (i = 0; i < n; i++)
	printf "10.%d.%d.0/24 rloc 192.0.2.2\n", 1 + int(i / 256), i % 256 }' >/tmp/many.batch
charged() { cat $cg/lisp-hardening/memory.current; }
c0=$(charged)
# Into the cgroup first: "ip netns exec" mounts a sysfs of its own.
sh -c "echo \$\$ >$cg/lisp-hardening/cgroup.procs &&
	exec ip netns exec xtr1 lispd map-cache load dev lisp0 /tmp/many.batch"
c1=$(charged)
echo "# $n entries: $(( (c1 - c0) / 1024 )) KiB charged to the cgroup that added them"
check_eq "map-cache memory is charged to the cgroup (>= 64 bytes per entry)" 1 \
	"$(( c1 - c0 >= n * 64 ))"
x1 lispd map-cache flush dev lisp0
# Entries and table nodes are freed after an RCU grace period.
for _ in $(seq 50); do
	c2=$(charged)
	[ $(( c2 - c0 )) -lt $(( (c1 - c0) / 4 )) ] && break
	sleep 0.1
done
echo "# after the flush: $(( (c2 - c0) / 1024 )) KiB"
check_eq "and uncharged when flushed" 1 "$(( c2 - c0 < (c1 - c0) / 4 ))"
rmdir $cg/lisp-hardening 2>/dev/null
topo_map 4

# --- fwmark policy routing ---
# A second underlay link that only marked packets take.
ip link add ulm1 netns xtr1 type veth peer name ulm2 netns xtr2
ip -n xtr1 addr add 10.99.0.1/30 dev ulm1
ip -n xtr2 addr add 10.99.0.2/30 dev ulm2
ip -n xtr1 link set ulm1 up
ip -n xtr2 link set ulm2 up
ip -n xtr1 route add $RLOC2_4 via 10.99.0.2 table 100
ip -n xtr1 rule add fwmark 1 table 100
txm() { ip -n xtr1 -j -s link show ulm1 | jq '.[0].stats64.tx.packets'; }
x1 ping -c 2 -W 2 -I 198.51.100.1 $EID2_4 >/dev/null
t0=$(txm)
x1 ping -c 3 -W 2 -m 1 -I 198.51.100.1 $EID2_4 >/dev/null
t1=$(txm)
check_eq "packets marked 1 leave by the marked path (after unmarked ones)" 1 \
	"$(( t1 - t0 >= 3 ))"
t0=$(txm)
x1 ping -c 3 -W 2 -I 198.51.100.1 $EID2_4 >/dev/null
t1=$(txm)
check_eq "unmarked ones do not" 0 "$(( t1 - t0 ))"
ip -n xtr1 rule del fwmark 1 table 100

# --- decapsulation: inner TTL no higher than the outer ---
ip -n xtr1 link set lisp0 type lisp ttl 5
ip -n xtr2 link set lisp0 type lisp ttl 5
ttl4=$(ip netns exec h1 ping -c 1 -W 3 $EID2_4 | sed -n 's/.*ttl=\([0-9]*\).*/\1/p')
ttl6=$(ip netns exec h1 ping -6 -c 1 -W 3 $EID2_6 | sed -n 's/.*ttl=\([0-9]*\).*/\1/p')
check_eq "IPv4: the reply arrives with TTL outer 5, less one hop" 4 "$ttl4"
check_eq "IPv6: the same for the hop limit" 4 "$ttl6"
ip -n xtr1 link set lisp0 type lisp ttl inherit
ip -n xtr2 link set lisp0 type lisp ttl inherit

# --- inner IPv6 over an underlay narrower than 1280 + overhead ---
for outer in 4 6; do
	topo_map $outer
	ip -n xtr1 link set ul1 mtu 1280
	ip -n xtr2 link set ul2 mtu 1280
	check "IPv6 over IPv$outer, 1280-byte underlay: 1280-byte packets arrive" \
		ip netns exec h1 ping -6 -c 3 -W 3 -s 1232 -M do $EID2_6
	ip -n xtr1 link set ul1 mtu 1500
	ip -n xtr2 link set ul2 mtu 1500
done

# --- a device dump over several messages ---
# Creation order is the reverse of ifindex order, which a dump that
# resumes "after the last ifindex" gets wrong.
netns_new devs
n=300
for i in $(seq $n); do
	echo "link add lispd$i index $(( 5000 - i )) type lisp iid $i"
done >/tmp/devs.batch
ip -n devs -batch /tmp/devs.batch
check_eq "all $n devices are listed" $n \
	"$(ip netns exec devs lispd show devices -j | jq length)"

ksft_finish
