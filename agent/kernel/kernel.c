// SPDX-License-Identifier: GPL-2.0
/* Generic netlink requests to lisp.ko, with the kernel's extack reasons. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/lisp.h>

#include "kernel/kernel.h"
#include "kernel/kernel_priv.h"

struct reply_ctx {
	struct lisp_kernel *k;
	lisp_reply_fn fn;
	void *arg;
};

int lisp_set_err(struct lisp_kernel *k, int err, const char *what)
{
	if (!k->err[0])
		snprintf(k->err, sizeof(k->err), "%s: %s", what, strerror(err));
	errno = err;
	return -1;
}

/* NLMSG_ERROR: keep the errno and the extack message for the caller. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply_ctx *ctx = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	unsigned int off = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return MNL_CB_ERROR;
	if (e->error == 0)
		return MNL_CB_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		mnl_attr_for_each(a, nlh, off) {
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				snprintf(ctx->k->err, sizeof(ctx->k->err), "%s",
					 mnl_attr_get_str(a));
		}
	}
	errno = -e->error;
	return MNL_CB_ERROR;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct reply_ctx *ctx = data;

	return ctx->fn ? ctx->fn(ctx->k, nlh, ctx->arg) : MNL_CB_OK;
}

int lisp_reply_run(struct lisp_kernel *k, const void *buf, size_t len,
		   uint32_t seq, lisp_reply_fn fn, void *arg)
{
	struct reply_ctx ctx = { .k = k, .fn = fn, .arg = arg };
	/* Types past the array (NLMSG_DONE, OVERRUN) get libmnl's defaults. */
	mnl_cb_t ctl[NLMSG_ERROR + 1] = { [NLMSG_ERROR] = error_cb };

	return mnl_cb_run2(buf, len, seq, k->portid, data_cb, &ctx, ctl,
			   NLMSG_ERROR + 1);
}

int lisp_request(struct lisp_kernel *k, struct nlmsghdr *nlh,
		 lisp_reply_fn fn, void *arg, const char *what)
{
	static char buf[LISP_NL_RECV_MAX];
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	k->err[0] = '\0';
	if (mnl_socket_sendto(k->nl, nlh, nlh->nlmsg_len) < 0)
		return lisp_set_err(k, errno, what);
	do {
		n = mnl_socket_recvfrom(k->nl, buf, sizeof(buf));
		if (n < 0)
			return lisp_set_err(k, errno, what);
		ret = lisp_reply_run(k, buf, (size_t)n, seq, fn, arg);
	} while (ret == MNL_CB_OK);
	if (ret < 0)
		return lisp_set_err(k, errno, what);
	return 0;
}

int lisp_nl_drain(struct lisp_kernel *k, mnl_cb_t cb, void *data,
		  uint64_t *overruns, const char *what)
{
	static char buf[LISP_NL_RECV_MAX];
	int fd = mnl_socket_get_fd(k->nl), n = 0;
	ssize_t len;

	k->err[0] = '\0';
	for (;;) {
		len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return n;
			if (errno == ENOBUFS) {
				/* Reported once per overrun; read on. */
				(*overruns)++;
				continue;
			}
			if (errno == EINTR)
				continue;
			return lisp_set_err(k, errno, what);
		}
		if (mnl_cb_run(buf, (size_t)len, 0, 0, cb, data) < 0)
			return lisp_set_err(k, errno, what);
		n++;
	}
}

struct nlmsghdr *lisp_genl_start(struct lisp_kernel *k, char *buf,
				 uint16_t type, uint8_t cmd, uint16_t flags)
{
	uint8_t version = type == GENL_ID_CTRL ? 1 : LISP_GENL_VERSION;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	/* Dumps end with NLMSG_DONE; other requests with an explicit ACK. */
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	if (!(flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++k->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* CTRL_ATTR_MCAST_GROUPS: remember the ids of our groups. */
static void family_groups(struct lisp_kernel *k, const struct nlattr *groups)
{
	const struct nlattr *grp, *a;

	mnl_attr_for_each_nested(grp, groups) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, grp) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(a);
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				id = mnl_attr_get_u32(a);
		}
		if (name && !strcmp(name, LISP_GENL_MCGRP_MISS))
			k->miss_group = id;
		if (name && !strcmp(name, LISP_GENL_MCGRP_EVENTS))
			k->events_group = id;
	}
}

static int family_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh,
		     void *arg)
{
	const struct nlattr *a;

	(void)arg;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			k->family_id = mnl_attr_get_u16(a);
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
			family_groups(k, a);
	}
	return MNL_CB_OK;
}

