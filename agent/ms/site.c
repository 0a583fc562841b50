// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Server configuration: sites, their keys and EID prefixes, and the
 * per (instance-id, family) tables the prefixes live in.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "ms_priv.h"
#include "proto/auth.h"

struct lisp_ms *lisp_ms_new(void)
{
	struct lisp_ms *ms = calloc(1, sizeof(*ms));

	if (!ms)
		return NULL;
	ms->register_period_ms = LISP_MS_REG_PERIOD_MS;
	ms->reply_afis = LISP_MS_AFI_IPV4 | LISP_MS_AFI_IPV6;
	ms->reply_ratio = LISP_MS_REPLY_RATIO;
	ms_list_init(&ms->sites);
	ms_list_init(&ms->expiry);
	ms_list_init(&ms->routes);
	ms_list_init(&ms->move_wait);
	ms->mreg = malloc(sizeof(*ms->mreg));
	ms->mnot = malloc(sizeof(*ms->mnot));
	ms->mreq = malloc(sizeof(*ms->mreq));
	ms->msub = malloc(sizeof(*ms->msub));
	ms->rec = malloc(sizeof(*ms->rec));
	ms->mrec = malloc(sizeof(*ms->mrec));
	ms->tmp = malloc(LISP_MS_PKT_MAX);
	if (!ms->mreg || !ms->mnot || !ms->mreq || !ms->msub || !ms->rec ||
	    !ms->mrec || !ms->tmp) {
		lisp_ms_free(ms);
		return NULL;
	}
	return ms;
}

/* Free a site's objects; the tables go as a whole after. */
static void site_free(struct lisp_ms_site *site)
{
	struct lisp_ms_link *l, *next;
	struct lisp_ms_reg *reg;

	for (l = site->regs.next; l != &site->regs; l = next) {
		next = l->next;
		reg = ms_entry(l, struct lisp_ms_reg, site_node);
		ms_reg_free(reg);
	}
	for (l = site->eids.next; l != &site->eids; l = next) {
		next = l->next;
		free(ms_entry(l, struct lisp_ms_eid, node));
	}
	ms_replay_free(site);
	free(site);
}

void lisp_ms_free(struct lisp_ms *ms)
{
	struct lisp_ms_link *l, *next;
	struct lisp_ms_db *db;
	unsigned int i;

	if (!ms)
		return;
	for (l = ms->sites.next; l != &ms->sites; l = next) {
		next = l->next;
		site_free(ms_entry(l, struct lisp_ms_site, node));
	}
	lisp_ms_route_flush(ms);
	ms_pubsub_free(ms);
	ms_move_free(ms);
	for (i = 0; i < ms->ndb; i++) {
		db = ms->db_list[i];
		lpm_destroy(&db->cfg, NULL);
		lpm_destroy(&db->reg, NULL);
		lpm_destroy(&db->route, NULL);
		lisp_ms_ptree_destroy(&db->all);
		free(db);
	}
	free(ms->mreg);
	free(ms->mnot);
	free(ms->mreq);
	free(ms->msub);
	free(ms->rec);
	free(ms->mrec);
	free(ms->tmp);
	free(ms);
}

/* ---- keys ---- */

int lisp_ms_key_set(struct lisp_ms_key *k, unsigned int key_id,
		    unsigned int alg_id, const void *bytes, size_t len)
{
	/* "none" would accept anyone: RFC 9301 8.2 wants authentication. */
	if (alg_id != LISP_ALG_HMAC_SHA1_96 &&
	    alg_id != LISP_ALG_HMAC_SHA256_128)
		return -LISP_ERR_BAD_ALG;
	if (key_id > 0xff || !len || len > LISP_MS_KEY_MAX)
		return -LISP_ERR_INVALID;
	memset(k, 0, sizeof(*k));
	k->key_id = (uint8_t)key_id;
	k->alg_id = (uint8_t)alg_id;
	k->len = (uint16_t)len;
	memcpy(k->bytes, bytes, len);
	return 0;
}

static int key_check(const struct lisp_ms_key *k)
{
	struct lisp_ms_key tmp;

	return lisp_ms_key_set(&tmp, k->key_id, k->alg_id, k->bytes, k->len);
}

const struct lisp_ms_key *ms_site_key(const struct lisp_ms_site *site,
				      unsigned int key_id,
				      unsigned int alg_id)
{
	unsigned int i;

	for (i = 0; i < site->nkeys; i++) {
		if (site->key[i].key_id == key_id &&
		    site->key[i].alg_id == alg_id)
			return &site->key[i];
	}
	return NULL;
}

int lisp_ms_site_add_key(struct lisp_ms *ms, struct lisp_ms_site *site,
			 const struct lisp_ms_key *key)
{
	int err = key_check(key);

	(void)ms;
	if (err)
		return err;
	if (ms_site_key(site, key->key_id, key->alg_id))
		return -LISP_MS_ERR_EXISTS;
	if (site->nkeys == LISP_MS_MAX_KEYS)
		return -LISP_MS_ERR_FULL;
	site->key[site->nkeys++] = *key;
	return 0;
}

