// SPDX-License-Identifier: GPL-2.0
/*
 * Longest-prefix match: a multibit trie of stride 8 with popcount-compressed
 * nodes (as in Poptrie), path compression, and for large tables a
 * direct-pointing index of the top 16 bits.
 *
 * Why: a binary trie costs a dependent cache miss per key bit, far over
 * budget at 1M prefixes.  Here a lookup in a large table reads one index
 * entry and then, almost always, a single node: about 4 cache lines, for
 * IPv6 as for IPv4 since prefixes alone in their node live inline in
 * their parent.
 *
 * A node at depth d (key bits above it, a multiple of 8) holds the
 * prefixes of length d+1..d+8 (the root also /0) and is indexed by the
 * next 8 bits of the key, the chunk:
 *   cvec    the chunks that have a child;
 *   lvec    where a leaf run starts: the node's prefixes expanded over the
 *           256 chunks (the longest wins), run-length coded;
 *   child[] a 16-byte record per child: a node, or a leaf (below);
 *   then    one value per leaf run, prefix values, and the prefixes'
 *           (start chunk, length) as u16, in walk order.
 * Bitmaps fill the first cache line, their per-word popcount totals start
 * the second: a child or leaf is then one popcount away.  Prefixes are
 * not pushed down into children (lookup keeps the last value seen), so an
 * update rewrites one node.  A node without prefixes and with one child is
 * left out: its child records its depth and key, checked by lookup.  A
 * node with one prefix and no child is left out too: its parent's record
 * holds the prefix itself (a leaf), so a sparse IPv6 table costs about a
 * record per prefix, not a node.  A record holds a pointer and 56 bits of
 * the leaf's key, enough for all IPv4 and most IPv6 prefixes; a longer
 * leaf (a long one, struct lpm_long) keeps its value and key aside.
 *
 * Memory: 128 bytes per node, 16 per child, 8 per leaf run and prefix, 2
 * more per prefix, 48 per long leaf: ~36 bytes per prefix for 1M random
 * IPv4 prefixes, ~33 for IPv6 (~49 with records of 32 bytes, ~165 with a
 * node per prefix); the index is 1 MiB.  What a hit reads of 1M IPv6
 * prefixes (index, nodes' first lines, records) is then ~26 MiB, not ~40:
 * it can stay in a large last-level cache.
 *
 * Updates: the changed node is rebuilt aside and published with a single
 * rcu_assign_pointer() into its parent (bitmaps never change in place),
 * the old one freed after a grace period: a lookup sees the table before
 * or after an update.  A record changes in place only from node to node
 * or, for a leaf, from value to value (a long leaf's in its lpm_long);
 * anything else (a leaf becoming a node, a node a leaf) rebuilds the
 * parent as well.  Replacing a value rewrites its pointers in place.  An
 * lpm_long is shared by the records copied from one another, freed after
 * a grace period with the last one.
 * Delete cannot fail: if the rebuilt node cannot be allocated, the prefix
 * becomes a NULL tombstone, dropped when the node is next rebuilt.  The
 * index is derived from the trie: each update recomputes the entries of
 * the keys it touched, before anything it replaced is freed.
 */
#include "lpm.h"

#define LPM_S		8			/* stride, bits per node */
#define LPM_SLOTS	BIT(LPM_S)
#define LPM_LEVELS	(128 / LPM_S + 1)	/* nodes on a path, at most */
#define LPM_NONE	0xffff			/* no prefix covers the chunk */
#define LPM_DIR_BITS	16

/* The index costs 1 MiB: only for tables this large (tests lower it). */
#ifndef LPM_DIR_ON
#define LPM_DIR_ON	8192
#endif
#define LPM_DIR_OFF	(LPM_DIR_ON / 4)

/* A prefix in its node: start chunk and length relative to the node. */
#define PK(start, len)	((start) << 4 | (len))
#define PK_START(pk)	((pk) >> 4)
#define PK_LEN(pk)	((pk) & 15)

/* Writer side: the caller serialises writers. */
#define WDEREF(p)	rcu_dereference_protected(p, 1)

/*
 * A child as stored: a node, or a leaf held inline.  A node that would
 * hold one prefix and no child is stored as a leaf in its parent's record
 * instead: random IPv6 prefixes diverge right below the index, so most of
 * them are alone in their node, and inline a hit reads no line past its
 * parent's.  16 bytes, so that a million of them fit in a cache of 32 MiB
 * with their nodes' first lines.  The low byte of key is the leaf's
 * length (0 for a node), the rest 56 bits of its key: those of the first
 * word if it is no longer (all IPv4 and most IPv6 prefixes: the check is
 * then a shift of the key's first word), otherwise from the parent's
 * depth d on.  A leaf longer than d + 56 (an IPv6 /96../128 under the
 * index, say) is "long": ptr is then a struct lpm_long holding its value
 * and whole key, one more load for those only, after the record's 56 bits
 * matched.
 * A record only ever changes in place from node to node or, for a leaf,
 * value to value (a long leaf's in its lpm_long); any other change
 * rebuilds the parent.
 */
struct lpm_rec {
	void __rcu *ptr;	/* the node; a leaf's value (NULL: deleted) or lpm_long */
	u64 key;		/* leaf: 56 key bits, then plen; node: 0 */
};

#define LPM_REC_BITS	56	/* key bits a record holds */
#define LPM_REC_PLEN	0xffULL

/*
 * A long leaf's prefix.  The records of the nodes that hold it, published
 * or being built, count as references: a rebuild copies the pointer, and
 * the copy that drops the last reference frees it.
 */
struct lpm_long {
	void __rcu *val;	/* NULL: deleted */
	u64 kw[2];		/* host order, bits past plen clear */
	u8 plen;
	u32 refs;
	struct rcu_head rcu;
};

/*
 * A child as the writer code sees it, decoded from its record with the
 * parent's depth and key (rec_get()), encoded back by rec_set().
 */
