/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel services lpm.c needs, so that the same file builds into
 * lisp.ko and into user-space tests and benchmarks.
 *
 * lpm_free_rcu() frees after a grace period; objects freed that way embed
 * a struct rcu_head named "rcu".  lpm_free() is for memory no reader ever
 * saw.  Writers may sleep (GFP_KERNEL).
 */
#ifndef _LISP_LPM_PLATFORM_H
#define _LISP_LPM_PLATFORM_H

#ifdef __KERNEL__

#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include "compat.h"

/*
 * Nodes reach ~9 KiB and the directory 1 MiB: vmalloc rather than fail.
 * Charged to the memory cgroup of whoever writes the table.
 */
#define lpm_alloc(size)		kvmalloc(size, GFP_KERNEL_ACCOUNT)
#define lpm_free(p)			kvfree(p)
#define lpm_free_rcu(p)		kvfree_rcu(p, rcu)
#define lpm_cond_resched()	cond_resched()
#define lpm_popcount(x)		hweight64(x)
#define lpm_clz64(x)		(64 - fls64(x))
#define lpm_ctz64(x)		__ffs64(x)
#define lpm_get_be32(p)		get_unaligned_be32(p)
#define lpm_get_be64(p)		get_unaligned_be64(p)

#else /* user space */

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define __rcu
#define BIT(n)			(1UL << (n))
#define noinline		__attribute_noinline__
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define min_t(type, a, b)	({ type _a = (a), _b = (b); _a < _b ? _a : _b; })

/* Same size as the kernel's, so that lpm_table.bytes means the same. */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

#define rcu_dereference(p)		__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define rcu_dereference_protected(p, c)	__atomic_load_n(&(p), __ATOMIC_RELAXED)
#define rcu_assign_pointer(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v)		((p) = (v))

/*
 * Test hook: set lpm_fail_alloc_in to N > 0 and the Nth allocation from
 * now fails (the count then stays at 0).
 */
static inline int *lpm_fail_counter(void)
{
	static int n;

	return &n;
}

#define lpm_fail_alloc_in	(*lpm_fail_counter())

/* Cache-line aligned, as kmalloc() places objects of 192 bytes and up. */
static inline void *lpm_alloc(size_t size)
{
	if (lpm_fail_alloc_in > 0 && --lpm_fail_alloc_in == 0)
		return NULL;
	return aligned_alloc(64, (size + 63) & ~(size_t)63);
}

/* Single-threaded users: nothing can still be reading, free at once. */
#define lpm_free(p)			free(p)
#define lpm_free_rcu(p)		free(p)
#define lpm_cond_resched()	do { } while (0)

static inline unsigned int lpm_popcount(u64 x)
{
	return __builtin_popcountll(x);
}

static inline unsigned int lpm_clz64(u64 x)
{
	return __builtin_clzll(x);
}

static inline unsigned int lpm_ctz64(u64 x)
{
	return __builtin_ctzll(x);
}

static inline u32 lpm_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u64 lpm_get_be64(const u8 *p)
{
	return (u64)lpm_get_be32(p) << 32 | lpm_get_be32(p + 4);
}

#endif /* __KERNEL__ */

#endif /* _LISP_LPM_PLATFORM_H */