/* ---- sites ---- */

static unsigned int name_hash(const char *s)
{
	return fnv1a_str(FNV1A_INIT, s) % LISP_MS_SITE_HASH;
}

struct lisp_ms_site *lisp_ms_site_find(const struct lisp_ms *ms,
				       const char *name)
{
	struct lisp_ms_site *s = ms->site_hash[name_hash(name)];

	while (s && strcmp(s->name, name))
		s = s->hash_next;
	return s;
}

int lisp_ms_site_add(struct lisp_ms *ms, const char *name,
		     const struct lisp_ms_key *key, struct lisp_ms_site **out)
{
	struct lisp_ms_site *s;
	unsigned int h;
	int err;

	if (!name[0] || strlen(name) >= LISP_MS_NAME_MAX)
		return -LISP_ERR_INVALID;
	err = key_check(key);
	if (err)
		return err;
	if (lisp_ms_site_find(ms, name))
		return -LISP_MS_ERR_EXISTS;
	if (ms->nsites >= LISP_MS_MAX_SITES)
		return -LISP_MS_ERR_FULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -LISP_MS_ERR_NOMEM;
	strcpy(s->name, name);
	s->max_regs = LISP_MS_SITE_MAX_REGS;
	s->key[0] = *key;
	s->nkeys = 1;
	ms_list_init(&s->eids);
	ms_list_init(&s->regs);
	ms_list_add_tail(&ms->sites, &s->node);
	h = name_hash(name);
	s->hash_next = ms->site_hash[h];
	ms->site_hash[h] = s;
	ms->nsites++;
	if (out)
		*out = s;
	return 0;
}

int lisp_ms_site_set_replay(struct lisp_ms_site *site, unsigned int mode)
{
	if (mode >= LISP_MS_REPLAY_MAX)
		return -LISP_ERR_INVALID;
	site->replay = (enum lisp_ms_replay)mode;
	return 0;
}

int lisp_ms_site_set_max_regs(struct lisp_ms_site *site, unsigned int n)
{
	if (!n || n > LISP_MS_MAX_REGS)
		return -LISP_ERR_INVALID;
	site->max_regs = n;
	return 0;
}

/* ---- EID tables ---- */

int ms_key_from_addr(const struct lisp_addr *a, unsigned int plen,
		     struct ms_key *k)
{
	const struct lisp_ip *ip = &a->ip[0];
	unsigned int bytes;

	if (a->kind != LISP_ADDR_IP && a->kind != LISP_ADDR_IID)
		return -LISP_ERR_BAD_AFI;
	if (ip->afi != LISP_AFI_IPV4 && ip->afi != LISP_AFI_IPV6)
		return -LISP_ERR_BAD_AFI;
	k->iid = a->kind == LISP_ADDR_IID ? a->iid : 0;
	k->afi = ip->afi;
	k->bits = ip->afi == LISP_AFI_IPV4 ? 32 : 128;
	if (plen > k->bits)
		return -LISP_ERR_BAD_MASK_LEN;
	k->plen = (uint8_t)plen;
	bytes = k->bits / 8;
	memset(k->key, 0, sizeof(k->key));
	memcpy(k->key, ip->addr, bytes);
	prefix_bits_mask(k->key, bytes, plen);
	return 0;
}

static unsigned int db_hash(uint32_t iid, uint16_t afi)
{
	return ((iid * 2654435761u) ^ afi) % LISP_MS_DB_SLOTS;
}

/* Open addressing, linear probing; tables are never removed. */
struct lisp_ms_db *ms_db_find(const struct lisp_ms *ms, uint32_t iid,
			      uint16_t afi)
{
	unsigned int i = db_hash(iid, afi);
	struct lisp_ms_db *db;

	while ((db = ms->db_slot[i])) {
		if (db->iid == iid && db->afi == afi)
			return db;
		i = (i + 1) % LISP_MS_DB_SLOTS;
	}
	return NULL;
}

struct lisp_ms_db *ms_db_get(struct lisp_ms *ms, const struct ms_key *k)
{
	struct lisp_ms_db *db = ms_db_find(ms, k->iid, k->afi);
	unsigned int i;

	if (db || ms->ndb >= LISP_MS_MAX_DBS)
		return db;
	db = calloc(1, sizeof(*db));
	if (!db)
		return NULL;
	db->iid = k->iid;
	db->afi = k->afi;
	db->bits = k->bits;
	lpm_init(&db->cfg, k->bits);
	lpm_init(&db->reg, k->bits);
	lpm_init(&db->route, k->bits);
	lisp_ms_ptree_init(&db->all, k->bits);
	for (i = db_hash(k->iid, k->afi); ms->db_slot[i];
	     i = (i + 1) % LISP_MS_DB_SLOTS)
		;
	ms->db_slot[i] = db;
	ms->db_list[ms->ndb++] = db;
	return db;
}

