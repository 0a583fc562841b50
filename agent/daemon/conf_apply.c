// SPDX-License-Identifier: GPL-2.0
/*
 * Put a parsed configuration in force, at start and on reload: only
 * what changed is touched, so registrations of unchanged sites, the
 * ETR's counters and the kernel's tables survive a reload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

struct apply_ctx {
	struct lispd *d;
	const struct lispd_conf *old, *nc;
	FILE *report;
	int errors;
	/* Sites by name, sorted, for both configurations. */
	const struct lispd_conf_site **old_sites, **new_sites;
	unsigned int sites_added, sites_removed, sites_changed;
	unsigned int db_added, db_removed, db_changed;
	unsigned int ndyn_kept;		/* dynamic-eid hosts in the database */
	bool peers_changed;
};

static int site_ptr_cmp(const void *a, const void *b)
{
	const struct lispd_conf_site *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static const struct lispd_conf_site **sites_sorted(const struct lispd_conf *c)
{
	const struct lispd_conf_site **v;
	unsigned int i, n = c ? c->nsite : 0;

	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i < n; i++)
		v[i] = &c->site[i];
	qsort(v, n, sizeof(*v), site_ptr_cmp);
	return v;
}

static const struct lispd_conf_site *
site_lookup(const struct lispd_conf_site **v, const struct lispd_conf *c,
	    const char *name)
{
	struct lispd_conf_site key, *kp = &key;
	const struct lispd_conf_site **r;

	if (!c || !c->nsite)
		return NULL;
	snprintf(key.name, sizeof(key.name), "%s", name);
	r = bsearch(&kp, v, c->nsite, sizeof(*v), site_ptr_cmp);
	return r ? *r : NULL;
}

static bool keys_equal(const struct lispd_conf_site *a,
		       const struct lispd_conf_site *b)
{
	unsigned int i;

	if (a->nkeys != b->nkeys)
		return false;
	for (i = 0; i < a->nkeys; i++) {
		if (!lispd_conf_key_equal(&a->key[i], &b->key[i]))
			return false;
	}
	return true;
}

static bool prefix_equal(const struct lispd_conf_prefix *a,
			 const struct lispd_conf_prefix *b)
{
	return a->plen == b->plen &&
	       a->accept_more_specifics == b->accept_more_specifics &&
	       lisp_addr_equal(&a->eid, &b->eid);
}

static bool prefix_in(const struct lispd_conf_prefix *p,
		      const struct lispd_conf_site *s)
{
	unsigned int i;

	for (i = 0; i < s->nprefix; i++) {
		if (prefix_equal(p, &s->prefix[i]))
			return true;
	}
	return false;
}

/* Same prefixes in the same order: the usual case, checked in O(n). */
static bool prefixes_same(const struct lispd_conf_site *a,
			  const struct lispd_conf_site *b)
{
	unsigned int i;

	if (a->nprefix != b->nprefix)
		return false;
	for (i = 0; i < a->nprefix; i++) {
		if (!prefix_equal(&a->prefix[i], &b->prefix[i]))
			return false;
	}
	return true;
}

static void site_prefix_add(struct apply_ctx *x, struct lisp_ms_site *s,
			    const struct lispd_conf_prefix *p)
{
	char pfx[LISP_ADDR_STRLEN];
	int err = lisp_ms_site_add_prefix(x->d->ms, s, &p->eid, p->plen,
					  p->accept_more_specifics);

	if (err) {
		lisp_prefix_to_str(&p->eid, p->plen, pfx, sizeof(pfx));
		lispd_report_error(x->report, &x->errors,
				   "%s:%u: site %s prefix %s: %s", x->d->conf_path,
				   p->line, s->name, pfx, lisp_ms_strerror(err));
	}
}

/* The site's settings besides keys and prefixes (checked by the parser). */
static void site_opts_set(struct lisp_ms_site *s,
			  const struct lispd_conf_site *c)
{
	lisp_ms_site_set_replay(s, c->replay);
	lisp_ms_site_set_max_regs(s, c->max_regs);
}

static bool opts_same(const struct lispd_conf_site *a,
		      const struct lispd_conf_site *b)
{
	return a->replay == b->replay && a->max_regs == b->max_regs;
}

