// SPDX-License-Identifier: GPL-2.0
/*
 * ITR resolver (agent/itr/): Map-Replies matched by nonce and EID, their
 * records turned into map-cache entries (locators, negative actions,
 * PETR, TTLs), refresh decisions and refresh requests, and a round trip
 * through the project's own Map-Server / Map-Resolver (agent/ms/).
 */
#include "tap.h"
#include "test_itr.h"

#define T0	7000000

static struct lisp_itr_pkt pkt;
static struct lisp_itr_tick tick;
static struct lisp_itr_reply out;
static struct lisp_map_request req;
static struct lisp_map_reply rep;
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static uint8_t buf[8192];

/* Start a request for [7]10.1.0.1 (10.0.0.5 -> it) and reset rep. */
static uint64_t ask(struct lisp_itr *itr, bool has_petr)
{
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", true);

	m.has_petr = has_petr;
	if (lisp_itr_miss(itr, &m, T0, &pkt) != 1)
		exit(2);
	memset(&rep, 0, sizeof(rep));
	rep.nonce = pkt_nonce(&pkt);
	return rep.nonce;
}

static int answer(struct lisp_itr *itr, uint64_t now)
{
	return lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf,
				     sizeof(buf)), now, &out);
}

static void nonce_and_eid_matching(void)
{
	struct lisp_itr *itr = test_itr();
	const struct lisp_itr_stats *st = lisp_itr_stats(itr);
	uint64_t nonce = ask(itr, false);

	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	rep.nonce = nonce + 1;
	TAP_OK(answer(itr, T0 + 5) == -LISP_ITR_ERR_UNKNOWN_NONCE &&
	       st->unknown_nonce == 1 && out.nmap == 0,
	       "unknown nonce: ignored, counted");
	rep.nonce = nonce;
	REC(&rep.rec[0], "[7]10.2.0.0/16", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 6) == -LISP_ITR_ERR_WRONG_EID &&
	       st->wrong_eid == 1, "a record for another EID: ignored");
	REC(&rep.rec[0], "[8]10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 7) == -LISP_ITR_ERR_WRONG_EID,
	       "the EID in another instance-id: ignored");
	REC(&rep.rec[0], "10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 8) == -LISP_ITR_ERR_WRONG_EID &&
	       st->wrong_eid == 3, "the EID without instance-id: ignored");
	REC(&rep.rec[0], "[7]10.1.0.128/25", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 9) == -LISP_ITR_ERR_WRONG_EID,
	       "a prefix next to the EID: ignored");
	lisp_itr_tick(itr, T0 + 1000, &tick);
	TAP_OK(tick.npkt == 1 && pkt_nonce(&tick.pkt[0]) == nonce,
	       "the request is still waiting: retried at +1 s");
	rep.nrec = 2;
	REC(&rep.rec[0], "[7]10.9.0.0/16", 10, 0);
	LOC(&rep.rec[0], "192.0.2.9", 1, 100, true);
	REC(&rep.rec[1], "[7]10.1.0.0/24", 10, 0);
	LOC(&rep.rec[1], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 1010) == 1 && out.nmap == 1 &&
	       ip_is(&out.map[0].eid, "10.1.0.0") && out.map[0].plen == 24,
	       "right nonce: only the record covering the EID is taken");
	TAP_OK(st->replies == 1 && st->wrong_eid == 5 && st->positive == 1,
	       "counted: 1 reply, 5 records refused, 1 positive entry");
	TAP_OK(answer(itr, T0 + 1020) == 0 && st->duplicates == 1,
	       "the same answer again: a duplicate, nothing to install");
	TAP_OK(lisp_itr_handle_reply(itr, buf, 7, T0, &out) < 0 &&
	       st->malformed == 1, "a truncated Map-Reply: malformed");
	lisp_itr_free(itr);
}

/* An answer after the resolver gave up is still worth installing. */
static void late_answer(void)
{
	struct lisp_itr *itr = test_itr();
	uint64_t now, nonce = ask(itr, false);

	for (now = T0; now <= T0 + 15000; now += 500)
		lisp_itr_tick(itr, now, &tick);
	TAP_OK(lisp_itr_stats(itr)->gave_up == 1, "gave up at +15 s");
	rep.nonce = nonce;
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 16000) == 1 && out.map[0].nloc == 1,
	       "the answer at +16 s is installed");
	lisp_itr_free(itr);
}

