// SPDX-License-Identifier: GPL-2.0
/* Text and JSON output of "lispd lig". */
#include <inttypes.h>
#include <stdio.h>

#include "lib/json.h"
#include "lib/strbuf.h"
#include "lig_fmt.h"

#define LOC_COL		20	/* width of the Locator column */

static void addr_str(const struct lisp_addr *a, char *buf, size_t len)
{
	if (lisp_addr_to_str(a, buf, len) < 0)
		snprintf(buf, len, "?");
}

static void prefix_str(const struct lisp_record *r, char *buf, size_t len)
{
	if (lisp_prefix_to_str(&r->eid, r->eid_mask_len, buf, len) < 0)
		snprintf(buf, len, "?");
}

int lig_fmt_send(const char *resolver, const char *eid, char *buf,
		 size_t len)
{
	struct strbuf o = STRBUF(buf, len);

	strbuf_printf(&o, "Send map-request to %s for %s ...\n", resolver, eid);
	return strbuf_done(&o);
}

static void text_record(struct strbuf *o, const struct lisp_record *r)
{
	char pfx[LISP_ADDR_STRLEN], loc[LISP_ADDR_STRLEN];
	unsigned int i;

	prefix_str(r, pfx, sizeof(pfx));
	strbuf_printf(o, "%s,  record ttl: %" PRIu64 "s, auth bit: %d, "
	    "mobile bit: 0\n", pfx, lisp_record_ttl_s(r->ttl),
	    r->authoritative);
	if (!r->nloc) {
		strbuf_printf(o, "  Negative cache entry, action: %s\n",
		    lisp_act_str(r->act));
		return;
	}
	strbuf_printf(o, "  %-*s%s\n", LOC_COL, "Locator", "State   Priority/Weight");
	for (i = 0; i < r->nloc; i++) {
		const struct lisp_locator *l = &r->loc[i];

		addr_str(&l->addr, loc, sizeof(loc));
		/* A locator wider than its column still gets a space. */
		strbuf_printf(o, "  %-*s %-5s%10u/%u\n", LOC_COL - 1, loc,
		    l->reachable ? "up" : "down", l->priority, l->weight);
	}
}

static void json_locator(struct strbuf *o, const struct lisp_locator *l)
{
	char loc[LISP_ADDR_STRLEN];

	addr_str(&l->addr, loc, sizeof(loc));
	strbuf_printf(o, "{\"locator\":");
	json_strbuf_string(o, loc);
	strbuf_printf(o, ",\"state\":\"%s\",\"priority\":%u,\"weight\":%u,"
	    "\"mpriority\":%u,\"mweight\":%u,\"local\":%s,\"probed\":%s}",
	    l->reachable ? "up" : "down", l->priority, l->weight,
	    l->mpriority, l->mweight, l->local ? "true" : "false",
	    l->probed ? "true" : "false");
}

static void json_record(struct strbuf *o, const struct lisp_record *r)
{
	char pfx[LISP_ADDR_STRLEN];
	unsigned int i;

	prefix_str(r, pfx, sizeof(pfx));
	strbuf_printf(o, "{\"eid_prefix\":");
	json_strbuf_string(o, pfx);
	strbuf_printf(o, ",\"ttl_s\":%" PRIu64 ",\"authoritative\":%s,"
	    "\"map_version\":%u,\"action\":\"%s\",\"locators\":[",
	    lisp_record_ttl_s(r->ttl), r->authoritative ? "true" : "false",
	    r->map_version, lisp_act_str(r->act));
	for (i = 0; i < r->nloc; i++) {
		if (i)
			strbuf_printf(o, ",");
		json_locator(o, &r->loc[i]);
	}
	strbuf_printf(o, "]}");
}

int lig_fmt_reply(const struct lig_answer *a, bool json, char *buf,
		  size_t len)
{
	const struct lisp_map_reply *rep = a->reply;
	struct strbuf o = STRBUF(buf, len);
	unsigned int i;

	if (json) {
		strbuf_printf(&o, "{\"eid\":");
		json_strbuf_string(&o, a->eid);
		strbuf_printf(&o, ",\"map_resolver\":");
		json_strbuf_string(&o, a->resolver);
		strbuf_printf(&o, ",\"reply_from\":");
		json_strbuf_string(&o, a->from);
		strbuf_printf(&o, ",\"rtt\":%.5f,\"nonce\":\"0x%016" PRIx64 "\","
		    "\"records\":[", a->rtt_s, rep->nonce);
		for (i = 0; i < rep->nrec; i++) {
			if (i)
				strbuf_printf(&o, ",");
			json_record(&o, &rep->rec[i]);
		}
		strbuf_printf(&o, "]}\n");
		return strbuf_done(&o);
	}
	strbuf_printf(&o, "Received map-reply from %s with rtt %.5f secs\n", a->from,
	    a->rtt_s);
	for (i = 0; i < rep->nrec; i++) {
		strbuf_printf(&o, "\nMapping entry for EID '%s':\n", a->eid);
		text_record(&o, &rep->rec[i]);
	}
	return strbuf_done(&o);
}

int lig_fmt_timeout(const char *resolver, const char *eid,
		    unsigned int tries, bool json, char *buf, size_t len)
{
	struct strbuf o = STRBUF(buf, len);

	if (json) {
		strbuf_printf(&o, "{\"eid\":");
		json_strbuf_string(&o, eid);
		strbuf_printf(&o, ",\"map_resolver\":");
		json_strbuf_string(&o, resolver);
		strbuf_printf(&o, ",\"error\":\"no map-reply\",\"tries\":%u}\n", tries);
	} else {
		strbuf_printf(&o, "*** No map-reply received from %s for %s after %u "
		    "map-request%s ***\n", resolver, eid, tries,
		    tries == 1 ? "" : "s");
	}
	return strbuf_done(&o);
}
