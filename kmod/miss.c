// SPDX-License-Identifier: GPL-2.0
/*
 * The miss path: a packet with no usable mapping waits in a small
 * bounded queue under a "pending" record for its destination, and user
 * space hears of it on the genl multicast group "miss" (rate limited
 * per device), again after LISP_MISS_RENOTIFY_MS while it waits.  When
 * a mapping covering the destination is added, the waiting packets are
 * sent; after LISP_MISS_TIMEOUT_MS they are dropped.  Nobody listening:
 * nothing is held.
 */

#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "lisp.h"

struct lisp_pending {
	struct hlist_node hnode;	/* in lisp_miss.table; ->lock */
	union lisp_addr eid;
	u8 family;
	unsigned long created;		/* jiffies */
	unsigned long notified_at;	/* jiffies, valid if notified */
	bool notified;			/* announced at least once */
	struct sk_buff_head queue;	/* <= LISP_MISS_QUEUE_PER_EID */
};

static u32 pending_hash(u8 family, const union lisp_addr *eid)
{
	return jhash(eid, lisp_addr_len(family), family);
}

void lisp_miss_init(struct lisp_miss *miss)
{
	spin_lock_init(&miss->lock);
	hash_init(miss->table);
	miss->n_pending = 0;
	miss->n_queued = 0;
	miss->queued_truesize = 0;
	lisp_tbucket_init(&miss->tb);
}

static void pending_free(struct lisp_miss *miss, struct lisp_pending *p,
			 struct sk_buff_head *out)
{
	struct sk_buff *skb;

	lockdep_assert_held(&miss->lock);
	miss->n_queued -= skb_queue_len(&p->queue);
	skb_queue_walk(&p->queue, skb)
		miss->queued_truesize -= skb->truesize;
	skb_queue_splice_tail_init(&p->queue, out);
	hash_del(&p->hnode);
	miss->n_pending--;
	kfree(p);
}

static void lisp_miss_notify(struct lisp_dev *ldev, u8 family,
			     const void *saddr, const void *daddr)
{
	struct net_device *dev = ldev->dev;
	unsigned int alen = lisp_addr_len(family);
	struct sk_buff *msg;
	void *hdr;

	/*
	 * Sized to the message: NLMSG_GOODSIZE would allocate a page that
	 * netlink_broadcast() then trims with a second allocation, in
	 * softirq, for every notification.
	 */
	msg = genlmsg_new(nla_total_size(sizeof(u32)) * 2 +
			  nla_total_size(alen) * 2, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &lisp_genl_family, 0, LISP_CMD_MISS);
	if (!hdr ||
	    nla_put_u32(msg, LISP_A_IFINDEX, dev->ifindex) ||
	    (ldev->cfg.has_iid && nla_put_u32(msg, LISP_A_IID, ldev->cfg.iid)) ||
	    nla_put(msg, LISP_A_MISS_SRC, alen, saddr) ||
	    nla_put(msg, LISP_A_MISS_DST, alen, daddr)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&lisp_genl_family, dev_net(dev), msg, 0,
				LISP_MCGRP_MISS, GFP_ATOMIC);
}

/*
 * The pending record for @eid, made if there is none (*created) and
 * room for one; NULL otherwise.  miss->lock held.
 */
static struct lisp_pending *pending_get(struct lisp_miss *miss, u8 family,
					const union lisp_addr *eid,
					bool *created)
{
	u32 h = pending_hash(family, eid);
	struct lisp_pending *p;

	lockdep_assert_held(&miss->lock);
	*created = false;
	hash_for_each_possible(miss->table, p, hnode, h)
		if (p->family == family &&
		    !memcmp(&p->eid, eid, lisp_addr_len(family)))
			return p;
	if (miss->n_pending >= LISP_MISS_PENDING_MAX)
		return NULL;
	p = kzalloc(sizeof(*p), GFP_ATOMIC);
	if (!p)
		return NULL;
	p->eid = *eid;
	p->family = family;
	p->created = jiffies;
	__skb_queue_head_init(&p->queue);
	hash_add(miss->table, &p->hnode, h);
	miss->n_pending++;
	*created = true;
	return p;
}

