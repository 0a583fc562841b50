// SPDX-License-Identifier: GPL-2.0
/*
 * The ETR's messages (agent/daemon/etr_msg.c), checked by decoding them
 * again with the codec: Map-Register flags, records and HMAC, the
 * Map-Notify check, database matching and the Map-Reply to requests
 * and RLOC-probes.
 */
#include <stdlib.h>
#include <string.h>

#include "daemon/etr_msg.h"
#include "proto/auth.h"
#include "tap.h"

static struct lisp_map_register reg, parsed;
static struct lisp_map_request req;
static struct lisp_map_reply rep, rep_parsed;
static uint8_t buf[65536];

static struct lisp_ip ip(const char *s)
{
	struct lisp_addr a;

	if (lisp_addr_from_str(s, &a))
		abort();
	return a.ip[0];
}

static void entry(struct lispd_db_entry *e, const char *eid, uint8_t plen,
		  bool has_iid, uint32_t iid)
{
	memset(e, 0, sizeof(*e));
	e->cfg.eid = ip(eid);
	e->cfg.plen = plen;
	e->usable = true;
	e->has_iid = has_iid;
	e->iid = iid;
	e->cfg.nloc = 2;
	e->cfg.loc[0].addr = ip("192.0.2.1");
	e->cfg.loc[0].priority = 1;
	e->cfg.loc[0].weight = 60;
	e->cfg.loc[1].addr = ip("2001:db8::1");
	e->cfg.loc[1].priority = 2;
	e->cfg.loc[1].weight = 40;
	e->local[1] = true;
}

static void key(struct lisp_ms_key *k, unsigned int id, unsigned int alg,
		const char *secret)
{
	if (lisp_ms_key_set(k, id, alg, secret, strlen(secret)))
		abort();
}

static void test_record(void)
{
	struct lispd_db_entry e;
	struct lisp_record rec;
	char s[LISP_ADDR_STRLEN];

	entry(&e, "10.1.0.0", 16, true, 7);
	lispd_db_record(&e, LISPD_RECORD_TTL, &rec);
	lisp_prefix_to_str(&rec.eid, rec.eid_mask_len, s, sizeof(s));
	TAP_OK(!strcmp(s, "[7]10.1.0.0/16"), "EID in an Instance-ID LCAF: %s",
	       s);
	TAP_OK(rec.ttl == 1440 && rec.authoritative &&
	       rec.act == LISP_ACT_NO_ACTION && rec.nloc == 2,
	       "TTL 1440, A, no action, two locators");
	TAP_OK(rec.loc[0].priority == 1 && rec.loc[0].weight == 60 &&
	       rec.loc[0].mpriority == 255 && rec.loc[0].reachable &&
	       !rec.loc[0].local && rec.loc[1].local && !rec.loc[1].probed,
	       "priority, weight, R, L on the local RLOC only");
	entry(&e, "10.1.0.0", 16, false, 0);
	lispd_db_record(&e, 0, &rec);
	TAP_OK(rec.eid.kind == LISP_ADDR_IP && rec.ttl == 0,
	       "no instance-id: a plain EID; TTL 0 to withdraw");
	/* Issue 14: other Map-Servers refuse an LCAF of IID 0. */
	entry(&e, "10.1.0.0", 16, true, 0);
	lispd_db_record(&e, LISPD_RECORD_TTL, &rec);
	TAP_OK(rec.eid.kind == LISP_ADDR_IP,
	       "instance-id 0: the plain EID");
	e.iid0_lcaf = true;
	lispd_db_record(&e, LISPD_RECORD_TTL, &rec);
	lisp_prefix_to_str(&rec.eid, rec.eid_mask_len, s, sizeof(s));
	TAP_OK(rec.eid.kind == LISP_ADDR_IID && !strcmp(s, "[0]10.1.0.0/16"),
	       "instance-id 0 with iid0-encoding lcaf: %s", s);
}

