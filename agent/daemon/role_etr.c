// SPDX-License-Identifier: GPL-2.0
/*
 * The ETR role (RFC 9301 8.1, 8.2, 6.3.2): register the database to
 * every configured map-server every minute, check the Map-Notifies that
 * answer, answer Map-Requests and RLOC-probes for the database.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "lib/bits.h"
#include "nonce.h"

/* Mark the RLOCs that are addresses of this host (the L bit). */
static void refresh_local(struct lispd *d)
{
	struct ifaddrs *ifa_list, *ifa;
	struct lispd_db_entry *e;
	struct lisp_ip ip;
	unsigned int i, j;

	if (getifaddrs(&ifa_list)) {
		log_warn("getifaddrs: %s", strerror(errno));
		return;
	}
	for (i = 0; i < d->etr.ndb; i++)
		memset(d->etr.db[i].local, 0, sizeof(d->etr.db[i].local));
	for (ifa = ifa_list; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !lispd_sockaddr_to_ip(ifa->ifa_addr, &ip))
			continue;
		for (i = 0; i < d->etr.ndb; i++) {
			e = &d->etr.db[i];
			for (j = 0; j < e->cfg.nloc; j++) {
				if (lisp_ip_equal(&e->cfg.loc[j].addr,
							&ip))
					e->local[j] = true;
			}
		}
	}
	freeifaddrs(ifa_list);
}

/* The instance-id of e: its device's, or without the kernel its line's. */
static void refresh_iid(struct lispd *d, struct lispd_db_entry *e,
			struct lisp_kdev *dev, bool *have_dev)
{
	bool was_usable = e->usable;

	e->iid0_lcaf = d->conf->iid0_lcaf;
	if (!d->use_kernel) {
		e->usable = true;
		e->has_iid = e->cfg.has_iid;
		e->iid = e->cfg.iid;
		return;
	}
	if (!*have_dev || strcmp(dev->name, e->cfg.dev)) {
		*have_dev = d->kern_open &&
			    !lisp_kernel_dev_get(&d->kern, e->cfg.dev, dev);
		if (!*have_dev)
			snprintf(dev->name, sizeof(dev->name), "%s",
				 e->cfg.dev);
	}
	e->usable = *have_dev;
	if (!e->usable) {
		if (!e->nodev_warned)
			log_warn("%s:%u: no lisp device %s: entry not "
				 "registered until it exists", d->conf_path,
				 e->cfg.line, e->cfg.dev);
		e->nodev_warned = true;
		return;
	}
	e->nodev_warned = false;
	e->has_iid = dev->has_iid;
	e->iid = dev->iid;
	if (e->cfg.has_iid && (!dev->has_iid || dev->iid != e->cfg.iid) &&
	    !was_usable)
		log_warn("%s:%u: iid %u ignored: device %s has %s%u",
			 d->conf_path, e->cfg.line, e->cfg.iid, e->cfg.dev,
			 dev->has_iid ? "iid " : "no iid",
			 dev->has_iid ? dev->iid : 0);
}

void lispd_etr_refresh(struct lispd *d)
{
	struct lisp_kdev dev;
	bool have_dev = false;
	unsigned int i;

	memset(&dev, 0, sizeof(dev));
	for (i = 0; i < d->etr.ndb; i++)
		refresh_iid(d, &d->etr.db[i], &dev, &have_dev);
	refresh_local(d);
}

static void nonce_keep(struct lispd_ms_peer *p, uint64_t nonce)
{
	if (p->nnonce == LISPD_NONCES_MAX) {
		memmove(p->nonce, p->nonce + 1,
			(LISPD_NONCES_MAX - 1) * sizeof(p->nonce[0]));
		p->nnonce--;
	}
	p->nonce[p->nnonce++] = nonce;
}

/* CLOCK_REALTIME in microseconds: what the nonce counter starts from. */
static uint64_t realtime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/* One Map-Register of d->mreg->rec[0 .. nrec) to peer. */
static void send_one(struct lispd *d, struct lispd_ms_peer *p,
		     uint64_t now)
{
	char a[LISP_ADDR_STRLEN];
	uint64_t nonce;
	int n;

	/* Issue 11: a counter the Map-Server checks, not a random nonce. */
	nonce = lispd_register_nonce(d->etr.last_nonce, realtime_us());
	d->etr.last_nonce = nonce;
	n = lispd_map_register_write(d->mreg, &p->cfg.key, &d->etr.id, nonce,
				     d->txbuf, LISPD_PKT_MAX);
	if (n < 0) {
		log_error("Map-Register to %s: %s",
			  lispd_ip_str(&p->cfg.addr, a), lisp_strerror(n));
		p->send_errors++;
		return;
	}
	if (lispd_udp_send(d, &p->cfg.addr, p->cfg.port, NULL, d->txbuf,
			   (size_t)n)) {
		p->send_errors++;
		return;
	}
	nonce_keep(p, nonce);
	p->registers_sent++;
	p->last_register_ms = now;
}

/*
 * Register entries to peer, LISP_MAX_RECORDS a message: the usable ones
 * of the database, or (ttl 0) the n given.
 */
