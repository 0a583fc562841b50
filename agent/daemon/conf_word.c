// SPDX-License-Identifier: GPL-2.0
/*
 * Words of a configuration line: numbers, addresses, prefixes, device
 * names and keys, each refused with the word and the reason.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_priv.h"
#include "proto/auth.h"

const char *conf_next(struct conf_parser *p)
{
	return p->pos < p->argc ? p->argv[p->pos++] : NULL;
}

const char *conf_peek(const struct conf_parser *p)
{
	return p->pos < p->argc ? p->argv[p->pos] : NULL;
}

int conf_value(struct conf_parser *p, const char *kw, const char *what,
	       const char **out)
{
	*out = conf_next(p);
	if (!*out)
		return conf_fail(p, "\"%s\" needs %s", kw, what);
	return 0;
}

int conf_unexpected(struct conf_parser *p, const char *word,
		    const char *expected)
{
	return conf_fail(p, "unexpected \"%s\" (expected %s)", word, expected);
}

int conf_uint(struct conf_parser *p, const char *kw, const char *s,
	      unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || *v < min || *v > max)
		return conf_fail(p, "%s \"%s\": expected a number from %lu "
				 "to %lu", kw, s, min, max);
	return 0;
}

int conf_u8(struct conf_parser *p, const char *kw, const char *s,
	    uint8_t *v)
{
	unsigned long l;

	if (conf_uint(p, kw, s, 0, 255, &l))
		return -1;
	*v = (uint8_t)l;
	return 0;
}

static int parse_ip(const char *s, struct lisp_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, s, ip->addr) == 1)
		ip->afi = LISP_AFI_IPV4;
	else if (inet_pton(AF_INET6, s, ip->addr) == 1)
		ip->afi = LISP_AFI_IPV6;
	else
		return -1;
	return 0;
}

static bool ip_unicast(const struct lisp_ip *ip)
{
	static const uint8_t zero[16];

	if (ip->afi == LISP_AFI_IPV4)
		return memcmp(ip->addr, zero, 4) && ip->addr[0] < 224;
	return memcmp(ip->addr, zero, 16) && ip->addr[0] != 0xff;
}

int conf_ip(struct conf_parser *p, const char *kw, const char *s,
	    struct lisp_ip *ip)
{
	if (parse_ip(s, ip))
		return conf_fail(p, "%s \"%s\": not an IPv4 or IPv6 address",
				 kw, s);
	if (!ip_unicast(ip))
		return conf_fail(p, "%s \"%s\": not a unicast address", kw, s);
	return 0;
}

static void ip_mask(struct lisp_ip *ip, unsigned int plen)
{
	unsigned int i;

	for (i = plen / 8; i < sizeof(ip->addr); i++)
		ip->addr[i] &= i == plen / 8 ? (uint8_t)(0xff00 >> (plen % 8)) : 0;
}

int conf_prefix(struct conf_parser *p, const char *s, struct lisp_ip *ip,
		uint8_t *plen)
{
	char a[INET6_ADDRSTRLEN + 8], fixed[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	struct lisp_ip masked;
	unsigned long l, max;
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char *end;
	int af;

	if (n >= INET6_ADDRSTRLEN)
		return conf_fail(p, "prefix \"%s\": not an address", s);
	memcpy(a, s, n);
	a[n] = '\0';
	if (parse_ip(a, ip))
		return conf_fail(p, "prefix \"%s\": \"%s\" is not an IPv4 or "
				 "IPv6 address", s, a);
	max = ip->afi == LISP_AFI_IPV4 ? 32 : 128;
	l = max;
	if (slash) {
		errno = 0;
		l = strtoul(slash + 1, &end, 10);
		if (slash[1] < '0' || slash[1] > '9' || *end || errno ||
		    l > max)
			return conf_fail(p, "prefix \"%s\": length must be 0 "
					 "to %lu", s, max);
	}
	*plen = (uint8_t)l;
	masked = *ip;
	ip_mask(&masked, *plen);
	if (memcmp(masked.addr, ip->addr, sizeof(ip->addr))) {
		af = ip->afi == LISP_AFI_IPV4 ? AF_INET : AF_INET6;
		inet_ntop(af, masked.addr, fixed, sizeof(fixed));
		return conf_fail(p, "prefix \"%s\": host bits set (did you "
				 "mean %s/%u?)", s, fixed, *plen);
	}
	return 0;
}

int conf_dev(struct conf_parser *p, const char *s, char *dev)
{
	size_t n = strlen(s);

	/* The kernel's dev_valid_name(): no '/', ':' or blanks. */
	if (!n || n >= IF_NAMESIZE || !strcmp(s, ".") || !strcmp(s, "..") ||
	    strpbrk(s, "/:"))
		return conf_fail(p, "dev \"%s\": not a device name (1 to %d "
				 "characters, no '/' or ':')", s,
				 IF_NAMESIZE - 1);
	memcpy(dev, s, n + 1);
	return 0;
}

static int conf_alg(struct conf_parser *p, const char *s, uint8_t *alg)
{
	if (!strcmp(s, "sha1"))
		*alg = LISP_ALG_HMAC_SHA1_96;
	else if (!strcmp(s, "sha256"))
		*alg = LISP_ALG_HMAC_SHA256_128;
	else
		return conf_fail(p, "key-type \"%s\": expected sha1 or sha256",
				 s);
	return 0;
}

int conf_key_opts(struct conf_parser *p, const char *secret,
		  struct lisp_ms_key *key, uint16_t *port)
{
	bool has_id = false, has_type = false, has_port = false;
	uint8_t alg = LISPD_DEFAULT_ALG;
	unsigned long id = LISPD_DEFAULT_KEY_ID, v;
	const char *kw, *val;
	size_t len = strlen(secret);

	if (len > LISP_MS_KEY_MAX)
		return conf_fail(p, "key: longer than %d bytes",
				 LISP_MS_KEY_MAX);
	while ((kw = conf_next(p))) {
		if (!strcmp(kw, "key-id") && !has_id) {
			if (conf_value(p, kw, "a key-id (0-255)", &val) ||
			    conf_uint(p, kw, val, 0, 255, &id))
				return -1;
			has_id = true;
		} else if (!strcmp(kw, "key-type") && !has_type) {
			if (conf_value(p, kw, "sha1 or sha256", &val) ||
			    conf_alg(p, val, &alg))
				return -1;
			has_type = true;
		} else if (port && !strcmp(kw, "port") && !has_port) {
			if (conf_value(p, kw, "a port number", &val) ||
			    conf_uint(p, kw, val, 1, 65535, &v))
				return -1;
			*port = (uint16_t)v;
			has_port = true;
		} else if (!strcmp(kw, "key-id") || !strcmp(kw, "key-type") ||
			   (port && !strcmp(kw, "port"))) {
			return conf_fail(p, "\"%s\" given twice", kw);
		} else {
			return conf_unexpected(p, kw, port ?
					       "key-id, key-type or port" :
					       "key-id or key-type");
		}
	}
	if (lisp_ms_key_set(key, (unsigned int)id, alg, secret, len))
		return conf_fail(p, "key: not a usable key");
	return 0;
}

int conf_loc_opt(struct conf_parser *p, const char *kw,
		 struct lispd_conf_loc *loc)
{
	const char *val;
	uint8_t *f;

	if (!strcmp(kw, "priority"))
		f = &loc->priority;
	else if (!strcmp(kw, "weight"))
		f = &loc->weight;
	else
		return 0;
	if (conf_value(p, kw, "a number (0-255)", &val) ||
	    conf_u8(p, kw, val, f))
		return -1;
	return 1;
}
