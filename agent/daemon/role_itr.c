// SPDX-License-Identifier: GPL-2.0
/*
 * The ITR (and PITR) role: the kernel's "miss" notifications become
 * Encapsulated Map-Requests to the map-resolvers (agent/itr/ decides
 * what to send and when), Map-Replies become map-cache entries of the
 * device that missed, and entries still in use are refreshed before
 * they expire.
 *
 *   lispd_itr_apply()        start and each reload: the devices, the
 *                            resolver's settings, the miss socket
 *   lispd_itr_on_miss()      miss socket readable: drain, send requests
 *   lispd_itr_on_map_reply() a Map-Reply on the control port
 *   lispd_itr_on_smr()       a Solicit-Map-Request: re-ask for the EID
 *   tick timer               retries and give-ups (the resolver's clock)
 *   refresh timer            every LISP_ITR_SCAN_PERIOD_MS, read the
 *                            itr devices' map-caches for refreshes, a
 *                            step of LISP_ITR_SCAN_STEP entries per turn
 *                            of the loop; the same reading tells the
 *                            prober which RLOCs are in use
 *   probe timer              RLOC probes, timeouts; RLOCs found down or
 *                            up again are set so in the kernel
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"
#include "lib/print.h"
#include "nonce.h"
#include "itr/probe.h"
#include "itr/resolver.h"

/* One Map-Request being built (one thread; not d->rxbuf, which may hold
 * the datagram being handled).
 */
static struct lisp_itr_pkt itr_pkt;

static struct lispd_itr_dev *dev_by_ifindex(struct lispd *d, uint32_t ifindex)
{
	unsigned int i;

	for (i = 0; i < d->itr.ndev; i++)
		if (d->itr.dev[i].ifindex && d->itr.dev[i].ifindex == ifindex)
			return &d->itr.dev[i];
	return NULL;
}

const char *lispd_itr_dev_name(const struct lispd *d, uint32_t ifindex)
{
	unsigned int i;

	for (i = 0; i < d->itr.ndev; i++)
		if (d->itr.dev[i].ifindex && d->itr.dev[i].ifindex == ifindex)
			return d->itr.dev[i].name;
	return NULL;
}

static void rearm_tick(struct lispd *d)
{
	uint64_t at = lisp_itr_next_deadline(d->itr.resolver);

	if (at == UINT64_MAX)
		lispd_timer_stop(d, &d->itr.tick);
	else
		lispd_timer_arm(d, &d->itr.tick, at);
}

static void send_pkt(struct lispd *d, const struct lisp_itr_pkt *p)
{
	if (lispd_udp_send(d, &p->dst, p->dport, p->src.afi ? &p->src : NULL,
			   p->buf, p->len) < 0)
		d->itr.stats.send_errors++;
}

int lispd_route_source(const struct lisp_ip *dst, uint16_t port,
		       struct lisp_ip *src)
{
	bool v4 = dst->afi == LISP_AFI_IPV4;
	struct sockaddr_storage ss = { 0 };
	socklen_t sl;
	int fd, rc = -1;

	if (!v4 && dst->afi != LISP_AFI_IPV6)
		return -1;
	fd = socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (v4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, dst->addr, 4);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, dst->addr, 16);
		sl = sizeof(*sin6);
	}
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0 &&
	    getsockname(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    lispd_sockaddr_to_ip((struct sockaddr *)&ss, src))
		rc = 0;
	close(fd);
	return rc;
}

/*
 * The ITR-RLOCs: where Map-Replies should come back, i.e. the address
 * the kernel would use toward each map-resolver (one per family).
 */
static unsigned int own_rlocs(const struct lispd_conf *c, struct lisp_ip *out,
			      unsigned int max)
{
	unsigned int i, n = 0;
	int have4 = 0, have6 = 0;

	for (i = 0; i < c->nmr && n < max; i++) {
		bool v4 = c->mr[i].addr.afi == LISP_AFI_IPV4;

		if ((v4 && have4) || (!v4 && have6) ||
		    lispd_route_source(&c->mr[i].addr, c->mr[i].port, &out[n]))
			continue;
		if (v4)
			have4 = 1;
		else
			have6 = 1;
		n++;
	}
	return n;
}

static bool dev_has_petr(const struct lispd_conf *c, const struct lisp_kdev *k)
{
	unsigned int i;

	for (i = 0; i < c->npetr; i++)
		if (!strcmp(c->petr[i].dev, k->name))
			return c->petr[i].nloc > 0;
	return k->n_petr > 0;
}

/* Look the itr devices up in the kernel (ifindex, iid, PETRs). */
static void find_devs(struct lispd *d)
{
	const struct lispd_conf *c = d->conf;
	unsigned int i;

	d->itr.ndev = 0;
	for (i = 0; i < c->nitr && i < LISPD_CONF_MAX_ITRS; i++) {
		struct lispd_itr_dev *x = &d->itr.dev[d->itr.ndev++];
		struct lisp_kdev k;

		memset(x, 0, sizeof(*x));
		snprintf(x->name, sizeof(x->name), "%s", c->itr[i].dev);
		if (!d->kern_open || lisp_kernel_dev_get(&d->kern, x->name, &k) < 0) {
			log_warn("itr dev %s: %s", x->name,
				 d->kern_open ? d->kern.err : "no kernel");
			continue;
		}
		x->ifindex = k.ifindex;
		x->has_iid = k.has_iid;
		x->iid = k.iid;
		x->has_petr = dev_has_petr(c, &k);
	}
}

