// SPDX-License-Identifier: GPL-2.0
/*
 * A move's Map-Notify (issue 12: the Map-Server tells an xTR that
 * another took its host prefix, register.c) is unsolicited: it waits
 * here for its Map-Notify-Ack and goes again until one comes (RFC 9301
 * 5.7), on the publications' queue mechanism (retx.c).  See ms.h.
 */
#include <stdlib.h>
#include <string.h>

#include "ms_priv.h"

/* One move's Map-Notify waiting, in ms->move_wait. */
struct ms_move {
	struct ms_retx retx;
	uint64_t nonce;
	struct lisp_prefix pfx;		/* of its record: the host's */
	/* Whose part was taken: its xTR-ID, else where it registered from. */
	bool xtr_id_present;
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	struct lisp_ip dst, local;	/* local afi 0: any source */
	uint16_t dport;
	uint16_t len;
	uint8_t buf[];			/* the Map-Notify as first sent */
};

/* How long after its tries-th transmission a move's Map-Notify waits. */
static uint64_t move_retry_ms(unsigned int tries)
{
	unsigned int backoff = tries > LISP_MS_MOVE_RETRIES_FLAT ?
			       tries - LISP_MS_MOVE_RETRIES_FLAT : 0;

	return (uint64_t)LISP_MS_MOVE_RETRY_MS << backoff;
}

static void move_drop(struct lisp_ms *ms, struct ms_move *w)
{
	ms_retx_stop(&w->retx);
	ms->nmove_wait--;
	free(w);
}

void ms_move_free(struct lisp_ms *ms)
{
	while (!ms_list_empty(&ms->move_wait))
		move_drop(ms, ms_entry(ms->move_wait.next, struct ms_move,
				       retx.node));
}

/* Nonces grow (ms->move_nonce): the smallest waits since longest. */
static struct ms_move *move_oldest(const struct lisp_ms *ms)
{
	struct ms_move *w, *old = NULL;
	struct lisp_ms_link *l;

	for (l = ms->move_wait.next; l != &ms->move_wait; l = l->next) {
		w = ms_entry(l, struct ms_move, retx.node);
		if (!old || w->nonce < old->nonce)
			old = w;
	}
	return old;
}

/* Wait for the Ack of p, sent at now_ms; m: p parsed. */
static void move_keep(struct lisp_ms *ms, const struct lisp_ms_pkt *p,
		      const struct lisp_map_register *m,
		      const struct lisp_ip *local, uint64_t now_ms)
{
	struct ms_move *w;

	if (ms->nmove_wait >= LISP_MS_MAX_MOVE_WAIT) {
		ms->stats.move_notify_evicted++;
		move_drop(ms, move_oldest(ms));
	}
	w = malloc(sizeof(*w) + p->len);
	if (!w) {
		ms->stats.move_notify_errors++;
		return;
	}
	memset(w, 0, sizeof(*w));
	w->nonce = m->nonce;
	w->pfx.addr = m->rec[0].eid;
	w->pfx.plen = m->rec[0].eid_mask_len;
	w->xtr_id_present = m->xtr_id_present;
	memcpy(w->xtr_id, m->xtr_id, LISP_XTR_ID_LEN);
	w->dst = p->dst;
	w->dport = p->dport;
	if (local && local->afi == p->dst.afi)
		w->local = *local;
	w->len = (uint16_t)p->len;
	memcpy(w->buf, p->buf, p->len);
	ms_retx_init(&w->retx);
	/* Its first transmission was the caller's. */
	ms_retx_start(&ms->move_wait, &w->retx, now_ms + move_retry_ms(1));
	w->retx.tries = 1;
	ms->nmove_wait++;
}

void lisp_ms_move_wait(struct lisp_ms *ms,
		       const struct lisp_ms_reg_action *act,
		       const struct lisp_ip *local, uint64_t now_ms)
{
	const struct lisp_ms_pkt *p;
	unsigned int i;

	for (i = 0; i < act->nmoved; i++) {
		p = &act->moved[i];
		/* Read back what move_notify wrote: it parses. */
		if (p->len > UINT16_MAX ||
		    lisp_map_notify_parse(p->buf, p->len, ms->mnot) ||
		    !ms->mnot->nrec) {
			ms->stats.move_notify_errors++;
			continue;
		}
		move_keep(ms, p, ms->mnot, local, now_ms);
	}
}

struct move_poll {
	struct lisp_ms *ms;
	struct lisp_ms_pkt *out;
	struct lisp_ip *local;
};

/* ms_retx_fn: w's Map-Notify again, or given up. */
static uint64_t move_send(struct ms_retx *r, uint64_t now_ms, void *arg)
{
	const struct move_poll *c = arg;
	struct ms_move *w = ms_entry(r, struct ms_move, retx);

	if (r->tries > LISP_MS_MOVE_RETRIES) {
		c->ms->stats.move_notify_unacked++;
		move_drop(c->ms, w);
		return 0;
	}
	c->out->dst = w->dst;
	c->out->sport = LISP_CONTROL_PORT;
	c->out->dport = w->dport;
	c->out->len = w->len;
	memcpy(c->out->buf, w->buf, w->len);
	*c->local = w->local;
	c->ms->stats.move_notify_retransmits++;
	return now_ms + move_retry_ms(r->tries + 1);
}

int lisp_ms_move_poll(struct lisp_ms *ms, uint64_t now_ms,
		      struct lisp_ms_pkt *out, struct lisp_ip *local)
{
	struct move_poll c = { .ms = ms, .out = out, .local = local };

	return ms_retx_poll(&ms->move_wait, now_ms, move_send, &c);
}

uint64_t lisp_ms_move_next_ms(const struct lisp_ms *ms)
{
	return ms_retx_next_ms(&ms->move_wait);
}

bool ms_move_acked(struct lisp_ms *ms, uint64_t nonce)
{
	struct lisp_ms_link *l;
	struct ms_move *w;

	for (l = ms->move_wait.next; l != &ms->move_wait; l = l->next) {
		w = ms_entry(l, struct ms_move, retx.node);
		if (w->nonce == nonce) {
			move_drop(ms, w);
			return true;
		}
	}
	return false;
}

void ms_move_superseded(struct lisp_ms *ms, const struct lisp_prefix *pfx,
			const struct lisp_map_register *m,
			const struct lisp_ip *src)
{
	struct lisp_ms_link *l, *next;
	struct ms_move *w;

	for (l = ms->move_wait.next; l != &ms->move_wait; l = next) {
		next = l->next;
		w = ms_entry(l, struct ms_move, retx.node);
		if (w->pfx.plen != pfx->plen ||
		    !lisp_addr_equal(&w->pfx.addr, &pfx->addr) ||
		    w->xtr_id_present != m->xtr_id_present)
			continue;
		if (m->xtr_id_present ?
		    !memcmp(w->xtr_id, m->xtr_id, LISP_XTR_ID_LEN) :
		    lisp_ip_equal(&w->dst, src)) {
			ms->stats.move_notify_superseded++;
			move_drop(ms, w);
		}
	}
}
