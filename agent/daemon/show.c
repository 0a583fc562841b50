// SPDX-License-Identifier: GPL-2.0
/*
 * The control commands lispd serves: "show sites | registrations |
 * map-servers | itr | rlocs | subscriptions | map-resolver | etr |
 * dynamic-eids | daemon-stats | moved [-j]", "reload" and "rloc ADDR
 * up|down".  Text for people, -j for programs (one JSON document), both
 * from the same lib/print.h calls.  Listings stop at LISPD_CTL_OUT_MAX
 * bytes, still well-formed.
 */
#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "itr/probe.h"
#include "lib/bits.h"
#include "lib/print.h"

struct show {
	struct lispd *d;
	struct printer p;
	uint64_t now;
};

static bool full(const struct show *s)
{
	return ftell(s->p.f) > LISPD_CTL_OUT_MAX;
}

static bool text(const struct show *s)
{
	return !print_is_json(&s->p);
}

/* Seconds since t: "key":N or null; text " label Ns ago" or " label never". */
static void print_age(struct show *s, const char *key, const char *label,
		      uint64_t t)
{
	enum output_type both = label ? PRINT_ANY : PRINT_JSON;
	char fmt[64];

	if (!t) {
		snprintf(fmt, sizeof(fmt), " %s never", label ? label : "");
		print_null(&s->p, both, key, fmt);
		return;
	}
	snprintf(fmt, sizeof(fmt), " %s %%llus ago", label ? label : "");
	print_uint(&s->p, both, key, fmt,
		   (s->now > t ? s->now - t : 0) / 1000);
}

/* JSON: "prefix":"10.0.0.0/8" and, in an Instance-ID LCAF, "iid":N. */
static void json_prefix(struct show *s, const struct lisp_addr *eid,
			unsigned int plen)
{
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN + 8];

	snprintf(p, sizeof(p), "%s/%u", lispd_ip_str(&eid->ip[0], a), plen);
	print_string(&s->p, PRINT_JSON, "prefix", NULL, p);
	if (eid->kind == LISP_ADDR_IID)
		print_uint(&s->p, PRINT_JSON, "iid", NULL, eid->iid);
}

