// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd lig": send an Encapsulated Map-Request for one EID to a
 * Map-Resolver and print the Map-Reply, as the lig tool does.
 *
 * One UDP socket, bound to the ITR-RLOC (the "source" given, or the
 * address the kernel would use towards the Map-Resolver) and an
 * ephemeral port, sends the ECM and receives the answer: the inner UDP
 * source port of the ECM is that port, and the Map-Reply goes to the
 * ITR-RLOC at the inner source port (RFC 9301 5.8).  The socket is not
 * connected: the answer may come from the Map-Server or the ETR.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "daemon/nonce.h"
#include "itr/lig_fmt.h"
#include "itr/request.h"

#define LIG_USAGE "Usage: lispd lig EID [iid N] to MAP-RESOLVER [count N] " \
		  "[timeout S] [source ADDR] [port N] [-j]\n"
#define LIG_COUNT_DEFAULT	3
#define LIG_COUNT_MAX		100
#define LIG_TIMEOUT_DEFAULT	2.0
#define LIG_TIMEOUT_MAX		3600.0
#define LIG_RX_MAX		65536
#define LIG_PKT_MAX		1024	/* one ECM'd Map-Request */

/*
 * Exit statuses (issue 14: a script must tell a mapping from none):
 * 2 is a usage error, as for every lispd command.
 */
enum {
	LIG_EXIT_POSITIVE = 0,		/* a record with locators */
	LIG_EXIT_NEGATIVE = 1,		/* a Map-Reply without any */
	LIG_EXIT_USAGE = 2,
	LIG_EXIT_NO_ANSWER = 3,		/* no Map-Reply to any try */
	LIG_EXIT_ERROR = 4,		/* name, socket or send failed */
};

struct lig_opts {
	struct lisp_addr eid;		/* IPv4/IPv6, maybe in an IID LCAF */
	const char *resolver;
	uint16_t port;
	unsigned int count;
	double timeout_s;
	const char *source;
	bool json;
};

struct lig_sock {
	int fd;
	struct sockaddr_storage mr;	/* Map-Resolver, with its port */
	socklen_t mr_len;
	struct lisp_ip rloc;		/* our ITR-RLOC */
	uint16_t port;			/* our port: the inner source port */
	char mr_str[INET6_ADDRSTRLEN];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "lispd lig: %s%s%s\n" LIG_USAGE, what,
		arg ? ": " : "", arg ? arg : "");
	return LIG_EXIT_USAGE;
}

static bool parse_ulong(const char *s, unsigned long min, unsigned long max,
			unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && end != s && !*end && *s != '-' && *out >= min &&
	       *out <= max;
}

static int parse_eid(const char *s, struct lisp_addr *eid)
{
	if (lisp_addr_from_str(s, eid) || eid->kind == LISP_ADDR_AFI_LIST ||
	    (eid->ip[0].afi != LISP_AFI_IPV4 &&
	     eid->ip[0].afi != LISP_AFI_IPV6))
		return -1;
	return 0;
}

static int parse_args(int argc, char **argv, struct lig_opts *o)
{
	unsigned long v;
	char *end;
	int i;

	if (argc < 1 || parse_eid(argv[0], &o->eid))
		return usage_error("an IPv4 or IPv6 EID is needed",
				   argc ? argv[0] : NULL);
	for (i = 1; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] :
								 NULL;

		if (!val)
			return usage_error("missing value after", key);
		if (!strcmp(key, "to")) {
			o->resolver = val;
		} else if (!strcmp(key, "iid")) {
			if (!parse_ulong(val, 0, UINT32_MAX, &v) ||
			    lisp_addr_set_iid(&o->eid, (uint32_t)v))
				return usage_error("bad instance-id", val);
		} else if (!strcmp(key, "count")) {
			if (!parse_ulong(val, 1, LIG_COUNT_MAX, &v))
				return usage_error("count is 1 to 100", val);
			o->count = (unsigned int)v;
		} else if (!strcmp(key, "timeout")) {
			o->timeout_s = strtod(val, &end);
			if (end == val || *end || !(o->timeout_s > 0) ||
			    o->timeout_s > LIG_TIMEOUT_MAX)
				return usage_error("bad timeout", val);
		} else if (!strcmp(key, "source")) {
			o->source = val;
		} else if (!strcmp(key, "port")) {
			if (!parse_ulong(val, 1, 65535, &v))
				return usage_error("bad port", val);
			o->port = (uint16_t)v;
		} else {
			return usage_error("unknown argument", key);
		}
	}
	if (!o->resolver)
		return usage_error("no Map-Resolver (to ADDR)", NULL);
	return 0;
}

