// SPDX-License-Identifier: GPL-2.0
/*
 * LISP address codec: hand-made vectors from the RFC 9301 / RFC 8060
 * layouts, round trips, truncation at every length, bad fields, text
 * forms and prefix helpers.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/addr.h"
#include "proto/err.h"
#include "tap.h"

/* AFI 1: 192.0.2.1 */
static const uint8_t v_ipv4[] = { 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01 };
/* AFI 2: 2001:db8::1 */
static const uint8_t v_ipv6[] = {
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x01,
};
/* AFI 0: no address */
static const uint8_t v_none[] = { 0x00, 0x00 };
/*
 * LCAF Instance-ID (RFC 8060 4.1): AFI 16387, Rsvd1, Flags, Type 2,
 * IID mask-len 24, Length 10, IID 1234, AFI 1, 198.51.100.0
 */
static const uint8_t v_iid4[] = {
	0x40, 0x03, 0x00, 0x00, 0x02, 0x18, 0x00, 0x0a,
	0x00, 0x00, 0x04, 0xd2, 0x00, 0x01, 198, 51, 100, 0,
};
/* Instance-ID 7 (mask-len 32) around 2001:db8:1::, Length 22 */
static const uint8_t v_iid6[] = {
	0x40, 0x03, 0x00, 0x00, 0x02, 0x20, 0x00, 0x16,
	0x00, 0x00, 0x00, 0x07, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* Instance-ID 5 around AFI 0 (the whole instance), Length 6 */
static const uint8_t v_iid0[] = {
	0x40, 0x03, 0x00, 0x00, 0x02, 0x20, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x05, 0x00, 0x00,
};
/* LCAF AFI-List (RFC 8060 3): 192.0.2.1 and 2001:db8::1, Length 24 */
static const uint8_t v_list[] = {
	0x40, 0x03, 0x00, 0x00, 0x01, 0x00, 0x00, 0x18,
	0x00, 0x01, 0xc0, 0x00, 0x02, 0x01,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x01,
};

struct vec {
	const char *name;
	const uint8_t *buf;
	size_t len;
	const char *text;
};

#define VEC(n, t) { #n, n, sizeof(n), t }
static const struct vec vecs[] = {
	VEC(v_ipv4, "192.0.2.1"),
	VEC(v_ipv6, "2001:db8::1"),
	VEC(v_none, "none"),
	VEC(v_iid4, "[1234/24]198.51.100.0"),
	VEC(v_iid6, "[7]2001:db8:1::"),
	VEC(v_iid0, "[5]none"),
	VEC(v_list, "(192.0.2.1,2001:db8::1)"),
};

/* Heap copy of exactly len bytes, so ASan sees any over-read. */
static uint8_t *dup_exact(const uint8_t *p, size_t len)
{
	uint8_t *q = malloc(len ? len : 1);

	if (len)
		memcpy(q, p, len);
	return q;
}

static int parse_exact(const uint8_t *p, size_t len, struct lisp_addr *a)
{
	uint8_t *q = dup_exact(p, len);
	int n = lisp_addr_parse(q, len, a);

	free(q);
	return n;
}

static void test_vector(const struct vec *v)
{
	uint8_t out[LISP_ADDR_WIRE_MAX + 8];
	char text[LISP_ADDR_STRLEN];
	struct lisp_addr a, b;
	size_t i;
	int n;

	n = parse_exact(v->buf, v->len, &a);
	TAP_OK(n == (int)v->len, "%s: parses all %zu bytes (got %d)",
	       v->name, v->len, n);
	TAP_OK(lisp_addr_to_str(&a, text, sizeof(text)) > 0 &&
	       !strcmp(text, v->text), "%s: text %s", v->name, text);
	TAP_OK(lisp_addr_wire_len(&a) == v->len, "%s: wire length", v->name);
	n = lisp_addr_write(&a, out, sizeof(out));
	TAP_OK(n == (int)v->len && !memcmp(out, v->buf, v->len),
	       "%s: re-encodes to the same bytes", v->name);
	TAP_OK(lisp_addr_from_str(v->text, &b) == 0 || a.kind ==
	       LISP_ADDR_AFI_LIST, "%s: text parses back", v->name);
	if (a.kind != LISP_ADDR_AFI_LIST)
		TAP_OK(lisp_addr_equal(&a, &b), "%s: text round trip equal",
		       v->name);

	for (i = 0; i < v->len; i++) {
		n = parse_exact(v->buf, i, &b);
		if (n >= 0)
			break;
	}
	TAP_OK(i == v->len, "%s: every truncation fails (first ok at %zu)",
	       v->name, i);
	for (i = 0; i < v->len; i++) {
		if (lisp_addr_write(&a, out, i) != -LISP_ERR_NO_SPACE)
			break;
	}
	TAP_OK(i == v->len, "%s: every short output buffer fails", v->name);
}

static void expect_parse_err(const char *what, const uint8_t *p,
			     size_t len, int err)
{
	struct lisp_addr a;
	int n = parse_exact(p, len, &a);

	TAP_OK(n == err, "bad %s: %s (got %s)", what, lisp_strerror(err),
	       lisp_strerror(n));
}

static void test_bad_fields(void)
{
	uint8_t b[64];

	b[0] = 0x00; b[1] = 0x03;	/* AFI 3 (E.164) */
	expect_parse_err("AFI 3", b, 6, -LISP_ERR_BAD_AFI);

	memcpy(b, v_iid4, sizeof(v_iid4));
	b[4] = 5;			/* LCAF type 5 */
	expect_parse_err("LCAF type", b, sizeof(v_iid4), -LISP_ERR_BAD_LCAF);

	memcpy(b, v_iid4, sizeof(v_iid4));
	b[5] = 33;			/* IID mask-len */
	expect_parse_err("IID mask-len", b, sizeof(v_iid4), -LISP_ERR_BAD_LCAF);

	memcpy(b, v_iid4, sizeof(v_iid4));
	b[7] = 9;			/* Length one short */
	expect_parse_err("LCAF length short", b, sizeof(v_iid4),
			 -LISP_ERR_BAD_LCAF);

	memcpy(b, v_iid4, sizeof(v_iid4));
	b[7] = 11;			/* Length one long, with a spare byte */
	b[sizeof(v_iid4)] = 0;
	expect_parse_err("LCAF length long", b, sizeof(v_iid4) + 1,
			 -LISP_ERR_BAD_LCAF);

	memcpy(b, v_iid4, 8);		/* IID around another LCAF */
	memcpy(b + 8, v_iid4 + 8, 4);
	b[12] = 0x40; b[13] = 0x03;
	expect_parse_err("nested LCAF", b, sizeof(v_iid4), -LISP_ERR_BAD_AFI);

	memcpy(b, v_list, 8);		/* AFI-List holding AFI 0 */
	b[7] = 2; b[8] = 0; b[9] = 0;
	expect_parse_err("AFI 0 in AFI-List", b, 10, -LISP_ERR_BAD_AFI);

	memcpy(b, v_list, 8);		/* empty AFI-List */
	b[7] = 0;
	expect_parse_err("empty AFI-List", b, 8, -LISP_ERR_BAD_LCAF);

	memcpy(b, v_list, 8);		/* five IPv4 entries */
	b[7] = 30;
	for (int i = 0; i < 5; i++)
		memcpy(b + 8 + 6 * i, v_ipv4, 6);
	expect_parse_err("AFI-List of 5", b, 38, -LISP_ERR_TOO_MANY_ADDRS);
	b[7] = 24;
	expect_parse_err("AFI-List of 4", b, 32, 32);
}

static void test_bad_structs(void)
{
	struct lisp_addr a;
	uint8_t out[64];

	lisp_addr_set_none(&a);
	a.ip[0].afi = 7;
	TAP_OK(lisp_addr_write(&a, out, sizeof(out)) == -LISP_ERR_BAD_AFI,
	       "write refuses AFI 7");
	TAP_OK(lisp_addr_wire_len(&a) == 0, "no wire length for AFI 7");
	lisp_addr_set_none(&a);
	a.kind = LISP_ADDR_AFI_LIST;
	a.count = LISP_AFI_LIST_MAX + 1;
	TAP_OK(lisp_addr_write(&a, out, sizeof(out)) ==
	       -LISP_ERR_TOO_MANY_ADDRS, "write refuses an oversized list");
	a.count = 1;
	TAP_OK(lisp_addr_write(&a, out, sizeof(out)) == -LISP_ERR_BAD_AFI,
	       "write refuses AFI 0 in a list");
	lisp_addr_set_none(&a);
	lisp_addr_set_iid(&a, 1);
	a.iid_mask_len = 40;
	TAP_OK(lisp_addr_write(&a, out, sizeof(out)) == -LISP_ERR_BAD_LCAF,
	       "write refuses IID mask-len 40");
	a.kind = 9;
	TAP_OK(lisp_addr_write(&a, out, sizeof(out)) == -LISP_ERR_INVALID,
	       "write refuses an unknown kind");
}

/* Issue 14: instance 0 goes plain unless asked for in an LCAF. */
static void test_eid_iid(void)
{
	struct lisp_addr a;
	uint8_t out[64];
	int n;

	lisp_addr_set_ipv4(&a, "\x0a\x01\x00\x01");
	TAP_OK(!lisp_addr_set_eid_iid(&a, 0, false) &&
	       a.kind == LISP_ADDR_IP &&
	       (n = lisp_addr_write(&a, out, sizeof(out))) == 6 &&
	       out[0] == 0 && out[1] == LISP_AFI_IPV4,
	       "instance 0: the plain AFI (6 bytes)");
	TAP_OK(!lisp_addr_set_eid_iid(&a, 0, true) &&
	       a.kind == LISP_ADDR_IID && a.iid == 0 &&
	       a.iid_mask_len == 32 &&
	       lisp_addr_write(&a, out, sizeof(out)) == 18 &&
	       out[0] == 0x40 && out[1] == 0x03,
	       "instance 0 with lcaf0: an Instance-ID LCAF of IID 0");
	TAP_OK(!lisp_addr_set_eid_iid(&a, 0, false) &&
	       a.kind == LISP_ADDR_IP && lisp_addr_wire_len(&a) == 6,
	       "an LCAF of IID 0 back to plain");
	TAP_OK(!lisp_addr_set_eid_iid(&a, 7, false) &&
	       a.kind == LISP_ADDR_IID && a.iid == 7,
	       "another instance: always the LCAF");
	a.kind = LISP_ADDR_AFI_LIST;
	TAP_OK(lisp_addr_set_eid_iid(&a, 0, false) == -LISP_ERR_INVALID &&
	       lisp_addr_set_eid_iid(&a, 7, false) == -LISP_ERR_INVALID,
	       "an AFI-List is no EID");
}

static void test_prefixes(void)
{
	struct lisp_addr p, a, b;
	char s[LISP_ADDR_STRLEN];
	unsigned int plen;

	TAP_OK(lisp_prefix_from_str("198.51.100.128/25", &p, &plen) == 0 &&
	       plen == 25, "prefix from text");
	lisp_addr_from_str("198.51.100.130", &a);
	lisp_addr_from_str("198.51.100.10", &b);
	TAP_OK(lisp_prefix_contains(&p, plen, &a), "/25 contains .130");
	TAP_OK(!lisp_prefix_contains(&p, plen, &b), "/25 excludes .10");
	TAP_OK(lisp_prefix_contains(&p, 0, &b), "/0 contains all IPv4");
	TAP_OK(!lisp_prefix_contains(&p, 33, &a), "/33 is no IPv4 prefix");
	TAP_OK(lisp_prefix_from_str("198.51.100.0/33", &p, &plen) ==
	       -LISP_ERR_INVALID, "/33 rejected in text");
	TAP_OK(lisp_prefix_from_str("[3]2001:db8:1::/48", &p, &plen) == 0 &&
	       plen == 48 && p.kind == LISP_ADDR_IID && p.iid == 3,
	       "IID prefix from text");
	lisp_addr_from_str("[3]2001:db8:1:ffff::1", &a);
	lisp_addr_from_str("[4]2001:db8:1::1", &b);
	TAP_OK(lisp_prefix_contains(&p, plen, &a), "same IID contained");
	TAP_OK(!lisp_prefix_contains(&p, plen, &b), "other IID not contained");
	TAP_OK(lisp_prefix_to_str(&p, plen, s, sizeof(s)) > 0 &&
	       !strcmp(s, "[3]2001:db8:1::/48"), "IID prefix text %s", s);
	TAP_OK(lisp_prefix_to_str(&p, plen, s, 5) == -LISP_ERR_NO_SPACE,
	       "short text buffer reported");

	lisp_addr_from_str("198.51.100.255", &a);
	lisp_prefix_mask(&a, 25);
	lisp_addr_from_str("198.51.100.128", &b);
	TAP_OK(lisp_addr_equal(&a, &b), "mask to /25");
	lisp_addr_from_str("2001:db8:1:2:3:4:5:6", &a);
	lisp_prefix_mask(&a, 64);
	lisp_addr_from_str("2001:db8:1:2::", &b);
	TAP_OK(lisp_addr_equal(&a, &b), "mask to /64");

	lisp_addr_from_str("192.0.2.1", &a);
	lisp_addr_from_str("192.0.2.2", &b);
	TAP_OK(lisp_addr_cmp(&a, &b) < 0 && lisp_addr_cmp(&b, &a) > 0,
	       "IPv4 order");
	lisp_addr_from_str("::1", &b);
	TAP_OK(lisp_addr_cmp(&a, &b) < 0, "IPv4 sorts before IPv6");
	lisp_addr_from_str("[1]192.0.2.1", &b);
	TAP_OK(!lisp_addr_equal(&a, &b), "IID makes a difference");
	TAP_OK(lisp_addr_from_str("[1]", &b) == -LISP_ERR_INVALID &&
	       lisp_addr_from_str("[x]1.2.3.4", &b) == -LISP_ERR_INVALID &&
	       lisp_addr_from_str("1.2.3", &b) == -LISP_ERR_INVALID,
	       "bad text rejected");
}

/* Issue 11: addresses a Map-Reply is never sent to for someone else. */
static void test_scoped(void)
{
	static const char *const yes[] = {
		"127.0.0.1", "127.255.0.9", "169.254.1.1", "0.0.0.0",
		"0.1.2.3", "255.255.255.255", "::1", "fe80::1", "febf::1",
		"::ffff:127.0.0.1", "::ffff:169.254.0.1",
	};
	static const char *const no[] = {
		"192.0.2.1", "10.0.0.1", "128.0.0.1", "169.253.0.1",
		"2001:db8::1", "fec0::1", "::2", "::ffff:192.0.2.1",
	};
	struct lisp_addr a;
	unsigned int i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		TAP_OK(!lisp_addr_from_str(yes[i], &a) &&
		       lisp_ip_scoped(&a.ip[0]), "%s is scoped", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		TAP_OK(!lisp_addr_from_str(no[i], &a) &&
		       !lisp_ip_scoped(&a.ip[0]), "%s is not scoped", no[i]);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		test_vector(&vecs[i]);
	test_bad_fields();
	test_bad_structs();
	test_eid_iid();
	test_prefixes();
	test_scoped();
	TAP_OK(!strcmp(lisp_strerror(-LISP_ERR_TRUNCATED), "message truncated")
	       && !strcmp(lisp_strerror(1000), "unknown error") &&
	       !strcmp(lisp_strerror(-2147483647 - 1), "unknown error"),
	       "lisp_strerror");
	return tap_done();
}
