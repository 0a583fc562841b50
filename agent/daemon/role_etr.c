// SPDX-License-Identifier: GPL-2.0
/*
 * The ETR role (RFC 9301 8.1, 8.2, 6.3.2): register the database to
 * every configured map-server every minute, check the Map-Notifies that
 * answer, answer Map-Requests and RLOC-probes for the database; take
 * the Map-Notify that says a prefix moved to another xTR (issue 12),
 * and mark the database's locators down or up ("lispd rloc ADDR").
 */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "lib/bits.h"
#include "nonce.h"
#include "proto/auth.h"

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

/* One Map-Register of d->mreg->rec[0 .. nrec) to peer. */
static void send_one(struct lispd *d, struct lispd_ms_peer *p,
		     uint64_t now)
{
	char a[LISP_ADDR_STRLEN];
	uint64_t nonce;
	int n;

	/* Issue 11: a counter the Map-Server checks, not a random nonce. */
	nonce = lispd_register_nonce(d->etr.last_nonce, lispd_realtime_us());
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
		if (!db[i].usable || (ttl && db[i].leaving))
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
		if (d->etr.db[i].usable && !d->etr.db[i].leaving) {
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
	/* After the Map-Register: a re-resolution finds the new mapping. */
	lispd_smr_due(d);
	lispd_timer_arm(d, t, lispd_now_ms() +
			(uint64_t)d->conf->register_period_s * 1000);
}

void lispd_etr_register_soon(struct lispd *d)
{
	struct lispd_timer *t = &d->etr.register_timer;

	if (!t->fn)
		lispd_timer_init(t, on_register_timer, d);
	if (d->etr.npeer && d->etr.ndb) {
		lispd_timer_arm(d, t, lispd_now_ms());
	} else {
		lispd_timer_stop(d, t);
		lispd_smr_due(d);
	}
}

/*
 * When a dynamic host not yet acknowledged is due again: 1 s after its
 * first Map-Register, then 2 s, 4 s ..., until that would be no sooner
 * than the periodic round (0: not due, the rounds take it).
 */
static uint64_t unacked_due(const struct lispd *d,
			    const struct lispd_db_entry *e)
{
	uint64_t wait;

	if (!e->dynamic || !e->usable || e->leaving || !e->last_register_ms ||
	    e->last_notify_ms >= e->last_register_ms || e->unacked > 16)
		return 0;
	wait = 1000ull << (e->unacked ? e->unacked - 1 : 0);
	if (wait >= (uint64_t)d->conf->register_period_s * 1000)
		return 0;
	return e->last_register_ms + wait;
}

/*
 * Dynamic-eid hosts come in bursts (a dump at start, a rack that moves):
 * they are registered together at the next turn of the loop, a few per
 * Map-Register, so a burst does not use up the nonces kept to check
 * the Map-Notifies.  Those no Map-Notify acknowledged yet (the
 * Map-Server was away, a message lost) go again (unacked_due).
 */
uint64_t lispd_etr_register_new(struct lispd *d)
{
	struct lispd_db_entry *fresh, *e;
	uint64_t now = lispd_now_ms(), next = 0, due;
	unsigned int i, n = 0;

	if (!d->etr.npeer)
		return 0;
	fresh = malloc((d->etr.ndb ? d->etr.ndb : 1) * sizeof(*fresh));
	if (!fresh) {
		log_error("dynamic EIDs: out of memory: registered at the "
			  "next period");
		return 0;
	}
	lispd_etr_refresh(d);
	for (i = 0; i < d->etr.ndb; i++) {
		e = &d->etr.db[i];
		due = unacked_due(d, e);
		if (!e->usable || e->leaving ||
		    (e->last_register_ms && (!due || due > now)))
			continue;
		e->last_register_ms = now;
		e->unacked = e->dynamic ? e->unacked + 1 : 0;
		fresh[n++] = *e;
	}
	for (i = 0; n && i < d->etr.npeer; i++)
		register_to(d, &d->etr.peer[i], fresh, n, LISPD_RECORD_TTL,
			    now);
	free(fresh);
	for (i = 0; i < d->etr.ndb; i++) {
		due = unacked_due(d, &d->etr.db[i]);
		if (due && (!next || due < next))
			next = due;
	}
	if (!d->etr.register_timer.fn)
		lispd_timer_init(&d->etr.register_timer, on_register_timer, d);
	if (!d->etr.register_timer.armed)
		lispd_timer_arm(d, &d->etr.register_timer, now +
				(uint64_t)d->conf->register_period_s * 1000);
	return next;
}

int lispd_etr_db_add(struct lispd *d, const struct lispd_conf_db *cfg)
{
	struct lispd_db_entry *db;

	db = realloc(d->etr.db, (d->etr.ndb + 1) * sizeof(*db));
	if (!db)
		return -1;
	d->etr.db = db;
	db += d->etr.ndb++;
	memset(db, 0, sizeof(*db));
	db->cfg = *cfg;
	db->dynamic = true;
	lispd_etr_refresh(d);
	return 0;
}

struct lispd_db_entry *lispd_etr_db_find(struct lispd *d,
					 const struct lispd_conf_db *key)
{
	unsigned int i;

	for (i = 0; i < d->etr.ndb; i++) {
		if (d->etr.db[i].dynamic &&
		    lispd_conf_db_same_key(&d->etr.db[i].cfg, key))
			return &d->etr.db[i];
	}
	return NULL;
}

void lispd_etr_db_remove(struct lispd *d, const struct lispd_conf_db *key)
{
	struct lispd_db_entry *e = lispd_etr_db_find(d, key);

	if (!e)
		return;
	/* TTL 0 withdraws this xTR's part of the merged registration. */
	if (e->last_register_ms)
		lispd_etr_deregister(d, e, 1);
	*e = d->etr.db[--d->etr.ndb];
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
	unsigned int i;

	if (d->etr.register_timer.fn)
		lispd_timer_stop(d, &d->etr.register_timer);
	for (i = 0; i < d->etr.ndb; i++)
		lispd_smr_forget(&d->etr.db[i]);
	for (i = 0; i < d->etr.nmoved; i++)
		free(d->etr.moved[i].held);
	d->etr.nmoved = 0;
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
					       m->rec[j].eid_mask_len)) {
				d->etr.db[i].last_notify_ms = now;
				d->etr.db[i].unacked = 0;
			}
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
					 d->mnot);
	char why[400];

	if (err == -LISP_ERR_AUTH_FAILED || err == -LISP_ERR_BAD_ALG ||
	    err == -LISP_ERR_BAD_AUTH_LEN) {
		p->notify_bad_auth++;
		/* The codec read both before it could refuse the message. */
		if (lispd_auth_refusal_str(d->mnot->key_id, d->mnot->alg_id,
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
	return NULL;
}

/* ---- a prefix moved to another xTR (issue 12) ---- */

bool lispd_db_host_moved(struct lispd *d, const struct lisp_record *rec)
{
	/* Only a host a dynamic-eid line found here goes; the rest is
	 * static configuration. */
	return lispd_dyneid_moved_away(d, &rec->eid, rec->eid_mask_len);
}

/* Does rec name a locator of our database (it moved to us, or a replay)? */
static bool names_ours(const struct lispd *d, const struct lisp_record *rec)
{
	unsigned int i, j, k;

	for (i = 0; i < d->etr.ndb; i++) {
		for (j = 0; j < d->etr.db[i].cfg.nloc; j++) {
			for (k = 0; k < rec->nloc; k++) {
				if (lisp_ip_equal(&rec->loc[k].addr.ip[0],
						  &d->etr.db[i].cfg.loc[j].addr))
					return true;
			}
		}
	}
	return false;
}

/*
 * Remember where rec's prefix went, for "show moved"; with held, a
 * copy of rec for lispd_etr_moved_gone (none if out of memory: the
 * entry, once removed, is then learnt from the mapping system).
 */
static void moved_keep(struct lispd *d, const struct lisp_record *rec,
		       const struct lisp_ip *ms, unsigned int devices,
		       bool held, uint64_t now)
{
	struct lispd_etr_role *r = &d->etr;
	struct lispd_moved *m = NULL;
	struct lisp_addr eid = rec->eid;
	unsigned int i, old = 0;

	/* Host bits clear: the ITR's entries for it are compared to it. */
	lisp_prefix_mask(&eid, rec->eid_mask_len);
	for (i = 0; i < r->nmoved && !m; i++) {
		if (r->moved[i].pfx.plen == rec->eid_mask_len &&
		    lisp_addr_equal(&r->moved[i].pfx.addr, &eid))
			m = &r->moved[i];
		else if (r->moved[i].at_ms < r->moved[old].at_ms)
			old = i;
	}
	if (!m && r->nmoved < LISPD_MOVED_MAX) {
		m = &r->moved[r->nmoved++];
	} else if (!m) {
		m = &r->moved[old];
		d->stats.moved_evicted++;
	}
	free(m->held);
	memset(m, 0, sizeof(*m));
	if (held) {
		m->held = malloc(sizeof(*m->held));
		if (m->held)
			*m->held = *rec;
	}
	m->pfx.addr = eid;
	m->pfx.plen = rec->eid_mask_len;
	for (i = 0; i < rec->nloc && m->nloc < LISP_MAX_LOCATORS; i++)
		m->loc[m->nloc++] = rec->loc[i].addr.ip[0];
	m->ms = *ms;
	m->ttl = rec->ttl;
	m->at_ms = now;
	m->devices = devices;
}

/*
 * One record of a move Map-Notify: our own entry (the host left: a
 * dynamic EID goes, a static one stays), or a prefix we do not hold:
 * re-encapsulate what still arrives for it to its new locators.  Either
 * way the ITRs that asked us for the entry covering it are told (SMR).
 */
static void moved_record(struct lispd *d, const struct lisp_record *rec,
			 const struct lisp_ip *ms, uint64_t now)
{
	struct lisp_prefix q = { .addr = rec->eid,
				 .plen = rec->eid_mask_len };
	char p[LISP_ADDR_STRLEN], a[LISP_ADDR_STRLEN], b[LISP_ADDR_STRLEN];
	/* A dynamic host's entry goes; the ITRs it answered are still told. */
	struct lispd_smr_itrs *itrs = NULL;
	bool dynamic = false;
	unsigned int i, devices;
	int cover;

	lisp_prefix_to_str(&rec->eid, rec->eid_mask_len, p, sizeof(p));
	for (i = 0; i < d->etr.ndb; i++) {
		if (!lispd_db_is_prefix(&d->etr.db[i], &rec->eid,
					rec->eid_mask_len))
			continue;
		itrs = d->etr.db[i].itrs;
		d->etr.db[i].itrs = NULL;
		/* True: the entry is gone from d->etr.db. */
		if (!lispd_db_host_moved(d, rec)) {
			d->etr.db[i].itrs = itrs;
			d->stats.moved_static++;
			moved_keep(d, rec, ms, 0, true, now);
			log_warn("map-server %s: %s moved to another xTR (%s "
				 "first), but it is a static database entry "
				 "here: kept until a reload removes it",
				 lispd_ip_str(ms, a), p,
				 lispd_ip_str(&rec->loc[0].addr.ip[0], b));
			return;
		}
		d->stats.moved_dynamic++;
		dynamic = true;
		break;
	}
	devices = lispd_itr_install_moved(d, rec, LISPD_MOVED_TTL_S);
	d->stats.moved_installed += devices;
	moved_keep(d, rec, ms, devices, false, now);
	log_info("map-server %s: %s moved to %s%s: %u map-cache entr%s",
		 lispd_ip_str(ms, a), p,
		 lispd_ip_str(&rec->loc[0].addr.ip[0], b),
		 rec->nloc > 1 ? " and others" : "", devices,
		 devices == 1 ? "y" : "ies");
	/* The ITRs that asked for the host, then for a prefix covering it
	 * (a second SMR to the same ITR is rate-limited). */
	if (dynamic) {
		lispd_smr_send_itrs(d, itrs, &rec->eid, rec->eid_mask_len);
		free(itrs);
	}
	cover = lispd_db_match(d->etr.db, d->etr.ndb, &q);
	if (cover >= 0)
		lispd_smr_send(d, &d->etr.db[cover], &rec->eid,
			       rec->eid_mask_len);
}

void lispd_etr_moved_gone(struct lispd *d, const struct lispd_db_entry *gone)
{
	char p[LISP_ADDR_STRLEN], b[LISP_ADDR_STRLEN];
	uint64_t now = lispd_now_ms();
	struct lispd_moved *m;
	unsigned int i;

	for (i = 0; i < d->etr.nmoved; i++) {
		m = &d->etr.moved[i];
		if (!m->held || !lispd_db_is_prefix(gone, &m->pfx.addr,
						    m->pfx.plen))
			continue;
		if (now - m->at_ms < lisp_record_ttl_s(m->ttl) * 1000) {
			m->devices = lispd_itr_install_moved(d, m->held,
							     LISPD_MOVED_TTL_S);
			d->stats.moved_installed += m->devices;
			log_info("%s removed, moved to %s: %u map-cache "
				 "entr%s",
				 lisp_prefix_to_str(&m->pfx.addr, m->pfx.plen,
						    p, sizeof(p)) < 0 ? "?" : p,
				 lispd_ip_str(&m->loc[0], b), m->devices,
				 m->devices == 1 ? "y" : "ies");
		}
		free(m->held);
		m->held = NULL;
	}
}

void lispd_etr_moved_back(struct lispd *d, const struct lispd_db_entry *e)
{
	struct lispd_etr_role *r = &d->etr;
	struct lispd_moved *m;
	char p[LISP_ADDR_STRLEN];
	unsigned int i;

	for (i = 0; i < r->nmoved; i++) {
		m = &r->moved[i];
		if (!lispd_db_is_prefix(e, &m->pfx.addr, m->pfx.plen))
			continue;
		if (m->devices)
			lispd_itr_remove_moved(d, &m->pfx.addr, m->pfx.plen);
		log_info("%s is back: no longer moved away",
			 lisp_prefix_to_str(&m->pfx.addr, m->pfx.plen, p,
					    sizeof(p)) < 0 ? "?" : p);
		free(m->held);
		*m = r->moved[--r->nmoved];
		return;
	}
}

/* Answer an unsolicited Map-Notify (RFC 9301 5.7): the same, as an Ack. */
static void notify_ack(struct lispd *d, const struct lispd_ms_peer *p,
		       const struct lispd_rx *rx)
{
	if (rx->len > LISPD_PKT_MAX)
		return;
	memcpy(d->txbuf, rx->buf, rx->len);
	d->txbuf[0] = (uint8_t)((d->txbuf[0] & 0x0f) |
				LISP_MAP_NOTIFY_ACK << 4);
	if (lisp_auth_sign(d->txbuf, rx->len, p->cfg.key.bytes,
			   p->cfg.key.len))
		return;
	lispd_udp_send(d, &rx->src, rx->sport, &rx->dst, d->txbuf, rx->len);
}

/*
 * A verified Map-Notify that answers no Map-Register of ours: a
 * Map-Server saying our prefixes moved (issue 12).  Its nonce must be
 * greater than the last such one from that map-server (the Map-Server
 * counts from the time it started): a replay is refused.  The last one
 * itself is acknowledged again (RFC 9301 5.7: the Map-Server sends it
 * until an Ack comes, so ours was lost), not taken again.  One that
 * names a locator of ours is no move away (an old acknowledgement of
 * ours replayed after a restart would): refused too.
 */
static void on_moved(struct lispd *d, struct lispd_ms_peer *p,
		     const struct lispd_rx *rx)
{
	const struct lisp_map_register *m = d->mnot;
	char a[LISP_ADDR_STRLEN];
	unsigned int i;

	lispd_ip_str(&rx->src, a);
	if (m->nonce <= p->moved_nonce) {
		p->notify_bad_nonce++;
		d->stats.moved_replayed++;
		log_debug("Map-Notify from %s: nonce %#llx not newer than "
			  "%#llx: %s", a, (unsigned long long)m->nonce,
			  (unsigned long long)p->moved_nonce,
			  m->nonce == p->moved_nonce ?
			  "the last one again, acknowledged again" :
			  "a replay");
		if (m->nonce == p->moved_nonce)
			notify_ack(d, p, rx);
		return;
	}
	for (i = 0; i < m->nrec; i++) {
		if (names_ours(d, &m->rec[i])) {
			d->stats.moved_ours++;
			log_debug("Map-Notify from %s names our own locators: "
				  "no move away", a);
			return;
		}
	}
	p->moved_nonce = m->nonce;
	d->stats.moved_notifies++;
	notify_ack(d, p, rx);
	for (i = 0; i < m->nrec; i++)
		moved_record(d, &m->rec[i], &rx->src, rx->now_ms);
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

enum lispd_db_relation lispd_etr_db_relation(const struct lispd *d,
					    const struct lisp_map_register *m)
{
	enum lispd_db_relation rel = LISPD_DB_UNRELATED;
	struct lisp_prefix q;
	unsigned int i, j;

	for (j = 0; j < m->nrec; j++) {
		for (i = 0; i < d->etr.ndb; i++) {
			if (lispd_db_is_prefix(&d->etr.db[i], &m->rec[j].eid,
					       m->rec[j].eid_mask_len))
				return LISPD_DB_ENTRY;
		}
		q.addr = m->rec[j].eid;
		q.plen = m->rec[j].eid_mask_len;
		if (lispd_db_match(d->etr.db, d->etr.ndb, &q) >= 0)
			rel = LISPD_DB_INSIDE;
	}
	return rel;
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
	if (!why && !nonce_known(p, d->mnot->nonce)) {
		on_moved(d, p, rx);
		return;
	}
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
	notify_mark(d, d->mnot, rx->now_ms);
}

/* Issue 12: who to send SMRs to when the entries of req change. */
static void note_itr(struct lispd *d, const struct lisp_map_request *req,
		     const struct lisp_ip *itr, uint16_t port, uint64_t now)
{
	unsigned int i;
	int m;

	for (i = 0; i < req->nrec; i++) {
		m = lispd_db_match(d->etr.db, d->etr.ndb, &req->rec[i]);
		if (m >= 0)
			lispd_smr_note(d, &d->etr.db[m], itr, port, now);
	}
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
	note_itr(d, req, itr, dport, rx->now_ms);
	if (req->probe)
		d->stats.etr_probe_replies++;
	else
		d->stats.etr_replies++;
	return true;
}

/* ---- locators marked down or up ---- */

static bool rloc_is_down(const struct lispd *d, const struct lisp_ip *ip)
{
	unsigned int i;

	for (i = 0; i < d->etr.ndown; i++) {
		if (lisp_ip_equal(&d->etr.down[i], ip))
			return true;
	}
	return false;
}

void lispd_etr_rloc_marks(struct lispd *d)
{
	struct lispd_db_entry *e;
	unsigned int i, j;

	for (i = 0; i < d->etr.ndb; i++) {
		e = &d->etr.db[i];
		for (j = 0; j < e->cfg.nloc; j++)
			e->down[j] = rloc_is_down(d, &e->cfg.loc[j].addr);
	}
}

int lispd_etr_rloc_set(struct lispd *d, const struct lisp_ip *rloc, bool up,
		       char *err, size_t errlen)
{
	struct lispd_etr_role *r = &d->etr;
	char a[LISP_ADDR_STRLEN];
	unsigned int i, j, n = 0;
	bool was = rloc_is_down(d, rloc);

	lispd_ip_str(rloc, a);
	for (i = 0; i < r->ndb; i++) {
		for (j = 0; j < r->db[i].cfg.nloc; j++) {
			if (lisp_ip_equal(&r->db[i].cfg.loc[j].addr, rloc)) {
				r->db[i].smr_due |= was == up;
				n++;
			}
		}
	}
	if (!n) {
		snprintf(err, errlen, "%s is no locator of the database", a);
		return -1;
	}
	if (was == !up)
		return 0;		/* no change: nothing to tell */
	if (up) {
		for (i = 0; i < r->ndown; i++) {
			if (lisp_ip_equal(&r->down[i], rloc))
				r->down[i] = r->down[--r->ndown];
		}
	} else if (r->ndown == LISPD_DOWN_RLOCS_MAX) {
		snprintf(err, errlen, "%u locators down already",
			 LISPD_DOWN_RLOCS_MAX);
		return -1;
	} else {
		r->down[r->ndown++] = *rloc;
	}
	lispd_etr_rloc_marks(d);
	log_info("rloc %s %s: registered again, SMRs to the ITRs of %u "
		 "entr%s", a, up ? "up" : "down", n, n == 1 ? "y" : "ies");
	/* Map-Register now, then SMRs (lispd_smr_due). */
	lispd_etr_register_soon(d);
	return 0;
}
