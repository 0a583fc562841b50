// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the longest-prefix-match table (kmod/lpm.c, built here
 * in user space): fixed cases, then long randomized runs checked against
 * a brute-force reference, with and without allocation failures.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Small tables get the directory too, to test it; or none at all. */
static unsigned int dir_on = 64;
#define LPM_DIR_ON dir_on
#include "../../kmod/lpm.c"
#include "tap.h"

#define V(n)	((void *)(uintptr_t)(n))

/* Parse an address ("10.1.2.3" or "2001:db8::1") into a rotating buffer. */
static const u8 *A(const char *s)
{
	static u8 buf[16][16];
	static unsigned int i;
	u8 *b = buf[i++ % 16];

	memset(b, 0, 16);
	if (inet_pton(strchr(s, ':') ? AF_INET6 : AF_INET, s, b) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
	return b;
}

/* ---- brute-force reference ---- */

struct ref_entry {
	u8 key[16];
	u8 plen;
	void *val;
	u64 w[2];	/* key as two big-endian words, for speed */
};

#define REF_MAX 2048

struct ref {
	unsigned int bits, n;
	struct ref_entry e[REF_MAX];
};

static void mask_bytes(u8 *k, unsigned int bits, unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < bits / 8; i++) {
		if (plen >= 8 * (i + 1))
			continue;
		k[i] &= plen > 8 * i ? (u8)(0xff << (8 - (plen - 8 * i))) : 0;
	}
}

static void words(const u8 *k, unsigned int bits, u64 *w)
{
	unsigned int i;

	w[0] = 0;
	w[1] = 0;
	for (i = 0; i < bits / 8; i++)
		w[i / 8] |= (u64)k[i] << (56 - 8 * (i % 8));
}

/* Does prefix w/plen cover address a? */
static bool covers(const u64 *w, unsigned int plen, const u64 *a)
{
	u64 m0 = plen >= 64 ? ~0ULL : plen ? ~0ULL << (64 - plen) : 0;
	u64 m1 = plen >= 128 ? ~0ULL : plen > 64 ? ~0ULL << (128 - plen) : 0;

	return !((w[0] ^ a[0]) & m0) && !((w[1] ^ a[1]) & m1);
}

static int ref_find(const struct ref *r, const u8 *key, unsigned int plen)
{
	u8 k[16];
	u64 w[2];
	unsigned int i;

	memcpy(k, key, r->bits / 8);
	mask_bytes(k, r->bits, plen);
	words(k, r->bits, w);
	for (i = 0; i < r->n; i++)
		if (r->e[i].plen == plen && r->e[i].w[0] == w[0] && r->e[i].w[1] == w[1])
			return i;
	return -1;
}

static void *ref_lookup(const struct ref *r, const u8 *addr)
{
	int best = -1;
	unsigned int i;
	u64 a[2];

	words(addr, r->bits, a);
	for (i = 0; i < r->n; i++)
		if ((best < 0 || r->e[i].plen > r->e[best].plen) &&
		    covers(r->e[i].w, r->e[i].plen, a))
			best = i;
	return best < 0 ? NULL : r->e[best].val;
}

static void ref_set(struct ref *r, const u8 *key, unsigned int plen, void *val)
{
	int i = ref_find(r, key, plen);

	if (i < 0) {
		i = r->n++;
		memset(r->e[i].key, 0, 16);
		memcpy(r->e[i].key, key, r->bits / 8);
		mask_bytes(r->e[i].key, r->bits, plen);
		words(r->e[i].key, r->bits, r->e[i].w);
		r->e[i].plen = plen;
	}
	r->e[i].val = val;
}

static void ref_del(struct ref *r, int i)
{
	r->e[i] = r->e[--r->n];
}

static int ref_bits;

static int entry_cmp(const void *a, const void *b)
{
	const struct ref_entry *x = a, *y = b;
	int c = memcmp(x->key, y->key, ref_bits / 8);

	return c ? c : x->plen - y->plen;
}

/* ---- walk helpers ---- */

struct collect {
	unsigned int bits, n, max, stop_after;
	struct ref_entry *e;
};

static int collect_fn(const u8 *key, u8 plen, void *value, void *arg)
{
	struct collect *c = arg;

	if (c->n >= c->max)
		return -1;
	memcpy(c->e[c->n].key, key, c->bits / 8);
	c->e[c->n].plen = plen;
	c->e[c->n].val = value;
	c->n++;
	return c->stop_after && c->n == c->stop_after ? 7 : 0;
}

static struct ref_entry walk_buf[REF_MAX], sorted_buf[REF_MAX];

/* Walk t after the cursor and compare with the sorted reference. */
static bool walk_matches(const struct lpm_table *t, const struct ref *r,
			 const u8 *after, int after_plen)
{
	struct collect c = { .bits = r->bits, .max = REF_MAX, .e = walk_buf };
	struct ref_entry cur;
	unsigned int i, j = 0;

	ref_bits = r->bits;
	memcpy(sorted_buf, r->e, r->n * sizeof(r->e[0]));
	qsort(sorted_buf, r->n, sizeof(r->e[0]), entry_cmp);
	if (after) {
		memcpy(cur.key, after, r->bits / 8);
		mask_bytes(cur.key, r->bits, after_plen);
		cur.plen = after_plen;
		while (j < r->n && entry_cmp(&sorted_buf[j], &cur) <= 0)
			j++;
	}
	if (lpm_walk(t, after, after ? after_plen : -1, collect_fn, &c))
		return false;
	if (c.n != r->n - j)
		return false;
	for (i = 0; i < c.n; i++, j++)
		if (entry_cmp(&walk_buf[i], &sorted_buf[j]) ||
		    walk_buf[i].val != sorted_buf[j].val)
			return false;
	return true;
}

/* ---- structural invariants, from the inside ---- */