static void register_to(struct lispd *d, struct lispd_ms_peer *p,
			const struct lispd_db_entry *db, unsigned int n,
			uint32_t ttl, uint64_t now)
{
	struct lisp_map_register *m = d->mreg;
	unsigned int i;

	m->nrec = 0;
	for (i = 0; i < n; i++) {
		if (!db[i].usable)
			continue;
		lispd_db_record(&db[i], ttl, &m->rec[m->nrec++]);
		if (m->nrec == LISP_MAX_RECORDS) {
			send_one(d, p, now);
			m->nrec = 0;
		}
	}
	if (m->nrec)
		send_one(d, p, now);
}

static void register_all(struct lispd *d)
{
	uint64_t now = lispd_now_ms();
	unsigned int i, nusable = 0;

	lispd_etr_refresh(d);
	for (i = 0; i < d->etr.ndb; i++) {
		if (d->etr.db[i].usable) {
			d->etr.db[i].last_register_ms = now;
			nusable++;
		}
	}
	if (!nusable) {
		if (!d->etr.none_warned)
			log_warn("no database entry can be registered");
		d->etr.none_warned = true;
		return;
	}
	d->etr.none_warned = false;
	/* Nonces of earlier rounds stay: a late Map-Notify is no forgery. */
	for (i = 0; i < d->etr.npeer; i++) {
		register_to(d, &d->etr.peer[i], d->etr.db, d->etr.ndb,
			    LISPD_RECORD_TTL, now);
	}
	d->etr.rounds++;
	log_debug("registered %u database entr%s to %u map-server%s",
		  nusable, nusable == 1 ? "y" : "ies", d->etr.npeer,
		  d->etr.npeer == 1 ? "" : "s");
}

static void on_register_timer(struct lispd_timer *t, void *arg)
{
	struct lispd *d = arg;

	lispd_kernel_db_retry(d);
	register_all(d);
	lispd_timer_arm(d, t, lispd_now_ms() +
			(uint64_t)d->conf->register_period_s * 1000);
}

void lispd_etr_register_soon(struct lispd *d)
{
	struct lispd_timer *t = &d->etr.register_timer;

	if (!t->fn)
		lispd_timer_init(t, on_register_timer, d);
	if (d->etr.npeer && d->etr.ndb)
		lispd_timer_arm(d, t, lispd_now_ms());
	else
		lispd_timer_stop(d, t);
}

void lispd_etr_deregister(struct lispd *d, const struct lispd_db_entry *gone,
			  unsigned int n)
{
	uint64_t now = lispd_now_ms();
	unsigned int i;

	for (i = 0; n && i < d->etr.npeer; i++)
		register_to(d, &d->etr.peer[i], gone, n, 0, now);
}

void lispd_etr_init(struct lispd *d)
{
	uint64_t r[2] = { lispd_nonce(NULL), lispd_nonce(NULL) };

	memcpy(d->etr.random_xtr_id, r, LISP_XTR_ID_LEN);
	memcpy(d->etr.id.xtr_id, r, LISP_XTR_ID_LEN);
}

static const uint8_t *conf_xtr_id(const struct lispd *d,
				  const struct lispd_conf *c)
{
	return c->has_xtr_id ? c->xtr_id : d->etr.random_xtr_id;
}

bool lispd_etr_id_differs(const struct lispd *d, const struct lispd_conf *c)
{
	return memcmp(d->etr.id.xtr_id, conf_xtr_id(d, c), LISP_XTR_ID_LEN) ||
	       d->etr.id.site_id != c->site_id;
}

void lispd_etr_set_id(struct lispd *d, const struct lispd_conf *c)
{
	const uint8_t *id = conf_xtr_id(d, c);
	char hex[2 * LISP_XTR_ID_LEN + 1];

	if (d->etr.id_logged && !lispd_etr_id_differs(d, c))
		return;
	memcpy(d->etr.id.xtr_id, id, LISP_XTR_ID_LEN);
	d->etr.id.site_id = c->site_id;
	d->etr.id_logged = lispd_conf_is_etr(c);
	if (!d->etr.id_logged)
		return;
	hex_to_str(id, LISP_XTR_ID_LEN, hex);
	log_info("xTR-ID %s%s, site-ID %llu", hex,
		 c->has_xtr_id ? "" : " (random, drawn at start)",
		 (unsigned long long)c->site_id);
}

void lispd_etr_fini(struct lispd *d)
{
	if (d->etr.register_timer.fn)
		lispd_timer_stop(d, &d->etr.register_timer);
	free(d->etr.db);
	free(d->etr.peer);
	d->etr.db = NULL;
	d->etr.peer = NULL;
	d->etr.ndb = d->etr.npeer = 0;
}

/*
 * Mark the database entries a verified Map-Notify acknowledges, in
 * whichever form the Map-Server spells instance 0.
 */
static void notify_mark(struct lispd *d, const struct lisp_map_register *m,
			uint64_t now)
{
	unsigned int i, j;

	for (i = 0; i < d->etr.ndb; i++) {
		for (j = 0; j < m->nrec; j++) {
			if (lispd_db_is_prefix(&d->etr.db[i], &m->rec[j].eid,
					       m->rec[j].eid_mask_len))
				d->etr.db[i].last_notify_ms = now;
		}
	}
}

