// SPDX-License-Identifier: GPL-2.0
/* The Map-Request of an ITR: ECM'd (RFC 9301 5.2, 5.3, 5.8) or bare. */
#include <string.h>

#include "proto/ecm.h"
#include "request.h"

struct lisp_ip lisp_itr_inner_source(const struct lisp_itr_req *r)
{
	struct lisp_ip ip = { .afi = r->eid.afi };
	unsigned int i;

	for (i = 0; i < r->nrloc && i < LISP_MAX_ITR_RLOCS; i++) {
		if (r->rloc[i].afi == r->eid.afi)
			return r->rloc[i];
	}
	if (r->src_eid.afi == r->eid.afi)
		return r->src_eid;
	return ip;
}

/*
 * A plain address, in the Instance-ID LCAF if the request has one
 * (instance 0 as lisp_addr_set_eid_iid() says).
 */
static int eid_addr(const struct lisp_itr_req *r, const struct lisp_ip *ip,
		    struct lisp_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = LISP_ADDR_IP;
	a->count = 1;
	a->ip[0] = *ip;
	if (!r->has_iid || ip->afi == LISP_AFI_NONE)
		return 0;
	return lisp_addr_set_eid_iid(a, r->iid, r->iid0_lcaf);
}

static int fill_request(const struct lisp_itr_req *r,
			struct lisp_map_request *m)
{
	unsigned int i;
	int err;

	if (r->eid.afi != LISP_AFI_IPV4 && r->eid.afi != LISP_AFI_IPV6)
		return -LISP_ERR_BAD_AFI;
	if (!r->nrloc)
		return -LISP_ERR_NO_ITR_RLOC;
	if (r->nrloc > LISP_MAX_ITR_RLOCS)
		return -LISP_ERR_TOO_MANY_ITR_RLOCS;
	memset(m, 0, sizeof(*m));
	m->pitr = r->pitr;
	m->smr_invoked = r->smr_invoked;
	m->probe = r->probe;
	m->nonce = r->nonce;
	err = eid_addr(r, &r->src_eid, &m->source_eid);
	if (err)
		return err;
	m->nitr = r->nrloc;
	for (i = 0; i < r->nrloc; i++) {
		m->itr_rloc[i].kind = LISP_ADDR_IP;
		m->itr_rloc[i].count = 1;
		m->itr_rloc[i].ip[0] = r->rloc[i];
	}
	m->nrec = 1;
	m->rec[0].plen = r->plen;
	err = eid_addr(r, &r->eid, &m->rec[0].addr);
	if (err)
		return err;
	if (r->plen > lisp_addr_max_plen(&m->rec[0].addr))
		return -LISP_ERR_BAD_MASK_LEN;
	lisp_prefix_mask(&m->rec[0].addr, r->plen);
	if (r->subscribe) {
		m->xtr_id_present = true;
		memcpy(m->xtr_id, r->xtr_id, LISP_XTR_ID_LEN);
		m->site_id = r->site_id;
		m->notify[0] = true;
	}
	return 0;
}

int lisp_itr_request_write(const struct lisp_itr_req *r, uint8_t *buf,
			   size_t len)
{
	struct lisp_map_request m;	/* ~7 KiB: fine on a user stack */
	struct lisp_ecm e;
	size_t hlen;
	int err, n;

	err = fill_request(r, &m);
	if (err)
		return err;
	memset(&e, 0, sizeof(e));
	e.inner.src = lisp_itr_inner_source(r);
	e.inner.dst = r->eid;
	e.inner.ttl = LISP_ITR_INNER_TTL;
	e.inner.sport = r->sport;
	e.inner.dport = LISP_CONTROL_PORT;
	hlen = lisp_ecm_hdr_len(&e);
	if (!hlen)
		return -LISP_ERR_BAD_IP;
	if (hlen > len)
		return -LISP_ERR_NO_SPACE;
	/* Written in place: lisp_ecm_write() then adds the headers. */
	n = lisp_map_request_write(&m, buf + hlen, len - hlen);
	if (n < 0)
		return n;
	e.msg = buf + hlen;
	e.msg_len = (size_t)n;
	return lisp_ecm_write(&e, buf, len);
}

int lisp_itr_request_write_bare(const struct lisp_itr_req *r, uint8_t *buf,
				size_t len)
{
	struct lisp_map_request m;
	int err = fill_request(r, &m);

	if (err)
		return err;
	return lisp_map_request_write(&m, buf, len);
}
