#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lispd makes its own devices: "device add" in lispd.conf (issue 14).
#
#   - at start, a missing lisp0 is created with the line's attributes,
#     MTU and routes, up, and the database and map-cache lines go on it
#   - a reload with the same file keeps it (same ifindex); a changed ttl
#     or a route taken away is changed in place; a changed local address
#     (fixed at creation) makes it again, and the kernel entries of the
#     file are sent to the new device (traffic goes out again)
#   - stop keeps it by default (its map-cache still there), and a restart
#     keeps it again; "on-stop delete" removes it at stop
#   - a device line taken away at reload deletes that device
#   - a device of the same name and another kind is left alone, with an
#     error naming it
. "$(dirname "$0")/lib.sh"
ksft_header

D=/tmp/lisp-devconf
rm -rf $D
mkdir -p $D
conf=$D/a.conf
netns_new a || { ksft_result 1 "netns"; ksft_finish; }
ip -n a link add ul type dummy
ip -n a addr add 192.0.2.1/24 dev ul
ip -n a addr add 192.0.2.9/24 dev ul
ip -n a link set ul up
ip -n a link add site type dummy
ip -n a addr add 10.1.0.1/24 dev site
ip -n a link set site up

pid=""
start() {
	rm -f $D/a.sock
	ip netns exec a lispd run -f $conf -S $D/a.sock >>$D/a.log 2>&1 &
	pid=$!
	local i
	for ((i = 1; i <= 100; i++)); do
		[ -S $D/a.sock ] && return 0
		nap 0.1
	done
	echo "# lispd did not start:"; sed 's/^/#   /' $D/a.log
	return 1
}
stop() {
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=""
}
ctl() { ip netns exec a env LISPD_SOCK=$D/a.sock lispd "$@"; }
link() { ip -n a -d -j link show "$1" 2>/dev/null; }
# attr NAME...: lisp0's attributes, space-separated (one ip, one jq).
attr() {
	local q
	printf -v q '.%s, ' "$@"
	link lisp0 | jq -r "[.[0].linkinfo.info_data | ${q%, }] | map(tostring) | join(\" \")"
}
ifindex() { link lisp0 | jq -r '.[0].ifindex // empty'; }
# devstat NAME...: daemon-stats device counters, space-separated.
devstat() {
	local q
	printf -v q '.%s, ' "$@"
	ctl show daemon-stats -j | jq -r "[.devices | ${q%, }] | map(tostring) | join(\" \")"
}
routes() { ip -n a -j route show dev lisp0 | jq -r '[.[].dst] | join(" ")'; ip -n a -6 -j route show dev lisp0 | jq -r '[.[].dst | select(startswith("fd"))] | join(" ")'; }
mapped() { ip netns exec a lispd map-cache show dev lisp0 -j | jq -r '[.. | .eid? // empty] | join(" ")'; }
tx() { ip -n a -s -j link show lisp0 | jq '.[0].stats64.tx.packets'; }
sent() {	# sent: a packet from site 1 to 10.9.0.1 left through lisp0
	local t0
	t0=$(tx)
	ip netns exec a ping -q -c 1 -W 0.5 -I 10.1.0.1 10.9.0.1 >/dev/null 2>&1
	[ "$(tx)" -gt "$t0" ]
}
write_conf() {	# write_conf DEVICE-OPTIONS [ROUTE-OPTIONS]
	cat >$conf <<-CONF
	log-level info
	device add lisp0 $1
	database add dev lisp0 10.1.0.0/24 rloc 192.0.2.1
	map-cache add dev lisp0 10.9.0.0/16 rloc 192.0.2.2
	CONF
}

write_conf "local 192.0.2.1 iid 7 ttl 64 mtu 1400 route 10.9.0.0/16 route fd00:9::/32"
check_fails "no lisp0 before lispd starts" ip -n a link show lisp0
start
check "lispd created lisp0" ip -n a link show lisp0
check_eq "  up" true "$(link lisp0 | jq '.[0].flags | index("UP") != null')"
check_eq "  local, iid, ttl as written" "192.0.2.1 7 64" \
	"$(attr local iid ttl)"
