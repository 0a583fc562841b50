// SPDX-License-Identifier: GPL-2.0
/*
 * Load generator for the control plane of a running "lispd run": a
 * Map-Server + Map-Resolver on 127.0.0.1 with SITES sites of PER prefixes
 * each, prefix k = i * PER + j being 10.0.0.0 + k * 256 / 24 of site
 * "s<i>" with key "key-of-s<i>" (bench/cp_bench.sh writes that config).
 *
 * Phase 1 registers every prefix once (HMAC-SHA-256-128, proxy-reply,
 * no want-map-notify).  There is no Map-Notify to pace on, so each batch
 * of REG_BATCH Map-Registers is followed by an ECM Map-Request for the
 * batch's last prefix: the daemon reads its one socket in order, so that
 * Map-Reply says the batch was processed, and a positive one that its
 * last registration was accepted.  At most REG_WINDOW batches are in
 * flight, which keeps the daemon's receive buffer (rmem_default) from
 * overflowing.
 *
 * Phase 2 sends ECM Map-Requests for random addresses of the registered
 * prefixes (ITR-RLOC 127.0.0.1, inner UDP source our own port, so the
 * proxy Map-Replies come back here), WINDOW of them outstanding, for
 * SECONDS, and counts the Map-Replies.
 *
 *   cp_bench -p PORT [-P PID] [-s SITES] [-n PER] [-w WINDOW]
 *            [-t SECONDS | -c COUNT] [-m register|request]
 *   cp_bench -L [-W] [-s SITES] [-n PER] [-c COUNT]
 *   cp_bench -E PORT
 *
 * Output: one "register: key=value ..." and one "request: ..." line.
 * With -P, the CPU time the daemon PID used in each phase too: on a
 * shared host the wall-clock rate says little, the rate per CPU-second
 * of the daemon still does.  -m runs one phase only, so that a profiler
 * can be switched on between them (bench/cp_bench.sh, callgrind); -c
 * sends exactly COUNT Map-Requests instead of sending for SECONDS, so
 * that an instruction count covers the same work every run.
 *
 * -L is the baseline: no daemon, no socket.  The same sites, the same
 * Map-Registers and the same Map-Requests go straight through the
 * Map-Server logic of agent/ms (lisp_ms_handle_register, then
 * lisp_ms_handle_ecm COUNT times), in this process: "logic: ..." gives
 * its rate per CPU-second, and under callgrind with
 * --toggle-collect=lisp_ms_handle_ecm its instructions per request.
 * With -W it prints "logic: ready" once the state is built and waits
 * for SIGUSR1 before the requests: callgrind --instr-atstart=no then
 * runs the setup (100,000 HMACs) at a fraction of its instrumented cost.
 *
 * -E is the floor: a responder on PORT with no logic at all, to drive
 * with "-m request" as if it were the daemon.  Each ECM it reads gets a
 * canned proxy Map-Reply (one /24, one locator, as the daemon's) with
 * the request's nonce, to 127.0.0.1 at the inner UDP source port, from
 * the address it reached (IP_PKTINFO), 16 per recvmmsg() and
 * sendmmsg() as the daemon does: what a request would cost the daemon
 * if its own code cost nothing, the kernel's UDP work alone.  It runs
 * until killed.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ms/ms.h"
#include "proto/auth.h"
#include "proto/ecm.h"
#include "proto/msg.h"

#define MSG_MAX		160	/* one Map-Register or ECM Map-Request */
#define RX_MAX		2048	/* one received datagram, more is malformed */
#define BURST		64	/* datagrams per sendmmsg / recvmmsg */
#define REG_BATCH	32
#define REG_WINDOW	2	/* batches: ~66 datagrams in flight */
#define NREQ		65536	/* distinct pre-built Map-Requests */
#define PROBE_TAG	(1ULL << 63)	/* nonce of a phase 1 probe */
#define STALL_MS	100	/* no reply that long: outstanding are lost */
/*
 * Phase 1 waits longer: a batch written off while a slow daemon (one
 * under valgrind) still works on it lets the next ones overflow its
 * receive buffer, and lost Map-Registers change what phase 2 measures.
 */
