// SPDX-License-Identifier: GPL-2.0
/*
 * RLOC probing (agent/itr/probe.c): the probe is a bare Map-Request with
 * the P bit for the entry's prefix, straight to the RLOC; one probe per
 * RLOC however many entries list it; sent / answered / timed out /
 * down / up with the retries and the bound on the time to down; nonces
 * and sources matched, forged and late answers counted and ignored; the
 * table and the rate bounded; idle RLOCs forgotten; the kernel's view
 * taken in.  With PROBE_PCAP=FILE set it also writes a probe and its
 * answer to FILE for tests/host/itr_tshark.sh.
 */
#include <inttypes.h>

#include "itr/probe.h"
#include "tap.h"
#include "test_itr.h"

#define T0	7000000		/* now_ms of the first probe */
#define R1	"198.51.100.1"
#define R2	"198.51.100.2"
#define R6	"2001:db8:2::1"

static struct lisp_probe_tick tick;
static struct lisp_map_request req;
static struct lisp_map_reply rep;
static uint8_t buf[4096];

static struct lisp_probe_cfg cfg_of(uint32_t interval, unsigned int retries,
				    uint32_t retry)
{
	struct lisp_probe_cfg c;

	lisp_probe_cfg_init(&c);
	c.interval_ms = interval;
	c.retries = retries;
	c.retry_ms = retry;
	c.nrloc = 2;
	c.rloc[0] = IP(RLOC6);
	c.rloc[1] = IP(RLOC4);
	c.random = seq_random;
	c.random_arg = &nonce_seq;
	return c;
}

static struct lisp_probe *prober(uint32_t interval, unsigned int retries,
				 uint32_t retry)
{
	struct lisp_probe_cfg c = cfg_of(interval, retries, retry);

	return lisp_probe_new(&c);
}

/*
 * An entry dev DEV iid IID 10.2.0.0/24 listing rloc and another
 * locator (alt: down in the kernel moves its traffic there).
 */
static struct lisp_probe_use USE(const char *rloc, bool in_use, bool up)
{
	struct lisp_probe_use u = {
		.rloc = IP(rloc), .kernel_up = up, .in_use = in_use,
		.alt = true,
		.dev = DEV, .has_iid = true, .iid = IID,
		.eid = IP("10.2.0.0"), .plen = 24,
	};

	return u;
}

static int seen(struct lisp_probe *pr, const char *rloc, bool in_use,
		bool up, uint64_t now)
{
	struct lisp_probe_use u = USE(rloc, in_use, up);

	return lisp_probe_seen(pr, &u, now);
}

static int decode_probe(const struct lisp_itr_pkt *p)
{
	if (lisp_msg_type(p->buf, p->len) != LISP_MAP_REQUEST)
		return -1;
	return lisp_map_request_parse(p->buf, p->len, &req);
}

/* The probe of tick to rloc, or NULL. */
static const struct lisp_itr_pkt *probe_to(const char *rloc)
{
	struct lisp_ip ip = IP(rloc);
	unsigned int i;

	for (i = 0; i < tick.npkt; i++) {
		if (lisp_ip_equal(&tick.pkt[i].dst, &ip))
			return &tick.pkt[i];
	}
	return NULL;
}

static uint64_t nonce_of(const struct lisp_itr_pkt *p)
{
	return p && !decode_probe(p) ? req.nonce : 0;
}

/* The answer an ETR gives: P, the nonce, a record for 10.2.0.0/24. */
static size_t answer(uint64_t nonce, bool probe)
{
	memset(&rep, 0, sizeof(rep));
	rep.probe = probe;
	rep.nonce = nonce;
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.2.0.0/24", 1440, LISP_ACT_NO_ACTION);
	LOC(&rep.rec[0], R1, 1, 100, true);
	LOC(&rep.rec[0], R2, 2, 100, true);
	return reply_bytes(&rep, buf, sizeof(buf));
}

static int reply(struct lisp_probe *pr, uint64_t nonce, const char *src,
		 uint64_t now, struct lisp_probe_event *ev)
{
	struct lisp_ip ip = IP(src);
	size_t n = answer(nonce, true);

	return lisp_probe_handle_reply(pr, buf, n, &ip, now, ev);
}

struct seen_info {
	const char *rloc;
	struct lisp_probe_info info;
	bool found;
};

static int find_info(const struct lisp_probe_info *i, void *arg)
{
	struct seen_info *s = arg;
	struct lisp_ip ip = IP(s->rloc);

	if (!lisp_ip_equal(&i->rloc, &ip))
		return 0;
	s->info = *i;
	s->found = true;
	return 1;
}

static struct seen_info info_of(struct lisp_probe *pr, const char *rloc)
{
	struct seen_info s = { .rloc = rloc };

	lisp_probe_walk(pr, find_info, &s);
	return s;
}

/* ---- pcap of a probe and its answer for tshark (itr_tshark.sh) ---- */

#define LINKTYPE_RAW	101

