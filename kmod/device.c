// SPDX-License-Identifier: GPL-2.0
/*
 * The lisp netdevice: an L3 point-to-point tunnel device without a link
 * layer, and its rtnetlink ops ("ip link add lisp0 type lisp ...").
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <net/ip.h>
#include <net/netns/generic.h>

#include "lisp.h"

static int lisp_dev_init(struct net_device *dev)
{
	struct lisp_dev *ldev = netdev_priv(dev);
	int err;

	err = lisp_compat_alloc_tstats(dev);
	if (err)
		return err;
	ldev->stats = netdev_alloc_pcpu_stats(struct lisp_pcpu_stats);
	if (!ldev->stats) {
		err = -ENOMEM;
		goto err_tstats;
	}
	err = gro_cells_init(&ldev->gro_cells, dev);
	if (err)
		goto err_stats;
	err = lisp_mc_init(&ldev->mc);
	if (err)
		goto err_gro;
	err = lisp_mc_init(&ldev->db);
	if (err)
		goto err_mc;
	lisp_miss_init(&ldev->miss);
	INIT_DELAYED_WORK(&ldev->miss_gc, lisp_miss_gc_work);
	lisp_event_init(&ldev->events);
	return 0;

err_mc:
	lisp_mc_destroy(&ldev->mc);
err_gro:
	gro_cells_destroy(&ldev->gro_cells);
err_stats:
	free_percpu(ldev->stats);
err_tstats:
	lisp_compat_free_tstats(dev);
	return err;
}

void lisp_stats_read(const struct lisp_pcpu_stats __percpu *stats,
		     u64 ctr[__LISP_STAT_ALL])
{
	unsigned int cpu, start, i;

	memset(ctr, 0, sizeof(u64) * __LISP_STAT_ALL);
	for_each_possible_cpu(cpu) {
		const struct lisp_pcpu_stats *st = per_cpu_ptr(stats, cpu);
		u64 snap[__LISP_STAT_ALL];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			memcpy(snap, st->ctr, sizeof(snap));
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < __LISP_STAT_ALL; i++)
			ctr[i] += snap[i];
	}
}

/*
 * The core's per-CPU tstats, and tx_errors and rx_errors from the per-CPU
 * reasons xmit and recv count a packet they could not take under: not the
 * shared dev->stats, written per packet from every CPU (issue 13).  As
 * the reasons do, rx_errors counts the datagrams a merged packet stands
 * for (lisp_rx_segs()).
 */
static void lisp_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *s)
{
	struct lisp_dev *ldev = netdev_priv(dev);
	u64 ctr[__LISP_STAT_ALL];

	dev_get_tstats64(dev, s);
	lisp_stats_read(ldev->stats, ctr);
	s->tx_errors += ctr[LISP_STAT_TX_NO_ROUTE] + ctr[LISP_STAT_TX_LOOP] +
			ctr[LISP_STAT_TX_TOO_BIG] + ctr[LISP_STAT_TX_DOWN];
	s->rx_errors += ctr[LISP_STAT_RX_BAD_INNER] + ctr[LISP_STAT_RX_ECN];
	s->rx_length_errors += ctr[LISP_STAT_RX_BAD_LENGTH];
	s->rx_frame_errors += ctr[LISP_STAT_RX_BAD_INNER] -
			      ctr[LISP_STAT_RX_BAD_LENGTH] + ctr[LISP_STAT_RX_ECN];
}

/*
 * Unregistering: no packet reaches the device any more, but a generic
 * netlink handler that looked the device up before it was unlisted holds
 * a reference and may still read the counters or write the tables.  Only
 * what such a handler cannot reach goes here; the rest waits for the
 * last reference (lisp_dev_destructor).
 */
static void lisp_dev_uninit(struct net_device *dev)
{
	struct lisp_dev *ldev = netdev_priv(dev);

	lisp_miss_flush(ldev);
	/* The PETRs' peers are in mc. */
	lisp_mc_release_routes(&ldev->mc);
	lisp_mc_release_routes(&ldev->db);
	gro_cells_destroy(&ldev->gro_cells);
}