static size_t inv_bytes;
static unsigned int inv_live, inv_long;

/*
 * A leaf below a node's chunk: deep enough, on its path, key masked; in
 * an lpm_long (held by this record alone) exactly when too long for the
 * record.
 */
static bool check_leaf(struct lpm_table *t, const struct lpm_child *l,
		       unsigned int min_depth, const u64 *kw, bool canonical)
{
	u64 k[2] = { l->kw[0], l->kw[1] };
	bool lng = is_long(l->plen, min_depth - LPM_S);

	inv_live += !!l->ptr;
	if (l->lng) {
		inv_bytes += sizeof(*l->lng);
		inv_long++;
	}
	key_mask(k, l->plen);
	return pfx_depth(l->plen) >= min_depth && l->plen <= t->key_bits &&
	       key_diff(l->kw, kw) >= min_depth && k[0] == l->kw[0] &&
	       k[1] == l->kw[1] && (!canonical || l->ptr) &&
	       lng == !!l->lng && (!l->lng || (l->lng->refs == 1 &&
	       l->lng->plen == l->plen));
}

static bool check_node(struct lpm_table *t, struct lpm_node *n,
		       unsigned int min_depth, const u64 *kw, bool root,
		       bool canonical)
{
	unsigned int c, i, live = live_pfx(n);
	struct lpm_child rec, *ch = &rec;
	u64 k[2];

	inv_bytes += node_size(n->nchild, n->nleaf, n->npfx);
	inv_live += live;
	if (n->depth % LPM_S || n->depth < min_depth || n->depth >= t->key_bits)
		return false;
	if (key_diff(n->kw, kw) < min_depth)
		return false;
	if (!root && canonical && !live && n->nchild < 2)
		return false;
	/* One prefix and no child: that is a leaf's job. */
	if (!root && canonical && live == 1 && !n->nchild)
		return false;
	if (root && n->depth)
		return false;
	for (i = 1; i < n->npfx; i++)
		if (node_pk(n)[i - 1] >= node_pk(n)[i])
			return false;
	for (c = 0; c < LPM_SLOTS; c++) {
		if (WDEREF(node_slot(n)[leaf_idx(n, c)]) != cover(n, c))
			return false;
		if (!has_child(n, c))
			continue;
		rec_get(n, child_idx(n, c), ch);
		k[0] = n->kw[0];
		k[1] = n->kw[1];
		key_set_chunk(k, n->depth, c);
		if (ch->plen) {
			if (!check_leaf(t, ch, n->depth + LPM_S, k, canonical))
				return false;
			continue;
		}
		if (n->child[child_idx(n, c)].key ||
		    !ch->ptr || !check_node(t, ch->ptr, n->depth + LPM_S, k, false, canonical))
			return false;
	}
	return true;
}

/* Length of child i of n if it is a leaf, else 0. */
static unsigned int child_plen(const struct lpm_node *n, unsigned int i)
{
	struct lpm_child ch;

	rec_get(n, i, &ch);
	return ch.plen;
}

static unsigned int dir_checked;

/* Every directory entry is what the trie says. */
static bool dir_ok(struct lpm_table *t)
{
	struct lpm_dir *dir = WDEREF(t->dir);
	struct lpm_dirent e;
	unsigned int i;

	if (!dir)
		return true;
	dir_checked++;
	for (i = 0; i < 1 << LPM_DIR_BITS; i++) {
		e = dir->e[i];
		dir_fill(t, &e, i);
		if (e.node != dir->e[i].node || e.val != dir->e[i].val)
			return false;
	}
	return true;
}

static bool invariants(struct lpm_table *t, bool canonical)
{
	struct lpm_node *n = WDEREF(t->root);
	static const u64 zero[2];

	inv_bytes = WDEREF(t->dir) ? sizeof(struct lpm_dir) : 0;
	inv_live = 0;
	inv_long = 0;
	if (n && !check_node(t, n, 0, zero, true, canonical))
		return false;
	return inv_bytes == t->bytes && inv_live == t->count && dir_ok(t);
}

/* ---- fixed cases ---- */

