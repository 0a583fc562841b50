// SPDX-License-Identifier: GPL-2.0
/*
 * Encapsulated Control Message and inner IP/UDP helpers: a hand vector
 * (checksums worked out independently), two ECMs sent by Open Overlay
 * Router (IPv4 and IPv6 inner headers), checksum computation and
 * checking, round trips, truncation at every length and bad headers.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/ecm.h"
#include "proto/msg.h"
#include "tap.h"

/* Inner 10.0.0.1:49152 -> 10.0.0.2:4342, TTL 64, id 0x1234, no DF. */
static const uint8_t v_hand[] = {
	0x80, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x00, 0x00,
	0x40, 0x11, 0x54, 0x7b, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0xc0, 0x00, 0x10, 0xf6, 0x00, 0x28, 0x24, 0x68, 0x10, 0x00, 0x00, 0x01,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x01, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x20, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
};

/* OOR: Map-Request for 198.51.100.130 from ITR 192.0.2.1 (IPv4 inner). */
static const uint8_t v_oor4[] = {
	0x80, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x03, 0x40, 0x00,
	0xff, 0x11, 0x26, 0xba, 0xc6, 0x33, 0x64, 0x0a, 0xc6, 0x33, 0x64, 0x82,
	0x10, 0xf6, 0x10, 0xf6, 0x00, 0x28, 0xe4, 0x20, 0x10, 0x00, 0x00, 0x01,
	0xef, 0xf3, 0x2f, 0x7f, 0x6d, 0x28, 0xf0, 0xe7, 0x00, 0x01, 0xc6, 0x33,
	0x64, 0x0a, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x20, 0x00, 0x01,
	0xc6, 0x33, 0x64, 0x82,
};

