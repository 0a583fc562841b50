// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Server logic (agent/ms/): site configuration, Map-Register
 * acceptance and rejection by reason, Map-Notify, expiry, the log-once
 * table and the listings.  Map-Requests are in test_ms_request.c,
 * negative prefixes in detail in test_ms_hole.c, the OOR capture in
 * test_ms_vectors.c, mutated messages in test_ms_fuzz.c.
 */
#include "ms_test.h"
#include "tap.h"

#define T0	1000000		/* now_ms of the first message */

static uint8_t buf[4096];
static struct lisp_ms_reg_action ract;
static struct lisp_map_register notify;
static struct lisp_record rec;

static const char *const site_a[] = { "198.51.100.0/25", "10.0.0.0/8+",
				      "2001:db8:1::/64+", NULL };
static const char *const site_b[] = { "198.51.100.128/25", NULL };

static int reg(struct lisp_ms *ms, const struct treg *r, const char *src,
	       uint64_t now)
{
	return send_treg(ms, r, true, src, now, &ract);
}

static void config(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_key k = KEY(LISP_ALG_HMAC_SHA1_96, "x");
	struct lisp_ms_site *s = NULL, *s2 = NULL;
	struct lisp_addr a;
	unsigned int plen, i;
	int err = 0;
	char name[32];

	TAP_OK(ms && ms->register_period_ms == 60000, "new Map-Server, "
	       "register period 60 s");
	TAP_OK(lisp_ms_key_set(&k, 0, LISP_ALG_NONE, "x", 1) ==
	       -LISP_ERR_BAD_ALG && lisp_ms_key_set(&k, 0, 1, "x", 0) ==
	       -LISP_ERR_INVALID && lisp_ms_key_set(&k, 0, 1, buf, 65) ==
	       -LISP_ERR_INVALID, "keys: no algorithm 'none', no empty or "
	       "oversized key");
	k = KEY(LISP_ALG_HMAC_SHA1_96, "x");
	TAP_OK(lisp_ms_site_add(ms, "s", &k, &s) == 0 &&
	       lisp_ms_site_add(ms, "s", &k, NULL) == -LISP_MS_ERR_EXISTS &&
	       lisp_ms_site_add(ms, "", &k, NULL) == -LISP_ERR_INVALID &&
	       lisp_ms_site_find(ms, "s") == s && !lisp_ms_site_find(ms, "t"),
	       "sites: add, duplicate name refused, find");
	a = PFX("10.0.0.0/8", &plen);
	TAP_OK(lisp_ms_site_add_prefix(ms, s, &a, plen, false) == 0 &&
	       lisp_ms_site_add(ms, "t", &k, &s2) == 0 &&
	       lisp_ms_site_add_prefix(ms, s2, &a, plen, false) ==
	       -LISP_MS_ERR_EXISTS, "a prefix has one owner");
	a = PFX("[5]10.0.0.0/8", &plen);
	TAP_OK(lisp_ms_site_add_prefix(ms, s2, &a, plen, false) == 0,
	       "the same prefix in another instance-id is another prefix");
	a = PFX("10.0.0.0/8", &plen);
	TAP_OK(lisp_ms_site_add_prefix(ms, s, &a, 33, false) ==
	       -LISP_ERR_BAD_MASK_LEN, "mask-len past the address refused");
	k.key_id = 1;
	TAP_OK(lisp_ms_site_add_key(ms, s, &k) == 0 &&
	       lisp_ms_site_add_key(ms, s, &k) == -LISP_MS_ERR_EXISTS &&
	       s->nkeys == 2, "a second key-id for roll-over");
	for (i = 0; i < LISP_MS_MAX_SITE_PREFIXES + 1 && !err; i++) {
		lisp_addr_set_ipv4(&a, (uint8_t[]){ 20, (uint8_t)(i >> 8),
						    (uint8_t)i, 0 });
		err = lisp_ms_site_add_prefix(ms, s2, &a, 24, false);
	}
	TAP_OK(err == -LISP_MS_ERR_FULL && s2->nprefix ==
	       LISP_MS_MAX_SITE_PREFIXES, "per-site prefix bound %u holds",
	       LISP_MS_MAX_SITE_PREFIXES);
	err = 0;
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "site-%u", i);
		err |= lisp_ms_site_add(ms, name, &k, NULL);
	}
	TAP_OK(!err && ms->nsites == 102 && lisp_ms_site_find(ms, "site-57"),
	       "100 more sites");
	lisp_ms_free(ms);
}

