// SPDX-License-Identifier: GPL-2.0
/*
 * The ITR's refresh scan (agent/itr/refresh.c), driven as role_itr.c
 * drives it over fake map-cache dumps: one step takes at most
 * LISP_ITR_SCAN_STEP entries whatever the size of the map-caches, the
 * next resumes where it stopped, a round reads every entry once, starts
 * every LISP_ITR_SCAN_PERIOD_MS, refreshes the entries that are due and
 * forgets owned entries the kernel no longer has only after a complete
 * round.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_itr.h"
#include "tap.h"

#define NDEV	4

/* The kernel, as the scan sees it: entries per device, dumps that fail. */
struct fake {
	unsigned int ndev;
	unsigned int n[NDEV];
	bool fail[NDEV];
	unsigned int due;	/* entries 0..due-1 of each device want a refresh */
	/* the reading */
	unsigned int cur;	/* next entry of the device being read */
	unsigned int seen[NDEV];
	unsigned int steps, max_step, sent;
};

static struct lisp_itr_pkt pkt;

static void entry(unsigned int dev, unsigned int i, bool due,
		  struct lisp_itr_installed *e)
{
	memset(e, 0, sizeof(*e));
	e->dev = DEV + dev;
	e->eid = IP("10.0.0.0");
	e->eid.addr[1] = (uint8_t)(i >> 16);
	e->eid.addr[2] = (uint8_t)(i >> 8);
	e->eid.addr[3] = (uint8_t)i;
	e->plen = 32;
	e->ttl_s = 600;
	e->has_expires = true;
	e->expires_ms = due ? 1000 : 500000;
	e->idle_ms = 0;
}

static struct lisp_itr_map map_of(unsigned int dev, unsigned int i)
{
	struct lisp_itr_installed e;
	struct lisp_itr_map m = { .dev = DEV + dev, .plen = 32 };

	entry(dev, i, false, &e);
	m.eid = e.eid;
	return m;
}

/*
 * One turn of the event loop (role_itr.c's on_refresh): 1 if the step
 * paused, 0 if the round ended in it, -1 if there was nothing to do.
 */
static int turn(struct lisp_itr *itr, struct fake *f, uint64_t now)
{
	struct lisp_itr_installed e;
	unsigned int took = 0;
	int i = lisp_itr_scan_step(itr, now, f->ndev), rc = 0;

	if (i < 0)
		return -1;
	f->steps++;
	while (i >= 0) {
		while (f->cur < f->n[i]) {
			entry((unsigned int)i, f->cur, f->cur < f->due, &e);
			f->cur++;
			f->seen[i]++;
			took++;
			if (lisp_itr_scan_entry(itr, &e, now, &pkt) == 1)
				f->sent++;
			if (lisp_itr_scan_paused(itr)) {
				rc = 1;
				goto out;
			}
		}
		f->cur = 0;
		i = lisp_itr_scan_dev_done(itr, !f->fail[i]);
	}
out:
	if (took > f->max_step)
		f->max_step = took;
	return rc;
}

/* Turns at now until the round ends; how many. */
static unsigned int round_at(struct lisp_itr *itr, struct fake *f,
			     uint64_t now)
{
	unsigned int n = 0;
	int rc;

	memset(f->seen, 0, sizeof(f->seen));
	f->steps = f->max_step = f->sent = 0;
	while ((rc = turn(itr, f, now)) == 1)
		n++;
	return rc == 0 ? n + 1 : n;
}