struct lpm_child {
	void __rcu *ptr;	/* the node; for a leaf, its value (NULL: deleted) */
	u64 kw[2];		/* leaf: the prefix, host order, bits past plen clear */
	u8 plen;		/* leaf: its length, 9..128; 0: ptr is a node */
	struct lpm_long *lng;	/* a long leaf's, as found in a record; or NULL */
};

struct lpm_node {
	/*
	 * First cache line: all that a lookup reads of a node without
	 * prefixes (most IPv6 nodes), so that it costs one line, not two.
	 */
	u64 cvec[4];		/* chunks with a child */
	u64 kw[2];		/* key bits above the node, host order */
	u8 ccum[4];		/* children in the words before */
	u8 lcum[4];		/* leaf runs in the words before */
	u16 npfx;
	u8 depth;
	/* Second line: the leaf runs, read when the node has prefixes. */
	u64 lvec[4];		/* chunks where a leaf run starts */
	u16 nchild;
	u16 nleaf;
	struct rcu_head rcu;
	u64 pad;		/* 128 bytes: records do not straddle lines */
	struct lpm_rec child[];
	/* then one value per leaf run, the prefix values, u16 pk[] */
};

static_assert(offsetof(struct lpm_node, lvec) == 64 &&
	      sizeof(struct lpm_node) == 128,
	      "the leaf runs start the second cache line");

/*
 * Direct pointing: for each value of the top 16 bits of the key, the best
 * prefix of /16 or shorter and the first node below /16, or the node above
 * whose child for those bits is a leaf longer than /16.  Derived from the
 * trie, resynchronised after each update over the keys it touched.
 */
struct lpm_dirent {
	struct lpm_node __rcu *node;
	void __rcu *val;
};

struct lpm_dir {
	struct rcu_head rcu;
	struct lpm_dirent e[1 << LPM_DIR_BITS];
};

/* What node_build() changes in the node it copies. */
struct lpm_edit {
	int pk;				/* prefix to set, or -1 */
	void *val;			/* its value; NULL removes it */
	int chunk[2];			/* chunks whose child changes, or -1 */
	struct lpm_child child[2];	/* new children; ptr NULL removes */
};

#define LPM_EDIT_NONE	{ .pk = -1, .chunk = { -1, -1 } }

/* Leaf runs, then prefix values, after the children. */
static inline void __rcu **node_slot(const struct lpm_node *n)
{
	return (void __rcu **)&n->child[n->nchild];
}

static inline u16 *node_pk(const struct lpm_node *n)
{
	return (u16 *)&node_slot(n)[n->nleaf + n->npfx];
}

static inline void __rcu **node_val(const struct lpm_node *n, unsigned int i)
{
	return &node_slot(n)[n->nleaf + i];
}

static size_t node_size(unsigned int nchild, unsigned int nleaf, unsigned int npfx)
{
	return sizeof(struct lpm_node) + nchild * sizeof(struct lpm_rec) +
	       (nleaf + npfx) * sizeof(void *) + npfx * sizeof(u16);
}

static inline bool has_child(const struct lpm_node *n, unsigned int c)
{
	return n->cvec[c / 64] & (1ULL << (c % 64));
}

static inline unsigned int child_idx(const struct lpm_node *n, unsigned int c)
{
	return n->ccum[c / 64] + lpm_popcount(n->cvec[c / 64] & ((1ULL << (c % 64)) - 1));
}

/* The run holding chunk c is the last one starting at or before it. */
static inline unsigned int leaf_idx(const struct lpm_node *n, unsigned int c)
{
	return n->lcum[c / 64] + lpm_popcount(n->lvec[c / 64] & (~0ULL >> (63 - c % 64))) - 1;
}

/* Keys are handled as two host-order words, IPv4 in the top of k[0]. */
static __always_inline void key_load(const struct lpm_table *t, const u8 *key, u64 *k)
{
	if (t->key_bits == 32) {
		k[0] = (u64)lpm_get_be32(key) << 32;
		k[1] = 0;
	} else {
		k[0] = lpm_get_be64(key);
		k[1] = lpm_get_be64(key + 8);
	}
}

static void key_store(const struct lpm_table *t, const u64 *k, u8 *key)
{
	unsigned int i;

	for (i = 0; i < t->key_bits / 8; i++)
		key[i] = k[i / 8] >> (56 - 8 * (i % 8));
}

/* Clear the bits past the first @bits. */
static void key_mask(u64 *k, unsigned int bits)
{
	if (bits < 64) {
		k[0] = bits ? k[0] & (~0ULL << (64 - bits)) : 0;
		k[1] = 0;
	} else if (bits < 128) {
		k[1] = bits > 64 ? k[1] & (~0ULL << (128 - bits)) : 0;
	}
}

/* First bit where a and b differ, 128 if none. */
static inline unsigned int key_diff(const u64 *a, const u64 *b)
{
	if (a[0] != b[0])
		return lpm_clz64(a[0] ^ b[0]);
	if (a[1] != b[1])
		return 64 + lpm_clz64(a[1] ^ b[1]);
	return 128;
}

/* The 8 bits of the key below depth d (chunks never straddle words). */
static inline unsigned int chunk(const u64 *k, unsigned int d)
{
	return (k[d / 64] >> (56 - d % 64)) & (LPM_SLOTS - 1);
}

static void key_set_chunk(u64 *k, unsigned int d, unsigned int c)
{
	k[d / 64] |= (u64)c << (56 - d % 64);
}

/* Depth of the node holding prefixes of length plen. */
static unsigned int pfx_depth(unsigned int plen)
{
	return plen ? (plen - 1) / LPM_S * LPM_S : 0;
}

/* Does prefix kw/plen cover k?  plen is 9..128. */
static __always_inline bool pfx_covers(const u64 *kw, unsigned int plen, const u64 *k)
{
	u64 x0 = k[0] ^ kw[0];

	if (plen <= 64)
		return !(x0 >> (64 - plen));
	return !x0 && !((k[1] ^ kw[1]) >> (128 - plen));
}