static void registers(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a, *b, *c;
	struct lisp_ms_reg *r;
	struct lisp_addr p;
	unsigned int plen;
	struct treg t = {
		.nonce = 7, .key = "secret-a", .notify = true,
		.rec = { { "198.51.100.0/25", { "192.0.2.1", "2001:db8::1" },
			   10 } },
	};
	static const char *const site_c[] = { "203.0.113.0/24", NULL };
	static const char *const site_d[] = { "203.0.114.0/24", NULL };
	int err;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "secret-a", site_a);
	b = SITE(ms, "b", LISP_ALG_HMAC_SHA256_128, "secret-b", site_b);
	c = SITE(ms, "c", LISP_ALG_HMAC_SHA1_96, "secret-a", site_c);
	SITE(ms, "d", LISP_ALG_HMAC_SHA1_96, "secret-d", site_d);

	err = reg(ms, &t, "192.0.2.1", T0);
	p = PFX("198.51.100.0/25", &plen);
	r = lisp_ms_reg_find(ms, &p, plen);
	TAP_OK(err == 0 && ract.site == a && ract.nrec == 1 && r &&
	       r->site == a && r->nloc == 2 && r->ttl == 10 &&
	       ip_is(&r->etr, "192.0.2.1") && r->etr_port == 4342 &&
	       !r->proxy_reply && r->want_notify && r->first_ms == T0 &&
	       r->expires_ms == T0 + 180000 && a->nreg == 1 &&
	       ms->stats.registers == 1, "HMAC-SHA-1-96 Map-Register "
	       "accepted and stored (%s)", lisp_ms_strerror(err));

	t.key = "secret-b";
	t.alg = LISP_ALG_HMAC_SHA256_128;
	t.proxy = true;
	t.xtr_id = true;
	t.rec[0].pfx = "198.51.100.128/25";
	err = reg(ms, &t, "192.0.2.2", T0);
	p = PFX("198.51.100.128/25", &plen);
	r = lisp_ms_reg_find(ms, &p, plen);
	TAP_OK(err == 0 && ract.site == b && r && r->site == b &&
	       r->proxy_reply && r->nxreg == 1 && r->xregs->xtr_id_present &&
	       r->xregs->site_id == 42 && r->xregs->xtr_id[0] == 0xab,
	       "HMAC-SHA-256-128 Map-Register accepted, P and xTR-ID kept "
	       "(%s)", lisp_ms_strerror(err));

	t.key = "secret-x";
	err = reg(ms, &t, "192.0.2.9", T0);
	TAP_OK(err == -LISP_MS_ERR_AUTH && !ract.site && !ract.has_notify &&
	       ms->stats.rejected[LISP_MS_REJ_AUTH] == 1 &&
	       b->stats.auth_failures == 1, "wrong key: rejected, counted as "
	       "%s", lisp_ms_reject_str(LISP_MS_REJ_AUTH));
	TAP_OK(ract.auth_site == b && ract.auth_key_id == 0 &&
	       ract.auth_alg_id == LISP_ALG_HMAC_SHA256_128,
	       "wrong key: the refusing site and the key received reported");
	t.key = "secret-b";
	t.alg = LISP_ALG_HMAC_SHA1_96;
	err = reg(ms, &t, "192.0.2.9", T0);
	TAP_OK(err == -LISP_MS_ERR_AUTH &&
	       ms->stats.rejected[LISP_MS_REJ_AUTH] == 2 &&
	       ract.auth_site == b &&
	       ract.auth_alg_id == LISP_ALG_HMAC_SHA1_96,
	       "right key, algorithm the site does not use: rejected");
	t.alg = LISP_ALG_HMAC_SHA256_128;
	t.key_id = 3;
	err = reg(ms, &t, "192.0.2.9", T0);
	TAP_OK(err == -LISP_MS_ERR_AUTH && ract.auth_site == b &&
	       ract.auth_key_id == 3, "unknown key-id: rejected");
	t.key_id = 0;

	t.key = "secret-a";
	t.alg = 0;
	t.rec[0].pfx = "192.0.2.0/24";
	err = reg(ms, &t, "192.0.2.9", T0);
	TAP_OK(err == -LISP_MS_ERR_UNKNOWN_SITE &&
	       ms->stats.rejected[LISP_MS_REJ_UNKNOWN_SITE] == 1,
	       "prefix of no site: rejected as %s",
	       lisp_ms_reject_str(LISP_MS_REJ_UNKNOWN_SITE));
	t.rec[0].pfx = "198.51.100.0/24";
	err = reg(ms, &t, "192.0.2.9", T0);
	TAP_OK(err == -LISP_MS_ERR_UNKNOWN_SITE, "prefix covering the site's "
	       "(less specific): rejected");
	t.rec[0].pfx = "198.51.100.128/26";
	err = reg(ms, &t, "192.0.2.9", T0);
	TAP_OK(err == -LISP_MS_ERR_PREFIX && b->stats.prefix_refused == 1,
	       "another site's prefix, more specific, no accept-more-"
	       "specifics: rejected as %s",
	       lisp_ms_reject_str(LISP_MS_REJ_PREFIX));
	t.rec[0].pfx = "198.51.100.0/26";
	err = reg(ms, &t, "192.0.2.9", T0);
	TAP_OK(err == -LISP_MS_ERR_PREFIX &&
	       ms->stats.rejected[LISP_MS_REJ_PREFIX] == 2,
	       "more specific of the site's own prefix without "
	       "accept-more-specifics: rejected");
	t.rec[0].pfx = "10.1.2.0/24";
	err = reg(ms, &t, "192.0.2.9", T0);
	p = PFX("10.1.2.0/24", &plen);
	TAP_OK(err == 0 && lisp_ms_reg_find(ms, &p, plen) &&
	       lisp_ms_reg_find(ms, &p, plen)->eid->pfx.plen == 8,
	       "more specific with accept-more-specifics: accepted");
	t.rec[0].pfx = "2001:db8:1:0:8000::/65";
	TAP_OK(reg(ms, &t, "192.0.2.9", T0) == 0, "IPv6 more specific "
	       "accepted");

	t.rec[0].pfx = "198.51.100.0/25";
	t.rec[1] = (struct treg_rec){ "203.0.114.0/24", { "192.0.2.1" }, 10 };
	err = reg(ms, &t, "192.0.2.1", T0);
	TAP_OK(err == -LISP_MS_ERR_MIXED_SITES &&
	       ms->stats.rejected[LISP_MS_REJ_MIXED_SITES] == 1,
	       "records of two sites with different keys: rejected");
	t.rec[1].pfx = "203.0.113.0/24";
	err = reg(ms, &t, "192.0.2.1", T0);
	p = PFX("203.0.113.0/24", &plen);
	TAP_OK(err == 0 && ract.nrec == 2 && c->nreg == 1 &&
	       lisp_ms_reg_find(ms, &p, plen)->site == c,
	       "records of two sites sharing one key: accepted, each to its "
	       "site");
	t.rec[1].pfx = NULL;

	buf[0] = 0x30;
	{
		struct lisp_ip ip = IP("192.0.2.1");

		err = lisp_ms_handle_register(ms, buf, 10, &ip, 4342, T0,
					      &ract);
	}
	TAP_OK(err == -LISP_MS_ERR_MALFORMED && ract.codec_err ==
	       -LISP_ERR_TRUNCATED && ms->stats.rejected[LISP_MS_REJ_MALFORMED]
	       == 1, "truncated Map-Register: %s (%s)", lisp_ms_strerror(err),
	       lisp_strerror(ract.codec_err));
	TAP_OK(lisp_ms_err_reason(-LISP_MS_ERR_AUTH) == LISP_MS_REJ_AUTH &&
	       lisp_ms_err_reason(-LISP_ERR_TRUNCATED) == -1 &&
	       !strcmp(lisp_ms_strerror(-LISP_ERR_TRUNCATED),
		       "message truncated"), "error names and reasons");

	t.rec[0] = (struct treg_rec){ "10.1.2.0/24", { "192.0.2.1" }, 0 };
	p = PFX("10.1.2.0/24", &plen);
	err = reg(ms, &t, "192.0.2.1", T0);
	TAP_OK(err == 0 && !lisp_ms_reg_find(ms, &p, plen) &&
	       ms->stats.deregisters == 1, "record TTL 0 withdraws the "
	       "registration");
	lisp_ms_free(ms);
}