static void test_basic_v4(void)
{
	struct lpm_table t;
	void *old = V(1);

	lpm_init(&t, 32);
	TAP_OK(!lpm_lookup(&t, A("10.1.2.3")), "v4: empty table misses");
	TAP_OK(!lpm_delete(&t, A("10.0.0.0"), 8), "v4: delete on empty table is NULL");
	TAP_OK(lpm_insert(&t, A("10.0.0.0"), 8, V(8), &old) == 0 && !old,
	       "v4: insert /8, old is NULL");
	TAP_OK(lpm_insert(&t, A("10.1.0.0"), 16, V(16), NULL) == 0, "v4: insert /16");
	TAP_OK(lpm_insert(&t, A("10.1.2.0"), 24, V(24), NULL) == 0, "v4: insert /24");
	TAP_OK(lpm_lookup(&t, A("10.1.2.3")) == V(24), "v4: /24 wins over /16 and /8");
	TAP_OK(lpm_lookup(&t, A("10.1.3.3")) == V(16), "v4: /16 wins outside the /24");
	TAP_OK(lpm_lookup(&t, A("10.2.3.4")) == V(8), "v4: /8 covers the rest");
	TAP_OK(!lpm_lookup(&t, A("11.0.0.1")), "v4: no default: miss");
	TAP_OK(lpm_insert(&t, A("0.0.0.0"), 0, V(100), NULL) == 0, "v4: insert /0");
	TAP_OK(lpm_lookup(&t, A("11.0.0.1")) == V(100), "v4: /0 is the default");
	TAP_OK(lpm_lookup(&t, A("255.255.255.255")) == V(100), "v4: /0 covers 255.255.255.255");
	TAP_OK(lpm_insert(&t, A("10.1.2.3"), 32, V(32), NULL) == 0, "v4: insert /32");
	TAP_OK(lpm_lookup(&t, A("10.1.2.3")) == V(32), "v4: /32 host route hits");
	TAP_OK(lpm_lookup(&t, A("10.1.2.2")) == V(24), "v4: /32 neighbour gets the /24");
	TAP_OK(lpm_insert(&t, A("10.1.2.0"), 24, V(240), &old) == 0 && old == V(24),
	       "v4: replace returns the old value");
	TAP_OK(t.count == 5, "v4: replace does not add (count %u)", t.count);
	TAP_OK(lpm_lookup(&t, A("10.1.2.9")) == V(240), "v4: replaced value is looked up");
	TAP_OK(lpm_get(&t, A("10.1.0.0"), 16) == V(16), "v4: get exact /16");
	TAP_OK(!lpm_get(&t, A("10.1.0.0"), 17), "v4: get /17 not stored is NULL");
	TAP_OK(!lpm_get(&t, A("10.0.0.0"), 9), "v4: get does not match covering prefixes");
	TAP_OK(lpm_get(&t, A("10.99.1.2"), 8) == V(8), "v4: get ignores bits past plen");
	TAP_OK(lpm_delete(&t, A("10.1.2.0"), 24) == V(240), "v4: delete /24 returns value");
	TAP_OK(lpm_lookup(&t, A("10.1.2.9")) == V(16), "v4: delete restores the covering /16");
	TAP_OK(lpm_lookup(&t, A("10.1.2.3")) == V(32), "v4: /32 survives the /24 delete");
	TAP_OK(!lpm_delete(&t, A("10.1.2.0"), 24), "v4: second delete is NULL");
	TAP_OK(!lpm_delete(&t, A("10.1.0.0"), 15), "v4: delete wrong plen is NULL");
	TAP_OK(!lpm_delete(&t, A("10.7.0.0"), 16), "v4: delete missing /16 is NULL");
	TAP_OK(lpm_insert(&t, A("192.168.77.99"), 16, V(1616), NULL) == 0,
	       "v4: insert with host bits set");
	TAP_OK(lpm_lookup(&t, A("192.168.1.1")) == V(1616), "v4: bits past plen ignored");
	TAP_OK(lpm_delete(&t, A("192.168.0.0"), 16) == V(1616),
	       "v4: delete with the masked key");
	TAP_OK(invariants(&t, true), "v4: invariants hold");
	TAP_OK(lpm_delete(&t, A("10.1.2.3"), 32) == V(32) &&
	       lpm_delete(&t, A("10.1.0.0"), 16) == V(16) &&
	       lpm_delete(&t, A("10.0.0.0"), 8) == V(8) &&
	       lpm_delete(&t, A("0.0.0.0"), 0) == V(100), "v4: delete all");
	TAP_OK(t.count == 0 && t.bytes == 0 && !WDEREF(t.root),
	       "v4: empty again, bytes %zu", t.bytes);

	/* The root stays at depth 0 when left with one child. */
	lpm_insert(&t, A("10.0.0.0"), 8, V(8), NULL);
	lpm_insert(&t, A("10.1.2.0"), 24, V(24), NULL);
	lpm_delete(&t, A("10.0.0.0"), 8);
	TAP_OK(invariants(&t, true) && lpm_insert(&t, A("11.0.0.0"), 8, V(11), NULL) == 0 &&
	       lpm_lookup(&t, A("11.1.1.1")) == V(11) && lpm_lookup(&t, A("10.1.2.1")) == V(24) &&
	       invariants(&t, true), "v4: root with a single child");
	lpm_delete(&t, A("11.0.0.0"), 8);
	lpm_insert(&t, A("12.1.2.0"), 24, V(12), NULL);
	lpm_delete(&t, A("12.1.2.0"), 24);
	TAP_OK(invariants(&t, true) && lpm_insert(&t, A("11.0.0.0"), 8, V(11), NULL) == 0 &&
	       lpm_lookup(&t, A("11.1.1.1")) == V(11) && lpm_lookup(&t, A("10.1.2.1")) == V(24) &&
	       invariants(&t, true), "v4: root losing one of two children");
	lpm_destroy(&t, NULL);
}

static void test_basic_v6(void)
{
	struct lpm_table t;
	void *old = NULL;

	lpm_init(&t, 128);
	TAP_OK(lpm_insert(&t, A("2001:db8::"), 32, V(32), NULL) == 0, "v6: insert /32");
	TAP_OK(lpm_insert(&t, A("2001:db8:1::"), 48, V(48), NULL) == 0, "v6: insert /48");
	TAP_OK(lpm_insert(&t, A("2001:db8:1:2::"), 64, V(64), NULL) == 0, "v6: insert /64");
	TAP_OK(lpm_insert(&t, A("2001:db8:1:2::1"), 128, V(128), NULL) == 0,
	       "v6: insert /128");
	TAP_OK(lpm_lookup(&t, A("2001:db8:1:2::1")) == V(128), "v6: /128 host route hits");
	TAP_OK(lpm_lookup(&t, A("2001:db8:1:2::2")) == V(64), "v6: /64 next to the /128");
	TAP_OK(lpm_lookup(&t, A("2001:db8:1:3::1")) == V(48), "v6: /48");
	TAP_OK(lpm_lookup(&t, A("2001:db8:2::1")) == V(32), "v6: /32");
	TAP_OK(!lpm_lookup(&t, A("2001:db9::1")), "v6: miss outside");
	TAP_OK(lpm_insert(&t, A("::"), 0, V(1), NULL) == 0, "v6: insert ::/0");
	TAP_OK(lpm_lookup(&t, A("2001:db9::1")) == V(1), "v6: ::/0 default");
	TAP_OK(lpm_insert(&t, A("2001:db8:1::"), 48, V(480), &old) == 0 && old == V(48),
	       "v6: replace returns the old value");
	TAP_OK(lpm_insert(&t, A("2001:db8:1:2:ffff::"), 63, V(63), NULL) == 0,
	       "v6: insert /63 with host bits");
	TAP_OK(lpm_get(&t, A("2001:db8:1:2::"), 63) == V(63), "v6: get /63");
	TAP_OK(lpm_delete(&t, A("2001:db8:1:2::"), 64) == V(64), "v6: delete /64");
	TAP_OK(lpm_lookup(&t, A("2001:db8:1:2::2")) == V(63), "v6: /63 covers after delete");
	TAP_OK(lpm_lookup(&t, A("2001:db8:1:2::1")) == V(128), "v6: /128 still there");
	TAP_OK(!lpm_delete(&t, A("2001:db8:1:2::"), 64), "v6: delete missing is NULL");
	TAP_OK(lpm_insert(&t, A("2001:db8:1:2::"), 127, V(127), NULL) == 0, "v6: insert /127");
	TAP_OK(lpm_lookup(&t, A("2001:db8:1:2::")) == V(127), "v6: /127 hits");
	TAP_OK(invariants(&t, true), "v6: invariants hold");
	lpm_destroy(&t, NULL);
	TAP_OK(t.count == 0 && t.bytes == 0, "v6: destroy frees everything");
}

