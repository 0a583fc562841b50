// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic EIDs (lispd.conf "dynamic-eid", issue 12): the I/O around the
 * pure tables of agent/dyneid/.  The kernel's neighbour tables (ARP and
 * ND) are dumped when a line starts and followed through RTNLGRP_NEIGH;
 * an entry on the line's interface for an address of its prefix feeds
 * the table, and what the table decides is done here:
 *
 *   detected   a host route to the interface (protocol
 *              LISPD_RTPROT_DYNEID), a /32 or /128 database entry of the
 *              ETR with the line's locators (registered with
 *              want-map-notify at the next turn of the loop, then every
 *              period), the same entry in the kernel's database (the
 *              lisp device's src-check and dst-check look there);
 *   withdrawn  all three removed, and a Map-Register with TTL 0: the
 *              Map-Server merges the registrations of one host prefix
 *              from every xTR-ID (RFC 9301 8.2), so an entry left to
 *              expire would keep this xTR's locators in the mapping for
 *              up to three register periods after the host moved.
 *
 * The routes are found again by their protocol: those of an earlier run
 * are removed at start, all of them at stop.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <linux/neighbour.h>

#include "daemon.h"

void lispd_dyneid_init(struct lispd *d)
{
	d->dyn.events.fd = -1;
}

/* The neighbour entry as an event of the table; false: none (ignored). */
static bool neigh_event(const struct lisp_kneigh *n, enum lisp_dyn_ev *ev)
{
	if (n->deleted)
		*ev = LISP_DYN_EV_GONE;
	else if (n->state & NUD_FAILED)
		*ev = LISP_DYN_EV_FAILED;
	else if (n->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY |
			     NUD_PROBE | NUD_PERMANENT))
		*ev = LISP_DYN_EV_USABLE;
	else
		return false;	/* incomplete, noarp, none */
	return true;
}

/* The database line of host ip of l: the roaming prefix's, narrowed. */
static void host_conf(const struct lispd_dyneid *l, const struct lisp_ip *ip,
		      struct lispd_conf_db *c)
{
	*c = l->cfg.db;
	c->eid = *ip;
	c->plen = ip->afi == LISP_AFI_IPV4 ? 32 : 128;
}

static void route(struct lispd *d, struct lispd_dyneid *l,
		  const struct lisp_ip *ip, bool add)
{
	char a[LISP_ADDR_STRLEN];
	struct lisp_kaddr k;

	if (!d->dyn.rt_open || !l->ifindex)
		return;
	lispd_ip_to_kaddr(ip, &k);
	if (lisp_rtnl_route(&d->dyn.rt, l->ifindex, &k, k.family == AF_INET ?
			    32 : 128, add, LISPD_RTPROT_DYNEID) == 0)
		return;
	/* Gone with its interface: fine on delete. */
	if (!add) {
		log_debug("dynamic-eid %s: route del %s: %s", l->cfg.name,
			  lispd_ip_str(ip, a), d->dyn.rt.err);
		return;
	}
	l->route_errors++;
	log_warn("dynamic-eid %s: host route %s dev %s: %s", l->cfg.name,
		 lispd_ip_str(ip, a), l->cfg.interface, d->dyn.rt.err);
}

static void host_install(struct lispd *d, struct lispd_dyneid *l,
			 const struct lisp_ip *ip)
{
	char a[LISP_ADDR_STRLEN];
	struct lispd_conf_db c;
	struct lispd_db_entry *e;

	lispd_ip_str(ip, a);
	route(d, l, ip, true);
	host_conf(l, ip, &c);
	if (lispd_etr_db_add(d, &c)) {
		log_error("dynamic-eid %s: host %s: out of memory: not "
			  "registered", l->cfg.name, a);
		return;
	}
	e = lispd_etr_db_find(d, &c);
	if (lispd_kernel_db_one(d, e, true)) {
		l->kernel_errors++;
		log_warn("dynamic-eid %s: kernel refused database %s dev %s: "
			 "%s", l->cfg.name, a, c.dev, d->kern.err);
	}
	lispd_etr_moved_back(d, e);
	lispd_timer_arm(d, &d->dyn.register_timer, lispd_now_ms());
	log_info("dynamic-eid %s: host %s detected on %s", l->cfg.name, a,
		 l->cfg.interface);
}

