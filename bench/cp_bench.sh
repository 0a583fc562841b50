#!/bin/sh
# make bench-cp: the control-plane throughput of the real daemon beside
# its own logic, in the same run and on the same data.  One
# "lispd run --no-kernel" as Map-Server + Map-Resolver on 127.0.0.1 (1000
# sites of 100 /24 EID prefixes) pinned to CPU 0, bench/cp_bench on CPU 1
# registers every prefix, then sends ECM Map-Requests for 3 s.  Beside
# it, from the same run:
#   logic   "cp_bench -L": the same sites, Map-Registers and Map-Requests
#           through agent/ms in one process, no I/O (the baseline);
#   floor   "cp_bench -E": a responder with no logic at all answering the
#           same requests, 16 a syscall as lispd: the kernel's UDP work
#           per request, which no daemon on these sockets goes below;
#   workers lispd run --workers 1 and 2, daemon and generator on any CPU.
#
# Two kinds of figure:
#   wall clock   per second and per CPU-second of the daemon; they move
#                2x with the load of a shared host (noisy)
#   callgrind    instructions per answered Map-Request, daemon against
#                logic, over a fixed CP_CG_COUNT requests: the same every
#                run whatever the load, but user space only (the kernel's
#                part is what the floor shows)
# Skip the callgrind part with CP_CALLGRIND=0 (it is skipped if valgrind
# is not installed).  A report: nothing here fails on a number.  Needs
# build/lispd, build/cp_bench and build/ms_bench (make builds them).
cd "$(dirname "$0")/.." || exit 1
B=build
SITES=${CP_SITES:-1000}
PER=${CP_PER:-100}
SECS=${CP_SECS:-3}
WINDOW=${CP_WINDOW:-128}
CG=${CP_CALLGRIND:-1}
CG_COUNT=${CP_CG_COUNT:-20000}
LOGIC_COUNT=1000000
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
if [ "$CG" != 0 ] && ! command -v valgrind >/dev/null; then
	echo "(no valgrind: no instruction counts)"
	CG=0
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

# Start lispd run "$@" under $LAUNCH (taskset, valgrind) in the
# background as $pid, its control socket $tmp/sock; false if it does not
# come up.
start() {
	rm -f "$tmp/sock"
	# shellcheck disable=SC2086
	$LAUNCH "$B/lispd" run --no-kernel -f "$tmp/lispd.conf" \
		-S "$tmp/sock" "$@" 2>"$tmp/lispd.log" &
	pid=$!
	i=0
	while [ ! -S "$tmp/sock" ] && [ $i -lt 600 ]; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	[ -S "$tmp/sock" ] && return 0
	echo "lispd did not start:"
	cat "$tmp/lispd.log"
	return 1
}

stop() {
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}

gen() {
	$GEN_CPU "$B/cp_bench" -p "$PORT" -P "$pid" -s "$SITES" -n "$PER" \
		-w "$WINDOW" "$@"
}
GEN_CPU=$CPU1

# 1. Wall clock: the daemon, then its logic and ms_bench on its core.
LAUNCH=$CPU0 start || exit 1
drops0=$(rcvbuf_errors)
gen -m register >"$tmp/gen.out" || { cat "$tmp/gen.out"; exit 1; }
gen -m request -t "$SECS" >>"$tmp/gen.out" || { cat "$tmp/gen.out"; exit 1; }
drops1=$(rcvbuf_errors)
"$B/lispd" show daemon-stats -S "$tmp/sock" -j >"$tmp/stats.json"
nreg=$("$B/lispd" show registrations -S "$tmp/sock" -j | jq length)
stop
$CPU0 "$B/cp_bench" -L -s "$SITES" -n "$PER" -c "$LOGIC_COUNT" \
	>"$tmp/logic.out" || exit 1
$CPU0 "$B/ms_bench" -q >"$tmp/ms.out" || exit 1
# The floor: a responder with no logic (cp_bench -E), the kernel's UDP
# work per request alone, on the daemon's core.
$CPU0 "$B/cp_bench" -E "$PORT" >/dev/null &
pid=$!
sleep 0.2
gen -m request -t "$SECS" >"$tmp/floor.out" || { cat "$tmp/floor.out"; exit 1; }
stop

