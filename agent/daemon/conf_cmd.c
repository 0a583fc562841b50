// SPDX-License-Identifier: GPL-2.0
/* The configuration commands, one function each (grammar in conf.h). */
#include <ctype.h>
#include <limits.h>
#include <string.h>

#include "conf_priv.h"
#include "dyneid/dyneid.h"
#include "lib/bits.h"
#include "lib/map_entry.h"

/* Nothing may follow the command. */
static int conf_end(struct conf_parser *p)
{
	const char *w = conf_next(p);

	return w ? conf_unexpected(p, w, "the end of the line") : 0;
}

/* The word after kw must be the keyword want ("dev", "key"). */
static int conf_keyword(struct conf_parser *p, const char *kw,
			const char *want, const char *what)
{
	const char *w = conf_next(p);

	if (!w)
		return conf_fail(p, "\"%s\" needs \"%s %s\"", kw, want, what);
	if (strcmp(w, want))
		return conf_fail(p, "unexpected \"%s\" after \"%s\" "
				 "(expected \"%s %s\")", w, kw, want, what);
	return 0;
}

/*
 * "KW VALUE", once a file (*line: where it was set, from now on: a
 * failure ends the parse anyway): VALUE, described as what, in *v.
 */
static int conf_once_value(struct conf_parser *p, const char *kw,
			   const char *what, unsigned int *line,
			   const char **v)
{
	if (*line)
		return conf_fail(p, "%s already set at line %u", kw, *line);
	if (conf_value(p, kw, what, v))
		return -1;
	*line = p->line;
	return 0;
}

int conf_cmd_log_level(struct conf_parser *p)
{
	static const char *const names[] = {
		[LISPD_LOG_DEBUG] = "debug", [LISPD_LOG_INFO] = "info",
		[LISPD_LOG_WARN] = "warn", [LISPD_LOG_ERROR] = "error",
	};
	const char *v;
	unsigned int i;

	if (conf_once_value(p, "log-level", "debug, info, warn or error",
			    &p->log_level_line, &v))
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(v, names[i]))
			break;
	}
	if (i == sizeof(names) / sizeof(names[0]))
		return conf_fail(p, "log-level \"%s\": expected debug, info, "
				 "warn or error", v);
	p->c->log_level = (enum lispd_log_level)i;
	return conf_end(p);
}

/*
 * "KW N", once a file (*line: where it was set): N, described as what,
 * from min to max, into *v.
 */
static int conf_once_uint(struct conf_parser *p, const char *kw,
			  const char *what, unsigned long min,
			  unsigned long max, unsigned int *line,
			  unsigned long *v)
{
	const char *s;

	if (conf_once_value(p, kw, what, line, &s) ||
	    conf_uint(p, kw, s, min, max, v))
		return -1;
	return conf_end(p);
}

int conf_cmd_control_port(struct conf_parser *p)
{
	unsigned long v;

	if (conf_once_uint(p, "control-port", "a port number", 1, 65535,
			   &p->control_port_line, &v))
		return -1;
	p->c->control_port = (uint16_t)v;
	return 0;
}

/*
 * iid0-encoding {plain|lcaf}: how the EIDs of instance 0 go in what
 * lispd sends (issue 14): plain, as other implementations expect, or
 * in an Instance-ID LCAF of IID 0.
 */
int conf_cmd_iid0_encoding(struct conf_parser *p)
{
	const char *v;

	if (conf_once_value(p, "iid0-encoding", "plain or lcaf",
			    &p->iid0_encoding_line, &v))
		return -1;
	if (!strcmp(v, "plain"))
		p->c->iid0_lcaf = false;
	else if (!strcmp(v, "lcaf"))
		p->c->iid0_lcaf = true;
	else
		return conf_fail(p, "iid0-encoding \"%s\": expected plain or "
				 "lcaf", v);
	return conf_end(p);
}

/*
 * register-period SECONDS: how often the ETR registers, and a third of
 * how long the Map-Server keeps a registration (RFC 9301 8.2: 60 s and
 * 3 minutes).  Map-Server and ETRs should agree on it.
 */
int conf_cmd_register_period(struct conf_parser *p)
{
	unsigned long v;

	if (conf_once_uint(p, "register-period", "seconds", 1,
			   LISPD_REGISTER_PERIOD_MAX,
			   &p->register_period_line, &v))
		return -1;
	p->c->register_period_s = (uint32_t)v;
	return 0;
}

/* xtr-id HEX32: the ETR's xTR-ID (RFC 9301 5.6), else random per start. */
int conf_cmd_xtr_id(struct conf_parser *p)
{
	const char *s;

	if (conf_once_value(p, "xtr-id", "32 hex digits", &p->xtr_id_line,
			    &s))
		return -1;
	if (hex_from_str(s, p->c->xtr_id, LISP_XTR_ID_LEN))
		return conf_fail(p, "xtr-id \"%s\": expected 32 hex digits "
				 "(128 bits)", s);
	p->c->has_xtr_id = true;
	return conf_end(p);
}

