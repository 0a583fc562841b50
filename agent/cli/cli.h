/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lispd command line: every subcommand main.c's table calls, one
 * file each (cmd_*.c, ctl_client.c).  A command takes the words after
 * its name (argv[0] is the first of them; "-j" is taken out and given as
 * json) and returns the exit status, or CLI_USAGE for main() to print
 * the usage and exit with 2.
 */
#ifndef LISPD_CLI_H
#define LISPD_CLI_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_USAGE	(-1)

/* cmd_map.c: argv[0] is the operation: add, del, show, flush, load. */
int cmd_map_cache(int argc, char **argv, bool json);
/* The same for the database (local EID prefixes). */
int cmd_database(int argc, char **argv, bool json);
/* "show map-cache": the map-cache of every lisp device of this netns. */
int cmd_show_map_cache(bool json);
/* One locator: label ADDR priority P weight W up|down, or its object. */
struct printer;
struct lisp_kloc;
void cli_print_kloc(struct printer *p, const struct lisp_kloc *l,
		    const char *label);

/* cmd_petr.c: petr { set | show | flush } dev DEV ... */
int cmd_petr(int argc, char **argv, bool json);

/* cmd_dev.c: one device by name, or all of this netns. */
int cmd_show_devices(const char *name, bool json);
/* The kernel's counters, per device and for the netns. */
int cmd_show_stats(bool json);
/* dev DEV ADDR up|down */
int cmd_rloc(int argc, char **argv, bool json);

/* cmd_monitor.c: print miss notifications: [count N]. */
int cmd_monitor(int argc, char **argv, bool json);

/*
 * cmd_lig.c: "lispd lig EID [iid N] to MAP-RESOLVER [count N]
 * [timeout S] [source ADDR] [port N] [-j]": ask a Map-Resolver for the
 * mapping of an EID, as the lig tool does.  Exit status 0 on an answer,
 * 1 on no answer or a failure, 2 on a usage error.
 */
int cmd_lig(int argc, char **argv, bool json);

/*
 * ctl_client.c: ask "lispd run" over its control socket.  The request
 * is req ("show", "reload") and argv's words; "-S SOCKET" among them
 * names the socket.
 */
int lispd_ctl_cli(const char *req, int argc, char **argv, bool json);
/*
 * Send line to "lispd run" at the default socket if one answers, quietly:
 * its reply's status (0 or 1), or -1 if none answered.
 */
int lispd_ctl_tell(const char *line);
/* "lispd show stats": the kernel's counters, then the daemon's if up. */
int lispd_show_stats_all(bool json);

#endif /* LISPD_CLI_H */
