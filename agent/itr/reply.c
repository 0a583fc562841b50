// SPDX-License-Identifier: GPL-2.0
/* Map-Replies to the ITR resolver's requests (RFC 9301 5.4). */
#include <string.h>

#include "lib/bits.h"
#include "resolver_priv.h"

/*
 * Does rec answer r?  Same instance-id (a plain EID is instance 0) and
 * family, and the prefixes overlap: a record covers the host asked, or,
 * for a refresh of a prefix, may also be more specific than it (the
 * site split its prefix).
 */
static bool record_fits(const struct itr_req *r, const struct lisp_record *rec)
{
	const struct lisp_addr *a = &rec->eid;
	uint32_t iid = a->kind == LISP_ADDR_IID ? a->iid : 0;
	unsigned int plen = rec->eid_mask_len;

	if (a->kind == LISP_ADDR_AFI_LIST || iid != r->iid ||
	    a->ip[0].afi != r->eid.afi)
		return false;
	if (plen > r->plen)
		plen = r->plen;
	return prefix_bits_equal(a->ip[0].addr, r->eid.addr, plen);
}

static void count_map(struct lisp_itr *itr, const struct lisp_itr_map *m)
{
	if (m->remove)
		itr->stats.removed++;
	else if (m->action == LISP_MAP_ENCAP)
		itr->stats.positive++;
	else
		itr->stats.negative++;
}

/*
 * RFC 9301 5.4 lets a Map-Reply carry more than the EID asked; an ITR
 * that installed all of it would let one answer (or one forged answer
 * that guessed a nonce) map 0.0.0.0/1.  So: of the records covering the
 * EID asked, the most specific; none wider than the family's min_plen
 * (a negative is narrowed to it around the EID asked, a positive is
 * refused).  Records more specific than the request (a refresh of a
 * prefix the site since split) are kept as they are.
 */
static unsigned int min_plen(const struct lisp_itr *itr, uint16_t afi)
{
	return afi == LISP_AFI_IPV4 ? itr->cfg.min_plen4 : itr->cfg.min_plen6;
}

/* Index of the most specific record covering r's prefix, or -1. */
static int best_cover(const struct itr_req *r, const struct lisp_record *rec,
		      unsigned int nrec)
{
	int i, best = -1;

	for (i = 0; i < (int)nrec; i++) {
		if (!record_fits(r, &rec[i]) || rec[i].eid_mask_len > r->plen)
			continue;
		if (best < 0 || rec[i].eid_mask_len > rec[best].eid_mask_len)
			best = i;
	}
	return best;
}

/* 0 and *m to install, or -1: the record is refused (counted). */
static int take_record(struct lisp_itr *itr, const struct itr_req *r,
		       const struct lisp_record *rec, int i, int best,
		       struct lisp_itr_map *m)
{
	unsigned int min;

	if (!record_fits(r, rec)) {
		itr->stats.wrong_eid++;
		return -1;
	}
	if (rec->eid_mask_len <= r->plen && i != best) {
		itr->stats.not_most_specific++;
		return -1;
	}
	if (lisp_itr_map_from_record(rec, r->has_petr, m)) {
		itr->stats.wrong_eid++;
		return -1;
	}
	min = min_plen(itr, m->eid.afi);
	if (m->plen >= min)
		return 0;
	if (m->action == LISP_MAP_ENCAP || m->remove || min > r->plen) {
		itr->stats.too_wide++;
		return -1;
	}
	/* A negative: the same answer for the narrower prefix around r. */
	m->eid = r->eid;
	m->plen = (uint8_t)min;
	prefix_bits_mask(m->eid.addr, m->eid.afi == LISP_AFI_IPV4 ? 4 : 16,
			 min);
	itr->stats.narrowed++;
	return 0;
}

unsigned int itr_take_records(struct lisp_itr *itr, const struct itr_req *r,
			      const struct lisp_record *rec,
			      unsigned int nrec, struct lisp_itr_reply *out)
{
	int best = best_cover(r, rec, nrec);
	unsigned int i, n = 0;
	struct lisp_itr_map *m;

	for (i = 0; i < nrec && out->nmap < LISP_MAX_RECORDS; i++) {
		m = &out->map[out->nmap];
		if (take_record(itr, r, &rec[i], (int)i, best, m))
			continue;
		/* The device's instance-id, not the record's spelling of it. */
		m->dev = r->dev;
		m->has_iid = r->has_iid;
		m->iid = r->iid;
		count_map(itr, m);
		out->nmap++;
		n++;
	}
	return n;
}

int itr_answer(struct lisp_itr *itr, struct itr_req *r,
	       const struct lisp_record *rec, unsigned int nrec,
	       struct lisp_itr_reply *out)
{
	unsigned int n = itr_take_records(itr, r, rec, nrec, out);

	if (!n)
		return -LISP_ITR_ERR_WRONG_EID;
	itr->stats.replies++;
	/* This Map-Resolver answers: first Map-Requests go there now. */
	itr->preferred = r->resolver < itr->cfg.nresolver ? r->resolver : 0;
	/* Kept until a second after the last Map-Request (the 1/s rule). */
	r->state = ITR_ANSWERED;
	r->deadline_ms = r->last_ms + itr->cfg.min_interval_ms;
	return (int)n;
}

int lisp_itr_handle_reply(struct lisp_itr *itr, const uint8_t *buf,
			  size_t len, uint64_t now_ms,
			  struct lisp_itr_reply *out)
{
	struct lisp_map_reply *rep = itr->rep;
	struct itr_req *r;
	int err;

	(void)now_ms;
	out->nmap = 0;
	err = lisp_map_reply_parse(buf, len, rep);
	if (err) {
		itr->stats.malformed++;
		return err;
	}
	r = itr_find_nonce(itr, rep->nonce);
	if (!r) {
		itr->stats.unknown_nonce++;
		return -LISP_ITR_ERR_UNKNOWN_NONCE;
	}
	if (r->state == ITR_ANSWERED) {
		itr->stats.duplicates++;
		return 0;
	}
	return itr_answer(itr, r, rep->rec, rep->nrec, out);
}