static void host_withdraw(struct lispd *d, struct lispd_dyneid *l,
			  const struct lisp_ip *ip, const char *why)
{
	char a[LISP_ADDR_STRLEN];
	struct lispd_conf_db c;
	struct lispd_db_entry *e;

	route(d, l, ip, false);
	host_conf(l, ip, &c);
	e = lispd_etr_db_find(d, &c);
	if (e && e->kstate == LISPD_DB_K_INSTALLED &&
	    lispd_kernel_db_one(d, e, false))
		log_debug("dynamic-eid %s: database del %s: %s", l->cfg.name,
			  lispd_ip_str(ip, a), d->kern.err);
	lispd_etr_db_remove(d, &c);
	log_info("dynamic-eid %s: host %s withdrawn (%s)", l->cfg.name,
		 lispd_ip_str(ip, a), why);
}

static void refused(struct lispd_dyneid *l, const struct lisp_ip *ip,
		    uint64_t now)
{
	char a[LISP_ADDR_STRLEN];

	if (l->refuse_logged_ms &&
	    now - l->refuse_logged_ms < LISPD_DYNEID_REFUSE_LOG_MS) {
		l->refuse_unlogged++;
		return;
	}
	log_warn("dynamic-eid %s: host %s refused: max-hosts %u reached "
		 "(%llu more refused since last said)", l->cfg.name,
		 lispd_ip_str(ip, a), l->cfg.max_hosts,
		 (unsigned long long)l->refuse_unlogged);
	l->refuse_logged_ms = now;
	l->refuse_unlogged = 0;
}

/* Is n on l's interface?  The index is learnt from the name. */
static bool on_interface(struct lispd_dyneid *l, uint32_t ifindex,
			 char *name, bool *named)
{
	if (l->ifindex == ifindex)
		return true;
	if (!*named) {
		if (!if_indextoname(ifindex, name))
			name[0] = '\0';
		*named = true;
	}
	if (strcmp(name, l->cfg.interface))
		return false;
	l->ifindex = ifindex;
	return true;
}

/*
 * The database entry of host ip follows the table's state: leaving (in
 * no registration round), or present again, then registered at once (a
 * Map-Server restarted meanwhile has lost it).
 */
static void host_sync(struct lispd *d, struct lispd_dyneid *l,
		      const struct lisp_ip *ip)
{
	const struct lisp_dyn_host *h = lisp_dyn_find(&l->t, ip);
	struct lispd_conf_db c;
	struct lispd_db_entry *e;
	bool leaving;

	if (!h)
		return;
	host_conf(l, ip, &c);
	e = lispd_etr_db_find(d, &c);
	if (!e)
		return;
	leaving = h->state == LISP_DYN_LEAVING;
	if (e->leaving && !leaving) {
		e->last_register_ms = 0;
		e->unacked = 0;
		lispd_timer_arm(d, &d->dyn.register_timer, lispd_now_ms());
	}
	e->leaving = leaving;
}

/*
 * Event ev for host ip seen on interface ifindex, to the line whose
 * prefix covers it there (of lisp device dev's name, unless NULL).
 * The line (NULL: none took it) and what it did.
 */
static struct lispd_dyneid *feed(struct lispd *d, uint32_t ifindex,
				 const char *dev, const struct lisp_ip *ip,
				 enum lisp_dyn_ev ev, enum lisp_dyn_act *act)
{
	char name[IF_NAMESIZE];
	struct lispd_dyneid *l;
	bool named = false;
	uint64_t now;
	unsigned int i;

