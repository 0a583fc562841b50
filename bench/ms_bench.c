// SPDX-License-Identifier: GPL-2.0
/*
 * Micro-benchmark of the Map-Server logic (agent/ms/), one core, no I/O.
 *
 * 10,000 sites, each with two IPv4 /24s (accept-more-specifics) and an
 * IPv6 /48; 100,000 registered EIDs (ten /28s in each site's first /24,
 * every other site with proxy-reply).  Map-Requests are pre-built ECM'd
 * messages for random EIDs of one kind per row; each row is timed in
 * batches, the figure is the median batch.  Map-Registers carry one
 * record, HMAC-SHA-256-128; "new" is the first registration of the
 * 100,000 EIDs, "refresh" the periodic re-registration of them.
 *
 *   ms_bench [-q]     -q: fewer batches (~2 s in all, -q ~1 s)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ms/ms.h"
#include "proto/auth.h"

#define NSITES		10000
#define REGS_PER_SITE	10
#define NREQ		4096		/* distinct requests per row */
#define BATCH		8192

static unsigned int nbatch = 31;

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
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

static void die(const char *what, int err)
{
	fprintf(stderr, "ms_bench: %s: %s\n", what, lisp_ms_strerror(err));
	exit(1);
}

static void v4(struct lisp_addr *a, uint32_t ip)
{
	uint8_t b[4] = { (uint8_t)(ip >> 24), (uint8_t)(ip >> 16),
			 (uint8_t)(ip >> 8), (uint8_t)ip };

	lisp_addr_set_ipv4(a, b);
}

/* Site i: 10.i.0/24 and 11.i.0/24 (i over 16 bits), 2001:db8:i::/48. */
static uint32_t site_v4(unsigned int i, unsigned int which)
{
	return (10u + which) << 24 | (uint32_t)i << 8;
}

static void setup_sites(struct lisp_ms *ms)
{
	struct lisp_ms_site *site;
	struct lisp_ms_key key;
	struct lisp_addr a;
	uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	char name[32], secret[32];
	unsigned int i;
	int err;

	for (i = 0; i < NSITES; i++) {
		snprintf(name, sizeof(name), "site-%u", i);
		snprintf(secret, sizeof(secret), "key-of-site-%u", i);
		lisp_ms_key_set(&key, 0, LISP_ALG_HMAC_SHA256_128, secret,
				strlen(secret));
		err = lisp_ms_site_add(ms, name, &key, &site);
		if (err)
			die("site", err);
		v4(&a, site_v4(i, 0));
		err = lisp_ms_site_add_prefix(ms, site, &a, 24, true);
		v4(&a, site_v4(i, 1));
		if (!err)
			err = lisp_ms_site_add_prefix(ms, site, &a, 24, true);
		v6[4] = (uint8_t)(i >> 8);
		v6[5] = (uint8_t)i;
		lisp_addr_set_ipv6(&a, v6);
		if (!err)
			err = lisp_ms_site_add_prefix(ms, site, &a, 48, false);
		if (err)
			die("prefix", err);
	}
}

/* Map-Register of /28 number j of site i; returns its length. */
static size_t build_register(unsigned int i, unsigned int j, uint8_t *buf,
			     size_t len)
{
	static struct lisp_map_register m;
	struct lisp_record *rec = &m.rec[0];
	char secret[32];
	int n;

	/* m is reused: the same fields are set each time. */
	m.type = LISP_MAP_REGISTER;
	m.nonce = ((uint64_t)i << 32) | j;
	m.proxy_reply = !(i & 1);
	m.alg_id = LISP_ALG_HMAC_SHA256_128;
	m.auth_len = LISP_AUTH_SHA256_LEN;
	m.nrec = 1;
	v4(&rec->eid, site_v4(i, 0) | j << 4);
	rec->eid_mask_len = 28;
	rec->ttl = 10;
	rec->authoritative = true;
	rec->nloc = 2;
	rec->loc[0].priority = rec->loc[1].priority = 1;
	rec->loc[0].weight = rec->loc[1].weight = 50;
	rec->loc[0].reachable = rec->loc[1].reachable = true;
	v4(&rec->loc[0].addr, 0xc0000200u + (i & 0xff));
	v4(&rec->loc[1].addr, 0xc6336400u + (i & 0xff));
	n = lisp_map_register_write(&m, buf, len);
	snprintf(secret, sizeof(secret), "key-of-site-%u", i);
	if (n < 0 || lisp_auth_sign(buf, (size_t)n, secret, strlen(secret)))
		die("register", n);
	return (size_t)n;
}

