// SPDX-License-Identifier: GPL-2.0
/* EID-records and RLOC-records (RFC 9301 5.4). */
#include <string.h>

#include "codec.h"

/* RLOC-record flag bits (low bits of the 16-bit flags word). */
#define LOC_F_LOCAL	0x0004
#define LOC_F_PROBED	0x0002
#define LOC_F_REACH	0x0001

/* EID-record word 2: ACT (3 bits), A, 12 reserved bits. */
#define REC_ACT_SHIFT	13
#define REC_F_AUTH	0x1000

static int locator_get(struct lisp_rd *r, struct lisp_locator *l)
{
	uint16_t flags;

	l->priority = rd_u8(r);
	l->weight = rd_u8(r);
	l->mpriority = rd_u8(r);
	l->mweight = rd_u8(r);
	flags = rd_be16(r);
	l->local = flags & LOC_F_LOCAL;
	l->probed = flags & LOC_F_PROBED;
	l->reachable = flags & LOC_F_REACH;
	return lisp_addr_get(r, &l->addr);
}

int lisp_record_get(struct lisp_rd *r, struct lisp_record *rec)
{
	uint16_t word;
	unsigned int i;
	int err;

	rec->ttl = rd_be32(r);
	rec->nloc = rd_u8(r);
	rec->eid_mask_len = rd_u8(r);
	word = rd_be16(r);
	rec->act = (uint8_t)(word >> REC_ACT_SHIFT);
	rec->authoritative = word & REC_F_AUTH;
	rec->map_version = rd_be16(r) & LISP_MAP_VERSION_MAX;
	if (r->err)
		return r->err;
	if (rec->act > LISP_ACT_MAX)
		return -LISP_ERR_BAD_ACT;
	if (rec->nloc > LISP_MAX_RLOCS)
		return -LISP_ERR_TOO_MANY_LOCATORS;
	err = lisp_addr_get(r, &rec->eid);
	if (err)
		return err;
	if (rec->eid_mask_len > lisp_addr_max_plen(&rec->eid))
		return -LISP_ERR_BAD_MASK_LEN;
	for (i = 0; i < rec->nloc; i++) {
		err = locator_get(r, &rec->loc[i]);
		if (err)
			return err;
	}
	return 0;
}

int lisp_record_parse(const uint8_t *buf, size_t len, struct lisp_record *out)
{
	struct lisp_rd r;
	int err;

	rd_init(&r, buf, len);
	err = lisp_record_get(&r, out);
	return err ? err : (int)r.pos;
}

static void locator_put(struct lisp_wr *w, const struct lisp_locator *l)
{
	uint16_t flags = (l->local ? LOC_F_LOCAL : 0) |
			 (l->probed ? LOC_F_PROBED : 0) |
			 (l->reachable ? LOC_F_REACH : 0);

	wr_u8(w, l->priority);
	wr_u8(w, l->weight);
	wr_u8(w, l->mpriority);
	wr_u8(w, l->mweight);
	wr_be16(w, flags);
	lisp_addr_put(w, &l->addr);
}

static int record_check(const struct lisp_record *rec)
{
	int err = lisp_addr_check(&rec->eid);

	if (err)
		return err;
	if (rec->act > LISP_ACT_MAX)
		return -LISP_ERR_BAD_ACT;
	if (rec->nloc > LISP_MAX_RLOCS)
		return -LISP_ERR_TOO_MANY_LOCATORS;
	if (rec->map_version > LISP_MAP_VERSION_MAX)
		return -LISP_ERR_INVALID;
	if (rec->eid_mask_len > lisp_addr_max_plen(&rec->eid))
		return -LISP_ERR_BAD_MASK_LEN;
	return 0;
}

void lisp_record_put(struct lisp_wr *w, const struct lisp_record *rec)
{
	int err = record_check(rec);
	unsigned int i;

	if (err) {
		wr_fail(w, err);
		return;
	}
	wr_be32(w, rec->ttl);
	wr_u8(w, rec->nloc);
	wr_u8(w, rec->eid_mask_len);
	wr_be16(w, (uint16_t)(rec->act << REC_ACT_SHIFT |
			      (rec->authoritative ? REC_F_AUTH : 0)));
	wr_be16(w, rec->map_version);
	lisp_addr_put(w, &rec->eid);
	for (i = 0; i < rec->nloc; i++)
		locator_put(w, &rec->loc[i]);
}

int lisp_record_write(const struct lisp_record *rec, uint8_t *buf, size_t len)
{
	struct lisp_wr w;

	wr_init(&w, buf, len);
	lisp_record_put(&w, rec);
	return wr_result(&w);
}

/* Map-Request EID-record: Reserved, EID mask-len, EID-Prefix. */
int lisp_prefix_get(struct lisp_rd *r, struct lisp_prefix *p)
{
	int err;

	rd_u8(r);
	p->plen = rd_u8(r);
	err = lisp_addr_get(r, &p->addr);
	if (err)
		return err;
	return p->plen > lisp_addr_max_plen(&p->addr) ?
	       -LISP_ERR_BAD_MASK_LEN : 0;
}

void lisp_prefix_put(struct lisp_wr *w, const struct lisp_prefix *p)
{
	int err = lisp_addr_check(&p->addr);

	if (!err && p->plen > lisp_addr_max_plen(&p->addr))
		err = -LISP_ERR_BAD_MASK_LEN;
	if (err) {
		wr_fail(w, err);
		return;
	}
	wr_u8(w, 0);
	wr_u8(w, p->plen);
	lisp_addr_put(w, &p->addr);
}

bool lisp_locator_equal(const struct lisp_locator *a,
			const struct lisp_locator *b)
{
	return a->priority == b->priority && a->weight == b->weight &&
	       a->mpriority == b->mpriority && a->mweight == b->mweight &&
	       a->local == b->local && a->probed == b->probed &&
	       a->reachable == b->reachable &&
	       lisp_addr_equal(&a->addr, &b->addr);
}

bool lisp_record_equal(const struct lisp_record *a,
		       const struct lisp_record *b)
{
	unsigned int i;

	if (a->ttl != b->ttl || a->eid_mask_len != b->eid_mask_len ||
	    a->act != b->act || a->authoritative != b->authoritative ||
	    a->map_version != b->map_version || a->nloc != b->nloc ||
	    !lisp_addr_equal(&a->eid, &b->eid))
		return false;
	for (i = 0; i < a->nloc && i < LISP_MAX_RLOCS; i++) {
		if (!lisp_locator_equal(&a->loc[i], &b->loc[i]))
			return false;
	}
	return true;
}

const char *lisp_act_str(unsigned int act)
{
	static const char *const names[] = {
		[LISP_ACT_NO_ACTION] = "no-action",
		[LISP_ACT_NATIVELY_FORWARD] = "natively-forward",
		[LISP_ACT_SEND_MAP_REQUEST] = "send-map-request",
		[LISP_ACT_DROP_NO_REASON] = "drop/no-reason",
		[LISP_ACT_DROP_POLICY_DENIED] = "drop/policy-denied",
		[LISP_ACT_DROP_AUTH_FAILURE] = "drop/auth-failure",
	};

	return act <= LISP_ACT_MAX ? names[act] : "unassigned";
}
