// SPDX-License-Identifier: GPL-2.0
/*
 * The ITR role's hook.  "lispd run" parses "map-resolver add" and "itr
 * dev" lines and lists them; resolving misses (kernel "miss" group ->
 * Map-Request to a map-resolver -> Map-Reply -> map-cache) is agent/itr/
 * (resolver.h), to be wired in here:
 *
 *   lispd_itr_apply()       at start and after each reload, with the new
 *                           d->conf: lisp_itr_new() / lisp_itr_configure()
 *                           into d->itr.resolver from d->conf->mr and
 *                           ->itr (reply_port = d->port: Map-Replies come
 *                           to the control sockets); when there are itr
 *                           devices, lisp_kernel_open(&d->itr.miss_kern)
 *                           + lisp_kernel_miss_subscribe(), its fd in
 *                           d->itr.miss, lispd_watch_add(EPOLLIN).
 *   lispd_itr_on_miss()     the loop calls it when that fd is readable:
 *                           read the notifications without blocking,
 *                           lisp_itr_miss() each, lispd_udp_send() the
 *                           Map-Request, re-arm d->itr.tick.
 *   lispd_itr_on_map_reply() every Map-Reply received on the control port:
 *                           lisp_itr_handle_reply(), then
 *                           lisp_kernel_map_add() the entries.
 *   lispd_itr_on_smr()      Solicit-Map-Requests: refresh that EID.
 *   d->itr.tick             lispd_timer_arm() at lisp_itr_next_deadline();
 *                           lisp_itr_tick() sends retries, reports the
 *                           unresolved.
 *   lispd_itr_fini()        exit: unsubscribe, lisp_itr_free().
 *
 * Until then, the hooks count what they get and drop it.
 */
#include <unistd.h>

#include "daemon.h"

static void on_tick(struct lispd_timer *t, void *arg)
{
	(void)t;
	(void)arg;
}

void lispd_itr_init(struct lispd *d)
{
	d->itr.miss.fd = -1;
	d->itr.miss.fn = lispd_itr_on_miss;
	d->itr.resolver = NULL;
	lispd_timer_init(&d->itr.tick, on_tick, d);
}

int lispd_itr_apply(struct lispd *d, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	if (d->conf->nitr)
		log_debug("%u itr device%s configured: miss resolution is not "
			  "in lispd run yet", d->conf->nitr,
			  d->conf->nitr == 1 ? "" : "s");
	return 0;
}

void lispd_itr_fini(struct lispd *d)
{
	lispd_timer_stop(d, &d->itr.tick);
	if (d->itr.miss.fd >= 0) {
		lispd_watch_del(d, &d->itr.miss);
		close(d->itr.miss.fd);
		d->itr.miss.fd = -1;
	}
}

void lispd_itr_on_miss(struct lispd *d, struct lispd_watch *w,
		       uint32_t events)
{
	(void)d;
	(void)w;
	(void)events;
}

void lispd_itr_on_map_reply(struct lispd *d, const struct lispd_rx *rx)
{
	(void)rx;
	d->stats.map_replies++;
}

void lispd_itr_on_smr(struct lispd *d, const struct lispd_rx *rx,
		      const struct lisp_map_request *req)
{
	(void)rx;
	(void)req;
	d->stats.etr_smr++;
}