static void pcap_frame(FILE *f, const char *src, const char *dst,
		       const uint8_t *msg, size_t len, unsigned int n)
{
	struct lisp_ip_udp h = {
		.src = IP(src), .dst = IP(dst), .ttl = 64,
		.sport = LISP_CONTROL_PORT, .dport = LISP_CONTROL_PORT,
	};
	uint8_t frame[2048];
	uint32_t rec[4] = { n, 0, 0, 0 };
	int hl = lisp_ip_udp_write(&h, msg, len, frame, sizeof(frame));

	if (hl < 0)
		exit(2);
	memcpy(frame + hl, msg, len);
	rec[2] = rec[3] = (uint32_t)((size_t)hl + len);
	fwrite(rec, sizeof(rec), 1, f);
	fwrite(frame, (size_t)hl + len, 1, f);
}

static void pcap_write(const struct lisp_itr_pkt *probe, uint64_t nonce)
{
	const char *path = getenv("PROBE_PCAP");
	uint32_t head[6] = { 0xa1b2c3d4, 2 | 4 << 16, 0, 0, 65535,
			     LINKTYPE_RAW };
	size_t n;
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(2);
	}
	fwrite(head, sizeof(head), 1, f);
	pcap_frame(f, RLOC4, R1, probe->buf, probe->len, 1);
	n = answer(nonce, true);
	pcap_frame(f, R1, RLOC4, buf, n, 2);
	fclose(f);
}

/* ---- the tests ---- */

static void test_config(void)
{
	struct lisp_probe_cfg c = cfg_of(10000, 2, 1000);
	struct lisp_probe *pr;

	pr = lisp_probe_new(&c);
	TAP_OK(pr && lisp_probe_count(pr) == 0, "a prober, empty");
	c.interval_ms = 0;
	TAP_OK(!lisp_probe_new(&c), "interval 0 refused");
	c = cfg_of(10000, 2, 20000);
	TAP_OK(!lisp_probe_new(&c), "retry longer than the interval refused");
	c = cfg_of(10000, LISP_PROBE_RETRIES_MAX + 1, 1000);
	TAP_OK(lisp_probe_configure(pr, &c) == -LISP_ITR_ERR_INVALID,
	       "retries past the bound refused");
	c = cfg_of(10000, 2, 1000);
	c.random = NULL;
	TAP_OK(!lisp_probe_new(&c), "no random source refused");
	c = cfg_of(5000, 3, 500);
	TAP_OK(lisp_probe_configure(pr, &c) == 0 &&
	       lisp_probe_config(pr)->interval_ms == 5000 &&
	       lisp_probe_config(pr)->max_rlocs == LISP_PROBE_RLOCS_MAX,
	       "reconfigured, max_rlocs kept");
	lisp_probe_free(pr);
	lisp_probe_cfg_init(&c);
	TAP_OK(c.interval_ms == LISP_PROBE_INTERVAL_MS &&
	       c.retries == LISP_PROBE_RETRIES &&
	       c.retry_ms == LISP_PROBE_RETRY_MS &&
	       LISP_PROBE_INTERVAL_MS + (LISP_PROBE_RETRIES + 1) *
	       LISP_PROBE_RETRY_MS <= LISP_PROBE_INTERVAL_MS *
	       (LISP_PROBE_RETRIES + 1),
	       "defaults %u ms, %u retries %u ms apart: down within "
	       "interval x (retries + 1)", LISP_PROBE_INTERVAL_MS,
	       LISP_PROBE_RETRIES, LISP_PROBE_RETRY_MS);
}

static void test_probe_message(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_use u = USE(R1, true, true);
	const struct lisp_itr_pkt *p;
	char a[LISP_ADDR_STRLEN];
	struct lisp_ip ip4 = IP(RLOC4);

	TAP_OK(seen(pr, R1, false, true, T0) == 0 &&
	       lisp_probe_count(pr) == 0, "an idle entry, RLOC up: not probed");
	TAP_OK(lisp_probe_seen(pr, &u, T0) == 0 && lisp_probe_count(pr) == 1,
	       "an entry in use: its RLOC is probed");
	TAP_OK(lisp_probe_next_deadline(pr) == T0, "at once");
	lisp_probe_tick(pr, T0, &tick);
	p = probe_to(R1);
	TAP_OK(tick.npkt == 1 && p && p->dport == LISP_CONTROL_PORT,
	       "one probe, to %s port 4342", R1);
	TAP_OK(p && decode_probe(p) == 0, "a bare Map-Request (no ECM)");
	TAP_OK(req.probe && !req.smr && !req.smr_invoked && !req.pitr,
	       "P bit set, S and s clear");
	lisp_addr_to_str(&req.rec[0].addr, a, sizeof(a));
	TAP_OK(req.nrec == 1 && req.rec[0].plen == 24 &&
	       req.rec[0].addr.kind == LISP_ADDR_IID &&
	       req.rec[0].addr.iid == IID && !strcmp(a, "[7]10.2.0.0"),
	       "EID-record: the entry's prefix in its instance (%s/%u)", a,
	       req.rec[0].plen);
	TAP_OK(req.nitr == 2 && lisp_ip_equal(&req.itr_rloc[0].ip[0], &ip4),
	       "ITR-RLOCs, those of the RLOC's family first");
	TAP_OK(req.source_eid.ip[0].afi == LISP_AFI_NONE,
	       "no source EID");
	TAP_OK(req.nonce != 0 && lisp_probe_stats(pr)->probes_sent == 1,
	       "a nonce; counted");
	pcap_write(p, req.nonce);
	lisp_probe_free(pr);

	/* An IPv6 RLOC: the IPv6 ITR-RLOC first. */
	pr = prober(10000, 2, 1000);
	seen(pr, R6, true, true, T0);
	lisp_probe_tick(pr, T0, &tick);
	ip4 = IP(RLOC6);
	TAP_OK(tick.npkt == 1 && !decode_probe(&tick.pkt[0]) &&
	       lisp_ip_equal(&req.itr_rloc[0].ip[0], &ip4),
	       "IPv6 RLOC: IPv6 ITR-RLOC first");
	lisp_probe_free(pr);
}

