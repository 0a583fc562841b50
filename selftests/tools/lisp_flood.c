// SPDX-License-Identifier: GPL-2.0
/*
 * lisp-flood: send malformed and odd LISP data packets to a UDP port, as
 * fast as the stack takes them, for selftests/fault_flood.sh.
 *
 *   lisp-flood -4|-6 ADDR [-p PORT] [-n COUNT] [-s SEED] [-i IID]
 *   lisp-flood -4|-6 ADDR -D [-b SRC] [-p PORT] [-n COUNT]
 *
 * With -D, COUNT small datagrams go to COUNT distinct destinations,
 * ADDR, ADDR + 1, ... (a storm of map-cache misses, fault_miss_storm.sh),
 * from SRC.
 * Datagrams are built by the kernel's UDP socket (valid UDP checksums)
 * with path MTU discovery off, so those longer than the MTU leave in IP
 * fragments.  Payloads, 0..1500 bytes, are drawn from kinds that each
 * reach a different check of the receiver (see enum kind).  Prints the
 * number sent of each kind, and the total, as "sent N".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum kind {
	K_RANDOM,		/* any bytes, any length */
	K_SHORT,		/* shorter than LISP header + 1 */
	K_BAD_VERSION,		/* LISP header, inner version neither 4 nor 6 */
	K_V4_LIES,		/* inner IPv4 whose lengths do not fit */
	K_V6_LIES,		/* inner IPv6 whose payload length does not fit */
	K_V4_OK,		/* a well-formed inner IPv4 packet */
	K_V6_OK,		/* a well-formed inner IPv6 packet */
	K_HEADER_ONLY,		/* LISP header and one byte */
	K_MAX
};

static const char *const kind_name[K_MAX] = {
	"random", "short", "bad_version", "ipv4_lengths_lie",
	"ipv6_length_lies", "ipv4_ok", "ipv6_ok", "header_only",
};

static uint64_t rng_state;

