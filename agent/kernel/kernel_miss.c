// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications from lisp.ko: misses (multicast group "miss") and
 * data-path events (group "events").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/lisp.h>

#include "kernel/kernel.h"
#include "kernel/kernel_priv.h"

static int join(struct lisp_kernel *k, uint32_t group, const char *name)
{
	int grp = (int)group;

	if (!group) {
		snprintf(k->err, sizeof(k->err), "the kernel has no \"%s\" group",
			 name);
		errno = ENOENT;
		return -1;
	}
	if (mnl_socket_setsockopt(k->nl, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		snprintf(k->err, sizeof(k->err), "join \"%s\": %s", name,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int lisp_kernel_miss_subscribe(struct lisp_kernel *k)
{
	return join(k, k->miss_group, LISP_GENL_MCGRP_MISS);
}

int lisp_kernel_events_subscribe(struct lisp_kernel *k)
{
	return join(k, k->events_group, LISP_GENL_MCGRP_EVENTS);
}

static const char *const event_names[__LISP_EVENT_MAX] = {
	[LISP_EVENT_LSB_MISMATCH]	= "lsb-mismatch",
	[LISP_EVENT_RX_DST_NOT_EID]	= "rx-dest-not-eid",
	[LISP_EVENT_RX_DST_MAPPED]	= "rx-dest-mapped",
	[LISP_EVENT_TX_SRC_NOT_EID]	= "tx-source-not-eid",
};

const char *lisp_event_name(unsigned int type)
{
	return type < __LISP_EVENT_MAX ? event_names[type] : NULL;
}

struct notify_ctx {
	lisp_kmiss_fn miss;
	lisp_kevent_fn event;
	void *arg;
};

static int miss_cb(const struct nlmsghdr *nlh, struct notify_ctx *ctx)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct lisp_kmiss m;
	const struct nlattr *a;

	memset(&m, 0, sizeof(m));
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		switch (mnl_attr_get_type(a)) {
		case LISP_A_IFINDEX:
			m.ifindex = mnl_attr_get_u32(a);
			break;
		case LISP_A_IID:
			m.has_iid = true;
			m.iid = mnl_attr_get_u32(a);
			break;
		case LISP_A_MISS_SRC:
			if (lisp_parse_kaddr(a, &m.src))
				return MNL_CB_OK;
			break;
		case LISP_A_MISS_DST:
			if (lisp_parse_kaddr(a, &m.dst))
				return MNL_CB_OK;
			break;
		}
	}
	if (!m.dst.family)
		return MNL_CB_OK;	/* malformed: ignore, keep listening */
	return ctx->miss(&m, ctx->arg) < 0 ? MNL_CB_STOP : MNL_CB_OK;
}

static int event_cb(const struct nlmsghdr *nlh, struct notify_ctx *ctx)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct lisp_kevent ev;
	const struct nlattr *a;
	bool ok = true, lsb = false, lsb_kernel = false;

	memset(&ev, 0, sizeof(ev));
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		switch (mnl_attr_get_type(a)) {
		case LISP_A_EVENT_TYPE:
			ok = ok && mnl_attr_validate(a, MNL_TYPE_U8) == 0;
			if (ok)
				ev.type = mnl_attr_get_u8(a);
			break;
		case LISP_A_IFINDEX:
			ok = ok && lisp_attr_u32(a, &ev.ifindex);
			break;
		case LISP_A_IID:
			ok = ok && lisp_attr_u32(a, &ev.iid);
			ev.has_iid = true;
			break;
		case LISP_A_MISS_SRC:
			ok = ok && !lisp_parse_kaddr(a, &ev.src);
			break;
		case LISP_A_MISS_DST:
			ok = ok && !lisp_parse_kaddr(a, &ev.dst);
			break;
		case LISP_A_EVENT_RLOC:
			ok = ok && !lisp_parse_kaddr(a, &ev.rloc);
			break;
		case LISP_A_EVENT_LSB:
			ok = ok && lisp_attr_u32(a, &ev.lsb);
			lsb = true;
			break;
		case LISP_A_EVENT_IIF:
			ok = ok && lisp_attr_u32(a, &ev.iif);
			break;
		case LISP_A_EVENT_LSB_KERNEL:
			ok = ok && lisp_attr_u32(a, &ev.lsb_kernel);
			lsb_kernel = true;
			break;
		}
	}
	ev.has_lsb = lsb && lsb_kernel;
	/* Malformed, or a type this lispd does not know: ignore it. */
	if (!ok || !lisp_event_name(ev.type) || !ev.ifindex)
		return MNL_CB_OK;
	return ctx->event(&ev, ctx->arg) < 0 ? MNL_CB_STOP : MNL_CB_OK;
}

static int notify_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct notify_ctx *ctx = data;

	if (g->cmd == LISP_CMD_MISS && ctx->miss)
		return miss_cb(nlh, ctx);
	if (g->cmd == LISP_CMD_EVENT && ctx->event)
		return event_cb(nlh, ctx);
	return MNL_CB_OK;
}

int lisp_kernel_notify_recv(struct lisp_kernel *k, lisp_kmiss_fn miss,
			    lisp_kevent_fn event, void *arg)
{
	static char buf[65536];
	struct notify_ctx ctx = { .miss = miss, .event = event, .arg = arg };
	ssize_t n;
	int ret;

	do {
		n = mnl_socket_recvfrom(k->nl, buf, sizeof(buf));
		if (n < 0) {
			int err = errno;

			snprintf(k->err, sizeof(k->err), "receive: %s", strerror(err));
			errno = err;	/* ENOBUFS: notifications were lost */
			return -1;
		}
		ret = mnl_cb_run(buf, n, 0, 0, notify_cb, &ctx);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -1 : 0;
}

int lisp_kernel_miss_drain(struct lisp_kernel *k, lisp_kmiss_fn fn, void *arg,
			   uint64_t *overruns)
{
	struct notify_ctx ctx = { .miss = fn, .arg = arg };

	return lisp_nl_drain(k, notify_cb, &ctx, overruns, "receive");
}

int lisp_kernel_event_drain(struct lisp_kernel *k, lisp_kevent_fn fn,
			    void *arg, uint64_t *overruns)
{
	struct notify_ctx ctx = { .event = fn, .arg = arg };

	return lisp_nl_drain(k, notify_cb, &ctx, overruns, "receive");
}

int lisp_kernel_rcvbuf(struct lisp_kernel *k, int bytes)
{
	int fd = mnl_socket_get_fd(k->nl), got = 0;
	socklen_t len = sizeof(got);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes))) {
		snprintf(k->err, sizeof(k->err), "SO_RCVBUF: %s", strerror(errno));
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len)) {
		snprintf(k->err, sizeof(k->err), "SO_RCVBUF: %s", strerror(errno));
		return -1;
	}
	return got;
}

int lisp_kernel_fd(const struct lisp_kernel *k)
{
	return mnl_socket_get_fd(k->nl);
}
