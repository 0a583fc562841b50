// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Request codec: vectors written by hand from the RFC 9301 5.2
 * layout (plain request, SMR, RLOC-probe, SMR-invoked from a PITR with
 * two ITR-RLOCs and Instance-IDs, Map-Reply record + xTR-ID), round
 * trips, truncation at every length and bad fields.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/msg.h"
#include "tap.h"

#define NONCE_BYTES 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08
#define NONCE 0x0102030405060708ULL
#define V6_PAD8 0, 0, 0, 0, 0, 0, 0, 0

/* Type 1, no flags, IRC 0 (one ITR-RLOC), 1 record. */
static const uint8_t v_plain[] = {
	0x10, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x01, 198, 51, 100, 10,		/* source EID */
	0x00, 0x01, 192, 0, 2, 1,		/* ITR-RLOC */
	0x00, 0x20, 0x00, 0x01, 198, 51, 100, 130, /* EID-record /32 */
};

/* S bit: Solicit-Map-Request for 198.51.100.0/25. */
static const uint8_t v_smr[] = {
	0x11, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x01, 198, 51, 100, 0,
	0x00, 0x01, 192, 0, 2, 1,
	0x00, 0x19, 0x00, 0x01, 198, 51, 100, 0,
};

/* P bit: RLOC-probe, no source EID, IPv6 ITR-RLOC and EID /64. */
static const uint8_t v_probe[] = {
	0x12, 0x00, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x00,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, V6_PAD8,
	0x00, 0x40, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, V6_PAD8,
};

/* A, p and s bits, IRC 1 (two ITR-RLOCs), 2 records, Instance-ID 42. */
static const uint8_t v_pitr[] = {
	0x18, 0xc0, 0x01, 0x02, NONCE_BYTES,
	0x40, 0x03, 0x00, 0x00, 0x02, 0x20, 0x00, 0x0a,
	0x00, 0x00, 0x00, 0x2a, 0x00, 0x01, 198, 51, 100, 10,
	0x00, 0x01, 192, 0, 2, 1,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x00, 0x20, 0x40, 0x03, 0x00, 0x00, 0x02, 0x20, 0x00, 0x0a,
	0x00, 0x00, 0x00, 0x2a, 0x00, 0x01, 198, 51, 100, 130,
	0x00, 0x80, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x10,
};

/* M, I, L and D bits: a Map-Reply record and the xTR-ID / site-ID. */
static const uint8_t v_mapdata[] = {
	0x14, 0x10, 0x60, 0x01, NONCE_BYTES,
	0x00, 0x01, 198, 51, 100, 10,
	0x00, 0x01, 192, 0, 2, 1,
	0x00, 0x20, 0x00, 0x01, 198, 51, 100, 130,
	0x00, 0x00, 0x05, 0xa0,			/* TTL 1440 */
	0x01, 0x19, 0x10, 0x00,			/* 1 loc, /25, A */
	0x00, 0x00, 0x00, 0x01, 198, 51, 100, 0,
	0x01, 0x64, 0xff, 0x00, 0x00, 0x05, 0x00, 0x01, 192, 0, 2, 1,
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,	/* xTR-ID */
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a,	/* site-ID */
};

struct vec {
	const char *name;
	const uint8_t *buf;
	size_t len;
};

#define VEC(n) { #n, n, sizeof(n) }
static const struct vec vecs[] = {
	VEC(v_plain), VEC(v_smr), VEC(v_probe), VEC(v_pitr), VEC(v_mapdata),
};

static struct lisp_map_request m, m2;

static int parse_exact(const uint8_t *p, size_t len,
		       struct lisp_map_request *out)
{
	uint8_t *q = malloc(len ? len : 1);
	int err;

	memcpy(q, p, len);
	err = lisp_map_request_parse(q, len, out);
	free(q);
	return err;
}

static const char *str(const struct lisp_addr *a, char *buf)
{
	lisp_addr_to_str(a, buf, LISP_ADDR_STRLEN);
	return buf;
}

static void check_vector(const struct vec *v)
{
	uint8_t out[512];
	size_t i;
	int err, n;

	err = parse_exact(v->buf, v->len, &m);
	TAP_OK(err == 0, "%s: parses (%s)", v->name, lisp_strerror(err));
	n = lisp_map_request_write(&m, out, sizeof(out));
	TAP_OK(n == (int)v->len && !memcmp(out, v->buf, v->len),
	       "%s: re-encodes to the same bytes", v->name);
	TAP_OK(parse_exact(out, (size_t)n, &m2) == 0 &&
	       lisp_map_request_equal(&m, &m2), "%s: round trip equal",
	       v->name);
	for (i = 0; i < v->len; i++) {
		if (parse_exact(v->buf, i, &m2) >= 0)
			break;
	}
	TAP_OK(i == v->len, "%s: every truncation fails (first ok at %zu)",
	       v->name, i);
	for (i = 0; i < v->len; i++) {
		if (lisp_map_request_write(&m, out, i) != -LISP_ERR_NO_SPACE)
			break;
	}
	TAP_OK(i == v->len, "%s: every short buffer fails", v->name);
}

