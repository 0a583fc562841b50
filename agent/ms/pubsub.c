// SPDX-License-Identifier: GPL-2.0
/*
 * Publish/subscribe of the Map-Server (RFC 9437): subscriptions taken
 * from Map-Requests with I and N, Map-Notifies to the subscribers when
 * a registration changes, their retransmission until a Map-Notify-Ack.
 * See ms.h for the rules; pure C, no clock, no sockets.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "ms_priv.h"
#include "proto/auth.h"

#define PS_HASH		4096		/* buckets of each table */

/* An xTR that registers here: who may subscribe, where notifies go. */
struct ps_xtr {
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
	char site[LISP_MS_NAME_MAX];
	uint8_t nrloc;
	struct lisp_ip rloc[LISP_MAX_RLOCS];
	uint64_t expires_ms;		/* its registration's */
	struct ps_xtr *hnext;
};

struct ps_topic;

/* One subscriber of one registered prefix. */
struct ps_sub {
	struct ps_topic *topic;
	struct ps_sub *next;		/* topic->subs */
	uint8_t xtr_id[LISP_XTR_ID_LEN];
	uint64_t site_id;
	char site[LISP_MS_NAME_MAX];	/* whose key signs */
	struct lisp_ip rloc;		/* its ITR-RLOC */
	uint16_t port;
	uint64_t nonce;			/* of the last Map-Notify made */
	uint64_t first_ms;
	uint64_t expires_ms;
	/* A Map-Notify waiting for its Map-Notify-Ack, in ps->waiting. */
	struct ms_retx retx;
	struct lisp_prefix what;	/* the prefix whose mapping it carries */
};

/* A registered prefix with subscribers. */
struct ps_topic {
	struct ms_key k;
	struct lisp_prefix pfx;
	unsigned int nsub;
	struct ps_sub *subs;
	struct ps_topic *hnext;
};

struct lisp_ms_pubsub {
	unsigned int max_subs, per_prefix, retries;
	uint32_t retry_ms;
	unsigned int nsub, ntopic, nxtr;
	struct lisp_ms_ps_stats stats;
	struct lisp_ms_link waiting;	/* ps_sub.retx, by next_ms roughly */
	struct ps_topic *topic[PS_HASH];
	struct ps_xtr *xtr[PS_HASH];
	struct lisp_map_register *msg;	/* scratch */
	struct lisp_record *rec;	/* scratch */
};

static struct lisp_ms_pubsub *ps_get(struct lisp_ms *ms)
{
	struct lisp_ms_pubsub *ps = ms->ps;

	if (ps)
		return ps;
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return NULL;
	ps->msg = malloc(sizeof(*ps->msg));
	ps->rec = malloc(sizeof(*ps->rec));
	if (!ps->msg || !ps->rec) {
		free(ps->msg);
		free(ps->rec);
		free(ps);
		return NULL;
	}
	ps->max_subs = LISP_MS_PS_MAX_SUBS;
	ps->per_prefix = LISP_MS_PS_PER_PREFIX;
	ps->retry_ms = LISP_MS_PS_RETRY_MS;
	ps->retries = LISP_MS_PS_RETRIES;
	ms_list_init(&ps->waiting);
	ms->ps = ps;
	return ps;
}

int lisp_ms_pubsub_set(struct lisp_ms *ms, unsigned int max_subs,
		       unsigned int per_prefix, uint32_t retry_ms,
		       unsigned int retries)
{
	struct lisp_ms_pubsub *ps;

	if (max_subs > LISP_MS_PS_MAX_SUBS_LIMIT ||
	    per_prefix > LISP_MS_PS_MAX_SUBS_LIMIT || retries > 255)
		return -LISP_ERR_INVALID;
	ps = ps_get(ms);
	if (!ps)
		return -LISP_MS_ERR_NOMEM;
	if (max_subs)
		ps->max_subs = max_subs;
	if (per_prefix)
		ps->per_prefix = per_prefix;
	if (retry_ms)
		ps->retry_ms = retry_ms;
	if (retries)
		ps->retries = retries;
	return 0;
}

