// SPDX-License-Identifier: GPL-2.0
/*
 * "lispd map-cache ..." and "lispd database ...": drive the kernel's
 * map-cache and database directly, as "wg set" drives WireGuard, with the
 * kernel's own error messages.  Both tables take the same entries.
 *
 *   map-cache add dev DEV PREFIX { rloc ADDR [priority P] [weight W]
 *                                  [down] ... | action ACTION }
 *                                  [ttl SECONDS] [relay] [excl]
 *   map-cache del dev DEV PREFIX
 *   map-cache show dev DEV [EID | PREFIX] [-j]
 *   map-cache flush dev DEV
 *   map-cache load dev DEV [FILE]     one "add" line (without "add dev
 *                                     DEV") per line; '#' comments
 *   database { add | del | show | flush | load } dev DEV ...   the same
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/addr.h"
#include "lib/print.h"
#include "kernel/kernel.h"
#include "lib/map_entry.h"
#include "lib/word.h"

struct show_ctx {
	struct printer p;
	unsigned int count;
};

void cli_print_kloc(struct printer *p, const struct lisp_kloc *l,
		    const char *label)
{
	char a[INET6_ADDRSTRLEN];

	print_open_object(p, NULL);
	print_raw(p, PRINT_FP, "%s", label);
	print_string(p, PRINT_ANY, "rloc", "%s",
		     lispd_kaddr_str(&l->addr, a, sizeof(a)));
	print_uint(p, PRINT_ANY, "priority", " priority %llu", l->priority);
	print_uint(p, PRINT_ANY, "weight", " weight %llu", l->weight);
	print_bool(p, PRINT_JSON, "up", NULL, l->up);
	print_string(p, PRINT_FP, NULL, " %s\n", l->up ? "up" : "down");
	print_close_object(p);
}

static int print_map(const struct lisp_kmap *m, void *arg)
{
	struct show_ctx *ctx = arg;
	struct printer *p = &ctx->p;
	char eid[INET6_ADDRSTRLEN], pfx[INET6_ADDRSTRLEN + 4];
	unsigned int i;

	snprintf(pfx, sizeof(pfx), "%s/%u",
		 lispd_kaddr_str(&m->eid, eid, sizeof(eid)), m->plen);
	print_open_object(p, NULL);
	print_string(p, PRINT_ANY, "eid", "%s", pfx);
	print_string(p, PRINT_ANY, "action", " %s", map_action_name(m->action));
	print_bool(p, PRINT_JSON, "relay", NULL, m->flags & LISP_MAP_F_RELAY);
	if (m->flags & LISP_MAP_F_RELAY)
		print_raw(p, PRINT_FP, " relay");
	print_uint(p, PRINT_JSON, "ttl_s", NULL, m->ttl);
	if (m->ttl)
		print_raw(p, PRINT_FP, " ttl %us expires %us", m->ttl,
			  m->expires_ms / 1000);
	print_uint(p, PRINT_ANY, "packets", " packets %llu", m->packets);
	print_uint(p, PRINT_ANY, "bytes", " bytes %llu", m->bytes);
	print_uint(p, PRINT_JSON, "idle_ms", NULL, m->idle_ms);
	print_raw(p, PRINT_FP, " idle %us\n", m->idle_ms / 1000);
	if (m->has_expires)
		print_uint(p, PRINT_JSON, "expires_ms", NULL, m->expires_ms);
	print_open_array(p, "rlocs");
	for (i = 0; i < m->n_loc; i++)
		cli_print_kloc(p, &m->loc[i], "    rloc ");
	print_close_array(p);
	print_close_object(p);
	ctx->count++;
	return 0;
}

/* The calls of one kernel table: the map-cache or the database. */
struct table_ops {
	const char *name;
	int (*add)(struct lisp_kernel *k, const char *dev,
		   const struct lisp_kmap *maps, unsigned int n, bool excl);
	int (*del)(struct lisp_kernel *k, const char *dev,
		   const struct lisp_kaddr *eid, uint8_t plen);
	int (*flush)(struct lisp_kernel *k, const char *dev);
	int (*dump)(struct lisp_kernel *k, const char *dev, lisp_kmap_fn fn,
		    void *arg);
};