	now = lispd_now_ms();
	for (i = 0; i < d->dyn.n; i++) {
		l = &d->dyn.line[i];
		if (!lisp_dyn_covers(&l->t, ip) ||
		    (dev && strcmp(dev, l->cfg.db.dev)) ||
		    !on_interface(l, ifindex, name, &named))
			continue;
		*act = lisp_dyn_event(&l->t, ip, ev, now);
		switch (*act) {
		case LISP_DYN_ACT_ADD:
			host_install(d, l, ip);
			break;
		case LISP_DYN_ACT_REFUSED:
			refused(l, ip, now);
			break;
		case LISP_DYN_ACT_NONE:
			host_sync(d, l, ip);
			break;
		}
		return l;
	}
	return NULL;
}

static int on_neigh(const struct lisp_kneigh *n, void *arg)
{
	struct lispd *d = arg;
	enum lisp_dyn_ev ev;
	enum lisp_dyn_act act;
	struct lisp_ip ip;

	if (!neigh_event(n, &ev))
		return 0;
	lispd_kaddr_to_ip(&n->addr, &ip);
	feed(d, n->ifindex, NULL, &ip, ev, &act);
	return 0;
}

static void schedule(struct lispd *d)
{
	uint64_t at = LISP_DYN_NONE, t;
	unsigned int i;

	for (i = 0; i < d->dyn.n; i++) {
		t = lisp_dyn_next_deadline(&d->dyn.line[i].t);
		if (t < at)
			at = t;
	}
	if (at == LISP_DYN_NONE)
		lispd_timer_stop(d, &d->dyn.hold_timer);
	else
		lispd_timer_arm(d, &d->dyn.hold_timer, at);
}

/* The entries of a dump, kept until it ends. */
struct neigh_list {
	size_t n, cap;
	struct lisp_kneigh *v;
};

static int neigh_keep(const struct lisp_kneigh *n, void *arg)
{
	struct neigh_list *l = arg;
	struct lisp_kneigh *v;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		v = realloc(l->v, l->cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
	}
	l->v[l->n++] = *n;
	return 0;
}

/*
 * Every table against a dump: at a line's start, after lost events.  The
 * entries are handled once the dump has ended: a host found adds its
 * route through the same socket, whose answer must not meet the dump's
 * next part.
 */
static void resync(struct lispd *d)
{
	struct neigh_list l = { 0 };
	struct lispd_dyneid *line;
	unsigned int i;
	size_t j;

	if (!d->dyn.rt_open)
		return;
	d->dyn.dumps++;
	if (lisp_rtnl_neigh_dump(&d->dyn.rt, neigh_keep, &l) < 0) {
		log_error("dynamic EIDs: %s%s", d->dyn.rt.err,
			  errno == ENOMEM ? " (out of memory)" : "");
		free(l.v);
		return;
	}
	for (i = 0; i < d->dyn.n; i++)
		lisp_dyn_mark(&d->dyn.line[i].t);
	for (j = 0; j < l.n; j++)
		on_neigh(&l.v[j], d);
	free(l.v);
	for (i = 0; i < d->dyn.n; i++) {
		line = &d->dyn.line[i];
		lisp_dyn_sweep(&line->t, lispd_now_ms());
		for (j = 0; j < line->t.nhost; j++)
			host_sync(d, line, &line->t.host[j].addr);
	}
	schedule(d);
}

static void on_events(struct lispd *d, struct lispd_watch *w, uint32_t events)
{
	uint64_t overruns = d->dyn.overruns;

	(void)w;
	(void)events;
	if (lisp_rtnl_neigh_drain(&d->dyn.ev, on_neigh, d,
				  &d->dyn.overruns) < 0)
		log_warn("dynamic EIDs: %s", d->dyn.ev.err);
	if (d->dyn.overruns != overruns) {
		log_warn("dynamic EIDs: neighbour events lost: reading the "
			 "neighbour tables again");
		resync(d);
	}
	schedule(d);
}

static void on_hold_timer(struct lispd_timer *t, void *arg)
{
	struct lispd *d = arg;
	uint64_t now = lispd_now_ms();
	struct lispd_dyneid *l;
	struct lisp_ip ip;
	unsigned int i;

	(void)t;
	for (i = 0; i < d->dyn.n; i++) {
		l = &d->dyn.line[i];
		while (lisp_dyn_expire_one(&l->t, now, &ip))
			host_withdraw(d, l, &ip, "neighbour gone");
	}
	schedule(d);
}

