// SPDX-License-Identifier: GPL-2.0
/* Read the configuration file and hand its text to the parser. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

int lispd_conf_load(const char *path, struct lispd_conf **out, char *err,
		    size_t errlen)
{
	size_t len = 0, cap = 0;
	char *text = NULL, *p;
	FILE *f = fopen(path, "r");
	size_t n;
	int rc;

	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= LISPD_CONF_FILE_MAX) {
				snprintf(err, errlen, "%s: larger than %d bytes",
					 path, LISPD_CONF_FILE_MAX);
				goto err;
			}
			cap = cap ? cap * 2 : 65536;
			p = realloc(text, cap);
			if (!p) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto err;
			}
			text = p;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(errno));
		goto err;
	}
	fclose(f);
	rc = lispd_conf_parse_text(path, text, len, out, err, errlen);
	free(text);
	return rc;
err:
	fclose(f);
	free(text);
	return -1;
}
