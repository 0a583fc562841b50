// SPDX-License-Identifier: GPL-2.0
/* Text and JSON output of "lispd lig". */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "lig_fmt.h"

#define LOC_COL		20	/* width of the Locator column */

struct out {
	char *buf;
	size_t len;
	size_t pos;		/* past len: overflowed */
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL,
		      o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static int finish(const struct out *o)
{
	return o->pos < o->len ? (int)o->pos : -LISP_ERR_NO_SPACE;
}

/* A JSON string literal; control characters escaped. */
static void put_json_str(struct out *o, const char *s)
{
	put(o, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20)
			put(o, "\\u%04x", c);
		else
			put(o, "%c", c);
	}
	put(o, "\"");
}

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
	struct out o = { buf, len, 0 };

	put(&o, "Send map-request to %s for %s ...\n", resolver, eid);
	return finish(&o);
}

static void text_record(struct out *o, const struct lisp_record *r)
{
	char pfx[LISP_ADDR_STRLEN], loc[LISP_ADDR_STRLEN];
	unsigned int i;

	prefix_str(r, pfx, sizeof(pfx));
	put(o, "%s,  record ttl: %" PRIu32 ", auth bit: %d, mobile bit: 0\n",
	    pfx, r->ttl, r->authoritative);
	if (!r->nloc) {
		put(o, "  Negative cache entry, action: %s\n",
		    lisp_act_str(r->act));
		return;
	}
	put(o, "  %-*s%s\n", LOC_COL, "Locator", "State   Priority/Weight");
	for (i = 0; i < r->nloc; i++) {
		const struct lisp_locator *l = &r->loc[i];

		addr_str(&l->addr, loc, sizeof(loc));
		/* A locator wider than its column still gets a space. */
		put(o, "  %-*s %-5s%10u/%u\n", LOC_COL - 1, loc,
		    l->reachable ? "up" : "down", l->priority, l->weight);
	}
}

static void json_locator(struct out *o, const struct lisp_locator *l)
{
	char loc[LISP_ADDR_STRLEN];

	addr_str(&l->addr, loc, sizeof(loc));
	put(o, "{\"locator\":");
	put_json_str(o, loc);
	put(o, ",\"state\":\"%s\",\"priority\":%u,\"weight\":%u,"
	    "\"mpriority\":%u,\"mweight\":%u,\"local\":%s,\"probed\":%s}",
	    l->reachable ? "up" : "down", l->priority, l->weight,
	    l->mpriority, l->mweight, l->local ? "true" : "false",
	    l->probed ? "true" : "false");
}

static void json_record(struct out *o, const struct lisp_record *r)
{
	char pfx[LISP_ADDR_STRLEN];
	unsigned int i;

	prefix_str(r, pfx, sizeof(pfx));
	put(o, "{\"eid_prefix\":");
	put_json_str(o, pfx);
	put(o, ",\"ttl\":%" PRIu32 ",\"authoritative\":%s,"
	    "\"map_version\":%u,\"action\":\"%s\",\"locators\":[",
	    r->ttl, r->authoritative ? "true" : "false", r->map_version,
	    lisp_act_str(r->act));
	for (i = 0; i < r->nloc; i++) {
		if (i)
			put(o, ",");
		json_locator(o, &r->loc[i]);
	}
	put(o, "]}");
}

int lig_fmt_reply(const struct lig_answer *a, bool json, char *buf,
		  size_t len)
{
	const struct lisp_map_reply *rep = a->reply;
	struct out o = { buf, len, 0 };
	unsigned int i;

	if (json) {
		put(&o, "{\"eid\":");
		put_json_str(&o, a->eid);
		put(&o, ",\"map_resolver\":");
		put_json_str(&o, a->resolver);
		put(&o, ",\"reply_from\":");
		put_json_str(&o, a->from);
		put(&o, ",\"rtt\":%.5f,\"nonce\":\"0x%016" PRIx64 "\","
		    "\"records\":[", a->rtt_s, rep->nonce);
		for (i = 0; i < rep->nrec; i++) {
			if (i)
				put(&o, ",");
			json_record(&o, &rep->rec[i]);
		}
		put(&o, "]}\n");
		return finish(&o);
	}
	put(&o, "Received map-reply from %s with rtt %.5f secs\n", a->from,
	    a->rtt_s);
	for (i = 0; i < rep->nrec; i++) {
		put(&o, "\nMapping entry for EID '%s':\n", a->eid);
		text_record(&o, &rep->rec[i]);
	}
	return finish(&o);
}

int lig_fmt_timeout(const char *resolver, const char *eid,
		    unsigned int tries, bool json, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (json) {
		put(&o, "{\"eid\":");
		put_json_str(&o, eid);
		put(&o, ",\"map_resolver\":");
		put_json_str(&o, resolver);
		put(&o, ",\"error\":\"no map-reply\",\"tries\":%u}\n", tries);
	} else {
		put(&o, "*** No map-reply received from %s for %s after %u "
		    "map-request%s ***\n", resolver, eid, tries,
		    tries == 1 ? "" : "s");
	}
	return finish(&o);
}
