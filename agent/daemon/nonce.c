// SPDX-License-Identifier: GPL-2.0
/*
 * Nonces from getrandom(2): RFC 9301 5.2 wants them random so that an
 * off-path attacker cannot forge the Map-Reply or Map-Notify that
 * carries one back.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

#include "nonce.h"

uint64_t lispd_nonce(void *arg)
{
	uint64_t v;
	ssize_t n;

	(void)arg;
	do {
		n = getrandom(&v, sizeof(v), 0);
	} while (n < 0 && errno == EINTR);
	/* 8 bytes never come short from getrandom(); no CSPRNG: give up. */
	if (n != (ssize_t)sizeof(v))
		abort();
	return v;
}

uint64_t lispd_realtime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}
