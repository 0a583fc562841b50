// SPDX-License-Identifier: GPL-2.0
/* Map-cache requests to lisp.ko (LISP_CMD_MAP_*). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/lisp.h>

#include "kernel/kernel.h"
#include "kernel/kernel_priv.h"

static unsigned int kaddr_len(const struct lisp_kaddr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

static void put_loc(struct nlmsghdr *nlh, uint16_t type,
		    const struct lisp_kloc *loc)
{
	struct nlattr *l = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, LISP_LOC_A_ADDR, kaddr_len(&loc->addr), loc->addr.bytes);
	mnl_attr_put_u8(nlh, LISP_LOC_A_PRIORITY, loc->priority);
	mnl_attr_put_u8(nlh, LISP_LOC_A_WEIGHT, loc->weight);
	mnl_attr_put_u8(nlh, LISP_LOC_A_UP, loc->up);
	mnl_attr_nest_end(nlh, l);
}

static void put_map(struct nlmsghdr *nlh, const struct lisp_kmap *m,
		    bool with_body)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LISP_A_MAP);
	unsigned int i;

	mnl_attr_put(nlh, LISP_MAP_A_EID, kaddr_len(&m->eid), m->eid.bytes);
	mnl_attr_put_u8(nlh, LISP_MAP_A_PLEN, m->plen);
	if (with_body) {
		mnl_attr_put_u8(nlh, LISP_MAP_A_ACTION, m->action);
		if (m->ttl)
			mnl_attr_put_u32(nlh, LISP_MAP_A_TTL, m->ttl);
		if (m->flags)
			mnl_attr_put_u32(nlh, LISP_MAP_A_FLAGS, m->flags);
		for (i = 0; i < m->n_loc; i++)
			put_loc(nlh, LISP_MAP_A_LOCATOR, &m->loc[i]);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* The map-cache and the database take the same requests. */
struct table_cmds {
	uint8_t add, del, get, flush;
	const char *what;
};

static const struct table_cmds map_cmds = {
	LISP_CMD_MAP_ADD, LISP_CMD_MAP_DEL, LISP_CMD_MAP_GET,
	LISP_CMD_MAP_FLUSH, "map-cache",
};

static const struct table_cmds db_cmds = {
	LISP_CMD_DB_ADD, LISP_CMD_DB_DEL, LISP_CMD_DB_GET,
	LISP_CMD_DB_FLUSH, "database",
};

static int table_add(struct lisp_kernel *k, const struct table_cmds *t,
		     const char *dev, const struct lisp_kmap *maps,
		     unsigned int n, bool excl)
{
	/* Below the socket send buffer; callers split larger loads. */
	static char buf[128 * 1024];
	struct nlmsghdr *nlh;
	unsigned int i;

	nlh = lisp_genl_start(k, buf, k->family_id, t->add, 0);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	if (excl)
		mnl_attr_put(nlh, LISP_A_EXCL, 0, NULL);
	for (i = 0; i < n; i++) {
		if (nlh->nlmsg_len + 64 + maps[i].n_loc * 32 > sizeof(buf)) {
			snprintf(k->err, sizeof(k->err), "batch too large");
			errno = EMSGSIZE;
			return -1;
		}
		put_map(nlh, &maps[i], true);
	}
	return lisp_request(k, nlh, NULL, NULL, t->what);
}

static int table_del(struct lisp_kernel *k, const struct table_cmds *t,
		     const char *dev, const struct lisp_kaddr *eid, uint8_t plen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct lisp_kmap m = { .eid = *eid, .plen = plen };
	struct nlmsghdr *nlh;

	nlh = lisp_genl_start(k, buf, k->family_id, t->del, 0);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	put_map(nlh, &m, false);
	return lisp_request(k, nlh, NULL, NULL, t->what);
}

static int table_flush(struct lisp_kernel *k, const struct table_cmds *t,
		       const char *dev)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	nlh = lisp_genl_start(k, buf, k->family_id, t->flush, 0);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	return lisp_request(k, nlh, NULL, NULL, t->what);
}

int lisp_parse_kaddr(const struct nlattr *a, struct lisp_kaddr *out)
{
	uint16_t len = mnl_attr_get_payload_len(a);

	if (len != 4 && len != 16)
		return -1;
	out->family = len == 4 ? AF_INET : AF_INET6;
	memcpy(out->bytes, mnl_attr_get_payload(a), len);
	return 0;
}

int lisp_parse_kloc(const struct nlattr *nest, struct lisp_kloc *l)
{
	const struct nlattr *a;

	memset(l, 0, sizeof(*l));
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case LISP_LOC_A_ADDR:
			if (lisp_parse_kaddr(a, &l->addr))
				return -1;
			break;
		case LISP_LOC_A_PRIORITY:
			l->priority = mnl_attr_get_u8(a);
			break;
		case LISP_LOC_A_WEIGHT:
			l->weight = mnl_attr_get_u8(a);
			break;
		case LISP_LOC_A_UP:
			l->up = mnl_attr_get_u8(a);
			break;
		}
	}
	return l->addr.family ? 0 : -1;
}

