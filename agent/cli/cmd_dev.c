// SPDX-License-Identifier: GPL-2.0
/* "lispd show devices | stats" and "lispd rloc": device-level commands. */
#include <stdio.h>
#include <string.h>
#include <linux/lisp.h>

#include "cli/cli.h"
#include "lib/print.h"
#include "kernel/kernel.h"
#include "lib/word.h"

struct show_ctx {
	struct printer p;
	int count;
};

static int print_dev(const struct lisp_kdev *d, void *arg)
{
	struct show_ctx *ctx = arg;
	struct printer *p = &ctx->p;

	if (!ctx->count)
		print_raw(p, PRINT_FP, "%-16s %-8s %-6s %-9s %-9s %-9s %s\n",
			  "DEVICE", "IFINDEX", "PORT", "IID", "SRC-CHECK",
			  "DST-CHECK", "PETRS");
	print_open_object(p, NULL);
	print_string(p, PRINT_ANY, "name", "%-16s ", d->name);
	print_uint(p, PRINT_ANY, "ifindex", "%-8llu ", d->ifindex);
	print_uint(p, PRINT_ANY, "port", "%-6llu ", d->port);
	if (d->has_iid)
		print_uint(p, PRINT_ANY, "iid", "%-9llu ", d->iid);
	else
		print_string(p, PRINT_FP, NULL, "%-9s ", "-");
	print_bool(p, PRINT_JSON, "src_check", NULL, d->src_check);
	print_bool(p, PRINT_JSON, "dst_check", NULL, d->dst_check);
	print_string(p, PRINT_FP, NULL, "%-9s ", d->src_check ? "on" : "off");
	print_string(p, PRINT_FP, NULL, "%-9s ", d->dst_check ? "on" : "off");
	print_uint(p, PRINT_ANY, "petrs", "%llu\n", d->n_petr);
	print_close_object(p);
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
	struct show_ctx ctx = { .count = 0 };
	struct lisp_kernel k;
	struct lisp_kdev d;
	int rc;

	if (open_kernel(&k))
		return 1;
	print_start(&ctx.p, stdout, json);
	print_open_array(&ctx.p, NULL);
	if (name) {
		rc = lisp_kernel_dev_get(&k, name, &d);
		if (rc == 0)
			print_dev(&d, &ctx);
	} else {
		rc = lisp_kernel_dev_dump(&k, print_dev, &ctx);
	}
	print_close_array(&ctx.p);
	print_raw(&ctx.p, PRINT_JSON, "\n");
	if (rc < 0)
		fprintf(stderr, "lispd: %s\n", k.err);
	lisp_kernel_close(&k);
	return rc < 0 ? 1 : 0;
}

/* The netns-wide counters of @stats, or the per-device ones; zeros too. */
static void print_counters(struct printer *p, const uint64_t *stats,
			   bool netns, const char *indent)
{
	unsigned int i;

	for (i = 1; i <= LISP_STAT_MAX; i++) {
		const char *name = lisp_stat_name(i);

		if (!name || lisp_stat_netns(i) != netns)
			continue;
		print_uint(p, PRINT_JSON, name, NULL, stats[i]);
		print_raw(p, PRINT_FP, "%s%-24s %llu\n", indent, name,
			  (unsigned long long)stats[i]);
	}
}

static int print_dev_stats(const struct lisp_kdev *d, void *arg)
{
	struct show_ctx *ctx = arg;
	struct printer *p = &ctx->p;

	print_open_object(p, NULL);
	print_string(p, PRINT_ANY, "name", "%s:\n", d->name);
	print_open_object(p, "counters");
	print_counters(p, d->stats, false, "  ");
	print_close_object(p);
	/* Values now, not counters: what waits for a mapping. */
	print_open_object(p, "miss_queue");
	print_uint(p, PRINT_ANY, "waiting", "  miss queue now: %llu destinations, ",
		   d->miss_waiting);
	print_uint(p, PRINT_ANY, "packets", "%llu packets, ", d->miss_queued);
	print_uint(p, PRINT_ANY, "bytes", "%llu bytes\n", d->miss_queued_bytes);
	print_close_object(p);
	print_close_object(p);
	ctx->count++;
	return 0;
}

int cmd_show_stats(bool json)
{
	struct show_ctx ctx = { .count = 0 };
	struct printer *p = &ctx.p;
	uint64_t net[__LISP_STAT_MAX];
	struct lisp_kernel k;
	int rc;

	if (open_kernel(&k))
		return 1;
	print_start(p, stdout, json);
	print_open_object(p, NULL);
	print_open_array(p, "devices");
	rc = lisp_kernel_dev_dump(&k, print_dev_stats, &ctx);
	if (!rc)
		rc = lisp_kernel_net_stats(&k, net);
	if (!rc) {
		print_close_array(p);
		print_open_object(p, "netns");
		print_raw(p, PRINT_FP, "netns (packets no device took):\n");
		print_counters(p, net, true, "  ");
		print_close_object(p);
		print_close_object(p);
		print_raw(p, PRINT_JSON, "\n");
	}
	if (rc < 0)
		fprintf(stderr, "lispd: %s\n", k.err);
	lisp_kernel_close(&k);
	return rc < 0 ? 1 : 0;
}

int cmd_rloc(int argc, char **argv, bool json)
{
	char line[512];
	struct lisp_kernel k;
	struct lisp_kaddr a;
	int rc = 0;

	/* "rloc ADDR up|down [-S SOCKET]": the daemon's database only. */
	if (argc >= 2 && strcmp(argv[0], "dev")) {
		if ((argc != 2 && argc != 4) ||
		    (strcmp(argv[1], "up") && strcmp(argv[1], "down")))
			return CLI_USAGE;
		return lispd_ctl_cli("rloc", argc, argv, json);
	}
	if (argc != 4 || strcmp(argv[0], "dev") ||
	    (strcmp(argv[3], "up") && strcmp(argv[3], "down"))) {
		fprintf(stderr, "Usage: lispd rloc [dev DEV] ADDR { up | down }\n");
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
	/*
	 * Issue 12: a locator of the running ETR's database is sent with
	 * R clear and its ITRs get SMRs; any other (a remote RLOC of the
	 * map-cache), or no daemon running: nothing to tell.
	 */
	if (!rc && snprintf(line, sizeof(line), "rloc %s %s\n", argv[2],
			    argv[3]) < (int)sizeof(line))
		lispd_ctl_tell(line);
	return rc;
}