/* site-id N: the ETR's site-ID (RFC 9301 5.6), 64 bits. */
int conf_cmd_site_id(struct conf_parser *p)
{
	unsigned long v;

	if (conf_once_uint(p, "site-id", "a number", 0, ULONG_MAX,
			   &p->site_id_line, &v))
		return -1;
	p->c->site_id = v;
	return 0;
}

/*
 * rloc-probing off | on | [interval S] [retries N] [retry-interval S]:
 * the ITR's RLOC probes (agent/itr/probe.h).  A locator that fails is
 * down at most interval + (retries + 1) x retry-interval after its last
 * answer, so retry-interval may not exceed interval.
 */
int conf_cmd_rloc_probing(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	const char *kw, *s;
	unsigned long v;

	if (conf_once_value(p, "rloc-probing", "off, on, interval, retries "
			    "or retry-interval", &p->rloc_probing_line, &kw))
		return -1;
	if (!strcmp(kw, "off") || !strcmp(kw, "on")) {
		c->probe_off = kw[1] == 'f';
		return conf_end(p);
	}
	for (; kw; kw = conf_next(p)) {
		if (!strcmp(kw, "interval")) {
			if (conf_value(p, kw, "seconds", &s) ||
			    conf_uint(p, kw, s, 1,
				      LISP_PROBE_INTERVAL_MAX_MS / 1000, &v))
				return -1;
			c->probe_interval_s = (uint32_t)v;
		} else if (!strcmp(kw, "retries")) {
			if (conf_value(p, kw, "a number", &s) ||
			    conf_uint(p, kw, s, 0, LISP_PROBE_RETRIES_MAX, &v))
				return -1;
			c->probe_retries = (uint32_t)v;
		} else if (!strcmp(kw, "retry-interval")) {
			if (conf_value(p, kw, "seconds", &s) ||
			    conf_uint(p, kw, s, 1,
				      LISP_PROBE_INTERVAL_MAX_MS / 1000, &v))
				return -1;
			c->probe_retry_s = (uint32_t)v;
		} else {
			return conf_unexpected(p, kw, "off, on, interval, "
					       "retries or retry-interval");
		}
	}
	if (c->probe_retry_s > c->probe_interval_s)
		return conf_fail(p, "retry-interval %us is longer than "
				 "interval %us", c->probe_retry_s,
				 c->probe_interval_s);
	return 0;
}

/* rate-limit {requests|smr|smr-all|smr-send|smr-send-all} RATE BURST */
int conf_cmd_rate_limit(struct conf_parser *p)
{
	static const char kinds[] = "requests, smr, smr-all, smr-send or "
				    "smr-send-all";
	struct lispd_conf *c = p->c;
	const struct {
		const char *name;
		uint32_t *rate, *burst;
	} what_v[] = {
		{ "requests", &c->rl_req_rate, &c->rl_req_burst },
		{ "smr", &c->rl_smr_rate, &c->rl_smr_burst },
		{ "smr-all", &c->rl_smr_all_rate, &c->rl_smr_all_burst },
		{ "smr-send", &c->rl_smr_send_rate, &c->rl_smr_send_burst },
		{ "smr-send-all", &c->rl_smr_send_all_rate,
		  &c->rl_smr_send_all_burst },
	};
	unsigned long rate, burst;
	const char *what = conf_next(p), *s;
	uint32_t *r = NULL, *b = NULL;
	unsigned int i;

	if (!what)
		return conf_fail(p, "\"rate-limit\" needs %s", kinds);
	for (i = 0; i < sizeof(what_v) / sizeof(what_v[0]); i++) {
		if (!strcmp(what, what_v[i].name)) {
			r = what_v[i].rate;
			b = what_v[i].burst;
		}
	}
	if (!r)
		return conf_unexpected(p, what, "requests, smr, smr-all, "
				       "smr-send or smr-send-all after "
				       "\"rate-limit\"");
	if (conf_value(p, what, "a rate (a second)", &s) ||
	    conf_uint(p, what, s, 0, LISPD_RL_MAX, &rate) ||
	    conf_value(p, what, "a burst", &s) ||
	    conf_uint(p, what, s, 1, LISPD_RL_MAX, &burst))
		return -1;
	*r = (uint32_t)rate;
	*b = (uint32_t)burst;
	return conf_end(p);
}