static bool nonce_known(const struct lispd_ms_peer *p, uint64_t nonce)
{
	unsigned int i;

	for (i = 0; i < p->nnonce; i++) {
		if (p->nonce[i] == nonce)
			return true;
	}
	return false;
}

/*
 * Check a Map-Notify from a map-server p: NULL if good, else why not
 * (in buf when it says what was received against what is configured).
 */
static const char *notify_verdict(struct lispd *d, struct lispd_ms_peer *p,
				  const struct lispd_rx *rx, char *buf,
				  size_t len)
{
	int err = lispd_map_notify_check(rx->buf, rx->len, &p->cfg.key,
					 d->mreg);
	char why[400];

	if (err == -LISP_ERR_AUTH_FAILED || err == -LISP_ERR_BAD_ALG ||
	    err == -LISP_ERR_BAD_AUTH_LEN) {
		p->notify_bad_auth++;
		/* The codec read both before it could refuse the message. */
		if (lispd_auth_refusal_str(d->mreg->key_id, d->mreg->alg_id,
					   &p->cfg.key, 1, why,
					   sizeof(why)) < 0)
			return "bad authentication";
		snprintf(buf, len, "bad authentication: %s", why);
		return buf;
	}
	if (err) {
		p->notify_malformed++;
		return lisp_strerror(err);
	}
	if (!nonce_known(p, d->mreg->nonce)) {
		p->notify_bad_nonce++;
		return "nonce of no Map-Register sent";
	}
	return NULL;
}

bool lispd_etr_notify_expected(const struct lispd *d,
			       const struct lispd_rx *rx)
{
	uint64_t nonce;
	unsigned int i;

	if (lisp_msg_nonce(rx->buf, rx->len, &nonce))
		return false;
	for (i = 0; i < d->etr.npeer; i++) {
		if (lisp_ip_equal(&d->etr.peer[i].cfg.addr, &rx->src) &&
		    nonce_known(&d->etr.peer[i], nonce))
			return true;
	}
	return false;
}

void lispd_etr_on_notify(struct lispd *d, const struct lispd_rx *rx)
{
	struct lispd_ms_peer *p = NULL;
	char a[LISP_ADDR_STRLEN], buf[512];
	const char *why;
	unsigned int i;

	/* The map-server at that address; the one at that port first. */
	for (i = 0; i < d->etr.npeer; i++) {
		if (!lisp_ip_equal(&d->etr.peer[i].cfg.addr, &rx->src))
			continue;
		if (!p || d->etr.peer[i].cfg.port == rx->sport)
			p = &d->etr.peer[i];
	}
	lispd_ip_str(&rx->src, a);
	if (!p) {
		d->stats.notify_unknown_ms++;
		log_debug("Map-Notify from %s: not a configured map-server", a);
		return;
	}
	why = notify_verdict(d, p, rx, buf, sizeof(buf));
	if (why) {
		if (!p->warned)
			log_warn("Map-Notify from map-server %s dropped: %s", a,
				 why);
		p->warned = true;
		return;
	}
	if (!p->last_notify_ms || p->warned)
		log_info("map-server %s acknowledged our registration", a);
	p->warned = false;
	p->notifies++;
	p->last_notify_ms = rx->now_ms;
	notify_mark(d, d->mreg, rx->now_ms);
}

bool lispd_etr_on_request(struct lispd *d, const struct lispd_rx *rx,
			  const struct lisp_map_request *req,
			  const struct lisp_ip_udp *inner)
{
	const struct lisp_ip *itr;
	char a[LISP_ADDR_STRLEN];
	uint16_t dport;
	int n;

	if (!d->etr.ndb)
		return false;
	n = lispd_etr_reply_write(req, d->etr.db, d->etr.ndb,
				  rx->dst.afi ? &rx->dst : NULL, d->mrep,
				  d->txbuf, LISPD_PKT_MAX);
	if (!n)
		return false;
	if (n < 0) {
		log_warn("Map-Reply: %s", lisp_strerror(n));
		return true;
	}
	/* D: the requester wants no Map-Reply. */
	if (req->dont_reply)
		return true;
	itr = lispd_itr_rloc_pick(req, lispd_udp_afis(d));
	if (!itr) {
		d->stats.etr_no_itr_rloc++;
		log_debug("Map-Request from %s: no ITR-RLOC to answer to",
			  lispd_ip_str(&rx->src, a));
		return true;
	}
	if (!lispd_reply_dst_ok(d, itr, rx))
		return true;
	/* RFC 9301 5.8: to the inner source port of an ECM. */
	dport = inner ? inner->sport : rx->sport;
	if (!dport)
		dport = LISP_CONTROL_PORT;
	if (lispd_udp_send(d, itr, dport, &rx->dst, d->txbuf, (size_t)n))
		return true;
	if (req->probe)
		d->stats.etr_probe_replies++;
	else
		d->stats.etr_replies++;
	return true;
}
