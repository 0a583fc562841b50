// SPDX-License-Identifier: GPL-2.0
/* Generic netlink family "lisp": the control API used by lispd. */

#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "lisp.h"

/* Not const: 6.1's nla_policy.range is a non-const pointer. */
static struct netlink_range_validation lisp_iid_range = {
	.max = LISP_IID_MAX,
};

static const struct nla_policy lisp_loc_policy[LISP_LOC_A_MAX + 1] = {
	[LISP_LOC_A_ADDR]	= { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[LISP_LOC_A_PRIORITY]	= { .type = NLA_U8 },
	[LISP_LOC_A_WEIGHT]	= { .type = NLA_U8 },
	[LISP_LOC_A_UP]		= NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy lisp_map_policy[LISP_MAP_A_MAX + 1] = {
	[LISP_MAP_A_EID]	= { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[LISP_MAP_A_PLEN]	= { .type = NLA_U8 },
	[LISP_MAP_A_ACTION]	= NLA_POLICY_MAX(NLA_U8, LISP_MAP_ACTION_MAX),
	[LISP_MAP_A_TTL]	= { .type = NLA_U32 },
	[LISP_MAP_A_LOCATOR]	= NLA_POLICY_NESTED(lisp_loc_policy),
	[LISP_MAP_A_LOOKUP]	= { .type = NLA_FLAG },
	[LISP_MAP_A_PACKETS]	= { .type = NLA_REJECT },
	[LISP_MAP_A_BYTES]	= { .type = NLA_REJECT },
	[LISP_MAP_A_IDLE_MS]	= { .type = NLA_REJECT },
	[LISP_MAP_A_EXPIRES_MS]	= { .type = NLA_REJECT },
	[LISP_MAP_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, LISP_MAP_F_ALL),
};

static const struct nla_policy lisp_genl_policy[LISP_A_MAX + 1] = {
	[LISP_A_IFINDEX]	= { .type = NLA_U32 },
	[LISP_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[LISP_A_IID]		= NLA_POLICY_FULL_RANGE(NLA_U32, &lisp_iid_range),
	[LISP_A_PORT]		= NLA_POLICY_MIN(NLA_U16, 1),
	[LISP_A_MAP]		= NLA_POLICY_NESTED(lisp_map_policy),
	[LISP_A_EXCL]		= { .type = NLA_FLAG },
	[LISP_A_RLOC]		= { .type = NLA_BINARY, .len = sizeof(struct in6_addr) },
	[LISP_A_RLOC_UP]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LISP_A_STATS]		= { .type = NLA_REJECT },
	[LISP_A_PETR]		= NLA_POLICY_NESTED(lisp_loc_policy),
	[LISP_A_SRC_CHECK]	= { .type = NLA_REJECT },
	[LISP_A_DST_CHECK]	= { .type = NLA_REJECT },
	[LISP_A_MISS_WAITING]	= { .type = NLA_REJECT },
	[LISP_A_MISS_QUEUED]	= { .type = NLA_REJECT },
	[LISP_A_MISS_QUEUED_BYTES] = { .type = NLA_REJECT },
};

/* LISP_A_STATS: the non-zero counters, attribute type = enum lisp_stat. */
static int lisp_put_stats(struct sk_buff *skb, const u64 *ctr)
{
	struct nlattr *nest = nla_nest_start(skb, LISP_A_STATS);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i < __LISP_STAT_MAX; i++)
		if (ctr[i] && nla_put_u64_64bit(skb, i, ctr[i], LISP_STAT_UNSPEC))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* What waits for a mapping now: a snapshot under the miss lock. */
static int lisp_put_miss(struct sk_buff *skb, struct lisp_dev *ldev)
{
	struct lisp_miss *miss = &ldev->miss;
	u32 waiting, queued, bytes;

	spin_lock_bh(&miss->lock);
	waiting = miss->n_pending;
	queued = miss->n_queued;
	bytes = miss->queued_truesize;
	spin_unlock_bh(&miss->lock);
	if (nla_put_u32(skb, LISP_A_MISS_WAITING, waiting) ||
	    nla_put_u32(skb, LISP_A_MISS_QUEUED, queued) ||
	    nla_put_u32(skb, LISP_A_MISS_QUEUED_BYTES, bytes))
		return -EMSGSIZE;
	return 0;
}

static int lisp_fill_dev(struct sk_buff *skb, const struct net_device *dev,
			 u32 portid, u32 seq, int flags)
{
	struct lisp_dev *ldev = netdev_priv(dev);
	u64 ctr[__LISP_STAT_ALL];
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &lisp_genl_family, flags,
			  LISP_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	lisp_stats_read(ldev->stats, ctr);
	if (nla_put_u32(skb, LISP_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, LISP_A_IFNAME, dev->name) ||
	    nla_put_u16(skb, LISP_A_PORT, ldev->cfg.port) ||
	    (ldev->cfg.has_iid && nla_put_u32(skb, LISP_A_IID, ldev->cfg.iid)) ||
	    nla_put_u8(skb, LISP_A_SRC_CHECK, READ_ONCE(ldev->cfg.src_check)) ||
	    nla_put_u8(skb, LISP_A_DST_CHECK, READ_ONCE(ldev->cfg.dst_check)) ||
	    lisp_put_stats(skb, ctr) || lisp_put_miss(skb, ldev))
		goto cancel;
	rcu_read_lock();
	err = lisp_put_petrs(skb, ldev);
	rcu_read_unlock();
	if (err)
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Resolve LISP_A_IFINDEX or LISP_A_IFNAME to a lisp device; takes a ref. */
struct net_device *lisp_dev_get(struct net *net, struct nlattr **attrs,
				struct netlink_ext_ack *extack)
{
	struct net_device *dev = NULL;

	if (attrs[LISP_A_IFINDEX]) {
		dev = dev_get_by_index(net, nla_get_u32(attrs[LISP_A_IFINDEX]));
	} else if (attrs[LISP_A_IFNAME]) {
		dev = dev_get_by_name(net, nla_data(attrs[LISP_A_IFNAME]));
	} else {
		NL_SET_ERR_MSG(extack, "device ifindex or name required");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG(extack, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!lisp_is_lisp_dev(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG(extack, "not a lisp device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

static struct net_device *lisp_dev_from_attrs(struct net *net,
					      struct genl_info *info)
{
	return lisp_dev_get(net, info->attrs, info->extack);
}

static int lisp_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	dev = lisp_dev_from_attrs(genl_info_net(info), info);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	err = lisp_fill_dev(msg, dev, info->snd_portid, info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

/*
 * cb->args[0] counts the lisp devices already dumped.  The device list is
 * in creation order, not ifindex order (an ifindex can be chosen, and
 * devices move between namespaces), so a dump resumes by position; a list
 * changed between rounds marks the dump inconsistent (NLM_F_DUMP_INTR).
 */
static int lisp_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long idx = 0;
	int err = 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(net->dev_base_seq);
	for_each_netdev_rcu(net, dev) {
		if (!lisp_is_lisp_dev(dev))
			continue;
		if (idx++ < cb->args[0])
			continue;
		err = lisp_fill_dev(skb, dev, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		cb->args[0] = idx;
	}
	rcu_read_unlock();
	/* A full skb ends this round; the next resumes at args[0]. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static int lisp_net_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lisp_net *ln = net_generic(genl_info_net(info), lisp_net_id);
	u64 ctr[__LISP_STAT_ALL];
	struct sk_buff *msg;
	void *hdr;

	lisp_stats_read(ln->stats, ctr);
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
			  &lisp_genl_family, 0, LISP_CMD_NET_STATS_GET);
	if (!hdr || lisp_put_stats(msg, ctr)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_small_ops lisp_genl_ops[] = {
	{
		.cmd	= LISP_CMD_DEV_GET,
		.doit	= lisp_dev_get_doit,
		.dumpit	= lisp_dev_get_dumpit,
	},
	{
		.cmd	= LISP_CMD_MAP_ADD,
		.doit	= lisp_map_add_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LISP_CMD_MAP_DEL,
		.doit	= lisp_map_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LISP_CMD_MAP_GET,
		.doit	= lisp_map_get_doit,
		.dumpit	= lisp_map_get_dumpit,
	},
	{
		.cmd	= LISP_CMD_MAP_FLUSH,
		.doit	= lisp_map_flush_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LISP_CMD_RLOC_SET,
		.doit	= lisp_rloc_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LISP_CMD_NET_STATS_GET,
		.doit	= lisp_net_stats_doit,
	},
	/* The database takes the map-cache's handlers (netlink_map.c). */
	{
		.cmd	= LISP_CMD_DB_ADD,
		.doit	= lisp_map_add_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LISP_CMD_DB_DEL,
		.doit	= lisp_map_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LISP_CMD_DB_GET,
		.doit	= lisp_map_get_doit,
		.dumpit	= lisp_map_get_dumpit,
	},
	{
		.cmd	= LISP_CMD_DB_FLUSH,
		.doit	= lisp_map_flush_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LISP_CMD_PETR_SET,
		.doit	= lisp_petr_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

/*
 * The miss group shows the inner addresses of every unresolved flow, and
 * a listener switches the datapath from dropping to queueing; the events
 * group shows inner and outer addresses of flows too: only an
 * administrator of the netns may join either.  Indexes: LISP_MCGRP_*.
 */
static const struct genl_multicast_group lisp_genl_mcgrps[] = {
	[LISP_MCGRP_MISS] = {
		.name = LISP_GENL_MCGRP_MISS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
	[LISP_MCGRP_EVENTS] = {
		.name = LISP_GENL_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family lisp_genl_family __ro_after_init = {
	.name		= LISP_GENL_NAME,
	.version	= LISP_GENL_VERSION,
	.maxattr	= LISP_A_MAX,
	.policy		= lisp_genl_policy,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.small_ops	= lisp_genl_ops,
	.n_small_ops	= ARRAY_SIZE(lisp_genl_ops),
	/* Strict validation for every command. */
	.resv_start_op	= LISP_CMD_DEV_GET,
	.mcgrps		= lisp_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(lisp_genl_mcgrps),
};