/* name/value pairs: "title":{"a":1,...} or "title:" and "  a  1" lines. */
static void counters(struct show *s, const char *title,
		     const char *const *names, const uint64_t *v,
		     unsigned int n)
{
	unsigned int i;

	print_open_object(&s->p, title);
	print_raw(&s->p, PRINT_FP, "%s:\n", title);
	for (i = 0; i < n; i++) {
		print_uint(&s->p, PRINT_JSON, names[i], NULL, v[i]);
		print_raw(&s->p, PRINT_FP, "  %-24s %llu\n", names[i],
			  (unsigned long long)v[i]);
	}
	print_close_object(&s->p);
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- show sites ---- */

static int site_prefix(const struct lisp_ms_eid *e, void *arg)
{
	struct show *s = arg;
	char p[LISP_ADDR_STRLEN];

	print_open_object(&s->p, NULL);
	json_prefix(s, &e->pfx.addr, e->pfx.plen);
	if (text(s)) {
		lisp_prefix_to_str(&e->pfx.addr, e->pfx.plen, p, sizeof(p));
		print_raw(&s->p, PRINT_FP, "    prefix %s%s", p,
			  e->accept_more_specifics ?
			  " accept-more-specifics" : "");
	}
	print_bool(&s->p, PRINT_JSON, "accept_more_specifics", NULL,
		   e->accept_more_specifics);
	print_uint(&s->p, PRINT_ANY, "registered", " registered %llu\n",
		   e->nreg);
	print_close_object(&s->p);
	return 0;
}

static int show_site(const struct lisp_ms_site *site, void *arg)
{
	const struct lisp_ms_site_stats *st = &site->stats;
	static const char *const stat_names[] = {
		"registers", "records", "deregisters", "expired", "notifies",
		"auth_failures", "replayed", "over_quota", "prefix_refused",
		"proxy_replies", "forwards", "unregistered", "moves",
	};
	const uint64_t stat_values[] = {
		st->registers, st->records, st->deregisters, st->expired,
		st->notifies, st->auth_failures, st->replayed, st->over_quota,
		st->prefix_refused, st->proxy_replies, st->forwards,
		st->unregistered, st->moves,
	};
	struct show *s = arg;
	char line[1024], a[LISP_ADDR_STRLEN];
	unsigned int i;

	if (full(s))
		return 1;
	print_open_object(&s->p, NULL);
	print_string(&s->p, PRINT_JSON, "name", NULL, site->name);
	if (text(s)) {
		if (lisp_ms_site_to_str(site, s->now, line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "%s", site->name);
		print_raw(&s->p, PRINT_FP, "%s\n   ", line);
	}
	print_open_array(&s->p, "keys");
	for (i = 0; i < site->nkeys; i++) {
		print_open_object(&s->p, NULL);
		print_uint(&s->p, PRINT_ANY, "key_id", " key-id %llu",
			   site->key[i].key_id);
		print_string(&s->p, PRINT_ANY, "key_type", " %s",
			     lispd_key_type_str(site->key[i].alg_id));
		print_close_object(&s->p);
	}
	print_close_array(&s->p);
	print_string(&s->p, PRINT_ANY, "anti_replay", " anti-replay %s\n",
		     lisp_ms_replay_str(site->replay));
	print_open_array(&s->p, "prefixes");
	lisp_ms_show_prefixes(site, site_prefix, s);
	print_close_array(&s->p);
	if (text(s))
		return 0;
	print_uint(&s->p, PRINT_JSON, "registered", NULL, site->nreg);
	print_uint(&s->p, PRINT_JSON, "max_registrations", NULL,
		   site->max_regs);
	print_age(s, "last_register_s", NULL, site->last_register_ms);
	if (site->last_register_ms)
		print_string(&s->p, PRINT_JSON, "last_etr", NULL,
			     lispd_ip_str(&site->last_etr, a));
	else
		print_null(&s->p, PRINT_JSON, "last_etr", NULL);
	print_open_object(&s->p, "stats");
	for (i = 0; i < NELEM(stat_names); i++)
		print_uint(&s->p, PRINT_JSON, stat_names[i], NULL,
			   stat_values[i]);
	print_close_object(&s->p);
	print_close_object(&s->p);
	return 0;
}

static void show_sites(struct show *s)
{
	print_open_array(&s->p, NULL);
	if (!s->d->ms->nsites)
		print_raw(&s->p, PRINT_FP,
			  "no sites (this lispd is no map-server)\n");
	lisp_ms_show_sites(s->d->ms, show_site, s);
	print_close_array(&s->p);
}

/* ---- show registrations ---- */

static void reg_rlocs(struct show *s, const struct lisp_ms_reg *reg)
{
	struct lisp_record *rec = &s->d->mrep->rec[0];
	char a[LISP_ADDR_STRLEN];
	unsigned int i;

	if (lisp_ms_reg_record(reg, rec))
		rec->nloc = 0;
	for (i = 0; i < rec->nloc; i++) {
		const struct lisp_locator *l = &rec->loc[i];

		lisp_addr_to_str(&l->addr, a, sizeof(a));
		print_open_object(&s->p, NULL);
		print_string(&s->p, PRINT_ANY, "rloc", "    rloc %s", a);
		print_uint(&s->p, PRINT_ANY, "priority", " priority %llu",
			   l->priority);
		print_uint(&s->p, PRINT_ANY, "weight", " weight %llu",
			   l->weight);
		print_bool(&s->p, PRINT_JSON, "reachable", NULL, l->reachable);
		print_raw(&s->p, PRINT_FP, "%s\n",
			  l->reachable ? "" : " unreachable");
		print_close_object(&s->p);
	}
}

/* "expires_in_s":N, seconds from now to t. */
static void json_expires(struct show *s, uint64_t t)
{
	print_uint(&s->p, PRINT_JSON, "expires_in_s", NULL,
		   (t > s->now ? t - s->now : 0) / 1000);
}

/* "forward_to":"ADDR","forward_port":N, or both null (port 0). */
static void json_forward(struct show *s, const struct lisp_ip *ip,
			 uint16_t port)
{
	char a[LISP_ADDR_STRLEN];

	if (port) {
		print_string(&s->p, PRINT_JSON, "forward_to", NULL,
			     lispd_ip_str(ip, a));
		print_uint(&s->p, PRINT_JSON, "forward_port", NULL, port);
	} else {
		print_null(&s->p, PRINT_JSON, "forward_to", NULL);
		print_null(&s->p, PRINT_JSON, "forward_port", NULL);
	}
}

/* The xTRs that registered reg (issue 11: merged by xTR-ID). */
static void reg_xtrs(struct show *s, const struct lisp_ms_reg *reg)
{
	char line[512], a[LISP_ADDR_STRLEN], id[2 * LISP_XTR_ID_LEN + 1];
	const struct lisp_ms_xreg *xr;

	for (xr = reg->xregs; xr; xr = xr->next) {
		print_open_object(&s->p, NULL);
		if (text(s) &&
		    lisp_ms_xreg_to_str(xr, s->now, line, sizeof(line)) > 0)
			print_raw(&s->p, PRINT_FP, "    %s\n", line);
		if (xr->xtr_id_present) {
			hex_to_str(xr->xtr_id, LISP_XTR_ID_LEN, id);
			print_string(&s->p, PRINT_JSON, "xtr_id", NULL, id);
		} else {
			print_null(&s->p, PRINT_JSON, "xtr_id", NULL);
		}
		print_uint(&s->p, PRINT_JSON, "site_id", NULL, xr->site_id);
		print_string(&s->p, PRINT_JSON, "etr", NULL,
			     lispd_ip_str(&xr->etr, a));
		print_uint(&s->p, PRINT_JSON, "etr_port", NULL, xr->etr_port);
		json_forward(s, &xr->fwd, xr->fwd_port);
		print_bool(&s->p, PRINT_JSON, "proxy_reply", NULL,
			   xr->proxy_reply);
		print_uint(&s->p, PRINT_JSON, "ttl_s", NULL,
			   lisp_record_ttl_s(xr->ttl));
		print_uint(&s->p, PRINT_JSON, "rlocs", NULL, xr->nloc);
		print_age(s, "refreshed_s", NULL, xr->last_ms);
		json_expires(s, xr->expires_ms);
		print_close_object(&s->p);
	}
}

static int show_reg(const struct lisp_ms_reg *reg, void *arg)
{
	struct show *s = arg;
	char line[1024], a[LISP_ADDR_STRLEN];

	if (full(s))
		return 1;
	print_open_object(&s->p, NULL);
	if (text(s)) {
		if (lisp_ms_reg_to_str(reg, s->now, line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "(too long)");
		print_raw(&s->p, PRINT_FP, "%s\n", line);
	}
	json_prefix(s, &reg->pfx.addr, reg->pfx.plen);
	print_string(&s->p, PRINT_JSON, "site", NULL, reg->site->name);
	print_string(&s->p, PRINT_JSON, "etr", NULL,
		     lispd_ip_str(&reg->etr, a));
	print_uint(&s->p, PRINT_JSON, "etr_port", NULL, reg->etr_port);
	json_forward(s, &reg->fwd, reg->fwd_port);
	print_uint(&s->p, PRINT_JSON, "ttl_s", NULL,
		   lisp_record_ttl_s(reg->ttl));
	print_bool(&s->p, PRINT_JSON, "proxy_reply", NULL, reg->proxy_reply);
	print_bool(&s->p, PRINT_JSON, "want_notify", NULL, reg->want_notify);
	print_age(s, "age_s", NULL, reg->first_ms);
	print_age(s, "refreshed_s", NULL, reg->last_ms);
	json_expires(s, reg->expires_ms);
	print_open_array(&s->p, "rlocs");
	reg_rlocs(s, reg);
	print_close_array(&s->p);
	print_open_array(&s->p, "xtrs");
	reg_xtrs(s, reg);
	print_close_array(&s->p);
	print_close_object(&s->p);
	return 0;
}

static void show_registrations(struct show *s)
{
	print_open_array(&s->p, NULL);
	if (!s->d->ms->nreg)
		print_raw(&s->p, PRINT_FP, "no registrations\n");
	lisp_ms_show_registrations(s->d->ms, NULL, show_reg, s);
	print_close_array(&s->p);
}

/* ---- show map-servers ---- */

static void show_map_servers(struct show *s)
{
	const struct lispd_ms_peer *p;
	char a[LISP_ADDR_STRLEN];
	unsigned int i;

	print_open_array(&s->p, NULL);
	if (!s->d->etr.npeer)
		print_raw(&s->p, PRINT_FP, "no map-servers\n");
	for (i = 0; i < s->d->etr.npeer; i++) {
		p = &s->d->etr.peer[i];
		print_open_object(&s->p, NULL);
		print_string(&s->p, PRINT_ANY, "address", "%s",
			     lispd_ip_str(&p->cfg.addr, a));
		print_uint(&s->p, PRINT_ANY, "port", " port %llu", p->cfg.port);
		print_uint(&s->p, PRINT_ANY, "key_id", " key-id %llu",
			   p->cfg.key.key_id);
		print_string(&s->p, PRINT_ANY, "key_type", " %s:",
			     lispd_key_type_str(p->cfg.key.alg_id));
		print_uint(&s->p, PRINT_ANY, "registers_sent",
			   " registers %llu", p->registers_sent);
		print_uint(&s->p, PRINT_ANY, "send_errors", " (errors %llu)",
			   p->send_errors);
		print_age(s, "last_register_s", "last-register",
			  p->last_register_ms);
		print_uint(&s->p, PRINT_FP, NULL, "\n    map-notifies %llu",
			   p->notifies);
		print_age(s, "last_notify_s", "last", p->last_notify_ms);
		print_uint(&s->p, PRINT_JSON, "notifies", NULL, p->notifies);
		print_uint(&s->p, PRINT_ANY, "notify_bad_auth", " bad-auth %llu",
			   p->notify_bad_auth);
		print_uint(&s->p, PRINT_ANY, "notify_bad_nonce",
			   " bad-nonce %llu", p->notify_bad_nonce);
		print_uint(&s->p, PRINT_ANY, "notify_malformed",
			   " malformed %llu\n", p->notify_malformed);
		print_close_object(&s->p);
	}
	print_close_array(&s->p);
}

/* ---- show itr (was map-resolvers) ---- */

static void show_itr(struct show *s)
{
	const struct lispd_conf *c = s->d->conf;
	char a[LISP_ADDR_STRLEN];
	unsigned int i;

	print_open_object(&s->p, NULL);
	print_open_array(&s->p, "map_resolvers");
	for (i = 0; i < c->nmr; i++) {
		print_open_object(&s->p, NULL);
		print_string(&s->p, PRINT_ANY, "address", "map-resolver %s",
			     lispd_ip_str(&c->mr[i].addr, a));
		print_uint(&s->p, PRINT_ANY, "port", " port %llu\n",
			   c->mr[i].port);
		print_close_object(&s->p);
	}
	print_close_array(&s->p);
	print_open_array(&s->p, "itr_devices");
	for (i = 0; i < c->nitr; i++) {
		print_open_object(&s->p, NULL);
		print_string(&s->p, PRINT_ANY, "dev", "itr dev %s",
			     c->itr[i].dev);
		print_bool(&s->p, PRINT_JSON, "pitr", NULL, c->itr[i].pitr);
		print_raw(&s->p, PRINT_FP, "%s\n", c->itr[i].pitr ? " pitr" : "");
		print_close_object(&s->p);
	}
	print_close_array(&s->p);
	print_bool(&s->p, PRINT_JSON, "resolving", NULL, s->d->itr.resolver);
	if (text(s) && !c->nmr && !c->nitr)
		print_raw(&s->p, PRINT_FP, "no map-resolvers, no itr devices\n");
	else
		lispd_itr_show(s->d, &s->p);
	print_close_object(&s->p);
}

/* ---- show rlocs: the RLOCs the ITR probes ---- */

/* Milliseconds since t: "key":N or null; text " label N.Ns ago" or never. */
static void print_ago_ms(struct show *s, const char *key, const char *label,
			 uint64_t t)
{
	uint64_t ms = s->now > t ? s->now - t : 0;

	if (!t) {
		print_null(&s->p, PRINT_JSON, key, NULL);
		print_raw(&s->p, PRINT_FP, " %s never", label);
		return;
	}
	print_uint(&s->p, PRINT_JSON, key, NULL, ms);
	print_raw(&s->p, PRINT_FP, " %s %llu.%llus ago", label,
		  (unsigned long long)(ms / 1000),
		  (unsigned long long)(ms % 1000 / 100));
}

/* " iid N" if any, " dev NAME" (JSON null if the device is gone). */
static void print_iid_dev(struct show *s, bool has_iid, uint32_t iid,
			  const char *dev)
{
	if (has_iid)
		print_uint(&s->p, PRINT_ANY, "iid", " iid %llu", iid);
	if (dev)
		print_string(&s->p, PRINT_ANY, "dev", " dev %s", dev);
	else
		print_null(&s->p, PRINT_JSON, "dev", NULL);
}

static int rloc_show(const struct lisp_probe_info *i, void *arg)
{
	struct show *s = arg;
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN + 24];
	const char *dev = lispd_itr_dev_name(s->d, i->dev);

	if (full(s))
		return 1;
	print_open_object(&s->p, NULL);
	print_string(&s->p, PRINT_ANY, "rloc", "%s", lispd_ip_str(&i->rloc, a));
	print_string(&s->p, PRINT_ANY, "state", " %s",
		     lisp_probe_state_str(i->state));
	print_bool(&s->p, PRINT_JSON, "kernel_down", NULL, i->kernel_down);
	if (i->state == LISP_PROBE_DOWN && !i->kernel_down)
		print_raw(&s->p, PRINT_FP, " (held up: no other locator)");
	print_bool(&s->p, PRINT_JSON, "answered", NULL, i->answered);
	if (i->answered)
		print_uint(&s->p, PRINT_ANY, "rtt_ms", " rtt %llums", i->rtt_ms);
	else
		print_null(&s->p, PRINT_ANY, "rtt_ms", " rtt -");
	print_uint(&s->p, PRINT_ANY, "misses", " misses %llu", i->misses);
	print_uint(&s->p, PRINT_ANY, "probes", " probes %llu", i->sent);
	print_uint(&s->p, PRINT_ANY, "replies", " replies %llu\n   ",
		   i->replies);
	print_ago_ms(s, "last_probe_ms", "last-probe", i->last_sent_ms);
	print_ago_ms(s, "last_reply_ms", "last-reply", i->last_reply_ms);
	print_ago_ms(s, "last_change_ms", "changed", i->changed_ms);
	print_bool(&s->p, PRINT_JSON, "waiting", NULL, i->waiting);
	print_uint(&s->p, PRINT_JSON, "next_ms", NULL,
		   i->next_ms > s->now ? i->next_ms - s->now : 0);
	snprintf(p, sizeof(p), "%s/%u", lispd_ip_str(&i->eid, a), i->plen);
	print_string(&s->p, PRINT_ANY, "probe_eid", "\n    probe-eid %s", p);
	print_iid_dev(s, i->has_iid, i->iid, dev);
	print_raw(&s->p, PRINT_FP, "\n");
	print_close_object(&s->p);
	return 0;
}

static void show_rlocs(struct show *s)
{
	const struct lispd_conf *c = s->d->conf;
	const struct lisp_probe *pr = s->d->itr.probe;

	print_open_object(&s->p, NULL);
	print_bool(&s->p, PRINT_JSON, "probing", NULL, pr);
	print_uint(&s->p, PRINT_JSON, "interval_s", NULL, c->probe_interval_s);
	print_uint(&s->p, PRINT_JSON, "retries", NULL, c->probe_retries);
	print_uint(&s->p, PRINT_JSON, "retry_interval_s", NULL,
		   c->probe_retry_s);
	if (!pr) {
		print_raw(&s->p, PRINT_FP, "rloc-probing off%s\n",
			  c->probe_off ? "" : " (no itr devices)");
	} else {
		print_raw(&s->p, PRINT_FP, "rloc-probing interval %us retries "
			  "%u retry-interval %us: %u rloc%s\n",
			  c->probe_interval_s, c->probe_retries,
			  c->probe_retry_s, lisp_probe_count(pr),
			  lisp_probe_count(pr) == 1 ? "" : "s");
	}
	print_open_array(&s->p, "rlocs");
	if (pr)
		lisp_probe_walk(pr, rloc_show, s);
	print_close_array(&s->p);
	print_close_object(&s->p);
}

/* ---- show subscriptions: what the ITR subscribed to (RFC 9437) ---- */

static int sub_show(const struct lisp_itr_sub_info *i, void *arg)
{
	struct show *s = arg;
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN + 24];
	const char *dev = lispd_itr_dev_name(s->d, i->dev);
	uint64_t left = i->expires_ms > s->now ? i->expires_ms - s->now : 0;

	if (full(s))
		return 1;
	print_open_object(&s->p, NULL);
	snprintf(p, sizeof(p), "%s/%u", lispd_ip_str(&i->eid, a), i->plen);
	print_string(&s->p, PRINT_ANY, "eid", "%s", p);
	print_iid_dev(s, i->has_iid, i->iid, dev);
	print_string(&s->p, PRINT_ANY, "map_server", " map-server %s",
		     lispd_ip_str(&i->ms, a));
	snprintf(p, sizeof(p), "0x%016llx", (unsigned long long)i->nonce);
	print_string(&s->p, PRINT_ANY, "nonce", " nonce %s", p);
	print_uint(&s->p, PRINT_ANY, "publications", " publications %llu",
		   i->publications);
	print_ago_ms(s, "since_ms", "since", i->since_ms);
	print_ago_ms(s, "last_ms", "last", i->last_ms);
	print_uint(&s->p, PRINT_ANY, "expires_s", " expires %llus",
		   left / 1000);
	print_raw(&s->p, PRINT_FP, "\n");
	print_close_object(&s->p);
	return 0;
}

static void show_subscriptions(struct show *s)
{
	const struct lisp_itr *itr = s->d->itr.resolver;
	bool on = itr && lisp_itr_config(itr)->subscribe;
	unsigned int n = itr ? lisp_itr_nsubs(itr, s->now) : 0;

	print_open_object(&s->p, NULL);
	print_bool(&s->p, PRINT_JSON, "subscribe", NULL, on);
	print_raw(&s->p, PRINT_FP, "itr subscribe %s: %u subscription%s\n",
		  on ? "on" : "off", n, n == 1 ? "" : "s");
	print_open_array(&s->p, "subscriptions");
	if (itr)
		lisp_itr_subs_walk(itr, s->now, sub_show, s);
	print_close_array(&s->p);
	print_close_object(&s->p);
}

/* ---- show map-resolver: this node as a Map-Resolver ---- */

static int route_show(const struct lisp_ms_route *r, void *arg)
{
	struct show *s = arg;
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN];

	if (full(s))
		return 1;
	lispd_ip_str(&r->ms_addr, a);
	print_open_object(&s->p, NULL);
	json_prefix(s, &r->pfx.addr, r->pfx.plen);
	print_string(&s->p, PRINT_JSON, "map_server", NULL, a);
	print_uint(&s->p, PRINT_JSON, "port", NULL, r->port);
	print_uint(&s->p, PRINT_JSON, "forwards", NULL, r->forwards);
	if (text(s)) {
		lisp_prefix_to_str(&r->pfx.addr, r->pfx.plen, p, sizeof(p));
		print_raw(&s->p, PRINT_FP, "forward %s to %s port %u, %llu "
			  "record%s sent on\n", p, a, r->port,
			  (unsigned long long)r->forwards,
			  r->forwards == 1 ? "" : "s");
	}
	print_close_object(&s->p);
	return 0;
}

