#!/bin/sh
# make bench-cp: the control-plane throughput of the real daemon.  One
# "lispd run --no-kernel" as Map-Server + Map-Resolver on 127.0.0.1 (1000
# sites of 100 /24 EID prefixes) pinned to CPU 0, bench/cp_bench on CPU 1
# registers every prefix, then sends ECM Map-Requests for 3 s; the figures
# are printed beside the pure-logic ones of ms_bench from the same run.
# A report: nothing here fails on a number.  Needs build/lispd,
# build/cp_bench and build/ms_bench (the make target builds them).
cd "$(dirname "$0")/.." || exit 1
B=build
SITES=${CP_SITES:-1000}
PER=${CP_PER:-100}
SECS=${CP_SECS:-3}
WINDOW=${CP_WINDOW:-128}
# A high port of our own, so a lispd on 4342 or a parallel run is no bother.
PORT=${CP_PORT:-$((40000 + $$ % 20000))}
TARGET=200000

tmp=$(mktemp -d /tmp/cp_bench.XXXXXX) || exit 1
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Two cores: the daemon on one, the generator on the other.
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
	CPU0="taskset -c 0"
	CPU1="taskset -c 1"
else
	CPU0=""
	CPU1=""
	echo "(fewer than 2 CPUs or no taskset: not pinned)"
fi

# Site s<i> owns prefixes k = i*PER .. i*PER+PER-1: 10.0.0.0 + k*256 /24,
# as bench/cp_bench.c computes them.
awk -v port="$PORT" -v sites="$SITES" -v per="$PER" 'BEGIN {
	print "log-level info"
	print "control-port " port
	print "map-resolver enable"
	# One source sends everything: no per-source limit (issue 11).
	print "rate-limit requests 0 1"
	for (i = 0; i < sites; i++) {
		printf "site add s%d key key-of-s%d key-type sha256\n", i, i
		for (j = 0; j < per; j++) {
			a = 167772160 + (i * per + j) * 256
			printf "site prefix s%d %d.%d.%d.0/24\n", i,
			       int(a / 16777216), int(a / 65536) % 256,
			       int(a / 256) % 256
		}
	}
}' >"$tmp/lispd.conf"

rcvbuf_errors() {
	awk '/^Udp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 } else print $c }' /proc/net/snmp
}

$CPU0 "$B/lispd" run --no-kernel -f "$tmp/lispd.conf" -S "$tmp/sock" \
	2>"$tmp/lispd.log" &
pid=$!
i=0
while [ ! -S "$tmp/sock" ] && [ $i -lt 200 ]; do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
	i=$((i + 1))
done
if [ ! -S "$tmp/sock" ]; then
	echo "lispd did not start:"
	cat "$tmp/lispd.log"
	exit 1
fi

drops0=$(rcvbuf_errors)
$CPU1 "$B/cp_bench" -p "$PORT" -P "$pid" -s "$SITES" -n "$PER" \
	-w "$WINDOW" -t "$SECS" >"$tmp/gen.out" || {
	cat "$tmp/gen.out"
	exit 1
}
drops1=$(rcvbuf_errors)
"$B/lispd" show daemon-stats -S "$tmp/sock" -j >"$tmp/stats.json"
nreg=$("$B/lispd" show registrations -S "$tmp/sock" -j | jq length)
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=

# The pure-logic baseline, on the daemon's core.
$CPU0 "$B/ms_bench" -q >"$tmp/ms.out" || exit 1

sed 's/^/  /' "$tmp/gen.out"
echo "  daemon: $(jq -c '{received: .received | {map_register, ecm},
	sent: .sent | {map_reply}, accepted: .map_server.registers,
	rejected: ([.map_register_rejected[]] | add), proxy_replies:
	.map_server.proxy_replies, negative: (.map_server.negative_unregistered
	+ .map_server.negative_not_eid), errors: ([.errors[]] | add)}' \
	"$tmp/stats.json"), registrations $nreg"
echo "  UDP receive-buffer drops on the host during the run: $((drops1 - drops0))"
grep -v -e 'prefix.* registered' -e 'control port' -e 'exiting' \
	"$tmp/lispd.log" | head -5 | sed 's/^/  log: /'
echo

# key=value fields of one line of cp_bench's output.
field() {
	sed -n "s/^$1:.* $2=\([^ ]*\).*/\1/p" "$tmp/gen.out"
}
# "per second" column of a row of ms_bench's table.
ms_rate() {
	awk -v row="$1" 'index($0, row) == 1 { print $(NF - 1) }' "$tmp/ms.out"
}

awk -v req="$(field request replies_per_s)" \
    -v rcpu="$(field request daemon_cpu_s)" \
    -v replies="$(field request replies)" \
    -v late="$(field request late)" \
    -v acc="$(jq .map_server.registers "$tmp/stats.json")" \
    -v gsec="$(field register secs)" \
    -v gcpu="$(field register daemon_cpu_s)" \
    -v msreq="$(ms_rate 'Map-Request, proxy, from the ECM')" \
    -v msreg="$(ms_rate 'Map-Register HMAC-SHA-256, new')" \
    -v target="$TARGET" 'BEGIN {
	reg = gsec > 0 ? acc / gsec : 0
	inreq = replies - late
	# Per CPU-second of the daemon: what one core would do if it were
	# the daemon'"'"'s alone (the host may be shared).
	reqc = rcpu > 0 ? inreq / rcpu : 0
	regc = gcpu > 0 ? acc / gcpu : 0
	printf "%-34s %12s %14s %12s %8s\n", "lispd run, one core", "per second",
	       "per CPU-second", "ms_bench", "ratio"
	printf "%-34s %12.0f %14.0f %12.0f %7.3f\n",
	       "Map-Requests answered (ECM, proxy)", req, reqc, msreq,
	       (msreq > 0 ? req / msreq : 0)
	printf "%-34s %12.0f %14.0f %12.0f %7.3f\n",
	       "Map-Registers accepted (new)", reg, regc, msreg,
	       (msreg > 0 ? reg / msreg : 0)
	printf "\ntarget: >= %d Map-Requests/s for the whole daemon: %s",
	       target, (req >= target ? "met" : "not met")
	printf " (%.0f/s; %.0f per daemon CPU-second)\n", req, reqc
}'