/* A multihomed ITR: the routing's source toward each RLOC. */
static int fake_source(void *arg, const struct lisp_ip *rloc,
		       struct lisp_ip *src)
{
	(void)arg;
	if (rloc->afi != LISP_AFI_IPV4)
		return -1;			/* no IPv6 route */
	*src = IP(rloc->addr[3] == 1 ? RLOC4 : "192.0.2.22");
	return 0;
}

static void test_probe_source(void)
{
	struct lisp_probe_cfg c = cfg_of(10000, 2, 1000);
	struct lisp_probe *pr;
	const struct lisp_itr_pkt *p;

	c.source = fake_source;
	pr = lisp_probe_new(&c);
	seen(pr, R1, true, true, T0);
	seen(pr, R2, true, true, T0);
	seen(pr, R6, true, true, T0);
	lisp_probe_tick(pr, T0, &tick);
	p = probe_to(R2);
	TAP_OK(p && ip_is(&p->src, "192.0.2.22") && !decode_probe(p) &&
	       req.nitr == 3 && ip_is(&req.itr_rloc[0].ip[0], "192.0.2.22") &&
	       ip_is(&req.itr_rloc[1].ip[0], RLOC4),
	       "probe to %s: from the route's source 192.0.2.22, the first "
	       "ITR-RLOC (the answer comes back there), then the others", R2);
	p = probe_to(R1);
	TAP_OK(p && ip_is(&p->src, RLOC4) && !decode_probe(p) &&
	       req.nitr == 2 && ip_is(&req.itr_rloc[0].ip[0], RLOC4),
	       "probe to %s: from %s, listed once", R1, RLOC4);
	p = probe_to(R6);
	TAP_OK(p && p->src.afi == LISP_AFI_NONE && !decode_probe(p) &&
	       req.nitr == 2 && ip_is(&req.itr_rloc[0].ip[0], RLOC6),
	       "no route: the kernel's choice, the configured ITR-RLOCs");
	lisp_probe_free(pr);
}

/* Instance 0 (issue 14): a plain EID unless iid0-encoding lcaf. */
static void test_probe_iid0(void)
{
	struct lisp_probe_cfg c = cfg_of(10000, 2, 1000);
	struct lisp_probe_use u = USE(R1, true, true);
	struct lisp_probe *pr;
	int lcaf;

	u.iid = 0;
	for (lcaf = 0; lcaf < 2; lcaf++) {
		c.iid0_lcaf = lcaf;
		pr = lisp_probe_new(&c);
		lisp_probe_seen(pr, &u, T0);
		lisp_probe_tick(pr, T0, &tick);
		TAP_OK(tick.npkt == 1 && !decode_probe(&tick.pkt[0]) &&
		       req.rec[0].addr.kind ==
		       (lcaf ? LISP_ADDR_IID : LISP_ADDR_IP) &&
		       (!lcaf || req.rec[0].addr.iid == 0),
		       "instance 0: %s EID-record", lcaf ? "an LCAF" : "a plain");
		lisp_probe_free(pr);
	}
}

static void test_answered(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_event ev;
	struct seen_info s;
	uint64_t n, next;

	seen(pr, R1, true, true, T0);
	lisp_probe_tick(pr, T0, &tick);
	n = nonce_of(probe_to(R1));
	TAP_OK(lisp_probe_next_deadline(pr) == T0 + 1000,
	       "waiting for the answer until retry");
	TAP_OK(reply(pr, n, R1, T0 + 7, &ev) == 0,
	       "the answer: matched, RLOC stays up (no event)");
	s = info_of(pr, R1);
	TAP_OK(s.found && s.info.state == LISP_PROBE_UP && s.info.answered &&
	       s.info.rtt_ms == 7 && s.info.misses == 0 && !s.info.waiting &&
	       s.info.last_reply_ms == T0 + 7 && s.info.replies == 1,
	       "up, answered, rtt 7 ms");
	next = lisp_probe_next_deadline(pr);
	TAP_OK(next >= T0 + 9000 && next <= T0 + 10000,
	       "next probe an interval after the last, jittered by at most a "
	       "tenth (%" PRIu64 " ms)", next - T0);
	TAP_OK(reply(pr, n, R1, T0 + 8, &ev) == -LISP_ITR_ERR_UNKNOWN_NONCE &&
	       lisp_probe_stats(pr)->replies_unmatched == 1,
	       "the same answer again: no probe out, counted");
	lisp_probe_tick(pr, T0 + 5000, &tick);
	TAP_OK(tick.npkt == 0, "nothing before the interval");
	lisp_probe_tick(pr, next, &tick);
	TAP_OK(tick.npkt == 1 && nonce_of(probe_to(R1)) != n,
	       "the next probe, a fresh nonce");
	lisp_probe_free(pr);
}