static void test_invalid(void)
{
	struct lpm_table t;
	size_t bytes;

	lpm_init(&t, 32);
	lpm_insert(&t, A("10.0.0.0"), 8, V(8), NULL);
	bytes = t.bytes;
	TAP_OK(lpm_insert(&t, A("10.0.0.0"), 33, V(1), NULL) == -EINVAL,
	       "invalid: v4 /33 is -EINVAL");
	TAP_OK(lpm_insert(&t, A("10.0.0.0"), 16, NULL, NULL) == -EINVAL,
	       "invalid: NULL value is -EINVAL");
	TAP_OK(!lpm_delete(&t, A("10.0.0.0"), 33) && !lpm_get(&t, A("10.0.0.0"), 33),
	       "invalid: delete/get /33 are NULL");
	TAP_OK(t.count == 1 && t.bytes == bytes && lpm_lookup(&t, A("10.0.0.1")) == V(8),
	       "invalid: table unchanged");
	lpm_destroy(&t, NULL);

	lpm_init(&t, 128);
	TAP_OK(lpm_insert(&t, A("::1"), 129, V(1), NULL) == -EINVAL,
	       "invalid: v6 /129 is -EINVAL");
	TAP_OK(t.count == 0 && t.bytes == 0 && !WDEREF(t.root), "invalid: v6 table unchanged");
	lpm_destroy(&t, NULL);
}

static void test_walk(void)
{
	static const struct { const char *a; int plen; } p[] = {
		{ "10.0.0.0", 8 }, { "10.0.0.0", 16 }, { "10.0.0.0", 24 },
		{ "10.0.0.0", 32 }, { "10.0.0.128", 25 }, { "10.1.0.0", 16 },
		{ "9.255.255.255", 32 }, { "0.0.0.0", 0 }, { "128.0.0.0", 1 },
		{ "10.0.0.1", 32 }, { "11.0.0.0", 8 }, { "255.255.255.0", 24 },
	};
	struct ref_entry e[32];
	struct collect c = { .bits = 32, .max = 32, .e = e };
	struct lpm_table t;
	struct ref *r = calloc(1, sizeof(*r));
	unsigned int i;
	bool ok = true;

	r->bits = 32;
	lpm_init(&t, 32);
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		lpm_insert(&t, A(p[i].a), p[i].plen, V(i + 1), NULL);
		ref_set(r, A(p[i].a), p[i].plen, V(i + 1));
	}
	TAP_OK(walk_matches(&t, r, NULL, -1), "walk: all, in (key, plen) order");
	for (i = 0; i < r->n; i++)
		ok &= walk_matches(&t, r, r->e[i].key, r->e[i].plen);
	TAP_OK(ok, "walk: resumes after each stored prefix");
	TAP_OK(walk_matches(&t, r, A("10.0.0.0"), 12) &&
	       walk_matches(&t, r, A("10.0.0.64"), 26) &&
	       walk_matches(&t, r, A("10.0.0.0"), 32) &&
	       walk_matches(&t, r, A("255.255.255.255"), 32) &&
	       walk_matches(&t, r, A("0.0.0.0"), 0),
	       "walk: resumes after cursors not in the table");
	c.stop_after = 3;
	TAP_OK(lpm_walk(&t, NULL, -1, collect_fn, &c) == 7 && c.n == 3,
	       "walk: stops when fn returns non-zero, returning it");
	lpm_destroy(&t, NULL);
	c.n = 0;
	TAP_OK(lpm_walk(&t, NULL, -1, collect_fn, &c) == 0 && c.n == 0, "walk: empty table");
	free(r);
}

static int freed[64];

static void free_counter(void *v)
{
	freed[(int *)v - freed]++;
}

static void test_destroy(void)
{
	struct lpm_table t;
	unsigned int i;
	char a[32];
	bool ok = true;

	lpm_init(&t, 32);
	for (i = 0; i < 64; i++) {
		snprintf(a, sizeof(a), "10.%u.%u.0", i % 5, i);
		lpm_insert(&t, A(a), 16 + i % 17, &freed[i], NULL);
	}
	/* Delete one, replace one: those values are the caller's again. */
	lpm_delete(&t, A("10.0.0.0"), 16);
	lpm_insert(&t, A("10.1.1.0"), 17, &freed[0], NULL);
	lpm_destroy(&t, free_counter);
	for (i = 0; i < 64; i++)
		ok &= freed[i] == (i != 1);
	TAP_OK(ok, "destroy: free_value called once per stored value");
	TAP_OK(t.count == 0 && t.bytes == 0 && !WDEREF(t.root), "destroy: table empty");
}

