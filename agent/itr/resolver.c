// SPDX-License-Identifier: GPL-2.0
/*
 * The ITR resolver's requests: configuration, the table of requests
 * (indexed by key and by nonce), misses, retries and give-ups.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "request.h"
#include "resolver_priv.h"

#define NONCE_DRAWS	8	/* a colliding nonce is drawn again */

void lisp_itr_cfg_init(struct lisp_itr_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->resolver_port = LISP_CONTROL_PORT;
	cfg->reply_port = LISP_CONTROL_PORT;
	cfg->max_pending = LISP_ITR_PENDING_DEFAULT;
	cfg->retry_ms = LISP_ITR_RETRY_MS;
	cfg->max_retries = LISP_ITR_RETRIES;
	cfg->min_interval_ms = LISP_ITR_MIN_INTERVAL_MS;
	cfg->holddown_ms = LISP_ITR_HOLDDOWN_MS;
	cfg->min_plen4 = LISP_ITR_MIN_PLEN4;
	cfg->min_plen6 = LISP_ITR_MIN_PLEN6;
}

static int cfg_check(const struct lisp_itr_cfg *cfg)
{
	unsigned int i;

	if (cfg->nresolver > LISP_ITR_MAX_RESOLVERS ||
	    cfg->nrloc > LISP_MAX_ITR_RLOCS || !cfg->random ||
	    !cfg->retry_ms || cfg->max_retries > 16 ||
	    cfg->min_plen4 > 32 || cfg->min_plen6 > 128)
		return -LISP_ITR_ERR_INVALID;
	for (i = 0; i < cfg->nresolver; i++) {
		if (!lisp_ip_is_ip(&cfg->resolver[i]))
			return -LISP_ITR_ERR_INVALID;
	}
	for (i = 0; i < cfg->nrloc; i++) {
		if (!lisp_ip_is_ip(&cfg->rloc[i]))
			return -LISP_ITR_ERR_INVALID;
	}
	if (cfg->nms > LISP_ITR_MAX_MS)
		return -LISP_ITR_ERR_INVALID;
	for (i = 0; i < cfg->nms; i++) {
		if (!lisp_ip_is_ip(&cfg->ms[i].addr) ||
		    cfg->ms[i].key.len > sizeof(cfg->ms[i].key.bytes))
			return -LISP_ITR_ERR_INVALID;
	}
	return 0;
}

int lisp_itr_configure(struct lisp_itr *itr, const struct lisp_itr_cfg *cfg)
{
	unsigned int max = itr->cfg.max_pending;
	int err = cfg_check(cfg);

	if (err)
		return err;
	itr->cfg = *cfg;
	itr->cfg.max_pending = max;
	if (itr->preferred >= cfg->nresolver)
		itr->preferred = 0;
	return 0;
}

struct lisp_itr *lisp_itr_new(const struct lisp_itr_cfg *cfg)
{
	struct lisp_itr *itr;
	uint32_t i;

	if (cfg_check(cfg) || !cfg->max_pending ||
	    cfg->max_pending > LISP_ITR_PENDING_MAX)
		return NULL;
	itr = calloc(1, sizeof(*itr));
	if (!itr)
		return NULL;
	itr->cfg = *cfg;
	for (itr->nbucket = 16; itr->nbucket < cfg->max_pending;)
		itr->nbucket *= 2;
	itr->req = calloc(cfg->max_pending, sizeof(*itr->req));
	itr->key_head = malloc(itr->nbucket * sizeof(*itr->key_head));
	itr->nonce_head = malloc(itr->nbucket * sizeof(*itr->nonce_head));
	itr->rep = malloc(sizeof(*itr->rep));
	if (!itr->req || !itr->key_head || !itr->nonce_head || !itr->rep) {
		lisp_itr_free(itr);
		return NULL;
	}
	for (i = 0; i < itr->nbucket; i++)
		itr->key_head[i] = itr->nonce_head[i] = ITR_NIL;
	for (i = 0; i < cfg->max_pending; i++)
		itr->req[i].key_next = i + 1 < cfg->max_pending ? i + 1 :
								  ITR_NIL;
	itr->free_head = 0;
	itr->used_head = ITR_NIL;
	return itr;
}