/* This node as a Map-Resolver: on or off, and where it sends what. */
static void show_map_resolver(struct show *s)
{
	const struct lispd_conf *c = s->d->conf;
	const struct lisp_ms_stats *st = &s->d->ms->stats;

	print_open_object(&s->p, NULL);
	print_bool(&s->p, PRINT_JSON, "enabled", NULL, c->map_resolver);
	print_uint(&s->p, PRINT_JSON, "local_sites", NULL, c->nsite);
	print_uint(&s->p, PRINT_JSON, "requests", NULL, st->requests);
	print_uint(&s->p, PRINT_JSON, "map_server_forwards", NULL,
		   st->ms_forwards);
	print_uint(&s->p, PRINT_JSON, "forward_ttl_expired", NULL,
		   st->fwd_ttl_expired);
	print_uint(&s->p, PRINT_JSON, "negative_not_eid", NULL,
		   st->neg_not_eid);
	print_raw(&s->p, PRINT_FP, "map-resolver %s, %u local site%s, %llu "
		  "request%s, %llu record%s sent on to map-servers\n",
		  c->map_resolver ? "enabled" : "disabled", c->nsite,
		  c->nsite == 1 ? "" : "s", (unsigned long long)st->requests,
		  st->requests == 1 ? "" : "s",
		  (unsigned long long)st->ms_forwards,
		  st->ms_forwards == 1 ? "" : "s");
	print_open_array(&s->p, "forwards");
	lisp_ms_show_routes(s->d->ms, route_show, s);
	print_close_array(&s->p);
	print_close_object(&s->p);
}

