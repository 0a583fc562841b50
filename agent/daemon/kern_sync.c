// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's part of a configuration: database entries, proxy ETRs
 * and static map-cache entries.  Only what changed since the last
 * configuration is sent (removals first, so that a prefix moving from
 * one line to another is not refused); nothing is flushed, so traffic
 * keeps flowing through a reload.  Each refusal names its line.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "lib/bits.h"

int lispd_kernel_ensure(struct lispd *d, FILE *report)
{
	if (!d->use_kernel || d->kern_open)
		return 0;
	if (lisp_kernel_open(&d->kern) < 0) {
		log_error("cannot talk to the kernel: %s", d->kern.err);
		if (report)
			fprintf(report, "cannot talk to the kernel: %s\n",
				d->kern.err);
		return -1;
	}
	d->kern_open = true;
	return 0;
}

static void db_kmap(const struct lispd_conf_db *c, struct lisp_kmap *m)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	lispd_ip_to_kaddr(&c->eid, &m->eid);
	m->plen = c->plen;
	m->action = LISP_MAP_ENCAP;
	m->n_loc = c->nloc;
	for (i = 0; i < c->nloc; i++) {
		lispd_ip_to_kaddr(&c->loc[i].addr, &m->loc[i].addr);
		m->loc[i].priority = c->loc[i].priority;
		m->loc[i].weight = c->loc[i].weight;
		m->loc[i].up = true;
	}
}

static bool db_in(const struct lispd_conf_db *e, const struct lispd_conf *c,
		  bool exact)
{
	unsigned int i;

	for (i = 0; c && i < c->ndb; i++) {
		if (exact ? lispd_conf_db_equal(e, &c->db[i]) :
			    lispd_conf_db_same_key(e, &c->db[i]))
			return true;
	}
	return false;
}

void lispd_kernel_db_apply(struct lispd *d, const struct lispd_conf *old,
			   FILE *report, int *errors)
{
	struct lispd_db_entry *e;
	char a[INET6_ADDRSTRLEN];
	struct lisp_kmap m;
	unsigned int i;

	for (i = 0; i < d->etr.ndb; i++) {
		if (!d->use_kernel)
			d->etr.db[i].kstate = LISPD_DB_K_NONE;
	}
	if (!d->use_kernel || !d->kern_open)
		return;
	for (i = 0; old && i < old->ndb; i++) {
		if (db_in(&old->db[i], d->conf, false))
			continue;
		db_kmap(&old->db[i], &m);
		/* Gone already (device deleted, or never accepted): fine. */
		if (lisp_kernel_db_del(&d->kern, old->db[i].dev, &m.eid,
				       m.plen) < 0)
			log_debug("database del %s/%u dev %s: %s",
				  lispd_kaddr_str(&m.eid, a, sizeof(a)), m.plen,
				  old->db[i].dev, d->kern.err);
	}
	for (i = 0; i < d->etr.ndb; i++) {
		e = &d->etr.db[i];
		if (e->kstate == LISPD_DB_K_INSTALLED &&
		    (e->dynamic || db_in(&e->cfg, old, true)))
			continue;
		db_kmap(&e->cfg, &m);
		if (lisp_kernel_db_add(&d->kern, e->cfg.dev, &m, 1, false) < 0) {
			e->kstate = LISPD_DB_K_FAILED;
			snprintf(e->kerr, sizeof(e->kerr), "%s", d->kern.err);
			lispd_report_error(report, errors, "%s:%u: kernel "
					   "refused database %s/%u dev %s: %s",
					   d->conf_path, e->cfg.line,
					   lispd_kaddr_str(&m.eid, a, sizeof(a)),
					   m.plen, e->cfg.dev, d->kern.err);
		} else {
			e->kstate = LISPD_DB_K_INSTALLED;
			e->kerr[0] = '\0';
		}
	}
}

int lispd_kernel_db_one(struct lispd *d, struct lispd_db_entry *e, bool add)
{
	struct lisp_kmap m;

	if (!d->use_kernel || !d->kern_open) {
		e->kstate = LISPD_DB_K_NONE;
		return 0;
	}
	db_kmap(&e->cfg, &m);
	if (!add)
		return lisp_kernel_db_del(&d->kern, e->cfg.dev, &m.eid, m.plen);
	if (lisp_kernel_db_add(&d->kern, e->cfg.dev, &m, 1, false) < 0) {
		e->kstate = LISPD_DB_K_FAILED;
		snprintf(e->kerr, sizeof(e->kerr), "%s", d->kern.err);
		return -1;
	}
	e->kstate = LISPD_DB_K_INSTALLED;
	e->kerr[0] = '\0';
	return 0;
}

void lispd_kernel_db_retry(struct lispd *d)
{
	struct lispd_db_entry *e;
	char a[INET6_ADDRSTRLEN];
	struct lisp_kmap m;
	unsigned int i;

	if (!d->use_kernel || !d->kern_open)
		return;
	for (i = 0; i < d->etr.ndb; i++) {
		e = &d->etr.db[i];
		if (e->kstate != LISPD_DB_K_FAILED)
			continue;
		db_kmap(&e->cfg, &m);
		if (lisp_kernel_db_add(&d->kern, e->cfg.dev, &m, 1, false) < 0) {
			snprintf(e->kerr, sizeof(e->kerr), "%s", d->kern.err);
			continue;
		}
		e->kstate = LISPD_DB_K_INSTALLED;
		e->kerr[0] = '\0';
		log_info("%s:%u: database %s/%u dev %s installed now",
			 d->conf_path, e->cfg.line, lispd_kaddr_str(&m.eid, a, sizeof(a)), m.plen,
			 e->cfg.dev);
	}
}

