// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's log: one line per event on stderr, "lispd[level]: ...".
 * No timestamps: under systemd the journal adds them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "daemon.h"

/* Atomic: worker threads log too (worker.c), the main thread sets it. */
_Atomic enum lispd_log_level lispd_log_level = LISPD_LOG_INFO;

void lispd_log_set_level(enum lispd_log_level l)
{
	lispd_log_level = l;
}

void lispd_log(enum lispd_log_level l, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (l < lispd_log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line, so lines of concurrent writers do not mix. */
	fprintf(stderr, "lispd[%s]: %s\n", lispd_log_level_str(l), line);
}

void lispd_report_error(FILE *report, int *errors, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("%s", msg);
	if (report)
		fprintf(report, "%s\n", msg);
	(*errors)++;
}

const char *lispd_ip_str(const struct lisp_ip *ip, char *buf)
{
	lisp_ip_to_str(ip, buf, LISP_ADDR_STRLEN);
	return buf;
}
