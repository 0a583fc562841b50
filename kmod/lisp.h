/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal declarations shared by the files of lisp.ko.  A file that
 * prints with pr_*() defines pr_fmt before its first #include, as
 * main.c does, so that every line says "lisp: ".
 */
#ifndef _LISP_KMOD_H
#define _LISP_KMOD_H

#include <linux/netdevice.h>
#include <linux/hashtable.h>
#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>
#include <net/genetlink.h>
#include <net/gro_cells.h>
#include <net/rtnetlink.h>
#include <linux/lisp.h>

#include "compat.h"

#include "lpm.h"

/* LISP data header flags, first byte (RFC 9300 section 5.3). */
#define LISP_F_N	0x80	/* nonce present */
#define LISP_F_L	0x40	/* locator-status-bits present */
#define LISP_F_E	0x20	/* echo-nonce request */
#define LISP_F_V	0x10	/* map-version present */
#define LISP_F_I	0x08	/* instance-id present */

/* An IPv4 or IPv6 address; the family is kept beside it. */
union lisp_addr {
	__be32 v4;
	struct in6_addr v6;
};

static inline unsigned int lisp_addr_len(u8 family)
{
	return family == AF_INET ? sizeof(__be32) : sizeof(struct in6_addr);
}

/*
 * What a peer is found by in lisp_map_cache.peers: the address, zero
 * past its family's length, and the family.  The table compares and
 * hashes the bytes up to the family (LISP_PEER_KEY_LEN), not the padding.
 */
struct lisp_peer_key {
	union lisp_addr addr;
	u8 family;
};

#define LISP_PEER_KEY_LEN	offsetofend(struct lisp_peer_key, family)

/*
 * An RLOC a device encapsulates to, shared by every map-cache entry that
 * lists it, so that its cached route and reachability exist once.  The
 * writers find it by key in lisp_map_cache.peers, under ->lock; xmit
 * reaches it only through the entries that list it, under RCU, so it is
 * freed a grace period after the last of them let it go (free_work).
 */
struct lisp_peer {
	struct rhash_head node;		/* in lisp_map_cache.peers; ->lock */
	struct lisp_peer_key key;	/* set before insertion, then constant */
	bool up;			/* written under ->lock, read in xmit */
	u32 users;			/* entries listing it; ->lock */
	struct rcu_work free_work;	/* frees it after a grace period */
	struct dst_cache dst_cache;
};

struct lisp_locator {
	struct lisp_peer *peer;
	u8 priority;
	u8 weight;
	/*
	 * Reachability the request gave (LISP_LOC_A_UP), applied to the
	 * shared peer only once the entry is published.
	 */
	u8 up_req;
};

#define LISP_UP_KEEP	0
#define LISP_UP_DOWN	1
#define LISP_UP_UP	2

/*
 * The traffic counters of a map-cache entry on one CPU.  Written only by
 * that CPU, in xmit (BH disabled); summed by readers under syncp, which
 * keeps the 64-bit values whole on 32-bit kernels (as per-CPU tstats).
 */
struct lisp_entry_pcpu {
	u64_stats_t packets;
	u64_stats_t bytes;
	struct u64_stats_sync syncp;
};

/*
 * Issue 13: no cache line shared between CPUs is written per packet.  An
 * entry counts its first LISP_ENTRY_HOT packets in the shared atomics
 * ->packets and ->bytes, then gets per-CPU counters (->pcpu): most of a
 * million entries never carry a packet, or a few, and cost 8 bytes for
 * the pointer, not 16 bytes on every possible CPU.  If per-CPU memory is
 * refused (GFP_ATOMIC, or pcpu_entries_max reached), the atomics go on
 * counting and every LISP_ENTRY_HOT-th packet tries again.  A power of 2.
 */
#define LISP_ENTRY_HOT		64

/*
 * ->pcpu holds a struct lisp_entry_pcpu __percpu pointer, set once by
 * xmit with cmpxchg from 0 (a loser frees its own), or'ed with
 * LISP_PCPU_DEAD when the entry is retired so that none is set after
 * that: the grace period that frees the entry then frees what it holds.
 */
#define LISP_PCPU_DEAD		1UL