static int subscribe(struct lispd *d, char *err, size_t errlen)
{
	int fd;

	if (d->itr.miss.fd >= 0)
		return 0;
	if (lisp_kernel_open(&d->itr.miss_kern) < 0 ||
	    lisp_kernel_miss_subscribe(&d->itr.miss_kern) < 0) {
		snprintf(err, errlen, "itr: kernel miss notifications: %s",
			 d->itr.miss_kern.err);
		return -1;
	}
	fd = lisp_kernel_fd(&d->itr.miss_kern);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	d->itr.miss_rcvbuf = LISPD_MISS_RCVBUF;
	d->itr.stats.miss_rcvbuf = lisp_kernel_rcvbuf(&d->itr.miss_kern,
						      d->itr.miss_rcvbuf);
	d->itr.miss.fd = fd;
	if (lispd_watch_add(d, &d->itr.miss, EPOLLIN) < 0) {
		snprintf(err, errlen, "itr: epoll: %s", strerror(errno));
		d->itr.miss.fd = -1;
		lisp_kernel_close(&d->itr.miss_kern);
		return -1;
	}
	return 0;
}

static void unsubscribe(struct lispd *d)
{
	if (d->itr.miss.fd < 0)
		return;
	lispd_watch_del(d, &d->itr.miss);
	lisp_kernel_close(&d->itr.miss_kern);
	d->itr.miss.fd = -1;
}

static void on_tick(struct lispd_timer *t, void *arg);
static void on_refresh(struct lispd_timer *t, void *arg);
static void on_probe(struct lispd_timer *t, void *arg);

void lispd_itr_init(struct lispd *d)
{
	d->itr.miss.fd = -1;
	d->itr.miss.fn = lispd_itr_on_miss;
	memset(&d->itr.dump, 0, sizeof(d->itr.dump));
	d->itr.resolver = NULL;
	lispd_timer_init(&d->itr.tick, on_tick, d);
	lispd_timer_init(&d->itr.refresh, on_refresh, d);
	d->itr.probe = NULL;
	lispd_timer_init(&d->itr.probe_timer, on_probe, d);
}

/* ---- RLOC probing (agent/itr/probe.h) ---- */

static void rearm_probe(struct lispd *d)
{
	uint64_t at;

	if (!d->itr.probe) {
		lispd_timer_stop(d, &d->itr.probe_timer);
		return;
	}
	at = lisp_probe_next_deadline(d->itr.probe);
	if (at == UINT64_MAX)
		lispd_timer_stop(d, &d->itr.probe_timer);
	else
		lispd_timer_arm(d, &d->itr.probe_timer, at);
}

/*
 * Up or down in the kernel, on every itr device: the kernel keeps one
 * state per RLOC and device, shared by all the device's entries listing
 * it.  A device none of whose entries lists it says ENOENT: nothing to
 * do there.  Returns the devices set.
 */
static unsigned int rloc_set(struct lispd *d, const struct lisp_ip *rloc,
			     bool up)
{
	struct lisp_kaddr k;
	unsigned int i, n = 0;
	char a[LISP_ADDR_STRLEN];

	if (!d->kern_open)
		return 0;
	lispd_ip_to_kaddr(rloc, &k);
	for (i = 0; i < d->itr.ndev; i++) {
		if (!d->itr.dev[i].ifindex)
			continue;
		if (lisp_kernel_rloc_set(&d->kern, d->itr.dev[i].name, &k,
					 up) == 0) {
			n++;
		} else if (errno != ENOENT) {
			d->itr.stats.probe_kernel_errors++;
			log_warn("itr: %s: rloc %s %s: %s", d->itr.dev[i].name,
				 lispd_ip_str(rloc, a), up ? "up" : "down",
				 d->kern.err);
		}
	}
	return n;
}

/*
 * The locators of an entry of device x to the prober: used (in_use) or
 * just listed, and whether the entry has another locator to move to.
 * Priority 255 is never used (RFC 9300 13): not probed, no alternative.
 */
static void probe_feed(struct lispd *d, const struct lispd_itr_dev *x,
		       const struct lisp_kmap *m, bool in_use)
{
	struct lisp_probe_use u;
	char a[LISP_ADDR_STRLEN];
	uint64_t now = lispd_now_ms();
	unsigned int i, usable = 0;

	if (!d->itr.probe || m->action != LISP_MAP_ENCAP)
		return;
	memset(&u, 0, sizeof(u));
	u.in_use = in_use;
	u.dev = x->ifindex;
	u.has_iid = x->has_iid;
	u.iid = x->iid;
	lispd_kaddr_to_ip(&m->eid, &u.eid);
	u.plen = m->plen;
	for (i = 0; i < m->n_loc; i++)
		usable += m->loc[i].priority != 255;
	u.alt = usable > 1;
	for (i = 0; i < m->n_loc; i++) {
		if (m->loc[i].priority == 255)
			continue;
		lispd_kaddr_to_ip(&m->loc[i].addr, &u.rloc);
		u.kernel_up = m->loc[i].up;
		if (lisp_probe_seen(d->itr.probe, &u, now) == 1 &&
		    rloc_set(d, &u.rloc, false))
			log_info("itr: rloc %s down again in the kernel "
				 "(probing finds it down)",
				 lispd_ip_str(&u.rloc, a));
	}
}

