// SPDX-License-Identifier: GPL-2.0
/* Who the ETR's SMRs go to, and the SMR itself (etr_smr.h). */
#include <string.h>

#include "etr_smr.h"

void lispd_smr_itrs_expire(struct lispd_smr_itrs *t, uint64_t now_ms)
{
	unsigned int i, k = 0;

	for (i = 0; i < t->n; i++) {
		if (now_ms - t->v[i].last_ms < LISPD_SMR_ITR_AGE_MS)
			t->v[k++] = t->v[i];
	}
	t->n = k;
}

int lispd_smr_itrs_note(struct lispd_smr_itrs *t, const struct lisp_ip *rloc,
			uint16_t port, uint64_t now_ms)
{
	unsigned int i, old = 0;
	int evicted = 0;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].port == port && lisp_ip_equal(&t->v[i].rloc, rloc)) {
			t->v[i].last_ms = now_ms;
			return 0;
		}
	}
	if (t->n == LISPD_SMR_ITRS_MAX)
		lispd_smr_itrs_expire(t, now_ms);
	if (t->n == LISPD_SMR_ITRS_MAX) {
		for (i = 1; i < t->n; i++) {
			if (t->v[i].last_ms < t->v[old].last_ms)
				old = i;
		}
		t->v[old] = t->v[--t->n];
		evicted = 1;
	}
	t->v[t->n].rloc = *rloc;
	t->v[t->n].port = port;
	t->v[t->n++].last_ms = now_ms;
	return evicted;
}

int lispd_smr_write(const struct lisp_addr *eid, unsigned int plen,
		    const struct lisp_ip *itr_rloc, uint64_t nonce,
		    struct lisp_map_request *m, uint8_t *buf, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->smr = true;
	m->nonce = nonce;
	m->source_eid = *eid;
	m->nitr = 1;
	lisp_addr_set_none(&m->itr_rloc[0]);
	m->itr_rloc[0].ip[0] = *itr_rloc;
	m->nrec = 1;
	m->rec[0].addr = *eid;
	m->rec[0].plen = (uint8_t)plen;
	return lisp_map_request_write(m, buf, len);
}