const struct lisp_ms_ps_stats *lisp_ms_pubsub_stats(const struct lisp_ms *ms)
{
	return ms->ps ? &ms->ps->stats : NULL;
}

unsigned int lisp_ms_pubsub_count(const struct lisp_ms *ms)
{
	return ms->ps ? ms->ps->nsub : 0;
}

/* FNV-1a: what a registration answers, to tell a change from a refresh. */
static uint64_t rec_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h | 1;			/* 0: never seen */
}

static unsigned int bytes_hash(const uint8_t *p, size_t n, uint32_t seed)
{
	return (unsigned int)(rec_hash(p, n) ^ seed) % PS_HASH;
}

static unsigned int key_hash(const struct ms_key *k)
{
	return bytes_hash(k->key, sizeof(k->key),
			  k->iid * 2654435761u ^ k->afi ^ (uint32_t)k->plen << 20);
}

static bool key_equal(const struct ms_key *a, const struct ms_key *b)
{
	return a->iid == b->iid && a->afi == b->afi && a->plen == b->plen &&
	       !memcmp(a->key, b->key, sizeof(a->key));
}

static struct ps_topic *topic_find(const struct lisp_ms_pubsub *ps,
				   const struct ms_key *k)
{
	struct ps_topic *t;

	for (t = ps->topic[key_hash(k)]; t; t = t->hnext) {
		if (key_equal(&t->k, k))
			return t;
	}
	return NULL;
}

static void topic_free(struct lisp_ms_pubsub *ps, struct ps_topic *t)
{
	struct ps_topic **pp = &ps->topic[key_hash(&t->k)];

	while (*pp != t)
		pp = &(*pp)->hnext;
	*pp = t->hnext;
	ps->ntopic--;
	free(t);
}

/* Drop s from its topic, which stays even if empty. */
static void sub_unlink(struct lisp_ms_pubsub *ps, struct ps_sub *s)
{
	struct ps_topic *t = s->topic;
	struct ps_sub **pp = &t->subs;

	while (*pp != s)
		pp = &(*pp)->next;
	*pp = s->next;
	ms_retx_stop(&s->retx);
	t->nsub--;
	ps->nsub--;
	free(s);
}

/* Drop s, and its topic if it was its last. */
static void sub_del(struct lisp_ms_pubsub *ps, struct ps_sub *s)
{
	struct ps_topic *t = s->topic;

	sub_unlink(ps, s);
	if (!t->nsub)
		topic_free(ps, t);
}

void ms_pubsub_free(struct lisp_ms *ms)
{
	struct lisp_ms_pubsub *ps = ms->ps;
	struct ps_topic *t;
	struct ps_xtr *x;
	unsigned int i;

	if (!ps)
		return;
	for (i = 0; i < PS_HASH; i++) {
		while ((t = ps->topic[i]))
			sub_del(ps, t->subs);
		while ((x = ps->xtr[i])) {
			ps->xtr[i] = x->hnext;
			free(x);
		}
	}
	free(ps->msg);
	free(ps->rec);
	free(ps);
	ms->ps = NULL;
}

/* ---- the xTRs that register: who may subscribe ---- */

static struct ps_xtr **xtr_slot(struct lisp_ms_pubsub *ps, const uint8_t *id)
{
	struct ps_xtr **pp = &ps->xtr[bytes_hash(id, LISP_XTR_ID_LEN, 0)];

	while (*pp && memcmp((*pp)->xtr_id, id, LISP_XTR_ID_LEN))
		pp = &(*pp)->hnext;
	return pp;
}

/*
 * Remember xr's xTR as a possible subscriber: its site (whose key signs
 * its Map-Notifies), site-ID and the locators it registers.  An xTR
 * registering several prefixes has their locators merged while its
 * registrations live; past LISP_MS_PS_MAX_XTRS new ones are not learnt.
 */
