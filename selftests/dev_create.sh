#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "ip link add/del ... type lisp": an L3 point-to-point device without ARP
# or link-layer address; duplicates of (port, iid) refused.
. "$(dirname "$0")/lib.sh"
ksft_header

netns_new a
check "create lisp0" ip -n a link add lisp0 type lisp
info=$(ip -n a -d -j link show lisp0)
check_eq "kind is lisp" lisp "$(jq -r '.[0].linkinfo.info_kind' <<<"$info")"
check_eq "link type none (no link layer)" none "$(jq -r '.[0].link_type' <<<"$info")"
flags=$(jq -r '.[0].flags | join(",")' <<<"$info")
check "POINTOPOINT flag" grep -qw POINTOPOINT <<<"$flags"
check "NOARP flag" grep -qw NOARP <<<"$flags"
check_eq "no link-layer address" null "$(jq -r '.[0].address' <<<"$info")"

out=$(ip -n a link add lisp1 type lisp 2>&1)
check_eq "second device with same port and no iid refused" 1 \
	"$(grep -c 'already uses this UDP port and instance-id' <<<"$out")"
check_fails "refused device was not created" ip -n a link show lisp1
check "same port, other iid accepted" ip -n a link add lisp1 type lisp iid 1
check "other port, no iid accepted" ip -n a link add lisp2 type lisp port 5341

check "delete lisp0" ip -n a link del lisp0
check_fails "lisp0 gone" ip -n a link show lisp0
check "after delete, (port, iid) is free again" ip -n a link add lisp0 type lisp
check "delete all" sh -c "ip -n a link del lisp0 && ip -n a link del lisp1 && ip -n a link del lisp2"
check_eq "no lisp device left" 0 "$(ip -n a -j link show type lisp | jq length)"

ksft_finish
