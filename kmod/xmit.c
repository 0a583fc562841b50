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
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "lisp.h"

/* What lisp_push_header() writes besides the nonce. */
struct lisp_hdr_info {
	bool has_lsb;
	u32 lsb;		/* locator-status-bits, bit 0 = first locator */
};

/*
 * N bit with a random nonce; I bit with the device's instance-id; L bit
 * with the source site's locator-status-bits (only 8 of them fit beside
 * an instance-id).
 */
static void lisp_push_header(struct sk_buff *skb, const struct lisp_dev *ldev,
			     const struct lisp_hdr_info *hi)
{
	u8 *h = __skb_push(skb, LISP_HDR_LEN);
	u32 nonce = get_random_u32();

	h[0] = LISP_F_N | (hi->has_lsb ? LISP_F_L : 0);
	h[1] = nonce >> 16;
	h[2] = nonce >> 8;
	h[3] = nonce;
	if (ldev->cfg.has_iid) {
		h[0] |= LISP_F_I;
		h[4] = ldev->cfg.iid >> 16;
		h[5] = ldev->cfg.iid >> 8;
		h[6] = ldev->cfg.iid;
		h[7] = hi->lsb;
	} else {
		put_unaligned_be32(hi->lsb, h + 4);
	}
}

/* The locators of the local database entry @src, up or down. */
static void lisp_lsb_from_db(const struct lisp_map_entry *src,
			     struct lisp_hdr_info *hi)
{
	hi->has_lsb = src && src->n_loc;
	hi->lsb = hi->has_lsb ? lisp_mc_up_bits(src) : 0;
}

/* What the path MTU allows for a packet (lisp_check_size). */
enum lisp_fit {
	LISP_FITS,		/* whole, outer DF as the inner packet says */
	LISP_FRAG_OUTER,	/* the outer packet is to be fragmented */
	LISP_TOO_BIG,		/* the sender was told; drop */
};

/*
 * Too big for the path: tell the sender (ICMP fragmentation needed or
 * ICMPv6 packet too big) and drop, as the kernel's IP tunnels do.  An
 * inner IPv4 packet without DF, and an inner IPv6 packet within the
 * 1280 bytes IPv6 promises when the path cannot carry that much (a PTB
 * below 1280 would be ignored: a black hole), go out in outer fragments.
 */