/* ---- show etr (was database): the ETR's database ---- */

static const char *kstate_str(enum lispd_db_kstate k)
{
	switch (k) {
	case LISPD_DB_K_INSTALLED:
		return "installed";
	case LISPD_DB_K_FAILED:
		return "failed";
	case LISPD_DB_K_NONE:
		break;
	}
	return "off";
}

static void db_entry(struct show *s, const struct lispd_db_entry *e)
{
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN + 8];
	unsigned int i;

	snprintf(p, sizeof(p), "%s/%u", lispd_ip_str(&e->cfg.eid, a),
		 e->cfg.plen);
	print_open_object(&s->p, NULL);
	if (e->cfg.dev[0]) {
		print_string(&s->p, PRINT_JSON, "dev", NULL, e->cfg.dev);
		print_raw(&s->p, PRINT_FP, "%s dev %s", p, e->cfg.dev);
	} else {
		print_null(&s->p, PRINT_JSON, "dev", NULL);
		print_raw(&s->p, PRINT_FP, "%s", p);
	}
	print_string(&s->p, PRINT_JSON, "prefix", NULL, p);
	if (e->usable && e->has_iid)
		print_uint(&s->p, PRINT_ANY, "iid", " iid %llu", e->iid);
	print_bool(&s->p, PRINT_JSON, "usable", NULL, e->usable);
	print_bool(&s->p, PRINT_JSON, "dynamic", NULL, e->dynamic);
	if (e->dynamic)
		print_raw(&s->p, PRINT_FP, " dynamic");
	print_bool(&s->p, PRINT_JSON, "leaving", NULL, e->leaving);
	if (e->leaving)
		print_raw(&s->p, PRINT_FP, " leaving (not registered again)");
	print_string(&s->p, PRINT_ANY, "kernel", " kernel %s",
		     kstate_str(e->kstate));
	if (e->kerr[0])
		print_string(&s->p, PRINT_ANY, "kernel_error", ": %s", e->kerr);
	if (!e->usable)
		print_raw(&s->p, PRINT_FP, " (no device: not registered)");
	print_age(s, "last_register_s", "registered", e->last_register_ms);
	print_age(s, "last_notify_s", "acknowledged", e->last_notify_ms);
	print_raw(&s->p, PRINT_FP, "\n");
	print_open_array(&s->p, "rlocs");
	for (i = 0; i < e->cfg.nloc; i++) {
		print_open_object(&s->p, NULL);
		print_string(&s->p, PRINT_ANY, "rloc", "    rloc %s",
			     lispd_ip_str(&e->cfg.loc[i].addr, a));
		print_uint(&s->p, PRINT_ANY, "priority", " priority %llu",
			   e->cfg.loc[i].priority);
		print_uint(&s->p, PRINT_ANY, "weight", " weight %llu",
			   e->cfg.loc[i].weight);
		print_bool(&s->p, PRINT_JSON, "local", NULL, e->local[i]);
		print_raw(&s->p, PRINT_FP, "%s\n", e->local[i] ? " local" : "");
		print_close_object(&s->p);
	}
	print_close_array(&s->p);
	print_close_object(&s->p);
}

