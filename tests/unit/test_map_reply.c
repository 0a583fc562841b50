// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Reply codec: hand vectors from the RFC 9301 5.4 layout (positive
 * reply with locator flags and map-version, P/E/S bits with Instance-ID
 * EID and AFI-List RLOC, negative replies with every ACT code), round
 * trips, truncation at every length, bad fields, the size bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/msg.h"
#include "tap.h"

#define NONCE_BYTES 0xde, 0xad, 0xbe, 0xef, 0x00, 0x11, 0x22, 0x33
#define NONCE 0xdeadbeef00112233ULL

static const uint8_t v_positive[] = {
	0x20, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x00, 0x05, 0xa0,			/* TTL 1440 */
	0x02, 0x18, 0x10, 0x00,			/* 2 locs, /24, A */
	0x0a, 0xbc, 0x00, 0x01,			/* map-version 0xabc */
	198, 51, 100, 0,
	0x01, 0x32, 0xff, 0x00, 0x00, 0x07,	/* L p R */
	0x00, 0x01, 192, 0, 2, 1,
	0x02, 0x32, 0x01, 0x64, 0x00, 0x01,	/* R */
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x02,
};

static const uint8_t v_flags_lcaf[] = {
	0x2e, 0x00, 0x00, 0x01, NONCE_BYTES,	/* P E S */
	0x00, 0x00, 0x00, 0x0a,
	0x01, 0x30, 0x00, 0x00,			/* 1 loc, /48 */
	0x00, 0x00, 0x40, 0x03,			/* EID AFI LCAF */
	0x00, 0x00, 0x02, 0x20, 0x00, 0x16, 0x00, 0x00, 0x00, 0x07,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x64, 0xff, 0x00, 0x00, 0x01,
	0x40, 0x03, 0x00, 0x00, 0x01, 0x00, 0x00, 0x18,	/* AFI-List */
	0x00, 0x01, 192, 0, 2, 1,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x01,
};

/* Negative reply, two records: IPv4 drop/policy-denied, IPv6 forward. */
static const uint8_t v_negative2[] = {
	0x20, 0x00, 0x00, 0x02, NONCE_BYTES,
	0x00, 0x00, 0x00, 0x0f, 0x00, 0x10, 0x90, 0x00,
	0x00, 0x00, 0x00, 0x01, 10, 0, 0, 0,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0x20, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
};

/* Negative reply template: ACT goes into byte 18 bits 7..5. */
static uint8_t v_neg[] = {
	0x20, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x00, 0x00, 0x0f, 0x00, 0x10, 0x10, 0x00,
	0x00, 0x00, 0x00, 0x01, 10, 0, 0, 0,
};

struct vec {
	const char *name;
	const uint8_t *buf;
	size_t len;
};

#define VEC(n) { #n, n, sizeof(n) }
static const struct vec vecs[] = {
	VEC(v_positive), VEC(v_flags_lcaf), VEC(v_negative2), VEC(v_neg),
};

static struct lisp_map_reply m, m2;
static uint8_t big[32768];

static int parse_exact(const uint8_t *p, size_t len, struct lisp_map_reply *o)
{
	uint8_t *q = malloc(len ? len : 1);
	int err;

	memcpy(q, p, len);
	err = lisp_map_reply_parse(q, len, o);
	free(q);
	return err;
}

static void check_vector(const struct vec *v)
{
	uint8_t out[512];
	size_t i;
	int err, n;

	err = parse_exact(v->buf, v->len, &m);
	TAP_OK(err == 0, "%s: parses (%s)", v->name, lisp_strerror(err));
	n = lisp_map_reply_write(&m, out, sizeof(out));
	TAP_OK(n == (int)v->len && !memcmp(out, v->buf, v->len),
	       "%s: re-encodes to the same bytes", v->name);
	TAP_OK(parse_exact(out, (size_t)n, &m2) == 0 &&
	       lisp_map_reply_equal(&m, &m2), "%s: round trip equal", v->name);
	for (i = 0; i < v->len; i++) {
		if (parse_exact(v->buf, i, &m2) >= 0)
			break;
	}
	TAP_OK(i == v->len, "%s: every truncation fails (first ok at %zu)",
	       v->name, i);
	for (i = 0; i < v->len; i++) {
		if (lisp_map_reply_write(&m, out, i) != -LISP_ERR_NO_SPACE)
			break;
	}
	TAP_OK(i == v->len, "%s: every short buffer fails", v->name);
}

