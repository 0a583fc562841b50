/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Words of the command line and of lispd.conf: numbers, addresses and
 * prefixes.  Pure, so both parsers (and the unit tests) share them and
 * refuse a word with the same reason.  Each returns 0, or -1 with a
 * reason naming the word in err ("ttl \"x\": expected a number ...").
 */
#ifndef LISPD_WORD_H
#define LISPD_WORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kernel.h"

/* An IPv4 or IPv6 address; -1 without a reason (callers phrase it). */
int word_addr(const char *s, struct lisp_kaddr *a);
/* A decimal number from min to max, the value of keyword kw. */
int word_uint(const char *kw, const char *s, unsigned long min,
	      unsigned long max, unsigned long *v, char *err, size_t errlen);
/* A unicast IPv4 or IPv6 address, the value of keyword kw. */
int word_unicast(const char *kw, const char *s, struct lisp_kaddr *a,
		 char *err, size_t errlen);
/*
 * "ADDR/LEN", or "ADDR" for a host prefix (*has_plen false; has_plen
 * may be NULL).  With exact, set bits past LEN are refused; without,
 * they are kept (the kernel clears them).
 */
int word_prefix(const char *s, bool exact, struct lisp_kaddr *a,
		uint8_t *plen, bool *has_plen, char *err, size_t errlen);

#endif /* LISPD_WORD_H */