/*
 * Leaves above /16 with the directory on: a lone long prefix under a /8
 * is a leaf of the root, and the directory entry of its /16 points to the
 * root; rebuilding the root (the leaf becoming a node, and back) must
 * move that entry along.
 */
static void test_dir_leaf(void)
{
	struct lpm_table t;
	unsigned int i;
	char a[32];
	bool ok = true;

	dir_on = 64;
	lpm_init(&t, 32);
	for (i = 0; i < 64; i++) {
		snprintf(a, sizeof(a), "10.%u.%u.0", i, i);
		lpm_insert(&t, A(a), 24, V(i + 1), NULL);
	}
	lpm_insert(&t, A("5.1.2.0"), 24, V(100), NULL);
	TAP_OK(WDEREF(t.dir) && child_plen(WDEREF(t.root), 0) == 24 &&
	       invariants(&t, true), "dir leaf: a lone /24 under 5/8 is a leaf of the root");
	TAP_OK(lpm_lookup(&t, A("5.1.2.77")) == V(100) && !lpm_lookup(&t, A("5.1.3.1")) &&
	       !lpm_lookup(&t, A("5.2.2.1")) && lpm_lookup(&t, A("10.3.3.1")) == V(4),
	       "dir leaf: lookups through the directory");
	ok &= lpm_insert(&t, A("5.1.9.0"), 24, V(101), NULL) == 0 && invariants(&t, true) &&
	      lpm_lookup(&t, A("5.1.2.1")) == V(100) && lpm_lookup(&t, A("5.1.9.1")) == V(101);
	ok &= lpm_insert(&t, A("5.200.0.0"), 20, V(102), NULL) == 0 && invariants(&t, true) &&
	      lpm_lookup(&t, A("5.200.15.1")) == V(102) && lpm_lookup(&t, A("5.1.9.1")) == V(101);
	ok &= lpm_delete(&t, A("5.1.9.0"), 24) == V(101) && invariants(&t, true) &&
	      lpm_lookup(&t, A("5.1.2.1")) == V(100) && !lpm_lookup(&t, A("5.1.9.1"));
	ok &= lpm_delete(&t, A("5.200.0.0"), 20) == V(102) && invariants(&t, true) &&
	      child_plen(WDEREF(t.root), 0) == 24 && lpm_lookup(&t, A("5.1.2.1")) == V(100);
	ok &= lpm_insert(&t, A("5.1.2.0"), 25, V(103), NULL) == 0 && invariants(&t, true) &&
	      lpm_lookup(&t, A("5.1.2.1")) == V(103) && lpm_lookup(&t, A("5.1.2.200")) == V(100);
	ok &= lpm_delete(&t, A("5.1.2.0"), 24) == V(100) && invariants(&t, true) &&
	      child_plen(WDEREF(t.root), 0) == 25 && !lpm_lookup(&t, A("5.1.2.200"));
	TAP_OK(ok, "dir leaf: leaf to node and back, entries follow");
	lpm_destroy(&t, NULL);
	TAP_OK(t.bytes == 0, "dir leaf: destroy frees everything");
}

/*
 * Long leaves: IPv6 prefixes too long for a record's 56 key bits, in an
 * lpm_long.  Each step is checked against the reference; the expected
 * number of long leaves says which form each leaf took: a leaf moved
 * deeper by a split may fit its record again, moved up by a delete it may
 * need an lpm_long again.  With failures, any allocation may fail.
 */
static const struct long_step {
	char op;		/* '+' insert or replace, '-' delete */
	const char *a;
	int plen, val;
	unsigned int nlong;	/* long leaves after, without failures */
	const char *what;
} long_steps[] = {
	{ '+', "2001:db8:1:2::1", 128, 1, 1, "/128 alone: a long leaf of the root" },
	{ '+', "2002:1:2:3:4:5::", 96, 2, 2, "/96 alone: long" },
	{ '+', "2003:1:2:3:4:5:6:8", 127, 3, 3, "/127 alone: long" },
	{ '+', "2001:1::", 32, 4, 3, "/128 moves under a /16 node, still long" },
	{ '+', "2002:ff::", 32, 5, 3, "/96 under a /16 node: long" },
	{ '+', "2001:db8:1:3::", 64, 6, 3, "/64 a prefix of a new node at 56, /128 below it" },
	{ '+', "2001:db8:1:2:80::", 88, 7, 2, "split at 72: the /128 fits its record" },
	{ '+', "2001:db8:1:2::1", 128, 11, 2, "replace the /128 while short" },
	{ '-', "2001:db8:1:2:80::", 88, 0, 3, "delete the /88: the /128 long again" },
	{ '-', "2001:db8:1:3::", 64, 0, 3, "delete the /64: node at 56 gives way to the /128" },
	{ '+', "2001:db8:1:2::1", 128, 12, 3, "replace a long leaf" },
	{ '+', "2003:1:2:3:4:5:6:8", 127, 13, 3, "replace a long leaf of the root" },
	{ '+', "2001:db8:1:2::", 127, 8, 2, "second prefix: the long leaf becomes a node" },
	{ '-', "2001:db8:1:2::1", 128, 0, 3, "delete the /128: the /127 a long leaf" },
	{ '+', "2001:db8:1:2::1", 128, 9, 2, "and a node again" },
	{ '-', "2001:db8:1:2::", 127, 0, 3, "delete the /127: the /128 a long leaf again" },
	{ '+', "2002:1:2:3:4:5::", 95, 10, 2, "a /95 with the /96: a node at 88 holds both" },
	{ '-', "2002:1:2:3:4:5::", 96, 0, 3, "delete the /96: the /95 long" },
	{ '-', "2001:db8:1:2::1", 128, 0, 2, "delete a long leaf" },
	{ '-', "2003:1:2:3:4:5:6:8", 127, 0, 1, "delete a long leaf of the root" },
	{ '-', "2002:1:2:3:4:5::", 95, 0, 0, "delete the last long leaf" },
};

