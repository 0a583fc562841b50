// SPDX-License-Identifier: GPL-2.0
/*
 * Publish/subscribe at the Map-Server (RFC 9437, issue 12 item 3): who
 * may subscribe, the Map-Notify answering a subscription, publications
 * on a change only, retransmission until a Map-Notify-Ack, the bounds.
 */
#include "pubsub_test.h"
#include "tap.h"

#define T0		1000000
#define RNONCE		0x1000

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_ms_pkt pkt;
static struct lisp_map_register note;

/* xa, xb (pubsub_test.h), and xTR 4 of site B, another subscriber. */
static struct treg xb4 = {
	.key = "kb", .alg = LISP_ALG_HMAC_SHA256_128, .xtr_id = true, .xtr = 4,
	.rec = { { "10.2.4.0/24", { "192.0.2.4" }, 10 } },
};

static int reg(struct lisp_ms *ms, const struct treg *r, uint64_t now)
{
	return send_treg(ms, r, true, "198.51.100.1", now, &ract);
}

/* A subscription for eid from xTR xtr (site-ID site_id), ITR-RLOC rloc. */
static int subscribe(struct lisp_ms *ms, const char *eid, uint8_t xtr,
		     uint64_t site_id, const char *rloc, uint64_t nonce,
		     uint64_t now)
{
	struct treq q = {
		.nonce = nonce, .itr_rloc = rloc, .src_eid = "10.2.3.1",
		.sport = 4342, .eid = { eid },
	};
	struct tsub sub = { .xtr = xtr, .site_id = site_id };
	size_t off, len, n = build_subscription(&q, &sub, buf, sizeof(buf),
						&off, &len);

	return lisp_ms_handle_ecm(ms, buf, n, now, &qact);
}

/* Poll one Map-Notify into note; 1 if one came and it parsed. */
static int poll(struct lisp_ms *ms, uint64_t now)
{
	if (lisp_ms_pubsub_poll(ms, now, &pkt) != 1)
		return 0;
	return !lisp_map_notify_parse(pkt.buf, pkt.len, &note);
}

static const char *rlocs(void)
{
	static char out[128];
	unsigned int i;

	out[0] = 0;
	for (i = 0; i < note.rec[0].nloc; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			 i ? " " : "", ipstr(&note.rec[0].loc[i].addr.ip[0]));
	return out;
}

/* The Map-Notify-Ack of the Map-Notify n from src, signed with key. */
static int ack_of(struct lisp_ms *ms, const struct lisp_ms_pkt *n,
		  const char *key, const char *src)
{
	static uint8_t a[4096];
	struct lisp_ip ip = IP(src);

	memcpy(a, n->buf, n->len);
	a[0] = (uint8_t)(LISP_MAP_NOTIFY_ACK << 4 | (a[0] & 0x0f));
	if (lisp_auth_sign(a, n->len, key, strlen(key)))
		exit(2);
	return lisp_ms_handle_notify_ack(ms, a, n->len, &ip);
}

/* The Map-Notify-Ack of the last Map-Notify polled. */
static int ack(struct lisp_ms *ms, const char *key, const char *src)
{
	return ack_of(ms, &pkt, key, src);
}

static struct lisp_ms *setup(void)
{
	struct lisp_ms *ms = lisp_ms_new();

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "ka", site_a);
	SITE(ms, "b", LISP_ALG_HMAC_SHA256_128, "kb", site_b);
	int e1 = reg(ms, &xa, T0), e2 = reg(ms, &xb, T0);

	if (e1 || e2) {
		fprintf(stderr, "setup: %s %s\n", lisp_ms_strerror(e1),
			lisp_ms_strerror(e2));
		exit(2);
	}
	return ms;
}