/* Probes unanswered from t: the time the RLOC went down, or 0. */
static uint64_t run_dead(struct lisp_probe *pr, uint64_t t, uint64_t until,
			 unsigned int *probes, struct lisp_probe_event *ev)
{
	uint64_t at;

	while ((at = lisp_probe_next_deadline(pr)) <= until) {
		lisp_probe_tick(pr, at, &tick);
		*probes += tick.npkt;
		if (tick.nevent) {
			*ev = tick.event[0];
			return at;
		}
		(void)t;
	}
	return 0;
}

static void test_timeout_down_up(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_event ev;
	unsigned int probes = 0;
	uint64_t n, last_answer, down, t, n_old;
	struct seen_info s;

	seen(pr, R1, true, true, T0);
	lisp_probe_tick(pr, T0, &tick);
	reply(pr, nonce_of(probe_to(R1)), R1, T0 + 5, &ev);
	last_answer = T0 + 5;
	/* The link dies now: the next probe and its retries go unanswered. */
	t = lisp_probe_next_deadline(pr);
	lisp_probe_tick(pr, t, &tick);
	n_old = nonce_of(probe_to(R1));
	TAP_OK(tick.npkt == 1 && tick.nevent == 0, "probe at %" PRIu64 " ms",
	       t - T0);
	lisp_probe_tick(pr, t + 999, &tick);
	TAP_OK(tick.npkt == 0, "no retry before retry-interval");
	lisp_probe_tick(pr, t + 1000, &tick);
	n = nonce_of(probe_to(R1));
	s = info_of(pr, R1);
	TAP_OK(tick.npkt == 1 && tick.nevent == 0 && n != n_old &&
	       s.info.misses == 1 && s.info.state == LISP_PROBE_UP,
	       "no answer in 1 s: a miss, a retry at once with a new nonce");
	TAP_OK(reply(pr, n_old, R1, t + 1001, &ev) ==
	       -LISP_ITR_ERR_UNKNOWN_NONCE, "a late answer to the first try "
	       "does not count");
	probes = 0;
	down = run_dead(pr, t, t + 60000, &probes, &ev);
	TAP_OK(down == t + 3000 && probes == 1 && ev.misses == 3 && !ev.up &&
	       ev.kernel && ip_is(&ev.rloc, R1),
	       "the second retry unanswered: down at +%" PRIu64 " ms, "
	       "3 misses, one event", down - t);
	TAP_OK(down - last_answer <= 10000 + 3 * 1000,
	       "down %" PRIu64 " ms after the last answer: within interval + "
	       "(retries + 1) x retry", down - last_answer);
	s = info_of(pr, R1);
	TAP_OK(s.info.state == LISP_PROBE_DOWN && s.info.changed_ms == down &&
	       lisp_probe_stats(pr)->rloc_down_events == 1 &&
	       lisp_probe_stats(pr)->probe_timeouts == 3,
	       "down; counted: 3 timeouts, 1 down event");
	{
		struct lisp_ip ip = IP(R1);

		TAP_OK(lisp_probe_is_down(pr, &ip), "lisp_probe_is_down()");
	}
	/* Down: one probe an interval, no retries. */
	probes = 0;
	t = down;
	while (lisp_probe_next_deadline(pr) <= down + 35000) {
		t = lisp_probe_next_deadline(pr);
		lisp_probe_tick(pr, t, &tick);
		probes += tick.npkt;
	}
	TAP_OK(probes >= 3 && probes <= 4 && !tick.nevent,
	       "down: %u probes in 35 s (one an interval, no retries)", probes);
	/* The link is back: the next probe is answered. */
	t = lisp_probe_next_deadline(pr);
	lisp_probe_tick(pr, t, &tick);
	n = nonce_of(probe_to(R1));
	TAP_OK(reply(pr, n, R1, t + 12, &ev) == 1 && ev.up && ev.rtt_ms == 12 &&
	       ev.kernel, "an answer: up (in the kernel too), with its rtt");
	s = info_of(pr, R1);
	TAP_OK(s.info.state == LISP_PROBE_UP && s.info.misses == 0 &&
	       lisp_probe_stats(pr)->rloc_up_events == 1,
	       "up; counted: 1 up event");
	lisp_probe_free(pr);
}

/*
 * The only locator of its entries: down here, held up in the kernel
 * (down would only drop the traffic, also when just the ETR's lispd
 * stopped); once an entry lists another locator, down in the kernel.
 */