static void probe_event(struct lispd *d, const struct lisp_probe_event *ev)
{
	char a[LISP_ADDR_STRLEN];
	unsigned int n = ev->kernel ? rloc_set(d, &ev->rloc, ev->up) : 0;

	lispd_ip_str(&ev->rloc, a);
	if (ev->up)
		log_info("itr: rloc %s up: answered a probe in %u ms (%u "
			 "device%s)", a, ev->rtt_ms, n, n == 1 ? "" : "s");
	else if (ev->kernel)
		log_info("itr: rloc %s down: %u probes unanswered (%u "
			 "device%s)", a, ev->misses, n, n == 1 ? "" : "s");
	else
		log_info("itr: rloc %s down: %u probes unanswered; left up in "
			 "the kernel, no entry has another locator", a,
			 ev->misses);
}

static void on_probe(struct lispd_timer *t, void *arg)
{
	struct lispd *d = arg;
	struct lisp_probe_tick *out;
	unsigned int i;

	(void)t;
	if (!d->itr.probe)
		return;
	out = malloc(sizeof(*out));
	if (!out) {
		/* Try again later rather than spin. */
		lispd_timer_arm(d, &d->itr.probe_timer, lispd_now_ms() + 100);
		return;
	}
	lisp_probe_tick(d->itr.probe, lispd_now_ms(), out);
	for (i = 0; i < out->npkt; i++)
		send_pkt(d, &out->pkt[i]);
	for (i = 0; i < out->nevent; i++)
		probe_event(d, &out->event[i]);
	free(out);
	rearm_probe(d);
}

static int restore_one(const struct lisp_probe_info *info, void *arg)
{
	struct lispd *d = arg;
	char a[LISP_ADDR_STRLEN];

	if (info->kernel_down && rloc_set(d, &info->rloc, true))
		log_info("itr: rloc %s up: no longer probed",
			 lispd_ip_str(&info->rloc, a));
	return 0;
}

/*
 * Probing stops: with restore ("rloc-probing off", no ITR any more) the
 * RLOCs it had marked down go back up, nobody would bring them back;
 * at exit they stay as they are, the next lispd probes them.
 */
static void probe_stop(struct lispd *d, bool restore)
{
	if (!d->itr.probe)
		return;
	if (restore)
		lisp_probe_walk(d->itr.probe, restore_one, d);
	lispd_timer_stop(d, &d->itr.probe_timer);
	lisp_probe_free(d->itr.probe);
	d->itr.probe = NULL;
}

/* The probe to rloc leaves from, and its answer comes back to, the
 * address the underlay's routing picks now (lisp_probe_source_fn).
 */
static int probe_source(void *arg, const struct lisp_ip *rloc,
			struct lisp_ip *src)
{
	(void)arg;
	return lispd_route_source(rloc, LISP_CONTROL_PORT, src);
}

static int probe_apply(struct lispd *d, const struct lisp_itr_cfg *icfg,
		       char *err, size_t errlen)
{
	const struct lispd_conf *c = d->conf;
	struct lisp_probe_cfg cfg;

	if (c->probe_off) {
		probe_stop(d, true);
		return 0;
	}
	lisp_probe_cfg_init(&cfg);
	cfg.interval_ms = c->probe_interval_s * 1000;
	cfg.retries = c->probe_retries;
	cfg.retry_ms = c->probe_retry_s * 1000;
	cfg.pitr = icfg->pitr;
	cfg.iid0_lcaf = icfg->iid0_lcaf;
	cfg.nrloc = icfg->nrloc;
	memcpy(cfg.rloc, icfg->rloc, sizeof(cfg.rloc));
	cfg.random = lispd_nonce;
	cfg.source = probe_source;
	if (d->itr.probe) {
		if (lisp_probe_configure(d->itr.probe, &cfg) < 0) {
			snprintf(err, errlen, "itr: invalid rloc-probing settings");
			return -1;
		}
	} else {
		d->itr.probe = lisp_probe_new(&cfg);
		if (!d->itr.probe) {
			snprintf(err, errlen, "itr: invalid rloc-probing "
				 "settings or no memory");
			return -1;
		}
	}
	rearm_probe(d);
	return 0;
}