static void xtr_learn(struct lisp_ms *ms, struct lisp_ms_pubsub *ps,
		      const struct lisp_ms_xreg *xr, uint64_t now_ms)
{
	struct ps_xtr **pp = xtr_slot(ps, xr->xtr_id), *x = *pp;
	struct lisp_record *r = ps->rec;
	const struct lisp_ip *ip;
	unsigned int i, j;

	(void)ms;
	if (x && (strcmp(x->site, xr->reg->site->name) ||
		  x->site_id != xr->site_id || x->expires_ms <= now_ms)) {
		/* Registers for another site now: start again. */
		x->nrloc = 0;
	}
	if (!x) {
		if (ps->nxtr >= LISP_MS_PS_MAX_XTRS)
			return;
		x = calloc(1, sizeof(*x));
		if (!x)
			return;
		memcpy(x->xtr_id, xr->xtr_id, LISP_XTR_ID_LEN);
		*pp = x;
		ps->nxtr++;
	}
	memcpy(x->site, xr->reg->site->name, sizeof(x->site));
	x->site_id = xr->site_id;
	if (xr->expires_ms > x->expires_ms)
		x->expires_ms = xr->expires_ms;
	if (lisp_record_parse(xr->rec, xr->rec_len, r) < 0)
		return;
	for (i = 0; i < r->nloc; i++) {
		if (r->loc[i].addr.kind != LISP_ADDR_IP)
			continue;
		ip = &r->loc[i].addr.ip[0];
		for (j = 0; j < x->nrloc && !lisp_ip_equal(&x->rloc[j], ip);
		     j++)
			;
		if (j == x->nrloc && x->nrloc < LISP_MAX_RLOCS)
			x->rloc[x->nrloc++] = *ip;
	}
}

static const struct ps_xtr *xtr_known(struct lisp_ms_pubsub *ps,
				      const uint8_t *id, uint64_t now_ms)
{
	const struct ps_xtr *x = *xtr_slot(ps, id);

	return x && x->expires_ms > now_ms ? x : NULL;
}

/* ---- Map-Notify to a subscriber ---- */

/*
 * The Map-Notify carrying the mapping of s->what, as the registration
 * has it now (none: a record with no locators and TTL 0, the prefix
 * withdrawn), for s, nonce s->nonce, signed with its site's first key.
 */
static int build(struct lisp_ms *ms, struct lisp_ms_pubsub *ps,
		 const struct ps_sub *s, struct lisp_ms_pkt *out)
{
	struct lisp_map_register *m = ps->msg;
	const struct lisp_ms_site *site = lisp_ms_site_find(ms, s->site);
	const struct lisp_ms_reg *reg;
	const struct lisp_ms_key *key;
	struct lisp_record *rec;
	unsigned int i;
	int n;

	if (!site || !site->nkeys)
		return -LISP_MS_ERR_NOT_FOUND;
	key = &site->key[0];
	memset(m, 0, sizeof(*m));
	m->type = LISP_MAP_NOTIFY;
	m->nonce = s->nonce;
	m->key_id = key->key_id;
	m->alg_id = key->alg_id;
	n = lisp_auth_data_len(key->alg_id);
	if (n < 0)
		return n;
	m->auth_len = (uint16_t)n;
	m->xtr_id_present = true;
	memcpy(m->xtr_id, s->xtr_id, LISP_XTR_ID_LEN);
	m->site_id = s->site_id;
	m->nrec = 1;
	rec = &m->rec[0];
	reg = lisp_ms_reg_find(ms, &s->what.addr, s->what.plen);
	if (reg && !lisp_ms_reg_record(reg, rec)) {
		for (i = 0; i < rec->nloc; i++)
			rec->loc[i].local = rec->loc[i].probed = false;
	} else {
		memset(rec, 0, sizeof(*rec));
		rec->eid = s->what.addr;
		rec->eid_mask_len = s->what.plen;
		rec->act = LISP_ACT_NO_ACTION;
		rec->authoritative = true;
	}
	n = lisp_map_notify_write(m, out->buf, sizeof(out->buf));
	if (n < 0)
		return n;
	if (lisp_auth_sign(out->buf, (size_t)n, key->bytes, key->len))
		return -LISP_MS_ERR_AUTH;
	out->dst = s->rloc;
	out->sport = LISP_CONTROL_PORT;
	out->dport = s->port;
	out->len = (size_t)n;
	return 0;
}

