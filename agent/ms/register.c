// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Register processing (RFC 9301 8.2), the registrations it keeps,
 * their expiry, the Map-Notify that acknowledges them (5.7), and the
 * one that tells an xTR that another took its prefix (issue 12).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "ms_priv.h"
#include "proto/auth.h"

/* Keep ms->expiry sorted: a refresh nearly always goes last. */
static void exp_insert(struct lisp_ms *ms, struct lisp_ms_xreg *xr)
{
	struct lisp_ms_link *pos = ms->expiry.prev;

	while (pos != &ms->expiry &&
	       ms_entry(pos, struct lisp_ms_xreg, exp_node)->expires_ms >
	       xr->expires_ms)
		pos = pos->prev;
	ms_list_add_after(pos, &xr->exp_node);
}

void ms_reg_free(struct lisp_ms_reg *reg)
{
	struct lisp_ms_xreg *xr, *next;

	for (xr = reg->xregs; xr; xr = next) {
		next = xr->next;
		free(xr->rec);
		free(xr);
	}
	free(reg->rec);
	free(reg);
}

void ms_reg_remove(struct lisp_ms *ms, struct lisp_ms_reg *reg)
{
	struct lisp_ms_db *db = reg->eid->db;
	struct lisp_prefix pfx = reg->pfx;
	struct lisp_ms_xreg *xr;
	struct ms_key k;

	ms_key_from_addr(&reg->pfx.addr, reg->pfx.plen, &k);
	lpm_delete(&db->reg, k.key, k.plen);
	lisp_ms_ptree_del(&db->all, k.key, k.plen);
	ms_list_del(&reg->site_node);
	for (xr = reg->xregs; xr; xr = xr->next)
		ms_list_del(&xr->exp_node);
	ms->nxreg -= reg->nxreg;
	reg->eid->nreg--;
	reg->site->nreg--;
	ms->nreg--;
	ms_reg_free(reg);
	ms_pubsub_changed(ms, &pfx);
}

void lisp_ms_reg_del(struct lisp_ms *ms, struct lisp_ms_reg *reg)
{
	ms_reg_remove(ms, reg);
}

struct lisp_ms_reg *lisp_ms_reg_find(const struct lisp_ms *ms,
				     const struct lisp_addr *eid,
				     unsigned int plen)
{
	struct lisp_ms_db *db;
	struct ms_key k;

	if (ms_key_from_addr(eid, plen, &k))
		return NULL;
	db = ms_db_find(ms, k.iid, k.afi);
	return db ? lpm_get(&db->reg, k.key, k.plen) : NULL;
}

/* Is l in u's locators already? */
static bool loc_in(const struct lisp_record *u, const struct lisp_locator *l)
{
	unsigned int i;

	for (i = 0; i < u->nloc; i++) {
		if (lisp_addr_equal(&u->loc[i].addr, &l->addr))
			return true;
	}
	return false;
}

/*
 * The record of reg as Map-Replies carry it (RFC 9301 8.2, merge
 * semantics): the union of its xTRs' locators in the order the xTRs
 * first registered, a locator two xTRs name once (the first's
 * priority and weight), at most LISP_MAX_RLOCS; the shortest TTL; the
 * action and map-version of the last refreshed xTR.  One xTR: its
 * record as it is.  Cannot fail: rec_cap is at least the sum of the
 * parts' records, and those parse (the Map-Server wrote them).
 */
static void reg_union(struct lisp_ms *ms, struct lisp_ms_reg *reg,
		      const struct lisp_ms_xreg *last)
{
	struct lisp_record *u = ms->mrec, *r = ms->rec;
	const struct lisp_ms_xreg *xr;
	unsigned int i;
	int n;

	if (reg->nxreg == 1 ||
	    lisp_record_parse(last->rec, last->rec_len, u) < 0)
		goto copy;
	u->nloc = 0;
	for (xr = reg->xregs; xr; xr = xr->next) {
		if (lisp_record_parse(xr->rec, xr->rec_len, r) < 0)
			continue;
		if (r->ttl < u->ttl)
			u->ttl = r->ttl;
		for (i = 0; i < r->nloc && u->nloc < LISP_MAX_RLOCS; i++) {
			if (!loc_in(u, &r->loc[i]))
				u->loc[u->nloc++] = r->loc[i];
		}
	}
	n = lisp_record_write(u, reg->rec, reg->rec_cap);
	if (n < 0)
		goto copy;
	reg->rec_len = (uint16_t)n;
	reg->nloc = u->nloc;
	reg->ttl = u->ttl;
	return;
copy:
	memcpy(reg->rec, last->rec, last->rec_len);
	reg->rec_len = last->rec_len;
	reg->nloc = last->nloc;
	reg->ttl = last->ttl;
}