/*
 * A map-cache entry: EID prefix -> locators, or a negative action.
 * Immutable once published except for the counters and last_used;
 * replaced as a whole (the new entry counts from zero) and freed after
 * a grace period.  Readers: RCU (xmit, recv) or mc->lock (netlink).  A
 * one-RLOC entry fits kmalloc-96 (map_cache.c asserts it).
 */
struct lisp_map_entry {
	struct rcu_head rcu;
	union lisp_addr eid;
	u8 family;
	u8 plen;
	u8 action;			/* enum lisp_map_action */
	u8 n_loc;
	bool in_batch;			/* built by the request being applied */
	u8 flags;			/* LISP_MAP_F_* */
	u32 ttl;			/* seconds, 0 = no expiry */
	/*
	 * Low 32 bits of jiffies, written at most once a tick: the idle
	 * time goes out in u32 milliseconds anyway, and 32 bits fill a
	 * hole that keeps the entry in kmalloc-96.
	 */
	u32 last_used;
	unsigned long expires;		/* jiffies, when ttl != 0 */
	atomic_long_t pcpu;		/* see LISP_PCPU_DEAD */
	atomic64_t packets;		/* shared: see LISP_ENTRY_HOT */
	atomic64_t bytes;
	struct lisp_locator loc[];
};

/* The entry's per-CPU counters, NULL while it has none.  RCU reader. */
static inline struct lisp_entry_pcpu __percpu *
lisp_entry_pcpu(const struct lisp_map_entry *e)
{
	unsigned long v = atomic_long_read(&e->pcpu) & ~LISP_PCPU_DEAD;

	return (__force struct lisp_entry_pcpu __percpu *)v;
}

struct lisp_map_cache {
	/* Serialises writers; lookups use RCU only. */
	struct mutex lock;
	struct lpm_table v4;		/* of struct lisp_map_entry */
	struct lpm_table v6;
	/*
	 * The RLOCs (struct lisp_peer) by key, in a table that grows and
	 * shrinks with their number (the kernel's rhashtable; its resizes
	 * run in a worker of the table, and lookups never wait for them).
	 * Used by writers only, under ->lock, which keeps a peer found in it
	 * alive: xmit never looks here.  Its bucket array (8 bytes a
	 * bucket; it doubles past 75% full and halves under 30%: 1 MiB for
	 * the default rloc_max of RLOCs) is not charged to a memory cgroup:
	 * rhashtable allocates it with GFP_KERNEL, in its worker or at
	 * init, or GFP_ATOMIC when an insertion finds it full, and has no
	 * way to be told otherwise.  The peers are charged (peer_get()).
	 */
	struct rhashtable peers;
	u32 n_peers;			/* ->lock; <= rloc_max */
	u32 entries;			/* ->lock; <= map_cache_max */
	/*
	 * Published entries flagged LISP_MAP_F_RELAY: written under ->lock,
	 * read locklessly on receive, which looks for a relay entry only if
	 * there may be one.  A packet racing the first relay's insert may
	 * miss it, as it would a moment earlier.
	 */
	u32 n_relay;
};

/* Settings from IFLA_LISP_*; written under RTNL, read locklessly. */
struct lisp_config {
	u32 iid;		/* meaningful only when has_iid */
	bool has_iid;
	u16 port;		/* UDP data port, host order */
	__be32 local4;		/* 0 = not set */
	struct in6_addr local6;	/* :: = not set */
	u8 ttl;			/* 0 = inherit */
	u8 tos;			/* LISP_TOS_INHERIT = inherit */
	u32 miss_rate;		/* miss notifications/s, 0 = unlimited */
	bool src_check;		/* encapsulate only from database EIDs */
	bool dst_check;		/* decapsulate only to database EIDs */
};

/* The key of a device in its socket's table: no instance-id hashes as 0. */
static inline u32 lisp_dev_iid_key(const struct lisp_config *cfg)
{
	return cfg->has_iid ? cfg->iid : 0;
}

/*
 * Devices on a socket, hashed by instance-id (none counts as 0): a
 * receiver finds its device in one bucket, however many tenants share
 * the port.
 */
#define LISP_SOCK_DEV_BITS	8

