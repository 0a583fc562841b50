// SPDX-License-Identifier: GPL-2.0
/*
 * Received control messages to the role that takes them.  A Map-Request
 * (bare, or in an ECM from a Map-Server or an ITR) for an EID of our
 * database is the ETR's; any other in an ECM is the Map-Resolver's or
 * the Map-Server's, if one of those roles is on; SMRs go to the ITR.
 * Map-Notifies are the ETR's or the ITR's (on_notify).
 */
#include <string.h>

#include "daemon.h"
#include "itr/resolver.h"

/*
 * Issue 11: a Map-Request names the address its answer goes to.  A
 * loopback, link-local or own address is refused unless the request
 * came from it (a daemon on this host asking).
 */
bool lispd_reply_dst_ok(struct lispd *d, const struct lisp_ip *dst,
			const struct lispd_rx *rx)
{
	char a[LISP_ADDR_STRLEN], b[LISP_ADDR_STRLEN];
	unsigned int i;
	bool bad;

	if (lisp_ip_equal(dst, &rx->src))
		return true;
	bad = lisp_ip_scoped(dst);
	for (i = 0; !bad && i < d->nown; i++)
		bad = lisp_ip_equal(dst, &d->own[i]);
	if (!bad)
		return true;
	d->stats.reply_target_refused++;
	log_debug("Map-Request from %s: no Map-Reply to ITR-RLOC %s",
		  lispd_ip_str(&rx->src, a), lispd_ip_str(dst, b));
	return false;
}

static void malformed(struct lispd *d, const struct lispd_rx *rx,
		      const char *what, int err)
{
	char a[LISP_ADDR_STRLEN];

	d->stats.rx_malformed++;
	log_debug("malformed %s from %s port %u: %s", what,
		  lispd_ip_str(&rx->src, a), rx->sport, lisp_strerror(err));
}

static void notify_to_etr(struct lispd *d, const struct lispd_rx *rx)
{
	if (d->etr.npeer)
		lispd_etr_on_notify(d, rx);
	else
		d->stats.rx_no_role++;
}

/*
 * A Map-Notify at an xTR is the ETR's or the ITR's; nothing on the wire
 * says which, so its nonce and records decide, before either role
 * checks it (each then authenticates it with its map-server's key and
 * takes nothing it refuses).  The first rule that matches decides:
 *
 *  1. the nonce of one of our Map-Registers to its sender: the ETR's
 *     (the registration acknowledged);
 *  2. the nonce of a subscribing Map-Request of ours to its sender: the
 *     ITR's (RFC 9437 5, the subscription's answer);
 *  3. a record for one of our database entries: the ETR's, a move
 *     (issue 12: a host of ours registered by another xTR, which must
 *     be withdrawn here, or we would register it again and take it
 *     back).  A publication for a prefix we register ourselves would
 *     be of no use to our ITR;
 *  4. a record inside a prefix the ITR subscribed to at its sender: the
 *     ITR's, a publication (a host that moved away from us and that we
 *     resolved since is such a prefix too);
 *  5. a record more specific than one of our database entries: the
 *     ETR's, a move (a host that left, since gone from the database);
 *  6. otherwise the ITR's to refuse if it subscribes (a publication it
 *     no longer knows, after a restart, must not pass for a move: its
 *     nonce would be taken as the map-server's last move nonce), else
 *     the ETR's (a move of a prefix we no longer hold, as issue 12 has
 *     it; or not ours, counted there).
 *
 * Our Map-Server sends moves and publications as separate one-record
 * Map-Notifies.  One with records of both kinds goes whole to one role:
 * that of the first rule any of its records matches.
 */
static void on_notify(struct lispd *d, const struct lispd_rx *rx)
{
	enum lisp_itr_notify_claim itr = LISP_ITR_NOTIFY_NONE;
	enum lispd_db_relation held = LISPD_DB_UNRELATED;
	bool to_itr;

	if (lispd_etr_notify_expected(d, rx)) {
		notify_to_etr(d, rx);
		return;
	}
	/* Parsed only to be routed: the role parses it again and checks. */
	if (!lisp_map_notify_parse(rx->buf, rx->len, d->mnot)) {
		if (d->itr.resolver)
			itr = lisp_itr_notify_claim(d->itr.resolver, d->mnot,
						    &rx->src, rx->now_ms);
		held = lispd_etr_db_relation(d, d->mnot);
	}
	if (itr == LISP_ITR_NOTIFY_ANSWER)
		to_itr = true;
	else if (held == LISPD_DB_ENTRY)
		to_itr = false;
	else if (itr == LISP_ITR_NOTIFY_PUBLICATION)
		to_itr = true;
	else
		to_itr = held == LISPD_DB_UNRELATED;
	/* False when the ITR does not subscribe: then it is the ETR's. */
	if (to_itr && lispd_itr_on_notify(d, rx))
		return;
	notify_to_etr(d, rx);
}

