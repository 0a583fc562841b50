// SPDX-License-Identifier: GPL-2.0
/*
 * The control commands lispd serves: "show sites | registrations |
 * map-servers | map-resolvers | map-resolver | database | daemon-stats
 * [-j]" and
 * "reload".  Text for people, -j for programs (one JSON document).
 * Listings stop at LISPD_CTL_OUT_MAX bytes, still well-formed.
 */
#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "lib/json.h"

struct show {
	struct lispd *d;
	FILE *out;
	bool json;
	unsigned int n;		/* items printed */
	uint64_t now;
};

static bool full(const struct show *s)
{
	return ftell(s->out) > LISPD_CTL_OUT_MAX;
}

static const char *sep(struct show *s)
{
	return s->n++ ? "," : "";
}

/* "x": seconds since t, or null if never. */
static void json_age(struct show *s, const char *key, uint64_t t)
{
	if (!t)
		fprintf(s->out, ",\"%s\":null", key);
	else
		fprintf(s->out, ",\"%s\":%llu", key, (unsigned long long)
			((s->now > t ? s->now - t : 0) / 1000));
}

static void text_age(struct show *s, const char *label, uint64_t t)
{
	if (!t)
		fprintf(s->out, " %s never", label);
	else
		fprintf(s->out, " %s %llus ago", label, (unsigned long long)
			((s->now > t ? s->now - t : 0) / 1000));
}

static void json_ip(struct show *s, const char *key, const struct lisp_ip *ip)
{
	char a[LISP_ADDR_STRLEN];

	fprintf(s->out, "\"%s\":\"%s\"", key, lispd_ip_str(ip, a));
}

/* "prefix":"10.0.0.0/8" and, in an Instance-ID LCAF, "iid":N. */
static void json_prefix(struct show *s, const struct lisp_addr *eid,
			unsigned int plen)
{
	char a[LISP_ADDR_STRLEN];

	fprintf(s->out, "\"prefix\":\"%s/%u\"", lispd_ip_str(&eid->ip[0], a),
		plen);
	if (eid->kind == LISP_ADDR_IID)
		fprintf(s->out, ",\"iid\":%u", eid->iid);
}

/* ---- show sites ---- */

static int site_prefix(const struct lisp_ms_eid *e, void *arg)
{
	struct show *s = arg;
	char p[LISP_ADDR_STRLEN];

	if (s->json) {
		fprintf(s->out, "%s{", sep(s));
		json_prefix(s, &e->pfx.addr, e->pfx.plen);
		fprintf(s->out, ",\"accept_more_specifics\":%s,"
			"\"registered\":%u}",
			e->accept_more_specifics ? "true" : "false", e->nreg);
	} else {
		lisp_prefix_to_str(&e->pfx.addr, e->pfx.plen, p, sizeof(p));
		fprintf(s->out, "    prefix %s%s registered %u\n", p,
			e->accept_more_specifics ? " accept-more-specifics" : "",
			e->nreg);
	}
	return 0;
}