/* The 64 key bits from depth d (a multiple of 8, below 128) on. */
static __always_inline u64 key_window(const u64 *k, unsigned int d)
{
	if (d >= 64)
		return k[1] << (d - 64);
	return d ? k[0] << d | k[1] >> (64 - d) : k[0];
}

/* Or w into k as the bits from depth d on: key_window()'s inverse. */
static void key_or_window(u64 *k, unsigned int d, u64 w)
{
	if (d >= 64) {
		k[1] |= w >> (d - 64);
	} else {
		k[0] |= w >> d;
		if (d)
			k[1] |= w << (64 - d);
	}
}

/* Is a leaf of length plen under a node at depth d long? */
static inline bool is_long(unsigned int plen, unsigned int d)
{
	return plen > LPM_REC_BITS && plen > d + LPM_REC_BITS;
}

static inline bool rec_is_long(const struct lpm_node *n, unsigned int i)
{
	return is_long(n->child[i].key & LPM_REC_PLEN, n->depth);
}

/* Where leaf i of n has its value, to change it in place. */
static void __rcu **rec_val(struct lpm_node *n, unsigned int i)
{
	struct lpm_long *l;

	if (!rec_is_long(n, i))
		return &n->child[i].ptr;
	l = WDEREF(n->child[i].ptr);
	return &l->val;
}

/* Child i of n, decoded. */
static void rec_get(const struct lpm_node *n, unsigned int i, struct lpm_child *ch)
{
	const struct lpm_rec *r = &n->child[i];
	unsigned int plen = r->key & LPM_REC_PLEN, d = n->depth;
	void *p = WDEREF(r->ptr);

	ch->plen = plen;
	ch->lng = NULL;
	ch->kw[0] = 0;
	ch->kw[1] = 0;
	if (is_long(plen, d)) {
		ch->lng = p;
		RCU_INIT_POINTER(ch->ptr, WDEREF(ch->lng->val));
		ch->kw[0] = ch->lng->kw[0];
		ch->kw[1] = ch->lng->kw[1];
		return;
	}
	RCU_INIT_POINTER(ch->ptr, p);
	if (plen && plen <= LPM_REC_BITS) {
		ch->kw[0] = r->key & ~LPM_REC_PLEN;
	} else if (plen) {
		ch->kw[0] = n->kw[0];
		ch->kw[1] = n->kw[1];
		key_or_window(ch->kw, d, r->key & ~0ULL << (64 - (plen - d)));
	}
}

/* Drop a record's reference to a long leaf; seen: a reader may hold it. */
static void long_put(struct lpm_table *t, struct lpm_long *l, bool seen)
{
	if (--l->refs)
		return;
	t->bytes -= sizeof(*l);
	if (seen)
		lpm_free_rcu(l);
	else
		lpm_free(l);
}

/*
 * Encode ch as child i of n, n's depth and key set: a long leaf keeps the
 * lpm_long it came with, or gets one.  Returns 0 or -ENOMEM.
 */
static int rec_set(struct lpm_table *t, struct lpm_node *n, unsigned int i,
		   const struct lpm_child *ch)
{
	struct lpm_rec *r = &n->child[i];
	struct lpm_long *l = ch->lng;

	/* Bits past plen are clear: no key bit in the low byte, if it fits. */
	if (ch->plen <= LPM_REC_BITS)
		r->key = ch->kw[0] | ch->plen;
	else
		r->key = (key_window(ch->kw, n->depth) & ~LPM_REC_PLEN) | ch->plen;
	if (!is_long(ch->plen, n->depth)) {
		RCU_INIT_POINTER(r->ptr, WDEREF(ch->ptr));
		return 0;
	}
	if (!l) {
		l = lpm_alloc(sizeof(*l));
		if (!l)
			return -ENOMEM;
		t->bytes += sizeof(*l);
		RCU_INIT_POINTER(l->val, WDEREF(ch->ptr));
		l->kw[0] = ch->kw[0];
		l->kw[1] = ch->kw[1];
		l->plen = ch->plen;
		l->refs = 0;
	}
	l->refs++;
	RCU_INIT_POINTER(r->ptr, l);
	return 0;
}

/* Room for a leaf seen as a node: the node, one value and one pk. */
union lpm_view {
	struct lpm_node n;
	u8 room[sizeof(struct lpm_node) + sizeof(void *) + sizeof(u16)];
};

/*
 * The node a leaf stands for (one prefix, no child, no leaf run), built in
 * buf, for the writer code that reads nodes: the leaf itself changes only
 * through its record, never through the view.
 */
static struct lpm_node *leaf_view(const struct lpm_child *l, union lpm_view *buf)
{
	struct lpm_node *n = &buf->n;
	unsigned int d = pfx_depth(l->plen);

	memset(n, 0, sizeof(*n));
	n->depth = d;
	n->kw[0] = l->kw[0];
	n->kw[1] = l->kw[1];
	key_mask(n->kw, d);
	n->npfx = 1;
	RCU_INIT_POINTER(*node_val(n, 0), WDEREF(l->ptr));
	node_pk(n)[0] = PK(chunk(l->kw, d), l->plen - d);
	return n;
}