/* xorshift64*: fast, and the same sequence for the same seed. */
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static void fill_random(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static uint16_t ip_checksum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* An 8-byte LISP header: N bit, and half the time our instance-id. */
static void lisp_header(uint8_t *h, long iid)
{
	fill_random(h, 8);
	h[0] = 0x80;
	if (iid >= 0 && rnd() % 2) {
		h[0] |= 0x08;
		h[4] = (uint8_t)(iid >> 16);
		h[5] = (uint8_t)(iid >> 8);
		h[6] = (uint8_t)iid;
	} else if (rnd() % 2) {
		h[0] = (uint8_t)rnd();	/* any flags, any instance-id */
	}
}

static size_t inner_v4(uint8_t *p, size_t room, bool lie)
{
	size_t len = 20 + rnd() % (room - 20 + 1);

	fill_random(p, len);
	p[0] = 0x45;
	p[1] = 0;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	p[6] = 0x40;		/* DF, no fragment */
	p[7] = 0;
	p[8] = 64;
	p[9] = 17;
	p[12] = 192; p[13] = 0; p[14] = 2; p[15] = 99;
	p[16] = 203; p[17] = 0; p[18] = 113;
	if (lie) {
		switch (rnd() % 3) {
		case 0: {	/* longer than what arrives */
			size_t claim = len + 1 + rnd() % 1000;

			p[2] = (uint8_t)(claim >> 8);
			p[3] = (uint8_t)claim;
			break;
		}
		case 1:		/* header length under 20 bytes */
			p[0] = (uint8_t)(0x40 | rnd() % 5);
			break;
		default:	/* total length under the header length */
			p[0] = 0x4f;
			p[2] = 0;
			p[3] = (uint8_t)(20 + rnd() % 40);
			break;
		}
	}
	p[10] = p[11] = 0;
	{
		uint16_t c = ip_checksum(p, 20);

		p[10] = (uint8_t)(c >> 8);
		p[11] = (uint8_t)c;
	}
	return len;
}

static size_t inner_v6(uint8_t *p, size_t room, bool lie)
{
	size_t len = 40 + rnd() % (room - 40 + 1);
	size_t plen = len - 40;

	fill_random(p, len);
	p[0] = 0x60;
	p[1] = p[2] = p[3] = 0;
	if (lie)
		plen += 1 + rnd() % 1000;
	p[4] = (uint8_t)(plen >> 8);
	p[5] = (uint8_t)plen;
	p[6] = 17;
	p[7] = 64;
	p[24] = 0x20; p[25] = 0x01; p[26] = 0x0d; p[27] = 0xb8;	/* 2001:db8:: */
	p[28] = 0xee;
	return len;
}

/* One payload of @k into @p (room for 1500 bytes); its length. */
static size_t make_payload(enum kind k, uint8_t *p, long iid)
{
	size_t len;

	switch (k) {
	case K_RANDOM:
		len = rnd() % 1501;
		fill_random(p, len);
		return len;
	case K_SHORT:
		len = rnd() % 9;
		fill_random(p, len);
		return len;
	case K_HEADER_ONLY:
		lisp_header(p, iid);
		p[8] = rnd() % 2 ? 0x45 : 0x60;
		return 9;
	case K_BAD_VERSION:
		lisp_header(p, iid);
		len = 9 + rnd() % (1500 - 9 + 1);
		fill_random(p + 8, len - 8);
		do
			p[8] = (uint8_t)((rnd() % 16) << 4 | (p[8] & 0xf));
		while (p[8] >> 4 == 4 || p[8] >> 4 == 6);
		return len;
	case K_V4_LIES:
	case K_V4_OK:
		lisp_header(p, iid);
		return 8 + inner_v4(p + 8, 1492, k == K_V4_LIES);
	case K_V6_LIES:
	case K_V6_OK:
	default:
		lisp_header(p, iid);
		return 8 + inner_v6(p + 8, 1492, k == K_V6_LIES);
	}
}

#define BATCH 32

int main(int argc, char **argv)
{
	unsigned long count = 100000, sent = 0, per_kind[K_MAX] = { 0 };
	static uint8_t buf[BATCH][1500];
	struct sockaddr_storage dst = { 0 };
	static union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} dests[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	enum kind kinds[BATCH];
	int family = 0, port = 4341, opt, fd, off;
	const char *addr = NULL, *src = NULL;
	bool walk = false;
	uint32_t base = 0;
	long iid = -1;

	rng_state = 0x9e3779b97f4a7c15ULL;
	while ((opt = getopt(argc, argv, "4:6:p:n:s:i:Db:")) != -1) {
		switch (opt) {
		case '4':
		case '6':
			family = opt == '4' ? AF_INET : AF_INET6;
			addr = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			rng_state ^= strtoull(optarg, NULL, 0) * 0x2545f4914f6cdd1dULL;
			break;
		case 'i':
			iid = strtol(optarg, NULL, 0);
			break;
		case 'D':
			walk = true;
			break;
		case 'b':
			src = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!addr || !rng_state)
		goto usage;
	if (family == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&dst;

		s->sin_family = AF_INET;
		s->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, addr, &s->sin_addr) != 1)
			goto usage;
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&dst;

		s->sin6_family = AF_INET6;
		s->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, addr, &s->sin6_addr) != 1)
			goto usage;
	}
	fd = socket(family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("lisp-flood: socket");
		return 1;
	}
	/* Longer than the MTU: leave in fragments, do not fail. */
	off = family == AF_INET ? IP_PMTUDISC_DONT : IPV6_PMTUDISC_DONT;
	if (setsockopt(fd, family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
		       family == AF_INET ? IP_MTU_DISCOVER : IPV6_MTU_DISCOVER,
		       &off, sizeof(off)) < 0) {
		perror("lisp-flood: path MTU discovery off");
		return 1;
	}
	if (src) {
		struct sockaddr_storage me = { 0 };
		socklen_t len;

		me.ss_family = (sa_family_t)family;
		if (family == AF_INET) {
			len = sizeof(struct sockaddr_in);
			if (inet_pton(AF_INET, src, &((struct sockaddr_in *)&me)->sin_addr) != 1)
				goto usage;
		} else {
			len = sizeof(struct sockaddr_in6);
			if (inet_pton(AF_INET6, src, &((struct sockaddr_in6 *)&me)->sin6_addr) != 1)
				goto usage;
		}
		if (bind(fd, (struct sockaddr *)&me, len) < 0) {
			perror("lisp-flood: bind");
			return 1;
		}
	}
	/* The low 32 bits of the address are where -D counts. */
	if (family == AF_INET) {
		base = ntohl(((struct sockaddr_in *)&dst)->sin_addr.s_addr);
	} else {
		memcpy(&base, &((struct sockaddr_in6 *)&dst)->sin6_addr.s6_addr[12], 4);
		base = ntohl(base);
	}

	for (unsigned int i = 0; i < BATCH; i++)
		memcpy(&dests[i], &dst, sizeof(dests[i]));
	while (sent < count) {
		unsigned int n = count - sent < BATCH ? count - sent : BATCH, i;
		int r;

		for (i = 0; i < n; i++) {
			iov[i].iov_base = buf[i];
			if (walk) {
				uint32_t a = htonl(base + (uint32_t)(sent + i));

				kinds[i] = K_RANDOM;
				iov[i].iov_len = rnd() % 33;
				fill_random(buf[i], iov[i].iov_len);
				if (family == AF_INET)
					memcpy(&dests[i].v4.sin_addr, &a, 4);
				else
					memcpy(&dests[i].v6.sin6_addr.s6_addr[12], &a, 4);
			} else {
				kinds[i] = rnd() % K_MAX;
				iov[i].iov_len = make_payload(kinds[i], buf[i], iid);
			}
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_name = walk ? (void *)&dests[i] : (void *)&dst;
			msgs[i].msg_hdr.msg_namelen = family == AF_INET ?
				sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(fd, msgs, n, 0);
		if (r < 0) {
			if (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)
				continue;	/* the same batch is rebuilt */
			perror("lisp-flood: sendmmsg");
			return 1;
		}
		for (i = 0; i < (unsigned int)r; i++)
			per_kind[kinds[i]]++;
		sent += (unsigned long)r;
	}
	for (int k = 0; k < K_MAX; k++)
		printf("%s %lu\n", kind_name[k], per_kind[k]);
	printf("sent %lu\n", sent);
	return 0;

usage:
	fprintf(stderr, "usage: lisp-flood -4|-6 ADDR [-p PORT] [-n COUNT] [-s SEED] [-i IID]\n"
		"       lisp-flood -4|-6 ADDR -D [-b SRC] [-p PORT] [-n COUNT]\n");
	return 2;
}
