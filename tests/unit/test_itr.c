// SPDX-License-Identifier: GPL-2.0
/*
 * ITR resolver (agent/itr/): the ECM'd Map-Request a miss produces,
 * decoded back with the codec; one request per EID and one per second;
 * retries, back-off, Map-Resolver rotation, give-up and hold-down; the
 * bounds; "show" lines.  With ITR_PCAP=FILE set it also writes the ECMs
 * it checked to FILE for tests/host/itr_tshark.sh.
 */
#include <inttypes.h>

#include "itr/request.h"
#include "tap.h"
#include "test_itr.h"

#define T0	5000000		/* now_ms of the first miss */

static struct lisp_itr_pkt pkt;
static struct lisp_itr_tick tick;
static struct lisp_itr_reply rep_out;
static struct lisp_map_request req;
static struct lisp_map_reply rep;
static uint8_t buf[4096];

/* ---- pcap of the checked ECMs (classic pcap, raw IPv4/IPv6) ---- */

#define LINKTYPE_RAW	101

static FILE *pcap;
static unsigned int pcap_frames;

static void pcap_put32(uint32_t v)
{
	fwrite(&v, sizeof(v), 1, pcap);
}

static void pcap_open(void)
{
	const char *path = getenv("ITR_PCAP");

	if (!path)
		return;
	pcap = fopen(path, "wb");
	if (!pcap) {
		perror(path);
		exit(2);
	}
	pcap_put32(0xa1b2c3d4);
	fwrite(&(uint16_t){ 2 }, 2, 1, pcap);
	fwrite(&(uint16_t){ 4 }, 2, 1, pcap);
	pcap_put32(0);
	pcap_put32(0);
	pcap_put32(65535);
	pcap_put32(LINKTYPE_RAW);
}

/* The ECM p as the ITR sends it: outer IP/UDP from its RLOC, port 4342. */
static void pcap_add(const struct lisp_itr_pkt *p, const char *src)
{
	struct lisp_ip_udp h = { .ttl = 64, .sport = LISP_CONTROL_PORT,
				 .dport = p->dport };
	uint8_t frame[sizeof(p->buf) + LISP_IPV6_UDP_HLEN];
	int hlen;

	if (!pcap)
		return;
	h.src = IP(src);
	h.dst = p->dst;
	hlen = lisp_ip_udp_write(&h, p->buf, p->len, frame, sizeof(frame));
	if (hlen < 0)
		exit(2);
	memcpy(frame + hlen, p->buf, p->len);
	pcap_put32(++pcap_frames);
	pcap_put32(0);
	pcap_put32((uint32_t)(hlen + p->len));
	pcap_put32((uint32_t)(hlen + p->len));
	fwrite(frame, 1, (size_t)hlen + p->len, pcap);
	printf("# pcap frame %u nonce 0x%016" PRIx64 "\n", pcap_frames,
	       pkt_nonce(p));
}

/* ---- the Map-Request ---- */