/* Redo what reg holds for all of its xTRs; it has one at least. */
static void reg_merge(struct lisp_ms *ms, struct lisp_ms_reg *reg)
{
	const struct lisp_ms_xreg *xr, *last = reg->xregs, *to;

	reg->proxy_reply = reg->want_notify = false;
	reg->first_ms = reg->xregs->first_ms;
	reg->expires_ms = 0;
	for (xr = reg->xregs; xr; xr = xr->next) {
		if (xr->last_ms > last->last_ms)
			last = xr;
		if (xr->first_ms < reg->first_ms)
			reg->first_ms = xr->first_ms;
		if (xr->expires_ms > reg->expires_ms)
			reg->expires_ms = xr->expires_ms;
		reg->proxy_reply |= xr->proxy_reply;
		reg->want_notify |= xr->want_notify;
	}
	reg->last_ms = last->last_ms;
	reg->etr = last->etr;
	reg->etr_port = last->etr_port;
	/* Forwarded requests go to one xTR: the last refreshed that can. */
	reg->fwd = last->fwd;
	reg->fwd_port = last->fwd_port;
	to = last;
	for (xr = reg->xregs; !reg->fwd_port && xr; xr = xr->next) {
		reg->fwd = xr->fwd;
		reg->fwd_port = xr->fwd_port;
		to = xr;
	}
	reg_union(ms, reg, last);
	reg->union_wider = reg->nloc > to->nloc;
	ms_pubsub_changed(ms, &reg->pfx);
}

/* Drop xr; false if its registration went with it (its last xTR). */
static bool xreg_remove(struct lisp_ms *ms, struct lisp_ms_xreg *xr)
{
	struct lisp_ms_reg *reg = xr->reg;
	struct lisp_ms_xreg **pp = &reg->xregs;

	if (reg->nxreg == 1) {
		ms_reg_remove(ms, reg);
		return false;
	}
	while (*pp != xr)
		pp = &(*pp)->next;
	*pp = xr->next;
	ms_list_del(&xr->exp_node);
	reg->nxreg--;
	ms->nxreg--;
	free(xr->rec);
	free(xr);
	reg_merge(ms, reg);
	return true;
}

/* Count xr as expired and drop it; false if reg went with it. */
static bool xreg_expire(struct lisp_ms *ms, struct lisp_ms_xreg *xr)
{
	xr->reg->site->stats.expired++;
	ms->stats.expired++;
	return xreg_remove(ms, xr);
}

bool ms_reg_expire(struct lisp_ms *ms, struct lisp_ms_reg *reg,
		   uint64_t now_ms)
{
	struct lisp_ms_xreg *xr, *next;

	for (xr = reg->xregs; xr; xr = next) {
		next = xr->next;
		if (xr->expires_ms <= now_ms && !xreg_expire(ms, xr))
			return false;
	}
	return true;
}

unsigned int lisp_ms_expire(struct lisp_ms *ms, uint64_t now_ms)
{
	struct lisp_ms_xreg *xr;
	unsigned int n = 0;

	while (!ms_list_empty(&ms->expiry)) {
		xr = ms_entry(ms->expiry.next, struct lisp_ms_xreg, exp_node);
		if (xr->expires_ms > now_ms)
			break;
		xreg_expire(ms, xr);
		n++;
	}
	return n;
}

/* A new registration, without xTRs yet, for k under e. */
static struct lisp_ms_reg *reg_new(struct lisp_ms *ms, struct lisp_ms_eid *e,
				   const struct ms_key *k,
				   const struct lisp_record *rec)
{
	struct lisp_ms_db *db = e->db;
	struct lisp_ms_reg *reg = calloc(1, sizeof(*reg));

	if (!reg)
		return NULL;
	if (lisp_ms_ptree_add(&db->all, k->key, k->plen))
		goto err;
	if (lpm_insert(&db->reg, k->key, k->plen, reg, NULL)) {
		lisp_ms_ptree_del(&db->all, k->key, k->plen);
		goto err;
	}
	reg->site = e->site;
	reg->eid = e;
	reg->pfx.plen = k->plen;
	reg->pfx.addr = rec->eid;
	lisp_prefix_mask(&reg->pfx.addr, k->plen);
	ms_list_add_tail(&e->site->regs, &reg->site_node);
	e->nreg++;
	e->site->nreg++;
	ms->nreg++;
	return reg;
err:
	free(reg);
	return NULL;
}

/* The configuration moved k under another configured prefix. */
static void reg_move(struct lisp_ms_reg *reg, struct lisp_ms_eid *e)
{
	reg->eid->nreg--;
	e->nreg++;
	if (reg->site != e->site) {
		reg->site->nreg--;
		e->site->nreg++;
		ms_list_del(&reg->site_node);
		ms_list_add_tail(&e->site->regs, &reg->site_node);
		reg->site = e->site;
	}
	reg->eid = e;
}

