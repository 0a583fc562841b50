// SPDX-License-Identifier: GPL-2.0
/* Binary patricia trie of prefixes, for negative Map-Reply prefixes. */
#include <errno.h>
#include <stdlib.h>

#include "ptree.h"

static void key_load(const uint8_t *key, unsigned int bits, uint64_t *k)
{
	unsigned int i;

	k[0] = k[1] = 0;
	for (i = 0; i < bits / 8; i++)
		k[i / 8] |= (uint64_t)key[i] << (56 - 8 * (i % 8));
}

static void key_mask(uint64_t *k, unsigned int plen)
{
	if (plen < 64) {
		k[0] &= plen ? ~0ULL << (64 - plen) : 0;
		k[1] = 0;
	} else if (plen < 128) {
		k[1] &= plen > 64 ? ~0ULL << (128 - plen) : 0;
	}
}

/* Leading bits a and b have in common, 128 if equal. */
static unsigned int key_cpl(const uint64_t *a, const uint64_t *b)
{
	if (a[0] != b[0])
		return (unsigned int)__builtin_clzll(a[0] ^ b[0]);
	if (a[1] != b[1])
		return 64 + (unsigned int)__builtin_clzll(a[1] ^ b[1]);
	return 128;
}

/* Bit i of k, counting from the most significant. */
static unsigned int key_bit(const uint64_t *k, unsigned int i)
{
	return (unsigned int)(k[i / 64] >> (63 - i % 64)) & 1;
}

static struct lisp_ms_pnode *node_new(struct lisp_ms_ptree *t,
				      const uint64_t *k, unsigned int plen)
{
	struct lisp_ms_pnode *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->kw[0] = k[0];
	n->kw[1] = k[1];
	key_mask(n->kw, plen);
	n->plen = (uint8_t)plen;
	t->nodes++;
	return n;
}

static void node_free(struct lisp_ms_ptree *t, struct lisp_ms_pnode *n)
{
	t->nodes--;
	free(n);
}

void lisp_ms_ptree_init(struct lisp_ms_ptree *t, unsigned int bits)
{
	t->root = NULL;
	t->bits = (uint8_t)bits;
	t->nodes = 0;
	t->members = 0;
}

static unsigned int min_u(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

int lisp_ms_ptree_add(struct lisp_ms_ptree *t, const uint8_t *key,
		      unsigned int plen)
{
	struct lisp_ms_pnode **link = &t->root, *n, *leaf, *fork;
	unsigned int c = 0;
	uint64_t k[2];

	if (plen > t->bits)
		return -EINVAL;
	key_load(key, t->bits, k);
	key_mask(k, plen);
	while ((n = *link)) {
		c = min_u(key_cpl(k, n->kw), min_u(plen, n->plen));
		if (c < n->plen)
			break;
		if (n->plen == plen) {
			if (!n->refs++)
				t->members++;
			return 0;
		}
		link = &n->child[key_bit(k, n->plen)];	/* n is above */
	}
	leaf = node_new(t, k, plen);
	if (!leaf)
		return -ENOMEM;
	leaf->refs = 1;
	if (n && c == plen) {
		/* The new prefix sits above n. */
		leaf->child[key_bit(n->kw, plen)] = n;
	} else if (n) {
		/* They part at bit c: a branch node holds both. */
		fork = node_new(t, k, c);
		if (!fork) {
			node_free(t, leaf);
			return -ENOMEM;
		}
		fork->child[key_bit(k, c)] = leaf;
		fork->child[key_bit(n->kw, c)] = n;
		leaf = fork;
	}
	*link = leaf;
	t->members++;
	return 0;
}

static struct lisp_ms_pnode *only_child(const struct lisp_ms_pnode *n)
{
	return n->child[0] ? n->child[0] : n->child[1];
}

int lisp_ms_ptree_del(struct lisp_ms_ptree *t, const uint8_t *key,
		      unsigned int plen)
{
	struct lisp_ms_pnode **link = &t->root, **plink = NULL, *n, *p;
	uint64_t k[2];

	if (plen > t->bits)
		return -ENOENT;
	key_load(key, t->bits, k);
	key_mask(k, plen);
	while ((n = *link)) {
		if (n->plen > plen || key_cpl(k, n->kw) < n->plen)
			return -ENOENT;
		if (n->plen == plen)
			break;
		plink = link;
		link = &n->child[key_bit(k, n->plen)];
	}
	if (!n || !n->refs)
		return -ENOENT;
	if (--n->refs)
		return 0;
	t->members--;
	if (n->child[0] && n->child[1])
		return 0;			/* still a branch */
	*link = only_child(n);
	node_free(t, n);
	/* A branch parent left with one child is not needed any more. */
	p = plink ? *plink : NULL;
	if (p && !p->refs && !(p->child[0] && p->child[1])) {
		*plink = only_child(p);
		node_free(t, p);
	}
	return 0;
}

bool lisp_ms_ptree_has(const struct lisp_ms_ptree *t, const uint8_t *key,
		       unsigned int plen)
{
	const struct lisp_ms_pnode *n = t->root;
	uint64_t k[2];

	if (plen > t->bits)
		return false;
	key_load(key, t->bits, k);
	key_mask(k, plen);
	while (n && n->plen <= plen && key_cpl(k, n->kw) >= n->plen) {
		if (n->plen == plen)
			return n->refs > 0;
		n = n->child[key_bit(k, n->plen)];
	}
	return false;
}

/*
 * Walk down along key.  A node that parts from key at bit c < its plen
 * holds members that all share exactly c leading bits with key; a node
 * on key's path has, in its other child, members sharing exactly plen
 * bits.  The deepest such c, plus one, is the shortest prefix of key
 * that excludes them all.  Members on the path contain key: left aside.
 */
unsigned int lisp_ms_ptree_hole(const struct lisp_ms_ptree *t,
				const uint8_t *key, unsigned int min_plen)
{
	const struct lisp_ms_pnode *n = t->root;
	unsigned int c, b, len = 0;	/* deepest parting bit + 1 */
	uint64_t k[2];

	key_load(key, t->bits, k);
	while (n) {
		c = key_cpl(k, n->kw);
		if (c < n->plen) {
			if (c + 1 > len)
				len = c + 1;
			break;
		}
		if (n->plen >= t->bits)
			break;
		b = key_bit(k, n->plen);
		if (n->child[!b])
			len = n->plen + 1u;
		n = n->child[b];
	}
	if (len < min_plen)
		len = min_plen;
	return len > t->bits ? t->bits : len;
}

static void destroy(struct lisp_ms_ptree *t, struct lisp_ms_pnode *n)
{
	if (!n)
		return;
	destroy(t, n->child[0]);
	destroy(t, n->child[1]);
	node_free(t, n);
}

void lisp_ms_ptree_destroy(struct lisp_ms_ptree *t)
{
	destroy(t, t->root);
	t->root = NULL;
	t->members = 0;
}
