// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration parser: split lines into words, hand each line to
 * its command (conf_cmd.c), check the whole (conf_check.c).  Pure: no
 * I/O, no global state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_priv.h"
#include "lib/bits.h"

int conf_fail(struct conf_parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errlen, "%s:%u: ", p->name, p->line);
	if (n >= 0 && (size_t)n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void *conf_push(struct conf_parser *p, void **arr, unsigned int *n,
		unsigned int *cap, size_t size, unsigned int max,
		const char *what)
{
	unsigned int ncap;
	char *a;

	if (*n >= max) {
		conf_fail(p, "more than %u %s", max, what);
		return NULL;
	}
	if (*n == *cap) {
		ncap = *cap ? *cap * 2 : 8;
		if (ncap > max)
			ncap = max;
		a = realloc(*arr, (size_t)ncap * size);
		if (!a) {
			conf_fail(p, "out of memory");
			return NULL;
		}
		*arr = a;
		*cap = ncap;
	}
	a = (char *)*arr + (size_t)(*n)++ * size;
	memset(a, 0, size);
	return a;
}

static unsigned int name_hash(const char *s)
{
	return fnv1a_str(FNV1A_INIT, s) % CONF_SITE_HASH;
}

struct lispd_conf_site *conf_site_find(struct conf_parser *p,
				       const char *name)
{
	unsigned int i = p->site_bucket[name_hash(name)];

	while (i && strcmp(p->c->site[i - 1].name, name))
		i = p->site_next[i - 1];
	return i ? &p->c->site[i - 1] : NULL;
}

struct lispd_conf_site *conf_site_new(struct conf_parser *p,
				      const char *name)
{
	struct lispd_conf *c = p->c;
	struct lispd_conf_site *s;
	unsigned int *next, h;

	s = conf_push(p, (void **)&c->site, &c->nsite, &c->site_cap,
		      sizeof(*c->site), LISP_MS_MAX_SITES, "sites");
	if (!s)
		return NULL;
	next = realloc(p->site_next, (size_t)c->site_cap * sizeof(*next));
	if (!next) {
		c->nsite--;
		conf_fail(p, "out of memory");
		return NULL;
	}
	p->site_next = next;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->line = p->line;
	s->max_regs = LISP_MS_SITE_MAX_REGS;
	h = name_hash(name);
	next[c->nsite - 1] = p->site_bucket[h];
	p->site_bucket[h] = c->nsite;
	return s;
}

static const struct {
	const char *name;
	int (*parse)(struct conf_parser *p);
} commands[] = {
	{ "log-level", conf_cmd_log_level },
	{ "control-port", conf_cmd_control_port },
	{ "register-period", conf_cmd_register_period },
	{ "iid0-encoding", conf_cmd_iid0_encoding },
	{ "site", conf_cmd_site },
	{ "map-server", conf_cmd_map_server },
	{ "map-resolver", conf_cmd_map_resolver },
	{ "itr", conf_cmd_itr },
	{ "device", conf_cmd_device },
	{ "database", conf_cmd_database },
	{ "petr", conf_cmd_petr },
	{ "map-cache", conf_cmd_map_cache },
	{ "rate-limit", conf_cmd_rate_limit },
	{ "xtr-id", conf_cmd_xtr_id },
	{ "site-id", conf_cmd_site_id },
	{ "rloc-probing", conf_cmd_rloc_probing },
	{ "dynamic-eid", conf_cmd_dynamic_eid },
};

/*
 * Words are separated by blanks; a word starting with '#' starts a
 * comment (so a key may contain '#', just not begin with it).
 */
static int split(struct conf_parser *p, const char *s, size_t len)
{
	char *w, *save;

	if (len >= sizeof(p->buf))
		return conf_fail(p, "line longer than %zu characters",
				 sizeof(p->buf) - 1);
	if (memchr(s, '\0', len))
		return conf_fail(p, "NUL byte in the line");
	memcpy(p->buf, s, len);
	p->buf[len] = '\0';
	p->argc = p->pos = 0;
	for (w = strtok_r(p->buf, " \t\r\n\v\f", &save); w;
	     w = strtok_r(NULL, " \t\r\n\v\f", &save)) {
		if (w[0] == '#')
			break;
		if (p->argc == LISPD_CONF_WORDS_MAX)
			return conf_fail(p, "more than %d words",
					 LISPD_CONF_WORDS_MAX);
		p->argv[p->argc++] = w;
	}
	return 0;
}

static int parse_line(struct conf_parser *p, const char *s, size_t len)
{
	const char *cmd;
	unsigned int i;

	if (split(p, s, len))
		return -1;
	cmd = conf_next(p);
	if (!cmd)
		return 0;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(cmd, commands[i].name))
			return commands[i].parse(p);
	}
	return conf_fail(p, "unknown command \"%s\" (expected log-level, "
			 "control-port, register-period, site, map-server, "
			 "map-resolver, itr, database, petr, map-cache, "
			 "rate-limit, xtr-id, site-id or rloc-probing)", cmd);
}

