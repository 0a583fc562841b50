// SPDX-License-Identifier: GPL-2.0
/*
 * Publish/subscribe, the subscriber (RFC 9437): Map-Notifies from the
 * map-servers, checked, taken as answers or publications, acked.  The
 * rules are in resolver.h; pure C, no clock, no sockets.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "proto/auth.h"
#include "resolver_priv.h"

/* A subscribed prefix (expires_ms 0: a free slot). */
struct itr_sub {
	uint32_t dev;
	bool has_iid;
	bool has_petr;
	uint8_t plen;
	uint32_t iid;			/* 0 without has_iid */
	struct lisp_ip eid;
	struct lisp_ip ms;		/* the map-server that confirmed it */
	uint64_t nonce;			/* the last Map-Notify taken */
	uint64_t since_ms, last_ms, expires_ms;
	uint64_t publications;
};

void itr_subs_free(struct lisp_itr *itr)
{
	free(itr->sub);
	free(itr->notify);
	itr->sub = NULL;
	itr->notify = NULL;
}

const struct lisp_itr_ps_stats *lisp_itr_ps_stats(const struct lisp_itr *itr)
{
	return &itr->ps;
}

static bool sub_live(const struct itr_sub *s, uint64_t now_ms)
{
	return s->expires_ms > now_ms;
}

unsigned int lisp_itr_nsubs(const struct lisp_itr *itr, uint64_t now_ms)
{
	unsigned int i, n = 0;

	for (i = 0; itr->sub && i < LISP_ITR_SUBS_MAX; i++)
		n += sub_live(&itr->sub[i], now_ms);
	return n;
}

static const struct lisp_itr_ms *ms_find(const struct lisp_itr *itr,
					 const struct lisp_ip *addr)
{
	unsigned int i;

	for (i = 0; i < itr->cfg.nms; i++) {
		if (lisp_ip_equal(&itr->cfg.ms[i].addr, addr))
			return &itr->cfg.ms[i];
	}
	return NULL;
}

/* ---- the table ---- */

static bool sub_is(const struct itr_sub *s, const struct lisp_itr_map *m)
{
	return s->dev == m->dev && s->has_iid == m->has_iid &&
	       s->iid == (m->has_iid ? m->iid : 0) && s->plen == m->plen &&
	       s->eid.afi == m->eid.afi &&
	       !memcmp(s->eid.addr, m->eid.addr, sizeof(s->eid.addr));
}

/*
 * Remember (or renew) the subscription confirmed for m's prefix: its own
 * slot, else a free or expired one; none left is counted table_full (the
 * entry is installed anyway and refreshed as any other).
 */
static void sub_confirm(struct lisp_itr *itr, const struct lisp_itr_map *m,
			bool has_petr, const struct lisp_ip *ms,
			uint64_t nonce, uint64_t now_ms)
{
	struct itr_sub *s = NULL, *spare = NULL;
	uint64_t life = (uint64_t)m->ttl_s * 1000;
	unsigned int i;

	if (!itr->sub) {
		itr->sub = calloc(LISP_ITR_SUBS_MAX, sizeof(*itr->sub));
		if (!itr->sub) {
			itr->ps.table_full++;
			return;
		}
	}
	for (i = 0; i < LISP_ITR_SUBS_MAX; i++) {
		if (sub_live(&itr->sub[i], now_ms) && sub_is(&itr->sub[i], m)) {
			s = &itr->sub[i];
			break;
		}
		if (!spare && !sub_live(&itr->sub[i], now_ms))
			spare = &itr->sub[i];
	}
	if (!s) {
		if (!spare) {
			itr->ps.table_full++;
			return;
		}
		s = spare;
		memset(s, 0, sizeof(*s));
		s->dev = m->dev;
		s->has_iid = m->has_iid;
		s->iid = m->has_iid ? m->iid : 0;
		s->eid = m->eid;
		s->plen = m->plen;
		s->since_ms = now_ms;
	}
	s->has_petr = has_petr;
	s->ms = *ms;
	s->nonce = nonce;
	s->last_ms = now_ms;
	s->expires_ms = now_ms + (life < LISP_ITR_SUB_MIN_LIFE_MS ?
				  LISP_ITR_SUB_MIN_LIFE_MS : life);
}

/* Does s's prefix cover rec's (same instance-id and family)? */
static bool sub_covers(const struct itr_sub *s, const struct lisp_record *rec)
{
	const struct lisp_addr *a = &rec->eid;
	uint32_t iid = a->kind == LISP_ADDR_IID ? a->iid : 0;

	if (a->kind == LISP_ADDR_AFI_LIST || iid != s->iid ||
	    a->ip[0].afi != s->eid.afi || rec->eid_mask_len < s->plen)
		return false;
	return prefix_bits_equal(s->eid.addr, a->ip[0].addr, s->plen);
}

