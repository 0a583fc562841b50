// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink commands on a device's map-cache (LISP_CMD_MAP_*), its
 * database (LISP_CMD_DB_*, the same tables and entries) and its proxy
 * ETRs (LISP_CMD_PETR_SET).
 */

#include <linux/jiffies.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "lisp.h"

/* An EID or RLOC attribute: 4 bytes IPv4, 16 bytes IPv6. */
static int lisp_nla_addr(const struct nlattr *a, union lisp_addr *addr,
			 u8 *family, struct netlink_ext_ack *extack)
{
	switch (nla_len(a)) {
	case sizeof(__be32):
		*family = AF_INET;
		break;
	case sizeof(struct in6_addr):
		*family = AF_INET6;
		break;
	default:
		NL_SET_ERR_MSG_ATTR(extack, a, "address must be 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	nla_memcpy(addr, a, sizeof(*addr));
	return 0;
}

/* Clear the bits past @plen, so a prefix has one spelling. */
static void lisp_addr_mask(union lisp_addr *addr, u8 family, u8 plen)
{
	u8 *b = (u8 *)addr;
	unsigned int len = lisp_addr_len(family), i;

	for (i = 0; i < len; i++) {
		if (plen >= 8) {
			plen -= 8;
			continue;
		}
		b[i] &= (u8)(0xff00 >> plen);
		plen = 0;
	}
}

/* EID and prefix length of a LISP_A_MAP; plen is optional if @plen_opt. */
static int lisp_parse_prefix(struct nlattr **tb, const struct nlattr *nest,
			     union lisp_addr *eid, u8 *family, u8 *plen,
			     bool plen_opt, struct netlink_ext_ack *extack)
{
	int err;

	if (!tb[LISP_MAP_A_EID]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "EID missing");
		return -EINVAL;
	}
	err = lisp_nla_addr(tb[LISP_MAP_A_EID], eid, family, extack);
	if (err)
		return err;
	*plen = lisp_addr_len(*family) * 8;
	if (tb[LISP_MAP_A_PLEN]) {
		if (nla_get_u8(tb[LISP_MAP_A_PLEN]) > *plen) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LISP_MAP_A_PLEN],
					    "prefix length longer than the address");
			return -EINVAL;
		}
		*plen = nla_get_u8(tb[LISP_MAP_A_PLEN]);
	} else if (!plen_opt) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "prefix length missing");
		return -EINVAL;
	}
	lisp_addr_mask(eid, *family, *plen);
	return 0;
}

static bool lisp_cmd_is_db(u8 cmd)
{
	return cmd >= LISP_CMD_DB_ADD && cmd <= LISP_CMD_DB_FLUSH;
}

/* The table a MAP_* or DB_* command works on. */
static struct lisp_map_cache *lisp_table(struct lisp_dev *ldev, u8 cmd)
{
	return lisp_cmd_is_db(cmd) ? &ldev->db : &ldev->mc;
}

static int lisp_parse_locator(struct lisp_map_cache *mc,
			      struct lisp_map_entry *e, unsigned int i,
			      const struct nlattr *nest,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LISP_LOC_A_MAX + 1];
	union lisp_addr addr;
	u8 family, prio = 1, weight = 100;
	unsigned int j;
	int err;

	err = nla_parse_nested(tb, LISP_LOC_A_MAX, nest, NULL, extack);
	if (err)
		return err;
	if (!tb[LISP_LOC_A_ADDR]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "locator address missing");
		return -EINVAL;
	}
	err = lisp_nla_addr(tb[LISP_LOC_A_ADDR], &addr, &family, extack);
	if (err)
		return err;
	for (j = 0; j < i; j++) {
		const struct lisp_peer *p = e->loc[j].peer;

		if (p->key.family == family &&
		    !memcmp(&p->key.addr, &addr, lisp_addr_len(family))) {
			NL_SET_ERR_MSG_ATTR(extack, nest, "locator listed twice");
			return -EINVAL;
		}
	}
	if (tb[LISP_LOC_A_PRIORITY])
		prio = nla_get_u8(tb[LISP_LOC_A_PRIORITY]);
	if (tb[LISP_LOC_A_WEIGHT])
		weight = nla_get_u8(tb[LISP_LOC_A_WEIGHT]);
	err = lisp_mc_set_locator(mc, e, i, family, &addr, prio, weight);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "too many distinct RLOCs on this device (rloc_max)");
	if (!err && tb[LISP_LOC_A_UP])
		e->loc[i].up_req = nla_get_u8(tb[LISP_LOC_A_UP]) ?
				   LISP_UP_UP : LISP_UP_DOWN;
	return err;
}

