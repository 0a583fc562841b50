// SPDX-License-Identifier: GPL-2.0
/*
 * lispd.conf's "device add" lines made real, over rtnetlink: a missing
 * device is made, one that differs is changed (ttl, tos, miss-rate,
 * checks, MTU: in place; iid, port, local: fixed at creation, so the
 * device is made again), an unchanged one is kept, so that a reload or
 * a restart does not disturb traffic.  Every device is brought up and
 * its routes are put in the main table.  A device whose line is gone
 * from the file is deleted at reload; at stop, only those marked
 * "on-stop delete" (by default a device outlives lispd, and its
 * map-cache keeps forwarding while lispd restarts).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "daemon.h"

/* What one device line needed: counted, and told to conf_apply. */
enum dev_outcome { DEV_KEPT, DEV_CHANGED, DEV_CREATED, DEV_REMADE, DEV_FAILED };

static void dev_fail(struct lispd *d, const struct lispd_conf_device *dev,
		     FILE *report, int *errors, const char *what,
		     const char *why)
{
	lispd_report_error(report, errors, "%s:%u: device %s: %s: %s",
			   d->conf_path, dev->line, dev->name, what, why);
}

static enum dev_outcome dev_make(struct lispd *d, struct lisp_kernel *rt,
				 const struct lispd_conf_device *dev,
				 uint32_t *ifindex, FILE *report, int *errors)
{
	enum dev_outcome out = DEV_CREATED;
	struct lisp_klink cur;
	char names[128];
	uint32_t diff, mtu;

	if (lisp_rtnl_link_get(rt, dev->name, &cur) == 0) {
		if (strcmp(cur.kind, "lisp")) {
			dev_fail(d, dev, report, errors, "left alone",
				 "it exists and is not a lisp device");
			return DEV_FAILED;
		}
		diff = lisp_link_opts_diff(&cur.opts, &dev->opts);
		lisp_link_opts_names(diff, names, sizeof(names));
		if (diff & LISP_LINK_FIXED) {
			log_warn("device %s: %s differ%s from %s:%u; made "
				 "again (its map-cache is lost)", dev->name,
				 names, strchr(names, ',') ? "" : "s",
				 d->conf_path, dev->line);
			if (lisp_rtnl_link_del(rt, cur.ifindex) < 0) {
				dev_fail(d, dev, report, errors, "delete",
					 rt->err);
				return DEV_FAILED;
			}
			out = DEV_REMADE;
		} else {
			*ifindex = cur.ifindex;
			mtu = dev->mtu && dev->mtu != cur.mtu ? dev->mtu : 0;
			if (!diff && !mtu && cur.up)
				return DEV_KEPT;
			if (lisp_rtnl_link_set(rt, cur.ifindex, &dev->opts,
					       diff, mtu) < 0) {
				dev_fail(d, dev, report, errors, "change",
					 rt->err);
				return DEV_FAILED;
			}
			if (mtu)
				snprintf(names + strlen(names),
					 sizeof(names) - strlen(names), "%smtu",
					 names[0] ? ", " : "");
			if (names[0])
				log_info("device %s: %s changed", dev->name,
					 names);
			if (!cur.up)
				log_info("device %s: brought up", dev->name);
			return DEV_CHANGED;
		}
	} else if (errno != ENODEV) {
		dev_fail(d, dev, report, errors, "lookup", rt->err);
		return DEV_FAILED;
	}
	if (lisp_rtnl_link_add(rt, dev->name, &dev->opts, dev->mtu) < 0 ||
	    lisp_rtnl_link_get(rt, dev->name, &cur) < 0) {
		dev_fail(d, dev, report, errors, "create", rt->err);
		return DEV_FAILED;
	}
	*ifindex = cur.ifindex;
	log_info("device %s %s (%s:%u)", dev->name,
		 out == DEV_REMADE ? "made again" : "created", d->conf_path,
		 dev->line);
	return out;
}

