#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Devices in several netns: each netns has its own (port, iid) space; a
# device moved to another netns keeps its underlay netns, and is removed
# when either netns goes away.
. "$(dirname "$0")/lib.sh"
ksft_header

netns_new a
netns_new b
check "lisp0 iid 7 in netns a" ip -n a link add lisp0 type lisp iid 7
check "lisp0 iid 7 in netns b too" ip -n b link add lisp0 type lisp iid 7
check "both up" sh -c "ip -n a link set lisp0 up && ip -n b link set lisp0 up"
check "delete netns b" ip netns delete b
ksft_netns=(a)
check "netns a's device untouched" ip -n a link show lisp0

netns_new c
netns_new d
check "create in c" ip -n c link add lisp5 type lisp iid 5
check "move it to d" ip -n c link set lisp5 netns d
check_fails "gone from c" ip -n c link show lisp5
check "present in d" ip -n d link show lisp5
check_eq "d reports a link netns (the underlay, c)" number \
	"$(ip -n d -d -j link show lisp5 | jq -r '.[0].link_netnsid | type')"
check_fails "iid 5 still taken in its underlay netns c" ip -n c link add lisp6 type lisp iid 5
check "iid 5 free in d's own underlay space" ip -n d link add lisp6 type lisp iid 5
check "delete underlay netns c" ip netns delete c
ksft_netns=(a d)
check_fails "moved device went with its underlay" ip -n d link show lisp5
check "d's own device stays" ip -n d link show lisp6

netns_new e
netns_new f
ip -n e link add lisp9 type lisp iid 9
ip -n e link set lisp9 netns f
check "delete the netns the device lives in" ip netns delete f
check "iid 9 is free again in its underlay netns e" ip -n e link add lisp9 type lisp iid 9

ksft_finish
