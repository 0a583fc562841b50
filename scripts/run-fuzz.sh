#!/bin/sh
# A bounded libFuzzer run of every fuzz target, as TAP (part of make check;
# "make fuzz FUZZ_TIME=600" for a longer run).
cd "$(dirname "$0")/.." || exit 1
t=${FUZZ_TIME:-20}
if out=$(make -s fuzz FUZZ_TIME="$t" 2>&1); then
	runs=$(printf '%s\n' "$out" | sed -n 's/.*stat::number_of_executed_units: *//p' | tail -n 1)
	echo "ok - fuzz: codec parsers, ${t}s, ${runs:-?} inputs, no crash"
else
	echo "not ok - fuzz: codec parsers crashed or failed"
	printf '%s\n' "$out" | tail -n 40 | sed 's/^/#   /'
	exit 1
fi
