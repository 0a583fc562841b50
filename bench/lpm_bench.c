// SPDX-License-Identifier: GPL-2.0
/*
 * Micro-benchmark of the LPM table (kmod/lpm.c built in user space).
 *
 * Random prefixes with lengths drawn as in a real BGP table, uniformly
 * random addresses.  Lookups run in batches of BATCH independent lookups
 * (as a receive loop does back to back): the figure is the median over
 * NBATCH batches of the time per lookup.  Baseline, same prefixes and
 * addresses: a plain one-bit-at-a-time binary trie.
 *
 *   lpm_bench [-q]              -q: 1k and 100k only
 *   lpm_bench 4|6 PREFIXES [-n] one family and size; -n: no baseline
 *   lpm_bench -p 4|6 PREFIXES   for instruction counts under callgrind:
 *                               one pass of NBATCH * BATCH / 10 lookups
 *                               each in lookups_rnd() and lookups_hit(),
 *                               after as many to warm the simulated caches
 *                               (bench/lpm_profile.sh)
 *   lpm_bench -f 4|6 PREFIXES   emptying the table: lisp_mc_flush()'s old
 *                               loop (walk from the start to collect 64,
 *                               delete them, again) against lpm_clear()
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../kmod/lpm.h"

/* Under callgrind --instr-atstart=no, -p instruments only the lookups. */
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#define BATCH	1000
#define NBATCH	1000

struct pfx {
	u8 key[16];
	u8 plen;
};

/* Prefix length distributions: { length, weight }. */
static const u16 v4_len[][2] = {
	{ 8, 1 }, { 10, 1 }, { 12, 2 }, { 13, 2 }, { 14, 4 }, { 15, 6 },
	{ 16, 120 }, { 17, 40 }, { 18, 70 }, { 19, 130 }, { 20, 200 },
	{ 21, 220 }, { 22, 480 }, { 23, 420 }, { 24, 2900 }, { 25, 4 },
	{ 26, 4 }, { 27, 3 }, { 28, 3 }, { 29, 3 }, { 30, 3 }, { 32, 5 },
};

static const u16 v6_len[][2] = {
	{ 16, 1 }, { 20, 1 }, { 24, 3 }, { 28, 10 }, { 29, 40 }, { 30, 5 },
	{ 32, 130 }, { 33, 15 }, { 34, 10 }, { 35, 5 }, { 36, 40 },
	{ 40, 60 }, { 42, 10 }, { 44, 70 }, { 45, 5 }, { 46, 20 },
	{ 47, 30 }, { 48, 450 }, { 52, 5 }, { 56, 20 }, { 60, 5 },
	{ 64, 40 }, { 96, 2 }, { 112, 2 }, { 127, 2 }, { 128, 20 },
};

static u64 rng_state = 0x2545f4914f6cdd1dULL;

static u64 rnd(void)
{
	u64 x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static void rnd_bytes(u8 *b, unsigned int n)
{
	u64 r = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (i % 8 == 0)
			r = rnd();
		b[i] = r >> (8 * (i % 8));
	}
}

static unsigned int rnd_plen(const u16 (*dist)[2], unsigned int n)
{
	unsigned int i, total = 0, r;

	for (i = 0; i < n; i++)
		total += dist[i][1];
	r = rnd() % total;
	for (i = 0; r >= dist[i][1]; i++)
		r -= dist[i][1];
	return dist[i][0];
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ---- baseline: binary trie, one node per key bit ---- */

struct btrie {
	u32 (*node)[3];		/* child[0], child[1], value index + 1 */
	u32 n, cap;
};

static u32 bt_new(struct btrie *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->node = realloc(b->node, b->cap * sizeof(*b->node));
		if (!b->node)
			abort();
	}
	memset(b->node[b->n], 0, sizeof(b->node[0]));
	return b->n++;
}

static void bt_insert(struct btrie *b, const u8 *key, unsigned int plen, u32 val)
{
	u32 n = 0, bit, c;
	unsigned int i;

	if (!b->n)
		bt_new(b);
	for (i = 0; i < plen; i++) {
		bit = (key[i / 8] >> (7 - i % 8)) & 1;
		if (!b->node[n][bit]) {
			c = bt_new(b);
			b->node[n][bit] = c;
		}
		n = b->node[n][bit];
	}
	b->node[n][2] = val + 1;
}

static u32 bt_lookup(const struct btrie *b, const u8 *key, unsigned int bits)
{
	u32 n = 0, best = 0;
	unsigned int i = 0;

	for (;;) {
		if (b->node[n][2])
			best = b->node[n][2];
		if (i == bits)
			break;
		n = b->node[n][(key[i / 8] >> (7 - i % 8)) & 1];
		i++;
		if (!n)
			break;
	}
	return best;
}

/* ---- measurement ---- */

static volatile uintptr_t sink;

