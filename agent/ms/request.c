// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Request processing of the Map-Server / Map-Resolver (RFC 9301 8.3,
 * 8.4): for each EID, a proxy Map-Reply, the Map-Request forwarded to
 * the registered ETR, or a negative Map-Reply.
 */
#include <string.h>

#include "ms_priv.h"

#define MREP_HLEN	12	/* Map-Reply: type, flags, count, nonce */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * The registration covering key; expired ones found on the way go, and
 * so do the expired xTRs' parts of the one found.  With one now_ms per
 * request, a registration found live for one record is not changed by
 * a later record's lookup.
 */
static struct lisp_ms_reg *reg_lookup(struct lisp_ms *ms,
				      struct lisp_ms_db *db,
				      const uint8_t *key, uint64_t now_ms)
{
	struct lisp_ms_reg *reg;

	while ((reg = lpm_lookup(&db->reg, key)) &&
	       !ms_reg_expire(ms, reg, now_ms))
		;
	return reg;
}

/*
 * RFC 9301 8.3: no configured prefix covers the EID: negative, natively
 * forward, 15 minutes (also the Map-Resolver's answer for a non-EID,
 * 8.4), for the least specific prefix around it with no EID prefix in
 * it.  A configured prefix without a registration for the EID: negative,
 * natively forward, 1 minute; here the prefix stays inside the
 * configured one and clear of what is registered or configured below
 * it, so that an ITR does not cache a negative over a registered EID.
 * The answer is registered only if it comes from the most specific
 * configured prefix covering the EID (no other site may answer for it).
 */
int lisp_ms_match(struct lisp_ms *ms, const struct lisp_addr *eid,
		  unsigned int plen, uint64_t now_ms, struct lisp_ms_match *m)
{
	struct lisp_ms_db *db;
	struct lisp_ms_reg *reg;
	struct ms_key k;
	int err = ms_key_from_addr(eid, plen, &k);

	if (err)
		return err;
	memset(m, 0, sizeof(*m));
	db = ms_db_find(ms, k.iid, k.afi);
	m->eid = db ? lpm_lookup(&db->cfg, k.key) : NULL;
	m->route = db && ms->nroute ? lpm_lookup(&db->route, k.key) : NULL;
	/* The most specific prefix decides; a site here wins a tie. */
	if (m->route && (!m->eid || m->route->pfx.plen > m->eid->pfx.plen)) {
		m->answer = LISP_MS_ANS_MS_FORWARD;
		m->eid = NULL;
		return 0;
	}
	m->route = NULL;
	if (!m->eid) {
		m->answer = LISP_MS_ANS_NOT_EID;
		m->neg_plen = db ? (uint8_t)lisp_ms_ptree_hole(&db->all,
							       k.key, 0) : 0;
		m->neg_ttl = LISP_MS_TTL_NOT_EID;
		return 0;
	}
	reg = reg_lookup(ms, db, k.key, now_ms);
	if (reg && reg->eid == m->eid) {
		m->reg = reg;
		m->answer = reg->proxy_reply || reg->union_wider ?
			    LISP_MS_ANS_PROXY : LISP_MS_ANS_FORWARD;
		return 0;
	}
	m->answer = LISP_MS_ANS_UNREGISTERED;
	m->neg_plen = (uint8_t)lisp_ms_ptree_hole(&db->all, k.key,
						  m->eid->pfx.plen);
	m->neg_ttl = LISP_MS_TTL_UNREGISTERED;
	return 0;
}

/* Negative EID-record for the query q, as m says; bytes or error. */
static int neg_record(struct lisp_ms *ms, const struct lisp_prefix *q,
		      const struct lisp_ms_match *m, uint8_t *buf, size_t len)
{
	struct lisp_record *rec = ms->rec;

	rec->ttl = m->neg_ttl;
	rec->eid_mask_len = m->neg_plen;
	rec->act = LISP_ACT_NATIVELY_FORWARD;
	rec->authoritative = false;
	rec->map_version = 0;
	rec->eid = q->addr;		/* keeps the query's IID form */
	lisp_prefix_mask(&rec->eid, m->neg_plen);
	rec->nloc = 0;
	return lisp_record_write(rec, buf, len);
}

/*
 * The ECM carrying the Map-Request to an ETR.  RFC 9301 8.3: the
 * Map-Server "does not otherwise alter the Map-Request", so the inner
 * header is the ITR's but for its TTL, one less (the ETR answers the
 * ITR directly) and the bytes are the original ones, unless the request also holds EIDs this ETR
 * does not register: then it gets a copy with only its own records.
 */