/* The last reference is gone: no handler can be running. */
static void lisp_dev_destructor(struct net_device *dev)
{
	struct lisp_dev *ldev = netdev_priv(dev);
	struct lisp_map_entry *petr;

	/* Not a packet can wait, but a handler may have released some. */
	lisp_miss_flush(ldev);
	/* The PETRs hold peers of the map-cache: release them first. */
	mutex_lock(&ldev->mc.lock);
	petr = rcu_replace_pointer(ldev->petr, NULL,
				   lockdep_is_held(&ldev->mc.lock));
	if (petr)
		lisp_mc_entry_retire(&ldev->mc, petr);
	mutex_unlock(&ldev->mc.lock);
	lisp_mc_destroy(&ldev->mc);
	lisp_mc_destroy(&ldev->db);
	free_percpu(ldev->stats);
	lisp_compat_free_tstats(dev);
}

static int lisp_dev_open(struct net_device *dev)
{
	return lisp_sock_attach(netdev_priv(dev));
}

static int lisp_dev_stop(struct net_device *dev)
{
	lisp_miss_flush(netdev_priv(dev));
	lisp_sock_detach(netdev_priv(dev));
	return 0;
}

static const struct net_device_ops lisp_netdev_ops = {
	.ndo_init		= lisp_dev_init,
	.ndo_uninit		= lisp_dev_uninit,
	.ndo_open		= lisp_dev_open,
	.ndo_stop		= lisp_dev_stop,
	.ndo_start_xmit		= lisp_dev_xmit,
	.ndo_get_stats64	= lisp_get_stats64,
};

static void lisp_setup(struct net_device *dev)
{
	dev->netdev_ops = &lisp_netdev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	/*
	 * Segmentation and checksums are deferred through the tunnel
	 * (UDP tunnel GSO) to the underlay device or the last moment.
	 */
	lisp_compat_set_lltx(dev);
	lisp_compat_setup_tstats(dev);
	dev->features |= NETIF_F_SG | NETIF_F_HW_CSUM |
			 NETIF_F_FRAGLIST | NETIF_F_RXCSUM | NETIF_F_GSO_SOFTWARE;
	dev->hw_features |= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_FRAGLIST |
			    NETIF_F_RXCSUM | NETIF_F_GSO_SOFTWARE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	/*
	 * What an IPv4 underlay over Ethernet needs, as GENEVE asks: the
	 * stack then reserves 64 bytes (LL_RESERVED_SPACE), which a NIC's
	 * receive buffer has, so a forwarded packet is not copied to grow
	 * its head (ip_forward's skb_cow).  Anything more (an IPv6 RLOC, a
	 * larger link header) is made room for at encapsulation, where the
	 * route is known (lisp_prepare).  LL_MAX_HEADER here cost every
	 * forwarded packet a reallocation: 800 instructions of 30,000.
	 */
	dev->needed_headroom = ETH_HLEN + LISP_V4_OVERHEAD;
	/* Safe for either outer family until a local RLOC says which. */
	dev->mtu = ETH_DATA_LEN - LISP_V6_OVERHEAD;
	dev->min_mtu = IPV4_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - LISP_V6_OVERHEAD;
	dev->needs_free_netdev = true;
	dev->priv_destructor = lisp_dev_destructor;
	netif_keep_dst(dev);
}

/* Not const: 6.1's nla_policy.range is a non-const pointer. */
static struct netlink_range_validation lisp_iid_range = {
	.max = LISP_IID_MAX,
};

static const struct nla_policy lisp_link_policy[IFLA_LISP_MAX + 1] = {
	[IFLA_LISP_IID]		= NLA_POLICY_FULL_RANGE(NLA_U32, &lisp_iid_range),
	[IFLA_LISP_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[IFLA_LISP_LOCAL]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[IFLA_LISP_LOCAL6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_LISP_TTL]		= { .type = NLA_U8 },
	[IFLA_LISP_TOS]		= { .type = NLA_U8 },
	[IFLA_LISP_MISS_RATE]	= { .type = NLA_U32 },
	[IFLA_LISP_SRC_CHECK]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_LISP_DST_CHECK]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static int lisp_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (data && data[IFLA_LISP_LOCAL6]) {
		struct in6_addr a = nla_get_in6_addr(data[IFLA_LISP_LOCAL6]);

		if (ipv6_addr_is_multicast(&a)) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_LISP_LOCAL6],
					    "local RLOC must be a unicast address");
			return -EINVAL;
		}
	}
	if (data && data[IFLA_LISP_LOCAL]) {
		__be32 a = nla_get_in_addr(data[IFLA_LISP_LOCAL]);

		if (ipv4_is_multicast(a) || ipv4_is_lbcast(a)) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_LISP_LOCAL],
					    "local RLOC must be a unicast address");
			return -EINVAL;
		}
	}
	return 0;
}