struct msg {
	uint8_t buf[160];
	uint16_t len;
};

/* An ECM'd Map-Request for eid; the Map-Request is at buf + 32. */
static void build_request(struct msg *out, uint32_t eid)
{
	static struct lisp_map_request m;
	uint8_t tmp[128];
	struct lisp_ecm e;
	int n;

	memset(&m, 0, sizeof(m));
	m.nonce = ((uint64_t)rnd() << 32) | rnd();
	v4(&m.source_eid, 0x0a000001);
	m.nitr = 1;
	v4(&m.itr_rloc[0], 0xcb007107);
	m.nrec = 1;
	v4(&m.rec[0].addr, eid);
	m.rec[0].plen = 32;
	n = lisp_map_request_write(&m, tmp, sizeof(tmp));
	if (n < 0)
		die("request", n);
	memset(&e, 0, sizeof(e));
	e.inner.src = m.source_eid.ip[0];
	e.inner.dst = m.rec[0].addr.ip[0];
	e.inner.ttl = 64;
	e.inner.sport = 40000;
	e.inner.dport = LISP_CONTROL_PORT;
	e.msg = tmp;
	e.msg_len = (size_t)n;
	n = lisp_ecm_write(&e, out->buf, sizeof(out->buf));
	if (n < 0)
		die("ecm", n);
	out->len = (uint16_t)n;
}

enum kind { PROXY, FORWARD, UNREG, NOT_EID, NKIND };

static const char *const kind_name[NKIND] = {
	[PROXY] = "Map-Request, proxy Map-Reply",
	[FORWARD] = "Map-Request, forward to ETR",
	[UNREG] = "Map-Request, negative (unregistered)",
	[NOT_EID] = "Map-Request, negative (not an EID)",
};

static uint32_t eid_of(enum kind k)
{
	unsigned int i = rnd() % NSITES, j = rnd() % REGS_PER_SITE;

	switch (k) {
	case PROXY:
		i &= ~1u;
		return site_v4(i, 0) | j << 4 | (rnd() & 15);
	case FORWARD:
		i |= 1;
		return site_v4(i, 0) | j << 4 | (rnd() & 15);
	case UNREG:
		return site_v4(i, 1) | (rnd() & 255);
	default:
		do {		/* anywhere but 10/8 and 11/8 */
			i = rnd();
		} while (i >> 25 == 5);
		return i;
	}
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), dcmp);
	return v[n / 2];
}

/* Requests per second through lisp_ms_handle_request (or _ecm). */
static double bench_requests(struct lisp_ms *ms, enum kind k, bool ecm,
			     struct lisp_ms_req_action *act)
{
	static struct msg reqs[NREQ];
	struct lisp_ip_udp inner;
	double t[64];
	unsigned int b, i, bad = 0;
	size_t plen;
	int hlen, want[NKIND] = {
		[PROXY] = LISP_MS_ANS_PROXY, [FORWARD] = LISP_MS_ANS_FORWARD,
		[UNREG] = LISP_MS_ANS_UNREGISTERED,
		[NOT_EID] = LISP_MS_ANS_NOT_EID,
	};

	for (i = 0; i < NREQ; i++)
		build_request(&reqs[i], eid_of(k));
	hlen = lisp_ip_udp_parse(reqs[0].buf + 4, reqs[0].len - 4u, &inner,
				 &plen);
	if (hlen < 0)
		die("inner", hlen);
	for (b = 0; b < nbatch; b++) {
		double t0 = now_ns();

		for (i = 0; i < BATCH; i++) {
			const struct msg *q = &reqs[(b * BATCH + i) % NREQ];

			if (ecm)
				bad |= lisp_ms_handle_ecm(ms, q->buf, q->len, 1,
							  act);
			else
				bad |= lisp_ms_handle_request(ms,
					q->buf + 4 + hlen,
					q->len - 4u - (size_t)hlen, &inner, 1,
					act);
			bad |= act->answer[0] != want[k];
		}
		t[b] = (now_ns() - t0) / BATCH;
	}
	if (bad)
		die(kind_name[k], -LISP_ERR_INVALID);
	return 1e9 / median(t, nbatch);
}