/*
 * Build (unpublished) the entry one LISP_A_MAP describes.  A database
 * entry (@db) is positive with zero or more locators.
 */
static int lisp_parse_map(struct lisp_map_cache *mc, const struct nlattr *nest,
			  bool db, struct lisp_map_entry **out,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LISP_MAP_A_MAX + 1];
	struct lisp_map_entry *e;
	const struct nlattr *a;
	union lisp_addr eid;
	unsigned int n_loc = 0, i = 0;
	u8 family, plen, action = LISP_MAP_ENCAP;
	u32 flags = 0;
	int rem, err;

	err = nla_parse_nested(tb, LISP_MAP_A_MAX, nest, NULL, extack);
	if (err)
		return err;
	err = lisp_parse_prefix(tb, nest, &eid, &family, &plen, false, extack);
	if (err)
		return err;
	if (tb[LISP_MAP_A_ACTION])
		action = nla_get_u8(tb[LISP_MAP_A_ACTION]);
	if (db && action != LISP_MAP_ENCAP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LISP_MAP_A_ACTION],
				    "a database entry has no negative action");
		return -EINVAL;
	}
	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) == LISP_MAP_A_LOCATOR)
			n_loc++;
	if (n_loc > LISP_MAX_LOCATORS) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "more than 32 locators");
		return -EINVAL;
	}
	if (action == LISP_MAP_ENCAP && !n_loc && !db) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a positive entry needs a locator");
		return -EINVAL;
	}
	if (action != LISP_MAP_ENCAP && n_loc) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a negative entry has no locators");
		return -EINVAL;
	}
	if (tb[LISP_MAP_A_FLAGS]) {
		/* The policy masks them; the entry keeps them in a u8. */
		BUILD_BUG_ON(LISP_MAP_F_ALL > U8_MAX);
		flags = nla_get_u32(tb[LISP_MAP_A_FLAGS]);
		if (flags && (db || action != LISP_MAP_ENCAP)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[LISP_MAP_A_FLAGS],
					    "only a positive map-cache entry relays");
			return -EINVAL;
		}
	}

	e = lisp_mc_entry_new(mc, family, &eid, plen, n_loc);
	if (!e)
		return -ENOMEM;
	e->action = action;
	e->flags = flags;
	if (tb[LISP_MAP_A_TTL]) {
		e->ttl = nla_get_u32(tb[LISP_MAP_A_TTL]);
		e->expires = jiffies + (unsigned long)e->ttl * HZ;
	}
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != LISP_MAP_A_LOCATOR)
			continue;
		err = lisp_parse_locator(mc, e, i++, a, extack);
		if (err) {
			lisp_mc_entry_discard(mc, e);
			kfree(e);
			return err;
		}
	}
	*out = e;
	return 0;
}

static bool lisp_batch_forwards(struct lisp_map_entry **batch, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (batch[i]->action == LISP_MAP_FORWARD)
			return true;
	return false;
}

static int lisp_count_maps(struct genl_info *info)
{
	const struct nlattr *a;
	int rem, n = 0;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(a) == LISP_A_MAP)
			n++;
	return n;
}

