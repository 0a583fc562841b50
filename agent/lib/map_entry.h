/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One map-cache or database entry in words, as "lispd map-cache add",
 * "lispd database add", "map-cache load" files and lispd.conf's
 * "map-cache add dev DEV" lines all give it:
 *
 *   PREFIX { rloc ADDR [priority P] [weight W] [down] ... |
 *            action ACTION } [ttl SECONDS] [excl]
 *
 * Pure: words in, a struct lisp_kmap or a reason out.  What the kernel
 * decides (a positive entry needs a locator, a negative one has none,
 * a database entry has no action) is left to it or to the caller.
 */
#ifndef LISPD_MAP_ENTRY_H
#define LISPD_MAP_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/kernel.h"

/* A locator's priority and weight when none is given (the kernel's too). */
#define LISPD_DEFAULT_PRIORITY	1
#define LISPD_DEFAULT_WEIGHT	100

/* What a caller accepts beyond the common grammar. */
#define MAP_ENTRY_EXCL	0x1	/* "excl", which sets *excl */
#define MAP_ENTRY_EXACT	0x2	/* no host bits past the prefix length */

/*
 * argv[0..argc) into *m (locators up, default priority and weight).
 * excl may be NULL without MAP_ENTRY_EXCL.  0, or -1 with the reason in
 * err ("weight \"x\": expected a number from 0 to 255").
 */
int map_entry_parse(int argc, char *const *argv, unsigned int flags,
		    struct lisp_kmap *m, bool *excl, char *err, size_t errlen);
/* "encap", "drop", ... (enum lisp_map_action), or "unknown". */
const char *map_action_name(unsigned int action);

#endif /* LISPD_MAP_ENTRY_H */
