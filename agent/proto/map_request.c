// SPDX-License-Identifier: GPL-2.0
/* Map-Request (RFC 9301 5.2; I and N bits, xTR-ID from RFC 9437). */
#include <string.h>

#include "codec.h"
#include "msg.h"

/* First word: Type, A M P S p s R I, Rsvd, L D, IRC, Record Count. */
#define MREQ_F_AUTH		(1u << 27)
#define MREQ_F_MAP_DATA		(1u << 26)
#define MREQ_F_PROBE		(1u << 25)
#define MREQ_F_SMR		(1u << 24)
#define MREQ_F_PITR		(1u << 23)
#define MREQ_F_SMR_INVOKED	(1u << 22)
#define MREQ_F_XTR_ID		(1u << 20)
#define MREQ_F_LOCAL_XTR	(1u << 14)
#define MREQ_F_DONT_REPLY	(1u << 13)
#define MREQ_IRC_SHIFT		8
/* RFC 9437 3: the first bit of an EID-record's reserved byte. */
#define MREQ_REC_NOTIFY		0x80
#define MREQ_IRC_MASK		0x1f

static void flags_from_word(struct lisp_map_request *m, uint32_t w)
{
	m->authoritative = w & MREQ_F_AUTH;
	m->map_data_present = w & MREQ_F_MAP_DATA;
	m->probe = w & MREQ_F_PROBE;
	m->smr = w & MREQ_F_SMR;
	m->pitr = w & MREQ_F_PITR;
	m->smr_invoked = w & MREQ_F_SMR_INVOKED;
	m->xtr_id_present = w & MREQ_F_XTR_ID;
	m->local_xtr = w & MREQ_F_LOCAL_XTR;
	m->dont_reply = w & MREQ_F_DONT_REPLY;
}

static uint32_t flags_to_word(const struct lisp_map_request *m)
{
	return (m->authoritative ? MREQ_F_AUTH : 0) |
	       (m->map_data_present ? MREQ_F_MAP_DATA : 0) |
	       (m->probe ? MREQ_F_PROBE : 0) |
	       (m->smr ? MREQ_F_SMR : 0) |
	       (m->pitr ? MREQ_F_PITR : 0) |
	       (m->smr_invoked ? MREQ_F_SMR_INVOKED : 0) |
	       (m->xtr_id_present ? MREQ_F_XTR_ID : 0) |
	       (m->local_xtr ? MREQ_F_LOCAL_XTR : 0) |
	       (m->dont_reply ? MREQ_F_DONT_REPLY : 0);
}

static int addrs_get(struct lisp_rd *r, struct lisp_map_request *m)
{
	unsigned int i;
	int err;

	err = lisp_addr_get(r, &m->source_eid);
	for (i = 0; !err && i < m->nitr; i++)
		err = lisp_addr_get(r, &m->itr_rloc[i]);
	for (i = 0; !err && i < m->nrec; i++) {
		m->notify[i] = rd_left(r) &&
			       (r->buf[r->pos] & MREQ_REC_NOTIFY);
		err = lisp_prefix_get(r, &m->rec[i]);
	}
	return err;
}

int lisp_map_request_parse(const uint8_t *buf, size_t len,
			   struct lisp_map_request *out)
{
	struct lisp_rd r;
	uint32_t w;
	int err;

	if (rd_msg_head(&r, buf, len, &w, &out->nonce))
		return r.err;
	if (w >> 28 != LISP_MAP_REQUEST)
		return -LISP_ERR_BAD_TYPE;
	flags_from_word(out, w);
	out->nitr = (uint8_t)(((w >> MREQ_IRC_SHIFT) & MREQ_IRC_MASK) + 1);
	out->nrec = (uint8_t)w;
	if (out->nitr > LISP_MAX_ITR_RLOCS)
		return -LISP_ERR_TOO_MANY_ITR_RLOCS;
	if (out->nrec > LISP_MAX_RECORDS)
		return -LISP_ERR_TOO_MANY_RECORDS;
	err = addrs_get(&r, out);
	if (!err && out->map_data_present)
		err = lisp_record_get(&r, &out->map_reply);
	if (err)
		return err;
	if (out->xtr_id_present) {
		rd_copy(&r, out->xtr_id, LISP_XTR_ID_LEN);
		out->site_id = rd_be64(&r);
		if (r.err)
			return r.err;
	}
	return rd_left(&r) ? -LISP_ERR_TRAILING_DATA : 0;
}