/* site add NAME key SECRET [key-id N] [key-type {sha1|sha256}] */
static int site_add(struct conf_parser *p)
{
	struct lispd_conf_site *site;
	struct lisp_ms_key key;
	const char *name, *secret;
	unsigned int i;

	if (conf_value(p, "site add", "a site name", &name))
		return -1;
	if (strlen(name) >= LISP_MS_NAME_MAX)
		return conf_fail(p, "site name \"%s\": longer than %d "
				 "characters", name, LISP_MS_NAME_MAX - 1);
	if (conf_keyword(p, name, "key", "SECRET") ||
	    conf_value(p, "key", "a secret", &secret) ||
	    conf_key_opts(p, secret, &key, NULL))
		return -1;
	site = conf_site_find(p, name);
	if (!site) {
		site = conf_site_new(p, name);
		if (!site)
			return -1;
	}
	/* A site added again gets one more key (key roll-over). */
	for (i = 0; i < site->nkeys; i++) {
		if (site->key[i].key_id == key.key_id &&
		    site->key[i].alg_id == key.alg_id)
			return conf_fail(p, "site \"%s\": key-id %u %s already "
					 "given", name, key.key_id,
					 lispd_key_type_str(key.alg_id));
	}
	if (site->nkeys == LISP_MS_MAX_KEYS)
		return conf_fail(p, "site \"%s\": more than %d keys", name,
				 LISP_MS_MAX_KEYS);
	site->key[site->nkeys++] = key;
	return 0;
}

/* The site named by the next word, defined by a "site add" before. */
static struct lispd_conf_site *site_named(struct conf_parser *p,
					  const char *kw)
{
	struct lispd_conf_site *site;
	const char *name;

	if (conf_value(p, kw, "a site name", &name))
		return NULL;
	site = conf_site_find(p, name);
	if (!site)
		conf_fail(p, "site \"%s\" is not defined (its \"site add\" "
			  "line must come first)", name);
	return site;
}

/* site prefix NAME PREFIX [iid N] [accept-more-specifics] */
static int site_prefix(struct conf_parser *p)
{
	struct lispd_conf_site *site = site_named(p, "site prefix");
	struct lispd_conf_prefix *pfx;
	bool has_iid = false, ams = false;
	const char *s, *kw;
	unsigned long iid = 0;
	struct lisp_ip ip;
	uint8_t plen;

	if (!site)
		return -1;
	if (conf_value(p, site->name, "an EID prefix", &s) ||
	    conf_prefix(p, s, &ip, &plen))
		return -1;
	while ((kw = conf_next(p))) {
		if (!strcmp(kw, "iid") && !has_iid) {
			if (conf_value(p, kw, "an instance-id", &s) ||
			    conf_uint(p, kw, s, 0, LISP_IID_MAX, &iid))
				return -1;
			has_iid = true;
		} else if (!strcmp(kw, "accept-more-specifics") && !ams) {
			ams = true;
		} else if (!strcmp(kw, "iid") ||
			   !strcmp(kw, "accept-more-specifics")) {
			return conf_fail(p, "\"%s\" given twice", kw);
		} else {
			return conf_unexpected(p, kw,
					       "iid or accept-more-specifics");
		}
	}
	if (p->nprefix == LISP_MS_MAX_PREFIXES)
		return conf_fail(p, "more than %d site prefixes",
				 LISP_MS_MAX_PREFIXES);
	pfx = conf_push(p, (void **)&site->prefix, &site->nprefix,
			&site->prefix_cap, sizeof(*site->prefix),
			LISP_MS_MAX_SITE_PREFIXES, "prefixes in one site");
	if (!pfx)
		return -1;
	if (ip.afi == LISP_AFI_IPV4)
		lisp_addr_set_ipv4(&pfx->eid, ip.addr);
	else
		lisp_addr_set_ipv6(&pfx->eid, ip.addr);
	if (has_iid)
		lisp_addr_set_iid(&pfx->eid, (uint32_t)iid);
	p->nprefix++;
	pfx->plen = plen;
	pfx->accept_more_specifics = ams;
	pfx->line = p->line;
	return 0;
}

/* site anti-replay NAME {counter|require-xtr-id|window} */
static int site_anti_replay(struct conf_parser *p)
{
	struct lispd_conf_site *site = site_named(p, "site anti-replay");
	const char *v;
	unsigned int i;

	if (!site)
		return -1;
	if (site->replay_line)
		return conf_fail(p, "site \"%s\": anti-replay already set at "
				 "line %u", site->name, site->replay_line);
	if (conf_value(p, site->name, "counter, require-xtr-id or window",
		       &v))
		return -1;
	for (i = 0; i < LISP_MS_REPLAY_MAX; i++) {
		if (!strcmp(v, lisp_ms_replay_str(i)))
			break;
	}
	if (i == LISP_MS_REPLAY_MAX)
		return conf_fail(p, "anti-replay \"%s\": expected counter, "
				 "require-xtr-id or window", v);
	site->replay = i;
	site->replay_line = p->line;
	return conf_end(p);
}

