// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd petr ...": a device's proxy ETRs (RFC 6832), to which packets
 * with no mapping or a use-petr entry are encapsulated.
 *
 *   petr set dev DEV ADDR [priority P] [weight W] [down] [ADDR ...]
 *   petr show dev DEV [-j]
 *   petr flush dev DEV
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "kernel/kernel.h"
#include "lib/print.h"
#include "lib/map_entry.h"
#include "lib/word.h"

static int parse_petrs(int argc, char **argv, struct lisp_kloc *p,
		       unsigned int *n)
{
	int i;

	*n = 0;
	for (i = 0; i < argc; i++) {
		const char *kw = argv[i];
		struct lisp_kloc *l = *n ? &p[*n - 1] : NULL;
		char *end;
		unsigned long v;

		if (!strcmp(kw, "down") && l) {
			l->up = false;
			continue;
		}
		if ((!strcmp(kw, "priority") || !strcmp(kw, "weight")) && l) {
			if (i + 1 == argc) {
				fprintf(stderr, "lispd: \"%s\" needs a value\n", kw);
				return -1;
			}
			v = strtoul(argv[++i], &end, 10);
			if (!*argv[i] || *end || v > 255) {
				fprintf(stderr, "lispd: %s is 0-255, got \"%s\"\n",
					kw, argv[i]);
				return -1;
			}
			if (kw[0] == 'p')
				l->priority = (uint8_t)v;
			else
				l->weight = (uint8_t)v;
			continue;
		}
		if (*n == LISP_MAX_PETRS) {
			fprintf(stderr, "lispd: at most %d proxy ETRs\n", LISP_MAX_PETRS);
			return -1;
		}
		l = &p[(*n)++];
		memset(l, 0, sizeof(*l));
		l->priority = LISPD_DEFAULT_PRIORITY;
		l->weight = LISPD_DEFAULT_WEIGHT;
		l->up = true;
		if (word_addr(kw, &l->addr)) {
			fprintf(stderr, "lispd: expected a PETR address, got \"%s\"\n", kw);
			return -1;
		}
	}
	return 0;
}

static void show(const struct lisp_kdev *d, bool json)
{
	struct printer p;
	unsigned int i;

	print_start(&p, stdout, json);
	print_open_array(&p, NULL);
	for (i = 0; i < d->n_petr; i++)
		cli_print_kloc(&p, &d->petr[i], "petr ");
	print_close_array(&p);
	print_raw(&p, PRINT_JSON, "\n");
}

int cmd_petr(int argc, char **argv, bool json)
{
	struct lisp_kloc petr[LISP_MAX_PETRS];
	struct lisp_kernel k;
	struct lisp_kdev d;
	unsigned int n = 0;
	const char *op;
	int rc = 0;

	if (argc < 3 || strcmp(argv[1], "dev")) {
		fprintf(stderr, "Usage: lispd petr { set | show | flush } dev DEV ...\n");
		return 2;
	}
	op = argv[0];
	if (!strcmp(op, "set") && parse_petrs(argc - 3, argv + 3, petr, &n))
		return 2;
	if (lisp_kernel_open(&k) < 0) {
		fprintf(stderr, "lispd: %s\n", k.err);
		return 1;
	}
	if (!strcmp(op, "set") || (!strcmp(op, "flush") && argc == 3)) {
		if (lisp_kernel_petr_set(&k, argv[2], petr, n) < 0)
			rc = 1;
	} else if (!strcmp(op, "show") && argc == 3) {
		if (lisp_kernel_dev_get(&k, argv[2], &d) < 0)
			rc = 1;
		else
			show(&d, json);
	} else {
		fprintf(stderr, "lispd: unknown petr command; see lispd help\n");
		rc = 2;
	}
	if (rc == 1)
		fprintf(stderr, "lispd: %s\n", k.err);
	lisp_kernel_close(&k);
	return rc;
}
