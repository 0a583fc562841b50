// SPDX-License-Identifier: GPL-2.0
/*
 * Reflection and amplification at the Map-Server (issue 11, item 5):
 * a Map-Request naming one EID many times is refused whole, and one
 * with the D bit (RFC 9301 5.2: "the receiver of the Map-Request does
 * not return a Map-Reply") gets no Map-Reply, nor counts one; a reply
 * stays within LISP_MS_REPLY_RATIO times the request's bytes, but for
 * its first record.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_ms_req_action qact;
static struct lisp_map_request m;

static const char *const site_a[] = { "10.1.0.0/16", NULL };

/* A bare Map-Request for n EIDs, eid[i] each, D bit as given. */
static int request(struct lisp_ms *ms, const char *const *eid,
		   unsigned int n, bool dont_reply)
{
	unsigned int i;
	int len;

	memset(&m, 0, sizeof(m));
	m.nonce = 0x42;
	m.source_eid = A("10.9.0.1");
	m.nitr = 1;
	m.itr_rloc[0] = A("203.0.113.7");
	m.dont_reply = dont_reply;
	for (i = 0; i < n; i++) {
		m.rec[i].addr = A(eid[i]);
		m.rec[i].plen = 32;
	}
	m.nrec = n;
	len = lisp_map_request_write(&m, buf, sizeof(buf));
	if (len < 0)
		exit(2);
	return lisp_ms_handle_request(ms, buf, (size_t)len, NULL, T0 + 1,
				      &qact);
}

int main(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	const char *eid[32];
	char name[32][16];
	uint64_t before;
	size_t reqlen;
	struct treg t = {
		.nonce = 1, .key = "k", .proxy = true,
		.rec = { { "10.1.0.0/16", { "192.0.2.1", "192.0.2.2",
					     "192.0.2.3", "192.0.2.4" }, 10 } },
	};
	struct lisp_ip src = IP("192.0.2.1");
	size_t n;
	unsigned int i;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	n = build_register(&t, buf, sizeof(buf));
	TAP_OK(!lisp_ms_handle_register(ms, buf, n, &src, 4342, T0, &ract),
	       "site a registered, proxy-reply");
	for (i = 0; i < 32; i++)
		eid[i] = "10.1.0.5";
	err = request(ms, eid, 32, false);
	TAP_OK(!err && !qact.has_reply && ms->stats.req_duplicate_eid == 1,
	       "32 copies of one EID: no Map-Reply (%zu bytes), counted",
	       qact.has_reply ? qact.reply.len : (size_t)0);
	eid[1] = "10.1.0.6";
	err = request(ms, eid, 2, false);
	TAP_OK(!err && qact.has_reply, "two distinct EIDs: answered");
	before = ms->stats.proxy_replies;
	err = request(ms, eid, 1, true);
	TAP_OK(!err && !qact.has_reply && ms->stats.dont_reply == 1,
	       "D bit: no Map-Reply, counted");
	TAP_OK(ms->stats.proxy_replies == before,
	       "D bit: no proxy reply counted (%llu -> %llu)",
	       (unsigned long long)before,
	       (unsigned long long)ms->stats.proxy_replies);

	/* 32 distinct EIDs, each a 4-locator proxy record. */
	for (i = 0; i < 32; i++) {
		snprintf(name[i], sizeof(name[i]), "10.1.0.%u", i + 1);
		eid[i] = name[i];
	}
	err = request(ms, eid, 32, false);
	reqlen = (size_t)lisp_map_request_write(&m, buf, sizeof(buf));
	TAP_OK(!err && qact.has_reply &&
	       qact.reply.len <= 4 * reqlen,
	       "32 EIDs: reply %zu bytes within 4 x request %zu",
	       qact.has_reply ? qact.reply.len : (size_t)0, reqlen);
	TAP_OK(ms->stats.reply_truncated > 0 &&
	       ms->stats.reply_truncated + qact.reply.len / 64 >= 32,
	       "records left out counted (%llu)",
	       (unsigned long long)ms->stats.reply_truncated);
	ms->reply_ratio = 1;
	err = request(ms, eid, 1, false);
	TAP_OK(!err && qact.has_reply && qact.reply.len > 64,
	       "ratio 1: the first record still goes (%zu bytes)",
	       qact.has_reply ? qact.reply.len : (size_t)0);
	ms->reply_ratio = 0;
	err = request(ms, eid, 32, false);
	TAP_OK(!err && qact.has_reply && qact.reply.len > 1600,
	       "ratio 0: no cap (%zu bytes)",
	       qact.has_reply ? qact.reply.len : (size_t)0);
	lisp_ms_free(ms);
	return tap_done();
}
