// SPDX-License-Identifier: GPL-2.0
/*
 * The map-cache: per device, an IPv4 and an IPv6 longest-prefix-match
 * table of EID prefix -> struct lisp_map_entry.  Lookups run in softirq
 * under RCU without locks; writers hold mc->lock (netlink, process
 * context).  RLOCs are shared struct lisp_peer objects so that a route
 * cache and an up/down state exist once per RLOC, not once per entry.
 */

#include <linux/overflow.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "lisp.h"

/* Upper bound on map-cache entries per device. */
static unsigned int map_cache_max = 4 * 1024 * 1024;
module_param(map_cache_max, uint, 0644);
MODULE_PARM_DESC(map_cache_max, "Most map-cache entries per lisp device");

/*
 * Upper bound on distinct RLOCs per table: each has a per-CPU route
 * cache, so they cost far more than entries.  It bounds the table they
 * are found in too (lisp_map_cache.peers), which grows with them.
 */
static unsigned int rloc_max = 65536;
module_param(rloc_max, uint, 0644);
MODULE_PARM_DESC(rloc_max, "Most distinct RLOCs (and PETRs) per lisp device table");

/*
 * Entries with per-CPU counters (LISP_ENTRY_HOT), all devices together,
 * and their bound.  Each costs sizeof(struct lisp_entry_pcpu), 16 bytes
 * on 64-bit kernels, on every possible CPU: at most 1 MiB a CPU by
 * default, whatever the number of entries (map_cache_max) or of devices.
 * Past it, entries count in their shared atomics.  Written when an
 * entry gets its counters and when they are freed, never per packet.
 */
static atomic_t pcpu_entries = ATOMIC_INIT(0);

static unsigned int pcpu_entries_max = 65536;
module_param(pcpu_entries_max, uint, 0644);
MODULE_PARM_DESC(pcpu_entries_max,
		 "Most map-cache entries with per-CPU counters, all devices (the rest share atomics)");

static int pcpu_entries_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%d\n", atomic_read(&pcpu_entries));
}

static const struct kernel_param_ops pcpu_entries_ops = {
	.get = pcpu_entries_get,
};
module_param_cb(pcpu_entries, &pcpu_entries_ops, NULL, 0444);
MODULE_PARM_DESC(pcpu_entries, "Map-cache entries with per-CPU counters now (read only)");

/*
 * Issue 13's budget: a million idle one-RLOC entries in well under 192
 * bytes each, LPM nodes included.  The entry alone is 96 on 64-bit.
 */
static_assert(sizeof(struct lisp_map_entry) + sizeof(struct lisp_locator) <= 96,
	      "a one-RLOC map-cache entry outgrew kmalloc-96");

static struct lpm_table *mc_table(struct lisp_map_cache *mc, u8 family)
{
	return family == AF_INET ? &mc->v4 : &mc->v6;
}

/*
 * The peers of a table, by key.  Its hash is seeded at random per table
 * (rhashtable), so addresses learnt from remote Map-Replies cannot be
 * chosen to share a bucket.  No function of this module is in it: the
 * table's worker, which resizes it from the system workqueue, runs only
 * library code, and lisp_mc_destroy() stops it.
 */
static const struct rhashtable_params peer_params = {
	.head_offset = offsetof(struct lisp_peer, node),
	.key_offset = offsetof(struct lisp_peer, key),
	.key_len = LISP_PEER_KEY_LEN,
	.automatic_shrinking = true,
};

int lisp_mc_init(struct lisp_map_cache *mc)
{
	mutex_init(&mc->lock);
	lpm_init(&mc->v4, 32);
	lpm_init(&mc->v6, 128);
	mc->entries = 0;
	mc->n_relay = 0;
	mc->n_peers = 0;
	return rhashtable_init(&mc->peers, &peer_params);
}

static void peer_key(struct lisp_peer_key *key, u8 family,
		     const union lisp_addr *addr)
{
	memset(key, 0, sizeof(*key));
	memcpy(&key->addr, addr, lisp_addr_len(family));
	key->family = family;
}

/*
 * The peer of @key, or NULL.  mc->lock keeps it from being freed; the
 * RCU read lock the lookup takes is for the table's buckets, which a
 * resize may be replacing.
 */
