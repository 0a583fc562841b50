/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the user-space unit tests:
 *   TAP_OK(cond, "description %d", x);  ...  return tap_done();
 * Every check prints "ok N - ..." or "not ok N - ..."; tap_done() prints
 * the plan and returns the exit status (1 if anything failed).
 */
#ifndef LISP_TAP_H
#define LISP_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 4, 5), unused))
static int tap_result(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!ok)
		tap_failed++;
	printf("%sok %d - ", ok ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
	return ok;
}

#define TAP_OK(cond, ...) tap_result(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

__attribute__((unused))
static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* LISP_TAP_H */