/* Is xr the part of m's sender (its xTR-ID, or both the null one)? */
static bool xreg_is_senders(const struct lisp_ms_xreg *xr,
			    const struct lisp_map_register *m)
{
	return xr->xtr_id_present == m->xtr_id_present &&
	       (!m->xtr_id_present ||
		!memcmp(xr->xtr_id, m->xtr_id, LISP_XTR_ID_LEN));
}

/* The part of reg of m's sender (its xTR-ID, or the null one), or NULL. */
static struct lisp_ms_xreg *xreg_find(const struct lisp_ms_reg *reg,
				      const struct lisp_map_register *m)
{
	struct lisp_ms_xreg *xr;

	for (xr = reg->xregs; xr; xr = xr->next) {
		if (xreg_is_senders(xr, m))
			return xr;
	}
	return NULL;
}

/*
 * A new part of reg for m's sender, last in reg->xregs; with
 * LISP_MS_MAX_REG_XTRS already, the one refreshed longest ago goes
 * first (xTRs whose xTR-ID changes at every start leave old ones).
 */
static struct lisp_ms_xreg *xreg_new(struct lisp_ms *ms,
				     struct lisp_ms_reg *reg,
				     const struct lisp_map_register *m,
				     uint64_t now_ms)
{
	struct lisp_ms_xreg *xr, *old = reg->xregs, **pp = &reg->xregs;

	for (xr = reg->xregs; reg->nxreg >= LISP_MS_MAX_REG_XTRS && xr;
	     xr = xr->next) {
		if (xr->last_ms < old->last_ms)
			old = xr;
	}
	if (reg->nxreg >= LISP_MS_MAX_REG_XTRS)
		xreg_remove(ms, old);
	xr = calloc(1, sizeof(*xr));
	if (!xr)
		return NULL;
	xr->reg = reg;
	xr->xtr_id_present = m->xtr_id_present;
	if (m->xtr_id_present)
		memcpy(xr->xtr_id, m->xtr_id, LISP_XTR_ID_LEN);
	xr->first_ms = now_ms;
	ms_list_init(&xr->exp_node);
	while (*pp)
		pp = &(*pp)->next;
	*pp = xr;
	reg->nxreg++;
	ms->nxreg++;
	return xr;
}

/* *buf of *cap bytes made n at least; false if out of memory. */
static bool buf_grow(uint8_t **buf, uint32_t *cap, size_t n)
{
	uint8_t *p;

	if (*cap >= n)
		return true;
	p = realloc(*buf, n);
	if (!p)
		return false;
	*buf = p;
	*cap = (uint32_t)n;
	return true;
}

/*
 * Room for a record of n bytes in xr and for the union in its reg (the
 * sum of the parts' records); false if out of memory (the records, not
 * their capacity, unchanged).
 */
static bool xreg_room(struct lisp_ms_xreg *xr, size_t n)
{
	struct lisp_ms_reg *reg = xr->reg;
	const struct lisp_ms_xreg *o;
	size_t sum = n;

	for (o = reg->xregs; o; o = o->next)
		sum += o == xr ? 0 : o->rec_len;
	return buf_grow(&xr->rec, &xr->rec_cap, n) &&
	       buf_grow(&reg->rec, &reg->rec_cap, sum);
}

/*
 * The record as the Map-Server's own Map-Replies carry it: host bits
 * cleared, A clear (RFC 9301 5.4: a Map-Server answering as a proxy
 * must not set it); L and p were cleared by the caller.
 */
static int reply_record(struct lisp_ms *ms, struct lisp_record *rec)
{
	struct lisp_addr eid = rec->eid;
	bool auth = rec->authoritative;
	int n;

	rec->authoritative = false;
	lisp_prefix_mask(&rec->eid, rec->eid_mask_len);
	n = lisp_record_write(rec, ms->tmp, LISP_MS_PKT_MAX);
	rec->eid = eid;
	rec->authoritative = auth;
	return n;
}

/* Can the daemon send to l (reachable, unicast, a family it has)? */
static bool loc_usable(const struct lisp_ms *ms, const struct lisp_locator *l)
{
	const struct lisp_ip *ip = &l->addr.ip[0];

	return l->reachable && l->addr.kind == LISP_ADDR_IP &&
	       ip->afi < 32 && (ms->reply_afis & 1u << ip->afi) &&
	       lisp_ip_unicast(ip);
}

