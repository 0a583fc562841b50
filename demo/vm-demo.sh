#!/bin/bash
# The demo, run inside the test VM: a LISP router's tunnel device.
# (Grows into the two-site network with a map-server as lispd lands.)
set -e
step() { printf '\n== %s\n' "$*"; }

ip netns add xtr1
trap 'ip netns delete xtr1' EXIT

step "lisp.ko is loaded on demand by: ip link add lisp0 type lisp iid 0 local 192.0.2.1"
ip -n xtr1 link add lisp0 type lisp iid 0 local 192.0.2.1
ip -n xtr1 link set lisp0 up
ip -n xtr1 addr add 198.51.100.1/32 dev lisp0
ip -n xtr1 route add 198.51.100.128/25 dev lisp0
lsmod | grep -E '^lisp '

step "ip -d link show lisp0"
ip -n xtr1 -d link show lisp0

step "lispd show devices"
ip netns exec xtr1 lispd show devices

step "genl ctrl get name lisp"
genl ctrl get name lisp
