// SPDX-License-Identifier: GPL-2.0
/*
 * Token buckets per address (issue 11, items 5 and 6): burst at once,
 * rate a second after, per address; the table never grows, an address
 * new to a full set takes its least recently seen entry.
 */
#include <stdio.h>

#include "lib/ratelimit.h"
#include "tap.h"

static struct lisp_ip ip4(unsigned int n)
{
	struct lisp_ip ip = { .afi = LISP_AFI_IPV4 };

	ip.addr[0] = 10;
	ip.addr[1] = (uint8_t)(n >> 16);
	ip.addr[2] = (uint8_t)(n >> 8);
	ip.addr[3] = (uint8_t)n;
	return ip;
}

static unsigned int allowed(struct lisp_rl *rl, struct lisp_ip ip,
			    unsigned int n, uint64_t now)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++)
		ok += lisp_rl_allow(rl, &ip, now);
	return ok;
}

int main(void)
{
	struct lisp_rl rl;
	unsigned int i, ok;

	TAP_OK(!lisp_rl_init(&rl, 64, 12345) && rl.nsets * LISP_RL_WAYS == 64,
	       "64 entries");
	TAP_OK(allowed(&rl, ip4(1), 100, 1000) == 100, "rate 0: no limit");
	lisp_rl_set(&rl, 10, 5);
	ok = allowed(&rl, ip4(2), 100, 1000);
	TAP_OK(ok == 5 && rl.limited == 95, "burst 5 at once (%u), 95 refused",
	       ok);
	TAP_OK(allowed(&rl, ip4(3), 100, 1000) == 5,
	       "another address has its own bucket");
	ok = allowed(&rl, ip4(2), 100, 1300);
	TAP_OK(ok == 3, "10/s: 3 tokens after 300 ms (%u)", ok);
	ok = allowed(&rl, ip4(2), 100, 100000);
	TAP_OK(ok == 5, "never more than the burst (%u)", ok);
	for (i = 0; i < 100000; i++)
		lisp_rl_allow(&rl, (const struct lisp_ip[]){ ip4(100 + i) },
			      2000 + i);
	TAP_OK(rl.nsets * LISP_RL_WAYS == 64 && rl.evicted >= 100000 - 64,
	       "100000 sources: still 64 entries, %llu evicted",
	       (unsigned long long)rl.evicted);
	ok = 0;
	for (i = 0; i < 100; i++)
		ok += lisp_rl_allow(&rl, (const struct lisp_ip[]){ ip4(7) },
			    200000);
	TAP_OK(ok == 5, "a flood of new sources: each still at most burst");
	lisp_rl_free(&rl);

	/* One bucket for all sources: what the table cannot bound. */
	struct lisp_tb tb = { 0 };

	for (i = ok = 0; i < 100; i++)
		ok += lisp_tb_allow(&tb, 1000);
	TAP_OK(ok == 100, "one bucket, rate 0: no limit");
	lisp_tb_set(&tb, 10, 20);
	for (i = ok = 0; i < 100; i++)
		ok += lisp_tb_allow(&tb, 5000);
	TAP_OK(ok == 20 && tb.limited == 80, "one bucket: burst 20 (%u)", ok);
	for (i = ok = 0; i < 100; i++)
		ok += lisp_tb_allow(&tb, 5500);
	TAP_OK(ok == 5, "one bucket: 10/s, 5 after 500 ms (%u)", ok);
	lisp_tb_set(&tb, 10, 2);
	for (i = ok = 0; i < 100; i++)
		ok += lisp_tb_allow(&tb, 60000);
	TAP_OK(ok == 2, "one bucket: a smaller burst holds at once (%u)", ok);
	return tap_done();
}