static int build_forward(struct lisp_ms *ms, const uint8_t *pkt, size_t len,
			 const struct lisp_map_request *req,
			 const struct lisp_ip_udp *inner, uint32_t mask,
			 const struct lisp_ip *dst, uint16_t dport,
			 uint8_t ttl, struct lisp_ms_pkt *out)
{
	struct lisp_map_request *sub = ms->msub;
	const struct lisp_ip *eid = NULL;
	struct lisp_ecm e;
	unsigned int i;
	int n;

	memset(&e, 0, sizeof(e));
	e.msg = pkt;
	e.msg_len = len;
	for (i = 0; i < req->nrec; i++) {
		if (mask & (1u << i) && !eid)
			eid = &req->rec[i].addr.ip[0];
	}
	if (mask != (req->nrec == 32 ? ~0u : (1u << req->nrec) - 1)) {
		*sub = *req;
		sub->nrec = 0;
		for (i = 0; i < req->nrec; i++) {
			if (mask & (1u << i))
				sub->rec[sub->nrec++] = req->rec[i];
		}
		n = lisp_map_request_write(sub, ms->tmp, LISP_MS_PKT_MAX);
		if (n < 0)
			return n;
		e.msg = ms->tmp;
		e.msg_len = (size_t)n;
	}
	e.inner = *inner;
	e.inner.ttl = ttl;
	if (eid && eid->afi == e.inner.src.afi)
		e.inner.dst = *eid;
	n = lisp_ecm_write(&e, out->buf, sizeof(out->buf));
	if (n < 0)
		return n;
	out->dst = *dst;
	out->sport = LISP_CONTROL_PORT;
	out->dport = dport;
	out->len = (size_t)n;
	return 0;
}

/* Where a record's Map-Request goes on to: an ETR or a Map-Server. */
struct fwd_dst {
	const struct lisp_ip *addr;	/* NULL: answered here */
	uint16_t port;
	bool to_ms;
};

struct fwd_group {
	struct fwd_dst dst;
	uint32_t mask;			/* records going there */
};

static bool fwd_dst_equal(const struct fwd_dst *a, const struct fwd_dst *b)
{
	return a->port == b->port && a->to_ms == b->to_ms &&
	       lisp_ip_equal(a->addr, b->addr);
}

static void drop_record(struct lisp_ms *ms, struct lisp_ms_req_action *act,
			unsigned int i)
{
	act->answer[i] = LISP_MS_ANS_DROPPED;
	ms->stats.rec_dropped++;
}

/*
 * Would sending to dst loop?  Our own addresses and the Map-Servers we
 * know never get a forward; a Map-Server we route to gets only what a
 * route sends it, never what a registration says is an ETR there (two
 * Map-Servers whose registrations point at each other).
 */
static bool fwd_loops(const struct lisp_ms *ms, const struct fwd_dst *dst)
{
	return ms_no_forward(ms, dst->addr, dst->port) ||
	       (!dst->to_ms && ms_route_ms_known(ms, dst->addr, dst->port));
}

/*
 * Send each destination one ECM with its records; LISP_MS_MAX_FWD at
 * most.  The inner header goes as the ITR made it but for its TTL, one
 * less on every hop, to an ETR as to a Map-Server (see
 * lisp_ms_handle_request): RFC 9301 8.3 has the Map-Server not alter
 * the Map-Request, which it does not, and the TTL is what stops loops.
 */
static void do_forwards(struct lisp_ms *ms, const uint8_t *pkt, size_t len,
			const struct lisp_map_request *req,
			const struct lisp_ip_udp *inner,
			const struct fwd_dst *fwd,
			struct lisp_ms_req_action *act)
{
	struct fwd_group g[LISP_MS_MAX_FWD];
	unsigned int i, j, n = 0;

	for (i = 0; i < act->nrec; i++) {
		if (!fwd[i].addr)
			continue;
		if (inner && inner->ttl <= 1) {
			ms->stats.fwd_ttl_expired++;
			drop_record(ms, act, i);
			continue;
		}
		if (fwd_loops(ms, &fwd[i])) {
			ms->stats.fwd_loop_refused++;
			drop_record(ms, act, i);
			continue;
		}
		for (j = 0; j < n && !fwd_dst_equal(&g[j].dst, &fwd[i]); j++)
			;
		if (j == LISP_MS_MAX_FWD || !inner) {
			drop_record(ms, act, i);
			continue;
		}
		if (j == n) {
			g[n].dst = fwd[i];
			g[n++].mask = 0;
		}
		g[j].mask |= 1u << i;
	}
	for (j = 0; j < n; j++) {
		if (!build_forward(ms, pkt, len, req, inner, g[j].mask,
				   g[j].dst.addr, g[j].dst.port,
				   (uint8_t)(inner->ttl - 1),
				   &act->fwd[act->nfwd])) {
			act->nfwd++;
			continue;
		}
		for (i = 0; i < act->nrec; i++) {
			if (g[j].mask & (1u << i))
				drop_record(ms, act, i);
		}
	}
}

