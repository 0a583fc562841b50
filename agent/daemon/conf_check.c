// SPDX-License-Identifier: GPL-2.0
/*
 * Checks that need the whole file: one line per site prefix, database
 * entry, map-cache entry, map-server, map-resolver, itr and petr device,
 * and the Map-Server's table bounds.  Sorting finds duplicates in
 * O(n log n) (a Map-Server may have 10^5 prefixes); the error names the
 * earliest line that repeats another.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_priv.h"
#include "lib/bits.h"

/* What makes two lines the same thing, in an order memcmp() sorts. */
struct dup_key {
	char dev[IF_NAMESIZE];
	uint8_t iid[4];
	uint8_t afi;
	uint8_t plen;
	uint8_t addr[16];
	unsigned int line;
	unsigned int idx;
};

#define DUP_KEY_BYTES	offsetof(struct dup_key, line)

static int dup_cmp(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;
	int c = memcmp(x, y, DUP_KEY_BYTES);

	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void key_set(struct dup_key *k, const char *dev, uint32_t iid,
		    const struct lisp_ip *ip, uint8_t plen, unsigned int line,
		    unsigned int idx)
{
	memset(k, 0, sizeof(*k));
	if (dev)
		snprintf(k->dev, sizeof(k->dev), "%s", dev);
	k->iid[0] = (uint8_t)(iid >> 24);
	k->iid[1] = (uint8_t)(iid >> 16);
	k->iid[2] = (uint8_t)(iid >> 8);
	k->iid[3] = (uint8_t)iid;
	if (ip) {
		k->afi = (uint8_t)ip->afi;
		memcpy(k->addr, ip->addr, sizeof(k->addr));
	}
	k->plen = plen;
	k->line = line;
	k->idx = idx;
}

/*
 * Sort k[0..n); return the position of the earliest line that repeats
 * the one before it, or -1.
 */
static long dup_find(struct dup_key *k, size_t n)
{
	long best = -1;
	size_t i;

	qsort(k, n, sizeof(*k), dup_cmp);
	for (i = 1; i < n; i++) {
		if (!memcmp(&k[i], &k[i - 1], DUP_KEY_BYTES) &&
		    (best < 0 || k[i].line < k[best].line))
			best = (long)i;
	}
	return best;
}

static void prefix_str(const struct dup_key *k, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(k->afi == LISP_AFI_IPV4 ? AF_INET : AF_INET6, k->addr, a,
		  sizeof(a));
	snprintf(buf, len, "%s/%u", a, k->plen);
}

static unsigned int key_iid(const struct dup_key *k)
{
	return (unsigned int)k->iid[0] << 24 | k->iid[1] << 16 |
	       k->iid[2] << 8 | k->iid[3];
}

/* Configured prefixes: each once, in at most LISP_MS_MAX_DBS tables. */
static int check_sites(struct conf_parser *p, struct dup_key *k)
{
	const struct lispd_conf *c = p->c;
	const struct lispd_conf_prefix *pfx;
	char s[INET6_ADDRSTRLEN + 8];
	unsigned int i, j, ntables = 0;
	size_t n = 0;
	long d;

	for (i = 0; i < c->nsite; i++) {
		for (j = 0; j < c->site[i].nprefix; j++) {
			pfx = &c->site[i].prefix[j];
			/* The Map-Server files a plain prefix under IID 0. */
			key_set(&k[n++], NULL, pfx->eid.kind == LISP_ADDR_IID ?
				pfx->eid.iid : 0, &pfx->eid.ip[0], pfx->plen,
				pfx->line, i);
		}
	}
	d = dup_find(k, n);
	if (d >= 0) {
		prefix_str(&k[d], s, sizeof(s));
		p->line = k[d].line;
		return conf_fail(p, "site prefix %s (iid %u) already "
				 "configured at line %u (site \"%s\")", s,
				 key_iid(&k[d]), k[d - 1].line,
				 c->site[k[d - 1].idx].name);
	}
	/* One Map-Server table per (instance-id, family). */
	for (i = 0; i < n; i++) {
		if (!i || memcmp(k[i].iid, k[i - 1].iid, 4) ||
		    k[i].afi != k[i - 1].afi)
			ntables++;
		if (ntables > LISP_MS_MAX_DBS) {
			p->line = k[i].line;
			return conf_fail(p, "more than %d (instance-id, address "
					 "family) pairs", LISP_MS_MAX_DBS);
		}
	}
	return 0;
}

/* The first (dev, prefix) of k[0 .. n) given twice: an error. */
static int dev_dup_fail(struct conf_parser *p, struct dup_key *k,
			unsigned int n, const char *what)
{
	char s[INET6_ADDRSTRLEN + 8];
	long d = dup_find(k, n);

	if (d < 0)
		return 0;
	prefix_str(&k[d], s, sizeof(s));
	p->line = k[d].line;
	if (!k[d].dev[0])
		return conf_fail(p, "%s %s (iid %u, no dev) already configured "
				 "at line %u", what, s, key_iid(&k[d]),
				 k[d - 1].line);
	return conf_fail(p, "%s %s of dev %s already configured at line %u",
			 what, s, k[d].dev, k[d - 1].line);
}

/*
 * The kernel keys the database by (dev, prefix), the device's iid
 * standing for the line's; an entry without dev has only its line's.
 */
static int check_db(struct conf_parser *p, struct dup_key *k)
{
	const struct lispd_conf *c = p->c;
	const struct lispd_conf_db *db;
	unsigned int i;

	for (i = 0; i < c->ndb; i++) {
		db = &c->db[i];
		key_set(&k[i], db->dev, db->dev[0] ? 0 : db->iid, &db->eid,
			db->plen, db->line, i);
	}
	return dev_dup_fail(p, k, c->ndb, "database entry");
}

int lispd_conf_check_kernel(const struct lispd_conf *c, const char *name,
			    char *err, size_t errlen)
{
	char a[INET6_ADDRSTRLEN];
	unsigned int i;

	for (i = 0; i < c->ndb; i++) {
		if (c->db[i].dev[0])
			continue;
		inet_ntop(c->db[i].eid.afi == LISP_AFI_IPV4 ? AF_INET :
			  AF_INET6, c->db[i].eid.addr, a, sizeof(a));
		snprintf(err, errlen, "%s:%u: database entry %s/%u has no "
			 "\"dev DEV\": the kernel needs the lisp device of "
			 "its EIDs (lispd run --no-kernel runs the control "
			 "plane alone)", name, c->db[i].line, a,
			 c->db[i].plen);
		return -1;
	}
	for (i = 0; i < c->ndyneid; i++) {
		if (c->dyneid[i].db.dev[0])
			continue;
		snprintf(err, errlen, "%s:%u: dynamic-eid %s has no \"dev "
			 "DEV\": the kernel needs the lisp device of its EIDs "
			 "(lispd run --no-kernel runs the control plane "
			 "alone)", name, c->dyneid[i].line, c->dyneid[i].name);
		return -1;
	}
	return 0;
}

static int check_maps(struct conf_parser *p, struct dup_key *k)
{
	const struct lispd_conf *c = p->c;
	struct lisp_ip ip;
	unsigned int i;

	for (i = 0; i < c->nmap; i++) {
		lispd_kaddr_to_ip(&c->map[i].map.eid, &ip);
		key_set(&k[i], c->map[i].dev, 0, &ip, c->map[i].map.plen,
			c->map[i].line, i);
	}
	return dev_dup_fail(p, k, c->nmap, "map-cache entry");
}

/* The short lists (at most 64 or 256 lines): pairwise. */
static int check_peers(struct conf_parser *p,
		       const struct lispd_conf_peer *peer, unsigned int n,
		       const char *what)
{
	char a[INET6_ADDRSTRLEN];
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (!lisp_ip_equal(&peer[i].addr, &peer[j].addr) ||
			    peer[i].port != peer[j].port)
				continue;
			lisp_ip_to_str(&peer[i].addr, a, sizeof(a));
			p->line = peer[i].line;
			return conf_fail(p, "%s %s port %u already configured "
					 "at line %u", what, a, peer[i].port,
					 peer[j].line);
		}
	}
	return 0;
}

