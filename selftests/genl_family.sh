#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The generic netlink family "lisp": registered with its version and the
# "miss" multicast group (checked with iproute2's genl, which we did not
# write), and answering device queries from lispd.
. "$(dirname "$0")/lib.sh"
ksft_header

check "module loads" modprobe lisp
ctrl=$(genl ctrl get name lisp 2>&1)
printf '# %s\n' "$ctrl"
check "family lisp registered" grep -q "Name: lisp" <<<"$ctrl"
check "version 1" grep -q "Version: 0x1 " <<<"$ctrl"
check "multicast group miss" grep -q "name: miss" <<<"$ctrl"

netns_new a
ip -n a link add lisp0 type lisp iid 7
ip -n a link add lisp1 type lisp port 5341
ip -n a link add dummy0 type dummy
out=$(ip netns exec a lispd show devices -j)
printf '# %s\n' "$out"
check_eq "lispd lists both lisp devices, not dummy0" "lisp0 lisp1" \
	"$(jq -r '[.[].name] | sort | join(" ")' <<<"$out")"
check_eq "iid reported" 7 "$(jq -r '.[] | select(.name == "lisp0") | .iid' <<<"$out")"
check_eq "port reported" 5341 "$(jq -r '.[] | select(.name == "lisp1") | .port' <<<"$out")"
check_eq "ifindex matches ip(8)" "$(ip -n a -j link show lisp1 | jq '.[0].ifindex')" \
	"$(jq -r '.[] | select(.name == "lisp1") | .ifindex' <<<"$out")"
check_eq "only the caller's netns is listed" 0 "$(lispd show devices -j | jq length)"
check "text form" sh -c "ip netns exec a lispd show devices | grep -Eq '^lisp0 +[0-9]+ +4341 +7 +on +off +0$'"
out=$(ip netns exec a lispd show device dummy0 2>&1)
check "a non-lisp device is refused with the kernel's reason" grep -q "not a lisp device" <<<"$out"
out=$(ip netns exec a lispd show device nosuch0 2>&1)
check "an unknown device is refused" grep -q "no such device" <<<"$out"

ksft_finish