/* Lookups around each step's prefix, and exact gets, match the reference. */
static bool long_lookups_ok(const struct lpm_table *t, const struct ref *r)
{
	static const int flip[] = { -1, 127, 126, 100, 90, 80, 70, 63, 60, 50, 20 };
	unsigned int i, f;
	u8 k[16];
	bool ok = true;

	for (i = 0; i < sizeof(long_steps) / sizeof(long_steps[0]); i++) {
		for (f = 0; f < sizeof(flip) / sizeof(flip[0]); f++) {
			memcpy(k, A(long_steps[i].a), 16);
			if (flip[f] >= 0)
				k[flip[f] / 8] ^= 0x80 >> (flip[f] % 8);
			ok &= lpm_lookup(t, k) == ref_lookup(r, k);
		}
	}
	for (i = 0; i < r->n; i++)
		ok &= lpm_get(t, r->e[i].key, r->e[i].plen) == r->e[i].val;
	return ok;
}

static void test_long_leaves(bool dir, bool failures)
{
	struct ref *r = calloc(1, sizeof(*r));
	unsigned int i, n, bad = 0, bad_long = 0, nfail = 0;
	const struct long_step *s;
	struct lpm_table t;
	char a[32], name[64];
	size_t bytes;
	void *v;
	int j;

	snprintf(name, sizeof(name), "long leaves%s%s", dir ? ", directory" : "",
		 failures ? ", alloc failures" : "");
	r->bits = 128;
	dir_on = dir ? 64 : ~0U;
	lpm_init(&t, 128);
	/* Enough prefixes elsewhere for the directory. */
	for (i = 0; i < 64; i++) {
		snprintf(a, sizeof(a), "3000:%x::", i);
		lpm_insert(&t, A(a), 32, V(1000 + i), NULL);
		ref_set(r, A(a), 32, V(1000 + i));
	}
	TAP_OK(!WDEREF(t.dir) == !dir, "%s: directory %s", name, dir ? "on" : "off");
	for (i = 0; i < sizeof(long_steps) / sizeof(long_steps[0]); i++) {
		s = &long_steps[i];
		j = ref_find(r, A(s->a), s->plen);
		if (s->op == '+') {
			/* Each allocation failing in turn leaves the table unchanged. */
			for (n = 1; failures && n < 8; n++) {
				bytes = t.bytes;
				lpm_fail_alloc_in = n;
				if (lpm_insert(&t, A(s->a), s->plen, V(s->val), &v) != -ENOMEM)
					break;
				nfail++;
				bad += t.bytes != bytes || t.count != r->n ||
				       !long_lookups_ok(&t, r) || !walk_matches(&t, r, NULL, -1) ||
				       !invariants(&t, false);
			}
			if (!failures || n == 8) {
				lpm_fail_alloc_in = 0;
				bad += lpm_insert(&t, A(s->a), s->plen, V(s->val), &v) != 0;
			}
			lpm_fail_alloc_in = 0;
			bad += v != (j < 0 ? NULL : r->e[j].val);
			ref_set(r, A(s->a), s->plen, V(s->val));
		} else {
			/* A delete whose allocations fail leaves a tombstone. */
			lpm_fail_alloc_in = failures ? 1 + i % 3 : 0;
			bad += j < 0 || lpm_delete(&t, A(s->a), s->plen) != r->e[j].val;
			lpm_fail_alloc_in = 0;
			if (j >= 0)
				ref_del(r, j);
		}
		bad += t.count != r->n || !long_lookups_ok(&t, r) ||
		       !walk_matches(&t, r, NULL, -1) || !invariants(&t, !failures);
		if (!failures && inv_long != s->nlong) {
			bad_long++;
			printf("# %s: step %u (%s): %u long leaves, %u expected\n",
			       name, i, s->what, inv_long, s->nlong);
		}
	}
	TAP_OK(!bad, "%s: %u steps match the reference", name, i);
	if (failures)
		TAP_OK(nfail > 10, "%s: %u inserts failed with -ENOMEM", name, nfail);
	else
		TAP_OK(!bad_long, "%s: long leaves where expected", name);
	while (r->n) {
		bad += lpm_delete(&t, r->e[0].key, r->e[0].plen) != r->e[0].val;
		ref_del(r, 0);
	}
	lpm_destroy(&t, NULL);
	TAP_OK(!bad && t.bytes == 0, "%s: emptied, bytes %zu", name, t.bytes);
	free(r);
}

/* lpm_clear(): each value handed back once, nothing left, table reusable. */
static unsigned int cleared[4096];
static bool stored[4096];

static int mark_stored(const u8 *key, u8 plen, void *value, void *arg)
{
	(void)key;
	(void)plen;
	(void)arg;
	stored[(uintptr_t)value - 1] = true;
	return 0;
}

static void count_cleared(void *value, void *arg)
{
	cleared[(uintptr_t)value - 1]++;
	(*(unsigned int *)arg)++;
}