bool lisp_itr_subscribed(const struct lisp_itr *itr, uint32_t dev,
			 const struct lisp_ip *eid, uint8_t plen,
			 uint64_t now_ms)
{
	struct lisp_itr_map m = { .dev = dev, .eid = *eid, .plen = plen };
	unsigned int i;

	for (i = 0; itr->sub && i < LISP_ITR_SUBS_MAX; i++) {
		const struct itr_sub *s = &itr->sub[i];

		m.has_iid = s->has_iid;
		m.iid = s->iid;
		if (sub_live(s, now_ms) && sub_is(s, &m))
			return true;
	}
	return false;
}

enum lisp_itr_notify_claim
lisp_itr_notify_claim(const struct lisp_itr *itr,
		      const struct lisp_map_register *m,
		      const struct lisp_ip *src, uint64_t now_ms)
{
	const struct itr_sub *s;
	unsigned int i, j;

	if (!itr->cfg.subscribe || !ms_find(itr, src))
		return LISP_ITR_NOTIFY_NONE;
	if (itr_find_nonce(itr, m->nonce))
		return LISP_ITR_NOTIFY_ANSWER;
	for (i = 0; itr->sub && i < LISP_ITR_SUBS_MAX; i++) {
		s = &itr->sub[i];
		if (!sub_live(s, now_ms) || !lisp_ip_equal(&s->ms, src))
			continue;
		for (j = 0; j < m->nrec; j++) {
			if (sub_covers(s, &m->rec[j]))
				return LISP_ITR_NOTIFY_PUBLICATION;
		}
	}
	return LISP_ITR_NOTIFY_NONE;
}

int lisp_itr_subs_walk(const struct lisp_itr *itr, uint64_t now_ms,
		       lisp_itr_sub_fn fn, void *arg)
{
	struct lisp_itr_sub_info info;
	unsigned int i;
	int r;

	for (i = 0; itr->sub && i < LISP_ITR_SUBS_MAX; i++) {
		const struct itr_sub *s = &itr->sub[i];

		if (!sub_live(s, now_ms))
			continue;
		memset(&info, 0, sizeof(info));
		info.dev = s->dev;
		info.has_iid = s->has_iid;
		info.iid = s->iid;
		info.eid = s->eid;
		info.plen = s->plen;
		info.ms = s->ms;
		info.nonce = s->nonce;
		info.since_ms = s->since_ms;
		info.last_ms = s->last_ms;
		info.expires_ms = s->expires_ms;
		info.publications = s->publications;
		r = fn(&info, arg);
		if (r)
			return r;
	}
	return 0;
}

/* ---- Map-Notifies ---- */

/*
 * The Map-Notify-Ack (RFC 9301 5.7): the Map-Notify itself with type 5,
 * signed again with the same key (its algorithm and length are set).
 */
static int build_ack(struct lisp_itr *itr, const uint8_t *buf, size_t len,
		     const struct lisp_itr_ms *ms,
		     const struct lisp_itr_notify_rx *rx,
		     struct lisp_itr_pkt *ack)
{
	int err;

	if (len > sizeof(ack->buf))
		return -LISP_ERR_NO_SPACE;
	memcpy(ack->buf, buf, len);
	ack->buf[0] = (uint8_t)(LISP_MAP_NOTIFY_ACK << 4 | (buf[0] & 0x0f));
	err = lisp_auth_sign(ack->buf, len, ms->key.bytes, ms->key.len);
	if (err)
		return err;
	ack->len = len;
	ack->dst = rx->src;
	ack->dport = rx->sport ? rx->sport : LISP_CONTROL_PORT;
	/* The address it was sent to: the ITR-RLOC the map-server knows. */
	ack->src = rx->dst;
	itr->ps.acks_sent++;
	return 0;
}

/* Signed by ms, for this xTR?  0 or the error (counted). */
static int notify_check(struct lisp_itr *itr, const uint8_t *buf, size_t len,
			const struct lisp_itr_ms *ms,
			const struct lisp_map_register *m)
{
	if (m->alg_id == LISP_ALG_NONE || m->key_id != ms->key.key_id ||
	    m->alg_id != ms->key.alg_id ||
	    lisp_auth_verify(buf, len, ms->key.bytes, ms->key.len)) {
		itr->ps.refused_auth++;
		return -LISP_ITR_ERR_AUTH;
	}
	if (!m->xtr_id_present || !m->nrec ||
	    memcmp(m->xtr_id, itr->cfg.xtr_id, LISP_XTR_ID_LEN)) {
		itr->ps.refused_unknown++;
		return -LISP_ITR_ERR_NOT_SUBSCRIBED;
	}
	return 0;
}