static double median_lpm(const struct lpm_table *t, const u8 *addr, unsigned int ab)
{
	static double ns[NBATCH];
	unsigned int b, i;
	uintptr_t acc = 0;
	double t0;

	for (b = 0; b < NBATCH; b++) {
		const u8 *a = addr + (size_t)b * BATCH * ab;

		t0 = now_ns();
		for (i = 0; i < BATCH; i++)
			acc ^= (uintptr_t)lpm_lookup(t, a + i * ab);
		ns[b] = (now_ns() - t0) / BATCH;
	}
	sink = acc;
	qsort(ns, NBATCH, sizeof(ns[0]), dcmp);
	return ns[NBATCH / 2];
}

static double median_bt(const struct btrie *bt, const u8 *addr, unsigned int ab)
{
	static double ns[NBATCH];
	unsigned int b, i;
	uintptr_t acc = 0;
	double t0;

	for (b = 0; b < NBATCH; b++) {
		const u8 *a = addr + (size_t)b * BATCH * ab;

		t0 = now_ns();
		for (i = 0; i < BATCH; i++)
			acc ^= bt_lookup(bt, a + i * ab, ab * 8);
		ns[b] = (now_ns() - t0) / BATCH;
	}
	sink = acc;
	qsort(ns, NBATCH, sizeof(ns[0]), dcmp);
	return ns[NBATCH / 2];
}

/*
 * One pass, no timing: callgrind --toggle-collect=lookups_* counts these.
 * noipa: the compiler would otherwise merge the three identical bodies.
 */
#if __has_attribute(noipa)
#define PROFILED	__attribute__((noipa))
#else
#define PROFILED	__attribute__((noinline))
#endif

static PROFILED uintptr_t lookups(const struct lpm_table *t, const u8 *addr,
				  size_t n, unsigned int ab)
{
	uintptr_t acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc ^= (uintptr_t)lpm_lookup(t, addr + i * ab);
	return acc;
}

/* Named for callgrind's --toggle-collect; the warm-up is not collected. */
static PROFILED uintptr_t lookups_warm(const struct lpm_table *t, const u8 *addr,
				       size_t n, unsigned int ab)
{
	return lookups(t, addr, n, ab);
}

static PROFILED uintptr_t lookups_rnd(const struct lpm_table *t, const u8 *addr,
				      size_t n, unsigned int ab)
{
	return lookups(t, addr, n, ab);
}

static PROFILED uintptr_t lookups_hit(const struct lpm_table *t, const u8 *addr,
				      size_t n, unsigned int ab)
{
	return lookups(t, addr, n, ab);
}

/* ---- emptying a table ---- */

#define FLUSH_BATCH	64

struct flush_batch {
	struct pfx p[FLUSH_BATCH];
	unsigned int n;
};

static int flush_collect(const u8 *key, u8 plen, void *value, void *arg)
{
	struct flush_batch *b = arg;

	(void)value;
	memcpy(b->p[b->n].key, key, 16);
	b->p[b->n++].plen = plen;
	return b->n == FLUSH_BATCH;
}

static void fill(struct lpm_table *t, unsigned int bits, const struct pfx *p,
		 unsigned int n)
{
	unsigned int i;

	lpm_init(t, bits);
	for (i = 0; i < n; i++)
		if (lpm_insert(t, p[i].key, p[i].plen, (void *)(uintptr_t)(i + 1), NULL))
			abort();
}

/*
 * Time per deleted prefix over the first and the last tenth of the old
 * loop tells quadratic (the walk to the first prefix grows) from slow.
 */
static void flush_bench(unsigned int bits, const struct pfx *p, unsigned int n)
{
	double t0, t_first = 0, t_last0 = 0, t_all, t_clear;
	unsigned int done = 0, tenth, i, last_from;
	struct flush_batch b;
	struct lpm_table t;
	u32 count;

	fill(&t, bits, p, n);
	count = t.count;
	tenth = count / 10;
	last_from = count - tenth;

	t0 = now_ns();
	do {
		if (!t_last0 && done >= last_from)
			t_last0 = now_ns();
		b.n = 0;
		lpm_walk(&t, NULL, -1, flush_collect, &b);
		for (i = 0; i < b.n; i++)
			if (!lpm_delete(&t, b.p[i].key, b.p[i].plen))
				abort();
		done += b.n;
		if (!t_first && done >= tenth)
			t_first = now_ns() - t0;
	} while (b.n);
	t_all = now_ns() - t0;
	t_last0 = now_ns() - t_last0;
	lpm_destroy(&t, NULL);

	fill(&t, bits, p, n);
	t0 = now_ns();
	lpm_clear(&t, NULL, NULL);
	t_clear = now_ns() - t0;
	if (t.count || t.bytes)
		abort();
	lpm_destroy(&t, NULL);

	printf("%-6s %8u  walk-64/delete %7.2f s (ns/prefix: first tenth %6.0f, last tenth %6.0f)  lpm_clear %6.3f s\n",
	       bits == 32 ? "IPv4" : "IPv6", count, t_all / 1e9, t_first / tenth,
	       t_last0 / tenth, t_clear / 1e9);
}