static void request_ipv4_iid(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", true);
	uint64_t first = nonce_seq + 1;
	struct lisp_ecm e;

	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1, "miss: a Map-Request");
	TAP_OK(ip_is(&pkt.dst, MR0) && pkt.dport == 4342,
	       "to the first Map-Resolver, port 4342");
	TAP_OK(decode(&pkt, &e, &req) == 0, "ECM and Map-Request decode");
	TAP_OK(lisp_ip_udp_csum_ok(pkt.buf + LISP_ECM_HDR_LEN,
				   pkt.len - LISP_ECM_HDR_LEN),
	       "inner IP and UDP checksums are right");
	TAP_OK(ip_is(&e.inner.src, RLOC4) && ip_is(&e.inner.dst, "10.1.0.1"),
	       "inner header: ITR-RLOC -> the EID (RFC 9301 5.8)");
	TAP_OK(e.inner.sport == 4342 && e.inner.dport == 4342,
	       "inner UDP 4342 -> 4342");
	TAP_OK(!e.security && !e.ddt, "no S or D bit");
	TAP_OK(req.nonce == first * NONCE_K, "nonce from the random source");
	TAP_OK(!req.pitr && !req.smr && !req.probe && !req.map_data_present,
	       "plain request: no p, S, P, M bits");
	TAP_OK(req.source_eid.kind == LISP_ADDR_IID &&
	       req.source_eid.iid == IID &&
	       ip_is(&req.source_eid.ip[0], "10.0.0.5"),
	       "source EID [7]10.0.0.5");
	TAP_OK(req.nitr == 2 && ip_is(&req.itr_rloc[0].ip[0], RLOC4) &&
	       ip_is(&req.itr_rloc[1].ip[0], RLOC6),
	       "both ITR-RLOCs, in order");
	TAP_OK(req.nrec == 1 && req.rec[0].plen == 32 &&
	       req.rec[0].addr.kind == LISP_ADDR_IID &&
	       req.rec[0].addr.iid == IID &&
	       ip_is(&req.rec[0].addr.ip[0], "10.1.0.1"),
	       "one EID-record: [7]10.1.0.1/32");
	pcap_add(&pkt, RLOC4);
	TAP_OK(lisp_itr_npending(itr) == 1 &&
	       lisp_itr_stats(itr)->requests == 1,
	       "one request pending and counted");
	lisp_itr_free(itr);
}

static void request_ipv6_pitr(void)
{
	struct lisp_itr_cfg cfg;
	struct lisp_itr *itr;
	struct lisp_itr_miss m = MISS("2001:db8:a::5", "2001:db8:b::1", false);
	struct lisp_ecm e;

	test_cfg(&cfg);
	cfg.pitr = true;
	cfg.reply_port = 14342;
	itr = lisp_itr_new(&cfg);
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 &&
	       decode(&pkt, &e, &req) == 0, "IPv6 miss: a Map-Request");
	TAP_OK(req.pitr, "PITR: p bit set (RFC 6832)");
	TAP_OK(ip_is(&e.inner.src, RLOC6) &&
	       ip_is(&e.inner.dst, "2001:db8:b::1"),
	       "inner IPv6 header from the IPv6 ITR-RLOC to the EID");
	TAP_OK(e.inner.sport == 14342, "inner source port: reply_port");
	TAP_OK(req.rec[0].plen == 128 && req.rec[0].addr.kind == LISP_ADDR_IP,
	       "EID-record /128, no instance-id");
	TAP_OK(req.source_eid.kind == LISP_ADDR_IP &&
	       ip_is(&req.source_eid.ip[0], "2001:db8:a::5"), "source EID");
	pcap_add(&pkt, RLOC4);
	lisp_itr_free(itr);
}

/* An SMR-invoked Map-Request for a cached prefix. */
static void request_smr(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_installed e = {
		.dev = DEV, .has_iid = true, .iid = IID, .plen = 24,
		.eid = IP("10.1.0.0"),
	};
	struct lisp_ecm ecm;

	TAP_OK(lisp_itr_smr(itr, &e, NULL, T0, &pkt) == 1 &&
	       decode(&pkt, &ecm, &req) == 0 && req.smr_invoked &&
	       req.rec[0].plen == 24, "SMR-invoked Map-Request");
	pcap_add(&pkt, RLOC4);
	lisp_itr_free(itr);
}

/*
 * Issue 14: a device of instance-id 0 asks with the plain EIDs, which
 * other Map-Resolvers expect (pcap frame 4), unless iid0-encoding
 * lcaf; either way an answer in either form is taken.
 */