int lispd_itr_apply(struct lispd *d, char *err, size_t errlen)
{
	const struct lispd_conf *c = d->conf;
	struct lisp_itr_cfg cfg;
	unsigned int i;

	if (!c->nitr || !d->use_kernel) {
		probe_stop(d, true);
		lispd_itr_fini(d);
		if (c->nitr)
			log_warn("itr devices ignored: --no-kernel");
		return 0;
	}
	if (!c->nmr) {
		snprintf(err, errlen, "itr devices need a map-resolver (map-resolver add ADDR)");
		return -1;
	}
	if (lispd_kernel_ensure(d, NULL) < 0) {
		snprintf(err, errlen, "itr: cannot talk to the kernel: %s", d->kern.err);
		return -1;
	}
	lisp_itr_cfg_init(&cfg);
	for (i = 0; i < c->nmr && i < LISP_ITR_MAX_RESOLVERS; i++)
		cfg.resolver[cfg.nresolver++] = c->mr[i].addr;
	/* One port for all: the first map-resolver's (4342 unless set). */
	cfg.resolver_port = c->mr[0].port;
	cfg.nrloc = own_rlocs(c, cfg.rloc, LISP_MAX_ITR_RLOCS);
	if (!cfg.nrloc) {
		snprintf(err, errlen, "itr: no local address reaches the map-resolvers");
		return -1;
	}
	cfg.reply_port = d->port;
	for (i = 0; i < c->nitr; i++)
		cfg.pitr |= c->itr[i].pitr;
	cfg.random = lispd_nonce;
	cfg.min_plen4 = c->itr_min_plen4;
	cfg.min_plen6 = c->itr_min_plen6;
	cfg.iid0_lcaf = c->iid0_lcaf;
	/* As the ETR registers (the map-servers know it by that). */
	cfg.subscribe = c->itr_subscribe;
	memcpy(cfg.xtr_id, d->etr.id.xtr_id, LISP_XTR_ID_LEN);
	cfg.site_id = d->etr.id.site_id;
	for (i = 0; i < c->nms && cfg.nms < LISP_ITR_MAX_MS; i++) {
		cfg.ms[cfg.nms].addr = c->ms[i].addr;
		cfg.ms[cfg.nms++].key = c->ms[i].key;
	}
	if (d->itr.resolver) {
		if (lisp_itr_configure(d->itr.resolver, &cfg) < 0) {
			snprintf(err, errlen, "itr: invalid resolver settings");
			return -1;
		}
	} else {
		d->itr.resolver = lisp_itr_new(&cfg);
		if (!d->itr.resolver) {
			snprintf(err, errlen, "itr: invalid resolver settings or no memory");
			return -1;
		}
	}
	if (subscribe(d, err, errlen) < 0)
		return -1;
	find_devs(d);
	if (probe_apply(d, &cfg, err, errlen) < 0)
		return -1;
	/* The devices may have changed: a new round reads them afresh. */
	lisp_itr_scan_abort(d->itr.resolver);
	lisp_kdump_close(&d->itr.dump);
	lispd_timer_arm(d, &d->itr.refresh,
			lispd_now_ms() + LISP_ITR_SCAN_PERIOD_MS);
	log_info("itr: %u device%s, %u map-resolver%s%s%s", d->itr.ndev,
		 d->itr.ndev == 1 ? "" : "s", cfg.nresolver,
		 cfg.nresolver == 1 ? "" : "s", cfg.pitr ? ", as a proxy ITR" : "",
		 cfg.subscribe ? ", subscribing (RFC 9437)" : "");
	if (d->itr.probe)
		log_info("itr: rloc-probing every %us, %u retr%s %us apart",
			 c->probe_interval_s, c->probe_retries,
			 c->probe_retries == 1 ? "y" : "ies", c->probe_retry_s);
	else
		log_info("itr: rloc-probing off");
	return 0;
}

void lispd_itr_fini(struct lispd *d)
{
	probe_stop(d, false);
	lispd_timer_stop(d, &d->itr.tick);
	lispd_timer_stop(d, &d->itr.refresh);
	lisp_kdump_close(&d->itr.dump);
	unsubscribe(d);
	lisp_itr_free(d->itr.resolver);
	d->itr.resolver = NULL;
	d->itr.ndev = 0;
}

static int on_one_miss(const struct lisp_kmiss *km, void *arg)
{
	struct lispd *d = arg;
	struct lispd_itr_dev *x = dev_by_ifindex(d, km->ifindex);
	struct lisp_itr_miss m = { 0 };
	struct lisp_itr_pkt *pkt = &itr_pkt;
	int rc;

	d->itr.stats.misses++;
	if (!x) {
		d->itr.stats.misses_other_dev++;
		return 0;
	}
	m.dev = x->ifindex;
	m.has_iid = x->has_iid;
	m.iid = x->iid;
	m.has_petr = x->has_petr;
	lispd_kaddr_to_ip(&km->src, &m.src);
	lispd_kaddr_to_ip(&km->dst, &m.dst);
	rc = lisp_itr_miss(d->itr.resolver, &m, lispd_now_ms(), pkt);
	if (rc == 1) {
		char a[LISP_ADDR_STRLEN];

		log_debug("itr: %s: Map-Request for %s", x->name,
			  lispd_ip_str(&m.dst, a));
		send_pkt(d, pkt);
	} else if (rc < 0) {
		log_debug("itr: miss not sent: %s", lisp_itr_strerror(rc));
	}
	return 0;
}

/*
 * The miss socket overran: notifications were lost.  lisp.ko announces
 * a destination still waiting again after LISP_MISS_RENOTIFY_MS, on its
 * next packet; what can be done here: make a repeat less likely with a
 * larger buffer, and say so.  (NETLINK_NO_ENOBUFS would hide the loss.)
 */
static void miss_overrun(struct lispd *d, uint64_t now)
{
	struct lispd_itr_role *r = &d->itr;
	int got;

	if (r->miss_rcvbuf < LISPD_MISS_RCVBUF_MAX) {
		r->miss_rcvbuf *= 2;
		if (r->miss_rcvbuf > LISPD_MISS_RCVBUF_MAX)
			r->miss_rcvbuf = LISPD_MISS_RCVBUF_MAX;
		got = lisp_kernel_rcvbuf(&r->miss_kern, r->miss_rcvbuf);
		if (got > 0)
			r->stats.miss_rcvbuf = got;
	}
	if (r->overrun_warned_ms &&
	    now - r->overrun_warned_ms < LISPD_MISS_WARN_MS)
		return;
	r->overrun_warned_ms = now;
	log_warn("itr: miss notifications lost (socket buffer overrun, %llu "
		 "so far); the kernel announces their destinations again after "
		 "%u ms; receive buffer now %d bytes",
		 (unsigned long long)r->stats.misses_lost,
		 LISP_MISS_RENOTIFY_MS, r->stats.miss_rcvbuf);
}

