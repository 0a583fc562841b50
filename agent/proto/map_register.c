// SPDX-License-Identifier: GPL-2.0
/*
 * Map-Register (RFC 9301 5.6) and Map-Notify / Map-Notify-Ack (5.7),
 * which carry the same body.  The I and R bits sit where the NAT
 * traversal specification (and Wireshark) put them; a Map-Notify with R
 * ends with a second, MS-RTR, authentication block.
 */
#include <string.h>

#include "codec.h"
#include "msg.h"

/* Map-Register first word: Type, P S I R, Reserved, M, Record Count. */
#define MREG_F_PROXY	(1u << 27)
#define MREG_F_SEC	(1u << 26)
#define MREG_F_XTR_ID	(1u << 25)
#define MREG_F_RTR	(1u << 24)
#define MREG_F_NOTIFY	(1u << 8)
/* Map-Notify(-Ack) first word: Type, I R, Reserved, Record Count. */
#define MNOT_F_XTR_ID	(1u << 27)
#define MNOT_F_RTR	(1u << 26)

static bool is_notify(unsigned int type)
{
	return type == LISP_MAP_NOTIFY || type == LISP_MAP_NOTIFY_ACK;
}

static bool has_ms_rtr_auth(const struct lisp_map_register *m)
{
	return is_notify(m->type) && m->for_rtr;
}

static void flags_from_word(struct lisp_map_register *m, uint32_t w)
{
	if (is_notify(m->type)) {
		m->proxy_reply = m->lisp_sec = m->want_notify = false;
		m->xtr_id_present = w & MNOT_F_XTR_ID;
		m->for_rtr = w & MNOT_F_RTR;
		return;
	}
	m->proxy_reply = w & MREG_F_PROXY;
	m->lisp_sec = w & MREG_F_SEC;
	m->xtr_id_present = w & MREG_F_XTR_ID;
	m->for_rtr = w & MREG_F_RTR;
	m->want_notify = w & MREG_F_NOTIFY;
}

static uint32_t flags_to_word(const struct lisp_map_register *m)
{
	if (is_notify(m->type))
		return (m->xtr_id_present ? MNOT_F_XTR_ID : 0) |
		       (m->for_rtr ? MNOT_F_RTR : 0);
	return (m->proxy_reply ? MREG_F_PROXY : 0) |
	       (m->lisp_sec ? MREG_F_SEC : 0) |
	       (m->xtr_id_present ? MREG_F_XTR_ID : 0) |
	       (m->for_rtr ? MREG_F_RTR : 0) |
	       (m->want_notify ? MREG_F_NOTIFY : 0);
}

static int body_get(struct lisp_rd *r, struct lisp_map_register *m)
{
	unsigned int i;
	int err;

	m->key_id = rd_u8(r);
	m->alg_id = rd_u8(r);
	m->auth_len = rd_be16(r);
	if (r->err)
		return r->err;
	if (m->auth_len > LISP_AUTH_DATA_MAX)
		return -LISP_ERR_BAD_AUTH_LEN;
	rd_copy(r, m->auth, m->auth_len);
	for (i = 0; i < m->nrec; i++) {
		err = lisp_record_get(r, &m->rec[i]);
		if (err)
			return err;
	}
	if (m->xtr_id_present) {
		rd_copy(r, m->xtr_id, LISP_XTR_ID_LEN);
		m->site_id = rd_be64(r);
	}
	if (has_ms_rtr_auth(m)) {
		m->ms_rtr_key_id = rd_be16(r);
		m->ms_rtr_auth_len = rd_be16(r);
		if (!r->err && m->ms_rtr_auth_len > LISP_AUTH_DATA_MAX)
			return -LISP_ERR_BAD_AUTH_LEN;
		rd_copy(r, m->ms_rtr_auth, m->ms_rtr_auth_len);
	}
	if (r->err)
		return r->err;
	return rd_left(r) ? -LISP_ERR_TRAILING_DATA : 0;
}

static int reg_parse(const uint8_t *buf, size_t len,
		     struct lisp_map_register *out, bool notify)
{
	struct lisp_rd r;
	uint32_t w;

