// SPDX-License-Identifier: GPL-2.0
/*
 * Sites with several xTRs (issue 11, item 9): registrations of one
 * prefix by xTRs with different xTR-IDs merge (RFC 9301 8.2): Map-Replies
 * carry the union of their locators, each xTR's part expires on its own
 * and a TTL 0 from one removes its part only.  Map-Registers without an
 * xTR-ID are one more xTR (the null xTR-ID): they replace each other.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_map_reply reply;

static const char *const site_a[] = { "10.1.0.0/16+", NULL };

static int reg(struct lisp_ms *ms, const struct treg *r, const char *src,
	       uint64_t now)
{
	return send_treg(ms, r, false, src, now, &ract);
}

/* The locators of the Map-Reply for eid at now, "a b c", or "-". */
static const char *answer(struct lisp_ms *ms, const char *eid, uint64_t now)
{
	static char out[256];
	struct treq q = {
		.nonce = 0x42, .itr_rloc = "203.0.113.7",
		.src_eid = "10.9.0.1", .sport = 52000, .eid = { eid },
	};
	size_t off, len, n = build_request(&q, buf, sizeof(buf), &off, &len);
	unsigned int i;

	snprintf(out, sizeof(out), "-");
	if (lisp_ms_handle_ecm(ms, buf, n, now, &qact) || !qact.has_reply ||
	    lisp_map_reply_parse(qact.reply.buf, qact.reply.len, &reply) ||
	    reply.nrec != 1 || !reply.rec[0].nloc)
		return out;
	out[0] = 0;
	for (i = 0; i < reply.rec[0].nloc; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
			 i ? " " : "", ipstr(&reply.rec[0].loc[i].addr.ip[0]));
	return out;
}

static void merge(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg x1 = {
		.nonce = 1, .key = "k", .proxy = true, .xtr_id = true,
		.xtr = 1, .rec = { { "10.1.1.0/24", { "192.0.2.1" }, 10 } },
	};
	struct treg x2 = {
		.nonce = 1, .key = "k", .proxy = true, .xtr_id = true,
		.xtr = 2, .rec = { { "10.1.1.0/24",
				     { "192.0.2.2", "192.0.2.1" }, 5 } },
	};
	struct treg nul = {
		.nonce = 1, .key = "k", .proxy = true,
		.rec = { { "10.1.1.0/24", { "192.0.2.3" }, 10 } },
	};
	const char *got;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	err = reg(ms, &x1, "192.0.2.1", T0);
	got = answer(ms, "10.1.1.5", T0 + 1);
	TAP_OK(!err && !strcmp(got, "192.0.2.1"), "xTR 1 registers "
	       "10.1.1.0/24 -> 192.0.2.1 (%s)", got);
	err = reg(ms, &x2, "192.0.2.2", T0 + 10000);
	got = answer(ms, "10.1.1.5", T0 + 10001);
	TAP_OK(!err && !strcmp(got, "192.0.2.1 192.0.2.2"), "xTR 2 "
	       "registers it too: the Map-Reply has both, 192.0.2.1 once "
	       "(%s)", got);
	TAP_OK(reply.rec[0].ttl == 5, "its TTL is the shortest of the two "
	       "(%u)", reply.rec[0].ttl);
	TAP_OK(ms->nreg == 1 && ms->nxreg == 2, "one registered prefix "
	       "(%u), two xTRs' parts (%u)", ms->nreg, ms->nxreg);

	err = reg(ms, &nul, "192.0.2.3", T0 + 20000);
	got = answer(ms, "10.1.1.5", T0 + 20001);
	TAP_OK(!err && !strcmp(got, "192.0.2.1 192.0.2.2 192.0.2.3"),
	       "a Map-Register without xTR-ID adds its locator (%s)", got);
	nul.nonce = 2;
	nul.rec[0].rloc[0] = "192.0.2.4";
	err = reg(ms, &nul, "192.0.2.4", T0 + 30000);
	got = answer(ms, "10.1.1.5", T0 + 30001);
	TAP_OK(!err && !strcmp(got, "192.0.2.1 192.0.2.2 192.0.2.4"),
	       "another one without xTR-ID replaces it (%s)", got);
	nul.nonce = 3;
	nul.rec[0].ttl = 0;
	reg(ms, &nul, "192.0.2.4", T0 + 40000);

	x2.nonce = 2;
	x2.rec[0].ttl = 0;
	err = reg(ms, &x2, "192.0.2.2", T0 + 50000);
	got = answer(ms, "10.1.1.5", T0 + 50001);
	TAP_OK(!err && !strcmp(got, "192.0.2.1"), "TTL 0 from xTR 2 (and "
	       "from the null xTR-ID) removes their parts only (%s)", got);
	TAP_OK(reply.rec[0].ttl == 10, "the TTL is xTR 1's again (%u)",
	       reply.rec[0].ttl);

	x2.nonce = 3;
	x2.rec[0].ttl = 5;
	x2.rec[0].rloc[1] = NULL;
	reg(ms, &x2, "192.0.2.2", T0 + 100000);
	got = answer(ms, "10.1.1.5", T0 + 179999);
	TAP_OK(!strcmp(got, "192.0.2.1 192.0.2.2"), "xTR 2 back: both (%s)",
	       got);
	TAP_OK(lisp_ms_expire(ms, T0 + 180000) == 1 && ms->nreg == 1,
	       "3 minutes after xTR 1's Map-Register its part expires, "
	       "the prefix stays registered");
	got = answer(ms, "10.1.1.5", T0 + 180001);
	TAP_OK(!strcmp(got, "192.0.2.2"), "then only xTR 2's locator (%s)",
	       got);
	got = answer(ms, "10.1.1.5", T0 + 280000);
	TAP_OK(!strcmp(got, "-") && qact.answer[0] ==
	       LISP_MS_ANS_UNREGISTERED && ms->nreg == 0, "xTR 2's expires "
	       "too: unregistered (%s)", got);
	lisp_ms_free(ms);
}

