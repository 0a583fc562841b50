#!/bin/sh
# Print the folder where the system's ip(8) looks for link plugins such
# as link_lisp.so.  iproute2 takes $IP_LIB_DIR, else its compiled-in
# LIBDIR "/ip" (lib/utils.c, get_ip_lib_dir()): upstream's default is
# /usr/lib/ip, Debian's /usr/lib/<multiarch>/ip.  That path is a string
# of the ip binary, so read it there; else guess from the architecture.
ip=$(command -v ip 2>/dev/null || { [ -x /sbin/ip ] && echo /sbin/ip; })
if [ -n "$ip" ]; then
	dir=$(LC_ALL=C tr '\0' '\n' <"$ip" 2>/dev/null |
		grep -m 1 -xE '/(usr/)?(local/)?lib(64|32)?(/[[:alnum:]_.+-]+)*/ip')
	if [ -n "$dir" ]; then
		echo "$dir"
		exit 0
	fi
fi
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null)
if [ -n "$ma" ] && [ -d "/usr/lib/$ma" ]; then
	echo "/usr/lib/$ma/ip"
else
	echo /usr/lib/ip
fi