/*
 * The UDP sockets of one (underlay netns, port), shared by the devices
 * that are up on that port.  Created by the first, released by the last.
 */
struct lisp_sock {
	struct list_head list;		/* in lisp_net.socks; RTNL */
	/* Up lisp_devs by lisp_dev_iid_key(); RTNL writers, RCU readers. */
	DECLARE_HASHTABLE(devs, LISP_SOCK_DEV_BITS);
	unsigned int users;		/* devices; RTNL writes, read locklessly */
	u16 port;
	struct socket *sock4;
	struct socket *sock6;		/* NULL without IPv6 */
	struct rcu_head rcu;
};

/*
 * A token bucket: up to a rate a second, bursts of as many.  Not locked:
 * its user holds the lock that covers it.
 */
struct lisp_tbucket {
	u64 tokens;
	unsigned long refill;		/* jiffies of the last refill */
};

static inline void lisp_tbucket_init(struct lisp_tbucket *tb)
{
	tb->tokens = 0;
	tb->refill = jiffies;
}

/* Take a token if there is one; a @rate of 0 means no limit. */
static inline bool lisp_tbucket_take(struct lisp_tbucket *tb, u32 rate)
{
	unsigned long now = jiffies;
	u64 add;

	if (!rate)
		return true;
	add = (u64)(now - tb->refill) * rate / HZ;
	if (add) {
		WRITE_ONCE(tb->tokens, min_t(u64, tb->tokens + add, rate));
		WRITE_ONCE(tb->refill, now);
	}
	if (!tb->tokens)
		return false;
	WRITE_ONCE(tb->tokens, tb->tokens - 1);
	return true;
}

/*
 * Without the lock: whether lisp_tbucket_take() would fail now, so that
 * a flood past the rate need not take the lock, written, per packet.  A
 * hint: a racing or torn read only sends the caller to the lock.
 */
static inline bool lisp_tbucket_empty(const struct lisp_tbucket *tb,
				      u32 rate)
{
	return rate && !READ_ONCE(tb->tokens) &&
	       (u64)(jiffies - READ_ONCE(tb->refill)) * rate < HZ;
}

/*
 * Destinations waiting for a mapping (miss.c).  Taken from xmit with BH
 * disabled and from process context with spin_lock_bh().
 */
struct lisp_miss {
	spinlock_t lock;		/* everything below */
	DECLARE_HASHTABLE(table, 6);	/* of struct lisp_pending; ->lock */
	unsigned int n_pending;		/* <= LISP_MISS_PENDING_MAX */
	unsigned int n_queued;		/* <= LISP_MISS_QUEUE_PER_DEV */
	unsigned int queued_truesize;	/* of those packets, in bytes */
	struct lisp_tbucket tb;		/* notifications */
};

/* Events recently sent, by a hash of what they say (event.c). */
#define LISP_EVENT_RECENT	64

/*
 * Rate limit and duplicate filter of the device's events (event.c),
 * taken in softirq only (decapsulation, and xmit with BH disabled).
 * A bucket per type: a flood of one kind (remote senders can provoke
 * the rx ones at will) does not hide another.
 */
struct lisp_events {
	spinlock_t lock;		/* tb[] and writes to recent[] */
	u32 seed;			/* of the keys; set once at init */
	struct lisp_tbucket tb[__LISP_EVENT_MAX];
	struct {
		u32 key;
		unsigned long at;	/* jiffies */
	} recent[LISP_EVENT_RECENT];	/* read locklessly as a hint */
};

/* What one event says; the addresses point into the packet. */
struct lisp_event {
	u8 type;			/* enum lisp_event_type */
	u8 family;			/* of src and dst */
	const void *src;		/* inner source, NULL: none */
	const void *dst;		/* inner destination, NULL: none */
	u8 rloc_family;			/* 0: no rloc */
	const void *rloc;		/* outer source */
	bool has_lsb;
	u32 lsb, lsb_kernel;
	int iif;			/* 0: none */
};

/* Index of each group in the family's multicast groups. */
#define LISP_MCGRP_MISS		0
#define LISP_MCGRP_EVENTS	1

/*
 * The kernel's own counters past the API's (LISP_A_STATS does not report
 * them): what a netdevice counter is derived from, and not told apart
 * by enum lisp_stat.
 */