static void subscription(void)
{
	struct lisp_ms *ms = setup();
	const struct lisp_ms_ps_stats *st;

	TAP_OK(!subscribe(ms, "10.1.1.5", 3, 42, "192.0.2.3", RNONCE, T0) &&
	       qact.nrec == 1 && qact.answer[0] == LISP_MS_ANS_SUBSCRIBED &&
	       !qact.has_reply && !qact.nfwd,
	       "subscription: answered by a Map-Notify, no Map-Reply (%s)",
	       lisp_ms_answer_str(qact.answer[0]));
	TAP_OK(poll(ms, T0) && note.type == LISP_MAP_NOTIFY &&
	       note.nonce == RNONCE && note.xtr_id_present &&
	       note.xtr_id[0] == 3 && note.site_id == 42,
	       "subscription: Map-Notify, the request's nonce, its xTR-ID");
	TAP_OK(!strcmp(ipstr(&pkt.dst), "192.0.2.3") && pkt.dport == 4342 &&
	       note.nrec == 1 && note.rec[0].eid_mask_len == 24 &&
	       !strcmp(rlocs(), "192.0.2.1"),
	       "subscription: to its ITR-RLOC, the registered /24 (%s)",
	       rlocs());
	TAP_OK(!lisp_auth_verify(pkt.buf, pkt.len, "kb", 2) &&
	       lisp_auth_verify(pkt.buf, pkt.len, "ka", 2) &&
	       note.alg_id == LISP_ALG_HMAC_SHA256_128,
	       "subscription: signed with the subscriber's site key");
	TAP_OK(!poll(ms, T0 + 999) && poll(ms, T0 + 1000) &&
	       note.nonce == RNONCE,
	       "no ack: the same Map-Notify again after retry_ms");
	TAP_OK(ack(ms, "ka", "192.0.2.3") == -LISP_MS_ERR_AUTH &&
	       ack(ms, "kb", "192.0.2.99") == -LISP_MS_ERR_NOT_FOUND,
	       "ack: wrong key and wrong source refused");
	TAP_OK(!ack(ms, "kb", "192.0.2.3") && !poll(ms, T0 + 10000),
	       "ack: taken, no more retransmissions");
	TAP_OK(ack(ms, "kb", "192.0.2.3") == -LISP_MS_ERR_NOT_FOUND,
	       "ack: a second one matches nothing");

	/* A refresh that changes nothing publishes nothing. */
	reg(ms, &xa, T0 + 20000);
	TAP_OK(!poll(ms, T0 + 20000), "refresh: no publication");

	/* A new locator set goes out at once, nonce one more. */
	xa.rec[0].rloc[0] = "192.0.2.9";
	reg(ms, &xa, T0 + 30000);
	TAP_OK(poll(ms, T0 + 30000) && note.nonce == RNONCE + 1 &&
	       !strcmp(rlocs(), "192.0.2.9") &&
	       !lisp_auth_verify(pkt.buf, pkt.len, "kb", 2),
	       "change: published, nonce + 1, new locator (%s)", rlocs());
	TAP_OK(!ack(ms, "kb", "192.0.2.3"), "change: acked");

	/* A more specific under it (a host that moved) goes too. */
	{
		struct treg host = xa;

		host.xtr = 2;
		host.rec[0].pfx = "10.1.1.5/32";
		host.rec[0].rloc[0] = "192.0.2.7";
		reg(ms, &host, T0 + 31000);
	}
	TAP_OK(poll(ms, T0 + 31000) && note.nonce == RNONCE + 2 &&
	       note.rec[0].eid_mask_len == 32 && !strcmp(rlocs(), "192.0.2.7"),
	       "more specific: its mapping to the /24's subscriber");
	ack(ms, "kb", "192.0.2.3");

	/* Withdrawn: no locators, TTL 0. */
	xa.rec[0].ttl = 0;
	reg(ms, &xa, T0 + 32000);
	xa.rec[0].ttl = 10;
	TAP_OK(poll(ms, T0 + 32000) && note.nonce == RNONCE + 3 &&
	       note.rec[0].eid_mask_len == 24 && !note.rec[0].nloc &&
	       !note.rec[0].ttl, "withdrawal: published as TTL 0");

	/* Never acked: retries, then the subscription goes. */
	TAP_OK(poll(ms, T0 + 33000) && poll(ms, T0 + 34000) &&
	       poll(ms, T0 + 35000) && !poll(ms, T0 + 36000) &&
	       lisp_ms_pubsub_count(ms) == 0,
	       "unacked: 3 retries, then dropped");
	st = lisp_ms_pubsub_stats(ms);
	TAP_OK(st && st->subscriptions == 1 && st->notifies_sent == 4 &&
	       st->retransmits == 4 && st->acks == 3 && st->unacked == 1 &&
	       st->ack_auth_failures == 1 && st->ack_unknown == 2 &&
	       st->publications == 3,
	       "stats: sent %llu retx %llu acks %llu unacked %llu",
	       (unsigned long long)st->notifies_sent,
	       (unsigned long long)st->retransmits,
	       (unsigned long long)st->acks, (unsigned long long)st->unacked);
	xa.rec[0].rloc[0] = "192.0.2.1";
	lisp_ms_free(ms);
}

