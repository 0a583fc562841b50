// SPDX-License-Identifier: GPL-2.0
/* The daemon's timer list (agent/daemon/timer.c). */
#include <string.h>

#include "daemon/timer.h"
#include "tap.h"

static char order[32];
static unsigned int norder;
static struct lispd_timers ts;

static void record(struct lispd_timer *t, void *arg)
{
	(void)t;
	if (norder < sizeof(order) - 1)
		order[norder++] = *(const char *)arg;
	order[norder] = '\0';
}

/* Re-arms itself for "now": must wait for the next run. */
static void rearm_now(struct lispd_timer *t, void *arg)
{
	record(t, arg);
	lispd_timer_set(&ts, t, t->at_ms);
}

static struct lispd_timer *victim;

static void cancel_victim(struct lispd_timer *t, void *arg)
{
	record(t, arg);
	lispd_timer_cancel(&ts, victim);
}

int main(void)
{
	struct lispd_timer a, b, c, d;

	lispd_timer_init(&a, record, "a");
	lispd_timer_init(&b, record, "b");
	lispd_timer_init(&c, record, "c");
	lispd_timer_init(&d, record, "d");
	TAP_OK(lispd_timers_next(&ts) == LISPD_TIMER_NONE, "empty: no deadline");
	lispd_timer_set(&ts, &a, 300);
	lispd_timer_set(&ts, &b, 100);
	lispd_timer_set(&ts, &c, 200);
	lispd_timer_set(&ts, &d, 100);
	TAP_OK(lispd_timers_next(&ts) == 100, "earliest deadline first");
	TAP_OK(lispd_timers_run(&ts, 99) == 0 && !norder, "nothing due at 99");
	TAP_OK(lispd_timers_run(&ts, 200) == 3 && !strcmp(order, "bdc"),
	       "due ones in deadline order, ties as armed: %s", order);
	TAP_OK(!b.armed && !c.armed && a.armed, "fired timers are disarmed");
	TAP_OK(lispd_timers_next(&ts) == 300, "next deadline 300");
	lispd_timer_set(&ts, &a, 50);
	TAP_OK(lispd_timers_next(&ts) == 50, "setting again moves a timer");
	lispd_timer_cancel(&ts, &a);
	lispd_timer_cancel(&ts, &a);
	TAP_OK(!a.armed && lispd_timers_next(&ts) == LISPD_TIMER_NONE,
	       "cancel (twice is harmless)");

	norder = 0;
	lispd_timer_init(&a, rearm_now, "a");
	lispd_timer_set(&ts, &a, 10);
	lispd_timer_set(&ts, &b, 10);
	TAP_OK(lispd_timers_run(&ts, 10) == 2 && !strcmp(order, "ab") &&
	       a.armed, "a handler re-arming for now waits: %s", order);
	TAP_OK(lispd_timers_run(&ts, 10) == 1 && !strcmp(order, "aba"),
	       "... and fires on the next run");
	lispd_timer_cancel(&ts, &a);

	norder = 0;
	victim = &c;
	lispd_timer_init(&b, cancel_victim, "b");
	lispd_timer_set(&ts, &b, 5);
	lispd_timer_set(&ts, &c, 6);
	lispd_timer_set(&ts, &d, 7);
	TAP_OK(lispd_timers_run(&ts, 10) == 2 && !strcmp(order, "bd"),
	       "a timer cancelled by an earlier handler does not fire: %s",
	       order);
	TAP_OK(lispd_timers_next(&ts) == LISPD_TIMER_NONE, "list empty");
	return tap_done();
}