/*
 * Without P the request goes to one of the xTRs, the last refreshed, when
 * it registers the whole set; when the union holds RLOCs it does not,
 * only the Map-Server can give them: it answers itself.
 */
static void forward(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg x1 = {
		.nonce = 1, .key = "k", .xtr_id = true, .xtr = 1,
		.rec = { { "10.1.1.0/24", { "192.0.2.1", "192.0.2.2" }, 10 } },
	};
	struct treg x2 = {
		.nonce = 1, .key = "k", .xtr_id = true, .xtr = 2,
		.rec = { { "10.1.1.0/24", { "192.0.2.2", "192.0.2.1" }, 10 } },
	};
	const char *got;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	reg(ms, &x1, "192.0.2.1", T0);
	reg(ms, &x2, "192.0.2.2", T0 + 1000);
	answer(ms, "10.1.1.5", T0 + 2000);
	TAP_OK(qact.nfwd == 1 && ip_is(&qact.fwd[0].dst, "192.0.2.2"),
	       "no P, same set: forwarded to xTR 2, the last to register");
	x1.nonce = 2;
	reg(ms, &x1, "192.0.2.1", T0 + 3000);
	answer(ms, "10.1.1.5", T0 + 4000);
	TAP_OK(qact.nfwd == 1 && ip_is(&qact.fwd[0].dst, "192.0.2.1"),
	       "xTR 1 refreshes: to xTR 1");
	x2.nonce = 2;
	x2.rec[0].rloc[1] = NULL;
	x1.nonce = 3;
	x1.rec[0].rloc[1] = NULL;
	reg(ms, &x1, "192.0.2.1", T0 + 5000);
	reg(ms, &x2, "192.0.2.2", T0 + 6000);
	got = answer(ms, "10.1.1.5", T0 + 7000);
	TAP_OK(qact.nfwd == 0 && qact.answer[0] == LISP_MS_ANS_PROXY &&
	       !strcmp(got, "192.0.2.1 192.0.2.2"),
	       "each its own RLOC: the Map-Server answers with both (%s)", got);
	lisp_ms_free(ms);
}

/* At most LISP_MS_MAX_REG_XTRS xTRs a prefix: the stalest goes. */
static void bound(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg x = {
		.nonce = 1, .key = "k", .proxy = true, .xtr_id = true,
		.rec = { { "10.1.1.0/24", { NULL }, 10 } },
	};
	char rloc[LISP_MS_MAX_REG_XTRS + 1][32];
	struct lisp_ms_reg *r;
	struct lisp_addr p;
	unsigned int i, plen;
	const char *got;
	int err = 0;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	for (i = 0; i <= LISP_MS_MAX_REG_XTRS; i++) {
		snprintf(rloc[i], sizeof(rloc[i]), "192.0.2.%u", i + 1);
		x.xtr = (uint8_t)(i + 1);
		x.rec[0].rloc[0] = rloc[i];
		err |= reg(ms, &x, rloc[i], T0 + i);
	}
	p = PFX("10.1.1.0/24", &plen);
	r = lisp_ms_reg_find(ms, &p, plen);
	got = answer(ms, "10.1.1.5", T0 + 100);
	TAP_OK(!err && r && r->nxreg == LISP_MS_MAX_REG_XTRS &&
	       ms->nxreg == LISP_MS_MAX_REG_XTRS && r->nloc ==
	       LISP_MS_MAX_REG_XTRS && !strstr(got, "192.0.2.1 "),
	       "%u xTRs register one prefix: %u kept, the first gone (%s)",
	       LISP_MS_MAX_REG_XTRS + 1, LISP_MS_MAX_REG_XTRS, got);
	lisp_ms_free(ms);
}

int main(void)
{
	merge();
	forward();
	bound();
	return tap_done();
}
