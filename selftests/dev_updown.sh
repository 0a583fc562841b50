#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Administrative up/down of a lisp device, and addresses on it.
. "$(dirname "$0")/lib.sh"
ksft_header

state() { ip -n a -j link show lisp0 | jq -r '.[0].flags | index("UP") != null'; }

netns_new a
check "create" ip -n a link add lisp0 type lisp
check_eq "starts down" false "$(state)"
check "set up" ip -n a link set lisp0 up
check_eq "UP flag set" true "$(state)"
check_eq "operstate unknown (no carrier concept)" UNKNOWN \
	"$(ip -n a -j link show lisp0 | jq -r '.[0].operstate')"
check_eq "no qdisc queue (IFF_NO_QUEUE)" noqueue \
	"$(ip -n a -j link show lisp0 | jq -r '.[0].qdisc')"
check "IPv4 address" ip -n a addr add 198.51.100.1/32 dev lisp0
check "IPv6 address" ip -n a addr add 2001:db8:1::1/128 dev lisp0 nodad
check "route via the device" ip -n a route add 198.51.100.128/25 dev lisp0
check_eq "route lookup picks lisp0" lisp0 \
	"$(ip -n a -j route get 198.51.100.130 | jq -r '.[0].dev')"
check "set down" ip -n a link set lisp0 down
check_eq "UP flag cleared" false "$(state)"
check_fails "route gone with the device down" \
	sh -c "ip -n a route show dev lisp0 | grep -q 198.51.100.128"
check "up again" ip -n a link set lisp0 up
for ((i = 1; i <= 20; i++)); do
	ip -n a link set lisp0 down && ip -n a link set lisp0 up || break
done
check_eq "20 down/up cycles" true "$(state)"
check "delete while up" ip -n a link del lisp0

ksft_finish
