// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's data-path events (multicast group "events", lisp(4)):
 * read on a socket of their own whenever lispd has a kernel, whatever
 * its roles, and handed to the part that acts on each:
 *
 *   lsb-mismatch          lispd_itr_on_lsb_mismatch()  (role_itr.c)
 *   rx-dest-not-eid,      lispd_on_remote_itr_traffic() (an SMR to the
 *   rx-dest-mapped                                      ITR, role_smr.c)
 *   tx-source-not-eid     lispd_on_unknown_source()     (dynamic EIDs,
 *                                                        dyneid.c)
 *
 * The kernel limits them (LISP_EVENT_RATE, LISP_EVENT_DEDUP_MS); one
 * lost to a full socket buffer is sent again while what caused it
 * lasts.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>

#include "daemon.h"
#include "lib/addr.h"

/* Events are rate-limited in the kernel: a small buffer is plenty. */
#define LISPD_KEVENTS_RCVBUF	(256 * 1024)

static void on_readable(struct lispd *d, struct lispd_watch *w,
			uint32_t events);

void lispd_kevents_init(struct lispd *d)
{
	d->kev.watch.fd = -1;
	d->kev.watch.fn = on_readable;
}

void lispd_kevents_apply(struct lispd *d)
{
	struct lispd_kevents *kev = &d->kev;
	int fd;

	if (kev->watch.fd >= 0 || !d->kern_open)
		return;
	if (lisp_kernel_open(&kev->kern) < 0 ||
	    lisp_kernel_events_subscribe(&kev->kern) < 0) {
		log_warn("kernel events: %s", kev->kern.err);
		lisp_kernel_close(&kev->kern);
		return;
	}
	fd = lisp_kernel_fd(&kev->kern);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	lisp_kernel_rcvbuf(&kev->kern, LISPD_KEVENTS_RCVBUF);
	kev->watch.fd = fd;
	if (lispd_watch_add(d, &kev->watch, EPOLLIN) < 0) {
		log_warn("kernel events: epoll: %s", strerror(errno));
		kev->watch.fd = -1;
		lisp_kernel_close(&kev->kern);
	}
}

void lispd_kevents_fini(struct lispd *d)
{
	if (d->kev.watch.fd < 0)
		return;
	lispd_watch_del(d, &d->kev.watch);
	lisp_kernel_close(&d->kev.kern);
	d->kev.watch.fd = -1;
}

void lispd_on_remote_itr_traffic(struct lispd *d,
				 const struct lispd_data_event *ev)
{
	char r[LISP_ADDR_STRLEN], s[LISP_ADDR_STRLEN], t[LISP_ADDR_STRLEN];
	struct lisp_addr eid;
	bool sent;

	d->kev.stats.remote_itr_traffic++;
	if (ev->dst.afi == LISP_AFI_IPV4)
		lisp_addr_set_ipv4(&eid, ev->dst.addr);
	else
		lisp_addr_set_ipv6(&eid, ev->dst.addr);
	if (ev->has_iid)
		lisp_addr_set_eid_iid(&eid, ev->iid, d->conf->iid0_lcaf);
	sent = lispd_smr_to_itr(d, &eid, ev->dst.afi == LISP_AFI_IPV4 ?
				32 : 128, &ev->rloc);
	d->kev.stats.smr_sent += sent;
	log_debug("kernel: traffic from ITR %s for %s %s (from %s): %s",
		  lispd_ip_str(&ev->rloc, r), lispd_ip_str(&ev->dst, t),
		  ev->type == LISP_EVENT_RX_DST_MAPPED ? "(moved away)" :
		  "(not local)", lispd_ip_str(&ev->src, s),
		  sent ? "SMR sent" : "no SMR (rate limit or error)");
}

void lispd_on_unknown_source(struct lispd *d,
			     const struct lispd_data_event *ev)
{
	char a[LISP_ADDR_STRLEN];
	bool detected;

	d->kev.stats.unknown_source++;
	detected = ev->iif && lispd_dyneid_on_data(d, ev->ifindex, ev->iif,
						   &ev->src);
	d->kev.stats.dyneid_detected += detected;
	log_debug("kernel: packet from %s, in no database prefix%s",
		  lispd_ip_str(&ev->src, a),
		  detected ? ": a dynamic EID" : "");
}

/* The kernel's form to the codec's; AFI 0 for an address not sent. */
static void to_ip(const struct lisp_kaddr *k, struct lisp_ip *ip)
{
	if (k->family)
		lispd_kaddr_to_ip(k, ip);
	else
		memset(ip, 0, sizeof(*ip));
}

static int on_event(const struct lisp_kevent *kev, void *arg)
{
	struct lispd *d = arg;
	struct lispd_data_event ev = {
		.type = kev->type,
		.ifindex = kev->ifindex,
		.has_iid = kev->has_iid,
		.iid = kev->iid,
		.has_lsb = kev->has_lsb,
		.lsb = kev->lsb,
		.lsb_kernel = kev->lsb_kernel,
		.iif = kev->iif,
	};

	to_ip(&kev->rloc, &ev.rloc);
	to_ip(&kev->src, &ev.src);
	to_ip(&kev->dst, &ev.dst);
	d->kev.stats.received++;
	switch (ev.type) {
	case LISP_EVENT_LSB_MISMATCH:
		if (!ev.src.afi || !ev.has_lsb)
			break;
		d->kev.stats.lsb_mismatch++;
		lispd_itr_on_lsb_mismatch(d, &ev);
		break;
	case LISP_EVENT_RX_DST_NOT_EID:
	case LISP_EVENT_RX_DST_MAPPED:
		if (!ev.rloc.afi || !ev.src.afi || !ev.dst.afi)
			break;
		lispd_on_remote_itr_traffic(d, &ev);
		break;
	case LISP_EVENT_TX_SRC_NOT_EID:
		if (!ev.src.afi)
			break;
		lispd_on_unknown_source(d, &ev);
		break;
	default:
		break;
	}
	return 0;
}

static void on_readable(struct lispd *d, struct lispd_watch *w,
			uint32_t events)
{
	uint64_t overruns = d->kev.stats.overruns;

	(void)w;
	(void)events;
	if (lisp_kernel_event_drain(&d->kev.kern, on_event, d,
				    &d->kev.stats.overruns) < 0)
		log_warn("kernel events: %s", d->kev.kern.err);
	if (d->kev.stats.overruns != overruns)
		log_warn("kernel events lost (socket buffer overrun); the "
			 "kernel sends them again while their cause lasts");
}
