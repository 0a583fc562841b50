/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * LISP (Locator/ID Separation Protocol, RFC 9300/9301) for Linux:
 * the one definition of the API between lisp.ko and user space
 * (lispd, the iproute2 plugin, tests).  Nothing here is defined twice.
 */
#ifndef _UAPI_LINUX_LISP_H
#define _UAPI_LINUX_LISP_H

#include <linux/types.h>

/* Well-known ports, RFC 9300 section 5 and RFC 9301 section 5. */
#define LISP_DATA_PORT		4341
#define LISP_CONTROL_PORT	4342

/* The LISP data header is 8 bytes (RFC 9300 section 5.1). */
#define LISP_HDR_LEN		8
/* Encapsulation overhead: outer IP header + UDP header + LISP header. */
#define LISP_V4_OVERHEAD	(20 + 8 + LISP_HDR_LEN)
#define LISP_V6_OVERHEAD	(40 + 8 + LISP_HDR_LEN)

/* The instance-id is 24 bits wide in the data header. */
#define LISP_IID_MAX		0xffffff

/* IFLA_LISP_TOS value that copies the inner TOS/traffic class outward. */
#define LISP_TOS_INHERIT	1

/*
 * rtnetlink: attributes nested in IFLA_INFO_DATA for link kind "lisp"
 * ("ip link add lisp0 type lisp iid 7 port 4341 local 192.0.2.1").
 */
enum {
	IFLA_LISP_UNSPEC,
	IFLA_LISP_IID,		/* u32: instance-id (<= LISP_IID_MAX); absent
				 * means packets carry no I bit
				 */
	IFLA_LISP_PORT,		/* u16, host order: UDP data port */
	IFLA_LISP_LOCAL,	/* struct in_addr: local IPv4 RLOC */
	IFLA_LISP_LOCAL6,	/* struct in6_addr: local IPv6 RLOC */
	IFLA_LISP_TTL,		/* u8: outer TTL/hop limit, 0 = inherit */
	IFLA_LISP_TOS,		/* u8: outer TOS, LISP_TOS_INHERIT = inherit */
	__IFLA_LISP_MAX
};

#define IFLA_LISP_MAX (__IFLA_LISP_MAX - 1)

/* Generic netlink family. */
#define LISP_GENL_NAME		"lisp"
#define LISP_GENL_VERSION	1
/* Multicast group on which map-cache misses are announced. */
#define LISP_GENL_MCGRP_MISS	"miss"

enum lisp_cmd {
	LISP_CMD_UNSPEC,
	/*
	 * Get one device (LISP_A_IFINDEX or LISP_A_IFNAME) or dump every
	 * lisp device of the caller's netns.  Replies carry LISP_A_IFINDEX,
	 * LISP_A_IFNAME, LISP_A_PORT and, when set, LISP_A_IID.
	 */
	LISP_CMD_DEV_GET,
	__LISP_CMD_MAX
};

#define LISP_CMD_MAX (__LISP_CMD_MAX - 1)

enum lisp_attr {
	LISP_A_UNSPEC,
	LISP_A_IFINDEX,		/* u32 */
	LISP_A_IFNAME,		/* string, < IFNAMSIZ */
	LISP_A_IID,		/* u32 */
	LISP_A_PORT,		/* u16, host order */
	__LISP_A_MAX
};

#define LISP_A_MAX (__LISP_A_MAX - 1)

#endif /* _UAPI_LINUX_LISP_H */
