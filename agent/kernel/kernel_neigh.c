// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink for dynamic EIDs: the kernel's neighbour tables (ARP, ND),
 * dumped and followed through the RTNLGRP_NEIGH group, and the host
 * routes lispd owns, found again by their protocol number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "kernel/kernel.h"
#include "kernel/kernel_priv.h"

int lisp_rtnl_neigh_subscribe(struct lisp_kernel *k)
{
	int grp = RTNLGRP_NEIGH;

	if (mnl_socket_setsockopt(k->nl, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		return lisp_set_err(k, errno, "join RTNLGRP_NEIGH");
	return 0;
}

struct neigh_ctx {
	lisp_kneigh_fn fn;
	void *arg;
};

/* An IPv4 or IPv6 neighbour (not a proxy entry) to ctx->fn. */
static int neigh_msg(const struct nlmsghdr *nlh, struct neigh_ctx *ctx)
{
	const struct ndmsg *ndm;
	const struct nlattr *a;
	struct lisp_kneigh n;

	if ((nlh->nlmsg_type != RTM_NEWNEIGH &&
	     nlh->nlmsg_type != RTM_DELNEIGH) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ndm))
		return MNL_CB_OK;
	ndm = mnl_nlmsg_get_payload(nlh);
	if ((ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6) ||
	    (ndm->ndm_flags & NTF_PROXY))
		return MNL_CB_OK;
	memset(&n, 0, sizeof(n));
	n.ifindex = (uint32_t)ndm->ndm_ifindex;
	n.state = ndm->ndm_state;
	n.deleted = nlh->nlmsg_type == RTM_DELNEIGH;
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) {
		if (mnl_attr_get_type(a) == NDA_DST &&
		    lisp_parse_kaddr(a, &n.addr))
			return MNL_CB_OK;	/* malformed: skip it */
	}
	if (n.addr.family != ndm->ndm_family)
		return MNL_CB_OK;
	return ctx->fn(&n, ctx->arg) < 0 ? MNL_CB_STOP : MNL_CB_OK;
}

static int neigh_reply_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh,
			  void *arg)
{
	(void)k;
	return neigh_msg(nlh, arg);
}

int lisp_rtnl_neigh_dump(struct lisp_kernel *k, lisp_kneigh_fn fn, void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct neigh_ctx ctx = { .fn = fn, .arg = arg };
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++k->seq;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = AF_UNSPEC;	/* ARP and ND both */
	return lisp_request(k, nlh, neigh_reply_cb, &ctx, "neighbour dump");
}

static int neigh_event_cb(const struct nlmsghdr *nlh, void *data)
{
	return neigh_msg(nlh, data);
}

int lisp_rtnl_neigh_drain(struct lisp_kernel *k, lisp_kneigh_fn fn, void *arg,
			  uint64_t *overruns)
{
	struct neigh_ctx ctx = { .fn = fn, .arg = arg };

	return lisp_nl_drain(k, neigh_event_cb, &ctx, overruns,
			     "neighbour events");
}

int lisp_rtnl_neigh_del(struct lisp_kernel *k, uint32_t ifindex,
			const struct lisp_kaddr *addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_DELNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++k->seq;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = addr->family;
	ndm->ndm_ifindex = (int)ifindex;
	mnl_attr_put(nlh, NDA_DST, addr->family == AF_INET ? 4 : 16,
		     addr->bytes);
	return lisp_request(k, nlh, NULL, NULL, "neighbour delete");
}

/* Routes of one protocol, gathered by a dump and deleted after it. */
struct route_list {
	uint8_t proto;
	size_t n, cap;
	struct route_key {
		struct lisp_kaddr dst;
		uint8_t plen;
		uint32_t oif;
	} *r;
};

static int route_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh,
		    void *arg)
{
	const struct rtmsg *rt = mnl_nlmsg_get_payload(nlh);
	struct route_list *l = arg;
	struct route_key key, *r;
	const struct nlattr *a;

	(void)k;
	if (nlh->nlmsg_type != RTM_NEWROUTE || rt->rtm_protocol != l->proto ||
	    rt->rtm_table != RT_TABLE_MAIN)
		return MNL_CB_OK;
	memset(&key, 0, sizeof(key));
	key.plen = rt->rtm_dst_len;
	mnl_attr_for_each(a, nlh, sizeof(*rt)) {
		if (mnl_attr_get_type(a) == RTA_DST)
			lisp_parse_kaddr(a, &key.dst);
		if (mnl_attr_get_type(a) == RTA_OIF &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			key.oif = mnl_attr_get_u32(a);
	}
	if (key.dst.family != rt->rtm_family)
		return MNL_CB_OK;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		r = realloc(l->r, l->cap * sizeof(*r));
		if (!r) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->r = r;
	}
	l->r[l->n++] = key;
	return MNL_CB_OK;
}

int lisp_rtnl_route_flush_proto(struct lisp_kernel *k, uint8_t proto)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct route_list l = { .proto = proto };
	struct nlmsghdr *nlh;
	struct rtmsg *rt;
	int rc, deleted = 0;
	size_t i;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++k->seq;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtm_family = AF_UNSPEC;
	rc = lisp_request(k, nlh, route_cb, &l, "route dump");
	for (i = 0; !rc && i < l.n; i++) {
		/* Gone meanwhile (its device went): fine. */
		if (!lisp_rtnl_route(k, l.r[i].oif, &l.r[i].dst, l.r[i].plen,
				     false, proto))
			deleted++;
	}
	free(l.r);
	return rc ? rc : deleted;
}
