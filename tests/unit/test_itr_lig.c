// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd lig" (agent/itr/lig_fmt.c, request.c): the exact text and JSON
 * it prints for positive and negative answers and timeouts, and the
 * Map-Request it sends (inner source port = its socket's port).
 */
#include "itr/lig_fmt.h"
#include "itr/request.h"
#include "tap.h"
#include "test_itr.h"

static struct lisp_map_reply rep;
static struct lisp_map_request req;
static char out[LIG_OUT_MAX];

static const char positive_text[] =
	"Received map-reply from 192.0.2.2 with rtt 0.00123 secs\n"
	"\n"
	"Mapping entry for EID '10.1.0.1':\n"
	"10.1.0.0/24,  record ttl: 86400s, auth bit: 1, mobile bit: 0\n"
	"  Locator             State   Priority/Weight\n"
	"  192.0.2.2           up            1/100\n"
	"  2001:db8:ffff::1234:5678 down        255/0\n";

static const char positive_json[] =
	"{\"eid\":\"10.1.0.1\",\"map_resolver\":\"192.0.2.10\","
	"\"reply_from\":\"192.0.2.2\",\"rtt\":0.00123,"
	"\"nonce\":\"0x0102030405060708\",\"records\":[{"
	"\"eid_prefix\":\"10.1.0.0/24\",\"ttl_s\":86400,\"authoritative\":true,"
	"\"map_version\":0,\"action\":\"no-action\",\"locators\":["
	"{\"locator\":\"192.0.2.2\",\"state\":\"up\",\"priority\":1,"
	"\"weight\":100,\"mpriority\":255,\"mweight\":0,\"local\":false,"
	"\"probed\":false},"
	"{\"locator\":\"2001:db8:ffff::1234:5678\",\"state\":\"down\","
	"\"priority\":255,\"weight\":0,\"mpriority\":255,\"mweight\":0,"
	"\"local\":false,\"probed\":false}]}]}\n";

static const char negative_text[] =
	"Received map-reply from 192.0.2.10 with rtt 0.25000 secs\n"
	"\n"
	"Mapping entry for EID '[7]10.1.0.1':\n"
	"[7]10.0.0.0/8,  record ttl: 900s, auth bit: 0, mobile bit: 0\n"
	"  Negative cache entry, action: natively-forward\n";

static void positive(void)
{
	struct lig_answer a = {
		.eid = "10.1.0.1", .resolver = MR0, .from = "192.0.2.2",
		.rtt_s = 0.00123, .reply = &rep,
	};
	int n;

	memset(&rep, 0, sizeof(rep));
	rep.nonce = 0x0102030405060708ULL;
	rep.nrec = 1;
	REC(&rep.rec[0], "10.1.0.0/24", 1440, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	LOC(&rep.rec[0], "2001:db8:ffff::1234:5678", 255, 0, false);
	n = lig_fmt_reply(&a, false, out, sizeof(out));
	TAP_OK(n == (int)strlen(positive_text) && !strcmp(out, positive_text),
	       "positive answer, lig's layout");
	if (strcmp(out, positive_text))
		printf("# got:\n%s", out);
	n = lig_fmt_reply(&a, true, out, sizeof(out));
	TAP_OK(n > 0 && !strcmp(out, positive_json), "positive answer, JSON");
	if (strcmp(out, positive_json))
		printf("# got: %s", out);
	TAP_OK(lig_fmt_reply(&a, false, out, 100) == -LISP_ERR_NO_SPACE,
	       "a buffer too small is refused");
}

static void negative(void)
{
	struct lig_answer a = {
		.eid = "[7]10.1.0.1", .resolver = MR0, .from = MR0,
		.rtt_s = 0.25, .reply = &rep,
	};

	memset(&rep, 0, sizeof(rep));
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.0.0.0/8", 15, LISP_ACT_NATIVELY_FORWARD);
	rep.rec[0].authoritative = false;
	TAP_OK(lig_fmt_reply(&a, false, out, sizeof(out)) > 0 &&
	       !strcmp(out, negative_text), "negative answer: its action");
	if (strcmp(out, negative_text))
		printf("# got:\n%s", out);
	TAP_OK(lig_fmt_reply(&a, true, out, sizeof(out)) > 0 &&
	       strstr(out, "\"eid_prefix\":\"[7]10.0.0.0/8\",\"ttl_s\":900,"
		      "\"authoritative\":false,\"map_version\":0,"
		      "\"action\":\"natively-forward\",\"locators\":[]"),
	       "negative answer, JSON: action, no locators");
}

static void others(void)
{
	TAP_OK(lig_fmt_send(MR0, "10.1.0.1", out, sizeof(out)) > 0 &&
	       !strcmp(out, "Send map-request to 192.0.2.10 for 10.1.0.1 "
		       "...\n"),
	       "the send line");
	TAP_OK(lig_fmt_timeout(MR0, "10.1.0.1", 3, false, out,
			       sizeof(out)) > 0 &&
	       !strcmp(out, "*** No map-reply received from 192.0.2.10 for "
		       "10.1.0.1 after 3 map-requests ***\n"), "timeout text");
	TAP_OK(lig_fmt_timeout(MR0, "10.1.0.1", 1, true, out,
			       sizeof(out)) > 0 &&
	       !strcmp(out, "{\"eid\":\"10.1.0.1\",\"map_resolver\":"
		       "\"192.0.2.10\",\"error\":\"no map-reply\","
		       "\"tries\":1}\n"), "timeout JSON");
	TAP_OK(lig_fmt_timeout("a\"b", "\x01", 1, true, out, sizeof(out)) > 0 &&
	       strstr(out, "\"a\\\"b\"") && strstr(out, "\"\\u0001\""),
	       "JSON strings are escaped");
}

/* What lig sends: its port as the inner source port, one ITR-RLOC. */
static void lig_request(void)
{
	struct lisp_itr_req r = {
		.nonce = 0xabcdef, .has_iid = true, .iid = 99,
		.eid = IP("2001:db8:b::1"), .plen = 128, .nrloc = 1,
		.rloc = { IP("192.0.2.1") }, .sport = 40001,
	};
	uint8_t pkt[1024];
	struct lisp_ecm e;
	int n = lisp_itr_request_write(&r, pkt, sizeof(pkt));

	TAP_OK(n > 0 && !lisp_ecm_parse(pkt, (size_t)n, &e) &&
	       !lisp_map_request_parse(e.msg, e.msg_len, &req),
	       "lig's Map-Request decodes");
	TAP_OK(e.inner.sport == 40001 && e.inner.dport == 4342 &&
	       ip_is(&e.inner.src, "::") &&
	       ip_is(&e.inner.dst, "2001:db8:b::1"),
	       "IPv6 EID, IPv4 RLOC: inner [::]:40001 -> EID:4342");
	TAP_OK(req.nonce == 0xabcdef && req.nitr == 1 &&
	       ip_is(&req.itr_rloc[0].ip[0], "192.0.2.1") &&
	       req.rec[0].addr.kind == LISP_ADDR_IID &&
	       req.rec[0].addr.iid == 99 && req.rec[0].plen == 128,
	       "nonce, ITR-RLOC, [99]EID/128");
	TAP_OK(lisp_itr_request_write(&r, pkt, 60) == -LISP_ERR_NO_SPACE,
	       "a short buffer is refused");
	r.plen = 129;
	TAP_OK(lisp_itr_request_write(&r, pkt, sizeof(pkt)) < 0,
	       "a mask length past the address is refused");
	r.plen = 128;
	r.nrloc = 0;
	TAP_OK(lisp_itr_request_write(&r, pkt, sizeof(pkt)) ==
	       -LISP_ERR_NO_ITR_RLOC, "no ITR-RLOC is refused");
}

int main(void)
{
	positive();
	negative();
	others();
	lig_request();
	return tap_done();
}
