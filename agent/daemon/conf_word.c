// SPDX-License-Identifier: GPL-2.0
/*
 * Words of a configuration line: numbers, addresses, prefixes, device
 * names and keys, each refused with the word and the reason.
 */
#include <string.h>

#include "conf_priv.h"
#include "proto/auth.h"
#include "lib/word.h"

const char *conf_next(struct conf_parser *p)
{
	return p->pos < p->argc ? p->argv[p->pos++] : NULL;
}

const char *conf_peek(const struct conf_parser *p)
{
	return p->pos < p->argc ? p->argv[p->pos] : NULL;
}

char *const *conf_rest(struct conf_parser *p, int *n)
{
	char *const *w = p->argv + p->pos;

	*n = p->argc - p->pos;
	p->pos = p->argc;
	return w;
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

/* A reason from word.c, as "FILE:LINE: reason". */
static int conf_why(struct conf_parser *p, int rc, const char *why)
{
	return rc ? conf_fail(p, "%s", why) : 0;
}

int conf_uint(struct conf_parser *p, const char *kw, const char *s,
	      unsigned long min, unsigned long max, unsigned long *v)
{
	char why[LISPD_CONF_ERR_MAX];

	return conf_why(p, word_uint(kw, s, min, max, v, why, sizeof(why)),
			why);
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

int conf_ip(struct conf_parser *p, const char *kw, const char *s,
	    struct lisp_ip *ip)
{
	char why[LISPD_CONF_ERR_MAX];
	struct lisp_kaddr a;

	if (conf_why(p, word_unicast(kw, s, &a, why, sizeof(why)), why))
		return -1;
	lispd_kaddr_to_ip(&a, ip);
	return 0;
}

int conf_prefix(struct conf_parser *p, const char *s, struct lisp_ip *ip,
		uint8_t *plen)
{
	char why[LISPD_CONF_ERR_MAX];
	struct lisp_kaddr a;

	/* Host bits refused: one spelling per prefix (duplicates, reload). */
	if (conf_why(p, word_prefix(s, true, &a, plen, NULL, why, sizeof(why)),
		     why))
		return -1;
	lispd_kaddr_to_ip(&a, ip);
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