void lispd_itr_on_miss(struct lispd *d, struct lispd_watch *w,
		       uint32_t events)
{
	uint64_t overruns = d->itr.stats.misses_lost;

	(void)w;
	(void)events;
	if (!d->itr.resolver)
		return;
	if (lisp_kernel_miss_drain(&d->itr.miss_kern, on_one_miss, d,
				   &d->itr.stats.misses_lost) < 0)
		log_warn("itr: %s", d->itr.miss_kern.err);
	if (d->itr.stats.misses_lost != overruns)
		miss_overrun(d, lispd_now_ms());
	rearm_tick(d);
}

static struct lispd_itr_dev *dev_by_id(struct lispd *d, uint32_t id)
{
	return dev_by_ifindex(d, id);
}

/*
 * May m go in (or out, TTL 0)?  Only where the kernel has no entry at
 * exactly its prefix, or has one this ITR installed: a static entry
 * (config, "lispd map-cache add") is never replaced nor removed.
 * *exists: the kernel has its prefix, read into *cur.
 */
static bool may_install(struct lispd *d, const struct lispd_itr_dev *x,
			const struct lisp_itr_map *m,
			const struct lisp_kaddr *eid, struct lisp_kmap *cur,
			bool *exists)
{
	*exists = lisp_kernel_map_get(&d->kern, x->name, eid, m->plen,
				      false, cur) == 0;
	return lisp_itr_may_install(d->itr.resolver, m, *exists);
}

/*
 * Is m's prefix one that the Map-Server said moved away from this site
 * (show moved)?  Its entry relays (LISP_MAP_F_RELAY) whoever installs
 * it: the move, or a later Map-Reply that refreshes it.
 */
static bool moved_away(const struct lispd *d, const struct lisp_itr_map *m)
{
	const struct lispd_moved *mv;
	unsigned int i;

	for (i = 0; i < d->etr.nmoved; i++) {
		mv = &d->etr.moved[i];
		if (mv->pfx.plen == m->plen &&
		    (mv->pfx.addr.kind == LISP_ADDR_IID ? mv->pfx.addr.iid : 0) ==
		    (m->has_iid ? m->iid : 0) &&
		    lisp_ip_equal(&mv->pfx.addr.ip[0], &m->eid))
			return true;
	}
	return false;
}

/*
 * Before an entry this ITR installed (old, as the kernel has it) is
 * replaced by m (or removed): its locators that m no longer lists are
 * unlisted for probing, whose probes to them may name this entry
 * (lisp_probe_unlisted): a host that moved on is not an RLOC that
 * stopped answering.
 */
static void probe_unlist(struct lispd *d, const struct lispd_itr_dev *x,
			 const struct lisp_itr_map *m,
			 const struct lisp_kmap *old)
{
	struct lisp_probe_use u;
	unsigned int i, j;

	if (!d->itr.probe || !lisp_itr_owns(d->itr.resolver, m))
		return;
	memset(&u, 0, sizeof(u));
	u.dev = x->ifindex;
	u.has_iid = x->has_iid;
	u.iid = x->iid;
	lispd_kaddr_to_ip(&old->eid, &u.eid);
	u.plen = old->plen;
	for (i = 0; i < old->n_loc; i++) {
		lispd_kaddr_to_ip(&old->loc[i].addr, &u.rloc);
		for (j = 0; !m->remove && j < m->nloc; j++) {
			if (lisp_ip_equal(&m->loc[j].addr, &u.rloc))
				break;
		}
		if (m->remove || j == m->nloc)
			lisp_probe_unlisted(d->itr.probe, &u, lispd_now_ms());
	}
}

static void install(struct lispd *d, const struct lisp_itr_map *m)
{
	struct lispd_itr_dev *x = dev_by_id(d, m->dev);
	struct lisp_kmap km, cur;
	char a[LISP_ADDR_STRLEN];
	unsigned int i;
	bool exists;

	if (!x || !d->kern_open)
		return;
	memset(&km, 0, sizeof(km));
	km.eid.family = lisp_itr_ip_family(&m->eid);
	memcpy(km.eid.bytes, m->eid.addr, km.eid.family == AF_INET ? 4 : 16);
	km.plen = m->plen;
	lispd_ip_str(&m->eid, a);
	if (!may_install(d, x, m, &km.eid, &cur, &exists)) {
		/* Counted by the resolver (not_owned, "show itr"). */
		log_debug("itr: %s: %s/%u %s: left as it is", x->name, a,
			  m->plen, m->remove ? "TTL 0" : "a static entry");
		return;
	}
	if (exists)
		probe_unlist(d, x, m, &cur);
	if (m->remove) {
		if (lisp_kernel_map_del(&d->kern, x->name, &km.eid, km.plen) == 0) {
			d->itr.stats.removed++;
			lisp_itr_removed(d->itr.resolver, m);
		}
		return;
	}
	km.action = m->action;
	km.ttl = m->ttl_s;
	if (km.action == LISP_MAP_ENCAP && (m->relay || moved_away(d, m)))
		km.flags = LISP_MAP_F_RELAY;
	for (i = 0; i < m->nloc && km.n_loc < LISP_MAX_LOCATORS; i++) {
		struct lisp_kloc *l = &km.loc[km.n_loc++];

		l->addr.family = lisp_itr_ip_family(&m->loc[i].addr);
		memcpy(l->addr.bytes, m->loc[i].addr.addr,
		       l->addr.family == AF_INET ? 4 : 16);
		l->priority = m->loc[i].priority;
		l->weight = m->loc[i].weight;
		/* What probing found outranks the R bit. */
		l->up = m->loc[i].up && !(d->itr.probe &&
			lisp_probe_is_down(d->itr.probe, &m->loc[i].addr));
	}
	if (lisp_kernel_map_add(&d->kern, x->name, &km, 1, false) < 0) {
		d->itr.stats.install_errors++;
		log_warn("itr: %s: %s/%u refused: %s", x->name, a, m->plen,
			 d->kern.err);
		return;
	}
	d->itr.stats.installed++;
	lisp_itr_installed(d->itr.resolver, m);
	/* Asked for because of traffic (a miss, a refresh): in use. */
	probe_feed(d, x, &km, true);
	log_info("itr: %s: %s/%u %s, %u locator%s, ttl %us", x->name, a,
		 m->plen, km.action == LISP_MAP_ENCAP ? "mapped" : "negative",
		 km.n_loc, km.n_loc == 1 ? "" : "s", km.ttl);
}

