// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd monitor [count N] [-j]": print the kernel's miss notifications
 * and data-path events as they come, as "ip monitor" does for routes.
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

static void dev_name(uint32_t ifindex, char dev[IF_NAMESIZE])
{
	if (!if_indextoname(ifindex, dev))
		snprintf(dev, IF_NAMESIZE, "if%u", ifindex);
}

/* One line printed: stop after count of them. */
static int printed(struct monitor_ctx *ctx)
{
	fflush(stdout);
	if (ctx->left > 0 && --ctx->left == 0)
		return -1;
	return 0;
}

/* " key ADDR" (text) or "key":"ADDR" (JSON); nothing without one. */
static void print_kaddr(struct printer *p, const char *key, const char *fmt,
			const struct lisp_kaddr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (a->family)
		print_string(p, PRINT_ANY, key, fmt,
			     lispd_kaddr_str(a, buf, sizeof(buf)));
}

static int print_event(const struct lisp_kevent *ev, void *arg)
{
	struct monitor_ctx *ctx = arg;
	char dev[IF_NAMESIZE];
	struct printer p;

	dev_name(ev->ifindex, dev);
	print_start(&p, stdout, ctx->json);
	print_open_object(&p, NULL);
	print_string(&p, PRINT_ANY, "event", "%s", lisp_event_name(ev->type));
	print_string(&p, PRINT_ANY, "dev", " dev %s", dev);
	if (ev->has_iid)
		print_uint(&p, PRINT_ANY, "iid", " iid %llu", ev->iid);
	print_kaddr(&p, "rloc", " rloc %s", &ev->rloc);
	print_kaddr(&p, "src", " src %s", &ev->src);
	print_kaddr(&p, "dst", " dst %s", &ev->dst);
	if (ev->iif) {
		dev_name(ev->iif, dev);
		print_string(&p, PRINT_ANY, "iif", " iif %s", dev);
	}
	if (ev->has_lsb) {
		print_uint(&p, PRINT_ANY, "lsb", " lsb 0x%llx", ev->lsb);
		print_uint(&p, PRINT_ANY, "lsb_kernel", " kernel 0x%llx",
			  ev->lsb_kernel);
	}
	print_close_object(&p);
	print_raw(&p, PRINT_ANY, "\n");
	return printed(ctx);
}

static int print_miss(const struct lisp_kmiss *m, void *arg)
{
	struct monitor_ctx *ctx = arg;
	char src[INET6_ADDRSTRLEN] = "?", dst[INET6_ADDRSTRLEN];
	char dev[IF_NAMESIZE];
	struct printer p;

	dev_name(m->ifindex, dev);
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
	return printed(ctx);
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
	/* A lisp.ko without events: misses only. */
	if (lisp_kernel_events_subscribe(&k) < 0)
		fprintf(stderr, "lispd: %s (misses only)\n", k.err);
	/* On stderr, so that scripts know when misses will be seen. */
	fprintf(stderr, "lispd: listening for miss notifications\n");
	while (lisp_kernel_notify_recv(&k, print_miss, print_event, &ctx) < 0) {
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
