/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Token buckets keyed by address, in a table of fixed size (issue 11):
 * each address gets up to burst messages at once and rate a second
 * after.  The table is set-associative: an address new to a full set
 * takes the place of the set's least recently seen one (counted as
 * evicted), so memory stays bounded whatever the number of sources,
 * and a flood of new (spoofed) addresses only recycles entries.  The
 * hash is keyed by a seed from the caller, so that the sets one
 * address lands in cannot be chosen from outside.  Pure: the caller
 * passes the time.
 */
#ifndef LISPD_LIB_RATELIMIT_H
#define LISPD_LIB_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "proto/addr.h"

#define LISP_RL_WAYS	8	/* entries per set */

struct lisp_rl_entry {
	struct lisp_ip key;	/* afi 0: free */
	uint64_t last_ms;	/* last refill */
	uint64_t milli;		/* tokens x 1000 */
};

struct lisp_rl {
	uint32_t rate;		/* tokens a second; 0: no limit */
	uint32_t burst;		/* bucket size, at least 1 */
	uint64_t seed;
	unsigned int nsets;	/* a power of two */
	struct lisp_rl_entry *tab;	/* nsets x LISP_RL_WAYS */
	uint64_t limited;	/* refused */
	uint64_t evicted;	/* entries taken for another address */
};

/*
 * One token bucket for all sources together: what per-address buckets
 * cannot bound when every message comes from another (spoofed) address.
 */
struct lisp_tb {
	uint32_t rate;		/* tokens a second; 0: no limit */
	uint32_t burst;		/* bucket size, at least 1 */
	bool primed;		/* last_ms and milli are set */
	uint64_t last_ms;	/* last refill */
	uint64_t milli;		/* tokens x 1000 */
	uint64_t limited;	/* refused */
};

/* New rate and burst; the bucket keeps its tokens (at most the burst). */
void lisp_tb_set(struct lisp_tb *tb, uint32_t rate, uint32_t burst);
/* May a message go now?  Takes a token if so. */
bool lisp_tb_allow(struct lisp_tb *tb, uint64_t now_ms);

/* A table of about size entries (rounded up); 0 or -1 (no memory). */
int lisp_rl_init(struct lisp_rl *rl, unsigned int size, uint64_t seed);
void lisp_rl_free(struct lisp_rl *rl);
/* New rate and burst; the buckets keep their state. */
void lisp_rl_set(struct lisp_rl *rl, uint32_t rate, uint32_t burst);
/* May a message keyed by ip go now?  Takes a token if so. */
bool lisp_rl_allow(struct lisp_rl *rl, const struct lisp_ip *ip,
		   uint64_t now_ms);

#endif /* LISPD_LIB_RATELIMIT_H */
