// SPDX-License-Identifier: GPL-2.0
/*
 * lispd: the LISP control-plane agent and its command line.
 *
 *   lispd show devices [-j]        lisp devices of this netns (kernel)
 *   lispd show device NAME [-j]
 *   lispd version
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "kernel.h"

#define LISPD_VERSION "0.1.0"

static int usage(FILE *f, int rc)
{
	fprintf(f,
		"Usage: lispd show devices [-j]\n"
		"       lispd show device NAME [-j]\n"
		"       lispd version\n");
	return rc;
}

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
		printf("}");
	} else {
		if (!ctx->count)
			printf("%-16s %-8s %-6s %s\n", "DEVICE", "IFINDEX", "PORT", "IID");
		printf("%-16s %-8u %-6u ", d->name, d->ifindex, d->port);
		if (d->has_iid)
			printf("%u\n", d->iid);
		else
			printf("-\n");
	}
	ctx->count++;
	return 0;
}

static int cmd_show_devices(const char *name, bool json)
{
	struct show_ctx ctx = { .json = json };
	struct lisp_kernel k;
	struct lisp_kdev d;
	int rc;

	if (lisp_kernel_open(&k) < 0) {
		fprintf(stderr, "lispd: %s\n", k.err);
		return 1;
	}
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

int main(int argc, char **argv)
{
	bool json = false;
	int i, n = 0;
	char *args[8];

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
			 !strcmp(argv[i], "help"))
			return usage(stdout, 0);
		else if (n < (int)(sizeof(args) / sizeof(args[0])))
			args[n++] = argv[i];
		else
			return usage(stderr, 2);
	}
	if (n == 1 && !strcmp(args[0], "version")) {
		printf("lispd %s\n", LISPD_VERSION);
		return 0;
	}
	if (n == 2 && !strcmp(args[0], "show") && !strcmp(args[1], "devices"))
		return cmd_show_devices(NULL, json);
	if (n == 3 && !strcmp(args[0], "show") && !strcmp(args[1], "device"))
		return cmd_show_devices(args[2], json);
	return usage(stderr, 2);
}
