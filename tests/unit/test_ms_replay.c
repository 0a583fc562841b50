// SPDX-License-Identifier: GPL-2.0
/*
 * Replayed Map-Registers (issue 11, item 1).  The outer source of a
 * Map-Register is not covered by its HMAC: Map-Requests are forwarded
 * to a locator the authenticated record names, never to whoever sent a
 * copy of it.  And a copy is refused: per site, the nonce must grow per
 * xTR-ID (I bit), or not be among the last ones (no I bit).
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static uint8_t buf[4096], copy[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;

static const char *const site_a[] = { "10.1.0.0/16+", NULL };

static int send_reg(struct lisp_ms *ms, const uint8_t *pkt, size_t n,
		    const char *src, uint16_t sport, uint64_t now)
{
	struct lisp_ip ip = IP(src);

	return lisp_ms_handle_register(ms, pkt, n, &ip, sport, now, &ract);
}

static size_t ncopy;

/* t built into copy (kept, to be sent again) and sent from src:sport. */
static int send_t(struct lisp_ms *ms, const struct treg *t, const char *src,
		  uint16_t sport, uint64_t now)
{
	ncopy = build_register(t, copy, sizeof(copy));
	return send_reg(ms, copy, ncopy, src, sport, now);
}

/* The last t of send_t sent again, the same bytes. */
static int resend(struct lisp_ms *ms, const char *src, uint16_t sport,
		  uint64_t now)
{
	return send_reg(ms, copy, ncopy, src, sport, now);
}

/* The ECM'd request for eid, at now. */
static int request(struct lisp_ms *ms, const char *eid, uint64_t now)
{
	struct treq q = {
		.nonce = 0x42, .itr_rloc = "203.0.113.7",
		.src_eid = "10.9.0.1", .sport = 52000, .eid = { eid },
	};
	size_t off, len, n = build_request(&q, buf, sizeof(buf), &off, &len);

	return lisp_ms_handle_ecm(ms, buf, n, now, &qact);
}

/* Was the last request forwarded, once, to dst:dport? */
static bool sent_to(const char *dst, uint16_t dport)
{
	return qact.nfwd == 1 && qact.answer[0] == LISP_MS_ANS_FORWARD &&
	       ip_is(&qact.fwd[0].dst, dst) && qact.fwd[0].dport == dport;
}

static void forward_target(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg t = {
		.nonce = 1, .key = "k",
		.rec = { { "10.1.1.0/24", { "192.0.2.1", "192.0.2.3" }, 10 } },
	};
	static const struct {
		const char *pfx, *rloc[2], *src, *eid, *want, *what;
		unsigned int down, afis;
	} c[] = {
		{ "10.1.2.0/24", { "192.0.2.9", "192.0.2.10" }, "192.0.2.9",
		  "10.1.2.5", "192.0.2.10", "the source is a locator, but "
		  "down (R clear): the first reachable one", 1,
		  LISP_MS_AFI_IPV4 | LISP_MS_AFI_IPV6 },
		{ "10.1.3.0/24", { "2001:db8::9", "192.0.2.11" },
		  "198.51.100.1", "10.1.3.5", "192.0.2.11", "no IPv6 "
		  "socket: the first IPv4 locator", 0, LISP_MS_AFI_IPV4 },
	};
	unsigned int i;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	err = send_t(ms, &t, "192.0.2.1", 14342, T0);
	request(ms, "10.1.1.5", T0 + 1);
	TAP_OK(!err && sent_to("192.0.2.1", 14342), "registered from "
	       "192.0.2.1:14342, one of its locators: requests go there, at "
	       "that port");

	/* The same bytes from elsewhere, its nonce moved on (see counter). */
	t.nonce = 11;
	send_t(ms, &t, "203.0.113.66", 5555, T0 + 2);
	request(ms, "10.1.1.5", T0 + 3);
	TAP_OK(qact.nfwd == 1 && !ip_is(&qact.fwd[0].dst, "203.0.113.66"),
	       "a copy sent from 203.0.113.66 does not draw the requests "
	       "(sent to %s)", qact.nfwd ? ipstr(&qact.fwd[0].dst) : "-");
	TAP_OK(sent_to("192.0.2.1", 4342), "they go to the record's first "
	       "locator, 192.0.2.1, at the control port");

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		t.nonce = 2 + i;
		t.down = c[i].down;
		t.rec[0] = (struct treg_rec){ c[i].pfx,
					      { c[i].rloc[0], c[i].rloc[1] },
					      10 };
		ms->reply_afis = c[i].afis;
		send_t(ms, &t, c[i].src, 4342, T0 + 4 + 2 * i);
		request(ms, c[i].eid, T0 + 5 + 2 * i);
		TAP_OK(sent_to(c[i].want, 4342), "%s: %s", c[i].what,
		       c[i].want);
	}

	t.nonce = 4;
	t.down = 0;
	t.rec[0] = (struct treg_rec){ "10.1.4.0/24", { "2001:db8::9" }, 10 };
	send_t(ms, &t, "192.0.2.4", 4342, T0 + 8);
	err = request(ms, "10.1.4.5", T0 + 9);
	TAP_OK(!err && !qact.nfwd && qact.answer[0] == LISP_MS_ANS_DROPPED &&
	       ms->stats.fwd_no_rloc == 1, "no locator it can send to: "
	       "not forwarded (not to the source either), counted");
	lisp_ms_free(ms);
}