void lisp_itr_free(struct lisp_itr *itr)
{
	if (!itr)
		return;
	free(itr->req);
	free(itr->key_head);
	free(itr->nonce_head);
	free(itr->rep);
	itr_owned_free(itr);
	itr_subs_free(itr);
	free(itr);
}

const struct lisp_itr_cfg *lisp_itr_config(const struct lisp_itr *itr)
{
	return &itr->cfg;
}

const struct lisp_itr_stats *lisp_itr_stats(const struct lisp_itr *itr)
{
	return &itr->stats;
}

unsigned int lisp_itr_npending(const struct lisp_itr *itr)
{
	return itr->npending;
}

/* ---- the two indexes ---- */

static uint32_t key_bucket(const struct lisp_itr *itr, const struct itr_key *k)
{
	uint32_t h = FNV1A_INIT;
	uint8_t flags[2] = { k->has_iid, k->plen };

	h = fnv1a(h, &k->dev, sizeof(k->dev));
	h = fnv1a(h, &k->iid, sizeof(k->iid));
	h = fnv1a(h, flags, sizeof(flags));
	h = fnv1a(h, &k->eid->afi, sizeof(k->eid->afi));
	h = fnv1a(h, k->eid->addr, sizeof(k->eid->addr));
	return h & (itr->nbucket - 1);
}

static uint32_t nonce_bucket(const struct lisp_itr *itr, uint64_t nonce)
{
	uint64_t h = nonce * 0x9e3779b97f4a7c15ULL;

	return (uint32_t)(h >> 32) & (itr->nbucket - 1);
}

static bool key_match(const struct itr_req *r, const struct itr_key *k)
{
	return r->dev == k->dev && r->has_iid == k->has_iid &&
	       r->iid == k->iid && r->plen == k->plen &&
	       r->eid.afi == k->eid->afi &&
	       !memcmp(r->eid.addr, k->eid->addr, sizeof(r->eid.addr));
}

static struct itr_req *find_key(const struct lisp_itr *itr,
				const struct itr_key *k)
{
	uint32_t i;

	for (i = itr->key_head[key_bucket(itr, k)]; i != ITR_NIL;
	     i = itr->req[i].key_next) {
		if (key_match(&itr->req[i], k))
			return &itr->req[i];
	}
	return NULL;
}

struct itr_req *itr_find_nonce(const struct lisp_itr *itr, uint64_t nonce)
{
	uint32_t i;

	for (i = itr->nonce_head[nonce_bucket(itr, nonce)]; i != ITR_NIL;
	     i = itr->req[i].nonce_next) {
		if (itr->req[i].nonce == nonce)
			return &itr->req[i];
	}
	return NULL;
}

static uint32_t req_index(const struct lisp_itr *itr, const struct itr_req *r)
{
	return (uint32_t)(r - itr->req);
}

/* Take r out of its nonce chain, if it is in it (not yet numbered). */
static void nonce_unlink(struct lisp_itr *itr, struct itr_req *r)
{
	uint32_t i = req_index(itr, r);
	uint32_t *pp = &itr->nonce_head[nonce_bucket(itr, r->nonce)];

	while (*pp != ITR_NIL && *pp != i)
		pp = &itr->req[*pp].nonce_next;
	if (*pp == i)
		*pp = r->nonce_next;
}

static void key_unlink(struct lisp_itr *itr, struct itr_req *r)
{
	const struct itr_key k = {
		.dev = r->dev, .has_iid = r->has_iid, .iid = r->iid,
		.eid = &r->eid, .plen = r->plen,
	};
	uint32_t i = req_index(itr, r);
	uint32_t *pp = &itr->key_head[key_bucket(itr, &k)];

	while (*pp != i)		/* always there while in use */
		pp = &itr->req[*pp].key_next;
	*pp = r->key_next;
}

static void req_release(struct lisp_itr *itr, struct itr_req *r)
{
	uint32_t i = req_index(itr, r);

	key_unlink(itr, r);
	nonce_unlink(itr, r);
	if (r->prev != ITR_NIL)
		itr->req[r->prev].next = r->next;
	else
		itr->used_head = r->next;
	if (r->next != ITR_NIL)
		itr->req[r->next].prev = r->prev;
	r->state = ITR_FREE;
	r->key_next = itr->free_head;
	itr->free_head = i;
	itr->npending--;
}