static void positive_record(void)
{
	struct lisp_itr *itr = test_itr();
	const struct lisp_itr_map *m = &out.map[0];

	ask(itr, true);
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/24", 1440, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 50, true);
	LOC(&rep.rec[0], "2001:db8::2", 2, 50, false);
	LOC(&rep.rec[0], "192.0.2.4", 255, 0, true);
	TAP_OK(answer(itr, T0 + 5) == 1, "positive reply: one entry");
	TAP_OK(m->dev == DEV && m->has_iid && m->iid == IID &&
	       ip_is(&m->eid, "10.1.0.0") && m->plen == 24 &&
	       lisp_itr_ip_family(&m->eid) == AF_INET,
	       "dev 3, [7]10.1.0.0/24");
	TAP_OK(m->action == LISP_MAP_ENCAP && !m->remove && m->authoritative,
	       "action encap (PETR does not matter with locators)");
	TAP_OK(m->ttl_s == 86400, "TTL 1440 minutes = 86400 s");
	TAP_OK(m->nloc == 3 && ip_is(&m->loc[0].addr, "192.0.2.2") &&
	       m->loc[0].priority == 1 && m->loc[0].weight == 50 &&
	       m->loc[0].up, "locator 1: 192.0.2.2 1/50 up");
	TAP_OK(ip_is(&m->loc[1].addr, "2001:db8::2") && !m->loc[1].up &&
	       lisp_itr_ip_family(&m->loc[1].addr) == AF_INET6,
	       "locator 2: IPv6, R bit clear: down");
	TAP_OK(m->loc[2].priority == 255 && m->loc[2].up,
	       "locator 3: priority 255 kept");
	lisp_itr_free(itr);
}

static void negative_actions(void)
{
	static const struct {
		unsigned int act;
		uint8_t no_petr, petr;
	} want[] = {
		{ LISP_ACT_NO_ACTION, LISP_MAP_FORWARD, LISP_MAP_USE_PETR },
		{ LISP_ACT_NATIVELY_FORWARD, LISP_MAP_FORWARD,
		  LISP_MAP_USE_PETR },
		{ LISP_ACT_SEND_MAP_REQUEST, LISP_MAP_SEND_MAP_REQUEST,
		  LISP_MAP_SEND_MAP_REQUEST },
		{ LISP_ACT_DROP_NO_REASON, LISP_MAP_DROP, LISP_MAP_DROP },
		{ LISP_ACT_DROP_POLICY_DENIED, LISP_MAP_DROP, LISP_MAP_DROP },
		{ LISP_ACT_DROP_AUTH_FAILURE, LISP_MAP_DROP, LISP_MAP_DROP },
		{ 7, LISP_MAP_DROP, LISP_MAP_DROP },
	};
	struct lisp_itr *itr;
	unsigned int i;
	int petr;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		TAP_OK(lisp_itr_negative_action(want[i].act, false) ==
		       want[i].no_petr &&
		       lisp_itr_negative_action(want[i].act, true) ==
		       want[i].petr, "ACT %u (%s): %u, with PETR %u",
		       want[i].act, lisp_act_str(want[i].act),
		       want[i].no_petr, want[i].petr);
	}
	for (petr = 0; petr <= 1; petr++) {
		itr = test_itr();
		ask(itr, petr);
		rep.nrec = 1;
		REC(&rep.rec[0], "[7]10.0.0.0/8", 15,
		    LISP_ACT_NATIVELY_FORWARD);
		rep.rec[0].authoritative = false;
		TAP_OK(answer(itr, T0 + 5) == 1 && out.map[0].nloc == 0 &&
		       out.map[0].action == (petr ? LISP_MAP_USE_PETR :
						    LISP_MAP_FORWARD) &&
		       out.map[0].ttl_s == 900 && out.map[0].plen == 8 &&
		       lisp_itr_stats(itr)->negative == 1,
		       "negative natively-forward, 15 min, %s: %s, 900 s",
		       petr ? "with PETR" : "no PETR",
		       petr ? "use-petr" : "forward");
		lisp_itr_free(itr);
	}
	itr = test_itr();
	ask(itr, true);
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/16", 1, LISP_ACT_DROP_POLICY_DENIED);
	TAP_OK(answer(itr, T0 + 5) == 1 &&
	       out.map[0].action == LISP_MAP_DROP && out.map[0].ttl_s == 60,
	       "negative drop/policy-denied, PETR or not: drop, 60 s");
	lisp_itr_free(itr);

	/* Locators of no usable family: as negative. */
	itr = test_itr();
	ask(itr, false);
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/16", 1, LISP_ACT_SEND_MAP_REQUEST);
	LOC(&rep.rec[0], "none", 1, 100, true);
	TAP_OK(answer(itr, T0 + 5) == 1 && out.map[0].nloc == 0 &&
	       out.map[0].action == LISP_MAP_SEND_MAP_REQUEST,
	       "a record whose locator has no address: negative, its ACT");
	lisp_itr_free(itr);
}