static struct conf_parser *parser_new(const char *name, char *err,
				      size_t errlen)
{
	struct conf_parser *p = calloc(1, sizeof(*p));

	if (!p) {
		snprintf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	p->c = calloc(1, sizeof(*p->c));
	if (!p->c) {
		free(p);
		snprintf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	p->c->log_level = LISPD_LOG_INFO;
	p->c->control_port = LISP_CONTROL_PORT;
	p->c->register_period_s = LISPD_REGISTER_PERIOD_S;
	p->c->itr_min_plen4 = LISP_ITR_MIN_PLEN4;
	p->c->itr_min_plen6 = LISP_ITR_MIN_PLEN6;
	p->c->probe_interval_s = LISP_PROBE_INTERVAL_MS / 1000;
	p->c->probe_retries = LISP_PROBE_RETRIES;
	p->c->probe_retry_s = LISP_PROBE_RETRY_MS / 1000;
	p->c->ms_reply_ratio = LISP_MS_REPLY_RATIO;
	p->c->rl_req_rate = LISPD_RL_REQ_RATE;
	p->c->rl_req_burst = LISPD_RL_REQ_BURST;
	p->c->rl_smr_rate = LISPD_RL_SMR_RATE;
	p->c->rl_smr_burst = LISPD_RL_SMR_BURST;
	p->c->rl_smr_all_rate = LISPD_RL_SMR_ALL_RATE;
	p->c->rl_smr_all_burst = LISPD_RL_SMR_ALL_BURST;
	p->c->rl_smr_send_rate = LISPD_RL_SMR_SEND_RATE;
	p->c->rl_smr_send_burst = LISPD_RL_SMR_SEND_BURST;
	p->c->rl_smr_send_all_rate = LISPD_RL_SMR_SEND_ALL_RATE;
	p->c->rl_smr_send_all_burst = LISPD_RL_SMR_SEND_ALL_BURST;
	p->name = name;
	p->err = err;
	p->errlen = errlen;
	return p;
}

/* Check the whole, hand the result over, free the parser. */
static int parser_finish(struct conf_parser *p, int rc,
			 struct lispd_conf **out)
{
	if (!rc) {
		p->line = 0;
		rc = conf_check(p);
	}
	if (rc)
		lispd_conf_free(p->c);
	else
		*out = p->c;
	free(p->site_next);
	free(p);
	return rc;
}

int lispd_conf_parse(const char *name, const char *const *lines,
		     size_t nlines, struct lispd_conf **out,
		     char *err, size_t errlen)
{
	struct conf_parser *p = parser_new(name, err, errlen);
	size_t i;
	int rc = 0;

	if (!p)
		return -1;
	for (i = 0; i < nlines && !rc; i++) {
		p->line = (unsigned int)i + 1;
		rc = parse_line(p, lines[i], strlen(lines[i]));
	}
	return parser_finish(p, rc, out);
}

int lispd_conf_parse_text(const char *name, const char *text, size_t len,
			  struct lispd_conf **out, char *err, size_t errlen)
{
	struct conf_parser *p = parser_new(name, err, errlen);
	const char *s = text, *end = text + len, *nl;
	int rc = 0;

	if (!p)
		return -1;
	while (s < end && !rc) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			nl = end;
		p->line++;
		rc = parse_line(p, s, (size_t)(nl - s));
		s = nl + 1;
	}
	return parser_finish(p, rc, out);
}

void lispd_conf_free(struct lispd_conf *c)
{
	unsigned int i;

	if (!c)
		return;
	for (i = 0; i < c->nsite; i++)
		free(c->site[i].prefix);
	free(c->site);
	free(c->ms);
	free(c->mr);
	free(c->route);
	free(c->itr);
	free(c->device);
	free(c->db);
	free(c->petr);
	free(c->map);
	free(c->dyneid);
	free(c);
}

bool lispd_conf_is_ms(const struct lispd_conf *c)
{
	return c->nsite > 0;
}

bool lispd_conf_is_etr(const struct lispd_conf *c)
{
	return c->nms > 0 && (c->ndb > 0 || c->ndyneid > 0);
}

bool lispd_conf_needs_kernel(const struct lispd_conf *c)
{
	return c->ndevice || c->ndb || c->npetr || c->nmap || c->nitr ||
	       c->ndyneid;
}

const struct lispd_conf_device *lispd_conf_device_find(const struct lispd_conf *c,
						       const char *name)
{
	unsigned int i;

	for (i = 0; c && i < c->ndevice; i++) {
		if (!strcmp(c->device[i].name, name))
			return &c->device[i];
	}
	return NULL;
}

bool lispd_conf_dev_route_in(const struct lispd_conf_dev_route *r,
			     const struct lispd_conf_device *dev)
{
	unsigned int i;

	for (i = 0; dev && i < dev->nroute; i++) {
		if (dev->route[i].plen == r->plen &&
		    lispd_kaddr_equal(&dev->route[i].dst, &r->dst))
			return true;
	}
	return false;
}