/* Queue the mapping of what for s: sent at the next poll. */
static void sub_publish(struct lisp_ms_pubsub *ps, struct ps_sub *s,
			const struct lisp_prefix *what, uint64_t nonce,
			uint64_t now_ms)
{
	s->what = *what;
	s->nonce = nonce;
	ms_retx_start(&ps->waiting, &s->retx, now_ms);
}

struct poll_ctx {
	struct lisp_ms *ms;
	struct lisp_ms_pkt *out;
};

/* ms_retx_fn: s's Map-Notify once more, or s goes. */
static uint64_t sub_send(struct ms_retx *r, uint64_t now_ms, void *arg)
{
	const struct poll_ctx *c = arg;
	struct lisp_ms_pubsub *ps = c->ms->ps;
	struct ps_sub *s = ms_entry(r, struct ps_sub, retx);

	if (r->tries > ps->retries) {
		/* RFC 9437 5: an ITR that never answers goes. */
		ps->stats.unacked++;
		sub_del(ps, s);
		return 0;
	}
	if (build(c->ms, ps, s, c->out)) {
		ps->stats.build_errors++;
		sub_del(ps, s);
		return 0;
	}
	if (r->tries)
		ps->stats.retransmits++;
	else
		ps->stats.notifies_sent++;
	return now_ms + ps->retry_ms;
}

int lisp_ms_pubsub_poll(struct lisp_ms *ms, uint64_t now_ms,
			struct lisp_ms_pkt *out)
{
	struct poll_ctx c = { .ms = ms, .out = out };

	if (!ms->ps)
		return 0;
	return ms_retx_poll(&ms->ps->waiting, now_ms, sub_send, &c);
}

uint64_t lisp_ms_pubsub_next_ms(const struct lisp_ms *ms)
{
	return ms->ps ? ms_retx_next_ms(&ms->ps->waiting) : UINT64_MAX;
}

/* ---- subscriptions ---- */

static bool rloc_of(const struct ps_xtr *x, const struct lisp_ip *ip)
{
	unsigned int i;

	for (i = 0; i < x->nrloc; i++) {
		if (lisp_ip_equal(&x->rloc[i], ip))
			return true;
	}
	return false;
}

/* The ITR-RLOC of req that x registers, or NULL. */
static const struct lisp_ip *sub_rloc(const struct lisp_map_request *req,
				      const struct ps_xtr *x)
{
	const struct lisp_addr *a;
	unsigned int i, j, n;

	for (i = 0; i < req->nitr && i < LISP_MAX_ITR_RLOCS; i++) {
		a = &req->itr_rloc[i];
		n = a->kind == LISP_ADDR_AFI_LIST ? a->count :
		    a->kind == LISP_ADDR_IP ? 1 : 0;
		for (j = 0; j < n && j < LISP_AFI_LIST_MAX; j++) {
			if (rloc_of(x, &a->ip[j]))
				return &a->ip[j];
		}
	}
	return NULL;
}

/* Its mapping's TTL (minutes), at least LISP_MS_PS_MIN_LIFE_MS. */
static uint64_t life_ms(const struct lisp_ms_reg *reg)
{
	uint64_t ms = (uint64_t)reg->ttl * 60000;

	return ms < LISP_MS_PS_MIN_LIFE_MS ? LISP_MS_PS_MIN_LIFE_MS : ms;
}

/* The subscriber of t expiring first (the per-prefix bound's victim). */
static struct ps_sub *oldest(const struct ps_topic *t)
{
	struct ps_sub *s, *o = t->subs;

	for (s = t->subs; s; s = s->next) {
		if (s->expires_ms < o->expires_ms)
			o = s;
	}
	return o;
}