static enum lisp_fit lisp_check_size(struct sk_buff *skb,
				     struct dst_entry *dst,
				     unsigned int overhead)
{
	int mtu = dst_mtu(dst) - overhead;

	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, mtu) :
	    skb->len <= mtu)
		return LISP_FITS;
	if (skb->protocol == htons(ETH_P_IP)) {
		if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
			return LISP_FRAG_OUTER;
		skb_dst_update_pmtu_no_confirm(skb, mtu);
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
			      htonl(mtu));
		return LISP_TOO_BIG;
	}
	if (mtu < IPV6_MIN_MTU) {
		if (skb_is_gso(skb) ?
		    skb_gso_validate_network_len(skb, IPV6_MIN_MTU) :
		    skb->len <= IPV6_MIN_MTU)
			return LISP_FRAG_OUTER;
		mtu = IPV6_MIN_MTU;
	}
	skb_dst_update_pmtu_no_confirm(skb, mtu);
	icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	return LISP_TOO_BIG;
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
		      struct socket *sock, struct lisp_peer *peer, __be16 sport,
		      const struct lisp_hdr_info *hi)
{
	bool xnet = !net_eq(ldev->net, dev_net(ldev->dev));
	u8 tos = lisp_outer_tos(ldev, skb);
	u8 ttl = lisp_outer_ttl(ldev, skb);
	/* The cache is keyed by the RLOC alone: fwmark policy bypasses it. */
	bool use_cache = !skb->mark;
	struct rtable *rt = NULL;
	enum lisp_fit fit;
	__be16 df = 0;
	__be32 saddr;
	int err;

	if (use_cache)
		rt = dst_cache_get_ip4(&peer->dst_cache, &saddr);
	if (!rt) {
		struct flowi4 fl4 = {
			.flowi4_proto = IPPROTO_UDP,
			.daddr = peer->key.addr.v4,
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
		if (use_cache)
			dst_cache_set_ip4(&peer->dst_cache, &rt->dst, saddr);
	}
	fit = lisp_check_size(skb, &rt->dst, LISP_V4_OVERHEAD);
	if (fit == LISP_TOO_BIG) {
		ip_rt_put(rt);
		return -EMSGSIZE;
	}
	/*
	 * The inner DF travels outward; inner IPv6 is not fragmented on the
	 * way unless it cannot be carried otherwise.
	 */
	if (fit == LISP_FITS &&
	    (skb->protocol == htons(ETH_P_IPV6) ||
	     (ip_hdr(skb)->frag_off & htons(IP_DF))))
		df = htons(IP_DF);

	err = lisp_prepare(ldev, skb, &rt->dst, sizeof(struct iphdr), false);
	if (err) {
		ip_rt_put(rt);
		return err;
	}
	lisp_push_header(skb, ldev, hi);
	/* RFC 9300 section 5.3: a zero UDP checksum over IPv4. */
	lisp_compat_udp_tunnel_xmit_skb(rt, sock->sk, skb, saddr,
					peer->key.addr.v4, tos, ttl, df, sport,
					htons(ldev->cfg.port), xnet, true);
	return 0;
}

static int lisp_xmit6(struct lisp_dev *ldev, struct sk_buff *skb,
		      struct socket *sock, struct lisp_peer *peer, __be16 sport,
		      const struct lisp_hdr_info *hi)
{
	struct net_device *dev = ldev->dev;
	u8 tos = lisp_outer_tos(ldev, skb);
	u8 ttl = lisp_outer_ttl(ldev, skb);
	bool use_cache = !skb->mark;
	struct dst_entry *dst = NULL;
	struct in6_addr saddr;
	enum lisp_fit fit;
	int err;

	if (!sock)
		return -EAFNOSUPPORT;
	if (use_cache)
		dst = dst_cache_get_ip6(&peer->dst_cache, &saddr);
	if (!dst) {
		struct flowi6 fl6 = {
			.flowi6_proto = IPPROTO_UDP,
			.daddr = peer->key.addr.v6,
			.saddr = ldev->cfg.local6,
			.flowi6_mark = skb->mark,
		};

		dst = lisp_compat_ip6_dst_lookup_flow(ldev->net, sock->sk,
						      &fl6);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		if (dst->dev == dev) {
			dst_release(dst);
			return -ELOOP;
		}
		saddr = fl6.saddr;
		if (use_cache)
			dst_cache_set_ip6(&peer->dst_cache, dst, &saddr);
	}
	fit = lisp_check_size(skb, dst, LISP_V6_OVERHEAD);
	if (fit == LISP_TOO_BIG) {
		dst_release(dst);
		return -EMSGSIZE;
	}
	err = lisp_prepare(ldev, skb, dst, sizeof(struct ipv6hdr), true);
	if (err) {
		dst_release(dst);
		return err;
	}
	/* IPv6 has no DF bit: the source (we) may fragment, if told so. */
	skb->ignore_df = fit == LISP_FRAG_OUTER;
	lisp_push_header(skb, ldev, hi);
	/* A UDP checksum over IPv6, which every peer accepts. */
	lisp_compat_udp_tunnel6_xmit_skb(dst, sock->sk, skb, dev, &saddr,
					 &peer->key.addr.v6, tos, ttl, 0, sport,
					 htons(ldev->cfg.port), false);
	return 0;
}

static int lisp_encap(struct lisp_dev *ldev, struct sk_buff *skb,
		      struct lisp_peer *peer, const struct lisp_hdr_info *hi)
{
	struct lisp_sock *ls = rcu_dereference(ldev->sock);
	__be16 sport;

	if (!ls)
		return -ENETDOWN;
	/* Entropy for the underlay's ECMP: the flow hash (RFC 9300 5.3). */
	sport = udp_flow_src_port(ldev->net, skb, 0, 0, false);
	if (peer->key.family == AF_INET)
		return lisp_xmit4(ldev, skb, ls->sock4, peer, sport, hi);
	return lisp_xmit6(ldev, skb, ls->sock6, peer, sport, hi);
}

/*
 * Natively forward: route the packet, unencapsulated, in the underlay
 * netns.  A route back into the device is a loop.
 */
static int lisp_forward_native(struct lisp_dev *ldev, struct sk_buff *skb)
{
	bool xnet = !net_eq(ldev->net, dev_net(ldev->dev));
	struct net *net = ldev->net;
	struct dst_entry *dst;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);
		struct flowi4 fl4 = {
			.flowi4_flags = FLOWI_FLAG_ANYSRC,
			.flowi4_mark = skb->mark,
			.flowi4_proto = iph->protocol,
			.daddr = iph->daddr,
			.saddr = iph->saddr,
		};
		struct rtable *rt;

		lisp_compat_flowi4_set_tos(&fl4, iph->tos);
		rt = ip_route_output_flow(net, &fl4, NULL);

		if (IS_ERR(rt))
			return PTR_ERR(rt);
		dst = &rt->dst;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct flowi6 fl6 = {
			.flowi6_flags = FLOWI_FLAG_ANYSRC,
			.flowi6_mark = skb->mark,
			.flowi6_proto = ip6h->nexthdr,
			.flowlabel = ip6_flowinfo(ip6h),
			.daddr = ip6h->daddr,
			.saddr = ip6h->saddr,
		};

		dst = lisp_compat_ip6_dst_lookup_flow(net, NULL, &fl6);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
	}
	if (dst->dev == ldev->dev) {
		dst_release(dst);
		return -ELOOP;
	}
	skb_scrub_packet(skb, xnet);
	skb_dst_set(skb, dst);
	if (skb->protocol == htons(ETH_P_IP)) {
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
		ip_local_out(net, NULL, skb);
	} else {
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		ip6_local_out(net, NULL, skb);
	}
	return 0;
}