static void refusals(void)
{
	struct lisp_ms *ms = setup();
	const struct lisp_ms_ps_stats *st;

	TAP_OK(!subscribe(ms, "10.1.1.5", 7, 42, "192.0.2.3", 1, T0) &&
	       qact.answer[0] == LISP_MS_ANS_PROXY && qact.has_reply &&
	       !poll(ms, T0), "unknown xTR-ID: a plain Map-Reply");
	TAP_OK(!subscribe(ms, "10.1.1.5", 3, 43, "192.0.2.3", 2, T0) &&
	       qact.answer[0] == LISP_MS_ANS_PROXY,
	       "known xTR-ID, other site-ID: refused");
	TAP_OK(!subscribe(ms, "10.1.1.5", 3, 42, "203.0.113.9", 3, T0) &&
	       qact.answer[0] == LISP_MS_ANS_PROXY && !poll(ms, T0),
	       "ITR-RLOC it does not register: refused");
	TAP_OK(!subscribe(ms, "10.1.200.1", 3, 42, "192.0.2.3", 4, T0) &&
	       qact.answer[0] == LISP_MS_ANS_UNREGISTERED && qact.has_reply,
	       "unregistered EID: the negative Map-Reply");
	st = lisp_ms_pubsub_stats(ms);
	TAP_OK(st->refused_unknown == 2 && st->refused_rloc == 1 &&
	       st->refused_unregistered == 1 && st->subscriptions == 0,
	       "refusals counted");

	/* Past its registration's life an xTR is not known any more. */
	TAP_OK(!subscribe(ms, "10.1.1.5", 3, 42, "192.0.2.3", 5,
			  T0 + 3 * 60000 + 1) &&
	       qact.answer[0] != LISP_MS_ANS_SUBSCRIBED,
	       "xTR whose registration expired: refused");
	lisp_ms_free(ms);
}

static void bounds(void)
{
	struct lisp_ms *ms = setup();
	const struct lisp_ms_ps_stats *st;

	reg(ms, &xb4, T0);
	TAP_OK(lisp_ms_pubsub_set(ms, 2, 1, 0, 0) == 0, "set bounds 2, 1");
	subscribe(ms, "10.1.1.5", 3, 42, "192.0.2.3", 10, T0);
	subscribe(ms, "10.1.1.6", 4, 42, "192.0.2.4", 11, T0 + 1);
	st = lisp_ms_pubsub_stats(ms);
	TAP_OK(qact.answer[0] == LISP_MS_ANS_SUBSCRIBED &&
	       lisp_ms_pubsub_count(ms) == 1 && st->evictions == 1,
	       "per prefix 1: the second subscriber evicts the first");
	subscribe(ms, "10.2.4.1", 3, 42, "192.0.2.3", 12, T0 + 2);
	TAP_OK(lisp_ms_pubsub_count(ms) == 2, "another prefix: 2 in all");
	subscribe(ms, "10.2.3.1", 4, 42, "192.0.2.4", 13, T0 + 3);
	TAP_OK(qact.answer[0] != LISP_MS_ANS_SUBSCRIBED &&
	       st->refused_full == 1 && lisp_ms_pubsub_count(ms) == 2,
	       "max 2: a third refused");
	/* Renewal of one that exists is not a new one. */
	subscribe(ms, "10.2.4.1", 3, 42, "192.0.2.3", 14, T0 + 4);
	TAP_OK(qact.answer[0] == LISP_MS_ANS_SUBSCRIBED && st->renewals == 1,
	       "renewal at the bound: taken");
	TAP_OK(lisp_ms_pubsub_set(ms, LISP_MS_PS_MAX_SUBS_LIMIT + 1, 0, 0,
				  0) == -LISP_ERR_INVALID, "bound past limit");
	/* Life: the mapping's TTL (10 minutes). */
	TAP_OK(lisp_ms_pubsub_expire(ms, T0 + 4 + 600000 - 1) == 1 &&
	       lisp_ms_pubsub_expire(ms, T0 + 4 + 600000) == 1 &&
	       lisp_ms_pubsub_count(ms) == 0 && st->expired == 2,
	       "subscriptions last the mapping's TTL");
	lisp_ms_free(ms);
}