static void site_create(struct apply_ctx *x, const struct lispd_conf_site *c)
{
	struct lisp_ms_site *s;
	unsigned int i;
	int err;

	err = lisp_ms_site_add(x->d->ms, c->name, &c->key[0], &s);
	for (i = 1; !err && i < c->nkeys; i++)
		err = lisp_ms_site_add_key(x->d->ms, s, &c->key[i]);
	if (err) {
		lispd_report_error(x->report, &x->errors, "%s:%u: site %s: %s",
				   x->d->conf_path, c->line, c->name,
				   lisp_ms_strerror(err));
		return;
	}
	site_opts_set(s, c);
	for (i = 0; i < c->nprefix; i++)
		site_prefix_add(x, s, &c->prefix[i]);
}

/*
 * Removals first (a prefix may move to another site), then additions.
 * A site whose keys changed is made again: its registrations were made
 * with the old keys.
 */
static void apply_sites(struct apply_ctx *x)
{
	struct lisp_ms *ms = x->d->ms;
	const struct lispd_conf_site *o, *n;
	struct lisp_ms_site *s;
	unsigned int i, j;

	for (i = 0; x->old && i < x->old->nsite; i++) {
		o = &x->old->site[i];
		n = site_lookup(x->new_sites, x->nc, o->name);
		s = lisp_ms_site_find(ms, o->name);
		if (!s)
			continue;
		if (!n || !keys_equal(o, n)) {
			lisp_ms_site_del(ms, s);
			if (n)
				x->sites_changed++;
			else
				x->sites_removed++;
			continue;
		}
		if (!opts_same(o, n))
			site_opts_set(s, n);
		if (prefixes_same(o, n)) {
			x->sites_changed += !opts_same(o, n);
			continue;
		}
		x->sites_changed++;
		for (j = 0; j < o->nprefix; j++) {
			if (!prefix_in(&o->prefix[j], n))
				lisp_ms_site_del_prefix(ms, s, &o->prefix[j].eid,
							o->prefix[j].plen);
		}
	}
	for (i = 0; i < x->nc->nsite; i++) {
		n = &x->nc->site[i];
		s = lisp_ms_site_find(ms, n->name);
		if (!s) {
			if (!site_lookup(x->old_sites, x->old, n->name))
				x->sites_added++;
			site_create(x, n);
			continue;
		}
		o = site_lookup(x->old_sites, x->old, n->name);
		if (!o || prefixes_same(o, n))
			continue;
		for (j = 0; j < n->nprefix; j++) {
			if (!prefix_in(&n->prefix[j], o))
				site_prefix_add(x, s, &n->prefix[j]);
		}
	}
}

/* The runtime entry of old for c's (dev, prefix), or NULL. */
static struct lispd_db_entry *db_find(struct lispd_db_entry *db,
				      unsigned int n,
				      const struct lispd_conf_db *c)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!db[i].dynamic && lispd_conf_db_same_key(&db[i].cfg, c))
			return &db[i];
	}
	return NULL;
}

static struct lispd_ms_peer *peer_find(struct lispd_ms_peer *p,
				       unsigned int n,
				       const struct lispd_conf_peer *c)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (lispd_conf_peer_equal(&p[i].cfg, c))
			return &p[i];
	}
	return NULL;
}

/*
 * The ETR's database and map-servers: runtime state (kernel state,
 * counters, last register and notify) carried over for what stayed.
 * Entries gone are deregistered (TTL 0) from the map-servers kept.
 */
