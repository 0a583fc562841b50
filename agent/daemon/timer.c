// SPDX-License-Identifier: GPL-2.0
/* The deadline-ordered timer list (see timer.h). */
#include <stddef.h>

#include "timer.h"

void lispd_timer_init(struct lispd_timer *t, lispd_timer_fn fn, void *arg)
{
	t->next = NULL;
	t->at_ms = 0;
	t->armed = false;
	t->armed_run = 0;
	t->fn = fn;
	t->arg = arg;
}

void lispd_timer_cancel(struct lispd_timers *ts, struct lispd_timer *t)
{
	struct lispd_timer **pp;

	if (!t->armed)
		return;
	for (pp = &ts->head; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->armed = false;
}

void lispd_timer_set(struct lispd_timers *ts, struct lispd_timer *t,
		     uint64_t at_ms)
{
	struct lispd_timer **pp;

	lispd_timer_cancel(ts, t);
	for (pp = &ts->head; *pp && (*pp)->at_ms <= at_ms; pp = &(*pp)->next)
		;
	t->at_ms = at_ms;
	t->next = *pp;
	*pp = t;
	t->armed = true;
	t->armed_run = ts->run;
}

uint64_t lispd_timers_next(const struct lispd_timers *ts)
{
	return ts->head ? ts->head->at_ms : LISPD_TIMER_NONE;
}

unsigned int lispd_timers_run(struct lispd_timers *ts, uint64_t now_ms)
{
	uint64_t run = ++ts->run;
	struct lispd_timer *t;
	unsigned int n = 0;

	/* A timer armed by a handler of this round waits for the next. */
	while ((t = ts->head) && t->at_ms <= now_ms && t->armed_run != run) {
		ts->head = t->next;
		t->next = NULL;
		t->armed = false;
		t->fn(t, t->arg);
		n++;
	}
	return n;
}
