// SPDX-License-Identifier: GPL-2.0
/* Text appended to a caller's buffer (strbuf.h).  Pure. */
#include <stdarg.h>
#include <stdio.h>

#include "lib/strbuf.h"
#include "proto/err.h"

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(sb->pos < sb->len ? sb->buf + sb->pos : NULL,
		      sb->pos < sb->len ? sb->len - sb->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->pos += (size_t)n;
}

int strbuf_done(const struct strbuf *sb)
{
	return sb->pos < sb->len ? (int)sb->pos : -LISP_ERR_NO_SPACE;
}
