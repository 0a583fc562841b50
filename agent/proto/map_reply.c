// SPDX-License-Identifier: GPL-2.0
/* Map-Reply (RFC 9301 5.4), positive and negative. */
#include "codec.h"
#include "msg.h"

/* First word: Type, P E S, Reserved, Record Count. */
#define MREP_F_PROBE	(1u << 27)
#define MREP_F_ECHO	(1u << 26)
#define MREP_F_SEC	(1u << 25)

int lisp_map_reply_parse(const uint8_t *buf, size_t len,
			 struct lisp_map_reply *out)
{
	struct lisp_rd r;
	unsigned int i;
	uint32_t w;
	int err;

	if (rd_msg_head(&r, buf, len, &w, &out->nonce))
		return r.err;
	if (w >> 28 != LISP_MAP_REPLY)
		return -LISP_ERR_BAD_TYPE;
	out->probe = w & MREP_F_PROBE;
	out->echo_nonce = w & MREP_F_ECHO;
	out->security = w & MREP_F_SEC;
	out->nrec = (uint8_t)w;
	if (out->nrec > LISP_MAX_RECORDS)
		return -LISP_ERR_TOO_MANY_RECORDS;
	for (i = 0; i < out->nrec; i++) {
		err = lisp_record_get(&r, &out->rec[i]);
		if (err)
			return err;
	}
	return rd_left(&r) ? -LISP_ERR_TRAILING_DATA : 0;
}

int lisp_map_reply_write(const struct lisp_map_reply *m,
			 uint8_t *buf, size_t len)
{
	struct lisp_wr w;
	unsigned int i;

	if (m->nrec > LISP_MAX_RECORDS)
		return -LISP_ERR_TOO_MANY_RECORDS;
	wr_init(&w, buf, len);
	wr_be32(&w, (uint32_t)LISP_MAP_REPLY << 28 |
		    (m->probe ? MREP_F_PROBE : 0) |
		    (m->echo_nonce ? MREP_F_ECHO : 0) |
		    (m->security ? MREP_F_SEC : 0) | m->nrec);
	wr_be64(&w, m->nonce);
	for (i = 0; i < m->nrec; i++)
		lisp_record_put(&w, &m->rec[i]);
	return wr_result(&w);
}

bool lisp_map_reply_equal(const struct lisp_map_reply *a,
			  const struct lisp_map_reply *b)
{
	unsigned int i;

	if (a->probe != b->probe || a->echo_nonce != b->echo_nonce ||
	    a->security != b->security || a->nonce != b->nonce ||
	    a->nrec != b->nrec || a->nrec > LISP_MAX_RECORDS)
		return false;
	for (i = 0; i < a->nrec; i++) {
		if (!lisp_record_equal(&a->rec[i], &b->rec[i]))
			return false;
	}
	return true;
}

bool lisp_map_reply_is_probe(const uint8_t *buf, size_t len)
{
	struct lisp_rd r;
	uint32_t w;

	rd_init(&r, buf, len);
	w = rd_be32(&r);
	return !r.err && w >> 28 == LISP_MAP_REPLY && (w & MREP_F_PROBE);
}
