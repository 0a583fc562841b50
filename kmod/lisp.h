/* SPDX-License-Identifier: GPL-2.0 */
/* Internal declarations shared by the files of lisp.ko. */
#ifndef _LISP_KMOD_H
#define _LISP_KMOD_H

#include <linux/netdevice.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <linux/lisp.h>

/* Settings from IFLA_LISP_*; written under RTNL, read locklessly. */
struct lisp_config {
	u32 iid;		/* meaningful only when has_iid */
	bool has_iid;
	u16 port;		/* UDP data port, host order */
	__be32 local4;		/* 0 = not set */
	struct in6_addr local6;	/* :: = not set */
	u8 ttl;			/* 0 = inherit */
	u8 tos;			/* LISP_TOS_INHERIT = inherit */
};

/* Private part of a lisp netdevice. */
struct lisp_dev {
	/* Entry in lisp_net.devs of the underlay netns; protected by RTNL. */
	struct list_head list;
	struct net_device *dev;
	/*
	 * Underlay netns: where encapsulated packets are sent and received.
	 * Not refcounted: lisp_net_exit() deletes the device before this
	 * netns goes away.
	 */
	struct net *net;
	struct lisp_config cfg;
};

/* Per-netns state, for the netns that is the underlay of its devices. */
struct lisp_net {
	struct list_head devs;	/* of struct lisp_dev; protected by RTNL */
};

extern unsigned int lisp_net_id;
extern struct rtnl_link_ops lisp_link_ops;
extern struct genl_family lisp_genl_family;

bool lisp_is_lisp_dev(const struct net_device *dev);
void lisp_net_destroy_devs(struct net *net, struct list_head *kill);

#endif /* _LISP_KMOD_H */