static bool registered(struct lisp_ms *ms, const char *pfx)
{
	unsigned int plen;
	struct lisp_addr p = PFX(pfx, &plen);

	return lisp_ms_reg_find(ms, &p, plen);
}

/* lispd's ETRs: the I bit, an xTR-ID and an increasing nonce. */
static void counter(void)
{
	static const char *const site_b[] = { "10.2.0.0/16+", NULL };
	static struct lisp_map_register notify;
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a, *b;
	struct treg t = {
		.nonce = 1000, .key = "k", .xtr_id = true, .xtr = 1,
		.notify = true,
		.rec = { { "10.1.1.0/24", { "192.0.2.1" }, 10 } },
	};
	uint8_t ttl0[4096];
	size_t n0;
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	b = SITE(ms, "b", LISP_ALG_HMAC_SHA1_96, "k", site_b);
	TAP_OK(a->replay == LISP_MS_REPLAY_COUNTER &&
	       !strcmp(lisp_ms_replay_str(a->replay), "counter"),
	       "sites check replays by counter unless told otherwise");
	err = send_t(ms, &t, "192.0.2.1", 14342, T0);
	TAP_OK(!err && ract.has_notify &&
	       !lisp_map_notify_parse(ract.notify.buf, ract.notify.len,
				      &notify) && notify.nonce == 1000,
	       "xTR 1 registers with nonce 1000; the Map-Notify echoes it "
	       "(RFC 9301 5.7)");
	err = resend(ms, "203.0.113.66", 5555, T0 + 1000);
	request(ms, "10.1.1.5", T0 + 1001);
	TAP_OK(err == -LISP_MS_ERR_REPLAYED && !ract.has_notify &&
	       ms->stats.rejected[LISP_MS_REJ_REPLAYED] == 1 &&
	       a->stats.replayed == 1 && ms->stats.registers == 1 &&
	       !strcmp(lisp_ms_reject_str(LISP_MS_REJ_REPLAYED), "replayed"),
	       "the same bytes from 203.0.113.66: refused as replayed, no "
	       "Map-Notify (%s)", lisp_ms_strerror(err));
	TAP_OK(sent_to("192.0.2.1", 14342), "Map-Requests still go to the "
	       "real ETR, at its port");
	err = resend(ms, "192.0.2.1", 14342, T0 + 2000);
	TAP_OK(err == -LISP_MS_ERR_REPLAYED, "from the ETR's own address "
	       "too: the nonce must grow");

	t.nonce = 1001;
	TAP_OK(send_t(ms, &t, "192.0.2.1", 14342, T0 + 3000) == 0,
	       "nonce 1001: accepted");
	t.nonce = 1002;
	t.rec[0].ttl = 0;
	n0 = build_register(&t, ttl0, sizeof(ttl0));
	err = send_reg(ms, ttl0, n0, "192.0.2.1", 14342, T0 + 4000);
	TAP_OK(!err && !registered(ms, "10.1.1.0/24"), "nonce 1002, TTL 0: "
	       "withdrawn");
	t.nonce = 1003;
	t.rec[0].ttl = 10;
	err = send_t(ms, &t, "192.0.2.1", 14342, T0 + 5000);
	TAP_OK(!err && registered(ms, "10.1.1.0/24"), "nonce 1003: "
	       "registered again");
	err = send_reg(ms, ttl0, n0, "203.0.113.66", 5555, T0 + 6000);
	TAP_OK(err == -LISP_MS_ERR_REPLAYED && registered(ms, "10.1.1.0/24") &&
	       ms->stats.deregisters == 1, "the old TTL 0 replayed: refused, "
	       "the registration stays");

	t.xtr = 2;
	t.nonce = 5;
	t.rec[0].rloc[0] = "192.0.2.2";
	TAP_OK(send_t(ms, &t, "192.0.2.2", 4342, T0 + 7000) == 0,
	       "another xTR-ID has a counter of its own (nonce 5)");
	t.xtr = 1;
	t.nonce = 7;
	t.rec[0].pfx = "10.2.1.0/24";
	TAP_OK(send_t(ms, &t, "192.0.2.1", 4342, T0 + 8000) == 0 &&
	       b->stats.registers == 1, "so has the same xTR-ID in another "
	       "site (nonce 7 in site b)");
	t.nonce = 8;
	t.rec[1] = (struct treg_rec){ "10.1.1.0/24", { "192.0.2.1" }, 10 };
	err = send_t(ms, &t, "192.0.2.1", 4342, T0 + 9000);
	TAP_OK(err == -LISP_MS_ERR_REPLAYED && !b->stats.replayed &&
	       a->stats.replayed == 4, "records of two sites: each site's "
	       "counter must be passed (8 is new in b, old in a)");
	lisp_ms_free(ms);
}

