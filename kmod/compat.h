/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels lisp.ko builds on (Debian's 6.1, 6.12
 * and the newest), in one place.  Each entry names the kernel version
 * that made the change; the rest of the module uses only the names
 * defined here and has no version test of its own.
 *
 * To support a new kernel: build against its headers (make
 * check-kernels, README "Kernels"), and for each break add one entry
 * here, keyed on the first version that has the new API.
 */
#ifndef _LISP_COMPAT_H
#define _LISP_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/flow.h>
#include <net/genetlink.h>
#include <net/inet_dscp.h>
#include <net/route.h>
#include <net/rtnetlink.h>
#include <net/udp_tunnel.h>

/* 6.12: <asm/unaligned.h> moved to <linux/unaligned.h>. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* 6.12: NETIF_F_LLTX became the private flag dev->lltx. */
static inline void lisp_compat_set_lltx(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/*
 * 6.7: the core allocates and frees dev->tstats when the driver sets
 * dev->pcpu_stat_type, and iptunnel_xmit_stats() reads that type (newer
 * stable kernels warn and count nothing when it is unset).  Before, the
 * driver allocated them in ndo_init and freed them itself.
 * Debian's 6.1 has the core allocation backported, so Kbuild probes for
 * the field (LISP_CORE_PCPU_STATS) instead of testing the version.
 */
#ifdef LISP_CORE_PCPU_STATS
static inline void lisp_compat_setup_tstats(struct net_device *dev)
{
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
}

static inline int lisp_compat_alloc_tstats(struct net_device *dev)
{
	return 0;
}

static inline void lisp_compat_free_tstats(struct net_device *dev)
{
}
#else
static inline void lisp_compat_setup_tstats(struct net_device *dev)
{
}

static inline int lisp_compat_alloc_tstats(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
}

static inline void lisp_compat_free_tstats(struct net_device *dev)
{
	free_percpu(dev->tstats);
}
#endif

/*
 * 6.15: rtnl_link_ops.newlink takes its arguments packed in struct
 * rtnl_newlink_params.  lisp_compat_newlink() has the running kernel's
 * signature and calls lisp_newlink_net() (device.c) the old way, with
 * the link netns: where the request said, else the requester's.
 */
int lisp_newlink_net(struct net *net, struct net_device *dev,
		     struct nlattr *tb[], struct nlattr *data[],
		     struct netlink_ext_ack *extack);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
static inline int lisp_compat_newlink(struct net_device *dev,
				      struct rtnl_newlink_params *params,
				      struct netlink_ext_ack *extack)
{
	struct net *net = params->link_net ? : params->src_net;

	return lisp_newlink_net(net, dev, params->tb, params->data, extack);
}
#else
static inline int lisp_compat_newlink(struct net *net, struct net_device *dev,
				      struct nlattr *tb[],
				      struct nlattr *data[],
				      struct netlink_ext_ack *extack)
{
	return lisp_newlink_net(net, dev, tb, data, extack);
}
#endif

/*
 * 6.17: udp_tunnel_xmit_skb() and udp_tunnel6_xmit_skb() take the IP
 * control block flags to set; lisp.ko sets none.
 */
static inline void lisp_compat_udp_tunnel_xmit_skb(struct rtable *rt,
						   struct sock *sk,
						   struct sk_buff *skb,
						   __be32 src, __be32 dst,
						   u8 tos, u8 ttl, __be16 df,
						   __be16 src_port,
						   __be16 dst_port, bool xnet,
						   bool nocheck)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	udp_tunnel_xmit_skb(rt, sk, skb, src, dst, tos, ttl, df, src_port,
			    dst_port, xnet, nocheck, 0);
#else
	udp_tunnel_xmit_skb(rt, sk, skb, src, dst, tos, ttl, df, src_port,
			    dst_port, xnet, nocheck);
#endif
}

static inline void lisp_compat_udp_tunnel6_xmit_skb(struct dst_entry *dst,
						    struct sock *sk,
						    struct sk_buff *skb,
						    struct net_device *dev,
						    struct in6_addr *saddr,
						    struct in6_addr *daddr,
						    u8 prio, u8 ttl,
						    __be32 label,
						    __be16 src_port,
						    __be16 dst_port,
						    bool nocheck)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	udp_tunnel6_xmit_skb(dst, sk, skb, dev, saddr, daddr, prio, ttl,
			     label, src_port, dst_port, nocheck, 0);
#else
	udp_tunnel6_xmit_skb(dst, sk, skb, dev, saddr, daddr, prio, ttl,
			     label, src_port, dst_port, nocheck);
#endif
}

/*
 * 6.6: a dump's parsed attributes live in a struct genl_info
 * (genl_info_dump()); before, in genl_dumpit_info.attrs.
 */
static inline struct nlattr **lisp_compat_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Between 6.12 and 7.2: setup_udp_tunnel_sock() and
 * udp_tunnel_sock_release() take the struct sock, not the struct socket.
 * The release that changed it is not pinned down here, so Kbuild probes
 * the headers and defines LISP_UDP_TUNNEL_TAKES_SK.
 */
static inline void lisp_compat_setup_udp_tunnel_sock(struct net *net,
						     struct socket *sock,
						     struct udp_tunnel_sock_cfg *cfg)
{
#ifdef LISP_UDP_TUNNEL_TAKES_SK
	setup_udp_tunnel_sock(net, sock->sk, cfg);
#else
	setup_udp_tunnel_sock(net, sock, cfg);
#endif
}

static inline void lisp_compat_udp_tunnel_sock_release(struct socket *sock)
{
#ifdef LISP_UDP_TUNNEL_TAKES_SK
	udp_tunnel_sock_release(sock->sk);
#else
	udp_tunnel_sock_release(sock);
#endif
}

/*
 * Between 6.12 and 7.2: <net/ipv6_stubs.h> is gone and
 * ip6_dst_lookup_flow() is called directly.  Where the stubs exist they
 * answer -EAFNOSUPPORT while IPv6 is disabled (ipv6.disable=1); without
 * them, the same answer comes from testing ipv6_mod_enabled() first.
 * Kbuild defines LISP_HAVE_IPV6_STUBS when the header exists.
 */
#ifdef LISP_HAVE_IPV6_STUBS
#include <net/ipv6_stubs.h>

static inline struct dst_entry *
lisp_compat_ip6_dst_lookup_flow(struct net *net, const struct sock *sk,
				struct flowi6 *fl6)
{
	return ipv6_stub->ipv6_dst_lookup_flow(net, sk, fl6, NULL);
}
#else
#include <net/ipv6.h>

static inline struct dst_entry *
lisp_compat_ip6_dst_lookup_flow(struct net *net, const struct sock *sk,
				struct flowi6 *fl6)
{
	if (!ipv6_mod_enabled())
		return ERR_PTR(-EAFNOSUPPORT);
	return ip6_dst_lookup_flow(net, sk, fl6, NULL);
}
#endif

/*
 * 6.15 (after the flowi4_tos to flowi4_dscp conversion): IPv4 flows carry
 * a dscp_t instead of the TOS byte.  Both names are macros, so the test
 * is on the name itself.  As for the kernel's own callers, routing then
 * sees all six DSCP bits where RT_TOS() kept four.
 */
static inline void lisp_compat_flowi4_set_tos(struct flowi4 *fl4, u8 tos)
{
#ifdef flowi4_dscp
	fl4->flowi4_dscp = inet_dsfield_to_dscp(tos);
#else
	fl4->flowi4_tos = RT_TOS(tos);
#endif
}

#endif /* _LISP_COMPAT_H */