/* A proxy ETR for the packet, or NULL if none is configured and up. */
static struct lisp_peer *lisp_petr_select(struct lisp_dev *ldev,
					  struct sk_buff *skb)
{
	const struct lisp_map_entry *petr = rcu_dereference(ldev->petr);
	const struct lisp_locator *loc;

	if (!petr)
		return NULL;
	loc = lisp_mc_select(petr, skb_get_hash(skb));
	return loc ? loc->peer : NULL;
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

/*
 * Count a packet of @len bytes in @e: on this CPU once the entry is hot,
 * in its shared atomics until then (LISP_ENTRY_HOT).  BH disabled.
 */
static void lisp_entry_used(struct lisp_map_entry *e, unsigned int len)
{
	struct lisp_entry_pcpu __percpu *pc = lisp_entry_pcpu(e);
	u32 now = (u32)jiffies;

	/* Written at most once per tick, to spare the cache line. */
	if (READ_ONCE(e->last_used) != now)
		WRITE_ONCE(e->last_used, now);
	if (likely(pc)) {
		struct lisp_entry_pcpu *c = this_cpu_ptr(pc);

		u64_stats_update_begin(&c->syncp);
		u64_stats_inc(&c->packets);
		u64_stats_add(&c->bytes, len);
		u64_stats_update_end(&c->syncp);
		return;
	}
	atomic64_add(len, &e->bytes);
	if (!(atomic64_inc_return(&e->packets) & (LISP_ENTRY_HOT - 1)))
		lisp_mc_entry_heat(e);
}

static void lisp_dev_xmit_rcu(struct sk_buff *skb, struct net_device *dev)
{
	struct lisp_dev *ldev = netdev_priv(dev);
	const struct lisp_locator *loc;
	struct lisp_map_entry *e, *src;
	struct lisp_hdr_info hi;
	struct lisp_peer *peer;
	unsigned int len = skb->len;
	const void *daddr, *saddr;
	u8 family;
	int err;

	daddr = lisp_inner_daddr(skb, &family, &saddr);
	if (!daddr) {
		lisp_stat_inc(ldev, LISP_STAT_TX_NOT_IP);
		goto drop;
	}
	/*
	 * RFC 9300 section 5: an ITR encapsulates for its own EIDs only.
	 * A packet decapsulated here and routed back into the device is
	 * not its own, whatever source it claims: it goes on only to an
	 * entry that relays (a host that moved away, issue 12), so that
	 * the underlay cannot have this router send to other EIDs.
	 */
	src = lisp_mc_lookup(&ldev->db, family, saddr);
	e = lisp_mc_lookup(&ldev->mc, family, daddr);
	if (!READ_ONCE(ldev->cfg.src_check)) {
		/* A proxy ITR encapsulates for any source. */
	} else if (skb->skb_iif == dev->ifindex) {
		if (!e || !(e->flags & LISP_MAP_F_RELAY)) {
			lisp_stat_inc(ldev, LISP_STAT_TX_NOT_RELAYED);
			goto drop;
		}
	} else if (!src) {
		struct lisp_event ev = {
			.type = LISP_EVENT_TX_SRC_NOT_EID,
			.family = family,
			.src = saddr,
			.iif = skb->skb_iif,
		};

		lisp_stat_inc(ldev, LISP_STAT_TX_SRC_NOT_EID);
		/* Maybe a host that just appeared (a dynamic EID). */
		lisp_event(ldev, &ev);
		goto drop;
	}
	lisp_lsb_from_db(src, &hi);

	if (!e) {
		lisp_stat_inc(ldev, LISP_STAT_TX_NO_MAPPING);
		/* RFC 6832: with a proxy ETR, send there while resolving. */
		peer = lisp_petr_select(ldev, skb);
		if (peer) {
			lisp_miss_signal(ldev, family, saddr, daddr);
			goto to_petr;
		}
		lisp_miss(ldev, skb, family, saddr, daddr);
		return;
	}
	switch (e->action) {
	case LISP_MAP_ENCAP:
		loc = lisp_mc_select(e, skb_get_hash(skb));
		if (!loc) {
			lisp_stat_inc(ldev, LISP_STAT_TX_NO_RLOC);
			goto drop;
		}
		peer = loc->peer;
		break;
	case LISP_MAP_SEND_MAP_REQUEST:
		lisp_entry_used(e, len);
		lisp_miss(ldev, skb, family, saddr, daddr);
		return;
	case LISP_MAP_FORWARD:
		lisp_entry_used(e, len);
		err = lisp_forward_native(ldev, skb);
		if (err)
			goto tx_error;
		lisp_stat_inc(ldev, LISP_STAT_TX_NATIVE);
		return;
	case LISP_MAP_USE_PETR:
		peer = lisp_petr_select(ldev, skb);
		if (!peer) {
			lisp_stat_inc(ldev, LISP_STAT_TX_NO_PETR);
			goto drop;
		}
		break;
	default:
		lisp_entry_used(e, len);
		lisp_stat_inc(ldev, LISP_STAT_TX_NEGATIVE);
		goto drop;
	}
	lisp_entry_used(e, len);
	if (e->action == LISP_MAP_USE_PETR)
		goto to_petr;
	err = lisp_encap(ldev, skb, peer, &hi);
	if (err)
		goto tx_error;
	return;

to_petr:
	err = lisp_encap(ldev, skb, peer, &hi);
	if (err)
		goto tx_error;
	lisp_stat_inc(ldev, LISP_STAT_TX_PETR);
	return;

tx_error:
	if (err == -ELOOP)
		lisp_stat_inc(ldev, LISP_STAT_TX_LOOP);
	else if (err == -EMSGSIZE)
		lisp_stat_inc(ldev, LISP_STAT_TX_TOO_BIG);
	else if (err == -ENETDOWN)
		lisp_stat_inc(ldev, LISP_STAT_TX_DOWN);
	else
		lisp_stat_inc(ldev, LISP_STAT_TX_NO_ROUTE);
	/* tx_errors: the sum of these four (lisp_get_stats64). */
drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
}

/*
 * The core calls us under rcu_read_lock_bh(); the map-cache, the PETRs
 * and the sockets are plain RCU, which lockdep wants held by name.
 */
netdev_tx_t lisp_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	rcu_read_lock();
	lisp_dev_xmit_rcu(skb, dev);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}
