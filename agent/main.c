// SPDX-License-Identifier: GPL-2.0
/*
 * lispd: the LISP control-plane agent and its command line.
 *
 *   lispd show devices [-j]        lisp devices of this netns (kernel)
 *   lispd show device NAME [-j]
 *   lispd map-cache ...            the kernel map-cache (cmd_map.c)
 *   lispd rloc ..., show stats     RLOC state, counters (cmd_dev.c)
 *   lispd lig EID to MR ...        ask a Map-Resolver (itr/lig.c)
 *   lispd run, reload, show sites  the control-plane daemon and its
 *                                  control socket (daemon/)
 *   lispd version
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "daemon/daemon.h"
#include "itr/lig.h"

#define LISPD_VERSION "0.1.0"

static int usage(FILE *f, int rc)
{
	fprintf(f,
		"Usage: lispd show devices [-j]\n"
		"       lispd show device NAME [-j]\n"
		"       lispd map-cache add dev DEV PREFIX { rloc ADDR [priority P] [weight W] [down] ... |\n"
		"                                           action { drop | native-forward |\n"
		"                                                    send-map-request | use-petr } }\n"
		"                                           [ttl SECONDS] [excl]\n"
		"       lispd show map-cache [-j]             (every lisp device's)\n"
		"       lispd map-cache del dev DEV PREFIX\n"
		"       lispd map-cache show dev DEV [EID | PREFIX] [-j]\n"
		"       lispd map-cache flush dev DEV\n"
		"       lispd map-cache load dev DEV [FILE]   (one PREFIX ... per line)\n"
		"       lispd database { add | del | show | flush | load } dev DEV ...  (as map-cache)\n"
		"       lispd petr set dev DEV ADDR [priority P] [weight W] [down] [ADDR ...]\n"
		"       lispd petr { show | flush } dev DEV\n"
		"       lispd rloc dev DEV ADDR { up | down }\n"
		"       lispd show stats [-j]\n"
		"       lispd monitor [count N] [-j]          (kernel miss notifications)\n"
		"       lispd lig EID [iid N] to MAP-RESOLVER [count N] [timeout S]\n"
		"                 [source ADDR] [port N] [-j]   (ask a Map-Resolver)\n"
		"       lispd run [-f FILE] [-S SOCKET] [--no-kernel]  (the daemon)\n"
		"       lispd reload [-S SOCKET]              (re-read the daemon's file)\n"
		"       lispd show { sites | registrations | map-servers | map-resolvers |\n"
		"                    map-resolver | database | daemon-stats } [-S SOCKET] [-j]\n"
		"                                             (from lispd run)\n"
		"       lispd version\n");
	return rc;
}

int main(int argc, char **argv)
{
	bool json = false;
	int i, n = 0;
	char **args = calloc(argc, sizeof(*args));

	if (!args)
		return 1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
			 !strcmp(argv[i], "help"))
			return usage(stdout, 0);
		else
			args[n++] = argv[i];
	}
	if (n >= 1 && !strcmp(args[0], "map-cache"))
		return cmd_map_cache(n - 1, args + 1, json);
	if (n >= 1 && !strcmp(args[0], "database"))
		return cmd_database(n - 1, args + 1, json);
	if (n >= 1 && !strcmp(args[0], "petr"))
		return cmd_petr(n - 1, args + 1, json);
	if (n == 1 && !strcmp(args[0], "version")) {
		printf("lispd %s\n", LISPD_VERSION);
		return 0;
	}
	if (n == 2 && !strcmp(args[0], "show") && !strcmp(args[1], "map-cache"))
		return cmd_show_map_cache(json);
	if (n == 2 && !strcmp(args[0], "show") && !strcmp(args[1], "devices"))
		return cmd_show_devices(NULL, json);
	if (n == 2 && !strcmp(args[0], "show") && !strcmp(args[1], "stats"))
		return lispd_show_stats_all(json);
	if (n >= 1 && !strcmp(args[0], "run"))
		return lispd_run_main(n - 1, args + 1);
	if (n >= 1 && !strcmp(args[0], "reload"))
		return lispd_ctl_cli(n, args, json);
	if (n >= 2 && !strcmp(args[0], "show") && lispd_ctl_is_show(args[1]))
		return lispd_ctl_cli(n, args, json);
	if (n >= 1 && !strcmp(args[0], "monitor"))
		return cmd_monitor(n - 1, args + 1, json);
	if (n >= 1 && !strcmp(args[0], "lig"))
		return cmd_lig(n - 1, args + 1, json);
	if (n >= 1 && !strcmp(args[0], "rloc"))
		return cmd_rloc(n - 1, args + 1);
	if (n == 3 && !strcmp(args[0], "show") && !strcmp(args[1], "device"))
		return cmd_show_devices(args[2], json);
	return usage(stderr, 2);
}