static struct itr_req *req_alloc(struct lisp_itr *itr,
				 const struct itr_key *k)
{
	uint32_t i = itr->free_head, b;
	struct itr_req *r;

	if (i == ITR_NIL)
		return NULL;
	r = &itr->req[i];
	itr->free_head = r->key_next;
	memset(r, 0, sizeof(*r));
	r->dev = k->dev;
	r->has_iid = k->has_iid;
	r->iid = k->iid;
	r->eid = *k->eid;
	r->plen = k->plen;
	b = key_bucket(itr, k);
	r->key_next = itr->key_head[b];
	itr->key_head[b] = i;
	r->nonce_next = ITR_NIL;
	r->prev = ITR_NIL;
	r->next = itr->used_head;
	if (r->next != ITR_NIL)
		itr->req[r->next].prev = i;
	itr->used_head = i;
	itr->npending++;
	return r;
}

/* A fresh nonce, unique among the requests; false if none was found. */
static bool nonce_assign(struct lisp_itr *itr, struct itr_req *r)
{
	uint32_t b;
	uint64_t n;
	int i;

	for (i = 0; i < NONCE_DRAWS; i++) {
		n = itr->cfg.random(itr->cfg.random_arg);
		if (n && !itr_find_nonce(itr, n))
			break;
	}
	if (i == NONCE_DRAWS)
		return false;
	r->nonce = n;
	b = nonce_bucket(itr, n);
	r->nonce_next = itr->nonce_head[b];
	itr->nonce_head[b] = req_index(itr, r);
	return true;
}

/* ---- Map-Requests ---- */

static int build(const struct lisp_itr *itr, const struct itr_req *r,
		 struct lisp_itr_pkt *out)
{
	struct lisp_itr_req q;
	int n;

	memset(&q, 0, sizeof(q));
	q.nonce = r->nonce;
	q.pitr = itr->cfg.pitr;
	q.smr_invoked = r->smr_invoked;
	q.has_iid = r->has_iid;
	q.iid = r->iid;
	q.iid0_lcaf = itr->cfg.iid0_lcaf;
	q.src_eid = r->src;
	q.eid = r->eid;
	q.plen = r->plen;
	q.nrloc = (uint8_t)itr->cfg.nrloc;
	memcpy(q.rloc, itr->cfg.rloc, sizeof(q.rloc));
	q.sport = itr->cfg.reply_port;
	q.subscribe = itr->cfg.subscribe;
	memcpy(q.xtr_id, itr->cfg.xtr_id, LISP_XTR_ID_LEN);
	q.site_id = itr->cfg.site_id;
	n = lisp_itr_request_write(&q, out->buf, sizeof(out->buf));
	if (n < 0)
		return n;
	out->len = (size_t)n;
	out->dst = itr->cfg.resolver[r->resolver];
	memset(&out->src, 0, sizeof(out->src));
	out->dport = itr->cfg.resolver_port;
	return 0;
}

/* Wait after the tries-th Map-Request: retry_ms, doubled each time. */
static uint64_t backoff_ms(const struct lisp_itr *itr, unsigned int tries)
{
	return (uint64_t)itr->cfg.retry_ms << (tries - 1);
}

/* May a new request for r's key start now (the 1/s rule, hold-down)? */
static bool may_restart(const struct itr_req *r, uint64_t now_ms)
{
	return r->state != ITR_WAITING && now_ms >= r->deadline_ms;
}

int itr_start(struct lisp_itr *itr, const struct itr_key *k,
	      const struct itr_how *how, uint64_t now_ms,
	      struct lisp_itr_pkt *out)
{
	struct itr_req *r;
	int err;