int ms_db_insert(struct lisp_ms_db *db, struct lpm_table *t,
		 const struct ms_key *k, void *value)
{
	if (lisp_ms_ptree_add(&db->all, k->key, k->plen))
		return -LISP_MS_ERR_NOMEM;
	if (lpm_insert(t, k->key, k->plen, value, NULL)) {
		lisp_ms_ptree_del(&db->all, k->key, k->plen);
		return -LISP_MS_ERR_NOMEM;
	}
	return 0;
}

void ms_db_remove(struct lisp_ms_db *db, struct lpm_table *t,
		  const struct ms_key *k)
{
	lpm_delete(t, k->key, k->plen);
	lisp_ms_ptree_del(&db->all, k->key, k->plen);
}

/*
 * The most specific configured prefix no longer than k that covers it:
 * the site a record for k belongs to.  The LPM answer is that prefix
 * unless it is longer than k (then look shorter, one length at a time:
 * a record shorter than a configured prefix is rare).
 */
struct lisp_ms_eid *ms_eid_for(const struct lisp_ms_db *db,
			       const struct ms_key *k)
{
	struct lisp_ms_eid *e = lpm_lookup(&db->cfg, k->key);
	int l;

	if (!e || e->pfx.plen <= k->plen)
		return e;
	for (l = k->plen; l >= 0; l--) {
		e = lpm_get(&db->cfg, k->key, (u8)l);
		if (e)
			return e;
	}
	return NULL;
}

int lisp_ms_site_add_prefix(struct lisp_ms *ms, struct lisp_ms_site *site,
			    const struct lisp_addr *eid, unsigned int plen,
			    bool accept_more_specifics)
{
	struct lisp_ms_eid *e;
	struct lisp_ms_db *db;
	struct ms_key k;
	int err = ms_key_from_addr(eid, plen, &k);

	if (err)
		return err;
	if (site->nprefix >= LISP_MS_MAX_SITE_PREFIXES ||
	    ms->nprefix >= LISP_MS_MAX_PREFIXES)
		return -LISP_MS_ERR_FULL;
	db = ms_db_get(ms, &k);
	if (!db)
		return ms->ndb >= LISP_MS_MAX_DBS ? -LISP_MS_ERR_FULL :
						    -LISP_MS_ERR_NOMEM;
	/* One owner per prefix: the key that may register it. */
	if (lpm_get(&db->cfg, k.key, k.plen))
		return -LISP_MS_ERR_EXISTS;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -LISP_MS_ERR_NOMEM;
	e->site = site;
	e->db = db;
	e->pfx.plen = (uint8_t)plen;
	e->pfx.addr = *eid;
	lisp_prefix_mask(&e->pfx.addr, plen);
	e->accept_more_specifics = accept_more_specifics;
	err = ms_db_insert(db, &db->cfg, &k, e);
	if (err) {
		free(e);
		return err;
	}
	ms_list_add_tail(&site->eids, &e->node);
	site->nprefix++;
	ms->nprefix++;
	return 0;
}

static void eid_remove(struct lisp_ms *ms, struct lisp_ms_eid *e)
{
	struct lisp_ms_link *l, *next;
	struct lisp_ms_reg *reg;
	struct ms_key k;

	for (l = e->site->regs.next; l != &e->site->regs; l = next) {
		next = l->next;
		reg = ms_entry(l, struct lisp_ms_reg, site_node);
		if (reg->eid == e)
			ms_reg_remove(ms, reg);
	}
	ms_key_from_addr(&e->pfx.addr, e->pfx.plen, &k);
	ms_db_remove(e->db, &e->db->cfg, &k);
	ms_list_del(&e->node);
	e->site->nprefix--;
	ms->nprefix--;
	free(e);
}

int lisp_ms_site_del_prefix(struct lisp_ms *ms, struct lisp_ms_site *site,
			    const struct lisp_addr *eid, unsigned int plen)
{
	struct ms_key k;
	struct lisp_ms_db *db;
	struct lisp_ms_eid *e;
	int err = ms_key_from_addr(eid, plen, &k);

	if (err)
		return err;
	db = ms_db_find(ms, k.iid, k.afi);
	e = db ? lpm_get(&db->cfg, k.key, k.plen) : NULL;
	if (!e || e->site != site)
		return -LISP_MS_ERR_NOT_FOUND;
	eid_remove(ms, e);
	return 0;
}

void lisp_ms_site_del(struct lisp_ms *ms, struct lisp_ms_site *site)
{
	struct lisp_ms_site **pp = &ms->site_hash[name_hash(site->name)];

	while (!ms_list_empty(&site->eids))
		eid_remove(ms, ms_entry(site->eids.next, struct lisp_ms_eid,
					node));
	while (*pp != site)
		pp = &(*pp)->hash_next;
	*pp = site->hash_next;
	ms_list_del(&site->node);
	ms->nsites--;
	ms_replay_free(site);
	free(site);
}