/* OOR: Map-Request for 2001:db8:2::10 (IPv6 inner). */
static const uint8_t v_oor6[] = {
	0x80, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00, 0x40, 0x11, 0xff,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x10, 0xf6, 0x10, 0xf6,
	0x00, 0x40, 0x27, 0xc3, 0x10, 0x00, 0x00, 0x01, 0xce, 0x73, 0x97, 0x7b,
	0x64, 0x91, 0x61, 0x8c, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x01,
	0xc0, 0x00, 0x02, 0x01, 0x00, 0x80, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

struct vec {
	const char *name;
	const uint8_t *buf;
	size_t len;
};

#define VEC(n) { #n, n, sizeof(n) }
static const struct vec vecs[] = { VEC(v_hand), VEC(v_oor4), VEC(v_oor6) };

static struct lisp_map_request req;

/* Parse from an exact-size heap copy; *copy stays valid for e->msg. */
static int parse_exact(const uint8_t *p, size_t len, struct lisp_ecm *e,
		       uint8_t **copy)
{
	uint8_t *q = malloc(len ? len : 1);
	int err;

	memcpy(q, p, len);
	err = lisp_ecm_parse(q, len, e);
	if (copy)
		*copy = q;
	else
		free(q);
	return err;
}

static void check_vector(const struct vec *v)
{
	struct lisp_ecm e, e2;
	uint8_t out[256], *copy;
	size_t i;
	int err, n;

	err = parse_exact(v->buf, v->len, &e, &copy);
	TAP_OK(err == 0, "%s: parses (%s)", v->name, lisp_strerror(err));
	TAP_OK(lisp_ip_udp_csum_ok(copy + LISP_ECM_HDR_LEN,
				   v->len - LISP_ECM_HDR_LEN),
	       "%s: inner checksums are right", v->name);
	TAP_OK(lisp_map_request_parse(e.msg, e.msg_len, &req) == 0,
	       "%s: inner Map-Request parses", v->name);
	n = lisp_ecm_write(&e, out, sizeof(out));
	TAP_OK(n == (int)v->len && !memcmp(out, v->buf, v->len),
	       "%s: re-encodes to the same bytes (checksums included)",
	       v->name);
	TAP_OK(lisp_ecm_parse(out, (size_t)n, &e2) == 0 &&
	       lisp_ecm_equal(&e, &e2), "%s: round trip equal", v->name);

	/* The message already in place after the headers: moved onto itself. */
	memcpy(out, v->buf, v->len);
	e.msg = out + lisp_ecm_hdr_len(&e);
	n = lisp_ecm_write(&e, out, v->len);
	TAP_OK(n == (int)v->len && !memcmp(out, v->buf, v->len),
	       "%s: in-place write", v->name);
	e.msg = copy + lisp_ecm_hdr_len(&e);

	for (i = 0; i < v->len; i++) {
		if (parse_exact(v->buf, i, &e2, NULL) >= 0)
			break;
	}
	TAP_OK(i == v->len, "%s: every truncation fails (first ok at %zu)",
	       v->name, i);
	for (i = 0; i < v->len; i++) {
		if (lisp_ecm_write(&e, out, i) != -LISP_ERR_NO_SPACE)
			break;
	}
	TAP_OK(i == v->len, "%s: every short buffer fails", v->name);
	free(copy);
}

static void check_fields(void)
{
	char s[LISP_ADDR_STRLEN];
	struct lisp_ecm e;
	uint8_t *copy;

	parse_exact(v_oor4, sizeof(v_oor4), &e, &copy);
	TAP_OK(!e.security && !e.ddt && !e.to_rtr && !e.nat,
	       "oor4: no ECM flags");
	TAP_OK(e.inner.src.afi == LISP_AFI_IPV4 && e.inner.src.addr[3] == 10 &&
	       e.inner.dst.addr[3] == 130 && e.inner.ttl == 255 &&
	       e.inner.ip_id == 3 && e.inner.df && e.inner.sport == 4342 &&
	       e.inner.dport == 4342 && e.msg_len == 32,
	       "oor4: inner header fields");
	lisp_map_request_parse(e.msg, e.msg_len, &req);
	lisp_addr_to_str(&req.rec[0].addr, s, sizeof(s));
	TAP_OK(req.nonce == 0xeff32f7f6d28f0e7ULL &&
	       !strcmp(s, "198.51.100.130"), "oor4: Map-Request for %s", s);
	free(copy);

	parse_exact(v_oor6, sizeof(v_oor6), &e, &copy);
	TAP_OK(e.inner.src.afi == LISP_AFI_IPV6 && e.inner.ttl == 255 &&
	       e.inner.flow_label == 0 && e.inner.tos == 0 &&
	       e.inner.src.addr[15] == 0x10 && e.msg_len == 56,
	       "oor6: inner IPv6 header fields");
	free(copy);

	parse_exact(v_hand, sizeof(v_hand), &e, &copy);
	TAP_OK(e.inner.sport == 49152 && !e.inner.df &&
	       e.inner.ip_id == 0x1234 && e.inner.ttl == 64,
	       "hand: inner header fields");
	free(copy);
}

/* Build the hand vector from fields: checks both checksums. */
static void check_build(void)
{
	static const uint8_t a1[4] = { 10, 0, 0, 1 }, a2[4] = { 10, 0, 0, 2 };
	struct lisp_ecm e;
	uint8_t out[128];
	int n;

	memset(&e, 0, sizeof(e));
	e.inner.src.afi = e.inner.dst.afi = LISP_AFI_IPV4;
	memcpy(e.inner.src.addr, a1, 4);
	memcpy(e.inner.dst.addr, a2, 4);
	e.inner.ttl = 64;
	e.inner.ip_id = 0x1234;
	e.inner.sport = 49152;
	e.inner.dport = LISP_CONTROL_PORT;
	e.msg = v_hand + 32;
	e.msg_len = sizeof(v_hand) - 32;
	n = lisp_ecm_write(&e, out, sizeof(out));
	TAP_OK(n == (int)sizeof(v_hand) && !memcmp(out, v_hand, sizeof(v_hand)),
	       "ECM built from fields matches the hand vector");
	e.security = e.ddt = e.to_rtr = e.nat = true;
	n = lisp_ecm_write(&e, out, sizeof(out));
	TAP_OK(n > 0 && out[0] == 0x8f && !memcmp(out + 1, v_hand + 1, 3),
	       "S D R N bits");
	e.inner.dst.afi = LISP_AFI_IPV6;
	TAP_OK(lisp_ecm_write(&e, out, sizeof(out)) == -LISP_ERR_BAD_AFI,
	       "mixed inner address families refused");
	e.inner.src.afi = e.inner.dst.afi = LISP_AFI_IPV6;
	e.inner.flow_label = 0x100000;
	TAP_OK(lisp_ip_udp_write(&e.inner, e.msg, e.msg_len, out, sizeof(out)) ==
	       -LISP_ERR_INVALID, "21-bit flow label refused");
}

static void expect_err(const char *what, const uint8_t *p, size_t len,
		       int err)
{
	struct lisp_ecm e;
	int got = parse_exact(p, len, &e, NULL);

	TAP_OK(got == err, "bad %s: %s (got %s)", what, lisp_strerror(err),
	       lisp_strerror(got));
}

static void check_bad(void)
{
	uint8_t b[sizeof(v_oor6) + 1];

#define MUTATE(v, off, val, what, err) do { \
		memcpy(b, v, sizeof(v)); \
		b[off] = (val); \
		expect_err(what, b, sizeof(v), err); \
	} while (0)
	MUTATE(v_oor4, 0, 0x10, "type 1", -LISP_ERR_BAD_TYPE);
	MUTATE(v_oor4, 4, 0x55, "IP version 5", -LISP_ERR_BAD_IP);
	MUTATE(v_oor4, 4, 0x46, "IPv4 options", -LISP_ERR_BAD_IP);
	MUTATE(v_oor4, 10, 0x60, "IPv4 more-fragments", -LISP_ERR_BAD_IP);
	MUTATE(v_oor4, 11, 0x01, "IPv4 fragment offset", -LISP_ERR_BAD_IP);
	MUTATE(v_oor4, 13, 6, "IPv4 protocol TCP", -LISP_ERR_BAD_IP);
	MUTATE(v_oor4, 7, 0x3d, "IPv4 length too long", -LISP_ERR_TRUNCATED);
	MUTATE(v_oor4, 7, 0x3b, "IPv4 length too short",
	       -LISP_ERR_TRAILING_DATA);
	MUTATE(v_oor4, 7, 0x10, "IPv4 length below headers", -LISP_ERR_BAD_IP);
	MUTATE(v_oor4, 29, 0x27, "UDP length", -LISP_ERR_BAD_UDP);
	MUTATE(v_oor6, 10, 0, "IPv6 hop-by-hop header", -LISP_ERR_BAD_IP);
	MUTATE(v_oor6, 9, 0x41, "IPv6 payload length", -LISP_ERR_TRUNCATED);
	MUTATE(v_oor6, 49, 0x41, "IPv6 UDP length", -LISP_ERR_BAD_UDP);
#undef MUTATE
	memcpy(b, v_oor6, sizeof(v_oor6));
	b[sizeof(v_oor6)] = 0;
	expect_err("trailing byte", b, sizeof(v_oor6) + 1,
		   -LISP_ERR_TRAILING_DATA);

	/* Checksums: flip bits and they must stop checking out. */
	memcpy(b, v_oor4, sizeof(v_oor4));
	b[sizeof(v_oor4) - 1] ^= 1;
	TAP_OK(!lisp_ip_udp_csum_ok(b + 4, sizeof(v_oor4) - 4),
	       "payload change breaks the UDP checksum");
	memcpy(b, v_oor4, sizeof(v_oor4));
	b[12] ^= 1;
	TAP_OK(!lisp_ip_udp_csum_ok(b + 4, sizeof(v_oor4) - 4),
	       "TTL change breaks the IPv4 header checksum");
	memcpy(b, v_oor6, sizeof(v_oor6));
	b[20] ^= 0x80;
	TAP_OK(!lisp_ip_udp_csum_ok(b + 4, sizeof(v_oor6) - 4),
	       "address change breaks the IPv6 UDP checksum");
	memcpy(b, v_oor6, sizeof(v_oor6));
	b[50] = b[51] = 0;
	TAP_OK(!lisp_ip_udp_csum_ok(b + 4, sizeof(v_oor6) - 4),
	       "IPv6 UDP without checksum refused");
	memcpy(b, v_oor4, sizeof(v_oor4));
	b[30] = b[31] = 0;
	TAP_OK(lisp_ip_udp_csum_ok(b + 4, sizeof(v_oor4) - 4),
	       "IPv4 UDP without checksum accepted");
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		check_vector(&vecs[i]);
	check_fields();
	check_build();
	check_bad();
	return tap_done();
}