/*
 * Whether to announce @p now: when it is made, and on a later packet once
 * LISP_MISS_RENOTIFY_MS has passed since the last announcement or when
 * none got past the rate limit yet.  A multicast can be lost (a listener's
 * receive buffer is full) and nothing else would announce @p again before
 * its packets time out.  miss->lock held.
 */
static bool pending_notify_due(struct lisp_dev *ldev, struct lisp_pending *p,
			       bool created)
{
	unsigned long now = jiffies;

	if (!created && p->notified &&
	    time_before(now, p->notified_at +
			msecs_to_jiffies(LISP_MISS_RENOTIFY_MS)))
		return false;
	if (!lisp_tbucket_take(&ldev->miss.tb, READ_ONCE(ldev->cfg.miss_rate))) {
		lisp_stat_inc(ldev, LISP_STAT_MISS_RATELIMITED);
		return false;
	}
	p->notified = true;
	p->notified_at = now;
	return true;
}

/* One timer for all pending entries; it re-arms while any is left. */
static void lisp_miss_arm_gc(struct lisp_dev *ldev)
{
	if (!delayed_work_pending(&ldev->miss_gc))
		queue_delayed_work(lisp_wq, &ldev->miss_gc,
				   msecs_to_jiffies(LISP_MISS_TIMEOUT_MS));
}

/*
 * Called from xmit (BH disabled) for a packet without a usable mapping.
 * Takes the skb in every case.
 */
void lisp_miss(struct lisp_dev *ldev, struct sk_buff *skb, u8 family,
	       const void *saddr, const void *daddr)
{
	struct lisp_miss *miss = &ldev->miss;
	union lisp_addr eid = {}, src = {};
	struct lisp_pending *p;
	enum lisp_stat drop;
	bool notify = false, created;

	if (!genl_has_listeners(&lisp_genl_family, dev_net(ldev->dev),
				LISP_MCGRP_MISS)) {
		drop = LISP_STAT_TX_MISS_NO_LISTENER;
		goto drop;
	}
	/*
	 * Once queued and unlocked, the packet may be sent and freed by
	 * lisp_miss_release() on another CPU: notify from copies.
	 */
	memcpy(&eid, daddr, lisp_addr_len(family));
	memcpy(&src, saddr, lisp_addr_len(family));

	spin_lock(&miss->lock);
	p = pending_get(miss, family, &eid, &created);
	if (!p) {
		spin_unlock(&miss->lock);
		drop = LISP_STAT_TX_MISS_QUEUE_FULL;
		goto drop;
	}
	notify = pending_notify_due(ldev, p, created);
	if (skb_queue_len(&p->queue) >= LISP_MISS_QUEUE_PER_EID ||
	    miss->n_queued >= LISP_MISS_QUEUE_PER_DEV) {
		spin_unlock(&miss->lock);
		drop = LISP_STAT_TX_MISS_QUEUE_FULL;
		if (notify)
			goto notify_drop;
		goto drop;
	}
	skb_dst_drop(skb);
	__skb_queue_tail(&p->queue, skb);
	miss->n_queued++;
	miss->queued_truesize += skb->truesize;
	spin_unlock(&miss->lock);

	lisp_miss_arm_gc(ldev);
	if (notify) {
		lisp_miss_notify(ldev, family, &src, &eid);
		lisp_stat_inc(ldev, LISP_STAT_MISS_NOTIFIED);
	}
	return;

notify_drop:
	lisp_miss_notify(ldev, family, &src, &eid);
	lisp_stat_inc(ldev, LISP_STAT_MISS_NOTIFIED);
drop:
	lisp_stat_inc(ldev, drop);
	dev_core_stats_tx_dropped_inc(ldev->dev);
	kfree_skb(skb);
}

/*
 * No mapping, but the packet goes on to a proxy ETR: only tell user
 * space, as lisp_miss() does, until it is resolved or times out.
 * Called from xmit (BH disabled).
 */