static int parse_map(const struct nlmsghdr *nlh, struct lisp_kmap *m)
{
	const struct nlattr *top, *a;

	memset(m, 0, sizeof(*m));
	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) != LISP_A_MAP)
			continue;
		mnl_attr_for_each_nested(a, top) {
			switch (mnl_attr_get_type(a)) {
			case LISP_MAP_A_EID:
				if (lisp_parse_kaddr(a, &m->eid))
					return -1;
				break;
			case LISP_MAP_A_PLEN:
				m->plen = mnl_attr_get_u8(a);
				break;
			case LISP_MAP_A_ACTION:
				m->action = mnl_attr_get_u8(a);
				break;
			case LISP_MAP_A_TTL:
				m->ttl = mnl_attr_get_u32(a);
				break;
			case LISP_MAP_A_FLAGS:
				m->flags = mnl_attr_get_u32(a);
				break;
			case LISP_MAP_A_PACKETS:
				m->packets = mnl_attr_get_u64(a);
				break;
			case LISP_MAP_A_BYTES:
				m->bytes = mnl_attr_get_u64(a);
				break;
			case LISP_MAP_A_IDLE_MS:
				m->idle_ms = mnl_attr_get_u32(a);
				break;
			case LISP_MAP_A_EXPIRES_MS:
				m->has_expires = true;
				m->expires_ms = mnl_attr_get_u32(a);
				break;
			case LISP_MAP_A_LOCATOR:
				if (m->n_loc >= LISP_MAX_LOCATORS ||
				    lisp_parse_kloc(a, &m->loc[m->n_loc]))
					return -1;
				m->n_loc++;
				break;
			}
		}
	}
	return m->eid.family ? 0 : -1;
}

struct map_ctx {
	lisp_kmap_fn fn;
	void *arg;
};

/* parse_map() for a dump's callback: a malformed entry says so in k. */
static int parse_map_reply(struct lisp_kernel *k, const struct nlmsghdr *nlh,
			   struct lisp_kmap *m)
{
	if (parse_map(nlh, m) == 0)
		return 0;
	snprintf(k->err, sizeof(k->err), "malformed map-cache reply");
	errno = EPROTO;
	return -1;
}

static int map_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh, void *arg)
{
	struct map_ctx *ctx = arg;
	struct lisp_kmap m;

	if (parse_map_reply(k, nlh, &m) < 0)
		return MNL_CB_ERROR;
	return ctx->fn(&m, ctx->arg) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int copy_map(const struct lisp_kmap *m, void *arg)
{
	*(struct lisp_kmap *)arg = *m;
	return 0;
}

int lisp_kernel_map_get(struct lisp_kernel *k, const char *dev,
			const struct lisp_kaddr *eid, uint8_t plen, bool lookup,
			struct lisp_kmap *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct map_ctx ctx = { .fn = copy_map, .arg = out };
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = lisp_genl_start(k, buf, k->family_id, LISP_CMD_MAP_GET, 0);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	nest = mnl_attr_nest_start(nlh, LISP_A_MAP);
	mnl_attr_put(nlh, LISP_MAP_A_EID, kaddr_len(eid), eid->bytes);
	if (lookup)
		mnl_attr_put(nlh, LISP_MAP_A_LOOKUP, 0, NULL);
	else
		mnl_attr_put_u8(nlh, LISP_MAP_A_PLEN, plen);
	mnl_attr_nest_end(nlh, nest);
	return lisp_request(k, nlh, map_cb, &ctx, "map-cache get");
}

static int table_dump(struct lisp_kernel *k, const struct table_cmds *t,
		      const char *dev, lisp_kmap_fn fn, void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct map_ctx ctx = { .fn = fn, .arg = arg };
	struct nlmsghdr *nlh;

	nlh = lisp_genl_start(k, buf, k->family_id, t->get, NLM_F_DUMP);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	return lisp_request(k, nlh, map_cb, &ctx, t->what);
}

int lisp_kernel_map_add(struct lisp_kernel *k, const char *dev,
			const struct lisp_kmap *maps, unsigned int n, bool excl)
{
	return table_add(k, &map_cmds, dev, maps, n, excl);
}

int lisp_kernel_map_del(struct lisp_kernel *k, const char *dev,
			const struct lisp_kaddr *eid, uint8_t plen)
{
	return table_del(k, &map_cmds, dev, eid, plen);
}

int lisp_kernel_map_flush(struct lisp_kernel *k, const char *dev)
{
	return table_flush(k, &map_cmds, dev);
}

int lisp_kernel_map_dump(struct lisp_kernel *k, const char *dev,
			 lisp_kmap_fn fn, void *arg)
{
	return table_dump(k, &map_cmds, dev, fn, arg);
}

int lisp_kdump_start(struct lisp_kdump *d, const char *dev)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	/* One dump per socket: the kernel refuses a second (EBUSY). */
	if (d->active)
		lisp_kdump_close(d);
	if (!d->buf) {
		d->buf = malloc(LISP_NL_RECV_MAX);
		if (!d->buf)
			return lisp_set_err(&d->k, ENOMEM, "map-cache dump");
	}
	if (!d->open) {
		if (lisp_kernel_open(&d->k) < 0)
			return -1;
		d->open = true;
	}
	d->k.err[0] = '\0';
	nlh = lisp_genl_start(&d->k, buf, d->k.family_id, LISP_CMD_MAP_GET,
			      NLM_F_DUMP);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	if (mnl_socket_sendto(d->k.nl, nlh, nlh->nlmsg_len) < 0) {
		lisp_set_err(&d->k, errno, "map-cache dump");
		lisp_kdump_close(d);
		return -1;
	}
	d->seq = nlh->nlmsg_seq;
	d->len = d->off = 0;
	d->active = true;
	return 0;
}

