/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text appended to a caller's buffer, as the pure code's *_to_str()
 * functions build it: past the end only the length grows, so that one
 * check at the end (strbuf_done()) reports the overflow.  Pure.
 */
#ifndef LISPD_LIB_STRBUF_H
#define LISPD_LIB_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t pos;		/* past len: overflowed */
};

#define STRBUF(buf, len)	((struct strbuf){ (buf), (len), 0 })

__attribute__((format(printf, 2, 3)))
void strbuf_printf(struct strbuf *sb, const char *fmt, ...);
/* The length written, or -LISP_ERR_NO_SPACE if it did not fit. */
int strbuf_done(const struct strbuf *sb);

#endif /* LISPD_LIB_STRBUF_H */
