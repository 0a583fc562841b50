// SPDX-License-Identifier: GPL-2.0
/* Prefix bits, hex and FNV-1a (bits.h).  Pure. */
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

void hex_to_str(const uint8_t *p, size_t n, char *buf)
{
	static const char digit[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		buf[2 * i] = digit[p[i] >> 4];
		buf[2 * i + 1] = digit[p[i] & 15];
	}
	buf[2 * n] = 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_from_str(const char *s, uint8_t *p, size_t n)
{
	int hi, lo;
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = hex_digit(s[2 * i]);
		lo = hex_digit(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		p[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
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
