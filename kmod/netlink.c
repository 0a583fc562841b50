// SPDX-License-Identifier: GPL-2.0
/* Generic netlink family "lisp": the control API used by lispd. */

#include <net/genetlink.h>
#include <net/sock.h>

#include "lisp.h"

/* Not const: 6.1's nla_policy.range is a non-const pointer. */
static struct netlink_range_validation lisp_iid_range = {
	.max = LISP_IID_MAX,
};

static const struct nla_policy lisp_genl_policy[LISP_A_MAX + 1] = {
	[LISP_A_IFINDEX]	= { .type = NLA_U32 },
	[LISP_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[LISP_A_IID]		= NLA_POLICY_FULL_RANGE(NLA_U32, &lisp_iid_range),
	[LISP_A_PORT]		= NLA_POLICY_MIN(NLA_U16, 1),
};

static int lisp_fill_dev(struct sk_buff *skb, const struct net_device *dev,
			 u32 portid, u32 seq, int flags)
{
	const struct lisp_dev *ldev = netdev_priv(dev);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &lisp_genl_family, flags,
			  LISP_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, LISP_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, LISP_A_IFNAME, dev->name) ||
	    nla_put_u16(skb, LISP_A_PORT, ldev->cfg.port) ||
	    (ldev->cfg.has_iid && nla_put_u32(skb, LISP_A_IID, ldev->cfg.iid))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Resolve LISP_A_IFINDEX or LISP_A_IFNAME to a lisp device; takes a ref. */
static struct net_device *lisp_dev_from_attrs(struct net *net,
					      struct genl_info *info)
{
	struct net_device *dev = NULL;

	if (info->attrs[LISP_A_IFINDEX]) {
		dev = dev_get_by_index(net,
				       nla_get_u32(info->attrs[LISP_A_IFINDEX]));
	} else if (info->attrs[LISP_A_IFNAME]) {
		dev = dev_get_by_name(net, nla_data(info->attrs[LISP_A_IFNAME]));
	} else {
		GENL_SET_ERR_MSG(info, "device ifindex or name required");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		GENL_SET_ERR_MSG(info, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!lisp_is_lisp_dev(dev)) {
		dev_put(dev);
		GENL_SET_ERR_MSG(info, "not a lisp device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
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

/* cb->args[0] holds the last ifindex dumped, so a dump can resume. */
static int lisp_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!lisp_is_lisp_dev(dev) || dev->ifindex <= cb->args[0])
			continue;
		err = lisp_fill_dev(skb, dev, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		cb->args[0] = dev->ifindex;
	}
	rcu_read_unlock();
	/* A full skb ends this round; the dump resumes after args[0]. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static const struct genl_small_ops lisp_genl_ops[] = {
	{
		.cmd	= LISP_CMD_DEV_GET,
		.doit	= lisp_dev_get_doit,
		.dumpit	= lisp_dev_get_dumpit,
	},
};

static const struct genl_multicast_group lisp_genl_mcgrps[] = {
	{ .name = LISP_GENL_MCGRP_MISS },
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
	.resv_start_op	= LISP_CMD_DEV_GET + 1,
	.mcgrps		= lisp_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(lisp_genl_mcgrps),
};
