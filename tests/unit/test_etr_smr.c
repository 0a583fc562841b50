// SPDX-License-Identifier: GPL-2.0
/*
 * The ETR's SMRs (issue 12 item 3): the bounded, expiring table of ITRs
 * that asked for a database entry; the SMR itself (RFC 9301 5.2: a
 * Map-Request with S, source EID and record the changed prefix); and
 * at the receiving ITR, that an SMR never installs anything: what it
 * says goes nowhere, only a Map-Request to the Map-Resolver, and only
 * the answer to that request's nonce is taken.
 */
#include "daemon/etr_smr.h"
#include "tap.h"
#include "test_itr.h"

#define T0	9000000

static struct lispd_smr_itrs t;
static struct lisp_map_request m, got;
static struct lisp_itr_pkt pkt;
static struct lisp_itr_reply out;
static struct lisp_map_reply rep;
static uint8_t buf[4096];

static void table(void)
{
	struct lisp_ip a = IP("192.0.2.1"), b;
	char s[64];
	unsigned int i, ev = 0;

	TAP_OK(!lispd_smr_itrs_note(&t, &a, 4342, T0) &&
	       !lispd_smr_itrs_note(&t, &a, 4342, T0 + 5) && t.n == 1 &&
	       t.v[0].last_ms == T0 + 5, "an ITR asking again is one entry, "
	       "refreshed");
	TAP_OK(!lispd_smr_itrs_note(&t, &a, 40000, T0 + 6) && t.n == 2,
	       "the same address at another port is another ITR");
	for (i = 0; i < LISPD_SMR_ITRS_MAX; i++) {
		snprintf(s, sizeof(s), "198.51.100.%u", i + 1);
		b = IP(s);
		ev += (unsigned int)lispd_smr_itrs_note(&t, &b, 4342,
							T0 + 10 + i);
	}
	TAP_OK(t.n == LISPD_SMR_ITRS_MAX && ev == 2,
	       "bounded at %u: the least recent two went (evicted %u)",
	       LISPD_SMR_ITRS_MAX, ev);
	for (i = 0, ev = 0; i < t.n; i++)
		ev += lisp_ip_equal(&t.v[i].rloc, &a) && t.v[i].port == 4342;
	TAP_OK(ev == 0, "192.0.2.1 port 4342, the oldest, is among them no "
	       "more");
	lispd_smr_itrs_expire(&t, T0 + 40 + LISPD_SMR_ITR_AGE_MS);
	TAP_OK(t.n == 1, "a day after, only the last one heard is left (%u)",
	       t.n);
	b = IP("203.0.113.1");
	TAP_OK(lispd_smr_itrs_note(&t, &b, 4342, T0 + 41 +
				   LISPD_SMR_ITR_AGE_MS) == 0 && t.n == 2,
	       "a new one takes a free place, nothing evicted (%u)", t.n);
}

static void message(void)
{
	struct lisp_addr eid;
	struct lisp_ip itr = IP("192.0.2.1");
	unsigned int plen;
	int n;

	eid = PFX("[7]10.5.0.7/32", &plen);
	n = lispd_smr_write(&eid, plen, &itr, 0x1234, &m, buf, sizeof(buf));
	TAP_OK(n > 0 && !lisp_map_request_parse(buf, (size_t)n, &got),
	       "the SMR parses (%d bytes)", n);
	TAP_OK(got.smr && !got.smr_invoked && !got.probe &&
	       !got.map_data_present && got.nonce == 0x1234,
	       "S set, not s nor P, no map data, the nonce given");
	TAP_OK(got.nrec == 1 && got.rec[0].plen == 32 &&
	       got.rec[0].addr.kind == LISP_ADDR_IID &&
	       got.rec[0].addr.iid == 7 &&
	       ip_is(&got.rec[0].addr.ip[0], "10.5.0.7") &&
	       lisp_addr_equal(&got.source_eid, &eid),
	       "record and source EID: the changed prefix [7]10.5.0.7/32");
	TAP_OK(got.nitr == 1 && ip_is(&got.itr_rloc[0].ip[0], "192.0.2.1"),
	       "one ITR-RLOC, the address given");
}

/*
 * A forged SMR (anyone can send one) with a mapping of its own: the
 * resolver gets only the cached entry it names and asks the
 * Map-Resolver; a Map-Reply that answers the SMR's nonce or comes
 * unasked installs nothing.
 */
static void forged(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_installed e = {
		.dev = DEV, .has_iid = true, .iid = IID,
		.eid = IP("10.1.0.0"), .plen = 24, .ttl_s = 86400,
	};
	struct lisp_ecm ecm;
	int n;

	TAP_OK(lisp_itr_smr(itr, &e, NULL, T0, &pkt) == 1 && ip_is(&pkt.dst, MR0) &&
	       !decode(&pkt, &ecm, &got) && got.smr_invoked,
	       "an SMR for a cached entry: a Map-Request to the map-resolver, "
	       "not to the SMR's sender");
	memset(&rep, 0, sizeof(rep));
	rep.nonce = 0x1234;		/* the forged SMR's */
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/24", 1440, 0);
	LOC(&rep.rec[0], "203.0.113.66", 1, 100, true);
	n = lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf, sizeof(buf)),
				  T0 + 10, &out);
	TAP_OK(n < 0 && out.nmap == 0 && lisp_itr_stats(itr)->unknown_nonce == 1,
	       "the forger's Map-Reply (its own nonce) installs nothing");
	rep.nonce = got.nonce;
	n = lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf, sizeof(buf)),
				  T0 + 20, &out);
	TAP_OK(n == 1 && out.nmap == 1, "only the answer to the ITR's own "
	       "request (its nonce, from the mapping system) is taken");
	lisp_itr_free(itr);
}

int main(void)
{
	table();
	message();
	forged();
	return tap_done();
}