static void site_json(struct show *s, const struct lisp_ms_site *site)
{
	const struct lisp_ms_site_stats *st = &site->stats;
	struct show sub = *s;
	unsigned int i;

	fprintf(s->out, "%s{\"name\":", sep(s));
	json_print_string(s->out, site->name);
	fprintf(s->out, ",\"keys\":[");
	for (i = 0; i < site->nkeys; i++)
		fprintf(s->out, "%s{\"key_id\":%u,\"key_type\":\"%s\"}",
			i ? "," : "", site->key[i].key_id,
			lispd_key_type_str(site->key[i].alg_id));
	fprintf(s->out, "],\"prefixes\":[");
	sub.n = 0;
	lisp_ms_show_prefixes(site, site_prefix, &sub);
	fprintf(s->out, "],\"registered\":%u", site->nreg);
	json_age(s, "last_register_s", site->last_register_ms);
	fprintf(s->out, ",");
	if (site->last_register_ms)
		json_ip(s, "last_etr", &site->last_etr);
	else
		fprintf(s->out, "\"last_etr\":null");
	fprintf(s->out, ",\"stats\":{\"registers\":%llu,\"records\":%llu,"
		"\"deregisters\":%llu,\"expired\":%llu,\"notifies\":%llu,"
		"\"auth_failures\":%llu,\"prefix_refused\":%llu,"
		"\"proxy_replies\":%llu,\"forwards\":%llu,"
		"\"unregistered\":%llu}}",
		(unsigned long long)st->registers,
		(unsigned long long)st->records,
		(unsigned long long)st->deregisters,
		(unsigned long long)st->expired,
		(unsigned long long)st->notifies,
		(unsigned long long)st->auth_failures,
		(unsigned long long)st->prefix_refused,
		(unsigned long long)st->proxy_replies,
		(unsigned long long)st->forwards,
		(unsigned long long)st->unregistered);
}

static int show_site(const struct lisp_ms_site *site, void *arg)
{
	struct show *s = arg;
	char line[1024];
	unsigned int i;

	if (full(s))
		return 1;
	if (s->json) {
		site_json(s, site);
		return 0;
	}
	if (lisp_ms_site_to_str(site, s->now, line, sizeof(line)) < 0)
		snprintf(line, sizeof(line), "%s", site->name);
	fprintf(s->out, "%s\n   ", line);
	for (i = 0; i < site->nkeys; i++)
		fprintf(s->out, " key-id %u %s", site->key[i].key_id,
			lispd_key_type_str(site->key[i].alg_id));
	fprintf(s->out, "\n");
	lisp_ms_show_prefixes(site, site_prefix, s);
	return 0;
}

static void show_sites(struct show *s)
{
	if (s->json)
		fprintf(s->out, "[");
	else if (!s->d->ms->nsites)
		fprintf(s->out, "no sites (this lispd is no map-server)\n");
	lisp_ms_show_sites(s->d->ms, show_site, s);
	if (s->json)
		fprintf(s->out, "]\n");
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
		if (s->json)
			fprintf(s->out, "%s{\"rloc\":\"%s\",\"priority\":%u,"
				"\"weight\":%u,\"reachable\":%s}", i ? "," : "",
				a, l->priority, l->weight,
				l->reachable ? "true" : "false");
		else
			fprintf(s->out, "    rloc %s priority %u weight %u%s\n",
				a, l->priority, l->weight,
				l->reachable ? "" : " unreachable");
	}
}