static struct lisp_peer *peer_find(struct lisp_map_cache *mc,
				   const struct lisp_peer_key *key)
{
	lockdep_assert_held(&mc->lock);
	return rhashtable_lookup_fast(&mc->peers, key, peer_params);
}

/* Peers queued for freeing and not yet freed (lisp_mc_wait_peers_freed). */
static atomic_t peers_freeing = ATOMIC_INIT(0);

static void peer_free_work(struct work_struct *work)
{
	struct lisp_peer *peer = container_of(to_rcu_work(work),
					      struct lisp_peer, free_work);

	dst_cache_destroy(&peer->dst_cache);
	kfree(peer);
	atomic_dec(&peers_freeing);
}

/*
 * Drop every RLOC's cached route now.  From ndo_uninit: the device is
 * closed and no transmit runs, so nothing fills them again, and the
 * routes are gone before RTNL is released, whatever happens to the
 * underlay netns while the device waits for its last reference.
 */
void lisp_mc_release_routes(struct lisp_map_cache *mc)
{
	struct rhashtable_iter iter;
	struct lisp_peer *peer;

	mutex_lock(&mc->lock);
	rhashtable_walk_enter(&mc->peers, &iter);
	rhashtable_walk_start(&iter);
	while ((peer = rhashtable_walk_next(&iter))) {
		/*
		 * -EAGAIN: a resize (the table's worker; no peer comes or
		 * goes under mc->lock) sent the walk back to the start.
		 * Peers seen twice are reset twice.
		 */
		if (IS_ERR(peer))
			continue;
		dst_cache_reset_now(&peer->dst_cache);
		/* The walk holds the RCU read lock: a break now and then. */
		if (need_resched()) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	mutex_unlock(&mc->lock);
}

/*
 * A peer's route cache holds dsts of the underlay netns, and releasing
 * one decrements a counter of that netns's dst_ops, which its route
 * exit (ip6_route_net_exit) destroys: a peer freed after that faults
 * (seen on 7.3, dst_release from peer_free_work).  Called from our
 * pernet exit, which runs before IPv6's, once the dying netns's devices
 * are gone: the barrier queues their peers' free work, the flush runs
 * it.  (dst_release decrements the counter itself on 6.1 to 7.x; the
 * second barrier is for kernels that did it in an RCU callback.)  A
 * device in another netns deleted while this one dies is not ours to
 * wait for: its routes were dropped in ndo_uninit, under RTNL
 * (lisp_mc_release_routes).
 */
void lisp_mc_wait_peers_freed(void)
{
	if (!atomic_read(&peers_freeing))
		return;
	rcu_barrier();
	flush_workqueue(lisp_wq);
	rcu_barrier();
}

static struct lisp_peer *peer_get(struct lisp_map_cache *mc, u8 family,
				  const union lisp_addr *addr)
{
	struct lisp_peer_key key;
	struct lisp_peer *peer;
	int err;

	peer_key(&key, family, addr);
	peer = peer_find(mc, &key);
	if (peer) {
		peer->users++;
		return peer;
	}
	if (mc->n_peers >= READ_ONCE(rloc_max))
		return ERR_PTR(-ENOSPC);
	/* Charged to the memory cgroup of whoever drives the API. */
	peer = kzalloc(sizeof(*peer), GFP_KERNEL_ACCOUNT);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	if (dst_cache_init(&peer->dst_cache, GFP_KERNEL_ACCOUNT)) {
		err = -ENOMEM;
		goto err_free;
	}
	INIT_RCU_WORK(&peer->free_work, peer_free_work);
	peer->key = key;
	peer->up = true;
	peer->users = 1;
	/*
	 * Not there (peer_find() under mc->lock), so no duplicate check.
	 * Fails only if the table must grow now and cannot (-ENOMEM, or
	 * -EBUSY while a resize is still running): the request fails, and
	 * the peer, never visible, goes at once.
	 */
	err = rhashtable_insert_fast(&mc->peers, &peer->node, peer_params);
	if (err)
		goto err_dst;
	mc->n_peers++;
	return peer;

err_dst:
	dst_cache_destroy(&peer->dst_cache);
err_free:
	kfree(peer);
	return ERR_PTR(err);
}

static void peer_put(struct lisp_map_cache *mc, struct lisp_peer *peer)
{
	lockdep_assert_held(&mc->lock);
	if (--peer->users)
		return;
	/* It is in the table, and only this removes it: cannot fail. */
	WARN_ON_ONCE(rhashtable_remove_fast(&mc->peers, &peer->node,
					    peer_params));
	mc->n_peers--;
	atomic_inc(&peers_freeing);
	queue_rcu_work(lisp_wq, &peer->free_work);
}

struct lisp_map_entry *lisp_mc_entry_new(struct lisp_map_cache *mc,
					 u8 family, const union lisp_addr *eid,
					 u8 plen, u8 n_loc)
{
	struct lisp_map_entry *e;

	e = kzalloc(struct_size(e, loc, n_loc), GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	e->family = family;
	e->plen = plen;
	memcpy(&e->eid, eid, lisp_addr_len(family));
	e->last_used = (u32)jiffies;
	e->in_batch = true;
	return e;
}

int lisp_mc_set_locator(struct lisp_map_cache *mc, struct lisp_map_entry *e,
			unsigned int i, u8 family, const union lisp_addr *addr,
			u8 priority, u8 weight)
{
	struct lisp_peer *peer = peer_get(mc, family, addr);

	if (IS_ERR(peer))
		return PTR_ERR(peer);
	e->loc[i].peer = peer;
	e->loc[i].priority = priority;
	e->loc[i].weight = weight;
	e->n_loc = max_t(u8, e->n_loc, i + 1);
	return 0;
}

/*
 * The entry stored for exactly @eid/@plen.  Writer side: mc->lock keeps
 * it from being freed; the RCU read lock is what lpm_get() expects.
 */
struct lisp_map_entry *lisp_mc_get(struct lisp_map_cache *mc, u8 family,
				   const union lisp_addr *eid, u8 plen)
{
	struct lisp_map_entry *e;

	lockdep_assert_held(&mc->lock);
	rcu_read_lock();
	e = lpm_get(mc_table(mc, family), (const u8 *)eid, plen);
	rcu_read_unlock();
	return e;
}

/* Up/down for every entry that lists the RLOC; -ENOENT if none does. */
int lisp_mc_set_peer_up(struct lisp_map_cache *mc, u8 family,
			const union lisp_addr *addr, bool up)
{
	struct lisp_peer_key key;
	struct lisp_peer *peer;

	peer_key(&key, family, addr);
	peer = peer_find(mc, &key);
	if (!peer)
		return -ENOENT;
	WRITE_ONCE(peer->up, up);
	return 0;
}

/* Apply the reachability a request gave for @e's locators (published). */
void lisp_mc_apply_up(struct lisp_map_entry *e)
{
	unsigned int i;

	for (i = 0; i < e->n_loc; i++)
		if (e->loc[i].up_req != LISP_UP_KEEP)
			WRITE_ONCE(e->loc[i].peer->up,
				   e->loc[i].up_req == LISP_UP_UP);
}

/*
 * Bit i set when locator i (of the first 32) is up: the
 * locator-status-bits of an entry (RFC 9300 section 5.3).  RCU reader.
 */
u32 lisp_mc_up_bits(const struct lisp_map_entry *e)
{
	unsigned int i;
	u32 bits = 0;

	for (i = 0; i < e->n_loc && i < 32; i++)
		if (READ_ONCE(e->loc[i].peer->up))
			bits |= BIT(i);
	return bits;
}

/* Drop an entry that was never published, or was unpublished. */
void lisp_mc_entry_discard(struct lisp_map_cache *mc,
			   struct lisp_map_entry *e)
{
	unsigned int i;

	for (i = 0; i < e->n_loc; i++)
		if (e->loc[i].peer)
			peer_put(mc, e->loc[i].peer);
}

static void entry_free_rcu(struct rcu_head *head)
{
	struct lisp_map_entry *e = container_of(head, struct lisp_map_entry,
						rcu);

	/* free_percpu() may be called from atomic context. */
	free_percpu(lisp_entry_pcpu(e));
	atomic_dec(&pcpu_entries);
	kfree(e);
}

/*
 * Unpublish @e: readers may hold it until a grace period has passed.
 * One of them may be giving it per-CPU counters right now: the dead bit
 * makes that fail from here on, and what was set before is freed with
 * the entry.  An entry without counters (most) goes by kfree_rcu().
 */
void lisp_mc_entry_retire(struct lisp_map_cache *mc, struct lisp_map_entry *e)
{
	lisp_mc_entry_discard(mc, e);
	if (atomic_long_fetch_or(LISP_PCPU_DEAD, &e->pcpu) & ~LISP_PCPU_DEAD)
		call_rcu(&e->rcu, entry_free_rcu);
	else
		kfree_rcu(e, rcu);
}

/*
 * Give @e per-CPU counters (LISP_ENTRY_HOT).  From xmit, BH disabled,
 * under RCU: GFP_ATOMIC, and quietly, as the shared counters stand in.
 * The bound is checked before the allocation and may be passed by one
 * entry per CPU racing here.
 */
void lisp_mc_entry_heat(struct lisp_map_entry *e)
{
	struct lisp_entry_pcpu __percpu *pc;
	unsigned int cpu;

	if (atomic_long_read(&e->pcpu) ||
	    atomic_read(&pcpu_entries) >= READ_ONCE(pcpu_entries_max))
		return;
	pc = alloc_percpu_gfp(struct lisp_entry_pcpu,
			      GFP_ATOMIC | __GFP_NOWARN);
	if (!pc)
		return;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(pc, cpu)->syncp);
	/* Zeroed counters before the pointer: cmpxchg orders them. */
	if (atomic_long_cmpxchg(&e->pcpu, 0, (__force long)pc)) {
		free_percpu(pc);	/* another CPU's, or retired */
		return;
	}
	atomic_inc(&pcpu_entries);
}

/* What @e counted: shared atomics plus every CPU's counters. */
void lisp_mc_entry_counters(const struct lisp_map_entry *e, u64 *packets,
			    u64 *bytes)
{
	struct lisp_entry_pcpu __percpu *pc = lisp_entry_pcpu(e);
	unsigned int cpu, start;
	u64 p, b;

	*packets = atomic64_read(&e->packets);
	*bytes = atomic64_read(&e->bytes);
	if (!pc)
		return;
	for_each_possible_cpu(cpu) {
		const struct lisp_entry_pcpu *c = per_cpu_ptr(pc, cpu);

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			p = u64_stats_read(&c->packets);
			b = u64_stats_read(&c->bytes);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		*packets += p;
		*bytes += b;
	}
}

/* Count @e, published (@d 1) or unpublished (-1), in mc->n_relay. */
static void mc_count_relay(struct lisp_map_cache *mc,
			   const struct lisp_map_entry *e, int d)
{
	lockdep_assert_held(&mc->lock);
	if (e->flags & LISP_MAP_F_RELAY)
		WRITE_ONCE(mc->n_relay, mc->n_relay + d);
}

/*
 * Publish @n entries.  Either all are in the map-cache when this returns
 * 0, or none is and the map-cache is as it was.
 */
int lisp_mc_insert_batch(struct lisp_map_cache *mc,
			 struct lisp_map_entry **batch, unsigned int n,
			 bool excl, struct netlink_ext_ack *extack)
{
	void **old;
	unsigned int i, added = 0;
	int err = 0;

	lockdep_assert_held(&mc->lock);
	old = kcalloc(n, sizeof(*old), GFP_KERNEL);
	if (!old)
		return -ENOMEM;

	for (i = 0; i < n; i++) {
		struct lisp_map_entry *e = batch[i];
		struct lpm_table *t = mc_table(mc, e->family);
		struct lisp_map_entry *cur;

		cur = lisp_mc_get(mc, e->family, &e->eid, e->plen);
		if (cur && cur->in_batch) {
			/*
			 * The prefix came earlier in this request: replacing
			 * that entry would retire it before the caller is
			 * done with it.
			 */
			NL_SET_ERR_MSG(extack, "EID prefix listed twice in one request");
			err = -EINVAL;
			break;
		}
		if (cur) {
			if (excl) {
				NL_SET_ERR_MSG(extack, "EID prefix already in the map-cache");
				err = -EEXIST;
				break;
			}
		} else if (mc->entries + added >= map_cache_max) {
			NL_SET_ERR_MSG(extack, "map-cache is full (map_cache_max)");
			err = -ENOSPC;
			break;
		}
		err = lpm_insert(t, (const u8 *)&e->eid, e->plen, e, &old[i]);
		if (err)
			break;
		if (!old[i])
			added++;
	}

	if (err) {
		/* Undo in reverse order, so a prefix repeated in the batch
		 * gets back its original value.
		 */
		while (i-- > 0) {
			struct lisp_map_entry *e = batch[i];
			struct lpm_table *t = mc_table(mc, e->family);

			if (old[i])
				WARN_ON_ONCE(lpm_insert(t, (const u8 *)&e->eid,
							e->plen, old[i], NULL));
			else
				lpm_delete(t, (const u8 *)&e->eid, e->plen);
		}
		kfree(old);
		return err;
	}

	for (i = 0; i < n; i++) {
		batch[i]->in_batch = false;
		mc_count_relay(mc, batch[i], 1);
		if (old[i]) {
			mc_count_relay(mc, old[i], -1);
			lisp_mc_entry_retire(mc, old[i]);
		}
	}
	mc->entries += added;
	kfree(old);
	return 0;
}

int lisp_mc_delete(struct lisp_map_cache *mc, u8 family,
		   const union lisp_addr *eid, u8 plen)
{
	struct lisp_map_entry *e;

	lockdep_assert_held(&mc->lock);
	e = lpm_delete(mc_table(mc, family), (const u8 *)eid, plen);
	if (!e)
		return -ENOENT;
	mc->entries--;
	mc_count_relay(mc, e, -1);
	lisp_mc_entry_retire(mc, e);
	return 0;
}

static void flush_one(void *value, void *arg)
{
	struct lisp_map_cache *mc = arg;

	mc->entries--;
	mc_count_relay(mc, value, -1);
	lisp_mc_entry_retire(mc, value);
}

/*
 * lpm_clear() unpublishes each table in one store: lookups running see
 * all of it or nothing, and its nodes, like the entries, go after a
 * grace period.  Deleting entry by entry rebuilt a node per entry.
 */
void lisp_mc_flush(struct lisp_map_cache *mc)
{
	lockdep_assert_held(&mc->lock);
	lpm_clear(&mc->v4, flush_one, mc);
	lpm_clear(&mc->v6, flush_one, mc);
	/* Every insert, replace and delete kept count: nothing is left. */
	WARN_ON_ONCE(mc->n_relay);
}

/* Device teardown: no reader can reach the tables any more. */
void lisp_mc_destroy(struct lisp_map_cache *mc)
{
	mutex_lock(&mc->lock);
	lisp_mc_flush(mc);
	lpm_destroy(&mc->v4, NULL);
	lpm_destroy(&mc->v6, NULL);
	mutex_unlock(&mc->lock);
	/* Every entry let its peers go: none may be left to leak. */
	WARN_ON_ONCE(mc->n_peers || atomic_read(&mc->peers.nelems));
	/* Waits for the table's worker, if a resize is queued. */
	rhashtable_destroy(&mc->peers);
}

/* Longest match for @addr that has not expired.  RCU reader. */
struct lisp_map_entry *lisp_mc_lookup(struct lisp_map_cache *mc, u8 family,
				      const void *addr)
{
	struct lisp_map_entry *e;

	e = lpm_lookup(mc_table(mc, family), addr);
	if (e && e->ttl && time_after(jiffies, e->expires))
		return NULL;
	return e;
}

/*
 * RFC 9300 section 13: among the reachable locators of the best
 * (lowest) priority, split flows by weight; priority 255 is never used
 * for unicast.  The flow hash keeps one flow on one locator.
 */
const struct lisp_locator *lisp_mc_select(const struct lisp_map_entry *e,
					  u32 hash)
{
	unsigned int i, total = 0, equal = 0, pick;
	u8 best = 255;

	for (i = 0; i < e->n_loc; i++) {
		const struct lisp_locator *l = &e->loc[i];

		if (l->priority >= best || !READ_ONCE(l->peer->up))
			continue;
		best = l->priority;
	}
	if (best == 255)
		return NULL;
	for (i = 0; i < e->n_loc; i++) {
		const struct lisp_locator *l = &e->loc[i];

		if (l->priority == best && READ_ONCE(l->peer->up)) {
			total += l->weight;
			equal++;
		}
	}
	/* All weights zero: split evenly (RFC 9301 section 5.4). */
	pick = total ? reciprocal_scale(hash, total) : reciprocal_scale(hash, equal);
	for (i = 0; i < e->n_loc; i++) {
		const struct lisp_locator *l = &e->loc[i];
		unsigned int share;

		if (l->priority != best || !READ_ONCE(l->peer->up))
			continue;
		share = total ? l->weight : 1;
		if (pick < share)
			return l;
		pick -= share;
	}
	return NULL;
}