static void test_register(void)
{
	struct lispd_xtr_ident id = { .site_id = 0x0102030405060708ull };
	struct lispd_db_entry e;
	struct lisp_ms_key k1, k256, other;
	int n;

	memset(id.xtr_id, 0x5a, sizeof(id.xtr_id));
	key(&k1, 0, LISP_ALG_HMAC_SHA1_96, "secret1");
	key(&k256, 3, LISP_ALG_HMAC_SHA256_128, "secret2");
	key(&other, 0, LISP_ALG_HMAC_SHA1_96, "secret9");
	entry(&e, "10.1.0.0", 16, false, 0);
	memset(&reg, 0, sizeof(reg));
	reg.nrec = 1;
	lispd_db_record(&e, LISPD_RECORD_TTL, &reg.rec[0]);
	n = lispd_map_register_write(&reg, &k1, &id, 0x1122334455667788ull,
				     buf, sizeof(buf));
	TAP_OK(n > 0 && !lisp_map_register_parse(buf, (size_t)n, &parsed),
	       "Map-Register writes and parses back (%d bytes)", n);
	TAP_OK(parsed.type == LISP_MAP_REGISTER && !parsed.proxy_reply &&
	       parsed.want_notify && parsed.nonce == 0x1122334455667788ull,
	       "no proxy-reply, want-map-notify, the nonce");
	TAP_OK(parsed.xtr_id_present && !memcmp(parsed.xtr_id, id.xtr_id,
						sizeof(id.xtr_id)) &&
	       parsed.site_id == 0x0102030405060708ull,
	       "the I bit, the xTR-ID and the site-ID (issue 11: the "
	       "Map-Server's anti-replay counter is per xTR-ID)");
	TAP_OK(parsed.key_id == 0 && parsed.alg_id == LISP_ALG_HMAC_SHA1_96 &&
	       parsed.auth_len == LISP_AUTH_SHA1_LEN,
	       "key-id 0, HMAC-SHA-1, 20 bytes of auth data");
	TAP_OK(parsed.nrec == 1 && lisp_record_equal(&parsed.rec[0],
						     &reg.rec[0]),
	       "the record as given");
	TAP_OK(!lisp_auth_verify(buf, (size_t)n, "secret1", 7) &&
	       lisp_auth_verify(buf, (size_t)n, "secret9", 7),
	       "HMAC verifies with the key, not with another");
	n = lispd_map_register_write(&reg, &k256, &id, 1, buf, sizeof(buf));
	TAP_OK(n > 0 && !lisp_map_register_parse(buf, (size_t)n, &parsed) &&
	       parsed.key_id == 3 &&
	       parsed.alg_id == LISP_ALG_HMAC_SHA256_128 &&
	       parsed.auth_len == LISP_AUTH_SHA256_LEN &&
	       !lisp_auth_verify(buf, (size_t)n, "secret2", 7),
	       "key-id 3, HMAC-SHA-256: 32 bytes, verifies");
	TAP_OK(lispd_map_register_write(&reg, &k1, &id, 1, buf, 20) < 0,
	       "too small a buffer is an error");

	/* The Map-Notify a Map-Server would send back. */
	n = lispd_map_register_write(&reg, &k1, &id, 42, buf, sizeof(buf));
	lisp_map_register_parse(buf, (size_t)n, &parsed);
	parsed.type = LISP_MAP_NOTIFY;
	parsed.proxy_reply = parsed.want_notify = false;
	memset(parsed.auth, 0, sizeof(parsed.auth));
	n = lisp_map_notify_write(&parsed, buf, sizeof(buf));
	TAP_OK(n > 0 && !lisp_auth_sign(buf, (size_t)n, "secret1", 7),
	       "Map-Notify built");
	memset(&parsed, 0, sizeof(parsed));
	TAP_OK(!lispd_map_notify_check(buf, (size_t)n, &k1, &parsed) &&
	       parsed.nonce == 42 && parsed.nrec == 1,
	       "Map-Notify checks with the key; nonce 42 for the caller");
	TAP_OK(lispd_map_notify_check(buf, (size_t)n, &other, &parsed) ==
	       -LISP_ERR_AUTH_FAILED, "another secret: auth failed");
	TAP_OK(lispd_map_notify_check(buf, (size_t)n, &k256, &parsed) ==
	       -LISP_ERR_AUTH_FAILED, "another key-id/algorithm: auth failed");
	TAP_OK(lispd_map_notify_check(buf, (size_t)n - 1, &k1, &parsed) < 0,
	       "truncated: refused");
	n = lispd_map_register_write(&reg, &k1, &id, 42, buf, sizeof(buf));
	TAP_OK(lispd_map_notify_check(buf, (size_t)n, &k1, &parsed) ==
	       -LISP_ERR_BAD_TYPE, "a Map-Register is no Map-Notify");
}