static void ttls(void)
{
	struct lisp_itr *itr = test_itr();

	TAP_OK(lisp_itr_ttl_seconds(0) == 0 && lisp_itr_ttl_seconds(1) == 60 &&
	       lisp_itr_ttl_seconds(1440) == 86400,
	       "TTL minutes to seconds: 0, 60, 86400");
	TAP_OK(lisp_itr_ttl_seconds(0xffffffffu) == LISP_ITR_TTL_LOCAL_S,
	       "TTL 0xffffffff: our choice (a day)");
	TAP_OK(lisp_itr_ttl_seconds(0xfffffffeu) == LISP_ITR_TTL_MAX_S &&
	       lisp_itr_ttl_seconds(10081) == LISP_ITR_TTL_MAX_S,
	       "TTLs past a week are cut to a week");
	ask(itr, false);
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/24", 0, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 5) == 1 && out.map[0].remove &&
	       lisp_itr_stats(itr)->removed == 1,
	       "record TTL 0: remove the entry");
	lisp_itr_free(itr);
}

static struct lisp_itr_installed INST(const char *pfx, uint32_t ttl_s,
				      uint32_t idle_ms, uint32_t left_ms)
{
	struct lisp_itr_installed e = {
		.dev = DEV, .has_iid = true, .iid = IID, .ttl_s = ttl_s,
		.idle_ms = idle_ms, .has_expires = true, .expires_ms = left_ms,
	};
	unsigned int plen;
	struct lisp_addr a = PFX(pfx, &plen);

	e.eid = a.ip[0];
	e.plen = (uint8_t)plen;
	return e;
}

static void refresh_decisions(void)
{
	static const struct {
		uint32_t ttl_s, idle_ms, left_ms;
		bool has_expires;
		enum lisp_itr_refresh_decision want;
		const char *why;
	} c[] = {
		{ 86400, 100, 60001, true, LISP_ITR_REFRESH_NOT_YET,
		  "1 day TTL, 60.001 s left" },
		{ 86400, 100, 60000, true, LISP_ITR_REFRESH_NOW,
		  "1 day TTL, 60 s left, used 0.1 s ago" },
		{ 86400, 59999, 1000, true, LISP_ITR_REFRESH_NOW,
		  "used 59.999 s ago" },
		{ 86400, 60000, 1000, true, LISP_ITR_REFRESH_LET_EXPIRE,
		  "idle for 60 s" },
		{ 60, 0, 6001, true, LISP_ITR_REFRESH_NOT_YET,
		  "1 minute TTL: lead is 10% = 6 s" },
		{ 60, 0, 6000, true, LISP_ITR_REFRESH_NOW,
		  "1 minute TTL, 6 s left" },
		{ 900, 5000, 60001, true, LISP_ITR_REFRESH_NOT_YET,
		  "15 minutes TTL: 10% is 90 s, but the lead is 60 s" },
		{ 900, 5000, 60000, true, LISP_ITR_REFRESH_NOW,
		  "15 minutes TTL, 60 s left" },
		{ 0, 0, 0, false, LISP_ITR_REFRESH_NEVER, "no expiry" },
	};
	struct lisp_itr_installed e;
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		e = INST("[7]10.1.0.0/24", c[i].ttl_s, c[i].idle_ms,
			 c[i].left_ms);
		e.has_expires = c[i].has_expires;
		TAP_OK(lisp_itr_refresh_decide(&e) == c[i].want,
		       "%s: %s", c[i].why,
		       lisp_itr_refresh_str(lisp_itr_refresh_decide(&e)));
	}
}

