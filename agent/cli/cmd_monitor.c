// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd monitor [count N] [-j]": print the kernel's miss notifications
 * as they come, as "ip monitor" does for routes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kernel/kernel.h"
#include "lib/addr.h"
#include "lib/print.h"

/* A notification takes under 1 KiB of buffer: a thousand fit. */
#define MONITOR_RCVBUF	(1 << 20)

struct monitor_ctx {
	bool json;
	long left;	/* < 0: forever */
};

static int print_miss(const struct lisp_kmiss *m, void *arg)
{
	struct monitor_ctx *ctx = arg;
	char src[INET6_ADDRSTRLEN] = "?", dst[INET6_ADDRSTRLEN];
	char dev[IF_NAMESIZE];
	struct printer p;

	if (!if_indextoname(m->ifindex, dev))
		snprintf(dev, sizeof(dev), "if%u", m->ifindex);
	if (m->src.family)
		lispd_kaddr_str(&m->src, src, sizeof(src));
	lispd_kaddr_str(&m->dst, dst, sizeof(dst));
	print_start(&p, stdout, ctx->json);
	print_open_object(&p, NULL);
	print_string(&p, PRINT_JSON, "event", NULL, "miss");
	print_string(&p, PRINT_ANY, "dev", "miss dev %s", dev);
	if (m->has_iid)
		print_uint(&p, PRINT_ANY, "iid", " iid %llu", m->iid);
	print_string(&p, PRINT_ANY, "src", " src %s", src);
	print_string(&p, PRINT_ANY, "dst", " dst %s", dst);
	print_close_object(&p);
	print_raw(&p, PRINT_ANY, "\n");
	fflush(stdout);
	if (ctx->left > 0 && --ctx->left == 0)
		return -1;
	return 0;
}

int cmd_monitor(int argc, char **argv, bool json)
{
	struct monitor_ctx ctx = { .json = json, .left = -1 };
	unsigned long long overruns = 0;
	struct lisp_kernel k;
	int rc = 0;

	if (argc == 2 && !strcmp(argv[0], "count")) {
		ctx.left = strtol(argv[1], NULL, 10);
		if (ctx.left <= 0) {
			fprintf(stderr, "lispd: count must be a positive number\n");
			return 2;
		}
	} else if (argc) {
		fprintf(stderr, "Usage: lispd monitor [count N] [-j]\n");
		return 2;
	}
	if (lisp_kernel_open(&k) < 0 || lisp_kernel_miss_subscribe(&k) < 0) {
		fprintf(stderr, "lispd: %s\n", k.err);
		lisp_kernel_close(&k);
		return 1;
	}
	/* Room for bursts: the kernel drops what does not fit. */
	if (lisp_kernel_rcvbuf(&k, MONITOR_RCVBUF) < 0)
		fprintf(stderr, "lispd: %s (default receive buffer kept)\n", k.err);
	/* On stderr, so that scripts know when misses will be seen. */
	fprintf(stderr, "lispd: listening for miss notifications\n");
	while (lisp_kernel_miss_recv(&k, print_miss, &ctx) < 0) {
		/* An overrun loses notifications, not the monitor. */
		if (errno == ENOBUFS) {
			fprintf(stderr, "lispd: notifications lost: the receive "
				"buffer overflowed (%llu times)\n",
				++overruns);
			continue;
		}
		fprintf(stderr, "lispd: %s\n", k.err);
		rc = 1;
		break;
	}
	lisp_kernel_close(&k);
	return rc;
}