bool ms_pubsub_subscribe(struct lisp_ms *ms,
			 const struct lisp_map_request *req, unsigned int i,
			 struct lisp_ms_reg *reg, uint16_t dport,
			 uint64_t now_ms)
{
	struct lisp_ms_pubsub *ps = ps_get(ms);
	const struct lisp_ip *rloc;
	const struct ps_xtr *x;
	struct ps_topic *t;
	struct ps_sub *s;
	struct ms_key k;

	if (!ps)
		return false;
	(void)i;
	if (!reg) {
		ps->stats.refused_unregistered++;
		return false;
	}
	x = xtr_known(ps, req->xtr_id, now_ms);
	if (!x || x->site_id != req->site_id) {
		ps->stats.refused_unknown++;
		return false;
	}
	/* Never a Map-Notify to an address its registrations do not name. */
	rloc = sub_rloc(req, x);
	if (!rloc) {
		ps->stats.refused_rloc++;
		return false;
	}
	if (ms_key_from_addr(&reg->pfx.addr, reg->pfx.plen, &k))
		return false;
	t = topic_find(ps, &k);
	for (s = t ? t->subs : NULL; s; s = s->next) {
		if (!memcmp(s->xtr_id, req->xtr_id, LISP_XTR_ID_LEN))
			break;
	}
	if (s) {
		ps->stats.renewals++;
	} else {
		if (ps->nsub >= ps->max_subs) {
			ps->stats.refused_full++;
			return false;
		}
		if (!t) {
			t = calloc(1, sizeof(*t));
			if (!t) {
				ps->stats.refused_full++;
				return false;
			}
			t->k = k;
			t->pfx = reg->pfx;
			t->hnext = ps->topic[key_hash(&k)];
			ps->topic[key_hash(&k)] = t;
			ps->ntopic++;
		} else if (t->nsub >= ps->per_prefix) {
			ps->stats.evictions++;
			sub_unlink(ps, oldest(t));	/* t stays */
		}
		s = calloc(1, sizeof(*s));
		if (!s) {
			if (!t->nsub)
				topic_free(ps, t);
			ps->stats.refused_full++;
			return false;
		}
		s->topic = t;
		ms_retx_init(&s->retx);
		s->next = t->subs;
		t->subs = s;
		t->nsub++;
		ps->nsub++;
		memcpy(s->xtr_id, req->xtr_id, LISP_XTR_ID_LEN);
		s->first_ms = now_ms;
	}
	s->site_id = x->site_id;
	memcpy(s->site, x->site, sizeof(s->site));
	s->rloc = *rloc;
	s->port = dport ? dport : LISP_CONTROL_PORT;
	s->expires_ms = now_ms + life_ms(reg);
	ps->stats.subscriptions++;
	/* RFC 9437 5: the Map-Notify answering it has the request's nonce. */
	sub_publish(ps, s, &reg->pfx, req->nonce, now_ms);
	return true;
}

unsigned int lisp_ms_pubsub_expire(struct lisp_ms *ms, uint64_t now_ms)
{
	struct lisp_ms_pubsub *ps = ms->ps;
	struct ps_topic *t, *tnext;
	struct ps_sub *s, *snext;
	unsigned int i, n = 0;

	if (!ps)
		return 0;
	for (i = 0; i < PS_HASH; i++) {
		for (t = ps->topic[i]; t; t = tnext) {
			tnext = t->hnext;
			for (s = t->subs; s; s = snext) {
				snext = s->next;
				if (s->expires_ms > now_ms)
					continue;
				ps->stats.expired++;
				n++;
				sub_del(ps, s);	/* may free t: last */
			}
		}
	}
	return n;
}

/*
 * Publish pfx to the subscribers of pfx and of every prefix covering
 * it: a more specific registered under a subscribed prefix (a host that
 * moved) takes that prefix's traffic, so its subscribers learn it.
 */
