// SPDX-License-Identifier: GPL-2.0
/*
 * Encapsulation: a packet routed into a lisp device is looked up in the
 * device's map-cache by inner destination, a locator is chosen by flow
 * hash, and the packet leaves in IPv4 or IPv6 / UDP / LISP (RFC 9300).
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/icmp.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "lisp.h"

/* N bit with a random nonce; I bit with the device's instance-id. */
static void lisp_push_header(struct sk_buff *skb, const struct lisp_dev *ldev)
{
	u8 *h = __skb_push(skb, LISP_HDR_LEN);
	u32 nonce = get_random_u32();

	h[0] = LISP_F_N;
	h[1] = nonce >> 16;
	h[2] = nonce >> 8;
	h[3] = nonce;
	if (ldev->cfg.has_iid) {
		h[0] |= LISP_F_I;
		h[4] = ldev->cfg.iid >> 16;
		h[5] = ldev->cfg.iid >> 8;
		h[6] = ldev->cfg.iid;
		h[7] = 0;	/* LSBs: 8 bits only when I is set */
	} else {
		memset(h + 4, 0, 4);
	}
}

/*
 * Too big for the path: tell the sender (ICMP fragmentation needed or
 * ICMPv6 packet too big) and drop, as the kernel's IP tunnels do.
 */
static bool lisp_too_big(struct sk_buff *skb, struct dst_entry *dst,
			 unsigned int overhead)
{
	int mtu = dst_mtu(dst) - overhead;

	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
	    skb->len <= mtu)
		return false;
	if (skb->protocol == htons(ETH_P_IP)) {
		if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
			return false;	/* the outer packet will fragment */
		skb_dst_update_pmtu_no_confirm(skb, mtu);
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			      htonl(mtu));
	} else {
		if (mtu < IPV6_MIN_MTU)
			mtu = IPV6_MIN_MTU;
		skb_dst_update_pmtu_no_confirm(skb, mtu);
		icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	}
	return true;
}

static u8 lisp_outer_tos(const struct lisp_dev *ldev, struct sk_buff *skb)
{
	u8 tos = READ_ONCE(ldev->cfg.tos);
	const struct iphdr *iph = ip_hdr(skb);

	if (tos == LISP_TOS_INHERIT)
		tos = ip_tunnel_get_dsfield(iph, skb);
	return ip_tunnel_ecn_encap(tos, iph, skb);
}

static u8 lisp_outer_ttl(const struct lisp_dev *ldev, struct sk_buff *skb)
{
	u8 ttl = READ_ONCE(ldev->cfg.ttl);

	return ttl ? ttl : ip_tunnel_get_ttl(ip_hdr(skb), skb);
}

/*
 * Leave the inner packet's context (after any ICMP error, which needs
 * its route) and make room for the outer headers and GSO marking.
 */
static int lisp_prepare(const struct lisp_dev *ldev, struct sk_buff *skb,
			struct dst_entry *dst, unsigned int ip_hlen,
			bool udp_csum)
{
	int headroom = LL_RESERVED_SPACE(dst->dev) + dst->header_len +
		       ip_hlen + sizeof(struct udphdr) + LISP_HDR_LEN;
	int err;

	skb_scrub_packet(skb, !net_eq(ldev->net, dev_net(ldev->dev)));
	err = skb_cow_head(skb, headroom);
	if (err)
		return err;
	err = udp_tunnel_handle_offloads(skb, udp_csum);
	if (err)
		return err;
	skb_set_inner_protocol(skb, skb->protocol);
	return 0;
}

static int lisp_xmit4(struct lisp_dev *ldev, struct sk_buff *skb,
		      struct socket *sock, struct lisp_peer *peer, __be16 sport)
{
	bool xnet = !net_eq(ldev->net, dev_net(ldev->dev));
	u8 tos = lisp_outer_tos(ldev, skb);
	u8 ttl = lisp_outer_ttl(ldev, skb);
	__be16 df = 0;
	struct rtable *rt;
	__be32 saddr;
	int err;

	rt = dst_cache_get_ip4(&peer->dst_cache, &saddr);
	if (!rt) {
		struct flowi4 fl4 = {
			.flowi4_proto = IPPROTO_UDP,
			.daddr = peer->addr.v4,
			.saddr = ldev->cfg.local4,
			.flowi4_mark = skb->mark,
		};

		rt = ip_route_output_key(ldev->net, &fl4);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		if (rt->dst.dev == ldev->dev) {
			ip_rt_put(rt);
			return -ELOOP;
		}
		saddr = fl4.saddr;
		dst_cache_set_ip4(&peer->dst_cache, &rt->dst, saddr);
	}
	if (lisp_too_big(skb, &rt->dst, LISP_V4_OVERHEAD)) {
		ip_rt_put(rt);
		return -EMSGSIZE;
	}
	/* The inner DF travels outward; inner IPv6 is never fragmented. */
	if (skb->protocol == htons(ETH_P_IPV6) ||
	    (ip_hdr(skb)->frag_off & htons(IP_DF)))
		df = htons(IP_DF);

	err = lisp_prepare(ldev, skb, &rt->dst, sizeof(struct iphdr), false);
	if (err) {
		ip_rt_put(rt);
		return err;
	}
	lisp_push_header(skb, ldev);
	/* RFC 9300 section 5.3: a zero UDP checksum over IPv4. */
	udp_tunnel_xmit_skb(rt, sock->sk, skb, saddr, peer->addr.v4, tos,
			    ttl, df, sport, htons(ldev->cfg.port), xnet, true);
	return 0;
}

