#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IFLA_LISP_* attributes through the iproute2 plugin: set at creation,
# shown by "ip -d link show" (text and JSON), validated by the kernel.
. "$(dirname "$0")/lib.sh"
ksft_header

netns_new a
js() { ip -n a -d -j link show "$1" | jq -r ".[0].linkinfo.info_data.$2"; }

check "plugin loads from \$IP_LIB_DIR" test -f "$IP_LIB_DIR/link_lisp.so"
check "create with every option" ip -n a link add lisp0 type lisp iid 7 \
	port 4341 local 192.0.2.1 ttl 64 tos 0x10
check_eq "iid in JSON" 7 "$(js lisp0 iid)"
check_eq "port in JSON" 4341 "$(js lisp0 port)"
check_eq "local in JSON" 192.0.2.1 "$(js lisp0 local)"
check_eq "ttl in JSON" 64 "$(js lisp0 ttl)"
check_eq "tos in JSON" 16 "$(js lisp0 tos)"
text=$(ip -n a -d link show lisp0)
check "text form names them" grep -q "lisp iid 7 port 4341 local 192.0.2.1 ttl 64 tos 0x10" <<<"$text"

check "defaults" ip -n a link add lisp1 type lisp local 2001:db8::1
check_eq "no iid by default" null "$(js lisp1 iid)"
check_eq "port 4341 by default" 4341 "$(js lisp1 port)"
check_eq "IPv6 local" 2001:db8::1 "$(js lisp1 local)"
check_eq "ttl inherit by default" inherit "$(js lisp1 ttl)"
check_eq "tos inherit by default" inherit "$(js lisp1 tos)"

out=$(ip -n a link add lisp2 type lisp iid 16777216 2>&1)
check "iid above 24 bits refused, with the range" grep -q "0 to 16777215" <<<"$out"
check_fails "port 0 refused" ip -n a link add lisp2 type lisp iid 9 port 0
out=$(ip -n a link add lisp2 type lisp iid 9 local 224.0.0.1 2>&1)
check "multicast local refused with a reason" grep -q "unicast" <<<"$out"
check_fails "unknown option refused" ip -n a link add lisp2 type lisp iid 9 bogus 1
check_fails "none of the refused devices exists" ip -n a link show lisp2

check "change ttl" ip -n a link set lisp0 type lisp ttl 32
check_eq "ttl changed" 32 "$(js lisp0 ttl)"
check "change tos to inherit" ip -n a link set lisp0 type lisp tos inherit
check_eq "tos changed" inherit "$(js lisp0 tos)"
out=$(ip -n a link set lisp0 type lisp iid 8 2>&1)
check "changing iid refused with a reason" grep -q "fixed at creation" <<<"$out"
check_eq "iid unchanged" 7 "$(js lisp0 iid)"
check_eq "ttl unchanged by the refused request" 32 "$(js lisp0 ttl)"

ksft_finish