/* site max-registrations NAME N */
static int site_max_regs(struct conf_parser *p)
{
	struct lispd_conf_site *site = site_named(p, "site max-registrations");
	unsigned long v;
	const char *s;

	if (!site)
		return -1;
	if (site->max_regs_line)
		return conf_fail(p, "site \"%s\": max-registrations already "
				 "set at line %u", site->name,
				 site->max_regs_line);
	if (conf_value(p, site->name, "a number of registrations", &s) ||
	    conf_uint(p, "max-registrations", s, 1, LISP_MS_MAX_REGS, &v))
		return -1;
	site->max_regs = (unsigned int)v;
	site->max_regs_line = p->line;
	return conf_end(p);
}

int conf_cmd_site(struct conf_parser *p)
{
	const char *sub = conf_next(p);

	if (!sub)
		return conf_fail(p, "\"site\" needs add, prefix, anti-replay "
				 "or max-registrations");
	if (!strcmp(sub, "add"))
		return site_add(p);
	if (!strcmp(sub, "prefix"))
		return site_prefix(p);
	if (!strcmp(sub, "anti-replay"))
		return site_anti_replay(p);
	if (!strcmp(sub, "max-registrations"))
		return site_max_regs(p);
	return conf_unexpected(p, sub, "add, prefix, anti-replay or "
			       "max-registrations after \"site\"");
}

static struct lispd_conf_peer *peer_new(struct conf_parser *p, bool ms)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_peer *peer;

	if (ms)
		peer = conf_push(p, (void **)&c->ms, &c->nms, &c->ms_cap,
				 sizeof(*peer), LISPD_CONF_MAX_PEERS,
				 "map-servers");
	else
		peer = conf_push(p, (void **)&c->mr, &c->nmr, &c->mr_cap,
				 sizeof(*peer), LISPD_CONF_MAX_PEERS,
				 "map-resolvers");
	if (peer) {
		peer->port = LISP_CONTROL_PORT;
		peer->line = p->line;
	}
	return peer;
}

/*
 * map-server pubsub [max-subscriptions N] [per-prefix N] [retry-ms N]
 * [retries N]: the bounds and timers of publish/subscribe (RFC 9437).
 */
static int map_server_pubsub(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	const char *kw, *s;
	unsigned long v;

	while ((kw = conf_next(p))) {
		if (conf_value(p, kw, "a number", &s))
			return -1;
		if (!strcmp(kw, "max-subscriptions")) {
			if (conf_uint(p, kw, s, 1, LISP_MS_PS_MAX_SUBS_LIMIT,
				      &v))
				return -1;
			c->ms_ps_max_subs = (unsigned int)v;
		} else if (!strcmp(kw, "per-prefix")) {
			if (conf_uint(p, kw, s, 1, LISP_MS_PS_MAX_SUBS_LIMIT,
				      &v))
				return -1;
			c->ms_ps_per_prefix = (unsigned int)v;
		} else if (!strcmp(kw, "retry-ms")) {
			if (conf_uint(p, kw, s, 10, 60000, &v))
				return -1;
			c->ms_ps_retry_ms = (uint32_t)v;
		} else if (!strcmp(kw, "retries")) {
			if (conf_uint(p, kw, s, 1, 255, &v))
				return -1;
			c->ms_ps_retries = (unsigned int)v;
		} else {
			return conf_unexpected(p, kw, "max-subscriptions, "
					       "per-prefix, retry-ms or retries");
		}
	}
	return 0;
}

/* map-server add ADDR key SECRET [key-id N] [key-type T] [port N] */
/* map-server add ADDR key SECRET ... | reply-ratio N | pubsub ... */
int conf_cmd_map_server(struct conf_parser *p)
{
	struct lispd_conf_peer *peer;
	const char *sub = conf_next(p), *s, *secret;
	struct lisp_ip ip;
	unsigned long v;

	if (!sub)
		return conf_fail(p, "\"map-server\" needs add, reply-ratio "
				 "or pubsub");
	if (!strcmp(sub, "pubsub"))
		return map_server_pubsub(p);
	if (!strcmp(sub, "reply-ratio")) {
		if (conf_value(p, sub, "a number", &s) ||
		    conf_uint(p, sub, s, 0, 1000, &v))
			return -1;
		p->c->ms_reply_ratio = (unsigned int)v;
		return conf_end(p);
	}
	if (strcmp(sub, "add"))
		return conf_unexpected(p, sub, "add, reply-ratio or pubsub "
				       "after \"map-server\"");
	if (conf_value(p, "map-server add", "an address", &s) ||
	    conf_ip(p, "map-server", s, &ip))
		return -1;
	if (conf_keyword(p, s, "key", "SECRET") ||
	    conf_value(p, "key", "a secret", &secret))
		return -1;
	peer = peer_new(p, true);
	if (!peer)
		return -1;
	peer->addr = ip;
	return conf_key_opts(p, secret, &peer->key, &peer->port);
}