unsigned int lispd_itr_install_moved(struct lispd *d,
				     const struct lisp_record *rec,
				     uint32_t ttl_cap_s)
{
	uint32_t iid = rec->eid.kind == LISP_ADDR_IID ? rec->eid.iid : 0;
	uint64_t before = d->itr.stats.installed;
	const struct lispd_itr_dev *x;
	struct lisp_itr_map m;
	unsigned int i;

	if (!d->itr.resolver || !d->kern_open ||
	    lisp_itr_map_from_record(rec, false, &m) ||
	    (!m.remove && m.action != LISP_MAP_ENCAP))
		return 0;
	if (m.ttl_s > ttl_cap_s)
		m.ttl_s = ttl_cap_s;
	for (i = 0; i < d->itr.ndev; i++) {
		x = &d->itr.dev[i];
		if (!x->ifindex || (x->has_iid ? x->iid : 0) != iid)
			continue;
		m.dev = x->ifindex;
		m.has_iid = x->has_iid;
		m.iid = x->iid;
		m.relay = true;
		install(d, &m);
	}
	rearm_probe(d);
	return (unsigned int)(d->itr.stats.installed - before);
}

void lispd_itr_remove_moved(struct lispd *d, const struct lisp_addr *eid,
			    uint8_t plen)
{
	struct lisp_record rec = { .ttl = 0, .eid = *eid,
				   .eid_mask_len = plen };

	lispd_itr_install_moved(d, &rec, 0);
}

/* A Map-Reply with the P bit: the answer to an RLOC-probe, or not. */
static void on_probe_reply(struct lispd *d, const struct lispd_rx *rx)
{
	struct lisp_probe_event ev;
	char a[LISP_ADDR_STRLEN];
	int rc;

	lispd_ip_str(&rx->src, a);
	if (!d->itr.probe) {
		log_debug("itr: RLOC-probe answer from %s: not probing", a);
		return;
	}
	rc = lisp_probe_handle_reply(d->itr.probe, rx->buf, rx->len, &rx->src,
				     rx->now_ms, &ev);
	if (rc == 1)
		probe_event(d, &ev);
	else if (rc < 0)
		log_debug("itr: RLOC-probe answer from %s port %u dropped: %s",
			  a, rx->sport, lisp_itr_strerror(rc));
	rearm_probe(d);
}

void lispd_itr_on_map_reply(struct lispd *d, const struct lispd_rx *rx)
{
	struct lisp_itr_reply *out;
	int n, i;

	d->stats.map_replies++;
	if (lisp_map_reply_is_probe(rx->buf, rx->len)) {
		on_probe_reply(d, rx);
		return;
	}
	if (!d->itr.resolver)
		return;
	out = malloc(sizeof(*out));
	if (!out)
		return;
	n = lisp_itr_handle_reply(d->itr.resolver, rx->buf, rx->len,
				  rx->now_ms, out);
	for (i = 0; i < n; i++)
		install(d, &out->map[i]);
	free(out);
	rearm_tick(d);
	rearm_probe(d);
}

bool lispd_itr_on_notify(struct lispd *d, const struct lispd_rx *rx)
{
	struct lisp_itr_pkt *ack = &itr_pkt;
	struct lisp_itr_notify_rx nrx;
	struct lisp_itr_reply *out;
	char a[LISP_ADDR_STRLEN];
	int n, i;

	if (!d->itr.resolver || !lisp_itr_config(d->itr.resolver)->subscribe)
		return false;
	out = malloc(sizeof(*out));
	if (!out)
		return true;
	nrx.src = rx->src;
	nrx.sport = rx->sport;
	nrx.dst = rx->dst;
	n = lisp_itr_handle_notify(d->itr.resolver, rx->buf, rx->len, &nrx,
				   rx->now_ms, out, ack);
	lispd_ip_str(&rx->src, a);
	if (n < 0)
		log_debug("itr: Map-Notify from %s port %u refused: %s", a,
			  rx->sport, lisp_itr_strerror(n));
	else
		log_debug("itr: Map-Notify from %s: %d entr%s", a, n,
			  n == 1 ? "y" : "ies");
	for (i = 0; i < n; i++)
		install(d, &out->map[i]);
	free(out);
	/* After the kernel has it: the Map-Server's retries stop. */
	if (ack->len)
		send_pkt(d, ack);
	rearm_tick(d);
	rearm_probe(d);
	return true;
}

