// SPDX-License-Identifier: GPL-2.0
/*
 * Decapsulation: packets arriving on a LISP UDP tunnel socket are matched
 * to a device by instance-id, stripped of their outer IP/UDP/LISP headers
 * and handed to the stack as if received on that device.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>
#include <net/netns/generic.h>
#include <net/udp_tunnel.h>

#include "lisp.h"

/*
 * The device for a packet's instance-id.  A packet without the I bit
 * belongs to the device without an instance-id; instance-id 0 and "none"
 * stand in for each other, as peers differ on whether to set the I bit
 * for the default instance.
 */
static struct lisp_dev *lisp_find_dev(struct lisp_sock *ls, bool has_iid,
				      u32 iid)
{
	struct lisp_dev *ldev, *fallback = NULL;

	hash_for_each_possible_rcu(ls->devs, ldev, sock_node, iid) {
		if (lisp_dev_iid_key(&ldev->cfg) != iid)
			continue;
		if (ldev->cfg.has_iid == has_iid)
			return ldev;
		fallback = ldev;	/* iid 0 for none, or none for 0 */
	}
	return fallback;
}

/*
 * RFC 9300 section 5: an ETR takes packets for its own RLOCs.  The
 * socket is bound to the port only, so with a local RLOC configured for
 * the outer family, the outer destination must be that address.
 */
static bool lisp_rx_to_local_rloc(const struct lisp_dev *ldev,
				  const struct sk_buff *skb)
{
	if (ip_hdr(skb)->version == 4)
		return !ldev->cfg.local4 ||
		       ip_hdr(skb)->daddr == ldev->cfg.local4;
	return ipv6_addr_any(&ldev->cfg.local6) ||
	       ipv6_addr_equal(&ipv6_hdr(skb)->daddr, &ldev->cfg.local6);
}

/* The inner destination (network header: the inner one) and its family. */
static const void *lisp_rx_inner_dst(const struct sk_buff *skb, u8 *family)
{
	if (skb->protocol == htons(ETH_P_IP)) {
		*family = AF_INET;
		return &ip_hdr(skb)->daddr;
	}
	*family = AF_INET6;
	return &ipv6_hdr(skb)->daddr;
}

/*
 * An event about the packet being decapsulated (network header: the
 * inner one; @oiph: the outer one): the outer source and the inner
 * addresses.
 */
static void lisp_rx_event_init(struct lisp_event *ev,
			       const struct sk_buff *skb, const void *oiph)
{
	memset(ev, 0, sizeof(*ev));
	if (skb->protocol == htons(ETH_P_IP)) {
		ev->family = AF_INET;
		ev->src = &ip_hdr(skb)->saddr;
		ev->dst = &ip_hdr(skb)->daddr;
	} else {
		ev->family = AF_INET6;
		ev->src = &ipv6_hdr(skb)->saddr;
		ev->dst = &ipv6_hdr(skb)->daddr;
	}
	if (((const struct iphdr *)oiph)->version == 4) {
		ev->rloc_family = AF_INET;
		ev->rloc = &((const struct iphdr *)oiph)->saddr;
	} else {
		ev->rloc_family = AF_INET6;
		ev->rloc = &((const struct ipv6hdr *)oiph)->saddr;
	}
}

/*
 * RFC 9300 section 10: locator-status-bits are not to be trusted by
 * themselves.  Where they say a locator of the inner source's map-cache
 * entry is up or down the other way than the entry has it, the agent
 * hears of it (and may probe).  Only the bits the header carries (8
 * beside an instance-id) and the entry has locators for count.
 */
static void lisp_rx_check_lsb(struct lisp_dev *ldev,
			      const struct lisp_event *rx, bool has_iid,
			      u32 lsb)
{
	const struct lisp_map_entry *e;
	struct lisp_event ev;
	unsigned int n;
	u32 mask;

	e = lisp_mc_lookup(&ldev->mc, rx->family, rx->src);
	if (!e || e->action != LISP_MAP_ENCAP || !e->n_loc)
		return;
	n = min_t(unsigned int, e->n_loc, has_iid ? 8 : 32);
	mask = n == 32 ? U32_MAX : BIT(n) - 1;
	ev = *rx;
	ev.type = LISP_EVENT_LSB_MISMATCH;
	ev.dst = NULL;		/* one event per sender, not per flow */
	ev.has_lsb = true;
	ev.lsb = lsb & mask;
	ev.lsb_kernel = lisp_mc_up_bits(e) & mask;
	if (ev.lsb != ev.lsb_kernel)
		lisp_event(ldev, &ev);
}

