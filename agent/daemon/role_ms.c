// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Server and Map-Resolver roles: the logic is agent/ms; here are its
 * packets in and out, its expiry timer and its log lines.
 */
#include <ifaddrs.h>
#include <string.h>

#include "daemon.h"
#include "nonce.h"

static void add_ep(struct lisp_ms_endpoint *ep, unsigned int *n,
		   const struct lisp_ip *ip, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < *n; i++) {
		if (ep[i].port == port && lisp_ip_equal(&ep[i].addr, ip))
			return;
	}
	if (*n < LISP_MS_MAX_NOFWD) {
		ep[*n].addr = *ip;
		ep[(*n)++].port = port;
	}
}

/*
 * Issue 11: a Map-Request is never forwarded to this host's control
 * port (any of its addresses) nor to a map-server of the ETR role; the
 * Map-Server's routes it knows itself.  Looked up at every apply and
 * every LISPD_MS_NOFWD_MS (addresses come and go).
 */
void lispd_ms_no_forward(struct lispd *d)
{
	static struct lisp_ms_endpoint ep[LISP_MS_MAX_NOFWD];
	const struct lispd_conf *c = d->conf;
	struct ifaddrs *ifa = NULL, *i;
	unsigned int n = 0, k;
	struct lisp_ip ip;

	d->ms_nofwd_ms = lispd_now_ms();
	for (k = 0; c && k < c->nms; k++)
		add_ep(ep, &n, &c->ms[k].addr, c->ms[k].port);
	if (getifaddrs(&ifa) == 0) {
		d->nown = 0;
		for (i = ifa; i; i = i->ifa_next) {
			if (!i->ifa_addr ||
			    !lispd_sockaddr_to_ip(i->ifa_addr, &ip))
				continue;
			add_ep(ep, &n, &ip, d->port);
			if (d->nown < LISPD_OWN_MAX)
				d->own[d->nown++] = ip;
		}
		freeifaddrs(ifa);
	} else {
		log_warn("own addresses: getifaddrs failed; only the "
			 "map-servers are kept from forwards");
	}
	lisp_ms_set_no_forward(d->ms, ep, n);
}

/*
 * Send the unsolicited Map-Notifies due now: publications (RFC 9437)
 * and moves' retransmissions (issue 12); arm the timer for the next.
 * After every message the Map-Server takes: a registration that changed
 * is published at once.
 */
static void notify_flush(struct lispd *d, uint64_t now)
{
	static struct lisp_ms_pkt pkt;
	struct lisp_ip local;
	uint64_t next, move_next;

	while (lisp_ms_pubsub_poll(d->ms, now, &pkt) == 1)
		lispd_udp_send(d, &pkt.dst, pkt.dport, NULL, pkt.buf,
			       pkt.len);
	while (lisp_ms_move_poll(d->ms, now, &pkt, &local) == 1)
		lispd_udp_send(d, &pkt.dst, pkt.dport, &local, pkt.buf,
			       pkt.len);
	next = lisp_ms_pubsub_next_ms(d->ms);
	move_next = lisp_ms_move_next_ms(d->ms);
	if (move_next < next)
		next = move_next;
	if (next == UINT64_MAX)
		lispd_timer_stop(d, &d->ms_notify_timer);
	else
		lispd_timer_arm(d, &d->ms_notify_timer, next);
}

static void on_notify_timer(struct lispd_timer *t, void *arg)
{
	(void)t;
	notify_flush(arg, lispd_now_ms());
}

void lispd_ms_on_notify_ack(struct lispd *d, const struct lispd_rx *rx)
{
	char a[LISP_ADDR_STRLEN];
	int err;

	if (!lispd_conf_is_ms(d->conf)) {
		d->stats.rx_no_role++;
		return;
	}
	err = lisp_ms_handle_notify_ack(d->ms, rx->buf, rx->len, &rx->src);
	if (err)
		log_debug("Map-Notify-Ack from %s port %u refused: %s",
			  lispd_ip_str(&rx->src, a), rx->sport,
			  lisp_ms_strerror(err));
	notify_flush(d, rx->now_ms);
}

static void on_expire_timer(struct lispd_timer *t, void *arg)
{
	struct lispd *d = arg;
	uint64_t now = lispd_now_ms();
	unsigned int n = lisp_ms_expire(d->ms, now);

	(void)t;
	lisp_ms_pubsub_expire(d->ms, now);
	notify_flush(d, now);
	if (now - d->ms_nofwd_ms >= LISPD_MS_NOFWD_MS)
		lispd_ms_no_forward(d);
	if (n)
		log_info("%u registration%s expired (no Map-Register for %u "
			 "s)", n, n == 1 ? "" : "s",
			 LISP_MS_REG_MISSES * d->ms->register_period_ms / 1000);
	lispd_ms_schedule(d);
}

int lispd_ms_init(struct lispd *d)
{
	d->ms = lisp_ms_new();
	if (!d->ms)
		return -1;
	/* Issue 12: xTRs refuse an unsolicited Map-Notify not newer. */
	d->ms->move_nonce = lispd_realtime_us();
	lispd_timer_init(&d->ms_expire_timer, on_expire_timer, d);
	lispd_timer_init(&d->ms_notify_timer, on_notify_timer, d);
	return 0;
}

void lispd_ms_fini(struct lispd *d)
{
	lispd_timer_stop(d, &d->ms_expire_timer);
	lispd_timer_stop(d, &d->ms_notify_timer);
	lisp_ms_free(d->ms);
	d->ms = NULL;
}

void lispd_ms_schedule(struct lispd *d)
{
	if (!lispd_conf_is_ms(d->conf))
		lispd_timer_stop(d, &d->ms_expire_timer);
	else if (!d->ms_expire_timer.armed)
		lispd_timer_arm(d, &d->ms_expire_timer,
				lispd_now_ms() + LISPD_MS_EXPIRE_MS);
}

