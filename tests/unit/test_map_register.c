// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Register / Map-Notify / Map-Notify-Ack codec: hand vectors from
 * the RFC 9301 5.6 and 5.7 layouts (every header bit, SHA-1 and SHA-256
 * sized authentication data, xTR-ID and site-ID), round trips,
 * truncation at every length and bad fields.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/auth.h"
#include "proto/msg.h"
#include "tap.h"

#define NONCE_BYTES 0x4f, 0xbf, 0xe7, 0x7f, 0x61, 0xe1, 0xbf, 0x4e
#define NONCE 0x4fbfe77f61e1bf4eULL
#define AUTH20 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, \
	       0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11
#define AUTH32 AUTH20, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, \
	       0x22, 0x22, 0x22, 0x22
#define XTR_SITE 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, \
		 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, \
		 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x34
/* 198.51.100.0/25, TTL 10, A, one locator 192.0.2.1 1/100 255/0 L R */
#define REC_V4 0x00, 0x00, 0x00, 0x0a, 0x01, 0x19, 0x10, 0x00, \
	       0x00, 0x00, 0x00, 0x01, 198, 51, 100, 0, \
	       0x01, 0x64, 0xff, 0x00, 0x00, 0x05, 0x00, 0x01, 192, 0, 2, 1

/* P and M bits, key-id 0, algorithm 1 (RFC 6830 "Key ID 1"). */
static const uint8_t v_reg[] = {
	0x38, 0x00, 0x01, 0x01, NONCE_BYTES,
	0x00, 0x01, 0x00, 0x14, AUTH20, REC_V4,
};

/* P S I R M, key-id 3, algorithm 2, two records, xTR-ID, site-ID. */
static const uint8_t v_reg_all[] = {
	0x3f, 0x00, 0x01, 0x02, NONCE_BYTES,
	0x03, 0x02, 0x00, 0x20, AUTH32, REC_V4,
	0x00, 0x00, 0x05, 0xa0, 0x02, 0x40, 0x10, 0x00,
	0x00, 0x00, 0x40, 0x03,
	0x00, 0x00, 0x02, 0x20, 0x00, 0x16, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0x01, 0x64, 0xff, 0x00, 0x00, 0x05, 0x00, 0x01, 192, 0, 2, 1,
	0x02, 0x64, 0xff, 0x00, 0x00, 0x01, 0x00, 0x02, 0x20, 0x01, 0x0d,
	0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	XTR_SITE,
};

/* No authentication, no records. */
static const uint8_t v_reg_empty[] = {
	0x30, 0x00, 0x00, 0x00, NONCE_BYTES, 0x00, 0x00, 0x00, 0x00,
};

static const uint8_t v_notify[] = {
	0x40, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x01, 0x00, 0x14, AUTH20, REC_V4,
};

/* Map-Notify with I and R bits: xTR-ID, site-ID, MS-RTR auth. */
static const uint8_t v_notify_ir[] = {
	0x4c, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x01, 0x00, 0x14, AUTH20, REC_V4, XTR_SITE,
	0x00, 0x02, 0x00, 0x20, AUTH32,
};

static const uint8_t v_notify_ack[] = {
	0x50, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x02, 0x00, 0x20, AUTH32, REC_V4,
};

struct vec {
	const char *name;
	const uint8_t *buf;
	size_t len;
	bool notify;
};

#define VEC(n, notify) { #n, n, sizeof(n), notify }
static const struct vec vecs[] = {
	VEC(v_reg, false), VEC(v_reg_all, false), VEC(v_reg_empty, false),
	VEC(v_notify, true), VEC(v_notify_ir, true), VEC(v_notify_ack, true),
};

static struct lisp_map_register m, m2;

static int parse_exact(const uint8_t *p, size_t len, bool notify,
		       struct lisp_map_register *o)
{
	uint8_t *q = malloc(len ? len : 1);
	int err;

	memcpy(q, p, len);
	err = notify ? lisp_map_notify_parse(q, len, o) :
		       lisp_map_register_parse(q, len, o);
	free(q);
	return err;
}

static int write_msg(const struct lisp_map_register *r, uint8_t *out,
		     size_t len)
{
	return r->type == LISP_MAP_REGISTER ? lisp_map_register_write(r, out, len)
					    : lisp_map_notify_write(r, out, len);
}