/*
 * A relaying map-cache entry (LISP_MAP_F_RELAY) covers the destination,
 * more specifically than its database entry @local (NULL: none) if any:
 * it moved away (issue 12), and the packet is encapsulated again, so
 * that its sender should learn the new mapping.  Any other entry (a
 * remote site's, a neighbour site's larger prefix around ours) says
 * nothing about it, and is no way on for what the underlay sent here.
 */
static bool lisp_rx_dst_mapped(struct lisp_dev *ldev, u8 family,
			       const void *daddr,
			       const struct lisp_map_entry *local)
{
	const struct lisp_map_entry *e;

	e = lisp_mc_lookup(&ldev->mc, family, daddr);
	if (!e || !(e->flags & LISP_MAP_F_RELAY))
		return false;
	return !local || e->plen > local->plen;
}

/*
 * RFC 9300 section 5, IFLA_LISP_DST_CHECK: an ETR decapsulates for its
 * own EIDs, and for destinations that moved away from here, which the
 * map-cache covers (lisp_rx_dst_mapped()).  False: drop the packet.
 * With @ev (someone listens to events), announces either case.
 */
static bool lisp_rx_dst_ok(struct lisp_dev *ldev, const struct sk_buff *skb,
			   struct lisp_event *ev)
{
	const struct lisp_map_entry *local;
	const void *daddr;
	bool mapped;
	u8 family;

	if (!READ_ONCE(ldev->cfg.dst_check))
		return true;
	daddr = lisp_rx_inner_dst(skb, &family);
	local = lisp_mc_lookup(&ldev->db, family, daddr);
	/* Only an event tells a local destination's move apart. */
	mapped = (!local || ev) && lisp_rx_dst_mapped(ldev, family, daddr,
						      local);
	if (!local && !mapped) {
		lisp_stat_inc(ldev, LISP_STAT_RX_DST_NOT_EID);
		dev_core_stats_rx_dropped_inc(ldev->dev);
		if (ev) {
			ev->type = LISP_EVENT_RX_DST_NOT_EID;
			lisp_event(ldev, ev);
		}
		return false;
	}
	if (mapped && ev) {
		ev->type = LISP_EVENT_RX_DST_MAPPED;
		lisp_event(ldev, ev);
	}
	return true;
}

/*
 * The inner header's own lengths must fit what arrived, so that a lie is
 * counted here (LISP_STAT_RX_BAD_INNER), not somewhere in the stack.
 */
static bool lisp_rx_inner_sane(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);
		unsigned int len = ntohs(iph->tot_len);

		return iph->version == 4 && iph->ihl >= 5 &&
		       len >= iph->ihl * 4 && len <= skb->len;
	}
	return ipv6_hdr(skb)->version == 6 &&
	       ntohs(ipv6_hdr(skb)->payload_len) + sizeof(struct ipv6hdr) <=
	       skb->len;
}

/*
 * RFC 9300 section 5.3: an inner TTL (hop limit) above the outer one
 * takes the outer value, so that TTLs cannot grow across encapsulation
 * and decapsulation cycles.  The network header is the inner one.
 */
static int lisp_rx_ttl(struct sk_buff *skb, u8 outer_ttl)
{
	if (skb->protocol == htons(ETH_P_IP)) {
		struct iphdr *iph = ip_hdr(skb);

		if (iph->ttl <= outer_ttl)
			return 0;
		if (skb_ensure_writable(skb, sizeof(*iph)))
			return -ENOMEM;
		iph = ip_hdr(skb);
		csum_replace2(&iph->check, htons(iph->ttl << 8),
			      htons(outer_ttl << 8));
		iph->ttl = outer_ttl;
		return 0;
	}
	if (ipv6_hdr(skb)->hop_limit <= outer_ttl)
		return 0;
	if (skb_ensure_writable(skb, sizeof(struct ipv6hdr)))
		return -ENOMEM;
	ipv6_hdr(skb)->hop_limit = outer_ttl;
	return 0;
}

