// SPDX-License-Identifier: GPL-2.0
/* The ETR's messages, built and checked with the codec (etr_msg.h). */
#include <string.h>

#include "etr_msg.h"
#include "lib/bits.h"
#include "proto/auth.h"

void lispd_db_eid(const struct lispd_db_entry *e, struct lisp_addr *eid)
{
	if (e->cfg.eid.afi == LISP_AFI_IPV4)
		lisp_addr_set_ipv4(eid, e->cfg.eid.addr);
	else
		lisp_addr_set_ipv6(eid, e->cfg.eid.addr);
	if (e->has_iid)
		lisp_addr_set_eid_iid(eid, e->iid, e->iid0_lcaf);
}

void lispd_db_record(const struct lispd_db_entry *e, uint32_t ttl,
		     struct lisp_record *rec)
{
	struct lisp_locator *l;
	unsigned int i;

	memset(rec, 0, sizeof(*rec));
	rec->ttl = ttl;
	rec->eid_mask_len = e->cfg.plen;
	rec->act = LISP_ACT_NO_ACTION;
	/* RFC 9301 5.4: the ETR speaks for its own prefixes. */
	rec->authoritative = true;
	lispd_db_eid(e, &rec->eid);
	rec->nloc = (uint8_t)e->cfg.nloc;
	for (i = 0; i < e->cfg.nloc; i++) {
		l = &rec->loc[i];
		l->priority = e->cfg.loc[i].priority;
		l->weight = e->cfg.loc[i].weight;
		/* Unicast only: 255/0 per RFC 9301 5.4. */
		l->mpriority = 255;
		l->mweight = 0;
		l->local = e->local[i];
		l->reachable = !e->down[i];
		lisp_addr_set_none(&l->addr);
		l->addr.ip[0] = e->cfg.loc[i].addr;
	}
}

int lispd_map_register_write(struct lisp_map_register *m,
			     const struct lisp_ms_key *key,
			     const struct lispd_xtr_ident *id, uint64_t nonce,
			     uint8_t *buf, size_t len)
{
	int n, auth_len = lisp_auth_data_len(key->alg_id);

	if (auth_len < 0)
		return auth_len;
	m->type = LISP_MAP_REGISTER;
	/* The Map-Server forwards requests to us: answers come first hand. */
	m->proxy_reply = false;
	m->lisp_sec = false;
	/* Its xTR-ID keys the Map-Server's anti-replay counter (issue 11). */
	m->xtr_id_present = true;
	memcpy(m->xtr_id, id->xtr_id, LISP_XTR_ID_LEN);
	m->site_id = id->site_id;
	m->for_rtr = false;
	m->want_notify = true;
	m->nonce = nonce;
	m->key_id = key->key_id;
	m->alg_id = key->alg_id;
	m->auth_len = (uint16_t)auth_len;
	memset(m->auth, 0, sizeof(m->auth));
	n = lisp_map_register_write(m, buf, len);
	if (n < 0)
		return n;
	auth_len = lisp_auth_sign(buf, (size_t)n, key->bytes, key->len);
	return auth_len < 0 ? auth_len : n;
}

uint64_t lispd_register_nonce(uint64_t last, uint64_t now_us)
{
	if (now_us > last)
		return now_us;
	return last == UINT64_MAX ? last : last + 1;
}

int lispd_map_notify_check(const uint8_t *pkt, size_t len,
			   const struct lisp_ms_key *key,
			   struct lisp_map_register *m)
{
	int err = lisp_map_notify_parse(pkt, len, m);

	if (err)
		return err;
	if (m->type != LISP_MAP_NOTIFY)
		return -LISP_ERR_BAD_TYPE;
	if (m->key_id != key->key_id || m->alg_id != key->alg_id)
		return -LISP_ERR_AUTH_FAILED;
	return lisp_auth_verify(pkt, len, key->bytes, key->len);
}

/* IID of an address: the LCAF's, 0 for a plain one (as the MS files it). */
static uint32_t addr_iid(const struct lisp_addr *a)
{
	return a->kind == LISP_ADDR_IID ? a->iid : 0;
}

static bool entry_covers(const struct lispd_db_entry *e,
			 const struct lisp_prefix *q)
{
	const struct lisp_ip *ip = &q->addr.ip[0];

	if (q->addr.kind != LISP_ADDR_IP && q->addr.kind != LISP_ADDR_IID)
		return false;
	if (addr_iid(&q->addr) != (e->has_iid ? e->iid : 0) ||
	    ip->afi != e->cfg.eid.afi || q->plen < e->cfg.plen)
		return false;
	return prefix_bits_equal(e->cfg.eid.addr, ip->addr, e->cfg.plen);
}

bool lispd_db_is_prefix(const struct lispd_db_entry *e,
			const struct lisp_addr *eid, unsigned int plen)
{
	struct lisp_prefix q = { .plen = (uint8_t)plen, .addr = *eid };

	return plen == e->cfg.plen && entry_covers(e, &q);
}

int lispd_db_match(const struct lispd_db_entry *db, unsigned int n,
		   const struct lisp_prefix *q)
{
	unsigned int i;
	int best = -1;

	for (i = 0; i < n; i++) {
		if (!db[i].usable || !entry_covers(&db[i], q))
			continue;
		if (best < 0 || db[i].cfg.plen > db[best].cfg.plen)
			best = (int)i;
	}
	return best;
}

int lispd_etr_reply_write(const struct lisp_map_request *req,
			  const struct lispd_db_entry *db, unsigned int n,
			  const struct lisp_ip *probed,
			  struct lisp_map_reply *rep, uint8_t *buf,
			  size_t len)
{
	struct lisp_record *rec;
	unsigned int i, j;
	int m;

	memset(rep, 0, offsetof(struct lisp_map_reply, rec));
	rep->probe = req->probe;
	rep->nonce = req->nonce;
	for (i = 0; i < req->nrec && i < LISP_MAX_RECORDS; i++) {
		m = lispd_db_match(db, n, &req->rec[i]);
		if (m < 0)
			continue;
		rec = &rep->rec[rep->nrec++];
		lispd_db_record(&db[m], LISPD_RECORD_TTL, rec);
		for (j = 0; probed && req->probe && j < rec->nloc; j++) {
			if (lisp_ip_equal(&rec->loc[j].addr.ip[0],
						probed)) {
				rec->loc[j].local = true;
				rec->loc[j].probed = true;
			}
		}
	}
	if (!rep->nrec)
		return 0;
	return lisp_map_reply_write(rep, buf, len);
}