/*
 * Where Map-Requests for rec go (issue 11).  The outer source of a
 * Map-Register is not covered by its HMAC: whoever replays a captured
 * one from their own address must not draw the requests (and answer
 * them with their own RLOCs).  So: the source, at its port
 * (NAT-friendly, and a daemon next to us may use another port), only
 * if it is one of the record's usable locators; else the first usable
 * locator, at the control port; else nowhere (port 0).  Behind a NAT,
 * an ETR must register the address it is reached at, or ask for
 * proxy-reply.
 */
static void fwd_target(const struct lisp_ms *ms, const struct lisp_record *rec,
		       const struct lisp_ip *src, uint16_t sport,
		       struct lisp_ip *dst, uint16_t *dport)
{
	const struct lisp_locator *first = NULL, *l;
	unsigned int i;

	*dport = 0;
	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < rec->nloc; i++) {
		l = &rec->loc[i];
		if (!loc_usable(ms, l))
			continue;
		if (lisp_ip_equal(&l->addr.ip[0], src)) {
			*dst = *src;
			*dport = sport ? sport : LISP_CONTROL_PORT;
			return;
		}
		if (!first)
			first = l;
	}
	if (first) {
		*dst = first->addr.ip[0];
		*dport = LISP_CONTROL_PORT;
	}
}

static int store(struct lisp_ms *ms, struct lisp_ms_eid *e,
		 const struct ms_key *k, struct lisp_record *rec,
		 const struct lisp_map_register *m, const struct lisp_ip *src,
		 uint16_t sport, uint64_t now_ms)
{
	struct lisp_ms_reg *reg = lpm_get(&e->db->reg, k->key, k->plen);
	struct lisp_ms_xreg *xr = reg ? xreg_find(reg, m) : NULL;
	int n;

	/*
	 * TTL 0: the xTR withdraws its part (a mapping nobody may keep);
	 * the other xTRs' stay.
	 */
	if (!rec->ttl) {
		if (xr)
			xreg_remove(ms, xr);
		e->site->stats.deregisters++;
		ms->stats.deregisters++;
		return 0;
	}
	n = reply_record(ms, rec);
	if (n < 0)
		return n;
	if (!reg) {
		reg = reg_new(ms, e, k, rec);
		if (!reg)
			return -LISP_MS_ERR_NOMEM;
	}
	if (!xr)
		xr = xreg_new(ms, reg, m, now_ms);
	if (!xr || !xreg_room(xr, (size_t)n)) {
		/* What was made for this record goes again. */
		if (xr && !xr->rec_len)
			xreg_remove(ms, xr);
		else if (!reg->nxreg)
			ms_reg_remove(ms, reg);
		return -LISP_MS_ERR_NOMEM;
	}
	if (reg->eid != e)
		reg_move(reg, e);
	memcpy(xr->rec, ms->tmp, (size_t)n);
	xr->rec_len = (uint16_t)n;
	xr->site_id = m->site_id;
	xr->etr = *src;
	xr->etr_port = sport;
	fwd_target(ms, rec, src, sport, &xr->fwd, &xr->fwd_port);
	xr->proxy_reply = m->proxy_reply;
	xr->want_notify = m->want_notify;
	xr->key_id = m->key_id;
	xr->alg_id = m->alg_id;
	xr->ttl = rec->ttl;
	xr->nloc = rec->nloc;
	xr->last_ms = now_ms;
	/* RFC 9301 8.2: gone after three register periods without one. */
	xr->expires_ms = now_ms +
			 (uint64_t)LISP_MS_REG_MISSES * ms->register_period_ms;
	ms_list_del(&xr->exp_node);
	exp_insert(ms, xr);
	reg_merge(ms, reg);
	e->site->stats.records++;
	return 0;
}

/* Does a name none of b's locators? */
static bool locs_disjoint(const struct lisp_record *a,
			  const struct lisp_record *b)
{
	unsigned int i;

	for (i = 0; i < a->nloc; i++) {
		if (loc_in(b, &a->loc[i]))
			return false;
	}
	return true;
}

/*
 * Is xr another xTR's part that a record from m's sender at src may
 * take?  With the I bit, any part not the sender's own.  Without it,
 * the sender may be any of the site's xTRs (RFC 9301 8.2 merges by
 * xTR-ID): only the null xTR-ID's part, which it replaces anyway, and
 * then only when it came from another source (another xTR).
 */
static bool xreg_other(const struct lisp_ms_xreg *xr,
		       const struct lisp_map_register *m,
		       const struct lisp_ip *src)
{
	if (!m->xtr_id_present)
		return !xr->xtr_id_present && !lisp_ip_equal(&xr->etr, src);
	return !xreg_is_senders(xr, m);
}

/* Do xr's xTR and m's sender say they are of one site (site-ID not 0)? */
static bool xreg_same_site(const struct lisp_ms_xreg *xr,
			   const struct lisp_map_register *m)
{
	return m->xtr_id_present && xr->xtr_id_present && m->site_id &&
	       m->site_id == xr->site_id;
}

