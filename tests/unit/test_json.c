// SPDX-License-Identifier: GPL-2.0
/* JSON string escaping used by every "lispd show ... -j". */
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "tap.h"

static char *escape(const char *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_print_string(f, in);
	fclose(f);
	return buf;
}

static void check(const char *in, const char *want, const char *what)
{
	char *got = escape(in);

	TAP_OK(!strcmp(got, want), "%s: got %s", what, got);
	free(got);
}

int main(void)
{
	check("lisp0", "\"lisp0\"", "plain name quoted");
	check("", "\"\"", "empty string");
	check("a\"b", "\"a\\\"b\"", "double quote escaped");
	check("a\\b", "\"a\\\\b\"", "backslash escaped");
	check("a\nb\x01", "\"a\\u000ab\\u0001\"", "control characters as \\u");
	check("caf\xc3\xa9", "\"caf\xc3\xa9\"", "UTF-8 passes through");
	return tap_done();
}