/* The line of c for p's device, or NULL. */
static const struct lispd_conf_petr *petr_find(const struct lispd_conf_petr *p,
					       const struct lispd_conf *c)
{
	unsigned int i;

	for (i = 0; c && i < c->npetr; i++) {
		if (!strcmp(p->dev, c->petr[i].dev))
			return &c->petr[i];
	}
	return NULL;
}

void lispd_kernel_petr_apply(struct lispd *d, const struct lispd_conf *old,
			     FILE *report, int *errors)
{
	struct lisp_kloc loc[LISP_MAX_PETRS];
	const struct lispd_conf_petr *o;
	struct lispd_conf_petr *p;
	unsigned int i, j;

	if (!d->use_kernel || !d->kern_open)
		return;
	for (i = 0; old && i < old->npetr; i++) {
		if (!petr_find(&old->petr[i], d->conf) &&
		    lisp_kernel_petr_set(&d->kern, old->petr[i].dev, NULL,
					 0) < 0)
			log_debug("petr clear dev %s: %s", old->petr[i].dev,
				  d->kern.err);
	}
	for (i = 0; i < d->conf->npetr; i++) {
		p = &d->conf->petr[i];
		o = petr_find(p, old);
		if (o && !o->kfailed && lispd_conf_petr_equal(p, o))
			continue;
		memset(loc, 0, sizeof(loc));
		for (j = 0; j < p->nloc; j++) {
			lispd_ip_to_kaddr(&p->loc[j].addr, &loc[j].addr);
			loc[j].priority = p->loc[j].priority;
			loc[j].weight = p->loc[j].weight;
			loc[j].up = true;
		}
		p->kfailed = lisp_kernel_petr_set(&d->kern, p->dev, loc,
						  p->nloc) < 0;
		if (p->kfailed)
			lispd_report_error(report, errors, "%s:%u: kernel "
					   "refused petr of dev %s: %s",
					   d->conf_path, p->line, p->dev,
					   d->kern.err);
	}
}

/*
 * The map-cache lines of a configuration by (dev, prefix): up to
 * LISPD_CONF_MAX_MAPS of them, so no pairwise matching.  Open addressing
 * over a power-of-two table at most half full; slots hold index + 1.
 */
struct map_index {
	const struct lispd_conf *c;
	unsigned int mask;
	unsigned int *slot;
};

static unsigned int map_hash(const struct lispd_conf_map *e)
{
	uint32_t h = fnv1a_str(FNV1A_INIT, e->dev);

	h = fnv1a(h, e->map.eid.bytes, sizeof(e->map.eid.bytes));
	return fnv1a(h, &e->map.plen, sizeof(e->map.plen));
}

static int map_index_build(struct map_index *ix, const struct lispd_conf *c)
{
	unsigned int size = 16, i, h;

	ix->c = c;
	ix->slot = NULL;
	ix->mask = 0;
	if (!c || !c->nmap)
		return 0;
	while (size < 2 * c->nmap)
		size *= 2;
	ix->slot = calloc(size, sizeof(*ix->slot));
	if (!ix->slot)
		return -1;
	ix->mask = size - 1;
	for (i = 0; i < c->nmap; i++) {
		for (h = map_hash(&c->map[i]) & ix->mask; ix->slot[h];
		     h = (h + 1) & ix->mask)
			;
		ix->slot[h] = i + 1;
	}
	return 0;
}

/* The line of ix's configuration for e's (dev, prefix), or NULL. */
static const struct lispd_conf_map *map_index_find(const struct map_index *ix,
						   const struct lispd_conf_map *e)
{
	unsigned int h;

	if (!ix->slot)
		return NULL;
	for (h = map_hash(e) & ix->mask; ix->slot[h]; h = (h + 1) & ix->mask) {
		if (lispd_conf_map_same_key(e, &ix->c->map[ix->slot[h] - 1]))
			return &ix->c->map[ix->slot[h] - 1];
	}
	return NULL;
}

void lispd_kernel_map_apply(struct lispd *d, const struct lispd_conf *old,
			    FILE *report, int *errors)
{
	const struct lispd_conf_map *o;
	struct lispd_conf_map *e;
	struct map_index in_new, in_old;
	char a[INET6_ADDRSTRLEN];
	unsigned int i;

	if (!d->use_kernel || !d->kern_open)
		return;
	if (map_index_build(&in_new, d->conf) ||
	    map_index_build(&in_old, old)) {
		free(in_new.slot);
		lispd_report_error(report, errors, "map-cache: out of memory");
		return;
	}
	for (i = 0; old && i < old->nmap; i++) {
		o = &old->map[i];
		if (!map_index_find(&in_new, o) &&
		    lisp_kernel_map_del(&d->kern, o->dev, &o->map.eid,
					o->map.plen) < 0)
			log_debug("map-cache del %s/%u dev %s: %s",
				  lispd_kaddr_str(&o->map.eid, a, sizeof(a)), o->map.plen,
				  o->dev, d->kern.err);
	}
	/* One request per entry: a refusal names its line. */
	for (i = 0; i < d->conf->nmap; i++) {
		e = &d->conf->map[i];
		o = map_index_find(&in_old, e);
		/* Unchanged and in the kernel; a refused one is retried. */
		if (o && !o->kfailed && lispd_conf_map_equal(e, o))
			continue;
		e->kfailed = lisp_kernel_map_add(&d->kern, e->dev, &e->map, 1,
						 false) < 0;
		if (e->kfailed)
			lispd_report_error(report, errors, "%s:%u: kernel "
					   "refused map-cache %s/%u dev %s: %s",
					   d->conf_path, e->line,
					   lispd_kaddr_str(&e->map.eid, a,
							   sizeof(a)),
					   e->map.plen, e->dev, d->kern.err);
	}
	free(in_new.slot);
	free(in_old.slot);
}
