// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Register processing (RFC 9301 8.2), the registrations it keeps,
 * their expiry, and the Map-Notify that acknowledges them (5.7).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "ms_priv.h"
#include "proto/auth.h"

/* Keep ms->expiry sorted: a refresh nearly always goes last. */
static void exp_insert(struct lisp_ms *ms, struct lisp_ms_reg *reg)
{
	struct lisp_ms_link *pos = ms->expiry.prev;

	while (pos != &ms->expiry &&
	       ms_entry(pos, struct lisp_ms_reg, exp_node)->expires_ms >
	       reg->expires_ms)
		pos = pos->prev;
	ms_list_add_after(pos, &reg->exp_node);
}

void ms_reg_remove(struct lisp_ms *ms, struct lisp_ms_reg *reg)
{
	struct lisp_ms_db *db = reg->eid->db;
	struct ms_key k;

	ms_key_from_addr(&reg->pfx.addr, reg->pfx.plen, &k);
	lpm_delete(&db->reg, k.key, k.plen);
	lisp_ms_ptree_del(&db->all, k.key, k.plen);
	ms_list_del(&reg->site_node);
	ms_list_del(&reg->exp_node);
	reg->eid->nreg--;
	reg->site->nreg--;
	ms->nreg--;
	free(reg->rec);
	free(reg);
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

unsigned int lisp_ms_expire(struct lisp_ms *ms, uint64_t now_ms)
{
	struct lisp_ms_reg *reg;
	unsigned int n = 0;

	while (!ms_list_empty(&ms->expiry)) {
		reg = ms_entry(ms->expiry.next, struct lisp_ms_reg, exp_node);
		if (reg->expires_ms > now_ms)
			break;
		reg->site->stats.expired++;
		ms->stats.expired++;
		ms_reg_remove(ms, reg);
		n++;
	}
	return n;
}

/* A new registration for k under e, its record buffer rec_len long. */
static struct lisp_ms_reg *reg_new(struct lisp_ms *ms, struct lisp_ms_eid *e,
				   const struct ms_key *k,
				   const struct lisp_record *rec,
				   size_t rec_len, uint64_t now_ms)
{
	struct lisp_ms_db *db = e->db;
	struct lisp_ms_reg *reg = calloc(1, sizeof(*reg));

	if (!reg)
		return NULL;
	reg->rec = malloc(rec_len);
	if (!reg->rec)
		goto err;
	if (lisp_ms_ptree_add(&db->all, k->key, k->plen))
		goto err;
	if (lpm_insert(&db->reg, k->key, k->plen, reg, NULL)) {
		lisp_ms_ptree_del(&db->all, k->key, k->plen);
		goto err;
	}
	reg->rec_cap = (uint16_t)rec_len;
	reg->site = e->site;
	reg->eid = e;
	reg->pfx.plen = k->plen;
	reg->pfx.addr = rec->eid;
	lisp_prefix_mask(&reg->pfx.addr, k->plen);
	reg->first_ms = now_ms;
	ms_list_init(&reg->exp_node);
	ms_list_add_tail(&e->site->regs, &reg->site_node);
	e->nreg++;
	e->site->nreg++;
	ms->nreg++;
	return reg;
err:
	free(reg->rec);
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
	uint8_t *p;
	int n;

	/* TTL 0: the ETR withdraws the prefix (a mapping nobody may keep). */
	if (!rec->ttl) {
		if (reg)
			ms_reg_remove(ms, reg);
		e->site->stats.deregisters++;
		ms->stats.deregisters++;
		return 0;
	}
	n = reply_record(ms, rec);
	if (n < 0)
		return n;
	if (!reg) {
		reg = reg_new(ms, e, k, rec, (size_t)n, now_ms);
		if (!reg)
			return -LISP_MS_ERR_NOMEM;
	} else if (reg->rec_cap < n) {
		p = realloc(reg->rec, (size_t)n);
		if (!p)
			return -LISP_MS_ERR_NOMEM;
		reg->rec = p;
		reg->rec_cap = (uint16_t)n;
	}
	if (reg->eid != e)
		reg_move(reg, e);
	memcpy(reg->rec, ms->tmp, (size_t)n);
	reg->rec_len = (uint16_t)n;
	reg->etr = *src;
	reg->etr_port = sport;
	fwd_target(ms, rec, src, sport, &reg->fwd, &reg->fwd_port);
	reg->proxy_reply = m->proxy_reply;
	reg->want_notify = m->want_notify;
	reg->xtr_id_present = m->xtr_id_present;
	memcpy(reg->xtr_id, m->xtr_id, LISP_XTR_ID_LEN);
	reg->site_id = m->site_id;
	reg->ttl = rec->ttl;
	reg->nloc = rec->nloc;
	reg->last_ms = now_ms;
	/* RFC 9301 8.2: gone after three register periods without one. */
	reg->expires_ms = now_ms +
			  (uint64_t)LISP_MS_REG_MISSES * ms->register_period_ms;
	ms_list_del(&reg->exp_node);
	exp_insert(ms, reg);
	e->site->stats.records++;
	return 0;
}

static bool key_same(const struct lisp_ms_key *a, const struct lisp_ms_key *b)
{
	return a == b || (a->alg_id == b->alg_id && a->len == b->len &&
			  !memcmp(a->bytes, b->bytes, a->len));
}

/*
 * Find the configured prefix of every record and the one key they all
 * answer to.  0, or the LISP_MS_ERR_* reason to refuse the message.
 */
static int check_records(struct lisp_ms *ms, const struct lisp_map_register *m,
			 struct ms_key *keys, struct lisp_ms_eid **eids,
			 const struct lisp_ms_key **key)
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
	struct lisp_ms_eid *eids[LISP_MAX_RECORDS];
	struct ms_key keys[LISP_MAX_RECORDS];
	const struct lisp_ms_key *key;
	struct lisp_ms_site *site;
	unsigned int i, j, nnew = 0;
	int err;

	act->site = NULL;
	act->nrec = 0;
	act->codec_err = 0;
	act->has_notify = false;
	err = lisp_map_register_parse(pkt, len, m);
	if (!err && !m->nrec)
		err = -LISP_ERR_INVALID;	/* nothing to register */
	if (err) {
		act->codec_err = err;
		return reject(ms, LISP_MS_ERR_MALFORMED);
	}
	err = check_records(ms, m, keys, eids, &key);
	if (err)
		return reject(ms, err);
	if (lisp_auth_verify(pkt, len, key->bytes, key->len)) {
		eids[0]->site->stats.auth_failures++;
		return reject(ms, LISP_MS_ERR_AUTH);
	}
	/* After the HMAC: the walk is not for anyone to trigger. */
	for (i = 0; i < m->nrec; i++) {
		if (m->rec[i].ttl && covers_other_site(eids[i], &keys[i])) {
			eids[i]->site->stats.prefix_refused++;
			return reject(ms, LISP_MS_ERR_COVERS);
		}
	}
	/* All or nothing as far as the bounds go. */
	for (i = 0; i < m->nrec; i++)
		nnew += m->rec[i].ttl &&
			!lpm_get(&eids[i]->db->reg, keys[i].key, keys[i].plen);
	if (nnew > LISP_MS_MAX_REGS - ms->nreg)
		return reject(ms, LISP_MS_ERR_FULL);

	for (i = 0; i < m->nrec; i++) {
		for (j = 0; j < m->rec[i].nloc; j++) {
			m->rec[i].loc[j].local = false;
			m->rec[i].loc[j].probed = false;
		}
		/* Out of memory half-way: what is stored stays. */
		if (store(ms, eids[i], &keys[i], &m->rec[i], m, src, sport,
			  now_ms))
			return reject(ms, LISP_MS_ERR_FULL);
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