/* The Map-Notify answering request r: a Map-Reply, and subscriptions. */
static int confirm(struct lisp_itr *itr, struct itr_req *r,
		   const struct lisp_map_register *m,
		   const struct lisp_itr_ms *ms, uint64_t now_ms,
		   struct lisp_itr_reply *out)
{
	unsigned int i;
	int n;

	if (r->state == ITR_ANSWERED) {
		itr->stats.duplicates++;
		itr->ps.duplicates++;
		return 0;
	}
	n = itr_answer(itr, r, m->rec, m->nrec, out);
	if (n < 0) {
		itr->ps.refused_unknown++;
		return n;
	}
	for (i = 0; i < out->nmap; i++)
		sub_confirm(itr, &out->map[i], r->has_petr, &ms->addr,
			    m->nonce, now_ms);
	itr->ps.subscriptions++;
	return n;
}

/*
 * A publication: for each live subscription from ms covering the record
 * whose last nonce is older, the record's entries (as a refresh of the
 * subscribed prefix would take them).  0 entries with 0 returned: the
 * last one again; else -LISP_ITR_ERR_OLD_NONCE / _NOT_SUBSCRIBED, or
 * _WRONG_EID for records a Map-Reply could not install either.
 */
static int publication(struct lisp_itr *itr, const struct lisp_map_register *m,
		       const struct lisp_itr_ms *ms, uint64_t now_ms,
		       struct lisp_itr_reply *out)
{
	bool known = false, again = false, taken = false, unfit = false;
	struct itr_req r;
	struct itr_sub *s;
	unsigned int i, j;

	for (i = 0; itr->sub && i < LISP_ITR_SUBS_MAX; i++) {
		s = &itr->sub[i];
		if (!sub_live(s, now_ms) || !lisp_ip_equal(&s->ms, &ms->addr))
			continue;
		for (j = 0; j < m->nrec && !sub_covers(s, &m->rec[j]); j++)
			;
		if (j == m->nrec)
			continue;
		known = true;
		if (m->nonce == s->nonce)
			again = true;
		if (m->nonce <= s->nonce)
			continue;
		memset(&r, 0, sizeof(r));
		r.dev = s->dev;
		r.has_iid = s->has_iid;
		r.iid = s->iid;
		r.has_petr = s->has_petr;
		r.eid = s->eid;
		r.plen = s->plen;
		r.refresh = true;
		if (!itr_take_records(itr, &r, m->rec, m->nrec, out)) {
			unfit = true;	/* counted as a Map-Reply's would be */
			continue;
		}
		s->nonce = m->nonce;
		s->last_ms = now_ms;
		s->publications++;
		taken = true;
	}
	if (taken) {
		itr->ps.publications_accepted++;
		for (i = 0; i < out->nmap; i++)
			itr->ps.withdrawals += out->map[i].remove;
		return (int)out->nmap;
	}
	if (again) {
		itr->ps.duplicates++;
		return 0;
	}
	if (unfit)
		return -LISP_ITR_ERR_WRONG_EID;
	if (known) {
		itr->ps.refused_nonce++;
		return -LISP_ITR_ERR_OLD_NONCE;
	}
	itr->ps.refused_unknown++;
	return -LISP_ITR_ERR_NOT_SUBSCRIBED;
}

int lisp_itr_handle_notify(struct lisp_itr *itr, const uint8_t *buf,
			   size_t len, const struct lisp_itr_notify_rx *rx,
			   uint64_t now_ms, struct lisp_itr_reply *out,
			   struct lisp_itr_pkt *ack)
{
	const struct lisp_itr_ms *ms = ms_find(itr, &rx->src);
	struct lisp_map_register *m;
	struct itr_req *r;
	int n, err;

	out->nmap = 0;
	ack->len = 0;
	if (!itr->cfg.subscribe || !ms) {
		itr->ps.refused_unknown++;
		return -LISP_ITR_ERR_NOT_SUBSCRIBED;
	}
	if (!itr->notify) {
		itr->notify = malloc(sizeof(*itr->notify));
		if (!itr->notify)
			return -LISP_ITR_ERR_NOMEM;
	}
	m = itr->notify;
	err = lisp_map_notify_parse(buf, len, m);
	if (!err && m->type != LISP_MAP_NOTIFY)
		err = -LISP_ERR_BAD_TYPE;
	if (err) {
		itr->ps.malformed++;
		return err;
	}
	err = notify_check(itr, buf, len, ms, m);
	if (err)
		return err;
	r = itr_find_nonce(itr, m->nonce);
	if (r)
		n = confirm(itr, r, m, ms, now_ms, out);
	else
		n = publication(itr, m, ms, now_ms, out);
	if (n < 0)
		return n;
	err = build_ack(itr, buf, len, ms, rx, ack);
	return err ? err : n;
}