/* The end of a line: nothing, or "port N" (then *port is set). */
static int port_tail(struct conf_parser *p, uint16_t *port)
{
	const char *kw = conf_next(p), *s;
	unsigned long v;

	if (!kw)
		return 0;
	if (strcmp(kw, "port"))
		return conf_unexpected(p, kw, "port or the end of the line");
	if (conf_value(p, kw, "a port number", &s) ||
	    conf_uint(p, kw, s, 1, 65535, &v))
		return -1;
	*port = (uint16_t)v;
	return conf_end(p);
}

/* map-resolver forward PREFIX [iid N] to ADDR [port N] */
static int map_resolver_forward(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_route *r;
	const char *s, *kw;
	unsigned long iid;
	struct lisp_ip ip;
	uint8_t plen;

	if (conf_value(p, "map-resolver forward", "an EID prefix", &s) ||
	    conf_prefix(p, s, &ip, &plen))
		return -1;
	r = conf_push(p, (void **)&c->route, &c->nroute, &c->route_cap,
		      sizeof(*r), LISP_MS_MAX_ROUTES,
		      "map-resolver forward prefixes");
	if (!r)
		return -1;
	r->line = p->line;
	r->plen = plen;
	r->port = LISP_CONTROL_PORT;
	if (ip.afi == LISP_AFI_IPV4)
		lisp_addr_set_ipv4(&r->eid, ip.addr);
	else
		lisp_addr_set_ipv6(&r->eid, ip.addr);
	kw = conf_next(p);
	if (kw && !strcmp(kw, "iid")) {
		if (conf_value(p, kw, "an instance-id", &s) ||
		    conf_uint(p, kw, s, 0, LISP_IID_MAX, &iid))
			return -1;
		lisp_addr_set_iid(&r->eid, (uint32_t)iid);
		kw = conf_next(p);
	}
	if (!kw)
		return conf_fail(p, "\"map-resolver forward\" needs \"to "
				 "ADDR\" (the Map-Server)");
	if (strcmp(kw, "to"))
		return conf_unexpected(p, kw, "iid or to");
	if (conf_value(p, kw, "a Map-Server address", &s) ||
	    conf_ip(p, "to", s, &r->ms_addr))
		return -1;
	return port_tail(p, &r->port);
}

/*
 * map-resolver enable | map-resolver add ADDR [port N] |
 * map-resolver forward PREFIX [iid N] to ADDR [port N]
 */
int conf_cmd_map_resolver(struct conf_parser *p)
{
	struct lispd_conf_peer *peer;
	const char *sub = conf_next(p), *s;
	struct lisp_ip ip;

	if (!sub)
		return conf_fail(p, "\"map-resolver\" needs enable, add or "
				 "forward");
	if (!strcmp(sub, "forward"))
		return map_resolver_forward(p);
	if (!strcmp(sub, "enable")) {
		if (p->mr_enable_line)
			return conf_fail(p, "map-resolver already enabled at "
					 "line %u", p->mr_enable_line);
		p->c->map_resolver = true;
		p->mr_enable_line = p->line;
		return conf_end(p);
	}
	if (strcmp(sub, "add"))
		return conf_unexpected(p, sub, "enable, add or forward after "
				       "\"map-resolver\"");
	if (conf_value(p, "map-resolver add", "an address", &s) ||
	    conf_ip(p, "map-resolver", s, &ip))
		return -1;
	peer = peer_new(p, false);
	if (!peer)
		return -1;
	peer->addr = ip;
	return port_tail(p, &peer->port);
}

/* itr min-prefix-len {4|6} N */
static int itr_min_prefix_len(struct conf_parser *p)
{
	const char *fam, *s;
	unsigned long v;
	bool v4;

	if (conf_value(p, "min-prefix-len", "4 or 6", &fam))
		return -1;
	if (strcmp(fam, "4") && strcmp(fam, "6"))
		return conf_unexpected(p, fam, "4 or 6 after \"min-prefix-len\"");
	v4 = fam[0] == '4';
	if (conf_value(p, "min-prefix-len", "a prefix length", &s) ||
	    conf_uint(p, "min-prefix-len", s, 0, v4 ? 32 : 128, &v))
		return -1;
	if (v4)
		p->c->itr_min_plen4 = (uint8_t)v;
	else
		p->c->itr_min_plen6 = (uint8_t)v;
	return conf_end(p);
}

/*
 * itr subscribe on|off: publish/subscribe (RFC 9437).  Checked with the
 * rest (conf_check.c): the map-servers take subscriptions only from an
 * xTR that registers with them.
 */