static void on_tick(struct lispd_timer *t, void *arg)
{
	struct lispd *d = arg;
	struct lisp_itr_tick *out;
	unsigned int i;

	(void)t;
	if (!d->itr.resolver)
		return;
	out = malloc(sizeof(*out));
	if (!out)
		return;
	lisp_itr_tick(d->itr.resolver, lispd_now_ms(), out);
	for (i = 0; i < out->npkt; i++)
		send_pkt(d, &out->pkt[i]);
	for (i = 0; i < out->nunresolved; i++) {
		char a[LISP_ADDR_STRLEN];

		d->itr.stats.unresolved++;
		/* The kernel drops what waited; a later miss asks again. */
		log_info("itr: no answer for %s/%u",
			 lispd_ip_str(&out->unresolved[i].eid, a),
			 out->unresolved[i].plen);
	}
	free(out);
	rearm_tick(d);
}

struct refresh_ctx {
	struct lispd *d;
	struct lispd_itr_dev *x;
	struct lisp_itr_pkt *pkt;
	bool smr;
	const struct lisp_ip *smr_eid;	/* the EID an SMR named, or NULL */
};

static void installed_from_kmap(const struct lispd_itr_dev *x,
				const struct lisp_kmap *m,
				struct lisp_itr_installed *e)
{
	memset(e, 0, sizeof(*e));
	e->dev = x->ifindex;
	e->has_iid = x->has_iid;
	e->iid = x->iid;
	e->has_petr = x->has_petr;
	lispd_kaddr_to_ip(&m->eid, &e->eid);
	e->plen = m->plen;
	e->ttl_s = m->ttl;
	e->idle_ms = m->idle_ms;
	e->has_expires = m->has_expires;
	e->expires_ms = m->expires_ms;
}

/* Did this ITR install e (probing watches only its own entries)? */
static bool owned(const struct lisp_itr *itr, const struct lisp_itr_installed *e)
{
	struct lisp_itr_map m;

	m.dev = e->dev;
	m.eid = e->eid;
	m.plen = e->plen;
	return lisp_itr_owns(itr, &m);
}

static int refresh_one(const struct lisp_kmap *m, void *arg)
{
	struct refresh_ctx *ctx = arg;
	struct lisp_itr *itr = ctx->d->itr.resolver;
	struct lisp_itr_installed e;
	int rc;

	installed_from_kmap(ctx->x, m, &e);
	if (ctx->smr) {
		rc = lisp_itr_smr(itr, &e, ctx->smr_eid, lispd_now_ms(),
				  ctx->pkt);
	} else {
		rc = lisp_itr_scan_entry(itr, &e, lispd_now_ms(), ctx->pkt);
		if (ctx->d->itr.probe && owned(itr, &e))
			probe_feed(ctx->d, ctx->x, m,
				   m->idle_ms < LISP_PROBE_IDLE_MS);
	}
	if (rc == 1)
		send_pkt(ctx->d, ctx->pkt);
	/* A scan step has done its share: the dump waits for the next. */
	return !ctx->smr && lisp_itr_scan_paused(itr);
}

/*
 * One step of the refresh scan (agent/itr/refresh.c): at most
 * LISP_ITR_SCAN_STEP map-cache entries, read from where the last step
 * stopped; the next step runs at the next turn of the loop.
 */
static void on_refresh(struct lispd_timer *t, void *arg)
{
	struct lispd *d = arg;
	struct refresh_ctx ctx = { .d = d, .pkt = &itr_pkt };
	struct lisp_itr *itr = d->itr.resolver;
	struct lisp_kdump *dump = &d->itr.dump;
	uint64_t now = lispd_now_ms();
	int i, rc;

	(void)t;
	if (!itr)
		return;
	i = lisp_itr_scan_step(itr, now, d->itr.ndev);
	if (i >= 0)
		d->itr.stats.refresh_steps++;
	while (i >= 0) {
		ctx.x = &d->itr.dev[i];
		if (!ctx.x->ifindex) {
			i = lisp_itr_scan_dev_done(itr, true);
			continue;
		}
		if (!dump->active && lisp_kdump_start(dump, ctx.x->name) < 0) {
			log_debug("itr: refresh %s: %s", ctx.x->name, dump->k.err);
			i = lisp_itr_scan_dev_done(itr, false);
			continue;
		}
		rc = lisp_kdump_step(dump, refresh_one, &ctx);
		if (rc > 0) {
			lispd_timer_arm(d, &d->itr.refresh, now);
			rearm_tick(d);
			rearm_probe(d);
			return;
		}
		if (rc < 0)
			log_debug("itr: refresh %s: %s", ctx.x->name, dump->k.err);
		i = lisp_itr_scan_dev_done(itr, rc == 0);
		if (i < 0)
			d->itr.stats.refresh_scans++;
	}
	lispd_timer_arm(d, &d->itr.refresh, lisp_itr_scan_due(itr));
	rearm_tick(d);
	rearm_probe(d);
}

/* An SMR's EID: an IPv4 or IPv6 address, plain or in an Instance-ID. */
static const struct lisp_ip *smr_eid(const struct lisp_addr *a, uint32_t *iid)
{
	const struct lisp_ip *ip = &a->ip[0];

	if ((a->kind != LISP_ADDR_IP && a->kind != LISP_ADDR_IID) ||
	    (ip->afi != LISP_AFI_IPV4 && ip->afi != LISP_AFI_IPV6))
		return NULL;
	*iid = a->kind == LISP_ADDR_IID ? a->iid : 0;
	return ip;
}