/*
 * Does rec, from m's sender at src, take its prefix from the other
 * xTRs that hold it (issue 12: the host moved to the sender's site)?
 * Only if it keeps none of their locators: one in common is the same
 * site, whose xTRs merge (RFC 9301 8.2), or an xTR restarted with a
 * new random xTR-ID.  The caller asks only for prefixes more specific
 * than the configured one (take_over).
 */
static bool moves_to_sender(struct lisp_ms *ms, const struct lisp_ms_reg *reg,
			    const struct lisp_map_register *m,
			    const struct lisp_record *rec,
			    const struct lisp_ip *src)
{
	const struct lisp_ms_xreg *xr;
	bool others = false;

	if (!rec->ttl || !rec->nloc)
		return false;
	for (xr = reg->xregs; xr; xr = xr->next) {
		if (!xreg_other(xr, m, src))
			continue;
		if (lisp_record_parse(xr->rec, xr->rec_len, ms->rec) < 0 ||
		    !locs_disjoint(rec, ms->rec))
			return false;
		others = true;
	}
	return others;
}

/*
 * The Map-Notify that tells xr's xTR where its prefix went (RFC 9301
 * 5.7 format): the new record as the Map-Server's Map-Replies carry it,
 * xr's xTR-ID and site-ID, a nonce of its own (ms->move_nonce, which
 * the xTR checks for growth), signed with the key xr registered with
 * (the site's first if that one is gone), to the address and port
 * xr's last Map-Register came from.
 */
static void move_notify(struct lisp_ms *ms, const struct lisp_ms_xreg *xr,
			const struct lisp_record *rec,
			struct lisp_ms_reg_action *act)
{
	const struct lisp_ms_site *site = xr->reg->site;
	const struct lisp_ms_key *key = ms_site_key(site, xr->key_id,
						    xr->alg_id);
	struct lisp_map_register *n = ms->mnot;
	struct lisp_ms_pkt *p = &act->moved[act->nmoved];
	int len, auth_len;

	if (!key && site->nkeys)
		key = &site->key[0];
	auth_len = key ? lisp_auth_data_len(key->alg_id) : -1;
	if (act->nmoved == LISP_MS_MAX_MOVE_NOTIFY || auth_len < 0)
		goto err;
	memset(n, 0, sizeof(*n));
	n->type = LISP_MAP_NOTIFY;
	n->nonce = ++ms->move_nonce;
	if (!ms->move_nonce_first)
		ms->move_nonce_first = n->nonce;
	n->key_id = key->key_id;
	n->alg_id = key->alg_id;
	n->auth_len = (uint16_t)auth_len;
	n->xtr_id_present = xr->xtr_id_present;
	memcpy(n->xtr_id, xr->xtr_id, LISP_XTR_ID_LEN);
	n->site_id = xr->site_id;
	n->nrec = 1;
	n->rec[0] = *rec;
	n->rec[0].authoritative = false;
	lisp_prefix_mask(&n->rec[0].eid, n->rec[0].eid_mask_len);
	len = lisp_map_notify_write(n, p->buf, sizeof(p->buf));
	if (len < 0 ||
	    lisp_auth_sign(p->buf, (size_t)len, key->bytes, key->len))
		goto err;
	p->dst = xr->etr;
	p->sport = LISP_CONTROL_PORT;
	p->dport = xr->etr_port ? xr->etr_port : LISP_CONTROL_PORT;
	p->len = (size_t)len;
	act->nmoved++;
	ms->stats.move_notifies++;
	return;
err:
	ms->stats.move_notify_errors++;
}

/*
 * Before rec is stored: if it takes its prefix (moves_to_sender), the
 * other xTRs' parts but those of the sender's site are told
 * (move_notify) and dropped; the sender's own (null xTR-ID) part is
 * told and left for store() to overwrite.
 *
 * Only a prefix more specific than e, the configured one (accepted
 * with accept-more-specifics), moves: that is what a roaming host is
 * registered as (a /32 or /128), and there the newest registration
 * wins, as with Cisco's LISP mobility.  The configured prefix itself
 * is the site's, which each of its xTRs registers with its own
 * locators (multihoming): those parts always merge, whatever their
 * site-IDs or locators.
 */
static void take_over(struct lisp_ms *ms, const struct lisp_ms_eid *e,
		      const struct ms_key *k, const struct lisp_record *rec,
		      const struct lisp_map_register *m,
		      const struct lisp_ip *src,
		      struct lisp_ms_reg_action *act)
{
	struct lisp_ms_reg *reg;
	struct lisp_ms_xreg *xr, *next;