static void show_etr(struct show *s)
{
	unsigned int i;

	print_open_array(&s->p, NULL);
	if (!s->d->etr.ndb)
		print_raw(&s->p, PRINT_FP, "no database entries\n");
	for (i = 0; i < s->d->etr.ndb && !full(s); i++)
		db_entry(s, &s->d->etr.db[i]);
	print_close_array(&s->p);
}

/* ---- show dynamic-eids ---- */

static const char *dyn_state_str(enum lisp_dyn_state st)
{
	return st == LISP_DYN_LEAVING ? "leaving" : "present";
}

static void dyn_host(struct show *s, const struct lispd_dyneid *l,
		     const struct lisp_dyn_host *h)
{
	const struct lispd_db_entry *e;
	struct lispd_conf_db c;
	char a[LISP_ADDR_STRLEN];
	bool registered;

	c = l->cfg.db;
	c.eid = h->addr;
	c.plen = h->addr.afi == LISP_AFI_IPV4 ? 32 : 128;
	e = lispd_etr_db_find(s->d, &c);
	/* Acknowledged by a Map-Notify since it was detected. */
	registered = e && e->last_notify_ms && e->last_notify_ms >= h->since_ms;
	print_open_object(&s->p, NULL);
	print_string(&s->p, PRINT_ANY, "address", "    %s",
		     lispd_ip_str(&h->addr, a));
	print_string(&s->p, PRINT_ANY, "state", " %s", dyn_state_str(h->state));
	print_age(s, "since_s", "since", h->since_ms);
	print_bool(&s->p, PRINT_JSON, "registered", NULL, registered);
	print_raw(&s->p, PRINT_FP, " registered %s", registered ? "yes" : "no");
	if (e)
		print_string(&s->p, PRINT_ANY, "kernel", " kernel %s",
			     kstate_str(e->kstate));
	print_raw(&s->p, PRINT_FP, "\n");
	print_close_object(&s->p);
}

static void show_dynamic_eids(struct show *s)
{
	static const char *const names[] = {
		"detected", "withdrawn", "refused_limit", "moved_away",
		"route_errors", "kernel_errors", "data_detected",
	};
	const struct lispd_dyneid *l;
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN + 8];
	uint64_t v[NELEM(names)];
	unsigned int i, j;

	print_open_array(&s->p, NULL);
	if (!s->d->dyn.n)
		print_raw(&s->p, PRINT_FP, "no dynamic-eid lines\n");
	for (i = 0; i < s->d->dyn.n && !full(s); i++) {
		l = &s->d->dyn.line[i];
		snprintf(p, sizeof(p), "%s/%u", lispd_ip_str(&l->cfg.db.eid, a),
			 l->cfg.db.plen);
		print_open_object(&s->p, NULL);
		print_string(&s->p, PRINT_ANY, "name", "dynamic-eid %s", l->cfg.name);
		print_string(&s->p, PRINT_ANY, "prefix", " prefix %s", p);
		if (l->cfg.db.has_iid)
			print_uint(&s->p, PRINT_ANY, "iid", " iid %llu",
				   l->cfg.db.iid);
		print_string(&s->p, PRINT_ANY, "interface", " interface %s",
			     l->cfg.interface);
		if (l->cfg.db.dev[0])
			print_string(&s->p, PRINT_ANY, "dev", " dev %s",
				     l->cfg.db.dev);
		print_uint(&s->p, PRINT_ANY, "max_hosts", " max-hosts %llu",
			   l->cfg.max_hosts);
		print_uint(&s->p, PRINT_ANY, "hold_s", " hold %llu",
			   l->t.hold_ms / 1000);
		print_uint(&s->p, PRINT_ANY, "nhosts", ": %llu host",
			   l->t.nhost);
		print_raw(&s->p, PRINT_FP, "%s\n", l->t.nhost == 1 ? "" : "s");
		print_open_array(&s->p, "hosts");
		for (j = 0; j < l->t.nhost; j++)
			dyn_host(s, l, &l->t.host[j]);
		print_close_array(&s->p);
		v[0] = l->t.stats.detected;
		v[1] = l->t.stats.withdrawn;
		v[2] = l->t.stats.refused_limit;
		v[3] = l->t.stats.moved_away;
		v[4] = l->route_errors;
		v[5] = l->kernel_errors;
		v[6] = l->data_detected;
		print_open_object(&s->p, "counters");
		print_raw(&s->p, PRINT_FP, "   ");
		for (j = 0; j < NELEM(names); j++) {
			print_uint(&s->p, PRINT_JSON, names[j], NULL, v[j]);
			print_raw(&s->p, PRINT_FP, " %s %llu", names[j],
				  (unsigned long long)v[j]);
		}
		print_raw(&s->p, PRINT_FP, "\n");
		print_close_object(&s->p);
		print_close_object(&s->p);
	}
	print_close_array(&s->p);
}