static void refresh_requests(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_installed e = INST("[7]10.1.0.0/24", 86400, 100,
					   30000);
	struct lisp_itr_installed idle = INST("[7]10.5.0.0/16", 86400, 600000,
					      30000);
	struct lisp_ecm ecm;
	uint64_t now;

	TAP_OK(lisp_itr_refresh(itr, &idle, T0, &pkt) == 0 &&
	       lisp_itr_npending(itr) == 0, "idle entry: no refresh");
	TAP_OK(lisp_itr_refresh(itr, &e, T0, &pkt) == 1 &&
	       decode(&pkt, &ecm, &req) == 0, "entry in use: Map-Request");
	TAP_OK(req.source_eid.ip[0].afi == LISP_AFI_NONE,
	       "refresh: source EID AFI 0 (RFC 9301 5.3)");
	TAP_OK(req.nrec == 1 && req.rec[0].plen == 24 &&
	       req.rec[0].addr.kind == LISP_ADDR_IID &&
	       req.rec[0].addr.iid == IID &&
	       ip_is(&req.rec[0].addr.ip[0], "10.1.0.0"),
	       "for the installed prefix [7]10.1.0.0/24");
	TAP_OK(ip_is(&ecm.inner.dst, "10.1.0.0"), "inner destination 10.1.0.0");
	TAP_OK(lisp_itr_stats(itr)->refreshes == 1 &&
	       lisp_itr_stats(itr)->requests == 1, "counted as a refresh");
	TAP_OK(lisp_itr_refresh(itr, &e, T0 + 2000, &pkt) == 0 &&
	       lisp_itr_stats(itr)->suppressed == 1,
	       "next poll while pending: suppressed");
	memset(&rep, 0, sizeof(rep));
	rep.nonce = req.nonce;
	rep.nrec = 2;
	REC(&rep.rec[0], "[7]10.1.0.0/25", 1440, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	REC(&rep.rec[1], "[7]10.1.0.128/25", 1440, 0);
	LOC(&rep.rec[1], "192.0.2.3", 1, 100, true);
	TAP_OK(answer(itr, T0 + 2500) == 2 && out.map[0].plen == 25 &&
	       ip_is(&out.map[1].eid, "10.1.0.128"),
	       "the site split its prefix: both halves taken for a refresh");
	lisp_itr_free(itr);

	itr = test_itr();
	lisp_itr_refresh(itr, &e, T0, &pkt);
	memset(&rep, 0, sizeof(rep));
	rep.nonce = pkt_nonce(&pkt);
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.0.0.0/8", 1440, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 10) == 1 && out.map[0].plen == 8,
	       "or merged it: the covering prefix is taken");
	lisp_itr_free(itr);

	itr = test_itr();
	lisp_itr_refresh(itr, &e, T0, &pkt);
	for (now = T0; now <= T0 + 15000; now += 1000)
		lisp_itr_tick(itr, now, &tick);
	TAP_OK(tick.nunresolved == 1 && tick.unresolved[0].refresh &&
	       tick.unresolved[0].plen == 24,
	       "an unanswered refresh gives up, marked as a refresh");
	lisp_itr_free(itr);
}

static void smr(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_installed e = INST("[7]10.1.0.77/24", 0, 0, 0);
	struct lisp_ecm ecm;

	e.has_expires = false;	/* not used for SMRs */
	TAP_OK(lisp_itr_smr(itr, &e, NULL, T0, &pkt) == 1 &&
	       decode(&pkt, &ecm, &req) == 0 && ip_is(&pkt.dst, MR0),
	       "SMR: a Map-Request to the Map-Resolver");
	TAP_OK(req.smr_invoked && !req.smr && !req.probe,
	       "s bit (SMR-invoked) set, not S or P");
	TAP_OK(req.source_eid.ip[0].afi == LISP_AFI_NONE &&
	       req.rec[0].plen == 24 && req.rec[0].addr.iid == IID &&
	       ip_is(&req.rec[0].addr.ip[0], "10.1.0.0"),
	       "for the cached prefix [7]10.1.0.0/24, no source EID");
	TAP_OK(lisp_itr_smr(itr, &e, NULL, T0 + 300, &pkt) == 0 &&
	       lisp_itr_stats(itr)->smr_invoked == 1 &&
	       lisp_itr_stats(itr)->suppressed == 1,
	       "a second SMR within the second: suppressed");
	lisp_itr_free(itr);
}

/*
 * Issue 12: the SMR names a host (its source EID) inside a cached site
 * prefix: the host moved out of it.  The SMR-invoked Map-Request asks
 * for the host, so that the answer, the host's own /32 at its new
 * site, goes in as an entry of its own; the SMR itself is no mapping.
 */
