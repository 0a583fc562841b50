/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Longest-prefix-match table for the map-cache and the EID database.
 *
 * Plain C shared by lisp.ko and user space (unit tests, fuzzing, the
 * micro-benchmark): kernel services come through lpm_platform.h.
 *
 * Concurrency: lpm_lookup() may run concurrently with one writer, with
 * no lock, inside an RCU read-side critical section (softirq in the
 * kernel).  Writers (insert, delete, destroy) must be serialised by the
 * caller, and may sleep (GFP_KERNEL).  Memory a reader may still see is
 * freed after a grace period.  Values are opaque non-NULL pointers owned
 * by the caller; the table never dereferences them.  A value returned by
 * lpm_delete() may still be returned to readers until a grace period.
 */
#ifndef _LISP_LPM_H
#define _LISP_LPM_H

#include "lpm_platform.h"

struct lpm_node;
struct lpm_dir;

struct lpm_table {
	struct lpm_node __rcu *root;
	struct lpm_dir __rcu *dir;	/* index of the top 16 bits, large tables */
	u8 key_bits;		/* 32 (IPv4) or 128 (IPv6) */
	u32 count;		/* prefixes stored */
	size_t bytes;		/* memory held by the table (as requested) */
};

/* key is network byte order, key_bits / 8 bytes long. */
void lpm_init(struct lpm_table *t, u8 key_bits);
/*
 * Insert or replace the value of key/plen (bits past plen are ignored).
 * On replace, *old (if old is not NULL) receives the previous value.
 * Returns 0 or -ENOMEM / -EINVAL (plen too long, value NULL); on error the
 * table is unchanged.  Replacing allocates nothing and cannot fail.
 */
int lpm_insert(struct lpm_table *t, const u8 *key, u8 plen, void *value,
	       void **old);
/* Remove key/plen; returns its value, or NULL if it was not there.  Never fails. */
void *lpm_delete(struct lpm_table *t, const u8 *key, u8 plen);
/* Value of the longest prefix covering key, or NULL.  RCU reader. */
void *lpm_lookup(const struct lpm_table *t, const u8 *key);
/* Value stored for exactly key/plen, or NULL.  RCU reader. */
void *lpm_get(const struct lpm_table *t, const u8 *key, u8 plen);
/*
 * Visit prefixes in (key, plen) order starting after the cursor (from the
 * start if after_key is NULL or after_plen < 0), for dumps that resume:
 * fn gets the key with the bits past plen cleared, returns non-zero to
 * stop, and the walk returns that value.  Writer-side (or with the writer
 * lock held); fn must not modify the table.
 */
typedef int (*lpm_walk_fn)(const u8 *key, u8 plen, void *value, void *arg);
int lpm_walk(const struct lpm_table *t, const u8 *after_key, int after_plen,
	     lpm_walk_fn fn, void *arg);
/*
 * Remove every prefix at once: one store unpublishes the trie, so readers
 * see all of it or nothing; its memory goes after a grace period.  fn (if
 * set) gets each value, which readers may still hold until a grace period.
 * Writer-side; may sleep.  Never fails.
 */
void lpm_clear(struct lpm_table *t, void (*fn)(void *value, void *arg), void *arg);
/* lpm_clear(), calling free_value (if set) on each value. Writer-side. */
void lpm_destroy(struct lpm_table *t, void (*free_value)(void *));

#endif /* _LISP_LPM_H */
