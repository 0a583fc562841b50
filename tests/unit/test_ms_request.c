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
	struct lisp_ip ip = IP(src);
	size_t n = build_register(r, buf, sizeof(buf));

	return lisp_ms_handle_register(ms, buf, n, &ip, 4342, now, &ract);
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
	       && e.inner.dport == 4342 && e.inner.ttl == 64 &&
	       lisp_ip_udp_csum_ok(qact.fwd[0].buf + 4, qact.fwd[0].len - 4),
	       "the ECM decodes: inner source EID -> EID, same ports, the "
	       "Map-Request byte for byte");
	TAP_OK(!memcmp(qact.fwd[0].buf, buf, qact.fwd[0].len),
	       "here the whole ECM is the ITR's");

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

int main(void)
{
	requests();
	instance_ids();
	many_etrs();
	return tap_done();
}