static void request_iid0(void)
{
	struct lisp_itr_cfg cfg;
	struct lisp_itr *itr;
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", true);
	struct lisp_ecm e;

	m.iid = 0;
	itr = test_itr();
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 &&
	       decode(&pkt, &e, &req) == 0, "iid 0: a Map-Request");
	TAP_OK(req.source_eid.kind == LISP_ADDR_IP &&
	       req.rec[0].addr.kind == LISP_ADDR_IP &&
	       ip_is(&req.rec[0].addr.ip[0], "10.1.0.1"),
	       "iid 0: plain source EID and EID-record");
	pcap_add(&pkt, RLOC4);
	/* An answer in an Instance-ID LCAF of IID 0 is for it too. */
	memset(&rep, 0, sizeof(rep));
	rep.nonce = req.nonce;
	rep.nrec = 1;
	REC(&rep.rec[0], "[0]10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf,
			sizeof(buf)), T0 + 5, &rep_out) == 1 &&
	       rep_out.map[0].has_iid && rep_out.map[0].iid == 0 &&
	       rep_out.map[0].plen == 24,
	       "iid 0: a reply in an LCAF of IID 0 is taken for the device");
	lisp_itr_free(itr);

	test_cfg(&cfg);
	cfg.iid0_lcaf = true;
	itr = lisp_itr_new(&cfg);
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 &&
	       decode(&pkt, &e, &req) == 0 &&
	       req.source_eid.kind == LISP_ADDR_IID &&
	       req.source_eid.iid == 0 &&
	       req.rec[0].addr.kind == LISP_ADDR_IID &&
	       req.rec[0].addr.iid == 0,
	       "iid0-encoding lcaf: both EIDs in an LCAF of IID 0");
	/* A plain answer is for it too. */
	rep.nonce = req.nonce;
	REC(&rep.rec[0], "10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf,
			sizeof(buf)), T0 + 5, &rep_out) == 1 &&
	       rep_out.map[0].has_iid && rep_out.map[0].iid == 0,
	       "iid0-encoding lcaf: a plain reply is taken");
	lisp_itr_free(itr);
}

/* No ITR-RLOC of the EID's family: the source EID, else "::". */
static void inner_source_fallback(void)
{
	struct lisp_itr_cfg cfg;
	struct lisp_itr *itr;
	struct lisp_itr_miss m = MISS("2001:db8:a::5", "2001:db8:b::1", false);
	struct lisp_ecm e;

	test_cfg(&cfg);
	cfg.nrloc = 1;
	itr = lisp_itr_new(&cfg);
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 &&
	       decode(&pkt, &e, &req) == 0 &&
	       ip_is(&e.inner.src, "2001:db8:a::5") && req.nitr == 1 &&
	       ip_is(&req.itr_rloc[0].ip[0], RLOC4),
	       "IPv4 ITR-RLOC only: inner source is the source EID");
	m = MISS(NULL, "2001:db8:b::2", false);
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 &&
	       decode(&pkt, &e, &req) == 0 && ip_is(&e.inner.src, "::") &&
	       req.source_eid.ip[0].afi == LISP_AFI_NONE,
	       "no source EID either: inner source ::, source EID AFI 0");
	lisp_itr_free(itr);
}

/* ---- one request per EID, one per second ---- */