sed 's/^/  /' "$tmp/gen.out" "$tmp/logic.out"
sed 's/^request:/  floor:/' "$tmp/floor.out"
echo "  daemon: $(jq -c '{received: .received | {map_register, ecm},
	sent: .sent | {map_reply}, accepted: .map_server.registers,
	rejected: ([.map_register_rejected[]] | add), proxy_replies:
	.map_server.proxy_replies, negative: (.map_server.negative_unregistered
	+ .map_server.negative_not_eid), errors: ([.errors[]] | add)}' \
	"$tmp/stats.json"), registrations $nreg"
echo "  UDP receive-buffer drops on the host during the run: $((drops1 - drops0))"
grep -v -e 'prefix.* registered' -e 'control port' -e 'exiting' \
	"$tmp/lispd.log" | head -5 | sed 's/^/  log: /'

# 2. Wall clock, 1 and 2 worker threads (lispd run --workers N): the
# daemon and the generator on any CPU, for the second worker to have
# one (on 2 cores the generator takes much of it).
for w in 1 2; do
	GEN_CPU=
	LAUNCH= start --workers $w || exit 1
	gen -m register >/dev/null &&
		gen -m request -t "$SECS" >"$tmp/workers$w.out" ||
		{ cat "$tmp/workers$w.out"; exit 1; }
	stop
	sed "s/^request:/  --workers $w:/" "$tmp/workers$w.out"
done
GEN_CPU=$CPU1

# 3. Instructions: the daemon under callgrind, instrumented from the end
# of the registrations to the last of CG_COUNT Map-Replies, and its logic
# counted inside lisp_ms_handle_ecm only, over the same requests.
cg_daemon=
cg_logic=
cg_replies=
# key=value fields of one line of cp_bench's output.
field() {
	sed -n "s/^$1:.* $2=\([^ ]*\).*/\1/p" "$3"
}
summary() {
	sed -n 's/^summary: //p' "$1" 2>/dev/null
}
if [ "$CG" != 0 ]; then
	LAUNCH="$CPU0 valgrind -q --tool=callgrind --instr-atstart=no
		--callgrind-out-file=$tmp/cg.daemon" start || exit 1
	gen -m register >"$tmp/cg.gen" &&
		callgrind_control -i on "$pid" >/dev/null 2>&1 &&
		gen -m request -c "$CG_COUNT" >>"$tmp/cg.gen" &&
		callgrind_control -d "$pid" >/dev/null 2>&1 &&
		cg_daemon=$(summary "$tmp/cg.daemon.1")
	stop
	# Per Map-Reply: a request lost on the way cost no instructions.
	cg_replies=$(field request replies "$tmp/cg.gen")
	$CPU0 valgrind -q --tool=callgrind --instr-atstart=no \
		--collect-atstart=no --toggle-collect=lisp_ms_handle_ecm \
		--callgrind-out-file="$tmp/cg.logic" "$B/cp_bench" -L -W \
		-s "$SITES" -n "$PER" -c "$CG_COUNT" >"$tmp/cg.logic.out" &
	lpid=$!
	until grep -q ready "$tmp/cg.logic.out" 2>/dev/null ||
	      ! kill -0 $lpid 2>/dev/null; do
		sleep 0.2
	done
	callgrind_control -i on $lpid >/dev/null 2>&1
	kill -USR1 $lpid
	wait $lpid && cg_logic=$(summary "$tmp/cg.logic")
	# As in -L, every request should have had its positive answer.
	sed -n 's/^request: /  callgrind: /p' "$tmp/cg.gen"
fi
echo

# "per second" column of a row of ms_bench's table.
ms_rate() {
	awk -v row="$1" 'index($0, row) == 1 { print $(NF - 1) }' "$tmp/ms.out"
}

