// SPDX-License-Identifier: GPL-2.0
/*
 * Decapsulation: packets arriving on a LISP UDP tunnel socket are matched
 * to a device by instance-id, stripped of their outer IP/UDP/LISP headers
 * and handed to the stack as if received on that device.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/gro.h>
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

	/* Most devices have none: spare the lookup per packet. */
	if (!READ_ONCE(ldev->mc.n_relay))
		return false;
	e = lisp_mc_lookup(&ldev->mc, family, daddr);
	if (!e || !(e->flags & LISP_MAP_F_RELAY))
		return false;
	return !local || e->plen > local->plen;
}

/*
 * RFC 9300 section 5, IFLA_LISP_DST_CHECK: an ETR decapsulates for its
 * own EIDs, and for destinations that moved away from here, which the
 * map-cache covers (lisp_rx_dst_mapped()).  False: drop the packet.
 * With @ev (someone listens to events), announces either case.  A drop
 * counts the @segs datagrams the packet stands for (lisp_rx_segs()).
 */
static bool lisp_rx_dst_ok(struct lisp_dev *ldev, const struct sk_buff *skb,
			   struct lisp_event *ev, unsigned int segs)
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
		lisp_stat_add(ldev, LISP_STAT_RX_DST_NOT_EID, segs);
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

/*
 * The inner packet's protocol, from the version nibble of its first byte
 * (the byte after the LISP header); 0 for anything but IPv4 and IPv6.
 */
static __be16 lisp_inner_proto(u8 first)
{
	switch (first >> 4) {
	case 4:
		return htons(ETH_P_IP);
	case 6:
		return htons(ETH_P_IPV6);
	}
	return 0;
}

/*
 * The datagrams an skb stands for: receive offload (lisp_gro_receive())
 * may have merged several of one flow.  The LISP counters count
 * datagrams, as the sender's do and as they did before GRO; the
 * device's own counters, as any device's, count what it was handed.
 */
static unsigned int lisp_rx_segs(const struct sk_buff *skb)
{
	if (!skb_is_gso(skb))
		return 1;
	return skb_shinfo(skb)->gso_segs ?: 1;
}