	if (k->plen <= e->pfx.plen)
		return;
	reg = lpm_get(&e->db->reg, k->key, k->plen);
	if (!reg || !moves_to_sender(ms, reg, m, rec, src))
		return;
	for (xr = reg->xregs; xr; xr = next) {
		next = xr->next;
		if (!xreg_other(xr, m, src) || xreg_same_site(xr, m))
			continue;
		move_notify(ms, xr, rec, act);
		reg->site->stats.moves++;
		ms->stats.moves++;
		if (!xreg_is_senders(xr, m) && !xreg_remove(ms, xr))
			return;		/* reg went with its last part */
	}
}

/*
 * m's sender at src registered rec, a host prefix (it may move): the
 * Map-Notifies still telling it that the host went elsewhere would now
 * be wrong (the host came back within their retransmissions).
 */
static void host_back(struct lisp_ms *ms, const struct lisp_record *rec,
		      const struct lisp_map_register *m,
		      const struct lisp_ip *src)
{
	struct lisp_prefix pfx = {
		.addr = rec->eid, .plen = rec->eid_mask_len,
	};

	if (!ms->nmove_wait)
		return;
	lisp_prefix_mask(&pfx.addr, pfx.plen);
	ms_move_superseded(ms, &pfx, m, src);
}

static bool key_same(const struct lisp_ms_key *a, const struct lisp_ms_key *b)
{
	return a == b || (a->alg_id == b->alg_id && a->len == b->len &&
			  !memcmp(a->bytes, b->bytes, a->len));
}

/* What act tells of an authentication failure of m against site. */
static void auth_refused(struct lisp_ms_reg_action *act,
			 const struct lisp_map_register *m,
			 const struct lisp_ms_site *site)
{
	act->auth_site = site;
	act->auth_key_id = m->key_id;
	act->auth_alg_id = m->alg_id;
}

/*
 * Find the configured prefix of every record and the one key they all
 * answer to.  0, or the LISP_MS_ERR_* reason to refuse the message
 * (for LISP_MS_ERR_AUTH, act says against which site).
 */
static int check_records(struct lisp_ms *ms, const struct lisp_map_register *m,
			 struct ms_key *keys, struct lisp_ms_eid **eids,
			 const struct lisp_ms_key **key,
			 struct lisp_ms_reg_action *act)
{
	const struct lisp_ms_key *k;
	const struct lisp_record *rec;
	struct lisp_ms_db *db;
	struct lisp_ms_eid *e;
	unsigned int i;

	*key = NULL;
	for (i = 0; i < m->nrec; i++) {
		rec = &m->rec[i];
		if (ms_key_from_addr(&rec->eid, rec->eid_mask_len, &keys[i]))
			return LISP_MS_ERR_MALFORMED;
		db = ms_db_find(ms, keys[i].iid, keys[i].afi);
		e = db ? ms_eid_for(db, &keys[i]) : NULL;
		if (!e)
			return LISP_MS_ERR_UNKNOWN_SITE;
		if (e->pfx.plen < keys[i].plen && !e->accept_more_specifics) {
			e->site->stats.prefix_refused++;
			return LISP_MS_ERR_PREFIX;
		}
		k = ms_site_key(e->site, m->key_id, m->alg_id);
		if (!k) {
			e->site->stats.auth_failures++;
			auth_refused(act, m, e->site);
			return LISP_MS_ERR_AUTH;
		}
		/* Whoever holds one site's key must not register another's. */
		if (*key && !key_same(*key, k))
			return LISP_MS_ERR_MIXED_SITES;
		*key = k;
		eids[i] = e;
	}
	return 0;
}

/*
 * The Map-Notify for m (RFC 9301 5.7): the Map-Register's nonce, key-id,
 * records and xTR-ID, authenticated with the same key.  The caller has
 * cleared the L and p bits of the records: they describe the sender's
 * RLOCs and the Map-Server owns none (Open Overlay Router clears L too).
 * P, S, M and R mean nothing in a Map-Notify; R's MS-RTR data is not
 * supported, so R is not echoed.
 */
static int build_notify(struct lisp_map_register *m,
			const struct lisp_ms_key *key,
			const struct lisp_ip *src, uint16_t sport,
			struct lisp_ms_reg_action *act)
{
	struct lisp_ms_pkt *p = &act->notify;
	int n, err;

	m->type = LISP_MAP_NOTIFY;
	m->proxy_reply = m->lisp_sec = m->want_notify = m->for_rtr = false;
	memset(m->auth, 0, m->auth_len);
	n = lisp_map_notify_write(m, p->buf, sizeof(p->buf));
	if (n < 0)
		return n;
	err = lisp_auth_sign(p->buf, (size_t)n, key->bytes, key->len);
	if (err)
		return err;
	p->dst = *src;
	p->sport = LISP_CONTROL_PORT;
	/* Back to where the Map-Register came from (NAT-friendly). */
	p->dport = sport ? sport : LISP_CONTROL_PORT;
	p->len = (size_t)n;
	act->has_notify = true;
	return 0;
}