static void ip_from_sockaddr(const struct sockaddr_storage *ss,
			     struct lisp_ip *ip, uint16_t *port)
{
	memset(ip, 0, sizeof(*ip));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		ip->afi = LISP_AFI_IPV4;
		memcpy(ip->addr, &in->sin_addr, 4);
		*port = ntohs(in->sin_port);
	} else {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		ip->afi = LISP_AFI_IPV6;
		memcpy(ip->addr, &in6->sin6_addr, 16);
		*port = ntohs(in6->sin6_port);
	}
}

/* Text of the address of ss (no port). */
static void sockaddr_str(const struct sockaddr_storage *ss, char *buf,
			 size_t len)
{
	struct lisp_addr a = { .kind = LISP_ADDR_IP, .count = 1 };
	uint16_t port;

	ip_from_sockaddr(ss, &a.ip[0], &port);
	if (lisp_addr_to_str(&a, buf, len) < 0)
		snprintf(buf, len, "?");
}

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)(void *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons(port);
}

static int resolve(const char *host, uint16_t port, int family,
		   struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints = { .ai_family = family,
				  .ai_socktype = SOCK_DGRAM }, *ai;
	char serv[8];
	int rc;

	snprintf(serv, sizeof(serv), "%u", port);
	rc = getaddrinfo(host, serv, &hints, &ai);
	if (rc) {
		fprintf(stderr, "lispd lig: %s: %s\n", host, gai_strerror(rc));
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

/* The local address the kernel picks towards the Map-Resolver. */
static int route_source(const struct lig_sock *s,
			struct sockaddr_storage *src, socklen_t *len)
{
	int fd = socket(s->mr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc = -1;

	if (fd < 0)
		return -1;
	*len = sizeof(*src);
	if (!connect(fd, (const struct sockaddr *)&s->mr, s->mr_len) &&
	    !getsockname(fd, (struct sockaddr *)src, len))
		rc = 0;
	close(fd);
	return rc;
}

static int open_socket(const struct lig_opts *o, struct lig_sock *s)
{
	struct sockaddr_storage src;
	socklen_t len;

	if (resolve(o->resolver, o->port, AF_UNSPEC, &s->mr, &s->mr_len))
		return -1;
	sockaddr_str(&s->mr, s->mr_str, sizeof(s->mr_str));
	if (o->source) {
		if (resolve(o->source, 0, s->mr.ss_family, &src, &len))
			return -1;
	} else if (route_source(s, &src, &len)) {
		fprintf(stderr, "lispd lig: no route to %s: %s\n", s->mr_str,
			strerror(errno));
		return -1;
	}
	set_port(&src, 0);
	s->fd = socket(s->mr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&src, len) ||
	    getsockname(s->fd, (struct sockaddr *)&src, &len)) {
		fprintf(stderr, "lispd lig: socket: %s\n", strerror(errno));
		return -1;
	}
	ip_from_sockaddr(&src, &s->rloc, &s->port);
	return 0;
}

static int send_request(const struct lig_opts *o, const struct lig_sock *s,
			uint64_t nonce)
{
	struct lisp_itr_req r;
	uint8_t pkt[LIG_PKT_MAX];
	int n;

	memset(&r, 0, sizeof(r));
	r.nonce = nonce;
	r.has_iid = o->eid.kind == LISP_ADDR_IID;
	r.iid = o->eid.iid;
	r.eid = o->eid.ip[0];
	r.plen = r.eid.afi == LISP_AFI_IPV4 ? 32 : 128;
	r.nrloc = 1;
	r.rloc[0] = s->rloc;
	r.sport = s->port;
	n = lisp_itr_request_write(&r, pkt, sizeof(pkt));
	if (n < 0) {
		fprintf(stderr, "lispd lig: Map-Request: %s\n",
			lisp_strerror(n));
		return -1;
	}
	if (sendto(s->fd, pkt, (size_t)n, 0, (const struct sockaddr *)&s->mr,
		   s->mr_len) != n) {
		fprintf(stderr, "lispd lig: send to %s: %s\n", s->mr_str,
			strerror(errno));
		return -1;
	}
	return 0;
}

struct lig_try {
	uint64_t nonce;
	double sent_s;
};

/*
 * Wait until deadline for a Map-Reply with one of the nonces sent so far
 * (a late answer to an earlier try counts).  Returns the try it answers,
 * -1 on timeout, -2 on a socket error.
 */
static int wait_reply(const struct lig_sock *s, const struct lig_try *tries,
		      unsigned int ntries, double deadline,
		      struct lisp_map_reply *rep,
		      struct sockaddr_storage *from, double *rx_s)
{
	static uint8_t buf[LIG_RX_MAX];
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	socklen_t flen;
	unsigned int i;
	double left;
	ssize_t n;

	while ((left = deadline - now_s()) > 0) {
		if (poll(&pfd, 1, (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			return -2;
		}
		if (!(pfd.revents & POLLIN))
			continue;
		flen = sizeof(*from);
		n = recvfrom(s->fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)from, &flen);
		if (n < 0)
			continue;	/* e.g. ICMP port unreachable */
		*rx_s = now_s();
		if (lisp_msg_type(buf, (size_t)n) != LISP_MAP_REPLY ||
		    lisp_map_reply_parse(buf, (size_t)n, rep))
			continue;
		for (i = 0; i < ntries; i++) {
			if (tries[i].nonce == rep->nonce)
				return (int)i;
		}
	}
	return -1;
}

static void print_out(int n, const char *buf, FILE *f)
{
	if (n < 0)
		fprintf(stderr, "lispd lig: output too long\n");
	else
		fwrite(buf, 1, (size_t)n, f);
	fflush(f);
}

/* A positive answer: some record has a locator. */
static bool positive(const struct lisp_map_reply *rep)
{
	unsigned int i;

	for (i = 0; i < rep->nrec; i++) {
		if (rep->rec[i].nloc)
			return true;
	}
	return false;
}

static int run(const struct lig_opts *o, struct lig_sock *s,
	       struct lisp_map_reply *rep, char *out)
{
	struct lig_try tries[LIG_COUNT_MAX];
	struct sockaddr_storage from;
	char eid[LISP_ADDR_STRLEN], from_str[INET6_ADDRSTRLEN];
	struct lig_answer a;
	double rx_s = 0;
	unsigned int t;
	int got = -1;

	if (lisp_addr_to_str(&o->eid, eid, sizeof(eid)) < 0)
		return LIG_EXIT_ERROR;
	for (t = 0; t < o->count && got == -1; t++) {
		tries[t].nonce = lispd_nonce(NULL);
		if (!o->json)
			print_out(lig_fmt_send(s->mr_str, eid, out,
					       LIG_OUT_MAX), out, stdout);
		tries[t].sent_s = now_s();
		if (send_request(o, s, tries[t].nonce))
			return LIG_EXIT_ERROR;
		got = wait_reply(s, tries, t + 1,
				 tries[t].sent_s + o->timeout_s, rep, &from,
				 &rx_s);
		if (got == -2) {
			fprintf(stderr, "lispd lig: %s\n", strerror(errno));
			return LIG_EXIT_ERROR;
		}
	}
	if (got < 0) {
		print_out(lig_fmt_timeout(s->mr_str, eid, o->count, false, out,
					  LIG_OUT_MAX), out, stderr);
		if (o->json)
			print_out(lig_fmt_timeout(s->mr_str, eid, o->count,
						  true, out, LIG_OUT_MAX),
				  out, stdout);
		return LIG_EXIT_NO_ANSWER;
	}
	sockaddr_str(&from, from_str, sizeof(from_str));
	a.eid = eid;
	a.resolver = s->mr_str;
	a.from = from_str;
	a.rtt_s = rx_s - tries[got].sent_s;
	a.reply = rep;
	print_out(lig_fmt_reply(&a, o->json, out, LIG_OUT_MAX), out, stdout);
	return positive(rep) ? LIG_EXIT_POSITIVE : LIG_EXIT_NEGATIVE;
}

int cmd_lig(int argc, char **argv, bool json)
{
	struct lig_opts o = {
		.port = LISP_CONTROL_PORT, .count = LIG_COUNT_DEFAULT,
		.timeout_s = LIG_TIMEOUT_DEFAULT, .json = json,
	};
	struct lig_sock s = { .fd = -1 };
	struct lisp_map_reply *rep = NULL;
	char *out = NULL;
	int rc;

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	rc = LIG_EXIT_ERROR;
	rep = malloc(sizeof(*rep));
	out = malloc(LIG_OUT_MAX);
	if (rep && out && !open_socket(&o, &s))
		rc = run(&o, &s, rep, out);
	if (s.fd >= 0)
		close(s.fd);
	free(rep);
	free(out);
	return rc;
}