static const struct table_ops map_cache_ops = {
	"map-cache", lisp_kernel_map_add, lisp_kernel_map_del,
	lisp_kernel_map_flush, lisp_kernel_map_dump,
};

static const struct table_ops database_ops = {
	"database", lisp_kernel_db_add, lisp_kernel_db_del,
	lisp_kernel_db_flush, lisp_kernel_db_dump,
};

static int load(struct lisp_kernel *k, const struct table_ops *t,
		const char *dev, const char *path)
{
	static struct lisp_kmap batch[LISP_MAP_BATCH_MAX];
	FILE *f = path ? fopen(path, "r") : stdin;
	char line[4096], err[160];
	unsigned int n = 0, lineno = 0, bytes = 0;
	unsigned long total = 0;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "lispd: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *argv[256], *tok, *save;
		int argc = 0;

		lineno++;
		line[strcspn(line, "#\n")] = '\0';
		tok = strtok_r(line, " \t", &save);
		for (; tok && argc < 256; tok = strtok_r(NULL, " \t", &save))
			argv[argc++] = tok;
		if (!argc)
			continue;
		if (map_entry_parse(argc, argv, 0, &batch[n], NULL, err,
				    sizeof(err))) {
			fprintf(stderr, "lispd: %s:%u: %s\n", path ? path : "stdin",
				lineno, err);
			rc = 1;
			break;
		}
		bytes += 64 + batch[n].n_loc * 32;
		if (++n == LISP_MAP_BATCH_MAX || bytes > 96 * 1024) {
			if (t->add(k, dev, batch, n, false) < 0) {
				fprintf(stderr, "lispd: %s:%u: %s\n",
					path ? path : "stdin", lineno, k->err);
				rc = 1;
				break;
			}
			total += n;
			n = bytes = 0;
		}
	}
	if (!rc && n) {
		if (t->add(k, dev, batch, n, false) < 0) {
			fprintf(stderr, "lispd: %s:%u: %s\n", path ? path : "stdin",
				lineno, k->err);
			rc = 1;
		} else {
			total += n;
		}
	}
	if (path)
		fclose(f);
	if (!rc)
		printf("loaded %lu %s entries into %s\n", total, t->name, dev);
	return rc;
}

enum table_op { OP_ADD, OP_DEL, OP_FLUSH, OP_LOAD, OP_SHOW };

/*
 * The operation and its arguments, checked before the kernel is asked:
 * a typo is reported the same where no lisp module is loaded.  Returns
 * 0, or 2 after printing why.
 */
static int table_args(const struct table_ops *t, const char *op, int argc,
		      char **argv, enum table_op *what, struct lisp_kmap *m,
		      bool *excl, struct lisp_kaddr *eid, uint8_t *plen,
		      bool *has_plen)
{
	char err[160];

	if (!strcmp(op, "add"))
		*what = OP_ADD;
	else if (!strcmp(op, "del") && argc == 1)
		*what = OP_DEL;
	else if (!strcmp(op, "flush") && argc == 0)
		*what = OP_FLUSH;
	else if (!strcmp(op, "load") && argc <= 1)
		*what = OP_LOAD;
	else if (!strcmp(op, "show") && argc <= 1)
		*what = OP_SHOW;
	else {
		fprintf(stderr, "lispd: unknown %s command; see lispd help\n",
			t->name);
		return 2;
	}
	if (*what == OP_ADD &&
	    map_entry_parse(argc, argv, MAP_ENTRY_EXCL, m, excl, err,
			    sizeof(err)))
		goto bad;
	if (*what == OP_SHOW && argc && t == &database_ops) {
		fprintf(stderr, "lispd: database show lists the whole database\n");
		return 2;
	}
	if ((*what == OP_DEL || (*what == OP_SHOW && argc)) &&
	    word_prefix(argv[0], false, eid, plen, has_plen, err, sizeof(err)))
		goto bad;
	return 0;
bad:
	fprintf(stderr, "lispd: %s\n", err);
	return 2;
}

