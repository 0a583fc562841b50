// SPDX-License-Identifier: GPL-2.0
/*
 * One site covering another (issue 11, item 4): with accept-more-
 * specifics, site a (10.0.0.0/8) must not register a prefix that covers
 * site b's configured 10.1.0.0/16, or its proxy answers would send b's
 * traffic to a.  RFC 9301 8.2: a Map-Server accepts only what a site is
 * configured for; b's prefix is not a's.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_map_reply reply;

static const char *const site_a[] = { "10.0.0.0/8+", NULL };
static const char *const site_b[] = { "10.1.0.0/16", NULL };

static int reg(struct lisp_ms *ms, const char *key, const char *pfx)
{
	struct treg t = {
		.nonce = 1, .key = key, .proxy = true,
		.rec = { { pfx, { "192.0.2.1" }, 10 } },
	};
	struct lisp_ip ip = IP("192.0.2.1");
	size_t n = build_fresh(&t, buf, sizeof(buf));

	return lisp_ms_handle_register(ms, buf, n, &ip, 4342, T0, &ract);
}

static int request(struct lisp_ms *ms, const char *eid)
{
	struct treq q = {
		.nonce = 0x42, .itr_rloc = "203.0.113.7",
		.src_eid = "10.9.0.1", .sport = 52000, .eid = { eid },
	};
	size_t off, len, n = build_request(&q, buf, sizeof(buf), &off, &len);
	int err = lisp_ms_handle_ecm(ms, buf, n, T0 + 1, &qact);

	if (!err && qact.has_reply)
		err = lisp_map_reply_parse(qact.reply.buf, qact.reply.len,
					   &reply);
	return err;
}

int main(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a, *b;
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "ka", site_a);
	b = SITE(ms, "b", LISP_ALG_HMAC_SHA1_96, "kb", site_b);
	err = reg(ms, "ka", "10.0.0.0/12");
	TAP_OK(err == -LISP_MS_ERR_COVERS &&
	       ms->stats.rejected[LISP_MS_REJ_COVERS] == 1 &&
	       a->stats.prefix_refused == 1,
	       "site a's 10.0.0.0/12 covers site b's 10.1.0.0/16: refused "
	       "(%s)", lisp_ms_strerror(err));
	err = request(ms, "10.0.0.5");
	TAP_OK(!err && qact.has_reply && reply.nrec == 1 &&
	       reply.rec[0].nloc == 0 &&
	       !strcmp(pstr(&reply.rec[0].eid, reply.rec[0].eid_mask_len),
		       "10.0.0.0/16"),
	       "10.0.0.5: a negative clear of b, not a's /12 (%s, %u RLOCs)",
	       pstr(&reply.rec[0].eid, reply.rec[0].eid_mask_len),
	       reply.rec[0].nloc);
	TAP_OK(reg(ms, "ka", "10.0.0.0/16") == 0,
	       "site a's 10.0.0.0/16 (next to b's): accepted");
	TAP_OK(reg(ms, "ka", "10.2.0.0/15") == 0,
	       "site a's 10.2.0.0/15: accepted");
	TAP_OK(reg(ms, "kb", "10.1.0.0/16") == 0 && b->nreg == 1,
	       "site b registers its own prefix");
	TAP_OK(reg(ms, "ka", "10.0.0.0/8") == 0,
	       "site a's configured 10.0.0.0/8 itself: accepted (the LPM "
	       "keeps b's /16 b's)");
	err = request(ms, "10.1.0.5");
	TAP_OK(!err && qact.has_reply && reply.nrec == 1 &&
	       reply.rec[0].eid_mask_len == 16,
	       "10.1.0.5 still answered with b's /16");

	/* A prefix of the same site below does not count. */
	{
		static const char *const site_c[] = { "172.16.0.0/12+",
						      "172.16.5.0/24", NULL };

		SITE(ms, "c", LISP_ALG_HMAC_SHA1_96, "kc", site_c);
		TAP_OK(reg(ms, "kc", "172.16.0.0/16") == 0,
		       "site c's /16 over its own /24: accepted");
	}
	lisp_ms_free(ms);
	return tap_done();
}