static void check_fields(void)
{
	char s[LISP_ADDR_STRLEN];

	parse_exact(v_plain, sizeof(v_plain), &m);
	TAP_OK(m.nonce == NONCE && m.nitr == 1 && m.nrec == 1 &&
	       !m.smr && !m.probe && !m.authoritative,
	       "plain: nonce, counts, no flags");
	TAP_OK(!strcmp(str(&m.source_eid, s), "198.51.100.10"),
	       "plain: source EID %s", s);
	TAP_OK(!strcmp(str(&m.itr_rloc[0], s), "192.0.2.1"),
	       "plain: ITR-RLOC %s", s);
	TAP_OK(m.rec[0].plen == 32 &&
	       !strcmp(str(&m.rec[0].addr, s), "198.51.100.130"),
	       "plain: EID-record %s/%u", s, m.rec[0].plen);

	parse_exact(v_smr, sizeof(v_smr), &m);
	TAP_OK(m.smr && !m.smr_invoked && !m.probe && m.rec[0].plen == 25,
	       "SMR: S bit and /25");

	parse_exact(v_probe, sizeof(v_probe), &m);
	TAP_OK(m.probe && !m.smr && m.source_eid.ip[0].afi == LISP_AFI_NONE,
	       "probe: P bit, no source EID");
	TAP_OK(!strcmp(str(&m.itr_rloc[0], s), "2001:db8::") &&
	       m.rec[0].plen == 64, "probe: IPv6 ITR-RLOC %s", s);

	parse_exact(v_pitr, sizeof(v_pitr), &m);
	TAP_OK(m.authoritative && m.pitr && m.smr_invoked && !m.smr &&
	       m.nitr == 2 && m.nrec == 2, "pitr: A p s bits, 2 ITR-RLOCs");
	TAP_OK(!strcmp(str(&m.source_eid, s), "[42]198.51.100.10"),
	       "pitr: source EID %s", s);
	TAP_OK(!strcmp(str(&m.itr_rloc[1], s), "2001:db8::1"),
	       "pitr: second ITR-RLOC %s", s);
	TAP_OK(!strcmp(str(&m.rec[0].addr, s), "[42]198.51.100.130") &&
	       m.rec[1].plen == 128, "pitr: records %s and /128", s);

	parse_exact(v_mapdata, sizeof(v_mapdata), &m);
	TAP_OK(m.map_data_present && m.xtr_id_present && m.local_xtr &&
	       m.dont_reply, "mapdata: M I L D bits");
	TAP_OK(m.map_reply.ttl == 1440 && m.map_reply.nloc == 1 &&
	       m.map_reply.eid_mask_len == 25 && m.map_reply.authoritative &&
	       m.map_reply.loc[0].local && m.map_reply.loc[0].reachable &&
	       m.map_reply.loc[0].weight == 100,
	       "mapdata: Map-Reply record fields");
	TAP_OK(m.xtr_id[0] == 0x00 && m.xtr_id[15] == 0xff &&
	       m.site_id == 42, "mapdata: xTR-ID and site-ID");
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
	uint8_t b[sizeof(v_pitr) + 1];

	memcpy(b, v_plain, sizeof(v_plain));
	b[0] = 0x20;
	expect_err("type", b, sizeof(v_plain), -LISP_ERR_BAD_TYPE);
	memcpy(b, v_plain, sizeof(v_plain));
	b[2] = 0x08;
	expect_err("IRC 8", b, sizeof(v_plain), -LISP_ERR_TOO_MANY_ITR_RLOCS);
	memcpy(b, v_plain, sizeof(v_plain));
	b[3] = 33;
	expect_err("33 records", b, sizeof(v_plain), -LISP_ERR_TOO_MANY_RECORDS);
	memcpy(b, v_plain, sizeof(v_plain));
	b[3] = 2;
	expect_err("record count high", b, sizeof(v_plain), -LISP_ERR_TRUNCATED);
	memcpy(b, v_plain, sizeof(v_plain));
	b[25] = 33;
	expect_err("mask-len 33", b, sizeof(v_plain), -LISP_ERR_BAD_MASK_LEN);
	memcpy(b, v_plain, sizeof(v_plain));
	b[13] = 3;
	expect_err("source AFI 3", b, sizeof(v_plain), -LISP_ERR_BAD_AFI);
	memcpy(b, v_plain, sizeof(v_plain));
	b[sizeof(v_plain)] = 0;
	expect_err("trailing byte", b, sizeof(v_plain) + 1,
		   -LISP_ERR_TRAILING_DATA);

	/* Reserved bits (R, Rsvd, record Reserved but N) are ignored. */
	memcpy(b, v_plain, sizeof(v_plain));
	b[1] = 0x2f;
	b[2] = 0x80;
	b[24] = 0x7f;
	TAP_OK(parse_exact(b, sizeof(v_plain), &m2) == 0 &&
	       parse_exact(v_plain, sizeof(v_plain), &m) == 0 &&
	       lisp_map_request_equal(&m, &m2), "reserved bits ignored");
}