static void lisp_config_from_attrs(struct lisp_config *cfg,
				   struct nlattr *data[])
{
	cfg->port = LISP_DATA_PORT;
	cfg->tos = LISP_TOS_INHERIT;
	cfg->miss_rate = LISP_MISS_RATE_DEFAULT;
	cfg->src_check = true;
	if (!data)
		return;
	if (data[IFLA_LISP_SRC_CHECK])
		cfg->src_check = nla_get_u8(data[IFLA_LISP_SRC_CHECK]);
	if (data[IFLA_LISP_DST_CHECK])
		cfg->dst_check = nla_get_u8(data[IFLA_LISP_DST_CHECK]);
	if (data[IFLA_LISP_IID]) {
		cfg->iid = nla_get_u32(data[IFLA_LISP_IID]);
		cfg->has_iid = true;
	}
	if (data[IFLA_LISP_PORT])
		cfg->port = nla_get_u16(data[IFLA_LISP_PORT]);
	if (data[IFLA_LISP_LOCAL])
		cfg->local4 = nla_get_in_addr(data[IFLA_LISP_LOCAL]);
	if (data[IFLA_LISP_LOCAL6])
		cfg->local6 = nla_get_in6_addr(data[IFLA_LISP_LOCAL6]);
	if (data[IFLA_LISP_TTL])
		cfg->ttl = nla_get_u8(data[IFLA_LISP_TTL]);
	if (data[IFLA_LISP_TOS])
		cfg->tos = nla_get_u8(data[IFLA_LISP_TOS]);
	if (data[IFLA_LISP_MISS_RATE])
		cfg->miss_rate = nla_get_u32(data[IFLA_LISP_MISS_RATE]);
}

/*
 * Received packets are matched to a device by (port, instance-id), so two
 * devices of one underlay netns may not share both.
 */
static struct lisp_dev *lisp_find_dup(struct lisp_net *ln,
				      const struct lisp_config *cfg)
{
	struct lisp_dev *ldev;

	list_for_each_entry(ldev, &ln->devs, list) {
		if (ldev->cfg.port == cfg->port &&
		    ldev->cfg.has_iid == cfg->has_iid &&
		    ldev->cfg.iid == cfg->iid)
			return ldev;
	}
	return NULL;
}

int lisp_newlink_net(struct net *net, struct net_device *dev,
		     struct nlattr *tb[], struct nlattr *data[],
		     struct netlink_ext_ack *extack)
{
	struct lisp_net *ln = net_generic(net, lisp_net_id);
	struct lisp_dev *ldev = netdev_priv(dev);
	int err;

	ldev->dev = dev;
	ldev->net = net;
	lisp_config_from_attrs(&ldev->cfg, data);

	if (lisp_find_dup(ln, &ldev->cfg)) {
		NL_SET_ERR_MSG(extack,
			       "another lisp device already uses this UDP port and instance-id");
		return -EEXIST;
	}

	/* An IPv4-only underlay leaves room for a larger default MTU. */
	if (!tb[IFLA_MTU] && ldev->cfg.local4 &&
	    ipv6_addr_any(&ldev->cfg.local6))
		dev->mtu = ETH_DATA_LEN - LISP_V4_OVERHEAD;

	err = register_netdevice(dev);
	if (err)
		return err;

	list_add(&ldev->list, &ln->devs);
	return 0;
}

static void lisp_dellink(struct net_device *dev, struct list_head *head)
{
	struct lisp_dev *ldev = netdev_priv(dev);

	list_del(&ldev->list);
	unregister_netdevice_queue(dev, head);
}

static int lisp_changelink(struct net_device *dev, struct nlattr *tb[],
			   struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	static const int fixed[] = {
		IFLA_LISP_IID, IFLA_LISP_PORT, IFLA_LISP_LOCAL, IFLA_LISP_LOCAL6,
	};
	struct lisp_dev *ldev = netdev_priv(dev);
	int i;

	if (!data)
		return 0;
	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		if (data[fixed[i]]) {
			NL_SET_ERR_MSG_ATTR(extack, data[fixed[i]],
					    "iid, port and local address are fixed at creation; delete and re-add the device");
			return -EOPNOTSUPP;
		}
	}
	if (data[IFLA_LISP_TTL])
		WRITE_ONCE(ldev->cfg.ttl, nla_get_u8(data[IFLA_LISP_TTL]));
	if (data[IFLA_LISP_TOS])
		WRITE_ONCE(ldev->cfg.tos, nla_get_u8(data[IFLA_LISP_TOS]));
	if (data[IFLA_LISP_MISS_RATE])
		WRITE_ONCE(ldev->cfg.miss_rate,
			   nla_get_u32(data[IFLA_LISP_MISS_RATE]));
	if (data[IFLA_LISP_SRC_CHECK])
		WRITE_ONCE(ldev->cfg.src_check,
			   nla_get_u8(data[IFLA_LISP_SRC_CHECK]));
	if (data[IFLA_LISP_DST_CHECK])
		WRITE_ONCE(ldev->cfg.dst_check,
			   nla_get_u8(data[IFLA_LISP_DST_CHECK]));
	return 0;
}