/* The Map-Register's nonce: a counter from the clock (issue 11). */
static void test_nonce(void)
{
	uint64_t t = 1700000000000000ull;	/* microseconds, 2023 */

	TAP_OK(lispd_register_nonce(0, t) == t, "first: the clock (us)");
	TAP_OK(lispd_register_nonce(t, t) == t + 1 &&
	       lispd_register_nonce(t + 5, t + 2) == t + 6,
	       "faster than the clock, or the clock stepped back: one more "
	       "than the last");
	TAP_OK(lispd_register_nonce(t + 6, t + 60000000) == t + 60000000,
	       "a minute later: the clock again");
	TAP_OK(lispd_register_nonce(UINT64_MAX - 1, 5) == UINT64_MAX,
	       "up to the largest value");
}

static struct lisp_prefix query(const char *s)
{
	struct lisp_prefix q;
	unsigned int plen;

	if (lisp_prefix_from_str(s, &q.addr, &plen))
		abort();
	q.plen = (uint8_t)plen;
	return q;
}

static void test_match(void)
{
	struct lispd_db_entry db[4];
	struct lisp_prefix q;

	entry(&db[0], "10.1.0.0", 16, false, 0);
	entry(&db[1], "10.1.1.0", 24, false, 0);
	entry(&db[2], "10.1.0.0", 16, true, 7);
	entry(&db[3], "10.1.1.128", 25, false, 0);
	db[3].usable = false;
	q = query("10.1.1.200/32");
	TAP_OK(lispd_db_match(db, 4, &q) == 1,
	       "longest usable covering entry (unusable /25 skipped)");
	q = query("10.1.2.3/32");
	TAP_OK(lispd_db_match(db, 4, &q) == 0, "the /16 for 10.1.2.3");
	q = query("[0]10.1.2.3/32");
	TAP_OK(lispd_db_match(db, 4, &q) == 0,
	       "IID 0 matches entries without an instance-id");
	q = query("[7]10.1.1.1/32");
	TAP_OK(lispd_db_match(db, 4, &q) == 2, "IID 7 matches only iid 7");
	q = query("[8]10.1.1.1/32");
	TAP_OK(lispd_db_match(db, 4, &q) == -1, "IID 8: none");
	q = query("10.0.0.0/8");
	TAP_OK(lispd_db_match(db, 4, &q) == -1,
	       "a request wider than every entry: none");
	q = query("10.2.0.1/32");
	TAP_OK(lispd_db_match(db, 4, &q) == -1, "outside: none");
	q = query("2001:db8::1/128");
	TAP_OK(lispd_db_match(db, 4, &q) == -1, "other family: none");
}

/* What a Map-Notify acknowledges: either form of instance 0. */
static void test_is_prefix(void)
{
	struct lispd_db_entry e;
	struct lisp_prefix q;

	entry(&e, "10.1.0.0", 16, true, 0);
	q = query("10.1.0.0/16");
	TAP_OK(lispd_db_is_prefix(&e, &q.addr, q.plen),
	       "iid 0 entry: the plain prefix is it");
	q = query("[0]10.1.0.0/16");
	TAP_OK(lispd_db_is_prefix(&e, &q.addr, q.plen),
	       "iid 0 entry: an LCAF of IID 0 is it");
	entry(&e, "10.1.0.0", 16, false, 0);
	TAP_OK(lispd_db_is_prefix(&e, &q.addr, q.plen),
	       "entry without instance-id: an LCAF of IID 0 is it");
	q = query("10.1.0.0/24");
	TAP_OK(!lispd_db_is_prefix(&e, &q.addr, q.plen),
	       "a more specific prefix is not");
	q = query("[7]10.1.0.0/16");
	TAP_OK(!lispd_db_is_prefix(&e, &q.addr, q.plen), "IID 7 is not");
	entry(&e, "10.1.0.0", 16, true, 7);
	TAP_OK(lispd_db_is_prefix(&e, &q.addr, q.plen), "iid 7 entry: IID 7");
	q = query("10.1.0.0/16");
	TAP_OK(!lispd_db_is_prefix(&e, &q.addr, q.plen),
	       "iid 7 entry: not the plain prefix");
}