static void notifies(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg t = {
		.nonce = 0x1122334455667788ULL, .key = "k-256", .notify = true,
		.alg = LISP_ALG_HMAC_SHA256_128, .xtr_id = true,
		.rec = { { "198.51.100.0/25", { "192.0.2.1", "192.0.2.11" },
			   5 } },
	};
	struct lisp_ip src = IP("192.0.2.1");
	unsigned int i;
	bool same = true;
	size_t n;
	int err;

	SITE(ms, "a", LISP_ALG_HMAC_SHA256_128, "k-256", site_a);
	n = build_register(&t, buf, sizeof(buf));
	lisp_map_register_parse(buf, n, &notify);
	rec = notify.rec[0];
	err = lisp_ms_handle_register(ms, buf, n, &src, 61000, T0, &ract);
	TAP_OK(err == 0 && ract.has_notify && ip_is(&ract.notify.dst,
	       "192.0.2.1") && ract.notify.dport == 61000 &&
	       ract.notify.sport == 4342, "M set: a Map-Notify back to "
	       "192.0.2.1:61000 from port 4342");
	err = lisp_map_notify_parse(ract.notify.buf, ract.notify.len, &notify);
	for (i = 0; !err && i < rec.nloc; i++) {
		same &= !notify.rec[0].loc[i].local;
		rec.loc[i].local = false;
	}
	TAP_OK(!err && notify.type == LISP_MAP_NOTIFY &&
	       notify.nonce == t.nonce && notify.key_id == 0 &&
	       notify.alg_id == LISP_ALG_HMAC_SHA256_128 &&
	       notify.auth_len == 32 && notify.nrec == 1 &&
	       notify.xtr_id_present && notify.site_id == 42 && same &&
	       lisp_record_equal(&notify.rec[0], &rec),
	       "it decodes: type 4, same nonce, key-id, algorithm, xTR-ID and "
	       "record (L cleared)");
	TAP_OK(lisp_auth_verify(ract.notify.buf, ract.notify.len, "k-256", 5)
	       == 0 && lisp_auth_verify(ract.notify.buf, ract.notify.len,
					"k-257", 5) == -LISP_ERR_AUTH_FAILED,
	       "its HMAC verifies with the site's key only");
	TAP_OK(ms->stats.notifies == 1, "counted");
	t.notify = false;
	t.nonce++;		/* a new Map-Register, not a replay */
	n = build_register(&t, buf, sizeof(buf));
	err = lisp_ms_handle_register(ms, buf, n, &src, 4342, T0, &ract);
	TAP_OK(err == 0 && !ract.has_notify, "M clear: no Map-Notify");
	lisp_ms_free(ms);
}