/* Map-Registers without the I bit; the other two modes. */
static void window(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a;
	struct treg t = {
		.nonce = 77, .key = "k",
		.rec = { { "10.1.1.0/24", { "192.0.2.1" }, 10 } },
	};
	unsigned int i;
	bool ok = true;
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	err = send_t(ms, &t, "192.0.2.1", 4342, T0);
	TAP_OK(!err && resend(ms, "203.0.113.66", 4342, T0 + 1) ==
	       -LISP_MS_ERR_REPLAYED, "no I bit: the same nonce again is "
	       "refused");
	for (i = 1; i < LISP_MS_NONCE_WINDOW; i++) {
		t.nonce = 1000 + i;
		ok &= !send_t(ms, &t, "192.0.2.1", 4342, T0 + 10 + i);
	}
	t.nonce = 77;
	TAP_OK(ok && send_t(ms, &t, "192.0.2.1", 4342, T0 + 100) ==
	       -LISP_MS_ERR_REPLAYED, "other nonces, in any order, are "
	       "taken; 77 is still among the last %u",
	       LISP_MS_NONCE_WINDOW);
	t.nonce = 2000;
	send_t(ms, &t, "192.0.2.1", 4342, T0 + 101);
	t.nonce = 77;
	TAP_OK(send_t(ms, &t, "192.0.2.1", 4342, T0 + 102) == 0,
	       "one more pushes it out: taken again (the window's limit)");
	t.nonce = 0;
	err = send_t(ms, &t, "192.0.2.1", 4342, T0 + 103);
	TAP_OK(!err && !resend(ms, "192.0.2.1", 4342, T0 + 104),
	       "nonce 0 (RFC 9301: no Map-Notify wanted) is never refused");

	lisp_ms_site_set_replay(a, LISP_MS_REPLAY_REQUIRE_XTR_ID);
	t.nonce = 3000;
	err = send_t(ms, &t, "192.0.2.1", 4342, T0 + 200);
	TAP_OK(err == -LISP_MS_ERR_NO_XTR_ID &&
	       ms->stats.rejected[LISP_MS_REJ_NO_XTR_ID] == 1 &&
	       !strcmp(lisp_ms_reject_str(LISP_MS_REJ_NO_XTR_ID),
		       "no-xtr-id"), "require-xtr-id: without the I bit, "
	       "refused (%s)", lisp_ms_strerror(err));
	t.xtr_id = true;
	TAP_OK(send_t(ms, &t, "192.0.2.1", 4342, T0 + 201) == 0,
	       "with it, taken");

	TAP_OK(lisp_ms_site_set_replay(a, LISP_MS_REPLAY_WINDOW) == 0 &&
	       lisp_ms_site_set_replay(a, LISP_MS_REPLAY_MAX) ==
	       -LISP_ERR_INVALID, "modes: window set, an unknown one "
	       "refused");
	t.nonce = 10;
	err = send_t(ms, &t, "192.0.2.1", 4342, T0 + 300);
	TAP_OK(!err && resend(ms, "192.0.2.1", 4342, T0 + 301) ==
	       -LISP_MS_ERR_REPLAYED, "window: with the I bit a smaller "
	       "nonce is taken (random nonces), the same one is not");
	lisp_ms_free(ms);
}

