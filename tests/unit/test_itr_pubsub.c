// SPDX-License-Identifier: GPL-2.0
/*
 * Publish/subscribe at the ITR (RFC 9437, issue 12 item 3): subscribing
 * Map-Requests, the confirmation taken as a Map-Reply, publications by
 * nonce order, withdrawal, acks the project's Map-Server takes, and the
 * refusal of forged, unsigned, replayed or foreign Map-Notifies.  The
 * Map-Server is agent/ms/ (pubsub.c): a round trip, not a mock.
 */
#include "pubsub_test.h"
#include "tap.h"
#include "test_itr.h"
#include "proto/auth.h"

#define T0		5000000
#define MS_ADDR		"198.51.100.100"
#define SUB_RLOC	"192.0.2.3"	/* the subscriber's ITR-RLOC = RLOC */
#define SUB_XTR		3	/* xb's */

static struct lisp_itr_pkt pkt, ack;
static struct lisp_itr_reply out;
static struct lisp_itr_tick tick;
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_ms_pkt mpkt;
static struct lisp_map_request req;
static uint8_t saved[2048], buf[2048];
static size_t saved_len;

/* The publisher is xa (site A), the subscriber's registration xb. */

static struct lisp_itr *sub_itr(bool subscribe)
{
	struct lisp_itr_cfg cfg;

	test_cfg(&cfg);
	cfg.nresolver = 1;
	cfg.resolver[0] = IP(MS_ADDR);
	cfg.nrloc = 1;
	cfg.rloc[0] = IP(SUB_RLOC);
	cfg.subscribe = subscribe;
	memset(cfg.xtr_id, SUB_XTR, sizeof(cfg.xtr_id));
	cfg.site_id = 42;		/* as build_register() registers */
	cfg.nms = 1;
	cfg.ms[0].addr = IP(MS_ADDR);
	cfg.ms[0].key = KEY(LISP_ALG_HMAC_SHA256_128, "kb");
	return lisp_itr_new(&cfg);
}

static int notify_from(struct lisp_itr *itr, const char *src,
		       const uint8_t *b, size_t n, uint64_t now)
{
	struct lisp_itr_notify_rx rx = {
		.src = IP(src), .sport = 4342, .dst = IP(SUB_RLOC),
	};

	return lisp_itr_handle_notify(itr, b, n, &rx, now, &out, &ack);
}

/* The Map-Server's next Map-Notify to the ITR (kept in saved). */
static int deliver(struct lisp_itr *itr, struct lisp_ms *ms, uint64_t now)
{
	if (lisp_ms_pubsub_poll(ms, now, &mpkt) != 1)
		return -1000;
	memcpy(saved, mpkt.buf, mpkt.len);
	saved_len = mpkt.len;
	return notify_from(itr, MS_ADDR, mpkt.buf, mpkt.len, now);
}

/* The nonce of a Map-Notify or Map-Notify-Ack. */
static uint64_t msg_nonce(const uint8_t *b)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 4; i < 12; i++)
		v = v << 8 | b[i];
	return v;
}

/* The ack to the Map-Server, from where the ITR sends it. */
static int ms_takes_ack(struct lisp_ms *ms)
{
	return ack.len && ip_is(&ack.dst, MS_ADDR) && ack.dport == 4342 &&
	       lisp_ms_handle_notify_ack(ms, ack.buf, ack.len, &ack.src) == 0;
}

/* A Map-Notify for pfx -> rloc, nonce, signed with key (alg 0: not). */
static size_t forged(uint64_t nonce, unsigned int alg, const char *key,
		     uint8_t xtr, const char *pfx, const char *rloc)
{
	static struct lisp_map_register m;
	int n;

	memset(&m, 0, sizeof(m));
	m.type = LISP_MAP_NOTIFY;
	m.nonce = nonce;
	m.alg_id = (uint8_t)alg;
	m.auth_len = (uint16_t)lisp_auth_data_len(alg);
	m.xtr_id_present = true;
	memset(m.xtr_id, xtr, sizeof(m.xtr_id));
	m.site_id = 42;
	m.nrec = 1;
	REC(&m.rec[0], pfx, 10, 0);
	LOC(&m.rec[0], rloc, 1, 100, true);
	n = lisp_map_notify_write(&m, buf, sizeof(buf));
	if (n < 0 || (alg && lisp_auth_sign(buf, (size_t)n, key, strlen(key))))
		exit(2);
	return (size_t)n;
}