# "PER_SECOND PER_CPU_SECOND" of the request line of cp_bench output $1:
# Map-Replies in time per second, and per CPU-second of the responder
# (what one core would do if it were the responder's alone: the host
# may be shared).
rates() {
	awk '/^request:/ {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		cpu = v["daemon_cpu_s"]
		printf "%s %.0f\n", v["replies_per_s"],
		       (cpu > 0 ? (v["replies"] - v["late"]) / cpu : 0)
	}' "$1"
}

awk -v main="$(rates "$tmp/gen.out")" \
    -v floor="$(rates "$tmp/floor.out")" \
    -v w1="$(rates "$tmp/workers1.out")" \
    -v w2="$(rates "$tmp/workers2.out")" \
    -v acc="$(jq .map_server.registers "$tmp/stats.json")" \
    -v gsec="$(field register secs "$tmp/gen.out")" \
    -v gcpu="$(field register daemon_cpu_s "$tmp/gen.out")" \
    -v lreq="$(field logic per_cpu_s "$tmp/logic.out")" \
    -v lreg="$(field logic registers_per_cpu_s "$tmp/logic.out")" \
    -v msreq="$(ms_rate 'Map-Request, proxy, from the ECM')" \
    -v cgd="$cg_daemon" -v cgl="$cg_logic" -v cgn="$CG_COUNT" \
    -v cgr="$cg_replies" \
    -v target="$TARGET" 'BEGIN {
	split(main, m, " ")
	split(floor, fl, " ")
	split(w1, a, " ")
	split(w2, b, " ")
	req = m[1]
	reqc = m[2]
	reg = gsec > 0 ? acc / gsec : 0
	regc = gcpu > 0 ? acc / gcpu : 0
	f = "%-48s %12s %12s %8s\n"
	printf f, "lispd run against its logic (same data)", "lispd run",
	       "logic", "share"
	printf f, "Map-Requests per CPU-second (wall clock, noisy)",
	       sprintf("%.0f", reqc), sprintf("%.0f", lreq),
	       (lreq > 0 ? sprintf("%.1f%%", 100 * reqc / lreq) : "-")
	if (cgd != "" && cgl != "" && cgr > 0)
		printf f, "instructions per Map-Request (callgrind, user)",
		       sprintf("%.0f", cgd / cgr), sprintf("%.0f", cgl / cgn),
		       sprintf("%.1f%%", 100 * (cgl / cgn) / (cgd / cgr))
	printf f, "Map-Registers per CPU-second (wall clock, noisy)",
	       sprintf("%.0f", regc), sprintf("%.0f", lreg),
	       (lreg > 0 ? sprintf("%.1f%%", 100 * regc / lreg) : "-")
	printf "\n" f, "lispd run, wall clock (noisy)", "per second",
	       "per CPU-s", "share"
	printf f, "Map-Requests, one core", req, reqc, ""
	printf f, "UDP floor: a responder with no logic, one core", fl[1],
	       fl[2], (fl[2] > 0 ? sprintf("%.1f%%", 100 * reqc / fl[2]) : "-")
	printf f, "Map-Requests, --workers 1, any CPU", a[1], a[2], ""
	printf f, "Map-Requests, --workers 2, any CPU", b[1], b[2],
	       (a[1] > 0 ? sprintf("%.2fx", b[1] / a[1]) : "-")
	printf f, "Map-Registers accepted, one core", sprintf("%.0f", reg),
	       sprintf("%.0f", regc), ""
	printf "\nms_bench (its own 10,000 sites): %.0f Map-Requests (proxy, " \
	       "from the ECM) per second\n", msreq
	printf "\ntarget: lispd run >= 50%% of its logic per CPU-second: %s" \
	       " (%.1f%%)\n", (lreq > 0 && reqc >= lreq / 2 ? "met" : "not met"),
	       (lreq > 0 ? 100 * reqc / lreq : 0)
	printf "target: >= %d Map-Requests/s for the whole daemon: %s",
	       target, (req >= target ? "met" : "not met")
	printf " (%.0f/s; %.0f per daemon CPU-second)\n", req, reqc
}'