/*
 * A host moves under a subscribed prefix: the old xTR's Map-Notify (a
 * move) and the subscriber's (a publication) are acked to the one entry
 * point, each counted where it belongs; an ack neither takes is counted
 * once.
 */
static void acks_of_both(void)
{
	struct lisp_ms *ms = setup();
	const struct lisp_ms_ps_stats *st;
	struct treg h5 = xa, h6;
	struct lisp_ms_pkt move;
	uint64_t bad;

	subscribe(ms, "10.1.1.5", 3, 42, "192.0.2.3", RNONCE, T0);
	poll(ms, T0);
	ack(ms, "kb", "192.0.2.3");
	h5.xtr = 5;
	h5.own_site = true;
	h5.site_id = 0;
	h5.rec[0].pfx = "10.1.1.5/32";
	h5.rec[0].rloc[0] = "192.0.2.50";
	h6 = h5;
	h6.xtr = 6;
	h6.rec[0].rloc[0] = "192.0.2.60";
	reg(ms, &h5, T0 + 1000);
	poll(ms, T0 + 1000);
	ack(ms, "kb", "192.0.2.3");
	reg(ms, &h6, T0 + 2000);
	st = lisp_ms_pubsub_stats(ms);
	TAP_OK(ract.nmoved == 1 && poll(ms, T0 + 2000) &&
	       !strcmp(rlocs(), "192.0.2.60") && st->acks == 2,
	       "the host moves: a Map-Notify to its old xTR, a publication "
	       "to the subscriber");
	move = ract.moved[0];
	bad = ms->stats.notify_acks_bad;
	TAP_OK(!ack_of(ms, &move, "ka", "198.51.100.1") &&
	       ms->stats.notify_acks == 1 && st->acks == 2 &&
	       st->ack_unknown == 0 && ms->stats.notify_acks_bad == bad,
	       "the old xTR's ack: a move's, not refused as no publication's");
	TAP_OK(!ack(ms, "kb", "192.0.2.3") && st->acks == 3 &&
	       ms->stats.notify_acks == 1 && ms->stats.notify_acks_bad == bad,
	       "the subscriber's ack: a publication's, not a move's");
	TAP_OK(ack(ms, "ka", "192.0.2.3") == -LISP_MS_ERR_NOT_FOUND &&
	       ms->stats.notify_acks == 1,
	       "that ack again, signed with the site key of its prefix: no "
	       "move's (its nonce was no move's)");
	TAP_OK(ack_of(ms, &move, "kb", "198.51.100.1") ==
	       -LISP_MS_ERR_AUTH && ms->stats.notify_acks == 1,
	       "the move's ack with another key: refused");
	TAP_OK(ms->stats.notify_acks_bad == bad + 2 && st->ack_unknown == 2 &&
	       st->ack_auth_failures == 0,
	       "refused by both: counted once each (notify_acks_bad %llu, "
	       "ack_unknown %llu)",
	       (unsigned long long)(ms->stats.notify_acks_bad - bad),
	       (unsigned long long)st->ack_unknown);
	lisp_ms_free(ms);
}

int main(void)
{
	subscription();
	acks_of_both();
	refusals();
	bounds();
	return tap_done();
}