static size_t lisp_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +		/* IFLA_LISP_IID */
	       nla_total_size(sizeof(u16)) +		/* IFLA_LISP_PORT */
	       nla_total_size(sizeof(struct in_addr)) +	/* IFLA_LISP_LOCAL */
	       nla_total_size(sizeof(struct in6_addr)) +	/* IFLA_LISP_LOCAL6 */
	       nla_total_size(sizeof(u8)) +		/* IFLA_LISP_TTL */
	       nla_total_size(sizeof(u8)) +		/* IFLA_LISP_TOS */
	       nla_total_size(sizeof(u32)) +		/* IFLA_LISP_MISS_RATE */
	       nla_total_size(sizeof(u8)) +		/* IFLA_LISP_SRC_CHECK */
	       nla_total_size(sizeof(u8));		/* IFLA_LISP_DST_CHECK */
}

static int lisp_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct lisp_dev *ldev = netdev_priv(dev);
	const struct lisp_config *cfg = &ldev->cfg;

	if (cfg->has_iid && nla_put_u32(skb, IFLA_LISP_IID, cfg->iid))
		return -EMSGSIZE;
	if (nla_put_u16(skb, IFLA_LISP_PORT, cfg->port))
		return -EMSGSIZE;
	if (cfg->local4 && nla_put_in_addr(skb, IFLA_LISP_LOCAL, cfg->local4))
		return -EMSGSIZE;
	if (!ipv6_addr_any(&cfg->local6) &&
	    nla_put_in6_addr(skb, IFLA_LISP_LOCAL6, &cfg->local6))
		return -EMSGSIZE;
	if (nla_put_u8(skb, IFLA_LISP_TTL, READ_ONCE(cfg->ttl)) ||
	    nla_put_u8(skb, IFLA_LISP_TOS, READ_ONCE(cfg->tos)) ||
	    nla_put_u32(skb, IFLA_LISP_MISS_RATE, READ_ONCE(cfg->miss_rate)) ||
	    nla_put_u8(skb, IFLA_LISP_SRC_CHECK, READ_ONCE(cfg->src_check)) ||
	    nla_put_u8(skb, IFLA_LISP_DST_CHECK, READ_ONCE(cfg->dst_check)))
		return -EMSGSIZE;
	return 0;
}

static struct net *lisp_get_link_net(const struct net_device *dev)
{
	const struct lisp_dev *ldev = netdev_priv(dev);

	return ldev->net;
}

struct rtnl_link_ops lisp_link_ops __read_mostly = {
	.kind		= "lisp",
	.maxtype	= IFLA_LISP_MAX,
	.policy		= lisp_link_policy,
	.priv_size	= sizeof(struct lisp_dev),
	.setup		= lisp_setup,
	.validate	= lisp_validate,
	.newlink	= lisp_compat_newlink,
	.changelink	= lisp_changelink,
	.dellink	= lisp_dellink,
	.get_size	= lisp_get_size,
	.fill_info	= lisp_fill_info,
	.get_link_net	= lisp_get_link_net,
};

bool lisp_is_lisp_dev(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &lisp_link_ops;
}

/*
 * Queue for deletion every lisp device whose underlay is @net, wherever
 * the device itself lives.  Called under RTNL when @net is dismantled.
 */
void lisp_net_destroy_devs(struct net *net, struct list_head *kill)
{
	struct lisp_net *ln = net_generic(net, lisp_net_id);
	struct lisp_dev *ldev, *tmp;
	struct net_device *dev, *aux;

	/* Devices moved into this netns from another underlay. */
	for_each_netdev_safe(net, dev, aux)
		if (lisp_is_lisp_dev(dev))
			lisp_link_ops.dellink(dev, kill);

	/* Devices created here and moved elsewhere. */
	list_for_each_entry_safe(ldev, tmp, &ln->devs, list)
		lisp_link_ops.dellink(ldev->dev, kill);
}
