/* SPDX-License-Identifier: GPL-2.0 */
/* lispd subcommands that talk to the kernel directly. */
#ifndef LISPD_CMD_H
#define LISPD_CMD_H

#include <stdbool.h>
#include <stddef.h>

/* argv[0] is the operation: add, del, show, flush, load. */
int cmd_map_cache(int argc, char **argv, bool json);
/* "show map-cache": the map-cache of every lisp device of this netns. */
int cmd_show_map_cache(bool json);
/* The same for the database (local EID prefixes). */
int cmd_database(int argc, char **argv, bool json);
/* petr { set | show | flush } dev DEV ... */
int cmd_petr(int argc, char **argv, bool json);
/* One device by name, or all of this netns. */
int cmd_show_devices(const char *name, bool json);
int cmd_show_stats(bool json);
/* Print miss notifications: [count N]. */
int cmd_monitor(int argc, char **argv, bool json);
/* dev DEV ADDR up|down */
int cmd_rloc(int argc, char **argv);

#endif /* LISPD_CMD_H */
