/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of ip(8)'s internal plugin ABI that link_lisp.so uses: the
 * link_util table ip looks up as "<kind>_link_util", and functions the ip
 * binary exports (-Wl,-export-dynamic).  Layout as in iproute2's
 * ip/ip_common.h and include/json_print.h, unchanged from 4.x to 6.x.
 */
#ifndef LISP_IPROUTE2_ABI_H
#define LISP_IPROUTE2_ABI_H

#include <stdint.h>
#include <stdio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *, int, char **, struct nlmsghdr *);
	void (*print_opt)(struct link_util *, FILE *, struct rtattr *[]);
	void (*print_xstats)(struct link_util *, FILE *, struct rtattr *);
	void (*print_help)(struct link_util *, int, char **, FILE *);
	int (*parse_ifla_xstats)(struct link_util *, int, char **);
	int (*print_ifla_xstats)(struct nlmsghdr *, void *);
};

enum output_type { PRINT_FP = 1, PRINT_JSON = 2, PRINT_ANY = 4 };
/* ip's own print_*() wrappers pass -1: no colour. */
enum color_attr { COLOR_NONE = -1 };

int addattr8(struct nlmsghdr *n, int maxlen, int type, uint8_t data);
int addattr16(struct nlmsghdr *n, int maxlen, int type, uint16_t data);
int addattr32(struct nlmsghdr *n, int maxlen, int type, uint32_t data);
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data,
	      int alen);
void print_color_uint(enum output_type t, enum color_attr color,
		      const char *key, const char *fmt, unsigned int value);
void print_color_string(enum output_type t, enum color_attr color,
			const char *key, const char *fmt, const char *value);

#endif /* LISP_IPROUTE2_ABI_H */