/* ---- show daemon-stats ---- */

static const struct {
	unsigned int type;
	const char *key;
} msg_keys[] = {
	{ LISP_MAP_REQUEST, "map_request" },
	{ LISP_MAP_REPLY, "map_reply" },
	{ LISP_MAP_REGISTER, "map_register" },
	{ LISP_MAP_NOTIFY, "map_notify" },
	{ LISP_MAP_NOTIFY_ACK, "map_notify_ack" },
	{ LISP_ECM, "ecm" },
};

static void show_msgs(struct show *s, const char *title, const uint64_t *v)
{
	const char *names[NELEM(msg_keys)];
	uint64_t vals[NELEM(msg_keys)];
	unsigned int i;

	for (i = 0; i < NELEM(msg_keys); i++) {
		names[i] = msg_keys[i].key;
		vals[i] = v[msg_keys[i].type];
	}
	counters(s, title, names, vals, NELEM(msg_keys));
}

/* The ITR's side of the kernel: miss notifications, the refresh scan. */
static void show_itr_kernel(struct show *s)
{
	const struct lispd_itr_stats *st = &s->d->itr.stats;
	static const char *const names[] = {
		"misses", "misses_other_dev", "miss_overruns",
		"miss_rcvbuf_bytes", "refresh_rounds", "refresh_steps",
	};
	const uint64_t v[] = {
		st->misses, st->misses_other_dev, st->misses_lost,
		st->miss_rcvbuf > 0 ? (uint64_t)st->miss_rcvbuf : 0,
		st->refresh_scans, st->refresh_steps,
	};

	counters(s, "itr", names, v, NELEM(v));
}

/* The kernel's data-path events, by the hook they went to. */
static void show_kernel_events(struct show *s)
{
	const struct lispd_kevents_stats *st = &s->d->kev.stats;
	static const char *const names[] = {
		"received", "lsb_mismatch", "remote_itr_traffic", "smr_sent",
		"unknown_source", "dyneid_detected", "overruns",
	};
	const uint64_t v[] = {
		st->received, st->lsb_mismatch, st->remote_itr_traffic,
		st->smr_sent, st->unknown_source, st->dyneid_detected,
		st->overruns,
	};

	counters(s, "kernel_events", names, v, NELEM(v));
}

/* RLOC probing (issue 12): probes, answers, up/down changes. */
static void show_rloc_probing(struct show *s)
{
	static const struct lisp_probe_stats none;
	const struct lisp_probe_stats *st = s->d->itr.probe ?
		lisp_probe_stats(s->d->itr.probe) : &none;
	static const char *const names[] = {
		"rlocs", "probes_sent", "probe_replies", "probe_timeouts",
		"rloc_down_events", "rloc_up_events", "replies_unmatched",
		"replies_wrong_source", "replies_malformed", "rate_limited",
		"table_full", "forgotten", "kernel_errors", "lsb_hints",
		"lsb_hint_probes", "unlisted",
	};
	const uint64_t v[] = {
		s->d->itr.probe ? lisp_probe_count(s->d->itr.probe) : 0,
		st->probes_sent, st->probe_replies, st->probe_timeouts,
		st->rloc_down_events, st->rloc_up_events,
		st->replies_unmatched, st->replies_wrong_source,
		st->replies_malformed, st->rate_limited, st->table_full,
		st->forgotten, s->d->itr.stats.probe_kernel_errors,
		st->hints, st->hint_probes, st->unlisted,
	};

	counters(s, "rloc_probing", names, v, NELEM(v));
}

/* Map-Reply records the ITR did not install, and why (issue 11). */
static void show_itr_refused(struct show *s)
{
	static const struct lisp_itr_stats none;
	const struct lisp_itr_stats *st = s->d->itr.resolver ?
		lisp_itr_stats(s->d->itr.resolver) : &none;
	static const char *const names[] = {
		"unknown_nonce", "wrong_eid", "too_wide", "narrowed",
		"not_most_specific", "not_owned", "owned_full",
	};
	const uint64_t v[] = {
		st->unknown_nonce, st->wrong_eid, st->too_wide, st->narrowed,
		st->not_most_specific, st->not_owned, st->owned_full,
	};

	counters(s, "itr_map_reply", names, v, NELEM(v));
}

/* Publish/subscribe at the ITR (RFC 9437): agent/itr/subscribe.c. */
static void show_itr_pubsub(struct show *s)
{
	static const struct lisp_itr_ps_stats none;
	const struct lisp_itr *itr = s->d->itr.resolver;
	const struct lisp_itr_ps_stats *st = itr ? lisp_itr_ps_stats(itr) :
					     &none;
	static const char *const names[] = {
		"subscribed", "subscriptions", "publications_accepted",
		"withdrawals", "duplicates", "refused_auth", "refused_nonce",
		"refused_unknown", "malformed", "acks_sent", "table_full",
	};
	const uint64_t v[] = {
		itr ? lisp_itr_nsubs(itr, s->now) : 0, st->subscriptions,
		st->publications_accepted, st->withdrawals, st->duplicates,
		st->refused_auth, st->refused_nonce, st->refused_unknown,
		st->malformed, st->acks_sent, st->table_full,
	};

	counters(s, "itr_pubsub", names, v, NELEM(v));
}

