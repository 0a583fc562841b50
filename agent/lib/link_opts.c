// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/link_opts.h"
#include "lib/word.h"

static const char *const link_opt_names[IFLA_LISP_MAX + 1] = {
	[IFLA_LISP_IID]		= "iid",
	[IFLA_LISP_PORT]	= "port",
	[IFLA_LISP_LOCAL]	= "local",
	[IFLA_LISP_LOCAL6]	= "local",
	[IFLA_LISP_TTL]		= "ttl",
	[IFLA_LISP_TOS]		= "tos",
	[IFLA_LISP_MISS_RATE]	= "miss-rate",
	[IFLA_LISP_SRC_CHECK]	= "src-check",
	[IFLA_LISP_DST_CHECK]	= "dst-check",
};

/* Where each attribute's value is in struct lisp_link_opts. */
#define LINK_FIELD(attr, f) \
	[attr] = { offsetof(struct lisp_link_opts, f), \
		   sizeof(((struct lisp_link_opts *)0)->f) }
static const struct {
	size_t off, len;
} link_fields[IFLA_LISP_MAX + 1] = {
	LINK_FIELD(IFLA_LISP_IID, iid),
	LINK_FIELD(IFLA_LISP_PORT, port),
	LINK_FIELD(IFLA_LISP_LOCAL, local4),
	LINK_FIELD(IFLA_LISP_LOCAL6, local6),
	LINK_FIELD(IFLA_LISP_TTL, ttl),
	LINK_FIELD(IFLA_LISP_TOS, tos),
	LINK_FIELD(IFLA_LISP_MISS_RATE, miss_rate),
	LINK_FIELD(IFLA_LISP_SRC_CHECK, src_check),
	LINK_FIELD(IFLA_LISP_DST_CHECK, dst_check),
};
#undef LINK_FIELD

const void *lisp_link_opt_value(const struct lisp_link_opts *o,
				unsigned int attr, size_t *len)
{
	if (attr == 0 || attr > IFLA_LISP_MAX || !link_fields[attr].len ||
	    !(o->given & LISP_LINK_BIT(attr)))
		return NULL;
	*len = link_fields[attr].len;
	return (const char *)o + link_fields[attr].off;
}

bool lisp_link_opt_set(struct lisp_link_opts *o, unsigned int attr,
		       const void *val, size_t len)
{
	if (attr == 0 || attr > IFLA_LISP_MAX || !link_fields[attr].len ||
	    len != link_fields[attr].len)
		return false;
	memcpy((char *)o + link_fields[attr].off, val, len);
	o->given |= LISP_LINK_BIT(attr);
	return true;
}

const char *lisp_link_opt_name(unsigned int attr)
{
	return attr <= IFLA_LISP_MAX && link_opt_names[attr] ?
	       link_opt_names[attr] : "?";
}

static int parse_on_off(const char *kw, const char *val, uint8_t *out,
			char *err, size_t errlen)
{
	if (!strcmp(val, "on") || !strcmp(val, "off")) {
		*out = val[1] == 'n';
		return 0;
	}
	snprintf(err, errlen, "%s \"%s\": expected \"on\" or \"off\"", kw,
		 val);
	return -1;
}

/*
 * "inherit" or a number from min to 255 (in hex with 0x, as ip(8) writes
 * a TOS); inherit gives inherit_val.
 */
static int parse_inherit(const char *kw, const char *val, unsigned long min,
			 uint8_t inherit_val, uint8_t *out, char *err,
			 size_t errlen)
{
	unsigned long v;
	char dec[8];

	if (!strcmp(val, "inherit")) {
		*out = inherit_val;
		return 0;
	}
	if (!strncmp(val, "0x", 2) && strlen(val) > 2 && strlen(val) <= 4 &&
	    strspn(val + 2, "0123456789abcdefABCDEF") == strlen(val + 2)) {
		snprintf(dec, sizeof(dec), "%lu", strtoul(val + 2, NULL, 16));
		val = dec;
	}
	if (word_uint(kw, val, min, 255, &v, err, errlen)) {
		snprintf(err + strlen(err), errlen - strlen(err),
			 " or \"inherit\"");
		return -1;
	}
	*out = (uint8_t)v;
	return 0;
}