static void run(unsigned int bits, unsigned int n, bool baseline, bool profile,
		bool flush)
{
	const u16 (*dist)[2] = bits == 32 ? v4_len : v6_len;
	unsigned int nd = bits == 32 ? sizeof(v4_len) / sizeof(v4_len[0]) :
				       sizeof(v6_len) / sizeof(v6_len[0]);
	unsigned int ab = bits / 8, i, j, plen;
	size_t na = (size_t)NBATCH * BATCH;
	u8 *rnd_addr = malloc(na * ab), *hit_addr = malloc(na * ab);
	struct pfx *p = malloc(n * sizeof(*p));
	struct btrie bt = { 0 };
	double t0, ins, m_rnd, m_hit, b_rnd, b_hit;
	struct lpm_table t;

	if (!rnd_addr || !hit_addr || !p)
		abort();
	for (i = 0; i < n; i++) {
		rnd_bytes(p[i].key, ab);
		p[i].plen = rnd_plen(dist, nd);
	}
	rnd_bytes(rnd_addr, na * ab);
	/* Addresses inside stored prefixes: host bits random. */
	rnd_bytes(hit_addr, na * ab);
	for (i = 0; i < na; i++) {
		const struct pfx *q = &p[rnd() % n];
		u8 *a = hit_addr + (size_t)i * ab;

		plen = q->plen;
		memcpy(a, q->key, plen / 8);
		if (plen % 8) {
			j = 0xff00 >> (plen % 8) & 0xff;
			a[plen / 8] = (q->key[plen / 8] & j) | (a[plen / 8] & ~j);
		}
	}

	if (flush) {
		flush_bench(bits, p, n);
		goto out_free;
	}
	t0 = now_ns();
	fill(&t, bits, p, n);
	ins = n / ((now_ns() - t0) / 1e9);
	if (profile) {
		CALLGRIND_START_INSTRUMENTATION;
		sink = lookups_warm(&t, rnd_addr + na / 2 * ab, na / 10, ab);
		sink = lookups_warm(&t, hit_addr + na / 2 * ab, na / 10, ab);
		sink = lookups_rnd(&t, rnd_addr, na / 10, ab);
		sink = lookups_hit(&t, hit_addr, na / 10, ab);
		CALLGRIND_STOP_INSTRUMENTATION;
		printf("%s %u prefixes: %zu lookups each, %.1f bytes/prefix\n",
		       bits == 32 ? "IPv4" : "IPv6", t.count, na / 10,
		       (double)t.bytes / t.count);
		goto out;
	}
	m_rnd = median_lpm(&t, rnd_addr, ab);
	m_hit = median_lpm(&t, hit_addr, ab);

	b_rnd = 0;
	b_hit = 0;
	if (baseline) {
		for (i = 0; i < n; i++)
			bt_insert(&bt, p[i].key, p[i].plen, i);
		b_rnd = median_bt(&bt, rnd_addr, ab);
		b_hit = median_bt(&bt, hit_addr, ab);
	}

	printf("%-6s %8u %7u %8.1f %8.1f %9.2f %7.1f", bits == 32 ? "IPv4" : "IPv6",
	       n, t.count, m_rnd, m_hit, ins / 1e6, (double)t.bytes / t.count);
	if (baseline)
		printf("   %8.1f %8.1f %6.1fx %6.1fx", b_rnd, b_hit, b_rnd / m_rnd, b_hit / m_hit);
	printf("\n");
	fflush(stdout);
out:
	lpm_destroy(&t, NULL);
out_free:
	free(bt.node);
	free(p);
	free(rnd_addr);
	free(hit_addr);
}

int main(int argc, char **argv)
{
	static const unsigned int sizes[] = { 1000, 100000, 1000000 };
	bool quick = argc > 1 && !strcmp(argv[1], "-q");
	unsigned int f, s;

	if (argc == 4 && (!strcmp(argv[1], "-p") || !strcmp(argv[1], "-f"))) {
		run(atoi(argv[2]) == 6 ? 128 : 32, atoi(argv[3]), false,
		    argv[1][1] == 'p', argv[1][1] == 'f');
		return 0;
	}
	/* lpm_bench FAMILY PREFIXES [-n]: one configuration. */
	if (argc >= 3) {
		run(atoi(argv[1]) == 6 ? 128 : 32, atoi(argv[2]), argc == 3, false, false);
		return 0;
	}

	printf("LPM lookup, median ns per lookup over %u batches of %u (random / hitting addresses)\n",
	       NBATCH, BATCH);
	printf("%-6s %8s %7s %8s %8s %9s %7s   %8s %8s %7s %7s\n", "family", "prefixes",
	       "stored", "ns rnd", "ns hit", "Mins/s", "B/pfx", "bt rnd", "bt hit",
	       "x rnd", "x hit");
	for (f = 0; f < 2; f++)
		for (s = 0; s < (quick ? 2 : 3); s++)
			run(f ? 128 : 32, sizes[s], true, false, false);
	printf("bt: baseline binary trie (one bit per node); x: baseline / lpm\n");
	return 0;
}