/* Map-Register t from the xTR-ID 0...0 id (two bytes), into copy. */
static void build_xtr(const struct treg *t, unsigned int id)
{
	size_t n = build_register(t, copy, sizeof(copy));

	/* The xTR-ID is the 16 bytes before the 8 of the site-ID. */
	memset(copy + n - 24, 0, LISP_XTR_ID_LEN);
	copy[n - 10] = (uint8_t)(id >> 8);
	copy[n - 9] = (uint8_t)id;
	lisp_auth_sign(copy, n, t->key, strlen(t->key));
	ncopy = n;
}

/* At most LISP_MS_MAX_SITE_XTRS xTR-IDs a site are remembered. */
static void bound(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a;
	struct treg t = {
		.nonce = 9, .key = "k", .xtr_id = true,
		.rec = { { "10.1.1.0/24", { "192.0.2.1" }, 10 } },
	};
	uint8_t first[4096];
	unsigned int i;
	size_t n1;
	int err = 0;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	build_xtr(&t, 1);
	n1 = ncopy;
	memcpy(first, copy, n1);
	err |= send_reg(ms, first, n1, "192.0.2.1", 4342, T0);
	for (i = 2; i <= LISP_MS_MAX_SITE_XTRS; i++) {
		build_xtr(&t, i);
		err |= resend(ms, "192.0.2.1", 4342, T0 + i);
	}
	TAP_OK(!err && a->rp->nxtr == LISP_MS_MAX_SITE_XTRS &&
	       send_reg(ms, first, n1, "192.0.2.1", 4342, T0 + 1000) ==
	       -LISP_MS_ERR_REPLAYED, "%u xTR-IDs remembered (%d, %u)",
	       LISP_MS_MAX_SITE_XTRS, err, a->rp->nxtr);
	build_xtr(&t, LISP_MS_MAX_SITE_XTRS + 1);
	err = resend(ms, "192.0.2.1", 4342, T0 + 2000);
	TAP_OK(!err && a->rp->nxtr == LISP_MS_MAX_SITE_XTRS &&
	       send_reg(ms, first, n1, "192.0.2.1", 4342, T0 + 3000) == 0,
	       "one more: the one heard from longest ago is forgotten, its "
	       "old Map-Register taken once more");
	lisp_ms_free(ms);
}

int main(void)
{
	forward_target();
	counter();
	window();
	bound();
	return tap_done();
}