int lisp_nl_open(struct lisp_kernel *k, int bus)
{
	int one = 1;

	memset(k, 0, sizeof(*k));
	k->seq = (uint32_t)time(NULL);
	k->nl = mnl_socket_open(bus);
	if (!k->nl)
		return lisp_set_err(k, errno, "netlink socket");
	if (mnl_socket_bind(k->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		lisp_set_err(k, errno, "netlink bind");
		lisp_kernel_close(k);
		return -1;
	}
	k->portid = mnl_socket_get_portid(k->nl);
	mnl_socket_setsockopt(k->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(k->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

int lisp_kernel_open(struct lisp_kernel *k)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	if (lisp_nl_open(k, NETLINK_GENERIC) < 0)
		return -1;

	nlh = lisp_genl_start(k, buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, LISP_GENL_NAME);
	if (lisp_request(k, nlh, family_cb, NULL, "generic netlink family lisp") < 0 ||
	    !k->family_id) {
		if (errno == ENOENT)
			snprintf(k->err, sizeof(k->err),
				 "the lisp kernel module is not loaded (modprobe lisp)");
		lisp_kernel_close(k);
		return -1;
	}
	return 0;
}

void lisp_kernel_close(struct lisp_kernel *k)
{
	if (k->nl)
		mnl_socket_close(k->nl);
	k->nl = NULL;
}

void lisp_parse_stats(const struct nlattr *nest, uint64_t *stats)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		if (t < __LISP_STAT_MAX && mnl_attr_validate(a, MNL_TYPE_U64) == 0)
			stats[t] = mnl_attr_get_u64(a);
	}
}

static int dev_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type > 0 && type <= LISP_A_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static int parse_dev(const struct nlmsghdr *nlh, struct lisp_kdev *d)
{
	const struct nlattr *tb[LISP_A_MAX + 1] = { 0 };
	const struct nlattr *a;

	memset(d, 0, sizeof(*d));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), dev_attr_cb, tb);
	if (!tb[LISP_A_IFINDEX] || !tb[LISP_A_IFNAME] || !tb[LISP_A_PORT] ||
	    mnl_attr_validate(tb[LISP_A_IFINDEX], MNL_TYPE_U32) ||
	    mnl_attr_validate(tb[LISP_A_IFNAME], MNL_TYPE_NUL_STRING) ||
	    mnl_attr_validate(tb[LISP_A_PORT], MNL_TYPE_U16))
		return -1;
	d->ifindex = mnl_attr_get_u32(tb[LISP_A_IFINDEX]);
	snprintf(d->name, sizeof(d->name), "%s", mnl_attr_get_str(tb[LISP_A_IFNAME]));
	d->port = mnl_attr_get_u16(tb[LISP_A_PORT]);
	if (tb[LISP_A_IID] && mnl_attr_validate(tb[LISP_A_IID], MNL_TYPE_U32) == 0) {
		d->has_iid = true;
		d->iid = mnl_attr_get_u32(tb[LISP_A_IID]);
	}
	if (tb[LISP_A_STATS])
		lisp_parse_stats(tb[LISP_A_STATS], d->stats);
	if (tb[LISP_A_SRC_CHECK] && !mnl_attr_validate(tb[LISP_A_SRC_CHECK], MNL_TYPE_U8))
		d->src_check = mnl_attr_get_u8(tb[LISP_A_SRC_CHECK]);
	if (tb[LISP_A_DST_CHECK] && !mnl_attr_validate(tb[LISP_A_DST_CHECK], MNL_TYPE_U8))
		d->dst_check = mnl_attr_get_u8(tb[LISP_A_DST_CHECK]);
	if (tb[LISP_A_MISS_WAITING])
		lisp_attr_u32(tb[LISP_A_MISS_WAITING], &d->miss_waiting);
	if (tb[LISP_A_MISS_QUEUED])
		lisp_attr_u32(tb[LISP_A_MISS_QUEUED], &d->miss_queued);
	if (tb[LISP_A_MISS_QUEUED_BYTES])
		lisp_attr_u32(tb[LISP_A_MISS_QUEUED_BYTES], &d->miss_queued_bytes);
	/* dev_attr_cb keeps one attribute per type: walk for the list. */
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != LISP_A_PETR || d->n_petr >= LISP_MAX_PETRS)
			continue;
		if (lisp_parse_kloc(a, &d->petr[d->n_petr]))
			return -1;
		d->n_petr++;
	}
	return 0;
}

struct dump_ctx {
	lisp_kdev_fn fn;
	void *arg;
};

static int dev_dump_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh,
		       void *arg)
{
	struct dump_ctx *ctx = arg;
	struct lisp_kdev d;

	if (parse_dev(nlh, &d) < 0) {
		snprintf(k->err, sizeof(k->err), "malformed device reply");
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	return ctx->fn(&d, ctx->arg) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int lisp_kernel_dev_dump(struct lisp_kernel *k, lisp_kdev_fn fn, void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct dump_ctx ctx = { .fn = fn, .arg = arg };
	struct nlmsghdr *nlh;

	nlh = lisp_genl_start(k, buf, k->family_id, LISP_CMD_DEV_GET, NLM_F_DUMP);
	return lisp_request(k, nlh, dev_dump_cb, &ctx, "device dump");
}

static int copy_dev(const struct lisp_kdev *d, void *arg)
{
	*(struct lisp_kdev *)arg = *d;
	return 0;
}

int lisp_kernel_dev_get(struct lisp_kernel *k, const char *name,
			struct lisp_kdev *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct dump_ctx ctx = { .fn = copy_dev, .arg = out };
	struct nlmsghdr *nlh;

	nlh = lisp_genl_start(k, buf, k->family_id, LISP_CMD_DEV_GET, 0);
	mnl_attr_put_strz(nlh, LISP_A_IFNAME, name);
	return lisp_request(k, nlh, dev_dump_cb, &ctx, name);
}