static void check_vector(const struct vec *v)
{
	uint8_t out[512];
	size_t i;
	int err, n;

	err = parse_exact(v->buf, v->len, v->notify, &m);
	TAP_OK(err == 0, "%s: parses (%s)", v->name, lisp_strerror(err));
	n = write_msg(&m, out, sizeof(out));
	TAP_OK(n == (int)v->len && !memcmp(out, v->buf, v->len),
	       "%s: re-encodes to the same bytes", v->name);
	TAP_OK(parse_exact(out, (size_t)n, v->notify, &m2) == 0 &&
	       lisp_map_register_equal(&m, &m2), "%s: round trip equal",
	       v->name);
	TAP_OK(parse_exact(v->buf, v->len, !v->notify, &m2) ==
	       -LISP_ERR_BAD_TYPE, "%s: the other parser refuses it", v->name);
	for (i = 0; i < v->len; i++) {
		if (parse_exact(v->buf, i, v->notify, &m2) >= 0)
			break;
	}
	TAP_OK(i == v->len, "%s: every truncation fails (first ok at %zu)",
	       v->name, i);
	for (i = 0; i < v->len; i++) {
		if (write_msg(&m, out, i) != -LISP_ERR_NO_SPACE)
			break;
	}
	TAP_OK(i == v->len, "%s: every short buffer fails", v->name);
}

static void check_fields(void)
{
	char s[LISP_ADDR_STRLEN];

	parse_exact(v_reg, sizeof(v_reg), false, &m);
	TAP_OK(m.type == LISP_MAP_REGISTER && m.proxy_reply && m.want_notify &&
	       !m.lisp_sec && !m.xtr_id_present && !m.for_rtr,
	       "register: P and M bits");
	TAP_OK(m.nonce == NONCE && m.key_id == 0 &&
	       m.alg_id == LISP_ALG_HMAC_SHA1_96 && m.auth_len == 20 &&
	       m.auth[0] == 0x11 && m.auth[19] == 0x11,
	       "register: nonce, key-id 0, HMAC-SHA-1-96, 20 auth bytes");
	lisp_prefix_to_str(&m.rec[0].eid, m.rec[0].eid_mask_len, s, sizeof(s));
	TAP_OK(m.nrec == 1 && !strcmp(s, "198.51.100.0/25") &&
	       m.rec[0].ttl == 10 && m.rec[0].loc[0].weight == 100 &&
	       m.rec[0].loc[0].local, "register: record %s", s);

	parse_exact(v_reg_all, sizeof(v_reg_all), false, &m);
	TAP_OK(m.proxy_reply && m.lisp_sec && m.xtr_id_present && m.for_rtr &&
	       m.want_notify, "register: P S I R M bits");
	TAP_OK(m.key_id == 3 && m.alg_id == LISP_ALG_HMAC_SHA256_128 &&
	       m.auth_len == 32 && m.auth[31] == 0x22,
	       "register: key-id 3, HMAC-SHA-256-128, 32 auth bytes");
	lisp_prefix_to_str(&m.rec[1].eid, m.rec[1].eid_mask_len, s, sizeof(s));
	TAP_OK(m.nrec == 2 && !strcmp(s, "[256]2001:db8:1::/64") &&
	       m.rec[1].nloc == 2, "register: second record %s", s);
	TAP_OK(m.xtr_id[0] == 0xa0 && m.xtr_id[15] == 0xaf &&
	       m.site_id == 0x1234, "register: xTR-ID and site-ID");

	parse_exact(v_notify_ir, sizeof(v_notify_ir), true, &m);
	TAP_OK(m.type == LISP_MAP_NOTIFY && m.xtr_id_present && m.for_rtr &&
	       !m.want_notify && m.site_id == 0x1234, "notify: I and R bits");
	TAP_OK(m.ms_rtr_key_id == 2 && m.ms_rtr_auth_len == 32 &&
	       m.ms_rtr_auth[0] == 0x11 && m.ms_rtr_auth[31] == 0x22,
	       "notify: MS-RTR authentication block");
	parse_exact(v_notify_ack, sizeof(v_notify_ack), true, &m);
	TAP_OK(m.type == LISP_MAP_NOTIFY_ACK && m.auth_len == 32,
	       "notify-ack: type 5");
}