static void check_bound(void)
{
	struct lisp_itr *itr = test_itr();
	struct fake f = { .ndev = 3, .n = { 10000, 0, 5000 } };
	unsigned int turns;

	turns = round_at(itr, &f, 100000);
	TAP_OK(turns == 4 && f.steps == 4,
	       "15000 entries on 3 devices: a round of 4 steps (%u)", turns);
	TAP_OK(f.max_step == LISP_ITR_SCAN_STEP,
	       "no step takes more than %u entries (most: %u)",
	       LISP_ITR_SCAN_STEP, f.max_step);
	TAP_OK(f.seen[0] == 10000 && f.seen[1] == 0 && f.seen[2] == 5000,
	       "every entry read once, resuming where the last step stopped "
	       "(%u, %u, %u)", f.seen[0], f.seen[1], f.seen[2]);
	TAP_OK(turn(itr, &f, 100000) == -1 &&
	       turn(itr, &f, 100000 + LISP_ITR_SCAN_PERIOD_MS - 1) == -1 &&
	       lisp_itr_scan_due(itr) == 100000 + LISP_ITR_SCAN_PERIOD_MS,
	       "the next round waits for the period");
	turns = round_at(itr, &f, 100000 + LISP_ITR_SCAN_PERIOD_MS);
	TAP_OK(turns == 4 && f.seen[0] == 10000 && f.seen[2] == 5000,
	       "then runs again");
	lisp_itr_free(itr);

	/*
	 * As many entries as the ITR may own: many steps, none bigger (the
	 * last finds only the end of the dump).
	 */
	itr = test_itr();
	memset(&f, 0, sizeof(f));
	f.ndev = 1;
	f.n[0] = LISP_ITR_OWNED_MAX;
	turns = round_at(itr, &f, 100000);
	TAP_OK(turns == LISP_ITR_OWNED_MAX / LISP_ITR_SCAN_STEP + 1 &&
	       f.max_step == LISP_ITR_SCAN_STEP && f.seen[0] == f.n[0],
	       "%u entries: %u steps of at most %u", f.n[0], turns,
	       f.max_step);
	lisp_itr_free(itr);
}

static void check_refresh(void)
{
	struct lisp_itr *itr = test_itr();
	struct fake f = { .ndev = 2, .n = { 5000, 5000 }, .due = 3 };

	round_at(itr, &f, 100000);
	TAP_OK(f.sent == 6 && lisp_itr_stats(itr)->refreshes == 6,
	       "the entries due are refreshed, once each (%u)", f.sent);
	round_at(itr, &f, 100000 + LISP_ITR_SCAN_PERIOD_MS);
	TAP_OK(f.sent == 0, "and not again while their requests wait");
	lisp_itr_free(itr);
}

static void check_sweep(void)
{
	struct lisp_itr *itr = test_itr();
	struct fake f = { .ndev = 2, .n = { 5000, 100 } };
	struct lisp_itr_map in = map_of(0, 4999), gone = map_of(1, 100);

	lisp_itr_installed(itr, &in);
	lisp_itr_installed(itr, &gone);
	f.fail[1] = true;
	round_at(itr, &f, 100000);
	TAP_OK(lisp_itr_owns(itr, &in) && lisp_itr_owns(itr, &gone),
	       "a round with a failed dump forgets nothing");
	f.fail[1] = false;
	TAP_OK(turn(itr, &f, 200000) == 1, "a round starts");
	lisp_itr_scan_abort(itr);
	TAP_OK(!lisp_itr_scan_paused(itr) && lisp_itr_owns(itr, &gone),
	       "an aborted round forgets nothing");
	round_at(itr, &f, 300000);
	TAP_OK(lisp_itr_owns(itr, &in) && !lisp_itr_owns(itr, &gone),
	       "a complete round forgets the entry the kernel no longer has");
	TAP_OK(lisp_itr_scan_dev_done(itr, true) == -1,
	       "a device done with no round under way: nothing");
	f.ndev = 0;
	TAP_OK(turn(itr, &f, 400000) == -1 &&
	       lisp_itr_scan_due(itr) == 400000 + LISP_ITR_SCAN_PERIOD_MS,
	       "no devices: no round, and the next try a period later");
	lisp_itr_free(itr);
}

int main(void)
{
	check_bound();
	check_refresh();
	check_sweep();
	return tap_done();
}
