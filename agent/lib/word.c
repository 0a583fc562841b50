// SPDX-License-Identifier: GPL-2.0
/* Words of the command line and of lispd.conf (word.h).  Pure. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addr.h"
#include "lib/bits.h"
#include "lib/word.h"

int word_addr(const char *s, struct lisp_kaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, a->bytes) == 1)
		a->family = AF_INET6;
	else
		return -1;
	return 0;
}

int word_uint(const char *kw, const char *s, unsigned long min,
	      unsigned long max, unsigned long *v, char *err, size_t errlen)
{
	char *end;

	/* strtoul() alone would take " 1", "+1" and "-1" (as ULONG_MAX). */
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || *v < min || *v > max) {
		snprintf(err, errlen, "%s \"%s\": expected a number from %lu "
			 "to %lu", kw, s, min, max);
		return -1;
	}
	return 0;
}

int word_unicast(const char *kw, const char *s, struct lisp_kaddr *a,
		 char *err, size_t errlen)
{
	struct lisp_ip ip;

	if (word_addr(s, a)) {
		snprintf(err, errlen, "%s \"%s\": not an IPv4 or IPv6 address",
			 kw, s);
		return -1;
	}
	lispd_kaddr_to_ip(a, &ip);
	if (!lisp_ip_unicast(&ip)) {
		snprintf(err, errlen, "%s \"%s\": not a unicast address", kw,
			 s);
		return -1;
	}
	return 0;
}

int word_prefix(const char *s, bool exact, struct lisp_kaddr *a,
		uint8_t *plen, bool *has_plen, char *err, size_t errlen)
{
	char buf[INET6_ADDRSTRLEN + 8], fixed[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	struct lisp_kaddr masked;
	unsigned long l, max;
	char *end;

	if (n >= INET6_ADDRSTRLEN) {
		snprintf(err, errlen, "prefix \"%s\": not an address", s);
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (word_addr(buf, a)) {
		snprintf(err, errlen, "prefix \"%s\": \"%s\" is not an IPv4 or "
			 "IPv6 address", s, buf);
		return -1;
	}
	max = a->family == AF_INET ? 32 : 128;
	l = max;
	if (slash) {
		errno = 0;
		l = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || *end || errno ||
		    l > max) {
			snprintf(err, errlen, "prefix \"%s\": length must be 0 "
				 "to %lu", s, max);
			return -1;
		}
	}
	*plen = (uint8_t)l;
	if (has_plen)
		*has_plen = slash != NULL;
	if (!exact)
		return 0;
	masked = *a;
	prefix_bits_mask(masked.bytes, sizeof(masked.bytes), *plen);
	if (memcmp(masked.bytes, a->bytes, sizeof(a->bytes))) {
		inet_ntop(a->family, masked.bytes, fixed, sizeof(fixed));
		snprintf(err, errlen, "prefix \"%s\": host bits set (did you "
			 "mean %s/%u?)", s, fixed, *plen);
		return -1;
	}
	return 0;
}
