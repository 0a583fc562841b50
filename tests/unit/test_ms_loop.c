// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Server forwarding loops (issue 11, item 3): every Map-Request the
 * Map-Server sends on, to an ETR or to a Map-Server, is one hop more
 * (inner TTL less one) and stops at TTL 1; and it is never sent to a
 * known Map-Server (a route's, or lisp_ms_set_no_forward's) nor to one
 * of this node's own addresses, whatever a registration says.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;

static const char *const site_a[] = { "10.1.0.0/16", NULL };

/*
 * An ETR at src registers 10.1.0.0/16 with src as its locator: forwards
 * go to a registered locator only (issue 11, item 1).
 */
static int reg_from(struct lisp_ms *ms, const char *src)
{
	struct treg t = {
		.nonce = 1, .key = "k", .proxy = false,
		.rec = { { "10.1.0.0/16", { src }, 10 } },
	};
	struct lisp_ip ip = IP(src);
	size_t n = build_fresh(&t, buf, sizeof(buf));

	return lisp_ms_handle_register(ms, buf, n, &ip, 4342, T0, &ract);
}

/* The ECM'd request for 10.1.0.5, its inner TTL set to ttl. */
static int request(struct lisp_ms *ms, uint8_t ttl)
{
	struct treq q = {
		.nonce = 0x42, .itr_rloc = "203.0.113.7",
		.src_eid = "10.9.0.1", .sport = 52000, .eid = { "10.1.0.5" },
	};
	size_t off, len, n = build_request(&q, buf, sizeof(buf), &off, &len);

	buf[4 + 8] = ttl;		/* inner IPv4 TTL; checksum redone */
	buf[4 + 10] = buf[4 + 11] = 0;
	return lisp_ms_handle_ecm(ms, buf, n, T0 + 1, &qact);
}

static void ttl_to_etr(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ecm e;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	TAP_OK(reg_from(ms, "192.0.2.1") == 0, "site a registered from "
	       "192.0.2.1, no proxy-reply");
	err = request(ms, 64);
	TAP_OK(!err && qact.nfwd == 1 &&
	       qact.answer[0] == LISP_MS_ANS_FORWARD, "forwarded to the ETR");
	err = lisp_ecm_parse(qact.fwd[0].buf, qact.fwd[0].len, &e);
	TAP_OK(!err && e.inner.ttl == 63,
	       "to the ETR: inner TTL 64 -> 63 (got %u)", e.inner.ttl);
	err = request(ms, 1);
	TAP_OK(!err && qact.nfwd == 0 &&
	       qact.answer[0] == LISP_MS_ANS_DROPPED &&
	       ms->stats.fwd_ttl_expired == 1,
	       "inner TTL 1: not sent to the ETR, counted (nfwd %u, "
	       "fwd_ttl_expired %llu)", qact.nfwd,
	       (unsigned long long)ms->stats.fwd_ttl_expired);
	err = request(ms, 0);
	TAP_OK(!err && qact.nfwd == 0 && ms->stats.fwd_ttl_expired == 2,
	       "inner TTL 0: not sent either");
	lisp_ms_free(ms);
}

/*
 * Two Map-Servers whose registrations point at each other: the ETR
 * address of a registration is a Map-Server this one routes to.
 */
static void to_map_server(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ip ms2 = IP("192.0.2.101");
	struct lisp_addr p;
	unsigned int plen;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	p = PFX("10.2.0.0/16", &plen);
	lisp_ms_route_add(ms, &p, plen, &ms2, 0);
	reg_from(ms, "192.0.2.101");
	err = request(ms, 64);
	TAP_OK(!err && qact.nfwd == 0 &&
	       qact.answer[0] == LISP_MS_ANS_DROPPED &&
	       ms->stats.fwd_loop_refused == 1,
	       "an ETR at a Map-Server's address (a route's): not sent "
	       "(nfwd %u)", qact.nfwd);
	lisp_ms_free(ms);
}

static void to_self(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_endpoint self[2] = { { IP("192.0.2.50"), 4342 },
					    { IP("2001:db8::50"), 4342 } };
	struct lisp_ms_endpoint many[LISP_MS_MAX_NOFWD + 1];
	struct lisp_addr p;
	unsigned int plen;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	memset(many, 0, sizeof(many));
	TAP_OK(lisp_ms_set_no_forward(ms, many, LISP_MS_MAX_NOFWD + 1) ==
	       -LISP_MS_ERR_FULL, "more than %u no-forward addresses: "
	       "refused", LISP_MS_MAX_NOFWD);
	TAP_OK(lisp_ms_set_no_forward(ms, self, 2) == 0,
	       "own addresses 192.0.2.50, 2001:db8::50");
	reg_from(ms, "192.0.2.50");
	err = request(ms, 64);
	TAP_OK(!err && qact.nfwd == 0 && ms->stats.fwd_loop_refused == 1,
	       "an ETR at our own address: not sent");
	reg_from(ms, "192.0.2.1");
	err = request(ms, 64);
	TAP_OK(!err && qact.nfwd == 1, "at another address: sent");
	self[0].port = 14342;
	lisp_ms_set_no_forward(ms, self, 2);
	reg_from(ms, "192.0.2.50");
	err = request(ms, 64);
	TAP_OK(!err && qact.nfwd == 1,
	       "our address but another port (a daemon next to us): sent");
	self[0].port = 4342;
	lisp_ms_set_no_forward(ms, self, 2);
	/* A route to ourselves is a loop too. */
	p = PFX("10.1.0.0/24", &plen);
	lisp_ms_route_add(ms, &p, plen, &self[0].addr, 0);
	request(ms, 64);
	TAP_OK(qact.nfwd == 0 && qact.answer[0] == LISP_MS_ANS_DROPPED &&
	       ms->stats.fwd_loop_refused == 2,
	       "a route to our own address: not sent");
	lisp_ms_free(ms);
}

int main(void)
{
	ttl_to_etr();
	to_map_server();
	to_self();
	return tap_done();
}