	if (rd_msg_head(&r, buf, len, &w, &out->nonce))
		return r.err;
	out->type = (uint8_t)(w >> 28);
	if (notify ? !is_notify(out->type) : out->type != LISP_MAP_REGISTER)
		return -LISP_ERR_BAD_TYPE;
	flags_from_word(out, w);
	out->nrec = (uint8_t)w;
	if (out->nrec > LISP_MAX_RECORDS)
		return -LISP_ERR_TOO_MANY_RECORDS;
	return body_get(&r, out);
}

int lisp_map_register_parse(const uint8_t *buf, size_t len,
			    struct lisp_map_register *out)
{
	return reg_parse(buf, len, out, false);
}

int lisp_map_notify_parse(const uint8_t *buf, size_t len,
			  struct lisp_map_register *out)
{
	return reg_parse(buf, len, out, true);
}

static int reg_check(const struct lisp_map_register *m)
{
	if (m->nrec > LISP_MAX_RECORDS)
		return -LISP_ERR_TOO_MANY_RECORDS;
	if (m->auth_len > LISP_AUTH_DATA_MAX ||
	    (has_ms_rtr_auth(m) && m->ms_rtr_auth_len > LISP_AUTH_DATA_MAX))
		return -LISP_ERR_BAD_AUTH_LEN;
	/* P, S and M mean nothing in a Map-Notify: refuse to drop them. */
	if (is_notify(m->type) &&
	    (m->proxy_reply || m->lisp_sec || m->want_notify))
		return -LISP_ERR_INVALID;
	return 0;
}

static int reg_write(const struct lisp_map_register *m,
		     uint8_t *buf, size_t len)
{
	struct lisp_wr w;
	unsigned int i;
	int err = reg_check(m);

	if (err)
		return err;
	wr_init(&w, buf, len);
	wr_be32(&w, (uint32_t)m->type << 28 | flags_to_word(m) | m->nrec);
	wr_be64(&w, m->nonce);
	wr_u8(&w, m->key_id);
	wr_u8(&w, m->alg_id);
	wr_be16(&w, m->auth_len);
	wr_copy(&w, m->auth, m->auth_len);
	for (i = 0; i < m->nrec; i++)
		lisp_record_put(&w, &m->rec[i]);
	if (m->xtr_id_present) {
		wr_copy(&w, m->xtr_id, LISP_XTR_ID_LEN);
		wr_be64(&w, m->site_id);
	}
	if (has_ms_rtr_auth(m)) {
		wr_be16(&w, m->ms_rtr_key_id);
		wr_be16(&w, m->ms_rtr_auth_len);
		wr_copy(&w, m->ms_rtr_auth, m->ms_rtr_auth_len);
	}
	return wr_result(&w);
}

int lisp_map_register_write(const struct lisp_map_register *m,
			    uint8_t *buf, size_t len)
{
	if (m->type != LISP_MAP_REGISTER)
		return -LISP_ERR_BAD_TYPE;
	return reg_write(m, buf, len);
}

int lisp_map_notify_write(const struct lisp_map_register *m,
			  uint8_t *buf, size_t len)
{
	if (!is_notify(m->type))
		return -LISP_ERR_BAD_TYPE;
	return reg_write(m, buf, len);
}

bool lisp_map_register_equal(const struct lisp_map_register *a,
			     const struct lisp_map_register *b)
{
	unsigned int i;

	if (a->type != b->type || flags_to_word(a) != flags_to_word(b) ||
	    a->nonce != b->nonce || a->key_id != b->key_id ||
	    a->alg_id != b->alg_id || a->auth_len != b->auth_len ||
	    a->auth_len > LISP_AUTH_DATA_MAX || a->nrec != b->nrec ||
	    a->nrec > LISP_MAX_RECORDS ||
	    memcmp(a->auth, b->auth, a->auth_len))
		return false;
	for (i = 0; i < a->nrec; i++) {
		if (!lisp_record_equal(&a->rec[i], &b->rec[i]))
			return false;
	}
	if (a->xtr_id_present &&
	    (memcmp(a->xtr_id, b->xtr_id, LISP_XTR_ID_LEN) ||
	     a->site_id != b->site_id))
		return false;
	if (has_ms_rtr_auth(a) &&
	    (a->ms_rtr_key_id != b->ms_rtr_key_id ||
	     a->ms_rtr_auth_len != b->ms_rtr_auth_len ||
	     a->ms_rtr_auth_len > LISP_AUTH_DATA_MAX ||
	     memcmp(a->ms_rtr_auth, b->ms_rtr_auth, a->ms_rtr_auth_len)))
		return false;
	return true;
}
