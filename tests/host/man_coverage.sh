#!/bin/bash
# Every user-facing name in the code is in the manual, and in the bash
# completion where it completes:
#   lispd(8)       each command of lispd's tables (agent/cli/main.c, the
#                  daemon's "show" table in agent/daemon/show.c), each word
#                  the command line compares (agent/cli/*.c,
#                  agent/lib/map_entry.c, the options of agent/daemon/run.c)
#                  and each map-cache action
#   lispd.conf(5)  each configuration command (agent/daemon/conf.c) and
#                  each word its parser compares (conf_cmd.c, conf_word.c)
#   lisp(4)        each module parameter (module_param in kmod/), device
#                  attribute (IFLA_LISP_* of uapi/linux/lisp.h) and counter
#                  (LISP_STAT_*, by the name lispd prints)
#   etc/lispd.bash every command and "show" listing
# A name counts only where the page shows it in bold, as a command or
# keyword is set (groff's rendering, not the source, is read), and for
# lisp(4) only in its own section.  Each list taken from the code must
# be about as long as it is today, so a change of layout that makes an
# extraction find nothing fails here instead of passing.
# Also: the pages render without groff warnings, lispd --version is
# dkms.conf's version, and the completion answers as it should.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/tap.sh

# bold FILE [SECTION]: the words groff sets in bold, one per line (of
# SECTION only, when given).  Bold is overstrike in grotty's -c mode.
bold() {
	LC_ALL=C groff -man -Tascii -P-c -rHY=0 -rLL=5000n "$1" 2>/dev/null |
		perl -e '
			my $want = shift;
			my $in = !defined $want || $want eq "";
			while (<STDIN>) {
				(my $plain = $_) =~ s/.\x08//g;
				if ($plain =~ /^(\S.*?)\s*$/) {	# a section heading
					$in = !defined $want || $want eq "" || $1 eq $want;
					next;
				}
				next unless $in;
				while (/((?:(.)\x08\2)+)/g) {
					(my $w = $1) =~ s/.\x08//g;
					print "$w\n";
				}
			}' "${2:-}" | sort -u
}

# strcmp_words FILE...: the words the code compares arguments with.
strcmp_words() {
	grep -ohE 'strcmp\([^,()]+, *"[^"]+"\)' "$@" | sed -E 's/.*"([^"]+)".*/\1/'
}

# covered WHAT MIN LIST_FILE WORDS_FILE WHERE: report that LIST_FILE has
# at least MIN names and each is in WORDS_FILE (the words of WHERE).
covered() {
	local what=$1 min=$2 list=$3 doc=$4 where=$5 n missing
	n=$(sort -u "$list" | grep -c .)
	[ "$n" -ge "$min" ]
	report $? "found the $what in the code ($n, at least $min expected)" \
		"the extraction broke? found: $(sort -u "$list" | tr '\n' ' ')"
	missing=$(sort -u "$list" | grep . | comm -23 - "$doc" | tr '\n' ' ')
	[ -z "$missing" ]
	report $? "every one of the $what is in $where" "missing: $missing"
}

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

for page in man/lispd.8 man/lispd.conf.5 man/lisp.4; do
	warn=$(LC_ALL=C groff -man -ww -z "$page" 2>&1)
	[ -z "$warn" ]
	report $? "$page renders without groff warnings" "$warn"
done