void lisp_miss_signal(struct lisp_dev *ldev, u8 family, const void *saddr,
		      const void *daddr)
{
	struct lisp_miss *miss = &ldev->miss;
	union lisp_addr eid = {};
	bool notify = false, created = false;
	struct lisp_pending *p;

	if (!genl_has_listeners(&lisp_genl_family, dev_net(ldev->dev),
				LISP_MCGRP_MISS))
		return;
	memcpy(&eid, daddr, lisp_addr_len(family));
	spin_lock(&miss->lock);
	p = pending_get(miss, family, &eid, &created);
	if (p)
		notify = pending_notify_due(ldev, p, created);
	spin_unlock(&miss->lock);
	if (created)
		lisp_miss_arm_gc(ldev);
	if (notify) {
		lisp_miss_notify(ldev, family, saddr, daddr);
		lisp_stat_inc(ldev, LISP_STAT_MISS_NOTIFIED);
	}
}

static bool prefix_covers(const struct lisp_map_entry *e, u8 family,
			  const union lisp_addr *addr)
{
	const u8 *a = (const u8 *)&e->eid, *b = (const u8 *)addr;
	unsigned int full = e->plen / 8, rest = e->plen % 8;

	if (e->family != family || memcmp(a, b, full))
		return false;
	return !rest || !((a[full] ^ b[full]) & (0xff00 >> rest));
}

/*
 * A mapping for @e was added: send what waits for a destination it
 * covers.  Process context, after the entry is published.
 */
void lisp_miss_release(struct lisp_dev *ldev, const struct lisp_map_entry *e)
{
	struct lisp_miss *miss = &ldev->miss;
	struct lisp_pending *p;
	struct hlist_node *tmp;
	struct sk_buff_head out;
	struct sk_buff *skb;
	int bkt;

	__skb_queue_head_init(&out);
	spin_lock_bh(&miss->lock);
	if (miss->n_pending)
		hash_for_each_safe(miss->table, bkt, tmp, p, hnode)
			if (prefix_covers(e, p->family, &p->eid))
				pending_free(miss, p, &out);
	spin_unlock_bh(&miss->lock);

	if (skb_queue_empty(&out))
		return;
	lisp_stat_add_bh(ldev, LISP_STAT_MISS_RELEASED, skb_queue_len(&out));
	while ((skb = __skb_dequeue(&out)))
		dev_queue_xmit(skb);
}

/* Drop every pending entry older than the timeout (all if @all). */
static void lisp_miss_expire(struct lisp_dev *ldev, bool all)
{
	unsigned long timeout = msecs_to_jiffies(LISP_MISS_TIMEOUT_MS);
	struct lisp_miss *miss = &ldev->miss;
	struct lisp_pending *p;
	struct hlist_node *tmp;
	struct sk_buff_head out;
	bool left;
	int bkt;

	__skb_queue_head_init(&out);
	spin_lock_bh(&miss->lock);
	hash_for_each_safe(miss->table, bkt, tmp, p, hnode)
		if (all || time_after_eq(jiffies, p->created + timeout))
			pending_free(miss, p, &out);
	left = miss->n_pending;
	spin_unlock_bh(&miss->lock);

	if (!skb_queue_empty(&out))
		lisp_stat_add_bh(ldev, LISP_STAT_TX_MISS_TIMEOUT,
				 skb_queue_len(&out));
	while (!skb_queue_empty(&out)) {
		dev_core_stats_tx_dropped_inc(ldev->dev);
		kfree_skb(__skb_dequeue(&out));
	}
	if (left && !all)
		queue_delayed_work(lisp_wq, &ldev->miss_gc, timeout / 2);
}

void lisp_miss_gc_work(struct work_struct *work)
{
	struct lisp_dev *ldev = container_of(to_delayed_work(work),
					     struct lisp_dev, miss_gc);

	lisp_miss_expire(ldev, false);
}

/* Device going down or away: nothing may wait any more. */
void lisp_miss_flush(struct lisp_dev *ldev)
{
	cancel_delayed_work_sync(&ldev->miss_gc);
	lisp_miss_expire(ldev, true);
}