static void expect_err(const char *what, const uint8_t *p, size_t len,
		       bool notify, int err)
{
	int got = parse_exact(p, len, notify, &m2);

	TAP_OK(got == err, "bad %s: %s (got %s)", what, lisp_strerror(err),
	       lisp_strerror(got));
}

static void check_bad(void)
{
	uint8_t b[sizeof(v_reg) + 64];

	memcpy(b, v_reg, sizeof(v_reg));
	b[3] = 33;
	expect_err("33 records", b, sizeof(v_reg), false,
		   -LISP_ERR_TOO_MANY_RECORDS);
	memcpy(b, v_reg, sizeof(v_reg));
	b[15] = LISP_AUTH_DATA_MAX + 1;
	memset(b + sizeof(v_reg), 0, 64);
	expect_err("auth length 65", b, sizeof(b), false,
		   -LISP_ERR_BAD_AUTH_LEN);
	memcpy(b, v_reg, sizeof(v_reg));
	b[15] = 60;
	expect_err("auth length past the end", b, sizeof(v_reg), false,
		   -LISP_ERR_TRUNCATED);
	memcpy(b, v_reg, sizeof(v_reg));
	b[sizeof(v_reg)] = 0;
	expect_err("trailing byte", b, sizeof(v_reg) + 1, false,
		   -LISP_ERR_TRAILING_DATA);
	memcpy(b, v_reg, sizeof(v_reg));
	b[0] = 0x3a;			/* I bit without xTR-ID */
	expect_err("I bit without xTR-ID", b, sizeof(v_reg), false,
		   -LISP_ERR_TRUNCATED);
	memcpy(b, v_reg, sizeof(v_reg));
	b[0] = 0x20;
	expect_err("type 2", b, sizeof(v_reg), false, -LISP_ERR_BAD_TYPE);

	memcpy(b, v_notify_ir, sizeof(v_notify_ir));
	b[sizeof(v_notify_ir) - 33] = LISP_AUTH_DATA_MAX + 1;
	expect_err("MS-RTR auth length 65", b, sizeof(v_notify_ir), true,
		   -LISP_ERR_BAD_AUTH_LEN);

	/* In a Map-Notify the Map-Register-only bits are reserved. */
	memcpy(b, v_notify, sizeof(v_notify));
	b[0] |= 0x03;
	b[1] = 0xff;
	b[2] = 0xff;
	TAP_OK(parse_exact(b, sizeof(v_notify), true, &m2) == 0 &&
	       !m2.want_notify && !m2.proxy_reply && !m2.lisp_sec &&
	       !m2.xtr_id_present && !m2.for_rtr,
	       "notify: reserved bits ignored");
}

static void check_write_errors(void)
{
	uint8_t out[512];

	parse_exact(v_notify, sizeof(v_notify), true, &m);
	TAP_OK(lisp_map_register_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_BAD_TYPE, "register writer refuses a notify");
	m.want_notify = true;
	TAP_OK(lisp_map_notify_write(&m, out, sizeof(out)) == -LISP_ERR_INVALID,
	       "notify writer refuses the M bit");
	parse_exact(v_reg, sizeof(v_reg), false, &m);
	TAP_OK(lisp_map_notify_write(&m, out, sizeof(out)) == -LISP_ERR_BAD_TYPE,
	       "notify writer refuses a register");
	m.auth_len = LISP_AUTH_DATA_MAX + 1;
	TAP_OK(lisp_map_register_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_BAD_AUTH_LEN, "auth length 65 refused");
	m.auth_len = 20;
	m.nrec = LISP_MAX_RECORDS + 1;
	TAP_OK(lisp_map_register_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_TOO_MANY_RECORDS, "33 records refused");
	m.nrec = 1;
	m.rec[0].eid_mask_len = 33;
	TAP_OK(lisp_map_register_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_BAD_MASK_LEN, "record mask-len 33 refused");
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		check_vector(&vecs[i]);
	check_fields();
	check_bad();
	check_write_errors();
	return tap_done();
}
