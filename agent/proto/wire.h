/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounds-checked big-endian cursors used by the codec internally.
 * Errors are sticky: after the first overrun every read returns zeros and
 * every write is dropped, so callers check ->err once per element.
 */
#ifndef LISP_PROTO_WIRE_H
#define LISP_PROTO_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"

struct lisp_rd {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	int err;		/* 0 or -LISP_ERR_TRUNCATED */
};

struct lisp_wr {
	uint8_t *buf;
	size_t len;
	size_t pos;
	int err;		/* 0 or -LISP_ERR_NO_SPACE */
};

static inline void rd_init(struct lisp_rd *r, const uint8_t *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->err = 0;
}

static inline size_t rd_left(const struct lisp_rd *r)
{
	return r->err ? 0 : r->len - r->pos;
}

/* Pointer to the next n bytes, or NULL (and a sticky error). */
static inline const uint8_t *rd_take(struct lisp_rd *r, size_t n)
{
	const uint8_t *p;

	if (r->err)
		return NULL;
	if (r->len - r->pos < n) {
		r->err = -LISP_ERR_TRUNCATED;
		return NULL;
	}
	p = r->buf + r->pos;
	r->pos += n;
	return p;
}

static inline uint8_t rd_u8(struct lisp_rd *r)
{
	const uint8_t *p = rd_take(r, 1);

	return p ? p[0] : 0;
}

static inline uint16_t rd_be16(struct lisp_rd *r)
{
	const uint8_t *p = rd_take(r, 2);

	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

static inline uint32_t rd_be32(struct lisp_rd *r)
{
	const uint8_t *p = rd_take(r, 4);

	if (!p)
		return 0;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t rd_be64(struct lisp_rd *r)
{
	uint64_t hi = rd_be32(r);

	return hi << 32 | rd_be32(r);
}

/*
 * The first 12 bytes of a Map-Request, Map-Reply, Map-Register or
 * Map-Notify: the word with the type, flags and record count, then the
 * nonce.  0, or the reader's error (too short).
 */
static inline int rd_msg_head(struct lisp_rd *r, const uint8_t *buf,
			      size_t len, uint32_t *w, uint64_t *nonce)
{
	rd_init(r, buf, len);
	*w = rd_be32(r);
	*nonce = rd_be64(r);
	return r->err;
}

static inline void rd_copy(struct lisp_rd *r, void *dst, size_t n)
{
	const uint8_t *p = rd_take(r, n);

	if (p)
		memcpy(dst, p, n);
	else
		memset(dst, 0, n);
}

static inline void wr_init(struct lisp_wr *w, uint8_t *buf, size_t len)
{
	w->buf = buf;
	w->len = len;
	w->pos = 0;
	w->err = 0;
}

/* Room for the next n bytes, or NULL (and a sticky error). */
static inline uint8_t *wr_take(struct lisp_wr *w, size_t n)
{
	uint8_t *p;

	if (w->err)
		return NULL;
	if (w->len - w->pos < n) {
		w->err = -LISP_ERR_NO_SPACE;
		return NULL;
	}
	p = w->buf + w->pos;
	w->pos += n;
	return p;
}

static inline void wr_u8(struct lisp_wr *w, uint8_t v)
{
	uint8_t *p = wr_take(w, 1);

	if (p)
		p[0] = v;
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void wr_be16(struct lisp_wr *w, uint16_t v)
{
	uint8_t *p = wr_take(w, 2);

	if (p)
		put_be16(p, v);
}

static inline void wr_be32(struct lisp_wr *w, uint32_t v)
{
	uint8_t *p = wr_take(w, 4);

	if (p)
		put_be32(p, v);
}

static inline void wr_be64(struct lisp_wr *w, uint64_t v)
{
	wr_be32(w, (uint32_t)(v >> 32));
	wr_be32(w, (uint32_t)v);
}

static inline void wr_copy(struct lisp_wr *w, const void *src, size_t n)
{
	uint8_t *p = wr_take(w, n);

	if (p && n)
		memcpy(p, src, n);
}

/* Result of a writer: bytes written or its error. */
static inline int wr_result(const struct lisp_wr *w)
{
	return w->err ? w->err : (int)w->pos;
}

#endif /* LISP_PROTO_WIRE_H */
