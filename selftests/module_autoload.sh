#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lisp.ko loads on demand: "ip link add ... type lisp" (rtnl-link-lisp
# alias) and a generic netlink lookup of family "lisp".
. "$(dirname "$0")/lib.sh"
ksft_header

loaded() { [ -d /sys/module/lisp ]; }

check_fails "not loaded at start" loaded
check "modinfo finds the installed module" modinfo lisp
netns_new a
check "ip link add autoloads" ip -n a link add lisp0 type lisp
check "module is loaded" loaded
ip netns delete a
ksft_netns=()
check "unload" rmmod lisp
check_fails "unloaded" loaded
check "genl family lookup autoloads" genl ctrl get name lisp
check "module is loaded again" loaded
check "unload again" rmmod lisp

ksft_finish
