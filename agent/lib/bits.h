/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bits of addresses and keys, for every prefix match and hash table of
 * the agent: prefix bits compared or cleared, hex, FNV-1a.  Pure.  (The
 * kernel's LPM table, kmod/lpm.c, has its own.)
 */
#ifndef LISPD_LIB_BITS_H
#define LISPD_LIB_BITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FNV1A_INIT	2166136261u

/* Do the first plen bits of a and b agree? */
bool prefix_bits_equal(const uint8_t *a, const uint8_t *b, unsigned int plen);
/* Clear the bits of a[0 .. n) past the first plen. */
void prefix_bits_mask(uint8_t *a, size_t n, unsigned int plen);

/* n bytes as 2n lower-case hex digits and a NUL into buf (2n + 1). */
void hex_to_str(const uint8_t *p, size_t n, char *buf);
/* Exactly 2n hex digits (either case) into p[0 .. n): 0, or -1. */
int hex_from_str(const char *s, uint8_t *p, size_t n);

/* FNV-1a of n bytes at p, from h (FNV1A_INIT to start). */
uint32_t fnv1a(uint32_t h, const void *p, size_t n);
/* The same over a string, its NUL left out. */
uint32_t fnv1a_str(uint32_t h, const char *s);

#endif /* LISPD_LIB_BITS_H */