static void dev_routes(struct lispd *d, struct lisp_kernel *rt,
		       const struct lispd_conf_device *dev,
		       const struct lispd_conf_device *old, uint32_t ifindex,
		       bool fresh, FILE *report, int *errors)
{
	const struct lispd_conf_dev_route *r;
	char a[INET6_ADDRSTRLEN];
	unsigned int i;

	/* A device made now has none: nothing to take away. */
	for (i = 0; !fresh && old && i < old->nroute; i++) {
		r = &old->route[i];
		if (!lispd_conf_dev_route_in(r, dev) &&
		    lisp_rtnl_route(rt, ifindex, &r->dst, r->plen, false,
				    RTPROT_STATIC) < 0)
			log_debug("device %s: route %s/%u: %s", dev->name,
				  lispd_kaddr_str(&r->dst, a, sizeof(a)),
				  r->plen, rt->err);
	}
	for (i = 0; i < dev->nroute; i++) {
		r = &dev->route[i];
		if (lisp_rtnl_route(rt, ifindex, &r->dst, r->plen, true,
				    RTPROT_STATIC) < 0)
			lispd_report_error(report, errors, "%s:%u: device %s: "
					   "route %s/%u: %s", d->conf_path,
					   dev->line, dev->name,
					   lispd_kaddr_str(&r->dst, a, sizeof(a)),
					   r->plen, rt->err);
	}
}

/* Delete name if it is (still) a lisp device. */
static void dev_delete(struct lispd *d, struct lisp_kernel *rt,
		       const char *name, const char *why)
{
	struct lisp_klink cur;

	if (lisp_rtnl_link_get(rt, name, &cur) < 0 || strcmp(cur.kind, "lisp"))
		return;
	if (lisp_rtnl_link_del(rt, cur.ifindex) < 0) {
		log_error("device %s: delete: %s", name, rt->err);
		return;
	}
	d->stats.dev_deleted++;
	log_info("device %s deleted (%s)", name, why);
}

/* The lines of old that name a device made again: to be sent anew. */
static void dev_resend(struct lispd *d, struct lispd_conf *old,
		       const char *name)
{
	unsigned int i;

	for (i = 0; i < d->etr.ndb; i++) {
		if (!strcmp(d->etr.db[i].cfg.dev, name))
			d->etr.db[i].kstate = LISPD_DB_K_NONE;
	}
	for (i = 0; old && i < old->npetr; i++) {
		if (!strcmp(old->petr[i].dev, name))
			old->petr[i].kfailed = true;
	}
	for (i = 0; old && i < old->nmap; i++) {
		if (!strcmp(old->map[i].dev, name))
			old->map[i].kfailed = true;
	}
}

void lispd_devices_apply(struct lispd *d, struct lispd_conf *old,
			 FILE *report, int *errors)
{
	const struct lispd_conf *c = d->conf;
	const struct lispd_conf_device *dev;
	struct lisp_kernel rt;
	enum dev_outcome o;
	uint32_t ifindex = 0;
	unsigned int i;

	if (!d->use_kernel || (!c->ndevice && (!old || !old->ndevice)))
		return;
	if (lisp_rtnl_open(&rt) < 0) {
		lispd_report_error(report, errors, "devices: %s", rt.err);
		return;
	}
	for (i = 0; old && i < old->ndevice; i++) {
		if (!lispd_conf_device_find(c, old->device[i].name))
			dev_delete(d, &rt, old->device[i].name,
				   "its line is gone from the configuration");
	}
	for (i = 0; i < c->ndevice; i++) {
		dev = &c->device[i];
		o = dev_make(d, &rt, dev, &ifindex, report, errors);
		if (o == DEV_FAILED)
			continue;
		d->stats.dev_created += o == DEV_CREATED;
		d->stats.dev_changed += o == DEV_CHANGED;
		d->stats.dev_remade += o == DEV_REMADE;
		/* Whatever was installed on the device before went with it. */
		if (o == DEV_CREATED || o == DEV_REMADE)
			dev_resend(d, old, dev->name);
		dev_routes(d, &rt, dev, lispd_conf_device_find(old, dev->name),
			   ifindex, o == DEV_CREATED || o == DEV_REMADE,
			   report, errors);
	}
	lisp_kernel_close(&rt);
}

void lispd_devices_stop(struct lispd *d)
{
	const struct lispd_conf *c = d->conf;
	struct lisp_kernel rt;
	unsigned int i, n = 0;

	for (i = 0; c && d->use_kernel && i < c->ndevice; i++)
		n += c->device[i].delete_on_stop;
	if (!n)
		return;
	if (lisp_rtnl_open(&rt) < 0) {
		log_error("devices: %s", rt.err);
		return;
	}
	for (i = 0; i < c->ndevice; i++) {
		if (c->device[i].delete_on_stop)
			dev_delete(d, &rt, c->device[i].name, "on-stop delete");
	}
	lisp_kernel_close(&rt);
}