static void test_sole_locator(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_use u = USE(R1, true, true);
	struct lisp_probe_event ev;
	struct lisp_ip r1 = IP(R1);
	struct seen_info s;
	uint64_t down, t;

	u.alt = false;
	lisp_probe_seen(pr, &u, T0);
	down = run_dead(pr, T0, T0 + 20000, &(unsigned int){ 0 }, &ev);
	s = info_of(pr, R1);
	TAP_OK(down && !ev.up && !ev.kernel && s.info.state == LISP_PROBE_DOWN &&
	       !s.info.kernel_down && !lisp_probe_is_down(pr, &r1),
	       "sole locator: down, but held up in the kernel");
	TAP_OK(lisp_probe_seen(pr, &u, down + 1) == 0,
	       "the kernel shows it up: nothing to tell it");
	t = lisp_probe_next_deadline(pr);
	lisp_probe_tick(pr, t, &tick);
	TAP_OK(reply(pr, nonce_of(probe_to(R1)), R1, t + 2, &ev) == 1 &&
	       ev.up && !ev.kernel, "it answers: up, nothing to undo in the "
	       "kernel");
	run_dead(pr, t, t + 30000, &(unsigned int){ 0 }, &ev);
	u.alt = true;
	t = lisp_probe_next_deadline(pr);
	TAP_OK(lisp_probe_seen(pr, &u, t) == 1 && lisp_probe_is_down(pr, &r1),
	       "an entry with another locator lists it: down in the kernel");
	s = info_of(pr, R1);
	TAP_OK(s.info.kernel_down, "shown as down in the kernel");
	lisp_probe_free(pr);
}

static void test_retries_zero(void)
{
	struct lisp_probe *pr = prober(2000, 0, 500);
	struct lisp_probe_event ev;
	unsigned int probes = 0;
	uint64_t down;

	seen(pr, R1, true, true, T0);
	down = run_dead(pr, T0, T0 + 10000, &probes, &ev);
	TAP_OK(down == T0 + 500 && probes == 1,
	       "retries 0: down when the one probe goes unanswered");
	lisp_probe_free(pr);
}

static void test_forged(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_event ev;
	struct seen_info s;
	struct lisp_ip src = IP(R1);
	uint64_t n;
	size_t len;

	seen(pr, R1, true, true, T0);
	seen(pr, R2, true, false, T0);
	lisp_probe_tick(pr, T0, &tick);
	TAP_OK(tick.npkt == 2, "two RLOCs, two probes");
	n = nonce_of(probe_to(R2));
	TAP_OK(reply(pr, 0x1234567890abcdefULL, R2, T0 + 1, &ev) ==
	       -LISP_ITR_ERR_UNKNOWN_NONCE, "a forged answer (wrong nonce)");
	TAP_OK(reply(pr, n, R1, T0 + 1, &ev) == -LISP_ITR_ERR_WRONG_SOURCE &&
	       lisp_probe_stats(pr)->replies_wrong_source == 1,
	       "R2's nonce from R1: refused, counted");
	len = answer(n, false);
	TAP_OK(lisp_probe_handle_reply(pr, buf, len, &src, T0 + 1, &ev) < 0 &&
	       lisp_probe_stats(pr)->replies_malformed == 1,
	       "an answer without the P bit is not a probe's");
	TAP_OK(lisp_probe_handle_reply(pr, buf, 5, &src, T0 + 1, &ev) < 0,
	       "a truncated one");
	s = info_of(pr, R2);
	TAP_OK(s.info.state == LISP_PROBE_DOWN && s.info.waiting &&
	       lisp_probe_stats(pr)->rloc_up_events == 0,
	       "R2 still down, its probe still out");
	TAP_OK(reply(pr, n, R2, T0 + 2, &ev) == 1 && ev.up,
	       "R2's own answer still counts: up");
	TAP_OK(lisp_map_reply_is_probe(buf, answer(n, true)) &&
	       !lisp_map_reply_is_probe(buf, answer(n, false)) &&
	       !lisp_map_reply_is_probe(buf, 3),
	       "lisp_map_reply_is_probe()");
	lisp_probe_free(pr);
}