static int itr_subscribe(struct conf_parser *p)
{
	const char *kw;

	if (conf_once_value(p, "itr subscribe", "on or off",
			    &p->itr_subscribe_line, &kw))
		return -1;
	if (strcmp(kw, "on") && strcmp(kw, "off"))
		return conf_unexpected(p, kw, "on or off after \"subscribe\"");
	p->c->itr_subscribe = kw[1] == 'n';
	return conf_end(p);
}

/*
 * itr dev DEV [pitr] | itr min-prefix-len {4|6} N |
 * itr subscribe on|off
 */
int conf_cmd_itr(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_itr *itr;
	const char *s, *kw;

	kw = conf_peek(p);
	if (kw && !strcmp(kw, "min-prefix-len")) {
		conf_next(p);
		return itr_min_prefix_len(p);
	}
	if (kw && !strcmp(kw, "subscribe")) {
		conf_next(p);
		return itr_subscribe(p);
	}
	if (conf_keyword(p, "itr", "dev", "DEV") ||
	    conf_value(p, "dev", "a device name", &s))
		return -1;
	itr = conf_push(p, (void **)&c->itr, &c->nitr, &c->itr_cap,
			sizeof(*itr), LISPD_CONF_MAX_ITRS, "itr devices");
	if (!itr || conf_dev(p, s, itr->dev))
		return -1;
	itr->line = p->line;
	kw = conf_next(p);
	if (!kw)
		return 0;
	if (strcmp(kw, "pitr"))
		return conf_unexpected(p, kw, "pitr or the end of the line");
	itr->pitr = true;
	return conf_end(p);
}

/*
 * device add NAME [ATTRIBUTE VALUE ...] [mtu N] [route PREFIX ...]
 * [on-stop keep|delete]: the attributes are ip link's (link_opts.c).
 */
int conf_cmd_device(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_device *dev;
	struct lispd_conf_dev_route *r;
	char why[LISPD_CONF_ERR_MAX];
	const char *s, *kw, *v;
	struct lisp_ip dst;
	unsigned long mtu;
	int rc;

	if (conf_keyword(p, "device", "add", "NAME") ||
	    conf_value(p, "device add", "a device name", &s))
		return -1;
	dev = conf_push(p, (void **)&c->device, &c->ndevice, &c->device_cap,
			sizeof(*dev), LISPD_CONF_MAX_DEVICES, "device lines");
	if (!dev || conf_dev(p, s, dev->name))
		return -1;
	dev->line = p->line;
	while ((kw = conf_next(p))) {
		if (conf_value(p, kw, "a value", &v))
			return -1;
		if (!strcmp(kw, "mtu")) {
			if (conf_uint(p, kw, v, 68, 65535, &mtu))
				return -1;
			dev->mtu = (uint32_t)mtu;
		} else if (!strcmp(kw, "route")) {
			if (dev->nroute == LISPD_CONF_MAX_DEV_ROUTES)
				return conf_fail(p, "more than %u routes",
						 LISPD_CONF_MAX_DEV_ROUTES);
			r = &dev->route[dev->nroute++];
			if (conf_prefix(p, v, &dst, &r->plen))
				return -1;
			lispd_ip_to_kaddr(&dst, &r->dst);
		} else if (!strcmp(kw, "on-stop")) {
			if (strcmp(v, "keep") && strcmp(v, "delete"))
				return conf_unexpected(p, v, "keep or delete "
						       "after \"on-stop\"");
			dev->delete_on_stop = !strcmp(v, "delete");
		} else {
			rc = lisp_link_opt_parse(&dev->opts, kw, v, why,
						 sizeof(why));
			if (rc < 0)
				return conf_fail(p, "%s", why);
			if (rc == 0)
				return conf_unexpected(p, kw, "a device "
						       "attribute (iid, port, "
						       "local, ttl, tos, "
						       "miss-rate, src-check, "
						       "dst-check), mtu, route "
						       "or on-stop");
		}
	}
	lisp_link_opts_complete(&dev->opts);
	return 0;
}

/* A locator ADDR [priority P] [weight W] into loc[*n], at most max. */
static int loc_add(struct conf_parser *p, const char *kw, const char *s,
		   struct lispd_conf_loc *loc, unsigned int *n,
		   unsigned int max)
{
	if (*n == max)
		return conf_fail(p, "more than %u locators", max);
	loc += (*n)++;
	loc->priority = LISPD_DEFAULT_PRIORITY;
	loc->weight = LISPD_DEFAULT_WEIGHT;
	return conf_ip(p, kw, s, &loc->addr);
}

/*
 * database add [dev DEV] PREFIX [iid N] rloc ADDR [priority P] [weight W]
 *                                       [rloc ...]
 * Without "dev" the entry is for a control plane without the kernel
 * (lispd run --no-kernel): lispd_conf_check_kernel() refuses it else.
 */