/* Re-ask, on each itr device of instance iid, for what covers eid. */
static void smr_one_eid(struct refresh_ctx *ctx, const struct lisp_ip *eid,
			uint32_t iid)
{
	struct lispd *d = ctx->d;
	struct lisp_kaddr k = { 0 };
	struct lisp_kmap m;
	unsigned int i;

	lispd_ip_to_kaddr(eid, &k);
	for (i = 0; i < d->itr.ndev; i++) {
		ctx->x = &d->itr.dev[i];
		if (!ctx->x->ifindex ||
		    (ctx->x->has_iid ? ctx->x->iid : 0) != iid ||
		    lisp_kernel_map_get(&d->kern, ctx->x->name, &k, 0, true,
					&m) < 0)
			continue;
		refresh_one(&m, ctx);
	}
}

/*
 * RFC 9301 6.1: an SMR asks us to re-resolve the EID in its source-EID
 * field, if we have cached it; the request goes to the map-resolver,
 * not to the SMR's sender, and for that EID itself when it is more
 * specific than the entry that covers it (a host that moved out of a
 * cached site prefix: lisp_itr_smr).  An SMR without a source EID
 * names its EID-records: the cached prefixes that cover them are asked
 * for again.
 */
void lispd_itr_on_smr(struct lispd *d, const struct lispd_rx *rx,
		      const struct lisp_map_request *req)
{
	struct refresh_ctx ctx = { .d = d, .smr = true };
	const struct lisp_ip *ip;
	uint32_t iid;
	unsigned int r;

	(void)rx;
	d->stats.etr_smr++;
	if (!d->itr.resolver || !d->kern_open)
		return;
	ctx.pkt = &itr_pkt;
	ip = smr_eid(&req->source_eid, &iid);
	if (ip) {
		ctx.smr_eid = ip;
		smr_one_eid(&ctx, ip, iid);
	} else {
		for (r = 0; r < req->nrec; r++) {
			ip = smr_eid(&req->rec[r].addr, &iid);
			if (ip)
				smr_one_eid(&ctx, ip, iid);
		}
	}
	rearm_tick(d);
}

void lispd_itr_on_lsb_mismatch(struct lispd *d,
			       const struct lispd_data_event *ev)
{
	struct lispd_itr_dev *x = dev_by_ifindex(d, ev->ifindex);
	struct lisp_itr_installed e;
	struct lisp_kaddr src;
	struct lisp_kmap m;
	struct lisp_ip rloc;
	char a[LISP_ADDR_STRLEN], r[LISP_ADDR_STRLEN];
	unsigned int i, n = 0;

	if (!x || !d->itr.probe || !d->kern_open)
		return;
	lispd_ip_to_kaddr(&ev->src, &src);
	if (lisp_kernel_map_get(&d->kern, x->name, &src, 0, true, &m) < 0 ||
	    m.action != LISP_MAP_ENCAP)
		return;
	installed_from_kmap(x, &m, &e);
	if (!owned(d->itr.resolver, &e))
		return;
	/* Traffic from the site is flowing: its locators are in use. */
	probe_feed(d, x, &m, true);
	for (i = 0; i < m.n_loc; i++) {
		if (m.loc[i].priority == 255)
			continue;
		lispd_kaddr_to_ip(&m.loc[i].addr, &rloc);
		n += lisp_probe_hint(d->itr.probe, &rloc, lispd_now_ms());
	}
	log_debug("itr: %s: locator-status-bits 0x%x from %s for %s/%u, "
		  "0x%x here: %u probe%s now", x->name, ev->lsb,
		  lispd_ip_str(&ev->rloc, r), lispd_ip_str(&e.eid, a), e.plen,
		  ev->lsb_kernel, n, n == 1 ? "" : "s");
	rearm_probe(d);
}

/* For "show itr". */
void lispd_itr_show(struct lispd *d, struct printer *p)
{
	const struct lispd_itr_stats *s = &d->itr.stats;
	static const char *const names[] = {
		"misses", "misses_other_dev", "misses_lost", "installed",
		"removed", "install_errors", "send_errors", "unresolved",
	};
	const uint64_t values[] = {
		s->misses, s->misses_other_dev, s->misses_lost, s->installed,
		s->removed, s->install_errors, s->send_errors, s->unresolved,
	};
	unsigned int i;
	char buf[512];

	if (!d->itr.resolver)
		return;
	print_uint(p, PRINT_JSON, "pending", NULL,
		   lisp_itr_npending(d->itr.resolver));
	print_open_object(p, "itr");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		print_uint(p, PRINT_JSON, names[i], NULL, values[i]);
	print_close_object(p);
	if (print_is_json(p))
		return;
	print_raw(p, PRINT_FP, "itr: misses %llu installed %llu removed %llu "
		  "refused %llu unresolved %llu pending %u\n",
		  (unsigned long long)s->misses,
		  (unsigned long long)s->installed,
		  (unsigned long long)s->removed,
		  (unsigned long long)s->install_errors,
		  (unsigned long long)s->unresolved,
		  lisp_itr_npending(d->itr.resolver));
	if (lisp_itr_stats_to_str(lisp_itr_stats(d->itr.resolver), buf,
				  sizeof(buf)) > 0)
		print_raw(p, PRINT_FP, "resolver: %s\n", buf);
}
