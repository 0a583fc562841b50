/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attributes of a lisp device (IFLA_LISP_*), as words: what
 * "ip link add NAME type lisp ..." (the iproute2 plugin) and lispd.conf's
 * "device add NAME ..." take, parsed once for both.  Pure: no netlink
 * here; the callers put the attributes in their own messages.
 */
#ifndef LISPD_LIB_LINK_OPTS_H
#define LISPD_LIB_LINK_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/lisp.h>

#define LISP_LINK_BIT(attr)	(1u << (attr))
/* Fixed when the device is made: changing one means a new device. */
#define LISP_LINK_FIXED	(LISP_LINK_BIT(IFLA_LISP_IID) | \
			 LISP_LINK_BIT(IFLA_LISP_PORT) | \
			 LISP_LINK_BIT(IFLA_LISP_LOCAL) | \
			 LISP_LINK_BIT(IFLA_LISP_LOCAL6))

struct lisp_link_opts {
	uint32_t given;		/* LISP_LINK_BIT(IFLA_LISP_*) of each set */
	uint32_t iid;
	uint16_t port;
	uint8_t local4[4];
	uint8_t local6[16];
	uint8_t ttl;		/* 0: inherit */
	uint8_t tos;		/* LISP_TOS_INHERIT: inherit */
	uint32_t miss_rate;
	uint8_t src_check;
	uint8_t dst_check;
};

/*
 * One attribute: keyword kw with value val ("iid", "7").  Returns 1 when
 * kw names one (stored in o), 0 when it does not (o untouched), -1 when
 * val is not a value of it (err says why, naming both).
 */
int lisp_link_opt_parse(struct lisp_link_opts *o, const char *kw,
			const char *val, char *err, size_t errlen);
/*
 * What lisp.ko gives a device for the attributes not given (the same
 * defaults as its newlink): afterwards o describes the whole device,
 * as a dump of it does.  iid and the local addresses stay absent.
 */
void lisp_link_opts_complete(struct lisp_link_opts *o);
/* LISP_LINK_BIT()s of the attributes in which two complete sets differ. */
uint32_t lisp_link_opts_diff(const struct lisp_link_opts *a,
			     const struct lisp_link_opts *b);
/*
 * Attribute attr (IFLA_LISP_*) of o as netlink carries it (host order):
 * its bytes, and their number in *len; NULL when o has not got it.
 */
const void *lisp_link_opt_value(const struct lisp_link_opts *o,
				unsigned int attr, size_t *len);
/* Set attribute attr from netlink's bytes; false for a wrong length. */
bool lisp_link_opt_set(struct lisp_link_opts *o, unsigned int attr,
		       const void *val, size_t len);
/* The keyword of attribute IFLA_LISP_*: "iid", "local", "miss-rate". */
const char *lisp_link_opt_name(unsigned int attr);
/* The keywords of the bits in mask, ", "-separated, into buf. */
const char *lisp_link_opts_names(uint32_t mask, char *buf, size_t len);

#endif /* LISPD_LIB_LINK_OPTS_H */
