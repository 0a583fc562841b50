// SPDX-License-Identifier: GPL-2.0
/*
 * Replayed Map-Registers (issue 11, item 1).  The outer source of a
 * Map-Register is not covered by its HMAC: Map-Requests are forwarded
 * to a locator the authenticated record names, never to whoever sent a
 * copy of it.
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
	size_t n;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	n = build_register(&t, copy, sizeof(copy));
	err = send_reg(ms, copy, n, "192.0.2.1", 14342, T0);
	request(ms, "10.1.1.5", T0 + 1);
	TAP_OK(!err && sent_to("192.0.2.1", 14342), "registered from "
	       "192.0.2.1:14342, one of its locators: requests go there, at "
	       "that port");

	/* The same bytes from elsewhere (accepted: no anti-replay yet). */
	send_reg(ms, copy, n, "203.0.113.66", 5555, T0 + 2);
	request(ms, "10.1.1.5", T0 + 3);
	TAP_OK(qact.nfwd == 1 && !ip_is(&qact.fwd[0].dst, "203.0.113.66"),
	       "a copy sent from 203.0.113.66 does not draw the requests "
	       "(sent to %s)", qact.nfwd ? ipstr(&qact.fwd[0].dst) : "-");
	TAP_OK(sent_to("192.0.2.1", 4342), "they go to the record's first "
	       "locator, 192.0.2.1, at the control port");

	t.nonce = 2;
	t.down = 1;
	t.rec[0] = (struct treg_rec){ "10.1.2.0/24",
				      { "192.0.2.9", "192.0.2.10" }, 10 };
	n = build_register(&t, copy, sizeof(copy));
	send_reg(ms, copy, n, "192.0.2.9", 4342, T0 + 4);
	request(ms, "10.1.2.5", T0 + 5);
	TAP_OK(sent_to("192.0.2.10", 4342), "the source is a locator, but "
	       "down (R clear): the first reachable one, 192.0.2.10");

	t.nonce = 3;
	t.down = 0;
	t.rec[0] = (struct treg_rec){ "10.1.3.0/24",
				      { "2001:db8::9", "192.0.2.11" }, 10 };
	n = build_register(&t, copy, sizeof(copy));
	ms->reply_afis = LISP_MS_AFI_IPV4;
	send_reg(ms, copy, n, "198.51.100.1", 4342, T0 + 6);
	request(ms, "10.1.3.5", T0 + 7);
	TAP_OK(sent_to("192.0.2.11", 4342), "no IPv6 socket: the first "
	       "IPv4 locator, 192.0.2.11");

	t.nonce = 4;
	t.rec[0] = (struct treg_rec){ "10.1.4.0/24", { "2001:db8::9" }, 10 };
	n = build_register(&t, copy, sizeof(copy));
	send_reg(ms, copy, n, "192.0.2.4", 4342, T0 + 8);
	err = request(ms, "10.1.4.5", T0 + 9);
	TAP_OK(!err && !qact.nfwd && qact.answer[0] == LISP_MS_ANS_DROPPED &&
	       ms->stats.fwd_no_rloc == 1, "no locator it can send to: "
	       "not forwarded (not to the source either), counted");
	lisp_ms_free(ms);
}

int main(void)
{
	forward_target();
	return tap_done();
}
