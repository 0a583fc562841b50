/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the Map-Server tests: addresses from text, Map-Registers
 * and ECM'd Map-Requests built with the codec.
 */
#ifndef LISP_MS_TEST_H
#define LISP_MS_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms/ms.h"
#include "proto/auth.h"
#include "proto/ecm.h"
#include "proto/msg.h"

#define UNUSED __attribute__((unused))

/* "[iid]addr" or "addr" (exits on a typo: the test is wrong). */
UNUSED static struct lisp_addr A(const char *s)
{
	struct lisp_addr a;

	if (lisp_addr_from_str(s, &a)) {
		fprintf(stderr, "bad address %s\n", s);
		exit(2);
	}
	return a;
}

UNUSED static struct lisp_ip IP(const char *s)
{
	return A(s).ip[0];
}

/* "[iid]addr/len" */
UNUSED static struct lisp_addr PFX(const char *s, unsigned int *plen)
{
	struct lisp_addr a;

	if (lisp_prefix_from_str(s, &a, plen)) {
		fprintf(stderr, "bad prefix %s\n", s);
		exit(2);
	}
	return a;
}

UNUSED static struct lisp_ms_key KEY(unsigned int alg, const char *k)
{
	struct lisp_ms_key key;

	if (lisp_ms_key_set(&key, 0, alg, k, strlen(k)))
		exit(2);
	return key;
}

/* A site with the given key and prefixes ("pfx" or "pfx+" for AMS). */
UNUSED static struct lisp_ms_site *SITE(struct lisp_ms *ms, const char *name,
					unsigned int alg, const char *key,
					const char *const *pfx)
{
	struct lisp_ms_key k = KEY(alg, key);
	struct lisp_ms_site *site = NULL;
	struct lisp_addr a;
	unsigned int plen;
	char buf[128];
	size_t n;
	int err;

	if (lisp_ms_site_add(ms, name, &k, &site))
		exit(2);
	for (; pfx && *pfx; pfx++) {
		n = strlen(*pfx);
		snprintf(buf, sizeof(buf), "%s", *pfx);
		if (buf[n - 1] == '+')
			buf[n - 1] = 0;
		a = PFX(buf, &plen);
		err = lisp_ms_site_add_prefix(ms, site, &a, plen,
					      (*pfx)[n - 1] == '+');
		if (err) {
			fprintf(stderr, "%s: %s\n", *pfx,
				lisp_ms_strerror(err));
			exit(2);
		}
	}
	return site;
}

/* One record: prefix, its RLOCs (NULL-terminated), TTL in minutes. */
struct treg_rec {
	const char *pfx;
	const char *rloc[4];
	uint32_t ttl;
};

struct treg {
	uint64_t nonce;
	unsigned int alg;
	unsigned int key_id;
	const char *key;
	bool proxy, notify, xtr_id;
	uint8_t xtr;		/* xTR-ID: 16 bytes of it (0: 0xab) */
	bool own_site;		/* site-ID site_id, else 42 (one site) */
	uint64_t site_id;
	unsigned int down;	/* bit i: RLOC i of each record has R clear */
	struct treg_rec rec[4];
};

/* The Map-Register for r, signed; returns its length. */
UNUSED static size_t build_register(const struct treg *r, uint8_t *buf,
				    size_t len)
{
	static struct lisp_map_register m;
	struct lisp_record *rec;
	unsigned int i, j, plen;
	int n;

	memset(&m, 0, sizeof(m));
	m.type = LISP_MAP_REGISTER;
	m.nonce = r->nonce;
	m.proxy_reply = r->proxy;
	m.want_notify = r->notify;
	m.key_id = (uint8_t)r->key_id;
	m.alg_id = (uint8_t)(r->alg ? r->alg : LISP_ALG_HMAC_SHA1_96);
	m.auth_len = (uint16_t)lisp_auth_data_len(m.alg_id);
	if (r->xtr_id) {
		m.xtr_id_present = true;
		memset(m.xtr_id, r->xtr ? r->xtr : 0xab, sizeof(m.xtr_id));
		m.site_id = r->own_site ? r->site_id : 42;
	}
	for (i = 0; i < 4 && r->rec[i].pfx; i++) {
		rec = &m.rec[m.nrec++];
		rec->eid = PFX(r->rec[i].pfx, &plen);
		rec->eid_mask_len = (uint8_t)plen;
		rec->ttl = r->rec[i].ttl;
		rec->authoritative = true;
		for (j = 0; j < 4 && r->rec[i].rloc[j]; j++) {
			rec->loc[j].priority = 1;
			rec->loc[j].weight = 100;
			rec->loc[j].mpriority = 255;
			rec->loc[j].local = true;
			rec->loc[j].reachable = !(r->down & 1u << j);
			rec->loc[j].addr = A(r->rec[i].rloc[j]);
			rec->nloc++;
		}
	}
	n = lisp_map_register_write(&m, buf, len);
	if (n < 0 || lisp_auth_sign(buf, (size_t)n, r->key, strlen(r->key))) {
		fprintf(stderr, "build_register: %s\n", lisp_strerror(n));
		exit(2);
	}
	return (size_t)n;
}