struct kdump_ctx {
	lisp_kmap_fn fn;
	void *arg;
	bool pause;
};

static int kdump_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh,
		    void *arg)
{
	struct kdump_ctx *ctx = arg;
	struct lisp_kmap m;
	int rc;

	if (parse_map_reply(k, nlh, &m) < 0)
		return MNL_CB_ERROR;
	rc = ctx->fn(&m, ctx->arg);
	ctx->pause = rc > 0;
	return rc < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int lisp_kdump_step(struct lisp_kdump *d, lisp_kmap_fn fn, void *arg)
{
	struct kdump_ctx ctx = { .fn = fn, .arg = arg };
	const struct nlmsghdr *nlh;
	ssize_t n;
	int rc;

	if (!d->active)
		return 0;
	for (;;) {
		/* One message at a time: a pause may fall mid-read. */
		while (d->off < d->len) {
			nlh = (const struct nlmsghdr *)(d->buf + d->off);
			if (!mnl_nlmsg_ok(nlh, (int)(d->len - d->off))) {
				lisp_set_err(&d->k, EPROTO, "map-cache dump");
				goto fail;
			}
			d->off += NLMSG_ALIGN(nlh->nlmsg_len);
			rc = lisp_reply_run(&d->k, nlh, nlh->nlmsg_len, d->seq,
					    kdump_cb, &ctx);
			if (rc < 0) {
				lisp_set_err(&d->k, errno, "map-cache dump");
				goto fail;
			}
			if (rc == MNL_CB_STOP) {
				d->active = false;
				return 0;
			}
			if (ctx.pause)
				return 1;
		}
		n = mnl_socket_recvfrom(d->k.nl, d->buf, LISP_NL_RECV_MAX);
		if (n < 0) {
			lisp_set_err(&d->k, errno, "map-cache dump");
			goto fail;
		}
		d->len = (size_t)n;
		d->off = 0;
	}
fail:
	lisp_kdump_close(d);
	return -1;
}

void lisp_kdump_close(struct lisp_kdump *d)
{
	if (d->open)
		lisp_kernel_close(&d->k);
	d->open = d->active = false;
	free(d->buf);
	d->buf = NULL;
	d->len = d->off = 0;
}

int lisp_kernel_db_add(struct lisp_kernel *k, const char *dev,
		       const struct lisp_kmap *maps, unsigned int n, bool excl)
{
	return table_add(k, &db_cmds, dev, maps, n, excl);
}

int lisp_kernel_db_del(struct lisp_kernel *k, const char *dev,
		       const struct lisp_kaddr *eid, uint8_t plen)
{
	return table_del(k, &db_cmds, dev, eid, plen);
}

int lisp_kernel_db_flush(struct lisp_kernel *k, const char *dev)
{
	return table_flush(k, &db_cmds, dev);
}

int lisp_kernel_db_dump(struct lisp_kernel *k, const char *dev,
			lisp_kmap_fn fn, void *arg)
{
	return table_dump(k, &db_cmds, dev, fn, arg);
}

int lisp_kernel_petr_set(struct lisp_kernel *k, const char *dev,
			 const struct lisp_kloc *petr, unsigned int n)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	unsigned int i;

	if (n > LISP_MAX_PETRS) {
		snprintf(k->err, sizeof(k->err), "at most %d proxy ETRs",
			 LISP_MAX_PETRS);
		errno = EINVAL;
		return -1;
	}
	nlh = lisp_genl_start(k, buf, k->family_id, LISP_CMD_PETR_SET, 0);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, dev);
	for (i = 0; i < n; i++)
		put_loc(nlh, LISP_A_PETR, &petr[i]);
	return lisp_request(k, nlh, NULL, NULL, "petr set");
}
