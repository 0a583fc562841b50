// SPDX-License-Identifier: GPL-2.0
/*
 * The hosts of a roaming prefix (dyneid.h).  A table holds at most
 * LISP_DYN_MAX_HOSTS_MAX hosts and sees neighbour events at the rate
 * hosts come and go, so a linear scan is enough.
 */
#include <stdlib.h>
#include <string.h>

#include "dyneid.h"
#include "lib/bits.h"

int lisp_dyn_init(struct lisp_dyn_table *t, const struct lisp_ip *prefix,
		  uint8_t plen, unsigned int max_hosts, uint32_t hold_ms)
{
	memset(t, 0, sizeof(*t));
	if (!max_hosts || max_hosts > LISP_DYN_MAX_HOSTS_MAX)
		return -1;
	t->host = calloc(max_hosts, sizeof(*t->host));
	if (!t->host)
		return -1;
	t->prefix = *prefix;
	t->plen = plen;
	t->max_hosts = max_hosts;
	t->hold_ms = hold_ms;
	return 0;
}

void lisp_dyn_fini(struct lisp_dyn_table *t)
{
	free(t->host);
	memset(t, 0, sizeof(*t));
}

bool lisp_dyn_covers(const struct lisp_dyn_table *t, const struct lisp_ip *addr)
{
	return addr->afi == t->prefix.afi &&
	       prefix_bits_equal(addr->addr, t->prefix.addr, t->plen);
}

struct lisp_dyn_host *lisp_dyn_find(struct lisp_dyn_table *t,
				    const struct lisp_ip *addr)
{
	unsigned int i;

	for (i = 0; i < t->nhost; i++) {
		if (lisp_ip_equal(&t->host[i].addr, addr))
			return &t->host[i];
	}
	return NULL;
}

static void host_remove(struct lisp_dyn_table *t, struct lisp_dyn_host *h)
{
	*h = t->host[--t->nhost];
}

enum lisp_dyn_act lisp_dyn_event(struct lisp_dyn_table *t,
				 const struct lisp_ip *addr,
				 enum lisp_dyn_ev ev, uint64_t now_ms)
{
	struct lisp_dyn_host *h;

	if (!lisp_dyn_covers(t, addr))
		return LISP_DYN_ACT_NONE;
	h = lisp_dyn_find(t, addr);
	if (ev != LISP_DYN_EV_USABLE) {
		/* Never usable here: nothing to withdraw. */
		if (h && h->state == LISP_DYN_PRESENT) {
			h->state = LISP_DYN_LEAVING;
			h->leave_at_ms = now_ms + t->hold_ms;
		}
		return LISP_DYN_ACT_NONE;
	}
	if (h) {
		h->seen = true;
		h->state = LISP_DYN_PRESENT;
		h->leave_at_ms = 0;
		return LISP_DYN_ACT_NONE;
	}
	if (t->nhost == t->max_hosts) {
		t->stats.refused_limit++;
		return LISP_DYN_ACT_REFUSED;
	}
	h = &t->host[t->nhost++];
	memset(h, 0, sizeof(*h));
	h->addr = *addr;
	h->state = LISP_DYN_PRESENT;
	h->since_ms = now_ms;
	h->seen = true;
	t->stats.detected++;
	return LISP_DYN_ACT_ADD;
}

uint64_t lisp_dyn_next_deadline(const struct lisp_dyn_table *t)
{
	uint64_t at = LISP_DYN_NONE;
	unsigned int i;

	for (i = 0; i < t->nhost; i++) {
		if (t->host[i].state == LISP_DYN_LEAVING &&
		    t->host[i].leave_at_ms < at)
			at = t->host[i].leave_at_ms;
	}
	return at;
}

bool lisp_dyn_expire_one(struct lisp_dyn_table *t, uint64_t now_ms,
			 struct lisp_ip *out)
{
	unsigned int i;

	for (i = 0; i < t->nhost; i++) {
		if (t->host[i].state != LISP_DYN_LEAVING ||
		    t->host[i].leave_at_ms > now_ms)
			continue;
		*out = t->host[i].addr;
		host_remove(t, &t->host[i]);
		t->stats.withdrawn++;
		return true;
	}
	return false;
}

bool lisp_dyn_moved_away(struct lisp_dyn_table *t, const struct lisp_ip *addr)
{
	struct lisp_dyn_host *h = lisp_dyn_find(t, addr);

	if (!h)
		return false;
	host_remove(t, h);
	t->stats.moved_away++;
	return true;
}

void lisp_dyn_mark(struct lisp_dyn_table *t)
{
	unsigned int i;

	for (i = 0; i < t->nhost; i++)
		t->host[i].seen = false;
}

void lisp_dyn_sweep(struct lisp_dyn_table *t, uint64_t now_ms)
{
	unsigned int i;

	for (i = 0; i < t->nhost; i++) {
		if (t->host[i].seen || t->host[i].state != LISP_DYN_PRESENT)
			continue;
		t->host[i].state = LISP_DYN_LEAVING;
		t->host[i].leave_at_ms = now_ms + t->hold_ms;
	}
}

bool lisp_dyn_pop(struct lisp_dyn_table *t, struct lisp_ip *out)
{
	if (!t->nhost)
		return false;
	*out = t->host[--t->nhost].addr;
	return true;
}