/* A route into one device only, and once (few: pairwise). */
static int check_dev_routes(struct conf_parser *p)
{
	const struct lispd_conf *c = p->c;
	const struct lispd_conf_dev_route *r;
	char a[INET6_ADDRSTRLEN];
	unsigned int i, j, k;

	for (i = 0; i < c->ndevice; i++) {
		for (k = 0; k < c->device[i].nroute; k++) {
			r = &c->device[i].route[k];
			for (j = 0; j <= i; j++) {
				const struct lispd_conf_device *o = &c->device[j];
				unsigned int n = j == i ? k : o->nroute, m;

				for (m = 0; m < n; m++) {
					if (o->route[m].plen != r->plen ||
					    !lispd_kaddr_equal(&o->route[m].dst,
							       &r->dst))
						continue;
					p->line = c->device[i].line;
					return conf_fail(p, "route %s/%u "
							 "already given to "
							 "device %s (line %u)",
							 lispd_kaddr_str(&r->dst, a, sizeof(a)),
							 r->plen, o->name,
							 o->line);
				}
			}
		}
	}
	return 0;
}

static int check_devs(struct conf_parser *p)
{
	const struct lispd_conf *c = p->c;
	unsigned int i, j;

	for (i = 1; i < c->nitr; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(c->itr[i].dev, c->itr[j].dev))
				continue;
			p->line = c->itr[i].line;
			return conf_fail(p, "itr dev %s already configured at "
					 "line %u", c->itr[i].dev,
					 c->itr[j].line);
		}
	}
	for (i = 1; i < c->npetr; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(c->petr[i].dev, c->petr[j].dev))
				continue;
			p->line = c->petr[i].line;
			return conf_fail(p, "petr of dev %s already set at line "
					 "%u", c->petr[i].dev, c->petr[j].line);
		}
	}
	for (i = 1; i < c->ndevice; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(c->device[i].name, c->device[j].name))
				continue;
			p->line = c->device[i].line;
			return conf_fail(p, "device %s already added at line %u",
					 c->device[i].name, c->device[j].line);
		}
	}
	if (c->itr_subscribe && (!c->nitr || !lispd_conf_is_etr(c))) {
		p->line = p->itr_subscribe_line;
		return conf_fail(p, "itr subscribe on needs an itr dev and "
				 "this xTR registered as an ETR (map-server "
				 "add, database add): a map-server takes "
				 "subscriptions only from xTRs that register "
				 "with it");
	}
	return check_dev_routes(p);
}

