// SPDX-License-Identifier: GPL-2.0
/*
 * iproute2 plugin for link kind "lisp", loaded by the stock ip(8) from its
 * lib directory (or $IP_LIB_DIR) as link_lisp.so:
 *
 *   ip link add lisp0 type lisp [iid N] [port N] [local ADDR]
 *                               [ttl N|inherit] [tos N|inherit] [miss-rate N]
 *                               [src-check on|off] [dst-check on|off]
 *   ip -d [-j] link show lisp0
 *
 * The words are lib/link_opts.c's, which lispd.conf's "device add" reads
 * too; the kernel's extack messages (ip prints them) give the rest.
 * Only lisp_link_util is visible to ip: the helpers built into this
 * object are hidden (-fvisibility=hidden).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/lisp.h>

#include "iproute2_abi.h"
#include "lib/link_opts.h"

/* The size of the request buffer ip(8) hands to link plugins. */
#define IPLINK_REQ_MAX 1024

static void lisp_print_help(struct link_util *lu, int argc, char **argv,
			    FILE *f)
{
	(void)lu; (void)argc; (void)argv;
	fprintf(f,
		"Usage: ... lisp [ iid INSTANCE_ID ] [ port PORT ] [ local ADDR ]\n"
		"                [ ttl { 1..255 | inherit } ] [ tos { TOS | inherit } ]\n"
		"                [ miss-rate NOTIFICATIONS_PER_SECOND ]\n"
		"                [ src-check { on | off } ] [ dst-check { on | off } ]\n"
		"\n"
		"Where: INSTANCE_ID := 0-16777215 (absent: no instance-id in packets)\n"
		"       PORT        := UDP data port, default %u\n"
		"       ADDR        := local IPv4 or IPv6 RLOC\n"
		"       miss-rate   := 0 for no limit, default %u\n"
		"       src-check   := encapsulate only from database EIDs (default on;\n"
		"                      off for a proxy ITR)\n"
		"       dst-check   := decapsulate only to database EIDs (default off)\n",
		LISP_DATA_PORT, LISP_MISS_RATE_DEFAULT);
}

/* o's attributes into ip's request. */
static void put_opts(struct nlmsghdr *n, const struct lisp_link_opts *o)
{
	const void *v;
	unsigned int attr;
	size_t len;

	for (attr = 1; attr <= IFLA_LISP_MAX; attr++) {
		v = lisp_link_opt_value(o, attr, &len);
		if (v)
			addattr_l(n, IPLINK_REQ_MAX, (int)attr, v, (int)len);
	}
}

static int lisp_parse_opt(struct link_util *lu, int argc, char **argv,
			  struct nlmsghdr *n)
{
	struct lisp_link_opts o = { .given = 0 };
	char err[256];
	int rc;

	while (argc > 0) {
		if (!strcmp(*argv, "help")) {
			lisp_print_help(lu, argc, argv, stdout);
			return -1;
		}
		if (argc < 2) {
			fprintf(stderr, "lisp: \"%s\" needs a value\n", *argv);
			return -1;
		}
		rc = lisp_link_opt_parse(&o, argv[0], argv[1], err, sizeof(err));
		if (rc < 0) {
			fprintf(stderr, "lisp: %s\n", err);
			return -1;
		}
		if (rc == 0) {
			fprintf(stderr, "lisp: unknown option \"%s\"; try \"ip link help lisp\"\n",
				*argv);
			return -1;
		}
		argc -= 2;
		argv += 2;
	}
	put_opts(n, &o);
	return 0;
}

static uint32_t attr_u32(const struct rtattr *a) { return *(const uint32_t *)RTA_DATA(a); }
static uint16_t attr_u16(const struct rtattr *a) { return *(const uint16_t *)RTA_DATA(a); }
static uint8_t attr_u8(const struct rtattr *a) { return *(const uint8_t *)RTA_DATA(a); }

static void print_addr(struct rtattr *a, int family)
{
	char buf[INET6_ADDRSTRLEN];
	size_t want = family == AF_INET ? 4 : 16;

	if (RTA_PAYLOAD(a) != want ||
	    !inet_ntop(family, RTA_DATA(a), buf, sizeof(buf)))
		return;
	print_color_string(PRINT_ANY, COLOR_NONE, "local", "local %s ", buf);
}

static void lisp_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	(void)lu; (void)f;
	if (!tb)
		return;
	if (tb[IFLA_LISP_IID])
		print_color_uint(PRINT_ANY, COLOR_NONE, "iid", "iid %u ",
				 attr_u32(tb[IFLA_LISP_IID]));
	if (tb[IFLA_LISP_PORT])
		print_color_uint(PRINT_ANY, COLOR_NONE, "port", "port %u ",
				 attr_u16(tb[IFLA_LISP_PORT]));
	if (tb[IFLA_LISP_LOCAL])
		print_addr(tb[IFLA_LISP_LOCAL], AF_INET);
	if (tb[IFLA_LISP_LOCAL6])
		print_addr(tb[IFLA_LISP_LOCAL6], AF_INET6);
	if (tb[IFLA_LISP_TTL]) {
		uint8_t ttl = attr_u8(tb[IFLA_LISP_TTL]);

		if (ttl)
			print_color_uint(PRINT_ANY, COLOR_NONE, "ttl", "ttl %u ", ttl);
		else
			print_color_string(PRINT_ANY, COLOR_NONE, "ttl", "ttl %s ",
					   "inherit");
	}
	if (tb[IFLA_LISP_TOS]) {
		uint8_t tos = attr_u8(tb[IFLA_LISP_TOS]);

		if (tos == LISP_TOS_INHERIT)
			print_color_string(PRINT_ANY, COLOR_NONE, "tos", "tos %s ",
					   "inherit");
		else
			print_color_uint(PRINT_ANY, COLOR_NONE, "tos", "tos 0x%x ", tos);
	}
	if (tb[IFLA_LISP_MISS_RATE])
		print_color_uint(PRINT_ANY, COLOR_NONE, "miss_rate", "miss-rate %u ",
				 attr_u32(tb[IFLA_LISP_MISS_RATE]));
	if (tb[IFLA_LISP_SRC_CHECK])
		print_color_string(PRINT_ANY, COLOR_NONE, "src_check", "src-check %s ",
				   attr_u8(tb[IFLA_LISP_SRC_CHECK]) ? "on" : "off");
	if (tb[IFLA_LISP_DST_CHECK])
		print_color_string(PRINT_ANY, COLOR_NONE, "dst_check", "dst-check %s ",
				   attr_u8(tb[IFLA_LISP_DST_CHECK]) ? "on" : "off");
}

__attribute__((visibility("default")))
struct link_util lisp_link_util = {
	.id		= "lisp",
	.maxattr	= IFLA_LISP_MAX,
	.parse_opt	= lisp_parse_opt,
	.print_opt	= lisp_print_opt,
	.print_help	= lisp_print_help,
};