static void on_register_timer(struct lispd_timer *t, void *arg)
{
	struct lispd *d = arg;
	uint64_t next = lispd_etr_register_new(d);

	if (next)
		lispd_timer_arm(d, t, next);
}

/* Withdraw every host of l and drop its table. */
static void line_drop(struct lispd *d, struct lispd_dyneid *l,
		      const char *why)
{
	struct lisp_ip ip;

	while (lisp_dyn_pop(&l->t, &ip))
		host_withdraw(d, l, &ip, why);
	lisp_dyn_fini(&l->t);
}

static void sockets_close(struct lispd *d)
{
	if (d->dyn.events.fd >= 0) {
		lispd_watch_del(d, &d->dyn.events);
		lisp_kernel_close(&d->dyn.ev);
		d->dyn.events.fd = -1;
	}
	if (d->dyn.rt_open) {
		lisp_kernel_close(&d->dyn.rt);
		d->dyn.rt_open = false;
	}
}

/* Subscribe before the first dump, so that nothing falls in between. */
static int sockets_open(struct lispd *d, FILE *report, int *errors)
{
	int n;

	if (!d->dyn.rt_open) {
		if (lisp_rtnl_open(&d->dyn.rt) < 0) {
			lispd_report_error(report, errors, "dynamic EIDs: %s",
					   d->dyn.rt.err);
			return -1;
		}
		d->dyn.rt_open = true;
	}
	if (!d->dyn.flushed) {
		n = lisp_rtnl_route_flush_proto(&d->dyn.rt,
						LISPD_RTPROT_DYNEID);
		if (n > 0)
			log_info("dynamic EIDs: %d host route%s of an earlier "
				 "run removed", n, n == 1 ? "" : "s");
		d->dyn.flushed = true;
	}
	if (d->dyn.events.fd >= 0)
		return 0;
	if (lisp_rtnl_open(&d->dyn.ev) < 0 ||
	    lisp_rtnl_neigh_subscribe(&d->dyn.ev) < 0) {
		lispd_report_error(report, errors, "dynamic EIDs: %s",
				   d->dyn.ev.err);
		lisp_kernel_close(&d->dyn.ev);
		return -1;
	}
	lisp_kernel_rcvbuf(&d->dyn.ev, LISPD_MISS_RCVBUF);
	d->dyn.events.fd = lisp_kernel_fd(&d->dyn.ev);
	d->dyn.events.fn = on_events;
	if (lispd_watch_add(d, &d->dyn.events, EPOLLIN) < 0) {
		lispd_report_error(report, errors, "dynamic EIDs: epoll: %s",
				   strerror(errno));
		lisp_kernel_close(&d->dyn.ev);
		d->dyn.events.fd = -1;
		return -1;
	}
	return 0;
}

static struct lispd_dyneid *line_find(struct lispd_dyneid *v, unsigned int n,
				      const struct lispd_conf_dyneid *c)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (lispd_conf_dyneid_equal(&v[i].cfg, c))
			return &v[i];
	}
	return NULL;
}