static void one_per_second(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", true);
	struct lisp_itr_miss other_dev = m;
	uint64_t nonce;

	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1, "first miss sent");
	nonce = pkt_nonce(&pkt);
	TAP_OK(lisp_itr_miss(itr, &m, T0 + 10, &pkt) == 0 &&
	       lisp_itr_stats(itr)->suppressed == 1,
	       "second miss while pending: suppressed, counted");
	m.src = IP("10.0.0.6");
	TAP_OK(lisp_itr_miss(itr, &m, T0 + 20, &pkt) == 0,
	       "another source, same EID: suppressed");
	other_dev.dev = DEV + 1;
	TAP_OK(lisp_itr_miss(itr, &other_dev, T0 + 30, &pkt) == 1,
	       "same EID on another device: its own request");
	memset(&rep, 0, sizeof(rep));
	rep.nonce = nonce;
	rep.nrec = 1;
	REC(&rep.rec[0], "[7]10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf,
			sizeof(buf)), T0 + 100, &rep_out) == 1,
	       "answered at +100 ms");
	TAP_OK(lisp_itr_miss(itr, &m, T0 + 999, &pkt) == 0,
	       "a miss at +999 ms: suppressed (1/s after the last request)");
	lisp_itr_tick(itr, T0 + 1000, &tick);
	TAP_OK(tick.npkt == 0 && tick.nunresolved == 0,
	       "tick at +1 s: nothing to send for the answered one");
	TAP_OK(lisp_itr_miss(itr, &m, T0 + 1000, &pkt) == 1 &&
	       pkt_nonce(&pkt) != nonce,
	       "a miss at +1 s: a new request with a new nonce");
	TAP_OK(lisp_itr_stats(itr)->suppressed == 3 &&
	       lisp_itr_stats(itr)->requests == 3, "counters: 3 sent, 3 not");
	lisp_itr_free(itr);
}

/* ---- retries ---- */

static void backoff_rotation_giveup(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", true);
	static const struct { uint64_t at; const char *mr; } retry[] = {
		{ 1000, MR1 }, { 3000, MR2 }, { 7000, MR0 },
	};
	uint64_t nonce;
	unsigned int i;

	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1 && ip_is(&pkt.dst, MR0),
	       "first Map-Request to " MR0);
	nonce = pkt_nonce(&pkt);
	TAP_OK(lisp_itr_next_deadline(itr) == T0 + 1000, "deadline +1 s");
	for (i = 0; i < 3; i++) {
		lisp_itr_tick(itr, T0 + retry[i].at - 1, &tick);
		TAP_OK(tick.npkt == 0, "no retry at +%" PRIu64 " ms",
		       retry[i].at - 1);
		lisp_itr_tick(itr, T0 + retry[i].at, &tick);
		TAP_OK(tick.npkt == 1 && ip_is(&tick.pkt[0].dst, retry[i].mr) &&
		       pkt_nonce(&tick.pkt[0]) == nonce,
		       "retry %u at +%" PRIu64 " ms to %s, same nonce", i + 1,
		       retry[i].at, retry[i].mr);
	}
	TAP_OK(lisp_itr_stats(itr)->retries == 3, "3 retries counted");
	TAP_OK(lisp_itr_next_deadline(itr) == T0 + 15000,
	       "last wait doubles again: give-up at +15 s");
	lisp_itr_tick(itr, T0 + 14999, &tick);
	TAP_OK(tick.npkt == 0 && tick.nunresolved == 0, "nothing at +14.999 s");
	lisp_itr_tick(itr, T0 + 15000, &tick);
	TAP_OK(tick.npkt == 0 && tick.nunresolved == 1 &&
	       tick.unresolved[0].dev == DEV && tick.unresolved[0].has_iid &&
	       tick.unresolved[0].iid == IID &&
	       tick.unresolved[0].plen == 32 &&
	       ip_is(&tick.unresolved[0].eid, "10.1.0.1") &&
	       !tick.unresolved[0].refresh,
	       "+15 s: unresolved [7]10.1.0.1/32 on dev 3");
	TAP_OK(lisp_itr_stats(itr)->gave_up == 1, "give-up counted");
	TAP_OK(lisp_itr_miss(itr, &m, T0 + 20000, &pkt) == 0,
	       "a miss in the 30 s hold-down: suppressed");
	lisp_itr_tick(itr, T0 + 45000, &tick);
	TAP_OK(lisp_itr_npending(itr) == 0, "hold-down over: forgotten");
	TAP_OK(lisp_itr_miss(itr, &m, T0 + 45000, &pkt) == 1 &&
	       ip_is(&pkt.dst, MR0), "then a miss is sent again");
	lisp_itr_free(itr);
}

