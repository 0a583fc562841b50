// SPDX-License-Identifier: GPL-2.0
/*
 * Negative Map-Reply prefixes: the prefix tree (agent/ms/ptree.c) against
 * a brute-force reference and the definition, then the Map-Server's
 * answers (lisp_ms_match) for non-EIDs and unregistered EIDs, IPv4 and
 * IPv6.
 */
#include <arpa/inet.h>
#include <errno.h>

#include "ms/ptree.h"
#include "ms_test.h"
#include "tap.h"

/* ---- the tree against a reference ---- */

struct ref {
	unsigned int bits, n;
	uint8_t key[4096][16];
	uint8_t plen[4096];
};

static struct ref ref;

static unsigned int cpl(const uint8_t *a, const uint8_t *b, unsigned int bits)
{
	unsigned int i = 0;

	while (i < bits && a[i / 8] == b[i / 8])
		i += 8;
	for (; i < bits; i++) {
		if ((a[i / 8] ^ b[i / 8]) & (0x80 >> (i % 8)))
			return i;
	}
	return bits;
}

static void mask(uint8_t *k, unsigned int plen)
{
	unsigned int i;

	for (i = plen; i < 128; i++)
		k[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
}

/* Does key/len contain member i (and not the other way round)? */
static bool inside(const uint8_t *key, unsigned int len, unsigned int i)
{
	return ref.plen[i] >= len && cpl(key, ref.key[i], ref.bits) >= len;
}

static bool covers(unsigned int i, const uint8_t *key)
{
	return cpl(key, ref.key[i], ref.bits) >= ref.plen[i];
}

static unsigned int ref_hole(const uint8_t *key, unsigned int min_plen)
{
	unsigned int i, len = 0, c;

	for (i = 0; i < ref.n; i++) {
		if (covers(i, key))
			continue;
		c = cpl(key, ref.key[i], ref.bits);
		if (c + 1 > len)
			len = c + 1;
	}
	return len > min_plen ? len : min_plen;
}

/* The definition: key/len holds no member; key/(len-1) does. */
static bool hole_ok(const uint8_t *key, unsigned int len,
		    unsigned int min_plen)
{
	bool shorter = false;
	unsigned int i;

	for (i = 0; i < ref.n; i++) {
		if (covers(i, key))
			continue;
		if (inside(key, len, i))
			return false;
		if (len > 0 && inside(key, len - 1, i))
			shorter = true;
	}
	return len == min_plen || shorter;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Clustered random keys, so that prefixes nest and share bits. */
static void rnd_key(uint8_t *k, unsigned int bits)
{
	unsigned int i;

	memset(k, 0, 16);
	k[0] = (uint8_t)(rnd() % 4 ? 10 : rnd());
	for (i = 1; i < bits / 8; i++)
		k[i] = (uint8_t)(rnd() % 3 ? rnd() % 4 : rnd());
}

static void random_run(unsigned int bits, unsigned int n, unsigned int queries)
{
	struct lisp_ms_ptree t;
	unsigned int i, j, bad = 0, badref = 0, badhas = 0, plen, min;
	uint8_t key[16];
	int err = 0;

	lisp_ms_ptree_init(&t, bits);
	ref.bits = bits;
	ref.n = 0;
	for (i = 0; i < n; i++) {
		rnd_key(key, bits);
		plen = rnd() % 3 ? bits / 2 + rnd() % (bits / 2 + 1) :
				   rnd() % (bits + 1);
		mask(key, plen);
		memcpy(ref.key[ref.n], key, 16);
		ref.plen[ref.n++] = (uint8_t)plen;
		err |= lisp_ms_ptree_add(&t, key, plen);
	}
	/* Take some out again (duplicates keep their other reference). */
	for (i = 0; i < n / 4; i++) {
		j = rnd() % ref.n;
		err |= lisp_ms_ptree_del(&t, ref.key[j], ref.plen[j]);
		ref.n--;
		memcpy(ref.key[j], ref.key[ref.n], 16);
		ref.plen[j] = ref.plen[ref.n];
	}
	TAP_OK(!err, "IPv%u: %u adds, %u deletes succeed", bits == 32 ? 4 : 6,
	       n, n / 4);
	for (i = 0; i < ref.n; i++)
		badhas += !lisp_ms_ptree_has(&t, ref.key[i], ref.plen[i]);
	TAP_OK(!badhas, "IPv%u: every remaining prefix is a member (%u not)",
	       bits == 32 ? 4 : 6, badhas);
	for (i = 0; i < queries; i++) {
		unsigned int got;

		rnd_key(key, bits);
		min = rnd() % 4 ? 0 : rnd() % (bits + 1);
		got = lisp_ms_ptree_hole(&t, key, min);
		badref += got != ref_hole(key, min);
		bad += !hole_ok(key, got, min);
	}
	TAP_OK(!badref, "IPv%u: %u random holes match the reference (%u off)",
	       bits == 32 ? 4 : 6, queries, badref);
	TAP_OK(!bad, "IPv%u: every hole holds no member and is the shortest "
	       "(%u wrong)", bits == 32 ? 4 : 6, bad);
	while (ref.n) {
		ref.n--;
		err |= lisp_ms_ptree_del(&t, ref.key[ref.n], ref.plen[ref.n]);
	}
	TAP_OK(!err && !t.root && !t.nodes && !t.members,
	       "IPv%u: deleting everything frees every node (%u left)",
	       bits == 32 ? 4 : 6, t.nodes);
	lisp_ms_ptree_destroy(&t);
}

static const uint8_t *K(const char *s)
{
	static uint8_t buf[8][16];
	static unsigned int i;
	uint8_t *b = buf[i++ % 8];

	memset(b, 0, 16);
	if (inet_pton(strchr(s, ':') ? AF_INET6 : AF_INET, s, b) != 1)
		exit(2);
	return b;
}

static void tree_basics(void)
{
	struct lisp_ms_ptree t;

	lisp_ms_ptree_init(&t, 32);
	TAP_OK(lisp_ms_ptree_hole(&t, K("192.0.2.1"), 0) == 0,
	       "empty tree: the hole is /0");
	TAP_OK(lisp_ms_ptree_add(&t, K("10.0.0.0"), 8) == 0 &&
	       lisp_ms_ptree_add(&t, K("10.0.0.0"), 8) == 0 &&
	       t.members == 1 && t.nodes == 1, "a prefix added twice is one "
	       "member");
	TAP_OK(lisp_ms_ptree_hole(&t, K("11.0.0.1"), 0) == 8,
	       "11.0.0.1 next to 10/8: 11.0.0.0/8");
	TAP_OK(lisp_ms_ptree_hole(&t, K("192.168.1.1"), 0) == 1,
	       "192.168.1.1 far from 10/8: 128.0.0.0/1");
	TAP_OK(lisp_ms_ptree_hole(&t, K("10.1.2.3"), 0) == 0,
	       "a member covering the key is left aside");
	TAP_OK(lisp_ms_ptree_hole(&t, K("10.1.2.3"), 8) == 8,
	       "min_plen is honoured");
	TAP_OK(lisp_ms_ptree_add(&t, K("10.0.0.0"), 24) == 0 &&
	       lisp_ms_ptree_add(&t, K("10.0.2.0"), 24) == 0,
	       "add 10.0.0.0/24 and 10.0.2.0/24");
	TAP_OK(lisp_ms_ptree_hole(&t, K("10.0.1.5"), 8) == 24,
	       "10.0.1.5 between them: 10.0.1.0/24");
	TAP_OK(lisp_ms_ptree_hole(&t, K("10.0.3.5"), 8) == 24,
	       "10.0.3.5 beside 10.0.2.0/24: 10.0.3.0/24");
	TAP_OK(lisp_ms_ptree_hole(&t, K("10.0.128.1"), 8) == 17,
	       "10.0.128.1: 10.0.128.0/17");
	TAP_OK(lisp_ms_ptree_hole(&t, K("10.128.0.1"), 8) == 9,
	       "10.128.0.1: 10.128.0.0/9");
	TAP_OK(lisp_ms_ptree_add(&t, K("10.0.1.7"), 32) == 0 &&
	       lisp_ms_ptree_hole(&t, K("10.0.1.6"), 8) == 32 &&
	       lisp_ms_ptree_hole(&t, K("10.0.1.7"), 8) == 24,
	       "a /32 member: its neighbour gets a /32, itself is left aside");
	TAP_OK(lisp_ms_ptree_del(&t, K("10.0.0.0"), 8) == 0 &&
	       lisp_ms_ptree_has(&t, K("10.0.0.0"), 8) &&
	       lisp_ms_ptree_del(&t, K("10.0.0.0"), 8) == 0 &&
	       !lisp_ms_ptree_has(&t, K("10.0.0.0"), 8) &&
	       lisp_ms_ptree_del(&t, K("10.0.0.0"), 8) == -ENOENT,
	       "references: two adds, two deletes, then not found");
	TAP_OK(lisp_ms_ptree_add(&t, K("10.0.0.0"), 33) == -EINVAL &&
	       lisp_ms_ptree_del(&t, K("10.9.0.0"), 16) == -ENOENT,
	       "bad length and unknown prefix refused");
	lisp_ms_ptree_destroy(&t);

	lisp_ms_ptree_init(&t, 128);
	lisp_ms_ptree_add(&t, K("2001:db8:1::"), 64);
	lisp_ms_ptree_add(&t, K("2001:db8:2::"), 64);
	TAP_OK(lisp_ms_ptree_hole(&t, K("2001:db8:3::1"), 0) == 48,
	       "2001:db8:3::1: 2001:db8:3::/48");
	TAP_OK(lisp_ms_ptree_hole(&t, K("2001:db8:1:1::1"), 0) == 64,
	       "2001:db8:1:1::1 beside 2001:db8:1::/64: /64");
	TAP_OK(lisp_ms_ptree_hole(&t, K("2001:db9::1"), 0) == 32,
	       "2001:db9::1: 2001:db9::/32");
	TAP_OK(lisp_ms_ptree_hole(&t, K("2001:db8:0:0:8000::1"), 0) == 48,
	       "2001:db8:0:0:8000::1: 2001:db8::/48");
	lisp_ms_ptree_destroy(&t);
}

/* ---- the Map-Server's negative answers ---- */

static void expect(struct lisp_ms *ms, const char *eid, unsigned int answer,
		   const char *want, unsigned int ttl)
{
	struct lisp_ms_match m;
	struct lisp_addr a = A(eid), p;
	int err = lisp_ms_match(ms, &a, lisp_addr_max_plen(&a), 0, &m);

	p = a;
	lisp_prefix_mask(&p, m.neg_plen);
	TAP_OK(!err && m.answer == answer && !strcmp(pstr(&p, m.neg_plen), want)
	       && m.neg_ttl == ttl, "%s: %s %s ttl %u (got %s %s ttl %u)", eid,
	       lisp_ms_answer_str(answer), want, ttl,
	       lisp_ms_answer_str(m.answer), pstr(&p, m.neg_plen), m.neg_ttl);
}

static void ms_negatives(void)
{
	static const char *const v4[] = {
		"198.51.100.0/25", "198.51.100.128/25", "10.0.0.0/8+",
		"10.1.0.0/16", NULL };
	static const char *const v6[] = {
		"2001:db8:1::/64", "2001:db8:2::/64+", "[7]192.0.2.0/24",
		NULL };
	struct lisp_ms *ms = lisp_ms_new();
	struct lisp_ms_reg_action act;
	uint8_t buf[1024];
	struct treg r = {
		.nonce = 1, .key = "k1",
		.rec = { { "10.64.0.0/10", { "192.0.2.1" }, 10 } },
	};
	size_t n;

	expect(ms, "192.0.2.1", LISP_MS_ANS_NOT_EID, "0.0.0.0/0", 15);
	expect(ms, "2001:db8::1", LISP_MS_ANS_NOT_EID, "::/0", 15);
	SITE(ms, "a", LISP_ALG_HMAC_SHA1_96, "k1", v4);
	SITE(ms, "b", LISP_ALG_HMAC_SHA256_128, "k2", v6);
	expect(ms, "2001:db8::1", LISP_MS_ANS_NOT_EID, "2001:db8::/48", 15);
	expect(ms, "192.0.2.1", LISP_MS_ANS_NOT_EID, "192.0.0.0/6", 15);
	expect(ms, "198.51.101.1", LISP_MS_ANS_NOT_EID, "198.51.101.0/24", 15);
	expect(ms, "11.0.0.1", LISP_MS_ANS_NOT_EID, "11.0.0.0/8", 15);
	expect(ms, "[7]192.0.3.1", LISP_MS_ANS_NOT_EID, "[7]192.0.3.0/24", 15);
	expect(ms, "[8]192.0.2.1", LISP_MS_ANS_NOT_EID, "[8]0.0.0.0/0", 15);
	expect(ms, "[7]10.1.1.1", LISP_MS_ANS_NOT_EID, "[7]0.0.0.0/1", 15);
	expect(ms, "2001:db8:1::1", LISP_MS_ANS_UNREGISTERED,
	       "2001:db8:1::/64", 1);
	expect(ms, "198.51.100.200", LISP_MS_ANS_UNREGISTERED,
	       "198.51.100.128/25", 1);
	/* Inside 10/8, beside 10.1/16 (another configured prefix). */
	expect(ms, "10.2.3.4", LISP_MS_ANS_UNREGISTERED, "10.2.0.0/15", 1);
	expect(ms, "10.1.3.4", LISP_MS_ANS_UNREGISTERED, "10.1.0.0/16", 1);
	expect(ms, "10.200.0.1", LISP_MS_ANS_UNREGISTERED, "10.128.0.0/9", 1);
	/* A registered more-specific shapes the negative answer. */
	n = build_register(&r, buf, sizeof(buf));
	TAP_OK(lisp_ms_handle_register(ms, buf, n, &(struct lisp_ip){ 0 }, 0,
				       0, &act) == 0, "register 10.64.0.0/10");
	expect(ms, "10.200.0.1", LISP_MS_ANS_UNREGISTERED, "10.128.0.0/9", 1);
	expect(ms, "10.32.0.1", LISP_MS_ANS_UNREGISTERED, "10.32.0.0/11", 1);
	expect(ms, "10.2.3.4", LISP_MS_ANS_UNREGISTERED, "10.2.0.0/15", 1);
	lisp_ms_free(ms);
}

int main(void)
{
	tree_basics();
	random_run(32, 2000, 6000);
	random_run(128, 2000, 6000);
	random_run(32, 40, 5000);
	random_run(128, 3, 2000);
	ms_negatives();
	return tap_done();
}
