// SPDX-License-Identifier: GPL-2.0
/* Text forms of the ITR resolver's state for "show" and logs. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/strbuf.h"
#include "proto/err.h"
#include "resolver_priv.h"

#define LINE_MAX_LEN	(2 * LISP_ADDR_STRLEN)

static const char *const state_str[] = {
	[ITR_FREE] = "free",
	[ITR_WAITING] = "waiting",
	[ITR_ANSWERED] = "answered",
	[ITR_HOLD] = "hold-down",
};

static int pending_to_str(const struct lisp_itr *itr, const struct itr_req *r,
			  uint64_t now_ms, char *buf, size_t len)
{
	char pfx[LISP_ADDR_STRLEN], mr[LISP_ADDR_STRLEN];
	struct lisp_addr a = { .kind = LISP_ADDR_IP, .count = 1 };
	struct strbuf sb = STRBUF(buf, len);

	a.ip[0] = r->eid;
	if (r->has_iid)
		lisp_addr_set_iid(&a, r->iid);
	if (lisp_prefix_to_str(&a, r->plen, pfx, sizeof(pfx)) < 0)
		snprintf(pfx, sizeof(pfx), "?");
	if (r->resolver < itr->cfg.nresolver)
		lisp_ip_to_str(&itr->cfg.resolver[r->resolver], mr, sizeof(mr));
	else
		snprintf(mr, sizeof(mr), "-");
	strbuf_printf(&sb, "dev %" PRIu32 " %s %s%s nonce 0x%016" PRIx64
	    " tries %u resolver %s age %" PRIu64 "ms next %" PRIu64 "ms",
	    r->dev, pfx, state_str[r->state], r->smr_invoked ? " smr" :
	    r->refresh ? " refresh" : "",
	    r->nonce, r->tries, mr,
	    now_ms > r->first_ms ? now_ms - r->first_ms : 0,
	    r->deadline_ms > now_ms ? r->deadline_ms - now_ms : 0);
	return strbuf_done(&sb);
}

int lisp_itr_show_pending(const struct lisp_itr *itr, uint64_t now_ms,
			  lisp_itr_line_fn fn, void *arg)
{
	char line[LINE_MAX_LEN];
	uint32_t i;
	int rc;

	for (i = itr->used_head; i != ITR_NIL; i = itr->req[i].next) {
		if (pending_to_str(itr, &itr->req[i], now_ms, line,
				   sizeof(line)) < 0)
			continue;
		rc = fn(line, arg);
		if (rc)
			return rc;
	}
	return 0;
}

int lisp_itr_show_resolvers(const struct lisp_itr *itr, lisp_itr_line_fn fn,
			    void *arg)
{
	char line[LINE_MAX_LEN], addr[LISP_ADDR_STRLEN];
	unsigned int i;
	int rc;

	for (i = 0; i < itr->cfg.nresolver; i++) {
		lisp_ip_to_str(&itr->cfg.resolver[i], addr, sizeof(addr));
		snprintf(line, sizeof(line), "%s port %u%s", addr,
			 itr->cfg.resolver_port,
			 i == itr->preferred ? " preferred" : "");
		rc = fn(line, arg);
		if (rc)
			return rc;
	}
	return 0;
}

int lisp_itr_stats_to_str(const struct lisp_itr_stats *s, char *buf,
			  size_t len)
{
	struct strbuf sb = STRBUF(buf, len);

	strbuf_printf(&sb,
	    "requests %" PRIu64 " retries %" PRIu64 " refreshes %" PRIu64
	    " smr-invoked %" PRIu64 " suppressed %" PRIu64 " full %" PRIu64
	    " build-errors %" PRIu64 " replies %" PRIu64
	    " duplicates %" PRIu64 " unknown-nonce %" PRIu64
	    " wrong-eid %" PRIu64 " malformed %" PRIu64
	    " positive %" PRIu64 " negative %" PRIu64
	    " removed %" PRIu64 " gave-up %" PRIu64
	    " too-wide %" PRIu64 " narrowed %" PRIu64
	    " not-most-specific %" PRIu64 " not-owned %" PRIu64
	    " owned-full %" PRIu64,
	    s->requests, s->retries, s->refreshes, s->smr_invoked,
	    s->suppressed, s->full, s->build_errors, s->replies,
	    s->duplicates, s->unknown_nonce,
	    s->wrong_eid, s->malformed, s->positive, s->negative, s->removed,
	    s->gave_up, s->too_wide, s->narrowed, s->not_most_specific,
	    s->not_owned, s->owned_full);
	return strbuf_done(&sb);
}

const char *lisp_itr_strerror(int err)
{
	static const char *const msg[] = {
		[LISP_ITR_ERR_FULL - LISP_ITR_ERR_BASE] =
			"too many pending Map-Requests",
		[LISP_ITR_ERR_NO_RESOLVER - LISP_ITR_ERR_BASE] =
			"no Map-Resolver configured",
		[LISP_ITR_ERR_NO_RLOC - LISP_ITR_ERR_BASE] =
			"no ITR-RLOC configured",
		[LISP_ITR_ERR_INVALID - LISP_ITR_ERR_BASE] = "invalid argument",
		[LISP_ITR_ERR_UNKNOWN_NONCE - LISP_ITR_ERR_BASE] =
			"Map-Reply with an unknown nonce",
		[LISP_ITR_ERR_WRONG_EID - LISP_ITR_ERR_BASE] =
			"Map-Reply without a record for the EID requested",
		[LISP_ITR_ERR_NOMEM - LISP_ITR_ERR_BASE] = "out of memory",
		[LISP_ITR_ERR_WRONG_SOURCE - LISP_ITR_ERR_BASE] =
			"RLOC-probe answer not from the RLOC probed",
		[LISP_ITR_ERR_AUTH - LISP_ITR_ERR_BASE] =
			"Map-Notify not signed with the map-server's key",
		[LISP_ITR_ERR_OLD_NONCE - LISP_ITR_ERR_BASE] =
			"publication not newer than the last taken",
		[LISP_ITR_ERR_NOT_SUBSCRIBED - LISP_ITR_ERR_BASE] =
			"Map-Notify for no subscription of this xTR",
	};

	if (err < 0)
		err = -err;
	if (err >= LISP_ITR_ERR_BASE && err < LISP_ITR_ERR_MAX)
		return msg[err - LISP_ITR_ERR_BASE];
	return lisp_strerror(err);
}

const char *lisp_itr_refresh_str(enum lisp_itr_refresh_decision d)
{
	switch (d) {
	case LISP_ITR_REFRESH_NOT_YET:
		return "not-yet";
	case LISP_ITR_REFRESH_NOW:
		return "refresh";
	case LISP_ITR_REFRESH_LET_EXPIRE:
		return "let-expire";
	case LISP_ITR_REFRESH_NEVER:
		return "never";
	}
	return "?";
}