static void expiry(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct treg t = {
		.nonce = 1, .key = "k",
		.rec = { { "198.51.100.0/25", { "192.0.2.1" }, 10 } },
	};
	struct treg t2 = {
		.nonce = 2, .key = "k",
		.rec = { { "10.9.0.0/16", { "192.0.2.1" }, 10 } },
	};
	struct lisp_addr p, e = A("198.51.100.1");
	struct lisp_ms_match m;
	unsigned int plen;

	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	p = PFX("198.51.100.0/25", &plen);
	reg(ms, &t, "192.0.2.1", T0);
	reg(ms, &t2, "192.0.2.1", T0 + 1000);
	TAP_OK(lisp_ms_expire(ms, T0 + 179999) == 0 &&
	       lisp_ms_reg_find(ms, &p, plen), "still registered just before "
	       "3 periods");
	TAP_OK(lisp_ms_expire(ms, T0 + 180000) == 1 &&
	       !lisp_ms_reg_find(ms, &p, plen) && ms->nreg == 1,
	       "expired after 3 register periods (180 s)");
	reg(ms, &t, "192.0.2.1", T0 + 200000);
	reg(ms, &t, "192.0.2.1", T0 + 300000);
	TAP_OK(lisp_ms_reg_find(ms, &p, plen)->first_ms == T0 + 200000 &&
	       lisp_ms_reg_find(ms, &p, plen)->last_ms == T0 + 300000,
	       "a refresh keeps the first time, moves the last");
	TAP_OK(lisp_ms_expire(ms, T0 + 200000 + 180000) == 1 &&
	       lisp_ms_reg_find(ms, &p, plen) && ms->nreg == 1,
	       "the refresh extended it (the other one, never refreshed, "
	       "went)");
	lisp_ms_match(ms, &e, 32, T0 + 300000 + 179999, &m);
	TAP_OK(m.answer == LISP_MS_ANS_FORWARD, "a request before expiry is "
	       "forwarded");
	lisp_ms_match(ms, &e, 32, T0 + 300000 + 180000, &m);
	TAP_OK(m.answer == LISP_MS_ANS_UNREGISTERED && m.neg_plen == 25 &&
	       !lisp_ms_reg_find(ms, &p, plen) && ms->stats.expired == 3,
	       "a request at expiry finds it gone (removed on the way); "
	       "expired: %llu", (unsigned long long)ms->stats.expired);
	ms->register_period_ms = 10000;
	reg(ms, &t, "192.0.2.1", T0 + 500000);
	TAP_OK(lisp_ms_reg_find(ms, &p, plen)->expires_ms == T0 + 530000 &&
	       lisp_ms_expire(ms, T0 + 530000) == 1, "configured period 10 s: "
	       "expires after 30 s");
	lisp_ms_free(ms);
}