/* One RLOC per distinct address however many entries list it. */
static void test_per_rloc(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_use u;
	unsigned int i, probes = 0, nrloc = 1000;
	uint64_t t, end = T0 + 50000;
	char a[64];

	for (i = 0; i < 1000000; i++) {
		snprintf(a, sizeof(a), "198.51.%u.%u", (i % nrloc) / 250,
			 (i % nrloc) % 250 + 1);
		u = USE(a, true, true);
		u.eid = IP("10.0.0.0");
		u.eid.addr[1] = (uint8_t)(i >> 16);
		u.eid.addr[2] = (uint8_t)(i >> 8);
		u.eid.addr[3] = (uint8_t)i;
		u.plen = 32;
		lisp_probe_seen(pr, &u, T0);
	}
	TAP_OK(lisp_probe_count(pr) == nrloc,
	       "1,000,000 entries over %u RLOCs: %u probed", nrloc,
	       lisp_probe_count(pr));
	while ((t = lisp_probe_next_deadline(pr)) < end) {
		lisp_probe_tick(pr, t, &tick);
		probes += tick.npkt;
		for (i = 0; i < tick.npkt; i++) {
			struct lisp_probe_event ev;

			decode_probe(&tick.pkt[i]);
			lisp_ip_to_str(&tick.pkt[i].dst, a, sizeof(a));
			reply(pr, req.nonce, a, t + 1, &ev);
		}
	}
	/* Intervals of 9 to 10 s (jitter): 5 or 6 probes in 50 s. */
	TAP_OK(probes >= 5 * nrloc && probes <= 6 * nrloc &&
	       lisp_probe_stats(pr)->probe_replies == probes &&
	       lisp_probe_stats(pr)->probe_timeouts == 0,
	       "%u probes in 50 s: one per RLOC an interval, all answered",
	       probes);
	lisp_probe_free(pr);
}

static void test_bounds(void)
{
	struct lisp_probe_cfg c = cfg_of(10000, 2, 1000);
	struct lisp_probe *pr;
	unsigned int i, probes;
	uint64_t t;
	char a[64];

	c.max_rlocs = 100;
	c.rate = 1000;
	c.burst = 1000;
	pr = lisp_probe_new(&c);
	for (i = 0; i < 150; i++) {
		snprintf(a, sizeof(a), "198.51.100.%u", i + 1);
		seen(pr, a, true, true, T0);
	}
	TAP_OK(lisp_probe_count(pr) == 100 &&
	       lisp_probe_stats(pr)->table_full == 50,
	       "max_rlocs 100: 100 probed, 50 refused and counted");
	lisp_probe_tick(pr, T0, &tick);
	TAP_OK(tick.npkt == LISP_PROBE_TICK_MAX &&
	       lisp_probe_next_deadline(pr) <= T0,
	       "a tick sends at most %u, the rest at the next",
	       LISP_PROBE_TICK_MAX);
	lisp_probe_tick(pr, T0, &tick);
	TAP_OK(tick.npkt == 100 - LISP_PROBE_TICK_MAX, "the rest");
	lisp_probe_free(pr);

	/* Rate: 10 a second, burst 5. */
	c = cfg_of(10000, 2, 1000);
	c.rate = 10;
	c.burst = 5;
	pr = lisp_probe_new(&c);
	for (i = 0; i < 50; i++) {
		snprintf(a, sizeof(a), "198.51.100.%u", i + 1);
		seen(pr, a, true, true, T0);
	}
	lisp_probe_tick(pr, T0, &tick);
	TAP_OK(tick.npkt == 5 && lisp_probe_stats(pr)->rate_limited == 1,
	       "rate 10/s burst 5: 5 at once, then held");
	TAP_OK(lisp_probe_next_deadline(pr) == T0 + 100,
	       "the next when a token is due (+100 ms)");
	probes = 0;
	while ((t = lisp_probe_next_deadline(pr)) <= T0 + 1000) {
		lisp_probe_tick(pr, t, &tick);
		probes += tick.npkt;
	}
	TAP_OK(probes == 10, "10 more in the next second (%u)", probes);
	lisp_probe_free(pr);
}

static void test_forget(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_event ev;
	uint64_t t = T0, end;

	seen(pr, R1, true, true, T0);
	/* Answered all along; the entry stays seen but idle after T0. */
	end = T0 + LISP_PROBE_IDLE_MS + 20000;
	while ((t = lisp_probe_next_deadline(pr)) < end) {
		lisp_probe_tick(pr, t, &tick);
		if (tick.npkt)
			reply(pr, nonce_of(&tick.pkt[0]), R1, t + 1, &ev);
		seen(pr, R1, false, true, t);
	}
	TAP_OK(lisp_probe_count(pr) == 0 &&
	       lisp_probe_stats(pr)->forgotten == 1,
	       "up, not in use for %u s: no longer probed",
	       LISP_PROBE_IDLE_MS / 1000);

	/* Down, its entry idle (no traffic can flow) but still there. */
	t = end;
	seen(pr, R2, true, true, t);
	run_dead(pr, t, t + 20000, &(unsigned int){ 0 }, &ev);
	end = t + 3 * LISP_PROBE_IDLE_MS;
	while ((t = lisp_probe_next_deadline(pr)) < end) {
		lisp_probe_tick(pr, t, &tick);
		seen(pr, R2, false, false, t);
	}
	TAP_OK(lisp_probe_count(pr) == 1,
	       "down, entry idle but still cached: still probed");
	while ((t = lisp_probe_next_deadline(pr)) < end + 2 * LISP_PROBE_IDLE_MS)
		lisp_probe_tick(pr, t, &tick);
	TAP_OK(lisp_probe_count(pr) == 0 &&
	       lisp_probe_stats(pr)->forgotten == 2,
	       "down, no entry lists it any more: forgotten");
	lisp_probe_free(pr);
}

