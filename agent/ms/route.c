// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Resolver routes: EID prefixes whose Map-Requests go on to a remote
 * Map-Server (RFC 9301 8.4, "hands them to the Map-Server holding the
 * prefix").  They sit in the per (instance-id, family) tables next to
 * the site prefixes, and in the "all" multiset too, so that a negative
 * answer never covers an EID another Map-Server holds.
 */
#include <stdlib.h>
#include <string.h>

#include "ms_priv.h"

int lisp_ms_route_add(struct lisp_ms *ms, const struct lisp_addr *eid,
		      unsigned int plen, const struct lisp_ip *ms_addr,
		      uint16_t port)
{
	struct lisp_ms_route *r;
	struct lisp_ms_db *db;
	struct ms_key k;
	int err = ms_key_from_addr(eid, plen, &k);

	if (err)
		return err;
	if (ms_addr->afi != LISP_AFI_IPV4 && ms_addr->afi != LISP_AFI_IPV6)
		return -LISP_ERR_BAD_AFI;
	if (ms->nroute >= LISP_MS_MAX_ROUTES ||
	    (!ms_route_ms_known(ms, ms_addr, port ? port : LISP_CONTROL_PORT) &&
	     ms->nroute_ms >= LISP_MS_MAX_NOFWD))
		return -LISP_MS_ERR_FULL;
	db = ms_db_get(ms, &k);
	if (!db)
		return ms->ndb >= LISP_MS_MAX_DBS ? -LISP_MS_ERR_FULL :
						    -LISP_MS_ERR_NOMEM;
	if (lpm_get(&db->route, k.key, k.plen))
		return -LISP_MS_ERR_EXISTS;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -LISP_MS_ERR_NOMEM;
	r->db = db;
	r->pfx.plen = (uint8_t)plen;
	r->pfx.addr = *eid;
	lisp_prefix_mask(&r->pfx.addr, plen);
	r->ms_addr = *ms_addr;
	r->port = port ? port : LISP_CONTROL_PORT;
	err = ms_db_insert(db, &db->route, &k, r);
	if (err) {
		free(r);
		return err;
	}
	ms_list_add_tail(&ms->routes, &r->node);
	ms->nroute++;
	if (!ms_route_ms_known(ms, ms_addr, r->port)) {
		ms->route_ms[ms->nroute_ms].addr = *ms_addr;
		ms->route_ms[ms->nroute_ms++].port = r->port;
	}
	return 0;
}

static bool ep_in(const struct lisp_ms_endpoint *ep, unsigned int n,
		  const struct lisp_ip *ip, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (ep[i].port == port && lisp_ip_equal(&ep[i].addr, ip))
			return true;
	}
	return false;
}

bool ms_route_ms_known(const struct lisp_ms *ms, const struct lisp_ip *ip,
		       uint16_t port)
{
	return ep_in(ms->route_ms, ms->nroute_ms, ip, port);
}

bool ms_no_forward(const struct lisp_ms *ms, const struct lisp_ip *ip,
		   uint16_t port)
{
	return ep_in(ms->nofwd, ms->nnofwd, ip, port);
}

int lisp_ms_set_no_forward(struct lisp_ms *ms,
			   const struct lisp_ms_endpoint *ep, unsigned int n)
{
	if (n > LISP_MS_MAX_NOFWD)
		return -LISP_MS_ERR_FULL;
	memcpy(ms->nofwd, ep, n * sizeof(*ep));
	ms->nnofwd = n;
	return 0;
}

void lisp_ms_route_flush(struct lisp_ms *ms)
{
	struct lisp_ms_route *r;
	struct ms_key k;

	while (!ms_list_empty(&ms->routes)) {
		r = ms_entry(ms->routes.next, struct lisp_ms_route, node);
		ms_key_from_addr(&r->pfx.addr, r->pfx.plen, &k);
		ms_db_remove(r->db, &r->db->route, &k);
		ms_list_del(&r->node);
		ms->nroute--;
		free(r);
	}
	ms->nroute_ms = 0;
}

int lisp_ms_show_routes(const struct lisp_ms *ms, lisp_ms_route_fn fn,
			void *arg)
{
	const struct lisp_ms_link *l;
	int rc;

	for (l = ms->routes.next; l != &ms->routes; l = l->next) {
		rc = fn(ms_entry(l, struct lisp_ms_route, node), arg);
		if (rc)
			return rc;
	}
	return 0;
}
