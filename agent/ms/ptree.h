/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A path-compressed binary trie of prefixes (a multiset: each prefix has
 * a reference count), for one question the LPM table cannot answer fast:
 * the shortest prefix around an address that holds none of the members,
 * i.e. the EID-prefix of a negative Map-Reply (RFC 9301 8.4: "the least
 * specific prefix that both matches the original query and does not
 * match any EID-Prefix known to exist").
 *
 * Every node is a member (refs > 0) or a branch with two children.
 * Memory: at most 2 nodes per distinct member, 40 bytes each.
 */
#ifndef LISP_MS_PTREE_H
#define LISP_MS_PTREE_H

#include <stdbool.h>
#include <stdint.h>

struct lisp_ms_pnode {
	struct lisp_ms_pnode *child[2];
	uint64_t kw[2];		/* key, host order, bits past plen zero */
	uint32_t refs;		/* times added; 0: branch only */
	uint8_t plen;
};

struct lisp_ms_ptree {
	struct lisp_ms_pnode *root;
	uint8_t bits;		/* 32 or 128 */
	uint32_t nodes;
	uint32_t members;	/* distinct prefixes with refs > 0 */
};

/* key: network byte order, bits / 8 bytes; bits past plen are ignored. */
void lisp_ms_ptree_init(struct lisp_ms_ptree *t, unsigned int bits);
/* 0, or -EINVAL (plen too long), -ENOMEM (the tree is unchanged). */
int lisp_ms_ptree_add(struct lisp_ms_ptree *t, const uint8_t *key,
		      unsigned int plen);
/* 0, or -ENOENT if key/plen is not a member. */
int lisp_ms_ptree_del(struct lisp_ms_ptree *t, const uint8_t *key,
		      unsigned int plen);
/* Is key/plen a member? */
bool lisp_ms_ptree_has(const struct lisp_ms_ptree *t, const uint8_t *key,
		       unsigned int plen);
/*
 * Length L >= min_plen of the shortest prefix key/L that contains no
 * member, members that contain key itself left aside.  0 with no
 * members; at most bits.
 */
unsigned int lisp_ms_ptree_hole(const struct lisp_ms_ptree *t,
				const uint8_t *key, unsigned int min_plen);
void lisp_ms_ptree_destroy(struct lisp_ms_ptree *t);

#endif /* LISP_MS_PTREE_H */