static void test_kernel_view(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_event ev;
	struct seen_info s;
	struct lisp_ip r1 = IP(R1);
	uint64_t t;

	TAP_OK(seen(pr, R1, false, false, T0) == 0,
	       "an idle entry whose RLOC the kernel shows down (a restart)");
	s = info_of(pr, R1);
	TAP_OK(s.found && s.info.state == LISP_PROBE_DOWN,
	       "taken in as down, probed");
	lisp_probe_tick(pr, T0, &tick);
	TAP_OK(reply(pr, nonce_of(probe_to(R1)), R1, T0 + 3, &ev) == 1 &&
	       ev.up, "it answers: up (an event for the kernel)");
	TAP_OK(seen(pr, R1, true, true, T0 + 10) == 0,
	       "the kernel agrees: nothing to do");
	/* Someone marks it down by hand: down here, asked at once. */
	TAP_OK(seen(pr, R1, true, false, T0 + 100) == 0 &&
	       lisp_probe_is_down(pr, &r1) &&
	       lisp_probe_next_deadline(pr) == T0 + 100,
	       "the kernel shows it down: down, probed at once");
	lisp_probe_tick(pr, T0 + 100, &tick);
	TAP_OK(reply(pr, nonce_of(probe_to(R1)), R1, T0 + 101, &ev) == 1,
	       "answered: up again");
	/* Probing finds it down; the kernel shows up: tell it again. */
	t = lisp_probe_next_deadline(pr);
	run_dead(pr, t, t + 20000, &(unsigned int){ 0 }, &ev);
	t = lisp_probe_next_deadline(pr);
	TAP_OK(seen(pr, R1, true, true, t) == 1,
	       "down here, up in the kernel: the kernel is told again");
	TAP_OK(seen(pr, R1, true, true, t + 1) == 0,
	       "once an interval, not per entry");
	TAP_OK(seen(pr, R1, true, true, t + 10000) == 1,
	       "again an interval later");
	TAP_OK(lisp_probe_seen(pr, &(struct lisp_probe_use){ 0 }, t) ==
	       -LISP_ITR_ERR_INVALID, "no address: refused");
	lisp_probe_free(pr);
}

/* Many RLOCs dying at once: every one down, in time, bounded work. */
static void test_many_down(void)
{
	struct lisp_probe *pr = prober(2000, 2, 500);
	unsigned int i, downs = 0, probes = 0;
	uint64_t t, worst = 0;
	char a[64];

	for (i = 0; i < 500; i++) {
		snprintf(a, sizeof(a), "198.51.%u.%u", i / 250, i % 250 + 1);
		seen(pr, a, true, true, T0);
	}
	while ((t = lisp_probe_next_deadline(pr)) <= T0 + 20000 &&
	       downs < 500) {
		lisp_probe_tick(pr, t, &tick);
		probes += tick.npkt;
		downs += tick.nevent;
		if (tick.nevent && t - T0 > worst)
			worst = t - T0;
	}
	TAP_OK(downs == 500 && probes == 1500,
	       "500 dead RLOCs: 500 down events after 1500 probes (%u, %u)",
	       downs, probes);
	TAP_OK(worst <= 2000 + 3 * 500,
	       "the last down after %" PRIu64 " ms", worst);
	lisp_probe_free(pr);
}

/*
 * A hint (locator-status-bits that disagree, issue 12 item 4) brings
 * the next probe forward, at most once per retry_ms, never while one
 * is out; the state stays until an answer or its absence says.
 */
static void test_hint(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_ip r1 = IP(R1), r2 = IP(R2);
	struct lisp_probe_event ev;
	struct seen_info s;
	uint64_t n;

	TAP_OK(lisp_probe_hint(pr, &r2, T0) == 0 &&
	       lisp_probe_stats(pr)->hints == 1 &&
	       lisp_probe_stats(pr)->hint_probes == 0,
	       "hint for an RLOC not in the table: nothing, counted");
	seen(pr, R1, true, true, T0);
	lisp_probe_tick(pr, T0, &tick);
	n = nonce_of(probe_to(R1));
	TAP_OK(lisp_probe_hint(pr, &r1, T0 + 10) == 0,
	       "hint while a probe is out: nothing");
	TAP_OK(reply(pr, n, R1, T0 + 20, &ev) == 0, "answered");
	TAP_OK(lisp_probe_hint(pr, &r1, T0 + 500) == 0,
	       "hint within retry of the last probe: nothing");
	TAP_OK(lisp_probe_hint(pr, &r1, T0 + 1500) == 1 &&
	       lisp_probe_next_deadline(pr) == T0 + 1500 &&
	       lisp_probe_stats(pr)->hint_probes == 1,
	       "hint after retry: the probe is due now, counted");
	lisp_probe_tick(pr, T0 + 1500, &tick);
	s = info_of(pr, R1);
	TAP_OK(tick.npkt == 1 && probe_to(R1) && s.info.state == LISP_PROBE_UP &&
	       tick.nevent == 0,
	       "the probe leaves; the RLOC stays up (the hint decides nothing)");
	lisp_probe_free(pr);
}