static int request_check(const struct lisp_map_request *m)
{
	if (m->nitr == 0)
		return -LISP_ERR_NO_ITR_RLOC;
	if (m->nitr > LISP_MAX_ITR_RLOCS)
		return -LISP_ERR_TOO_MANY_ITR_RLOCS;
	if (m->nrec > LISP_MAX_RECORDS)
		return -LISP_ERR_TOO_MANY_RECORDS;
	return 0;
}

int lisp_map_request_write(const struct lisp_map_request *m,
			   uint8_t *buf, size_t len)
{
	struct lisp_wr w;
	unsigned int i;
	int err = request_check(m);

	if (err)
		return err;
	wr_init(&w, buf, len);
	wr_be32(&w, (uint32_t)LISP_MAP_REQUEST << 28 | flags_to_word(m) |
		    (uint32_t)(m->nitr - 1) << MREQ_IRC_SHIFT | m->nrec);
	wr_be64(&w, m->nonce);
	lisp_addr_put(&w, &m->source_eid);
	for (i = 0; i < m->nitr; i++)
		lisp_addr_put(&w, &m->itr_rloc[i]);
	for (i = 0; i < m->nrec; i++) {
		size_t at = w.pos;

		lisp_prefix_put(&w, &m->rec[i]);
		if (!w.err && m->notify[i])
			w.buf[at] |= MREQ_REC_NOTIFY;
	}
	if (m->map_data_present)
		lisp_record_put(&w, &m->map_reply);
	if (m->xtr_id_present) {
		wr_copy(&w, m->xtr_id, LISP_XTR_ID_LEN);
		wr_be64(&w, m->site_id);
	}
	return wr_result(&w);
}

bool lisp_map_request_equal(const struct lisp_map_request *a,
			    const struct lisp_map_request *b)
{
	unsigned int i;

	if (flags_to_word(a) != flags_to_word(b) || a->nonce != b->nonce ||
	    a->nitr != b->nitr || a->nrec != b->nrec ||
	    a->nitr > LISP_MAX_ITR_RLOCS || a->nrec > LISP_MAX_RECORDS ||
	    !lisp_addr_equal(&a->source_eid, &b->source_eid))
		return false;
	for (i = 0; i < a->nitr; i++) {
		if (!lisp_addr_equal(&a->itr_rloc[i], &b->itr_rloc[i]))
			return false;
	}
	for (i = 0; i < a->nrec; i++) {
		if (a->rec[i].plen != b->rec[i].plen ||
		    a->notify[i] != b->notify[i] ||
		    !lisp_addr_equal(&a->rec[i].addr, &b->rec[i].addr))
			return false;
	}
	if (a->map_data_present &&
	    !lisp_record_equal(&a->map_reply, &b->map_reply))
		return false;
	if (a->xtr_id_present &&
	    (memcmp(a->xtr_id, b->xtr_id, LISP_XTR_ID_LEN) ||
	     a->site_id != b->site_id))
		return false;
	return true;
}

const struct lisp_ip *lisp_map_request_reply_rloc(
	const struct lisp_map_request *m, unsigned int afis)
{
	const struct lisp_addr *a;
	unsigned int i, j, n;

	for (i = 0; i < m->nitr && i < LISP_MAX_ITR_RLOCS; i++) {
		a = &m->itr_rloc[i];
		n = a->kind == LISP_ADDR_AFI_LIST ? a->count :
		    a->kind == LISP_ADDR_IP ? 1 : 0;
		for (j = 0; j < n && j < LISP_AFI_LIST_MAX; j++) {
			if (a->ip[j].afi <= LISP_AFI_IPV6 &&
			    (afis & (1u << a->ip[j].afi)) &&
			    lisp_ip_unicast(&a->ip[j]))
				return &a->ip[j];
		}
	}
	return NULL;
}