#define REG_STALL_MS	2000
#define DRAIN_MS	100	/* late replies still counted at the end */
/*
 * With -c, a slow (profiled) daemon still answers: what is outstanding
 * is written off only after that long, and the window is not refilled
 * before (that would overflow its receive buffer, and a dropped request
 * costs its instructions nothing).
 */
#define COUNT_STALL_MS	5000
#define GEN_RCVBUF	(4 << 20)
#define LOGIC_PORT	40000	/* -L: the inner UDP source port, any */
#define ECHO_BATCH	16	/* -E: as LISPD_RX_BATCH */
/* -E: where build_request() puts them (ECM 4, IPv4 20, UDP 8 bytes). */
#define ECHO_SPORT_OFF	24
#define ECHO_NONCE_OFF	36

struct msg {
	uint8_t buf[MSG_MAX];
	uint16_t len;
};

struct opts {
	uint16_t port;
	int pid;		/* the daemon's, 0: unknown */
	unsigned int sites;
	unsigned int per;
	unsigned int window;
	double secs;
	unsigned long long count;	/* -c: requests to send, 0: secs */
	bool reg, req;			/* phases to run (-m) */
	bool logic;			/* -L */
	uint16_t echo;			/* -E PORT */
	bool wait;			/* -W */
};

/* Map-Replies received, by the phase their nonce belongs to. */
struct counts {
	unsigned long long replies;	/* phase 2 */
	unsigned long long positive;	/* phase 2, with a locator */
	unsigned long long probes;	/* phase 1 */
	unsigned long long probes_positive;
	unsigned long long other;	/* not a Map-Reply, or malformed */
	uint64_t last_probe;		/* highest probe batch answered + 1 */
};

static int fd = -1;
static uint16_t my_port;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "cp_bench: %s: %s\n", what,
		err < 0 ? lisp_strerror(err) : strerror(err));
	exit(1);
}

