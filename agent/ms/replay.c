// SPDX-License-Identifier: GPL-2.0
/*
 * Anti-replay of Map-Registers (issue 11; modes in ms.h, enum
 * lisp_ms_replay).  An HMAC proves who made a Map-Register, not when:
 * a copy replayed later, a TTL 0 above all, would undo what the xTR
 * has registered since.  Per site: the highest nonce accepted from each
 * xTR-ID, and the last LISP_MS_NONCE_WINDOW nonces of Map-Registers
 * checked by the window.
 */
#include <stdlib.h>
#include <string.h>

#include "ms_priv.h"

/* Is m checked by its xTR-ID's counter (else by the window)? */
static bool by_counter(const struct lisp_ms_site *site,
		       const struct lisp_map_register *m)
{
	return m->xtr_id_present && site->replay != LISP_MS_REPLAY_WINDOW;
}

static struct lisp_ms_xtr *xtr_find(const struct lisp_ms_replay_state *rp,
				    const uint8_t *id)
{
	unsigned int i;

	for (i = 0; i < rp->nxtr; i++) {
		if (!memcmp(rp->xtr[i].xtr_id, id, LISP_XTR_ID_LEN))
			return &rp->xtr[i];
	}
	return NULL;
}

static bool in_window(const struct lisp_ms_replay_state *rp, uint64_t nonce)
{
	unsigned int i;

	for (i = 0; i < rp->nwin; i++) {
		if (rp->win[i] == nonce)
			return true;
	}
	return false;
}

/* The state of site, with room for one more xTR-ID; false: no memory. */
static bool prepare(struct lisp_ms_site *site)
{
	struct lisp_ms_replay_state *rp = site->rp;
	struct lisp_ms_xtr *x;
	unsigned int cap;

	if (!rp) {
		rp = calloc(1, sizeof(*rp));
		if (!rp)
			return false;
		site->rp = rp;
	}
	if (rp->nxtr < rp->xtr_cap || rp->xtr_cap == LISP_MS_MAX_SITE_XTRS)
		return true;
	cap = rp->xtr_cap ? 2 * rp->xtr_cap : 4;
	if (cap > LISP_MS_MAX_SITE_XTRS)
		cap = LISP_MS_MAX_SITE_XTRS;
	x = realloc(rp->xtr, cap * sizeof(*x));
	if (!x)
		return false;
	rp->xtr = x;
	rp->xtr_cap = cap;
	return true;
}

static int check_one(struct lisp_ms_site *site,
		     const struct lisp_map_register *m)
{
	const struct lisp_ms_xtr *x;

	if (!m->xtr_id_present &&
	    site->replay == LISP_MS_REPLAY_REQUIRE_XTR_ID)
		return LISP_MS_ERR_NO_XTR_ID;
	if (!prepare(site))
		return LISP_MS_ERR_FULL;
	if (by_counter(site, m)) {
		x = xtr_find(site->rp, m->xtr_id);
		return x && m->nonce <= x->nonce ? LISP_MS_ERR_REPLAYED : 0;
	}
	return m->nonce && in_window(site->rp, m->nonce) ?
	       LISP_MS_ERR_REPLAYED : 0;
}

int ms_replay_check(struct lisp_ms_site *const *site, unsigned int n,
		    const struct lisp_map_register *m,
		    struct lisp_ms_site **bad)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		err = check_one(site[i], m);
		if (err) {
			*bad = site[i];
			return err;
		}
	}
	return 0;
}

/* The entry for m's xTR-ID: found, new, or the stalest one reused. */
static struct lisp_ms_xtr *xtr_slot(struct lisp_ms_replay_state *rp,
				    const uint8_t *id)
{
	struct lisp_ms_xtr *x = xtr_find(rp, id);
	unsigned int i;

	if (x)
		return x;
	if (rp->nxtr < rp->xtr_cap) {
		x = &rp->xtr[rp->nxtr++];
	} else {
		x = &rp->xtr[0];
		for (i = 1; i < rp->nxtr; i++) {
			if (rp->xtr[i].last_ms < x->last_ms)
				x = &rp->xtr[i];
		}
	}
	memcpy(x->xtr_id, id, LISP_XTR_ID_LEN);
	return x;
}

void ms_replay_accept(struct lisp_ms_site *const *site, unsigned int n,
		      const struct lisp_map_register *m, uint64_t now_ms)
{
	struct lisp_ms_replay_state *rp;
	struct lisp_ms_xtr *x;
	unsigned int i;

	for (i = 0; i < n; i++) {
		rp = site[i]->rp;
		if (by_counter(site[i], m)) {
			x = xtr_slot(rp, m->xtr_id);
			x->nonce = m->nonce;
			x->last_ms = now_ms;
		} else if (m->nonce) {
			rp->win[rp->win_next] = m->nonce;
			rp->win_next = (rp->win_next + 1) %
				       LISP_MS_NONCE_WINDOW;
			if (rp->nwin < LISP_MS_NONCE_WINDOW)
				rp->nwin++;
		}
	}
}

void ms_replay_free(struct lisp_ms_site *site)
{
	if (site->rp)
		free(site->rp->xtr);
	free(site->rp);
	site->rp = NULL;
}