int conf_cmd_database(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_db *db;
	const char *sub = conf_next(p), *s, *kw;
	unsigned long iid;
	int r;

	if (!sub)
		return conf_fail(p, "\"database\" needs add");
	if (strcmp(sub, "add"))
		return conf_unexpected(p, sub, "add after \"database\"");
	db = conf_push(p, (void **)&c->db, &c->ndb, &c->db_cap, sizeof(*db),
		       LISPD_CONF_MAX_DB, "database entries");
	if (!db)
		return -1;
	db->line = p->line;
	s = conf_peek(p);
	if (s && !strcmp(s, "dev")) {
		conf_next(p);
		if (conf_value(p, "dev", "a device name", &s) ||
		    conf_dev(p, s, db->dev))
			return -1;
	}
	if (conf_value(p, db->dev[0] ? db->dev : "database add",
		       "an EID prefix", &s))
		return -1;
	/* No address has neither: a device name without "dev"? */
	if (!db->dev[0] && !strpbrk(s, ".:"))
		return conf_fail(p, "unexpected \"%s\" after \"database "
				 "add\" (expected [dev DEV] PREFIX)", s);
	if (conf_prefix(p, s, &db->eid, &db->plen))
		return -1;
	while ((kw = conf_next(p))) {
		if (!strcmp(kw, "rloc")) {
			if (conf_value(p, kw, "an address", &s) ||
			    loc_add(p, kw, s, db->loc, &db->nloc,
				    LISP_MAX_LOCATORS))
				return -1;
		} else if (!strcmp(kw, "iid")) {
			if (db->has_iid)
				return conf_fail(p, "\"iid\" given twice");
			if (conf_value(p, kw, "an instance-id", &s) ||
			    conf_uint(p, kw, s, 0, LISP_IID_MAX, &iid))
				return -1;
			db->has_iid = true;
			db->iid = (uint32_t)iid;
		} else if (db->nloc &&
			   (r = conf_loc_opt(p, kw, &db->loc[db->nloc - 1]))) {
			if (r < 0)
				return -1;
		} else {
			return conf_unexpected(p, kw, db->nloc ?
					       "rloc, priority, weight or iid" :
					       "rloc or iid");
		}
	}
	if (!db->nloc)
		return conf_fail(p, "database entry needs at least one "
				 "\"rloc ADDR\"");
	return 0;
}

/* A dynamic-eid name: printable, no blank (it is one word anyway). */
static int dyneid_name(struct conf_parser *p, const char *name, char *out)
{
	const char *c;

	if (strlen(name) >= LISPD_DYNEID_NAME_MAX)
		return conf_fail(p, "dynamic-eid name \"%s\": longer than %d "
				 "characters", name, LISPD_DYNEID_NAME_MAX - 1);
	for (c = name; *c; c++) {
		if (!isalnum((unsigned char)*c) && !strchr("-_.", *c))
			return conf_fail(p, "dynamic-eid name \"%s\": only "
					 "letters, digits, '-', '_' and '.'",
					 name);
	}
	strcpy(out, name);
	return 0;
}

/*
 * dynamic-eid NAME prefix PREFIX [iid N] interface IF [dev DEV]
 *             rloc ADDR [priority P] [weight W] [rloc ...]
 *             [max-hosts N] [hold S]
 * dev and iid as in "database add"; the locators are the ones every
 * host of the prefix is registered with.
 */
