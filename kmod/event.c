// SPDX-License-Identifier: GPL-2.0
/*
 * Events: what the data path sees that the agent may act on (a
 * locator-status-bits mismatch, traffic for an EID that is not or no
 * longer here, a source not in the database), announced on the genl
 * multicast group "events".  The kernel changes no state for them.
 * Nothing is built while nobody listens; per device and type at most
 * LISP_EVENT_RATE a second, and the same event (type and addresses)
 * once per LISP_EVENT_DEDUP_MS, so that a flow does not announce
 * itself with every packet.
 */

#include <linux/jhash.h>
#include <linux/random.h>
#include <net/genetlink.h>

#include "lisp.h"

void lisp_event_init(struct lisp_events *events)
{
	unsigned long long_ago = jiffies -
				 msecs_to_jiffies(LISP_EVENT_DEDUP_MS) - 1;
	unsigned int i;

	spin_lock_init(&events->lock);
	/* Keys a sender cannot work out, to make another's collide. */
	events->seed = get_random_u32();
	for (i = 0; i < __LISP_EVENT_MAX; i++)
		lisp_tbucket_init(&events->tb[i]);
	for (i = 0; i < LISP_EVENT_RECENT; i++) {
		events->recent[i].key = 0;
		events->recent[i].at = long_ago;
	}
}

/* Cheap: callers test it before they look anything up for an event. */
bool lisp_event_wanted(const struct lisp_dev *ldev)
{
	return genl_has_listeners(&lisp_genl_family, dev_net(ldev->dev),
				  LISP_MCGRP_EVENTS);
}

static u32 lisp_event_key(u32 seed, const struct lisp_event *ev)
{
	u32 h = jhash_2words(ev->type, ev->family, seed);

	if (ev->src)
		h = jhash(ev->src, lisp_addr_len(ev->family), h);
	if (ev->dst)
		h = jhash(ev->dst, lisp_addr_len(ev->family), h);
	if (ev->rloc)
		h = jhash(ev->rloc, lisp_addr_len(ev->rloc_family), h);
	return h;
}

/*
 * Whether to send @ev now: not if the same was sent lately (a slot per
 * key hash: two events whose keys share a slot only make each other
 * sent more often), nor beyond its type's rate.  Counts what the rate
 * held.  A flow's repeats are turned away before the lock, so that a
 * flood of them does not bounce it between CPUs; that read may be torn
 * by a writer, which at worst holds an event back to the next packet.
 */
static bool lisp_event_due(struct lisp_dev *ldev, const struct lisp_event *ev)
{
	unsigned long dedup = msecs_to_jiffies(LISP_EVENT_DEDUP_MS);
	struct lisp_events *events = &ldev->events;
	u32 key = lisp_event_key(events->seed, ev);
	unsigned int slot = key % LISP_EVENT_RECENT;
	unsigned long now = jiffies;
	bool due = false;

	if (READ_ONCE(events->recent[slot].key) == key &&
	    time_before(now, READ_ONCE(events->recent[slot].at) + dedup))
		return false;
	/* Nor, past the rate, a flood of distinct ones (spoofed sources). */
	if (lisp_tbucket_empty(&events->tb[ev->type], LISP_EVENT_RATE)) {
		lisp_stat_inc(ldev, LISP_STAT_EVENT_RATELIMITED);
		return false;
	}
	spin_lock(&events->lock);
	if (events->recent[slot].key == key &&
	    time_before(now, events->recent[slot].at + dedup))
		goto out;
	if (!lisp_tbucket_take(&events->tb[ev->type], LISP_EVENT_RATE)) {
		lisp_stat_inc(ldev, LISP_STAT_EVENT_RATELIMITED);
		goto out;
	}
	WRITE_ONCE(events->recent[slot].key, key);
	WRITE_ONCE(events->recent[slot].at, now);
	due = true;
out:
	spin_unlock(&events->lock);
	return due;
}

static int lisp_event_put_addr(struct sk_buff *msg, int attr, u8 family,
			       const void *addr)
{
	return addr ? nla_put(msg, attr, lisp_addr_len(family), addr) : 0;
}

/* Softirq (decapsulation), or xmit with BH disabled. */
void lisp_event(struct lisp_dev *ldev, const struct lisp_event *ev)
{
	struct net_device *dev = ldev->dev;
	struct sk_buff *msg;
	void *hdr;

	if (!lisp_event_wanted(ldev) || !lisp_event_due(ldev, ev))
		return;
	/* Sized to the message, as miss notifications are (miss.c). */
	msg = genlmsg_new(nla_total_size(sizeof(u8)) +
			  nla_total_size(sizeof(u32)) * 5 +
			  nla_total_size(sizeof(struct in6_addr)) * 3,
			  GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &lisp_genl_family, 0, LISP_CMD_EVENT);
	if (!hdr ||
	    nla_put_u8(msg, LISP_A_EVENT_TYPE, ev->type) ||
	    nla_put_u32(msg, LISP_A_IFINDEX, dev->ifindex) ||
	    (ldev->cfg.has_iid && nla_put_u32(msg, LISP_A_IID, ldev->cfg.iid)) ||
	    lisp_event_put_addr(msg, LISP_A_MISS_SRC, ev->family, ev->src) ||
	    lisp_event_put_addr(msg, LISP_A_MISS_DST, ev->family, ev->dst) ||
	    lisp_event_put_addr(msg, LISP_A_EVENT_RLOC, ev->rloc_family,
				ev->rloc) ||
	    (ev->has_lsb &&
	     (nla_put_u32(msg, LISP_A_EVENT_LSB, ev->lsb) ||
	      nla_put_u32(msg, LISP_A_EVENT_LSB_KERNEL, ev->lsb_kernel))) ||
	    (ev->iif && nla_put_u32(msg, LISP_A_EVENT_IIF, ev->iif))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	/* -ESRCH: the listener left; -ENOBUFS: a listener's buffer is full. */
	if (!genlmsg_multicast_netns(&lisp_genl_family, dev_net(dev), msg, 0,
				     LISP_MCGRP_EVENTS, GFP_ATOMIC))
		lisp_stat_inc(ldev, LISP_STAT_EVENT_SENT);
}