	if (!itr->cfg.nresolver)
		return -LISP_ITR_ERR_NO_RESOLVER;
	if (!itr->cfg.nrloc)
		return -LISP_ITR_ERR_NO_RLOC;
	r = find_key(itr, k);
	if (r && !may_restart(r, now_ms)) {
		itr->stats.suppressed++;
		return 0;
	}
	if (r) {
		/* Due for the tick's clean-up: reuse it. */
		nonce_unlink(itr, r);
		r->nonce_next = ITR_NIL;
	} else {
		r = req_alloc(itr, k);
		if (!r) {
			itr->stats.full++;
			return -LISP_ITR_ERR_FULL;
		}
	}
	r->has_petr = how->has_petr;
	r->refresh = how->refresh;
	r->smr_invoked = how->smr_invoked;
	r->src = *how->src;
	r->tries = 1;
	r->resolver = (uint8_t)itr->preferred;
	r->first_ms = r->last_ms = now_ms;
	r->deadline_ms = now_ms + backoff_ms(itr, 1);
	r->state = ITR_WAITING;
	if (!nonce_assign(itr, r)) {
		err = -LISP_ITR_ERR_INVALID;	/* a broken random source */
		goto fail;
	}
	err = build(itr, r, out);
	if (err)
		goto fail;
	itr->stats.requests++;
	if (how->smr_invoked)
		itr->stats.smr_invoked++;
	else if (how->refresh)
		itr->stats.refreshes++;
	return 1;
fail:
	itr->stats.build_errors++;
	req_release(itr, r);
	return err;
}

int lisp_itr_miss(struct lisp_itr *itr, const struct lisp_itr_miss *m,
		  uint64_t now_ms, struct lisp_itr_pkt *out)
{
	static const struct lisp_ip none;
	struct lisp_ip eid = m->dst;
	struct itr_key k = {
		.dev = m->dev, .has_iid = m->has_iid,
		.iid = m->has_iid ? m->iid : 0, .eid = &eid,
	};
	struct itr_how how = {
		.src = lisp_ip_is_ip(&m->src) ? &m->src : &none,
		.has_petr = m->has_petr,
	};

	if (!lisp_ip_is_ip(&m->dst))
		return -LISP_ITR_ERR_INVALID;
	if (eid.afi == LISP_AFI_IPV4)	/* unused bytes: part of the key */
		memset(eid.addr + 4, 0, sizeof(eid.addr) - 4);
	k.plen = eid.afi == LISP_AFI_IPV4 ? 32 : 128;
	return itr_start(itr, &k, &how, now_ms, out);
}

/* ---- the timer ---- */

static void give_up(struct lisp_itr *itr, struct itr_req *r, uint64_t now_ms,
		    struct lisp_itr_unresolved *u)
{
	u->dev = r->dev;
	u->has_iid = r->has_iid;
	u->iid = r->iid;
	u->eid = r->eid;
	u->plen = r->plen;
	u->refresh = r->refresh;
	r->state = ITR_HOLD;
	r->deadline_ms = now_ms + itr->cfg.holddown_ms;
	itr->stats.gave_up++;
}

static void retry(struct lisp_itr *itr, struct itr_req *r, uint64_t now_ms,
		  struct lisp_itr_tick *out)
{
	r->tries++;
	r->resolver = (uint8_t)((r->resolver + 1) % itr->cfg.nresolver);
	r->last_ms = now_ms;
	r->deadline_ms = now_ms + backoff_ms(itr, r->tries);
	if (build(itr, r, &out->pkt[out->npkt])) {
		itr->stats.build_errors++;
		return;			/* tried again at the next deadline */
	}
	out->npkt++;
	itr->stats.retries++;
}

void lisp_itr_tick(struct lisp_itr *itr, uint64_t now_ms,
		   struct lisp_itr_tick *out)
{
	uint32_t i, next;
	struct itr_req *r;

	out->npkt = 0;
	out->nunresolved = 0;
	for (i = itr->used_head; i != ITR_NIL; i = next) {
		r = &itr->req[i];
		next = r->next;
		if (now_ms < r->deadline_ms)
			continue;
		if (r->state != ITR_WAITING) {
			req_release(itr, r);
		} else if (r->tries <= itr->cfg.max_retries &&
			   itr->cfg.nresolver) {
			if (out->npkt == LISP_ITR_TICK_MAX)
				continue;	/* next tick: deadline passed */
			retry(itr, r, now_ms, out);
		} else if (out->nunresolved < LISP_ITR_TICK_MAX) {
			give_up(itr, r, now_ms,
				&out->unresolved[out->nunresolved++]);
		}
	}
}

uint64_t lisp_itr_next_deadline(const struct lisp_itr *itr)
{
	uint64_t t = UINT64_MAX;
	uint32_t i;

	for (i = itr->used_head; i != ITR_NIL; i = itr->req[i].next) {
		if (itr->req[i].deadline_ms < t)
			t = itr->req[i].deadline_ms;
	}
	return t;
}