struct cover_ctx {
	const struct ms_key *k;
	const struct lisp_ms_site *site;
};

/* The walk goes in (key, plen) order from k: k's subtree comes first. */
static int cover_one(const u8 *key, u8 plen, void *value, void *arg)
{
	const struct cover_ctx *c = arg;
	const struct lisp_ms_eid *e = value;

	if (plen <= c->k->plen || !prefix_bits_equal(key, c->k->key, c->k->plen))
		return 2;		/* past k's subtree: none */
	return e->site != c->site;
}

/*
 * Does the more specific k of e's site cover a configured prefix of
 * another site?  Costs the prefixes of e's own site under k, at most.
 */
static bool covers_other_site(const struct lisp_ms_eid *e,
			      const struct ms_key *k)
{
	struct cover_ctx c = { .k = k, .site = e->site };

	if (k->plen <= e->pfx.plen)
		return false;	/* the configured prefix itself */
	return lpm_walk(&e->db->cfg, k->key, k->plen, cover_one, &c) == 1;
}

/* Would a record for k from m's sender add an xTR's part? */
static bool adds_xreg(const struct lpm_table *t, const struct ms_key *k,
		      const struct lisp_map_register *m)
{
	const struct lisp_ms_reg *reg = lpm_get(t, k->key, k->plen);

	return !reg || (reg->nxreg < LISP_MS_MAX_REG_XTRS &&
			!xreg_find(reg, m));
}

/* The distinct sites of the n records' prefixes, into sites. */
static unsigned int sites_of(struct lisp_ms_eid *const *eids, unsigned int n,
			     struct lisp_ms_site **sites)
{
	unsigned int i, j, k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < k && sites[j] != eids[i]->site; j++)
			;
		if (j == k)
			sites[k++] = eids[i]->site;
	}
	return k;
}

/*
 * The first of the n sites whose prefixes m would take past its quota
 * (issue 11: one accept-more-specifics site could fill the table with
 * /32s), or NULL.  A record counts if its prefix is not registered.
 */
static struct lisp_ms_site *over_quota(struct lisp_ms_site *const *sites,
				       unsigned int n,
				       const struct lisp_map_register *m,
				       struct lisp_ms_eid *const *eids,
				       const struct ms_key *keys)
{
	unsigned int i, j, nnew;

	for (j = 0; j < n; j++) {
		nnew = 0;
		for (i = 0; i < m->nrec; i++)
			nnew += eids[i]->site == sites[j] && m->rec[i].ttl &&
				!lpm_get(&eids[i]->db->reg, keys[i].key,
					 keys[i].plen);
		if (nnew && sites[j]->nreg + nnew > sites[j]->max_regs)
			return sites[j];
	}
	return NULL;
}

static int reject(struct lisp_ms *ms, int err)
{
	ms->stats.rejected[err - LISP_MS_ERR_BASE]++;
	return -err;
}

int lisp_ms_handle_register(struct lisp_ms *ms, const uint8_t *pkt,
			    size_t len, const struct lisp_ip *src,
			    uint16_t sport, uint64_t now_ms,
			    struct lisp_ms_reg_action *act)
{
	struct lisp_map_register *m = ms->mreg;
	struct lisp_ms_site *sites[LISP_MAX_RECORDS], *site, *bad;
	struct lisp_ms_eid *eids[LISP_MAX_RECORDS];
	struct ms_key keys[LISP_MAX_RECORDS];
	const struct lisp_ms_key *key;
	unsigned int i, j, nsites, nnew = 0;
	int err;