static void check_fields(void)
{
	const struct lisp_record *r = &m.rec[0];
	char s[LISP_ADDR_STRLEN];

	parse_exact(v_positive, sizeof(v_positive), &m);
	TAP_OK(m.nonce == NONCE && m.nrec == 1 && !m.probe && !m.echo_nonce &&
	       !m.security, "positive: nonce, no flags");
	lisp_prefix_to_str(&r->eid, r->eid_mask_len, s, sizeof(s));
	TAP_OK(r->ttl == 1440 && r->authoritative && r->act == 0 &&
	       r->map_version == 0xabc && !strcmp(s, "198.51.100.0/24"),
	       "positive: record %s ttl %u version %#x", s, r->ttl,
	       r->map_version);
	TAP_OK(r->nloc == 2 && r->loc[0].priority == 1 &&
	       r->loc[0].weight == 50 && r->loc[0].mpriority == 255 &&
	       r->loc[0].mweight == 0 && r->loc[0].local &&
	       r->loc[0].probed && r->loc[0].reachable,
	       "positive: locator 1 priorities and L p R");
	lisp_addr_to_str(&r->loc[1].addr, s, sizeof(s));
	TAP_OK(r->loc[1].priority == 2 && r->loc[1].mpriority == 1 &&
	       r->loc[1].mweight == 100 && !r->loc[1].local &&
	       !r->loc[1].probed && r->loc[1].reachable &&
	       !strcmp(s, "2001:db8::2"), "positive: locator 2 %s", s);

	parse_exact(v_flags_lcaf, sizeof(v_flags_lcaf), &m);
	lisp_prefix_to_str(&r->eid, r->eid_mask_len, s, sizeof(s));
	TAP_OK(m.probe && m.echo_nonce && m.security && !r->authoritative &&
	       !strcmp(s, "[7]2001:db8:1::/48"), "P E S bits, EID %s", s);
	lisp_addr_to_str(&r->loc[0].addr, s, sizeof(s));
	TAP_OK(!strcmp(s, "(192.0.2.1,2001:db8::1)"), "AFI-List RLOC %s", s);

	parse_exact(v_negative2, sizeof(v_negative2), &m);
	TAP_OK(m.nrec == 2 && m.rec[0].nloc == 0 &&
	       m.rec[0].act == LISP_ACT_DROP_POLICY_DENIED &&
	       m.rec[1].act == LISP_ACT_NATIVELY_FORWARD &&
	       m.rec[1].eid_mask_len == 32 && !m.rec[1].authoritative,
	       "negative: two records, two actions");
}

static void check_actions(void)
{
	uint8_t b[sizeof(v_neg)], out[64];
	unsigned int act;
	int n;

	memcpy(b, v_neg, sizeof(v_neg));
	for (act = 0; act <= LISP_ACT_MAX; act++) {
		b[18] = (uint8_t)(act << 5 | 0x10);
		n = parse_exact(b, sizeof(b), &m);
		TAP_OK(n == 0 && m.rec[0].act == act && m.rec[0].nloc == 0 &&
		       m.rec[0].ttl == 15, "negative ACT %u (%s)", act,
		       lisp_act_str(act));
		n = lisp_map_reply_write(&m, out, sizeof(out));
		TAP_OK(n == (int)sizeof(b) && !memcmp(out, b, sizeof(b)),
		       "negative ACT %u re-encodes", act);
	}
	for (act = 6; act <= 7; act++) {
		b[18] = (uint8_t)(act << 5);
		TAP_OK(parse_exact(b, sizeof(b), &m) == -LISP_ERR_BAD_ACT,
		       "ACT %u is unassigned (%s)", act, lisp_act_str(act));
	}
	parse_exact(v_neg, sizeof(v_neg), &m);
	m.rec[0].act = 6;
	TAP_OK(lisp_map_reply_write(&m, out, sizeof(out)) == -LISP_ERR_BAD_ACT,
	       "write refuses ACT 6");
}

static void expect_err(const char *what, const uint8_t *p, size_t len,
		       int err)
{
	int got = parse_exact(p, len, &m2);

	TAP_OK(got == err, "bad %s: %s (got %s)", what, lisp_strerror(err),
	       lisp_strerror(got));
}