enum {
	/* Of LISP_STAT_RX_BAD_INNER: the inner lengths lie (rx_length_errors). */
	LISP_STAT_RX_BAD_LENGTH = __LISP_STAT_MAX,
	__LISP_STAT_ALL
};

/* Drop counters by reason (enum lisp_stat and the above), per CPU. */
struct lisp_pcpu_stats {
	u64 ctr[__LISP_STAT_ALL];
	struct u64_stats_sync syncp;
};

/* Private part of a lisp netdevice. */
struct lisp_dev {
	/* Entry in lisp_net.devs of the underlay netns; protected by RTNL. */
	struct list_head list;
	struct net_device *dev;
	/*
	 * Underlay netns: where encapsulated packets are sent and received.
	 * Not refcounted: lisp_net_exit() deletes the device before this
	 * netns goes away.
	 */
	struct net *net;
	struct lisp_config cfg;
	struct lisp_sock __rcu *sock;	/* set while up; RTNL */
	struct hlist_node sock_node;	/* in sock->devs while up */
	struct gro_cells gro_cells;
	struct lisp_pcpu_stats __percpu *stats;
	struct lisp_map_cache mc;
	/*
	 * The database: local EID prefixes with the site's own locators
	 * (source check, locator-status-bits, destination check).
	 */
	struct lisp_map_cache db;
	/*
	 * Proxy ETRs: an entry without prefix whose locators (peers of
	 * ->mc) are the PETRs; NULL if there are none.  Replaced under
	 * mc.lock, read under RCU.
	 */
	struct lisp_map_entry __rcu *petr;
	struct lisp_miss miss;
	struct delayed_work miss_gc;	/* expires waiting packets */
	struct lisp_events events;
};

/* Softirq, or BH disabled: the counters are per CPU and not atomic. */
static inline void lisp_pcpu_stats_add(struct lisp_pcpu_stats __percpu *stats,
				       unsigned int s, u64 n)
{
	struct lisp_pcpu_stats *st = this_cpu_ptr(stats);

	u64_stats_update_begin(&st->syncp);
	st->ctr[s] += n;
	u64_stats_update_end(&st->syncp);
}

static inline void lisp_stat_add(struct lisp_dev *ldev, unsigned int s,
				 u64 n)
{
	lisp_pcpu_stats_add(ldev->stats, s, n);
}

static inline void lisp_stat_inc(struct lisp_dev *ldev, enum lisp_stat s)
{
	lisp_stat_add(ldev, s, 1);
}

/* Process context: keep this CPU's softirqs from interleaving. */
static inline void lisp_stat_add_bh(struct lisp_dev *ldev, enum lisp_stat s,
				    u64 n)
{
	local_bh_disable();
	lisp_stat_add(ldev, s, n);
	local_bh_enable();
}

/* Sum the per-CPU counters into @ctr. */
void lisp_stats_read(const struct lisp_pcpu_stats __percpu *stats,
		     u64 ctr[__LISP_STAT_ALL]);

/* Per-netns state, for the netns that is the underlay of its devices. */
struct lisp_net {
	struct list_head devs;	/* of struct lisp_dev; protected by RTNL */
	struct list_head socks;	/* of struct lisp_sock; protected by RTNL */
	/*
	 * Received packets no device could take (LISP_STAT_RX_NO_DEVICE,
	 * LISP_STAT_RX_MALFORMED), per CPU: a flood of them must not bounce
	 * a line between the CPUs that receive it.  Written in softirq by
	 * the sockets' receive path; set at init, freed at exit after a
	 * grace period.
	 */
	struct lisp_pcpu_stats __percpu *stats;
};

/* main.c */
extern unsigned int lisp_net_id;
/*
 * Deferred work of the module: freeing RLOCs, expiring waiting packets.
 * Created and destroyed with the module (main.c).
 */
extern struct workqueue_struct *lisp_wq;
extern struct rtnl_link_ops lisp_link_ops;
extern struct genl_family lisp_genl_family;

bool lisp_is_lisp_dev(const struct net_device *dev);
void lisp_net_destroy_devs(struct net *net, struct list_head *kill);