check_eq "  the rest as ip link add gives it" "4341 inherit 100 on off" \
	"$(attr port tos miss_rate src_check dst_check)"
check_eq "  mtu 1400" 1400 "$(link lisp0 | jq '.[0].mtu')"
check_eq "  its routes" "10.9.0.0/16 fd00:9::/32" "$(routes | xargs)"
check_eq "  the map-cache line is on it" 10.9.0.0/16 "$(mapped)"
check "  traffic goes out through it" sent
check_eq "  daemon-stats: created 1" 1 "$(devstat created)"
idx=$(ifindex)

ctl reload >/dev/null
check_eq "reload, same file: lisp0 kept (same ifindex)" "$idx" "$(ifindex)"
check_eq "  nothing changed or made again" "0 0" "$(devstat changed made_again)"

write_conf "local 192.0.2.1 iid 7 ttl 32 mtu 1400 route 10.9.0.0/16"
ctl reload >/dev/null
check_eq "reload, ttl 32 and a route less: same device" "$idx" "$(ifindex)"
check_eq "  ttl changed in place" 32 "$(attr ttl)"
check_eq "  the route taken away is gone" "10.9.0.0/16" "$(routes | xargs)"
check_eq "  daemon-stats: changed 1" 1 "$(devstat changed)"

write_conf "local 192.0.2.9 iid 7 ttl 32 mtu 1400 route 10.9.0.0/16"
ctl reload >/dev/null
check "reload, local changed: lisp0 made again (new ifindex)" \
	test -n "$(ifindex)" -a "$(ifindex)" != "$idx"
check_eq "  with the new local address" 192.0.2.9 "$(attr local)"
check_eq "  the map-cache line sent to the new device" 10.9.0.0/16 "$(mapped)"
check_eq "  its route again" "10.9.0.0/16" "$(routes | xargs)"
check "  traffic goes out through it" sent
check_eq "  daemon-stats: made again 1" 1 "$(devstat made_again)"
grep -q "lisp0: local differs" $D/a.log
check_eq "  the log says why" 0 $?
idx=$(ifindex)

stop
check_eq "stop (on-stop keep, the default): lisp0 stays" "$idx" "$(ifindex)"
check_eq "  with its map-cache" 10.9.0.0/16 "$(mapped)"
start
check_eq "restart: lisp0 kept" "$idx" "$(ifindex)"
check_eq "  daemon-stats: created 0, changed 0, made again 0" "0 0 0" \
	"$(devstat created changed made_again)"

write_conf "local 192.0.2.9 iid 7 ttl 32 mtu 1400 route 10.9.0.0/16 on-stop delete"
ctl reload >/dev/null
stop
check_fails "on-stop delete: lisp0 gone at stop" ip -n a link show lisp0
grep -q "device lisp0 deleted (on-stop delete)" $D/a.log
check_eq "  and the log says so" 0 $?

write_conf "local 192.0.2.1"
start
check "restart: lisp0 created again" ip -n a link show lisp0
cat >$conf <<-CONF
log-level info
CONF
ctl reload >/dev/null
check_fails "reload without the device line: lisp0 deleted" ip -n a link show lisp0
check_eq "  daemon-stats: deleted 1" 1 "$(devstat deleted)"
stop

ip -n a link add lisp0 type dummy
write_conf "local 192.0.2.1"
start
out=$(ctl show daemon-stats -j 2>&1)
check "a dummy called lisp0: lispd still runs" test -n "$out"
check "  the error names the device and why" \
	grep -q "device lisp0: left alone: it exists and is not a lisp device" $D/a.log
check_eq "  the dummy is left alone" dummy "$(link lisp0 | jq -r '.[0].linkinfo.info_kind')"
stop

ksft_finish