/* Publish/subscribe at the Map-Server (RFC 9437, issue 12). */
static void show_pubsub(struct show *s)
{
	static const struct lisp_ms_ps_stats none;
	const struct lisp_ms_ps_stats *st = lisp_ms_pubsub_stats(s->d->ms);
	static const char *const names[] = {
		"subscriptions", "subscribed", "renewals", "notifies_sent",
		"retransmits", "acks", "unacked", "evictions", "expired",
		"publications", "refused_unknown_xtr", "refused_itr_rloc",
		"refused_unregistered", "refused_full", "ack_unknown",
		"ack_auth_failures", "build_errors",
	};
	uint64_t v[NELEM(names)];

	if (!st)
		st = &none;
	v[0] = lisp_ms_pubsub_count(s->d->ms);
	v[1] = st->subscriptions;
	v[2] = st->renewals;
	v[3] = st->notifies_sent;
	v[4] = st->retransmits;
	v[5] = st->acks;
	v[6] = st->unacked;
	v[7] = st->evictions;
	v[8] = st->expired;
	v[9] = st->publications;
	v[10] = st->refused_unknown;
	v[11] = st->refused_rloc;
	v[12] = st->refused_unregistered;
	v[13] = st->refused_full;
	v[14] = st->ack_unknown;
	v[15] = st->ack_auth_failures;
	v[16] = st->build_errors;
	counters(s, "pubsub", names, v, NELEM(v));
}

static void show_daemon_stats(struct show *s)
{
	const struct lispd_stats *st = &s->d->stats;
	const struct lisp_ms_stats *ms = &s->d->ms->stats;
	static const char *const err_names[] = {
		"malformed", "unknown_type", "no_role", "rx_errors",
		"tx_errors", "ecm_ignored", "tx_deferred", "tx_dropped",
	};
	static const char *const ms_names[] = {
		"registers", "notifies", "notify_errors", "deregisters",
		"expired", "requests", "requests_malformed", "proxy_replies",
		"forwards", "negative_unregistered", "negative_not_eid",
		"records_dropped", "no_itr_rloc", "map_server_forwards",
		"forward_ttl_expired", "forward_loop_refused",
		"forward_no_rloc", "requests_duplicate_eid", "requests_dont_reply",
		"reply_truncated", "rejections_not_logged", "moves",
		"move_notifies", "move_notify_errors",
		"move_notify_retransmits", "move_notify_unacked",
		"move_notify_evicted", "move_notify_superseded",
		"move_notifies_waiting", "notify_acks", "notify_acks_bad",
	};
	static const char *const etr_names[] = {
		"map_replies", "probe_replies", "requests_not_ours",
		"no_itr_rloc", "smr_received", "notify_unknown_ms",
		"registration_rounds", "moved_notifies", "moved_replayed",
		"moved_own_locators", "moved_static", "moved_dynamic",
		"moved_installed", "moved_evicted",
	};
	static const char *const smr_names[] = {
		"smr_sent", "smr_rate_limited", "smr_rate_limited_all",
		"smr_send_errors", "smr_itrs_evicted",
	};
	const uint64_t smrv[] = {
		st->smr_sent, st->smr_rate_limited, st->smr_rate_limited_all,
		st->smr_send_errors, st->smr_itrs_evicted,
	};
	static const char *const abuse_names[] = {
		"reply_target_refused", "rate_limited_source",
		"rate_limited_itr_rloc", "smr_rate_limited",
		"smr_rate_limited_all", "rate_table_evicted",
	};
	const uint64_t abusev[] = {
		st->reply_target_refused, st->rl_source, st->rl_itr_rloc,
		st->rl_smr, st->rl_smr_all, s->d->rl_src.evicted + s->d->rl_itr.evicted +
		s->d->rl_smr.evicted,
	};
	static const char *const ctl_names[] = {
		"requests", "denied", "reloads", "reload_errors",
		"map_replies_received",
	};
	static const char *const dev_names[] = {
		"created", "changed", "made_again", "deleted",
	};
	const uint64_t errs[] = {
		st->rx_malformed, st->rx_unknown_type, st->rx_no_role,
		st->rx_errors, st->tx_errors, st->ecm_ignored,
		st->tx_deferred, st->tx_dropped,
	};
	const uint64_t msv[] = {
		ms->registers, ms->notifies, ms->notify_errors,
		ms->deregisters, ms->expired, ms->requests, ms->req_malformed,
		ms->proxy_replies, ms->forwards, ms->neg_unregistered,
		ms->neg_not_eid, ms->rec_dropped, ms->no_itr_rloc,
		ms->ms_forwards, ms->fwd_ttl_expired, ms->fwd_loop_refused,
		ms->fwd_no_rloc, ms->req_duplicate_eid, ms->dont_reply,
		ms->reply_truncated, ms->reports_suppressed, ms->moves,
		ms->move_notifies, ms->move_notify_errors,
		ms->move_notify_retransmits, ms->move_notify_unacked,
		ms->move_notify_evicted, ms->move_notify_superseded,
		s->d->ms->nmove_wait, ms->notify_acks, ms->notify_acks_bad,
	};
	const uint64_t etrv[] = {
		st->etr_replies, st->etr_probe_replies, st->etr_not_ours,
		st->etr_no_itr_rloc, st->etr_smr, st->notify_unknown_ms,
		s->d->etr.rounds, st->moved_notifies, st->moved_replayed,
		st->moved_ours, st->moved_static, st->moved_dynamic,
		st->moved_installed, st->moved_evicted,
	};
	const uint64_t ctlv[] = {
		st->ctl_requests, st->ctl_denied, st->reloads,
		st->reload_errors, st->map_replies,
	};
	const uint64_t devv[] = {
		st->dev_created, st->dev_changed, st->dev_remade,
		st->dev_deleted,
	};
	const char *rej_names[LISP_MS_REJ_MAX];
	char xtr_id[2 * LISP_XTR_ID_LEN + 1];
	const struct lispd_conf *c = s->d->conf;
	uint64_t up_s = (s->now - s->d->started_ms) / 1000;
	unsigned int i;

	for (i = 0; i < LISP_MS_REJ_MAX; i++)
		rej_names[i] = lisp_ms_reject_str(i);
	print_open_object(&s->p, NULL);
	print_uint(&s->p, PRINT_JSON, "uptime_s", NULL, up_s);
	print_uint(&s->p, PRINT_JSON, "control_port", NULL, s->d->port);
	print_uint(&s->p, PRINT_JSON, "register_period_s", NULL,
		   c->register_period_s);
	print_open_object(&s->p, "roles");
	print_bool(&s->p, PRINT_JSON, "map_server", NULL, lispd_conf_is_ms(c));
	print_bool(&s->p, PRINT_JSON, "map_resolver", NULL, c->map_resolver);
	print_bool(&s->p, PRINT_JSON, "etr", NULL, lispd_conf_is_etr(c));
	print_bool(&s->p, PRINT_JSON, "itr", NULL, c->nitr);
	print_close_object(&s->p);
	print_raw(&s->p, PRINT_FP, "lispd up %llus, control port %u, register "
		  "period %us, roles:%s%s%s%s\n", (unsigned long long)up_s,
		  s->d->port, c->register_period_s,
		  lispd_conf_is_ms(c) ? " map-server" : "",
		  c->map_resolver ? " map-resolver" : "",
		  lispd_conf_is_etr(c) ? " etr" : "",
		  c->nitr ? " itr" : "");
	hex_to_str(s->d->etr.id.xtr_id, LISP_XTR_ID_LEN, xtr_id);
	print_string(&s->p, PRINT_ANY, "xtr_id", "xtr-id %s", xtr_id);
	print_uint(&s->p, PRINT_ANY, "site_id", " site-id %llu\n",
		   s->d->etr.id.site_id);
	show_msgs(s, "received", st->rx);
	show_msgs(s, "sent", st->tx);
	counters(s, "errors", err_names, errs, NELEM(errs));
	counters(s, "map_server", ms_names, msv, NELEM(msv));
	counters(s, "map_register_rejected", rej_names, ms->rejected,
		 LISP_MS_REJ_MAX);
	show_pubsub(s);
	counters(s, "etr", etr_names, etrv, NELEM(etrv));
	counters(s, "smr", smr_names, smrv, NELEM(smrv));
	show_itr_kernel(s);
	show_kernel_events(s);
	show_itr_refused(s);
	show_itr_pubsub(s);
	show_rloc_probing(s);
	counters(s, "abuse", abuse_names, abusev, NELEM(abusev));
	counters(s, "control", ctl_names, ctlv, NELEM(ctlv));
	counters(s, "devices", dev_names, devv, NELEM(devv));
	print_close_object(&s->p);
}