static void test_clear(unsigned int bits)
{
	unsigned int i, count, calls = 0;
	struct lpm_table t;
	bool ok = true;
	u8 k[16];

	dir_on = 64;
	memset(cleared, 0, sizeof(cleared));
	lpm_init(&t, bits);
	for (i = 0; i < 4096; i++) {
		memset(k, 0, sizeof(k));
		k[0] = i * 37;
		k[1] = i >> 3;
		k[bits / 8 - 1] = i;
		ok &= lpm_insert(&t, k, i % 4 ? bits - i % 3 * 8 : 8 + i % 24,
				 V(i + 1), NULL) == 0;
	}
	count = t.count;
	ok &= count > 2000 && WDEREF(t.dir);
	memset(stored, 0, sizeof(stored));
	lpm_walk(&t, NULL, -1, mark_stored, NULL);
	lpm_clear(&t, count_cleared, &calls);
	for (i = 0; i < 4096; i++)
		ok &= cleared[i] == stored[i];
	TAP_OK(ok && calls == count,
	       "clear v%d: each of %u values handed back once", bits == 32 ? 4 : 6, calls);
	TAP_OK(!t.count && !t.bytes && !WDEREF(t.root) && !WDEREF(t.dir) &&
	       !lpm_lookup(&t, k), "clear v%d: empty, no memory held", bits == 32 ? 4 : 6);
	TAP_OK(lpm_insert(&t, k, bits, V(1), NULL) == 0 && lpm_lookup(&t, k) == V(1) &&
	       invariants(&t, true), "clear v%d: the table is usable again", bits == 32 ? 4 : 6);
	lpm_clear(&t, NULL, NULL);
	TAP_OK(!t.count && !t.bytes, "clear v%d: without a callback", bits == 32 ? 4 : 6);
}

/* ---- randomized ---- */

static u64 rng = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Keys near a few bases, so that prefixes nest, share paths and split. */
static void rnd_key(unsigned int bits, u8 (*base)[16], u8 *k)
{
	unsigned int i, from = rnd() % (bits + 1);

	memcpy(k, base[rnd() % 16], 16);
	for (i = from; i < bits; i++)
		if (rnd() & 1)
			k[i / 8] ^= 0x80 >> (i % 8);
}

static unsigned int rnd_plen(unsigned int bits)
{
	unsigned int r = rnd() % 256;

	/*
	 * Favour host routes and stride boundaries; keep prefixes of /16
	 * and shorter rare (as in real tables): each resyncs up to 64k
	 * directory entries.
	 */
	if (r < 32)
		return bits;
	if (r < 64)
		return 16 + rnd() % (bits / 8 - 1) * 8;
	if (r < 66)
		return rnd() % 17;
	return 17 + rnd() % (bits - 16);
}

static void test_random(unsigned int bits, unsigned int ops, bool failures, bool dir)
{
	unsigned int i, b, nfail = 0, bad_lookup = 0, bad_op = 0, bad_walk = 0;
	struct ref *r = calloc(1, sizeof(*r));
	u8 base[16][16], k[16], m;
	struct lpm_table t;
	size_t bytes;
	void *v, *old;
	int plen, j, ret;
	char name[64];
	u32 count;

	snprintf(name, sizeof(name), "random v%d%s%s", bits == 32 ? 4 : 6,
		 dir ? ", directory" : "", failures ? ", alloc failures" : "");
	r->bits = bits;
	dir_on = dir ? 64 : ~0U;
	dir_checked = 0;
	for (i = 0; i < 16; i++)
		for (j = 0; j < 16; j++)
			base[i][j] = rnd();
	lpm_init(&t, bits);
	for (i = 0; i < ops; i++) {
		unsigned int op = rnd() % 10;

		rnd_key(bits, base, k);
		plen = rnd_plen(bits);
		if (failures && rnd() % 4 == 0)
			lpm_fail_alloc_in = 1 + rnd() % 3;
		/* The table grows to ~1500 prefixes, then churns. */
		if (op < 4 && r->n < 1500) {
			v = V(i + 1);
			j = ref_find(r, k, plen);
			bytes = t.bytes;
			count = t.count;
			ret = lpm_insert(&t, k, plen, v, &old);
			if (ret == -ENOMEM) {
				nfail++;
				bad_op += bytes != t.bytes || count != t.count;
			} else {
				bad_op += ret || old != (j < 0 ? NULL : r->e[j].val);
				ref_set(r, k, plen, v);
			}
		} else if (op < 7) {
			/* Half of the deletes hit a stored prefix. */
			if (r->n && (rnd() & 1)) {
				j = rnd() % r->n;
				memcpy(k, r->e[j].key, 16);
				plen = r->e[j].plen;
			}
			j = ref_find(r, k, plen);
			v = lpm_delete(&t, k, plen);
			bad_op += v != (j < 0 ? NULL : r->e[j].val);
			if (j >= 0)
				ref_del(r, j);
		} else {
			/* Half of the lookups inside a stored prefix. */
			if (r->n && (rnd() & 1)) {
				j = rnd() % r->n;
				for (b = 0; b < bits; b++) {
					m = 0x80 >> (b % 8);
					if (b < r->e[j].plen ? r->e[j].key[b / 8] & m : rnd() & 1)
						k[b / 8] |= m;
					else
						k[b / 8] &= ~m;
				}
			}
			bad_lookup += lpm_lookup(&t, k) != ref_lookup(r, k);
			if (r->n) {
				j = rnd() % r->n;
				bad_lookup += lpm_get(&t, r->e[j].key, r->e[j].plen) != r->e[j].val;
			}
		}
		lpm_fail_alloc_in = 0;
		bad_op += t.count != r->n;
		if (i % 10000 == 0) {
			bad_walk += !walk_matches(&t, r, NULL, -1);
			if (r->n) {
				j = rnd() % r->n;
				bad_walk += !walk_matches(&t, r, r->e[j].key, r->e[j].plen);
			}
			bad_walk += !invariants(&t, !failures);
		}
	}
	TAP_OK(!bad_op, "%s: %u ops: insert/replace/delete results match (%u bad)",
	       name, ops, bad_op);
	TAP_OK(!bad_lookup, "%s: lookup/get match the reference (%u bad)", name, bad_lookup);
	TAP_OK(!bad_walk, "%s: walks and invariants (%u bad)", name, bad_walk);
	TAP_OK(!dir || dir_checked, "%s: directory checked %u times", name, dir_checked);
	if (failures)
		TAP_OK(nfail > 100, "%s: %u inserts failed with -ENOMEM", name, nfail);
	else
		TAP_OK(r->n > 1000, "%s: table grew to %u prefixes", name, r->n);

	bad_op = 0;
	while (r->n) {
		bad_op += lpm_delete(&t, r->e[0].key, r->e[0].plen) != r->e[0].val;
		ref_del(r, 0);
	}
	TAP_OK(!bad_op && t.count == 0, "%s: delete everything", name);
	if (!failures)
		TAP_OK(t.bytes == 0 && !WDEREF(t.root) && !WDEREF(t.dir),
		       "%s: bytes back to 0 (%zu)", name, t.bytes);
	lpm_destroy(&t, NULL);
	TAP_OK(t.bytes == 0, "%s: destroy frees everything", name);
	free(r);
}

