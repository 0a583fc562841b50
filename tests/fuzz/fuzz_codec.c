// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the LISP control-plane codec: the input goes to
 * every parser; whatever parses is serialized again, and that must
 * succeed, re-parse and compare equal.  Authentication and the text
 * forms run over the same input to catch memory errors there too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/auth.h"
#include "proto/ecm.h"
#include "proto/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Messages are big: keep them off the stack. */
static struct lisp_map_request req, req2;
static struct lisp_map_reply rep, rep2;
static struct lisp_map_register reg, reg2;
static struct lisp_record rec, rec2;
static uint8_t out[70000];

static void fail(const char *what, int err)
{
	fprintf(stderr, "fuzz_codec: %s (%s)\n", what, lisp_strerror(err));
	abort();
}

static void fuzz_addr(const uint8_t *data, size_t size)
{
	char text[LISP_ADDR_STRLEN];
	struct lisp_addr a, b;
	int n = lisp_addr_parse(data, size, &a), m;

	if (n < 0)
		return;
	if (lisp_addr_to_str(&a, text, sizeof(text)) < 0)
		fail("address text too long", 0);
	lisp_prefix_contains(&a, lisp_addr_max_plen(&a), &a);
	m = lisp_addr_write(&a, out, sizeof(out));
	if (m < 0 || (size_t)m != lisp_addr_wire_len(&a))
		fail("address re-encode", m);
	if (lisp_addr_parse(out, (size_t)m, &b) != m || !lisp_addr_equal(&a, &b))
		fail("address round trip", 0);
	if (a.kind != LISP_ADDR_AFI_LIST &&
	    (lisp_addr_from_str(text, &b) || !lisp_addr_equal(&a, &b)))
		fail("address text round trip", 0);
}

static void fuzz_record(const uint8_t *data, size_t size)
{
	int n = lisp_record_parse(data, size, &rec);

	if (n < 0)
		return;
	n = lisp_record_write(&rec, out, sizeof(out));
	if (n < 0)
		fail("record re-encode", n);
	if (lisp_record_parse(out, (size_t)n, &rec2) != n ||
	    !lisp_record_equal(&rec, &rec2))
		fail("record round trip", 0);
}

static void fuzz_request(const uint8_t *data, size_t size)
{
	int n;

	if (lisp_map_request_parse(data, size, &req))
		return;
	n = lisp_map_request_write(&req, out, sizeof(out));
	if (n < 0)
		fail("Map-Request re-encode", n);
	n = lisp_map_request_parse(out, (size_t)n, &req2);
	if (n || !lisp_map_request_equal(&req, &req2))
		fail("Map-Request round trip", n);
}

static void fuzz_reply(const uint8_t *data, size_t size)
{
	int n;

	if (lisp_map_reply_parse(data, size, &rep))
		return;
	/* The daemon's dispatch on the first word agrees with the parser. */
	if (lisp_map_reply_is_probe(data, size) != rep.probe)
		fail("Map-Reply P bit", 0);
	n = lisp_map_reply_write(&rep, out, sizeof(out));
	if (n < 0)
		fail("Map-Reply re-encode", n);
	n = lisp_map_reply_parse(out, (size_t)n, &rep2);
	if (n || !lisp_map_reply_equal(&rep, &rep2))
		fail("Map-Reply round trip", n);
}

static void fuzz_register(const uint8_t *data, size_t size, bool notify)
{
	int n;

	n = notify ? lisp_map_notify_parse(data, size, &reg) :
		     lisp_map_register_parse(data, size, &reg);
	if (n)
		return;
	n = notify ? lisp_map_notify_write(&reg, out, sizeof(out)) :
		     lisp_map_register_write(&reg, out, sizeof(out));
	if (n < 0)
		fail("Map-Register/Notify re-encode", n);
	n = notify ? lisp_map_notify_parse(out, (size_t)n, &reg2) :
		     lisp_map_register_parse(out, (size_t)n, &reg2);
	if (n || !lisp_map_register_equal(&reg, &reg2))
		fail("Map-Register/Notify round trip", n);
}

static void fuzz_auth(const uint8_t *data, size_t size)
{
	static uint8_t copy[LISP_AUTH_MSG_MAX];
	uint8_t md[64], md2[64];
	int n;

	lisp_auth_verify(data, size, "password", 8);
	if (size > sizeof(copy))
		return;
	memcpy(copy, data, size);
	/* In place, the field hashes as zeros: as a zeroed copy does. */
	n = lisp_auth_digest(data, size, "password", 8, md, sizeof(md));
	if (n > 0) {
		memset(copy + LISP_AUTH_DATA_OFFSET, 0, (size_t)n);
		if (lisp_auth_hmac(data[13], "password", 8, copy, size, md2,
				   sizeof(md2)) != n || memcmp(md, md2, (size_t)n))
			fail("in-place digest is not the zeroed copy's", 0);
	}
	if (lisp_auth_sign(copy, size, "password", 8) == 0 &&
	    lisp_auth_verify(copy, size, "password", 8) != 0)
		fail("signed message does not verify", 0);
}

static void fuzz_messages(const uint8_t *data, size_t size, int depth);

static void fuzz_ecm(const uint8_t *data, size_t size, int depth)
{
	struct lisp_ecm e, e2;
	int n;

	if (lisp_ecm_parse(data, size, &e))
		return;
	lisp_ip_udp_csum_ok(data + LISP_ECM_HDR_LEN, size - LISP_ECM_HDR_LEN);
	if (depth < 2)
		fuzz_messages(e.msg, e.msg_len, depth + 1);
	n = lisp_ecm_write(&e, out, sizeof(out));
	if (n < 0)
		fail("ECM re-encode", n);
	if (lisp_ecm_parse(out, (size_t)n, &e2) || !lisp_ecm_equal(&e, &e2) ||
	    !lisp_ip_udp_csum_ok(out + LISP_ECM_HDR_LEN,
				 (size_t)n - LISP_ECM_HDR_LEN))
		fail("ECM round trip", 0);
}

static void fuzz_messages(const uint8_t *data, size_t size, int depth)
{
	fuzz_request(data, size);
	fuzz_reply(data, size);
	fuzz_register(data, size, false);
	fuzz_register(data, size, true);
	fuzz_ecm(data, size, depth);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_addr(data, size);
	fuzz_record(data, size);
	fuzz_messages(data, size, 0);
	fuzz_auth(data, size);
	return 0;
}