static int show_reg(const struct lisp_ms_reg *reg, void *arg)
{
	struct show *s = arg;
	char line[1024];

	if (full(s))
		return 1;
	if (!s->json) {
		if (lisp_ms_reg_to_str(reg, s->now, line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "(too long)");
		fprintf(s->out, "%s\n", line);
		reg_rlocs(s, reg);
		return 0;
	}
	fprintf(s->out, "%s{", sep(s));
	json_prefix(s, &reg->pfx.addr, reg->pfx.plen);
	fprintf(s->out, ",\"site\":");
	json_print_string(s->out, reg->site->name);
	fprintf(s->out, ",");
	json_ip(s, "etr", &reg->etr);
	fprintf(s->out, ",\"etr_port\":%u,\"ttl\":%u,\"proxy_reply\":%s,"
		"\"want_notify\":%s", reg->etr_port, reg->ttl,
		reg->proxy_reply ? "true" : "false",
		reg->want_notify ? "true" : "false");
	json_age(s, "age_s", reg->first_ms);
	json_age(s, "refreshed_s", reg->last_ms);
	fprintf(s->out, ",\"expires_in_s\":%llu,\"rlocs\":[",
		(unsigned long long)((reg->expires_ms > s->now ?
				      reg->expires_ms - s->now : 0) / 1000));
	reg_rlocs(s, reg);
	fprintf(s->out, "]}");
	return 0;
}

static void show_registrations(struct show *s)
{
	if (s->json)
		fprintf(s->out, "[");
	else if (!s->d->ms->nreg)
		fprintf(s->out, "no registrations\n");
	lisp_ms_show_registrations(s->d->ms, NULL, show_reg, s);
	if (s->json)
		fprintf(s->out, "]\n");
}

/* ---- show map-servers ---- */

static void show_map_servers(struct show *s)
{
	const struct lispd_ms_peer *p;
	char a[LISP_ADDR_STRLEN];
	unsigned int i;

	if (s->json)
		fprintf(s->out, "[");
	else if (!s->d->etr.npeer)
		fprintf(s->out, "no map-servers\n");
	for (i = 0; i < s->d->etr.npeer; i++) {
		p = &s->d->etr.peer[i];
		lispd_ip_str(&p->cfg.addr, a);
		if (!s->json) {
			fprintf(s->out, "%s port %u key-id %u %s: registers "
				"%llu (errors %llu)", a, p->cfg.port,
				p->cfg.key.key_id,
				lispd_key_type_str(p->cfg.key.alg_id),
				(unsigned long long)p->registers_sent,
				(unsigned long long)p->send_errors);
			text_age(s, "last-register", p->last_register_ms);
			fprintf(s->out, "\n    map-notifies %llu",
				(unsigned long long)p->notifies);
			text_age(s, "last", p->last_notify_ms);
			fprintf(s->out, " bad-auth %llu bad-nonce %llu "
				"malformed %llu\n",
				(unsigned long long)p->notify_bad_auth,
				(unsigned long long)p->notify_bad_nonce,
				(unsigned long long)p->notify_malformed);
			continue;
		}
		fprintf(s->out, "%s{\"address\":\"%s\",\"port\":%u,"
			"\"key_id\":%u,\"key_type\":\"%s\","
			"\"registers_sent\":%llu,\"send_errors\":%llu",
			sep(s), a, p->cfg.port, p->cfg.key.key_id,
			lispd_key_type_str(p->cfg.key.alg_id),
			(unsigned long long)p->registers_sent,
			(unsigned long long)p->send_errors);
		json_age(s, "last_register_s", p->last_register_ms);
		json_age(s, "last_notify_s", p->last_notify_ms);
		fprintf(s->out, ",\"notifies\":%llu,\"notify_bad_auth\":%llu,"
			"\"notify_bad_nonce\":%llu,\"notify_malformed\":%llu}",
			(unsigned long long)p->notifies,
			(unsigned long long)p->notify_bad_auth,
			(unsigned long long)p->notify_bad_nonce,
			(unsigned long long)p->notify_malformed);
	}
	if (s->json)
		fprintf(s->out, "]\n");
}

/* ---- show map-resolvers ---- */

static void show_map_resolvers(struct show *s)
{
	const struct lispd_conf *c = s->d->conf;
	char a[LISP_ADDR_STRLEN];
	unsigned int i;

	if (s->json)
		fprintf(s->out, "{\"map_resolvers\":[");
	for (i = 0; i < c->nmr; i++) {
		lispd_ip_str(&c->mr[i].addr, a);
		if (s->json)
			fprintf(s->out, "%s{\"address\":\"%s\",\"port\":%u}",
				i ? "," : "", a, c->mr[i].port);
		else
			fprintf(s->out, "map-resolver %s port %u\n", a,
				c->mr[i].port);
	}
	if (s->json)
		fprintf(s->out, "],\"itr_devices\":[");
	for (i = 0; i < c->nitr; i++) {
		if (s->json) {
			fprintf(s->out, "%s{\"dev\":", i ? "," : "");
			json_print_string(s->out, c->itr[i].dev);
			fprintf(s->out, ",\"pitr\":%s}",
				c->itr[i].pitr ? "true" : "false");
		} else {
			fprintf(s->out, "itr dev %s%s\n", c->itr[i].dev,
				c->itr[i].pitr ? " pitr" : "");
		}
	}
	if (s->json) {
		fprintf(s->out, "],\"resolving\":%s",
			s->d->itr.resolver ? "true" : "false");
		lispd_itr_show(s->d, s->out, true);
		fprintf(s->out, "}\n");
	} else if (!c->nmr && !c->nitr) {
		fprintf(s->out, "no map-resolvers, no itr devices\n");
	} else {
		lispd_itr_show(s->d, s->out, false);
	}
}

/* ---- show map-resolver ---- */

static int route_show(const struct lisp_ms_route *r, void *arg)
{
	struct show *s = arg;
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN];

	if (full(s))
		return 1;
	lispd_ip_str(&r->ms_addr, a);
	if (s->json) {
		fprintf(s->out, "%s{", sep(s));
		json_prefix(s, &r->pfx.addr, r->pfx.plen);
		fprintf(s->out, ",\"map_server\":\"%s\",\"port\":%u,"
			"\"forwards\":%llu}", a, r->port,
			(unsigned long long)r->forwards);
	} else {
		lisp_prefix_to_str(&r->pfx.addr, r->pfx.plen, p, sizeof(p));
		fprintf(s->out, "forward %s to %s port %u, %llu record%s sent "
			"on\n", p, a, r->port, (unsigned long long)r->forwards,
			r->forwards == 1 ? "" : "s");
	}
	return 0;
}