static int count_line(const char *line, void *arg)
{
	char **want = arg;

	if (strstr(line, want[0]))
		want[1] = "found";
	return 0;
}

/* A Map-Resolver that answers becomes the first one asked. */
static void preferred_resolver(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", false);
	char *want[2] = { MR1 " port 4342 preferred", NULL };

	lisp_itr_miss(itr, &m, T0, &pkt);
	lisp_itr_tick(itr, T0 + 1000, &tick);
	memset(&rep, 0, sizeof(rep));
	rep.nonce = pkt_nonce(&tick.pkt[0]);
	rep.nrec = 1;
	REC(&rep.rec[0], "10.1.0.0/24", 10, 0);
	LOC(&rep.rec[0], "192.0.2.2", 1, 100, true);
	TAP_OK(ip_is(&tick.pkt[0].dst, MR1) &&
	       lisp_itr_handle_reply(itr, buf, reply_bytes(&rep, buf,
			sizeof(buf)), T0 + 1010, &rep_out) == 1,
	       "retry to " MR1 " answered");
	m = MISS("10.0.0.5", "10.9.0.1", false);
	TAP_OK(lisp_itr_miss(itr, &m, T0 + 1100, &pkt) == 1 &&
	       ip_is(&pkt.dst, MR1), "next request goes to " MR1 " first");
	lisp_itr_show_resolvers(itr, count_line, want);
	TAP_OK(want[1], "show: '%s'", want[0]);
	lisp_itr_free(itr);
}

/* ---- bounds, errors ---- */

static void bounds(void)
{
	struct lisp_itr_cfg cfg;
	struct lisp_itr *itr;
	struct lisp_itr_miss m;
	char eid[32];
	unsigned int i, sent = 0;
	uint64_t now;

	test_cfg(&cfg);
	cfg.max_pending = 4;
	itr = lisp_itr_new(&cfg);
	for (i = 0; i < 4; i++) {
		snprintf(eid, sizeof(eid), "10.2.0.%u", i);
		m = MISS(NULL, eid, false);
		sent += lisp_itr_miss(itr, &m, T0, &pkt) == 1;
	}
	m = MISS(NULL, "10.2.0.99", false);
	TAP_OK(sent == 4 && lisp_itr_miss(itr, &m, T0, &pkt) ==
	       -LISP_ITR_ERR_FULL && lisp_itr_stats(itr)->full == 1,
	       "max_pending 4: the 5th EID is refused and counted");
	for (now = T0; now <= T0 + 45000; now += 500)
		lisp_itr_tick(itr, now, &tick);
	TAP_OK(lisp_itr_npending(itr) == 0 &&
	       lisp_itr_miss(itr, &m, T0 + 45000, &pkt) == 1,
	       "room again once given up and held down");
	lisp_itr_free(itr);

	test_cfg(&cfg);
	cfg.max_pending = 100;
	itr = lisp_itr_new(&cfg);
	for (i = 0; i < 70; i++) {
		snprintf(eid, sizeof(eid), "10.3.0.%u", i);
		m = MISS(NULL, eid, false);
		lisp_itr_miss(itr, &m, T0, &pkt);
	}
	lisp_itr_tick(itr, T0 + 1000, &tick);
	TAP_OK(tick.npkt == LISP_ITR_TICK_MAX,
	       "70 retries due: a tick sends %u", LISP_ITR_TICK_MAX);
	TAP_OK(lisp_itr_next_deadline(itr) == T0 + 1000,
	       "the rest is still due");
	lisp_itr_tick(itr, T0 + 1001, &tick);
	TAP_OK(tick.npkt == 70 - LISP_ITR_TICK_MAX, "next tick sends the rest");
	lisp_itr_free(itr);

	test_cfg(&cfg);
	cfg.nresolver = 0;
	itr = lisp_itr_new(&cfg);
	m = MISS(NULL, "10.2.0.1", false);
	TAP_OK(itr && lisp_itr_miss(itr, &m, T0, &pkt) ==
	       -LISP_ITR_ERR_NO_RESOLVER, "no Map-Resolver: an error");
	lisp_itr_free(itr);
	test_cfg(&cfg);
	cfg.random = NULL;
	TAP_OK(!lisp_itr_new(&cfg), "no random source: refused");
	test_cfg(&cfg);
	cfg.resolver[1].afi = LISP_AFI_NONE;
	TAP_OK(!lisp_itr_new(&cfg), "a Map-Resolver without address: refused");
	test_cfg(&cfg);
	cfg.max_pending = LISP_ITR_PENDING_MAX + 1;
	TAP_OK(!lisp_itr_new(&cfg), "max_pending past its bound: refused");
}