/*
 * A miss for 10.1.1.5 at T0 (its nonce in *nonce) and the map-server's
 * answer subscribing 10.1.1.0/24, well signed, in buf: its length.
 */
static size_t miss_and_answer(struct lisp_itr *itr, uint64_t *nonce)
{
	struct lisp_itr_miss m = MISS("10.2.3.5", "10.1.1.5", false);

	lisp_itr_miss(itr, &m, T0, &pkt);
	*nonce = pkt_nonce(&pkt);
	return forged(*nonce, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		      "10.1.1.0/24", "192.0.2.1");
}

static void subscribing_request(void)
{
	struct lisp_itr *itr = sub_itr(true);
	struct lisp_itr_miss m = MISS("10.2.3.5", "10.1.1.5", false);
	struct lisp_ecm e;

	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 &&
	       decode(&pkt, &e, &req) == 0 && req.xtr_id_present &&
	       req.xtr_id[0] == SUB_XTR && req.xtr_id[15] == SUB_XTR &&
	       req.site_id == 42 && req.nrec == 1 && req.notify[0],
	       "subscribe on: the Map-Request has I, the xTR-ID, site-ID 42 "
	       "and N");
	lisp_itr_free(itr);
	itr = sub_itr(false);
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 &&
	       decode(&pkt, &e, &req) == 0 && !req.xtr_id_present &&
	       !req.notify[0], "subscribe off: neither I nor N");
	lisp_itr_free(itr);
}

static void round_trip(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_itr *itr = sub_itr(true);
	const struct lisp_itr_ps_stats *ps = lisp_itr_ps_stats(itr);
	struct lisp_itr_miss m = MISS("10.2.3.5", "10.1.1.5", false);
	struct lisp_ip eid = IP("10.1.1.0");
	uint64_t nonce, t = T0;
	size_t n;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "ka", site_a);
	SITE(ms, "b", LISP_ALG_HMAC_SHA256_128, "kb", site_b);
	xb.key_id = 0;
	if (send_treg(ms, &xa, true, "192.0.2.1", t, &ract) ||
	    send_treg(ms, &xb, true, SUB_RLOC, t, &ract))
		exit(2);
	lisp_itr_miss(itr, &m, t, &pkt);
	nonce = pkt_nonce(&pkt);
	TAP_OK(lisp_ms_handle_ecm(ms, pkt.buf, pkt.len, t, &qact) == 0 &&
	       qact.answer[0] == LISP_MS_ANS_SUBSCRIBED && !qact.has_reply,
	       "the Map-Server takes the subscription, answers it itself");
	TAP_OK(deliver(itr, ms, t + 1) == 1 && out.nmap == 1 &&
	       ip_is(&out.map[0].eid, "10.1.1.0") && out.map[0].plen == 24 &&
	       out.map[0].nloc == 1 &&
	       ip_is(&out.map[0].loc[0].addr, "192.0.2.1") &&
	       ps->subscriptions == 1 && lisp_itr_npending(itr) == 1 &&
	       msg_nonce(saved) == nonce,
	       "its Map-Notify (the request's nonce) installs the mapping as "
	       "a Map-Reply would");
	TAP_OK(lisp_itr_subscribed(itr, DEV, &eid, 24, t + 1) &&
	       lisp_itr_nsubs(itr, t + 1) == 1 &&
	       !lisp_itr_subscribed(itr, DEV, &eid, 16, t + 1),
	       "10.1.1.0/24 is subscribed");
	TAP_OK(ms_takes_ack(ms) && ps->acks_sent == 1 &&
	       ip_is(&ack.src, SUB_RLOC),
	       "the Map-Notify-Ack, from the ITR-RLOC, satisfies the "
	       "Map-Server");
	lisp_itr_tick(itr, t + 5000, &tick);	/* the request is done */

	/* A publication: site A moves to another RLOC. */
	t += 10000;
	xa.rec[0].rloc[0] = "192.0.2.9";
	send_treg(ms, &xa, true, "192.0.2.9", t, &ract);
	TAP_OK(deliver(itr, ms, t) == 1 && out.nmap == 1 &&
	       msg_nonce(saved) == nonce + 1 &&
	       ip_is(&out.map[0].loc[0].addr, "192.0.2.9") && !out.map[0].remove &&
	       ps->publications_accepted == 1 && ms_takes_ack(ms),
	       "a publication (nonce + 1) replaces the mapping at once; acked");
	n = saved_len;
	memcpy(buf, saved, n);
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, t + 1) == 0 && out.nmap == 0 &&
	       ps->duplicates == 1 && ack.len == n && ps->acks_sent == 3,
	       "the same publication again: nothing installed, acked again");
	/* A more specific registered under it: a host that moved. */
	t += 1000;
	xa.rec[1] = (struct treg_rec){ "10.1.1.7/32", { "192.0.2.77" }, 10 };
	send_treg(ms, &xa, true, "192.0.2.9", t, &ract);
	TAP_OK(deliver(itr, ms, t) == 1 && out.nmap == 1 &&
	       ip_is(&out.map[0].eid, "10.1.1.7") && out.map[0].plen == 32 &&
	       ip_is(&out.map[0].loc[0].addr, "192.0.2.77") &&
	       ms_takes_ack(ms),
	       "a /32 registered under the /24 is published and installed");
	memcpy(buf, saved, saved_len);
	n = saved_len;
	xa.rec[1] = (struct treg_rec){ 0 };

	/* Withdrawal: the /32 deregistered (TTL 0). */
	t += 1000;
	xa.rec[1] = (struct treg_rec){ "10.1.1.7/32", { "192.0.2.77" }, 0 };
	send_treg(ms, &xa, true, "192.0.2.9", t, &ract);
	xa.rec[1] = (struct treg_rec){ 0 };
	TAP_OK(deliver(itr, ms, t) == 1 && out.nmap == 1 && out.map[0].remove &&
	       ip_is(&out.map[0].eid, "10.1.1.7") && out.map[0].plen == 32 &&
	       ps->withdrawals == 1 && ms_takes_ack(ms),
	       "a withdrawal (no locators, TTL 0) removes the entry; acked");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, t) == -LISP_ITR_ERR_OLD_NONCE &&
	       ps->refused_nonce == 1 && out.nmap == 0 && ack.len == 0,
	       "a replayed older publication: refused, counted, not acked");
	lisp_itr_free(itr);
	lisp_ms_free(ms);
}