# --- lispd(8) ---
bold man/lispd.8 >"$t/lispd8"
# Entries of the command tables: '{ "name", ...'.
grep -ohE '^\s*\{ "[a-z-]+",' agent/cli/main.c | sed -E 's/.*"(.*)".*/\1/' >"$t/cli_cmds"
# The daemon's listings: the entries of "shows[]" in show.c.
sed -n '/^} shows\[\] = {/,/^};/p;/shows\[\] = {/,/^};/p' agent/daemon/show.c |
	grep -oE '\{ "[a-z-]+",' | sed -E 's/.*"(.*)".*/\1/' | sort -u >"$t/daemon_shows"
{
	cat "$t/cli_cmds" "$t/daemon_shows"
	strcmp_words agent/cli/*.c agent/lib/map_entry.c agent/daemon/run.c
	grep -ohE '\[LISP_MAP_[A-Z_]+\][[:space:]]*=[[:space:]]*"[a-z-]+"' agent/lib/map_entry.c |
		sed -E 's/.*"(.*)"/\1/' | grep -vx encap	# encap is "rloc"
} >"$t/cli_words"
covered "lispd commands" 12 "$t/cli_cmds" "$t/lispd8" "lispd(8)"
covered "daemon show listings" 7 "$t/daemon_shows" "$t/lispd8" "lispd(8)"
covered "command-line words and options" 50 "$t/cli_words" "$t/lispd8" "lispd(8)"

# --- lispd.conf(5) ---
bold man/lispd.conf.5 >"$t/conf5"
sed -n '/^} commands\[\] = {/,/^};/p' agent/daemon/conf.c |
	grep -oE '\{ "[a-z-]+",' | sed -E 's/.*"(.*)".*/\1/' >"$t/conf_cmds"
{
	cat "$t/conf_cmds"
	strcmp_words agent/daemon/conf_cmd.c agent/daemon/conf_word.c
	grep -ohE 'conf_keyword\(p, [^,]+, "[^"]+"' agent/daemon/conf_cmd.c |
		sed -E 's/.*"(.*)"$/\1/'
} | grep -E '^[a-z][a-z0-9-]*$' >"$t/conf_words"
covered "configuration commands" 11 "$t/conf_cmds" "$t/conf5" "lispd.conf(5)"
covered "configuration words" 30 "$t/conf_words" "$t/conf5" "lispd.conf(5)"

# --- lisp(4) ---
bold man/lisp.4 "MODULE PARAMETERS" >"$t/lisp4_params"
grep -ohE 'module_param(_named)?\( *[a-z_0-9]+' kmod/*.c | sed -E 's/.*\( *//' >"$t/params"
covered "module parameters" 2 "$t/params" "$t/lisp4_params" "lisp(4) MODULE PARAMETERS"

bold man/lisp.4 ATTRIBUTES >"$t/lisp4_attrs"
# IFLA_LISP_MISS_RATE is "miss-rate"; LOCAL and LOCAL6 are both "local".
grep -oE '^\s*IFLA_LISP_[A-Z0-9_]+,' uapi/linux/lisp.h | sed -E 's/^\s*IFLA_LISP_(.*),/\1/' |
	grep -vE '^(UNSPEC|MAX)$' | tr 'A-Z_' 'a-z-' | sed -E 's/6$//' | sort -u >"$t/attrs"
covered "device attributes (IFLA_LISP_*)" 8 "$t/attrs" "$t/lisp4_attrs" "lisp(4) ATTRIBUTES"

bold man/lisp.4 COUNTERS >"$t/lisp4_counters"
grep -oE '^\s*LISP_STAT_[A-Z0-9_]+,' uapi/linux/lisp.h | sed -E 's/^\s*(.*),/\1/' |
	grep -v '^LISP_STAT_UNSPEC$' | sort -u >"$t/stat_ids"
grep -oE '\[LISP_STAT_[A-Z0-9_]+\][[:space:]]*=[[:space:]]*"[a-z_0-9]+"' \
	agent/kernel/kernel_stats.c |
	sed -E 's/\[(LISP_STAT_[A-Z0-9_]+)\][[:space:]]*=[[:space:]]*"(.*)"/\1 \2/' |
	sort -u >"$t/stat_names"
unnamed=$(cut -d' ' -f1 "$t/stat_names" | comm -23 "$t/stat_ids" - | tr '\n' ' ')
[ -z "$unnamed" ]
report $? "every LISP_STAT_* has a name lispd prints (agent/kernel/kernel_stats.c)" \
	"without a name: $unnamed"
cut -d' ' -f2 "$t/stat_names" >"$t/counters"
covered "counters" 24 "$t/counters" "$t/lisp4_counters" "lisp(4) COUNTERS"

# --- bash completion ---
tr -s ' \t"' '\n\n\n' <etc/lispd.bash | sort -u >"$t/completion_words"
grep -vxE 'help|version' "$t/cli_cmds" >"$t/cli_cmds_nohelp"
covered "lispd commands" 11 "$t/cli_cmds_nohelp" "$t/completion_words" etc/lispd.bash
grep -vxE 'map-resolvers|database' "$t/daemon_shows" >"$t/daemon_shows_current"
covered "daemon show listings" 7 "$t/daemon_shows_current" \
	"$t/completion_words" etc/lispd.bash

if [ -r /usr/share/bash-completion/bash_completion ]; then
	# A fake ip(8) with one lisp device, for the device names.
	mkdir -p "$t/bin"
	cat >"$t/bin/ip" <<'EOF'
#!/bin/sh
[ "$*" = "-o link show type lisp" ] &&
	echo '7: lisp0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1464 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\    link/none '
EOF
	chmod +x "$t/bin/ip"
	complete_line() {	# complete_line WORD...: what TAB offers for the last one
		PATH="$t/bin:$PATH" bash -c '
			. /usr/share/bash-completion/bash_completion
			. etc/lispd.bash
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_lispd lispd "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
			echo "${COMPREPLY[*]}"' _ "$@" 2>&1
	}
	comp_is() {		# comp_is WANT WORD...
		local want=$1 got
		shift
		got=$(complete_line "$@")
		[ "$got" = "$want" ]
		report $? "completion of '$*' is '$want'" "got '$got'"
	}
	comp_is "show" lispd sh
	comp_is "lisp0" lispd map-cache add dev ""
	comp_is "lisp0" lispd show device l
	comp_is "drop native-forward send-map-request use-petr" \
		lispd map-cache add dev lisp0 10.0.0.0/8 action ""
	comp_is "up down" lispd rloc dev lisp0 192.0.2.1 ""
	comp_is "--version" lispd --vers
else
	skip "bash completion behaviour" "bash-completion is not installed (make deps)"
fi

# --- one version ---
out=$(make -s build/lispd 2>&1)
report $? "build lispd" "$out"
ver=$(scripts/version.sh)
for arg in --version version; do
	out=$(build/lispd $arg 2>&1)
	[ "$out" = "lispd $ver" ]
	report $? "lispd $arg prints dkms.conf's version ($ver)" "$out"
done

finish