static void reported(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ip a = IP("192.0.2.1"), b = IP("2001:db8::1"), c;
	unsigned int i;
	bool again = false;

	TAP_OK(!lisp_ms_reported(ms, &a, LISP_MS_REJ_AUTH, 10) &&
	       lisp_ms_reported(ms, &a, LISP_MS_REJ_AUTH, 20) &&
	       !lisp_ms_reported(ms, &a, LISP_MS_REJ_PREFIX, 30) &&
	       !lisp_ms_reported(ms, &b, LISP_MS_REJ_AUTH, 40) &&
	       lisp_ms_reported(ms, &b, LISP_MS_REJ_AUTH, 50),
	       "log once per (source, reason)");
	TAP_OK(!lisp_ms_reported(ms, &a, LISP_MS_REJ_AUTH,
				 10 + LISP_MS_REPORT_FORGET_MS) &&
	       lisp_ms_reported(ms, &a, LISP_MS_REJ_AUTH,
				 11 + LISP_MS_REPORT_FORGET_MS),
	       "reported again an hour later, then quiet again");
	for (i = 0; i < 2 * LISP_MS_REPORTED_MAX; i++) {
		c = IP("198.51.100.0");
		c.addr[3] = (uint8_t)i;
		/* At most LISP_MS_REPORT_BURST new ones a window. */
		again |= lisp_ms_reported(ms, &c, 0, 100 +
			(uint64_t)(i / LISP_MS_REPORT_BURST + 1) *
			LISP_MS_REPORT_WINDOW_MS);
	}
	TAP_OK(!again && !lisp_ms_reported(ms, &b, LISP_MS_REJ_AUTH, 100 +
			(uint64_t)(i / LISP_MS_REPORT_BURST + 2) *
			LISP_MS_REPORT_WINDOW_MS),
	       "bounded: %u new sources push the oldest out",
	       2 * LISP_MS_REPORTED_MAX);
	lisp_ms_free(ms);
}