static void moved(struct lispd *d, const struct lispd_rx *rx,
		  const struct lisp_ms_reg_action *act);

void lispd_ms_on_register(struct lispd *d, const struct lispd_rx *rx)
{
	struct lisp_ms_reg_action *act = d->reg_act;
	unsigned int before = d->ms->nreg;
	const struct lisp_ms_site *site;
	char a[LISP_ADDR_STRLEN], why[512];
	int err, reason;

	err = lisp_ms_handle_register(d->ms, rx->buf, rx->len, &rx->src,
				      rx->sport, rx->now_ms, act);
	if (err) {
		reason = lisp_ms_err_reason(err);
		if (reason < 0 ||
		    lisp_ms_reported(d->ms, &rx->src, (unsigned int)reason,
				     rx->now_ms))
			return;
		site = act->auth_site;
		why[0] = '\0';
		/* Issue 14: what was received against what is configured. */
		if (site && lispd_auth_refusal_str(act->auth_key_id,
						   act->auth_alg_id, site->key,
						   site->nkeys, why,
						   sizeof(why)) < 0)
			why[0] = '\0';
		log_warn("Map-Register from %s port %u rejected: %s (%s%s%s)"
			 "%s%s%s%s", lispd_ip_str(&rx->src, a), rx->sport,
			 lisp_ms_reject_str((unsigned int)reason),
			 lisp_ms_strerror(err), act->codec_err ? ": " : "",
			 act->codec_err ? lisp_strerror(act->codec_err) : "",
			 site ? ": site " : "", site ? site->name : "",
			 why[0] ? ", " : "", why);
		return;
	}
	log_debug("Map-Register from %s port %u: site %s, %u record%s",
		  lispd_ip_str(&rx->src, a), rx->sport, act->site->name,
		  act->nrec, act->nrec == 1 ? "" : "s");
	if (d->ms->nreg != before)
		log_info("site %s: %u prefix%s registered (ETR %s)",
			 act->site->name, act->site->nreg,
			 act->site->nreg == 1 ? "" : "es",
			 lispd_ip_str(&rx->src, a));
	if (act->has_notify)
		lispd_udp_send(d, &act->notify.dst, act->notify.dport,
			       &rx->dst, act->notify.buf, act->notify.len);
	moved(d, rx, act);
	/* After the moves: the old xTR withdraws the host first. */
	notify_flush(d, rx->now_ms);
}

/* Issue 12: tell the xTRs whose prefixes this Map-Register took. */
static void moved(struct lispd *d, const struct lispd_rx *rx,
		  const struct lisp_ms_reg_action *act)
{
	char a[LISP_ADDR_STRLEN], b[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN];
	const struct lisp_record *rec = &d->mreg->rec[0];
	unsigned int i;

	for (i = 0; i < act->nmoved; i++) {
		/* Rare: read the prefix back rather than carry it along. */
		if (lisp_map_notify_parse(act->moved[i].buf, act->moved[i].len,
					  d->mreg) || !d->mreg->nrec)
			snprintf(p, sizeof(p), "?");
		else
			lisp_prefix_to_str(&rec->eid, rec->eid_mask_len, p,
					   sizeof(p));
		log_info("site %s: %s moved to the xTR at %s: Map-Notify to "
			 "%s port %u", act->site->name, p,
			 lispd_ip_str(&rx->src, a),
			 lispd_ip_str(&act->moved[i].dst, b),
			 act->moved[i].dport);
		lispd_udp_send(d, &act->moved[i].dst, act->moved[i].dport,
			       &rx->dst, act->moved[i].buf, act->moved[i].len);
	}
	/* RFC 9301 5.7: again from the same address until acknowledged. */
	lisp_ms_move_wait(d->ms, act, &rx->dst, rx->now_ms);
}

void lispd_ms_on_request(struct lispd *d, const struct lispd_rx *rx,
			 const struct lisp_ecm *e)
{
	struct lisp_ms_req_action *act = d->req_act;
	char a[LISP_ADDR_STRLEN], p[LISP_ADDR_STRLEN];
	unsigned int i;
	uint16_t dport;

	/* rx.c parsed it into d->mreq: the logic does not parse again. */
	if (e)
		lisp_ms_answer_request(d->ms, e->msg, e->msg_len, d->mreq,
				       &e->inner, rx->now_ms, act);
	else
		lisp_ms_answer_request(d->ms, rx->buf, rx->len, d->mreq, NULL,
				       rx->now_ms, act);
	/* The source's text only if it is logged: it costs a sprintf. */
	for (i = 0; lispd_log_level <= LISPD_LOG_DEBUG &&
		    i < act->nrec && i < d->mreq->nrec; i++) {
		lisp_prefix_to_str(&d->mreq->rec[i].addr,
				   d->mreq->rec[i].plen, p, sizeof(p));
		log_debug("Map-Request from %s for %s: %s",
			  lispd_ip_str(&rx->src, a), p,
			  lisp_ms_answer_str(act->answer[i]));
	}
	if (act->has_reply && lispd_reply_dst_ok(d, &act->reply.dst, rx)) {
		/* A bare request is answered at its source port (8.1). */
		dport = e ? act->reply.dport : rx->sport;
		lispd_udp_send(d, &act->reply.dst, dport, &rx->dst,
			       act->reply.buf, act->reply.len);
	}
	for (i = 0; i < act->nfwd; i++)
		lispd_udp_send(d, &act->fwd[i].dst,
			       act->fwd[i].dport,
			       &rx->dst, act->fwd[i].buf, act->fwd[i].len);
	notify_flush(d, rx->now_ms);
}