/* Every allocation of an insert failing in turn leaves the table as it was. */
static void test_alloc_failure(void)
{
	static const struct { const char *a; int plen; } p[] = {
		{ "2001:db8::", 32 }, { "2001:db8:1::", 48 }, { "2001:db8:1:2::", 64 },
		{ "2001:db8:1:2::1", 128 }, { "2001:db9::", 48 }, { "::", 0 },
	};
	static const struct { const char *a; int plen; } q[] = {
		{ "2001:db8:1:3::", 64 },	/* split a compressed path */
		{ "2001:db8:1:2:8000::", 65 },	/* new node below an existing one */
		{ "2001:db8:1::", 47 },		/* into an existing node */
		{ "3000::", 4 },		/* into the root */
		{ "2001:db8:1:2::1", 120 },	/* node in the middle of a path */
	};
	struct ref *r = calloc(1, sizeof(*r));
	unsigned int i, n, nfail = 0, ok_cnt = 0;
	bool ok = true, correct = true;
	struct lpm_table t;
	size_t bytes;

	r->bits = 128;
	lpm_init(&t, 128);
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		lpm_insert(&t, A(p[i].a), p[i].plen, V(i + 1), NULL);
		ref_set(r, A(p[i].a), p[i].plen, V(i + 1));
	}
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		for (n = 1; n < 5; n++) {
			bytes = t.bytes;
			lpm_fail_alloc_in = n;
			if (lpm_insert(&t, A(q[i].a), q[i].plen, V(100 + i), NULL) == -ENOMEM) {
				nfail++;
				ok &= t.bytes == bytes && t.count == r->n &&
				      walk_matches(&t, r, NULL, -1) && invariants(&t, true) &&
				      lpm_lookup(&t, A(q[i].a)) == ref_lookup(r, A(q[i].a));
			} else {
				ok_cnt++;
				correct &= lpm_get(&t, A(q[i].a), q[i].plen) == V(100 + i);
				lpm_fail_alloc_in = 0;
				correct &= lpm_delete(&t, A(q[i].a), q[i].plen) == V(100 + i);
				correct &= t.bytes == bytes && invariants(&t, true);
			}
			lpm_fail_alloc_in = 0;
		}
	}
	TAP_OK(nfail >= 5 && ok, "alloc failure: %u failed inserts left the table unchanged",
	       nfail);
	TAP_OK(ok_cnt && correct, "alloc failure: inserts past the failure point work");

	/* A delete whose rebuild cannot be allocated still deletes. */
	lpm_fail_alloc_in = 1;
	correct = lpm_delete(&t, A("2001:db8:1::"), 48) == V(2);
	lpm_fail_alloc_in = 0;
	ref_del(r, ref_find(r, A("2001:db8:1::"), 48));
	correct &= !lpm_get(&t, A("2001:db8:1::"), 48) && t.count == r->n &&
		   lpm_lookup(&t, A("2001:db8:1:5::")) == V(1) &&
		   lpm_lookup(&t, A("2001:db8:1:2::1")) == V(4) &&
		   walk_matches(&t, r, NULL, -1) && invariants(&t, false);
	TAP_OK(correct, "alloc failure: delete leaves a tombstone, lookups correct");
	TAP_OK(lpm_insert(&t, A("2001:db8:1::"), 48, V(48), NULL) == 0 &&
	       lpm_lookup(&t, A("2001:db8:1:5::")) == V(48) && t.count == r->n + 1,
	       "alloc failure: tombstone revived by insert");
	ref_set(r, A("2001:db8:1::"), 48, V(48));
	lpm_fail_alloc_in = 1;
	correct = lpm_delete(&t, A("2001:db9::"), 48) == V(5);
	lpm_fail_alloc_in = 0;
	ref_del(r, ref_find(r, A("2001:db9::"), 48));
	correct &= lpm_lookup(&t, A("2001:db9::1")) == V(6) && walk_matches(&t, r, NULL, -1);
	TAP_OK(correct, "alloc failure: delete of a whole node falls back to a tombstone");
	while (r->n) {
		lpm_delete(&t, r->e[0].key, r->e[0].plen);
		ref_del(r, 0);
	}
	TAP_OK(t.count == 0 && !lpm_lookup(&t, A("2001:db8:1:2::1")), "alloc failure: emptied");
	lpm_destroy(&t, NULL);
	TAP_OK(t.bytes == 0, "alloc failure: destroy frees the tombstones too");
	free(r);
}

int main(void)
{
	TAP_OK(sizeof(struct lpm_node) == 128 && sizeof(struct lpm_rec) == 16,
	       "layout: children start on a line and take a quarter of one");
	test_basic_v4();
	test_basic_v6();
	test_invalid();
	test_walk();
	test_destroy();
	test_alloc_failure();
	test_dir_leaf();
	test_long_leaves(false, false);
	test_long_leaves(true, false);
	test_long_leaves(false, true);
	test_long_leaves(true, true);
	test_clear(32);
	test_clear(128);
	test_random(32, 200000, false, true);
	test_random(128, 200000, false, true);
	test_random(32, 100000, false, false);
	test_random(128, 100000, false, false);
	test_random(32, 100000, true, true);
	test_random(128, 100000, true, true);
	return tap_done();
}
