// SPDX-License-Identifier: GPL-2.0
/*
 * lispd: the LISP control-plane agent and its command line.  main()
 * finds the subcommand in a table, as wireguard-tools' wg does; each
 * subcommand lives in a file of its own (cli.h lists them):
 *
 *   show ...            kernel listings here, daemon listings by the
 *                       control socket (ctl_client.c)
 *   map-cache, database the kernel's tables (cmd_map.c)
 *   petr                proxy ETRs (cmd_petr.c)
 *   rloc                RLOC state (cmd_dev.c)
 *   monitor             miss notifications (cmd_monitor.c)
 *   lig                 ask a Map-Resolver (cmd_lig.c)
 *   run, reload         the control-plane daemon (agent/daemon/)
 *   version
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "daemon/daemon.h"

/* dkms.conf's PACKAGE_VERSION, also the module's (top Makefile). */
#ifndef LISPD_VERSION
#error "LISPD_VERSION comes from dkms.conf through the Makefile"
#endif
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static int show_devices(int argc, char **argv, bool json)
{
	(void)argc;
	(void)argv;
	return cmd_show_devices(NULL, json);
}

static int show_device(int argc, char **argv, bool json)
{
	(void)argc;
	return cmd_show_devices(argv[0], json);
}

static int show_map_cache(int argc, char **argv, bool json)
{
	(void)argc;
	(void)argv;
	return cmd_show_map_cache(json);
}

static int show_stats(int argc, char **argv, bool json)
{
	(void)argc;
	(void)argv;
	return lispd_show_stats_all(json);
}

/*
 * "lispd show WHAT": what the kernel knows, asked here; the daemon's
 * listings (daemon/show.c, lispd_ctl_is_show()) go to "lispd run".
 */
static const struct {
	const char *name;
	int nargs;		/* words after the name */
	int (*fn)(int argc, char **argv, bool json);
} show_cmds[] = {
	{ "devices", 0, show_devices },
	{ "device", 1, show_device },
	{ "map-cache", 0, show_map_cache },
	{ "stats", 0, show_stats },
};

static int cmd_show(int argc, char **argv, bool json)
{
	unsigned int i;

	if (argc < 1)
		return CLI_USAGE;
	for (i = 0; i < NELEM(show_cmds); i++) {
		if (strcmp(argv[0], show_cmds[i].name))
			continue;
		if (argc - 1 != show_cmds[i].nargs)
			return CLI_USAGE;
		return show_cmds[i].fn(argc - 1, argv + 1, json);
	}
	if (lispd_ctl_is_show(argv[0]))
		return lispd_ctl_cli("show", argc, argv, json);
	return CLI_USAGE;
}

static int cmd_run(int argc, char **argv, bool json)
{
	(void)json;
	return lispd_run_main(argc, argv);
}

static int cmd_reload(int argc, char **argv, bool json)
{
	return lispd_ctl_cli("reload", argc, argv, json);
}

static int cmd_version(int argc, char **argv, bool json)
{
	(void)argv;
	(void)json;
	if (argc)
		return CLI_USAGE;
	printf("lispd %s\n", LISPD_VERSION);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv, bool json);
	const char *help;	/* its usage lines */
} subcommands[] = {
	{ "show", cmd_show,
	  "lispd show devices [-j]\n"
	  "lispd show device NAME [-j]\n"
	  "lispd show map-cache [-j]             (every lisp device's)\n"
	  "lispd show stats [-j]\n"
	  "lispd show { sites | registrations | map-servers | itr | rlocs |\n"
	  "             subscriptions | map-resolver | etr | dynamic-eids |\n"
	  "             daemon-stats | moved } [-S SOCKET] [-j]\n"
	  "                                      (from lispd run; \"show\n"
	  "                                      map-resolvers\" and \"show\n"
	  "                                      database\", deprecated, are\n"
	  "                                      itr and etr)\n" },
	{ "map-cache", cmd_map_cache,
	  "lispd map-cache add dev DEV PREFIX { rloc ADDR [priority P] [weight W] [down] ... |\n"
	  "                                    action { drop | native-forward |\n"
	  "                                             send-map-request | use-petr } }\n"
	  "                                    [ttl SECONDS] [relay] [excl]\n"
	  "lispd map-cache del dev DEV PREFIX\n"
	  "lispd map-cache show dev DEV [EID | PREFIX] [-j]\n"
	  "lispd map-cache flush dev DEV\n"
	  "lispd map-cache load dev DEV [FILE]   (one PREFIX ... per line)\n" },
	{ "database", cmd_database,
	  "lispd database { add | del | show | flush | load } dev DEV ...  (as map-cache)\n" },
	{ "petr", cmd_petr,
	  "lispd petr set dev DEV ADDR [priority P] [weight W] [down] [ADDR ...]\n"
	  "lispd petr { show | flush } dev DEV\n" },
	{ "rloc", cmd_rloc,
	  "lispd rloc dev DEV ADDR { up | down }  (and the daemon's, below)\n"
	  "lispd rloc ADDR { up | down } [-S SOCKET]  (a locator of the\n"
	  "                                      database of lispd run)\n" },
	{ "monitor", cmd_monitor,
	  "lispd monitor [count N] [-j]          (kernel miss notifications)\n" },
	{ "lig", cmd_lig,
	  "lispd lig EID [iid N] to MAP-RESOLVER [count N] [timeout S]\n"
	  "          [source ADDR] [port N] [-j]   (ask a Map-Resolver)\n" },
	{ "run", cmd_run,
	  "lispd run [-f FILE] [-S SOCKET] [--no-kernel]  (the daemon)\n" },
	{ "reload", cmd_reload,
	  "lispd reload [-S SOCKET]              (re-read the daemon's file)\n" },
	{ "version", cmd_version,
	  "lispd { version | --version }\n" },
};

/* Every subcommand's lines, the first after "Usage: ". */
static int usage(FILE *f, int rc)
{
	const char *p, *nl;
	unsigned int i;
	bool first = true;

	for (i = 0; i < NELEM(subcommands); i++) {
		for (p = subcommands[i].help; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			fprintf(f, "%s%.*s\n", first ? "Usage: " : "       ",
				(int)(nl - p), p);
			first = false;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	bool json = false;
	int i, n = 0, rc;
	char **args = calloc(argc, sizeof(*args));
	unsigned int c;

	if (!args)
		return 1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
			 !strcmp(argv[i], "help"))
			return usage(stdout, 0);
		else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V"))
			return cmd_version(0, NULL, false);
		else
			args[n++] = argv[i];
	}
	for (c = 0; n && c < NELEM(subcommands); c++) {
		if (strcmp(args[0], subcommands[c].name))
			continue;
		rc = subcommands[c].fn(n - 1, args + 1, json);
		return rc == CLI_USAGE ? usage(stderr, 2) : rc;
	}
	return usage(stderr, 2);
}