int lisp_map_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool excl = nla_get_flag(info->attrs[LISP_A_EXCL]);
	bool db = lisp_cmd_is_db(info->genlhdr->cmd);
	struct lisp_map_entry **batch;
	struct lisp_map_cache *mc;
	struct net_device *dev;
	struct lisp_dev *ldev;
	const struct nlattr *a;
	int n, i = 0, rem, err = 0;

	n = lisp_count_maps(info);
	if (!n || n > LISP_MAP_BATCH_MAX) {
		GENL_SET_ERR_MSG(info, "between 1 and 1024 entries per request");
		return -EINVAL;
	}
	dev = lisp_dev_get(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ldev = netdev_priv(dev);
	mc = lisp_table(ldev, info->genlhdr->cmd);
	batch = kvcalloc(n, sizeof(*batch), GFP_KERNEL);
	if (!batch) {
		dev_put(dev);
		return -ENOMEM;
	}

	mutex_lock(&mc->lock);
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != LISP_A_MAP)
			continue;
		err = lisp_parse_map(mc, a, db, &batch[i], info->extack);
		if (err)
			break;
		i++;
	}
	/*
	 * Native forwarding sends packets of any source out of the underlay
	 * netns, through its OUTPUT path: when that is another netns, it
	 * takes an administrator of that one too.
	 */
	if (!err && !net_eq(ldev->net, dev_net(dev)) &&
	    lisp_batch_forwards(batch, n) &&
	    !netlink_ns_capable(skb, ldev->net->user_ns, CAP_NET_ADMIN)) {
		GENL_SET_ERR_MSG(info,
				 "native-forward to another netns needs CAP_NET_ADMIN there");
		err = -EPERM;
	}
	if (!err)
		err = lisp_mc_insert_batch(mc, batch, n, excl, info->extack);
	if (err) {
		/*
		 * batch[0..i) were built.  A failed insert took back what it
		 * had published, but a transmit on another CPU may still hold
		 * such an entry: free through RCU.
		 */
		while (i-- > 0)
			lisp_mc_entry_retire(mc, batch[i]);
	} else {
		for (i = 0; i < n; i++) {
			lisp_mc_apply_up(batch[i]);
			/* Packets waiting for these prefixes can go now. */
			if (!db && batch[i]->action != LISP_MAP_SEND_MAP_REQUEST)
				lisp_miss_release(ldev, batch[i]);
		}
	}
	mutex_unlock(&mc->lock);
	kvfree(batch);
	dev_put(dev);
	return err;
}

int lisp_map_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 cmd = info->genlhdr->cmd;
	struct lisp_map_cache *mc;
	struct net_device *dev;
	const struct nlattr *a;
	int rem, pass, err = 0;

	if (!lisp_count_maps(info)) {
		GENL_SET_ERR_MSG(info, "no entry given");
		return -EINVAL;
	}
	dev = lisp_dev_get(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	mc = lisp_table(netdev_priv(dev), cmd);

	mutex_lock(&mc->lock);
	/* Check every prefix first, so a bad one deletes nothing. */
	for (pass = 0; pass < 2 && !err; pass++) {
		nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
			struct nlattr *tb[LISP_MAP_A_MAX + 1];
			union lisp_addr eid;
			u8 family, plen;

			if (nla_type(a) != LISP_A_MAP)
				continue;
			err = nla_parse_nested(tb, LISP_MAP_A_MAX, a, NULL,
					       info->extack);
			if (!err)
				err = lisp_parse_prefix(tb, a, &eid, &family,
							&plen, false, info->extack);
			if (err)
				break;
			if (pass == 0 && !lisp_mc_get(mc, family, &eid, plen)) {
				if (lisp_cmd_is_db(cmd))
					NL_SET_ERR_MSG_ATTR(info->extack, a,
							    "EID prefix not in the database");
				else
					NL_SET_ERR_MSG_ATTR(info->extack, a,
							    "EID prefix not in the map-cache");
				err = -ENOENT;
				break;
			}
			if (pass == 1)
				lisp_mc_delete(mc, family, &eid, plen);
		}
	}
	mutex_unlock(&mc->lock);
	dev_put(dev);
	return err;
}

int lisp_map_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lisp_map_cache *mc;
	struct net_device *dev;

	dev = lisp_dev_get(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	mc = lisp_table(netdev_priv(dev), info->genlhdr->cmd);
	mutex_lock(&mc->lock);
	lisp_mc_flush(mc);
	mutex_unlock(&mc->lock);
	dev_put(dev);
	return 0;
}

int lisp_rloc_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct lisp_dev *ldev;
	union lisp_addr addr;
	u8 family;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LISP_A_RLOC) ||
	    GENL_REQ_ATTR_CHECK(info, LISP_A_RLOC_UP))
		return -EINVAL;
	err = lisp_nla_addr(info->attrs[LISP_A_RLOC], &addr, &family,
			    info->extack);
	if (err)
		return err;
	dev = lisp_dev_get(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ldev = netdev_priv(dev);
	mutex_lock(&ldev->mc.lock);
	err = lisp_mc_set_peer_up(&ldev->mc, family, &addr,
				  nla_get_u8(info->attrs[LISP_A_RLOC_UP]));
	mutex_unlock(&ldev->mc.lock);
	if (err)
		GENL_SET_ERR_MSG(info, "no map-cache entry or PETR uses this RLOC");
	dev_put(dev);
	return err;
}