int lisp_link_opt_parse(struct lisp_link_opts *o, const char *kw,
			const char *val, char *err, size_t errlen)
{
	unsigned int attr;
	unsigned long v;
	int rc = 0;

	if (!strcmp(kw, "iid")) {
		attr = IFLA_LISP_IID;
		rc = word_uint(kw, val, 0, LISP_IID_MAX, &v, err, errlen);
		o->iid = (uint32_t)v;
	} else if (!strcmp(kw, "port")) {
		attr = IFLA_LISP_PORT;
		rc = word_uint(kw, val, 1, UINT16_MAX, &v, err, errlen);
		o->port = (uint16_t)v;
	} else if (!strcmp(kw, "local")) {
		if (inet_pton(AF_INET, val, o->local4) == 1) {
			attr = IFLA_LISP_LOCAL;
		} else if (inet_pton(AF_INET6, val, o->local6) == 1) {
			attr = IFLA_LISP_LOCAL6;
		} else {
			snprintf(err, errlen, "local \"%s\": not an IPv4 or "
				 "IPv6 address", val);
			return -1;
		}
	} else if (!strcmp(kw, "ttl") || !strcmp(kw, "hoplimit")) {
		attr = IFLA_LISP_TTL;
		rc = parse_inherit(kw, val, 1, 0, &o->ttl, err, errlen);
	} else if (!strcmp(kw, "tos") || !strcmp(kw, "dsfield")) {
		attr = IFLA_LISP_TOS;
		rc = parse_inherit(kw, val, 0, LISP_TOS_INHERIT, &o->tos, err,
				   errlen);
	} else if (!strcmp(kw, "miss-rate")) {
		attr = IFLA_LISP_MISS_RATE;
		rc = word_uint(kw, val, 0, UINT32_MAX, &v, err, errlen);
		o->miss_rate = (uint32_t)v;
	} else if (!strcmp(kw, "src-check")) {
		attr = IFLA_LISP_SRC_CHECK;
		rc = parse_on_off(kw, val, &o->src_check, err, errlen);
	} else if (!strcmp(kw, "dst-check")) {
		attr = IFLA_LISP_DST_CHECK;
		rc = parse_on_off(kw, val, &o->dst_check, err, errlen);
	} else {
		return 0;
	}
	if (rc)
		return -1;
	o->given |= LISP_LINK_BIT(attr);
	return 1;
}

void lisp_link_opts_complete(struct lisp_link_opts *o)
{
	if (!(o->given & LISP_LINK_BIT(IFLA_LISP_PORT)))
		o->port = LISP_DATA_PORT;
	if (!(o->given & LISP_LINK_BIT(IFLA_LISP_TTL)))
		o->ttl = 0;
	if (!(o->given & LISP_LINK_BIT(IFLA_LISP_TOS)))
		o->tos = LISP_TOS_INHERIT;
	if (!(o->given & LISP_LINK_BIT(IFLA_LISP_MISS_RATE)))
		o->miss_rate = LISP_MISS_RATE_DEFAULT;
	if (!(o->given & LISP_LINK_BIT(IFLA_LISP_SRC_CHECK)))
		o->src_check = 1;
	if (!(o->given & LISP_LINK_BIT(IFLA_LISP_DST_CHECK)))
		o->dst_check = 0;
	o->given |= LISP_LINK_BIT(IFLA_LISP_PORT) |
		    LISP_LINK_BIT(IFLA_LISP_TTL) |
		    LISP_LINK_BIT(IFLA_LISP_TOS) |
		    LISP_LINK_BIT(IFLA_LISP_MISS_RATE) |
		    LISP_LINK_BIT(IFLA_LISP_SRC_CHECK) |
		    LISP_LINK_BIT(IFLA_LISP_DST_CHECK);
}

uint32_t lisp_link_opts_diff(const struct lisp_link_opts *a,
			     const struct lisp_link_opts *b)
{
	uint32_t diff = a->given ^ b->given;
	const void *va, *vb;
	unsigned int attr;
	size_t len;

	for (attr = 1; attr <= IFLA_LISP_MAX; attr++) {
		va = lisp_link_opt_value(a, attr, &len);
		vb = lisp_link_opt_value(b, attr, &len);
		if (va && vb && memcmp(va, vb, len))
			diff |= LISP_LINK_BIT(attr);
	}
	return diff;
}

const char *lisp_link_opts_names(uint32_t mask, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int a;

	buf[0] = '\0';
	for (a = 1; a <= IFLA_LISP_MAX; a++) {
		if (!(mask & LISP_LINK_BIT(a)) ||
		    (a == IFLA_LISP_LOCAL6 && (mask & LISP_LINK_BIT(IFLA_LISP_LOCAL))))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? ", " : "", lisp_link_opt_name(a));
		if (used >= len)
			break;
	}
	return buf;
}