/* netlink.c, netlink_map.c */
struct net_device *lisp_dev_get(struct net *net, struct nlattr **attrs,
				struct netlink_ext_ack *extack);
int lisp_map_add_doit(struct sk_buff *skb, struct genl_info *info);
int lisp_map_del_doit(struct sk_buff *skb, struct genl_info *info);
int lisp_map_get_doit(struct sk_buff *skb, struct genl_info *info);
int lisp_map_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int lisp_map_flush_doit(struct sk_buff *skb, struct genl_info *info);
int lisp_rloc_set_doit(struct sk_buff *skb, struct genl_info *info);
int lisp_petr_set_doit(struct sk_buff *skb, struct genl_info *info);
int lisp_put_petrs(struct sk_buff *skb, struct lisp_dev *ldev);

/* sock.c */
int lisp_sock_attach(struct lisp_dev *ldev);
void lisp_sock_detach(struct lisp_dev *ldev);

/* recv.c */
int lisp_udp_encap_recv(struct sock *sk, struct sk_buff *skb);
struct sk_buff *lisp_gro_receive(struct sock *sk, struct list_head *head,
				 struct sk_buff *skb);
int lisp_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff);

/* xmit.c */
netdev_tx_t lisp_dev_xmit(struct sk_buff *skb, struct net_device *dev);

/* miss.c */
void lisp_miss_init(struct lisp_miss *miss);
void lisp_miss(struct lisp_dev *ldev, struct sk_buff *skb, u8 family,
	       const void *saddr, const void *daddr);
void lisp_miss_signal(struct lisp_dev *ldev, u8 family, const void *saddr,
		      const void *daddr);
void lisp_miss_release(struct lisp_dev *ldev, const struct lisp_map_entry *e);
void lisp_miss_gc_work(struct work_struct *work);
void lisp_miss_flush(struct lisp_dev *ldev);

/* event.c */
void lisp_event_init(struct lisp_events *events);
bool lisp_event_wanted(const struct lisp_dev *ldev);
void lisp_event(struct lisp_dev *ldev, const struct lisp_event *ev);

/* map_cache.c */
void lisp_mc_wait_peers_freed(void);
void lisp_mc_release_routes(struct lisp_map_cache *mc);
int lisp_mc_init(struct lisp_map_cache *mc);
void lisp_mc_destroy(struct lisp_map_cache *mc);
struct lisp_map_entry *lisp_mc_lookup(struct lisp_map_cache *mc, u8 family,
				      const void *addr);
const struct lisp_locator *lisp_mc_select(const struct lisp_map_entry *e,
					  u32 hash);
struct lisp_map_entry *lisp_mc_entry_new(struct lisp_map_cache *mc,
					 u8 family, const union lisp_addr *eid,
					 u8 plen, u8 n_loc);
int lisp_mc_set_locator(struct lisp_map_cache *mc, struct lisp_map_entry *e,
			unsigned int i, u8 family, const union lisp_addr *addr,
			u8 priority, u8 weight);
void lisp_mc_entry_discard(struct lisp_map_cache *mc,
			   struct lisp_map_entry *e);
void lisp_mc_entry_retire(struct lisp_map_cache *mc, struct lisp_map_entry *e);
int lisp_mc_insert_batch(struct lisp_map_cache *mc,
			 struct lisp_map_entry **batch, unsigned int n,
			 bool excl, struct netlink_ext_ack *extack);
int lisp_mc_delete(struct lisp_map_cache *mc, u8 family,
		   const union lisp_addr *eid, u8 plen);
struct lisp_map_entry *lisp_mc_get(struct lisp_map_cache *mc, u8 family,
				   const union lisp_addr *eid, u8 plen);
int lisp_mc_set_peer_up(struct lisp_map_cache *mc, u8 family,
			const union lisp_addr *addr, bool up);
void lisp_mc_apply_up(struct lisp_map_entry *e);
u32 lisp_mc_up_bits(const struct lisp_map_entry *e);
void lisp_mc_flush(struct lisp_map_cache *mc);
void lisp_mc_entry_heat(struct lisp_map_entry *e);
void lisp_mc_entry_counters(const struct lisp_map_entry *e, u64 *packets,
			    u64 *bytes);

#endif /* _LISP_KMOD_H */
