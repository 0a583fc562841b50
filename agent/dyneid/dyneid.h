/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dynamic EIDs (issue 12): the hosts of one roaming prefix that are
 * present behind this xTR, as neighbour discovery reports them.  Pure:
 * the daemon (agent/daemon/dyneid.c) reads the kernel's neighbour table
 * and events, turns each into an enum lisp_dyn_ev, passes the time, and
 * does what the answer says (install or withdraw the host).
 *
 * A host is detected when a usable neighbour entry (reachable, stale,
 * delay, probe, permanent) appears for an address inside the prefix.  An
 * entry that is deleted, or that fails after being usable, does not
 * withdraw the host at once: the host is "leaving" for hold_ms, and a
 * usable entry before then keeps it (a neighbour flap, an entry flushed
 * and learnt again).  Incomplete and failed entries of an address never
 * seen usable detect nothing.  At most max_hosts hosts; one more is
 * refused and counted.
 */
#ifndef LISPD_DYNEID_DYNEID_H
#define LISPD_DYNEID_DYNEID_H

#include <stdbool.h>
#include <stdint.h>

#include "proto/addr.h"

#define LISP_DYN_MAX_HOSTS_DEFAULT	256
#define LISP_DYN_MAX_HOSTS_MAX		4096
#define LISP_DYN_HOLD_MS_DEFAULT	3000
#define LISP_DYN_NONE			UINT64_MAX	/* no deadline */

/* What a neighbour entry of the interface says about an address. */
enum lisp_dyn_ev {
	LISP_DYN_EV_USABLE,	/* reachable, stale, delay, probe, permanent */
	LISP_DYN_EV_FAILED,	/* resolution failed */
	LISP_DYN_EV_GONE,	/* entry deleted */
};

/* What the caller does about it. */
enum lisp_dyn_act {
	LISP_DYN_ACT_NONE,
	LISP_DYN_ACT_ADD,	/* a new host: install and register it */
	LISP_DYN_ACT_REFUSED,	/* a new host over max_hosts: nothing kept */
};

enum lisp_dyn_state {
	LISP_DYN_PRESENT,
	LISP_DYN_LEAVING,	/* gone or failed; withdrawn at leave_at_ms */
};

struct lisp_dyn_host {
	struct lisp_ip addr;
	enum lisp_dyn_state state;
	uint64_t since_ms;	/* detected */
	uint64_t leave_at_ms;	/* LISP_DYN_LEAVING only */
	bool seen;		/* usable since lisp_dyn_mark() */
};

struct lisp_dyn_stats {
	uint64_t detected;
	uint64_t withdrawn;	/* gone for hold_ms */
	uint64_t refused_limit;	/* over max_hosts */
	uint64_t moved_away;	/* the Map-Server saw it elsewhere */
};

struct lisp_dyn_table {
	struct lisp_ip prefix;	/* host bits clear */
	uint8_t plen;
	unsigned int max_hosts;
	uint32_t hold_ms;
	unsigned int nhost;
	struct lisp_dyn_host *host;	/* max_hosts of room, unordered */
	struct lisp_dyn_stats stats;
};

/* 0, or -1 (out of memory); max_hosts 1 .. LISP_DYN_MAX_HOSTS_MAX. */
int lisp_dyn_init(struct lisp_dyn_table *t, const struct lisp_ip *prefix,
		  uint8_t plen, unsigned int max_hosts, uint32_t hold_ms);
void lisp_dyn_fini(struct lisp_dyn_table *t);
/* Is addr inside the table's prefix (same family)? */
bool lisp_dyn_covers(const struct lisp_dyn_table *t, const struct lisp_ip *addr);
/* The host of addr, or NULL. */
struct lisp_dyn_host *lisp_dyn_find(struct lisp_dyn_table *t,
				    const struct lisp_ip *addr);
/* A neighbour event for addr at now_ms (addresses outside: NONE). */
enum lisp_dyn_act lisp_dyn_event(struct lisp_dyn_table *t,
				 const struct lisp_ip *addr,
				 enum lisp_dyn_ev ev, uint64_t now_ms);
/* The earliest leave_at_ms, or LISP_DYN_NONE. */
uint64_t lisp_dyn_next_deadline(const struct lisp_dyn_table *t);
/*
 * Take out one host whose hold ran out by now_ms: true with its address
 * in *out (counted withdrawn), false when there is none.  The caller
 * withdraws it and calls again.
 */
bool lisp_dyn_expire_one(struct lisp_dyn_table *t, uint64_t now_ms,
			 struct lisp_ip *out);
/*
 * The Map-Server says addr registered at another xTR: take it out now
 * (counted moved_away).  True if it was here.
 */
bool lisp_dyn_moved_away(struct lisp_dyn_table *t, const struct lisp_ip *addr);
/*
 * A dump of the neighbour table after events were lost: mark, feed the
 * dump's entries to lisp_dyn_event, sweep.  A present host the dump did
 * not show is leaving from now_ms (its deletion was among the lost).
 */
void lisp_dyn_mark(struct lisp_dyn_table *t);
void lisp_dyn_sweep(struct lisp_dyn_table *t, uint64_t now_ms);
/* Take out the last host (the table goes): true with it in *out. */
bool lisp_dyn_pop(struct lisp_dyn_table *t, struct lisp_ip *out);

#endif /* LISPD_DYNEID_DYNEID_H */
