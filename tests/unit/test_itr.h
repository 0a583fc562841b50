/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the ITR resolver tests (test_itr*.c): a resolver with known
 * Map-Resolvers, RLOCs and nonces, its ECMs decoded with the codec, and
 * Map-Replies built with it.
 */
#ifndef LISP_TEST_ITR_H
#define LISP_TEST_ITR_H

#include "itr/resolver.h"
#include "ms_test.h"

#define MR0	"192.0.2.10"
#define MR1	"192.0.2.11"
#define MR2	"192.0.2.12"
#define RLOC4	"192.0.2.1"
#define RLOC6	"2001:db8::1"
#define DEV	3
#define IID	7

/* Nonces 1 * K, 2 * K, ...: known to the test, never 0. */
#define NONCE_K	0x0101010101010101ULL

UNUSED static uint64_t seq_random(void *arg)
{
	uint64_t *n = arg;

	return ++*n * NONCE_K;
}

static uint64_t nonce_seq;

/* Three Map-Resolvers, RLOCs RLOC4 and RLOC6, nonces from seq_random. */
UNUSED static void test_cfg(struct lisp_itr_cfg *cfg)
{
	lisp_itr_cfg_init(cfg);
	cfg->nresolver = 3;
	cfg->resolver[0] = IP(MR0);
	cfg->resolver[1] = IP(MR1);
	cfg->resolver[2] = IP(MR2);
	cfg->nrloc = 2;
	cfg->rloc[0] = IP(RLOC4);
	cfg->rloc[1] = IP(RLOC6);
	cfg->random = seq_random;
	cfg->random_arg = &nonce_seq;
}

UNUSED static struct lisp_itr *test_itr(void)
{
	struct lisp_itr_cfg cfg;

	test_cfg(&cfg);
	return lisp_itr_new(&cfg);
}

/* A miss on device DEV (instance IID if iid) from src to dst. */
UNUSED static struct lisp_itr_miss MISS(const char *src, const char *dst,
					bool iid)
{
	struct lisp_itr_miss m = { .dev = DEV, .has_iid = iid, .iid = IID };

	if (src)
		m.src = IP(src);
	m.dst = IP(dst);
	return m;
}

/* Decode an ECM'd Map-Request; 0 or the codec's error. */
UNUSED static int decode(const struct lisp_itr_pkt *p, struct lisp_ecm *e,
			 struct lisp_map_request *req)
{
	int err = lisp_ecm_parse(p->buf, p->len, e);

	if (err)
		return err;
	if (lisp_msg_type(e->msg, e->msg_len) != LISP_MAP_REQUEST)
		return -LISP_ERR_BAD_TYPE;
	return lisp_map_request_parse(e->msg, e->msg_len, req);
}

/* The nonce of an ECM'd Map-Request (0 if it does not decode). */
UNUSED static uint64_t pkt_nonce(const struct lisp_itr_pkt *p)
{
	static struct lisp_map_request req;
	struct lisp_ecm e;

	return decode(p, &e, &req) ? 0 : req.nonce;
}

/* A record: "[iid]prefix/len", TTL (minutes), ACT; add locators after. */
UNUSED static void REC(struct lisp_record *r, const char *pfx, uint32_t ttl,
		       unsigned int act)
{
	unsigned int plen;

	memset(r, 0, sizeof(*r));
	r->eid = PFX(pfx, &plen);
	r->eid_mask_len = (uint8_t)plen;
	r->ttl = ttl;
	r->act = (uint8_t)act;
	r->authoritative = true;
}

UNUSED static void LOC(struct lisp_record *r, const char *addr, uint8_t prio,
		       uint8_t weight, bool reachable)
{
	struct lisp_locator *l = &r->loc[r->nloc++];

	memset(l, 0, sizeof(*l));
	l->addr = A(addr);
	l->priority = prio;
	l->weight = weight;
	l->mpriority = 255;
	l->reachable = reachable;
}

/* Write rep into buf; exits if the codec refuses (the test is wrong). */
UNUSED static size_t reply_bytes(const struct lisp_map_reply *rep,
				 uint8_t *buf, size_t len)
{
	int n = lisp_map_reply_write(rep, buf, len);

	if (n < 0) {
		fprintf(stderr, "reply_bytes: %s\n", lisp_strerror(n));
		exit(2);
	}
	return (size_t)n;
}

#endif /* LISP_TEST_ITR_H */