static void check_write_errors(void)
{
	uint8_t out[512];

	parse_exact(v_plain, sizeof(v_plain), &m);
	m.nitr = 0;
	TAP_OK(lisp_map_request_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_NO_ITR_RLOC, "write: no ITR-RLOC");
	m.nitr = LISP_MAX_ITR_RLOCS + 1;
	TAP_OK(lisp_map_request_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_TOO_MANY_ITR_RLOCS, "write: too many ITR-RLOCs");
	m.nitr = 1;
	m.nrec = LISP_MAX_RECORDS + 1;
	TAP_OK(lisp_map_request_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_TOO_MANY_RECORDS, "write: too many records");
	m.nrec = 1;
	m.rec[0].plen = 33;
	TAP_OK(lisp_map_request_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_BAD_MASK_LEN, "write: mask-len 33");
	m.rec[0].plen = 32;
	m.itr_rloc[0].ip[0].afi = 99;
	TAP_OK(lisp_map_request_write(&m, out, sizeof(out)) ==
	       -LISP_ERR_BAD_AFI, "write: ITR-RLOC AFI 99");
}

/* Build a request from scratch and check the bytes against v_smr. */
static void check_build(void)
{
	static const uint8_t src[4] = { 198, 51, 100, 0 };
	static const uint8_t rloc[4] = { 192, 0, 2, 1 };
	uint8_t out[128];
	int n;

	memset(&m, 0, sizeof(m));
	m.smr = true;
	m.nonce = NONCE;
	lisp_addr_set_ipv4(&m.source_eid, src);
	m.nitr = 1;
	lisp_addr_set_ipv4(&m.itr_rloc[0], rloc);
	m.nrec = 1;
	m.rec[0].plen = 25;
	lisp_addr_set_ipv4(&m.rec[0].addr, src);
	n = lisp_map_request_write(&m, out, sizeof(out));
	TAP_OK(n == (int)sizeof(v_smr) && !memcmp(out, v_smr, sizeof(v_smr)),
	       "SMR built from fields matches the hand vector");
}

/*
 * RFC 9437 3: a subscription has I in the first word, N in the first
 * bit of the EID-record's reserved byte, and the xTR-ID and site-ID
 * after the records.
 */
static const uint8_t v_subscribe[] = {
	0x10, 0x10, 0x00, 0x01, NONCE_BYTES,
	0x00, 0x01, 198, 51, 100, 10,
	0x00, 0x01, 192, 0, 2, 1,
	0x80, 0x20, 0x00, 0x01, 198, 51, 100, 130,
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	0, 0, 0, 0, 0, 0, 0, 7,
};

static void check_subscribe(void)
{
	uint8_t out[128];
	int n;

	parse_exact(v_subscribe, sizeof(v_subscribe), &m);
	TAP_OK(m.xtr_id_present && m.nrec == 1 && m.notify[0] &&
	       m.xtr_id[1] == 0x11 && m.site_id == 7,
	       "subscribe: I bit, N bit of the record, xTR-ID, site-ID");
	n = lisp_map_request_write(&m, out, sizeof(out));
	TAP_OK(n == (int)sizeof(v_subscribe) &&
	       !memcmp(out, v_subscribe, sizeof(v_subscribe)),
	       "subscribe: written back byte for byte");
	parse_exact(v_plain, sizeof(v_plain), &m2);
	TAP_OK(!m2.notify[0] && !lisp_map_request_equal(&m, &m2),
	       "subscribe: N clear in a plain request, and compared");
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++)
		check_vector(&vecs[i]);
	check_fields();
	check_bad();
	check_write_errors();
	check_build();
	check_subscribe();
	return tap_done();
}