/* Map-Resolver routes: each prefix once, and the role on. */
static int check_routes(struct conf_parser *p, struct dup_key *k)
{
	const struct lispd_conf *c = p->c;
	const struct lispd_conf_route *r;
	char s[INET6_ADDRSTRLEN + 8];
	unsigned int i;
	long d;

	if (c->nroute && !c->map_resolver) {
		p->line = c->route[0].line;
		return conf_fail(p, "\"map-resolver forward\" needs "
				 "\"map-resolver enable\"");
	}
	for (i = 0; i < c->nroute; i++) {
		r = &c->route[i];
		key_set(&k[i], NULL, r->eid.kind == LISP_ADDR_IID ?
			r->eid.iid : 0, &r->eid.ip[0], r->plen, r->line, i);
	}
	d = dup_find(k, c->nroute);
	if (d < 0)
		return 0;
	prefix_str(&k[d], s, sizeof(s));
	p->line = k[d].line;
	return conf_fail(p, "map-resolver forward %s (iid %u) already "
			 "configured at line %u", s, key_iid(&k[d]),
			 k[d - 1].line);
}

/*
 * dynamic-eid lines: names once, prefixes apart (a host would belong to
 * two lines) unless in other instances.  At most
 * LISPD_CONF_MAX_DYNEIDS lines: pairwise.
 */
static int check_dyneids(struct conf_parser *p)
{
	const struct lispd_conf *c = p->c;
	const struct lispd_conf_db *a, *b;
	unsigned int i, j, plen;

	for (i = 0; i < c->ndyneid; i++) {
		a = &c->dyneid[i].db;
		for (j = 0; j < i; j++) {
			b = &c->dyneid[j].db;
			if (!strcmp(c->dyneid[i].name, c->dyneid[j].name)) {
				p->line = c->dyneid[i].line;
				return conf_fail(p, "dynamic-eid %s: defined "
						 "at line %u already",
						 c->dyneid[i].name,
						 c->dyneid[j].line);
			}
			plen = a->plen < b->plen ? a->plen : b->plen;
			if (a->eid.afi != b->eid.afi ||
			    (a->has_iid ? a->iid : 0) !=
			    (b->has_iid ? b->iid : 0) ||
			    strcmp(a->dev, b->dev) ||
			    !prefix_bits_equal(a->eid.addr, b->eid.addr, plen))
				continue;
			p->line = c->dyneid[i].line;
			return conf_fail(p, "dynamic-eid %s: its prefix "
					 "overlaps dynamic-eid %s's (line %u)",
					 c->dyneid[i].name, c->dyneid[j].name,
					 c->dyneid[j].line);
		}
	}
	return 0;
}

int conf_check(struct conf_parser *p)
{
	const struct lispd_conf *c = p->c;
	/* Prefixes are bounded as parsed (LISP_MS_MAX_PREFIXES). */
	size_t n = (size_t)c->ndb + c->nmap + c->nroute;
	struct dup_key *k;
	unsigned int i;
	int rc;

	for (i = 0; i < c->nsite; i++)
		n += c->site[i].nprefix;
	k = malloc((n ? n : 1) * sizeof(*k));
	if (!k)
		return conf_fail(p, "out of memory");
	rc = check_sites(p, k);
	if (!rc)
		rc = check_db(p, k);
	if (!rc)
		rc = check_maps(p, k);
	if (!rc)
		rc = check_routes(p, k);
	if (!rc)
		rc = check_peers(p, c->ms, c->nms, "map-server");
	if (!rc)
		rc = check_peers(p, c->mr, c->nmr, "map-resolver");
	if (!rc)
		rc = check_devs(p);
	if (!rc)
		rc = check_dyneids(p);
	free(k);
	return rc;
}