static int count_site(const struct lisp_ms_site *s, void *arg)
{
	(void)s;
	++*(unsigned int *)arg;
	return 0;
}

static int count_eid(const struct lisp_ms_eid *e, void *arg)
{
	*(unsigned int *)arg += e->accept_more_specifics ? 100 : 1;
	return 0;
}

static int count_reg(const struct lisp_ms_reg *r, void *arg)
{
	char line[512];

	if (lisp_ms_reg_to_str(r, T0 + 5000, line, sizeof(line)) > 0)
		printf("# %s\n", line);
	++*(unsigned int *)arg;
	return 0;
}

static int stop_at_2(const struct lisp_ms_reg *r, void *arg)
{
	(void)r;
	return ++*(unsigned int *)arg == 2 ? 7 : 0;
}

static void listings(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_site *a, *b;
	struct treg t = {
		.nonce = 1, .key = "k",
		.rec = { { "198.51.100.0/25", { "192.0.2.1", "192.0.2.5" },
			   10 },
			 { "10.1.0.0/16", { "192.0.2.1" }, 10 },
			 { "10.2.0.0/16", { "192.0.2.1" }, 10 } },
	};
	unsigned int n = 0, nb = 0, plen;
	struct lisp_addr p;
	char line[512];
	int len;

	a = SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k", site_a);
	b = SITE(ms, "b", LISP_ALG_HMAC_SHA1_96, "kb", site_b);
	reg(ms, &t, "192.0.2.1", T0);
	lisp_ms_show_sites(ms, count_site, &n);
	TAP_OK(n == 2, "show sites: 2");
	n = 0;
	lisp_ms_show_prefixes(a, count_eid, &n);
	TAP_OK(n == 201, "show prefixes of a: 3, two accept more specifics");
	n = 0;
	lisp_ms_show_registrations(ms, NULL, count_reg, &n);
	lisp_ms_show_registrations(ms, b, count_reg, &nb);
	TAP_OK(n == 3 && nb == 0, "show registrations: 3 in all, none of b");
	n = 0;
	TAP_OK(lisp_ms_show_registrations(ms, NULL, stop_at_2, &n) == 7 &&
	       n == 2, "a callback's non-zero return stops the walk");
	len = lisp_ms_site_to_str(a, T0 + 3000, line, sizeof(line));
	printf("# %s\n", line);
	TAP_OK(len > 0 && strstr(line, "a prefixes 3 registered 3/4096 "
				 "last-register 3s registers 1 records 3"),
	       "site line with counters, registered / max-registrations");
	TAP_OK(lisp_ms_site_to_str(a, T0, line, 10) == -LISP_ERR_NO_SPACE,
	       "short buffer reported");
	p = PFX("198.51.100.0/25", &plen);
	TAP_OK(lisp_ms_reg_record(lisp_ms_reg_find(ms, &p, plen), &rec) == 0 &&
	       rec.nloc == 2 && ip_is(&rec.loc[1].addr.ip[0], "192.0.2.5"),
	       "a registration's RLOC set decodes");
	lisp_ms_site_del(ms, a);
	TAP_OK(ms->nsites == 1 && ms->nreg == 0 && ms->nprefix == 1,
	       "deleting a site drops its prefixes and registrations");
	lisp_ms_free(ms);
}

int main(void)
{
	config();
	registers();
	notifies();
	expiry();
	reported();
	listings();
	return tap_done();
}