static void smr_more_specific(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_installed e = INST("[7]10.1.0.0/16", 0, 0, 0);
	struct lisp_ip host = IP("10.1.0.5"), out_of = IP("10.2.0.5");
	struct lisp_ip host6 = IP("fd00:1::5");
	struct lisp_ecm ecm;

	e.has_expires = false;
	TAP_OK(lisp_itr_smr(itr, &e, &host, T0, &pkt) == 1 &&
	       decode(&pkt, &ecm, &req) == 0 && req.smr_invoked &&
	       req.rec[0].plen == 32 && req.rec[0].addr.iid == IID &&
	       ip_is(&req.rec[0].addr.ip[0], "10.1.0.5"),
	       "an SMR for host 10.1.0.5 under the cached [7]10.1.0.0/16: "
	       "asks for [7]10.1.0.5/32 (/%u)", req.rec[0].plen);
	memset(&rep, 0, sizeof(rep));
	rep.nonce = req.nonce;
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.5/32", 1440, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(answer(itr, T0 + 10) == 1 && out.nmap == 1 &&
	       out.map[0].plen == 32 && ip_is(&out.map[0].eid, "10.1.0.5"),
	       "the answer installs the host's own /32 (/%u)",
	       out.nmap ? out.map[0].plen : 0);
	TAP_OK(lisp_itr_smr(itr, &e, &out_of, T0 + 2000, &pkt) == 1 &&
	       decode(&pkt, &ecm, &req) == 0 && req.rec[0].plen == 16 &&
	       ip_is(&req.rec[0].addr.ip[0], "10.1.0.0"),
	       "an EID outside the entry: the cached prefix is asked for");
	lisp_itr_free(itr);
	itr = test_itr();	/* no request pending for the /16 */
	TAP_OK(lisp_itr_smr(itr, &e, &host6, T0 + 4000, &pkt) == 1 &&
	       decode(&pkt, &ecm, &req) == 0 && req.rec[0].plen == 16,
	       "an EID of another family: the cached prefix too");
	e = INST("[7]10.1.0.5/32", 0, 0, 0);
	TAP_OK(lisp_itr_smr(itr, &e, &host, T0 + 6000, &pkt) == 1 &&
	       decode(&pkt, &ecm, &req) == 0 && req.rec[0].plen == 32,
	       "the host's own entry: asked for as it is");
	lisp_itr_free(itr);
}

/* Our resolver against our Map-Server: the Map-Request is understood. */
static void with_map_server(void)
{
	static const char *const site[] = { "[7]10.1.0.0/24", NULL };
	struct treg r = {
		.nonce = 1, .key = "k", .proxy = true,
		.rec = { { "[7]10.1.0.0/24", { "192.0.2.2" }, 1440 } },
	};
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", true);
	struct lisp_ip etr = IP("192.0.2.2");
	size_t n;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site);
	n = build_register(&r, buf, sizeof(buf));
	TAP_OK(lisp_ms_handle_register(ms, buf, n, &etr, 4342, T0, &ract) == 0,
	       "Map-Server: site registered");
	lisp_itr_miss(itr, &m, T0, &pkt);
	TAP_OK(lisp_ms_handle_ecm(ms, pkt.buf, pkt.len, T0, &qact) == 0 &&
	       qact.has_reply && qact.answer[0] == LISP_MS_ANS_PROXY,
	       "Map-Server takes the ECM, answers by proxy");
	TAP_OK(ip_is(&qact.reply.dst, RLOC4) && qact.reply.dport == 4342,
	       "the Map-Reply goes to our ITR-RLOC, port 4342");
	TAP_OK(lisp_itr_handle_reply(itr, qact.reply.buf, qact.reply.len,
				     T0 + 1, &out) == 1 &&
	       out.map[0].action == LISP_MAP_ENCAP && out.map[0].plen == 24 &&
	       out.map[0].nloc == 1 &&
	       ip_is(&out.map[0].loc[0].addr, "192.0.2.2") &&
	       out.map[0].ttl_s == 86400,
	       "and the resolver installs [7]10.1.0.0/24 -> 192.0.2.2");
	m = MISS("10.0.0.5", "172.16.0.1", true);
	lisp_itr_miss(itr, &m, T0 + 2, &pkt);
	TAP_OK(lisp_ms_handle_ecm(ms, pkt.buf, pkt.len, T0 + 2, &qact) == 0 &&
	       qact.has_reply &&
	       lisp_itr_handle_reply(itr, qact.reply.buf, qact.reply.len,
				     T0 + 3, &out) == 1 &&
	       out.map[0].action == LISP_MAP_FORWARD &&
	       out.map[0].ttl_s == 15 * 60 && out.map[0].nloc == 0,
	       "a non-EID: negative, forward natively for 15 minutes");
	lisp_itr_free(itr);
	lisp_ms_free(ms);
}

int main(void)
{
	nonce_and_eid_matching();
	late_answer();
	positive_record();
	negative_actions();
	ttls();
	refresh_decisions();
	refresh_requests();
	smr();
	smr_more_specific();
	with_map_server();
	return tap_done();
}
