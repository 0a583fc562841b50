/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's timers: a list ordered by deadline, which the event loop
 * drives from one timerfd armed for the head.  Pure (times are passed
 * in, monotonic milliseconds); a handful of timers, so O(n) insertion.
 */
#ifndef LISPD_DAEMON_TIMER_H
#define LISPD_DAEMON_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct lispd_timer;

typedef void (*lispd_timer_fn)(struct lispd_timer *t, void *arg);

struct lispd_timer {
	struct lispd_timer *next;
	uint64_t at_ms;
	bool armed;
	uint64_t armed_run;	/* lispd_timers.run when armed */
	lispd_timer_fn fn;
	void *arg;
};

struct lispd_timers {
	struct lispd_timer *head;	/* soonest first; ties in arming order */
	uint64_t run;			/* lispd_timers_run() calls */
};

#define LISPD_TIMER_NONE	UINT64_MAX

void lispd_timer_init(struct lispd_timer *t, lispd_timer_fn fn, void *arg);
/* Arm t for at_ms (moving it if armed already). */
void lispd_timer_set(struct lispd_timers *ts, struct lispd_timer *t,
		     uint64_t at_ms);
void lispd_timer_cancel(struct lispd_timers *ts, struct lispd_timer *t);
/* The earliest deadline, or LISPD_TIMER_NONE. */
uint64_t lispd_timers_next(const struct lispd_timers *ts);
/*
 * Fire the timers due at now_ms, soonest first; each is disarmed before
 * its function runs, which may arm it (or others) again.  One that is
 * re-armed for now_ms or earlier waits for the next call, so a careless
 * handler cannot spin the loop.  Returns how many fired.
 */
unsigned int lispd_timers_run(struct lispd_timers *ts, uint64_t now_ms);

#endif /* LISPD_DAEMON_TIMER_H */