/* Count what was sent on (after do_forwards: some may have dropped). */
static void count_forwards(struct lisp_ms *ms,
			   const struct lisp_ms_req_action *act,
			   struct lisp_ms_reg *const *reg,
			   struct lisp_ms_route *const *route)
{
	unsigned int i;

	for (i = 0; i < act->nrec; i++) {
		if (act->answer[i] == LISP_MS_ANS_FORWARD) {
			reg[i]->site->stats.forwards++;
			ms->stats.forwards++;
		} else if (act->answer[i] == LISP_MS_ANS_MS_FORWARD) {
			route[i]->forwards++;
			ms->stats.ms_forwards++;
		}
	}
}

/* Append the answer for record i to the Map-Reply; false if no room. */
static bool reply_add(struct lisp_ms *ms, const struct lisp_prefix *q,
		      const struct lisp_ms_match *m, struct lisp_ms_pkt *rp)
{
	size_t room = sizeof(rp->buf) - rp->len;
	int n;

	if (m->answer == LISP_MS_ANS_PROXY) {
		if (m->reg->rec_len > room)
			return false;
		memcpy(rp->buf + rp->len, m->reg->rec, m->reg->rec_len);
		rp->len += m->reg->rec_len;
		return true;
	}
	n = neg_record(ms, q, m, rp->buf + rp->len, room);
	if (n < 0)
		return false;
	rp->len += (size_t)n;
	return true;
}

static void count_answer(struct lisp_ms *ms, const struct lisp_ms_match *m)
{
	switch (m->answer) {
	case LISP_MS_ANS_PROXY:
		m->reg->site->stats.proxy_replies++;
		ms->stats.proxy_replies++;
		break;
	case LISP_MS_ANS_UNREGISTERED:
		m->eid->site->stats.unregistered++;
		ms->stats.neg_unregistered++;
		break;
	case LISP_MS_ANS_NOT_EID:
		ms->stats.neg_not_eid++;
		break;
	default:
		break;
	}
}

/* Does the request name one EID-prefix twice? */
static bool has_duplicate(const struct lisp_map_request *req)
{
	unsigned int i, j;

	for (i = 1; i < req->nrec; i++) {
		for (j = 0; j < i; j++) {
			if (req->rec[i].plen == req->rec[j].plen &&
			    lisp_addr_equal(&req->rec[i].addr,
					    &req->rec[j].addr))
				return true;
		}
	}
	return false;
}

static void act_clear(struct lisp_ms_req_action *act)
{
	act->nrec = 0;
	act->has_reply = false;
	act->nfwd = 0;
}

int lisp_ms_handle_request(struct lisp_ms *ms, const uint8_t *pkt,
			   size_t len, const struct lisp_ip_udp *inner,
			   uint64_t now_ms, struct lisp_ms_req_action *act)
{
	int err = lisp_map_request_parse(pkt, len, ms->mreq);

	if (err) {
		act_clear(act);
		ms->stats.requests++;
		ms->stats.req_malformed++;
		return err;
	}
	return lisp_ms_answer_request(ms, pkt, len, ms->mreq, inner, now_ms,
				      act);
}

int lisp_ms_answer_request(struct lisp_ms *ms, const uint8_t *pkt,
			   size_t len, const struct lisp_map_request *req,
			   const struct lisp_ip_udp *inner, uint64_t now_ms,
			   struct lisp_ms_req_action *act)
{
	struct lisp_ms_route *route[LISP_MAX_RECORDS];
	struct lisp_ms_reg *reg[LISP_MAX_RECORDS];
	struct fwd_dst fwd[LISP_MAX_RECORDS];
	struct lisp_ms_match ans[LISP_MAX_RECORDS];
	struct lisp_ms_pkt *rp = &act->reply;
	const struct lisp_ip *itr;
	struct lisp_ms_match m;
	unsigned int i, nrep = 0;
	size_t before;

