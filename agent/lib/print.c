// SPDX-License-Identifier: GPL-2.0
/* Text and JSON from one call (print.h).  Pure. */
#include <stdarg.h>
#include <string.h>

#include "lib/json.h"
#include "lib/print.h"

void print_start(struct printer *p, FILE *f, bool json)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->json = json;
}

bool print_is_json(const struct printer *p)
{
	return p->json;
}

static bool wanted(const struct printer *p, enum output_type t)
{
	return t & (p->json ? PRINT_JSON : PRINT_FP);
}

/* The comma and "key": before a JSON member or element. */
static void json_member(struct printer *p, const char *key)
{
	if (p->sep[p->depth])
		fputc(',', p->f);
	p->sep[p->depth] = true;
	if (key) {
		json_print_string(p->f, key);
		fputc(':', p->f);
	}
}

static void json_open(struct printer *p, const char *key, char c)
{
	if (!p->json)
		return;
	json_member(p, key);
	fputc(c, p->f);
	if (p->depth + 1 < PRINT_MAX_DEPTH)
		p->depth++;
	p->sep[p->depth] = false;
}

static void json_close(struct printer *p, char c)
{
	if (!p->json)
		return;
	fputc(c, p->f);
	if (p->depth)
		p->depth--;
}

void print_open_object(struct printer *p, const char *key)
{
	json_open(p, key, '{');
}

void print_close_object(struct printer *p)
{
	json_close(p, '}');
}

void print_open_array(struct printer *p, const char *key)
{
	json_open(p, key, '[');
}

void print_close_array(struct printer *p)
{
	json_close(p, ']');
}

/* fmt has one conversion, for the value (or none). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void print_uint(struct printer *p, enum output_type t, const char *key,
		const char *fmt, unsigned long long v)
{
	if (!wanted(p, t))
		return;
	if (p->json) {
		json_member(p, key);
		fprintf(p->f, "%llu", v);
	} else if (fmt) {
		fprintf(p->f, fmt, v);
	}
}

void print_string(struct printer *p, enum output_type t, const char *key,
		  const char *fmt, const char *s)
{
	if (!wanted(p, t))
		return;
	if (p->json) {
		json_member(p, key);
		json_print_string(p->f, s);
	} else if (fmt) {
		fprintf(p->f, fmt, s);
	}
}

void print_bool(struct printer *p, enum output_type t, const char *key,
		const char *fmt, bool v)
{
	if (!wanted(p, t))
		return;
	if (p->json) {
		json_member(p, key);
		fputs(v ? "true" : "false", p->f);
	} else if (fmt) {
		fprintf(p->f, fmt, v ? "true" : "false");
	}
}

void print_null(struct printer *p, enum output_type t, const char *key,
		const char *fmt)
{
	if (!wanted(p, t))
		return;
	if (p->json) {
		json_member(p, key);
		fputs("null", p->f);
	} else if (fmt) {
		fputs(fmt, p->f);
	}
}

#pragma GCC diagnostic pop

void print_raw(struct printer *p, enum output_type t, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(p, t))
		return;
	va_start(ap, fmt);
	vfprintf(p->f, fmt, ap);
	va_end(ap);
}