/* This node as a Map-Resolver: on or off, and where it sends what. */
static void show_map_resolver(struct show *s)
{
	const struct lispd_conf *c = s->d->conf;
	const struct lisp_ms_stats *st = &s->d->ms->stats;

	if (s->json)
		fprintf(s->out, "{\"enabled\":%s,\"local_sites\":%u,"
			"\"requests\":%llu,\"map_server_forwards\":%llu,"
			"\"forward_ttl_expired\":%llu,\"negative_not_eid\":"
			"%llu,\"forwards\":[", c->map_resolver ? "true" :
			"false", c->nsite, (unsigned long long)st->requests,
			(unsigned long long)st->ms_forwards,
			(unsigned long long)st->fwd_ttl_expired,
			(unsigned long long)st->neg_not_eid);
	else
		fprintf(s->out, "map-resolver %s, %u local site%s, %llu "
			"request%s, %llu record%s sent on to map-servers\n",
			c->map_resolver ? "enabled" : "disabled", c->nsite,
			c->nsite == 1 ? "" : "s",
			(unsigned long long)st->requests,
			st->requests == 1 ? "" : "s",
			(unsigned long long)st->ms_forwards,
			st->ms_forwards == 1 ? "" : "s");
	s->n = 0;
	lisp_ms_show_routes(s->d->ms, route_show, s);
	if (s->json)
		fprintf(s->out, "]}\n");
}