int conf_cmd_dynamic_eid(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_dyneid *e;
	struct lispd_conf_db *db;
	const char *name, *s, *kw;
	unsigned long v;
	bool has_prefix = false, has_max = false, has_hold = false;
	int r;

	if (conf_value(p, "dynamic-eid", "a name", &name))
		return -1;
	e = conf_push(p, (void **)&c->dyneid, &c->ndyneid, &c->dyneid_cap,
		      sizeof(*e), LISPD_CONF_MAX_DYNEIDS, "dynamic-eid lines");
	if (!e || dyneid_name(p, name, e->name))
		return -1;
	db = &e->db;
	e->line = db->line = p->line;
	e->max_hosts = LISP_DYN_MAX_HOSTS_DEFAULT;
	e->hold_ms = LISP_DYN_HOLD_MS_DEFAULT;
	while ((kw = conf_next(p))) {
		if (!strcmp(kw, "prefix") && !has_prefix) {
			if (conf_value(p, kw, "an EID prefix", &s) ||
			    conf_prefix(p, s, &db->eid, &db->plen))
				return -1;
			has_prefix = true;
		} else if (!strcmp(kw, "interface") && !e->interface[0]) {
			if (conf_value(p, kw, "an interface name", &s) ||
			    conf_dev(p, s, e->interface))
				return -1;
		} else if (!strcmp(kw, "dev") && !db->dev[0]) {
			if (conf_value(p, kw, "a device name", &s) ||
			    conf_dev(p, s, db->dev))
				return -1;
		} else if (!strcmp(kw, "iid") && !db->has_iid) {
			if (conf_value(p, kw, "an instance-id", &s) ||
			    conf_uint(p, kw, s, 0, LISP_IID_MAX, &v))
				return -1;
			db->has_iid = true;
			db->iid = (uint32_t)v;
		} else if (!strcmp(kw, "max-hosts") && !has_max) {
			if (conf_value(p, kw, "a number of hosts", &s) ||
			    conf_uint(p, kw, s, 1, LISP_DYN_MAX_HOSTS_MAX, &v))
				return -1;
			e->max_hosts = (unsigned int)v;
			has_max = true;
		} else if (!strcmp(kw, "hold") && !has_hold) {
			if (conf_value(p, kw, "seconds", &s) ||
			    conf_uint(p, kw, s, 0, LISPD_DYNEID_HOLD_MAX_S, &v))
				return -1;
			e->hold_ms = (uint32_t)v * 1000;
			has_hold = true;
		} else if (!strcmp(kw, "rloc")) {
			if (conf_value(p, kw, "an address", &s) ||
			    loc_add(p, kw, s, db->loc, &db->nloc,
				    LISP_MAX_LOCATORS))
				return -1;
		} else if (db->nloc &&
			   (r = conf_loc_opt(p, kw, &db->loc[db->nloc - 1]))) {
			if (r < 0)
				return -1;
		} else {
			return conf_unexpected(p, kw, "prefix, interface, dev, "
					       "iid, rloc, max-hosts or hold "
					       "(each once)");
		}
	}
	if (!has_prefix)
		return conf_fail(p, "dynamic-eid %s needs \"prefix PREFIX\"",
				 e->name);
	if (!e->interface[0])
		return conf_fail(p, "dynamic-eid %s needs \"interface IF\"",
				 e->name);
	if (!db->nloc)
		return conf_fail(p, "dynamic-eid %s needs at least one "
				 "\"rloc ADDR\"", e->name);
	return 0;
}

/* petr set dev DEV ADDR [priority P] [weight W] [ADDR ...] */
int conf_cmd_petr(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_petr *pe;
	const char *sub = conf_next(p), *s, *kw;
	int r;

	if (!sub)
		return conf_fail(p, "\"petr\" needs set");
	if (strcmp(sub, "set"))
		return conf_unexpected(p, sub, "set after \"petr\"");
	if (conf_keyword(p, "petr set", "dev", "DEV") ||
	    conf_value(p, "dev", "a device name", &s))
		return -1;
	pe = conf_push(p, (void **)&c->petr, &c->npetr, &c->petr_cap,
		       sizeof(*pe), LISPD_CONF_MAX_PETR_DEVS, "petr lines");
	if (!pe || conf_dev(p, s, pe->dev))
		return -1;
	pe->line = p->line;
	while ((kw = conf_next(p))) {
		if (pe->nloc && (r = conf_loc_opt(p, kw,
						  &pe->loc[pe->nloc - 1]))) {
			if (r < 0)
				return -1;
		} else if (loc_add(p, "petr", kw, pe->loc, &pe->nloc,
				   LISP_MAX_PETRS)) {
			return -1;
		}
	}
	if (!pe->nloc)
		return conf_fail(p, "\"petr set dev %s\" needs at least one "
				 "address", pe->dev);
	return 0;
}

/*
 * map-cache add dev DEV ENTRY: the entry as "lispd map-cache add" takes
 * it (map_entry.h) but for excl: a file describes the state wanted, so
 * an entry already in the kernel is replaced.  Host bits are refused as
 * in every prefix of the file.
 */
int conf_cmd_map_cache(struct conf_parser *p)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_map *e;
	const char *sub = conf_next(p), *s;
	char why[LISPD_CONF_ERR_MAX];
	char *const *words;
	int n;

	if (!sub)
		return conf_fail(p, "\"map-cache\" needs add");
	if (strcmp(sub, "add"))
		return conf_unexpected(p, sub, "add after \"map-cache\"");
	if (conf_keyword(p, "map-cache add", "dev", "DEV") ||
	    conf_value(p, "dev", "a device name", &s))
		return -1;
	e = conf_push(p, (void **)&c->map, &c->nmap, &c->map_cap, sizeof(*e),
		      LISPD_CONF_MAX_MAPS, "map-cache entries");
	if (!e || conf_dev(p, s, e->dev))
		return -1;
	e->line = p->line;
	words = conf_rest(p, &n);
	if (map_entry_parse(n, words, MAP_ENTRY_EXACT, &e->map, NULL, why,
			    sizeof(why)))
		return conf_fail(p, "%s", why);
	/* The kernel would refuse it, but only when the file is applied. */
	if (!e->map.n_loc && e->map.action == LISP_MAP_ENCAP)
		return conf_fail(p, "map-cache entry needs \"rloc ADDR\" or "
				 "\"action ACTION\"");
	return 0;
}
