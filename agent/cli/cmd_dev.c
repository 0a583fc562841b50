// SPDX-License-Identifier: GPL-2.0
/* "lispd show devices | stats" and "lispd rloc": device-level commands. */
#include <stdio.h>
#include <string.h>
#include <linux/lisp.h>

#include "cli/cli.h"
#include "lib/json.h"
#include "kernel/kernel.h"
#include "lib/word.h"

/* Per-device counters come first in enum lisp_stat, netns ones after. */
#define LISP_STAT_DEV_LAST (LISP_STAT_RX_NO_DEVICE - 1)

struct show_ctx {
	bool json;
	int count;
};

static int print_dev(const struct lisp_kdev *d, void *arg)
{
	struct show_ctx *ctx = arg;

	if (ctx->json) {
		printf("%s{\"name\":", ctx->count ? "," : "");
		json_print_string(stdout, d->name);
		printf(",\"ifindex\":%u,\"port\":%u", d->ifindex, d->port);
		if (d->has_iid)
			printf(",\"iid\":%u", d->iid);
		printf(",\"src_check\":%s,\"dst_check\":%s,\"petrs\":%u}",
		       d->src_check ? "true" : "false",
		       d->dst_check ? "true" : "false", d->n_petr);
	} else {
		if (!ctx->count)
			printf("%-16s %-8s %-6s %-9s %-9s %-9s %s\n", "DEVICE",
			       "IFINDEX", "PORT", "IID", "SRC-CHECK",
			       "DST-CHECK", "PETRS");
		printf("%-16s %-8u %-6u ", d->name, d->ifindex, d->port);
		if (d->has_iid)
			printf("%-9u ", d->iid);
		else
			printf("%-9s ", "-");
		printf("%-9s %-9s %u\n", d->src_check ? "on" : "off",
		       d->dst_check ? "on" : "off", d->n_petr);
	}
	ctx->count++;
	return 0;
}

static int open_kernel(struct lisp_kernel *k)
{
	if (lisp_kernel_open(k) == 0)
		return 0;
	fprintf(stderr, "lispd: %s\n", k->err);
	return -1;
}

int cmd_show_devices(const char *name, bool json)
{
	struct show_ctx ctx = { .json = json };
	struct lisp_kernel k;
	struct lisp_kdev d;
	int rc;

	if (open_kernel(&k))
		return 1;
	if (json)
		printf("[");
	if (name) {
		rc = lisp_kernel_dev_get(&k, name, &d);
		if (rc == 0)
			print_dev(&d, &ctx);
	} else {
		rc = lisp_kernel_dev_dump(&k, print_dev, &ctx);
	}
	if (json)
		printf("]\n");
	if (rc < 0)
		fprintf(stderr, "lispd: %s\n", k.err);
	lisp_kernel_close(&k);
	return rc < 0 ? 1 : 0;
}

/* Counters first..last of @stats, zeros included. */
static void print_counters(const uint64_t *stats, unsigned int first,
			   unsigned int last, bool json, const char *indent)
{
	unsigned int i, n = 0;

	for (i = first; i <= last; i++) {
		const char *name = lisp_stat_name(i);

		if (!name)
			continue;
		if (json)
			printf("%s\"%s\":%llu", n++ ? "," : "", name,
			       (unsigned long long)stats[i]);
		else
			printf("%s%-24s %llu\n", indent, name,
			       (unsigned long long)stats[i]);
	}
}

static int print_dev_stats(const struct lisp_kdev *d, void *arg)
{
	struct show_ctx *ctx = arg;

	if (ctx->json) {
		printf("%s{\"name\":", ctx->count ? "," : "");
		json_print_string(stdout, d->name);
		printf(",\"counters\":{");
		print_counters(d->stats, 1, LISP_STAT_DEV_LAST, true, "");
		printf("}}");
	} else {
		printf("%s:\n", d->name);
		print_counters(d->stats, 1, LISP_STAT_DEV_LAST, false, "  ");
	}
	ctx->count++;
	return 0;
}

int cmd_show_stats(bool json)
{
	struct show_ctx ctx = { .json = json };
	uint64_t net[__LISP_STAT_MAX];
	struct lisp_kernel k;
	int rc;

	if (open_kernel(&k))
		return 1;
	if (json)
		printf("{\"devices\":[");
	rc = lisp_kernel_dev_dump(&k, print_dev_stats, &ctx);
	if (!rc)
		rc = lisp_kernel_net_stats(&k, net);
	if (!rc && json) {
		printf("],\"netns\":{");
		print_counters(net, LISP_STAT_DEV_LAST + 1, LISP_STAT_MAX, true, "");
		printf("}}\n");
	} else if (!rc) {
		printf("netns (packets no device took):\n");
		print_counters(net, LISP_STAT_DEV_LAST + 1, LISP_STAT_MAX, false, "  ");
	}
	if (rc < 0)
		fprintf(stderr, "lispd: %s\n", k.err);
	lisp_kernel_close(&k);
	return rc < 0 ? 1 : 0;
}

int cmd_rloc(int argc, char **argv, bool json)
{
	struct lisp_kernel k;
	struct lisp_kaddr a;
	int rc = 0;

	(void)json;
	if (argc != 4 || strcmp(argv[0], "dev") ||
	    (strcmp(argv[3], "up") && strcmp(argv[3], "down"))) {
		fprintf(stderr, "Usage: lispd rloc dev DEV ADDR { up | down }\n");
		return 2;
	}
	if (word_addr(argv[2], &a)) {
		fprintf(stderr, "lispd: bad RLOC address \"%s\"\n", argv[2]);
		return 2;
	}
	if (open_kernel(&k))
		return 1;
	if (lisp_kernel_rloc_set(&k, argv[1], &a, !strcmp(argv[3], "up")) < 0) {
		fprintf(stderr, "lispd: %s\n", k.err);
		rc = 1;
	}
	lisp_kernel_close(&k);
	return rc;
}