static void apply_etr(struct apply_ctx *x)
{
	struct lispd_etr_role *etr = &x->d->etr;
	const struct lispd_conf *nc = x->nc;
	struct lispd_db_entry *db, *gone = NULL, *o;
	struct lispd_ms_peer *peer, *op;
	unsigned int i, ngone = 0, ndyn = 0;

	/* Dynamic-eid hosts stay (lispd_dyneid_apply sees to their lines). */
	for (i = 0; i < etr->ndb; i++)
		ndyn += etr->db[i].dynamic;
	db = calloc(nc->ndb + ndyn ? nc->ndb + ndyn : 1, sizeof(*db));
	peer = calloc(nc->nms ? nc->nms : 1, sizeof(*peer));
	gone = calloc(etr->ndb ? etr->ndb : 1, sizeof(*gone));
	if (!db || !peer || !gone) {
		free(db);
		free(peer);
		free(gone);
		lispd_report_error(x->report, &x->errors,
				   "database: out of memory; kept as it was");
		return;
	}
	for (i = 0; i < nc->ndb; i++) {
		o = db_find(etr->db, etr->ndb, &nc->db[i]);
		if (o) {
			db[i] = *o;
			/* Its ITRs stay with it (moved to db). */
			o->itrs = NULL;
			if (!lispd_conf_db_equal(&o->cfg, &nc->db[i])) {
				x->db_changed++;
				/* Issue 12: its ITRs re-resolve it. */
				db[i].smr_due = true;
			}
		} else {
			x->db_added++;
		}
		db[i].cfg = nc->db[i];
	}
	for (i = 0; i < etr->ndb; i++) {
		if (etr->db[i].dynamic)
			db[nc->ndb + x->ndyn_kept++] = etr->db[i];
		else if (!db_find(db, nc->ndb, &etr->db[i].cfg))
			gone[ngone++] = etr->db[i];
	}
	x->db_removed = ngone;
	x->peers_changed = nc->nms != etr->npeer;
	for (i = 0; i < nc->nms; i++) {
		op = peer_find(etr->peer, etr->npeer, &nc->ms[i]);
		if (op)
			peer[i] = *op;
		else
			x->peers_changed = true;
		peer[i].cfg = nc->ms[i];
	}
	free(etr->db);
	free(etr->peer);
	etr->db = db;
	etr->ndb = nc->ndb + x->ndyn_kept;
	etr->peer = peer;
	etr->npeer = nc->nms;
	/* With the xTR-ID that registered them (merged by xTR-ID). */
	lispd_etr_deregister(x->d, gone, ngone);
	/* Those that asked for them hold a mapping that is no more. */
	for (i = 0; i < ngone; i++) {
		lispd_etr_moved_gone(x->d, &gone[i]);
		if (gone[i].usable)
			lispd_smr_send(x->d, &gone[i], NULL, 0);
		lispd_smr_forget(&gone[i]);
	}
	free(gone);
	lispd_etr_rloc_marks(x->d);
	/* A new xTR-ID: the old one's registrations are withdrawn. */
	if (x->old && lispd_etr_id_differs(x->d, nc))
		lispd_etr_deregister(x->d, etr->db, etr->ndb);
	lispd_etr_set_id(x->d, nc);
}

/*
 * The Map-Resolver's routes, made again: a few at most, and nothing
 * learnt hangs on them (their counters restart).
 */
static void apply_routes(struct apply_ctx *x)
{
	const struct lispd_conf_route *r;
	char pfx[LISP_ADDR_STRLEN];
	unsigned int i;
	int err;

	lisp_ms_route_flush(x->d->ms);
	for (i = 0; i < x->nc->nroute; i++) {
		r = &x->nc->route[i];
		err = lisp_ms_route_add(x->d->ms, &r->eid, r->plen,
					&r->ms_addr, r->port);
		if (!err)
			continue;
		lisp_prefix_to_str(&r->eid, r->plen, pfx, sizeof(pfx));
		lispd_report_error(x->report, &x->errors,
				   "%s:%u: map-resolver forward %s: %s",
				   x->d->conf_path, r->line, pfx,
				   lisp_ms_strerror(err));
	}
}

static void summary(struct apply_ctx *x)
{
	const struct lispd_conf *c = x->nc;
	struct lispd *d = x->d;

	if (!x->report)
		return;
	fprintf(x->report, "%s: %u site%s (%u added, %u removed, %u "
		"changed), map-resolver %s", d->conf_path, c->nsite,
		c->nsite == 1 ? "" : "s", x->sites_added, x->sites_removed,
		x->sites_changed, c->map_resolver ? "enabled" : "disabled");
	if (c->nroute)
		fprintf(x->report, " (%u forward%s)", c->nroute,
			c->nroute == 1 ? "" : "s");
	fprintf(x->report, "\n");
	fprintf(x->report, "database: %u entr%s (%u added, %u removed, %u "
		"changed), %u map-server%s%s\n", c->ndb,
		c->ndb == 1 ? "y" : "ies", x->db_added, x->db_removed,
		x->db_changed, c->nms, c->nms == 1 ? "" : "s",
		x->peers_changed ? " (changed)" : "");
	fprintf(x->report, "petr: %u device%s, map-cache: %u entr%s, "
		"map-resolvers: %u, itr devices: %u, control port %u%s\n",
		c->npetr, c->npetr == 1 ? "" : "s", c->nmap,
		c->nmap == 1 ? "y" : "ies", c->nmr, c->nitr, d->port,
		d->use_kernel ? "" : ", no kernel");
}