	act_clear(act);
	ms->stats.requests++;
	/*
	 * Issue 11: one EID 32 times made a 28 times larger answer, sent
	 * to whatever ITR-RLOC the request names.  No ITR asks twice.
	 */
	if (has_duplicate(req)) {
		ms->stats.req_duplicate_eid++;
		return 0;
	}
	act->nrec = req->nrec;
	itr = lisp_map_request_reply_rloc(req, ms->reply_afis);
	rp->len = MREP_HLEN;
	memset(fwd, 0, sizeof(fwd[0]) * req->nrec);
	for (i = 0; i < req->nrec; i++) {
		if (lisp_ms_match(ms, &req->rec[i].addr, req->rec[i].plen,
				  now_ms, &m)) {
			drop_record(ms, act, i);
			continue;
		}
		act->answer[i] = (uint8_t)m.answer;
		reg[i] = m.reg;
		route[i] = m.route;
		/*
		 * RFC 9437 5: a subscription is the Map-Server's to answer,
		 * with a Map-Notify (queued: lisp_ms_pubsub_poll), never
		 * forwarded to the ETR; one refused is answered as usual.
		 */
		if (req->xtr_id_present && req->notify[i] &&
		    (m.answer == LISP_MS_ANS_PROXY ||
		     m.answer == LISP_MS_ANS_FORWARD ||
		     m.answer == LISP_MS_ANS_UNREGISTERED) &&
		    ms_pubsub_subscribe(ms, req, i, m.reg,
					inner ? inner->sport : 0, now_ms)) {
			act->answer[i] = LISP_MS_ANS_SUBSCRIBED;
			continue;
		}
		if (m.answer == LISP_MS_ANS_FORWARD) {
			/* One of its locators (issue 11): see fwd_target. */
			if (!m.reg->fwd_port) {
				ms->stats.fwd_no_rloc++;
				drop_record(ms, act, i);
				continue;
			}
			fwd[i].addr = &m.reg->fwd;
			fwd[i].port = m.reg->fwd_port;
			continue;
		}
		if (m.answer == LISP_MS_ANS_MS_FORWARD) {
			fwd[i].addr = &m.route->ms_addr;
			fwd[i].port = m.route->port;
			fwd[i].to_ms = true;
			continue;
		}
		before = rp->len;
		if (!reply_add(ms, &req->rec[i], &m, rp)) {
			drop_record(ms, act, i);
			continue;
		}
		/*
		 * Issue 11: never many times the request's bytes to an
		 * ITR-RLOC the request names; its first answer always goes.
		 */
		if (nrep && ms->reply_ratio &&
		    rp->len > (size_t)ms->reply_ratio * len) {
			rp->len = before;
			act->answer[i] = LISP_MS_ANS_DROPPED;
			ms->stats.reply_truncated++;
			continue;
		}
		ans[nrep++] = m;
	}
	do_forwards(ms, pkt, len, req, inner, fwd, act);
	count_forwards(ms, act, reg, route);
	if (!nrep)
		return 0;
	/* RFC 9301 5.2, D: "the receiver ... does not return a Map-Reply". */
	if (req->dont_reply) {
		ms->stats.dont_reply++;
		return 0;
	}
	if (!itr) {
		ms->stats.no_itr_rloc++;
		return 0;
	}
	/* Counted only now that the Map-Reply goes. */
	for (i = 0; i < nrep; i++)
		count_answer(ms, &ans[i]);
	/* Map-Reply header: type 2, no P/E/S, the request's nonce. */
	put32(rp->buf, (uint32_t)LISP_MAP_REPLY << 28 | nrep);
	put32(rp->buf + 4, (uint32_t)(req->nonce >> 32));
	put32(rp->buf + 8, (uint32_t)req->nonce);
	rp->dst = *itr;
	rp->sport = LISP_CONTROL_PORT;
	rp->dport = inner && inner->sport ? inner->sport : LISP_CONTROL_PORT;
	act->has_reply = true;
	return 0;
}

int lisp_ms_handle_ecm(struct lisp_ms *ms, const uint8_t *pkt, size_t len,
		       uint64_t now_ms, struct lisp_ms_req_action *act)
{
	struct lisp_ecm e;
	int err = lisp_ecm_parse(pkt, len, &e);

	if (!err && lisp_msg_type(e.msg, e.msg_len) != LISP_MAP_REQUEST)
		err = -LISP_ERR_BAD_TYPE;
	if (err) {
		act_clear(act);
		ms->stats.requests++;
		ms->stats.req_malformed++;
		return err;
	}
	return lisp_ms_handle_request(ms, e.msg, e.msg_len, &e.inner, now_ms,
				      act);
}