/* Index of prefix pk in the node, or -1. */
static int pk_find(const struct lpm_node *n, unsigned int pk)
{
	const u16 *p = node_pk(n);
	int lo = 0, hi = n->npfx - 1, mid;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (p[mid] == pk)
			return mid;
		if (p[mid] < pk)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static unsigned int live_pfx(struct lpm_node *n)
{
	unsigned int i, live = 0;

	for (i = 0; i < n->npfx; i++)
		live += !!WDEREF(*node_val(n, i));
	return live;
}

/* Mark the chunks that pk covers, unless a longer prefix has them. */
static void paint(u16 *owner, unsigned int pk)
{
	unsigned int c = PK_START(pk), end = c + (LPM_SLOTS >> PK_LEN(pk));

	for (; c < end; c++)
		if (owner[c] == LPM_NONE || PK_LEN(owner[c]) < PK_LEN(pk))
			owner[c] = pk;
}

static void node_set_cum(const u64 *vec, u8 *cum)
{
	unsigned int i, sum = 0;

	for (i = 0; i < 4; i++) {
		cum[i] = sum;
		sum += lpm_popcount(vec[i]);
	}
}

static void child_copy(struct lpm_child *to, const struct lpm_child *from)
{
	RCU_INIT_POINTER(to->ptr, WDEREF(from->ptr));
	to->kw[0] = from->kw[0];
	to->kw[1] = from->kw[1];
	to->plen = from->plen;
	to->lng = from->lng;
}

/* Chunks with a child after edit e: old's, edited, without deleted leaves. */
static unsigned int edited_cvec(const struct lpm_node *old, const struct lpm_edit *e,
				u64 *cvec)
{
	unsigned int i, c, n = 0;
	struct lpm_child ch;

	for (i = 0; i < 4; i++)
		cvec[i] = old ? old->cvec[i] : 0;
	for (i = 0; old && i < old->nchild; i++) {
		rec_get(old, i, &ch);
		if (ch.plen && !WDEREF(ch.ptr)) {
			c = chunk(ch.kw, old->depth);
			cvec[c / 64] &= ~(1ULL << (c % 64));
		}
	}
	for (i = 0; i < 2 && e->chunk[i] >= 0; i++) {
		c = e->chunk[i];
		cvec[c / 64] &= ~(1ULL << (c % 64));
		cvec[c / 64] |= (u64)!!WDEREF(e->child[i].ptr) << (c % 64);
	}
	for (i = 0; i < 4; i++)
		n += lpm_popcount(cvec[i]);
	return n;
}

/* The child of old at chunk c (which has one) after edit e, in *buf. */
static const struct lpm_child *edited_child(const struct lpm_node *old,
					    const struct lpm_edit *e,
					    unsigned int c, struct lpm_child *buf)
{
	if ((int)c == e->chunk[0])
		return &e->child[0];
	if ((int)c == e->chunk[1])
		return &e->child[1];
	rec_get(old, child_idx(old, c), buf);
	return buf;
}

/*
 * The new node at depth/kw, into *out: a copy of old (if any) with the
 * edit applied and the deleted prefixes and leaves dropped; below the
 * root, a leaf if one prefix and no child are left.  Nothing points to it
 * yet.  Returns 0 or -ENOMEM.
 */
static int node_build(struct lpm_table *t, const struct lpm_node *old,
		      unsigned int depth, const u64 *kw,
		      const struct lpm_edit *e, struct lpm_child *out)
{
	unsigned int i, j, c, npfx = 0, nleaf = 0, nchild = 0, li = 0, ci = 0;
	const u16 *opk = old ? node_pk(old) : NULL;
	bool add = e->pk >= 0 && e->val;
	u16 owner[LPM_SLOTS], *pk;
	struct lpm_child buf;
	struct lpm_node *n;
	u64 cvec[4], bits;
	void *v = NULL;
	size_t size;

	memset(owner, 0xff, sizeof(owner));
	for (i = 0; old && i < old->npfx; i++) {
		if (opk[i] != e->pk && WDEREF(*node_val(old, i))) {
			paint(owner, opk[i]);
			npfx++;
		}
	}
	if (add) {
		paint(owner, e->pk);
		npfx++;
	}
	for (c = 0; c < LPM_SLOTS; c++)
		nleaf += !c || owner[c] != owner[c - 1];
	nchild = edited_cvec(old, e, cvec);

	memset(out, 0, sizeof(*out));
	if (depth && !nchild && npfx == 1) {
		for (i = 0; !add && i < old->npfx; i++) {
			v = WDEREF(*node_val(old, i));
			if (opk[i] != e->pk && v)
				break;
		}
		j = add ? (unsigned int)e->pk : opk[i];
		RCU_INIT_POINTER(out->ptr, add ? e->val : v);
		out->kw[0] = kw[0];
		out->kw[1] = kw[1];
		key_mask(out->kw, depth);
		key_set_chunk(out->kw, depth, PK_START(j));
		out->plen = depth + PK_LEN(j);
		return 0;
	}

	size = node_size(nchild, nleaf, npfx);
	n = lpm_alloc(size);
	if (!n)
		return -ENOMEM;
	t->bytes += size;
	memset(n, 0, sizeof(*n));
	n->depth = depth;
	n->kw[0] = kw[0];
	n->kw[1] = kw[1];
	key_mask(n->kw, depth);
	n->nchild = nchild;
	n->nleaf = nleaf;
	n->npfx = npfx;
	memcpy(n->cvec, cvec, sizeof(cvec));
	node_set_cum(n->cvec, n->ccum);

	/* The prefixes, merging the new one in pk order. */
	pk = node_pk(n);
	for (i = 0, j = 0; old && i < old->npfx; i++) {
		v = WDEREF(*node_val(old, i));
		if (opk[i] == e->pk || !v)
			continue;
		if (add && e->pk < opk[i]) {
			pk[j] = e->pk;
			RCU_INIT_POINTER(*node_val(n, j++), e->val);
			add = false;
		}
		pk[j] = opk[i];
		RCU_INIT_POINTER(*node_val(n, j++), v);
	}
	if (add) {
		pk[j] = e->pk;
		RCU_INIT_POINTER(*node_val(n, j), e->val);
	}

	for (c = 0; c < LPM_SLOTS; c++) {
		if (c && owner[c] == owner[c - 1])
			continue;
		n->lvec[c / 64] |= 1ULL << (c % 64);
		v = owner[c] == LPM_NONE ? NULL :
		    WDEREF(*node_val(n, pk_find(n, owner[c])));
		RCU_INIT_POINTER(node_slot(n)[li++], v);
	}
	node_set_cum(n->lvec, n->lcum);

	for (i = 0; i < 4; i++) {
		for (bits = cvec[i]; bits; bits &= bits - 1) {
			c = i * 64 + lpm_ctz64(bits);
			if (rec_set(t, n, ci, edited_child(old, e, c, &buf)))
				goto fail;
			ci++;
		}
	}
	RCU_INIT_POINTER(out->ptr, n);
	return 0;
fail:
	/* No long leaf allocated for it: undo the references taken. */
	while (ci--)
		if (rec_is_long(n, ci))
			long_put(t, WDEREF(n->child[ci].ptr), false);
	t->bytes -= size;
	lpm_free(n);
	return -ENOMEM;
}

static void dir_sync(struct lpm_table *t, const u64 *k, unsigned int bits);

/*
 * seen: a reader may hold it, wait for a grace period.  Index entries may
 * point to a node above /16 for its leaves longer than /16: point them to
 * what replaced it first (the new trie is published by now).
 */
static void node_free(struct lpm_table *t, struct lpm_node *n, bool seen)
{
	struct lpm_child ch;
	unsigned int i;

	if (!n)
		return;
	for (i = 0; seen && n->depth < LPM_DIR_BITS && i < n->nchild; i++) {
		rec_get(n, i, &ch);
		if (ch.plen > LPM_DIR_BITS)
			dir_sync(t, ch.kw, LPM_DIR_BITS);
	}
	for (i = 0; i < n->nchild; i++)
		if (rec_is_long(n, i))
			long_put(t, WDEREF(n->child[i].ptr), seen);
	t->bytes -= node_size(n->nchild, n->nleaf, n->npfx);
	if (seen)
		lpm_free_rcu(n);
	else
		lpm_free(n);
}

/* A record node_build() made: free its node, if it is one. */
static void child_free(struct lpm_table *t, const struct lpm_child *ch)
{
	if (!ch->plen)
		node_free(t, WDEREF(ch->ptr), false);
}

/* Recompute directory entry i from the trie. */
static void dir_fill(struct lpm_table *t, struct lpm_dirent *e, unsigned int i)
{
	struct lpm_node *n = WDEREF(t->root);
	u64 k[2] = { (u64)i << (64 - LPM_DIR_BITS), 0 };
	struct lpm_child rec, *ch = &rec;
	void *best = NULL, *v;
	unsigned int c;

	while (n && n->depth < LPM_DIR_BITS) {
		c = chunk(k, n->depth);
		v = WDEREF(node_slot(n)[leaf_idx(n, c)]);
		if (v)
			best = v;
		if (!has_child(n, c)) {
			n = NULL;
			break;
		}
		rec_get(n, child_idx(n, c), ch);
		if (ch->plen > LPM_DIR_BITS) {
			/* Lookups start at n, for the leaf. */
			if (key_diff(k, ch->kw) < LPM_DIR_BITS)
				n = NULL;
			break;
		}
		if (ch->plen) {
			v = WDEREF(ch->ptr);
			if (v && pfx_covers(ch->kw, ch->plen, k))
				best = v;
			n = NULL;
			break;
		}
		n = WDEREF(ch->ptr);
	}
	/* A skipping node may lead elsewhere. */
	if (n && n->depth >= LPM_DIR_BITS && key_diff(k, n->kw) < LPM_DIR_BITS)
		n = NULL;
	/* One update changes node or val of an entry, never both. */
	if (WDEREF(e->node) != n)
		rcu_assign_pointer(e->node, n);
	if (WDEREF(e->val) != best)
		rcu_assign_pointer(e->val, best);
}

/* Resynchronise the entries of the keys starting with the first bits of k. */
static void dir_sync(struct lpm_table *t, const u64 *k, unsigned int bits)
{
	struct lpm_dir *dir = WDEREF(t->dir);
	unsigned int i, n;

	if (!dir)
		return;
	bits = min_t(unsigned int, bits, LPM_DIR_BITS);
	n = 1 << (LPM_DIR_BITS - bits);
	i = (k[0] >> (64 - LPM_DIR_BITS)) & ~(n - 1);
	for (; n; n--, i++)
		dir_fill(t, &dir->e[i], i);
}

static void dir_build(struct lpm_table *t)
{
	struct lpm_dir *dir = lpm_alloc(sizeof(*dir));
	unsigned int i;

	if (!dir)
		return;		/* lookups just walk from the root */
	memset(dir->e, 0, sizeof(dir->e));
	for (i = 0; i < 1 << LPM_DIR_BITS; i++)
		dir_fill(t, &dir->e[i], i);
	rcu_assign_pointer(t->dir, dir);
	t->bytes += sizeof(*dir);
}

static void dir_free(struct lpm_table *t)
{
	struct lpm_dir *dir = WDEREF(t->dir);

	if (dir) {
		RCU_INIT_POINTER(t->dir, NULL);
		t->bytes -= sizeof(*dir);
		lpm_free_rcu(dir);
	}
}

/*
 * Put ch in place of child idx[j] of path[j - 1] (of the table if j is 0)
 * with the one store readers see, then update the directory for the keys
 * under the first bits of k, before the caller frees what was replaced.
 * Only a node replaces a node in place: otherwise the parent is rebuilt
 * (and freed here) and takes its own place the same way.  Returns 0, or
 * -ENOMEM with the table unchanged.
 */
static int publish(struct lpm_table *t, struct lpm_node **path,
		   const unsigned int *idx, int j, const struct lpm_child *ch,
		   const u64 *k, unsigned int bits)
{
	struct lpm_node *gone[LPM_LEVELS];
	struct lpm_child rec[LPM_LEVELS + 1];
	struct lpm_edit e = LPM_EDIT_NONE;
	struct lpm_node *p;
	int r = 0, i;

	child_copy(&rec[0], ch);
	while (j && (path[j - 1]->child[idx[j]].key || rec[r].plen ||
		     !WDEREF(rec[r].ptr))) {
		p = path[--j];
		e.chunk[0] = chunk(k, p->depth);
		e.child[0] = rec[r];
		if (node_build(t, p, p->depth, p->kw, &e, &rec[r + 1])) {
			for (i = 1; i <= r; i++)
				child_free(t, &rec[i]);
			return -ENOMEM;
		}
		gone[r++] = p;
	}
	if (j)
		rcu_assign_pointer(path[j - 1]->child[idx[j]].ptr, WDEREF(rec[r].ptr));
	else
		rcu_assign_pointer(t->root, (struct lpm_node *)WDEREF(rec[r].ptr));
	dir_sync(t, k, bits);
	for (i = 0; i < r; i++)
		node_free(t, gone[i], true);
	return 0;
}

/* Value of the longest live prefix of n covering chunk c. */
static void *cover(struct lpm_node *n, unsigned int c)
{
	int l, i;
	void *v;

	for (l = LPM_S; l >= 0; l--) {
		i = pk_find(n, PK(c >> (LPM_S - l) << (LPM_S - l), l));
		if (i >= 0) {
			v = WDEREF(*node_val(n, i));
			if (v)
				return v;
		}
	}
	return NULL;
}

/*
 * Set the value of prefix i of n in place, NULL making it a tombstone.
 * Each leaf run belongs to one prefix and those under it, so the runs
 * starting inside the prefix are the only ones to refresh, one pointer
 * store each: a reader sees the old or the new value.
 */
static void pfx_set(struct lpm_node *n, unsigned int i, void *val)
{
	unsigned int pk = node_pk(n)[i];
	unsigned int c = PK_START(pk), end = c + (LPM_SLOTS >> PK_LEN(pk));

	rcu_assign_pointer(*node_val(n, i), val);
	for (; c < end; c++)
		if (n->lvec[c / 64] & (1ULL << (c % 64)))
			rcu_assign_pointer(node_slot(n)[leaf_idx(n, c)], cover(n, c));
}

void lpm_init(struct lpm_table *t, u8 key_bits)
{
	RCU_INIT_POINTER(t->root, NULL);
	RCU_INIT_POINTER(t->dir, NULL);
	t->key_bits = key_bits;
	t->count = 0;
	t->bytes = 0;
}

/*
 * lpm_lookup()'s result: v if the leaf of record r under a node at depth
 * d covers key k0:k1, else best.  Its length is past 56, the key above d
 * known to match.  Out of line, and its arguments in registers, for
 * lpm_lookup() to need no stack frame: a tail call.
 */
static noinline void *leaf_far(const struct lpm_rec *r, void *v, u64 k0, u64 k1,
			       unsigned int d, void *best)
{
	unsigned int plen = r->key & LPM_REC_PLEN;
	const u64 k[2] = { k0, k1 };
	u64 w = key_window(k, d) ^ r->key;
	const struct lpm_long *l;

	if (!is_long(plen, d))
		return w >> (64 - (plen - d)) || !v ? best : v;
	/* The record's 56 bits first: no line of the lpm_long on a miss. */
	if (w >> 8)
		return best;
	l = v;
	v = rcu_dereference(l->val);
	return v && pfx_covers(l->kw, l->plen, k) ? v : best;
}

void *lpm_lookup(const struct lpm_table *t, const u8 *key)
{
	const struct lpm_dir *dir = rcu_dereference(t->dir);
	const struct lpm_dirent *e;
	const struct lpm_rec *r;
	const struct lpm_node *n;
	unsigned int d = 0, c, plen;
	void *best = NULL, *v;
	u64 k[2];

	key_load(t, key, k);
	if (dir) {
		e = &dir->e[k[0] >> (64 - LPM_DIR_BITS)];
		best = rcu_dereference(e->val);
		n = rcu_dereference(e->node);
		d = LPM_DIR_BITS;
	} else {
		n = rcu_dereference(t->root);
	}
	while (n) {
		/* Skipped levels: the key must match the node's. */
		if (unlikely(n->depth != d) && key_diff(k, n->kw) < n->depth)
			break;
		d = n->depth;
		c = chunk(k, d);
		/* Most IPv6 nodes have no prefix: spare a cache line. */
		if (n->npfx) {
			v = rcu_dereference(node_slot(n)[leaf_idx(n, c)]);
			if (v)
				best = v;
		}
		if (!has_child(n, c))
			break;
		r = &n->child[child_idx(n, c)];
		v = rcu_dereference(r->ptr);
		plen = r->key & LPM_REC_PLEN;
		if (plen) {
			/* Most leaves: the record has the key's first word. */
			if (unlikely(plen > LPM_REC_BITS))
				return leaf_far(r, v, k[0], k[1], d, best);
			if (v && !((k[0] ^ r->key) >> (64 - plen)))
				best = v;
			break;
		}
		n = v;
		d += LPM_S;
	}
	return best;
}

void *lpm_get(const struct lpm_table *t, const u8 *key, u8 plen)
{
	const struct lpm_node *n = rcu_dereference(t->root);
	unsigned int d = pfx_depth(plen), c, rlen;
	const struct lpm_long *l;
	const struct lpm_rec *r;
	u64 k[2];
	void *v;
	int i;

	if (plen > t->key_bits)
		return NULL;
	key_load(t, key, k);
	key_mask(k, plen);
	while (n && n->depth < d) {
		c = chunk(k, n->depth);
		if (!has_child(n, c))
			return NULL;
		r = &n->child[child_idx(n, c)];
		v = rcu_dereference(r->ptr);
		rlen = r->key & LPM_REC_PLEN;
		if (!rlen) {
			n = v;
			continue;
		}
		if (rlen != plen)
			return NULL;
		/* k is masked: its bits past plen are clear, as the record's. */
		if (plen <= LPM_REC_BITS)
			return k[0] == (r->key & ~LPM_REC_PLEN) ? v : NULL;
		if (is_long(plen, n->depth)) {
			l = v;
			return key_diff(k, l->kw) >= plen ? rcu_dereference(l->val) : NULL;
		}
		return key_diff(k, n->kw) >= n->depth &&
		       key_window(k, n->depth) == (r->key & ~LPM_REC_PLEN) ? v : NULL;
	}
	if (!n || n->depth != d || key_diff(k, n->kw) < d)
		return NULL;
	i = pk_find(n, PK(chunk(k, d), plen - d));
	return i < 0 ? NULL : rcu_dereference(*node_val(n, i));
}

int lpm_insert(struct lpm_table *t, const u8 *key, u8 plen, void *value,
	       void **old)
{
	struct lpm_node *path[LPM_LEVELS], *n, *ch, *base;
	struct lpm_edit e = LPM_EDIT_NONE, le = LPM_EDIT_NONE;
	unsigned int idx[LPM_LEVELS], d = pfx_depth(plen), c, x = 0, depth, bits;
	struct lpm_child cur, leaf, new;
	static const u64 zero[2];
	union lpm_view view;
	u64 k[2];
	const u64 *kw = k;
	bool split = false;
	void *prev;
	int lvl = 0, i;

	if (plen > t->key_bits || !value)
		return -EINVAL;
	if (old)
		*old = NULL;
	key_load(t, key, k);
	key_mask(k, plen);
	le.pk = PK(chunk(k, d), plen - d);
	le.val = value;

	/*
	 * Find the prefix's node, or the node to rebuild with a new child: n,
	 * child idx[lvl] of path[lvl - 1].  A leaf ends the descent, seen as
	 * the node it stands for.
	 */
	idx[0] = 0;
	for (n = WDEREF(t->root); n && n->depth < d; n = ch) {
		c = chunk(k, n->depth);
		if (!has_child(n, c))
			break;
		path[lvl++] = n;
		idx[lvl] = child_idx(n, c);
		rec_get(n, idx[lvl], &cur);
		ch = cur.plen ? leaf_view(&cur, &view) : WDEREF(cur.ptr);
		x = min_t(unsigned int, key_diff(k, ch->kw), d) / LPM_S * LPM_S;
		if (ch->depth > x) {
			/* k leaves ch's skipped bits: a new node at x replaces ch. */
			e.chunk[0] = chunk(ch->kw, x);
			e.child[0] = cur;
			split = true;
			break;
		}
	}
	if (split) {
		base = NULL;
		depth = x;
		bits = x;
	} else {
		i = n && n->depth == d ? pk_find(n, le.pk) : -1;
		if (i >= 0) {
			/* Replace (or revive a tombstone) in place. */
			prev = WDEREF(*node_val(n, i));
			if (n == &view.n)
				rcu_assign_pointer(*rec_val(path[lvl - 1], idx[lvl]), value);
			else
				pfx_set(n, i, value);
			dir_sync(t, k, plen);
			if (old)
				*old = prev;
			if (prev)
				return 0;
			goto added;
		}
		base = n;
		depth = n ? n->depth : 0;
		kw = n ? n->kw : zero;
		bits = depth == d ? plen : depth + LPM_S;
	}
	if (depth == d) {
		e.pk = le.pk;
		e.val = value;
	} else {
		/* Alone at depth d > 0: a leaf, no node to allocate. */
		node_build(t, NULL, d, k, &le, &leaf);
		i = split;
		e.chunk[i] = chunk(k, depth);
		e.child[i] = leaf;
	}
	if (node_build(t, base, depth, kw, &e, &new))
		return -ENOMEM;
	if (publish(t, path, idx, lvl, &new, k, bits)) {
		child_free(t, &new);
		return -ENOMEM;
	}
	/* A leaf's view went with its parent, rebuilt by publish(). */
	if (base != &view.n)
		node_free(t, base, true);
added:
	t->count++;
	if (!WDEREF(t->dir) && !(t->count % LPM_DIR_ON))
		dir_build(t);
	return 0;
}

void *lpm_delete(struct lpm_table *t, const u8 *key, u8 plen)
{
	struct lpm_node *path[LPM_LEVELS], *n;
	unsigned int idx[LPM_LEVELS], d = pfx_depth(plen), bits = plen, live, c;
	struct lpm_edit e = LPM_EDIT_NONE;
	struct lpm_child cur, repl;
	union lpm_view view;
	bool built = false;
	u64 k[2];
	int lvl = 0, j, i;
	void *val;

	if (plen > t->key_bits)
		return NULL;
	key_load(t, key, k);
	key_mask(k, plen);
	idx[0] = 0;
	for (n = WDEREF(t->root); n && n->depth < d; ) {
		c = chunk(k, n->depth);
		if (!has_child(n, c))
			return NULL;
		path[lvl++] = n;
		idx[lvl] = child_idx(n, c);
		rec_get(n, idx[lvl], &cur);
		if (cur.plen) {
			n = leaf_view(&cur, &view);
			break;
		}
		n = WDEREF(cur.ptr);
	}
	if (!n || n->depth != d || key_diff(k, n->kw) < d)
		return NULL;
	e.pk = PK(chunk(k, d), plen - d);
	i = pk_find(n, e.pk);
	val = i < 0 ? NULL : WDEREF(*node_val(n, i));
	if (!val)
		return NULL;
	path[lvl] = n;

	/*
	 * Keep the trie canonical: a node left with no prefix and one child
	 * gives way to it, an empty one goes (and maybe its parent: its
	 * other child then takes its place).  One store publishes it all.
	 */
	memset(&repl, 0, sizeof(repl));
	live = live_pfx(n) - 1;
	j = lvl;
	if (live || n->nchild >= 2 || (!lvl && n->nchild)) {
		if (node_build(t, n, n->depth, n->kw, &e, &repl))
			goto tombstone;
		built = true;
	} else if (n->nchild) {
		rec_get(n, 0, &repl);
	} else {
		e.pk = -1;
		while (j > 0) {
			n = path[--j];
			live = live_pfx(n);
			if (!live && n->nchild == 1)
				continue;
			bits = n->depth + LPM_S;
			if (!live && n->nchild == 2 && j > 0) {
				rec_get(n, !idx[j + 1], &repl);
				break;
			}
			e.chunk[0] = chunk(k, n->depth);
			if (node_build(t, n, n->depth, n->kw, &e, &repl))
				goto tombstone;
			built = true;
			break;
		}
		if (!WDEREF(repl.ptr))
			bits = 0;
	}
	if (publish(t, path, idx, j, &repl, k, bits)) {
		if (built)
			child_free(t, &repl);
		goto tombstone;
	}
	for (; j <= lvl; j++)
		if (path[j] != &view.n)
			node_free(t, path[j], true);
	goto out;
tombstone:
	if (path[lvl] == &view.n)
		rcu_assign_pointer(*rec_val(path[lvl - 1], idx[lvl]), NULL);
	else
		pfx_set(path[lvl], i, NULL);
	dir_sync(t, k, plen);
out:
	if (--t->count < LPM_DIR_OFF)
		dir_free(t);
	return val;
}

struct lpm_walk {
	const struct lpm_table *t;
	u64 after[2];
	unsigned int after_plen;
	lpm_walk_fn fn;
	void *arg;
	u8 key[16];
};

/* Order of (k, plen) against the cursor. */
static int walk_cmp(const struct lpm_walk *w, const u64 *k, unsigned int plen)
{
	unsigned int d = key_diff(k, w->after);

	if (d == 128)
		return plen < w->after_plen ? -1 : plen > w->after_plen;
	return (k[d / 64] >> (63 - d % 64)) & 1 ? 1 : -1;
}

static int walk_leaf(struct lpm_walk *w, const struct lpm_child *l, bool cmp)
{
	void *v = WDEREF(l->ptr);

	if (!v || (cmp && walk_cmp(w, l->kw, l->plen) <= 0))
		return 0;
	key_store(w->t, l->kw, w->key);
	return w->fn(w->key, l->plen, v, w->arg);
}

/*
 * In-order walk: within a node, by start chunk, the prefixes (shorter
 * first), then the child.  With cmp, only what is after the cursor.
 */
static int walk_node(struct lpm_walk *w, struct lpm_node *n, bool cmp)
{
	unsigned int d = n->depth, c, i = 0, ci = 0, diff;
	const u16 *pk = node_pk(n);
	struct lpm_child ch;
	u64 k[2];
	void *v;
	int ret;

	for (c = 0; c < LPM_SLOTS; c++) {
		k[0] = n->kw[0];
		k[1] = n->kw[1];
		key_set_chunk(k, d, c);
		for (; i < n->npfx && PK_START(pk[i]) == c; i++) {
			v = WDEREF(*node_val(n, i));
			if (!v || (cmp && walk_cmp(w, k, d + PK_LEN(pk[i])) <= 0))
				continue;
			key_store(w->t, k, w->key);
			ret = w->fn(w->key, d + PK_LEN(pk[i]), v, w->arg);
			if (ret)
				return ret;
		}
		if (!has_child(n, c))
			continue;
		rec_get(n, ci++, &ch);
		diff = cmp ? key_diff(k, w->after) : 128;
		/* The whole subtree sorts before the cursor: skip it. */
		if (diff < d + LPM_S && !((k[diff / 64] >> (63 - diff % 64)) & 1))
			continue;
		if (ch.plen)
			ret = walk_leaf(w, &ch, cmp && diff >= d + LPM_S);
		else
			ret = walk_node(w, WDEREF(ch.ptr), cmp && diff >= d + LPM_S);
		if (ret)
			return ret;
	}
	return 0;
}

int lpm_walk(const struct lpm_table *t, const u8 *after_key, int after_plen,
	     lpm_walk_fn fn, void *arg)
{
	struct lpm_node *n = WDEREF(t->root);
	struct lpm_walk w = { .t = t, .fn = fn, .arg = arg };
	bool cmp = after_key && after_plen >= 0;

	if (!n)
		return 0;
	if (cmp) {
		w.after_plen = min_t(unsigned int, after_plen, t->key_bits);
		key_load(t, after_key, w.after);
		key_mask(w.after, w.after_plen);
	}
	return walk_node(&w, n, cmp);
}

static void clear_node(struct lpm_table *t, struct lpm_node *n,
		       void (*fn)(void *value, void *arg), void *arg)
{
	struct lpm_child ch;
	unsigned int i;
	void *v;

	for (i = 0; i < n->nchild; i++) {
		rec_get(n, i, &ch);
		v = WDEREF(ch.ptr);
		if (!ch.plen)
			clear_node(t, v, fn, arg);
		else if (v && fn)
			fn(v, arg);
	}
	for (i = 0; i < n->npfx && fn; i++) {
		v = WDEREF(*node_val(n, i));
		if (v)
			fn(v, arg);
	}
	node_free(t, n, true);
	/* A million prefixes: let others run, and RCU's grace periods end. */
	lpm_cond_resched();
}

void lpm_clear(struct lpm_table *t, void (*fn)(void *value, void *arg), void *arg)
{
	struct lpm_node *n = WDEREF(t->root);

	RCU_INIT_POINTER(t->root, NULL);
	dir_free(t);
	if (n)
		clear_node(t, n, fn, arg);
	t->count = 0;
}

struct lpm_free_value {
	void (*free_value)(void *value);
};

static void call_free_value(void *value, void *arg)
{
	const struct lpm_free_value *f = arg;

	f->free_value(value);
}

void lpm_destroy(struct lpm_table *t, void (*free_value)(void *))
{
	struct lpm_free_value f = { free_value };

	lpm_clear(t, free_value ? call_free_value : NULL, &f);
}
