// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink: the lisp devices lispd makes itself (lispd.conf's "device
 * add") and the routes into them.  The same request plumbing as the
 * generic netlink calls (kernel.c), on a NETLINK_ROUTE socket.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/lisp.h>

#include "kernel/kernel.h"
#include "kernel/kernel_priv.h"

int lisp_rtnl_open(struct lisp_kernel *k)
{
	return lisp_nl_open(k, NETLINK_ROUTE);
}

static struct nlmsghdr *link_start(struct lisp_kernel *k, char *buf,
				   uint16_t type, uint16_t flags,
				   uint32_t ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++k->seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return nlh;
}

/* IFLA_INFO_DATA of kind "lisp" into o (all attributes it reports). */
static void parse_lisp_data(const struct nlattr *data, struct lisp_link_opts *o)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, data)
		lisp_link_opt_set(o, mnl_attr_get_type(a),
				  mnl_attr_get_payload(a),
				  mnl_attr_get_payload_len(a));
}

static int link_cb(struct lisp_kernel *k, const struct nlmsghdr *nlh,
		   void *arg)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct lisp_klink *l = arg;
	const struct nlattr *a, *i, *data = NULL;

	(void)k;
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	l->ifindex = (uint32_t)ifi->ifi_index;
	l->up = ifi->ifi_flags & IFF_UP;
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		if (mnl_attr_get_type(a) == IFLA_MTU &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			l->mtu = mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) != IFLA_LINKINFO)
			continue;
		mnl_attr_for_each_nested(i, a) {
			if (mnl_attr_get_type(i) == IFLA_INFO_KIND &&
			    mnl_attr_validate(i, MNL_TYPE_NUL_STRING) == 0)
				snprintf(l->kind, sizeof(l->kind), "%s",
					 mnl_attr_get_str(i));
			if (mnl_attr_get_type(i) == IFLA_INFO_DATA)
				data = i;
		}
	}
	if (data && !strcmp(l->kind, "lisp"))
		parse_lisp_data(data, &l->opts);
	return MNL_CB_OK;
}

int lisp_rtnl_link_get(struct lisp_kernel *k, const char *name,
		       struct lisp_klink *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	memset(out, 0, sizeof(*out));
	/* The reply, then the ACK that ends the request. */
	nlh = link_start(k, buf, RTM_GETLINK, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (lisp_request(k, nlh, link_cb, out, name) < 0)
		return -1;
	return out->ifindex ? 0 : lisp_set_err(k, ENODEV, name);
}

/* The attributes of o in mask, as IFLA_LINKINFO of kind "lisp". */
static void put_linkinfo(struct nlmsghdr *nlh, const struct lisp_link_opts *o,
			 uint32_t mask)
{
	struct nlattr *info, *data;
	unsigned int attr;
	const void *v;
	size_t len;

	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "lisp");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	for (attr = 1; attr <= IFLA_LISP_MAX; attr++) {
		v = lisp_link_opt_value(o, attr, &len);
		if (v && (mask & LISP_LINK_BIT(attr)))
			mnl_attr_put(nlh, (uint16_t)attr, len, v);
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
}

int lisp_rtnl_link_add(struct lisp_kernel *k, const char *name,
		       const struct lisp_link_opts *o, uint32_t mtu)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = link_start(k, buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	put_linkinfo(nlh, o, UINT32_MAX);
	return lisp_request(k, nlh, NULL, NULL, name);
}

int lisp_rtnl_link_set(struct lisp_kernel *k, uint32_t ifindex,
		       const struct lisp_link_opts *o, uint32_t mask,
		       uint32_t mtu)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = link_start(k, buf, RTM_NEWLINK, 0, ifindex);
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (o->given & mask)
		put_linkinfo(nlh, o, mask);
	return lisp_request(k, nlh, NULL, NULL, "link set");
}

int lisp_rtnl_link_del(struct lisp_kernel *k, uint32_t ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return lisp_request(k, link_start(k, buf, RTM_DELLINK, 0, ifindex),
			    NULL, NULL, "link delete");
}

int lisp_rtnl_route(struct lisp_kernel *k, uint32_t ifindex,
		    const struct lisp_kaddr *dst, uint8_t plen, bool add,
		    uint8_t proto)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rt;

	nlh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (add)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	nlh->nlmsg_seq = ++k->seq;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtm_family = dst->family;
	rt->rtm_dst_len = plen;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = proto;
	/* As ip route picks for a route with a device and no gateway. */
	rt->rtm_scope = dst->family == AF_INET ? RT_SCOPE_LINK :
						 RT_SCOPE_UNIVERSE;
	rt->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, dst->family == AF_INET ? 4 : 16,
		     dst->bytes);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return lisp_request(k, nlh, NULL, NULL, add ? "route add" : "route del");
}
