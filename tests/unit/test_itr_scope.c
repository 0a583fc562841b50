// SPDX-License-Identifier: GPL-2.0
/*
 * What a Map-Reply may install (issue 11, item 2): only the most
 * specific record covering the EID asked, never wider than the minimum
 * prefix length of its family (lisp_itr_cfg.min_plen4/6); a TTL-0
 * record removes only a prefix the ITR installed itself; a static entry
 * (config, "lispd map-cache add") is never overwritten.
 */
#include "tap.h"
#include "test_itr.h"

#define T0	9000000

static struct lisp_itr_pkt pkt;
static struct lisp_itr_reply out;
static struct lisp_map_reply rep;
static uint8_t buf[8192];

/* A request for dst (no instance-id), rep ready for nrec records. */
static void ask(struct lisp_itr *itr, const char *dst, unsigned int nrec)
{
	struct lisp_itr_miss m = MISS("10.0.0.5", dst, false);

	if (lisp_itr_miss(itr, &m, T0, &pkt) != 1)
		exit(2);
	memset(&rep, 0, sizeof(rep));
	rep.nonce = pkt_nonce(&pkt);
	rep.nrec = nrec;
}

/* Record i of rep: prefix, TTL, ACT, one locator (none if NULL). */
static void set_rec(unsigned int i, const char *pfx, uint32_t ttl,
		    unsigned int act, const char *rloc)
{
	REC(&rep.rec[i], pfx, ttl, act);
	if (rloc)
		LOC(&rep.rec[i], rloc, 1, 100, true);
}

static int answer(struct lisp_itr *itr)
{
	return lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf,
				     sizeof(buf)), T0 + 5, &out);
}

static void too_wide(void)
{
	struct lisp_itr *itr = test_itr();
	const struct lisp_itr_stats *st = lisp_itr_stats(itr);
	int n;

	ask(itr, "10.1.2.3", 1);
	set_rec(0, "0.0.0.0/1", 1440, 0, "198.51.100.66");
	n = answer(itr);
	TAP_OK(n < 0 && out.nmap == 0,
	       "a positive 0.0.0.0/1 for 10.1.2.3: nothing installed (%d, %u)",
	       n, out.nmap);
	TAP_OK(st->too_wide == 1, "counted as too wide (%llu)",
	       (unsigned long long)st->too_wide);
	/* The same request still waits: the real answer is taken. */
	set_rec(0, "10.1.0.0/16", 1440, 0, "192.0.2.2");
	TAP_OK(answer(itr) == 1 && out.map[0].plen == 16,
	       "then the /16 from the same request's nonce is installed");
	lisp_itr_free(itr);

	itr = test_itr();
	st = lisp_itr_stats(itr);
	ask(itr, "10.1.2.3", 1);
	set_rec(0, "0.0.0.0/0", 0, 0, "198.51.100.66");
	n = answer(itr);
	TAP_OK(n < 0 && out.nmap == 0 && st->too_wide == 1,
	       "a TTL-0 0.0.0.0/0 for 10.1.2.3: nothing removed (%d, %u)",
	       n, out.nmap);
	lisp_itr_free(itr);

	itr = test_itr();
	ask(itr, "10.1.2.3", 1);
	REC(&rep.rec[0], "8.0.0.0/5", 15, LISP_ACT_NATIVELY_FORWARD);
	n = answer(itr);
	TAP_OK(n == 1 && out.map[0].plen == 8 &&
	       ip_is(&out.map[0].eid, "10.0.0.0") &&
	       out.map[0].action == LISP_MAP_FORWARD &&
	       lisp_itr_stats(itr)->narrowed == 1,
	       "a negative 8.0.0.0/5: narrowed to 10.0.0.0/8 (%d, /%u)", n,
	       out.map[0].plen);
	lisp_itr_free(itr);
}

static void min_plen_knob(void)
{
	struct lisp_itr_cfg cfg;
	struct lisp_itr *itr;

	test_cfg(&cfg);
	TAP_OK(cfg.min_plen4 == LISP_ITR_MIN_PLEN4 &&
	       cfg.min_plen6 == LISP_ITR_MIN_PLEN6 &&
	       LISP_ITR_MIN_PLEN4 == 8 && LISP_ITR_MIN_PLEN6 == 16,
	       "defaults: /8 IPv4, /16 IPv6");
	cfg.min_plen4 = 33;
	TAP_OK(!lisp_itr_new(&cfg), "min_plen4 33: invalid");
	cfg.min_plen4 = 0;
	cfg.min_plen6 = 129;
	TAP_OK(!lisp_itr_new(&cfg), "min_plen6 129: invalid");
	cfg.min_plen6 = 0;
	itr = lisp_itr_new(&cfg);
	ask(itr, "10.1.2.3", 1);
	set_rec(0, "0.0.0.0/1", 1440, 0, "192.0.2.2");
	TAP_OK(answer(itr) == 1 && out.map[0].plen == 1,
	       "min_plen4 0: the operator allows a /1");
	lisp_itr_free(itr);

	test_cfg(&cfg);
	cfg.min_plen4 = 24;
	itr = lisp_itr_new(&cfg);
	ask(itr, "10.1.2.3", 1);
	set_rec(0, "10.1.0.0/16", 1440, 0, "192.0.2.2");
	TAP_OK(answer(itr) < 0 && lisp_itr_stats(itr)->too_wide == 1,
	       "min_plen4 24: a /16 is too wide");
	lisp_itr_free(itr);
}