/* User + system CPU seconds of process pid so far, 0 if unknown. */
static double cpu_s(int pid)
{
	unsigned long long ut = 0, st = 0;
	char path[64], line[1024], *p;
	FILE *f;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
	fclose(f);
	/* After "pid (comm)": state is field 3, utime 14, stime 15. */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
			 "%*u %llu %llu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* CPU seconds this process has used so far. */
static double self_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void v4(struct lisp_addr *a, uint32_t ip)
{
	uint8_t b[4] = { (uint8_t)(ip >> 24), (uint8_t)(ip >> 16),
			 (uint8_t)(ip >> 8), (uint8_t)ip };

	lisp_addr_set_ipv4(a, b);
}

/* The /24 of prefix k, as bench/cp_bench.sh configures it. */
static uint32_t prefix_of(unsigned int k)
{
	return 0x0a000000u + (k << 8);
}

/* A non-blocking UDP socket on 127.0.0.1, connected to the daemon. */
static void sock_open(uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t slen = sizeof(sin);
	int sz = GEN_RCVBUF;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket", errno);
	/* Ours only: replies must not be lost here rather than in lispd. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    getsockname(fd, (struct sockaddr *)&sin, &slen))
		die("bind", errno);
	my_port = ntohs(sin.sin_port);
	sin.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect", errno);
}

/*
 * The EID-record of prefix k, as phase 1 registers it: one locator,
 * 198.51.100.(k % 256).
 */
static void record_of(unsigned int k, struct lisp_record *rec)
{
	v4(&rec->eid, prefix_of(k));
	rec->eid_mask_len = 24;
	rec->ttl = 1440;
	rec->authoritative = true;
	rec->nloc = 1;
	rec->loc[0].priority = 1;
	rec->loc[0].weight = 100;
	rec->loc[0].reachable = true;
	v4(&rec->loc[0].addr, 0xc6336400u + (k & 0xff));
}

/* Map-Register of prefix k of site k / per, signed with its key. */
static void build_register(const struct opts *o, unsigned int k,
			   struct msg *out)
{
	static struct lisp_map_register m;
	char secret[32];
	int n;

	memset(&m, 0, sizeof(m));
	m.type = LISP_MAP_REGISTER;
	m.proxy_reply = true;
	m.nonce = k;
	m.alg_id = LISP_ALG_HMAC_SHA256_128;
	m.auth_len = LISP_AUTH_SHA256_LEN;
	m.nrec = 1;
	record_of(k, &m.rec[0]);
	n = lisp_map_register_write(&m, out->buf, sizeof(out->buf));
	if (n < 0)
		die("Map-Register", n);
	snprintf(secret, sizeof(secret), "key-of-s%u", k / o->per);
	if (lisp_auth_sign(out->buf, (size_t)n, secret, strlen(secret)))
		die("sign", -LISP_ERR_INVALID);
	out->len = (uint16_t)n;
}

/* An ECM Map-Request for eid whose Map-Reply comes back to us. */
static void build_request(uint32_t eid, uint64_t nonce, struct msg *out)
{
	static struct lisp_map_request m;
	uint8_t tmp[MSG_MAX];
	struct lisp_ecm e;
	int n;

	memset(&m, 0, sizeof(m));
	m.nonce = nonce;
	v4(&m.source_eid, 0xc0000201);
	m.nitr = 1;
	v4(&m.itr_rloc[0], 0x7f000001);
	m.nrec = 1;
	v4(&m.rec[0].addr, eid);
	m.rec[0].plen = 32;
	n = lisp_map_request_write(&m, tmp, sizeof(tmp));
	if (n < 0)
		die("Map-Request", n);
	memset(&e, 0, sizeof(e));
	e.inner.src = m.source_eid.ip[0];
	e.inner.dst = m.rec[0].addr.ip[0];
	e.inner.ttl = 64;
	e.inner.sport = my_port;
	e.inner.dport = LISP_CONTROL_PORT;
	e.msg = tmp;
	e.msg_len = (size_t)n;
	n = lisp_ecm_write(&e, out->buf, sizeof(out->buf));
	if (n < 0)
		die("ECM", n);
	out->len = (uint16_t)n;
}

/* A random address in one of the nreg registered prefixes. */
static uint32_t random_eid(unsigned int nreg)
{
	return prefix_of(rnd() % nreg) | (rnd() & 0xff);
}

/*
 * Send the n messages of v (n <= BURST).  Returns how many went; the
 * rest met a full send buffer and are the caller's to retry.
 */
static unsigned int send_burst(struct msg *const *v, unsigned int n)
{
	struct mmsghdr mm[BURST];
	struct iovec iov[BURST];
	unsigned int i;
	int r;

	memset(mm, 0, sizeof(mm[0]) * n);
	for (i = 0; i < n; i++) {
		iov[i].iov_base = v[i]->buf;
		iov[i].iov_len = v[i]->len;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	r = sendmmsg(fd, mm, n, 0);
	if (r < 0) {
		if (errno != EAGAIN && errno != ENOBUFS && errno != EINTR)
			die("sendmmsg", errno);
		return 0;
	}
	return (unsigned int)r;
}

static void count_reply(const uint8_t *buf, size_t len, struct counts *c)
{
	static struct lisp_map_reply rep;
	bool pos;

	if (lisp_msg_type(buf, len) != LISP_MAP_REPLY ||
	    lisp_map_reply_parse(buf, len, &rep)) {
		c->other++;
		return;
	}
	pos = rep.nrec >= 1 && rep.rec[0].nloc >= 1;
	if (rep.nonce & PROBE_TAG) {
		c->probes++;
		c->probes_positive += pos;
		if ((rep.nonce & ~PROBE_TAG) + 1 > c->last_probe)
			c->last_probe = (rep.nonce & ~PROBE_TAG) + 1;
	} else {
		c->replies++;
		c->positive += pos;
	}
}

/* n receive slots of RX_MAX bytes for recvmmsg(). */
static void rx_slots(struct mmsghdr *mm, struct iovec *iov,
		     uint8_t (*bufs)[RX_MAX], unsigned int n)
{
	unsigned int i;

	memset(mm, 0, sizeof(*mm) * n);
	for (i = 0; i < n; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = RX_MAX;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
}

/* Wait up to ms for datagrams and count them; returns how many. */
static unsigned int recv_burst(int ms, struct counts *c)
{
	static uint8_t bufs[BURST][RX_MAX];
	struct mmsghdr mm[BURST];
	struct iovec iov[BURST];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned int i;
	int r;

	if (ms && poll(&p, 1, ms) <= 0)
		return 0;
	rx_slots(mm, iov, bufs, BURST);
	r = recvmmsg(fd, mm, BURST, MSG_DONTWAIT, NULL);
	if (r < 0) {
		if (errno != EAGAIN && errno != EINTR)
			die("recvmmsg", errno);
		return 0;
	}
	for (i = 0; i < (unsigned int)r; i++) {
		if (mm[i].msg_hdr.msg_flags & MSG_TRUNC)
			c->other++;
		else
			count_reply(bufs[i], mm[i].msg_len, c);
	}
	return (unsigned int)r;
}

/* Send all n of v, waiting on a full send buffer (counting replies). */
static void send_all(struct msg *const *v, unsigned int n, struct counts *c)
{
	unsigned int done = 0, k;

	while (done < n) {
		k = n - done < BURST ? n - done : BURST;
		k = send_burst(v + done, k);
		done += k;
		if (!k)
			recv_burst(1, c);
	}
}

/* Phase 1: every prefix registered once, paced by a probe per batch. */
static void phase_register(const struct opts *o, struct counts *c)
{
	unsigned int nreg = o->sites * o->per, k, i;
	unsigned int nb = (nreg + REG_BATCH - 1) / REG_BATCH;
	struct msg *regs = calloc(nreg, sizeof(*regs));
	struct msg *probes = calloc(nb, sizeof(*probes));
	struct msg *v[REG_BATCH + 1];
	unsigned long long lost = 0;
	uint64_t sent = 0;
	double t0, cpu0;

	if (!regs || !probes)
		die("calloc", ENOMEM);
	for (k = 0; k < nreg; k++)
		build_register(o, k, &regs[k]);
	for (i = 0; i < nb; i++) {
		k = (i + 1) * REG_BATCH < nreg ? (i + 1) * REG_BATCH : nreg;
		build_request(prefix_of(k - 1) | 1, PROBE_TAG | i, &probes[i]);
	}
	cpu0 = cpu_s(o->pid);
	t0 = now_s();
	while (c->last_probe < nb) {
		while (sent < nb && sent - c->last_probe < REG_WINDOW) {
			unsigned int first = (unsigned int)sent * REG_BATCH;
			unsigned int n = nreg - first < REG_BATCH ?
					 nreg - first : REG_BATCH;

			for (i = 0; i < n; i++)
				v[i] = &regs[first + i];
			v[n] = &probes[sent];
			send_all(v, n + 1, c);
			sent++;
		}
		if (!recv_burst(REG_STALL_MS, c) && c->last_probe < sent) {
			/* A probe or its batch was dropped: move on. */
			lost += sent - c->last_probe;
			c->last_probe = sent;
		}
	}
	t0 = now_s() - t0;
	printf("register: sent=%u batches=%u probes_answered=%llu "
	       "probes_positive=%llu probes_lost=%llu secs=%.3f "
	       "daemon_cpu_s=%.2f sent_per_s=%.0f\n", nreg, nb, c->probes,
	       c->probes_positive, lost, t0, cpu_s(o->pid) - cpu0, nreg / t0);
	free(regs);
	free(probes);
}

/*
 * Phase 2: Map-Requests with o->window outstanding for o->secs, or
 * until o->count have been sent.
 */
static void phase_request(const struct opts *o, struct counts *c)
{
	unsigned int nreg = o->sites * o->per, i, n, k;
	struct msg *reqs = calloc(NREQ, sizeof(*reqs));
	unsigned long long sent = 0, written_off = 0, stalls = 0, in_time;
	struct msg *v[BURST];
	double t0, end, cpu0, cpu;
	int stall_ms = o->count ? COUNT_STALL_MS : STALL_MS;

	if (!reqs)
		die("calloc", ENOMEM);
	for (i = 0; i < NREQ; i++)
		build_request(random_eid(nreg), i, &reqs[i]);
	cpu0 = cpu_s(o->pid);
	t0 = now_s();
	end = t0 + o->secs;
	while (o->count ? sent < o->count : now_s() < end) {
		unsigned long long out = sent - c->replies - written_off;

		/* Late replies to written-off requests: out wraps. */
		if (out > sent)
			out = 0;
		if (out >= o->window)
			n = 0;
		else
			n = o->window - out < BURST ?
			    (unsigned int)(o->window - out) : BURST;
		if (o->count && n > o->count - sent)
			n = (unsigned int)(o->count - sent);
		for (i = 0; i < n; i++)
			v[i] = &reqs[(sent + i) % NREQ];
		k = n ? send_burst(v, n) : 0;
		sent += k;
		if (!recv_burst(k < n || out + k >= o->window ? stall_ms : 0,
				c) && out + k >= o->window) {
			stalls++;
			written_off = sent - c->replies;
		}
	}
	/* A fixed amount of work is timed to its last reply. */
	while (o->count && c->replies < sent && recv_burst(COUNT_STALL_MS, c))
		;
	in_time = c->replies;
	end = now_s();
	cpu = cpu_s(o->pid) - cpu0;
	/* Replies still queued are not lost, only late. */
	while (c->replies < sent && recv_burst(DRAIN_MS, c))
		;
	printf("request: sent=%llu replies=%llu positive=%llu "
	       "late=%llu lost=%llu other=%llu stalls=%llu window=%u "
	       "secs=%.3f daemon_cpu_s=%.2f replies_per_s=%.0f\n", sent,
	       c->replies, c->positive, c->replies - in_time,
	       sent - c->replies, c->other, stalls, o->window, end - t0, cpu,
	       in_time / (end - t0));
	free(reqs);
}

/*
 * The baseline (-L): the daemon's Map-Server state built in this
 * process, as bench/cp_bench.sh configures it and phase 1 registers it,
 * then o->count of the Map-Requests phase 2 sends, through the logic.
 */
static void logic(const struct opts *o)
{
	static struct lisp_ms_req_action qact;
	static struct lisp_ms_reg_action ract;
	unsigned int nreg = o->sites * o->per, i, j, k;
	struct lisp_ip src = { .afi = LISP_AFI_IPV4,
			       .addr = { 127, 0, 0, 1 } };
	struct lisp_ms *ms = lisp_ms_new();
	struct msg *reqs = calloc(NREQ, sizeof(*reqs));
	struct msg *regs = calloc(nreg, sizeof(*regs));
	unsigned long long n, bad = 0;
	struct lisp_ms_site *site;
	struct lisp_ms_key key;
	struct lisp_addr a;
	char name[32], secret[32];
	struct msg m;
	double t0, cpu0, reg_cpu;
	int err;

	if (!ms || !reqs || !regs)
		die("setup", ENOMEM);
	for (i = 0; i < o->sites; i++) {
		snprintf(name, sizeof(name), "s%u", i);
		snprintf(secret, sizeof(secret), "key-of-s%u", i);
		lisp_ms_key_set(&key, 0, LISP_ALG_HMAC_SHA256_128, secret,
				strlen(secret));
		err = lisp_ms_site_add(ms, name, &key, &site);
		for (j = 0; !err && j < o->per; j++) {
			v4(&a, prefix_of(i * o->per + j));
			err = lisp_ms_site_add_prefix(ms, site, &a, 24, false);
		}
		if (err)
			die("site", err);
	}
	for (k = 0; k < nreg; k++) {
		build_register(o, k, &m);
		regs[k] = m;
	}
	cpu0 = self_cpu_s();
	for (k = 0; k < nreg; k++) {
		err = lisp_ms_handle_register(ms, regs[k].buf, regs[k].len,
					      &src, my_port, 1, &ract);
		if (err)
			die("register", err);
	}
	reg_cpu = self_cpu_s() - cpu0;
	/* As phase 2 draws them, from the same generator state. */
	for (i = 0; i < NREQ; i++)
		build_request(random_eid(nreg), i, &reqs[i]);
	if (o->wait) {
		sigset_t set;
		int sig;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		printf("logic: ready\n");
		if (sigwait(&set, &sig))
			die("sigwait", EINVAL);
	}
	cpu0 = self_cpu_s();
	t0 = now_s();
	for (n = 0; n < o->count; n++) {
		const struct msg *q = &reqs[n % NREQ];

		bad |= (unsigned long long)lisp_ms_handle_ecm(ms, q->buf,
							      q->len, 2,
							      &qact);
		bad |= !qact.has_reply;
	}
	t0 = now_s() - t0;
	cpu0 = self_cpu_s() - cpu0;
	if (bad)
		die("lisp_ms_handle_ecm", -LISP_ERR_INVALID);
	printf("logic: registers=%u register_cpu_s=%.3f "
	       "registers_per_cpu_s=%.0f requests=%llu secs=%.3f cpu_s=%.3f "
	       "per_cpu_s=%.0f\n", nreg, reg_cpu,
	       reg_cpu > 0 ? nreg / reg_cpu : 0, o->count, t0, cpu0,
	       cpu0 > 0 ? o->count / cpu0 : 0);
	free(regs);
	free(reqs);
	lisp_ms_free(ms);
}

/*
 * The canned Map-Reply of -E, the daemon's proxy reply for prefix 0;
 * its nonce is bytes 4 to 11.
 */
static int echo_reply(uint8_t *buf, size_t len)
{
	static struct lisp_map_reply m;

	m.nrec = 1;
	record_of(0, &m.rec[0]);
	return lisp_map_reply_write(&m, buf, len);
}

static void echo(uint16_t port)
{
	static uint8_t in[ECHO_BATCH][RX_MAX], out[ECHO_BATCH][MSG_MAX];
	static union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
		struct cmsghdr align;
	} cin[ECHO_BATCH], cout[ECHO_BATCH];
	struct mmsghdr rm[ECHO_BATCH], sm[ECHO_BATCH];
	struct iovec riov[ECHO_BATCH], siov[ECHO_BATCH];
	struct sockaddr_in to[ECHO_BATCH], sin = {
		.sin_family = AF_INET, .sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY) };
	int one = 1, s, n, i, k, len = echo_reply(out[0], MSG_MAX);

	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || len < 0 ||
	    setsockopt(s, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)))
		die("echo", errno);
	for (i = 1; i < ECHO_BATCH; i++)
		memcpy(out[i], out[0], (size_t)len);
	printf("echo: ready\n");
	for (;;) {
		rx_slots(rm, riov, in, ECHO_BATCH);
		for (i = 0; i < ECHO_BATCH; i++) {
			rm[i].msg_hdr.msg_control = cin[i].buf;
			rm[i].msg_hdr.msg_controllen = sizeof(cin[i].buf);
		}
		n = recvmmsg(s, rm, ECHO_BATCH, MSG_WAITFORONE, NULL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("recvmmsg", errno);
		memset(sm, 0, sizeof(sm));
		for (i = k = 0; i < n; i++) {
			struct cmsghdr *cm = CMSG_FIRSTHDR(&rm[i].msg_hdr), *c;
			struct in_pktinfo pi, po = { 0 };

			if (rm[i].msg_len < ECHO_NONCE_OFF + 8 || !cm ||
			    cm->cmsg_type != IP_PKTINFO)
				continue;
			memcpy(out[k] + 4, in[i] + ECHO_NONCE_OFF, 8);
			memset(&to[k], 0, sizeof(to[k]));
			to[k].sin_family = AF_INET;
			to[k].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			memcpy(&to[k].sin_port, in[i] + ECHO_SPORT_OFF, 2);
			/* From where it came in, as the daemon sends. */
			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			po.ipi_spec_dst = pi.ipi_addr;
			c = (struct cmsghdr *)cout[k].buf;
			c->cmsg_level = IPPROTO_IP;
			c->cmsg_type = IP_PKTINFO;
			c->cmsg_len = CMSG_LEN(sizeof(po));
			memcpy(CMSG_DATA(c), &po, sizeof(po));
			siov[k].iov_base = out[k];
			siov[k].iov_len = (size_t)len;
			sm[k].msg_hdr.msg_name = &to[k];
			sm[k].msg_hdr.msg_namelen = sizeof(to[k]);
			sm[k].msg_hdr.msg_iov = &siov[k];
			sm[k].msg_hdr.msg_iovlen = 1;
			sm[k].msg_hdr.msg_control = cout[k].buf;
			sm[k].msg_hdr.msg_controllen = sizeof(cout[k].buf);
			k++;
		}
		if (k && sendmmsg(s, sm, (unsigned int)k, 0) < 0 &&
		    errno != EAGAIN)
			die("sendmmsg", errno);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: cp_bench -p PORT [-P PID] [-s SITES] "
		"[-n PER] [-w WINDOW] [-t SECONDS | -c COUNT] "
		"[-m register|request]\n"
		"       cp_bench -L [-W] [-s SITES] [-n PER] [-c COUNT]\n"
		"       cp_bench -E PORT\n");
	exit(2);
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	int ch;

	while ((ch = getopt(argc, argv, "p:P:s:n:w:t:c:m:LWE:")) != -1) {
		switch (ch) {
		case 'p':
			o->port = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		case 'P':
			o->pid = (int)strtol(optarg, NULL, 10);
			break;
		case 's':
			o->sites = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'n':
			o->per = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'w':
			o->window = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 't':
			o->secs = strtod(optarg, NULL);
			break;
		case 'c':
			o->count = strtoull(optarg, NULL, 10);
			break;
		case 'm':
			o->reg = !strcmp(optarg, "register");
			o->req = !strcmp(optarg, "request");
			if (!o->reg && !o->req)
				usage();
			break;
		case 'L':
			o->logic = true;
			break;
		case 'W':
			o->wait = true;
			break;
		case 'E':
			o->echo = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	/* The prefixes must stay below 224/8 (k << 8 in 32 bits). */
	if ((!o->port && !o->logic && !o->echo) || !o->sites || !o->per || !o->window ||
	    (unsigned long long)o->sites * o->per > 1u << 23 ||
	    !(o->secs > 0 && o->secs < 3600) || (o->logic && !o->count))
		usage();
}

int main(int argc, char **argv)
{
	struct opts o = { .sites = 1000, .per = 100, .window = 128,
			  .secs = 3, .reg = true, .req = true };
	static struct counts c;

	parse_opts(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (o.wait) {
		sigset_t set;

		/* Blocked from the start: a signal before sigwait waits. */
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
	}
	if (o.echo)
		echo(o.echo);
	if (o.logic) {
		/* The inner UDP source port of the requests, as a socket's. */
		my_port = LOGIC_PORT;
		logic(&o);
		return 0;
	}
	sock_open(o.port);
	if (o.reg)
		phase_register(&o, &c);
	if (o.req)
		phase_request(&o, &c);
	close(fd);
	return 0;
}