/* ---- show database ---- */

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
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN];
	unsigned int i;

	lispd_ip_str(&e->cfg.eid, p);
	if (!s->json) {
		fprintf(s->out, "%s/%u dev %s", p, e->cfg.plen, e->cfg.dev);
		if (e->usable && e->has_iid)
			fprintf(s->out, " iid %u", e->iid);
		fprintf(s->out, " kernel %s%s%s", kstate_str(e->kstate),
			e->kerr[0] ? ": " : "", e->kerr);
		if (!e->usable)
			fprintf(s->out, " (no device: not registered)");
		text_age(s, "registered", e->last_register_ms);
		text_age(s, "acknowledged", e->last_notify_ms);
		fprintf(s->out, "\n");
		for (i = 0; i < e->cfg.nloc; i++)
			fprintf(s->out, "    rloc %s priority %u weight %u%s\n",
				lispd_ip_str(&e->cfg.loc[i].addr, a),
				e->cfg.loc[i].priority, e->cfg.loc[i].weight,
				e->local[i] ? " local" : "");
		return;
	}
	fprintf(s->out, "%s{\"dev\":", sep(s));
	json_print_string(s->out, e->cfg.dev);
	fprintf(s->out, ",\"prefix\":\"%s/%u\"", p, e->cfg.plen);
	if (e->usable && e->has_iid)
		fprintf(s->out, ",\"iid\":%u", e->iid);
	fprintf(s->out, ",\"usable\":%s,\"kernel\":\"%s\"",
		e->usable ? "true" : "false", kstate_str(e->kstate));
	if (e->kerr[0]) {
		fprintf(s->out, ",\"kernel_error\":");
		json_print_string(s->out, e->kerr);
	}
	json_age(s, "last_register_s", e->last_register_ms);
	json_age(s, "last_notify_s", e->last_notify_ms);
	fprintf(s->out, ",\"rlocs\":[");
	for (i = 0; i < e->cfg.nloc; i++)
		fprintf(s->out, "%s{\"rloc\":\"%s\",\"priority\":%u,"
			"\"weight\":%u,\"local\":%s}", i ? "," : "",
			lispd_ip_str(&e->cfg.loc[i].addr, a),
			e->cfg.loc[i].priority, e->cfg.loc[i].weight,
			e->local[i] ? "true" : "false");
	fprintf(s->out, "]}");
}