/* Forged Map-Notifies for a subscribed prefix, nonce far ahead. */
static void forgeries(void)
{
	struct lisp_itr *itr = sub_itr(true);
	const struct lisp_itr_ps_stats *ps = lisp_itr_ps_stats(itr);
	uint64_t nonce;
	size_t n = miss_and_answer(itr, &nonce);

	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 1) == 1 &&
	       ps->subscriptions == 1, "(subscribed to 10.1.1.0/24)");
	n = forged(nonce + 5, LISP_ALG_HMAC_SHA256_128, "not-kb", SUB_XTR,
		   "10.1.1.0/24", "6.6.6.6");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 2) == -LISP_ITR_ERR_AUTH &&
	       ps->refused_auth == 1 && out.nmap == 0 && ack.len == 0,
	       "signed with another key: refused_auth, nothing, no ack");
	n = forged(nonce + 5, LISP_ALG_HMAC_SHA1_96, "kb", SUB_XTR,
		   "10.1.1.0/24", "6.6.6.6");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 2) == -LISP_ITR_ERR_AUTH &&
	       ps->refused_auth == 2, "the key's bytes, another algorithm: "
	       "refused_auth");
	n = forged(nonce + 5, LISP_ALG_NONE, "", SUB_XTR, "10.1.1.0/24",
		   "6.6.6.6");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 2) == -LISP_ITR_ERR_AUTH &&
	       ps->refused_auth == 3, "unsigned: refused_auth");
	n = forged(nonce + 5, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.1.0/24", "6.6.6.6");
	TAP_OK(notify_from(itr, "198.51.100.99", buf, n, T0 + 2) ==
	       -LISP_ITR_ERR_NOT_SUBSCRIBED && ps->refused_unknown == 1,
	       "well signed, from an address that is no map-server: "
	       "refused_unknown");
	n = forged(nonce + 5, LISP_ALG_HMAC_SHA256_128, "kb", 9,
		   "10.1.1.0/24", "6.6.6.6");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 2) ==
	       -LISP_ITR_ERR_NOT_SUBSCRIBED && ps->refused_unknown == 2,
	       "for another xTR-ID: refused_unknown");
	n = forged(nonce + 5, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.9.0.0/24", "6.6.6.6");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 2) ==
	       -LISP_ITR_ERR_NOT_SUBSCRIBED && ps->refused_unknown == 3,
	       "a prefix not subscribed: refused_unknown");
	n = forged(nonce + 5, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.0.0/16", "6.6.6.6");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 2) ==
	       -LISP_ITR_ERR_NOT_SUBSCRIBED && ps->refused_unknown == 4,
	       "a prefix covering the subscribed one: refused_unknown");
	n = forged(nonce - 1, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.1.0/24", "6.6.6.6");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 2) ==
	       -LISP_ITR_ERR_OLD_NONCE && ps->refused_nonce == 1,
	       "signed, but an older nonce: refused_nonce");
	TAP_OK(notify_from(itr, MS_ADDR, buf, 10, T0 + 2) < 0 &&
	       ps->malformed == 1, "truncated: malformed");
	TAP_OK(ps->publications_accepted == 0 && ps->acks_sent == 1,
	       "none of them taken, none acked");
	n = forged(nonce + 1, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.1.0/24", "192.0.2.5");
	TAP_OK(notify_from(itr, MS_ADDR, buf, n, T0 + 3) == 1 &&
	       ip_is(&out.map[0].loc[0].addr, "192.0.2.5") &&
	       ps->publications_accepted == 1,
	       "the next nonce, well signed: taken");
	n = forged(nonce + 2, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.1.0/24", "192.0.2.6");
	TAP_OK(lisp_itr_nsubs(itr, T0 + 600000) == 1 &&
	       lisp_itr_nsubs(itr, T0 + 600001) == 0 &&
	       notify_from(itr, MS_ADDR, buf, n, T0 + 600001) ==
	       -LISP_ITR_ERR_NOT_SUBSCRIBED && ps->refused_unknown == 5,
	       "past its life (the TTL, 10 minutes): not subscribed any more");
	lisp_itr_free(itr);
}

/* lisp_itr_notify_claim of buf[0..n) from src at now. */
static enum lisp_itr_notify_claim claim(const struct lisp_itr *itr,
					const char *src, size_t n,
					uint64_t now)
{
	static struct lisp_map_register m;
	struct lisp_ip ip = IP(src);

	if (lisp_map_notify_parse(buf, n, &m))
		exit(2);
	return lisp_itr_notify_claim(itr, &m, &ip, now);
}

/*
 * Which Map-Notifies the ITR claims, before any check (the daemon gives
 * the others to the ETR: a host of its database that moved away).
 */
static void claims(void)
{
	struct lisp_itr *itr = sub_itr(true), *off = sub_itr(false);
	uint64_t nonce, off_nonce;
	size_t n;

	n = miss_and_answer(off, &off_nonce);
	TAP_OK(claim(off, MS_ADDR, n, T0 + 1) == LISP_ITR_NOTIFY_NONE,
	       "subscribe off: nothing is the ITR's");
	n = miss_and_answer(itr, &nonce);
	TAP_OK(claim(itr, MS_ADDR, n, T0 + 1) == LISP_ITR_NOTIFY_ANSWER &&
	       claim(itr, "198.51.100.99", n, T0 + 1) == LISP_ITR_NOTIFY_NONE,
	       "the request's nonce from the map-server: an answer; from "
	       "elsewhere: not the ITR's");
	notify_from(itr, MS_ADDR, buf, n, T0 + 1);
	n = forged(nonce + 7, 0, "", 9, "10.1.1.7/32", "6.6.6.6");
	TAP_OK(claim(itr, MS_ADDR, n, T0 + 2) == LISP_ITR_NOTIFY_PUBLICATION,
	       "a record inside the subscribed 10.1.1.0/24: a publication "
	       "(unsigned, another xTR-ID: the ITR's to refuse)");
	n = forged(nonce + 7, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.9.7/32", "6.6.6.6");
	TAP_OK(claim(itr, MS_ADDR, n, T0 + 2) == LISP_ITR_NOTIFY_NONE,
	       "a host outside it (one of ours that moved away): not the "
	       "ITR's");
	n = forged(nonce + 7, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.0.0/16", "6.6.6.6");
	TAP_OK(claim(itr, MS_ADDR, n, T0 + 2) == LISP_ITR_NOTIFY_NONE,
	       "a prefix covering it: not the ITR's");
	n = forged(nonce + 7, LISP_ALG_HMAC_SHA256_128, "kb", SUB_XTR,
		   "10.1.1.7/32", "6.6.6.6");
	TAP_OK(claim(itr, "198.51.100.99", n, T0 + 2) ==
	       LISP_ITR_NOTIFY_NONE &&
	       claim(itr, MS_ADDR, n, T0 + 600001) == LISP_ITR_NOTIFY_NONE,
	       "from no map-server, or past the subscription's life: not the "
	       "ITR's");
	lisp_itr_free(off);
	lisp_itr_free(itr);
}

int main(void)
{
	subscribing_request();
	round_trip();
	forgeries();
	claims();
	return tap_done();
}