static void most_specific(void)
{
	struct lisp_itr *itr = test_itr();
	const struct lisp_itr_stats *st = lisp_itr_stats(itr);
	int n;

	ask(itr, "10.1.2.3", 3);
	set_rec(0, "10.0.0.0/8", 1440, 0, "198.51.100.66");
	set_rec(1, "10.1.2.0/24", 1440, 0, "192.0.2.2");
	set_rec(2, "10.1.0.0/16", 1440, 0, "198.51.100.67");
	n = answer(itr);
	TAP_OK(n == 1 && out.nmap == 1 && out.map[0].plen == 24 &&
	       ip_is(&out.map[0].loc[0].addr, "192.0.2.2"),
	       "three covering records: only the /24 (%d entries)", n);
	TAP_OK(st->not_most_specific == 2,
	       "the /8 and /16 counted (%llu)",
	       (unsigned long long)st->not_most_specific);
	lisp_itr_free(itr);
}

/* The ITR's own entries: the owned set. */
static void ownership(void)
{
	struct lisp_itr *itr = test_itr();
	const struct lisp_itr_stats *st = lisp_itr_stats(itr);
	struct lisp_itr_map m = { .dev = DEV, .plen = 24 };
	struct lisp_itr_map s = { .dev = DEV, .plen = 16 };
	struct lisp_itr_map r;

	m.eid = IP("10.1.2.0");
	s.eid = IP("10.1.0.0");
	TAP_OK(lisp_itr_may_install(itr, &m, false) &&
	       !lisp_itr_owns(itr, &m), "no entry there: may install");
	TAP_OK(lisp_itr_installed(itr, &m) == 0 && lisp_itr_owns(itr, &m),
	       "installed: owned");
	TAP_OK(lisp_itr_may_install(itr, &m, true),
	       "its own entry there: may replace");
	TAP_OK(!lisp_itr_may_install(itr, &s, true) && st->not_owned == 1,
	       "a static entry there: not replaced, counted");
	r = m;
	r.remove = true;
	TAP_OK(lisp_itr_may_install(itr, &r, true),
	       "TTL 0 for its own entry: removed");
	r = s;
	r.remove = true;
	TAP_OK(!lisp_itr_may_install(itr, &r, true) && st->not_owned == 2,
	       "TTL 0 for a static entry: kept, counted");
	lisp_itr_removed(itr, &m);
	TAP_OK(!lisp_itr_owns(itr, &m), "removed: no longer owned");
	/* What the kernel no longer has (expired) is forgotten. */
	lisp_itr_installed(itr, &m);
	lisp_itr_installed(itr, &s);
	lisp_itr_owned_sweep_begin(itr);
	lisp_itr_owned_seen(itr, s.dev, &s.eid, s.plen);
	TAP_OK(lisp_itr_owned_sweep_end(itr) == 1 && !lisp_itr_owns(itr, &m) &&
	       lisp_itr_owns(itr, &s), "sweep: the expired /24 forgotten");
	lisp_itr_free(itr);
}

/* Many entries: the table grows and finds each of them. */
static void owned_many(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_map m = { .dev = DEV, .plen = 32 };
	unsigned int i, bad = 0;

	m.eid = IP("10.0.0.0");
	for (i = 0; i < 5000; i++) {
		m.eid.addr[2] = (uint8_t)(i >> 8);
		m.eid.addr[3] = (uint8_t)i;
		if (lisp_itr_installed(itr, &m))
			bad++;
	}
	for (i = 0; i < 5000; i += 2) {
		m.eid.addr[2] = (uint8_t)(i >> 8);
		m.eid.addr[3] = (uint8_t)i;
		lisp_itr_removed(itr, &m);
	}
	for (i = 0; i < 5000; i++) {
		m.eid.addr[2] = (uint8_t)(i >> 8);
		m.eid.addr[3] = (uint8_t)i;
		if (lisp_itr_owns(itr, &m) != (i & 1))
			bad++;
	}
	TAP_OK(!bad && lisp_itr_nowned(itr) == 2500,
	       "5000 added, every other removed: %u wrong", bad);
	lisp_itr_free(itr);
}

int main(void)
{
	too_wide();
	min_plen_knob();
	most_specific();
	ownership();
	owned_many();
	return tap_done();
}