/* A random source that keeps giving one value: no unique nonce. */
static uint64_t stuck_random(void *arg)
{
	(void)arg;
	return 42;
}

static void nonce_collision(void)
{
	struct lisp_itr_cfg cfg;
	struct lisp_itr *itr;
	struct lisp_itr_miss m = MISS(NULL, "10.4.0.1", false);

	test_cfg(&cfg);
	cfg.random = stuck_random;
	itr = lisp_itr_new(&cfg);
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) == 1, "first nonce 42");
	m = MISS(NULL, "10.4.0.2", false);
	TAP_OK(lisp_itr_miss(itr, &m, T0, &pkt) < 0 &&
	       lisp_itr_npending(itr) == 1,
	       "no unique nonce: refused, nothing left pending");
	lisp_itr_free(itr);
}

/* ---- show ---- */

struct lines {
	unsigned int n;
	char text[4][256];
};

static int keep_line(const char *line, void *arg)
{
	struct lines *l = arg;

	if (l->n < 4)
		snprintf(l->text[l->n], sizeof(l->text[0]), "%s", line);
	l->n++;
	return 0;
}

static void show(void)
{
	struct lisp_itr *itr = test_itr();
	struct lisp_itr_miss m = MISS("10.0.0.5", "10.1.0.1", true);
	struct lines l = { 0 };
	char want[128], stats[512];

	lisp_itr_miss(itr, &m, T0, &pkt);
	lisp_itr_tick(itr, T0 + 1000, &tick);
	lisp_itr_show_pending(itr, T0 + 1500, keep_line, &l);
	snprintf(want, sizeof(want),
		 "dev 3 [7]10.1.0.1/32 waiting nonce 0x%016" PRIx64
		 " tries 2 resolver " MR1 " age 1500ms next 1500ms",
		 pkt_nonce(&pkt));
	TAP_OK(l.n == 1 && !strcmp(l.text[0], want), "pending: '%s'",
	       l.text[0]);
	TAP_OK(lisp_itr_stats_to_str(lisp_itr_stats(itr), stats,
				     sizeof(stats)) > 0 &&
	       strstr(stats, "requests 1 retries 1 "),
	       "stats: '%.40s...'", stats);
	TAP_OK(lisp_itr_stats_to_str(lisp_itr_stats(itr), stats, 10) ==
	       -LISP_ERR_NO_SPACE, "stats: a short buffer is refused");
	TAP_OK(!strcmp(lisp_itr_strerror(-LISP_ITR_ERR_FULL),
		       "too many pending Map-Requests") &&
	       !strcmp(lisp_itr_strerror(-LISP_ERR_TRUNCATED),
		       "message truncated"), "error strings");
	lisp_itr_free(itr);
}

int main(void)
{
	pcap_open();
	request_ipv4_iid();
	request_ipv6_pitr();
	request_smr();
	request_iid0();
	inner_source_fallback();
	one_per_second();
	backoff_rotation_giveup();
	preferred_resolver();
	bounds();
	nonce_collision();
	show();
	if (pcap && fclose(pcap))
		return 2;
	return tap_done();
}
