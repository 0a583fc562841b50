/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printer for every "show": a call names a value once and it comes
 * out as text, as JSON, or both, as iproute2's print_uint(PRINT_ANY,
 * key, fmt, value) does:
 *
 *	print_uint(p, PRINT_ANY, "ttl", " ttl %llu", m->ttl);
 *
 * prints " ttl 60" in text and "ttl":60 (with the comma it needs) in
 * JSON.  PRINT_FP is text only, PRINT_JSON JSON only.  Objects and
 * arrays exist in JSON only; text is what the fmt strings say.  JSON is
 * compact (no spaces); a document ends with print_raw(p, PRINT_JSON,
 * "\n") where the command wants a newline.  Pure (it writes to a FILE).
 */
#ifndef LISPD_LIB_PRINT_H
#define LISPD_LIB_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#define PRINT_MAX_DEPTH	16

enum output_type {
	PRINT_FP = 1,		/* text only */
	PRINT_JSON = 2,		/* JSON only */
	PRINT_ANY = 3,		/* both */
};

struct printer {
	FILE *f;
	bool json;
	unsigned int depth;
	bool sep[PRINT_MAX_DEPTH];	/* a member before: a comma first */
};

/* Start a document (or one more, e.g. a line of "monitor -j"). */
void print_start(struct printer *p, FILE *f, bool json);
bool print_is_json(const struct printer *p);

/* JSON only: {, "key":{ in an object, ] and } to close. */
void print_open_object(struct printer *p, const char *key);
void print_close_object(struct printer *p);
void print_open_array(struct printer *p, const char *key);
void print_close_array(struct printer *p);

/* A member: key in JSON (NULL in an array), fmt in text (NULL: none). */
void print_uint(struct printer *p, enum output_type t, const char *key,
		const char *fmt, unsigned long long v);
void print_string(struct printer *p, enum output_type t, const char *key,
		  const char *fmt, const char *s);
/* JSON true/false; text fmt gets "true" or "false". */
void print_bool(struct printer *p, enum output_type t, const char *key,
		const char *fmt, bool v);
/* JSON null; text fmt as is. */
void print_null(struct printer *p, enum output_type t, const char *key,
		const char *fmt);
/* Text as is (PRINT_FP: a label, a newline), no key or comma. */
__attribute__((format(printf, 3, 4)))
void print_raw(struct printer *p, enum output_type t, const char *fmt, ...);

#endif /* LISPD_LIB_PRINT_H */
