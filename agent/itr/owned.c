// SPDX-License-Identifier: GPL-2.0
/*
 * The map-cache entries this ITR installed (issue 11): a Map-Reply may
 * replace or remove only those.  The kernel's entries carry no owner,
 * and "lispd map-cache add" writes to the kernel directly, so the ITR
 * remembers its own: a hash set of (device, prefix), open addressing
 * with linear probing and backward-shift deletion, grown by doubling up
 * to LISP_ITR_OWNED_MAX.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/bits.h"
#include "resolver_priv.h"

#define OWNED_MIN	64

static void key_of(uint32_t dev, const struct lisp_ip *eid, uint8_t plen,
		   struct itr_owned *k)
{
	unsigned int bytes = eid->afi == LISP_AFI_IPV4 ? 4 : 16;

	memset(k, 0, sizeof(*k));
	k->dev = dev;
	k->afi = eid->afi;
	k->plen = plen;
	memcpy(k->addr, eid->addr, bytes);
	prefix_bits_mask(k->addr, bytes, plen);
}

static uint32_t slot_of(const struct itr_owned *k, uint32_t cap)
{
	uint32_t h = FNV1A_INIT;

	h = fnv1a(h, &k->dev, sizeof(k->dev));
	h = fnv1a(h, &k->afi, sizeof(k->afi));
	h = fnv1a(h, &k->plen, sizeof(k->plen));
	h = fnv1a(h, k->addr, sizeof(k->addr));
	return h & (cap - 1);
}

static bool same(const struct itr_owned *a, const struct itr_owned *b)
{
	return a->dev == b->dev && a->afi == b->afi && a->plen == b->plen &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* The slot holding k, or the free slot where it would go. */
static uint32_t find(const struct lisp_itr *itr, const struct itr_owned *k)
{
	uint32_t i = slot_of(k, itr->owned_cap);

	while (itr->owned[i].afi && !same(&itr->owned[i], k))
		i = (i + 1) & (itr->owned_cap - 1);
	return i;
}

static bool has(const struct lisp_itr *itr, const struct itr_owned *k)
{
	return itr->owned_cap && itr->owned[find(itr, k)].afi;
}

static int grow(struct lisp_itr *itr)
{
	uint32_t cap = itr->owned_cap ? itr->owned_cap * 2 : OWNED_MIN;
	struct itr_owned *old = itr->owned;
	uint32_t i, n = itr->owned_cap;

	itr->owned = calloc(cap, sizeof(*itr->owned));
	if (!itr->owned) {
		itr->owned = old;
		return -LISP_ITR_ERR_NOMEM;
	}
	itr->owned_cap = cap;
	for (i = 0; i < n; i++) {
		if (old[i].afi)
			itr->owned[find(itr, &old[i])] = old[i];
	}
	free(old);
	return 0;
}

/* Remove slot i, shifting back the entries its removal cuts off. */
static void del_slot(struct lisp_itr *itr, uint32_t i)
{
	uint32_t mask = itr->owned_cap - 1, j = i, home;

	for (;;) {
		itr->owned[i].afi = 0;
		do {
			j = (j + 1) & mask;
			if (!itr->owned[j].afi) {
				itr->nowned--;
				return;
			}
			home = slot_of(&itr->owned[j], itr->owned_cap);
			/* j stays if its home lies cyclically in (i, j]. */
		} while (i <= j ? (i < home && home <= j) :
				  (i < home || home <= j));
		itr->owned[i] = itr->owned[j];
		i = j;
	}
}

bool lisp_itr_owns(const struct lisp_itr *itr, const struct lisp_itr_map *m)
{
	struct itr_owned k;

	key_of(m->dev, &m->eid, m->plen, &k);
	return has(itr, &k);
}

bool lisp_itr_may_install(struct lisp_itr *itr, const struct lisp_itr_map *m,
			  bool exists)
{
	/* Nothing there: a removal has nothing to do, an entry may go in. */
	if (!exists)
		return !m->remove;
	if (lisp_itr_owns(itr, m))
		return true;
	itr->stats.not_owned++;
	return false;
}

int lisp_itr_installed(struct lisp_itr *itr, const struct lisp_itr_map *m)
{
	struct itr_owned k;
	uint32_t i;
	int err;

	key_of(m->dev, &m->eid, m->plen, &k);
	if (has(itr, &k)) {
		itr->owned[find(itr, &k)].gen = itr->owned_gen;
		return 0;
	}
	if (itr->nowned >= LISP_ITR_OWNED_MAX) {
		itr->stats.owned_full++;
		return -LISP_ITR_ERR_FULL;
	}
	/* At most half full. */
	if ((itr->nowned + 1) * 2 > itr->owned_cap) {
		err = grow(itr);
		if (err) {
			itr->stats.owned_full++;
			return err;
		}
	}
	i = find(itr, &k);
	k.gen = itr->owned_gen;
	itr->owned[i] = k;
	itr->nowned++;
	return 0;
}

void lisp_itr_removed(struct lisp_itr *itr, const struct lisp_itr_map *m)
{
	struct itr_owned k;
	uint32_t i;

	key_of(m->dev, &m->eid, m->plen, &k);
	if (!itr->owned_cap)
		return;
	i = find(itr, &k);
	if (itr->owned[i].afi)
		del_slot(itr, i);
}

unsigned int lisp_itr_nowned(const struct lisp_itr *itr)
{
	return itr->nowned;
}

/*
 * Generations: sweep_begin moves to a new one, seen marks an entry with
 * it, sweep_end drops the entries still in an older one.  An entry
 * installed during the sweep is marked by lisp_itr_installed().
 */
void lisp_itr_owned_sweep_begin(struct lisp_itr *itr)
{
	itr->owned_gen++;
}

void lisp_itr_owned_seen(struct lisp_itr *itr, uint32_t dev,
			 const struct lisp_ip *eid, uint8_t plen)
{
	struct itr_owned k;
	uint32_t i;

	if (!itr->owned_cap || (eid->afi != LISP_AFI_IPV4 &&
				eid->afi != LISP_AFI_IPV6))
		return;
	key_of(dev, eid, plen, &k);
	i = find(itr, &k);
	if (itr->owned[i].afi)
		itr->owned[i].gen = itr->owned_gen;
}

unsigned int lisp_itr_owned_sweep_end(struct lisp_itr *itr)
{
	unsigned int n = 0;
	uint32_t i = 0;

	while (i < itr->owned_cap) {
		if (itr->owned[i].afi && itr->owned[i].gen != itr->owned_gen) {
			/* A shifted-back entry lands in i: look at i again. */
			del_slot(itr, i);
			n++;
			continue;
		}
		i++;
	}
	return n;
}

void itr_owned_free(struct lisp_itr *itr)
{
	free(itr->owned);
	itr->owned = NULL;
	itr->owned_cap = itr->nowned = 0;
}