static double rss_mb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size = 0, rss = 0;

	if (f) {
		if (fscanf(f, "%lu %lu", &size, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * 4096.0 / (1 << 20);
}

#define REG_SLICES	20

/*
 * Make the Map-Registers those of refresh number pass, M set if notify:
 * a nonce of their own (the Map-Server refuses a replay), signed again.
 */
static void renew(struct msg *regs, unsigned int n, unsigned int pass,
		  bool notify)
{
	unsigned int i;
	char secret[32];

	for (i = 0; i < n; i++) {
		snprintf(secret, sizeof(secret), "key-of-site-%u",
			 i / REGS_PER_SITE);
		regs[i].buf[4] = (uint8_t)pass;		/* nonce, first byte */
		if (notify)
			regs[i].buf[2] |= 1;
		lisp_auth_sign(regs[i].buf, regs[i].len, secret,
			       strlen(secret));
	}
}

/*
 * Registers per second over one pass of the pre-built Map-Registers,
 * timed in REG_SLICES slices: the median slice.
 */
static double register_pass(struct lisp_ms *ms, struct msg *regs,
			    unsigned int n, uint64_t now,
			    struct lisp_ms_reg_action *act)
{
	struct lisp_ip src = { .afi = LISP_AFI_IPV4, .addr = { 192, 0, 2, 1 } };
	unsigned int s, i, per = n / REG_SLICES;
	double t[REG_SLICES], t0;
	int err;

	for (s = 0; s < REG_SLICES; s++) {
		t0 = now_ns();
		for (i = s * per; i < (s + 1) * per; i++) {
			err = lisp_ms_handle_register(ms, regs[i].buf,
						      regs[i].len, &src, 4342,
						      now, act);
			if (err)
				die("handle_register", err);
		}
		t[s] = (now_ns() - t0) / per;
	}
	return 1e9 / median(t, REG_SLICES);
}

int main(int argc, char **argv)
{
	static struct lisp_ms_req_action qact;
	static struct lisp_ms_reg_action ract;
	unsigned int i, j, n = NSITES * REGS_PER_SITE;
	struct lisp_ms *ms = lisp_ms_new();
	double t0, rate[3], r[NKIND], recn;
	struct msg *regs = calloc(n, sizeof(*regs));
	int k;

	if (argc > 1 && !strcmp(argv[1], "-q"))
		nbatch = 7;
	if (!ms || !regs)
		die("setup", -LISP_MS_ERR_NOMEM);
	t0 = now_ns();
	setup_sites(ms);
	for (i = 0; i < NSITES; i++) {
		for (j = 0; j < REGS_PER_SITE; j++) {
			struct msg *m = &regs[i * REGS_PER_SITE + j];

			m->len = (uint16_t)build_register(i, j, m->buf,
							  sizeof(m->buf));
		}
	}
	rate[0] = register_pass(ms, regs, n, 1, &ract);
	printf("setup: %u sites, %u prefixes, %u registrations, %.1f s, "
	       "RSS %.0f MiB\n\n", ms->nsites, ms->nprefix, ms->nreg,
	       (now_ns() - t0) / 1e9, rss_mb());
	renew(regs, n, 2, false);
	rate[1] = register_pass(ms, regs, n, 2, &ract);
	renew(regs, n, 3, true);	/* now with want-map-notify */
	rate[2] = register_pass(ms, regs, n, 3, &ract);
	if (!ract.has_notify)
		die("notify", -LISP_ERR_INVALID);
	for (k = 0; k < NKIND; k++)
		r[k] = bench_requests(ms, (enum kind)k, false, &qact);
	recn = bench_requests(ms, PROXY, true, &qact);

	printf("%-44s %12s %10s\n", "operation (one core)", "per second",
	       "ns each");
	for (k = 0; k < NKIND; k++)
		printf("%-44s %12.0f %10.0f\n", kind_name[k], r[k], 1e9 / r[k]);
	printf("%-44s %12.0f %10.0f\n", "Map-Request, proxy, from the ECM",
	       recn, 1e9 / recn);
	printf("%-44s %12.0f %10.0f\n", "Map-Register HMAC-SHA-256, new",
	       rate[0], 1e9 / rate[0]);
	printf("%-44s %12.0f %10.0f\n", "Map-Register HMAC-SHA-256, refresh",
	       rate[1], 1e9 / rate[1]);
	printf("%-44s %12.0f %10.0f\n", "  ... with Map-Notify", rate[2],
	       1e9 / rate[2]);
	printf("\ntarget: >= 200000 Map-Requests/s for the whole daemon\n");
	free(regs);
	lisp_ms_free(ms);
	return 0;
}
