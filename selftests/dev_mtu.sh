#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device MTU: room for the encapsulation overhead (36 bytes over IPv4,
# 56 over IPv6, RFC 9300 section 7) and kernel-enforced bounds.
. "$(dirname "$0")/lib.sh"
ksft_header

mtu() { ip -n a -j link show "$1" | jq -r '.[0].mtu'; }
maxmtu() { ip -n a -d -j link show "$1" | jq -r '.[0].max_mtu'; }
minmtu() { ip -n a -d -j link show "$1" | jq -r '.[0].min_mtu'; }

netns_new a
check "create, no local RLOC" ip -n a link add lisp0 type lisp
check_eq "default MTU 1500-56 (either outer family)" 1444 "$(mtu lisp0)"
check "create with IPv4 local RLOC" ip -n a link add lisp1 type lisp iid 1 local 192.0.2.1
check_eq "MTU 1500-36 over IPv4" 1464 "$(mtu lisp1)"
check "create with IPv6 local RLOC" ip -n a link add lisp2 type lisp iid 2 local 2001:db8::1
check_eq "MTU 1500-56 over IPv6" 1444 "$(mtu lisp2)"
check "explicit MTU at creation" ip -n a link add lisp3 mtu 9000 type lisp iid 3 local 192.0.2.1
check_eq "explicit MTU kept" 9000 "$(mtu lisp3)"
check_eq "min MTU 68" 68 "$(minmtu lisp0)"
check_eq "max MTU 65535-56" 65479 "$(maxmtu lisp0)"
check "set MTU 1280" ip -n a link set lisp0 mtu 1280
check_eq "MTU 1280" 1280 "$(mtu lisp0)"
check "set MTU 68" ip -n a link set lisp0 mtu 68
check_fails "MTU 67 refused" ip -n a link set lisp0 mtu 67
check_fails "MTU 65480 refused" ip -n a link set lisp0 mtu 65480
check_eq "refused changes leave MTU 68" 68 "$(mtu lisp0)"

ksft_finish
