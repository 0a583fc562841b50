// SPDX-License-Identifier: GPL-2.0
/*
 * Rejected Map-Registers are logged once per source and reason (issue
 * 11, item 6), and, across sources, at most LISP_MS_REPORT_BURST lines
 * a LISP_MS_REPORT_WINDOW_MS: spoofed sources cannot flood the log.
 */
#include "ms_test.h"
#include "tap.h"

int main(void)
{
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ip src = IP("192.0.2.1");
	unsigned int i, logged = 0;

	for (i = 0; i < 1000; i++) {
		src.addr[2] = (uint8_t)(i >> 8);
		src.addr[3] = (uint8_t)i;
		logged += !lisp_ms_reported(ms, &src, 3, 1000000 + i);
	}
	TAP_OK(logged <= 10, "1000 sources in 1 s: %u lines logged", logged);
	src.addr[3] = 0xfe;
	src.addr[2] = 0x7f;
	TAP_OK(!lisp_ms_reported(ms, &src, 3, 1000000 + 3600000),
	       "an hour later: logged again");
	lisp_ms_free(ms);
	return tap_done();
}