void lispd_dyneid_apply(struct lispd *d, FILE *report, int *errors)
{
	const struct lispd_conf *c = d->conf;
	struct lispd_dyneid *v, *o;
	const struct lispd_conf_dyneid *nc;
	bool fresh = false;
	unsigned int i, j;

	if (!d->dyn.hold_timer.fn) {
		lispd_timer_init(&d->dyn.hold_timer, on_hold_timer, d);
		lispd_timer_init(&d->dyn.register_timer, on_register_timer, d);
	}
	v = calloc(c->ndyneid ? c->ndyneid : 1, sizeof(*v));
	if (!v) {
		lispd_report_error(report, errors, "dynamic EIDs: out of "
				   "memory; kept as they were");
		return;
	}
	/* Lines gone or changed first: a prefix may move between lines. */
	for (i = 0; i < d->dyn.n; i++) {
		o = &d->dyn.line[i];
		for (j = 0; j < c->ndyneid; j++) {
			if (lispd_conf_dyneid_equal(&o->cfg, &c->dyneid[j]))
				break;
		}
		if (j == c->ndyneid)
			line_drop(d, o, "its line changed or is gone");
	}
	for (i = 0; i < c->ndyneid; i++) {
		nc = &c->dyneid[i];
		o = line_find(d->dyn.line, d->dyn.n, nc);
		if (o) {
			v[i] = *o;
			v[i].t.hold_ms = nc->hold_ms;
		} else if (lisp_dyn_init(&v[i].t, &nc->db.eid, nc->db.plen,
					 nc->max_hosts, nc->hold_ms)) {
			lispd_report_error(report, errors, "%s:%u: dynamic-eid "
					   "%s: out of memory", d->conf_path,
					   nc->line, nc->name);
			continue;
		} else {
			fresh = true;
		}
		v[i].cfg = *nc;
	}
	free(d->dyn.line);
	d->dyn.line = v;
	d->dyn.n = c->ndyneid;
	if (!d->dyn.n) {
		sockets_close(d);
		schedule(d);
		return;
	}
	if (sockets_open(d, report, errors))
		return;
	if (fresh)
		resync(d);
	schedule(d);
}

void lispd_dyneid_stop(struct lispd *d)
{
	unsigned int i;

	for (i = 0; i < d->dyn.n; i++)
		line_drop(d, &d->dyn.line[i], "lispd stops");
	free(d->dyn.line);
	d->dyn.line = NULL;
	d->dyn.n = 0;
	if (d->dyn.rt_open)
		lisp_rtnl_route_flush_proto(&d->dyn.rt, LISPD_RTPROT_DYNEID);
	sockets_close(d);
	if (d->dyn.hold_timer.fn) {
		lispd_timer_stop(d, &d->dyn.hold_timer);
		lispd_timer_stop(d, &d->dyn.register_timer);
	}
}

bool lispd_dyneid_moved_away(struct lispd *d, const struct lisp_addr *eid,
			     unsigned int plen)
{
	uint32_t iid = eid->kind == LISP_ADDR_IID ? eid->iid : 0;
	const struct lisp_ip *ip = &eid->ip[0];
	const struct lispd_db_entry *e;
	struct lispd_conf_db c;
	struct lispd_dyneid *l;
	struct lisp_kaddr k;
	unsigned int i;

	if ((eid->kind != LISP_ADDR_IP && eid->kind != LISP_ADDR_IID) ||
	    plen != (ip->afi == LISP_AFI_IPV4 ? 32u : 128u))
		return false;
	for (i = 0; i < d->dyn.n; i++) {
		l = &d->dyn.line[i];
		if (!lisp_dyn_find(&l->t, ip))
			continue;
		host_conf(l, ip, &c);
		e = lispd_etr_db_find(d, &c);
		if (!e || (e->has_iid ? e->iid : 0) != iid)
			continue;
		lisp_dyn_moved_away(&l->t, ip);
		host_withdraw(d, l, ip, "registered at another xTR");
		lispd_ip_to_kaddr(ip, &k);
		if (d->dyn.rt_open && l->ifindex &&
		    lisp_rtnl_neigh_del(&d->dyn.rt, l->ifindex, &k) < 0)
			log_debug("dynamic-eid %s: neighbour del: %s",
				  l->cfg.name, d->dyn.rt.err);
		schedule(d);
		return true;
	}
	return false;
}

bool lispd_dyneid_on_data(struct lispd *d, uint32_t dev, uint32_t iif,
			  const struct lisp_ip *ip)
{
	char name[IF_NAMESIZE];
	struct lispd_dyneid *l;
	enum lisp_dyn_act act;

	if (!d->dyn.n || !if_indextoname(dev, name))
		return false;
	l = feed(d, iif, name, ip, LISP_DYN_EV_USABLE, &act);
	if (!l)
		return false;
	schedule(d);	/* a leaving host stays */
	if (act != LISP_DYN_ACT_ADD)
		return false;
	l->data_detected++;
	return true;
}
