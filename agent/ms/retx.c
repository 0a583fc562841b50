// SPDX-License-Identifier: GPL-2.0
/*
 * The queue of the Map-Server's unsolicited Map-Notifies waiting for
 * their Map-Notify-Acks (RFC 9301 5.7): publications and moves share
 * it.  See ms_priv.h.
 */
#include <stdint.h>

#include "ms_priv.h"

static struct ms_retx *retx_first(const struct lisp_ms_link *q)
{
	return ms_entry(q->next, struct ms_retx, node);
}

/*
 * r into q by next_ms, after those due at the same time.  What is due
 * at once (a new publication) goes first without a walk; a retry walks
 * back from the end past those due later than it.
 */
static void retx_insert(struct lisp_ms_link *q, struct ms_retx *r)
{
	struct lisp_ms_link *pos = q->prev;

	if (ms_list_empty(q) || retx_first(q)->next_ms > r->next_ms) {
		ms_list_add_after(q, &r->node);
		return;
	}
	while (pos != q &&
	       ms_entry(pos, struct ms_retx, node)->next_ms > r->next_ms)
		pos = pos->prev;
	ms_list_add_after(pos, &r->node);
}

void ms_retx_start(struct lisp_ms_link *q, struct ms_retx *r, uint64_t due_ms)
{
	ms_list_del(&r->node);
	r->tries = 0;
	r->next_ms = due_ms;
	retx_insert(q, r);
}

void ms_retx_stop(struct ms_retx *r)
{
	ms_list_del(&r->node);
}

int ms_retx_poll(struct lisp_ms_link *q, uint64_t now_ms, ms_retx_fn fn,
		 void *arg)
{
	struct ms_retx *r;
	uint64_t due;

	while (!ms_list_empty(q)) {
		r = retx_first(q);
		if (r->next_ms > now_ms)
			return 0;
		due = fn(r, now_ms, arg);
		if (!due)
			continue;	/* r is out of q, and freed */
		r->tries++;
		r->next_ms = due;
		/* After the others due now: they get their turn first. */
		ms_list_del(&r->node);
		retx_insert(q, r);
		return 1;
	}
	return 0;
}

uint64_t ms_retx_next_ms(const struct lisp_ms_link *q)
{
	return ms_list_empty(q) ? UINT64_MAX : retx_first(q)->next_ms;
}