static void lisp_rx_count_netns(struct sock *sk, bool malformed)
{
	struct lisp_net *ln = net_generic(sock_net(sk), lisp_net_id);
	struct lisp_net_pcpu *st = this_cpu_ptr(ln->stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(malformed ? &st->rx_malformed : &st->rx_no_dev);
	u64_stats_update_end(&st->syncp);
}

int lisp_udp_encap_recv(struct sock *sk, struct sk_buff *skb)
{
	struct lisp_sock *ls = rcu_dereference_sk_user_data(sk);
	const u8 *lh;
	struct lisp_dev *ldev;
	struct lisp_event ev;
	__be16 proto;
	void *oiph;
	u32 iid, lsb;
	bool has_iid, has_lsb, events;
	int nh, err;
	unsigned int len;
	u8 outer_ttl;

	if (!ls)
		goto drop;
	/* UDP header, LISP header, and the inner IP version nibble. */
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + LISP_HDR_LEN + 1)) {
		lisp_rx_count_netns(sk, true);
		goto drop;
	}
	lh = (const u8 *)(udp_hdr(skb) + 1);
	outer_ttl = ip_hdr(skb)->version == 4 ? ip_hdr(skb)->ttl :
						ipv6_hdr(skb)->hop_limit;
	has_iid = lh[0] & LISP_F_I;
	iid = has_iid ? (lh[4] << 16) | (lh[5] << 8) | lh[6] : 0;
	has_lsb = lh[0] & LISP_F_L;
	lsb = has_iid ? lh[7] : get_unaligned_be32(lh + 4);
	ldev = lisp_find_dev(ls, has_iid, iid);
	if (!ldev) {
		lisp_rx_count_netns(sk, false);
		goto drop;
	}
	if (!lisp_rx_to_local_rloc(ldev, skb)) {
		lisp_stat_inc(ldev, LISP_STAT_RX_NOT_LOCAL_RLOC);
		dev_core_stats_rx_dropped_inc(ldev->dev);
		goto drop;
	}

	switch (lh[LISP_HDR_LEN] >> 4) {
	case 4:
		proto = htons(ETH_P_IP);
		break;
	case 6:
		proto = htons(ETH_P_IPV6);
		break;
	default:
		lisp_stat_inc(ldev, LISP_STAT_RX_BAD_INNER);
		DEV_STATS_INC(ldev->dev, rx_errors);
		DEV_STATS_INC(ldev->dev, rx_frame_errors);
		goto drop;
	}

	if (iptunnel_pull_header(skb, sizeof(struct udphdr) + LISP_HDR_LEN,
				 proto, !net_eq(ldev->net, dev_net(ldev->dev)))) {
		dev_core_stats_rx_dropped_inc(ldev->dev);
		goto drop;
	}
	skb->dev = ldev->dev;

	/* The outer header's offset survives a head reallocation. */
	nh = skb_network_header(skb) - skb->head;
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	if (!pskb_inet_may_pull(skb) || !lisp_rx_inner_sane(skb)) {
		lisp_stat_inc(ldev, LISP_STAT_RX_BAD_INNER);
		DEV_STATS_INC(ldev->dev, rx_errors);
		DEV_STATS_INC(ldev->dev, rx_length_errors);
		goto drop;
	}
	oiph = skb->head + nh;
	events = lisp_event_wanted(ldev);
	if (events) {
		lisp_rx_event_init(&ev, skb, oiph);
		if (has_lsb)
			lisp_rx_check_lsb(ldev, &ev, has_iid, lsb);
	}
	if (!lisp_rx_dst_ok(ldev, skb, events ? &ev : NULL))
		goto drop;
	if (((struct iphdr *)oiph)->version == 4)
		err = IP_ECN_decapsulate(oiph, skb);
	else
		err = IP6_ECN_decapsulate(oiph, skb);
	/* 1: inner is not ECT, outer CE was lost; 2: drop (RFC 6040). */
	if (unlikely(err > 1)) {
		lisp_stat_inc(ldev, LISP_STAT_RX_ECN);
		DEV_STATS_INC(ldev->dev, rx_errors);
		DEV_STATS_INC(ldev->dev, rx_frame_errors);
		goto drop;
	}
	if (lisp_rx_ttl(skb, outer_ttl)) {
		dev_core_stats_rx_dropped_inc(ldev->dev);
		goto drop;
	}

	len = skb->len;
	if (likely(gro_cells_receive(&ldev->gro_cells, skb) == NET_RX_SUCCESS))
		dev_sw_netstats_rx_add(ldev->dev, len);
	return 0;

drop:
	/* Consumed either way: nothing on this port is plain UDP. */
	kfree_skb(skb);
	return 0;
}
