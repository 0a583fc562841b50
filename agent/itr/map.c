// SPDX-License-Identifier: GPL-2.0
/* Map-Reply EID-records to map-cache entries (RFC 9301 5.4, RFC 6832). */
#include <string.h>

#include "proto/err.h"
#include "map.h"

#define SECONDS_PER_MINUTE	60u
#define TTL_LOCAL		0xffffffffu

uint32_t lisp_itr_ttl_seconds(uint32_t ttl_min)
{
	uint64_t s;

	if (ttl_min == TTL_LOCAL)
		return LISP_ITR_TTL_LOCAL_S;
	s = (uint64_t)ttl_min * SECONDS_PER_MINUTE;
	return s > LISP_ITR_TTL_MAX_S ? LISP_ITR_TTL_MAX_S : (uint32_t)s;
}

uint8_t lisp_itr_negative_action(unsigned int act, bool has_petr)
{
	switch (act) {
	case LISP_ACT_NO_ACTION:
	case LISP_ACT_NATIVELY_FORWARD:
		return has_petr ? LISP_MAP_USE_PETR : LISP_MAP_FORWARD;
	case LISP_ACT_SEND_MAP_REQUEST:
		return LISP_MAP_SEND_MAP_REQUEST;
	default:
		return LISP_MAP_DROP;
	}
}

/* The IPv4/IPv6 address a locator names, or NULL. */
static const struct lisp_ip *loc_ip(const struct lisp_addr *a)
{
	unsigned int i, n;

	n = a->kind == LISP_ADDR_AFI_LIST ? a->count : 1;
	for (i = 0; i < n && i < LISP_AFI_LIST_MAX; i++) {
		if (a->ip[i].afi == LISP_AFI_IPV4 ||
		    a->ip[i].afi == LISP_AFI_IPV6)
			return &a->ip[i];
	}
	return NULL;
}

int lisp_itr_map_from_record(const struct lisp_record *rec, bool has_petr,
			     struct lisp_itr_map *out)
{
	const struct lisp_ip *ip;
	struct lisp_addr eid;
	unsigned int i;

	if (rec->eid.kind == LISP_ADDR_AFI_LIST ||
	    (rec->eid.ip[0].afi != LISP_AFI_IPV4 &&
	     rec->eid.ip[0].afi != LISP_AFI_IPV6) ||
	    rec->eid_mask_len > lisp_addr_max_plen(&rec->eid))
		return -LISP_ERR_BAD_AFI;
	memset(out, 0, sizeof(*out));
	eid = rec->eid;
	lisp_prefix_mask(&eid, rec->eid_mask_len);
	out->has_iid = eid.kind == LISP_ADDR_IID;
	out->iid = out->has_iid ? eid.iid : 0;
	out->eid = eid.ip[0];
	out->plen = rec->eid_mask_len;
	out->act = rec->act;
	out->authoritative = rec->authoritative;
	out->ttl_s = lisp_itr_ttl_seconds(rec->ttl);
	out->remove = rec->ttl == 0;
	for (i = 0; i < rec->nloc && i < LISP_MAX_RLOCS; i++) {
		struct lisp_itr_loc *l = &out->loc[out->nloc];

		ip = loc_ip(&rec->loc[i].addr);
		if (!ip)
			continue;
		l->addr = *ip;
		l->priority = rec->loc[i].priority;
		l->weight = rec->loc[i].weight;
		l->up = rec->loc[i].reachable;
		out->nloc++;
	}
	out->action = out->nloc ? LISP_MAP_ENCAP :
		      lisp_itr_negative_action(rec->act, has_petr);
	return 0;
}
