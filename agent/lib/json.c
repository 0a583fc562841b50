// SPDX-License-Identifier: GPL-2.0
/* JSON string literals (json.h).  Pure. */
#include "lib/json.h"
#include "lib/strbuf.h"

/* How c stands in a JSON string: itself (NULL) or esc, filled in. */
static const char *json_escape(unsigned char c, char esc[8])
{
	if (c == '"' || c == '\\')
		snprintf(esc, 8, "\\%c", c);
	else if (c < 0x20)
		snprintf(esc, 8, "\\u%04x", c);
	else
		return NULL;
	return esc;
}

void json_print_string(FILE *f, const char *s)
{
	char esc[8];

	fputc('"', f);
	for (; *s; s++) {
		if (json_escape((unsigned char)*s, esc))
			fputs(esc, f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

void json_strbuf_string(struct strbuf *sb, const char *s)
{
	char esc[8];

	strbuf_printf(sb, "\"");
	for (; *s; s++) {
		if (json_escape((unsigned char)*s, esc))
			strbuf_printf(sb, "%s", esc);
		else
			strbuf_printf(sb, "%c", *s);
	}
	strbuf_printf(sb, "\"");
}
