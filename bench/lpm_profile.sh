#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Instructions and simulated cache misses per LPM lookup at 1M prefixes,
# from callgrind: figures that do not move with the machine's load, unlike
# lpm_bench's wall clock.  D1/LL miss counts come from valgrind's cache
# model (the host's sizes), not from the hardware.
#   bench/lpm_profile.sh [LPM_BENCH [PREFIXES]]
bench=${1:-build/lpm_bench}
n=${2:-1000000}
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
command -v valgrind >/dev/null || { echo "lpm_profile: no valgrind" >&2; exit 1; }

printf '%-6s %-5s %8s %8s %8s %8s\n' family addr "Ir" "D1 miss" "LL miss" "B/pfx"
for f in 4 6; do
	valgrind --tool=callgrind --cache-sim=yes --LL=33554432,16,64 --instr-atstart=no \
		--collect-atstart=no --toggle-collect=lookups_rnd \
		--toggle-collect=lookups_hit --callgrind-out-file="$out/cg.$f" \
		"$bench" -p "$f" "$n" >"$out/log.$f" 2>&1 || { cat "$out/log.$f"; exit 1; }
	# "IPv6 999987 prefixes: 100000 lookups each, 68.6 bytes/prefix"
	set -- $(grep prefixes: "$out/log.$f")
	lookups=$4 bpp=$7
	callgrind_annotate --inclusive=yes --show-percs=no "$out/cg.$f" |
	awk -v f="IPv$f" -v n="$lookups" -v b="$bpp" '
		/^Events shown:/ { for (i = 3; i <= NF; i++) col[$i] = i - 2 }
		/:lookups_(rnd|hit) \[/ {
			gsub(",", ""); gsub(/ \. /, " 0 ")
			d1 = $col["D1mr"] + $col["D1mw"]; ll = $col["DLmr"] + $col["DLmw"]
			a = $0 ~ /lookups_rnd/ ? "rnd" : "hit"
			printf "%-6s %-5s %8.1f %8.2f %8.2f %8s\n", f, a, $col["Ir"] / n, d1 / n, ll / n, b
		}' | sort -k2,2r
done