static void request(const char *itr1, const char *itr2, const char *eid1,
		    const char *eid2)
{
	memset(&req, 0, sizeof(req));
	req.nonce = 0xabcdef0123456789ull;
	lisp_addr_set_none(&req.source_eid);
	lisp_addr_from_str(itr1, &req.itr_rloc[0]);
	req.nitr = 1;
	if (itr2) {
		lisp_addr_from_str(itr2, &req.itr_rloc[1]);
		req.nitr = 2;
	}
	req.rec[0] = query(eid1);
	req.nrec = 1;
	if (eid2) {
		req.rec[1] = query(eid2);
		req.nrec = 2;
	}
}

static void test_reply(void)
{
	unsigned int v4 = LISPD_AFI_BIT(LISP_AFI_IPV4),
		     v6 = LISPD_AFI_BIT(LISP_AFI_IPV6);
	struct lispd_db_entry db[2];
	struct lisp_ip probed;
	const struct lisp_ip *itr;
	int n;

	request("224.0.0.1", "2001:db8::99", "10.1.1.1/32", NULL);
	itr = lispd_itr_rloc_pick(&req, v4 | v6);
	TAP_OK(itr && itr->afi == LISP_AFI_IPV6,
	       "ITR-RLOC: multicast skipped, IPv6 taken");
	TAP_OK(!lispd_itr_rloc_pick(&req, v4), "no IPv6 socket: no ITR-RLOC");
	request("0.0.0.0", "198.51.100.9", "10.1.1.1/32", NULL);
	itr = lispd_itr_rloc_pick(&req, v4);
	TAP_OK(itr && itr->addr[0] == 198, "unspecified skipped");

	entry(&db[0], "10.1.0.0", 16, false, 0);
	entry(&db[1], "10.9.0.0", 16, false, 0);
	request("198.51.100.9", NULL, "10.1.1.1/32", "10.5.0.1/32");
	n = lispd_etr_reply_write(&req, db, 2, NULL, &rep, buf, sizeof(buf));
	TAP_OK(n > 0 && !lisp_map_reply_parse(buf, (size_t)n, &rep_parsed),
	       "Map-Reply writes and parses back");
	TAP_OK(rep_parsed.nonce == req.nonce && !rep_parsed.probe &&
	       rep_parsed.nrec == 1, "the request's nonce; only our EID");
	TAP_OK(rep_parsed.rec[0].authoritative &&
	       rep_parsed.rec[0].ttl == 1440 &&
	       rep_parsed.rec[0].eid_mask_len == 16 &&
	       rep_parsed.rec[0].nloc == 2 &&
	       !rep_parsed.rec[0].loc[0].probed,
	       "authoritative record of the database prefix");
	request("198.51.100.9", NULL, "10.5.0.1/32", NULL);
	TAP_OK(lispd_etr_reply_write(&req, db, 2, NULL, &rep, buf,
				     sizeof(buf)) == 0,
	       "no EID of ours: nothing to send");

	request("198.51.100.9", NULL, "10.9.0.1/32", NULL);
	req.probe = true;
	probed = ip("192.0.2.1");
	n = lispd_etr_reply_write(&req, db, 2, &probed, &rep, buf,
				  sizeof(buf));
	TAP_OK(n > 0 && !lisp_map_reply_parse(buf, (size_t)n, &rep_parsed) &&
	       rep_parsed.probe, "RLOC-probe: P bit in the reply");
	TAP_OK(rep_parsed.rec[0].loc[0].probed &&
	       rep_parsed.rec[0].loc[0].local &&
	       !rep_parsed.rec[0].loc[1].probed,
	       "p and L on the RLOC that was probed only");
}

int main(void)
{
	test_record();
	test_register();
	test_nonce();
	test_match();
	test_is_prefix();
	test_reply();
	return tap_done();
}