	act->site = NULL;
	act->nrec = 0;
	act->codec_err = 0;
	act->has_notify = false;
	act->nmoved = 0;
	act->auth_site = NULL;
	err = lisp_map_register_parse(pkt, len, m);
	if (!err && !m->nrec)
		err = -LISP_ERR_INVALID;	/* nothing to register */
	if (err) {
		act->codec_err = err;
		return reject(ms, LISP_MS_ERR_MALFORMED);
	}
	err = check_records(ms, m, keys, eids, &key, act);
	if (err)
		return reject(ms, err);
	if (lisp_auth_verify(pkt, len, key->bytes, key->len)) {
		eids[0]->site->stats.auth_failures++;
		auth_refused(act, m, eids[0]->site);
		return reject(ms, LISP_MS_ERR_AUTH);
	}
	/* After the HMAC: only a key's holder sets what is remembered. */
	nsites = sites_of(eids, m->nrec, sites);
	err = ms_replay_check(sites, nsites, m, &bad);
	if (err) {
		if (err != LISP_MS_ERR_FULL)
			bad->stats.replayed++;
		return reject(ms, err);
	}
	/* After the HMAC: the walk is not for anyone to trigger. */
	for (i = 0; i < m->nrec; i++) {
		if (m->rec[i].ttl && covers_other_site(eids[i], &keys[i])) {
			eids[i]->site->stats.prefix_refused++;
			return reject(ms, LISP_MS_ERR_COVERS);
		}
	}
	/* All or nothing as far as the bounds go. */
	site = over_quota(sites, nsites, m, eids, keys);
	if (site) {
		site->stats.over_quota++;
		return reject(ms, LISP_MS_ERR_OVER_QUOTA);
	}
	for (i = 0; i < m->nrec; i++)
		nnew += m->rec[i].ttl && adds_xreg(&eids[i]->db->reg, &keys[i],
						   m);
	if (nnew > LISP_MS_MAX_REGS - ms->nxreg)
		return reject(ms, LISP_MS_ERR_FULL);
	ms_replay_accept(sites, nsites, m, now_ms);

	for (i = 0; i < m->nrec; i++) {
		for (j = 0; j < m->rec[i].nloc; j++) {
			m->rec[i].loc[j].local = false;
			m->rec[i].loc[j].probed = false;
		}
		take_over(ms, eids[i], &keys[i], &m->rec[i], m, src, act);
		/* Out of memory half-way: what is stored stays. */
		if (store(ms, eids[i], &keys[i], &m->rec[i], m, src, sport,
			  now_ms))
			return reject(ms, LISP_MS_ERR_FULL);
		if (m->rec[i].ttl && keys[i].plen > eids[i]->pfx.plen)
			host_back(ms, &m->rec[i], m, src);
		site = eids[i]->site;
		site->last_register_ms = now_ms;
		site->last_etr = *src;
		act->nrec++;
	}
	act->site = eids[0]->site;
	act->site->stats.registers++;
	ms->stats.registers++;
	if (m->want_notify) {
		if (build_notify(m, key, src, sport, act)) {
			ms->stats.notify_errors++;
		} else {
			act->site->stats.notifies++;
			ms->stats.notifies++;
		}
	}
	return 0;
}

/*
 * Does m answer a move's Map-Notify (move_notify)?  1: a nonce issued
 * for one, the HMAC under the key its first record's site has for its
 * key-id (the Map-Notify of that nonce goes no more); -LISP_MS_ERR_AUTH:
 * such a nonce, not that HMAC; 0: no such nonce.  A nonce issued but
 * no longer waiting (acknowledged already, given up) is still taken: an
 * Ack of a retransmission crossing the first one's.
 */
static int move_ack(struct lisp_ms *ms, const struct lisp_map_register *m,
		    const uint8_t *pkt, size_t len)
{
	const struct lisp_ms_key *key = NULL;
	const struct lisp_ms_eid *e = NULL;
	struct lisp_ms_db *db;
	struct ms_key k;

	if (!ms->move_nonce_first || m->nonce < ms->move_nonce_first ||
	    m->nonce > ms->move_nonce)
		return 0;
	if (!ms_key_from_addr(&m->rec[0].eid, m->rec[0].eid_mask_len, &k)) {
		db = ms_db_find(ms, k.iid, k.afi);
		e = db ? ms_eid_for(db, &k) : NULL;
	}
	if (e)
		key = ms_site_key(e->site, m->key_id, m->alg_id);
	if (!key || lisp_auth_verify(pkt, len, key->bytes, key->len))
		return -LISP_MS_ERR_AUTH;
	ms_move_acked(ms, m->nonce);
	return 1;
}

int lisp_ms_handle_notify_ack(struct lisp_ms *ms, const uint8_t *pkt,
			      size_t len, const struct lisp_ip *src)
{
	struct lisp_map_register *m = ms->mnot;
	int err = lisp_map_notify_parse(pkt, len, m);
	int pub = 0, move = 0;

	if (!err && (m->type != LISP_MAP_NOTIFY_ACK || !m->nrec))
		err = -LISP_ERR_INVALID;
	if (!err) {
		pub = ms_pubsub_ack(ms, m, pkt, len, src);
		if (pub > 0)
			return 0;
		move = move_ack(ms, m, pkt, len);
		if (move > 0) {
			ms->stats.notify_acks++;
			return 0;
		}
		err = pub < 0 || move < 0 ? -LISP_MS_ERR_AUTH :
					    -LISP_MS_ERR_NOT_FOUND;
	}
	/* Refused by both: counted once, and why publications refused it. */
	ms->stats.notify_acks_bad++;
	ms_pubsub_ack_refused(ms, pub < 0);
	return err;
}