/*
 * Issue 11: token buckets per source address and per ITR-RLOC (the
 * address a reply would go to) before a Map-Request costs a lookup or
 * makes an answer, at the ETR as at the Map-Server/Map-Resolver.  A
 * map-server of ours forwards every ITR's requests: no source bucket.
 */
static bool request_allowed(struct lispd *d, const struct lispd_rx *rx)
{
	const struct lispd_conf *c = d->conf;
	const struct lisp_ip *itr;
	unsigned int i;
	bool ms = false;

	for (i = 0; i < c->nms && !ms; i++)
		ms = lisp_ip_equal(&c->ms[i].addr, &rx->src);
	if (!ms && !lisp_rl_allow(&d->rl_src, &rx->src, rx->now_ms)) {
		d->stats.rl_source++;
		return false;
	}
	itr = lisp_map_request_reply_rloc(d->mreq, LISP_MS_AFI_IPV4 |
						   LISP_MS_AFI_IPV6);
	if (itr && !lisp_rl_allow(&d->rl_itr, itr, rx->now_ms)) {
		d->stats.rl_itr_rloc++;
		return false;
	}
	return true;
}

/* A bare Map-Request: an RLOC-probe, an SMR, or one for our EIDs. */
static void on_request(struct lispd *d, const struct lispd_rx *rx)
{
	int err = lisp_map_request_parse(rx->buf, rx->len, d->mreq);

	if (err) {
		malformed(d, rx, "Map-Request", err);
		return;
	}
	if (d->mreq->smr) {
		/* Each costs kernel lookups and re-resolutions: bounded. */
		if (!lisp_rl_allow(&d->rl_smr, &rx->src, rx->now_ms)) {
			d->stats.rl_smr++;
			return;
		}
		if (!lisp_tb_allow(&d->tb_smr_all, rx->now_ms)) {
			d->stats.rl_smr_all++;
			return;
		}
		lispd_itr_on_smr(d, rx, d->mreq);
		return;
	}
	if (!request_allowed(d, rx))
		return;
	if (lispd_etr_on_request(d, rx, d->mreq, NULL))
		return;
	/* RFC 9301 8.4 has them in ECMs, but a bare one is answerable. */
	if (d->conf->map_resolver)
		lispd_ms_on_request(d, rx, NULL);
	else
		d->stats.etr_not_ours++;
}

static void on_ecm(struct lispd *d, const struct lispd_rx *rx)
{
	struct lisp_ecm e;
	int err = lisp_ecm_parse(rx->buf, rx->len, &e);

	if (!err && lisp_msg_type(e.msg, e.msg_len) != LISP_MAP_REQUEST)
		err = -LISP_ERR_BAD_TYPE;
	if (!err)
		err = lisp_map_request_parse(e.msg, e.msg_len, d->mreq);
	if (err) {
		malformed(d, rx, "ECM", err);
		return;
	}
	if (!request_allowed(d, rx))
		return;
	if (lispd_etr_on_request(d, rx, d->mreq, &e.inner))
		return;
	/* From an ITR, or from a Map-Resolver to its Map-Server (8.4). */
	if (d->conf->map_resolver || lispd_conf_is_ms(d->conf)) {
		lispd_ms_on_request(d, rx, &e);
		return;
	}
	d->stats.ecm_ignored++;
	log_debug("ECM Map-Request ignored: not for our database, and "
		  "neither map-resolver nor map-server");
}

void lispd_rx_dispatch(struct lispd *d, const struct lispd_rx *rx)
{
	char a[LISP_ADDR_STRLEN];
	int type = lisp_msg_type(rx->buf, rx->len);

	if (type < 0) {
		malformed(d, rx, "message", type);
		return;
	}
	d->stats.rx[type]++;
	log_debug("received %s (%zu bytes) from %s port %u",
		  lisp_msg_type_str((unsigned int)type), rx->len,
		  lispd_ip_str(&rx->src, a), rx->sport);
	switch (type) {
	case LISP_MAP_REQUEST:
		on_request(d, rx);
		break;
	case LISP_MAP_REPLY:
		lispd_itr_on_map_reply(d, rx);
		break;
	case LISP_MAP_REGISTER:
		if (lispd_conf_is_ms(d->conf))
			lispd_ms_on_register(d, rx);
		else
			d->stats.rx_no_role++;
		break;
	case LISP_MAP_NOTIFY:
		on_notify(d, rx);
		break;
	case LISP_ECM:
		on_ecm(d, rx);
		break;
	case LISP_MAP_NOTIFY_ACK:
		/*
		 * To a Map-Notify telling an xTR its prefix moved, or to a
		 * publication (RFC 9437): lisp_ms_handle_notify_ack tries
		 * both.
		 */
		lispd_ms_on_notify_ack(d, rx);
		break;
	default:
		d->stats.rx_unknown_type++;
		break;
	}
}
