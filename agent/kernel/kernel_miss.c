// SPDX-License-Identifier: GPL-2.0
/* Miss notifications from lisp.ko (multicast group "miss"). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/lisp.h>

#include "kernel/kernel.h"
#include "kernel/kernel_priv.h"

int lisp_kernel_miss_subscribe(struct lisp_kernel *k)
{
	int grp = (int)k->miss_group;

	if (!k->miss_group) {
		snprintf(k->err, sizeof(k->err), "the kernel has no \"miss\" group");
		errno = ENOENT;
		return -1;
	}
	if (mnl_socket_setsockopt(k->nl, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		snprintf(k->err, sizeof(k->err), "join \"miss\": %s", strerror(errno));
		return -1;
	}
	return 0;
}

struct miss_ctx {
	lisp_kmiss_fn fn;
	void *arg;
};

static int miss_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct miss_ctx *ctx = data;
	struct lisp_kmiss m;
	const struct nlattr *a;

	if (g->cmd != LISP_CMD_MISS)
		return MNL_CB_OK;
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
	return ctx->fn(&m, ctx->arg) < 0 ? MNL_CB_STOP : MNL_CB_OK;
}

int lisp_kernel_miss_recv(struct lisp_kernel *k, lisp_kmiss_fn fn, void *arg)
{
	static char buf[65536];
	struct miss_ctx ctx = { .fn = fn, .arg = arg };
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
		ret = mnl_cb_run(buf, n, 0, 0, miss_cb, &ctx);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -1 : 0;
}

int lisp_kernel_miss_drain(struct lisp_kernel *k, lisp_kmiss_fn fn, void *arg,
			   uint64_t *overruns)
{
	struct miss_ctx ctx = { .fn = fn, .arg = arg };

	return lisp_nl_drain(k, miss_cb, &ctx, overruns, "receive");
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