/*
 * The Map-Register for r with a nonce of its own: the Map-Server refuses
 * a nonce it has taken already (issue 11, anti-replay), and tests that
 * send one treg again and again mean a new Map-Register each time.
 * Increasing, so that it passes an xTR-ID's counter too.
 */
UNUSED static size_t build_fresh(const struct treg *r, uint8_t *buf,
				 size_t len)
{
	static uint64_t next = 1ULL << 32;
	struct treg t = *r;

	t.nonce = next++;
	return build_register(&t, buf, len);
}

/*
 * Hand the Map-Register for r from src (port 4342) at now to ms, into
 * act; under a nonce of its own (build_fresh) if fresh.
 */
UNUSED static int send_treg(struct lisp_ms *ms, const struct treg *r,
			    bool fresh, const char *src, uint64_t now,
			    struct lisp_ms_reg_action *act)
{
	static uint8_t pkt[4096];
	struct lisp_ip ip = IP(src);
	size_t n = fresh ? build_fresh(r, pkt, sizeof(pkt)) :
			   build_register(r, pkt, sizeof(pkt));

	return lisp_ms_handle_register(ms, pkt, n, &ip, 4342, now, act);
}

/* ECM'd Map-Request from an ITR: inner src_eid:sport -> first EID. */
struct treq {
	uint64_t nonce;
	const char *itr_rloc;
	const char *src_eid;
	uint16_t sport;
	const char *eid[8];	/* "addr" or "addr/len" */
};

/* RFC 9437: I with the xTR-ID (16 bytes of xtr) and site-ID, N on all. */
struct tsub {
	uint8_t xtr;
	uint64_t site_id;
};

/*
 * Writes the Map-Request into *req_len bytes at buf + hdr, then the ECM;
 * a subscription if sub is not NULL.
 */
UNUSED static size_t build_subscription(const struct treq *q,
					const struct tsub *sub, uint8_t *buf,
					size_t len, size_t *req_off,
					size_t *req_len)
{
	static struct lisp_map_request m;
	struct lisp_ecm e;
	unsigned int i, plen;
	uint8_t tmp[2048];
	int n;

	memset(&m, 0, sizeof(m));
	m.nonce = q->nonce;
	m.source_eid = A(q->src_eid);
	m.nitr = 1;
	m.itr_rloc[0] = A(q->itr_rloc);
	for (i = 0; i < 8 && q->eid[i]; i++) {
		if (strchr(q->eid[i], '/')) {
			m.rec[i].addr = PFX(q->eid[i], &plen);
		} else {
			m.rec[i].addr = A(q->eid[i]);
			plen = lisp_addr_max_plen(&m.rec[i].addr);
		}
		m.rec[i].plen = (uint8_t)plen;
		m.notify[i] = sub;
		m.nrec++;
	}
	if (sub) {
		m.xtr_id_present = true;
		memset(m.xtr_id, sub->xtr, sizeof(m.xtr_id));
		m.site_id = sub->site_id;
	}
	n = lisp_map_request_write(&m, tmp, sizeof(tmp));
	if (n < 0)
		exit(2);
	memset(&e, 0, sizeof(e));
	e.inner.src = m.source_eid.ip[0];
	e.inner.dst = m.rec[0].addr.ip[0];
	e.inner.ttl = 64;
	e.inner.sport = q->sport;
	e.inner.dport = LISP_CONTROL_PORT;
	e.msg = tmp;
	e.msg_len = (size_t)n;
	n = lisp_ecm_write(&e, buf, len);
	if (n < 0)
		exit(2);
	*req_off = lisp_ecm_hdr_len(&e);
	*req_len = e.msg_len;
	return (size_t)n;
}

UNUSED static size_t build_request(const struct treq *q, uint8_t *buf,
				   size_t len, size_t *req_off, size_t *req_len)
{
	return build_subscription(q, NULL, buf, len, req_off, req_len);
}

UNUSED static char *pstr(const struct lisp_addr *a, unsigned int plen)
{
	static char buf[4][LISP_ADDR_STRLEN];
	static unsigned int i;
	char *b = buf[i++ % 4];

	lisp_prefix_to_str(a, plen, b, LISP_ADDR_STRLEN);
	return b;
}

UNUSED static char *ipstr(const struct lisp_ip *ip)
{
	static char buf[4][LISP_ADDR_STRLEN];
	static unsigned int i;
	char *b = buf[i++ % 4];
	struct lisp_addr a;

	lisp_addr_set_none(&a);
	a.ip[0] = *ip;
	lisp_addr_to_str(&a, b, LISP_ADDR_STRLEN);
	return b;
}

UNUSED static bool ip_same(const struct lisp_ip *a, const struct lisp_ip *b)
{
	return a->afi == b->afi &&
	       !memcmp(a->addr, b->addr, a->afi == LISP_AFI_IPV4 ? 4 : 16);
}

UNUSED static bool ip_is(const struct lisp_ip *ip, const char *s)
{
	struct lisp_ip want = IP(s);

	return ip_same(ip, &want);
}

#endif /* LISP_MS_TEST_H */