static int lisp_fill_locator(struct sk_buff *skb, int type,
			     const struct lisp_locator *l)
{
	const struct lisp_peer *p = l->peer;
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put(skb, LISP_LOC_A_ADDR, lisp_addr_len(p->key.family),
		    &p->key.addr) ||
	    nla_put_u8(skb, LISP_LOC_A_PRIORITY, l->priority) ||
	    nla_put_u8(skb, LISP_LOC_A_WEIGHT, l->weight) ||
	    nla_put_u8(skb, LISP_LOC_A_UP, READ_ONCE(p->up)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int lisp_fill_map(struct sk_buff *skb, const struct lisp_map_entry *e,
			 u8 cmd, u32 portid, u32 seq, int flags)
{
	unsigned long now = jiffies;
	struct nlattr *nest;
	u64 packets, bytes;
	unsigned int i;
	void *hdr;

	lisp_mc_entry_counters(e, &packets, &bytes);
	hdr = genlmsg_put(skb, portid, seq, &lisp_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, LISP_A_MAP);
	if (!nest ||
	    nla_put(skb, LISP_MAP_A_EID, lisp_addr_len(e->family), &e->eid) ||
	    nla_put_u8(skb, LISP_MAP_A_PLEN, e->plen) ||
	    nla_put_u8(skb, LISP_MAP_A_ACTION, e->action) ||
	    nla_put_u32(skb, LISP_MAP_A_TTL, e->ttl) ||
	    nla_put_u64_64bit(skb, LISP_MAP_A_PACKETS, packets,
			      LISP_MAP_A_PAD) ||
	    nla_put_u64_64bit(skb, LISP_MAP_A_BYTES, bytes, LISP_MAP_A_PAD) ||
	    nla_put_u32(skb, LISP_MAP_A_IDLE_MS,
			jiffies_to_msecs((u32)now - READ_ONCE(e->last_used))))
		goto cancel;
	if (e->flags && nla_put_u32(skb, LISP_MAP_A_FLAGS, e->flags))
		goto cancel;
	if (e->ttl && nla_put_u32(skb, LISP_MAP_A_EXPIRES_MS,
				  time_after(e->expires, now) ?
				  jiffies_to_msecs(e->expires - now) : 0))
		goto cancel;
	for (i = 0; i < e->n_loc; i++)
		if (lisp_fill_locator(skb, LISP_MAP_A_LOCATOR, &e->loc[i]))
			goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int lisp_map_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LISP_MAP_A_MAX + 1];
	const struct nlattr *nest = info->attrs[LISP_A_MAP];
	u8 cmd = info->genlhdr->cmd;
	struct lisp_map_cache *mc;
	struct lisp_map_entry *e;
	struct net_device *dev;
	struct sk_buff *msg;
	union lisp_addr eid;
	u8 family, plen;
	int err;

	if (!nest) {
		GENL_SET_ERR_MSG(info, "EID required (or dump the table)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, LISP_MAP_A_MAX, nest, NULL, info->extack);
	if (err)
		return err;
	err = lisp_parse_prefix(tb, nest, &eid, &family, &plen,
				!!tb[LISP_MAP_A_LOOKUP], info->extack);
	if (err)
		return err;
	dev = lisp_dev_get(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	mc = lisp_table(netdev_priv(dev), cmd);
	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		dev_put(dev);
		return -ENOMEM;
	}

	/* The mutex keeps the entry alive while it is copied out. */
	mutex_lock(&mc->lock);
	if (tb[LISP_MAP_A_LOOKUP]) {
		rcu_read_lock();
		e = lisp_mc_lookup(mc, family, &eid);
		rcu_read_unlock();
	} else {
		e = lisp_mc_get(mc, family, &eid, plen);
	}
	if (!e) {
		if (lisp_cmd_is_db(cmd))
			GENL_SET_ERR_MSG(info, "no database entry for this EID");
		else
			GENL_SET_ERR_MSG(info, "no map-cache entry for this EID");
		err = -ENOENT;
	} else {
		err = lisp_fill_map(msg, e, cmd, info->snd_portid,
				    info->snd_seq, 0);
	}
	mutex_unlock(&mc->lock);
	dev_put(dev);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Dump state in cb->args: [0] table (0 IPv4, 1 IPv6, 2 done), [1] plen+1
 * of the last entry sent (0: none yet), [2..3] its EID.
 */
struct lisp_dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u8 cmd;
};

static int lisp_dump_one(const u8 *key, u8 plen, void *value, void *arg)
{
	struct lisp_dump_ctx *ctx = arg;
	struct netlink_callback *cb = ctx->cb;

	if (lisp_fill_map(ctx->skb, value, ctx->cmd, NETLINK_CB(cb->skb).portid,
			  cb->nlh->nlmsg_seq, NLM_F_MULTI))
		return 1;
	cb->args[1] = plen + 1;
	memcpy(&cb->args[2], key, sizeof(struct in6_addr));
	return 0;
}

int lisp_map_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct lisp_dump_ctx ctx = { .skb = skb, .cb = cb };
	struct lisp_map_cache *mc;
	struct net_device *dev;

	BUILD_BUG_ON(2 * sizeof(cb->args[0]) < sizeof(struct in6_addr));
	if (cb->args[0] >= 2)
		return 0;
	dev = lisp_dev_get(sock_net(skb->sk), lisp_compat_dump_attrs(cb),
			   cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ctx.cmd = info->op.cmd;
	mc = lisp_table(netdev_priv(dev), ctx.cmd);

	mutex_lock(&mc->lock);
	while (cb->args[0] < 2) {
		struct lpm_table *t = cb->args[0] ? &mc->v6 : &mc->v4;

		if (lpm_walk(t, cb->args[1] ? (const u8 *)&cb->args[2] : NULL,
			     (int)cb->args[1] - 1, lisp_dump_one, &ctx))
			break;	/* skb full: resume after args[1..3] */
		cb->args[0]++;
		cb->args[1] = 0;
	}
	mutex_unlock(&mc->lock);
	dev_put(dev);
	return skb->len;
}

/* LISP_A_PETR nests for DEV_GET; RCU reader. */
int lisp_put_petrs(struct sk_buff *skb, struct lisp_dev *ldev)
{
	const struct lisp_map_entry *p;
	unsigned int i;

	p = rcu_dereference(ldev->petr);
	for (i = 0; p && i < p->n_loc; i++)
		if (lisp_fill_locator(skb, LISP_A_PETR, &p->loc[i]))
			return -EMSGSIZE;
	return 0;
}

int lisp_petr_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lisp_map_entry *e = NULL, *old;
	union lisp_addr none = {};
	const struct nlattr *a;
	struct net_device *dev;
	struct lisp_dev *ldev;
	unsigned int n = 0, i = 0;
	int rem, err = 0;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(a) == LISP_A_PETR)
			n++;
	if (n > LISP_MAX_PETRS) {
		GENL_SET_ERR_MSG(info, "at most 8 proxy ETRs");
		return -EINVAL;
	}
	dev = lisp_dev_get(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ldev = netdev_priv(dev);

	mutex_lock(&ldev->mc.lock);
	if (n) {
		e = lisp_mc_entry_new(&ldev->mc, AF_INET, &none, 0, n);
		if (!e) {
			err = -ENOMEM;
			goto out;
		}
		nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
			if (nla_type(a) != LISP_A_PETR)
				continue;
			err = lisp_parse_locator(&ldev->mc, e, i++, a,
						 info->extack);
			if (err) {
				lisp_mc_entry_discard(&ldev->mc, e);
				kfree(e);
				goto out;
			}
		}
		e->in_batch = false;
		lisp_mc_apply_up(e);
	}
	old = rcu_replace_pointer(ldev->petr, e,
				  lockdep_is_held(&ldev->mc.lock));
	if (old)
		lisp_mc_entry_retire(&ldev->mc, old);
out:
	mutex_unlock(&ldev->mc.lock);
	dev_put(dev);
	return err;
}