static int lisp_xmit6(struct lisp_dev *ldev, struct sk_buff *skb,
		      struct socket *sock, struct lisp_peer *peer, __be16 sport)
{
	struct net_device *dev = ldev->dev;
	u8 tos = lisp_outer_tos(ldev, skb);
	u8 ttl = lisp_outer_ttl(ldev, skb);
	struct in6_addr saddr;
	struct dst_entry *dst;
	int err;

	if (!sock)
		return -EAFNOSUPPORT;
	dst = dst_cache_get_ip6(&peer->dst_cache, &saddr);
	if (!dst) {
		struct flowi6 fl6 = {
			.flowi6_proto = IPPROTO_UDP,
			.daddr = peer->addr.v6,
			.saddr = ldev->cfg.local6,
			.flowi6_mark = skb->mark,
		};

		dst = ipv6_stub->ipv6_dst_lookup_flow(ldev->net, sock->sk,
						      &fl6, NULL);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		if (dst->dev == dev) {
			dst_release(dst);
			return -ELOOP;
		}
		saddr = fl6.saddr;
		dst_cache_set_ip6(&peer->dst_cache, dst, &saddr);
	}
	if (lisp_too_big(skb, dst, LISP_V6_OVERHEAD)) {
		dst_release(dst);
		return -EMSGSIZE;
	}
	err = lisp_prepare(ldev, skb, dst, sizeof(struct ipv6hdr), true);
	if (err) {
		dst_release(dst);
		return err;
	}
	lisp_push_header(skb, ldev);
	/* A UDP checksum over IPv6, which every peer accepts. */
	udp_tunnel6_xmit_skb(dst, sock->sk, skb, dev, &saddr, &peer->addr.v6,
			     tos, ttl, 0, sport, htons(ldev->cfg.port), false);
	return 0;
}

static int lisp_encap(struct lisp_dev *ldev, struct sk_buff *skb,
		      struct lisp_peer *peer)
{
	struct lisp_sock *ls = rcu_dereference(ldev->sock);
	__be16 sport;

	if (!ls)
		return -ENETDOWN;
	/* Entropy for the underlay's ECMP: the flow hash (RFC 9300 5.3). */
	sport = udp_flow_src_port(ldev->net, skb, 0, 0, false);
	if (peer->family == AF_INET)
		return lisp_xmit4(ldev, skb, ls->sock4, peer, sport);
	return lisp_xmit6(ldev, skb, ls->sock6, peer, sport);
}

/* The inner destination (source in *saddr), or NULL if not IPv4/IPv6. */
static const void *lisp_inner_daddr(struct sk_buff *skb, u8 *family,
				    const void **saddr)
{
	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr))) {
		*family = AF_INET;
		*saddr = &ip_hdr(skb)->saddr;
		return &ip_hdr(skb)->daddr;
	}
	if (skb->protocol == htons(ETH_P_IPV6) &&
	    pskb_network_may_pull(skb, sizeof(struct ipv6hdr))) {
		*family = AF_INET6;
		*saddr = &ipv6_hdr(skb)->saddr;
		return &ipv6_hdr(skb)->daddr;
	}
	return NULL;
}

netdev_tx_t lisp_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct lisp_dev *ldev = netdev_priv(dev);
	const struct lisp_locator *loc;
	struct lisp_map_entry *e;
	unsigned int len = skb->len;
	unsigned long now;
	const void *daddr, *saddr;
	u8 family;
	int err;

	daddr = lisp_inner_daddr(skb, &family, &saddr);
	if (!daddr) {
		lisp_stat_inc(ldev, LISP_STAT_TX_NOT_IP);
		goto drop;
	}
	e = lisp_mc_lookup(&ldev->mc, family, daddr);
	if (!e || e->action == LISP_MAP_SEND_MAP_REQUEST) {
		if (!e)
			lisp_stat_inc(ldev, LISP_STAT_TX_NO_MAPPING);
		lisp_miss(ldev, skb, family, saddr, daddr);
		return NETDEV_TX_OK;
	}
	if (e->action != LISP_MAP_ENCAP) {
		lisp_stat_inc(ldev, LISP_STAT_TX_NEGATIVE);
		goto drop;
	}
	loc = lisp_mc_select(e, skb_get_hash(skb));
	if (!loc) {
		lisp_stat_inc(ldev, LISP_STAT_TX_NO_RLOC);
		goto drop;
	}
	/* Written at most once per tick, to spare the cache line. */
	now = jiffies;
	if (READ_ONCE(e->last_used) != now)
		WRITE_ONCE(e->last_used, now);
	err = lisp_encap(ldev, skb, loc->peer);
	if (err)
		goto tx_error;
	atomic64_inc(&e->packets);
	atomic64_add(len, &e->bytes);
	return NETDEV_TX_OK;

tx_error:
	if (err == -ELOOP)
		lisp_stat_inc(ldev, LISP_STAT_TX_LOOP);
	else if (err == -EMSGSIZE)
		lisp_stat_inc(ldev, LISP_STAT_TX_TOO_BIG);
	else if (err == -ENETDOWN)
		lisp_stat_inc(ldev, LISP_STAT_TX_DOWN);
	else
		lisp_stat_inc(ldev, LISP_STAT_TX_NO_ROUTE);
	DEV_STATS_INC(dev, tx_errors);
drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
