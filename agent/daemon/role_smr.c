// SPDX-License-Identifier: GPL-2.0
/*
 * The ETR's Solicit-Map-Requests (RFC 9301 6.1, issue 12 item 3): when
 * a database entry changes (a reload, a locator marked down or up, a
 * host that moved away), the ITRs that may hold its mapping are asked
 * to re-resolve it.  They are the ITR-RLOCs of the Map-Requests and
 * RLOC-probes answered for the entry (etr_smr.h keeps them, bounded,
 * forgotten after a day), and the locators of this xTR's own map-cache
 * entries in use (what RLOC probing watches: ITRs talking to us).
 * And, one at a time, the ITR that the kernel saw sending traffic for an
 * EID that is not or no longer here (its events rx-dest-not-eid and
 * rx-dest-mapped, kern_events.c).  Rate-limited per destination and all together
 * ("rate-limit smr-send | smr-send-all"): an SMR over a limit is
 * dropped and counted, the ITR learns at its next refresh.  No SMR is
 * sent again: the SMR-invoked Map-Request it asks for goes to the
 * mapping system, not here, so nothing here can tell it was received.
 */
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "itr/probe.h"
#include "nonce.h"

/* Destinations of one round: the entry's ITRs and the probed RLOCs. */
#define SMR_DST_MAX	(LISPD_SMR_ITRS_MAX + 64)

struct smr_dsts {
	unsigned int n;
	struct lispd_smr_itr v[SMR_DST_MAX];
};

static void dst_add(struct smr_dsts *t, const struct lisp_ip *ip,
		    uint16_t port)
{
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].port == port && lisp_ip_equal(&t->v[i].rloc, ip))
			return;
	}
	if (t->n < SMR_DST_MAX) {
		t->v[t->n].rloc = *ip;
		t->v[t->n++].port = port;
	}
}

static int probed_rloc(const struct lisp_probe_info *info, void *arg)
{
	dst_add(arg, &info->rloc, LISP_CONTROL_PORT);
	return 0;
}

void lispd_smr_note(struct lispd *d, struct lispd_db_entry *e,
		    const struct lisp_ip *itr, uint16_t port, uint64_t now)
{
	if (!e->itrs) {
		e->itrs = calloc(1, sizeof(*e->itrs));
		if (!e->itrs)
			return;
	}
	if (lispd_smr_itrs_note(e->itrs, itr, port, now))
		d->stats.smr_itrs_evicted++;
}

void lispd_smr_forget(struct lispd_db_entry *e)
{
	free(e->itrs);
	e->itrs = NULL;
}

/* Is ip:port this daemon (an SMR to ourselves would do nothing)? */
static bool is_self(const struct lispd *d, const struct lisp_ip *ip,
		    uint16_t port)
{
	unsigned int i;

	if (port != d->port)
		return false;
	for (i = 0; i < d->nown; i++) {
		if (lisp_ip_equal(&d->own[i], ip))
			return true;
	}
	return false;
}

static bool smr_one(struct lispd *d, const struct lisp_addr *eid,
		    unsigned int plen, const struct lispd_smr_itr *to,
		    uint64_t now)
{
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN];
	struct lisp_ip src;
	int n;

	if (!lisp_rl_allow(&d->rl_smr_send, &to->rloc, now)) {
		d->stats.smr_rate_limited++;
		return false;
	}
	if (!lisp_tb_allow(&d->tb_smr_send_all, now)) {
		d->stats.smr_rate_limited_all++;
		return false;
	}
	/* Its ITR-RLOC: where this host sends to the ITR from. */
	if (lispd_route_source(&to->rloc, to->port, &src)) {
		d->stats.smr_send_errors++;
		return false;
	}
	n = lispd_smr_write(eid, plen, &src, lispd_nonce(NULL), d->mreq,
			    d->txbuf, LISPD_PKT_MAX);
	if (n < 0 || lispd_udp_send(d, &to->rloc, to->port, &src, d->txbuf,
				    (size_t)n)) {
		d->stats.smr_send_errors++;
		return false;
	}
	d->stats.smr_sent++;
	log_debug("SMR for %s to %s port %u",
		  lisp_prefix_to_str(eid, plen, p, sizeof(p)) < 0 ? "?" : p,
		  lispd_ip_str(&to->rloc, a), to->port);
	return true;
}

unsigned int lispd_smr_send_itrs(struct lispd *d, struct lispd_smr_itrs *itrs,
				 const struct lisp_addr *eid, unsigned int plen)
{
	struct smr_dsts *t = malloc(sizeof(*t));
	uint64_t now = lispd_now_ms();
	unsigned int i, sent = 0;

	if (!t)
		return 0;
	t->n = 0;
	if (itrs) {
		lispd_smr_itrs_expire(itrs, now);
		for (i = 0; i < itrs->n; i++)
			dst_add(t, &itrs->v[i].rloc, itrs->v[i].port);
	}
	if (d->itr.probe)
		lisp_probe_walk(d->itr.probe, probed_rloc, t);
	for (i = 0; i < t->n; i++) {
		if (!is_self(d, &t->v[i].rloc, t->v[i].port))
			sent += smr_one(d, eid, plen, &t->v[i], now);
	}
	free(t);
	return sent;
}

unsigned int lispd_smr_send(struct lispd *d, struct lispd_db_entry *e,
			    const struct lisp_addr *eid, unsigned int plen)
{
	struct lisp_addr own;

	if (!eid) {
		lispd_db_eid(e, &own);
		eid = &own;
		plen = e->cfg.plen;
	}
	return lispd_smr_send_itrs(d, e->itrs, eid, plen);
}

bool lispd_smr_to_itr(struct lispd *d, const struct lisp_addr *eid,
		      unsigned int plen, const struct lisp_ip *itr)
{
	const struct lispd_smr_itr to = {
		.rloc = *itr,
		.port = LISP_CONTROL_PORT,
	};

	if (is_self(d, &to.rloc, to.port))
		return false;
	return smr_one(d, eid, plen, &to, lispd_now_ms());
}

void lispd_smr_due(struct lispd *d)
{
	struct lispd_db_entry *e;
	char p[LISP_ADDR_STRLEN];
	unsigned int i, n;

	for (i = 0; i < d->etr.ndb; i++) {
		e = &d->etr.db[i];
		if (!e->smr_due || !e->usable)
			continue;
		e->smr_due = false;
		n = lispd_smr_send(d, e, NULL, 0);
		if (n)
			log_info("%s/%u changed: %u SMR%s sent",
				 lispd_ip_str(&e->cfg.eid, p), e->cfg.plen, n,
				 n == 1 ? "" : "s");
	}
}
