// SPDX-License-Identifier: GPL-2.0
/* Token buckets per address in a bounded table: see ratelimit.h. */
#include <stdlib.h>
#include <string.h>

#include "lib/ratelimit.h"

int lisp_rl_init(struct lisp_rl *rl, unsigned int size, uint64_t seed)
{
	unsigned int n = 1;

	memset(rl, 0, sizeof(*rl));
	while (n * LISP_RL_WAYS < size && n < (1u << 24))
		n <<= 1;
	rl->tab = calloc((size_t)n * LISP_RL_WAYS, sizeof(*rl->tab));
	if (!rl->tab)
		return -1;
	rl->nsets = n;
	rl->seed = seed;
	rl->burst = 1;
	return 0;
}

void lisp_rl_free(struct lisp_rl *rl)
{
	free(rl->tab);
	rl->tab = NULL;
	rl->nsets = 0;
}

void lisp_rl_set(struct lisp_rl *rl, uint32_t rate, uint32_t burst)
{
	rl->rate = rate;
	rl->burst = burst ? burst : 1;
}

/*
 * Refill a bucket of @full milli-tokens at @rate a second since *@last_ms,
 * then take one token if there is one.
 */
static bool bucket_take(uint64_t *milli, uint64_t *last_ms, uint32_t rate,
			uint64_t full, uint64_t now_ms)
{
	if (now_ms > *last_ms) {
		*milli += (now_ms - *last_ms) * rate;
		if (*milli > full)
			*milli = full;
		*last_ms = now_ms;
	}
	if (*milli >= 1000) {
		*milli -= 1000;
		return true;
	}
	return false;
}

void lisp_tb_set(struct lisp_tb *tb, uint32_t rate, uint32_t burst)
{
	tb->rate = rate;
	tb->burst = burst ? burst : 1;
	if (tb->milli > (uint64_t)tb->burst * 1000)
		tb->milli = (uint64_t)tb->burst * 1000;
}

bool lisp_tb_allow(struct lisp_tb *tb, uint64_t now_ms)
{
	const uint64_t full = (uint64_t)tb->burst * 1000;

	if (!tb->rate)
		return true;
	if (!tb->primed) {
		tb->primed = true;
		tb->last_ms = now_ms;
		tb->milli = full;
	}
	if (bucket_take(&tb->milli, &tb->last_ms, tb->rate, full, now_ms))
		return true;
	tb->limited++;
	return false;
}

/* FNV-1a over the seed and the address, then a final mix. */
static uint64_t hash(uint64_t seed, const struct lisp_ip *ip)
{
	uint64_t h = 0xcbf29ce484222325ull ^ seed;
	unsigned int i, n = ip->afi == LISP_AFI_IPV4 ? 4 : 16;

	h = (h ^ ip->afi) * 0x100000001b3ull;
	for (i = 0; i < n; i++)
		h = (h ^ ip->addr[i]) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

bool lisp_rl_allow(struct lisp_rl *rl, const struct lisp_ip *ip,
		   uint64_t now_ms)
{
	const uint64_t full = (uint64_t)rl->burst * 1000;
	struct lisp_rl_entry *set, *e = NULL, *old;
	unsigned int i;

	if (!rl->rate || !rl->tab)
		return true;
	set = rl->tab + (hash(rl->seed, ip) & (rl->nsets - 1)) * LISP_RL_WAYS;
	old = set;
	for (i = 0; i < LISP_RL_WAYS; i++) {
		if (set[i].key.afi && lisp_ip_equal(&set[i].key, ip)) {
			e = &set[i];
			break;
		}
		if (!set[i].key.afi ? old->key.afi != 0 :
		    old->key.afi && set[i].last_ms < old->last_ms)
			old = &set[i];
	}
	if (!e) {
		if (old->key.afi)
			rl->evicted++;
		e = old;
		e->key = *ip;
		e->last_ms = now_ms;
		e->milli = full;
	}
	if (bucket_take(&e->milli, &e->last_ms, rl->rate, full, now_ms))
		return true;
	rl->limited++;
	return false;
}