/* The EID-record of probe p as "[IID]prefix/plen", "" if it does not decode. */
static const char *probe_eid(const struct lisp_itr_pkt *p)
{
	static char s[LISP_ADDR_STRLEN + 8];
	char a[LISP_ADDR_STRLEN];

	if (!p || decode_probe(p) || req.nrec != 1)
		return "";
	lisp_addr_to_str(&req.rec[0].addr, a, sizeof(a));
	snprintf(s, sizeof(s), "%s/%u", a, req.rec[0].plen);
	return s;
}

/*
 * A host moved (issue 12): the proxy ITR's probes to R1 named the
 * host's /32, in use, whose mapping now lists R2 (it moved to R2's
 * xTR); 10.2.0.0/24, idle, still lists R1 and R2.  R1's ETR no longer
 * answers for the host, only for 10.2.0.0/24.  Probes to R1 must ask
 * about 10.2.0.0/24 from then on and R1 must stay up: down, it would
 * be down in the kernel (the /24 has another locator) for every entry
 * listing it, the host's too when it comes back to R1's xTR.
 */
static void test_unlisted(void)
{
	struct lisp_probe *pr = prober(10000, 2, 1000);
	struct lisp_probe_use host = USE(R1, true, true);
	struct lisp_probe_event ev;
	const struct lisp_itr_pkt *p;
	unsigned int probes = 0, wrong = 0, downs = 0;
	uint64_t t = T0, timeouts;
	const char *eid;

	host.eid = IP("10.9.0.10");
	host.plen = 32;
	host.alt = false;
	lisp_probe_seen(pr, &host, t);
	seen(pr, R1, false, true, t);
	lisp_probe_tick(pr, t, &tick);
	p = probe_to(R1);
	eid = probe_eid(p);
	TAP_OK(!strcmp(eid, "[7]10.9.0.10/32"),
	       "R1's probe names the entry in use, the host's (%s)", eid);
	reply(pr, nonce_of(p), R1, t + 5, &ev);
	/* The next probe is out when the host moves: dropped uncounted. */
	t = lisp_probe_next_deadline(pr);
	lisp_probe_tick(pr, t, &tick);
	TAP_OK(tick.npkt == 1 && !strcmp(probe_eid(probe_to(R1)),
					 "[7]10.9.0.10/32"), "a probe out");
	timeouts = lisp_probe_stats(pr)->probe_timeouts;
	TAP_OK(lisp_probe_unlisted(pr, &host, t + 10) == 1 &&
	       lisp_probe_stats(pr)->unlisted == 1,
	       "the host's entry lists R2 now: R1 unlisted, counted");
	TAP_OK(lisp_probe_unlisted(pr, &host, t + 10) == 0,
	       "twice: nothing more");
	lisp_probe_tick(pr, t + 1000, &tick);
	TAP_OK(tick.npkt == 0 && tick.nevent == 0 &&
	       lisp_probe_stats(pr)->probe_timeouts == timeouts,
	       "its probe out is not a miss, and no entry to ask about: "
	       "no probe");
	/* The scan finds 10.2.0.0/24 listing R1 (idle): probes ask that. */
	seen(pr, R1, false, true, t + 2000);
	while ((t = lisp_probe_next_deadline(pr)) < T0 + 50000) {
		lisp_probe_tick(pr, t, &tick);
		downs += tick.nevent;
		p = probe_to(R1);
		if (!p)
			continue;
		probes++;
		eid = probe_eid(p);
		if (strcmp(eid, "[7]10.2.0.0/24")) {
			wrong++;
			continue;		/* R1's ETR: not its EID */
		}
		reply(pr, req.nonce, R1, t + 3, &ev);
		if (!(probes % 2))
			seen(pr, R1, false, true, t + 4);
	}
	TAP_OK(probes >= 4 && !wrong && !downs &&
	       info_of(pr, R1).info.state == LISP_PROBE_UP &&
	       lisp_probe_stats(pr)->rloc_down_events == 0,
	       "%u probes to R1 in 48 s, all for 10.2.0.0/24, answered: "
	       "up throughout", probes);
	/* The host's entry lists R1 again (it came back): named again. */
	lisp_probe_seen(pr, &host, t);
	t = lisp_probe_next_deadline(pr);
	lisp_probe_tick(pr, t, &tick);
	eid = probe_eid(probe_to(R1));
	TAP_OK(!strcmp(eid, "[7]10.9.0.10/32"),
	       "the host back, in use: its entry named again (%s)", eid);
	host.rloc = IP(R2);
	TAP_OK(lisp_probe_unlisted(pr, &host, t) == 0,
	       "an RLOC not probed, or whose probes name another entry: "
	       "nothing");
	lisp_probe_free(pr);
}

int main(void)
{
	test_config();
	test_probe_message();
	test_probe_source();
	test_probe_iid0();
	test_answered();
	test_timeout_down_up();
	test_retries_zero();
	test_sole_locator();
	test_forged();
	test_per_rloc();
	test_bounds();
	test_forget();
	test_kernel_view();
	test_many_down();
	test_hint();
	test_unlisted();
	return tap_done();
}