/* ---- show moved: prefixes the Map-Server said moved away (issue 12) ---- */

static void show_moved(struct show *s)
{
	const struct lispd_etr_role *r = &s->d->etr;
	const struct lispd_moved *m;
	char a[LISP_ADDR_STRLEN];
	unsigned int i, j;

	print_open_array(&s->p, NULL);
	if (!r->nmoved)
		print_raw(&s->p, PRINT_FP, "no prefix moved away\n");
	for (i = 0; i < r->nmoved && !full(s); i++) {
		m = &r->moved[i];
		print_open_object(&s->p, NULL);
		json_prefix(s, &m->pfx.addr, m->pfx.plen);
		if (text(s)) {
			lisp_prefix_to_str(&m->pfx.addr, m->pfx.plen, a,
					   sizeof(a));
			print_raw(&s->p, PRINT_FP, "%s moved to", a);
		}
		print_open_array(&s->p, "rlocs");
		for (j = 0; j < m->nloc; j++)
			print_string(&s->p, PRINT_ANY, NULL, " %s",
				     lispd_ip_str(&m->loc[j], a));
		print_close_array(&s->p);
		print_string(&s->p, PRINT_ANY, "map_server", " (map-server %s)",
			     lispd_ip_str(&m->ms, a));
		print_age(s, "age_s", "", m->at_ms);
		print_uint(&s->p, PRINT_ANY, "ttl_min", ", ttl %llum",
			   m->ttl);
		print_uint(&s->p, PRINT_ANY, "map_cache_devices",
			   ", in the map-cache of %llu device(s)\n",
			   m->devices);
		print_close_object(&s->p);
	}
	print_close_array(&s->p);
}

/* "rloc ADDR up|down": the database's locator (issue 12). */
static int ctl_rloc(struct lispd *d, const char *addr, const char *state,
		    FILE *out)
{
	struct lisp_addr a;
	char err[256];

	if ((strcmp(state, "up") && strcmp(state, "down")) ||
	    lisp_addr_from_str(addr, &a) || a.kind != LISP_ADDR_IP) {
		fprintf(out, "usage: rloc ADDR { up | down }\n");
		return 1;
	}
	if (lispd_etr_rloc_set(d, &a.ip[0], !strcmp(state, "up"), err,
			       sizeof(err))) {
		fprintf(out, "%s\n", err);
		return 1;
	}
	return 0;
}

/*
 * "show map-resolvers" (the ITR's map-resolvers) and "show map-resolver"
 * (this node as one) differed by a letter, and "show database" (the
 * ETR's registrations) looked like "database show dev" (the kernel's
 * table): they are "show itr" and "show etr" now.  The old spellings
 * stay accepted, deprecated (lispd(8)).
 */
static const struct {
	const char *name;
	void (*fn)(struct show *s);
} shows[] = {
	{ "sites", show_sites },
	{ "registrations", show_registrations },
	{ "map-servers", show_map_servers },
	{ "itr", show_itr },
	{ "rlocs", show_rlocs },
	{ "subscriptions", show_subscriptions },
	{ "map-resolver", show_map_resolver },
	{ "etr", show_etr },
	{ "daemon-stats", show_daemon_stats },
	{ "moved", show_moved },
	{ "dynamic-eids", show_dynamic_eids },
	{ "map-resolvers", show_itr },		/* deprecated: itr */
	{ "database", show_etr },		/* deprecated: etr */
};

bool lispd_ctl_is_show(const char *what)
{
	unsigned int i;

	for (i = 0; i < NELEM(shows); i++) {
		if (!strcmp(what, shows[i].name))
			return true;
	}
	return false;
}

int lispd_ctl_exec(struct lispd *d, int argc, char **argv, FILE *out)
{
	struct show s = { .d = d, .now = lispd_now_ms() };
	bool json = argc == 3 && !strcmp(argv[2], "-j");
	unsigned int i;

	if (argc == 1 && !strcmp(argv[0], "reload"))
		return lispd_reload(d, out) ? 1 : 0;
	if (argc == 3 && !strcmp(argv[0], "rloc"))
		return ctl_rloc(d, argv[1], argv[2], out);
	if ((argc == 2 || argc == 3) && !strcmp(argv[0], "show")) {
		for (i = 0; i < NELEM(shows); i++) {
			if (strcmp(argv[1], shows[i].name) ||
			    (argc == 3 && !json))
				continue;
			print_start(&s.p, out, json);
			shows[i].fn(&s);
			print_raw(&s.p, PRINT_JSON, "\n");
			return 0;
		}
	}
	fprintf(out, "unknown request \"%s%s%s\" (show sites | "
		"registrations | map-servers | itr | rlocs | subscriptions | "
		"map-resolver | etr | dynamic-eids | daemon-stats | moved "
		"[-j], reload, rloc ADDR up|down)\n", argc ? argv[0] : "",
		argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	return 1;
}
