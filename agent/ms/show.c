// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Server listings for "lispd show sites | registrations", error
 * names, and the table that lets the daemon log a rejection once per
 * source.
 */
#include <stdio.h>

#include "lib/bits.h"
#include "lib/strbuf.h"
#include "ms_priv.h"

int lisp_ms_show_sites(const struct lisp_ms *ms, lisp_ms_site_fn fn,
		       void *arg)
{
	const struct lisp_ms_link *l;
	int ret;

	for (l = ms->sites.next; l != &ms->sites; l = l->next) {
		ret = fn(ms_entry(l, struct lisp_ms_site, node), arg);
		if (ret)
			return ret;
	}
	return 0;
}

int lisp_ms_show_prefixes(const struct lisp_ms_site *site,
			  lisp_ms_eid_fn fn, void *arg)
{
	const struct lisp_ms_link *l;
	int ret;

	for (l = site->eids.next; l != &site->eids; l = l->next) {
		ret = fn(ms_entry(l, struct lisp_ms_eid, node), arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int site_regs(const struct lisp_ms_site *site, lisp_ms_reg_fn fn,
		     void *arg)
{
	const struct lisp_ms_link *l;
	int ret;

	for (l = site->regs.next; l != &site->regs; l = l->next) {
		ret = fn(ms_entry(l, struct lisp_ms_reg, site_node), arg);
		if (ret)
			return ret;
	}
	return 0;
}

int lisp_ms_show_registrations(const struct lisp_ms *ms,
			       const struct lisp_ms_site *site,
			       lisp_ms_reg_fn fn, void *arg)
{
	const struct lisp_ms_link *l;
	int ret;

	if (site)
		return site_regs(site, fn, arg);
	for (l = ms->sites.next; l != &ms->sites; l = l->next) {
		ret = site_regs(ms_entry(l, struct lisp_ms_site, node), fn,
				arg);
		if (ret)
			return ret;
	}
	return 0;
}

int lisp_ms_reg_record(const struct lisp_ms_reg *reg, struct lisp_record *out)
{
	int n = lisp_record_parse(reg->rec, reg->rec_len, out);

	return n < 0 ? n : 0;
}

/* Seconds since t, or "never". */
static void age_append(struct strbuf *sb, uint64_t now_ms, uint64_t t)
{
	if (!t)
		strbuf_printf(sb, "never");
	else
		strbuf_printf(sb, "%llus", (unsigned long long)
			((now_ms > t ? now_ms - t : 0) / 1000));
}

/* " expires-in Ns" */
static void expires_append(struct strbuf *sb, uint64_t now_ms, uint64_t t)
{
	strbuf_printf(sb, " expires-in %llus",
		      (unsigned long long)((t > now_ms ? t - now_ms : 0) / 1000));
}

int lisp_ms_site_to_str(const struct lisp_ms_site *site, uint64_t now_ms,
			char *buf, size_t len)
{
	const struct lisp_ms_site_stats *st = &site->stats;
	struct strbuf sb = STRBUF(buf, len);

	strbuf_printf(&sb, "%s prefixes %u registered %u/%u last-register ",
		site->name, site->nprefix, site->nreg, site->max_regs);
	age_append(&sb, now_ms, site->last_register_ms);
	strbuf_printf(&sb, " registers %llu records %llu notifies %llu "
		"auth-failures %llu replayed %llu over-quota %llu refused %llu "
		"proxy-replies %llu forwards %llu unregistered %llu "
		"expired %llu moves %llu",
		(unsigned long long)st->registers,
		(unsigned long long)st->records,
		(unsigned long long)st->notifies,
		(unsigned long long)st->auth_failures,
		(unsigned long long)st->replayed,
		(unsigned long long)st->over_quota,
		(unsigned long long)st->prefix_refused,
		(unsigned long long)st->proxy_replies,
		(unsigned long long)st->forwards,
		(unsigned long long)st->unregistered,
		(unsigned long long)st->expired,
		(unsigned long long)st->moves);
	return strbuf_done(&sb);
}

int lisp_ms_reg_to_str(const struct lisp_ms_reg *reg, uint64_t now_ms,
		       char *buf, size_t len)
{
	char pfx[LISP_ADDR_STRLEN], etr[LISP_ADDR_STRLEN];
	char fwd[LISP_ADDR_STRLEN] = "none";
	struct strbuf sb = STRBUF(buf, len);

	lisp_prefix_to_str(&reg->pfx.addr, reg->pfx.plen, pfx, sizeof(pfx));
	lisp_ip_to_str(&reg->etr, etr, sizeof(etr));
	if (reg->fwd_port)
		lisp_ip_to_str(&reg->fwd, fwd, sizeof(fwd));
	strbuf_printf(&sb, "%s site %s etr %s forward-to %s xtrs %u rlocs %u "
		"ttl %llus %s%s age ", pfx, reg->site->name, etr, fwd,
		reg->nxreg, reg->nloc,
		(unsigned long long)lisp_record_ttl_s(reg->ttl),
		reg->proxy_reply ? "proxy-reply" : "forward",
		reg->want_notify ? " want-notify" : "");
	age_append(&sb, now_ms, reg->first_ms);
	expires_append(&sb, now_ms, reg->expires_ms);
	return strbuf_done(&sb);
}

int lisp_ms_xreg_to_str(const struct lisp_ms_xreg *xr, uint64_t now_ms,
			char *buf, size_t len)
{
	char id[2 * LISP_XTR_ID_LEN + 1] = "none", etr[LISP_ADDR_STRLEN];
	struct strbuf sb = STRBUF(buf, len);

	if (xr->xtr_id_present)
		hex_to_str(xr->xtr_id, LISP_XTR_ID_LEN, id);
	lisp_ip_to_str(&xr->etr, etr, sizeof(etr));
	strbuf_printf(&sb, "xtr-id %s site-id %llu etr %s port %u rlocs %u "
		"ttl %llus%s refreshed ", id, (unsigned long long)xr->site_id,
		etr, xr->etr_port, xr->nloc,
		(unsigned long long)lisp_record_ttl_s(xr->ttl),
		xr->proxy_reply ? " proxy-reply" : "");
	age_append(&sb, now_ms, xr->last_ms);
	expires_append(&sb, now_ms, xr->expires_ms);
	return strbuf_done(&sb);
}

static const char *const ms_err_text[LISP_MS_ERR_MAX - LISP_MS_ERR_BASE] = {
	[LISP_MS_ERR_MALFORMED - LISP_MS_ERR_BASE] = "malformed message",
	[LISP_MS_ERR_UNKNOWN_SITE - LISP_MS_ERR_BASE] =
		"EID prefix of no configured site",
	[LISP_MS_ERR_PREFIX - LISP_MS_ERR_BASE] =
		"more-specific EID prefix not accepted",
	[LISP_MS_ERR_AUTH - LISP_MS_ERR_BASE] = "authentication failed",
	[LISP_MS_ERR_MIXED_SITES - LISP_MS_ERR_BASE] =
		"records of sites with different keys",
	[LISP_MS_ERR_FULL - LISP_MS_ERR_BASE] = "table full",
	[LISP_MS_ERR_COVERS - LISP_MS_ERR_BASE] =
		"a more specific covering another site's prefix",
	[LISP_MS_ERR_REPLAYED - LISP_MS_ERR_BASE] =
		"nonce not newer than one accepted: a replay",
	[LISP_MS_ERR_NO_XTR_ID - LISP_MS_ERR_BASE] =
		"no xTR-ID (I bit), which the site requires",
	[LISP_MS_ERR_OVER_QUOTA - LISP_MS_ERR_BASE] =
		"the site's max-registrations reached",
	[LISP_MS_ERR_EXISTS - LISP_MS_ERR_BASE] = "already configured",
	[LISP_MS_ERR_NOT_FOUND - LISP_MS_ERR_BASE] = "not configured",
	[LISP_MS_ERR_NOMEM - LISP_MS_ERR_BASE] = "out of memory",
};

const char *lisp_ms_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= LISP_MS_ERR_BASE && err < LISP_MS_ERR_MAX)
		return ms_err_text[err - LISP_MS_ERR_BASE];
	return lisp_strerror(err);
}

static const char *const reject_names[LISP_MS_REJ_MAX] = {
	[LISP_MS_REJ_MALFORMED] = "malformed",
	[LISP_MS_REJ_UNKNOWN_SITE] = "unknown-site",
	[LISP_MS_REJ_PREFIX] = "prefix-not-allowed",
	[LISP_MS_REJ_AUTH] = "bad-auth",
	[LISP_MS_REJ_MIXED_SITES] = "mixed-sites",
	[LISP_MS_REJ_FULL] = "full",
	[LISP_MS_REJ_COVERS] = "covers-other-site",
	[LISP_MS_REJ_REPLAYED] = "replayed",
	[LISP_MS_REJ_NO_XTR_ID] = "no-xtr-id",
	[LISP_MS_REJ_OVER_QUOTA] = "over-quota",
};

const char *lisp_ms_reject_str(unsigned int reason)
{
	return reason < LISP_MS_REJ_MAX ? reject_names[reason] : "unknown";
}

const char *lisp_ms_replay_str(unsigned int mode)
{
	static const char *const names[LISP_MS_REPLAY_MAX] = {
		[LISP_MS_REPLAY_COUNTER] = "counter",
		[LISP_MS_REPLAY_REQUIRE_XTR_ID] = "require-xtr-id",
		[LISP_MS_REPLAY_WINDOW] = "window",
	};

	return mode < LISP_MS_REPLAY_MAX ? names[mode] : "unknown";
}

const char *lisp_ms_answer_str(unsigned int answer)
{
	static const char *const names[] = {
		[LISP_MS_ANS_PROXY] = "proxy-reply",
		[LISP_MS_ANS_FORWARD] = "forward",
		[LISP_MS_ANS_UNREGISTERED] = "negative-unregistered",
		[LISP_MS_ANS_NOT_EID] = "negative-not-eid",
		[LISP_MS_ANS_DROPPED] = "dropped",
		[LISP_MS_ANS_MS_FORWARD] = "map-server-forward",
		[LISP_MS_ANS_SUBSCRIBED] = "subscribed",
	};

	return answer <= LISP_MS_ANS_SUBSCRIBED ? names[answer] : "unknown";
}

int lisp_ms_err_reason(int err)
{
	if (err < 0)
		err = -err;
	if (err >= LISP_MS_ERR_BASE && err < LISP_MS_ERR_BASE + LISP_MS_REJ_MAX)
		return err - LISP_MS_ERR_BASE;
	return -1;
}

bool lisp_ms_reported(struct lisp_ms *ms, const struct lisp_ip *src,
		      unsigned int reason, uint64_t now_ms)
{
	struct lisp_ms_reported *r, *victim = &ms->reported[0];
	unsigned int i;

	for (i = 0; i < LISP_MS_REPORTED_MAX; i++) {
		r = &ms->reported[i];
		if (!r->used) {
			if (victim->used)
				victim = r;
			continue;
		}
		if (r->reason == reason && lisp_ip_equal(&r->src, src)) {
			if (now_ms - r->at_ms < LISP_MS_REPORT_FORGET_MS)
				return true;
			r->at_ms = now_ms;	/* long ago: again */
			return false;
		}
		if (victim->used && r->at_ms < victim->at_ms)
			victim = r;
	}
	/* Issue 11: a new source logs only while the window has room. */
	if (now_ms - ms->report_window_ms >= LISP_MS_REPORT_WINDOW_MS) {
		ms->report_window_ms = now_ms;
		ms->report_count = 0;
	}
	if (ms->report_count >= LISP_MS_REPORT_BURST) {
		ms->stats.reports_suppressed++;
		return true;
	}
	ms->report_count++;
	victim->used = true;
	victim->reason = (uint8_t)reason;
	victim->src = *src;
	victim->at_ms = now_ms;
	return false;
}
