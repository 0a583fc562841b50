/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal glue between the codec's files: cursor-based element readers
 * and writers.  Not part of the public API.
 */
#ifndef LISP_PROTO_CODEC_H
#define LISP_PROTO_CODEC_H

#include "addr.h"
#include "record.h"
#include "wire.h"

/* Readers return 0 or -LISP_ERR_*; writers leave errors in w->err. */
int lisp_addr_get(struct lisp_rd *r, struct lisp_addr *a);
void lisp_addr_put(struct lisp_wr *w, const struct lisp_addr *a);
int lisp_record_get(struct lisp_rd *r, struct lisp_record *rec);
void lisp_record_put(struct lisp_wr *w, const struct lisp_record *rec);
int lisp_prefix_get(struct lisp_rd *r, struct lisp_prefix *p);
void lisp_prefix_put(struct lisp_wr *w, const struct lisp_prefix *p);

static inline void wr_fail(struct lisp_wr *w, int err)
{
	if (!w->err)
		w->err = err;
}

#endif /* LISP_PROTO_CODEC_H */