int lispd_conf_apply(struct lispd *d, struct lispd_conf *nc, FILE *report)
{
	struct apply_ctx x = { .d = d, .old = d->conf, .nc = nc,
			       .report = report };
	struct lispd_conf *old = d->conf;
	char err[256];

	lispd_log_set_level(nc->log_level);
	/* Registrations already in keep their expiry until refreshed. */
	d->ms->register_period_ms = nc->register_period_s * 1000;
	d->ms->reply_ratio = nc->ms_reply_ratio;
	/* Checked by the parser; a line removed brings the default back. */
	if (lisp_ms_pubsub_set(d->ms,
			       nc->ms_ps_max_subs ? nc->ms_ps_max_subs :
			       LISP_MS_PS_MAX_SUBS,
			       nc->ms_ps_per_prefix ? nc->ms_ps_per_prefix :
			       LISP_MS_PS_PER_PREFIX,
			       nc->ms_ps_retry_ms ? nc->ms_ps_retry_ms :
			       LISP_MS_PS_RETRY_MS,
			       nc->ms_ps_retries ? nc->ms_ps_retries :
			       LISP_MS_PS_RETRIES))
		log_warn("map-server pubsub: out of memory");
	lisp_rl_set(&d->rl_src, nc->rl_req_rate, nc->rl_req_burst);
	lisp_rl_set(&d->rl_itr, nc->rl_req_rate, nc->rl_req_burst);
	lisp_rl_set(&d->rl_smr, nc->rl_smr_rate, nc->rl_smr_burst);
	lisp_tb_set(&d->tb_smr_all, nc->rl_smr_all_rate, nc->rl_smr_all_burst);
	lisp_rl_set(&d->rl_smr_send, nc->rl_smr_send_rate,
		    nc->rl_smr_send_burst);
	lisp_tb_set(&d->tb_smr_send_all, nc->rl_smr_send_all_rate,
		    nc->rl_smr_send_all_burst);
	if ((!old || old->control_port != nc->control_port) &&
	    lispd_udp_open(d, nc->control_port))
		lispd_report_error(x.report, &x.errors,
				   "control port %u: cannot bind it%s",
				   nc->control_port,
				   old ? "; still on the old one" : "");
	x.old_sites = sites_sorted(old);
	x.new_sites = sites_sorted(nc);
	if (x.old_sites && x.new_sites)
		apply_sites(&x);
	else
		lispd_report_error(x.report, &x.errors, "sites: out of memory");
	free(x.old_sites);
	free(x.new_sites);
	apply_routes(&x);
	apply_etr(&x);
	d->conf = nc;
	lispd_ms_no_forward(d);
	lispd_devices_apply(d, old, report, &x.errors);
	if (lispd_conf_needs_kernel(nc) && lispd_kernel_ensure(d, report))
		x.errors++;
	lispd_etr_refresh(d);
	lispd_kernel_db_apply(d, old, report, &x.errors);
	lispd_kernel_petr_apply(d, old, report, &x.errors);
	lispd_kernel_map_apply(d, old, report, &x.errors);
	lispd_dyneid_apply(d, report, &x.errors);
	/* At start and after every reload, then every period. */
	lispd_etr_register_soon(d);
	if (lispd_itr_apply(d, err, sizeof(err)))
		lispd_report_error(x.report, &x.errors, "itr: %s", err);
	lispd_kevents_apply(d);
	lispd_ms_schedule(d);
	summary(&x);
	lispd_conf_free(old);
	return x.errors ? -1 : 0;
}

int lispd_reload(struct lispd *d, FILE *report)
{
	struct lispd_conf *nc = NULL;
	char err[LISPD_CONF_ERR_MAX];
	int rc;

	d->stats.reloads++;
	if (lispd_conf_load(d->conf_path, &nc, err, sizeof(err)) ||
	    (d->use_kernel && lispd_conf_check_kernel(nc, d->conf_path, err,
						      sizeof(err)))) {
		lispd_conf_free(nc);
		d->stats.reload_errors++;
		log_error("reload refused, configuration in force kept: %s",
			  err);
		fprintf(report, "%s\nreload refused: the configuration in "
			"force is unchanged\n", err);
		return -1;
	}
	rc = lispd_conf_apply(d, nc, report);
	if (rc)
		d->stats.reload_errors++;
	log_info("reloaded %s%s", d->conf_path, rc ? " with errors" : "");
	return rc;
}