static int cmd_table(const struct table_ops *t, int argc, char **argv,
		     bool json)
{
	struct show_ctx ctx = { .count = 0 };
	struct lisp_kernel k;
	struct lisp_kmap m;
	struct lisp_kaddr eid;
	enum table_op what;
	const char *dev;
	uint8_t plen;
	bool has_plen = false, excl = false;
	int rc;

	if (argc < 3 || strcmp(argv[1], "dev")) {
		fprintf(stderr, "Usage: lispd %s { add | del | show | flush | load } dev DEV ...\n",
			t->name);
		return 2;
	}
	dev = argv[2];
	rc = table_args(t, argv[0], argc - 3, argv + 3, &what, &m, &excl, &eid,
			&plen, &has_plen);
	if (rc)
		return rc;
	argc -= 3;
	argv += 3;
	if (lisp_kernel_open(&k) < 0) {
		fprintf(stderr, "lispd: %s\n", k.err);
		return 1;
	}
	switch (what) {
	case OP_ADD:
		rc = t->add(&k, dev, &m, 1, excl) < 0;
		break;
	case OP_DEL:
		rc = t->del(&k, dev, &eid, plen) < 0;
		break;
	case OP_FLUSH:
		rc = t->flush(&k, dev) < 0;
		break;
	case OP_LOAD:
		rc = load(&k, t, dev, argc ? argv[0] : NULL);
		break;
	case OP_SHOW:
		print_start(&ctx.p, stdout, json);
		print_open_array(&ctx.p, NULL);
		if (argc) {
			rc = lisp_kernel_map_get(&k, dev, &eid, plen, !has_plen,
						 &m) < 0;
			if (!rc)
				print_map(&m, &ctx);
		} else {
			rc = t->dump(&k, dev, print_map, &ctx) < 0;
		}
		print_close_array(&ctx.p);
		print_raw(&ctx.p, PRINT_JSON, "\n");
		break;
	}
	if (rc == 1 && what != OP_LOAD)
		fprintf(stderr, "lispd: %s\n", k.err);
	lisp_kernel_close(&k);
	return rc;
}

int cmd_map_cache(int argc, char **argv, bool json)
{
	return cmd_table(&map_cache_ops, argc, argv, json);
}

int cmd_database(int argc, char **argv, bool json)
{
	return cmd_table(&database_ops, argc, argv, json);
}

/* Devices first, then their map-caches: the client's receive buffer
 * serves one request at a time.
 */
struct dev_list {
	unsigned int n;
	struct lisp_kdev dev[64];
};

static int collect_dev(const struct lisp_kdev *d, void *arg)
{
	struct dev_list *l = arg;

	if (l->n < sizeof(l->dev) / sizeof(l->dev[0]))
		l->dev[l->n++] = *d;
	return 0;
}

int cmd_show_map_cache(bool json)
{
	static struct dev_list devs;
	struct show_ctx ctx;
	struct printer *p = &ctx.p;
	struct lisp_kernel k;
	unsigned int i;
	int rc = 0;

	if (lisp_kernel_open(&k) < 0) {
		fprintf(stderr, "lispd: %s\n", k.err);
		return 1;
	}
	devs.n = 0;
	if (lisp_kernel_dev_dump(&k, collect_dev, &devs) < 0) {
		fprintf(stderr, "lispd: %s\n", k.err);
		lisp_kernel_close(&k);
		return 1;
	}
	print_start(p, stdout, json);
	print_open_array(p, NULL);
	for (i = 0; i < devs.n; i++) {
		const struct lisp_kdev *d = &devs.dev[i];

		ctx.count = 0;
		print_open_object(p, NULL);
		print_raw(p, PRINT_FP, "%s", i ? "\n" : "");
		print_string(p, PRINT_ANY, "dev", "%s", d->name);
		if (d->has_iid)
			print_uint(p, PRINT_ANY, "iid", " (iid %llu)", d->iid);
		print_raw(p, PRINT_FP, ":\n");
		print_open_array(p, "entries");
		if (lisp_kernel_map_dump(&k, d->name, print_map, &ctx) < 0) {
			fprintf(stderr, "lispd: %s: %s\n", d->name, k.err);
			rc = 1;
		}
		print_close_array(p);
		print_close_object(p);
		if (!ctx.count)
			print_raw(p, PRINT_FP, "  (empty)\n");
	}
	print_close_array(p);
	print_raw(p, PRINT_JSON, "\n");
	lisp_kernel_close(&k);
	return rc;
}
