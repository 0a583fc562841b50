// SPDX-License-Identifier: GPL-2.0
/* Prefix bits and FNV-1a (bits.h).  Pure. */
#include <string.h>

#include "lib/bits.h"

#define FNV1A_PRIME	16777619u

bool prefix_bits_equal(const uint8_t *a, const uint8_t *b, unsigned int plen)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (memcmp(a, b, full))
		return false;
	return !rest || !((a[full] ^ b[full]) & (0xff00 >> rest));
}

void prefix_bits_mask(uint8_t *a, size_t n, unsigned int plen)
{
	size_t i;

	for (i = plen / 8; i < n; i++)
		a[i] &= i == plen / 8 ? (uint8_t)(0xff00 >> (plen % 8)) : 0;
}

uint32_t fnv1a(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * FNV1A_PRIME;
	return h;
}

uint32_t fnv1a_str(uint32_t h, const char *s)
{
	return fnv1a(h, s, strlen(s));
}
