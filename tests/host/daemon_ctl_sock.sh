#!/bin/bash
# "lispd run -S PATH" (issue 11, item 8): the control socket's path is
# unlinked only if what is there is a stale socket.  A regular file, a
# directory or a symbolic link there is refused with a clear error and
# left alone; so is the socket of a lispd that still listens on it.  At
# exit lispd removes its own socket, not what replaced it.
# No kernel module needed (--no-kernel).
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

P=$(free_port)
echo "control-port $P" >"$tmp/d.conf"

# refused_at WHAT WHY [CONF]: lispd run -f CONF (d.conf) -S $tmp/d.sock
# fails with "control socket $tmp/d.sock: WHY".
refused_at() {
	local what=$1 out rc
	out=$(timeout 5 "$LISPD" run -f "$tmp/${3:-d}.conf" -S "$tmp/d.sock" \
		--no-kernel 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ $rc -ne 124 ] &&
		printf '%s\n' "$out" | grep -q "control socket $tmp/d.sock: $2"
	report $? "-S on $what: refused" "rc $rc: $out"
}

echo "precious" >"$tmp/d.sock"
refused_at "a regular file" "not a socket, not removed"
[ "$(cat "$tmp/d.sock" 2>/dev/null)" = precious ]
report $? "the regular file is left as it was"
rm -f "$tmp/d.sock"

mkdir "$tmp/d.sock"
refused_at "a directory" "not a socket, not removed"
[ -d "$tmp/d.sock" ]
report $? "the directory is left as it was"
rmdir "$tmp/d.sock"

echo "target" >"$tmp/target"
ln -s "$tmp/target" "$tmp/d.sock"
refused_at "a symbolic link" "not a socket, not removed"
[ -L "$tmp/d.sock" ] && [ "$(cat "$tmp/target")" = target ]
report $? "the link and its target are left as they were"
rm -f "$tmp/d.sock"

# A stale socket (no one listens) is replaced.
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
	"$tmp/d.sock"
[ -S "$tmp/d.sock" ]
report $? "a stale socket is there"
start d
report $? "lispd run replaces a stale socket" "$(cat "$tmp/d.log")"
jcheck "and answers on it" "$tmp/d.sock" "show daemon-stats" '.uptime_s >= 0'

# A live lispd's socket is not taken over (another port: the socket is
# what refuses it).
P2=$(free_port)
echo "control-port $P2" >"$tmp/d2.conf"
refused_at "a live lispd's socket" "in use (another lispd run is using it)" d2
jcheck "the first lispd still answers" "$tmp/d.sock" "show daemon-stats" \
	'.uptime_s >= 0'
stop d
report $? "lispd exits cleanly"
[ ! -e "$tmp/d.sock" ]
report $? "and removes its socket"

# What replaced its socket while it ran is not removed at exit.
start d
report $? "lispd run again" "$(cat "$tmp/d.log")"
rm -f "$tmp/d.sock"
echo "precious" >"$tmp/d.sock"
stop d
report $? "lispd exits cleanly"
[ "$(cat "$tmp/d.sock" 2>/dev/null)" = precious ]
report $? "leaving the file that replaced its socket"

finish
