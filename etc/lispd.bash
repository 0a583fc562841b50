# bash completion for lispd(8).  Installed as
# $(PREFIX)/share/bash-completion/completions/lispd by "make install".
# The commands are those of lispd's subcommand table (agent/cli/main.c)
# and of the daemon's "show" table (agent/daemon/show.c);
# tests/host/man_coverage.sh fails when one of them is missing here.
# Device names come from "ip -o link show type lisp".

_lispd_devices()
{
	ip -o link show type lisp 2>/dev/null |
		awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}

_lispd()
{
	local cur prev words cword
	_init_completion || return

	local cmds="show map-cache database petr rloc monitor lig run reload version help"
	local shows="devices device map-cache stats sites registrations map-servers itr rlocs subscriptions map-resolver etr dynamic-eids daemon-stats moved"
	local daemon_shows=" sites registrations map-servers itr rlocs subscriptions map-resolver etr dynamic-eids daemon-stats moved map-resolvers database "

	# The first word that is not an option is the command.
	local i cmd="" ci=0
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*) cmd=${words[i]}; ci=$i; break ;;
		esac
	done

	case $prev in
	dev)
		COMPREPLY=($(compgen -W "$(_lispd_devices)" -- "$cur"))
		return
		;;
	-f)
		_filedir
		return
		;;
	-S)
		_filedir
		return
		;;
	action)
		COMPREPLY=($(compgen -W "drop native-forward send-map-request use-petr" -- "$cur"))
		return
		;;
	priority | weight | ttl | count | timeout | iid | port | to | source | rloc)
		return
		;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-j --json -h --help -V --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		fi
		return
	fi

	local sub=${words[ci + 1]:-}
	local nargs=$((cword - ci))	# words after the command, this one included
	case $cmd in
	show)
		if [ $nargs -eq 1 ]; then
			COMPREPLY=($(compgen -W "$shows" -- "$cur"))
		elif [ $nargs -eq 2 ] && [ "$sub" = device ]; then
			COMPREPLY=($(compgen -W "$(_lispd_devices)" -- "$cur"))
		elif [[ $daemon_shows == *" $sub "* ]]; then
			COMPREPLY=($(compgen -W "-S -j" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "-j" -- "$cur"))
		fi
		;;
	map-cache | database)
		if [ $nargs -eq 1 ]; then
			COMPREPLY=($(compgen -W "add del show flush load" -- "$cur"))
		elif [ $nargs -eq 2 ]; then
			COMPREPLY=($(compgen -W "dev" -- "$cur"))
		elif [ "$sub" = add ] && [ $nargs -ge 5 ]; then
			COMPREPLY=($(compgen -W "rloc priority weight down action ttl relay excl" -- "$cur"))
		elif [ "$sub" = load ] && [ $nargs -eq 4 ]; then
			_filedir
		elif [ "$sub" = show ]; then
			COMPREPLY=($(compgen -W "-j" -- "$cur"))
		fi
		;;
	petr)
		if [ $nargs -eq 1 ]; then
			COMPREPLY=($(compgen -W "set show flush" -- "$cur"))
		elif [ $nargs -eq 2 ]; then
			COMPREPLY=($(compgen -W "dev" -- "$cur"))
		elif [ "$sub" = set ] && [ $nargs -ge 5 ]; then
			COMPREPLY=($(compgen -W "priority weight down" -- "$cur"))
		fi
		;;
	rloc)
		if [ $nargs -eq 1 ]; then
			COMPREPLY=($(compgen -W "dev" -- "$cur"))
		elif [ $nargs -eq 4 ] && [ "$sub" = dev ]; then
			COMPREPLY=($(compgen -W "up down" -- "$cur"))
		elif [ $nargs -eq 2 ] && [ "$sub" != dev ]; then
			COMPREPLY=($(compgen -W "up down" -- "$cur"))
		fi
		;;
	monitor)
		COMPREPLY=($(compgen -W "count -j" -- "$cur"))
		;;
	lig)
		[ $nargs -ge 2 ] &&
			COMPREPLY=($(compgen -W "iid to count timeout source port -j" -- "$cur"))
		;;
	run)
		COMPREPLY=($(compgen -W "-f -S --no-kernel --workers" -- "$cur"))
		;;
	reload)
		COMPREPLY=($(compgen -W "-S" -- "$cur"))
		;;
	esac
}
complete -F _lispd lispd
