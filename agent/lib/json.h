/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON string literals, escaped once for every writer: a FILE (the
 * show commands, through print.h) or a caller's buffer (lig's output).
 */
#ifndef LISPD_JSON_H
#define LISPD_JSON_H

#include <stdio.h>

struct strbuf;

/* Print @s as a JSON string literal, escaped. */
void json_print_string(FILE *f, const char *s);
/* The same, appended to @sb. */
void json_strbuf_string(struct strbuf *sb, const char *s);

#endif /* LISPD_JSON_H */