static void publish(struct lisp_ms_pubsub *ps, const struct lisp_prefix *pfx,
		    uint64_t now_ms)
{
	struct ps_topic *t;
	struct ps_sub *s;
	struct ms_key k;
	int plen;
	bool any = false;

	if (ms_key_from_addr(&pfx->addr, pfx->plen, &k))
		return;
	for (plen = pfx->plen; plen >= 0; plen--) {
		k.plen = (uint8_t)plen;
		prefix_bits_mask(k.key, k.bits / 8, (unsigned int)plen);
		t = topic_find(ps, &k);
		for (s = t ? t->subs : NULL; s; s = s->next) {
			sub_publish(ps, s, pfx, s->nonce + 1, now_ms);
			any = true;
		}
	}
	ps->stats.publications += any;
}

void ms_pubsub_changed(struct lisp_ms *ms, const struct lisp_prefix *pfx)
{
	struct lisp_ms_pubsub *ps = ps_get(ms);
	struct lisp_ms_reg *reg;
	const struct lisp_ms_xreg *xr;
	uint64_t h, now_ms = 0;

	if (!ps)
		return;
	reg = lisp_ms_reg_find(ms, &pfx->addr, pfx->plen);
	if (reg) {
		/* The newest refresh is "now" to the pure code here. */
		for (xr = reg->xregs; xr; xr = xr->next) {
			if (xr->last_ms > now_ms)
				now_ms = xr->last_ms;
		}
		for (xr = reg->xregs; xr; xr = xr->next) {
			if (xr->xtr_id_present)
				xtr_learn(ms, ps, xr, now_ms);
		}
		h = rec_hash(reg->rec, reg->rec_len);
		if (h == reg->pub_hash)
			return;		/* a refresh: same answer */
		reg->pub_hash = h;
	}
	/* Due at once: 0 is before any now_ms poll gets. */
	if (ps->nsub)
		publish(ps, pfx, 0);
}

/* ---- Map-Notify-Ack ---- */

int ms_pubsub_ack(struct lisp_ms *ms, const struct lisp_map_register *m,
		  const uint8_t *pkt, size_t len, const struct lisp_ip *src)
{
	struct lisp_ms_pubsub *ps = ms->ps;
	const struct lisp_ms_site *site;
	const struct lisp_ms_key *key;
	struct lisp_ms_link *l;
	struct ps_sub *s = NULL;

	if (!ps || m->nrec != 1 || !m->xtr_id_present)
		return 0;
	for (l = ps->waiting.next; l != &ps->waiting; l = l->next) {
		s = ms_entry(l, struct ps_sub, retx.node);
		if (s->nonce == m->nonce && lisp_ip_equal(&s->rloc, src) &&
		    !memcmp(s->xtr_id, m->xtr_id, LISP_XTR_ID_LEN) &&
		    s->what.plen == m->rec[0].eid_mask_len &&
		    lisp_addr_equal(&s->what.addr, &m->rec[0].eid))
			break;
		s = NULL;
	}
	if (!s)
		return 0;
	site = lisp_ms_site_find(ms, s->site);
	key = site && site->nkeys ? &site->key[0] : NULL;
	if (!key || m->key_id != key->key_id || m->alg_id != key->alg_id ||
	    lisp_auth_verify(pkt, len, key->bytes, key->len))
		return -LISP_MS_ERR_AUTH;
	ms_retx_stop(&s->retx);
	ps->stats.acks++;
	return 1;
}

void ms_pubsub_ack_refused(struct lisp_ms *ms, bool auth)
{
	if (!ms->ps)
		return;
	if (auth)
		ms->ps->stats.ack_auth_failures++;
	else
		ms->ps->stats.ack_unknown++;
}

int lisp_ms_pubsub_show(const struct lisp_ms *ms, lisp_ms_sub_fn fn,
			void *arg)
{
	const struct lisp_ms_pubsub *ps = ms->ps;
	const struct ps_topic *t;
	const struct ps_sub *s;
	unsigned int i;
	int r;

	for (i = 0; ps && i < PS_HASH; i++) {
		for (t = ps->topic[i]; t; t = t->hnext) {
			for (s = t->subs; s; s = s->next) {
				r = fn(&t->pfx, s->xtr_id, &s->rloc, s->nonce,
				       ms_retx_waiting(&s->retx),
				       s->expires_ms, arg);
				if (r)
					return r;
			}
		}
	}
	return 0;
}