static void show_database(struct show *s)
{
	unsigned int i;

	if (s->json)
		fprintf(s->out, "[");
	else if (!s->d->etr.ndb)
		fprintf(s->out, "no database entries\n");
	for (i = 0; i < s->d->etr.ndb && !full(s); i++)
		db_entry(s, &s->d->etr.db[i]);
	if (s->json)
		fprintf(s->out, "]\n");
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

/* name/value pairs: {"a":1,...} or "  a  1" lines. */
static void counters(struct show *s, const char *title,
		     const char *const *names, const uint64_t *v,
		     unsigned int n)
{
	unsigned int i;

	if (s->json)
		fprintf(s->out, "%s\"%s\":{", sep(s), title);
	else
		fprintf(s->out, "%s:\n", title);
	for (i = 0; i < n; i++) {
		if (s->json)
			fprintf(s->out, "%s\"%s\":%llu", i ? "," : "",
				names[i], (unsigned long long)v[i]);
		else
			fprintf(s->out, "  %-24s %llu\n", names[i],
				(unsigned long long)v[i]);
	}
	if (s->json)
		fprintf(s->out, "}");
}

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

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

static void show_daemon_stats(struct show *s)
{
	const struct lispd_stats *st = &s->d->stats;
	const struct lisp_ms_stats *ms = &s->d->ms->stats;
	static const char *const err_names[] = {
		"malformed", "unknown_type", "no_role", "rx_errors",
		"tx_errors", "ecm_ignored",
	};
	static const char *const ms_names[] = {
		"registers", "notifies", "notify_errors", "deregisters",
		"expired", "requests", "requests_malformed", "proxy_replies",
		"forwards", "negative_unregistered", "negative_not_eid",
		"records_dropped", "no_itr_rloc", "map_server_forwards",
		"forward_ttl_expired",
	};
	static const char *const etr_names[] = {
		"map_replies", "probe_replies", "requests_not_ours",
		"no_itr_rloc", "smr_received", "notify_unknown_ms",
		"registration_rounds",
	};
	static const char *const ctl_names[] = {
		"requests", "denied", "reloads", "reload_errors",
		"map_replies_received",
	};
	const uint64_t errs[] = {
		st->rx_malformed, st->rx_unknown_type, st->rx_no_role,
		st->rx_errors, st->tx_errors, st->ecm_ignored,
	};
	const uint64_t msv[] = {
		ms->registers, ms->notifies, ms->notify_errors,
		ms->deregisters, ms->expired, ms->requests, ms->req_malformed,
		ms->proxy_replies, ms->forwards, ms->neg_unregistered,
		ms->neg_not_eid, ms->rec_dropped, ms->no_itr_rloc,
		ms->ms_forwards, ms->fwd_ttl_expired,
	};
	const uint64_t etrv[] = {
		st->etr_replies, st->etr_probe_replies, st->etr_not_ours,
		st->etr_no_itr_rloc, st->etr_smr, st->notify_unknown_ms,
		s->d->etr.rounds,
	};
	const uint64_t ctlv[] = {
		st->ctl_requests, st->ctl_denied, st->reloads,
		st->reload_errors, st->map_replies,
	};
	const char *rej_names[LISP_MS_REJ_MAX];
	const struct lispd_conf *c = s->d->conf;
	unsigned int i;

	for (i = 0; i < LISP_MS_REJ_MAX; i++)
		rej_names[i] = lisp_ms_reject_str(i);
	if (s->json)
		fprintf(s->out, "{\"uptime_s\":%llu,\"control_port\":%u,"
			"\"register_period_s\":%u,\"roles\":{\"map_server\":%s,\"map_resolver\":%s,"
			"\"etr\":%s,\"itr\":%s},",
			(unsigned long long)((s->now - s->d->started_ms) /
					     1000), s->d->port, c->register_period_s,
			lispd_conf_is_ms(c) ? "true" : "false",
			c->map_resolver ? "true" : "false",
			lispd_conf_is_etr(c) ? "true" : "false",
			c->nitr ? "true" : "false");
	else
		fprintf(s->out, "lispd up %llus, control port %u, register "
			"period %us, roles:%s%s%s%s\n", (unsigned long long)
			((s->now - s->d->started_ms) / 1000), s->d->port,
			c->register_period_s,
			lispd_conf_is_ms(c) ? " map-server" : "",
			c->map_resolver ? " map-resolver" : "",
			lispd_conf_is_etr(c) ? " etr" : "",
			c->nitr ? " itr" : "");
	s->n = 0;
	show_msgs(s, "received", st->rx);
	show_msgs(s, "sent", st->tx);
	counters(s, "errors", err_names, errs, NELEM(errs));
	counters(s, "map_server", ms_names, msv, NELEM(msv));
	counters(s, "map_register_rejected", rej_names, ms->rejected,
		 LISP_MS_REJ_MAX);
	counters(s, "etr", etr_names, etrv, NELEM(etrv));
	counters(s, "control", ctl_names, ctlv, NELEM(ctlv));
	if (s->json)
		fprintf(s->out, "}\n");
}

static const struct {
	const char *name;
	void (*fn)(struct show *s);
} shows[] = {
	{ "sites", show_sites },
	{ "registrations", show_registrations },
	{ "map-servers", show_map_servers },
	{ "map-resolvers", show_map_resolvers },
	{ "map-resolver", show_map_resolver },
	{ "database", show_database },
	{ "daemon-stats", show_daemon_stats },
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
	struct show s = { .d = d, .out = out, .now = lispd_now_ms() };
	unsigned int i;

	if (argc == 1 && !strcmp(argv[0], "reload"))
		return lispd_reload(d, out) ? 1 : 0;
	if ((argc == 2 || argc == 3) && !strcmp(argv[0], "show")) {
		s.json = argc == 3 && !strcmp(argv[2], "-j");
		for (i = 0; i < NELEM(shows); i++) {
			if (strcmp(argv[1], shows[i].name) ||
			    (argc == 3 && !s.json))
				continue;
			shows[i].fn(&s);
			return 0;
		}
	}
	fprintf(out, "unknown request \"%s%s%s\" (show sites | "
		"registrations | map-servers | map-resolvers | map-resolver | "
		"database | daemon-stats [-j], reload)\n", argc ? argv[0] : "",
		argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	return 1;
}