static void lisp_rx_count_netns(struct sock *sk, bool malformed,
				unsigned int segs)
{
	struct lisp_net *ln = net_generic(sock_net(sk), lisp_net_id);

	lisp_pcpu_stats_add(ln->stats, malformed ? LISP_STAT_RX_MALFORMED :
			    LISP_STAT_RX_NO_DEVICE, segs);
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
	unsigned int len, segs = lisp_rx_segs(skb);
	u8 outer_ttl;

	if (!ls)
		goto drop;
	/* UDP header, LISP header, and the inner IP version nibble. */
	if (!pskb_may_pull(skb, sizeof(struct udphdr) + LISP_HDR_LEN + 1)) {
		lisp_rx_count_netns(sk, true, segs);
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
		lisp_rx_count_netns(sk, false, segs);
		goto drop;
	}
	if (!lisp_rx_to_local_rloc(ldev, skb)) {
		lisp_stat_add(ldev, LISP_STAT_RX_NOT_LOCAL_RLOC, segs);
		dev_core_stats_rx_dropped_inc(ldev->dev);
		goto drop;
	}

	proto = lisp_inner_proto(lh[LISP_HDR_LEN]);
	if (!proto) {
		/* rx_errors, rx_frame_errors: lisp_get_stats64() */
		lisp_stat_add(ldev, LISP_STAT_RX_BAD_INNER, segs);
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
		/* rx_errors, rx_length_errors: lisp_get_stats64() */
		lisp_stat_add(ldev, LISP_STAT_RX_BAD_INNER, segs);
		lisp_stat_add(ldev, LISP_STAT_RX_BAD_LENGTH, segs);
		goto drop;
	}
	oiph = skb->head + nh;
	events = lisp_event_wanted(ldev);
	if (events) {
		lisp_rx_event_init(&ev, skb, oiph);
		if (has_lsb)
			lisp_rx_check_lsb(ldev, &ev, has_iid, lsb);
	}
	if (!lisp_rx_dst_ok(ldev, skb, events ? &ev : NULL, segs))
		goto drop;
	if (((struct iphdr *)oiph)->version == 4)
		err = IP_ECN_decapsulate(oiph, skb);
	else
		err = IP6_ECN_decapsulate(oiph, skb);
	/* 1: inner is not ECT, outer CE was lost; 2: drop (RFC 6040). */
	if (unlikely(err > 1)) {
		/* rx_errors, rx_frame_errors: lisp_get_stats64() */
		lisp_stat_add(ldev, LISP_STAT_RX_ECN, segs);
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

/*
 * Receive offload (GRO), called by the UDP offload for datagrams to the
 * LISP port before the stack takes them to lisp_udp_encap_recv(): the
 * datagrams of one flow (one outer source, destination and UDP source
 * port, as the UDP offload already checked) merge into one packet if
 * their LISP headers decapsulate alike and their inner packets merge.
 *
 * Alike: the flags, and bytes 4 to 7 (instance-id, which picks the
 * device, and the locator-status-bits, which are checked against the
 * map-cache when the L bit is set; without the I and L bits, the
 * same constant in a flow), and the inner IP version, as the inner
 * offload compares only headers of its own family.  The E bit and the
 * nonce (N bit) differ from packet to packet and decapsulation reads
 * neither.  Without the N bit, bytes 1 to 3 are map-versions (V bit) or
 * reserved: constant in a flow, so compared, as nothing here says what
 * a change would mean.
 */
static bool lisp_gro_alike(const u8 *a, const u8 *b)
{
	if ((a[0] ^ b[0]) & ~LISP_F_E)
		return false;
	if (!(a[0] & LISP_F_N) && memcmp(a + 1, b + 1, 3))
		return false;
	return !memcmp(a + 4, b + 4, LISP_HDR_LEN - 4) &&
	       (a[LISP_HDR_LEN] >> 4) == (b[LISP_HDR_LEN] >> 4);
}

/*
 * A datagram that lisp_udp_encap_recv() drops for its LISP header or
 * inner version (too short; neither IPv4 nor IPv6 inside) is flushed:
 * it reaches lisp_udp_encap_recv() by itself, to be counted there.
 * Drops for what the packet says beyond that (instance-id, outer or
 * inner addresses, ECN) are for all datagrams of a merged packet alike,
 * and lisp_udp_encap_recv() counts each of them (lisp_rx_segs()).
 */
struct sk_buff *lisp_gro_receive(struct sock *sk, struct list_head *head,
				 struct sk_buff *skb)
{
	unsigned int off = skb_gro_offset(skb);
	struct packet_offload *ptype;
	struct sk_buff *pp = NULL, *p;
	const u8 *lh;
	__be16 proto;
	int flush = 1;

	lh = skb_gro_header(skb, off + LISP_HDR_LEN + 1, off);
	if (unlikely(!lh))
		goto out;
	proto = lisp_inner_proto(lh[LISP_HDR_LEN]);
	if (!proto)
		goto out;
	list_for_each_entry(p, head, list) {
		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		/* Held packets have their headers in the linear part. */
		if (!lisp_gro_alike(lh, p->data + off))
			NAPI_GRO_CB(p)->same_flow = 0;
	}
	ptype = gro_find_receive_by_type(proto);
	if (!ptype)
		goto out;
	skb_gro_pull(skb, LISP_HDR_LEN);
	skb_gro_postpull_rcsum(skb, lh, LISP_HDR_LEN);
	pp = call_gro_receive(ptype->callbacks.gro_receive, head, skb);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

/*
 * A merged packet is complete: the UDP offload has set the outer length
 * and the UDP tunnel GSO type and marked the packet encapsulated, so
 * that the inner offload sets the inner network and transport headers.
 * The inner packet has no link layer: its "MAC header" is where the
 * inner network header starts, as for FOU.  lisp_udp_encap_recv()
 * then pulls the outer headers with iptunnel_pull_header(), which drops
 * the encapsulation marks and leaves a GSO packet of the inner protocol.
 */
int lisp_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff)
{
	const u8 *lh = skb->data + nhoff;
	struct packet_offload *ptype;
	int err = -ENOENT;

	ptype = gro_find_complete_by_type(lisp_inner_proto(lh[LISP_HDR_LEN]));
	if (ptype)
		err = ptype->callbacks.gro_complete(skb, nhoff + LISP_HDR_LEN);
	skb_set_inner_mac_header(skb, nhoff + LISP_HDR_LEN);
	return err;
}