static void check_bad(void)
{
	uint8_t b[sizeof(v_positive) + 1];

	memcpy(b, v_positive, sizeof(v_positive));
	b[0] = 0x30;
	expect_err("type", b, sizeof(v_positive), -LISP_ERR_BAD_TYPE);
	memcpy(b, v_positive, sizeof(v_positive));
	b[3] = 33;
	expect_err("33 records", b, sizeof(v_positive),
		   -LISP_ERR_TOO_MANY_RECORDS);
	memcpy(b, v_positive, sizeof(v_positive));
	b[16] = 33;
	expect_err("33 locators", b, sizeof(v_positive),
		   -LISP_ERR_TOO_MANY_LOCATORS);
	memcpy(b, v_positive, sizeof(v_positive));
	b[17] = 33;
	expect_err("mask-len 33", b, sizeof(v_positive),
		   -LISP_ERR_BAD_MASK_LEN);
	memcpy(b, v_positive, sizeof(v_positive));
	b[16] = 3;
	expect_err("locator count high", b, sizeof(v_positive),
		   -LISP_ERR_TRUNCATED);
	memcpy(b, v_positive, sizeof(v_positive));
	b[35] = 0x05;			/* locator AFI 5 */
	expect_err("locator AFI", b, sizeof(v_positive), -LISP_ERR_BAD_AFI);
	memcpy(b, v_positive, sizeof(v_positive));
	b[sizeof(v_positive)] = 0;
	expect_err("trailing byte", b, sizeof(v_positive) + 1,
		   -LISP_ERR_TRAILING_DATA);

	/* Reserved bits and unused locator flags are ignored. */
	memcpy(b, v_positive, sizeof(v_positive));
	b[1] = 0xff;
	b[18] |= 0x0f;
	b[19] = 0xff;
	b[20] |= 0xf0;
	b[32] = 0xff;
	b[33] |= 0xf8;
	TAP_OK(parse_exact(b, sizeof(v_positive), &m2) == 0 &&
	       parse_exact(v_positive, sizeof(v_positive), &m) == 0 &&
	       lisp_map_reply_equal(&m, &m2), "reserved bits ignored");
}

/* 32 records of 32 IPv6 locators: the bounds, both ways. */
static void check_bounds(void)
{
	uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	unsigned int i, j;
	int n;

	memset(&m, 0, sizeof(m));
	m.nrec = LISP_MAX_RECORDS;
	for (i = 0; i < m.nrec; i++) {
		struct lisp_record *r = &m.rec[i];

		v6[5] = (uint8_t)i;
		lisp_addr_set_ipv6(&r->eid, v6);
		r->eid_mask_len = 48;
		r->ttl = i;
		r->nloc = LISP_MAX_RLOCS;
		for (j = 0; j < r->nloc; j++) {
			v6[15] = (uint8_t)j;
			lisp_addr_set_ipv6(&r->loc[j].addr, v6);
			r->loc[j].priority = (uint8_t)j;
		}
		v6[15] = 0;
	}
	n = lisp_map_reply_write(&m, big, sizeof(big));
	TAP_OK(n == 12 + 32 * (10 + 18 + 32 * 24), "32x32 reply is %d bytes", n);
	TAP_OK(n > 0 && lisp_map_reply_parse(big, (size_t)n, &m2) == 0 &&
	       lisp_map_reply_equal(&m, &m2), "32x32 reply round trip");
	m.rec[3].nloc = LISP_MAX_RLOCS + 1;
	TAP_OK(lisp_map_reply_write(&m, big, sizeof(big)) ==
	       -LISP_ERR_TOO_MANY_LOCATORS, "write refuses 33 locators");
	m.rec[3].nloc = 1;
	m.nrec = LISP_MAX_RECORDS + 1;
	TAP_OK(lisp_map_reply_write(&m, big, sizeof(big)) ==
	       -LISP_ERR_TOO_MANY_RECORDS, "write refuses 33 records");
	m.nrec = 1;
	m.rec[0].map_version = 0x1000;
	TAP_OK(lisp_map_reply_write(&m, big, sizeof(big)) == -LISP_ERR_INVALID,
	       "write refuses a 13-bit map-version");
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		check_vector(&vecs[i]);
	check_fields();
	check_actions();
	check_bad();
	check_bounds();
	return tap_done();
}
