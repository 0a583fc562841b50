// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Requests to the Map-Server / Map-Resolver (agent/ms/): proxy
 * Map-Reply, forward to the ETR in an ECM, negative answers for
 * unregistered EIDs and non-EIDs, several EIDs in one request, and
 * instance-id separation.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000		/* now_ms of the first message */

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_map_register notify;
static struct lisp_map_reply reply;
static struct lisp_map_request req, fwdreq;

static const char *const site_a[] = { "198.51.100.0/25", "10.0.0.0/8+",
				      "2001:db8:1::/64+", NULL };
static const char *const site_b[] = { "198.51.100.128/25", NULL };

static int reg(struct lisp_ms *ms, const struct treg *r, const char *src,
	       uint64_t now)
{
	return send_treg(ms, r, true, src, now, &ract);
}

/* Send the ECM'd Map-Request q to the Map-Server. */
static int request(struct lisp_ms *ms, const struct treq *q, uint64_t now,
		   size_t *off, size_t *len)
{
	size_t n = build_request(q, buf, sizeof(buf), off, len);

	return lisp_ms_handle_ecm(ms, buf, n, now, &qact);
}

static void requests(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a;
	struct treg t = {
		.nonce = 1, .key = "k", .proxy = true,
		.rec = { { "198.51.100.0/25", { "192.0.2.1", "192.0.2.3" },
			   10 } },
	};
	struct treq q = {
		.nonce = 0xdeadbeef01ULL, .itr_rloc = "203.0.113.7",
		.src_eid = "10.200.0.1", .sport = 52000,
		.eid = { "198.51.100.10" },
	};
	struct lisp_record want;
	struct lisp_ecm e;
	size_t off, len;
	uint8_t orig[1024];
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	SITE(ms, "b", LISP_ALG_HMAC_SHA1_96, "kb", site_b);
	reg(ms, &t, "192.0.2.1", T0);
	/* What the Map-Reply must carry: the record, A and L cleared. */
	lisp_map_register_parse(buf, build_register(&t, buf, sizeof(buf)),
				&notify);
	want = notify.rec[0];
	want.authoritative = false;
	want.loc[0].local = want.loc[1].local = false;

	err = request(ms, &q, T0 + 1, &off, &len);
	TAP_OK(err == 0 && qact.nrec == 1 && qact.answer[0] ==
	       LISP_MS_ANS_PROXY && qact.has_reply && !qact.nfwd,
	       "P registered: the Map-Server answers (%s)",
	       lisp_ms_strerror(err));
	err = lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(!err && reply.nonce == q.nonce && reply.nrec == 1 &&
	       !reply.probe && lisp_record_equal(&reply.rec[0], &want) &&
	       reply.rec[0].nloc == 2 && !reply.rec[0].authoritative &&
	       !reply.rec[0].loc[0].local && reply.rec[0].ttl == 10 &&
	       reply.rec[0].eid_mask_len == 25, "Map-Reply: nonce echoed, the "
	       "registered record, A and L clear");
	TAP_OK(ip_is(&qact.reply.dst, "203.0.113.7") &&
	       qact.reply.sport == 4342 && qact.reply.dport == 52000,
	       "to the ITR-RLOC, port 4342 -> the request's source port");
	TAP_OK(a->stats.proxy_replies == 1 && ms->stats.proxy_replies == 1,
	       "proxy replies counted");

	t.proxy = false;
	reg(ms, &t, "192.0.2.1", T0 + 2);
	err = request(ms, &q, T0 + 3, &off, &len);
	memcpy(orig, buf + off, len);
	TAP_OK(err == 0 && qact.answer[0] == LISP_MS_ANS_FORWARD &&
	       !qact.has_reply && qact.nfwd == 1 &&
	       ip_is(&qact.fwd[0].dst, "192.0.2.1") &&
	       qact.fwd[0].dport == 4342, "no P: forwarded to the ETR "
	       "192.0.2.1:4342");
	err = lisp_ecm_parse(qact.fwd[0].buf, qact.fwd[0].len, &e);
	TAP_OK(!err && e.msg_len == len && !memcmp(e.msg, orig, len) &&
	       ip_is(&e.inner.src, "10.200.0.1") &&
	       ip_is(&e.inner.dst, "198.51.100.10") && e.inner.sport == 52000
	       && e.inner.dport == 4342 && e.inner.ttl == 63 &&
	       lisp_ip_udp_csum_ok(qact.fwd[0].buf + 4, qact.fwd[0].len - 4),
	       "the ECM decodes: inner source EID -> EID, same ports, TTL "
	       "64 -> 63 (issue 11), the Map-Request byte for byte");
	TAP_OK(!memcmp(qact.fwd[0].buf, buf, 4 + 8) &&
	       !memcmp(qact.fwd[0].buf + 4 + 12, buf + 4 + 12,
		       qact.fwd[0].len - 4 - 12),
	       "here the whole ECM is the ITR's but for TTL and checksum");

	q.eid[0] = "198.51.100.200";
	err = request(ms, &q, T0 + 4, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(err == 0 && qact.answer[0] == LISP_MS_ANS_UNREGISTERED &&
	       qact.has_reply && reply.nrec == 1 && reply.rec[0].nloc == 0 &&
	       reply.rec[0].act == LISP_ACT_NATIVELY_FORWARD &&
	       reply.rec[0].ttl == 1 && !strcmp(pstr(&reply.rec[0].eid,
	       reply.rec[0].eid_mask_len), "198.51.100.128/25"),
	       "configured, not registered: negative, natively-forward, "
	       "1 minute, 198.51.100.128/25");
	q.eid[0] = "192.0.2.77";
	err = request(ms, &q, T0 + 4, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(err == 0 && qact.answer[0] == LISP_MS_ANS_NOT_EID &&
	       reply.rec[0].act == LISP_ACT_NATIVELY_FORWARD &&
	       reply.rec[0].ttl == 15 && !strcmp(pstr(&reply.rec[0].eid,
	       reply.rec[0].eid_mask_len), "192.0.0.0/6"),
	       "not an EID: negative, natively-forward, 15 minutes, "
	       "192.0.0.0/6 (%s)", pstr(&reply.rec[0].eid,
					reply.rec[0].eid_mask_len));

	/* Three records: forward, negative, proxy from site b. */
	t = (struct treg){ .nonce = 5, .key = "kb", .proxy = true,
		.rec = { { "198.51.100.128/25", { "192.0.2.2" }, 3 } } };
	reg(ms, &t, "192.0.2.2", T0 + 5);
	q.eid[0] = "198.51.100.1";
	q.eid[1] = "2001:db8:1::1";
	q.eid[2] = "198.51.100.129";
	err = request(ms, &q, T0 + 6, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(err == 0 && qact.nrec == 3 &&
	       qact.answer[0] == LISP_MS_ANS_FORWARD &&
	       qact.answer[1] == LISP_MS_ANS_UNREGISTERED &&
	       qact.answer[2] == LISP_MS_ANS_PROXY && reply.nrec == 2 &&
	       reply.rec[0].nloc == 0 && reply.rec[0].eid_mask_len == 64 &&
	       reply.rec[1].nloc == 1 && reply.rec[1].ttl == 3,
	       "three EIDs: one forward, a Map-Reply with a negative and a "
	       "proxy record");
	lisp_map_request_parse(buf + off, len, &req);
	err = lisp_ecm_parse(qact.fwd[0].buf, qact.fwd[0].len, &e);
	if (!err)
		err = lisp_map_request_parse(e.msg, e.msg_len, &fwdreq);
	req.nrec = 1;
	TAP_OK(!err && qact.nfwd == 1 && lisp_map_request_equal(&req, &fwdreq),
	       "the ETR gets the Map-Request with only its own EID");
	q.eid[1] = q.eid[2] = NULL;

	q.itr_rloc = "0.0.0.0";
	q.eid[0] = "192.0.2.77";
	err = request(ms, &q, T0 + 7, &off, &len);
	TAP_OK(err == 0 && !qact.has_reply && ms->stats.no_itr_rloc == 1,
	       "no usable ITR-RLOC: no Map-Reply, counted");
	buf[0] = 0x80;
	err = lisp_ms_handle_ecm(ms, buf, 20, T0, &qact);
	TAP_OK(err < 0 && ms->stats.req_malformed == 1, "a broken ECM is "
	       "refused (%s)", lisp_ms_strerror(err));
	lisp_ms_free(ms);
}

/* The same prefix in two instance-ids belongs to two sites. */
static void instance_ids(void)
{
	static const char *const x[] = { "[100]10.0.0.0/8", NULL };
	static const char *const y[] = { "[200]10.0.0.0/8", NULL };
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *sx, *sy;
	struct treg t = {
		.nonce = 1, .key = "kx", .proxy = true,
		.rec = { { "[200]10.0.0.0/8", { "192.0.2.1" }, 10 } },
	};
	struct treq q = {
		.nonce = 9, .itr_rloc = "203.0.113.7", .src_eid = "10.9.9.9",
		.sport = 4342, .eid = { "[100]10.1.1.1" },
	};
	size_t off, len;
	int err;

	sx = SITE(ms, "x", LISP_ALG_HMAC_SHA1_96, "kx", x);
	sy = SITE(ms, "y", LISP_ALG_HMAC_SHA1_96, "ky", y);
	err = reg(ms, &t, "192.0.2.1", T0);
	TAP_OK(err == -LISP_MS_ERR_AUTH, "x's key cannot register iid 200's "
	       "10.0.0.0/8");
	t.rec[0].pfx = "[100]10.0.0.0/8";
	TAP_OK(reg(ms, &t, "192.0.2.1", T0) == 0 && sx->nreg == 1,
	       "x registers [100]10.0.0.0/8");
	t.key = "ky";
	t.rec[0] = (struct treg_rec){ "[200]10.0.0.0/8", { "192.0.2.2" }, 20 };
	TAP_OK(reg(ms, &t, "192.0.2.2", T0) == 0 && sy->nreg == 1,
	       "y registers [200]10.0.0.0/8");
	t.rec[0].pfx = "10.0.0.0/8";
	TAP_OK(reg(ms, &t, "192.0.2.2", T0) == -LISP_MS_ERR_UNKNOWN_SITE,
	       "10.0.0.0/8 in instance 0 is nobody's");
	err = request(ms, &q, T0, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(!err && reply.nrec == 1 && reply.rec[0].ttl == 10 &&
	       ip_is(&reply.rec[0].loc[0].addr.ip[0], "192.0.2.1") &&
	       reply.rec[0].eid.kind == LISP_ADDR_IID &&
	       reply.rec[0].eid.iid == 100, "[100]10.1.1.1 -> x's RLOC");
	q.eid[0] = "[200]10.1.1.1";
	err = request(ms, &q, T0, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(!err && reply.nrec == 1 && reply.rec[0].ttl == 20 &&
	       ip_is(&reply.rec[0].loc[0].addr.ip[0], "192.0.2.2") &&
	       reply.rec[0].eid.iid == 200, "[200]10.1.1.1 -> y's RLOC");
	q.eid[0] = "10.1.1.1";
	err = request(ms, &q, T0, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(!err && qact.answer[0] == LISP_MS_ANS_NOT_EID &&
	       reply.rec[0].eid_mask_len == 0, "10.1.1.1 in instance 0: not "
	       "an EID, 0.0.0.0/0");
	q.eid[0] = "[300]10.1.1.1";
	err = request(ms, &q, T0, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(!err && qact.answer[0] == LISP_MS_ANS_NOT_EID &&
	       !strcmp(pstr(&reply.rec[0].eid, reply.rec[0].eid_mask_len),
		       "[300]0.0.0.0/0"), "[300]10.1.1.1: negative in "
	       "instance 300 (%s)", pstr(&reply.rec[0].eid,
					 reply.rec[0].eid_mask_len));
	lisp_ms_free(ms);
}

/* Five ETRs in one request: LISP_MS_MAX_FWD get an ECM, one is dropped. */
static void many_etrs(void)
{
	static const char *const s[] = { "10.0.0.0/8+", NULL };
	struct lisp_ms *ms = lisp_ms_new();
	struct treg t = { .key = "k", .rec = { { NULL, { NULL }, 10 } } };
	struct treq q = {
		.nonce = 77, .itr_rloc = "2001:db8:ffff::1",
		.src_eid = "10.250.0.1", .sport = 4342,
		.eid = { "10.1.0.1", "10.2.0.1", "10.3.0.1", "10.4.0.1",
			 "10.5.0.1", "10.1.0.2/31" },
	};
	char pfx[32], etr[32];
	struct lisp_ms_match m;
	struct lisp_addr a;
	struct lisp_ecm e;
	unsigned int i, n = 0;
	size_t off, len;
	int err;

	SITE(ms, "s", LISP_ALG_HMAC_SHA1_96, "k", s);
	for (i = 1; i <= 5; i++) {
		snprintf(pfx, sizeof(pfx), "10.%u.0.0/16", i);
		snprintf(etr, sizeof(etr), "192.0.2.%u", i);
		t.nonce = i;
		t.rec[0].pfx = pfx;
		t.rec[0].rloc[0] = etr;
		n += reg(ms, &t, etr, T0) == 0;
	}
	TAP_OK(n == 5 && ms->nreg == 5, "five ETRs register a /16 each");
	err = request(ms, &q, T0, &off, &len);
	TAP_OK(!err && qact.nrec == 6 && qact.nfwd == LISP_MS_MAX_FWD &&
	       qact.answer[4] == LISP_MS_ANS_DROPPED &&
	       qact.answer[5] == LISP_MS_ANS_FORWARD && !qact.has_reply &&
	       ms->stats.rec_dropped == 1, "six EIDs, five ETRs: %u ECMs, the "
	       "fifth ETR's EID dropped and counted", LISP_MS_MAX_FWD);
	lisp_ecm_parse(qact.fwd[0].buf, qact.fwd[0].len, &e);
	lisp_map_request_parse(e.msg, e.msg_len, &req);
	TAP_OK(ip_is(&qact.fwd[0].dst, "192.0.2.1") && req.nrec == 2 &&
	       req.rec[1].plen == 31 && req.nonce == 77 &&
	       ip_is(&e.inner.dst, "10.1.0.1"), "the first ETR gets both "
	       "of its EIDs, nonce kept, inner header to its first EID");
	a = A("10.1.0.1");
	lisp_ms_match(ms, &a, 32, T0 + 180000, &m);
	TAP_OK(m.answer == LISP_MS_ANS_UNREGISTERED && m.neg_plen == 15 &&
	       ms->nreg == 4, "after 3 minutes 10.1.0.1 is unregistered: "
	       "10.0.0.0/15 (got /%u; the others, not yet collected, still "
	       "shape it)", m.neg_plen);
	TAP_OK(lisp_ms_expire(ms, T0 + 180000) == 4 && ms->nreg == 0,
	       "lisp_ms_expire collects the other four");
	lisp_ms_match(ms, &a, 32, T0 + 180000, &m);
	TAP_OK(m.answer == LISP_MS_ANS_UNREGISTERED && m.neg_plen == 8,
	       "then the negative answer is the whole 10.0.0.0/8 (/%u)",
	       m.neg_plen);
	lisp_ms_free(ms);
}

static int first_route(const struct lisp_ms_route *r, void *arg)
{
	*(const struct lisp_ms_route **)arg = r;
	return 1;
}

/*
 * Map-Resolver routes: EIDs another Map-Server holds go there in an ECM,
 * one hop more; local sites win ties; negatives stay clear of routes.
 */
static void routes(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	const struct lisp_ms_route *r1 = NULL;
	static const char *const site_c[] = { "10.1.0.0/16", NULL };
	struct treq q = {
		.nonce = 0x77, .itr_rloc = "203.0.113.7",
		.src_eid = "10.1.0.9", .sport = 53000,
		.eid = { "10.2.0.10" },
	};
	struct lisp_addr p;
	struct lisp_ip ms2 = IP("192.0.2.101"), ms3 = IP("2001:db8::3");
	struct lisp_ecm e;
	size_t off, len;
	unsigned int plen, n;
	uint8_t orig[1024];
	int err;

	SITE(ms, "c", LISP_ALG_HMAC_SHA256_128, "k", site_c);
	p = PFX("10.2.0.0/16", &plen);
	err = lisp_ms_route_add(ms, &p, plen, &ms2, 0);
	TAP_OK(!err && ms->nroute == 1, "route 10.2.0.0/16 -> 192.0.2.101");
	TAP_OK(lisp_ms_route_add(ms, &p, plen, &ms3, 4342) ==
	       -LISP_MS_ERR_EXISTS, "the same prefix twice is refused");
	p = PFX("10.1.5.0/24", &plen);
	lisp_ms_route_add(ms, &p, plen, &ms3, 14342);
	p = PFX("10.0.0.0/8", &plen);
	lisp_ms_route_add(ms, &p, plen, &ms3, 14342);
	p = PFX("[7]10.2.0.0/16", &plen);
	TAP_OK(!lisp_ms_route_add(ms, &p, plen, &ms3, 0) && ms->nroute == 4,
	       "routes in another instance-id are apart");

	err = request(ms, &q, T0, &off, &len);
	memcpy(orig, buf + off, len);
	TAP_OK(!err && qact.nrec == 1 &&
	       qact.answer[0] == LISP_MS_ANS_MS_FORWARD && !qact.has_reply &&
	       qact.nfwd == 1 && ip_is(&qact.fwd[0].dst, "192.0.2.101") &&
	       qact.fwd[0].sport == 4342 && qact.fwd[0].dport == 4342,
	       "10.2.0.10 goes on to the Map-Server 192.0.2.101:4342");
	err = lisp_ecm_parse(qact.fwd[0].buf, qact.fwd[0].len, &e);
	TAP_OK(!err && e.msg_len == len && !memcmp(e.msg, orig, len) &&
	       ip_is(&e.inner.src, "10.1.0.9") &&
	       ip_is(&e.inner.dst, "10.2.0.10") && e.inner.sport == 53000 &&
	       e.inner.ttl == 63 &&
	       lisp_ip_udp_csum_ok(qact.fwd[0].buf + 4, qact.fwd[0].len - 4),
	       "the ECM keeps the ITR's inner header, TTL 64 -> 63, and the "
	       "Map-Request byte for byte");
	lisp_ms_show_routes(ms, first_route, &r1);
	TAP_OK(r1 && r1->forwards == 1 && ms->stats.ms_forwards == 1,
	       "counted on the route and in total");

	q.eid[0] = "10.1.0.10";
	request(ms, &q, T0, &off, &len);
	TAP_OK(qact.answer[0] == LISP_MS_ANS_UNREGISTERED && !qact.nfwd,
	       "10.1.0.10: site c's /16 is more specific than the /8 route");
	q.eid[0] = "10.1.5.1";
	request(ms, &q, T0, &off, &len);
	TAP_OK(qact.answer[0] == LISP_MS_ANS_MS_FORWARD && qact.nfwd == 1 &&
	       ip_is(&qact.fwd[0].dst, "2001:db8::3") &&
	       qact.fwd[0].dport == 14342,
	       "10.1.5.1: the /24 route inside the site wins, port 14342");
	q.eid[0] = "10.1.6.1";
	request(ms, &q, T0, &off, &len);
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(qact.answer[0] == LISP_MS_ANS_UNREGISTERED &&
	       !strcmp(pstr(&reply.rec[0].eid, reply.rec[0].eid_mask_len),
		       "10.1.6.0/23"), "its unregistered negative stays clear "
	       "of the route: %s", pstr(&reply.rec[0].eid,
					reply.rec[0].eid_mask_len));
	p = PFX("2001:db8:2::/48", &plen);
	lisp_ms_route_add(ms, &p, plen, &ms2, 0);
	q.eid[0] = "2001:db8:3::1";
	q.src_eid = "2001:db8:1::9";
	request(ms, &q, T0, &off, &len);
	q.src_eid = "10.1.0.9";
	lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply);
	TAP_OK(qact.answer[0] == LISP_MS_ANS_NOT_EID &&
	       !strcmp(pstr(&reply.rec[0].eid, reply.rec[0].eid_mask_len),
		       "2001:db8:3::/48"), "not an EID, and no site in IPv6: "
	       "the negative still avoids the route (%s, not ::/0)",
	       pstr(&reply.rec[0].eid, reply.rec[0].eid_mask_len));

	/* Three EIDs: two routes to one Map-Server share an ECM. */
	q.eid[0] = "10.2.0.10";
	q.eid[1] = "10.1.0.10";
	q.eid[2] = "10.2.9.9";
	request(ms, &q, T0, &off, &len);
	n = qact.nfwd;
	err = lisp_ecm_parse(qact.fwd[0].buf, qact.fwd[0].len, &e);
	if (!err)
		err = lisp_map_request_parse(e.msg, e.msg_len, &fwdreq);
	TAP_OK(n == 1 && !err && fwdreq.nrec == 2 && qact.has_reply &&
	       qact.answer[1] == LISP_MS_ANS_UNREGISTERED,
	       "mixed request: one ECM with the two routed EIDs, a Map-Reply "
	       "for the local one");
	q.eid[1] = q.eid[2] = NULL;

	/* A request that went round Map-Resolvers: TTL 1 stops here. */
	n = (unsigned int)build_request(&q, buf, sizeof(buf), &off, &len);
	buf[4 + 8] = 1;		/* inner IPv4 TTL */
	buf[4 + 10] = buf[4 + 11] = 0;
	err = lisp_ms_handle_ecm(ms, buf, n, T0, &qact);
	TAP_OK(!err && qact.answer[0] == LISP_MS_ANS_DROPPED && !qact.nfwd &&
	       ms->stats.fwd_ttl_expired == 1,
	       "inner TTL 1: not sent on, counted (fwd_ttl_expired)");

	lisp_ms_route_flush(ms);
	request(ms, &q, T0, &off, &len);
	TAP_OK(ms->nroute == 0 && qact.answer[0] == LISP_MS_ANS_NOT_EID &&
	       qact.has_reply, "after a flush the Map-Resolver answers "
	       "10.2.0.10 itself: not an EID");
	lisp_ms_free(ms);
}

int main(void)
{
	requests();
	instance_ids();
	many_etrs();
	routes();
	return tap_done();
}
